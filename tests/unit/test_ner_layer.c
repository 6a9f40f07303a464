/* test_ner_layer.c — the trained output layer: its file format (round trip, damage refused),
 * its sparse features, span decoding with it, and the embedded layer at work in the tagger. */
#include "check.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "lac_model.h"
#include "ner.h"
#include "ner_layer.h"
#include "normalize.h"
#include "util.h"

/* A layer's file image in memory. */
static unsigned char *write_image(const struct ner_layer *layer, size_t *size)
{
    char *data = NULL;
    FILE *f = open_memstream(&data, size);
    CHECK(f != NULL);
    if (!f)
        return NULL;
    CHECK(ner_layer_write(layer, f));
    fclose(f);
    return (unsigned char *)data;
}

#define TEMP_PATH_SIZE 32

/* ner_layer_load over a (removed) temporary file holding image; its path is left in path. */
static struct ner_layer *load_image(const unsigned char *image, size_t size, char *err,
                                    size_t err_len, char path[TEMP_PATH_SIZE])
{
    snprintf(path, TEMP_PATH_SIZE, "%s", "/tmp/xinwen-layer-XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return NULL;
    CHECK(write(fd, image, size) == (ssize_t)size);
    close(fd);
    struct ner_layer *layer = ner_layer_load(path, err, err_len);
    unlink(path);
    return layer;
}

static void test_load(const struct ner_layer *want, unsigned char *image, size_t size)
{
    char err[512], path[TEMP_PATH_SIZE], message[600];
    struct ner_layer *got = load_image(image, size, err, sizeof err, path);
    CHECK(got != NULL && got->hidden == want->hidden && got->tuned == want->tuned);
    CHECK(got && got->about_len == want->about_len
          && memcmp(got->about, want->about, got->about_len) == 0);
    CHECK(got && memcmp(got->out_b, want->out_b, NER_BIO_TAGS * sizeof(float)) == 0);
    ner_layer_free(got);

    /* what is wrong, after the file's name */
    image[size / 2] ^= 1;
    CHECK(load_image(image, size, err, sizeof err, path) == NULL);
    snprintf(message, sizeof message, "%s: NER layer: checksum mismatch", path);
    CHECK_STR(err, message);
    image[size / 2] ^= 1;
    CHECK(load_image(image, 0, err, sizeof err, path) == NULL);
    snprintf(message, sizeof message, "%s: not an xinwen NER layer file", path);
    CHECK_STR(err, message);
    CHECK(ner_layer_load("/nonexistent/layer.bin", err, sizeof err) == NULL);
    snprintf(message, sizeof message, "/nonexistent/layer.bin: cannot read NER layer: %s",
             strerror(ENOENT));
    CHECK_STR(err, message);
}

static void test_file_format(void)
{
    for (int tuned = 0; tuned < 2; tuned++) {
        uint32_t hidden = tuned ? 0 : 64;
        size_t np = ner_layer_params(hidden, tuned);
        float *params = xmalloc(np * sizeof *params);
        for (size_t i = 0; i < np; i++)
            params[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
        struct ner_layer layer;
        ner_layer_bind(&layer, hidden, tuned, params);
        CHECK(layer.hidden == hidden && layer.tuned == tuned && !layer.no_lac_tags);
        CHECK((layer.gru.fc_w[1] != NULL) == tuned);
        layer.no_lac_tags = tuned; /* both values go through */
        layer.about = "tools/train: a test";
        layer.about_len = strlen(layer.about);

        size_t size = 0;
        unsigned char *image = write_image(&layer, &size);
        struct ner_layer back;
        CHECK(ner_layer_read(image, size, &back) == NULL);
        CHECK(back.hidden == hidden && back.tuned == tuned && back.no_lac_tags == tuned);
        CHECK(back.about_len == layer.about_len
              && memcmp(back.about, layer.about, back.about_len) == 0);
        CHECK(memcmp(back.crf, layer.crf, (NER_BIO_TAGS + 2) * NER_BIO_TAGS * sizeof(float)) == 0);
        CHECK(memcmp(back.sparse_w, layer.sparse_w, NER_SPARSE * NER_BIO_TAGS * sizeof(float))
              == 0);
        if (tuned)
            CHECK(memcmp(back.gru.gru_b[1], layer.gru.gru_b[1], LAC_GATES * sizeof(float)) == 0);
        else
            CHECK(memcmp(back.hidden_w, layer.hidden_w, NER_DENSE * 64 * sizeof(float)) == 0);

        test_load(&layer, image, size);

        /* damage is refused: a flipped bit, a cut, a wrong magic */
        image[size / 2] ^= 1;
        CHECK_STR(ner_layer_read(image, size, &back), "NER layer: checksum mismatch");
        image[size / 2] ^= 1;
        CHECK(ner_layer_read(image, size - 64, &back) != NULL);
        CHECK(ner_layer_read(image, 10, &back) != NULL);
        image[44] = 2; /* a flag that is neither 0 nor 1 */
        CHECK(ner_layer_read(image, size, &back) != NULL);
        image[44] = (unsigned char)tuned;
        CHECK(ner_layer_read(image, size, &back) == NULL);
        image[0] = 'Y';
        CHECK_STR(ner_layer_read(image, size, &back), "not an xinwen NER layer file");
        free(image);
        free(params);
    }
}

/* The features of text (normalised), NER_SLOTS per character. */
static uint16_t *features_of(const char *text, int32_t *cps, size_t *n)
{
    *n = normalize_text(text, strlen(text), cps, NULL);
    uint16_t *feat = xmalloc(*n * NER_SLOTS * sizeof *feat);
    ner_layer_features(NULL, cps, *n, feat);
    return feat;
}

static void test_features(void)
{
    int32_t cps[64];
    size_t n;
    /* 外长王毅访问美国和2021年: classes, a title before 王, a country name */
    uint16_t *f = features_of("外长王毅访问美国和2021年", cps, &n);
    CHECK(n == 14);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < NER_TEXT_SLOTS; k++)
            CHECK(f[i * NER_SLOTS + k] < NER_TEXT_SPARSE);
    /* slot k's features lie in their own range: slot values differ only within a slot */
    for (size_t k = 0; k + 1 < NER_TEXT_SLOTS; k++)
        CHECK(f[k] < f[(k + 1)]);
    /* same character class for 王 and 毅; digits differ from Han */
    CHECK(f[2 * NER_SLOTS + 0] == f[3 * NER_SLOTS + 0]);
    CHECK(f[9 * NER_SLOTS + 0] != f[2 * NER_SLOTS + 0]);
    CHECK(f[9 * NER_SLOTS + 0] == f[12 * NER_SLOTS + 0]);
    /* the title 外长 ends just before 王 (slot 6), not before 毅 */
    CHECK(f[2 * NER_SLOTS + 6] != f[3 * NER_SLOTS + 6]);
    /* 美国 is a country name: 美 and 国 carry gazetteer values; 访 carries none */
    CHECK(f[6 * NER_SLOTS + 3] != f[4 * NER_SLOTS + 3]);
    CHECK(f[7 * NER_SLOTS + 3] != f[4 * NER_SLOTS + 3]);
    CHECK(f[6 * NER_SLOTS + 3] != f[7 * NER_SLOTS + 3]); /* begin ≠ end */
    /* jieba's dictionary: 美国 is a place (slot 10 of 美 ≠ 访's), no person (slot 9 as 访's);
     * 美 begins it, 国 ends it */
    CHECK(f[6 * NER_SLOTS + 10] != f[4 * NER_SLOTS + 10]);
    CHECK(f[6 * NER_SLOTS + 10] != f[7 * NER_SLOTS + 10]);
    CHECK(f[6 * NER_SLOTS + 9] == f[4 * NER_SLOTS + 9]);
    /* the neighbour slots see the same values one step away */
    CHECK(f[7 * NER_SLOTS + 4] - f[6 * NER_SLOTS + 3]
          == f[8 * NER_SLOTS + 4] - f[7 * NER_SLOTS + 3]);
    free(f);

    /* a line break is an edge: 中 after it looks as at the start of a line */
    uint16_t *a = features_of("中国", cps, &n);
    uint16_t a_first = a[1];
    free(a);
    uint16_t *b = features_of("好\n中国", cps, &n);
    CHECK(b[2 * NER_SLOTS + 1] == a_first);
    free(b);

    /* a name of jieba's dictionary does not reach across a line break: 北京 and 北京市 are
     * places, so 京 of "北京市" is inside one; in "北京\n市" it only ends one */
    uint16_t *c = features_of("北京市", cps, &n);
    uint16_t *d = features_of("北京\n市", cps, &n);
    CHECK(c[1 * NER_SLOTS + 10] != d[1 * NER_SLOTS + 10]);
    CHECK(c[0 * NER_SLOTS + 10] == d[0 * NER_SLOTS + 10]);
    free(c);
    free(d);
}

/* The common-word slots: the words that begin and end at a character, and those that end just
 * before it and begin just after it. */
static void test_word_features(void)
{
    enum { AT = NER_TEXT_SLOTS - 2, AROUND = NER_TEXT_SLOTS - 1 }; /* the last two text slots */
    int32_t cps[64];
    size_t n;
    /* 转达莱希总统: 转达 is a common verb, 总统 a common noun, 莱希 neither */
    uint16_t *f = features_of("转达莱希总统", cps, &n);
    CHECK(n == 6);
    CHECK(f[AT] < f[AROUND] && f[AROUND] < NER_TEXT_SPARSE);
    /* 转 begins 转达 and 达 ends it; a verb ends at 达 where a noun begins at 总 */
    CHECK(f[AT] != f[1 * NER_SLOTS + AT]);
    CHECK(f[1 * NER_SLOTS + AT] != f[4 * NER_SLOTS + AT]);
    /* no word begins or ends at 莱 or 希 */
    CHECK(f[2 * NER_SLOTS + AT] == f[3 * NER_SLOTS + AT]);
    /* but 莱 follows 转达 and 希 precedes 总统; nothing lies around the line's edges */
    CHECK(f[2 * NER_SLOTS + AROUND] != f[3 * NER_SLOTS + AROUND]);
    CHECK(f[0 * NER_SLOTS + AROUND] == f[5 * NER_SLOTS + AROUND]);
    free(f);

    /* the same character after a verb and after a noun: 达 of 转达 and 统 of 总统 differ only in
     * the class of the word that ends at them */
    uint16_t *g = features_of("转达", cps, &n);
    uint16_t *h = features_of("总统", cps, &n);
    CHECK(g[NER_SLOTS + AT] != h[NER_SLOTS + AT]);
    CHECK(g[AT] != h[AT]);
    free(g);
    free(h);

    /* words do not run across a line break: 达 in "转\n达" ends none */
    uint16_t *a = features_of("转\n达", cps, &n);
    uint16_t *b = features_of("莱希", cps, &n);
    CHECK(a[2 * NER_SLOTS + AT] == b[AT]);
    CHECK(a[0 * NER_SLOTS + AT] == b[AT]);
    free(a);
    free(b);
}

static void test_lac_features(void)
{
    /* tags 3 5 7 of one chunk: each character's own, before and after it, the chunk's
     * outside at its two ends, in three separate ranges after the text's features */
    const uint8_t tags[] = {3, 5, 7};
    uint16_t feat[3 * NER_SLOTS] = {0};
    ner_layer_lac_features(tags, 3, feat);
    for (size_t i = 0; i < 3; i++)
        for (size_t k = NER_TEXT_SLOTS; k < NER_SLOTS; k++) {
            CHECK(feat[i * NER_SLOTS + k] >= NER_TEXT_SPARSE);
            CHECK(feat[i * NER_SLOTS + k] < NER_SPARSE);
        }
    const uint16_t *mid = feat + NER_SLOTS + NER_TEXT_SLOTS;
    CHECK(mid[0] == NER_TEXT_SPARSE + 5);
    CHECK(mid[1] == NER_TEXT_SPARSE + NER_LAC_VALUES + 3);
    CHECK(mid[2] == NER_TEXT_SPARSE + 2 * NER_LAC_VALUES + 7);
    CHECK(feat[NER_TEXT_SLOTS + 1] == NER_TEXT_SPARSE + 2 * NER_LAC_VALUES - 1);
    CHECK(feat[2 * NER_SLOTS + NER_TEXT_SLOTS + 2] == NER_SPARSE - 1);
    CHECK(feat[0] == 0); /* the text's slots are left alone */

    /* no tags: one constant per slot, the same for every character */
    ner_layer_lac_features(NULL, 3, feat);
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < NER_LAC_SLOTS; k++)
            CHECK(feat[i * NER_SLOTS + NER_TEXT_SLOTS + k]
                  == NER_TEXT_SPARSE + (k + 1) * NER_LAC_VALUES - 1);
    CHECK(feat[0] == 0);
}

