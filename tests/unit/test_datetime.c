/* test_datetime.c — unit tests (placeholder until written). */
#include "check.h"

void test_datetime(void)
{
}
