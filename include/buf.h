/* buf.h — the one growable byte buffer, with a size cap. */
#ifndef XINWEN_BUF_H
#define XINWEN_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A NUL-terminated byte string that grows up to max bytes. Appending past max does not grow the
 * buffer: it sets overflow and drops the bytes, so a hostile input cannot make one record
 * unbounded; callers check overflow where it matters. */
struct buf {
    char *data; /* NUL-terminated; NULL only after buf_steal until the next append */
    size_t len;
    size_t cap;
    size_t max;
    bool overflow;
};

#define BUF_DEFAULT_MAX ((size_t)1 << 30)

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_put(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Removes trailing bytes from len down to new_len (new_len <= len). */
void buf_truncate(struct buf *b, size_t new_len);
/* Output written in pieces: once b holds at least at bytes (at 0: whatever it holds), writes them
 * to out and empties b. Returns false when writing failed (errno set). */
bool buf_flush_at(struct buf *b, FILE *out, size_t at);

/* Gives the data to the caller (who frees it) and leaves b empty, holding no memory; b can be
 * appended to again (it allocates anew) and must then be freed. */
char *buf_steal(struct buf *b);

/* Appends the whole of the file at path to b. Returns 0, or an errno value: the file's open or
 * read error, or EFBIG when it does not fit under b's cap. */
int buf_read_file(struct buf *b, const char *path);

#endif
