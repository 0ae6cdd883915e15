/*
 * gaz_score.c: where the regions of an article are chosen, gaz_regions().
 * gaz_match.c has found the place names and resolved each to a unit
 * (records in gaz_int.h); here they are weighed and the regions picked:
 *
 *  tally	each accepted mention weighs by where it occurs (headline
 *		over lead over body; a 本报 dateline like the lead, an
 *		agency's dateline little; one of a list little), and the
 *		weights are summed up the tree, province ← city ← county;
 *  pick_primary
 *		the primary region: down from the best province while a
 *		child carries the story;
 *  gaz_regions	the others: the units the article is substantially about,
 *		most specific only, best first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gaz.h"
#include "gaz_int.h"
#include "record.h"
#include "util.h"

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
		    strcmp(gaz_unit_of((uint32_t)m->unit)->code, CAPITAL_CODE) == 0)
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
		for (u = gaz_unit_of(h->unit); u != NULL; u = u->parent) {
			if ((a = hit_of(t, gaz_unit_index(u))) == NULL)
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
		if (gaz_unit_of(h->unit)->level == GAZ_PROVINCE && carries(h) &&
		    better(h, cur))
			cur = h;
	}
	while (cur != NULL) {
		c = c2 = NULL;
		for (i = 0; i < t->n; i++) {
			h = &t->h[i];
			u = gaz_unit_of(h->unit);
			if (u->parent == NULL || gaz_unit_index(u->parent) != cur->unit ||
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
	for (u = gaz_unit_of(unit); u != NULL; u = u->parent) {
		if (u->level == GAZ_PROVINCE)
			r->province = u;
		else if (u->level == GAZ_CITY)
			r->city = u;
		else
			r->county = u;
	}
}

size_t
gaz_regions(const struct gaz *g, const char *dateline, const char *title,
    const char *body, struct region *out, size_t max)
{
	struct scan		*sc;
	struct tally		*t;
	const struct hit	*prim, *h, *e;
	const struct gaz_unit	*pu;
	size_t			 n = 0, i, j, nsec = 0;
	const struct hit	*sec[MAX_HITS];
	int			 skip;

	if (g == NULL || out == NULL || max == 0)
		return 0;
	/* Not zeroed: gaz_match() and tally() fill what they use. */
	sc = xmalloc(sizeof(*sc));
	t = xmalloc(sizeof(*t));
	gaz_match(g, sc, dateline, title, body);
	tally(t, sc);

	if ((prim = pick_primary(t)) == NULL)
		goto out;
	region_of(&out[n++], prim->unit);

	/* Others substantially about, most specific only, best first. */
	pu = gaz_unit_of(prim->unit);
	for (i = 0; i < t->n; i++) {
		h = &t->h[i];
		if (gaz_is_ancestor(gaz_unit_of(h->unit), pu) || !(substantial(h) ||
		    (h->under && gaz_is_ancestor(pu, gaz_unit_of(h->unit)))))
			continue;
		for (j = 0, skip = 0; j < t->n && !skip; j++) {
			e = &t->h[j];
			skip = e != h && substantial(e) &&
			    gaz_is_ancestor(gaz_unit_of(h->unit), gaz_unit_of(e->unit)) &&
			    !gaz_is_ancestor(gaz_unit_of(e->unit), pu);
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
