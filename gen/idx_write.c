/*
 * idx_write.c: the files of the search index under OUTPUT/search/.
 *
 * THE INDEX FORMAT (version 3), read by assets/search.js.
 *
 * Every file under search/ is a classic script that hands one JSON value
 * to a global registration function,
 *
 *	baokanSearch.add("NAME", VALUE);
 *
 * NAME being its path under search/ without ".js", so the client loads
 * it with a <script> element: that works from file://, where browsers
 * refuse fetch(), and from any sub-path of a static host.  Strings are
 * escaped by json.c ("</" as "<\/", U+2028 and U+2029 as \u2028 and
 * \u2029), so no text can end a script early.  Output is a function of
 * the documents and their order alone: every list below is sorted,
 * nothing depends on hash-table order, the clock or the memory budget.
 *
 * Besides meta.js and facets.js, files are numbered within a family
 * named by a letter, and number n of family F is F/(n / 1000)/(n % 1000)
 * (idx_name(); "folder" in meta.js), so no folder holds more than a
 * thousand entries: g/0/17.js, d/12/345.js.
 *
 * Documents are numbered 0, 1, 2, ... in the order they were added.
 * Keys, lists, positions and folding are as ngram.h describes: every
 * term character (unigram), every pair of adjacent ones (bigram), and
 * every triple holding a frequent bigram (trigram; idx_int.h) of the
 * folded fields title, kicker, subtitle, text; the title at positions
 * from 0, the rest from 64.  Numbers are base-32 digit strings
 * (NGRAM_DIGITS), one after another with no separator.
 *
 * meta.js -- baokanSearch.add("meta", {...}), all a query needs first:
 *   "version": 3
 *   "docs":    number of documents
 *   "chunk":   documents per docs chunk
 *   "folder":  files per folder (1000)
 *   "shards":  {"u": n, "g": n, "t": n, "p": n, "f": n}, how many files
 *              each family of shards has, each a power of two
 *   "hot", "blocks": how many h and q files
 *   "frequent": the frequent bigrams, their code points one after
 *              another: they have no positions (idx_int.h)
 *   "fold":    the fold table (gen/data/README-fold.md) as numbers: per
 *              pair, from less the previous from less one, and to less
 *              from zigzagged (ngram_fold_table()); the client applies
 *              it after the built-in rules, exactly as ngram_fold() does
 *   "code":    [single, "CHARS"], the text code of the docs chunks
 *              (idx_int.h, struct code): CHARS the characters by rank;
 *              null when the archive has fewer than IDX_PREFIX_DOCS
 *              documents: their text is as it is (and no bigram is
 *              frequent)
 *   "dates":   [date, n, date, n, ...]: runs of documents in document
 *              order, date as the number YYYYMMDD (0 unknown), n the run
 *              length; the first run starts at document 0
 *
 * u/N.js, g/N.js, t/N.js -- the keys of one, two and three characters:
 *   baokanSearch.add("g/0/5", {"工会": V, ...}), the keys whose
 *   ngram_shard(ngram_hash(a, b, c), log2 of the family's shards) is N,
 *   in hash order; every shard file is written, empty or not.  V is the
 *   key's documents string LIST, or the number H of the h file holding
 *   it when it passes half of IDX_SHARD_BYTES; or an object {"d": that,
 *   ...} when the key's positions pass half of IDX_SHARD_BYTES, "q": Q,
 *   "b": [i, ...], its positions being in the q files Q, Q + 1, ..., one
 *   more than "b" has entries, "b" the list indexes where the blocks
 *   after the first start; and always for a trigram, with "p": POS its
 *   positions when they are shorter.  A bigram's positions that are not
 *   in q files are in its p shard; unigrams and frequent bigrams have
 *   none.  (Sizes: idx_target().)
 *
 *   LIST is, per document holding the key in ascending order, the number
 *   gap * 2 + title: gap the documents skipped since the previous one
 *   (the first one's from -1), title 1 when the key's first occurrence
 *   is in the title; or, when that is shorter (a key in more than a
 *   sixth of the documents), "~" MEMBERS "~" TITLES: two bitmaps, six
 *   bits a digit (the value of a digit of NGRAM_DIGITS, lowest bit
 *   first), MEMBERS over documents 0 to the last holding the key, TITLES
 *   over those documents in order, a bit set for each whose title holds
 *   the key.
 *
 *   POS is, per document of the list in the same order, its positions
 *   in the document, each the number delta * 2 + more (delta: the
 *   position minus the previous one minus one, the first one's from -1;
 *   more: 0 on the document's last).  A phrase is verified with them:
 *   ABCD occurs at p when AB occurs at p and CD at p + 2.
 *
 * p/N.js -- bigram positions: baokanSearch.add("p/0/5", {"劳动": POS})
 *   Those not in q files, by the same hash (of the p shards).
 *
 * h/H.js -- a long list: baokanSearch.add("h/0/3", LIST).
 *
 * q/B.js -- a positions block: baokanSearch.add("q/0/7", POS): about
 *   four times IDX_SHARD_BYTES of a key's positions, cut between
 *   documents.
 *
 * f/N.js -- facets: baokanSearch.add("f/0/1", {"p山东省": DOCS, ...})
 *   Filter values by ngram_str_hash() of the key: "p" province, "c" city
 *   (by name, whatever its province), "t" topic slug, "k" kind, "r"
 *   reporter; DOCS the documents carrying it as gap numbers (gap: the
 *   documents skipped since the previous one, the first from -1).
 *
 * facets.js -- baokanSearch.add("facets", {...}) the choices of the
 *   filter form, each list by count (descending), then name (bytewise):
 *   "provinces": [[name, docs], ...], "cities": [[name, province, docs],
 *   ...], "topics", "kinds", "reporters": [[name, docs], ...].
 *
 * d/C.js -- docs chunk C: {"first": F, "docs": [[id, url, title, kicker,
 *   subtitle, issue, page, region, text], ...]}, documents C * chunk
 *   to C * chunk + chunk - 1 (F the first); title, kicker, subtitle,
 *   issue, region and text coded with "code" (unless null), "" for what
 *   is missing.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "idx_int.h"
#include "json.h"
#include "ngram.h"
#include "strmap.h"
#include "util.h"

/*
 * MAX_SHARDS 4096: a million articles make some 3 GB of lists, mostly in
 * long lists and positions blocks; 4,096 shards a family keep the rest
 * near the target, in five folders.
 */
