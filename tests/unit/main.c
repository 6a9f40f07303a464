/* main.c — runs every unit test group and prints "unit: N passed, M failed". */
#include "check.h"

int checks_passed, checks_failed;

int main(void)
{
    test_buf_json();
    test_datetime();
    test_encoding();
    test_frontmatter();
    test_markdown();
    test_html_text();
    test_cli_walk_emit();
    test_ner();
    test_ner_layer();
    test_resolve();
    test_dates();
    test_summary_state();
    printf("unit: %d passed, %d failed\n", checks_passed, checks_failed);
    return checks_failed ? 1 : 0;
}
