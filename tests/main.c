/*
 * main.c - one test binary, every suite; CK_RUN_SUITE picks one.
 */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

#define X(name) Suite *name##_suite(void);
VD_SUITES(X)
#undef X

int
main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define X(name) srunner_add_suite(sr, name##_suite());
	VD_SUITES(X)
#undef X
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
