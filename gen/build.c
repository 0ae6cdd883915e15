/*
 * build.c: the build, end to end.
 *
 * Memory stays proportional to the compact entries (struct entry), not to
 * the text: each issue is parsed, its article and issue pages written and
 * its text handed to the indexer before the next one is read.  Listings
 * are made from the entries sorted once; every grouping is one pass.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "build_int.h"
#include "cache.h"
#include "conf.h"
#include "date.h"
#include "diag.h"
#include "fix.h"
#include "gaz.h"
#include "idx.h"
#include "issue.h"
#include "md.h"
#include "pool.h"
#include "render.h"
#include "seg.h"
#include "strmap.h"
#include "tmpl.h"
#include "topic.h"
#include "util.h"

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
	if (f.n > 1)
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

/* ---- one issue, on any thread ------------------------------------------- */

/* PLAN_HEAD_BYTES 8192: front matter is a handful of lines at the top. */
#define PLAN_HEAD_BYTES 8192
/*
 * PATCH_MAX_DOCS 256: edited documents past which the last index is made
 * again rather than patched: each costs its keys' shards (some 1,500
 * keys an article), and a few hundred shards cost about what a whole
 * 10,000-article index does.
 */
#define PATCH_MAX_DOCS 256
/* ADDED_DOCS 10: an added issue counts as ten articles against it. */
#define ADDED_DOCS 10
/*
 * WINDOW_PER_JOB 32: issues a thread may finish ahead of the one awaited.
 * An issue taken from the cache costs some 30 microseconds, so a short
 * window keeps threads waiting on each other: 32 against 8 took a
 * 100,000-article rebuild from 1.07-1.16 s to 0.94-1.01 s, and its full
 * build's peak from 393 to 420 MB.
 */
#define WINDOW_PER_JOB 32

static void
print_diags(const struct state *s, const struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev >= DIAG_WARN || s->o->verbose ||
		    strcmp(d->v[i].code, "date-inferred") == 0)
			diag_print_one(&d->v[i], stderr);
}

/* One search document, for the indexer: borrows its entry and text. */
struct pdoc {
	struct idx_doc	 doc;		/* pointers into the entry, text, region */
	char		*region;	/* display label, owned */
};

/* What a worker hands back for one issue. */
struct result {
	struct cache_rec rec;		/* entries, text, pages, diagnostics */
	int		 ok;		/* read and cut; rec.sum is filled */
	int		 cached;	/* taken from the cache, nothing rendered */
	size_t		 pages;		/* pages written */
	size_t		 failed;	/* pages that failed to render */
	struct idx_prep	**prep;		/* each article tokenised for the index */
	uint64_t	 ihash;		/* issue_ihash() of what was read */
	struct idx_prep	**old;		/* an edited issue's articles, as last indexed */
	size_t		 nold;
	int		 old_ok;	/* old was read back */
};

/*
 * What the last build's index was made of (the end of search-state):
 * every issue's id, hash and number of documents, in order.
 */
struct last {
	char		*text;		/* search-state, which the fields point into */
	const char	*idx;		/* its first part, for idx_new_patch() */
	char		**id;
	uint64_t	*ihash;
	size_t		*ndocs;
	size_t		 n;
};

/* The plan: each issue's path and its id, decided before any page. */
struct plan {
	char		*path;
	char		*id;		/* unique in the build */
	char		*dup;		/* the id it would have shared, or NULL */
	char		*date;		/* its date, or NULL: where its record goes */
	uint64_t	 ihash;		/* issue_ihash(), when the plan reads it whole */
	uint64_t	 sig;		/* file_sig() when ihash was made, or 0 */
};

struct run {
	struct state		*s;
	struct cache		*cache;		/* what the last build left */
	struct plan		*plan;
	struct result		*res;
	size_t			 n;
	const struct gaz	*g;
	const struct topic_set	*ts;
	const struct tmpl_set	*t;
	size_t			 done;
	struct strmap		*taken;		/* ids given, while planning */
	int			 want_ihash;	/* the plan reads every file whole */
	uint64_t		 search_key;	/* search_key() of the plan */
	int			 skip_index;	/* the last build's index stands */
	struct last		 last;		/* the last index's documents */
	unsigned char		*edited;	/* by issue: its documents changed since */
	unsigned char		*near;		/* by issue: in a docs chunk with an edited one */
	int			 patch;		/* the index is being patched */
	int			 patch_ok;	/* and can still be */
	size_t			*ndocs;		/* documents of each issue, for search-state */
	char			*plan_text;	/* the last build's plan file */
	struct strmap		*old_plan;	/* its lines by path */
	struct timespec		 start;		/* the build's start (CLOCK_REALTIME) */
	size_t			 nread;		/* files the plan read (atomic) */
};

static char *
xdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * The search document of an entry; p borrows e and text.  Without label,
 * no region label (only the docs chunks show it): for the facets alone.
 */
static void
make_doc(struct pdoc *p, const struct entry *e, const char *text, int page,
    int label)
{
	struct buf	 reg = BUF_INIT;
	size_t		 k;

	memset(p, 0, sizeof(*p));
	p->doc.id = e->id;
	p->doc.url = e->url;
	p->doc.title = e->title;
	p->doc.kicker = e->kicker;
	p->doc.subtitle = e->subtitle;
	p->doc.date = e->date ? e->date : "";
	p->doc.issue = e->issue_title;
	p->doc.page = page;
	p->doc.kind = kind_name(e->kind);
	if (e->nregions) {
		p->doc.province = e->regions[0].province ?
		    e->regions[0].province->name : NULL;
		p->doc.city = e->regions[0].city ? e->regions[0].city->name : NULL;
		if (label) {
			region_label(&reg, &e->regions[0]);
			p->region = buf_detach(&reg);
			p->doc.region = p->region;
		}
	}
	for (k = 0; k < e->ntopics && k < 3; k++)
		p->doc.topics[k] = e->topics[k];
	p->doc.reporters = (const char *const *)e->authors;
	p->doc.nreporters = e->nauthors;
	p->doc.text = text;
}

/*
 * Summary and body: the text search looks in beyond the headlines, which
 * the index keeps separately (so they are not counted twice).
 */
static char *
search_text(const struct article *a)
{
	struct buf	 text = BUF_INIT;
	size_t		 k;

	if (a->summary) {
		buf_puts(&text, a->summary);
		buf_putc(&text, '\n');
	}
	for (k = 0; k < a->nbody; k++) {
		buf_puts(&text, a->body[k].text);
		buf_putc(&text, '\n');
	}
	return buf_detach(&text);
}

static void
pdoc_release(struct pdoc *p)
{
	free(p->region);
}

/* Each worker renders with its own scratch buffers. */
static void *
worker_new(void *ctx)
{
	struct run	*r = ctx;

	return render_clone(r->s->r);
}

static void
worker_free(void *w)
{
	render_free(w);
}

/* The sidecar's path of an issue file: NAME.fix for NAME.txt. */
static char *
fix_path(const char *path)
{
	size_t	 n = strlen(path);
	char	*fp = xstrdup(path);

	if (n > 4 && strcmp(fp + n - 4, ".txt") == 0)
		strcpy(fp + n - 4, ".fix");
	return fp;
}

