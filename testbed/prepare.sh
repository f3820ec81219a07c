# Sourced by run-tests.sh and bench/run.sh: installs what the test bed needs (Debian packages, the virtualenv),
# starts the private Docker daemon (stopped again on exit if this started it) and builds the stand-in images.
source testbed/env.sh

setup_python() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q -e '.[test]' uv
  # the aws CLI runs what "copy as aws CLI" gives (tests/integration/test_copy_as.py); its own virtualenv, since
  # awscli pins a botocore of its own
  if ! command -v aws >/dev/null 2>&1 && [ ! -x .awscli/bin/aws ]; then
    python3 -m venv .awscli && .awscli/bin/pip install -q awscli
  fi
}

started_dockerd=0
if ! docker version >/dev/null 2>&1; then started_dockerd=1; fi
stop_dockerd() { [ "$started_dockerd" = 1 ] && bash testbed/dockerd.sh stop || true; }
trap stop_dockerd EXIT

timed "host packages (apt)" bash testbed/install-host.sh
timed "python environment (.venv)" setup_python
timed "private dockerd on $DOCKER_HOST" bash testbed/dockerd.sh start
UV=$PWD/.venv/bin/uv bash testbed/build-images.sh
