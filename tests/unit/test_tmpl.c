/*
 * test_tmpl.c: the template engine and the site's templates.
 *
 * Part one writes small templates into a temporary folder and checks each
 * rule of the language (templates/README.md) against the rendered bytes.
 * Part two loads the real templates/ folder (BAOKAN_TEMPLATES, default
 * "templates"), renders every page template with a sample context, and
 * checks that libxml2's HTML parser reads each page back without error
 * and to the same tree.  It also times article.html and renders it from
 * several threads at once.  With TMPL_DUMP=DIR the sample pages are
 * written there too (for looking at them in a browser).
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "tmpl.h"
#include "util.h"

static char	 tmpdir[] = "/tmp/test_tmpl.XXXXXX";

/* Writes a template file under a fresh folder named by tag. */
static char *
setdir(const char *tag)
{
	return path_join(tmpdir, tag);
}

static void
put(const char *dir, const char *name, const char *text)
{
	char	*p = path_join(dir, name);

	if (file_write(p, text, strlen(text)) == -1)
		die("cannot write %s", p);
	free(p);
}

static char *
diag_text(const struct diags *d)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	const struct diag *e;

	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		buf_printf(&b, "%s:%u:%u: %s\n", e->file, e->line, e->col,
		    e->msg);
	}
	return buf_detach(&b);
}

/* Loads dir, renders name with ctx; returns the page or NULL (diags in *err). */
static char *
render_in(const char *dir, const char *name, const struct tval *ctx,
    char **err)
{
	struct diags	 d = DIAGS_INIT;
	struct tmpl_set	*s;
	struct buf	 out = BUF_INIT;
	char		*r = NULL;

	*err = NULL;
	if ((s = tmpl_set_new(dir, &d)) != NULL &&
	    tmpl_render(s, name, ctx, &out, &d) == 0)
		r = buf_detach(&out);
	*err = diag_text(&d);
	buf_release(&out);
	tmpl_set_free(s);
	diags_release(&d);
	return r;
}

/* Renders a one-file template set holding text as t.html. */
static char *
render1(const char *tag, const char *text, const struct tval *ctx, char **err)
{
	char	*dir = setdir(tag), *r;

	put(dir, "t.html", text);
	r = render_in(dir, "t.html", ctx, err);
	free(dir);
	return r;
}

static int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/* Expects a render of text to give exactly want (a trailing newline added). */
static void
expect(const char *tag, const char *text, const struct tval *ctx,
    const char *want, const char *what)
{
	char	*err, *got;
	size_t	 n;

	got = render1(tag, text, ctx, &err);
	n = strlen(want);
	check(got != NULL && strncmp(got, want, n) == 0 &&
	    strcmp(got + n, "\n") == 0, what);
	if (got == NULL || strncmp(got, want, n) != 0 || strcmp(got + n, "\n"))
		fprintf(stderr, "  want: %s\n  got:  %s  diags: %s", want,
		    got ? got : "(null)\n", err);
	free(got);
	free(err);
}

/* Expects loading text as t.html to fail with a message containing want. */
static void
expect_load_error(const char *tag, const char *text, const char *want,
    const char *what)
{
	char	*err, *got;

	got = render1(tag, text, NULL, &err);
	check(got == NULL && has(err, want), what);
	if (got != NULL || !has(err, want))
		fprintf(stderr, "  want error containing: %s\n  got: %s\n",
		    want, err);
	free(got);
	free(err);
}

/*
 * A tree of every kind of value, big enough to outgrow an arena block:
 * 300 keys, a list of 2,000 strings, a string of 100,000 bytes.
 */
static struct tval *
tree_in(struct tv_arena *a, const struct tval *shared)
{
	struct tval	*m = tv_map(a), *l = tv_list(a), *x;
	char		 key[32], *big;
	int		 i;

	big = xmalloc(100001);
	memset(big, 'b', 100000);
	big[100000] = '\0';
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "key-number-%d", i);
		tv_set_int(m, key, i);
	}
	tv_set_str(m, "key-number-7", "replaced");	/* the old value is dropped */
	for (i = 0; i < 2000; i++) {
		x = tv_map(a);
		tv_set_str(x, "t", i % 2 ? "单" : "双");
		tv_set_bool(x, "odd", i % 2);
		tv_push(l, x);
	}
	tv_set(m, "items", l);
	tv_set(m, "big", tv_str(a, big));
	tv_set(m, "html", tv_html(a, "<p>x</p>", 8));
	tv_set(m, "shared", (struct tval *)shared);
	free(big);
	return m;
}

/* Whether fn ends the run with die()'s status, in a child. */
static int
dies(void (*fn)(void))
{
	int	 status = check_child(fn);

	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 3;
}

/* tv_set(heap map, arena value). */
static void
mix_places(void)
{
	tv_set(tv_map(NULL), "x", tv_str(tv_arena_new(), "y"));
}

/*
 * Values made in an arena are the values made on the heap: the same
 * hash and lookups, across blocks and after the arena is emptied and
 * filled again; tv_free() leaves them to the arena (a double free under
 * ASan and valgrind otherwise).  A shared heap value may sit in an arena
 * tree; a value from elsewhere may not.
 */
static void
test_arena(void)
{
	struct tv_arena	*a = tv_arena_new();
	struct tval	*s, *heap, *m;
	uint64_t	 h;
	int		 round, same = 1, found = 1;

	s = tv_share(tv_map(NULL));
	tv_set_str(s, "name", "工会");
	heap = tree_in(NULL, s);
	h = tv_hash(heap, 7);
	for (round = 0; round < 3; round++) {
		m = tree_in(a, s);
		same &= tv_hash(m, 7) == h;
		found &= strcmp(tv_get(m, "key-number-299")->u.str.p, "299") == 0 &&
		    strcmp(tv_get(m, "key-number-7")->u.str.p, "replaced") == 0 &&
		    tv_len(tv_get(m, "items")) == 2000 &&
		    tv_len(tv_get(m, "big")) == 100000 &&
		    tv_get(m, "html")->u.str.html == 1 &&
		    tv_get(m, "shared") == s;
		tv_free(m);
		tv_arena_reset(a);
	}
	check(same, "a tree made in an arena hashes as on the heap, "
	    "three times over in the same arena");
	check(found, "an arena tree's keys, items and long text are found");
	check(strcmp(tv_get(s, "name")->u.str.p, "工会") == 0,
	    "a shared value outlives the arena trees that held it");
	check(dies(mix_places), "a value from an arena put in a heap map "
	    "ends the run");
	tv_free(heap);
	tv_unshare(s);
	tv_arena_free(a);
}

/* tv_set_new() of a key the map has. */
static void
set_new_twice(void)
{
	struct tval	*m = tv_map(NULL);

	tv_set_new_str(m, "issue_title", "a");
	tv_set_new_str(m, "issue_title", "b");
}

/*
 * tv_set_new(), for keys a map does not have: the map is the one
 * tv_set() makes (same hash, same lookups, long keys too), on the heap
 * and in an arena; a NULL string leaves the key unset.  Only the
 * sanitizer builds check for a key the map has.
 */
static void
test_set_new(void)
{
	static const char *const keys[] = { "url", "title", "issue_title",
	    "date_human", "a_key_longer_than_sixteen_bytes" };
	struct tv_arena	*a = tv_arena_new();
	struct tval	*old = tv_map(NULL), *heap = tv_map(NULL), *ar = tv_map(a);
	size_t		 i;
	int		 found = 1;
	char		 v[32];

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(v, sizeof(v), "值%zu", i);
		tv_set_str(old, keys[i], v);
		tv_set_new_str(heap, keys[i], v);
		tv_set_new_str(ar, keys[i], v);
	}
	tv_set(old, "n", tv_int(NULL, 42));
	tv_set_new(heap, "n", tv_int(NULL, 42));
	tv_set_new(ar, "n", tv_int(a, 42));
	tv_set_new_str(heap, "absent", NULL);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(v, sizeof(v), "值%zu", i);
		found &= strcmp(tv_get(heap, keys[i])->u.str.p, v) == 0 &&
		    strcmp(tv_get(ar, keys[i])->u.str.p, v) == 0;
	}
	check(found && strcmp(tv_get(ar, "n")->u.str.p, "42") == 0,
	    "keys set with tv_set_new() are found, long ones too");
	check(tv_hash(heap, 3) == tv_hash(old, 3) &&
	    tv_hash(ar, 3) == tv_hash(old, 3),
	    "a map made with tv_set_new() hashes as one made with tv_set()");
	check(tv_get(heap, "absent") == NULL && tv_len(heap) == tv_len(old),
	    "tv_set_new_str() of NULL leaves the key unset");
