/*
 * tmpl.c: the template engine (see tmpl.h, and templates/README.md for
 * the language).  Three stages:
 *
 *  load	every *.html under the folder is parsed once by libxml2's XML
 *		parser (well-formed XHTML, no network, no entity expansion);
 *  compile	each document becomes a tree of tnodes: texts and attribute
 *		values pre-split into literal runs and {{ path }} lookups,
 *		paths pre-split into segments, the data-* controls decoded;
 *  link	includes and layouts are resolved by name and include cycles
 *		refused, so rendering never looks anything up by file name.
 *
 * Rendering walks the tnodes with a chain of scopes on the C stack, builds
 * a libxml2 tree and hands it to libxml2's HTML serialiser.  Nothing
 * in the set is written after tmpl_set_new(), and all per-page state lives
 * in struct rctx on the renderer's stack, so pages may be rendered from
 * several threads at once.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"
#include "tmpl.h"
#include "util.h"

/* MAX_TMPL_BYTES 1 MiB: a template is a page skeleton; bigger is a data file saved as .html. */
#define MAX_TMPL_BYTES	(1024 * 1024)
/* MAX_DIR_DEPTH 8: partials/a/b is as deep as designers go; also stops symlink loops. */
#define MAX_DIR_DEPTH	8
/* MAX_INCLUDE_DEPTH 32: cycles are refused at load; this only guards the renderer's stack. */
#define MAX_INCLUDE_DEPTH 32

/* A dotted lookup, split once at compile time. */
struct tpath {
	char	**seg;		/* the segments: "article", "title" */
	size_t	  n;		/* how many; at least one */
};

/* One run of a text or attribute value. */
struct tpart {
	char		*lit;	/* literal bytes, NUL-terminated; NULL for a lookup */
	size_t		 len;	/* bytes in lit */
	struct tpath	 path;	/* the lookup, when lit is NULL */
	unsigned	 line;	/* the lookup's template line, for messages */
};

/* A text or attribute value: literal runs and lookups in order. */
struct ttext {
	struct tpart	*v;	/* the runs */
	size_t		 n;	/* how many */
	int		 dyn;	/* 1 if any run is a lookup */
};

struct tattr {
	char		*name;	/* as written, "prefix:name" for namespaced ones */
	struct ttext	 val;	/* the value */
	int		 url;	/* href, src, ...: scheme-checked after substitution */
};

enum tn_kind {
	TN_TEXT,		/* character data */
	TN_ELEM			/* an element, with its controls */
};

struct tmpl;

struct tnode {
	enum tn_kind	  kind;
	unsigned	  line;		/* template line, for render-time errors */
	struct ttext	  text;		/* TN_TEXT: the text */
	char		 *pre;		/* TN_TEXT without lookups: escaped once, or NULL */
	char		 *name;		/* TN_ELEM: element name */
	struct tattr	 *attrs;	/* attributes kept in the output */
	size_t		  nattrs;	/* how many */
	struct tnode	**kids;		/* children, owned */
	size_t		  nkids;	/* how many */
	struct tpath	 *ifp;		/* data-if path, or NULL */
	int		  ifneg;	/* data-if="!path" */
	struct tnode	 *elsen;	/* the data-else element after this one, or NULL */
	int		  is_else;	/* skipped in order: rendered by its data-if sibling */
	char		 *eachvar;	/* data-each="VAR in path": VAR */
	struct tpath	 *eachp;	/* and path, or NULL */
	char		 *letvar;	/* data-let="VAR = path": VAR */
	struct tpath	 *letp;		/* and path, or NULL */
	char		 *incname;	/* data-include target name, or NULL */
	struct tmpl	 *inc;		/* the target, found at link time */
	struct tpath	 *htmlp;	/* data-html path, or NULL */
	int		  slot;		/* data-slot="main" */
	int		  group;	/* <template> as a group: emit only its content */
	int		  closeempty;	/* libxml2 would drop the end tag if empty */
};

