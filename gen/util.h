/*
 * util.h: allocation that cannot fail (a batch tool gains nothing by
 * limping on: out of memory ends the run with a message), and file helpers.
 */
#ifndef BAOKAN_UTIL_H
#define BAOKAN_UTIL_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct diags;

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * Makes room for item n of an array of n items of size sz that grows by
 * doubling: reallocates only when n is 0 or a power of two, so n appends
 * cost O(n) whatever realloc does.
 */
void	*xgrow(void *, size_t n, size_t sz);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	 die(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Reads a whole file into b (appending); 0, or -1 with errno set. */
int	 file_read(const char *path, struct buf *b);
/* Creates dir and its parents; 0 or -1 with errno set. */
int	 mkdir_p(const char *dir);
/* Writes a file, creating its parent folders; 0 or -1 with errno set. */
int	 file_write(const char *path, const void *p, size_t n);
/*
 * The same with a relative path resolved from the folder open at at
 * (openat(2); AT_FDCWD is the current folder): a site's pages are
 * written from its root's handle, so the kernel walks only the part of
 * each path inside the site.
 */
int	 mkdir_p_at(int at, const char *dir);
int	 file_write_at(int at, const char *path, const void *p, size_t n);
/* Joins two path parts with one slash; caller frees. */
char	*path_join(const char *a, const char *b);

/*
 * Bit i of a bitmap of uint64_t words: the filters in front of a hash
 * table (frequent bigrams, the gazetteer's first characters) are these.
 */
static inline int
bits_has(const uint64_t *map, size_t i)
{
	return (int)((map[i / 64] >> (i % 64)) & 1);
}

static inline void
bits_set(uint64_t *map, size_t i)
{
	map[i / 64] |= (uint64_t)1 << (i % 64);
}

#endif
