/* progress.h — the progress line on stderr (files, MB, articles/s, ETA): shown only when stderr
 * is a terminal and the run has lasted a second, redrawn a few times a second, cleared at the
 * end. */
#ifndef XINWEN_PROGRESS_H
#define XINWEN_PROGRESS_H

#include <stddef.h>

#include "cli.h"

struct progress;

/* Starts timing a run over config's inputs; NULL (every call below then does nothing) unless
 * stderr is a terminal and config->quiet is off. When the inputs can be listed a second time
 * (no standard input among them), a background thread counts their files and bytes for the
 * ETA. XINWEN_PROGRESS_DELAY_MS in the environment replaces the one-second delay (tests). */
struct progress *progress_start(const struct config *config);

/* The main thread reports what is done so far; the line is redrawn at most every 200 ms. */
void progress_update(struct progress *p, size_t files, size_t bytes);

/* Erases the line before something else is written to stderr (the next update redraws it). */
void progress_clear(struct progress *p);

/* Erases the line, stops the counting thread and frees p. */
void progress_finish(struct progress *p);

#endif
