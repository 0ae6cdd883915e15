/*
 * tmpl_html.c: data-html, the one part of a page still made as a tree.
 * The value (the article body from cmark-gfm, a Markdown page) is parsed
 * by libxml2's HTML parser, cleaned (frag_clean: no script or style
 * elements, no on* handlers, no link with a scheme we do not allow) and
 * written out (tmpl_html_write).
 *
 * The writer walks the parsed tree as htmlNodeDumpFormatOutput() of
 * libxml2 2.9 does without formatting, and writes what it would: start
 * tags with their attributes (tmpl_esc.c escapes the values), no content
 * and no end tag for void elements, just the start tag for an empty
 * element whose end tag HTML lets go (an empty <li>), raw text in
 * <script> and <style>, comments, processing instructions.  A node it
 * does not know (a namespace, an attribute that is not one text) is
 * handed to libxml2's own writer, subtree and all.  tests/unit/
 * test_tmpl_esc.c compares the two on crafted and random fragments.
 */
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "tmpl_int.h"
#include "util.h"

/*
 * Content from data-html is baokan's own output, but it is cleaned the
 * same way as a substituted link: no script or style elements, no on*
 * handlers, no URL with a scheme we do not allow.
 */
static void
frag_clean(xmlNodePtr n)
{
	xmlNodePtr	 next;
	xmlAttrPtr	 a, an;
	xmlChar		*v;

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, BAD_CAST "script") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "style") == 0) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			continue;
		}
		for (a = n->properties; a != NULL; a = an) {
			an = a->next;
			if ((a->name[0] == 'o' || a->name[0] == 'O') &&
			    (a->name[1] == 'n' || a->name[1] == 'N')) {
				xmlRemoveProp(a);
				continue;
			}
			if (!tmpl_url_attr((const char *)a->name))
				continue;
			v = xmlNodeGetContent((xmlNodePtr)a);
			if (v != NULL && !tmpl_url_ok((const char *)v,
			    strlen((const char *)v)))
				xmlSetProp(n, a->name, BAD_CAST "#");
			xmlFree(v);
		}
		frag_clean(n->children);
	}
}

static int
out_write(void *ctx, const char *p, int n)
{
	buf_put(ctx, p, (size_t)n);
	return n;
}

/* libxml2's own writer, for what ours does not know. */
static void
lx_write(struct buf *b, xmlDocPtr doc, xmlNodePtr n)
{
	xmlOutputBufferPtr	 ob;

	if ((ob = xmlOutputBufferCreateIO(out_write, NULL, b, NULL)) == NULL)
		die("out of memory making an output buffer");
	htmlNodeDumpFormatOutput(ob, doc, n, "UTF-8", 0);
	if (xmlOutputBufferClose(ob) < 0)
		die("the HTML serialiser failed");
}

/* 1 if every attribute of element n is one we write: valueless or one text. */
static int
attrs_plain(xmlNodePtr n)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns != NULL || (a->children != NULL &&
		    (a->children->type != XML_TEXT_NODE ||
		    a->children->next != NULL ||
		    a->children->content == NULL)))
			return 0;
	return 1;
}

/* The start tag of element n, less its closing ">". */
static void
start_tag(struct buf *b, xmlNodePtr n)
{
	const char	*name = (const char *)n->name;
	const char	*v;
	xmlAttrPtr	 a;
	int		 esc;

	buf_putc(b, '<');
	buf_puts(b, name);
	for (a = n->properties; a != NULL; a = a->next) {
		buf_putc(b, ' ');
		buf_puts(b, (const char *)a->name);
		if (a->children == NULL)
			continue;
		esc = tmpl_esc_kind(name, (const char *)a->name);
		if (esc == TESC_BOOL)
			continue;
		buf_putc(b, '=');
		v = (const char *)a->children->content;
		tmpl_esc_attr(b, v, strlen(v), esc);
	}
}

