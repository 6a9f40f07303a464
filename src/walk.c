/* walk.c — input paths to article files: folders read recursively in sorted order, symbolic
 * link loops detected, --files-from streamed (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "util.h"

/* A folder being walked: its sorted entry names and how far we are. */
struct dir_frame {
    char *path;
    char **names;
    size_t count, next;
    dev_t dev;
    ino_t ino;
};

struct walker {
    const struct config *config;
    size_t next_root;
    FILE *list; /* --files-from, when open */
    bool list_is_stdin;
    bool list_done;
    struct dir_frame *stack;
    size_t depth, stack_cap;
};

struct walker *walker_new(const struct config *config)
{
    struct walker *w = xcalloc(1, sizeof *w);
    w->config = config;
    if (config->files_from) {
        if (strcmp(config->files_from, "-") == 0) {
            w->list = stdin;
            w->list_is_stdin = true;
        } else {
            w->list = fopen(config->files_from, "r");
            if (!w->list) {
                fprintf(stderr, "xinwen: %s: cannot open list of files: %s\n", config->files_from,
                        strerror(errno));
                free(w);
                return NULL;
            }
        }
    } else {
        w->list_done = true;
    }
    return w;
}

static void free_frame(struct dir_frame *f)
{
    for (size_t i = 0; i < f->count; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
}

void walker_free(struct walker *w)
{
    if (!w)
        return;
    while (w->depth)
        free_frame(&w->stack[--w->depth]);
    free(w->stack);
    if (w->list && !w->list_is_stdin)
        fclose(w->list);
    free(w);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_error(struct walk_item *item, const char *path, const char *message)
{
    item->path = NULL;
    item->error_path = xstrdup(path);
    item->error = xstrdup(message);
}

static char *join_path(const char *dir, const char *name)
{
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, dir);
    if (b.len && b.data[b.len - 1] != '/')
        buf_putc(&b, '/');
    buf_puts(&b, name);
    return buf_steal(&b);
}

static bool wanted_extension(const struct walker *w, const char *name)
{
    char **exts = w->config->extensions;
    if (!exts)
        return true;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return false;
    for (char **e = exts; *e; e++)
        if (strcasecmp(dot + 1, *e) == 0)
            return true;
    return false;
}

/* Opens folder path (whose stat is st) as a new frame, or reports why not. */
static bool push_dir(struct walker *w, const char *path, const struct stat *st,
                     struct walk_item *item)
{
    for (size_t i = 0; i < w->depth; i++) {
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
            char msg[64 + 4096];
            snprintf(msg, sizeof msg, "symbolic link loop (leads back to %s), not followed",
                     w->stack[i].path);
            set_error(item, path, msg);
            return false;
        }
    }
    DIR *d = opendir(path);
    if (!d) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read folder: %s", strerror(errno));
        set_error(item, path, msg);
        return false;
    }
    struct dir_frame f = {.path = xstrdup(path), .dev = st->st_dev, .ino = st->st_ino};
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ".", "..", and hidden files and folders */
        if (f.count == cap) {
            cap = cap ? cap * 2 : 64;
            f.names = xrealloc(f.names, cap * sizeof *f.names);
        }
        f.names[f.count++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (f.count)
        qsort(f.names, f.count, sizeof *f.names, compare_names);
    if (w->depth == w->stack_cap) {
        w->stack_cap = w->stack_cap ? w->stack_cap * 2 : 16;
        w->stack = xrealloc(w->stack, w->stack_cap * sizeof *w->stack);
    }
    w->stack[w->depth++] = f;
    return true;
}

/* Why a folder entry with an article's name but not a regular file is not read. */
static const char *special_file_kind(mode_t mode)
{
    return S_ISFIFO(mode)                   ? "a named pipe (FIFO), not read inside a folder"
           : S_ISSOCK(mode)                 ? "a socket, not read inside a folder"
           : S_ISCHR(mode) || S_ISBLK(mode) ? "a device, not read inside a folder"
                                            : "not a regular file, not read inside a folder";
}

/* A path named by the user: a file whatever its extension, a folder to walk, or an error. */
static bool visit_root(struct walker *w, const char *path, struct walk_item *item)
{
    if (strcmp(path, "-") == 0) {
        item->path = xstrdup(path);
        return true;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        struct stat lst;
        if (errno == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            set_error(item, path, "dangling symbolic link (its target does not exist)");
        else if (errno == ELOOP)
            set_error(item, path, "symbolic link loop, not followed");
        else
            set_error(item, path, strerror(errno));
        return true;
    }
    if (S_ISDIR(st.st_mode))
        return !push_dir(w, path, &st, item); /* an item only if push_dir reported an error */
    item->path = xstrdup(path);
    return true;
}

/* The next entry of the innermost folder that yields an item; false when the stack is empty. */
static bool next_from_stack(struct walker *w, struct walk_item *item)
{
    while (w->depth) {
        struct dir_frame *f = &w->stack[w->depth - 1];
        if (f->next == f->count) {
            free_frame(f);
            w->depth--;
            continue;
        }
        const char *name = f->names[f->next++];
        char *path = join_path(f->path, name);
        struct stat st;
        if (stat(path, &st) != 0) {
            int err = errno;
            struct stat lst;
            bool is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
            if (wanted_extension(w, name) || err == ELOOP) {
                set_error(item, path,
                          err == ELOOP ? "symbolic link loop, not followed"
                          : is_link    ? "dangling symbolic link (its target does not exist)"
                                       : strerror(err));
                free(path);
                return true;
            }
            free(path);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            bool failed = !push_dir(w, path, &st, item);
            free(path);
            if (failed)
                return true;
            continue;
        }
        if (wanted_extension(w, name)) {
            if (S_ISREG(st.st_mode))
                item->path = path;
            else { /* reading a FIFO or a device inside a folder could block or never end */
                set_error(item, path, special_file_kind(st.st_mode));
                free(path);
            }
            return true;
        }
        free(path);
    }
    return false;
}

/* Reads the next entry of the --files-from list into a new string; NULL at the end. */
static char *next_listed_path(struct walker *w)
{
    struct buf line;
    buf_init(&line, 1 << 20);
    int sep = w->config->null_separated ? '\0' : '\n';
    for (;;) {
        int c = getc(w->list);
        if (c == EOF) {
            if (line.len) {
                if (line.data[line.len - 1] == '\r' && sep == '\n')
                    buf_truncate(&line, line.len - 1);
                break;
            }
            w->list_done = true;
            buf_free(&line);
            return NULL;
        }
        if (c == sep) {
            if (sep == '\n' && line.len && line.data[line.len - 1] == '\r')
                buf_truncate(&line, line.len - 1);
            if (line.len)
                break;
            continue; /* empty entries are ignored */
        }
        buf_putc(&line, (char)c);
    }
    return buf_steal(&line);
}

bool walker_next(struct walker *w, struct walk_item *item)
{
    memset(item, 0, sizeof *item);
    for (;;) {
        if (next_from_stack(w, item))
            return true;
        if (w->next_root < w->config->path_count) {
            if (visit_root(w, w->config->paths[w->next_root++], item))
                return true;
            continue;
        }
        if (w->list_done)
            return false;
        char *listed = next_listed_path(w);
        if (!listed)
            return false;
        bool got = visit_root(w, listed, item);
        free(listed);
        if (got)
            return true;
    }
}
