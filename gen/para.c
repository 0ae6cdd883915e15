/*
 * para.c: where paragraphs are joined and put back in order.
 *
 * Evidence, by form alone:
 *  - a paragraph that ends mid-sentence (no 。!? at its end) is open;
 *  - a paragraph that begins with what cannot begin a sentence (a comma,
 *    的, 了, 出 …) starts midway.
 * An open paragraph followed by another paragraph is one paragraph cut by
 * a column break: joined.  An open paragraph followed by an intertitle or
 * by nothing is a fragment out of place; if the article holds exactly one
 * paragraph that starts midway and has nothing open before it, the
 * fragment goes in front of it and the two are joined.  Otherwise the
 * fragment stays where it is and a warning names it.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "para.h"
#include "record.h"
#include "strmap.h"
#include "text.h"
#include "util.h"

static int
is_ref(const struct block *b)
{
	struct span	 s;

	/* In brackets, ( or （, as few paragraphs are: those alone are measured. */
	if (b->text[0] != '(' && strncmp(b->text, "\xef\xbc\x88", 3) != 0)
		return 0;
	s = span_of(b->text);
	return text_page_ref(s, "上接") || text_page_ref(s, "下转");
}

/* The paragraph ends mid-sentence. */
static int
is_open(const struct block *b)
{
	return (b->type == BLOCK_PARA || b->type == BLOCK_CAPTION) &&
	    !is_ref(b) && !text_ends_sentence(span_of(b->text));
}

static int
is_para(const struct block *b)
{
	return (b->type == BLOCK_PARA || b->type == BLOCK_CAPTION) && !is_ref(b);
}

/* Appends block j to block i and removes j. */
static void
join(struct article *a, size_t i, size_t j)
{
	struct block	*x = &a->body[i], *y = &a->body[j];
	struct buf	 t = BUF_INIT;

	buf_puts(&t, x->text);
	buf_puts(&t, y->text);
	free(x->text);
	x->text = buf_detach(&t);
	x->lines = xreallocarray(x->lines, x->nlines + y->nlines, sizeof(unsigned));
	memcpy(x->lines + x->nlines, y->lines, y->nlines * sizeof(unsigned));
	x->nlines += y->nlines;
	free(y->text);
	free(y->lines);
	memmove(y, y + 1, (a->nbody - j - 1) * sizeof(*y));
	a->nbody--;
}

/* Moves block from to index to (before the block now there). */
static void
move(struct article *a, size_t from, size_t to)
{
	struct block	 t = a->body[from];

	if (from < to) {
		memmove(&a->body[from], &a->body[from + 1], (to - from - 1) * sizeof(t));
		a->body[to - 1] = t;
	} else if (from > to) {
		memmove(&a->body[to + 1], &a->body[to], (from - to) * sizeof(t));
		a->body[to] = t;
	}
}

static unsigned
last_line(const struct block *b)
{
	return b->lines[b->nlines - 1];
}

/* A verbatim repeat of an earlier paragraph is shown once. */
static void
drop_repeats(struct article *a, const char *file, struct diags *d)
{
	struct strmap	*seen = strmap_new();
	void		**slot;
	size_t		 i, j;

	for (i = j = 0; i < a->nbody; i++) {
		struct block *b = &a->body[i];
		if (is_para(b) && utf8_chars_max(b->text, strlen(b->text), 10) >= 10) {
			slot = strmap_slot(seen, b->text);
			if (*slot != NULL) {
				diag_add(d, DIAG_NOTE, file, b->lines[0], 0, "repeat",
				    "line %u repeats line %u word for word; shown once "
				    "(the line stays in the article's source lines)",
				    b->lines[0], (unsigned)(size_t)*slot);
				free(b->text);
				free(b->lines);
				continue;
			}
			*slot = (void *)(size_t)b->lines[0];
		}
		a->body[j++] = *b;
	}
	a->nbody = j;
	strmap_free(seen);
}

