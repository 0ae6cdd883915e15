/*
 * cache.c: the records of an incremental build.  A record is a flat run
 * of little-endian u32 lengths and bytes; reading checks every length
 * against what is left, so a torn or foreign file is refused, not trusted.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#include "buf.h"
#include "cache.h"
#include "gaz.h"
#include "strmap.h"
#include "topic.h"
#include "util.h"

/* RECORD_MAGIC: the format; a record of another format is not read. */
#define RECORD_MAGIC "baokan-issue-record 2\n"

struct cache {
	char		*dir;		/* .baokan-cache/NAME */
	int		 valid;		/* same key as the last build */
	struct strmap	*old;		/* url -> hash, from the manifest */
	char		**urls;		/* the manifest's urls, in order */
	size_t		 nurls;
	char		*manifest;	/* its text; keys and values point in */
	uint64_t	 search;	/* the last build's search key, 0 if none */
	pthread_t	 th;		/* parse_manifest(), until cache_ready() */
	int		 parsing;	/* th runs or is not joined yet */
};

/* The manifest's lines into c->old and c->urls ("HASH CTX URL" a line). */
static void *
parse_manifest(void *arg)
{
	struct cache	*c = arg;
	char		*l, *nl, *sp;

	for (l = c->manifest; *l; l = nl + 1) {
		if ((nl = strchr(l, '\n')) == NULL)
			break;
		*nl = '\0';
		/* 16 hex digits, then the context's 16 or "-". */
		if ((sp = strchr(l, ' ')) == NULL ||
		    (sp = strchr(sp + 1, ' ')) == NULL || sp - l < 18)
			continue;
		l[16] = '\0';
		*sp = '\0';
		*strmap_slot(c->old, sp + 1) = l;
		c->urls = xgrow(c->urls, c->nurls, sizeof(char *));
		c->urls[c->nurls++] = sp + 1;
	}
	return NULL;
}

void
cache_ready(struct cache *c)
{
	if (c->parsing) {
		pthread_join(c->th, NULL);
		c->parsing = 0;
	}
}

/* The manifest is read: a use before cache_ready() is a bug. */
static const struct cache *
parsed(const struct cache *c)
{
	if (c->parsing)
		die("the cache's manifest used before cache_ready()");
	return c;
}

/*
 * XXH3 (libxxhash): a build hashes every page it makes, about a
 * gigabyte at 100,000 articles; a word-at-a-time loop of our own was 3%
 * of a build's CPU, XXH3 is about ten times faster.
 */
uint64_t
cache_hash(const void *p, size_t n, uint64_t h)
{
	return XXH3_64bits_withSeed(p, n, h);
}

static char *
dir_for(const char *output)
{
	struct buf	 b = BUF_INIT;
	const char	*slash = strrchr(output, '/');
	size_t		 n = strlen(output);

	while (n > 1 && output[n - 1] == '/')
		n--;
	slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (output[i] == '/')
			slash = output + i;
	if (slash) {
		buf_put(&b, output, (size_t)(slash - output) + 1);
		buf_puts(&b, ".baokan-cache/");
		buf_put(&b, slash + 1, n - (size_t)(slash - output) - 1);
	} else {
		buf_puts(&b, ".baokan-cache/");
		buf_put(&b, output, n);
	}
	return buf_detach(&b);
}

struct cache *
cache_open(const char *output, uint64_t key, int clean)
{
	struct cache	*c = xcalloc(1, sizeof(*c));
	struct buf	 b = BUF_INIT;
	char		*p, want[32];

	c->dir = dir_for(output);
	c->old = strmap_new();
	if (clean)
		return c;
	p = path_join(c->dir, "key");
	snprintf(want, sizeof(want), "%016llx\n", (unsigned long long)key);
	if (file_read(p, &b) == 0 && strcmp(b.ptr, want) == 0 &&
	    access(output, F_OK) == 0) {
		free(p);
		buf_reset(&b);
		p = path_join(c->dir, "search");
		if (file_read(p, &b) == 0 && b.len == 17 && b.ptr[16] == '\n')
			c->search = strtoull(b.ptr, NULL, 16);
		free(p);
		buf_reset(&b);
		p = path_join(c->dir, "manifest");
		if (file_read(p, &b) == 0) {
			c->valid = 1;
			/* Keys point into the text; a line is some 90 bytes. */
			strmap_free(c->old);
			c->old = strmap_new_borrow(b.len / 64);
			c->manifest = buf_detach(&b);
			/* Parsed while the build plans (0.1 s at 160,000 pages). */
			if ((errno = pthread_create(&c->th, NULL, parse_manifest,
			    c)) != 0)
				die("cannot start a thread: %s", strerror(errno));
			c->parsing = 1;
		}
	}
	free(p);
	buf_release(&b);
	return c;
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	cache_ready(c);
	strmap_free(c->old);
	free(c->urls);
	free(c->manifest);
	free(c->dir);
	free(c);
}

