/*
 * test_ngram.c: the search index below the files: folding and hashes
 * (ngram.c), a document's keys (idx_prep.c), the lists (idx_post.c) and
 * the text code of the docs chunks (idx_docs.c).  The files themselves
 * are test_idx.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "idx_int.h"
#include "ngram.h"
#include "util.h"


static void
check_str(const char *got, const char *want, const char *what)
{
	check(strcmp(got, want) == 0, what);
	if (strcmp(got, want) != 0)
		printf("#   got %s, want %s\n", got, want);
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
	check_str(b.ptr, "0|v|B0|_v|BA0|D_____v",
	    "digits: 0 31 32 1023 1024 2^32-1");
	check(ngram_num_len(0) == 1 && ngram_num_len(31) == 1 &&
	    ngram_num_len(32) == 2 && ngram_num_len(UINT32_MAX) == 7,
	    "digit counts");
	buf_release(&b);
	check(ngram_shard(0xffffffffu, 0) == 0 &&
	    ngram_shard(0xffffffffu, 3) == 7 && ngram_shard(0x20000000u, 3) == 1,
	    "shard: the top bits of the hash");
	/* Unigrams and bigrams hash as format 2 did; a trigram folds in c. */
	check(ngram_hash(0x5de5, 0x4f1a, 0) != ngram_hash(0x5de5, 0x4f1a, 0x9a7f) &&
	    ngram_hash(0x5de5, 0, 0) != ngram_hash(0x5de5, 0x4f1a, 0) &&
	    ngram_hash(1, 2, 3) != ngram_hash(1, 3, 2),
	    "hash: unigram, bigram and trigram keys differ");
}

static void
test_fold_field(void)
{
	uint32_t	 out[16];
	uint32_t	 next;

	memset(out, 0xff, sizeof(out));
	next = ngram_fold_field(out, "Ａ，工", strlen("Ａ，工"), 3);
	check(next == 7 && out[3] == 'a' && out[4] == 0 && out[5] == 0x5de5 &&
	    out[6] == 0 && out[2] == 0xffffffffu,
	    "fold_field: a position a code point, 0 at breaks and after");
	check(ngram_fold_field(out, "", 0, 9) == 10 && out[9] == 0,
	    "fold_field: an empty field takes one position");
}

/* The field fold's table agrees with ngram_fold() and ngram_is_term(). */
static void
test_fold_field_all(void)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 out[4], cp, want;
	size_t		 bad = 0;
	static const char *const broken[] = { "\xe5\xb7", "\xe0\x80\xaf",
	    "\xed\xa0\x80", "\x80", "\xff" };
	size_t		 i;

	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		buf_reset(&b);
		utf8_encode(&b, cp);
		want = ngram_fold(cp);
		if (!ngram_is_term(want))
			want = 0;
		if (ngram_fold_field(out, b.ptr, b.len, 0) != 2 ||
		    out[0] != want || out[1] != 0)
			bad++;
	}
	check(bad == 0, "fold_field: every code point as ngram_fold and "
	    "ngram_is_term have it");
	/* Broken UTF-8 is U+FFFD, not a term, a byte at a time. */
	bad = 0;
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		size_t n = strlen(broken[i]), k;

		memset(out, 0xff, sizeof(out));
		if (ngram_fold_field(out, broken[i], n, 0) != n + 1)
			bad++;
		for (k = 0; k <= n; k++)
			if (out[k] != 0)
				bad++;
	}
	check(bad == 0, "fold_field: broken UTF-8 breaks, a byte at a time");
	buf_release(&b);
}

static void
test_kmap(void)
{
	struct kmap	*m = kmap_new(0);
	uint32_t	*v, val;
	uint64_t	 key, sum = 0;
	size_t		 i;
	int		 made, ok = 1;

	for (i = 0; i < 5000; i++) {
		v = kmap_slot(m, KEY3(i, i * 7 % 13, 0), &made);
		if (!made || *v != 0)
			ok = 0;
		*v = (uint32_t)i + 1;
	}
	for (i = 0; i < 5000; i++)
		if (kmap_get(m, KEY3(i, i * 7 % 13, 0)) != i + 1)
			ok = 0;
	v = kmap_slot(m, KEY3(42, 42 * 7 % 13, 0), &made);
	check(ok && !made && *v == 43 && kmap_get(m, KEY3(1, 1, 1)) == 0,
	    "kmap: 5,000 keys through growth, found again, absent ones 0");
	for (i = 0; i < kmap_cap(m); i++)
		if (kmap_at(m, i, &key, &val))
			sum += val;
	check(sum == 5000ull * 5001 / 2, "kmap: every slot seen once");
	kmap_free(m);
}

