/*
 * render.c: where a page is rendered: the contexts of the article and
 * issue pages, the article item every listing shows, and writing pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "byline.h"
#include "cache.h"
#include "conf.h"
#include "date.h"
#include "diag.h"
#include "gaz.h"
#include "md.h"
#include "render.h"
#include "slug.h"
#include "strmap.h"
#include "tmpl.h"
#include "util.h"

/* EXCERPT_CHARS 80: two lines of a result list on a phone. */
#define EXCERPT_CHARS 80

struct render {
	const struct conf	*c;
	const struct tmpl_set	*t;
	char			*out;		/* output folder (staging) */
	int			 outfd;		/* out opened at the first page written, */
						/*  pages written from it; -1 until then */
	struct buf		 page;		/* scratch for one page */
	struct buf		*log;		/* "HASH CTX URL\n" a page written, or NULL */
	const struct cache	*keep;		/* the last build's pages, or NULL */
	size_t			*rendered;	/* pages rendered, shared with clones */
	size_t			 own;		/* the count rendered points to */
	struct tval		*site;		/* the site map of every page (shared) */
	struct tval		**topic;	/* per conf topic its link map (shared) */
	struct tval		*kind[KIND_OTHER + 1][2];	/* kind_name(), kind_label() (shared) */
	struct tval		*role[ROLE_AUTHOR + 1][2];	/* role_name(), role_label() (shared) */
	struct tv_arena		*arena;		/* the context of the page being built */
};

static const char	*kind_label(enum art_kind);

/*
 * The issue file as a page names it: its path under the content folder,
 * so that a site built from /home/someone/archive says neither where the
 * archive was nor anything that changes with it.
 */
static const char *
src_name(const struct render *r, const char *path)
{
	size_t	 n = strlen(r->c->content);

	while (n > 0 && r->c->content[n - 1] == '/')
		n--;
	if (path != NULL && n > 0 && strncmp(path, r->c->content, n) == 0 &&
	    path[n] == '/')
		return path + n + 1;
	return path;
}

struct render *
render_new(const struct conf *c, const struct tmpl_set *t, const char *out)
{
	struct render	*r = xcalloc(1, sizeof(*r));
	struct tval	*m;
	struct buf	 u = BUF_INIT;
	size_t		 i;

	r->c = c;
	r->t = t;
	r->out = xstrdup(out);
	r->outfd = -1;
	buf_init(&r->page);
	r->rendered = &r->own;
	r->arena = tv_arena_new();
	/* What every page, or every article of a topic, shows alike: made once. */
	r->site = tv_map(NULL);
	tv_set_str(r->site, "title", c->title);
	tv_set_str(r->site, "tagline", c->tagline);
	tv_set_str(r->site, "language", c->language);
	tv_set_str(r->site, "base_url", c->base_url);
	tv_share(r->site);
	for (i = 0; i <= KIND_OTHER; i++) {
		r->kind[i][0] = tv_share(tv_str(NULL, kind_name((enum art_kind)i)));
		r->kind[i][1] = tv_share(tv_str(NULL, kind_label((enum art_kind)i)));
	}
	for (i = 0; i <= ROLE_AUTHOR; i++) {
		r->role[i][0] = tv_share(tv_str(NULL, role_name((enum author_role)i)));
		r->role[i][1] = tv_share(tv_str(NULL, role_label((enum author_role)i)));
	}
	r->topic = xcalloc(c->ntopics ? c->ntopics : 1, sizeof(*r->topic));
	for (i = 0; i < c->ntopics; i++) {
		m = tv_map(NULL);
		tv_set_str(m, "slug", c->topics[i].slug);
		tv_set_str(m, "name", c->topics[i].name);
		buf_reset(&u);
		url_topic(&u, c->topics[i].slug, 1);
		tv_set_str(m, "url", u.ptr);
		r->topic[i] = tv_share(m);
	}
	buf_release(&u);
	return r;
}

struct render *
render_clone(const struct render *from)
{
	struct render	*r = render_new(from->c, from->t, from->out);

	r->keep = from->keep;
	r->rendered = from->rendered;
	return r;
}

