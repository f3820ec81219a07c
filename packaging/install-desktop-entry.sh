#!/usr/bin/env bash
# Puts lambdadesk into the desktop's application menu for this user: the .desktop entry (its Exec= pointing at
# the lambdadesk you installed), the icon in every size and the AppStream metainfo, under $XDG_DATA_HOME
# (~/.local/share). Run it again after moving the app; remove the files it names to undo it.
# usage: bash packaging/install-desktop-entry.sh [EXECUTABLE]   (default: the lambdadesk on your PATH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
app_id=io.github.lambdadesk.lambdadesk
executable=${1:-$(command -v lambdadesk || true)}
if [ -z "$executable" ] || [ ! -x "$executable" ]; then
  echo "install-desktop-entry: no lambdadesk executable ${1:+at $1 }found." >&2
  echo "Next step: install it (pipx install . , or build the bundle: bash packaging/build-bundle.sh), then pass" >&2
  echo "its path, e.g. bash packaging/install-desktop-entry.sh build/bundle/dist/lambdadesk/lambdadesk" >&2
  exit 2
fi
executable=$(cd "$(dirname "$executable")" && pwd)/$(basename "$executable")
case "$executable" in
  *[[:space:]\"\'\\\`\$]*) echo "install-desktop-entry: the path $executable has characters a .desktop Exec= line" \
    "cannot hold unquoted; move the app to a plain path." >&2; exit 2 ;;
esac
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/metainfo"
entry="$data/applications/$app_id.desktop"
sed "s|^Exec=lambdadesk$|Exec=$executable|" "$here/$app_id.desktop" > "$entry.tmp" && mv "$entry.tmp" "$entry"
echo "$entry"
cp "$here/$app_id.metainfo.xml" "$data/metainfo/"
echo "$data/metainfo/$app_id.metainfo.xml"
for png in "$root"/resources/icons/hicolor/*/apps/$app_id.png; do
  size=$(basename "$(dirname "$(dirname "$png")")")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$png" "$data/icons/hicolor/$size/apps/"
  echo "$data/icons/hicolor/$size/apps/$app_id.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$root/resources/icons/lambdadesk.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
echo "$data/icons/hicolor/scalable/apps/$app_id.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
