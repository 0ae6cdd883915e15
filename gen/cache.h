/*
 * cache.h: what an incremental build remembers, kept beside the output
 * folder (OUTPUT is public: .baokan-cache/public/):
 *
 *	key			the global key of the last full build: the
 *				binary's version, site.conf, every template
 *				and asset; another key means a full build
 *	search			the search key of the last build: a hash of
 *				every issue's id, bytes and sidecar, in
 *				order, from which the index was made
 *	search-state		what a patch of that index needs: its
 *				counts, sizes, text code and frequent
 *				bigrams (idx_state()), and every issue's
 *				id, hash and number of documents
 *	manifest		"HASH CTX URL" for every file of the site:
 *				the hash of its bytes and of the context
 *				it was rendered from ("-" for files not
 *				rendered from a template)
 *	plan			every issue file's hash, stat()
 *				signature, date, id and path: a file
 *				whose signature stands is not read, an
 *				unchanged one not parsed for its date
 *	issues/YYYY/ID		one record an issue: its key (its bytes, its
 *				sidecar, its id), its entries, the text the
 *				search index needs, its pages and their
 *				hashes, its diagnostics, the hash of the
 *				bytes it was made from
 *
 * Records are read only when their key matches; a record that does not
 * read back whole is ignored and the issue parsed again.
 *
 * Ownership: a record returned by cache_get owns everything in it
 * (cache_rec_release); the cache borrows the gazetteer and topics.
 */
#ifndef BAOKAN_CACHE_H
#define BAOKAN_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "build_int.h"
#include "diag.h"
#include "render.h"

struct buf;
struct gaz;
struct topic_set;

/* One issue's part of the build, as the listings and the index need it. */
struct cache_rec {
	struct entry	*e;		/* its articles, compact */
	char		**text;		/* search text of each article */
	size_t		 ne;
	int		 page;		/* page number, for the index */
	struct issue_sum sum;		/* for the issue listings */
	struct diags	 d;		/* diagnostics to print again */
	char		*pages;		/* "HASH CTX URL\n" of each page it wrote */
	uint64_t	 ihash;		/* the hash of the bytes it was made from */
};

struct cache;

/* 64 bits (XXH3): for telling changed bytes from unchanged. */
uint64_t	 cache_hash(const void *, size_t, uint64_t seed);
#define CACHE_SEED 0xcbf29ce484222325ULL

/*
 * The cache of the site at output; usable (cache_valid) only if an
 * earlier build with the same global key left it and clean is 0.
 */
struct cache	*cache_open(const char *output, uint64_t key, int clean);
void		 cache_free(struct cache *);
/*
 * Waits for the manifest, which cache_open() parses on a thread of its
 * own: before any cache_old_*() call.
 */
void		 cache_ready(struct cache *);
int		 cache_valid(const struct cache *);
const char	*cache_dir(const struct cache *);
/* The hash (16 hex digits) the last build wrote for url, or NULL. */
const char	*cache_old_hash(const struct cache *, const char *url);
/* The hash of the context url was rendered from, "-", or NULL. */
const char	*cache_old_ctx(const struct cache *, const char *url);
/* Every URL of the last build's manifest, for finding removed pages. */
size_t		 cache_old_count(const struct cache *);
const char	*cache_old_url(const struct cache *, size_t i);

/*
 * The record of issue id if its key matches: 0, else -1.  Without text,
 * its articles' search text is left NULL (and not copied).
 */
int		 cache_get(const struct cache *, const char *id, const char *date,
		    uint64_t key, int text, const struct gaz *,
		    const struct topic_set *, struct cache_rec *);
/*
 * The record of issue id whatever its key, if it was made from bytes
 * of hash ihash (what the last index holds of an edited issue): 0, else -1.
 */
int		 cache_get_old(const struct cache *, const char *id,
		    const char *date, uint64_t ihash, const struct gaz *,
		    const struct topic_set *, struct cache_rec *);
/* Saves a record; 0 or -1 (a cache that cannot be written is no error). */
int		 cache_put(const struct cache *, const char *id, const char *date,
		    uint64_t key, const struct cache_rec *);
void		 cache_rec_release(struct cache_rec *);
/* The last build's search key, or 0 (no valid cache, or none written). */
uint64_t	 cache_old_search(const struct cache *);
/* File name of the cache as the last build wrote it (valid only), or NULL. */
char		*cache_read(const struct cache *, const char *name);
/* Writes file name of the cache: 0, or -1. */
int		 cache_write(const struct cache *, const char *name,
		    const char *text);
/* The last build's index state (search-state), or NULL. */
char		*cache_old_state(const struct cache *);
/*
 * Writes the key, the search key and the manifest ("HASH CTX URL" lines,
 * sorted); and the index state, unless NULL (the last one stands).
 */
int		 cache_commit(const struct cache *, uint64_t key, uint64_t search,
		    const char *manifest, const char *state);

#endif
