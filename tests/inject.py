#!/usr/bin/env python3
"""Nothing injected: hostile text in every input the generator reads
cannot become markup, script or a link that runs script, and no name
from content or configuration can write outside the output folder or
read a template outside templates/.

A site is built into a temp folder from hostile inputs: issue text,
front matter (edition, paper), a sidecar (NAME.fix: title, author,
column, region, topics), Markdown pages (raw HTML, javascript: links in
every spelling), site.conf (title, tagline, language, base_url), odd
file names, symlinks in content/ and templates/, includes that climb out
of templates/.  Then every file written is scanned:

- HTML: no element name the clean site does not have (apart from the
  ones Markdown makes), no attribute named on*, no inline <script> or one
  whose src is not the site's own, no URL attribute with a javascript:,
  vbscript: or data: scheme, however spelled; the hostile text is still
  there, as text;
- JavaScript (the search index): no "</script", no raw U+2028/U+2029,
  every file parses (node --check when node is there);
- paths: every file is under the output folder, every file name is ASCII,
  nothing outside the output folder changed, the marker of a file reached
  only by a symlink or a ../ include appears nowhere.

Prints "ok - ..." / "FAIL - ..."."""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from html.parser import HTMLParser

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAOKAN = os.path.abspath(os.path.join(TOP, os.environ.get("BAOKAN", "./baokan")))
ENV = dict(os.environ, CI="1", TZ="UTC", LC_ALL="C.UTF-8")
failed = 0

# Text no page may show as markup; each carries "alert(" to find it.
XSS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "</script><script>alert(4)</script>",
    "</title><script>alert(5)</script>",
    "<a href=\"javascript:alert(6)\">x</a>",
    "{{ site.title }}<!--",
    "]]><iframe src=javascript:alert(7)>",
    "\u2028\u2029</SCRIPT >alert(8)",
]
# What a file reached only through a symlink or ../ would show.
SECRET = "SECRET-7c1e-must-not-appear"
# Elements cmark-gfm makes from safe Markdown.
MARKDOWN_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em",
                 "strong", "code", "pre", "blockquote", "hr", "br", "img", "table",
                 "thead", "tbody", "tr", "th", "td", "del", "input", "sup", "section"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "cite", "data", "background",
             "xlink:href", "srcset", "ping", "manifest", "icon"}


def check(cond, what, detail=""):
    global failed
    print(("ok - " if cond else "FAIL - ") + what)
    if not cond:
        failed += 1
        if detail:
            print("    " + str(detail).strip().replace("\n", "\n    ")[:1500])
    return cond


def build(conf, content, out):
    return subprocess.run([BAOKAN, "build", "--config", conf, "--content", content,
                           "--output", out], env=ENV, capture_output=True, text=True,
                          timeout=600)


