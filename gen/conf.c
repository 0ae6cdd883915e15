/*
 * conf.c: reads site.conf with inih (Debian libinih: a small, maintained
 * INI parser that reports the line of the first error, which is all a
 * hand-written reader would add).
 *
 * [site] holds scalar keys; each [topic SLUG] section holds one topic of
 * the taxonomy: name = ..., keywords = word[:weight], ...
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "util.h"

/* MAX_TOPICS_CONF 64: a taxonomy is meant to be browsed on one page. */
#define MAX_TOPICS_CONF 64
/* MAX_PAGE_SIZE 500: a longer listing page is too heavy for a slow link. */
#define MAX_PAGE_SIZE 500

struct loadctx {
	struct conf	*c;
	struct buf	 err;	/* first error message; line comes from inih */
};

void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->title = xstrdup("baokan archive");
	c->tagline = xstrdup("");
	c->base_url = xstrdup("");
	c->language = xstrdup("zh-CN");
	c->content = xstrdup("content");
	c->output = xstrdup("public");
	c->templates = xstrdup("templates");
	c->assets = xstrdup("assets");
	c->page_size = 20;
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int fail(struct loadctx *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps the first error; returning 0 makes inih stop with its line. */
static int
fail(struct loadctx *x, const char *fmt, ...)
{
	va_list	 ap;

	if (x->err.len == 0) {
		va_start(ap, fmt);
		buf_vprintf(&x->err, fmt, ap);
		va_end(ap);
	}
	return 0;
}

static int
valid_slug(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
		    *s == '-'))
			return 0;
	return 1;
}

static struct conf_topic *
topic_for(struct conf *c, const char *slug)
{
	size_t	 i;

	for (i = 0; i < c->ntopics; i++)
		if (strcmp(c->topics[i].slug, slug) == 0)
			return &c->topics[i];
	if (c->ntopics == MAX_TOPICS_CONF)
		return NULL;
	c->topics = xreallocarray(c->topics, c->ntopics + 1, sizeof(*c->topics));
	memset(&c->topics[c->ntopics], 0, sizeof(*c->topics));
	c->topics[c->ntopics].slug = xstrdup(slug);
	return &c->topics[c->ntopics++];
}

