/*
 * idx.c: the search index writer.
 *
 * THE INDEX FORMAT (version 2), read by assets/search.js.
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
 * list below is sorted, nothing depends on hash-table order, the clock
 * or the memory budget, and the same input gives the same bytes.
 *
 * Documents are numbered 0, 1, 2, ... in the order idx_add() saw them.
 * Keys, lists, positions and folding are as ngram.h describes: every
 * term character (unigram) and every pair of adjacent ones (bigram) of
 * the folded fields title, kicker, subtitle, text; the title at
 * positions from 0, the rest from 64.  Numbers are base-32 digit
 * strings (NGRAM_DIGITS), one after another with no separator.
 *
 * meta.js -- baokanSearch.add("meta", {...}), all a query needs first:
 *   "version": 2
 *   "docs":    number of documents
 *   "chunk":   documents per docs chunk
 *   "shards", "pshards", "fshards": how many grams, pos and facet files,
 *              each a power of two
 *   "hot":     how many keys have files of their own
 *   "fold":    the fold table (gen/data/README-fold.md) as numbers: per
 *              pair, from less the previous from less one, and to less
 *              from zigzagged (ngram_fold_table()); the client applies
 *              it after the built-in rules, exactly as ngram_fold() does
 *   "dates":   [date, n, date, n, ...]: runs of documents in document
 *              order, date as the number YYYYMMDD (0 unknown), n the run
 *              length; the first run starts at document 0
 *
 * grams-NNN.js -- baokanSearch.add("grams-NNN", {"工会": LIST, ...})
 *   The keys whose ngram_shard(ngram_hash(a, b), log2 shards) is NNN,
 *   in hash order.  LIST is the key's documents string, or the number H
 *   of its hot files when the key is hot.  A document list is, per
 *   document holding the key in ascending order, the number
 *   gap * 2 + title: gap the documents skipped since the previous one
 *   (the first one's from -1), title 1 when the key's first occurrence
 *   is in the title.  Every shard file is written, empty or not.
 *
 * pos-NNN.js -- baokanSearch.add("pos-NNN", {"工会": POS, ...})
 *   The bigrams of the same shard number (of pshards), POS their
 *   positions string or H: per document of the list, in the same order,
 *   its positions in the document, each the number delta * 2 + more
 *   (delta: the position minus the previous one minus one, the first
 *   one's from -1; more: 0 on the document's last).  A phrase is
 *   verified with them: ABCD occurs at p when AB occurs at p and CD at
 *   p + 2.  Unigrams have no positions.
 *
 * hot-H.js -- baokanSearch.add("hot-H", {"d": LIST, "b": [i, ...]})
 *   A key whose list or positions pass a quarter of a shard: its list,
 *   and where its positions blocks after the first start (indexes into
 *   the list).  hpos-H-B.js -- baokanSearch.add("hpos-H-B", POS): block
 *   B of its positions, about a shard each, cut between documents.
 *
 * facet-NNN.js -- baokanSearch.add("facet-NNN", {"p山东省": DOCS, ...})
 *   Filter values by ngram_str_hash() of the key: "p" province, "c" city
 *   (by name, whatever its province), "t" topic slug, "k" kind, "r"
 *   reporter; DOCS the documents carrying it as gap numbers (gap: the
 *   documents skipped since the previous one, the first from -1).
 *
 * facets.js -- baokanSearch.add("facets", {...}) the choices of the
 *   filter form, each list by count (descending), then name (bytewise):
 *   "provinces": [[name, docs], ...], "cities": [[name, province, docs],
 *   ...], "topics", "kinds", "reporters": [[name, docs], ...].
 *
 * docs-NNN.js -- baokanSearch.add("docs-NNN", {"first": F, "docs": [...]})
 *   NNN is the chunk number, at least three digits; chunk c holds
 *   documents c*chunk .. c*chunk+chunk-1 (F is the first of them); each
 *   document is [id, url, title, kicker, subtitle, issue, page, region,
 *   text] with "" for what is missing.
 *
 * Memory: idx_add() keeps per document only its facets and date; the text
 * goes out in docs chunks as they fill, and the lists sit in ngram.c's
 * table, spilling to run files past the memory budget.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "idx.h"
#include "json.h"
#include "ngram.h"
#include "strmap.h"
#include "util.h"

/*
 * MAX_SHARDS 4096: a million articles make some 3 GB of lists, mostly in
 * hot files; 4,096 shards a family keep the rest near the target.
 */
