#!/usr/bin/env bash
# The project's test command (see README): installs what the tests need, starts a private Docker engine, builds
# the stand-in images, then runs ruff, mypy and every test (unit, architecture, integration against the engine).
# Extra arguments go to pytest, e.g. `bash testbed/run-tests.sh tests/unit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/env.sh

setup_python() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q -e '.[test]' uv
}

started_dockerd=0
if ! docker version >/dev/null 2>&1; then started_dockerd=1; fi
stop_dockerd() { [ "$started_dockerd" = 1 ] && bash testbed/dockerd.sh stop || true; }
trap stop_dockerd EXIT

timed "host packages (apt)" bash testbed/install-host.sh
timed "python environment (.venv)" setup_python
timed "private dockerd on $DOCKER_HOST" bash testbed/dockerd.sh start
UV=$PWD/.venv/bin/uv bash testbed/build-images.sh
timed "ruff" .venv/bin/ruff check lambdadesk tests tools
timed "mypy" .venv/bin/mypy

export QT_QPA_PLATFORM=offscreen LAMBDADESK_REQUIRE_DOCKER=1
.venv/bin/pytest "$@"
