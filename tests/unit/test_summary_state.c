/* test_summary_state.c — unit tests for json.h's reader (json_parse, json_get), strmap.h, and
 * summary.h's state: digests folded, partial states written, read back, merged and rejected,
 * and the sorted report cut to --top. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "gazetteer.h"
#include "json.h"
#include "strmap.h"
#include "summary.h"

/* ---- json_parse ---- */

/* Parses text (copied to a heap block of exactly its length, so ASan sees any read past the
 * end) into *v in arena; err gets the reason on failure. */
static bool parse(const char *text, struct arena *arena, struct json_value *v, char *err,
                  size_t err_len)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);
    memcpy(copy, text, n);
    err[0] = '\0';
    bool ok = json_parse(copy, n, arena, v, err, err_len);
    free(copy); /* everything parsed lives in the arena, not in the input */
    return ok;
}

/* text is rejected with an error message that contains want. */
static void check_json_rejected(const char *text, const char *want)
{
    struct arena arena;
    arena_init(&arena);
    struct json_value v;
    char err[200];
    bool ok = parse(text, &arena, &v, err, sizeof err);
    CHECK(!ok);
    CHECK(strstr(err, want) != NULL);
    if (ok || !strstr(err, want))
        fprintf(stderr, "  input: %s\n  error: %s\n  want:  %s\n", text, ok ? "(accepted)" : err,
                want);
    arena_free(&arena);
}

/* text parses to an integer equal to want. */
static void check_json_integer(const char *text, long long want)
{
    struct arena arena;
    arena_init(&arena);
    struct json_value v;
    char err[200];
    bool ok = parse(text, &arena, &v, err, sizeof err);
    CHECK(ok);
    CHECK(ok && v.kind == JSON_INTEGER && v.integer == want);
    if (!ok)
        fprintf(stderr, "  input: %s\n  error: %s\n", text, err);
    arena_free(&arena);
}

/* n levels of arrays around 7, e.g. [[7]] for 2. */
static char *nested_arrays(int n)
{
    char *s = malloc((size_t)(2 * n + 2));
    memset(s, '[', (size_t)n);
    s[n] = '7';
    memset(s + n + 1, ']', (size_t)n);
    s[2 * n + 1] = '\0';
    return s;
}

/* n levels of objects around 7, e.g. {"k":{"k":7}} for 2. */
static char *nested_objects(int n)
{
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i < n; i++)
        buf_puts(&b, "{\"k\":");
    buf_putc(&b, '7');
    for (int i = 0; i < n; i++)
        buf_putc(&b, '}');
    return buf_steal(&b);
}

static void test_json_parse_values(void)
{
    struct arena arena;
    arena_init(&arena);
    struct json_value v;
    char err[200];

    /* An object with every kind of value, nested: kinds, counts, order and values kept. */
    CHECK(parse("{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"},\"f\":[]}", &arena, &v, err,
                sizeof err));
    CHECK(v.kind == JSON_OBJECT && v.count == 4);
    CHECK_STR(v.members[0].key, "a");
    CHECK_STR(v.members[3].key, "f");
    const struct json_value *a = json_get(&v, "a"), *b = json_get(&v, "b"), *c = json_get(&v, "c");
    CHECK(a && a->kind == JSON_INTEGER && a->integer == 1);
    CHECK(b && b->kind == JSON_ARRAY && b->count == 3);
    if (b && b->count == 3) {
        CHECK(b->members[0].key == NULL && b->members[0].value.kind == JSON_BOOL
              && b->members[0].value.boolean);
        CHECK(b->members[1].value.kind == JSON_BOOL && !b->members[1].value.boolean);
        CHECK(b->members[2].value.kind == JSON_NULL);
    }
    CHECK(c && c->kind == JSON_OBJECT && c->count == 1);
    const struct json_value *d = c ? json_get(c, "d") : NULL;
    CHECK(d && d->kind == JSON_STRING && d->len == 1);
    CHECK_STR(d ? d->string : NULL, "e");
    const struct json_value *f = json_get(&v, "f");
    CHECK(f && f->kind == JSON_ARRAY && f->count == 0);

    /* json_get: absent keys, a prefix of a key, and values that are not objects give NULL. */
    CHECK(json_get(&v, "z") == NULL);
    CHECK(json_get(&v, "") == NULL);
    CHECK(c && json_get(c, "a") == NULL); /* only the object's own members */
    CHECK(b && json_get(b, "a") == NULL);
    CHECK(a && json_get(a, "a") == NULL);
    CHECK(d && json_get(d, "e") == NULL);

    /* White space (space, tab, CR, LF) around the value and between tokens. */
    CHECK(parse(" \t\r\n{ \"x\" :\n[ 1 , -2 ]\t} \r\n", &arena, &v, err, sizeof err));
    CHECK(v.kind == JSON_OBJECT && v.count == 1);
    const struct json_value *x = json_get(&v, "x");
    CHECK(x && x->kind == JSON_ARRAY && x->count == 2 && x->members[0].value.integer == 1
          && x->members[1].value.integer == -2);
    CHECK(parse("  {  }  ", &arena, &v, err, sizeof err) && v.kind == JSON_OBJECT && v.count == 0);
    CHECK(parse("[\n]", &arena, &v, err, sizeof err) && v.kind == JSON_ARRAY && v.count == 0);
    CHECK(parse("null", &arena, &v, err, sizeof err) && v.kind == JSON_NULL);
    CHECK(parse(" true ", &arena, &v, err, sizeof err) && v.kind == JSON_BOOL && v.boolean);

    /* Every escape, \u in both cases, BMP code points and a surrogate pair → 4-byte UTF-8. */
    CHECK(parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t|\\u00e9\\u4E2D|\\ud83d\\ude00|\\uD83D\\uDE00\"",
                &arena, &v, err, sizeof err));
    static const char want_escapes[] = "\"\\/\b\f\n\r\t|\xC3\xA9\xE4\xB8\xAD|\xF0\x9F\x98\x80|"
                                       "\xF0\x9F\x98\x80";
    CHECK(v.kind == JSON_STRING);
    CHECK(v.len == sizeof want_escapes - 1);
    CHECK(v.string && memcmp(v.string, want_escapes, sizeof want_escapes) == 0); /* and NUL */

    /* The highest code point, and raw UTF-8 passed through unchanged. */
    CHECK(parse("\"\\udbff\\udfff新华社\"", &arena, &v, err, sizeof err));
    CHECK(v.kind == JSON_STRING && v.len == 4 + strlen("新华社"));
    CHECK(v.string && memcmp(v.string, "\xF4\x8F\xBF\xBF新华社", v.len + 1) == 0);

    /* The empty string; an escaped key found by its decoded name. */
    CHECK(parse("\"\"", &arena, &v, err, sizeof err) && v.kind == JSON_STRING && v.len == 0);
    CHECK_STR(v.string, "");
    CHECK(parse("{\"\\u4e2d\\n\":5}", &arena, &v, err, sizeof err));
    const struct json_value *zh = json_get(&v, "中\n");
    CHECK(zh && zh->integer == 5);

    /* Only n bytes are read: what follows them is not part of the text. */
    CHECK(json_parse("[1]xyz", 3, &arena, &v, err, sizeof err) && v.kind == JSON_ARRAY);
    CHECK(json_parse("12345", 2, &arena, &v, err, sizeof err) && v.integer == 12);

    /* The parsed strings outlive the input (they are copies in the arena). */
    char input[] = "{\"key\":\"value\"}";
    CHECK(json_parse(input, strlen(input), &arena, &v, err, sizeof err));
    memset(input, 'x', strlen(input));
    CHECK_STR(v.members[0].key, "key");
    CHECK_STR(v.members[0].value.string, "value");

    arena_free(&arena);

    /* Integers: zero, negative zero, negatives, and both ends of long long. */
    check_json_integer("0", 0);
    check_json_integer("-0", 0);
    check_json_integer("-5", -5);
    check_json_integer("10", 10);
    check_json_integer("9223372036854775807", LLONG_MAX);
    check_json_integer("-9223372036854775808", LLONG_MIN);
    check_json_integer(" 42 ", 42);
}

