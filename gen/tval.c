/*
 * tval.c: template values.  Every page builds one context tree and frees
 * it after rendering, a million times in a big build.  The renderers make
 * it in an arena (struct tv_arena): allocation is a pointer moved on, and
 * freeing the page's few hundred values one step.  On the heap the common
 * cases cost one allocation: a string lives in the same block as its
 * record and the keys of a map share a block or two (struct tv_keys).
 * Maps are small arrays searched linearly (a context map has 5 to 30
 * keys, where a linear scan of short keys, first byte first, beats
 * hashing).
 */
#include <stdint.h>
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

/*
 * TV_ARENA_BLOCK 64 KiB: a page's whole context (an article page or a
 * listing of its items, 10 to 40 KB of records and text) fits one block,
 * so an arena that has served a page serves the next without a malloc.
 */
#define TV_ARENA_BLOCK	(64 * 1024)

/* Where a heap map's keys live: blocks that never move, freed with the map. */
struct tv_keys {
	struct tv_keys	*next;		/* the block filled before, or NULL */
	size_t		 used;		/* bytes of text used */
	size_t		 cap;		/* bytes of text there is room for */
	char		 text[];	/* the keys, each NUL-terminated */
};

/* One block of an arena. */
struct tv_block {
	struct tv_block	*next;		/* the next block, or NULL */
	size_t		 used;		/* bytes handed out */
	size_t		 cap;		/* bytes in data */
	max_align_t	 data[];	/* the values */
};

struct tv_arena {
	struct tv_block	*head;		/* every block, in the order made */
	struct tv_block	*cur;		/* the block being handed out, or NULL */
};

struct tv_arena *
tv_arena_new(void)
{
	return xcalloc(1, sizeof(struct tv_arena));
}