size_t
render_count(const struct render *r)
{
	return __atomic_load_n(r->rendered, __ATOMIC_RELAXED);
}

void
render_free(struct render *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	buf_release(&r->page);
	tv_unshare(r->site);
	for (i = 0; i <= KIND_OTHER; i++) {
		tv_unshare(r->kind[i][0]);
		tv_unshare(r->kind[i][1]);
	}
	for (i = 0; i <= ROLE_AUTHOR; i++) {
		tv_unshare(r->role[i][0]);
		tv_unshare(r->role[i][1]);
	}
	for (i = 0; i < r->c->ntopics; i++)
		tv_unshare(r->topic[i]);
	free(r->topic);
	tv_arena_free(r->arena);
	if (r->outfd != -1)
		close(r->outfd);
	free(r->out);
	free(r);
}

/* ---- URLs --------------------------------------------------------------- */

/* The way up from the page at url to the site root: "", "../../". */
static void
root_of(struct buf *b, const char *url)
{
	const char	*p;

	for (p = url; *p; p++)
		if (*p == '/')
			buf_puts(b, "../");
}

/*
 * URLs in a context are relative to the site root; templates put
 * {{ root }} before them, which makes them relative to the page.
 */
void
rel_url(struct buf *b, const char *from, const char *url)
{
	(void)from;
	buf_puts(b, url);
}

static void
set_rel(struct tval *m, const char *key, const char *from, const char *url)
{
	(void)from;	/* as rel_url(): links are made relative by the template */
	tv_set_str(m, key, url);
}

void
url_article(struct buf *b, const char *date, const char *id)
{
	if (date && strlen(date) >= 7) {
		/* "articles/%.4s/%.2s/%s.html" without printf: once an entry. */
		buf_puts(b, "articles/");
		buf_put(b, date, 4);
		buf_putc(b, '/');
		buf_put(b, date + 5, 2);
		buf_putc(b, '/');
		buf_puts(b, id);
		buf_puts(b, ".html");
	} else if (date)
		buf_printf(b, "articles/%.4s/%.2s/%s.html", date, date + 5, id);
	else
		buf_printf(b, "articles/undated/%s.html", id);
}

void
url_issue(struct buf *b, const struct issue *is)
{
	if (is->date)
		buf_printf(b, "issues/%.4s/%s.html", is->date, is->id);
	else
		buf_printf(b, "issues/undated/%s.html", is->id);
}

void
url_region(struct buf *b, const struct region *rg, int level)
{
	buf_puts(b, "regions/");
	if (rg->province) {
		buf_puts(b, rg->province->slug);
		buf_putc(b, '/');
	}
	if (level >= 2 && rg->city) {
		buf_puts(b, rg->city->slug);
		buf_putc(b, '/');
	}
	if (level >= 3 && rg->county) {
		buf_puts(b, rg->county->slug);
		buf_putc(b, '/');
	}
	buf_puts(b, "index.html");
}

void
url_topic(struct buf *b, const char *slug, int page)
{
	buf_puts(b, "topics/");
	buf_puts(b, slug);
	if (page > 1) {
		buf_putc(b, '/');
		buf_putu(b, (unsigned)page);
		buf_puts(b, ".html");
	} else
		buf_puts(b, "/index.html");
}

void
issue_title(struct buf *b, const struct issue *is)
{
	date_human(b, is->date);
	if (is->page > 0) {
		buf_puts(b, " 第");
		buf_putu(b, (unsigned)is->page);
		buf_puts(b, "版");
	} else if (is->page)
		buf_printf(b, " 第%d版", is->page);
	if (is->edition) {
		buf_putc(b, ' ');
		buf_puts(b, is->edition);
	}
}

void
region_label(struct buf *b, const struct region *rg)
{
	if (rg->province)
		buf_puts(b, rg->province->name);
	if (rg->city) {
		buf_putc(b, ' ');
		buf_puts(b, rg->city->name);
	}
	if (rg->county) {
		buf_putc(b, ' ');
		buf_puts(b, rg->county->name);
	}
}

/*
 * A reporter's page is a pure function of the name, so that pages rendered
 * in any order, on any number of threads, link alike.  Two names with the
 * same pinyin share one page that lists them both.
 */
