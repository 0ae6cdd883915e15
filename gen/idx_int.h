/*
 * idx_int.h: the search index's private records, shared by its files and
 * included by no one else (callers use idx.h; the unit tests look in).
 * Where to look:
 *
 *  ngram.c	folding, term characters, key hashes, the digits of the
 *		files (what assets/search.js mirrors); a field folded into
 *		positions: where a token starts being indexed
 *  idx_prep.c	one document tokenised into its keys, their first
 *		positions and their positions (idx_prep(), thread-safe);
 *		the small hash map of 64-bit keys everything here uses
 *  idx_post.c	the lists of every key: added a document at a time,
 *		spilled to run files past a memory budget, read back in
 *		hash order (post_*)
 *  idx_docs.c	the docs store: the text code of the docs chunks
 *		(code_*) and the chunks themselves (docs_*)
 *  idx.c	the API: documents in, in order; facets and dates kept;
 *		the first documents held until the text code and the
 *		frequent bigrams are decided from them
 *  idx_write.c	the files under OUTPUT/search/: THE FORMAT is described
 *		at its top; the key families, docs chunks copied, pruning
 *  idx_meta.c	meta.js, facets.js and the facet shards
 *  idx_patch.c	the last build's index patched for a few edited
 *		documents, and the state (idx_state()) a patch starts from
 *
 * Frequent bigrams.  Verifying a phrase needs the positions of the
 * bigrams that cover it, and the positions of a bigram such as 工会 (in
 * most articles of a trade-union paper, many times each) are megabytes
 * at 100,000 articles.  So a bigram that occurs at least
 * IDX_FREQ_MILLI / 1000 times a document in the first IDX_PREFIX_DOCS
 * documents is "frequent": its list is kept but not its positions, and
 * every trigram holding it (工会驿, 总工会) is a key of its own, with
 * positions.  Any phrase of three or more characters that holds a
 * frequent bigram holds one of those trigrams, whose positions are as
 * rare as the phrase.  Deciding from the first documents keeps the
 * writer streaming, and the output a function of the documents and
 * their order alone.  An archive of fewer documents has neither a text
 * code nor frequent bigrams (idx.c, decide()).
 */
#ifndef BAOKAN_IDX_INT_H
#define BAOKAN_IDX_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "idx.h"

struct diags;
struct json;
struct strmap;

/* ---- idx_prep.c: a hash map of 64-bit keys, and a prepared document -- */

/* A key (a, b, c) packed into 64 bits: code points are 21 bits. */
#define KEY3(a, b, c) \
	(((uint64_t)(a) << 42) | ((uint64_t)(b) << 21) | (uint64_t)(c))

/*
 * The frequent bigrams as a filter of FREQ_BITS bits (8 KB, in a core's
 * first-level cache): a bigram's bit is set if it is frequent, and a few
 * others' too (by hash), which only means a trigram collected in vain.
 */
#define FREQ_BITS	16
#define FREQ_BIT(a, b) \
	((size_t)((KEY3(a, b, 0) * 0x9e3779b97f4a7c15ull) >> (64 - FREQ_BITS)))

struct kmap;

struct kmap	*kmap_new(size_t hint);
void		 kmap_free(struct kmap *);
/* The value of key, made 0 (and *made set) when new. */
uint32_t	*kmap_slot(struct kmap *, uint64_t key, int *made);
/* The value of key, 0 when absent. */
uint32_t	 kmap_get(const struct kmap *, uint64_t key);
/* Slot i of kmap_cap(): 1 and its key and value, or 0 when free. */
size_t		 kmap_cap(const struct kmap *);
int		 kmap_at(const struct kmap *, size_t i, uint64_t *key,
		    uint32_t *val);

/* One key of a prepared document. */
struct prep_key {
	uint32_t	 a, b, c;	/* folded code points; c 0 but for a trigram, b 0 for a unigram */
	uint32_t	 first;		/* position of its first occurrence */
	uint32_t	 npos;		/* its occurrences in the document */
	uint32_t	 off;		/* its positions as on disk: pos[off .. off + len) */
	uint32_t	 len;		/* bytes of them; 0 for a unigram */
	uint32_t	 half[2];	/* a trigram's bigrams (a, b) and (b, c): indexes into keys */
};

/*
 * A document ready to merge: its fields copied, and its distinct keys,
 * unigrams and bigrams first (in order of first occurrence), then the
 * trigrams.  Positions are the numbers delta * 2 + more of ngram.h's
 * format, already in its digits (NGRAM_DIGITS): the lists hold what the
 * files do, and the merge and the writer copy bytes.
 */
