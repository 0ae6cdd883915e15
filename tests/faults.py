#!/usr/bin/env python3
"""Faults: what `baokan build` does when the machine says no.

- an issue file it may not read: a message naming it and the reason, the
  rest of the site built (status 0; `baokan parse` of it: status 3);
- an output folder it may not write (permissions, as user nobody when run
  as root), on a read-only file system (a read-only bind mount in a private
  mount namespace), or whose parent is a file: status 3, a message naming
  the folder and the reason, the previous site untouched;
- a full disk (a small tmpfs in a private mount namespace, filled up so
  the build runs out of space half way): status 3, a message naming the
  file and "No space left on device", the previous site untouched, the
  partial site removed or named; once space is freed the build succeeds;
- a template that fails half way, at render time, on only some pages (a
  list used as text in a branch only some articles reach): status 2 and
  templates/NAME:LINE, the previous site untouched;
- leftovers of a killed build (OUTPUT.staging, OUTPUT.old): cleared, the
  build succeeds;
- odd content files (empty, only furniture, one enormous line, binary,
  GB18030, UTF-16, invalid UTF-8, names with spaces or only Chinese, two
  files with the same date and page): the build goes on, each refused
  file is named with line and byte, every id is ASCII and stable, the
  second of two same-date-and-page issues gets "-2" with a warning.

Mount namespaces need root or user namespaces (`unshare -Urm`); where
neither works the cases print "skip - ..." with the reason.  Prints
"ok - ..." / "FAIL - ..."."""
import glob
import hashlib
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAOKAN = os.path.abspath(os.path.join(TOP, os.environ.get("BAOKAN", "./baokan")))
ENV = dict(os.environ, CI="1", TZ="UTC", LC_ALL="C.UTF-8")
failed = 0


def check(cond, what, detail=""):
    global failed
    print(("ok - " if cond else "FAIL - ") + what)
    if not cond:
        failed += 1
        if detail:
            print("    " + detail.strip().replace("\n", "\n    ")[:1500])
    return cond


def skip(what):
    print("skip - " + what)


