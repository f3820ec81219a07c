# Helpers to build small images with no registry and no base image: copy programs from this machine plus the
# shared libraries they load into a folder, then `tar | docker import`. Sourced by build-images.sh.

# rootfs_new -> a fresh folder with busybox as /bin/sh and the basics every image needs
rootfs_new() {
  local root
  root=$(mktemp -d "${TMPDIR:-/tmp}/lambdadesk-rootfs.XXXXXX")
  mkdir -p "$root"/{bin,usr/bin,usr/local/bin,tmp,etc/ssl/certs,var/task,var/runtime}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in sh env cat ls mkdir rm sleep echo ps kill wget grep sed head tail tr seq true false date uname; do
    ln -sf /bin/busybox "$root/bin/$applet"
  done
  ln -sf /bin/busybox "$root/usr/bin/env"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  mkdir -p "$root/usr/share" && cp -r /usr/share/zoneinfo "$root/usr/share/zoneinfo"
  echo "$root"
}

# rootfs_add_libraries ROOT [FOLDER [FIND-ARGS...]] -> copies into ROOT the shared-library closure of every dynamic
# ELF file in FOLDER (ROOT itself when not given; FIND-ARGS leave some out, e.g. -not -path '*/PySide6/*')
rootfs_add_libraries() {
  local root=$1 folder=${2:-$1} lib
  shift; [ "$#" -gt 0 ] && shift
  find "$folder" -type f "$@" \( -name '*.so*' -o -perm -u+x \) -print0 \
    | xargs -0 -r file -L 2>/dev/null | grep -E 'ELF .*dynamic' | cut -d: -f1 \
    | while read -r f; do ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true; done | sort -u \
    | while read -r lib; do
        [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
      done
}

# rootfs_add_python ROOT VERSION -> a trimmed copy of the pyenv CPython at its own path (its RPATH points there),
# linked as python3 and pythonX.Y; echoes the site-packages folder inside ROOT
rootfs_add_python() {
  local root=$1 ver=$2 exe prefix
  exe=$(pyenv_python "$ver")
  prefix=$(dirname "$(dirname "$exe")")
  tar -C / -c --exclude="${prefix#/}/lib/python$ver/test" --exclude="${prefix#/}/lib/python$ver/config-$ver-*" \
    --exclude="${prefix#/}/lib/python$ver/idlelib" --exclude="${prefix#/}/lib/python$ver/tkinter" \
    --exclude="${prefix#/}/lib/python$ver/turtledemo" --exclude="${prefix#/}/lib/python$ver/site-packages" \
    --exclude="${prefix#/}/lib/python$ver/lib-dynload/_tkinter*" --exclude='__pycache__' \
    --exclude="${prefix#/}/include" --exclude="${prefix#/}/share" "${prefix#/}" | tar -C "$root" -x
  mkdir -p "$root$prefix/lib/python$ver/site-packages"
  ln -sf "$exe" "$root/usr/local/bin/python3"
  ln -sf "$exe" "$root/usr/local/bin/python$ver"
  echo "$root$prefix/lib/python$ver/site-packages"
}

# rootfs_compile ROOT VERSION -> precompiled bytecode (halves a container's cold start)
rootfs_compile() {
  "$(pyenv_python "$2")" -m compileall -q -j 2 -s "$1" -p / "$1" >/dev/null 2>&1 || true
}

# rootfs_import ROOT TAG HASH [--change ...] -> the image, labelled with the content hash it was built from
rootfs_import() {
  local root=$1 tag=$2 hash=$3; shift 3
  tar -C "$root" -c . | docker import -c "LABEL lambdadesk.testbed.hash=$hash" "$@" - "$tag" >/dev/null
  rm -rf "$root"
}
