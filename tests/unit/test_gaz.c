/*
 * test_gaz.c: the gazetteer: its data (gaz_data.c), its lookups (gaz.c),
 * and gaz_regions() (gaz_match.c, gaz_score.c) on small made-up articles
 * in the style of union news.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "gaz.h"
#include "record.h"
#include "util.h"

static struct gaz	*g;

/* Regions as "山东省/菏泽市/-;山东省/菏泽市/牡丹区". */
static void
regions_str(struct buf *b, const struct region *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%s/%s/%s", i ? ";" : "",
		    r[i].province ? r[i].province->name : "?",
		    r[i].city ? r[i].city->name : "-",
		    r[i].county ? r[i].county->name : "-");
}

static void
expect(const char *what, const char *dateline, const char *title,
    const char *body, const char *want)
{
	struct region	 r[8];
	struct buf	 b = BUF_INIT, msg = BUF_INIT;
	size_t		 n;

	n = gaz_regions(g, dateline, title, body, r, 8);
	regions_str(&b, r, n);
	buf_printf(&msg, "%s: [%s]", what, want);
	if (strcmp(b.ptr, want) != 0)
		buf_printf(&msg, " (got [%s])", b.ptr);
	check(strcmp(b.ptr, want) == 0, msg.ptr);
	buf_release(&b);
	buf_release(&msg);
}

static int
slug_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

