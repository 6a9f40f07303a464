/* fuzz_dict.c — libFuzzer target: the user-dictionary parser (--dict, gazetteer.h), and lookups
 * of the dictionary's names in the input read as text. */
#include "fuzz.h"

#include <ctype.h>
#include <string.h>

#include "gazetteer.h"
#include "normalize.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char err[256] = "";
    struct user_dict *d = user_dict_parse(text, size, err, sizeof err);
    if (!d) {
        /* "LINE: message", LINE counted from 1 */
        FUZZ_CHECK(isdigit((unsigned char)err[0]) && err[0] != '0' && strstr(err, ": "));
        return 0;
    }
    /* the surfaces it holds are in the text: look for a name at every code point */
    int32_t *cps = xmalloc((size ? size : 1) * sizeof *cps);
    size_t n = normalize_text(text, size, cps, NULL);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const struct name_entry *entry = NULL;
        if (gazetteer_name_at(d, cps + i, n - i, &len, &entry)) {
            FUZZ_CHECK(len >= 1 && len <= n - i && entry != NULL);
            FUZZ_CHECK(entry->ordinary || entry->type < ENTITY_DATE);
            FUZZ_CHECK(entry->type != ENTITY_COUNTRY || entry->ordinary
                       || (entry->country && entry->canonical));
        }
    }
    free(cps);
    user_dict_free(d);
    return 0;
}
