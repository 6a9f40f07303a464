/* test_markdown.c — unit tests (placeholder until written). */
#include "check.h"

void test_markdown(void)
{
}
