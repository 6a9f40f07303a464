/* resolve.c — merging the tagger's spans with country names and abbreviations found in the
 * text (see resolve.h). */
#include "resolve.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "utf8.h"
#include "util.h"

#define FANG 0x65B9 /* 方 */
#define MIAN 0x9762 /* 面: X方面 is "X's side" with X part of a longer name (美泰方面) */
#define REN 0x4EBA  /* 人 */
#define HE 0x6838   /* 核 */
#define XI 0x897F   /* 西 */
#define HUA 0x534E  /* 华 */
#define CODES_MAX 8

/* Two-character words after a run of abbreviations that show it names countries. */
static const char *const fused_context[] = {
    "关系", "两国", "三国", "四国", "双方", "三方", "四方", "建交", "合作", "外长", "领导",
    "友好", "贸易", "之间", "联合", "战略", "全面", "元首", "首脑", "对话", "会谈", "边境",
    "共同", "伙伴", "峰会", "协议", "协定", "经贸", "人民", "友谊", "同盟", "军事", "外交",
    "交流", "会晤", "谈判", "冲突", "争端", "竞争", "博弈", "联手", "互信",
};

struct range {
    size_t start, end;
};

struct resolver {
    const struct user_dict *user; /* --dict, or NULL */
    struct resolved *items;
    size_t cap;
    struct resolved *strong; /* country matches from names and abbreviations */
    size_t strong_cap;
    uint8_t *covered; /* per code point: inside a strong match (so that spans and characters
                       * are checked against them in constant time, not against every one) */
    size_t covered_cap;
    uint8_t *taken;   /* per strong match: absorbed by a longer org/place name */
    uint8_t *dropped; /* per tagger span: an abbreviation glued to a word, or inside an
                       * ordinary word (发展中国家, 穆斯林): no entity */
    size_t dropped_cap;
    struct ner_span *trimmed; /* the tagger's spans without white space at their edges */
    size_t trimmed_cap;
    struct range *ordinary; /* stretches of ordinary words found in the text */
    size_t ordinary_count, ordinary_cap;
    struct date_scanner *dates;
    struct date_found *found_dates;
    size_t found_cap;
};

struct resolver *resolver_new(const struct user_dict *user)
{
    struct resolver *r = xcalloc(1, sizeof *r);
    r->user = user;
    r->dates = date_scanner_new();
    return r;
}

void resolver_free(struct resolver *r)
{
    if (!r)
        return;
    free(r->items);
    free(r->strong);
    free(r->covered);
    free(r->taken);
    free(r->dropped);
    free(r->trimmed);
    free(r->ordinary);
    date_scanner_free(r->dates);
    free(r->found_dates);
    free(r);
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

static struct resolved entity(enum entity_type type, size_t start, size_t end,
                              const struct country *country, bool abbreviation)
{
    struct resolved e = {.type = type,
                         .start = start,
                         .end = end,
                         .country = country,
                         .abbreviation = abbreviation,
                         .read_end = end};
    return e;
}

static void push(struct resolved **list, size_t *count, size_t *cap, struct resolved item)
{
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *list = xrealloc(*list, *cap * sizeof **list);
    }
    (*list)[(*count)++] = item;
}

/* How often each ISO code is named in full in the document (codes as 16-bit keys). */
struct code_counts {
    uint16_t code[256];
    uint32_t count[256];
    size_t used;
};

static uint16_t code_key(const char *code)
{
    return (uint16_t)((unsigned char)code[0] << 8 | (unsigned char)code[1]);
}

static void count_code(struct code_counts *c, const char *code)
{
    uint16_t k = code_key(code);
    for (size_t i = 0; i < c->used; i++)
        if (c->code[i] == k) {
            c->count[i]++;
            return;
        }
    if (c->used < 256) {
        c->code[c->used] = k;
        c->count[c->used++] = 1;
    }
}

static uint32_t named(const struct code_counts *c, const char *code)
{
    uint16_t k = code_key(code);
    for (size_t i = 0; i < c->used; i++)
        if (c->code[i] == k)
            return c->count[i];
    return 0;
}

/* The country an abbreviation stands for in this document, or NULL: the candidate named most
 * often in full; with none named, the first candidate if the abbreviation is strong. */
