/* pool.c — worker threads over a bounded window of inputs, with ordered output (see pool.h).
 * The main thread produces inputs and writes finished results in order; workers process them.
 * The window bounds memory: at most WINDOW_PER_JOB × jobs inputs are in flight. */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "progress.h"
#include "util.h"
#include "walk.h"

#define WINDOW_PER_JOB 4
#define RECORD_MAX ((size_t)1 << 31)

enum slot_state { SLOT_FREE, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

struct slot {
    enum slot_state state;
    void *input;
    struct buf out; /* the rendered record */
    struct buf err; /* the error line, when failed */
    bool failed;
    size_t bytes; /* input bytes read */
};

struct pool {
    const struct pool_ops *ops;
    const void *context;
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

/* Appends "xinwen: PATH: message\n", control characters in the path escaped so one error is
 * always one line. */
static void pool_format_error(struct buf *b, const char *path, const char *message)
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
    void *worker = p->ops->worker_new(p->context);

    pthread_mutex_lock(&p->lock);
    for (;;) {
        /* skip inputs already finished without a worker (failures the producer reported) */
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
            s->failed = !p->ops->process(worker, s->input, &s->out, &s->err, &s->bytes);
            if (!s->failed && s->out.overflow) {
                buf_reset(&s->out);
                buf_puts(&s->err, "xinwen: a record was too large to write\n");
                s->failed = true;
            }
        }

        pthread_mutex_lock(&p->lock);
        s->state = SLOT_DONE;
        pthread_cond_signal(&p->slot_done);
    }
    pthread_mutex_unlock(&p->lock);
    p->ops->worker_free(worker);
    return NULL;
}

/* Writes n bytes to f; false on error (errno set). */
static bool write_all(FILE *f, const char *data, size_t n)
{
    return n == 0 || fwrite(data, 1, n, f) == n;
}

static void note_write_error(struct pool_result *r)
{
    if (errno == EPIPE) {
        r->output_closed = true;
    } else {
        r->output_failed = true;
        r->output_errno = errno;
    }
}

/* Writes one finished slot: its record (with framing, or to the consumer) or its error line. */
static void write_slot(struct slot *s, const struct pool_output *output, struct progress *progress,
                       struct pool_result *r)
{
    const struct framing *framing = &output->framing;
    if (r->output_closed || r->output_failed)
        return;
    if (s->failed) {
        fflush(stdout); /* keep records and errors in input order on a shared terminal */
        progress_clear(progress);
        fputs(s->err.data, stderr);
        r->errors++;
        return;
    }
    r->records++;
    if (output->consume) {
        output->consume(output->consumer, s->out.data ? s->out.data : "", s->out.len);
        return;
    }
    if (s->out.len == 0)
        return; /* an article with nothing to show (mentions of an article without any) */
    if ((r->wrote_any && !write_all(stdout, framing->between, strlen(framing->between)))
        || !write_all(stdout, s->out.data, s->out.len)) {
        note_write_error(r);
        return;
    }
    r->wrote_any = true;
}

void pool_map(int jobs, const struct pool_ops *ops, const void *context, void *producer,
              const struct pool_output *output, struct pool_progress progress_options,
              struct pool_result *r)
{
    memset(r, 0, sizeof *r);
    const struct framing framing = output->framing;
    struct progress *progress =
        progress_options.enabled ? progress_start(progress_options.config) : NULL;
    size_t done_files = 0, done_bytes = 0;
    struct pool p = {.ops = ops, .context = context};
    p.window = (size_t)jobs * WINDOW_PER_JOB;
    p.slots = xcalloc(p.window, sizeof *p.slots);
    for (size_t i = 0; i < p.window; i++) {
        buf_init(&p.slots[i].out, RECORD_MAX);
        buf_init(&p.slots[i].err, 0);
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.work_ready, NULL);
    pthread_cond_init(&p.slot_done, NULL);

