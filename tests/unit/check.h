/* check.h — the unit tests' tiny harness: CHECK records a pass or a failure with its place. */
#ifndef XINWEN_TEST_CHECK_H
#define XINWEN_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

extern int checks_passed, checks_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            checks_passed++;                                                                       \
        } else {                                                                                   \
            checks_failed++;                                                                       \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                        \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                                                     \
            checks_passed++;                                                                       \
        } else {                                                                                   \
            checks_failed++;                                                                       \
            fprintf(stderr, "FAIL %s:%d: %s\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, #got,  \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

void test_buf_json(void);
void test_datetime(void);
void test_encoding(void);
void test_frontmatter(void);
void test_markdown(void);
void test_html_text(void);
void test_cli_walk_emit(void);
void test_ner(void);
void test_ner_layer(void);
void test_resolve(void);
void test_dates(void);
void test_summary_state(void);

#endif
