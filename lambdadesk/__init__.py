"""lambdadesk: a local AWS test environment for Lambda developers, behind a few clicks."""

__version__ = "0.1.0"
