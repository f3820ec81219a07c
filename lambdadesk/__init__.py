"""lambdadesk: a local AWS test environment for Lambda developers, behind a few clicks."""

__version__ = "0.1.0"
APP_ID = "io.github.lambdadesk.lambdadesk"  # the desktop entry's, the icon's and the AppStream component's name