struct idx_prep {
	struct idx_doc	 doc;		/* the fields, pointing into arena */
	char		*arena;		/* the strings */
	const char	**reps;		/* doc.reporters */
	struct prep_key	*keys;
	size_t		 nkeys;
	uint8_t		*pos;		/* every key's positions, one after another */
	size_t		 npos;		/* bytes of them */
	uint8_t		*frequent;	/* per key, set by the merge: a frequent bigram */
	uint32_t	 num;		/* document number, given by idx_add_prep() */
};

/* ---- idx_post.c: the lists ------------------------------------------- */

/* A key of the table as the iterator and the sizes see it. */
struct post_key {
	uint32_t	 a, b, c;	/* folded code points, as in prep_key */
	uint32_t	 hash;		/* ngram_hash(a, b, c) */
	uint32_t	 ndocs;		/* documents in its list */
	uint32_t	 last;		/* the last of them */
	uint32_t	 dbytes;	/* bytes of its documents string on disk */
	uint32_t	 pbytes;	/* bytes of its positions string; 0 without positions */
	int		 frequent;	/* a frequent bigram: no positions, trigrams instead */
};

/* Figures: distinct keys, postings, positions, runs spilled, peak list bytes. */
struct post_stats {
	size_t		 keys;		/* distinct keys */
	size_t		 trigrams;	/* of them trigrams */
	size_t		 frequent;	/* frequent bigrams */
	uint64_t	 postings;	/* (key, document) pairs */
	uint64_t	 positions;	/* occurrences with positions kept */
	unsigned	 runs;		/* run files written */
	size_t		 peak;		/* most list bytes held in memory at once */
};

struct post;
struct post_iter;

struct post	*post_new(void);
void		 post_free(struct post *);
/* List bytes kept in memory before spilling to a run file; 0 never spills. */
void		 post_set_budget(struct post *, size_t);
/* Marks bigram (a, b) frequent; only before its first document. */
void		 post_set_frequent(struct post *, uint32_t a, uint32_t b);
/*
 * Adds document doc (numbers increase) with its keys; a trigram only
 * when one of its bigrams is frequent.  0, or -1 (errno set) when a
 * spill failed.
 */
int		 post_add(struct post *, uint32_t doc, struct idx_prep *);
void		 post_stats(const struct post *, struct post_stats *);
/* Appends the frequent bigrams' code points as UTF-8, in code point order. */
void		 post_frequent(const struct post *, struct buf *);

/*
 * Every key in hash order (then a, b, c), with its lists as the on-disk
 * digits.  Keys are all listed before the first next(), so a writer can
 * plan shards.  No documents may be added meanwhile.
 */
struct post_iter *post_iter_new(struct post *);
size_t		 post_iter_count(const struct post_iter *);
const struct post_key *post_iter_key(const struct post_iter *, size_t);
/* The next key's lists into docs and pos (reset first): 1, 0 at the end, -1 on a read error. */
int		 post_iter_next(struct post_iter *, struct buf *docs,
		    struct buf *pos);
void		 post_iter_free(struct post_iter *);
/* The lists of one key, or 0 when absent (tests). */
int		 post_lookup(struct post *, uint32_t a, uint32_t b, uint32_t c,
		    struct buf *docs, struct buf *pos);

/* ---- idx_docs.c: the text code and the docs chunks -------------------- */

/*
 * The code of the text in docs chunks.  Chinese takes three bytes a
 * character in UTF-8; the characters of the first documents, most
 * frequent first, get codes of one or two symbols of CODE_SYMBOLS
 * (printable ASCII but " and \, so JSON leaves them alone): rank r <
 * single is the symbol r, a higher one the two symbols single + q and s
 * with (r - single) = q * CODE_NSYM + s.  Every ASCII character has a
 * code; any other character without one stands for itself (it is not
 * ASCII, so it cannot be mistaken for a symbol).  About 40% fewer bytes
 * for the text, 25% fewer gzipped.
 */
#define CODE_SYMBOLS	" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNO" \
			"PQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"
#define CODE_NSYM	93

struct code {
	uint32_t	*cp;		/* code points by rank */
	size_t		 n;		/* ranks */
	unsigned	 single;	/* ranks under it have one symbol */
	struct kmap	*rank;		/* code point to rank + 1; NULL: no code */
	uint16_t	*bmp;		/* for U+0000-U+FFFF, by code point (code_index()): */
					/*  its code's first symbol, and its second in the */
					/*  high byte (0 for a one-symbol code); 0: no code. */
					/*  Written without a branch on the length, and a */
					/*  table of 128 KB stays in the cache better */
};