static const struct country *abbrev_country(const struct country_abbrev *a,
                                            const struct code_counts *full)
{
    const char *best = NULL;
    uint32_t best_count = 0;
    for (const char *p = a->codes; *p; p += p[2] == ',' ? 3 : 2) {
        char code[3] = {p[0], p[1], '\0'};
        uint32_t k = named(full, code);
        if (k > best_count) {
            best_count = k;
            best = p;
        }
        if (p[2] != ',')
            break;
    }
    char code[3] = {0};
    if (best)
        memcpy(code, best, 2);
    else if (a->strong)
        memcpy(code, a->codes, 2);
    else
        return NULL;
    return gazetteer_country_by_code(code);
}

/* Verbs and prepositions that take 华 for China as their object: 访华, 来华, 对华, 驻华. */
static const int32_t china_verbs[] = {
    0x8BBF, 0x6765, 0x8D74, 0x62B5, 0x79BB, 0x9A7B, 0x5728, 0x5BF9, 0x63F4, 0x4FB5, 0x53CD,
    0x4EB2, 0x6D89, 0x53CB, 0x65C5, 0x7559, 0x8FD4, 0x56DE, 0x5165, 0x4F7F, 0x6392,
}; /* 访 来 赴 抵 离 驻 在 对 援 侵 反 亲 涉 友 旅 留 返 回 入 使 排 */

/* Whether the 华 at cps[i] stands for China, bound to a verb or preposition before it (访华期间,
 * 对华政策, 驻华大使): not when that character ends a longer word (未来华夏, 存在华人), and not
 * when 华 begins a word or a name in jieba's dictionary (华人, 华为, 华北, 华盛顿, 华尔街), except
 * a name that is 华 and a word (its person 华大使); 新华社 and 中华 have no verb before 华. */
static bool china_bound(const int32_t *cps, size_t n, size_t i)
{
    if (cps[i] != HUA || i == 0 || (i >= 2 && lexicon_word(cps + i - 2, 2, NULL)))
        return false;
    bool verb = false;
    for (size_t k = 0; k < ARRAY_LEN(china_verbs); k++)
        verb |= cps[i - 1] == china_verbs[k];
    if (!verb)
        return false;
    if (i + 2 <= n && lexicon_word(cps + i, 2, NULL))
        return false;
    uint8_t kinds[LEXICON_PROPER_MAX + 1];
    size_t longest = lexicon_proper_prefixes(cps + i, n - i, kinds);
    for (size_t len = 2; len <= longest; len++)
        if ((kinds[len] & (LEXICON_PERSON | LEXICON_PLACE | LEXICON_ORG))
            && !(len == 3 && lexicon_word(cps + i + 1, 2, NULL))) /* 华大使 is 驻华 大使 */
            return false;
    return true;
}

static bool context_follows(const int32_t *cps, size_t n, size_t at)
{
    return utf8_word_at(cps, n, at, fused_context, ARRAY_LEN(fused_context), false) > 0;
}

/* The length of the body of a state named at cps[at], after its country's name (外交部,
 * 临时政府; not a title such as 外交部长), with a ministry under a government (临时政府难民事务部:
 * up to six characters ending in 部 that start with a common word, not 部长 or 部门; not 政府内部
 * or 政府和国防部); 0 when there is none. */
static size_t institution_after(const int32_t *cps, size_t n, size_t at)
{
    size_t len = gazetteer_institution_at(cps + at, n - at);
    if (!len || gazetteer_role_at(cps + at, n - at, NULL) >= len)
        return 0;
    if (cps[at + len - 2] == 0x653F && cps[at + len - 1] == 0x5E9C) { /* …政府 */
        for (size_t k = 2; k <= 6 && at + len + k <= n; k++) {
            int32_t next = at + len + k < n ? cps[at + len + k] : 0;
            if (!utf8_is_cjk(cps[at + len + k - 1]))
                break;
            if (cps[at + len + k - 1] == 0x90E8 /* 部 */) {
                if (k >= 3 && next != 0x957F && next != 0x95E8 /* 长 门 */
                    && lexicon_word(cps + at + len, 2, NULL)   /* 难民: not 和国, 内部 */
                    && !gazetteer_role_at(cps + at + len, n - at - len, NULL))
                    len += k;
                break;
            }
        }
    }
    return len;
}