int cache_valid(const struct cache *c) { return c->valid; }
const char *cache_dir(const struct cache *c) { return c->dir; }
size_t cache_old_count(const struct cache *c) { return parsed(c)->nurls; }
const char *cache_old_url(const struct cache *c, size_t i) { return parsed(c)->urls[i]; }

const char *
cache_old_hash(const struct cache *c, const char *url)
{
	return c != NULL ? strmap_get(parsed(c)->old, url) : NULL;
}

const char *
cache_old_ctx(const struct cache *c, const char *url)
{
	const char	*h = cache_old_hash(c, url);

	return h != NULL ? h + 17 : NULL;
}

static char *
rec_path(const struct cache *c, const char *id, const char *date)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s/issues/%.4s/%s", c->dir, date ? date : "none", id);
	return buf_detach(&b);
}

/* ---- writing ------------------------------------------------------------- */

static void
put_u32(struct buf *b, uint32_t v)
{
	unsigned char	 t[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
	    (v >> 24) & 0xff };

	buf_put(b, t, 4);
}

/* A string, NULL kept apart from "". */
static void
put_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		put_u32(b, 0xffffffffu);
		return;
	}
	put_u32(b, (uint32_t)strlen(s));
	buf_puts(b, s);
}

int
cache_put(const struct cache *c, const char *id, const char *date,
    uint64_t key, const struct cache_rec *r)
{
	struct buf	 b = BUF_INIT;
	char		*p, *tmp;
	size_t		 i, k;
	int		 rc;

	buf_puts(&b, RECORD_MAGIC);
	put_u32(&b, (uint32_t)(key & 0xffffffffu));
	put_u32(&b, (uint32_t)(key >> 32));
	put_u32(&b, (uint32_t)(r->ihash & 0xffffffffu));
	put_u32(&b, (uint32_t)(r->ihash >> 32));
	put_u32(&b, (uint32_t)r->page);
	put_str(&b, r->sum.url);
	put_str(&b, r->sum.title);
	put_str(&b, r->sum.date);
	put_str(&b, r->sum.id);
	put_u32(&b, (uint32_t)r->sum.count);
	put_str(&b, r->pages);
	put_u32(&b, (uint32_t)r->d.n);
	for (i = 0; i < r->d.n; i++) {
		put_str(&b, r->d.v[i].file);
		put_u32(&b, r->d.v[i].line);
		put_u32(&b, r->d.v[i].col);
		put_u32(&b, (uint32_t)r->d.v[i].sev);
		put_str(&b, r->d.v[i].code);
		put_str(&b, r->d.v[i].msg);
	}
	put_u32(&b, (uint32_t)r->ne);
	for (i = 0; i < r->ne; i++) {
		const struct entry *e = &r->e[i];
		put_str(&b, e->id);
		put_str(&b, e->url);
		put_str(&b, e->title);
		put_str(&b, e->kicker);
		put_str(&b, e->subtitle);
		put_str(&b, e->date);
		put_str(&b, e->issue_url);
		put_str(&b, e->issue_title);
		put_str(&b, e->excerpt);
		put_str(&b, e->authors_text);
		put_u32(&b, (uint32_t)e->kind);
		put_u32(&b, (uint32_t)e->nregions);
		for (k = 0; k < e->nregions; k++) {
			put_str(&b, e->regions[k].province ? e->regions[k].province->code : NULL);
			put_str(&b, e->regions[k].city ? e->regions[k].city->code : NULL);
			put_str(&b, e->regions[k].county ? e->regions[k].county->code : NULL);
		}
		put_u32(&b, (uint32_t)e->ntopics);
		for (k = 0; k < e->ntopics; k++)
			put_str(&b, e->topics[k]);
		put_u32(&b, (uint32_t)e->nauthors);
		for (k = 0; k < e->nauthors; k++)
			put_str(&b, e->authors[k]);
		put_str(&b, r->text[i]);
	}
	p = rec_path(c, id, date);
	tmp = xmalloc(strlen(p) + 5);
	snprintf(tmp, strlen(p) + 5, "%s.tmp", p);
	/* Written aside and renamed: a record is whole or absent. */
	rc = file_write(tmp, b.ptr, b.len) == 0 && rename(tmp, p) == 0 ? 0 : -1;
	free(tmp);
	free(p);
	buf_release(&b);
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

struct rd {
	const unsigned char	*p, *e;
	int			 bad;
};

static uint32_t
get_u32(struct rd *r)
{
	uint32_t	 v;

	if (r->bad || r->e - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
	    (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static char *
get_str(struct rd *r)
{
	uint32_t	 n = get_u32(r);
	char		*s;

	if (r->bad || n == 0xffffffffu)
		return NULL;
	if ((size_t)(r->e - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)r->p, n);
	r->p += n;
	return s;
}

/* Past a string that is not wanted. */
static void
skip_str(struct rd *r)
{
	uint32_t	 n = get_u32(r);

	if (r->bad || n == 0xffffffffu)
		return;
	if ((size_t)(r->e - r->p) < n)
		r->bad = 1;
	else
		r->p += n;
}

/* MAX_RECORD_ITEMS 1000000: more than any page holds; beyond is damage. */
#define MAX_RECORD_ITEMS 1000000

static size_t
get_count(struct rd *r, size_t max)
{
	uint32_t	 n = get_u32(r);

	if (n > max) {
		r->bad = 1;
		return 0;
	}
	return n;
}

static int get_rec(const struct cache *, const char *, const char *,
    uint64_t, int, int, const struct gaz *, const struct topic_set *,
    struct cache_rec *);

int
cache_get(const struct cache *c, const char *id, const char *date,
    uint64_t key, int text, const struct gaz *g, const struct topic_set *ts,
    struct cache_rec *out)
{
	return get_rec(c, id, date, key, 0, text, g, ts, out);
}

int
cache_get_old(const struct cache *c, const char *id, const char *date,
    uint64_t ihash, const struct gaz *g, const struct topic_set *ts,
    struct cache_rec *out)
{
	return get_rec(c, id, date, ihash, 1, 1, g, ts, out);
}

/* ENTRY_FIELDS 10: the strings of an entry before its kind. */
#define ENTRY_FIELDS 10
/* CODE_MAX 64: a region code or topic slug is a few letters and digits. */
#define CODE_MAX 64

/* A string of at most CODE_MAX - 1 bytes into c; 0, or -1 for NULL. */
static int
get_code(struct rd *r, char c[CODE_MAX])
{
	uint32_t	 n = get_u32(r);

	if (r->bad || n == 0xffffffffu)
		return -1;
	if (n >= CODE_MAX || (size_t)(r->e - r->p) < n) {
		r->bad = 1;
		return -1;
	}
	memcpy(c, r->p, n);
	c[n] = '\0';
	r->p += n;
	return 0;
}

/*
 * One entry, its strings read straight into the one block entry_pack()
 * would make: a first pass sizes it, the second fills it.  (String by
 * string, then packed, it was two allocations and a copy a string.)
 */
static void
get_entry(struct rd *r, struct entry *e, const struct gaz *g,
    const struct topic_set *ts)
{
	char		**fields[ENTRY_FIELDS] = { &e->id, &e->url, &e->title,
	    &e->kicker, &e->subtitle, &e->date, &e->issue_url,
	    &e->issue_title, &e->excerpt, &e->authors_text };
	struct rd	 sz = *r;
	size_t		 bytes = 0, k, na, nr, nt;
	uint32_t	 len;
	char		 code[CODE_MAX], *p;
	int		 l;

	for (k = 0; k < ENTRY_FIELDS; k++)
		if ((len = get_u32(&sz)) != 0xffffffffu) {
			if (len > (size_t)(sz.e - sz.p)) {
				sz.bad = 1;
				break;
			}
			bytes += (size_t)len + 1;
			sz.p += len;
		}
	(void)get_u32(&sz);
	nr = get_count(&sz, MAX_ENTRY_REGIONS);
	for (k = 0; k < 3 * nr; k++)
		skip_str(&sz);
	nt = get_count(&sz, MAX_TOPICS);
	for (k = 0; k < nt; k++)
		skip_str(&sz);
	na = get_count(&sz, MAX_RECORD_ITEMS);
	for (k = 0; k < na && !sz.bad; k++) {
		if ((len = get_u32(&sz)) == 0xffffffffu ||
		    len > (size_t)(sz.e - sz.p)) {
			sz.bad = 1;	/* a name is never NULL */
			break;
		}
		bytes += (size_t)len + 1;
		sz.p += len;
	}
	if (sz.bad) {
		r->bad = 1;
		return;
	}
	e->mem = xmalloc((na + 1) * sizeof(char *) + bytes);
	e->authors = (char **)(void *)e->mem;
	p = e->mem + (na + 1) * sizeof(char *);
	for (k = 0; k < ENTRY_FIELDS; k++)
		if ((len = get_u32(r)) != 0xffffffffu) {
			memcpy(p, r->p, len);
			p[len] = '\0';
			*fields[k] = p;
			p += len + 1;
			r->p += len;
		}
	e->kind = (enum art_kind)get_count(r, KIND_OTHER);
	e->nregions = get_count(r, MAX_ENTRY_REGIONS);
	for (k = 0; k < e->nregions && !r->bad; k++) {
		const struct gaz_unit **u[3] = { &e->regions[k].province,
		    &e->regions[k].city, &e->regions[k].county };
		for (l = 0; l < 3; l++)
			if (get_code(r, code) == 0 &&
			    (*u[l] = gaz_by_code(g, code)) == NULL)
				r->bad = 1;	/* another gazetteer */
	}
	e->ntopics = get_count(r, MAX_TOPICS);
	for (k = 0; k < e->ntopics && !r->bad; k++)
		if (get_code(r, code) == -1 ||
		    (e->topics[k] = topic_slug(ts, code)) == NULL)
			r->bad = 1;	/* another taxonomy */
	e->nauthors = get_count(r, MAX_RECORD_ITEMS);
	for (k = 0; k < e->nauthors; k++) {
		len = get_u32(r);
		memcpy(p, r->p, len);
		p[len] = '\0';
		e->authors[k] = p;
		p += len + 1;
		r->p += len;
	}
	e->authors[e->nauthors] = NULL;
	if (!r->bad)
		entry_packed(e);
}

/* The record of id if its key (by_ihash: its ihash) is want. */
static int
get_rec(const struct cache *c, const char *id, const char *date,
    uint64_t want, int by_ihash, int text, const struct gaz *g,
    const struct topic_set *ts, struct cache_rec *out)
{
	struct buf	 b = BUF_INIT;
	struct rd	 r;
	char		*p;
	size_t		 i, n;
	uint64_t	 got;

	memset(out, 0, sizeof(*out));
	if (!c->valid)
		return -1;
	p = rec_path(c, id, date);
	if (file_read(p, &b) == -1 || b.len < strlen(RECORD_MAGIC) ||
	    memcmp(b.ptr, RECORD_MAGIC, strlen(RECORD_MAGIC)) != 0) {
		free(p);
		buf_release(&b);
		return -1;
	}
	free(p);
	r.p = (const unsigned char *)b.ptr + strlen(RECORD_MAGIC);
	r.e = (const unsigned char *)b.ptr + b.len;
	r.bad = 0;
	got = get_u32(&r);
	got |= (uint64_t)get_u32(&r) << 32;
	out->ihash = get_u32(&r);
	out->ihash |= (uint64_t)get_u32(&r) << 32;
	if (r.bad || (by_ihash ? out->ihash : got) != want) {
		buf_release(&b);
		return -1;
	}
	out->page = (int)get_u32(&r);
	out->sum.url = get_str(&r);
	out->sum.title = get_str(&r);
	out->sum.date = get_str(&r);
	out->sum.id = get_str(&r);
	out->sum.count = get_u32(&r);
	out->pages = get_str(&r);
	n = get_count(&r, MAX_RECORD_ITEMS);
	for (i = 0; i < n && !r.bad; i++) {
		char *file = get_str(&r);
		unsigned line = get_u32(&r), col = get_u32(&r);
		enum diag_sev sev = (enum diag_sev)get_u32(&r);
		char *code = get_str(&r), *msg = get_str(&r);
		if (!r.bad && sev <= DIAG_ERROR)
			diag_add(&out->d, sev, file, line, col, code, "%s", msg ? msg : "");
		free(file);
		free(code);
		free(msg);
	}
	n = get_count(&r, MAX_RECORD_ITEMS);
	out->e = xcalloc(n ? n : 1, sizeof(*out->e));
	out->text = xcalloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n && !r.bad; i++) {
		get_entry(&r, &out->e[i], g, ts);
		if (text)
			out->text[i] = get_str(&r);
		else
			skip_str(&r);
		out->ne = i + 1;
	}
	buf_release(&b);
	if (r.bad || out->ne != n || out->sum.url == NULL) {
		cache_rec_release(out);
		return -1;
	}
	return 0;
}

void
cache_rec_release(struct cache_rec *r)
{
	size_t	 i;

	for (i = 0; i < r->ne; i++) {
		entry_release(&r->e[i]);
		free(r->text[i]);
	}
	free(r->e);
	free(r->text);
	free(r->sum.url);
	free(r->sum.title);
	free(r->sum.date);
	free(r->sum.id);
	free(r->pages);
	diags_release(&r->d);
	memset(r, 0, sizeof(*r));
}

uint64_t
cache_old_search(const struct cache *c)
{
	return c->valid ? c->search : 0;
}

char *
cache_read(const struct cache *c, const char *name)
{
	struct buf	 b = BUF_INIT;
	char		*p;
	int		 rc;

	if (!c->valid)
		return NULL;
	p = path_join(c->dir, name);
	rc = file_read(p, &b);
	free(p);
	if (rc == -1) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

int
cache_write(const struct cache *c, const char *name, const char *text)
{
	char	*p = path_join(c->dir, name);
	int	 rc = file_write(p, text, strlen(text));

	free(p);
	return rc;
}

char *
cache_old_state(const struct cache *c)
{
	struct buf	 b = BUF_INIT;
	char		*p;

	if (!c->valid || c->search == 0)
		return NULL;
	p = path_join(c->dir, "search-state");
	if (file_read(p, &b) == -1) {
		free(p);
		buf_release(&b);
		return NULL;
	}
	free(p);
	return buf_detach(&b);
}

int
cache_commit(const struct cache *c, uint64_t key, uint64_t search,
    const char *manifest, const char *state)
{
	char	*p, *ps, k[32];
	int	 rc = 0;

	/*
	 * The search key goes first and comes back last: a build stopped
	 * halfway leaves none, and the next one makes its index again.
	 */
	ps = path_join(c->dir, "search");
	(void)unlink(ps);
	p = path_join(c->dir, "manifest");
	if (file_write(p, manifest, strlen(manifest)) == -1)
		rc = -1;
	free(p);
	snprintf(k, sizeof(k), "%016llx\n", (unsigned long long)key);
	p = path_join(c->dir, "key");
	if (rc == 0 && file_write(p, k, strlen(k)) == -1)
		rc = -1;
	free(p);
	p = path_join(c->dir, "search-state");
	if (rc == 0 && state != NULL && file_write(p, state, strlen(state)) == -1)
		rc = -1;
	free(p);
	snprintf(k, sizeof(k), "%016llx\n", (unsigned long long)search);
	if (rc == 0 && search != 0 && file_write(ps, k, strlen(k)) == -1)
		rc = -1;
	free(ps);
	return rc;
}
