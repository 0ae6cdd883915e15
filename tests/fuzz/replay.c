/*
 * replay.c: a main() for a fuzz target without libFuzzer, so that `make
 * test` can run the crash inputs kept in tests/fuzz/regress/TARGET/ (and
 * the seed corpus) through the target under ASan+UBSan with the normal
 * compiler.  Each argument is a file or a folder of files; prints
 * "ok - TARGET: N inputs" and exits 0, or dies in the sanitizer.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "util.h"
#include "fuzz.h"

static size_t	 ninputs;

static void
one(const char *path)
{
	struct buf	 b = BUF_INIT;
	struct stat	 st;
	DIR		*dp;
	struct dirent	*e;
	char		*sub;

	if (stat(path, &st) == -1) {
		perror(path);
		exit(1);
	}
	if (S_ISDIR(st.st_mode)) {
		if ((dp = opendir(path)) == NULL) {
			perror(path);
			exit(1);
		}
		while ((e = readdir(dp)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			sub = path_join(path, e->d_name);
			one(sub);
			free(sub);
		}
		closedir(dp);
		return;
	}
	if (file_read(path, &b) == -1) {
		perror(path);
		exit(1);
	}
	/* A copy of exactly the input's size, so ASan sees reads past it. */
	{
		uint8_t *p = malloc(b.len ? b.len : 1);
		memcpy(p, b.ptr, b.len);
		LLVMFuzzerTestOneInput(p, b.len);
		free(p);
	}
	buf_release(&b);
	ninputs++;
}

int
main(int argc, char **argv)
{
	const char	*name = strrchr(argv[0], '/');
	int		 i;

	name = name ? name + 1 : argv[0];
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		one(argv[i]);
	printf("ok - %s: %zu inputs replayed\n", name, ninputs);
	return 0;
}