/* Country matches: full names, then abbreviations; non-overlapping, in text order. */
static size_t find_countries(struct resolver *r, const int32_t *cps, size_t n,
                             struct code_counts *counts)
{
    size_t count = 0;
    struct code_counts full = {0};
    int title_depth = 0; /* inside 《…》 */
    for (size_t i = 0; i < n;) {
        if (cps[i] == 0x300A || cps[i] == 0x300B) {
            title_depth += cps[i] == 0x300A ? 1 : title_depth > 0 ? -1 : 0;
            i++;
            continue;
        }
        size_t len = 0;
        const struct name_entry *entry = NULL;
        if (!title_depth)
            gazetteer_name_at(r->user, cps + i, n - i, &len, &entry);
        if (entry && entry->ordinary) { /* 发展中国家: no China in it */
            if (r->ordinary_count == r->ordinary_cap) {
                r->ordinary_cap = r->ordinary_cap ? r->ordinary_cap * 2 : 16;
                r->ordinary = xrealloc(r->ordinary, r->ordinary_cap * sizeof *r->ordinary);
            }
            r->ordinary[r->ordinary_count++] = (struct range){i, i + len};
            i += len;
            continue;
        }
        size_t title =
            entry && entry->type != ENTITY_COUNTRY ? gazetteer_role_at(cps + i, n - i, NULL) : 0;
        if (title > len) { /* 外交部长: a title, not the org 外交部 */
            i += title;
            continue;
        }
        if (entry && entry->type != ENTITY_COUNTRY) {
            struct resolved o = entity(entry->type, i, i + len, entry->country, false);
            o.canonical = entry->canonical;
            push(&r->strong, &count, &r->strong_cap, o);
            i += len;
            continue;
        }
        const struct country *c = entry ? entry->country : NULL;
        if (c && i + len < n && cps[i + len] == REN
            && !(i + len + 2 <= n && lexicon_word(cps + i + len, 2, NULL))) {
            i += len; /* 中国人, 西班牙人: people (or a club), left to the tagger; 中国人民,
                       * 塔吉克人口 (人 starting a word) stay countries */
            continue;
        }
        size_t body = c ? institution_after(cps, n, i + len) : 0;
        if (body) { /* 伊朗外交部, 阿富汗临时政府难民事务部: an org of that country */
            push(&r->strong, &count, &r->strong_cap,
                 entity(ENTITY_ORG, i, i + len + body, c, false));
            count_code(&full, c->code);
            i += len + body;
        } else if (c) {
            push(&r->strong, &count, &r->strong_cap, entity(ENTITY_COUNTRY, i, i + len, c, false));
            count_code(&full, c->code);
            i += len;
        } else {
            i++;
        }
    }
    size_t names_end = count;
    /* abbreviations, outside the full names and ordinary words just found */
    size_t next_name = 0, next_ordinary = 0;
    for (size_t i = 0; i < n; i++) {
        while (next_ordinary < r->ordinary_count && r->ordinary[next_ordinary].end <= i)
            next_ordinary++;
        if (next_ordinary < r->ordinary_count && r->ordinary[next_ordinary].start <= i) {
            i = r->ordinary[next_ordinary].end - 1;
            continue;
        }
        while (next_name < names_end && r->strong[next_name].end <= i)
            next_name++;
        if (next_name < names_end && r->strong[next_name].start <= i) {
            i = r->strong[next_name].end - 1;
            continue;
        }
        if (china_bound(cps, n, i)) {
            push(&r->strong, &count, &r->strong_cap,
                 entity(ENTITY_COUNTRY, i, i + 1, gazetteer_country_by_code("CN"), true));
            continue;
        }
        const struct country_abbrev *a = gazetteer_abbrev(cps[i]);
        if (!a)
            continue;
        /* X方 */
        if (i + 1 < n && cps[i + 1] == FANG && !(i + 2 < n && cps[i + 2] == MIAN)) {
            const struct country *c = abbrev_country(a, &full);
            if (c)
                push(&r->strong, &count, &r->strong_cap, entity(ENTITY_COUNTRY, i, i + 2, c, true));
            i++;
            continue;
        }
        /* X西方: 美西方 (the US and the West) */
        if (a->strong && i + 2 < n && cps[i + 1] == XI && cps[i + 2] == FANG) {
            const struct country *c = abbrev_country(a, &full);
            if (c) {
                struct resolved e = entity(ENTITY_COUNTRY, i, i + 1, c, true);
                e.read_end = i + 3;
                push(&r->strong, &count, &r->strong_cap, e);
            }
            i += 2;
            continue;
        }
        /* X核: 伊核问题, 朝核 (the nuclear issue of X) */
        if (a->strong == 2 && i + 1 < n && cps[i + 1] == HE) {
            const struct country *c = abbrev_country(a, &full);
            if (c)
                push(&r->strong, &count, &r->strong_cap, entity(ENTITY_COUNTRY, i, i + 1, c, true));
            continue;
        }
        /* a run of distinct abbreviations followed by a context word (中伊关系, 中阿巴三方), or,
         * when the document names each in full, by any common word (中伊务实合作); never into
         * a full name (日中国) */
        size_t j = i + 1;
        const struct country_abbrev *run[4] = {a};
        size_t run_len = 1;
        while (j < n && run_len < 4
               && !(next_name < names_end && r->strong[next_name].start <= j)) {
            const struct country_abbrev *b = gazetteer_abbrev(cps[j]);
            bool repeated = false;
            for (size_t k = 0; k < run_len && b; k++)
                repeated |= run[k] == b;
            if (!b || repeated)
                break;
            run[run_len++] = b;
            j++;
        }
        /* the first character may end a word instead (近日中美: 近日), unless that leaves
         * a single abbreviation (表明日美, 自从中美) */
        size_t first = i;
        bool in_word = i > 0 && lexicon_word(cps + i - 1, 2, NULL);
        if (in_word && run_len >= 3) {
            first++;
            run_len--;
            for (size_t k = 0; k < run_len; k++)
                run[k] = run[k + 1];
        }
        bool all_named = !in_word;
        for (size_t k = 0; k < run_len && all_named; k++) {
            const struct country *c = abbrev_country(run[k], &full);
            all_named = c && named(&full, c->code);
        }
        if (run_len >= 2
            && (context_follows(cps, n, j)
                || (all_named && j + 2 <= n && lexicon_word(cps + j, 2, NULL)
                    && !lexicon_name_piece(cps + first, run_len < 3 ? run_len : 3)))) { /* 沙阿 */
            for (size_t k = 0; k < run_len; k++) {
                const struct country *c = abbrev_country(run[k], &full);
                if (c)
                    push(&r->strong, &count, &r->strong_cap,
                         entity(ENTITY_COUNTRY, first + k, first + k + 1, c, true));
            }
            i = j - 1;
        }
    }
    *counts = full;
    return count;
}

