/*
 * test_core.c: the buffer, the JSON writer, the diagnostics list, the
 * string map, the slab and writing files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "json.h"
#include "slab.h"
#include "strmap.h"
#include "util.h"

static void
test_buf(void)
{
	struct buf	 b = BUF_INIT;
	struct span	 s;
	size_t		 i, l;
	char		*p;

	CHECK(b.ptr != NULL && b.ptr[0] == '\0' && b.len == 0, "BUF_INIT is an empty string");
	for (i = 0; i < 10000; i++)
		buf_putc(&b, 'a' + (int)(i % 26));
	CHECK(b.len == 10000 && strlen(b.ptr) == 10000, "10000 appends keep length and NUL");
	buf_reset(&b);
	buf_printf(&b, "%s-%d-%s", "x", 42, "长沙");
	CHECK(strcmp(b.ptr, "x-42-长沙") == 0, "buf_printf formats");
	buf_reset(&b);
	for (i = 0; i < 200; i++)
		buf_printf(&b, "%0100d", 7);
	CHECK(b.len == 20000, "buf_printf past the first growth");
	p = buf_detach(&b);
	CHECK(b.ptr == buf_empty && b.len == 0, "buf_detach leaves BUF_INIT");
	free(p);
	CHECK(utf8_decode("\xe4\xb8\xad", 3, &l) == 0x4e2d && l == 3, "decode 中");
	CHECK(utf8_decode("\xff", 1, &l) == 0xfffd && l == 1, "invalid byte decodes as U+FFFD, one byte");
	CHECK(utf8_decode("\xe4\xb8", 2, &l) == 0xfffd && l == 1, "truncated sequence is U+FFFD");
	s = span_trim(span_of("\xe3\x80\x80 本报记者\xc2\xa0 "));
	CHECK(s.n == strlen("本报记者") && memcmp(s.p, "本报记者", s.n) == 0,
	    "span_trim drops ideographic and no-break spaces");
	CHECK(utf8_chars("本报ab", strlen("本报ab")) == 4, "utf8_chars counts characters");
	buf_release(&b);
}

/* utf8_chars_max() is min(utf8_chars(), max) on any bytes, valid or not. */
static void
test_chars_max(void)
{
	/* Characters of one to four bytes, and bytes no character starts with. */
	static const char *const pick[] = { "a", "\xc3\xa9", "\xe4\xb8\xad",
	    "\xf0\x9f\x98\x80", "\xff", "\x80", "\xe4\xb8" };
	char		 s[128];
	size_t		 t, n, max, want, l;
	const char	*c;
	int		 ok = 1;

	srand(7);
	for (t = 0; t < 20000 && ok; t++) {
		n = 0;
		while (n + 4 < sizeof(s) && rand() % 40 != 0) {
			/* Mostly the long characters, where bytes and characters differ most. */
			c = pick[rand() % 8 < 5 ? 2 + rand() % 2 : rand() % 7];
			l = strlen(c);
			memcpy(s + n, c, l);
			n += l;
		}
		max = (size_t)rand() % 40;
		want = utf8_chars(s, n);
		if (want > max)
			want = max;
		ok = utf8_chars_max(s, n, max) == want;
	}
	CHECK(ok, "utf8_chars_max is min(utf8_chars, max) on 20,000 random byte strings");
	CHECK(utf8_chars_max("本报记者", strlen("本报记者"), 3) == 3 &&
	    utf8_chars_max("本报记者", strlen("本报记者"), 9) == 4,
	    "utf8_chars_max stops at max, or counts all");
}

