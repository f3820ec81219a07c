#!/usr/bin/env bash
# start|stop|load a second private dockerd inside a network namespace of the test bed's own, where the bridge
# topology can run for real: the namespace has only its loopback and no route out, so containers on a Docker
# bridge network in it reach each other and the namespace's 127.0.0.1, and nothing else.
#   start         create the namespace (lo up) and start dockerd in it (its own socket, data and containerd)
#   load IMAGE..  copy images from the test bed's main daemon (docker save | docker load)
#   stop          remove every container, stop the daemon, delete the namespace
#   exec CMD..    run CMD in the namespace (as the tests do: published ports answer on its 127.0.0.1 only)
# Its DOCKER_HOST: source testbed/env.sh; then "$BRIDGE_DOCKER_HOST".
set -euo pipefail
source "$(dirname "$0")/env.sh"
main_host=$DOCKER_HOST
export DOCKER_HOST=$BRIDGE_DOCKER_HOST
pidfile=$BRIDGE_STATE/dockerd.pid
in_ns() { nsenter --net="/run/netns/$BRIDGE_NETNS" "$@"; }
running() { docker version >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    running && exit 0
    [ -e "/run/netns/$BRIDGE_NETNS" ] || ip netns add "$BRIDGE_NETNS"
    in_ns ip link set lo up
    # never a way out: no default route, no interface but lo and the bridges this daemon makes
    [ -z "$(in_ns ip route show default)" ] && [ -z "$(in_ns ip -o link show | grep -v ': lo:\|: docker0:\|: br-\|: veth')" ] || {
      echo "testbed: namespace $BRIDGE_NETNS has a way out; refusing to start a daemon in it" >&2; exit 1; }
    mkdir -p "$BRIDGE_STATE/data" "$BRIDGE_STATE/exec"
    # nsenter, not `ip netns exec`: that remounts /sys, and dockerd then finds no devices cgroup
    nohup nsenter --net="/run/netns/$BRIDGE_NETNS" dockerd --host "$BRIDGE_DOCKER_HOST" \
      --data-root "$BRIDGE_STATE/data" --exec-root "$BRIDGE_STATE/exec" --pidfile "$pidfile" \
      --iptables=false --ip-masq=false --ip-forward=false \
      --containerd-namespace lambdadesk-bridge --containerd-plugins-namespace lambdadesk-bridge-plugins \
      > "$BRIDGE_STATE/dockerd.log" 2>&1 &
    await_dockerd "$BRIDGE_DOCKER_HOST" "$BRIDGE_STATE/dockerd.log" ;;
  load)
    shift; copy_images "$main_host" docker "$@" ;;
  stop)
    if running; then
      ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f $ids >/dev/null
    fi
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      for _ in $(seq 200); do [ -f "$pidfile" ] || break; sleep 0.1; done
    fi
    [ ! -e "/run/netns/$BRIDGE_NETNS" ] || ip netns delete "$BRIDGE_NETNS" ;;
  exec)
    shift; exec nsenter --net="/run/netns/$BRIDGE_NETNS" "$@" ;;
  *) echo "usage: bridge-dockerd.sh start|load IMAGE...|stop|exec CMD..." >&2; exit 2 ;;
esac