#define MAX_SHARDS	4096

void
idx_name(struct buf *b, char family, size_t n)
{
	buf_printf(b, "%c/%zu/%zu", family, n / IDX_FOLDER_FILES,
	    n % IDX_FOLDER_FILES);
}

/*
 * The least power of two n with bytes / n <= target, 1 for an empty
 * index, never more than MAX_SHARDS.
 */
unsigned
idx_shards_for(unsigned long long bytes, size_t target)
{
	unsigned	 n = 1;

	if (target == 0)
		target = 1;
	while (n < MAX_SHARDS && bytes > (unsigned long long)n * target)
		n *= 2;
	return n;
}

unsigned
idx_log2(unsigned n)
{
	unsigned	 b = 0;

	while ((1u << b) < n)
		b++;
	return b;
}

/*
 * The bytes a file of family f should hold at most, from IDX_SHARD_BYTES
 * (S; idx.h says why): bigram lists (g) S, the most looked up; trigrams
 * (t) and bigram positions (p) 2S, phrases only; unigrams (u) and
 * facets (f) 4S, one-character queries and filters; positions blocks
 * (q) 4S, as a phrase's candidates usually touch every block anyway.
 */
size_t
idx_target(const struct idx *x, char f)
{
	switch (f) {
	case 'g':
		return x->shard_bytes;
	case 't':
	case 'p':
		return 2 * x->shard_bytes;
	default:
		return 4 * x->shard_bytes;
	}
}

static void
remember(struct idx *x, const char *rel, size_t bytes)
{
	x->written = xgrow(x->written, x->nwritten, sizeof(*x->written));
	x->written[x->nwritten++] = xstrdup(rel);
	x->st.files++;
	x->st.bytes += bytes;
}

