/*
 * idx_post.c: the postings table of the search index: for every key, its
 * list of documents and, unless it is a unigram or a frequent bigram,
 * its positions (idx_int.h; the format of the lists is ngram.h's).
 * Prepared documents (idx_prep.c) are merged one at a time, in document
 * order: one probe per distinct key, the document's number appended and
 * its positions copied as they were encoded, both in the digits of the
 * files (ngram.h), so that reading a list back is copying it.  Past a memory
 * budget every list in memory goes to a temporary run file; the runs of
 * a key concatenate into its whole list when read back in hash order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx_int.h"
#include "ngram.h"
#include "slab.h"
#include "util.h"

/* MIN_TAB 1024: a first table big enough that small sites never rehash. */
#define MIN_TAB 1024
/*
 * POST_AHEAD 8: how many keys ahead post_add() fetches a key's slot.
 * Measured on 10,000 articles: the merge took 15% less time at 8 than
 * with no prefetch; 4 and 16 did no better, and fetching the list's end
 * too (a second stage) did worse.
 */
#define POST_AHEAD 8

/* An entry of the table: one key and the part of its lists not yet spilled. */
struct post_ent {
	uint32_t	 a, b, c;	/* the key; a == 0 marks a free slot */
	uint32_t	 glast;		/* last document in the list plus one; 0 while none */
	uint32_t	 ndocs;		/* documents in the whole list */
	uint32_t	 dbytes;	/* documents string bytes on disk, whole list */
	uint32_t	 pbytes;	/* positions string bytes on disk, whole list */
	uint32_t	 len;		/* bytes of digits in memory */
	uint32_t	 cap;		/* bytes allocated at u.heap; 0 while inline; */
					/*  from the slab up to SLAB_MAX, else malloc() */
	uint8_t		 frequent;	/* a frequent bigram: its positions are not kept */
	union {
		uint8_t	*heap;		/* when cap > 0 */
		uint8_t	 inl[8];	/* when cap == 0: short lists need no allocation */
	} u;				/* NGRAM_DIGITS: per document its number, then its positions */
};

struct post {
	struct post_ent	*v;		/* open addressing, linear probing */
	uint64_t	*k;		/* KEY3() of v[i], 0 when free: 8 bytes a slot, probed in cache */
	size_t		 cap;		/* slots, a power of two */
	unsigned	 shift;		/* 64 - log2(cap), for Fibonacci hashing */
	size_t		 count;		/* slots in use */
	size_t		 trigrams;	/* of them trigrams */
	size_t		 frequent;	/* of them frequent bigrams */
	uint64_t	 postings;	/* (key, document) pairs */
	uint64_t	 positions;	/* occurrences with positions kept */
	uint32_t	 doc;		/* the last document added */
	size_t		 mem;		/* list memory: the slab's, whether its */
					/*  blocks are in use or free, and big */
	size_t		 big;		/* bytes of the lists past SLAB_MAX */
	size_t		 held;		/* list bytes in use, inline ones too */
	size_t		 peak;		/* the most mem has been */
	size_t		 budget;	/* spill past this many list bytes; 0 never */
	FILE		**runs;		/* spilled runs, oldest first */
	unsigned	 nruns;
	struct slab	*slab;		/* the lists up to SLAB_MAX bytes */
};

struct post *
post_new(void)
{
	struct post	*t = xcalloc(1, sizeof(*t));

	t->cap = MIN_TAB;
	t->shift = 64 - 10;
	t->v = slab_huge_calloc(t->cap * sizeof(*t->v));
	t->k = slab_huge_calloc(t->cap * sizeof(*t->k));
	t->slab = slab_new();
	return t;
}

void
post_free(struct post *t)
{
	size_t		 i;
	unsigned	 r;

	if (t == NULL)
		return;
	for (i = 0; i < t->cap; i++)
		if (t->v[i].a && t->v[i].cap > SLAB_MAX)
			free(t->v[i].u.heap);
	for (r = 0; r < t->nruns; r++)
		fclose(t->runs[r]);
	free(t->runs);
	slab_huge_free(t->v, t->cap * sizeof(*t->v));
	slab_huge_free(t->k, t->cap * sizeof(*t->k));
	slab_free(t->slab);
	free(t);
}

void
post_set_budget(struct post *t, size_t bytes)
{
	t->budget = bytes;
}

