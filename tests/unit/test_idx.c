/*
 * test_idx.c: the search index's files (idx.c, idx_write.c, idx_meta.c,
 * idx_docs.c), read back by this test's own reading of the format at
 * the top of idx_write.c, not the client's.  The layers below the files
 * are test_ngram.c's.
 *
 *   test_idx            the unit tests, in a mkdtemp folder
 *   test_idx DIR        the same, and leaves the small index in DIR/search
 *                       plus DIR/chars.json for tests/js
 *   test_idx --bench N DIR [BUDGET]
 *                       N synthetic articles of about 2,000 characters:
 *                       prints build time, bytes and files (BUDGET:
 *                       list bytes in memory before spilling)
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "idx.h"
#include "idx_int.h"
#include "json.h"
#include "ngram.h"
#include "strmap.h"
#include "util.h"


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

/*
 * Small chunks and shards, so the fixture spans several files of every
 * family, long lists and positions blocks; the code and the frequent
 * bigrams decided from the first four documents, where 工会, 职工, 快递,
 * ap, pp and the bigrams of "script" occur three times or more.
 */
static void
settings(struct idx *x, size_t budget)
{
	idx_set_chunk_docs(x, 3);
	idx_set_shard_bytes(x, 8);
	idx_set_mem_budget(x, budget);
	idx_set_prefix_docs(x, 4);
	idx_set_frequent(x, 500, 3);
}

static struct idx *
make_index(const char *atdir, size_t budget)
{
	struct idx	*x = atdir ? idx_new_at(atdir) : idx_new();
	size_t		 i;

	settings(x, budget);
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

/* The files under dir, relative, sorted, subfolders walked; *n of them. */
static void
walk(const char *dir, const char *rel, char ***v, size_t *n)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*full, *sub, *path;

	full = *rel ? path_join(dir, rel) : xstrdup(dir);
	if ((d = opendir(full)) == NULL) {
		free(full);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		sub = *rel ? path_join(rel, e->d_name) : xstrdup(e->d_name);
		path = path_join(full, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(dir, sub, v, n);
			free(sub);
		} else {
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = sub;
		}
		free(path);
	}
	closedir(d);
	free(full);
}

