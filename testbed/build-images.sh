#!/usr/bin/env bash
# Builds the local stand-in images the test profile uses (no registry is reachable in CI). Each image is labelled with
# a hash of everything it is made from, so a rerun skips images that are already up to date.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$TESTBED_DIR/images/rootfs.sh"
IMAGES=$TESTBED_DIR/images
PREFIX=${LAMBDADESK_TEST_IMAGE_PREFIX:-lambdadesk-test}
UV=${UV:-$(command -v uv || true)}

# image_hash RECIPE [FILES...] -> hash of the recipe's code, the shared helpers and the given files
image_hash() {
  local recipe=$1; shift
  { declare -f "$recipe"; cat "$IMAGES/rootfs.sh" "$@"; } | sha256sum | cut -c1-16
}

up_to_date() {
  [ "$(docker image inspect -f '{{ index .Config.Labels "lambdadesk.testbed.hash" }}' "$1" 2>/dev/null)" = "$2" ]
}

build_busybox() {
  local tag=$PREFIX/busybox:latest hash; hash=$(image_hash build_busybox /bin/busybox)
  up_to_date "$tag" "$hash" && return 0
  local root; root=$(rootfs_new)
  local a; for a in $(busybox --list); do [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"; done
  rootfs_import "$root" "$tag" "$hash" -c 'CMD ["/bin/sh"]'
}

build_redis() {
  local tag=$PREFIX/redis:7 exe; exe=$(readlink -f /usr/bin/redis-server)
  local hash; hash=$(image_hash build_redis "$exe")
  up_to_date "$tag" "$hash" && return 0
  local root; root=$(rootfs_new)
  cp "$exe" "$root/usr/bin/redis-server"
  mkdir -p "$root/data"
  rootfs_add_libraries "$root"
  # like the official image: flags alone run redis-server, /data a volume; no persistence, no protected mode
  rootfs_import "$root" "$tag" "$hash" -c 'VOLUME /data' -c 'WORKDIR /data' -c 'EXPOSE 6379' \
    -c 'ENTRYPOINT ["/usr/bin/redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]'
}

# A Lambda runtime image for LocalStack: LocalStack copies its runtime init into /var/rapid and runs it, so no
# entrypoint of ours is needed. build_lambda RUNTIME PYTHON: python runtimes get that CPython plus boto3, as AWS's
# base images have; provided.* gets a CPython only because the test bed's init is written in Python.
build_lambda() {
  local runtime=$1 ver=$2 tag=$PREFIX/lambda:$1 exe; exe=$(pyenv_python "$2")
  local hash; hash=$( { image_hash build_lambda "$exe"; echo "$runtime $ver"; } | sha256sum | cut -c1-16)
  up_to_date "$tag" "$hash" && return 0
  local root site; root=$(rootfs_new); site=$(rootfs_add_python "$root" "$ver")
  case $runtime in python*) "$exe" -m pip install -q --no-cache-dir --no-compile --target "$site" boto3 >/dev/null;; esac
  rootfs_compile "$root" "$ver"
  rootfs_add_libraries "$root"
  rootfs_import "$root" "$tag" "$hash" -c 'WORKDIR /var/task' -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    -c 'ENV LANG=C.UTF-8'
}

