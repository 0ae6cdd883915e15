/*
 * enc.c: telling the encoding of an issue file and converting it to UTF-8
 * (enc.h says which encodings and in what order they are tried).
 *
 * Every step is one pass over the bytes: a file of 50 MB costs a few
 * passes of 50 MB, never more.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "enc.h"

/*
 * GB_MIN_HANZI_SHARE 8/10: of the two-byte characters of a real GBK page,
 * nearly all lie in the GB2312 rows of punctuation (A1-A9) and hanzi
 * (B0-F7, trail A1-FE); Latin-1 or a damaged UTF-8 file that happens to
 * be well-formed GB18030 falls far below that.
 */
#define GB_MIN_HANZI_NUM	8
#define GB_MIN_HANZI_DEN	10
/*
 * GB_MAX_FOUR_SHARE 1/20: four-byte GB18030 sequences (characters outside
 * GBK) are rare in Chinese text; a run of them is noise that decodes.
 */
#define GB_MAX_FOUR_DEN		20

const char *
enc_name(enum enc_kind k)
{
	switch (k) {
	case ENC_UTF8:
		return "UTF-8";
	case ENC_UTF8_BOM:
		return "UTF-8 with a byte-order mark";
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	case ENC_GB18030:
		return "GB18030";
	}
	return "?";
}

size_t
enc_utf8_valid(const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, need, k;
	unsigned char		 lo, hi;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		/* Most of Chinese text: a lead byte with no range of its own. */
		if (utf8_plain3(str + i, n - i)) {
			i += 3;
			continue;
		}
		/* The second byte's range rules out overlongs and surrogates. */
		lo = 0x80;
		hi = 0xbf;
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			need = 1;
		else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			need = 2;
			if (s[i] == 0xe0)
				lo = 0xa0;
			else if (s[i] == 0xed)
				hi = 0x9f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			need = 3;
			if (s[i] == 0xf0)
				lo = 0x90;
			else if (s[i] == 0xf4)
				hi = 0x8f;
		} else
			return i;
		if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (k = 2; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
		i += need + 1;
	}
	return n;
}

int
enc_looks_gb18030(const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, two = 0, hanzi = 0, four = 0;
	unsigned char		 c, t;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xff || i + 1 >= n)
			return 0;
		t = s[i + 1];
		if (t >= 0x30 && t <= 0x39) {
			if (i + 3 >= n || s[i + 2] < 0x81 || s[i + 2] > 0xfe ||
			    s[i + 3] < 0x30 || s[i + 3] > 0x39)
				return 0;
			four++;
			i += 4;
			continue;
		}
		if (t < 0x40 || t == 0x7f || t == 0xff)
			return 0;
		two++;
		if (t >= 0xa1 && t <= 0xfe &&
		    ((c >= 0xa1 && c <= 0xa9) || (c >= 0xb0 && c <= 0xf7)))
			hanzi++;
		i += 2;
	}
	return two > 0 && hanzi * GB_MIN_HANZI_DEN >= two * GB_MIN_HANZI_NUM &&
	    four * GB_MAX_FOUR_DEN <= two;
}

void
enc_locate(const char *p, size_t n, size_t off, unsigned *line, unsigned *col)
{
	size_t	 i;

	*line = 1;
	*col = 1;
	if (off > n)
		off = n;
	for (i = 0; i < off; i++) {
		if (p[i] == '\n' || p[i] == '\r') {
			if (p[i] == '\r' && i + 1 < off && p[i + 1] == '\n')
				i++;
			++*line;
			*col = 1;
		} else if (((unsigned char)p[i] & 0xc0) != 0x80)
			++*col;
	}
}

/*
 * Converts n bytes at p (skip bytes of byte-order mark before them in the
 * file) from the iconv encoding k to UTF-8, appending to out.
 */
static int
convert(const char *name, enum enc_kind k, const char *p, size_t n,
    size_t skip, struct buf *out, struct diags *d)
{
	iconv_t		 cd;
	char		*in = (char *)(uintptr_t)p, *o;
	size_t		 inleft = n, oleft, start = out->len, off;
	unsigned	 line, col;
	int		 saved;

	if ((cd = iconv_open("UTF-8", enc_name(k))) == (iconv_t)-1) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "encoding",
		    "the file is in %s, which this system's iconv cannot "
		    "convert: %s; the issue is skipped", enc_name(k),
		    strerror(errno));
		return -1;
	}
	o = out->ptr + out->len;
	while (inleft > 0) {
		/* UTF-8 takes at most twice the bytes of UTF-16 or GB18030. */
		buf_grow(out, inleft * 2 + 16);
		o = out->ptr + out->len;
		oleft = out->cap - out->len - 1;
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
			break;
		saved = errno;
		out->len = (size_t)(o - out->ptr);
		if (saved == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a sequence cut off by the end of the file. */
		off = (size_t)(in - p);
		enc_locate(out->ptr + start, out->len - start, out->len - start,
		    &line, &col);
		diag_add(d, DIAG_ERROR, name, line, col, "encoding",
		    "the file reads as %s, but the bytes at byte offset %zu "
		    "(0x%02X%s) are %s; the issue is skipped (save the page "
		    "as UTF-8)", enc_name(k), skip + off,
		    (unsigned)(unsigned char)p[off], inleft > 1 ? "..." : "",
		    saved == EINVAL ? "a character cut off by the end of "
		    "the file" : "not a character of that encoding");
		iconv_close(cd);
		buf_truncate(out, start);
		return -1;
	}
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	iconv_close(cd);
	return 0;
}

int
enc_to_utf8(const char *name, const char *p, size_t n, struct buf *out,
    enum enc_kind *kind, struct diags *d)
{
	size_t		 ok;
	unsigned	 line, col;
	int		 bom = 0;

	if (n >= 2 && memcmp(p, "\xff\xfe", 2) == 0) {
		*kind = ENC_UTF16LE;
		return convert(name, *kind, p + 2, n - 2, 2, out, d);
	}
	if (n >= 2 && memcmp(p, "\xfe\xff", 2) == 0) {
		*kind = ENC_UTF16BE;
		return convert(name, *kind, p + 2, n - 2, 2, out, d);
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	if ((ok = enc_utf8_valid(p + bom, n - bom)) == n - bom) {
		*kind = bom ? ENC_UTF8_BOM : ENC_UTF8;
		buf_put(out, p + bom, n - bom);
		return 0;
	}
	if (!bom && enc_looks_gb18030(p, n)) {
		*kind = ENC_GB18030;
		return convert(name, *kind, p, n, 0, out, d);
	}
	enc_locate(p + bom, n - bom, ok, &line, &col);
	diag_add(d, DIAG_ERROR, name, line, col, "encoding",
	    "byte 0x%02X at byte offset %zu is not valid UTF-8%s; the issue "
	    "is skipped (save the page as UTF-8)",
	    (unsigned)(unsigned char)p[bom + ok], bom + ok,
	    bom ? " (the file starts with a UTF-8 byte-order mark)" :
	    ", and the file is not GB18030 or UTF-16 with a byte-order mark "
	    "either");
	return -1;
}
