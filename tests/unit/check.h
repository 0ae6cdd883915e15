/*
 * check.h: the few lines a unit test needs: CHECK prints "ok - what" or
 * "FAIL - what (file:line)", check() the same for a condition already
 * worked out (without the place), and check_done() is the exit status.
 */
#ifndef BAOKAN_CHECK_H
#define BAOKAN_CHECK_H

#include <sys/wait.h>

#include <stdio.h>
#include <unistd.h>

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

/*
 * Runs fn in a child, its stderr to /dev/null; returns the wait status
 * (-1 when it could not run), for a test that expects fn to end the run.
 */
static inline int
check_child(void (*fn)(void))
{
	pid_t		 pid;
	int		 status;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(0);
		fn();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	return status;
}

static int
check_done(void)
{
	return check_failed ? 1 : 0;
}

#endif
