/*
 * date.h: an issue's date inferred from the dated events in its text,
 * when neither front matter nor the file name gives it.
 */
#ifndef BAOKAN_DATE_H
#define BAOKAN_DATE_H

#include "issue.h"
#include "record.h"

/*
 * Sets is->date (source "text") from the latest dated event and the year
 * the text names, and adds a note with the evidence; leaves it NULL, with
 * a warning, when the text names no date.
 */
void	 date_infer(struct issue *, const struct source *);

/* Days since 1970-01-01 of a civil date, and back (Howard Hinnant's). */
long	 date_days(int y, int m, int d);
void	 date_civil(long days, int *y, int *m, int *d);
/* "2026年5月21日" for a YYYY-MM-DD date; into buf. */
void	 date_human(struct buf *, const char *iso);

#endif
