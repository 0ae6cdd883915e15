/*
 * record.h: the plain records the parser fills and everything downstream
 * (pages, listings, search index, `baokan parse`) reads: one struct issue
 * per issue file, holding its articles and its page furniture.
 *
 * Ownership: an issue owns everything reachable from it except the
 * pointers marked "borrowed", which point into the gazetteer or the site
 * configuration and live as long as the run.  issue_free() (issue.h)
 * releases it all.
 */
#ifndef BAOKAN_RECORD_H
#define BAOKAN_RECORD_H

#include <stddef.h>

#include "diag.h"

struct buf;
struct gaz_unit;

/* MAX_TOPICS 3: the taxonomy gives an article one to three topics. */
#define MAX_TOPICS 3

enum art_kind {
	KIND_FEATURE,		/* standalone byline line (本报记者 X) */
	KIND_NEWS,		/* lead 本报讯 / 本报X地X月X日电 / 新华社…电 */
	KIND_PHOTO,		/* picture news: caption and 摄 credit */
	KIND_TOC,		/* a periodical's table of contents, 要目 */
	KIND_CONTINUATION,	/* text continued from another page */
	KIND_OTHER
};

enum author_role {
	ROLE_REPORTER,		/* 记者 */
	ROLE_CORRESPONDENT,	/* 通讯员 */
	ROLE_PHOTOGRAPHER,	/* 摄 */
	ROLE_INTERN,		/* 实习生 */
	ROLE_AGENCY,		/* 新华社 and the like; the name is the agency */
	ROLE_AUTHOR		/* signed without a role word */
};

enum block_type {
	BLOCK_PARA,		/* a paragraph of body text */
	BLOCK_HEADING,		/* an intertitle (小标题) inside the body */
	BLOCK_ITEM,		/* a list line (toc entries, "- " lines) */
	BLOCK_CAPTION		/* a picture caption */
};

struct author {
	char			*name;
	enum author_role	 role;
};

/* One place; levels not known are NULL.  Units are borrowed from the gazetteer. */
struct region {
	const struct gaz_unit	*province;	/* 山东省; a municipality for 重庆市 */
	const struct gaz_unit	*city;		/* 菏泽市; NULL under a municipality */
	const struct gaz_unit	*county;	/* 牡丹区 */
};

struct block {
	enum block_type	 type;
	char		*text;		/* plain text as printed, joins applied */
	unsigned	*lines;		/* physical source lines, in reading order */
	size_t		 nlines;
};

struct article {
	char		*id;		/* stable ASCII id: issue id + "-" + 2 digits */
	enum art_kind	 kind;
	char		*kicker;	/* 引题, or NULL */
	char		*title;		/* 主题, or NULL (a continuation) */
	char		*subtitle;	/* 副题, or NULL */
	char		*column;	/* column or series label, or NULL */
	struct author	*authors;
	size_t		 nauthors;
	char		*dateline;	/* 本报长沙5月20日电, or NULL */
	char		*summary;	/* 阅读提示 text, or NULL */
	struct block	*body;
	size_t		 nbody;
	struct region	*regions;	/* primary first */
	size_t		 nregions;
	const char	*topics[MAX_TOPICS];	/* slugs, borrowed from the conf */
	size_t		 ntopics;
	unsigned	*lines;		/* every source line it drew from, ascending */
	size_t		 nlines;
	int		 truncated;	/* cut off at the start or end of the file */
};

/* A line that belongs to no article: 责任编辑, E-mail, page labels. */
struct furniture {
	unsigned	 line;
	char		*text;
};

struct issue {
	char		*path;		/* the file as given */
	char		*id;		/* stable ASCII id: date, page, name */
	char		*date;		/* YYYY-MM-DD, or NULL when none found */
	const char	*date_source;	/* "front-matter", "file-name", "text" */
	int		 page;		/* page number, 0 if unknown */
	char		*edition;	/* edition name from front matter, or NULL */
	char		*paper;		/* newspaper name from front matter, or NULL */
	char		**editors;	/* 责任编辑 names */
	size_t		 neditors;
	struct furniture *furniture;
	size_t		 nfurniture;
	struct article	*articles;
	size_t		 narticles;
	unsigned	 nlines;	/* physical lines in the file */
	struct diags	 diags;		/* what the reader and the parser noted */
};

const char	*kind_name(enum art_kind);
const char	*role_name(enum author_role);
const char	*block_name(enum block_type);

/* Writes the issue as the JSON of `baokan parse` (see README). */
void		 record_json(const struct issue *, struct buf *out, int indent);

void		 article_release(struct article *);
void		 issue_free(struct issue *);
/* Frees what the issue holds and leaves it zeroed (for one on the stack). */
void		 issue_release(struct issue *);

#endif