# LocalStack 4.14 (the last release that runs without an auth token) made to run Lambdas offline: see
# images/localstack/offline/. Needs CPython 3.13; dependencies come from a lock resolved once (requirements.lock).
build_localstack() {
  local tag=$PREFIX/localstack:4.14 ctx=$IMAGES/localstack
  local hash; hash=$(image_hash build_localstack "$ctx/requirements.lock" "$ctx/offline/ls_offline.py" \
    "$ctx/offline/runtime-init/var/rapid/init")
  up_to_date "$tag" "$hash" && return 0
  [ -n "$UV" ] || { echo "testbed: uv is needed to build LocalStack (pip install uv)" >&2; return 1; }
  local root site exe; exe=$(pyenv_python 3.13); root=$(rootfs_new); site=$(rootfs_add_python "$root" 3.13)
  UV_NATIVE_TLS=1 "$UV" pip install -q --no-cache --python "$exe" --target "$site" --no-compile \
    -r "$ctx/requirements.lock"
  cp -r "$ctx/offline" "$root/opt/localstack-offline" 2>/dev/null || { mkdir -p "$root/opt"; cp -r "$ctx/offline" "$root/opt/localstack-offline"; }
  rootfs_compile "$root" 3.13
  # as the real image's Dockerfile does (python3 -m localstack.aws.spec): the service catalog index built once, into
  # the static libs dir; without it every new container builds it on its first AWS request (about 2 s here)
  mkdir -p "$root/usr/lib/localstack"
  HOME=$(mktemp -d) PYTHONPATH=$site "$exe" -s -c 'import os, sys
from localstack.aws.spec import _get_catalog_filename, build_service_index_cache
build_service_index_cache(os.path.join(sys.argv[1], _get_catalog_filename()))' "$root/usr/lib/localstack"
  rootfs_add_libraries "$root"
  rootfs_import "$root" "$tag" "$hash" -c "ENTRYPOINT [\"$exe\", \"/opt/localstack-offline/ls_offline.py\"]" \
    -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 GATEWAY_LISTEN=127.0.0.1:4566 DNS_ADDRESS=0 DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1' \
    -c 'EXPOSE 4566'
}

# A motoserver/moto stand-in: moto's server mode on CPython 3.12, with moto_server on PATH as in the real image.
build_moto() {
  local tag=$PREFIX/moto:5 exe; exe=$(pyenv_python 3.12)
  local hash; hash=$(image_hash build_moto "$exe")
  up_to_date "$tag" "$hash" && return 0
  local root site; root=$(rootfs_new); site=$(rootfs_add_python "$root" 3.12)
  "$exe" -m pip install -q --no-cache-dir --no-compile --target "$site" 'moto[server]>=5,<6' >/dev/null
  ln -sf "${site#"$root"}/bin/moto_server" "$root/usr/local/bin/moto_server"
  rootfs_compile "$root" 3.12
  rootfs_add_libraries "$root"
  rootfs_import "$root" "$tag" "$hash" -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 MOTO_PORT=5000' \
    -c 'EXPOSE 5000' -c 'ENTRYPOINT ["/usr/local/bin/moto_server", "-H", "0.0.0.0"]'
}

# A ministackorg/ministack stand-in: MiniStack from PyPI on CPython 3.12 with boto3 beside it (its Lambdas run on
# its own interpreter and import boto3 from there), started as the real image starts it (python -m ministack).
MINISTACK_VERSION=1.5.33
build_ministack() {
  local tag=$PREFIX/ministack:$MINISTACK_VERSION exe; exe=$(pyenv_python 3.12)
  local hash; hash=$( { image_hash build_ministack "$exe"; echo "$MINISTACK_VERSION"; } | sha256sum | cut -c1-16)
  up_to_date "$tag" "$hash" && return 0
  local root site; root=$(rootfs_new); site=$(rootfs_add_python "$root" 3.12)
  "$exe" -m pip install -q --no-cache-dir --no-compile --target "$site" "ministack==$MINISTACK_VERSION" boto3 \
    >/dev/null
  rootfs_compile "$root" 3.12
  rootfs_add_libraries "$root"
  rootfs_import "$root" "$tag" "$hash" -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 GATEWAY_PORT=4566' \
    -c 'EXPOSE 4566' -c 'ENTRYPOINT ["/usr/local/bin/python3", "-m", "ministack"]'
}

