/*
 * idx_prep.c: one document tokenised for the search index, before it is
 * merged into the lists (idx_post.c).  This is where a token becomes a
 * key: the fields are folded into positions (ngram_fold_field()), and
 * every unigram, bigram and trigram of a run of term characters is
 * collected once with its first position and, for bigrams and
 * trigrams, all its positions, already written in the digits the lists
 * hold.  Whether a trigram is kept is decided at the merge (only those
 * holding a frequent bigram are: idx_int.h), so this file needs nothing
 * but the document and may run on any thread.
 *
 * Also here: struct kmap, the open-addressing map of 64-bit keys to
 * 32-bit values used for a document's keys, character counts and the
 * text code.
 */
#include <stdlib.h>
#include <string.h>

#include "idx_int.h"
#include "ngram.h"
#include "util.h"

/* ---- kmap -------------------------------------------------------------- */

/* KMAP_FREE: no packed key reaches it (code points are 21 bits). */
#define KMAP_FREE	UINT64_MAX

struct kmap {
	uint64_t	*key;		/* KMAP_FREE marks a free slot */
	uint32_t	*val;
	size_t		 cap;		/* slots, a power of two */
	size_t		 n;		/* slots in use */
	unsigned	 shift;		/* 64 - log2(cap), for Fibonacci hashing */
};

static void
kmap_alloc(struct kmap *m, size_t cap)
{
	m->cap = cap;
	m->shift = 64;
	while (cap > 1) {
		cap >>= 1;
		m->shift--;
	}
	m->key = xreallocarray(NULL, m->cap, sizeof(*m->key));
	/* A value is set when its slot is taken (kmap_slot()). */
	m->val = xreallocarray(NULL, m->cap, sizeof(*m->val));
	memset(m->key, 0xff, m->cap * sizeof(*m->key));	/* KMAP_FREE */
}

struct kmap *
kmap_new(size_t hint)
{
	struct kmap	*m = xcalloc(1, sizeof(*m));
	size_t		 cap = 16;

	while (cap < hint + hint / 3)
		cap *= 2;
	kmap_alloc(m, cap);
	return m;
}

void
kmap_free(struct kmap *m)
{
	if (m == NULL)
		return;
	free(m->key);
	free(m->val);
	free(m);
}