struct tmpl {
	char		*name;		/* relative name, "partials/header.html" */
	char		*file;		/* DIR/NAME, for diagnostics */
	struct tnode	*root;		/* the root element */
	char		*layname;	/* data-layout on the root, or NULL */
	struct tmpl	*lay;		/* that layout, found at link time */
	int		 has_slot;	/* holds a data-slot="main" element */
	int		 mark;		/* cycle search: 0 unseen, 1 on the path, 2 done */
};

struct tmpl_set {
	char		 *dir;		/* the folder as given */
	struct tmpl	**v;		/* templates sorted by name */
	size_t		  n;		/* how many */
};

/* Compile state for one template. */
struct cctx {
	struct tmpl	*t;		/* the template being compiled */
	struct diags	*d;		/* where errors go */
	int		 err;		/* errors so far */
	xmlDocPtr	 xdoc;		/* a document like the renderer's, for escaping */
};

static void	 tnode_free(struct tnode *);

/*
 * The document pages are built in: plain XML, since in an HTML one every
 * id attribute goes into a hash table of ids, a tenth of the render time,
 * for nothing; the HTML serialiser does not care which kind it walks.
 * With an encoding set, libxml2 writes UTF-8, not &#x...; references.
 */
static xmlDocPtr
out_doc(void)
{
	xmlDocPtr	 doc;

	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		die("out of memory making a document");
	doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	return doc;
}

static void
cerr(struct cctx *cc, unsigned line, const char *fmt, const char *arg)
{
	diag_add(cc->d, DIAG_ERROR, cc->t->file, line, 0, "tmpl-syntax",
	    fmt, arg);
	cc->err++;
}

static void
path_clear(struct tpath *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		free(p->seg[i]);
	free(p->seg);
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

static int
is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits "a.b.c" (blanks around allowed) into p; -1 if not a path. */
static int
path_parse(const char *s, size_t n, struct tpath *p)
{
	size_t	 i, j;

	while (n && is_sp(*s))
		s++, n--;
	while (n && is_sp(s[n - 1]))
		n--;
	p->seg = NULL;
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
		p->seg[p->n++] = xstrndup(s + i, j - i);
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
		diag_add(cc->d, DIAG_ERROR, cc->t->file, line, 0, "tmpl-syntax",
		    "%s=\"%s\": expected a bare path such as article.title",
		    what, s);
		cc->err++;
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
			diag_add(cc->d, DIAG_ERROR, cc->t->file, pt->line, 0,
			    "tmpl-syntax", "\"%.*s\": expected a path such as "
			    "{{ article.title }}", clip(open, (int)(close - open +
			    2)), open);
			cc->err++;
			return -1;
		}
		t->n++;
		t->dyn = 1;
	}
	return 0;
bad:
	diag_add(cc->d, DIAG_ERROR, cc->t->file, line_at(at, end, min), 0,
	    "tmpl-syntax", "unbalanced \"%.2s\" in \"%.*s\"", at,
	    clip(s, 60), s);
	cc->err++;
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

/* Include and layout names: [A-Za-z0-9_/-]+\.html, no empty segments. */
static int
name_ok(const char *s)
{
	size_t	 i, n;

	n = strlen(s);
	if (n <= 5 || strcmp(s + n - 5, ".html") != 0 || s[0] == '/' ||
	    s[n - 6] == '/')
		return 0;
	for (i = 0; i < n - 5; i++) {
		if (s[i] == '/' && s[i + 1] == '/')
			return 0;
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-' || s[i] == '/'))
			return 0;
	}
	return 1;
}

static int
is_url_attr(const char *n)
{
	return strcmp(n, "href") == 0 || strcmp(n, "src") == 0 ||
	    strcmp(n, "action") == 0 || strcmp(n, "formaction") == 0 ||
	    strcmp(n, "poster") == 0 || strcmp(n, "cite") == 0;
}

