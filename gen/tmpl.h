/*
 * tmpl.h: the template engine.  Templates are XHTML files (well-formed
 * XML) under one folder; tmpl_set_new() parses each once with libxml2 and
 * compiles it into a tree in which every text and attribute is already
 * split into literal runs and {{ path }} lookups, and whose parts without
 * lookups libxml2's HTML serialiser has already written.  tmpl_render()
 * executes that tree against a context of tvals (tval.h), escaping each
 * value exactly as that serialiser does, so text and attributes are
 * escaped by construction and the page, byte for byte the one libxml2
 * would write for the whole tree, is always well-formed HTML5.  The
 * language is described for designers in templates/README.md.
 *
 * Ownership: a tmpl_set owns its compiled templates; tmpl_render() only
 * reads the set and the context, so one set may render pages from many
 * threads at once.  Diagnostics name files as DIR/NAME, with DIR as given.
 */
#ifndef BAOKAN_TMPL_H
#define BAOKAN_TMPL_H

#include <stdint.h>

#include "tval.h"

struct buf;
struct diags;
struct tmpl_set;

/*
 * Loads and compiles every *.html under dir, recursively (partials/ too),
 * and checks includes and layouts.  NULL on error, with diagnostics.
 */
struct tmpl_set	*tmpl_set_new(const char *dir, struct diags *);

/*
 * Renders the template name (e.g. "article.html") with ctx, appending the
 * page to out.  0, or -1 with a diagnostic (out may then hold a partial
 * page the caller should discard).  Reentrant.
 */
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct tval *ctx, struct buf *out, struct diags *);

/*
 * A hash of the template's bytes and of every template its pages use
 * (its layout, its includes, theirs): a page rendered from the same
 * context and key comes out the same.  0 if there is no such template.
 */
uint64_t	 tmpl_key(const struct tmpl_set *, const char *name);

/* 1 if the set holds a template of that name, else 0. */
int		 tmpl_has(const struct tmpl_set *, const char *name);

void		 tmpl_set_free(struct tmpl_set *);

#endif