/*
 * What an issue's search documents are made from: its bytes and its
 * sidecar (the id is added by search_key()).  Templates do not matter.
 */
static uint64_t
issue_ihash(const struct buf *text, const char *path)
{
	struct buf	 fix = BUF_INIT;
	char		*fp;
	uint64_t	 h;

	h = cache_hash(text->ptr, text->len, CACHE_SEED);
	fp = fix_path(path);
	if (file_read(fp, &fix) == 0)
		h = cache_hash(fix.ptr, fix.len, h ^ 1);
	free(fp);
	buf_release(&fix);
	return h;
}

/*
 * The search key: every issue's id and issue_ihash() in order.  The same
 * key, a valid cache and the same binary and site.conf (the global key)
 * mean the same search documents in the same order: the same index.
 */
static uint64_t
search_key(uint64_t h, const char *id, uint64_t ihash)
{
	h = cache_hash(id, strlen(id) + 1, h);
	return cache_hash(&ihash, sizeof(ihash), h);
}

/*
 * The key of an issue's record: the templates of the pages it makes, its
 * id and issue_ihash() (its bytes and its sidecar).
 */
static uint64_t
issue_key(uint64_t ihash, const char *id, const struct tmpl_set *t)
{
	uint64_t	 h;

	h = tmpl_key(t, "article.html") ^ (tmpl_key(t, "issue.html") * 3);
	return search_key(h, id, ihash);
}

/*
 * Whether issue i's documents go into a patched index by their fields
 * alone (idx_add_unchanged()): unchanged, and in no docs chunk with an
 * edited one.
 */
static int
unchanged(const struct run *r, size_t i)
{
	return r->patch && !r->edited[i] && !r->near[i];
}

/*
 * On the worker: tokenise the articles for the index (idx_prep), so that
 * the main thread only merges them; their text is not needed after.
 */
static void
prep_docs(const struct run *r, size_t i, struct result *res)
{
	struct cache_rec *rec = &res->rec;
	struct pdoc	 p;
	size_t		 k;

	res->prep = xcalloc(rec->ne ? rec->ne : 1, sizeof(*res->prep));
	for (k = 0; k < rec->ne; k++) {
		/*
		 * The last build's index stands: nothing to tokenise; it is
		 * patched: only the edited issues.
		 */
		if (!r->skip_index && !unchanged(r, i)) {
			make_doc(&p, &rec->e[k], rec->text[k], rec->page, 1);
			res->prep[k] = r->patch && !r->edited[i] ?
			    idx_prep_fields(&p.doc) : idx_prep_for(r->s->idx,
			    &p.doc);
			pdoc_release(&p);
		}
		free(rec->text[k]);
		rec->text[k] = NULL;
	}
}

/*
 * Whether the pages a record lists are in the site as it made them: an
 * issue removed and put back finds its record, but not its pages.
 */
static int
pages_stand(const struct cache *c, const struct cache_rec *rec)
{
	const char	*l, *nl, *url, *old;
	struct buf	 u = BUF_INIT;
	int		 ok = 1;

	for (l = rec->pages ? rec->pages : ""; *l && ok; l = nl + 1) {
		if ((nl = strchr(l, '\n')) == NULL)
			break;
		/* "HASH CTX URL": 16 hex digits, the context's or "-". */
		if (nl - l < 19 || (url = memchr(l + 17, ' ',
		    (size_t)(nl - l) - 17)) == NULL) {
			ok = 0;
			break;
		}
		buf_reset(&u);
		buf_put(&u, url + 1, (size_t)(nl - url - 1));
		old = cache_old_hash(c, u.ptr);
		ok = old != NULL && memcmp(old, l, 16) == 0;
	}
	buf_release(&u);
	return ok;
}

/* An issue whose record stands: its documents are prepared, nothing else. */
static void
take_cached(const struct run *r, size_t i, struct result *res,
    struct issue *is)
{
	res->ok = res->cached = 1;
	prep_docs(r, i, res);
	issue_free(is);
}

/*
 * An edited issue's articles as the last index holds them, from its
 * record of the last build (before this build replaces it).
 */
static void
old_docs(const struct run *r, size_t i, struct result *res)
{
	struct cache_rec rec;
	struct pdoc	 p;
	size_t		 k;

	if (cache_get_old(r->cache, r->plan[i].id, r->plan[i].date,
	    r->last.ihash[i], r->g, r->ts, &rec) == -1)
		return;
	res->old = xcalloc(rec.ne ? rec.ne : 1, sizeof(*res->old));
	for (k = 0; k < rec.ne; k++) {
		make_doc(&p, &rec.e[k], rec.text[k], rec.page, 1);
		res->old[k] = idx_prep(&p.doc);
		pdoc_release(&p);
	}
	res->nold = rec.ne;
	res->old_ok = 1;
	cache_rec_release(&rec);
}

/*
 * Whether issue i's search text is needed: not when the last index
 * stands, nor when it is patched but for the documents that share a
 * docs chunk with an edited one.
 */
static int
want_text(const struct run *r, size_t i)
{
	return !r->skip_index && (!r->patch || r->near[i]);
}