#ifdef __SANITIZE_ADDRESS__
	check(dies(set_new_twice), "tv_set_new() of a key the map has ends "
	    "the run in the sanitizer builds");
#else
	(void)set_new_twice;
#endif
	tv_free(old);
	tv_free(heap);
	tv_arena_free(a);
}

/*
 * tv_str_ref(): text borrowed, not copied, is the text copied: the same
 * hash, lookups and page, on the heap and in an arena; freeing the value
 * leaves the text to its owner (a bad free under ASan and valgrind).
 */
static void
test_str_ref(void)
{
	static const char	 tpl[] = "<p title=\"{{ t }}\">{{ t }}</p>";
	struct tv_arena		*a = tv_arena_new();
	struct tval		*cp = tv_map(NULL), *hp = tv_map(NULL), *ar = tv_map(a);
	char			*text = xstrdup("劳动 <合同> & \"纠纷\"");
	char			*p1, *p2, *p3, *e1, *e2, *e3;
	size_t			 n = strlen(text);

	tv_set_str(cp, "t", text);
	tv_set(hp, "t", tv_str_ref(NULL, text, n));
	tv_set(ar, "t", tv_str_ref(a, text, n));
	check(tv_get(hp, "t")->u.str.p == text &&
	    tv_get(ar, "t")->u.str.p == text && tv_len(tv_get(ar, "t")) == n,
	    "tv_str_ref() holds the caller's text and its length");
	check(tv_hash(hp, 5) == tv_hash(cp, 5) && tv_hash(ar, 5) == tv_hash(cp, 5),
	    "borrowed text hashes as copied text");
	p1 = render1("ref", tpl, cp, &e1);
	p2 = render1("ref", tpl, hp, &e2);
	p3 = render1("ref", tpl, ar, &e3);
	check(p1 && p2 && p3 && strcmp(p1, p2) == 0 && strcmp(p1, p3) == 0 &&
	    has(p1, "&lt;合同&gt;"), "borrowed text renders, escaped, as copied");
	tv_free(hp);
	tv_arena_free(a);
	check(strcmp(text, "劳动 <合同> & \"纠纷\"") == 0,
	    "freeing a borrowed value leaves the text to its owner");
	tv_free(cp);
	free(text);
	free(p1);
	free(p2);
	free(p3);
	free(e1);
	free(e2);
	free(e3);
}

static void
test_values(void)
{
	struct tval	*m, *l, *c;
	uint64_t	 h;
	char		 big[1000], key[32], want[16];
	int		 i, bad;

	m = tv_map(NULL);
	tv_set_str(m, "a", "one");
	tv_set_str(m, "a", "two");
	tv_set_str(m, "b", NULL);
	tv_set_int(m, "n", -42);
	tv_set_bool(m, "t", 1);
	tv_set(m, "l", tv_list(NULL));
	check(strcmp(tv_get(m, "a")->u.str.p, "two") == 0 &&
	    tv_len(m) == 4, "tv_set replaces an existing key");
	check(tv_get(m, "b") == NULL, "tv_set_str with NULL leaves the key unset");
	tv_set_int(m, "min", LLONG_MIN);
	tv_set_int(m, "max", LLONG_MAX);
	tv_set_int(m, "zero", 0);
	check(strcmp(tv_get(m, "n")->u.str.p, "-42") == 0 &&
	    strcmp(tv_get(m, "min")->u.str.p, "-9223372036854775808") == 0 &&
	    strcmp(tv_get(m, "max")->u.str.p, "9223372036854775807") == 0 &&
	    strcmp(tv_get(m, "zero")->u.str.p, "0") == 0 &&
	    tv_get(m, "zero")->u.str.n == 1,
	    "tv_int keeps the decimal text");
	check(tv_truthy(tv_get(m, "t")) && !tv_truthy(tv_get(m, "l")) &&
	    !tv_truthy(tv_get(m, "zz")) && tv_truthy(tv_get(m, "n")),
	    "truthiness of bool, empty list, missing, text");
	l = tv_list(NULL);
	tv_push(l, tv_str(NULL, "x"));
	check(tv_len(l) == 1 && tv_get(l, "x") == NULL,
	    "tv_get on a list finds nothing");
	tv_free(l);
	tv_free(m);

	/* Keys live in shared blocks: many, long, and one longer than a block. */
	m = tv_map(NULL);
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "key-number-%d", i);
		tv_set_int(m, key, i);
	}
	tv_set_str(m, big, "big");
	tv_set_str(m, "", "empty");
	for (bad = 0, i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "key-number-%d", i);
		snprintf(want, sizeof(want), "%d", i);
		if (tv_get(m, key) == NULL || strcmp(tv_get(m, key)->u.str.p,
		    want) != 0)
			bad++;
	}
	check(bad == 0 && tv_len(m) == 302 && strcmp(tv_get(m, big)->u.str.p,
	    "big") == 0 && strcmp(tv_get(m, "")->u.str.p, "empty") == 0 &&
	    tv_get(m, "key-number-300") == NULL, "300 keys, a 999-byte key and "
	    "an empty one are all found");
	tv_free(m);

	/*
	 * A shared value in two trees outlives both and hashes as a copy
	 * would (a double free or a leak here fails under ASan and valgrind).
	 */
	l = tv_share(tv_map(NULL));
	tv_set_str(l, "name", "工会");
	m = tv_map(NULL);
	tv_set(m, "a", l);
	c = tv_map(NULL);
	tv_set(c, "a", l);
	h = tv_hash(m, 1);
	tv_free(m);
	tv_free(c);
	check(strcmp(tv_get(l, "name")->u.str.p, "工会") == 0,
	    "a shared value outlives the trees that held it");
	m = tv_map(NULL);
	c = tv_map(NULL);
	tv_set_str(c, "name", "工会");
	tv_set(m, "a", c);
	check(tv_hash(m, 1) == h, "a shared value hashes as its copy does");
	tv_free(m);
	tv_unshare(l);
	test_arena();
	test_set_new();
	test_str_ref();
}

static struct tval *
ctx_basic(void)
{
	struct tval	*c = tv_map(NULL), *p = tv_map(NULL), *l, *it, *in, *il;
	int		 i, j;
	char		 nm[16];

	tv_set_str(p, "title", "<script>alert(1)</script>");
	tv_set_str(p, "attr", "\"><img onerror=x>");
	tv_set(c, "page", p);
	tv_set_str(c, "js", "javascript:alert(1)");
	tv_set_str(c, "yes", "y");
	tv_set_str(c, "empty", "");
	tv_set_bool(c, "t", 1);
	tv_set_bool(c, "f", 0);
	l = tv_list(NULL);
	for (i = 0; i < 3; i++) {
		it = tv_map(NULL);
		snprintf(nm, sizeof(nm), "n%d", i);
		tv_set_str(it, "name", nm);
		il = tv_list(NULL);
		for (j = 0; j < 2; j++) {
			in = tv_map(NULL);
			tv_set_int(in, "v", i * 10 + j);
			tv_push(il, in);
		}
		tv_set(it, "kids", il);
		tv_push(l, it);
	}
	tv_set(c, "items", l);
	tv_set(c, "none", tv_list(NULL));
	l = tv_list(NULL);
	for (i = 0; i < 12; i++)
		tv_push(l, tv_int(NULL, i));
	tv_set(c, "twelve", l);
	tv_set_str(c, "body", "<p>one <em>two</em></p>\n<script>bad()</script>"
	    "<p><a href=\"javascript:x()\" onclick=\"y()\">l</a> &amp; "
	    "<a href=\"https://example.org/\">ok</a></p>");
	return c;
}

