#!/usr/bin/env python3
"""End-to-end tests of `baokan build` and `baokan parse` on content/ and on
small made-up sites: the pages that must exist, every internal link and
asset resolving, escaping of hostile text, errors that name file:line,
byte-identical rebuilds, a failed build leaving the old site, and every
line of every issue accounted for.  Prints "ok - ..." / "FAIL - ..."."""
import filecmp
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAOKAN = os.path.abspath(os.path.join(TOP, os.environ.get("BAOKAN", "./baokan")))
ENV = dict(os.environ, CI="1", TZ="UTC", LC_ALL="C.UTF-8")
failed = 0


def check(cond, what):
    global failed
    print(("ok - " if cond else "FAIL - ") + what)
    if not cond:
        failed += 1
    return cond


def run(*args, cwd=TOP):
    return subprocess.run([BAOKAN, *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=600)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src", "action") and v is not None:
                self.refs.append((tag, k, v))


def site_files(root):
    out = []
    for d, _, fs in os.walk(root):
        out += [os.path.join(d, f) for f in fs]
    return sorted(out)


def check_links(root):
    bad, count, absolute = [], 0, []
    for f in site_files(root):
        if not f.endswith(".html"):
            continue
        p = Links()
        with open(f, encoding="utf-8") as fh:
            p.feed(fh.read())
        for tag, attr, v in p.refs:
            if re.match(r"^(https?:|mailto:|#)", v) or v == "":
                continue
            if v.startswith("/"):
                absolute.append((f, v))
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(f), v.split("#")[0].split("?")[0]))
            count += 1
            if not os.path.isfile(target):
                bad.append((os.path.relpath(f, root), v))
    return count, bad, absolute


def test_cli():
    r = run("--help")
    check(r.returncode == 0 and "build" in r.stdout and "parse" in r.stdout and "check" in r.stdout,
          "baokan --help lists the commands")
    for c in ("build", "parse", "check"):
        r = run(c, "--help")
        check(r.returncode == 0 and "usage: baokan " + c in r.stdout, f"baokan {c} --help")
    r = run("frobnicate")
    check(r.returncode == 2 and "unknown command" in r.stderr, "unknown command exits 2")
    r = run("build", "--bogus")
    check(r.returncode == 2, "unknown option exits 2")


