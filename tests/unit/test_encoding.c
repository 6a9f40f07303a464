/* test_encoding.c — unit tests (placeholder until written). */
#include "check.h"

void test_encoding(void)
{
}
