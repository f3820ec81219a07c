"""The score of a mutmut run, per module and in all, from `mutmut results --all true`: killed (a test failed) over
the mutants checked. A timeout is counted apart and not as killed: on a busy machine a slow suite times out too."""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[\w.]+?)\.x[_ǁ].*__mutmut_\d+: (?P<status>.+)$")


def main(results_path: str) -> int:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors = []
    with Path(results_path).open(encoding="utf-8") as results:
        for line in results:
            match = LINE.match(line)
            if match is None:
                continue
            status = match["status"].strip()
            counts[match["name"]][status] += 1
            if status in ("survived", "no tests"):
                survivors.append(line.strip())
    if not counts:
        print(f"no mutants in {results_path}", file=sys.stderr)
        return 1
    print("\n".join(survivors))
    print(f"\n{'module':<52} {'killed':>7} {'of':>5} {'score':>6} {'timeout':>8}")
    total_killed = total = total_timeouts = 0
    for module in sorted(counts):
        kept = counts[module]
        judged = sum(kept.values()) - kept["skipped"] - kept["not checked"]
        killed = kept["killed"] + kept["segfault"]
        total_killed, total, total_timeouts = total_killed + killed, total + judged, total_timeouts + kept["timeout"]
        print(f"{module:<52} {killed:>7} {judged:>5} {killed / max(judged, 1):>6.0%} {kept['timeout']:>8}")
    print(f"{'all':<52} {total_killed:>7} {total:>5} {total_killed / max(total, 1):>6.0%} {total_timeouts:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
