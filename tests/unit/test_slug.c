/*
 * test_slug.c: ASCII slugs for names and strings (slug.c) and the pinyin
 * table behind them (pinyin_data.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "slug.h"
#include "util.h"


static void
check_name(const char *in, const char *want)
{
	char	*got = slug_name(in);
	char	 what[256];

	snprintf(what, sizeof(what), "slug_name(%s) = %s (got %s)", in, want, got);
	check(strcmp(got, want) == 0, what);
	free(got);
}

static void
check_ascii(const char *in, const char *want)
{
	struct buf	 b = BUF_INIT;
	char		 what[256];

	slug_ascii(&b, in);
	snprintf(what, sizeof(what), "slug_ascii(%s) = %s (got %s)", in, want, b.ptr);
	check(strcmp(b.ptr, want) == 0, what);
	buf_release(&b);
}

/* Only a-z, 0-9 and single inner hyphens. */
static int
well_formed(const char *s)
{
	size_t	 i;

	if (*s == '-' || (*s != '\0' && s[strlen(s) - 1] == '-'))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '-' && s[i + 1] == '-')
			return 0;
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-'))
			return 0;
	}
	return 1;
}

static void
test_table(void)
{
	size_t		 i, none = 0, bad = 0;
	const char	*p, *q;

	check(pinyin_nsyllables > 380 && pinyin_nsyllables < 440,
	    "about 410 syllables in the table");
	for (i = 1; i < pinyin_nsyllables; i++)
		for (q = pinyin_syllables[i]; *q != '\0'; q++)
			if (*q < 'a' || *q > 'z')
				bad++;
	check(bad == 0, "every syllable is lowercase a-z");
	for (i = PINYIN_FIRST; i <= PINYIN_LAST; i++)
		if (slug_pinyin((uint32_t)i) == NULL)
			none++;
	check(none < 500, "nearly every CJK Unified Ideograph has a reading");
	check(slug_pinyin(0x4E00) != NULL && strcmp(slug_pinyin(0x4E00), "yi") == 0,
	    "U+4E00 一 reads yi");
	check((p = slug_pinyin(0x56FD)) != NULL && strcmp(p, "guo") == 0,
	    "U+56FD 国 reads guo");
	check((p = slug_pinyin(0x7EFF)) != NULL && strcmp(p, "lv") == 0,
	    "U+7EFF 绿 reads lv (ü as v)");
	check(slug_pinyin('a') == NULL && slug_pinyin(0x3400) == NULL &&
	    slug_pinyin(0xA000) == NULL, "no reading outside the table");
	for (i = 1; i < pinyin_nsurnames; i++)
		if (pinyin_surnames[i - 1].cp >= pinyin_surnames[i].cp)
			bad++;
	check(bad == 0 && pinyin_nsurnames > 5, "surname table sorted by code point");
}

static void
test_names(void)
{
	char	*s;

	check_name("田国奎", "tian-guo-kui");
	check_name("王鑫", "wang-xin");
	check_name("刘友婷", "liu-you-ting");
	check_name("单晓明", "shan-xiao-ming");	/* 单 as a surname */
	check_name("曾小红", "zeng-xiao-hong");
	check_name("简单", "jian-dan");		/* 单 not first: the common reading */
	check_name("吕方", "lv-fang");
	check_name(" 李 明 ", "li-ming");
	check_name("迪丽热巴·迪力木拉提", "di-li-re-ba-di-li-mu-la-ti");
	check_name("李A", "li-a");
	check_name("张ＡＢ２", "zhang-ab2");		/* full-width folded */
	check_name("Tom Smith", "tom-smith");
	check_name("王\xe3\x90\x80", "wang-u3400");	/* U+3400: Extension A */
	check_name("\xf0\xa0\x80\x80", "u20000");	/* U+20000: Extension B */
	check_name("José", "jos-u00e9");
	check_name("（）——", "");
	check_name("", "");
	s = slug_name(NULL);
	check(s != NULL && *s == '\0', "slug_name(NULL) is an empty string");
	free(s);
	s = slug_name("欧阳夏丹");
	check(well_formed(s), "a compound surname gives a well-formed slug");
	free(s);
}

static void
test_ascii(void)
{
	struct buf	 b = BUF_INIT;

	check_ascii("Hello, World!", "hello-world");
	check_ascii("2025年 Workers' Day", "2025-nian-workers-day");
	check_ascii("单位", "dan-wei");		/* no surname reading here */
	check_ascii("--a--b--", "a-b");
	check_ascii("《工会信息》第19期", "gong-hui-xin-xi-di-19-qi");
	check_ascii("APP上线", "app-shang-xian");
	check_ascii("", "");
	buf_puts(&b, "x-");
	slug_ascii(&b, "工会");
	check(strcmp(b.ptr, "x-gong-hui") == 0,
	    "slug_ascii appends and does not touch what was there");
	buf_release(&b);
}

static void
test_unique(void)
{
	struct slug_set	*set = slug_set_new();
	const char	*a, *b, *c, *a2;
	char		 key[32], want[32];
	int		 i, ok = 1;

	a = slug_unique(set, "王芳", "wang-fang");
	b = slug_unique(set, "汪方", "wang-fang");
	c = slug_unique(set, "王方", "wang-fang");
	a2 = slug_unique(set, "王芳", "wang-fang");
	check(strcmp(a, "wang-fang") == 0, "first key gets the slug as it is");
	check(strcmp(b, "wang-fang-2") == 0, "second key gets -2");
	check(strcmp(c, "wang-fang-3") == 0, "third key gets -3");
	check(a2 == a, "a key asking again gets its first answer");
	check(strcmp(slug_unique(set, "x", "wang-fang-2"), "wang-fang-2-2") == 0,
	    "a slug that is another's suffixed form is not handed out twice");
	for (i = 0; i < 500; i++) {	/* past several table growths */
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(want, sizeof(want), i ? "same-%d" : "same", i + 1);
		if (strcmp(slug_unique(set, key, "same"), want) != 0)
			ok = 0;
	}
	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(want, sizeof(want), i ? "same-%d" : "same", i + 1);
		if (strcmp(slug_unique(set, key, "other"), want) != 0)
			ok = 0;
	}
	check(ok, "500 keys wanting one slug get same, same-2 .. same-500, stably");
	check(strcmp(slug_unique(set, "王芳", "zzz"), "wang-fang") == 0,
	    "answers survive the table growing");
	slug_set_free(set);
}

int
main(void)
{
	test_table();
	test_names();
	test_ascii();
	test_unique();
	return check_done();
}
