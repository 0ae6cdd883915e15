/*
 * issue.c: turns an issue file into numbered lines and reads what the file
 * says about itself (front matter, the date in its name).  Its bytes become
 * UTF-8 in enc.c; here they are normalised (invisible characters, rare
 * spaces, control characters) and split into lines, each a span into the
 * one text, so nothing is copied per line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "enc.h"
#include "issue.h"
#include "util.h"

/* MAX_FRONT_MATTER_LINES 40: a front-matter block is a handful of keys. */
#define MAX_FRONT_MATTER_LINES 40
/*
 * MAX_ID_NAME 48: the part of an issue id taken from its file name; ids
 * go into file names ("ID-NN.html") and URLs, and a name of 255 bytes
 * would make a file name the system refuses.
 */
#define MAX_ID_NAME 48
/* UTF16_PROBE 4096: bytes looked at to tell UTF-16 from binary. */
#define UTF16_PROBE 4096

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
		/* The line's end by memchr(): a lone CR is rare, but looked for. */
		if ((p = memchr(s, '\n', (size_t)(e - s))) == NULL)
			p = e;
		{
			char *cr = memchr(s, '\r', (size_t)(p - s));

			if (cr != NULL)
				p = cr;
		}
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
		v.n = (size_t)(l.p + l.n - v.p);
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

/* FNV-1a, 32 bits: a stable digest of a file name for its id. */
static uint32_t
name_hash(const char *p, size_t n)
{
	uint32_t	 h = 2166136261u;

	while (n--) {
		h ^= (unsigned char)*p++;
		h *= 16777619u;
	}
	return h;
}

void
issue_slug(struct buf *out, const char *name, size_t n)
{
	size_t		 start = out->len;
	const char	*p;
	int		 lossy = 0;

	for (p = name; p < name + n; p++) {
		if (*p & 0x80)
			lossy = 1;
		if (isalnum((unsigned char)*p) && !(*p & 0x80))
			buf_putc(out, tolower((unsigned char)*p));
		else if (out->len > start && out->ptr[out->len - 1] != '-')
			buf_putc(out, '-');
	}
	if (out->len - start > MAX_ID_NAME) {
		buf_truncate(out, start + MAX_ID_NAME);
		lossy = 1;
	}
	while (out->len > start && out->ptr[out->len - 1] == '-')
		buf_truncate(out, out->len - 1);
	/*
	 * A name with letters outside ASCII (第三版.txt), none at all, or too
	 * long to keep whole would share its slug with other names: a digest
	 * of the whole name keeps it apart, and the same name always gets
	 * the same slug.
	 */
	if (lossy || out->len == start)
		buf_printf(out, "%sx%08lx", out->len > start ? "-" : "",
		    (unsigned long)name_hash(name, n));
}

void
issue_set_id(struct issue *is)
{
	struct buf	 id = BUF_INIT;
	const char	*base;
	size_t		 n;

	if (is->date)
		buf_puts(&id, is->date);
	else
		buf_puts(&id, "undated");
	if (is->page) {
		buf_printf(&id, "-p%02d", is->page);
	} else {
		/* No page: the file's base name keeps ids apart. */
		base = strrchr(is->path, '/');
		base = base ? base + 1 : is->path;
		n = strlen(base);
		if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
			n -= 4;
		buf_putc(&id, '-');
		issue_slug(&id, base, n);
	}
	free(is->id);
	is->id = buf_detach(&id);
}

/*
 * NUL bytes mean a binary file, or UTF-16 saved without its byte-order
 * mark: the message says which.  Returns -1 with an error if p holds a
 * NUL byte, else 0.
 */
static int
refuse_binary(const char *name, const char *p, size_t n, const char *what,
    struct diags *d)
{
	const char	*z = memchr(p, '\0', n);
	size_t		 i, odd = 0, even = 0, probe;
	unsigned	 line, col;
	const char	*hint = "";

