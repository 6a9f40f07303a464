/* cli.c — command and option tables, argument parsing and --help (see cli.h). The tables here
 * are the only list of commands and options: parsing, help and the man-page test read them. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datetime.h"
#include "ner_layer.h"
#include "recognize.h"
#include "util.h"

#define XINWEN_VERSION "0.1.0"
#define DEFAULT_TZ_OFFSET (8 * 60)
#define DEFAULT_MAX_SIZE ((size_t)64 << 20)
#define DEFAULT_EXTENSIONS "md,markdown,html,htm,txt"
#define MAX_JOBS 256
#define COMMAND_NAMES "meta, text, articles, mentions, summary, merge, tag"
#define DEFAULT_TOP 20

struct command_spec {
    const char *name;
    const char *summary;
    enum command_id id;
    enum output_format default_format;
};

static const struct command_spec commands[] = {
    {"meta", "normalised front matter of each article: title, date, source, url, tags, ...",
     CMD_META, FORMAT_JSONL},
    {"text", "clean body text of each article, one paragraph per line", CMD_TEXT, FORMAT_TEXT},
    {"articles", "each article's metadata and its entities grouped by type, with counts",
     CMD_ARTICLES, FORMAT_JSONL},
    {"mentions", "every entity mention: path, type, canonical name, surface, offsets, code",
     CMD_MENTIONS, FORMAT_TSV},
    {"summary",
     "the corpus: top entities per type, dates, sources, months and co-occurring pairs (with "
     "--partial: a mergeable state)",
     CMD_SUMMARY, FORMAT_TEXT},
    {"merge", "combines the states of summary --partial (files, or - for stdin) into one summary",
     CMD_MERGE, FORMAT_TEXT},
    {"tag", "entities in each line of standard input (person, country, place, org, date), as JSON",
     CMD_TAG, FORMAT_JSONL},
};

enum option_id {
    OPT_FORMAT,
    OPT_JOBS,
    OPT_FILES_FROM,
    OPT_NULL,
    OPT_TZ,
    OPT_REF,
    OPT_TYPES,
    OPT_DICT,
    OPT_MODEL,
    OPT_MENTIONS,
    OPT_TOP,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_BY,
    OPT_PARTIAL,
    OPT_COLOR,
    OPT_EXT,
    OPT_MAX_SIZE,
    OPT_QUIET,
    OPT_HELP,
    OPT_VERSION
};

struct option_spec {
    enum option_id id;
    char short_name; /* 0 when there is none */
    const char *long_name;
    const char *arg; /* argument placeholder, NULL for a flag */
    const char *help;
};

/* Sorted as --help shows them. */
static const struct option_spec options[] = {
    {OPT_FORMAT, 'f', "format", "FMT", "output format: jsonl, json, tsv or text"},
    {OPT_JOBS, 'j', "jobs", "N", "worker threads (default: number of cores)"},
    {OPT_FILES_FROM, 0, "files-from", "FILE", "read more input paths from FILE (- for stdin)"},
    {OPT_NULL, '0', "null", NULL, "paths in --files-from end with NUL instead of newline"},
    {OPT_TZ, 0, "tz", "ZONE",
     "zone for dates written without one: +08:00, -0500, UTC (default +08:00)"},
    {OPT_REF, 0, "ref", "DATETIME",
     "tag: the reference date-time for relative dates (昨天, 上个月)"},
    {OPT_DICT, 0, "dict", "FILE",
     "user dictionary: TSV surface, type[, canonical[, ISO code]] per line"},
    {OPT_MODEL, 0, "model", "MODEL",
     "entity tagger: raw (LAC's own tags, default), trained (xinwen's trained layer) or a layer "
     "FILE tools/train wrote"},
    {OPT_TYPES, 0, "types", "LIST",
     "entity types to report: person,country,place,org,date (default: all)"},
    {OPT_MENTIONS, 0, "mentions", NULL, "articles: also list every mention with its offsets"},
    {OPT_SINCE, 0, "since", "DATE",
     "only articles dated on or after DATE: 2021, 2021-09 or 2021-09-03"},
    {OPT_UNTIL, 0, "until", "DATE",
     "only articles dated on or before DATE (the whole year or month)"},
    {OPT_TOP, 0, "top", "N", "summary: rows per table (default 20; 0 for all)"},
    {OPT_BY, 0, "by", "KEY", "summary: split every table by source, month or year"},
    {OPT_PARTIAL, 0, "partial", NULL,
     "summary, merge: write the complete mergeable state (JSON lines)"},
    {OPT_COLOR, 0, "color", "WHEN",
     "colour in text output: auto (a terminal, no NO_COLOR), always, never"},
    {OPT_EXT, 0, "ext", "LIST",
     "extensions read inside folders (default " DEFAULT_EXTENSIONS "; * for all)"},
    {OPT_MAX_SIZE, 0, "max-size", "SIZE",
     "refuse files larger than SIZE, with K, M or G (default 64M)"},
    {OPT_QUIET, 'q', "quiet", NULL, "no closing count of errors on stderr"},
    {OPT_HELP, 'h', "help", NULL, "show this help and exit"},
    {OPT_VERSION, 'V', "version", NULL, "show the version and exit"},
};

