/*
 * issue.c: turns an issue file into numbered lines and reads what the file
 * says about itself (front matter, the date in its name).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "issue.h"
#include "util.h"

/* MAX_FRONT_MATTER_LINES 40: a front-matter block is a handful of keys. */
#define MAX_FRONT_MATTER_LINES 40

int
date_valid(const char *s)
{
	static const int mdays[] = { 31,29,31,30,31,30,31,31,30,31,30,31 };
	int	 y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1800 || y > 2999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 0;
	return 1;
}

/* Splits text into lines at LF, CRLF or a lone CR, trimming each. */
static void
split_lines(struct source *src, size_t n)
{
	char	*p = src->text, *e = src->text + n, *s;
	size_t	 cap = 0;

	src->nlines = 0;
	while (p < e || (p == e && src->nlines == 0 && n > 0)) {
		s = p;
		while (p < e && *p != '\n' && *p != '\r')
			p++;
		if (src->nlines == cap) {
			cap = cap ? cap * 2 : 256;
			src->lines = xreallocarray(src->lines, cap, sizeof(*src->lines));
		}
		src->lines[src->nlines].p = s;
		src->lines[src->nlines].n = (size_t)(p - s);
		src->lines[src->nlines] = span_trim(src->lines[src->nlines]);
		src->nlines++;
		if (p < e && *p == '\r' && p + 1 < e && p[1] == '\n')
			p++;
		if (p < e)
			p++;
		else
			break;
	}
}

static void
set_field(char **dst, struct span v)
{
	free(*dst);
	*dst = span_dup(v);
}

/* Reads "--- / key: value / ---" at the top; returns lines consumed. */
static unsigned
front_matter(const char *name, struct source *src, struct issue *is,
    struct diags *d)
{
	struct span	 l, k, v;
	unsigned	 i;
	const char	*colon;
	char		*end;
	long		 pg;

	if (src->nlines == 0 || !span_eq(src->lines[0], "---"))
		return 0;
	for (i = 1; i < src->nlines && i <= MAX_FRONT_MATTER_LINES; i++)
		if (span_eq(src->lines[i], "---"))
			break;
	if (i >= src->nlines || i > MAX_FRONT_MATTER_LINES) {
		diag_add(d, DIAG_WARN, name, 1, 1, "front-matter",
		    "a line \"---\" opens front matter but no closing \"---\" "
		    "follows within %d lines; the file is read as text",
		    MAX_FRONT_MATTER_LINES);
		return 0;
	}
	for (unsigned j = 1; j < i; j++) {
		l = src->lines[j];
		if (l.n == 0 || l.p[0] == '#')
			continue;
		colon = memchr(l.p, ':', l.n);
		if (colon == NULL) {
			diag_add(d, DIAG_WARN, name, j + 1, 1, "front-matter",
			    "expected \"key: value\" in front matter; line ignored");
			continue;
		}
		k.p = l.p;
		k.n = (size_t)(colon - l.p);
		k = span_trim(k);
		v.p = colon + 1;
		v.n = l.n - k.n - 1 - (size_t)(k.p - l.p);
		v = span_trim(v);
		if (span_eq(k, "date")) {
			char *s = span_dup(v);
			if (v.n == 10 && date_valid(s)) {
				free(is->date);
				is->date = s;
				is->date_source = "front-matter";
			} else {
				diag_add(d, DIAG_WARN, name, j + 1, 7, "front-matter",
				    "date \"%s\" is not a date YYYY-MM-DD; ignored", s);
				free(s);
			}
		} else if (span_eq(k, "page")) {
			char *s = span_dup(v);
			errno = 0;
			pg = strtol(s, &end, 10);
			if (errno || *end || pg < 1 || pg > 999)
				diag_add(d, DIAG_WARN, name, j + 1, 7, "front-matter",
				    "page \"%s\" is not a page number 1-999; ignored", s);
			else
				is->page = (int)pg;
			free(s);
		} else if (span_eq(k, "edition"))
			set_field(&is->edition, v);
		else if (span_eq(k, "paper"))
			set_field(&is->paper, v);
		else {
			char *s = span_dup(k);
			diag_add(d, DIAG_WARN, name, j + 1, 1, "front-matter",
			    "unknown front-matter key \"%s\" (known: date, page, "
			    "edition, paper); ignored", s);
			free(s);
		}
	}
	return i + 1;
}

