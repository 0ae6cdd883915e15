/*
 * fix.h: an editor's corrections to the cut of one issue, kept in a small
 * sidecar file beside it (NAME.fix beside NAME.txt) so that the source
 * text is never touched.  One correction a line; each names a physical
 * line of the issue, and a field correction applies to the article that
 * holds that line:
 *
 *	split 45		a new article starts at line 45
 *	join 51			the article holding line 51 continues the one before
 *	furniture 99		line 99 is page furniture
 *	before 15 9		paragraph 15 is read before paragraph 9
 *	title 51 新的主题	also kicker, subtitle, column; "-" clears the field
 *	kind 63 photo		feature, news, photo, toc, continuation, other
 *	region 3 江苏省 苏州市 昆山市	replaces the regions (more lines add more)
 *	region 3 -		no region
 *	topics 3 legal-supervision dispute-mediation
 *	author 3 方知远 reporter	replaces the authors (more lines add more)
 *
 * Blank lines and lines starting with # are ignored.  A correction that
 * cannot be applied is a diagnostic naming NAME.fix:LINE; the rest apply.
 *
 * Ownership: struct fixes owns its entries; fix_release() frees them.
 */
#ifndef BAOKAN_FIX_H
#define BAOKAN_FIX_H

#include <stddef.h>

struct diags;

enum fix_op {
	FIX_SPLIT, FIX_JOIN, FIX_FURNITURE, FIX_BEFORE, FIX_TITLE, FIX_KICKER,
	FIX_SUBTITLE, FIX_COLUMN, FIX_KIND, FIX_REGION, FIX_TOPICS, FIX_AUTHOR
};

struct fix {
	enum fix_op	 op;
	unsigned	 line;		/* the issue line it names */
	unsigned	 line2;		/* FIX_BEFORE: the line read after */
	char		*arg;		/* the rest of the line, or NULL */
	unsigned	 at;		/* its own line in the sidecar file */
	int		 used;		/* applied (for unapplied-fix diagnostics) */
};

struct fixes {
	char		*path;		/* the sidecar file, for diagnostics */
	struct fix	*v;
	size_t		 n;
};

/*
 * Reads the sidecar of the issue at issue_path (its .txt replaced by
 * .fix), if there is one.  0 (none is fine) or -1 if it is unreadable.
 */
int	 fix_load(const char *issue_path, struct fixes *, struct diags *);
/* The same from memory, for tests. */
void	 fix_parse(const char *name, const char *text, struct fixes *,
	    struct diags *);
void	 fix_release(struct fixes *);

struct article;
struct gaz;
struct issue;
struct topic_set;

/* The index of the article holding issue line n, or is->narticles. */
size_t	 fix_article_of(const struct issue *, unsigned n);
/*
 * Applies the field corrections (title ... author) to the articles, after
 * the parser filled them; then reports every correction not applied.
 */
void	 fix_apply_fields(struct fixes *, struct issue *, const struct gaz *,
	    const struct topic_set *, struct diags *);

#endif
