/*
 * gaz.c: the gazetteer's lookup structures and the matching of place names
 * in article text to the regions an article is about.
 *
 * gaz_new() indexes every written form of every unit (its full name and
 * its short forms, gen/gaz_data.c) by the form's first two characters, so
 * gaz_regions() scans an article once: at each character it hashes the two
 * characters there, tries the few forms that start with them longest first,
 * and takes the longest that matches (so 大兴安岭 is not 大兴, and 幸福建设
 * is not 福建: a stop word consumes the characters it covers).
 *
 * Deciding what a match means takes three passes over the matches:
 *  1. candidates: a form may name several units (朝阳区 in 北京市 and in
 *     长春市); a suffix written after a short form (澜沧县, 海南州) keeps
 *     the units whose names end in it, a unit and its own ancestor sharing
 *     a short form (吉林) keep the ancestor, and a name written right after
 *     an ancestor's (长春市朝阳区, 重庆城口) keeps the units under it;
 *  2. context: the units named unambiguously and safely, with their
 *     ancestors, are what the article is known to talk about;
 *  3. resolution: each remaining candidate is judged by that context
 *     (its parent mentioned beats its province mentioned beats nothing) and
 *     by how risky its form is: short forms of county-level units and
 *     county names of two characters (城口, 范县) need their parent in
 *     context, and forms that are ordinary words too (朝阳, 平安, 来宾)
 *     need their parent right beside them or a suffix.
 * Accepted mentions are weighted by where they occur (headline over lead
 * over body; a 本报 dateline like the lead, an agency's dateline little),
 * summed up the tree, and the primary region is found by walking down from
 * the best province while a child carries the story (see pick_primary).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gaz.h"
#include "record.h"
#include "util.h"

/* MAX_CAND 8: units sharing one written form; the data has at most 4 (朝阳). */
#define MAX_CAND	8
/* MAX_MENTIONS 512: place names looked at per article; a 3,000-character article has < 100. */
#define MAX_MENTIONS	512
/* MAX_HITS 256: distinct units (with ancestors) one article can touch. */
#define MAX_HITS	256
/* LEAD_MIN_CHARS 40: a first paragraph shorter than this is a fragment (a column break); the lead runs on. */
#define LEAD_MIN_CHARS	40
/* DATELINE_SKIP 96: bytes at the head of the body where a repeated dateline is looked for. */
#define DATELINE_SKIP	96

/* CAPITAL_CODE 北京市: the dateline of national stories, by agencies and papers alike. */
#define CAPITAL_CODE	"110000"

/* Weights of one mention by where it occurs. */
#define W_TITLE		3.0	/* headlines say what the story is about */
#define W_LEAD		2.0	/* the first paragraph says where it happened */
#define W_BODY		1.0
#define W_LOCAL		2.0	/* 本报长沙…电: the reporter's own place */
#define W_AGENCY	0.5	/* 新华社北京…电: national stories are datelined Beijing */
#define W_LISTED	0.5	/* one of a list: 来自北京、上海等地的选手 */
/* DESCEND_RATIO 0.5: a child named at least half as much as its parent, and named twice or in a headline, carries the story. */
#define DESCEND_RATIO	0.5

enum form_kind {
	FORM_FULL,		/* standard full name: 菏泽市 */
	FORM_SHORT,		/* short form: 菏泽 */
	FORM_STOP		/* a word that contains a place name but is none */
};

/* One unit under one written form. */
struct gaz_name {
	uint32_t	 unit;		/* index into gaz_rows */
	unsigned char	 kind;		/* enum form_kind */
};

/* One written form and the units it names. */
struct gaz_form {
	const char	*s;		/* borrowed from the table; not NUL-terminated */
	size_t		 len;		/* bytes */
	size_t		 nchars;	/* characters */
	uint64_t	 key;		/* its first two code points */
	size_t		 first;		/* its units: names[first .. first + n) */
	size_t		 n;
	int		 common;	/* an ordinary word too (gaz_common_words) */
};

/* Forms sharing a key, longest first: forms[first .. first + n). */
struct gaz_bucket {
	uint64_t	 key;		/* 0: empty slot */
	uint32_t	 first;
	uint32_t	 n;
};

