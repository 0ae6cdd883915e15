/*
 * idx_patch.c: the last build's index patched for a few edited
 * documents, or a few added after the last ones (idx.h says when).
 * Where the work is:
 *
 *  patch_add()	an edited document's keys, old and new, compared as the
 *		files hold them (a title bit, and positions unless the key
 *		has none): each difference is a change of one key's lists
 *  patch_write()	the changed keys' lists read back from their shards
 *		(and h files, q blocks, p shards), changed, checked to need
 *		no new file and no other count, then their shards written
 *		with every other entry copied as it was
 *
 * The files written are those idx_write() makes of the same documents,
 * byte for byte (tests/unit/test_idx.c compares them over random edits):
 * a shard's entries stay in hash order, the h and q numbers stay, and
 * the values come from the writer's own idx_key_value().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "idx_int.h"
#include "json.h"
#include "ngram.h"
#include "util.h"

/*
 * PATCH_HOLD_BYTES 256 MiB: the changed lists kept in memory from the
 * reading to the writing; past it, a list is let go and made again when
 * written.  A new issue at 1,000,000 articles changes some 4 GB of lists
 * (those of the common keys are megabytes); 100,000 articles' fit.
 */
#define PATCH_HOLD_BYTES	((size_t)256 * 1024 * 1024)

/* STATE_MAGIC: the format of idx_state()'s text. */
#define STATE_MAGIC	"baokan-index-state 1\n"

/* One key's change in one edited document. */
struct change {
	uint32_t	 a, b, c;	/* the key */
	uint32_t	 hash;		/* ngram_hash(a, b, c) */
	uint32_t	 doc;		/* the document */
	int		 has;		/* it holds the key now */
	int		 title;		/* the key's first occurrence is in its title */
	size_t		 poff, plen;	/* its positions as digits, in patch->digits */
};

/* A docs chunk with an edited document, its documents gathered. */
struct pchunk {
	size_t		 c;		/* its number */
	struct idx_prep	**docs;
	size_t		 n;
};

/* One entry of a shard file as it was read. */
struct pent {
	uint32_t	 a, b, c, hash;	/* its key */
	char		*key;		/* the key as UTF-8 */
	size_t		 voff, vlen;	/* its value's JSON in the file's text */
	int		 upd;		/* index + 1 of its update, 0 if none */
};

/* A shard file of the last index, read back and parsed. */
struct pshard {
	char		 fam;		/* 'u', 'g', 't' or 'p' */
	unsigned	 n;		/* its number */
	struct buf	 text;
	struct pent	*e;
	size_t		 ne;
	size_t		*ins;		/* updates of keys it did not hold */
	size_t		 nins;
	int		 bad;		/* it did not read back */
};

/* The new lists of one changed key. */
struct update {
	struct post_key	 k;		/* the key as it is now */
	int		 gone;		/* no document holds it any more */
	struct buf	 lt;		/* its list, as written */
	struct buf	 pos;		/* its positions */
	size_t		 hot;		/* its h file, when its list is long */
	size_t		 block;		/* its first q block, when its positions are */
	struct pshard	*sh;		/* its shard */
	struct pshard	*psh;		/* its p shard, or NULL */
	size_t		 ch0, nch;	/* its changes in patch->ch */
	int		 lean;		/* lt and pos were let go */
};

struct patch {
	idx_get_fn	 get;		/* reads a file of the last index */
	void		*arg;
	size_t		 docs;		/* documents in the last index */
	unsigned	 shards[4];	/* u, g, t, p shard counts */
	size_t		 hot, blocks;	/* h files and q blocks */
	unsigned long long bytes[4];	/* the shards' bytes (idx_key_bytes()) */
	int		 coded;		/* the archive had a text code (a full prefix) */
	struct kmap	*freq;		/* frequent bigrams: KEY3(a, b, 0) to 1 */
	const char	*why;		/* why the patch cannot be made, or NULL */
	struct change	*ch;		/* every change */
	size_t		 nch;
	struct buf	 digits;	/* the changes' positions */
	struct idx_prep	**cur;		/* the documents of the chunk being filled */
	size_t		 ncur;
	int		 touched;	/* it has an edited document */
	struct pchunk	*chunks;	/* chunks to write again */
	size_t		 nchunks;
	struct pshard	**files;	/* shard files read */
	size_t		 nfiles;
	struct kmap	*byname;	/* family << 32 | number to index + 1 in files */
	struct update	*up;
	size_t		 nup;
	size_t		 held;		/* bytes of lists the updates keep */
	size_t		 hold;		/* the most they may: PATCH_HOLD_BYTES */
};

/* ---- the state ---------------------------------------------------------- */

void
idx_state(const struct idx *x, struct buf *b)
{
	struct buf	 t = BUF_INIT;
	size_t		 i, l;
	int		 fam;

	buf_puts(b, STATE_MAGIC);
	buf_printf(b, "docs %zu\nchunk %zu\nshard %zu\nprefix %zu\n"
	    "freq %u %u\n", x->ndocs, x->store.per, x->shard_bytes,
	    x->prefix_docs, x->freq_milli, x->freq_min);
	buf_printf(b, "shards %u %u %u %u\nbytes", x->st.ushards,
	    x->st.shards, x->st.tshards, x->st.pshards);
	for (fam = 0; fam < 4; fam++)
		buf_printf(b, " %llu", x->fam_bytes[fam]);
	buf_printf(b, "\nhot %zu\nblocks %zu\n", x->st.hot, x->st.blocks);
	if (x->code.rank == NULL)
		buf_puts(b, "code -\n");
	else {
		buf_printf(b, "code %u %zu", x->code.single, x->code.n);
		for (i = 0; i < x->code.n; i++)
			buf_printf(b, " %u", x->code.cp[i]);
		buf_putc(b, '\n');
	}
	post_frequent(x->tab, &t);
	buf_puts(b, "frequent");
	for (i = 0; i < t.len; i += l)
		buf_printf(b, " %u", utf8_decode(t.ptr + i, t.len - i, &l));
	buf_puts(b, "\n");
	buf_release(&t);
}

