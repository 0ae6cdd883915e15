/*
 * idx_docs.c: what a search result shows, kept in docs chunks: a record
 * per document (id, URL, headlines, issue, page, region, text), a few
 * documents a file, written as they fill (idx_new_at()) or spooled to a
 * temporary file (idx_new()).  The Chinese of the records is coded, one
 * or two ASCII symbols a common character instead of three bytes of
 * UTF-8 (idx_int.h, struct code): the code is ranked from the first
 * documents' characters and travels in meta.js.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "idx_int.h"
#include "json.h"
#include "util.h"

/* ---- the code ------------------------------------------------------------ */

void
code_count(struct kmap *counts, const char *s)
{
	size_t		 n, i, l;
	int		 made;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += l)
		(*kmap_slot(counts, utf8_decode(s + i, n - i, &l), &made))++;
}

/* A character that may get a code, with how often the documents had it. */
struct cand {
	uint32_t	 cp;
	uint32_t	 count;
};

static int
cand_cmp(const void *pa, const void *pb)
{
	const struct cand	*a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->cp < b->cp ? -1 : a->cp > b->cp;
}

static size_t
utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Ranks that fit when single of them have one symbol. */
static size_t
capacity(unsigned single)
{
	return single + (size_t)(CODE_NSYM - single) * CODE_NSYM;
}

/*
 * Keeps the candidates that get a code when single ranks have one
 * symbol: every ASCII character, and as many others, most frequent
 * first, as fit.  Returns how many are kept (moved to the front, in
 * order) and, in *cost, the bytes the counted text would take.
 */
static size_t
keep(struct cand *c, size_t n, unsigned single, uint64_t *cost)
{
	size_t		 cap = capacity(single), other = cap - 128, kept = 0, i;
	struct cand	 t;

	*cost = 0;
	for (i = 0; i < n; i++) {
		if (c[i].cp >= 0x80 && other == 0) {
			*cost += (uint64_t)c[i].count * utf8_len(c[i].cp);
			continue;
		}
		if (c[i].cp >= 0x80)
			other--;
		*cost += (uint64_t)c[i].count * (kept < single ? 1 : 2);
		t = c[i];
		memmove(&c[kept + 1], &c[kept], (i - kept) * sizeof(*c));
		c[kept++] = t;
	}
	return kept;
}

void
code_build(struct code *k, const struct kmap *counts)
{
	struct cand	*c, *try;
	uint64_t	 key, cost, best = UINT64_MAX;
	uint32_t	 val, *v;
	size_t		 n = 0, i, cap = kmap_cap(counts);
	unsigned	 s, bests = 0;
	int		 made;

	c = xcalloc(cap + 128, sizeof(*c));
	for (i = 0; i < 128; i++)
		c[n++].cp = (uint32_t)i;
	for (i = 0; i < cap; i++) {
		if (!kmap_at(counts, i, &key, &val))
			continue;
		if (key < 128)
			c[key].count = val;
		else if (val >= 2)	/* seen once: left as it is */
			c[n++] = (struct cand){ (uint32_t)key, val };
	}
	qsort(c, n, sizeof(*c), cand_cmp);
	/* The single that makes the counted text shortest; the least on a tie. */
	try = xcalloc(n ? n : 1, sizeof(*try));
	for (s = 0; s < CODE_NSYM - 1; s++) {
		memcpy(try, c, n * sizeof(*c));
		keep(try, n, s, &cost);
		if (cost < best) {
			best = cost;
			bests = s;
		}
	}
	memset(k, 0, sizeof(*k));
	k->single = bests;
	k->n = keep(c, n, bests, &cost);
	k->cp = xcalloc(k->n ? k->n : 1, sizeof(*k->cp));
	k->rank = kmap_new(k->n);
	for (i = 0; i < k->n; i++) {
		k->cp[i] = c[i].cp;
		v = kmap_slot(k->rank, c[i].cp, &made);
		*v = (uint32_t)i + 1;
	}
	free(try);
	free(c);
	code_index(k);
}