static const char *const format_names[] = {
    [FORMAT_JSONL] = "jsonl",
    [FORMAT_JSON] = "json",
    [FORMAT_TSV] = "tsv",
    [FORMAT_TEXT] = "text",
};

static const char *const by_names[] = {
    [BY_NONE] = "none",
    [BY_SOURCE] = "source",
    [BY_MONTH] = "month",
    [BY_YEAR] = "year",
};

static const char *const model_names[] = {
    [MODEL_RAW] = "raw",
    [MODEL_TRAINED] = "trained",
};

static const char *const color_names[] = {
    [COLOR_AUTO] = "auto",
    [COLOR_ALWAYS] = "always",
    [COLOR_NEVER] = "never",
};

const char *summary_by_name(enum summary_by by)
{
    return by_names[by];
}

/* Finds s in names (count entries); its index, or -1. */
static int name_index(const char *const *names, size_t count, const char *s)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

/* "2021", "2021-09" or "2021-09-03" → the first (last, with last) day of that year, month or
 * day as YYYY-MM-DD in out[11]. */
static bool parse_day_bound(const char *s, bool last, char out[11])
{
    int year, month = 0, day = 0;
    size_t n = strlen(s);
    if (!(n == 4 || n == 7 || n == 10) || !parse_digits(s, 4, &year) || year < 1)
        return false;
    if (n >= 7 && (s[4] != '-' || !parse_digits(s + 5, 2, &month) || month < 1 || month > 12))
        return false;
    if (n == 10
        && (s[7] != '-' || !parse_digits(s + 8, 2, &day) || day < 1
            || day > days_in_month(year, month)))
        return false;
    if (!month)
        month = last ? 12 : 1;
    if (!day)
        day = last ? days_in_month(year, month) : 1;
    snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
    return true;
}

bool cli_date_selected(const struct config *config, const char *day)
{
    if (!config->has_since && !config->has_until)
        return true;
    if (!day)
        return false;
    return (!config->has_since || strcmp(day, config->since) >= 0)
           && (!config->has_until || strcmp(day, config->until) <= 0);
}

static const struct command_spec *find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static const struct command_spec *command_by_id(enum command_id id)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if (commands[i].id == id)
            return &commands[i];
    return NULL;
}

void cli_list_options(FILE *out)
{
    for (size_t i = 0; i < ARRAY_LEN(options); i++)
        fprintf(out, "--%s\n", options[i].long_name);
}

static void print_help(FILE *out, enum command_id id)
{
    const struct command_spec *cmd = command_by_id(id);
    if (cmd) {
        fprintf(out, "Usage: xinwen %s [OPTION]... PATH...\n\n", cmd->name);
        fprintf(out, "%s.\n", cmd->summary);
        fprintf(out, "Default format: %s.\n\n", format_names[cmd->default_format]);
    } else {
        fputs("Usage: xinwen COMMAND [OPTION]... PATH...\n\n"
              "Reads folders of saved Chinese news articles (Markdown or HTML with YAML front\n"
              "matter, bare HTML, plain text) and writes one record per article.\n\n"
              "Commands:\n",
              out);
        for (size_t i = 0; i < ARRAY_LEN(commands); i++)
            fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
        fputs("\nPATH is a file, a folder (read recursively, in sorted order) or - for standard\n"
              "input.\n\n",
              out);
    }
    fputs("Options:\n", out);
    for (size_t i = 0; i < ARRAY_LEN(options); i++) {
        const struct option_spec *o = &options[i];
        char left[48];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->long_name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->long_name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(out, "  %-24s %s\n", left, o->help);
    }
    fputs("\nExit status: 0 all inputs processed, 1 some inputs failed (each reported on\n"
          "stderr as 'xinwen: PATH: message'), 2 usage or fatal error.\n"
          "See xinwen(1) for the output fields.\n",
          out);
}