static void
test_language(void)
{
	struct tval	*c = ctx_basic();
	char		*got, *err, *dir;
	htmlDocPtr	 h;
	xmlNodePtr	 n;
	xmlChar		*v;
	int		 imgs = 0;

	expect("esc", "<p>{{ page.title }}</p>", c,
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
	    "<script> in a title comes out as text");

	got = render1("attr", "<p><a title=\"{{page.attr}}\" href=\"x/{{page.attr}}\">"
	    "t</a></p>", c, &err);
	h = got ? htmlReadMemory(got, (int)strlen(got), NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING) : NULL;
	v = NULL;
	if (h != NULL) {
		for (n = xmlDocGetRootElement(h); n != NULL; n = n->children)
			if (xmlStrcmp(n->name, BAD_CAST "a") == 0)
				break;
		v = n ? xmlGetProp(n, BAD_CAST "title") : NULL;
		imgs = has(got, "<img");
	}
	check(v != NULL && strcmp((char *)v, "\"><img onerror=x>") == 0 &&
	    !imgs, "\"><img onerror=x> stays inside its attributes");
	xmlFree(v);
	if (h)
		xmlFreeDoc(h);
	free(got);
	free(err);

	expect("js", "<p><a href=\"{{js}}\">a</a><a href=\" JavaScript:x\">b</a>"
	    "<a href=\"java&#9;script:x\">c</a><img src=\"data:x\"/>"
	    "<form action=\"vbscript:x\"></form></p>", c,
	    "<p><a href=\"#\">a</a><a href=\"#\">b</a><a href=\"#\">c</a>"
	    "<img src=\"#\"><form action=\"#\"></form></p>",
	    "javascript:, data: and vbscript: URLs become #");
	expect("urls", "<p><a href=\"https://a.org/x\">a</a><a href=\"mailto:a@b\">b</a>"
	    "<a href=\"../x/index.html?q=a:b#c\">c</a><a title=\"javascript:x\">d</a></p>",
	    c, "<p><a href=\"https://a.org/x\">a</a><a href=\"mailto:a@b\">b</a>"
	    "<a href=\"../x/index.html?q=a:b#c\">c</a><a title=\"javascript:x\">d</a></p>",
	    "http(s), mailto and relative URLs stay; other attributes untouched");

	expect("if", "<div><b data-if=\"yes\">Y</b><b data-if=\"empty\">E</b>"
	    "<b data-if=\"!empty\">notE</b><b data-if=\"t\">T</b><b data-if=\"f\">F</b>"
	    "<b data-if=\"none\">L</b><b data-if=\"items\">I</b><b data-if=\"nope.x\">N</b></div>",
	    c, "<div><b>Y</b><b>notE</b><b>T</b><b>I</b></div>",
	    "data-if truthiness and ! negation");
	expect("else", "<div><b data-if=\"f\">F</b>\n <i data-else=\"\">else</i>"
	    "<b data-if=\"t\">T</b><i data-else=\"\">no</i></div>", c,
	    "<div><i>else</i>\n <b>T</b></div>",
	    "data-else renders only when its data-if was false");
	expect("elif", "<div><b data-if=\"f\">1</b><b data-else=\"\" data-if=\"empty\">2</b>"
	    "<b data-else=\"\" data-if=\"yes\">3</b><b data-else=\"\">4</b></div>", c,
	    "<div><b>3</b></div>", "data-else data-if chains like else-if");

	expect("idx", "<p><b data-each=\"i in twelve\">{{ loop.index }},</b>"
	    "</p>", c, "<p><b>1,</b><b>2,</b><b>3,</b><b>4,</b><b>5,</b>"
	    "<b>6,</b><b>7,</b><b>8,</b><b>9,</b><b>10,</b><b>11,</b>"
	    "<b>12,</b></p>", "loop.index counts past 9");
	expect("each", "<ul><li data-each=\"it in items\" class=\"c{{loop.index}}\">"
	    "{{it.name}}<template data-if=\"loop.first\">F</template>"
	    "<template data-if=\"loop.last\">L</template></li></ul>", c,
	    "<ul><li class=\"c1\">n0F</li><li class=\"c2\">n1</li>"
	    "<li class=\"c3\">n2L</li></ul>",
	    "data-each binds the item and loop.index/first/last");
	expect("nest", "<p><template data-each=\"a in items\"><template "
	    "data-each=\"b in a.kids\">{{a.name}}.{{b.v}}@{{loop.index}} "
	    "</template></template></p>", c,
	    "<p>n0.0@1 n0.1@2 n1.10@1 n1.11@2 n2.20@1 n2.21@2 </p>",
	    "nested loops see the outer item; loop is the innermost");
	expect("eachif", "<ul><li data-each=\"it in items\" data-if=\"!loop.first\">"
	    "{{it.name}}</li><li data-else=\"\">never</li></ul>", c,
	    "<ul><li>n1</li><li>n2</li></ul>",
	    "data-if filters each item of a data-each");
	expect("eachelse", "<ul><li data-each=\"it in none\" data-if=\"it\">x</li>"
	    "<li data-else=\"\">empty</li></ul>", c, "<ul><li>empty</li></ul>",
	    "data-else after an empty filtered loop");
	expect("let", "<div><p data-let=\"k = page.title\" data-if=\"k\">{{k}}</p>"
	    "<ol data-let=\"k = items\"><li data-each=\"x in k\">{{x.name}}</li>"
	    "</ol>{{k}}</div>", c, "<div><p>&lt;script&gt;alert(1)&lt;/script&gt;"
	    "</p><ol><li>n0</li><li>n1</li><li>n2</li></ol></div>",
	    "data-let binds a name for the element and its content only");

	expect("tmpl", "<div><template data-if=\"t\">a<b>b</b></template>"
	    "<template data-each=\"it in items\">{{it.name}}</template></div>", c,
	    "<div>a<b>b</b>n0n1n2</div>", "<template> groups leave no element");
	expect("keep", "<div data-x=\"1\" data-if=\"t\" data-role=\"{{yes}}\">"
	    "<template id=\"row\"><b>{{yes}}</b></template></div>", c,
	    "<div data-x=\"1\" data-role=\"y\"><template id=\"row\"><b>y</b>"
	    "</template></div>",
	    "control attributes go; other data-* and plain <template> stay");
	expect("missing", "<p class=\"{{no.such}}\">[{{nothing}}]</p>", c,
	    "<p class=\"\">[]</p>", "a missing value is the empty string");
	expect("void", "<p>a<br/>b<img src=\"x.png\" alt=\"\"/><input name=\"q\"/>"
	    "<meta charset=\"utf-8\"/></p>", c,
	    "<p>a<br>b<img src=\"x.png\" alt=\"\"><input name=\"q\"><meta "
	    "charset=\"utf-8\"></p>", "void elements serialise as <br>");
	expect("li", "<ul><li></li><li><b/></li><li/></ul>", c,
	    "<ul><li></li><li><b></b></li><li></li></ul>",
	    "an empty <li> keeps its end tag");
	expect("html", "<div class=\"b\" data-html=\"body\"><i>placeholder</i></div>", c,
	    "<div class=\"b\"><p>one <em>two</em></p>\n<p><a href=\"#\">l</a> "
	    "&amp; <a href=\"https://example.org/\">ok</a></p></div>",
	    "data-html inserts a cleaned fragment");
	expect("lit", "<p title=\"a &amp; &lt;b&gt; &quot;\">a &amp; &lt;b&gt;"
	    "\n <i>&#x4e2d;</i>\r\n</p>", c,
	    "<p title='a &amp; &lt;b&gt; \"'>a &amp; &lt;b&gt;\n <i>中</i>\n</p>",
	    "template text is escaped once, never twice");
	tv_set_str(c, "body2", "<p>a&nbsp;b<br>c</p><P onClick=x>d<SCRIPT>e</SCRIPT></P>");
	expect("html2", "<div data-html=\"body2\"/>", c,
	    "<div><p>a\xc2\xa0" "b<br>c</p><p>d</p></div>",
	    "data-html reads HTML that is not XHTML too, and cleans it");
	expect("html3", "<ul><template data-html=\"body\"/></ul>", c,
	    "<ul><p>one <em>two</em></p>\n<p><a href=\"#\">l</a> &amp; "
	    "<a href=\"https://example.org/\">ok</a></p></ul>",
	    "data-html on a <template> inserts only the fragment");
	expect("ws", "<p>{{ \n yes\t}}{{yes}}</p>", c, "<p>yy</p>",
	    "blanks inside the braces are allowed");
	expect("utf8", "<p title=\"标题{{yes}}\">中文 &amp; &lt;{{yes}}&gt;</p>", c,
	    "<p title=\"标题y\">中文 &amp; &lt;y&gt;</p>",
	    "UTF-8 stays UTF-8; entities in the template are text");

	got = render1("doctype", "<!DOCTYPE html>\n<html><head><title>x</title>"
	    "</head><body><p>{{yes}}</p></body></html>", c, &err);
	check(got != NULL && strncmp(got, "<!DOCTYPE html>\n<html>", 22) == 0,
	    "an <html> root gets <!DOCTYPE html>");
	free(got);
	free(err);

	got = render1("listtext", "<p>\n\n{{ items }}</p>", c, &err);
	check(got == NULL && has(err, "t.html:3:0:") && has(err, "items"),
	    "a list used as text is a render error naming the line");
	free(got);
	free(err);
	got = render1("listtext2", "<div>\n<p>a\n{{ items }}\nb\n</p></div>", c, &err);
	check(got == NULL && has(err, "t.html:3:0:"),
	    "a render error inside a long text names the lookup's own line");
	free(got);
	free(err);
	got = render1("eachstr", "<p><b data-each=\"x in yes\">x</b></p>", c, &err);
	check(got == NULL && has(err, "not a list"),
	    "data-each over text is a render error");
	free(got);
	free(err);
	/* Each wrong-type message spells the path as written, dots and all. */
	got = render1("maptext", "<div>\n<p><b data-each=\"it in items\">"
	    "{{ it.kids }}</b></p></div>", c, &err);
	check(got == NULL && has(err, "t.html:2:0: {{ it.kids }} is a list or "
	    "map, not text"), "a list as text: the message names it.kids");
	free(got);
	free(err);
	got = render1("htmlmap", "<div>\n\n<p data-html=\"page\"/></div>", c, &err);
	check(got == NULL && has(err, "t.html:3:0: data-html=\"page\" is not "
	    "text"), "data-html over a map is a render error naming it");
	free(got);
	free(err);
	got = render1("eachtitle", "<div>\n<b data-each=\"x in page.title\">x"
	    "</b></div>", c, &err);
	check(got == NULL && has(err, "t.html:2:0: data-each over "
	    "\"page.title\", which is not a list"),
	    "data-each over text: the message names page.title");
	free(got);
	free(err);

	/* Include, include in a loop, <template> roots, cycles. */
	dir = setdir("inc");
	put(dir, "page.html", "<div>\n<ul><li data-each=\"it in items\" "
	    "data-include=\"partials/item.html\">placeholder</li></ul>"
	    "<p data-include=\"partials/grp.html\"/></div>");
	put(dir, "partials/item.html", "<li class=\"{{loop.index}}\">{{it.name}}"
	    "<span data-include=\"partials/deep/x.html\"/></li>");
	put(dir, "partials/deep/x.html", "<template>!</template>");
	put(dir, "partials/grp.html", "<template><b>{{yes}}</b><i>2</i></template>");
	got = render_in(dir, "page.html", c, &err);
	check(got != NULL && strcmp(got, "<div>\n<ul><li class=\"1\">n0!</li>"
	    "<li class=\"2\">n1!</li><li class=\"3\">n2!</li></ul><b>y</b>"
	    "<i>2</i></div>\n") == 0,
	    "include, include inside a loop, <template> partial roots");
	if (got == NULL || !has(got, "n0!"))
		fprintf(stderr, "  got: %s %s\n", got, err);
	free(got);
	free(err);
	free(dir);

	dir = setdir("cycle");
	put(dir, "a.html", "<div>\n<p data-include=\"b.html\"/></div>");
	put(dir, "b.html", "<div>\n\n<p data-include=\"c.html\"/></div>");
	put(dir, "c.html", "<div><p data-include=\"a.html\"/></div>");
	got = render_in(dir, "a.html", c, &err);
	check(got == NULL && has(err, "include cycle: a.html -> b.html -> c.html"
	    " -> a.html"), "an include cycle is refused at load");
	free(got);
	free(err);
	free(dir);

	dir = setdir("self");
	put(dir, "a.html", "<div><p data-include=\"a.html\"/></div>");
	got = render_in(dir, "a.html", c, &err);
	check(got == NULL && has(err, "a.html:1:0: include cycle: a.html -> a.html"),
	    "a template including itself is a cycle");
	free(got);
	free(err);
	free(dir);

	/* Layout and slot. */
	dir = setdir("layout");
	put(dir, "base.html", "<!DOCTYPE html>\n<html><head><title>{{yes}}"
	    "</title></head><body><header>H</header><main data-slot=\"main\">"
	    "placeholder</main></body></html>");
	put(dir, "p.html", "<main class=\"p\" data-layout=\"base.html\">"
	    "<b>{{page.title}}</b></main>");
	got = render_in(dir, "p.html", c, &err);
	check(got != NULL && strcmp(got, "<!DOCTYPE html>\n<html><head><title>y"
	    "</title></head><body><header>H</header><main class=\"p\"><b>"
	    "&lt;script&gt;alert(1)&lt;/script&gt;</b></main></body></html>\n")
	    == 0, "a page with data-layout fills the layout's slot");
	free(got);
	free(err);
	got = render_in(dir, "base.html", c, &err);
	check(got != NULL && has(got, "<main>placeholder</main>"),
	    "a layout rendered alone keeps its placeholder");
	free(got);
	free(err);
	free(dir);

	dir = setdir("nolayout");
	put(dir, "p.html", "<main data-layout=\"base.html\">x</main>");
	got = render_in(dir, "p.html", c, &err);
	check(got == NULL && has(err, "p.html:1:0: data-layout=\"base.html\": no "
	    "such template"), "an unknown layout is a load error");
	free(got);
	free(err);
	free(dir);

	/* Determinism. */
	got = render1("det", "<div><p data-each=\"it in items\" id=\"i{{loop.index}}\">"
	    "{{it.name}}</p></div>", c, &err);
	{
		char	*again, *err2;

		again = render1("det", "<div><p data-each=\"it in items\" "
		    "id=\"i{{loop.index}}\">{{it.name}}</p></div>", c, &err2);
		check(got != NULL && again != NULL && strcmp(got, again) == 0,
		    "two renders give identical bytes");
		free(again);
		free(err2);
	}
	free(got);
	free(err);
	tv_free(c);
}

