/*
 * fix.c: reading sidecar corrections.  Applying them is the segmenter's
 * job (seg.c), at the point of the cut each one overrides.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fix.h"
#include "util.h"

static const struct {
	const char	*word;
	enum fix_op	 op;
	int		 args;	/* 0 none, 1 a second line, 2 text */
} ops[] = {
	{ "split", FIX_SPLIT, 0 },
	{ "join", FIX_JOIN, 0 },
	{ "furniture", FIX_FURNITURE, 0 },
	{ "before", FIX_BEFORE, 1 },
	{ "title", FIX_TITLE, 2 },
	{ "kicker", FIX_KICKER, 2 },
	{ "subtitle", FIX_SUBTITLE, 2 },
	{ "column", FIX_COLUMN, 2 },
	{ "kind", FIX_KIND, 2 },
	{ "region", FIX_REGION, 2 },
	{ "topics", FIX_TOPICS, 2 },
	{ "author", FIX_AUTHOR, 2 },
};

/* A line number at *p; advances past it.  0 if there is none. */
static unsigned
number(const char **p)
{
	unsigned long	 v;
	char		*end;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (**p < '0' || **p > '9')
		return 0;
	errno = 0;
	v = strtoul(*p, &end, 10);
	if (errno || v == 0 || v > 10000000 || (*end && *end != ' ' && *end != '\t'))
		return 0;
	*p = end;
	return (unsigned)v;
}

void
fix_parse(const char *name, const char *text, struct fixes *f,
    struct diags *d)
{
	const char	*p = text, *e, *w;
	struct span	 l, word, rest;
	unsigned	 at = 0;
	size_t		 i;
	struct fix	 x;

	free(f->path);
	f->path = xstrdup(name);
	while (*p) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		at++;
		l = span_trim((struct span){ p, (size_t)(e - p) });
		p = *e ? e + 1 : e;
		if (l.n == 0 || l.p[0] == '#')
			continue;
		for (w = l.p; w < l.p + l.n && *w != ' ' && *w != '\t'; w++)
			;
		word.p = l.p;
		word.n = (size_t)(w - l.p);
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (span_eq(word, ops[i].word))
				break;
		if (i == sizeof(ops) / sizeof(ops[0])) {
			char *s = span_dup(word);
			diag_add(d, DIAG_ERROR, name, at, 1, "fix",
			    "unknown correction \"%s\"; known: split, join, "
			    "furniture, before, title, kicker, subtitle, column, "
			    "kind, region, topics, author", s);
			free(s);
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.op = ops[i].op;
		x.at = at;
		{
			char *line = span_dup(l), *q = line + word.n;
			const char *cq = q;
			x.line = number(&cq);
			if (x.line && ops[i].args == 1)
				x.line2 = number(&cq);
			rest = span_trim(span_of(cq));
			if (x.line == 0 || (ops[i].args == 1 && x.line2 == 0)) {
				diag_add(d, DIAG_ERROR, name, at, (unsigned)word.n + 2,
				    "fix", "\"%s\" needs %s", ops[i].word,
				    ops[i].args == 1 ? "two line numbers" :
				    "a line number of the issue");
				free(line);
				continue;
			}
			if (ops[i].args == 2 && rest.n == 0) {
				diag_add(d, DIAG_ERROR, name, at, 0, "fix",
				    "\"%s %u\" needs a value (\"-\" clears)",
				    ops[i].word, x.line);
				free(line);
				continue;
			}
			if (ops[i].args != 2 && rest.n) {
				diag_add(d, DIAG_ERROR, name, at, 0, "fix",
				    "\"%s\" takes no text after its line number%s",
				    ops[i].word, ops[i].args == 1 ? "s" : "");
				free(line);
				continue;
			}
			x.arg = rest.n ? span_dup(rest) : NULL;
			free(line);
		}
		f->v = xreallocarray(f->v, f->n + 1, sizeof(*f->v));
		f->v[f->n++] = x;
	}
}

