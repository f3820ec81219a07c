"""Qt-free data types, errors and rules shared by the services, the CLI and the window."""