static void
test_errors(void)
{
	char	*dir, *got, *err;

	expect_load_error("mal1", "<div>\n  <p>ok</p>\n  <p>one <b>two</p>\n</div>\n",
	    "t.html:3:20: Opening and ending tag mismatch: b line 3 and p",
	    "an unclosed tag on line 3 is reported at 3:20 (after </p>)");
	expect_load_error("mal2", "<div>\n<p>ok</p>\n  <p class=x>t</p>\n</div>\n",
	    "t.html:3:12: AttValue", "an unquoted attribute is reported at 3:12");
	expect_load_error("mal3", "<div>\n<p>&nbsp;</p></div>",
	    "t.html:2:10: Entity 'nbsp' not defined",
	    "HTML entities are not defined in XHTML templates");
	expect_load_error("each", "<div>\n<p data-each=\"foo\">x</p></div>",
	    "t.html:2:0: data-each=\"foo\": expected \"NAME in path\"",
	    "data-each without \" in \" is a load error");
	expect_load_error("each2", "<div><p data-each=\"loop in x\">x</p></div>",
	    "reserved", "data-each cannot bind \"loop\"");
	expect_load_error("brace", "<div>\n<p>\n\n{{ a </p></div>",
	    "t.html:4:0: unbalanced \"{{\"", "an unclosed {{ is a load error "
	    "on its own line");
	expect_load_error("brace3", "<div>\n<p>one\ntwo {{ x }} three\n{{ y\n</p></div>",
	    "t.html:4:0: unbalanced", "an unclosed {{ after good ones is placed on its line");
	expect_load_error("rootelse", "<div data-else=\"\">x</div>", "data-else on the root",
	    "data-else on the root element is refused");
	expect_load_error("brace2", "<div><p title=\"a }} b\">x</p></div>",
	    "unbalanced \"}}\"", "a stray }} is a load error");
	expect_load_error("badpath", "<div><p>{{ a..b }}</p></div>",
	    "expected a path", "a malformed path is a load error");
	expect_load_error("ifbraces", "<div><p data-if=\"{{a}}\">x</p></div>",
	    "expected a bare path", "data-if takes a bare path");
	expect_load_error("else", "<div>\n<p>x</p>\n<p data-else=\"\">y</p></div>",
	    "t.html:3:0: p: data-else without a data-if",
	    "data-else without a preceding data-if is a load error");
	expect_load_error("else2", "<div><p data-if=\"a\">x</p> text <p data-else=\"\">y"
	    "</p></div>", "data-else without", "text between data-if and data-else "
	    "breaks the pair");
	expect_load_error("incname", "<div><p data-include=\"../etc/x.html\"/></div>",
	    "not a template name", "an include outside the folder is refused");
	expect_load_error("incname2", "<div><p data-include=\"/abs.html\"/></div>",
	    "not a template name", "an absolute include is refused");
	expect_load_error("lay", "<div><p data-layout=\"base.html\"/></div>",
	    "belongs on the root", "data-layout away from the root is refused");
	expect_load_error("slot", "<div><p data-slot=\"side\"/></div>",
	    "the only slot is", "an unknown slot name is refused");
	expect_load_error("ent", "<!DOCTYPE div [<!ENTITY x \"boom\">]>\n<div>&x;</div>",
	    "entities are not expanded", "entity references are refused");

	dir = setdir("noinc");
	put(dir, "page.html", "<div>\n\n<p data-include=\"partials/nope.html\"/></div>");
	got = render_in(dir, "page.html", NULL, &err);
	check(got == NULL && has(err, "noinc/page.html:3:0: data-include="
	    "\"partials/nope.html\": no such template"),
	    "an unknown include names the file and line");
	free(got);
	free(err);
	free(dir);

	dir = setdir("missingdir/none");
	got = render_in(dir, "x.html", NULL, &err);
	check(got == NULL && has(err, "cannot read the templates folder"),
	    "a missing folder is an error");
	free(got);
	free(err);
	free(dir);
}