/* On a worker thread: read, cut and render issue i (or take its record). */
static void
work(void *ctx, void *w, size_t i)
{
	struct run	*r = ctx;
	struct result	*res = &r->res[i];
	struct cache_rec *rec = &res->rec;
	struct issue	*is = xcalloc(1, sizeof(*is));
	struct source	 src;
	struct fixes	 fx;
	struct seg_opts	 so = { r->g, r->ts, &fx, r->plan[i].id };
	struct buf	 b = BUF_INIT, bytes = BUF_INIT, log = BUF_INIT;
	uint64_t	 key = 0;
	size_t		 k;

	memset(&src, 0, sizeof(src));
	if (r->patch && r->edited[i] && i < r->last.n)
		old_docs(r, i, res);
	/*
	 * An incremental build's plan has read the file whole already: its
	 * hash says whether the record stands, and the file is read again
	 * only when it does not.
	 */
	if (r->want_ihash) {
		res->ihash = r->plan[i].ihash;
		key = issue_key(res->ihash, r->plan[i].id, r->t);
		if (cache_get(r->cache, r->plan[i].id, r->plan[i].date, key,
		    want_text(r, i), r->g, r->ts, rec) == 0) {
			if (pages_stand(r->cache, rec)) {
				take_cached(r, i, res, is);
				return;
			}
			cache_rec_release(rec);
		}
	}
	if (file_read(r->plan[i].path, &bytes) == -1) {
		diag_add(&is->diags, DIAG_ERROR, r->plan[i].path, 0, 0, "read",
		    "cannot read: %s; check the file's permissions", strerror(errno));
		goto out;
	}
	res->ihash = issue_ihash(&bytes, r->plan[i].path);
	key = issue_key(res->ihash, r->plan[i].id, r->t);
	if (!r->want_ihash && cache_get(r->cache, r->plan[i].id,
	    r->plan[i].date, key, 1, r->g, r->ts, rec) == 0) {
		if (pages_stand(r->cache, rec)) {
			buf_release(&bytes);
			take_cached(r, i, res, is);
			return;
		}
		cache_rec_release(rec);
	}
	if (issue_read_mem(r->plan[i].path, bytes.ptr, bytes.len, is, &src,
	    &is->diags) == -1)
		goto out;
	if (r->plan[i].dup)
		diag_add(&is->diags, DIAG_WARN, r->plan[i].path, 0, 0,
		    "duplicate-issue", "another file already has the id %s (same "
		    "date and page); this one is %s", r->plan[i].dup,
		    r->plan[i].id);
	fix_load(r->plan[i].path, &fx, &is->diags);
	seg_cut(is, &src, &so);
	fix_release(&fx);
	rec->e = xcalloc(is->narticles ? is->narticles : 1, sizeof(*rec->e));
	rec->text = xcalloc(is->narticles ? is->narticles : 1, sizeof(char *));
	render_log(w, &log);
	for (k = 0; k < is->narticles; k++) {
		entry_fill(&rec->e[k], is, k);
		rec->text[k] = search_text(&is->articles[k]);
	}
	/* The pages take their own entry and their neighbours' from rec->e. */
	for (k = 0; k < is->narticles; k++) {
		if (render_article(w, is, rec->e, &src, k, &is->diags) == 0)
			res->pages++;
		else
			res->failed++;
	}
	rec->ne = is->narticles;
	if (render_issue(w, is, rec->e, &src, &is->diags) == 0)
		res->pages++;
	else
		res->failed++;
	render_log(w, NULL);
	rec->page = is->page;
	rec->pages = buf_detach(&log);
	url_issue(&b, is);
	rec->sum.url = buf_detach(&b);
	issue_title(&b, is);
	rec->sum.title = buf_detach(&b);
	rec->sum.date = xdup(is->date);
	rec->sum.id = xstrdup(is->id);
	rec->sum.count = is->narticles;
	res->ok = 1;
out:
	/* The diagnostics go with the result; the rest of the issue goes. */
	rec->d = is->diags;
	memset(&is->diags, 0, sizeof(is->diags));
	rec->ihash = res->ihash;
	if (res->ok && res->failed == 0)
		cache_put(r->cache, r->plan[i].id, r->plan[i].date, key, rec);
	prep_docs(r, i, res);
	buf_release(&bytes);
	buf_release(&log);
	source_release(&src);
	issue_free(is);
}

static void progress(const struct state *, size_t, size_t);

/* Seconds since t0, for the phase timings --verbose prints. */
static double
since(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * Wall seconds since the start, and the CPU seconds of all threads: on a
 * shared machine the wall clock stretches, the CPU time much less.
 */
static void
phase(const struct state *s, const struct timespec *t0, const char *what)
{
	struct timespec	 cpu;
	struct rusage	 ru;

	if (!s->o->verbose)
		return;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "baokan: %7.2f s  %7.2f s CPU  %5ld MB peak  %s\n",
	    since(t0), (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9,
	    ru.ru_maxrss / 1024, what);
}

/* On the calling thread, in file order: keep what listings and search need. */
static void
done(void *ctx, size_t i)
{
	struct run	*r = ctx;
	struct state	*s = r->s;
	struct result	*res = &r->res[i];
	struct cache_rec *rec = &res->rec;
	struct pdoc	 p;
	size_t		 k;

	print_diags(s, &rec->d);
	if (!res->ok || rec->d.worst >= DIAG_ERROR)
		s->content_errors++;
	if (res->failed)
		diag_add(&s->d, DIAG_ERROR, r->plan[i].path, 0, 0, "render",
		    "%zu page(s) of this issue could not be rendered (see above)",
		    res->failed);
	r->ndocs[i] = rec->ne;
	/* A patch needs the documents numbered as in the last index. */
	if (r->patch && r->patch_ok && i < r->last.n &&
	    (rec->ne != r->last.ndocs[i] || (r->edited[i] &&
	    (!res->old_ok || res->nold != rec->ne))))
		r->patch_ok = 0;
	for (k = 0; k < rec->ne; k++) {
		if (s->ne == s->cape) {
			s->cape = s->cape ? s->cape * 2 : 256;
			s->e = xreallocarray(s->e, s->cape, sizeof(*s->e));
		}
		s->e[s->ne] = rec->e[k];
		if (r->patch && r->patch_ok && unchanged(r, i)) {
			make_doc(&p, &rec->e[k], NULL, rec->page, 0);
			idx_add_unchanged(s->idx, &p.doc);
			pdoc_release(&p);
		} else if (res->prep[k] == NULL)
			;
		else if (!r->patch)
			idx_add_prep(s->idx, res->prep[k]);
		else if (r->patch_ok) {
			idx_add_patched(s->idx, res->prep[k], res->old ?
			    res->old[k] : NULL);
			if (res->old)
				res->old[k] = NULL;
		} else
			idx_prep_free(res->prep[k]);
		res->prep[k] = NULL;
		s->ne++;
	}
	for (k = 0; k < res->nold; k++)
		idx_prep_free(res->old[k]);
	free(res->old);
	res->old = NULL;
	s->search_key = search_key(s->search_key, r->plan[i].id, res->ihash);
	r->plan[i].ihash = res->ihash;
	free(res->prep);
	res->prep = NULL;
	if (res->ok) {
		if (s->niss == s->capiss) {
			s->capiss = s->capiss ? s->capiss * 2 : 64;
			s->iss = xreallocarray(s->iss, s->capiss, sizeof(*s->iss));
		}
		s->iss[s->niss++] = rec->sum;
		memset(&rec->sum, 0, sizeof(rec->sum));
	}
	if (rec->pages)
		buf_puts(&s->manifest, rec->pages);
	/* A cached issue's pages are still the site's: count its lines. */
	if (res->cached && rec->pages)
		for (const char *c = rec->pages; (c = strchr(c, '\n')); c++)
			res->pages++;
	s->pages += res->pages;
	s->cached += res->cached;
	/* The entries moved to s->e; the record keeps nothing else. */
	rec->ne = 0;
	cache_rec_release(rec);
	progress(s, ++r->done, r->n);
}

/*
 * The plan file of the cache: "IHASH SIG DATE ID\tPATH" a line, SIG
 * file_sig()'s or "-" (read the file next time), DATE "-" for none; ID
 * as the file gave it, before plan_done() made it unique.
 */
static void
plan_write(const struct run *r, struct buf *b)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		buf_printf(b, "%016llx ", (unsigned long long)r->plan[i].ihash);
		if (r->plan[i].sig)
			buf_printf(b, "%016llx", (unsigned long long)r->plan[i].sig);
		else
			buf_putc(b, '-');
		buf_printf(b, " %s %s\t%s\n", r->plan[i].date ?
		    r->plan[i].date : "-", r->plan[i].dup ? r->plan[i].dup :
		    r->plan[i].id, r->plan[i].path);
	}
}

