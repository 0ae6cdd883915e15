/*
 * test_issue.c: reading an issue file: encodings (UTF-8 with and without
 * a mark, UTF-16 with a mark, GB18030), bytes invalid in each with their
 * line and offset, binary files, white space and invisible characters,
 * line endings, odd files, ids from odd file names, and front matter of
 * every bad shape.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "enc.h"
#include "issue.h"
#include "record.h"

/* One read: the issue, its source and its diagnostics; rc from issue_read_mem. */
struct rd {
	struct issue	*is;
	struct source	 src;
	int		 rc;
};

static struct rd
rd_mem(const char *name, const char *p, size_t n)
{
	struct rd	 r;

	r.is = calloc(1, sizeof(*r.is));
	r.rc = issue_read_mem(name, p, n, r.is, &r.src, &r.is->diags);
	return r;
}

/* A read of a string literal, NUL bytes and all. */
#define RD(name, lit) rd_mem((name), (lit), sizeof(lit) - 1)

static void
rd_free(struct rd *r)
{
	source_release(&r->src);
	issue_free(r->is);
}

/* Line i (1-based) is exactly s. */
static int
line_is(const struct rd *r, unsigned i, const char *s)
{
	return i >= 1 && i <= r->src.nlines && span_eq(r->src.lines[i - 1], s);
}

/* The diagnostic with this code, or NULL. */
static const struct diag *
diag_of(const struct rd *r, const char *code)
{
	size_t	 i;

	for (i = 0; i < r->is->diags.n; i++)
		if (strcmp(r->is->diags.v[i].code, code) == 0)
			return &r->is->diags.v[i];
	return NULL;
}

static int
msg_has(const struct diag *dg, const char *s)
{
	return dg != NULL && strstr(dg->msg, s) != NULL;
}

/* s converted from UTF-8 to the iconv encoding to, in out. */
static void
to_enc(const char *to, const char *s, struct buf *out)
{
	iconv_t	 cd = iconv_open(to, "UTF-8");
	char	*in = (char *)(uintptr_t)s, *o;
	size_t	 inleft = strlen(s), oleft;

	buf_grow(out, inleft * 4 + 16);
	o = out->ptr + out->len;
	oleft = out->cap - out->len - 1;
	if (cd == (iconv_t)-1 || iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1)
		abort();
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	iconv_close(cd);
}

static const char page[] =
    "要闻\n\n本报讯（记者程远）近日，“职工书屋”开放。\n\n"
    "责任编辑：张三 E-mail:x@y.cn\n";

