/*
 * main.c: the command line.
 *
 *	baokan build [--config FILE] [--content DIR] [--output DIR] [--strict]
 *	baokan parse [--markdown] FILE
 *	baokan check [--json] [FILES...]
 *
 * Exit status: 0 success; 1 content errors (parse/check: the file had
 * errors; build: only with --strict); 2 usage or configuration errors;
 * 3 I/O failures (unreadable input, unwritable output).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "conf.h"
#include "diag.h"
#include "fix.h"
#include "gaz.h"
#include "issue.h"
#include "json.h"
#include "md.h"
#include "record.h"
#include "seg.h"
#include "topic.h"
#include "util.h"

static const char usage_main[] =
"usage: baokan COMMAND [OPTIONS]\n"
"\n"
"Turns a newspaper's page exports into a browsable, searchable static site.\n"
"\n"
"commands:\n"
"  build    build the site from the content folder into the output folder\n"
"  parse    print one issue file's article records as JSON\n"
"  check    list each issue's articles and every diagnostic, for review\n"
"\n"
"Run 'baokan COMMAND --help' for a command's options.\n"
"\n"
"exit status: 0 success, 1 content errors, 2 usage or configuration\n"
"errors, 3 input/output failures.\n";

static const char usage_build[] =
"usage: baokan build [--config FILE] [--content DIR] [--output DIR]\n"
"                    [--jobs N] [--clean] [--strict] [--quiet] [--verbose]\n"
"\n"
"  --config FILE   settings (default site.conf)\n"
"  --content DIR   issue files (*.txt) and Markdown pages (*.md);\n"
"                  default: content = in the config\n"
"  --output DIR    where the site is written; default: output = in the\n"
"                  config.  The site is built in DIR.staging and replaces\n"
"                  DIR only when the build succeeded.\n"
"  --strict        a content error (an unreadable or binary issue file)\n"
"                  fails the build with status 1 instead of skipping it\n"
"  --clean         a full build: ignore what .baokan-cache/ remembers of\n"
"                  the last build (without it, a build after a change\n"
"                  parses and renders only the issues that changed and\n"
"                  rewrites only the files whose bytes change; a change\n"
"                  to site.conf, a template, an asset or baokan itself\n"
"                  makes a full build anyway)\n"
"  --jobs N        threads parsing and rendering issues (default: one a\n"
"                  processor); the site is the same whatever N is\n"
"  --quiet         no summary line\n"
"  --verbose       print every note the parser made, not only warnings\n"
"\n"
"On a terminal a progress bar is drawn on stderr; otherwise one summary\n"
"line is printed when the build ends: the path of index.html, then\n"
"issues, articles, pages and seconds.\n";

static const char usage_parse[] =
"usage: baokan parse [--config FILE] [--markdown] FILE\n"
"\n"
"Prints the records of one issue file as JSON: {\"issue\", \"articles\",\n"
"\"furniture\", \"diagnostics\"} (the schema is in README.md).\n"
"\n"
"  --config FILE   settings, for the topic taxonomy (default site.conf;\n"
"                  without one, topics are left empty)\n"
"  --markdown      print each article's body as the Markdown the pages\n"
"                  are rendered from, instead of JSON\n";

static const char usage_check[] =
"usage: baokan check [--config FILE] [--json] [FILES...]\n"
"\n"
"For each issue file (default: every *.txt under the content folder)\n"
"prints the articles found, with their lines, and every diagnostic as\n"
"FILE:LINE: severity: what was decided, so an editor can review the\n"
"uncertain cuts.\n"
"\n"
"  --config FILE   settings (default site.conf)\n"
"  --json          one JSON object per file, as baokan parse prints\n";

struct ctx {
	struct conf	 c;
	int		 have_conf;
	struct gaz	*g;
	struct topic_set *ts;
};

static int
load_conf(struct ctx *x, const char *path, int required)
{
	struct diags	 d = DIAGS_INIT;

	conf_init(&x->c);
	if (!required && access(path, F_OK) != 0)
		return 0;
	if (conf_load(&x->c, path, &d) == -1) {
		diag_print(&d, stderr);
		diags_release(&d);
		conf_release(&x->c);
		return -1;
	}
	x->have_conf = 1;
	diags_release(&d);
	return 0;
}

static int
parse_one(struct ctx *x, const char *path, int markdown, int json, int check)
{
	struct issue	*is = xcalloc(1, sizeof(*is));
	struct source	 src;
	struct buf	 out = BUF_INIT;
	size_t		 i, k;
	int		 rc = 0;

	if (issue_read(path, is, &src, &is->diags) == -1) {
		/* Unreadable: an I/O failure; binary or badly encoded: content. */
		rc = is->diags.n &&
		    strcmp(is->diags.v[is->diags.n - 1].code, "read") == 0 ? 3 : 1;
		diag_print(&is->diags, stderr);
		issue_free(is);
		return rc;
	}
	{
		struct fixes fx;
		struct seg_opts so = { x->g, x->ts, &fx, NULL };
		fix_load(path, &fx, &is->diags);
		seg_cut(is, &src, &so);
		fix_release(&fx);
	}
	if (markdown) {
		for (i = 0; i < is->narticles; i++) {
			buf_printf(&out, "<!-- %s -->\n", is->articles[i].id);
			md_article(&is->articles[i], &out);
		}
	} else if (json || !check)
		record_json(is, &out, check ? 0 : 1);
	else {
		buf_printf(&out, "%s: %s, %zu articles, %zu furniture lines\n",
		    path, is->date ? is->date : "no date", is->narticles,
		    is->nfurniture);
		for (i = 0; i < is->narticles; i++) {
			const struct article *a = &is->articles[i];
			buf_printf(&out, "  %s:%u-%u: %s: %s", path,
			    a->nlines ? a->lines[0] : 0,
			    a->nlines ? a->lines[a->nlines - 1] : 0,
			    kind_name(a->kind), a->title ? a->title : "(no title)");
			for (k = 0; k < a->nauthors; k++)
				buf_printf(&out, "%s%s", k ? ", " : " — ",
				    a->authors[k].name);
			buf_putc(&out, '\n');
		}
	}
	fputs(out.ptr, stdout);
	if (check && !json)
		diag_print(&is->diags, stdout);
	if (is->diags.worst >= DIAG_ERROR)
		rc = 1;
	buf_release(&out);
	source_release(&src);
	issue_free(is);
	return rc;
}