static void test_json_parse_rejections(void)
{
    /* Integers one past either end of long long, and past unsigned long long. */
    check_json_rejected("9223372036854775808", "number out of range");
    check_json_rejected("-9223372036854775809", "number out of range");
    check_json_rejected("18446744073709551616", "number out of range");
    check_json_rejected("[99999999999999999999999]", "number out of range");

    /* Fractions, exponents, leading zeros, signs JSON does not have. */
    check_json_rejected("1.5", "not an integer");
    check_json_rejected("-1.0", "not an integer");
    check_json_rejected("1e3", "not an integer");
    check_json_rejected("1E3", "not an integer");
    check_json_rejected("{\"a\":2.0}", "not an integer");
    check_json_rejected("01", "invalid number");
    check_json_rejected("-01", "invalid number");
    check_json_rejected("00", "invalid number");
    check_json_rejected("-", "invalid number");
    check_json_rejected("+1", "invalid number");

    /* Text after the value; the offset is 1-based. */
    check_json_rejected("[1] x", "text after the value at byte 5");
    check_json_rejected("{} {}", "text after the value");
    check_json_rejected("nulll", "text after the value");
    check_json_rejected("12a", "text after the value");
    check_json_rejected("1.5", "at byte 2");

    /* Strings: unterminated, raw control characters, bad escapes. */
    check_json_rejected("\"abc", "unterminated string");
    check_json_rejected("\"abc\\", "unterminated string");
    check_json_rejected("[\"abc]", "unterminated string");
    check_json_rejected("\"a\nb\"", "control character in a string");
    check_json_rejected("\"a\tb\"", "control character in a string");
    check_json_rejected("\"\x01\"", "control character in a string");
    check_json_rejected("\"ab\\qc\"", "invalid escape at byte 5");
    check_json_rejected("\"\\x41\"", "invalid escape");
    check_json_rejected("\"\\u12\"", "invalid \\u escape");
    check_json_rejected("\"\\u12g4\"", "invalid \\u escape");

    /* Invalid UTF-8: a stray byte, a continuation byte alone, a truncated sequence, an overlong
     * form, an encoded surrogate. */
    check_json_rejected("\"\xff\"", "invalid UTF-8");
    check_json_rejected("\"a\x80\"", "invalid UTF-8");
    check_json_rejected("\"\xe4\xb8\"", "invalid UTF-8");
    check_json_rejected("\"\xe4\xb8", "invalid UTF-8");
    check_json_rejected("\"\xc0\xaf\"", "invalid UTF-8");
    check_json_rejected("\"\xed\xa0\x80\"", "invalid UTF-8");
    check_json_rejected("{\"\xff\":1}", "invalid UTF-8");

    /* \u0000 (the strings are NUL-terminated), in a value and in a key. */
    check_json_rejected("\"a\\u0000b\"", "\\u0000");
    check_json_rejected("{\"\\u0000\":1}", "\\u0000");

    /* Surrogates: a lone low one, a high one alone, at the end, before a non-surrogate escape,
     * before another high one, before plain text. */
    check_json_rejected("\"\\udc00\"", "unpaired surrogate");
    check_json_rejected("\"\\ude00\\ud83d\"", "unpaired surrogate");
    check_json_rejected("\"\\ud83d\"", "unpaired surrogate");
    check_json_rejected("\"\\ud83d", "unpaired surrogate");
    check_json_rejected("\"\\ud83d\\u0041\"", "unpaired surrogate");
    check_json_rejected("\"\\ud83d\\ud83d\"", "unpaired surrogate");
    check_json_rejected("\"\\ud83d\\ue000\"", "unpaired surrogate");
    check_json_rejected("\"\\ud83dxxxxxx\"", "unpaired surrogate");

    /* Empty input, white space only, bare or truncated words. */
    check_json_rejected("", "unexpected end");
    check_json_rejected(" \n\t ", "unexpected end");
    check_json_rejected("tru", "unexpected character");
    check_json_rejected("nul", "unexpected character");
    check_json_rejected("fals", "unexpected character");
    check_json_rejected("[true,nul]", "unexpected character");
    check_json_rejected("True", "invalid number");
    check_json_rejected("hello", "invalid number");

    /* Broken containers. */
    check_json_rejected("[", "unexpected end");
    check_json_rejected("[1,]", "invalid number");
    check_json_rejected("[1 2]", "expected ',' or ']'");
    check_json_rejected("{\"a\":1", "expected ',' or '}'");
    check_json_rejected("{\"a\" 1}", "expected ':'");
    check_json_rejected("{1:2}", "expected a member name");
    check_json_rejected("{\"a\":1,}", "expected a member name");
    check_json_rejected("{\"a\":}", "invalid number");
}

static void test_json_parse_depth(void)
{
    struct arena arena;
    arena_init(&arena);
    struct json_value v;
    char err[200];

    /* JSON_DEPTH_MAX is 32: 32 nested containers are accepted, 33 are not (arrays, objects, and
     * a mix of both). */
    char *s = nested_arrays(32);
    CHECK(parse(s, &arena, &v, err, sizeof err));
    const struct json_value *inner = &v;
    int levels = 0;
    while (inner->kind == JSON_ARRAY && inner->count == 1) {
        inner = &inner->members[0].value;
        levels++;
    }
    CHECK(levels == 32 && inner->kind == JSON_INTEGER && inner->integer == 7);
    free(s);
    s = nested_arrays(33);
    check_json_rejected(s, "nesting too deep");
    free(s);
    s = nested_arrays(1000);
    check_json_rejected(s, "nesting too deep");
    free(s);

    s = nested_objects(32);
    CHECK(parse(s, &arena, &v, err, sizeof err));
    free(s);
    s = nested_objects(33);
    check_json_rejected(s, "nesting too deep");
    free(s);

    struct buf mixed;
    buf_init(&mixed, 0);
    for (int i = 0; i < 16; i++)
        buf_puts(&mixed, "[{\"k\":");
    buf_puts(&mixed, "[]"); /* the 33rd container */
    for (int i = 0; i < 16; i++)
        buf_puts(&mixed, "}]");
    check_json_rejected(mixed.data, "nesting too deep");
    buf_reset(&mixed);
    for (int i = 0; i < 16; i++)
        buf_puts(&mixed, "[{\"k\":");
    buf_puts(&mixed, "1"); /* 32 containers */
    for (int i = 0; i < 16; i++)
        buf_puts(&mixed, "}]");
    CHECK(parse(mixed.data, &arena, &v, err, sizeof err));
    buf_free(&mixed);

    /* Depth is nesting, not length: many siblings at one level are fine. */
    struct buf wide;
    buf_init(&wide, 0);
    buf_putc(&wide, '[');
    for (int i = 0; i < 1000; i++)
        buf_puts(&wide, i ? ",[]" : "[]");
    buf_putc(&wide, ']');
    CHECK(parse(wide.data, &arena, &v, err, sizeof err) && v.count == 1000);
    buf_free(&wide);

    arena_free(&arena);
}

/* ---- strmap ---- */

