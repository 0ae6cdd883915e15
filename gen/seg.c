/*
 * seg.c: where an article's boundaries and headlines are recognised.
 *
 * Two passes over the non-empty lines ("units"):
 *  1. classify each line by its form alone (byline, lead, credit, short
 *     headline-like line, 阅读提示, toc head, furniture, body);
 *  2. find article starts: a run of short lines is a headline block when
 *     what follows it proves a new article (a lead, a byline, 阅读提示, a
 *     kicker ending in ——, a picture credit a few lines on); otherwise
 *     the short lines are intertitles of the article they sit in.
 * Then each article's lines are given their roles, and the fields filled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "byline.h"
#include "date.h"
#include "diag.h"
#include "fix.h"
#include "gaz.h"
#include "para.h"
#include "seg.h"
#include "strmap.h"
#include "text.h"
#include "topic.h"
#include "util.h"

/*
 * MAX_HEADLINE_CHARS 80: the longest headline line in the pages we have
 * (a 引题 and a 主题 set on one line) is about 65 characters; longer
 * lines are body text.
 */
#define MAX_HEADLINE_CHARS 80
/* MAX_HEADLINE_LINES 4: 引题, 主题, 副题 and a column label. */
#define MAX_HEADLINE_LINES 4
/* MAX_INTERTITLE_CHARS 16: intertitles (小标题) are short phrases. */
#define MAX_INTERTITLE_CHARS 16
/* MAX_COLUMN_CHARS 12: column labels: 新闻特写, 工会创新实践调研行. */
#define MAX_COLUMN_CHARS 12
/* MIN_NEWS_TITLE_CHARS 8: a headline states an event; shorter is a label. */
#define MIN_NEWS_TITLE_CHARS 8
/* MAX_CAPTION_PARAS 3: picture news has one to three caption paragraphs. */
#define MAX_CAPTION_PARAS 3
/* MAX_TOC_LINE_CHARS 80: a toc line holds one to four short entries. */
#define MAX_TOC_LINE_CHARS 160
/* NCH_CAP: a line's characters are counted only past every limit above. */
#define NCH_CAP (MAX_TOC_LINE_CHARS + 1)
/* MAX_PAGE_LABEL_CHARS 8: a page's section name, 综合新闻, 工会动态. */
#define MAX_PAGE_LABEL_CHARS 8
/* MAX_REGIONS 4: a story is about one place, sometimes a few. */
#define MAX_REGIONS 4

enum lclass {
	L_BODY,		/* a paragraph */
	L_SHORT,	/* short, no full stop: headline, intertitle or label */
	L_BYLINE,	/* 本报记者 X */
	L_CREDIT,	/* 本报记者 X 摄 */
	L_LEAD,		/* paragraph opening 本报讯 / 本报X地X月X日电 / 新华社…电 */
	L_TIP,		/* 阅读提示 */
	L_CONT,		/* (上接第1版) */
	L_TURN,		/* (下转第2版) */
	L_TOC_HEAD,	/* 《刊名》2025年第10期要目 */
	L_TOC_END,	/* 扫一扫阅读《刊名》第10期全部目录 */
	L_ITEM,		/* "- 栏目" list line */
	L_AGENCY,	/* (新华社北京10月20日电) */
	L_FURN		/* 责任编辑, E-mail, page label, scan prompts */
};

struct unit {
	unsigned	 line;	/* physical line number */
	struct span	 t;	/* trimmed text */
	size_t		 nch;	/* characters, counted up to NCH_CAP */
	enum lclass	 cls;
	int		 start;	/* an article starts here (kind hint + 1) */
};

struct seg {
	struct issue		*is;
	const struct source	*src;
	struct unit		*u;
	size_t			 nu;
};

/* ---- pass 1: the form of each line ------------------------------------- */

static int
is_furniture(struct span t)
{
	static const char *const heads[] = {
		"责任编辑", "本版编辑", "版式设计", "美术编辑", "美编", "校对",
		"E-mail", "Email", "e-mail", "EMAIL", "邮箱:", "邮箱：",
		"电子邮箱", "扫一扫关注", "扫码关注", "扫描二维码", "欢迎扫码",
		"本版责编", "责编",
	};
	size_t	 i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (span_starts(t, heads[i]))
			return 1;
	/* A page label: 第5版, 第 5 版 综合新闻 */
	if (span_starts(t, "第") && utf8_chars_max(t.p, t.n, 17) <= 16) {
		size_t j = 3;
		while (j < t.n && (t.p[j] == ' ' || (t.p[j] >= '0' && t.p[j] <= '9')))
			j++;
		if (j > 3 && span_starts((struct span){ t.p + j, t.n - j }, "版"))
			return 1;
	}
	return 0;
}

