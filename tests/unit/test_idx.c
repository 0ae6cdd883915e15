/*
 * test_idx.c: the search index writer (idx.c) and its folding and
 * postings (ngram.c).
 *
 *   test_idx            the unit tests, in a mkdtemp folder
 *   test_idx DIR        the same, and leaves the small index in DIR/search
 *                       plus DIR/chars.json for tests/js/search.test.js
 *   test_idx --bench N DIR [BUDGET]
 *                       N synthetic articles of about 2,000 characters:
 *                       prints build time, bytes and files (BUDGET:
 *                       list bytes in memory before spilling)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "idx.h"
#include "json.h"
#include "ngram.h"
#include "util.h"

static int	 failed;

static void
check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failed = 1;
}

/* The made-up articles: facets, APP in three spellings, 12351, </script>. */
static const char *const rep_a[] = { "李明" };
static const char *const rep_ab[] = { "王芳", "李明", "王芳" };

static const struct idx_doc docs[] = {
	{ "t-00", "article/2025/03/t-00.html", "职工书屋走进快递站点",
	  "服务新就业形态劳动者", NULL, "2025-03-02", "2025年3月2日 第1版", 1,
	  "news", "山东省", "菏泽市", "山东省 菏泽市", { "reading", NULL, NULL },
	  rep_a, 1,
	  "本报讯 市总工会在快递站点建起职工书屋，快递员下载工会APP就能借书。" },
	{ "t-01", "article/2025/04/t-01.html", "维权热线12351全天候接听",
	  NULL, NULL, "2025-04-10", "2025年4月10日 第3版", 3,
	  "news", "湖南省", "长沙市", "湖南省 长沙市", { "rights", "law", NULL },
	  rep_ab, 3,
	  "职工遇到欠薪问题可拨打12351热线，工会律师免费解答。" },
	{ "t-02", "article/2025/05/t-02.html", "ＡＰＰ上线新功能",
	  NULL, "法律援助一键直达", "2025-05-01", "2025年5月1日 第2版", 2,
	  "feature", "山东省", "济南市", "山东省 济南市", { "rights", NULL, NULL },
	  NULL, 0,
	  "全总推出的ＡＰＰ新增“法律援助”栏目（试运行），职工可在线咨询。" },
	{ "t-03", "article/2024/12/t-03.html", "夜校开课",
	  NULL, NULL, "2024-12-20", "2024年12月20日 第4版", 4,
	  "feature", "湖南省", "长沙市", "湖南省 长沙市", { "culture", NULL, NULL },
	  NULL, 0,
	  "工会夜校开设书法、摄影课程，2025年已有三千名职工报名。"
	  "页面代码</script><script>alert(1)</script>不应生效" },
	{ "t-04", "article/2025/05/t-04.html", "读报小组",
	  NULL, NULL, "2025-05-20", "2025年5月20日 第4版", 4,
	  "other", NULL, NULL, NULL, { NULL, NULL, NULL },
	  NULL, 0,
	  "第一行\xe2\x80\xa8第二行，大家一起读\xe2\xbd\x87报。"
	  "\xf0\xa0\xae\xb7祥是个生僻字。" },
	{ "t-05", "article/2025/06/t-05.html", "青年职工入会",
	  NULL, NULL, "2025-06-01", "2025年6月1日 第1版", 1,
	  "news", "山东省", "菏泽市", "山东省 菏泽市", { "reading", NULL, NULL },
	  rep_a, 1,
	  "年轻职工更习惯用app办理入会，扫码即可。" },
	{ "t-06", "article/2025/06/t-06.html", NULL,
	  NULL, NULL, "2025-06-01", "2025年6月1日 第2版", 2,
	  "continuation", NULL, NULL, NULL, { NULL, NULL, NULL },
	  NULL, 0,
	  "（接第一版）快递员王某某说，工会帮他讨回了工资。" },
	{ "t-07", "article/2025/07/t-07.html", "服务热线升级",
	  NULL, NULL, "2025-07-15", "2025年7月15日 第3版", 3,
	  "news", "湖南省", "长沙市", "湖南省 长沙市", { "rights", NULL, NULL },
	  rep_a, 1,
	  "咨询电话0731-12351，也可关注公众号。Apps 与应用程序不同。" },
	{ "t-08", "article/2025/08/t-08.html", "勞模風采",
	  NULL, NULL, "2025-08-01", "2025年8月1日 第1版", 1,
	  "feature", "湖南省", "株洲市", "湖南省 株洲市", { "culture", NULL, NULL },
	  NULL, 0,
	  "全國勞模表彰大會在臺北舉行，獲獎者回顧奮鬥歷程。" },
	{ "t-09", "article/2025/08/t-09.html", "劳模工匠进车间",
	  "五一前夕", NULL, "2025-08-01", "2025年8月1日 第2版", 2,
	  "news", "山东省", "菏泽市", "山东省 菏泽市", { "rights", NULL, NULL },
	  rep_a, 1,
	  "劳模工匠进车间，与职工面对面。工会驿站开到了车间门口，劳模说：工会驿站好。" }
};
#define NDOCS (sizeof(docs) / sizeof(docs[0]))

static struct idx *
make_index(const char *atdir, size_t budget)
{
	struct idx	*x = atdir ? idx_new_at(atdir) : idx_new();
	size_t		 i;

	/*
	 * Small chunks and shards, so the fixture spans several files, has
	 * hot keys with positions in blocks, and with a budget spills.
	 */
	idx_set_chunk_docs(x, 3);
	idx_set_shard_bytes(x, 16);
	idx_set_mem_budget(x, budget);
	for (i = 0; i < NDOCS; i++)
		idx_add(x, &docs[i]);
	return x;
}

