/*
 * md.c: the bridge to cmark-gfm.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "md.h"
#include "record.h"

void
md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

void
md_escape(struct buf *b, const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p; p++) {
		/* CommonMark lets a backslash escape any ASCII punctuation. */
		if (*p < 0x80 && *p > 0x20 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *p))
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
}

void
md_article(const struct article *a, struct buf *out)
{
	size_t		 i;
	const char	*t;

	for (i = 0; i < a->nbody; i++) {
		t = a->body[i].text;
		switch (a->body[i].type) {
		case BLOCK_HEADING:
			/* A toc's "- 栏目" line is printed without its dash. */
			if (t[0] == '-' && t[1] == ' ')
				t += 2;
			buf_puts(out, "### ");
			break;
		case BLOCK_ITEM:
			buf_puts(out, "- ");
			break;
		default:
			break;
		}
		md_escape(out, t);
		buf_puts(out, a->body[i].type == BLOCK_ITEM &&
		    i + 1 < a->nbody && a->body[i + 1].type == BLOCK_ITEM ?
		    "\n" : "\n\n");
	}
}

/*
 * Appends block text t as md_html(md_article()) and then tmpl_html()
 * write it, & < > escaped, and returns 0; or returns -1 (with part of it
 * appended) when t is not one they pass through unchanged (found by
 * tests/unit/test_md.c, against the real pipeline).  It must be one line
 * of valid UTF-8 with no control character, no noncharacter
 * U+FFFE/U+FFFF, no byte order mark (one that opens the body is
 * dropped), no space at either end (CommonMark strips it) and no '@'
 * (the autolink extension links an e-mail address even with its
 * punctuation escaped).  Everything else md_escape() escapes is printed
 * as it stands.
 */
static int
put_plain(struct buf *out, const char *t)
{
	const unsigned char	*s = (const unsigned char *)t;
	size_t			 i, run = 0, n = strlen(t), len;
	uint32_t		 cp;
	const char		*rep;

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
		return -1;
	for (i = 0; i < n; ) {
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			if (s[i] == '@')
				return -1;
			rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
			    s[i] == '>' ? "&gt;" : NULL;
			if (rep != NULL) {
				buf_put(out, t + run, i - run);
				buf_puts(out, rep);
				run = i + 1;
			}
			i++;
			continue;
		}
		/* A Han character or punctuation, nearly always (not EF: U+FEFF). */
		if (utf8_plain3(t + i, n - i) && s[i] != 0xef) {
			i += 3;
			continue;
		}
		cp = utf8_decode(t + i, n - i, &len);
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    (cp == 0xfffd && len == 1) || cp == 0xfeff ||
		    cp == 0xfffe || cp == 0xffff)
			return -1;
		i += len;
	}
	buf_put(out, t + run, n - run);
	return 0;
}

int
md_article_html(const struct article *a, struct buf *out)
{
	size_t		 i, mark = out->len;
	const char	*t;
	enum block_type	 type;
	int		 in_list = 0;

	for (i = 0; i < a->nbody; i++) {
		t = a->body[i].text;
		type = a->body[i].type;
		if (type == BLOCK_HEADING && t[0] == '-' && t[1] == ' ')
			t += 2;
		if (type == BLOCK_ITEM && !in_list)
			buf_puts(out, "<ul>\n");
		buf_puts(out, type == BLOCK_ITEM ? "<li>" : type ==
		    BLOCK_HEADING ? "<h3>" : "<p>");
		if (put_plain(out, t) == -1) {
			buf_truncate(out, mark);
			return -1;
		}
		buf_puts(out, type == BLOCK_ITEM ? "</li>\n" : type ==
		    BLOCK_HEADING ? "</h3>\n" : "</p>\n");
		in_list = type == BLOCK_ITEM && i + 1 < a->nbody &&
		    a->body[i + 1].type == BLOCK_ITEM;
		if (type == BLOCK_ITEM && !in_list)
			buf_puts(out, "</ul>\n");
	}
	return 0;
}

static cmark_syntax_extension *
ext(const char *name)
{
	return cmark_find_syntax_extension(name);
}

void
md_html(const char *md, size_t n, int unsafe, struct buf *out)
{
	static const char *const names[] = { "table", "strikethrough",
	    "autolink", "tagfilter" };
	cmark_parser	*p;
	cmark_node	*doc;
	cmark_syntax_extension *e;
	char		*html;
	size_t		 i;
	int		 opt = CMARK_OPT_DEFAULT | (unsafe ? CMARK_OPT_UNSAFE : 0);

	p = cmark_parser_new(opt);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((e = ext(names[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	cmark_parser_feed(p, md, n);
	doc = cmark_parser_finish(p);
	html = cmark_render_html(doc, opt, cmark_parser_get_syntax_extensions(p));
	buf_puts(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
}