/* --- the real templates, with sample contexts --- */

static struct tval *
lnk(const char *name, const char *url)
{
	struct tval	*m = tv_map(NULL);

	tv_set_str(m, "name", name);
	tv_set_str(m, "url", url);
	return m;
}

static struct tval *
item(int i)
{
	static const char *const titles[] = {
		"“攥指成拳”让维权更高效、监督更有力",
		"湖南省总工会发布新就业形态劳动者服务十条措施",
		"汉中工务段举办2026年职业技能竞赛",
		"一线职工的“微创新”撬动大效益",
	};
	struct tval	*m = tv_map(NULL), *tp = tv_list(NULL);
	char		 url[64];

	snprintf(url, sizeof(url), "article/2026/05/20260521-05-%02d.html", i);
	tv_set_str(m, "url", url);
	tv_set_str(m, "title", titles[i % 4]);
	tv_set_str(m, "kicker", i % 2 ? NULL :
	    "菏泽市总工会构建多元协同劳动法律监督机制，主动防范风险");
	tv_set_str(m, "subtitle", i == 1 ? "“十条措施”覆盖快递、外卖、网约车三类群体" :
	    NULL);
	tv_set_str(m, "kind_name", i % 3 ? "消息" : "通讯");
	tv_set_str(m, "date", "2026-05-21");
	tv_set_str(m, "date_human", "2026年5月21日");
	tv_set_str(m, "issue_title", "2026年5月21日 第5版");
	tv_set_str(m, "issue_url", "issue/2026/05/20260521-05.html");
	tv_set_str(m, "region", "山东省 菏泽市");
	tv_set_str(m, "authors", "本报记者 田国奎");
	tv_push(tp, lnk("劳动法律监督", "topics/legal-supervision/index.html"));
	tv_push(tp, lnk("新就业形态", "topics/new-employment/index.html"));
	tv_set(m, "topics", tp);
	tv_set_str(m, "excerpt", "“感谢工会多方协调，帮我讨回工资差额和赔偿金。"
	    "”5月18日，快递员王某某专程向山东省菏泽市牡丹区总工会职工法律维权"
	    "中心工作人员表达谢意……");
	return m;
}

static struct tval *
ctx_common(const char *kind, const char *title, const char *root)
{
	struct tval	*c = tv_map(NULL), *site = tv_map(NULL), *page = tv_map(NULL);

	tv_set_str(site, "title", "工人日报·数字报刊归档");
	tv_set_str(site, "tagline", "工会新闻，按版面、地区与专题检索");
	tv_set_str(site, "language", "zh-CN");
	tv_set_str(site, "base_url", "");
	tv_set(c, "site", site);
	tv_set_str(c, "root", root);
	tv_set_str(page, "title", title);
	tv_set_str(page, "kind", kind);
	tv_set_str(page, "description", "工会新闻归档");
	tv_set_str(page, "canonical", "");
	tv_set(c, "page", page);
	return c;
}

