/*
 * text.c: predicates on the form of page text.
 */
#include <string.h>

#include "buf.h"
#include "text.h"


uint32_t
text_last_cp(struct span s, size_t *len)
{
	size_t	 l = 1;

	if (s.n == 0) {
		*len = 0;
		return 0;
	}
	while (l < s.n && l < 4 && ((unsigned char)s.p[s.n - l] & 0xc0) == 0x80)
		l++;
	return utf8_decode(s.p + s.n - l, l, len);
}

static int
is_stop(uint32_t c)
{
	return c == 0x3002 || c == '!' || c == 0xff01 || c == '?' ||
	    c == 0xff1f || c == 0x2026 || c == ';' || c == 0xff1b ||
	    c == '.' || c == 0xff0e;
}

static int
is_close_quote(uint32_t c)
{
	return c == 0x201d || c == 0x2019 || c == 0x300d || c == 0x300f ||
	    c == ')' || c == 0xff09 || c == '"';
}

/* The line ends a sentence: 。!? or one of them inside a closing quote. */
int
text_ends_sentence(struct span s)
{
	size_t		 l;
	uint32_t	 c = text_last_cp(s, &l);

	if (is_stop(c) || c == ':' || c == 0xff1a)
		return 1;
	if (is_close_quote(c)) {
		s.n -= l;
		c = text_last_cp(s, &l);
		return is_stop(c);
	}
	return 0;
}

/* Any punctuation that a column label never has (a middle dot it may). */
int
text_has_punct(struct span s)
{
	size_t		 i, l;
	uint32_t	 c;

	for (i = 0; i < s.n; i += l) {
		c = utf8_decode(s.p + i, s.n - i, &l);
		if (!uc_is_han(c) && !(c >= '0' && c <= '9') && c != 0xb7 &&
		    !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z'))
			return 1;
	}
	return 0;
}

int
text_contains(struct span s, const char *z)
{
	size_t	 n = strlen(z), i;

	for (i = 0; i + n <= s.n; i++)
		if (memcmp(s.p + i, z, n) == 0)
			return 1;
	return 0;
}

/* "(上接第1版)" and "(下转第2版)", ASCII or full-width brackets. */
int
text_page_ref(struct span s, const char *verb)
{
	struct span	 t = s;
	size_t		 open, close;

	open = span_starts(t, "(") ? 1 : span_starts(t, "\xef\xbc\x88") ? 3 : 0;
	close = span_ends(t, ")") ? 1 : span_ends(t, "\xef\xbc\x89") ? 3 : 0;
	if (!open || !close || t.n < open + close)
		return 0;
	t.p += open;
	t.n -= open + close;
	return span_starts(t, verb) && span_ends(t, "版") &&
	    utf8_chars_max(t.p, t.n, 11) <= 10;
}

/*
 * Characters that do not begin a sentence: punctuation that closes or
 * continues one, structural particles and verb complements.  Words that
 * often open a sentence (在, 从, 上午, 后来) are deliberately not here.
 */
static const uint32_t midway[] = {
	',', 0xff0c, 0x3001, 0x3002, ';', 0xff1b, ':', 0xff1a, ')', 0xff09,
	0x201d, 0x2019, '!', 0xff01, '?', 0xff1f,
	0x7684 /* 的 */, 0x5730 /* 地 */, 0x5f97 /* 得 */, 0x4e86 /* 了 */,
	0x7740 /* 着 */, 0x8fc7 /* 过 */, 0x4eec /* 们 */, 0x51fa /* 出 */,
	0x8005 /* 者 */, 0x53ca /* 及 */, 0x6216 /* 或 */, 0x5374 /* 却 */,
	0x5417 /* 吗 */, 0x5462 /* 呢 */, 0x5427 /* 吧 */, 0x554a /* 啊 */,
};

int
text_starts_midway(struct span s)
{
	size_t		 l, i;
	uint32_t	 c;

	if (s.n == 0)
		return 0;
	c = utf8_decode(s.p, s.n, &l);
	for (i = 0; i < sizeof(midway) / sizeof(midway[0]); i++)
		if (midway[i] == c)
			return 1;
	return 0;
}