static void
test_data(void)
{
	const struct gaz_unit	*u, *v, *p;
	size_t			 i, j, n = gaz_count(g), bad, lv[4] = { 0 };
	char			 what[128];

	check(n >= 3000 && n <= 3500, "gaz_count() between 3,000 and 3,500");
	for (i = 0, bad = 0; i < n; i++) {
		u = gaz_unit_at(g, i);
		lv[u->level]++;
		for (p = u, j = 0; p->parent != NULL && j < 3; p = p->parent, j++)
			if (p->parent->level >= p->level)
				bad++;
		if (p->level != GAZ_PROVINCE || p->parent != NULL)
			bad++;
		if ((u->level == GAZ_PROVINCE) != (u->parent == NULL))
			bad++;
	}
	check(bad == 0, "every parent chain climbs levels and ends at a province");
	snprintf(what, sizeof(what), "units by level: %zu provinces, %zu prefectures, %zu counties",
	    lv[1], lv[2], lv[3]);
	check(lv[1] == 34 && lv[2] > 300 && lv[3] > 2800, what);

	for (i = 0, bad = 0; i < n; i++) {
		u = gaz_unit_at(g, i);
		if (strlen(u->code) != 6 || strspn(u->code, "0123456789") != 6 ||
		    (i > 0 && strcmp(gaz_unit_at(g, i - 1)->code, u->code) >= 0) ||
		    gaz_by_code(g, u->code) != u)
			bad++;
	}
	check(bad == 0, "codes are 6 digits, ascending, and gaz_by_code finds each");

	/* Siblings are adjacent in code order only within a parent: compare all pairs per parent. */
	for (i = 0, bad = 0; i < n; i++) {
		u = gaz_unit_at(g, i);
		if (!slug_ok(u->slug))
			bad++;
		for (j = i + 1; j < n; j++) {
			v = gaz_unit_at(g, j);
			if (v->parent == u->parent && strcmp(u->slug, v->slug) == 0)
				bad++;
		}
	}
	check(bad == 0, "slugs are [a-z0-9-] and unique among siblings");

	for (i = 0, bad = 0; i < n; i++) {
		u = gaz_unit_at(g, i);
		if (strcmp(u->name, "市辖区") == 0 || strcmp(u->name, "县") == 0 ||
		    strstr(u->name, "直辖县级行政区划") != NULL)
			bad++;
	}
	check(bad == 0, "no placeholder units (市辖区, 县, 省直辖县级行政区划)");

	u = gaz_by_name(g, "澜沧拉祜族自治县", NULL);
	check(u != NULL && u->level == GAZ_COUNTY && u->parent != NULL &&
	    strcmp(u->parent->name, "普洱市") == 0 && u->parent->parent != NULL &&
	    strcmp(u->parent->parent->name, "云南省") == 0,
	    "澜沧拉祜族自治县 -> 普洱市 -> 云南省");
	check(u != NULL && strcmp(gaz_shorts(u), "澜沧") == 0 &&
	    strcmp(u->slug, "lancang") == 0, "澜沧拉祜族自治县: short 澜沧, slug lancang");
	u = gaz_by_name(g, "城口县", NULL);
	check(u != NULL && u->parent != NULL && strcmp(u->parent->name, "重庆市") == 0 &&
	    u->parent->level == GAZ_PROVINCE, "城口县 hangs directly under 重庆市");
	u = gaz_by_name(g, "仙桃市", NULL);
	check(u != NULL && u->level == GAZ_COUNTY && u->parent != NULL &&
	    strcmp(u->parent->name, "湖北省") == 0, "仙桃市 is county-level under 湖北省");
	u = gaz_by_name(g, "菏泽市", NULL);
	v = gaz_by_name(g, "山东省", NULL);
	check(u != NULL && v != NULL && u->parent == v && strcmp(u->slug, "heze") == 0 &&
	    strcmp(v->slug, "shandong") == 0 && strcmp(gaz_shorts(u), "菏泽") == 0,
	    "菏泽市 (heze) under 山东省 (shandong)");
	u = gaz_by_name(g, "陕西省", NULL);
	v = gaz_by_name(g, "山西省", NULL);
	check(u != NULL && v != NULL && strcmp(u->slug, "shaanxi") == 0 &&
	    strcmp(v->slug, "shanxi") == 0, "陕西省 shaanxi, 山西省 shanxi");
	check((u = gaz_by_name(g, "澳门特别行政区", NULL)) != NULL &&
	    u->level == GAZ_PROVINCE && strcmp(gaz_shorts(u), "澳门") == 0 &&
	    gaz_by_name(g, "香港特别行政区", NULL) != NULL &&
	    gaz_by_name(g, "台湾省", NULL) != NULL,
	    "Hong Kong, Macau and Taiwan are province-level units");
	check((u = gaz_by_name(g, "广西壮族自治区", NULL)) != NULL &&
	    strcmp(gaz_shorts(u), "广西") == 0 &&
	    (u = gaz_by_name(g, "新疆维吾尔自治区", NULL)) != NULL &&
	    strcmp(gaz_shorts(u), "新疆") == 0 &&
	    (u = gaz_by_name(g, "内蒙古自治区", NULL)) != NULL &&
	    strcmp(gaz_shorts(u), "内蒙古") == 0 &&
	    (u = gaz_by_name(g, "恩施土家族苗族自治州", NULL)) != NULL &&
	    strcmp(gaz_shorts(u), "恩施") == 0,
	    "short forms drop nationalities: 广西 新疆 内蒙古 恩施");
	u = gaz_by_name(g, "朝阳区", NULL);
	v = gaz_by_name(g, "朝阳区", gaz_by_name(g, "长春市", NULL));
	check(u != NULL && v != NULL && u != v &&
	    strcmp(u->parent->name, "北京市") == 0 &&
	    strcmp(v->parent->name, "长春市") == 0,
	    "gaz_by_name: first 朝阳区 is Beijing's, within 长春市 is Changchun's");
	check(gaz_by_code(g, "999999") == NULL && gaz_by_code(g, NULL) == NULL &&
	    gaz_by_name(g, "不存在市", NULL) == NULL &&
	    gaz_by_name(g, "菏泽", NULL) == NULL && gaz_unit_at(g, n) == NULL,
	    "unknown codes, names and short forms are not units");
}