static void
test_json(void)
{
	struct buf	 b = BUF_INIT;
	struct json	*j = json_new(&b, 0);

	json_obj_open(j);
	json_kv_str(j, "a", "x\"y\\z\n\x01");
	json_kv_str(j, "n", NULL);
	json_key(j, "l");
	json_arr_open(j);
	json_int(j, 1);
	json_bool(j, 0);
	json_str(j, "</script>\xe2\x80\xa8");
	json_arr_close(j);
	json_obj_close(j);
	CHECK(strcmp(b.ptr, "{\"a\":\"x\\\"y\\\\z\\n\\u0001\",\"n\":null,"
	    "\"l\":[1,false,\"<\\/script>\\u2028\"]}") == 0,
	    "json escapes quotes, controls, </ and U+2028");
	CHECK(json_depth(j) == 0, "json scopes closed");
	json_free(j);
	buf_reset(&b);
	j = json_new(&b, 0);
	json_str(j, "bad \xff byte");
	CHECK(strcmp(b.ptr, "\"bad \xef\xbf\xbd byte\"") == 0, "invalid UTF-8 written as U+FFFD");
	json_free(j);
	buf_reset(&b);
	j = json_new(&b, 2);
	json_obj_open(j);
	json_kv_int(j, "k", 5);
	json_obj_close(j);
	CHECK(strcmp(b.ptr, "{\n  \"k\": 5\n}") == 0, "json pretty-prints with indent");
	json_free(j);
	buf_release(&b);
}

static void
test_diag(void)
{
	struct diags	 d = DIAGS_INIT;
	FILE		*f = tmpfile();
	char		 line[256];

	diag_add(&d, DIAG_NOTE, "a.txt", 3, 0, "x", "first %d", 1);
	diag_add(&d, DIAG_ERROR, "a.txt", 7, 2, "y", "second");
	CHECK(d.n == 2 && d.worst == DIAG_ERROR, "worst severity kept");
	diag_print(&d, f);
	rewind(f);
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "a.txt:3: note: first 1\n") == 0,
	    "diagnostic printed as file:line: severity: message");
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "a.txt:7:2: error: second\n") == 0,
	    "diagnostic with a column");
	fclose(f);
	diags_release(&d);
}

static void
test_strmap(void)
{
	struct strmap	*m = strmap_new();
	char		 k[32];
	int		 i, bad = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(k, sizeof(k), "key%d", i);
		*strmap_slot(m, k) = (void *)(long)(i + 1);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(k, sizeof(k), "key%d", i);
		if (strmap_get(m, k) != (void *)(long)(i + 1))
			bad++;
	}
	CHECK(bad == 0 && strmap_count(m) == 5000, "strmap keeps 5000 keys through growth");
	CHECK(strmap_get(m, "absent") == NULL, "strmap misses an absent key");
	strmap_free(m);
}

#ifdef __SANITIZE_ADDRESS__
/* One byte past a slab block of 24 bytes. */
static void
overrun(void)
{
	struct slab	*s = slab_new();
	size_t		 got;
	char		*p = slab_alloc(s, 20, &got);

	p[got] = 1;
	slab_free(s);
}

/* Whether fn ends the run with an error, in a child. */
static int
fails(void (*fn)(void))
{
	int	 status = check_child(fn);

	return status != -1 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0);
}
#endif

/*
 * The slab: every size from 1 to SLAB_MAX gets a class at least as
 * large and at most 1.5 times the size above 16; blocks do not overlap;
 * a block given back is the next of its class; a reset gives the memory
 * back.
 */