/* The countries of the distinct abbreviations at cps[from..end) (at most 4) that the document
 * names in full, into found[]; how many. */
static size_t confirmed_run(const int32_t *cps, size_t from, size_t end,
                            const struct code_counts *full, const struct country *found[4])
{
    const struct country_abbrev *run[4] = {NULL};
    size_t len = 0;
    while (from + len < end && len < 4) {
        const struct country_abbrev *a = gazetteer_abbrev(cps[from + len]);
        for (size_t q = 0; q < len && a; q++)
            if (run[q] == a)
                a = NULL;
        const struct country *c = a ? abbrev_country(a, full) : NULL;
        if (!c || !named(full, c->code))
            break;
        run[len] = a;
        found[len++] = c;
    }
    return len;
}

/* Whether the tagged name cps[start..end) is country abbreviations glued to ordinary words,
 * judged by jieba's word frequencies: 阿和平 (阿 + 和平), 伊援助, 阿提 (of 阿提供), 伊核, 向阿,
 * 于美伊 — the word is more common than any name that begins or ends there, while 阿特马尔
 * and 奥巴马 stay names. Sets *run_start and *run_len to the abbreviations and found[] to
 * their countries (named in full in the document). */
static bool glued_abbreviations(const int32_t *cps, size_t n, size_t start, size_t end,
                                const struct code_counts *full, size_t *run_start, size_t *run_len,
                                const struct country *found[4])
{
    size_t lead = 0;
    uint32_t lead_freq = 0;
    enum word_class cls = WORD_OTHER;
    if (!gazetteer_abbrev(cps[start]) && start + 1 < end && gazetteer_abbrev(cps[start + 1])) {
        lead_freq = lexicon_word(cps + start, 1, &cls);
        lead = lead_freq && cls == WORD_FUNCTION; /* 向, 于, 对 */
    }
    size_t q = start + lead;
    size_t run = confirmed_run(cps, q, end, full, found);
    for (size_t k = 0; k < run; k++)
        if (!gazetteer_abbrev(cps[q + k])->strong)
            return false; /* 新 of 新会期 */
    size_t e = q + run, rest = end - e;
    if (run == 0 || (lead == 0 && rest == 0))
        return false; /* not glued, or only abbreviations (see abbreviation_spans) */
    if (lead) {       /* 向阿, 于美伊: the word against names ending in the abbreviation */
        uint32_t name = lexicon_name_piece(cps + e - 2, 2);
        if (e >= 3)
            name = max_u32(name, lexicon_name_piece(cps + e - 3, 3));
        if (lead_freq <= name)
            return false;
    }
    if (rest) { /* 阿和平, 阿提(供): the word after the abbreviation against names there */
        size_t len = 0;
        const struct name_entry *entry = NULL;
        gazetteer_name_at(NULL, cps + e - 1, n - (e - 1), &len, &entry);
        if (entry || (e + 2 <= n && lexicon_name_piece(cps + e - 1, 3)))
            return false; /* 也门 (in 也门人), 英联邦 */
        uint32_t name = lexicon_name_piece(cps + e - 1, 2);
        uint32_t two = e + 2 <= n ? lexicon_word(cps + e, 2, NULL) : 0;
        uint32_t one = lexicon_word(cps + e, 1, &cls);
        bool word;
        if (two) /* 利益 in 阿利益攸, 提供 in 阿提供 */
            word = two > name;
        else if (rest == 1) /* 伊核: one character, and no name starts so */
            word = one && !name;
        else /* 阿和地区: a function word, then a word (巴比什 is no 巴 + 比) */
            word = one && cls == WORD_FUNCTION && !name && e + 3 <= n
                   && lexicon_word(cps + e + 1, 2, NULL);
        if (!word)
            return false;
    }
    *run_start = q;
    *run_len = run;
    return true;
}