/* A YYYY-MM-DD in the file's base name, and a page like p05 or _5版. */
static void
from_file_name(const char *path, struct issue *is)
{
	const char	*base = strrchr(path, '/'), *p;
	char		 t[11];

	base = base ? base + 1 : path;
	if (is->date == NULL)
		for (p = base; strlen(p) >= 10; p++) {
			memcpy(t, p, 10);
			t[10] = '\0';
			if (date_valid(t) && (p == base || !isdigit((unsigned char)p[-1])) &&
			    !isdigit((unsigned char)p[10])) {
				is->date = xstrdup(t);
				is->date_source = "file-name";
				break;
			}
		}
	if (is->page == 0)
		for (p = base; *p; p++)
			if ((*p == 'p' || *p == 'P') && isdigit((unsigned char)p[1]) &&
			    (p == base || !isalpha((unsigned char)p[-1]))) {
				int pg = atoi(p + 1);
				if (pg >= 1 && pg <= 999)
					is->page = pg;
				break;
			}
}

void
issue_set_id(struct issue *is)
{
	struct buf	 id = BUF_INIT;
	const char	*base, *p;
	size_t		 n;

	if (is->date)
		buf_puts(&id, is->date);
	else
		buf_puts(&id, "undated");
	if (is->page) {
		buf_printf(&id, "-p%02d", is->page);
	} else {
		/* No page: the ASCII of the file's base name keeps ids apart. */
		base = strrchr(is->path, '/');
		base = base ? base + 1 : is->path;
		n = strlen(base);
		if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
			n -= 4;
		buf_putc(&id, '-');
		for (p = base; p < base + n; p++) {
			if (isalnum((unsigned char)*p))
				buf_putc(&id, tolower((unsigned char)*p));
			else if (id.ptr[id.len - 1] != '-')
				buf_putc(&id, '-');
		}
		while (id.len && id.ptr[id.len - 1] == '-')
			buf_truncate(&id, id.len - 1);
		if (id.ptr[id.len - 1] == '-' || id.len == 10 || id.len == 8)
			buf_printf(&id, "-x%08lx", (unsigned long)strlen(base));
	}
	free(is->id);
	is->id = buf_detach(&id);
}

int
issue_read_mem(const char *name, const char *p, size_t n, struct issue *is,
    struct source *src, struct diags *d)
{
	size_t	 off = 0;

	memset(src, 0, sizeof(*src));
	if (memchr(p, '\0', n) != NULL) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "binary",
		    "holds NUL bytes at byte %zu: not a text export; skipped "
		    "(export the page as UTF-8 text)",
		    (size_t)((const char *)memchr(p, '\0', n) - p));
		return -1;
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	src->text = xstrndup(p + off, n - off);
	split_lines(src, n - off);
	is->path = xstrdup(name);
	is->nlines = src->nlines;
	src->body_from = front_matter(name, src, is, d) + 1;
	from_file_name(name, is);
	issue_set_id(is);
	return 0;
}

int
issue_read(const char *path, struct issue *is, struct source *src,
    struct diags *d)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	if (file_read(path, &b) == -1) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "read",
		    "cannot read: %s; check the file's permissions", strerror(errno));
		buf_release(&b);
		memset(src, 0, sizeof(*src));
		return -1;
	}
	rc = issue_read_mem(path, b.ptr, b.len, is, src, d);
	buf_release(&b);
	return rc;
}

void
source_release(struct source *src)
{
	free(src->text);
	free(src->lines);
	memset(src, 0, sizeof(*src));
}
