/*
 * test_fix.c: sidecar corrections (reading them, and the cut they
 * override) and the paragraph rules of para.c, on pages written for the
 * test; the topic keywords of topic.c.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "conf.h"
#include "fix.h"
#include "gaz.h"
#include "issue.h"
#include "record.h"
#include "seg.h"
#include "topic.h"
#include "util.h"

static const char page[] =
"\n\n"
"区总工会开展劳动法律监督“回头看”\n\n"				/* 3 */
"本报讯(记者程远)近日,区总工会对去年发出提示函的企业开展“回头看”。\n\n"	/* 5 */
"检查发现,多数企业已按要求整改。\n\n"				/* 7 */
"女职工专项集体合同签约率提高\n\n"				/* 9 */
"本报讯(记者罗兰)近日,全区女职工权益保护专项集体合同签约率超过九成。\n\n"	/* 11 */
"第3版\n";								/* 13 */

static struct issue *
cut(const char *text, const char *fixes, struct gaz *g, struct topic_set *ts,
    struct diags *fd)
{
	struct issue	*is = calloc(1, sizeof(*is));
	struct source	 src;
	struct fixes	 fx;
	struct seg_opts	 o = { g, ts, &fx, NULL };

	memset(&fx, 0, sizeof(fx));
	fix_parse("t.fix", fixes, &fx, fd);
	if (issue_read_mem("2026-03-01-p03.txt", text, strlen(text), is, &src,
	    &is->diags) == 0)
		seg_cut(is, &src, &o);
	source_release(&src);
	fix_release(&fx);
	return is;
}

static int
has_diag(const struct diags *d, const char *code, unsigned line)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].code, code) == 0 && (line == 0 || d->v[i].line == line))
			return 1;
	return 0;
}

static void
test_read(void)
{
	struct fixes	 f;
	struct diags	 d = DIAGS_INIT;

	memset(&f, 0, sizeof(f));
	fix_parse("x.fix", "# a comment\n\nsplit 7\ntitle 3 新 标题\nbefore 9 5\n"
	    "frobnicate 3\ntitle 3\nsplit\nbefore 4\n", &f, &d);
	CHECK(f.n == 3 && f.v[0].op == FIX_SPLIT && f.v[0].line == 7 && f.v[0].at == 3,
	    "corrections read with their own line numbers");
	CHECK(f.n == 3 && strcmp(f.v[1].arg, "新 标题") == 0, "a title keeps its spaces");
	CHECK(f.n == 3 && f.v[2].line == 9 && f.v[2].line2 == 5, "before takes two lines");
	CHECK(d.n == 4 && d.v[0].line == 6 && strstr(d.v[0].msg, "frobnicate"),
	    "an unknown correction names x.fix:6 and the word");
	CHECK(d.n == 4 && d.v[1].line == 7 && d.v[2].line == 8 && d.v[3].line == 9,
	    "missing values and line numbers are errors at their lines");
	fix_release(&f);
	diags_release(&d);
}

static void
test_apply(void)
{
	struct conf	 c;
	struct diags	 d = DIAGS_INIT;
	struct gaz	*g = gaz_new();
	struct topic_set *ts;
	struct issue	*is;

	conf_init(&c);
	CHECK(conf_load(&c, "site.conf", &d) == 0, "site.conf loads (run from the top)");
	ts = topic_new(&c);

	is = cut(page, "", g, ts, &d);
	CHECK(is->narticles == 2 && is->nfurniture == 1, "the page without corrections: two articles");
	issue_free(is);

	is = cut(page, "split 7\n", g, ts, &d);
	CHECK(is->narticles == 3 && is->articles[1].lines[0] == 7, "split starts an article at the line");
	issue_free(is);

	is = cut(page, "join 11\n", g, ts, &d);
	CHECK(is->narticles == 1 && is->articles[0].nlines == 5, "join makes one article of two");
	issue_free(is);

	is = cut(page, "furniture 7\n", g, ts, &d);
	CHECK(is->nfurniture == 2 && is->articles[0].nlines == 2, "a line made furniture leaves the article");
	issue_free(is);

	is = cut(page, "title 5 改过的主题\nkicker 5 一个引题\nkind 9 other\n"
	    "region 3 山东省 菏泽市 牡丹区\nregion 3 重庆市 城口县\n"
	    "topics 11 women-workers\nauthor 11 罗兰 correspondent\n", g, ts, &d);
	CHECK(is->narticles == 2 && strcmp(is->articles[0].title, "改过的主题") == 0 &&
	    strcmp(is->articles[0].kicker, "一个引题") == 0, "title and kicker set");
	CHECK(is->narticles == 2 && is->articles[1].kind == KIND_OTHER, "kind set");
	CHECK(is->narticles == 2 && is->articles[0].nregions == 2 &&
	    strcmp(is->articles[0].regions[0].county->name, "牡丹区") == 0 &&
	    strcmp(is->articles[0].regions[0].province->name, "山东省") == 0 &&
	    is->articles[0].regions[1].city == NULL &&
	    strcmp(is->articles[0].regions[1].county->name, "城口县") == 0,
	    "regions replaced, parents filled, a municipality's county without city");
	CHECK(is->narticles == 2 && is->articles[1].ntopics == 1 &&
	    strcmp(is->articles[1].topics[0], "women-workers") == 0, "topics replaced");
	CHECK(is->narticles == 2 && is->articles[1].nauthors == 1 &&
	    is->articles[1].authors[0].role == ROLE_CORRESPONDENT, "authors replaced");
	CHECK(is->diags.worst < DIAG_ERROR, "all applied without error");
	issue_free(is);

	is = cut(page, "title 99 无处\nregion 3 火星省\ntopics 3 no-such\njoin 5\n", g, ts, &d);
	CHECK(has_diag(&is->diags, "fix", 1) && has_diag(&is->diags, "fix", 2) &&
	    has_diag(&is->diags, "fix", 3) && has_diag(&is->diags, "fix", 4),
	    "corrections that cannot apply are errors naming t.fix:LINE");
	issue_free(is);

	topic_free(ts);
	gaz_free(g);
	conf_release(&c);
	diags_release(&d);
}