struct gaz {
	struct gaz_form		*forms;		/* by key, then longest first */
	size_t			 nforms;
	struct gaz_name		*names;		/* grouped by form, in code order */
	size_t			 nnames;
	struct gaz_bucket	*tab;		/* open addressing on key */
	size_t			 mask;		/* table size - 1 (a power of two) */
};

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

/* The longest form written at s (n bytes left), or NULL. */
static const struct gaz_form *
form_at(const struct gaz *g, const char *s, size_t n)
{
	const struct gaz_bucket	*b;
	const struct gaz_form	*f;
	uint64_t		 key;
	size_t			 i;

	if ((key = key_at(s, n)) == 0 || (b = bucket_of(g, key)) == NULL)
		return NULL;
	for (i = 0; i < b->n; i++) {
		f = &g->forms[b->first + i];
		if (f->len <= n && memcmp(f->s, s, f->len) == 0)
			return f;
	}
	return NULL;
}

/* The form spelled exactly s (len bytes), as an index into forms, or -1. */
static long
form_index(const struct gaz *g, const char *s, size_t len)
{
	const struct gaz_bucket	*b;
	const struct gaz_form	*f;
	uint64_t		 key;
	size_t			 i;

	if ((key = key_at(s, len)) == 0 || (b = bucket_of(g, key)) == NULL)
		return -1;
	for (i = 0; i < b->n; i++) {
		f = &g->forms[b->first + i];
		if (f->len == len && memcmp(f->s, s, len) == 0)
			return (long)(b->first + i);
	}
	return -1;
}

struct gaz *
gaz_new(void)
{
	struct gaz	*g = xcalloc(1, sizeof(*g));
	struct entry	*e = NULL;
	size_t		 ne = 0, cap = 0, i, j, size, slot;
	const char	*p, *q;
	long		 c;

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
		g->tab[slot].key = g->forms[i].key;
		g->tab[slot].first = (uint32_t)i;
		g->tab[slot].n = (uint32_t)(j - i);
	}
	for (i = 0; gaz_common_words[i] != NULL; i++)
		if ((c = form_index(g, gaz_common_words[i], strlen(gaz_common_words[i]))) >= 0)
			g->forms[c].common = 1;
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

static uint32_t
unit_index(const struct gaz_unit *u)
{
	/* unit is the first member of struct gaz_row. */
	return (uint32_t)((const struct gaz_row *)(const void *)u - gaz_rows);
}

static const struct gaz_unit *
unit_of(uint32_t i)
{
	return &gaz_rows[i].unit;
}

/* Whether a is u or one of u's ancestors. */
static int
is_ancestor_or_self(const struct gaz_unit *a, const struct gaz_unit *u)
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
	return gaz_rows[unit_index(u)].shorts;
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
	long			 fi;
	size_t			 k;

	if (name == NULL || (fi = form_index(g, name, strlen(name))) < 0)
		return NULL;
	f = &g->forms[fi];
	for (k = f->first; k < f->first + f->n; k++)
		if (g->names[k].kind == FORM_FULL && (within == NULL ||
		    is_ancestor_or_self(within, unit_of(g->names[k].unit))))
			return unit_of(g->names[k].unit);
	return NULL;
}

/* ---- matching ---- */

enum zone {
	ZONE_TITLE,
	ZONE_LOCAL,		/* a 本报 dateline */
	ZONE_AGENCY,		/* an agency's dateline */
	ZONE_LEAD,
	ZONE_BODY
};

/* How much a form can be trusted on its own. */
enum trust {
	TRUST_STRONG,		/* 菏泽市, 菏泽, 澜沧县, 普兰店 */
	TRUST_WEAK,		/* 城口, 范县: needs the parent in context */
	TRUST_COMMON		/* 朝阳, 平安: needs the parent beside it */
};

/* One place name found in the text. */
struct mention {
	const struct gaz_form	*f;
	enum zone		 zone;
	size_t			 end;		/* byte offset after it (and its suffix) */
	uint32_t		 cand[MAX_CAND];/* units it may name */
	unsigned char		 kind[MAX_CAND];/* enum form_kind of each */
	size_t			 ncand;
	int			 suffixed;	/* a level suffix followed a short form */
	int			 union_next;	/* followed by 工会 / 总工会 */
	int			 boundary;	/* preceded by a non-Han character */
	long			 prev;		/* the mention right before it, if an ancestor's, or -1 */
	uint64_t		 para;		/* bit of its paragraph (PARA_BITS) */
	long			 unit;		/* resolved unit, or -1 */
	int			 under;		/* resolved, right after its parent */
	int			 listed;	/* one of a list: 北京、上海、广东等地 */
	int			 qualifier;	/* an ancestor's name before a place: 山东省 in 山东省菏泽市 */
};

