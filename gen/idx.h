/*
 * idx.h: the client-side search index.  The build hands every article to
 * idx_add() as it streams over the issues; idx_write() lays out the index
 * files under OUTPUT/search/ for assets/search.js to load with <script>
 * elements (so search works from file://, where browsers refuse fetch()).
 *
 * Ownership: idx_add() copies what it keeps; the caller's doc may be freed
 * at once.
 */
#ifndef BAOKAN_IDX_H
#define BAOKAN_IDX_H

#include <stddef.h>

struct diags;

/* The fields of one article that search needs, flattened. */
struct idx_doc {
	const char	*id;		/* article id */
	const char	*url;		/* relative to the site root: article/2026/05/x.html */
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
	const char	*text;		/* plain text of headlines, summary and body */
};

struct idx;

struct idx	*idx_new(void);
void		 idx_free(struct idx *);
void		 idx_add(struct idx *, const struct idx_doc *);
/* Writes OUTDIR/search/...; 0, or -1 with a diagnostic. */
int		 idx_write(struct idx *, const char *outdir, struct diags *);

/*
 * Additions to the API above (idx.c documents the file format).
 *
 * idx_new_at() writes each docs chunk to OUTDIR/search/ as soon as it
 * fills, so the text of the archive never sits in memory; idx_new()
 * spools the chunks to a temporary file instead and copies them out in
 * idx_write().  Either way idx_write() may be called more than once and
 * to any folder; idx_add() after idx_write() is a bug.
 */
struct idx	*idx_new_at(const char *outdir);

/*
 * IDX_CHUNK_DOCS 100: a chunk of 2,000-character articles is about 650 KB;
 * a page of 20 results loads at most 20 chunks and usually a few, as the
 * articles of one issue sit next to each other.
 * IDX_SHARD_BYTES 128 KiB: a query of five characters (four bigrams)
 * then loads at most half a megabyte of postings.
 */
#define IDX_CHUNK_DOCS	100
#define IDX_SHARD_BYTES	(128 * 1024)

/* Documents per docs chunk; only before the first idx_add(). */
void		 idx_set_chunk_docs(struct idx *, size_t);
/* The grams bytes a shard should hold at most (tests make it small). */
void		 idx_set_shard_bytes(struct idx *, size_t);
/* How many grams shards for this many bytes of postings: see idx.c. */
unsigned	 idx_shards_for(unsigned long long bytes, size_t target);

#endif
