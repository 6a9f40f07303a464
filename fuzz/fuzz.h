/* fuzz.h — what every libFuzzer target in fuzz/ shares: the entry point libFuzzer (or
 * fuzz/replay.c) calls, and a check that turns a broken invariant into a crash it reports. */
#ifndef XINWEN_FUZZ_H
#define XINWEN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* Runs one input (size bytes at data, not NUL-terminated) through the target. Returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: when it fails, the input found a bug, so the target
 * aborts (libFuzzer saves the input as a crash). */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The configuration `xinwen COMMAND -` runs with (the defaults in one place, cli.c's), parsed
 * on the first call; a target asks for one command only. */
static inline const struct config *fuzz_config(const char *command)
{
    static struct config config;
    static bool ready;
    if (!ready) {
        char name[] = "xinwen", dash[] = "-", cmd[16];
        snprintf(cmd, sizeof cmd, "%s", command);
        char *argv[] = {name, cmd, dash, NULL};
        FUZZ_CHECK(cli_parse(3, argv, &config) == CLI_RUN);
        ready = true;
    }
    return &config;
}

#endif
