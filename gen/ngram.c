/*
 * ngram.c: folding, term code points, key hashes and the digits of the
 * index files: what assets/search.js mirrors (see ngram.h); and a field
 * of a document folded into positions, where indexing a token starts
 * (idx_prep.c takes the keys from there, idx_post.c keeps their lists).
 */
#include <pthread.h>
#include <string.h>

#include "buf.h"
#include "ngram.h"

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

/*
 * BMP_SLOW: a table value no term takes (U+FFFF is not one): that code
 * point folds past the BMP and takes the long way.
 */
#define BMP_SLOW	0xffff

/* The fold of every BMP code point when it is a term, else 0. */
static uint16_t		bmp_term[0x10000];
static pthread_once_t	bmp_once = PTHREAD_ONCE_INIT;

static void
bmp_init(void)
{
	uint32_t	 cp, f;

	for (cp = 0; cp < 0x10000; cp++) {
		f = ngram_fold(cp);
		bmp_term[cp] = f > 0xffff ? BMP_SLOW :
		    ngram_is_term(f) ? (uint16_t)f : 0;
	}
}

/* The term code point at s (of n > 0 bytes), or 0; *l its length. */
static inline uint32_t
term_at(const char *s, size_t n, size_t *l)
{
	uint32_t	 cp = utf8_decode(s, n, l), t;

	if (cp < 0x10000 && (t = bmp_term[cp]) != BMP_SLOW)
		return t;
	cp = ngram_fold(cp);
	return ngram_is_term(cp) ? cp : 0;
}

uint32_t
ngram_fold_field(uint32_t *out, const char *s, size_t n, uint32_t pos)
{
	size_t	 i, l;

	pthread_once(&bmp_once, bmp_init);
	for (i = 0; i < n; i += l, pos++)
		out[pos] = term_at(s + i, n - i, &l);
	out[pos] = 0;	/* the gap that ends the field */
	return pos + 1;
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
ngram_hash(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t	 h = a * 65599u + b;

	/* A trigram folds in its third code point; shorter keys hash as before. */
	if (c)
		h = h * 65599u + c;
	return mix(h);
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
	return ngram_num_digits(v);
}