void
url_reporter(struct buf *b, const char *name)
{
	char	*s = slug_name(name);

	buf_puts(b, "reporters/");
	buf_puts(b, s);
	buf_puts(b, "/index.html");
	free(s);
}

/* ---- entries ------------------------------------------------------------ */

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A title for an article without one: the start of its text. */
static void
stand_in_title(struct buf *b, const struct article *a)
{
	size_t		 i, n, l, c;
	const char	*t;

	if (a->kind == KIND_CONTINUATION)
		buf_puts(b, "(续)");
	for (i = 0; i < a->nbody; i++) {
		t = a->body[i].text;
		if (t[0] == '(' || strncmp(t, "\xef\xbc\x88", 3) == 0)
			continue;	/* (上接第1版) */
		for (n = c = 0; t[n] && c < 20; n += l, c++)
			(void)utf8_decode(t + n, strlen(t + n), &l);
		buf_put(b, t, n);
		if (t[n])
			buf_puts(b, "…");
		return;
	}
	buf_puts(b, "无题");
}

void
entry_fill(struct entry *e, const struct issue *is, size_t i)
{
	const struct article	*a = &is->articles[i];
	struct buf		 b = BUF_INIT;
	size_t			 k, n, l, c;
	const char		*t;

	memset(e, 0, sizeof(*e));
	e->id = xstrdup(a->id);
	url_article(&b, is->date, a->id);
	e->url = buf_detach(&b);
	if (a->title)
		e->title = xstrdup(a->title);
	else {
		stand_in_title(&b, a);
		e->title = buf_detach(&b);
	}
	e->kicker = dup_or_null(a->kicker);
	e->subtitle = dup_or_null(a->subtitle);
	e->date = dup_or_null(is->date);
	url_issue(&b, is);
	e->issue_url = buf_detach(&b);
	issue_title(&b, is);
	e->issue_title = buf_detach(&b);
	for (k = 0; k < a->nbody; k++)
		if (a->body[k].type == BLOCK_PARA || a->body[k].type == BLOCK_CAPTION)
			break;
	if (a->summary || k < a->nbody) {
		t = a->summary ? a->summary : a->body[k].text;
		for (n = c = 0; t[n] && c < EXCERPT_CHARS; n += l, c++)
			(void)utf8_decode(t + n, strlen(t + n), &l);
		buf_put(&b, t, n);
		if (t[n])
			buf_puts(&b, "…");
	}
	e->excerpt = buf_detach(&b);
	for (k = 0; k < a->nauthors; k++) {
		if (k)
			buf_putc(&b, ' ');
		if (a->authors[k].role != ROLE_AGENCY) {
			buf_puts(&b, role_label(a->authors[k].role));
			buf_putc(&b, ' ');
		}
		buf_puts(&b, a->authors[k].name);
	}
	e->authors_text = buf_detach(&b);
	e->kind = a->kind;
	for (k = 0; k < a->nregions && k < MAX_ENTRY_REGIONS; k++)
		e->regions[e->nregions++] = a->regions[k];
	for (k = 0; k < a->ntopics; k++)
		e->topics[e->ntopics++] = a->topics[k];
	e->authors = xcalloc(a->nauthors ? a->nauthors : 1, sizeof(char *));
	for (k = 0; k < a->nauthors; k++)
		if (a->authors[k].role != ROLE_AGENCY)
			e->authors[e->nauthors++] = xstrdup(a->authors[k].name);
	entry_pack(e);
}

static uint64_t	entry_hash(const struct entry *);

