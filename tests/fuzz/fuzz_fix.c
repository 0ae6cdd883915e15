/*
 * fuzz_fix.c: the sidecar corrections (gen/fix.c): parsing NAME.fix
 * (fix_parse) and applying it through seg_cut.  The input is a sidecar;
 * if it holds a line "%%" the part before is the issue text and the part
 * after the sidecar, else the sidecar applies to a small built-in page.
 * The parser's invariant (each non-empty line in one place) must hold
 * after any correction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "fix.h"
#include "gaz.h"
#include "issue.h"
#include "record.h"
#include "seg.h"
#include "topic.h"
#include "fuzz.h"

static struct gaz	*gaz;
static struct conf	 conf;
static struct topic_set	*topics;

static const char page[] =
    "---\ndate: 2025-04-17\npage: 5\n---\n\n一线调研·工会这样干\n\n"
    "监督员“蹲”进车间以后\n\n本报记者 方知远 本报通讯员 顾静怡\n\n"
    "4月14日中午，在江苏省苏州市昆山市一家精密模具企业的车间休息区，"
    "数控操作工施永康说。\n\n推动这一变化的，是昆山市总工会今年推行的\n\n"
    "“监督员驻车间”机制。\n\n问题在工位旁被发现\n\n驻车间监督员邵文斌是"
    "一家电子企业的工会副主席。\n\n江苏部署今年产业工人技能提升行动\n\n"
    "本报南京4月16日电(记者贺明川)今天，江苏省总工会召开推进会。\n\n"
    "模具工的“绣花功”\n\n4月12日，浙江省湖州市长兴县一家企业举行职工"
    "技能比武。\n\n本报记者 沈知行 摄\n\n责任编辑：许明\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diags	 d = DIAGS_INIT;
	char		 path[4096];

	(void)argc;
	(void)argv;
	gaz = gaz_new();
	conf_init(&conf);
	snprintf(path, sizeof(path), "%s/site.conf", fuzz_top());
	if (conf_load(&conf, path, &d) == 0)
		topics = topic_new(&conf);
	diags_release(&d);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 in = BUF_INIT;
	const char	*text = page, *fix;
	size_t		 ntext = sizeof(page) - 1, i, k;
	struct issue	*is = calloc(1, sizeof(*is));
	struct source	 src;
	struct fixes	 fx;
	struct seg_opts	 o;
	char		*sep;
	unsigned	 ln, *seen;

	buf_put(&in, data, size);
	fix = in.ptr;
	if (strncmp(in.ptr, "%%\n", 3) == 0) {
		text = "";
		ntext = 0;
		fix = in.ptr + 3;
	} else if ((sep = strstr(in.ptr, "\n%%\n")) != NULL) {
		text = in.ptr;
		ntext = (size_t)(sep + 1 - in.ptr);
		fix = sep + 4;
	}
	memset(&o, 0, sizeof(o));
	o.gaz = gaz;
	o.topics = topics;
	o.fixes = &fx;
	memset(&fx, 0, sizeof(fx));
	fix_parse("fuzz.fix", fix, &fx, &is->diags);
	if (issue_read_mem("fuzz.txt", text, ntext, is, &src, &is->diags) == 0) {
		seg_cut(is, &src, &o);
		seen = calloc(src.nlines + 2, sizeof(*seen));
		for (i = 0; i < is->narticles; i++)
			for (k = 0; k < is->articles[i].nlines; k++) {
				ln = is->articles[i].lines[k];
				if (ln < 1 || ln > src.nlines || seen[ln]++)
					abort();
			}
		for (i = 0; i < is->nfurniture; i++) {
			ln = is->furniture[i].line;
			if (ln < 1 || ln > src.nlines || seen[ln]++)
				abort();
		}
		for (ln = src.body_from; ln <= src.nlines; ln++)
			if ((src.lines[ln - 1].n != 0) != (seen[ln] != 0))
				abort();
		free(seen);
	}
	fix_release(&fx);
	source_release(&src);
	issue_free(is);
	buf_release(&in);
	return 0;
}
