/*
 * json.h: the one JSON writer.  It streams into a struct buf, keeps a
 * stack of open scopes to place commas and to catch misuse, and escapes
 * every control byte, '"', '\\', "</" (so output can sit inside a
 * <script> element) and U+2028/U+2029 (line terminators in JavaScript).
 * Invalid UTF-8 in a string is written as U+FFFD: the output is always
 * valid JSON.
 *
 * Ownership: the writer borrows the buffer; json_free() frees only the
 * writer's own state.
 */
#ifndef BAOKAN_JSON_H
#define BAOKAN_JSON_H

#include <stddef.h>

struct buf;
struct json;

/* indent > 0 pretty-prints with that many spaces a level. */
struct json	*json_new(struct buf *out, int indent);
void		 json_free(struct json *);

void	 json_obj_open(struct json *);
void	 json_obj_close(struct json *);
void	 json_arr_open(struct json *);
void	 json_arr_close(struct json *);
void	 json_key(struct json *, const char *);
void	 json_str(struct json *, const char *);		/* NULL writes null */
void	 json_strn(struct json *, const char *, size_t);
void	 json_int(struct json *, long long);
void	 json_bool(struct json *, int);
void	 json_null(struct json *);

/* Key and value in one call; the value NULL writes null. */
void	 json_kv_str(struct json *, const char *, const char *);
void	 json_kv_int(struct json *, const char *, long long);

/* A value already written as JSON (copied from earlier output) as it is. */
void	 json_raw(struct json *, const char *, size_t);

/* Appends s escaped as a JSON string body (no quotes) to b. */
void	 json_escape(struct buf *b, const char *s, size_t n);

/* Depth of open scopes; 0 when the document is complete. */
size_t	 json_depth(const struct json *);

#endif