/* "VAR in path" (data-each) or "VAR = path" (data-let). */
static int
bind_parse(struct cctx *cc, unsigned line, const char *what, const char *sep,
    const char *s, char **var, struct tpath **path)
{
	const char	*a, *b, *c;

	for (a = s; is_sp(*a); a++)
		continue;
	for (b = a; *b != '\0' && !is_sp(*b) && *b != '='; b++)
		continue;
	for (c = b; is_sp(*c); c++)
		continue;
	if (!is_ident(a, (size_t)(b - a)) || strncmp(c, sep, strlen(sep))
	    != 0 || (sep[0] != '=' && !is_sp(c[strlen(sep)]))) {
		diag_add(cc->d, DIAG_ERROR, cc->t->file, line, 0, "tmpl-syntax",
		    "%s=\"%s\": expected \"NAME %s path\"", what, s, sep);
		cc->err++;
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
		if (!is_sp(*s))
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
		while (is_sp(*v))
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
		if (!name_ok(v))
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
		else if (!name_ok(v))
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
				tnode_free(k);
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
		ta->name = buf_detach(&nm);
		ta->url = is_url_attr(ta->name);
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

static void
tnode_free(struct tnode *tn)
{
	size_t	 i;

	if (tn == NULL)
		return;
	text_clear(&tn->text);
	xmlFree(tn->pre);
	free(tn->name);
	for (i = 0; i < tn->nattrs; i++) {
		free(tn->attrs[i].name);
		text_clear(&tn->attrs[i].val);
	}
	free(tn->attrs);
	for (i = 0; i < tn->nkids; i++)
		tnode_free(tn->kids[i]);
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

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->file);
	tnode_free(t->root);
	free(t->layname);
	free(t);
}

/* The first parse error is the cause; later ones are its echoes. */
struct xerr {
	int	 have;		/* an error was recorded */
	int	 line, col;	/* where */
	char	*msg;		/* libxml2's message, trimmed */
};

static void
xml_error(void *data, xmlErrorPtr e)
{
	struct xerr	*x = ((xmlParserCtxtPtr)data)->_private;
	size_t		 n;

	if (x->have || e->level < XML_ERR_ERROR)
		return;
	x->have = 1;
	x->line = e->line;
	x->col = e->int2;
	x->msg = xstrdup(e->message ? e->message : "malformed XML");
	n = strlen(x->msg);
	while (n > 0 && is_sp(x->msg[n - 1]))
		x->msg[--n] = '\0';
}

/* Parses and compiles one file; NULL with a diagnostic on error. */
static struct tmpl *
tmpl_load(const char *dir, const char *name, struct diags *d)
{
	struct tmpl		*t;
	struct cctx		 cc;
	struct buf		 b = BUF_INIT;
	struct xerr		 x;
	xmlParserCtxtPtr	 ctxt = NULL;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root;

	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->file = path_join(dir, name);
	cc.t = t;
	cc.d = d;
	cc.err = 0;
	cc.xdoc = NULL;
	memset(&x, 0, sizeof(x));

	if (file_read(t->file, &b) == -1) {
		diag_add(d, DIAG_ERROR, t->file, 0, 0, "tmpl-read", "%s",
		    strerror(errno));
		goto fail;
	}
	if (b.len > MAX_TMPL_BYTES) {
		diag_add(d, DIAG_ERROR, t->file, 0, 0, "tmpl-read",
		    "%zu bytes is too big for a template", b.len);
		goto fail;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		die("out of memory making an XML parser");
	ctxt->_private = &x;
	ctxt->sax->serror = xml_error;
	/* No XML_PARSE_NOENT or DTDLOAD: entities are never expanded. */
	doc = xmlCtxtReadMemory(ctxt, b.ptr, (int)b.len, t->file, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL || !ctxt->wellFormed || x.have) {
		diag_add(d, DIAG_ERROR, t->file, x.have ? (unsigned)x.line : 0,
		    x.have && x.col > 0 ? (unsigned)x.col : 0, "tmpl-xml",
		    "%s", x.have ? x.msg : "not well-formed XHTML");
		goto fail;
	}
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		diag_add(d, DIAG_ERROR, t->file, 0, 0, "tmpl-xml",
		    "no root element");
		goto fail;
	}
	cc.xdoc = out_doc();
	t->root = elem_compile(&cc, root, 1);
	if (cc.err)
		goto fail;
	goto out;
fail:
	tmpl_free(t);
	t = NULL;
out:
	free(x.msg);
	xmlFreeDoc(doc);
	xmlFreeDoc(cc.xdoc);
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	buf_release(&b);
	return t;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the names of *.html files under dir/rel, relative to dir. */
static int
walk(const char *dir, const char *rel, int depth, char ***names, size_t *n,
    struct diags *d)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		*full, *sub, *path;
	size_t		 len;
	int		 rc = 0;

	full = rel[0] ? path_join(dir, rel) : xstrdup(dir);
	if ((dp = opendir(full)) == NULL) {
		diag_add(d, DIAG_ERROR, full, 0, 0, "tmpl-read",
		    "cannot read the templates folder: %s", strerror(errno));
		free(full);
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* ., .., editor droppings */
		sub = rel[0] ? path_join(rel, de->d_name) : xstrdup(de->d_name);
		path = path_join(dir, sub);
		len = strlen(sub);
		if (stat(path, &st) == -1)
			;	/* a dangling link: nothing to load */
		else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DIR_DEPTH) {
				diag_add(d, DIAG_ERROR, path, 0, 0, "tmpl-read",
				    "folders nested too deep");
				rc = -1;
			} else if (walk(dir, sub, depth + 1, names, n, d) == -1)
				rc = -1;
		} else if (S_ISREG(st.st_mode) && len > 5 &&
		    strcmp(sub + len - 5, ".html") == 0) {
			if (!name_ok(sub)) {
				diag_add(d, DIAG_WARN, path, 0, 0, "tmpl-name",
				    "skipped: template names use only "
				    "A-Z a-z 0-9 _ - /");
			} else {
				*names = xreallocarray(*names, *n + 1,
				    sizeof(**names));
				(*names)[(*n)++] = sub;
				sub = NULL;
			}
		}
		free(sub);
		free(path);
	}
	closedir(dp);
	free(full);
	return rc;
}

