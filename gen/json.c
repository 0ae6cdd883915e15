/*
 * json.c: streaming JSON writer with a scope stack.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "util.h"

/*
 * MAX_JSON_DEPTH 64: the deepest record baokan writes is five levels
 * (index, article, body, block, lines); a deeper nesting is a bug.
 */
#define MAX_JSON_DEPTH 64

enum scope { SC_ARR, SC_OBJ };

struct json {
	struct buf	*out;
	int		 indent;
	size_t		 depth;
	enum scope	 sc[MAX_JSON_DEPTH];
	size_t		 count[MAX_JSON_DEPTH];	/* members written at each level */
	int		 after_key;		/* a key waits for its value */
};

struct json *
json_new(struct buf *out, int indent)
{
	struct json	*j = xcalloc(1, sizeof(*j));

	j->out = out;
	j->indent = indent;
	return j;
}

void
json_free(struct json *j)
{
	free(j);
}

size_t
json_depth(const struct json *j)
{
	return j->depth;
}

static void
newline(struct json *j)
{
	size_t	 i;

	if (j->indent <= 0)
		return;
	buf_putc(j->out, '\n');
	for (i = 0; i < j->depth * (size_t)j->indent; i++)
		buf_putc(j->out, ' ');
}

/* Writes the separator a new value needs at this point. */
static void
value_start(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->sc[j->depth - 1] == SC_OBJ)
		die("json: value without a key inside an object");
	if (j->count[j->depth - 1]++)
		buf_putc(j->out, ',');
	newline(j);
}

static void
open_scope(struct json *j, enum scope s, int c)
{
	value_start(j);
	if (j->depth == MAX_JSON_DEPTH)
		die("json: nesting deeper than %d", MAX_JSON_DEPTH);
	buf_putc(j->out, c);
	j->sc[j->depth] = s;
	j->count[j->depth] = 0;
	j->depth++;
}

static void
close_scope(struct json *j, enum scope s, int c)
{
	if (j->depth == 0 || j->sc[j->depth - 1] != s || j->after_key)
		die("json: mismatched close '%c'", c);
	j->depth--;
	if (j->count[j->depth])
		newline(j);
	buf_putc(j->out, c);
}

void json_obj_open(struct json *j) { open_scope(j, SC_OBJ, '{'); }
void json_obj_close(struct json *j) { close_scope(j, SC_OBJ, '}'); }
void json_arr_open(struct json *j) { open_scope(j, SC_ARR, '['); }
void json_arr_close(struct json *j) { close_scope(j, SC_ARR, ']'); }

void
json_raw(struct json *j, const char *s, size_t n)
{
	value_start(j);
	buf_put(j->out, s, n);
}

/* The ASCII that stands as it is in a JSON string: not " \\ / or a control. */
static const unsigned char plain[256] = {
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
	['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1,
	['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1,
	[';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1,
	['`'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1,
	['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
	['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
	['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
	['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1,
	['~'] = 1, [' '] = 1,
};

void
json_escape(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i, l, run;
	uint32_t	 cp = 0;
	unsigned char	 c;

	/* Runs of bytes that stand as they are go out in one piece. */
	for (i = run = 0; i < n; i += l) {
		while (i < n && plain[(unsigned char)s[i]])
			i++;
		if (i == n)
			break;
		c = (unsigned char)s[i];
		l = 1;
		/* Nearly all of Chinese text: three bytes, not U+2028/U+2029. */
		if (utf8_plain3(s + i, n - i) && !(c == 0xe2 &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xfe) == 0xa8)) {
			l = 3;
			continue;
		}
		if (c >= 0x80) {
			cp = utf8_decode(s + i, n - i, &l);
			if (cp != 0x2028 && cp != 0x2029 &&
			    (cp != 0xfffd || l != 1))
				continue;
		}
		buf_put(b, s + run, i - run);
		run = i + l;
		if (c >= 0x80) {
			if (cp == 0x2028 || cp == 0x2029)
				buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				buf_puts(b, "\xef\xbf\xbd");
			continue;
		}
		switch (c) {
		case '"':  buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '/':
			/* "</script>" must not close an enclosing script. */
			if (i > 0 && s[i - 1] == '<')
				buf_puts(b, "\\/");
			else
				buf_putc(b, '/');
			break;
		default:
			buf_puts(b, "\\u00");
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
	buf_put(b, s + run, i - run);
}

void
json_key(struct json *j, const char *k)
{
	if (j->depth == 0 || j->sc[j->depth - 1] != SC_OBJ || j->after_key)
		die("json: key \"%s\" outside an object", k);
	if (j->count[j->depth - 1]++)
		buf_putc(j->out, ',');
	newline(j);
	buf_putc(j->out, '"');
	json_escape(j->out, k, strlen(k));
	buf_puts(j->out, j->indent > 0 ? "\": " : "\":");
	j->after_key = 1;
}

void
json_strn(struct json *j, const char *s, size_t n)
{
	value_start(j);
	buf_putc(j->out, '"');
	json_escape(j->out, s, n);
	buf_putc(j->out, '"');
}

void
json_str(struct json *j, const char *s)
{
	if (s == NULL)
		json_null(j);
	else
		json_strn(j, s, strlen(s));
}

void
json_int(struct json *j, long long v)
{
	value_start(j);
	buf_printf(j->out, "%lld", v);
}

void
json_bool(struct json *j, int v)
{
	value_start(j);
	buf_puts(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	value_start(j);
	buf_puts(j->out, "null");
}

void
json_kv_str(struct json *j, const char *k, const char *v)
{
	json_key(j, k);
	json_str(j, v);
}

void
json_kv_int(struct json *j, const char *k, long long v)
{
	json_key(j, k);
	json_int(j, v);
}
