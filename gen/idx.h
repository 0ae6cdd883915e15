/*
 * idx.h: the client-side search index.  The build hands every article to
 * idx_add() as it streams over the issues; idx_write() lays out the index
 * files under OUTPUT/search/ for assets/search.js to load with <script>
 * elements (so search works from file://, where browsers refuse fetch()).
 * idx_write.c documents the file format; idx_int.h says which file does
 * what.
 *
 * Threads: idx_prep() tokenises a document (folding, its keys and their
 * positions) touching no shared state, so workers may call it at once;
 * idx_add_prep() merges prepared documents and must be called on one
 * thread, in document order.  idx_add(x, d) is idx_add_prep(x,
 * idx_prep(d)); either way the output is the same, byte for byte.
 *
 * Ownership: idx_prep() copies what it keeps, so the caller's doc may be
 * freed at once; idx_add_prep() takes the prepared document and frees it.
 */
#ifndef BAOKAN_IDX_H
#define BAOKAN_IDX_H

#include <stddef.h>
#include <stdint.h>

struct diags;

/* The fields of one article that search needs, flattened. */
struct idx_doc {
	const char	*id;		/* article id */
	const char	*url;		/* relative to the site root: articles/2026/05/x.html */
	const char	*title;		/* 主题, or a stand-in for a continuation */
	const char	*kicker;	/* 引题 or NULL */
	const char	*subtitle;	/* 副题 or NULL */
	const char	*date;		/* YYYY-MM-DD */
	const char	*issue;		/* issue label: 2026年5月21日 第5版 */
	int		 page;		/* page number, 0 if unknown */
	const char	*kind;		/* feature, news, ... */
	const char	*province;	/* primary region's province name, or NULL */
	const char	*city;		/* primary region's city name, or NULL */
	const char	*region;	/* display label: 山东省 菏泽市 */
	const char	*topics[3];	/* slugs, NULL-terminated if fewer */
	const char	*const *reporters; /* author names, nreporters of them */
	size_t		 nreporters;
	const char	*text;		/* plain text of summary and body (headlines may repeat here) */
};

struct idx;

struct idx	*idx_new(void);
void		 idx_free(struct idx *);
void		 idx_add(struct idx *, const struct idx_doc *);

struct idx_prep;

/*
 * How the index puts a file: path is where (under the output folder),
 * rel the same under the site root ("search/g/0/3.js"); 0, or -1 with
 * errno set.  The default writes path (file_write); a build puts its
 * own to hash the bytes and skip a file the site already has.
 */
typedef int	(*idx_put_fn)(void *arg, const char *path, const char *rel,
		    const void *p, size_t n);
/* Every file from now on goes through put (NULL: the default). */
void		 idx_set_put(struct idx *, idx_put_fn put, void *arg);

/* Tokenises d: thread-safe; never NULL. */
struct idx_prep	*idx_prep(const struct idx_doc *d);
/*
 * idx_prep(d), less the trigrams the merge would drop once x has decided
 * its frequent bigrams (idx_int.h): most of them.  Thread-safe beside
 * idx_add_prep(); what x writes is the same either way.
 */
struct idx_prep	*idx_prep_for(const struct idx *x, const struct idx_doc *d);
/* Merges p as the next document and frees it (main thread, in order). */
void		 idx_add_prep(struct idx *, struct idx_prep *p);
/* Frees a prepared document that will not be added. */
void		 idx_prep_free(struct idx_prep *);
/* Writes OUTDIR/search/...; 0, or -1 with a diagnostic. */
int		 idx_write(struct idx *, const char *outdir, struct diags *);

/*
 * idx_new_at() writes each docs chunk to OUTDIR/search/ as soon as it
 * fills, so the text of the archive never sits in memory; idx_new()
 * spools the chunks to a temporary file instead and copies them out in
 * idx_write().  Either way idx_write() may be called more than once and
 * to any folder; idx_add() after idx_write() is a bug.
 */
struct idx	*idx_new_at(const char *outdir);

/*
 * Patching (idx_patch.c).  When the search documents of a build are the
 * last build's, as many and in the same order, but for a few edited
 * ones and a few added after the last, the last index can be patched
 * instead of made again: only the
 * lists of the keys the edits add, drop or move are read back from the
 * last index's files, changed and written, with the docs chunks of the
 * edited documents, the facets and meta.js.  Every other file stays as
 * it is.  The files are byte for byte those idx_write() makes of the
 * same documents, or the patch is refused and nothing is written: then
 * the caller makes the index whole.
 *
 * idx_state() after idx_write() describes the index (its counts, sizes,
 * text code and frequent bigrams) as text; idx_new_patch() takes it
 * back with a way to read the last index's files; idx_add_patched()
 * takes every document in order: an unchanged one needs only its
 * fields (idx_prep_fields()), or none but its facets and date when it
 * shares no docs chunk with an edited one (idx_add_unchanged()), an
 * edited one its keys, new and old.
 */
/* Appends the state of the index idx_write() made to b. */
void		 idx_state(const struct idx *, struct buf *b);
/* Reads file rel under the last index's search/ into b: 0, or -1. */
typedef int	(*idx_get_fn)(void *arg, const char *rel, struct buf *b);
/*
 * An index that patches the one state describes, writing into
 * outdir/search/; NULL when the state does not read.
 */
