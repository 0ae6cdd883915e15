/*
 * tval.c: template values.  Every page builds one context tree and frees
 * it after rendering, a million times in a big build, so the common cases
 * cost one allocation: a string lives in the same block as its record,
 * the keys of a map share a block or two (struct tv_keys), and maps are
 * small arrays searched linearly (a context map has 5 to 30 keys, where
 * a linear scan of short keys, first byte first, beats hashing).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "tval.h"
#include "util.h"

/*
 * TV_KEYS_BLOCK 192: room for the keys of a typical context map (5 to 30
 * keys of 2 to 12 bytes) in one or two blocks, where a copy per key was
 * one malloc and one free each, a good part of a page's whole cost.
 */
#define TV_KEYS_BLOCK	192

/* Where a map's keys live: blocks that never move, freed with the map. */
struct tv_keys {
	struct tv_keys	*next;		/* the block filled before, or NULL */
	size_t		 used;		/* bytes of text used */
	size_t		 cap;		/* bytes of text there is room for */
	char		 text[];	/* the keys, each NUL-terminated */
};

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
	v->shared = 0;
	v->u.str.p = p;
	v->u.str.n = n;
	v->u.str.html = 0;
	return v;
}

struct tval *
tv_html(const char *s, size_t n)
{
	struct tval	*v = tv_strn(s, n);

	v->u.str.html = 1;
	return v;
}

struct tval *
tv_str(const char *s)
{
	return s ? tv_strn(s, strlen(s)) : tv_strn("", 0);
}

/* Decimal text by hand: snprintf costs ten times as much, per number on every page. */
struct tval *
tv_int(long long i)
{
	char			 tmp[24];	/* "-9223372036854775808" */
	char			*p = tmp + sizeof(tmp);
	unsigned long long	 u;

	u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (i < 0)
		*--p = '-';
	return tv_strn(p, (size_t)(tmp + sizeof(tmp) - p));
}

struct tval *
tv_bool(int b)
{
	struct tval	*v;

	v = xmalloc(sizeof(*v));
	v->type = TV_BOOL;
	v->shared = 0;
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

/* A copy of key in m's key store. */
static char *
key_copy(struct tval *m, const char *key)
{
	struct tv_keys	*k = m->u.map.keys;
	size_t		 n = strlen(key) + 1, cap;
	char		*p;

	if (k == NULL || k->cap - k->used < n) {
		cap = n > TV_KEYS_BLOCK ? n : TV_KEYS_BLOCK;
		k = xmalloc(sizeof(*k) + cap);
		k->next = m->u.map.keys;
		k->used = 0;
		k->cap = cap;
		m->u.map.keys = k;
	}
	p = k->text + k->used;
	memcpy(p, key, n);
	k->used += n;
	return p;
}

uint64_t
tv_key_word(const char *key)
{
	uint64_t	 w = 0;
	size_t		 i;

	for (i = 0; i < 8 && key[i] != '\0'; i++)
		w |= (uint64_t)(unsigned char)key[i] << (8 * i);
	return w;
}

/* Whether entry e's key is key, whose word is w. */
static int
key_is(const struct tv_ent *e, const char *key, uint64_t w)
{
	return e->w == w && (w >> 56 == 0 || strcmp(e->key + 8, key + 8) == 0);
}

void
tv_set(struct tval *m, const char *key, struct tval *v)
{
	struct tv_ent	*e;
	size_t		 i;
	uint64_t	 w;

	if (v == NULL)
		return;
	if (m == NULL || m->type != TV_MAP)
		die("tv_set(\"%s\") on a value that is not a map", key);
	w = tv_key_word(key);
	for (i = 0; i < m->u.map.n; i++) {
		e = &m->u.map.e[i];
		if (key_is(e, key, w)) {
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
	e->key = key_copy(m, key);
	e->val = v;
	e->w = w;
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
	return tv_get_word(m, key, tv_key_word(key));
}

const struct tval *
tv_get_word(const struct tval *m, const char *key, uint64_t w)
{
	size_t	 i;

	if (m == NULL || m->type != TV_MAP)
		return NULL;
	for (i = 0; i < m->u.map.n; i++)
		if (key_is(&m->u.map.e[i], key, w))
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
	struct tv_keys	*k;
	size_t		 i;

	if (v == NULL || v->shared)
		return;
	switch (v->type) {
	case TV_LIST:
		for (i = 0; i < v->u.list.n; i++)
			tv_free(v->u.list.v[i]);
		free(v->u.list.v);
		break;
	case TV_MAP:
		for (i = 0; i < v->u.map.n; i++)
			tv_free(v->u.map.e[i].val);
		free(v->u.map.e);
		while ((k = v->u.map.keys) != NULL) {
			v->u.map.keys = k->next;
			free(k);
		}
		break;
	default:
		break;
	}
	free(v);
}

struct tval *
tv_share(struct tval *v)
{
	if (v != NULL)
		v->shared = 1;
	return v;
}

void
tv_unshare(struct tval *v)
{
	if (v == NULL)
		return;
	v->shared = 0;
	tv_free(v);
}

/* Appends a value's tag (type and length) and then p[0 .. n), grown once. */
static void
put_tagged(struct buf *b, const struct tval *v, size_t len, const void *p,
    size_t n)
{
	char	*o;

	if (b->len + 1 + sizeof(len) + n + 1 > b->cap)
		buf_grow(b, 1 + sizeof(len) + n);
	o = b->ptr + b->len;
	*o++ = (char)('0' + v->type);
	memcpy(o, &len, sizeof(len));
	memcpy(o + sizeof(len), p, n);
	b->len += 1 + sizeof(len) + n;
	b->ptr[b->len] = '\0';
}

/*
 * The hash walks the tree in order and marks each value's type and
 * length, so that no two different trees feed it the same bytes (["ab"]
 * and ["a","b"] differ by their lengths).
 */
static void
feed(struct buf *b, const struct tval *v)
{
	size_t		 i;

	if (v == NULL) {
		buf_putc(b, 'N');
		return;
	}
	switch (v->type) {
	case TV_STR:
		put_tagged(b, v, v->u.str.n, v->u.str.p, v->u.str.n);
		break;
	case TV_BOOL:
		put_tagged(b, v, 0, v->u.b ? "1" : "0", 1);
		break;
	case TV_LIST:
		put_tagged(b, v, v->u.list.n, "", 0);
		for (i = 0; i < v->u.list.n; i++)
			feed(b, v->u.list.v[i]);
		break;
	case TV_MAP:
		put_tagged(b, v, v->u.map.n, "", 0);
		for (i = 0; i < v->u.map.n; i++) {
			/* The key: its word, and the rest of it past eight bytes. */
			buf_put(b, &v->u.map.e[i].w, sizeof(v->u.map.e[i].w));
			if (v->u.map.e[i].w >> 56 != 0)
				buf_puts(b, v->u.map.e[i].key + 8);
			buf_putc(b, '\0');
			feed(b, v->u.map.e[i].val);
		}
		break;
	}
}

/* The tree's bytes are gathered and hashed once: a hash a value cost more. */
uint64_t
tv_hash(const struct tval *v, uint64_t h)
{
	struct buf	 b = BUF_INIT;

	buf_grow(&b, 8192);	/* a page's context: a few kilobytes */
	feed(&b, v);
	h = cache_hash(b.ptr, b.len, h);
	buf_release(&b);
	return h;
}
