"""Entry point: `lambdadesk` opens the window; `lambdadesk COMMAND` runs the headless CLI (which never loads Qt)."""

from __future__ import annotations

import os
import sys

from lambdadesk.cli.main import main as cli_main


def main() -> int:
    args = sys.argv[1:]
    if not args or (len(args) == 2 and args[0] == "--profile"):  # no command: the window
        from lambdadesk.ui.display_check import display_problem

        problem, next_step = display_problem(os.environ)
        if problem:
            print(f"lambdadesk: {problem}\nNext step: {next_step}", file=sys.stderr)
            return 2
        from lambdadesk.ui.app import main as window_main  # Qt is loaded only when the window is wanted

        return window_main(args[1] if args else None)
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
