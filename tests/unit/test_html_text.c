/* test_html_text.c — unit tests (placeholder until written). */
#include "check.h"

void test_html_text(void)
{
}
