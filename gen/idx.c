/*
 * idx.c: the search index writer.
 *
 * THE INDEX FORMAT (version 1), read by assets/search.js.
 *
 * Every file under OUTPUT/search/ is a classic script that hands one
 * JSON value to a global registration function,
 *
 *	baokanSearch.add("NAME", VALUE);
 *
 * so the client loads it with a <script> element: that works from
 * file://, where browsers refuse fetch(), and from any sub-path of a
 * static host.  Strings are escaped by json.c ("</" as "<\/", U+2028 and
 * U+2029 as \u2028 and \u2029), so no text can end the script early.
 * Output is a function of the documents and their order alone: every
 * list below is sorted, nothing depends on hash order or the clock, and
 * the same input gives the same bytes.
 *
 * Documents are numbered 0, 1, 2, ... in the order idx_add() saw them.
 *
 * Text folding (ngram.c): each code point maps to one code point:
 * full-width ASCII to ASCII (ＡＰＰ to APP, （ to (), U+3000 to space,
 * ASCII to lower case, then the fold table (compatibility ideographs and
 * Kangxi radicals to the unified ideograph; later traditional to
 * simplified).  A "term" code point is a letter, digit or ideograph;
 * space, punctuation and symbols are not.  A bigram is two adjacent term
 * code points of the folded text; bigrams never cross a field.
 *
 * meta.js -- baokanSearch.add("meta", {...}) with
 *   "version": 1
 *   "docs":    number of documents
 *   "chunk":   documents per docs chunk
 *   "shards":  number of grams files, a power of two
 *   "fold":    the fold table as one string of code point pairs, from
 *              then to ("⼀一⼆二..."); the client applies it after the
 *              built-in rules, exactly as ngram_fold() does
 *   facets, each sorted by count (descending), then name (bytewise):
 *   "provinces": [[name, docs], ...]
 *   "cities":    [[name, province, docs], ...]  province as below
 *   "topics":    [[slug, docs], ...]
 *   "kinds":     [[kind, docs], ...]
 *   "reporters": [[name, docs], ...]
 *   per-document columns, one entry per document in document order; a
 *   facet reference is its index in the facet list plus one, 0 for none:
 *   "date":      [20260521, ...]  YYYYMMDD as a number, 0 if unknown
 *   "province":  [1, 0, ...]
 *   "city":      [...]
 *   "kind":      [...]
 *   "topic":     [[1, 4], [], ...]
 *   "reporter":  [[3], [], ...]
 *   "title":     ["...", ...]
 *
 * docs-NNN.js -- baokanSearch.add("docs-NNN", {"first": F, "docs": [...]})
 *   NNN is the chunk number, at least three digits; chunk c holds
 *   documents c*chunk .. c*chunk+chunk-1 (F is the first of them); each
 *   document is [id, url, kicker, subtitle, issue, page, region, text]
 *   with "" for what is missing.  The client matches the folded string
 *   kicker "\n" title "\n" subtitle "\n" text.
 *
 * grams-NNN.js -- baokanSearch.add("grams-NNN", {"工会": "0k2A3", ...})
 *   The bigrams whose ngram_shard() is NNN, sorted by code points, each
 *   with its postings: the ascending document numbers d as the numbers
 *   d - prev - 1 (prev starts at -1), each in base 32, most significant
 *   digit first, with the digits of NGRAM_DIGITS (ngram.h): one of
 *   "0-9a-v" ends a number, one of "A-Zwxyz-_" (values 0..31 in that
 *   order) leads a longer one.  Every shard file is written, empty or not.
 *   The number of shards is the least power of two that brings the
 *   postings bytes per shard to IDX_SHARD_BYTES or under, at most
 *   MAX_SHARDS (idx_shards_for()).
 *
 * Memory: idx_add() keeps per document only the meta columns and the
 * title; the text goes out in docs chunks as they fill, and postings
 * sit in ngram.c's table as 7-bit varint gaps.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "idx.h"
#include "json.h"
#include "ngram.h"
#include "strmap.h"
#include "util.h"

/*
 * MAX_SHARDS 4096: a million 2,000-character articles make some 3 GB of
 * postings; 4,096 files keep each under a megabyte without a folder of
 * files too many to list.
 */
#define MAX_SHARDS	4096

/* MAX_DOCS: document numbers are 32-bit in the postings. */
#define MAX_DOCS	(UINT32_MAX - 1)

