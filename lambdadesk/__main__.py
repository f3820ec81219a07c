"""Entry point: `lambdadesk COMMAND` runs the headless CLI."""

from __future__ import annotations

import sys

from lambdadesk.cli import main as cli_main


def main() -> int:
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
