/* emit.c — the format framing and the TSV and terminal-safe writers (see emit.h). */
#include "emit.h"

#include <string.h>

#include "utf8.h"

enum escape_mode {
    ESCAPE_TSV,       /* backslash, tab, newline, CR as \\ \t \n \r */
    ESCAPE_TEXT_LINE, /* tab and newline as \t \n (one line on a terminal), CR dropped */
    ESCAPE_TEXT,      /* tab and newline kept, CR dropped */
};

static void put_escaped(struct buf *b, const char *s, size_t n, enum escape_mode mode)
{
    bool tsv = mode == ESCAPE_TSV, one_line = mode != ESCAPE_TEXT;
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t len = 1;
        if (c >= 0x80) {
            int32_t cp;
            len = utf8_decode(s + i, n - i, &cp);
            if (cp >= 0 && !(cp >= 0x80 && cp < 0xA0)) {
                i += len;
                run += len;
                continue;
            }
            rep = cp < 0 ? "\xEF\xBF\xBD" : "";
        } else if (tsv && c == '\\') {
            rep = "\\\\";
        } else if (c == '\t') {
            rep = one_line ? "\\t" : NULL;
        } else if (c == '\n') {
            rep = one_line ? "\\n" : NULL;
        } else if (c == '\r') {
            rep = tsv ? "\\r" : "";
        } else if (c < 0x20 || c == 0x7F) {
            rep = "";
        }
        if (!rep) {
            i++;
            run++;
            continue;
        }
        buf_put(b, s + i - run, run);
        run = 0;
        buf_puts(b, rep);
        i += len;
    }
    buf_put(b, s + n - run, run);
}

void tsv_put_field(struct buf *b, const char *s, size_t n)
{
    if (s)
        put_escaped(b, s, n, ESCAPE_TSV);
}

void tsv_put_cstr(struct buf *b, const char *s)
{
    if (s)
        put_escaped(b, s, strlen(s), ESCAPE_TSV);
}

void text_put_safe(struct buf *b, const char *s, size_t n)
{
    put_escaped(b, s, n, ESCAPE_TEXT);
}

void text_put_line(struct buf *b, const char *s, size_t n)
{
    put_escaped(b, s, n, ESCAPE_TEXT_LINE);
}

struct framing emit_framing(const struct config *config)
{
    struct framing f = {"", "", ""};
    switch (config->format) {
    case FORMAT_JSON:
        f.header = "[\n";
        f.between = ",\n";
        f.footer = "\n]\n";
        break;
    case FORMAT_TSV:
        switch (config->command) {
        case CMD_META:
            f.header = "path\tdate\tdate_utc\tsource\ttitle\turl\tauthor\ttags\tcategories\t"
                       "encoding\tchars\n";
            break;
        case CMD_ARTICLES:
            f.header = "path\ttype\tname\tcount\tfirst\taliases\tcode\n";
            break;
        case CMD_MENTIONS:
            f.header = "path\ttype\tname\ttext\tstart\tend\tcode\n";
            break;
        default:
            f.header = "path\ttitle\ttext\n";
            break;
        }
        break;
    case FORMAT_TEXT:
        f.between = "\n";
        break;
    case FORMAT_JSONL:
        break;
    }
    return f;
}
