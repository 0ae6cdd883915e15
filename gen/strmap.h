/*
 * strmap.h: a hash map from strings to a caller's pointer, open
 * addressing, growing at half full.  Keys are copied in and owned by the
 * map; values are the caller's.
 */
#ifndef BAOKAN_STRMAP_H
#define BAOKAN_STRMAP_H

#include <stddef.h>

struct strmap;

struct strmap	*strmap_new(void);
/*
 * A map whose keys are not copied: each must outlive the map (a file's
 * text the keys point into).  Sized for hint keys before it grows.
 */
struct strmap	*strmap_new_borrow(size_t hint);
/* Frees the map and its keys; values are the caller's to free first. */
void		 strmap_free(struct strmap *);
/* The value slot of key, made (holding NULL) if absent. */
void		**strmap_slot(struct strmap *, const char *key);
void		*strmap_get(const struct strmap *, const char *key);
size_t		 strmap_count(const struct strmap *);
/* Entry i of 0..capacity-1 in slot order; NULL key if the slot is empty. */
size_t		 strmap_cap(const struct strmap *);
const char	*strmap_key_at(const struct strmap *, size_t i, void **val);

unsigned long	 str_hash(const char *);

#endif
