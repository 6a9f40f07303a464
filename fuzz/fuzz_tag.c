/* fuzz_tag.c — libFuzzer target: the `tag` pipeline on raw bytes — each line normalised,
 * tagged by the LAC model, resolved into entities and written as tag's JSON record — or the
 * whole input as one text of paragraphs, as articles and mentions read a body. */
#include "fuzz.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "dates.h"
#include "json.h"
#include "lac_model.h"
#include "recognize.h"
#include "utf8.h"

/* Inputs are cut to this many bytes: the tagger's work grows with the text, short texts already
 * reach every rule, and a fuzzer is only useful at hundreds of inputs a second. */
#define TAG_INPUT_MAX 4096

/* Recognises text (len bytes) against ref, checks the mentions against it and appends them as
 * tag's JSON record to out (always valid UTF-8). */
static void recognize(struct recognizer *r, const char *text, size_t len,
                      const struct date_ref *ref, struct arena *arena, struct buf *out)
{
    struct mention *m;
    size_t count = recognize_text(r, text, len, ref, arena, &m);
    size_t chars = utf8_length(text, len);
    buf_puts(out, "{\"entities\":[");
    for (size_t i = 0; i < count; i++) {
        const struct mention *e = &m[i];
        FUZZ_CHECK(e->type < ENTITY_TYPES);
        FUZZ_CHECK(e->start < e->end && e->end <= chars);
        FUZZ_CHECK(e->byte_start < e->byte_end && e->byte_end <= len);
        FUZZ_CHECK(utf8_length(text + e->byte_start, e->byte_end - e->byte_start)
                   == e->end - e->start);
        FUZZ_CHECK(i == 0 || m[i - 1].start <= e->start); /* in text order */
        FUZZ_CHECK(e->canonical && utf8_invalid_bytes(e->canonical, strlen(e->canonical)) == 0);
        FUZZ_CHECK((e->type == ENTITY_COUNTRY) == (e->code != NULL));
        FUZZ_CHECK((e->type == ENTITY_DATE) == (e->value != NULL));
        bool first;
        if (i)
            buf_putc(out, ',');
        json_object_begin(out, &first);
        json_member_str(out, &first, "type", entity_type_name(e->type));
        json_member_strn(out, &first, "text", text + e->byte_start, e->byte_end - e->byte_start);
        json_member_long(out, &first, "start", (long)e->start);
        json_member_long(out, &first, "end", (long)e->end);
        json_member_str(out, &first, "canonical", e->canonical);
        if (e->code)
            json_member_str(out, &first, "code", e->code);
        if (e->country)
            json_member_str(out, &first, "country", e->country);
        if (e->role)
            json_member_str(out, &first, "role", e->role);
        if (e->value)
            json_date_members(out, &first, e->value, e->grain, e->relative);
        json_object_end(out);
    }
    buf_puts(out, "]}\n");
    FUZZ_CHECK(!out->overflow && utf8_invalid_bytes(out->data, out->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct recognizer *r;
    static struct arena arena;
    static struct buf out;
    if (!r) {
        const char *error = NULL;
        const struct lac_model *model;
        const struct ner_layer *layer;
        if (!tagger_models_get(true, NULL, &model, &layer, &error)) {
            fprintf(stderr, "fuzz_tag: %s\n", error);
            abort();
        }
        r = recognizer_new(model, layer, NULL);
        arena_init(&arena);
        buf_init(&out, 0);
    }
    if (size > TAG_INPUT_MAX)
        size = TAG_INPUT_MAX;
    const char *text = (const char *)data;
    /* as tag --ref 2021-10-26T10:30 */
    static const struct date_ref ref = {2021, 10, 26, 10, 30, true};

    /* the tagger's time is what counts, so each input is read one way, chosen by its first byte:
     * even, as articles read a body (the lines are the paragraphs of one text); odd, as tag reads
     * its input (each line a document, a CR before the LF dropped) */
    if (size && data[0] % 2 == 0) {
        buf_reset(&out);
        recognize(r, text, size, &ref, &arena, &out);
        arena_reset(&arena);
        return 0;
    }
    for (size_t at = 0; at < size;) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (text + at)) : size - at;
        size_t next = at + len + (nl != NULL);
        if (len && text[at + len - 1] == '\r')
            len--;
        buf_reset(&out);
        recognize(r, text + at, len, &ref, &arena, &out);
        arena_reset(&arena);
        at = next;
    }
    return 0;
}