static struct tval *
ctx_article(void)
{
	struct tval	*c, *a, *iss, *au, *aus, *regs, *r, *parts, *tps, *src,
			*lines, *ln, *pv;
	struct buf	 body = BUF_INIT;
	int		 i;
	char		 txt[64];

	c = ctx_common("article", "“攥指成拳”让维权更高效、监督更有力", "../../../");
	a = tv_map(NULL);
	tv_set_str(a, "id", "20260521-05-01");
	tv_set_str(a, "url", "article/2026/05/20260521-05-01.html");
	tv_set_str(a, "kind", "feature");
	tv_set_str(a, "kind_name", "通讯");
	tv_set_str(a, "kicker", "菏泽市总工会构建多元协同劳动法律监督机制，主动防范风险");
	tv_set_str(a, "title", "“攥指成拳”让维权更高效、监督更有力");
	tv_set_str(a, "subtitle", "职工法律维权中心一年化解劳动争议三百余件");
	tv_set_str(a, "column", "工会创新实践调研行");
	tv_set_str(a, "dateline", "本报菏泽5月20日电");
	tv_set_str(a, "summary", "面对新就业形态劳动者增多、劳动关系复杂化的新形势，"
	    "菏泽市总工会聚焦“部门协同、关口前移、能力提升”，构建多元协同劳动"
	    "法律监督新机制。");
	for (i = 0; i < 12; i++) {
		if (i == 4)
			buf_puts(&body, "<h2>多元协同聚合力</h2>\n");
		buf_puts(&body, "<p>“单一部门力量有限，‘攥指成拳’才能让维权更高效、"
		    "监督更有力。”菏泽市总工会相关负责人介绍，市总工会以“一函两书”"
		    "为载体，搭建“工会+法院+检察院+人社+司法”多元协同平台，形成"
		    "“预防—援助—处置—保障”全链条维权闭环。</p>\n");
	}
	tv_set_str(a, "body_html", body.ptr);
	buf_release(&body);
	tv_set_str(a, "date", "2026-05-21");
	tv_set_str(a, "date_human", "2026年5月21日");
	tv_set_bool(a, "truncated", 1);
	iss = tv_map(NULL);
	tv_set_str(iss, "id", "20260521-05");
	tv_set_str(iss, "url", "issue/2026/05/20260521-05.html");
	tv_set_str(iss, "title", "2026年5月21日 第5版");
	tv_set_str(iss, "page", "5");
	tv_set(a, "issue", iss);
	aus = tv_list(NULL);
	au = lnk("田国奎", "reporters/tian-guokui/index.html");
	tv_set_str(au, "role", "reporter");
	tv_set_str(au, "role_name", "本报记者");
	tv_push(aus, au);
	au = lnk("李 明", "");
	tv_set_str(au, "role", "correspondent");
	tv_set_str(au, "role_name", "通讯员");
	tv_push(aus, au);
	tv_set(a, "authors", aus);
	regs = tv_list(NULL);
	r = tv_map(NULL);
	tv_set_str(r, "label", "山东省 菏泽市 牡丹区");
	parts = tv_list(NULL);
	tv_push(parts, lnk("山东省", "regions/shandong/index.html"));
	tv_push(parts, lnk("菏泽市", "regions/shandong/heze/index.html"));
	tv_push(parts, lnk("牡丹区", "regions/shandong/heze/mudan/index.html"));
	tv_set(r, "parts", parts);
	tv_push(regs, r);
	tv_set(a, "regions", regs);
	tps = tv_list(NULL);
	tv_push(tps, lnk("劳动法律监督", "topics/legal-supervision/index.html"));
	tv_push(tps, lnk("劳动争议调解", "topics/dispute-mediation/index.html"));
	tv_set(a, "topics", tps);
	src = tv_map(NULL);
	tv_set_str(src, "file", "000_feb8af84f43498c4.txt");
	lines = tv_list(NULL);
	for (i = 3; i < 30; i += 2) {
		ln = tv_map(NULL);
		tv_set_int(ln, "n", i);
		snprintf(txt, sizeof(txt), "第%d行：菏泽市总工会构建多元协同机制", i);
		tv_set_str(ln, "text", txt);
		tv_push(lines, ln);
	}
	tv_set(src, "lines", lines);
	tv_set(a, "source", src);
	pv = tv_map(NULL);
	tv_set_str(pv, "url", "article/2026/05/20260521-05-00.html");
	tv_set_str(pv, "title", "湖南省总工会发布新就业形态劳动者服务十条措施");
	tv_set(a, "prev", pv);
	pv = tv_map(NULL);
	tv_set_str(pv, "url", "article/2026/05/20260521-05-02.html");
	tv_set_str(pv, "title", "汉中工务段举办2026年职业技能竞赛");
	tv_set(a, "next", pv);
	tv_set(c, "article", a);
	return c;
}

static struct tval *
ctx_list(void)
{
	struct tval	*c, *l, *bc, *kids, *k, *k2, *k3, *items, *pg, *links, *ln;
	int		 i, j;
	char		 nm[32], url[64];

	c = ctx_common("list", "山东省", "../../");
	l = tv_map(NULL);
	tv_set_str(l, "heading", "山东省");
	tv_set_str(l, "description", "按地区浏览：省、市、县三级。");
	tv_set_int(l, "count", 1234);
	bc = tv_list(NULL);
	tv_push(bc, lnk("地区", "regions/index.html"));
	tv_push(bc, lnk("山东省", ""));
	tv_set(l, "breadcrumbs", bc);
	kids = tv_list(NULL);
	for (i = 0; i < 3; i++) {
		k = lnk(i == 0 ? "菏泽市" : i == 1 ? "济南市" : "青岛市",
		    "regions/shandong/heze/index.html");
		tv_set_int(k, "count", 40 - i * 7);
		k2 = tv_list(NULL);
		for (j = 0; j < 3; j++) {
			snprintf(nm, sizeof(nm), "%s", j == 0 ? "牡丹区" :
			    j == 1 ? "巨野县" : "单县");
			k3 = lnk(nm, "regions/shandong/heze/mudan/index.html");
			tv_set_int(k3, "count", 9 - j);
			tv_set(k3, "children", tv_list(NULL));
			tv_push(k2, k3);
		}
		tv_set(k, "children", k2);
		tv_push(kids, k);
	}
	tv_set(l, "children", kids);
	items = tv_list(NULL);
	for (i = 0; i < 4; i++)
		tv_push(items, item(i));
	tv_set(l, "items", items);
	pg = tv_map(NULL);
	tv_set_str(pg, "page", "2");
	tv_set_str(pg, "pages", "12");
	tv_set_bool(pg, "multi", 1);
	tv_set_str(pg, "prev_url", "regions/shandong/index.html");
	tv_set_str(pg, "next_url", "regions/shandong/page-3.html");
	links = tv_list(NULL);
	for (i = 1; i <= 5; i++) {
		ln = tv_map(NULL);
		snprintf(nm, sizeof(nm), "%d", i);
		snprintf(url, sizeof(url), "regions/shandong/page-%d.html", i);
		tv_set_str(ln, "n", i == 4 ? "…" : nm);
		tv_set_str(ln, "url", i == 4 ? "" : url);
		tv_set_bool(ln, "current", i == 2);
		tv_push(links, ln);
	}
	tv_set(pg, "links", links);
	tv_set(l, "pager", pg);
	tv_set(c, "list", l);
	return c;
}

static struct tval *
ctx_issue(void)
{
	struct tval	*c, *is, *eds, *arts, *fur, *ln, *pv;
	int		 i;

	c = ctx_common("issue", "2026年5月21日 第5版", "../../");
	is = tv_map(NULL);
	tv_set_str(is, "id", "20260521-05");
	tv_set_str(is, "url", "issue/2026/05/20260521-05.html");
	tv_set_str(is, "title", "2026年5月21日 第5版");
	tv_set_str(is, "date", "2026-05-21");
	tv_set_str(is, "date_human", "2026年5月21日 星期四");
	tv_set_str(is, "page", "5");
	tv_set_str(is, "edition", "工会新闻");
	tv_set_str(is, "paper", "工人日报");
	eds = tv_list(NULL);
	tv_push(eds, lnk("王伟", ""));
	tv_push(eds, lnk("陈晓", ""));
	tv_set(is, "editors", eds);
	arts = tv_list(NULL);
	for (i = 0; i < 4; i++)
		tv_push(arts, item(i));
	tv_set(is, "articles", arts);
	fur = tv_list(NULL);
	ln = tv_map(NULL);
	tv_set_int(ln, "n", 1);
	tv_set_str(ln, "text", "2026年5月21日 星期四 5 工会新闻");
	tv_push(fur, ln);
	tv_set(is, "furniture", fur);
	tv_set_str(is, "source_file", "000_feb8af84f43498c4.txt");
	pv = tv_map(NULL);
	tv_set_str(pv, "url", "issue/2026/05/20260521-04.html");
	tv_set_str(pv, "title", "2026年5月21日 第4版");
	tv_set(is, "prev", pv);
	tv_set(c, "issue", is);
	return c;
}