/* Strings to dense ids in first-seen order, with a count of documents. */
struct facet {
	char		**name;		/* by id; a city's is "province\037city" */
	uint32_t	*parent;	/* cities: the province's id + 1, or 0 */
	uint32_t	*count;		/* documents that carry it */
	size_t		 n;		/* ids in use */
	size_t		 cap;		/* ids allocated */
	struct strmap	*ids;		/* name to id + 1, stored as the pointer */
	uint32_t	*remap;		/* at write time: id + 1 to sorted index + 1 */
};

/* What meta.js needs of one document. */
struct idoc {
	uint32_t	 date;		/* YYYYMMDD, 0 if unknown */
	uint32_t	 prov;		/* facet id + 1, 0 for none */
	uint32_t	 city;		/* facet id + 1, 0 for none */
	uint32_t	 kind;		/* facet id + 1, 0 for none */
	uint32_t	 topic[3];	/* facet ids + 1, 0 ending early */
	uint32_t	 rep;		/* first of its reporters in idx->reps */
	uint32_t	 nrep;		/* how many */
	size_t		 title;		/* offset of its NUL-terminated title in idx->titles */
};

/* Where a finished docs chunk waits for idx_write(). */
struct chunk {
	long		 off;		/* in the spool file; -1 when in at-dir */
	size_t		 len;		/* bytes */
};

struct idx {
	char		*atdir;		/* idx_new_at()'s folder, or NULL to spool */
	size_t		 chunk_docs;	/* documents per docs chunk */
	size_t		 shard_bytes;	/* target postings bytes per grams file */
	struct ngram_tab *tab;		/* the postings */
	struct idoc	*docs;		/* meta columns, by document number */
	size_t		 ndocs, capdocs;
	struct buf	 titles;	/* every title, NUL after each */
	uint32_t	*reps;		/* reporter facet ids + 1, by document */
	size_t		 nreps, capreps;
	struct facet	 prov, city, topic, kind, rep;
	struct buf	 cbuf;		/* the docs chunk being filled */
	struct json	*cj;		/* writer into cbuf, NULL between chunks */
	struct chunk	*chunks;	/* finished chunks */
	size_t		 nchunks, capchunks;
	FILE		*spool;		/* finished chunks when atdir is NULL */
	int		 sealed;	/* idx_write() ran; no more documents */
	int		 err;		/* errno of the first failed chunk write */
	char		*errpath;	/* and its path */
};

/* The id + 1 of name, made on first sight. */
static uint32_t
facet_id(struct facet *f, const char *name, uint32_t parent)
{
	void	**v;

	if (f->ids == NULL)
		f->ids = strmap_new();
	v = strmap_slot(f->ids, name);
	if (*v != NULL)
		return (uint32_t)(uintptr_t)*v;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->name = xreallocarray(f->name, f->cap, sizeof(*f->name));
		f->parent = xreallocarray(f->parent, f->cap, sizeof(*f->parent));
		f->count = xreallocarray(f->count, f->cap, sizeof(*f->count));
	}
	f->name[f->n] = xstrdup(name);
	f->parent[f->n] = parent;
	f->count[f->n] = 0;
	*v = (void *)(uintptr_t)++f->n;
	return (uint32_t)f->n;
}

static void
facet_release(struct facet *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		free(f->name[i]);
	free(f->name);
	free(f->parent);
	free(f->count);
	strmap_free(f->ids);
	free(f->remap);
}

/* The name as shown: a city's key carries its province in front. */
static const char *
facet_label(const struct facet *f, size_t id)
{
	const char	*s = strchr(f->name[id], '\037');

	return s ? s + 1 : f->name[id];
}

static const struct facet *sort_facet;	/* qsort has no context argument */

static int
facet_cmp(const void *pa, const void *pb)
{
	uint32_t	 a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int		 c;

	if (sort_facet->count[a] != sort_facet->count[b])
		return sort_facet->count[a] > sort_facet->count[b] ? -1 : 1;
	if ((c = strcmp(sort_facet->name[a], sort_facet->name[b])) != 0)
		return c;
	return a < b ? -1 : a > b;
}

/* Orders the facet for output; fills f->remap.  Caller frees the order. */
static uint32_t *
facet_sort(struct facet *f)
{
	uint32_t	*order;
	size_t		 i;

	order = xcalloc(f->n, sizeof(*order));
	for (i = 0; i < f->n; i++)
		order[i] = (uint32_t)i;
	sort_facet = f;
	qsort(order, f->n, sizeof(*order), facet_cmp);
	sort_facet = NULL;
	free(f->remap);
	f->remap = xcalloc(f->n + 1, sizeof(*f->remap));
	for (i = 0; i < f->n; i++)
		f->remap[order[i] + 1] = (uint32_t)i + 1;
	return order;
}