__attribute__((format(printf, 1, 2))) static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("xinwen: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'xinwen --help' for more information.\n", stderr);
}

/* "64M", "100k", "1G", "4096" → bytes. */
static bool parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    if (!isdigit((unsigned char)*s))
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10, end++;
    else if (*end == 'm' || *end == 'M')
        shift = 20, end++;
    else if (*end == 'g' || *end == 'G')
        shift = 30, end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v == 0 || v > (1ULL << 40) >> shift)
        return false;
    *out = (size_t)(v << shift);
    return true;
}

/* "md,HTML, .txt" → {"md","html","txt",NULL}; "*" → NULL (every file). */
static char **parse_extensions(const char *list)
{
    if (strcmp(list, "*") == 0)
        return NULL;
    size_t count = 1;
    for (const char *p = list; *p; p++)
        count += *p == ',';
    char **exts = xcalloc(count + 1, sizeof *exts);
    size_t n = 0;
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '.')
            p++;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ')
            p++;
        if (p > start) {
            char *e = xstrndup(start, (size_t)(p - start));
            for (char *c = e; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            exts[n++] = e;
        }
    }
    return exts;
}

static void free_extensions(char **exts)
{
    if (!exts)
        return;
    for (char **e = exts; *e; e++)
        free(*e);
    free(exts);
}

static const struct option_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_LEN(options); i++)
        if (strlen(options[i].long_name) == len && strncmp(options[i].long_name, name, len) == 0)
            return &options[i];
    return NULL;
}

static const struct option_spec *find_short(char c)
{
    for (size_t i = 0; i < ARRAY_LEN(options); i++)
        if (options[i].short_name == c)
            return &options[i];
    return NULL;
}

/* The version, and how the NER layer was trained (its data, so a score on that data is known
 * not to be a test; bench/eval-ner reads this line): the embedded layer, or the file of a
 * --model FILE given before --version. */
static void print_version(const char *layer_path)
{
    puts("xinwen " XINWEN_VERSION);
    char message[512];
    const char *error = message;
    struct ner_layer *loaded =
        layer_path ? ner_layer_load(layer_path, message, sizeof message) : NULL;
    const struct ner_layer *layer = layer_path ? loaded : ner_layer_get(&error);
    if (layer)
        printf("ner layer: %.*s\n", (int)layer->about_len, layer->about);
    else
        printf("ner layer: unusable (%s)\n", error);
    ner_layer_free(loaded);
}

