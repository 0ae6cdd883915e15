/*
 * topic.c: keyword scoring in one pass over the text.  Keywords are
 * bucketed by their first bytes, so the cost is linear in the text
 * whatever the size of the taxonomy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "record.h"
#include "topic.h"
#include "util.h"

/* TITLE_WEIGHT 3: a keyword in a headline says more than one in the body. */
#define TITLE_WEIGHT 3
/* MAX_HITS 5: past five mentions a keyword adds nothing new. */
#define MAX_HITS 5
/* MIN_SCORE 4: below this a topic is a passing mention. */
#define MIN_SCORE 4
/* RELATIVE_MIN 35: a second topic needs 35% of the best one's score. */
#define RELATIVE_MIN 35
/* BUCKETS 1024: power of two, a few keywords a bucket. */
#define BUCKETS 1024
/*
 * PAIR_BITS 16: a bit per hash of a keyword's first two characters,
 * 8 KB: with 130 keywords one text pair in 500 passes by chance.
 */
#define PAIR_BITS 16

struct kwref {
	const char	*word;
	size_t		 len;
	uint32_t	 head;		/* lead3(word): compared before the rest */
	size_t		 hlen;		/* the bytes of word in head */
	uint32_t	 next;		/* lead3() of the character after head, 0 if none */
	size_t		 nlen;		/* the bytes of word in next */
	int		 weight;
	size_t		 topic;		/* index in conf->topics */
	size_t		 kwi;		/* index over all keywords, for counts */
};

struct topic_set {
	const struct conf	*c;
	struct kwref		*kw;
	size_t			 nkw;
	size_t			 bstart[BUCKETS + 1];	/* kw[bstart[h] .. bstart[h+1]) */
	uint64_t		 pairs[(1 << PAIR_BITS) / 64];	/* pair_of() of every */
					/* keyword's head and next, set */
};

/* The first three bytes of the character at p at most, as one number. */
static inline uint32_t
lead3(const char *p)
{
	const unsigned char	*u = (const unsigned char *)p;
	uint32_t		 h = u[0];

	if (u[0] >= 0xc0 && u[1] != '\0') {
		h |= (uint32_t)u[1] << 8;
		if (u[0] >= 0xe0 && u[2] != '\0')
			h |= (uint32_t)u[2] << 16;
	}
	return h;
}

/* The bytes lead3() took: its nonzero bytes (a character holds no NUL). */
static size_t
lead3_len(uint32_t h)
{
	return h > 0xffff ? 3 : h > 0xff ? 2 : 1;
}

/* The bucket of lead3() h: a keyword's is its first character's. */
static inline unsigned
bucket_of(uint32_t h)
{
	return ((h * 2654435761u) >> 12) & (BUCKETS - 1);
}

/* The bit of a keyword's first character h and its second n (0: none). */
static inline uint32_t
pair_of(uint32_t h, uint32_t n)
{
	return (h * 2654435761u ^ n * 2246822519u) >> (32 - PAIR_BITS);
}

static inline int
pair_has(const struct topic_set *t, uint32_t bit)
{
	return (t->pairs[bit / 64] >> (bit % 64)) & 1;
}

static int
cmp_kw(const void *x, const void *y)
{
	const struct kwref	*a = x, *b = y;
	unsigned		 ha = bucket_of(a->head), hb = bucket_of(b->head);

	if (ha != hb)
		return ha < hb ? -1 : 1;
	return a->kwi < b->kwi ? -1 : a->kwi > b->kwi;
}

struct topic_set *
topic_new(const struct conf *c)
{
	struct topic_set	*t = xcalloc(1, sizeof(*t));
	size_t			 i, j, n = 0, h;

	t->c = c;
	for (i = 0; i < c->ntopics; i++)
		n += c->topics[i].nkw;
	t->kw = xcalloc(n ? n : 1, sizeof(*t->kw));
	for (i = 0; i < c->ntopics; i++)
		for (j = 0; j < c->topics[i].nkw; j++) {
			if (c->topics[i].kw[j].word[0] == '\0')
				continue;
			t->kw[t->nkw].word = c->topics[i].kw[j].word;
			t->kw[t->nkw].len = strlen(c->topics[i].kw[j].word);
			t->kw[t->nkw].head = lead3(c->topics[i].kw[j].word);
			t->kw[t->nkw].hlen = lead3_len(t->kw[t->nkw].head);
			t->kw[t->nkw].next = lead3(t->kw[t->nkw].word +
			    t->kw[t->nkw].hlen);
			t->kw[t->nkw].nlen = t->kw[t->nkw].next ?
			    lead3_len(t->kw[t->nkw].next) : 0;
			t->kw[t->nkw].weight = c->topics[i].kw[j].weight;
			t->kw[t->nkw].topic = i;
			t->kw[t->nkw].kwi = t->nkw;
			h = pair_of(t->kw[t->nkw].head, t->kw[t->nkw].next);
			t->pairs[h / 64] |= (uint64_t)1 << (h % 64);
			t->nkw++;
		}
	qsort(t->kw, t->nkw, sizeof(*t->kw), cmp_kw);
	for (i = 0, h = 0; h <= BUCKETS; h++) {
		while (i < t->nkw && bucket_of(t->kw[i].head) < h)
			i++;
		t->bstart[h] = i;
	}
	return t;
}

