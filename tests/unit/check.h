/*
 * check.h: the few lines a unit test needs: CHECK prints "ok - what" or
 * "FAIL - what (file:line)", and check_done() is the exit status.
 */
#ifndef BAOKAN_CHECK_H
#define BAOKAN_CHECK_H

#include <stdio.h>

static int check_failed;

#define CHECK(cond, what) do {						\
	if (cond)							\
		printf("ok - %s\n", (what));				\
	else {								\
		printf("FAIL - %s (%s:%d)\n", (what), __FILE__, __LINE__); \
		check_failed++;						\
	}								\
} while (0)

static int
check_done(void)
{
	return check_failed ? 1 : 0;
}

#endif
