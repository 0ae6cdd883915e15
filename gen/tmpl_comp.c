/*
 * tmpl_comp.c: the template compiler.  One template, already parsed by
 * libxml2 (tmpl.c), becomes the tree of tnodes that tmpl_run.c executes
 * (records in tmpl_int.h; the language in templates/README.md):
 *
 *  - texts and attribute values are split into literal runs and
 *    {{ path }} lookups (text_compile), paths into their segments
 *    (path_parse), so rendering never parses anything;
 *  - the data-* attributes become fields of the node (control): data-if
 *    and data-else (paired in kids_compile), data-each, data-let,
 *    data-include, data-html, data-layout, data-slot;
 *  - a constant text is escaped once, here, against a document like the
 *    renderer's (tnode.pre);
 *  - the tree is then planned for rendering (tmpl_plan.c).
 *
 * Every mistake is a "tmpl-syntax" error naming DIR/NAME:LINE; compiling
 * goes on after one, so a run reports them all.  Includes and layouts
 * are only named here; tmpl.c links them once every file is compiled.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"
#include "tmpl_int.h"
#include "tval.h"
#include "util.h"

/* Compile state for one template. */
struct cctx {
	struct tmpl	*t;		/* the template being compiled */
	struct diags	*d;		/* where errors go */
	int		 err;		/* errors so far */
	xmlDocPtr	 xdoc;		/* a document like the renderer's, for escaping */
};

static void	 cerr(struct cctx *, unsigned, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
cerr(struct cctx *cc, unsigned line, const char *fmt, ...)
{
	struct buf	 m = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	diag_add(cc->d, DIAG_ERROR, cc->t->file, line, 0, "tmpl-syntax",
	    "%s", m.ptr);
	buf_release(&m);
	cc->err++;
}

static void
path_clear(struct tpath *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		free(p->seg[i]);
	free(p->seg);
	free(p->w);
}

static int
is_ident(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int
tmpl_is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits "a.b.c" (blanks around allowed) into p; -1 if not a path. */
static int
path_parse(const char *s, size_t n, struct tpath *p)
{
	size_t	 i, j;

	while (n && tmpl_is_sp(*s))
		s++, n--;
	while (n && tmpl_is_sp(s[n - 1]))
		n--;
	p->seg = NULL;
	p->w = NULL;
	p->n = 0;
	for (i = 0; i <= n; i = j + 1) {
		for (j = i; j < n && s[j] != '.'; j++)
			continue;
		if (!is_ident(s + i, j - i)) {
			path_clear(p);
			p->n = 0;
			return -1;
		}
		p->seg = xreallocarray(p->seg, p->n + 1, sizeof(*p->seg));
		p->w = xreallocarray(p->w, p->n + 1, sizeof(*p->w));
		p->seg[p->n] = xstrndup(s + i, j - i);
		p->w[p->n] = tv_key_word(p->seg[p->n]);
		p->n++;
	}
	return 0;
}

static struct tpath *
path_new(struct cctx *cc, unsigned line, const char *what, const char *s)
{
	struct tpath	*p;

	p = xmalloc(sizeof(*p));
	if (strstr(s, "{{") != NULL || path_parse(s, strlen(s), p) == -1) {
		free(p);
		cerr(cc, line, "%s=\"%s\": expected a bare path such as "
		    "article.title", what, s);
		return NULL;
	}
	return p;
}

static void
path_free(struct tpath *p)
{
	if (p != NULL) {
		path_clear(p);
		free(p);
	}
}

static void
text_add_lit(struct ttext *t, const char *s, size_t n)
{
	struct tpart	*p;

	if (n == 0)
		return;
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	p = &t->v[t->n++];
	p->lit = xstrndup(s, n);
	p->len = n;
	p->path.seg = NULL;
	p->path.w = NULL;
	p->path.n = 0;
}

/*
 * The line of the byte at in s, a text that ends on line end: libxml2
 * stamps a text node with the line it has read up to, so count back the
 * newlines after at, but not above min, the line of the element.
 */
static unsigned
line_at(const char *at, unsigned end, unsigned min)
{
	for (; *at != '\0'; at++)
		if (*at == '\n' && end > min)
			end--;
	return end;
}

/* Bytes of s up to max, not cutting a UTF-8 sequence, for messages. */
static int
clip(const char *s, int max)
{
	int	 n;

	for (n = 0; s[n] != '\0' && n < max; n++)
		continue;
	if (s[n] != '\0')
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	return n;
}

/* Splits s into literal runs and {{ path }} lookups; see line_at. */
static int
text_compile(struct cctx *cc, const char *s, unsigned end, unsigned min,
    struct ttext *t)
{
	const char	*p, *open, *close, *at;
	struct tpart	*pt;

	memset(t, 0, sizeof(*t));
	for (p = s; *p != '\0'; p = close + 2) {
		open = strstr(p, "{{");
		close = strstr(p, "}}");
		if (open == NULL && close == NULL) {
			text_add_lit(t, p, strlen(p));
			return 0;
		}
		at = open;
		if (open == NULL || (close != NULL && close < open)) {
			at = close;
			goto bad;
		}
		text_add_lit(t, p, (size_t)(open - p));
		close = strstr(open + 2, "}}");
		if (close == NULL || memchr(open + 2, '{', (size_t)(close -
		    open - 2)) != NULL)
			goto bad;
		t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
		pt = &t->v[t->n];
		pt->lit = NULL;
		pt->len = 0;
		pt->line = line_at(open, end, min);
		if (path_parse(open + 2, (size_t)(close - open - 2),
		    &pt->path) == -1) {
			cerr(cc, pt->line, "\"%.*s\": expected a path such as "
			    "{{ article.title }}", clip(open, (int)(close - open +
			    2)), open);
			return -1;
		}
		t->n++;
		t->dyn = 1;
	}
	return 0;
bad:
	cerr(cc, line_at(at, end, min), "unbalanced \"%.2s\" in \"%.*s\"", at,
	    clip(s, 60), s);
	return -1;
}

static void
text_clear(struct ttext *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].lit);
		path_clear(&t->v[i].path);
	}
	free(t->v);
}

