#!/usr/bin/env python3
"""fold-derive.py: the search fold table, from Unicode and OpenCC.

    python3 gen/data/fold-derive.py [--opencc DIR]

Writes gen/data/fold-table.tsv (one pair a line, with where it comes from)
and gen/fold_data.c (the same pairs as the C array ngram.c searches; the
index carries them to assets/search.js in meta.js, so C and JS fold with
one table).  See gen/data/README-fold.md for the rules and the choices.

DIR holds OpenCC's dictionaries as text (TSCharacters.txt); without
--opencc the script dumps them from Debian's libopencc-data with
opencc_dict (apt-get install opencc libopencc-data).  Python 3 standard
library only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, "fold-table.tsv")
CFILE = os.path.join(os.path.dirname(HERE), "fold_data.c")
OCD2 = "/usr/share/opencc"

# Compatibility forms that PDF text extraction leaves in place of the
# ordinary ideograph: CJK radicals supplement, Kangxi radicals, CJK
# compatibility ideographs.
COMPAT_RANGES = [(0x2E80, 0x2FDF), (0xF900, 0xFAFF)]


def utf16_len(cp):
    return 2 if cp > 0xFFFF else 1


def compat_pairs():
    out = {}
    for lo, hi in COMPAT_RANGES:
        for c in range(lo, hi + 1):
            t = unicodedata.normalize("NFKC", chr(c))
            if len(t) == 1 and ord(t) != c and utf16_len(ord(t)) == 1:
                out[c] = ord(t)
    return out


def read_dict(path):
    """OpenCC text dictionary: key TAB candidates separated by spaces."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or "\t" not in line:
                continue
            k, v = line.split("\t", 1)
            out[k] = v.split(" ")
    return out


def dump_opencc(dst):
    for name in ("TSCharacters",):
        subprocess.run(["opencc_dict", "-i", os.path.join(OCD2, name + ".ocd2"),
                        "-o", os.path.join(dst, name + ".txt"),
                        "-f", "ocd2", "-t", "text"], check=True)


def opencc_version():
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libopencc-data"],
                           capture_output=True, text=True, check=True)
        return "Debian libopencc-data " + r.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "OpenCC (version unknown)"


def ts_pairs(ts, stats):
    """Traditional to simplified, one code point to one.

    OpenCC lists a character's simplified candidates best first; the
    first is what OpenCC itself converts to, and what we fold to.  A
    character whose first candidate is itself (覆 覆/复, 藉 藉/借) is
    left alone: it is also a simplified character in its own right.
    """
    out = {}
    for k, cands in ts.items():
        if len(k) != 1:
            stats["multi-char key"] += 1
            continue
        first = cands[0]
        if len(first) != 1:
            stats["multi-char value"] += 1
            continue
        a, b = ord(k), ord(first)
        if a == b:
            stats["first candidate is itself"] += 1
            continue
        if utf16_len(a) != utf16_len(b):
            # Folding must keep UTF-16 lengths, so search.js can carry
            # match positions from the folded text to the original.
            stats["UTF-16 length would change"] += 1
            continue
        out[a] = b
    return out


def close(table):
    """Follows chains to their end so the fold is idempotent."""
    out = {}
    for a in table:
        seen = {a}
        b = table[a]
        while b in table and b not in seen:
            seen.add(b)
            b = table[b]
        if b != a:
            out[a] = b
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opencc", help="folder of OpenCC text dictionaries")
    args = ap.parse_args()

    tmp = None
    src = args.opencc
    if src is None:
        tmp = tempfile.TemporaryDirectory()
        src = tmp.name
        dump_opencc(src)
    ts = read_dict(os.path.join(src, "TSCharacters.txt"))

    stats = {"multi-char key": 0, "multi-char value": 0,
             "first candidate is itself": 0, "UTF-16 length would change": 0}
    compat = compat_pairs()
    trad = ts_pairs(ts, stats)
    # Compatibility forms first fold to the unified ideograph, which the
    # traditional table may then take on (⾨ to 門 to 门).
    table = {}
    why = {}
    for a, b in trad.items():
        table[a] = b
        why[a] = "opencc"
    for a, b in compat.items():
        table[a] = trad.get(b, b)
        why[a] = "nfkc" if a not in trad else "nfkc+opencc"
        if table[a] != b:
            why[a] = "nfkc+opencc"
    table = close(table)
    for a, b in table.items():
        assert b not in table, "not idempotent at U+%04X" % a
        assert utf16_len(a) == utf16_len(b)

    onemany = sorted(k for k, v in ts.items()
                     if len(k) == 1 and len(v) > 1 and ord(k) in table)
    with open(TSV, "w", encoding="utf-8") as f:
        f.write("# gen/data/fold-table.tsv: written by fold-derive.py; do not edit.\n")
        f.write("# from\tto\tU+from\tU+to\tsource\tOpenCC candidates when more than one\n")
        for a in sorted(table):
            b = table[a]
            cands = ts.get(chr(a), [])
            f.write("%s\t%s\tU+%04X\tU+%04X\t%s\t%s\n" % (
                chr(a), chr(b), a, b, why.get(a, "opencc"),
                " ".join(cands) if len(cands) > 1 else ""))

    with open(CFILE, "w", encoding="utf-8") as f:
        f.write("/*\n * fold_data.c: the search fold table, %d pairs.  Written by\n"
                " * gen/data/fold-derive.py from Unicode NFKC (Python unicodedata %s)\n"
                " * and OpenCC's TSCharacters (%s, Apache-2.0); do not edit.\n"
                " * gen/data/README-fold.md says what is in it and why.\n */\n"
                % (len(table), unicodedata.unidata_version, opencc_version()))
        f.write('#include "ngram.h"\n\n')
        f.write("const struct ngram_fold_pair ngram_fold_pairs[] = {\n")
        items = sorted(table.items())
        for i in range(0, len(items), 4):
            f.write("\t" + " ".join("{ 0x%04x, 0x%04x }," % p for p in items[i:i + 4]) + "\n")
        f.write("};\n\nconst size_t ngram_fold_npairs =\n"
                "    sizeof(ngram_fold_pairs) / sizeof(ngram_fold_pairs[0]);\n")

    print("fold-derive: %d pairs (%d compatibility forms, %d traditional), "
          "%d one-to-many resolved to OpenCC's first candidate"
          % (len(table), len(compat), len(trad), len(onemany)))
    for k, v in stats.items():
        print("  skipped, %s: %d" % (k, v))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
