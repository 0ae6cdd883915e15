/*
 * tmpl_plan.c: planning a compiled template (tmpl_comp.c) for rendering
 * (tmpl_run.c); records in tmpl_int.h.
 *
 * Most of a page is template markup that is the same on every page.  A
 * node is static when neither it nor anything below it has a {{ }}
 * lookup or a data-* control; each maximal static node is built once,
 * here, as the libxml2 node the renderer used to build on every page,
 * and serialised by libxml2's HTML writer into a chunk of bytes
 * (serialise).  An element that is not static becomes a list of steps
 * (plan_elem): its start tag as constant bytes around the attributes
 * with lookups, then its content as chunks of static kids, texts with
 * lookups and the kids with controls, then its end tag.  Adjacent
 * constant bytes merge into one chunk, so rendering a page is mostly
 * copying a few dozen chunks.
 *
 * Where libxml2's writer depends on the element (no end tag and no
 * content for void elements like <br>; raw text in <script> and
 * <style>; boolean attributes; URL attributes), the answer is read from
 * libxml2's own tables (htmlTagLookup, htmlIsBooleanAttr), once.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "tmpl_int.h"
#include "util.h"

/* The steps of one element, as they are collected. */
struct plan {
	struct top	*v;		/* the steps so far */
	size_t		 n;		/* how many */
	struct buf	 chunk;		/* constant bytes not yet a step */
	int		 first;		/* the first element in chunk: see struct top */
};

static int
out_write(void *ctx, const char *p, int n)
{
	buf_put(ctx, p, (size_t)n);
	return n;
}

/* Appends node n as libxml2's HTML writer writes it. */
static void
serialise(xmlDocPtr doc, xmlNodePtr n, struct buf *b)
{
	xmlOutputBufferPtr	 ob;

	if ((ob = xmlOutputBufferCreateIO(out_write, NULL, b, NULL)) == NULL)
		die("out of memory making an output buffer");
	htmlNodeDumpFormatOutput(ob, doc, n, "UTF-8", 0);
	if (xmlOutputBufferClose(ob) < 0)
		die("the HTML serialiser failed on a template");
}

/* The value of an attribute without lookups, as rendering sets it. */
static void
attr_value(const struct tattr *ta, struct buf *v)
{
	size_t	 i;

	for (i = 0; i < ta->val.n; i++)
		buf_put(v, ta->val.v[i].lit, ta->val.v[i].len);
	if (ta->url && !tmpl_url_ok(v->ptr, v->len)) {
		buf_reset(v);
		buf_putc(v, '#');
	}
}

/*
 * The libxml2 node for static tn, made as the renderer made it: texts
 * escaped at compile time go in as they are ("noenc"), texts of <script>
 * and <style> as text, and an element whose end tag libxml2 would drop
 * when empty gets an empty text to keep it.
 */
static xmlNodePtr
build(xmlDocPtr doc, const struct tnode *tn)
{
	struct buf	 v = BUF_INIT;
	xmlNodePtr	 el, tx;
	size_t		 i;

	if (tn->kind == TN_TEXT) {
		if (tn->pre != NULL) {
			tx = xmlNewDocText(doc, BAD_CAST tn->pre);
			tx->name = xmlStringTextNoenc;
		} else
			tx = xmlNewDocTextLen(doc, BAD_CAST tn->text.v[0].lit,
			    (int)tn->text.v[0].len);
		if (tx == NULL)
			die("out of memory making a text node");
		return tx;
	}
	if ((el = xmlNewDocNode(doc, NULL, BAD_CAST tn->name, NULL)) == NULL)
		die("out of memory making an element");
	for (i = 0; i < tn->nattrs; i++) {
		buf_reset(&v);
		attr_value(&tn->attrs[i], &v);
		xmlNewProp(el, BAD_CAST tn->attrs[i].name, BAD_CAST v.ptr);
	}
	buf_release(&v);
	for (i = 0; i < tn->nkids; i++)
		xmlAddChild(el, build(doc, tn->kids[i]));
	if (tn->closeempty && el->children == NULL)
		xmlAddChild(el, xmlNewDocTextLen(doc, BAD_CAST "", 0));
	return el;
}

