/*
 * tmpl_run.c: rendering, tmpl_render().  Executes the tree that
 * tmpl_comp.c compiled (records in tmpl_int.h) against a page's context
 * of tvals (tval.h), building a libxml2 tree that libxml2's HTML
 * serialiser writes out, so text and attributes are escaped by
 * construction.  Where to look:
 *
 *  run_node	a text, or an element repeated by data-each, then its
 *		data-else if nothing was shown;
 *  elem_run	one element: data-let, data-if, data-include
 *		(include_run), the layout's data-slot, attributes, data-html
 *		(html_run) or the children;
 *  lookup	what {{ a.b }} names: loop and let scopes, then the context;
 *  url_ok	the schemes a substituted URL may have;
 *  frag_clean	what data-html content may not keep;
 *  tmpl_render	the layout around the page, the doctype, serialising.
 *
 * All per-page state lives in struct rctx on the renderer's stack, and
 * the compiled set is only read, so pages render from many threads at
 * once.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"
#include "tmpl.h"
#include "tmpl_int.h"
#include "util.h"

/* MAX_INCLUDE_DEPTH 32: cycles are refused at load; this only guards the renderer's stack. */
#define MAX_INCLUDE_DEPTH 32

/*
 * The document pages are built in: plain XML, since in an HTML one every
 * id attribute goes into a hash table of ids, a tenth of the render time,
 * for nothing; the HTML serialiser does not care which kind it walks.
 * With an encoding set, libxml2 writes UTF-8, not &#x...; references.
 */
xmlDocPtr
tmpl_out_doc(void)
{
	xmlDocPtr	 doc;

	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		die("out of memory making a document");
	doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	return doc;
}

/*
 * A scope binds one name (data-each's variable or data-let's);
 * a data-each frame also carries the loop state as a map built in the
 * frame itself, so a loop allocates nothing per item.
 */
struct scope {
	const struct scope	*up;		/* the enclosing scope, or NULL */
	const char		*var;		/* the name bound here */
	const struct tval	*val;		/* its value (NULL: missing) */
	int			 isloop;	/* a data-each frame: loop is set */
	struct tval		 loop;		/* {index, first, last} */
	struct tv_ent		 ents[3];	/* loop's keys */
	struct tval		 idx, first, last; /* loop's values */
	char			 idxbuf[24];	/* idx's text */
};

/* Per-render state; lives on the renderer's stack. */
struct rctx {
	xmlDocPtr		 doc;		/* the output document */
	const struct tval	*ctx;		/* the page context */
	const struct tmpl	*t;		/* template being run, for messages */
	const struct tmpl	*page;		/* page for the layout's slot, or NULL */
	struct diags		*d;		/* where errors go */
	struct buf		 tmp;		/* scratch for texts and attributes */
	int			 depth;		/* includes deep */
};

static int	 run_node(struct rctx *, const struct scope *,
		    const struct tnode *, xmlNodePtr, int *);

/*
 * Reports a value of the wrong type: fmt has one %s, which becomes the
 * path as written ("article.title").  Returns -1, for the caller to pass on.
 */
static int
rerr_path(struct rctx *rc, unsigned line, const char *fmt,
    const struct tpath *p)
{
	struct buf	 m = BUF_INIT;
	size_t		 i;

	for (i = 0; i < p->n; i++)
		buf_printf(&m, "%s%s", i ? "." : "", p->seg[i]);
	diag_add(rc->d, DIAG_ERROR, rc->t->file, line, 0, "tmpl-render", fmt,
	    m.ptr);
	buf_release(&m);
	return -1;
}

static void
loop_init(struct scope *f)
{
	f->isloop = 1;
	f->ents[0].key = (char *)"index";
	f->ents[0].val = &f->idx;
	f->ents[1].key = (char *)"first";
	f->ents[1].val = &f->first;
	f->ents[2].key = (char *)"last";
	f->ents[2].val = &f->last;
	f->loop.type = TV_MAP;
	f->loop.u.map.e = f->ents;
	f->loop.u.map.n = f->loop.u.map.cap = 3;
	f->idx.type = TV_STR;
	f->idx.u.str.p = f->idxbuf;
	f->first.type = f->last.type = TV_BOOL;
}

