"""Entry point: `lambdadesk` opens the window; `lambdadesk COMMAND` runs the headless CLI (which never loads Qt)."""

from __future__ import annotations

import sys

from lambdadesk.cli.main import main as cli_main


def main() -> int:
    args = sys.argv[1:]
    if not args or (len(args) == 2 and args[0] == "--profile"):  # no command: the window
        from lambdadesk.ui.app import main as window_main  # Qt is loaded only when the window is wanted

        return window_main(args[1] if args else None)
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