static size_t
slot(const struct post *t, uint32_t a, uint32_t b, uint32_t c)
{
	return (size_t)((KEY3(a, b, c) * 0x9e3779b97f4a7c15ull) >> t->shift);
}

/*
 * The slot of (a, b, c), or the free slot where it belongs.  The keys
 * are probed in their own array, eight to a cache line, not in the
 * entries (48 bytes each, megabytes in all): a lookup touches one line
 * of keys and then the one entry.
 */
static size_t
probe(const struct post *t, uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t	 key = KEY3(a, b, c);
	size_t		 i;

	for (i = slot(t, a, b, c); ; i = (i + 1) & (t->cap - 1))
		if (t->k[i] == 0 || t->k[i] == key)
			return i;
}

static void
grow(struct post *t)
{
	struct post_ent	*old = t->v;
	size_t		 oldcap = t->cap, i, j;

	t->cap *= 2;
	t->shift--;
	t->v = slab_huge_calloc(t->cap * sizeof(*t->v));
	slab_huge_free(t->k, oldcap * sizeof(*t->k));
	t->k = slab_huge_calloc(t->cap * sizeof(*t->k));
	for (i = 0; i < oldcap; i++) {
		if (old[i].a == 0)
			continue;
		j = probe(t, old[i].a, old[i].b, old[i].c);
		t->v[j] = old[i];
		t->k[j] = KEY3(old[i].a, old[i].b, old[i].c);
	}
	slab_huge_free(old, oldcap * sizeof(*old));
}

/* The entry of (a, b, c), new to the table, whose free slot is i. */
static struct post_ent *
entry_new(struct post *t, size_t i, uint32_t a, uint32_t b, uint32_t c)
{
	struct post_ent	*e = &t->v[i];

	if ((t->count + 1) * 4 > t->cap * 3) {
		grow(t);
		i = probe(t, a, b, c);
		e = &t->v[i];
	}
	t->k[i] = KEY3(a, b, c);
	memset(e, 0, sizeof(*e));
	e->a = a;
	e->b = b;
	e->c = c;
	t->count++;
	t->trigrams += c != 0;
	return e;
}

/* The entry of (a, b, c), made empty when new. */
static inline struct post_ent *
entry(struct post *t, uint32_t a, uint32_t b, uint32_t c)
{
	size_t		 i = probe(t, a, b, c);

	return t->k[i] != 0 ? &t->v[i] : entry_new(t, i, a, b, c);
}

static uint8_t *
list(struct post_ent *e)
{
	return e->cap ? e->u.heap : e->u.inl;
}

/* room() when e's list must grow. */
static void
room_grow(struct post *t, struct post_ent *e, size_t n, uint32_t have)
{
	uint8_t		*p;
	size_t		 want;

	want = have + have / 2;
	if (want < e->len + n)
		want = e->len + n;
	if (want > UINT32_MAX)
		die("postings of one key outgrow 4 GB");
	if (want <= SLAB_MAX) {
		/* The class's size, 16 at least: each at most 1.5 the last. */
		p = slab_alloc(t->slab, want, &want);
		memcpy(p, list(e), e->len);
		if (e->cap)
			slab_put(t->slab, e->u.heap, e->cap);
	} else if (e->cap <= SLAB_MAX) {
		p = xmalloc(want);
		memcpy(p, list(e), e->len);
		if (e->cap)
			slab_put(t->slab, e->u.heap, e->cap);
		t->big += want;
	} else {
		p = xrealloc(e->u.heap, want);
		t->big += want - e->cap;
	}
	/*
	 * A block given back stays the slab's until a block of its class
	 * takes it: the budget counts it as taken.
	 */
	t->mem = slab_used(t->slab) + t->big;
	if (t->mem > t->peak)
		t->peak = t->mem;
	e->u.heap = p;
	e->cap = (uint32_t)want;
}

/* Makes room for n more bytes at the end of e's list; returns that end. */
static inline uint8_t *
room(struct post *t, struct post_ent *e, size_t n)
{
	uint32_t	 have = e->cap ? e->cap : (uint32_t)sizeof(e->u.inl);

	if (e->len + n > have)
		room_grow(t, e, n, have);
	return list(e) + e->len;
}

void
post_set_frequent(struct post *t, uint32_t a, uint32_t b)
{
	struct post_ent	*e = entry(t, a, b, 0);

	if (e->ndocs)
		die("post_set_frequent after the first document");
	if (!e->frequent)
		t->frequent++;
	e->frequent = 1;
}