#define MAX_SHARDS	4096

/* MAX_DOCS: document numbers are 32-bit in the lists. */
#define MAX_DOCS	(UINT32_MAX / 2 - 1)

/* Strings to dense ids in first-seen order, with a count of documents. */
struct facet {
	char		**name;		/* by id; a city's is "province\037city" */
	uint32_t	*count;		/* documents that carry it */
	size_t		 n;		/* ids in use */
	size_t		 cap;		/* ids allocated */
	struct strmap	*ids;		/* name to id + 1, stored as the pointer */
};

/* What the index keeps of one document besides its lists. */
struct idoc {
	uint32_t	 date;		/* YYYYMMDD, 0 if unknown */
	uint32_t	 prov;		/* facet id + 1, 0 for none */
	uint32_t	 city;		/* facet id + 1, 0 for none */
	uint32_t	 kind;		/* facet id + 1, 0 for none */
	uint32_t	 topic[3];	/* facet ids + 1, 0 ending early */
	uint32_t	 rep;		/* first of its reporters in idx->reps */
	uint32_t	 nrep;		/* how many */
};

/* Where a finished docs chunk waits for idx_write(). */
struct chunk {
	long		 off;		/* in the spool file; -1 when in at-dir */
	size_t		 len;		/* bytes */
};

struct idx {
	char		*atdir;		/* idx_new_at()'s folder, or NULL to spool */
	size_t		 chunk_docs;	/* documents per docs chunk */
	size_t		 shard_bytes;	/* target bytes per shard file */
	struct ngram_tab *tab;		/* the lists */
	struct idoc	*docs;		/* by document number */
	size_t		 ndocs;
	uint32_t	*reps;		/* reporter facet ids + 1, by document */
	size_t		 nreps;
	struct facet	 prov, city, topic, kind, rep;
	struct buf	 cbuf;		/* the docs chunk being filled */
	struct json	*cj;		/* writer into cbuf, NULL between chunks */
	struct chunk	*chunks;	/* finished chunks */
	size_t		 nchunks;
	FILE		*spool;		/* finished chunks when atdir is NULL */
	int		 sealed;	/* idx_write() ran; no more documents */
	int		 err;		/* errno of the first failed write */
	char		*errpath;	/* and its path */
	char		**written;	/* names under search/ the last idx_write() made */
	size_t		 nwritten;
	struct idx_stats st;		/* what the last idx_write() made */
	double		 add_s;		/* seconds spent in idx_add() */
};

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The id + 1 of name, made on first sight. */
static uint32_t
facet_id(struct facet *f, const char *name)
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
		f->count = xreallocarray(f->count, f->cap, sizeof(*f->count));
	}
	f->name[f->n] = xstrdup(name);
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
	free(f->count);
	strmap_free(f->ids);
}

/* The name as shown: a city's key carries its province in front. */
static const char *
facet_label(const struct facet *f, size_t id)
{
	const char	*s = strchr(f->name[id], '\037');

	return s ? s + 1 : f->name[id];
}

