#!/usr/bin/env python3
"""`make bench-pathological`: every case of gen.py at its big size (the
sizes the issue names: 100,000 headlines, a 50 MB paragraph, 10,000
bylines, ...), parsed once with `baokan parse`; prints a table of input
size, seconds, peak resident memory and microseconds per unit.  The
inputs are made in a temporary folder and removed.  Never part of
`make test` (speed is measured, never asserted).

    python3 tests/pathological/bench.py [--scale F] [CASE...]"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

BAOKAN = os.path.abspath(os.path.join(TOP, os.environ.get("BAOKAN", "./baokan")))
CONF = os.path.join(TOP, "tests", "regress", "site.conf")


def run(path):
    """Seconds and peak RSS (KiB) of one `baokan parse`, output discarded."""
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", CI="1")
    t0 = time.monotonic()
    p = subprocess.Popen([BAOKAN, "parse", "--config", CONF, path], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - t0, ru.ru_maxrss, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    cases = a.cases or list(gen.CASES)
    print(f"{'case':<16} {'n':>10} {'MB':>7} {'seconds':>8} {'peak MB':>8} {'us/unit':>8}  exit")
    with tempfile.TemporaryDirectory(prefix="baokan-patho-") as tmp:
        for c in cases:
            fn, _, big = gen.CASES[c]
            n = max(1, int(big * a.scale))
            path = os.path.join(tmp, c + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(fn(n))
            size = os.path.getsize(path)
            secs, rss, rc = run(path)
            print(f"{c:<16} {n:>10,} {size / 1e6:>7.1f} {secs:>8.2f} {rss / 1024:>8.1f} "
                  f"{secs * 1e6 / n:>8.2f}  {rc}", flush=True)
            os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