int
idx_put(idx_put_fn put, void *arg, const char *path, const char *rel,
    const void *p, size_t n)
{
	return put != NULL ? put(arg, path, rel, p, n) :
	    file_write(path, p, n);
}

/* Writes search/REL under dir and remembers it was made. */
int
idx_put_file(struct idx *x, const char *dir, const char *rel,
    const struct buf *b, struct diags *dg)
{
	char	*path, *sub;
	int	 rc = 0;

	sub = path_join("search", rel);
	path = path_join(dir, sub);
	if (idx_put(x->store.put, x->store.put_arg, path, sub, b->ptr,
	    b->len) == -1) {
		diag_add(dg, DIAG_ERROR, path, 0, 0, "index-write",
		    "cannot write the search index: %s", strerror(errno));
		rc = -1;
	}
	free(path);
	free(sub);
	remember(x, rel, b->len);
	return rc;
}

/* Number n of family f: "f/0/17.js" into rel. */
static void
rel_name(struct buf *rel, char f, size_t n)
{
	buf_reset(rel);
	idx_name(rel, f, n);
	buf_puts(rel, ".js");
}

/* Puts docs chunk c into dir/search/ unless it is there already. */
static int
write_chunk(struct idx *x, size_t c, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT, rel = BUF_INIT;
	int		 rc = 0;

	rel_name(&rel, 'd', c);
	if (x->store.atdir && strcmp(x->store.atdir, outdir) == 0)
		remember(x, rel.ptr, x->store.chunks[c].len);
	else if (docs_read(&x->store, c, &b) == -1) {
		diag_add(dg, DIAG_ERROR, x->store.atdir ? x->store.atdir :
		    "temporary file", 0, 0, "index-write",
		    "cannot read back a docs chunk: %s", strerror(errno));
		rc = -1;
	} else
		rc = idx_put_file(x, outdir, rel.ptr, &b, dg);
	buf_release(&b);
	buf_release(&rel);
	return rc;
}

void
shardw_open(struct shardw *w, unsigned s)
{
	buf_reset(&w->b);
	buf_puts(&w->b, "baokanSearch.add(\"");
	idx_name(&w->b, w->family, s);
	buf_puts(&w->b, "\",");
	w->j = json_new(&w->b, 0);
	json_obj_open(w->j);
	w->cur = s;
}

int
shardw_close(struct idx *x, struct shardw *w, const char *outdir,
    struct diags *dg)
{
	struct buf	 rel = BUF_INIT;
	int		 rc;

	json_obj_close(w->j);
	json_free(w->j);
	w->j = NULL;
	buf_puts(&w->b, ");\n");
	rel_name(&rel, w->family, w->cur);
	w->next = w->cur + 1;
	rc = idx_put_file(x, outdir, rel.ptr, &w->b, dg);
	buf_release(&rel);
	return rc;
}

/*
 * Makes shard s the open one: writes the one open before it and every
 * empty one in between (every file of a family exists).  s == n ends.
 */
int
shardw_seek(struct idx *x, struct shardw *w, unsigned s, const char *outdir,
    struct diags *dg)
{
	if (w->j && w->cur == s)
		return 0;
	if (w->j && shardw_close(x, w, outdir, dg) == -1)
		return -1;
	while (w->next < s) {
		shardw_open(w, w->next);
		if (shardw_close(x, w, outdir, dg) == -1)
			return -1;
	}
	if (s < w->n)
		shardw_open(w, s);
	return 0;
}

void
shardw_release(struct shardw *w)
{
	if (w->j)
		json_free(w->j);
	buf_release(&w->b);
}

void
idx_key_text(struct buf *b, const struct post_key *k)
{
	buf_reset(b);
	utf8_encode(b, k->a);
	if (k->b)
		utf8_encode(b, k->b);
	if (k->c)
		utf8_encode(b, k->c);
}

