/* test_frontmatter.c — unit tests (placeholder until written). */
#include "check.h"

void test_frontmatter(void)
{
}