static const char order[] =
"\n\n"
"驿站里的“暖心账本”\n\n"						/* 3 */
"本报记者 程远\n\n"							/* 5 */
"出一本写满名字的记事本:谁常来歇脚,谁需要热水,都记在上面。\n\n"	/* 7 */
"站长每天最早到岗。\n\n"						/* 9 */
"账本里的名字\n\n"							/* 11 */
"一进门,站长就从抽屉里拿\n\n"						/* 13 */
"有了账本\n\n"								/* 15 */
"服务更有针对性了。这本账本已经记满了三本。\n\n"			/* 17 */
"服务更有针对性了。这本账本已经记满了三本。\n";			/* 19 */

static void
test_paragraphs(void)
{
	struct diags	 d = DIAGS_INIT;
	struct issue	*is = cut(order, "", NULL, NULL, &d);
	const struct article *a;

	CHECK(is->narticles == 1, "one feature");
	if (is->narticles != 1)
		goto out;
	a = &is->articles[0];
	CHECK(a->nbody >= 1 && a->body[0].nlines == 2 && a->body[0].lines[0] == 13 &&
	    a->body[0].lines[1] == 7, "a fragment out of reading order goes before the line that finishes it");
	CHECK(has_diag(&is->diags, "out-of-order", 13), "and the move is noted at its line");
	CHECK(has_diag(&is->diags, "repeat", 19) && a->nlines == 9,
	    "a verbatim repeat is shown once and its line kept in the article");
out:
	issue_free(is);
	is = cut("\n\n标题一则\n\n本报记者 程远\n\n这一段在句中断开了,\n\n小标题\n\n"
	    "另一段完整的话。\n", "", NULL, NULL, &d);
	CHECK(is->narticles == 1 && has_diag(&is->diags, "fragment", 7),
	    "a fragment with no clear place is left and reported");
	issue_free(is);
	is = cut("\n\n标题一则\n\n本报记者 程远\n\n这一段在句中断开了,\n\n小标题\n\n"
	    "另一段完整的话。\n", "before 7 11\n", NULL, NULL, &d);
	CHECK(is->narticles == 1 && is->articles[0].body[1].nlines == 2 &&
	    !has_diag(&is->diags, "fragment", 0), "a sidecar 'before' puts it back");
	issue_free(is);
	diags_release(&d);
}

/* One topic a keyword, each worth a topic alone (weight 4). */
static const char *const topic_words[] = {
	"会", "工匠", "工会驿站", "APP", "\xf0\xa0\x80\x80\xf0\xa0\x80\x81",
};

/* The topics the body gets, "t0,t2" ("-" none), the keywords as above. */
static const char *
topic_of(const struct topic_set *ts, const char *body)
{
	static char	 got[64];
	struct article	 a;
	size_t		 i;

	memset(&a, 0, sizeof(a));
	topic_assign(ts, &a, "", body);
	strcpy(got, a.ntopics ? "" : "-");
	for (i = 0; i < a.ntopics; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, a.topics[i]);
	}
	return got;
}

static void
test_topics(void)
{
	static const char *const slug[] = { "t0", "t1", "t2", "t3", "t4" };
	struct conf	 c;
	struct topic_set *ts;
	size_t		 i, n = sizeof(topic_words) / sizeof(topic_words[0]);

	conf_init(&c);
	c.topics = xcalloc(n, sizeof(*c.topics));
	for (i = 0; i < n; i++) {
		c.topics[i].slug = xstrdup(slug[i]);
		c.topics[i].name = xstrdup(slug[i]);
		c.topics[i].kw = xcalloc(1, sizeof(*c.topics[i].kw));
		c.topics[i].kw[0].word = xstrdup(topic_words[i]);
		c.topics[i].kw[0].weight = 4;
		c.topics[i].nkw = 1;
	}
	c.ntopics = n;
	ts = topic_new(&c);
	CHECK(strcmp(topic_of(ts, "今天开会"), "t0") == 0,
	    "topics: a keyword of one character, last in the text");
	CHECK(strcmp(topic_of(ts, "会上"), "t0") == 0,
	    "topics: a keyword of one character before another");
	CHECK(strcmp(topic_of(ts, "工匠精神"), "t1") == 0 &&
	    strcmp(topic_of(ts, "来到工会驿站"), "t0,t2") == 0,
	    "topics: two keywords that start alike");
	CHECK(strcmp(topic_of(ts, "工人"), "-") == 0 &&
	    strcmp(topic_of(ts, "工"), "-") == 0,
	    "topics: their first character alone is none");
	CHECK(strcmp(topic_of(ts, "下载APP"), "t3") == 0 &&
	    strcmp(topic_of(ts, "AP"), "-") == 0,
	    "topics: an ASCII keyword, and its start cut off");
	CHECK(strcmp(topic_of(ts, "见\xf0\xa0\x80\x80\xf0\xa0\x80\x81"), "t4") == 0 &&
	    strcmp(topic_of(ts, "\xf0\xa0\x80\x80\xf0\xa0\x80\x82"), "-") == 0,
	    "topics: characters of four bytes");
	topic_free(ts);
	conf_release(&c);
}

int
main(void)
{
	test_read();
	test_apply();
	test_paragraphs();
	test_topics();
	return check_done();
}