/* A reference (id + 1, or 0) as written: sorted index + 1, or 0. */
static uint32_t
facet_ref(const struct facet *f, uint32_t ref)
{
	return ref ? f->remap[ref] : 0;
}

static struct idx *
idx_alloc(const char *atdir)
{
	struct idx	*x = xcalloc(1, sizeof(*x));

	x->atdir = atdir ? xstrdup(atdir) : NULL;
	x->chunk_docs = IDX_CHUNK_DOCS;
	x->shard_bytes = IDX_SHARD_BYTES;
	x->tab = ngram_tab_new();
	buf_init(&x->titles);
	buf_init(&x->cbuf);
	return x;
}

struct idx *
idx_new(void)
{
	return idx_alloc(NULL);
}

struct idx *
idx_new_at(const char *outdir)
{
	return idx_alloc(outdir);
}

void
idx_free(struct idx *x)
{
	if (x == NULL)
		return;
	ngram_tab_free(x->tab);
	free(x->docs);
	buf_release(&x->titles);
	free(x->reps);
	facet_release(&x->prov);
	facet_release(&x->city);
	facet_release(&x->topic);
	facet_release(&x->kind);
	facet_release(&x->rep);
	if (x->cj)
		json_free(x->cj);
	buf_release(&x->cbuf);
	free(x->chunks);
	if (x->spool)
		fclose(x->spool);
	free(x->errpath);
	free(x->atdir);
	free(x);
}

void
idx_set_chunk_docs(struct idx *x, size_t n)
{
	if (x->ndocs)
		die("idx_set_chunk_docs after the first document");
	x->chunk_docs = n ? n : 1;
}

void
idx_set_shard_bytes(struct idx *x, size_t n)
{
	x->shard_bytes = n ? n : 1;
}

/*
 * The least power of two n with bytes / n <= target, 1 for an empty
 * index, never more than MAX_SHARDS.
 */
unsigned
idx_shards_for(unsigned long long bytes, size_t target)
{
	unsigned	 n = 1;

	if (target == 0)
		target = 1;
	while (n < MAX_SHARDS && bytes > (unsigned long long)n * target)
		n *= 2;
	return n;
}