struct scan {
	const struct gaz	*g;
	struct mention		 m[MAX_MENTIONS];
	size_t			 n;
	size_t			 last_end;	/* end of the last mention in this text, for adjacency */
	size_t			 list_end;	/* the same, not reset by stop words, for lists */
	unsigned		 para;		/* paragraph being scanned */
};

/* Paragraphs as bits: body paragraphs modulo 62, the title and datelines apart. */
#define PARA_BITS	62
#define PARA_TITLE	((uint64_t)1 << 63)
#define PARA_DATELINE	((uint64_t)1 << 62)

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t	 len = strlen(prefix);

	return n >= len && memcmp(s, prefix, len) == 0;
}

/* Whether a unit's name ends in the suffix written after its short form (澜沧 县). */
static int
suffix_fits(const char *name, const char *suf, size_t suflen)
{
	size_t	 len = strlen(name);

	return len >= suflen && memcmp(name + len - suflen, suf, suflen) == 0;
}

/*
 * Level suffixes that may follow a short form, and the characters after
 * one that make it a different word (县级, 市场, 区域, 市县).
 */
static const char *const level_suffixes[] = { "县", "区", "市", "州", "盟", "旗", NULL };
static const char *const suffix_breakers[] = { "级", "域", "场", "民", "区", "乡", "县", "市", NULL };
/* What joins the items of a list of places. */
static const char *const list_marks[] = { "、", "和", "及", "与", NULL };

static size_t
match_any(const char *s, size_t n, const char *const *list)
{
	size_t	 i, len;

	for (i = 0; list[i] != NULL; i++) {
		len = strlen(list[i]);
		if (n >= len && memcmp(s, list[i], len) == 0)
			return len;
	}
	return 0;
}

/* Moves candidate from to slot to: the compaction step of the filters below. */
static void
keep_cand(struct mention *m, size_t to, size_t from)
{
	m->cand[to] = m->cand[from];
	m->kind[to] = m->kind[from];
}

/*
 * A level suffix written after a short form keeps the units whose names
 * end in it (澜沧县, 海南州) and joins the mention; not where the suffix
 * starts another word (河南县级, 宁波市场).  Returns the new end.
 */
static size_t
filter_suffix(struct mention *m, const char *text, size_t n, size_t end)
{
	size_t	 slen, i, k;

	slen = match_any(text + end, n - end, level_suffixes);
	if (slen == 0 ||
	    match_any(text + end + slen, n - end - slen, suffix_breakers) != 0)
		return end;
	for (i = k = 0; i < m->ncand; i++)
		if (m->kind[i] == FORM_SHORT &&
		    suffix_fits(unit_of(m->cand[i])->name, text + end, slen))
			keep_cand(m, k++, i);
	if (k == 0)
		return end;
	m->ncand = k;
	m->suffixed = 1;
	return end + slen;
}

/* A unit and its own ancestor sharing a short form (吉林): the ancestor. */
static void
prune_descendants(struct mention *m)
{
	const struct gaz_unit	*parent;
	size_t			 i, k, c;

	for (i = k = 0; i < m->ncand; i++) {
		parent = unit_of(m->cand[i])->parent;
		for (c = 0; c < m->ncand; c++)
			if (c != i && parent != NULL &&
			    is_ancestor_or_self(unit_of(m->cand[c]), parent))
				break;
		if (c == m->ncand)
			keep_cand(m, k++, i);
	}
	m->ncand = k;
}

/*
 * A name written right after an ancestor's (长春市朝阳区, 重庆城口) keeps
 * the units under it, and the ancestor's mention keeps those ancestors.
 */