/* Appends static tn as libxml2 writes it. */
static void
static_bytes(xmlDocPtr doc, const struct tnode *tn, struct buf *b)
{
	xmlNodePtr	 n;

	if (tn->kind == TN_TEXT) {
		/* Escaped once already, or raw text of <script>/<style>. */
		if (tn->pre != NULL)
			buf_puts(b, tn->pre);
		else
			buf_put(b, tn->text.v[0].lit, tn->text.v[0].len);
		return;
	}
	n = build(doc, tn);
	serialise(doc, n, b);
	xmlFreeNode(n);
}

/*
 * The bytes libxml2 writes for attribute ta of element tn, " name" or
 * ' name="value"': the start tag of tn with that one attribute, less
 * "<name" before it and the ">" that closes the tag (values are
 * escaped, so the first ">" is that one).
 */
static void
attr_bytes(xmlDocPtr doc, const struct tnode *tn, const struct tattr *ta,
    struct buf *b)
{
	struct buf	 v = BUF_INIT, s = BUF_INIT;
	xmlNodePtr	 el;
	size_t		 skip = 1 + strlen(tn->name);
	char		*gt;

	if ((el = xmlNewDocNode(doc, NULL, BAD_CAST tn->name, NULL)) == NULL)
		die("out of memory making an element");
	attr_value(ta, &v);
	xmlNewProp(el, BAD_CAST ta->name, BAD_CAST v.ptr);
	serialise(doc, el, &s);
	xmlFreeNode(el);
	if (s.len <= skip || s.ptr[0] != '<' || strncmp(s.ptr + 1, tn->name,
	    skip - 1) != 0 || (gt = strchr(s.ptr + skip, '>')) == NULL)
		die("libxml2 wrote <%s> unexpectedly", tn->name);
	buf_put(b, s.ptr + skip, (size_t)(gt - (s.ptr + skip)));
	buf_release(&v);
	buf_release(&s);
}

/* Marks tn and everything below it static or not; 1 if tn is. */
static int
mark(struct tnode *tn)
{
	size_t	 i;
	int	 st;

	if (tn->kind == TN_TEXT)
		return tn->stat = !tn->text.dyn;
	st = !(tn->ifp || tn->is_else || tn->eachp || tn->letp ||
	    tn->incname || tn->htmlp || tn->slot || tn->group);
	for (i = 0; i < tn->nattrs; i++)
		if (tn->attrs[i].val.dyn)
			st = 0;
	for (i = 0; i < tn->nkids; i++)
		if (!mark(tn->kids[i]))
			st = 0;
	return tn->stat = st;
}

/* Ends the chunk being collected, if any, as a step. */
static void
plan_flush(struct plan *p)
{
	struct top	*t;

	if (p->chunk.len == 0)
		return;
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	t = &p->v[p->n++];
	memset(t, 0, sizeof(*t));
	t->kind = TOP_CHUNK;
	t->n = p->chunk.len;
	t->p = buf_detach(&p->chunk);
	t->first = p->first;
	p->first = -1;
}