static void
test_slab(void)
{
	struct slab	*s = slab_new();
	unsigned char	*b[64], *p, *first;
	size_t		 n, got, last = 0, sz[64], i, j;
	int		 classes = 1, sized = 1, apart = 1, zero = 1;

	for (n = 1; n <= SLAB_MAX; n++) {
		p = slab_alloc(s, n, &got);
		if (got < n || got < 16 || (n > 16 && got * 2 > n * 3 + 1) ||
		    got < last)
			sized = 0;
		if (got != last && last != 0 && got * 2 > last * 3)
			classes = 0;
		last = got;
		slab_put(s, p, got);
	}
	CHECK(sized, "slab: each size's class holds it, at most 1.5 x");
	CHECK(classes && last == SLAB_MAX, "slab: classes step by 1.5 at most, "
	    "up to SLAB_MAX");
	slab_reset(s);
	/* Sizes that cross chunk ends: 64 blocks of up to 64 KiB. */
	for (i = 0; i < 64; i++) {
		b[i] = slab_alloc(s, 1 + (i * 7919) % SLAB_MAX, &sz[i]);
		memset(b[i], (int)i, sz[i]);
	}
	for (i = 0; i < 64; i++)
		for (j = 0; j < sz[i]; j++)
			if (b[i][j] != (unsigned char)i)
				apart = 0;
	CHECK(apart, "slab: 64 blocks, none writes over another");
	CHECK(slab_mapped(s) >= SLAB_CHUNK && slab_mapped(s) % SLAB_CHUNK == 0,
	    "slab: memory in 2 MiB chunks");
	slab_put(s, b[5], sz[5]);
	p = slab_alloc(s, sz[5], &got);
	CHECK(p == b[5] && got == sz[5], "slab: a block given back is reused");
	n = slab_mapped(s);
	CHECK(slab_used(s) > n - SLAB_CHUNK && slab_used(s) <= n,
	    "slab: used counts the blocks cut, given back or not");
	slab_reset(s);
	CHECK(slab_used(s) == 0 && slab_mapped(s) == 0,
	    "slab: nothing used or held after a reset");
	first = slab_alloc(s, 100, &got);
	memset(first, 1, got);
	CHECK(slab_mapped(s) == SLAB_CHUNK && got == 128 &&
	    slab_used(s) == 128, "slab: after a reset, blocks from a new chunk");
	slab_free(s);
	p = slab_huge_calloc(3 * 1000 * 1000);
	for (i = 0; i < 3 * 1000 * 1000; i += 4096)
		if (p[i] != 0)
			zero = 0;
	CHECK(zero && ((uintptr_t)p & (SLAB_CHUNK - 1)) == 0,
	    "slab: huge calloc is zeroed and 2 MiB aligned");
	p[3 * 1000 * 1000 - 1] = 1;
	slab_huge_free(p, 3 * 1000 * 1000);
	p = slab_huge_calloc(1000);
	CHECK(p[0] == 0 && p[999] == 0, "slab: a small calloc is zeroed");
	slab_huge_free(p, 1000);
#ifdef __SANITIZE_ADDRESS__
	CHECK(fails(overrun), "slab: AddressSanitizer sees a block overrun");
#endif
}

/*
 * file_write_at(): a relative path is resolved from the folder handle,
 * not the current folder; missing folders are made; a parent that is a
 * file is an error with errno set and nothing written.
 */
static void
test_write_at(void)
{
	char		 top[] = "/tmp/test_core.XXXXXX", *p;
	struct buf	 b = BUF_INIT;
	int		 fd, rc;

	if (mkdtemp(top) == NULL) {
		CHECK(0, "write_at: a temporary folder");
		return;
	}
	fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(fd != -1, "write_at: the folder opens as a handle");
	rc = file_write_at(fd, "articles/2026/05/a.html", "<p>甲</p>", 10);
	p = path_join(top, "articles/2026/05/a.html");
	CHECK(rc == 0 && file_read(p, &b) == 0 && b.len == 10 &&
	    memcmp(b.ptr, "<p>甲</p>", 10) == 0,
	    "write_at: a page lands under the handle's folder, folders made");
	free(p);
	CHECK(access("articles/2026/05/a.html", F_OK) == -1,
	    "write_at: nothing is written under the current folder");
	CHECK(file_write_at(fd, "articles/2026/05/a.html", "x", 1) == 0 &&
	    (buf_reset(&b), 1) && (p = path_join(top, "articles/2026/05/a.html")) &&
	    file_read(p, &b) == 0 && b.len == 1,
	    "write_at: writing again replaces the file's bytes");
	free(p);
	errno = 0;
	rc = file_write_at(fd, "articles/2026/05/a.html/b.html", "x", 1);
	CHECK(rc == -1 && errno == ENOTDIR,
	    "write_at: a parent that is a file fails with ENOTDIR");
	close(fd);
	buf_release(&b);
	/* Deepest first: the page, then its folders. */
	for (size_t i = 0; i < 4; i++) {
		static const char *const made[] = { "articles/2026/05/a.html",
		    "articles/2026/05", "articles/2026", "articles" };
		p = path_join(top, made[i]);
		(void)(i == 0 ? unlink(p) : rmdir(p));
		free(p);
	}
	CHECK(rmdir(top) == 0, "write_at: nothing else was made");
}

int
main(void)
{
	test_buf();
	test_chars_max();
	test_json();
	test_diag();
	test_strmap();
	test_slab();
	test_write_at();
	return check_done();
}