static void test_strmap(void)
{
    struct arena arena;
    arena_init(&arena);
    struct strmap m;
    strmap_init(&m, &arena);

    /* An empty map finds nothing (and has no slots to probe). */
    CHECK(strmap_get(&m, "a", 1) == NULL);
    CHECK(strmap_get(&m, "", 0) == NULL);
    CHECK(m.count == 0 && m.cap == 0);

    /* 10,000 keys force many grows: each new value comes zeroed with created set, a second put
     * of the same key gives the same value with created clear, and every key is found again. */
    enum { MANY = 10000 };
    char key[32];
    bool all_created = true, all_zero = true, never_full = true;
    for (int i = 0; i < MANY; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        bool created = false;
        long *value = strmap_put(&m, key, (size_t)n, sizeof *value, &created);
        all_created = all_created && created;
        all_zero = all_zero && *value == 0;
        *value = (long)i * 7 + 1;
        never_full = never_full && m.count * 4 <= m.cap * 3; /* at most three quarters full */
    }
    CHECK(all_created);
    CHECK(all_zero);
    CHECK(never_full);
    CHECK(m.count == MANY);
    CHECK(m.cap >= 16384 && (m.cap & (m.cap - 1)) == 0); /* a power of two */

    bool all_found = true, none_created = true, same_value = true;
    for (int i = 0; i < MANY; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        long *got = strmap_get(&m, key, (size_t)n);
        all_found = all_found && got && *got == (long)i * 7 + 1;
        bool created = true;
        long *again = strmap_put(&m, key, (size_t)n, sizeof *again, &created);
        none_created = none_created && !created;
        same_value = same_value && again == got;
    }
    CHECK(all_found);
    CHECK(none_created);
    CHECK(same_value);
    CHECK(m.count == MANY);

    /* Absent keys: never inserted, a prefix of one, one with a byte more. */
    CHECK(strmap_get(&m, "key-10000", 9) == NULL);
    CHECK(strmap_get(&m, "key-", 4) == NULL);
    CHECK(strmap_get(&m, "key-1", 4) == NULL);
    CHECK(strmap_get(&m, "key-12x", 7) == NULL);
    CHECK(strmap_get(&m, "", 0) == NULL);

    /* Iterating the slots sees each key once, as an arena copy NUL-terminated after len. */
    size_t occupied = 0;
    bool terminated = true;
    for (size_t i = 0; i < m.cap; i++) {
        if (!m.slots[i].key)
            continue;
        occupied++;
        terminated = terminated && m.slots[i].key[m.slots[i].len] == '\0'
                     && strlen(m.slots[i].key) == m.slots[i].len;
    }
    CHECK(occupied == MANY);
    CHECK(terminated);
    strmap_free(&m);
    CHECK(m.slots == NULL && m.cap == 0 && m.count == 0);
    CHECK(strmap_get(&m, "key-1", 5) == NULL); /* usable again after strmap_free */

    /* Keys are compared by length: NUL bytes inside make distinct keys, distinct from their
     * prefixes; the empty key is a key too. */
    strmap_init(&m, &arena);
    static const struct {
        const char *key;
        size_t len;
    } keys[] = {{"a", 1}, {"a\0", 2}, {"a\0b", 3}, {"a\0c", 3}, {"\0", 1}, {"", 0}, {"a\0b\0", 4}};
    enum { NKEYS = sizeof keys / sizeof keys[0] };
    for (int i = 0; i < NKEYS; i++) {
        bool created = false;
        int *value = strmap_put(&m, keys[i].key, keys[i].len, sizeof *value, &created);
        CHECK(created);
        *value = 100 + i;
    }
    CHECK(m.count == NKEYS);
    for (int i = 0; i < NKEYS; i++) {
        int *value = strmap_get(&m, keys[i].key, keys[i].len);
        CHECK(value && *value == 100 + i);
    }
    CHECK(strmap_get(&m, "a\0d", 3) == NULL);
    CHECK(strmap_get(&m, "\0\0", 2) == NULL);
    bool exact_copy = false;
    for (size_t i = 0; i < m.cap; i++)
        if (m.slots[i].key && m.slots[i].len == 3 && memcmp(m.slots[i].key, "a\0b", 4) == 0)
            exact_copy = true; /* the whole key, NULs included, then a NUL */
    CHECK(exact_copy);

    /* The key is copied: changing the caller's bytes afterwards changes nothing; created may be
     * NULL; a value size of 0 still gives a usable pointer. */
    char mutable_key[] = "北京";
    int *value = strmap_put(&m, mutable_key, strlen(mutable_key), sizeof *value, NULL);
    *value = 42;
    memcpy(mutable_key, "上海", strlen("上海"));
    CHECK(strmap_get(&m, mutable_key, strlen(mutable_key)) == NULL);
    value = strmap_get(&m, "北京", strlen("北京"));
    CHECK(value && *value == 42);
    CHECK(strmap_put(&m, "zero", 4, 0, NULL) != NULL);
    CHECK(strmap_get(&m, "zero", 4) != NULL);
    strmap_free(&m);
    arena_free(&arena);
}

/* ---- summary: digests, partial states, merging, the report ---- */

#define ALL_TYPES                                                                                  \
    ((1u << ENTITY_PERSON) | (1u << ENTITY_COUNTRY) | (1u << ENTITY_PLACE) | (1u << ENTITY_ORG)    \
     | (1u << ENTITY_DATE))

/* A NUL-terminated digest field. */
static void field(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s) + 1);
}

/* Starts a digest: the day ("" undated) and the source ("" none). */
static void digest_begin(struct buf *b, const char *day, const char *source)
{
    buf_reset(b);
    field(b, day);
    field(b, source);
}

/* Appends an entity: its type's digit and name, mention count, code, title and country. */
static void digest_entity(struct buf *b, enum entity_type type, const char *name, int mentions,
                          const char *code, const char *role, const char *country)
{
    char count[16];
    snprintf(count, sizeof count, "%d", mentions);
    buf_putc(b, (char)('0' + type));
    field(b, name);
    field(b, count);
    field(b, code);
    field(b, role);
    field(b, country);
}

/* Folds the digest into s, from a heap copy of exactly its length (ASan: no read past it). */
static void digest_add(struct summary *s, const struct buf *b)
{
    char *copy = malloc(b->len ? b->len : 1);
    memcpy(copy, b->data, b->len);
    summary_add_digest(s, copy, b->len);
    free(copy);
}

/* The four articles most tests count:
 * 1: 2021-09-04 Alpha — persons Zed (3, minister, CN) and Amy (1, president), countries China
 *    (2, CN) and Bhutan (1, BT), org UN;
 * 2: 2021-10-26 Beta — Zed (2, premier, CN), place 北京 (country CN), China (1, CN), org EU;
 * 3: undated, no source — Amy (1, vice president), date 2021年;
 * 4: 2021-06-01 Alpha — Amy (2, vice president), Bhutan (1, BT). */
static void add_article(struct summary *s, int which)
{
    struct buf b;
    buf_init(&b, 0);
    switch (which) {
    case 1:
        digest_begin(&b, "2021-09-04", "Alpha");
        digest_entity(&b, ENTITY_PERSON, "Zed", 3, "", "minister", "CN");
        digest_entity(&b, ENTITY_PERSON, "Amy", 1, "", "president", "");
        digest_entity(&b, ENTITY_COUNTRY, "China", 2, "CN", "", "");
        digest_entity(&b, ENTITY_COUNTRY, "Bhutan", 1, "BT", "", "");
        digest_entity(&b, ENTITY_ORG, "UN", 1, "", "", "");
        break;
    case 2:
        digest_begin(&b, "2021-10-26", "Beta");
        digest_entity(&b, ENTITY_PERSON, "Zed", 2, "", "premier", "CN");
        digest_entity(&b, ENTITY_PLACE, "北京", 1, "", "", "CN");
        digest_entity(&b, ENTITY_COUNTRY, "China", 1, "CN", "", "");
        digest_entity(&b, ENTITY_ORG, "EU", 1, "", "", "");
        break;
    case 3:
        digest_begin(&b, "", "");
        digest_entity(&b, ENTITY_PERSON, "Amy", 1, "", "vice president", "");
        digest_entity(&b, ENTITY_DATE, "2021年", 1, "", "", "");
        break;
    default:
        digest_begin(&b, "2021-06-01", "Alpha");
        digest_entity(&b, ENTITY_PERSON, "Amy", 2, "", "vice president", "");
        digest_entity(&b, ENTITY_COUNTRY, "Bhutan", 1, "BT", "", "");
        break;
    }
    digest_add(s, &b);
    buf_free(&b);
}

static struct summary_settings settings_of(enum summary_by by, unsigned types, int tz)
{
    struct summary_settings st;
    memset(&st, 0, sizeof st);
    st.by = by;
    st.types = types;
    st.tz_offset = tz;
    return st;
}

/* A state of the articles listed (0-terminated). */
static struct summary *state_of(const struct summary_settings *st, const int *articles)
{
    struct summary *s = summary_new(st);
    for (; *articles; articles++)
        add_article(s, *articles);
    return s;
}

/* The partial state of s as a string (written to a temporary file and read back). */
static char *partial_of(const struct summary *s)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return strdup("");
    CHECK(summary_write_partial(s, f));
    long size = ftell(f);
    rewind(f);
    char *text = malloc(size > 0 ? (size_t)size + 1 : 1);
    size_t got = size > 0 ? fread(text, 1, (size_t)size, f) : 0;
    text[got] = '\0';
    fclose(f);
    return text;
}

