/*
 * strmap.c: FNV-1a hashing, linear probing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

struct slot {
	char		*key;
	void		*val;
	unsigned long	 h;
};

struct strmap {
	struct slot	*s;
	size_t		 cap;	/* power of two */
	size_t		 n;
	int		 borrow;	/* keys are the caller's, not copied */
};

unsigned long
str_hash(const char *k)
{
	unsigned long	 h = 2166136261UL;

	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 16777619UL;
		h &= 0xffffffffUL;
	}
	return h;
}

struct strmap *
strmap_new(void)
{
	struct strmap	*m = xcalloc(1, sizeof(*m));

	m->cap = 64;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	return m;
}

struct strmap *
strmap_new_borrow(size_t hint)
{
	struct strmap	*m = xcalloc(1, sizeof(*m));

	for (m->cap = 64; m->cap < hint * 2 + 2; m->cap *= 2)
		continue;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	m->borrow = 1;
	return m;
}

void
strmap_free(struct strmap *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap && !m->borrow; i++)
		free(m->s[i].key);
	free(m->s);
	free(m);
}

static size_t
find(const struct strmap *m, const char *k, unsigned long h)
{
	size_t	 i = h & (m->cap - 1);

	while (m->s[i].key != NULL &&
	    (m->s[i].h != h || strcmp(m->s[i].key, k) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
grow(struct strmap *m)
{
	struct slot	*old = m->s;
	size_t		 oc = m->cap, i, j;

	m->cap *= 2;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	for (i = 0; i < oc; i++)
		if (old[i].key != NULL) {
			j = find(m, old[i].key, old[i].h);
			m->s[j] = old[i];
		}
	free(old);
}

void **
strmap_slot(struct strmap *m, const char *k)
{
	unsigned long	 h = str_hash(k);
	size_t		 i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = find(m, k, h);
	if (m->s[i].key == NULL) {
		m->s[i].key = m->borrow ? (char *)(uintptr_t)k : xstrdup(k);
		m->s[i].h = h;
		m->s[i].val = NULL;
		m->n++;
	}
	return &m->s[i].val;
}

void *
strmap_get(const struct strmap *m, const char *k)
{
	size_t	 i = find(m, k, str_hash(k));

	return m->s[i].key ? m->s[i].val : NULL;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->n;
}

size_t
strmap_cap(const struct strmap *m)
{
	return m->cap;
}

const char *
strmap_key_at(const struct strmap *m, size_t i, void **val)
{
	if (val)
		*val = m->s[i].val;
	return m->s[i].key;
}