static struct tval *
ctx_home(void)
{
	struct tval	*c, *h, *st, *li, *l, *m;
	int		 i;

	c = ctx_common("home", "", "");
	h = tv_map(NULL);
	st = tv_map(NULL);
	tv_set_int(st, "issues", 812);
	tv_set_int(st, "articles", 6403);
	tv_set(h, "stats", st);
	li = tv_list(NULL);
	for (i = 0; i < 3; i++) {
		m = lnk("", "issue/2026/05/20260521-05.html");
		tv_set_str(m, "title", "2026年5月21日 第5版");
		tv_set_str(m, "date_human", "2026年5月21日");
		tv_set_int(m, "count", 7 - i);
		tv_push(li, m);
	}
	tv_set(h, "latest_issues", li);
	l = tv_list(NULL);
	for (i = 0; i < 4; i++)
		tv_push(l, item(i));
	tv_set(h, "latest", l);
	l = tv_list(NULL);
	m = lnk("劳动法律监督", "topics/legal-supervision/index.html");
	tv_set_int(m, "count", 120);
	tv_push(l, m);
	tv_set(h, "topics", l);
	l = tv_list(NULL);
	m = lnk("山东省", "regions/shandong/index.html");
	tv_set_int(m, "count", 300);
	tv_push(l, m);
	tv_set(h, "provinces", l);
	l = tv_list(NULL);
	m = lnk("2026年", "dates/2026/index.html");
	tv_set_int(m, "count", 800);
	tv_push(l, m);
	tv_set(h, "years", l);
	tv_set(c, "home", h);
	return c;
}

static struct tval *
ctx_search(void)
{
	struct tval	*c, *s, *l, *m;

	c = ctx_common("search", "搜索", "");
	s = tv_map(NULL);
	l = tv_list(NULL);
	m = tv_map(NULL);
	tv_set_str(m, "slug", "legal-supervision");
	tv_set_str(m, "name", "劳动法律监督");
	tv_push(l, m);
	tv_set(s, "topics", l);
	l = tv_list(NULL);
	tv_push(l, lnk("山东省", ""));
	tv_push(l, lnk("湖南省", ""));
	tv_set(s, "provinces", l);
	l = tv_list(NULL);
	m = tv_map(NULL);
	tv_set_str(m, "slug", "news");
	tv_set_str(m, "name", "消息");
	tv_push(l, m);
	tv_set(s, "kinds", l);
	tv_set(c, "search", s);
	return c;
}

static struct tval *
ctx_page(void)
{
	struct tval	*c, *d;

	c = ctx_common("page", "关于本站", "");
	d = tv_map(NULL);
	tv_set_str(d, "title", "关于本站");
	tv_set_str(d, "body_html", "<p>本站收录报纸版面导出的文字。</p>\n"
	    "<ul>\n<li>按<a href=\"issues/index.html\">版面</a>浏览</li>\n</ul>\n");
	tv_set(c, "doc", d);
	return c;
}

/* libxml2's HTML parser predates HTML5: unknown tags are its only complaint. */
struct perr {
	int	 n;		/* errors other than unknown tags */
	char	 first[200];	/* the first of them */
};

static void
perr_cb(void *data, xmlErrorPtr e)
{
	struct perr	*p = ((xmlParserCtxtPtr)data)->_private;

	if (e->code == XML_HTML_UNKNOWN_TAG || e->level < XML_ERR_ERROR)
		return;
	if (p->n++ == 0)
		snprintf(p->first, sizeof(p->first), "%d:%d: %s", e->line,
		    e->int2, e->message);
}

static int
out_cb(void *ctx, const char *p, int n)
{
	buf_put(ctx, p, (size_t)n);
	return n;
}

/*
 * 0 if page parses as HTML without errors and serialises back to the same
 * bytes, which shows the parser built the tree we meant (an element that
 * lost its end tag would have swallowed its siblings and print differently).
 */