/* The number after word at *s, moving *s past it: 0, or -1. */
static int
state_num(const char **s, const char *word, unsigned long long *v)
{
	char	*end;
	size_t	 n = strlen(word);

	while (**s == ' ' || **s == '\n')
		(*s)++;
	if (*word) {
		if (strncmp(*s, word, n) != 0 || (*s)[n] != ' ')
			return -1;
		*s += n;
	}
	while (**s == ' ')
		(*s)++;
	if (**s < '0' || **s > '9')
		return -1;
	errno = 0;
	*v = strtoull(*s, &end, 10);
	if (errno)
		return -1;
	*s = end;
	return 0;
}

static int
patch_state(struct idx *x, struct patch *p, const char *s)
{
	unsigned long long	 v, v2, n, i, a, b;
	int			 made;

	if (strncmp(s, STATE_MAGIC, strlen(STATE_MAGIC)) != 0)
		return -1;
	s += strlen(STATE_MAGIC);
	if (state_num(&s, "docs", &v) == -1)
		return -1;
	p->docs = (size_t)v;
	if (state_num(&s, "chunk", &v) == -1 || v == 0)
		return -1;
	x->store.per = (size_t)v;
	if (state_num(&s, "shard", &v) == -1 || v == 0)
		return -1;
	x->shard_bytes = (size_t)v;
	if (state_num(&s, "prefix", &v) == -1 || v == 0)
		return -1;
	x->prefix_docs = (size_t)v;
	if (state_num(&s, "freq", &v) == -1 || state_num(&s, "", &v2) == -1)
		return -1;
	x->freq_milli = (unsigned)v;
	x->freq_min = (unsigned)v2;
	if (state_num(&s, "shards", &v) == -1)
		return -1;
	p->shards[0] = (unsigned)v;
	for (i = 1; i < 4; i++)
		if (state_num(&s, "", &v) == -1)
			return -1;
		else
			p->shards[i] = (unsigned)v;
	if (state_num(&s, "bytes", &p->bytes[0]) == -1)
		return -1;
	for (i = 1; i < 4; i++)
		if (state_num(&s, "", &p->bytes[i]) == -1)
			return -1;
	if (state_num(&s, "hot", &v) == -1)
		return -1;
	p->hot = (size_t)v;
	if (state_num(&s, "blocks", &v) == -1)
		return -1;
	p->blocks = (size_t)v;
	while (*s == '\n')
		s++;
	if (strncmp(s, "code -\n", 7) == 0)
		s += 6;
	else {
		if (state_num(&s, "code", &v) == -1 || state_num(&s, "", &n) == -1
		    || n > 0x110000)
			return -1;
		x->code.single = (unsigned)v;
		x->code.n = (size_t)n;
		x->code.cp = xcalloc(n ? n : 1, sizeof(*x->code.cp));
		x->code.rank = kmap_new((size_t)n);
		for (i = 0; i < n; i++) {
			if (state_num(&s, "", &v) == -1 || v > 0x10ffff)
				return -1;
			x->code.cp[i] = (uint32_t)v;
			*kmap_slot(x->code.rank, v, &made) = (uint32_t)i + 1;
		}
		code_index(&x->code);
		p->coded = 1;
	}
	while (*s == '\n')
		s++;
	if (strncmp(s, "frequent", 8) != 0)
		return -1;
	s += 8;
	p->freq = kmap_new(64);
	while (*s == ' ') {
		if (state_num(&s, "", &a) == -1 || state_num(&s, "", &b) == -1 ||
		    a == 0 || b == 0 || a > 0x10ffff || b > 0x10ffff)
			return -1;
		*kmap_slot(p->freq, KEY3(a, b, 0), &made) = 1;
		post_set_frequent(x->tab, (uint32_t)a, (uint32_t)b);
	}
	if (*s != '\n')
		return -1;
	x->st.ushards = p->shards[0];
	x->st.shards = p->shards[1];
	x->st.tshards = p->shards[2];
	x->st.pshards = p->shards[3];
	x->st.hot = p->hot;
	x->st.blocks = p->blocks;
	return 0;
}

struct patch *
patch_new(struct idx *x, const char *state, idx_get_fn get, void *arg)
{
	struct patch	*p = xcalloc(1, sizeof(*p));

	p->get = get;
	p->arg = arg;
	p->hold = PATCH_HOLD_BYTES;
	buf_init(&p->digits);
	x->patch = p;
	if (patch_state(x, p, state) == -1) {
		x->patch = NULL;
		patch_free(p);
		return NULL;
	}
	return p;
}

static void
pshard_free(struct pshard *s)
{
	size_t	 i;

	for (i = 0; i < s->ne; i++)
		free(s->e[i].key);
	free(s->e);
	free(s->ins);
	buf_release(&s->text);
	free(s);
}

void
patch_free(struct patch *p)
{
	size_t	 i, k;

	if (p == NULL)
		return;
	kmap_free(p->freq);
	free(p->ch);
	buf_release(&p->digits);
	for (i = 0; i < p->ncur; i++)
		idx_prep_free(p->cur[i]);
	free(p->cur);
	for (i = 0; i < p->nchunks; i++) {
		for (k = 0; k < p->chunks[i].n; k++)
			idx_prep_free(p->chunks[i].docs[k]);
		free(p->chunks[i].docs);
	}
	free(p->chunks);
	for (i = 0; i < p->nfiles; i++)
		pshard_free(p->files[i]);
	free(p->files);
	kmap_free(p->byname);
	for (i = 0; i < p->nup; i++) {
		buf_release(&p->up[i].lt);
		buf_release(&p->up[i].pos);
	}
	free(p->up);
	free(p);
}

