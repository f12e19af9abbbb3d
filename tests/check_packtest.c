/*
 * check_packtest.c - `verdict test`: policy tests run against the working
 * tree, a revision or the live scopes; failures shown as a diff; text, JSON
 * and JUnit output; coverage; errors that never pass silently.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "helpers.h"

static fx_repo *fx;
static char *out, *err;

static const char *const demo_policy =
	"policy \"demo.env\" {\n"
	"  risk     credential-access\n"
	"  severity block\n"
	"  on       file.read\n"
	"  when     path matches \"**/.env\"\n"
	"  message  \"reading {path}\"\n"
	"}\n"
	"\n"
	"policy \"demo.untested\" {\n"
	"  on       shell.exec\n"
	"  when     command.name == \"shutdown\"\n"
	"}\n";

static const char *const demo_tests =
	"[{\"name\": \"env is read\",\n"
	"  \"event\": {\"action\": \"file.read\", \"path\": \"/a/.env\"},\n"
	"  \"expect\": {\"verdict\": \"pass\", \"would\": \"block\", \"policies\": [\"demo.env\"], \"message\": \"reading /a/.env\"}},\n"
	" {\"name\": \"other <files>\",\n"
	"  \"event\": [{\"action\": \"file.read\", \"path\": \"/a/x\"}, {\"action\": \"file.read\", \"path\": \"/a/.env.example\"}],\n"
	"  \"expect\": {\"would\": \"pass\", \"policies\": []}}]\n";

static void
setup(void)
{
	fx_init();
	fx = fx_repo_new(false);
	fx_write(fx, "packs/demo/demo.policy", demo_policy);
	fx_write(fx, "packs/demo/tests/env.json", demo_tests);
	fx_commit(fx, "main", "demo pack", NULL);
	out = err = NULL;
}

static void
teardown(void)
{
	free(out);
	free(err);
	fx_repo_free(fx);
}

/* Run `verdict test --repo <fx> args...`. */
static int
run_test(const char *a1, const char *a2, const char *a3)
{
	const char *args[8] = { "test", "--repo", fx_path(fx), a1, a2, a3, NULL, NULL };

	free(out);
	free(err);
	return fx_run(NULL, &out, &err, args);
}

START_TEST(test_packtest_passing_cases_exit_zero_with_a_summary)
{
	ck_assert_int_eq(run_test(NULL, NULL, NULL), 0);
	ck_assert_str_eq(out, "100%: Checks: 2, Failures: 0, Errors: 0\n");
	ck_assert_int_eq(run_test("-v", NULL, NULL), 0);
	ck_assert_contains(out, "ok   packs/demo/tests/env.json: env is read");
}
END_TEST

START_TEST(test_packtest_failure_shows_expected_and_actual)
{
	fx_write(fx, "packs/demo/tests/env.json",
		"[{\"name\": \"wrong\", \"event\": {\"action\": \"file.read\", \"path\": \"/a/.env\"},\n"
		"  \"expect\": {\"would\": \"pass\", \"policies\": [], \"exceptions\": []}}]");
	ck_assert_int_eq(run_test(NULL, NULL, NULL), 1);
	ck_assert_contains(out, "FAIL packs/demo/tests/env.json: wrong\n"
		"  event 1: {\"action\":\"file.read\",\"path\":\"/a/.env\"}\n"
		"  - would: pass\n  + would: block\n"
		"  - policies: []\n  + policies: [demo.env]\n");
	ck_assert_contains(out, "0%: Checks: 1, Failures: 1, Errors: 0");
}
END_TEST

