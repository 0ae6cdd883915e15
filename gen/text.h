/*
 * text.h: what a line of page text says by its form: does it end a
 * sentence, does it hold punctuation, is it a page reference (上接第1版).
 * Shared by the segmenter and the paragraph mender.
 */
#ifndef BAOKAN_TEXT_H
#define BAOKAN_TEXT_H

#include <stdint.h>

#include "buf.h"

/* The last code point of s and its length in bytes (0 for empty s). */
uint32_t text_last_cp(struct span s, size_t *len);
/* s ends a sentence: 。!?;… or one of them inside a closing quote, or :. */
int	 text_ends_sentence(struct span s);
/* s holds a character other than Han, ASCII letters, digits, middle dot. */
int	 text_has_punct(struct span s);
int	 text_contains(struct span s, const char *z);
/* s is "(上接第1版)" (verb "上接") or "(下转第2版)" (verb "下转"). */
int	 text_page_ref(struct span s, const char *verb);
/* s begins with what cannot begin a sentence: a comma, a particle. */
int	 text_starts_midway(struct span s);

#endif