/* Appends "word[:weight], word..." (commas, 、 or spaces between). */
static int
add_keywords(struct loadctx *x, struct conf_topic *t, const char *v)
{
	const char	*p = v, *e, *colon;
	char		*word;
	long		 w;

	while (*p) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "\xe3\x80\x81", 3) == 0 ||	/* 、 */
		    strncmp(p, "\xef\xbc\x8c", 3) == 0) {	/* ， */
			p += 3;
			continue;
		}
		if (*p == '\0')
			break;
		for (e = p; *e && *e != ',' && *e != ' ' && *e != '\t' &&
		    strncmp(e, "\xe3\x80\x81", 3) && strncmp(e, "\xef\xbc\x8c", 3); e++)
			;
		colon = memchr(p, ':', (size_t)(e - p));
		w = 1;
		if (colon != NULL) {
			char *end;
			w = strtol(colon + 1, &end, 10);
			if (end != e || w < 1 || w > 9) {
				word = xstrndup(p, (size_t)(e - p));
				fail(x, "keyword \"%s\" in topic %s: the weight after ':' "
				    "must be a number from 1 to 9", word, t->slug);
				free(word);
				return 0;
			}
		}
		t->kw = xreallocarray(t->kw, t->nkw + 1, sizeof(*t->kw));
		t->kw[t->nkw].word = xstrndup(p, (size_t)((colon ? colon : e) - p));
		t->kw[t->nkw].weight = (int)w;
		t->nkw++;
		p = e;
	}
	return 1;
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct loadctx		*x = user;
	struct conf		*c = x->c;
	struct conf_topic	*t;
	char			*end;
	long			 n;

	if (strcmp(section, "site") == 0) {
		if (strcmp(name, "title") == 0)
			set_str(&c->title, value);
		else if (strcmp(name, "tagline") == 0)
			set_str(&c->tagline, value);
		else if (strcmp(name, "base_url") == 0) {
			if (*value && strncmp(value, "https://", 8) &&
			    strncmp(value, "http://", 7))
				return fail(x, "base_url \"%s\" must start with "
				    "http:// or https://, or be empty", value);
			set_str(&c->base_url, value);
		} else if (strcmp(name, "language") == 0)
			set_str(&c->language, value);
		else if (strcmp(name, "content") == 0)
			set_str(&c->content, value);
		else if (strcmp(name, "output") == 0) {
			if (*value == '\0' || strcmp(value, "/") == 0 ||
			    strcmp(value, ".") == 0)
				return fail(x, "output \"%s\" would overwrite %s; "
				    "name a folder of its own", value,
				    *value ? "a folder that is not the site's" : "the project");
			set_str(&c->output, value);
		} else if (strcmp(name, "templates") == 0)
			set_str(&c->templates, value);
		else if (strcmp(name, "assets") == 0)
			set_str(&c->assets, value);
		else if (strcmp(name, "page_size") == 0) {
			errno = 0;
			n = strtol(value, &end, 10);
			if (errno || *end || n < 1 || n > MAX_PAGE_SIZE)
				return fail(x, "page_size \"%s\" must be a whole "
				    "number from 1 to %d", value, MAX_PAGE_SIZE);
			c->page_size = (int)n;
		} else if (strcmp(name, "markdown_html") == 0) {
			if (strcmp(value, "true") && strcmp(value, "false"))
				return fail(x, "markdown_html \"%s\" must be "
				    "true or false", value);
			c->markdown_html = strcmp(value, "true") == 0;
		} else
			return fail(x, "unknown key \"%s\" in [site]; known keys: "
			    "title, tagline, base_url, language, content, output, "
			    "templates, assets, page_size, markdown_html", name);
		return 1;
	}
	if (strncmp(section, "topic ", 6) == 0) {
		if (!valid_slug(section + 6))
			return fail(x, "topic slug \"%s\" must be lowercase ASCII "
			    "letters, digits and '-'", section + 6);
		if ((t = topic_for(c, section + 6)) == NULL)
			return fail(x, "more than %d topics (at [topic %s])",
			    MAX_TOPICS_CONF, section + 6);
		if (strcmp(name, "name") == 0)
			set_str(&t->name, value);
		else if (strcmp(name, "keywords") == 0)
			return add_keywords(x, t, value);
		else
			return fail(x, "unknown key \"%s\" in [topic %s]; known "
			    "keys: name, keywords", name, section + 6);
		return 1;
	}
	return fail(x, "unknown section [%s]; known sections: [site], "
	    "[topic SLUG]", section);
}

int
conf_load(struct conf *c, const char *path, struct diags *d)
{
	struct loadctx	 x;
	FILE		*f;
	size_t		 i;
	int		 rc;

	set_str(&c->path, path);
	if ((f = fopen(path, "r")) == NULL) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "conf-open",
		    "cannot open: %s; give another with --config", strerror(errno));
		return -1;
	}
	x.c = c;
	buf_init(&x.err);
	rc = ini_parse_file(f, handler, &x);
	fclose(f);
	if (rc != 0) {
		diag_add(d, DIAG_ERROR, path, rc > 0 ? (unsigned)rc : 0, 0,
		    "conf", "%s", x.err.len ? x.err.ptr :
		    "malformed line: expected [section], key = value or a comment");
		buf_release(&x.err);
		return -1;
	}
	buf_release(&x.err);
	for (i = 0; i < c->ntopics; i++)
		if (c->topics[i].name == NULL) {
			diag_add(d, DIAG_ERROR, path, 0, 0, "conf",
			    "[topic %s] has no name = ...", c->topics[i].slug);
			return -1;
		}
	return 0;
}

const struct conf_topic *
conf_topic(const struct conf *c, const char *slug)
{
	size_t	 i;

	for (i = 0; i < c->ntopics; i++)
		if (strcmp(c->topics[i].slug, slug) == 0)
			return &c->topics[i];
	return NULL;
}

void
conf_release(struct conf *c)
{
	size_t	 i, j;

	for (i = 0; i < c->ntopics; i++) {
		for (j = 0; j < c->topics[i].nkw; j++)
			free(c->topics[i].kw[j].word);
		free(c->topics[i].kw);
		free(c->topics[i].slug);
		free(c->topics[i].name);
	}
	free(c->topics);
	free(c->path);
	free(c->title);
	free(c->tagline);
	free(c->base_url);
	free(c->language);
	free(c->content);
	free(c->output);
	free(c->templates);
	free(c->assets);
	memset(c, 0, sizeof(*c));
}
