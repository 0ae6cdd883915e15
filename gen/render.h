/*
 * render.h: where a page is rendered.  Builds the context each template
 * gets (documented in templates/README.md) from the records, renders it
 * through the template engine and writes the page under the output
 * folder.  Every URL handed to a template is relative to the page it is
 * on, so the site works under any sub-path and from file://.
 *
 * Ownership: render borrows the conf, the templates and the gazetteer;
 * entries own their strings (entry_release()).
 */
#ifndef BAOKAN_RENDER_H
#define BAOKAN_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "issue.h"
#include "record.h"
#include "tval.h"

struct cache;
struct conf;
struct diags;
struct tmpl_set;

/* MAX_ENTRY_REGIONS 4: as many regions as the parser gives an article. */
#define MAX_ENTRY_REGIONS 4

/* The compact record of an article that listings and the home page need. */
struct entry {
	char		*id;		/* article id */
	char		*url;		/* site-relative: article/2026/05/ID.html */
	char		*title;		/* 主题, or a stand-in for a continuation */
	char		*kicker;	/* 引题 or NULL */
	char		*subtitle;	/* 副题 or NULL */
	char		*date;		/* YYYY-MM-DD, or NULL */
	char		*issue_url;	/* site-relative URL of its issue page */
	char		*issue_title;	/* 2026年5月21日 第5版 */
	char		*excerpt;	/* the first words of the body */
	char		*authors_text;	/* 记者 田国奎 通讯员 王智 */
	enum art_kind	 kind;
	struct region	 regions[MAX_ENTRY_REGIONS];
	size_t		 nregions;
	const char	*topics[MAX_TOPICS];	/* slugs, borrowed from the conf */
	size_t		 ntopics;
	char		**authors;	/* names of reporters and photographers */
	size_t		 nauthors;
	char		*mem;		/* after entry_pack(): one block holding
					   the strings and authors above */
	uint64_t	 hash;		/* after entry_pack(): of every field */
};

struct render;

struct render	*render_new(const struct conf *, const struct tmpl_set *,
		    const char *outdir);
/*
 * Another render like this one (for another thread), logging nowhere; it
 * counts its pages with the one it was cloned from.
 */
struct render	*render_clone(const struct render *);
/* Pages rendered (not kept from the last build) by r and its clones. */
size_t		 render_count(const struct render *);
void		 render_free(struct render *);

/*
 * Renders template tmpl with ctx (taken over and freed) as the page at
 * site-relative url; adds site, root and page to the context.  0 or -1.
 */
int		 render_page(struct render *, const char *tmpl, const char *url,
		    const char *title, const char *kind, struct tval *ctx,
		    struct diags *);

/*
 * The same as render_page() with the page's context key given: key must
 * change whenever ctx would, and start from render_seed().  A page whose
 * key is the last build's was not rendered; render_kept() says so before
 * a context is built (1, with the page logged), so a listing can skip
 * building it.
 */
uint64_t	 render_seed(const struct render *, const char *tmpl,
		    const char *url, const char *title, const char *kind);
int		 render_kept(struct render *, const char *url, uint64_t key);
int		 render_page_key(struct render *, const char *tmpl,
		    const char *url, const char *title, const char *kind,
		    struct tval *ctx, uint64_t key, struct diags *);

/*
 * Where a page's context is made: render_page() and render_page_key()
 * empty it once the page is written or kept, so a value made there lives
 * until the next page.  Between pages it holds nothing; what must outlive
 * a page (a list the home page shows too) is made on the heap.
 */
struct tv_arena	*render_arena(const struct render *);

/* From now on, append "HASH CTX URL\n" to log for each page (NULL: stop). */
void		 render_log(struct render *, struct buf *log);
/*
 * An incremental build: a page whose context hashes as in the last build
 * (cache's manifest) is neither rendered nor written, one whose bytes come
 * out the same is not written; both are logged with their old hash.  The
 * cache must outlive the render; NULL (or an invalid cache) renders all.
 */
void		 render_keep(struct render *, const struct cache *);

/*
 * The page of one article and of one issue; es holds the issue's
 * entries, es[k] = entry_fill() of article k (the article page links its
 * neighbours, the issue page lists them all).
 */
int		 render_article(struct render *, const struct issue *,
		    const struct entry *es, const struct source *, size_t i,
		    struct diags *);
int		 render_issue(struct render *, const struct issue *,
		    const struct entry *es, const struct source *,
		    struct diags *);

/* Site-relative URLs. */
void		 url_article(struct buf *, const char *date, const char *id);
void		 url_issue(struct buf *, const struct issue *);
void		 url_region(struct buf *, const struct region *, int level);
void		 url_topic(struct buf *, const char *slug, int page);
/* The label of an issue: 2026年5月21日 第5版 */
void		 issue_title(struct buf *, const struct issue *);
/* 山东省 菏泽市 牡丹区 */
void		 region_label(struct buf *, const struct region *);

/* The entry of article i of an issue. */
void		 entry_fill(struct entry *, const struct issue *, size_t i);
/*
 * Moves the strings of an entry into one block: a million entries are a
 * million allocations, not twelve million (each with its own overhead).
 */
void		 entry_pack(struct entry *);
/* Its hash, for an entry whose strings were read into one block (mem). */
void		 entry_packed(struct entry *);
void		 entry_release(struct entry *);
/*
 * The ITEM context of an entry, for a page at from_url, made in a.  It
 * borrows the entry's strings (tv_str_ref()): the entry must outlive it.
 */
struct tval	*entry_item(const struct render *, struct tv_arena *a,
		    const struct entry *, const char *from_url);
/* url relative to the page at from_url. */
void		 rel_url(struct buf *, const char *from_url, const char *url);
/* The reporter page of a name: reporters/PINYIN/index.html. */
void		 url_reporter(struct buf *, const char *name);

#endif