/* Writes one JSON string value as a whole file: "NAME", "VALUE". */
static int
put_string_file(struct idx *x, char f, size_t n, const char *s, size_t len,
    const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT, rel = BUF_INIT;
	struct json	*j;
	int		 rc;

	buf_puts(&b, "baokanSearch.add(\"");
	idx_name(&b, f, n);
	buf_puts(&b, "\",");
	j = json_new(&b, 0);
	json_strn(j, s, len);
	json_free(j);
	buf_puts(&b, ");\n");
	rel_name(&rel, f, n);
	rc = idx_put_file(x, outdir, rel.ptr, &b, dg);
	buf_release(&b);
	buf_release(&rel);
	return rc;
}

/*
 * A key's positions in blocks (q/), cut between documents (after a
 * number whose low bit, "more", is 0) once they reach idx_target('q');
 * in the key's entry, "q": the first block, "b": [the list index where
 * each block after the first starts].  The blocks are numbered from
 * *blocks on, which is left past the last.
 */
static int
write_blocks(struct idx *x, struct json *g, const struct buf *pos,
    size_t *blocks, const char *outdir, struct diags *dg)
{
	size_t		 i, from = 0, doc = 0;
	unsigned	 d;
	int		 rc = 0;

	json_kv_int(g, "q", (long long)*blocks);
	json_key(g, "b");
	json_arr_open(g);
	for (i = 0; i < pos->len && rc == 0; i++) {
		/* A number's last digit, "more" 0: a document's positions end. */
		if ((d = ngram_digit(pos->ptr[i])) >= 32 || (d & 1))
			continue;
		doc++;
		if (i + 1 - from < idx_target(x, 'q') && i + 1 < pos->len)
			continue;
		rc = put_string_file(x, 'q', (*blocks)++, pos->ptr + from,
		    i + 1 - from, outdir, dg);
		from = i + 1;
		if (i + 1 < pos->len)
			json_int(g, (long long)doc);	/* the next block's first */
	}
	json_arr_close(g);
	return rc;
}

size_t
idx_block_count(const struct idx *x, const char *pos, size_t len)
{
	size_t		 i, from = 0, n = 0;
	unsigned	 d;

	for (i = 0; i < len; i++) {
		if ((d = ngram_digit(pos[i])) >= 32 || (d & 1))
			continue;
		if (i + 1 - from < idx_target(x, 'q') && i + 1 < len)
			continue;
		n++;
		from = i + 1;
	}
	return n;
}

/* The bytes of a key's documents as the two bitmaps. */
static size_t
bitmap_len(const struct post_key *k)
{
	return 2 + ((size_t)k->last + 6) / 6 + ((size_t)k->ndocs + 5) / 6;
}

/* The bytes of a key's documents as written: the shorter form. */
size_t
idx_list_len(const struct post_key *k)
{
	size_t	 b = bitmap_len(k);

	return b < k->dbytes ? b : k->dbytes;
}

/*
 * docs (gap numbers) into out in the shorter form: itself, or as the
 * bitmaps "~" MEMBERS "~" TITLES.
 */
void
idx_list_text(struct buf *out, const struct buf *docs, const struct post_key *k)
{
	uint32_t	 num = 0, doc = (uint32_t)-1, at = 0;
	unsigned char	*mem, *tit;
	size_t		 nm, nt, i;
	unsigned	 d;

	buf_reset(out);
	if (idx_list_len(k) == k->dbytes) {
		buf_put(out, docs->ptr, docs->len);
		return;
	}
	nm = ((size_t)k->last + 6) / 6;
	nt = ((size_t)k->ndocs + 5) / 6;
	mem = xcalloc(nm + nt, 1);
	tit = mem + nm;
	for (i = 0; i < docs->len; i++) {
		d = ngram_digit(docs->ptr[i]);
		num = num * 32 + (d & 31);
		if (d >= 32)
			continue;
		doc += num / 2 + 1;
		mem[doc / 6] |= (unsigned char)(1u << (doc % 6));
		if (num & 1)
			tit[at / 6] |= (unsigned char)(1u << (at % 6));
		at++;
		num = 0;
	}
	buf_putc(out, '~');
	for (i = 0; i < nm + nt; i++) {
		if (i == nm)
			buf_putc(out, '~');
		buf_putc(out, NGRAM_DIGITS[mem[i]]);
	}
	free(mem);
}

