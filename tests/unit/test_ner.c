/* test_ner.c — the tagger against the reference forward pass (tools/lac-reference): identical
 * tag sequences on tests/ner/parity-own.* and, when ../shared/data is present, on the
 * sentences tests/ner/parity-shared.tsv locates there; plus normalisation, country lookup,
 * span decoding and chunking. */
#include "check.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "article.h"
#include "gazetteer.h"
#include "lac_model.h"
#include "ner.h"
#include "ner_kernels.h"
#include "normalize.h"
#include "utf8.h"
#include "util.h"

#define SHARED "../shared/data/"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b;
    buf_init(&b, 0);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, got);
    fclose(f);
    *len = b.len;
    return buf_steal(&b);
}

/* Tags line (whole, no chunking) and writes the tag names, space-separated, into out. */
static void tag_names(struct ner_tagger *t, const struct lac_model *m, const char *line, size_t len,
                      struct buf *out)
{
    int32_t *cps = xmalloc((len + 1) * sizeof *cps);
    int32_t *ids = xmalloc((len + 1) * sizeof *ids);
    uint8_t *tags = xmalloc(len + 1);
    size_t n = normalize_text(line, len, cps, NULL);
    for (size_t i = 0; i < n; i++)
        ids[i] = lac_model_id(m, cps[i]);
    ner_tag_ids(t, ids, n, tags);
    buf_reset(out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(out, ' ');
        buf_puts(out, m->tag_names[tags[i]]);
    }
    free(cps);
    free(ids);
    free(tags);
}

/* Compares one sentence's tags with the expected names; counts differing tags. */
static size_t compare_tags(const char *got, const char *want, const char *what)
{
    if (strcmp(got, want) == 0)
        return 0;
    size_t diff = 0;
    const char *g = got, *w = want;
    while (*g || *w) {
        size_t gl = strcspn(g, " "), wl = strcspn(w, " ");
        if (gl != wl || strncmp(g, w, gl) != 0)
            diff++;
        g += gl + (g[gl] == ' ');
        w += wl + (w[wl] == ' ');
    }
    fprintf(stderr, "  parity: %s: %zu tags differ\n    got:  %.200s\n    want: %.200s\n", what,
            diff ? diff : 1, got, want);
    return diff ? diff : 1;
}

static void test_parity_own(struct ner_tagger *t, const struct lac_model *m)
{
    size_t tlen, elen;
    char *text = read_all("tests/ner/parity-own.txt", &tlen);
    char *want = read_all("tests/ner/parity-own.expected", &elen);
    CHECK(text && want);
    if (!text || !want) {
        free(text);
        free(want);
        return;
    }
    struct buf got;
    buf_init(&got, 0);
    size_t lines = 0, differing = 0;
    char *tp = text, *wp = want;
    while (*tp && *wp) {
        char *tn = strchr(tp, '\n'), *wn = strchr(wp, '\n');
        if (!tn || !wn)
            break;
        *tn = *wn = '\0';
        tag_names(t, m, tp, (size_t)(tn - tp), &got);
        differing += compare_tags(got.data, wp, tp);
        lines++;
        tp = tn + 1;
        wp = wn + 1;
    }
    CHECK(lines > 50);
    CHECK(*tp == '\0' && *wp == '\0'); /* both files fully read: same number of lines */
    CHECK(differing == 0);
    buf_free(&got);
    free(text);
    free(want);
}