static struct idx_prep *
prep(const char *title, const char *text)
{
	struct idx_doc	 d;

	memset(&d, 0, sizeof(d));
	d.title = title;
	d.text = text;
	return idx_prep(&d);
}

static const struct prep_key *
find_key(const struct idx_prep *p, uint32_t a, uint32_t b, uint32_t c)
{
	size_t	 i;

	for (i = 0; i < p->nkeys; i++)
		if (p->keys[i].a == a && p->keys[i].b == b && p->keys[i].c == c)
			return &p->keys[i];
	return NULL;
}

/* A key's positions, decoded from the digits of the files, as "p,p,p". */
static void
key_pos(struct buf *b, const struct idx_prep *p, const struct prep_key *k)
{
	uint32_t	 v, pos = (uint32_t)-1;
	unsigned	 d;
	size_t		 i = k->off;

	buf_reset(b);
	while (i < (size_t)k->off + k->len) {
		v = 0;
		do {
			d = ngram_digit((char)p->pos[i++]);
			v = v * 32 + (d & 31);
		} while (d >= 32 && d < 64);
		pos += v / 2 + 1;
		buf_printf(b, "%s%u", b->len ? "," : "", pos);
	}
}

static void
test_prep(void)
{
	struct idx_prep		*p;
	const struct prep_key	*k, *t;
	struct buf		 b = BUF_INIT;
	size_t			 i;
	int			 order = 1, seen_tri = 0;

	/*
	 * 工会驿站 in the title (0..3), the text after an empty kicker and
	 * subtitle (64, 65) from 66.
	 */
	p = prep("工会驿站", "工会驿站，会驿站");
	k = find_key(p, 0x5de5, 0x4f1a, 0);
	check(k && k->first == 0 && k->npos == 2, "prep: 工会 twice, first in the title");
	if (k) {
		key_pos(&b, p, k);
		check_str(b.ptr, "0,66", "prep: 工会 at 0 and 66");
	}
	k = find_key(p, 0x4f1a, 0x9a7f, 0x7ad9);
	check(k && k->npos == 3 && k->first == 1, "prep: trigram 会驿站 three times");
	if (k) {
		key_pos(&b, p, k);
		check_str(b.ptr, "1,67,71", "prep: 会驿站 at 1, 67, 71");
		check(p->keys[k->half[0]].a == 0x4f1a &&
		    p->keys[k->half[0]].b == 0x9a7f && p->keys[k->half[0]].c == 0 &&
		    p->keys[k->half[1]].a == 0x9a7f &&
		    p->keys[k->half[1]].b == 0x7ad9,
		    "prep: a trigram knows its two bigrams");
	}
	k = find_key(p, 0x5de5, 0, 0);
	check(k && k->len == 0 && k->npos == 2, "prep: unigram 工, no positions");
	check(find_key(p, 0x7ad9, 0x4f1a, 0) == NULL,
	    "prep: no bigram across punctuation (站，会)");
	for (i = 0; i < p->nkeys; i++) {
		t = &p->keys[i];
		if (t->c)
			seen_tri = 1;
		else if (seen_tri)
			order = 0;
	}
	check(order, "prep: trigrams come after every unigram and bigram");
	check_str(p->doc.title, "工会驿站", "prep: the fields are copied");
	idx_prep_free(p);

	/* No title: the text still starts at 66; a NULL text is empty. */
	p = prep(NULL, "ＡＢ");
	k = find_key(p, 'a', 'b', 0);
	check(k && k->first == 66, "prep: without a title the text is at 66");
	idx_prep_free(p);
	p = prep("标题", NULL);
	check(p->nkeys == 3, "prep: a title alone: 标 题 标题");
	idx_prep_free(p);
	buf_release(&b);
}

/* Adds a one-field document. */
static void
add_doc(struct post *t, uint32_t doc, const char *title, const char *text)
{
	struct idx_prep	*p = prep(title, text);

	if (post_add(t, doc, p) == -1)
		check(0, "table: a spill failed");
	idx_prep_free(p);
}