/* "VAR in path" (data-each) or "VAR = path" (data-let). */
static int
bind_parse(struct cctx *cc, unsigned line, const char *what, const char *sep,
    const char *s, char **var, struct tpath **path)
{
	const char	*a, *b, *c;

	for (a = s; tmpl_is_sp(*a); a++)
		continue;
	for (b = a; *b != '\0' && !tmpl_is_sp(*b) && *b != '='; b++)
		continue;
	for (c = b; tmpl_is_sp(*c); c++)
		continue;
	if (!is_ident(a, (size_t)(b - a)) || strncmp(c, sep, strlen(sep))
	    != 0 || (sep[0] != '=' && !tmpl_is_sp(c[strlen(sep)]))) {
		cerr(cc, line, "%s=\"%s\": expected \"NAME %s path\"", what, s,
		    sep);
		return -1;
	}
	if ((size_t)(b - a) == 4 && strncmp(a, "loop", 4) == 0) {
		cerr(cc, line, "%s: \"loop\" is reserved for the loop state",
		    what);
		return -1;
	}
	if ((*path = path_new(cc, line, what, c + strlen(sep))) == NULL)
		return -1;
	*var = xstrndup(a, (size_t)(b - a));
	return 0;
}

static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!tmpl_is_sp(*s))
			return 0;
	return 1;
}

static struct tnode *elem_compile(struct cctx *, xmlNodePtr, int);

