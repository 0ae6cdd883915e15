/*
 * util.c: allocation wrappers and file helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

void
die(const char *fmt, ...)
{
	va_list	 ap;

	fputs("baokan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory allocating %zu bytes", n);
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		die("out of memory allocating %zu x %zu bytes", n, sz);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory reallocating %zu bytes", n);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		die("array of %zu x %zu bytes overflows", n, sz);
	return xrealloc(p, n * sz);
}

void *
xgrow(void *p, size_t n, size_t sz)
{
	if (n == 0)
		return xreallocarray(p, 1, sz);
	if ((n & (n - 1)) == 0)
		return xreallocarray(p, n * 2, sz);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
file_read(const char *path, struct buf *b)
{
	char	 tmp[65536];
	ssize_t	 r;
	int	 fd, saved;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	for (;;) {
		r = read(fd, tmp, sizeof(tmp));
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		buf_put(b, tmp, (size_t)r);
	}
	close(fd);
	return 0;
}

/*
 * mkdir_p tries the whole path first and walks back only as far as
 * needed: a site writes tens of thousands of files into folders that
 * mostly exist, and a mkdir() a path component made a build spend more
 * time in failing system calls than in rendering.
 */
int
mkdir_p(const char *dir)
{
	return mkdir_p_at(AT_FDCWD, dir);
}

int
mkdir_p_at(int at, const char *dir)
{
	char	*s, *slash;
	int	 rc;

	if (mkdirat(at, dir, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	s = xstrdup(dir);
	rc = -1;
	if ((slash = strrchr(s, '/')) != NULL && slash != s) {
		*slash = '\0';
		if (mkdir_p_at(at, s) == 0)
			rc = mkdirat(at, dir, 0755) == 0 || errno == EEXIST ? 0 : -1;
	}
	free(s);
	return rc;
}

int
file_write(const char *path, const void *p, size_t n)
{
	return file_write_at(AT_FDCWD, path, p, n);
}

int
file_write_at(int at, const char *path, const void *p, size_t n)
{
	char		*dir, *slash;
	const char	*c = p;
	ssize_t		 w;
	int		 fd, saved;

	/* The folder usually exists: open first, make folders on ENOENT. */
	fd = openat(at, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd == -1 && errno == ENOENT &&
	    (slash = strrchr(path, '/')) != NULL && slash != path) {
		dir = xstrndup(path, (size_t)(slash - path));
		if (mkdir_p_at(at, dir) == -1) {
			saved = errno;
			free(dir);
			errno = saved;
			return -1;
		}
		free(dir);
		fd = openat(at, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	}
	if (fd == -1)
		return -1;
	while (n > 0) {
		w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	if (close(fd) == -1)
		return -1;
	return 0;
}

char *
path_join(const char *a, const char *b)
{
	struct buf	 p = BUF_INIT;
	size_t		 n = strlen(a);

	buf_puts(&p, a);
	if (n && a[n - 1] != '/')
		buf_putc(&p, '/');
	buf_puts(&p, b);
	return buf_detach(&p);
}
