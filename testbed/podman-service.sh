#!/usr/bin/env bash
# start|load|stop Podman's Docker-compatible API for the tests (`podman system service`), as a second engine:
# its own storage, run root and socket under $PODMAN_STATE, and a containers.conf this machine's Podman can run with
# (crun cannot raise the default ulimits here and refuses hybrid cgroups: lowered ulimits, runc, cgroupfs).
# Containers created with init need Debian's catatonit (testbed/install-host.sh installs it).
#   start         write the containers.conf and start the service
#   load IMAGE..  copy images from the test bed's main daemon (docker save | podman load)
#   stop          remove every container and stop the service
# Its DOCKER_HOST: source testbed/env.sh; then "$PODMAN_DOCKER_HOST".
# With PODMAN_NETNS=NAME the service runs in a network namespace of that name with no route out (made here, and
# deleted by stop), so the bridge networks it makes for its containers are inside it: the bridge topology on Podman.
set -euo pipefail
source "$(dirname "$0")/env.sh"
main_host=$DOCKER_HOST
export CONTAINERS_CONF=$PODMAN_STATE/containers.conf
pidfile=$PODMAN_STATE/service.pid
pod() { podman --root "$PODMAN_STATE/root" --runroot "$PODMAN_STATE/run" "$@"; }
netns=${PODMAN_NETNS:-}
in_netns() { if [ -n "$netns" ]; then nsenter --net="/run/netns/$netns" "$@"; else "$@"; fi; }
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
    if [ -n "$netns" ]; then
      [ -e "/run/netns/$netns" ] || ip netns add "$netns"
      in_netns ip link set lo up
      # never a way out: no default route, no interface but lo and the bridges Podman makes
      [ -z "$(in_netns ip route show default)" ] && [ -z "$(in_netns ip -o link show | grep -v ': lo:\|: cni-podman\|: veth')" ] || {
        echo "testbed: namespace $netns has a way out; refusing to start Podman in it" >&2; exit 1; }
    fi
    entered=(); [ -z "$netns" ] || entered=(nsenter --net="/run/netns/$netns")
    nohup "${entered[@]}" podman --root "$PODMAN_STATE/root" --runroot "$PODMAN_STATE/run" system service \
      --time=0 "$PODMAN_DOCKER_HOST" > "$PODMAN_STATE/service.log" 2>&1 &
    echo $! > "$pidfile"
    await_dockerd "$PODMAN_DOCKER_HOST" "$PODMAN_STATE/service.log" ;;
  load)
    shift; copy_images "$main_host" pod "$@" ;;
  stop)
    running && { ids=$(pod ps -aq); [ -z "$ids" ] || in_netns podman --root "$PODMAN_STATE/root" \
      --runroot "$PODMAN_STATE/run" rm -f $ids >/dev/null; }
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    fi
    for _ in $(seq 100); do running || break; sleep 0.1; done
    if [ -n "$netns" ] && [ -e "/run/netns/$netns" ]; then ip netns delete "$netns"; fi ;;
  *) echo "usage: podman-service.sh start|load IMAGE...|stop" >&2; exit 2 ;;
esac
