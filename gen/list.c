/*
 * list.c: the listings: topics, regions (province → city → county),
 * reporters, years and months, issues by year, the home page and the
 * search page.  Every grouping is one pass over the entries sorted once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "build.h"
#include "cache.h"
#include "build_int.h"
#include "conf.h"
#include "date.h"
#include "diag.h"
#include "gaz.h"
#include "pool.h"
#include "render.h"
#include "strmap.h"
#include "tmpl.h"
#include "util.h"

/* HOME_LATEST 12: the home page shows the newest issues and articles. */
#define HOME_LATEST 12
/*
 * PAGER_SPAN 3: a listing page links to the front and the oldest page and
 * to three either side of its own, with a gap between: linking every page
 * made a listing of n pages cost n² links (a topic of 30,000 articles,
 * 1,500 pages, 2.25 million), and would change every page when one is
 * added.
 */
#define PAGER_SPAN 3

void
ivec_push(struct ivec *v, size_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xreallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

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

static struct tval *
crumbs(struct tv_arena *a, const char *from, const char *const *pairs,
    size_t n)
{
	struct tval	*l = tv_list(a), *m;
	struct buf	 u = BUF_INIT;
	size_t		 i;

	for (i = 0; i + 1 < n * 2; i += 2) {
		m = tv_map(a);
		tv_set_str(m, "name", pairs[i]);
		buf_reset(&u);
		rel_url(&u, from, pairs[i + 1]);
		tv_set_str(m, "url", u.ptr);
		tv_push(l, m);
	}
	buf_release(&u);
	return l;
}

/* One link of a pager: a page, or a gap for a run of pages left out. */
struct plink {
	size_t	 k;		/* chunk page k, 0 for the front page */
	int	 gap;		/* a gap: no page */
	int	 current;	/* the page it is on */
};

/*
 * The pager of page q (0 the front, else chunk page q) of a listing of
 * f chunk pages: in reading order the front, f, f - 1, ... 1; the first
 * and last, PAGER_SPAN either side of q, a gap for each run between.
 * Returns how many links (at most 2 * PAGER_SPAN + 5) are in v.
 */
static size_t
pager_links(size_t q, size_t f, struct plink *v)
{
	size_t	 c = q ? f - q + 1 : 0, last = f, at, n = 0;

	for (at = 0; at <= last; at++) {
		if (at != 0 && at != last && (at + PAGER_SPAN < c ||
		    at > c + PAGER_SPAN)) {
			v[n].k = 0;
			v[n].gap = 1;
			v[n++].current = 0;
			at = at < c ? c - PAGER_SPAN - 1 : last - 1;
			continue;
		}
		v[n].k = at ? f - at + 1 : 0;
		v[n].gap = 0;
		v[n++].current = at == c;
	}
	return n;
}

/* The URL of page k (0: the front page) of the listing at base. */
static void
chunk_url(struct buf *b, const char *base, size_t k)
{
	buf_reset(b);
	if (k == 0)
		buf_printf(b, "%sindex.html", base);
	else
		buf_printf(b, "%s%zu.html", base, k);
}

/*
 * Writes the pages of one listing: base is the folder ("topics/slug/"),
 * items the entries, newest first.  children, if any, goes on the front.
 *
 * The pages are anchored at the oldest article, so that a new issue,
 * whose articles are the newest, changes the front page and not every
 * page after it: chunk page k (1.html, 2.html, ...) holds the k-th
 * page_size articles counted from the oldest and keeps them for good;
 * the front page (index.html) shows the newest chunk, and the one
 * before it while the newest holds less than half a page.
 */
static void
listing(struct state *s, const char *base, const char *heading,
    const char *description, const char *const *bc, size_t nbc,
    struct tval *(*children)(struct state *, const void *, const char *),
    const void *arg, const struct ivec *items)
{
	size_t		 per = (size_t)s->c->page_size, n, chunks, front, f, q,
			 i, lo, hi, np, nums[4];
	struct plink	 pl[2 * PAGER_SPAN + 5];
	struct buf	 url = BUF_INIT, u = BUF_INIT, title = BUF_INIT;
	struct tv_arena	*a = render_arena(s->r);
	struct tval	*ctx, *l, *pg, *links, *lk, *kids;
	const char	*desc;
	uint64_t	 key;

	n = items ? items->n : 0;
	chunks = n ? (n + per - 1) / per : 1;
	front = chunks >= 2 && (n - (chunks - 1) * per) * 2 < per ?
	    chunks - 1 : chunks;
	f = front - 1;		/* chunk pages 1 .. f; front..chunks on the front */
	for (q = 0; q <= f; q++) {
		chunk_url(&url, base, q);
		buf_reset(&title);
		if (q > 0)
			buf_printf(&title, "%s(第%zu页)", heading, q);
		else
			buf_puts(&title, heading);
		/* Newest first: chunk k is [n - k * per, n - (k - 1) * per). */
		lo = q ? n - (q * per < n ? q * per : n) : 0;
		hi = q ? n - (q - 1) * per : n - f * per;
		np = f ? pager_links(q, f, pl) : 0;
		/*
		 * The page's key, from what its context is made of (the
		 * entries by their hashes), so that an incremental build
		 * skips an unchanged page before building its context.
		 */
		kids = q == 0 && children ? children(s, arg, url.ptr) : NULL;
		key = render_seed(s->r, "list.html", url.ptr, title.ptr, "list");
		key = cache_hash(heading, strlen(heading) + 1, key);
		/* Descriptions count the articles: on the front only, too. */
		desc = q ? "" : description;
		key = cache_hash(desc, strlen(desc) + 1, key);
		for (i = 0; i < nbc * 2; i++)
			key = bc[i] ? cache_hash(bc[i], strlen(bc[i]) + 1, key) :
			    cache_hash("\xff", 1, key);
		key = tv_hash(kids, key);
		nums[0] = q ? 0 : n;
		nums[1] = q;
		nums[2] = f;
		nums[3] = np;
		key = cache_hash(nums, sizeof(nums), key);
		key = cache_hash(pl, np * sizeof(pl[0]), key);
		for (i = lo; i < hi; i++)
			key = cache_hash(&s->e[items->v[i]].hash, sizeof(uint64_t),
			    key);
		if (render_kept(s->r, url.ptr, key)) {
			/* kids is all the arena holds (render_arena()). */
			tv_free(kids);
			tv_arena_reset(a);
			s->pages++;
			continue;
		}
		ctx = tv_map(a);
		l = tv_map(a);
		tv_set_str(l, "heading", heading);
		tv_set_str(l, "description", desc);
		/* The total changes with every issue: on the front only. */
		if (q == 0)
			tv_set_int(l, "count", (long long)n);
		tv_set(l, "breadcrumbs", crumbs(a, url.ptr, bc, nbc));
		tv_set(l, "children", kids ? kids : tv_list(a));
		links = tv_list(a);
		for (i = lo; i < hi; i++)
			tv_push(links, entry_item(s->r, a, &s->e[items->v[i]],
			    url.ptr));
		tv_set(l, "items", links);
		pg = tv_map(a);
		tv_set_bool(pg, "multi", f > 0);
		tv_set_bool(pg, "front", q == 0);
		tv_set_int(pg, "page", (long long)q);
		links = tv_list(a);
		for (i = 0; i < np; i++) {
			lk = tv_map(a);
			if (pl[i].gap)
				tv_set_str(lk, "n", "…");
			else {
				if (pl[i].k)
					tv_set_int(lk, "n", (long long)pl[i].k);
				else
					tv_set_str(lk, "n", "最新");
				chunk_url(&u, base, pl[i].k);
				tv_set_str(lk, "url", u.ptr);
				tv_set_bool(lk, "current", pl[i].current);
			}
			tv_push(links, lk);
		}
		tv_set(pg, "links", links);
		if (q > 0) {
			chunk_url(&u, base, q < f ? q + 1 : 0);
			tv_set_str(pg, "prev_url", u.ptr);
		}
		if (q != 1 && f > 0) {
			chunk_url(&u, base, q ? q - 1 : f);
			tv_set_str(pg, "next_url", u.ptr);
		}
		tv_set(l, "pager", pg);
		tv_set(ctx, "list", l);
		if (render_page_key(s->r, "list.html", url.ptr, title.ptr,
		    "list", ctx, key, &s->d) == 0)
			s->pages++;
	}
	buf_release(&url);
	buf_release(&u);
	buf_release(&title);
}

static struct tval *
child(struct tv_arena *a, const char *from, const char *name,
    const char *url, size_t count)
{
	struct tval	*m = tv_map(a);
	struct buf	 u = BUF_INIT;

	tv_set_str(m, "name", name);
	rel_url(&u, from, url);
	tv_set_str(m, "url", u.ptr);
	tv_set_int(m, "count", (long long)count);
	buf_release(&u);
	return m;
}

/*
 * A page that lists other pages (children) rather than articles: the
 * index of topics, of regions, of reporters, a year's months.  bc holds
 * nbc name/url pairs of breadcrumbs.
 */
static void
index_page(struct state *s, const char *url, const char *heading,
    const char *description, size_t count, const char *const *bc, size_t nbc,
    struct tval *children)
{
	struct tval	*ctx = tv_map(NULL), *l = tv_map(NULL);

	tv_set_str(l, "heading", heading);
	tv_set_str(l, "description", description);
	tv_set_int(l, "count", (long long)count);
	tv_set(l, "breadcrumbs", crumbs(NULL, url, bc, nbc));
	tv_set(l, "children", children);
	tv_set(l, "items", tv_list(NULL));
	tv_set(ctx, "list", l);
	if (render_page(s->r, "list.html", url, heading, "list", ctx, &s->d) == 0)
		s->pages++;
}

/* Topics: one listing each, and the index of topics. */
static void
topics(struct state *s)
{
	struct ivec	*v = xcalloc(s->c->ntopics + 1, sizeof(*v));
	struct buf	 base = BUF_INIT, desc = BUF_INIT;
	struct tval	*ch;
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
	ch = tv_list(NULL);
	for (t = 0; t < s->c->ntopics; t++) {
		buf_reset(&base);
		buf_printf(&base, "topics/%s/index.html", s->c->topics[t].slug);
		tv_push(ch, child(NULL, "topics/index.html",
		    s->c->topics[t].name, base.ptr, v[t].n));
	}
	index_page(s, "topics/index.html", "专题", "按专题浏览全部文章", s->ne,
	    bc, 1, ch);
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
rnode_tree(struct tv_arena *a, const struct rnode *n, const char *from,
    int depth)
{
	struct tval	*l = tv_list(a), *m;
	struct buf	 u = BUF_INIT;
	size_t		 i;

	for (i = 0; i < n->nkids; i++) {
		buf_reset(&u);
		rnode_url(&u, n->kids[i]);
		m = child(a, from, n->kids[i]->unit->name, u.ptr,
		    n->kids[i]->items.n);
		if (depth > 1)
			tv_set(m, "children", rnode_tree(a, n->kids[i], from, depth - 1));
		tv_push(l, m);
	}
	buf_release(&u);
	return l;
}

static struct tval *
rnode_children(struct state *s, const void *arg, const char *from)
{
	/* The front page of a listing (listing()): made in its arena. */
	return rnode_tree(render_arena(s->r), arg, from, 2);
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
	index_page(s, "regions/index.html", "地区", "按省、市、县浏览文章;括号里是文章数",
	    s->ne, bc, 1, rnode_tree(NULL, &root, "regions/index.html", 3));
	*home_provinces = rnode_tree(NULL, &root, "index.html", 1);
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
reporters(struct state *s)
{
	struct strmap	*m = strmap_new(), *byname = strmap_new();
	struct group	**v, *g;
	struct tval	*ch;
	struct buf	 b = BUF_INIT, d = BUF_INIT, h = BUF_INIT;
	size_t		 i, k, n;
	const char	*bc[] = { "首页", "index.html", "记者", "reporters/index.html" };

	/*
	 * One group a page: the names that share its pinyin, usually one.
	 * A name's group is looked up once (byname), not at every article.
	 */
	for (i = 0; i < s->ne; i++) {
		const struct entry *e = &s->e[s->order[i]];
		for (k = 0; k < e->nauthors; k++) {
			void **slot = strmap_slot(byname, e->authors[k]);
			if ((g = *slot) == NULL) {
				buf_reset(&b);
				url_reporter(&b, e->authors[k]);
				g = group_get(m, b.ptr);
				/* g->url: the page's names, "、" between them. */
				buf_reset(&h);
				if (g->url != NULL && *g->url != '\0')
					buf_printf(&h, "%s、", g->url);
				buf_puts(&h, e->authors[k]);
				free(g->url);
				g->url = buf_detach(&h);
				*slot = g;
			}
			if (g->items.n == 0 || g->items.v[g->items.n - 1] != s->order[i])
				ivec_push(&g->items, s->order[i]);
		}
	}
	strmap_free(byname);
	v = groups_sorted(m, &n);
	ch = tv_list(NULL);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		buf_put(&b, v[i]->key, strlen(v[i]->key) - strlen("index.html"));
		buf_reset(&d);
		buf_printf(&d, "%s署名的 %zu 篇文章", v[i]->url, v[i]->items.n);
		listing(s, b.ptr, v[i]->url, d.ptr, bc, 2, NULL, NULL, &v[i]->items);
		tv_push(ch, child(NULL, "reporters/index.html", v[i]->url,
		    v[i]->key, v[i]->items.n));
	}
	index_page(s, "reporters/index.html", "记者", "按署名浏览记者、通讯员和摄影的文章",
	    s->ne, bc, 1, ch);
	groups_free(v, n, m);
	buf_release(&b);
	buf_release(&d);
	buf_release(&h);
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
	ch = tv_list(NULL);
	hy = tv_list(NULL);
	for (i = ny; i-- > 0; ) {
		g = years[i];
		buf_reset(&b);
		buf_printf(&b, "dates/%s/index.html", g->key);
		buf_reset(&h);
		buf_printf(&h, "%s年", g->key);
		struct tval *yc = child(NULL, "dates/index.html", h.ptr, b.ptr,
		    g->items.n);
		struct tval *yself = tv_list(NULL);
		sub = tv_list(NULL);
		for (k = nm; k-- > 0; ) {
			if (strncmp(months[k]->key, g->key, 4) != 0)
				continue;
			buf_reset(&b);
			buf_printf(&b, "dates/%.4s/%s/index.html", months[k]->key,
			    months[k]->key + 5);
			buf_reset(&h);
			buf_printf(&h, "%d月", atoi(months[k]->key + 5));
			tv_push(sub, child(NULL, "dates/index.html", h.ptr, b.ptr,
			    months[k]->items.n));
			buf_reset(&d);
			buf_printf(&d, "dates/%s/index.html", g->key);
			tv_push(yself, child(NULL, d.ptr, h.ptr, b.ptr,
			    months[k]->items.n));
		}
		tv_set(yc, "children", sub);
		tv_push(ch, yc);
		buf_reset(&b);
		buf_printf(&b, "dates/%s/index.html", g->key);
		buf_reset(&h);
		buf_printf(&h, "%s年", g->key);
		tv_push(hy, child(NULL, "index.html", h.ptr, b.ptr,
		    g->items.n));
		/* The year's page: its months. */
		buf_reset(&d);
		buf_printf(&d, "%s年的 %zu 篇文章,按月浏览", g->key, g->items.n);
		index_page(s, b.ptr, h.ptr, d.ptr, g->items.n, bc, 2, yself);
	}
	index_page(s, "dates/index.html", "日期", "按年、月浏览文章", s->ne, bc, 1, ch);
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
	struct tval	*ch = tv_list(NULL), *yc = NULL;
	struct buf	 b = BUF_INIT, h = BUF_INIT, d = BUF_INIT;
	size_t		 i, j, n;
	const char	*bc[] = { "首页", "index.html", "版面", "issues/index.html" };

	if (s->niss > 1)
		qsort(s->iss, s->niss, sizeof(*s->iss), cmp_issue);
	for (i = 0; i < s->niss; i = j) {
		const char *y = s->iss[i].date ? s->iss[i].date : "undated";
		size_t yl = s->iss[i].date ? 4 : strlen(y);
		buf_reset(&b);
		buf_printf(&b, "issues/%.*s/index.html", (int)yl, y);
		yc = tv_list(NULL);
		for (j = i, n = 0; j < s->niss; j++) {
			const char *y2 = s->iss[j].date ? s->iss[j].date : "undated";
			if (strncmp(y, y2, yl) != 0)
				break;
			tv_push(yc, child(NULL, b.ptr, s->iss[j].title,
			    s->iss[j].url, s->iss[j].count));
			n++;
		}
		buf_reset(&h);
		if (s->iss[i].date)
			buf_printf(&h, "%.4s年", y);
		else
			buf_puts(&h, "日期不详");
		buf_reset(&d);
		buf_printf(&d, "%s的 %zu 个版面", h.ptr, n);
		index_page(s, b.ptr, h.ptr, d.ptr, n, bc, 2, yc);
		tv_push(ch, child(NULL, "issues/index.html", h.ptr, b.ptr, n));
	}
	index_page(s, "issues/index.html", "版面", "按年份浏览各期版面", s->ne, bc, 1, ch);
	buf_release(&b);
	buf_release(&h);
	buf_release(&d);
}

static void
home(struct state *s, struct tval *provinces, struct tval *years)
{
	struct tval	*ctx = tv_map(NULL), *h = tv_map(NULL), *st = tv_map(NULL), *l;
	struct buf	 u = BUF_INIT;
	size_t		 i, t, cnt;

	tv_set_int(st, "issues", (long long)s->niss);
	tv_set_int(st, "articles", (long long)s->ne);
	tv_set(h, "stats", st);
	l = tv_list(NULL);
	for (i = 0; i < s->niss && i < HOME_LATEST; i++) {
		struct tval *m = child(NULL, "index.html", s->iss[i].title,
		    s->iss[i].url, s->iss[i].count);
		tv_set_str(m, "title", s->iss[i].title);
		buf_reset(&u);
		date_human(&u, s->iss[i].date);
		tv_set_str(m, "date_human", u.ptr);
		tv_push(l, m);
	}
	tv_set(h, "latest_issues", l);
	l = tv_list(NULL);
	for (i = 0; i < s->ne && i < HOME_LATEST; i++)
		tv_push(l, entry_item(s->r, NULL, &s->e[s->order[i]],
		    "index.html"));
	tv_set(h, "latest", l);
	l = tv_list(NULL);
	for (t = 0; t < s->c->ntopics; t++) {
		for (i = cnt = 0; i < s->ne; i++)
			for (size_t k = 0; k < s->e[i].ntopics; k++)
				if (strcmp(s->e[i].topics[k], s->c->topics[t].slug) == 0)
					cnt++;
		buf_reset(&u);
		url_topic(&u, s->c->topics[t].slug, 1);
		tv_push(l, child(NULL, "index.html", s->c->topics[t].name,
		    u.ptr, cnt));
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
	struct tval	*ctx = tv_map(NULL), *m = tv_map(NULL), *l, *x;
	size_t		 i;
	static const char *const kinds[][2] = { { "feature", "通讯" },
	    { "news", "消息" }, { "photo", "图片新闻" }, { "toc", "期刊要目" },
	    { "continuation", "续文" }, { "other", "其他" } };

	l = tv_list(NULL);
	for (i = 0; i < s->c->ntopics; i++) {
		x = tv_map(NULL);
		tv_set_str(x, "slug", s->c->topics[i].slug);
		tv_set_str(x, "name", s->c->topics[i].name);
		tv_push(l, x);
	}
	tv_set(m, "topics", l);
	tv_set(m, "provinces", provinces);
	l = tv_list(NULL);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		x = tv_map(NULL);
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

/*
 * The listings fall into groups that share nothing but the sorted
 * entries: each renders on a thread of its own into a state of its own
 * (render, diagnostics, manifest lines), and the groups are merged in
 * this order, so the site and the messages are the same whatever the
 * thread count.
 */
enum { G_TOPICS, G_REGIONS, G_REPORTERS, G_DATES, G_ISSUES, G_N };

struct group_run {
	struct state	*s;		/* the build's state */
	struct state	 st[G_N];	/* each group's: own render, diags, log */
	struct tval	*out[G_N];	/* regions: provinces; dates: years */
};

static void *
group_worker_new(void *ctx)
{
	struct group_run	*g = ctx;

	return render_clone(g->s->r);
}

static void
group_worker_free(void *w)
{
	render_free(w);
}

static void
group_work(void *ctx, void *w, size_t i)
{
	struct group_run	*g = ctx;
	struct state		*st = &g->st[i];

	*st = *g->s;
	st->r = w;
	st->pages = 0;
	memset(&st->d, 0, sizeof(st->d));
	buf_init(&st->manifest);
	render_log(st->r, &st->manifest);
	switch (i) {
	case G_TOPICS:
		topics(st);
		break;
	case G_REGIONS:
		regions(st, &g->out[i]);
		break;
	case G_REPORTERS:
		reporters(st);
		break;
	case G_DATES:
		dates(st, &g->out[i]);
		break;
	default:
		issues(st);
		break;
	}
	render_log(st->r, NULL);
}

static void
group_done(void *ctx, size_t i)
{
	struct group_run	*g = ctx;
	struct state		*st = &g->st[i];

	g->s->pages += st->pages;
	buf_put(&g->s->manifest, st->manifest.ptr, st->manifest.len);
	buf_release(&st->manifest);
	diags_append(&g->s->d, &st->d);
	diags_release(&st->d);
}

void
list_write(struct state *s)
{
	static const struct pool_fns fns = { group_worker_new,
	    group_worker_free, group_work, group_done };
	struct group_run g;
	struct tval	*prov2;
	struct strmap	*seen;
	size_t		 i;
	int		 jobs = s->o->jobs > 0 ? s->o->jobs : pool_cpus();

	s->order = xcalloc(s->ne ? s->ne : 1, sizeof(*s->order));
	for (i = 0; i < s->ne; i++)
		s->order[i] = i;
	sort_state = s;
	qsort(s->order, s->ne, sizeof(*s->order), cmp_entry);
	memset(&g, 0, sizeof(g));
	g.s = s;
	pool_run(G_N, jobs, G_N, &g, &fns);
	home(s, g.out[G_REGIONS], g.out[G_DATES]);
	/* The search page lists the provinces again, as plain names. */
	seen = strmap_new();
	prov2 = tv_list(NULL);
	for (i = 0; i < s->ne; i++)
		if (s->e[s->order[i]].nregions && s->e[s->order[i]].regions[0].province) {
			const char *nm = s->e[s->order[i]].regions[0].province->name;
			void **sl = strmap_slot(seen, nm);
			if (*sl == NULL) {
				struct tval *x = tv_map(NULL);
				*sl = (void *)1;
				tv_set_str(x, "name", nm);
				tv_push(prov2, x);
			}
		}
	strmap_free(seen);
	search_page(s, prov2);
}
