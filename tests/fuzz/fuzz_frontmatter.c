/*
 * fuzz_frontmatter.c: the front-matter reader and the id from a file
 * name.  The input's first line is taken as the file's path (its date,
 * its page, its id: issue_set_id must give an ASCII id of bounded length
 * whatever the name), the rest goes between "---" lines at the top of an
 * issue file, so every mutation lands in the front matter.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "issue.h"
#include "record.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data, *nl;
	struct issue	*is = calloc(1, sizeof(*is));
	struct source	 src;
	struct buf	 name = BUF_INIT, text = BUF_INIT;
	const char	*c;

	nl = memchr(p, '\n', size);
	buf_put(&name, p, nl ? (size_t)(nl - p) : size);
	/* A path holds no NUL byte: cut the name there. */
	buf_truncate(&name, strlen(name.ptr));
	buf_puts(&text, "---\n");
	if (nl)
		buf_put(&text, nl + 1, size - (size_t)(nl + 1 - p));
	buf_puts(&text, "\n---\n正文。\n");
	if (issue_read_mem(name.ptr, text.ptr, text.len, is, &src,
	    &is->diags) == 0) {
		if (is->id == NULL || strlen(is->id) > 120)
			abort();
		for (c = is->id; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
			    *c == '-'))
				abort();
		if (is->date && !date_valid(is->date))
			abort();
		if (is->page < 0 || is->page > 999 || src.body_from < 1 ||
		    src.body_from > src.nlines + 1)
			abort();
	}
	source_release(&src);
	issue_free(is);
	buf_release(&name);
	buf_release(&text);
	return 0;
}
