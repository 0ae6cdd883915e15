/*
 * conf.h: site.conf, read with inih.  Keys and sections are documented in
 * site.conf itself; an unknown key or a bad value is an error naming
 * site.conf:LINE.
 *
 * Ownership: struct conf owns every string in it; conf_release() frees
 * them.  Other records borrow topic slugs and names for the whole run.
 */
#ifndef BAOKAN_CONF_H
#define BAOKAN_CONF_H

#include <stddef.h>

struct diags;

/* A keyword of a topic and its weight (a title hit counts TITLE_WEIGHT times). */
struct conf_kw {
	char	*word;		/* UTF-8 text matched as a substring */
	int	 weight;	/* 1..9; default 1 */
};

struct conf_topic {
	char		*slug;	/* ASCII [a-z0-9-], used in URLs and records */
	char		*name;	/* display name: 劳动法律监督 */
	struct conf_kw	*kw;
	size_t		 nkw;
};

struct conf {
	char		*path;		/* the file read, for diagnostics */
	char		*title;		/* site title */
	char		*tagline;	/* one line under the title */
	char		*base_url;	/* absolute URL of the published site, or "" */
	char		*language;	/* BCP 47 tag for <html lang> */
	char		*content;	/* folder of issue files and Markdown pages */
	char		*output;	/* folder the site is written to */
	char		*templates;	/* folder of templates */
	char		*assets;	/* folder copied to OUTPUT/assets */
	int		 page_size;	/* articles per listing page */
	int		 markdown_html;	/* 1: raw HTML in Markdown pages passes */
	struct conf_topic *topics;
	size_t		 ntopics;
};

/* Fills defaults; conf_load() then overrides from the file. */
void	conf_init(struct conf *);
int	conf_load(struct conf *, const char *path, struct diags *);
void	conf_release(struct conf *);
const struct conf_topic *conf_topic(const struct conf *, const char *slug);

#endif