static void
test_regions(void)
{
	static char	 big[400000];
	struct region	 r[4];
	size_t		 i;

	/* Full and short names, institution names, parents filled in. */
	expect("city union story, one district named once in passing", NULL,
	    "临沂市总工会为快递小哥送清凉",
	    "本报讯 连日高温，临沂市总工会组织志愿者走上街头，为快递小哥送去清凉物资。\n"
	    "临沂市总工会相关负责人表示，将持续关注户外劳动者。\n"
	    "在兰山区的一处驿站，快递员小李领到了防暑药品。\n"
	    "据了解，临沂市总工会今年已建成驿站120个。",
	    "山东省/临沂市/-");
	expect("a district written after its city is a secondary region", NULL,
	    "临沂市总工会为快递小哥送清凉",
	    "本报讯 连日高温，临沂市总工会组织志愿者走上街头，为快递小哥送去清凉物资。\n"
	    "临沂市总工会相关负责人表示，将持续关注户外劳动者。\n"
	    "在临沂市兰山区的一处驿站，快递员小李领到了防暑药品。",
	    "山东省/临沂市/-;山东省/临沂市/兰山区");
	expect("county of a municipality: province is the municipality", NULL,
	    "重庆酉阳县总工会开展技能培训",
	    "本报讯 近日，酉阳县总工会在花田乡举办农机操作培训班。\n酉阳县总工会负责人说，培训将持续到年底。",
	    "重庆市/-/酉阳土家族苗族自治县");
	expect("short form plus 县 names an autonomous county", NULL,
	    "贵州威宁县总工会开展普法宣传",
	    "本报讯 日前，威宁县总工会走进工地，为建筑工人讲解劳动合同法。",
	    "贵州省/毕节市/威宁彝族回族苗族自治县");
	expect("short form plus 县 in Xinjiang", NULL,
	    "新疆察布查尔县总工会慰问环卫工人",
	    "本报讯 察布查尔县总工会近日为环卫工人送去米面油。",
	    "新疆维吾尔自治区/伊犁哈萨克自治州/察布查尔锡伯自治县");
	expect("county-level city directly under a province", NULL,
	    "湖北仙桃市总工会举办职工运动会",
	    "本报讯 仙桃市总工会日前举办第五届职工运动会，2000余名职工参加。",
	    "湖北省/-/仙桃市");
	expect("province short forms drop nationalities", NULL,
	    "广西职工技能大赛决赛举行",
	    "本报讯 广西壮族自治区总工会主办的职工技能大赛日前举行决赛。",
	    "广西壮族自治区/-/-");

	/* Risky short forms and ordinary words. */
	expect("a county short form alone is not a place", NULL,
	    "职工书屋建设推进会召开",
	    "本报讯 会上，各地代表交流了职工书屋建设经验。\n牡丹花开时节，职工们走进公园赏花。",
	    "");
	expect("a county short form with its parent in the article", NULL,
	    "山区职工学技能",
	    "本报讯 重庆市总工会日前走进城口，为山区职工送技能。\n在城口，200多名村民参加了培训。",
	    "重庆市/-/城口县");
	expect("an ordinary word that is also a district stays a word", NULL,
	    "青海省总工会推进平安建设",
	    "本报讯 青海省总工会日前召开会议，部署平安建设工作。\n会议要求，把平安企业创建作为重点。",
	    "青海省/-/-");
	expect("an ordinary word right after its parent is a place", NULL,
	    "北京朝阳：工会驿站温暖户外劳动者",
	    "本报讯 走进朝阳区的一家工会驿站，微波炉、饮水机一应俱全。",
	    "北京市/-/朝阳区");
	expect("a company named after a province and a word is no district", NULL,
	    "黑龙江工农机械厂职工学技能",
	    "本报讯 黑龙江工农机械厂近日开展技能比武。\n工农机械厂的职工踊跃参加。",
	    "黑龙江省/-/-");
	expect("a person named like a place without support is dropped", NULL,
	    "车间里的“老师傅”",
	    "杨朝阳是车间里的老师傅。\n杨朝阳说，带徒弟要有耐心。",
	    "");

	/* Ambiguity. */
	expect("a name in two cities with no context is dropped", NULL,
	    "朝阳区总工会开展送清凉活动",
	    "本报讯 近日，朝阳区总工会为户外劳动者送去清凉。",
	    "");
	expect("a name in two cities, right after one of them", NULL,
	    "长春朝阳区总工会举办技能培训",
	    "本报讯 近日，朝阳区总工会举办电工技能培训班。",
	    "吉林省/长春市/朝阳区");
	expect("a name in two cities, its city named elsewhere", NULL,
	    "朝阳区职工运动会开幕",
	    "本报讯 日前，在长春市总工会指导下，朝阳区职工运动会开幕。\n长春市各区代表队参加了比赛。",
	    "吉林省/长春市/朝阳区");
	expect("a province and its own city share 吉林: the province", NULL,
	    "吉林职工文化节开幕",
	    "本报讯 吉林省总工会主办的职工文化节日前开幕。",
	    "吉林省/-/-");
	expect("吉林市 with its suffix is the city", NULL,
	    "吉林市总工会举办职工书法展",
	    "本报讯 吉林市总工会日前举办职工书法展。",
	    "吉林省/吉林市/-");
	expect("海南 alone is the province, not the prefecture in Qinghai", NULL,
	    "海南职工技能提升行动启动",
	    "本报讯 海南省总工会日前启动职工技能提升行动。",
	    "海南省/-/-");
	expect("海南州 is the prefecture in Qinghai", NULL,
	    "青海海南州总工会慰问牧区职工",
	    "本报讯 海南州总工会日前深入牧区慰问。",
	    "青海省/海南藏族自治州/-");
	expect("海南 in an article about Qinghai is the prefecture there", NULL,
	    "青海：工会送医下牧区",
	    "本报讯 青海省总工会医疗队日前来到海南州。\n在海南，医疗队为牧民义诊。",
	    "青海省/海南藏族自治州/-");

	/* Longest match and words that merely contain a name. */
	expect("longest match: 大兴安岭 is not 大兴", NULL,
	    "大兴安岭地区总工会开展森林防火宣传",
	    "本报讯 大兴安岭地区总工会组织职工开展防火宣传。",
	    "黑龙江省/大兴安岭地区/-");
	expect("words containing place names are not places", NULL,
	    "幸福建设者之家揭牌",
	    "本报讯 黄河北岸的工地上，幸福建设者之家揭牌。\n全国各地的建设者在这里休息。",
	    "");
	expect("河南县级 is the province, not 河南县", NULL,
	    "河南县级工会改革推进会召开",
	    "本报讯 河南省总工会日前召开县级工会改革推进会。",
	    "河南省/-/-");
	expect("范县 inside 示范县 is no county", NULL,
	    "濮阳市总工会推进示范县创建",
	    "本报讯 濮阳市总工会日前召开会议，推进示范县创建工作。\n濮阳市总工会要求各县区工会抓好落实。",
	    "河南省/濮阳市/-");
	expect("a two-character county name after its city", NULL,
	    "濮阳市范县总工会开展普法活动",
	    "本报讯 范县总工会近日走进企业开展普法活动。",
	    "河南省/濮阳市/范县");

	/* Datelines. */
	expect("a 本报 dateline alone places the story", "本报长沙5月20日电",
	    "职工技能大赛颁奖", "本报长沙5月20日电 今天，职工技能大赛颁奖仪式举行。",
	    "湖南省/长沙市/-");
	expect("the capital as the venue of a province's story", "本报长沙5月20日电",
	    "湖南省总工会召开全委会",
	    "本报长沙5月20日电 湖南省总工会十五届全委会今天在长沙召开。\n"
	    "会议总结了湖南工会一年来的工作。\n湖南省总工会主席作报告。",
	    "湖南省/-/-");
	expect("an agency dateline from Beijing is no region", "新华社北京10月20日电",
	    "全国职工技能大赛启动",
	    "新华社北京10月20日电 全国职工技能大赛今天启动，中国各地职工踊跃报名。",
	    "");
	expect("an agency dateline found in the body when not given", NULL,
	    "全国职工技能大赛启动",
	    "新华社北京10月20日电 全国职工技能大赛今天启动。",
	    "");
	expect("an agency story about one province", "新华社北京10月20日电",
	    "职工疗休养政策出台",
	    "新华社北京10月20日电 记者从四川省总工会获悉，四川将扩大职工疗休养覆盖面。\n"
	    "四川省总工会表示，今年将组织10万名职工疗休养。",
	    "四川省/-/-");

	/* Primary and secondary regions. */
	expect("a visit: the host city first, the visitors second", NULL,
	    "香港工会参访团走进深圳",
	    "本报讯 香港工会联合会参访团日前到广东省深圳市参观交流。\n"
	    "在深圳，参访团走访了职工服务中心。深圳市总工会介绍了服务经验。\n"
	    "参访团成员表示，将加强两地工会交流。",
	    "广东省/深圳市/-;香港特别行政区/-/-");
	expect("a story set in one district reaches the district", NULL,
	    "漳州工会干部蹲点园区",
	    "本报讯 日前，在福建省漳州市龙海区的一家产业园区，工会干部开始蹲点。\n"
	    "龙海区总工会为园区职工建起服务站。\n"
	    "龙海区总工会还组织律师进驻园区。",
	    "福建省/漳州市/龙海区");
	expect("a city named in one paragraph of another story is in passing", NULL,
	    "合肥工会为新就业形态劳动者办实事",
	    "本报讯 合肥市总工会日前推出十项服务举措。\n"
	    "骑手小王曾在苏州工作，他说苏州的驿站也很方便。\n"
	    "合肥市总工会表示，服务举措将于月底前落地。",
	    "安徽省/合肥市/-");
	expect("a province's story through several cities listed once", NULL,
	    "劳模工匠进企业",
	    "本报讯 日前，甘肃省总工会组织劳模工匠走进兰州、天水、酒泉等地企业，开展技术帮扶。\n"
	    "在天水，劳模们帮助企业解决了技术难题。",
	    "甘肃省/-/-");
	expect("province and city written before a county only qualify it", NULL,
	    "农活大比拼",
	    "10月18日，湖北省钟祥市一个小镇举办农民竞技赛。",
	    "湖北省/荆门市/钟祥市");
	expect("the paper's own Beijing dateline on a national story", "本报北京5月20日电",
	    "全总部署夏季安全生产工作",
	    "本报北京5月20日电 全国总工会日前下发通知，部署夏季安全生产工作。",
	    "");
	expect("the paper's Beijing dateline on a Beijing story", "本报北京5月20日电",
	    "北京市总工会启动职工疗休养",
	    "本报北京5月20日电 北京市总工会今天启动职工疗休养活动。",
	    "北京市/-/-");
	expect("places listed once each in a national story", NULL,
	    "全国职工技能大赛在京闭幕",
	    "本报讯 全国职工技能大赛日前闭幕。\n来自北京、上海、广东、四川等地的选手获得金奖。\n大赛共设18个项目。",
	    "");
	expect("no text at all", NULL, NULL, NULL, "");
	expect("empty strings", "", "", "", "");

	check(gaz_regions(g, NULL, "长春朝阳区总工会", "", r, 1) == 1 &&
	    strcmp(r[0].county->name, "朝阳区") == 0, "max 1 keeps the primary only");
	check(gaz_regions(g, NULL, "长春朝阳区总工会", "", r, 0) == 0,
	    "max 0 writes nothing");

	/* Far more names than MAX_MENTIONS, and bytes that are not UTF-8. */
	for (i = 0; i + 6 < sizeof(big) - 1; i += 6)
		memcpy(big + i, "北京", 6);
	big[i] = '\0';
	check(gaz_regions(g, NULL, NULL, big, r, 4) == 1 &&
	    strcmp(r[0].province->name, "北京市") == 0,
	    "66,000 mentions: no overflow, one region");
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)(0x80 + (i * 7) % 0x7f);
	big[sizeof(big) - 1] = '\0';
	check(gaz_regions(g, NULL, big, big, r, 4) == 0, "invalid UTF-8: no regions, no crash");
}

int
main(void)
{
	g = gaz_new();
	test_data();
	test_regions();
	gaz_free(g);
	return check_done();
}
