#!/usr/bin/env bash
# The tests marked every_topology, again on the bridge topology (the one users get by default): against a second
# Docker engine in a network namespace with no route out (bridge-dockerd.sh), the pytest process entered into the
# same namespace, so the ports the environment publishes on 127.0.0.1 are the namespace's, and no traffic leaves
# it. The images come from the main test-bed engine. The namespace and its engine are removed at the end.
# Extra arguments go to pytest, e.g. `bash testbed/bridge-tests.sh -k seed_flow`.
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/env.sh
prefix=${LAMBDADESK_TEST_IMAGE_PREFIX:-lambdadesk-test}
trap 'bash testbed/bridge-dockerd.sh stop' EXIT
timed "bridge engine in namespace $BRIDGE_NETNS" bash testbed/bridge-dockerd.sh start
timed "images into it (docker save | load)" bash testbed/bridge-dockerd.sh load "$prefix/localstack:4.14" \
  "$prefix/redis:7" "$prefix/lambda:python3.11" "$prefix/lambda:python3.12" "$prefix/busybox:latest" \
  "$prefix/ministack:1.5.33" "$prefix/flow-runner:latest" "$prefix/dind:20.10"
bash testbed/bridge-dockerd.sh exec env DOCKER_HOST="$BRIDGE_DOCKER_HOST" LAMBDADESK_TEST_TOPOLOGY=bridge \
  QT_QPA_PLATFORM=offscreen LAMBDADESK_REQUIRE_DOCKER=1 \
  .venv/bin/pytest -p no:cacheprovider -m every_topology tests/integration "$@"
