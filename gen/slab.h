/*
 * slab.h: memory for many small growing lists that are freed all at
 * once, in huge pages.  The search index's postings (idx_post.c) are
 * tens of thousands of lists, each appended to at its end by every
 * document that has its key: the ends land anywhere in tens of
 * megabytes, and with 4 KiB pages most appends paid a TLB miss besides
 * the cache miss.  In 2 MiB pages the whole of it is a few dozen TLB
 * entries.
 *
 * Blocks come in size classes (16, 24, 32, 48, ... bytes: each at most
 * 1.5 times the last) up to SLAB_MAX; a freed block goes on its class's
 * free list.  slab_reset() forgets every block and gives the memory back.
 */
#ifndef SLAB_H
#define SLAB_H

#include <stddef.h>

/*
 * SLAB_MAX 64 KiB: the largest block a slab gives; a longer list is a
 * few among tens of thousands and its end is hot anyway, so it goes to
 * malloc().
 */
#define SLAB_MAX	(64 * 1024)
/* SLAB_CHUNK 2 MiB: one huge page on x86-64 and arm64. */
#define SLAB_CHUNK	((size_t)2 * 1024 * 1024)

struct slab;

struct slab	*slab_new(void);
void		 slab_free(struct slab *);

/*
 * A block of at least n bytes (1 <= n <= SLAB_MAX), uninitialised; its
 * size, the class's, in *got.
 */
void		*slab_alloc(struct slab *, size_t n, size_t *got);
/* Gives back p, a block of size cap that slab_alloc() gave. */
void		 slab_put(struct slab *, void *p, size_t cap);
/*
 * Forgets every block and gives the memory back to the system: a slab
 * emptied now and then (the index's lists at a spill) holds only what
 * it has held since.
 */
void		 slab_reset(struct slab *);
/* Bytes of memory the slab holds. */
size_t		 slab_mapped(const struct slab *);
/*
 * Bytes of it cut into blocks since it was made or reset, those given
 * back too: what its blocks take, at most a block per chunk less.
 */
size_t		 slab_used(const struct slab *);

/*
 * n zeroed bytes, for a large table probed at random: from SLAB_CHUNK
 * bytes up in huge pages where the system gives them, below it from
 * calloc(); slab_huge_free() with the same n.
 */
void		*slab_huge_calloc(size_t n);
void		 slab_huge_free(void *, size_t n);

#endif /* SLAB_H */