void
topic_free(struct topic_set *t)
{
	if (t == NULL)
		return;
	free(t->kw);
	free(t);
}

/*
 * Adds the keywords of s to hits and score, mult each.  s is UTF-8 (the
 * issue was checked or converted when read), so the scan steps from one
 * character's first byte to the next.
 */
static void
count(const struct topic_set *t, const char *s, int mult, int *hits, long *score)
{
	const unsigned char	*p = (const unsigned char *)s, *end;
	size_t			 k, h, rest;
	uint32_t		 head, next;
	const struct kwref	*kw;

	for (end = p + strlen(s); p < end; p += p[0] < 0xc0 ? 1 :
	    p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4) {
		head = lead3((const char *)p);
		h = bucket_of(head);
		if (t->bstart[h] == t->bstart[h + 1])
			continue;
		/*
		 * Common characters start a keyword or two (工 of 工匠):
		 * the pair with the next character settles most of them.
		 * A keyword of one character has next 0.
		 */
		next = lead3((const char *)p + lead3_len(head));
		if (!pair_has(t, pair_of(head, next)) &&
		    !pair_has(t, pair_of(head, 0)))
			continue;
		for (k = t->bstart[h]; k < t->bstart[h + 1]; k++) {
			kw = &t->kw[k];
			/* Buckets are shared: most differ in the first bytes. */
			if (kw->head != head)
				continue;
			/*
			 * head matched, so p holds kw->hlen bytes.  Most
			 * keywords that start alike differ in the next
			 * character: it is compared as a number first.
			 */
			rest = kw->len - kw->hlen;
			if (rest > 0 && ((size_t)(end - p) - kw->hlen < rest ||
			    lead3((const char *)p + kw->hlen) != kw->next ||
			    (rest > kw->nlen && memcmp(p + kw->hlen + kw->nlen,
			    kw->word + kw->hlen + kw->nlen, rest - kw->nlen) != 0)))
				continue;
			if (hits[kw->kwi] >= MAX_HITS * TITLE_WEIGHT)
				continue;
			hits[kw->kwi] += mult;
			score[kw->topic] += (long)kw->weight * mult;
		}
	}
}

void
topic_assign(const struct topic_set *t, struct article *a, const char *head,
    const char *body)
{
	long	*score;
	int	*hits;
	size_t	 i, j, best;
	long	 top = 0;

	a->ntopics = 0;
	if (t->c->ntopics == 0)
		return;
	score = xcalloc(t->c->ntopics, sizeof(*score));
	hits = xcalloc(t->nkw ? t->nkw : 1, sizeof(*hits));
	count(t, head ? head : "", TITLE_WEIGHT, hits, score);
	count(t, body ? body : "", 1, hits, score);
	for (j = 0; j < MAX_TOPICS; j++) {
		best = t->c->ntopics;
		for (i = 0; i < t->c->ntopics; i++)
			if (score[i] > 0 && (best == t->c->ntopics ||
			    score[i] > score[best]))
				best = i;
		if (best == t->c->ntopics || score[best] < MIN_SCORE)
			break;
		if (j == 0)
			top = score[best];
		else if (score[best] * 100 < top * RELATIVE_MIN)
			break;
		a->topics[a->ntopics++] = t->c->topics[best].slug;
		score[best] = -1;
	}
	free(score);
	free(hits);
}

const char *
topic_slug(const struct topic_set *t, const char *slug)
{
	const struct conf_topic	*ct = conf_topic(t->c, slug);

	return ct ? ct->slug : NULL;
}