static char **
list_tree(const char *dir, size_t *n)
{
	char	**v = NULL;

	*n = 0;
	walk(dir, "", &v, n);
	if (*n)
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

/* Whether two folders hold the same files with the same bytes. */
static int
same_tree(const char *a, const char *b)
{
	char		**va, **vb, *pa, *pb;
	struct buf	 ba = BUF_INIT, bb = BUF_INIT;
	size_t		 na, nb, i;
	int		 same;

	va = list_tree(a, &na);
	vb = list_tree(b, &nb);
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

/* ---- reading the format ------------------------------------------------ */

/* The number after "key": in s (the first one), or -1. */
static long
num_after(const char *s, const char *key)
{
	char		 pat[64];
	const char	*p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	if (s == NULL || (p = strstr(s, pat)) == NULL)
		return -1;
	return strtol(p + strlen(pat), NULL, 10);
}

/* The string after "key": in s, or NULL (index strings hold no quotes). */
static char *
str_after(const char *s, const char *key)
{
	char		 pat[128];
	const char	*p, *e;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if (s == NULL || (p = strstr(s, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	e = strchr(p, '"');
	return xstrndup(p, (size_t)(e - p));
}

/* meta.js's "shards" count of family f. */
static long
shards_of(const char *meta, char f)
{
	const char	*s = meta ? strstr(meta, "\"shards\":{") : NULL;
	char		 k[2] = { f, '\0' };

	return s ? num_after(s, k) : -1;
}

/* The file of number n of family f under dir/search, read. */
static char *
family_file(const char *dir, char f, size_t n)
{
	struct buf	 b = BUF_INIT;
	char		*s;

	buf_puts(&b, "search/");
	idx_name(&b, f, n);
	buf_puts(&b, ".js");
	s = slurp(dir, b.ptr);
	buf_release(&b);
	return s;
}

/* The string a one-string file (h/, q/) registers. */
static char *
string_file(const char *dir, char f, size_t n)
{
	char	*s = family_file(dir, f, n), *p, *e, *v;

	if (s == NULL)
		return NULL;
	p = strstr(s, "\",\"") + 3;
	e = strrchr(s, '"');
	v = xstrndup(p, (size_t)(e - p));
	free(s);
	return v;
}

static unsigned
bits_of(long n)
{
	unsigned	 b = 0;

	while ((1L << b) < n)
		b++;
	return b;
}

/* A key's entry, as idx_write.c's comment describes it. */
struct entry {
	char	*list;		/* its documents string, read from h/ if there */
	char	*pos;		/* its positions, joined from wherever they are */
	int	 blocks;	/* q files they came from */
};

static uint32_t
key_hash(const char *key, uint32_t cp[3])
{
	size_t	 i = 0, n = strlen(key), l;
	int	 k;

	cp[0] = cp[1] = cp[2] = 0;
	for (k = 0; k < 3 && i < n; k++, i += l)
		cp[k] = utf8_decode(key + i, n - i, &l);
	return ngram_hash(cp[0], cp[1], cp[2]);
}

/* Reads key's entry under dir; 0 when the key is absent. */
static int
lookup(const char *dir, const char *key, struct entry *e)
{
	char		*meta, *f, *obj, *v, pat[64];
	uint32_t	 cp[3], h = key_hash(key, cp);
	char		 fam = cp[2] ? 't' : cp[1] ? 'g' : 'u';
	long		 n, q, hot;
	const char	*b;
	struct buf	 all = BUF_INIT;

	memset(e, 0, sizeof(*e));
	meta = slurp(dir, "search/meta.js");
	n = shards_of(meta, fam);
	f = family_file(dir, fam, ngram_shard(h, bits_of(n)));
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	if (f == NULL || (obj = strstr(f, pat)) == NULL) {
		free(meta);
		free(f);
		return 0;
	}
	obj += strlen(pat);
	/* The entry alone: up to the next key of the shard, or the end. */
	if (*obj == '{')
		obj = xstrndup(obj, (size_t)(strchr(obj, '}') - obj + 1));
	else {
		v = obj + (*obj == '"' ? strcspn(obj + 1, "\"") + 2 :
		    strspn(obj, "0123456789"));
		obj = xstrndup(obj, (size_t)(v - obj));
	}
	if ((e->list = str_after(*obj == '{' ? obj : NULL, "d")) == NULL) {
		hot = num_after(*obj == '{' ? obj : NULL, "d");
		if (*obj == '"')
			e->list = xstrndup(obj + 1, strlen(obj) - 2);
		else
			e->list = string_file(dir, 'h', (size_t)(*obj == '{' ?
			    hot : strtol(obj, NULL, 10)));
	}
	if ((q = num_after(obj, "q")) >= 0) {
		/* One block more than "b" has entries. */
		b = strstr(obj, "\"b\":[") + 5;
		e->blocks = *b == ']' ? 1 : 2;
		for (; *b != ']'; b++)
			e->blocks += *b == ',';
		for (hot = 0; hot < e->blocks; hot++) {
			v = string_file(dir, 'q', (size_t)(q + hot));
			buf_puts(&all, v);
			free(v);
		}
		e->pos = buf_detach(&all);
	} else if ((e->pos = str_after(obj, "p")) == NULL && cp[1] && !cp[2]) {
		free(f);
		f = family_file(dir, 'p', ngram_shard(h, bits_of(shards_of(meta,
		    'p'))));
		e->pos = str_after(f, key);
	}
	free(obj);
	free(f);
	free(meta);
	return 1;
}

static void
entry_free(struct entry *e)
{
	free(e->list);
	free(e->pos);
}

/* The numbers of a digit string. */
static size_t
nums(const char *s, uint32_t *out, size_t max)
{
	const char	*d;
	uint32_t	 v = 0;
	size_t		 n = 0;

	for (; s && *s && n < max; s++) {
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

/* A documents string as "0 1t 3" (t: in the title), either form. */
static char *
show_list(const char *s)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 v[256];
	const char	*t;
	size_t		 n, i, at = 0;
	long		 prev = -1, bit;

	if (*s == '~') {
		t = strchr(s + 1, '~') + 1;
		for (i = 1; s[i] != '~'; i++)
			for (bit = 0; bit < 6; bit++) {
				if (!((strchr(NGRAM_DIGITS, s[i]) - NGRAM_DIGITS) >>
				    bit & 1))
					continue;
				buf_printf(&b, "%s%ld%s", b.len ? " " : "",
				    (long)(i - 1) * 6 + bit,
				    (strchr(NGRAM_DIGITS, t[at / 6]) -
				    NGRAM_DIGITS) >> (at % 6) & 1 ? "t" : "");
				at++;
			}
		return buf_detach(&b);
	}
	n = nums(s, v, 256);
	for (i = 0; i < n; i++) {
		prev += v[i] / 2 + 1;
		buf_printf(&b, "%s%ld%s", i ? " " : "", prev, v[i] & 1 ? "t" : "");
	}
	return buf_detach(&b);
}

/* The documents of key as "0 1t 3", or "-" when absent. */
static char *
doc_list(const char *dir, const char *key)
{
	struct entry	 e;
	char		*s;

	if (!lookup(dir, key, &e))
		return xstrdup("-");
	s = show_list(e.list);
	entry_free(&e);
	return s;
}

/* The positions of key as "doc:p,p doc:p", "none" without, "-" absent. */
static char *
pos_list(const char *dir, const char *key)
{
	struct buf	 b = BUF_INIT;
	struct entry	 e;
	uint32_t	 pv[512];
	char		*ds, *p, *sp;
	size_t		 np, k = 0;
	long		 pos;

	if (!lookup(dir, key, &e))
		return xstrdup("-");
	if (e.pos == NULL) {
		entry_free(&e);
		return xstrdup("none");
	}
	ds = show_list(e.list);
	np = nums(e.pos, pv, 512);
	for (p = strtok_r(ds, " ", &sp); p; p = strtok_r(NULL, " ", &sp)) {
		buf_printf(&b, "%s%ld:", b.len ? " " : "", strtol(p, NULL, 10));
		pos = -1;
		do {
			pos += pv[k] / 2 + 1;
			buf_printf(&b, "%s%ld", b.ptr[b.len - 1] == ':' ? "" :
			    ",", pos);
		} while (k < np && (pv[k++] & 1));
	}
	free(ds);
	entry_free(&e);
	return buf_detach(&b);
}

/* The documents of a facet key as "0 2 5". */
static char *
facet_list(const char *dir, const char *key)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 v[64];
	char		*meta = slurp(dir, "search/meta.js"), *f, *s;
	size_t		 n, i;
	long		 prev = -1;

	f = family_file(dir, 'f', ngram_shard(ngram_str_hash(key),
	    bits_of(shards_of(meta, 'f'))));
	free(meta);
	if ((s = str_after(f, key)) == NULL) {
		free(f);
		return xstrdup("-");
	}
	n = nums(s, v, 64);
	for (i = 0; i < n; i++) {
		prev += v[i] + 1;
		buf_printf(&b, "%s%ld", i ? " " : "", prev);
	}
	free(s);
	free(f);
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

static int
any_file_has(const char *dir, const char *needle)
{
	char	**v, *s;
	size_t	 n, i;
	int	 found = 0;

	v = list_tree(dir, &n);
	for (i = 0; i < n && !found; i++) {
		if ((s = slurp(dir, v[i])) == NULL)
			continue;
		found = strstr(s, needle) != NULL;
		free(s);
	}
	free_list(v, n);
	return found;
}

/*
 * Decodes the coded text of a docs chunk record with meta.js's "code",
 * as search.js does: symbol values under single are ranks, the others
 * lead a second symbol; anything not ASCII stands for itself.
 */
static char *
decode_text(const char *meta, const char *coded)
{
	static const char	 sym[] = " !#$%&'()*+,-./0123456789:;<=>?@"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
	const char		*c = strstr(meta, "\"code\":[");
	struct buf		 out = BUF_INIT;
	uint32_t		*cp = NULL;
	size_t			 n = 0, i, l, single, r, m;

	if (c == NULL)
		return xstrdup("?");
	single = strtoul(c + 8, NULL, 10);
	c = strchr(c, '"' ) + 1;	/* "code" */
	c = strchr(c, '"') + 1;		/* past the key's closing quote */
	c = strchr(c, '"') + 1;		/* the table */
	m = strlen(c);
	/* The table is JSON: decode the few escapes it may hold. */
	for (i = 0; i < m && c[i] != '"'; i += l) {
		cp = xreallocarray(cp, n + 1, sizeof(*cp));
		if (c[i] == '\\') {
			l = c[i + 1] == 'u' ? 6 : 2;
			cp[n++] = c[i + 1] == 'u' ? (uint32_t)strtoul(
			    (char[5]){ c[i + 2], c[i + 3], c[i + 4], c[i + 5], 0 },
			    NULL, 16) : c[i + 1] == 'n' ? '\n' : c[i + 1] == 't' ?
			    '\t' : c[i + 1] == 'r' ? '\r' : c[i + 1] == 'b' ?
			    '\b' : c[i + 1] == 'f' ? '\f' : (uint32_t)c[i + 1];
		} else
			cp[n++] = utf8_decode(c + i, m - i, &l);
	}
	for (i = 0; coded[i]; i++) {
		if ((unsigned char)coded[i] >= 0x80) {
			buf_putc(&out, coded[i]);
			continue;
		}
		if (coded[i] == '\\' && coded[i + 1] == '/')
			i++;	/* "<\/" */
		r = (size_t)(strchr(sym, coded[i]) - sym);
		if (r >= single)
			r = single + (r - single) * (sizeof(sym) - 1) +
			    (size_t)(strchr(sym, coded[++i]) - sym);
		utf8_encode(&out, r < n ? cp[r] : '?');
	}
	free(cp);
	return buf_detach(&out);
}

static void
test_shards_rule(void)
{
	check(idx_shards_for(0, 100) == 1 && idx_shards_for(100, 100) == 1,
	    "shards: up to the target is one shard");
	check(idx_shards_for(101, 100) == 2 && idx_shards_for(1000, 100) == 16,
	    "shards: least power of two under the target");
	check(idx_shards_for(1ull << 40, 1) == 4096, "shards: capped at 4096");
	{
		struct buf	 b = BUF_INIT;

		idx_name(&b, 'd', 0);
		buf_putc(&b, ' ');
		idx_name(&b, 'g', 999);
		buf_putc(&b, ' ');
		idx_name(&b, 'q', 12345);
		check(strcmp(b.ptr, "d/0/0 g/0/999 q/12/345") == 0,
		    "names: a thousand files a folder");
		buf_release(&b);
	}
}

/* Arguments of a thread that prepares every third document. */
struct job {
	size_t		 from;		/* its first document */
	struct idx_prep	**out;		/* by document number */
};

static void *
prepare(void *arg)
{
	struct job	*j = arg;
	size_t		 i;

	for (i = j->from; i < NDOCS; i += 3)
		j->out[i] = idx_prep(&docs[i]);
	return NULL;
}

/* The fixture prepared on three threads, merged in order. */
static struct idx *
threaded_index(void)
{
	struct idx	*x = idx_new();
	struct idx_prep	*out[NDOCS];
	struct job	 jobs[3];
	pthread_t	 t[3];
	size_t		 i;
	int		 ok = 1;

	settings(x, 0);
	for (i = 0; i < 3; i++) {
		jobs[i].from = i;
		jobs[i].out = out;
		if (pthread_create(&t[i], NULL, prepare, &jobs[i]) != 0)
			die("pthread_create");
	}
	for (i = 0; i < 3; i++)
		ok = ok && pthread_join(t[i], NULL) == 0;
	check(ok, "threads: three workers prepared the documents");
	for (i = 0; i < NDOCS; i++)
		idx_add_prep(x, out[i]);
	return x;
}

/* A stale file under search/ that a write must remove. */
static void
stale(const char *sdir, const char *rel)
{
	char	*s = path_join(sdir, rel);

	file_write(s, "x", 1);
	free(s);
}

static void
test_layout(const char *a, struct idx *x)
{
	struct idx_stats ist;
	char		*sa = path_join(a, "search"), *meta, **v, fam[3];
	size_t		 n, i;
	const char	*f;
	int		 ok = 1;

	idx_get_stats(x, &ist);
	meta = slurp(a, "search/meta.js");
	check(meta && strncmp(meta, "baokanSearch.add(\"meta\",{", 25) == 0,
	    "meta.js exists and registers itself");
	if (meta == NULL)
		meta = xstrdup("");
	check(num_after(meta, "version") == 3 &&
	    num_after(meta, "docs") == (long)NDOCS &&
	    num_after(meta, "chunk") == 3 && num_after(meta, "folder") == 1000,
	    "meta: version 3, docs, chunk size, files a folder");
	v = list_tree(sa, &n);
	for (f = "ugtpf"; *f; f++) {
		snprintf(fam, sizeof(fam), "%c/", *f);
		ok = ok && count_prefix(v, n, fam) == (size_t)shards_of(meta, *f) &&
		    pow2(shards_of(meta, *f));
	}
	check(ok && shards_of(meta, 'g') > 1 && shards_of(meta, 't') > 1,
	    "u, g, t, p, f files: as many as meta says, powers of two");
	check(count_prefix(v, n, "h/") == (size_t)num_after(meta, "hot") &&
	    num_after(meta, "hot") > 0 &&
	    count_prefix(v, n, "q/") == (size_t)num_after(meta, "blocks") &&
	    num_after(meta, "blocks") > 0,
	    "long lists and positions blocks: as many files as meta says");
	check(count_prefix(v, n, "d/0/") == 4 && ist.chunks == 4,
	    "docs chunks: 10 docs in chunks of 3 make 4 files in d/0/");
	check(n == ist.files + 1 && ist.docs == NDOCS && ist.positions > 0 &&
	    ist.trigrams > 0 && ist.frequent == 10,
	    "stale files pruned, notes.txt kept; stats count the files");
	check(ist.folders == 16 && ist.widest == (size_t)shards_of(meta, 'g'),
	    "stats: 8 families of a folder each; the widest, g/0");
	for (i = 0; i < n; i++)
		if (strchr(v[i], '/') && strncmp(v[i] + 1, "/0/", 3) != 0)
			ok = 0;
	check(ok, "every numbered file in its family's folder 0");
	free_list(v, n);
	free(sa);
	free(meta);
}

static void
test_lists(const char *a)
{
	char	*meta = slurp(a, "search/meta.js"), *s;

	check_str(doc_list(a, "工会"), "0 1 3 6 9", "list of 工会");
	check_str(doc_list(a, "劳模"), "8t 9t",
	    "list of 劳模: 勞模 folded, both in titles");
	check_str(doc_list(a, "ap"), "0 2t 5 7", "list of ap: APP ＡＰＰ app Apps");
	check_str(doc_list(a, "台北"), "8", "list of 台北: 臺北 folded");
	check_str(doc_list(a, "35"), "1t 7", "list of 35: 12351 twice");
	check_str(doc_list(a, "\xf0\xa0\xae\xb7祥"), "4", "list of 𠮷祥");
	check_str(doc_list(a, "日报"), "4", "list of 日报: ⽇报 folded");
	check_str(doc_list(a, "夜"), "3t", "list of the unigram 夜");
	check_str(doc_list(a, "职"), "0t 1 2 3 5t 9",
	    "list of the unigram 职, as a bitmap when shorter");
	check_str(doc_list(a, "报日"), "-", "no list for an absent key");
	check_str(doc_list(a, "AP"), "-", "no list for an unfolded key");
	check_str(pos_list(a, "驿站"), "9:87,103",
	    "positions of 驿站: the text after title and kicker");
	check_str(pos_list(a, "热线"), "1:2,82 7:2",
	    "positions of 热线, in the title and the text");
	check_str(pos_list(a, "劳模"), "8:0,68 9:0,70,97",
	    "positions of 劳模, joined from its blocks");
	{
		struct entry	 e;

		check(lookup(a, "劳模", &e) && e.blocks == 1,
		    "劳模's positions pass half a shard: a q block");
		entry_free(&e);
	}
	check_str(pos_list(a, "工会"), "none",
	    "工会 is frequent: no positions");
	check_str(pos_list(a, "工会驿"), "9:85,101",
	    "positions of the trigram 工会驿, after 工会");
	check_str(pos_list(a, "总工会"), "0:81", "positions of 总工会, before it");
	check_str(pos_list(a, "app"), "0:103 2:0,79 5:74 7:89",
	    "positions of app (ap and pp frequent; Apps too)");
	check_str(doc_list(a, "会驿站"), "-",
	    "no trigram without a frequent bigram (会驿, 驿站)");
	check(meta && strstr(meta,
	    "\"frequent\":\"apcripppptrisc工会快递职工\"") != NULL,
	    "meta: the frequent bigrams in code point order");
	check_str(facet_list(a, "p山东省"), "0 2 5 9", "facet p山东省");
	check_str(facet_list(a, "c长沙市"), "1 3 7", "facet c长沙市");
	check_str(facet_list(a, "knews"), "0 1 5 7 9", "facet knews");
	check_str(facet_list(a, "trights"), "1 2 7 9", "facet trights");
	check_str(facet_list(a, "r李明"), "0 1 5 7 9", "facet r李明");
	check_str(facet_list(a, "p北京市"), "-", "no facet list for a value never seen");
	check(meta && strstr(meta, "\"dates\":[20250302,1,20250410,1,20250501,1,"
	    "20241220,1,20250520,1,20250601,2,20250715,1,20250801,2]") != NULL,
	    "meta: date runs in document order");
	{
		struct buf	 ft = BUF_INIT;
		uint32_t	*fv = xcalloc(2 * ngram_fold_npairs + 1, sizeof(*fv));
		const char	*f = meta ? strstr(meta, "\"fold\":\"") : NULL;
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
	s = slurp(a, "search/facets.js");
	check(s && strstr(s, "\"provinces\":[[\"山东省\",4],[\"湖南省\",4]]") &&
	    strstr(s, "\"cities\":[[\"菏泽市\",\"山东省\",3],[\"长沙市\",\"湖南省\",3],"
	    "[\"济南市\",\"山东省\",1],[\"株洲市\",\"湖南省\",1]]") &&
	    strstr(s, "\"topics\":[[\"rights\",4],[\"culture\",2],"
	    "[\"reading\",2],[\"law\",1]]") &&
	    strstr(s, "\"reporters\":[[\"李明\",5],[\"王芳\",1]]"),
	    "facets.js: choices by count then name, cities with provinces");
	free(s);
	free(meta);
}

static void
test_chunks(const char *a)
{
	char		*meta = slurp(a, "search/meta.js"), *s, *t, *p, *e;
	char		*sa = path_join(a, "search");
	const char	*head = "baokanSearch.add(\"d/0/1\",{\"first\":3,"
	    "\"docs\":[[\"t-03\",\"article/2024/12/t-03.html\",\"";

	s = slurp(a, "search/d/0/1.js");
	check(s && strncmp(s, head, strlen(head)) == 0,
	    "docs chunk d/0/1: starts at doc 3, id and URL as they are");
	/* The title and the text, decoded with meta.js's code. */
	if (s && meta && strncmp(s, head, strlen(head)) == 0) {
		p = s + strlen(head);
		e = strchr(p, '"');
		*e = '\0';
		t = decode_text(meta, p);
		check_str(t, "夜校开课", "docs chunk: the title, coded");
		p = strstr(e + 1, "\",4,\"");
		check(p != NULL, "docs chunk: kicker, subtitle, issue, page in order");
		if (p) {
			p += 5;
			e = strchr(p, '"');
			*e = '\0';
			check_str(decode_text(meta, p), "湖南省 长沙市",
			    "docs chunk: the region, coded");
			p = e + 3;
			e = strstr(p, "\"]");
			*e = '\0';
			t = decode_text(meta, p);
			check(strstr(t, "页面代码</script><script>alert(1)") != NULL,
			    "docs chunk: the text, coded, </script> intact");
			free(t);
		}
	}
	free(s);
	check(!any_file_has(sa, "</script") && !any_file_has(sa, "</SCRIPT") &&
	    !any_file_has(sa, "\xe2\x80\xa8"),
	    "no file holds a raw </script or U+2028");
	s = slurp(a, "search/d/0/1.js");
	check(s && strstr(s, "\\u2028") != NULL,
	    "docs chunk: U+2028 escaped (left as itself by the code)");
	free(s);
	free(sa);
	free(meta);
}

static void
test_write(char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x, *y, *z, *w;
	struct idx_stats ist;
	struct stat	 st;
	char		*a, *b, *c, *e, *sa, *sb, *sc, *sd, *se, *sw, *s;
	size_t		 i;

	a = path_join(top, "a");
	b = path_join(top, "b");
	c = path_join(top, "c");
	e = path_join(top, "e");
	sa = path_join(a, "search");
	sb = path_join(b, "search");
	sc = path_join(c, "search");
	se = path_join(e, "search");

	/* Stale files from a bigger build, and one that is not ours. */
	stale(sa, "g/9/999.js");
	stale(sa, "q/5/5.js");
	stale(sa, "d/77/7.js");
	stale(sa, "grams-000.js");
	stale(sa, "notes.txt");

	x = make_index(NULL, 0);
	check(idx_write(x, a, &dg) == 0 && dg.n == 0, "write: spooled index");
	check(idx_write(x, b, &dg) == 0 && dg.n == 0,
	    "write: the same index again, elsewhere");
	test_layout(a, x);
	s = path_join(sa, "d/77");
	check(stat(s, &st) == -1, "prune: a folder left empty goes");
	free(s);
	test_lists(a);
	test_chunks(a);

	/* A second index of the same documents, streamed as it fills. */
	y = idx_new_at(c);
	settings(y, 0);
	s = path_join(sc, "d/0/0.js");
	for (i = 0; i < NDOCS; i++) {
		idx_add(y, &docs[i]);
		if (i == 2)
			check(stat(s, &st) == -1,
			    "streaming: no chunk while the first 4 are held");
		if (i == 3)
			check(stat(s, &st) == 0,
			    "streaming: d/0/0.js on disk once decided");
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

	/* A fourth prepared on threads. */
	w = threaded_index();
	s = path_join(top, "w");
	check(idx_write(w, s, &dg) == 0 && dg.n == 0,
	    "write: an index prepared on threads");
	sw = path_join(s, "search");
	free(s);

	/* a/ keeps notes.txt, which is not the index's to compare. */
	s = path_join(sa, "notes.txt");
	unlink(s);
	free(s);
	check(same_tree(sa, sb), "deterministic: rewrites are byte-identical");
	check(same_tree(sa, sc) && same_tree(sa, sd),
	    "deterministic: a streamed build is byte-identical");
	check(same_tree(sa, se),
	    "deterministic: spilling changes no byte of the index");
	check(same_tree(sa, sw),
	    "deterministic: idx_prep on threads + idx_add_prep is idx_add");

	s = path_join(top, "plain");
	file_write(s, "x", 1);
	check(idx_write(x, s, &dg) == -1 && dg.worst == DIAG_ERROR,
	    "write: a bad folder is an error in diags");
	free(s);

	idx_free(x);
	idx_free(y);
	idx_free(z);
	idx_free(w);
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
	free(sw);
}

/* Long positions cut into blocks between documents, joined back whole. */
static void
test_blocks(const char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x = idx_new();
	struct idx_doc	 d;
	struct entry	 e;
	struct buf	 want = BUF_INIT;
	char		*dir = path_join(top, "blocks"), *got;
	size_t		 i;

	memset(&d, 0, sizeof(d));
	idx_set_shard_bytes(x, 8);
	idx_set_frequent(x, 1000, 1000);	/* none */
	d.title = "标题";
	d.text = "工会，工会，工会，工会";
	for (i = 0; i < 30; i++) {
		idx_add(x, &d);
		buf_printf(&want, "%s%zu:66,69,72,75", i ? " " : "", i);
	}
	check(idx_write(x, dir, &dg) == 0, "blocks: index written");
	check(lookup(dir, "工会", &e) && e.blocks > 3,
	    "blocks: 30 documents' positions in several q blocks");
	entry_free(&e);
	got = pos_list(dir, "工会");
	check(strcmp(got, want.ptr) == 0,
	    "blocks: cut between documents, every position back");
	free(got);
	buf_release(&want);
	free(dir);
	idx_free(x);
	diags_release(&dg);
}

/*
 * Lists past SLAB_MAX (idx_post.c keeps the shorter ones in a slab):
 * three documents whose 工会 has 40,000 positions each, some 40 KB of
 * digits, so the list moves out of the slab in the second and grows in
 * the third.  Every position comes back, and an index that spills after
 * every document, whose lists never leave the slab, is the same.
 */
static void
test_long_lists(const char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x = idx_new(), *y = idx_new();
	struct idx_doc	 d;
	struct entry	 e;
	struct buf	 text = BUF_INIT;
	char		*a = path_join(top, "long-a"), *b = path_join(top, "long-b");
	char		*sa = path_join(a, "search"), *sb = path_join(b, "search");
	uint32_t	*pv;
	size_t		 i, n = 0, ends = 0, reps = 40000;
	int		 steps = 1;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < reps; i++)
		buf_puts(&text, "工会，");
	d.title = "标题";
	d.text = text.ptr;
	idx_set_frequent(x, 1000, 1000);	/* none */
	idx_set_frequent(y, 1000, 1000);
	idx_set_mem_budget(y, 1);
	for (i = 0; i < 3; i++) {
		idx_add(x, &d);
		idx_add(y, &d);
	}
	check(idx_write(x, a, &dg) == 0 && idx_write(y, b, &dg) == 0 &&
	    dg.n == 0, "long lists: both indexes written");
	pv = xcalloc(4 * reps, sizeof(*pv));
	if (lookup(a, "工会", &e)) {
		n = nums(e.pos, pv, 4 * reps);
		entry_free(&e);
	}
	/* Each number is gap * 2 + more: 3 apart, the last of a document even. */
	for (i = 0; i < n; i++) {
		ends += (pv[i] & 1) == 0;
		if (i % reps != 0 && pv[i] / 2 + 1 != 3)
			steps = 0;
	}
	check(n == 3 * reps && ends == 3 && steps,
	    "long lists: 120,000 positions of 工会 back, 3 apart");
	check(same_tree(sa, sb),
	    "long lists: spilled every document, the same index");
	free(pv);
	buf_release(&text);
	free(sa);
	free(sb);
	free(a);
	free(b);
	idx_free(x);
	idx_free(y);
	diags_release(&dg);
}

/*
 * An archive smaller than the prefix: no text code, no frequent bigram,
 * so an edit changes only the files that hold the article.
 */
static void
test_small(const char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x = idx_new();
	char		*d = path_join(top, "small"), *meta, *s;
	size_t		 i;

	idx_set_chunk_docs(x, 3);
	for (i = 0; i < NDOCS; i++)
		idx_add(x, &docs[i]);
	check(idx_write(x, d, &dg) == 0, "small: index written");
	meta = slurp(d, "search/meta.js");
	check(meta && strstr(meta, "\"code\":null") &&
	    strstr(meta, "\"frequent\":\"\""),
	    "small: under IDX_PREFIX_DOCS no text code, no frequent bigram");
	s = slurp(d, "search/d/0/1.js");
	check(s && strstr(s, "\"夜校开课\"") && strstr(s, "alert(1)") &&
	    strstr(s, "<\\/script>"), "small: the text as it is, escaped");
	check_str(pos_list(d, "工会"), "0:82,101 1:85 3:66 6:80 9:85,101",
	    "small: 工会 keeps its positions");
	free(s);
	free(meta);
	free(d);
	idx_free(x);
	diags_release(&dg);
}

static void
test_empty(const char *top)
{
	struct diags	 dg = DIAGS_INIT;
	struct idx	*x = idx_new();
	char		*d = path_join(top, "empty"), *meta;

	check(idx_write(x, d, &dg) == 0, "write: an empty index");
	meta = slurp(d, "search/meta.js");
	check(meta && num_after(meta, "docs") == 0 &&
	    shards_of(meta, 'g') == 1 && shards_of(meta, 'p') == 1 &&
	    strstr(meta, "\"dates\":[]") && strstr(meta, "\"frequent\":\"\""),
	    "empty index: 0 docs, 1 shard each, no frequent bigram");
	free(meta);
	meta = slurp(d, "search/g/0/0.js");
	check(meta && strcmp(meta, "baokanSearch.add(\"g/0/0\",{});\n") == 0,
	    "empty index: one empty grams file");
	free(meta);
	free(d);
	idx_free(x);
	diags_release(&dg);
	x = idx_new();
	idx_prep_free(idx_prep(&docs[0]));
	idx_free(x);
	check(1, "a prepared document may be freed unmerged");
}

/* A hash of key a b c for chars.json. */
static void
put_hash(struct json *j, uint32_t a, uint32_t b, uint32_t c)
{
	json_arr_open(j);
	json_int(j, a);
	json_int(j, b);
	json_int(j, c);
	json_int(j, ngram_hash(a, b, c));
	json_arr_close(j);
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
	/* A few hashes to check search.js against, of every key length. */
	for (cp = 0; cp < 64; cp++)
		put_hash(j, 0x4e00 + cp * 331, cp % 4 ? 'a' + cp % 26 : 0,
		    cp % 4 && cp % 3 == 1 ? 0x9fa5 - cp : 0);
	put_hash(j, 0x20bb7, 0x7965, 0);
	put_hash(j, 0x20bb7, 0x7965, 0x20bb7);
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
	static const char pre[] = "dugtphqf";
	struct diags	 dg = DIAGS_INIT;
	struct buf	 text = BUF_INIT, title = BUF_INIT;
	struct idx_doc	 d;
	struct idx	*x;
	struct idx_stats is;
	struct idx_prep	*pr;
	struct rusage	 ru;
	char		 id[32], url[64], date[16], **v, *sdir, *p;
	size_t		 nch = (sizeof(bench_chars) - 1) / 3, i, k, n, files;
	unsigned long long total = 0, part;
	struct stat	 st;
	double		 t0, t1, t2, tp, tm, prep_s = 0, merge_s = 0;

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
		/* Timed apart: what workers would do, and the main thread. */
		tp = now();
		pr = idx_prep(&d);
		tm = now();
		idx_add_prep(x, pr);
		prep_s += tm - tp;
		merge_s += now() - tm;
	}
	t1 = now();
	if (idx_write(x, dir, &dg) == -1) {
		diag_print(&dg, stderr);
		return 1;
	}
	t2 = now();
	sdir = path_join(dir, "search");
	v = list_tree(sdir, &n);
	printf("bench: %zu docs of 2,000 characters\n", ndocs);
	printf("bench: idx_add %.2f s (%.0f docs/s): idx_prep %.2f s, "
	    "idx_add_prep %.2f s; idx_write %.2f s\n", t1 - t0,
	    (double)ndocs / (t1 - t0), prep_s, merge_s, t2 - t1);
	for (k = 0; k <= sizeof(pre) - 1; k++) {
		part = 0;
		files = 0;
		for (i = 0; i < n; i++) {
			if (k < sizeof(pre) - 1 ? (v[i][0] != pre[k] ||
			    v[i][1] != '/') : strchr(v[i], '/') != NULL)
				continue;
			p = path_join(sdir, v[i]);
			if (stat(p, &st) == 0)
				part += (unsigned long long)st.st_size;
			free(p);
			files++;
		}
		total += part;
		printf("bench:   %-6c %5zu files %12llu bytes %8.0f per article\n",
		    k < sizeof(pre) - 1 ? pre[k] : '.', files, part,
		    (double)part / (double)ndocs);
	}
	printf("bench: %zu files, %llu bytes, %.0f bytes per article\n",
	    n, total, (double)total / (double)ndocs);
	idx_get_stats(x, &is);
	printf("bench: %zu keys (%zu trigrams, %zu frequent bigrams), %llu "
	    "postings, %llu positions, %u runs, peak lists in memory %zu MB\n",
	    is.keys, is.trigrams, is.frequent, (unsigned long long)is.postings,
	    (unsigned long long)is.positions, is.runs, is.peak >> 20);
	printf("bench: %zu folders, at most %zu entries in one\n", is.folders,
	    is.widest);
	getrusage(RUSAGE_SELF, &ru);
	printf("bench: peak RSS %ld MB\n", ru.ru_maxrss / 1024);
	free_list(v, n);
	free(sdir);
	buf_release(&text);
	buf_release(&title);
	idx_free(x);
	diags_release(&dg);
	return 0;
}

/* ---- patching --------------------------------------------------------- */

/* The files of an index kept in memory: "search/g/0/5.js" to its bytes. */
static int
put_mem(void *arg, const char *path, const char *rel, const void *p, size_t n)
{
	void		**v = strmap_slot(arg, rel);
	struct buf	*b = *v;

	(void)path;
	if (b == NULL) {
		b = xcalloc(1, sizeof(*b));
		buf_init(b);
		*v = b;
	}
	buf_reset(b);
	buf_put(b, p, n);
	return 0;
}

/* Reads search/REL of the index in memory at arg. */
static int
get_mem(void *arg, const char *rel, struct buf *b)
{
	char		*sub = path_join("search", rel);
	struct buf	*f = strmap_get(arg, sub);

	free(sub);
	if (f == NULL)
		return -1;
	buf_put(b, f->ptr, f->len);
	return 0;
}

static void
mem_free(struct strmap *m)
{
	struct buf	*b;
	size_t		 i;

	for (i = 0; i < strmap_cap(m); i++)
		if (strmap_key_at(m, i, (void **)&b) != NULL) {
			buf_release(b);
			free(b);
		}
	strmap_free(m);
}

/*
 * Whether last, but for its facet shards and with patch's files over it,
 * holds the files of whole and no other.
 */
static int
same_overlay(struct strmap *last, struct strmap *patch, struct strmap *whole)
{
	struct buf	*w, *f;
	const char	*k;
	size_t		 i, n = 0, nw = 0;

	for (i = 0; i < strmap_cap(last); i++)
		if ((k = strmap_key_at(last, i, (void **)&f)) != NULL &&
		    strncmp(k, "search/f/", 9) != 0 && strmap_get(patch, k) == NULL)
			n++;
	for (i = 0; i < strmap_cap(patch); i++)
		if (strmap_key_at(patch, i, (void **)&f) != NULL)
			n++;
	for (i = 0; i < strmap_cap(whole); i++) {
		if ((k = strmap_key_at(whole, i, (void **)&w)) == NULL)
			continue;
		nw++;
		if ((f = strmap_get(patch, k)) == NULL &&
		    (strncmp(k, "search/f/", 9) == 0 ||
		    (f = strmap_get(last, k)) == NULL))
			return 0;
		if (f->len != w->len || memcmp(f->ptr, w->ptr, f->len) != 0)
			return 0;
	}
	return n == nw;
}

/*
 * PATCH_DOCS documents of a few characters, so that lists are long (an
 * odd number: the last docs chunk is not full); PATCH_MORE may be added.
 */
#define PATCH_DOCS	91
#define PATCH_MORE	4
#define PATCH_ALL	(PATCH_DOCS + PATCH_MORE)
static const char patch_chars[] = "工会职工劳动模范服务站点快递书屋";

static void
patch_text(struct buf *b, size_t len)
{
	size_t	 n = (sizeof(patch_chars) - 1) / 3, k;

	buf_reset(b);
	for (k = 0; k < len; k++) {
		buf_put(b, patch_chars + 3 * rnd((uint32_t)n), 3);
		if (rnd(15) == 0)
			buf_puts(b, rnd(2) ? "，" : "12");
	}
}

/* Tiny shards: keys move to files of their own (h, q) at a few documents. */
static size_t patch_shard = 48;

static void
patch_settings(struct idx *x)
{
	idx_set_chunk_docs(x, 2);
	idx_set_shard_bytes(x, patch_shard);
	idx_set_prefix_docs(x, 8);
	idx_set_frequent(x, 500, 3);
}

/* The index of d[0 .. n), its files in memory; its state into st. */
static struct strmap *
full_index(const struct idx_doc *d, size_t n, struct buf *st)
{
	struct diags	 dg = DIAGS_INIT;
	struct strmap	*m = strmap_new();
	struct idx	*x = idx_new();
	size_t		 i;

	patch_settings(x);
	idx_set_put(x, put_mem, m);
	for (i = 0; i < n; i++)
		idx_add(x, &d[i]);
	if (idx_write(x, "/nonexistent", &dg) == -1) {
		mem_free(m);
		m = NULL;
	}
	buf_reset(st);
	idx_state(x, st);
	idx_free(x);
	diags_release(&dg);
	return m;
}

/*
 * Random edits of a few documents (a character changed, added or taken
 * away, a title or a province changed): the last index patched, with
 * the files it did not write taken from the last index (but the facet
 * shards, which a patch writes whole), must be the index of the edited
 * documents made whole, file for file, and so must its state be.
 */
static void
test_patch(size_t shard)
{
	static const char *const provs[] = { "山东省", "湖南省", "广东省" };
	struct idx_doc	 d[PATCH_ALL], e[PATCH_ALL];
	struct buf	 text[PATCH_ALL], etext[PATCH_ALL], title[PATCH_ALL];
	struct buf	 etitle[PATCH_ALL], sta = BUF_INIT, stb = BUF_INIT;
	struct buf	 stp = BUF_INIT;
	struct diags	 dg = DIAGS_INIT;
	struct strmap	*a, *b, *pm;
	struct idx	*x;
	char		 ids[PATCH_ALL][16];
	size_t		 i, k, t, pos, n, edited[3], ne, nadd;
	int		 rc, same, ok = 0, refused = 0, wrong = 0, state_wrong = 0;
	int		 ok_add = 0;

	patch_shard = shard;
	rng = 88172645463325252ull + shard;
	memset(d, 0, sizeof(d));
	for (i = 0; i < PATCH_ALL; i++) {
		buf_init(&text[i]);
		buf_init(&title[i]);
		buf_init(&etext[i]);
		buf_init(&etitle[i]);
		patch_text(&text[i], 20 + rnd(200));
		patch_text(&title[i], 3 + rnd(6));
		snprintf(ids[i], sizeof(ids[i]), "p-%03zu", i);
		d[i].id = ids[i];
		d[i].url = ids[i];
		d[i].title = title[i].ptr;
		d[i].date = i < PATCH_DOCS / 2 ? "2024-01-02" : "2025-03-04";
		d[i].issue = d[i].date;
		d[i].page = 1;
		d[i].kind = "news";
		d[i].province = provs[i % 3];
		d[i].text = text[i].ptr;
	}
	a = full_index(d, PATCH_DOCS, &sta);
	check(a != NULL, "patch: the last index is written");
	for (t = 0; t < 80 && a != NULL; t++) {
		memcpy(e, d, sizeof(e));
		/* A trial in three adds documents after the last; some only that. */
		nadd = t % 3 == 2 ? 1 + rnd(PATCH_MORE) : 0;
		ne = nadd && rnd(2) ? 0 : 1 + rnd(3);
		for (k = 0; k < ne; k++) {
			/* Now and then one in the prefix: refused. */
			i = edited[k] = rnd(8) == 0 ? rnd(8) :
			    8 + rnd(PATCH_DOCS - 8);
			buf_reset(&etext[i]);
			buf_puts(&etext[i], d[i].text);
			n = etext[i].len / 3;
			pos = 3 * rnd((uint32_t)n);
			switch (rnd(5)) {
			case 0:		/* a character changed */
				if (etext[i].ptr[pos] & 0x80)
					memcpy(etext[i].ptr + pos, patch_chars +
					    3 * rnd(16), 3);
				break;
			case 1:		/* one added */
				buf_reset(&etitle[i]);
				buf_put(&etitle[i], etext[i].ptr, pos);
				buf_put(&etitle[i], patch_chars + 3 * rnd(16), 3);
				buf_puts(&etitle[i], etext[i].ptr + pos);
				buf_reset(&etext[i]);
				buf_puts(&etext[i], etitle[i].ptr);
				break;
			case 2:		/* the text cut short */
				etext[i].len = pos;
				etext[i].ptr[pos] = '\0';
				break;
			case 3:		/* another title, below */
				break;
			default:	/* another province */
				e[i].province = provs[(i + 1) % 3];
			}
			patch_text(&etitle[i], 2 + rnd(4));
			e[i].title = rnd(5) == 3 ? etitle[i].ptr : d[i].title;
			e[i].text = etext[i].ptr;
		}
		if ((b = full_index(e, PATCH_DOCS + nadd, &stb)) == NULL)
			break;
		pm = strmap_new();
		x = idx_new_patch("/nonexistent", sta.ptr, get_mem, a);
		if (x == NULL) {
			mem_free(b);
			mem_free(pm);
			break;
		}
		idx_set_put(x, put_mem, pm);
		/* One trial in four keeps no list: each is made again to write. */
		if (t % 4 == 1)
			idx_set_patch_hold(x, 0);
		for (i = 0; i < PATCH_DOCS + nadd; i++) {
			for (k = 0; k < ne && edited[k] != i; k++)
				continue;
			if (k < ne || i >= PATCH_DOCS) {
				idx_add_patched(x, idx_prep(&e[i]), i < PATCH_DOCS ?
				    idx_prep(&d[i]) : NULL);
				continue;
			}
			/* Odd trials: facets alone outside the edited chunks. */
			for (k = 0; k < ne && edited[k] / 2 != i / 2; k++)
				continue;
			if (t % 2 && k == ne && !(nadd && i / 2 == PATCH_DOCS / 2))
				idx_add_unchanged(x, &e[i]);
			else
				idx_add_patched(x, idx_prep_fields(&e[i]), NULL);
		}
		rc = idx_write(x, "/nonexistent", &dg);
		buf_reset(&stp);
		idx_state(x, &stp);
		if (rc == 1 && getenv("TEST_PATCH_WHY"))
			printf("# refused: %s\n", idx_patch_refused(x));
		idx_free(x);
		if (rc == 1)
			refused++;
		else {
			same = rc == 0 && same_overlay(a, pm, b);
			if (!same && wrong++ == 0)
				printf("# patch: trial %zu differs from the index "
				    "made whole\n", t);
			if (same && strcmp(stp.ptr, stb.ptr) != 0)
				state_wrong++;
			ok += same;
			ok_add += same && nadd;
		}
		mem_free(b);
		mem_free(pm);
	}
	/* One document fewer: the numbers no longer match; refused. */
	if (a != NULL && (x = idx_new_patch("/nonexistent", sta.ptr, get_mem,
	    a)) != NULL) {
		pm = strmap_new();
		idx_set_put(x, put_mem, pm);
		for (i = 0; i + 1 < PATCH_DOCS; i++)
			idx_add_patched(x, i == 20 ? idx_prep(&d[i]) :
			    idx_prep_fields(&d[i]), i == 20 ? idx_prep(&d[i]) :
			    NULL);
		rc = idx_write(x, "/nonexistent", &dg);
		if (getenv("TEST_PATCH_WHY"))
			printf("# fewer: %d %s\n", rc, idx_patch_refused(x) ? idx_patch_refused(x) : "-");
		check(rc == 1 && strmap_get(pm,
		    "search/meta.js") == NULL, "patch: a document fewer is "
		    "refused, and nothing written");
		idx_free(x);
		mem_free(pm);
	}
	/* A document of an edited chunk without its fields: refused. */
	if (a != NULL && (x = idx_new_patch("/nonexistent", sta.ptr, get_mem,
	    a)) != NULL) {
		for (i = 0; i < PATCH_DOCS; i++)
			if (i == 21)
				idx_add_patched(x, idx_prep(&d[i]), idx_prep(&d[i]));
			else if (i == 20)
				idx_add_unchanged(x, &d[i]);
			else
				idx_add_patched(x, idx_prep_fields(&d[i]), NULL);
		check(idx_write(x, "/nonexistent", &dg) == 1,
		    "patch: a chunk to write without a document's text is refused");
		idx_free(x);
	}
	check(t == 80, "patch: eighty trials ran");
	check(wrong == 0, "patch: every patched index is the index made whole");
	check(state_wrong == 0, "patch: and its state is that index's");
	check(ok >= 30, "patch: edits patch, but for those refused");
	/* With tiny shards an added document moves some list to a file. */
	check(shard < 1024 || ok_add >= 10,
	    "patch: documents added after the last are patched in");
	check(refused >= 1, "patch: an edit in the prefix is refused");
	printf("# patch (%zu-byte shards): %d patched (%d adding documents), "
	    "%d refused\n", shard, ok, ok_add, refused);
	if (a != NULL)
		mem_free(a);
	for (i = 0; i < PATCH_ALL; i++) {
		buf_release(&text[i]);
		buf_release(&title[i]);
		buf_release(&etext[i]);
		buf_release(&etitle[i]);
	}
	buf_release(&sta);
	buf_release(&stb);
	buf_release(&stp);
	diags_release(&dg);
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
	test_shards_rule();
	test_write(top);
	test_blocks(top);
	test_long_lists(top);
	test_small(top);
	test_empty(top);
	test_patch(48);
	test_patch(1024);
	if (argc == 2)
		write_fixture(argv[1]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", top);
	return check_done();
}