static enum lclass
classify(struct span t, size_t nch)
{
	struct authors	 a = { NULL, 0, NULL };
	char		*dl = NULL;
	int		 credit = 0;
	enum lclass	 c;

	if (is_furniture(t))
		return L_FURN;
	if (span_eq(t, "阅读提示") || span_eq(t, "【阅读提示】"))
		return L_TIP;
	if (text_page_ref(t, "上接"))
		return L_CONT;
	if (text_page_ref(t, "下转"))
		return L_TURN;
	if (span_starts(t, "- ") || span_starts(t, "-\xe3\x80\x80"))
		return L_ITEM;
	if (span_starts(t, "扫一扫") || span_starts(t, "扫码"))
		return text_contains(t, "目录") ? L_TOC_END : L_FURN;
	if (span_starts(t, "《") && span_ends(t, "要目") && nch <= 40)
		return L_TOC_HEAD;
	if (byline_agency_line(t, &a, &dl)) {
		c = L_AGENCY;
		goto out;
	}
	if (byline_line(t, &a, &credit)) {
		c = credit ? L_CREDIT : L_BYLINE;
		goto out;
	}
	if (byline_lead(t, &a, &dl)) {
		c = L_LEAD;
		goto out;
	}
	if (nch <= MAX_HEADLINE_CHARS && !text_contains(t, "。") &&
	    !text_ends_sentence(t) && !text_contains(t, "……"))
		c = L_SHORT;
	else if (nch <= 20 && !text_contains(t, "。") && !text_contains(t, "……"))
		c = L_SHORT;	/* a headline ending ? or ! */
	else
		c = L_BODY;
out:
	authors_release(&a);
	free(dl);
	return c;
}

/* ---- pass 2: where articles start --------------------------------------- */

enum hint { H_NONE, H_FEATURE, H_NEWS, H_PHOTO, H_TOC, H_CONT, H_OTHER };

/* Next unit index at or after i that is not furniture, or nu. */
static size_t
next_real(const struct seg *s, size_t i)
{
	while (i < s->nu && s->u[i].cls == L_FURN)
		i++;
	return i;
}

/* A paragraph that opens like a news story: 近日, 日前, 5月9日, 记者从… */
static int
opens_like_news(struct span t)
{
	static const char *const heads[] = { "近日", "日前", "记者", "今年以来",
	    "连日来", "近期", "昨天", "今天" };
	size_t	 i, d;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (span_starts(t, heads[i]))
			return 1;
	/* 5月9日 or 10月27日 */
	for (d = 0; d < t.n && d < 2 && t.p[d] >= '0' && t.p[d] <= '9'; d++)
		;
	return d > 0 && span_starts((struct span){ t.p + d, t.n - d }, "月");
}

/* From a run of short lines at [i, j): does a picture credit follow? */
static int
photo_follows(const struct seg *s, size_t j)
{
	size_t	 k, paras = 0;

	for (k = next_real(s, j); k < s->nu; k = next_real(s, k + 1)) {
		if (s->u[k].cls == L_CREDIT)
			return paras >= 1;
		if (s->u[k].cls != L_BODY || ++paras > MAX_CAPTION_PARAS)
			return 0;
	}
	return 0;
}

