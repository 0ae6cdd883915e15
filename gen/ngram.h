/*
 * ngram.h: character folding and the postings table behind the search
 * index (idx.c).
 *
 * Text is folded one code point to one code point (full-width ASCII to
 * ASCII, ASCII to lower case, then the fold table of fold_data.c:
 * compatibility ideographs to unified ones, traditional to simplified),
 * so a substring of the folded text is the fold of a substring of the
 * text and positions carry over.  A "term" code point is a letter, digit
 * or ideograph; white space, punctuation and symbols break the text into
 * runs.  The keys of the index are every term code point (a unigram) and
 * every pair of adjacent term code points (a bigram).
 *
 * A document is a sequence of fields; every code point has a position:
 * the title's start at 0, the other fields from NGRAM_TITLE_SPAN on,
 * each field one position after the end of the last, so no bigram spans
 * two fields and a position under NGRAM_TITLE_SPAN means "in the title".
 *
 * For each key the table keeps, per document that holds it, in document
 * order: the number gap * 2 + title (gap: documents skipped since the
 * last one in the list; title: 1 when the key's first occurrence is in
 * the title), and for a bigram its positions, each as the number
 * delta * 2 + more (delta: position minus the previous one minus one,
 * the first one's from -1; more: 1 unless it is the document's last).
 * In memory these are 7-bit varints; on disk, base-32 digits
 * (NGRAM_DIGITS).  Past a memory budget the lists go to a temporary run
 * file and are concatenated back in key order when read.
 *
 * assets/search.js mirrors ngram_fold()'s built-in rules, ngram_is_term()
 * and ngram_hash() exactly (tests/js checks every code point against a
 * list the C unit test writes); the fold table travels in meta.js.
 *
 * Ownership: a table owns its entries and lists; an iterator reads a
 * table it does not own and must be freed before it.
 */
#ifndef BAOKAN_NGRAM_H
#define BAOKAN_NGRAM_H

#include <stddef.h>
#include <stdint.h>

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
 * Appends the fold table for meta.js: per pair, in order, the numbers
 * from - previous from - 1 (the first from -1) and to - from zigzagged
 * (d >= 0 as 2d, d < 0 as -2d - 1), in NGRAM_DIGITS.
 */
void		 ngram_fold_table(struct buf *);

/*
 * A 32-bit hash of key (a, b), b 0 for a unigram.  The shard of a key
 * among 2^bits shards is its top bits, so a list sorted by hash is
 * sorted by shard for every shard count.
 */
uint32_t	 ngram_hash(uint32_t a, uint32_t b);
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
void		 ngram_put_num(struct buf *, uint32_t);
size_t		 ngram_num_len(uint32_t);

/* A key of the table as the iterator and the sizes see it. */
struct ngram_key {
	uint32_t	 a, b;		/* folded code points; b 0 for a unigram */
	uint32_t	 hash;		/* ngram_hash(a, b) */
	uint32_t	 ndocs;		/* documents in its list */
	uint32_t	 dbytes;	/* bytes of its documents string on disk */
	uint32_t	 pbytes;	/* bytes of its positions string; 0 for a unigram */
};

struct ngram_tab;
struct ngram_iter;

struct ngram_tab	*ngram_tab_new(void);
void			 ngram_tab_free(struct ngram_tab *);
/*
 * Bytes of lists the table keeps in memory before it spills them to a
 * run file (tests make it small); 0 never spills.
 */
void			 ngram_tab_set_budget(struct ngram_tab *, size_t);

/* Documents are added one at a time, in increasing order. */
void			 ngram_doc_begin(struct ngram_tab *, uint32_t doc);
/* Adds a field of n bytes of UTF-8 at pos; returns the next field's position. */
uint32_t		 ngram_doc_field(struct ngram_tab *, const char *s,
			    size_t n, uint32_t pos);
/* Ends the document; 0, or -1 (errno set) when a spill failed. */
int			 ngram_doc_end(struct ngram_tab *);

/* Figures: distinct keys, postings, positions, runs spilled, peak list bytes. */
struct ngram_stats {
	size_t		 keys;		/* distinct unigrams and bigrams */
	uint64_t	 postings;	/* (key, document) pairs */
	uint64_t	 positions;	/* bigram occurrences */
	unsigned	 runs;		/* run files written */
	size_t		 peak;		/* most list bytes held in memory at once */
};
void			 ngram_tab_stats(const struct ngram_tab *,
			    struct ngram_stats *);

/*
 * Every key in hash order (then a, then b), with its lists as the
 * on-disk digits.  keys[] lists them all before the first next(), so a
 * writer can plan shards.  No documents may be added meanwhile.
 */
struct ngram_iter	*ngram_iter_new(struct ngram_tab *);
size_t			 ngram_iter_count(const struct ngram_iter *);
const struct ngram_key	*ngram_iter_key(const struct ngram_iter *, size_t);
/* The next key's lists into docs and pos (reset first): 1, 0 at the end, -1 on a read error. */
int			 ngram_iter_next(struct ngram_iter *, struct buf *docs,
			    struct buf *pos);
void			 ngram_iter_free(struct ngram_iter *);

/* The lists of one key, or 0 when absent (tests). */
int			 ngram_tab_lookup(struct ngram_tab *, uint32_t a,
			    uint32_t b, struct buf *docs, struct buf *pos);

#endif