static char *
slurp(const char *dir, const char *name)
{
	struct buf	 b = BUF_INIT;
	char		*p = path_join(dir, name);
	int		 rc = file_read(p, &b);

	free(p);
	if (rc == -1) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file names in dir, sorted; *n of them.  Caller frees. */
static char **
list_dir(const char *dir, size_t *n)
{
	DIR		*d;
	struct dirent	*e;
	char		**v = NULL;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), namecmp);
	return v;
}

static void
free_list(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* Whether two folders hold the same names with the same bytes. */
static int
same_tree(const char *a, const char *b)
{
	char	**va, **vb, *pa, *pb;
	struct buf	 ba = BUF_INIT, bb = BUF_INIT;
	size_t	 na, nb, i;
	int	 same;

	va = list_dir(a, &na);
	vb = list_dir(b, &nb);
	same = na == nb && na > 0;
	for (i = 0; same && i < na; i++) {
		same = strcmp(va[i], vb[i]) == 0;
		if (!same)
			break;
		pa = path_join(a, va[i]);
		pb = path_join(b, vb[i]);
		buf_reset(&ba);
		buf_reset(&bb);
		same = file_read(pa, &ba) == 0 && file_read(pb, &bb) == 0 &&
		    ba.len == bb.len && memcmp(ba.ptr, bb.ptr, ba.len) == 0;
		free(pa);
		free(pb);
	}
	buf_release(&ba);
	buf_release(&bb);
	free_list(va, na);
	free_list(vb, nb);
	return same;
}

static long
meta_num(const char *meta, const char *key)
{
	char		 pat[64];
	const char	*p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	if ((p = strstr(meta, pat)) == NULL)
		return -1;
	return strtol(p + strlen(pat), NULL, 10);
}

/*
 * The index at dir read back by this test's own reading of the format
 * (idx.c), not the client's: the value of key in family "grams", "pos" or
 * "facet" (a string, or a hot file's number), then its lists.
 */

/* The value text of "key": in file, or NULL; *hot set for a number. */
static char *
json_value(const char *file, const char *key, long *hot)
{
	char		 pat[128];
	const char	*p, *e;

	*hot = -1;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	if ((p = strstr(file, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	if (*p != '"') {
		*hot = strtol(p, NULL, 10);
		return xstrdup("");
	}
	e = strchr(p + 1, '"');
	return xstrndup(p + 1, (size_t)(e - p - 1));
}

static unsigned
bits_of(long n)
{
	unsigned	 b = 0;

	while ((1L << b) < n)
		b++;
	return b;
}

/* The numbers of a digit string. */
static size_t
nums(const char *s, uint32_t *out, size_t max)
{
	const char	*d;
	uint32_t	 v = 0;
	size_t		 n = 0;

	for (; *s && n < max; s++) {
		if ((d = strchr(NGRAM_DIGITS, *s)) == NULL)
			break;
		v = v * 32 + (uint32_t)((d - NGRAM_DIGITS) & 31);
		if (d - NGRAM_DIGITS < 32) {
			out[n++] = v;
			v = 0;
		}
	}
	return n;
}

/* The string value of key in its shard of family fam (or its hot file). */
static char *
lookup(const char *dir, const char *fam, const char *key)
{
	char		*meta, *f, *v, name[64], field[16];
	uint32_t	 a = 0, b = 0, h;
	size_t		 l1 = 0, l2;
	long		 n, hot;

	if ((meta = slurp(dir, "search/meta.js")) == NULL)
		return NULL;
	snprintf(field, sizeof(field), "%s", strcmp(fam, "grams") == 0 ?
	    "shards" : strcmp(fam, "pos") == 0 ? "pshards" : "fshards");
	n = meta_num(meta, field);
	free(meta);
	if (strcmp(fam, "facet") == 0)
		h = ngram_str_hash(key);
	else {
		a = utf8_decode(key, strlen(key), &l1);
		if (key[l1])
			b = utf8_decode(key + l1, strlen(key + l1), &l2);
		h = ngram_hash(a, b);
	}
	snprintf(name, sizeof(name), "search/%s-%03u.js", fam,
	    ngram_shard(h, bits_of(n)));
	if ((f = slurp(dir, name)) == NULL)
		return NULL;
	v = json_value(f, key, &hot);
	free(f);
	if (hot < 0)
		return v;
	free(v);
	if (strcmp(fam, "grams") == 0) {
		snprintf(name, sizeof(name), "search/hot-%ld.js", hot);
		if ((f = slurp(dir, name)) == NULL)
			return NULL;
		v = json_value(f, "d", &hot);
		free(f);
		return v;
	} else {
		/* Every block of the positions, joined. */
		struct buf	 all = BUF_INIT;
		int		 blk;

		for (blk = 0; ; blk++) {
			snprintf(name, sizeof(name), "search/hpos-%ld-%d.js", hot,
			    blk);
			if ((f = slurp(dir, name)) == NULL)
				break;
			v = strchr(f, ',');
			buf_put(&all, v + 2, strlen(v + 2) - strlen("\");\n"));
			free(f);
		}
		return buf_detach(&all);
	}
}

/* The documents of key as "0 1t 3" (t: in the title), or "-" when absent. */
static char *
doc_list(const char *dir, const char *key)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 v[256];
	char		*s = lookup(dir, "grams", key);
	size_t		 n, i;
	long		 prev = -1;

	if (s == NULL)
		return xstrdup("-");
	n = nums(s, v, 256);
	for (i = 0; i < n; i++) {
		prev += v[i] / 2 + 1;
		buf_printf(&b, "%s%ld%s", i ? " " : "", prev, v[i] & 1 ? "t" : "");
	}
	free(s);
	return buf_detach(&b);
}

/* The positions of bigram key as "doc:p,p doc:p". */
static char *
pos_list(const char *dir, const char *key)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 dv[256], pv[512];
	char		*ds = lookup(dir, "grams", key);
	char		*ps = lookup(dir, "pos", key);
	size_t		 nd, np, i, k = 0;
	long		 doc = -1, p;

	if (ds == NULL || ps == NULL) {
		free(ds);
		free(ps);
		return xstrdup("-");
	}
	nd = nums(ds, dv, 256);
	np = nums(ps, pv, 512);
	for (i = 0; i < nd; i++) {
		doc += dv[i] / 2 + 1;
		buf_printf(&b, "%s%ld:", i ? " " : "", doc);
		p = -1;
		do {
			p += pv[k] / 2 + 1;
			buf_printf(&b, "%s%ld", p == (long)(pv[k] / 2) ? "" : ",", p);
		} while (k < np && (pv[k++] & 1));
	}
	free(ds);
	free(ps);
	return buf_detach(&b);
}

static void
check_str(char *got, const char *want, const char *what)
{
	char	 w[256];

	snprintf(w, sizeof(w), "%s: %s", what, want);
	check(strcmp(got, want) == 0, w);
	if (strcmp(got, want) != 0)
		printf("#   got %s\n", got);
	free(got);
}

static void
test_fold(void)
{
	uint32_t	 cp, f;
	int		 idem = 1, plane = 1, ts = 1;
	size_t		 i;

	check(ngram_fold(0xff21) == 'a' && ngram_fold(0xff30) == 'p',
	    "fold: full-width ＡＰ to a p");
	check(ngram_fold(0xff08) == '(' && ngram_fold(0xff0c) == ',',
	    "fold: full-width （ ， to ( ,");
	check(ngram_fold(0xff11) == '1' && ngram_fold('Z') == 'z',
	    "fold: full-width digit, ASCII upper case");
	check(ngram_fold(0x3000) == ' ', "fold: ideographic space to space");
	check(ngram_fold(0x2f47) == 0x65e5 && ngram_fold(0xf900) == 0x5c82 &&
	    ngram_fold(0x8c48) == 0x5c82,
	    "fold: Kangxi radical ⽇ to 日, compatibility 豈 and 豈 to 岂");
	check(ngram_fold(0x4e2d) == 0x4e2d && ngram_fold(0x20bb7) == 0x20bb7,
	    "fold: ideographs unchanged");
	/* 勞模 劳模, 臺 台, 裡 里, 後 后, 乾 干 (OpenCC's first of 干 乾). */
	check(ngram_fold(0x52de) == 0x52b3 && ngram_fold(0x81fa) == 0x53f0 &&
	    ngram_fold(0x88e1) == 0x91cc && ngram_fold(0x5f8c) == 0x540e &&
	    ngram_fold(0x4e7e) == 0x5e72, "fold: traditional 勞 臺 裡 後 乾 "
	    "to simplified 劳 台 里 后 干");
	/* 覆 and 藉 are simplified characters too: OpenCC keeps them. */
	check(ngram_fold(0x8986) == 0x8986 && ngram_fold(0x85c9) == 0x85c9 &&
	    ngram_fold(0x52b3) == 0x52b3, "fold: 覆 藉 劳 stay");
	check(ngram_fold(0x2fa8) == 0x95e8, "fold: ⾨ to 门 through 門");
	for (i = 0; i < ngram_fold_npairs; i++)
		if ((i && ngram_fold_pairs[i - 1].from >= ngram_fold_pairs[i].from) ||
		    ngram_fold(ngram_fold_pairs[i].from) != ngram_fold_pairs[i].to)
			ts = 0;
	check(ts && ngram_fold_npairs > 3500,
	    "fold table: sorted, every pair applied, over 3,500 pairs");
	for (cp = 0; cp <= 0x10ffff; cp++) {
		f = ngram_fold(cp);
		if (ngram_fold(f) != f)
			idem = 0;
		if ((cp < 0x10000) != (f < 0x10000))
			plane = 0;
	}
	check(idem, "fold is idempotent over every code point");
	check(plane, "fold keeps BMP in BMP (UTF-16 lengths carry over)");

	check(ngram_is_term(0x4e2d) && ngram_is_term('a') && ngram_is_term('5'),
	    "term: ideograph, letter, digit");
	check(ngram_is_term(0x3007) && ngram_is_term(0x20bb7) &&
	    ngram_is_term(0x3042), "term: 〇, ext-B 𠮷, kana");
	check(!ngram_is_term(',') && !ngram_is_term(0x3002) &&
	    !ngram_is_term(0x201c) && !ngram_is_term(' ') &&
	    !ngram_is_term(0x3000) && !ngram_is_term(0xfffd) &&
	    !ngram_is_term(0x2028) && !ngram_is_term(0x300a),
	    "not term: , 。 “ space U+3000 U+FFFD U+2028 《");
}

static void
test_num(void)
{
	struct buf	 b = BUF_INIT;

	ngram_put_num(&b, 0);
	buf_putc(&b, '|');
	ngram_put_num(&b, 31);
	buf_putc(&b, '|');
	ngram_put_num(&b, 32);
	buf_putc(&b, '|');
	ngram_put_num(&b, 1023);
	buf_putc(&b, '|');
	ngram_put_num(&b, 1024);
	buf_putc(&b, '|');
	ngram_put_num(&b, UINT32_MAX);
	check(strcmp(b.ptr, "0|v|B0|_v|BA0|D_____v") == 0,
	    "digits: 0 31 32 1023 1024 2^32-1");
	if (strcmp(b.ptr, "0|v|B0|_v|BA0|D_____v") != 0)
		printf("#   got %s\n", b.ptr);
	check(ngram_num_len(0) == 1 && ngram_num_len(31) == 1 &&
	    ngram_num_len(32) == 2 && ngram_num_len(UINT32_MAX) == 7,
	    "digit counts");
	buf_release(&b);
	check(ngram_shard(0xffffffffu, 0) == 0 &&
	    ngram_shard(0xffffffffu, 3) == 7 && ngram_shard(0x20000000u, 3) == 1,
	    "shard: the top bits of the hash");
}

/* Adds a one-field document. */
static void
add_doc(struct ngram_tab *t, uint32_t doc, const char *title,
    const char *text)
{
	uint32_t	 pos;

	ngram_doc_begin(t, doc);
	pos = ngram_doc_field(t, title, strlen(title), 0);
	if (pos < NGRAM_TITLE_SPAN)
		pos = NGRAM_TITLE_SPAN;
	ngram_doc_field(t, text, strlen(text), pos);
	if (ngram_doc_end(t) == -1)
		check(0, "table: a spill failed");
}

static void
test_tab(void)
{
	struct ngram_tab	*t = ngram_tab_new();
	struct ngram_iter	*it;
	struct ngram_stats	 st;
	struct buf		 d = BUF_INIT, p = BUF_INIT;
	const struct ngram_key	*k, *k0;
	char			 text[64];
	size_t			 i, n;
	int			 sorted = 1;

	add_doc(t, 0, "", "工会工会");
	add_doc(t, 1, "总工会", "");
	add_doc(t, 3, "", "工，会 工会");
	add_doc(t, 40, "ＡＰＰ", "");
	add_doc(t, 41, "", "A-P");
	check(ngram_tab_lookup(t, 0x5de5, 0x4f1a, &d, &p) &&
	    strcmp(d.ptr, "012") == 0,
	    "table: 工会 in docs 0, 1 (title), 3: numbers 0 1 2");
	/* Doc 0 at 64 and 66; doc 1 at 1; doc 3 at 68 (工，会 is none). */
	check(strcmp(p.ptr, "E122E8") == 0,
	    "table: 工会 positions 64,66 | 1 | 68 as delta*2+more");
	if (strcmp(p.ptr, "E122E8") != 0)
		printf("#   got %s\n", p.ptr);
	check(ngram_tab_lookup(t, 0x4f1a, 0x5de5, &d, &p) &&
	    strcmp(d.ptr, "0") == 0, "table: 会工 across the repeat is a bigram");
	check(ngram_tab_lookup(t, 0x5de5, 0, &d, &p) &&
	    strcmp(d.ptr, "012") == 0 && p.len == 0,
	    "table: unigram 工 once a document, no positions");
	check(ngram_tab_lookup(t, 'a', 'p', &d, &p) && strcmp(d.ptr, "Ch") == 0,
	    "table: ＡＰＰ in the title of doc 40 as ap; A-P adds no bigram");
	check(!ngram_tab_lookup(t, 'p', 'a', &d, &p) && d.len == 0,
	    "table: an absent key");
	ngram_tab_stats(t, &st);
	/* 工会 会工 工 会 总 总工 | a p ap pp */
	check(st.keys == 10 && st.runs == 0, "table: 10 keys, no spill");

	/* Enough keys to force a few rehashes, all still found, in order. */
	for (i = 0; i < 3000; i++) {
		d.len = 0;
		utf8_encode(&d, 0x4e00 + (uint32_t)i);
		utf8_encode(&d, 0x4e00 + (uint32_t)(i * 7 % 3000));
		memcpy(text, d.ptr, d.len + 1);
		add_doc(t, 100 + (uint32_t)i, "", text);
	}
	it = ngram_iter_new(t);
	n = ngram_iter_count(it);
	for (i = 1; i < n; i++) {
		k0 = ngram_iter_key(it, i - 1);
		k = ngram_iter_key(it, i);
		if (k0->hash > k->hash || (k0->hash == k->hash &&
		    (k0->a > k->a || (k0->a == k->a && k0->b >= k->b))))
			sorted = 0;
	}
	check(sorted && n > 3000, "iterator: keys in hash order");
	for (i = 0; i < n && ngram_iter_next(it, &d, &p) == 1; i++)
		if (d.len != ngram_iter_key(it, i)->dbytes ||
		    p.len != ngram_iter_key(it, i)->pbytes)
			break;
	check(i == n, "iterator: every list as long as its key says");
	ngram_iter_free(it);
	check(ngram_tab_lookup(t, 0x4e00 + 2999, 0x4e00 + 2999 * 7 % 3000, &d,
	    &p), "table: last bigram found after rehash");
	buf_release(&d);
	buf_release(&p);
	ngram_tab_free(t);
}

/* The same documents with and without spills read back the same. */
static void
test_spill(void)
{
	struct ngram_tab	*a = ngram_tab_new(), *b = ngram_tab_new();
	struct ngram_iter	*ia, *ib;
	struct ngram_stats	 st;
	struct buf		 da = BUF_INIT, pa = BUF_INIT, db = BUF_INIT,
				 pb = BUF_INIT, text = BUF_INIT;
	size_t			 i, k;
	int			 same = 1, ra, rb;

	ngram_tab_set_budget(b, 256);
	for (i = 0; i < 300; i++) {
		buf_reset(&text);
		for (k = 0; k < 40; k++)
			utf8_encode(&text, 0x4e00 + (uint32_t)((i * 31 + k * k) % 50));
		add_doc(a, (uint32_t)i * 3, "工会", text.ptr);
		add_doc(b, (uint32_t)i * 3, "工会", text.ptr);
	}
	ngram_tab_stats(b, &st);
	check(st.runs > 10, "spill: a small budget writes many runs");
	ia = ngram_iter_new(a);
	ib = ngram_iter_new(b);
	do {
		ra = ngram_iter_next(ia, &da, &pa);
		rb = ngram_iter_next(ib, &db, &pb);
		if (ra != rb || da.len != db.len || pa.len != pb.len ||
		    memcmp(da.ptr, db.ptr, da.len) != 0 ||
		    memcmp(pa.ptr, pb.ptr, pa.len) != 0)
			same = 0;
	} while (ra == 1 && rb == 1);
	check(same && ra == 0, "spill: the runs concatenate into the same lists");
	ngram_iter_free(ia);
	ngram_iter_free(ib);
	buf_release(&da);
	buf_release(&pa);
	buf_release(&db);
	buf_release(&pb);
	buf_release(&text);
	ngram_tab_free(a);
	ngram_tab_free(b);
}

static void
test_shards_rule(void)
{
	check(idx_shards_for(0, 100) == 1 && idx_shards_for(100, 100) == 1,
	    "shards: up to the target is one shard");
	check(idx_shards_for(101, 100) == 2 && idx_shards_for(1000, 100) == 16,
	    "shards: least power of two under the target");
	check(idx_shards_for(1ull << 40, 1) == 4096, "shards: capped at 4096");
}

static int
any_file_has(const char *dir, const char *needle)
{
	char	**v, *s;
	size_t	 n, i;
	int	 found = 0;

	v = list_dir(dir, &n);
	for (i = 0; i < n && !found; i++) {
		if ((s = slurp(dir, v[i])) == NULL)
			continue;
		found = strstr(s, needle) != NULL;
		free(s);
	}
	free_list(v, n);
	return found;
}

/* How many names in v start with prefix. */
static size_t
count_prefix(char **v, size_t n, const char *prefix)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		c += strncmp(v[i], prefix, strlen(prefix)) == 0;
	return c;
}

static int
pow2(long n)
{
	return n > 0 && (n & (n - 1)) == 0;
}

/* The documents of a facet key as "0 2 5". */
static char *
facet_list(const char *dir, const char *key)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 v[64];
	char		*s = lookup(dir, "facet", key);
	size_t		 n, i;
	long		 prev = -1;

	if (s == NULL)
		return xstrdup("-");
	n = nums(s, v, 64);
	for (i = 0; i < n; i++) {
		prev += v[i] + 1;
		buf_printf(&b, "%s%ld", i ? " " : "", prev);
	}
	free(s);
	return buf_detach(&b);
}

