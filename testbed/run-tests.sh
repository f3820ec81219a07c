#!/usr/bin/env bash
# The project's test command (see README): installs what the tests need, starts a private Docker engine, builds
# the stand-in images, then runs ruff, mypy and every test (unit, architecture, integration against the engine).
# Extra arguments go to pytest, e.g. `bash testbed/run-tests.sh tests/unit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/prepare.sh
timed "ruff" .venv/bin/ruff check lambdadesk tests tools bench
timed "mypy" .venv/bin/mypy
timed "import contracts (lint-imports)" .venv/bin/lint-imports

export QT_QPA_PLATFORM=offscreen LAMBDADESK_REQUIRE_DOCKER=1
.venv/bin/pytest "$@"