int
idx_long_list(const struct idx *x, const struct post_key *k)
{
	return idx_list_len(k) > x->shard_bytes / 2;
}

int
idx_long_pos(const struct idx *x, const struct post_key *k)
{
	return k->pbytes > x->shard_bytes / 2;
}

int
idx_has_pos(const struct post_key *k)
{
	return k->b != 0 && !k->frequent;
}

static size_t
utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The shard writers of the key families, by key length; and positions. */
struct keyfam {
	struct shardw	 w[4];		/* u, g, t: by key length - 1; p */
	unsigned	 bits[4];	/* log2 of their counts */
};

int
idx_key_value(struct idx *x, struct json *j, const struct post_key *k,
    const struct buf *lt, const struct buf *pos, size_t *hot, size_t *blocks,
    const char *outdir, struct diags *dg)
{
	int	 obj, rc = 0;

	/* A trigram's positions sit beside its list. */
	obj = idx_long_pos(x, k) || (k->c && idx_has_pos(k));
	if (obj) {
		json_obj_open(j);
		json_key(j, "d");
	}
	if (idx_long_list(x, k)) {
		json_int(j, (long long)*hot);
		rc = put_string_file(x, 'h', (*hot)++, lt->ptr, lt->len,
		    outdir, dg);
	} else
		json_strn(j, lt->ptr, lt->len);
	if (idx_long_pos(x, k)) {
		if (rc == 0)
			rc = write_blocks(x, j, pos, blocks, outdir, dg);
	} else if (k->c && idx_has_pos(k)) {
		json_key(j, "p");
		json_strn(j, pos->ptr, pos->len);
	}
	if (obj)
		json_obj_close(j);
	return rc;
}

/* Writes key k's entry (and its h, q files) into its family's shard. */
static int
write_key(struct idx *x, struct keyfam *f, const struct post_key *k,
    const struct buf *key, const struct buf *lt, const struct buf *pos,
    const char *outdir, struct diags *dg)
{
	struct shardw	*w = &f->w[IDX_FAMILY(k)];
	int		 rc;

	if ((rc = shardw_seek(x, w, ngram_shard(k->hash, f->bits[w - f->w]),
	    outdir, dg)) == -1)
		return -1;
	json_key(w->j, key->ptr);
	rc = idx_key_value(x, w->j, k, lt, pos, &x->st.hot, &x->st.blocks,
	    outdir, dg);
	/* A bigram's positions not in blocks go to its p shard. */
	if (rc == 0 && k->b && !k->c && idx_has_pos(k) && !idx_long_pos(x, k)) {
		w = &f->w[3];
		if ((rc = shardw_seek(x, w, ngram_shard(k->hash, f->bits[3]),
		    outdir, dg)) == -1)
			return -1;
		json_key(w->j, key->ptr);
		json_strn(w->j, pos->ptr, pos->len);
	}
	return rc;
}

void
idx_key_bytes(const struct idx *x, const struct post_key *k,
    unsigned long long bytes[4])
{
	unsigned long long	 over;

	over = utf8_len(k->a) + (k->b ? utf8_len(k->b) : 0) +
	    (k->c ? utf8_len(k->c) : 0) + 6;
	bytes[IDX_FAMILY(k)] += over + (idx_long_list(x, k) ? 8 :
	    idx_list_len(k)) + (idx_long_pos(x, k) ? 24 : 0);
	if (idx_has_pos(k) && !idx_long_pos(x, k))
		bytes[k->c ? 2 : 3] += k->pbytes + (k->c ? 8 : over);
}

/*
 * ITER_AHEAD 64: keys the reading thread may have ready ahead of the
 * writing one; a few hundred kilobytes of lists at most, and enough that
 * neither waits on the other's slow keys.
 */
#define ITER_AHEAD	64