/* The lines of the last plan by path; the text is r->plan_text. */
static void
plan_read(struct run *r, const struct cache *cache)
{
	char	*l, *nl, *tab;

	if ((r->plan_text = cache_read(cache, "plan")) == NULL)
		return;
	r->old_plan = strmap_new();
	for (l = r->plan_text; (nl = strchr(l, '\n')) != NULL; l = nl + 1) {
		*nl = '\0';
		if ((tab = strchr(l, '\t')) != NULL)
			*strmap_slot(r->old_plan, tab + 1) = l;
	}
}

/*
 * A line of the last plan, "IHASH SIG DATE ID\tPATH": its hash and
 * signature (0 for "-"), and its id and date if want is 0 or its hash:
 * 0, or -1.
 */
static int
old_plan_line(const char *line, uint64_t want, uint64_t *ihash,
    uint64_t *sig, char **id, char **date)
{
	const char	*d, *sp, *tab = strchr(line, '\t');
	char		*end;

	*ihash = strtoull(line, &end, 16);
	if (end != line + 16 || *end != ' ' || (want && *ihash != want))
		return -1;
	d = end + 1;
	if (*d == '-' && d[1] == ' ') {
		*sig = 0;
		end = (char *)(uintptr_t)(d + 1);
	} else if ((*sig = strtoull(d, &end, 16)) == 0 || end != d + 16 ||
	    *end != ' ')
		return -1;
	d = end + 1;
	if ((sp = strchr(d, ' ')) == NULL || sp > tab || sp + 1 == tab)
		return -1;
	*date = strncmp(d, "- ", 2) == 0 ? NULL : xstrndup(d, (size_t)(sp - d));
	*id = xstrndup(sp + 1, (size_t)(tab - sp - 1));
	return 0;
}

/* SIG_SETTLE 2: seconds a file's time must be before the build's start. */
#define SIG_SETTLE 2

static int64_t
ns_of(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

/*
 * The signature of an issue file and its sidecar as stat() gives them
 * (size, modification and change times, inode; a write moves the change
 * time, whatever it does to the other), or 0 when either changed less than
 * SIG_SETTLE seconds before the build started: a file written again
 * within the clock's granularity keeps its time, and only its bytes
 * would tell (git's "racily clean" entries).  Same signature as in the
 * last plan: the file is taken as it was, without reading it.
 */
static uint64_t
file_sig(const char *path, const struct timespec *start)
{
	struct stat	 st[2];
	uint64_t	 v[2][5];
	int64_t		 settled;
	char		*fp;
	int		 k, have[2];

	settled = ns_of(start) - (int64_t)SIG_SETTLE * 1000000000;
	fp = fix_path(path);
	have[0] = stat(path, &st[0]) == 0;
	have[1] = stat(fp, &st[1]) == 0;
	free(fp);
	if (!have[0])
		return 0;
	memset(v, 0, sizeof(v));
	for (k = 0; k < 2; k++) {
		if (!have[k])
			continue;
		if (ns_of(&st[k].st_mtim) >= settled ||
		    ns_of(&st[k].st_ctim) >= settled)
			return 0;
		v[k][0] = (uint64_t)st[k].st_size;
		v[k][1] = (uint64_t)st[k].st_mtim.tv_sec;
		v[k][2] = (uint64_t)st[k].st_mtim.tv_nsec;
		v[k][3] = (uint64_t)st[k].st_ino;
		v[k][4] = (uint64_t)st[k].st_ctim.tv_sec << 30 ^
		    (uint64_t)st[k].st_ctim.tv_nsec;
	}
	return cache_hash(v, sizeof(v), CACHE_SEED) | 1;
}

/*
 * The id and date of issue i, from its front matter, file name or (only
 * when neither dates it) its text.  On any thread.
 */
static void
plan_one(void *ctx, void *w, size_t i)
{
	struct run	*r = ctx;
	struct issue	 is;
	struct source	 src;
	struct diags	 d = DIAGS_INIT;
	struct buf	 head = BUF_INIT;
	const char	*line = NULL;
	FILE		*fp;
	size_t		 got;
	uint64_t	 ihash, sig;

	(void)w;
	memset(&is, 0, sizeof(is));
	memset(&src, 0, sizeof(src));
	if (r->want_ihash && r->old_plan)
		line = strmap_get(r->old_plan, r->plan[i].path);
	/*
	 * Unchanged by its size and times: as the last plan had it.  (A full
	 * build takes the signature too: its work() hashes the bytes.)
	 */
	r->plan[i].sig = file_sig(r->plan[i].path, &r->start);
	if (r->want_ihash && r->plan[i].sig != 0 && line != NULL &&
	    old_plan_line(line, 0, &ihash, &sig, &r->plan[i].id,
	    &r->plan[i].date) == 0) {
		if (sig == r->plan[i].sig) {
			r->plan[i].ihash = ihash;
			return;
		}
		free(r->plan[i].id);
		free(r->plan[i].date);
		r->plan[i].id = r->plan[i].date = NULL;
	}
	/* Front matter sits at the top: the first bytes say the date. */
	buf_grow(&head, PLAN_HEAD_BYTES);
	if (r->want_ihash) {
		__atomic_add_fetch(&r->nread, 1, __ATOMIC_RELAXED);
		/* Whole, for the search key: the same bytes work() reads. */
		if (file_read(r->plan[i].path, &head) == 0) {
			r->plan[i].ihash = issue_ihash(&head, r->plan[i].path);
			/* As much as the fread() below would take. */
			if (head.len >= PLAN_HEAD_BYTES) {
				got = PLAN_HEAD_BYTES;
				while (got > 0 && head.ptr[got - 1] != '\n')
					got--;
				head.len = got;
				head.ptr[got] = '\0';
			}
		} else
			r->plan[i].sig = 0;
	} else if ((fp = fopen(r->plan[i].path, "rb")) != NULL) {
		got = fread(head.ptr, 1, PLAN_HEAD_BYTES, fp);
		/* Whole lines only: a cut character is no encoding error. */
		if (got == PLAN_HEAD_BYTES)
			while (got > 0 && head.ptr[got - 1] != '\n')
				got--;
		head.len = got;
		head.ptr[got] = '\0';
		fclose(fp);
	}
	/* A file as it was in the last build: its id and date as they were. */
	if (r->want_ihash && line != NULL && old_plan_line(line,
	    r->plan[i].ihash, &ihash, &sig, &r->plan[i].id,
	    &r->plan[i].date) == 0) {
		buf_release(&head);
		return;
	}
	/* Otherwise (no date there, or the head alone is not text) all of it. */
	if (issue_read_mem(r->plan[i].path, head.ptr, head.len, &is, &src,
	    &d) != 0 || is.date == NULL) {
		issue_release(&is);
		source_release(&src);
		memset(&is, 0, sizeof(is));
		if (issue_read(r->plan[i].path, &is, &src, &d) == 0 &&
		    is.date == NULL)
			date_infer(&is, &src);
		/* A file that cannot be read still needs a name. */
		if (is.path == NULL)
			is.path = xstrdup(r->plan[i].path);
		issue_set_id(&is);
	}
	r->plan[i].id = xstrdup(is.id ? is.id : "undated");
	r->plan[i].date = is.date ? xstrdup(is.date) : NULL;
	issue_release(&is);
	source_release(&src);
	diags_release(&d);
	buf_release(&head);
}

/* In file order: an id already taken gets -2, -3, ... */
static void
plan_done(void *ctx, size_t i)
{
	struct run	*r = ctx;
	struct buf	 b = BUF_INIT;
	void		**slot;
	int		 suffix;

	slot = strmap_slot(r->taken, r->plan[i].id);
	for (suffix = 2; *slot != NULL; suffix++) {
		buf_reset(&b);
		buf_printf(&b, "%s-%d", r->plan[i].id, suffix);
		slot = strmap_slot(r->taken, b.ptr);
		if (*slot == NULL) {
			r->plan[i].dup = r->plan[i].id;
			r->plan[i].id = xstrdup(b.ptr);
		}
	}
	*slot = (void *)1;
	buf_release(&b);
}

/*
 * Every issue's id, kept unique in file order: decided before any page
 * is written, so that pages link alike however the issues are spread
 * over threads.  The files are read on the pool; ids are taken in order.
 */
static void
plan_ids(struct run *r, int jobs)
{
	/* No worker state: plan_one() keeps nothing between files. */
	static const struct pool_fns fns = { NULL, NULL, plan_one, plan_done };
	size_t	 i;

	r->taken = strmap_new();
	pool_run(r->n, jobs, (size_t)jobs * WINDOW_PER_JOB, r, &fns);
	strmap_free(r->taken);
	r->taken = NULL;
	r->search_key = CACHE_SEED;
	for (i = 0; i < r->n; i++)
		r->search_key = search_key(r->search_key, r->plan[i].id,
		    r->plan[i].ihash);
}

/* ---- listings ----------------------------------------------------------- */

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
	/* 关于.md and 简介.md must not share a URL: issue_slug adds a digest. */
	issue_slug(&url, base, strlen(base) - 3);
	buf_puts(&url, ".html");
	md_html(body, strlen(body), s->c->markdown_html, &html);
	ctx = tv_map(NULL);
	doc = tv_map(NULL);
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

/* Hashes the bytes of a file into h; a missing file leaves h as it was. */
static uint64_t
hash_file(const char *path, uint64_t h)
{
	struct buf	 b = BUF_INIT;

	h = cache_hash(path, strlen(path) + 1, h);
	if (file_read(path, &b) == 0)
		h = cache_hash(b.ptr, b.len, h);
	buf_release(&b);
	return h;
}

/*
 * What every page depends on besides its issue: baokan itself (its code,
 * the gazetteer compiled in), site.conf, the templates and the assets.
 */
static uint64_t
global_key(const struct conf *c)
{
	uint64_t	 h = CACHE_SEED;

	h = hash_file("/proc/self/exe", h);
	h = hash_file(c->path ? c->path : "", h);
	h = cache_hash(c->content, strlen(c->content) + 1, h);
	/*
	 * Not the templates: a page's key holds those it is made of
	 * (tmpl_key), so a changed template renders again exactly the pages
	 * that use it.  Not the assets: they are copied every build, and
	 * only those whose bytes changed move into the site.
	 */
	return h;
}

/*
 * What the index's writer needs: its own manifest lines (added to the
 * build's when it is done, as it runs beside the listings), and the last
 * build's manifest.
 */
struct put_ctx {
	struct buf		 log;		/* "HASH - URL" lines */
	const struct cache	*cache;		/* valid, or NULL: write all */
};

/*
 * The search index's writer (idx_set_put): logs "HASH - URL" and writes
 * the file only when the site does not have these bytes already.  On one
 * thread at a time: done()'s, then index_thread()'s.
 */
static int
put_index_file(void *arg, const char *path, const char *rel, const void *p,
    size_t n)
{
	struct put_ctx	*pc = arg;
	const char	*old;
	char		 hash[17];

	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)
	    cache_hash(p, n, CACHE_SEED));
	buf_printf(&pc->log, "%s - %s\n", hash, rel);
	old = pc->cache ? cache_old_hash(pc->cache, rel) : NULL;
	if (old != NULL && strcmp(old, hash) == 0)
		return 0;
	return file_write(path, p, n);
}