static int spill(struct post *);

int
post_add(struct post *t, uint32_t doc, struct idx_prep *p)
{
	const struct prep_key	*k, *f;
	struct post_ent		*e;
	uint8_t			*w;
	uint32_t		 v, nd, np;
	size_t			 i, s;

	if ((t->postings && doc <= t->doc) || doc == UINT32_MAX)
		die("post_add: document %u out of order", doc);
	for (i = 0; i < p->nkeys; i++) {
		k = &p->keys[i];
		/*
		 * The table is megabytes and each key lands anywhere in it:
		 * its slot's key and entry are fetched POST_AHEAD keys early,
		 * so their cache misses overlap instead of coming one by one.
		 */
		if (i + POST_AHEAD < p->nkeys) {
			f = &p->keys[i + POST_AHEAD];
			s = slot(t, f->a, f->b, f->c);
			__builtin_prefetch(&t->k[s]);
			__builtin_prefetch(&t->v[s]);
		}
		/* Trigrams come last, after their bigrams were looked up. */
		if (k->c && !p->frequent[k->half[0]] &&
		    !p->frequent[k->half[1]])
			continue;
		e = entry(t, k->a, k->b, k->c);
		if (k->b && !k->c)
			p->frequent[i] = e->frequent;
		/* The document's number, then its positions unless not kept. */
		v = (doc - e->glast) * 2 + (k->first < NGRAM_TITLE_SPAN);
		nd = ngram_num_digits(v);
		np = k->b == 0 || e->frequent ? 0 : k->len;
		w = room(t, e, nd + np);
		(void)ngram_num_at((char *)w, v);
		if (np) {
			memcpy(w + nd, p->pos + k->off, np);
			e->pbytes += np;
			t->positions += k->npos;
		}
		e->len += nd + np;
		t->held += nd + np;
		e->dbytes += nd;
		e->ndocs++;
		e->glast = doc + 1;
		t->postings++;
	}
	t->doc = doc;
	if (t->budget && (t->mem > t->budget || t->held > t->budget))
		return spill(t);
	return 0;
}

void
post_stats(const struct post *t, struct post_stats *st)
{
	st->keys = t->count;
	st->trigrams = t->trigrams;
	st->frequent = t->frequent;
	st->postings = t->postings;
	st->positions = t->positions;
	st->runs = t->nruns;
	st->peak = t->peak;
}

static int
pair_cmp(const void *pa, const void *pb)
{
	const uint32_t	*a = pa, *b = pb;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

void
post_frequent(const struct post *t, struct buf *b)
{
	uint32_t	*pairs;
	size_t		 i, n = 0;

	pairs = xcalloc(2 * (t->frequent + 1), sizeof(*pairs));
	for (i = 0; i < t->cap; i++)
		if (t->v[i].a && t->v[i].frequent) {
			pairs[2 * n] = t->v[i].a;
			pairs[2 * n + 1] = t->v[i].b;
			n++;
		}
	qsort(pairs, n, 2 * sizeof(*pairs), pair_cmp);
	for (i = 0; i < n; i++) {
		utf8_encode(b, pairs[2 * i]);
		utf8_encode(b, pairs[2 * i + 1]);
	}
	free(pairs);
}

/* For sorting entries into write order. */
struct sortent {
	uint32_t	 hash;	/* ngram_hash(a, b, c) */
	struct post_ent	*e;
};

static int
sortent_cmp(const void *pa, const void *pb)
{
	const struct sortent	*x = pa, *y = pb;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->e->a != y->e->a)
		return x->e->a < y->e->a ? -1 : 1;
	if (x->e->b != y->e->b)
		return x->e->b < y->e->b ? -1 : 1;
	if (x->e->c != y->e->c)
		return x->e->c < y->e->c ? -1 : 1;
	return 0;
}

/* The entries in write order; with nonempty, only those holding a list. */
static struct sortent *
sorted(const struct post *t, int nonempty, size_t *np)
{
	struct sortent	*s;
	size_t		 i, n = 0;

	s = xcalloc(t->count ? t->count : 1, sizeof(*s));
	for (i = 0; i < t->cap; i++) {
		if (t->v[i].a == 0 || (nonempty && t->v[i].len == 0))
			continue;
		s[n].hash = ngram_hash(t->v[i].a, t->v[i].b, t->v[i].c);
		s[n].e = &t->v[i];
		n++;
	}
	qsort(s, n, sizeof(*s), sortent_cmp);
	*np = n;
	return s;
}

