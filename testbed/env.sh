# Shared settings of the offline test bed; sourced by the other testbed scripts.
# The private Docker daemon lives outside the checkout so built images survive between runs on one machine.
TESTBED_STATE=${LAMBDADESK_TESTBED_DIR:-/var/lib/lambdadesk-testbed}
TESTBED_SOCKET=$TESTBED_STATE/docker.sock
export DOCKER_HOST=unix://$TESTBED_SOCKET
# the second daemon, in a network namespace with no route out, for the bridge topology (bridge-dockerd.sh)
BRIDGE_NETNS=lambdadesk-bridge
BRIDGE_STATE=${LAMBDADESK_TESTBED_BRIDGE_DIR:-/var/lib/lambdadesk-testbed-bridge}
BRIDGE_DOCKER_HOST=unix://$BRIDGE_STATE/docker.sock
TESTBED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYENV_VERSIONS=$( (pyenv root 2>/dev/null || echo "$HOME/.pyenv") | tr -d '\n')/versions

# pyenv_python 3.12 -> path of that CPython's interpreter (the machine image ships pyenv CPythons 3.10-3.13)
pyenv_python() {
  local dir
  dir=$(ls -d "$PYENV_VERSIONS/$1".* 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "testbed: no CPython $1 under $PYENV_VERSIONS" >&2; return 1; }
  echo "$dir/bin/python$1"
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