static void
test_encodings(void)
{
	struct buf	 b = BUF_INIT;
	struct rd	 r;
	const struct diag *dg;
	static const struct {
		const char	*iconv, *bom, *name;
		size_t		 nbom;
	} e[] = {
		{ "UTF-8", "\xef\xbb\xbf", "UTF-8 with a byte-order mark", 3 },
		{ "UTF-16LE", "\xff\xfe", "UTF-16LE", 2 },
		{ "UTF-16BE", "\xfe\xff", "UTF-16BE", 2 },
		{ "GB18030", "", "GB18030", 0 },
		{ "GBK", "", "GB18030", 0 },
	};
	size_t		 i;
	char		 what[128];

	r = rd_mem("2026-01-02-p03.txt", page, strlen(page));
	CHECK(r.rc == 0 && r.src.nlines == 5 && line_is(&r, 3,
	    "本报讯（记者程远）近日，“职工书屋”开放。") &&
	    diag_of(&r, "encoding") == NULL, "UTF-8 is read as it is, no note");
	rd_free(&r);
	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		buf_reset(&b);
		buf_put(&b, e[i].bom, e[i].nbom);
		to_enc(e[i].iconv, page, &b);
		r = rd_mem("2026-01-02-p03.txt", b.ptr, b.len);
		snprintf(what, sizeof(what), "%s%s is read: same lines as UTF-8",
		    e[i].iconv, e[i].nbom ? " with a mark" : "");
		CHECK(r.rc == 0 && r.src.nlines == 5 && line_is(&r, 1, "要闻") &&
		    line_is(&r, 3, "本报讯（记者程远）近日，“职工书屋”开放。") &&
		    line_is(&r, 5, "责任编辑：张三 E-mail:x@y.cn"), what);
		dg = diag_of(&r, "encoding");
		snprintf(what, sizeof(what), "%s: a note names %s", e[i].iconv,
		    e[i].name);
		if (i == 0)
			CHECK(dg == NULL, "UTF-8 with a mark: no note, the mark is gone");
		else
			CHECK(dg && dg->sev == DIAG_NOTE && msg_has(dg, e[i].name), what);
		rd_free(&r);
	}

	/* A lone surrogate on line 2 of UTF-16LE. */
	buf_reset(&b);
	buf_put(&b, "\xff\xfe", 2);
	to_enc("UTF-16LE", "第一行\n第二", &b);
	buf_put(&b, "\x00\xdc", 2);
	to_enc("UTF-16LE", "行\n", &b);
	r = rd_mem("x.txt", b.ptr, b.len);
	dg = diag_of(&r, "encoding");
	CHECK(r.rc == -1 && dg && dg->sev == DIAG_ERROR && dg->line == 2 &&
	    dg->col == 3 && msg_has(dg, "UTF-16LE") && msg_has(dg, "offset 14"),
	    "a lone surrogate in UTF-16: error at line 2, col 3, byte offset 14");
	rd_free(&r);

	buf_reset(&b);
	buf_put(&b, "\xfe\xff", 2);
	to_enc("UTF-16BE", "一行\n", &b);
	buf_putc(&b, 'x');
	r = rd_mem("x.txt", b.ptr, b.len);
	dg = diag_of(&r, "encoding");
	CHECK(r.rc == -1 && dg && msg_has(dg, "cut off") && dg->line == 2,
	    "UTF-16 of an odd length: a character cut off, on line 2");
	rd_free(&r);

	/* Invalid UTF-8 that is not GB18030 either. */
	r = RD("x.txt", "abc\r\n中文\xff好\n");
	dg = diag_of(&r, "encoding");
	CHECK(r.rc == -1 && dg && dg->line == 2 && dg->col == 3 &&
	    msg_has(dg, "0xFF") && msg_has(dg, "offset 11"),
	    "invalid UTF-8: error naming line 2, col 3, byte 0xFF at offset 11");
	rd_free(&r);
	r = RD("x.txt", "\xef\xbb\xbf" "a\n\xc0\x80\n");
	dg = diag_of(&r, "encoding");
	CHECK(r.rc == -1 && dg && dg->line == 2 && dg->col == 1 &&
	    msg_has(dg, "byte-order mark") && msg_has(dg, "offset 5"),
	    "invalid UTF-8 after a UTF-8 mark is an error, never GB18030");
	rd_free(&r);
	r = RD("x.txt", "M\xfcller caf\xe9 cr\xe8me\n");
	CHECK(r.rc == -1 && diag_of(&r, "encoding") != NULL,
	    "Latin-1 text is not taken for GB18030");
	rd_free(&r);
	/* A UTF-8 Chinese page with one byte damaged stays a UTF-8 error. */
	buf_reset(&b);
	buf_puts(&b, page);
	b.ptr[10] = '\x41';
	r = rd_mem("x.txt", b.ptr, b.len);
	dg = diag_of(&r, "encoding");
	CHECK(r.rc == -1 && dg && msg_has(dg, "not valid UTF-8") && dg->line == 3,
	    "damaged UTF-8 Chinese: a UTF-8 error on its line, not GB18030");
	rd_free(&r);
	buf_release(&b);
}

static void
test_validator(void)
{
	static const struct {
		const char	*s;
		size_t		 n, want;
	} v[] = {
		{ "abc", 3, 3 },
		{ "\xc2\x80", 2, 2 },
		{ "\xc0\x80", 2, 0 },		/* overlong NUL */
		{ "\xe0\x9f\xbf", 3, 0 },	/* overlong */
		{ "\xed\xa0\x80", 3, 0 },	/* surrogate */
		{ "\xf4\x8f\xbf\xbf", 4, 4 },	/* U+10FFFF */
		{ "\xf4\x90\x80\x80", 4, 0 },	/* past U+10FFFF */
		{ "a\xe4\xb8", 3, 1 },		/* cut off */
		{ "\xe4\xb8\xad\x80", 4, 3 },	/* stray continuation */
	};
	size_t	 i;
	int	 ok = 1;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (enc_utf8_valid(v[i].s, v[i].n) != v[i].want) {
			printf("# validator case %zu: %zu\n", i,
			    enc_utf8_valid(v[i].s, v[i].n));
			ok = 0;
		}
	CHECK(ok, "the UTF-8 validator refuses overlongs, surrogates, "
	    "cut-off and stray bytes");
	CHECK(!enc_looks_gb18030("abc", 3), "ASCII alone is not called GB18030");
}

