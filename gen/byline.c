/*
 * byline.c: where an author and a dateline are recognised.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "byline.h"
#include "strmap.h"
#include "util.h"

/*
 * MAX_NAME_CHARS 6: Chinese personal names are two to four characters;
 * six leaves room for a two-part name with a middle dot (阿依·努尔).
 */
#define MAX_NAME_CHARS 6
/* MAX_BYLINE_CHARS 60: the longest byline seen names six people. */
#define MAX_BYLINE_CHARS 60
/* MAX_PLACE_CHARS 8: a dateline's place, 本报乌鲁木齐 … is at most this. */
#define MAX_PLACE_CHARS 8

/* Role words, longest first so 本报记者 wins over 记者. */
static const struct {
	const char		*word;
	enum author_role	 role;
} roles[] = {
	{ "本报特约记者", ROLE_REPORTER },
	{ "本报首席记者", ROLE_REPORTER },
	{ "本报见习记者", ROLE_REPORTER },
	{ "本报摄影记者", ROLE_PHOTOGRAPHER },
	{ "本报通讯员", ROLE_CORRESPONDENT },
	{ "本报实习生", ROLE_INTERN },
	{ "本报评论员", ROLE_AUTHOR },
	{ "本报记者", ROLE_REPORTER },
	{ "特约记者", ROLE_REPORTER },
	{ "首席记者", ROLE_REPORTER },
	{ "见习记者", ROLE_REPORTER },
	{ "摄影记者", ROLE_PHOTOGRAPHER },
	{ "特约通讯员", ROLE_CORRESPONDENT },
	{ "通讯员", ROLE_CORRESPONDENT },
	{ "实习生", ROLE_INTERN },
	{ "记者", ROLE_REPORTER },
	{ "摄影", ROLE_PHOTOGRAPHER },
	{ "撰文", ROLE_AUTHOR },
};

const char *
role_label(enum author_role r)
{
	switch (r) {
	case ROLE_REPORTER:	 return "记者";
	case ROLE_CORRESPONDENT: return "通讯员";
	case ROLE_PHOTOGRAPHER:	 return "摄影";
	case ROLE_INTERN:	 return "实习生";
	case ROLE_AGENCY:	 return "通讯社";
	default:		 return "作者";
	}
}

/* SMALL_AUTHORS 16: past this many names, duplicates are found by hash. */
#define SMALL_AUTHORS 16

void
authors_add(struct authors *a, const char *name, size_t n, enum author_role r)
{
	struct buf	 key = BUF_INIT;
	void		**slot;
	size_t		 i;

	if (a->n < SMALL_AUTHORS) {
		for (i = 0; i < a->n; i++)
			if (strlen(a->v[i].name) == n &&
			    memcmp(a->v[i].name, name, n) == 0 && a->v[i].role == r)
				return;
	} else {
		if (a->seen == NULL) {
			a->seen = strmap_new();
			for (i = 0; i < a->n; i++) {
				buf_reset(&key);
				buf_printf(&key, "%s\x1f%d", a->v[i].name, (int)a->v[i].role);
				*strmap_slot(a->seen, key.ptr) = (void *)1;
			}
		}
		buf_reset(&key);
		buf_put(&key, name, n);
		buf_printf(&key, "\x1f%d", (int)r);
		slot = strmap_slot(a->seen, key.ptr);
		buf_release(&key);
		if (*slot != NULL)
			return;
		*slot = (void *)1;
	}
	buf_release(&key);
	a->v = xgrow(a->v, a->n, sizeof(*a->v));
	a->v[a->n].name = xstrndup(name, n);
	a->v[a->n].role = r;
	a->n++;
}

void
authors_release(struct authors *a)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].name);
	free(a->v);
	strmap_free(a->seen);
	a->v = NULL;
	a->n = 0;
	a->seen = NULL;
}

/* Role word at the start of s: its length and role, or 0. */
static size_t
role_at(struct span s, enum author_role *r)
{
	size_t	 i, n;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		n = strlen(roles[i].word);
		if (s.n >= n && memcmp(s.p, roles[i].word, n) == 0) {
			*r = roles[i].role;
			return n;
		}
	}
	return 0;
}

