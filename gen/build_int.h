/*
 * build_int.h: what the build driver (build.c) and the listings (list.c)
 * share: the state of one build.  Not for use outside those two files.
 */
#ifndef BAOKAN_BUILD_INT_H
#define BAOKAN_BUILD_INT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

struct build_opts;
struct conf;
struct entry;
struct idx;
struct render;
struct strmap;

/* A growable list of entry indices. */
struct ivec {
	size_t	*v;
	size_t	 n, cap;
};

struct issue_sum {
	char	*url;		/* site-relative */
	char	*title;		/* 2026年5月21日 第5版 */
	char	*date;		/* YYYY-MM-DD or NULL */
	char	*id;
	size_t	 count;		/* articles */
};

struct state {
	const struct conf	*c;
	const struct build_opts	*o;
	struct render		*r;
	struct idx		*idx;
	struct diags		 d;		/* build-level diagnostics */
	struct entry		*e;		/* every article, compact */
	size_t			 ne, cape;
	size_t			*order;		/* entries by date, newest first */
	struct issue_sum	*iss;
	size_t			 niss, capiss;
	struct strmap		*ids;		/* issue ids taken */
	size_t			 pages;		/* pages written */
	int			 content_errors;
	char			*stage;		/* staging output folder */
	struct buf		 manifest;	/* "HASH URL\n" of every file */
	size_t			 cached;	/* issues taken from the cache */
	uint64_t		 search_key;	/* of the issues added so far (build.c) */
};

void	ivec_push(struct ivec *, size_t);
/*
 * Sorts the entries newest first (s->order) and writes every listing:
 * topics, regions, reporters, dates, issues, the home page, the search page.
 */
void	list_write(struct state *);

#endif
