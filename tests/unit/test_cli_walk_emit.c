/* test_cli_walk_emit.c — option parsing into a config (cli.h), walking inputs (walk.h), the
 * TSV and terminal writers (emit.h) and the arena (arena.h). */
#include "check.h"

#include <stdlib.h>

#include "arena.h"
#include "cli.h"
#include "emit.h"
#include "walk.h"

/* Parses a NULL-terminated argument list (argv[0] added) with stdout and stderr silenced. */
static enum cli_outcome parse(struct config *c, const char **args)
{
    char *argv[32] = {"xinwen"};
    int argc = 1;
    for (; args[argc - 1] && argc < 31; argc++)
        argv[argc] = (char *)args[argc - 1];
    fflush(stdout);
    FILE *saved_out = stdout, *saved_err = stderr;
    stdout = fopen("/dev/null", "w");
    stderr = fopen("/dev/null", "w");
    enum cli_outcome r = cli_parse(argc, argv, c);
    fclose(stdout);
    fclose(stderr);
    stdout = saved_out;
    stderr = saved_err;
    return r;
}

static void test_cli(void)
{
    struct config c;
    const char *a1[] = {"meta",     "-j3",  "--tz=-05:30", "-q0", "--ext",
                        "MD, .txt", "x.md", "-",           NULL};
    CHECK(parse(&c, a1) == CLI_RUN);
    CHECK(c.command == CMD_META && c.format == FORMAT_JSONL);
    CHECK(c.jobs == 3 && c.tz_offset == -330 && c.quiet && c.null_separated);
    CHECK(c.path_count == 2);
    CHECK_STR(c.paths[0], "x.md");
    CHECK_STR(c.paths[1], "-");
    CHECK_STR(c.extensions[0], "md");
    CHECK_STR(c.extensions[1], "txt");
    CHECK(c.extensions[2] == NULL);
    cli_free(&c);

    const char *a2[] = {"text",  "--format", "tsv", "--max-size", "2K",
                        "--ext", "*",        "--",  "-j",         NULL};
    CHECK(parse(&c, a2) == CLI_RUN);
    CHECK(c.command == CMD_TEXT && c.format == FORMAT_TSV && c.max_size == 2048);
    CHECK(c.extensions == NULL);
    CHECK(c.path_count == 1);
    CHECK_STR(c.paths[0], "-j");
    cli_free(&c);

    const char *a3[] = {"text", "a.md", NULL};
    CHECK(parse(&c, a3) == CLI_RUN);
    CHECK(c.format == FORMAT_TEXT && c.tz_offset == 480 && c.jobs >= 1);
    cli_free(&c);

    const char *bad[][4] = {
        {"meta", "-j", "257"},
        {"meta", "-j", "x"},
        {"meta", "-f", "xml"},
        {"nope", "a"},
        {"meta"},
        {"meta", "--max-size", "0"},
        {"meta", "--tz", "+15:00"},
        {"meta", "-", "-"},
        {"meta", "--files-from"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[5] = {bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL};
        CHECK(parse(&c, args) == CLI_ERROR);
        cli_free(&c);
    }
    const char *h[] = {"meta", "--help", NULL};
    CHECK(parse(&c, h) == CLI_DONE);
    cli_free(&c);
    const char *v[] = {"-V", NULL};
    CHECK(parse(&c, v) == CLI_DONE);
    cli_free(&c);
}

/* Walks paths (relative to tests/cli/data) and returns "path|error;..." for comparison. */
static char *walk_all(const char *const *paths, size_t n, const char *exts_arg)
{
    struct config c;
    const char *args[12] = {"meta"};
    size_t k = 1;
    if (exts_arg) {
        args[k++] = "--ext";
        args[k++] = exts_arg;
    }
    for (size_t i = 0; i < n; i++)
        args[k++] = paths[i];
    args[k] = NULL;
    CHECK(parse(&c, args) == CLI_RUN);
    struct walker *w = walker_new(&c);
    struct buf out;
    buf_init(&out, 0);
    struct walk_item item;
    while (w && walker_next(w, &item)) {
        if (item.path)
            buf_printf(&out, "%s;", item.path);
        else
            buf_printf(&out, "!%s;", item.error_path);
        free(item.path);
        free(item.error_path);
        free(item.error);
    }
    walker_free(w);
    cli_free(&c);
    return buf_steal(&out);
}

static void test_walk(void)
{
    const char *folder[] = {"tests/cli/data/folder"};
    char *got = walk_all(folder, 1, NULL);
    CHECK_STR(got, "tests/cli/data/folder/b.md;tests/cli/data/folder/sub/a.txt;"
                   "tests/cli/data/folder/sub/c.html;tests/cli/data/folder/x.md/inside.md;");
    free(got);

    const char *named[] = {"tests/cli/data/folder/notes.doc", "tests/cli/data/missing.md",
                           "tests/cli/data/loop"};
    got = walk_all(named, 3, "html");
    CHECK_STR(got, "tests/cli/data/folder/notes.doc;!tests/cli/data/missing.md;"
                   "!tests/cli/data/loop/inner/back;");
    free(got);
}

static void test_emit(void)
{
    struct buf b;
    buf_init(&b, 0);
    const char s[] = "a\tb\nc\\d\re\x01"
                     "f\x1b[31m\xff";
    tsv_put_field(&b, s, sizeof s - 1);
    CHECK_STR(b.data, "a\\tb\\nc\\\\d\\re"
                      "f[31m\xEF\xBF\xBD");
    buf_reset(&b);
    text_put_safe(&b, s, sizeof s - 1);
    CHECK_STR(b.data, "a\tb\nc\\de"
                      "f[31m\xEF\xBF\xBD");
    buf_reset(&b);
    tsv_put_cstr(&b, NULL);
    CHECK(b.len == 0);
    buf_free(&b);

    struct config c = {.format = FORMAT_JSON, .command = CMD_META};
    struct framing f = emit_framing(&c);
    CHECK_STR(f.header, "[\n");
    CHECK_STR(f.between, ",\n");
    c.format = FORMAT_TSV;
    f = emit_framing(&c);
    CHECK(strncmp(f.header, "path\tdate\tdate_utc\t", 19) == 0);
}

static void test_arena(void)
{
    struct arena a;
    arena_init(&a);
    char *p = arena_strdup(&a, "王毅");
    CHECK_STR(p, "王毅");
    void *big = arena_alloc(&a, 1 << 20); /* larger than a block */
    CHECK(big != NULL);
    memset(big, 1, 1 << 20);
    int misaligned = 0;
    for (int i = 0; i < 10000; i++)
        misaligned += (uintptr_t)arena_alloc(&a, (size_t)i % 37 + 1) % _Alignof(max_align_t) != 0;
    CHECK(misaligned == 0);
    arena_reset(&a);
    p = arena_strndup(&a, "abcdef", 3);
    CHECK_STR(p, "abc");
    arena_free(&a);
}

void test_cli_walk_emit(void)
{
    test_cli();
    test_walk();
    test_emit();
    test_arena();
}
