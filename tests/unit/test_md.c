/*
 * test_md.c: md_article_html() writes an article body the way the
 * Markdown path does (md_article(), cmark-gfm's md_html(), then
 * tmpl_html() as data-html writes it), byte for byte, whenever it
 * accepts the body; and a body it accepts is accepted often enough that
 * the check means something.  Crafted bodies, then random ones; then
 * the template engine writes a tv_html() value as it writes the same
 * text given as a plain string.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "md.h"
#include "record.h"
#include "tmpl.h"
#include "tmpl_int.h"
#include "tval.h"
#include "util.h"

/* RANDOM_CASES 4000: every pair of pieces below many times over, in a second. */
#define RANDOM_CASES	4000
/* MAX_BLOCKS 6: long enough for lists that start, stop and start again. */
#define MAX_BLOCKS	6

/* What Chinese news text is made of: nearly every body is only these. */
static const char *const common[] = {
	"\xe4\xb8\xad", "\xe5\xb7\xa5\xe4\xbc\x9a", "\xef\xbc\x8c", "\xe3\x80\x82",
	"\xe2\x80\x9c", "\xe2\x80\x9d", "\xef\xbc\x88", "\xef\xbc\x89", "2024",
	"\xe5\xb9\xb4", "%", "a", "Z", "0", ".", ",", "-", "(", ")", ":", "/",
	" ", "\xe3\x80\x80", "\xc2\xb7", "\xe2\x80\x94\xe2\x80\x94",
};

/* What escaping and the pipeline might get wrong. */
static const char *const risky[] = {
	"<", ">", "&", "\"", "'", "\t", "\n", "\r", "\x01", "\x0b", "\x7f",
	"\xc2\xa0", "\xc2\x80", "\xc2\x85", "\xc2\x9f", "\xe2\x80\xa8", "\x80",
	"\xc3", "\xff", "\xed\xa0\x80", "\xef\xbb\xbf", "\xef\xbf\xbe",
	"\xef\xbf\xbd", "&amp;", "&#", "&#65;", "&nbsp;", "<!--", "-->", "<b>",
	"</p>", "<script>", "javascript:", "http://", "https://x.cn", "www.",
	"www.example.com", "@", "a@b.com", "mailto:", "`", "\\", "^", "|", "$",
	"!", "~", "~~", "*", "**", "_", "[", "]", "[x](y)", "#", "# ", "- ",
	"1. ", "1) ", "+ ", "> ", "    ", "  ", "===", "---", "***", "{", "}",
};

/* Crafted block texts: [0] is the type (P, H, I, C), the text follows. */
static const char *const crafted[][MAX_BLOCKS + 1] = {
	{ "P\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xaf", NULL },
	{ "Pa < b && c > d", "P\"quoted\" it's", NULL },
	{ "H- \xe5\xb0\x8f\xe6\xa0\x87\xe9\xa2\x98", "Pbody", NULL },
	{ "Iitem 1", "Iitem 2", "Pafter", "Iagain", NULL },
	{ "P1. not a list", "P# not a heading", "P> not a quote", NULL },
	{ "Pwww.example.com", "Phttp://x.cn/a", NULL },
	{ "PE-mail: a@b.com", NULL },
	{ "P\xe3\x80\x80\xe3\x80\x80\xe6\xae\xb5", "Ptrailing ", "P lead", NULL },
	{ "P", NULL },
	{ "H- ", NULL },
	{ "Ccaption", "Iitem", NULL },
	{ "P| a | b |", "P~~x~~", "P**b**", NULL },
	{ "Pctl\x01", "Pbad \x80", NULL },
	{ NULL },
};

static const char *
piece(void)
{
	if (rand() % 5)
		return common[(size_t)rand() % (sizeof(common) / sizeof(common[0]))];
	return risky[(size_t)rand() % (sizeof(risky) / sizeof(risky[0]))];
}

/* The Markdown path, as render.c took it for every body before. */
static void
pipeline(const struct article *a, struct buf *out)
{
	struct buf	 md = BUF_INIT, html = BUF_INIT;
	xmlDocPtr	 doc = tmpl_out_doc();

	md_article(a, &md);
	md_html(md.ptr, md.len, 0, &html);
	if (html.len > 0)
		tmpl_html(out, doc, html.ptr, html.len, 0, NULL);
	xmlFreeDoc(doc);
	buf_release(&md);
	buf_release(&html);
}

static enum block_type
type_of(char c)
{
	return c == 'H' ? BLOCK_HEADING : c == 'I' ? BLOCK_ITEM :
	    c == 'C' ? BLOCK_CAPTION : BLOCK_PARA;
}

static void
show(const struct article *a, const struct buf *want, const struct buf *got)
{
	size_t	 i;

	fprintf(stderr, "  body:");
	for (i = 0; i < a->nbody; i++)
		fprintf(stderr, " [%d:%s]", (int)a->body[i].type, a->body[i].text);
	fprintf(stderr, "\n  want: %s\n  got:  %s\n", want->ptr, got->ptr);
}

