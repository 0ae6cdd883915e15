/*
 * pool.c: the ordered parallel loop, on pthreads.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "pool.h"
#include "util.h"

/* MAX_JOBS 256: more threads than this only contend for the disk. */
#define MAX_JOBS 256

struct pool {
	size_t			 n, window;
	size_t			 next;		/* the next item to hand out */
	size_t			 consumed;	/* items done() has seen */
	unsigned char		*finished;	/* finished[i]: work(i) returned */
	void			*ctx;
	const struct pool_fns	*f;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_done;	/* an item finished */
	pthread_cond_t		 cv_space;	/* the window moved on */
	int			 main_waits;	/* done()'s thread sleeps on cv_done */
	int			 idle;		/* workers sleeping on cv_space */
};

int
pool_cpus(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

static void *
thread_main(void *arg)
{
	struct pool	*p = arg;
	void		*w = p->f->worker_new ? p->f->worker_new(p->ctx) : NULL;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->n && p->next >= p->consumed + p->window) {
			p->idle++;
			pthread_cond_wait(&p->cv_space, &p->mu);
			p->idle--;
		}
		if (p->next >= p->n) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		p->f->work(p->ctx, w, i);
		pthread_mutex_lock(&p->mu);
		p->finished[i] = 1;
		/* Cheap items make wake-ups the cost: only the awaited one wakes. */
		if (p->main_waits && i == p->consumed)
			pthread_cond_signal(&p->cv_done);
		pthread_mutex_unlock(&p->mu);
	}
	if (p->f->worker_free)
		p->f->worker_free(w);
	return NULL;
}

int
pool_run(size_t n, int jobs, size_t window, void *ctx, const struct pool_fns *f)
{
	struct pool	 p;
	pthread_t	*th;
	int		 k, started = 0, rc = 0;
	size_t		 i;

	if (jobs < 1)
		jobs = 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	p.n = n;
	p.window = window < (size_t)jobs ? (size_t)jobs : window;
	p.next = p.consumed = 0;
	p.main_waits = p.idle = 0;
	p.finished = xcalloc(n ? n : 1, 1);
	p.ctx = ctx;
	p.f = f;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv_done, NULL);
	pthread_cond_init(&p.cv_space, NULL);
	th = xcalloc((size_t)jobs, sizeof(*th));
	for (k = 0; k < jobs; k++) {
		if (pthread_create(&th[k], NULL, thread_main, &p) != 0) {
			rc = -1;
			break;
		}
		started++;
	}
	if (started == 0) {
		/* No thread at all: run here, still in order. */
		void *w = f->worker_new ? f->worker_new(ctx) : NULL;
		for (i = 0; i < n; i++) {
			f->work(ctx, w, i);
			f->done(ctx, i);
		}
		if (f->worker_free)
			f->worker_free(w);
	} else
		for (i = 0; i < n; i++) {
			pthread_mutex_lock(&p.mu);
			while (!p.finished[i]) {
				p.main_waits = 1;
				pthread_cond_wait(&p.cv_done, &p.mu);
				p.main_waits = 0;
			}
			pthread_mutex_unlock(&p.mu);
			f->done(ctx, i);
			pthread_mutex_lock(&p.mu);
			p.consumed = i + 1;
			if (p.idle)
				pthread_cond_broadcast(&p.cv_space);
			pthread_mutex_unlock(&p.mu);
		}
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	free(th);
	free(p.finished);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv_done);
	pthread_cond_destroy(&p.cv_space);
	return rc;
}
