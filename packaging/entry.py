"""The bundle's entry point: the same `main` as the `lambdadesk` command pip installs."""

import sys

from lambdadesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