/* s is a plausible personal name: 2..MAX_NAME_CHARS Han characters or '·'. */
static int
is_name(struct span s)
{
	size_t		 i, l, c = 0;
	uint32_t	 cp;

	for (i = 0; i < s.n; i += l, c++) {
		cp = utf8_decode(s.p + i, s.n - i, &l);
		if (!uc_is_han(cp) && cp != 0xb7 && cp != 0x30fb && cp != 0x2022)
			return 0;
	}
	return c >= 2 && c <= MAX_NAME_CHARS;
}

/* Next run of non-space characters in *s; advances *s past it. */
static struct span
next_token(struct span *s)
{
	struct span	 t;
	size_t		 l;
	uint32_t	 cp;

	while (s->n) {
		cp = utf8_decode(s->p, s->n, &l);
		if (!uc_is_space(cp))
			break;
		s->p += l;
		s->n -= l;
	}
	t.p = s->p;
	t.n = 0;
	while (s->n) {
		cp = utf8_decode(s->p, s->n, &l);
		if (uc_is_space(cp))
			break;
		s->p += l;
		s->n -= l;
		t.n += l;
	}
	return t;
}

/*
 * Reads "记者X 通讯员Y Z" (tokens, each a role word, a role word glued to
 * a name, or a name keeping the last role).  Returns the names found, or
 * -1 if a token is neither.  With dry set, only checks.
 */
static int
names_in(struct span s, struct authors *a, enum author_role deflt, int dry,
    int *saw_role)
{
	struct span		 t;
	enum author_role	 role = deflt, r;
	size_t			 k;
	int			 found = 0;

	*saw_role = 0;
	for (;;) {
		t = next_token(&s);
		if (t.n == 0)
			break;
		while (t.n && (k = role_at(t, &r)) > 0) {
			role = r;
			*saw_role = 1;
			t.p += k;
			t.n -= k;
		}
		if (t.n == 0)
			continue;
		if (!is_name(t))
			return -1;
		if (!dry)
			authors_add(a, t.p, t.n, role);
		found++;
	}
	return found;
}

int
byline_line(struct span l, struct authors *a, int *credit)
{
	struct span	 s = l;
	int		 saw_role, n;
	static const char she[] = "\xe6\x91\x84";	/* 摄 */

	*credit = 0;
	if (l.n == 0 || utf8_chars(l.p, l.n) > MAX_BYLINE_CHARS)
		return 0;
	if (span_ends(s, she)) {
		s.n -= 3;
		s = span_trim(s);
		/* "摄" alone after names: a picture credit, every name shot it. */
		if ((n = names_in(s, a, ROLE_PHOTOGRAPHER, 1, &saw_role)) <= 0)
			return 0;
		names_in(s, a, ROLE_PHOTOGRAPHER, 0, &saw_role);
		for (size_t i = a->n - (size_t)n; i < a->n; i++)
			a->v[i].role = ROLE_PHOTOGRAPHER;
		*credit = 1;
		return 1;
	}
	/* A standalone byline must name its role: 本报记者 X. */
	if ((n = names_in(s, a, ROLE_AUTHOR, 1, &saw_role)) <= 0 || !saw_role)
		return 0;
	names_in(s, a, ROLE_AUTHOR, 0, &saw_role);
	return 1;
}

/* Opening and closing brackets, ASCII or full-width. */
static size_t
open_paren(struct span s)
{
	if (s.n >= 1 && s.p[0] == '(')
		return 1;
	if (span_starts(s, "\xef\xbc\x88"))	/* （ */
		return 3;
	return 0;
}

static const char *
close_paren(struct span s, size_t *len)
{
	size_t	 i;

	for (i = 0; i < s.n; i++) {
		if (s.p[i] == ')') {
			*len = 1;
			return s.p + i;
		}
		if (i + 3 <= s.n && memcmp(s.p + i, "\xef\xbc\x89", 3) == 0) {
			*len = 3;
			return s.p + i;
		}
	}
	return NULL;
}