static struct tmpl *
set_find(const struct tmpl_set *s, const char *name)
{
	size_t	 lo = 0, hi = s->n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, s->v[mid]->name);
		if (c == 0)
			return s->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * Resolves the includes under tn and follows them depth first; path holds
 * the templates on the current chain, for the message about a cycle.
 */
static int
link_node(struct tmpl_set *s, struct tmpl *t, struct tnode *tn,
    struct tmpl **path, size_t depth, struct diags *d)
{
	struct tmpl	*to;
	struct buf	 m = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	if (tn->incname != NULL) {
		if ((to = set_find(s, tn->incname)) == NULL) {
			diag_add(d, DIAG_ERROR, t->file, tn->line, 0,
			    "tmpl-include", "data-include=\"%s\": no such "
			    "template in %s", tn->incname, s->dir);
			return -1;
		}
		if (to->layname != NULL) {
			diag_add(d, DIAG_ERROR, t->file, tn->line, 0,
			    "tmpl-include", "data-include=\"%s\": a page with "
			    "data-layout cannot be included", tn->incname);
			return -1;
		}
		tn->inc = to;
		if (to->mark == 1) {
			for (i = 0; i < depth; i++)
				if (path[i] == to)
					break;
			for (; i < depth; i++)
				buf_printf(&m, "%s -> ", path[i]->name);
			diag_add(d, DIAG_ERROR, t->file, tn->line, 0,
			    "tmpl-include", "include cycle: %s%s", m.ptr,
			    to->name);
			buf_release(&m);
			return -1;
		}
		if (to->mark == 0) {
			to->mark = 1;
			path[depth] = to;
			rc = link_node(s, to, to->root, path, depth + 1, d);
			to->mark = 2;
		}
		return rc;
	}
	for (i = 0; i < tn->nkids; i++)
		if (link_node(s, t, tn->kids[i], path, depth, d) == -1)
			rc = -1;
	return rc;
}

