/*
 * fuzz.h: what every fuzz target of baokan defines.  A target is one file
 * tests/fuzz/fuzz_NAME.c; it is linked either with libFuzzer (make fuzz,
 * clang -fsanitize=fuzzer) or with replay.c, which feeds it the files of
 * tests/fuzz/regress/NAME/ and the seed corpus under ASan+UBSan in
 * `make test`.  Paths a target reads at start-up (site.conf, templates/)
 * are taken relative to BAOKAN_TOP, default the current folder.
 */
#ifndef BAOKAN_FUZZ_H
#define BAOKAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The repository's top folder: $BAOKAN_TOP or ".". */
static inline const char *
fuzz_top(void)
{
	const char	*t = getenv("BAOKAN_TOP");

	return t && *t ? t : ".";
}

#endif
