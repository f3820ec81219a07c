#!/usr/bin/env bash
# start|load|stop Podman's Docker-compatible API for the tests (`podman system service`), as a second engine:
# its own storage, run root and socket under $PODMAN_STATE, and a containers.conf this machine's Podman can run with
# (crun cannot raise the default ulimits here and refuses hybrid cgroups: lowered ulimits, runc, cgroupfs).
# Containers created with init need Debian's catatonit (testbed/install-host.sh installs it).
#   start         write the containers.conf and start the service
#   load IMAGE..  copy images from the test bed's main daemon (docker save | podman load)
#   stop          remove every container and stop the service
# Its DOCKER_HOST: source testbed/env.sh; then "$PODMAN_DOCKER_HOST".
set -euo pipefail
source "$(dirname "$0")/env.sh"
main_host=$DOCKER_HOST
export CONTAINERS_CONF=$PODMAN_STATE/containers.conf
pidfile=$PODMAN_STATE/service.pid
pod() { podman --root "$PODMAN_STATE/root" --runroot "$PODMAN_STATE/run" "$@"; }
running() { DOCKER_HOST=$PODMAN_DOCKER_HOST docker version >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    running && exit 0
    mkdir -p "$PODMAN_STATE/root" "$PODMAN_STATE/run"
    cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
    nohup podman --root "$PODMAN_STATE/root" --runroot "$PODMAN_STATE/run" system service --time=0 \
      "$PODMAN_DOCKER_HOST" > "$PODMAN_STATE/service.log" 2>&1 &
    echo $! > "$pidfile"
    await_dockerd "$PODMAN_DOCKER_HOST" "$PODMAN_STATE/service.log" ;;
  load)
    shift; copy_images "$main_host" pod "$@" ;;
  stop)
    running && { ids=$(pod ps -aq); [ -z "$ids" ] || pod rm -f $ids >/dev/null; }
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    fi ;;
  *) echo "usage: podman-service.sh start|load IMAGE...|stop" >&2; exit 2 ;;
esac
