#!/usr/bin/env python3
"""Nothing lost, over a mutated corpus: pages from content/*.txt and
../shared/corpus/*.txt (when present) are cut up with a seeded RNG (lines
shuffled, joined, split, dropped, repeated, swapped between pages,
truncated at random points, decorated with odd spaces and invisible
characters, saved as CRLF, GB18030 or UTF-16) and each mutant goes through
`baokan parse`.  For every mutant: no crash, the exit status is 0 or 1
(3 only with a diagnostic for a file refused outright), the output is
valid JSON, and every non-empty line after the front matter is in exactly
one article's source_lines or in the furniture.

    python3 tests/mutate.py [--seed N] [--count N] [--keep DIR]

MUTANTS (env) overrides --count; a failing mutant is kept in --keep (or a
temp folder) and named.  Prints "ok - ..." / "FAIL - ..."."""
import argparse
import concurrent.futures
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAOKAN = os.path.abspath(os.path.join(TOP, os.environ.get("BAOKAN", "./baokan")))
ENV = dict(os.environ, CI="1", TZ="UTC", LC_ALL="C.UTF-8")

# What the parser drops (gen/issue.c normalise) and what it trims (span_trim).
DROPPED = re.compile("[\u200b\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
TRIM = " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
       "\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u3000\ufeff\x85"
# MAX_FRONT_MATTER_LINES in gen/issue.c.
MAX_FM = 40

ODD = ["\u3000", "\u200b", "\u00a0", "\t", "\ufeff", "\u2028", "\u3000\u3000",
       "\x1b", "\u200d", "  "]
FURNITURE = ["责任编辑：许明", "E-mail:zgrb@example.cn", "扫一扫 关注我们", "第3版",
             "本报记者 程远", "本报讯（记者周启明）", "（下转第4版）", "（上接第1版）",
             "要目", "新闻特写", "阅读提示", "---", "1.", "# 标题", "<script>x</script>"]


def split_lines(text):
    """Lines as the parser counts them: LF, CRLF and a lone CR end a line."""
    return re.split("\r\n|\r|\n", text)


def expected_lines(text):
    """The 1-based numbers of the non-empty lines after the front matter."""
    lines = [DROPPED.sub("", l).strip(TRIM) for l in split_lines(text)]
    if text == "":
        lines = []
    start = 0
    if lines and lines[0] == "---":
        for i in range(1, min(len(lines), MAX_FM + 1)):
            if lines[i] == "---":
                start = i + 1
                break
    return {i + 1 for i in range(start, len(lines)) if lines[i]}


def corpus():
    files = sorted(glob.glob(os.path.join(TOP, "content", "*.txt")))
    files += sorted(glob.glob(os.path.join(TOP, "..", "shared", "corpus", "*.txt")))
    pages = []
    for f in files:
        with open(f, encoding="utf-8-sig", errors="replace") as fh:
            pages.append(fh.read())
    return pages


def mutate(rng, pages):
    """One mutant: (text, encoding) where encoding is how it is saved."""
    text = rng.choice(pages)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(12)
        n = len(lines)
        i = rng.randrange(n) if n else 0
        if op == 0 and n > 1:                     # shuffle a window
            j = min(n, i + rng.randint(2, 30))
            w = lines[i:j]
            rng.shuffle(w)
            lines[i:j] = w
        elif op == 1 and i + 1 < n:               # join two lines
            lines[i:i + 2] = [lines[i] + rng.choice(["", " ", "\u3000"]) + lines[i + 1]]
        elif op == 2 and n and lines[i]:          # split a line
            k = rng.randrange(len(lines[i]) + 1)
            lines[i:i + 1] = [lines[i][:k], lines[i][k:]]
        elif op == 3 and n:                       # drop lines
            del lines[i:i + rng.randint(1, 10)]
        elif op == 4 and n:                       # repeat a block
            j = min(n, i + rng.randint(1, 12))
            lines[j:j] = lines[i:j]
        elif op == 5:                             # a block from another page
            other = rng.choice(pages).split("\n")
            k = rng.randrange(len(other))
            lines[i:i] = other[k:k + rng.randint(1, 15)]
        elif op == 6:                             # truncate
            lines = lines[:i] + ([lines[i][:rng.randrange(len(lines[i]) + 1)]] if n else [])
        elif op == 7 and n:                       # odd spaces and invisibles
            odd = rng.choice(ODD)
            lines[i] = rng.choice([odd + lines[i], lines[i] + odd, odd,
                                   lines[i][:len(lines[i]) // 2] + odd + lines[i][len(lines[i]) // 2:]])
        elif op == 8:                             # furniture-like or hostile lines
            lines[i:i] = [rng.choice(FURNITURE)]
        elif op == 9 and n:                       # remove blank lines between paragraphs
            lines = [l for l in lines if l.strip()] if rng.random() < 0.5 else lines
        elif op == 10 and n:                      # a line repeated many times
            lines[i:i] = [lines[i]] * rng.randint(2, 40)
        elif op == 11 and n > 2:                  # swap with a front-matter-like head
            lines = ["---", "date: 2025-0%d-1%d" % (rng.randint(1, 9), rng.randint(0, 9)),
                     rng.choice(["page: 3", "page: x", "edition: 要闻", "colour: red"]),
                     rng.choice(["---", ""])] + lines
    text = "\n".join(lines)
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    elif rng.random() < 0.05:
        text = text.replace("\n", "\r")
    enc = rng.choices(["utf-8", "utf-8-sig", "gb18030", "utf-16", "cut"],
                      weights=[70, 8, 8, 8, 6])[0]
    if enc == "gb18030" and len(re.findall("[\u4e00-\u9fff]", text)) < 20:
        enc = "utf-8"   # too little Chinese to be told from noise: refused, rightly
    return text, enc


def encode(text, enc, rng):
    if enc == "cut":   # bytes cut in the middle of a character: refused
        data = text.encode("utf-8")
        hi = [k for k, b in enumerate(data) if b >= 0xc0]
        if not hi:
            return data, "utf-8"
        k = rng.choice(hi)
        return data[:k + 1] + data[k + 3:], "cut"
    return text.encode(enc), enc


def check_one(path, text, enc):
    """Returns None when the mutant holds, else what went wrong."""
    r = subprocess.run([BAOKAN, "parse", path], env=ENV, capture_output=True,
                       timeout=60)
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode < 0 or r.returncode > 3:
        return f"exit status {r.returncode}: {err[-400:]}"
    if r.returncode in (1, 2, 3) and not r.stdout.strip():
        # Refused outright (status 1 or 3 by the README, as the lead
        # decides for bad bytes): a diagnostic names the file and says why.
        if re.search(re.escape(path) + r":\d+:\d+: error: ", err) is None:
            return f"exit status {r.returncode} with no diagnostic naming the file: {err[-400:]}"
        if enc != "cut":
            return f"a {enc} page was refused: {err[-400:]}"
        return None
    if enc == "cut":
        # The damaged byte may still be valid GB18030 only by chance; else refused.
        if r.returncode == 0 and "GB18030" not in r.stdout.decode("utf-8", "replace"):
            return "a file with invalid UTF-8 was not refused"
        return None
    try:
        rec = json.loads(r.stdout)
    except ValueError as e:
        return f"invalid JSON ({e}): {r.stdout[:200]!r}"
    want = expected_lines(text)
    seen = [l for a in rec["articles"] for l in a["source_lines"]]
    seen += [f["line"] for f in rec["furniture"]]
    if len(seen) != len(set(seen)):
        dup = sorted({l for l in seen if seen.count(l) > 1})[:10]
        return f"lines in two places: {dup}"
    if set(seen) != want:
        lost = sorted(want - set(seen))[:10]
        extra = sorted(set(seen) - want)[:10]
        return f"lines lost {lost}, lines that are not there {extra}"
    kept = DROPPED.sub("", text)   # what the parser splits into lines
    nl = len(split_lines(kept)) - (1 if kept == "" or kept[-1] in "\r\n" else 0)
    if rec["issue"]["lines"] != nl:
        return f"issue.lines {rec['issue']['lines']} for {nl} lines"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20260521)
    ap.add_argument("--count", type=int, default=int(os.environ.get("MUTANTS", "300")))
    ap.add_argument("--keep")
    args = ap.parse_args()
    if not os.path.exists(BAOKAN):
        print("FAIL - ./baokan is not built")
        return 1
    pages = corpus()
    if not pages:
        print("FAIL - no pages in content/ to mutate")
        return 1
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="baokan-mutate-")
    jobs = []
    for k in range(args.count):
        text, enc = mutate(rng, pages)
        data, enc = encode(text, enc, rng)
        path = os.path.join(tmp, "m%04d-%s.txt" % (k, enc))
        with open(path, "wb") as f:
            f.write(data)
        jobs.append((path, text, enc))
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for (path, text, enc), why in zip(jobs, ex.map(lambda j: check_one(*j), jobs)):
            if why:
                failed.append((path, why))
    kinds = {}
    for _, _, enc in jobs:
        kinds[enc] = kinds.get(enc, 0) + 1
    print(f"# {len(jobs)} mutants (seed {args.seed}): " +
          ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))
    for path, why in failed[:20]:
        print(f"# {os.path.basename(path)}: {why}")
    print(("ok - " if not failed else "FAIL - ") +
          f"{len(jobs) - len(failed)} of {len(jobs)} mutants parse without a crash, "
          "as JSON, with every non-empty line in one article or the furniture")
    by_enc = {}
    for path, why in failed:
        by_enc.setdefault(os.path.basename(path).split("-", 1)[1][:-4], []).append(why)
    for enc in sorted(kinds):
        n = len(by_enc.get(enc, []))
        print(("ok - " if n == 0 else "FAIL - ") + f"{kinds[enc]} mutants saved as {enc}")
    if failed:
        keep = args.keep or tmp
        os.makedirs(keep, exist_ok=True)
        for path, _ in failed:
            if keep != tmp:
                shutil.copy(path, keep)
        print(f"# failing mutants kept in {keep}")
        if keep != tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
