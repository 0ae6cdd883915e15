/*
 * topic.h: an article's topics from the taxonomy in site.conf: keywords
 * with weights, a headline hit counting TITLE_WEIGHT times a body hit;
 * one to three topics, best first, none where nothing fits.
 *
 * Ownership: a topic_set borrows the conf, which must outlive it; the
 * slugs it writes into articles are the conf's.
 */
#ifndef BAOKAN_TOPIC_H
#define BAOKAN_TOPIC_H

struct article;
struct conf;
struct topic_set;

struct topic_set *topic_new(const struct conf *);
void		  topic_free(struct topic_set *);
/* Sets a->topics and a->ntopics from the headline text and body text. */
/* The taxonomy's own copy of slug (for records to borrow), or NULL. */
const char	 *topic_slug(const struct topic_set *, const char *slug);
void		  topic_assign(const struct topic_set *, struct article *a,
		    const char *head, const char *body);

#endif
