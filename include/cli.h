/* cli.h — the command line: commands, the one option table, and the validated configuration. */
#ifndef XINWEN_CLI_H
#define XINWEN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "datetime.h"

enum command_id {
    CMD_NONE,
    CMD_META,
    CMD_TEXT,
    CMD_ARTICLES,
    CMD_MENTIONS,
    CMD_SUMMARY,
    CMD_MERGE,
    CMD_TAG
};

enum output_format { FORMAT_JSONL, FORMAT_JSON, FORMAT_TSV, FORMAT_TEXT };

/* summary and merge: what splits every table (--by). */
enum summary_by { BY_NONE, BY_SOURCE, BY_MONTH, BY_YEAR };

/* Which output decides persons, places and orgs (--model): LAC's own tags, or a trained layer
 * (the embedded one, or a file --model names). Raw is the default until the trained layer is
 * at least as good on everything measured (the seeds' golden lists too). */
enum tagger_model { MODEL_RAW, MODEL_TRAINED };

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Exit statuses (DESIGN.md section 2). */
enum exit_status {
    EXIT_OK = 0,          /* every input processed */
    EXIT_SOME_FAILED = 1, /* some inputs failed, each reported on stderr */
    EXIT_USAGE = 2,       /* usage or fatal error */
};

/* Everything a run needs, fixed before any work starts and read-only afterwards. */
struct config {
    enum command_id command;
    enum output_format format;
    int jobs;               /* worker threads, >= 1 */
    const char *files_from; /* list file, "-" for stdin, or NULL */
    bool null_separated;    /* --files-from entries end with NUL, not newline */
    int tz_offset;          /* minutes east of UTC for dates written without a zone */
    bool quiet;
    size_t max_size;               /* bytes; larger files are refused */
    char **extensions;             /* lower-case, without the dot; NULL-terminated; NULL = all */
    const char *dict_path;         /* --dict, or NULL */
    const struct user_dict *dict;  /* loaded from dict_path by main before the run */
    enum tagger_model model;       /* --model */
    const char *layer_path;        /* --model FILE: a layer tools/train wrote, or NULL */
    const struct ner_layer *layer; /* loaded from layer_path by main before the run */
    unsigned types;                /* entity types to report: bit (1 << enum entity_type) */
    bool with_mentions;            /* articles: list every mention too */
    int top;                       /* summary: rows per table, 0 for all */
    enum summary_by by;            /* summary: the table split */
    bool partial;                  /* summary, merge: write the mergeable state instead */
    enum color_mode color;
    bool has_since, has_until; /* --since, --until given */
    char since[11], until[11]; /* their first and last day, YYYY-MM-DD (in --tz) */
    const char *ref;           /* --ref as given, or NULL (tag) */
    struct datetime ref_time;  /* --ref parsed, in --tz when it names no zone */
    char **paths;              /* from the command line, in order */
    size_t path_count;
};

/* What cli_parse decided. */
enum cli_outcome {
    CLI_RUN,   /* run config->command */
    CLI_DONE,  /* help or version was printed: exit 0 */
    CLI_ERROR, /* a usage error was reported on stderr: exit 2 */
};

/* Parses argv into *config. Help and version go to stdout; usage errors are reported on stderr
 * as "xinwen: message" with a hint. The config's lists are allocated; cli_free releases them. */
enum cli_outcome cli_parse(int argc, char **argv, struct config *config);
void cli_free(struct config *config);

/* The name of a --by value ("source", "month", "year"; "none" for BY_NONE). */
const char *summary_by_name(enum summary_by by);

/* Whether an article dated day (YYYY-MM-DD in --tz, or NULL when it has no date) passes
 * --since and --until: always without them, never for an undated article with them. */
bool cli_date_selected(const struct config *config, const char *day);

/* Whether the command recognises entities in articles (articles, mentions, summary). */
bool cli_needs_entities(const struct config *config);

/* Writes the option table in a form the tests compare with --help and the man page: one
 * "--long" per line. */
void cli_list_options(FILE *out);

#endif
