# Shared settings of the offline test bed; sourced by the other testbed scripts.
# The private Docker daemon lives outside the checkout so built images survive between runs on one machine.
TESTBED_STATE=${LAMBDADESK_TESTBED_DIR:-/var/lib/lambdadesk-testbed}
TESTBED_SOCKET=$TESTBED_STATE/docker.sock
export DOCKER_HOST=unix://$TESTBED_SOCKET
# the second daemon, in a network namespace with no route out, for the bridge topology (bridge-dockerd.sh)
BRIDGE_NETNS=lambdadesk-bridge
BRIDGE_STATE=${LAMBDADESK_TESTBED_BRIDGE_DIR:-/var/lib/lambdadesk-testbed-bridge}
BRIDGE_DOCKER_HOST=unix://$BRIDGE_STATE/docker.sock
# Podman's Docker-compatible API, a second engine (podman-service.sh)
PODMAN_STATE=${LAMBDADESK_TESTBED_PODMAN_DIR:-/var/lib/lambdadesk-testbed-podman}
PODMAN_DOCKER_HOST=unix://$PODMAN_STATE/podman.sock
TESTBED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYENV_VERSIONS=$( (pyenv root 2>/dev/null || echo "$HOME/.pyenv") | tr -d '\n')/versions

# pyenv_python 3.12 -> path of that CPython's interpreter (the machine image ships pyenv CPythons 3.10-3.13)
pyenv_python() {
  local dir
  dir=$(ls -d "$PYENV_VERSIONS/$1".* 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "testbed: no CPython $1 under $PYENV_VERSIONS" >&2; return 1; }
  echo "$dir/bin/python$1"
}

# await_dockerd HOST LOG: until the daemon at HOST answers (30 s); else the last lines of LOG, and failure
await_dockerd() {
  for _ in $(seq 300); do DOCKER_HOST=$1 docker version >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "testbed: dockerd did not answer on $1; last log lines:" >&2
  tail -n 20 "$2" >&2
  return 1
}

# copy_images FROM_HOST TARGET IMAGE...: each image from the daemon at FROM_HOST into the engine the command
# TARGET drives (docker, or a podman wrapper), by `save | load`; skipped when TARGET already has that image id
copy_images() {
  local from=$1 target=$2 image want have; shift 2
  for image in "$@"; do
    want=$(DOCKER_HOST=$from docker image inspect -f '{{.Id}}' "$image")
    have=$("$target" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
    [ "${have#sha256:}" = "${want#sha256:}" ] && continue
    DOCKER_HOST=$from docker save "$image" | "$target" load -q >/dev/null
  done
}

# timed LABEL CMD... runs CMD and prints how long it took
timed() {
  local label=$1 start rc=0; shift
  start=$(date +%s%N)
  "$@" || rc=$?
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf 'testbed: %-44s %4d.%01ds\n' "$label" $((ms / 1000)) $(((ms % 1000) / 100))
  return $rc
}
