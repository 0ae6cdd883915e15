/*
 * md.h: Markdown through cmark-gfm.  Article bodies are written as
 * Markdown with every ASCII punctuation character of the page's own text
 * backslash-escaped, so nothing printed on a page is taken as Markdown
 * syntax (a paragraph that begins "1." or "#" stays a paragraph), then
 * rendered with raw HTML off.
 */
#ifndef BAOKAN_MD_H
#define BAOKAN_MD_H

#include <stddef.h>

struct article;
struct buf;

/* Registers the GFM extensions; call once before any thread renders. */
void	 md_init(void);
/* Appends text with Markdown syntax characters escaped. */
void	 md_escape(struct buf *, const char *text);
/* The article's body blocks as Markdown. */
void	 md_article(const struct article *, struct buf *out);
/*
 * The HTML md_html(md_article()) makes, as tmpl_html() writes it, made
 * directly when every block is plain text (nearly every article): 0;
 * otherwise -1 with nothing appended, and the caller goes through
 * cmark-gfm.
 */
int	 md_article_html(const struct article *, struct buf *out);
/* Renders Markdown to HTML (appends); unsafe lets raw HTML through. */
void	 md_html(const char *md, size_t n, int unsafe, struct buf *out);

#endif
