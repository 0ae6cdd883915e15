/*
 * idx.c: the search index's API (idx.h).  Documents come in through
 * idx_add(), or idx_prep() on any thread and idx_add_prep() in order;
 * their facets and dates are kept here.  The first IDX_PREFIX_DOCS
 * prepared documents are held until the text code of the docs chunks
 * and the frequent bigrams (idx_int.h) are decided from them; from then
 * on each document is merged into the lists (idx_post.c) and its record
 * goes to the docs chunks (idx_docs.c) as it comes.  idx_write() hands
 * over to idx_write.c for the files, whose top comment is the format.
 *
 * Memory: per document only its facets and date stay here; the text
 * goes out in docs chunks as they fill, and the lists sit in
 * idx_post.c's table, spilling to run files past the memory budget.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "idx_int.h"
#include "json.h"
#include "strmap.h"
#include "util.h"

/* MAX_DOCS: document numbers are 32-bit in the lists. */
#define MAX_DOCS	(UINT32_MAX / 2 - 1)

/* The calling thread's CPU seconds: what the statistics line reports. */
double
idx_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* idx_now() when the statistics line is wanted, else 0. */
static double
add_clock(const struct idx *x)
{
	return x->timed ? idx_now() : 0;
}

/* Where the memo keeps the id of the name at a and b. */
static size_t
memo_slot(const char *a, const char *b)
{
	return (size_t)(((uintptr_t)a ^ (uintptr_t)b * 31) >> 3) % FACET_MEMO;
}

/*
 * The id + 1 of the name a, or of "a\037b" when b is not NULL, made on
 * first sight.  The memo finds a name met before at the same addresses
 * (a province, a kind: the same strings document after document) with
 * one comparison, and the map finds the others.
 */
static uint32_t
facet_id2(struct facet *f, const char *a, const char *b)
{
	struct buf	 key = BUF_INIT;
	const char	*nm;
	size_t		 h = memo_slot(a, b), la;
	uint32_t	 id;
	void		**v;

	if (f->memo_a[h] == a && f->memo_b[h] == b) {
		nm = f->name[f->memo_id[h] - 1];
		la = strlen(a);
		if (b == NULL ? strcmp(nm, a) == 0 : strncmp(nm, a, la) == 0 &&
		    nm[la] == '\037' && strcmp(nm + la + 1, b) == 0)
			return f->memo_id[h];
	}
	if (f->ids == NULL)
		f->ids = strmap_new();
	if (b != NULL)
		buf_printf(&key, "%s\037%s", a, b);
	v = strmap_slot(f->ids, b != NULL ? key.ptr : a);
	if (*v != NULL)
		id = (uint32_t)(uintptr_t)*v;
	else {
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 16;
			f->name = xreallocarray(f->name, f->cap,
			    sizeof(*f->name));
			f->count = xreallocarray(f->count, f->cap,
			    sizeof(*f->count));
		}
		f->name[f->n] = b != NULL ? buf_detach(&key) : xstrdup(a);
		f->count[f->n] = 0;
		*v = (void *)(uintptr_t)++f->n;
		id = (uint32_t)f->n;
	}
	buf_release(&key);
	f->memo_a[h] = a;
	f->memo_b[h] = b;
	f->memo_id[h] = id;
	return id;
}