static inline size_t
kmap_find(const struct kmap *m, uint64_t key)
{
	size_t	 i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> m->shift);

	if (m->shift == 64)
		i = 0;
	while (m->key[i] != KMAP_FREE && m->key[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Doubles m, keeping its keys. */
static void
kmap_double(struct kmap *m)
{
	struct kmap	 old = *m;
	size_t		 i;

	kmap_alloc(m, old.cap * 2);
	for (i = 0; i < old.cap; i++)
		if (old.key[i] != KMAP_FREE) {
			size_t j = kmap_find(m, old.key[i]);

			m->key[j] = old.key[i];
			m->val[j] = old.val[i];
		}
	free(old.key);
	free(old.val);
}

/*
 * Puts key, absent, in free slot i (kmap_find()'s answer) with value 0,
 * growing the map first when it is full; returns the value.
 */
static inline uint32_t *
kmap_take(struct kmap *m, size_t i, uint64_t key)
{
	if ((m->n + 1) * 4 > m->cap * 3) {
		kmap_double(m);
		i = kmap_find(m, key);
	}
	m->key[i] = key;
	m->val[i] = 0;
	m->n++;
	return &m->val[i];
}

uint32_t *
kmap_slot(struct kmap *m, uint64_t key, int *made)
{
	size_t	 i = kmap_find(m, key);

	*made = m->key[i] == KMAP_FREE;
	return *made ? kmap_take(m, i, key) : &m->val[i];
}

uint32_t
kmap_get(const struct kmap *m, uint64_t key)
{
	size_t	 i = kmap_find(m, key);

	return m->key[i] == KMAP_FREE ? 0 : m->val[i];
}

size_t
kmap_cap(const struct kmap *m)
{
	return m->cap;
}

int
kmap_at(const struct kmap *m, size_t i, uint64_t *key, uint32_t *val)
{
	if (m->key[i] == KMAP_FREE)
		return 0;
	*key = m->key[i];
	*val = m->val[i];
	return 1;
}

/* ---- the fields, copied ------------------------------------------------ */

static size_t
len0(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies s to *at and returns the copy (NULL stays NULL). */
static const char *
put_str(char **at, const char *s)
{
	char	*p = *at;
	size_t	 n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(p, s, n);
	*at += n;
	return p;
}

static void
copy_doc(struct idx_prep *p, const struct idx_doc *d)
{
	struct idx_doc	*o = &p->doc;
	size_t		 n, i;
	char		*at;

	n = len0(d->id) + len0(d->url) + len0(d->title) + len0(d->kicker) +
	    len0(d->subtitle) + len0(d->date) + len0(d->issue) +
	    len0(d->kind) + len0(d->province) + len0(d->city) +
	    len0(d->region) + len0(d->text);
	for (i = 0; i < 3 && d->topics[i]; i++)
		n += len0(d->topics[i]);
	for (i = 0; i < d->nreporters; i++)
		n += len0(d->reporters[i]);
	p->arena = at = xmalloc(n ? n : 1);
	o->id = put_str(&at, d->id);
	o->url = put_str(&at, d->url);
	o->title = put_str(&at, d->title);
	o->kicker = put_str(&at, d->kicker);
	o->subtitle = put_str(&at, d->subtitle);
	o->date = put_str(&at, d->date);
	o->issue = put_str(&at, d->issue);
	o->page = d->page;
	o->kind = put_str(&at, d->kind);
	o->province = put_str(&at, d->province);
	o->city = put_str(&at, d->city);
	o->region = put_str(&at, d->region);
	for (i = 0; i < 3 && d->topics[i]; i++)
		o->topics[i] = put_str(&at, d->topics[i]);
	p->reps = xcalloc(d->nreporters ? d->nreporters : 1, sizeof(*p->reps));
	for (i = 0; i < d->nreporters; i++)
		p->reps[i] = put_str(&at, d->reporters[i]);
	o->reporters = p->reps;
	o->nreporters = d->nreporters;
	o->text = put_str(&at, d->text);
}

/* ---- the keys ---------------------------------------------------------- */

/*
 * Key (a, b, c) new to the document, whose free slot in m is i: made
 * with first position at.
 */
static __attribute__((noinline)) uint32_t
key_new(struct idx_prep *p, struct kmap *m, size_t i, size_t *cap,
    uint32_t a, uint32_t b, uint32_t c, uint32_t at)
{
	struct prep_key	*k;
	uint32_t	*v = kmap_take(m, i, KEY3(a, b, c));

	if (p->nkeys == *cap) {
		*cap *= 2;
		p->keys = xreallocarray(p->keys, *cap, sizeof(*p->keys));
	}
	k = &p->keys[p->nkeys];
	*k = (struct prep_key){ .a = a, .b = b, .c = c, .first = at,
	    .npos = 1 };
	*v = (uint32_t)++p->nkeys;
	return *v - 1;
}

/*
 * The index of key (a, b, c) in p->keys, made with first position at.
 * The map is probed here, inline: half the keys of a text were seen
 * before in it, and for those nothing else is done.
 */
static inline __attribute__((always_inline)) uint32_t
key_at(struct idx_prep *p, struct kmap *m, size_t *cap, uint32_t a,
    uint32_t b, uint32_t c, uint32_t at)
{
	uint64_t	 key = KEY3(a, b, c);
	size_t		 i = kmap_find(m, key);

	if (m->key[i] == key) {
		p->keys[m->val[i] - 1].npos++;
		return m->val[i] - 1;
	}
	return key_new(p, m, i, cap, a, b, c, at);
}

/*
 * The keys of the folded document cps[0 .. n) (0 at every break; cps[n
 * - 1] is 0): unigrams and bigrams in a first pass, trigrams in a
 * second, then every positional key's positions gathered in order and
 * written in the digits of the files.
 */
static void
collect(struct idx_prep *p, const uint32_t *cps, uint32_t n,
    const uint64_t *freq)
{
	/*
	 * About 1.3 distinct keys a character once trigrams are filtered,
	 * one more without the filter: the map and the keys are sized for
	 * that and grow past it.
	 */
	size_t		 cap = (size_t)n + n / 2 + (freq ? 0 : n) + 16;
	struct kmap	*m = kmap_new(cap);
	struct buf	 enc = BUF_INIT;
	uint32_t	*bi = xreallocarray(NULL, n ? n : 1, sizeof(*bi));
	uint32_t	*tri = xreallocarray(NULL, n ? n : 1, sizeof(*tri));
	uint32_t	*start, *fill, *posv, *pk, i, j, k, npk, sink, total = 0,
			 v, prev;
	struct prep_key	*key;
	char		*w;

	p->keys = xreallocarray(NULL, cap, sizeof(*p->keys));
	memset(bi, 0xff, (n ? n : 1) * sizeof(*bi));	/* UINT32_MAX: none */
	memset(tri, 0xff, (n ? n : 1) * sizeof(*tri));
	for (i = 0; i + 1 < n; i++) {
		if (cps[i] == 0)
			continue;
		key_at(p, m, &cap, cps[i], 0, 0, i);
		if (cps[i + 1])
			bi[i] = key_at(p, m, &cap, cps[i], cps[i + 1], 0, i);
	}
	for (i = 0; i + 2 < n; i++) {
		if (cps[i] == 0 || cps[i + 1] == 0 || cps[i + 2] == 0)
			continue;
		/* Kept only if it holds a frequent bigram (post_add()). */
		if (freq != NULL && !bits_has(freq, FREQ_BIT(cps[i], cps[i + 1]))
		    && !bits_has(freq, FREQ_BIT(cps[i + 1], cps[i + 2])))
			continue;
		tri[i] = key_at(p, m, &cap, cps[i], cps[i + 1],
		    cps[i + 2], i);
		key = &p->keys[tri[i]];
		if (key->npos == 1) {
			key->half[0] = bi[i];
			key->half[1] = bi[i + 1];
		}
	}
	kmap_free(m);

	/*
	 * Every positional key's positions, in order, as the files write
	 * them.  Unigrams and bigrams come mixed, and so do the places
	 * without a bigram or trigram: the loops below take the positional
	 * keys from a list (pk) and send the places without one to a sink
	 * (key nkeys, room for n places past the rest), so that they hold
	 * no branch a text's chance order would mispredict.
	 */
	pk = xreallocarray(NULL, p->nkeys + 1, sizeof(*pk));
	for (k = npk = 0; k < p->nkeys; k++) {
		pk[npk] = k;
		npk += p->keys[k].b != 0;
	}
	start = xreallocarray(NULL, p->nkeys + 1, sizeof(*start));
	fill = xcalloc(p->nkeys + 1, sizeof(*fill));
	for (j = 0; j < npk; j++) {
		start[pk[j]] = total;
		total += p->keys[pk[j]].npos;
	}
	sink = (uint32_t)p->nkeys;
	start[sink] = total;
	posv = xreallocarray(NULL, (size_t)total + 2 * n + 1, sizeof(*posv));
	for (i = 0; i + 1 < n; i++) {
		k = bi[i] != UINT32_MAX ? bi[i] : sink;
		posv[start[k] + fill[k]++] = i;
		k = tri[i] != UINT32_MAX ? tri[i] : sink;
		posv[start[k] + fill[k]++] = i;
	}
	/* Room for the longest numbers, so the loop writes without checking. */
	buf_grow(&enc, (size_t)total * NGRAM_NUM_MAX);
	w = enc.ptr;
	for (j = 0; j < npk; j++) {
		k = pk[j];
		key = &p->keys[k];
		key->off = (uint32_t)(w - enc.ptr);
		prev = (uint32_t)-1;
		for (i = 0; i < key->npos; i++) {
			v = (posv[start[k] + i] - prev - 1) * 2 +
			    (i + 1 < key->npos);
			prev = posv[start[k] + i];
			w = ngram_num_at(w, v);
		}
		key->len = (uint32_t)(w - enc.ptr) - key->off;
	}
	enc.len = (size_t)(w - enc.ptr);
	enc.ptr[enc.len] = '\0';
	p->npos = enc.len;
	p->pos = (uint8_t *)buf_detach(&enc);
	p->frequent = xcalloc(p->nkeys ? p->nkeys : 1, 1);
	free(posv);
	free(pk);
	free(start);
	free(fill);
	free(bi);
	free(tri);
}

static struct idx_prep *
prep(const struct idx_doc *d, const uint64_t *freq)
{
	struct idx_prep	*p = xcalloc(1, sizeof(*p));
	const char	*f[3];
	uint32_t	*cps, pos;
	size_t		 room, i;

	copy_doc(p, d);
	f[0] = p->doc.kicker;
	f[1] = p->doc.subtitle;
	f[2] = p->doc.text;
	room = NGRAM_TITLE_SPAN + len0(p->doc.title) + 1;
	for (i = 0; i < 3; i++)
		room += len0(f[i]) + 1;
	cps = xcalloc(room, sizeof(*cps));
	/* The title first, so a position under the span means "in the title". */
	pos = p->doc.title ? ngram_fold_field(cps, p->doc.title,
	    strlen(p->doc.title), 0) : 1;
	if (pos < NGRAM_TITLE_SPAN)
		pos = NGRAM_TITLE_SPAN;
	for (i = 0; i < 3; i++)
		pos = f[i] ? ngram_fold_field(cps, f[i], strlen(f[i]), pos) :
		    pos + 1;
	collect(p, cps, pos, freq);
	free(cps);
	return p;
}

struct idx_prep *
idx_prep(const struct idx_doc *d)
{
	return prep(d, NULL);
}

struct idx_prep *
idx_prep_for(const struct idx *x, const struct idx_doc *d)
{
	return prep(d, atomic_load_explicit(&((struct idx *)x)->freqmap,
	    memory_order_acquire));
}

struct idx_prep *
idx_prep_fields(const struct idx_doc *d)
{
	struct idx_prep	*p = xcalloc(1, sizeof(*p));

	copy_doc(p, d);
	p->frequent = xcalloc(1, 1);
	return p;
}

void
idx_prep_free(struct idx_prep *p)
{
	if (p == NULL)
		return;
	free(p->arena);
	free(p->reps);
	free(p->keys);
	free(p->pos);
	free(p->frequent);
	free(p);
}