static void
test_write(char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x, *y, *z;
	struct idx_stats ist;
	struct stat	 st;
	char		*a, *b, *c, *e, *sa, *sb, *sc, *sd, *se, *meta, *s, **v;
	size_t		 i, n;

	a = path_join(top, "a");
	b = path_join(top, "b");
	c = path_join(top, "c");
	e = path_join(top, "e");
	sa = path_join(a, "search");
	sb = path_join(b, "search");
	sc = path_join(c, "search");
	se = path_join(e, "search");

	/* Stale files from a bigger build, and one that is not ours. */
	s = path_join(sa, "grams-999.js");
	file_write(s, "x", 1);
	free(s);
	s = path_join(sa, "hpos-99-0.js");
	file_write(s, "x", 1);
	free(s);
	s = path_join(sa, "docs-777.js");
	file_write(s, "x", 1);
	free(s);
	s = path_join(sa, "notes.txt");
	file_write(s, "keep", 4);
	free(s);

	x = make_index(NULL, 0);
	check(idx_write(x, a, &dg) == 0 && dg.n == 0, "write: spooled index");
	idx_get_stats(x, &ist);
	check(idx_write(x, b, &dg) == 0 && dg.n == 0,
	    "write: the same index again, elsewhere");

	meta = slurp(a, "search/meta.js");
	check(meta && strncmp(meta, "baokanSearch.add(\"meta\",{", 25) == 0,
	    "meta.js exists and registers itself");
	if (meta == NULL)
		meta = xstrdup("");
	check(meta_num(meta, "version") == 2 &&
	    meta_num(meta, "docs") == (long)NDOCS &&
	    meta_num(meta, "chunk") == 3, "meta: version 2, docs, chunk size");

	v = list_dir(sa, &n);
	check(count_prefix(v, n, "grams-") == (size_t)meta_num(meta, "shards") &&
	    count_prefix(v, n, "pos-") == (size_t)meta_num(meta, "pshards") &&
	    count_prefix(v, n, "facet-") == (size_t)meta_num(meta, "fshards") &&
	    pow2(meta_num(meta, "shards")) && meta_num(meta, "shards") > 1 &&
	    pow2(meta_num(meta, "pshards")) && pow2(meta_num(meta, "fshards")),
	    "grams, pos, facet files: as many as meta says, powers of two");
	check(count_prefix(v, n, "hot-") == (size_t)meta_num(meta, "hot") &&
	    meta_num(meta, "hot") > 0 && count_prefix(v, n, "hpos-") >
	    (size_t)meta_num(meta, "hot") / 2,
	    "hot keys: a file each, their positions in blocks");
	check(count_prefix(v, n, "docs-") == 4,
	    "docs chunks: 10 docs in chunks of 3 make 4 files");
	check(n == ist.files + 1 && ist.files == count_prefix(v, n, "") - 1 &&
	    ist.chunks == 4 && ist.docs == NDOCS && ist.positions > 0,
	    "stale grams-999, hpos-99-0, docs-777 pruned, notes.txt kept; "
	    "stats count the files");
	free_list(v, n);

	check_str(doc_list(a, "工会"), "0 1 3 6 9", "list of 工会");
	check_str(doc_list(a, "劳模"), "8t 9t",
	    "list of 劳模: 勞模 folded, both in titles");
	check_str(doc_list(a, "ap"), "0 2t 5 7", "list of ap: APP ＡＰＰ app Apps");
	check_str(doc_list(a, "台北"), "8", "list of 台北: 臺北 folded");
	check_str(doc_list(a, "35"), "1t 7", "list of 35: 12351 twice");
	check_str(doc_list(a, "\xf0\xa0\xae\xb7祥"), "4", "list of 𠮷祥");
	check_str(doc_list(a, "日报"), "4", "list of 日报: ⽇报 folded");
	check_str(doc_list(a, "夜"), "3t", "list of the unigram 夜");
	check_str(doc_list(a, "报日"), "-", "no list for an absent key");
	check_str(doc_list(a, "AP"), "-", "no list for an unfolded key");
	check_str(pos_list(a, "驿站"), "9:87,103",
	    "positions of 驿站: the text after title and kicker");
	check_str(pos_list(a, "工会"), "0:82,101 1:85 3:66 6:80 9:85,101",
	    "positions of 工会, joined from its blocks");
	check_str(facet_list(a, "p山东省"), "0 2 5 9", "facet p山东省");
	check_str(facet_list(a, "c长沙市"), "1 3 7", "facet c长沙市");
	check_str(facet_list(a, "knews"), "0 1 5 7 9", "facet knews");
	check_str(facet_list(a, "trights"), "1 2 7 9", "facet trights");
	check_str(facet_list(a, "r李明"), "0 1 5 7 9", "facet r李明");
	check_str(facet_list(a, "p北京市"), "-", "no facet list for a value never seen");

	check(strstr(meta, "\"dates\":[20250302,1,20250410,1,20250501,1,"
	    "20241220,1,20250520,1,20250601,2,20250715,1,20250801,2]") != NULL,
	    "meta: date runs in document order");
	{
		struct buf	 ft = BUF_INIT;
		uint32_t	*fv = xcalloc(2 * ngram_fold_npairs + 1, sizeof(*fv));
		const char	*f = strstr(meta, "\"fold\":\"");
		size_t		 k, nv;
		uint32_t	 from = (uint32_t)-1;
		int		 ok;

		ngram_fold_table(&ft);
		ok = f && strncmp(f + 8, ft.ptr, ft.len) == 0 && f[8 + ft.len] == '"';
		nv = ok ? nums(f + 8, fv, 2 * ngram_fold_npairs + 1) : 0;
		ok = ok && nv == 2 * ngram_fold_npairs;
		for (k = 0; ok && k < ngram_fold_npairs; k++) {
			from += fv[2 * k] + 1;
			ok = from == ngram_fold_pairs[k].from &&
			    (fv[2 * k + 1] & 1 ? from - (fv[2 * k + 1] + 1) / 2 :
			    from + fv[2 * k + 1] / 2) == ngram_fold_pairs[k].to;
		}
		check(ok, "meta: the fold table travels with the index and "
		    "decodes to every pair");
		free(fv);
		buf_release(&ft);
	}
	free(meta);
	s = slurp(a, "search/facets.js");
	check(s && strstr(s, "\"provinces\":[[\"山东省\",4],[\"湖南省\",4]]") &&
	    strstr(s, "\"cities\":[[\"菏泽市\",\"山东省\",3],[\"长沙市\",\"湖南省\",3],"
	    "[\"济南市\",\"山东省\",1],[\"株洲市\",\"湖南省\",1]]") &&
	    strstr(s, "\"topics\":[[\"rights\",4],[\"culture\",2],"
	    "[\"reading\",2],[\"law\",1]]") &&
	    strstr(s, "\"reporters\":[[\"李明\",5],[\"王芳\",1]]"),
	    "facets.js: choices by count then name, cities with provinces");
	free(s);

	s = slurp(a, "search/docs-001.js");
	check(s && strncmp(s, "baokanSearch.add(\"docs-001\",{\"first\":3,"
	    "\"docs\":[[\"t-03\",\"article/2024/12/t-03.html\",\"夜校开课\","
	    "\"\",\"\",\"2024年12月20日 第4版\",4,\"湖南省 长沙市\",",
	    strlen("baokanSearch.add(\"docs-001\",{\"first\":3,"
	    "\"docs\":[[\"t-03\",\"article/2024/12/t-03.html\",\"夜校开课\","
	    "\"\",\"\",\"2024年12月20日 第4版\",4,\"湖南省 长沙市\",")) == 0,
	    "docs chunk: starts at doc 3, fields in order");
	check(s && strstr(s, "页面代码<\\/script><script>alert(1)<\\/script>"),
	    "docs chunk: </script> written as <\\/script>");
	check(s && strstr(s, "第一行\\u2028第二行"), "docs chunk: U+2028 escaped");
	free(s);
	check(!any_file_has(sa, "</script") && !any_file_has(sa, "</SCRIPT") &&
	    !any_file_has(sa, "\xe2\x80\xa8"),
	    "no file holds a raw </script or U+2028");

	/* A second index of the same documents, streamed as it fills. */
	y = idx_new_at(c);
	idx_set_chunk_docs(y, 3);
	idx_set_shard_bytes(y, 16);
	s = path_join(sc, "docs-000.js");
	for (i = 0; i < NDOCS; i++) {
		idx_add(y, &docs[i]);
		if (i == 1)
			check(stat(s, &st) == -1, "streaming: no chunk at 2 docs");
		if (i == 2)
			check(stat(s, &st) == 0,
			    "streaming: docs-000.js on disk at 3 docs");
	}
	free(s);
	check(idx_write(y, c, &dg) == 0 && dg.n == 0, "write: streamed index");
	s = path_join(top, "d");
	check(idx_write(y, s, &dg) == 0 && dg.n == 0,
	    "write: streamed index copied elsewhere");
	sd = path_join(s, "search");
	free(s);

	/* A third with a tiny memory budget: lists spill after every doc. */
	z = make_index(NULL, 1);
	check(idx_write(z, e, &dg) == 0 && dg.n == 0,
	    "write: an index that spilled to run files");
	idx_get_stats(z, &ist);
	check(ist.runs >= 3, "spill: several runs");

	/* a/ keeps notes.txt, which is not the index's to compare. */
	s = path_join(sa, "notes.txt");
	unlink(s);
	free(s);
	check(same_tree(sa, sb), "deterministic: rewrites are byte-identical");
	check(same_tree(sa, sc) && same_tree(sa, sd),
	    "deterministic: a second build is byte-identical");
	check(same_tree(sa, se),
	    "deterministic: spilling changes no byte of the index");

	s = path_join(top, "plain");
	file_write(s, "x", 1);
	check(idx_write(x, s, &dg) == -1 && dg.worst == DIAG_ERROR,
	    "write: a bad folder is an error in diags");
	free(s);

	idx_free(x);
	idx_free(y);
	idx_free(z);
	diags_release(&dg);
	free(a);
	free(b);
	free(c);
	free(e);
	free(sa);
	free(sb);
	free(sc);
	free(sd);
	free(se);
}