/* Applies one option; returns false after reporting a usage error. */
static bool apply_option(struct config *c, const struct option_spec *o, const char *arg,
                         bool *format_set, enum cli_outcome *done)
{
    long n;
    if (!arg)
        arg = ""; /* flags take none; options always have one (the parser checks) */
    switch (o->id) {
    case OPT_FORMAT:
        for (size_t i = 0; i < ARRAY_LEN(format_names); i++) {
            if (strcmp(arg, format_names[i]) == 0) {
                c->format = (enum output_format)i;
                *format_set = true;
                return true;
            }
        }
        usage_error("unknown format '%s' (use jsonl, json, tsv or text)", arg);
        return false;
    case OPT_JOBS:
        if (!parse_long(arg, 1, MAX_JOBS, &n)) {
            usage_error("--jobs needs a number from 1 to 256, not '%s'", arg);
            return false;
        }
        c->jobs = (int)n;
        return true;
    case OPT_FILES_FROM:
        c->files_from = arg;
        return true;
    case OPT_NULL:
        c->null_separated = true;
        return true;
    case OPT_TZ:
        if (!tz_parse(arg, &c->tz_offset)) {
            usage_error("unknown time zone '%s' (use an offset such as +08:00, or UTC)", arg);
            return false;
        }
        return true;
    case OPT_REF:
        c->ref = arg;
        return true;
    case OPT_TYPES:
        c->types = entity_type_mask(arg);
        if (!c->types) {
            usage_error("--types takes a list of person, country, place, org, date, not '%s'", arg);
            return false;
        }
        return true;
    case OPT_DICT:
        c->dict_path = arg;
        return true;
    case OPT_MODEL: {
        int i = name_index(model_names, ARRAY_LEN(model_names), arg);
        if (i < 0 && access(arg, F_OK) != 0) { /* a misspelt name, most likely */
            usage_error("--model takes raw, trained or a layer file, not '%s' (%s)", arg,
                        strerror(errno));
            return false;
        }
        c->model = i < 0 ? MODEL_TRAINED : (enum tagger_model)i;
        c->layer_path = i < 0 ? arg : NULL; /* main loads it */
        return true;
    }
    case OPT_MENTIONS:
        c->with_mentions = true;
        return true;
    case OPT_SINCE:
    case OPT_UNTIL:
        if (!parse_day_bound(arg, o->id == OPT_UNTIL, o->id == OPT_SINCE ? c->since : c->until)) {
            usage_error("--%s needs a date such as 2021, 2021-09 or 2021-09-03, not '%s'",
                        o->long_name, arg);
            return false;
        }
        if (o->id == OPT_SINCE)
            c->has_since = true;
        else
            c->has_until = true;
        return true;
    case OPT_TOP:
        if (!parse_long(arg, 0, 1000000, &n)) {
            usage_error("--top needs a number from 0 (all) to 1000000, not '%s'", arg);
            return false;
        }
        c->top = (int)n;
        return true;
    case OPT_BY: {
        int i = name_index(by_names, ARRAY_LEN(by_names), arg);
        if (i <= BY_NONE) {
            usage_error("--by takes source, month or year, not '%s'", arg);
            return false;
        }
        c->by = (enum summary_by)i;
        return true;
    }
    case OPT_PARTIAL:
        c->partial = true;
        return true;
    case OPT_COLOR: {
        int i = name_index(color_names, ARRAY_LEN(color_names), arg);
        if (i < 0) {
            usage_error("--color takes auto, always or never, not '%s'", arg);
            return false;
        }
        c->color = (enum color_mode)i;
        return true;
    }
    case OPT_EXT:
        free_extensions(c->extensions);
        c->extensions = parse_extensions(arg);
        return true;
    case OPT_MAX_SIZE:
        if (!parse_size(arg, &c->max_size)) {
            usage_error("--max-size needs a size such as 64M, not '%s'", arg);
            return false;
        }
        return true;
    case OPT_QUIET:
        c->quiet = true;
        return true;
    case OPT_HELP:
        print_help(stdout, c->command);
        *done = CLI_DONE;
        return true;
    case OPT_VERSION:
        print_version(c->layer_path);
        *done = CLI_DONE;
        return true;
    }
    return false;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

enum cli_outcome cli_parse(int argc, char **argv, struct config *c)
{
    memset(c, 0, sizeof *c);
    c->jobs = default_jobs();
    c->tz_offset = DEFAULT_TZ_OFFSET;
    c->max_size = DEFAULT_MAX_SIZE;
    c->types = (1u << ENTITY_TYPES) - 1;
    c->top = DEFAULT_TOP;
    c->extensions = parse_extensions(DEFAULT_EXTENSIONS);
    c->paths = xcalloc((size_t)argc + 1, sizeof *c->paths);
    bool format_set = false, only_paths = false, help_command = false;
    enum cli_outcome done = CLI_RUN;

    for (int i = 1; i < argc && done == CLI_RUN; i++) {
        char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            if (c->command == CMD_NONE && !help_command) {
                if (strcmp(a, "help") == 0) {
                    help_command = true;
                    continue;
                }
                const struct command_spec *cmd = find_command(a);
                if (!cmd) {
                    usage_error("'%s' is not a command (commands: %s)", a, COMMAND_NAMES);
                    return CLI_ERROR;
                }
                c->command = cmd->id;
                if (help_command) {
                    print_help(stdout, c->command);
                    return CLI_DONE;
                }
                continue;
            }
            if (help_command) {
                const struct command_spec *cmd = find_command(a);
                if (!cmd) {
                    usage_error("'%s' is not a command (commands: %s)", a, COMMAND_NAMES);
                    return CLI_ERROR;
                }
                print_help(stdout, cmd->id);
                return CLI_DONE;
            }
            c->paths[c->path_count++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = true;
            continue;
        }
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            const struct option_spec *o = find_long(name, len);
            if (!o) {
                usage_error("unknown option '%s'", a);
                return CLI_ERROR;
            }
            const char *arg = NULL;
            if (o->arg) {
                if (eq)
                    arg = eq + 1;
                else if (i + 1 < argc)
                    arg = argv[++i];
                else {
                    usage_error("option '%s' needs an argument", a);
                    return CLI_ERROR;
                }
            } else if (eq) {
                usage_error("option '--%s' takes no argument", o->long_name);
                return CLI_ERROR;
            }
            if (!apply_option(c, o, arg, &format_set, &done))
                return CLI_ERROR;
            continue;
        }
        for (const char *p = a + 1; *p && done == CLI_RUN; p++) {
            const struct option_spec *o = find_short(*p);
            if (!o) {
                char opt[3] = {'-', *p, '\0'};
                usage_error("unknown option '%s'", opt);
                return CLI_ERROR;
            }
            const char *arg = NULL;
            if (o->arg) {
                if (p[1])
                    arg = p + 1;
                else if (i + 1 < argc)
                    arg = argv[++i];
                else {
                    char opt[3] = {'-', *p, '\0'};
                    usage_error("option '%s' needs an argument", opt);
                    return CLI_ERROR;
                }
            }
            if (!apply_option(c, o, arg, &format_set, &done))
                return CLI_ERROR;
            if (o->arg)
                break;
        }
    }
    if (done != CLI_RUN)
        return done;
    if (help_command) {
        print_help(stdout, CMD_NONE);
        return CLI_DONE;
    }
    if (c->command == CMD_NONE) {
        usage_error("no command given (commands: %s)", COMMAND_NAMES);
        return CLI_ERROR;
    }
    if (!format_set)
        c->format = command_by_id(c->command)->default_format;
    if (c->ref && !datetime_parse(c->ref, c->tz_offset, &c->ref_time)) {
        usage_error(
            "--ref needs a date-time such as 2021-10-26 or 2021-10-26T10:00+08:00, not '%s'",
            c->ref);
        return CLI_ERROR;
    }
    if (c->has_since && c->has_until && strcmp(c->since, c->until) > 0) {
        usage_error("--since %s is after --until %s", c->since, c->until);
        return CLI_ERROR;
    }
    if (c->partial && c->command != CMD_SUMMARY && c->command != CMD_MERGE) {
        usage_error("%s", "--partial is for summary and merge");
        return CLI_ERROR;
    }
    if (c->command == CMD_MERGE && (c->has_since || c->has_until)) {
        usage_error("%s", "merge cannot filter by date: give --since and --until to summary "
                          "--partial instead");
        return CLI_ERROR;
    }
    if (c->command == CMD_TAG) {
        if (c->path_count || c->files_from) {
            usage_error("%s", "tag reads standard input, one document per line; it takes no paths");
            return CLI_ERROR;
        }
        return CLI_RUN;
    }
    if (c->path_count == 0 && !c->files_from) {
        usage_error("%s", "no input paths (give files or folders, or - for standard input)");
        return CLI_ERROR;
    }
    size_t stdin_uses = c->files_from && strcmp(c->files_from, "-") == 0;
    for (size_t i = 0; i < c->path_count; i++)
        stdin_uses += strcmp(c->paths[i], "-") == 0;
    if (stdin_uses > 1) {
        usage_error("%s",
                    "standard input can be read only once (- given twice, or with --files-from -)");
        return CLI_ERROR;
    }
    return CLI_RUN;
}

void cli_free(struct config *c)
{
    free_extensions(c->extensions);
    c->extensions = NULL;
    free(c->paths);
    c->paths = NULL;
}

bool cli_needs_entities(const struct config *config)
{
    return config->command == CMD_ARTICLES || config->command == CMD_MENTIONS
           || config->command == CMD_SUMMARY;
}
