/*
 * idx.h: the client-side search index.  The build hands every article to
 * idx_add() as it streams over the issues; idx_write() lays out the index
 * files under OUTPUT/search/ for assets/search.js to load with <script>
 * elements (so search works from file://, where browsers refuse fetch()).
 * idx.c documents the file format.
 *
 * Ownership: idx_add() copies what it keeps; the caller's doc may be freed
 * at once.
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
 * IDX_CHUNK_DOCS 2: a result shows its title and a snippet from the text,
 * so each result on a page loads the chunk that holds its document: two
 * 2,400-byte articles make a 5 KB chunk (2.5 KB gzipped), and 10,000
 * articles 5,000 chunks.  Four a chunk halve the files and add some
 * 50 KB to every page of ten results (bench/search/README.md).
 * IDX_SHARD_BYTES 32 KiB: what a query pays per key it looks up, unless
 * the key's own lists are bigger: a key past a quarter of that has files
 * of its own (hot-N.js), its positions in blocks of IDX_SHARD_BYTES.
 * IDX_MEM_BYTES 256 MiB: lists held in memory before they spill to a run
 * file; a 100,000-article archive stays under it.
 */
#define IDX_CHUNK_DOCS	2
#define IDX_SHARD_BYTES	(32 * 1024)
#define IDX_MEM_BYTES	((size_t)256 * 1024 * 1024)

/* Documents per docs chunk; only before the first idx_add(). */
void		 idx_set_chunk_docs(struct idx *, size_t);
/* The bytes a shard should hold at most (tests make it small). */
void		 idx_set_shard_bytes(struct idx *, size_t);
/* List bytes kept in memory before spilling; 0 never spills. */
void		 idx_set_mem_budget(struct idx *, size_t);
/* How many shards (a power of two) for this many bytes: see idx.c. */
unsigned	 idx_shards_for(unsigned long long bytes, size_t target);

/* What idx_write() made, for the benchmarks and the tests. */
struct idx_stats {
	size_t		 docs;		/* documents */
	size_t		 keys;		/* distinct unigrams and bigrams */
	uint64_t	 postings;	/* (key, document) pairs */
	uint64_t	 positions;	/* bigram occurrences */
	unsigned	 runs;		/* run files spilled */
	size_t		 peak;		/* most list bytes in memory at once */
	size_t		 files;		/* files written under search/ */
	uint64_t	 bytes;		/* their bytes */
	unsigned	 shards;	/* grams-NNN.js files */
	unsigned	 pshards;	/* pos-NNN.js files */
	unsigned	 fshards;	/* facet-NNN.js files */
	size_t		 hot;		/* keys with files of their own */
	size_t		 chunks;	/* docs-NNN.js files */
};
void		 idx_get_stats(const struct idx *, struct idx_stats *);

#endif