/* Reads one data-* control into tn; 1 if name was a control. */
static int
control(struct cctx *cc, struct tnode *tn, const char *name, const char *v,
    int isroot)
{
	unsigned	 line = tn->line;

	if (strcmp(name, "data-if") == 0) {
		while (tmpl_is_sp(*v))
			v++;
		if ((tn->ifneg = *v == '!'))
			v++;
		tn->ifp = path_new(cc, line, name, v);
	} else if (strcmp(name, "data-else") == 0) {
		if (*v != '\0' && strcmp(v, "data-else") != 0)
			cerr(cc, line, "data-else takes no value, not \"%s\"", v);
		tn->is_else = 1;
	} else if (strcmp(name, "data-each") == 0)
		bind_parse(cc, line, name, "in", v, &tn->eachvar, &tn->eachp);
	else if (strcmp(name, "data-let") == 0)
		bind_parse(cc, line, name, "=", v, &tn->letvar, &tn->letp);
	else if (strcmp(name, "data-include") == 0) {
		if (!tmpl_name_ok(v))
			cerr(cc, line, "data-include=\"%s\": not a template "
			    "name such as partials/header.html", v);
		else
			tn->incname = xstrdup(v);
	} else if (strcmp(name, "data-html") == 0)
		tn->htmlp = path_new(cc, line, name, v);
	else if (strcmp(name, "data-layout") == 0) {
		if (!isroot)
			cerr(cc, line, "data-layout=\"%s\" belongs on the root "
			    "element", v);
		else if (!tmpl_name_ok(v))
			cerr(cc, line, "data-layout=\"%s\": not a template "
			    "name such as base.html", v);
		else
			cc->t->layname = xstrdup(v);
	} else if (strcmp(name, "data-slot") == 0) {
		if (strcmp(v, "main") != 0)
			cerr(cc, line, "data-slot=\"%s\": the only slot is "
			    "\"main\"", v);
		else if (cc->t->has_slot)
			cerr(cc, line, "%s: a second data-slot=\"main\"",
			    tn->name);
		tn->slot = cc->t->has_slot = 1;
	} else
		return 0;
	return 1;
}

/* Compiles the children of n into tn, pairing data-else with data-if. */
static void
kids_compile(struct cctx *cc, xmlNodePtr n, struct tnode *tn)
{
	xmlNodePtr	 c;
	struct tnode	*k, *lastif = NULL;
	xmlChar		*s;

	for (c = n->children; c != NULL; c = c->next) {
		k = NULL;
		switch (c->type) {
		case XML_ELEMENT_NODE:
			if ((k = elem_compile(cc, c, 0)) == NULL)
				break;
			if (k->is_else) {
				if (lastif == NULL)
					cerr(cc, k->line, "%s: data-else without "
					    "a data-if element just before it",
					    k->name);
				else
					lastif->elsen = k;
			}
			lastif = k->ifp != NULL ? k : NULL;
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			s = c->content;
			if (s == NULL || *s == '\0')
				break;
			if (!blank((const char *)s))
				lastif = NULL;
			k = xcalloc(1, sizeof(*k));
			k->kind = TN_TEXT;
			k->line = (unsigned)xmlGetLineNo(c);
			if (text_compile(cc, (const char *)s, k->line,
			    tn->line, &k->text) == -1) {
				tmpl_node_free(k);
				k = NULL;
			} else if (!k->text.dyn && k->text.n == 1 &&
			    xmlStrcasecmp(n->name, BAD_CAST "script") != 0 &&
			    xmlStrcasecmp(n->name, BAD_CAST "style") != 0)
				k->pre = (char *)xmlEncodeEntitiesReentrant(
				    cc->xdoc, BAD_CAST k->text.v[0].lit);
			break;
		case XML_ENTITY_REF_NODE:
			cerr(cc, (unsigned)xmlGetLineNo(n), "&%s;: entities are "
			    "not expanded; write the character or &#NNNN;",
			    (const char *)c->name);
			break;
		default:
			/* Comments and processing instructions stay private. */
			break;
		}
		if (k == NULL)
			continue;
		tn->kids = xreallocarray(tn->kids, tn->nkids + 1,
		    sizeof(*tn->kids));
		tn->kids[tn->nkids++] = k;
	}
}

/*
 * Compiles element n: its controls, the attributes kept in the output
 * (each a text with lookups), then its children.  isroot: the
 * template's root, the one place data-layout may stand.
 */
