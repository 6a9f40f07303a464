/* fuzz_merge.c — libFuzzer target: what `merge` reads — the strict JSON parser (json.h) on the
 * whole input, and the input as a summary partial state (summary.h), read into a state with the
 * default settings and into an unset one as merge does, written back, merged and reported. */
#include "fuzz.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "summary.h"
#include "utf8.h"
#include "util.h"

/* Appends v as JSON text. */
static void put_value(struct buf *b, const struct json_value *v)
{
    switch (v->kind) {
    case JSON_NULL:
        buf_puts(b, "null");
        break;
    case JSON_BOOL:
        buf_puts(b, v->boolean ? "true" : "false");
        break;
    case JSON_INTEGER:
        buf_printf(b, "%lld", v->integer);
        break;
    case JSON_STRING:
        json_put_string(b, v->string, v->len);
        break;
    case JSON_ARRAY:
    case JSON_OBJECT:
        buf_putc(b, v->kind == JSON_ARRAY ? '[' : '{');
        for (size_t i = 0; i < v->count; i++) {
            if (i)
                buf_putc(b, ',');
            if (v->kind == JSON_OBJECT) {
                json_put_cstr(b, v->members[i].key);
                buf_putc(b, ':');
            }
            put_value(b, &v->members[i].value);
        }
        buf_putc(b, v->kind == JSON_ARRAY ? ']' : '}');
        break;
    }
}

static bool same_value(const struct json_value *a, const struct json_value *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case JSON_NULL:
        return true;
    case JSON_BOOL:
        return a->boolean == b->boolean;
    case JSON_INTEGER:
        return a->integer == b->integer;
    case JSON_STRING:
        return a->len == b->len && memcmp(a->string, b->string, a->len) == 0;
    case JSON_ARRAY:
    case JSON_OBJECT:
        if (a->count != b->count)
            return false;
        for (size_t i = 0; i < a->count; i++) {
            const struct json_member *x = &a->members[i], *y = &b->members[i];
            if ((x->key == NULL) != (y->key == NULL) || (x->key && strcmp(x->key, y->key) != 0)
                || !same_value(&x->value, &y->value))
                return false;
        }
        return true;
    }
    return false;
}

/* What json.h promises of a parsed value, all the way down. */
static void check_value(const struct json_value *v)
{
    if (v->kind == JSON_STRING)
        FUZZ_CHECK(v->string && strlen(v->string) == v->len
                   && utf8_invalid_bytes(v->string, v->len) == 0);
    if (v->kind != JSON_ARRAY && v->kind != JSON_OBJECT)
        return;
    for (size_t i = 0; i < v->count; i++) {
        const struct json_member *m = &v->members[i];
        FUZZ_CHECK((m->key != NULL) == (v->kind == JSON_OBJECT));
        if (m->key)
            FUZZ_CHECK(json_get(v, m->key) != NULL
                       && utf8_invalid_bytes(m->key, strlen(m->key)) == 0);
        check_value(&m->value);
    }
}

static void fuzz_json(const char *s, size_t n)
{
    struct arena arena;
    arena_init(&arena);
    struct json_value v, again;
    char err[200] = "";
    if (json_parse(s, n, &arena, &v, err, sizeof err)) {
        check_value(&v);
        FUZZ_CHECK(json_get(&v, "xinwen") == NULL || v.kind == JSON_OBJECT);
        /* written out with json.h's escaping, it parses back to the same value */
        struct buf b;
        buf_init(&b, 0);
        put_value(&b, &v);
        FUZZ_CHECK(json_parse(b.data, b.len, &arena, &again, err, sizeof err));
        FUZZ_CHECK(same_value(&v, &again));
        buf_free(&b);
    } else {
        FUZZ_CHECK(err[0] != '\0');
    }
    arena_free(&arena);
}

/* The state's partial-state text, in a string the caller frees (length in *len). */
static char *written(const struct summary *s, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(summary_write_partial(s, out));
    FUZZ_CHECK(fclose(out) == 0);
    return text;
}

/* Reads text as a partial state into a state with settings (NULL: unset); NULL if it is not
 * one. */
static struct summary *read_state(const char *text, size_t n,
                                  const struct summary_settings *settings)
{
    char *copy = xmalloc(n); /* fmemopen takes a buffer it may write to */
    memcpy(copy, text, n);
    FILE *in = fmemopen(copy, n, "r");
    FUZZ_CHECK(in != NULL);
    struct summary *s = summary_new(settings);
    char err[600] = "";
    bool ok = summary_read_partial(s, in, err, sizeof err);
    fclose(in);
    free(copy);
    if (!ok) {
        FUZZ_CHECK(err[0] != '\0');
        summary_free(s);
        return NULL;
    }
    return s;
}

/* A state read without failure is written, read back and written again to the same bytes, and
 * reported. */
static void check_state(const struct summary *s, const struct config *config)
{
    size_t len, len_again;
    char *text = written(s, &len);
    struct summary *back = read_state(text, len, NULL);
    FUZZ_CHECK(back != NULL);
    char *again = written(back, &len_again);
    FUZZ_CHECK(len == len_again && memcmp(text, again, len) == 0);
    struct summary_report *r = summary_report_new(s, config->types, config->top);
    FUZZ_CHECK(r != NULL);
    summary_report_free(r);
    summary_free(back);
    free(text);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct config *config = fuzz_config("merge");
    static struct summary_settings defaults;
    static bool ready;
    if (!ready) {
        summary_settings_from(config, &defaults);
        ready = true;
    }
    const char *text = (const char *)data;
    fuzz_json(text, size);
    if (size == 0) /* fmemopen wants a buffer */
        return 0;

    struct summary *known = read_state(text, size, &defaults);
    struct summary *unset = read_state(text, size, NULL);
    if (known)
        check_state(known, config);
    if (unset)
        check_state(unset, config);
    char err[600];
    if (known && unset && summary_compatible(known, unset, err, sizeof err)) {
        summary_merge(known, unset);
        check_state(known, config);
    }
    summary_free(known);
    summary_free(unset);
    return 0;
}
