/*
 * test_tmpl_esc.c: the template engine writes substituted values the way
 * libxml2's HTML writer wrote them when pages were built as libxml2
 * trees (gen/tmpl_esc.c), byte for byte.  Each check builds the libxml2
 * node the old renderer built, has htmlNodeDumpFormatOutput() write it,
 * and compares: texts, attribute values of every kind (plain, URL,
 * boolean), crafted strings (< > & " ', NBSP, U+2028, invalid UTF-8,
 * controls, NUL) and random ones; then whole renders through
 * tmpl_render(), with values in <script> and <style>, in attributes,
 * in a void element, against the tree the old renderer would have built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "tmpl.h"
#include "tmpl_int.h"
#include "tval.h"
#include "util.h"

/* RANDOM_CASES 3000: enough to draw every pair of the pieces below many times over. */
#define RANDOM_CASES	3000

/* The pieces random strings are made of: what escaping must get right. */
static const char *const pieces[] = {
	"<", ">", "&", "\"", "'", " ", "\t", "\n", "\r", "\x01", "\x08",
	"\x0b", "\x1f", "\x7f", "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xa9",
	"\x80", "\xc3", "\xff", "\xed\xa0\x80", "a", "Z", "0", "\xe4\xb8\xad",
	"&amp;", "&#", "&nbsp;", "&{x}", "<!--", "-->", "{", "}", "%", "%41",
	"javascript:", "http://", ":", "/", "?", "#", "=", ";", ",", "+",
	"@", "`", "\\", "^", "|", "$", "!", "~", "*", "(", ")", "-", "_", ".",
	"[", "]"
};

/* Crafted values, each tried as text and in every kind of attribute. */
static const char *const crafted[] = {
	"", "plain", "a < b && c > d", "say \"hi\"", "it's", "both \" and '",
	"'single' only", "\"double\" only", "nbsp\xc2\xa0here", "line\xe2\x80\xa8sep",
	"bad \x80 utf8 \xc3", "\xff\xfe", "cr\r\nlf", "tab\there", "ctl\x01\x02\x1b",
	"  \t\n lead", "\x01 \x02lead", "javascript:alert(1)", "/a b/c?d=e&f=g#h",
	"http://example.com/中文", "mailto:a@b.c", "&amp; already", "&{x}",
	"<!-- c -->", "100%", "\r", "\x7f",
};

/* A document like the renderer's, new each time: xmlNewProp writes to it. */
static xmlDocPtr
doc_new(void)
{
	return tmpl_out_doc();
}

static int
out_write(void *ctx, const char *p, int n)
{
	buf_put(ctx, p, (size_t)n);
	return n;
}

static void
dump(xmlDocPtr doc, xmlNodePtr n, struct buf *b)
{
	xmlOutputBufferPtr	 ob;

	ob = xmlOutputBufferCreateIO(out_write, NULL, b, NULL);
	htmlNodeDumpFormatOutput(ob, doc, n, "UTF-8", 0);
	xmlOutputBufferClose(ob);
}

/* libxml2's text: s in a <div>, written, less the tags. */
static void
lx_text(const char *s, size_t n, struct buf *out)
{
	xmlDocPtr	 doc = doc_new();
	xmlNodePtr	 div;
	struct buf	 b = BUF_INIT;

	div = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
	xmlAddChild(div, xmlNewDocTextLen(doc, BAD_CAST s, (int)n));
	dump(doc, div, &b);
	if (b.len >= 11)
		buf_put(out, b.ptr + 5, b.len - 11);
	buf_release(&b);
	xmlFreeNode(div);
	xmlFreeDoc(doc);
}

/* libxml2's attribute: <elem name="s"> written, less "<elem" and ">". */
static void
lx_attr(const char *elem, const char *name, const char *s, size_t n,
    struct buf *out)
{
	xmlDocPtr	 doc = doc_new();
	xmlNodePtr	 el;
	struct buf	 b = BUF_INIT;
	char		*v = xstrndup(s, n), *gt;
	size_t		 skip = 1 + strlen(elem);

