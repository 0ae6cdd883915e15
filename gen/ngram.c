/*
 * ngram.c: folding, term code points, and the postings table with its
 * spill to run files.  See ngram.h for what a key and a list are and who
 * mirrors what.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ngram.h"
#include "util.h"

/*
 * Code points above ASCII that never join a bigram: spaces, punctuation,
 * symbols, private use.  Ideographs, kana, hangul and letters of other
 * scripts are terms.  search.js holds the same list (NONTERM).
 */
static const struct range {
	uint32_t	 lo;	/* first code point of the range */
	uint32_t	 hi;	/* last, inclusive */
} nonterm[] = {
	{ 0x0080, 0x00bf },	/* C1 controls, no-break space, Latin-1 signs, · */
	{ 0x00d7, 0x00d7 },	/* × */
	{ 0x00f7, 0x00f7 },	/* ÷ */
	{ 0x2000, 0x2bff },	/* general punctuation to arrows: — “” … ① ℃ ■ */
	{ 0x2e00, 0x2e7f },	/* supplemental punctuation */
	{ 0x2ff0, 0x2fff },	/* ideographic description characters */
	{ 0x3000, 0x3004 },	/* ideographic space, 、 。 〃 〄 */
	{ 0x3008, 0x303f },	/* 《》「」【】〔〕 and the rest; 々〆〇 stay terms */
	{ 0x30fb, 0x30fb },	/* ・ katakana middle dot */
	{ 0x3200, 0x33ff },	/* enclosed CJK, CJK compatibility: ㈠ ㎡ */
	{ 0xd800, 0xf8ff },	/* surrogates, private use */
	{ 0xfe00, 0xfe1f },	/* variation selectors, vertical forms */
	{ 0xfe30, 0xfe6f },	/* CJK compatibility forms, small form variants */
	{ 0xfeff, 0xfeff },	/* byte order mark */
	{ 0xff00, 0xff65 },	/* full-width punctuation left after folding: ｟｠｡｢｣､･ */
	{ 0xffe0, 0xffff },	/* full-width signs ￥, specials, U+FFFD */
	{ 0x1f000, 0x1faff },	/* mahjong, cards, emoji and pictographs */
	{ 0xe0000, 0x10ffff }	/* tags, variation selectors supplement, private use */
};

#define NNONTERM (sizeof(nonterm) / sizeof(nonterm[0]))

/* MIN_TAB 1024: a first table big enough that small sites never rehash. */
#define MIN_TAB 1024

/* An entry of the table: one key and the part of its lists not yet spilled. */
struct ngram_ent {
	uint32_t	 a, b;		/* the key; a == 0 marks a free slot */
	uint32_t	 glast;		/* last document in the list plus one; 0 while none */
	uint32_t	 ndocs;		/* documents in the whole list */
	uint32_t	 dbytes;	/* documents string bytes on disk, whole list */
	uint32_t	 pbytes;	/* positions string bytes on disk, whole list */
	uint32_t	 lastpos;	/* the last position added in the current document */
	uint32_t	 len;		/* bytes of varint in memory */
	uint32_t	 cap;		/* bytes allocated at u.heap; 0 while inline */
	union {
		uint8_t	*heap;		/* when cap > 0 */
		uint8_t	 inl[8];	/* when cap == 0: short lists need no allocation */
	} u;				/* 7-bit varints, low group first */
};

struct ngram_tab {
	struct ngram_ent *v;		/* open addressing, linear probing */
	size_t		 cap;		/* slots, a power of two */
	unsigned	 shift;		/* 64 - log2(cap), for Fibonacci hashing */
	size_t		 count;		/* slots in use */
	uint64_t	 postings;	/* (key, document) pairs */
	uint64_t	 positions;	/* bigram occurrences */
	uint32_t	 doc;		/* the document being added */
	int		 indoc;		/* between ngram_doc_begin() and _end() */
	size_t		 mem;		/* list bytes allocated */
	size_t		 held;		/* list bytes in use, inline ones too */
	size_t		 peak;		/* the most mem has been */
	size_t		 budget;	/* spill past this many list bytes; 0 never */
	FILE		**runs;		/* spilled runs, oldest first */
	unsigned	 nruns;
};

