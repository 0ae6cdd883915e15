/*
 * tmpl_int.h: the template engine's private records, shared by its three
 * files and included by no one else (callers use tmpl.h).  Where to look:
 *
 *  tmpl.c	the set: finding *.html under the folder, parsing each with
 *		libxml2 (errors as DIR/NAME:LINE:COL), linking includes and
 *		layouts (include cycles), looking a template up by name;
 *  tmpl_comp.c	compiling one parsed document into the tree of tnodes
 *		below: {{ path }} splitting, the data-* controls, every
 *		"tmpl-syntax" error;
 *  tmpl_plan.c	planning, after compiling: every maximal run of the tree
 *		without lookups or controls is serialised once by
 *		libxml2's HTML writer into a chunk of bytes, and every
 *		element that is left becomes a list of steps (struct top)
 *		over those chunks, its lookups and its controlled kids;
 *  tmpl_esc.c	escaping a substituted value exactly as libxml2's HTML
 *		writer would (text, attribute, URL attribute), byte for byte;
 *  tmpl_run.c	rendering: running the steps against a context of tvals
 *		straight into the page (scopes, data-each, data-if,
 *		includes, the layout's slot), URL checks, and data-html,
 *		the one part still parsed, cleaned and serialised by
 *		libxml2 on every page.
 *
 * Ownership: a tmpl_set owns its tmpls, a tmpl its tnodes, a tnode its
 * children and strings.  Everything here is written by tmpl_set_new()
 * and only read afterwards, which is what lets pages render from many
 * threads at once.
 */
#ifndef BAOKAN_TMPL_INT_H
#define BAOKAN_TMPL_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

struct buf;
struct diags;

/* A dotted lookup, split once at compile time. */
struct tpath {
	char	**seg;		/* the segments: "article", "title" */
	uint64_t *w;		/* tv_key_word() of each, for tv_get_word() */
	size_t	  n;		/* how many; at least one */
};

/* One run of a text or attribute value. */
struct tpart {
	char		*lit;	/* literal bytes, NUL-terminated; NULL for a lookup */
	size_t		 len;	/* bytes in lit */
	struct tpath	 path;	/* the lookup, when lit is NULL */
	unsigned	 line;	/* the lookup's template line, for messages */
};

/* A text or attribute value: literal runs and lookups in order. */
struct ttext {
	struct tpart	*v;	/* the runs */
	size_t		 n;	/* how many */
	int		 dyn;	/* 1 if any run is a lookup */
};

struct tattr {
	char		*name;	/* as written, "prefix:name" for namespaced ones */
	struct ttext	 val;	/* the value */
	int		 url;	/* href, src, ...: scheme-checked after substitution */
	int		 esc;	/* how libxml2 writes the value: TESC_* (tmpl_plan.c) */
	char		*lead;	/* " name=", or " name" for a boolean: what precedes the value */
};

/*
 * One step of a planned element (tmpl_plan.c), run in order by
 * tmpl_run.c.  An element's steps write its start tag (constant bytes
 * and attributes with lookups), its content and its end tag.
 */
enum top_kind {
	TOP_CHUNK,		/* constant bytes, already serialised */
	TOP_TEXT,		/* a text with lookups: tn */
	TOP_ATTR,		/* an attribute with lookups: ta */
	TOP_NODE,		/* an element with controls or lookups: tn */
	TOP_HTML,		/* tn's data-html content */
	TOP_MUTE,		/* what follows, up to TOP_UNMUTE, is run for */
	TOP_UNMUTE		/*  its errors only: the content of a void element */
};

struct tnode;
struct tattr;

struct top {
	enum top_kind		 kind;
	char			*p;	/* TOP_CHUNK: the bytes, owned */
	size_t			 n;	/* TOP_CHUNK: how many */
	int			 first;	/* TOP_CHUNK: its first element is <html> (1), */
					/*  another (0), or it has none (-1) */
	const struct tnode	*tn;	/* TOP_TEXT, TOP_NODE, TOP_HTML */
	const struct tattr	*ta;	/* TOP_ATTR */
};

enum tn_kind {
	TN_TEXT,		/* character data */
	TN_ELEM			/* an element, with its controls */
};

struct tmpl;

struct tnode {
	enum tn_kind	  kind;
	unsigned	  line;		/* template line, for render-time errors */
	struct ttext	  text;		/* TN_TEXT: the text */
	char		 *pre;		/* TN_TEXT without lookups: escaped once, or NULL */
	char		 *name;		/* TN_ELEM: element name */
	struct tattr	 *attrs;	/* attributes kept in the output */
	size_t		  nattrs;	/* how many */
	struct tnode	**kids;		/* children, owned */
	size_t		  nkids;	/* how many */
	struct tpath	 *ifp;		/* data-if path, or NULL */
	int		  ifneg;	/* data-if="!path" */
	struct tnode	 *elsen;	/* the data-else element after this one, or NULL */
	int		  is_else;	/* skipped in order: rendered by its data-if sibling */
	char		 *eachvar;	/* data-each="VAR in path": VAR */
	struct tpath	 *eachp;	/* and path, or NULL */
	char		 *letvar;	/* data-let="VAR = path": VAR */
	struct tpath	 *letp;		/* and path, or NULL */
	char		 *incname;	/* data-include target name, or NULL */
	struct tmpl	 *inc;		/* the target, found at link time */
	struct tpath	 *htmlp;	/* data-html path, or NULL */
	int		  slot;		/* data-slot="main" */
	int		  group;	/* <template> as a group: emit only its content */
	int		  closeempty;	/* libxml2 would drop the end tag if empty */
	/* The plan (tmpl_plan.c): */
	int		  stat;		/* no lookups or controls in it or below */
	int		  isvoid;	/* libxml2 writes no content and no end tag */
	int		  raw;		/* script or style: text inside is not escaped */
	int		  ishtml;	/* named html: the page gets a doctype */
	struct top	 *ops;		/* the steps of a non-static element */
	size_t		  nops;		/* how many */
	char		 *chunk;	/* a static node as serialised, or NULL */
	size_t		  nchunk;	/* bytes in chunk */
};