static void
link_previous(struct scan *sc, struct mention *m, struct mention *prev)
{
	uint32_t	 pk[MAX_CAND];
	unsigned char	 pkind[MAX_CAND];
	size_t		 np = 0, i, j, k, c;

	for (i = k = 0; i < m->ncand; i++) {
		for (j = 0; j < prev->ncand; j++)
			if (prev->cand[j] != m->cand[i] &&
			    is_ancestor_or_self(unit_of(prev->cand[j]),
			    unit_of(m->cand[i])))
				break;
		if (j == prev->ncand)
			continue;
		keep_cand(m, k++, i);
		for (c = 0; c < np && pk[c] != prev->cand[j]; c++)
			;
		if (c == np) {
			pk[np] = prev->cand[j];
			pkind[np++] = prev->kind[j];
		}
	}
	if (k == 0)
		return;
	m->ncand = k;
	m->prev = prev - sc->m;
	memcpy(prev->cand, pk, np * sizeof(pk[0]));
	memcpy(prev->kind, pkind, np);
	prev->ncand = np;
}

/*
 * Records the form f found at text[at], filtering its candidates by what
 * is written around it; returns the offset after it (and its suffix).
 */
static size_t
add_mention(struct scan *sc, const char *text, size_t n, size_t at,
    const struct gaz_form *f, enum zone zone)
{
	struct mention	*m;
	size_t		 k, end = at + f->len, len, b;

	if (sc->n == MAX_MENTIONS)
		return end;
	m = &sc->m[sc->n];
	memset(m, 0, sizeof(*m));
	m->f = f;
	m->zone = zone;
	m->unit = -1;
	m->prev = -1;
	m->para = zone == ZONE_TITLE ? PARA_TITLE :
	    zone == ZONE_LOCAL || zone == ZONE_AGENCY ? PARA_DATELINE :
	    (uint64_t)1 << (sc->para % PARA_BITS);
	for (k = f->first; k < f->first + f->n && m->ncand < MAX_CAND; k++) {
		m->cand[m->ncand] = sc->g->names[k].unit;
		m->kind[m->ncand++] = sc->g->names[k].kind;
	}
	m->boundary = 1;
	if (at > 0) {
		for (b = at - 1; b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80; b--)
			;
		m->boundary = !uc_is_han(utf8_decode(text + b, at - b, &len));
	}

	end = filter_suffix(m, text, n, end);
	/* 范县 in 范县级: a two-character county name inside a longer word. */
	if (!m->suffixed && f->nchars == 2 && m->ncand > 0 &&
	    m->kind[0] == FORM_FULL && unit_of(m->cand[0])->level == GAZ_COUNTY &&
	    match_any(text + end, n - end, suffix_breakers) != 0)
		m->ncand = 0;
	m->end = end;
	m->union_next = starts(text + end, n - end, "总工会") ||
	    starts(text + end, n - end, "工会");
	if (!m->suffixed)
		prune_descendants(m);

	/* 北京、上海 or 浙江和江苏: each is one of many. */
	if (sc->n > 0 && sc->list_end != (size_t)-1 && sc->list_end < at &&
	    match_any(text + sc->list_end, at - sc->list_end, list_marks) ==
	    at - sc->list_end)
		sc->m[sc->n - 1].listed = m->listed = 1;
	if (sc->n > 0 && sc->last_end == at && sc->m[sc->n - 1].ncand > 0 &&
	    m->ncand > 0)
		link_previous(sc, m, &sc->m[sc->n - 1]);

	sc->n++;
	sc->last_end = sc->list_end = end;
	return end;
}

/*
 * Finds every form in text[from..to), the longest at each position; the
 * lead is text[..lead_end).  Suffixes may be read past to.
 */
static void
scan_text(struct scan *sc, const char *text, size_t from, size_t to,
    enum zone zone, size_t lead_end)
{
	const struct gaz_form	*f;
	size_t			 at = from, clen, n = strlen(text);

	sc->last_end = sc->list_end = (size_t)-1;
	while (at < to) {
		if ((f = form_at(sc->g, text + at, to - at)) == NULL) {
			if (text[at] == '\n')
				sc->para++;
			(void)utf8_decode(text + at, to - at, &clen);
			at += clen;
		} else if (sc->g->names[f->first].kind == FORM_STOP) {
			sc->last_end = (size_t)-1;
			at += f->len;
		} else
			at = add_mention(sc, text, n, at, f,
			    zone == ZONE_BODY && at < lead_end ? ZONE_LEAD : zone);
	}
}

