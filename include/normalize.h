/* normalize.h — the text the tagger reads: traditional → simplified (OpenCC's character
 * table) and full-width, upper-case and untrained punctuation folded to the forms the model
 * was trained on, each as a 1:1 code-point map so offsets into the original stay exact. */
#ifndef XINWEN_NORMALIZE_H
#define XINWEN_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

/* The simplified form of one code point (traditional → simplified only; itself otherwise):
 * what canonical names are written in. */
int32_t normalize_t2s(int32_t cp);

/* The normalised form of one code point (itself when no table changes it). */
int32_t normalize_cp(int32_t cp);

/* Decodes UTF-8 s (n bytes) into code points: out[i] the normalised code point, and when
 * byte_at is not NULL, byte_at[i] the byte offset where code point i starts (byte_at[count]
 * = n). Each invalid byte counts as one code point (U+FFFD). out and byte_at need room for n
 * (+1) entries. Returns the number of code points. */
size_t normalize_text(const char *s, size_t n, int32_t *out, size_t *byte_at);

#endif