static void
find_starts(struct seg *s)
{
	size_t		 i, j, k, from;
	int		 in_toc = 0, first = 1;
	enum hint	 h, cur = H_NONE;	/* cur: the article being read */
	struct unit	*u = s->u;

	for (i = 0; i < s->nu; i = j) {
		j = i + 1;
		if (u[i].cls == L_FURN)
			continue;
		if (in_toc) {
			/* A toc runs on through its entries to its scan prompt. */
			if (u[i].cls == L_TOC_END) {
				in_toc = 0;
				continue;
			}
			if (u[i].cls != L_TOC_HEAD && u[i].cls != L_LEAD &&
			    u[i].cls != L_BYLINE && u[i].cls != L_CONT &&
			    u[i].nch <= MAX_TOC_LINE_CHARS &&
			    !(u[i].cls == L_SHORT && span_ends(u[i].t, "——")))
				continue;
			in_toc = 0;
		}
		switch (u[i].cls) {
		case L_CONT:
			u[i].start = cur = H_CONT;
			first = 0;
			continue;
		case L_TOC_HEAD:
			u[i].start = cur = H_TOC;
			in_toc = 1;
			first = 0;
			continue;
		case L_LEAD:
			/* A lead with no headline above it still opens a story. */
			u[i].start = cur = H_NEWS;
			first = 0;
			continue;
		case L_SHORT:
			break;
		default:
			if (first) {
				u[i].start = H_OTHER;
				first = 0;
			}
			continue;
		}
		/* A run of short lines [i, j), furniture skipped. */
		for (j = i; j < s->nu && (u[j].cls == L_SHORT || u[j].cls == L_FURN); j++)
			;
		k = next_real(s, j);
		h = H_NONE;
		if (k < s->nu && u[k].cls == L_LEAD)
			h = H_NEWS;
		else if (k < s->nu && u[k].cls == L_BYLINE)
			h = H_FEATURE;
		else if (k < s->nu && u[k].cls == L_TIP)
			h = H_FEATURE;
		else if (photo_follows(s, j))
			h = H_PHOTO;
		else {
			/* A kicker ending in —— opens a headline block. */
			for (k = i; k < j; k++)
				if (u[k].cls == L_SHORT && span_ends(u[k].t, "——"))
					break;
			if (k < j) {
				h = H_FEATURE;
				i = k;
			} else if (cur == H_NEWS && u[j - 1].nch >= MIN_NEWS_TITLE_CHARS &&
			    (k = next_real(s, j)) < s->nu && u[k].cls == L_BODY &&
			    opens_like_news(u[k].t))
				/* News stories carry no intertitles: a headline. */
				h = H_FEATURE;
			else if (first)
				h = H_OTHER;
		}
		first = 0;
		if (h == H_NONE)
			continue;
		cur = h;
		/* The block is the last few short lines of the run. */
		from = i;
		{
			size_t nshort = 0;
			for (k = j; k > i; k--) {
				if (u[k - 1].cls != L_SHORT)
					continue;
				if (nshort == MAX_HEADLINE_LINES)
					break;
				nshort++;
				from = k - 1;
			}
		}
		/* Lines before the block stay with the article above. */
		u[from].start = (int)h;
		/* The lead under the headlines belongs to them. */
		if (h == H_NEWS)
			j = next_real(s, j) + 1;
	}
}

/* ---- building one article --------------------------------------------- */

struct build {
	struct article	 a;
	struct authors	 au;
	struct buf	 text;		/* scratch */
	unsigned	*lines;
	size_t		 nlines;
};

static void
add_line(struct build *b, unsigned n)
{
	b->lines = xgrow(b->lines, b->nlines, sizeof(*b->lines));
	b->lines[b->nlines++] = n;
}

static void
add_block(struct article *a, enum block_type t, struct span text, unsigned line)
{
	struct block	*bl;

	a->body = xgrow(a->body, a->nbody, sizeof(*a->body));
	bl = &a->body[a->nbody++];
	bl->type = t;
	bl->text = span_dup(text);
	bl->lines = xmalloc(sizeof(*bl->lines));
	bl->lines[0] = line;
	bl->nlines = 1;
}

static int
is_column_label(struct span t)
{
	static const char *const tails[] = {
		"调研行", "在行动", "特写", "观察", "速递", "巡礼", "纪实",
		"走基层", "一线", "故事", "时评", "短评", "聚焦", "关注",
		"视点", "传真", "综述",
	};
	size_t	 i, n = utf8_chars(t.p, t.n);

	if (n > MAX_COLUMN_CHARS || n < 2 || text_has_punct(t))
		return 0;
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (span_ends(t, tails[i]))
			return 1;
	return 0;
}

/* A banner of two short phrases: "强基层增活力 工会建设在行动". */
static int
is_banner(struct span t)
{
	const char	*sp = memchr(t.p, ' ', t.n);
	struct span	 a, b;

	if (sp == NULL)
		return 0;
	a.p = t.p;
	a.n = (size_t)(sp - t.p);
	b = span_trim((struct span){ sp, t.n - a.n });
	return a.n && b.n && !text_has_punct(a) && !text_has_punct(b) &&
	    utf8_chars_max(a.p, a.n, 9) <= 8 &&
	    utf8_chars_max(b.p, b.n, 9) <= 8;
}

