/* buf.c — growable byte buffer with a size cap (see buf.h). */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void buf_init(struct buf *b, size_t max)
{
    b->cap = 64;
    b->data = xmalloc(b->cap);
    b->data[0] = '\0';
    b->len = 0;
    b->max = max ? max : BUF_DEFAULT_MAX;
    b->overflow = false;
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    b->overflow = false;
}

/* Makes room for extra more bytes plus the NUL; false when that would pass the cap. */
static bool buf_reserve(struct buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra) {
        b->overflow = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64; /* 0 after buf_steal */
    while (cap < need)
        cap = cap < ((size_t)1 << 62) ? cap * 2 : need;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return true;
}

void buf_put(struct buf *b, const void *data, size_t len)
{
    if (!len || !buf_reserve(b, len))
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
    if (!buf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_truncate(struct buf *b, size_t new_len)
{
    if (new_len < b->len) {
        b->len = new_len;
        b->data[new_len] = '\0';
    }
}

char *buf_steal(struct buf *b)
{
    char *d = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

bool buf_flush_at(struct buf *b, FILE *out, size_t at)
{
    if (b->len < at || b->len == 0)
        return true;
    bool ok = fwrite(b->data, 1, b->len, out) == b->len;
    buf_reset(b);
    return ok;
}

int buf_read_file(struct buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno;
    char chunk[16384];
    size_t got;
    while (!b->overflow && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(b, chunk, got);
    int error = b->overflow ? EFBIG : !ferror(f) ? 0 : errno ? errno : EIO;
    fclose(f);
    return error;
}
