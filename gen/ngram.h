/*
 * ngram.h: character folding and the bigram postings table behind the
 * search index (idx.c).
 *
 * Text is folded one code point to one code point (full-width ASCII to
 * ASCII, ASCII to lower case, then a table of compatibility variants), so
 * a substring of the folded text is the fold of a substring of the text
 * and positions carry over.  A "term" code point is one that takes part in
 * bigrams: letters, digits, ideographs; white space, punctuation and
 * symbols break the text into runs.  Every pair of adjacent term code
 * points is a bigram; the table maps each bigram to the ascending list of
 * documents that hold it.
 *
 * assets/search.js mirrors ngram_fold()'s built-in rules, ngram_is_term()
 * and ngram_shard() exactly (tests/js checks every code point against a
 * list the C unit test writes); the fold table travels in meta.js, so the
 * writer and the reader always fold alike.
 *
 * Ownership: a table owns its entries and their postings; the entry
 * pointers ngram_tab_sorted() returns live until the next ngram_tab_add()
 * or ngram_tab_free().
 */
#ifndef BAOKAN_NGRAM_H
#define BAOKAN_NGRAM_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Postings as they sit in memory until written. */
struct ngram_ent {
	uint32_t	 a, b;		/* the bigram's two folded code points; a == 0 marks a free slot */
	uint32_t	 last;		/* last document added plus one; 0 while none */
	uint32_t	 n;		/* documents in the list */
	uint32_t	 len;		/* bytes of varint in use */
	uint32_t	 cap;		/* bytes allocated at u.heap; 0 while inline */
	union {
		uint8_t	*heap;		/* when cap > 0 */
		uint8_t	 inl[8];	/* when cap == 0: short lists need no allocation */
	} u;				/* gap varints, 7 bits a byte, low group first */
};

struct ngram_tab;

uint32_t	 ngram_fold(uint32_t cp);
int		 ngram_is_term(uint32_t cp);
/* Appends the fold table as pairs of code points, from then to, in order. */
void		 ngram_fold_table(struct buf *);

/* Which of nshards (a power of two) grams files holds bigram (a, b). */
uint32_t	 ngram_shard(uint32_t a, uint32_t b, uint32_t nshards);

/*
 * Postings on disk: each document number d as the number d - prev - 1
 * (prev starts at -1) in base 32, most significant digit first, digits
 * from NGRAM_DIGITS: the first 32 characters end a number, the last 32
 * are the leading digits of a longer one.
 */
#define NGRAM_DIGITS \
	"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_"
void		 ngram_put_num(struct buf *, uint32_t);
size_t		 ngram_num_len(uint32_t);

struct ngram_tab	*ngram_tab_new(void);
void			 ngram_tab_free(struct ngram_tab *);
/* Adds every bigram of s (n bytes of UTF-8) to doc; docs never decrease. */
void			 ngram_tab_add(struct ngram_tab *, uint32_t doc,
			    const char *s, size_t n);
/* Distinct bigrams, and postings summed over them. */
size_t			 ngram_tab_count(const struct ngram_tab *);
uint64_t		 ngram_tab_postings(const struct ngram_tab *);
/* Bytes the grams files will hold, not counting their wrappers. */
uint64_t		 ngram_tab_bytes(const struct ngram_tab *);
/*
 * Every entry, sorted by shard (for nshards shards), then a, then b:
 * the order the grams files are written in.  Caller frees the array.
 */
const struct ngram_ent	**ngram_tab_sorted(const struct ngram_tab *,
			    uint32_t nshards);
/* The entry for (a, b), or NULL. */
const struct ngram_ent	*ngram_tab_get(const struct ngram_tab *,
			    uint32_t a, uint32_t b);
/* Appends an entry's postings in the on-disk digits. */
void			 ngram_ent_encode(const struct ngram_ent *, struct buf *);

#endif
