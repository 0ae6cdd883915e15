/*
 * idx_meta.c: the files of the search index about documents rather than
 * keys: meta.js (counts, the fold table, the text code, the frequent
 * bigrams, the dates), facets.js (the choices of the filter form) and
 * the facet shards f/ (documents by filter value).  idx_write.c's top
 * comment is the format.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "idx_int.h"
#include "json.h"
#include "ngram.h"
#include "strmap.h"
#include "util.h"

/* One filter value's documents, for the f/ files. */
struct fpost {
	char		*key;		/* "p山东省", "trights", ... */
	uint32_t	 hash;		/* ngram_str_hash(key) */
	uint32_t	 last;		/* last document added plus one */
	struct buf	 docs;		/* gap numbers */
};

static int
fpost_cmp(const void *pa, const void *pb)
{
	const struct fpost	*a = *(const struct fpost *const *)pa;
	const struct fpost	*b = *(const struct fpost *const *)pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* The lists of filter values being made, by key and in order made. */
struct fposts {
	struct strmap	*m;		/* key to its fpost */
	struct fpost	**all;
	size_t		 n;
};

/* The list of value tag + name, made on first sight. */
static struct fpost *
fpost_get(struct fposts *fp, char tag, const char *name)
{
	struct fpost	*f;
	struct buf	 k = BUF_INIT;
	void		**v;

	buf_putc(&k, tag);
	buf_puts(&k, name);
	v = strmap_slot(fp->m, k.ptr);
	if ((f = *v) == NULL) {
		f = xcalloc(1, sizeof(*f));
		f->key = buf_detach(&k);
		f->hash = ngram_str_hash(f->key);
		buf_init(&f->docs);
		fp->all = xgrow(fp->all, fp->n, sizeof(*fp->all));
		fp->all[fp->n++] = f;
		*v = f;
	}
	buf_release(&k);
	return f;
}

/*
 * The list of facet value id (1-based) of f, remembered in by_id: a
 * name is looked up once, not once a document.  Cities go by their
 * label: same-named cities of two provinces share a list.
 */
static struct fpost *
fpost_for(struct fposts *fp, struct fpost **by_id, const struct facet *f,
    uint32_t id, char tag, int label)
{
	if (by_id[id - 1] == NULL)
		by_id[id - 1] = fpost_get(fp, tag, label ?
		    facet_label(f, id - 1) : f->name[id - 1]);
	return by_id[id - 1];
}

/* Adds document d to the list f. */
static void
fpost_add(struct fpost *f, uint32_t d)
{
	if (f->last == d + 1)
		return;		/* two same-named cities on one article */
	ngram_put_num(&f->docs, d - f->last);
	f->last = d + 1;
}

static int
write_facet_lists(struct idx *x, const char *outdir, struct diags *dg)
{
	struct fposts		 fp = { strmap_new(), NULL, 0 };
	struct fpost		**prov, **city, **kind, **topic, **rep, **all;
	struct shardw		 w = { 'f', 0, 0, 0, BUF_INIT, NULL };
	const struct idoc	*o;
	unsigned long long	 bytes = 0;
	unsigned		 bits;
	size_t			 n, i, k;
	uint32_t		 d;
	int			 rc = 0;

	prov = xcalloc(x->prov.n + 1, sizeof(*prov));
	city = xcalloc(x->city.n + 1, sizeof(*city));
	kind = xcalloc(x->kind.n + 1, sizeof(*kind));
	topic = xcalloc(x->topic.n + 1, sizeof(*topic));
	rep = xcalloc(x->rep.n + 1, sizeof(*rep));
	for (d = 0; d < x->ndocs; d++) {
		o = &x->docs[d];
		if (o->prov)
			fpost_add(fpost_for(&fp, prov, &x->prov, o->prov, 'p',
			    0), d);
		if (o->city)
			fpost_add(fpost_for(&fp, city, &x->city, o->city, 'c',
			    1), d);
		if (o->kind)
			fpost_add(fpost_for(&fp, kind, &x->kind, o->kind, 'k',
			    0), d);
		for (k = 0; k < 3 && o->topic[k]; k++)
			fpost_add(fpost_for(&fp, topic, &x->topic,
			    o->topic[k], 't', 0), d);
		for (k = 0; k < o->nrep; k++)
			fpost_add(fpost_for(&fp, rep, &x->rep,
			    x->reps[o->rep + k], 'r', 0), d);
	}
	free(prov);
	free(city);
	free(kind);
	free(topic);
	free(rep);
	all = fp.all;
	n = fp.n;
	if (n)
		qsort(all, n, sizeof(*all), fpost_cmp);
	for (i = 0; i < n; i++)
		bytes += all[i]->docs.len + strlen(all[i]->key) + 6;
	w.n = idx_shards_for(bytes, idx_target(x, 'f'));
	bits = idx_log2(w.n);
	for (i = 0; i < n && rc == 0; i++) {
		rc = shardw_seek(x, &w, ngram_shard(all[i]->hash, bits), outdir,
		    dg);
		if (rc == 0) {
			json_key(w.j, all[i]->key);
			json_strn(w.j, all[i]->docs.ptr, all[i]->docs.len);
		}
	}
	if (rc == 0)
		rc = shardw_seek(x, &w, w.n, outdir, dg);
	shardw_release(&w);
	x->st.fshards = w.n;
	for (i = 0; i < n; i++) {
		free(all[i]->key);
		buf_release(&all[i]->docs);
		free(all[i]);
	}
	free(all);
	strmap_free(fp.m);
	return rc;
}

static const struct facet *sort_facet;	/* qsort has no context argument */

static int
facet_cmp(const void *pa, const void *pb)
{
	uint32_t	 a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int		 c;

	if (sort_facet->count[a] != sort_facet->count[b])
		return sort_facet->count[a] > sort_facet->count[b] ? -1 : 1;
	if ((c = strcmp(sort_facet->name[a], sort_facet->name[b])) != 0)
		return c;
	return a < b ? -1 : a > b;
}

/* [[name, docs], ...] by count, then name; a city with its province. */
static void
write_choices(struct json *j, const char *key, const struct facet *f,
    int city)
{
	uint32_t	*order;
	size_t		 i;
	const char	*sep;

	order = xcalloc(f->n ? f->n : 1, sizeof(*order));
	for (i = 0; i < f->n; i++)
		order[i] = (uint32_t)i;
	sort_facet = f;
	if (f->n)
		qsort(order, f->n, sizeof(*order), facet_cmp);
	sort_facet = NULL;
	json_key(j, key);
	json_arr_open(j);
	for (i = 0; i < f->n; i++) {
		json_arr_open(j);
		json_str(j, facet_label(f, order[i]));
		if (city) {
			sep = strchr(f->name[order[i]], '\037');
			json_strn(j, f->name[order[i]],
			    sep ? (size_t)(sep - f->name[order[i]]) : 0);
		}
		json_int(j, f->count[order[i]]);
		json_arr_close(j);
	}
	json_arr_close(j);
	free(order);
}

static int
write_choices_file(struct idx *x, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT;
	struct json	*j;
	int		 rc;

	buf_puts(&b, "baokanSearch.add(\"facets\",");
	j = json_new(&b, 0);
	json_obj_open(j);
	write_choices(j, "provinces", &x->prov, 0);
	write_choices(j, "cities", &x->city, 1);
	write_choices(j, "topics", &x->topic, 0);
	write_choices(j, "kinds", &x->kind, 0);
	write_choices(j, "reporters", &x->rep, 0);
	json_obj_close(j);
	json_free(j);
	buf_puts(&b, ");\n");
	rc = idx_put_file(x, outdir, "facets.js", &b, dg);
	buf_release(&b);
	return rc;
}

int
idx_write_meta(struct idx *x, const char *outdir, struct diags *dg)
{
	struct buf	 b = BUF_INIT, t = BUF_INIT;
	struct json	*j;
	size_t		 i, run;
	int		 rc;

	buf_puts(&b, "baokanSearch.add(\"meta\",");
	j = json_new(&b, 0);
	json_obj_open(j);
	json_kv_int(j, "version", 3);
	json_kv_int(j, "docs", (long long)x->ndocs);
	json_kv_int(j, "chunk", (long long)x->store.per);
	json_kv_int(j, "folder", IDX_FOLDER_FILES);
	json_key(j, "shards");
	json_obj_open(j);
	json_kv_int(j, "u", x->st.ushards);
	json_kv_int(j, "g", x->st.shards);
	json_kv_int(j, "t", x->st.tshards);
	json_kv_int(j, "p", x->st.pshards);
	json_kv_int(j, "f", x->st.fshards);
	json_obj_close(j);
	json_kv_int(j, "hot", (long long)x->st.hot);
	json_kv_int(j, "blocks", (long long)x->st.blocks);
	post_frequent(x->tab, &t);
	json_key(j, "frequent");
	json_strn(j, t.ptr, t.len);
	buf_reset(&t);
	ngram_fold_table(&t);
	json_key(j, "fold");
	json_strn(j, t.ptr, t.len);
	buf_reset(&t);
	code_table(&t, &x->code);
	json_key(j, "code");
	if (x->code.rank == NULL)
		json_null(j);	/* a small archive: text as it is */
	else {
		json_arr_open(j);
		json_int(j, x->code.single);
		json_strn(j, t.ptr, t.len);
		json_arr_close(j);
	}
	json_key(j, "dates");
	json_arr_open(j);
	for (i = 0; i < x->ndocs; i += run) {
		for (run = 1; i + run < x->ndocs &&
		    x->docs[i + run].date == x->docs[i].date; run++)
			continue;
		json_int(j, x->docs[i].date);
		json_int(j, (long long)run);
	}
	json_arr_close(j);
	json_obj_close(j);
	json_free(j);
	buf_puts(&b, ");\n");
	rc = idx_put_file(x, outdir, "meta.js", &b, dg);
	buf_release(&b);
	buf_release(&t);
	return rc;
}

int
idx_write_facets(struct idx *x, const char *outdir, struct diags *dg)
{
	if (write_facet_lists(x, outdir, dg) == -1)
		return -1;
	return write_choices_file(x, outdir, dg);
}