void
entry_pack(struct entry *e)
{
	char	**fields[] = { &e->id, &e->url, &e->title, &e->kicker,
	    &e->subtitle, &e->date, &e->issue_url, &e->issue_title,
	    &e->excerpt, &e->authors_text };
	size_t	  nf = sizeof(fields) / sizeof(fields[0]), n, k;
	char	 *p, **authors;

	if (e->mem != NULL)
		return;
	n = (e->nauthors + 1) * sizeof(char *);
	for (k = 0; k < nf; k++)
		n += *fields[k] ? strlen(*fields[k]) + 1 : 0;
	for (k = 0; k < e->nauthors; k++)
		n += strlen(e->authors[k]) + 1;
	e->mem = xmalloc(n);
	authors = (char **)(void *)e->mem;
	p = e->mem + (e->nauthors + 1) * sizeof(char *);
	for (k = 0; k < nf; k++)
		if (*fields[k]) {
			n = strlen(*fields[k]) + 1;
			memcpy(p, *fields[k], n);
			free(*fields[k]);
			*fields[k] = p;
			p += n;
		}
	for (k = 0; k < e->nauthors; k++) {
		n = strlen(e->authors[k]) + 1;
		memcpy(p, e->authors[k], n);
		free(e->authors[k]);
		authors[k] = p;
		p += n;
	}
	authors[e->nauthors] = NULL;
	free(e->authors);
	e->authors = authors;
	e->hash = entry_hash(e);
}

void
entry_packed(struct entry *e)
{
	e->hash = entry_hash(e);
}

/* Every field, each string with its NUL (a NULL one as a lone 0xff). */
static uint64_t
entry_hash(const struct entry *e)
{
	const char	*fields[] = { e->id, e->url, e->title, e->kicker,
	    e->subtitle, e->date, e->issue_url, e->issue_title, e->excerpt,
	    e->authors_text };
	uint64_t	 h = CACHE_SEED;
	size_t		 k, nums[4] = { (size_t)e->kind, e->nregions,
	    e->ntopics, e->nauthors };

	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		h = fields[k] ? cache_hash(fields[k], strlen(fields[k]) + 1, h) :
		    cache_hash("\xff", 1, h);
	h = cache_hash(nums, sizeof(nums), h);
	for (k = 0; k < e->nregions; k++) {
		const struct gaz_unit *u[3] = { e->regions[k].province,
		    e->regions[k].city, e->regions[k].county };
		for (int l = 0; l < 3; l++)
			h = u[l] ? cache_hash(u[l]->code, strlen(u[l]->code) + 1,
			    h) : cache_hash("\xff", 1, h);
	}
	for (k = 0; k < e->ntopics; k++)
		h = cache_hash(e->topics[k], strlen(e->topics[k]) + 1, h);
	for (k = 0; k < e->nauthors; k++)
		h = cache_hash(e->authors[k], strlen(e->authors[k]) + 1, h);
	return h;
}

void
entry_release(struct entry *e)
{
	size_t	 i;

	if (e->mem != NULL) {
		free(e->mem);
		memset(e, 0, sizeof(*e));
		return;
	}
	free(e->id);
	free(e->url);
	free(e->title);
	free(e->kicker);
	free(e->subtitle);
	free(e->date);
	free(e->issue_url);
	free(e->issue_title);
	free(e->excerpt);
	free(e->authors_text);
	for (i = 0; i < e->nauthors; i++)
		free(e->authors[i]);
	free(e->authors);
	memset(e, 0, sizeof(*e));
}

static const char *
kind_label(enum art_kind k)
{
	static const char *const n[] = { "通讯", "消息", "图片新闻", "期刊要目",
	    "续文", "其他" };

	return n[k];
}

/* The links of an article's topics: the maps render_new() made, shared. */
static struct tval *
topic_links(const struct render *r, struct tv_arena *a,
    const char *const *slugs, size_t n)
{
	struct tval		*l = tv_list(a);
	const struct conf_topic	*t;
	size_t			 i;

	for (i = 0; i < n; i++)
		if ((t = conf_topic(r->c, slugs[i])) != NULL)
			tv_push(l, r->topic[t - r->c->topics]);
	return l;
}

/* Key set to the entry's own text s, which outlives the map: not copied. */
static void
set_ref(struct tval *m, struct tv_arena *a, const char *key, const char *s)
{
	if (s != NULL)
		tv_set_new(m, key, tv_str_ref(a, s, strlen(s)));
}