/* "2026-05-21" as 20260521; 0 for anything else. */
static uint32_t
date_num(const char *s)
{
	static const char	 shape[] = "dddd-dd-dd";
	uint32_t		 v = 0;
	size_t			 i;

	if (s == NULL || strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++) {
		if (shape[i] == '-') {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9')
			return 0;
		else
			v = v * 10 + (uint32_t)(s[i] - '0');
	}
	return v;
}

static char *
chunk_path(const char *dir, size_t c)
{
	struct buf	 p = BUF_INIT;

	buf_puts(&p, dir);
	if (p.len && p.ptr[p.len - 1] != '/')
		buf_putc(&p, '/');
	buf_printf(&p, "search/docs-%03zu.js", c);
	return buf_detach(&p);
}

static void
fail(struct idx *x, const char *path)
{
	if (x->err)
		return;
	x->err = errno ? errno : EIO;
	x->errpath = xstrdup(path);
}

/* Closes the chunk in cbuf and puts it where idx_write() finds it. */
static void
chunk_finish(struct idx *x)
{
	struct chunk	*c;
	char		*path;

	json_arr_close(x->cj);
	json_obj_close(x->cj);
	json_free(x->cj);
	x->cj = NULL;
	buf_puts(&x->cbuf, ");\n");

	if (x->nchunks == x->capchunks) {
		x->capchunks = x->capchunks ? x->capchunks * 2 : 16;
		x->chunks = xreallocarray(x->chunks, x->capchunks,
		    sizeof(*x->chunks));
	}
	c = &x->chunks[x->nchunks];
	c->len = x->cbuf.len;
	c->off = -1;
	if (x->atdir) {
		path = chunk_path(x->atdir, x->nchunks);
		if (file_write(path, x->cbuf.ptr, x->cbuf.len) == -1)
			fail(x, path);
		free(path);
	} else {
		if (x->spool == NULL && (x->spool = tmpfile()) == NULL)
			fail(x, "temporary file");
		else if (fseek(x->spool, 0, SEEK_END) == -1 ||
		    (c->off = ftell(x->spool)) == -1 ||
		    fwrite(x->cbuf.ptr, 1, x->cbuf.len, x->spool) != x->cbuf.len)
			fail(x, "temporary file");
	}
	x->nchunks++;
	buf_reset(&x->cbuf);
}

static void
add_field(struct idx *x, uint32_t doc, const char *s)
{
	if (s != NULL)
		ngram_tab_add(x->tab, doc, s, strlen(s));
}

static void
add_meta(struct idx *x, const struct idx_doc *d)
{
	struct idoc	*m = &x->docs[x->ndocs];
	struct buf	 key = BUF_INIT;
	uint32_t	 id;
	size_t		 i, j;

	memset(m, 0, sizeof(*m));
	m->date = date_num(d->date);
	if (d->province && *d->province) {
		m->prov = facet_id(&x->prov, d->province, 0);
		x->prov.count[m->prov - 1]++;
	}
	if (d->city && *d->city) {
		buf_printf(&key, "%s\037%s", d->province ? d->province : "",
		    d->city);
		m->city = facet_id(&x->city, key.ptr, m->prov);
		x->city.count[m->city - 1]++;
		buf_release(&key);
	}
	if (d->kind && *d->kind) {
		m->kind = facet_id(&x->kind, d->kind, 0);
		x->kind.count[m->kind - 1]++;
	}
	for (i = j = 0; i < 3 && d->topics[i]; i++) {
		id = facet_id(&x->topic, d->topics[i], 0);
		if (j > 0 && (m->topic[0] == id || m->topic[j - 1] == id))
			continue;
		m->topic[j++] = id;
		x->topic.count[id - 1]++;
	}
	m->rep = (uint32_t)x->nreps;
	for (i = 0; i < d->nreporters; i++) {
		if (d->reporters[i] == NULL || *d->reporters[i] == '\0')
			continue;
		id = facet_id(&x->rep, d->reporters[i], 0);
		for (j = m->rep; j < x->nreps && x->reps[j] != id; j++)
			continue;
		if (j < x->nreps)
			continue;	/* named twice on one article */
		if (x->nreps == x->capreps) {
			x->capreps = x->capreps ? x->capreps * 2 : 256;
			x->reps = xreallocarray(x->reps, x->capreps,
			    sizeof(*x->reps));
		}
		x->reps[x->nreps++] = id;
		x->rep.count[id - 1]++;
	}
	m->nrep = (uint32_t)(x->nreps - m->rep);
	m->title = x->titles.len;
	buf_puts(&x->titles, d->title ? d->title : "");
	buf_putc(&x->titles, '\0');
}

static void
json_opt(struct json *j, const char *s)
{
	json_str(j, s ? s : "");
}

void
idx_add(struct idx *x, const struct idx_doc *d)
{
	uint32_t	 doc;

	if (x->sealed)
		die("idx_add after idx_write");
	if (x->ndocs >= MAX_DOCS)
		die("search index full at %zu documents", x->ndocs);
	doc = (uint32_t)x->ndocs;

	/* Each field on its own: a bigram never spans two of them. */
	add_field(x, doc, d->kicker);
	add_field(x, doc, d->title);
	add_field(x, doc, d->subtitle);
	add_field(x, doc, d->text);

	if (x->ndocs == x->capdocs) {
		x->capdocs = x->capdocs ? x->capdocs * 2 : 256;
		x->docs = xreallocarray(x->docs, x->capdocs, sizeof(*x->docs));
	}
	add_meta(x, d);

	if (x->cj == NULL) {
		buf_printf(&x->cbuf, "baokanSearch.add(\"docs-%03zu\",",
		    x->nchunks);
		x->cj = json_new(&x->cbuf, 0);
		json_obj_open(x->cj);
		json_kv_int(x->cj, "first", (long long)doc);
		json_key(x->cj, "docs");
		json_arr_open(x->cj);
	}
	json_arr_open(x->cj);
	json_opt(x->cj, d->id);
	json_opt(x->cj, d->url);
	json_opt(x->cj, d->kicker);
	json_opt(x->cj, d->subtitle);
	json_opt(x->cj, d->issue);
	json_int(x->cj, d->page);
	json_opt(x->cj, d->region);
	json_opt(x->cj, d->text);
	json_arr_close(x->cj);
	x->ndocs++;

	if (x->ndocs % x->chunk_docs == 0)
		chunk_finish(x);
}

static int
put_file(const char *dir, const char *name, const struct buf *b,
    struct diags *dg)
{
	char	*path;
	int	 rc = 0;

	path = path_join(dir, name);
	if (file_write(path, b->ptr, b->len) == -1) {
		diag_add(dg, DIAG_ERROR, path, 0, 0, "index-write",
		    "cannot write the search index: %s", strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

/* Puts chunk c into dir/search/ unless it is there already. */
static int
write_chunk(struct idx *x, size_t c, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT;
	char		*from = NULL, name[64];
	int		 rc = -1;

	if (x->atdir && strcmp(x->atdir, outdir) == 0)
		return 0;
	buf_grow(&b, x->chunks[c].len);
	if (x->atdir) {
		from = chunk_path(x->atdir, c);
		if (file_read(from, &b) == -1) {
			diag_add(dg, DIAG_ERROR, from, 0, 0, "index-write",
			    "cannot read back a docs chunk: %s",
			    strerror(errno));
			goto out;
		}
	} else {
		if (fseek(x->spool, x->chunks[c].off, SEEK_SET) == -1 ||
		    fread(b.ptr, 1, x->chunks[c].len, x->spool) !=
		    x->chunks[c].len) {
			diag_add(dg, DIAG_ERROR, "temporary file", 0, 0,
			    "index-write", "cannot read back a docs chunk");
			goto out;
		}
		b.len = x->chunks[c].len;
		b.ptr[b.len] = '\0';
	}
	snprintf(name, sizeof(name), "search/docs-%03zu.js", c);
	rc = put_file(outdir, name, &b, dg);
out:
	free(from);
	buf_release(&b);
	return rc;
}

static int
write_grams(struct idx *x, const char *outdir, unsigned nshards,
    struct diags *dg)
{
	const struct ngram_ent	**ents;
	struct buf		 b = BUF_INIT, key = BUF_INIT, post = BUF_INIT;
	struct json		*j;
	char			 name[64];
	size_t			 i = 0, n;
	unsigned		 s;
	int			 rc = 0;

	n = ngram_tab_count(x->tab);
	ents = ngram_tab_sorted(x->tab, nshards);
	for (s = 0; s < nshards; s++) {
		buf_reset(&b);
		buf_printf(&b, "baokanSearch.add(\"grams-%03u\",", s);
		j = json_new(&b, 0);
		json_obj_open(j);
		for (; i < n && ngram_shard(ents[i]->a, ents[i]->b, nshards) == s;
		    i++) {
			buf_reset(&key);
			utf8_encode(&key, ents[i]->a);
			utf8_encode(&key, ents[i]->b);
			buf_reset(&post);
			ngram_ent_encode(ents[i], &post);
			json_key(j, key.ptr);
			json_strn(j, post.ptr, post.len);
		}
		json_obj_close(j);
		json_free(j);
		buf_puts(&b, ");\n");
		snprintf(name, sizeof(name), "search/grams-%03u.js", s);
		if (put_file(outdir, name, &b, dg) == -1) {
			rc = -1;
			break;
		}
	}
	free(ents);
	buf_release(&b);
	buf_release(&key);
	buf_release(&post);
	return rc;
}

static void
write_facet(struct json *j, const char *key, struct facet *f,
    const struct facet *parent)
{
	uint32_t	*order;
	size_t		 i;

	order = facet_sort(f);
	json_key(j, key);
	json_arr_open(j);
	for (i = 0; i < f->n; i++) {
		json_arr_open(j);
		json_str(j, facet_label(f, order[i]));
		if (parent)
			json_int(j, facet_ref(parent, f->parent[order[i]]));
		json_int(j, f->count[order[i]]);
		json_arr_close(j);
	}
	json_arr_close(j);
	free(order);
}

/* Which per-document column write_column() writes. */
enum column { COL_DATE, COL_PROV, COL_CITY, COL_KIND, COL_TOPIC, COL_REP,
	COL_TITLE };

static void
write_column(struct json *j, const struct idx *x, const char *key,
    enum column c)
{
	const struct idoc	*m;
	size_t			 i, k;

	json_key(j, key);
	json_arr_open(j);
	for (i = 0; i < x->ndocs; i++) {
		m = &x->docs[i];
		switch (c) {
		case COL_DATE:
			json_int(j, m->date);
			break;
		case COL_PROV:
			json_int(j, facet_ref(&x->prov, m->prov));
			break;
		case COL_CITY:
			json_int(j, facet_ref(&x->city, m->city));
			break;
		case COL_KIND:
			json_int(j, facet_ref(&x->kind, m->kind));
			break;
		case COL_TOPIC:
			json_arr_open(j);
			for (k = 0; k < 3 && m->topic[k]; k++)
				json_int(j, facet_ref(&x->topic, m->topic[k]));
			json_arr_close(j);
			break;
		case COL_REP:
			json_arr_open(j);
			for (k = 0; k < m->nrep; k++)
				json_int(j, facet_ref(&x->rep,
				    x->reps[m->rep + k]));
			json_arr_close(j);
			break;
		case COL_TITLE:
			json_str(j, x->titles.ptr + m->title);
			break;
		}
	}
	json_arr_close(j);
}

static int
write_meta(struct idx *x, const char *outdir, unsigned nshards,
    struct diags *dg)
{
	struct buf	 b = BUF_INIT, fold = BUF_INIT;
	struct json	*j;
	int		 rc;

	buf_puts(&b, "baokanSearch.add(\"meta\",");
	j = json_new(&b, 0);
	json_obj_open(j);
	json_kv_int(j, "version", 1);
	json_kv_int(j, "docs", (long long)x->ndocs);
	json_kv_int(j, "chunk", (long long)x->chunk_docs);
	json_kv_int(j, "shards", nshards);
	ngram_fold_table(&fold);
	json_key(j, "fold");
	json_strn(j, fold.ptr, fold.len);
	/* Provinces first: the cities refer to their sorted order. */
	write_facet(j, "provinces", &x->prov, NULL);
	write_facet(j, "cities", &x->city, &x->prov);
	write_facet(j, "topics", &x->topic, NULL);
	write_facet(j, "kinds", &x->kind, NULL);
	write_facet(j, "reporters", &x->rep, NULL);
	write_column(j, x, "date", COL_DATE);
	write_column(j, x, "province", COL_PROV);
	write_column(j, x, "city", COL_CITY);
	write_column(j, x, "kind", COL_KIND);
	write_column(j, x, "topic", COL_TOPIC);
	write_column(j, x, "reporter", COL_REP);
	write_column(j, x, "title", COL_TITLE);
	json_obj_close(j);
	json_free(j);
	buf_puts(&b, ");\n");
	rc = put_file(outdir, "search/meta.js", &b, dg);
	buf_release(&b);
	buf_release(&fold);
	return rc;
}

/* n if name is PREFIX + digits + ".js", else -1. */
static long
numbered(const char *name, const char *prefix)
{
	size_t	 n = strlen(prefix);
	char	*end;
	long	 v;

	if (strncmp(name, prefix, n) != 0 || name[n] < '0' || name[n] > '9')
		return -1;
	errno = 0;
	v = strtol(name + n, &end, 10);
	if (errno || strcmp(end, ".js") != 0)
		return -1;
	return v;
}

/*
 * A smaller archive than last time leaves docs and grams files past the
 * new counts; the folder is ours, so they go.
 */
static int
prune(const struct idx *x, const char *outdir, unsigned nshards,
    struct diags *dg)
{
	DIR		*d;
	struct dirent	*e;
	char		*dir, *path;
	long		 v;
	int		 rc = 0;

	dir = path_join(outdir, "search");
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (!(((v = numbered(e->d_name, "docs-")) >= 0 &&
		    (size_t)v >= x->nchunks) ||
		    ((v = numbered(e->d_name, "grams-")) >= 0 &&
		    (unsigned long)v >= nshards)))
			continue;
		path = path_join(dir, e->d_name);
		if (unlink(path) == -1 && errno != ENOENT) {
			diag_add(dg, DIAG_ERROR, path, 0, 0, "index-write",
			    "cannot remove a stale index file: %s",
			    strerror(errno));
			rc = -1;
		}
		free(path);
	}
	closedir(d);
	free(dir);
	return rc;
}

int
idx_write(struct idx *x, const char *outdir, struct diags *dg)
{
	unsigned	 nshards;
	size_t		 c;

	if (!x->sealed && x->cj != NULL)
		chunk_finish(x);
	x->sealed = 1;
	if (x->err) {
		diag_add(dg, DIAG_ERROR, x->errpath, 0, 0, "index-write",
		    "cannot write a docs chunk: %s", strerror(x->err));
		return -1;
	}
	for (c = 0; c < x->nchunks; c++)
		if (write_chunk(x, c, outdir, dg) == -1)
			return -1;
	nshards = idx_shards_for(ngram_tab_bytes(x->tab), x->shard_bytes);
	if (write_grams(x, outdir, nshards, dg) == -1 ||
	    write_meta(x, outdir, nshards, dg) == -1)
		return -1;
	return prune(x, outdir, nshards, dg);
}