struct tmpl {
	char		*name;		/* relative name, "partials/header.html" */
	char		*file;		/* DIR/NAME, for diagnostics */
	struct tnode	*root;		/* the root element */
	char		*layname;	/* data-layout on the root, or NULL */
	struct tmpl	*lay;		/* that layout, found at link time */
	int		 has_slot;	/* holds a data-slot="main" element */
	int		 mark;		/* cycle search: 0 unseen, 1 on the path, 2 done */
	size_t		 idx;		/* its place in the set (sorted by name) */
	uint64_t	 src;		/* hash of the file's bytes */
	uint64_t	 key;		/* hash of it, its layout and all it includes */
};

struct tmpl_set {
	char		 *dir;		/* the folder as given */
	xmlDocPtr	  xdoc;		/* tmpl_out_doc(): data-html is written against it */
	struct tmpl	**v;		/* templates sorted by name */
	size_t		  n;		/* how many */
};

/* tmpl.c */

/* The template of that name, or NULL (a binary search: v is sorted). */
struct tmpl	*tmpl_find(const struct tmpl_set *, const char *name);
/* Include, layout and file names: [A-Za-z0-9_/-]+\.html, no empty segments. */
int		 tmpl_name_ok(const char *);

/* tmpl_comp.c */

/*
 * Compiles the document whose root element is root into t->root, and
 * sets t->layname and t->has_slot.  0, or -1 with "tmpl-syntax"
 * diagnostics naming t->file (t->root may then be partly built; free it
 * with tmpl_node_free()).
 */
int		 tmpl_compile(struct tmpl *t, xmlNodePtr root, struct diags *);
void		 tmpl_node_free(struct tnode *);
/* 1 for ' ', tab, newline and carriage return: XML's white space. */
int		 tmpl_is_sp(char);

/* tmpl_plan.c */

/*
 * Plans t->root (see struct top), serialising its static runs with
 * libxml2's HTML writer against doc, a document from tmpl_out_doc().
 */
void		 tmpl_plan(struct tmpl *t, xmlDocPtr doc);
void		 tmpl_ops_free(struct tnode *);

/* tmpl_esc.c */

/*
 * How libxml2's HTML writer (2.9, writing an XML document whose encoding
 * is set) writes a value, and so how tmpl_esc_* must.
 */
enum tesc {
	TESC_TEXT,		/* text: <, >, & and CR as references */
	TESC_ATTR,		/* attribute: the same, quoted */
	TESC_URI,		/* href, src, action, <a name>: then %-escaped */
	TESC_BOOL		/* checked, defer, ...: the name alone */
};

/*
 * Appends s (n bytes, up to its first NUL) as libxml2 writes a text node
 * outside <script> and <style>: <, >, & become references, CR &#13;,
 * other C0 controls but tab and newline vanish, other bytes stay.
 * Returns 1 if a NUL cut it short, else 0.
 */
int		 tmpl_esc_text(struct buf *, const char *s, size_t n);
/* Appends the quoted attribute value s (n bytes, up to its first NUL): TESC_ATTR or TESC_URI. */
void		 tmpl_esc_attr(struct buf *, const char *s, size_t n, int esc);
/* How libxml2 writes attribute name on element elem (TESC_ATTR, TESC_URI, TESC_BOOL). */
int		 tmpl_esc_kind(const char *elem, const char *name);

/* tmpl_html.c */

/*
 * Writes s (n bytes of HTML that baokan made: data-html) to out: parsed
 * by libxml2's HTML parser, cleaned of script, style, on* handlers and
 * unsafe links, and written as libxml2's HTML writer writes it under an
 * element whose text is raw (<script>, <style>) or not.  If first is not
 * NULL and *first is -1, *first tells whether the first element written
 * is <html> (1) or not (0).  doc is a document from tmpl_out_doc().
 */
void		 tmpl_html(struct buf *out, xmlDocPtr doc, const char *s,
		    size_t n, int raw, int *first);
/*
 * Writes node n and what is below it as htmlNodeDumpFormatOutput()
 * (libxml2 2.9, no formatting) writes it against doc; raw: n is a text
 * under <script> or <style>.
 */
void		 tmpl_html_write(struct buf *, xmlDocPtr doc, xmlNodePtr n,
		    int raw);

/* tmpl_run.c */

/*
 * A new document of the kind pages are built in; the compiler escapes
 * constant texts against one, so they come out as the renderer would
 * write them.  The caller frees it with xmlFreeDoc().
 */
xmlDocPtr	 tmpl_out_doc(void);
/* 1 if an attribute of this name holds a URL (href, src, ...). */
int		 tmpl_url_attr(const char *name);
/* 1 if the URL s (n bytes) may stand: relative, http, https or mailto. */
int		 tmpl_url_ok(const char *s, size_t n);

#endif
