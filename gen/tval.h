/*
 * tval.h: the values a template sees.  A page's context is one tree of
 * these: strings, booleans, lists and maps (string keys).  Numbers are
 * stored as their decimal text, because a template only ever prints them.
 *
 * Ownership: a tree is owned by its root; tv_push() and tv_set() take
 * ownership of the value they are given, and tv_free() on the root frees
 * everything below it.  tv_get() returns a borrowed pointer.  A shared
 * value (tv_share()) is the exception: it may sit in many trees at once,
 * tv_free() passes it by, and its maker frees it with tv_unshare().  It
 * must not change while it is shared.
 *
 * Where values live: every constructor takes an arena, or NULL for the
 * heap.  A renderer builds a page's context in its arena and empties the
 * arena once the page is written (tv_arena_reset()), one step for what
 * would be hundreds of free() calls; tv_free() of a value in an arena
 * does nothing.  A tree lives in one place: tv_set() and tv_push() end
 * the run when given a value from elsewhere that is not shared, and
 * tv_set_str() and its kind make the value where the map lives.
 *
 * The record is visible so that the template engine can read it without
 * a call per field and can build short-lived values on its own stack (the
 * loop variables); everyone else should use the functions.
 */
#ifndef BAOKAN_TVAL_H
#define BAOKAN_TVAL_H

#include <stddef.h>
#include <stdint.h>

enum tv_type {
	TV_STR = 0,	/* text, possibly empty */
	TV_BOOL,	/* true or false */
	TV_LIST,	/* ordered values */
	TV_MAP		/* string keys in insertion order */
};

struct tval;
struct tv_keys;
struct tv_arena;

/* One key of a map. */
struct tv_ent {
	char		*key;	/* copy of the key, in the map's key store */
	struct tval	*val;	/* owned value */
	uint64_t	 w;	/* tv_key_word(key): compared before the key */
};

struct tval {
	enum tv_type	 type;
	int		 shared;	/* tv_share(): tv_free() leaves it */
	struct tv_arena	*arena;		/* where it lives, NULL: the heap */
	union {
		struct {
			const char	*p;	/* NUL-terminated text (allocated with the tval) */
			size_t		 n;	/* bytes, not counting the NUL */
			int		 html;	/* tv_html(): written by data-html as it stands */
		} str;
		int	 b;			/* TV_BOOL: 0 or 1 */
		struct {
			struct tval	**v;	/* the items, owned */
			size_t		  n;	/* items used */
			size_t		  cap;	/* items allocated */
		} list;
		struct {
			struct tv_ent	*e;	/* the keys, unsorted */
			size_t		 n;	/* keys used */
			size_t		 cap;	/* keys allocated */
			struct tv_keys	*keys;	/* heap maps: owned store of the keys' text */
		} map;
	} u;
};

/*
 * The key's first eight bytes as a number (zero past its end): equal
 * words are equal keys when the key is shorter than eight bytes, and a
 * map compares them before the strings.
 */
uint64_t	 tv_key_word(const char *key);
/* tv_get(m, key) with w == tv_key_word(key) worked out before. */
const struct tval *tv_get_word(const struct tval *m, const char *key,
		    uint64_t w);

/*
 * An arena hands out the memory of values in blocks it keeps: emptied,
 * it serves the next page from the same blocks.
 */
struct tv_arena	*tv_arena_new(void);
/* Frees every value made in the arena at once; the arena stays usable. */
void		 tv_arena_reset(struct tv_arena *);
void		 tv_arena_free(struct tv_arena *);

/* Each makes its value in arena a, or on the heap when a is NULL. */
struct tval	*tv_str(struct tv_arena *a, const char *s);	/* copies; NULL gives "" */
struct tval	*tv_strn(struct tv_arena *a, const char *s, size_t n);	/* copies n bytes */
/*
 * Copies n bytes of HTML that tmpl_html() would write back unchanged
 * (md_article_html()'s): data-html then writes it without parsing it.
 * Anywhere else it is text like any other.
 */
struct tval	*tv_html(struct tv_arena *a, const char *s, size_t n);
/*
 * Text s[0 .. n) with s[n] == '\0', neither copied nor measured again:
 * for text that outlives the value (a listing's entries outlive every
 * page made from them, and a listing page copies a dozen strings from
 * each of twenty entries).
 */
struct tval	*tv_str_ref(struct tv_arena *a, const char *s, size_t n);
struct tval	*tv_int(struct tv_arena *a, long long v);	/* stored as decimal text */
struct tval	*tv_bool(struct tv_arena *a, int v);
struct tval	*tv_list(struct tv_arena *a);
struct tval	*tv_map(struct tv_arena *a);

/*
 * Both take ownership of v; a NULL v is ignored.  Pushing to a non-list
 * or setting on a non-map is a programming error and ends the run.
 */
void		 tv_push(struct tval *list, struct tval *v);
void		 tv_set(struct tval *map, const char *key, struct tval *v);

/*
 * Shorthands for tv_set(), the value made where the map lives; tv_set_str
 * with s NULL leaves the key unset.
 */
void		 tv_set_str(struct tval *map, const char *key, const char *s);
void		 tv_set_int(struct tval *map, const char *key, long long v);
void		 tv_set_bool(struct tval *map, const char *key, int v);

/*
 * tv_set() and tv_set_str() of a key the map does not have, named by a
 * string that outlives the map (a literal): the key is neither looked
 * for among the others nor copied.  For the maps made by the dozen on
 * every listing page; the sanitizer builds end the run on a key the map
 * has.
 */
void		 tv_set_new(struct tval *map, const char *key, struct tval *v);
void		 tv_set_new_str(struct tval *map, const char *key, const char *s);

/* The value under key, or NULL if map is not a map or lacks the key. */
const struct tval *tv_get(const struct tval *map, const char *key);

/* Non-empty text, true, non-empty list or map; NULL is false. */
int		 tv_truthy(const struct tval *);
/* Items of a list or keys of a map, bytes of a string, 0 for a bool. */
size_t		 tv_len(const struct tval *);

void		 tv_free(struct tval *);
/*
 * Marks v shared and returns it: built once and put in many trees (the
 * same links on many pages), freed by none of them.  v lives on the heap.
 */
struct tval	*tv_share(struct tval *v);
/* Frees a shared value, once no tree holds it. */
void		 tv_unshare(struct tval *v);
/*
 * A hash of the whole tree, from seed: equal trees hash alike, so a page
 * whose context hashes as in the last build renders as it did then.
 */
uint64_t	 tv_hash(const struct tval *, uint64_t seed);

#endif