/*
 * Splits a line holding two headlines "引题 主题" at a single space with
 * long Han text on both sides.  Returns 1 and the halves.
 */
static int
split_two(struct span t, struct span *x, struct span *y)
{
	size_t	 i;

	for (i = 0; i < t.n; i++) {
		if (t.p[i] != ' ')
			continue;
		x->p = t.p;
		x->n = i;
		*y = span_trim((struct span){ t.p + i, t.n - i });
		if (utf8_chars_max(x->p, x->n, 8) >= 8 &&
		    utf8_chars_max(y->p, y->n, 6) >= 6 &&
		    memchr(y->p, ' ', y->n) == NULL)
			return 1;
	}
	return 0;
}

/* Gives a headline block its roles: 引题, 主题, 副题. */
static void
headline_roles(struct article *a, struct span *h, size_t n, int photo)
{
	struct buf	 t = BUF_INIT;
	size_t		 i, c0, c1;

	if (n == 0)
		return;
	if (photo) {
		/* A picture title set on short lines is one title. */
		for (i = 0; i < n; i++)
			buf_putspan(&t, h[i]);
		a->title = buf_detach(&t);
		return;
	}
	if (n == 1) {
		a->title = span_dup(h[0]);
		return;
	}
	if (n == 2) {
		c0 = utf8_chars(h[0].p, h[0].n);
		c1 = utf8_chars(h[1].p, h[1].n);
		if (span_ends(h[0], "——") || span_ends(h[0], "—") ||
		    (!span_starts(h[1], "——") && c0 * 4 >= c1 * 5)) {
			a->kicker = span_dup(h[0]);
			a->title = span_dup(h[1]);
		} else {
			a->title = span_dup(h[0]);
			a->subtitle = span_dup(h[1]);
		}
		return;
	}
	a->kicker = span_dup(h[0]);
	a->title = span_dup(h[1]);
	for (i = 2; i < n; i++) {
		if (i > 2)
			buf_putc(&t, ' ');
		buf_putspan(&t, h[i]);
	}
	a->subtitle = buf_detach(&t);
}

/* A fragment ends mid-sentence and is long enough not to be an intertitle. */
static int
is_intertitle(const struct unit *u)
{
	size_t		 l;
	uint32_t	 c = text_last_cp(u->t, &l);

	if (u->nch > MAX_INTERTITLE_CHARS)
		return 0;
	if (c == '?' || c == 0xff1f || c == '!' || c == 0xff01)
		return 0;
	return !text_contains(u->t, ",") && !text_contains(u->t, "\xef\xbc\x8c") &&
	    !text_contains(u->t, "、");
}

static void
build_article(struct seg *s, size_t from, size_t to, enum hint h,
    struct article *out)
{
	struct build	 b;
	struct span	 head[MAX_HEADLINE_LINES * 2], x, y, text;
	size_t		 nh = 0, i, k, lead;
	int		 credit, in_head = 1, tip = 0, has_byline = 0, has_lead = 0,
			 has_credit = 0, has_tip = 0, has_heading = 0;
	char		*dl;
	struct unit	*u;

	memset(&b, 0, sizeof(b));
	buf_init(&b.text);
	for (i = from; i < to; i++) {
		u = &s->u[i];
		if (u->cls == L_FURN)
			continue;
		add_line(&b, u->line);
		if (in_head && u->cls == L_SHORT && h != H_OTHER && h != H_TOC) {
			if (nh < MAX_HEADLINE_LINES) {
				head[nh++] = u->t;
				continue;
			}
		}
		if (in_head && h == H_TOC && u->cls == L_TOC_HEAD) {
			head[nh++] = u->t;
			in_head = 0;
			continue;
		}
		in_head = 0;
		if (tip && u->cls == L_BODY) {
			free(b.a.summary);
			b.a.summary = span_dup(u->t);
			tip = 0;
			continue;
		}
		tip = 0;
		switch (u->cls) {
		case L_TIP:
			tip = has_tip = 1;
			break;
		case L_BYLINE:
			byline_line(u->t, &b.au, &credit);
			has_byline = 1;
			break;
		case L_CREDIT:
			byline_line(u->t, &b.au, &credit);
			has_credit = 1;
			break;
		case L_AGENCY:
			dl = NULL;
			byline_agency_line(u->t, &b.au, &dl);
			if (b.a.dateline == NULL)
				b.a.dateline = dl;
			else
				free(dl);
			break;
		case L_LEAD:
			dl = NULL;
			lead = byline_lead(u->t, &b.au, &dl);
			if (b.a.dateline == NULL)
				b.a.dateline = dl;
			else
				free(dl);
			has_lead = 1;
			text.p = u->t.p + lead;
			text.n = u->t.n - lead;
			text = span_trim(text);
			if (text.n)
				add_block(&b.a, BLOCK_PARA, text, u->line);
			break;
		case L_ITEM:
			/* Kept as printed, "- 栏目"; pages drop the dash. */
			add_block(&b.a, BLOCK_HEADING, u->t, u->line);
			break;
		case L_SHORT:
			if (h == H_TOC)
				add_block(&b.a, BLOCK_ITEM, u->t, u->line);
			else if (is_intertitle(u)) {
				add_block(&b.a, BLOCK_HEADING, u->t, u->line);
				has_heading = 1;
			} else
				add_block(&b.a, BLOCK_PARA, u->t, u->line);
			break;
		default:
			add_block(&b.a, h == H_TOC ? BLOCK_ITEM :
			    h == H_PHOTO && !has_credit ? BLOCK_CAPTION : BLOCK_PARA,
			    u->t, u->line);
			break;
		}
	}