/* Reads text as partial-state lines into s; false with err on a rejection. */
static bool read_text_into(struct summary *s, const char *text, char *err, size_t err_len)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return false;
    fputs(text, f);
    rewind(f);
    err[0] = '\0';
    bool ok = summary_read_partial(s, f, err, err_len);
    fclose(f);
    return ok;
}

/* Reads text into a fresh unset state and writes that state again; NULL (err set) when the
 * text is rejected. */
static char *reread(const char *text, char *err, size_t err_len)
{
    struct summary *s = summary_new(NULL);
    char *out = read_text_into(s, text, err, err_len) ? partial_of(s) : NULL;
    summary_free(s);
    return out;
}

/* text has line (whole) as one of its lines. */
static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && p[n] == '\n')
            return true;
    return false;
}

#define CHECK_LINE(text, line)                                                                     \
    do {                                                                                           \
        CHECK(has_line(text, line));                                                               \
        if (!has_line(text, line))                                                                 \
            fprintf(stderr, "  no line: %s\n", line);                                              \
    } while (0)

#define CHECK_PREFIX(text, prefix)                                                                 \
    do {                                                                                           \
        CHECK(strncmp(text, prefix, strlen(prefix)) == 0);                                         \
        if (strncmp(text, prefix, strlen(prefix)) != 0)                                            \
            fprintf(stderr, "  got:\n%.*s  want:\n%s", (int)strlen(prefix), text, prefix);         \
    } while (0)

/* Lines of text in reverse order. */
static char *reverse_lines(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1);
    size_t at = 0, end = n;
    while (end > 0) {
        size_t start = end - 1; /* end - 1 is the line's '\n' */
        while (start > 0 && text[start - 1] != '\n')
            start--;
        memcpy(out + at, text + start, end - start);
        at += end - start;
        end = start;
    }
    out[at] = '\0';
    return out;
}

/* One table as "key[-with]:count/articles[ code=…][ role=…][ first..last]" rows joined by
 * "; " (a NULL key shows as "(none)"). */
static char *table_text(const struct summary_table *t)
{
    struct buf b;
    buf_init(&b, 0);
    for (size_t i = 0; t && i < t->count; i++) {
        const struct summary_row *r = &t->rows[i];
        if (i)
            buf_puts(&b, "; ");
        buf_puts(&b, r->key ? r->key : "(none)");
        if (r->with)
            buf_printf(&b, "-%s", r->with);
        buf_printf(&b, ":%lld/%lld", r->count, r->articles);
        if (r->code)
            buf_printf(&b, " code=%s", r->code);
        if (r->role)
            buf_printf(&b, " role=%s", r->role);
        if (r->first || r->last)
            buf_printf(&b, " %s..%s", r->first ? r->first : "", r->last ? r->last : "");
    }
    return buf_steal(&b);
}

static const struct summary_table *table_named(const struct summary_group *g, const char *name)
{
    for (size_t i = 0; i < g->table_count; i++)
        if (strcmp(g->tables[i].name, name) == 0)
            return &g->tables[i];
    return NULL;
}

/* The named table of g renders as want and had total keys before the cut. */
static void check_table(const struct summary_group *g, const char *name, const char *want,
                        size_t total)
{
    const struct summary_table *t = table_named(g, name);
    CHECK(t != NULL);
    if (!t) {
        fprintf(stderr, "  no table %s\n", name);
        return;
    }
    char *got = table_text(t);
    CHECK_STR(got, want);
    CHECK(t->total == total);
    if (t->total != total)
        fprintf(stderr, "  table %s: total %zu, want %zu\n", name, t->total, total);
    free(got);
}

/* The names of g's tables, comma-separated. */
static char *table_names(const struct summary_group *g)
{
    struct buf b;
    buf_init(&b, 0);
    for (size_t i = 0; i < g->table_count; i++)
        buf_printf(&b, "%s%s", i ? "," : "", g->tables[i].name);
    return buf_steal(&b);
}

static const int ALL_ARTICLES[] = {1, 2, 3, 4, 0};

