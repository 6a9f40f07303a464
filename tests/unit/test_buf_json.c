/* test_buf_json.c — unit tests (placeholder until written). */
#include "check.h"

void test_buf_json(void)
{
}