/* Counts the code points of s into counts (code point to count). */
void		 code_count(struct kmap *counts, const char *s);
/* The code for these counts: the ranks and the best single. */
void		 code_build(struct code *, const struct kmap *counts);
/* The ranks of the BMP in an array, once cp and rank are set: code_put() reads it. */
void		 code_index(struct code *);
void		 code_release(struct code *);
/* Appends s coded. */
void		 code_put(struct buf *, const struct code *, const char *s);
/* Appends the code points by rank as UTF-8, for meta.js. */
void		 code_table(struct buf *, const struct code *);

/* A finished docs chunk, waiting for idx_write(). */
struct chunk {
	long		 off;		/* in the spool file; -1 when written to atdir */
	size_t		 len;		/* bytes */
};

/* The docs chunks: written to atdir as they fill, or spooled. */
struct docs {
	char		*atdir;		/* idx_new_at()'s folder, or NULL to spool */
	size_t		 per;		/* documents per chunk */
	size_t		 n;		/* documents added */
	struct buf	 cbuf;		/* the chunk being filled */
	struct json	*cj;		/* writer into cbuf, NULL between chunks */
	struct chunk	*chunks;	/* finished chunks */
	size_t		 nchunks;
	FILE		*spool;		/* finished chunks when atdir is NULL */
	int		 err;		/* errno of the first failed write */
	char		*errpath;	/* and its path */
	idx_put_fn	 put;		/* how a chunk is written (idx_set_put) */
	void		*put_arg;
};

/* Puts a file through put, or writes it (file_write) when put is NULL. */
int		 idx_put(idx_put_fn put, void *arg, const char *path,
		    const char *rel, const void *p, size_t n);

void		 docs_init(struct docs *, const char *atdir, size_t per);
void		 docs_release(struct docs *);
/* Adds the next document's record, its text coded. */
void		 docs_add(struct docs *, const struct idx_doc *,
		    const struct code *);
/* Closes a chunk left open by the last documents. */
void		 docs_close(struct docs *);
/* Chunk c's bytes into b (appended); 0, or -1 with errno set. */
int		 docs_read(struct docs *, size_t c, struct buf *b);

/* ---- idx_write.c ------------------------------------------------------ */

/*
 * IDX_FOLDER_FILES 1000: the numbered files of a family go in folders of
 * a thousand (d/0/0.js .. d/0/999.js, d/1/0.js, ...): a million
 * articles make 500 folders of docs chunks, and no folder holds more
 * than a thousand files or folders.
 */
#define IDX_FOLDER_FILES	1000

/* "d/12/345" for number 12345 of family 'd': the name a file registers. */
void		 idx_name(struct buf *, char family, size_t n);
/* The bytes a file of family f should hold at most. */
size_t		 idx_target(const struct idx *, char family);
unsigned	 idx_log2(unsigned);
/* Writes search/REL under outdir and remembers it; 0, or -1 with a diagnostic. */
int		 idx_put_file(struct idx *, const char *outdir, const char *rel,
		    const struct buf *, struct diags *);

/* One family of numbered shard files, written in shard order. */
struct shardw {
	char		 family;	/* 'u', 'g', 't', 'p', 'f' */
	unsigned	 n;		/* files in the family */
	unsigned	 cur;		/* the open file, while j is not NULL */
	unsigned	 next;		/* the first file not yet written */
	struct buf	 b;		/* the open file's text */
	struct json	*j;		/* its writer; NULL when none is open */
};

/*
 * Makes shard s the open one, writing those before it (every file of a
 * family exists, empty or not); s == n closes the last.
 */
int		 shardw_seek(struct idx *, struct shardw *, unsigned s,
		    const char *outdir, struct diags *);
/* Opens shard s alone; closes and writes the open one. */
void		 shardw_open(struct shardw *, unsigned s);
int		 shardw_close(struct idx *, struct shardw *, const char *outdir,
		    struct diags *);
void		 shardw_release(struct shardw *);

/* A key's family: 0 unigrams (u), 1 bigrams (g), 2 trigrams (t). */
#define IDX_FAMILY(k)	((k)->c ? 2 : (k)->b ? 1 : 0)

/* The key as UTF-8, into b (reset first). */
void		 idx_key_text(struct buf *b, const struct post_key *);
/* How a key is written: its list's bytes on disk, the shorter form. */
size_t		 idx_list_len(const struct post_key *);
/* docs (gap numbers) into out as written: itself or the two bitmaps. */
void		 idx_list_text(struct buf *out, const struct buf *docs,
		    const struct post_key *);