	el = xmlNewDocNode(doc, NULL, BAD_CAST elem, NULL);
	xmlNewProp(el, BAD_CAST name, BAD_CAST v);
	dump(doc, el, &b);
	if (b.len > skip && (gt = strchr(b.ptr + skip, '>')) != NULL)
		buf_put(out, b.ptr + skip, (size_t)(gt - b.ptr - skip));
	buf_release(&b);
	xmlFreeNode(el);
	xmlFreeDoc(doc);
	free(v);
}

/* Ours: what tmpl_run.c writes for that attribute. */
static void
my_attr(const char *elem, const char *name, const char *s, size_t n,
    struct buf *out)
{
	int	 esc = tmpl_esc_kind(elem, name);

	buf_printf(out, " %s", name);
	if (esc != TESC_BOOL) {
		buf_putc(out, '=');
		tmpl_esc_attr(out, s, n, esc);
	}
}

static void
show(const char *what, const char *s, size_t n, const struct buf *want,
    const struct buf *got)
{
	size_t	 i;

	fprintf(stderr, "  %s of \"", what);
	for (i = 0; i < n; i++)
		fprintf(stderr, (unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] >= 0x7f ? "\\x%02x" : "%c",
		    (unsigned char)s[i]);
	fprintf(stderr, "\"\n  libxml2: %s\n  ours:    %s\n", want->ptr,
	    got->ptr);
}

/* The elements and attributes of every kind the writer tells apart. */
static const char *const attrs[][2] = {
	{ "span", "title" }, { "a", "href" }, { "img", "src" },
	{ "form", "action" }, { "a", "name" }, { "A", "Name" },
	{ "div", "name" }, { "link", "HREF" }, { "input", "checked" },
	{ "script", "defer" }, { "option", "selected" }, { "p", "data-x" },
	{ "svg:a", "xlink:href" }, { "input", "value" }
};

/* 1 if ours matches libxml2 for s as text and in every attribute. */
static int
same_all(const char *s, size_t n, int verbose)
{
	struct buf	 want = BUF_INIT, got = BUF_INIT;
	size_t		 i;
	int		 ok = 1;

	lx_text(s, n, &want);
	tmpl_esc_text(&got, s, n);
	if (want.len != got.len || memcmp(want.ptr, got.ptr, got.len) != 0) {
		ok = 0;
		if (verbose)
			show("text", s, n, &want, &got);
	}
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		buf_reset(&want);
		buf_reset(&got);
		lx_attr(attrs[i][0], attrs[i][1], s, n, &want);
		my_attr(attrs[i][0], attrs[i][1], s, n, &got);
		if (want.len != got.len || memcmp(want.ptr, got.ptr,
		    got.len) != 0) {
			ok = 0;
			if (verbose)
				show(attrs[i][1], s, n, &want, &got);
		}
	}
	buf_release(&want);
	buf_release(&got);
	return ok;
}

/* xorshift: the same strings on every run and machine. */
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A random string of pieces, now and then a NUL or any byte at all. */
static void
rnd_string(struct buf *b)
{
	unsigned	 k, len = rnd(14);

	buf_reset(b);
	for (k = 0; k < len; k++) {
		switch (rnd(40)) {
		case 0:
			buf_put(b, "\0", 1);
			break;
		case 1:
		case 2:
			buf_putc(b, (int)(1 + rnd(255)));
			break;
		default:
			buf_puts(b, pieces[rnd(sizeof(pieces) /
			    sizeof(pieces[0]))]);
		}
	}
}