/*
 * The last build's index stands (the same search key): its files stay as
 * they are, and its lines of the manifest are carried over.
 */
static void
keep_index(struct put_ctx *pc, const struct cache *cache)
{
	const char	*url;
	size_t		 i;

	for (i = 0; i < cache_old_count(cache); i++) {
		url = cache_old_url(cache, i);
		if (strncmp(url, "search/", 7) == 0)
			buf_printf(&pc->log, "%s - %s\n",
			    cache_old_hash(cache, url), url);
	}
}

/* The search index written on a thread of its own, beside the listings. */
struct index_job {
	struct idx	*idx;
	const char	*stage;
	struct diags	 d;		/* its diagnostics, added after the listings' */
	pthread_t	 th;
};

static void *
index_thread(void *arg)
{
	struct index_job *j = arg;

	if (idx_write(j->idx, j->stage, &j->d) == -1)
		diag_add(&j->d, DIAG_ERROR, j->stage, 0, 0, "index",
		    "the search index was not written");
	return NULL;
}

/* What a patch reads the last index with: the site, and its manifest. */
struct get_ctx {
	const char		*site;		/* the output folder */
	const struct cache	*cache;		/* the last build's */
};

/*
 * A file of the last index (idx_get_fn), only if its bytes are those the
 * last build wrote: a file changed by hand makes the index again.
 */
static int
get_last(void *arg, const char *rel, struct buf *b)
{
	struct get_ctx	*g = arg;
	struct buf	 url = BUF_INIT;
	const char	*want;
	char		*path, hash[17];
	int		 rc;

	buf_printf(&url, "search/%s", rel);
	path = path_join(g->site, url.ptr);
	rc = file_read(path, b);
	free(path);
	want = cache_old_hash(g->cache, url.ptr);
	buf_release(&url);
	if (rc == -1)
		return -1;
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)
	    cache_hash(b->ptr, b->len, CACHE_SEED));
	return want != NULL && strcmp(want, hash) == 0 ? 0 : -1;
}

/*
 * The index was patched: the files it did not write stay, and so do
 * their lines of the manifest (but the facet shards', which a patch
 * writes whole, as their number may change).
 */
static void
carry_index(struct put_ctx *pc, const struct cache *cache)
{
	struct strmap	*put = strmap_new();
	char		*log = xstrdup(pc->log.ptr ? pc->log.ptr : ""), *l, *nl;
	const char	*url;
	size_t		 i;

	for (l = log; (nl = strchr(l, '\n')) != NULL; l = nl + 1) {
		*nl = '\0';
		if (strlen(l) > 19)
			*strmap_slot(put, l + 19) = (void *)1;
	}
	for (i = 0; i < cache_old_count(cache); i++) {
		url = cache_old_url(cache, i);
		if (strncmp(url, "search/", 7) == 0 &&
		    strncmp(url, "search/f/", 9) != 0 &&
		    strmap_get(put, url) == NULL)
			buf_printf(&pc->log, "%s - %s\n",
			    cache_old_hash(cache, url), url);
	}
	strmap_free(put);
	free(log);
}