static void
test_tab(void)
{
	struct post		*t = post_new();
	struct post_iter	*it;
	struct post_stats	 st;
	struct buf		 d = BUF_INIT, p = BUF_INIT;
	const struct post_key	*k, *k0;
	char			 text[64];
	size_t			 i, n;
	int			 sorted = 1;

	add_doc(t, 0, "", "工会工会");
	add_doc(t, 1, "总工会", "");
	add_doc(t, 3, "", "工，会 工会");
	add_doc(t, 40, "ＡＰＰ", "");
	add_doc(t, 41, "", "A-P");
	check(post_lookup(t, 0x5de5, 0x4f1a, 0, &d, &p) &&
	    strcmp(d.ptr, "012") == 0,
	    "table: 工会 in docs 0, 1 (title), 3: numbers 0 1 2");
	/* Doc 0 at 66 and 68; doc 1 at 1; doc 3 at 70 (工，会 is none). */
	check_str(p.ptr, "E522Ec",
	    "table: 工会 positions 66,68 | 1 | 70 as delta*2+more");
	check(post_lookup(t, 0x4f1a, 0x5de5, 0, &d, &p) &&
	    strcmp(d.ptr, "0") == 0, "table: 会工 across the repeat is a bigram");
	check(post_lookup(t, 0x5de5, 0, 0, &d, &p) &&
	    strcmp(d.ptr, "012") == 0 && p.len == 0,
	    "table: unigram 工 once a document, no positions");
	check(post_lookup(t, 'a', 'p', 0, &d, &p) && strcmp(d.ptr, "Ch") == 0,
	    "table: ＡＰＰ in the title of doc 40 as ap; A-P adds no bigram");
	check(!post_lookup(t, 'p', 'a', 0, &d, &p) && d.len == 0,
	    "table: an absent key");
	check(!post_lookup(t, 0x5de5, 0x4f1a, 0x5de5, &d, &p),
	    "table: no trigram without a frequent bigram");
	post_stats(t, &st);
	/* 工会 会工 工 会 总 总工 | a p ap pp */
	check(st.keys == 10 && st.runs == 0 && st.trigrams == 0,
	    "table: 10 keys, no trigram, no spill");

	/* Enough keys to force a few rehashes, all still found, in order. */
	for (i = 0; i < 3000; i++) {
		d.len = 0;
		utf8_encode(&d, 0x4e00 + (uint32_t)i);
		utf8_encode(&d, 0x4e00 + (uint32_t)(i * 7 % 3000));
		memcpy(text, d.ptr, d.len + 1);
		add_doc(t, 100 + (uint32_t)i, "", text);
	}
	it = post_iter_new(t);
	n = post_iter_count(it);
	for (i = 1; i < n; i++) {
		k0 = post_iter_key(it, i - 1);
		k = post_iter_key(it, i);
		if (k0->hash > k->hash || (k0->hash == k->hash &&
		    (k0->a > k->a || (k0->a == k->a && k0->b >= k->b))))
			sorted = 0;
	}
	check(sorted && n > 3000, "iterator: keys in hash order");
	for (i = 0; i < n && post_iter_next(it, &d, &p) == 1; i++)
		if (d.len != post_iter_key(it, i)->dbytes ||
		    p.len != post_iter_key(it, i)->pbytes)
			break;
	check(i == n, "iterator: every list as long as its key says");
	post_iter_free(it);
	check(post_lookup(t, 0x4e00 + 2999, 0x4e00 + 2999 * 7 % 3000, 0, &d,
	    &p), "table: last bigram found after rehash");
	buf_release(&d);
	buf_release(&p);
	post_free(t);
}