/* 1 if md_article_html() took a, 0 if it declined; *bad counts mismatches. */
static int
compare(const struct article *a, int *bad)
{
	struct buf	 want = BUF_INIT, got = BUF_INIT;
	int		 took;

	buf_puts(&got, "x");	/* a refusal must leave what was there */
	took = md_article_html(a, &got) == 0;
	if (!took && strcmp(got.ptr, "x") != 0) {
		if ((*bad)++ < 3)
			fprintf(stderr, "  declined, but wrote: %s\n", got.ptr);
	}
	if (took) {
		pipeline(a, &want);
		if (strcmp(want.ptr, got.ptr + 1) != 0 && (*bad)++ < 3)
			show(a, &want, &got);
	}
	buf_release(&want);
	buf_release(&got);
	return took;
}

static void
test_crafted(void)
{
	struct block	 bl[MAX_BLOCKS];
	struct article	 a;
	size_t		 i, k;
	int		 bad = 0, took[sizeof(crafted) / sizeof(crafted[0])];

	for (i = 0; crafted[i][0] != NULL; i++) {
		memset(&a, 0, sizeof(a));
		for (k = 0; k < MAX_BLOCKS && crafted[i][k] != NULL; k++) {
			bl[k].type = type_of(crafted[i][k][0]);
			bl[k].text = (char *)crafted[i][k] + 1;
		}
		a.body = bl;
		a.nbody = k;
		took[i] = compare(&a, &bad);
	}
	check(bad == 0, "crafted bodies: written as the Markdown path writes them");
	check(took[0] && took[1] && took[2] && took[3] && took[4] && took[5],
	    "plain text, < > & and quotes, an intertitle, lists, Markdown "
	    "look-alikes and URLs take the direct path");
	check(!took[6], "an e-mail address (autolinked by cmark-gfm) declines");
	check(!took[7] && !took[12], "spaces at either end, a control "
	    "character, invalid UTF-8 decline");
	check(took[8] == 0 && took[9] == 0, "an empty block declines");
}

static void
test_random(void)
{
	struct block	 bl[MAX_BLOCKS];
	struct buf	 text[MAX_BLOCKS];
	struct article	 a;
	int		 i, k, n, bad = 0, took = 0;
	char		 what[120];

	srand(20261122);
	for (k = 0; k < MAX_BLOCKS; k++)
		buf_init(&text[k]);
	for (i = 0; i < RANDOM_CASES; i++) {
		memset(&a, 0, sizeof(a));
		a.nbody = 1 + (size_t)rand() % MAX_BLOCKS;
		for (k = 0; k < (int)a.nbody; k++) {
			buf_reset(&text[k]);
			for (n = 1 + rand() % 8; n > 0; n--)
				buf_puts(&text[k], piece());
			bl[k].type = type_of("PPHIIC"[rand() % 6]);
			bl[k].text = text[k].ptr;
		}
		a.body = bl;
		took += compare(&a, &bad);
	}
	for (k = 0; k < MAX_BLOCKS; k++)
		buf_release(&text[k]);
	snprintf(what, sizeof(what), "%d random bodies: the %d taken directly "
	    "are written as the Markdown path writes them", RANDOM_CASES, took);
	check(bad == 0, what);
	check(took > RANDOM_CASES / 10, "random bodies: at least a tenth "
	    "taken directly");
}

/* data-html writes a tv_html() value as it writes that text as a string. */
static void
test_template(void)
{
	char		 dir[] = "/tmp/baokan-test-md-XXXXXX", path[64];
	const char	*body = "<p>a &amp; \"b\" \xe4\xb8\xad</p>\n<ul>\n<li>x</li>\n</ul>\n";
	struct diags	 d = DIAGS_INIT;
	struct tmpl_set	*s = NULL;
	struct buf	 as_html = BUF_INIT, as_str = BUF_INIT;
	struct tval	*c1 = tv_map(NULL), *c2 = tv_map(NULL);
	FILE		*f;

	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	snprintf(path, sizeof(path), "%s/t.html", dir);
	if ((f = fopen(path, "w")) == NULL)
		die("%s", path);
	fputs("<div><div class=\"body\" data-html=\"b\"></div></div>\n", f);
	fclose(f);
	tv_set(c1, "b", tv_html(NULL, body, strlen(body)));
	tv_set_str(c2, "b", body);
	s = tmpl_set_new(dir, &d);
	check(s != NULL && tmpl_render(s, "t.html", c1, &as_html, &d) == 0 &&
	    tmpl_render(s, "t.html", c2, &as_str, &d) == 0 &&
	    strcmp(as_html.ptr, as_str.ptr) == 0 && strstr(as_html.ptr,
	    "<li>x</li>") != NULL, "data-html: a tv_html() value is written as "
	    "the same text parsed would be");
	tmpl_set_free(s);
	diags_release(&d);
	buf_release(&as_html);
	buf_release(&as_str);
	tv_free(c1);
	tv_free(c2);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	md_init();
	test_crafted();
	test_random();
	test_template();
	return check_done();
}