uint32_t
ngram_fold(uint32_t cp)
{
	size_t	 lo, hi, mid;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp >= 0xff01 && cp <= 0xff5e) {
		/* Full-width forms sit at a fixed offset from ASCII. */
		cp -= 0xfee0;
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	}
	if (cp == 0x3000)
		return ' ';
	if (cp < ngram_fold_pairs[0].from ||
	    cp > ngram_fold_pairs[ngram_fold_npairs - 1].from)
		return cp;
	lo = 0;
	hi = ngram_fold_npairs;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ngram_fold_pairs[mid].from == cp)
			return ngram_fold_pairs[mid].to;
		if (ngram_fold_pairs[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

int
ngram_is_term(uint32_t cp)
{
	size_t	 i;

	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	/* The common case first: a unified ideograph. */
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return 1;
	for (i = 0; i < NNONTERM && nonterm[i].lo <= cp; i++)
		if (cp <= nonterm[i].hi)
			return 0;
	return 1;
}

void
ngram_fold_table(struct buf *b)
{
	uint32_t	 prev = (uint32_t)-1, f, t;
	size_t		 i;

	for (i = 0; i < ngram_fold_npairs; i++) {
		f = ngram_fold_pairs[i].from;
		t = ngram_fold_pairs[i].to;
		ngram_put_num(b, f - prev - 1);
		ngram_put_num(b, t >= f ? (t - f) * 2 : (f - t) * 2 - 1);
		prev = f;
	}
}

/*
 * murmur3's finaliser: JavaScript computes it the same way with
 * Math.imul, and its high bits are as good as its low ones.
 */
static uint32_t
mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

uint32_t
ngram_hash(uint32_t a, uint32_t b)
{
	return mix(a * 65599u + b);
}

uint32_t
ngram_shard(uint32_t hash, unsigned bits)
{
	return bits ? hash >> (32 - bits) : 0;
}

uint32_t
ngram_str_hash(const char *s)
{
	uint32_t	 h = 0;
	size_t		 n = strlen(s), i, l;

	for (i = 0; i < n; i += l)
		h = h * 65599u + utf8_decode(s + i, n - i, &l);
	return mix(h);
}

size_t
ngram_num_len(uint32_t v)
{
	size_t	 n = 1;

	while (v >= 32) {
		v >>= 5;
		n++;
	}
	return n;
}

void
ngram_put_num(struct buf *b, uint32_t v)
{
	char	 t[8];
	size_t	 n, i;

	n = ngram_num_len(v);
	t[n - 1] = NGRAM_DIGITS[v & 31];
	for (i = n - 1; i > 0; i--) {
		v >>= 5;
		t[i - 1] = NGRAM_DIGITS[32 + (v & 31)];
	}
	buf_put(b, t, n);
}

struct ngram_tab *
ngram_tab_new(void)
{
	struct ngram_tab	*t = xcalloc(1, sizeof(*t));

	t->cap = MIN_TAB;
	t->shift = 64 - 10;
	t->v = xcalloc(t->cap, sizeof(*t->v));
	return t;
}

void
ngram_tab_free(struct ngram_tab *t)
{
	size_t		 i;
	unsigned	 r;

	if (t == NULL)
		return;
	for (i = 0; i < t->cap; i++)
		if (t->v[i].a && t->v[i].cap)
			free(t->v[i].u.heap);
	for (r = 0; r < t->nruns; r++)
		fclose(t->runs[r]);
	free(t->runs);
	free(t->v);
	free(t);
}

void
ngram_tab_set_budget(struct ngram_tab *t, size_t bytes)
{
	t->budget = bytes;
}

static size_t
slot(const struct ngram_tab *t, uint32_t a, uint32_t b)
{
	uint64_t	 key = ((uint64_t)a << 21) | b;

	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> t->shift);
}

/* Finds (a, b), or the free slot where it belongs. */
static struct ngram_ent *
probe(const struct ngram_tab *t, uint32_t a, uint32_t b)
{
	size_t	 i;

	for (i = slot(t, a, b); ; i = (i + 1) & (t->cap - 1))
		if (t->v[i].a == 0 || (t->v[i].a == a && t->v[i].b == b))
			return &t->v[i];
}

static void
grow(struct ngram_tab *t)
{
	struct ngram_ent	*old = t->v, *e;
	size_t			 oldcap = t->cap, i;

	t->cap *= 2;
	t->shift--;
	t->v = xcalloc(t->cap, sizeof(*t->v));
	for (i = 0; i < oldcap; i++) {
		if (old[i].a == 0)
			continue;
		e = probe(t, old[i].a, old[i].b);
		*e = old[i];
	}
	free(old);
}

static uint8_t *
list(struct ngram_ent *e)
{
	return e->cap ? e->u.heap : e->u.inl;
}

/* Appends v to e's list as a varint. */
static void
put(struct ngram_tab *t, struct ngram_ent *e, uint32_t v)
{
	uint8_t		 w[5], *p;
	uint32_t	 room;
	size_t		 n = 0, want;

	while (v >= 0x80) {
		w[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	w[n++] = (uint8_t)v;
	room = e->cap ? e->cap : (uint32_t)sizeof(e->u.inl);
	if (e->len + n > room) {
		want = room + room / 2;
		if (want < e->len + n)
			want = e->len + n;
		if (want < 16)
			want = 16;
		if (want > UINT32_MAX)
			die("postings of one key outgrow 4 GB");
		if (e->cap == 0) {
			p = xmalloc(want);
			memcpy(p, e->u.inl, e->len);
		} else
			p = xrealloc(e->u.heap, want);
		t->mem += want - e->cap;
		if (t->mem > t->peak)
			t->peak = t->mem;
		e->u.heap = p;
		e->cap = (uint32_t)want;
	}
	memcpy(list(e) + e->len, w, n);
	e->len += (uint32_t)n;
	t->held += n;
}

/* Sets the "more" bit of the last varint in e's list: its low bit. */
static void
mark_more(struct ngram_ent *e)
{
	uint8_t		*p = list(e);
	uint32_t	 i = e->len - 1;

	while (i > 0 && (p[i - 1] & 0x80))
		i--;
	p[i] |= 1;
}

static void
add_key(struct ngram_tab *t, uint32_t a, uint32_t b, uint32_t pos)
{
	struct ngram_ent	*e;
	uint32_t		 v;

	e = probe(t, a, b);
	if (e->a == 0) {
		if ((t->count + 1) * 4 > t->cap * 3) {
			grow(t);
			e = probe(t, a, b);
		}
		memset(e, 0, sizeof(*e));
		e->a = a;
		e->b = b;
		t->count++;
	}
	if (e->glast != t->doc + 1) {
		v = (t->doc - e->glast) * 2 + (pos < NGRAM_TITLE_SPAN);
		put(t, e, v);
		e->dbytes += (uint32_t)ngram_num_len(v);
		e->ndocs++;
		e->glast = t->doc + 1;
		t->postings++;
		if (b == 0)
			return;
		v = pos * 2;
	} else if (b == 0) {
		return;		/* a unigram keeps no positions */
	} else {
		mark_more(e);
		v = (pos - e->lastpos - 1) * 2;
	}
	put(t, e, v);
	e->pbytes += (uint32_t)ngram_num_len(v);
	e->lastpos = pos;
	t->positions++;
}

void
ngram_doc_begin(struct ngram_tab *t, uint32_t doc)
{
	if (t->indoc || (t->postings && doc < t->doc) ||
	    doc == UINT32_MAX)
		die("ngram_doc_begin: document %u out of order", doc);
	t->doc = doc;
	t->indoc = 1;
}

uint32_t
ngram_doc_field(struct ngram_tab *t, const char *s, size_t n, uint32_t pos)
{
	uint32_t	 cp, prev = 0;
	size_t		 i, l;

	for (i = 0; i < n; i += l, pos++) {
		cp = ngram_fold(utf8_decode(s + i, n - i, &l));
		if (!ngram_is_term(cp)) {
			prev = 0;
			continue;
		}
		add_key(t, cp, 0, pos);
		if (prev)
			add_key(t, prev, cp, pos - 1);
		prev = cp;
	}
	return pos + 1;
}

/* For sorting entries into write order. */
struct sortent {
	uint32_t		 hash;	/* ngram_hash(a, b) */
	struct ngram_ent	*e;
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
	return 0;
}

/* The entries in write order; with nonempty, only those holding a list. */
static struct sortent *
sorted(const struct ngram_tab *t, int nonempty, size_t *np)
{
	struct sortent	*s;
	size_t		 i, n = 0;

	s = xcalloc(t->count ? t->count : 1, sizeof(*s));
	for (i = 0; i < t->cap; i++) {
		if (t->v[i].a == 0 || (nonempty && t->v[i].len == 0))
			continue;
		s[n].hash = ngram_hash(t->v[i].a, t->v[i].b);
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
 * as records (a, b, length, varints), and frees them.  The entries stay:
 * their counts and the last document carry on into the next run, so the
 * runs of a key concatenate into its whole list.
 */
static int
spill(struct ngram_tab *t)
{
	struct sortent	*s;
	FILE		*f;
	size_t		 i, n;
	int		 rc = 0;

	if ((f = tmpfile()) == NULL)
		return -1;
	s = sorted(t, 1, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (put_u32(f, s[i].e->a) == -1 || put_u32(f, s[i].e->b) == -1 ||
		    put_u32(f, s[i].e->len) == -1 ||
		    fwrite(list(s[i].e), 1, s[i].e->len, f) != s[i].e->len)
			rc = -1;
		if (s[i].e->cap)
			free(s[i].e->u.heap);
		s[i].e->cap = 0;
		s[i].e->len = 0;
	}
	free(s);
	t->mem = 0;
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

int
ngram_doc_end(struct ngram_tab *t)
{
	t->indoc = 0;
	if (t->budget && (t->mem > t->budget || t->held > t->budget))
		return spill(t);
	return 0;
}

void
ngram_tab_stats(const struct ngram_tab *t, struct ngram_stats *st)
{
	st->keys = t->count;
	st->postings = t->postings;
	st->positions = t->positions;
	st->runs = t->nruns;
	st->peak = t->peak;
}

/* ---- reading back ------------------------------------------------------ */

/* The next record of one run file. */
struct head {
	uint32_t	 a, b;		/* its key; a == 0 when the run is done */
	struct buf	 bytes;		/* its varints */
};

struct ngram_iter {
	struct ngram_tab *t;		/* the table read */
	struct sortent	*order;		/* every entry in write order */
	struct ngram_key *keys;		/* the same as keys */
	size_t		 n, at;		/* entries, and the next to read */
	struct head	*heads;		/* one per run */
	struct buf	 raw;		/* one key's varints, runs then memory */
	int		 err;		/* a run could not be read */
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
	    get_u32(f, &len) == -1)
		return -1;
	buf_grow(&h->bytes, len);
	if (fread(h->bytes.ptr, 1, len, f) != len)
		return -1;
	h->bytes.len = len;
	return 0;
}

struct ngram_iter *
ngram_iter_new(struct ngram_tab *t)
{
	struct ngram_iter	*it = xcalloc(1, sizeof(*it));
	size_t			 i;
	unsigned		 r;

	it->t = t;
	it->order = sorted(t, 0, &it->n);
	it->keys = xcalloc(it->n ? it->n : 1, sizeof(*it->keys));
	for (i = 0; i < it->n; i++) {
		it->keys[i].a = it->order[i].e->a;
		it->keys[i].b = it->order[i].e->b;
		it->keys[i].hash = it->order[i].hash;
		it->keys[i].ndocs = it->order[i].e->ndocs;
		it->keys[i].dbytes = it->order[i].e->dbytes;
		it->keys[i].pbytes = it->order[i].e->pbytes;
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
ngram_iter_count(const struct ngram_iter *it)
{
	return it->n;
}

const struct ngram_key *
ngram_iter_key(const struct ngram_iter *it, size_t i)
{
	return &it->keys[i];
}

static uint32_t
get_varint(const uint8_t *p, size_t n, size_t *i)
{
	uint32_t	 v = 0;
	unsigned	 sh = 0;

	while (*i < n) {
		v |= (uint32_t)(p[*i] & 0x7f) << sh;
		sh += 7;
		if (!(p[(*i)++] & 0x80))
			break;
	}
	return v;
}

int
ngram_iter_next(struct ngram_iter *it, struct buf *docs, struct buf *pos)
{
	struct ngram_ent	*e;
	const uint8_t		*p;
	uint32_t		 v;
	size_t			 i, n;
	unsigned		 r;

	buf_reset(docs);
	buf_reset(pos);
	if (it->err)
		return -1;
	if (it->at == it->n)
		return 0;
	e = it->order[it->at++].e;
	buf_reset(&it->raw);
	for (r = 0; r < it->t->nruns; r++) {
		if (it->heads[r].a != e->a || it->heads[r].b != e->b)
			continue;
		buf_put(&it->raw, it->heads[r].bytes.ptr, it->heads[r].bytes.len);
		if (read_head(it->t->runs[r], &it->heads[r]) == -1) {
			it->err = 1;
			return -1;
		}
	}
	buf_put(&it->raw, list(e), e->len);
	p = (const uint8_t *)it->raw.ptr;
	n = it->raw.len;
	for (i = 0; i < n; ) {
		ngram_put_num(docs, get_varint(p, n, &i));
		if (e->b == 0)
			continue;
		do {
			v = get_varint(p, n, &i);
			ngram_put_num(pos, v);
		} while ((v & 1) && i < n);
	}
	if (docs->len != e->dbytes || pos->len != e->pbytes) {
		errno = EIO;	/* a run came back other than it went out */
		it->err = 1;
		return -1;
	}
	return 1;
}

void
ngram_iter_free(struct ngram_iter *it)
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
ngram_tab_lookup(struct ngram_tab *t, uint32_t a, uint32_t b,
    struct buf *docs, struct buf *pos)
{
	struct ngram_iter	*it = ngram_iter_new(t);
	int			 found = 0;

	while (ngram_iter_next(it, docs, pos) == 1)
		if (it->order[it->at - 1].e->a == a &&
		    it->order[it->at - 1].e->b == b) {
			found = 1;
			break;
		}
	ngram_iter_free(it);
	if (!found) {
		buf_reset(docs);
		buf_reset(pos);
	}
	return found;
}