static void test_summary_report(void)
{
    struct summary_settings st = settings_of(BY_NONE, ALL_TYPES, 480);
    struct summary *s = state_of(&st, ALL_ARTICLES);
    summary_add_errors(s, 2);

    /* All rows (top 0): totals, days, every table in its order and sorted by count then name;
     * a person's most frequent title with ties to the bytewise smallest (Zed: minister and
     * premier once each); countries of places and persons as their code; first/last from dated
     * articles only; pairs counted once per article, same-type pair members ordered. */
    struct summary_report *r = summary_report_new(s, ALL_TYPES, 0);
    CHECK(r->by == BY_NONE);
    CHECK(r->articles == 4 && r->undated == 1 && r->errors == 2);
    CHECK_STR(r->first, "2021-06-01");
    CHECK_STR(r->last, "2021-10-26");
    CHECK(r->group_count == 1);
    const struct summary_group *g = &r->groups[0];
    CHECK(g->key == NULL && g->articles == 4 && g->undated == 1);
    CHECK_STR(g->first, "2021-06-01");
    CHECK_STR(g->last, "2021-10-26");
    char *names = table_names(g);
    CHECK_STR(names, "source,month,person,country,place,org,date,person-country,person-person,"
                     "country-country");
    free(names);
    check_table(g, "source", "Alpha:2/2; Beta:1/1; (none):1/1", 3);
    check_table(g, "month", "2021-06:1/1; 2021-09:1/1; 2021-10:1/1", 3);
    check_table(g, "person",
                "Zed:5/2 code=CN role=minister 2021-09-04..2021-10-26; "
                "Amy:4/3 role=vice president 2021-06-01..2021-09-04",
                2);
    check_table(g, "country",
                "China:3/2 code=CN 2021-09-04..2021-10-26; Bhutan:2/2 code=BT "
                "2021-06-01..2021-09-04",
                2);
    check_table(g, "place", "北京:1/1 code=CN 2021-10-26..2021-10-26", 1);
    check_table(g, "org", "EU:1/1 2021-10-26..2021-10-26; UN:1/1 2021-09-04..2021-09-04", 2);
    check_table(g, "date", "2021年:1/1", 1);
    check_table(g, "person-country", "Amy-Bhutan:2/2; Zed-China:2/2; Amy-China:1/1; Zed-Bhutan:1/1",
                4);
    check_table(g, "person-person", "Amy-Zed:1/1", 1);
    check_table(g, "country-country", "Bhutan-China:1/1", 1);
    const struct summary_table *t = table_named(g, "person");
    CHECK(t && t->kind == TABLE_ENTITIES && t->type == ENTITY_PERSON);
    t = table_named(g, "person-person");
    CHECK(t && t->kind == TABLE_PAIRS && t->rows[0].with != NULL);
    t = table_named(g, "month");
    CHECK(t && t->kind == TABLE_MONTHS);
    summary_report_free(r);

    /* Top 1: one row per table, months all the same (time order, never cut), and total still
     * the number of keys before the cut. */
    r = summary_report_new(s, ALL_TYPES, 1);
    g = &r->groups[0];
    check_table(g, "source", "Alpha:2/2", 3);
    check_table(g, "month", "2021-06:1/1; 2021-09:1/1; 2021-10:1/1", 3);
    check_table(g, "person", "Zed:5/2 code=CN role=minister 2021-09-04..2021-10-26", 2);
    check_table(g, "org", "EU:1/1 2021-10-26..2021-10-26", 2);
    check_table(g, "person-country", "Amy-Bhutan:2/2", 4);
    check_table(g, "country-country", "Bhutan-China:1/1", 1);
    CHECK(r->articles == 4);
    summary_report_free(r);

    /* The types asked for select tables; a pair table needs both its types. */
    r = summary_report_new(s, 1u << ENTITY_PERSON, 0);
    names = table_names(&r->groups[0]);
    CHECK_STR(names, "source,month,person,person-person");
    free(names);
    summary_report_free(r);
    r = summary_report_new(s, (1u << ENTITY_COUNTRY) | (1u << ENTITY_DATE), 2);
    names = table_names(&r->groups[0]);
    CHECK_STR(names, "source,month,country,date,country-country");
    free(names);
    summary_report_free(r);
    summary_free(s);

    /* Types not counted (--types) are not reported even when asked for, and their pairs are not
     * counted. */
    st = settings_of(BY_NONE, 1u << ENTITY_PERSON, 0);
    s = state_of(&st, (const int[]){1, 0});
    r = summary_report_new(s, ALL_TYPES, 0);
    names = table_names(&r->groups[0]);
    CHECK_STR(names, "source,month,person,person-person");
    free(names);
    check_table(&r->groups[0], "person-person", "Amy-Zed:1/1", 1);
    summary_report_free(r);
    char *text = partial_of(s);
    CHECK(strstr(text, "\"pair\":\"person-country\"") == NULL);
    CHECK(strstr(text, "\"pair\":\"country-country\"") == NULL);
    free(text);
    summary_free(s);

    /* One article naming two persons and two countries: 1 person-person pair, 4 person-country
     * pairs, 1 country-country pair, same-type members in byte order whatever the digest order
     * (张 E5 BC A0 < 李 E6 9D 8E; 中 E4 B8 AD < 美 E7 BE 8E). A second article with the same
     * names counts each pair once more. */
    st = settings_of(BY_NONE, ALL_TYPES, 0);
    s = summary_new(&st);
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 2; i++) {
        digest_begin(&b, "2022-01-15", "观察者网");
        digest_entity(&b, ENTITY_PERSON, "李四", 2, "", "", "");
        digest_entity(&b, ENTITY_COUNTRY, "美国", 1, "US", "", "");
        digest_entity(&b, ENTITY_PERSON, "张三", 1, "", "", "");
        digest_entity(&b, ENTITY_COUNTRY, "中国", 4, "CN", "", "");
        digest_add(s, &b);
        if (i == 0) {
            r = summary_report_new(s, ALL_TYPES, 0);
            g = &r->groups[0];
            check_table(g, "person-person", "张三-李四:1/1", 1);
            check_table(g, "country-country", "中国-美国:1/1", 1);
            check_table(g, "person-country",
                        "张三-中国:1/1; 张三-美国:1/1; 李四-中国:1/1; 李四-美国:1/1", 4);
            summary_report_free(r);
        }
    }
    r = summary_report_new(s, ALL_TYPES, 0);
    g = &r->groups[0];
    CHECK(r->articles == 2);
    check_table(g, "person-person", "张三-李四:2/2", 1);
    check_table(g, "country-country", "中国-美国:2/2", 1);
    check_table(g, "person", "李四:4/2 2022-01-15..2022-01-15; 张三:2/2 2022-01-15..2022-01-15", 2);
    check_table(g, "source", "观察者网:2/2", 1);
    summary_report_free(r);

    /* An entity's code is the bytewise smallest seen; a title seen more often beats a smaller
     * one; an empty digest counts nothing. */
    digest_begin(&b, "2022-01-16", "观察者网");
    digest_entity(&b, ENTITY_COUNTRY, "美国", 1, "UM", "", "");
    digest_entity(&b, ENTITY_PERSON, "张三", 1, "", "b-title", "");
    digest_add(s, &b);
    digest_begin(&b, "2022-01-17", "观察者网");
    digest_entity(&b, ENTITY_COUNTRY, "美国", 1, "UZ", "", "");
    digest_entity(&b, ENTITY_PERSON, "张三", 1, "", "b-title", "");
    digest_add(s, &b);
    digest_begin(&b, "2022-01-18", "观察者网");
    digest_entity(&b, ENTITY_PERSON, "张三", 1, "", "a-title", "");
    digest_add(s, &b);
    summary_add_digest(s, "", 0);
    buf_free(&b);
    r = summary_report_new(s, ALL_TYPES, 0);
    g = &r->groups[0];
    CHECK(r->articles == 5);
    CHECK_STR(r->last, "2022-01-18");
    check_table(g, "country",
                "中国:8/2 code=CN 2022-01-15..2022-01-15; 美国:4/4 code=UM 2022-01-15..2022-01-17",
                2);
    check_table(g, "person",
                "张三:5/5 role=b-title 2022-01-15..2022-01-18; 李四:4/2 2022-01-15..2022-01-15", 2);
    summary_report_free(r);
    summary_free(s);

    /* An empty state still reports one group with every table, all empty. */
    st = settings_of(BY_MONTH, ALL_TYPES, 0);
    s = summary_new(&st);
    r = summary_report_new(s, ALL_TYPES, 0);
    CHECK(r->articles == 0 && r->first == NULL && r->last == NULL && r->group_count == 1);
    CHECK(r->groups[0].table_count == 10 && r->groups[0].tables[2].count == 0
          && r->groups[0].tables[2].total == 0);
    summary_report_free(r);
    summary_free(s);
}

static void test_summary_sparse_digests(void)
{
    /* A fresh state whose first article names a person but no country, then one naming no
     * entity at all: pair counting has nothing to pair (and its scratch arrays are not
     * allocated yet, which must not reach qsort as a NULL base under UBSan). */
    struct summary_settings st = settings_of(BY_NONE, ALL_TYPES, 0);
    struct summary *s = state_of(&st, (const int[]){3, 0});
    struct buf b;
    buf_init(&b, 0);
    digest_begin(&b, "2021-01-02", "Gamma");
    digest_add(s, &b);
    buf_free(&b);
    struct summary_report *r = summary_report_new(s, ALL_TYPES, 0);
    CHECK(r->articles == 2 && r->undated == 1);
    CHECK_STR(r->first, "2021-01-02");
    check_table(&r->groups[0], "person", "Amy:1/1 role=vice president", 1);
    check_table(&r->groups[0], "source", "Gamma:1/1; (none):1/1", 2);
    check_table(&r->groups[0], "person-country", "", 0);
    check_table(&r->groups[0], "person-person", "", 0);
    summary_report_free(r);
    summary_free(s);

    /* The same with a country but no person first. */
    s = summary_new(&st);
    buf_init(&b, 0);
    digest_begin(&b, "2021-01-03", "Gamma");
    digest_entity(&b, ENTITY_COUNTRY, "China", 1, "CN", "", "");
    digest_add(s, &b);
    buf_free(&b);
    r = summary_report_new(s, ALL_TYPES, 0);
    check_table(&r->groups[0], "country", "China:1/1 code=CN 2021-01-03..2021-01-03", 1);
    check_table(&r->groups[0], "country-country", "", 0);
    summary_report_free(r);
    summary_free(s);
}

