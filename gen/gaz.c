/*
 * gaz.c: the gazetteer's data and lookups.  The units are compiled in
 * (gen/gaz_data.c, from gen/data/gazetteer.tsv); this file indexes them
 * and answers by code, by name and by position.  Reading articles is
 * elsewhere (records shared through gaz_int.h):
 *
 *  gaz.c	(this file) gaz_new(): every written form of every unit (its
 *		full name and its short forms) and every stop word, indexed
 *		by the form's first two characters, longest first, so that
 *		gaz_form_at() answers "which place name starts here?" with a
 *		hash and a few compares; gaz_by_code(), gaz_by_name();
 *  gaz_match.c	where a place name is matched in an article and resolved
 *		to one unit (朝阳区 in 北京市 or in 长春市?);
 *  gaz_score.c	where the mentions are weighed and the primary region and
 *		the others are chosen: gaz_regions().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gaz.h"
#include "gaz_int.h"
#include "util.h"

/* ---- building the index ---- */

/* A (form, unit) pair while building. */
struct entry {
	const char	*s;
	size_t		 len;
	uint64_t	 key;
	uint32_t	 unit;
	unsigned char	 kind;
};

/* The key of the text at s: its first two code points, or 0 if not two Han characters. */
static uint64_t
key_at(const char *s, size_t n)
{
	uint32_t	 a, b;
	size_t		 la, lb;

	if (n == 0)
		return 0;
	a = utf8_decode(s, n, &la);
	if (!uc_is_han(a) || la >= n)
		return 0;
	b = utf8_decode(s + la, n - la, &lb);
	if (!uc_is_han(b))
		return 0;
	return ((uint64_t)a << 21) | b;
}

static size_t
slot_of(uint64_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 29) & mask;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct entry	*a = pa, *b = pb;
	int			 c;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;	/* longest first */
	if ((c = memcmp(a->s, b->s, a->len)) != 0)
		return c;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

static void
add_entry(struct entry **v, size_t *n, size_t *cap, const char *s,
    size_t len, uint32_t unit, enum form_kind kind)
{
	uint64_t	 key = key_at(s, len);

	if (key == 0)		/* a one-character form: never matched */
		return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8192;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[*n].s = s;
	(*v)[*n].len = len;
	(*v)[*n].key = key;
	(*v)[*n].unit = unit;
	(*v)[*n].kind = (unsigned char)kind;
	(*n)++;
}

static const struct gaz_bucket *
bucket_of(const struct gaz *g, uint64_t key)
{
	size_t	 slot;

	for (slot = slot_of(key, g->mask); g->tab[slot].key != 0;
	    slot = (slot + 1) & g->mask)
		if (g->tab[slot].key == key)
			return &g->tab[slot];
	return NULL;
}

const struct gaz_form *
gaz_form_at(const struct gaz *g, const char *s, size_t n)
{
	const struct gaz_bucket	*b;
	const struct gaz_form	*f;
	uint64_t		 key;
	size_t			 i;

	/* (scan_text() asks gaz_may_start() first, with the character decoded.) */
	if ((key = key_at(s, n)) == 0 ||
	    !bits_has(g->pair, GAZ_PAIR_BIT(key)) ||
	    (b = bucket_of(g, key)) == NULL)
		return NULL;
	for (i = 0; i < b->n; i++) {
		f = &g->forms[b->first + i];
		if (f->len <= n && memcmp(f->s, s, f->len) == 0)
			return f;
	}
	return NULL;
}

/*
 * The form spelled exactly s, or NULL.  Forms sharing a key are longest
 * first, so if one is spelled s it is the longest that fits in s.
 */
static const struct gaz_form *
form_named(const struct gaz *g, const char *s)
{
	const struct gaz_form	*f;
	size_t			 len = strlen(s);

	f = gaz_form_at(g, s, len);
	return f != NULL && f->len == len ? f : NULL;
}

