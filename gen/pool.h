/*
 * pool.h: an ordered parallel loop.  work(i) runs for i = 0 .. n-1 on
 * `jobs` threads, each with its own worker state; done(i) runs on the
 * calling thread strictly in order of i, as soon as work(i) has finished,
 * so results are consumed in the same order whatever the thread count.
 * At most `window` items are in flight ahead of the one awaited, which
 * bounds the memory held by finished-but-unconsumed results.
 */
#ifndef BAOKAN_POOL_H
#define BAOKAN_POOL_H

#include <stddef.h>

struct pool_fns {
	void	*(*worker_new)(void *ctx);		/* per-thread state, or NULL */
	void	 (*worker_free)(void *worker);		/* or NULL */
	void	 (*work)(void *ctx, void *worker, size_t i);	/* any thread */
	void	 (*done)(void *ctx, size_t i);		/* caller's thread, in order */
};

/* Runs the loop; 0, or -1 if a thread could not be started (then it ran on one). */
int	 pool_run(size_t n, int jobs, size_t window, void *ctx,
	    const struct pool_fns *);
/* The number of online processors, at least 1. */
int	 pool_cpus(void);

#endif
