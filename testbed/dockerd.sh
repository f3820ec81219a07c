#!/usr/bin/env bash
# start|stop a private dockerd for the tests: its own socket, data root and containerd namespace, and no bridge,
# iptables or masquerading, so containers only have network with host networking and all traffic stays on 127.0.0.1.
set -euo pipefail
source "$(dirname "$0")/env.sh"
pidfile=$TESTBED_STATE/dockerd.pid

running() { docker version >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    running && exit 0
    mkdir -p "$TESTBED_STATE/data" "$TESTBED_STATE/exec"
    nohup dockerd --host "$DOCKER_HOST" --data-root "$TESTBED_STATE/data" --exec-root "$TESTBED_STATE/exec" \
      --pidfile "$pidfile" --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
      --containerd-namespace lambdadesk-testbed --containerd-plugins-namespace lambdadesk-testbed-plugins \
      > "$TESTBED_STATE/dockerd.log" 2>&1 &
    await_dockerd "$DOCKER_HOST" "$TESTBED_STATE/dockerd.log" ;;
  stop)
    [ -f "$pidfile" ] || exit 0
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 200); do [ -f "$pidfile" ] || exit 0; sleep 0.1; done ;;
  *) echo "usage: dockerd.sh start|stop" >&2; exit 2 ;;
esac