/* Model spans that are nothing but country abbreviations: 中伊 or 中阿巴 tagged as a name
 * (two to four distinct abbreviations), or a lone 阿 tagged as a place or person when the
 * document names its country in full; and persons or places that are abbreviations glued to
 * a word (see glued_abbreviations). Adds their countries to the strong matches; marks in
 * r->dropped the glued spans and those that overlap an ordinary word. */
/* Adds a strong match and marks its code points as covered. */
static void push_strong(struct resolver *r, size_t *count, struct resolved item)
{
    memset(r->covered + item.start, 1, item.end - item.start);
    push(&r->strong, count, &r->strong_cap, item);
}

static size_t abbreviation_spans(struct resolver *r, size_t count, const int32_t *cps, size_t n,
                                 const struct ner_span *spans, size_t nspans,
                                 const struct code_counts *full)
{
    if (nspans > r->dropped_cap) {
        r->dropped_cap = nspans;
        r->dropped = xrealloc(r->dropped, nspans);
    }
    if (nspans)
        memset(r->dropped, 0, nspans);
    for (size_t i = 0, o = 0; i < nspans; i++) {
        const struct ner_span *sp = &spans[i];
        size_t len = sp->end - sp->start;
        while (o < r->ordinary_count && r->ordinary[o].end <= sp->start)
            o++;
        if (o < r->ordinary_count && r->ordinary[o].start < sp->end && sp->type != NER_TIME) {
            r->dropped[i] = 1; /* 穆斯林 tagged as an organisation */
            continue;
        }
        if (sp->type == NER_TIME || len == 0 || len > 6)
            continue;
        if (memchr(r->covered + sp->start, 1, len))
            continue; /* overlaps a strong match */
        if ((sp->type == NER_PER || sp->type == NER_LOC) && len == 4
            && lexicon_word(cps + sp->start, 2, NULL) && lexicon_word(cps + sp->start + 2, 2, NULL)
            && !lexicon_name_piece(cps + sp->start, 2)) {
            r->dropped[i] = 1; /* 团结协作 tagged as a place: two common words, no name */
            continue;
        }
        /* read as countries only when the document names every one of them in full: 巴黎,
         * 美泰 and 德加 are names made of abbreviation characters too */
        const struct country *found[4];
        size_t from = sp->start, run = confirmed_run(cps, sp->start, sp->end, full, found);
        if (run != len) {
            if ((sp->type != NER_PER && sp->type != NER_LOC)
                || !glued_abbreviations(cps, n, sp->start, sp->end, full, &from, &run, found))
                continue;
            r->dropped[i] = 1;
        }
        for (size_t k = 0; k < run; k++)
            push_strong(r, &count, entity(ENTITY_COUNTRY, from + k, from + k + 1, found[k], true));
    }
    return count;
}

/* Whether the abbreviation at cps[i] (one marked "lone" in tools/country-abbreviations.tsv)
 * stands alone between a verb or preposition and a word:
 * 为伊采购, 作为阿共同邻国, 防止阿形势, 在于美不负责任. Not when jieba knows the character as
 * an ordinary word on its own (中 日 以 新), or in a word with its neighbour (依法, 美元). */