static void
test_escaping(void)
{
	struct buf	 s = BUF_INIT;
	size_t		 i;
	int		 bad = 0, c;
	char		 all[256];

	for (i = 0; i < sizeof(crafted) / sizeof(crafted[0]); i++)
		if (!same_all(crafted[i], strlen(crafted[i]), 1))
			bad++;
	CHECK(bad == 0, "crafted values: text and attributes as libxml2 "
	    "writes them");

	/* Every byte but NUL, alone and all together. */
	bad = 0;
	for (c = 1; c < 256; c++) {
		all[c - 1] = (char)c;
		if (!same_all(all + c - 1, 1, 1))
			bad++;
	}
	if (!same_all(all, 255, 1))
		bad++;
	CHECK(bad == 0, "each byte 1-255, alone and together, as libxml2 "
	    "writes it");

	/* A NUL ends the value: libxml2 kept it as a C string. */
	CHECK(same_all("ab\0<cd", 6, 1) && same_all("\0x", 2, 1) &&
	    same_all(" \0\"'", 4, 1), "a value ends at its first NUL, as "
	    "in libxml2");

	bad = 0;
	for (i = 0; i < RANDOM_CASES; i++) {
		rnd_string(&s);
		if (!same_all(s.ptr, s.len, bad < 3))
			bad++;
	}
	CHECK(bad == 0, "random strings: text and attributes as libxml2 "
	    "writes them");
	buf_release(&s);
}

/*
 * The tree the old renderer built for the template below, for value x,
 * written by libxml2.  Texts and attribute values went in whole, as a
 * node's content, which libxml2 then read as a C string.
 */
static const char engine_tmpl[] =
    "<div><p>{{ x }}</p><script>{{ x }}</script>"
    "<style>a{{ x }}b</style>"
    "<script><template data-if=\"x\">{{ x }}</template></script>"
    "<p title=\"{{ x }}\" data-y=\"t {{ x }}\">{{ x }}<br/></p>"
    "<a href=\"{{ x }}\" name=\"{{ x }}\">t</a>"
    "<input value=\"{{ x }}\" disabled=\"{{ x }}\"/>"
    "<br>{{ x }}</br><li>{{ x }}</li>"
    "<template data-html=\"x\"></template></div>";

static xmlNodePtr
lx_el(xmlDocPtr doc, xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 el = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);

	xmlAddChild(parent, el);
	return el;
}

/* A text of n bytes, added only when not empty, as the renderer did. */
static void
lx_tx(xmlDocPtr doc, xmlNodePtr parent, const char *s, size_t n)
{
	if (n > 0)
		xmlAddChild(parent, xmlNewDocTextLen(doc, BAD_CAST s, (int)n));
}

/* An empty <li> got an empty text, or libxml2 would drop its end tag. */
static void
lx_keep(xmlDocPtr doc, xmlNodePtr el)
{
	const htmlElemDesc	*d = htmlTagLookup(el->name);

	if (d != NULL && !d->empty && d->saveEndTag && el->children == NULL)
		xmlAddChild(el, xmlNewDocTextLen(doc, BAD_CAST "", 0));
}

