/* emit_text.c — the `text` record: an article's clean body, alone or with its path and title. */
#include "emit.h"

#include "json.h"

void emit_text(const struct config *config, const struct article *a, struct buf *out)
{
    bool first;
    switch (config->format) {
    case FORMAT_JSONL:
    case FORMAT_JSON:
        json_object_begin(out, &first);
        json_member_str(out, &first, "path", a->path);
        json_member_str(out, &first, "title", a->meta.title);
        json_member_strn(out, &first, "text", a->text, a->text_len);
        json_object_end(out);
        if (config->format == FORMAT_JSONL)
            buf_putc(out, '\n');
        break;
    case FORMAT_TSV:
        tsv_put_cstr(out, a->path);
        buf_putc(out, '\t');
        tsv_put_cstr(out, a->meta.title);
        buf_putc(out, '\t');
        tsv_put_field(out, a->text, a->text_len);
        buf_putc(out, '\n');
        break;
    case FORMAT_TEXT:
        text_put_safe(out, a->text, a->text_len);
        buf_putc(out, '\n');
        break;
    }
}
