#!/usr/bin/env bash
# Mutation testing: mutmut changes lambdadesk's code one small way at a time (a < becomes <=, a string another)
# and runs the unit tests against each change (tests/unit: the window tests cannot run in its forked workers); a
# change no test notices "survives".
#
#   bash tools/mutation.sh                      # core/ and the features' pure logic ([tool.mutmut] in pyproject)
#   bash tools/mutation.sh lambdadesk/core/trace.py 'lambdadesk/flows/*'   # only these files
#
# It runs in a copy of the checkout (your work tree is not touched; mutmut writes a mutants/ folder), in the
# project's .venv, which gets mutmut if it has none. At the end: the survivors, and the score per module and in
# all. Slow (about 30 minutes for the default set on two cores); not part of the test command.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="$here/.venv/bin/python"
[ -x "$python" ] || { echo "No .venv: create it first (python3 -m venv .venv && .venv/bin/pip install -e '.[test]')" >&2; exit 2; }
"$python" -c "import mutmut" 2>/dev/null || "$here/.venv/bin/pip" install -q "mutmut==3.8.1"  # as in [mutation]

work="${MUTATION_DIR:-$(mktemp -d)/lambdadesk}"
mkdir -p "$work"
# the tracked files as they are in the work tree now (edits included, nothing untracked)
(cd "$here" && git ls-files -z --cached | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$work"
if [ "$#" -gt 0 ]; then
    "$python" - "$work/pyproject.toml" "$@" <<'PY'
import json, re, sys
path, patterns = sys.argv[1], sys.argv[2:]
text = open(path, encoding="utf-8").read()
text = re.sub(r"(?ms)^only_mutate = \[.*?\]\n", f"only_mutate = {json.dumps(patterns)}\n", text, count=1)
open(path, "w", encoding="utf-8").write(text)
PY
fi
cd "$work"
export QT_QPA_PLATFORM=offscreen PATH="$here/.venv/bin:$PATH"
echo "mutation run in $work"
mutmut run --max-children "${MUTATION_JOBS:-2}" > mutmut-run.log 2>&1 || { tail -30 mutmut-run.log; exit 1; }
mutmut results --all true > results.txt 2>&1 || true
"$python" "$here/tools/mutation_score.py" results.txt
