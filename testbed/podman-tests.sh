#!/usr/bin/env bash
# The tests marked every_engine, again on Podman (its Docker-compatible API, `podman system service`): the seed
# flow, the CLI's status naming the engine, and what is particular to Podman (tests/integration/test_podman.py);
# then those also marked every_topology on Podman's bridge networks, with the service and the tests in a network
# namespace with no route out (as bridge-tests.sh does for Docker). The images come from the main test-bed engine;
# the service is stopped at the end (its storage is kept, so a rerun loads nothing it already has).
# Extra arguments go to pytest, e.g. `bash testbed/podman-tests.sh -k seed_flow`.
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/env.sh
prefix=${LAMBDADESK_TEST_IMAGE_PREFIX:-lambdadesk-test}
netns=lambdadesk-podman-bridge
trap 'bash testbed/podman-service.sh stop; PODMAN_NETNS=$netns bash testbed/podman-service.sh stop' EXIT
timed "podman service" bash testbed/podman-service.sh start
timed "images into it (docker save | podman load)" bash testbed/podman-service.sh load "$prefix/localstack:4.14" \
  "$prefix/redis:7" "$prefix/lambda:python3.11" "$prefix/lambda:python3.12" "$prefix/busybox:latest"
DOCKER_HOST=$PODMAN_DOCKER_HOST LAMBDADESK_TEST_ENGINE=podman PODMAN_STATE=$PODMAN_STATE \
  QT_QPA_PLATFORM=offscreen LAMBDADESK_REQUIRE_DOCKER=1 \
  .venv/bin/pytest -p no:cacheprovider -m every_engine tests/integration "$@"
bash testbed/podman-service.sh stop
PODMAN_NETNS=$netns timed "podman service in namespace $netns" bash testbed/podman-service.sh start
nsenter --net="/run/netns/$netns" env DOCKER_HOST="$PODMAN_DOCKER_HOST" LAMBDADESK_TEST_ENGINE=podman \
  LAMBDADESK_TEST_TOPOLOGY=bridge PODMAN_STATE="$PODMAN_STATE" QT_QPA_PLATFORM=offscreen LAMBDADESK_REQUIRE_DOCKER=1 \
  .venv/bin/pytest -p no:cacheprovider -m "every_engine and every_topology" tests/integration "$@"