/* ---- the changes of an edited document ----------------------------------- */

static int
frequent(const struct patch *p, uint32_t a, uint32_t b)
{
	return b != 0 && kmap_get(p->freq, KEY3(a, b, 0)) != 0;
}

/* Whether key k of a document is a key of the index at all. */
static int
kept(const struct patch *p, const struct prep_key *k)
{
	return k->c == 0 || frequent(p, k->a, k->b) || frequent(p, k->b, k->c);
}

/* Whether its positions are kept. */
static int
positional(const struct patch *p, const struct prep_key *k)
{
	return k->b != 0 && (k->c != 0 || !frequent(p, k->a, k->b));
}

/* Key k's positions as the digits of the files, appended to b. */
static void
pos_digits(struct buf *b, const struct idx_prep *d, const struct prep_key *k)
{
	buf_put(b, d->pos + k->off, k->len);
}

static void
add_change(struct patch *p, const struct prep_key *k, uint32_t doc, int has,
    const struct idx_prep *d)
{
	struct change	*c;

	p->ch = xgrow(p->ch, p->nch, sizeof(*p->ch));
	c = &p->ch[p->nch++];
	memset(c, 0, sizeof(*c));
	c->a = k->a;
	c->b = k->b;
	c->c = k->c;
	c->hash = ngram_hash(k->a, k->b, k->c);
	c->doc = doc;
	c->has = has;
	if (!has)
		return;
	c->title = k->first < NGRAM_TITLE_SPAN;
	c->poff = p->digits.len;
	if (positional(p, k))
		pos_digits(&p->digits, d, k);
	c->plen = p->digits.len - c->poff;
}

/* The keys in which old and now differ as the files hold them. */
static void
diff(struct patch *p, uint32_t doc, const struct idx_prep *old,
    const struct idx_prep *now)
{
	struct kmap		*m = kmap_new(old->nkeys);
	const struct prep_key	*k, *o;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	uint32_t		*seen, v;
	size_t			 i;
	int			 made;

	seen = xcalloc(old->nkeys ? old->nkeys : 1, sizeof(*seen));
	for (i = 0; i < old->nkeys; i++)
		if (kept(p, &old->keys[i]))
			*kmap_slot(m, KEY3(old->keys[i].a, old->keys[i].b,
			    old->keys[i].c), &made) = (uint32_t)i + 1;
	for (i = 0; i < now->nkeys; i++) {
		k = &now->keys[i];
		if (!kept(p, k))
			continue;
		v = kmap_get(m, KEY3(k->a, k->b, k->c));
		if (v != 0) {
			o = &old->keys[v - 1];
			seen[v - 1] = 1;
			buf_reset(&a);
			buf_reset(&b);
			if (positional(p, k)) {
				pos_digits(&a, old, o);
				pos_digits(&b, now, k);
			}
			if ((o->first < NGRAM_TITLE_SPAN) ==
			    (k->first < NGRAM_TITLE_SPAN) && a.len == b.len &&
			    memcmp(a.ptr, b.ptr, a.len) == 0)
				continue;
		}
		add_change(p, k, doc, 1, now);
	}
	for (i = 0; i < old->nkeys; i++)
		if (!seen[i] && kept(p, &old->keys[i]))
			add_change(p, &old->keys[i], doc, 0, old);
	free(seen);
	kmap_free(m);
	buf_release(&a);
	buf_release(&b);
}

static void chunk_done(struct idx *, struct patch *);

void
patch_add(struct idx *x, struct idx_prep *d, struct idx_prep *old)
{
	static const struct idx_prep none;	/* a document added: no keys before */
	struct patch	*p = x->patch;

	if (old != NULL || (d != NULL && d->num >= p->docs)) {
		if (p->coded && d->num < x->prefix_docs)
			p->why = "an edited document is one the text code was "
			    "decided from";
		else if (p->why == NULL)
			diff(p, d->num, old ? old : &none, d);
		p->touched = 1;
		idx_prep_free(old);
	}
	p->cur = xgrow(p->cur, p->ncur, sizeof(*p->cur));
	p->cur[p->ncur++] = d;
	if (p->ncur < x->store.per)
		return;
	chunk_done(x, p);
}

/* The chunk gathered is complete: kept to be written if touched. */
static void
chunk_done(struct idx *x, struct patch *p)
{
	struct pchunk	*c;
	size_t		 i;

	for (i = 0; p->touched && i < p->ncur; i++)
		if (p->cur[i] == NULL && p->why == NULL)
			p->why = "a document of an edited docs chunk came "
			    "without its text";
	if (p->touched) {
		p->chunks = xgrow(p->chunks, p->nchunks, sizeof(*p->chunks));
		c = &p->chunks[p->nchunks++];
		c->c = (x->ndocs - 1) / x->store.per;
		c->docs = p->cur;
		c->n = p->ncur;
		p->cur = NULL;
	} else {
		while (p->ncur)
			idx_prep_free(p->cur[--p->ncur]);
	}
	p->ncur = 0;
	p->touched = 0;
}

/* ---- reading the last index ---------------------------------------------- */

/* Whether the quote at q is escaped: an odd run of backslashes before it. */
static int
escaped(const char *q)
{
	size_t	 n = 0;

	while (q[-1 - (long)n] == '\\')
		n++;
	return n % 2;
}