static void
test_empty(const char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x = idx_new();
	char		*d = path_join(top, "empty"), *meta;

	check(idx_write(x, d, &dg) == 0, "write: an empty index");
	meta = slurp(d, "search/meta.js");
	check(meta && meta_num(meta, "docs") == 0 &&
	    meta_num(meta, "shards") == 1 && meta_num(meta, "pshards") == 1 &&
	    strstr(meta, "\"dates\":[]"), "empty index: 0 docs, 1 shard each");
	free(meta);
	meta = slurp(d, "search/grams-000.js");
	check(meta && strcmp(meta, "baokanSearch.add(\"grams-000\",{});\n") == 0,
	    "empty index: one empty grams file");
	free(meta);
	free(d);
	idx_free(x);
	diags_release(&dg);
}

/*
 * DIR/chars.json: every code point's fold that is not itself, and the
 * runs of code points that are not terms, for search.js to agree with.
 */
static void
write_chars(const char *dir)
{
	struct buf	 b = BUF_INIT;
	struct json	*j = json_new(&b, 0);
	char		*p;
	uint32_t	 cp, lo = 0;
	int		 in = 0;

	json_obj_open(j);
	json_key(j, "fold");
	json_arr_open(j);
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (ngram_fold(cp) == cp)
			continue;
		json_arr_open(j);
		json_int(j, cp);
		json_int(j, ngram_fold(cp));
		json_arr_close(j);
	}
	json_arr_close(j);
	json_key(j, "nonterm");
	json_arr_open(j);
	for (cp = 0; cp <= 0x110000; cp++) {
		int nt = cp <= 0x10ffff && !ngram_is_term(cp);
		if (nt && !in)
			lo = cp;
		else if (!nt && in) {
			json_arr_open(j);
			json_int(j, lo);
			json_int(j, cp - 1);
			json_arr_close(j);
		}
		in = nt;
	}
	json_arr_close(j);
	json_key(j, "hash");
	json_arr_open(j);
	/* A few hashes to check search.js against, unigrams among them. */
	for (cp = 0; cp < 64; cp++) {
		json_arr_open(j);
		json_int(j, 0x4e00 + cp * 331);
		json_int(j, cp % 4 ? 'a' + cp % 26 : 0);
		json_int(j, ngram_hash(0x4e00 + cp * 331, cp % 4 ? 'a' + cp % 26 : 0));
		json_arr_close(j);
	}
	json_arr_open(j);
	json_int(j, 0x20bb7);
	json_int(j, 0x7965);
	json_int(j, ngram_hash(0x20bb7, 0x7965));
	json_arr_close(j);
	json_arr_close(j);
	json_key(j, "strhash");
	json_arr_open(j);
	{
		static const char *const ks[] = { "p山东省", "trights", "r李明",
		    "", "c\xf0\xa0\xae\xb7" };
		size_t	 i;

		for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
			json_arr_open(j);
			json_str(j, ks[i]);
			json_int(j, ngram_str_hash(ks[i]));
			json_arr_close(j);
		}
	}
	json_arr_close(j);
	json_obj_close(j);
	json_free(j);
	p = path_join(dir, "chars.json");
	if (file_write(p, b.ptr, b.len) == -1)
		die("cannot write %s", p);
	free(p);
	buf_release(&b);
}