static bool lone_abbreviation(const int32_t *cps, size_t n, size_t i)
{
    if (lexicon_word(cps + i, 1, NULL) || (i >= 1 && lexicon_word(cps + i - 1, 2, NULL))
        || (i + 2 <= n && lexicon_word(cps + i, 2, NULL)))
        return false;
    enum word_class cls = WORD_OTHER;
    bool after_verb = (i >= 2 && lexicon_word(cps + i - 2, 2, &cls) && cls != WORD_OTHER)
                      || (i >= 1 && lexicon_word(cps + i - 1, 1, &cls) && cls != WORD_OTHER);
    if (!after_verb || i + 3 > n)
        return false;
    uint32_t word = lexicon_word(cps + i + 1, 2, NULL);
    uint32_t name = lexicon_name_piece(cps + i, 2);
    if (i + 3 <= n)
        name = max_u32(name, lexicon_name_piece(cps + i, 3));
    return word > name;
}

/* Lone abbreviations (see lone_abbreviation) outside the strong matches, ordinary words and
 * the tagger's spans, of countries the document names in full: added to the strong matches. */
static size_t lone_abbreviations(struct resolver *r, size_t count, const int32_t *cps, size_t n,
                                 const struct ner_span *spans, size_t nspans,
                                 const struct code_counts *full)
{
    size_t sp = 0, o = 0;
    for (size_t i = 0; i < n; i++) {
        const struct country_abbrev *a = gazetteer_abbrev(cps[i]);
        if (!a || a->strong < 2)
            continue;
        while (sp < nspans && spans[sp].end <= i)
            sp++;
        while (o < r->ordinary_count && r->ordinary[o].end <= i)
            o++;
        bool covered = (sp < nspans && spans[sp].start <= i)
                       || (o < r->ordinary_count && r->ordinary[o].start <= i) || r->covered[i];
        const struct country *c = covered ? NULL : abbrev_country(a, full);
        if (c && named(full, c->code) && lone_abbreviation(cps, n, i))
            push_strong(r, &count, entity(ENTITY_COUNTRY, i, i + 1, c, true));
    }
    return count;
}

/* Modifiers before a title: dropped from the title (新任外长 → 外长) or kept (代理副总理). */
static const char *const dropped_modifiers[] = {"新任", "现任", "候任", "首任"};
static const char *const kept_modifiers[] = {"代理", "前任", "临时", "常务", "署理", "前"};

/* Length of the first of words that ends at cps[end], or 0. */
static size_t word_before(const int32_t *cps, size_t end, const char *const *words, size_t count)
{
    return utf8_word_at(cps, end, end, words, count, true);
}

/* The title chain ending at cps[end]: sets *start (where it begins, kept modifiers included),
 * *outer (before any dropped modifier) and *own (may be NULL: the one country a title of the
 * chain belongs to, 国务委员 → CN, or NULL); false when there is no title. */
static bool title_before(const int32_t *cps, size_t end, size_t floor, size_t *start, size_t *outer,
                         const struct country **own)
{
    size_t pos = end;
    bool found = false;
    if (own)
        *own = NULL;
    for (;;) {
        const struct country *c = NULL;
        size_t len = pos > floor ? gazetteer_role_before(cps, pos, &c) : 0;
        if (c && own)
            *own = c;
        if (!len || pos - len < floor)
            break;
        pos -= len;
        found = true;
        size_t kept = word_before(cps, pos, kept_modifiers, ARRAY_LEN(kept_modifiers));
        if (kept && pos - kept >= floor)
            pos -= kept;
        if (pos > floor && cps[pos - 1] == 0x517C) { /* 兼 */
            pos--;
            continue;
        }
        break;
    }
    if (!found)
        return false;
    *start = pos;
    size_t dropped = word_before(cps, pos, dropped_modifiers, ARRAY_LEN(dropped_modifiers));
    *outer = pos - (dropped && pos - dropped >= floor ? dropped : 0);
    return true;
}

