/* tag.h — `xinwen tag`: entities in each line of standard input, as one JSON object per line
 * (DESIGN.md section 2.1). */
#ifndef XINWEN_TAG_H
#define XINWEN_TAG_H

#include "cli.h"

/* Reads UTF-8 lines from stdin and writes {"entities":[…]} for each, in order. Returns
 * EXIT_OK, or EXIT_USAGE when the model cannot be used or the output cannot be written. */
enum exit_status tag_run(const struct config *config);

#endif