static enum trust
trust_of(const struct mention *m, uint32_t unit, unsigned char kind)
{
	const struct gaz_unit	*u = unit_of(unit);

	if (m->suffixed)
		return TRUST_STRONG;
	if (m->f->common)
		return TRUST_COMMON;
	if (u->level != GAZ_COUNTY)
		return TRUST_STRONG;
	if (kind == FORM_FULL)
		return m->f->nchars <= 2 ? TRUST_WEAK : TRUST_STRONG;
	return m->f->nchars >= 3 ? TRUST_STRONG : TRUST_WEAK;
}

/* A small set of unit indices. */
struct uset {
	uint32_t	 v[MAX_HITS];
	size_t		 n;
};

static int
uset_has(const struct uset *s, uint32_t u)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == u)
			return 1;
	return 0;
}

static void
uset_add(struct uset *s, uint32_t u)
{
	if (!uset_has(s, u) && s->n < MAX_HITS)
		s->v[s->n++] = u;
}

/* 3: the unit itself in context; 2: its parent; 1: its grandparent; 0. */
static int
support(const struct uset *ctx, uint32_t unit)
{
	const struct gaz_unit	*u = unit_of(unit);

	if (uset_has(ctx, unit))
		return 3;
	if (u->parent != NULL && uset_has(ctx, unit_index(u->parent)))
		return 2;
	if (u->parent != NULL && u->parent->parent != NULL &&
	    uset_has(ctx, unit_index(u->parent->parent)))
		return 1;
	return 0;
}

/*
 * Whether the mention, read as unit, is written right after its parent's
 * name (重庆城口, 菏泽市巨野县): what makes even an ordinary word a place.
 * A grandparent is not enough (新疆天山纺织 is a company).
 */
static int
under_parent(const struct scan *sc, const struct mention *m, uint32_t unit)
{
	const struct mention	*p;
	const struct gaz_unit	*parent = unit_of(unit)->parent;
	size_t			 i;

	if (m->prev < 0 || parent == NULL)
		return 0;
	p = &sc->m[m->prev];
	for (i = 0; i < p->ncand; i++)
		if (unit_of(p->cand[i]) == parent)
			return 1;
	return 0;
}

/* Passes 2 and 3: the context, then one unit (or none) per mention. */
static void
resolve(struct scan *sc)
{
	struct uset		 ctx;
	struct mention		*m;
	const struct gaz_unit	*u;
	size_t			 i, c, best, nbest, minlevel, nmin;
	int			 s, bestsup;
	enum trust		 t;

	ctx.n = 0;
	for (i = 0; i < sc->n; i++) {
		m = &sc->m[i];
		if (m->ncand != 1)
			continue;
		t = trust_of(m, m->cand[0], m->kind[0]);
		if (t == TRUST_STRONG || under_parent(sc, m, m->cand[0]))
			for (u = unit_of(m->cand[0]); u != NULL; u = u->parent)
				uset_add(&ctx, unit_index(u));
	}

	for (i = 0; i < sc->n; i++) {
		m = &sc->m[i];
		if (m->ncand == 0)
			continue;
		bestsup = -1;
		best = nbest = 0;
		for (c = 0; c < m->ncand; c++) {
			s = support(&ctx, m->cand[c]);
			if (s > bestsup) {
				bestsup = s;
				best = c;
				nbest = 1;
			} else if (s == bestsup)
				nbest++;
		}
		if (nbest > 1 && bestsup > 0)
			continue;	/* two supported readings: cannot tell */
		if (nbest > 1) {
			/* Nothing supports any: a unique highest level (海南 the province). */
			minlevel = 4;
			nmin = 0;
			for (c = 0; c < m->ncand; c++) {
				u = unit_of(m->cand[c]);
				if ((size_t)u->level < minlevel) {
					minlevel = (size_t)u->level;
					best = c;
					nmin = 1;
				} else if ((size_t)u->level == minlevel)
					nmin++;
			}
			if (nmin != 1)
				continue;
		}
		s = support(&ctx, m->cand[best]);
		switch (under_parent(sc, m, m->cand[best]) ? TRUST_STRONG :
		    trust_of(m, m->cand[best], m->kind[best])) {
		case TRUST_STRONG:
			break;
		case TRUST_WEAK:
			if (m->kind[best] == FORM_FULL) {
				/* 范县 in 示范县: only where a word can start. */
				if (!(s == 3 || (s == 2 && m->boundary)))
					continue;
			} else if (s < 2 && !m->union_next)
				continue;
			break;
		case TRUST_COMMON:
			if (s != 3)
				continue;
			break;
		}
		m->unit = (long)m->cand[best];
		m->under = under_parent(sc, m, m->cand[best]);
	}

	/* 山东省菏泽市牡丹区: 山东省 and 菏泽市 only say where 牡丹区 is. */
	for (i = 0; i < sc->n; i++) {
		m = &sc->m[i];
		if (m->unit >= 0 && m->prev >= 0 && sc->m[m->prev].unit >= 0 &&
		    is_ancestor_or_self(unit_of((uint32_t)sc->m[m->prev].unit),
		    unit_of((uint32_t)m->unit)))
			sc->m[m->prev].qualifier = 1;
	}
}

