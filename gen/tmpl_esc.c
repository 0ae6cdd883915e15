/*
 * tmpl_esc.c: escaping substituted values as libxml2's HTML writer does.
 *
 * Pages used to be built as a libxml2 tree and written out by
 * htmlNodeDumpFormatOutput(); now the constant parts of a template are
 * written by that same function once, at load time (tmpl_plan.c), and
 * only the values substituted into a page are escaped here, on every
 * page.  So that the two meet without a seam, this file copies what
 * libxml2 2.9 does for a node of a document that is XML (not HTML) and
 * has its encoding set, which is the kind tmpl_out_doc() makes:
 *
 *  text	xmlEncodeEntitiesReentrant(): &lt; &gt; &amp; for < > &,
 *		&#13; for CR, nothing at all for the other C0 controls but
 *		tab and newline, every other byte as it is (UTF-8 stays
 *		UTF-8, U+00A0 stays a raw NBSP, a stray 0x80 stays 0x80);
 *		the value ends at its first NUL, as a C string does;
 *  attribute	the same escaping, then xmlBufWriteQuotedString(): in
 *		double quotes, or single quotes when the value holds a "
 *		and no ', or double quotes with &quot; when it holds both;
 *  URL	for href, src and action (and name on <a>): the escaped value
 *		without leading blanks, then xmlURIEscapeStr() with the
 *		characters it keeps, every other byte as %XX, in quotes;
 *  boolean	checked, defer, selected, ...: the name alone, no value.
 *
 * tests/unit/test_tmpl.c holds these to libxml2's own output on crafted
 * and random strings, byte for byte.
 */
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/xmlstring.h>

#include "buf.h"
#include "tmpl_int.h"
#include "util.h"

/*
 * What a byte becomes: itself (K), a character reference (R: < > & CR),
 * nothing (D: a C0 control other than tab, LF, CR), or the end of the
 * value (E: NUL); in a URL also %XX (P: what xmlURIEscapeStr() does not
 * keep: all but letters, digits, -_.!~*'() and @/:=?;#%&,+<>).
 */
enum { K, R, D, E, P };

static const unsigned char text_class[256] = {
	E, D, D, D, D, D, D, D, D, K, K, D, D, R, D, D,
	D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D,
	K, K, K, K, K, K, R, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, R, K, R, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
};

static const unsigned char uri_class[256] = {
	E, D, D, D, D, D, D, D, D, P, P, D, D, R, D, D,
	D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D,
	P, K, P, K, P, K, R, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K, R, K, R, K,
	K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, P, P, P, P, K,
	P, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
	K, K, K, K, K, K, K, K, K, K, K, P, P, P, K, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
};

/*
 * Eight bytes at a time: nonzero if any of them may need more than a
 * copy (a byte below 0x20, or < > &).  Bytes of 0x80 and up are never
 * flagged, so Chinese text runs through eight bytes a step.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define ZERO_IN(v)	(((v) - ONES) & ~(v) & HIGHS)

static uint64_t
maybe_special(const unsigned char *p)
{
	uint64_t	 x;

	memcpy(&x, p, sizeof(x));
	return ((x - ONES * 0x20) & ~x & HIGHS) | ZERO_IN(x ^ (ONES * '<')) |
	    ZERO_IN(x ^ (ONES * '>')) | ZERO_IN(x ^ (ONES * '&'));
}

/*
 * Makes room for n bytes escaped in the worst case (each as "&quot;",
 * six bytes) and two quotes, and returns where to write: the escapers
 * below write into the buffer directly and set its length when done.
 */
static char *
room(struct buf *b, size_t n)
{
	if (n > ((size_t)-1 - 2) / 6)
		die("a value of %zu bytes is too big to escape", n);
	buf_grow(b, 6 * n + 2);
	return b->ptr + b->len;
}

static void
done(struct buf *b, char *o)
{
	b->len = (size_t)(o - b->ptr);
	b->ptr[b->len] = '\0';
}