	/* Lines above a kicker ending in —— are a column label. */
	for (k = 1; k < nh && h != H_PHOTO; k++)
		if (span_ends(head[k], "——") && k + 1 < nh) {
			struct buf col = BUF_INIT;
			for (size_t q = 0; q < k; q++) {
				if (q)
					buf_putc(&col, ' ');
				buf_putspan(&col, head[q]);
			}
			b.a.column = buf_detach(&col);
			memmove(head, head + k, (nh - k) * sizeof(*head));
			nh -= k;
			break;
		}
	/* Column labels and banners sit at either end of the block. */
	if (b.a.column != NULL)
		;
	else if (nh >= 2 && (is_column_label(head[0]) || is_banner(head[0]))) {
		b.a.column = span_dup(head[0]);
		memmove(head, head + 1, --nh * sizeof(*head));
	} else if (nh == 3 && h == H_FEATURE && !span_starts(head[2], "——") &&
	    utf8_chars(head[0].p, head[0].n) <= MAX_COLUMN_CHARS &&
	    !text_has_punct(head[0])) {
		/* 栏目 / 引题 / 主题 over a byline: the short first line. */
		b.a.column = span_dup(head[0]);
		memmove(head, head + 1, --nh * sizeof(*head));
	} else if (nh >= 2 && (is_column_label(head[nh - 1]) ||
	    is_banner(head[nh - 1]) || (nh == 3 && h == H_FEATURE &&
	    utf8_chars(head[2].p, head[2].n) <= MAX_COLUMN_CHARS &&
	    !text_has_punct(head[2]))))
		b.a.column = span_dup(head[--nh]);
	/* Two headlines on one line. */
	if (nh == 1 && h != H_PHOTO && split_two(head[0], &x, &y)) {
		head[0] = x;
		head[1] = y;
		nh = 2;
	}
	headline_roles(&b.a, head, nh, h == H_PHOTO);

	/* The kind, from the evidence the lines gave. */
	if (h == H_CONT)
		b.a.kind = KIND_CONTINUATION;
	else if (h == H_TOC)
		b.a.kind = KIND_TOC;
	else if (has_credit && !has_byline && !has_lead && h == H_PHOTO)
		b.a.kind = KIND_PHOTO;
	else if (has_lead)
		b.a.kind = KIND_NEWS;
	else if (has_byline || has_tip || has_heading)
		b.a.kind = KIND_FEATURE;
	else if (has_credit)
		b.a.kind = KIND_PHOTO;
	else
		b.a.kind = KIND_OTHER;

	b.a.authors = b.au.v;
	b.a.nauthors = b.au.n;
	strmap_free(b.au.seen);
	b.a.lines = b.lines;
	b.a.nlines = b.nlines;
	buf_release(&b.text);
	*out = b.a;
}

/* ---- the whole issue ---------------------------------------------------- */

static int
cmp_uint(const void *x, const void *y)
{
	unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;

	return a < b ? -1 : a > b;
}

