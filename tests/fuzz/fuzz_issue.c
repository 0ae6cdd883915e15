/*
 * fuzz_issue.c: the issue parser end to end: any bytes as an issue file
 * (issue_read_mem: encodings, NUL bytes, front matter, lines), cut into
 * articles with the gazetteer and the topics of site.conf (seg_cut), then
 * written as JSON (record_json) as `baokan parse` does.  Besides memory
 * errors it checks the parser's invariant: every non-empty line after the
 * front matter is in exactly one article or in the furniture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "gaz.h"
#include "issue.h"
#include "record.h"
#include "seg.h"
#include "topic.h"
#include "fuzz.h"

static struct gaz	*gaz;
static struct conf	 conf;
static struct topic_set	*topics;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diags	 d = DIAGS_INIT;
	char		 path[4096];

	(void)argc;
	(void)argv;
	gaz = gaz_new();
	conf_init(&conf);
	snprintf(path, sizeof(path), "%s/site.conf", fuzz_top());
	if (conf_load(&conf, path, &d) == 0)
		topics = topic_new(&conf);
	diags_release(&d);
	return 0;
}

/* Every non-empty line from body_from on is placed exactly once. */
static void
check_lines(const struct issue *is, const struct source *src)
{
	unsigned char	*seen = calloc(src->nlines + 2, 1);
	size_t		 i, k;
	unsigned	 ln;

	for (i = 0; i < is->narticles; i++)
		for (k = 0; k < is->articles[i].nlines; k++) {
			ln = is->articles[i].lines[k];
			if (ln < 1 || ln > src->nlines || seen[ln]++)
				abort();
		}
	for (i = 0; i < is->nfurniture; i++) {
		ln = is->furniture[i].line;
		if (ln < 1 || ln > src->nlines || seen[ln]++)
			abort();
	}
	for (ln = src->body_from; ln <= src->nlines; ln++)
		if ((src->lines[ln - 1].n != 0) != (seen[ln] != 0))
			abort();
	free(seen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct issue	*is = calloc(1, sizeof(*is));
	struct source	 src;
	struct seg_opts	 o;
	struct buf	 out = BUF_INIT;

	memset(&o, 0, sizeof(o));
	o.gaz = gaz;
	o.topics = topics;
	if (issue_read_mem("fuzz.txt", (const char *)data, size, is, &src,
	    &is->diags) == 0) {
		seg_cut(is, &src, &o);
		check_lines(is, &src);
		record_json(is, &out, 1);
	}
	buf_release(&out);
	source_release(&src);
	issue_free(is);
	return 0;
}
