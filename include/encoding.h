/* encoding.h — turning a file's bytes into UTF-8: BOMs, UTF-16, GB18030/GBK, Big5, and
 * refusing binary files. */
#ifndef XINWEN_ENCODING_H
#define XINWEN_ENCODING_H

#include <stddef.h>

#include "buf.h"

/* What encoding_to_utf8 found. */
struct decoded_info {
    const char *encoding; /* static name: "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "BIG5" */
    size_t replaced;      /* bytes that were invalid (or NUL) and became U+FFFD */
};

/* Appends data (n bytes, the raw file) to out as UTF-8 with no BOM, and fills *info.
 * Detection: a UTF-8 BOM is dropped; a UTF-16 BOM, or NUL bytes in every other position,
 * means UTF-16; text that is valid UTF-8 but for a few stray bytes (under 5% of its non-ASCII
 * bytes, or fewer than 8 high bytes in all) is UTF-8 with those bytes replaced; otherwise GB18030
 * (which covers GBK and GB2312) and Big5 are both tried and the one whose characters are mostly in
 * its common-character block wins. NUL bytes become U+FFFD. Returns NULL on success, or a static
 * message when the bytes are not text ("binary file (PNG image)", "not UTF-8, GB18030 or Big5
 * text"); out is then left unchanged. */
const char *encoding_to_utf8(const char *data, size_t n, struct buf *out,
                             struct decoded_info *info);

#endif
