/*
 * check.h: the few lines a unit test needs: CHECK prints "ok - what" or
 * "FAIL - what (file:line)", check() the same for a condition already
 * worked out (without the place), and check_done() is the exit status.
 */
#ifndef BAOKAN_CHECK_H
#define BAOKAN_CHECK_H

#include <stdio.h>

static int check_failed;
static int check_passed;

#define CHECK(cond, what) do {						\
	if (cond) {							\
		printf("ok - %s\n", (what));				\
		check_passed++;						\
	} else {								\
		printf("FAIL - %s (%s:%d)\n", (what), __FILE__, __LINE__); \
		check_failed++;						\
	}								\
} while (0)

static inline void
check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	if (ok)
		check_passed++;
	else
		check_failed++;
}

static int
check_done(void)
{
	return check_failed ? 1 : 0;
}

#endif
