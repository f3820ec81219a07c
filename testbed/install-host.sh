#!/usr/bin/env bash
# Installs the Debian packages the test bed needs (Docker engine, image tooling, Redis, Qt's xcb libraries, and
# docker-compose 1.29, which the benchmark measures lambdadesk against, and the validators of the .desktop entry
# and AppStream metainfo, binutils for PyInstaller, xwininfo to see the bundle's window, and ip and nsenter for the
# bridge engine's network namespace, Podman with catatonit, its init, and the CNI dnsname plugin, its DNS for
# networks (containers on a Podman network find each other by name only with it), as another engine, and sshd and
# ssh for an ssh engine).
# A no-op when everything is present, so a rerun costs nothing.
set -euo pipefail
packages=(docker.io docker-compose docker-registry golang-go busybox-static redis-server file zip
  xvfb libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  desktop-file-utils appstream x11-utils binutils iproute2 util-linux podman catatonit
  golang-github-containernetworking-plugin-dnsname openssh-server openssh-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "testbed: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