/* 1 if text under parent is written raw: parent is <script> or <style>. */
static int
raw_in(xmlNodePtr parent)
{
	return parent != NULL && parent->name != NULL &&
	    (xmlStrcasecmp(parent->name, BAD_CAST "script") == 0 ||
	    xmlStrcasecmp(parent->name, BAD_CAST "style") == 0);
}

void
tmpl_html_write(struct buf *b, xmlDocPtr doc, xmlNodePtr root, int raw)
{
	const htmlElemDesc	*info;
	xmlNodePtr		 cur = root, parent = root->parent;
	const char		*s;

	for (;;) {
		switch (cur->type) {
		case XML_ELEMENT_NODE:
			if (cur->ns != NULL || cur->nsDef != NULL ||
			    !attrs_plain(cur)) {
				lx_write(b, doc, cur);
				break;
			}
			info = htmlTagLookup(cur->name);
			start_tag(b, cur);
			if (info != NULL && info->empty)
				buf_putc(b, '>');
			else if (cur->children == NULL) {
				if (info != NULL && info->saveEndTag &&
				    strcmp(info->name, "html") != 0 &&
				    strcmp(info->name, "body") != 0)
					buf_putc(b, '>');
				else
					buf_printf(b, "></%s>",
					    (const char *)cur->name);
			} else {
				buf_putc(b, '>');
				parent = cur;
				cur = cur->children;
				continue;
			}
			break;
		case XML_TEXT_NODE:
			if ((s = (const char *)cur->content) == NULL)
				break;
			/* At the top the holder decides; below, the parent. */
			if (cur->name == xmlStringTextNoenc ||
			    (cur == root ? raw : raw_in(parent)))
				buf_puts(b, s);
			else
				tmpl_esc_text(b, s, strlen(s));
			break;
		case XML_COMMENT_NODE:
			if (cur->content != NULL)
				buf_printf(b, "<!--%s-->",
				    (const char *)cur->content);
			break;
		case XML_CDATA_SECTION_NODE:	/* HTML_PRESERVE_NODE */
			if (cur->content != NULL)
				buf_puts(b, (const char *)cur->content);
			break;
		default:
			lx_write(b, doc, cur);
			break;
		}
		/* Up to the next sibling, closing what is done. */
		for (;;) {
			if (cur == root)
				return;
			if (cur->next != NULL) {
				cur = cur->next;
				break;
			}
			cur = parent;
			parent = cur->parent;
			buf_printf(b, "</%s>", (const char *)cur->name);
		}
	}
}

/* Writes one node from the top of the fragment; see tmpl_html(). */
static void
put_top(struct buf *out, xmlDocPtr doc, xmlNodePtr n, int raw, int *first)
{
	if (first != NULL && *first < 0 && n->type == XML_ELEMENT_NODE)
		*first = xmlStrcasecmp(n->name, BAD_CAST "html") == 0;
	tmpl_html_write(out, doc, n, raw);
}

void
tmpl_html(struct buf *out, xmlDocPtr doc, const char *s, size_t n, int raw,
    int *first)
{
	struct buf	 m = BUF_INIT;
	htmlDocPtr	 f;
	xmlNodePtr	 top, c;
	int		 wrapper = 1;

	/* A wrapper keeps the parser from adding <p>, <html> or <body>. */
	buf_puts(&m, "<div>");
	buf_put(&m, s, n);
	buf_puts(&m, "</div>");
	f = htmlReadMemory(m.ptr, (int)m.len, NULL, "UTF-8",
	    HTML_PARSE_NOIMPLIED | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	buf_release(&m);
	if (f == NULL)
		return;
	frag_clean(f->children);
	/* Stray end tags may have closed the wrapper early: take all. */
	for (top = f->children; top != NULL; top = top->next) {
		if (top->type == XML_DTD_NODE)
			continue;
		if (wrapper && top->type == XML_ELEMENT_NODE) {
			wrapper = 0;
			for (c = top->children; c != NULL; c = c->next)
				put_top(out, doc, c, raw, first);
		} else
			put_top(out, doc, top, raw, first);
	}
	xmlFreeDoc(f);
}