static void test_summary_groups(void)
{
    /* --by month: one group per month in time order, articles without a day last; each group
     * with its own counts. */
    struct summary_settings st = settings_of(BY_MONTH, ALL_TYPES, 0);
    struct summary *s = state_of(&st, ALL_ARTICLES);
    struct summary_report *r = summary_report_new(s, ALL_TYPES, 0);
    CHECK(r->by == BY_MONTH && r->group_count == 4 && r->articles == 4 && r->undated == 1);
    CHECK_STR(r->first, "2021-06-01"); /* across the groups */
    CHECK_STR(r->last, "2021-10-26");
    if (r->group_count == 4) {
        CHECK_STR(r->groups[0].key, "2021-06");
        CHECK_STR(r->groups[1].key, "2021-09");
        CHECK_STR(r->groups[2].key, "2021-10");
        CHECK(r->groups[3].key == NULL && r->groups[3].undated == 1 && r->groups[3].articles == 1);
        check_table(&r->groups[1], "person",
                    "Zed:3/1 code=CN role=minister 2021-09-04..2021-09-04; Amy:1/1 role=president "
                    "2021-09-04..2021-09-04",
                    2);
        check_table(&r->groups[1], "person-country",
                    "Amy-Bhutan:1/1; Amy-China:1/1; Zed-Bhutan:1/1; Zed-China:1/1", 4);
        check_table(&r->groups[3], "person", "Amy:1/1 role=vice president", 1);
        check_table(&r->groups[3], "source", "(none):1/1", 1);
        CHECK(r->groups[3].first == NULL);
    }
    summary_report_free(r);

    /* Its partial state names the group on every line, null for the undated one. */
    char *text = partial_of(s);
    CHECK_LINE(text, "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"month\",\"types\":"
                     "\"person,country,place,org,date\",\"since\":null,\"until\":null,\"tz\":0}");
    CHECK_LINE(text, "{\"group\":\"2021-09\",\"articles\":1,\"undated\":0,\"first\":\"2021-09-04\","
                     "\"last\":\"2021-09-04\"}");
    CHECK_LINE(text, "{\"group\":null,\"articles\":1,\"undated\":1,\"first\":null,\"last\":null}");
    CHECK_LINE(text, "{\"group\":\"2021-09\",\"pair\":\"person-person\",\"a\":\"Amy\",\"b\":"
                     "\"Zed\",\"articles\":1}");
    CHECK_LINE(text, "{\"group\":null,\"source\":null,\"articles\":1}");
    char err[300];
    char *again = reread(text, err, sizeof err);
    CHECK_STR(again, text);
    free(again);
    free(text);
    summary_free(s);

    /* --by source: groups by articles, most first, no source last. */
    st = settings_of(BY_SOURCE, ALL_TYPES, 0);
    s = state_of(&st, ALL_ARTICLES);
    r = summary_report_new(s, ALL_TYPES, 0);
    CHECK(r->group_count == 3);
    if (r->group_count == 3) {
        CHECK_STR(r->groups[0].key, "Alpha");
        CHECK(r->groups[0].articles == 2);
        CHECK_STR(r->groups[0].first, "2021-06-01");
        CHECK_STR(r->groups[0].last, "2021-09-04");
        CHECK_STR(r->groups[1].key, "Beta");
        CHECK(r->groups[2].key == NULL);
    }
    summary_report_free(r);
    summary_free(s);

    /* --by year: the first four characters of the day. */
    st = settings_of(BY_YEAR, ALL_TYPES, 0);
    s = state_of(&st, ALL_ARTICLES);
    r = summary_report_new(s, ALL_TYPES, 0);
    CHECK(r->group_count == 2);
    if (r->group_count == 2) {
        CHECK_STR(r->groups[0].key, "2021");
        CHECK(r->groups[0].articles == 3 && r->groups[0].undated == 0);
        CHECK(r->groups[1].key == NULL && r->groups[1].undated == 1);
    }
    summary_report_free(r);
    summary_free(s);
}

static void test_summary_partial_round_trip(void)
{
    char err[300];

    /* The partial form: header, errors, group, then sources, months, entities and pairs, each
     * sorted, with the exact counts. */
    struct summary_settings st = settings_of(BY_NONE, ALL_TYPES, 480);
    struct summary *all = state_of(&st, ALL_ARTICLES);
    summary_add_errors(all, 5);
    char *text = partial_of(all);
    CHECK_PREFIX(text, "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\",\"types\":"
                       "\"person,country,place,org,date\",\"since\":null,\"until\":null,"
                       "\"tz\":480}\n"
                       "{\"errors\":5}\n"
                       "{\"articles\":4,\"undated\":1,\"first\":\"2021-06-01\",\"last\":"
                       "\"2021-10-26\"}\n"
                       "{\"source\":null,\"articles\":1}\n"
                       "{\"source\":\"Alpha\",\"articles\":2}\n"
                       "{\"source\":\"Beta\",\"articles\":1}\n"
                       "{\"month\":\"2021-06\",\"articles\":1}\n");
    CHECK_LINE(text, "{\"type\":\"person\",\"name\":\"Zed\",\"mentions\":5,\"articles\":2,"
                     "\"first\":\"2021-09-04\",\"last\":\"2021-10-26\",\"code\":null,\"roles\":{"
                     "\"minister\":1,\"premier\":1},\"countries\":{\"CN\":2}}");
    CHECK_LINE(text,
               "{\"type\":\"country\",\"name\":\"Bhutan\",\"mentions\":2,\"articles\":2,"
               "\"first\":\"2021-06-01\",\"last\":\"2021-09-04\",\"code\":\"BT\",\"roles\":{},"
               "\"countries\":{}}");
    CHECK_LINE(text, "{\"type\":\"date\",\"name\":\"2021年\",\"mentions\":1,\"articles\":1,"
                     "\"first\":null,\"last\":null,\"code\":null,\"roles\":{},\"countries\":{}}");
    CHECK_LINE(text, "{\"pair\":\"person-country\",\"a\":\"Amy\",\"b\":\"Bhutan\",\"articles\":2}");
    CHECK_LINE(text, "{\"pair\":\"country-country\",\"a\":\"Bhutan\",\"b\":\"China\","
                     "\"articles\":1}");
    CHECK(strstr(text, "\"group\"") == NULL); /* not split: no group members */

    /* Written, read into an unset state, written again: the same bytes. */
    char *again = reread(text, err, sizeof err);
    CHECK_STR(again, text);
    if (!again)
        fprintf(stderr, "  read error: %s\n", err);
    free(again);

    /* Lines in any order: the same state read backwards (header last). */
    char *reversed = reverse_lines(text);
    again = reread(reversed, err, sizeof err);
    CHECK_STR(again, text);
    free(again);
    free(reversed);

    /* The order the articles come in does not matter. */
    struct summary *backwards = state_of(&st, (const int[]){4, 3, 2, 1, 0});
    summary_add_errors(backwards, 5);
    char *text2 = partial_of(backwards);
    CHECK_STR(text2, text);
    free(text2);
    summary_free(backwards);

    /* Settings round trip: --by, a subset of --types, --since/--until, a negative --tz. */
    struct summary_settings st2 =
        settings_of(BY_MONTH, (1u << ENTITY_PERSON) | (1u << ENTITY_COUNTRY), -300);
    memcpy(st2.since, "2021-01-01", 11);
    memcpy(st2.until, "2021-12-31", 11);
    struct summary *sub = summary_new(&st2);
    struct buf b;
    buf_init(&b, 0);
    digest_begin(&b, "2021-03-05", "联合早报");
    digest_entity(&b, ENTITY_PERSON, "王毅", 31, "", "国务委员兼外长", "CN");
    digest_entity(&b, ENTITY_COUNTRY, "阿富汗", 4, "AF", "", "");
    digest_add(sub, &b);
    buf_free(&b);
    text2 = partial_of(sub);
    CHECK_PREFIX(text2, "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"month\","
                        "\"types\":\"person,country\",\"since\":\"2021-01-01\",\"until\":"
                        "\"2021-12-31\",\"tz\":-300}\n");
    again = reread(text2, err, sizeof err);
    CHECK_STR(again, text2);
    free(again);
    free(text2);
    summary_free(sub);

    /* Two states concatenated read as their merge. */
    struct summary *x = state_of(&st, (const int[]){1, 3, 0});
    struct summary *y = state_of(&st, (const int[]){2, 4, 0});
    summary_add_errors(x, 2);
    summary_add_errors(y, 3);
    char *tx = partial_of(x), *ty = partial_of(y);
    char *both = malloc(strlen(tx) + strlen(ty) + 1);
    strcpy(both, tx);
    strcat(both, ty);
    again = reread(both, err, sizeof err);
    CHECK_STR(again, text);
    free(again);
    free(both);
    free(tx);
    free(ty);

    /* Merging two states of disjoint articles equals one state of them all, in either order,
     * into an unset state (which takes the settings) or into one of the two. */
    struct summary *m1 = summary_new(NULL);
    summary_merge(m1, x);
    summary_merge(m1, y);
    char *tm = partial_of(m1);
    CHECK_STR(tm, text);
    free(tm);
    struct summary *m2 = summary_new(&st);
    summary_merge(m2, y);
    summary_merge(m2, x);
    tm = partial_of(m2);
    CHECK_STR(tm, text);
    free(tm);
    summary_merge(y, x);
    tm = partial_of(y);
    CHECK_STR(tm, text);
    free(tm);
    /* Merging a state read back from its partial form gives the same too. */
    struct summary *m3 = summary_new(NULL);
    tx = partial_of(x);
    CHECK(read_text_into(m3, tx, err, sizeof err));
    free(tx);
    struct summary *y2 = state_of(&st, (const int[]){2, 4, 0});
    summary_add_errors(y2, 3);
    summary_merge(m3, y2);
    tm = partial_of(m3);
    CHECK_STR(tm, text);
    free(tm);
    /* The merged report equals the report of the whole. */
    struct summary_report *r = summary_report_new(m1, ALL_TYPES, 0);
    check_table(&r->groups[0], "person",
                "Zed:5/2 code=CN role=minister 2021-09-04..2021-10-26; "
                "Amy:4/3 role=vice president 2021-06-01..2021-09-04",
                2);
    check_table(&r->groups[0], "person-country",
                "Amy-Bhutan:2/2; Zed-China:2/2; Amy-China:1/1; Zed-Bhutan:1/1", 4);
    CHECK(r->errors == 5 && r->articles == 4);
    summary_report_free(r);

    /* Merged by --by month from two halves, too. */
    struct summary_settings stm = settings_of(BY_MONTH, ALL_TYPES, 0);
    struct summary *wm = state_of(&stm, ALL_ARTICLES);
    struct summary *xm = state_of(&stm, (const int[]){4, 2, 0});
    struct summary *ym = state_of(&stm, (const int[]){3, 1, 0});
    summary_merge(ym, xm);
    char *tw = partial_of(wm), *tym = partial_of(ym);
    CHECK_STR(tym, tw);
    free(tw);
    free(tym);
    summary_free(wm);
    summary_free(xm);
    summary_free(ym);

    summary_free(m1);
    summary_free(m2);
    summary_free(m3);
    summary_free(x);
    summary_free(y);
    summary_free(y2);
    summary_free(all);
    free(text);
}