static struct tnode *
elem_compile(struct cctx *cc, xmlNodePtr n, int isroot)
{
	struct tnode		*tn;
	struct tattr		*ta;
	const htmlElemDesc	*desc;
	xmlAttrPtr		 a;
	xmlChar			*v;
	struct buf		 nm = BUF_INIT;
	int			 ok;

	tn = xcalloc(1, sizeof(*tn));
	tn->kind = TN_ELEM;
	tn->line = (unsigned)xmlGetLineNo(n);
	if (n->ns != NULL && n->ns->prefix != NULL)
		buf_printf(&nm, "%s:", (const char *)n->ns->prefix);
	buf_puts(&nm, (const char *)n->name);
	tn->name = buf_detach(&nm);

	for (a = n->properties; a != NULL; a = a->next) {
		v = xmlNodeGetContent((xmlNodePtr)a);
		if (a->ns == NULL && control(cc, tn, (const char *)a->name,
		    v ? (const char *)v : "", isroot)) {
			xmlFree(v);
			continue;
		}
		if (a->ns != NULL && a->ns->prefix != NULL)
			buf_printf(&nm, "%s:", (const char *)a->ns->prefix);
		buf_puts(&nm, (const char *)a->name);
		tn->attrs = xreallocarray(tn->attrs, tn->nattrs + 1,
		    sizeof(*tn->attrs));
		ta = &tn->attrs[tn->nattrs++];
		memset(ta, 0, sizeof(*ta));
		ta->name = buf_detach(&nm);
		ta->url = tmpl_url_attr(ta->name);
		ok = text_compile(cc, v ? (const char *)v : "", tn->line,
		    tn->line, &ta->val);
		xmlFree(v);
		if (ok == -1)
			break;
	}

	if (tn->slot && (tn->eachp || tn->incname || tn->htmlp))
		cerr(cc, tn->line, "%s: data-slot cannot be combined with "
		    "data-each, data-include or data-html", tn->name);
	if (isroot && tn->is_else)
		cerr(cc, tn->line, "%s: data-else on the root element",
		    tn->name);
	if (tn->incname && tn->htmlp)
		cerr(cc, tn->line, "%s: data-include and data-html exclude "
		    "each other", tn->name);
	tn->group = strcmp(tn->name, "template") == 0 && (isroot || tn->ifp ||
	    tn->is_else || tn->eachp || tn->letp || tn->incname || tn->htmlp);
	desc = htmlTagLookup((const xmlChar *)tn->name);
	tn->closeempty = desc != NULL && !desc->empty && desc->saveEndTag;

	/* What an include or data-html replaces is only a placeholder. */
	if (tn->incname == NULL && tn->htmlp == NULL)
		kids_compile(cc, n, tn);
	return tn;
}

void
tmpl_node_free(struct tnode *tn)
{
	size_t	 i;

	if (tn == NULL)
		return;
	tmpl_ops_free(tn);
	text_clear(&tn->text);
	xmlFree(tn->pre);
	free(tn->name);
	for (i = 0; i < tn->nattrs; i++) {
		free(tn->attrs[i].name);
		text_clear(&tn->attrs[i].val);
	}
	free(tn->attrs);
	for (i = 0; i < tn->nkids; i++)
		tmpl_node_free(tn->kids[i]);
	free(tn->kids);
	path_free(tn->ifp);
	free(tn->eachvar);
	path_free(tn->eachp);
	free(tn->letvar);
	path_free(tn->letp);
	free(tn->incname);
	path_free(tn->htmlp);
	free(tn);
}

int
tmpl_compile(struct tmpl *t, xmlNodePtr root, struct diags *d)
{
	struct cctx	 cc;

	cc.t = t;
	cc.d = d;
	cc.err = 0;
	cc.xdoc = tmpl_out_doc();
	t->root = elem_compile(&cc, root, 1);
	if (cc.err == 0)
		tmpl_plan(t, cc.xdoc);
	xmlFreeDoc(cc.xdoc);
	return cc.err ? -1 : 0;
}