/* Innermost scope first, then outward, then the page context. */
static const struct tval *
lookup(const struct rctx *rc, const struct scope *sc, const struct tpath *p)
{
	const struct tval	*v = NULL;
	const char		*s0 = p->seg[0];
	size_t			 i;

	for (; sc != NULL; sc = sc->up) {
		if (strcmp(sc->var, s0) == 0) {
			v = sc->val;
			break;
		}
		if (sc->isloop && strcmp(s0, "loop") == 0) {
			v = &sc->loop;
			break;
		}
	}
	if (sc == NULL)
		v = tv_get(rc->ctx, s0);
	for (i = 1; i < p->n && v != NULL; i++)
		v = tv_get(v, p->seg[i]);
	return v;
}

/* Appends the value of t to rc->tmp: missing is "", lists and maps fail. */
static int
text_run(struct rctx *rc, const struct scope *sc, const struct ttext *t)
{
	const struct tval	*v;
	size_t			 i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].lit != NULL) {
			buf_put(&rc->tmp, t->v[i].lit, t->v[i].len);
			continue;
		}
		if ((v = lookup(rc, sc, &t->v[i].path)) == NULL)
			continue;
		if (v->type == TV_STR)
			buf_put(&rc->tmp, v->u.str.p, v->u.str.n);
		else if (v->type == TV_BOOL)
			buf_puts(&rc->tmp, v->u.b ? "true" : "false");
		else
			return rerr_path(rc, t->v[i].line, "{{ %s }} is a list "
			    "or map, not text", &t->v[i].path);
	}
	return 0;
}

/*
 * 1 if a URL may stand: relative, or http, https, mailto.  As browsers do,
 * leading blanks and controls are skipped and tabs and newlines ignored,
 * so "java\tscript:" is caught too.
 */
static int
url_ok(const char *s, size_t n)
{
	char	 sch[8];	/* "mailto" and the NUL, with room to tell longer */
	size_t	 i = 0, k = 0;

	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	for (; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 1;
		if (s[i] == ':')
			break;
		if (k < sizeof(sch) - 1)
			sch[k++] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 :
			    s[i];
		else
			k = sizeof(sch);	/* too long for any we allow */
	}
	if (i == n)
		return 1;
	if (k >= sizeof(sch))
		return 0;
	sch[k] = '\0';
	return strcmp(sch, "http") == 0 || strcmp(sch, "https") == 0 ||
	    strcmp(sch, "mailto") == 0;
}

int
tmpl_url_attr(const char *n)
{
	return strcmp(n, "href") == 0 || strcmp(n, "src") == 0 ||
	    strcmp(n, "action") == 0 || strcmp(n, "formaction") == 0 ||
	    strcmp(n, "poster") == 0 || strcmp(n, "cite") == 0;
}

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
			if (v != NULL && !url_ok((const char *)v,
			    strlen((const char *)v)))
				xmlSetProp(n, a->name, BAD_CAST "#");
			xmlFree(v);
		}
		frag_clean(n->children);
	}
}