static int
want_help(int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int
cmd_build(int argc, char **argv)
{
	struct ctx		 x;
	struct build_opts	 o;
	const char		*config = "site.conf", *content = NULL, *output = NULL;
	int			 i, rc;

	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	if (want_help(argc, argv)) {
		fputs(usage_build, stdout);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--content") == 0 && i + 1 < argc)
			content = argv[++i];
		else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc)
			output = argv[++i];
		else if (strcmp(argv[i], "--strict") == 0)
			o.strict = 1;
		else if (strcmp(argv[i], "--quiet") == 0)
			o.quiet = 1;
		else if (strcmp(argv[i], "--verbose") == 0)
			o.verbose = 1;
		else if (strcmp(argv[i], "--clean") == 0)
			o.clean = 1;
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
			char *end;
			long j = strtol(argv[++i], &end, 10);
			if (*end || j < 1 || j > 256) {
				fprintf(stderr, "baokan build: --jobs wants a number "
				    "from 1 to 256, not \"%s\"\n", argv[i]);
				return 2;
			}
			o.jobs = (int)j;
		}
		else {
			fprintf(stderr, "baokan build: unknown option \"%s\"\n%s",
			    argv[i], usage_build);
			return 2;
		}
	}
	if (load_conf(&x, config, 1) == -1)
		return 2;
	if (content) {
		free(x.c.content);
		x.c.content = xstrdup(content);
	}
	if (output) {
		free(x.c.output);
		x.c.output = xstrdup(output);
	}
	o.progress = isatty(STDERR_FILENO) && !o.quiet && getenv("CI") == NULL;
	rc = build_run(&x.c, &o);
	conf_release(&x.c);
	return rc;
}

static int
cmd_parse(int argc, char **argv, int check)
{
	struct ctx	 x;
	const char	*config = "site.conf";
	const char	*files[4096];
	int		 i, nf = 0, markdown = 0, json = 0, rc = 0, r;

	memset(&x, 0, sizeof(x));
	if (want_help(argc, argv)) {
		fputs(check ? usage_check : usage_parse, stdout);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (!check && strcmp(argv[i], "--markdown") == 0)
			markdown = 1;
		else if (check && strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "baokan %s: unknown option \"%s\"\n%s",
			    argv[0], argv[i], check ? usage_check : usage_parse);
			return 2;
		} else if (nf < (int)(sizeof(files) / sizeof(files[0])))
			files[nf++] = argv[i];
	}
	if (!check && nf != 1) {
		fputs(usage_parse, stderr);
		return 2;
	}
	if (load_conf(&x, config, strcmp(config, "site.conf") != 0) == -1)
		return 2;
	x.g = gaz_new();
	md_init();
	if (x.have_conf)
		x.ts = topic_new(&x.c);
	if (check && nf == 0) {
		fprintf(stderr, "baokan check: give issue files (for example "
		    "%s/*.txt)\n", x.c.content);
		rc = 2;
	}
	for (i = 0; i < nf; i++)
		if ((r = parse_one(&x, files[i], markdown, json, check)) > rc)
			rc = r;
	topic_free(x.ts);
	gaz_free(x.g);
	conf_release(&x.c);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "parse") == 0)
		return cmd_parse(argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "check") == 0)
		return cmd_parse(argc - 1, argv + 1, 1);
	fprintf(stderr, "baokan: unknown command \"%s\"\n%s", argv[1], usage_main);
	return 2;
}
