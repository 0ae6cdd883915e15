/*
 * ngram.h: what the search index and assets/search.js must agree on, to
 * the bit: character folding, which code points are terms, the hash of
 * a key and its shard, and the digits numbers are written in.
 *
 * Text is folded one code point to one code point (full-width ASCII to
 * ASCII, ASCII to lower case, then the fold table of fold_data.c:
 * compatibility ideographs to unified ones, traditional to simplified),
 * so a substring of the folded text is the fold of a substring of the
 * text and positions carry over.  A "term" code point is a letter, digit
 * or ideograph; white space, punctuation and symbols break the text into
 * runs.  The keys of the index are every term code point (a unigram),
 * every pair of adjacent term code points (a bigram), and some triples
 * (trigrams: see idx_int.h, "frequent bigrams").
 *
 * A document is a sequence of fields; every code point has a position:
 * the title's start at 0, the other fields from NGRAM_TITLE_SPAN on,
 * each field one position after the end of the last, so no key spans
 * two fields and a position under NGRAM_TITLE_SPAN means "in the title".
 *
 * assets/search.js mirrors ngram_fold()'s built-in rules, ngram_is_term()
 * and ngram_hash() exactly (tests/js checks every code point against a
 * list the C unit test writes); the fold table travels in meta.js.
 */
#ifndef BAOKAN_NGRAM_H
#define BAOKAN_NGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct buf;

/* One pair of the fold table (fold_data.c, written by gen/data/fold-derive.py). */
struct ngram_fold_pair {
	uint32_t	 from;	/* code point as found */
	uint32_t	 to;	/* code point it is indexed and searched as */
};
extern const struct ngram_fold_pair ngram_fold_pairs[];	/* sorted by from */
extern const size_t ngram_fold_npairs;

uint32_t	 ngram_fold(uint32_t cp);
int		 ngram_is_term(uint32_t cp);
/*
 * Folds a field of n bytes of UTF-8 into out[] from pos: each code
 * point's position holds its fold when that is a term, else 0, and the
 * position after the last holds 0 too.  Returns the next field's
 * position (that one plus one).  out needs room for n + 1 entries.
 */
uint32_t	 ngram_fold_field(uint32_t *out, const char *s, size_t n,
		    uint32_t pos);
/*
 * Appends the fold table for meta.js: per pair, in order, the numbers
 * from - previous from - 1 (the first from -1) and to - from zigzagged
 * (d >= 0 as 2d, d < 0 as -2d - 1), in NGRAM_DIGITS.
 */
void		 ngram_fold_table(struct buf *);

/*
 * A 32-bit hash of key (a, b, c): b and c 0 for a unigram, c 0 for a
 * bigram.  The shard of a key among 2^bits shards is its top bits, so a
 * list sorted by hash is sorted by shard for every shard count.
 */
uint32_t	 ngram_hash(uint32_t a, uint32_t b, uint32_t c);
uint32_t	 ngram_shard(uint32_t hash, unsigned bits);
/* The same for a string key (the facets): over its code points. */
uint32_t	 ngram_str_hash(const char *s);

/*
 * NGRAM_TITLE_SPAN 64: positions under it are the title's; the parser's
 * headlines stop at 60 characters, and the rest of a longer title counts
 * as body (for ranking only).  Small, because every document's first
 * position in a list is written from 0: 64 keeps most of them two digits.
 */
#define NGRAM_TITLE_SPAN	64u

/*
 * Numbers on disk in base 32, most significant digit first, digits from
 * NGRAM_DIGITS: the first 32 characters end a number, the last 32 are
 * the leading digits of a longer one.
 */
#define NGRAM_DIGITS \
	"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_"
size_t		 ngram_num_len(uint32_t);

/* The digits of v: one a five bits, at least one. */
static inline size_t
ngram_num_digits(uint32_t v)
{
	return v < 32 ? 1 : (size_t)(31 - __builtin_clz(v)) / 5 + 1;
}

/* NGRAM_NUM_MAX 7: the most digits a number takes (32 bits, five a digit). */
#define NGRAM_NUM_MAX	7

/* Writes v in NGRAM_DIGITS at t, which has room; returns the end. */
static inline char *
ngram_num_at(char *t, uint32_t v)
{
	static const char	 digits[] = NGRAM_DIGITS;
	size_t			 n, i, two;

	/*
	 * One digit or two, nearly every number: written without a branch
	 * on which (the lengths alternate at random, and a loop over them
	 * was mispredicted at every other number).  With one, t[0] is
	 * written twice, the same digit.
	 */
	if (v < 1024) {
		two = v >= 32;
		t[0] = digits[two ? 32 + (v >> 5) : v];
		t[two] = digits[v & 31];
		return t + 1 + two;
	}
	n = ngram_num_digits(v);
	t[n - 1] = digits[v & 31];
	for (i = n - 1; i > 0; i--) {
		v >>= 5;
		t[i - 1] = digits[32 + (v & 31)];
	}
	return t + n;
}

/*
 * Appends v in NGRAM_DIGITS, written in place: an index holds millions of
 * numbers of a few digits each.
 */
static inline void
ngram_put_num(struct buf *b, uint32_t v)
{
	if (b->len + NGRAM_NUM_MAX + 1 > b->cap)
		buf_grow(b, NGRAM_NUM_MAX);
	b->len = (size_t)(ngram_num_at(b->ptr + b->len, v) - b->ptr);
	b->ptr[b->len] = '\0';
}

/* The value of ch as a digit of NGRAM_DIGITS, 64 when it is none. */
static inline unsigned
ngram_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return (unsigned)(ch - '0');
	if (ch >= 'a' && ch <= 'v')
		return (unsigned)(ch - 'a') + 10;
	if (ch >= 'A' && ch <= 'Z')
		return (unsigned)(ch - 'A') + 32;
	if (ch >= 'w' && ch <= 'z')
		return (unsigned)(ch - 'w') + 58;
	return ch == '-' ? 62 : ch == '_' ? 63 : 64;
}

#endif
