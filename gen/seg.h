/*
 * seg.h: cutting an issue's lines into articles, as an editor would: where
 * each article begins and ends, its headlines (引题, 主题, 副题), column
 * label, byline, lead, summary, body, captions and credits; page furniture
 * set aside; paragraphs cut by a column break joined again.
 *
 * Every non-empty line after the front matter ends up in exactly one
 * article's lines or in the issue's furniture; seg_cut() checks this and
 * reports a diagnostic for any line it could not place (none should be).
 */
#ifndef BAOKAN_SEG_H
#define BAOKAN_SEG_H

#include "issue.h"
#include "record.h"

struct fixes;
struct gaz;
struct topic_set;

/* What the cut may use beyond the text; each may be NULL. */
struct seg_opts {
	const struct gaz	*gaz;		/* regions */
	const struct topic_set	*topics;	/* topics */
	struct fixes		*fixes;		/* an editor's corrections (fix.h) */
	const char		*id;		/* the issue's id, decided by the build */
};

/*
 * Fills is->articles and is->furniture from src, then the regions and
 * topics of each article, and the issue date from the text when the file
 * gave none; applies the corrections and notes each one it could not.
 * o may be NULL.
 */
void	seg_cut(struct issue *is, const struct source *src,
	    const struct seg_opts *o);

#endif
