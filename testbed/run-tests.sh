#!/usr/bin/env bash
# The project's test command (see README): installs what the tests need, starts a private Docker engine, builds
# the stand-in images, then runs ruff, mypy and every test (unit, architecture, integration against the engine), then
# the tests marked every_topology again on the bridge topology (testbed/bridge-tests.sh) and those marked every_engine
# on Podman (testbed/podman-tests.sh).
# Extra arguments go to pytest, e.g. `bash testbed/run-tests.sh tests/unit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/prepare.sh
# The network rule: nothing the tests do leaves this machine but the packaging tests' installs, which reach the
# package registry as the installs above do. Packets sent on the interfaces of its default routes are counted
# from here and said at the end, whatever the result: all of them should be the packaging tests'.
packets_out() {
  local total=0 dev
  for dev in $(ip route show default | awk '{for (i = 1; i < NF; i++) if ($i == "dev") print $(i + 1)}' | sort -u); do
    total=$((total + $(cat "/sys/class/net/$dev/statistics/tx_packets")))
  done
  echo "$total"
}
packets_before=$(packets_out)
trap 'echo "testbed: packets sent off this machine while the tests ran: $(( $(packets_out) - packets_before ))" \
  "(the packaging tests reach the package registry; nothing else may)"; stop_dockerd' EXIT
timed "ruff" .venv/bin/ruff check lambdadesk tests tools bench
timed "mypy" .venv/bin/mypy
timed "import contracts (lint-imports)" .venv/bin/lint-imports

export QT_QPA_PLATFORM=offscreen LAMBDADESK_REQUIRE_DOCKER=1
if [ "$#" -gt 0 ]; then
  .venv/bin/pytest "$@"
else
  # The window driving the real engine runs last, each test in a pytest process of its own: after one, Qt state
  # it leaves behind crashed a later test's event processing (pytest-qt), intermittently; nothing follows it.
  window_tests=tests/integration/test_window_environment.py
  .venv/bin/pytest --durations=25 --ignore="$window_tests"  # the 25 slowest: where CI's time goes
  bash testbed/bridge-tests.sh
  bash testbed/podman-tests.sh
  for test in $(.venv/bin/pytest -p no:cacheprovider --collect-only -q "$window_tests" | grep "::"); do
    .venv/bin/pytest -p no:cacheprovider "$test"
  done
fi
