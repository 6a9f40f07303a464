/* markdown.c — Markdown block and inline syntax reduced to text (see markdown.h).
 * This is not a Markdown renderer: it removes the syntax that news bodies carry so the words
 * remain, and keeps anything it does not recognise. */
#include "markdown.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* How far (bytes) a closing delimiter is looked for; keeps long lines linear. */
#define INLINE_SPAN_MAX 2000

static size_t leading_spaces(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* "---", "===", "***", "___", "- - -": only one marker character (and spaces), at least three
 * of it, or any count of '=' / '-' (setext underline). */
static bool is_rule_line(const char *s, size_t n)
{
    size_t i = leading_spaces(s, n);
    if (i > 3 || i >= n)
        return false;
    char c = s[i];
    if (c != '-' && c != '=' && c != '*' && c != '_')
        return false;
    size_t count = 0;
    for (; i < n; i++) {
        if (s[i] == c)
            count++;
        else if (s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return c == '=' || c == '-' ? count >= 2 : count >= 3;
}

/* "# Heading ##" → sets *text and *len to "Heading"; false when s is not an ATX heading. */
static bool atx_heading(const char *s, size_t n, const char **text, size_t *len)
{
    size_t i = leading_spaces(s, n), hashes = 0;
    if (i > 3)
        return false;
    while (i < n && s[i] == '#' && hashes < 7)
        i++, hashes++;
    if (hashes == 0 || hashes > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
        return false;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t end = n;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    size_t closing = end;
    while (closing > i && s[closing - 1] == '#')
        closing--;
    if (closing < end && (closing == i || s[closing - 1] == ' '))
        end = closing;
    while (end > i && s[end - 1] == ' ')
        end--;
    *text = s + i;
    *len = end - i;
    return true;
}

static bool is_fence(const char *s, size_t n)
{
    size_t i = leading_spaces(s, n);
    return i <= 3 && n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0);
}

/* "[label]: http://…" */
static bool is_reference_definition(const char *s, size_t n)
{
    size_t i = leading_spaces(s, n);
    if (i > 3 || i >= n || s[i] != '[')
        return false;
    const char *close = memchr(s + i, ']', n - i);
    return close && (size_t)(close - s) + 1 < n && close[1] == ':' && close > s + i + 1;
}

/* Removes {{< … >}} and {{% … %}} shortcodes from s into out. */
static void strip_shortcodes(const char *s, size_t n, struct buf *out)
{
    size_t i = 0;
    while (i < n) {
        const char *open = NULL;
        for (size_t j = i; j + 2 < n; j++) {
            if (s[j] == '{' && s[j + 1] == '{' && (s[j + 2] == '<' || s[j + 2] == '%')) {
                open = s + j;
                break;
            }
        }
        if (!open) {
            buf_put(out, s + i, n - i);
            return;
        }
        char closing = open[2] == '<' ? '>' : '%';
        size_t start = (size_t)(open - s);
        size_t close = 0;
        for (size_t j = start + 3; j + 2 < n; j++) {
            if (s[j] == closing && s[j + 1] == '}' && s[j + 2] == '}') {
                close = j + 3;
                break;
            }
        }
        if (!close) {
            buf_put(out, s + i, n - i);
            return;
        }
        buf_put(out, s + i, start - i);
        i = close;
    }
}

void markdown_blocks(const char *body, size_t n, struct buf *out)
{
    struct buf clean;
    buf_init(&clean, out->max);
    strip_shortcodes(body, n, &clean);
    const char *s = clean.data, *end = clean.data + clean.len;
    bool in_fence = false;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        const char *next = nl ? nl + 1 : end;
        size_t trimmed = len;
        if (trimmed && s[trimmed - 1] == '\r')
            trimmed--;
        size_t indent = leading_spaces(s, trimmed);
        bool html_line = indent < trimmed && s[indent] == '<'; /* copied as it is */
        const char *text;
        size_t text_len;

        if (is_fence(s, trimmed)) {
            in_fence = !in_fence;
            buf_puts(out, "\n\n");
        } else if (in_fence) {
            buf_put(out, s, trimmed);
            buf_puts(out, "\n\n");
        } else if (!html_line
                   && (is_rule_line(s, trimmed) || is_reference_definition(s, trimmed))) {
            buf_puts(out, "\n\n");
        } else if (!html_line && atx_heading(s, trimmed, &text, &text_len)) {
            buf_puts(out, "\n\n");
            buf_put(out, text, text_len);
            buf_puts(out, "\n\n");
        } else if (!html_line && indent <= 3 && indent + 1 < trimmed
                   && (s[indent] == '-' || s[indent] == '*' || s[indent] == '+')
                   && (s[indent + 1] == ' ' || s[indent + 1] == '\t')) {
            buf_puts(out, "\n\n");
            buf_put(out, s + indent + 2, trimmed - indent - 2);
            buf_putc(out, '\n');
        } else if (!html_line && indent <= 3 && indent < trimmed && s[indent] == '>'
                   && (indent + 1 == trimmed || s[indent + 1] == ' ')) {
            size_t skip = indent + 1 + (indent + 1 < trimmed);
            buf_put(out, s + skip, trimmed - skip);
            buf_putc(out, '\n');
        } else {
            buf_put(out, s, trimmed);
            buf_putc(out, '\n');
        }
        s = next;
    }
    buf_free(&clean);
}

/* Index of the first occurrence of delim (dlen bytes) in s[from, limit) whose preceding byte is
 * not a space, or 0 when there is none (0 is never a valid closing position here). */
static size_t find_closing(const char *s, size_t from, size_t limit, const char *delim, size_t dlen)
{
    for (size_t j = from; j + dlen <= limit; j++) {
        if (memcmp(s + j, delim, dlen) == 0 && s[j - 1] != ' ' && s[j - 1] != '\t')
            return j;
    }
    return 0;
}

/* Underscores inside ASCII words (snake_case) are not emphasis; next to Chinese they are. */
static bool is_word_byte(unsigned char c)
{
    return isalnum(c);
}

/* Marks, in drop[], the bytes of line that are inline syntax. */
static void mark_inline(const char *s, size_t n, bool *drop)
{
    for (size_t i = 0; i < n; i++) {
        if (drop[i])
            continue;
        size_t limit = n - i > INLINE_SPAN_MAX ? i + INLINE_SPAN_MAX : n;
        char c = s[i];
        if (c == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
            drop[i] = true;
            i++; /* the escaped character stays */
            continue;
        }
        if (c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) {
            size_t open = c == '!' ? i + 1 : i;
            const char *close = memchr(s + open, ']', limit - open);
            if (!close)
                continue;
            size_t k = (size_t)(close - s);
            if (k + 1 < n && (s[k + 1] == '(' || s[k + 1] == '[')) {
                char end_char = s[k + 1] == '(' ? ')' : ']';
                const char *end =
                    memchr(s + k + 2, end_char, limit - (k + 2 < limit ? k + 2 : limit));
                if (!end
                    || (end_char == ')' && memchr(s + k + 2, ' ', (size_t)(end - (s + k + 2)))
                        && !memchr(s + k + 2, '"', (size_t)(end - (s + k + 2)))))
                    continue;
                for (size_t j = i; j <= open; j++)
                    drop[j] = true;
                for (size_t j = k; j <= (size_t)(end - s); j++)
                    drop[j] = true;
            }
            continue;
        }
        if (c == '`') {
            const char *end = memchr(s + i + 1, '`', limit - i - 1 > 0 ? limit - i - 1 : 0);
            if (end && end > s + i + 1) {
                drop[i] = true;
                drop[end - s] = true;
                i = (size_t)(end - s);
            }
            continue;
        }
        if (c == '*' || c == '_' || c == '~') {
            size_t run = 1;
            while (i + run < n && s[i + run] == c && run < 2)
                run++;
            bool opens = !(c == '~' && run != 2) && i + run < n && s[i + run] != ' '
                         && s[i + run] != '\t' && s[i + run] != c
                         && !(c == '_' && i > 0 && is_word_byte((unsigned char)s[i - 1]));
            char delim[3] = {c, c, '\0'};
            size_t close = opens ? find_closing(s, i + run + 1, limit, delim, run) : 0;
            if (close && c == '_' && close + run < n && is_word_byte((unsigned char)s[close + run]))
                close = 0;
            if (!close) {
                i += run - 1; /* the whole run is literal */
                continue;
            }
            for (size_t j = 0; j < run; j++) {
                drop[i + j] = true;
                drop[close + j] = true;
            }
            i += run - 1;
        }
    }
}

void markdown_inline(const char *line, size_t n, struct buf *out)
{
    if (!n)
        return;
    bool *drop = xcalloc(n, sizeof *drop);
    mark_inline(line, n, drop);
    size_t run_start = 0;
    for (size_t i = 0; i < n; i++) {
        if (drop[i]) {
            buf_put(out, line + run_start, i - run_start);
            run_start = i + 1;
        }
    }
    buf_put(out, line + run_start, n - run_start);
    free(drop);
}
