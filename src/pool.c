/* pool.c — worker threads over a bounded window of inputs, with ordered output (see pool.h).
 * The main thread walks the inputs and writes finished results in order; workers load and
 * render articles. The window bounds memory: at most WINDOW_PER_JOB × jobs inputs are in
 * flight, however many files there are. */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "util.h"
#include "walk.h"

#define WINDOW_PER_JOB 4
#define RECORD_MAX ((size_t)1 << 31)

enum slot_state { SLOT_FREE, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

struct slot {
    enum slot_state state;
    char *path;
    struct buf out; /* the rendered record */
    struct buf err; /* the error line, when failed */
    bool failed;
};

struct pool {
    const struct config *config;
    record_renderer render;
    pthread_mutex_t lock;
    pthread_cond_t work_ready; /* workers wait here */
    pthread_cond_t slot_done;  /* the main thread waits here */
    struct slot *slots;
    size_t window;
    size_t next_input; /* sequence number of the next input to queue */
    size_t next_take;  /* next queued input a worker takes */
    size_t next_write; /* next result to write */
    bool shutdown;
    bool stop_early; /* output closed: skip remaining work */
};

/* Appends "xinwen: PATH: message\n" with control characters in the path shown escaped, so one
 * error is always one line. */
static void format_error(struct buf *b, const char *path, const char *message)
{
    buf_puts(b, "xinwen: ");
    for (const char *p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            buf_printf(b, "\\x%02x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_printf(b, ": %s\n", message);
}

static void *worker_main(void *arg)
{
    struct pool *p = arg;
    struct article_reader reader;
    article_reader_init(&reader, p->config);
    char err[1024];

    pthread_mutex_lock(&p->lock);
    for (;;) {
        /* skip inputs already finished without a worker (walk errors) */
        if (p->next_take < p->next_write)
            p->next_take = p->next_write;
        while (p->next_take < p->next_input
               && p->slots[p->next_take % p->window].state != SLOT_QUEUED)
            p->next_take++;
        if (p->next_take == p->next_input) {
            if (p->shutdown)
                break;
            pthread_cond_wait(&p->work_ready, &p->lock);
            continue;
        }
        struct slot *s = &p->slots[p->next_take % p->window];
        p->next_take++;
        s->state = SLOT_RUNNING;
        bool skip = p->stop_early;
        pthread_mutex_unlock(&p->lock);

        if (!skip) {
            struct article a;
            if (article_load(&reader, s->path, &a, err, sizeof err)) {
                p->render(p->config, &a, &s->out);
                if (s->out.overflow) {
                    buf_reset(&s->out);
                    format_error(&s->err, s->path, "record too large to write");
                    s->failed = true;
                }
            } else {
                format_error(&s->err, s->path, err);
                s->failed = true;
            }
        }

        pthread_mutex_lock(&p->lock);
        s->state = SLOT_DONE;
        pthread_cond_signal(&p->slot_done);
    }
    pthread_mutex_unlock(&p->lock);
    article_reader_free(&reader);
    return NULL;
}

/* Writes n bytes to f; false on error (errno set). */
static bool write_all(FILE *f, const char *data, size_t n)
{
    return n == 0 || fwrite(data, 1, n, f) == n;
}

struct run_totals {
    size_t records;
    size_t errors;
    bool output_closed;
    bool output_failed;
    int output_errno;
};

/* Writes one finished slot: its record (with framing) or its error line. */
static void write_slot(struct slot *s, const struct framing *framing, struct run_totals *t)
{
    if (t->output_closed || t->output_failed)
        return;
    if (s->failed) {
        fflush(stdout); /* keep records and errors in input order on a shared terminal */
        fputs(s->err.data, stderr);
        t->errors++;
        return;
    }
    if ((t->records > 0 && !write_all(stdout, framing->between, strlen(framing->between)))
        || !write_all(stdout, s->out.data, s->out.len)) {
        if (errno == EPIPE)
            t->output_closed = true;
        else {
            t->output_failed = true;
            t->output_errno = errno;
        }
        return;
    }
    t->records++;
}

enum exit_status pool_run(const struct config *config, record_renderer render,
                          struct framing framing)
{
    struct walker *walker = walker_new(config);
    if (!walker)
        return EXIT_USAGE;

    struct pool p = {.config = config, .render = render};
    p.window = (size_t)config->jobs * WINDOW_PER_JOB;
    p.slots = xcalloc(p.window, sizeof *p.slots);
    for (size_t i = 0; i < p.window; i++) {
        buf_init(&p.slots[i].out, RECORD_MAX);
        buf_init(&p.slots[i].err, 0);
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.work_ready, NULL);
    pthread_cond_init(&p.slot_done, NULL);

    pthread_t *threads = xcalloc((size_t)config->jobs, sizeof *threads);
    int started = 0;
    for (int i = 0; i < config->jobs; i++) {
        if (pthread_create(&threads[i], NULL, worker_main, &p) != 0)
            break;
        started++;
    }

    struct run_totals t = {0};
    bool walk_done = false;
    if (started == 0) {
        fputs("xinwen: cannot start worker threads\n", stderr);
        walk_done = true;
        t.output_failed = true;
    }
    if (!write_all(stdout, framing.header, strlen(framing.header)))
        t.output_closed = errno == EPIPE;

    pthread_mutex_lock(&p.lock);
    for (;;) {
        /* write everything that is finished, in order */
        struct slot *s = &p.slots[p.next_write % p.window];
        if (p.next_write < p.next_input && s->state == SLOT_DONE) {
            pthread_mutex_unlock(&p.lock);
            write_slot(s, &framing, &t);
            free(s->path);
            s->path = NULL;
            buf_reset(&s->out);
            buf_reset(&s->err);
            s->failed = false;
            pthread_mutex_lock(&p.lock);
            s->state = SLOT_FREE;
            p.next_write++;
            if (t.output_closed || t.output_failed) {
                p.stop_early = true;
                walk_done = true;
            }
            continue;
        }
        /* queue the next input while the window has room */
        if (!walk_done && p.next_input - p.next_write < p.window) {
            pthread_mutex_unlock(&p.lock);
            struct walk_item item;
            bool more = walker_next(walker, &item);
            pthread_mutex_lock(&p.lock);
            if (!more) {
                walk_done = true;
                continue;
            }
            struct slot *q = &p.slots[p.next_input % p.window];
            if (item.error) {
                format_error(&q->err, item.error_path, item.error);
                q->failed = true;
                q->state = SLOT_DONE;
                free(item.error_path);
                free(item.error);
            } else {
                q->path = item.path;
                q->state = SLOT_QUEUED;
            }
            p.next_input++;
            if (!item.error)
                pthread_cond_signal(&p.work_ready);
            continue;
        }
        if (walk_done && p.next_write == p.next_input)
            break;
        pthread_cond_wait(&p.slot_done, &p.lock);
    }
    p.shutdown = true;
    pthread_cond_broadcast(&p.work_ready);
    pthread_mutex_unlock(&p.lock);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    if (!t.output_closed && !t.output_failed) {
        const char *end = framing.footer;
        if (!write_all(stdout, end, strlen(end)) || fflush(stdout) != 0) {
            if (errno == EPIPE)
                t.output_closed = true;
            else {
                t.output_failed = true;
                t.output_errno = errno;
            }
        }
    }
    if (t.output_failed)
        fprintf(stderr, "xinwen: writing output failed: %s\n", strerror(t.output_errno));
    else if (t.errors && !config->quiet && !t.output_closed)
        fprintf(stderr, "%zu articles, %zu errors\n", t.records, t.errors);

    walker_free(walker);
    for (size_t i = 0; i < p.window; i++) {
        free(p.slots[i].path);
        buf_free(&p.slots[i].out);
        buf_free(&p.slots[i].err);
    }
    free(p.slots);
    free(threads);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.work_ready);
    pthread_cond_destroy(&p.slot_done);

    if (t.output_failed)
        return EXIT_USAGE;
    return t.errors ? EXIT_SOME_FAILED : EXIT_OK;
}
