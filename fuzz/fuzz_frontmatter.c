/* fuzz_frontmatter.c — libFuzzer target: an article's bytes split into front matter and body,
 * and the front matter read with libyaml into normalised metadata (frontmatter.h). */
#include "fuzz.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "datetime.h"
#include "frontmatter.h"
#include "utf8.h"

static bool is_utf8(const char *s)
{
    return !s || utf8_invalid_bytes(s, strlen(s)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct config *config = fuzz_config("meta");
    const char *text = (const char *)data;
    struct fm_split split;
    const char *problem = frontmatter_split(text, size, &split);
    /* the body is always a tail of the text, the YAML lies before it */
    FUZZ_CHECK(split.body >= text && split.body + split.body_len == text + size);
    if (problem)
        return 0;
    if (split.has_front_matter)
        FUZZ_CHECK(split.yaml >= text && split.yaml + split.yaml_len <= split.body
                   && split.yaml_line >= 2);

    struct arena arena;
    arena_init(&arena);
    struct meta meta;
    char err[512] = "";
    if (frontmatter_parse(&split, config->tz_offset, &arena, &meta, err, sizeof err)) {
        /* every string is UTF-8 (frontmatter.h), whatever bytes the YAML had */
        FUZZ_CHECK(is_utf8(meta.title) && is_utf8(meta.author) && is_utf8(meta.source)
                   && is_utf8(meta.url) && is_utf8(meta.date_raw));
        for (size_t i = 0; i < meta.tags.count; i++)
            FUZZ_CHECK(is_utf8(meta.tags.items[i]));
        for (size_t i = 0; i < meta.categories.count; i++)
            FUZZ_CHECK(is_utf8(meta.categories.items[i]));
        for (size_t i = 0; i < meta.extra_count; i++)
            FUZZ_CHECK(meta.extra[i].key && is_utf8(meta.extra[i].key)
                       && is_utf8(meta.extra[i].value));
        struct buf b;
        buf_init(&b, 0);
        if (meta.has_date) {
            FUZZ_CHECK(meta.date_raw != NULL);
            datetime_format(&b, &meta.date);
            datetime_format_utc(&b, &meta.date);
        }
        if (meta.url) {
            const char *host = url_host(&arena, meta.url);
            FUZZ_CHECK(!host || is_utf8(host));
        }
        buf_free(&b);
    } else {
        FUZZ_CHECK(err[0] != '\0');
    }
    arena_free(&arena);
    return 0;
}