#define HEADER_NONE                                                                                \
    "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\",\"types\":"                     \
    "\"person,country,place,org,date\",\"since\":null,\"until\":null,\"tz\":480}\n"
#define HEADER_MONTH                                                                               \
    "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"month\",\"types\":"                    \
    "\"person,country,place,org,date\",\"since\":null,\"until\":null,\"tz\":480}\n"
#define GROUP_LINE                                                                                 \
    "{\"articles\":1,\"undated\":0,\"first\":\"2021-09-04\",\"last\":\"2021-09-04\"}\n"
#define ENTITY_LINE                                                                                \
    "{\"type\":\"person\",\"name\":\"x\",\"mentions\":1,\"articles\":1,\"first\":null,"            \
    "\"last\":null,\"code\":null,\"roles\":{\"r\":1}}\n"

/* text is accepted as a partial state. */
static void check_partial_accepted(const char *text)
{
    char err[300];
    struct summary *s = summary_new(NULL);
    bool ok = read_text_into(s, text, err, sizeof err);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  input: %s  error: %s\n", text, err);
    summary_free(s);
}

/* text is rejected with a message that contains want. */
static void check_partial_rejected(const char *text, const char *want)
{
    char err[300];
    struct summary *s = summary_new(NULL);
    bool ok = read_text_into(s, text, err, sizeof err);
    CHECK(!ok);
    CHECK(strstr(err, want) != NULL);
    if (ok || !strstr(err, want))
        fprintf(stderr, "  input: %s  error: %s\n  want:  %s\n", text, ok ? "(accepted)" : err,
                want);
    summary_free(s);
}

