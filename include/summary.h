/* summary.h — the corpus summary: a state of exact counts (articles per source and month,
 * mentions and articles per entity, articles per co-occurring pair, first and last days), split
 * by --by; folded from per-article digests, written and read as partial states, merged, and
 * turned into the report the emitter renders. */
#ifndef XINWEN_SUMMARY_H
#define XINWEN_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "article.h"
#include "buf.h"
#include "cli.h"

/* What a state was made with; states merge only when these agree. */
struct summary_settings {
    enum summary_by by;
    unsigned types;            /* entity types counted: bit (1 << enum entity_type) */
    char since[11], until[11]; /* YYYY-MM-DD, "" when not given */
    int tz_offset;             /* minutes east of UTC: days and months are counted in it */
};

/* The settings a summary run with config makes. */
void summary_settings_from(const struct config *config, struct summary_settings *out);

struct summary;

/* The settings s was made with (unset fields are zero until a partial state sets them). */
const struct summary_settings *summary_settings_of(const struct summary *s);

/* An empty state with settings (NULL: unset, taken from the first partial read). The caller
 * frees it with summary_free. */
struct summary *summary_new(const struct summary_settings *settings);
void summary_free(struct summary *s);

/* Worker side, a record_renderer: appends a's digest (its day, source and distinct entities of
 * config->types, with their mention counts and attributes) for summary_add_digest. */
void summary_digest(const struct config *config, const struct article *a, struct buf *out);

/* Main thread: counts one article from its digest (len bytes, as summary_digest wrote it). */
void summary_add_digest(struct summary *s, const char *digest, size_t len);
/* Counts inputs that failed (reported in the summary). */
void summary_add_errors(struct summary *s, long long errors);

/* Writes the complete state as JSON lines, sorted, so that equal states give equal bytes: a
 * header with the settings, then one line per group, source, month, entity and pair. Returns
 * false when writing failed (errno set). */
bool summary_write_partial(const struct summary *s, FILE *out);

/* Reads partial-state lines from in, in any order (several states concatenated or sorted
 * together are fine), adding them to s. On failure returns false with "line N: message" in err
 * (or a message about the whole file: empty, no header line, "group" members that do not fit
 * the header's --by); s is then only partly filled. */
bool summary_read_partial(struct summary *s, FILE *in, char *err, size_t err_len);

/* Whether b was made with the same settings as a; when not, says which differs in err ("made
 * with another --by than the states before it"). */
bool summary_compatible(const struct summary *a, const struct summary *b, char *err,
                        size_t err_len);
/* Adds every count of from to into (their settings must agree; an unset into takes from's). */
void summary_merge(struct summary *into, const struct summary *from);

/* ---- the report: sorted tables, cut to --top ---- */

struct summary_row {
    const char *key;  /* name, source, month or a pair's first member; NULL: no source */
    const char *with; /* a pair's second member, else NULL */
    long long count;  /* entities: mentions; everything else: articles */
    long long articles;
    const char *code;  /* countries: ISO code; other entities: their country; else NULL */
    const char *role;  /* persons: their most frequent title, else NULL */
    const char *first; /* entities: the first and last day of the articles naming them */
    const char *last;
};

enum table_kind { TABLE_SOURCES, TABLE_MONTHS, TABLE_ENTITIES, TABLE_PAIRS };

struct summary_table {
    enum table_kind kind;
    const char *name;         /* "source", "month", "person" … "date", "person-country" … */
    enum entity_type type;    /* entities */
    size_t total;             /* distinct keys before the cut to --top */
    struct summary_row *rows; /* most first (months: in time order, all of them) */
    size_t count;
};

#define SUMMARY_TABLES_MAX (2 + ENTITY_TYPES + 3)

struct summary_group {
    const char *key; /* the --by value; NULL for the whole corpus or an article without one */
    long long articles, undated;
    const char *first, *last; /* days of the first and last dated article, or NULL */
    struct summary_table tables[SUMMARY_TABLES_MAX];
    size_t table_count;
};

struct summary_report {
    enum summary_by by;
    long long articles, undated, errors;
    const char *first, *last;
    struct summary_group *groups; /* one without --by; by --by's order otherwise */
    size_t group_count;
};

/* The report of s for the types in types (of those counted) with at most top rows per table
 * (0: all). The caller frees it with summary_report_free; it points into s, which must
 * outlive it. */
struct summary_report *summary_report_new(const struct summary *s, unsigned types, int top);
void summary_report_free(struct summary_report *r);

/* The commands: summary over config's inputs, merge over its partial-state files. Return the
 * exit status. */
enum exit_status summary_run(const struct config *config);
enum exit_status merge_run(const struct config *config);

#endif