def test_content_site(tmp):
    out = os.path.join(tmp, "public")
    r = run("build", "--output", out)
    if not check(r.returncode == 0, "make site equivalent builds content/" + ("" if r.returncode == 0 else f" (status {r.returncode}: {r.stderr[-500:]})")):
        return None
    m = re.search(r"(\d+) issues, (\d+) articles, (\d+) pages in [0-9.]+ s", r.stdout)
    check(m is not None and r.stdout.splitlines()[0].endswith("index.html"),
          "build prints the index path and one summary line")
    check(len(r.stdout.splitlines()) == 2 and "\r" not in r.stderr,
          "in a pipe: no progress bar, two lines (index path, summary)")
    if shutil.which("script"):
        env = {k: v for k, v in ENV.items() if k != "CI"}
        t = subprocess.run(["script", "-qec", f"{BAOKAN} build --output {os.path.join(tmp, 'tty')}",
                            "/dev/null"], cwd=TOP, env=env, capture_output=True, text=True, timeout=600)
        check(t.returncode == 0 and "[#" in t.stdout and " issues, " in t.stdout,
              "on a terminal: a progress bar")
    issues = len(glob.glob(os.path.join(TOP, "content", "**", "*.txt"), recursive=True))
    check(m is not None and int(m.group(1)) == issues, f"all {issues} issue files built")
    check(issues >= 8, f"content/ holds at least 8 issues ({issues})")
    for page in ("index.html", "search.html", "about.html", "regions/index.html", "topics/index.html",
                 "reporters/index.html", "dates/index.html", "issues/index.html", "assets/style.css",
                 "assets/search.js"):
        check(os.path.isfile(os.path.join(out, page)), f"page {page} exists")
    check(len(glob.glob(os.path.join(out, "search", "**", "*.js"), recursive=True)) >= 2, "search index files written")
    arts = glob.glob(os.path.join(out, "articles", "**", "*.html"), recursive=True)
    check(m is not None and len(arts) == int(m.group(2)), f"one page per article ({len(arts)})")
    check(len(glob.glob(os.path.join(out, "topics", "*", "index.html"))) >= 5, "topic pages")
    check(len(glob.glob(os.path.join(out, "reporters", "*", "index.html"))) >= 5, "reporter pages")
    check(len(glob.glob(os.path.join(out, "regions", "*", "*", "index.html"))) >= 3, "city pages under provinces")
    check(len(glob.glob(os.path.join(out, "regions", "*", "index.html"))) >= 5, "pages of at least 5 provinces")
    check(len(glob.glob(os.path.join(out, "dates", "*", "*", "index.html"))) >= 4, "pages of at least 4 months")
    count, bad, absolute = check_links(out)
    check(count > 100 and not bad, f"all {count} internal links and assets resolve" +
          (f"; broken: {bad[:5]}" if bad else ""))
    check(not absolute, "no absolute-path links" + (f": {absolute[:3]}" if absolute else ""))
    html = open(arts[0], encoding="utf-8").read() if arts else ""
    check(html.startswith("<!DOCTYPE html>"), "pages start with the HTML5 doctype")
    check("Content-Security-Policy" in html, "pages carry a Content-Security-Policy")
    check(not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script")
    return out


def test_paging(tmp):
    with open(os.path.join(TOP, "site.conf"), encoding="utf-8") as f:
        sc = f.read().replace("page_size = 20", "page_size = 2")
    conf = os.path.join(tmp, "small-pages.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(sc)
    out = os.path.join(tmp, "paged")
    r = run("build", "--config", conf, "--output", out)
    if not check(r.returncode == 0, "build with page_size = 2"):
        return
    second = glob.glob(os.path.join(out, "topics", "*", "2.html"))
    check(len(second) >= 5, f"listings split into pages of 2 ({len(second)} topics have a page 2)")
    count, bad, _ = check_links(out)
    check(not bad, f"pager links resolve ({count} links)" + (f"; broken: {bad[:5]}" if bad else ""))
    with open(os.path.join(out, "topics", "skills-craftsmen", "index.html"), encoding="utf-8") as f:
        page = f.read()
    check(page.count('href="../../articles/') == 2, "a page of a listing shows page_size articles")
    with open(os.path.join(out, "topics", "skills-craftsmen", "1.html"), encoding="utf-8") as f:
        oldest = f.read()
    check(oldest.count('href="../../articles/') == 2 and 'class="count"' not in oldest and
          "第 1 页" in oldest, "page 1 holds the oldest page_size articles, without the total")
    # The pager links a window of pages, and every page is reached from page 1.
    dirs = {os.path.dirname(p) for p in glob.glob(os.path.join(out, "*", "**", "2.html"),
                                                   recursive=True)}
    longest = max(sorted(dirs), key=lambda d: len(glob.glob(os.path.join(d, "*.html"))))
    n = len(glob.glob(os.path.join(longest, "*.html")))
    widest, seen, todo = 0, set(), ["index.html"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        with open(os.path.join(longest, name), encoding="utf-8") as f:
            html = f.read()
        nav = html[html.find('class="pager"'):]
        nav = nav[:nav.find("</nav>")]
        links = set(re.findall(r'href="[^"]*/((?:index|[0-9]+)\.html)"', nav))
        widest = max(widest, len(links))
        todo.extend(links)
    check(n >= 6 and len(seen) == n and widest <= 9 and "…" in open(
          os.path.join(longest, "index.html"), encoding="utf-8").read(),
          f"the pager of a {n}-page listing links at most {widest} pages, with gaps, "
          f"and reaches all {len(seen)}")
    # Pages are numbered from the oldest: a new issue leaves them as they were.
    content = os.path.join(tmp, "paged-content")
    shutil.copytree(os.path.join(TOP, "content"), content)
    out2 = os.path.join(tmp, "paged2")
    r = run("build", "--config", conf, "--content", content, "--output", out2)
    listing_pages = {}
    tops = {}
    for path in glob.glob(os.path.join(out2, "*", "**", "*.html"), recursive=True):
        if not os.path.basename(path)[:-5].isdigit() or "/articles/" in path:
            continue
        st = os.stat(path)
        listing_pages[path] = (st.st_ino, st.st_mtime_ns)
        d = os.path.dirname(path)
        tops[d] = max(tops.get(d, 0), int(os.path.basename(path)[:-5]))
    newest = sorted(glob.glob(os.path.join(content, "2026-*.txt")))[-1]
    with open(newest, encoding="utf-8") as f:
        text = re.sub(r"(?m)^date: .*$", "date: 2026-12-30", f.read())
    with open(os.path.join(content, "2026-12-30-p01.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    r2 = run("build", "--config", conf, "--content", content, "--output", out2)
    moved, kept = [], 0
    for path, was in listing_pages.items():
        k = int(os.path.basename(path)[:-5])
        if k + 4 > tops[os.path.dirname(path)]:
            continue    # within the pager's reach of the newest page
        st = os.stat(path)
        if (st.st_ino, st.st_mtime_ns) != was:
            moved.append(os.path.relpath(path, out2))
        else:
            kept += 1
    fronts = [f for f in glob.glob(os.path.join(out2, "topics", "*", "index.html"))
              if "2026-12-30" in open(f, encoding="utf-8").read()]
    check(r.returncode == 0 and r2.returncode == 0 and kept >= 5 and not moved and len(fronts) >= 1,
          f"a new issue shows on the front pages and leaves the older numbered pages "
          f"untouched ({kept} kept" + (f"; changed: {moved[:3]}" if moved else "") + ")")


def test_urls(out):
    if out is None:
        return
    names = [os.path.relpath(f, out) for f in site_files(out)]
    bad = [n for n in names if not re.fullmatch(r"[a-z0-9./_-]+", n)]
    check(not bad, f"all {len(names)} URLs are lowercase ASCII" + (f": {bad[:5]}" if bad else ""))


def test_deterministic(tmp, first):
    """Another folder, another thread count, a later time: the same bytes."""
    if not check(first is not None, "a first build to compare with"):
        return
    elsewhere = os.path.join(tmp, "elsewhere", "project")
    os.makedirs(elsewhere)
    for d in ("content", "templates", "assets"):
        shutil.copytree(os.path.join(TOP, d), os.path.join(elsewhere, d))
    shutil.copy(os.path.join(TOP, "site.conf"), elsewhere)
    results = []
    for jobs in ("1", "3"):
        out2 = os.path.join(tmp, "again-" + jobs, "site")
        r = run("build", "--jobs", jobs, "--output", out2, cwd=elsewhere)
        if not check(r.returncode == 0, f"build with --jobs {jobs} in another folder"):
            return
        a = [os.path.relpath(f, first) for f in site_files(first)]
        b = [os.path.relpath(f, out2) for f in site_files(out2)]
        same = a == b and all(filecmp.cmp(os.path.join(first, f), os.path.join(out2, f),
                                          shallow=False) for f in a)
        check(same, f"--jobs {jobs}, another folder: byte-identical to the first build ({len(a)} files)")
    # The content folder named by its absolute path: no page says where it was.
    out4 = os.path.join(tmp, "again-abs", "site")
    r = run("build", "--content", os.path.join(elsewhere, "content"), "--output", out4,
            cwd=elsewhere)
    b = [os.path.relpath(f, out4) for f in site_files(out4)] if r.returncode == 0 else []
    differ = [f for f in b if not os.path.exists(os.path.join(first, f))
              or not filecmp.cmp(os.path.join(first, f), os.path.join(out4, f), shallow=False)]
    leaks = [f for f in b if f.endswith(".html") and
             elsewhere in open(os.path.join(out4, f), encoding="utf-8").read()]
    check(r.returncode == 0 and b and not differ and not leaks,
          f"--content as an absolute path: byte-identical, and no page names the folder"
          + (f" (differ: {differ[:3]}, name it: {leaks[:3]})" if differ or leaks else ""))
    dup = os.path.join(tmp, "dups")
    for sub in ("a", "b", "c"):
        os.makedirs(os.path.join(dup, sub))
        shutil.copy(os.path.join(TOP, "content", "2026-03-12-p05.txt"), os.path.join(dup, sub))
    ids = []
    for jobs in ("1", "3"):
        out3 = os.path.join(tmp, "dups-site-" + jobs)
        r = run("build", "--jobs", jobs, "--content", dup, "--output", out3)
        ids.append(sorted(os.listdir(os.path.join(out3, "issues", "2026"))))
    check(ids[0] == ids[1] == ["2026-03-12-p05-2.html", "2026-03-12-p05-3.html", "2026-03-12-p05.html", "index.html"]
          and r.stderr.count("duplicate-issue") == 0 and r.stderr.count("same date and page") == 2,
          f"three files with one date and page get distinct ids, the same with 1 or 3 threads ({ids[0]})")


HOSTILE = """

<script>alert(1)</script>职工之家建设推进会召开

本报讯(记者程远)近日,"><img src=x onerror=alert(1)> 全市职工之家建设推进会召开,javascript:alert(1) 与会代表交流经验。

1. 这一段以数字和点开头,仍是一段正文。

# 这一段以井号开头,也仍是一段正文。
"""


def test_hostile(tmp):
    content = os.path.join(tmp, "hostile")
    os.makedirs(content)
    with open(os.path.join(content, "2026-04-01-p03.txt"), "w", encoding="utf-8") as f:
        f.write(HOSTILE)
    out = os.path.join(tmp, "hostile-site")
    r = run("build", "--content", content, "--output", out)
    if not check(r.returncode == 0, "a page with markup in its text builds"):
        print(r.stderr)
        return
    arts = glob.glob(os.path.join(out, "articles", "**", "*.html"), recursive=True)
    html = open(arts[0], encoding="utf-8").read() if arts else ""
    check("<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html,
          "a <script> in a title shows as text")
    check("<img" not in html, "an <img onerror> in the body shows as text")
    check('href="javascript' not in html, "no javascript: link")
    check("<ol" not in html and "<h1>这一段" not in html and "1. 这一段" in html,
          "a paragraph that begins '1.' or '#' stays a paragraph")
    idx = "".join(open(f, encoding="utf-8").read() for f in glob.glob(os.path.join(out, "search", "**", "*.js"), recursive=True))
    check("</script>" not in idx, "no </script> in the search index")


def same_tree(a, b):
    fa = [os.path.relpath(f, a) for f in site_files(a)]
    fb = [os.path.relpath(f, b) for f in site_files(b)]
    return fa == fb and all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)
                            for f in fa)


def test_incremental(tmp):
    """A rebuild after a change does only what the change needs, and its
    site is byte-identical to a clean build of the same input."""
    proj = os.path.join(tmp, "inc")
    os.makedirs(proj)
    for d in ("content", "templates", "assets"):
        shutil.copytree(os.path.join(TOP, d), os.path.join(proj, d))
    shutil.copy(os.path.join(TOP, "site.conf"), proj)
    site = os.path.join(proj, "public")
    r = run("build", cwd=proj)
    check(r.returncode == 0 and os.path.isdir(os.path.join(proj, ".baokan-cache", "public")),
          "a first build leaves .baokan-cache/ beside the output")
    untouched = os.path.join(site, "articles", "2026", "03", "2026-03-12-p05-01.html")
    before = os.stat(untouched)
    # A listing of the edited issue's other articles, not of the edited one.
    other_list = os.path.join(site, "topics", "women-workers", "index.html")
    edited_list = os.path.join(site, "topics", "legal-supervision", "index.html")
    before_list = os.stat(other_list)
    meta = os.path.join(site, "search", "meta.js")
    before_meta = os.stat(meta)
    r = run("build", cwd=proj)
    check(r.returncode == 0 and "11 issues unchanged, 0 files changed" in r.stdout,
          "a rebuild with nothing changed changes no file (" + r.stdout.strip().splitlines()[-1] + ")")
    after_meta = os.stat(meta)
    check("search index kept" in r.stdout and before_meta.st_ino == after_meta.st_ino and
          before_meta.st_mtime_ns == after_meta.st_mtime_ns,
          "with the same search documents the index is neither made nor written again")
    page = os.path.join(proj, "content", "2025-04-17-p05.txt")
    with open(page, encoding="utf-8") as f:
        text = f.read()
    with open(page, "w", encoding="utf-8") as f:
        f.write(text.replace("监督员“蹲”进车间以后", "监督员走进车间以后"))
    r = run("build", cwd=proj)
    m = re.search(r"(\d+) issues unchanged, (\d+) files changed", r.stdout)
    check(r.returncode == 0 and m and m.group(1) == "10" and 0 < int(m.group(2)) < 40,
          "after editing one issue only it is parsed again and a few files change (" +
          (m.group(0) if m else r.stdout) + ")")
    check("search index kept" not in r.stdout and os.stat(meta).st_mtime_ns >= after_meta.st_mtime_ns,
          "an edited issue changes the search index (patched, or made again)")
    after = os.stat(untouched)
    check(before.st_ino == after.st_ino and before.st_mtime_ns == after.st_mtime_ns,
          "a page the change does not touch is left as it was (same inode and time)")
    after_list = os.stat(other_list)
    check(before_list.st_ino == after_list.st_ino and
          before_list.st_mtime_ns == after_list.st_mtime_ns,
          "a listing that does not show the edited article is left as it was")
    with open(edited_list, encoding="utf-8") as f:
        check("监督员走进车间以后" in f.read(), "the listing that shows it has the new title")
    m = re.search(r"(\d+) pages rendered", r.stdout)
    pages = re.search(r"(\d+) pages in", r.stdout)
    check(m and pages and 0 < int(m.group(1)) < int(pages.group(1)) // 10,
          "only the pages whose context changed are rendered again (" +
          (m.group(0) + " of " + pages.group(1) if m and pages else r.stdout) + ")")
    clean = os.path.join(tmp, "inc-clean")
    run("build", "--clean", "--output", clean, cwd=proj)
    check(same_tree(site, clean), "the incremental site is byte-identical to a clean build")
    # A sidecar changes the search documents as much as the text does.
    fix = os.path.join(proj, "content", "2025-11-13-p04.fix")
    with open(fix, encoding="utf-8") as f:
        fixed = f.read()
    with open(fix, "w", encoding="utf-8") as f:
        f.write(fixed.replace("before 15 9", ""))
    r = run("build", cwd=proj)
    clean_fix = os.path.join(tmp, "inc-clean-fix")
    run("build", "--clean", "--output", clean_fix, cwd=proj)
    check(r.returncode == 0 and "search index kept" not in r.stdout and same_tree(site, clean_fix),
          "a changed sidecar makes the index again; byte-identical to a clean build")
    with open(fix, "w", encoding="utf-8") as f:
        f.write(fixed)
    run("build", cwd=proj)
    os.remove(os.path.join(proj, "content", "2026-03-06-p02.txt"))
    r = run("build", cwd=proj)
    gone = glob.glob(os.path.join(site, "**", "2026-03-06-p02*"), recursive=True)
    check(r.returncode == 0 and not gone, "a removed issue's pages go")
    clean2 = os.path.join(tmp, "inc-clean2")
    run("build", "--clean", "--output", clean2, cwd=proj)
    check(same_tree(site, clean2), "after a removal too, byte-identical to a clean build")
    # A changed template renders again exactly the pages made with it.
    def edit_template(name, old, new):
        path = os.path.join(proj, "templates", name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert old in text, (name, old)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))

    def rendered(r):
        m = re.search(r"(\d+) pages rendered", r.stdout)
        return int(m.group(1)) if m else -1

    def n_pages(pattern):
        return len(glob.glob(os.path.join(site, pattern), recursive=True))

    article = os.path.join(site, "articles", "2026", "03", "2026-03-12-p05-01.html")
    topic = os.path.join(site, "topics", "women-workers", "index.html")
    a0, t0 = os.stat(article), os.stat(topic)
    def marked(mark):
        n = 0
        for path in site_files(site):
            if path.endswith(".html"):
                with open(path, encoding="utf-8") as f:
                    n += mark in f.read()
        return n

    edit_template("list.html", 'class="page-list"', 'class="page-list" data-v="list"')
    r = run("build", cwd=proj)
    lists = marked('data-v="list"')
    a1, t1 = os.stat(article), os.stat(topic)
    check(r.returncode == 0 and "incremental" in r.stdout and rendered(r) == lists > 100 and
          a1.st_ino == a0.st_ino and t1.st_ino != t0.st_ino and "search index kept" in r.stdout,
          f"a changed list.html renders the {lists} listing pages again and no other "
          f"({rendered(r)} rendered; an article page and the search index kept)")
    edit_template("article.html", 'class="page-article"', 'class="page-article" data-v="art"')
    r = run("build", cwd=proj)
    arts = marked('data-v="art"')
    t2 = os.stat(topic)
    check(r.returncode == 0 and "0 issues unchanged" in r.stdout and
          rendered(r) == arts == n_pages("articles/**/*.html") and t2.st_ino == t1.st_ino and
          os.stat(article).st_ino != a1.st_ino and "search index kept" in r.stdout,
          f"a changed article.html parses the issues again and renders their pages, "
          f"not the listings ({rendered(r)} rendered, {arts} articles)")
    edit_template("partials/footer.html", 'class="site-footer"', 'class="site-footer" data-v="f"')
    r = run("build", cwd=proj)
    pages = re.search(r"(\d+) pages in", r.stdout)
    check(r.returncode == 0 and pages and rendered(r) == int(pages.group(1)),
          f"a changed partial used by every page renders every page ({rendered(r)})")
    clean3 = os.path.join(tmp, "inc-clean3")
    run("build", "--clean", "--output", clean3, cwd=proj)
    check(same_tree(site, clean3), "after template changes too, byte-identical to a clean build")
    with open(os.path.join(proj, "site.conf"), "a", encoding="utf-8") as f:
        f.write("\n")
    r = run("build", "--verbose", cwd=proj)
    check(r.returncode == 0 and "a full build" in r.stderr and "incremental" not in r.stdout,
          "a changed site.conf makes a full build")


def bump_digit(path, skip_lines=5):
    """The first digit 0-8 of a long line past the head becomes the next one:
    the same number of characters, so only the keys around it change."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = re.search(r"[0-8]", line)
        if i > skip_lines and m and len(line) > 40:
            lines[i] = line[:m.start()] + str(int(m.group()) + 1) + line[m.end():]
            break
    else:
        return False
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return True


def test_patch(tmp):
    """An archive past the text code's prefix (600 articles): an edit is
    patched into the last index, an edit in the prefix makes it whole again,
    and either way the site is byte-identical to a clean build."""
    corp = os.path.join(tmp, "patch-corpus")
    r = subprocess.run([sys.executable, os.path.join(TOP, "bench", "gen-corpus"),
                        "--articles", "600", "--seed", "11", "--out", corp, "--quiet",
                        "--baokan", BAOKAN], cwd=TOP, capture_output=True, text=True)
    if not check(r.returncode == 0, "gen-corpus makes a 600-article archive"):
        return
    site = os.path.join(tmp, "patch-site")
    r = run("build", "--content", corp, "--output", site, "--quiet")
    check(r.returncode == 0, "the archive builds")
    files = sorted(f for f in os.listdir(corp) if f.endswith(".txt"))

    def rebuild(name, what):
        r = run("build", "--content", corp, "--output", site)
        clean = os.path.join(tmp, "patch-clean-" + name)
        run("build", "--clean", "--content", corp, "--output", clean, "--quiet")
        same = same_tree(site, clean)
        shutil.rmtree(clean, ignore_errors=True)
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr
        return r.returncode == 0 and same, "search index patched" in r.stdout, last

    check(bump_digit(os.path.join(corp, files[len(files) // 2])), "a digit of a middle issue edited")
    same, patched, last = rebuild("middle", "a middle issue")
    check(same and patched, "an edit in the middle of the archive is patched into the index, "
          "and the site is the clean build's (" + last + ")")
    meta = os.path.join(site, "search", "meta.js")
    check(bump_digit(os.path.join(corp, files[1])), "a digit of the second issue edited")
    same, patched, last = rebuild("prefix", "the second issue")
    check(same and not patched, "an edit among the documents the text code was decided from "
          "makes the index whole again, the site the clean build's (" + last + ")")
    for k in range(8):
        bump_digit(os.path.join(corp, files[len(files) * 2 // 3 + k]))
    same, patched, last = rebuild("several", "eight issues")
    check(same and patched, "edits of eight issues are patched together (" + last + ")")
    r = run("build", "--content", corp, "--output", site)
    check(r.returncode == 0 and "search index kept" in r.stdout and os.path.exists(meta),
          "after a patch, a build with nothing changed keeps the index")
    # A new issue after the last (a short one: a long one may move some
    # list to a file of its own, and be refused): its document is added.
    m = re.match(r"(\d{4})-", files[-1])
    added = os.path.join(corp, "%d-01-01-p01.txt" % (int(m.group(1)) + 1))
    with open(added, "w", encoding="utf-8") as f:
        f.write("\n\n桥头镇渡口新设候船驿站\n\n本报讯（记者 石清远）入冬以来，桥头镇渡口的"
                "候船驿站正式启用，船工和往来旅客可以在这里歇脚、取暖、喝上一杯热茶。驿站由镇"
                "工会与航运站共同建设，配有急救箱和手机充电桩。\n")
    same, patched, last = rebuild("added", "a new issue")
    check(same and patched, "an issue added after the last is patched into the index (" + last + ")")
    # Taken away (fewer documents: made whole), then put back as it was:
    # its record stands, but its pages were removed with it.
    os.rename(added, added + ".away")
    same, patched, last = rebuild("removed", "an issue removed")
    check(same and not patched, "an issue removed makes the index whole (" + last + ")")
    os.rename(added + ".away", added)
    same, patched, last = rebuild("back", "the issue put back")
    check(same, "an issue put back as it was gets its pages again (" + last + ")")


def test_plan_sig(tmp):
    """An issue file whose size, times and inode are as the last build
    saw them is not read again (git's stat check); any write changes its
    change time, so an edit is seen even with its modification time put
    back; a file changed just before a build is read until it settles."""
    proj = os.path.join(tmp, "sig")
    os.makedirs(proj)
    for d in ("content", "templates", "assets"):
        shutil.copytree(os.path.join(TOP, d), os.path.join(proj, d))
    shutil.copy(os.path.join(TOP, "site.conf"), proj)
    issues = sorted(f for f in os.listdir(os.path.join(proj, "content")) if f.endswith(".txt"))
    n = len(issues)

    def build():
        r = run("build", "--verbose", cwd=proj)
        m = re.search(r"issue ids planned \((\d+) of (\d+) files read\)", r.stderr)
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:]
        return r, int(m.group(1)) if m else -1, last

    time.sleep(2.2)		# SIG_SETTLE: the copies' change time must settle
    run("build", cwd=proj)
    r, nread, last = build()
    check(r.returncode == 0 and nread == 0 and "0 files changed" in r.stdout,
          "with no file changed, planning reads none of the %d issue files (%d read)" % (n, nread))
    page = os.path.join(proj, "content", issues[3])
    st = os.stat(page)
    with open(page, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"[0-8]", text[200:])
    changed = text[:200 + m.start()] + str(int(m.group()) + 1) + text[200 + m.end():]
    with open(page, "w", encoding="utf-8") as f:
        f.write(changed)
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    check(os.stat(page).st_size == st.st_size and os.stat(page).st_mtime_ns == st.st_mtime_ns,
          "an edit of the same size, its modification time put back")
    time.sleep(2.2)
    r, nread, last = build()
    check(r.returncode == 0 and nread == 1 and "10 issues unchanged" in r.stdout,
          "is seen by its change time: that one file read and built again (" + last + ")")
    r, nread, last = build()
    check(r.returncode == 0 and nread == 0, "and then not read again (%d read)" % nread)
    with open(page, "w", encoding="utf-8") as f:
        f.write(text)
    r, nread, last = build()
    r2, nread2, last = build()
    check(r.returncode == 0 and nread == 1 and "10 issues unchanged" in r.stdout and
          nread2 == 1 and "0 files changed" in r2.stdout,
          "a file changed within 2 s of a build is read at that build and the next "
          "(%d, %d read)" % (nread, nread2))
    time.sleep(2.2)
    r, nread, last = build()
    r2, nread2, last = build()
    check(r.returncode == 0 and r2.returncode == 0 and nread == 1 and nread2 == 0,
          "once it settled, read once more for its signature, then not (%d, then %d read)"
          % (nread, nread2))
    os.utime(page)
    time.sleep(2.2)
    r, nread, last = build()
    check(r.returncode == 0 and nread == 1 and "0 files changed" in r.stdout,
          "a file touched but not changed is read, and nothing is rebuilt (" + last + ")")
    clean = os.path.join(tmp, "sig-clean")
    run("build", "--clean", "--output", clean, cwd=proj)
    check(same_tree(os.path.join(proj, "public"), clean),
          "the site is byte-identical to a clean build")


def test_sidecar(tmp):
    content = os.path.join(tmp, "sidecar")
    os.makedirs(content)
    with open(os.path.join(content, "2026-04-02-p02.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n职工书屋开放\n\n本报讯(记者程远)近日,市职工书屋开放。\n\n"
                "另起一则的正文,这里本应是第二篇。\n")
    with open(os.path.join(content, "2026-04-02-p02.fix"), "w", encoding="utf-8") as f:
        f.write("# editor's corrections\ntitle 3 改过的标题\nsplit 7\ntitle 7 第二篇的标题\n")
    out = os.path.join(tmp, "sidecar-site")
    r = run("build", "--content", content, "--output", out)
    if not check(r.returncode == 0, "a build with a sidecar correction file"):
        print(r.stderr)
        return
    arts = sorted(glob.glob(os.path.join(out, "articles", "**", "*.html"), recursive=True))
    pages = [open(a, encoding="utf-8").read() for a in arts]
    check(len(arts) == 2, "the sidecar's split makes a second article page")
    check(any("<h1" in p and "改过的标题" in p for p in pages) and
          any("第二篇的标题" in p for p in pages), "the pages show the corrected titles")
    with open(os.path.join(content, "2026-04-02-p02.fix"), "a", encoding="utf-8") as f:
        f.write("kind 99 photo\n")
    r = run("check", os.path.join(content, "2026-04-02-p02.txt"))
    check(re.search(r"2026-04-02-p02\.fix:5: error: .*99", r.stdout) is not None,
          "a correction naming a line in no article is reported as NAME.fix:LINE")


def test_errors(tmp):
    conf = os.path.join(tmp, "bad.conf")
    with open(conf, "w") as f:
        f.write("[site]\ntitle = x\ncolour = red\n")
    r = run("build", "--config", conf)
    check(r.returncode == 2 and re.search(r"bad\.conf:3: error: .*colour", r.stderr),
          "an unknown site.conf key stops with FILE:3 and the key")
    with open(conf, "w") as f:
        f.write("[site]\npage_size = many\n")
    r = run("build", "--config", conf)
    check(r.returncode == 2 and "bad.conf:2:" in r.stderr and "page_size" in r.stderr,
          "a bad value stops with FILE:LINE")
    tdir = os.path.join(tmp, "templates")
    shutil.copytree(os.path.join(TOP, "templates"), tdir)
    with open(os.path.join(tdir, "home.html"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    lines.insert(2, "<div><p>unclosed</div>")
    with open(os.path.join(tdir, "home.html"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    with open(os.path.join(TOP, "site.conf"), encoding="utf-8") as f:
        sc = f.read().replace("templates = templates", "templates = " + tdir)
    conf2 = os.path.join(tmp, "tmpl.conf")
    with open(conf2, "w", encoding="utf-8") as f:
        f.write(sc)
    out = os.path.join(tmp, "keep")
    r = run("build", "--config", conf2, "--output", out)
    check(r.returncode == 2 and re.search(r"home\.html:3:\d+", r.stderr),
          "a malformed template stops with templates/NAME:line:col (" + r.stderr.strip()[:120] + ")")
    r = run("build", "--output", out)
    check(r.returncode == 0, "a good build into the output folder")
    before = open(os.path.join(out, "index.html"), "rb").read()
    r = run("build", "--config", conf2, "--output", out)
    check(r.returncode != 0 and open(os.path.join(out, "index.html"), "rb").read() == before,
          "a failed build leaves the previous site intact")
    bin_dir = os.path.join(tmp, "binary")
    os.makedirs(bin_dir)
    with open(os.path.join(bin_dir, "2026-01-01-p01.txt"), "wb") as f:
        f.write(b"\x00\x01\x02binary")
    shutil.copy(os.path.join(TOP, "content", sorted(os.listdir(os.path.join(TOP, "content")))[0]), bin_dir) \
        if os.listdir(os.path.join(TOP, "content")) else None
    r = run("build", "--content", bin_dir, "--output", os.path.join(tmp, "bin-site"))
    check(r.returncode == 0 and "2026-01-01-p01.txt" in r.stderr and "NUL" in r.stderr,
          "a binary issue file is skipped with a message naming it; the rest is built")
    r = run("build", "--strict", "--content", bin_dir, "--output", os.path.join(tmp, "bin-site2"))
    check(r.returncode == 1, "--strict turns a content error into status 1")


def test_accounted():
    files = sorted(glob.glob(os.path.join(TOP, "content", "**", "*.txt"), recursive=True))
    shared = os.path.join(TOP, "..", "shared", "corpus")
    if os.path.isdir(shared):
        files += sorted(glob.glob(os.path.join(shared, "*.txt")))
    else:
        print("skip - ../shared/corpus absent: lines checked over content/ only")
    for path in files:
        r = run("parse", path)
        if not check(r.returncode == 0, f"parse {os.path.basename(path)}"):
            continue
        rec = json.loads(r.stdout)
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            text = f.read().replace("\r\n", "\n").replace("\r", "\n").split("\n")
        start = 0
        if text and text[0].strip() == "---":
            for i in range(1, len(text)):
                if text[i].strip() == "---":
                    start = i + 1
                    break
        want = {i + 1 for i in range(start, len(text)) if text[i].strip(" \t\u3000\u00a0\ufeff\u200b")}
        seen = []
        for a in rec["articles"]:
            seen += a["source_lines"]
        seen += [f["line"] for f in rec["furniture"]]
        check(sorted(seen) == sorted(want) and len(seen) == len(set(seen)),
              f"every non-empty line of {os.path.basename(path)} is in one article or the furniture "
              f"({len(want)} lines)")


def main():
    if not os.path.exists(BAOKAN):
        print("FAIL - ./baokan is not built")
        return 1
    tmp = tempfile.mkdtemp(prefix="baokan-e2e-")
    try:
        test_cli()
        first = test_content_site(tmp)
        test_urls(first)
        test_deterministic(tmp, first)
        test_paging(tmp)
        test_hostile(tmp)
        test_sidecar(tmp)
        test_incremental(tmp)
        test_patch(tmp)
        test_plan_sig(tmp)
        test_errors(tmp)
        test_accounted()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