struct idx	*idx_new_patch(const char *outdir, const char *state,
		    idx_get_fn get, void *arg);
/* The fields alone: for an unchanged document of a patch.  Never NULL. */
struct idx_prep	*idx_prep_fields(const struct idx_doc *d);
/*
 * The next document: p as it is and, when it was edited, old as it was
 * (a document past the last index's is added: old NULL).
 */
void		 idx_add_patched(struct idx *, struct idx_prep *p,
		    struct idx_prep *old);
/*
 * The next document, unchanged, from its fields alone (borrowed): for
 * one that shares no docs chunk with an edited one (else refused).
 */
void		 idx_add_unchanged(struct idx *, const struct idx_doc *d);
/* Bytes of changed lists a patch keeps from reading to writing (tests). */
void		 idx_set_patch_hold(struct idx *, size_t);
/* Why idx_write() refused to patch (after it returned 1), or NULL. */
const char	*idx_patch_refused(const struct idx *);
/*
 * idx_write() of a patching index returns 1 when the patch cannot be
 * made (fewer documents, a changed document in the prefix the code was
 * decided from or an archive that grows to fill it, a list that moves
 * to a file of its own, a shard count that changes, a file of the last
 * index that does not read back): nothing was written.
 */

/*
 * IDX_CHUNK_DOCS 2: a result shows its title and a snippet from the text,
 * so each result on a page loads the chunk that holds its document: two
 * 2,400-byte articles, their text coded (idx_int.h), make a 3 KB chunk
 * (2.1 KB gzipped), and 10,000 articles 5,000 chunks.  Three a chunk
 * would cut 1,700 files and add some 15 KB to every page of ten results
 * (bench/search/README.md).
 * IDX_SHARD_BYTES 8 KiB: what a query pays per bigram it looks up,
 * unless the key's own list is longer: a list past half of that has a
 * file of its own, and positions past half of it go in blocks.  The
 * other families are sized from it (idx_write.c, idx_target()): 16 KiB
 * shards of 10,000 articles' bigrams would halve those files and add
 * some 15 KB to a typical query (bench/search/README.md).
 * IDX_MEM_BYTES 256 MiB: lists held in memory before they spill to a run
 * file; a 100,000-article archive stays under it.
 * IDX_PREFIX_DOCS 256: the documents the text code and the frequent
 * bigrams are decided from (idx_int.h), held in memory until then: some
 * 200,000 characters, enough to rank the common ones.
 * IDX_FREQ_MILLI, IDX_FREQ_MIN: a bigram is frequent from 500
 * occurrences per 1,000 documents of the prefix, and at least 64: at
 * one in two documents its positions pass half a shard by 3,000
 * articles and weigh megabytes at 100,000.
 */
#define IDX_CHUNK_DOCS	2
#define IDX_SHARD_BYTES	(8 * 1024)
#define IDX_MEM_BYTES	((size_t)256 * 1024 * 1024)
#define IDX_PREFIX_DOCS	256
#define IDX_FREQ_MILLI	500
#define IDX_FREQ_MIN	64

/* Documents per docs chunk (a patching index: the last index's). */
size_t		 idx_chunk_docs(const struct idx *);
/* Documents per docs chunk; only before the first idx_add(). */
void		 idx_set_chunk_docs(struct idx *, size_t);
/* IDX_SHARD_BYTES for this index (tests make it small). */
void		 idx_set_shard_bytes(struct idx *, size_t);
/* List bytes kept in memory before spilling; 0 never spills. */
void		 idx_set_mem_budget(struct idx *, size_t);
/*
 * Documents held before the code and the frequent bigrams are decided,
 * the occurrences per 1,000 of them and the least number that make a
 * bigram frequent; only before the first idx_add() (tests).
 */
void		 idx_set_prefix_docs(struct idx *, size_t);
void		 idx_set_frequent(struct idx *, unsigned milli, unsigned min);
/* How many shards (a power of two) for this many bytes: see idx_write.c. */
unsigned	 idx_shards_for(unsigned long long bytes, size_t target);

/* What idx_write() made, for the benchmarks and the tests. */
struct idx_stats {
	size_t		 docs;		/* documents */
	size_t		 keys;		/* distinct unigrams, bigrams and trigrams */
	size_t		 trigrams;	/* of them trigrams */
	size_t		 frequent;	/* frequent bigrams */
	uint64_t	 postings;	/* (key, document) pairs */
	uint64_t	 positions;	/* occurrences with positions */
	unsigned	 runs;		/* run files spilled */
	size_t		 peak;		/* most list bytes in memory at once */
	size_t		 files;		/* files written under search/ */
	uint64_t	 bytes;		/* their bytes */
	size_t		 folders;	/* folders under search/ holding them */
	size_t		 widest;	/* most entries (files and folders) in one folder */
	unsigned	 ushards;	/* unigram shards (u/) */
	unsigned	 shards;	/* bigram shards (g/) */
	unsigned	 tshards;	/* trigram shards (t/) */
	unsigned	 pshards;	/* bigram positions shards (p/) */
	unsigned	 fshards;	/* facet shards (f/) */
	size_t		 hot;		/* long lists, a file each (h/) */
	size_t		 blocks;	/* positions blocks (q/) */
	size_t		 chunks;	/* docs chunks (d/) */
};
void		 idx_get_stats(const struct idx *, struct idx_stats *);

#endif
