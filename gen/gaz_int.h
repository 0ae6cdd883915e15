/*
 * gaz_int.h: the gazetteer's private records, shared by its three files
 * and included by no one else (callers use gaz.h).  Where to look:
 *
 *  gaz.c	the compiled-in data (gen/gaz_data.c) and its index: every
 *		written form of every unit by its first two characters
 *		(gaz_new, gaz_form_at); units by code and by name;
 *  gaz_match.c	reading an article: finding the place names in its
 *		headline, dateline, lead and body (scan_text, add_mention)
 *		and deciding which unit, if any, each one names (resolve);
 *  gaz_score.c	weighing the resolved mentions (tally) and choosing the
 *		primary region (pick_primary) and the others: gaz_regions().
 *
 * Ownership: struct gaz owns its arrays; forms borrow their strings from
 * the compiled-in table.  A struct scan is one article's working state,
 * allocated by gaz_regions() and freed when it returns.
 */
#ifndef BAOKAN_GAZ_INT_H
#define BAOKAN_GAZ_INT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct gaz_unit;

/* MAX_CAND 8: units sharing one written form; the data has at most 4 (朝阳). */
#define MAX_CAND	8
/* MAX_MENTIONS 512: place names looked at per article; a 3,000-character article has < 100. */
#define MAX_MENTIONS	512
/* MAX_HITS 256: distinct units (with ancestors) one article can touch. */
#define MAX_HITS	256

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

/*
 * GAZ_FIRST_BITS 65536: a filter on a form's first character (8 KB) that
 * answers "no place name starts here" for most characters of a text
 * before the table is probed.
 */
#define GAZ_FIRST_BITS	65536
/* The bit of a form's key (its first two characters) in gaz->pair. */
#define GAZ_PAIR_BIT(key) \
	((size_t)(((key) * 0x9E3779B97F4A7C15ULL) >> 48) % GAZ_FIRST_BITS)

struct gaz {
	struct gaz_form		*forms;		/* by key, then longest first */
	size_t			 nforms;
	struct gaz_name		*names;		/* grouped by form, in code order */
	size_t			 nnames;
	struct gaz_bucket	*tab;		/* open addressing on key */
	size_t			 mask;		/* table size - 1 (a power of two) */
	uint64_t		 first[GAZ_FIRST_BITS / 64]; /* bit cp % GAZ_FIRST_BITS: a form may start with cp */
	uint64_t		 pair[GAZ_FIRST_BITS / 64]; /* bit of a key's hash: a form may start with those two */
};

/* Whether a place name may start with the character cp (gaz->first). */
static inline int
gaz_may_start(const struct gaz *g, uint32_t cp)
{
	return bits_has(g->first, cp % GAZ_FIRST_BITS);
}

/* Where in an article a mention stands; weighed in gaz_score.c. */
enum zone {
	ZONE_TITLE,
	ZONE_LOCAL,		/* a 本报 dateline */
	ZONE_AGENCY,		/* an agency's dateline */
	ZONE_LEAD,
	ZONE_BODY
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

/* One article's mentions, in text order. */
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

/* gaz.c */

/* The longest form written at s (n bytes left), or NULL. */
const struct gaz_form	*gaz_form_at(const struct gaz *, const char *s, size_t n);
/* The index of u in gaz_rows, and back. */
uint32_t		 gaz_unit_index(const struct gaz_unit *u);
const struct gaz_unit	*gaz_unit_of(uint32_t i);
/* Whether a is u or one of u's ancestors. */
int			 gaz_is_ancestor(const struct gaz_unit *a,
			    const struct gaz_unit *u);

/* gaz_match.c */

/*
 * Finds the place names of an article (arguments as for gaz_regions())
 * and resolves each to one unit or none: fills sc, in which each
 * mention's unit, zone, para, listed, under and qualifier are what
 * gaz_score.c weighs.
 */
void			 gaz_match(const struct gaz *, struct scan *sc,
			    const char *dateline, const char *title,
			    const char *body);

#endif
