"""The window: view-models (QObject state + signals over the Qt-free services) and panels (QWidgets)."""