	if (z == NULL)
		return 0;
	/* UTF-16 of mostly ASCII text has a NUL in every other byte. */
	probe = n < UTF16_PROBE ? n : UTF16_PROBE;
	for (i = 0; i < probe; i++)
		if (p[i] == '\0')
			*(i % 2 ? &odd : &even) += 1;
	if (odd * 3 > probe / 2 && even * 10 < probe / 2)
		hint = "; it looks like UTF-16LE saved without a byte-order mark";
	else if (even * 3 > probe / 2 && odd * 10 < probe / 2)
		hint = "; it looks like UTF-16BE saved without a byte-order mark";
	enc_locate(p, n, (size_t)(z - p), &line, &col);
	diag_add(d, DIAG_ERROR, name, line, col, "binary",
	    "holds NUL bytes%s at byte %zu: not a text export%s; skipped "
	    "(export the page as UTF-8 text)", what, (size_t)(z - p), hint);
	return -1;
}

/*
 * Normalises the text in place, which only ever shrinks it: characters
 * that print as nothing (U+200B, U+2060, U+FEFF) are dropped, the rarer
 * Unicode spaces and separators (U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F, NEL, FF, VT) become an ASCII space, and control characters
 * (C0 but TAB, LF and CR; DEL; C1) are dropped with one warning.  Tabs,
 * no-break and ideographic spaces, and full- and half-width punctuation
 * stay as printed; span_trim() then trims every kind of space at the
 * ends of a line, so a line of only U+3000 or U+200B is empty.
 */
static void
normalise(const char *name, struct buf *t, struct diags *d)
{
	char		*s = t->ptr;
	size_t		 r = 0, w = 0, l, ndrop = 0, first = 0;
	uint32_t	 cp;
	unsigned	 line, col, lead;

	while (r < t->len) {
		if ((unsigned char)s[r] >= 0x20 && (unsigned char)s[r] < 0x7f) {
			s[w++] = s[r++];
			continue;
		}
		/* Han and most punctuation (E3-EE): none of the characters below. */
		if ((lead = utf8_plain3(s + r, t->len - r)) >= 0xe3 &&
		    lead <= 0xee) {
			if (w != r)
				memmove(s + w, s + r, 3);
			w += 3;
			r += 3;
			continue;
		}
		cp = utf8_decode(s + r, t->len - r, &l);
		if (cp == 0x200b || cp == 0x2060 || cp == 0xfeff) {
			r += l;
			continue;
		}
		if ((cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
		    cp == 0x85 || cp == '\f' || cp == '\v') {
			s[w++] = ' ';
			r += l;
			continue;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    (cp >= 0x7f && cp <= 0x9f)) {
			if (ndrop++ == 0)
				first = w;
			r += l;
			continue;
		}
		if (w != r)
			memmove(s + w, s + r, l);
		w += l;
		r += l;
	}
	buf_truncate(t, w);
	if (ndrop) {
		enc_locate(s, w, first, &line, &col);
		diag_add(d, DIAG_WARN, name, line, col, "control-char",
		    "%zu control character(s) dropped, the first here; they "
		    "print as nothing", ndrop);
	}
}

int
issue_read_mem(const char *name, const char *p, size_t n, struct issue *is,
    struct source *src, struct diags *d)
{
	struct buf	 t = BUF_INIT;
	enum enc_kind	 k = ENC_UTF8;
	int		 utf16;

	memset(src, 0, sizeof(*src));
	free(is->path);
	is->path = xstrdup(name);
	/* UTF-16 is full of NUL bytes: its mark is looked for first. */
	utf16 = n >= 2 && (memcmp(p, "\xff\xfe", 2) == 0 ||
	    memcmp(p, "\xfe\xff", 2) == 0);
	if (!utf16 && refuse_binary(name, p, n, "", d) == -1)
		return -1;
	if (enc_to_utf8(name, p, n, &t, &k, d) == -1) {
		buf_release(&t);
		return -1;
	}
	if (k != ENC_UTF8 && k != ENC_UTF8_BOM)
		diag_add(d, DIAG_NOTE, name, 0, 0, "encoding",
		    "the file is in %s; read as such and converted to UTF-8",
		    enc_name(k));
	if (utf16 && refuse_binary(name, t.ptr, t.len, " (U+0000)", d) == -1) {
		buf_release(&t);
		return -1;
	}
	normalise(name, &t, d);
	n = t.len;
	src->text = buf_detach(&t);
	split_lines(src, n);
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