static void test_summary_partial_rejections(void)
{
    /* The controls: the lines the rejections below break are accepted as they are. */
    check_partial_accepted(HEADER_NONE GROUP_LINE ENTITY_LINE);
    check_partial_accepted(HEADER_NONE "{\"errors\":0}\n{\"month\":\"2021-09\",\"articles\":1}\n"
                                       "{\"source\":null,\"articles\":1}\n"
                                       "{\"pair\":\"person-person\",\"a\":\"x\",\"b\":\"y\","
                                       "\"articles\":1}\n");
    check_partial_accepted(HEADER_MONTH "{\"group\":\"2021-09\",\"articles\":1,\"undated\":0,"
                                        "\"first\":null,\"last\":null}\n");
    check_partial_accepted("\n" HEADER_NONE "\r\n\n" GROUP_LINE); /* blank lines, CRLF */
    check_partial_accepted(HEADER_NONE HEADER_NONE); /* the same header twice: compatible */

    /* Lines that are not JSON objects: the line number counts blank lines too. */
    check_partial_rejected(HEADER_NONE "not json\n", "line 2: ");
    check_partial_rejected(HEADER_NONE "not json\n", "at byte");
    check_partial_rejected(HEADER_NONE "\n{\"errors\":0\n", "line 3: ");
    check_partial_rejected(HEADER_NONE "[1,2]\n", "line 2: not a JSON object");
    check_partial_rejected(HEADER_NONE "\"text\"\n", "line 2: not a JSON object");
    check_partial_rejected(HEADER_NONE "{\"foo\":1}\n",
                           "line 2: not a line of a summary partial state");
    check_partial_rejected("[]\n" HEADER_NONE, "line 1: not a JSON object");

    /* Unknown and repeated members. */
    check_partial_rejected(HEADER_NONE "{\"errors\":0,\"bogus\":1}\n",
                           "line 2: unknown member \"bogus\"");
    check_partial_rejected(HEADER_NONE GROUP_LINE
                           "{\"type\":\"person\",\"name\":\"x\",\"mentions\":1,\"articles\":1,"
                           "\"first\":null,\"last\":null,\"code\":null,\"title\":\"r\"}\n",
                           "line 3: unknown member \"title\"");
    check_partial_rejected(HEADER_NONE "{\"errors\":1,\"errors\":2}\n",
                           "line 2: repeated member \"errors\"");
    check_partial_rejected(HEADER_NONE "{\"month\":\"2021-09\",\"articles\":1,\"articles\":1}\n",
                           "line 2: repeated member \"articles\"");

    /* Counts must be integers of 0 or more. */
    check_partial_rejected(HEADER_NONE
                           "{\"articles\":-1,\"undated\":0,\"first\":null,\"last\":null}\n",
                           "line 2: needs a count");
    check_partial_rejected(HEADER_NONE "{\"errors\":-3}\n", "line 2: needs a count");
    check_partial_rejected(HEADER_NONE "{\"errors\":\"3\"}\n", "line 2: needs a count");
    check_partial_rejected(HEADER_NONE "{\"source\":\"a\",\"articles\":-1}\n",
                           "line 2: needs a count");
    check_partial_rejected(HEADER_NONE "{\"pair\":\"person-person\",\"a\":\"x\",\"b\":\"y\","
                                       "\"articles\":-1}\n",
                           "line 2: needs a count");
    check_partial_rejected(HEADER_NONE "{\"type\":\"person\",\"name\":\"x\",\"mentions\":-1,"
                                       "\"articles\":1,\"first\":null,\"last\":null,\"code\":null}"
                                       "\n",
                           "line 2: needs a count");
    check_partial_rejected(HEADER_NONE "{\"type\":\"person\",\"name\":\"x\",\"mentions\":1,"
                                       "\"articles\":1,\"first\":null,\"last\":null,\"code\":null,"
                                       "\"roles\":{\"r\":-1}}\n",
                           "line 2: needs an object of counts");

    /* Days must be YYYY-MM-DD (or null); months YYYY-MM. */
    check_partial_rejected(HEADER_NONE
                           "{\"articles\":1,\"undated\":0,\"first\":\"2021-9-04\",\"last\":null}\n",
                           "line 2: needs a day YYYY-MM-DD or null \"first\"");
    check_partial_rejected(
        HEADER_NONE "{\"articles\":1,\"undated\":0,\"first\":null,\"last\":\"2021-13-01\"}\n",
        "line 2: needs a day YYYY-MM-DD or null \"last\"");
    check_partial_rejected(HEADER_NONE "{\"articles\":1,\"undated\":0,\"first\":\"2021-09-04T00\","
                                       "\"last\":null}\n",
                           "needs a day YYYY-MM-DD");
    check_partial_rejected(
        HEADER_NONE "{\"articles\":1,\"undated\":0,\"first\":\"2021/09/04\",\"last\":null}\n",
        "needs a day YYYY-MM-DD");
    check_partial_rejected(HEADER_NONE "{\"type\":\"person\",\"name\":\"x\",\"mentions\":1,"
                                       "\"articles\":1,\"first\":\"yesterday\",\"last\":null,"
                                       "\"code\":null}\n",
                           "line 2: needs a day YYYY-MM-DD or null \"first\"");
    check_partial_rejected(HEADER_NONE "{\"month\":\"2021-9\",\"articles\":1}\n",
                           "line 2: needs a month YYYY-MM \"month\"");
    check_partial_rejected(HEADER_NONE "{\"month\":\"2021-09-04\",\"articles\":1}\n",
                           "needs a month YYYY-MM");
    check_partial_rejected(HEADER_NONE "{\"month\":\"2021-00\",\"articles\":1}\n",
                           "needs a month YYYY-MM");
    check_partial_rejected(HEADER_NONE "{\"month\":null,\"articles\":1}\n",
                           "line 2: needs a string");

    /* Unknown entity types (also a list of two), unknown pair kinds. */
    check_partial_rejected(HEADER_NONE "{\"type\":\"animal\",\"name\":\"x\",\"mentions\":1,"
                                       "\"articles\":1,\"first\":null,\"last\":null,\"code\":null}"
                                       "\n",
                           "line 2: unknown entity type \"animal\"");
    check_partial_rejected(HEADER_NONE "{\"type\":\"person,country\",\"name\":\"x\",\"mentions\":1,"
                                       "\"articles\":1,\"first\":null,\"last\":null,\"code\":null}"
                                       "\n",
                           "line 2: unknown entity type");
    check_partial_rejected(HEADER_NONE "{\"type\":\"\",\"name\":\"x\",\"mentions\":1,"
                                       "\"articles\":1,\"first\":null,\"last\":null,\"code\":null}"
                                       "\n",
                           "line 2: unknown entity type");
    check_partial_rejected(HEADER_NONE
                           "{\"pair\":\"org-org\",\"a\":\"x\",\"b\":\"y\",\"articles\":1}\n",
                           "line 2: unknown pair kind \"org-org\"");

    /* No header at all, an empty file, only blank lines. */
    check_partial_rejected("{\"errors\":0}\n" GROUP_LINE, "no header line");
    check_partial_rejected("", "empty file");
    check_partial_rejected("\n\n", "no header line");

    /* Headers: another format, another version, a bad --by, --types, --tz. */
    check_partial_rejected(
        "{\"xinwen\":\"summary-partial\",\"version\":2,\"by\":\"none\",\"types\":"
        "\"person\",\"since\":null,\"until\":null,\"tz\":0}\n",
        "line 1: written by another version");
    check_partial_rejected("{\"xinwen\":\"articles\",\"version\":1,\"by\":\"none\",\"types\":"
                           "\"person\",\"since\":null,\"until\":null,\"tz\":0}\n",
                           "line 1: not a summary partial state");
    check_partial_rejected(
        "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"week\",\"types\":"
        "\"person\",\"since\":null,\"until\":null,\"tz\":0}\n",
        "line 1: unknown value of \"by\"");
    check_partial_rejected(
        "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\",\"types\":"
        "\"person,animal\",\"since\":null,\"until\":null,\"tz\":0}\n",
        "line 1: unknown entity type in \"types\"");
    check_partial_rejected(
        "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\",\"types\":"
        "\"person\",\"since\":null,\"until\":null,\"tz\":100000}\n",
        "line 1: needs minutes east of UTC \"tz\"");
    check_partial_rejected(
        "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\",\"types\":"
        "\"person\",\"since\":\"2021\",\"until\":null,\"tz\":0}\n",
        "line 1: needs a day YYYY-MM-DD or null \"since\"");
    check_partial_rejected(
        "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\",\"types\":"
        "\"person\",\"since\":null,\"until\":null}\n",
        "line 1: needs minutes east of UTC \"tz\"");

    /* A second header made otherwise: incompatible, at its line. */
    check_partial_rejected(HEADER_NONE GROUP_LINE HEADER_MONTH, "line 3: made with");
    check_partial_rejected(HEADER_NONE GROUP_LINE HEADER_MONTH, "--by");
    check_partial_rejected(HEADER_NONE
                           "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\","
                           "\"types\":\"person\",\"since\":null,\"until\":null,\"tz\":480}\n",
                           "line 2: made with");
    check_partial_rejected(HEADER_NONE
                           "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":\"none\","
                           "\"types\":\"person\",\"since\":null,\"until\":null,\"tz\":480}\n",
                           "--types");
    check_partial_rejected(HEADER_NONE "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":"
                                       "\"none\",\"types\":\"person,country,place,org,date\","
                                       "\"since\":null,\"until\":null,\"tz\":0}\n",
                           "line 2: made with");
    check_partial_rejected(HEADER_NONE "{\"xinwen\":\"summary-partial\",\"version\":1,\"by\":"
                                       "\"none\",\"types\":\"person,country,place,org,date\","
                                       "\"since\":null,\"until\":null,\"tz\":0}\n",
                           "--tz");

    /* "group" members exactly when the state is split by --by. */
    check_partial_rejected(HEADER_NONE "{\"group\":\"2021-09\",\"articles\":1,\"undated\":0,"
                                       "\"first\":null,\"last\":null}\n",
                           "\"group\" members in a state not split by --by");
    check_partial_rejected(HEADER_NONE "{\"group\":null,\"source\":\"a\",\"articles\":1}\n",
                           "\"group\" members in a state not split by --by");
    check_partial_rejected(HEADER_MONTH GROUP_LINE,
                           "lines without \"group\" in a state split by --by month");
    check_partial_rejected(HEADER_MONTH "{\"group\":\"2021-09\",\"articles\":1,\"undated\":0,"
                                        "\"first\":null,\"last\":null}\n"
                                        "{\"month\":\"2021-09\",\"articles\":1}\n",
                           "lines without \"group\" in a state split by --by month");
    check_partial_rejected(HEADER_MONTH "{\"group\":3,\"month\":\"2021-09\",\"articles\":1}\n",
                           "line 2: needs a string or null member \"group\"");
}

static void test_summary_compatible(void)
{
    char err[200];
    struct summary_settings st = settings_of(BY_NONE, ALL_TYPES, 480);
    struct summary *a = summary_new(&st);

    /* The same settings agree; an unset state agrees with anything. */
    struct summary *b = summary_new(&st);
    CHECK(summary_compatible(a, b, err, sizeof err));
    summary_free(b);
    b = summary_new(NULL);
    CHECK(summary_compatible(a, b, err, sizeof err));
    CHECK(summary_compatible(b, a, err, sizeof err));
    summary_free(b);

    /* Another --by, --types, --tz or --since/--until: refused with the reason. */
    struct summary_settings other = settings_of(BY_MONTH, ALL_TYPES, 480);
    b = summary_new(&other);
    err[0] = '\0';
    CHECK(!summary_compatible(a, b, err, sizeof err));
    CHECK(strstr(err, "--by") != NULL);
    summary_free(b);

    other = settings_of(BY_NONE, 1u << ENTITY_PERSON, 480);
    b = summary_new(&other);
    err[0] = '\0';
    CHECK(!summary_compatible(a, b, err, sizeof err));
    CHECK(strstr(err, "--types") != NULL);
    summary_free(b);

    other = settings_of(BY_NONE, ALL_TYPES, 0);
    b = summary_new(&other);
    err[0] = '\0';
    CHECK(!summary_compatible(a, b, err, sizeof err));
    CHECK(strstr(err, "--tz") != NULL);
    summary_free(b);

    other = settings_of(BY_NONE, ALL_TYPES, 480);
    memcpy(other.until, "2021-12-31", 11);
    b = summary_new(&other);
    err[0] = '\0';
    CHECK(!summary_compatible(a, b, err, sizeof err));
    CHECK(strstr(err, "--until") != NULL);
    summary_free(b);
    summary_free(a);
}

void test_summary_state(void)
{
    test_json_parse_values();
    test_json_parse_rejections();
    test_json_parse_depth();
    test_strmap();
    test_summary_sparse_digests();
    test_summary_report();
    test_summary_groups();
    test_summary_partial_round_trip();
    test_summary_partial_rejections();
    test_summary_compatible();
}
