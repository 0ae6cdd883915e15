/*
 * diag.c: the diagnostics list.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

const char *
diag_sev_name(enum diag_sev s)
{
	switch (s) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARN:
		return "warning";
	default:
		return "error";
	}
}

void
diag_add(struct diags *d, enum diag_sev sev, const char *file,
    unsigned line, unsigned col, const char *code, const char *fmt, ...)
{
	struct buf	 m = BUF_INIT;
	struct diag	*e;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	e = &d->v[d->n++];
	e->file = xstrdup(file ? file : "");
	e->line = line;
	e->col = col;
	e->sev = sev;
	e->code = xstrdup(code ? code : "");
	e->msg = buf_detach(&m);
	if (sev > d->worst)
		d->worst = sev;
}

void
diags_append(struct diags *to, const struct diags *from)
{
	size_t	 i;

	for (i = 0; i < from->n; i++)
		diag_add(to, from->v[i].sev, from->v[i].file, from->v[i].line,
		    from->v[i].col, from->v[i].code, "%s", from->v[i].msg);
}

void
diag_print_one(const struct diag *e, FILE *f)
{
	fputs(e->file, f);
	if (e->line) {
		fprintf(f, ":%u", e->line);
		if (e->col)
			fprintf(f, ":%u", e->col);
	}
	fprintf(f, ": %s: %s\n", diag_sev_name(e->sev), e->msg);
}

void
diag_print(const struct diags *d, FILE *f)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		diag_print_one(&d->v[i], f);
}

void
diags_release(struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].code);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
	d->worst = DIAG_NOTE;
}
