/*
 * issue.h: reading one issue file: its bytes, its lines, its front matter
 * and its date.  Cutting it into articles is seg.h's job.
 *
 * An issue file is the plain text of one newspaper page as an e-paper or
 * PDF export gives it: one paragraph a line, blank lines between.  It may
 * start with a front-matter block:
 *
 *	---
 *	date: 2026-05-21
 *	page: 5
 *	edition: 要闻
 *	paper: 职工日报
 *	---
 *
 * Without one, the date comes from a YYYY-MM-DD in the file name, else it
 * is inferred from the dates in the text (seg.c, which knows the leads).
 */
#ifndef BAOKAN_ISSUE_H
#define BAOKAN_ISSUE_H

#include <stddef.h>

#include "buf.h"
#include "record.h"

/* The text of an issue, split into physical lines. */
struct source {
	char		*text;		/* UTF-8 (converted, enc.h), normalised */
	struct span	*lines;		/* lines[i] is physical line i + 1, trimmed */
	unsigned	 nlines;
	unsigned	 body_from;	/* first line after the front matter (1-based) */
};

/*
 * Reads path into src and fills the issue's path, id, date (from front
 * matter or file name), page, edition and paper.  The bytes are UTF-8,
 * UTF-16 with a byte-order mark or GB18030 (enc.h; a note names any but
 * UTF-8); invisible characters (U+200B, U+2060, U+FEFF) are dropped,
 * rare Unicode spaces and separators become a space, control characters
 * are dropped with a warning; lines end at LF, CRLF or CR and are trimmed
 * of every kind of space.  Returns 0, or -1 with an error naming the file
 * (and line, column, byte) when it cannot be used at all: unreadable,
 * binary (NUL bytes), or bytes invalid in its encoding.
 */
int	 issue_read(const char *path, struct issue *, struct source *,
	    struct diags *);
/* The same from memory (for tests and fuzzing); name stands for the path. */
int	 issue_read_mem(const char *name, const char *p, size_t n,
	    struct issue *, struct source *, struct diags *);
/* Sets issue->id from its date, page and file name. */
void	 issue_set_id(struct issue *);
/*
 * Appends the ASCII slug of a file's base name (the n bytes at name, its
 * extension left off) to out: lower-case letters and digits, a dash for
 * each run of anything else, at most MAX_ID_NAME (48) of them, and
 * "-xHASH" (a digest of the whole name) when letters were lost on the way
 * (第三版, or a name too long) so that two names never share a slug by
 * accident and one name always gets the same: "page-export-0611",
 * "undated" names "x1a2b3c4d", "2026-03-01 要闻" "2026-03-01-x1a2b3c4d".
 */
void	 issue_slug(struct buf *out, const char *name, size_t n);
void	 source_release(struct source *);

/* "YYYY-MM-DD" at the start of s is a valid date: 1, else 0. */
int	 date_valid(const char *s);

#endif
