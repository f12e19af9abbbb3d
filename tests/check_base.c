/*
 * check_base.c - the base layer: buffers, arenas, hash maps, diagnostics,
 * errors.
 */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"
#include "helpers.h"

START_TEST(test_buf_grows_and_stays_terminated)
{
	vd_buf b = VD_BUF_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		vd__buf_printf(&b, "%d,", i);
	ck_assert_uint_eq(b.size, strlen(b.ptr));
	ck_assert(strncmp(b.ptr, "0,1,2,", 6) == 0);
	ck_assert_contains(b.ptr, "999,");
	vd_buf_dispose(&b);
	ck_assert_ptr_null(b.ptr);
}
END_TEST

START_TEST(test_buf_json_string_escapes_controls_and_quotes)
{
	vd_buf b = VD_BUF_INIT;

	vd__buf_put_json_string(&b, "a\"b\\c\n\x01", 7);
	ck_assert_str_eq(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\"");
	vd_buf_dispose(&b);
}
END_TEST

START_TEST(test_arena_reset_reuses_and_aligns)
{
	vd_arena a = VD_ARENA_INIT;
	char *p, *q;
	int i;

	for (i = 0; i < 10000; i++) {
		p = vd__arena_alloc(&a, (size_t)(i % 97) + 1);
		ck_assert_uint_eq((uintptr_t)p % 16, 0);
	}
	vd__arena_reset(&a);
	p = vd__arena_strdup(&a, "hello");
	q = vd__arena_printf(&a, "%s %d", p, 42);
	ck_assert_str_eq(q, "hello 42");
	/* A block larger than the default still works. */
	p = vd__arena_alloc(&a, 5 * 1024 * 1024);
	memset(p, 1, 5 * 1024 * 1024);
	vd__arena_dispose(&a);
}
END_TEST

START_TEST(test_strmap_put_get_keeps_first)
{
	vd_strmap m = VD_STRMAP_INIT;
	char keys[2000][8];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		ck_assert(vd__strmap_put(&m, keys[i], strlen(keys[i]), (void *)(intptr_t)(i + 1)));
	}
	ck_assert(!vd__strmap_put(&m, "k5", 2, (void *)999));
	for (i = 0; i < 2000; i++)
		ck_assert_int_eq((intptr_t)vd__strmap_get(&m, keys[i], strlen(keys[i])), i + 1);
	ck_assert_ptr_null(vd__strmap_get(&m, "nope", 4));
	vd__strmap_dispose(&m);
}
END_TEST

START_TEST(test_diags_render_with_caret)
{
	vd_diags *d = vd__diags_new();
	vd_buf b = VD_BUF_INIT;

	vd__diags_add_source(d, "a.policy", "line one\n\tpolicy x\n", 19);
	vd__diag(d, VD_DIAG_ERROR, "a.policy", 2, 9, 10, "bad %s", "thing");
	vd_pass(vd_diags_render(&b, d, true));
	ck_assert_str_eq(b.ptr, "a.policy:2:9: error: bad thing\n    \tpolicy x\n    \t       ^\n");
	ck_assert_uint_eq(vd_diags_error_count(d), 1);
	vd_buf_dispose(&b);
	vd_diags_free(d);
}
END_TEST

START_TEST(test_error_codes_map_to_documented_exits)
{
	ck_assert_int_eq(vd_error_exit_status(VD_EUSAGE), 3);
	ck_assert_int_eq(vd_error_exit_status(VD_EPOLICY), 4);
	ck_assert_int_eq(vd_error_exit_status(VD_EINVALID), 5);
	ck_assert_int_eq(vd_error_exit_status(VD_ENOTFOUND), 6);
	ck_assert_int_eq(vd_error_exit_status(VD_EIO), 7);
	ck_assert_int_eq(vd_error_exit_status(VD_ERROR), 8);
	ck_assert_int_eq(vd__error_set(VD_EINVALID, "x %d", 1), VD_EINVALID);
	ck_assert_str_eq(vd_error_last()->message, "x 1");
	vd__error_prefix("ctx");
	ck_assert_str_eq(vd_error_last()->message, "ctx: x 1");
	vd_error_clear();
	ck_assert_int_eq(vd_error_last()->code, 0);
}
END_TEST

Suite *
base_suite(void)
{
	Suite *s = suite_create("base");
	TCase *tc = tcase_create("base");

	tcase_add_test(tc, test_buf_grows_and_stays_terminated);
	tcase_add_test(tc, test_buf_json_string_escapes_controls_and_quotes);
	tcase_add_test(tc, test_arena_reset_reuses_and_aligns);
	tcase_add_test(tc, test_strmap_put_get_keeps_first);
	tcase_add_test(tc, test_diags_render_with_caret);
	tcase_add_test(tc, test_error_codes_map_to_documented_exits);
	suite_add_tcase(s, tc);
	return s;
}