START_TEST(test_packtest_json_and_junit)
{
	json_t *j;
	json_error_t e;

	ck_assert_int_eq(run_test("--format", "json", NULL), 0);
	j = json_loads(out, 0, &e);
	ck_assert_msg(j != NULL, "not JSON: %s\n%s", e.text, out);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "checks")), 2);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "uncovered"), 0)), "demo.untested");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "cases"), 1), "status")), "pass");
	json_decref(j);
	ck_assert_int_eq(run_test("--format", "junit", NULL), 0);
	ck_assert_contains(out, "<testsuites name=\"verdict\" tests=\"2\" failures=\"0\" errors=\"0\">");
	ck_assert_contains(out, "<testsuite name=\"packs/demo/tests/env.json\" tests=\"2\" failures=\"0\" errors=\"0\">");
	ck_assert_contains(out, "<testcase classname=\"demo\" name=\"other &lt;files&gt;\"/>");
}
END_TEST

START_TEST(test_packtest_coverage_lists_untested_policies)
{
	ck_assert_int_eq(run_test("--coverage", NULL, NULL), 0);
	ck_assert_contains(out, "not exercised: demo.untested\n1 of 2 policies exercised by a test\n");
	ck_assert_not_contains(out, "not exercised: demo.env");
}
END_TEST

START_TEST(test_packtest_pattern_selects_cases)
{
	ck_assert_int_eq(run_test("other", NULL, NULL), 0);
	ck_assert_contains(out, "Checks: 1,");
	ck_assert_int_eq(run_test("*env is*", NULL, NULL), 0);
	ck_assert_contains(out, "Checks: 1,");
	ck_assert_int_eq(run_test("d?mo", NULL, NULL), 0);
	ck_assert_contains(out, "Checks: 2,");
	ck_assert_int_eq(run_test("nothing-matches", NULL, NULL), 0);
	ck_assert_contains(out, "Checks: 0,");
}
END_TEST

START_TEST(test_packtest_errors_never_pass)
{
	fx_write(fx, "packs/demo/tests/broken.json", "[{\"name\": \"x\",\n  \"event\": }]");
	fx_write(fx, "packs/demo/tests/typo.json",
		"[{\"event\": {\"action\": \"file.read\", \"path\": \"/x\"}, \"expect\": {\"policy\": []}},"
		" {\"event\": {\"action\": \"file.raed\"}, \"expect\": {}},"
		" {\"event\": {\"action\": \"file.read\"}, \"expect\": {\"would\": \"maybe\"}},"
		" {\"expect\": {}}]");
	ck_assert_int_eq(run_test(NULL, NULL, NULL), 5);
	ck_assert_contains(out, "ERROR packs/demo/tests/broken.json: (file)\n  invalid JSON at line 2, column");
	ck_assert_contains(out, "unknown key 'policy' in expect");
	ck_assert_contains(out, "event 1: unknown action 'file.raed'");
	ck_assert_contains(out, "expect.would must be one of pass, warn, ask, block");
	ck_assert_contains(out, "case has no 'event'");
	ck_assert_contains(out, "Errors: 5");
}
END_TEST

START_TEST(test_packtest_ref_tests_a_committed_revision)
{
	fx_write(fx, "packs/demo/demo.policy", "policy \"demo.env\" { on file.read; when path == \"/nothing\" }\n");
	ck_assert_int_eq(run_test(NULL, NULL, NULL), 1);
	ck_assert_int_eq(run_test("--ref", "main", NULL), 0);
	ck_assert_str_eq(out, "100%: Checks: 2, Failures: 0, Errors: 0\n");
}
END_TEST

