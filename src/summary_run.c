/* summary_run.c — the summary and merge commands: fold the articles' digests (or the partial
 * states read) into one state, then write it as a report or as a partial state. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "pool.h"
#include "summary.h"

static void consume_digest(void *consumer, const char *record, size_t len)
{
    summary_add_digest(consumer, record, len);
}

/* Writes s to stdout: the partial state, or the report. */
static enum exit_status write_summary(const struct config *config, const struct summary *s)
{
    bool ok;
    if (config->partial) {
        ok = summary_write_partial(s, stdout);
    } else {
        struct summary_report *r = summary_report_new(s, config->types, config->top);
        ok = emit_summary(config, r, stdout);
        summary_report_free(r);
    }
    ok = fflush(stdout) == 0 && ok && !ferror(stdout);
    if (ok)
        return EXIT_OK;
    if (errno == EPIPE)
        return EXIT_OK; /* a closed pipe ends the run quietly */
    fprintf(stderr, "xinwen: writing output failed: %s\n", strerror(errno));
    return EXIT_USAGE;
}

enum exit_status summary_run(const struct config *config)
{
    struct summary_settings settings;
    summary_settings_from(config, &settings);
    struct summary *s = summary_new(&settings);
    struct pool_output output = {{"", "", ""}, consume_digest, s};
    struct pool_result r = {0};
    enum exit_status status = pool_run(config, summary_digest, &output, &r);
    if (status != EXIT_USAGE) {
        summary_add_errors(s, (long long)r.errors);
        enum exit_status written = write_summary(config, s);
        if (written != EXIT_OK)
            status = written;
    }
    summary_free(s);
    return status;
}

/* Reads one partial state file into a new state; NULL after reporting a failure. */
static struct summary *read_state(const char *path)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "xinwen: %s: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    struct summary *s = summary_new(NULL);
    char err[600];
    bool ok = summary_read_partial(s, in, err, sizeof err);
    if (!is_stdin)
        fclose(in);
    if (!ok) {
        fprintf(stderr, "xinwen: %s: %s\n", is_stdin ? "(standard input)" : path, err);
        summary_free(s);
        return NULL;
    }
    return s;
}

enum exit_status merge_run(const struct config *config)
{
    if (config->files_from) {
        fputs("xinwen: merge reads the files named on its command line, not --files-from\n",
              stderr);
        return EXIT_USAGE;
    }
    struct summary *merged = NULL;
    size_t errors = 0;
    for (size_t i = 0; i < config->path_count; i++) {
        const char *path = config->paths[i];
        struct summary *s = read_state(path);
        char why[200];
        if (!s) {
            errors++;
        } else if (merged && !summary_compatible(merged, s, why, sizeof why)) {
            fprintf(stderr, "xinwen: %s: %s\n", path, why);
            errors++;
        } else if (!merged) {
            merged = s;
            s = NULL;
        } else {
            summary_merge(merged, s);
        }
        summary_free(s);
    }
    enum exit_status status = errors ? EXIT_SOME_FAILED : EXIT_OK;
    if (merged && config->by != BY_NONE && config->by != summary_settings_of(merged)->by) {
        fprintf(stderr,
                "xinwen: the states were made with --by %s; merge cannot split them by %s\n",
                summary_by_name(summary_settings_of(merged)->by), summary_by_name(config->by));
        summary_free(merged);
        return EXIT_USAGE;
    }
    if (merged) {
        enum exit_status written = write_summary(config, merged);
        if (written != EXIT_OK)
            status = written;
    }
    if (errors && !config->quiet)
        fprintf(stderr, "%zu states merged, %zu errors\n", config->path_count - errors, errors);
    summary_free(merged);
    return status;
}