/* Titles and their countries for the persons among items[0..total) (sorted by start). */
static void attach_titles(struct resolved *items, size_t total, const int32_t *cps, size_t n)
{
    for (size_t i = 0; i < total; i++) {
        struct resolved *p = &items[i];
        if (p->type != ENTITY_PERSON)
            continue;
        size_t floor = i > 0 ? items[i - 1].end : 0;
        size_t start, outer;
        const struct country *own = NULL;
        if (floor <= p->start && title_before(cps, p->start, floor, &start, &outer, &own)) {
            p->role_start = start;
            p->role_end = p->start;
            /* 伊朗外长 names the title's country; 驻阿富汗大使 only where the post is; else
             * a title only one country has (国务委员兼外长 → CN) */
            if (i > 0 && items[i - 1].end == outer && items[i - 1].type != ENTITY_PERSON
                && !(items[i - 1].start > 0 && cps[items[i - 1].start - 1] == 0x9A7B)) /* 驻 */
                p->country = items[i - 1].country;
            if (!p->country)
                p->country = own;
            continue;
        }
        size_t limit = i + 1 < total ? items[i + 1].start : n;
        size_t len = gazetteer_role_at(cps + p->end, limit - p->end, &own);
        if (len) {
            p->role_start = p->end;
            p->role_end = p->end + len;
            if (!p->country)
                p->country = own;
        }
    }
}

/* Whether cps[start..end) is a title, possibly after a country already matched (中国国务委员). */
static bool only_title(const int32_t *cps, size_t start, size_t end, const struct resolved *strong,
                       size_t from, size_t strong_count)
{
    size_t pos = start;
    for (size_t k = from; k < strong_count && strong[k].start < end; k++)
        if (strong[k].start == pos)
            pos = strong[k].end;
    size_t t, outer;
    return pos < end && title_before(cps, end, pos, &t, &outer, NULL) && outer == pos;
}

/* 一 to 十 and 两 */
static bool is_numeral(int32_t cp)
{
    static const int32_t numerals[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                       0x4E03, 0x516B, 0x4E5D, 0x5341, 0x4E24};
    for (size_t i = 0; i < ARRAY_LEN(numerals); i++)
        if (numerals[i] == cp)
            return true;
    return false;
}

/* Whether a name can neither begin nor end with cp: white space and punctuation. */
static bool outside_name(int32_t cp)
{
    return utf8_is_blank(cp) || utf8_is_punct(cp);
}

/* A name neither begins nor ends with white space or punctuation, though a tagger may take in
 * the space or quotation mark before one (会面 吁各方: the trained layer once tagged " 吁"; " 亚洲
 * of " 亚洲优先 "): the spans narrowed to what lies between their first and last other
 * characters, less those where nothing does, into r->trimmed. */
static size_t trim_spans(struct resolver *r, const int32_t *cps, const struct ner_span *spans,
                         size_t count)
{
    if (count > r->trimmed_cap) {
        r->trimmed_cap = count;
        r->trimmed = xrealloc(r->trimmed, count * sizeof *r->trimmed);
    }
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        struct ner_span s = spans[i];
        while (s.start < s.end && outside_name(cps[s.start]))
            s.start++;
        while (s.end > s.start && outside_name(cps[s.end - 1]))
            s.end--;
        if (s.start < s.end)
            r->trimmed[kept++] = s;
    }
    return kept;
}

