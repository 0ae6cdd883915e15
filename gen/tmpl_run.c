/*
 * tmpl_run.c: rendering, tmpl_render().  Runs the plan that tmpl_plan.c
 * made of the compiled tree (records in tmpl_int.h) against a page's
 * context of tvals (tval.h), writing the page straight into the output:
 * constant parts as the bytes libxml2's HTML writer made of them at load
 * time, substituted values escaped as that writer escapes them
 * (tmpl_esc.c), so a value is always text and the page is the one the
 * writer would have made of the whole tree.  Where to look:
 *
 *  run_ops	an element's steps: chunks, texts, attributes, kids;
 *  run_node	an element repeated by data-each, then its data-else if
 *		nothing was shown;
 *  elem_run	one element: data-let, data-if, data-include
 *		(include_run), the layout's data-slot, then its steps;
 *  lookup	what {{ a.b }} names: loop and let scopes, then the context;
 *  text_out,	a text or an attribute with lookups;
 *  attr_out
 *  url_ok	the schemes a substituted URL may have;
 *  html_run	data-html, the one part of a page still made as a tree
 *		(tmpl_html.c);
 *  tmpl_render	the layout around the page, the doctype, errors.
 *
 * All per-page state lives in struct rctx on the renderer's stack, and
 * the compiled set is only read, so pages render from many threads at
 * once.
 */
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"
#include "tmpl.h"
#include "tmpl_int.h"
#include "util.h"

/* MAX_INCLUDE_DEPTH 32: cycles are refused at load; this only guards the renderer's stack. */
#define MAX_INCLUDE_DEPTH 32

/*
 * The kind of document pages were built in, and data-html content is
 * still written against: plain XML, since in an HTML one every id
 * attribute goes into a hash table of ids, for nothing; the HTML writer
 * does not care which kind it walks.  With an encoding set, libxml2
 * writes UTF-8, not &#x...; references (tmpl_esc.c copies that).
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
	uint64_t		 w;		/* tv_key_word(var) */
	const struct tval	*val;		/* its value (NULL: missing) */
	int			 isloop;	/* a data-each frame: loop is set */
	struct tval		 loop;		/* {index, first, last} */
	struct tv_ent		 ents[3];	/* loop's keys */
	struct tval		 idx, first, last; /* loop's values */
	char			 idxbuf[24];	/* idx's text */
};

/* Per-render state; lives on the renderer's stack. */
struct rctx {
	struct buf		*out;		/* the page */
	const struct tval	*ctx;		/* the page context */
	const struct tmpl	*t;		/* template being run, for messages */
	const struct tmpl	*page;		/* page for the layout's slot, or NULL */
	struct diags		*d;		/* where errors go */
	xmlDocPtr		 xdoc;		/* the set's document, for data-html */
	struct buf		 tmp;		/* scratch for attribute values */
	int			 depth;		/* includes deep */
	int			 el;		/* elements open: 0 at the top */
	int			 raw;		/* the innermost is script or style */
	int			 first;		/* the first top-level element: */
						/*  -1 none yet, 1 <html>, 0 other */
};

static int	 run_node(struct rctx *, const struct scope *,
		    const struct tnode *, int *);

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
	f->ents[0].w = tv_key_word("index");
	f->ents[1].w = tv_key_word("first");
	f->ents[2].w = tv_key_word("last");
	f->loop.type = TV_MAP;
	f->loop.u.map.e = f->ents;
	f->loop.u.map.n = f->loop.u.map.cap = 3;
	f->idx.type = TV_STR;
	f->idx.u.str.p = f->idxbuf;
	f->idx.u.str.html = 0;
	f->first.type = f->last.type = TV_BOOL;
}

/* tv_key_word("loop"), little-endian as the words are. */
#define LOOP_WORD	((uint64_t)'l' | (uint64_t)'o' << 8 | \
			    (uint64_t)'o' << 16 | (uint64_t)'p' << 24)

