/* pool.h — one worker pool for every command: inputs produced on the main thread, processed
 * on worker threads, results written in input order whatever the number of threads. */
#ifndef XINWEN_POOL_H
#define XINWEN_POOL_H

#include <stdbool.h>

#include "buf.h"
#include "cli.h"
#include "emit.h"

/* What a command plugs into the pool. All callbacks are required. */
struct pool_ops {
    /* Per worker thread: its state (tagger, article reader, scratch). */
    void *(*worker_new)(const void *context);
    void (*worker_free)(void *worker);
    /* Main thread: the next input into *input, or a failure already known (an error line
     * appended to err, *input left NULL). Returns false when there are no more inputs. */
    bool (*produce)(void *producer, void **input, struct buf *err);
    /* A worker thread: appends the record for input to out, or an error line to err and
     * returns false; *bytes is how many input bytes it read (for the progress line). */
    bool (*process)(void *worker, void *input, struct buf *out, struct buf *err, size_t *bytes);
    void (*free_input)(void *input);
};

/* Where records go: to standard output with framing, or, with consume, to the main thread's
 * consumer in input order (summary folds them) while nothing is written. */
struct pool_output {
    struct framing framing;
    void (*consume)(void *consumer, const char *record, size_t len);
    void *consumer;
};

/* The progress line: on stderr, when it is a terminal and the run lasts over a second. */
struct pool_progress {
    bool enabled;
    const struct config *config; /* to count the inputs' files and bytes for an ETA, or NULL */
};

/* What happened, for the caller's messages and exit status. */
struct pool_result {
    size_t records; /* inputs that gave a record */
    size_t errors;
    bool wrote_any;     /* a non-empty record was written (framing goes between those) */
    bool output_closed; /* stdout is a closed pipe: the run ended early, quietly */
    bool output_failed; /* writing stdout failed otherwise (output_errno) */
    int output_errno;
};

/* Runs jobs worker threads over the inputs produce gives, passing each record to output and
 * writing each error line to stderr, both in input order. At most a few inputs per worker are
 * in flight, so memory stays flat. */
void pool_map(int jobs, const struct pool_ops *ops, const void *context, void *producer,
              const struct pool_output *output, struct pool_progress progress,
              struct pool_result *result);

/* The per-article commands: walks config's inputs, loads each article, renders it with render
 * into output (articles outside --since/--until give no record). Reports failures as "xinwen:
 * PATH: message" and, unless config->quiet, a closing "N articles, M errors" when M > 0; shows
 * the progress line unless config->quiet. Fills *result when not NULL. Returns EXIT_OK,
 * EXIT_SOME_FAILED, or EXIT_USAGE when the output could not be written or the list of files
 * could not be opened. */
enum exit_status pool_run(const struct config *config, record_renderer render,
                          const struct pool_output *output, struct pool_result *result);

#endif