    pthread_t *threads = xcalloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        if (pthread_create(&threads[i], NULL, worker_main, &p) != 0)
            break;
        started++;
    }

    bool produce_done = false;
    if (started == 0) {
        fputs("xinwen: cannot start worker threads\n", stderr);
        produce_done = true;
        r->output_failed = true;
    }
    if (!write_all(stdout, framing.header, strlen(framing.header)))
        note_write_error(r);

    pthread_mutex_lock(&p.lock);
    for (;;) {
        /* write everything that is finished, in order */
        struct slot *s = &p.slots[p.next_write % p.window];
        if (p.next_write < p.next_input && s->state == SLOT_DONE) {
            pthread_mutex_unlock(&p.lock);
            write_slot(s, output, progress, r);
            done_files++;
            done_bytes += s->bytes;
            s->bytes = 0;
            progress_update(progress, done_files, done_bytes);
            if (s->input)
                ops->free_input(s->input);
            s->input = NULL;
            buf_reset(&s->out);
            buf_reset(&s->err);
            s->failed = false;
            pthread_mutex_lock(&p.lock);
            s->state = SLOT_FREE;
            p.next_write++;
            if (r->output_closed || r->output_failed) {
                p.stop_early = true;
                produce_done = true;
            }
            continue;
        }
        /* queue the next input while the window has room */
        if (!produce_done && p.next_input - p.next_write < p.window) {
            struct slot *q = &p.slots[p.next_input % p.window];
            pthread_mutex_unlock(&p.lock);
            void *input = NULL;
            bool more = ops->produce(producer, &input, &q->err);
            pthread_mutex_lock(&p.lock);
            if (!more) {
                produce_done = true;
                continue;
            }
            q->input = input;
            if (input) {
                q->state = SLOT_QUEUED;
                pthread_cond_signal(&p.work_ready);
            } else {
                q->failed = true;
                q->state = SLOT_DONE;
            }
            p.next_input++;
            continue;
        }
        if (produce_done && p.next_write == p.next_input)
            break;
        pthread_cond_wait(&p.slot_done, &p.lock);
    }
    p.shutdown = true;
    pthread_cond_broadcast(&p.work_ready);
    pthread_mutex_unlock(&p.lock);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    progress_finish(progress);

    if (!r->output_closed && !r->output_failed) {
        if (!write_all(stdout, framing.footer, strlen(framing.footer)) || fflush(stdout) != 0)
            note_write_error(r);
    }

    for (size_t i = 0; i < p.window; i++) {
        if (p.slots[i].input)
            ops->free_input(p.slots[i].input);
        buf_free(&p.slots[i].out);
        buf_free(&p.slots[i].err);
    }
    free(p.slots);
    free(threads);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.work_ready);
    pthread_cond_destroy(&p.slot_done);
}

/* ---- the per-article commands ---- */

struct article_context {
    const struct config *config;
    record_renderer render;
};

struct article_worker {
    const struct article_context *context;
    struct article_reader reader;
};

static void *article_worker_new(const void *context)
{
    struct article_worker *w = xcalloc(1, sizeof *w);
    w->context = context;
    article_reader_init(&w->reader, w->context->config);
    return w;
}

static void article_worker_free(void *worker)
{
    struct article_worker *w = worker;
    article_reader_free(&w->reader);
    free(w);
}

static bool produce_path(void *producer, void **input, struct buf *err)
{
    struct walk_item item;
    if (!walker_next(producer, &item))
        return false;
    if (item.error) {
        pool_format_error(err, item.error_path, item.error);
        free(item.error_path);
        free(item.error);
        *input = NULL;
        return true;
    }
    *input = item.path;
    return true;
}

static bool process_article(void *worker, void *input, struct buf *out, struct buf *err,
                            size_t *bytes)
{
    struct article_worker *w = worker;
    const char *path = input;
    char message[1024];
    struct article a;
    bool loaded = article_load(&w->reader, path, &a, message, sizeof message);
    *bytes = w->reader.raw.len;
    if (!loaded) {
        pool_format_error(err, path, message);
        return false;
    }
    if (a.selected) /* outside --since/--until: no record */
        w->context->render(w->context->config, &a, out);
    return true;
}

enum exit_status pool_run(const struct config *config, record_renderer render,
                          const struct pool_output *output, struct pool_result *result)
{
    struct walker *walker = walker_new(config);
    if (!walker)
        return EXIT_USAGE;
    static const struct pool_ops ops = {article_worker_new, article_worker_free, produce_path,
                                        process_article, free};
    struct article_context context = {config, render};
    struct pool_result r;
    pool_map(config->jobs, &ops, &context, walker, output,
             (struct pool_progress){.enabled = true, .config = config}, &r);
    walker_free(walker);
    if (result)
        *result = r;

    if (r.output_failed)
        fprintf(stderr, "xinwen: writing output failed: %s\n", strerror(r.output_errno));
    else if (r.errors && !config->quiet && !r.output_closed)
        fprintf(stderr, "%zu articles, %zu errors\n", r.records, r.errors);
    if (r.output_failed)
        return EXIT_USAGE;
    return r.errors ? EXIT_SOME_FAILED : EXIT_OK;
}