struct gaz *
gaz_new(void)
{
	struct gaz		*g = xcalloc(1, sizeof(*g));
	struct entry		*e = NULL;
	size_t			 ne = 0, cap = 0, i, j, size, slot;
	const char		*p, *q;
	const struct gaz_form	*cw;

	for (i = 0; i < gaz_nrows; i++) {
		p = gaz_rows[i].unit.name;
		add_entry(&e, &ne, &cap, p, strlen(p), (uint32_t)i, FORM_FULL);
		for (p = gaz_rows[i].shorts; *p != '\0'; p = *q ? q + 1 : q) {
			q = strchr(p, ',');
			if (q == NULL)
				q = p + strlen(p);
			add_entry(&e, &ne, &cap, p, (size_t)(q - p), (uint32_t)i,
			    FORM_SHORT);
		}
	}
	for (i = 0; gaz_stop_words[i] != NULL; i++)
		add_entry(&e, &ne, &cap, gaz_stop_words[i], strlen(gaz_stop_words[i]),
		    UINT32_MAX, FORM_STOP);
	qsort(e, ne, sizeof(*e), entry_cmp);

	/* Group equal strings into forms; entries are sorted so they are adjacent. */
	g->names = xreallocarray(NULL, ne ? ne : 1, sizeof(*g->names));
	g->forms = xreallocarray(NULL, ne ? ne : 1, sizeof(*g->forms));
	for (i = 0; i < ne; i = j) {
		struct gaz_form	*f = &g->forms[g->nforms++];

		f->s = e[i].s;
		f->len = e[i].len;
		f->nchars = utf8_chars(f->s, f->len);
		f->key = e[i].key;
		f->first = g->nnames;
		f->common = 0;		/* set below from gaz_common_words */
		for (j = i; j < ne && e[j].len == f->len &&
		    memcmp(e[j].s, f->s, f->len) == 0; j++) {
			/* A unit whose short form equals its name is named once. */
			if (j > i && e[j].unit == e[j - 1].unit)
				continue;
			g->names[g->nnames].unit = e[j].unit;
			g->names[g->nnames].kind = e[j].kind;
			g->nnames++;
		}
		f->n = g->nnames - f->first;
	}
	free(e);

	/* Buckets: forms with one key are adjacent, longest first. */
	for (size = 1024; size < g->nforms * 2; size *= 2)
		;
	g->tab = xcalloc(size, sizeof(*g->tab));
	g->mask = size - 1;
	for (i = 0; i < g->nforms; i = j) {
		for (j = i; j < g->nforms && g->forms[j].key == g->forms[i].key; j++)
			;
		for (slot = slot_of(g->forms[i].key, g->mask);
		    g->tab[slot].key != 0; slot = (slot + 1) & g->mask)
			;
		bits_set(g->first, (g->forms[i].key >> 21) % GAZ_FIRST_BITS);
		bits_set(g->pair, GAZ_PAIR_BIT(g->forms[i].key));
		g->tab[slot].key = g->forms[i].key;
		g->tab[slot].first = (uint32_t)i;
		g->tab[slot].n = (uint32_t)(j - i);
	}
	for (i = 0; gaz_common_words[i] != NULL; i++)
		if ((cw = form_named(g, gaz_common_words[i])) != NULL)
			g->forms[cw - g->forms].common = 1;
	return g;
}

void
gaz_free(struct gaz *g)
{
	if (g == NULL)
		return;
	free(g->forms);
	free(g->names);
	free(g->tab);
	free(g);
}

/* ---- units ---- */

uint32_t
gaz_unit_index(const struct gaz_unit *u)
{
	/* unit is the first member of struct gaz_row. */
	return (uint32_t)((const struct gaz_row *)(const void *)u - gaz_rows);
}

const struct gaz_unit *
gaz_unit_of(uint32_t i)
{
	return &gaz_rows[i].unit;
}

int
gaz_is_ancestor(const struct gaz_unit *a, const struct gaz_unit *u)
{
	for (; u != NULL; u = u->parent)
		if (u == a)
			return 1;
	return 0;
}

size_t
gaz_count(const struct gaz *g)
{
	(void)g;
	return gaz_nrows;
}

const struct gaz_unit *
gaz_unit_at(const struct gaz *g, size_t i)
{
	(void)g;
	return i < gaz_nrows ? &gaz_rows[i].unit : NULL;
}

const char *
gaz_shorts(const struct gaz_unit *u)
{
	return gaz_rows[gaz_unit_index(u)].shorts;
}

const struct gaz_unit *
gaz_by_code(const struct gaz *g, const char *code)
{
	size_t	 lo = 0, hi = gaz_nrows, mid;
	int	 c;

	(void)g;
	if (code == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(code, gaz_rows[mid].unit.code)) == 0)
			return &gaz_rows[mid].unit;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct gaz_unit *
gaz_by_name(const struct gaz *g, const char *name, const struct gaz_unit *within)
{
	const struct gaz_form	*f;
	size_t			 k;

	if (name == NULL || (f = form_named(g, name)) == NULL)
		return NULL;
	for (k = f->first; k < f->first + f->n; k++)
		if (g->names[k].kind == FORM_FULL && (within == NULL ||
		    gaz_is_ancestor(within, gaz_unit_of(g->names[k].unit))))
			return gaz_unit_of(g->names[k].unit);
	return NULL;
}