static void
plan_step(struct plan *p, enum top_kind kind, const struct tnode *tn,
    const struct tattr *ta)
{
	struct top	*t;

	plan_flush(p);
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	t = &p->v[p->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->tn = tn;
	t->ta = ta;
}

static void	 plan_elem(xmlDocPtr, struct tnode *);

/* Plans the kids of tn, in order; a data-else kid runs from its data-if. */
static void
plan_kids(xmlDocPtr doc, struct tnode *tn, struct plan *p)
{
	struct tnode	*k;
	size_t		 i;

	for (i = 0; i < tn->nkids; i++) {
		k = tn->kids[i];
		if (k->stat) {
			if (p->first == -1 && k->kind == TN_ELEM)
				p->first = k->ishtml;
			static_bytes(doc, k, &p->chunk);
			continue;
		}
		if (k->kind == TN_TEXT) {
			plan_step(p, TOP_TEXT, k, NULL);
			continue;
		}
		plan_elem(doc, k);
		if (!k->is_else)
			plan_step(p, TOP_NODE, k, NULL);
	}
}

/* Plans element tn, which is not static, and the elements below it. */
static void
plan_elem(xmlDocPtr doc, struct tnode *tn)
{
	struct plan	 p;
	struct tattr	*ta;
	size_t		 i;

	/* An including element is replaced by what it includes: no steps. */
	if (tn->incname != NULL)
		return;
	memset(&p, 0, sizeof(p));
	buf_init(&p.chunk);
	p.first = -1;
	if (!tn->group) {
		buf_printf(&p.chunk, "<%s", tn->name);
		for (i = 0; i < tn->nattrs; i++) {
			ta = &tn->attrs[i];
			if (!ta->val.dyn)
				attr_bytes(doc, tn, ta, &p.chunk);
			else
				plan_step(&p, TOP_ATTR, NULL, ta);
		}
		buf_putc(&p.chunk, '>');
		if (tn->isvoid)
			plan_step(&p, TOP_MUTE, NULL, NULL);
	}
	if (tn->htmlp != NULL)
		plan_step(&p, TOP_HTML, tn, NULL);
	else
		plan_kids(doc, tn, &p);
	if (!tn->group) {
		if (tn->isvoid)
			plan_step(&p, TOP_UNMUTE, NULL, NULL);
		else
			buf_printf(&p.chunk, "</%s>", tn->name);
	}
	plan_flush(&p);
	buf_release(&p.chunk);
	tn->ops = p.v;
	tn->nops = p.n;
}

/* What libxml2's writer does with each element, from its own tables. */
static void
describe(struct tnode *tn)
{
	const htmlElemDesc	*desc;
	struct tattr		*ta;
	size_t			 i;

	if (tn->kind != TN_ELEM)
		return;
	desc = htmlTagLookup(BAD_CAST tn->name);
	tn->isvoid = desc != NULL && desc->empty;
	tn->raw = xmlStrcasecmp(BAD_CAST tn->name, BAD_CAST "script") == 0 ||
	    xmlStrcasecmp(BAD_CAST tn->name, BAD_CAST "style") == 0;
	tn->ishtml = xmlStrcasecmp(BAD_CAST tn->name, BAD_CAST "html") == 0;
	for (i = 0; i < tn->nattrs; i++) {
		ta = &tn->attrs[i];
		ta->esc = tmpl_esc_kind(tn->name, ta->name);
		ta->lead = xmalloc(strlen(ta->name) + 3);
		strcpy(ta->lead, " ");
		strcat(ta->lead, ta->name);
		if (ta->esc != TESC_BOOL)
			strcat(ta->lead, "=");
	}
	for (i = 0; i < tn->nkids; i++)
		describe(tn->kids[i]);
}

void
tmpl_plan(struct tmpl *t, xmlDocPtr doc)
{
	struct buf	 b = BUF_INIT;

	describe(t->root);
	if (mark(t->root)) {
		static_bytes(doc, t->root, &b);
		t->root->nchunk = b.len;
		t->root->chunk = buf_detach(&b);
	} else
		plan_elem(doc, t->root);
}

void
tmpl_ops_free(struct tnode *tn)
{
	size_t	 i;

	for (i = 0; i < tn->nops; i++)
		free(tn->ops[i].p);
	free(tn->ops);
	free(tn->chunk);
	for (i = 0; i < tn->nattrs; i++)
		free(tn->attrs[i].lead);
}
