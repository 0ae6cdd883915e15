/*
 * buf.c: growable buffer, slices and the few UTF-8 routines everything
 * else builds on.  See buf.h for the invariants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

char buf_empty[1];

void
buf_init(struct buf *b)
{
	b->ptr = buf_empty;
	b->len = b->cap = 0;
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t	 want, cap;
	char	*p;

	if (extra > SIZE_MAX / 2 - b->len)
		die("buffer of %zu bytes cannot grow by %zu", b->len, extra);
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	cap = b->cap < 64 ? 64 : b->cap + b->cap / 2;
	if (cap < want)
		cap = want;
	if (b->cap == 0) {
		p = xmalloc(cap);
		memcpy(p, b->ptr, b->len + 1);
	} else
		p = xrealloc(b->ptr, cap);
	b->ptr = p;
	b->cap = cap;
}

void
buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	if (b->cap)
		b->ptr[len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Decimal by hand: buf_printf("%u") costs ten times as much. */
void
buf_putu(struct buf *b, unsigned long long u)
{
	char	 tmp[20];	/* "18446744073709551615" */
	char	*p = tmp + sizeof(tmp);

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	buf_put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

void
buf_putc_slow(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

void
buf_putspan(struct buf *b, struct span s)
{
	buf_put(b, s.p, s.n);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	/* Try in the space there is; grow once and retry if it was short. */
	buf_grow(b, 64);
	va_copy(aq, ap);
	n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, aq);
	va_end(aq);
	if (n < 0)
		die("vsnprintf failed on format \"%s\"", fmt);
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_detach(struct buf *b)
{
	char	*p;

	p = b->cap ? b->ptr : xstrdup("");
	buf_init(b);
	return p;
}

char *
span_dup(struct span s)
{
	return xstrndup(s.p, s.n);
}

uint32_t
utf8_decode_slow(const char *str, size_t n, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 cp;
	size_t			 need, i;

	if (n == 0) {
		*len = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else
		goto bad;
	if (n < need)
		goto bad;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		goto bad;
	*len = need;
	return cp;
bad:
	*len = 1;
	return 0xfffd;
}

void
utf8_encode(struct buf *b, uint32_t cp)
{
	char	 t[4];

	if (cp < 0x80)
		buf_putc(b, (int)cp);
	else if (cp < 0x800) {
		t[0] = (char)(0xc0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 2);
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 4);
	}
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t	 i, c, l;

	for (i = c = 0; i < n; i += l, c++)
		(void)utf8_decode(s + i, n - i, &l);
	return c;
}

size_t
utf8_chars_max(const char *s, size_t n, size_t max)
{
	size_t	 i, c, l;

	/* No character takes more than four bytes: a long text is long. */
	if (max <= n / 4)
		return max;
	for (i = c = 0; i < n && c < max; i += l, c++)
		(void)utf8_decode(s + i, n - i, &l);
	return c;
}

int
uc_is_space(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
	case 0x00a0:	/* no-break space */
	case 0x2002: case 0x2003: case 0x2009:
	case 0x200b:	/* zero-width space */
	case 0x200c: case 0x200d:
	case 0x3000:	/* ideographic space */
	case 0xfeff:	/* BOM / zero-width no-break space */
		return 1;
	default:
		return 0;
	}
}

int
uc_is_han(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x20000 && cp <= 0x2ebef) ||
	    (cp >= 0xf900 && cp <= 0xfaff);
}

struct span
span_trim(struct span s)
{
	size_t		 l;
	uint32_t	 cp;

	while (s.n) {
		cp = utf8_decode(s.p, s.n, &l);
		if (!uc_is_space(cp))
			break;
		s.p += l;
		s.n -= l;
	}
	while (s.n) {
		/* Step back to the start of the last code point. */
		l = 1;
		while (l < s.n && l < 4 &&
		    ((unsigned char)s.p[s.n - l] & 0xc0) == 0x80)
			l++;
		cp = utf8_decode(s.p + s.n - l, l, &l);
		if (!uc_is_space(cp))
			break;
		s.n -= l;
	}
	return s;
}
