/*
 * fuzz_conf.c: the site.conf reader (gen/conf.c over inih).  conf_load()
 * reads a path, so the input is written to a memory file (memfd) and read
 * back through /proc/self/fd; a bad file must give a diagnostic with its
 * line, never a crash or a leak.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "topic.h"
#include "fuzz.h"

static int	 fd = -1;
static char	 path[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if ((fd = memfd_create("site.conf", 0)) == -1) {
		perror("memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	 c;
	struct diags	 d = DIAGS_INIT;
	struct topic_set *ts;

	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	conf_init(&c);
	if (conf_load(&c, path, &d) == 0) {
		if (c.page_size < 1 || c.page_size > 500)
			abort();
		ts = topic_new(&c);
		topic_free(ts);
	} else if (d.worst != DIAG_ERROR)
		abort();	/* a refusal always says why */
	conf_release(&c);
	diags_release(&d);
	return 0;
}
