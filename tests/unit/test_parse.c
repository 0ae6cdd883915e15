/*
 * test_parse.c: the parser's rules, each on a small page written for the
 * test: bylines and leads, headline roles, columns, kinds, joins,
 * furniture, front matter and the inferred date.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "byline.h"
#include "check.h"
#include "date.h"
#include "issue.h"
#include "record.h"
#include "seg.h"

static struct issue *
cut(const char *name, const char *text)
{
	struct issue	*is = calloc(1, sizeof(*is));
	struct source	 src;

	if (issue_read_mem(name, text, strlen(text), is, &src, &is->diags) == 0)
		seg_cut(is, &src, NULL);
	source_release(&src);
	return is;
}

static int
streq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static int
has_author(const struct article *a, const char *name, enum author_role r)
{
	size_t	 i;

	for (i = 0; i < a->nauthors; i++)
		if (strcmp(a->authors[i].name, name) == 0 && a->authors[i].role == r)
			return 1;
	return 0;
}

static void
test_bylines(void)
{
	struct authors	 a = { NULL, 0, NULL };
	char		*dl = NULL;
	int		 credit;
	size_t		 n;

	CHECK(byline_line(span_of("本报记者 林晓岚 本报通讯员 郑一鸣 高原"), &a, &credit) &&
	    a.n == 3 && a.v[0].role == ROLE_REPORTER && a.v[1].role == ROLE_CORRESPONDENT &&
	    a.v[2].role == ROLE_CORRESPONDENT && strcmp(a.v[2].name, "高原") == 0 && !credit,
	    "standalone byline: a name keeps the role before it");
	authors_release(&a);
	CHECK(byline_line(span_of("本报通讯员 石磊 卢佳 摄"), &a, &credit) && credit &&
	    a.n == 2 && a.v[0].role == ROLE_PHOTOGRAPHER && a.v[1].role == ROLE_PHOTOGRAPHER,
	    "picture credit: every name is a photographer");
	authors_release(&a);
	CHECK(!byline_line(span_of("记者从会上获悉,今年全市新建工会驿站20个。"), &a, &credit),
	    "a sentence that starts with 记者 is not a byline");
	authors_release(&a);
	n = byline_lead(span_of("本报讯 (记者周启明 通讯员韩雪)3月8日,……"), &a, &dl);
	CHECK(n == strlen("本报讯 (记者周启明 通讯员韩雪)") && a.n == 2 && dl == NULL &&
	    a.v[1].role == ROLE_CORRESPONDENT, "本报讯 lead with a space before the bracket");
	authors_release(&a);
	n = byline_lead(span_of("本报讯(记者程远 罗兰)近日,"), &a, &dl);
	CHECK(n > 0 && a.n == 2 && a.v[1].role == ROLE_REPORTER, "two reporters in one bracket");
	authors_release(&a);
	n = byline_lead(span_of("本报西安6月10日电(记者杜衡 实习生苏禾)今天,"), &a, &dl);
	CHECK(n > 0 && streq(dl, "本报西安6月10日电") && a.n == 2 &&
	    a.v[1].role == ROLE_INTERN, "dated lead gives the dateline and an intern");
	free(dl);
	authors_release(&a);
	n = byline_lead(span_of("新华社北京3月5日电(记者柯文)记者5日从"), &a, &dl);
	CHECK(n > 0 && streq(dl, "新华社北京3月5日电") && has_author(
	    &(struct article){ .authors = a.v, .nauthors = a.n }, "新华社", ROLE_AGENCY),
	    "agency lead: dateline and the agency as author");
	free(dl);
	authors_release(&a);
	CHECK(byline_agency_line(span_of("(新华社北京3月5日电)"), &a, &dl) &&
	    streq(dl, "新华社北京3月5日电") && a.n == 1 && a.v[0].role == ROLE_AGENCY,
	    "closing agency line");
	free(dl);
	authors_release(&a);
	CHECK(byline_lead(span_of("本报记者日前从市总工会获悉,"), &a, &dl) == 0,
	    "本报记者日前… is no lead");
	authors_release(&a);
}

static const char page1[] =
"\n\n"
"职工之声\n\n"
"某某区总工会牵头搭建协商平台,让企业与职工坐到一张桌前——\n\n"
"“一张桌子”解开加班费心结\n\n"
"本报记者 林晓岚 本报通讯员 郑一鸣\n\n"
"“以前有事不知道找谁,现在工会给我们搭了台子。”说这话的是一家物流公司的分拣员。\n\n"
"平台建起来\n\n"
"去年以来,区总工会在园区推行协商议事制度,先后组织企业与职工代表协商二十余次,化解了一\n\n"
"批加班费、休息休假方面的矛盾。\n\n"
"青年技能比武开赛\n\n"
"本报讯 (记者周启明 通讯员韩雪)3月8日,全市青年职工技能比武在市职工培训中心开赛。\n\n"
"比武设焊接、数控车等六个项目。\n\n"
"春耕忙\n\n"
"3月10日,农机手在田间检修机械,为春耕做准备。\n\n"
"本报通讯员 石磊 卢佳 摄\n\n"
"《职工天地》2026年第3期要目\n\n"
"- 特别策划\n\n"
"一线职工的春天……本刊编辑部\n\n"
"扫一扫阅读《职工天地》第3期全部目录\n\n"
"(上接第1版)\n\n"
"奋斗的道路从来不是坦途。\n\n"
"(新华社北京3月5日电)\n\n"
"责任编辑:许明\n\n"
"E-mail:desk@example.org\n";

static void
test_page(void)
{
	struct issue		*is = cut("content/2026-03-12-p05.txt", page1);
	const struct article	*a;
	size_t			 i, lines = 0;

	CHECK(is->narticles == 5, "five articles on the page");
	if (is->narticles < 5)
		goto out;
	a = &is->articles[0];
	CHECK(a->kind == KIND_FEATURE, "byline makes a feature");
	CHECK(streq(a->column, "职工之声") || a->column == NULL, "column label read");
	CHECK(streq(a->kicker, "某某区总工会牵头搭建协商平台,让企业与职工坐到一张桌前——"),
	    "kicker ending in —— ");
	CHECK(streq(a->title, "“一张桌子”解开加班费心结"), "title under the kicker");
	CHECK(has_author(a, "林晓岚", ROLE_REPORTER) && has_author(a, "郑一鸣", ROLE_CORRESPONDENT),
	    "feature byline roles");
	CHECK(a->nbody == 3 && a->body[1].type == BLOCK_HEADING, "intertitle is a heading");
	CHECK(a->nbody == 3 && a->body[2].nlines == 2 &&
	    strstr(a->body[2].text, "化解了一批加班费") != NULL,
	    "paragraph cut by a column break is joined");
	a = &is->articles[1];
	CHECK(a->kind == KIND_NEWS && streq(a->title, "青年技能比武开赛"), "news under its headline");
	CHECK(a->nbody == 2 && strncmp(a->body[0].text, "3月8日", strlen("3月8日")) == 0,
	    "lead credit removed from the first paragraph");
	a = &is->articles[2];
	CHECK(a->kind == KIND_PHOTO && streq(a->title, "春耕忙") &&
	    has_author(a, "石磊", ROLE_PHOTOGRAPHER), "picture news with its credit");
	CHECK(a->nbody == 1 && a->body[0].type == BLOCK_CAPTION, "caption block");
	a = &is->articles[3];
	CHECK(a->kind == KIND_TOC && streq(a->title, "《职工天地》2026年第3期要目") &&
	    a->nlines == 4, "periodical toc through its scan prompt");
	a = &is->articles[4];
	CHECK(a->kind == KIND_CONTINUATION && a->title == NULL &&
	    has_author(a, "新华社", ROLE_AGENCY) && streq(a->dateline, "新华社北京3月5日电"),
	    "continuation closed by an agency line");
	CHECK(is->nfurniture == 2 && is->neditors == 1 && streq(is->editors[0], "许明"),
	    "furniture set aside, editor read");
	for (i = 0; i < is->narticles; i++)
		lines += is->articles[i].nlines;
	CHECK(lines + is->nfurniture == 23, "every non-empty line is placed once");
	CHECK(streq(is->date, "2026-03-12") && streq(is->date_source, "file-name") &&
	    is->page == 5 && streq(is->id, "2026-03-12-p05"), "date and page from the file name");
out:
	issue_free(is);
}

static void
test_headlines(void)
{
	struct issue	*is;

	is = cut("x.txt", "\n\n市总工会为新就业形态劳动者建起暖心驿站 骑手有了歇脚的家\n\n"
	    "本报讯(记者程远)近日,市总工会新建驿站10个。\n");
	CHECK(is->narticles == 1 && streq(is->articles[0].kicker,
	    "市总工会为新就业形态劳动者建起暖心驿站") &&
	    streq(is->articles[0].title, "骑手有了歇脚的家"), "two headlines on one line");
	issue_free(is);
	is = cut("x.txt", "\n\n全省职工书屋建设现场会召开\n\n推动阅读服务向一线延伸\n\n"
	    "本报讯(记者程远)近日,全省职工书屋建设现场会召开。\n");
	CHECK(is->narticles == 1 && streq(is->articles[0].title, "全省职工书屋建设现场会召开") &&
	    streq(is->articles[0].subtitle, "推动阅读服务向一线延伸"),
	    "two lines of like length: title then subtitle");
	issue_free(is);
	is = cut("x.txt", "\n\n新闻特写\n\n凌晨四点的分拣线\n\n本报记者 杜衡\n\n"
	    "凌晨四点,分拣中心灯火通明。\n");
	CHECK(is->narticles == 1 && streq(is->articles[0].column, "新闻特写") &&
	    streq(is->articles[0].title, "凌晨四点的分拣线"), "column label above the title");
	issue_free(is);
}

static void
test_unsigned_news(void)
{
	struct issue	*is;

	is = cut("x.txt", "\n\n全市职工运动会开幕\n\n本报讯(记者程远)近日,全市职工运动会开幕。\n\n"
	    "比赛设十个项目。\n\n县总工会为环卫工人送清凉\n\n"
	    "7月10日,县总工会为一线环卫工人送去防暑用品。\n");
	CHECK(is->narticles == 2 && is->articles[1].title != NULL &&
	    strcmp(is->articles[1].title, "县总工会为环卫工人送清凉") == 0,
	    "after a news story, a headline over a lead-less news paragraph opens an article");
	issue_free(is);
	is = cut("x.txt", "\n\n一篇通讯的标题\n\n本报记者 程远\n\n第一段。\n\n小标题在此\n\n"
	    "近日,又有新进展。\n");
	CHECK(is->narticles == 1 && is->articles[0].nbody == 3,
	    "inside a feature the same shape is an intertitle");
	issue_free(is);
}

static void
test_front_matter(void)
{
	struct issue	*is;

	is = cut("feature.txt", "---\ndate: 2026-05-21\npage: 5\nedition: 要闻\n"
	    "colour: red\n---\n\n标题在此\n\n本报讯(记者程远)近日,正文。\n");
	CHECK(streq(is->date, "2026-05-21") && streq(is->date_source, "front-matter") &&
	    is->page == 5 && streq(is->edition, "要闻"), "front matter read");
	CHECK(is->diags.n >= 1 && strstr(is->diags.v[0].msg, "colour") != NULL &&
	    is->diags.v[0].line == 5, "unknown front-matter key warned with its line");
	CHECK(is->narticles == 1 && is->articles[0].lines[0] == 8,
	    "line numbers stay physical after front matter");
	issue_free(is);
	{
		struct source src;
		is = calloc(1, sizeof(*is));
		CHECK(issue_read_mem("bin.txt", "abc\0def", 7, is, &src, &is->diags) == -1 &&
		    is->diags.n == 1 && strstr(is->diags.v[0].msg, "byte 3") != NULL,
		    "a file with NUL bytes is refused, naming the byte");
		source_release(&src);
		issue_free(is);
	}
}

static void
test_date(void)
{
	struct issue	*is;

	is = cut("page.txt", "\n\n标题\n\n本报西安6月10日电(记者杜衡)今天,2026年职工运动会开幕。\n\n"
	    "6月8日,预赛结束。\n");
	CHECK(streq(is->date, "2026-06-11") && streq(is->date_source, "text"),
	    "date from a dateline: the next day");
	issue_free(is);
	is = cut("page.txt", "\n\n标题\n\n本报讯(记者杜衡)6月8日,2026年职工运动会预赛结束。"
	    "决赛将于6月30日前举行。\n");
	CHECK(streq(is->date, "2026-06-12"), "undatelined event: estimated days later, deadlines ignored");
	issue_free(is);
	CHECK(date_days(2026, 3, 1) - date_days(2026, 2, 28) == 1, "day arithmetic over February");
	{
		int y, m, d;
		date_civil(date_days(2025, 12, 31) + 1, &y, &m, &d);
		CHECK(y == 2026 && m == 1 && d == 1, "day arithmetic over the year");
	}
	CHECK(date_valid("2024-02-29") && !date_valid("2025-02-29") && !date_valid("2025-13-01"),
	    "date validity");
}

int
main(void)
{
	test_bylines();
	test_page();
	test_headlines();
	test_unsigned_news();
	test_front_matter();
	test_date();
	return check_done();
}
