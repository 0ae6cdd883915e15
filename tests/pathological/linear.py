#!/usr/bin/env python3
"""The parser's work grows linearly on pathological input.

For each case of gen.py, `baokan parse` runs on the case at size n and at
4n under valgrind's cachegrind (instruction counting only, no cache
simulation; `perf stat -e instructions` is not available in this virtual
machine), and the instructions beyond those of an empty file (start-up:
the gazetteer, the configuration) must grow by at most 4 x 1.3.  A step
that is quadratic in lines or bytes shows as a ratio near 16.  Instruction
counts are the same from one run to the next, so the test never depends
on the machine's speed.

    python3 tests/pathological/linear.py [CASE...]

Prints "ok - CASE: ..." / "FAIL - CASE: ..." with the counts."""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

BAOKAN = os.path.abspath(os.path.join(TOP, os.environ.get("BAOKAN", "./baokan")))
CONF = os.path.join(TOP, "tests", "regress", "site.conf")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", CI="1")
# MAX_SECONDS 90: one run under cachegrind takes about a second; a run
# that takes this long is far from linear (and would hold `make test`).
MAX_SECONDS = 90
# MAX_RATIO 4 x 1.3: the work on 4n may exceed four times the work on n by
# 30% (a hash table that doubles, a sort's log n) and no more.
MAX_RATIO = 4 * 1.3


def instructions(path):
    """Instructions of one parse, or None when it runs past MAX_SECONDS."""
    try:
        r = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                            "--cachegrind-out-file=/dev/null", BAOKAN, "parse",
                            "--config", CONF, path],
                           env=ENV, capture_output=True, text=True, timeout=MAX_SECONDS)
    except subprocess.TimeoutExpired:
        return None
    m = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    if m is None or r.returncode not in (0, 1):
        raise RuntimeError(f"{path}: exit {r.returncode}: {r.stderr[-300:]}")
    return int(m.group(1).replace(",", ""))


def one(case, tmp, base):
    fn, n, _ = gen.CASES[case]
    counts = []
    for k in (n, 4 * n):
        path = os.path.join(tmp, f"{case}-{k}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(fn(k))
        counts.append(instructions(path))
        os.unlink(path)
        if counts[-1] is None:
            return case, n, counts + [None], None
    ratio = (counts[1] - base) / max(1, counts[0] - base)
    return case, n, counts, ratio


def main(argv):
    if not os.path.exists(BAOKAN):
        print("FAIL - ./baokan is not built")
        return 1
    if subprocess.run(["valgrind", "--version"], capture_output=True).returncode:
        print("FAIL - valgrind is not installed (apt-get install valgrind)")
        return 1
    cases = argv[1:] or list(gen.CASES)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="baokan-linear-") as tmp:
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        base = instructions(empty)
        print(f"# start-up (an empty file): {base:,} instructions")
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            for case, n, (c1, c4), ratio in ex.map(lambda c: one(c, tmp, base), cases):
                if ratio is None:
                    failed += 1
                    print(f"FAIL - {case}: n={n:,}: {'4n' if c1 else 'n'} did not finish in "
                          f"{MAX_SECONDS} s under cachegrind (far from linear)")
                    continue
                ok = ratio <= MAX_RATIO
                failed += not ok
                print(("ok - " if ok else "FAIL - ") +
                      f"{case}: n={n:,}: {c1 - base:,} instructions, 4n: {c4 - base:,}, "
                      f"ratio {ratio:.2f} (at most {MAX_RATIO:.1f})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