static uint32_t
facet_id(struct facet *f, const char *name)
{
	return facet_id2(f, name, NULL);
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

const char *
facet_label(const struct facet *f, size_t id)
{
	const char	*s = strchr(f->name[id], '\037');

	return s ? s + 1 : f->name[id];
}

static struct idx *
idx_alloc(const char *atdir)
{
	struct idx	*x = xcalloc(1, sizeof(*x));

	x->shard_bytes = IDX_SHARD_BYTES;
	x->prefix_docs = IDX_PREFIX_DOCS;
	x->freq_milli = IDX_FREQ_MILLI;
	x->freq_min = IDX_FREQ_MIN;
	x->tab = post_new();
	post_set_budget(x->tab, IDX_MEM_BYTES);
	docs_init(&x->store, atdir, IDX_CHUNK_DOCS);
	/* The thread CPU clock is a system call: two a document add up. */
	x->timed = getenv("BAOKAN_IDX_STATS") != NULL;
	return x;
}

struct idx *
idx_new(void)
{
	return idx_alloc(NULL);
}

void
idx_set_put(struct idx *x, idx_put_fn put, void *arg)
{
	x->store.put = put;
	x->store.put_arg = arg;
}

struct idx *
idx_new_at(const char *outdir)
{
	return idx_alloc(outdir);
}

void
idx_free(struct idx *x)
{
	size_t	 i;

	if (x == NULL)
		return;
	post_free(x->tab);
	free(atomic_load(&x->freqmap));
	patch_free(x->patch);
	docs_release(&x->store);
	code_release(&x->code);
	for (i = 0; i < x->nheld; i++)
		idx_prep_free(x->held[i]);
	free(x->held);
	free(x->docs);
	free(x->reps);
	facet_release(&x->prov);
	facet_release(&x->city);
	facet_release(&x->topic);
	facet_release(&x->kind);
	facet_release(&x->rep);
	for (i = 0; i < x->nwritten; i++)
		free(x->written[i]);
	free(x->written);
	free(x);
}

struct idx *
idx_new_patch(const char *outdir, const char *state, idx_get_fn get,
    void *arg)
{
	struct idx	*x = idx_alloc(outdir);

	if (patch_new(x, state, get, arg) == NULL) {
		idx_free(x);
		return NULL;
	}
	x->decided = 1;
	return x;
}

const char *
idx_patch_refused(const struct idx *x)
{
	return patch_why(x);
}

size_t
idx_chunk_docs(const struct idx *x)
{
	return x->store.per;
}

void
idx_set_chunk_docs(struct idx *x, size_t n)
{
	if (x->ndocs)
		die("idx_set_chunk_docs after the first document");
	x->store.per = n ? n : 1;
}

void
idx_set_shard_bytes(struct idx *x, size_t n)
{
	x->shard_bytes = n ? n : 1;
}

void
idx_set_mem_budget(struct idx *x, size_t n)
{
	post_set_budget(x->tab, n);
}

void
idx_set_prefix_docs(struct idx *x, size_t n)
{
	if (x->ndocs)
		die("idx_set_prefix_docs after the first document");
	x->prefix_docs = n ? n : 1;
}

void
idx_set_frequent(struct idx *x, unsigned milli, unsigned min)
{
	if (x->ndocs)
		die("idx_set_frequent after the first document");
	x->freq_milli = milli;
	x->freq_min = min ? min : 1;
}

void
idx_get_stats(const struct idx *x, struct idx_stats *st)
{
	*st = x->st;
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

/* Keeps document number x->ndocs's date and facets. */
static void
add_meta(struct idx *x, const struct idx_doc *d)
{
	struct idoc	*m = &x->docs[x->ndocs];
	uint32_t	 id;
	size_t		 i, j;

	memset(m, 0, sizeof(*m));
	m->date = date_num(d->date);
	if (d->province && *d->province) {
		m->prov = facet_id(&x->prov, d->province);
		x->prov.count[m->prov - 1]++;
	}
	if (d->city && *d->city) {
		m->city = facet_id2(&x->city, d->province ? d->province : "",
		    d->city);
		x->city.count[m->city - 1]++;
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

/* Document p into the lists and the docs chunks; frees it. */
static void
merge(struct idx *x, struct idx_prep *p)
{
	if (post_add(x->tab, p->num, p) == -1 && x->err == 0)
		x->err = errno ? errno : EIO;
	docs_add(&x->store, &p->doc, &x->code);
	idx_prep_free(p);
}

/*
 * The text code from the characters of the documents held, and the
 * frequent bigrams from their occurrences (idx_int.h); then the held
 * documents go in.  An archive that ends before the prefix fills needs
 * neither (its lists and chunks are small): its text stays as it is and
 * no bigram is frequent, so editing an article of a small site changes
 * only the files that hold it.
 */
static void
decide(struct idx *x)
{
	struct kmap		*chars = kmap_new(4096), *pairs = kmap_new(65536);
	uint64_t		*map = xcalloc((1 << FREQ_BITS) / 64, sizeof(*map));
	uint32_t		 a, b;
	const struct idx_prep	*p;
	const struct prep_key	*k;
	uint64_t		 key, least;
	uint32_t		 n;
	size_t			 i, j;
	int			 made;

	for (i = 0; i < x->nheld; i++) {
		p = x->held[i];
		code_count(chars, p->doc.title);
		code_count(chars, p->doc.kicker);
		code_count(chars, p->doc.subtitle);
		code_count(chars, p->doc.issue);
		code_count(chars, p->doc.region);
		code_count(chars, p->doc.text);
		for (j = 0; j < p->nkeys; j++) {
			k = &p->keys[j];
			if (k->b && !k->c)
				*kmap_slot(pairs, KEY3(k->a, k->b, 0), &made) +=
				    k->npos;
		}
	}
	if (x->nheld >= x->prefix_docs)
		code_build(&x->code, chars);
	least = ((uint64_t)x->nheld * x->freq_milli + 999) / 1000;
	if (least < x->freq_min)
		least = x->freq_min;
	for (i = 0; i < kmap_cap(pairs) && x->nheld >= x->prefix_docs; i++)
		if (kmap_at(pairs, i, &key, &n) && n >= least) {
			a = (uint32_t)(key >> 42);
			b = (uint32_t)(key >> 21) & 0x1fffff;
			post_set_frequent(x->tab, a, b);
			bits_set(map, FREQ_BIT(a, b));
		}
	/* Workers preparing documents from now on may leave trigrams out. */
	atomic_store_explicit(&x->freqmap, map, memory_order_release);
	kmap_free(chars);
	kmap_free(pairs);
	x->decided = 1;
	for (i = 0; i < x->nheld; i++)
		merge(x, x->held[i]);
	free(x->held);
	x->held = NULL;
	x->nheld = 0;
}

/* The next document's number, its date and facets kept. */
static uint32_t
next_doc(struct idx *x, const struct idx_doc *d)
{
	if (x->ndocs >= MAX_DOCS)
		die("search index full at %zu documents", x->ndocs);
	x->docs = xgrow(x->docs, x->ndocs, sizeof(*x->docs));
	add_meta(x, d);
	return (uint32_t)x->ndocs++;
}

void
idx_add_prep(struct idx *x, struct idx_prep *p)
{
	double	 t0 = add_clock(x);

	if (x->sealed || x->patch)
		die("idx_add after idx_write, or on a patching index");
	p->num = next_doc(x, &p->doc);
	if (x->decided)
		merge(x, p);
	else {
		x->held = xgrow(x->held, x->nheld, sizeof(*x->held));
		x->held[x->nheld++] = p;
		if (x->nheld >= x->prefix_docs)
			decide(x);
	}
	x->add_s += add_clock(x) - t0;
}

void
idx_add_patched(struct idx *x, struct idx_prep *p, struct idx_prep *old)
{
	double	 t0 = add_clock(x);

	if (x->patch == NULL)
		die("idx_add_patched on an index that does not patch");
	p->num = next_doc(x, &p->doc);
	patch_add(x, p, old);
	x->add_s += add_clock(x) - t0;
}

void
idx_add_unchanged(struct idx *x, const struct idx_doc *d)
{
	double	 t0 = add_clock(x);

	if (x->patch == NULL)
		die("idx_add_unchanged on an index that does not patch");
	(void)next_doc(x, d);
	patch_add(x, NULL, NULL);
	x->add_s += add_clock(x) - t0;
}

void
idx_add(struct idx *x, const struct idx_doc *d)
{
	struct idx_prep	*p;
	double		 t0 = add_clock(x);

	p = idx_prep(d);
	x->add_s += add_clock(x) - t0;
	idx_add_prep(x, p);
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
	json_kv_int(j, "trigrams", (long long)x->st.trigrams);
	json_kv_int(j, "frequent", (long long)x->st.frequent);
	json_kv_int(j, "postings", (long long)x->st.postings);
	json_kv_int(j, "positions", (long long)x->st.positions);
	json_kv_int(j, "runs", x->st.runs);
	json_kv_int(j, "peak_list_bytes", (long long)x->st.peak);
	json_kv_int(j, "files", (long long)x->st.files);
	json_kv_int(j, "bytes", (long long)x->st.bytes);
	json_kv_int(j, "folders", (long long)x->st.folders);
	json_kv_int(j, "widest", (long long)x->st.widest);
	json_kv_int(j, "hot", (long long)x->st.hot);
	json_kv_int(j, "chunks", (long long)x->st.chunks);
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
	struct post_stats	 ps;
	double			 t0 = idx_now();
	int			 rc;

	if (x->patch) {
		memset(&x->st.files, 0, sizeof(x->st.files));
		if ((rc = patch_write(x, outdir, dg)) == 0)
			stats_line(x, idx_now() - t0);
		return rc;
	}
	if (!x->sealed) {
		if (!x->decided)
			decide(x);
		docs_close(&x->store);
		x->sealed = 1;
	}
	memset(&x->st, 0, sizeof(x->st));
	if (x->err) {
		diag_add(dg, DIAG_ERROR, "temporary run file", 0, 0,
		    "index-write", "cannot write the search index: %s",
		    strerror(x->err));
		return -1;
	}
	if (x->store.err) {
		diag_add(dg, DIAG_ERROR, x->store.errpath, 0, 0, "index-write",
		    "cannot write the search index: %s",
		    strerror(x->store.err));
		return -1;
	}
	rc = idx_write_files(x, outdir, dg);
	post_stats(x->tab, &ps);
	x->st.docs = x->ndocs;
	x->st.keys = ps.keys;
	x->st.trigrams = ps.trigrams;
	x->st.frequent = ps.frequent;
	x->st.postings = ps.postings;
	x->st.positions = ps.positions;
	x->st.runs = ps.runs;
	x->st.peak = ps.peak;
	x->st.chunks = x->store.nchunks;
	if (rc == 0)
		stats_line(x, idx_now() - t0);
	return rc;
}
