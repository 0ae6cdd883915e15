/*
 * md.c: the bridge to cmark-gfm.
 */
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