/* Innermost scope first, then outward, then the page context. */
static const struct tval *
lookup(const struct rctx *rc, const struct scope *sc, const struct tpath *p)
{
	const struct tval	*v = NULL;
	const char		*s0 = p->seg[0];
	size_t			 i;

	/*
	 * Names as words first (tv_key_word()): a name under eight bytes is
	 * its word, and strcmp() is a call.
	 */
	for (; sc != NULL; sc = sc->up) {
		if (sc->w == p->w[0] &&
		    (p->w[0] >> 56 == 0 || strcmp(sc->var, s0) == 0)) {
			v = sc->val;
			break;
		}
		if (sc->isloop && p->w[0] == LOOP_WORD) {
			v = &sc->loop;
			break;
		}
	}
	if (sc == NULL)
		v = tv_get_word(rc->ctx, s0, p->w[0]);
	for (i = 1; i < p->n && v != NULL; i++)
		v = tv_get_word(v, p->seg[i], p->w[i]);
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
 * Writes s as text: escaped, or as it is inside <script> and <style>.
 * Either way it ends at a NUL, as the C string libxml2 kept did; returns
 * 1 when one cut it short.
 */
static int
text_put(struct rctx *rc, const char *s, size_t n)
{
	const char	*nul;

	if (!rc->raw)
		return tmpl_esc_text(rc->out, s, n);
	if ((nul = memchr(s, '\0', n)) != NULL)
		n = (size_t)(nul - s);
	buf_put(rc->out, s, n);
	return nul != NULL;
}

/*
 * A text with lookups, written as it goes.  After a NUL in a value the
 * rest of the text is not written (libxml2 held it as a C string), but
 * its lookups are still checked, as they were.
 */
static int
text_out(struct rctx *rc, const struct scope *sc, const struct ttext *t)
{
	const struct tval	*v;
	size_t			 i;
	int			 cut = 0;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].lit != NULL) {
			if (!cut)
				cut = text_put(rc, t->v[i].lit, t->v[i].len);
			continue;
		}
		if ((v = lookup(rc, sc, &t->v[i].path)) == NULL)
			continue;
		if (v->type == TV_STR) {
			if (!cut)
				cut = text_put(rc, v->u.str.p, v->u.str.n);
		} else if (v->type == TV_BOOL) {
			if (!cut)
				buf_puts(rc->out, v->u.b ? "true" : "false");
		} else
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
int
tmpl_url_ok(const char *s, size_t n)
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

/* An attribute with lookups: ' name="value"', or " name" for a boolean. */
static int
attr_out(struct rctx *rc, const struct scope *sc, const struct tattr *ta)
{
	buf_reset(&rc->tmp);
	if (text_run(rc, sc, &ta->val) == -1)
		return -1;
	if (ta->url && !tmpl_url_ok(rc->tmp.ptr, rc->tmp.len)) {
		buf_reset(&rc->tmp);
		buf_putc(&rc->tmp, '#');
	}
	buf_puts(rc->out, ta->lead);
	if (ta->esc != TESC_BOOL)
		tmpl_esc_attr(rc->out, rc->tmp.ptr, rc->tmp.len, ta->esc);
	return 0;
}

/* data-html: the value written as HTML (tmpl_html.c). */
static int
html_run(struct rctx *rc, const struct tnode *tn, const struct tval *v)
{
	if (v == NULL)
		return 0;
	if (v->type != TV_STR)
		return rerr_path(rc, tn->line, "data-html=\"%s\" is not text",
		    tn->htmlp);
	/* Already what tmpl_html() would write (tv_html()): as it stands. */
	if (v->u.str.html && !rc->raw && rc->el > 0)
		buf_put(rc->out, v->u.str.p, v->u.str.n);
	else if (v->u.str.n > 0)
		tmpl_html(rc->out, rc->xdoc, v->u.str.p, v->u.str.n, rc->raw,
		    rc->el == 0 ? &rc->first : NULL);
	return 0;
}

static int
include_run(struct rctx *rc, const struct scope *sc, const struct tmpl *t,
    unsigned line)
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
	r = run_node(rc, sc, t->root, &shown);
	rc->t = saved;
	rc->depth--;
	return r;
}

/* Writes constant bytes; at the top level, they may hold the first element. */
static void
chunk_out(struct rctx *rc, const char *p, size_t n, int first)
{
	if (rc->el == 0 && rc->first < 0)
		rc->first = first;
	buf_put(rc->out, p, n);
}

/*
 * Runs an element's steps (tmpl_plan.c).  The content of a void element
 * is run between TOP_MUTE and TOP_UNMUTE, so its lookups are checked as
 * before, and then taken back out: libxml2 never wrote it.
 */
static int
run_ops(struct rctx *rc, const struct scope *sc, const struct top *op,
    size_t n)
{
	const struct top	*end = op + n;
	size_t			 mark = 0;
	int			 dummy;

	for (; op < end; op++) {
		switch (op->kind) {
		case TOP_CHUNK:
			chunk_out(rc, op->p, op->n, op->first);
			break;
		case TOP_TEXT:
			if (text_out(rc, sc, &op->tn->text) == -1)
				return -1;
			break;
		case TOP_ATTR:
			if (attr_out(rc, sc, op->ta) == -1)
				return -1;
			break;
		case TOP_NODE:
			if (run_node(rc, sc, op->tn, &dummy) == -1)
				return -1;
			break;
		case TOP_HTML:
			if (html_run(rc, op->tn, lookup(rc, sc,
			    op->tn->htmlp)) == -1)
				return -1;
			break;
		case TOP_MUTE:
			mark = rc->out->len;
			break;
		case TOP_UNMUTE:
			buf_truncate(rc->out, mark);
			break;
		}
	}
	return 0;
}

