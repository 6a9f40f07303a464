/* fuzz_html.c — libFuzzer target: an article body (HTML fragment, Markdown, whole page or plain
 * text) turned into clean text (html_text.h; Markdown goes through markdown.h on the way). */
#include "fuzz.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "html_text.h"
#include "utf8.h"

/* Extracts body as format and checks the contract of html_text.h on the result. */
static void extract(const struct buf *body, enum body_format format, struct arena *arena)
{
    struct buf out;
    buf_init(&out, 0);
    const char *title = NULL;
    html_text_extract(body->data, body->len, format, arena, &out, &title);
    FUZZ_CHECK(utf8_invalid_bytes(out.data, out.len) == 0);
    FUZZ_CHECK(out.len == 0 || out.data[out.len - 1] != '\n'); /* no trailing newline */
    FUZZ_CHECK(!title || format == BODY_DOCUMENT);
    FUZZ_CHECK(!title || utf8_invalid_bytes(title, strlen(title)) == 0);
    buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* bodies reach the extractor as UTF-8 (encoding.c has repaired them) */
    struct buf body;
    buf_init(&body, 0);
    utf8_repair(&body, (const char *)data, size);
    struct arena arena;
    arena_init(&arena);

    /* read as a .txt file would be: plain text unless it has tags; a text without tags is read
     * once more as a .md file is, so each input runs both the plain and the HTML path */
    enum body_format format = body_format_guess(body.data, body.len, "article.txt");
    extract(&body, format, &arena);
    if (format == BODY_PLAIN) {
        format = body_format_guess(body.data, body.len, "article.md");
        FUZZ_CHECK(format == BODY_FRAGMENT);
        extract(&body, format, &arena);
    }
    arena_free(&arena);
    buf_free(&body);
    return 0;
}