/* Plain text of an article's body, for regions and topics. */
static void
body_text(const struct article *a, struct buf *out)
{
	size_t	 i;

	if (a->summary) {
		buf_puts(out, a->summary);
		buf_putc(out, '\n');
	}
	for (i = 0; i < a->nbody; i++) {
		buf_puts(out, a->body[i].text);
		buf_putc(out, '\n');
	}
}

static void
head_text(const struct article *a, struct buf *out)
{
	if (a->kicker) {
		buf_puts(out, a->kicker);
		buf_putc(out, '\n');
	}
	if (a->title) {
		buf_puts(out, a->title);
		buf_putc(out, '\n');
	}
	if (a->subtitle)
		buf_puts(out, a->subtitle);
}

static void
add_furniture(struct issue *is, const struct unit *u)
{
	struct span	 name;
	const char	*p;

	is->furniture = xgrow(is->furniture, is->nfurniture,
	    sizeof(*is->furniture));
	is->furniture[is->nfurniture].line = u->line;
	is->furniture[is->nfurniture].text = span_dup(u->t);
	is->nfurniture++;
	/* 责任编辑:王某  or 责任编辑 王某 */
	if (span_starts(u->t, "责任编辑") || span_starts(u->t, "本版编辑")) {
		name.p = u->t.p + strlen("责任编辑");
		name.n = u->t.n - strlen("责任编辑");
		while (name.n && (name.p[0] == ':' || name.p[0] == ' '))
			name.p++, name.n--;
		if (span_starts(name, "\xef\xbc\x9a"))
			name.p += 3, name.n -= 3;
		name = span_trim(name);
		/* Stop at the next field on the same line (E-mail, 美编). */
		for (p = name.p; p < name.p + name.n && *p != ' '; p++)
			;
		name.n = (size_t)(p - name.p);
		if (name.n && utf8_chars_max(name.p, name.n, 9) <= 8) {
			is->editors = xgrow(is->editors, is->neditors,
			    sizeof(char *));
			is->editors[is->neditors++] = span_dup(name);
		}
	}
}

