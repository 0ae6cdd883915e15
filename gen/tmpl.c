/*
 * tmpl.c: the template set (see tmpl.h; the language is described in
 * templates/README.md).  The engine is three files around one private
 * header, tmpl_int.h, which holds the compiled tree:
 *
 *  tmpl.c	(this file) loading and linking, in tmpl_set_new():
 *		walk	finds every *.html under the folder (partials/ too);
 *		tmpl_load parses each with libxml2's XML parser (well-formed
 *			XHTML, no network, no entity expansion) and reports
 *			the first error as DIR/NAME:LINE:COL ("tmpl-xml");
 *		set_link resolves includes and layouts by name and refuses
 *			include cycles ("tmpl-include", "tmpl-layout"), so
 *			rendering never looks anything up by file name;
 *  tmpl_comp.c	compiling one parsed document into tnodes: {{ path }}
 *		lookups, the data-* controls, syntax errors ("tmpl-syntax");
 *  tmpl_plan.c	planning: the constant parts serialised once by
 *		libxml2's HTML writer, the rest as steps;
 *  tmpl_esc.c	escaping values exactly as that writer does;
 *  tmpl_run.c	rendering, tmpl_render(): running the steps against a
 *		context straight into the page.
 *
 * Nothing in the set is written after tmpl_set_new(), so pages may be
 * rendered from several threads at once.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "tmpl.h"
#include "tmpl_int.h"
#include "util.h"

/* MAX_TMPL_BYTES 1 MiB: a template is a page skeleton; bigger is a data file saved as .html. */
#define MAX_TMPL_BYTES	(1024 * 1024)
/* MAX_DIR_DEPTH 8: partials/a/b is as deep as designers go; also stops symlink loops. */
#define MAX_DIR_DEPTH	8

int
tmpl_name_ok(const char *s)
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

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->file);
	tmpl_node_free(t->root);
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
	while (n > 0 && tmpl_is_sp(x->msg[n - 1]))
		x->msg[--n] = '\0';
}

/* Parses and compiles one file; NULL with a diagnostic on error. */
static struct tmpl *
tmpl_load(const char *dir, const char *name, struct diags *d)
{
	struct tmpl		*t;
	struct buf		 b = BUF_INIT;
	struct xerr		 x;
	xmlParserCtxtPtr	 ctxt = NULL;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root;

	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->file = path_join(dir, name);
	memset(&x, 0, sizeof(x));

	if (file_read(t->file, &b) == -1) {
		diag_add(d, DIAG_ERROR, t->file, 0, 0, "tmpl-read", "%s",
		    strerror(errno));
		goto fail;
	}
	t->src = cache_hash(b.ptr, b.len, CACHE_SEED);
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
	if (tmpl_compile(t, root, d) == -1)
		goto fail;
	goto out;
fail:
	tmpl_free(t);
	t = NULL;
out:
	free(x.msg);
	xmlFreeDoc(doc);
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
			if (!tmpl_name_ok(sub)) {
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

struct tmpl *
tmpl_find(const struct tmpl_set *s, const char *name)
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
		if ((to = tmpl_find(s, tn->incname)) == NULL) {
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
			t->lay = tmpl_find(s, t->layname);
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

/* Marks in seen the templates that t's pages are made of. */
static void
deps_node(const struct tnode *tn, unsigned char *seen);

static void
deps(const struct tmpl *t, unsigned char *seen)
{
	if (t == NULL || seen[t->idx])
		return;
	seen[t->idx] = 1;
	deps(t->lay, seen);
	deps_node(t->root, seen);
}

static void
deps_node(const struct tnode *tn, unsigned char *seen)
{
	size_t	 i;

	if (tn == NULL)
		return;
	deps(tn->inc, seen);
	for (i = 0; i < tn->nkids; i++)
		deps_node(tn->kids[i], seen);
}

/*
 * Each template's key hashes the names and bytes of every template its
 * pages are made of, in the set's order: a changed partial changes the
 * key of exactly the templates that include it.
 */
static void
set_keys(struct tmpl_set *s)
{
	unsigned char	*seen = xcalloc(s->n + 1, 1);
	size_t		 i, j;
	uint64_t	 h;

	for (i = 0; i < s->n; i++) {
		memset(seen, 0, s->n);
		deps(s->v[i], seen);
		h = CACHE_SEED;
		for (j = 0; j < s->n; j++)
			if (seen[j]) {
				h = cache_hash(s->v[j]->name,
				    strlen(s->v[j]->name) + 1, h);
				h = cache_hash(&s->v[j]->src, sizeof(uint64_t), h);
			}
		s->v[i]->key = h;
	}
	free(seen);
}

uint64_t
tmpl_key(const struct tmpl_set *s, const char *name)
{
	const struct tmpl	*t = s != NULL ? tmpl_find(s, name) : NULL;

	return t != NULL ? t->key : 0;
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
	s->xdoc = tmpl_out_doc();
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
		else {
			t->idx = s->n;
			s->v[s->n++] = t;
		}
		free(names[i]);
	}
	free(names);
	if (rc == 0)
		rc = set_link(s, d);
	if (rc == 0)
		set_keys(s);
	if (rc == -1) {
		tmpl_set_free(s);
		return NULL;
	}
	return s;
}

int
tmpl_has(const struct tmpl_set *s, const char *name)
{
	return s != NULL && tmpl_find(s, name) != NULL;
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
	xmlFreeDoc(s->xdoc);
	free(s);
}