START_TEST(test_packtest_scope_judges_at_the_live_scopes)
{
	fx_write(fx, "ramp.policy", "ramp { credential-access block }\n");
	fx_commit(fx, "scope/group/contractors", "contractors: block credential access", NULL);
	fx_remove(fx, "ramp.policy");
	fx_write(fx, "packs/demo/tests/env.json",
		"[{\"name\": \"contractors are blocked\", \"scope\": \"group/contractors\",\n"
		"  \"event\": {\"action\": \"file.read\", \"path\": \"/a/.env\"},\n"
		"  \"expect\": {\"verdict\": \"block\", \"policies\": [\"demo.env\"]}},\n"
		" {\"name\": \"everyone else observes\", \"scope\": \"main\",\n"
		"  \"event\": {\"action\": \"file.read\", \"path\": \"/a/.env\", \"groups\": [\"staff\"]},\n"
		"  \"expect\": {\"verdict\": \"pass\", \"would\": \"block\"}},\n"
		" {\"name\": \"unknown scopes are errors\", \"scope\": \"team/x\",\n"
		"  \"event\": {\"action\": \"file.read\", \"path\": \"/a/.env\"}, \"expect\": {}}]");
	ck_assert_int_eq(run_test(NULL, NULL, NULL), 5);
	ck_assert_contains(out, "unknown scope 'team/x'");
	ck_assert_contains(out, "Checks: 3, Failures: 0, Errors: 1");
}
END_TEST

START_TEST(test_packtest_policies_that_do_not_compile)
{
	fx_write(fx, "packs/demo/demo.policy", "policy \"demo.env\" { on file.read; when pth == \"x\" }\n");
	ck_assert_int_eq(run_test(NULL, NULL, NULL), 4);
	ck_assert_contains(err, "policies at the working tree do not compile: packs/demo/demo.policy:1:40: unknown field 'pth'");
	ck_assert_contains(err, "`verdict check` lists them all");
}
END_TEST

START_TEST(test_packtest_bare_repository_tests_head)
{
	fx_repo *bare = fx_repo_new(true);
	const char *args[] = { "test", "--repo", NULL, NULL };

	fx_write(bare, "packs/demo/demo.policy", demo_policy);
	fx_write(bare, "packs/demo/tests/env.json", demo_tests);
	fx_commit(bare, "main", "demo", NULL);
	args[2] = fx_path(bare);
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, args), 0);
	ck_assert_str_eq(out, "100%: Checks: 2, Failures: 0, Errors: 0\n");
	fx_repo_free(bare);
}
END_TEST

/* ---- the starter packs ------------------------------------------------------ */

static fx_repo *packs_repo;

static void
setup_packs(void)
{
	char dir[4096];

	fx_init();
	packs_repo = fx_repo_new(true);
	snprintf(dir, sizeof(dir), "%s/packs", fx_source_dir());
	fx_write_dir(packs_repo, dir, "packs/");
	fx_commit(packs_repo, "main", "starter packs", NULL);
	out = err = NULL;
}

static void
teardown_packs(void)
{
	free(out);
	free(err);
	fx_repo_free(packs_repo);
}

