#!/bin/sh
# Like docker:dind's entrypoint, but safe on a host network: no bridge and no iptables (they would clash with the
# host's), and the API on ${DIND_HOST:-tcp://127.0.0.1:2375} (loopback, no TLS). Extra arguments go to dockerd.
set -e
mkdir -p /var/run /run
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- dockerd --host="${DIND_HOST:-tcp://127.0.0.1:2375}" --bridge=none --iptables=false --ip-masq=false \
    --ip-forward=false --exec-root=/var/run/dind --pidfile=/var/run/dind.pid "$@"
fi
exec "$@"
