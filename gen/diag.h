/*
 * diag.h: diagnostics with a place and a severity (after mandoc): every
 * decision the parser is unsure of, every bad line of input, every
 * configuration error becomes one of these, printed as
 * "file:line:col: severity: message".  The worst severity seen decides the
 * exit status.
 *
 * Ownership: a diags list owns its entries and their strings; file names
 * are copied in.
 */
#ifndef BAOKAN_DIAG_H
#define BAOKAN_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_sev {
	DIAG_NOTE = 0,	/* a decision the parser made that an editor may review */
	DIAG_WARN,	/* doubtful input; the output is still complete */
	DIAG_ERROR	/* input that could not be used as it is */
};

struct diag {
	char		*file;	/* path as the user gave it */
	unsigned	 line;	/* 1-based physical line; 0 for the whole file */
	unsigned	 col;	/* 1-based column in characters; 0 if none */
	enum diag_sev	 sev;
	char		*code;	/* short stable tag, e.g. "date-inferred" */
	char		*msg;	/* what was found and what was done or to do */
};

struct diags {
	struct diag	*v;
	size_t		 n, cap;
	enum diag_sev	 worst;	/* highest severity added; DIAG_NOTE if none */
};

#define DIAGS_INIT { NULL, 0, 0, DIAG_NOTE }

void	 diag_add(struct diags *, enum diag_sev, const char *file,
	    unsigned line, unsigned col, const char *code, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));
/* Adds copies of from's entries to to, in order. */
void	 diags_append(struct diags *to, const struct diags *from);
void	 diag_print(const struct diags *, FILE *);
void	 diag_print_one(const struct diag *, FILE *);
void	 diags_release(struct diags *);
const char *diag_sev_name(enum diag_sev);

#endif
