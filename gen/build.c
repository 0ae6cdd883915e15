/*
 * build.c: the build, end to end.
 *
 * Memory stays proportional to the compact entries (struct entry), not to
 * the text: each issue is parsed, its article and issue pages written and
 * its text handed to the indexer before the next one is read.  Listings
 * are made from the entries sorted once; every grouping is one pass.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "conf.h"
#include "date.h"
#include "diag.h"
#include "fix.h"
#include "gaz.h"
#include "idx.h"
#include "issue.h"
#include "md.h"
#include "render.h"
#include "seg.h"
#include "strmap.h"
#include "tmpl.h"
#include "topic.h"
#include "util.h"

/* HOME_LATEST 12: the home page shows the newest issues and articles. */
#define HOME_LATEST 12

struct ivec {
	size_t	*v;
	size_t	 n, cap;
};

struct issue_sum {
	char	*url;		/* site-relative */
	char	*title;		/* 2026年5月21日 第5版 */
	char	*date;		/* YYYY-MM-DD or NULL */
	char	*id;
	size_t	 count;		/* articles */
};

struct state {
	const struct conf	*c;
	const struct build_opts	*o;
	struct render		*r;
	struct idx		*idx;
	struct diags		 d;		/* build-level diagnostics */
	struct entry		*e;		/* every article, compact */
	size_t			 ne, cape;
	size_t			*order;		/* entries by date, newest first */
	struct issue_sum	*iss;
	size_t			 niss, capiss;
	struct strmap		*ids;		/* issue ids taken */
	size_t			 pages;		/* pages written */
	int			 content_errors;
	char			*stage;		/* staging output folder */
};