/* The symbols of rank r (from 0): the first, and the second above it or 0. */
static uint16_t
code_syms(const struct code *k, uint32_t r)
{
	static const char	 sym[] = CODE_SYMBOLS;

	if (r < k->single)
		return (uint16_t)(unsigned char)sym[r];
	return (uint16_t)((unsigned char)sym[k->single + (r - k->single) /
	    CODE_NSYM] | (unsigned char)sym[(r - k->single) % CODE_NSYM] << 8);
}

void
code_index(struct code *k)
{
	size_t	 i;

	if (k->n > (size_t)k->single + (size_t)(CODE_NSYM - k->single) * CODE_NSYM)
		die("a text code of %zu characters", k->n);
	free(k->bmp);
	k->bmp = xcalloc(0x10000, sizeof(*k->bmp));
	for (i = 0; i < k->n; i++)
		if (k->cp[i] < 0x10000)		/* the last rank wins, as in rank */
			k->bmp[k->cp[i]] = code_syms(k, (uint32_t)i);
}

void
code_release(struct code *k)
{
	free(k->cp);
	free(k->bmp);
	kmap_free(k->rank);
	memset(k, 0, sizeof(*k));
}

void
code_put(struct buf *b, const struct code *k, const char *s)
{
	size_t			 n, i, l;
	uint32_t		 cp, r;
	char			*o;

	if (s == NULL)
		return;
	n = strlen(s);
	/*
	 * Room for the longest coding, written in place: 3 bytes a byte at
	 * most, and one past it that a one-symbol code writes and leaves.
	 */
	buf_grow(b, 3 * n + 1);
	o = b->ptr + b->len;
	for (i = 0; i < n; i += l) {
		cp = utf8_decode(s + i, n - i, &l);
		if (cp < 0x10000 && (r = k->bmp[cp]) != 0) {
			/* Both bytes written, the second kept only when a symbol. */
			o[0] = (char)(r & 0xff);
			o[1] = (char)(r >> 8);
			o += 1 + (r > 0xff);
			continue;
		}
		if ((r = cp < 0x10000 ? 0 : kmap_get(k->rank, cp)) == 0) {
			/* Never ASCII (those all have codes): as it was. */
			if (cp == 0xfffd && l == 1) {
				memcpy(o, "\xef\xbf\xbd", 3);	/* a byte not UTF-8 */
				o += 3;
			} else {
				memcpy(o, s + i, l);
				o += l;
			}
			continue;
		}
		r = code_syms(k, r - 1);
		*o++ = (char)(r & 0xff);
		if (r > 0xff)
			*o++ = (char)(r >> 8);
	}
	b->len = (size_t)(o - b->ptr);
	b->ptr[b->len] = '\0';
}

void
code_table(struct buf *b, const struct code *k)
{
	size_t	 i;

	for (i = 0; i < k->n; i++)
		utf8_encode(b, k->cp[i]);
}

/* ---- the chunks ------------------------------------------------------------ */

void
docs_init(struct docs *s, const char *atdir, size_t per)
{
	memset(s, 0, sizeof(*s));
	s->atdir = atdir ? xstrdup(atdir) : NULL;
	s->per = per ? per : 1;
	buf_init(&s->cbuf);
}

void
docs_release(struct docs *s)
{
	if (s->cj)
		json_free(s->cj);
	buf_release(&s->cbuf);
	free(s->chunks);
	if (s->spool)
		fclose(s->spool);
	free(s->errpath);
	free(s->atdir);
	memset(s, 0, sizeof(*s));
}

/* ATDIR/search/d/..../N.js */
static char *
chunk_path(const char *dir, size_t c)
{
	struct buf	 p = BUF_INIT;

	buf_puts(&p, dir);
	if (p.len && p.ptr[p.len - 1] != '/')
		buf_putc(&p, '/');
	buf_puts(&p, "search/");
	idx_name(&p, 'd', c);
	buf_puts(&p, ".js");
	return buf_detach(&p);
}