/* Frees the blocks after (and with) b. */
static void
blocks_free(struct tv_block *b)
{
	struct tv_block	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

void
tv_arena_reset(struct tv_arena *a)
{
	struct tv_block	*b;

	if (a == NULL)
		return;
#ifdef __SANITIZE_ADDRESS__
	/*
	 * Under AddressSanitizer the blocks go back to the heap, so that a
	 * value used after its page is a use after free it reports.
	 */
	(void)b;
	blocks_free(a->head);
	a->head = a->cur = NULL;
#else
	for (b = a->head; b != NULL; b = b->next)
		b->used = 0;
	a->cur = a->head;
#endif
}

void
tv_arena_free(struct tv_arena *a)
{
	if (a == NULL)
		return;
	blocks_free(a->head);
	free(a);
}

/* n bytes from a, aligned for any value. */
static void *
arena_alloc(struct tv_arena *a, size_t n)
{
	struct tv_block	*b = a->cur, *nb;
	size_t		 al = sizeof(max_align_t);

	if (n > SIZE_MAX / 2)
		die("a template value of %zu bytes", n);
	n = (n + al - 1) / al * al;
	/* Blocks kept from the pages before, then a new one. */
	while (b != NULL && b->cap - b->used < n && b->next != NULL)
		b = b->next;
	if (b == NULL || b->cap - b->used < n) {
		nb = xmalloc(sizeof(*nb) + (n > TV_ARENA_BLOCK ? n :
		    TV_ARENA_BLOCK));
		nb->used = 0;
		nb->cap = n > TV_ARENA_BLOCK ? n : TV_ARENA_BLOCK;
		nb->next = NULL;
		if (b == NULL)
			a->head = nb;
		else
			b->next = nb;
		b = nb;
	}
	a->cur = b;
	b->used += n;
	return (char *)b->data + b->used - n;
}

/* A value's record (and extra bytes after it) where a says. */
static struct tval *
val_new(struct tv_arena *a, enum tv_type type, size_t extra)
{
	struct tval	*v;

	v = a ? arena_alloc(a, sizeof(*v) + extra) :
	    xmalloc(sizeof(*v) + extra);
	memset(v, 0, sizeof(*v));
	v->type = type;
	v->arena = a;
	return v;
}

/* An array of n items of size bytes for v, holding its old items. */
static void *
items_grow(struct tval *v, void *old, size_t nold, size_t n, size_t size)
{
	void	*p;

	if (v->arena == NULL)
		return xreallocarray(old, n, size);
	if (n > SIZE_MAX / size)
		die("a template list or map of %zu items", n);
	p = arena_alloc(v->arena, n * size);
	if (nold)
		memcpy(p, old, nold * size);
	return p;
}

struct tval *
tv_strn(struct tv_arena *a, const char *s, size_t n)
{
	struct tval	*v;
	char		*p;

	/* The text follows the record in the same allocation. */
	v = val_new(a, TV_STR, n + 1);
	p = (char *)(v + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	v->u.str.p = p;
	v->u.str.n = n;
	return v;
}

struct tval *
tv_html(struct tv_arena *a, const char *s, size_t n)
{
	struct tval	*v = tv_strn(a, s, n);

	v->u.str.html = 1;
	return v;
}

struct tval *
tv_str_ref(struct tv_arena *a, const char *s, size_t n)
{
	struct tval	*v = val_new(a, TV_STR, 0);

	v->u.str.p = s;
	v->u.str.n = n;
	return v;
}

struct tval *
tv_str(struct tv_arena *a, const char *s)
{
	return s ? tv_strn(a, s, strlen(s)) : tv_strn(a, "", 0);
}

/* Decimal text by hand: snprintf costs ten times as much, per number on every page. */
struct tval *
tv_int(struct tv_arena *a, long long i)
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
	return tv_strn(a, p, (size_t)(tmp + sizeof(tmp) - p));
}

struct tval *
tv_bool(struct tv_arena *a, int b)
{
	struct tval	*v = val_new(a, TV_BOOL, 0);

	v->u.b = b != 0;
	return v;
}

struct tval *
tv_list(struct tv_arena *a)
{
	return val_new(a, TV_LIST, 0);
}

struct tval *
tv_map(struct tv_arena *a)
{
	return val_new(a, TV_MAP, 0);
}

/* Ends the run unless v may go into parent: made where it is, or shared. */
static void
same_place(const struct tval *parent, const struct tval *v)
{
	if (v->arena != parent->arena && !v->shared)
		die("a template value put in a tree that lives elsewhere");
}

void
tv_push(struct tval *l, struct tval *v)
{
	size_t	 cap;

	if (v == NULL)
		return;
	if (l == NULL || l->type != TV_LIST)
		die("tv_push on a value that is not a list");
	same_place(l, v);
	if (l->u.list.n == l->u.list.cap) {
		cap = l->u.list.cap ? l->u.list.cap * 2 : 4;
		l->u.list.v = items_grow(l, l->u.list.v, l->u.list.n, cap,
		    sizeof(*l->u.list.v));
		l->u.list.cap = cap;
	}
	l->u.list.v[l->u.list.n++] = v;
}

/* A copy of key in m's key store: its arena, or its blocks on the heap. */
static char *
key_copy(struct tval *m, const char *key)
{
	struct tv_keys	*k = m->u.map.keys;
	size_t		 n = strlen(key) + 1, cap;
	char		*p;

	if (m->arena != NULL) {
		p = arena_alloc(m->arena, n);
		memcpy(p, key, n);
		return p;
	}
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

/* Appends key (its text at kept, its word w) and v to map m. */
static void
map_append(struct tval *m, char *kept, uint64_t w, struct tval *v)
{
	struct tv_ent	*e;
	size_t		 cap;

	if (m->u.map.n == m->u.map.cap) {
		cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		m->u.map.e = items_grow(m, m->u.map.e, m->u.map.n, cap,
		    sizeof(*m->u.map.e));
		m->u.map.cap = cap;
	}
	e = &m->u.map.e[m->u.map.n++];
	e->key = kept;
	e->val = v;
	e->w = w;
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
	same_place(m, v);
	w = tv_key_word(key);
	for (i = 0; i < m->u.map.n; i++) {
		e = &m->u.map.e[i];
		if (key_is(e, key, w)) {
			tv_free(e->val);
			e->val = v;
			return;
		}
	}
	map_append(m, key_copy(m, key), w, v);
}

void
tv_set_new(struct tval *m, const char *key, struct tval *v)
{
	if (v == NULL)
		return;
	if (m == NULL || m->type != TV_MAP)
		die("tv_set_new(\"%s\") on a value that is not a map", key);
	same_place(m, v);
#ifdef __SANITIZE_ADDRESS__
	/* The sanitizer builds check the promise the others take on trust. */
	if (tv_get(m, key) != NULL)
		die("tv_set_new(\"%s\"): the map has the key", key);
#endif
	/* The key outlives the map: never written or freed through it. */
	map_append(m, (char *)key, tv_key_word(key), v);
}

void
tv_set_new_str(struct tval *m, const char *key, const char *s)
{
	if (s != NULL)
		tv_set_new(m, key, tv_str(m ? m->arena : NULL, s));
}

void
tv_set_str(struct tval *m, const char *key, const char *s)
{
	if (s != NULL)
		tv_set(m, key, tv_str(m ? m->arena : NULL, s));
}

void
tv_set_int(struct tval *m, const char *key, long long i)
{
	tv_set(m, key, tv_int(m ? m->arena : NULL, i));
}

void
tv_set_bool(struct tval *m, const char *key, int b)
{
	tv_set(m, key, tv_bool(m ? m->arena : NULL, b));
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

	/* Shared values are their maker's, an arena's are freed with it. */
	if (v == NULL || v->shared || v->arena != NULL)
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
	if (v != NULL && v->arena != NULL)
		die("a template value in an arena cannot be shared");
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