static void
test_frequent(void)
{
	struct post		*t = post_new();
	struct post_stats	 st;
	struct buf		 d = BUF_INIT, p = BUF_INIT, f = BUF_INIT;

	post_set_frequent(t, 0x5de5, 0x4f1a);	/* 工会 */
	add_doc(t, 0, "总工会", "工会驿站");
	add_doc(t, 2, "", "驿站");
	check(post_lookup(t, 0x5de5, 0x4f1a, 0, &d, &p) &&
	    strcmp(d.ptr, "1") == 0 && p.len == 0,
	    "frequent: 工会 keeps its list (doc 0, title), not its positions");
	check(post_lookup(t, 0x603b, 0x5de5, 0x4f1a, &d, &p) &&
	    strcmp(d.ptr, "1") == 0 && strcmp(p.ptr, "0") == 0,
	    "frequent: trigram 总工会 (before it) at 0, in the title");
	check(post_lookup(t, 0x5de5, 0x4f1a, 0x9a7f, &d, &p) &&
	    strcmp(d.ptr, "0") == 0 && strcmp(p.ptr, "E4") == 0,
	    "frequent: trigram 工会驿 (after it) at 66");
	check(!post_lookup(t, 0x4f1a, 0x9a7f, 0x7ad9, &d, &p),
	    "frequent: 会驿站 holds no frequent bigram: no key");
	check(post_lookup(t, 0x9a7f, 0x7ad9, 0, &d, &p) &&
	    strcmp(d.ptr, "02") == 0, "frequent: other bigrams as before");
	post_stats(t, &st);
	check(st.frequent == 1 && st.trigrams == 2, "frequent: one, two trigrams");
	post_frequent(t, &f);
	check_str(f.ptr, "工会", "frequent: listed for meta.js");
	buf_release(&d);
	buf_release(&p);
	buf_release(&f);
	post_free(t);
}

/* The same documents with and without spills read back the same. */
static void
test_spill(void)
{
	struct post		*a = post_new(), *b = post_new();
	struct post_iter	*ia, *ib;
	struct post_stats	 st;
	struct buf		 da = BUF_INIT, pa = BUF_INIT, db = BUF_INIT,
				 pb = BUF_INIT, text = BUF_INIT;
	size_t			 i, k;
	int			 same = 1, ra, rb;

	post_set_budget(b, 256);
	post_set_frequent(a, 0x4e00, 0x4e01);
	post_set_frequent(b, 0x4e00, 0x4e01);
	for (i = 0; i < 300; i++) {
		buf_reset(&text);
		for (k = 0; k < 40; k++)
			utf8_encode(&text, 0x4e00 + (uint32_t)((i * 31 + k * k) % 50));
		add_doc(a, (uint32_t)i * 3, "工会", text.ptr);
		add_doc(b, (uint32_t)i * 3, "工会", text.ptr);
	}
	post_stats(b, &st);
	check(st.runs > 10 && st.trigrams > 0,
	    "spill: a small budget writes many runs, trigrams among the lists");
	ia = post_iter_new(a);
	ib = post_iter_new(b);
	do {
		ra = post_iter_next(ia, &da, &pa);
		rb = post_iter_next(ib, &db, &pb);
		if (ra != rb || da.len != db.len || pa.len != pb.len ||
		    memcmp(da.ptr, db.ptr, da.len) != 0 ||
		    memcmp(pa.ptr, pb.ptr, pa.len) != 0)
			same = 0;
	} while (ra == 1 && rb == 1);
	check(same && ra == 0, "spill: the runs concatenate into the same lists");
	post_iter_free(ia);
	post_iter_free(ib);
	buf_release(&da);
	buf_release(&pa);
	buf_release(&db);
	buf_release(&pb);
	buf_release(&text);
	post_free(a);
	post_free(b);
}

/* Decodes text coded by code_put(), as search.js does. */
static void
decode(struct buf *out, const struct code *k, const char *s)
{
	static const char	 sym[] = CODE_SYMBOLS;
	const char		*p;
	size_t			 r;

	buf_reset(out);
	for (; *s; s++) {
		if ((unsigned char)*s >= 0x80) {
			buf_putc(out, *s);
			continue;
		}
		r = (size_t)(strchr(sym, *s) - sym);
		if (r >= k->single) {
			p = strchr(sym, *++s);
			r = k->single + (r - k->single) * CODE_NSYM +
			    (size_t)(p - sym);
		}
		utf8_encode(out, k->cp[r]);
	}
}

/*
 * A code with more ranks than single symbols: 3,000 characters of the
 * BMP and 40 beyond it, each seen twice, so that most codes take two
 * symbols, in the BMP's table and in the map alike.
 */