/* A retuned layer that reads no LAC tags: its tags are the same whether or not the caller asks
 * for LAC's too, and differ from the same weights reading LAC's tags. Its GRU is LAC's layer 2,
 * its other weights made up, those of LAC's tags large (so that reading them would show). */
static void test_no_lac_tags(const struct lac_model *m)
{
    size_t np = ner_layer_params(64, true);
    float *params = xmalloc(np * sizeof *params);
    for (size_t i = 0; i < np; i++)
        params[i] = (float)((i * 2654435761u) % 1000) / 250.0f - 2.0f;
    struct ner_layer layer;
    ner_layer_bind(&layer, 64, true, params);
    const size_t H = LAC_HIDDEN, G = LAC_GATES;
    for (int dir = 0; dir < 2; dir++) {
        memcpy((float *)layer.gru.fc_w[dir], m->layer[1].fc_w[dir], 2 * H * G * sizeof(float));
        memcpy((float *)layer.gru.fc_b[dir], m->layer[1].fc_b[dir], G * sizeof(float));
        memcpy((float *)layer.gru.gru_w[dir], m->layer[1].gru_w[dir], H * G * sizeof(float));
        memcpy((float *)layer.gru.gru_b[dir], m->layer[1].gru_b[dir], G * sizeof(float));
    }
    for (size_t f = NER_TEXT_SPARSE; f < NER_SPARSE; f++)
        for (size_t tag = 0; tag < NER_BIO_TAGS; tag++)
            ((float *)layer.sparse_w)[f * NER_BIO_TAGS + tag] = (float)((f * 7 + tag * 3) % 5) * 40;
    const char *text = "外交部长王毅昨天在北京会见了美国国务卿布林肯。";
    int32_t cps[64];
    size_t n = normalize_text(text, strlen(text), cps, NULL);
    uint8_t alone[64], with_tags[64], reading[64], tags[64];
    const size_t one_line[1] = {0};
    layer.no_lac_tags = true;
    struct ner_tagger *t = ner_tagger_new(m, &layer, NULL);
    ner_tag_lines(t, cps, n, one_line, 1, NULL, alone);
    ner_tag_lines(t, cps, n, one_line, 1, tags, with_tags);
    ner_tagger_free(t);
    CHECK(memcmp(alone, with_tags, n) == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(tags[i] < m->n_tags);
    layer.no_lac_tags = false;
    t = ner_tagger_new(m, &layer, NULL);
    ner_tag_lines(t, cps, n, one_line, 1, NULL, reading);
    ner_tagger_free(t);
    CHECK(memcmp(alone, reading, n) != 0);
    free(params);
}

static void test_spans_with_layer(const struct lac_model *m)
{
    /* bio: 王毅 person, 在 O, 北京 place; LAC: a time over 在北 (cut into: dropped), a time
     * over the last two characters (kept: no name inside) */
    const uint8_t bio[] = {NER_BIO_B_PER, NER_BIO_I_PER, NER_BIO_O, NER_BIO_B_LOC,
                           NER_BIO_I_LOC, NER_BIO_O,     NER_BIO_O, NER_BIO_I_ORG};
    const char *lac[] = {"PER-B", "PER-I", "TIME-B", "TIME-I", "n-B", "TIME-B", "TIME-I", "n-B"};
    uint8_t tags[8];
    for (size_t i = 0; i < 8; i++)
        tags[i] = (uint8_t)lac_model_tag(m, lac[i]);
    struct ner_span *spans = NULL;
    size_t cap = 0;
    size_t count = ner_spans(m, tags, bio, 8, &spans, &cap);
    CHECK(count == 4);
    if (count == 4) {
        CHECK(spans[0].type == NER_PER && spans[0].start == 0 && spans[0].end == 2);
        CHECK(spans[1].type == NER_LOC && spans[1].start == 3 && spans[1].end == 5);
        CHECK(spans[2].type == NER_TIME && spans[2].start == 5 && spans[2].end == 7);
        CHECK(spans[3].type == NER_ORG && spans[3].start == 7 && spans[3].end == 8); /* I after O */
    }
    /* without LAC's tags: names only */
    CHECK(ner_spans(m, NULL, bio, 8, &spans, &cap) == 3);
    free(spans);
    /* no name at all, into an array not yet allocated (the sanitizer build checks the calls) */
    const uint8_t none[3] = {NER_BIO_O, NER_BIO_O, NER_BIO_O};
    spans = NULL;
    cap = 0;
    CHECK(ner_spans(m, NULL, none, 3, &spans, &cap) == 0);
    CHECK(ner_spans(m, tags, none, 3, &spans, &cap) == 1); /* the time over 在北 */
    free(spans);
}

static void test_embedded(const struct lac_model *m)
{
    const char *error = NULL;
    const struct ner_layer *layer = ner_layer_get(&error);
    CHECK(layer != NULL);
    if (!layer) {
        fprintf(stderr, "  ner layer: %s\n", error);
        return;
    }
    CHECK(layer->about_len > 0 && strncmp(layer->about, "tools/train:", 12) == 0);
    struct ner_tagger *t = ner_tagger_new(m, layer, NULL);
    const char *text = "外交部长王毅昨天在北京会见了美国国务卿布林肯。";
    int32_t cps[64];
    size_t n = normalize_text(text, strlen(text), cps, NULL);
    uint8_t bio[64], again[64], tags[64];
    const size_t one_line[1] = {0};
    ner_tag_lines(t, cps, n, one_line, 1, NULL, bio);
    struct ner_span *spans = NULL;
    size_t cap = 0, count = ner_spans(m, NULL, bio, n, &spans, &cap);
    bool wang = false, beijing = false;
    for (size_t i = 0; i < count; i++) {
        wang = wang || (spans[i].type == NER_PER && spans[i].start == 4 && spans[i].end == 6);
        beijing =
            beijing || (spans[i].type == NER_LOC && spans[i].start == 9 && spans[i].end == 11);
    }
    CHECK(wang && beijing);
    /* asking for LAC's tags too changes nothing in the layer's */
    ner_tag_lines(t, cps, n, one_line, 1, tags, again);
    CHECK(memcmp(bio, again, n) == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(tags[i] < m->n_tags);
    free(spans);
    ner_tagger_free(t);
}

void test_ner_layer(void)
{
    test_file_format();
    test_features();
    test_word_features();
    test_lac_features();
    const struct lac_model *m = lac_model_get(NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    test_spans_with_layer(m);
    test_embedded(m);
    test_no_lac_tags(m);
}