/* ---- weighing ---- */

/* One unit's evidence in an article; the st_ fields cover its subtree. */
struct hit {
	uint32_t	 unit;		/* index into gaz_rows */
	size_t		 order;		/* creation order: ties go to the earlier */
	double		 own;		/* weighted mentions of the unit itself */
	double		 cum;		/* own plus its descendants' */
	uint64_t	 paras;		/* paragraphs naming it (PARA_BITS) */
	int		 title;		/* named in a headline */
	int		 under;		/* named right after its parent once */
	uint64_t	 st_paras;
	int		 st_title;
	int		 st_lead;	/* named in the lead */
	int		 st_local;	/* named in a 本报 dateline */
};

struct tally {
	struct hit	 h[MAX_HITS];
	size_t		 n;
};

static struct hit *
hit_of(struct tally *t, uint32_t unit)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (t->h[i].unit == unit)
			return &t->h[i];
	if (t->n == MAX_HITS)
		return NULL;
	memset(&t->h[t->n], 0, sizeof(t->h[0]));
	t->h[t->n].unit = unit;
	t->h[t->n].order = t->n;
	return &t->h[t->n++];
}

static double
weight_of(enum zone z)
{
	switch (z) {
	case ZONE_TITLE:
		return W_TITLE;
	case ZONE_LOCAL:
		return W_LOCAL;
	case ZONE_AGENCY:
		return W_AGENCY;
	case ZONE_LEAD:
		return W_LEAD;
	case ZONE_BODY:
		break;
	}
	return W_BODY;
}

static void
tally(struct tally *t, const struct scan *sc)
{
	const struct mention	*m;
	const struct gaz_unit	*u;
	struct hit		*h, *a;
	size_t			 i, n0;
	enum zone		 z;

	t->n = 0;
	for (i = 0; i < sc->n; i++) {
		m = &sc->m[i];
		if (m->unit < 0 || (h = hit_of(t, (uint32_t)m->unit)) == NULL)
			continue;
		/* A qualifier's weight goes to the place it qualifies (the sum up the tree). */
		if (m->qualifier)
			continue;
		/* Whoever files it, a story datelined in the capital may be national. */
		z = m->zone;
		if (z == ZONE_LOCAL &&
		    strcmp(unit_of((uint32_t)m->unit)->code, CAPITAL_CODE) == 0)
			z = ZONE_AGENCY;
		/* One of a list (北京、上海等地) is named in passing wherever it is. */
		if (m->listed) {
			h->own += W_LISTED;
			continue;
		}
		h->own += weight_of(z);
		h->paras |= m->para;
		h->under |= m->under;
		h->title |= z == ZONE_TITLE;
		h->st_lead |= z == ZONE_LEAD;
		h->st_local |= z == ZONE_LOCAL;
	}
	/* Sum up the tree; ancestors not named themselves join with own 0. */
	n0 = t->n;
	for (i = 0; i < n0; i++) {
		h = &t->h[i];
		for (u = unit_of(h->unit); u != NULL; u = u->parent) {
			if ((a = hit_of(t, unit_index(u))) == NULL)
				break;
			a->cum += h->own;
			a->st_paras |= h->paras;
			a->st_title |= h->title;
			if (a != h) {
				a->st_lead |= h->st_lead;
				a->st_local |= h->st_local;
			}
		}
	}
}

