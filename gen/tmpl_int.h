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
 *  tmpl_run.c	rendering: executing the tree against a context of tvals
 *		into a libxml2 tree (scopes, data-each, data-if, includes,
 *		the layout's slot), URL checks, data-html cleaning, and
 *		serialising with libxml2's HTML writer.
 *
 * Ownership: a tmpl_set owns its tmpls, a tmpl its tnodes, a tnode its
 * children and strings.  Everything here is written by tmpl_set_new()
 * and only read afterwards, which is what lets pages render from many
 * threads at once.
 */
#ifndef BAOKAN_TMPL_INT_H
#define BAOKAN_TMPL_INT_H

#include <stddef.h>

#include <libxml/tree.h>

struct diags;

/* A dotted lookup, split once at compile time. */
struct tpath {
	char	**seg;		/* the segments: "article", "title" */
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
};

struct tmpl {
	char		*name;		/* relative name, "partials/header.html" */
	char		*file;		/* DIR/NAME, for diagnostics */
	struct tnode	*root;		/* the root element */
	char		*layname;	/* data-layout on the root, or NULL */
	struct tmpl	*lay;		/* that layout, found at link time */
	int		 has_slot;	/* holds a data-slot="main" element */
	int		 mark;		/* cycle search: 0 unseen, 1 on the path, 2 done */
};

struct tmpl_set {
	char		 *dir;		/* the folder as given */
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

/* tmpl_run.c */

/*
 * A new document of the kind pages are built in; the compiler escapes
 * constant texts against one, so they come out as the renderer would
 * write them.  The caller frees it with xmlFreeDoc().
 */
xmlDocPtr	 tmpl_out_doc(void);
/* 1 if an attribute of this name holds a URL (href, src, ...). */
int		 tmpl_url_attr(const char *name);

#endif