/* Skips a month-day "5月20日" at s; returns bytes or 0. */
static size_t
month_day(struct span s)
{
	size_t	 i = 0, d;

	for (d = 0; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
		d++;
	if (d < 1 || d > 2 || !span_starts((struct span){ s.p + i, s.n - i }, "月"))
		return 0;
	i += 3;
	for (d = 0; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
		d++;
	if (d < 1 || d > 2 || !span_starts((struct span){ s.p + i, s.n - i }, "日"))
		return 0;
	return i + 3;
}

/*
 * "本报长沙5月20日电" or "新华社北京10月20日电": prefix, a place of Han
 * characters, a date, then 电.  Returns bytes, 0 if not one.
 */
static size_t
dated_lead(struct span s, size_t prefix)
{
	size_t		 i = prefix, l, c = 0, md;
	uint32_t	 cp;

	while (i < s.n && c <= MAX_PLACE_CHARS) {
		cp = utf8_decode(s.p + i, s.n - i, &l);
		if (cp >= '0' && cp <= '9')
			break;
		if (!uc_is_han(cp))
			return 0;
		i += l;
		c++;
	}
	if (c == 0 || c > MAX_PLACE_CHARS)
		return 0;
	if ((md = month_day((struct span){ s.p + i, s.n - i })) == 0)
		return 0;
	i += md;
	if (!span_starts((struct span){ s.p + i, s.n - i }, "电"))
		return 0;
	return i + 3;
}

/* Agency name before 社 at the start: 新华社, 中新社 (at most 4 chars). */
static size_t
agency_at(struct span s)
{
	size_t		 i = 0, l, c = 0;
	uint32_t	 cp;

	while (i < s.n && c < 4) {
		cp = utf8_decode(s.p + i, s.n - i, &l);
		if (!uc_is_han(cp))
			return 0;
		i += l;
		c++;
		if (cp == 0x793e)	/* 社 */
			return c >= 2 ? i : 0;
	}
	return 0;
}

size_t
byline_lead(struct span s, struct authors *a, char **dateline)
{
	struct span	 rest, inner;
	size_t		 head = 0, ag = 0, k, cl, i;
	const char	*close;
	int		 saw_role;

	*dateline = NULL;
	if (span_starts(s, "本报讯"))
		head = strlen("本报讯");
	else if (span_starts(s, "本报") && (k = dated_lead(s, strlen("本报"))))
		head = k;
	else if ((ag = agency_at(s)) && (k = dated_lead(s, ag)))
		head = k;
	else
		return 0;
	rest.p = s.p + head;
	rest.n = s.n - head;
	i = head;
	/* An optional space, then the credit in brackets. */
	while (rest.n && (rest.p[0] == ' ' || span_starts(rest, "\xe3\x80\x80"))) {
		k = rest.p[0] == ' ' ? 1 : 3;
		rest.p += k;
		rest.n -= k;
		i += k;
	}
	if ((k = open_paren(rest)) && (close = close_paren(rest, &cl)) != NULL) {
		inner.p = rest.p + k;
		inner.n = (size_t)(close - inner.p);
		if (names_in(inner, a, ROLE_REPORTER, 1, &saw_role) > 0) {
			names_in(inner, a, ROLE_REPORTER, 0, &saw_role);
			i += (size_t)(close - rest.p) + cl;
		}
	}
	if (head != strlen("本报讯"))
		*dateline = xstrndup(s.p, head);
	if (ag)
		authors_add(a, s.p, ag, ROLE_AGENCY);
	return i;
}

int
byline_agency_line(struct span l, struct authors *a, char **dateline)
{
	struct span	 in;
	size_t		 k, cl, ag, d;
	const char	*close;

	*dateline = NULL;
	if ((k = open_paren(l)) == 0)
		return 0;
	in.p = l.p + k;
	in.n = l.n - k;
	if ((close = close_paren(in, &cl)) == NULL || close + cl != l.p + l.n)
		return 0;
	in.n = (size_t)(close - in.p);
	if (span_starts(in, "据"))
		in.p += 3, in.n -= 3;
	if ((ag = agency_at(in)) == 0 || (d = dated_lead(in, ag)) != in.n)
		return 0;
	authors_add(a, in.p, ag, ROLE_AGENCY);
	*dateline = xstrndup(in.p, in.n);
	return 1;
}