/*
 * The end of search-state: "issues N", then "IHASH NDOCS ID" a line, in
 * order; the part before it is the index's.  0, or -1.
 */
static int
last_read(struct last *l, char *text)
{
	char		*p, *end;
	size_t		 n, i;

	l->text = text;
	if ((p = strstr(text, "\nissues ")) == NULL)
		return -1;
	n = (size_t)strtoull(p + 8, &end, 10);
	if (*end != '\n' || n > SIZE_MAX / sizeof(char *) / 4)
		return -1;
	p[1] = '\0';
	l->idx = text;
	l->id = xcalloc(n ? n : 1, sizeof(*l->id));
	l->ihash = xcalloc(n ? n : 1, sizeof(*l->ihash));
	l->ndocs = xcalloc(n ? n : 1, sizeof(*l->ndocs));
	p = end + 1;
	for (i = 0; i < n; i++) {
		l->ihash[i] = strtoull(p, &end, 16);
		if (end != p + 16 || *end != ' ')
			return -1;
		l->ndocs[i] = (size_t)strtoull(end + 1, &p, 10);
		if (*p != ' ' || (end = strchr(p + 1, '\n')) == NULL)
			return -1;
		*end = '\0';
		l->id[i] = p + 1;
		p = end + 1;
		l->n = i + 1;
	}
	return 0;
}

static void
last_release(struct last *l)
{
	free(l->text);
	free(l->id);
	free(l->ihash);
	free(l->ndocs);
	memset(l, 0, sizeof(*l));
}

/*
 * The issues whose documents share a docs chunk with an edited issue's
 * (as the last index numbered them): their text is needed to write the
 * chunk again.
 */
static void
mark_near(struct run *r, const struct idx *x)
{
	size_t	*start, per = idx_chunk_docs(x), i, j, lo, hi;
	size_t	 n = r->last.n;

	r->near = xcalloc(r->n ? r->n : 1, 1);
	start = xcalloc(n + 1, sizeof(*start));
	for (i = 0; i < n; i++)
		start[i + 1] = start[i] + r->last.ndocs[i];
	for (i = 0; i < n; i++) {
		if (!r->edited[i] || r->last.ndocs[i] == 0)
			continue;
		lo = start[i] / per * per;
		hi = (start[i + 1] - 1) / per * per + per;
		for (j = i; j > 0 && start[j] > lo; j--)
			r->near[j - 1] = 1;
		for (j = i + 1; j < n && start[j] < hi; j++)
			r->near[j] = 1;
		r->near[i] = 1;
	}
	/* Added issues share the last index's last chunk, if it is not full. */
	for (i = n; i < r->n; i++)
		r->near[i] = 1;
	if (r->n > n)
		for (j = n; j > 0 && start[j] > start[n] / per * per; j--)
			r->near[j - 1] = 1;
	free(start);
}

/*
 * Whether the last index can be patched: the same issues in the same
 * order, a few of them edited.  If so the build's index becomes a
 * patching one, and the workers read the edited issues' old records.
 */
static void
patch_plan(struct run *r, struct state *s, struct put_ctx *pc,
    const struct cache *cache, struct get_ctx *g)
{
	struct idx	*x;
	char		*text = cache_old_state(cache);
	size_t		 i, docs = 0;

	if (text == NULL)
		return;
	if (last_read(&r->last, text) == -1 || r->last.n > r->n)
		return;
	r->edited = xcalloc(r->n ? r->n : 1, 1);
	for (i = 0; i < r->last.n; i++) {
		if (strcmp(r->last.id[i], r->plan[i].id) != 0)
			return;
		if (r->last.ihash[i] != r->plan[i].ihash) {
			r->edited[i] = 1;
			docs += r->last.ndocs[i];
		}
	}
	/* Issues after the last build's: added, as many as a page has. */
	for (; i < r->n; i++) {
		r->edited[i] = 1;
		docs += ADDED_DOCS;
	}
	if (docs > PATCH_MAX_DOCS ||
	    (x = idx_new_patch(s->stage, r->last.idx, get_last, g)) == NULL)
		return;
	mark_near(r, x);
	idx_set_put(x, put_index_file, pc);
	idx_free(s->idx);
	s->idx = x;
	r->patch = r->patch_ok = 1;
}

/*
 * The second pass of a refused patch: every issue's documents tokenised
 * for an index made whole, from its record (this build wrote those of
 * the edited issues); an issue without one is made again.
 */
static void
again_work(void *ctx, void *w, size_t i)
{
	struct run	*r = ctx;
	struct result	*res = &r->res[i];

	memset(res, 0, sizeof(*res));
	if (cache_get(r->cache, r->plan[i].id, r->plan[i].date,
	    issue_key(r->plan[i].ihash, r->plan[i].id, r->t), 1, r->g, r->ts,
	    &res->rec) == 0) {
		res->ok = 1;
		prep_docs(r, i, res);
		return;
	}
	work(ctx, w, i);
}

/* In order: the documents into the index; everything else was kept. */
static void
again_done(void *ctx, size_t i)
{
	struct run	*r = ctx;
	struct result	*res = &r->res[i];
	size_t		 k;

	for (k = 0; k < res->rec.ne; k++)
		if (res->prep[k] != NULL)
			idx_add_prep(r->s->idx, res->prep[k]);
	free(res->prep);
	res->prep = NULL;
	cache_rec_release(&res->rec);
}

/*
 * Adds "HASH - URL" of the files under stage/sub to the manifest; in an
 * incremental build a file whose bytes did not change leaves the staging
 * folder, so that the site's copy stays untouched.
 */
static void
manifest_tree(struct state *s, const struct cache *cache, const char *sub)
{
	struct files	 f = { NULL, 0, 0 };
	struct diags	 d = DIAGS_INIT;
	struct buf	 b = BUF_INIT;
	char		*dir = path_join(s->stage, sub);
	size_t		 i, n = strlen(s->stage) + 1;

	if (walk(dir, &f, &d) == 0)
		for (i = 0; i < f.n; i++) {
			char	 hash[17];
			const char *old;

			buf_reset(&b);
			if (file_read(f.v[i], &b) == -1)
				continue;
			snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)
			    cache_hash(b.ptr, b.len, CACHE_SEED));
			buf_printf(&s->manifest, "%s - %s\n", hash, f.v[i] + n);
			old = cache_valid(cache) ?
			    cache_old_hash(cache, f.v[i] + n) : NULL;
			if (old != NULL && strcmp(old, hash) == 0)
				unlink(f.v[i]);
		}
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	free(dir);
	diags_release(&d);
	buf_release(&b);
}

/* The URL of a manifest line "HASH CTX URL". */
static const char *
line_url(const char *l)
{
	const char	*sp = strchr(l, ' ');

	sp = sp ? strchr(sp + 1, ' ') : NULL;
	return sp ? sp + 1 : "";
}

/* A manifest line and its URL, found once before sorting. */
struct mline {
	const char	*url;
	const char	*line;
};

