/*
 * gaz.h: the gazetteer of China's province-, prefecture- and county-level
 * units, and the matching of place names in article text to regions.
 *
 * The data is compiled into the binary from gen/data/gazetteer.tsv (see
 * gen/data/README.md for its source, licence and the script that derives
 * it).  Units live as long as the gazetteer; struct region (record.h)
 * borrows pointers to them.
 */
#ifndef BAOKAN_GAZ_H
#define BAOKAN_GAZ_H

#include <stddef.h>

struct region;

enum gaz_level {
	GAZ_PROVINCE = 1,	/* 省, 自治区, 直辖市, 特别行政区 */
	GAZ_CITY = 2,		/* 地级市, 地区, 自治州, 盟 */
	GAZ_COUNTY = 3		/* 市辖区, 县, 县级市, 自治县, 旗 */
};

struct gaz_unit {
	const char		*name;		/* standard full name: 菏泽市 */
	const char		*code;		/* 6-digit division code */
	const char		*slug;		/* ASCII, unique among siblings: heze */
	enum gaz_level		 level;
	const struct gaz_unit	*parent;	/* NULL for a province */
};

struct gaz;

/* The built-in gazetteer; never fails (the data is compiled in). */
struct gaz		*gaz_new(void);
void			 gaz_free(struct gaz *);

/* Unit by its 6-digit code or its standard full name (first match), or NULL. */
const struct gaz_unit	*gaz_by_code(const struct gaz *, const char *code);
const struct gaz_unit	*gaz_by_name(const struct gaz *, const char *name,
			    const struct gaz_unit *within);

/*
 * The regions an article is about, primary first, at most max of them.
 * dateline is the lead's dateline (本报长沙5月20日电) or NULL; title holds
 * the headlines; body the body text.  Fills out[] with province, city and
 * county filled in from the parents; returns how many were written.
 */
size_t			 gaz_regions(const struct gaz *, const char *dateline,
			    const char *title, const char *body,
			    struct region *out, size_t max);

/* Total units, and unit i in code order (for listings and tests). */
size_t			 gaz_count(const struct gaz *);
const struct gaz_unit	*gaz_unit_at(const struct gaz *, size_t i);

#endif
