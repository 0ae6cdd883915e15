/*
 * record.c: names of the record enums, the JSON of `baokan parse`, and
 * freeing.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gaz.h"
#include "json.h"
#include "record.h"

const char *
kind_name(enum art_kind k)
{
	static const char *const n[] = { "feature", "news", "photo", "toc",
	    "continuation", "other" };

	return n[k];
}

const char *
role_name(enum author_role r)
{
	static const char *const n[] = { "reporter", "correspondent",
	    "photographer", "intern", "agency", "author" };

	return n[r];
}

const char *
block_name(enum block_type t)
{
	static const char *const n[] = { "paragraph", "heading", "item",
	    "caption" };

	return n[t];
}

static void
lines_json(struct json *j, const unsigned *v, size_t n)
{
	size_t	 i;

	json_arr_open(j);
	for (i = 0; i < n; i++)
		json_int(j, v[i]);
	json_arr_close(j);
}

static void
article_json(const struct article *a, struct json *j)
{
	size_t	 i;

	json_obj_open(j);
	json_kv_str(j, "id", a->id);
	json_kv_str(j, "kind", kind_name(a->kind));
	json_kv_str(j, "kicker", a->kicker);
	json_kv_str(j, "title", a->title);
	json_kv_str(j, "subtitle", a->subtitle);
	json_kv_str(j, "column", a->column);
	json_key(j, "authors");
	json_arr_open(j);
	for (i = 0; i < a->nauthors; i++) {
		json_obj_open(j);
		json_kv_str(j, "name", a->authors[i].name);
		json_kv_str(j, "role", role_name(a->authors[i].role));
		json_obj_close(j);
	}
	json_arr_close(j);
	json_kv_str(j, "dateline", a->dateline);
	json_kv_str(j, "summary", a->summary);
	json_key(j, "body");
	json_arr_open(j);
	for (i = 0; i < a->nbody; i++) {
		json_obj_open(j);
		json_kv_str(j, "type", block_name(a->body[i].type));
		json_kv_str(j, "text", a->body[i].text);
		json_key(j, "lines");
		lines_json(j, a->body[i].lines, a->body[i].nlines);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "regions");
	json_arr_open(j);
	for (i = 0; i < a->nregions; i++) {
		const struct region *r = &a->regions[i];
		json_obj_open(j);
		json_kv_str(j, "province", r->province ? r->province->name : NULL);
		json_kv_str(j, "city", r->city ? r->city->name : NULL);
		json_kv_str(j, "county", r->county ? r->county->name : NULL);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "topics");
	json_arr_open(j);
	for (i = 0; i < a->ntopics; i++)
		json_str(j, a->topics[i]);
	json_arr_close(j);
	json_key(j, "source_lines");
	lines_json(j, a->lines, a->nlines);
	json_key(j, "truncated");
	json_bool(j, a->truncated);
	json_obj_close(j);
}

void
record_json(const struct issue *is, struct buf *out, int indent)
{
	struct json	*j = json_new(out, indent);
	size_t		 i;

	json_obj_open(j);
	json_key(j, "issue");
	json_obj_open(j);
	json_kv_str(j, "id", is->id);
	json_kv_str(j, "source", is->path);
	json_kv_str(j, "date", is->date);
	json_kv_str(j, "date_source", is->date_source);
	if (is->page)
		json_kv_int(j, "page", is->page);
	else {
		json_key(j, "page");
		json_null(j);
	}
	json_kv_str(j, "edition", is->edition);
	json_kv_str(j, "paper", is->paper);
	json_key(j, "editors");
	json_arr_open(j);
	for (i = 0; i < is->neditors; i++)
		json_str(j, is->editors[i]);
	json_arr_close(j);
	json_kv_int(j, "lines", is->nlines);
	json_obj_close(j);
	json_key(j, "articles");
	json_arr_open(j);
	for (i = 0; i < is->narticles; i++)
		article_json(&is->articles[i], j);
	json_arr_close(j);
	json_key(j, "furniture");
	json_arr_open(j);
	for (i = 0; i < is->nfurniture; i++) {
		json_obj_open(j);
		json_kv_int(j, "line", is->furniture[i].line);
		json_kv_str(j, "text", is->furniture[i].text);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "diagnostics");
	json_arr_open(j);
	for (i = 0; i < is->diags.n; i++) {
		const struct diag *d = &is->diags.v[i];
		json_obj_open(j);
		json_kv_str(j, "file", d->file);
		json_kv_int(j, "line", d->line);
		json_kv_int(j, "col", d->col);
		json_kv_str(j, "severity", diag_sev_name(d->sev));
		json_kv_str(j, "code", d->code);
		json_kv_str(j, "message", d->msg);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
	buf_putc(out, '\n');
	json_free(j);
}

void
article_release(struct article *a)
{
	size_t	 i;

	free(a->id);
	free(a->kicker);
	free(a->title);
	free(a->subtitle);
	free(a->column);
	for (i = 0; i < a->nauthors; i++)
		free(a->authors[i].name);
	free(a->authors);
	free(a->dateline);
	free(a->summary);
	for (i = 0; i < a->nbody; i++) {
		free(a->body[i].text);
		free(a->body[i].lines);
	}
	free(a->body);
	free(a->regions);
	free(a->lines);
	memset(a, 0, sizeof(*a));
}

void
issue_free(struct issue *is)
{
	if (is == NULL)
		return;
	issue_release(is);
	free(is);
}

void
issue_release(struct issue *is)
{
	size_t	 i;

	for (i = 0; i < is->narticles; i++)
		article_release(&is->articles[i]);
	free(is->articles);
	for (i = 0; i < is->nfurniture; i++)
		free(is->furniture[i].text);
	free(is->furniture);
	for (i = 0; i < is->neditors; i++)
		free(is->editors[i]);
	free(is->editors);
	free(is->path);
	free(is->id);
	free(is->date);
	free(is->edition);
	free(is->paper);
	diags_release(&is->diags);
	memset(is, 0, sizeof(*is));
}