def snapshot(root):
    """Every file under root with the digest of its bytes."""
    out = {}
    for d, _, fs in os.walk(root):
        for f in fs:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def make_site(tmp, issues=3):
    """A site folder in tmp: content (a few sample pages), templates, a
    site.conf pointing at them; returns the conf path."""
    content = os.path.join(tmp, "content")
    os.makedirs(content)
    for f in sorted(glob.glob(os.path.join(TOP, "content", "*.txt")))[:issues]:
        shutil.copy(f, content)
    shutil.copytree(os.path.join(TOP, "templates"), os.path.join(tmp, "templates"))
    shutil.copytree(os.path.join(TOP, "assets"), os.path.join(tmp, "assets"))
    with open(os.path.join(TOP, "site.conf"), encoding="utf-8") as f:
        conf = f.read()
    for key in ("content", "templates", "assets", "output"):
        conf = re.sub(rf"(?m)^{key}\s*=.*$", f"{key} = {os.path.join(tmp, key if key != 'output' else 'out/site')}", conf)
    path = os.path.join(tmp, "site.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(conf)
    os.makedirs(os.path.join(tmp, "out"))
    return path


def build(conf, *extra, pre=()):
    return subprocess.run([*pre, BAOKAN, "build", "--config", conf, *extra], env=ENV,
                          capture_output=True, text=True, timeout=600)


def as_nobody():
    """The command prefix that runs a program as user nobody, or None."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


def chown_tree(root, uid, gid):
    for d, ds, fs in os.walk(root):
        os.chown(d, uid, gid)
        for f in fs:
            os.chown(os.path.join(d, f), uid, gid)


def test_unreadable_issue(tmp):
    pre = as_nobody()
    if pre is None:
        skip("unreadable issue: no setpriv or runuser to drop root")
        return
    conf = make_site(tmp)
    os.chmod(tmp, 0o755)
    if pre:
        nb = pwd.getpwnam("nobody")
        chown_tree(tmp, nb.pw_uid, nb.pw_gid)
    victim = sorted(glob.glob(os.path.join(tmp, "content", "*.txt")))[0]
    os.chmod(victim, 0)
    r = build(conf, pre=pre)
    site = os.path.join(tmp, "out", "site")
    arts = glob.glob(os.path.join(site, "articles", "**", "*.html"), recursive=True)
    check(r.returncode == 0 and os.path.basename(victim) in r.stderr and
          "Permission denied" in r.stderr and len(arts) > 0,
          "an unreadable issue file: named with the reason, the rest is built (status 0)",
          f"status {r.returncode}: {r.stderr}")
    r = build(conf, "--strict", "--output", os.path.join(tmp, "out", "strict"), pre=pre)
    check(r.returncode in (1, 3) and not os.path.exists(os.path.join(tmp, "out", "strict")),
          f"with --strict it fails the build (status {r.returncode}), nothing written",
          r.stderr)
    p = subprocess.run([*pre, BAOKAN, "parse", victim], env=ENV, capture_output=True, text=True)
    check(p.returncode == 3 and re.search(re.escape(victim) + r"(:\d+:\d+)?: error: .*Permission denied", p.stderr),
          "baokan parse of an unreadable file: status 3, FILE: error: and the reason",
          f"status {p.returncode}: {p.stderr}")


def test_readonly_permissions(tmp):
    pre = as_nobody()
    conf = make_site(tmp)
    r = build(conf)
    site = os.path.join(tmp, "out", "site")
    if not check(r.returncode == 0, "a first build of the small site", r.stderr):
        return
    before = snapshot(site)
    if pre:
        # The tree is root's; nobody may read it but not write in out/.
        for d, ds, fs in os.walk(tmp):
            os.chmod(d, 0o755)
            for f in fs:
                os.chmod(os.path.join(d, f), 0o644)
    else:
        os.chmod(os.path.join(tmp, "out"), 0o555)
    r = build(conf, pre=pre or [])
    if not pre:
        os.chmod(os.path.join(tmp, "out"), 0o755)
    check(r.returncode == 3, f"an output folder it may not write: status 3 (got {r.returncode})", r.stderr)
    check("Permission denied" in r.stderr and os.path.join(tmp, "out", "site") in r.stderr,
          "the message names the folder and the reason", r.stderr)
    check(snapshot(site) == before, "the previous site is untouched")


def test_parent_is_file(tmp):
    conf = make_site(tmp)
    blocker = os.path.join(tmp, "blocker")
    with open(blocker, "w") as f:
        f.write("a file, not a folder\n")
    r = build(conf, "--output", os.path.join(blocker, "site"))
    check(r.returncode == 3 and "Not a directory" in r.stderr and "blocker" in r.stderr,
          f"an output folder under a file: status 3 with the reason (got {r.returncode})", r.stderr)


def in_namespace(mode, tmp):
    """Runs this script's CASE inside a private mount namespace; returns
    the completed process or None when namespaces are not allowed."""
    for pre in (["unshare", "-m"], ["unshare", "-Urm"]):
        if shutil.which("unshare") is None:
            return None
        probe = subprocess.run([*pre, "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {tmp}"],
                               capture_output=True)
        if probe.returncode == 0:
            return subprocess.run([*pre, sys.executable, os.path.abspath(__file__), "--inside", mode, tmp],
                                  env=ENV, capture_output=True, text=True, timeout=900)
    return None


def test_readonly_fs(tmp):
    r = in_namespace("rofs", tmp)
    if r is None:
        skip("read-only file system: mount namespaces are not allowed here")
        return
    sys.stdout.write(r.stdout)
    if r.returncode not in (0, 1) or "ok - " not in r.stdout and "FAIL - " not in r.stdout:
        check(False, "the read-only file system case ran", r.stdout + r.stderr)
    global failed
    failed += r.stdout.count("FAIL - ")


def test_full_disk(tmp):
    r = in_namespace("enospc", tmp)
    if r is None:
        skip("full disk: mount namespaces are not allowed here")
        return
    sys.stdout.write(r.stdout)
    if r.returncode not in (0, 1) or "ok - " not in r.stdout and "FAIL - " not in r.stdout:
        check(False, "the full-disk case ran", r.stdout + r.stderr)
    global failed
    failed += r.stdout.count("FAIL - ")


def inside_rofs(tmp):
    """In a private mount namespace: out/ becomes a read-only bind mount."""
    conf = make_site(tmp)
    site = os.path.join(tmp, "out", "site")
    r = build(conf)
    if not check(r.returncode == 0, "a first build before the file system turns read-only", r.stderr):
        return
    before = snapshot(site)
    out = os.path.join(tmp, "out")
    m = subprocess.run(["sh", "-c", f"mount --bind {out} {out} && mount -o remount,ro,bind {out}"],
                       capture_output=True, text=True)
    if m.returncode != 0:
        skip("read-only file system: read-only bind mount refused: " + m.stderr.strip())
        return
    r = build(conf)
    check(r.returncode == 3, f"a read-only file system: status 3 (got {r.returncode})", r.stderr)
    check("Read-only file system" in r.stderr and out in r.stderr,
          "the message names the folder and says read-only", r.stderr)
    check(snapshot(site) == before, "the previous site is untouched (read-only file system)")


def inside_enospc(tmp):
    """In a private mount namespace: out/ is a small tmpfs, filled up."""
    conf = make_site(tmp, issues=6)
    # A warning before the write error (a symlink skipped) must not change
    # the status: the build looks at every error, not only the first one.
    os.symlink("/etc/hostname", os.path.join(tmp, "content", "2026-01-01-p01.txt"))
    out = os.path.join(tmp, "out")
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", out],
                       capture_output=True, text=True)
    if m.returncode != 0:
        skip("full disk: tmpfs mount refused: " + m.stderr.strip())
        return
    site = os.path.join(out, "site")
    r = build(conf)
    if not check(r.returncode == 0, "a first build on a small tmpfs", r.stderr):
        return
    before = snapshot(site)
    size = sum(os.path.getsize(os.path.join(site, p)) for p in before)
    # Leave room for about half a site: the build fails half way.
    st = os.statvfs(out)
    free = st.f_bavail * st.f_frsize
    filler = os.path.join(out, "filler")
    with open(filler, "wb") as f:
        f.write(b"\0" * max(0, free - size // 2))
    # An incremental build of unchanged content writes nothing: --clean
    # makes it write the whole site again.
    r = build(conf, "--clean")
    check(r.returncode == 3, f"a full disk: status 3 (got {r.returncode})", r.stderr)
    check("No space left on device" in r.stderr and out in r.stderr,
          "the message names the file and says the disk is full", r.stderr)
    check(snapshot(site) == before, "the previous site is untouched (full disk)")
    staging = site + ".staging"
    check(not os.path.exists(staging) or staging in r.stderr,
          "the partial site is removed, or named in the message", r.stderr)
    os.unlink(filler)
    r = build(conf)
    check(r.returncode == 0 and not os.path.exists(staging) and
          not os.path.exists(site + ".old"),
          "once space is freed the build succeeds and leaves no staging or old folder",
          r.stderr)


def test_template_halfway(tmp):
    conf = make_site(tmp, issues=6)
    site = os.path.join(tmp, "out", "site")
    r = build(conf)
    if not check(r.returncode == 0, "a first build before the template breaks", r.stderr):
        return
    before = snapshot(site)
    path = os.path.join(tmp, "templates", "article.html")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # A map used as text, reached only by articles with a dateline.
    at = next(i for i, l in enumerate(lines) if "<main" in l) + 1
    lines.insert(at, '<p data-if="article.dateline">{{ article }}</p>')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    r = build(conf)
    check(r.returncode == 2, f"a template that fails on some pages only: status 2 (got {r.returncode})",
          r.stderr)
    check(re.search(rf"article\.html:{at + 1}\b", r.stderr) is not None,
          f"the message names templates/article.html:{at + 1}", r.stderr)
    check(snapshot(site) == before, "the previous site is untouched (template error)")


def test_leftovers(tmp):
    conf = make_site(tmp)
    site = os.path.join(tmp, "out", "site")
    for d in (site + ".staging", site + ".old"):
        os.makedirs(os.path.join(d, "articles"))
        with open(os.path.join(d, "articles", "stale.html"), "w") as f:
            f.write("stale")
    r = build(conf)
    check(r.returncode == 0 and not os.path.exists(site + ".staging") and
          not os.path.exists(site + ".old") and
          not os.path.exists(os.path.join(site, "articles", "stale.html")),
          "leftovers of a killed build (.staging, .old) are cleared", r.stderr)


def test_odd_files(tmp):
    """A content folder of odd files: the build goes on, each is named."""
    conf = make_site(tmp, issues=1)
    content = os.path.join(tmp, "content")
    page = "职工书屋开放\n\n本报讯（记者程远）近日，市职工书屋开放，职工可借阅图书。\n\n责任编辑：许明\n"

    def put(name, data):
        with open(os.path.join(content, name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    put("2026-02-01-p01.txt", b"")
    put("2026-02-01-p02.txt", "责任编辑：许明\n\nE-mail:zgrb@example.cn\n")
    put("2026-02-01-p03.txt", "一线调研\n\n" + "很长的一段，" * 400000 + "\n")
    put("2026-02-01-p04.txt", b"\x00\x01binary")
    put("2026-02-01-p05.txt", page.encode("gb18030"))
    put("2026-02-01-p06.txt", b"\xff\xfe" + page.encode("utf-16-le"))
    put("2026-02-01-p07.txt", page.encode("utf-8")[:20] + b"\xff" + page.encode("utf-8")[20:])
    put("第三版 要闻.txt", page)
    put("专版.txt", page)
    put("特刊.txt", page)
    put("dup-a.txt", "---\ndate: 2026-02-02\npage: 4\n---\n" + page)
    put("dup-b.txt", "---\ndate: 2026-02-02\npage: 4\n---\n" + page.replace("职工书屋", "职工之家"))
    r = build(conf)
    site = os.path.join(tmp, "out", "site")
    check(r.returncode == 0, f"a folder of odd files builds (status {r.returncode})", r.stderr)
    err = r.stderr
    check(re.search(r"2026-02-01-p04\.txt:1:1: error: .*NUL", err) is not None,
          "a binary file is named with its line", err)
    check(re.search(r"2026-02-01-p07\.txt:3:1: error: byte 0xFF at byte offset 20", err) is not None,
          "invalid UTF-8 is named with line and byte offset", err)
    issues = glob.glob(os.path.join(site, "issues", "**", "*.html"), recursive=True)
    ids = sorted(os.path.basename(p)[:-5] for p in issues)
    for want, what in (("2026-02-01-p01", "the empty file"), ("2026-02-01-p02", "the file of only furniture"),
                       ("2026-02-01-p03", "the file of one enormous line"),
                       ("2026-02-01-p05", "the GB18030 file"), ("2026-02-01-p06", "the UTF-16 file")):
        check(want in ids, f"{what} has its issue page", ids)
    check("2026-02-01-p04" not in ids and "2026-02-01-p07" not in ids,
          "the refused files have no page")
    undated = [i for i in ids if i.startswith("undated")]
    check(len(undated) == 3 and all(i.isascii() for i in undated),
          "three files with Chinese names get three ASCII ids", undated)
    check("2026-02-02-p04" in ids and "2026-02-02-p04-2" in ids and
          re.search(r"dup-b\.txt.*warning: .*2026-02-02-p04.*2026-02-02-p04-2", err),
          "two files with the same date and page: the second is -2, with a warning", err)
    arts = glob.glob(os.path.join(site, "articles", "**", "*.html"), recursive=True)
    text = "".join(open(a, encoding="utf-8").read() for a in arts)
    check("职工之家开放" in text and "职工书屋开放" in text,
          "both issues of the same date and page keep their articles")
    r2 = build(conf)
    issues2 = glob.glob(os.path.join(site, "issues", "**", "*.html"), recursive=True)
    check(sorted(os.path.basename(p)[:-5] for p in issues2) == ids,
          "the ids are the same on a second build")
    r = build(conf, "--strict", "--output", os.path.join(tmp, "out", "strict"))
    check(r.returncode == 1, f"with --strict the refused files fail the build (status {r.returncode})")


def test_missing_content(tmp):
    conf = make_site(tmp)
    shutil.rmtree(os.path.join(tmp, "content"))
    r = build(conf)
    check(r.returncode in (2, 3) and "content" in r.stderr and
          not os.path.exists(os.path.join(tmp, "out", "site")),
          f"a missing content folder: status {r.returncode}, named, nothing written", r.stderr)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--inside":
        {"rofs": inside_rofs, "enospc": inside_enospc}[sys.argv[2]](sys.argv[3])
        return 1 if failed else 0
    if not os.path.exists(BAOKAN):
        print("FAIL - ./baokan is not built")
        return 1
    cases = [test_unreadable_issue, test_readonly_permissions, test_parent_is_file,
             test_readonly_fs, test_full_disk, test_template_halfway, test_leftovers,
             test_odd_files, test_missing_content]
    root = tempfile.mkdtemp(prefix="baokan-faults-")
    os.chmod(root, 0o755)
    try:
        for i, case in enumerate(cases):
            tmp = os.path.join(root, str(i))
            os.makedirs(tmp)
            case(tmp)
    finally:
        for d, ds, fs in os.walk(root):
            for x in ds:
                try:
                    os.chmod(os.path.join(d, x), 0o755)
                except OSError:
                    pass
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
