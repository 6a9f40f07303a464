/* walk.h — turning the input paths into a stream of article files, in a stable order. */
#ifndef XINWEN_WALK_H
#define XINWEN_WALK_H

#include <stdbool.h>

#include "cli.h"

struct walker;

/* One input: a file to read ("-" is standard input), or an error about a path that cannot
 * become an article (missing, unreadable folder, symbolic link loop). Exactly one of path and
 * error is set; the caller frees both. */
struct walk_item {
    char *path;
    char *error_path; /* with error: the path the message is about */
    char *error;
};

/* Walks config->paths, then the entries of config->files_from, one at a time: files as named
 * (any extension), folders recursively in byte order of names, keeping files whose extension is
 * in config->extensions and skipping names that start with '.'. Folders are followed through
 * symbolic links; a link back to a folder being walked is reported once, not followed.
 * Returns NULL (after printing "xinwen: FILE: message") when --files-from cannot be opened. */
struct walker *walker_new(const struct config *config);

/* Fills *item with the next input; false when there are no more. */
bool walker_next(struct walker *w, struct walk_item *item);

void walker_free(struct walker *w);

#endif