/* The end of the JSON value at s (within e), or NULL. */
static const char *
skip_value(const char *s, const char *e)
{
	int	 depth = 0;

	do {
		if (s >= e)
			return NULL;
		if (*s == '"') {
			/* The next quote not escaped: long lists have none. */
			for (s++; ; s++) {
				if ((s = memchr(s, '"', (size_t)(e - s))) == NULL)
					return NULL;
				if (!escaped(s))
					break;
			}
			s++;
		} else if (*s == '{' || *s == '[') {
			depth++;
			s++;
		} else if (*s == '}' || *s == ']') {
			if (--depth < 0)
				return NULL;
			s++;
		} else if (*s == ',' || *s == ':')
			s++;
		else {
			if (*s != '-' && *s != 'n' && (*s < '0' || *s > '9'))
				return NULL;
			while (s < e && (*s == '-' || (*s >= '0' && *s <= '9') ||
			    *s == 'n' || *s == 'u' || *s == 'l'))
				s++;
		}
	} while (depth > 0);
	return s;
}

/* The JSON string at *s into out, unescaped, *s past it: 0, or -1. */
static int
get_string(const char **s, const char *e, struct buf *out)
{
	const char	*q = *s;
	unsigned	 v, i;

	buf_reset(out);
	if (q >= e || *q++ != '"')
		return -1;
	while (q < e && *q != '"') {
		if (*q != '\\') {
			const char *r = q;

			while (r < e && *r != '"' && *r != '\\')
				r++;
			buf_put(out, q, (size_t)(r - q));
			q = r;
			continue;
		}
		if (++q >= e)
			return -1;
		switch (*q) {
		case 'u':
			if (e - q < 5)
				return -1;
			for (v = 0, i = 1; i <= 4; i++) {
				char h = q[i];
				v = v * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 :
				    h >= 'A' ? h - 'A' + 10 : h - '0');
			}
			/* The writer escapes no character outside the BMP. */
			utf8_encode(out, v);
			q += 5;
			continue;
		case 'n':
			buf_putc(out, '\n');
			break;
		case 't':
			buf_putc(out, '\t');
			break;
		case 'r':
			buf_putc(out, '\r');
			break;
		case 'b':
			buf_putc(out, '\b');
			break;
		case 'f':
			buf_putc(out, '\f');
			break;
		default:
			buf_putc(out, *q);
		}
		q++;
	}
	if (q >= e)
		return -1;
	*s = q + 1;
	return 0;
}

/* The number at *s: 0, or -1. */
static int
get_num(const char **s, const char *e, size_t *v)
{
	const char	*q = *s;

	if (q >= e || *q < '0' || *q > '9')
		return -1;
	for (*v = 0; q < e && *q >= '0' && *q <= '9'; q++)
		*v = *v * 10 + (size_t)(*q - '0');
	*s = q;
	return 0;
}

/*
 * A file's text: `baokanSearch.add("NAME",VALUE);` with its value's span
 * into *v, *n: 0, or -1.
 */
static int
file_value(const struct buf *t, const char **v, const char **e)
{
	const char	*s = t->ptr, *end = t->ptr + t->len;
	static const char head[] = "baokanSearch.add(\"";

	if (t->len < sizeof(head) || memcmp(s, head, sizeof(head) - 1) != 0)
		return -1;
	s += sizeof(head) - 1;
	while (s < end && *s != '"')
		s++;
	if (end - s < 2 || s[1] != ',')
		return -1;
	s += 2;
	*v = s;
	if ((*e = skip_value(s, end)) == NULL || end - *e < 2 ||
	    memcmp(*e, ");", 2) != 0)
		return -1;
	return 0;
}

/* The code points of key (1 to 3 of them) into a, b, c: 0, or -1. */
static int
key_cps(const char *key, size_t n, uint32_t cp[3])
{
	size_t	 i, l, k = 0;

	cp[0] = cp[1] = cp[2] = 0;
	for (i = 0; i < n; i += l) {
		if (k == 3)
			return -1;
		cp[k++] = utf8_decode(key + i, n - i, &l);
	}
	return k ? 0 : -1;
}

