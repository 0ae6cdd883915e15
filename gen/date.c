/*
 * date.c: the issue date from the text.
 *
 * A paper prints an event a day or more after it happens.  A dispatch
 * datelined 本报长沙5月20日电, or a lead telling of 今天/昨天, appears
 * the next day; an event the text dates without such a mark (5月19日,
 * 日前) is estimated EVENT_LAG_DAYS after the latest one.  The year is the
 * one the text names most (2026年), else the file gives none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "util.h"

/*
 * EVENT_LAG_DAYS 4: a dated event without a dateline is reported "日前",
 * some days later; four is the middle of the usual two to seven.
 */
#define EVENT_LAG_DAYS 4

long
date_days(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_civil(long z, int *y, int *m, int *d)
{
	long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void
date_human(struct buf *b, const char *iso)
{
	int	 y, m, d;

	if (iso == NULL || strlen(iso) < 10) {
		buf_puts(b, "日期不详");
		return;
	}
	y = atoi(iso);
	m = atoi(iso + 5);
	d = atoi(iso + 8);
	if (y < 0 || m < 0 || d < 0) {
		buf_printf(b, "%d年%d月%d日", y, m, d);
		return;
	}
	/* The same without printf: a date on every listed article. */
	buf_putu(b, (unsigned)y);
	buf_puts(b, "年");
	buf_putu(b, (unsigned)m);
	buf_puts(b, "月");
	buf_putu(b, (unsigned)d);
	buf_puts(b, "日");
}

/* Digits ending at p (exclusive), at most max of them: value or -1. */
static int
digits_before(const char *start, const char *p, int max)
{
	const char	*q = p;
	int		 v;

	while (q > start && p - q < max && q[-1] >= '0' && q[-1] <= '9')
		q--;
	if (q == p || (q > start && q[-1] >= '0' && q[-1] <= '9'))
		return -1;
	v = atoi(q);
	return v;
}

static int
has(struct span s, const char *z)
{
	size_t	 n = strlen(z), i;

	for (i = 0; i + n <= s.n; i++)
		if (memcmp(s.p + i, z, n) == 0)
			return 1;
	return 0;
}

void
date_infer(struct issue *is, const struct source *src)
{
	struct buf	 out = BUF_INIT;
	int		 years[200] = { 0 };	/* 1900..2099 */
	int		 best_md = 0, best_wire = 0, m, d, y, i, yi, today;
	unsigned	 ln, best_line = 0;
	const char	*p, *e, *q;
	struct span	 l;
	long		 days;

	for (ln = src->body_from; ln <= src->nlines; ln++) {
		l = src->lines[ln - 1];
		e = l.p + l.n;
		today = -1;
		for (p = l.p; p + 3 <= e; p++) {
			if (memcmp(p, "年", 3) == 0) {
				y = digits_before(l.p, p, 4);
				if (y >= 1900 && y <= 2099 && p - l.p >= 4)
					years[y - 1900]++;
			}
			if (memcmp(p, "日", 3) != 0)
				continue;
			d = digits_before(l.p, p, 2);
			q = p - (d >= 10 ? 2 : 1);
			if (d < 1 || d > 31 || q - l.p < 3 || memcmp(q - 3, "月", 3))
				continue;
			m = digits_before(l.p, q - 3, 2);
			if (m < 1 || m > 12)
				continue;
			/* A deadline (5月31日前) is not an event. */
			if (p + 6 <= e && (memcmp(p + 3, "前", 3) == 0 ||
			    memcmp(p + 3, "起", 3) == 0 || memcmp(p + 3, "至", 3) == 0))
				continue;
			{
				int md = m * 100 + d;
				int wire = p + 6 <= e && memcmp(p + 3, "电", 3) == 0;
				/* Looked up once a line, however many dates it holds. */
				if (today < 0)
					today = has(l, "今天") || has(l, "今日") ||
					    has(l, "昨天") || has(l, "昨日");
				if (!wire && today)
					wire = 1;
				if (md > best_md || (md == best_md && wire > best_wire)) {
					best_md = md;
					best_wire = wire;
					best_line = ln;
				}
			}
		}
	}
	for (yi = -1, i = 0; i < 200; i++)
		if (years[i] && (yi < 0 || years[i] >= years[yi]))
			yi = i;
	if (best_md == 0 || yi < 0) {
		diag_add(&is->diags, DIAG_WARN, is->path, 0, 0, "date-unknown",
		    "no date in front matter, file name or text%s; add front "
		    "matter \"date: YYYY-MM-DD\" or put the date in the file name",
		    best_md ? " (no year named)" : "");
		return;
	}
	y = 1900 + yi;
	m = best_md / 100;
	d = best_md % 100;
	if (d > 28) {
		/* 2月30日 and the like: keep the day inside its month. */
		int yy, mm, dd;
		date_civil(date_days(y, m, 1) + d - 1, &yy, &mm, &dd);
		if (mm != m)
			d = 28;
	}
	days = date_days(y, m, d) + (best_wire ? 1 : EVENT_LAG_DAYS);
	date_civil(days, &y, &m, &d);
	buf_printf(&out, "%04d-%02d-%02d", y, m, d);
	is->date = buf_detach(&out);
	is->date_source = "text";
	diag_add(&is->diags, DIAG_NOTE, is->path, best_line, 0, "date-inferred",
	    "issue date %s inferred from the text: latest dated event %d月%d日 "
	    "%s, year %d named %d time(s); add front matter \"date:\" to "
	    "override", is->date, best_md / 100, best_md % 100,
	    best_wire ? "in a dateline or told as 今天/昨天 (printed the next day)" :
	    "(estimated " "4" " days later)", 1900 + yi, years[yi]);
}
