/*
 * byline.h: authors and datelines, from every form a page gives them:
 *
 *	本报记者 田国奎 本报通讯员 王智 李亮	a standalone byline line
 *	本报通讯员 赵平 李梦月 摄		a picture credit
 *	本报讯(记者邹倜然 通讯员应露霖)……	a news lead
 *	本报长沙5月20日电(记者王鑫)……	a dated lead: dateline 本报长沙5月20日电
 *	(新华社北京10月20日电)			an agency line closing a story
 *
 * Ownership: names are appended to the caller's author array as new
 * strings; the dateline is a new string the caller frees.
 */
#ifndef BAOKAN_BYLINE_H
#define BAOKAN_BYLINE_H

#include <stddef.h>

#include "buf.h"
#include "record.h"

struct strmap;

struct authors {
	struct author	*v;
	size_t		 n;
	struct strmap	*seen;	/* name+role already added, once n is large */
};

void	 authors_add(struct authors *, const char *name, size_t n,
	    enum author_role);
void	 authors_release(struct authors *);

/*
 * A standalone byline or credit line.  Returns 1 and appends its authors
 * (credit lines make every name a photographer) or 0 when the line is not
 * one.  *credit is set to 1 for a 摄 credit.
 */
int	 byline_line(struct span, struct authors *, int *credit);

/*
 * A lead at the start of a paragraph.  Returns the bytes it takes (the
 * paragraph's text resumes there) or 0 if there is none; appends the
 * authors and sets *dateline (NULL for 本报讯).  *agency is 1 for a lead
 * of a news agency (新华社…电).
 */
size_t	 byline_lead(struct span, struct authors *, char **dateline);

/* A closing agency line, (新华社北京10月20日电): 1 and its parts, else 0. */
int	 byline_agency_line(struct span, struct authors *, char **dateline);

/* Text of a role word for pages: 记者, 通讯员, 摄影, ... */
const char *role_label(enum author_role);

#endif