static int
ent_cmp(uint32_t ha, const uint32_t a[3], uint32_t hb, const uint32_t b[3])
{
	int	 i;

	if (ha != hb)
		return ha < hb ? -1 : 1;
	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static const char fams[] = "ugtp";

/* Shard n of family f, read and parsed once; NULL when it does not read. */
static struct pshard *
shard(struct patch *p, char f, unsigned n)
{
	struct pshard	*s;
	struct buf	 rel = BUF_INIT, key = BUF_INIT;
	const char	*q, *e, *v;
	uint32_t	 cp[3], *at;
	int		 made;

	if (p->byname == NULL)
		p->byname = kmap_new(256);
	at = kmap_slot(p->byname, (uint64_t)(unsigned char)f << 32 | n, &made);
	if (!made)
		return p->files[*at - 1]->bad ? NULL : p->files[*at - 1];
	*at = (uint32_t)p->nfiles + 1;
	s = xcalloc(1, sizeof(*s));
	s->fam = f;
	s->n = n;
	buf_init(&s->text);
	p->files = xgrow(p->files, p->nfiles, sizeof(*p->files));
	p->files[p->nfiles++] = s;
	idx_name(&rel, f, n);
	buf_puts(&rel, ".js");
	if (p->get(p->arg, rel.ptr, &s->text) == -1 ||
	    file_value(&s->text, &q, &e) == -1 || *q != '{') {
		buf_release(&rel);
		s->bad = 1;
		return NULL;
	}
	buf_release(&rel);
	for (q++; q < e && *q != '}'; ) {
		if (get_string(&q, e, &key) == -1 || q >= e || *q++ != ':' ||
		    (v = skip_value(q, e)) == NULL ||
		    key_cps(key.ptr, key.len, cp) == -1)
			goto bad;
		s->e = xgrow(s->e, s->ne, sizeof(*s->e));
		s->e[s->ne].a = cp[0];
		s->e[s->ne].b = cp[1];
		s->e[s->ne].c = cp[2];
		s->e[s->ne].hash = ngram_hash(cp[0], cp[1], cp[2]);
		s->e[s->ne].key = xstrdup(key.ptr);
		s->e[s->ne].voff = (size_t)(q - s->text.ptr);
		s->e[s->ne].vlen = (size_t)(v - q);
		s->e[s->ne].upd = 0;
		s->ne++;
		q = v;
		if (q < e && *q == ',')
			q++;
	}
	buf_release(&key);
	return s;
bad:
	buf_release(&key);
	s->bad = 1;
	return NULL;
}

/* The entry of key cp (hash h) in s: its index, or -1. */
static long
find(const struct pshard *s, uint32_t h, const uint32_t cp[3])
{
	size_t		 lo = 0, hi = s->ne, mid;
	uint32_t	 e[3];
	int		 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		e[0] = s->e[mid].a;
		e[1] = s->e[mid].b;
		e[2] = s->e[mid].c;
		if ((c = ent_cmp(s->e[mid].hash, e, h, cp)) == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The JSON string value of numbered file rel (h or q) appended to out. */
static int
string_file(struct patch *p, char f, size_t n, struct buf *out)
{
	struct buf	 rel = BUF_INIT, t = BUF_INIT, s = BUF_INIT;
	const char	*v, *e;
	int		 rc = -1;

	idx_name(&rel, f, n);
	buf_puts(&rel, ".js");
	if (p->get(p->arg, rel.ptr, &t) == 0 && file_value(&t, &v, &e) == 0 &&
	    get_string(&v, e, &s) == 0 && v == e) {
		buf_put(out, s.ptr, s.len);
		rc = 0;
	}
	buf_release(&rel);
	buf_release(&t);
	buf_release(&s);
	return rc;
}

/* A key's lists as the last index had them. */
struct lists {
	struct buf	 lt;		/* its list as written */
	struct buf	 pos;		/* its positions */
	int		 has;		/* it had an entry */
	size_t		 hot;		/* its h file, when its list was long */
	size_t		 block;		/* its first q block */
	size_t		 nblocks;	/* how many */
};

/* The value of an entry, val[0 .. n), into l: 0, or -1. */
static int
read_value(struct patch *p, const char *val, size_t n, struct lists *l)
{
	const char	*q = val, *e = val + n;
	struct buf	 key = BUF_INIT;
	size_t		 v;
	int		 rc = -1;

	l->has = 1;
	if (*q == '"')
		return get_string(&q, e, &l->lt);
	if (*q != '{') {
		if (get_num(&q, e, &l->hot) == -1)
			return -1;
		return string_file(p, 'h', l->hot, &l->lt);
	}
	for (q++; q < e && *q != '}'; ) {
		if (get_string(&q, e, &key) == -1 || q >= e || *q++ != ':')
			goto out;
		if (strcmp(key.ptr, "d") == 0) {
			if (*q == '"') {
				if (get_string(&q, e, &l->lt) == -1)
					goto out;
			} else if (get_num(&q, e, &l->hot) == -1 ||
			    string_file(p, 'h', l->hot, &l->lt) == -1)
				goto out;
		} else if (strcmp(key.ptr, "p") == 0) {
			if (get_string(&q, e, &l->pos) == -1)
				goto out;
		} else if (strcmp(key.ptr, "q") == 0) {
			if (get_num(&q, e, &l->block) == -1)
				goto out;
		} else if (strcmp(key.ptr, "b") == 0) {
			if (*q++ != '[')
				goto out;
			l->nblocks = 1;
			while (q < e && *q != ']') {
				if (get_num(&q, e, &v) == -1)
					goto out;
				l->nblocks++;
				if (*q == ',')
					q++;
			}
			q++;
			for (v = 0; v < l->nblocks; v++)
				if (string_file(p, 'q', l->block + v,
				    &l->pos) == -1)
					goto out;
		} else
			goto out;
		if (q < e && *q == ',')
			q++;
	}
	rc = 0;
out:
	buf_release(&key);
	return rc;
}

/* ---- the lists, changed -------------------------------------------------- */

/* One document of a key's list. */
struct item {
	uint32_t	 doc;
	int		 title;
	const char	*pos;		/* its positions */
	size_t		 plen;
};

static unsigned
digit(char ch)
{
	return ngram_digit(ch);
}

/* The documents of list text lt, their positions not yet found: 0, or -1. */
static int
items(const struct buf *lt, struct item **out, size_t *n)
{
	size_t		 i, nm;
	uint32_t	 num = 0, doc = (uint32_t)-1;
	const char	*t;
	unsigned	 d;

	*out = NULL;
	*n = 0;
	if (lt->len && lt->ptr[0] == '~') {
		t = memchr(lt->ptr + 1, '~', lt->len - 1);
		if (t == NULL)
			return -1;
		nm = (size_t)(t - lt->ptr - 1);
		for (i = 0; i < nm * 6; i++) {
			if ((d = digit(lt->ptr[1 + i / 6])) >= 64)
				return -1;
			if (!(d >> (i % 6) & 1))
				continue;
			*out = xgrow(*out, *n, sizeof(**out));
			(*out)[*n].doc = (uint32_t)i;
			(*out)[(*n)++].title = 0;
		}
		for (i = 0; i < *n; i++) {
			if ((size_t)(t + 1 + i / 6 - lt->ptr) >= lt->len ||
			    (d = digit(t[1 + i / 6])) >= 64)
				return -1;
			(*out)[i].title = d >> (i % 6) & 1;
		}
	} else {
		for (i = 0; i < lt->len; i++) {
			if ((d = digit(lt->ptr[i])) >= 64)
				return -1;
			num = num * 32 + (d & 31);
			if (d >= 32)
				continue;
			doc += num / 2 + 1;
			*out = xgrow(*out, *n, sizeof(**out));
			(*out)[*n].doc = doc;
			(*out)[(*n)++].title = num & 1;
			num = 0;
		}
	}
	for (i = 0; i < *n; i++) {
		(*out)[i].pos = NULL;
		(*out)[i].plen = 0;
	}
	return 0;
}

/* Each item's positions in pos (haspos; else none): 0, or -1. */
static int
split_pos(const struct buf *pos, int haspos, struct item *it, size_t n)
{
	size_t		 i, pi = 0, start;
	uint32_t	 v;
	unsigned	 d;

	for (i = 0; i < n; i++) {
		it[i].pos = pos->ptr + pi;
		start = pi;
		if (haspos) {
			do {
				for (v = 0; pi < pos->len; pi++) {
					if ((d = digit(pos->ptr[pi])) >= 64)
						return -1;
					v = v * 32 + (d & 31);
					if (d < 32)
						break;
				}
				if (pi++ >= pos->len)
					return -1;
			} while (v & 1);
		}
		it[i].plen = pi - start;
	}
	return pi == pos->len ? 0 : -1;
}

/*
 * The gap numbers of a list of items, into docs, and their positions
 * into pos unless pos is NULL; the key's figures into k.
 */
static void
encode(const struct item *it, size_t n, struct buf *docs, struct buf *pos,
    struct post_key *k)
{
	uint32_t	 next = 0, v;
	size_t		 i;

	buf_reset(docs);
	if (pos != NULL)
		buf_reset(pos);
	for (i = 0; i < n; i++) {
		v = (it[i].doc - next) * 2 + (uint32_t)it[i].title;
		ngram_put_num(docs, v);
		next = it[i].doc + 1;
		if (pos != NULL)
			buf_put(pos, it[i].pos, it[i].plen);
	}
	k->ndocs = (uint32_t)n;
	k->last = n ? it[n - 1].doc : 0;
	k->dbytes = (uint32_t)docs->len;
	if (pos != NULL)
		k->pbytes = (uint32_t)pos->len;
}

/*
 * Changes ch[0 .. n) (one key, by document) applied to its lists in the
 * last index: a new update with the key's figures, or why not.  Its
 * lists are not kept (a million articles' longest are gigabytes in all):
 * with again, they are made once more into that update, to be written.
 */
static const char *
change_key(struct idx *x, struct patch *p, const struct change *ch, size_t n,
    unsigned long long sub[4], unsigned long long add[4],
    struct update *again)
{
	struct update	*u;
	struct lists	 l;
	struct pshard	*sh, *psh = NULL;
	struct post_key	 old;
	struct item	*it = NULL, *nw = NULL;
	struct buf	 docs = BUF_INIT;
	uint32_t	 cp[3] = { ch->a, ch->b, ch->c };
	size_t		 nit = 0, nn = 0, i, j;
	long		 at, pat = -1;
	int		 fam = IDX_FAMILY(ch), append;
	const char	*why = NULL;

	memset(&l, 0, sizeof(l));
	buf_init(&l.lt);
	buf_init(&l.pos);
	memset(&old, 0, sizeof(old));
	old.a = ch->a;
	old.b = ch->b;
	old.c = ch->c;
	old.hash = ch->hash;
	old.frequent = ch->c == 0 && frequent(p, ch->a, ch->b);
	if ((sh = shard(p, fams[fam], ngram_shard(ch->hash,
	    idx_log2(p->shards[fam])))) == NULL) {
		why = "a shard of the last index does not read back";
		goto out;
	}
	at = find(sh, ch->hash, cp);
	if (at >= 0 && read_value(p, sh->text.ptr + sh->e[at].voff,
	    sh->e[at].vlen, &l) == -1) {
		why = "an entry of the last index does not read back";
		goto out;
	}
	/* A bigram's positions not in blocks: its p shard. */
	if (fam == 1 && !old.frequent) {
		if ((psh = shard(p, 'p', ngram_shard(ch->hash,
		    idx_log2(p->shards[3])))) == NULL) {
			why = "a shard of the last index does not read back";
			goto out;
		}
		pat = find(psh, ch->hash, cp);
		if (at >= 0 && l.nblocks == 0) {
			struct buf key = BUF_INIT;
			const char *q;

			if (pat < 0) {
				why = "the last index lacks a key's positions";
				goto out;
			}
			q = psh->text.ptr + psh->e[pat].voff;
			if (get_string(&q, q + psh->e[pat].vlen, &key) == -1) {
				buf_release(&key);
				why = "an entry of the last index does not read back";
				goto out;
			}
			buf_put(&l.pos, key.ptr, key.len);
			buf_release(&key);
		}
	}
	if (items(&l.lt, &it, &nit) == -1) {
		why = "a list of the last index does not read back";
		goto out;
	}
	/*
	 * Documents added after the last: the positions are the old ones
	 * and theirs, not taken apart (long lists are megabytes).
	 */
	for (j = 0, append = 1; j < n && append; j++)
		append = ch[j].has && (nit == 0 || ch[j].doc > it[nit - 1].doc);
	if (!append && split_pos(&l.pos, idx_has_pos(&old), it, nit) == -1) {
		why = "a list of the last index does not read back";
		goto out;
	}
	old.ndocs = (uint32_t)nit;
	old.last = nit ? it[nit - 1].doc : 0;
	for (i = 0; i < nit; i++)
		old.dbytes += (uint32_t)ngram_num_len((it[i].doc -
		    (i ? it[i - 1].doc + 1 : 0)) * 2 + (uint32_t)it[i].title);
	old.pbytes = (uint32_t)l.pos.len;
	/* The new list: the old one merged with the changes, by document. */
	nw = xcalloc(nit + n + 1, sizeof(*nw));
	for (i = j = 0; i < nit || j < n; ) {
		if (j == n || (i < nit && it[i].doc < ch[j].doc)) {
			nw[nn++] = it[i++];
			continue;
		}
		if (i < nit && it[i].doc == ch[j].doc)
			i++;
		if (ch[j].has) {
			nw[nn].doc = ch[j].doc;
			nw[nn].title = ch[j].title;
			nw[nn].pos = p->digits.ptr + ch[j].poff;
			nw[nn++].plen = ch[j].plen;
		}
		j++;
	}
	if (again != NULL) {
		u = again;
		buf_reset(&u->lt);
		buf_reset(&u->pos);
	} else {
		p->up = xgrow(p->up, p->nup, sizeof(*p->up));
		u = &p->up[p->nup];
		memset(u, 0, sizeof(*u));
		buf_init(&u->lt);
		buf_init(&u->pos);
		u->ch0 = (size_t)(ch - p->ch);
		u->nch = n;
	}
	u->k = old;
	if (append) {
		encode(nw, nn, &docs, NULL, &u->k);
		buf_put(&u->pos, l.pos.ptr, l.pos.len);
		for (j = 0; j < n; j++)
			buf_put(&u->pos, p->digits.ptr + ch[j].poff, ch[j].plen);
		u->k.pbytes = (uint32_t)u->pos.len;
	} else
		encode(nw, nn, &docs, &u->pos, &u->k);
	idx_list_text(&u->lt, &docs, &u->k);
	if (again != NULL)
		goto out;
	u->gone = nn == 0 && !u->k.frequent;
	u->hot = l.hot;
	u->block = l.block;
	u->sh = sh;
	u->psh = psh;
	p->nup++;
	/* Only what fits the files as they are numbered. */
	if (!l.has ? u->gone || idx_long_list(x, &u->k) ||
	    idx_long_pos(x, &u->k) : u->gone ? idx_long_list(x, &old) ||
	    idx_long_pos(x, &old) : idx_long_list(x, &old) !=
	    idx_long_list(x, &u->k) || idx_long_pos(x, &old) !=
	    idx_long_pos(x, &u->k) || (idx_long_pos(x, &old) &&
	    idx_block_count(x, u->pos.ptr, u->pos.len) != l.nblocks)) {
		why = "a list or its positions move to or from files of their own";
		goto out;
	}
	if (l.has)
		idx_key_bytes(x, &old, sub);
	if (!u->gone)
		idx_key_bytes(x, &u->k, add);
	if (at >= 0)
		sh->e[at].upd = (int)p->nup;
	else if (!u->gone) {
		sh->ins = xgrow(sh->ins, sh->nins, sizeof(*sh->ins));
		sh->ins[sh->nins++] = p->nup - 1;
	}
	if (psh != NULL && pat >= 0)
		psh->e[pat].upd = (int)p->nup;
	else if (psh != NULL && !u->gone && !idx_long_pos(x, &u->k)) {
		psh->ins = xgrow(psh->ins, psh->nins, sizeof(*psh->ins));
		psh->ins[psh->nins++] = p->nup - 1;
	}
	/* Kept for the writing within a budget; past it, made again then. */
	if (p->held + u->lt.len + u->pos.len <= p->hold)
		p->held += u->lt.len + u->pos.len;
	else {
		buf_release(&u->lt);
		buf_release(&u->pos);
		u->lean = 1;
	}
out:
	/* The items point into l.pos and p->digits: the update keeps copies. */
	free(it);
	free(nw);
	buf_release(&l.lt);
	buf_release(&l.pos);
	buf_release(&docs);
	return why;
}

static int
change_cmp(const void *pa, const void *pb)
{
	const struct change	*a = pa, *b = pb;
	uint32_t		 ka[3] = { a->a, a->b, a->c };
	uint32_t		 kb[3] = { b->a, b->b, b->c };
	int			 c;

	if ((c = ent_cmp(a->hash, ka, b->hash, kb)) != 0)
		return c;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* ---- writing ------------------------------------------------------------- */

static int
upd_cmp_key(const struct update *u, const struct pent *e)
{
	uint32_t	 a[3] = { u->k.a, u->k.b, u->k.c };
	uint32_t	 b[3] = { e->a, e->b, e->c };

	return ent_cmp(u->k.hash, a, e->hash, b);
}

static struct patch *sort_patch;	/* qsort has no context argument */

static int
ins_cmp(const void *pa, const void *pb)
{
	const struct update	*a = &sort_patch->up[*(const size_t *)pa];
	const struct update	*b = &sort_patch->up[*(const size_t *)pb];
	uint32_t		 ka[3] = { a->k.a, a->k.b, a->k.c };
	uint32_t		 kb[3] = { b->k.a, b->k.b, b->k.c };

	return ent_cmp(a->k.hash, ka, b->k.hash, kb);
}

/* One entry of shard s written anew: key u's value. */
static int
put_update(struct idx *x, struct patch *p, struct pshard *s, struct json *j,
    struct update *u, const char *outdir, struct diags *dg)
{
	struct buf	 key = BUF_INIT;
	size_t		 hot = u->hot, block = u->block;
	const char	*why;
	int		 rc = 0;

	if (s->fam == 'p' && !(idx_has_pos(&u->k) && !idx_long_pos(x, &u->k)))
		return 0;
	if (u->gone)
		return 0;
	/* Its lists (made again if they were let go), written, let go. */
	if (u->lean && (why = change_key(x, p, p->ch + u->ch0, u->nch, NULL,
	    NULL, u)) != NULL) {
		diag_add(dg, DIAG_ERROR, outdir, 0, 0, "index-write",
		    "cannot patch the search index: %s", why);
		return -1;
	}
	idx_key_text(&key, &u->k);
	json_key(j, key.ptr);
	if (s->fam == 'p')
		json_strn(j, u->pos.ptr, u->pos.len);
	else
		rc = idx_key_value(x, j, &u->k, &u->lt, &u->pos, &hot, &block,
		    outdir, dg);
	buf_release(&key);
	/* A bigram is written twice (its shard, its p shard): made again then. */
	buf_release(&u->lt);
	buf_release(&u->pos);
	u->lean = 1;
	return rc;
}

/* Shard s written again: updated entries anew, new ones inserted. */
static int
write_shard(struct idx *x, struct patch *p, struct pshard *s,
    const char *outdir, struct diags *dg)
{
	struct shardw	 w;
	size_t		 i, k = 0;
	int		 rc = 0;

	memset(&w, 0, sizeof(w));
	w.family = s->fam;
	buf_init(&w.b);
	sort_patch = p;
	if (s->nins > 1)
		qsort(s->ins, s->nins, sizeof(*s->ins), ins_cmp);
	sort_patch = NULL;
	shardw_open(&w, s->n);
	for (i = 0; i <= s->ne && rc == 0; i++) {
		while (k < s->nins && (i == s->ne ||
		    upd_cmp_key(&p->up[s->ins[k]], &s->e[i]) < 0))
			rc = put_update(x, p, s, w.j, &p->up[s->ins[k++]], outdir,
			    dg);
		if (i == s->ne || rc != 0)
			break;
		if (s->e[i].upd)
			rc = put_update(x, p, s, w.j, &p->up[s->e[i].upd - 1],
			    outdir, dg);
		else {
			json_key(w.j, s->e[i].key);
			json_raw(w.j, s->text.ptr + s->e[i].voff, s->e[i].vlen);
		}
	}
	if (rc == 0)
		rc = shardw_close(x, &w, outdir, dg);
	shardw_release(&w);
	return rc;
}

/* The docs chunks with an edited document, written again. */
static int
write_chunks(struct idx *x, struct patch *p, const char *outdir,
    struct diags *dg)
{
	struct docs	 d;
	size_t		 i, k;
	int		 rc = 0;

	for (i = 0; i < p->nchunks && rc == 0; i++) {
		docs_init(&d, outdir, x->store.per);
		d.put = x->store.put;
		d.put_arg = x->store.put_arg;
		d.n = p->chunks[i].c * x->store.per;
		d.nchunks = p->chunks[i].c;
		d.chunks = xcalloc(d.nchunks + 1, sizeof(*d.chunks));
		for (k = 0; k < p->chunks[i].n; k++)
			docs_add(&d, &p->chunks[i].docs[k]->doc, &x->code);
		docs_close(&d);
		if (d.err) {
			diag_add(dg, DIAG_ERROR, d.errpath, 0, 0, "index-write",
			    "cannot write the search index: %s",
			    strerror(d.err));
			rc = -1;
		}
		docs_release(&d);
	}
	return rc;
}

int
patch_write(struct idx *x, const char *outdir, struct diags *dg)
{
	struct patch		*p = x->patch;
	unsigned long long	 sub[4] = { 0, 0, 0, 0 }, add[4] = { 0, 0, 0, 0 };
	unsigned long long	 now;
	size_t			 i, j;
	int			 fam;

	/* The last chunk, when the documents end before it fills. */
	if (p->ncur)
		chunk_done(x, p);
	/* Documents may be added after the last ones, not taken away. */
	if (p->why == NULL && x->ndocs < p->docs)
		p->why = "there are fewer documents than in the last index";
	if (p->why == NULL && !p->coded && x->ndocs >= x->prefix_docs &&
	    x->ndocs > p->docs)
		p->why = "the archive now has documents enough for a text code";
	if (p->nch > 1)
		qsort(p->ch, p->nch, sizeof(*p->ch), change_cmp);
	for (i = 0; i < p->nch && p->why == NULL; i = j) {
		for (j = i + 1; j < p->nch && p->ch[j].hash == p->ch[i].hash &&
		    p->ch[j].a == p->ch[i].a && p->ch[j].b == p->ch[i].b &&
		    p->ch[j].c == p->ch[i].c; j++)
			continue;
		p->why = change_key(x, p, p->ch + i, j - i, sub, add, NULL);
	}
	for (fam = 0; fam < 4 && p->why == NULL; fam++) {
		now = p->bytes[fam] - sub[fam] + add[fam];
		if (idx_shards_for(now, idx_target(x, fams[fam])) !=
		    p->shards[fam])
			p->why = "a family's shard count changes";
		x->fam_bytes[fam] = now;
	}
	if (p->why != NULL)
		return 1;
	for (i = 0; i < p->nfiles; i++)
		if (write_shard(x, p, p->files[i], outdir, dg) == -1)
			return -1;
	if (write_chunks(x, p, outdir, dg) == -1 ||
	    idx_write_facets(x, outdir, dg) == -1 ||
	    idx_write_meta(x, outdir, dg) == -1)
		return -1;
	return 0;
}

void
idx_set_patch_hold(struct idx *x, size_t bytes)
{
	if (x->patch)
		x->patch->hold = bytes;
}

const char *
patch_why(const struct idx *x)
{
	return x->patch ? x->patch->why : NULL;
}