static void
lx_engine(const char *x, size_t n, struct buf *out)
{
	xmlDocPtr	 doc = doc_new();
	xmlNodePtr	 div, e;
	struct buf	 v = BUF_INIT;
	htmlDocPtr	 f;

	div = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
	lx_tx(doc, e = lx_el(doc, div, "p"), x, n);
	lx_keep(doc, e);
	lx_tx(doc, e = lx_el(doc, div, "script"), x, n);
	lx_keep(doc, e);
	buf_puts(&v, "a");
	buf_put(&v, x, n);
	buf_puts(&v, "b");
	lx_tx(doc, e = lx_el(doc, div, "style"), v.ptr, v.len);
	lx_keep(doc, e);
	e = lx_el(doc, div, "script");
	if (n > 0)
		lx_tx(doc, e, x, n);
	lx_keep(doc, e);
	e = lx_el(doc, div, "p");
	buf_reset(&v);
	buf_put(&v, x, n);
	xmlNewProp(e, BAD_CAST "title", BAD_CAST v.ptr);
	buf_reset(&v);
	buf_puts(&v, "t ");
	buf_put(&v, x, n);
	xmlNewProp(e, BAD_CAST "data-y", BAD_CAST v.ptr);
	lx_tx(doc, e, x, n);
	lx_el(doc, e, "br");
	lx_keep(doc, e);
	e = lx_el(doc, div, "a");
	buf_reset(&v);
	buf_put(&v, x, n);
	xmlNewProp(e, BAD_CAST "href", BAD_CAST (tmpl_url_ok(x, n) ? v.ptr :
	    "#"));
	xmlNewProp(e, BAD_CAST "name", BAD_CAST v.ptr);
	lx_tx(doc, e, "t", 1);
	lx_keep(doc, e);
	e = lx_el(doc, div, "input");
	xmlNewProp(e, BAD_CAST "value", BAD_CAST v.ptr);
	xmlNewProp(e, BAD_CAST "disabled", BAD_CAST v.ptr);
	lx_tx(doc, lx_el(doc, div, "br"), x, n);
	e = lx_el(doc, div, "li");
	lx_tx(doc, e, x, n);
	lx_keep(doc, e);
	/* data-html: parsed in a <div>, its content copied in. */
	if (n > 0) {
		buf_reset(&v);
		buf_puts(&v, "<div>");
		buf_put(&v, x, n);
		buf_puts(&v, "</div>");
		f = htmlReadMemory(v.ptr, (int)v.len, NULL, "UTF-8",
		    HTML_PARSE_NOIMPLIED | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		for (e = f ? f->children : NULL; e != NULL; e = e->next)
			if (e->type == XML_ELEMENT_NODE) {
				xmlAddChildList(div, xmlDocCopyNodeList(doc,
				    e->children));
				break;
			}
		xmlFreeDoc(f);
	}
	buf_release(&v);
	dump(doc, div, out);
	buf_putc(out, '\n');
	xmlFreeNode(div);
	xmlFreeDoc(doc);
}

/*
 * Values that the data-html part leaves to the cleaner would differ on
 * purpose (no <script>, no on*, no bad links): keep them out of x.
 */
static int
html_clean(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == '<' || s[i] == '\0')
			return 0;
	return 1;
}

static void
test_engine(void)
{
	char		 dir[] = "/tmp/test_tmpl_esc.XXXXXX", *p;
	struct diags	 d = DIAGS_INIT;
	struct tmpl_set	*s;
	struct tval	*ctx;
	struct buf	 x = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	size_t		 i;
	int		 bad = 0, n;

	if (mkdtemp(dir) == NULL)
		die("mkdtemp failed");
	p = path_join(dir, "t.html");
	if (file_write(p, engine_tmpl, strlen(engine_tmpl)) == -1)
		die("cannot write %s", p);
	s = tmpl_set_new(dir, &d);
	CHECK(s != NULL, "the engine test template loads");
	for (i = 0; s != NULL && i < RANDOM_CASES / 3 +
	    sizeof(crafted) / sizeof(crafted[0]); i++) {
		if (i < sizeof(crafted) / sizeof(crafted[0])) {
			buf_reset(&x);
			buf_puts(&x, crafted[i]);
		} else
			rnd_string(&x);
		if (!html_clean(x.ptr, x.len)) {
			/* Without data-html the rest still holds. */
			continue;
		}
		ctx = tv_map(NULL);
		tv_set(ctx, "x", tv_strn(NULL, x.ptr, x.len));
		buf_reset(&want);
		buf_reset(&got);
		lx_engine(x.ptr, x.len, &want);
		n = tmpl_render(s, "t.html", ctx, &got, &d);
		tv_free(ctx);
		if (n != 0 || want.len != got.len || memcmp(want.ptr, got.ptr,
		    got.len) != 0) {
			if (bad++ < 3)
				show("render", x.ptr, x.len, &want, &got);
		}
	}
	CHECK(bad == 0, "values in text, <script>, <style>, attributes, "
	    "void elements and data-html render as the libxml2 tree did");
	tmpl_set_free(s);
	diags_release(&d);
	unlink(p);
	rmdir(dir);
	free(p);
	buf_release(&x);
	buf_release(&want);
	buf_release(&got);
}

