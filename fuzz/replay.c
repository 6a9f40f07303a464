/* replay.c — runs saved inputs through a fuzz target without libFuzzer, so that every crash
 * the fuzzers found stays a test: `replay-NAME FILE...` calls the target on each file in turn
 * and exits 0 when all of them ran (a bug aborts, under the sanitizers or by FUZZ_CHECK). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "util.h"

int main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
            continue;
        }
        struct buf input;
        buf_init(&input, 0);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_put(&input, chunk, got);
        bool read_failed = ferror(f) != 0;
        fclose(f);
        if (read_failed) {
            fprintf(stderr, "replay: %s: read error\n", argv[i]);
            failed = 1;
        } else {
            /* exactly the input's bytes, as libFuzzer passes them: no NUL after them */
            uint8_t *exact = xmalloc(input.len ? input.len : 1);
            memcpy(exact, input.data, input.len);
            LLVMFuzzerTestOneInput(exact, input.len);
            free(exact);
        }
        buf_free(&input);
    }
    return failed;
}
