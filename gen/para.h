/*
 * para.h: mending an article's paragraphs after the cut: joining a
 * paragraph a column break cut in two, putting a fragment printed out of
 * reading order back where it belongs when the evidence is clear (and
 * saying so when it is not), and showing a verbatim repeat once.  Every
 * decision is a diagnostic an editor can review with `baokan check`.
 */
#ifndef BAOKAN_PARA_H
#define BAOKAN_PARA_H

struct article;
struct diags;

/* Mends a->body in place; notes go to d under file. */
void	para_mend(struct article *a, const char *file, struct diags *d);

#endif