static int by_start(const void *a, const void *b)
{
    const struct resolved *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

size_t resolve_document(struct resolver *r, const int32_t *cps, size_t n,
                        const struct ner_span *spans, size_t count, const struct date_ref *ref,
                        const struct resolved **out)
{
    struct code_counts full;
    r->ordinary_count = 0;
    count = trim_spans(r, cps, spans, count);
    spans = r->trimmed;
    size_t strong = find_countries(r, cps, n, &full);
    if (n > r->covered_cap) {
        r->covered_cap = n;
        r->covered = xrealloc(r->covered, n);
    }
    if (n)
        memset(r->covered, 0, n);
    for (size_t k = 0; k < strong; k++)
        memset(r->covered + r->strong[k].start, 1, r->strong[k].end - r->strong[k].start);
    strong = abbreviation_spans(r, strong, cps, n, spans, count, &full);
    strong = lone_abbreviations(r, strong, cps, n, spans, count, &full);
    if (strong > 1)
        qsort(r->strong, strong, sizeof *r->strong, by_start);
    r->taken = xrealloc(r->taken, strong ? strong : 1);
    memset(r->taken, 0, strong ? strong : 1);

    size_t total = 0, s = 0;
    for (size_t i = 0; i < count; i++) {
        const struct ner_span *sp = &spans[i];
        if (r->dropped[i] || sp->type == NER_TIME)
            continue; /* dates come from src/dates.c */
        enum entity_type type = sp->type == NER_PER   ? ENTITY_PERSON
                                : sp->type == NER_ORG ? ENTITY_ORG
                                                      : ENTITY_PLACE;
        size_t start = sp->start, end = sp->end;
        if (type == ENTITY_PLACE && end - start > 3 && cps[start] == 0x9996
            && cps[start + 1] == 0x90FD)
            start += 2; /* 首都喀布尔国际机场: the capital's airport is 喀布尔国际机场 */
        while (s < strong && r->strong[s].end <= start)
            s++;
        if (type == ENTITY_PLACE && s < strong && r->strong[s].start == start
            && r->strong[s].type == ENTITY_PLACE && r->strong[s].end + 2 == end
            && cps[end - 1] == 0x56FD && is_numeral(cps[end - 2]))
            continue; /* 中亚五国: the place is 中亚 */
        bool overlaps = false, inside_only = true, equal = false;
        bool only_countries = true, abbreviated = false, has_org = false, cuts_reading = false;
        size_t covered = 0;
        const struct country *contained = NULL;
        for (size_t k = s; k < strong && r->strong[k].start < end; k++) {
            const struct resolved *m = &r->strong[k];
            overlaps = true;
            bool inside = m->start >= start && m->end <= end;
            equal |= m->start == start && m->end == end;
            if (!inside)
                inside_only = false;
            else if (!contained)
                contained = m->country;
            if (inside)
                covered += m->end - m->start;
            only_countries &= m->type == ENTITY_COUNTRY;
            abbreviated |= m->abbreviation;
            has_org |= m->type == ENTITY_ORG;
            cuts_reading |= m->end <= end && m->read_end > end;
        }
        if ((type == ENTITY_ORG || type == ENTITY_PLACE)
            && only_title(cps, start, end, r->strong, s, strong))
            continue; /* 国务委员, 中国国务委员: a title, not an organisation */
        /* a place name of the gazetteer that starts inside a title just before the span loses
         * to it: 长沙 in 外长沙伦贝格 (short city names are common character pairs) */
        bool straddling = overlaps && start > 0 && gazetteer_role_before(cps, start, NULL);
        for (size_t k = s; k < strong && r->strong[k].start < end && straddling; k++) {
            const struct resolved *m = &r->strong[k];
            straddling = m->type == ENTITY_PLACE && m->start < start && m->end < end;
        }
        if (straddling) {
            for (size_t k = s; k < strong && r->strong[k].start < end; k++)
                r->taken[k] = 1;
            push(&r->items, &total, &r->cap, entity(type, start, end, NULL, false));
            continue;
        }
        if (!overlaps) {
            push(&r->items, &total, &r->cap, entity(type, start, end, NULL, false));
            continue;
        }
        /* the span keeps its name when the gazetteer's names lie inside it and it says more:
         * 伊朗外交部 and 中国外交部 are organisations (of IR, CN); 马里恩·图尔 is a person */
        bool keep = inside_only && !equal;
        if (keep && covered == end - start && only_countries)
            keep = false; /* nothing but countries: 中伊 */
        if (keep && cuts_reading)
            keep = false; /* 美西|方 cuts the 西方 that 美 was read with: 美 wins */
        if (keep && type == ENTITY_PERSON) {
            bool dotted = false;
            for (size_t k = start; k < end; k++)
                dotted |= cps[k] == 0xB7 || cps[k] == 0x2022 || cps[k] == 0x30FB;
            /* unless it grew out of an abbreviation (伊方愿) or an organisation */
            keep = dotted || !(abbreviated || has_org);
            contained = NULL;
        }
        if (keep) {
            for (size_t k = s; k < strong && r->strong[k].start < end; k++)
                r->taken[k] = 1;
            push(&r->items, &total, &r->cap, entity(type, start, end, contained, false));
        }
        /* otherwise the gazetteer's names win and the span is dropped */
    }
    for (size_t k = 0; k < strong; k++)
        if (!r->taken[k])
            push(&r->items, &total, &r->cap, r->strong[k]);
    if (total > 1)
        qsort(r->items, total, sizeof *r->items, by_start);
    attach_titles(r->items, total, cps, n);
    /* dates, where no other entity is */
    size_t dates = dates_find(r->dates, cps, n, ref, &r->found_dates, &r->found_cap);
    size_t names = total, k = 0;
    for (size_t d = 0; d < dates; d++) {
        const struct date_found *f = &r->found_dates[d];
        while (k < names && r->items[k].end <= f->start)
            k++;
        if (k < names && r->items[k].start < f->end)
            continue;
        struct resolved e = entity(ENTITY_DATE, f->start, f->end, NULL, false);
        e.date = f;
        push(&r->items, &total, &r->cap, e);
    }
    if (total > names)
        qsort(r->items, total, sizeof *r->items, by_start);
    *out = r->items;
    return total;
}
