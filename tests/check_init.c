/*
 * check_init.c - `verdict init`: a new policy repository from the starter
 * packs built into the binary, which passes check, test and fmt --check.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "helpers.h"

static char *dir, *out, *err;

static void
setup(void)
{
	fx_init();
	dir = fx_tmpdir();
	out = err = NULL;
}

static void
teardown(void)
{
	free(out);
	free(err);
	fx_rmtree(dir);
	free(dir);
}

static int
run(const char *a0, const char *a1, const char *a2, const char *a3)
{
	const char *args[] = { a0, a1, a2, a3, NULL };

	free(out);
	free(err);
	out = err = NULL;
	return fx_run(NULL, &out, &err, args);
}

START_TEST(test_init_then_check_then_test_passes)
{
	char repo[4096];

	snprintf(repo, sizeof(repo), "%s/policy", dir);
	ck_assert_msg(run("init", repo, NULL, NULL) == 0, "%s%s", out, err);
	ck_assert_contains(out, "7 packs");
	ck_assert_contains(out, "all in observe");
	ck_assert_msg(run("check", "--repo", repo, NULL) == 0, "%s%s", out, err);
	ck_assert_contains(out, "0 errors, 0 warnings");
	ck_assert_msg(run("test", "--repo", repo, "--coverage") == 0, "%s%s", out, err);
	ck_assert_contains(out, "100%: Checks: ");
	ck_assert_not_contains(out, "not exercised");
	ck_assert_msg(run("fmt", "--check", "--repo", repo) == 0, "%s%s", out, err);
	ck_assert_msg(run("packs", "--repo", repo, NULL) == 0, "%s%s", out, err);
	ck_assert_contains(out, "Starter packs from verdict");
}
END_TEST

/* The binary's packs are the source tree's packs, byte for byte. */
START_TEST(test_init_embeds_the_current_packs)
{
	char repo[4096], cmd[16384];

	snprintf(repo, sizeof(repo), "%s/policy", dir);
	ck_assert_int_eq(run("init", repo, NULL, NULL), 0);
	snprintf(cmd, sizeof(cmd), "diff -r '%s/packs' '%s/packs' >/dev/null", fx_source_dir(), repo);
	ck_assert_msg(system(cmd) == 0, "the packs verdict init wrote differ from packs/ in the source tree; rebuild");
}
END_TEST

START_TEST(test_init_makes_one_commit_on_the_baseline_branch)
{
	vd_engine *e = NULL;
	vd_inventory *inv = NULL;
	char repo[4096];

	snprintf(repo, sizeof(repo), "%s/p", dir);
	ck_assert_int_eq(run("init", "--branch", "trunk", repo), 0);
	vd_pass(vd_engine_open(&e, repo, NULL));
	ck_assert_str_eq(vd_engine_default_branch(e), "trunk");
	vd_pass(vd_inventory_revision(&inv, e, NULL));
	ck_assert_str_eq(vd_inventory_get(inv, 0)->ref, "trunk");
	ck_assert_contains(vd_inventory_get(inv, 0)->summary, "Starter packs from verdict");
	vd_inventory_free(inv);
	vd_engine_free(e);
}
END_TEST

START_TEST(test_init_refuses_a_directory_that_is_not_empty)
{
	char file[4096], *text;

	snprintf(file, sizeof(file), "%s/notes.txt", dir);
	fx_write_file(file, "mine\n");
	ck_assert_int_eq(run("init", dir, NULL, NULL), 3);
	ck_assert_contains(err, "is not empty");
	text = fx_read_file(file);
	ck_assert_str_eq(text, "mine\n");
	free(text);
	snprintf(file, sizeof(file), "%s/.git", dir);
	ck_assert_ptr_null(fx_read_file(file));
}
END_TEST

Suite *
init_suite(void)
{
	Suite *s = suite_create("init");
	TCase *tc = tcase_create("init");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_init_then_check_then_test_passes);
	tcase_add_test(tc, test_init_embeds_the_current_packs);
	tcase_add_test(tc, test_init_makes_one_commit_on_the_baseline_branch);
	tcase_add_test(tc, test_init_refuses_a_directory_that_is_not_empty);
	suite_add_tcase(s, tc);
	return s;
}