static void
write_fixture(const char *dir)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x = make_index(NULL, 0);

	check(idx_write(x, dir, &dg) == 0, "fixture: index written");
	diag_print(&dg, stderr);
	write_chars(dir);
	idx_free(x);
	diags_release(&dg);
}

/*
 * Some 470 frequent characters: the synthetic text is random over them,
 * which gives far more distinct bigrams than real prose (a worst case).
 */
static const char bench_chars[] =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会"
    "可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部"
    "度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
    "心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
    "者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
    "求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白"
    "教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信"
    "马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算"
    "低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支"
    "般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效"
    "斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参"
    "红细引听该铁价严龙飞";

static uint64_t rng = 88172645463325252ull;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
bench(size_t ndocs, const char *dir, size_t budget)
{
	static const char *const provs[] = { "山东省", "湖南省", "广东省",
	    "四川省", "北京市" };
	static const char *const kinds[] = { "news", "feature", "photo" };
	struct diags	 dg = DIAGS_INIT;
	struct buf	 text = BUF_INIT, title = BUF_INIT;
	struct idx_doc	 d;
	struct idx	*x;
	struct rusage	 ru;
	char		 id[32], url[64], date[16], **v, *sdir, *p;
	size_t		 nch = (sizeof(bench_chars) - 1) / 3, i, k, n;
	unsigned long long total = 0;
	struct stat	 st;
	double		 t0, t1, t2;

	memset(&d, 0, sizeof(d));
	x = idx_new_at(dir);
	if (budget)
		idx_set_mem_budget(x, budget);
	t0 = now();
	for (i = 0; i < ndocs; i++) {
		buf_reset(&text);
		buf_reset(&title);
		for (k = 0; k < 2000; k++) {
			buf_put(&text, bench_chars + 3 * rnd((uint32_t)nch), 3);
			if (rnd(20) == 0)
				buf_puts(&text, rnd(3) ? "，" : "。");
			if (rnd(400) == 0)
				buf_printf(&text, "%u", rnd(100000));
		}
		for (k = 0; k < 12; k++)
			buf_put(&title, bench_chars + 3 * rnd((uint32_t)nch), 3);
		snprintf(id, sizeof(id), "b-%06zu", i);
		snprintf(url, sizeof(url), "article/b/%06zu.html", i);
		snprintf(date, sizeof(date), "20%02zu-%02zu-%02zu",
		    10 + i * 16 / ndocs, 1 + i % 12, 1 + i % 28);
		d.id = id;
		d.url = url;
		d.title = title.ptr;
		d.date = date;
		d.issue = date;
		d.page = (int)(1 + i % 8);
		d.kind = kinds[i % 3];
		d.province = provs[i % 5];
		d.region = provs[i % 5];
		d.text = text.ptr;
		idx_add(x, &d);
	}
	t1 = now();
	if (idx_write(x, dir, &dg) == -1) {
		diag_print(&dg, stderr);
		return 1;
	}
	t2 = now();
	sdir = path_join(dir, "search");
	v = list_dir(sdir, &n);
	for (i = 0; i < n; i++) {
		p = path_join(sdir, v[i]);
		if (stat(p, &st) == 0)
			total += (unsigned long long)st.st_size;
		free(p);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("bench: %zu docs of 2,000 characters\n", ndocs);
	printf("bench: idx_add %.2f s (%.0f docs/s), idx_write %.2f s\n",
	    t1 - t0, (double)ndocs / (t1 - t0), t2 - t1);
	printf("bench: %zu files, %llu bytes, %.0f bytes per article\n",
	    n, total, (double)total / (double)ndocs);
	for (k = 0; k < 7; k++) {
		static const char *const pre[] = { "docs-", "grams-", "pos-",
		    "hot-", "hpos-", "facet", "meta" };
		unsigned long long part = 0;
		size_t files = 0;
		for (i = 0; i < n; i++) {
			if (strncmp(v[i], pre[k], strlen(pre[k])) != 0)
				continue;
			p = path_join(sdir, v[i]);
			if (stat(p, &st) == 0)
				part += (unsigned long long)st.st_size;
			free(p);
			files++;
		}
		printf("bench:   %-6s %5zu files %12llu bytes %8.0f per article\n",
		    pre[k], files, part, (double)part / (double)ndocs);
	}
	{
		struct idx_stats is;

		idx_get_stats(x, &is);
		printf("bench: %zu keys, %llu postings, %llu positions, "
		    "%u runs, peak lists in memory %zu MB\n", is.keys,
		    (unsigned long long)is.postings,
		    (unsigned long long)is.positions, is.runs, is.peak >> 20);
	}
	printf("bench: peak RSS %ld MB\n", ru.ru_maxrss / 1024);
	free_list(v, n);
	free(sdir);
	buf_release(&text);
	buf_release(&title);
	idx_free(x);
	diags_release(&dg);
	return 0;
}

int
main(int argc, char *argv[])
{
	char	 tmpl[] = "/tmp/test_idx.XXXXXX", *top, cmd[128];

	if ((argc == 4 || argc == 5) && strcmp(argv[1], "--bench") == 0)
		return bench((size_t)strtoul(argv[2], NULL, 10), argv[3],
		    argc == 5 ? (size_t)strtoull(argv[4], NULL, 10) : 0);
	if ((top = mkdtemp(tmpl)) == NULL)
		die("mkdtemp: %s", tmpl);
	test_fold();
	test_num();
	test_tab();
	test_spill();
	test_shards_rule();
	test_write(top);
	test_empty(top);
	if (argc == 2)
		write_fixture(argv[1]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", top);
	return failed;
}