/* Every starter pack's own tests pass, and every policy has one. */
START_TEST(test_starter_packs_pass_their_tests_with_full_coverage)
{
	const char *args[] = { "test", "--repo", fx_path(packs_repo), "--coverage", NULL };
	int rc = fx_run(NULL, &out, &err, args);

	ck_assert_msg(rc == 0, "verdict test on packs/ exited %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "100%: Checks: ");
	ck_assert_not_contains(out, "not exercised");
}
END_TEST

START_TEST(test_starter_packs_check_without_warnings)
{
	const char *args[] = { "check", "--repo", fx_path(packs_repo), NULL };
	int rc = fx_run(NULL, &out, &err, args);

	ck_assert_msg(rc == 0, "verdict check exited %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "0 errors, 0 warnings");
}
END_TEST

/*
 * A pack's tests describe what it detects, not how far a scope has ramped
 * it: promoting every risk class to block (the pull request `verdict ci`
 * gates) must not fail them.
 */
START_TEST(test_starter_pack_tests_hold_at_every_ramp)
{
	const char *args[] = { "test", "--repo", fx_path(packs_repo), NULL };
	vd_engine *e = NULL;
	vd_inventory *inv = NULL;
	const vd_revision_info *r;
	vd_buf ramp = VD_BUF_INIT;
	size_t i, j;
	int rc;

	vd_pass(vd_engine_open(&e, fx_path(packs_repo), NULL));
	vd_pass(vd_inventory_revision(&inv, e, "main"));
	r = vd_inventory_get(inv, 0);
	vd_buf_printf(&ramp, "ramp {\n");
	for (i = 0; i < r->npacks; i++)
		for (j = 0; j < r->packs[i].npolicies; j++)
			if (r->packs[i].policies[j].risk) {
				char entry[256];

				snprintf(entry, sizeof(entry), "  %s block\n", r->packs[i].policies[j].risk);
				if (!strstr(ramp.ptr, entry))
					vd_buf_printf(&ramp, "%s", entry);
			}
	vd_buf_printf(&ramp, "}\n");
	vd_inventory_free(inv);
	vd_engine_free(e);

	fx_write(packs_repo, "ramp.policy", ramp.ptr);
	fx_commit(packs_repo, "main", "promote every risk class to block", NULL);
	vd_buf_dispose(&ramp);
	rc = fx_run(NULL, &out, &err, args);
	ck_assert_msg(rc == 0, "verdict test with every risk class blocking exited %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "100%: Checks: ");
}
END_TEST

/* New policies start in observe: no pack sets a mode, and every pack is documented and tested. */
START_TEST(test_starter_policies_all_start_in_observe)
{
	vd_engine *e = NULL;
	vd_inventory *inv = NULL;
	const vd_revision_info *r;
	size_t i, j, policies = 0;

	vd_pass(vd_engine_open(&e, fx_path(packs_repo), NULL));
	vd_pass(vd_inventory_revision(&inv, e, "main"));
	r = vd_inventory_get(inv, 0);
	ck_assert_ptr_null(r->error);
	ck_assert_uint_ge(r->npacks, 7);
	for (i = 0; i < r->npacks; i++) {
		char path[4096], *readme;

		for (j = 0; j < r->packs[i].npolicies; j++, policies++)
			ck_assert_msg(r->packs[i].policies[j].mode == VD_MODE_OBSERVE &&
				strcmp(r->packs[i].policies[j].mode_source, "the default: new policies observe") == 0,
				"%s starts in %s (%s)", r->packs[i].policies[j].id,
				vd_mode_name(r->packs[i].policies[j].mode), r->packs[i].policies[j].mode_source);
		snprintf(path, sizeof(path), "%s/packs/%s/README.md", fx_source_dir(), r->packs[i].name);
		readme = fx_read_file(path);
		ck_assert_msg(readme && strlen(readme) > 100, "packs/%s has no README.md", r->packs[i].name);
		free(readme);
	}
	ck_assert_uint_ge(policies, 40);
	vd_inventory_free(inv);
	vd_engine_free(e);
}
END_TEST

Suite *
packtest_suite(void)
{
	Suite *s = suite_create("packtest");
	TCase *tc = tcase_create("verdict-test"), *packs = tcase_create("starter-packs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_packtest_passing_cases_exit_zero_with_a_summary);
	tcase_add_test(tc, test_packtest_failure_shows_expected_and_actual);
	tcase_add_test(tc, test_packtest_json_and_junit);
	tcase_add_test(tc, test_packtest_coverage_lists_untested_policies);
	tcase_add_test(tc, test_packtest_pattern_selects_cases);
	tcase_add_test(tc, test_packtest_errors_never_pass);
	tcase_add_test(tc, test_packtest_ref_tests_a_committed_revision);
	tcase_add_test(tc, test_packtest_scope_judges_at_the_live_scopes);
	tcase_add_test(tc, test_packtest_policies_that_do_not_compile);
	tcase_add_test(tc, test_packtest_bare_repository_tests_head);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(packs, setup_packs, teardown_packs);
	tcase_add_test(packs, test_starter_packs_pass_their_tests_with_full_coverage);
	tcase_add_test(packs, test_starter_packs_check_without_warnings);
	tcase_add_test(packs, test_starter_policies_all_start_in_observe);
	tcase_add_test(packs, test_starter_pack_tests_hold_at_every_ramp);
	suite_add_tcase(s, packs);
	return s;
}