static int
put_u32(FILE *f, uint32_t v)
{
	uint8_t	 b[4];

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
	return fwrite(b, 1, 4, f) == 4 ? 0 : -1;
}

/*
 * Writes every list held in memory to a new run file, in write order,
 * as records (a, b, c, length, digits), and frees them.  The entries
 * stay: their counts and the last document carry on into the next run,
 * so the runs of a key concatenate into its whole list.
 */
static int
spill(struct post *t)
{
	struct sortent	*s;
	struct post_ent	*e;
	FILE		*f;
	size_t		 i, n;
	int		 rc = 0;

	if ((f = tmpfile()) == NULL)
		return -1;
	s = sorted(t, 1, &n);
	/* After an error the lists are dropped all the same: the slab resets. */
	for (i = 0; i < n; i++) {
		e = s[i].e;
		if (rc == 0 && (put_u32(f, e->a) == -1 ||
		    put_u32(f, e->b) == -1 || put_u32(f, e->c) == -1 ||
		    put_u32(f, e->len) == -1 ||
		    fwrite(list(e), 1, e->len, f) != e->len))
			rc = -1;
		if (e->cap > SLAB_MAX)
			free(e->u.heap);
		e->cap = 0;
		e->len = 0;
	}
	free(s);
	slab_reset(t->slab);
	t->mem = 0;
	t->big = 0;
	t->held = 0;
	if (rc == 0 && fflush(f) != 0)
		rc = -1;
	if (rc == -1) {
		fclose(f);
		return -1;
	}
	t->runs = xreallocarray(t->runs, t->nruns + 1, sizeof(*t->runs));
	t->runs[t->nruns++] = f;
	return 0;
}

/* ---- reading back ------------------------------------------------------ */

/* The next record of one run file. */
struct head {
	uint32_t	 a, b, c;	/* its key; a == 0 when the run is done */
	struct buf	 bytes;		/* its digits */
};

struct post_iter {
	struct post	*t;		/* the table read */
	struct sortent	*order;		/* every entry in write order */
	struct post_key	*keys;		/* the same as keys */
	size_t		 n, at;		/* entries, and the next to read */
	struct head	*heads;		/* one per run */
	struct buf	 raw;		/* one key's list, runs then memory */
	int		 err;		/* a run could not be read */
	uint8_t		 cls[256];	/* split()'s classes of bytes */
};

static int
get_u32(FILE *f, uint32_t *v)
{
	uint8_t	 b[4];

	if (fread(b, 1, 4, f) != 4)
		return -1;
	*v = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
	return 0;
}

static int
read_head(FILE *f, struct head *h)
{
	uint32_t	 len;
	int		 c;

	h->a = 0;
	buf_reset(&h->bytes);
	if ((c = getc(f)) == EOF)
		return ferror(f) ? -1 : 0;
	ungetc(c, f);
	if (get_u32(f, &h->a) == -1 || get_u32(f, &h->b) == -1 ||
	    get_u32(f, &h->c) == -1 || get_u32(f, &len) == -1)
		return -1;
	buf_grow(&h->bytes, len);
	if (fread(h->bytes.ptr, 1, len, f) != len)
		return -1;
	h->bytes.len = len;
	return 0;
}

struct post_iter *
post_iter_new(struct post *t)
{
	struct post_iter	*it = xcalloc(1, sizeof(*it));
	struct post_key		*k;
	struct post_ent		*e;
	size_t			 i;
	unsigned		 r;

	it->t = t;
	for (i = 0; i < 32; i++)
		it->cls[(unsigned char)NGRAM_DIGITS[i]] = 1 + (i & 1);
	it->order = sorted(t, 0, &it->n);
	it->keys = xcalloc(it->n ? it->n : 1, sizeof(*it->keys));
	for (i = 0; i < it->n; i++) {
		k = &it->keys[i];
		e = it->order[i].e;
		k->a = e->a;
		k->b = e->b;
		k->c = e->c;
		k->hash = it->order[i].hash;
		k->ndocs = e->ndocs;
		k->last = e->glast ? e->glast - 1 : 0;
		k->dbytes = e->dbytes;
		k->pbytes = e->pbytes;
		k->frequent = e->frequent;
	}
	it->heads = xcalloc(t->nruns ? t->nruns : 1, sizeof(*it->heads));
	for (r = 0; r < t->nruns; r++) {
		buf_init(&it->heads[r].bytes);
		if (fseek(t->runs[r], 0, SEEK_SET) == -1 ||
		    read_head(t->runs[r], &it->heads[r]) == -1)
			it->err = 1;
	}
	buf_init(&it->raw);
	return it;
}

