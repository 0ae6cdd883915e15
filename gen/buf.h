/*
 * buf.h: the one growable byte buffer of baokan, and the one slice type.
 *
 * Invariants (after git's strbuf and cmark's cmark_strbuf):
 *  - buf.ptr is never NULL and always NUL-terminated, so it can be passed
 *    to any C string function; BUF_INIT points at a static empty string and
 *    allocates nothing until the first append.
 *  - buf.len never counts the terminating NUL; buf.cap is 0 while ptr is
 *    the static empty string.
 *  - The buffer grows by half again (at least to the size asked), so n
 *    appends cost O(n) amortised.
 *
 * Ownership: a buf owns its ptr; buf_release() frees it and leaves BUF_INIT;
 * buf_detach() hands the string to the caller, who frees it with free().
 * A span never owns what it points at.
 */
#ifndef BAOKAN_BUF_H
#define BAOKAN_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern char buf_empty[];

struct buf {
	char	*ptr;	/* bytes, NUL-terminated; never NULL */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated; 0 while ptr == buf_empty */
};

#define BUF_INIT { buf_empty, 0, 0 }

/* A view into memory owned by someone else: not NUL-terminated. */
struct span {
	const char	*p;
	size_t		 n;
};

void	 buf_init(struct buf *);
void	 buf_release(struct buf *);
void	 buf_grow(struct buf *, size_t extra);
void	 buf_reset(struct buf *);
void	 buf_truncate(struct buf *, size_t len);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc_slow(struct buf *, int);
void	 buf_putu(struct buf *, unsigned long long);	/* in decimal */

/*
 * n bytes at p: inline, as the renderers and writers call it millions of
 * times a build and nearly always find room (the test below cannot
 * overflow: cap >= len).  p must not point into b.
 */
static inline void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (n >= b->cap - b->len)
		buf_grow(b, n);
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

/* One byte: inline while there is room, as escapers call it per byte. */
static inline void
buf_putc(struct buf *b, int c)
{
	if (b->len + 1 < b->cap) {
		b->ptr[b->len++] = (char)c;
		b->ptr[b->len] = '\0';
	} else
		buf_putc_slow(b, c);
}
void	 buf_putspan(struct buf *, struct span);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
char	*buf_detach(struct buf *);

/*
 * Inline, so that the length of a literal z (nearly every call: "上接",
 * "(") is worked out by the compiler and not by strlen() a million
 * times a build.
 */
static inline struct span
span_of(const char *s)
{
	struct span	 sp;

	sp.p = s;
	sp.n = s ? strlen(s) : 0;
	return sp;
}

static inline int
span_eq(struct span s, const char *z)
{
	size_t	 n = strlen(z);

	return s.n == n && memcmp(s.p, z, n) == 0;
}

static inline int
span_starts(struct span s, const char *z)
{
	size_t	 n = strlen(z);

	return s.n >= n && memcmp(s.p, z, n) == 0;
}

static inline int
span_ends(struct span s, const char *z)
{
	size_t	 n = strlen(z);

	return s.n >= n && memcmp(s.p + s.n - n, z, n) == 0;
}
char	*span_dup(struct span);

/*
 * UTF-8 helpers.  utf8_decode reads one code point at s (of at most n
 * bytes) and stores its byte length in *len; an invalid sequence decodes
 * as U+FFFD with *len 1, so a scanner always makes progress.
 */
uint32_t utf8_decode_slow(const char *s, size_t n, size_t *len);

/*
 * The two cases that are nearly all of Chinese text inline: ASCII and a
 * well-formed three-byte sequence; the rest (and every check of an
 * invalid one) in utf8_decode_slow().
 */
static inline uint32_t
utf8_decode(const char *str, size_t n, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 cp;

	if (n > 0 && s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (n >= 3 && (s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		cp = (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (uint32_t)(s[2] & 0x3f);
		if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
			*len = 3;
			return cp;
		}
	}
	return utf8_decode_slow(str, n, len);
}
/*
 * The lead byte of the three-byte sequence at s (of at most n bytes)
 * when it is one that needs no check but its continuation bytes (lead
 * E1-EC or EE-EF: never overlong, never a surrogate), else 0.  Nearly
 * all of Chinese text is such; a scanner that passes most of them as
 * they are tests the lead it gets back for the few it must not.
 */
static inline unsigned
utf8_plain3(const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;

	if (n >= 3 && s[0] >= 0xe1 && s[0] != 0xed && s[0] <= 0xef &&
	    (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80)
		return s[0];
	return 0;
}
void	 utf8_encode(struct buf *, uint32_t cp);
size_t	 utf8_chars(const char *s, size_t n);
/* utf8_chars(), counting no further than max: min(utf8_chars(), max). */
size_t	 utf8_chars_max(const char *s, size_t n, size_t max);
int	 uc_is_space(uint32_t cp);
int	 uc_is_han(uint32_t cp);

/* Trims ASCII and Unicode white space (U+3000, U+00A0, zero-width). */
struct span span_trim(struct span);

#endif
