/*
 * test_idx.c: the search index writer (idx.c) and its folding and
 * postings (ngram.c).
 *
 *   test_idx            the unit tests, in a mkdtemp folder
 *   test_idx DIR        the same, and leaves the small index in DIR/search
 *                       plus DIR/chars.json for tests/js/search.test.js
 *   test_idx --bench N DIR
 *                       N synthetic articles of about 2,000 characters:
 *                       prints build time, bytes and files
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
	  "咨询电话0731-12351，也可关注公众号。Apps 与应用程序不同。" }
};
#define NDOCS (sizeof(docs) / sizeof(docs[0]))

static struct idx *
make_index(const char *atdir)
{
	struct idx	*x = atdir ? idx_new_at(atdir) : idx_new();
	size_t		 i;

	/* Small chunks and shards, so the fixture spans several files. */
	idx_set_chunk_docs(x, 3);
	idx_set_shard_bytes(x, 200);
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
 * The postings of bigram ab in the index at dir, decoded by this test's
 * own reading of the format; the count, or -1 if the bigram is missing.
 */
static int
postings(const char *dir, const char *ab, uint32_t *out, int max)
{
	char		*meta, *g, name[64], pat[64];
	const char	*p, *d;
	uint32_t	 a, b, v = 0, prev = (uint32_t)-1;
	size_t		 l1, l2;
	long		 nshards;
	int		 n = 0;

	a = utf8_decode(ab, strlen(ab), &l1);
	b = utf8_decode(ab + l1, strlen(ab + l1), &l2);
	if ((meta = slurp(dir, "search/meta.js")) == NULL)
		return -1;
	nshards = meta_num(meta, "shards");
	free(meta);
	snprintf(name, sizeof(name), "search/grams-%03u.js",
	    ngram_shard(ngram_fold(a), ngram_fold(b), (uint32_t)nshards));
	if ((g = slurp(dir, name)) == NULL)
		return -1;
	snprintf(pat, sizeof(pat), "\"%s\":\"", ab);
	if ((p = strstr(g, pat)) == NULL) {
		free(g);
		return -1;
	}
	for (p += strlen(pat); *p != '"' && n < max; p++) {
		if ((d = strchr(NGRAM_DIGITS, *p)) == NULL || *p == '\0')
			break;
		v = v * 32 + (uint32_t)((d - NGRAM_DIGITS) & 31);
		if (d - NGRAM_DIGITS < 32) {
			prev = prev + v + 1;
			out[n++] = prev;
			v = 0;
		}
	}
	free(g);
	return n;
}

static void
check_postings(const char *dir, const char *ab, const uint32_t *want,
    int nwant)
{
	uint32_t	 got[64];
	char		 what[128];
	int		 n, i, ok;

	n = postings(dir, ab, got, 64);
	ok = n == nwant;
	for (i = 0; ok && i < n; i++)
		ok = got[i] == want[i];
	snprintf(what, sizeof(what), "postings of \"%s\" decode to %d docs",
	    ab, nwant);
	check(ok, what);
	if (!ok) {
		printf("#   got %d:", n);
		for (i = 0; i < n; i++)
			printf(" %u", got[i]);
		printf("\n");
	}
}

static void
test_fold(void)
{
	uint32_t	 cp, f;
	int		 idem = 1, plane = 1;

	check(ngram_fold(0xff21) == 'a' && ngram_fold(0xff30) == 'p',
	    "fold: full-width ＡＰ to a p");
	check(ngram_fold(0xff08) == '(' && ngram_fold(0xff0c) == ',',
	    "fold: full-width （ ， to ( ,");
	check(ngram_fold(0xff11) == '1' && ngram_fold('Z') == 'z',
	    "fold: full-width digit, ASCII upper case");
	check(ngram_fold(0x3000) == ' ', "fold: ideographic space to space");
	check(ngram_fold(0x2f47) == 0x65e5 && ngram_fold(0xf900) == 0x8c48,
	    "fold: Kangxi radical ⽇ and compatibility 豈 to unified");
	check(ngram_fold(0x4e2d) == 0x4e2d && ngram_fold(0x20bb7) == 0x20bb7,
	    "fold: ideographs unchanged");
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
	    "postings digits: 0 31 32 1023 1024 2^32-1");
	if (strcmp(b.ptr, "0|v|B0|_v|BA0|D_____v") != 0)
		printf("#   got %s\n", b.ptr);
	check(ngram_num_len(0) == 1 && ngram_num_len(31) == 1 &&
	    ngram_num_len(32) == 2 && ngram_num_len(UINT32_MAX) == 7,
	    "postings digit counts");
	buf_release(&b);
}

