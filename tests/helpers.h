/*
 * helpers.h - assertions that explain themselves.
 */
#ifndef VD_TESTS_HELPERS_H
#define VD_TESTS_HELPERS_H

#include <check.h>
#include <string.h>

#include "verdict.h"
#include "suites.h"

#ifndef VD_ARRAY_SIZE
#define VD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Every suite's constructor, declared once. */
#define X(name) Suite *name##_suite(void);
VD_SUITES(X)
#undef X

/* Assert success; on failure print the library's last error. */
#define vd_pass(expr) do { \
	int vd__rc = (expr); \
	ck_assert_msg(vd__rc >= 0, "%s failed with %d: %s", #expr, vd__rc, \
		vd_error_last()->message); \
} while (0)

/* Assert one exact error code. */
#define vd_fail_with(code, expr) do { \
	int vd__rc = (expr); \
	ck_assert_msg(vd__rc == (code), "%s returned %d, expected %d (%s)", #expr, \
		vd__rc, (code), vd_error_last()->message); \
} while (0)

/* Assert that a string contains a substring, showing both on failure. */
#define ck_assert_contains(hay, needle) do { \
	const char *vd__h = (hay), *vd__n = (needle); \
	ck_assert_msg(vd__h && strstr(vd__h, vd__n), "expected to find\n  %s\nin\n  %s", \
		vd__n, vd__h ? vd__h : "(null)"); \
} while (0)

#define ck_assert_not_contains(hay, needle) do { \
	const char *vd__h = (hay), *vd__n = (needle); \
	ck_assert_msg(vd__h == NULL || !strstr(vd__h, vd__n), "did not expect\n  %s\nin\n  %s", \
		vd__n, vd__h); \
} while (0)

#endif