static int
npara(uint64_t paras)
{
	int	 n = 0;

	for (paras &= ~PARA_DATELINE; paras != 0; paras &= paras - 1)
		n++;
	return n;
}

/*
 * Named in a headline, or in two paragraphs: a place named in one
 * paragraph only (a quote, an anecdote) is mentioned in passing.
 */
static int
substantial(const struct hit *h)
{
	return h->title || npara(h->paras) >= 2;
}

/* The same for a subtree, or named in the lead or a 本报 dateline. */
static int
carries(const struct hit *h)
{
	return h->st_title || h->st_lead || h->st_local || npara(h->st_paras) >= 2;
}

static int
better(const struct hit *a, const struct hit *b)
{
	return b == NULL || a->cum > b->cum ||
	    (a->cum == b->cum && a->order < b->order);
}

/*
 * The primary region: the best-supported province that the article is
 * substantially about, then down to a child while one child dominates its
 * siblings (twice the next) and carries the story: it has at least its
 * parent's own weight and is named in a headline, the lead or the
 * dateline, or it is substantial and has DESCEND_RATIO of it.  A city
 * union's story that cites one district stays at the city; a story set
 * in one county reaches the county.
 */
static const struct hit *
pick_primary(const struct tally *t)
{
	const struct hit	*cur = NULL, *c, *c2, *h;
	const struct gaz_unit	*u;
	size_t			 i;

	for (i = 0; i < t->n; i++) {
		h = &t->h[i];
		if (unit_of(h->unit)->level == GAZ_PROVINCE && carries(h) &&
		    better(h, cur))
			cur = h;
	}
	while (cur != NULL) {
		c = c2 = NULL;
		for (i = 0; i < t->n; i++) {
			h = &t->h[i];
			u = unit_of(h->unit);
			if (u->parent == NULL || unit_index(u->parent) != cur->unit ||
			    h->cum <= 0)
				continue;
			if (better(h, c)) {
				c2 = c;
				c = h;
			} else if (better(h, c2))
				c2 = h;
		}
		if (c == NULL || (c2 != NULL && c->cum < 2 * c2->cum))
			break;
		if (c->cum >= cur->own && carries(c))
			cur = c;
		else if ((c->st_title || npara(c->st_paras) >= 2) &&
		    c->cum >= DESCEND_RATIO * cur->own)
			cur = c;
		else
			break;
	}
	return cur;
}

static void
region_of(struct region *r, uint32_t unit)
{
	const struct gaz_unit	*u;

	memset(r, 0, sizeof(*r));
	for (u = unit_of(unit); u != NULL; u = u->parent) {
		if (u->level == GAZ_PROVINCE)
			r->province = u;
		else if (u->level == GAZ_CITY)
			r->city = u;
		else
			r->county = u;
	}
}

/* ---- the article ---- */

/*
 * The dateline inside the body, as [*start, *end): the one given, if the
 * body repeats it near its head, else one written there (本报长沙5月20日电,
 * 新华社北京10月20日电).  Returns 0 if none.
 */
static int
find_dateline(const char *body, size_t n, const char *dateline,
    size_t *start, size_t *end, enum zone *zone)
{
	static const char *const agencies[] = { "新华社", "中新社", "人民日报", NULL };
	const char	*p, *q;
	size_t		 len, i, lim = n < DATELINE_SKIP ? n : DATELINE_SKIP;

	if (dateline != NULL && (len = strlen(dateline)) > 0) {
		for (i = 0; i <= lim && i + len <= n; i++)
			if (memcmp(body + i, dateline, len) == 0) {
				*start = i;
				*end = i + len;
				return 1;
			}
		return 0;
	}
	for (i = 0; i < n && (body[i] == ' ' || body[i] == '\n' ||
	    body[i] == '\t' || body[i] == '\r'); i++)
		;
	p = body + i;
	if (starts(p, n - i, "本报"))
		*zone = ZONE_LOCAL;
	else if (match_any(p, n - i, agencies) != 0)
		*zone = ZONE_AGENCY;
	else
		return 0;
	/* Up to 日电 within the next few characters, digits before 日. */
	for (q = p; q + 6 <= body + lim; q++)
		if (memcmp(q, "日电", 6) == 0) {
			if (q > p && q[-1] >= '0' && q[-1] <= '9') {
				*start = i;
				*end = (size_t)(q + 6 - body);
				return 1;
			}
			break;
		}
	return 0;
}