# A docker:dind stand-in from this machine's Docker engine. Its entrypoint starts dockerd with no bridge and
# its API on loopback, so it works with host networking and never adds a bridge beside the host's. With iptables
# (nft, as docker:dind has it): on the bridge topology, lambdadesk's command gives the inner daemon a bridge of its
# own for the Lambda containers, with its NAT rules.
build_dind() {
  local tag=$PREFIX/dind:20.10 ctx=$IMAGES/dind iptables xtables
  iptables=$(readlink -f "$(command -v iptables)"); xtables=$(ls -d /usr/lib/*/xtables | head -n 1)
  local hash; hash=$(image_hash build_dind "$ctx/entrypoint.sh" "$(command -v dockerd)" "$iptables")
  up_to_date "$tag" "$hash" && return 0
  local root b; root=$(rootfs_new)
  for b in dockerd containerd containerd-shim-runc-v2 runc docker-init docker-proxy; do
    cp -L "$(command -v "$b")" "$root/usr/bin/$b"
  done
  mkdir -p "$root/usr/sbin" "$root$xtables"
  cp -L "$iptables" "$root/usr/sbin/xtables-nft-multi"
  for b in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    ln -sf xtables-nft-multi "$root/usr/sbin/$b"
  done
  cp -L "$xtables"/*.so "$root$xtables/"  # the matches and targets it loads by name
  local a; for a in mount umount modprobe; do ln -sf /bin/busybox "$root/bin/$a"; done
  mkdir -p "$root/var/lib/docker" "$root/run"
  cp "$ctx/entrypoint.sh" "$root/usr/local/bin/dockerd-entrypoint.sh"
  rootfs_add_libraries "$root"
  rootfs_import "$root" "$tag" "$hash" -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' \
    -c 'VOLUME /var/lib/docker' -c 'EXPOSE 2375' -c 'ENTRYPOINT ["/usr/local/bin/dockerd-entrypoint.sh"]'
}

# A stand-in for the runner of the compose export (python:3.12-slim, then pip install lambdadesk), which cannot
# install lambdadesk here: the CPython the project's .venv is made from and the libraries its compiled packages load
# (not Qt's: the runner runs the CLI). The test mounts the checkout, .venv included, at its own path.
build_flow_runner() {
  local tag=$PREFIX/flow-runner:latest venv=$TESTBED_DIR/../.venv exe ver
  exe=$(readlink -f "$venv/bin/python"); ver=$("$exe" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  local skip=(-not -path '*/PySide6/*' -not -path '*/shiboken6/*')
  local hash; hash=$( { image_hash build_flow_runner "$exe"; find "$venv" -name '*.so*' "${skip[@]}" -printf '%P\n' \
    | sort; } | sha256sum | cut -c1-16)  # the libraries' names within .venv: a clone elsewhere reuses the image
  up_to_date "$tag" "$hash" && return 0
  local root; root=$(rootfs_new); rootfs_add_python "$root" "$ver" >/dev/null
  rootfs_add_libraries "$root"
  rootfs_add_libraries "$root" "$venv" -name '*.so*' "${skip[@]}"
  rootfs_import "$root" "$tag" "$hash" -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME=/tmp'
}

log=$TESTBED_STATE/build-logs; mkdir -p "$log"
run_logged() {  # run_logged NAME CMD... -> runs in the background, output to its own log
  local name=$1; shift
  ( "$@" > "$log/$name.log" 2>&1 || { echo "testbed: building $name failed:" >&2; tail -n 30 "$log/$name.log" >&2; exit 1; } ) &
}
build_all() {
  build_busybox; build_redis
  run_logged lambda-python3.11 build_lambda python3.11 3.11
  run_logged lambda-python3.12 build_lambda python3.12 3.12
  run_logged lambda-provided build_lambda provided.al2023 3.12
  run_logged localstack build_localstack
  run_logged dind build_dind
  run_logged moto build_moto
  run_logged ministack build_ministack
  run_logged flow-runner build_flow_runner
  local failed=0 pid
  for pid in $(jobs -p); do wait "$pid" || failed=1; done
  return $failed
}
timed "built stand-in images (cached by content hash)" build_all
docker images --filter "reference=$PREFIX/*" --format 'testbed:   {{.Repository}}:{{.Tag}} {{.Size}}'