/* The unit of physical line n, or -1. */
static long
unit_of(const struct seg *s, unsigned n)
{
	size_t	 lo = 0, hi = s->nu, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->u[mid].line == n)
			return (long)mid;
		if (s->u[mid].line < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Corrections to the cut itself: furniture before the starts are found. */
static void
fix_furniture(struct seg *s, struct fixes *f)
{
	size_t	 i;
	long	 u;

	for (i = 0; f && i < f->n; i++)
		if (f->v[i].op == FIX_FURNITURE &&
		    (u = unit_of(s, f->v[i].line)) >= 0) {
			s->u[u].cls = L_FURN;
			s->u[u].start = 0;
			f->v[i].used = 1;
		}
}

/* Splits and joins, after the starts are found. */
static void
fix_starts(struct seg *s, struct fixes *f)
{
	size_t	 i;
	long	 u, k, first;

	for (first = 0; first < (long)s->nu && s->u[first].cls == L_FURN; first++)
		;
	for (i = 0; f && i < f->n; i++) {
		if ((u = unit_of(s, f->v[i].line)) < 0 || s->u[u].cls == L_FURN)
			continue;
		if (f->v[i].op == FIX_SPLIT) {
			if (!s->u[u].start)
				s->u[u].start = H_FEATURE;
			f->v[i].used = 1;
		} else if (f->v[i].op == FIX_JOIN) {
			for (k = u; k > first && !s->u[k].start; k--)
				;
			if (k > first) {
				s->u[k].start = 0;
				f->v[i].used = 1;
			}
		}
	}
}

/* "before A B": paragraph A is read before paragraph B, in one article. */
static void
fix_order(struct article *a, struct fixes *f)
{
	size_t		 i, x, y, k;
	struct block	 t;

	for (i = 0; f && i < f->n; i++) {
		if (f->v[i].op != FIX_BEFORE)
			continue;
		for (x = y = a->nbody, k = 0; k < a->nbody; k++) {
			if (a->body[k].lines[0] == f->v[i].line)
				x = k;
			if (a->body[k].lines[0] == f->v[i].line2)
				y = k;
		}
		if (x == a->nbody || y == a->nbody || x == y)
			continue;
		t = a->body[x];
		if (x < y) {
			memmove(&a->body[x], &a->body[x + 1], (y - x - 1) * sizeof(t));
			a->body[y - 1] = t;
		} else {
			memmove(&a->body[y + 1], &a->body[y], (x - y) * sizeof(t));
			a->body[y] = t;
		}
		f->v[i].used = 1;
	}
}

void
seg_cut(struct issue *is, const struct source *src, const struct seg_opts *o)
{
	const struct gaz	*g = o ? o->gaz : NULL;
	const struct topic_set	*ts = o ? o->topics : NULL;
	struct fixes		*fx = o ? o->fixes : NULL;

	struct seg	 s;
	struct buf	 ht = BUF_INIT, bt = BUF_INIT;
	size_t		 i, j, n;
	unsigned	 ln;
	struct article	*a;

	memset(&s, 0, sizeof(s));
	s.is = is;
	s.src = src;
	for (ln = src->body_from; ln <= src->nlines; ln++)
		if (src->lines[ln - 1].n)
			s.nu++;
	s.u = xcalloc(s.nu ? s.nu : 1, sizeof(*s.u));
	for (n = 0, ln = src->body_from; ln <= src->nlines; ln++) {
		if (src->lines[ln - 1].n == 0)
			continue;
		s.u[n].line = ln;
		s.u[n].t = src->lines[ln - 1];
		s.u[n].nch = utf8_chars_max(s.u[n].t.p, s.u[n].t.n, NCH_CAP);
		s.u[n].cls = classify(s.u[n].t, s.u[n].nch);
		n++;
	}
	/* A short label beside furniture (第5版 / 综合新闻) is furniture too. */
	for (i = 1; i < s.nu; i++)
		if (s.u[i].cls == L_SHORT && s.u[i - 1].cls == L_FURN &&
		    s.u[i].nch <= MAX_PAGE_LABEL_CHARS && !text_has_punct(s.u[i].t) &&
		    (i + 1 == s.nu || s.u[i + 1].cls == L_FURN))
			s.u[i].cls = L_FURN;
	fix_furniture(&s, fx);
	find_starts(&s);
	fix_starts(&s, fx);

	for (i = 0; i < s.nu; i++)
		if (s.u[i].cls == L_FURN)
			add_furniture(is, &s.u[i]);
	for (i = 0; i < s.nu; i = j) {
		if (s.u[i].cls == L_FURN || !s.u[i].start) {
			/* Lines before the first start: an article of their own. */
			if (s.u[i].cls == L_FURN) {
				j = i + 1;
				continue;
			}
			s.u[i].start = H_OTHER;
		}
		for (j = i + 1; j < s.nu && !s.u[j].start; j++)
			;
		is->articles = xgrow(is->articles, is->narticles,
		    sizeof(*is->articles));
		a = &is->articles[is->narticles];
		build_article(&s, i, j, (enum hint)s.u[i].start, a);
		fix_order(a, fx);
		para_mend(a, is->path, &is->diags);
		if (a->nlines == 0) {
			article_release(a);
			continue;
		}
		qsort(a->lines, a->nlines, sizeof(*a->lines), cmp_uint);
		is->narticles++;
	}
	/* An article cut off by the end of the file. */
	if (is->narticles) {
		a = &is->articles[is->narticles - 1];
		if (a->nbody && a->body[a->nbody - 1].type == BLOCK_PARA &&
		    !text_ends_sentence(span_of(a->body[a->nbody - 1].text)))
			a->truncated = 1;
		a = &is->articles[0];
		if (a->title == NULL && a->kind != KIND_CONTINUATION)
			a->truncated = 1;
	}

	if (is->date == NULL)
		date_infer(is, src);
	issue_set_id(is);
	if (o && o->id) {
		free(is->id);
		is->id = xstrdup(o->id);
	}
	for (i = 0; i < is->narticles; i++) {
		struct buf id = BUF_INIT;
		a = &is->articles[i];
		buf_printf(&id, "%s-%02zu", is->id, i + 1);
		a->id = buf_detach(&id);
		buf_reset(&ht);
		buf_reset(&bt);
		head_text(a, &ht);
		body_text(a, &bt);
		if (g != NULL && a->kind != KIND_TOC) {
			a->regions = xcalloc(MAX_REGIONS, sizeof(*a->regions));
			a->nregions = gaz_regions(g, a->dateline, ht.ptr, bt.ptr,
			    a->regions, MAX_REGIONS);
		}
		if (ts != NULL)
			topic_assign(ts, a, ht.ptr, bt.ptr);
	}
	fix_apply_fields(fx, is, g, ts, &is->diags);
	buf_release(&ht);
	buf_release(&bt);
	free(s.u);
}