/* Whether cp ends a sentence: 。！？… and a closing quote. */
static int
ends_sentence(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x2026 ||
	    cp == 0x201D || cp == '!' || cp == '?' || cp == '.';
}

/*
 * Where the lead ends: the first paragraph, run on while it is a label or
 * a fragment (阅读提示, a line cut by a column break): shorter than
 * LEAD_MIN_CHARS and not ending a sentence.  A list item ("- 特别报道")
 * is no lead: a table of contents has none.
 */
static size_t
lead_end_of(const char *body, size_t n)
{
	size_t		 at = 0, chars = 0, clen;
	uint32_t	 cp, last = 0;
	int		 item;

	while (at < n && (body[at] == '\n' || body[at] == ' ' ||
	    body[at] == '\r' || body[at] == '\t'))
		at++;
	item = starts(body + at, n - at, "- ");
	while (at < n) {
		if (body[at] == '\n') {
			if (item || chars >= LEAD_MIN_CHARS || ends_sentence(last))
				return at;
			at++;
			continue;
		}
		cp = utf8_decode(body + at, n - at, &clen);
		if (!uc_is_space(cp))
			last = cp;
		at += clen;
		chars++;
	}
	return n;
}

size_t
gaz_regions(const struct gaz *g, const char *dateline, const char *title,
    const char *body, struct region *out, size_t max)
{
	struct scan		*sc;
	struct tally		*t;
	const struct hit	*prim, *h, *e;
	const struct gaz_unit	*pu;
	size_t			 n = 0, i, j, blen, ds = 0, de = 0, lead, nsec = 0;
	const struct hit	*sec[MAX_HITS];
	enum zone		 dz = ZONE_AGENCY;
	int			 skip;

	if (g == NULL || out == NULL || max == 0)
		return 0;
	/* Not zeroed: add_mention() and tally() fill what they use. */
	sc = xmalloc(sizeof(*sc));
	t = xmalloc(sizeof(*t));
	sc->g = g;
	sc->n = 0;
	sc->para = 0;
	if (title != NULL)
		scan_text(sc, title, 0, strlen(title), ZONE_TITLE, 0);
	if (dateline != NULL)
		scan_text(sc, dateline, 0, strlen(dateline),
		    strstr(dateline, "本报") != NULL ? ZONE_LOCAL : ZONE_AGENCY, 0);
	if (body != NULL) {
		blen = strlen(body);
		lead = lead_end_of(body, blen);
		if (find_dateline(body, blen, dateline, &ds, &de, &dz)) {
			scan_text(sc, body, 0, ds, ZONE_BODY, lead);
			if (dateline == NULL)
				scan_text(sc, body, ds, de, dz, 0);
			scan_text(sc, body, de, blen, ZONE_BODY, lead);
		} else
			scan_text(sc, body, 0, blen, ZONE_BODY, lead);
	}
	resolve(sc);
	tally(t, sc);

	if ((prim = pick_primary(t)) == NULL)
		goto out;
	region_of(&out[n++], prim->unit);

	/* Others substantially about, most specific only, best first. */
	pu = unit_of(prim->unit);
	for (i = 0; i < t->n; i++) {
		h = &t->h[i];
		if (is_ancestor_or_self(unit_of(h->unit), pu) || !(substantial(h) ||
		    (h->under && is_ancestor_or_self(pu, unit_of(h->unit)))))
			continue;
		for (j = 0, skip = 0; j < t->n && !skip; j++) {
			e = &t->h[j];
			skip = e != h && substantial(e) &&
			    is_ancestor_or_self(unit_of(h->unit), unit_of(e->unit)) &&
			    !is_ancestor_or_self(unit_of(e->unit), pu);
		}
		if (!skip)
			sec[nsec++] = h;
	}
	while (n < max && nsec > 0) {
		for (i = 1, j = 0; i < nsec; i++)
			if (better(sec[i], sec[j]))
				j = i;
		region_of(&out[n++], sec[j]->unit);
		sec[j] = sec[--nsec];
	}
out:
	free(sc);
	free(t);
	return n;
}
