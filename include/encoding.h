/* encoding.h — turning a file's bytes into UTF-8: BOMs, UTF-16, GB18030/GBK, Big5, and
 * refusing binary files. */
#ifndef XINWEN_ENCODING_H
#define XINWEN_ENCODING_H

#include <stddef.h>

#include "buf.h"

/* What encoding_to_utf8 found. */
struct decoded_info {
    const char *encoding; /* static name: "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "BIG5" */
    size_t replaced;      /* U+FFFD written for damage: invalid UTF-8 bytes, bad UTF-16 code units,
                           * unconvertible GB18030/Big5 bytes, a cut-off last character, NULs */
};

/* Appends data (n bytes, the raw file) to out as UTF-8 with no BOM, and fills *info.
 * Detection: a UTF-8 BOM is dropped; a UTF-16 BOM, or NUL bytes in every other position,
 * means UTF-16; text that is valid UTF-8 but for slight damage is UTF-8 with the invalid bytes
 * replaced (under 5% of its non-ASCII bytes, or at most 2 bad bytes each outweighed by 3 valid
 * multi-byte characters, or fewer than 8 high bytes in all; a character cut off at the very end
 * does not count); otherwise GB18030 (which covers GBK and GB2312) and Big5 are both tried and the
 * one whose characters are mostly in its common-character block, with few replacements (under 5%
 * of its double-byte characters, or at most 2 each outweighed by 6 of them), wins. Damage in the
 * chosen encoding becomes U+FFFD and is counted, never refused: in UTF-16 an unpaired surrogate or
 * an odd last byte, in GB18030 and Big5 a byte that starts no character or a character cut off at
 * the end; NUL bytes too. Returns NULL on success, or a static message when the bytes are not text
 * ("binary file (PNG image)", "not UTF-8, GB18030 or Big5 text"); out is then left unchanged. */
const char *encoding_to_utf8(const char *data, size_t n, struct buf *out,
                             struct decoded_info *info);

#endif