/* Its list in an h file; its positions in q blocks; positions at all. */
int		 idx_long_list(const struct idx *, const struct post_key *);
int		 idx_long_pos(const struct idx *, const struct post_key *);
int		 idx_has_pos(const struct post_key *);
/* The q blocks positions of len bytes make. */
size_t		 idx_block_count(const struct idx *, const char *pos,
		    size_t len);
/* Adds the key's bytes in the u, g, t and p shards to bytes[]. */
void		 idx_key_bytes(const struct idx *, const struct post_key *,
		    unsigned long long bytes[4]);
/*
 * Key k's value in its family's shard, after its json_key(): its list
 * (or the number of its h file), its positions' blocks or, for a
 * trigram, its positions; h files and q blocks are numbered from *hot
 * and *blocks on, which are left past the last.
 */
int		 idx_key_value(struct idx *, struct json *,
		    const struct post_key *, const struct buf *lt,
		    const struct buf *pos, size_t *hot, size_t *blocks,
		    const char *outdir, struct diags *);

/* ---- idx_meta.c ------------------------------------------------------- */

/* The f/ shards and facets.js; meta.js (after every other file). */
int		 idx_write_facets(struct idx *, const char *outdir,
		    struct diags *);
int		 idx_write_meta(struct idx *, const char *outdir, struct diags *);

/* ---- idx.c: the writer's state ---------------------------------------- */

/* Strings to dense ids in first-seen order, with a count of documents. */
/*
 * FACET_MEMO 64: the names facet_id2() remembers by address; a page's
 * few provinces, kinds and topics come back article after article.
 */
#define FACET_MEMO 64

struct facet {
	char		**name;		/* by id; a city's is "province\037city" */
	uint32_t	*count;		/* documents that carry it */
	size_t		 n;		/* ids in use */
	size_t		 cap;		/* ids allocated */
	struct strmap	*ids;		/* name to id + 1, stored as the pointer */
	const char	*memo_a[FACET_MEMO]; /* facet_id2(): names by address */
	const char	*memo_b[FACET_MEMO];
	uint32_t	 memo_id[FACET_MEMO];
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

struct idx {
	size_t		 shard_bytes;	/* IDX_SHARD_BYTES: the unit of every family's target */
	size_t		 prefix_docs;	/* documents held to decide the code and frequent bigrams */
	unsigned	 freq_milli;	/* a frequent bigram: occurrences per 1,000 documents */
	unsigned	 freq_min;	/* and at least this many in the prefix */
	struct post	*tab;		/* the lists */
	struct docs	 store;		/* the docs chunks */
	struct code	 code;		/* their text code, once decided */
	struct idx_prep	**held;		/* the first documents, until decided */
	size_t		 nheld;
	int		 decided;	/* the code and the frequent bigrams are set */
	_Atomic(uint64_t *) freqmap;	/* FREQ_BITS bits, set when decided; NULL before */
	struct idoc	*docs;		/* by document number */
	size_t		 ndocs;
	uint32_t	*reps;		/* reporter facet ids + 1, by document */
	size_t		 nreps;
	struct facet	 prov, city, topic, kind, rep;
	int		 sealed;	/* idx_write() ran; no more documents */
	int		 err;		/* errno of a failed spill */
	unsigned long long fam_bytes[4]; /* bytes of the u, g, t, p shards: their counts */
	struct patch	*patch;		/* idx_new_patch()'s, else NULL */
	char		**written;	/* paths under search/ the last idx_write() made */
	size_t		 nwritten;
	struct idx_stats st;		/* what the last idx_write() made */
	double		 add_s;		/* seconds spent adding, when timed */
	int		 timed;		/* BAOKAN_IDX_STATS set: add_s kept */
};

/* The facet label: a city's key carries its province in front. */
const char	*facet_label(const struct facet *, size_t id);
/* Seconds on the monotonic clock. */
double		 idx_now(void);

/* ---- idx_patch.c ------------------------------------------------------ */

struct patch;

/* x patching the index state describes (idx.h), or NULL. */
struct patch	*patch_new(struct idx *x, const char *state, idx_get_fn get,
		    void *arg);
void		 patch_free(struct patch *);
/* Why the patch cannot be made, or NULL. */
const char	*patch_why(const struct idx *);
/*
 * Document p (fields, and keys when old is not NULL) in patch mode; p
 * NULL: an unchanged document without its fields.
 */
void		 patch_add(struct idx *, struct idx_prep *p, struct idx_prep *old);
/* The patched files; 0, 1 when the patch cannot be made, -1 with a diagnostic. */
int		 patch_write(struct idx *, const char *outdir, struct diags *);

/* The files of search/ (idx_write.c); 0, or -1 with a diagnostic. */
int		 idx_write_files(struct idx *, const char *outdir,
		    struct diags *);

#endif