static void
test_tab(void)
{
	struct ngram_tab	*t = ngram_tab_new();
	const struct ngram_ent	*e, **s;
	struct buf		 b = BUF_INIT;
	char			 text[64];
	size_t			 i, n;
	int			 sorted = 1;

	ngram_tab_add(t, 0, "工会工会", strlen("工会工会"));
	ngram_tab_add(t, 1, "总工会", strlen("总工会"));
	ngram_tab_add(t, 3, "工，会 工会", strlen("工，会 工会"));
	ngram_tab_add(t, 40, "ＡＰＰ", strlen("ＡＰＰ"));
	ngram_tab_add(t, 41, "A-P", 3);
	e = ngram_tab_get(t, 0x5de5, 0x4f1a);
	if (e)
		ngram_ent_encode(e, &b);
	check(e && e->n == 3 && strcmp(b.ptr, "001") == 0,
	    "table: 工会 in docs 0 1 3 once each, gaps 0 0 1");
	check(ngram_tab_get(t, 0x4f1a, 0x5de5) != NULL,
	    "table: 会工 across the repeat is a bigram");
	check(ngram_tab_get(t, 'a', 'p') != NULL &&
	    ngram_tab_get(t, 'a', 'p')->n == 1 &&
	    ngram_tab_get(t, 'p', 'p') != NULL,
	    "table: ＡＰＰ indexed as ap, pp; A-P adds nothing");
	check(ngram_tab_count(t) == 5 && ngram_tab_postings(t) == 7,
	    "table: 5 bigrams, 7 postings");

	/* Enough bigrams to force a few rehashes, all still found. */
	for (i = 0; i < 3000; i++) {
		b.len = 0;
		utf8_encode(&b, 0x4e00 + (uint32_t)i);
		utf8_encode(&b, 0x4e00 + (uint32_t)(i * 7 % 3000));
		memcpy(text, b.ptr, b.len + 1);
		ngram_tab_add(t, 100 + (uint32_t)i, text, strlen(text));
	}
	n = ngram_tab_count(t);
	s = ngram_tab_sorted(t, 8);
	for (i = 1; i < n; i++) {
		uint32_t sa = ngram_shard(s[i - 1]->a, s[i - 1]->b, 8);
		uint32_t sb = ngram_shard(s[i]->a, s[i]->b, 8);
		if (sa > sb || (sa == sb && (s[i - 1]->a > s[i]->a ||
		    (s[i - 1]->a == s[i]->a && s[i - 1]->b >= s[i]->b))))
			sorted = 0;
	}
	check(n == 3005 && sorted, "table: 3005 bigrams after growth, sorted");
	free(s);
	check(ngram_tab_get(t, 0x4e00 + 2999, 0x4e00 + 2999 * 7 % 3000) != NULL,
	    "table: last bigram found after rehash");
	buf_release(&b);
	ngram_tab_free(t);
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

/* Every gram file's payload: file size less the call around the object. */
static unsigned long long
grams_payload(const char *search, long nshards, long *entries)
{
	unsigned long long	 total = 0;
	char			 name[64], *s, *p;
	long			 i;

	*entries = 0;
	for (i = 0; i < nshards; i++) {
		snprintf(name, sizeof(name), "grams-%03ld.js", i);
		if ((s = slurp(search, name)) == NULL)
			return 0;
		/* baokanSearch.add("grams-000",{ ... });\n */
		total += strlen(s) - strlen("baokanSearch.add(\"grams-000\",{") -
		    (i >= 1000) - strlen("});\n");
		for (p = s; (p = strstr(p, "\":\"")) != NULL; p += 3)
			(*entries)++;
		/* The writer's estimate counts a comma after every entry. */
		if (strstr(s, "\":\""))
			total++;
		free(s);
	}
	return total;
}

static void
test_write(char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x, *y;
	struct stat	 st;
	char		*a, *b, *c, *sa, *sb, *sc, *sd, *meta, *s, **v;
	size_t		 i, n;
	long		 nshards, entries;
	int		 grams = 0, docsn = 0;

	a = path_join(top, "a");
	b = path_join(top, "b");
	c = path_join(top, "c");
	sa = path_join(a, "search");
	sb = path_join(b, "search");
	sc = path_join(c, "search");

	/* Stale files from a bigger build, and one that is not ours. */
	s = path_join(sa, "grams-999.js");
	file_write(s, "x", 1);
	free(s);
	s = path_join(sa, "docs-777.js");
	file_write(s, "x", 1);
	free(s);
	s = path_join(sa, "notes.txt");
	file_write(s, "keep", 4);
	free(s);

	x = make_index(NULL);
	check(idx_write(x, a, &dg) == 0 && dg.n == 0, "write: spooled index");
	check(idx_write(x, b, &dg) == 0 && dg.n == 0,
	    "write: the same index again, elsewhere");

	meta = slurp(a, "search/meta.js");
	check(meta && strncmp(meta, "baokanSearch.add(\"meta\",{", 25) == 0,
	    "meta.js exists and registers itself");
	if (meta == NULL)
		meta = xstrdup("");
	nshards = meta_num(meta, "shards");
	check(meta_num(meta, "docs") == (long)NDOCS &&
	    meta_num(meta, "chunk") == 3, "meta: docs and chunk size");

	v = list_dir(sa, &n);
	for (i = 0; i < n; i++) {
		grams += strncmp(v[i], "grams-", 6) == 0;
		docsn += strncmp(v[i], "docs-", 5) == 0;
	}
	free_list(v, n);
	check(grams == nshards && nshards > 1 &&
	    (nshards & (nshards - 1)) == 0,
	    "grams files: as many as meta says, a power of two above 1");
	check(docsn == 3, "docs chunks: 8 docs in chunks of 3 make 3 files");
	check(n == (size_t)(grams + docsn + 2),
	    "stale grams-999 and docs-777 pruned, notes.txt kept");
	check(idx_shards_for(grams_payload(sa, nshards, &entries), 200) ==
	    (unsigned)nshards && entries > 50,
	    "shard count follows the rule from the bytes written");

	{
		static const uint32_t gonghui[] = { 0, 1, 3, 6 };
		static const uint32_t ap[] = { 0, 2, 5, 7 };
		static const uint32_t d35[] = { 1, 7 };
		static const uint32_t only4[] = { 4 };
		static const uint32_t only2[] = { 2 };

		check_postings(a, "工会", gonghui, 4);
		check_postings(a, "ap", ap, 4);
		check_postings(a, "pp", ap, 4);
		check_postings(a, "35", d35, 2);
		check_postings(a, "日报", only4, 1);
		check_postings(a, "\xf0\xa0\xae\xb7祥", only4, 1);
		check_postings(a, "法律", only2, 1);
		check(postings(a, "报日", NULL, 0) == -1 &&
		    postings(a, "AP", NULL, 0) == -1,
		    "no postings for an absent or unfolded bigram");
	}

	check(strstr(meta, "\"provinces\":[[\"山东省\",3],[\"湖南省\",3]]") &&
	    strstr(meta, "\"cities\":[[\"长沙市\",2,3],[\"菏泽市\",1,2],"
	    "[\"济南市\",1,1]]") &&
	    strstr(meta, "\"topics\":[[\"rights\",3],[\"reading\",2],"
	    "[\"culture\",1],[\"law\",1]]") &&
	    strstr(meta, "\"reporters\":[[\"李明\",4],[\"王芳\",1]]"),
	    "meta: facets by count then name, cities point at provinces");
	check(strstr(meta, "\"date\":[20250302,20250410,20250501,20241220,"
	    "20250520,20250601,20250601,20250715]") &&
	    strstr(meta, "\"reporter\":[[1],[2,1],[],[],[],[1],[],[1]]") &&
	    strstr(meta, "\"topic\":[[2],[1,4],[1],[3],[],[2],[],[1]]") &&
	    strstr(meta, "\"province\":[1,2,1,2,0,1,0,2]"),
	    "meta: per-doc date, reporter, topic, province columns");
	check(strstr(meta, "\"title\":[\"职工书屋走进快递站点\",") &&
	    strstr(meta, "\"读报小组\",\"青年职工入会\",\"\",\"服务热线升级\"]"),
	    "meta: titles, empty for the continuation");
	check(strstr(meta, "\"fold\":\"\xe2\xba\x9f\xe6\xaf\x8d") != NULL,
	    "meta: the fold table travels with the index");
	free(meta);

	s = slurp(a, "search/docs-001.js");
	check(s && strncmp(s, "baokanSearch.add(\"docs-001\",{\"first\":3,"
	    "\"docs\":[[\"t-03\",", 45) == 0, "docs chunk: starts at doc 3");
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
	idx_set_shard_bytes(y, 200);
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

	/* a/ keeps notes.txt, which is not the index's to compare. */
	s = path_join(sa, "notes.txt");
	unlink(s);
	free(s);
	check(same_tree(sa, sb), "deterministic: rewrites are byte-identical");
	check(same_tree(sa, sc) && same_tree(sa, sd),
	    "deterministic: a second build is byte-identical");

	s = path_join(top, "plain");
	file_write(s, "x", 1);
	check(idx_write(x, s, &dg) == -1 && dg.worst == DIAG_ERROR,
	    "write: a bad folder is an error in diags");
	free(s);

	idx_free(x);
	idx_free(y);
	diags_release(&dg);
	free(a);
	free(b);
	free(c);
	free(sa);
	free(sb);
	free(sc);
	free(sd);
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
	    meta_num(meta, "shards") == 1 &&
	    strstr(meta, "\"title\":[]"), "empty index: 0 docs, 1 shard");
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
	json_key(j, "shard");
	json_arr_open(j);
	/* A few shard numbers to check the hash against. */
	for (cp = 0; cp < 64; cp++) {
		json_arr_open(j);
		json_int(j, 0x4e00 + cp * 331);
		json_int(j, 'a' + cp % 26);
		json_int(j, ngram_shard(0x4e00 + cp * 331, 'a' + cp % 26, 1024));
		json_arr_close(j);
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
	struct idx	*x = make_index(NULL);

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
bench(size_t ndocs, const char *dir)
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
	for (k = 0; k < 3; k++) {
		static const char *const pre[] = { "docs-", "grams-", "meta" };
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

	if (argc == 4 && strcmp(argv[1], "--bench") == 0)
		return bench((size_t)strtoul(argv[2], NULL, 10), argv[3]);
	if ((top = mkdtemp(tmpl)) == NULL)
		die("mkdtemp: %s", tmpl);
	test_fold();
	test_num();
	test_tab();
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