struct tval *
entry_item(const struct render *r, struct tv_arena *a, const struct entry *e,
    const char *from)
{
	struct tval	*m = tv_map(a);
	struct buf	 b = BUF_INIT;

	(void)from;	/* as set_rel(): links are made relative by the template */
	set_ref(m, a, "url", e->url);
	set_ref(m, a, "title", e->title);
	set_ref(m, a, "kicker", e->kicker);
	set_ref(m, a, "subtitle", e->subtitle);
	tv_set_new(m, "kind", r->kind[e->kind][0]);
	tv_set_new(m, "kind_name", r->kind[e->kind][1]);
	set_ref(m, a, "date", e->date);
	date_human(&b, e->date);
	tv_set_new_str(m, "date_human", b.ptr);
	set_ref(m, a, "issue_title", e->issue_title);
	set_ref(m, a, "issue_url", e->issue_url);
	buf_reset(&b);
	if (e->nregions)
		region_label(&b, &e->regions[0]);
	tv_set_new_str(m, "region", b.ptr);
	set_ref(m, a, "authors", e->authors_text);
	tv_set_new(m, "topics", topic_links(r, a, e->topics, e->ntopics));
	set_ref(m, a, "excerpt", e->excerpt);
	buf_release(&b);
	return m;
}

/* ---- pages -------------------------------------------------------------- */

uint64_t
render_seed(const struct render *r, const char *tmpl, const char *url,
    const char *title, const char *kind)
{
	uint64_t	 h;

	/*
	 * A page is a function of site.conf (in the cache's global key),
	 * the templates it is made of (tmpl_key) and its context: when these
	 * hash as in the last build, the page there is still right and is
	 * not rendered again.
	 */
	h = tmpl_key(r->t, tmpl);
	h = cache_hash(tmpl, strlen(tmpl) + 1, h);
	h = cache_hash(url, strlen(url) + 1, h);
	h = cache_hash(title ? title : "", title ? strlen(title) + 1 : 0, h);
	return cache_hash(kind, strlen(kind) + 1, h);
}

int
render_kept(struct render *r, const char *url, uint64_t key)
{
	const char	*old = cache_old_hash(r->keep, url);
	char		 k[17];

	if (old == NULL)
		return 0;
	snprintf(k, sizeof(k), "%016llx", (unsigned long long)key);
	if (strcmp(cache_old_ctx(r->keep, url), k) != 0)
		return 0;
	if (r->log != NULL)
		buf_printf(r->log, "%s %s %s\n", old, k, url);
	return 1;
}

int
render_page(struct render *r, const char *tmpl, const char *url,
    const char *title, const char *kind, struct tval *ctx, struct diags *d)
{
	return render_page_key(r, tmpl, url, title, kind, ctx,
	    tv_hash(ctx, render_seed(r, tmpl, url, title, kind)), d);
}

/*
 * Writes the page at site-relative url from the output folder's handle
 * (file_write_at()): the kernel walks the path inside the site only.
 * Without a handle (the folder cannot be opened) the whole path is used.
 */
static int
page_write(struct render *r, const char *url, const void *p, size_t n)
{
	char	*path;
	int	 rc, saved;

	if (r->outfd == -1)
		r->outfd = open(r->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->outfd != -1)
		return file_write_at(r->outfd, url, p, n);
	path = path_join(r->out, url);
	rc = file_write(path, p, n);
	saved = errno;
	free(path);
	errno = saved;
	return rc;
}

int
render_page_key(struct render *r, const char *tmpl, const char *url,
    const char *title, const char *kind, struct tval *ctx, uint64_t key,
    struct diags *d)
{
	struct tval	*page;
	struct buf	 b = BUF_INIT;
	const char	*old;
	char		*path, hash[17], ctxh[17];
	int		 rc = -1, err;

	if (render_kept(r, url, key)) {
		tv_free(ctx);
		tv_arena_reset(r->arena);
		return 0;
	}
	snprintf(ctxh, sizeof(ctxh), "%016llx", (unsigned long long)key);
	old = cache_old_hash(r->keep, url);
	page = tv_map(ctx->arena);
	tv_set(ctx, "site", r->site);
	root_of(&b, url);
	tv_set_str(ctx, "root", b.ptr);
	buf_reset(&b);
	tv_set_str(page, "title", title);
	tv_set_str(page, "kind", kind);
	tv_set_str(page, "description", r->c->tagline);
	if (r->c->base_url[0]) {
		buf_puts(&b, r->c->base_url);
		if (b.ptr[b.len - 1] != '/')
			buf_putc(&b, '/');
		buf_puts(&b, url);
	}
	tv_set_str(page, "canonical", b.ptr);
	tv_set(ctx, "page", page);
	buf_release(&b);

