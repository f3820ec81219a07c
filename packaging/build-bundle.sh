#!/usr/bin/env bash
# Builds the one-folder bundle of lambdadesk with PyInstaller: build/bundle/dist/lambdadesk/lambdadesk is the
# app (the window, or `lambdadesk COMMAND`), with Python and every library inside; copy the folder anywhere.
# It installs lambdadesk and PyInstaller into a virtual environment of its own (build/bundle/venv), so the bundle
# holds what `pip install .` gives a user and nothing of a development environment.
# usage: bash packaging/build-bundle.sh [PYTHON]   (default: python3, 3.11 or newer)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
venv=build/bundle/venv
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install -q --upgrade ".[bundle]"
"$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath build/bundle/dist --workpath build/bundle/work packaging/lambdadesk.spec
echo "bundle: build/bundle/dist/lambdadesk/lambdadesk"