static void
test_binary(void)
{
	struct rd	 r;
	const struct diag *dg;
	static const char le[] = "h\0e\0l\0l\0o\0\n\0w\0o\0r\0l\0d\0\n\0";

	r = RD("x.txt", "ab\ncd\0ef");
	dg = diag_of(&r, "binary");
	CHECK(r.rc == -1 && dg && dg->line == 2 && msg_has(dg, "byte 5"),
	    "a NUL byte: refused, naming its byte and line");
	rd_free(&r);
	r = rd_mem("x.txt", le, sizeof(le) - 1);
	dg = diag_of(&r, "binary");
	CHECK(r.rc == -1 && msg_has(dg, "UTF-16LE saved without a byte-order mark"),
	    "UTF-16 without a mark: refused, saying what it looks like");
	rd_free(&r);
	r = RD("x.txt", "\xff\xfe" "a\0\0\0b\0");
	dg = diag_of(&r, "binary");
	CHECK(r.rc == -1 && msg_has(dg, "U+0000"), "U+0000 in UTF-16: refused");
	rd_free(&r);
}

static void
test_spaces(void)
{
	struct rd	 r;
	const struct diag *dg;
	static const char t[] =
	    "\xe3\x80\x80\xe3\x80\x80\n"	/* 1: U+3000 only */
	    "\xe2\x80\x8b\n"			/* 2: U+200B only */
	    "\xc2\xa0\t \xef\xbb\xbf\n"		/* 3: NBSP, tab, space, FEFF */
	    "\xe3\x80\x80本\xe2\x80\x8b报讯\xe2\x81\xa0：\n"	/* 4 */
	    "甲\tB,乙，丙.丁。\n"		/* 5: tab and mixed punctuation */
	    "左\xe2\x80\xa8右\xe2\x80\x83中\n"	/* 6: U+2028, U+2003 */
	    "a\x01" "b\x1b" "c\x7f\n"		/* 7: controls */
	    "\fx\r"				/* 8: form feed, CR */
	    "y\r\n"				/* 9 */
	    "\xc2\x85z";			/* 10: NEL */

	r = rd_mem("x.txt", t, sizeof(t) - 1);
	CHECK(r.rc == 0 && r.src.nlines == 10, "ten lines (LF, CR, CRLF, none at end)");
	CHECK(line_is(&r, 1, "") && line_is(&r, 2, "") && line_is(&r, 3, ""),
	    "lines of only U+3000, U+200B, or NBSP/tab/FEFF are empty");
	CHECK(line_is(&r, 4, "本报讯："), "zero-width characters inside a line are dropped");
	CHECK(line_is(&r, 5, "甲\tB,乙，丙.丁。"),
	    "tabs and full/half-width punctuation stay as printed");
	CHECK(line_is(&r, 6, "左 右 中"), "U+2028 and rare spaces become a space");
	CHECK(line_is(&r, 7, "abc"), "control characters are dropped");
	dg = diag_of(&r, "control-char");
	CHECK(dg && dg->sev == DIAG_WARN && dg->line == 7 && dg->col == 2 &&
	    msg_has(dg, "3 control"), "one warning for them, at the first");
	CHECK(line_is(&r, 8, "x") && line_is(&r, 9, "y") && line_is(&r, 10, "z"),
	    "form feed and NEL read as spaces and are trimmed");
	rd_free(&r);
}

static void
test_odd_files(void)
{
	struct rd	 r;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	r = rd_mem("2026-01-02-p03.txt", "", 0);
	CHECK(r.rc == 0 && r.src.nlines == 0 && r.is->diags.n == 0 &&
	    strcmp(r.is->id, "2026-01-02-p03") == 0, "an empty file: no lines, no error");
	rd_free(&r);
	r = RD("x.txt", "\n\n\r\n");
	CHECK(r.rc == 0 && r.src.nlines == 3, "blank lines only");
	rd_free(&r);
	r = RD("x.txt", "\xef\xbb\xbf");
	CHECK(r.rc == 0 && r.src.nlines == 0, "a byte-order mark alone");
	rd_free(&r);
	r = RD("x.txt", "\xff\xfe");
	CHECK(r.rc == 0 && r.src.nlines == 0, "a UTF-16 byte-order mark alone");
	rd_free(&r);
	for (i = 0; i < 200000; i++)
		buf_puts(&b, "很长的一行，");
	r = rd_mem("x.txt", b.ptr, b.len);
	CHECK(r.rc == 0 && r.src.nlines == 1 && r.src.lines[0].n == b.len,
	    "one enormous line is one line");
	rd_free(&r);
	buf_release(&b);
}

/* The id issue_read_mem gives a file of this name with no date or page inside. */
static char *
id_of(const char *name)
{
	struct rd	 r = rd_mem(name, "正文\n", 7);
	char		*id = strdup(r.is->id);

	rd_free(&r);
	return id;
}