	buf_reset(&r->page);
	if (tmpl_render(r->t, tmpl, ctx, &r->page, d) == -1)
		goto out;
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)
	    cache_hash(r->page.ptr, r->page.len, CACHE_SEED));
	/* Bytes as in the last build: the site's copy stays untouched. */
	if ((old == NULL || strcmp(old, hash) != 0) &&
	    page_write(r, url, r->page.ptr, r->page.len) == -1) {
		err = errno;
		path = path_join(r->out, url);
		diag_add(d, DIAG_ERROR, path, 0, 0, "write",
		    "cannot write page: %s", strerror(err));
		free(path);
		goto out;
	}
	if (r->log != NULL)
		buf_printf(r->log, "%s %s %s\n", hash, ctxh, url);
	__atomic_add_fetch(r->rendered, 1, __ATOMIC_RELAXED);
	rc = 0;
out:
	tv_free(ctx);
	tv_arena_reset(r->arena);
	return rc;
}

struct tv_arena *
render_arena(const struct render *r)
{
	return r->arena;
}

void
render_log(struct render *r, struct buf *log)
{
	r->log = log;
}

void
render_keep(struct render *r, const struct cache *keep)
{
	r->keep = keep != NULL && cache_valid(keep) ? keep : NULL;
}

static struct tval *
link_to(struct tv_arena *a, const char *from, const char *url,
    const char *title)
{
	struct tval	*m = tv_map(a);

	set_rel(m, "url", from, url);
	tv_set_str(m, "title", title);
	return m;
}

int
render_article(struct render *r, const struct issue *is,
    const struct entry *es, const struct source *src, size_t i,
    struct diags *d)
{
	const struct article	*a = &is->articles[i];
	const struct entry	*e = &es[i];
	struct tval		*ctx = tv_map(r->arena), *m = tv_map(r->arena), *l, *x, *parts;
	struct buf		 b = BUF_INIT, md = BUF_INIT;
	size_t			 k;
	int			 lv, rc;

	tv_set_str(m, "id", a->id);
	tv_set_str(m, "url", "");
	tv_set(m, "kind", r->kind[a->kind][0]);
	tv_set(m, "kind_name", r->kind[a->kind][1]);
	tv_set_str(m, "kicker", a->kicker);
	tv_set_str(m, "title", e->title);
	tv_set_str(m, "subtitle", a->subtitle);
	tv_set_str(m, "column", a->column);
	tv_set_str(m, "dateline", a->dateline);
	tv_set_str(m, "summary", a->summary);
	/* Plain paragraphs (nearly all) skip cmark-gfm and libxml2. */
	if (md_article_html(a, &b) == 0)
		tv_set(m, "body_html", tv_html(r->arena, b.ptr, b.len));
	else {
		md_article(a, &md);
		md_html(md.ptr, md.len, 0, &b);
		tv_set_str(m, "body_html", b.ptr);
	}
	buf_reset(&b);
	tv_set_str(m, "date", is->date);
	date_human(&b, is->date);
	tv_set_str(m, "date_human", b.ptr);
	tv_set_bool(m, "truncated", a->truncated);

	x = tv_map(r->arena);
	tv_set_str(x, "id", is->id);
	set_rel(x, "url", e->url, e->issue_url);
	tv_set_str(x, "title", e->issue_title);
	tv_set_int(x, "page", is->page);
	tv_set(m, "issue", x);

	l = tv_list(r->arena);
	for (k = 0; k < a->nauthors; k++) {
		x = tv_map(r->arena);
		tv_set_str(x, "name", a->authors[k].name);
		tv_set(x, "role", r->role[a->authors[k].role][0]);
		tv_set(x, "role_name", r->role[a->authors[k].role][1]);
		if (a->authors[k].role != ROLE_AGENCY) {
			buf_reset(&b);
			url_reporter(&b, a->authors[k].name);
			tv_set_str(x, "url", b.ptr);
		}
		tv_push(l, x);
	}
	tv_set(m, "authors", l);