class Scan(HTMLParser):
    """Collects tags, the bad things in attributes and inline script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.bad, self.in_script = set(), [], False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        d = dict(attrs)
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append(f"<{tag} {k}=...>")
            if k in URL_ATTRS and v is not None:
                # Browsers drop controls and white space inside a scheme.
                u = re.sub(r"[\x00-\x20\x7f]+", "", v).lower()
                if re.match(r"(javascript|vbscript|data|livescript):", u):
                    self.bad.append(f"<{tag} {k}=\"{v[:60]}\">")
            if k == "style" and v and re.search(r"expression|javascript:|url\(", v, re.I):
                self.bad.append(f"<{tag} style=\"{v[:60]}\">")
            if k == "http-equiv" and v and v.lower() == "refresh":
                self.bad.append("<meta http-equiv=refresh>")
        if tag == "script":
            src = d.get("src") or ""
            if not src or "://" in src or src.startswith("//") or not src.endswith(".js"):
                self.bad.append(f"<script src=\"{src[:60]}\">")
            self.in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.bad.append("inline script: " + data.strip()[:60])


def scan_html(path):
    s = Scan()
    with open(path, encoding="utf-8") as f:
        s.feed(f.read())
    s.close()
    return s


def files_under(root):
    out = []
    for d, ds, fs in os.walk(root):
        out += [os.path.join(d, f) for f in fs]
    return sorted(out)


def tree_digest(root, skip):
    """Digest of every file under root except those under the skip paths."""
    out = {}
    for p in files_under(root):
        if any(p == s or p.startswith(s + os.sep) or p.startswith(s + ".") for s in skip):
            continue
        try:
            with open(p, "rb") as f:
                out[p] = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            out[p] = "unreadable"
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def hostile_inputs(tmp):
    content = os.path.join(tmp, "content")
    x = XSS
    # An issue: every kind of line carries a payload.
    write(os.path.join(content, "2026-04-01-p03.txt"),
          "---\ndate: 2026-04-01\npage: 3\n"
          f"edition: 要闻{x[0]}\npaper: 职工日报{x[1]}\n---\n\n"
          f"引题{x[4]}\n\n职工书屋开放{x[0]}\n\n副题{x[2]}\n\n"
          f"本报讯（记者程远{x[3]}）近日，市职工书屋开放{x[1]}。{x[8]}\n\n"
          f"正文第二段{x[5]}，javascript:alert(9) 与 {x[6]} 与 {x[7]}。\n\n"
          f"新闻特写{x[0]}\n\n另一篇的标题{x[1]}\n\n"
          f"本报长沙4月1日电（记者周启明）今天{x[2]}，长沙市总工会开展活动。\n\n"
          f"责任编辑：许明{x[0]}\n")
    # A sidecar: every field correction carries one.
    write(os.path.join(content, "2026-04-01-p03.fix"),
          f"title 10 改过的标题{x[0]}{x[8]}\nkicker 10 {x[3]}\nsubtitle 10 {x[4]}\n"
          f"column 10 {x[1]}\nauthor 10 {x[2]} reporter\nauthor 10 ../../../../tmp/evil reporter\n"
          f"region 10 ../../etc {x[0]}\ntopics 10 ../../evil {x[1]}\n")
    # File names: spaces, Chinese, dots, no ASCII at all.
    write(os.path.join(content, "第三版 要闻..txt"), "职工之家\n\n本报讯 近日，职工之家开放。\n")
    write(os.path.join(content, "..二版.txt"), "送清凉\n\n本报讯 近日，送清凉活动开展。\n")
    # Markdown pages: raw HTML and links that run script.
    write(os.path.join(content, "about.md"),
          f"---\ntitle: 关于{x[4]}\n---\n\n{x[0]}\n\n{x[1]}\n\n"
          "[a](javascript:alert(10)) [b](JaVaScRiPt:alert(11)) [c](&#106;avascript:alert(12)) "
          "[d](java&#x09;script:alert(13)) [e](vbscript:alert(14)) "
          "[f](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNSk8L3NjcmlwdD4=) "
          "![g](javascript:alert(16)) <javascript:alert(17)> [h]( javascript:alert(18))\n\n"
          "[ref]: javascript:alert(19)\n\n[i][ref]\n\n"
          "<div onclick=\"alert(20)\">div</div>\n\n<style>body{background:url(javascript:alert(21))}</style>\n")
    write(os.path.join(content, "关于.md"), "---\ntitle: 第一页\n---\n\n第一页的正文 MDPAGE-ONE。\n")
    write(os.path.join(content, "简介.md"), "---\ntitle: 第二页\n---\n\n第二页的正文 MDPAGE-TWO。\n")
    # Symlinks in content/ to a file and a folder outside it.
    outside = os.path.join(tmp, "outside")
    write(os.path.join(outside, "2026-05-01-p01.txt"), f"秘密\n\n本报讯 {SECRET}。\n")
    write(os.path.join(outside, "secret.md"), f"---\ntitle: x\n---\n\n{SECRET}\n")
    os.symlink(os.path.join(outside, "2026-05-01-p01.txt"), os.path.join(content, "2026-05-02-p01.txt"))
    os.symlink(os.path.join(outside, "secret.md"), os.path.join(content, "secret.md"))
    os.symlink(outside, os.path.join(content, "linked-dir"))
    return content, outside


def hostile_conf(tmp, templates):
    with open(os.path.join(TOP, "site.conf"), encoding="utf-8") as f:
        conf = f.read()
    x = XSS
    conf = re.sub(r"(?m)^title\s*=.*$", f"title = 职工日报{x[0]}{x[1]}", conf)
    conf = re.sub(r"(?m)^tagline\s*=.*$", f"tagline = {x[4]}{x[2]}", conf)
    conf = re.sub(r"(?m)^base_url\s*=.*$", "base_url = https://example.org/\"><script>alert(30)</script>/", conf)
    conf = re.sub(r"(?m)^templates\s*=.*$", f"templates = {templates}", conf)
    conf = re.sub(r"(?m)^assets\s*=.*$", f"assets = {os.path.join(TOP, 'assets')}", conf)
    path = os.path.join(tmp, "site.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(conf)
    return path


def clean_tags(tmp):
    """The element names of the clean sample site."""
    out = os.path.join(tmp, "clean")
    r = subprocess.run([BAOKAN, "build", "--output", out], cwd=TOP, env=ENV,
                       capture_output=True, text=True, timeout=600)
    tags = set()
    if r.returncode == 0:
        for p in files_under(out):
            if p.endswith(".html"):
                tags |= scan_html(p).tags
    return r, tags


def test_site(tmp):
    r, tags = clean_tags(tmp)
    if not check(r.returncode == 0 and tags, "the clean sample site builds", r.stderr):
        return
    templates = os.path.join(tmp, "templates")
    shutil.copytree(os.path.join(TOP, "templates"), templates)
    content, outside = hostile_inputs(tmp)
    conf = hostile_conf(tmp, templates)
    out = os.path.join(tmp, "site")
    # The build's own cache (gen/cache.h) lives beside the output folder.
    cache = os.path.join(tmp, ".baokan-cache")
    before = tree_digest(tmp, [out, cache])
    r = build(conf, content, out)
    if not check(r.returncode == 0, "a site from hostile inputs builds (status 0)",
                 f"status {r.returncode}: {r.stderr}"):
        return
    fixerr = [l for l in r.stderr.splitlines() if ".fix:" in l]
    check(any(re.search(r"\.fix:7: error: .*\.\./\.\./etc", l) for l in fixerr) and
          any(re.search(r"\.fix:8: error: .*\.\./\.\./evil", l) for l in fixerr),
          "a sidecar's ../ region and topic are errors naming NAME.fix:LINE",
          "\n".join(fixerr))
    written = files_under(out)
    html = [p for p in written if p.endswith(".html")]
    js = [p for p in written if p.endswith(".js")]
    check(len(html) > 10 and js, f"pages and scripts written ({len(html)} pages, {len(js)} scripts)")

    # HTML: structure.
    bad, extra = [], set()
    allowed = tags | MARKDOWN_TAGS
    for p in html:
        s = scan_html(p)
        bad += [f"{os.path.relpath(p, out)}: {b}" for b in s.bad]
        extra |= {(t, os.path.relpath(p, out)) for t in s.tags - allowed}
    check(not bad, "no on* attribute, inline script or javascript:/data: URL in any page",
          "\n".join(bad[:20]))
    check(not extra, "no element the clean site does not have (but Markdown's)",
          "\n".join(f"<{t}> in {p}" for t, p in sorted(extra)[:20]))

    # The payloads are shown as text, not dropped.
    alltext = {p: open(p, encoding="utf-8").read() for p in html}
    arts = [t for p, t in alltext.items() if "/articles/" in p]
    check(any("&lt;script&gt;alert(1)&lt;/script&gt;" in t for t in arts),
          "the payload in a headline is shown as text")
    check(any("改过的标题&lt;script&gt;" in t for t in arts),
          "the payload in a sidecar title is shown as text")
    check(any("要闻&lt;script&gt;" in t for t in alltext.values()),
          "the payload in front matter (edition) is shown as text")
    home = alltext.get(os.path.join(out, "index.html"), "")
    check("职工日报&lt;script&gt;alert(1)" in home and "<script>alert" not in home,
          "the payload in site.conf's title is shown as text")
    canon = [m for t in alltext.values() for m in re.findall(r'rel="canonical" href="([^"]*)"', t)]
    check(canon and all(c.startswith("https://example.org/") and '"' not in c for c in canon),
          "a base_url with quotes and markup stays inside the canonical link", canon[:3])
    check(not re.search(r"\{\{|}}", "".join(arts)) or all("{{ site.title }}" not in t or
          "&lt;!--" in t for t in arts),
          "a value holding {{ ... }} is not evaluated again")

    # JavaScript the site writes.
    jbad = []
    for p in js:
        t = open(p, encoding="utf-8").read()
        if re.search(r"</script", t, re.I):
            jbad.append(f"{os.path.relpath(p, out)}: </script")
        if "\u2028" in t or "\u2029" in t:
            jbad.append(f"{os.path.relpath(p, out)}: raw U+2028/U+2029")
    check(not jbad, "no </script or raw U+2028/U+2029 in any script", "\n".join(jbad[:10]))
    if shutil.which("node"):
        nb = []
        for p in js:
            c = subprocess.run(["node", "--check", p], capture_output=True, text=True)
            if c.returncode:
                nb.append(f"{os.path.relpath(p, out)}: {c.stderr[-200:]}")
        check(not nb, f"every script parses ({len(js)} files, node --check)", "\n".join(nb[:5]))
    idx = "".join(open(p, encoding="utf-8").read() for p in js if "/search/" in p)
    check("alert(1)" in idx, "the search index holds the hostile text (escaped, not lost)")
    check("\\u2028" in idx, "U+2028 from a sidecar title reaches the index escaped as \\u2028")

    # Paths.
    names = [os.path.relpath(p, out) for p in written]
    check(all(n.isascii() and ".." not in n.split(os.sep) and " " not in n for n in names),
          "every file written has an ASCII name with no .. or space",
          [n for n in names if not n.isascii() or ".." in n or " " in n][:10])
    cached = [os.path.relpath(p, cache) for p in files_under(cache)]
    check(all(n.isascii() and ".." not in n.split(os.sep) and n.split(os.sep)[0] in ("site", "clean")
              for n in cached),
          f"the build's cache holds only ASCII names under .baokan-cache/OUTPUT ({len(cached)} files)",
          cached[:10])
    after = tree_digest(tmp, [out, cache])
    check(after == before, "nothing outside the output folder was written or changed",
          sorted(set(after.items()) ^ set(before.items()))[:10])
    check(not glob.glob("/tmp/evil*") and not os.path.exists(os.path.join(tmp, "evil")),
          "no file named by a ../ in a sidecar exists")
    leak = [os.path.relpath(p, out) for p in written
            if SECRET in open(p, encoding="utf-8", errors="replace").read()]
    check(not leak, "nothing reached through a symlink in content/ was read", leak[:5])
    check(r.stderr.count("symlink") >= 3 or "symbolic link" in r.stderr,
          "each symlink in content/ is reported", r.stderr[-800:])
    one = [p for p, t in alltext.items() if "MDPAGE-ONE" in t]
    two = [p for p, t in alltext.items() if "MDPAGE-TWO" in t]
    check(one and two and set(one) != set(two),
          "two Markdown pages with Chinese names both survive (distinct URLs)",
          f"MDPAGE-ONE in {one}, MDPAGE-TWO in {two}")


def test_templates(tmp):
    """Includes that climb out of templates/, absolute, or through a symlink."""
    outside = os.path.join(tmp, "outside.html")
    write(outside, f"<div>{SECRET}</div>\n")
    cases = {
        "../outside.html": "a ../ include",
        outside: "an absolute include",
        "partials/../../outside.html": "a partials/../.. include",
    }
    for inc, what in cases.items():
        templates = os.path.join(tmp, "t-" + str(abs(hash(inc)) % 10000))
        shutil.copytree(os.path.join(TOP, "templates"), templates)
        path = os.path.join(templates, "home.html")
        with open(path, encoding="utf-8") as f:
            t = f.read()
        t = t.replace("<main", f'<div data-include="{inc}"></div><main', 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(t)
        conf = hostile_conf(tmp, templates)
        out = os.path.join(tmp, "site-" + os.path.basename(templates))
        r = build(conf, os.path.join(TOP, "content"), out)
        leak = os.path.isdir(out) and any(SECRET in open(p, encoding="utf-8", errors="replace").read()
                                          for p in files_under(out))
        check(r.returncode == 2 and "home.html" in r.stderr and not leak,
              f"{what} is refused when templates load (status 2, home.html named)",
              f"status {r.returncode}: {r.stderr[-400:]}")
    # A symlink inside templates/ to a file outside.
    templates = os.path.join(tmp, "t-symlink")
    shutil.copytree(os.path.join(TOP, "templates"), templates)
    os.symlink(outside, os.path.join(templates, "partials", "evil.html"))
    path = os.path.join(templates, "home.html")
    with open(path, encoding="utf-8") as f:
        t = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(t.replace("<main", '<div data-include="partials/evil.html"></div><main', 1))
    conf = hostile_conf(tmp, templates)
    out = os.path.join(tmp, "site-symlink")
    r = build(conf, os.path.join(TOP, "content"), out)
    leak = os.path.isdir(out) and any(SECRET in open(p, encoding="utf-8", errors="replace").read()
                                      for p in files_under(out))
    check(not leak and r.returncode == 2,
          f"a template that is a symlink out of templates/ is not read (status {r.returncode})",
          r.stderr[-400:])


def test_conf_paths(tmp):
    """A topic slug that climbs out of the output folder."""
    with open(os.path.join(TOP, "site.conf"), encoding="utf-8") as f:
        conf = f.read()
    conf += "\n[topic ../../escape]\nname = 逃逸\nkeywords = 工会\n"
    path = os.path.join(tmp, "slug.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(conf)
    out = os.path.join(tmp, "sub", "site")
    r = subprocess.run([BAOKAN, "build", "--config", path, "--output", out], cwd=TOP, env=ENV,
                       capture_output=True, text=True, timeout=600)
    escaped = glob.glob(os.path.join(tmp, "**", "escape*"), recursive=True)
    escaped = [e for e in escaped if not e.startswith(out + os.sep)]
    check(r.returncode == 2 and "slug.conf:" in r.stderr and not escaped,
          f"a topic slug with ../ is refused as site.conf:LINE (status {r.returncode})",
          r.stderr[-300:] + str(escaped))


def test_conf_url(tmp):
    """A base_url with a script scheme never reaches a page."""
    with open(os.path.join(TOP, "site.conf"), encoding="utf-8") as f:
        conf = f.read()
    for i, bad in enumerate(("javascript:alert(31)//", " JavaScript:alert(32)", "data:text/html,x")):
        path = os.path.join(tmp, f"url{i}.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^base_url\s*=.*$", f"base_url = {bad}", conf))
        r = subprocess.run([BAOKAN, "build", "--config", path, "--output", os.path.join(tmp, f"s{i}")],
                           cwd=TOP, env=ENV, capture_output=True, text=True, timeout=600)
        check(r.returncode == 2 and re.search(rf"url{i}\.conf:\d+: error: .*base_url", r.stderr),
              f"base_url = {bad.strip()} is refused as site.conf:LINE (status {r.returncode})",
              r.stderr[-300:])


def main():
    if not os.path.exists(BAOKAN):
        print("FAIL - ./baokan is not built")
        return 1
    root = tempfile.mkdtemp(prefix="baokan-inject-")
    try:
        for i, case in enumerate((test_site, test_templates, test_conf_paths, test_conf_url)):
            tmp = os.path.join(root, str(i))
            os.makedirs(tmp)
            case(tmp)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