/* Renders one element once its data-each has bound its item. */
static int
elem_run(struct rctx *rc, const struct scope *sc, const struct tnode *tn,
    int *shown)
{
	const struct tmpl	*page;
	struct scope		 let;
	int			 r, on, dummy, raw;

	if (tn->letp != NULL) {
		memset(&let, 0, sizeof(let));
		let.up = sc;
		let.var = tn->letvar;
		let.w = tv_key_word(tn->letvar);
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
		return include_run(rc, sc, tn->inc, tn->line);
	if (tn->slot && rc->page != NULL) {
		/* The page's root takes the slot's place. */
		page = rc->page;
		rc->page = NULL;	/* a slot in the page must not recurse */
		rc->t = page;
		r = run_node(rc, sc, page->root, &dummy);
		rc->page = page;
		return r;
	}
	if (tn->group)
		return run_ops(rc, sc, tn->ops, tn->nops);
	if (rc->el == 0 && rc->first < 0)
		rc->first = tn->ishtml;
	raw = rc->raw;
	rc->raw = tn->raw;
	rc->el++;
	r = run_ops(rc, sc, tn->ops, tn->nops);
	rc->el--;
	rc->raw = raw;
	return r;
}

/* Writes n in decimal at p (room for 21 bytes), NUL-terminated; its length. */
static size_t
idx_text(char *p, size_t n)
{
	char	 tmp[24];
	size_t	 k = sizeof(tmp), len;

	do
		tmp[--k] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	len = sizeof(tmp) - k;
	memcpy(p, tmp + k, len);
	p[len] = '\0';
	return len;
}

/*
 * Renders element tn: all at once if static, else with its data-each
 * repeating it; then its data-else if nothing was shown.
 */
static int
run_node(struct rctx *rc, const struct scope *sc, const struct tnode *tn,
    int *shown)
{
	const struct tval	*l;
	const struct tmpl	*saved = rc->t;
	struct scope		 f;
	size_t			 i;
	int			 r = 0;

	if (tn->stat) {
		*shown = 1;
		chunk_out(rc, tn->chunk, tn->nchunk, tn->ishtml);
		return 0;
	}
	*shown = 0;
	if (tn->eachp == NULL)
		r = elem_run(rc, sc, tn, shown);
	else if ((l = lookup(rc, sc, tn->eachp)) != NULL) {
		if (l->type != TV_LIST)
			return rerr_path(rc, tn->line, "data-each over \"%s\", "
			    "which is not a list", tn->eachp);
		memset(&f, 0, sizeof(f));
		loop_init(&f);
		f.up = sc;
		f.var = tn->eachvar;
		f.w = tv_key_word(tn->eachvar);
		for (i = 0; i < l->u.list.n && r == 0; i++) {
			f.val = l->u.list.v[i];
			f.idx.u.str.n = idx_text(f.idxbuf, i + 1);
			f.first.u.b = i == 0;
			f.last.u.b = i + 1 == l->u.list.n;
			r = elem_run(rc, &f, tn, shown);
		}
	}
	rc->t = saved;
	if (r == 0 && !*shown && tn->elsen != NULL)
		r = run_node(rc, sc, tn->elsen, shown);
	return r;
}

int
tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tval *ctx, struct buf *out, struct diags *d)
{
	static const char	 doctype[] = "<!DOCTYPE html>\n";
	const size_t		 dn = sizeof(doctype) - 1;
	const struct tmpl	*t;
	struct rctx		 rc;
	size_t			 start = out->len;
	int			 r, shown;

	if ((t = tmpl_find(s, name)) == NULL) {
		diag_add(d, DIAG_ERROR, s->dir, 0, 0, "tmpl-render",
		    "no template \"%s\" in this folder", name);
		return -1;
	}
	memset(&rc, 0, sizeof(rc));
	buf_init(&rc.tmp);
	rc.out = out;
	rc.ctx = ctx;
	rc.d = d;
	rc.xdoc = s->xdoc;
	rc.first = -1;
	if (t->lay != NULL) {
		rc.page = t;
		rc.t = t->lay;
	} else
		rc.t = t;
	r = run_node(&rc, NULL, rc.t->root, &shown);
	buf_release(&rc.tmp);
	if (r == -1) {
		buf_truncate(out, start);
		return -1;
	}
	/* A page whose first element is <html> starts with the doctype. */
	if (rc.first == 1) {
		buf_grow(out, dn);
		memmove(out->ptr + start + dn, out->ptr + start, out->len -
		    start);
		memcpy(out->ptr + start, doctype, dn);
		out->len += dn;
		out->ptr[out->len] = '\0';
	}
	buf_putc(out, '\n');
	return 0;
}
