/*
 * build.h: `baokan build`: streams over the issues of the content folder,
 * parsing, rendering and indexing one at a time, then writes the
 * listings, the home page and the search index.  The site is written to a
 * staging folder that replaces the output folder only when everything
 * succeeded, so a failed build leaves the previous site as it was.
 */
#ifndef BAOKAN_BUILD_H
#define BAOKAN_BUILD_H

struct conf;

struct build_opts {
	int	 strict;	/* content errors fail the build (exit 1) */
	int	 quiet;		/* no summary line */
	int	 verbose;	/* print notes too, not only warnings */
	int	 progress;	/* draw a progress bar (stderr is a terminal) */
	int	 jobs;		/* threads; 0: one per processor */
	int	 clean;		/* ignore the cache: a full build */
};

/* Exit status: 0 built, 1 content errors with strict, 2 usage, 3 I/O. */
int	 build_run(const struct conf *, const struct build_opts *);

#endif