static int
set_link(struct tmpl_set *s, struct diags *d)
{
	struct tmpl	**path, *t;
	size_t		  i;
	int		  rc = 0;

	path = xcalloc(s->n + 1, sizeof(*path));
	for (i = 0; i < s->n; i++) {
		t = s->v[i];
		if (t->layname != NULL) {
			t->lay = set_find(s, t->layname);
			if (t->lay == NULL || t->lay->layname != NULL ||
			    !t->lay->has_slot) {
				diag_add(d, DIAG_ERROR, t->file, t->root->line, 0,
				    "tmpl-layout", "data-layout=\"%s\": %s",
				    t->layname, t->lay == NULL ? "no such "
				    "template" : t->lay->layname ? "a layout "
				    "cannot have a layout itself" : "the layout "
				    "has no data-slot=\"main\"");
				rc = -1;
			}
		}
		if (t->mark == 0) {
			t->mark = 1;
			path[0] = t;
			if (link_node(s, t, t->root, path, 1, d) == -1)
				rc = -1;
			t->mark = 2;
		}
	}
	free(path);
	return rc;
}

struct tmpl_set *
tmpl_set_new(const char *dir, struct diags *d)
{
	struct tmpl_set	 *s;
	struct tmpl	 *t;
	char		**names = NULL;
	size_t		  n = 0, i;
	int		  rc;

	/* Once per process is enough; later calls return at once. */
	xmlInitParser();
	s = xcalloc(1, sizeof(*s));
	s->dir = xstrdup(dir);
	rc = walk(dir, "", 0, &names, &n, d);
	if (rc == 0 && n == 0) {
		diag_add(d, DIAG_ERROR, dir, 0, 0, "tmpl-read",
		    "no *.html templates in this folder");
		rc = -1;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	s->v = xcalloc(n + 1, sizeof(*s->v));
	for (i = 0; i < n; i++) {
		/* Every file is compiled, so one run reports every error. */
		if ((t = tmpl_load(dir, names[i], d)) == NULL)
			rc = -1;
		else
			s->v[s->n++] = t;
		free(names[i]);
	}
	free(names);
	if (rc == 0)
		rc = set_link(s, d);
	if (rc == -1) {
		tmpl_set_free(s);
		return NULL;
	}
	return s;
}

int
tmpl_has(const struct tmpl_set *s, const char *name)
{
	return s != NULL && set_find(s, name) != NULL;
}

void
tmpl_set_free(struct tmpl_set *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		tmpl_free(s->v[i]);
	free(s->v);
	free(s->dir);
	free(s);
}

/*
 * Rendering.  A scope binds one name (data-each's variable or data-let's);
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

static void
rerr(struct rctx *rc, unsigned line, const char *fmt, const char *arg)
{
	diag_add(rc->d, DIAG_ERROR, rc->t->file, line, 0, "tmpl-render", fmt,
	    arg);
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

static void
path_text(const struct tpath *p, struct buf *b)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		buf_printf(b, "%s%s", i ? "." : "", p->seg[i]);
}

/* Appends the value of t to rc->tmp: missing is "", lists and maps fail. */
static int
text_run(struct rctx *rc, const struct scope *sc, const struct ttext *t)
{
	const struct tval	*v;
	struct buf		 m = BUF_INIT;
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
		else {
			path_text(&t->v[i].path, &m);
			rerr(rc, t->v[i].line, "{{ %s }} is a list or map, not "
			    "text", m.ptr);
			buf_release(&m);
			return -1;
		}
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

static int
is_url_name(const xmlChar *n)
{
	return is_url_attr((const char *)n);
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
			if (!is_url_name(a->name))
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
	if (v->type != TV_STR) {
		path_text(tn->htmlp, &m);
		rerr(rc, tn->line, "data-html=\"%s\" is not text", m.ptr);
		buf_release(&m);
		return -1;
	}
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
	struct buf		 m = BUF_INIT;
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
		if (l->type != TV_LIST) {
			path_text(tn->eachp, &m);
			rerr(rc, tn->line, "data-each over \"%s\", which is "
			    "not a list", m.ptr);
			buf_release(&m);
			return -1;
		}
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

	if ((t = set_find(s, name)) == NULL) {
		diag_add(d, DIAG_ERROR, s->dir, 0, 0, "tmpl-render",
		    "no template \"%s\" in this folder", name);
		return -1;
	}
	memset(&rc, 0, sizeof(rc));
	buf_init(&rc.tmp);
	rc.ctx = ctx;
	rc.d = d;
	rc.doc = out_doc();
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
