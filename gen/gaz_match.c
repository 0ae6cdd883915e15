/*
 * gaz_match.c: where place names are found in an article and where each
 * is resolved to one unit or none (records in gaz_int.h; the weighing and
 * the choice of regions are in gaz_score.c).  gaz_match() reads the
 * headline, the dateline and the body (its lead apart, lead_end_of; a
 * dateline at its head apart, find_dateline) once each: scan_text asks
 * the index (gaz_form_at) for the longest form at each character, so
 * 大兴安岭 is not 大兴, and 幸福建设 is not 福建 (a stop word consumes the
 * characters it covers).
 *
 * Deciding what a match means takes three passes over the matches:
 *  1. candidates (add_mention): a form may name several units (朝阳区 in
 *     北京市 and in 长春市); a suffix written after a short form (澜沧县,
 *     海南州) keeps the units whose names end in it (filter_suffix), a
 *     unit and its own ancestor sharing a short form (吉林) keep the
 *     ancestor (prune_descendants), and a name written right after an
 *     ancestor's (长春市朝阳区, 重庆城口) keeps the units under it
 *     (link_previous);
 *  2. context (resolve): the units named unambiguously and safely, with
 *     their ancestors, are what the article is known to talk about;
 *  3. resolution (resolve): each remaining candidate is judged by that
 *     context (its parent mentioned beats its province mentioned beats
 *     nothing) and by how risky its form is (trust_of): short forms of
 *     county-level units and county names of two characters (城口, 范县)
 *     need their parent in context, and forms that are ordinary words
 *     too (朝阳, 平安, 来宾) need their parent right beside them or a
 *     suffix.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "gaz.h"
#include "gaz_int.h"

/* LEAD_MIN_CHARS 40: a first paragraph shorter than this is a fragment (a column break); the lead runs on. */
#define LEAD_MIN_CHARS	40
/* DATELINE_SKIP 96: bytes at the head of the body where a repeated dateline is looked for. */
#define DATELINE_SKIP	96

/* How much a form can be trusted on its own. */
enum trust {
	TRUST_STRONG,		/* 菏泽市, 菏泽, 澜沧县, 普兰店 */
	TRUST_WEAK,		/* 城口, 范县: needs the parent in context */
	TRUST_COMMON		/* 朝阳, 平安: needs the parent beside it */
};

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
		    suffix_fits(gaz_unit_of(m->cand[i])->name, text + end, slen))
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
		parent = gaz_unit_of(m->cand[i])->parent;
		for (c = 0; c < m->ncand; c++)
			if (c != i && parent != NULL &&
			    gaz_is_ancestor(gaz_unit_of(m->cand[c]), parent))
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
			    gaz_is_ancestor(gaz_unit_of(prev->cand[j]),
			    gaz_unit_of(m->cand[i])))
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
	    m->kind[0] == FORM_FULL && gaz_unit_of(m->cand[0])->level == GAZ_COUNTY &&
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
	uint32_t		 cp;

	sc->last_end = sc->list_end = (size_t)-1;
	while (at < to) {
		/* Most characters start no place name: no lookup for those. */
		cp = utf8_decode(text + at, to - at, &clen);
		if (!gaz_may_start(sc->g, cp) ||
		    (f = gaz_form_at(sc->g, text + at, to - at)) == NULL) {
			if (text[at] == '\n')
				sc->para++;
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
	const struct gaz_unit	*u = gaz_unit_of(unit);

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
	const struct gaz_unit	*u = gaz_unit_of(unit);

	if (uset_has(ctx, unit))
		return 3;
	if (u->parent != NULL && uset_has(ctx, gaz_unit_index(u->parent)))
		return 2;
	if (u->parent != NULL && u->parent->parent != NULL &&
	    uset_has(ctx, gaz_unit_index(u->parent->parent)))
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
	const struct gaz_unit	*parent = gaz_unit_of(unit)->parent;
	size_t			 i;

	if (m->prev < 0 || parent == NULL)
		return 0;
	p = &sc->m[m->prev];
	for (i = 0; i < p->ncand; i++)
		if (gaz_unit_of(p->cand[i]) == parent)
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
			for (u = gaz_unit_of(m->cand[0]); u != NULL; u = u->parent)
				uset_add(&ctx, gaz_unit_index(u));
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
				u = gaz_unit_of(m->cand[c]);
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
		    gaz_is_ancestor(gaz_unit_of((uint32_t)sc->m[m->prev].unit),
		    gaz_unit_of((uint32_t)m->unit)))
			sc->m[m->prev].qualifier = 1;
	}
}

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

void
gaz_match(const struct gaz *g, struct scan *sc, const char *dateline,
    const char *title, const char *body)
{
	size_t		 blen, ds = 0, de = 0, lead;
	enum zone	 dz = ZONE_AGENCY;

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
}