static void
test_code_wide(void)
{
	struct kmap	*counts = kmap_new(0);
	struct code	 k;
	struct buf	 text = BUF_INIT, e = BUF_INIT, d = BUF_INIT;
	uint32_t	 cp;
	size_t		 i, two = 0;

	for (i = 0; i < 2 * 3040; i++) {
		cp = i % 3040 < 3000 ? 0x4e00 + (uint32_t)(i % 3040) :
		    0x20000 + (uint32_t)(i % 3040 - 3000);
		utf8_encode(&text, cp);
		if (i % 7 == 0)
			buf_puts(&text, "工<\"/");
	}
	code_count(counts, text.ptr);
	code_build(&k, counts);
	code_put(&e, &k, text.ptr);
	decode(&d, &k, e.ptr);
	for (i = 0; i < 3040; i++) {
		cp = i < 3000 ? 0x4e00 + (uint32_t)i : 0x20000 + (uint32_t)(i - 3000);
		two += kmap_get(k.rank, cp) > k.single;
	}
	check(k.n >= 3040 + 128 && two > 2900,
	    "code: 3,040 characters ranked, most with two symbols");
	check(strcmp(d.ptr, text.ptr) == 0,
	    "code: two-symbol codes, in and beyond the BMP, decode to the text");
	check(e.len < text.len && strchr(e.ptr, '"') == NULL,
	    "code: two-symbol codes are shorter than UTF-8, still no quote");
	code_release(&k);
	kmap_free(counts);
	buf_release(&text);
	buf_release(&e);
	buf_release(&d);
}

static void
test_code(void)
{
	static const char *const texts[] = {
		"工会驿站为户外劳动者提供休息场所。工会工会工会工会工会",
		"Hello \"world\" \\ </script> 12351\n\t~",
		"𠮷祥，生僻字只出现一次：龘"
	};
	struct kmap	*counts = kmap_new(0);
	struct code	 k;
	struct buf	 e = BUF_INIT, d = BUF_INIT, t = BUF_INIT;
	size_t		 i, c;
	int		 ok = 1, ascii = 1, sym = 1;

	for (i = 0; i < 3; i++)
		code_count(counts, texts[i]);
	code_build(&k, counts);
	for (c = 0; c < 128; c++)
		ascii = ascii && kmap_get(k.rank, (uint32_t)c) != 0;
	check(ascii && k.single < CODE_NSYM, "code: every ASCII character ranked");
	check(kmap_get(k.rank, 0x9f98) == 0 && kmap_get(k.rank, 0x5de5) != 0,
	    "code: 工 (seen 6 times) ranked, 龘 (once) left as it is");
	check(k.cp[0] == 0x4f1a && k.cp[1] == 0x5de5,
	    "code: the most frequent characters rank first, ties by code point");
	for (i = 0; i < 3; i++) {
		buf_reset(&e);
		code_put(&e, &k, texts[i]);
		decode(&d, &k, e.ptr);
		ok = ok && strcmp(d.ptr, texts[i]) == 0;
		for (c = 0; c < e.len; c++)
			if (e.ptr[c] == '"' || e.ptr[c] == '\\' ||
			    (unsigned char)e.ptr[c] < 0x20)
				sym = 0;
	}
	check(ok, "code: code_put and decoding give the text back");
	check(sym, "code: no quote, backslash or control byte in coded text");
	buf_reset(&e);
	code_put(&e, &k, "工会驿站");
	check(e.len < strlen("工会驿站"), "code: shorter than UTF-8");
	code_table(&t, &k);
	check(utf8_chars(t.ptr, t.len) == k.n, "code: the table, a character a rank");
	code_release(&k);
	kmap_free(counts);
	buf_release(&e);
	buf_release(&d);
	buf_release(&t);
	test_code_wide();
}

/* ngram_digit() is the place of each byte in NGRAM_DIGITS, 64 if none. */
static void
test_digit(void)
{
	const char	*v;
	int		 c, bad = 0;

	for (c = 0; c < 256; c++) {
		v = c ? strchr(NGRAM_DIGITS, c) : NULL;
		if (ngram_digit((char)c) != (v ? (unsigned)(v - NGRAM_DIGITS) : 64))
			bad++;
	}
	CHECK(bad == 0, "ngram_digit: every byte's value as a digit");
}

int
main(void)
{
	test_fold();
	test_num();
	test_digit();
	test_fold_field();
	test_fold_field_all();
	test_kmap();
	test_prep();
	test_tab();
	test_frequent();
	test_spill();
	test_code();
	return check_done();
}
