#!/usr/bin/env bash
# The benchmark in one command: prepares what the tests prepare (Debian packages with docker-compose, the
# virtualenv, the private Docker engine, the stand-in images), then prints the table (python -m bench --help).
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/prepare.sh
.venv/bin/pip install -q -e '.[bench]'  # matplotlib, for the chart of how costs grow
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m bench "$@"