static int
reparse(const char *page, char *why, size_t whyn)
{
	htmlParserCtxtPtr	 ctxt;
	htmlDocPtr		 h;
	struct perr		 pe;
	xmlOutputBufferPtr	 ob;
	struct buf		 b = BUF_INIT;
	int			 r = 0;
	size_t			 i;

	memset(&pe, 0, sizeof(pe));
	ctxt = htmlNewParserCtxt();
	ctxt->_private = &pe;
	ctxt->sax->serror = perr_cb;
	h = htmlCtxtReadMemory(ctxt, page, (int)strlen(page), NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (h == NULL || pe.n > 0) {
		snprintf(why, whyn, "parse: %s", pe.first);
		r = -1;
	} else {
		ob = xmlOutputBufferCreateIO(out_cb, NULL, &b, NULL);
		htmlDocContentDumpFormatOutput(ob, h, "UTF-8", 0);
		xmlOutputBufferClose(ob);
		if (strcmp(b.ptr, page) != 0) {
			for (i = 0; b.ptr[i] == page[i]; i++)
				continue;
			snprintf(why, whyn, "round trip differs at byte %zu: "
			    "\"%.60s\" vs \"%.60s\"", i, page + i, b.ptr + i);
			r = -1;
		}
	}
	buf_release(&b);
	if (h)
		xmlFreeDoc(h);
	htmlFreeParserCtxt(ctxt);
	return r;
}

struct job {
	const struct tmpl_set	*s;	/* shared set */
	const struct tval	*c;	/* shared context */
	const char		*want;	/* the single-thread page */
	int			 bad;	/* renders that differed */
};

static void *
job_run(void *arg)
{
	struct job	*j = arg;
	struct diags	 d = DIAGS_INIT;
	struct buf	 out = BUF_INIT;
	int		 i;

	for (i = 0; i < 200; i++) {
		buf_reset(&out);
		if (tmpl_render(j->s, "article.html", j->c, &out, &d) == -1 ||
		    strcmp(out.ptr, j->want) != 0)
			j->bad++;
	}
	buf_release(&out);
	diags_release(&d);
	return NULL;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_site(void)
{
	static const char *const names[] = {
		"article.html", "list.html", "issue.html", "home.html",
		"search.html", "page.html"
	};
	struct tval	*(*const mk[])(void) = {
		ctx_article, ctx_list, ctx_issue, ctx_home, ctx_search, ctx_page
	};
	const char	*dir = getenv("BAOKAN_TEMPLATES");
	const char	*dump = getenv("TMPL_DUMP");
	struct diags	 d = DIAGS_INIT;
	struct tmpl_set	*s;
	struct buf	 out = BUF_INIT, art = BUF_INIT;
	struct tval	*c;
	struct job	 jobs[4];
	pthread_t	 th[4];
	char		 what[200], why[300], *p;
	double		 t0, t1;
	size_t		 i;
	int		 n, bad;

	if (dir == NULL)
		dir = "templates";
	s = tmpl_set_new(dir, &d);
	check(s != NULL, "the site's templates/ load without errors");
	if (s == NULL) {
		diag_print(&d, stderr);
		diags_release(&d);
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		c = mk[i]();
		buf_reset(&out);
		n = tmpl_render(s, names[i], c, &out, &d);
		snprintf(what, sizeof(what), "%s renders", names[i]);
		check(n == 0, what);
		if (n == -1)
			diag_print(&d, stderr);
		why[0] = '\0';
		snprintf(what, sizeof(what), "%s parses back as HTML to the "
		    "same tree", names[i]);
		check(n == 0 && reparse(out.ptr, why, sizeof(why)) == 0, what);
		if (why[0])
			fprintf(stderr, "  %s\n", why);
		snprintf(what, sizeof(what), "%s: doctype, lang, CSP, stylesheet, "
		    "search box, no inline script or style", names[i]);
		check(strncmp(out.ptr, "<!DOCTYPE html>\n<html lang=\"zh-CN\">",
		    35) == 0 && has(out.ptr, "Content-Security-Policy") &&
		    has(out.ptr, "assets/style.css\">") &&
		    has(out.ptr, "search.html\" method=\"get\"") &&
		    has(out.ptr, "name=\"q\"") && !has(out.ptr, "<style") &&
		    !has(out.ptr, " style=") && !has(out.ptr, "<script>") &&
		    !has(out.ptr, "{{") && !has(out.ptr, "data-if") &&
		    !has(out.ptr, "data-each") && !has(out.ptr, "data-include"),
		    what);
		if (i == 0)
			buf_puts(&art, out.ptr);
		if (dump != NULL) {
			p = path_join(dump, names[i]);
			file_write(p, out.ptr, out.len);
			free(p);
		}
		tv_free(c);
	}
	check(has(art.ptr, "href=\"../../../assets/style.css\"") &&
	    has(art.ptr, "<h1 class=\"title\">“攥指成拳”") &&
	    has(art.ptr, "<tr id=\"L3\"><th>3</th><td>第3行") &&
	    has(art.ptr, "<a href=\"../../../reporters/tian-guokui/index.html\">"
	    "田国奎</a>") && has(art.ptr, "<h2>多元协同聚合力</h2>"),
	    "article.html carries its links, headline, body and source lines");

	/* Timing: the figure is printed, not asserted. */
	c = ctx_article();
	n = 3000;
	bad = 0;
	t0 = now();
	for (i = 0; i < (size_t)n; i++) {
		buf_reset(&out);
		if (tmpl_render(s, "article.html", c, &out, &d) == -1 ||
		    out.len != art.len)
			bad++;
	}
	t1 = now();
	check(bad == 0, "3000 renders of article.html all succeed alike");
	printf("# article.html: %d renders in %.3f s, %.0f pages/s, %.1f us "
	    "a page, %zu bytes\n", n, t1 - t0, n / (t1 - t0),
	    (t1 - t0) / n * 1e6, out.len);

	/* Four threads share the set and the context. */
	t0 = now();
	for (i = 0; i < 4; i++) {
		jobs[i].s = s;
		jobs[i].c = c;
		jobs[i].want = art.ptr;
		jobs[i].bad = 0;
		pthread_create(&th[i], NULL, job_run, &jobs[i]);
	}
	for (bad = 0, i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		bad += jobs[i].bad;
	}
	t1 = now();
	printf("# article.html on 4 threads: %.0f pages/s\n", 800 / (t1 - t0));
	check(bad == 0, "4 threads x 200 renders of article.html all match");
	tv_free(c);

	buf_reset(&out);
	check(tmpl_render(s, "nope.html", NULL, &out, &d) == -1,
	    "rendering an unknown template fails");
	check(tmpl_has(s, "partials/pager.html") && !tmpl_has(s, "pager.html"),
	    "tmpl_has knows partials by their path");
	buf_release(&out);
	buf_release(&art);
	tmpl_set_free(s);
	diags_release(&d);
}

/*
 * Where the page as libxml2 would write it has corners: the doctype
 * before whatever comes first when the first element is <html>, content
 * of void elements dropped but still checked, raw text in <script>
 * however the text got there.
 */
static void
test_writer(void)
{
	struct tval	*c = tv_map(NULL), *m = tv_map(NULL);
	char		*dir, *err, *got;

	tv_set_str(c, "a", "A&B");
	tv_set_str(c, "lt", "x<y&z");
	tv_set(c, "m", m);
	tv_set(c, "l", tv_list(NULL));
	tv_set_bool(c, "no", 0);
	expect("doc1", "<template> <html><body>{{ a }}</body></html></template>",
	    c, "<!DOCTYPE html>\n <html><body>A&amp;B</body></html>",
	    "the doctype goes before text that precedes <html>");
	expect("doc2", "<HTML><body><p>x</p></body></HTML>", c,
	    "<!DOCTYPE html>\n<HTML><body><p>x</p></body></HTML>",
	    "a static <HTML> root gets the doctype too");
	expect("doc3", "<template><html data-if=\"no\">x</html><p>y</p>"
	    "<html>z</html></template>", c, "<p>y</p><html>z</html>",
	    "no doctype when the first element shown is not <html>");
	expect("void1", "<div><br>{{ a }}<b>x</b></br><img src=\"{{ a }}\">"
	    "t</img></div>", c, "<div><br><img src=\"A&amp;B\"></div>",
	    "void elements lose their content, as libxml2 writes them");
	got = render1("void2", "<div><br><b data-each=\"i in m\">x</b></br>"
	    "</div>", c, &err);
	check(got == NULL && has(err, "not a list"), "the content of a void "
	    "element is still checked");
	free(got);
	free(err);
	dir = setdir("raw1");
	put(dir, "t.html", "<div><script><template data-include=\"p.html\">"
	    "</template></script><style><template data-if=\"a\">{{ lt }}"
	    "</template></style><p>{{ lt }}</p></div>");
	put(dir, "p.html", "<template>{{ lt }}</template>");
	got = render_in(dir, "t.html", c, &err);
	check(got != NULL && strcmp(got, "<div><script>x<y&z</script><style>"
	    "x<y&z</style><p>x&lt;y&amp;z</p></div>\n") == 0, "text in "
	    "<script> or <style> is raw, through an include or a group too");
	free(got);
	free(err);
	free(dir);
	expect("empty1", "<ul><li>{{ missing }}</li><li data-each=\"i in l\">"
	    "</li><dd></dd><p>{{ missing }}</p><td/></ul>", c,
	    "<ul><li></li><dd></dd><p></p><td></td></ul>",
	    "empty elements keep their end tags");
	expect("bool1", "<div><input disabled=\"{{ a }}\" checked=\"\"/>"
	    "<a name=\"{{ a }} b\" href=\" /x y\">t</a></div>", c,
	    "<div><input disabled checked><a name=\"A&amp;B%20b\" "
	    "href=\"/x%20y\">t</a></div>",
	    "boolean attributes are bare, URL attributes %-escaped");
	tv_free(c);
}

/* tmpl_key: a template's key follows exactly the files its pages use. */
static void
test_keys(void)
{
	struct diags	 d = DIAGS_INIT;
	struct tmpl_set	*s;
	char		*dir = setdir("keys");
	uint64_t	 a0, b0, c0, a1, b1, c1, a2, b2, c2;

	put(dir, "base.html", "<html><body><main data-slot=\"main\"></main>"
	    "</body></html>");
	put(dir, "a.html", "<main data-layout=\"base.html\"><p>a</p>"
	    "<div data-include=\"partials/p.html\"></div></main>");
	put(dir, "b.html", "<main data-layout=\"base.html\"><p>b</p></main>");
	put(dir, "c.html", "<div><p>c</p></div>");
	put(dir, "partials/p.html", "<p>partial</p>");
	s = tmpl_set_new(dir, &d);
	a0 = tmpl_key(s, "a.html");
	b0 = tmpl_key(s, "b.html");
	c0 = tmpl_key(s, "c.html");
	tmpl_set_free(s);
	check(a0 && b0 && c0 && a0 != b0 && b0 != c0 && tmpl_key(NULL, "a.html") == 0,
	    "every template has a key of its own");
	put(dir, "partials/p.html", "<p>partial, changed</p>");
	s = tmpl_set_new(dir, &d);
	a1 = tmpl_key(s, "a.html");
	b1 = tmpl_key(s, "b.html");
	c1 = tmpl_key(s, "c.html");
	tmpl_set_free(s);
	check(a1 != a0 && b1 == b0 && c1 == c0,
	    "a changed partial changes the key of the template including it only");
	put(dir, "base.html", "<html><body><main data-slot=\"main\"></main>"
	    "<footer>f</footer></body></html>");
	s = tmpl_set_new(dir, &d);
	a2 = tmpl_key(s, "a.html");
	b2 = tmpl_key(s, "b.html");
	c2 = tmpl_key(s, "c.html");
	tmpl_set_free(s);
	check(a2 != a1 && b2 != b1 && c2 == c1,
	    "a changed layout changes the keys of the pages laid out in it only");
	check(d.n == 0, "the key test's templates load without diagnostics");
	diags_release(&d);
	free(dir);
}

int
main(void)
{
	char	 cmd[64];

	if (mkdtemp(tmpdir) == NULL)
		die("mkdtemp failed");
	test_values();
	test_language();
	test_errors();
	test_writer();
	test_site();
	test_keys();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	printf("# %d passed, %d failed\n", check_passed, check_failed);
	return check_done();
}