static struct idx *
idx_alloc(const char *atdir)
{
	struct idx	*x = xcalloc(1, sizeof(*x));

	x->atdir = atdir ? xstrdup(atdir) : NULL;
	x->chunk_docs = IDX_CHUNK_DOCS;
	x->shard_bytes = IDX_SHARD_BYTES;
	x->tab = ngram_tab_new();
	ngram_tab_set_budget(x->tab, IDX_MEM_BYTES);
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

static void
forget_written(struct idx *x)
{
	size_t	 i;

	for (i = 0; i < x->nwritten; i++)
		free(x->written[i]);
	free(x->written);
	x->written = NULL;
	x->nwritten = 0;
}

void
idx_free(struct idx *x)
{
	if (x == NULL)
		return;
	ngram_tab_free(x->tab);
	free(x->docs);
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
	forget_written(x);
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

void
idx_set_mem_budget(struct idx *x, size_t n)
{
	ngram_tab_set_budget(x->tab, n);
}

void
idx_get_stats(const struct idx *x, struct idx_stats *st)
{
	*st = x->st;
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

static unsigned
log2u(unsigned n)
{
	unsigned	 b = 0;

	while ((1u << b) < n)
		b++;
	return b;
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

	x->chunks = xgrow(x->chunks, x->nchunks, sizeof(*x->chunks));
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
add_meta(struct idx *x, const struct idx_doc *d)
{
	struct idoc	*m = &x->docs[x->ndocs];
	struct buf	 key = BUF_INIT;
	uint32_t	 id;
	size_t		 i, j;

	memset(m, 0, sizeof(*m));
	m->date = date_num(d->date);
	if (d->province && *d->province) {
		m->prov = facet_id(&x->prov, d->province);
		x->prov.count[m->prov - 1]++;
	}
	if (d->city && *d->city) {
		buf_printf(&key, "%s\037%s", d->province ? d->province : "",
		    d->city);
		m->city = facet_id(&x->city, key.ptr);
		x->city.count[m->city - 1]++;
		buf_release(&key);
	}
	if (d->kind && *d->kind) {
		m->kind = facet_id(&x->kind, d->kind);
		x->kind.count[m->kind - 1]++;
	}
	for (i = j = 0; i < 3 && d->topics[i]; i++) {
		id = facet_id(&x->topic, d->topics[i]);
		if (j > 0 && (m->topic[0] == id || m->topic[j - 1] == id))
			continue;
		m->topic[j++] = id;
		x->topic.count[id - 1]++;
	}
	m->rep = (uint32_t)x->nreps;
	for (i = 0; i < d->nreporters; i++) {
		if (d->reporters[i] == NULL || *d->reporters[i] == '\0')
			continue;
		id = facet_id(&x->rep, d->reporters[i]);
		for (j = m->rep; j < x->nreps && x->reps[j] != id; j++)
			continue;
		if (j < x->nreps)
			continue;	/* named twice on one article */
		x->reps = xgrow(x->reps, x->nreps, sizeof(*x->reps));
		x->reps[x->nreps++] = id;
		x->rep.count[id - 1]++;
	}
	m->nrep = (uint32_t)(x->nreps - m->rep);
}

static uint32_t
add_field(struct idx *x, const char *s, uint32_t pos)
{
	return ngram_doc_field(x->tab, s ? s : "", s ? strlen(s) : 0, pos);
}

static void
json_opt(struct json *j, const char *s)
{
	json_str(j, s ? s : "");
}

void
idx_add(struct idx *x, const struct idx_doc *d)
{
	uint32_t	 doc, pos;
	double		 t0 = now_s();

	if (x->sealed)
		die("idx_add after idx_write");
	if (x->ndocs >= MAX_DOCS)
		die("search index full at %zu documents", x->ndocs);
	doc = (uint32_t)x->ndocs;

	/* The title first, so a position under the span means "in the title". */
	ngram_doc_begin(x->tab, doc);
	pos = add_field(x, d->title, 0);
	if (pos < NGRAM_TITLE_SPAN)
		pos = NGRAM_TITLE_SPAN;
	pos = add_field(x, d->kicker, pos);
	pos = add_field(x, d->subtitle, pos);
	add_field(x, d->text, pos);
	if (ngram_doc_end(x->tab) == -1)
		fail(x, "temporary run file");

	x->docs = xgrow(x->docs, x->ndocs, sizeof(*x->docs));
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
	json_opt(x->cj, d->title);
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
	x->add_s += now_s() - t0;
}

/* ---- writing ----------------------------------------------------------- */

/* Writes search/NAME under dir and remembers it was made. */
static int
put_file(struct idx *x, const char *dir, const char *name,
    const struct buf *b, struct diags *dg)
{
	char	*path, *rel;
	int	 rc = 0;

	rel = path_join("search", name);
	path = path_join(dir, rel);
	if (file_write(path, b->ptr, b->len) == -1) {
		diag_add(dg, DIAG_ERROR, path, 0, 0, "index-write",
		    "cannot write the search index: %s", strerror(errno));
		rc = -1;
	}
	free(path);
	free(rel);
	x->written = xgrow(x->written, x->nwritten, sizeof(*x->written));
	x->written[x->nwritten++] = xstrdup(name);
	x->st.files++;
	x->st.bytes += b->len;
	return rc;
}

/* Puts chunk c into dir/search/ unless it is there already. */
static int
write_chunk(struct idx *x, size_t c, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT;
	char		*from = NULL, name[64];
	int		 rc = -1;

	snprintf(name, sizeof(name), "docs-%03zu.js", c);
	if (x->atdir && strcmp(x->atdir, outdir) == 0) {
		x->written = xgrow(x->written, x->nwritten, sizeof(*x->written));
		x->written[x->nwritten++] = xstrdup(name);
		x->st.files++;
		x->st.bytes += x->chunks[c].len;
		return 0;
	}
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
	rc = put_file(x, outdir, name, &b, dg);
out:
	free(from);
	buf_release(&b);
	return rc;
}

/* One family of numbered shard files, written in shard order. */
struct shardw {
	const char	*prefix;	/* "grams", "pos", "facet" */
	unsigned	 n;		/* files in the family */
	unsigned	 cur;		/* the open file, while j is not NULL */
	unsigned	 next;		/* the first file not yet written */
	struct buf	 b;		/* the open file's text */
	struct json	*j;		/* its writer; NULL when none is open */
};

static void
shardw_open(struct shardw *w, unsigned s)
{
	buf_reset(&w->b);
	buf_printf(&w->b, "baokanSearch.add(\"%s-%03u\",", w->prefix, s);
	w->j = json_new(&w->b, 0);
	json_obj_open(w->j);
	w->cur = s;
}

static int
shardw_close(struct idx *x, struct shardw *w, const char *outdir,
    struct diags *dg)
{
	char	 name[64];

	json_obj_close(w->j);
	json_free(w->j);
	w->j = NULL;
	buf_puts(&w->b, ");\n");
	snprintf(name, sizeof(name), "%s-%03u.js", w->prefix, w->cur);
	w->next = w->cur + 1;
	return put_file(x, outdir, name, &w->b, dg);
}

/*
 * Makes shard s the open one: writes the one open before it and every
 * empty one in between (every file of a family exists).  s == n ends.
 */
static int
shardw_seek(struct idx *x, struct shardw *w, unsigned s, const char *outdir,
    struct diags *dg)
{
	if (w->j && w->cur == s)
		return 0;
	if (w->j && shardw_close(x, w, outdir, dg) == -1)
		return -1;
	while (w->next < s) {
		shardw_open(w, w->next);
		if (shardw_close(x, w, outdir, dg) == -1)
			return -1;
	}
	if (s < w->n)
		shardw_open(w, s);
	return 0;
}

static void
key_text(struct buf *b, uint32_t a, uint32_t c)
{
	buf_reset(b);
	utf8_encode(b, a);
	if (c)
		utf8_encode(b, c);
}

/*
 * A hot key's files: hot-H.js with its list and where its positions
 * blocks start, and the blocks, cut between documents (after a number
 * whose low bit, "more", is 0) once they reach a shard's bytes.
 */
static int
write_hot(struct idx *x, size_t h, const struct buf *docs,
    const struct buf *pos, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT;
	struct json	*j;
	char		 name[64];
	size_t		*cut = NULL, *at = NULL, ncut = 0, i, from, doc = 0;
	const char	*v;
	int		 rc = 0;

	for (i = 0, from = 0; i < pos->len; i++) {
		v = strchr(NGRAM_DIGITS, pos->ptr[i]);
		if (v == NULL || v - NGRAM_DIGITS >= 32 ||
		    ((v - NGRAM_DIGITS) & 1))
			continue;
		doc++;
		if (i + 1 - from < x->shard_bytes || i + 1 == pos->len)
			continue;
		cut = xgrow(cut, ncut, sizeof(*cut));
		at = xgrow(at, ncut, sizeof(*at));
		cut[ncut] = i + 1;	/* byte where the next block starts */
		at[ncut++] = doc;	/* and the list index of its first document */
		from = i + 1;
	}
	buf_printf(&b, "baokanSearch.add(\"hot-%zu\",", h);
	j = json_new(&b, 0);
	json_obj_open(j);
	json_key(j, "d");
	json_strn(j, docs->ptr, docs->len);
	json_key(j, "b");
	json_arr_open(j);
	for (i = 0; i < ncut; i++)
		json_int(j, (long long)at[i]);
	json_arr_close(j);
	json_obj_close(j);
	json_free(j);
	buf_puts(&b, ");\n");
	snprintf(name, sizeof(name), "hot-%zu.js", h);
	rc = put_file(x, outdir, name, &b, dg);
	for (i = 0, from = 0; pos->len && i <= ncut && rc == 0; i++) {
		buf_reset(&b);
		buf_printf(&b, "baokanSearch.add(\"hpos-%zu-%zu\",", h, i);
		j = json_new(&b, 0);
		json_strn(j, pos->ptr + from, (i < ncut ? cut[i] : pos->len) - from);
		json_free(j);
		buf_puts(&b, ");\n");
		snprintf(name, sizeof(name), "hpos-%zu-%zu.js", h, i);
		rc = put_file(x, outdir, name, &b, dg);
		from = i < ncut ? cut[i] : pos->len;
	}
	free(cut);
	free(at);
	buf_release(&b);
	return rc;
}

static int
is_hot(const struct idx *x, const struct ngram_key *k)
{
	return k->dbytes > x->shard_bytes / 4 || k->pbytes > x->shard_bytes / 4;
}

static size_t
utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The grams, pos and hot files, from the table in hash order. */
static int
write_keys(struct idx *x, const char *outdir, struct diags *dg)
{
	struct ngram_iter	*it;
	const struct ngram_key	*k;
	struct shardw		 g = { "grams", 0, 0, 0, BUF_INIT, NULL };
	struct shardw		 p = { "pos", 0, 0, 0, BUF_INIT, NULL };
	struct buf		 docs = BUF_INIT, pos = BUF_INIT, key = BUF_INIT;
	unsigned long long	 gb = 0, pb = 0, over;
	unsigned		 gbits, pbits;
	size_t			 i, n, hot = 0;
	int			 rc = 0, r;

	it = ngram_iter_new(x->tab);
	n = ngram_iter_count(it);
	for (i = 0; i < n; i++) {
		k = ngram_iter_key(it, i);
		over = utf8_len(k->a) + (k->b ? utf8_len(k->b) : 0) + 6;
		if (is_hot(x, k)) {
			gb += over;
			pb += k->b ? over : 0;
			continue;
		}
		gb += k->dbytes + over;
		if (k->b)
			pb += k->pbytes + over;
	}
	g.n = idx_shards_for(gb, x->shard_bytes);
	p.n = idx_shards_for(pb, x->shard_bytes);
	gbits = log2u(g.n);
	pbits = log2u(p.n);
	for (i = 0; i < n && rc == 0; i++) {
		k = ngram_iter_key(it, i);
		if ((r = ngram_iter_next(it, &docs, &pos)) != 1) {
			diag_add(dg, DIAG_ERROR, "temporary run file", 0, 0,
			    "index-write", "cannot read back the index lists: %s",
			    strerror(errno ? errno : EIO));
			rc = -1;
			break;
		}
		key_text(&key, k->a, k->b);
		if ((rc = shardw_seek(x, &g, ngram_shard(k->hash, gbits), outdir,
		    dg)) == -1)
			break;
		if (k->b && (rc = shardw_seek(x, &p, ngram_shard(k->hash, pbits),
		    outdir, dg)) == -1)
			break;
		json_key(g.j, key.ptr);
		if (k->b)
			json_key(p.j, key.ptr);
		if (is_hot(x, k)) {
			json_int(g.j, (long long)hot);
			if (k->b)
				json_int(p.j, (long long)hot);
			rc = write_hot(x, hot++, &docs, &pos, outdir, dg);
		} else {
			json_strn(g.j, docs.ptr, docs.len);
			if (k->b)
				json_strn(p.j, pos.ptr, pos.len);
		}
	}
	if (rc == 0)
		rc = shardw_seek(x, &g, g.n, outdir, dg);
	if (rc == 0)
		rc = shardw_seek(x, &p, p.n, outdir, dg);
	if (g.j)
		json_free(g.j);
	if (p.j)
		json_free(p.j);
	x->st.shards = g.n;
	x->st.pshards = p.n;
	x->st.hot = hot;
	ngram_iter_free(it);
	buf_release(&g.b);
	buf_release(&p.b);
	buf_release(&docs);
	buf_release(&pos);
	buf_release(&key);
	return rc;
}

/* One filter value's documents, for facet-NNN.js. */
struct fpost {
	char		*key;		/* "p山东省", "t rights", ... */
	uint32_t	 hash;		/* ngram_str_hash(key) */
	uint32_t	 last;		/* last document added plus one */
	struct buf	 docs;		/* gap numbers */
};

static int
fpost_cmp(const void *pa, const void *pb)
{
	const struct fpost	*a = *(const struct fpost *const *)pa;
	const struct fpost	*b = *(const struct fpost *const *)pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Adds document d to the list of value tag + name. */
static void
fpost_add(struct strmap *m, struct fpost ***all, size_t *n, char tag,
    const char *name, uint32_t d)
{
	struct fpost	*f;
	struct buf	 k = BUF_INIT;
	void		**v;

	buf_putc(&k, tag);
	buf_puts(&k, name);
	v = strmap_slot(m, k.ptr);
	if ((f = *v) == NULL) {
		f = xcalloc(1, sizeof(*f));
		f->key = buf_detach(&k);
		f->hash = ngram_str_hash(f->key);
		buf_init(&f->docs);
		*all = xgrow(*all, *n, sizeof(**all));
		(*all)[(*n)++] = f;
		*v = f;
	}
	buf_release(&k);
	if (f->last == d + 1)
		return;		/* two same-named cities on one article */
	ngram_put_num(&f->docs, d - f->last);
	f->last = d + 1;
}

static int
write_facet_lists(struct idx *x, const char *outdir, struct diags *dg)
{
	struct strmap		*m = strmap_new();
	struct fpost		**all = NULL;
	struct shardw		 w = { "facet", 0, 0, 0, BUF_INIT, NULL };
	const struct idoc	*o;
	unsigned long long	 bytes = 0;
	unsigned		 bits;
	size_t			 n = 0, i, k;
	uint32_t		 d;
	int			 rc = 0;

	for (d = 0; d < x->ndocs; d++) {
		o = &x->docs[d];
		if (o->prov)
			fpost_add(m, &all, &n, 'p', x->prov.name[o->prov - 1], d);
		if (o->city)
			fpost_add(m, &all, &n, 'c',
			    facet_label(&x->city, o->city - 1), d);
		if (o->kind)
			fpost_add(m, &all, &n, 'k', x->kind.name[o->kind - 1], d);
		for (k = 0; k < 3 && o->topic[k]; k++)
			fpost_add(m, &all, &n, 't',
			    x->topic.name[o->topic[k] - 1], d);
		for (k = 0; k < o->nrep; k++)
			fpost_add(m, &all, &n, 'r',
			    x->rep.name[x->reps[o->rep + k] - 1], d);
	}
	if (n)
		qsort(all, n, sizeof(*all), fpost_cmp);
	for (i = 0; i < n; i++)
		bytes += all[i]->docs.len + strlen(all[i]->key) + 6;
	w.n = idx_shards_for(bytes, x->shard_bytes);
	bits = log2u(w.n);
	for (i = 0; i < n && rc == 0; i++) {
		rc = shardw_seek(x, &w, ngram_shard(all[i]->hash, bits), outdir,
		    dg);
		if (rc == 0) {
			json_key(w.j, all[i]->key);
			json_strn(w.j, all[i]->docs.ptr, all[i]->docs.len);
		}
	}
	if (rc == 0)
		rc = shardw_seek(x, &w, w.n, outdir, dg);
	if (w.j)
		json_free(w.j);
	buf_release(&w.b);
	x->st.fshards = w.n;
	for (i = 0; i < n; i++) {
		free(all[i]->key);
		buf_release(&all[i]->docs);
		free(all[i]);
	}
	free(all);
	strmap_free(m);
	return rc;
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

/* [[name, docs], ...] by count, then name; a city with its province. */
static void
write_choices(struct json *j, const char *key, const struct facet *f,
    int city)
{
	uint32_t	*order;
	size_t		 i;
	const char	*sep;

	order = xcalloc(f->n ? f->n : 1, sizeof(*order));
	for (i = 0; i < f->n; i++)
		order[i] = (uint32_t)i;
	sort_facet = f;
	if (f->n)
		qsort(order, f->n, sizeof(*order), facet_cmp);
	sort_facet = NULL;
	json_key(j, key);
	json_arr_open(j);
	for (i = 0; i < f->n; i++) {
		json_arr_open(j);
		json_str(j, facet_label(f, order[i]));
		if (city) {
			sep = strchr(f->name[order[i]], '\037');
			json_strn(j, f->name[order[i]],
			    sep ? (size_t)(sep - f->name[order[i]]) : 0);
		}
		json_int(j, f->count[order[i]]);
		json_arr_close(j);
	}
	json_arr_close(j);
	free(order);
}

static int
write_choices_file(struct idx *x, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT;
	struct json	*j;
	int		 rc;

	buf_puts(&b, "baokanSearch.add(\"facets\",");
	j = json_new(&b, 0);
	json_obj_open(j);
	write_choices(j, "provinces", &x->prov, 0);
	write_choices(j, "cities", &x->city, 1);
	write_choices(j, "topics", &x->topic, 0);
	write_choices(j, "kinds", &x->kind, 0);
	write_choices(j, "reporters", &x->rep, 0);
	json_obj_close(j);
	json_free(j);
	buf_puts(&b, ");\n");
	rc = put_file(x, outdir, "facets.js", &b, dg);
	buf_release(&b);
	return rc;
}

static int
write_meta(struct idx *x, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT, fold = BUF_INIT;
	struct json	*j;
	size_t		 i, run;
	int		 rc;

	buf_puts(&b, "baokanSearch.add(\"meta\",");
	j = json_new(&b, 0);
	json_obj_open(j);
	json_kv_int(j, "version", 2);
	json_kv_int(j, "docs", (long long)x->ndocs);
	json_kv_int(j, "chunk", (long long)x->chunk_docs);
	json_kv_int(j, "shards", x->st.shards);
	json_kv_int(j, "pshards", x->st.pshards);
	json_kv_int(j, "fshards", x->st.fshards);
	json_kv_int(j, "hot", (long long)x->st.hot);
	ngram_fold_table(&fold);
	json_key(j, "fold");
	json_strn(j, fold.ptr, fold.len);
	json_key(j, "dates");
	json_arr_open(j);
	for (i = 0; i < x->ndocs; i += run) {
		for (run = 1; i + run < x->ndocs &&
		    x->docs[i + run].date == x->docs[i].date; run++)
			continue;
		json_int(j, x->docs[i].date);
		json_int(j, (long long)run);
	}
	json_arr_close(j);
	json_obj_close(j);
	json_free(j);
	buf_puts(&b, ");\n");
	rc = put_file(x, outdir, "meta.js", &b, dg);
	buf_release(&b);
	buf_release(&fold);
	return rc;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A smaller archive than last time leaves files past the new counts;
 * the folder is ours, so every script this write did not make goes.
 */
static int
prune(struct idx *x, const char *outdir, struct diags *dg)
{
	DIR		*d;
	struct dirent	*e;
	char		*dir, *path;
	const char	*name;
	size_t		 n;
	int		 rc = 0;

	dir = path_join(outdir, "search");
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return 0;
	}
	if (x->nwritten)
		qsort(x->written, x->nwritten, sizeof(*x->written), strp_cmp);
	while ((e = readdir(d)) != NULL) {
		name = e->d_name;
		n = strlen(name);
		if (n < 3 || strcmp(name + n - 3, ".js") != 0 ||
		    (x->nwritten && bsearch(&name, x->written, x->nwritten,
		    sizeof(*x->written), strp_cmp) != NULL))
			continue;
		path = path_join(dir, name);
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

/*
 * BAOKAN_IDX_STATS=FILE appends one JSON line of figures per idx_write()
 * to FILE, for bench/search/: nothing under OUTPUT changes.
 */
static void
stats_line(const struct idx *x, double write_s)
{
	const char	*path = getenv("BAOKAN_IDX_STATS");
	struct buf	 b = BUF_INIT;
	struct json	*j;
	FILE		*f;

	if (path == NULL || *path == '\0' || (f = fopen(path, "a")) == NULL)
		return;
	j = json_new(&b, 0);
	json_obj_open(j);
	json_kv_int(j, "docs", (long long)x->st.docs);
	json_kv_int(j, "keys", (long long)x->st.keys);
	json_kv_int(j, "postings", (long long)x->st.postings);
	json_kv_int(j, "positions", (long long)x->st.positions);
	json_kv_int(j, "runs", x->st.runs);
	json_kv_int(j, "peak_list_bytes", (long long)x->st.peak);
	json_kv_int(j, "files", (long long)x->st.files);
	json_kv_int(j, "bytes", (long long)x->st.bytes);
	json_kv_int(j, "hot", (long long)x->st.hot);
	json_kv_int(j, "add_ms", (long long)(x->add_s * 1000));
	json_kv_int(j, "write_ms", (long long)(write_s * 1000));
	json_obj_close(j);
	json_free(j);
	fprintf(f, "%s\n", b.ptr);
	fclose(f);
	buf_release(&b);
}

int
idx_write(struct idx *x, const char *outdir, struct diags *dg)
{
	struct ngram_stats	 ns;
	size_t			 c;
	double			 t0 = now_s();
	int			 rc;

	if (!x->sealed && x->cj != NULL)
		chunk_finish(x);
	x->sealed = 1;
	forget_written(x);
	memset(&x->st, 0, sizeof(x->st));
	if (x->err) {
		diag_add(dg, DIAG_ERROR, x->errpath, 0, 0, "index-write",
		    "cannot write the search index: %s", strerror(x->err));
		return -1;
	}
	for (c = 0; c < x->nchunks; c++)
		if (write_chunk(x, c, outdir, dg) == -1)
			return -1;
	if (write_keys(x, outdir, dg) == -1 ||
	    write_facet_lists(x, outdir, dg) == -1 ||
	    write_choices_file(x, outdir, dg) == -1 ||
	    write_meta(x, outdir, dg) == -1)
		return -1;
	ngram_tab_stats(x->tab, &ns);
	x->st.docs = x->ndocs;
	x->st.keys = ns.keys;
	x->st.postings = ns.postings;
	x->st.positions = ns.positions;
	x->st.runs = ns.runs;
	x->st.peak = ns.peak;
	x->st.chunks = x->nchunks;
	rc = prune(x, outdir, dg);
	stats_line(x, now_s() - t0);
	return rc;
}