/* Joins blocks [i, m] into block i in one copy. */
static void
join_run(struct article *a, size_t i, size_t m)
{
	struct buf	 t = BUF_INIT;
	size_t		 k, nl = 0;
	unsigned	*lines;

	for (k = i; k <= m; k++) {
		buf_puts(&t, a->body[k].text);
		nl += a->body[k].nlines;
	}
	lines = xcalloc(nl, sizeof(*lines));
	for (nl = 0, k = i; k <= m; k++) {
		memcpy(lines + nl, a->body[k].lines, a->body[k].nlines * sizeof(*lines));
		nl += a->body[k].nlines;
		free(a->body[k].text);
		free(a->body[k].lines);
	}
	a->body[i].text = buf_detach(&t);
	a->body[i].lines = lines;
	a->body[i].nlines = nl;
	memmove(&a->body[i + 1], &a->body[m + 1], (a->nbody - m - 1) *
	    sizeof(a->body[0]));
	a->nbody -= m - i;
}

void
para_mend(struct article *a, const char *file, struct diags *d)
{
	size_t	 i, k, nfrag = 0, ncand = 0, frag = 0, cand = 0;

	drop_repeats(a, file, d);

	/* Fragments: open, and no paragraph after them to carry on. */
	for (i = 0; i < a->nbody; i++)
		if (is_open(&a->body[i]) && a->body[i].type == BLOCK_PARA &&
		    (i + 1 == a->nbody || !is_para(&a->body[i + 1]))) {
			nfrag++;
			frag = i;
		}
	/* Candidates: start midway, and nothing open before them. */
	for (i = 0; i < a->nbody; i++)
		if (a->body[i].type == BLOCK_PARA && !is_ref(&a->body[i]) &&
		    text_starts_midway(span_of(a->body[i].text)) &&
		    (i == 0 || !is_open(&a->body[i - 1]))) {
			ncand++;
			cand = i;
		}
	if (nfrag == 1 && ncand == 1 && frag != cand) {
		diag_add(d, DIAG_NOTE, file, a->body[frag].lines[0], 0,
		    "out-of-order", "line %u ends mid-sentence with nothing after "
		    "it to carry on, and line %u starts mid-sentence: read as one "
		    "paragraph, line %u first", a->body[frag].lines[0],
		    a->body[cand].lines[0], a->body[frag].lines[0]);
		move(a, frag, cand);
		k = frag < cand ? cand - 1 : cand;
		join(a, k, k + 1);
	} else if (nfrag > 0) {
		for (i = 0; i < a->nbody; i++)
			if (is_open(&a->body[i]) && a->body[i].type == BLOCK_PARA &&
			    (i + 1 == a->nbody || !is_para(&a->body[i + 1])) &&
			    i + 1 < a->nbody)
				diag_add(d, DIAG_WARN, file, last_line(&a->body[i]), 0,
				    "fragment", "line %u ends mid-sentence and the "
				    "next line does not carry it on; %s; left where "
				    "it is (a sidecar correction can move it)",
				    last_line(&a->body[i]), ncand == 0 ?
				    "no paragraph here starts mid-sentence" :
				    "more than one place it could belong");
	}

	/* Joins: an open paragraph and the paragraph after it, runs at once. */
	for (k = 0; k + 1 < a->nbody; k++) {
		size_t m = k;
		while (m + 1 < a->nbody && is_open(&a->body[m]) &&
		    is_para(&a->body[m + 1]) &&
		    a->body[m].type == a->body[m + 1].type) {
			diag_add(d, DIAG_NOTE, file, last_line(&a->body[m]), 0,
			    "join", "line %u ends mid-sentence; joined with line "
			    "%u (a column break)", last_line(&a->body[m]),
			    a->body[m + 1].lines[0]);
			m++;
		}
		if (m > k)
			join_run(a, k, m);
	}
}
