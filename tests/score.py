#!/usr/bin/env python3
"""Scores `baokan parse` on the annotated pages in ../shared/corpus with
../shared/eval/score.py and fails below the figures reached (THRESHOLDS),
so later work cannot fall back.  Skipped, visibly, where ../shared is
absent."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
SHARED = os.path.join(TOP, "..", "shared")
SCORE = os.path.join(SHARED, "eval", "score.py")
CORPUS = os.path.join(SHARED, "corpus")

# The figures reached; raise them as the parser improves, never lower.
THRESHOLDS = {
    "segmentation_f1": 1.0,
    "title": 1.0,
    "headlines": 1.0,
    "kind": 1.0,
    "authors_f1": 1.0,
    "province": 1.0,
    "city": 1.0,
    "topics_f1": 0.80,
    "primary_topic": 0.91,
    "issue_date": 1.0,
}
MAX_LOST = 0
MAX_LEAKED = 0


def main():
    if not (os.path.exists(SCORE) and os.path.isdir(CORPUS)):
        print("skip - ../shared/eval/score.py or ../shared/corpus is absent: corpus score not run")
        return 0
    baokan = os.environ.get("BAOKAN", "./baokan")
    cmd = f"{baokan} parse {{file}}"
    out = subprocess.run([sys.executable, SCORE, "--corpus", CORPUS, "--cmd", cmd, "--json"],
                         cwd=TOP, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        print("FAIL - score.py ran:", out.stderr[-2000:])
        return 1
    # --json prints the figures, then score.py's one-line summary.
    body = out.stdout[:out.stdout.rstrip("\n").rfind("\n")]
    total = json.loads(body)["total"]
    bad = 0
    for k, want in THRESHOLDS.items():
        got = total.get(k)
        ok = got is not None and got + 1e-9 >= want
        bad += not ok
        print(f"{'ok' if ok else 'FAIL'} - {k} = {got if got is None else round(got, 3)} (at least {want})")
    for k, most in (("lost_lines", MAX_LOST), ("furniture_leaked", MAX_LEAKED)):
        ok = total[k] <= most
        bad += not ok
        print(f"{'ok' if ok else 'FAIL'} - {k} = {total[k]} (at most {most})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