static int
ascii_id(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

static void
test_ids(void)
{
	char	*a = id_of("content/第三版.txt"), *b = id_of("content/第四版.txt");
	char	*a2 = id_of("other/第三版.txt"), *c = id_of("content/My Page 3.txt");
	char	*dd = id_of("content/2026-03-01 要闻.txt");
	char	*e = id_of("content/page-export-0611.txt"), *l;
	char	 longname[300];

	CHECK(ascii_id(a) && ascii_id(b) && strcmp(a, b) != 0,
	    "Chinese-only names get distinct ASCII ids");
	CHECK(strcmp(a, a2) == 0 && strncmp(a, "undated-x", 9) == 0,
	    "the id of a name is stable (a digest of the name)");
	CHECK(strcmp(c, "undated-my-page-3") == 0, "spaces become dashes");
	CHECK(ascii_id(dd) && strncmp(dd, "2026-03-01-2026-03-01-x", 23) == 0,
	    "a date and Chinese in a name: the date, then a digest");
	CHECK(strcmp(e, "undated-page-export-0611") == 0,
	    "an ASCII name keeps its readable id");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	l = id_of(longname);
	CHECK(ascii_id(l) && strlen(l) < 80, "a 299-byte name gives a short id");
	free(a), free(b), free(a2), free(c), free(dd), free(e), free(l);
	{
		struct buf	 s1 = BUF_INIT, s2 = BUF_INIT, s3 = BUF_INIT;

		issue_slug(&s1, "about", 5);
		issue_slug(&s2, "关于", strlen("关于"));
		issue_slug(&s3, "简介", strlen("简介"));
		CHECK(strcmp(s1.ptr, "about") == 0 && s2.ptr[0] == 'x' &&
		    strlen(s2.ptr) == 9 && strcmp(s2.ptr, s3.ptr) != 0,
		    "issue_slug: ASCII names stay, Chinese names of one length differ");
		buf_release(&s1), buf_release(&s2), buf_release(&s3);
	}
}

static void
test_front_matter(void)
{
	struct rd	 r;
	const struct diag *dg;
	static const char *unclosed = "---\ndate: 2026-01-02\n\n正文\n";
	static const char *bad =
	    "---\ndate: 2026-02-30\npage: 0\nedition 要闻\ncolour: red\n"
	    "page: 12x\npaper: 职工日报\n---\n正文\n";
	static const char *good = "\xef\xbb\xbf---\r\ndate: 2026-01-02\r\n"
	    "page: 7\r\n# a comment\r\n---\r\n正文\r\n";
	static const char *spaced = "---\ndate\t : 2026-01-03 \npage\v:\u3000"
	    "8\nedition   :要闻\n---\n正文\n";

	r = rd_mem("x.txt", unclosed, strlen(unclosed));
	dg = diag_of(&r, "front-matter");
	CHECK(r.rc == 0 && dg && dg->line == 1 && r.src.body_from == 1 &&
	    r.is->date == NULL, "no closing ---: a warning at line 1, all read as text");
	rd_free(&r);
	r = rd_mem("x.txt", bad, strlen(bad));
	CHECK(r.rc == 0 && r.is->date == NULL && r.is->page == 0 &&
	    r.is->paper && strcmp(r.is->paper, "职工日报") == 0 &&
	    r.src.body_from == 9, "bad front matter: bad fields ignored, good ones kept");
	{
		unsigned	 want[] = { 2, 3, 4, 5, 6 }, got = 0;
		size_t		 i, k;

		for (k = 0; k < 5; k++)
			for (i = 0; i < r.is->diags.n; i++)
				if (r.is->diags.v[i].line == want[k] &&
				    r.is->diags.v[i].sev == DIAG_WARN) {
					got++;
					break;
				}
		CHECK(got == 5, "a warning on each bad line: date, page 0, no "
		    "colon, unknown key, page 12x");
	}
	rd_free(&r);
	r = rd_mem("x.txt", good, strlen(good));
	CHECK(r.rc == 0 && r.is->date && strcmp(r.is->date, "2026-01-02") == 0 &&
	    r.is->page == 7 && r.is->diags.n == 0 && r.src.body_from == 6 &&
	    strcmp(r.is->id, "2026-01-02-p07") == 0,
	    "front matter after a mark, with CRLF and a comment");
	rd_free(&r);
	r = rd_mem("x.txt", spaced, strlen(spaced));
	CHECK(r.rc == 0 && r.is->date && strcmp(r.is->date, "2026-01-03") == 0 &&
	    r.is->page == 8 && r.is->edition && strcmp(r.is->edition, "要闻") == 0 &&
	    r.is->diags.n == 0, "white space before the colon: the value is "
	    "read whole, nothing past the line");
	rd_free(&r);
}

int
main(void)
{
	test_encodings();
	test_validator();
	test_binary();
	test_spaces();
	test_odd_files();
	test_ids();
	test_front_matter();
	return check_done();
}