/* The pieces random HTML fragments are made of. */
static const char *const hpieces[] = {
	"<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<ol>", "<br>",
	"<br/>", "<hr>", "<img src=\"a b.png\" alt=\"x\">", "<em>", "</em>",
	"<a href=\"javascript:x()\">", "<a href='a\"b'>", "</a>",
	"<a name=\"n m\" HREF=\" /x?y=1&amp;z=ä¸­\">",
	"<input disabled>", "<input value=\"\">", "<option selected>",
	"<table>", "<tr>", "<td>", "</td>", "</table>", "<div>", "</div>",
	"<script>a<b&&c</script>", "<style>p>q{}</style>", "<!-- c -->",
	"<!---->", "<?pi x?>", "&amp;", "&nbsp;", "&#13;", "&lt;", "&gt;",
	"&quot;", "&#x2028;", "text", "ä¸­æ", "\r", "\n",
	" ", "\t", "<P CLASS=x>", "<x:y a:b=\"c\">", "<svg><path d=\"M0\"/></svg>",
	"<![CDATA[x]]>", "<!DOCTYPE html>", "</", "<", ">", "\"", "'",
	"<b onclick=\"x()\">", "<dd>", "<dt>", "</dl>", "<html>", "<body>",
	"</body>", "<textarea><b></textarea>", "<title>t&amp;</title>",
	"<pre>\n x</pre>", "<code>&lt;a&gt;</code>", "\xc2\xa0", "\x80",
	"<span title='it&#39;s \"q\"'>", "<a href=\"\">", "<td nowrap>"
};

/* An element holding a few kinds of kid, for the writer's corners. */
static xmlNodePtr
h_empties(xmlDocPtr doc)
{
	static const char *const names[] = { "li", "p", "body", "html",
	    "dd", "td", "option", "BODY", "x-y", "template", "colgroup" };
	xmlNodePtr	 d = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		xmlAddChild(d, xmlNewDocNode(doc, NULL, BAD_CAST names[i],
		    NULL));
	return d;
}

static xmlNodePtr
h_voids(xmlDocPtr doc)
{
	xmlNodePtr	 d = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
	xmlNodePtr	 br = xmlNewDocNode(doc, NULL, BAD_CAST "br", NULL);
	xmlNodePtr	 img = xmlNewDocNode(doc, NULL, BAD_CAST "IMG", NULL);

	xmlAddChild(d, br);
	xmlAddChild(br, xmlNewDocText(doc, BAD_CAST "lost"));
	xmlAddChild(d, img);
	xmlNewProp(img, BAD_CAST "src", BAD_CAST "a b");
	xmlAddChild(img, xmlNewDocNode(doc, NULL, BAD_CAST "b", NULL));
	return d;
}

static xmlNodePtr
h_raw(xmlDocPtr doc)
{
	static const char *const names[] = { "script", "style", "SCRIPT",
	    "Style", "p" };
	xmlNodePtr	 d = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL), e;
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		e = xmlNewDocNode(doc, NULL, BAD_CAST names[i], NULL);
		xmlAddChild(d, e);
		xmlAddChild(e, xmlNewDocText(doc, BAD_CAST "a<b&c\r>"));
		xmlAddChild(e, xmlNewDocNode(doc, NULL, BAD_CAST "i", NULL));
		xmlAddChild(e, xmlNewDocText(doc, BAD_CAST "d<e"));
	}
	e = xmlNewDocText(doc, BAD_CAST "<noenc>");
	e->name = xmlStringTextNoenc;
	xmlAddChild(d, e);
	return d;
}

