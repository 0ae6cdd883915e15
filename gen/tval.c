/*
 * tval.c: template values.  Every page builds one context tree and frees
 * it after rendering, a million times in a big build, so the common cases
 * cost one allocation: a string lives in the same block as its record,
 * and maps are small arrays searched linearly (a context map has 5 to 30
 * keys, where a linear scan of short keys beats hashing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tval.h"
#include "util.h"

struct tval *
tv_strn(const char *s, size_t n)
{
	struct tval	*v;
	char		*p;

	/* The text follows the record in the same allocation. */
	v = xmalloc(sizeof(*v) + n + 1);
	p = (char *)(v + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	v->type = TV_STR;
	v->u.str.p = p;
	v->u.str.n = n;
	return v;
}

struct tval *
tv_str(const char *s)
{
	return s ? tv_strn(s, strlen(s)) : tv_strn("", 0);
}

struct tval *
tv_int(long long i)
{
	char	 tmp[24];	/* "-9223372036854775808" and the NUL */
	int	 n;

	n = snprintf(tmp, sizeof(tmp), "%lld", i);
	return tv_strn(tmp, (size_t)n);
}

struct tval *
tv_bool(int b)
{
	struct tval	*v;

	v = xmalloc(sizeof(*v));
	v->type = TV_BOOL;
	v->u.b = b != 0;
	return v;
}

struct tval *
tv_list(void)
{
	struct tval	*v;

	v = xcalloc(1, sizeof(*v));
	v->type = TV_LIST;
	return v;
}

struct tval *
tv_map(void)
{
	struct tval	*v;

	v = xcalloc(1, sizeof(*v));
	v->type = TV_MAP;
	return v;
}

void
tv_push(struct tval *l, struct tval *v)
{
	if (v == NULL)
		return;
	if (l == NULL || l->type != TV_LIST)
		die("tv_push on a value that is not a list");
	if (l->u.list.n == l->u.list.cap) {
		l->u.list.cap = l->u.list.cap ? l->u.list.cap * 2 : 4;
		l->u.list.v = xreallocarray(l->u.list.v, l->u.list.cap,
		    sizeof(*l->u.list.v));
	}
	l->u.list.v[l->u.list.n++] = v;
}

void
tv_set(struct tval *m, const char *key, struct tval *v)
{
	struct tv_ent	*e;
	size_t		 i;

	if (v == NULL)
		return;
	if (m == NULL || m->type != TV_MAP)
		die("tv_set(\"%s\") on a value that is not a map", key);
	for (i = 0; i < m->u.map.n; i++) {
		e = &m->u.map.e[i];
		if (strcmp(e->key, key) == 0) {
			tv_free(e->val);
			e->val = v;
			return;
		}
	}
	if (m->u.map.n == m->u.map.cap) {
		m->u.map.cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		m->u.map.e = xreallocarray(m->u.map.e, m->u.map.cap,
		    sizeof(*m->u.map.e));
	}
	e = &m->u.map.e[m->u.map.n++];
	e->key = xstrdup(key);
	e->val = v;
}

void
tv_set_str(struct tval *m, const char *key, const char *s)
{
	if (s != NULL)
		tv_set(m, key, tv_str(s));
}

void
tv_set_int(struct tval *m, const char *key, long long i)
{
	tv_set(m, key, tv_int(i));
}

void
tv_set_bool(struct tval *m, const char *key, int b)
{
	tv_set(m, key, tv_bool(b));
}

const struct tval *
tv_get(const struct tval *m, const char *key)
{
	size_t	 i;

	if (m == NULL || m->type != TV_MAP)
		return NULL;
	for (i = 0; i < m->u.map.n; i++)
		if (strcmp(m->u.map.e[i].key, key) == 0)
			return m->u.map.e[i].val;
	return NULL;
}

int
tv_truthy(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TV_STR:
		return v->u.str.n > 0;
	case TV_BOOL:
		return v->u.b;
	case TV_LIST:
		return v->u.list.n > 0;
	case TV_MAP:
		return v->u.map.n > 0;
	}
	return 0;
}

size_t
tv_len(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TV_STR:
		return v->u.str.n;
	case TV_LIST:
		return v->u.list.n;
	case TV_MAP:
		return v->u.map.n;
	default:
		return 0;
	}
}

void
tv_free(struct tval *v)
{
	size_t	 i;

	if (v == NULL)
		return;
	switch (v->type) {
	case TV_LIST:
		for (i = 0; i < v->u.list.n; i++)
			tv_free(v->u.list.v[i]);
		free(v->u.list.v);
		break;
	case TV_MAP:
		for (i = 0; i < v->u.map.n; i++) {
			free(v->u.map.e[i].key);
			tv_free(v->u.map.e[i].val);
		}
		free(v->u.map.e);
		break;
	default:
		break;
	}
	free(v);
}