static void
ivec_push(struct ivec *v, size_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xreallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

/* ---- files -------------------------------------------------------------- */

struct files {
	char	**v;
	size_t	  n, cap;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dir, symlinks refused, in a stable order. */
static int
walk(const char *dir, struct files *f, struct diags *d)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		*p;

	if ((dp = opendir(dir)) == NULL) {
		diag_add(d, DIAG_ERROR, dir, 0, 0, "content",
		    "cannot open content folder: %s; set content = in site.conf "
		    "or give --content", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = path_join(dir, de->d_name);
		if (lstat(p, &st) == -1) {
			diag_add(d, DIAG_WARN, p, 0, 0, "content",
			    "cannot stat: %s; skipped", strerror(errno));
			free(p);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			diag_add(d, DIAG_WARN, p, 0, 0, "symlink",
			    "symbolic link in the content folder; skipped (copy "
			    "the file in instead)");
			free(p);
		} else if (S_ISDIR(st.st_mode)) {
			walk(p, f, d);
			free(p);
		} else if (S_ISREG(st.st_mode)) {
			if (f->n == f->cap) {
				f->cap = f->cap ? f->cap * 2 : 64;
				f->v = xreallocarray(f->v, f->cap, sizeof(char *));
			}
			f->v[f->n++] = p;
		} else
			free(p);
	}
	closedir(dp);
	return 0;
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int
rm_rf(const char *dir)
{
	struct stat	 st;

	if (lstat(dir, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	return nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static int
copy_tree(const char *from, const char *to, struct diags *d, size_t *count)
{
	struct files	 f = { NULL, 0, 0 };
	struct buf	 b = BUF_INIT;
	size_t		 i, n = strlen(from);
	char		*dst;
	int		 rc = 0;

	if (walk(from, &f, d) == -1)
		return -1;
	qsort(f.v, f.n, sizeof(char *), cmp_str);
	for (i = 0; i < f.n; i++) {
		buf_reset(&b);
		if (file_read(f.v[i], &b) == -1) {
			diag_add(d, DIAG_ERROR, f.v[i], 0, 0, "read",
			    "cannot read asset: %s", strerror(errno));
			rc = -1;
			continue;
		}
		dst = path_join(to, f.v[i] + n + (f.v[i][n] == '/'));
		if (file_write(dst, b.ptr, b.len) == -1) {
			diag_add(d, DIAG_ERROR, dst, 0, 0, "write",
			    "cannot write: %s", strerror(errno));
			rc = -1;
		} else
			(*count)++;
		free(dst);
	}
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	buf_release(&b);
	return rc;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* ---- one issue ---------------------------------------------------------- */

static void
print_diags(const struct state *s, const struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev >= DIAG_WARN || s->o->verbose ||
		    strcmp(d->v[i].code, "date-inferred") == 0)
			diag_print_one(&d->v[i], stderr);
}

static void
index_article(struct state *s, const struct issue *is, size_t i,
    const struct entry *e)
{
	const struct article	*a = &is->articles[i];
	struct idx_doc		 doc;
	struct buf		 text = BUF_INIT, reg = BUF_INIT;
	const char		*names[64];
	size_t			 k, nn = 0;

	memset(&doc, 0, sizeof(doc));
	doc.id = a->id;
	doc.url = e->url;
	doc.title = e->title;
	doc.kicker = a->kicker;
	doc.subtitle = a->subtitle;
	doc.date = is->date ? is->date : "";
	doc.issue = e->issue_title;
	doc.page = is->page;
	doc.kind = kind_name(a->kind);
	if (a->nregions) {
		doc.province = a->regions[0].province ? a->regions[0].province->name : NULL;
		doc.city = a->regions[0].city ? a->regions[0].city->name : NULL;
		region_label(&reg, &a->regions[0]);
		doc.region = reg.ptr;
	}
	for (k = 0; k < a->ntopics && k < 3; k++)
		doc.topics[k] = a->topics[k];
	for (k = 0; k < a->nauthors && nn < 64; k++)
		if (a->authors[k].role != ROLE_AGENCY)
			names[nn++] = a->authors[k].name;
	doc.reporters = names;
	doc.nreporters = nn;
	if (a->kicker) {
		buf_puts(&text, a->kicker);
		buf_putc(&text, '\n');
	}
	buf_puts(&text, e->title);
	buf_putc(&text, '\n');
	if (a->subtitle) {
		buf_puts(&text, a->subtitle);
		buf_putc(&text, '\n');
	}
	if (a->summary) {
		buf_puts(&text, a->summary);
		buf_putc(&text, '\n');
	}
	for (k = 0; k < a->nbody; k++) {
		buf_puts(&text, a->body[k].text);
		buf_putc(&text, '\n');
	}
	doc.text = text.ptr;
	idx_add(s->idx, &doc);
	buf_release(&text);
	buf_release(&reg);
}

static void
one_issue(struct state *s, const char *path, const struct gaz *g,
    const struct topic_set *ts)
{
	struct issue	*is = xcalloc(1, sizeof(*is));
	struct source	 src;
	struct issue_sum *sum;
	struct buf	 b = BUF_INIT;
	void		**slot;
	size_t		 i;
	int		 suffix;

	if (issue_read(path, is, &src, &is->diags) == -1) {
		print_diags(s, &is->diags);
		s->content_errors++;
		goto out;
	}
	{
		struct fixes fx;
		struct seg_opts so = { g, ts, &fx };
		fix_load(path, &fx, &is->diags);
		seg_cut(is, &src, &so);
		fix_release(&fx);
	}
	/* Two files claiming the same date and page keep apart. */
	slot = strmap_slot(s->ids, is->id);
	for (suffix = 2; *slot != NULL; suffix++) {
		buf_reset(&b);
		buf_printf(&b, "%s-%d", is->id, suffix);
		slot = strmap_slot(s->ids, b.ptr);
		if (*slot == NULL) {
			diag_add(&is->diags, DIAG_WARN, path, 0, 0, "duplicate-issue",
			    "another file already has the id %s (same date and "
			    "page); this one is %s", is->id, b.ptr);
			free(is->id);
			is->id = xstrdup(b.ptr);
			for (i = 0; i < is->narticles; i++) {
				struct buf id = BUF_INIT;
				buf_printf(&id, "%s-%02zu", is->id, i + 1);
				free(is->articles[i].id);
				is->articles[i].id = buf_detach(&id);
			}
		}
	}
	*slot = (void *)1;
	if (is->diags.worst >= DIAG_ERROR)
		s->content_errors++;
	print_diags(s, &is->diags);

	for (i = 0; i < is->narticles; i++) {
		if (s->ne == s->cape) {
			s->cape = s->cape ? s->cape * 2 : 256;
			s->e = xreallocarray(s->e, s->cape, sizeof(*s->e));
		}
		entry_fill(&s->e[s->ne], is, i);
		if (render_article(s->r, is, &src, i, &s->d) == 0)
			s->pages++;
		index_article(s, is, i, &s->e[s->ne]);
		s->ne++;
	}
	if (render_issue(s->r, is, &src, &s->d) == 0)
		s->pages++;
	if (s->niss == s->capiss) {
		s->capiss = s->capiss ? s->capiss * 2 : 64;
		s->iss = xreallocarray(s->iss, s->capiss, sizeof(*s->iss));
	}
	sum = &s->iss[s->niss++];
	buf_reset(&b);
	url_issue(&b, is);
	sum->url = buf_detach(&b);
	issue_title(&b, is);
	sum->title = buf_detach(&b);
	sum->date = is->date ? xstrdup(is->date) : NULL;
	sum->id = xstrdup(is->id);
	sum->count = is->narticles;
out:
	buf_release(&b);
	source_release(&src);
	issue_free(is);
}

/* ---- listings ----------------------------------------------------------- */

static struct state *sort_state;	/* qsort has no context argument */

static int
cmp_entry(const void *x, const void *y)
{
	const struct entry	*a = &sort_state->e[*(const size_t *)x];
	const struct entry	*b = &sort_state->e[*(const size_t *)y];
	int			 c;

	c = strcmp(b->date ? b->date : "", a->date ? a->date : "");
	return c ? c : strcmp(a->id, b->id);
}

static int
cmp_issue(const void *x, const void *y)
{
	const struct issue_sum	*a = x, *b = y;
	int			 c;

	c = strcmp(b->date ? b->date : "", a->date ? a->date : "");
	return c ? c : strcmp(a->id, b->id);
}

static void
page_url(struct buf *b, const char *base, size_t page)
{
	buf_puts(b, base);
	if (page > 1)
		buf_printf(b, "%zu.html", page);
	else
		buf_puts(b, "index.html");
}

static struct tval *
crumbs(const char *from, const char *const *pairs, size_t n)
{
	struct tval	*l = tv_list(), *m;
	struct buf	 u = BUF_INIT;
	size_t		 i;

	for (i = 0; i + 1 < n * 2; i += 2) {
		m = tv_map();
		tv_set_str(m, "name", pairs[i]);
		buf_reset(&u);
		rel_url(&u, from, pairs[i + 1]);
		tv_set_str(m, "url", u.ptr);
		tv_push(l, m);
	}
	buf_release(&u);
	return l;
}

/*
 * Writes the pages of one listing: base is the folder ("topics/slug/"),
 * items the entries (in date order).  children, if any, goes on page 1.
 */
static void
listing(struct state *s, const char *base, const char *heading,
    const char *description, const char *const *bc, size_t nbc,
    struct tval *(*children)(struct state *, const void *, const char *),
    const void *arg, const struct ivec *items)
{
	size_t		 per = (size_t)s->c->page_size, pages, p, i;
	struct buf	 url = BUF_INIT, u = BUF_INIT;
	struct tval	*ctx, *l, *pg, *links, *lk;

	pages = items && items->n ? (items->n + per - 1) / per : 1;
	for (p = 1; p <= pages; p++) {
		buf_reset(&url);
		page_url(&url, base, p);
		ctx = tv_map();
		l = tv_map();
		tv_set_str(l, "heading", heading);
		tv_set_str(l, "description", description);
		tv_set_int(l, "count", items ? (long long)items->n : 0);
		tv_set(l, "breadcrumbs", crumbs(url.ptr, bc, nbc));
		if (p == 1 && children)
			tv_set(l, "children", children(s, arg, url.ptr));
		else
			tv_set(l, "children", tv_list());
		links = tv_list();
		for (i = (p - 1) * per; items && i < items->n && i < p * per; i++)
			tv_push(links, entry_item(s->r, &s->e[items->v[i]], url.ptr));
		tv_set(l, "items", links);
		pg = tv_map();
		tv_set_int(pg, "page", (long long)p);
		tv_set_int(pg, "pages", (long long)pages);
		tv_set_bool(pg, "multi", pages > 1);
		links = tv_list();
		for (i = 1; i <= pages; i++) {
			lk = tv_map();
			tv_set_int(lk, "n", (long long)i);
			buf_reset(&u);
			page_url(&u, base, i);
			tv_set_str(lk, "url", u.ptr);
			tv_set_bool(lk, "current", i == p);
			tv_push(links, lk);
		}
		tv_set(pg, "links", links);
		if (p > 1) {
			buf_reset(&u);
			page_url(&u, base, p - 1);
			tv_set_str(pg, "prev_url", u.ptr);
		}
		if (p < pages) {
			buf_reset(&u);
			page_url(&u, base, p + 1);
			tv_set_str(pg, "next_url", u.ptr);
		}
		tv_set(l, "pager", pg);
		tv_set(ctx, "list", l);
		if (p > 1) {
			buf_reset(&u);
			buf_printf(&u, "%s(第%zu页)", heading, p);
		} else {
			buf_reset(&u);
			buf_puts(&u, heading);
		}
		if (render_page(s->r, "list.html", url.ptr, u.ptr, "list", ctx,
		    &s->d) == 0)
			s->pages++;
	}
	buf_release(&url);
	buf_release(&u);
}

static struct tval *
child(const char *from, const char *name, const char *url, size_t count)
{
	struct tval	*m = tv_map();
	struct buf	 u = BUF_INIT;

	tv_set_str(m, "name", name);
	rel_url(&u, from, url);
	tv_set_str(m, "url", u.ptr);
	tv_set_int(m, "count", (long long)count);
	buf_release(&u);
	return m;
}

/* Topics: one listing each, and the index of topics. */
static void
topics(struct state *s)
{
	struct ivec	*v = xcalloc(s->c->ntopics + 1, sizeof(*v));
	struct buf	 base = BUF_INIT, desc = BUF_INIT;
	struct tval	*ctx, *l, *ch;
	size_t		 i, k, t;
	const char	*bc[] = { "首页", "index.html", "专题", "topics/index.html" };

	for (i = 0; i < s->ne; i++) {
		const struct entry *e = &s->e[s->order[i]];
		for (k = 0; k < e->ntopics; k++)
			for (t = 0; t < s->c->ntopics; t++)
				if (strcmp(s->c->topics[t].slug, e->topics[k]) == 0)
					ivec_push(&v[t], s->order[i]);
	}
	for (t = 0; t < s->c->ntopics; t++) {
		buf_reset(&base);
		buf_printf(&base, "topics/%s/", s->c->topics[t].slug);
		buf_reset(&desc);
		buf_printf(&desc, "专题“%s”下的 %zu 篇文章", s->c->topics[t].name,
		    v[t].n);
		listing(s, base.ptr, s->c->topics[t].name, desc.ptr, bc, 2,
		    NULL, NULL, &v[t]);
	}
	ctx = tv_map();
	l = tv_map();
	tv_set_str(l, "heading", "专题");
	tv_set_str(l, "description", "按专题浏览全部文章");
	tv_set_int(l, "count", (long long)s->ne);
	tv_set(l, "breadcrumbs", crumbs("topics/index.html", bc, 1));
	ch = tv_list();
	for (t = 0; t < s->c->ntopics; t++) {
		buf_reset(&base);
		buf_printf(&base, "topics/%s/index.html", s->c->topics[t].slug);
		tv_push(ch, child("topics/index.html", s->c->topics[t].name,
		    base.ptr, v[t].n));
	}
	tv_set(l, "children", ch);
	tv_set(l, "items", tv_list());
	tv_set(ctx, "list", l);
	if (render_page(s->r, "list.html", "topics/index.html", "专题", "list",
	    ctx, &s->d) == 0)
		s->pages++;
	for (t = 0; t < s->c->ntopics; t++)
		free(v[t].v);
	free(v);
	buf_release(&base);
	buf_release(&desc);
}

/* ---- regions ------------------------------------------------------------ */

struct rnode {
	const struct gaz_unit	*unit;
	struct region		 rg;	/* the region this node stands for */
	int			 level;
	struct ivec		 items;
	struct rnode		*parent;
	struct rnode		**kids;
	size_t			 nkids;
};

static struct rnode *
rnode_get(struct strmap *m, const struct region *rg, int level,
    struct rnode *parent)
{
	const struct gaz_unit	*u = level == 1 ? rg->province :
				    level == 2 ? rg->city : rg->county;
	void			**slot = strmap_slot(m, u->code);
	struct rnode		*n = *slot;

	if (n == NULL) {
		n = xcalloc(1, sizeof(*n));
		n->unit = u;
		n->level = level;
		n->rg.province = rg->province;
		n->rg.city = level >= 2 ? rg->city : NULL;
		n->rg.county = level >= 3 ? rg->county : NULL;
		n->parent = parent;
		if (parent) {
			parent->kids = xreallocarray(parent->kids, parent->nkids + 1,
			    sizeof(*parent->kids));
			parent->kids[parent->nkids++] = n;
		}
		*slot = n;
	}
	return n;
}

static int
cmp_rnode(const void *x, const void *y)
{
	const struct rnode	*a = *(struct rnode *const *)x;
	const struct rnode	*b = *(struct rnode *const *)y;

	if (a->items.n != b->items.n)
		return a->items.n > b->items.n ? -1 : 1;
	return strcmp(a->unit->code, b->unit->code);
}

static void
rnode_url(struct buf *b, const struct rnode *n)
{
	url_region(b, &n->rg, n->level);
}

static struct tval *rnode_children(struct state *, const void *, const char *);

static struct tval *
rnode_tree(const struct rnode *n, const char *from, int depth)
{
	struct tval	*l = tv_list(), *m;
	struct buf	 u = BUF_INIT;
	size_t		 i;

	for (i = 0; i < n->nkids; i++) {
		buf_reset(&u);
		rnode_url(&u, n->kids[i]);
		m = child(from, n->kids[i]->unit->name, u.ptr, n->kids[i]->items.n);
		if (depth > 1)
			tv_set(m, "children", rnode_tree(n->kids[i], from, depth - 1));
		tv_push(l, m);
	}
	buf_release(&u);
	return l;
}

static struct tval *
rnode_children(struct state *s, const void *arg, const char *from)
{
	(void)s;
	return rnode_tree(arg, from, 2);
}

static void
rnode_sort(struct rnode *n)
{
	size_t	 i;

	if (n->nkids > 1)
		qsort(n->kids, n->nkids, sizeof(*n->kids), cmp_rnode);
	for (i = 0; i < n->nkids; i++)
		rnode_sort(n->kids[i]);
}

static void
rnode_pages(struct state *s, struct rnode *n)
{
	struct buf	 base = BUF_INIT, desc = BUF_INIT;
	const char	*bc[8];
	char		*urls[4];
	const struct rnode *p;
	size_t		 i, nb = 0, depth = 0;

	bc[nb++] = "首页";
	bc[nb++] = "index.html";
	bc[nb++] = "地区";
	bc[nb++] = "regions/index.html";
	for (p = n->parent; p && p->unit; p = p->parent)
		depth++;	/* the root of the tree stands for no place */
	/* Ancestors, outermost first. */
	for (i = depth; i > 0; i--) {
		size_t k;
		p = n;
		for (k = 0; k < i; k++)
			p = p->parent;
		buf_reset(&base);
		rnode_url(&base, p);
		urls[i - 1] = buf_detach(&base);
		bc[nb++] = p->unit->name;
		bc[nb++] = urls[i - 1];
	}
	rnode_url(&base, n);
	buf_truncate(&base, base.len - strlen("index.html"));
	buf_printf(&desc, "关于%s的 %zu 篇文章", n->unit->name, n->items.n);
	listing(s, base.ptr, n->unit->name, desc.ptr, bc, nb / 2,
	    n->nkids ? rnode_children : NULL, n, &n->items);
	for (i = 0; i < depth; i++)
		free(urls[i]);
	for (i = 0; i < n->nkids; i++)
		rnode_pages(s, n->kids[i]);
	buf_release(&base);
	buf_release(&desc);
}

static void
rnode_free(struct rnode *n)
{
	size_t	 i;

	for (i = 0; i < n->nkids; i++)
		rnode_free(n->kids[i]);
	free(n->kids);
	free(n->items.v);
	free(n);
}

static void
regions(struct state *s, struct tval **home_provinces)
{
	struct strmap	*m = strmap_new();
	struct rnode	 root;
	struct rnode	*prov, *city, *county, *seen[3 * MAX_ENTRY_REGIONS];
	struct tval	*ctx, *l;
	size_t		 i, k, j, ns;
	const char	*bc[] = { "首页", "index.html" };

	memset(&root, 0, sizeof(root));
	for (i = 0; i < s->ne; i++) {
		const struct entry *e = &s->e[s->order[i]];
		ns = 0;
		for (k = 0; k < e->nregions; k++) {
			const struct region *rg = &e->regions[k];
			struct rnode *hit[3] = { NULL, NULL, NULL };
			if (rg->province == NULL)
				continue;
			prov = rnode_get(m, rg, 1, &root);
			hit[0] = prov;
			city = rg->city ? rnode_get(m, rg, 2, prov) : NULL;
			hit[1] = city;
			if (rg->county)
				hit[2] = county = rnode_get(m, rg, 3, city ? city : prov);
			for (int h = 0; h < 3; h++) {
				if (hit[h] == NULL)
					continue;
				for (j = 0; j < ns && seen[j] != hit[h]; j++)
					;
				if (j < ns)
					continue;	/* counted once an article */
				seen[ns++] = hit[h];
				ivec_push(&hit[h]->items, s->order[i]);
			}
		}
	}
	rnode_sort(&root);
	for (i = 0; i < root.nkids; i++)
		rnode_pages(s, root.kids[i]);
	ctx = tv_map();
	l = tv_map();
	tv_set_str(l, "heading", "地区");
	tv_set_str(l, "description", "按省、市、县浏览文章;括号里是文章数");
	tv_set_int(l, "count", (long long)s->ne);
	tv_set(l, "breadcrumbs", crumbs("regions/index.html", bc, 1));
	tv_set(l, "children", rnode_tree(&root, "regions/index.html", 3));
	tv_set(l, "items", tv_list());
	tv_set(ctx, "list", l);
	if (render_page(s->r, "list.html", "regions/index.html", "地区", "list",
	    ctx, &s->d) == 0)
		s->pages++;
	*home_provinces = rnode_tree(&root, "index.html", 1);
	for (i = 0; i < root.nkids; i++)
		rnode_free(root.kids[i]);
	free(root.kids);
	strmap_free(m);
}

/* ---- reporters and dates ------------------------------------------------ */

struct group {
	char		*key;
	char		*url;		/* site-relative folder */
	struct ivec	 items;
};

static int
cmp_group(const void *x, const void *y)
{
	return strcmp((*(struct group *const *)x)->key,
	    (*(struct group *const *)y)->key);
}

/* Groups of entries under a key; groups returned sorted by key. */
static struct group **
groups_sorted(struct strmap *m, size_t *n)
{
	struct group	**v = xcalloc(strmap_count(m) + 1, sizeof(*v));
	size_t		  i;
	void		 *g;

	*n = 0;
	for (i = 0; i < strmap_cap(m); i++)
		if (strmap_key_at(m, i, &g) != NULL)
			v[(*n)++] = g;
	qsort(v, *n, sizeof(*v), cmp_group);
	return v;
}

static struct group *
group_get(struct strmap *m, const char *key)
{
	void		**slot = strmap_slot(m, key);
	struct group	 *g = *slot;

	if (g == NULL) {
		g = xcalloc(1, sizeof(*g));
		g->key = xstrdup(key);
		*slot = g;
	}
	return g;
}

static void
groups_free(struct group **v, size_t n, struct strmap *m)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i]->key);
		free(v[i]->url);
		free(v[i]->items.v);
		free(v[i]);
	}
	free(v);
	strmap_free(m);
}

static void
index_page(struct state *s, const char *url, const char *heading,
    const char *description, struct tval *children)
{
	struct tval	*ctx = tv_map(), *l = tv_map();
	const char	*bc[] = { "首页", "index.html" };

	tv_set_str(l, "heading", heading);
	tv_set_str(l, "description", description);
	tv_set_int(l, "count", (long long)s->ne);
	tv_set(l, "breadcrumbs", crumbs(url, bc, 1));
	tv_set(l, "children", children);
	tv_set(l, "items", tv_list());
	tv_set(ctx, "list", l);
	if (render_page(s->r, "list.html", url, heading, "list", ctx, &s->d) == 0)
		s->pages++;
}

static void
reporters(struct state *s)
{
	struct strmap	*m = strmap_new();
	struct group	**v, *g;
	struct tval	*ch;
	struct buf	 b = BUF_INIT, d = BUF_INIT;
	size_t		 i, k, n;
	const char	*bc[] = { "首页", "index.html", "记者", "reporters/index.html" };

	for (i = 0; i < s->ne; i++) {
		const struct entry *e = &s->e[s->order[i]];
		for (k = 0; k < e->nauthors; k++) {
			g = group_get(m, e->authors[k]);
			if (g->items.n == 0 || g->items.v[g->items.n - 1] != s->order[i])
				ivec_push(&g->items, s->order[i]);
		}
	}
	v = groups_sorted(m, &n);
	ch = tv_list();
	for (i = 0; i < n; i++) {
		const char *u = render_reporter_url(s->r, v[i]->key);
		buf_reset(&b);
		buf_put(&b, u, strlen(u) - strlen("index.html"));
		buf_reset(&d);
		buf_printf(&d, "%s署名的 %zu 篇文章", v[i]->key, v[i]->items.n);
		listing(s, b.ptr, v[i]->key, d.ptr, bc, 2, NULL, NULL, &v[i]->items);
		tv_push(ch, child("reporters/index.html", v[i]->key, u, v[i]->items.n));
	}
	index_page(s, "reporters/index.html", "记者", "按署名浏览记者、通讯员和摄影的文章", ch);
	groups_free(v, n, m);
	buf_release(&b);
	buf_release(&d);
}

static void
dates(struct state *s, struct tval **home_years)
{
	struct strmap	*ym = strmap_new(), *mm = strmap_new();
	struct group	**years, **months, *g;
	struct tval	*ch, *sub, *hy;
	struct buf	 b = BUF_INIT, d = BUF_INIT, h = BUF_INIT;
	size_t		 i, k, ny, nm;
	char		 key[8];
	const char	*bc[6] = { "首页", "index.html", "日期", "dates/index.html" };

	for (i = 0; i < s->ne; i++) {
		const struct entry *e = &s->e[s->order[i]];
		if (e->date == NULL)
			continue;
		memcpy(key, e->date, 4);
		key[4] = '\0';
		ivec_push(&group_get(ym, key)->items, s->order[i]);
		memcpy(key, e->date, 7);
		key[7] = '\0';
		ivec_push(&group_get(mm, key)->items, s->order[i]);
	}
	years = groups_sorted(ym, &ny);
	months = groups_sorted(mm, &nm);
	ch = tv_list();
	hy = tv_list();
	for (i = ny; i-- > 0; ) {
		g = years[i];
		buf_reset(&b);
		buf_printf(&b, "dates/%s/index.html", g->key);
		buf_reset(&h);
		buf_printf(&h, "%s年", g->key);
		struct tval *yc = child("dates/index.html", h.ptr, b.ptr, g->items.n);
		struct tval *yself = tv_list();
		sub = tv_list();
		for (k = nm; k-- > 0; ) {
			if (strncmp(months[k]->key, g->key, 4) != 0)
				continue;
			buf_reset(&b);
			buf_printf(&b, "dates/%.4s/%s/index.html", months[k]->key,
			    months[k]->key + 5);
			buf_reset(&h);
			buf_printf(&h, "%d月", atoi(months[k]->key + 5));
			tv_push(sub, child("dates/index.html", h.ptr, b.ptr,
			    months[k]->items.n));
			buf_reset(&d);
			buf_printf(&d, "dates/%s/index.html", g->key);
			tv_push(yself, child(d.ptr, h.ptr, b.ptr, months[k]->items.n));
		}
		tv_set(yc, "children", sub);
		tv_push(ch, yc);
		buf_reset(&b);
		buf_printf(&b, "dates/%s/index.html", g->key);
		buf_reset(&h);
		buf_printf(&h, "%s年", g->key);
		tv_push(hy, child("index.html", h.ptr, b.ptr, g->items.n));
		/* The year's page: its months. */
		{
			struct tval *ctx = tv_map(), *l = tv_map();
			buf_reset(&d);
			buf_printf(&d, "%s年的 %zu 篇文章,按月浏览", g->key, g->items.n);
			tv_set_str(l, "heading", h.ptr);
			tv_set_str(l, "description", d.ptr);
			tv_set_int(l, "count", (long long)g->items.n);
			tv_set(l, "breadcrumbs", crumbs(b.ptr, bc, 2));
			tv_set(l, "children", yself);
			tv_set(l, "items", tv_list());
			tv_set(ctx, "list", l);
			if (render_page(s->r, "list.html", b.ptr, h.ptr, "list", ctx,
			    &s->d) == 0)
				s->pages++;
		}
	}
	index_page(s, "dates/index.html", "日期", "按年、月浏览文章", ch);
	for (k = 0; k < nm; k++) {
		g = months[k];
		buf_reset(&b);
		buf_printf(&b, "dates/%.4s/%s/", g->key, g->key + 5);
		buf_reset(&h);
		buf_printf(&h, "%.4s年%d月", g->key, atoi(g->key + 5));
		buf_reset(&d);
		buf_printf(&d, "%s的 %zu 篇文章", h.ptr, g->items.n);
		char yurl[32], yname[16];
		snprintf(yurl, sizeof(yurl), "dates/%.4s/index.html", g->key);
		snprintf(yname, sizeof(yname), "%.4s年", g->key);
		bc[4] = yname;
		bc[5] = yurl;
		listing(s, b.ptr, h.ptr, d.ptr, bc, 3, NULL, NULL, &g->items);
	}
	*home_years = hy;
	groups_free(years, ny, ym);
	groups_free(months, nm, mm);
	buf_release(&b);
	buf_release(&d);
	buf_release(&h);
}

/* Issues by year: issue/index.html, issue/YYYY/index.html. */
static void
issues(struct state *s)
{
	struct tval	*ch = tv_list(), *yc = NULL;
	struct buf	 b = BUF_INIT, h = BUF_INIT, d = BUF_INIT;
	size_t		 i, j, n;
	const char	*bc[] = { "首页", "index.html", "版面", "issues/index.html" };

	qsort(s->iss, s->niss, sizeof(*s->iss), cmp_issue);
	for (i = 0; i < s->niss; i = j) {
		const char *y = s->iss[i].date ? s->iss[i].date : "undated";
		size_t yl = s->iss[i].date ? 4 : strlen(y);
		buf_reset(&b);
		buf_printf(&b, "issues/%.*s/index.html", (int)yl, y);
		yc = tv_list();
		for (j = i, n = 0; j < s->niss; j++) {
			const char *y2 = s->iss[j].date ? s->iss[j].date : "undated";
			if (strncmp(y, y2, yl) != 0)
				break;
			tv_push(yc, child(b.ptr, s->iss[j].title, s->iss[j].url,
			    s->iss[j].count));
			n++;
		}
		buf_reset(&h);
		if (s->iss[i].date)
			buf_printf(&h, "%.4s年", y);
		else
			buf_puts(&h, "日期不详");
		buf_reset(&d);
		buf_printf(&d, "%s的 %zu 个版面", h.ptr, n);
		{
			struct tval *ctx = tv_map(), *l = tv_map();
			tv_set_str(l, "heading", h.ptr);
			tv_set_str(l, "description", d.ptr);
			tv_set_int(l, "count", (long long)n);
			tv_set(l, "breadcrumbs", crumbs(b.ptr, bc, 2));
			tv_set(l, "children", yc);
			tv_set(l, "items", tv_list());
			tv_set(ctx, "list", l);
			if (render_page(s->r, "list.html", b.ptr, h.ptr, "list", ctx,
			    &s->d) == 0)
				s->pages++;
		}
		tv_push(ch, child("issues/index.html", h.ptr, b.ptr, n));
	}
	index_page(s, "issues/index.html", "版面", "按年份浏览各期版面", ch);
	buf_release(&b);
	buf_release(&h);
	buf_release(&d);
}

static void
home(struct state *s, struct tval *provinces, struct tval *years)
{
	struct tval	*ctx = tv_map(), *h = tv_map(), *st = tv_map(), *l;
	struct buf	 u = BUF_INIT;
	size_t		 i, t, cnt;

	tv_set_int(st, "issues", (long long)s->niss);
	tv_set_int(st, "articles", (long long)s->ne);
	tv_set(h, "stats", st);
	l = tv_list();
	for (i = 0; i < s->niss && i < HOME_LATEST; i++) {
		struct tval *m = child("index.html", s->iss[i].title, s->iss[i].url,
		    s->iss[i].count);
		tv_set_str(m, "title", s->iss[i].title);
		buf_reset(&u);
		date_human(&u, s->iss[i].date);
		tv_set_str(m, "date_human", u.ptr);
		tv_push(l, m);
	}
	tv_set(h, "latest_issues", l);
	l = tv_list();
	for (i = 0; i < s->ne && i < HOME_LATEST; i++)
		tv_push(l, entry_item(s->r, &s->e[s->order[i]], "index.html"));
	tv_set(h, "latest", l);
	l = tv_list();
	for (t = 0; t < s->c->ntopics; t++) {
		for (i = cnt = 0; i < s->ne; i++)
			for (size_t k = 0; k < s->e[i].ntopics; k++)
				if (strcmp(s->e[i].topics[k], s->c->topics[t].slug) == 0)
					cnt++;
		buf_reset(&u);
		url_topic(&u, s->c->topics[t].slug, 1);
		tv_push(l, child("index.html", s->c->topics[t].name, u.ptr, cnt));
	}
	tv_set(h, "topics", l);
	tv_set(h, "provinces", provinces);
	tv_set(h, "years", years);
	tv_set(ctx, "home", h);
	if (render_page(s->r, "home.html", "index.html", s->c->title, "home",
	    ctx, &s->d) == 0)
		s->pages++;
	buf_release(&u);
}

static void
search_page(struct state *s, struct tval *provinces)
{
	struct tval	*ctx = tv_map(), *m = tv_map(), *l, *x;
	size_t		 i;
	static const char *const kinds[][2] = { { "feature", "通讯" },
	    { "news", "消息" }, { "photo", "图片新闻" }, { "toc", "期刊要目" },
	    { "continuation", "续文" }, { "other", "其他" } };

	l = tv_list();
	for (i = 0; i < s->c->ntopics; i++) {
		x = tv_map();
		tv_set_str(x, "slug", s->c->topics[i].slug);
		tv_set_str(x, "name", s->c->topics[i].name);
		tv_push(l, x);
	}
	tv_set(m, "topics", l);
	tv_set(m, "provinces", provinces);
	l = tv_list();
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		x = tv_map();
		tv_set_str(x, "slug", kinds[i][0]);
		tv_set_str(x, "name", kinds[i][1]);
		tv_push(l, x);
	}
	tv_set(m, "kinds", l);
	tv_set(ctx, "search", m);
	if (render_page(s->r, "search.html", "search.html", "搜索", "search",
	    ctx, &s->d) == 0)
		s->pages++;
}

/* content/NAME.md with front matter "title:" becomes NAME.html. */
static void
markdown_page(struct state *s, const char *path)
{
	struct buf	 b = BUF_INIT, html = BUF_INIT, url = BUF_INIT;
	struct tval	*ctx, *doc;
	const char	*body, *base, *e;
	char		*title = NULL;

	if (file_read(path, &b) == -1) {
		diag_add(&s->d, DIAG_ERROR, path, 0, 0, "read", "cannot read: %s",
		    strerror(errno));
		s->content_errors++;
		return;
	}
	body = b.ptr;
	if (strncmp(body, "---\n", 4) == 0 && (e = strstr(body + 4, "\n---")) != NULL) {
		const char *t = strstr(body + 4, "title:");
		if (t && t < e) {
			const char *nl = strchr(t, '\n');
			struct span sp = { t + 6, (size_t)(nl - t - 6) };
			title = span_dup(span_trim(sp));
		}
		body = e + 4;
		if (*body == '\n')
			body++;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (const char *p = base; p < base + strlen(base) - 3; p++)
		buf_putc(&url, (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' ? *p : '-');
	buf_puts(&url, ".html");
	md_html(body, strlen(body), s->c->markdown_html, &html);
	ctx = tv_map();
	doc = tv_map();
	tv_set_str(doc, "title", title ? title : base);
	tv_set_str(doc, "body_html", html.ptr);
	tv_set(ctx, "doc", doc);
	if (render_page(s->r, "page.html", url.ptr, title ? title : base, "page",
	    ctx, &s->d) == 0)
		s->pages++;
	free(title);
	buf_release(&b);
	buf_release(&html);
	buf_release(&url);
}

static void
progress(const struct state *s, size_t done, size_t total)
{
	int	 w = 30, k;

	if (!s->o->progress || total == 0)
		return;
	k = (int)(done * (size_t)w / total);
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu issues, %zu articles", k,
	    "##############################", w - k, "", done, total, s->ne);
	if (done == total)
		fputc('\n', stderr);
}

int
build_run(const struct conf *c, const struct build_opts *o)
{
	struct state	 s;
	struct files	 f = { NULL, 0, 0 };
	struct tmpl_set	*t = NULL;
	struct gaz	*g = NULL;
	struct topic_set *ts = NULL;
	struct tval	*prov = NULL, *prov2 = NULL, *years = NULL;
	struct timespec	 t0, t1;
	size_t		 i, nissues = 0, done = 0;
	char		*old = NULL, *assets = NULL;
	int		 rc = 3;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.o = o;
	s.ids = strmap_new();
	md_init();
	if ((t = tmpl_set_new(c->templates, &s.d)) == NULL) {
		diag_print(&s.d, stderr);
		rc = 2;
		goto out;
	}
	if (walk(c->content, &f, &s.d) == -1) {
		diag_print(&s.d, stderr);
		rc = 2;
		goto out;
	}
	qsort(f.v, f.n, sizeof(char *), cmp_str);
	{
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s.staging", c->output);
		s.stage = buf_detach(&b);
		buf_printf(&b, "%s.old", c->output);
		old = buf_detach(&b);
	}
	if (rm_rf(s.stage) == -1 || mkdir_p(s.stage) == -1) {
		fprintf(stderr, "baokan: %s: cannot make the staging folder: %s\n",
		    s.stage, strerror(errno));
		goto out;
	}
	g = gaz_new();
	ts = topic_new(c);
	s.r = render_new(c, t, s.stage);
	s.idx = idx_new_at(s.stage);
	for (i = 0; i < f.n; i++)
		if (ends_with(f.v[i], ".txt"))
			nissues++;
	for (i = 0; i < f.n; i++) {
		if (!ends_with(f.v[i], ".txt"))
			continue;
		one_issue(&s, f.v[i], g, ts);
		progress(&s, ++done, nissues);
	}
	s.order = xcalloc(s.ne ? s.ne : 1, sizeof(*s.order));
	for (i = 0; i < s.ne; i++)
		s.order[i] = i;
	sort_state = &s;
	qsort(s.order, s.ne, sizeof(*s.order), cmp_entry);
	topics(&s);
	regions(&s, &prov);
	reporters(&s);
	dates(&s, &years);
	issues(&s);
	home(&s, prov, years);
	{
		/* The search page lists the provinces again, as plain names. */
		struct strmap *seen = strmap_new();
		prov2 = tv_list();
		for (i = 0; i < s.ne; i++)
			if (s.e[s.order[i]].nregions && s.e[s.order[i]].regions[0].province) {
				const char *nm = s.e[s.order[i]].regions[0].province->name;
				void **sl = strmap_slot(seen, nm);
				if (*sl == NULL) {
					struct tval *x = tv_map();
					*sl = (void *)1;
					tv_set_str(x, "name", nm);
					tv_push(prov2, x);
				}
			}
		strmap_free(seen);
		search_page(&s, prov2);
	}
	for (i = 0; i < f.n; i++)
		if (ends_with(f.v[i], ".md") && !ends_with(f.v[i], "/README.md"))
			markdown_page(&s, f.v[i]);
	assets = path_join(s.stage, "assets");
	{
		size_t na = 0;
		copy_tree(c->assets, assets, &s.d, &na);
	}
	if (idx_write(s.idx, s.stage, &s.d) == -1)
		diag_add(&s.d, DIAG_ERROR, s.stage, 0, 0, "index",
		    "the search index was not written");
	diag_print(&s.d, stderr);
	if (s.d.worst >= DIAG_ERROR) {
		fprintf(stderr, "baokan: build failed; %s is left as it was "
		    "(the partial site is in %s)\n", c->output, s.stage);
		rc = s.d.n && strcmp(s.d.v[0].code, "write") == 0 ? 3 : 2;
		goto out;
	}
	if (o->strict && s.content_errors) {
		fprintf(stderr, "baokan: %d content error(s) with --strict; %s is "
		    "left as it was\n", s.content_errors, c->output);
		rc = 1;
		goto out;
	}
	/* Swap the new site in. */
	if (rm_rf(old) == -1 || (access(c->output, F_OK) == 0 &&
	    rename(c->output, old) == -1) || rename(s.stage, c->output) == -1) {
		fprintf(stderr, "baokan: cannot move %s to %s: %s\n", s.stage,
		    c->output, strerror(errno));
		goto out;
	}
	rm_rf(old);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		printf("%s/index.html\nbaokan: %zu issues, %zu articles, %zu pages "
		    "in %.2f s\n", c->output, s.niss, s.ne, s.pages,
		    (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = 0;
out:
	for (i = 0; i < s.ne; i++)
		entry_release(&s.e[i]);
	free(s.e);
	free(s.order);
	for (i = 0; i < s.niss; i++) {
		free(s.iss[i].url);
		free(s.iss[i].title);
		free(s.iss[i].date);
		free(s.iss[i].id);
	}
	free(s.iss);
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	strmap_free(s.ids);
	render_free(s.r);
	idx_free(s.idx);
	topic_free(ts);
	gaz_free(g);
	tmpl_set_free(t);
	diags_release(&s.d);
	free(s.stage);
	free(old);
	free(assets);
	return rc;
}
