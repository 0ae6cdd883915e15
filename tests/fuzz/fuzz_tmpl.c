/*
 * fuzz_tmpl.c: the template engine (gen/tmpl*.c): the input is written as
 * a template into a private folder that also holds the real base.html and
 * partials/, loaded with tmpl_set_new() (XML parsing, compilation,
 * include and layout checks) and, when it loads, rendered with
 * tmpl_render() against a small context of every kind of value: text
 * with markup and hostile URLs, booleans, lists, maps, an empty list.
 * Besides memory errors it checks what escaping promises: the markup in
 * a value never reaches the page as markup.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "tmpl.h"
#include "tval.h"
#include "util.h"
#include "fuzz.h"

/* MARK: an element name no template holds; values carry it as markup. */
#define MARK "xss-7f3a"

static char		 dir[256];
static char		 file[300];
static struct tval	*ctx;

/* Copies templates/NAME into the private folder. */
static void
copy(const char *name)
{
	char		 src[4096], dst[512];
	struct buf	 b = BUF_INIT;

	snprintf(src, sizeof(src), "%s/templates/%s", fuzz_top(), name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if (file_read(src, &b) == 0)
		file_write(dst, b.ptr, b.len);
	buf_release(&b);
}

static struct tval *
item(int i)
{
	struct tval	*m = tv_map(NULL), *tags = tv_list(NULL), *t = tv_map(NULL);

	tv_set_str(m, "title", i ? "第二篇" : "<xss-7f3a>alert(1)</xss-7f3a>\"'&");
	tv_set_str(m, "url", i ? "articles/2025/04/x.html" : "javascript:alert(1)");
	tv_set_int(m, "n", i);
	tv_set_bool(m, "current", i == 1);
	tv_set_str(t, "name", "劳动法律监督");
	tv_set_str(t, "url", "topics/legal/index.html");
	tv_push(tags, t);
	tv_set(m, "topics", tags);
	return m;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tval	*site = tv_map(NULL), *page = tv_map(NULL), *items = tv_list(NULL);
	struct tval	*doc = tv_map(NULL);
	DIR		*dp;
	struct dirent	*e;
	char		 pdir[4096];

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/baokan-fuzz-tmpl-%ld", (long)getpid());
	mkdir(dir, 0700);
	snprintf(pdir, sizeof(pdir), "%s/partials", dir);
	mkdir(pdir, 0700);
	snprintf(file, sizeof(file), "%s/fuzz.html", dir);
	copy("base.html");
	snprintf(pdir, sizeof(pdir), "%s/templates/partials", fuzz_top());
	if ((dp = opendir(pdir)) != NULL) {
		while ((e = readdir(dp)) != NULL)
			if (strstr(e->d_name, ".html")) {
				char n[300];
				snprintf(n, sizeof(n), "partials/%s", e->d_name);
				copy(n);
			}
		closedir(dp);
	}
	ctx = tv_map(NULL);
	tv_set_str(ctx, "root", "../../");
	tv_set_str(site, "title", "职工日报<b>");
	tv_set_str(site, "language", "zh-CN");
	tv_set_str(site, "tagline", "\"><xss-7f3a x=1>");
	tv_set(ctx, "site", site);
	tv_set_str(page, "title", "标题</title><xss-7f3a>");
	tv_set_str(page, "kind", "article");
	tv_set_str(page, "canonical", "https://example.org/a.html");
	tv_set(ctx, "page", page);
	tv_set_str(doc, "title", "关于");
	tv_set_str(doc, "body_html", "<p>正文</p>");
	tv_set(ctx, "doc", doc);
	tv_push(items, item(0));
	tv_push(items, item(1));
	tv_set(ctx, "items", items);
	tv_set(ctx, "empty", tv_list(NULL));
	tv_set_bool(ctx, "yes", 1);
	tv_set_bool(ctx, "no", 0);
	tv_set(ctx, "a", item(0));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 d = DIAGS_INIT;
	struct tmpl_set	*t;
	struct buf	 out = BUF_INIT;

	if (file_write(file, data, size) == -1)
		abort();
	if ((t = tmpl_set_new(dir, &d)) != NULL) {
		/*
		 * The marker reaches the page as an element only through
		 * data-html (trusted HTML by design) or the template's own
		 * text.
		 */
		if (tmpl_render(t, "fuzz.html", ctx, &out, &d) == 0 &&
		    strstr(out.ptr, "<" MARK) != NULL &&
		    memmem(data, size, MARK, strlen(MARK)) == NULL &&
		    memmem(data, size, "data-html", 9) == NULL)
			abort();	/* a value's markup became markup */
		tmpl_set_free(t);
	} else if (d.worst != DIAG_ERROR)
		abort();	/* a template refused without a reason */
	buf_release(&out);
	diags_release(&d);
	return 0;
}