	l = tv_list(r->arena);
	for (k = 0; k < a->nregions; k++) {
		const struct region *rg = &a->regions[k];
		const struct gaz_unit *lvl[3] = { rg->province, rg->city, rg->county };
		x = tv_map(r->arena);
		buf_reset(&b);
		region_label(&b, rg);
		tv_set_str(x, "label", b.ptr);
		parts = tv_list(r->arena);
		for (lv = 0; lv < 3; lv++) {
			struct tval *p;
			if (lvl[lv] == NULL)
				continue;
			p = tv_map(r->arena);
			tv_set_str(p, "name", lvl[lv]->name);
			buf_reset(&b);
			url_region(&b, rg, lv + 1);
			set_rel(p, "url", e->url, b.ptr);
			tv_push(parts, p);
		}
		tv_set(x, "parts", parts);
		tv_push(l, x);
	}
	tv_set(m, "regions", l);
	tv_set(m, "topics", topic_links(r, r->arena, a->topics, a->ntopics));

	x = tv_map(r->arena);
	tv_set_str(x, "file", src_name(r, is->path));
	l = tv_list(r->arena);
	for (k = 0; k < a->nlines; k++) {
		struct tval *ln = tv_map(r->arena);
		tv_set_int(ln, "n", a->lines[k]);
		tv_set(ln, "text", tv_strn(r->arena, src->lines[a->lines[k] - 1].p,
		    src->lines[a->lines[k] - 1].n));
		tv_push(l, ln);
	}
	tv_set(x, "lines", l);
	tv_set(m, "source", x);

	if (i > 0)
		tv_set(m, "prev", link_to(r->arena, e->url, es[i - 1].url, es[i - 1].title));
	if (i + 1 < is->narticles)
		tv_set(m, "next", link_to(r->arena, e->url, es[i + 1].url,
		    es[i + 1].title));
	tv_set(ctx, "article", m);
	rc = render_page(r, "article.html", e->url, e->title, "article", ctx, d);
	buf_release(&b);
	buf_release(&md);
	return rc;
}

int
render_issue(struct render *r, const struct issue *is,
    const struct entry *es, const struct source *src, struct diags *d)
{
	struct tval	*ctx = tv_map(r->arena), *m = tv_map(r->arena), *l, *x;
	struct buf	 url = BUF_INIT, b = BUF_INIT;
	size_t		 k;
	int		 rc;

	(void)src;
	url_issue(&url, is);
	issue_title(&b, is);
	tv_set_str(m, "id", is->id);
	tv_set_str(m, "title", b.ptr);
	tv_set_str(m, "date", is->date);
	buf_reset(&b);
	date_human(&b, is->date);
	tv_set_str(m, "date_human", b.ptr);
	if (is->page)
		tv_set_int(m, "page", is->page);
	tv_set_str(m, "edition", is->edition);
	tv_set_str(m, "paper", is->paper);
	l = tv_list(r->arena);
	for (k = 0; k < is->neditors; k++) {
		x = tv_map(r->arena);
		tv_set_str(x, "name", is->editors[k]);
		tv_push(l, x);
	}
	tv_set(m, "editors", l);
	l = tv_list(r->arena);
	for (k = 0; k < is->narticles; k++)
		tv_push(l, entry_item(r, r->arena, &es[k], url.ptr));
	tv_set(m, "articles", l);
	l = tv_list(r->arena);
	for (k = 0; k < is->nfurniture; k++) {
		x = tv_map(r->arena);
		tv_set_int(x, "n", is->furniture[k].line);
		tv_set_str(x, "text", is->furniture[k].text);
		tv_push(l, x);
	}
	tv_set(m, "furniture", l);
	tv_set_str(m, "source_file", src_name(r, is->path));
	tv_set(ctx, "issue", m);
	buf_reset(&b);
	issue_title(&b, is);
	rc = render_page(r, "issue.html", url.ptr, b.ptr, "issue", ctx, d);
	buf_release(&url);
	buf_release(&b);
	return rc;
}