static void
fail(struct docs *s, const char *path)
{
	if (s->err)
		return;
	s->err = errno ? errno : EIO;
	s->errpath = xstrdup(path);
}

/* Closes the chunk in cbuf and puts it where idx_write() finds it. */
static void
chunk_finish(struct docs *s)
{
	struct chunk	*c;
	char		*path;

	json_arr_close(s->cj);
	json_obj_close(s->cj);
	json_free(s->cj);
	s->cj = NULL;
	buf_puts(&s->cbuf, ");\n");

	s->chunks = xgrow(s->chunks, s->nchunks, sizeof(*s->chunks));
	c = &s->chunks[s->nchunks];
	c->len = s->cbuf.len;
	c->off = -1;
	if (s->atdir) {
		path = chunk_path(s->atdir, s->nchunks);
		if (idx_put(s->put, s->put_arg, path, path + strlen(s->atdir) +
		    (s->atdir[0] && s->atdir[strlen(s->atdir) - 1] != '/'),
		    s->cbuf.ptr, s->cbuf.len) == -1)
			fail(s, path);
		free(path);
	} else {
		if (s->spool == NULL && (s->spool = tmpfile()) == NULL)
			fail(s, "temporary file");
		else if (fseek(s->spool, 0, SEEK_END) == -1 ||
		    (c->off = ftell(s->spool)) == -1 ||
		    fwrite(s->cbuf.ptr, 1, s->cbuf.len, s->spool) != s->cbuf.len)
			fail(s, "temporary file");
	}
	s->nchunks++;
	buf_reset(&s->cbuf);
}

/* s coded, or as it is when there is no code (k->rank NULL). */
static void
coded(struct json *j, struct buf *tmp, const struct code *k, const char *s)
{
	if (k->rank == NULL) {
		json_str(j, s ? s : "");
		return;
	}
	buf_reset(tmp);
	code_put(tmp, k, s);
	json_strn(j, tmp->ptr, tmp->len);
}

void
docs_add(struct docs *s, const struct idx_doc *d, const struct code *k)
{
	struct buf	 tmp = BUF_INIT;

	if (s->cj == NULL) {
		buf_puts(&s->cbuf, "baokanSearch.add(\"");
		idx_name(&s->cbuf, 'd', s->nchunks);
		buf_puts(&s->cbuf, "\",");
		s->cj = json_new(&s->cbuf, 0);
		json_obj_open(s->cj);
		json_kv_int(s->cj, "first", (long long)s->n);
		json_key(s->cj, "docs");
		json_arr_open(s->cj);
	}
	json_arr_open(s->cj);
	json_str(s->cj, d->id ? d->id : "");
	json_str(s->cj, d->url ? d->url : "");
	coded(s->cj, &tmp, k, d->title);
	coded(s->cj, &tmp, k, d->kicker);
	coded(s->cj, &tmp, k, d->subtitle);
	coded(s->cj, &tmp, k, d->issue);
	json_int(s->cj, d->page);
	coded(s->cj, &tmp, k, d->region);
	coded(s->cj, &tmp, k, d->text);
	json_arr_close(s->cj);
	buf_release(&tmp);
	if (++s->n % s->per == 0)
		chunk_finish(s);
}

void
docs_close(struct docs *s)
{
	if (s->cj)
		chunk_finish(s);
}

int
docs_read(struct docs *s, size_t c, struct buf *b)
{
	char	*path;
	int	 rc;

	if (s->atdir) {
		path = chunk_path(s->atdir, c);
		rc = file_read(path, b);
		free(path);
		return rc;
	}
	buf_grow(b, s->chunks[c].len);
	if (fseek(s->spool, s->chunks[c].off, SEEK_SET) == -1 ||
	    fread(b->ptr + b->len, 1, s->chunks[c].len, s->spool) !=
	    s->chunks[c].len) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	b->len += s->chunks[c].len;
	b->ptr[b->len] = '\0';
	return 0;
}