/*
 * The lists are read back (post_iter_next(), merging the spilled runs)
 * and turned into their text (list_text()) on a thread of their own, a
 * key ahead of the JSON and the files: two stages in the same key
 * order, so the bytes are those a single thread writes.
 */
struct ahead {
	struct post_iter *it;
	size_t		 n;		/* keys */
	struct buf	 lt[ITER_AHEAD];	/* list text, by key % ITER_AHEAD */
	struct buf	 pos[ITER_AHEAD];	/* positions text */
	int		 rc[ITER_AHEAD];	/* post_iter_next()'s */
	int		 err;		/* errno of a failed read */
	size_t		 made;		/* keys read */
	size_t		 used;		/* keys written */
	int		 stop;		/* the writer gave up */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

static void *
ahead_run(void *arg)
{
	struct ahead	*a = arg;
	struct buf	 docs = BUF_INIT;
	size_t		 i, slot;
	int		 rc, stop;

	for (i = 0; i < a->n; i++) {
		pthread_mutex_lock(&a->mu);
		while (a->made - a->used == ITER_AHEAD && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop)
			break;
		slot = i % ITER_AHEAD;
		errno = 0;
		rc = post_iter_next(a->it, &docs, &a->pos[slot]);
		if (rc == -1)
			a->err = errno ? errno : EIO;
		if (rc == 1)
			idx_list_text(&a->lt[slot], &docs, post_iter_key(a->it, i));
		pthread_mutex_lock(&a->mu);
		a->rc[slot] = rc;
		a->made++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (rc != 1)
			break;
	}
	buf_release(&docs);
	return NULL;
}

/* The u, g, t and p shards, h files and q blocks, from the table in hash order. */
static int
write_keys(struct idx *x, const char *outdir, struct diags *dg)
{
	static const char	 fams[] = "ugtp";
	struct keyfam		 f;
	struct ahead		 a;
	pthread_t		 th;
	const struct post_key	*k;
	struct buf		 key = BUF_INIT;
	unsigned long long	 bytes[4] = { 0, 0, 0, 0 };
	size_t			 i, n, slot;
	int			 rc = 0, fam, got;

	memset(&f, 0, sizeof(f));
	memset(&a, 0, sizeof(a));
	a.it = post_iter_new(x->tab);
	n = a.n = post_iter_count(a.it);
	for (i = 0; i < n; i++)
		idx_key_bytes(x, post_iter_key(a.it, i), bytes);
	memcpy(x->fam_bytes, bytes, sizeof(x->fam_bytes));
	for (fam = 0; fam < 4; fam++) {
		f.w[fam].family = fams[fam];
		buf_init(&f.w[fam].b);
		f.w[fam].n = idx_shards_for(bytes[fam], idx_target(x, fams[fam]));
		f.bits[fam] = idx_log2(f.w[fam].n);
	}
	for (i = 0; i < ITER_AHEAD; i++) {
		buf_init(&a.lt[i]);
		buf_init(&a.pos[i]);
	}
	pthread_mutex_init(&a.mu, NULL);
	pthread_cond_init(&a.cv, NULL);
	if ((errno = pthread_create(&th, NULL, ahead_run, &a)) != 0)
		die("cannot start a thread: %s", strerror(errno));
	for (i = 0; i < n && rc == 0; i++) {
		k = post_iter_key(a.it, i);
		slot = i % ITER_AHEAD;
		pthread_mutex_lock(&a.mu);
		while (a.made == i)
			pthread_cond_wait(&a.cv, &a.mu);
		got = a.rc[slot];
		pthread_mutex_unlock(&a.mu);
		if (got != 1) {
			diag_add(dg, DIAG_ERROR, "temporary run file", 0, 0,
			    "index-write", "cannot read back the index lists: %s",
			    strerror(a.err ? a.err : EIO));
			rc = -1;
			break;
		}
		idx_key_text(&key, k);
		rc = write_key(x, &f, k, &key, &a.lt[slot], &a.pos[slot],
		    outdir, dg);
		pthread_mutex_lock(&a.mu);
		a.used++;
		pthread_cond_broadcast(&a.cv);
		pthread_mutex_unlock(&a.mu);
	}
	pthread_mutex_lock(&a.mu);
	a.stop = 1;
	pthread_cond_broadcast(&a.cv);
	pthread_mutex_unlock(&a.mu);
	pthread_join(th, NULL);
	pthread_mutex_destroy(&a.mu);
	pthread_cond_destroy(&a.cv);
	for (fam = 0; fam < 4; fam++) {
		if (rc == 0)
			rc = shardw_seek(x, &f.w[fam], f.w[fam].n, outdir, dg);
		shardw_release(&f.w[fam]);
	}
	x->st.ushards = f.w[0].n;
	x->st.shards = f.w[1].n;
	x->st.tshards = f.w[2].n;
	x->st.pshards = f.w[3].n;
	post_iter_free(a.it);
	for (i = 0; i < ITER_AHEAD; i++) {
		buf_release(&a.lt[i]);
		buf_release(&a.pos[i]);
	}
	buf_release(&key);
	return rc;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The folders the written files make, for the figures: how many, and
 * the most entries (files and folders) any of them holds, search/ too.
 */
static void
count_folders(struct idx *x)
{
	struct strmap	*m = strmap_new();
	char		*dir, *slash;
	void		**v, *val;
	size_t		 i;

	for (i = 0; i < x->nwritten; i++) {
		dir = xstrdup(x->written[i]);
		/* Each new folder is an entry of its parent, up to search/. */
		for (;;) {
			slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			v = strmap_slot(m, slash ? dir : "");
			*v = (void *)((uintptr_t)*v + 1);
			if (slash == NULL || (uintptr_t)*v > 1)
				break;
			x->st.folders++;
		}
		free(dir);
	}
	for (i = 0; i < strmap_cap(m); i++)
		if (strmap_key_at(m, i, &val) != NULL &&
		    (size_t)(uintptr_t)val > x->st.widest)
			x->st.widest = (size_t)(uintptr_t)val;
	strmap_free(m);
}

/*
 * A smaller archive than last time leaves files past the new counts;
 * the folder is ours, so every script this write did not make goes, and
 * every folder left empty.  Returns -1 after a diagnostic on failure.
 */
static int
prune(struct idx *x, const char *dir, const char *rel, struct diags *dg)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*path, *sub;
	const char	*name;
	size_t		 n;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		path = path_join(dir, name);
		sub = *rel ? path_join(rel, name) : xstrdup(name);
		n = strlen(name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (prune(x, path, sub, dg) == -1)
				rc = -1;
			rmdir(path);	/* fails, as it should, unless empty */
		} else if (n >= 3 && strcmp(name + n - 3, ".js") == 0 &&
		    (x->nwritten == 0 || bsearch(&sub, x->written, x->nwritten,
		    sizeof(*x->written), strp_cmp) == NULL) &&
		    unlink(path) == -1 && errno != ENOENT) {
			diag_add(dg, DIAG_ERROR, path, 0, 0, "index-write",
			    "cannot remove a stale index file: %s",
			    strerror(errno));
			rc = -1;
		}
		free(path);
		free(sub);
	}
	closedir(d);
	return rc;
}

int
idx_write_files(struct idx *x, const char *outdir, struct diags *dg)
{
	char	*dir;
	size_t	 c, i;
	int	 rc;

	for (i = 0; i < x->nwritten; i++)
		free(x->written[i]);
	free(x->written);
	x->written = NULL;
	x->nwritten = 0;
	for (c = 0; c < x->store.nchunks; c++)
		if (write_chunk(x, c, outdir, dg) == -1)
			return -1;
	if (write_keys(x, outdir, dg) == -1 ||
	    idx_write_facets(x, outdir, dg) == -1 ||
	    idx_write_meta(x, outdir, dg) == -1)
		return -1;
	if (x->nwritten)
		qsort(x->written, x->nwritten, sizeof(*x->written), strp_cmp);
	count_folders(x);
	dir = path_join(outdir, "search");
	rc = prune(x, dir, "", dg);
	free(dir);
	return rc;
}