int
fix_load(const char *issue_path, struct fixes *f, struct diags *d)
{
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	size_t		 n = strlen(issue_path);
	int		 rc = 0;

	memset(f, 0, sizeof(*f));
	if (n > 4 && strcmp(issue_path + n - 4, ".txt") == 0)
		n -= 4;
	buf_put(&path, issue_path, n);
	buf_puts(&path, ".fix");
	if (file_read(path.ptr, &text) == -1) {
		if (errno != ENOENT) {
			diag_add(d, DIAG_ERROR, path.ptr, 0, 0, "fix",
			    "cannot read the corrections: %s", strerror(errno));
			rc = -1;
		}
	} else
		fix_parse(path.ptr, text.ptr, f, d);
	buf_release(&path);
	buf_release(&text);
	return rc;
}

void
fix_release(struct fixes *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].arg);
	free(f->v);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

/* ---- applying field corrections ----------------------------------------- */

#include "gaz.h"
#include "record.h"
#include "topic.h"

size_t
fix_article_of(const struct issue *is, unsigned n)
{
	size_t	 i, lo, hi, mid;

	for (i = 0; i < is->narticles; i++) {
		const struct article *a = &is->articles[i];
		for (lo = 0, hi = a->nlines; lo < hi; ) {
			mid = (lo + hi) / 2;
			if (a->lines[mid] == n)
				return i;
			if (a->lines[mid] < n)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return is->narticles;
}

static void
set_field(char **f, const char *v)
{
	free(*f);
	*f = strcmp(v, "-") == 0 ? NULL : xstrdup(v);
}

static int
kind_of(const char *s, enum art_kind *k)
{
	int	 i;

	for (i = KIND_FEATURE; i <= KIND_OTHER; i++)
		if (strcmp(kind_name((enum art_kind)i), s) == 0) {
			*k = (enum art_kind)i;
			return 0;
		}
	return -1;
}

static int
role_of(const char *s, enum author_role *r)
{
	int	 i;

	for (i = ROLE_REPORTER; i <= ROLE_AUTHOR; i++)
		if (strcmp(role_name((enum author_role)i), s) == 0) {
			*r = (enum author_role)i;
			return 0;
		}
	return -1;
}

/* "山东省 菏泽市 牡丹区" into a region; -1 with a message if a name is unknown. */
static int
region_of(const struct gaz *g, const char *arg, struct region *r, struct buf *why)
{
	char			*s = xstrdup(arg), *tok, *save = NULL;
	const struct gaz_unit	*u, *within = NULL;
	int			 rc = 0;

	memset(r, 0, sizeof(*r));
	for (tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (g == NULL || (u = gaz_by_name(g, tok, within)) == NULL) {
			buf_printf(why, "unknown place \"%s\"%s", tok, within ?
			    " under the one before it" : "; give standard full "
			    "names, province first (山东省 菏泽市 牡丹区)");
			rc = -1;
			break;
		}
		if (u->level == GAZ_PROVINCE)
			r->province = u;
		else if (u->level == GAZ_CITY)
			r->city = u;
		else
			r->county = u;
		within = u;
	}
	free(s);
	/* Fill the parents of the most specific unit given. */
	if (rc == 0) {
		u = r->county ? r->county : r->city;
		for (; u; u = u->parent) {
			if (u->level == GAZ_CITY && r->city == NULL)
				r->city = u;
			if (u->level == GAZ_PROVINCE && r->province == NULL)
				r->province = u;
		}
		if (r->province == NULL) {
			buf_puts(why, "no province");
			rc = -1;
		}
	}
	return rc;
}

/* MAX_FIX_REGIONS 8: more regions than this is a listing, not a story. */
#define MAX_FIX_REGIONS 8

void
fix_apply_fields(struct fixes *f, struct issue *is, const struct gaz *g,
    const struct topic_set *ts, struct diags *d)
{
	unsigned char	*reg_done, *auth_done;
	struct buf	 why = BUF_INIT;
	size_t		 i, k;
	struct article	*a;
	struct fix	*x;

	if (f == NULL || f->n == 0)
		return;
	reg_done = xcalloc(is->narticles + 1, 1);
	auth_done = xcalloc(is->narticles + 1, 1);
	for (i = 0; i < f->n; i++) {
		x = &f->v[i];
		if (x->op < FIX_TITLE)
			continue;
		if ((k = fix_article_of(is, x->line)) == is->narticles)
			continue;	/* reported below as not applied */
		a = &is->articles[k];
		buf_reset(&why);
		switch (x->op) {
		case FIX_TITLE:
			set_field(&a->title, x->arg);
			break;
		case FIX_KICKER:
			set_field(&a->kicker, x->arg);
			break;
		case FIX_SUBTITLE:
			set_field(&a->subtitle, x->arg);
			break;
		case FIX_COLUMN:
			set_field(&a->column, x->arg);
			break;
		case FIX_KIND:
			if (kind_of(x->arg, &a->kind) == -1)
				buf_printf(&why, "unknown kind \"%s\" (feature, news, "
				    "photo, toc, continuation, other)", x->arg);
			break;
		case FIX_REGION: {
			struct region r;
			if (strcmp(x->arg, "-") == 0) {
				a->nregions = 0;
				reg_done[k] = 1;
				break;
			}
			if (region_of(g, x->arg, &r, &why) == -1)
				break;
			if (!reg_done[k]) {
				a->nregions = 0;
				reg_done[k] = 1;
			}
			if (a->nregions == MAX_FIX_REGIONS) {
				buf_printf(&why, "more than %d regions", MAX_FIX_REGIONS);
				break;
			}
			a->regions = xreallocarray(a->regions, MAX_FIX_REGIONS,
			    sizeof(*a->regions));
			a->regions[a->nregions++] = r;
			break;
		}
		case FIX_TOPICS: {
			char *s = xstrdup(x->arg), *tok, *save = NULL;
			const char *slug;
			a->ntopics = 0;
			for (tok = strtok_r(s, " \t", &save); tok;
			    tok = strtok_r(NULL, " \t", &save)) {
				if (strcmp(tok, "-") == 0)
					continue;
				if (ts == NULL || (slug = topic_slug(ts, tok)) == NULL) {
					buf_printf(&why, "%sunknown topic \"%s\" (the "
					    "slugs are the [topic SLUG] sections of site.conf)",
					    why.len ? "; " : "", tok);
					continue;
				}
				if (a->ntopics < MAX_TOPICS)
					a->topics[a->ntopics++] = slug;
			}
			free(s);
			break;
		}
		case FIX_AUTHOR: {
			char *s = xstrdup(x->arg), *name, *role, *save = NULL;
			enum author_role r = ROLE_AUTHOR;
			name = strtok_r(s, " \t", &save);
			role = strtok_r(NULL, " \t", &save);
			if (role && role_of(role, &r) == -1) {
				buf_printf(&why, "unknown role \"%s\" (reporter, "
				    "correspondent, photographer, intern, agency, "
				    "author)", role);
				free(s);
				break;
			}
			if (!auth_done[k]) {
				for (size_t j = 0; j < a->nauthors; j++)
					free(a->authors[j].name);
				a->nauthors = 0;
				auth_done[k] = 1;
			}
			a->authors = xreallocarray(a->authors, a->nauthors + 1,
			    sizeof(*a->authors));
			a->authors[a->nauthors].name = xstrdup(name);
			a->authors[a->nauthors].role = r;
			a->nauthors++;
			free(s);
			break;
		}
		default:
			break;
		}
		if (why.len)
			diag_add(d, DIAG_ERROR, f->path, x->at, 0, "fix", "%s; "
			    "correction not applied", why.ptr);
		else
			x->used = 1;
	}
	for (i = 0; i < f->n; i++)
		if (!f->v[i].used && (f->v[i].op < FIX_TITLE ||
		    fix_article_of(is, f->v[i].line) == is->narticles))
			diag_add(d, DIAG_ERROR, f->path, f->v[i].at, 0, "fix",
			    "line %u of the issue %s; correction not applied",
			    f->v[i].line, f->v[i].op == FIX_JOIN ?
			    "is in the first article, there is none before it to join" :
			    f->v[i].op == FIX_BEFORE ? "or its partner is not a "
			    "paragraph of the same article" :
			    "is empty or in no article");
	free(reg_done);
	free(auth_done);
	buf_release(&why);
}
