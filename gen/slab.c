/*
 * slab.c: size-classed blocks in huge pages (slab.h).  Memory comes from
 * the system in chunks of SLAB_CHUNK bytes aligned to it, marked for
 * transparent huge pages (madvise(MADV_HUGEPAGE): Linux's default
 * setting gives them only to memory that asks); blocks are cut from the
 * current chunk's end, or taken from their class's free list.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slab.h"
#include "util.h"

/*
 * Under AddressSanitizer the memory no block holds is poisoned, so an
 * overrun of a block is caught as one past a malloc()ed one would be.
 */
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

/* Classes 16, 24, 32, 48, ..., 49152, 65536 (SLAB_MAX): two a power of two. */
#define NCLASS		25

struct slab {
	char		**chunks;	/* SLAB_CHUNK bytes each */
	size_t		 nchunks;
	size_t		 cur;		/* the chunk blocks are cut from */
	size_t		 used;		/* bytes of it cut */
	void		*freel[NCLASS];	/* per class, blocks given back; */
					/*  each holds the next one's address */
};

/* The class of n bytes (1 <= n <= SLAB_MAX) and its size in *size. */
static unsigned
class_of(size_t n, size_t *size)
{
	unsigned	 k;

	if (n <= 16) {
		*size = 16;
		return 0;
	}
	/* 2^(k - 1) < n <= 2^k; between them only 3 * 2^(k - 2). */
	k = 64 - (unsigned)__builtin_clzll((unsigned long long)(n - 1));
	if (n <= (size_t)3 << (k - 2)) {
		*size = (size_t)3 << (k - 2);
		return 2 * k - 9;
	}
	*size = (size_t)1 << k;
	return 2 * k - 8;
}

/*
 * n bytes (a multiple of SLAB_CHUNK) of zeroed memory aligned to
 * SLAB_CHUNK, in huge pages if the system gives them.
 */
static void *
map_aligned(size_t n)
{
	char		*p, *a;
	uintptr_t	 u;

	p = mmap(NULL, n + SLAB_CHUNK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("out of memory mapping %zu bytes", n);
	u = ((uintptr_t)p + SLAB_CHUNK - 1) & ~(uintptr_t)(SLAB_CHUNK - 1);
	a = (char *)u;
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (a + n < p + n + SLAB_CHUNK)
		munmap(a + n, (size_t)(p + n + SLAB_CHUNK - (a + n)));
#ifdef MADV_HUGEPAGE
	/* Only advice: without huge pages this is ordinary memory. */
	(void)madvise(a, n, MADV_HUGEPAGE);
#endif
	return a;
}

static size_t
round_chunk(size_t n)
{
	return (n + SLAB_CHUNK - 1) & ~(SLAB_CHUNK - 1);
}

/* Under a huge page, ordinary memory: a small table misses little. */
void *
slab_huge_calloc(size_t n)
{
	return n < SLAB_CHUNK ? xcalloc(1, n ? n : 1) : map_aligned(round_chunk(n));
}

void
slab_huge_free(void *p, size_t n)
{
	if (n < SLAB_CHUNK)
		free(p);
	else if (p != NULL)
		munmap(p, round_chunk(n));
}

struct slab *
slab_new(void)
{
	return xcalloc(1, sizeof(struct slab));
}

void
slab_free(struct slab *s)
{
	if (s == NULL)
		return;
	slab_reset(s);
	free(s->chunks);
	free(s);
}

void *
slab_alloc(struct slab *s, size_t n, size_t *got)
{
	unsigned	 c;
	void		*p;

	if (n == 0 || n > SLAB_MAX)
		die("slab_alloc of %zu bytes", n);
	c = class_of(n, got);
	if ((p = s->freel[c]) != NULL) {
		UNPOISON(p, *got);
		memcpy(&s->freel[c], p, sizeof(void *));
		return p;
	}
	if (s->nchunks == 0 || s->used + *got > SLAB_CHUNK) {
		/* The rest of the chunk, less than a block, is left. */
		if (s->nchunks > 0)
			s->cur++;
		if (s->cur == s->nchunks) {
			s->chunks = xgrow(s->chunks, s->nchunks,
			    sizeof(*s->chunks));
			s->chunks[s->nchunks++] = map_aligned(SLAB_CHUNK);
			POISON(s->chunks[s->nchunks - 1], SLAB_CHUNK);
		}
		s->used = 0;
	}
	p = s->chunks[s->cur] + s->used;
	s->used += *got;
	UNPOISON(p, *got);
	return p;
}

void
slab_put(struct slab *s, void *p, size_t cap)
{
	size_t		 size;
	unsigned	 c = class_of(cap, &size);

	if (size != cap)
		die("slab_put of a block of %zu bytes, not a class", cap);
	memcpy(p, &s->freel[c], sizeof(void *));
	s->freel[c] = p;
	POISON(p, cap);
}

void
slab_reset(struct slab *s)
{
	size_t	 i;

	memset(s->freel, 0, sizeof(s->freel));
	for (i = 0; i < s->nchunks; i++) {
		UNPOISON(s->chunks[i], SLAB_CHUNK);
		munmap(s->chunks[i], SLAB_CHUNK);
	}
	s->nchunks = 0;
	s->cur = 0;
	s->used = 0;
}

size_t
slab_mapped(const struct slab *s)
{
	return s->nchunks * SLAB_CHUNK;
}

size_t
slab_used(const struct slab *s)
{
	return s->nchunks ? s->cur * SLAB_CHUNK + s->used : 0;
}