static xmlNodePtr
h_misc(xmlDocPtr doc)
{
	xmlNodePtr	 d = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL), e;
	xmlNsPtr	 ns;

	xmlAddChild(d, xmlNewDocComment(doc, BAD_CAST " c <&> "));
	xmlAddChild(d, xmlNewDocPI(doc, BAD_CAST "pi", BAD_CAST "x y"));
	xmlAddChild(d, xmlNewDocPI(doc, BAD_CAST "pi", NULL));
	xmlAddChild(d, xmlNewCDataBlock(doc, BAD_CAST "<raw>", 5));
	xmlAddChild(d, xmlNewReference(doc, BAD_CAST "&amp;"));
	e = xmlNewDocNode(doc, NULL, BAD_CAST "a", NULL);
	xmlAddChild(d, e);
	ns = xmlNewNs(e, BAD_CAST "urn:x", BAD_CAST "x");
	xmlNewNsProp(e, ns, BAD_CAST "href", BAD_CAST "a b");
	xmlNewProp(e, BAD_CAST "name", BAD_CAST "c d");
	e = xmlNewDocNode(doc, ns, BAD_CAST "p", NULL);
	xmlAddChild(d, e);
	xmlAddChild(e, xmlNewDocText(doc, BAD_CAST "t<"));
	return d;
}

static xmlNodePtr (*const hand[])(xmlDocPtr) = {
	h_empties, h_voids, h_raw, h_misc
};

/*
 * Random fragments parsed the way data-html parses them: every node of
 * the top level written by ours and by libxml2's writer must agree.
 */
static void
test_fragments(void)
{
	struct buf	 src = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	xmlDocPtr	 xdoc = tmpl_out_doc();
	htmlDocPtr	 f;
	xmlNodePtr	 top, c;
	unsigned	 i, k, len;
	int		 bad = 0, nodes = 0;

	for (i = 0; i < RANDOM_CASES; i++) {
		buf_reset(&src);
		buf_puts(&src, "<div>");
		len = rnd(16);
		for (k = 0; k < len; k++)
			buf_puts(&src, hpieces[rnd(sizeof(hpieces) /
			    sizeof(hpieces[0]))]);
		buf_puts(&src, "</div>");
		f = htmlReadMemory(src.ptr, (int)src.len, NULL, "UTF-8",
		    HTML_PARSE_NOIMPLIED | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		for (top = f ? f->children : NULL; top != NULL;
		    top = top->next) {
			c = top->type == XML_ELEMENT_NODE ? top->children : top;
			for (; c != NULL; c = c == top ? NULL : c->next) {
				buf_reset(&want);
				buf_reset(&got);
				dump(xdoc, c, &want);
				tmpl_html_write(&got, xdoc, c, 0);
				nodes++;
				if (want.len != got.len || memcmp(want.ptr,
				    got.ptr, got.len) != 0) {
					if (bad++ < 3)
						show("fragment", src.ptr,
						    src.len, &want, &got);
				}
			}
		}
		xmlFreeDoc(f);
	}
	CHECK(bad == 0 && nodes > RANDOM_CASES, "random HTML fragments: "
	    "every node written as libxml2's writer writes it");

	/* Trees the parser does not make, but the writer must still get right. */
	bad = 0;
	for (i = 0; i < sizeof(hand) / sizeof(hand[0]); i++) {
		c = hand[i](xdoc);
		buf_reset(&want);
		buf_reset(&got);
		dump(xdoc, c, &want);
		tmpl_html_write(&got, xdoc, c, 0);
		if (want.len != got.len || memcmp(want.ptr, got.ptr,
		    got.len) != 0) {
			bad++;
			show("tree", "", 0, &want, &got);
		}
		xmlFreeNode(c);
	}
	CHECK(bad == 0, "empty elements, void elements with content, text in "
	    "<script>, comments, PIs written as libxml2 writes them");
	xmlFreeDoc(xdoc);
	buf_release(&src);
	buf_release(&want);
	buf_release(&got);
}

/* libxml2 complains about bad UTF-8 in xmlNewProp: expected here. */
static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int
main(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	test_escaping();
	test_engine();
	test_fragments();
	xmlCleanupParser();
	printf("# %d failed\n", check_failed);
	return check_done();
}
