/*
 * slug.c: ASCII slugs from UTF-8 text through the generated pinyin table,
 * and a set that makes slugs unique per key.
 *
 * Every character falls in one of four classes: a letter or digit (ASCII,
 * or full-width folded to ASCII) that joins the current run; a Han
 * character with a reading, which is a part of its own; a separator
 * (space, punctuation, symbols); anything else, which becomes u + its hex
 * code point, a part of its own, so that two names differing only there
 * still differ.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "slug.h"
#include "util.h"

/* MAX_SUFFIX 1000000: more names wanting one slug than any archive has people. */
#define MAX_SUFFIX	1000000

const char *
slug_pinyin(uint32_t cp)
{
	uint16_t	 i;

	if (cp < PINYIN_FIRST || cp > PINYIN_LAST)
		return NULL;
	i = pinyin_index[cp - PINYIN_FIRST];
	return i != 0 && i < pinyin_nsyllables ? pinyin_syllables[i] : NULL;
}

/* A surname's reading where it differs from the common one (单 shan), or NULL. */
static const char *
surname_pinyin(uint32_t cp)
{
	size_t	 lo = 0, hi = pinyin_nsurnames, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pinyin_surnames[mid].cp == cp)
			return pinyin_syllables[pinyin_surnames[mid].syllable];
		if (pinyin_surnames[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* An ASCII letter or digit for cp, lowercased, full-width folded; or 0. */
static int
alnum_of(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)		/* ０-９ */
		cp = cp - 0xFF10 + '0';
	else if (cp >= 0xFF21 && cp <= 0xFF3A)		/* Ａ-Ｚ */
		cp = cp - 0xFF21 + 'a';
	else if (cp >= 0xFF41 && cp <= 0xFF5A)		/* ａ-ｚ */
		cp = cp - 0xFF41 + 'a';
	if (cp >= 'A' && cp <= 'Z')
		return (int)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (int)cp;
	return 0;
}

/* Space, punctuation and symbols: they only separate parts. */
static int
is_separator(uint32_t cp)
{
	return cp < 0x80 ||			/* ASCII that is not alnum */
	    uc_is_space(cp) ||
	    (cp >= 0x00A0 && cp <= 0x00BF) ||	/* Latin-1 punctuation, · */
	    cp == 0x00D7 || cp == 0x00F7 ||
	    (cp >= 0x2000 && cp <= 0x2BFF) ||	/* punctuation, arrows, symbols */
	    (cp >= 0x3000 && cp <= 0x303F) ||	/* CJK punctuation: 、。《》 */
	    cp == 0x30FB ||			/* katakana middle dot ・ */
	    (cp >= 0xFE30 && cp <= 0xFE4F) ||	/* CJK compatibility forms */
	    (cp >= 0xFF00 && cp <= 0xFF65) ||	/* full-width punctuation */
	    cp == 0xFFFD;			/* invalid UTF-8 */
}

/* Starts a new part unless the slug is empty or already ends in '-'. */
static void
sep(struct buf *out, size_t start)
{
	if (out->len > start && out->ptr[out->len - 1] != '-')
		buf_putc(out, '-');
}

static void
slugify(struct buf *out, const char *s, int name)
{
	size_t		 start = out->len, n = strlen(s), len;
	uint32_t	 cp;
	const char	*py;
	int		 c, in_run = 0, first_han = name;

	while (n > 0) {
		cp = utf8_decode(s, n, &len);
		s += len;
		n -= len;
		if ((c = alnum_of(cp)) != 0) {
			if (!in_run)
				sep(out, start);
			buf_putc(out, c);
			in_run = 1;
			continue;
		}
		in_run = 0;
		if (is_separator(cp)) {
			sep(out, start);
			continue;
		}
		py = NULL;
		if (first_han && uc_is_han(cp))
			py = surname_pinyin(cp);
		if (py == NULL)
			py = slug_pinyin(cp);
		if (uc_is_han(cp))
			first_han = 0;
		sep(out, start);
		if (py != NULL)
			buf_puts(out, py);
		else
			buf_printf(out, "u%04x", (unsigned)cp);
		sep(out, start);
	}
	if (out->len > start && out->ptr[out->len - 1] == '-')
		buf_truncate(out, out->len - 1);
}

char *
slug_name(const char *utf8)
{
	struct buf	 b = BUF_INIT;

	if (utf8 != NULL)
		slugify(&b, utf8, 1);
	return buf_detach(&b);
}

void
slug_ascii(struct buf *out, const char *utf8)
{
	if (utf8 != NULL)
		slugify(out, utf8, 0);
}

/* ---- unique slugs ---- */

/* One key's answer; also marks the slug taken. */
struct slug_slot {
	char	*key;		/* NULL: empty; for a taken slug with no key: "" */
	char	*slug;		/* the answer given to key */
};

struct slug_set {
	struct slug_slot	*keys;		/* key -> slug, open addressing */
	char			**taken;	/* every slug given out, open addressing */
	size_t			 size;		/* slots in each table, a power of two */
	size_t			 n;		/* slugs given out */
};

static size_t
hash_str(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

struct slug_set *
slug_set_new(void)
{
	struct slug_set	*set = xcalloc(1, sizeof(*set));

	set->size = 64;
	set->keys = xcalloc(set->size, sizeof(*set->keys));
	set->taken = xcalloc(set->size, sizeof(*set->taken));
	return set;
}

void
slug_set_free(struct slug_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->size; i++) {
		free(set->keys[i].key);
		free(set->taken[i]);	/* the slug strings; keys[].slug borrow them */
	}
	free(set->keys);
	free(set->taken);
	free(set);
}

static struct slug_slot *
key_slot(struct slug_slot *keys, size_t size, const char *key)
{
	size_t	 i;

	for (i = hash_str(key) & (size - 1); keys[i].key != NULL &&
	    strcmp(keys[i].key, key) != 0; i = (i + 1) & (size - 1))
		;
	return &keys[i];
}

static char **
taken_slot(char **taken, size_t size, const char *slug)
{
	size_t	 i;

	for (i = hash_str(slug) & (size - 1); taken[i] != NULL &&
	    strcmp(taken[i], slug) != 0; i = (i + 1) & (size - 1))
		;
	return &taken[i];
}

/* Doubles both tables when half full, so probes stay short. */
static void
grow(struct slug_set *set)
{
	struct slug_slot	*keys;
	char			**taken;
	size_t			 size = set->size * 2, i;

	keys = xcalloc(size, sizeof(*keys));
	taken = xcalloc(size, sizeof(*taken));
	for (i = 0; i < set->size; i++) {
		if (set->keys[i].key != NULL)
			*key_slot(keys, size, set->keys[i].key) = set->keys[i];
		if (set->taken[i] != NULL)
			*taken_slot(taken, size, set->taken[i]) = set->taken[i];
	}
	free(set->keys);
	free(set->taken);
	set->keys = keys;
	set->taken = taken;
	set->size = size;
}

const char *
slug_unique(struct slug_set *set, const char *key, const char *slug)
{
	struct slug_slot	*ks;
	struct buf		 b = BUF_INIT;
	char			**ts;
	unsigned		 i;

	if ((set->n + 1) * 2 > set->size)
		grow(set);
	ks = key_slot(set->keys, set->size, key);
	if (ks->key != NULL)
		return ks->slug;
	buf_puts(&b, slug);
	for (i = 2; *(ts = taken_slot(set->taken, set->size, b.ptr)) != NULL; i++) {
		if (i == MAX_SUFFIX)
			die("slug_unique: too many keys want \"%s\"", slug);
		buf_reset(&b);
		buf_printf(&b, "%s-%u", slug, i);
	}
	*ts = buf_detach(&b);
	ks->key = xstrdup(key);
	ks->slug = *ts;
	set->n++;
	return ks->slug;
}