/* Sentence k of a BIO file (first field of each line, blank lines between sentences). */
static char *bio_sentence(const char *path, long k, int sep)
{
    size_t len;
    char *all = read_all(path, &len);
    if (!all)
        return NULL;
    struct buf s;
    buf_init(&s, 0);
    long index = 0;
    for (char *line = all; line < all + len;) {
        char *nl = memchr(line, '\n', (size_t)(all + len - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(all + len - line);
        if (ll == 0) {
            if (s.len && index++ == k)
                break;
            buf_reset(&s);
        } else {
            const char *end = memchr(line, sep, ll);
            buf_put(&s, line, end ? (size_t)(end - line) : ll);
        }
        line += ll + 1;
    }
    free(all);
    if (index < k || !s.len) {
        buf_free(&s);
        return NULL;
    }
    return buf_steal(&s);
}

/* Paragraph k of an article's clean text (as `xinwen text` prints it). */
static char *article_paragraph(const char *path, long k)
{
    struct config config = {.max_size = 64 << 20, .tz_offset = 480};
    struct article_reader r;
    article_reader_init(&r, &config);
    struct article a;
    char err[256];
    char *result = NULL;
    if (article_load(&r, path, &a, err, sizeof err)) {
        const char *p = a.text;
        for (long i = 0; i < k && p; i++) {
            p = strchr(p, '\n');
            p = p ? p + 1 : NULL;
        }
        if (p)
            result = xstrndup(p, strcspn(p, "\n"));
    }
    article_reader_free(&r);
    return result;
}

/* Bytes of the code points [off, off+count) of s. */
static char *cp_substring(const char *s, long off, long count)
{
    size_t n = strlen(s), i = 0;
    for (long c = 0; c < off && i < n; c++) {
        int32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
    }
    size_t start = i;
    for (long c = 0; c < count && i < n; c++) {
        int32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
    }
    return xstrndup(s + start, i - start);
}

static void test_parity_shared(struct ner_tagger *t, const struct lac_model *m)
{
    struct stat st;
    if (stat(SHARED, &st) != 0) {
        printf("  SKIP parity on shared sentences: " SHARED " not found\n");
        return;
    }
    size_t len;
    char *table = read_all("tests/ner/parity-shared.tsv", &len);
    CHECK(table != NULL);
    if (!table)
        return;
    struct buf got;
    buf_init(&got, 0);
    size_t rows = 0, missing = 0, differing = 0;
    for (char *line = table; *line;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char *next = nl + 1;
        if (*line == '#') {
            line = next;
            continue;
        }
        char *f[6];
        size_t nf = 0;
        for (char *p = line; nf < 6; nf++) {
            f[nf] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                nf++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        CHECK(nf == 6);
        if (nf != 6)
            break;
        long index = strtol(f[1], NULL, 10), off = strtol(f[2], NULL, 10);
        long count = strtol(f[3], NULL, 10);
        char path[512];
        snprintf(path, sizeof path, SHARED "%s", f[0]);
        char *source = strncmp(f[0], "ner/", 4) == 0
                           ? bio_sentence(path, index, strstr(f[0], "msra") ? '\t' : ' ')
                           : article_paragraph(path, index);
        char *sentence = source ? cp_substring(source, off, count) : NULL;
        char digest[17];
        if (sentence)
            snprintf(digest, sizeof digest, "%016llx",
                     (unsigned long long)fnv1a64(sentence, strlen(sentence)));
        if (!sentence || strcmp(digest, f[4]) != 0) {
            fprintf(stderr, "  parity: %s %ld: the sentence is not where the fixture says\n", f[0],
                    index);
            missing++;
        } else {
            tag_names(t, m, sentence, strlen(sentence), &got);
            differing += compare_tags(got.data, f[5], sentence);
        }
        rows++;
        free(source);
        free(sentence);
        line = next;
    }
    CHECK(rows > 100);
    CHECK(missing == 0);
    CHECK(differing == 0);
    buf_free(&got);
    free(table);
}

static void test_normalize_and_gazetteer(void)
{
    CHECK(normalize_cp(0x570B) == 0x56FD); /* 國 → 国 */
    CHECK(normalize_cp(0x8AAA) == 0x8BF4); /* 說 → 说 */
    CHECK(normalize_cp(0x4E2D) == 0x4E2D); /* 中 unchanged */
    CHECK(normalize_cp(0xFF21) == 'a');    /* Ａ → a (upper case is untrained) */
    CHECK(normalize_cp(0xFF11) == '1');    /* １ → 1 */
    CHECK(normalize_cp(0x3001) == ',');    /* 、 → , */
    CHECK(normalize_cp('Q') == 'q');
    CHECK(normalize_cp('q') == 'q');
    CHECK(normalize_cp(0x1F600) == 0x1F600);
    int32_t cps[16];
    size_t at[17];
    size_t n = normalize_text("A國\xff說", 8, cps, at);
    CHECK(n == 4 && cps[0] == 'a' && cps[1] == 0x56FD && cps[2] == UTF8_REPLACEMENT);
    CHECK(at[0] == 0 && at[1] == 1 && at[2] == 4 && at[3] == 5 && at[4] == 8);

    /* the name index: longest match at a position, countries with code and canonical name */
    size_t len = 0;
    const struct name_entry *e = NULL;
    n = normalize_text("伊朗伊", strlen("伊朗伊"), cps, NULL);
    CHECK(gazetteer_name_at(NULL, cps, 2, &len, &e) && len == 2 && e->type == ENTITY_COUNTRY
          && strcmp(e->country->code, "IR") == 0);
    CHECK(gazetteer_name_at(NULL, cps, n, &len, &e) && len == 2); /* 伊朗, not 伊朗伊 */
    CHECK(!gazetteer_name_at(NULL, cps + 2, 1, &len, &e));        /* 伊 alone is no name */
    CHECK(!gazetteer_name_at(NULL, cps, 0, &len, &e));
    n = normalize_text("美國", strlen("美國"), cps, NULL);
    CHECK(gazetteer_name_at(NULL, cps, n, &len, &e) && strcmp(e->country->code, "US") == 0
          && strcmp(e->canonical, "美国") == 0);
}

static void test_spans_and_chunks(struct ner_tagger *t, const struct lac_model *m)
{
    const char *names[] = {"PER-B", "PER-I", "n-B",    "LOC-B",  "LOC-I",
                           "ORG-I", "ORG-B", "TIME-B", "TIME-I", "LOC-I"};
    uint8_t tags[10];
    for (size_t i = 0; i < 10; i++) {
        int id = lac_model_tag(m, names[i]);
        CHECK(id >= 0);
        tags[i] = (uint8_t)(id < 0 ? 0 : id);
    }
    struct ner_span *spans = NULL;
    size_t cap = 0;
    size_t count = ner_spans(m, tags, NULL, 10, &spans, &cap);
    CHECK(count == 6);
    CHECK(spans[0].type == NER_PER && spans[0].start == 0 && spans[0].end == 2);
    CHECK(spans[1].type == NER_LOC && spans[1].start == 3 && spans[1].end == 5);
    CHECK(spans[2].type == NER_ORG && spans[2].start == 5 && spans[2].end == 6); /* I after LOC */
    CHECK(spans[3].type == NER_ORG && spans[3].start == 6 && spans[3].end == 7);
    CHECK(spans[4].type == NER_TIME && spans[4].start == 7 && spans[4].end == 9);
    CHECK(spans[5].type == NER_LOC && spans[5].start == 9 && spans[5].end == 10);
    /* the array grows past the room given */
    cap = 2;
    spans = xrealloc(spans, cap * sizeof *spans);
    CHECK(ner_spans(m, tags, NULL, 10, &spans, &cap) == 6 && cap >= 6);
    CHECK(spans[5].type == NER_LOC && spans[5].start == 9 && spans[5].end == 10);
    free(spans);

    /* chunking: two sentences tagged as one text equal each tagged alone */
    const char *a = "王毅昨天在多哈会见巴拉达尔。", *b = "伊朗外长阿卜杜拉希扬表示欢迎。";
    int32_t cps[64];
    uint8_t whole[64], part[64];
    size_t na = normalize_text(a, strlen(a), cps, NULL);
    size_t nb = normalize_text(b, strlen(b), cps + na, NULL);
    const size_t one_line[1] = {0};
    ner_tag_lines(t, cps, na + nb, one_line, 1, whole, NULL);
    ner_tag_lines(t, cps, na, one_line, 1, part, NULL);
    ner_tag_lines(t, cps + na, nb, one_line, 1, part + na, NULL);
    CHECK(memcmp(whole, part, na + nb) == 0);

    /* a long line without punctuation is cut into chunks and every character tagged */
    size_t long_n = 3 * NER_CHUNK_MAX + 17;
    int32_t *long_cps = xmalloc(long_n * sizeof *long_cps);
    uint8_t *long_tags = xmalloc(long_n);
    for (size_t i = 0; i < long_n; i++)
        long_cps[i] = i % 7 == 6 ? ',' : 0x4E2D + (int32_t)(i % 5);
    memset(long_tags, 0xFF, long_n);
    ner_tag_lines(t, long_cps, long_n, one_line, 1, long_tags, NULL);
    size_t untagged = 0;
    for (size_t i = 0; i < long_n; i++)
        untagged += long_tags[i] >= m->n_tags;
    CHECK(untagged == 0);
    free(long_cps);
    free(long_tags);
}

void test_ner(void)
{
    const char *error = NULL;
    const struct lac_model *m = lac_model_get(&error);
    CHECK(m != NULL);
    if (!m) {
        fprintf(stderr, "  model: %s\n", error);
        return;
    }
    CHECK(m->rows == 20941 && m->n_tags == 57 && m->oov_id == 20940);
    CHECK(lac_model_id(m, 0x4E2D) != m->oov_id);   /* 中 */
    CHECK(lac_model_id(m, 0x10FFFD) == m->oov_id); /* unassigned */
    printf("  tagger kernels: %s\n", kernel_variant());
    struct ner_tagger *t = ner_tagger_new(m, NULL, NULL);
    test_parity_own(t, m);
    test_parity_shared(t, m);
    test_normalize_and_gazetteer();
    test_spans_and_chunks(t, m);
    ner_tagger_free(t);
}
