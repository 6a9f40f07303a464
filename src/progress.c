/* progress.c — the progress line and the thread that counts the inputs for its ETA (see
 * progress.h). */
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "walk.h"

#define PROGRESS_DELAY_MS 1000
#define PROGRESS_EVERY_MS 200

struct progress {
    const struct config *config;
    int64_t start_ms, last_draw_ms, delay_ms;
    bool shown; /* the line is on the terminal now */
    /* the counting thread */
    pthread_t counter;
    bool counting;
    atomic_bool stop;
    atomic_bool counted; /* total_files and total_bytes are final */
    size_t total_files, total_bytes;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *count_inputs(void *arg)
{
    struct progress *p = arg;
    struct walker *w = walker_new(p->config);
    if (!w)
        return NULL;
    size_t files = 0, bytes = 0;
    struct walk_item item;
    while (!atomic_load(&p->stop) && walker_next(w, &item)) {
        struct stat st;
        if (item.path && stat(item.path, &st) == 0 && S_ISREG(st.st_mode)) {
            files++;
            bytes += (size_t)st.st_size;
        } else if (item.path) {
            files++;
        }
        free(item.path);
        free(item.error_path);
        free(item.error);
    }
    walker_free(w);
    if (!atomic_load(&p->stop)) {
        p->total_files = files;
        p->total_bytes = bytes;
        atomic_store(&p->counted, true);
    }
    return NULL;
}

/* Whether the inputs can be walked twice: not standard input, not a pipe of paths. */
static bool inputs_countable(const struct config *config)
{
    for (size_t i = 0; i < config->path_count; i++)
        if (strcmp(config->paths[i], "-") == 0)
            return false;
    struct stat st;
    return !config->files_from
           || (strcmp(config->files_from, "-") != 0 && stat(config->files_from, &st) == 0
               && S_ISREG(st.st_mode));
}

struct progress *progress_start(const struct config *config)
{
    if (config->quiet || !isatty(STDERR_FILENO))
        return NULL;
    struct progress *p = xcalloc(1, sizeof *p);
    p->config = config;
    p->start_ms = now_ms();
    p->delay_ms = PROGRESS_DELAY_MS;
    const char *delay = getenv("XINWEN_PROGRESS_DELAY_MS");
    long n;
    if (delay && parse_long(delay, 0, 3600000, &n))
        p->delay_ms = n;
    atomic_init(&p->stop, false);
    atomic_init(&p->counted, false);
    if (inputs_countable(config))
        p->counting = pthread_create(&p->counter, NULL, count_inputs, p) == 0;
    return p;
}

/* "1:05" or "1:02:03". */
static void format_duration(char *out, size_t len, int64_t seconds)
{
    if (seconds >= 3600)
        snprintf(out, len, "%lld:%02lld:%02lld", (long long)(seconds / 3600),
                 (long long)(seconds / 60 % 60), (long long)(seconds % 60));
    else
        snprintf(out, len, "%lld:%02lld", (long long)(seconds / 60), (long long)(seconds % 60));
}

void progress_update(struct progress *p, size_t files, size_t bytes)
{
    if (!p)
        return;
    int64_t now = now_ms(), elapsed = now - p->start_ms;
    if (elapsed < p->delay_ms || (p->shown && now - p->last_draw_ms < PROGRESS_EVERY_MS))
        return;
    p->last_draw_ms = now;
    double seconds = elapsed > 0 ? (double)elapsed / 1000.0 : 0.001;
    char line[160];
    int n;
    if (atomic_load(&p->counted)) {
        size_t total_bytes = p->total_bytes > bytes ? p->total_bytes : bytes;
        size_t total_files = p->total_files > files ? p->total_files : files;
        char eta[32] = "-";
        if (bytes > 0)
            format_duration(eta, sizeof eta,
                            (int64_t)((double)(total_bytes - bytes) * seconds / (double)bytes));
        n = snprintf(line, sizeof line,
                     "xinwen: %zu of %zu files, %.1f of %.1f MB, %.0f articles/s, ETA %s", files,
                     total_files, (double)bytes / 1e6, (double)total_bytes / 1e6,
                     (double)files / seconds, eta);
    } else {
        n = snprintf(line, sizeof line, "xinwen: %zu files, %.1f MB, %.0f articles/s", files,
                     (double)bytes / 1e6, (double)files / seconds);
    }
    (void)n;
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    p->shown = true;
}

void progress_clear(struct progress *p)
{
    if (!p || !p->shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->shown = false;
}

void progress_finish(struct progress *p)
{
    if (!p)
        return;
    progress_clear(p);
    atomic_store(&p->stop, true);
    if (p->counting)
        pthread_join(p->counter, NULL);
    free(p);
}