size_t
post_iter_count(const struct post_iter *it)
{
	return it->n;
}

const struct post_key *
post_iter_key(const struct post_iter *it, size_t i)
{
	return &it->keys[i];
}

/*
 * Splits a list of positional key into its documents string and its
 * positions string: per document its number, then numbers while the
 * last one's low bit ("more") is set.  A number ends at one of the
 * first 32 digits; cls[] is 0 for the other digits, 1 for an ending one
 * with the bit clear and 2 with it set.
 */
static void
split(const uint8_t *cls, const uint8_t *p, size_t n, struct buf *docs,
    struct buf *pos)
{
	char			*d, *o;
	unsigned		 inpos = 0;
	size_t			 i;

	buf_grow(docs, n);
	buf_grow(pos, n);
	d = docs->ptr + docs->len;
	o = pos->ptr + pos->len;
	for (i = 0; i < n; i++) {
		*d = *o = (char)p[i];
		d += !inpos;
		o += inpos;
		/*
		 * Whether the next byte is a position's: after a document's
		 * number (ending digit, cls 1 or 2) always, after a position
		 * unless it was the last (cls 1).  A compare, not a table: it
		 * is the one step each byte waits for.
		 */
		inpos = cls[p[i]] != inpos;
	}
	docs->len = (size_t)(d - docs->ptr);
	pos->len = (size_t)(o - pos->ptr);
	docs->ptr[docs->len] = '\0';
	pos->ptr[pos->len] = '\0';
}

int
post_iter_next(struct post_iter *it, struct buf *docs, struct buf *pos)
{
	struct post_ent	*e;
	struct head	*h;
	const uint8_t	*src;
	size_t		 n;
	unsigned	 r;

	buf_reset(docs);
	buf_reset(pos);
	if (it->err)
		return -1;
	if (it->at == it->n)
		return 0;
	e = it->order[it->at++].e;
	buf_reset(&it->raw);
	for (r = 0; r < it->t->nruns; r++) {
		h = &it->heads[r];
		if (h->a != e->a || h->b != e->b || h->c != e->c)
			continue;
		buf_put(&it->raw, h->bytes.ptr, h->bytes.len);
		if (read_head(it->t->runs[r], h) == -1) {
			it->err = 1;
			return -1;
		}
	}
	/* Without runs the list is read where it is. */
	src = list(e);
	n = e->len;
	if (it->raw.len) {
		buf_put(&it->raw, list(e), e->len);
		src = (const uint8_t *)it->raw.ptr;
		n = it->raw.len;
	}
	if (e->b != 0 && !e->frequent)
		split(it->cls, src, n, docs, pos);
	else
		buf_put(docs, src, n);	/* documents alone: as it stands */
	if (docs->len != e->dbytes || pos->len != e->pbytes) {
		errno = EIO;	/* a run came back other than it went out */
		it->err = 1;
		return -1;
	}
	return 1;
}

void
post_iter_free(struct post_iter *it)
{
	unsigned	 r;

	if (it == NULL)
		return;
	for (r = 0; r < it->t->nruns; r++)
		buf_release(&it->heads[r].bytes);
	free(it->heads);
	buf_release(&it->raw);
	free(it->keys);
	free(it->order);
	free(it);
}

int
post_lookup(struct post *t, uint32_t a, uint32_t b, uint32_t c,
    struct buf *docs, struct buf *pos)
{
	struct post_iter	*it = post_iter_new(t);
	const struct post_key	*k;
	int			 found = 0;

	while (!found && post_iter_next(it, docs, pos) == 1) {
		k = &it->keys[it->at - 1];
		found = k->a == a && k->b == b && k->c == c;
	}
	post_iter_free(it);
	if (!found) {
		buf_reset(docs);
		buf_reset(pos);
	}
	return found;
}