/* Parses v as an HTML fragment and appends its nodes to parent. */
static int
html_run(struct rctx *rc, const struct tnode *tn, const struct tval *v,
    xmlNodePtr parent)
{
	struct buf	 m = BUF_INIT;
	htmlDocPtr	 f;
	xmlNodePtr	 top, copy;
	int		 wrapper = 1;

	if (v == NULL)
		return 0;
	if (v->type != TV_STR)
		return rerr_path(rc, tn->line, "data-html=\"%s\" is not text",
		    tn->htmlp);
	if (v->u.str.n == 0)
		return 0;
	/* A wrapper keeps the parser from adding <p>, <html> or <body>. */
	buf_puts(&m, "<div>");
	buf_put(&m, v->u.str.p, v->u.str.n);
	buf_puts(&m, "</div>");
	f = htmlReadMemory(m.ptr, (int)m.len, NULL, "UTF-8",
	    HTML_PARSE_NOIMPLIED | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	buf_release(&m);
	if (f == NULL)
		return 0;
	/* Stray end tags may have closed the wrapper early: take all. */
	for (top = f->children; top != NULL; top = top->next) {
		if (top->type == XML_DTD_NODE)
			continue;
		if (wrapper && top->type == XML_ELEMENT_NODE) {
			wrapper = 0;
			copy = xmlDocCopyNodeList(rc->doc, top->children);
		} else
			copy = xmlDocCopyNode(top, rc->doc, 1);
		if (copy == NULL)
			continue;
		frag_clean(copy);
		xmlAddChildList(parent, copy);
	}
	xmlFreeDoc(f);
	return 0;
}

static int
include_run(struct rctx *rc, const struct scope *sc, const struct tmpl *t,
    unsigned line, xmlNodePtr parent)
{
	const struct tmpl	*saved = rc->t;
	int			 shown, r;

	if (rc->depth >= MAX_INCLUDE_DEPTH) {
		diag_add(rc->d, DIAG_ERROR, rc->t->file, line, 0,
		    "tmpl-render", "includes nested deeper than %d",
		    MAX_INCLUDE_DEPTH);
		return -1;
	}
	rc->depth++;
	rc->t = t;
	r = run_node(rc, sc, t->root, parent, &shown);
	rc->t = saved;
	rc->depth--;
	return r;
}

/* Renders one element once its data-each has bound its item. */
static int
elem_run(struct rctx *rc, const struct scope *sc, const struct tnode *tn,
    xmlNodePtr parent, int *shown)
{
	const struct tmpl	*page;
	struct scope		 let;
	xmlNodePtr		 el, to;
	size_t			 i;
	int			 r, on, dummy;

	if (tn->letp != NULL) {
		memset(&let, 0, sizeof(let));
		let.up = sc;
		let.var = tn->letvar;
		let.val = lookup(rc, sc, tn->letp);
		sc = &let;
	}
	if (tn->ifp != NULL) {
		on = tv_truthy(lookup(rc, sc, tn->ifp));
		if (on == tn->ifneg)
			return 0;
	}
	*shown = 1;
	if (tn->inc != NULL)
		return include_run(rc, sc, tn->inc, tn->line, parent);
	if (tn->slot && rc->page != NULL) {
		/* The page's root takes the slot's place. */
		page = rc->page;
		rc->page = NULL;	/* a slot in the page must not recurse */
		rc->t = page;
		r = run_node(rc, sc, page->root, parent, &dummy);
		rc->page = page;
		return r;
	}
	to = parent;
	if (!tn->group) {
		el = xmlNewDocNode(rc->doc, NULL, BAD_CAST tn->name, NULL);
		xmlAddChild(parent, el);
		for (i = 0; i < tn->nattrs; i++) {
			buf_reset(&rc->tmp);
			if (text_run(rc, sc, &tn->attrs[i].val) == -1)
				return -1;
			if (tn->attrs[i].url && !url_ok(rc->tmp.ptr,
			    rc->tmp.len))
				buf_reset(&rc->tmp), buf_putc(&rc->tmp, '#');
			xmlNewProp(el, BAD_CAST tn->attrs[i].name,
			    BAD_CAST rc->tmp.ptr);
		}
		to = el;
	}
	if (tn->htmlp != NULL)
		r = html_run(rc, tn, lookup(rc, sc, tn->htmlp), to);
	else
		for (r = 0, i = 0; i < tn->nkids && r == 0; i++)
			if (!tn->kids[i]->is_else)
				r = run_node(rc, sc, tn->kids[i], to, &dummy);
	/* An empty <li> or <dd> would lose its end tag and swallow what follows. */
	if (r == 0 && !tn->group && tn->closeempty && to->children == NULL)
		xmlAddChild(to, xmlNewDocTextLen(rc->doc, BAD_CAST "", 0));
	return r;
}

/*
 * Renders tn into parent: a text, or an element with its data-each
 * repeating it; then its data-else if nothing was shown.
 */
static int
run_node(struct rctx *rc, const struct scope *sc, const struct tnode *tn,
    xmlNodePtr parent, int *shown)
{
	const struct tval	*l;
	const struct tmpl	*saved = rc->t;
	struct scope		 f;
	xmlNodePtr		 tx;
	size_t			 i;
	int			 r = 0;

	*shown = 0;
	if (tn->kind == TN_TEXT) {
		if (tn->pre != NULL) {
			/*
			 * Template text was escaped by libxml2 at load time;
			 * marked "noenc", the serialiser writes it as it is.
			 */
			tx = xmlNewDocText(rc->doc, BAD_CAST tn->pre);
			tx->name = xmlStringTextNoenc;
			xmlAddChild(parent, tx);
			return 0;
		}
		if (!tn->text.dyn) {
			if (tn->text.n > 0)
				xmlAddChild(parent, xmlNewDocTextLen(rc->doc,
				    BAD_CAST tn->text.v[0].lit,
				    (int)tn->text.v[0].len));
			return 0;
		}
		buf_reset(&rc->tmp);
		if (text_run(rc, sc, &tn->text) == -1)
			return -1;
		if (rc->tmp.len > 0)
			xmlAddChild(parent, xmlNewDocTextLen(rc->doc,
			    BAD_CAST rc->tmp.ptr, (int)rc->tmp.len));
		return 0;
	}
	if (tn->eachp == NULL)
		r = elem_run(rc, sc, tn, parent, shown);
	else if ((l = lookup(rc, sc, tn->eachp)) != NULL) {
		if (l->type != TV_LIST)
			return rerr_path(rc, tn->line, "data-each over \"%s\", "
			    "which is not a list", tn->eachp);
		memset(&f, 0, sizeof(f));
		loop_init(&f);
		f.up = sc;
		f.var = tn->eachvar;
		for (i = 0; i < l->u.list.n && r == 0; i++) {
			f.val = l->u.list.v[i];
			f.idx.u.str.n = (size_t)snprintf(f.idxbuf,
			    sizeof(f.idxbuf), "%zu", i + 1);
			f.first.u.b = i == 0;
			f.last.u.b = i + 1 == l->u.list.n;
			r = elem_run(rc, &f, tn, parent, shown);
		}
	}
	rc->t = saved;
	if (r == 0 && !*shown && tn->elsen != NULL)
		r = run_node(rc, sc, tn->elsen, parent, shown);
	return r;
}

static int
out_write(void *ctx, const char *p, int n)
{
	buf_put(ctx, p, (size_t)n);
	return n;
}

int
tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tval *ctx, struct buf *out, struct diags *d)
{
	const struct tmpl	*t;
	struct rctx		 rc;
	xmlOutputBufferPtr	 ob;
	xmlNodePtr		 holder, n;
	int			 r, shown;

	if ((t = tmpl_find(s, name)) == NULL) {
		diag_add(d, DIAG_ERROR, s->dir, 0, 0, "tmpl-render",
		    "no template \"%s\" in this folder", name);
		return -1;
	}
	memset(&rc, 0, sizeof(rc));
	buf_init(&rc.tmp);
	rc.ctx = ctx;
	rc.d = d;
	rc.doc = tmpl_out_doc();
	/* A <div> holds the output, so its text is escaped as text. */
	holder = xmlNewDocNode(rc.doc, NULL, BAD_CAST "div", NULL);
	if (t->lay != NULL) {
		rc.page = t;
		rc.t = t->lay;
	} else
		rc.t = t;
	r = run_node(&rc, NULL, rc.t->root, holder, &shown);
	if (r == 0) {
		ob = xmlOutputBufferCreateIO(out_write, NULL, out, NULL);
		if (ob == NULL)
			die("out of memory making an output buffer");
		for (n = holder->children; n != NULL &&
		    n->type != XML_ELEMENT_NODE; n = n->next)
			continue;
		if (n != NULL && xmlStrcasecmp(n->name, BAD_CAST "html") == 0)
			xmlOutputBufferWriteString(ob, "<!DOCTYPE html>\n");
		for (n = holder->children; n != NULL; n = n->next)
			htmlNodeDumpFormatOutput(ob, rc.doc, n, "UTF-8", 0);
		xmlOutputBufferWriteString(ob, "\n");
		if (xmlOutputBufferClose(ob) < 0) {
			diag_add(d, DIAG_ERROR, t->file, 0, 0, "tmpl-render",
			    "the HTML serialiser failed");
			r = -1;
		}
	}
	xmlFreeNode(holder);
	xmlFreeDoc(rc.doc);
	buf_release(&rc.tmp);
	return r;
}
