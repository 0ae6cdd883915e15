/*
 * build.c: the build, end to end.
 *
 * Memory stays proportional to the compact entries (struct entry), not to
 * the text: each issue is parsed, its article and issue pages written and
 * its text handed to the indexer before the next one is read.  Listings
 * are made from the entries sorted once; every grouping is one pass.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "build_int.h"
#include "conf.h"
#include "date.h"
#include "diag.h"
#include "fix.h"
#include "gaz.h"
#include "idx.h"
#include "issue.h"
#include "md.h"
#include "render.h"
#include "seg.h"
#include "strmap.h"
#include "tmpl.h"
#include "topic.h"
#include "util.h"

/* ---- files -------------------------------------------------------------- */

struct files {
	char	**v;
	size_t	  n, cap;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dir, symlinks refused, in a stable order. */
static int
walk(const char *dir, struct files *f, struct diags *d)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		*p;

	if ((dp = opendir(dir)) == NULL) {
		diag_add(d, DIAG_ERROR, dir, 0, 0, "content",
		    "cannot open content folder: %s; set content = in site.conf "
		    "or give --content", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = path_join(dir, de->d_name);
		if (lstat(p, &st) == -1) {
			diag_add(d, DIAG_WARN, p, 0, 0, "content",
			    "cannot stat: %s; skipped", strerror(errno));
			free(p);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			diag_add(d, DIAG_WARN, p, 0, 0, "symlink",
			    "symbolic link in the content folder; skipped (copy "
			    "the file in instead)");
			free(p);
		} else if (S_ISDIR(st.st_mode)) {
			walk(p, f, d);
			free(p);
		} else if (S_ISREG(st.st_mode)) {
			if (f->n == f->cap) {
				f->cap = f->cap ? f->cap * 2 : 64;
				f->v = xreallocarray(f->v, f->cap, sizeof(char *));
			}
			f->v[f->n++] = p;
		} else
			free(p);
	}
	closedir(dp);
	return 0;
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int
rm_rf(const char *dir)
{
	struct stat	 st;

	if (lstat(dir, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	return nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static int
copy_tree(const char *from, const char *to, struct diags *d, size_t *count)
{
	struct files	 f = { NULL, 0, 0 };
	struct buf	 b = BUF_INIT;
	size_t		 i, n = strlen(from);
	char		*dst;
	int		 rc = 0;

	if (walk(from, &f, d) == -1)
		return -1;
	qsort(f.v, f.n, sizeof(char *), cmp_str);
	for (i = 0; i < f.n; i++) {
		buf_reset(&b);
		if (file_read(f.v[i], &b) == -1) {
			diag_add(d, DIAG_ERROR, f.v[i], 0, 0, "read",
			    "cannot read asset: %s", strerror(errno));
			rc = -1;
			continue;
		}
		dst = path_join(to, f.v[i] + n + (f.v[i][n] == '/'));
		if (file_write(dst, b.ptr, b.len) == -1) {
			diag_add(d, DIAG_ERROR, dst, 0, 0, "write",
			    "cannot write: %s", strerror(errno));
			rc = -1;
		} else
			(*count)++;
		free(dst);
	}
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	buf_release(&b);
	return rc;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* ---- one issue ---------------------------------------------------------- */

static void
print_diags(const struct state *s, const struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev >= DIAG_WARN || s->o->verbose ||
		    strcmp(d->v[i].code, "date-inferred") == 0)
			diag_print_one(&d->v[i], stderr);
}

static void
index_article(struct state *s, const struct issue *is, size_t i,
    const struct entry *e)
{
	const struct article	*a = &is->articles[i];
	struct idx_doc		 doc;
	struct buf		 text = BUF_INIT, reg = BUF_INIT;
	const char		*names[64];
	size_t			 k, nn = 0;

	memset(&doc, 0, sizeof(doc));
	doc.id = a->id;
	doc.url = e->url;
	doc.title = e->title;
	doc.kicker = a->kicker;
	doc.subtitle = a->subtitle;
	doc.date = is->date ? is->date : "";
	doc.issue = e->issue_title;
	doc.page = is->page;
	doc.kind = kind_name(a->kind);
	if (a->nregions) {
		doc.province = a->regions[0].province ? a->regions[0].province->name : NULL;
		doc.city = a->regions[0].city ? a->regions[0].city->name : NULL;
		region_label(&reg, &a->regions[0]);
		doc.region = reg.ptr;
	}
	for (k = 0; k < a->ntopics && k < 3; k++)
		doc.topics[k] = a->topics[k];
	for (k = 0; k < a->nauthors && nn < 64; k++)
		if (a->authors[k].role != ROLE_AGENCY)
			names[nn++] = a->authors[k].name;
	doc.reporters = names;
	doc.nreporters = nn;
	if (a->kicker) {
		buf_puts(&text, a->kicker);
		buf_putc(&text, '\n');
	}
	buf_puts(&text, e->title);
	buf_putc(&text, '\n');
	if (a->subtitle) {
		buf_puts(&text, a->subtitle);
		buf_putc(&text, '\n');
	}
	if (a->summary) {
		buf_puts(&text, a->summary);
		buf_putc(&text, '\n');
	}
	for (k = 0; k < a->nbody; k++) {
		buf_puts(&text, a->body[k].text);
		buf_putc(&text, '\n');
	}
	doc.text = text.ptr;
	idx_add(s->idx, &doc);
	buf_release(&text);
	buf_release(&reg);
}

static void
one_issue(struct state *s, const char *path, const struct gaz *g,
    const struct topic_set *ts)
{
	struct issue	*is = xcalloc(1, sizeof(*is));
	struct source	 src;
	struct issue_sum *sum;
	struct buf	 b = BUF_INIT;
	void		**slot;
	size_t		 i;
	int		 suffix;

	if (issue_read(path, is, &src, &is->diags) == -1) {
		print_diags(s, &is->diags);
		s->content_errors++;
		goto out;
	}
	{
		struct fixes fx;
		struct seg_opts so = { g, ts, &fx };
		fix_load(path, &fx, &is->diags);
		seg_cut(is, &src, &so);
		fix_release(&fx);
	}
	/* Two files claiming the same date and page keep apart. */
	slot = strmap_slot(s->ids, is->id);
	for (suffix = 2; *slot != NULL; suffix++) {
		buf_reset(&b);
		buf_printf(&b, "%s-%d", is->id, suffix);
		slot = strmap_slot(s->ids, b.ptr);
		if (*slot == NULL) {
			diag_add(&is->diags, DIAG_WARN, path, 0, 0, "duplicate-issue",
			    "another file already has the id %s (same date and "
			    "page); this one is %s", is->id, b.ptr);
			free(is->id);
			is->id = xstrdup(b.ptr);
			for (i = 0; i < is->narticles; i++) {
				struct buf id = BUF_INIT;
				buf_printf(&id, "%s-%02zu", is->id, i + 1);
				free(is->articles[i].id);
				is->articles[i].id = buf_detach(&id);
			}
		}
	}
	*slot = (void *)1;
	if (is->diags.worst >= DIAG_ERROR)
		s->content_errors++;
	print_diags(s, &is->diags);

	for (i = 0; i < is->narticles; i++) {
		if (s->ne == s->cape) {
			s->cape = s->cape ? s->cape * 2 : 256;
			s->e = xreallocarray(s->e, s->cape, sizeof(*s->e));
		}
		entry_fill(&s->e[s->ne], is, i);
		if (render_article(s->r, is, &src, i, &s->d) == 0)
			s->pages++;
		index_article(s, is, i, &s->e[s->ne]);
		s->ne++;
	}
	if (render_issue(s->r, is, &src, &s->d) == 0)
		s->pages++;
	if (s->niss == s->capiss) {
		s->capiss = s->capiss ? s->capiss * 2 : 64;
		s->iss = xreallocarray(s->iss, s->capiss, sizeof(*s->iss));
	}
	sum = &s->iss[s->niss++];
	buf_reset(&b);
	url_issue(&b, is);
	sum->url = buf_detach(&b);
	issue_title(&b, is);
	sum->title = buf_detach(&b);
	sum->date = is->date ? xstrdup(is->date) : NULL;
	sum->id = xstrdup(is->id);
	sum->count = is->narticles;
out:
	buf_release(&b);
	source_release(&src);
	issue_free(is);
}

/* ---- listings ----------------------------------------------------------- */

/* content/NAME.md with front matter "title:" becomes NAME.html. */
static void
markdown_page(struct state *s, const char *path)
{
	struct buf	 b = BUF_INIT, html = BUF_INIT, url = BUF_INIT;
	struct tval	*ctx, *doc;
	const char	*body, *base, *e;
	char		*title = NULL;

	if (file_read(path, &b) == -1) {
		diag_add(&s->d, DIAG_ERROR, path, 0, 0, "read", "cannot read: %s",
		    strerror(errno));
		s->content_errors++;
		return;
	}
	body = b.ptr;
	if (strncmp(body, "---\n", 4) == 0 && (e = strstr(body + 4, "\n---")) != NULL) {
		const char *t = strstr(body + 4, "title:");
		if (t && t < e) {
			const char *nl = strchr(t, '\n');
			struct span sp = { t + 6, (size_t)(nl - t - 6) };
			title = span_dup(span_trim(sp));
		}
		body = e + 4;
		if (*body == '\n')
			body++;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (const char *p = base; p < base + strlen(base) - 3; p++)
		buf_putc(&url, (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' ? *p : '-');
	buf_puts(&url, ".html");
	md_html(body, strlen(body), s->c->markdown_html, &html);
	ctx = tv_map();
	doc = tv_map();
	tv_set_str(doc, "title", title ? title : base);
	tv_set_str(doc, "body_html", html.ptr);
	tv_set(ctx, "doc", doc);
	if (render_page(s->r, "page.html", url.ptr, title ? title : base, "page",
	    ctx, &s->d) == 0)
		s->pages++;
	free(title);
	buf_release(&b);
	buf_release(&html);
	buf_release(&url);
}

static void
progress(const struct state *s, size_t done, size_t total)
{
	int	 w = 30, k;

	if (!s->o->progress || total == 0)
		return;
	k = (int)(done * (size_t)w / total);
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu issues, %zu articles", k,
	    "##############################", w - k, "", done, total, s->ne);
	if (done == total)
		fputc('\n', stderr);
}

int
build_run(const struct conf *c, const struct build_opts *o)
{
	struct state	 s;
	struct files	 f = { NULL, 0, 0 };
	struct tmpl_set	*t = NULL;
	struct gaz	*g = NULL;
	struct topic_set *ts = NULL;
	struct timespec	 t0, t1;
	size_t		 i, nissues = 0, done = 0;
	char		*old = NULL, *assets = NULL;
	int		 rc = 3;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.o = o;
	s.ids = strmap_new();
	md_init();
	if ((t = tmpl_set_new(c->templates, &s.d)) == NULL) {
		diag_print(&s.d, stderr);
		rc = 2;
		goto out;
	}
	if (walk(c->content, &f, &s.d) == -1) {
		diag_print(&s.d, stderr);
		rc = 2;
		goto out;
	}
	qsort(f.v, f.n, sizeof(char *), cmp_str);
	{
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s.staging", c->output);
		s.stage = buf_detach(&b);
		buf_printf(&b, "%s.old", c->output);
		old = buf_detach(&b);
	}
	if (rm_rf(s.stage) == -1 || mkdir_p(s.stage) == -1) {
		fprintf(stderr, "baokan: %s: cannot make the staging folder: %s\n",
		    s.stage, strerror(errno));
		goto out;
	}
	g = gaz_new();
	ts = topic_new(c);
	s.r = render_new(c, t, s.stage);
	s.idx = idx_new_at(s.stage);
	for (i = 0; i < f.n; i++)
		if (ends_with(f.v[i], ".txt"))
			nissues++;
	for (i = 0; i < f.n; i++) {
		if (!ends_with(f.v[i], ".txt"))
			continue;
		one_issue(&s, f.v[i], g, ts);
		progress(&s, ++done, nissues);
	}
	list_write(&s);
	for (i = 0; i < f.n; i++)
		if (ends_with(f.v[i], ".md") && !ends_with(f.v[i], "/README.md"))
			markdown_page(&s, f.v[i]);
	assets = path_join(s.stage, "assets");
	{
		size_t na = 0;
		copy_tree(c->assets, assets, &s.d, &na);
	}
	if (idx_write(s.idx, s.stage, &s.d) == -1)
		diag_add(&s.d, DIAG_ERROR, s.stage, 0, 0, "index",
		    "the search index was not written");
	diag_print(&s.d, stderr);
	if (s.d.worst >= DIAG_ERROR) {
		fprintf(stderr, "baokan: build failed; %s is left as it was "
		    "(the partial site is in %s)\n", c->output, s.stage);
		rc = s.d.n && strcmp(s.d.v[0].code, "write") == 0 ? 3 : 2;
		goto out;
	}
	if (o->strict && s.content_errors) {
		fprintf(stderr, "baokan: %d content error(s) with --strict; %s is "
		    "left as it was\n", s.content_errors, c->output);
		rc = 1;
		goto out;
	}
	/* Swap the new site in. */
	if (rm_rf(old) == -1 || (access(c->output, F_OK) == 0 &&
	    rename(c->output, old) == -1) || rename(s.stage, c->output) == -1) {
		fprintf(stderr, "baokan: cannot move %s to %s: %s\n", s.stage,
		    c->output, strerror(errno));
		goto out;
	}
	rm_rf(old);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		printf("%s/index.html\nbaokan: %zu issues, %zu articles, %zu pages "
		    "in %.2f s\n", c->output, s.niss, s.ne, s.pages,
		    (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = 0;
out:
	for (i = 0; i < s.ne; i++)
		entry_release(&s.e[i]);
	free(s.e);
	free(s.order);
	for (i = 0; i < s.niss; i++) {
		free(s.iss[i].url);
		free(s.iss[i].title);
		free(s.iss[i].date);
		free(s.iss[i].id);
	}
	free(s.iss);
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	strmap_free(s.ids);
	render_free(s.r);
	idx_free(s.idx);
	topic_free(ts);
	gaz_free(g);
	tmpl_set_free(t);
	diags_release(&s.d);
	free(s.stage);
	free(old);
	free(assets);
	return rc;
}