static char *
put_ref(char *o, unsigned char c)
{
	switch (c) {
	case '<':
		memcpy(o, "&lt;", 4);
		return o + 4;
	case '>':
		memcpy(o, "&gt;", 4);
		return o + 4;
	case '&':
		memcpy(o, "&amp;", 5);
		return o + 5;
	default:	/* '\r' */
		memcpy(o, "&#13;", 5);
		return o + 5;
	}
}

/*
 * Writes p..e escaped as text at o; with dq, a " also becomes &quot;.
 * Returns the end of what it wrote; *cut is set if a NUL stopped it.
 */
static char *
esc_run(char *o, const unsigned char *p, const unsigned char *e, int dq,
    int *cut)
{
	const unsigned char	*run, *lim;

	for (;;) {
		/* Find the next byte that is not copied as it is. */
		run = p;
		for (;;) {
			if (!dq)
				while (e - p >= 8 && !maybe_special(p))
					p += 8;
			lim = e - p > 8 ? p + 8 : e;
			while (p < lim && text_class[*p] == K &&
			    !(dq && *p == '"'))
				p++;
			if (p < lim || p == e)
				break;
		}
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p == e)
			return o;
		switch (text_class[*p]) {
		case K:		/* '"' with dq */
			memcpy(o, "&quot;", 6);
			o += 6;
			break;
		case R:
			o = put_ref(o, *p);
			break;
		case D:
			break;
		default:	/* E */
			*cut = 1;
			return o;
		}
		p++;
	}
}

int
tmpl_esc_text(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 cut = 0;

	done(b, esc_run(room(b, n), p, p + n, 0, &cut));
	return cut;
}

/* The URL form, in quotes, of p..e (which holds no NUL): see the top. */
static char *
esc_uri(char *o, const unsigned char *p, const unsigned char *e)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*run;

	/* The blanks libxml2 skips come after escaping: controls are gone. */
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    text_class[*p] == D))
		p++;
	*o++ = '"';
	for (;;) {
		for (run = p; p < e && uri_class[*p] == K; p++)
			continue;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p == e)
			break;
		switch (uri_class[*p]) {
		case R:
			o = put_ref(o, *p);
			break;
		case D:
			break;
		default:	/* P */
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0xf];
			break;
		}
		p++;
	}
	*o++ = '"';
	return o;
}

void
tmpl_esc_attr(struct buf *b, const char *s, size_t n, int esc)
{
	const unsigned char	*p = (const unsigned char *)s, *e;
	const char		*nul;
	char			*o;
	int			 dq, sq, cut;

	if ((nul = memchr(s, '\0', n)) != NULL)
		n = (size_t)(nul - s);
	e = p + n;
	o = room(b, n);
	if (esc == TESC_URI) {
		done(b, esc_uri(o, p, e));
		return;
	}
	dq = memchr(s, '"', n) != NULL;
	sq = memchr(s, '\'', n) != NULL;
	*o++ = dq && !sq ? '\'' : '"';
	o = esc_run(o, p, e, dq && sq, &cut);
	*o++ = dq && !sq ? '\'' : '"';
	done(b, o);
}

int
tmpl_esc_kind(const char *elem, const char *name)
{
	const xmlChar	*n = (const xmlChar *)name;

	if (htmlIsBooleanAttr(n))
		return TESC_BOOL;
	if (xmlStrcasecmp(n, BAD_CAST "href") == 0 ||
	    xmlStrcasecmp(n, BAD_CAST "action") == 0 ||
	    xmlStrcasecmp(n, BAD_CAST "src") == 0 ||
	    (xmlStrcasecmp(n, BAD_CAST "name") == 0 &&
	    xmlStrcasecmp((const xmlChar *)elem, BAD_CAST "a") == 0))
		return TESC_URI;
	return TESC_ATTR;
}
