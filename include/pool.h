/* pool.h — running a per-article command over all inputs with worker threads, writing records
 * and error lines in input order. */
#ifndef XINWEN_POOL_H
#define XINWEN_POOL_H

#include "cli.h"
#include "emit.h"

/* Walks the inputs of config, loads each article on one of config->jobs worker threads,
 * renders it with render, and writes the records to stdout framed by framing, in input order
 * whatever the number of threads. A failed input is written to stderr, at its place in the
 * order, as "xinwen: PATH: message"; the run goes on. At the end, unless config->quiet, a line
 * "N articles, M errors" goes to stderr when M > 0. A closed stdout (EPIPE) ends the run
 * quietly. Returns the exit status: EXIT_OK, EXIT_SOME_FAILED, or EXIT_USAGE when the output
 * could not be written or the list of files could not be opened. */
enum exit_status pool_run(const struct config *config, record_renderer render,
                          struct framing framing);

#endif
