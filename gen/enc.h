/*
 * enc.h: what encoding an issue file is in, and its text as UTF-8.
 *
 * Page exports come as UTF-8 (with or without a byte-order mark), as
 * UTF-16 with a byte-order mark (Windows "Unicode" text), or as GB18030 /
 * GBK (older Chinese tools).  enc_to_utf8() tells them apart:
 *
 *	BOM FF FE or FE FF	UTF-16LE / UTF-16BE, converted
 *	valid UTF-8		UTF-8, copied (a BOM EF BB BF dropped)
 *	clean GB18030 that reads as Chinese
 *				GB18030, converted
 *	anything else		an error naming the first bad byte
 *
 * Conversion goes through iconv(3) (glibc).  A byte invalid in the
 * encoding found is an error naming the file, the line, the column and
 * the byte offset, and nothing is returned: a page read half right would
 * lose text silently.
 */
#ifndef BAOKAN_ENC_H
#define BAOKAN_ENC_H

#include <stddef.h>

struct buf;
struct diags;

enum enc_kind {
	ENC_UTF8,		/* UTF-8, no byte-order mark */
	ENC_UTF8_BOM,		/* UTF-8 after EF BB BF */
	ENC_UTF16LE,		/* after FF FE */
	ENC_UTF16BE,		/* after FE FF */
	ENC_GB18030		/* GB18030; GBK and GB2312 are subsets */
};

/*
 * Appends the text of the n bytes at p, as UTF-8 without a byte-order
 * mark, to out and stores the encoding found in *kind.  Returns 0, or -1
 * with an error in d (code "encoding") naming name, line and byte offset;
 * out then holds nothing new.  NUL bytes are the caller's business: they
 * are valid UTF-8 and UTF-16 and pass through.
 */
int		 enc_to_utf8(const char *name, const char *p, size_t n,
		    struct buf *out, enum enc_kind *kind, struct diags *d);

/* The length of the longest valid UTF-8 prefix of p (n if all valid). */
size_t		 enc_utf8_valid(const char *p, size_t n);

/*
 * 1 if the n bytes at p are well-formed GB18030 that reads as Chinese
 * text (most two-byte characters in the GB2312 hanzi and punctuation
 * rows), else 0.
 */
int		 enc_looks_gb18030(const char *p, size_t n);

/* The encoding's name as iconv and editors know it: "GB18030". */
const char	*enc_name(enum enc_kind);

/*
 * Where byte off of the n bytes at p falls: 1-based line (LF, CRLF and a
 * lone CR each end a line) and 1-based column in UTF-8 characters.
 */
void		 enc_locate(const char *p, size_t n, size_t off,
		    unsigned *line, unsigned *col);

#endif