static int
cmp_mline(const void *a, const void *b)
{
	return strcmp(((const struct mline *)a)->url,
	    ((const struct mline *)b)->url);
}

/*
 * The manifest's lines sorted by URL, as one string; *urls (when not
 * NULL) gets every URL in that order, pointing into it (each ends at its
 * line's newline: url_cmp()), and *nurls their count.
 */
static void
manifest_sort(struct buf *m, const char ***urls, size_t *nurls)
{
	struct mline	*v = NULL;
	char		*p, *nl;
	size_t		 n = 0, i;
	struct buf	 out = BUF_INIT;

	for (p = m->ptr; *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		v = xgrow(v, n, sizeof(*v));
		v[n].line = p;
		v[n++].url = line_url(p);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_mline);
	buf_grow(&out, m->len);
	for (i = 0; i < n; i++) {
		buf_puts(&out, v[i].line);
		buf_putc(&out, '\n');
	}
	free(v);
	buf_release(m);
	*m = out;
	if (urls == NULL)
		return;
	*urls = xcalloc(n ? n : 1, sizeof(**urls));
	*nurls = 0;
	for (p = m->ptr; *nurls < n && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		(*urls)[(*nurls)++] = line_url(p);
		*nl = '\n';
	}
}

/* strcmp() of a URL ending at a newline (manifest_sort()) and a string. */
static int
url_cmp(const char *nl_ended, const char *s)
{
	const unsigned char	*a = (const unsigned char *)nl_ended;
	const unsigned char	*b = (const unsigned char *)s;

	while (*a != '\n' && *b != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (*a == '\n' ? 0 : *a) - *b;
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * An incremental build's commit: files whose bytes did not change leave
 * the staging folder untouched in the site; the others move in; pages
 * the build no longer makes go.  Returns the files changed, or -1.
 */
static long
commit_changes(struct state *s, const struct cache *cache,
    const char **now, size_t nnow)
{
	struct files	 f = { NULL, 0, 0 };
	struct diags	 d = DIAGS_INIT;
	const char	**old;
	char		*dst, *slash;
	size_t		 i, j, n = strlen(s->stage) + 1;
	long		 changed = 0;

	/* Unchanged files were never written to staging (render_keep). */
	if (walk(s->stage, &f, &d) == -1)
		goto fail;
	if (f.n > 1)
		qsort(f.v, f.n, sizeof(char *), cmp_str);
	for (i = 0; i < f.n; i++) {
		dst = path_join(s->c->output, f.v[i] + n);
		if ((slash = strrchr(dst, '/')) != NULL) {
			*slash = '\0';
			mkdir_p(dst);
			*slash = '/';
		}
		if (rename(f.v[i], dst) == -1) {
			fprintf(stderr, "baokan: cannot move %s to %s: %s\n", f.v[i],
			    dst, strerror(errno));
			free(dst);
			goto fail;
		}
		free(dst);
		changed++;
	}
	/*
	 * The old URLs and the new, both sorted, walked side by side: an old
	 * one the new manifest lacks is a page no longer made.  (A strmap of
	 * the new ones took 100 MB at a million articles.)
	 */
	old = xcalloc(cache_old_count(cache) + 1, sizeof(*old));
	for (i = 0; i < cache_old_count(cache); i++)
		old[i] = cache_old_url(cache, i);
	for (i = 1; i < cache_old_count(cache); i++)
		if (strcmp(old[i - 1], old[i]) > 0) {
			qsort(old, cache_old_count(cache), sizeof(*old), cmp_strp);
			break;
		}
	for (i = j = 0; i < cache_old_count(cache); i++) {
		while (j < nnow && url_cmp(now[j], old[i]) < 0)
			j++;
		if (j < nnow && url_cmp(now[j], old[i]) == 0)
			continue;
		dst = path_join(s->c->output, old[i]);
		if (unlink(dst) == 0)
			changed++;
		free(dst);
	}
	free(old);
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	diags_release(&d);
	rm_rf(s->stage);
	return changed;
fail:
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	diags_release(&d);
	return -1;
}

int
build_run(const struct conf *c, const struct build_opts *o)
{
	struct state	 s;
	struct files	 f = { NULL, 0, 0 };
	struct tmpl_set	*t = NULL;
	struct gaz	*g = NULL;
	struct topic_set *ts = NULL;
	struct timespec	 t0, t1;
	struct run	 run;
	struct put_ctx	 ictx;
	struct get_ctx	 gctx;
	struct index_job ijob;
	struct buf	 state = BUF_INIT, plan = BUF_INIT, why = BUF_INIT;
	char		*refused = NULL;
	int		 patched = 0, index_done = 0;
	struct cache	*cache = NULL;
	const char	**now = NULL;
	size_t		 nnow = 0;
	uint64_t	 gkey = 0;
	size_t		 i;
	long		 changed = -1;
	size_t		 rendered = 0;
	char		*old = NULL, *assets = NULL;
	int		 rc = 3;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&run, 0, sizeof(run));
	clock_gettime(CLOCK_REALTIME, &run.start);
	memset(&s, 0, sizeof(s));
	buf_init(&s.manifest);
	buf_init(&ictx.log);
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
	if (f.n > 1)
		qsort(f.v, f.n, sizeof(char *), cmp_str);
	phase(&s, &t0, "templates loaded, content listed");
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
	gkey = global_key(c);
	cache = cache_open(c->output, gkey, o->clean);
	phase(&s, &t0, cache_valid(cache) ? "cache of the last build found: "
	    "an incremental build" : "no usable cache: a full build");
	s.r = render_new(c, t, s.stage);
	render_log(s.r, &s.manifest);
	render_keep(s.r, cache);
	s.idx = idx_new_at(s.stage);
	ictx.cache = cache_valid(cache) ? cache : NULL;
	idx_set_put(s.idx, put_index_file, &ictx);
	run.s = &s;
	run.g = g;
	run.ts = ts;
	run.t = t;
	run.cache = cache;
	run.plan = xcalloc(f.n ? f.n : 1, sizeof(*run.plan));
	for (i = 0; i < f.n; i++)
		if (ends_with(f.v[i], ".txt"))
			run.plan[run.n++].path = f.v[i];
	/* An incremental build reads each file whole now, for the search key. */
	run.want_ihash = cache_valid(cache);
	if (run.want_ihash)
		plan_read(&run, cache);
	plan_ids(&run, o->jobs > 0 ? o->jobs : pool_cpus());
	cache_ready(cache);
	s.search_key = CACHE_SEED;
	if (cache_valid(cache) && cache_old_search(cache) == run.search_key)
		run.skip_index = 1;
	gctx.site = c->output;
	gctx.cache = cache;
	if (cache_valid(cache) && !run.skip_index)
		patch_plan(&run, &s, &ictx, cache, &gctx);
	buf_printf(&why, "issue ids planned (%zu of %zu files read)%s",
	    run.want_ihash ? run.nread : run.n, run.n, run.skip_index ?
	    "; the search documents are as in the last build: its index "
	    "stands" : run.patch ? "; a few issues edited: the last index "
	    "is patched" : "");
	phase(&s, &t0, why.ptr);
	buf_reset(&why);
	run.res = xcalloc(run.n ? run.n : 1, sizeof(*run.res));
	run.ndocs = xcalloc(run.n ? run.n : 1, sizeof(*run.ndocs));
	{
		static const struct pool_fns fns = { worker_new, worker_free,
		    work, done };
		int jobs = o->jobs > 0 ? o->jobs : pool_cpus();
		pool_run(run.n, jobs, (size_t)jobs * WINDOW_PER_JOB, &run, &fns);
	}
	phase(&s, &t0, "issues parsed, rendered and indexed");
	memset(&ijob.d, 0, sizeof(ijob.d));
	ijob.d.worst = DIAG_NOTE;
	if (run.patch) {
		/* A patch is quick: written now, or refused and made whole. */
		switch (run.patch_ok ? idx_write(s.idx, s.stage, &ijob.d) : 1) {
		case 0:
			patched = index_done = 1;
			carry_index(&ictx, cache);
			phase(&s, &t0, "search index patched");
			break;
		case 1:
			if (run.patch_ok && idx_patch_refused(s.idx) != NULL)
				refused = xstrdup(idx_patch_refused(s.idx));
			buf_reset(&ictx.log);
			idx_free(s.idx);
			s.idx = idx_new_at(s.stage);
			idx_set_put(s.idx, put_index_file, &ictx);
			run.patch = 0;
			{
				static const struct pool_fns fns = { worker_new,
				    worker_free, again_work, again_done };
				int jobs = o->jobs > 0 ? o->jobs : pool_cpus();
				pool_run(run.n, jobs, (size_t)jobs *
				    WINDOW_PER_JOB, &run, &fns);
			}
			buf_printf(&why, "the patch was refused (%s): issues "
			    "indexed again", refused ? refused : "an issue's "
			    "articles changed in number");
			phase(&s, &t0, why.ptr);
			break;
		default:
			index_done = 1;	/* the error is in ijob.d */
		}
	}
	/* The index has all it needs: it is written while the listings render. */
	ijob.idx = s.idx;
	ijob.stage = s.stage;
	if (run.skip_index)
		keep_index(&ictx, cache);
	else if (!index_done && (errno = pthread_create(&ijob.th, NULL,
	    index_thread, &ijob)) != 0)
		die("cannot start a thread: %s", strerror(errno));
	list_write(&s);
	phase(&s, &t0, "listings written");
	for (i = 0; i < f.n; i++)
		if (ends_with(f.v[i], ".md") && !ends_with(f.v[i], "/README.md"))
			markdown_page(&s, f.v[i]);
	assets = path_join(s.stage, "assets");
	{
		size_t na = 0;
		copy_tree(c->assets, assets, &s.d, &na);
	}
	phase(&s, &t0, "pages and assets written");
	if (!run.skip_index && !index_done)
		pthread_join(ijob.th, NULL);
	diags_append(&s.d, &ijob.d);
	diags_release(&ijob.d);
	buf_put(&s.manifest, ictx.log.ptr, ictx.log.len);
	phase(&s, &t0, "search index written");
	manifest_tree(&s, cache, "assets");
	manifest_sort(&s.manifest, &now, &nnow);
	diag_print(&s.d, stderr);
	if (s.d.worst >= DIAG_ERROR) {
		fprintf(stderr, "baokan: build failed; %s is left as it was "
		    "(the partial site is in %s)\n", c->output, s.stage);
		/* Any error writing the site is an I/O failure, whatever came first. */
		rc = 2;
		for (i = 0; i < s.d.n; i++)
			if (s.d.v[i].sev == DIAG_ERROR &&
			    (strcmp(s.d.v[i].code, "write") == 0 ||
			    strcmp(s.d.v[i].code, "index") == 0))
				rc = 3;
		goto out;
	}
	if (o->strict && s.content_errors) {
		fprintf(stderr, "baokan: %d content error(s) with --strict; %s is "
		    "left as it was\n", s.content_errors, c->output);
		rc = 1;
		goto out;
	}
	if (cache_valid(cache)) {
		/* Incremental: only what changed moves in. */
		rendered = render_count(s.r);
		if ((changed = commit_changes(&s, cache, now, nnow)) == -1)
			goto out;
		phase(&s, &t0, "changed files moved in");
	} else {
		/* Full: swap the new site in whole. */
		if (rm_rf(old) == -1 || (access(c->output, F_OK) == 0 &&
		    rename(c->output, old) == -1) || rename(s.stage, c->output) == -1) {
			fprintf(stderr, "baokan: cannot move %s to %s: %s\n", s.stage,
			    c->output, strerror(errno));
			goto out;
		}
		rm_rf(old);
	}
	/*
	 * An issue file changed between the plan and its reading: the index
	 * kept is not that of the pages made.  No search key then, and the
	 * next build makes the index again.
	 */
	if (run.skip_index && s.search_key != run.search_key)
		s.search_key = 0;
	/* What a patch of this index will need (unless the last one stands). */
	if (!run.skip_index) {
		idx_state(s.idx, &state);
		buf_printf(&state, "issues %zu\n", run.n);
		for (i = 0; i < run.n; i++)
			buf_printf(&state, "%016llx %zu %s\n", (unsigned long long)
			    run.plan[i].ihash, run.ndocs[i], run.plan[i].id);
	}
	buf_reset(&plan);
	plan_write(&run, &plan);
	if (cache_write(cache, "plan", plan.ptr ? plan.ptr : "") == -1)
		fprintf(stderr, "baokan: %s: cannot write the cache (%s)\n",
		    cache_dir(cache), strerror(errno));
	if (cache_commit(cache, gkey, s.search_key, s.manifest.ptr,
	    run.skip_index ? NULL : state.ptr) == -1)
		fprintf(stderr, "baokan: %s: cannot write the cache (%s); the next "
		    "build will be a full one\n", cache_dir(cache), strerror(errno));
	phase(&s, &t0, "cache written");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet) {
		printf("%s/index.html\nbaokan: %zu issues, %zu articles, %zu pages "
		    "in %.2f s", c->output, s.niss, s.ne, s.pages,
		    (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		if (changed >= 0)
			printf(" (incremental: %zu issues unchanged, %ld files "
			    "changed, %zu pages rendered%s)", s.cached, changed,
			    rendered, run.skip_index ? "; search index kept" :
			    patched ? "; search index patched" : "");
		printf("\n");
	}
	rc = 0;
out:
	for (i = 0; i < run.n; i++) {
		free(run.plan[i].id);
		free(run.plan[i].dup);
		free(run.plan[i].date);
	}
	free(run.plan);
	free(run.res);
	free(run.ndocs);
	free(run.edited);
	free(run.near);
	last_release(&run.last);
	free(run.plan_text);
	strmap_free(run.old_plan);
	buf_release(&state);
	buf_release(&plan);
	buf_release(&why);
	free(refused);
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
	buf_release(&s.manifest);
	buf_release(&ictx.log);
	free(now);
	cache_free(cache);
	return rc;
}
