/*
 * check_cli.c - the verdict binary as a user runs it: exit codes, output,
 * and every kind of bad input getting a clear error and a status of 3 or
 * more (a tool error must never look like a pass).
 */
#include "fixture.h"
#include "helpers.h"

#include <stdlib.h>

static fx_repo *fx;

static const char *policies =
	"policy \"destructive.rm\" { risk destructive on shell.exec when command.name == \"rm\" and command.flags has \"r\" "
	"message \"{command} deletes recursively\" }\n"
	"policy \"secrets.env\" { risk credential-access on file.read when path matches \"**/.env\" }\n"
	"policy \"net.curl\" { risk network on shell.exec when command.name == \"curl\" }\n"
	"ramp { destructive block; credential-access warn }\n";

static void
setup(void)
{
	fx_init();
	fx = fx_repo_new(false);
	fx_write(fx, "packs/p/p.policy", policies);
	fx_commit(fx, "main", "policies", NULL);
}

static void
teardown(void)
{
	fx_repo_free(fx);
}

static int
run(const char *input, char **out, char **err, const char *a1, const char *a2, const char *a3,
	const char *a4, const char *a5)
{
	const char *args[8] = { a1, a2, a3, a4, a5, NULL };

	return fx_run(input, out, err, args);
}

START_TEST(test_cli_eval_exit_codes_follow_the_verdict)
{
	char *out, *err;

	ck_assert_int_eq(run("{\"action\":\"shell.exec\",\"command\":\"ls\"}", &out, &err, "eval", "--repo", fx_path(fx), NULL, NULL), 0);
	ck_assert_contains(out, "\"verdict\":\"pass\"");
	free(out); free(err);
	ck_assert_int_eq(run("{\"action\":\"file.read\",\"path\":\"/x/.env\"}", &out, &err, "eval", "--repo", fx_path(fx), NULL, NULL), 1);
	ck_assert_contains(out, "\"verdict\":\"warn\"");
	free(out); free(err);
	ck_assert_int_eq(run("{\"action\":\"shell.exec\",\"command\":\"sudo rm -rf /\"}", &out, &err, "eval", "--repo", fx_path(fx), NULL, NULL), 2);
	ck_assert_contains(out, "\"verdict\":\"block\"");
	ck_assert_contains(out, "\"message\":\"[destructive.rm] shell.exec: rm -rf / deletes recursively\"");
	ck_assert_contains(out, "\"ref\":\"refs/heads/main\"");
	free(out); free(err);
	/* observe: a pass that records what would have happened */
	ck_assert_int_eq(run("{\"action\":\"shell.exec\",\"command\":\"curl x\"}", &out, &err, "eval", "--repo", fx_path(fx), NULL, NULL), 0);
	ck_assert_contains(out, "\"verdict\":\"pass\",\"would\":\"block\"");
	free(out); free(err);
}
END_TEST

START_TEST(test_cli_eval_text_and_explain)
{
	char *out, *err;

	ck_assert_int_eq(run("{\"action\":\"shell.exec\",\"command\":\"rm -r a\"}", &out, &err,
		"eval", "--repo", fx_path(fx), "--format", "text"), 2);
	ck_assert_contains(out, "block  [destructive.rm] shell.exec: rm -r a deletes recursively\n");
	ck_assert_contains(out, "scope main @");
	free(out); free(err);
	ck_assert_int_eq(run("{\"action\":\"shell.exec\",\"command\":\"rm a\"}", &out, &err,
		"explain", "--repo", fx_path(fx), NULL, NULL), 0);
	ck_assert_contains(out, "2 of 3 policies judge shell.exec");
	ck_assert_contains(out, "policy destructive.rm [pack p] mode block (ramp entry for risk class destructive at packs/p/p.policy:4), severity block");
	ck_assert_contains(out, "command.name == \"rm\"  -> true   (command.name = \"rm\")");
	ck_assert_contains(out, "command.flags has \"r\"  -> false   (command.flags = [])");
	ck_assert_contains(out, "verdict pass (would pass)");
	free(out); free(err);
}
END_TEST

START_TEST(test_cli_eval_json_lines_one_output_per_line)
{
	char *out, *err;
	const char *in =
		"{\"action\":\"shell.exec\",\"command\":\"ls\"}\n"
		"\n"
		"{\"action\":\"nope\"}\n"
		"{\"action\":\"file.read\",\"path\":\"/r/.env\"}\n"
		"not json at all\n";
	int rc = run(in, &out, &err, "eval", "--repo", fx_path(fx), NULL, NULL);
	size_t lines = 0;
	const char *p;

	/* Two bad lines: the exit status is the error's, not the verdicts'. */
	ck_assert_int_eq(rc, 5);
	for (p = out; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, 4);
	ck_assert_contains(out, "{\"line\":3,\"verdict\":null,\"error\":\"unknown action 'nope'");
	ck_assert_contains(out, "{\"line\":5,\"verdict\":null,\"error\":\"event is not valid JSON");
	ck_assert_contains(out, "\"verdict\":\"warn\"");
	ck_assert_contains(err, "verdict: line 3: unknown action 'nope'");
	free(out); free(err);
}
END_TEST

START_TEST(test_cli_eval_pretty_printed_single_event)
{
	char *out, *err;

	ck_assert_int_eq(run("{\n  \"action\": \"shell.exec\",\n  \"command\": \"rm -rf /\"\n}\n", &out, &err,
		"eval", "--repo", fx_path(fx), NULL, NULL), 2);
	free(out); free(err);
}
END_TEST

/* Bad input of every kind: a clear message and an exit status of 3 or more. */
static const struct {
	const char *input;
	const char *args[6];
	int status;
	const char *message;
} bad[] = {
	{ "not json", { "eval", NULL }, 5, "event is not valid JSON" },
	{ "[1]", { "eval", NULL }, 5, "an event must be a JSON object, not an array" },
	{ "{\"action\":\"shell.exec\",\"user\":7}", { "eval", NULL }, 5, "field 'user' must be a string, not an integer" },
	{ "{\"action\":\"rm\"}", { "eval", NULL }, 5, "unknown action 'rm'" },
	{ "{\"action\":\"shell.exec\",\"comm", { "eval", NULL }, 5, "event is not valid JSON" },
	{ "", { "eval", NULL }, 5, "empty input" },
	{ "{\"action\":\"shell.exec\"}", { "eval", "--ref", "nope", NULL }, 6, "unknown revision 'nope'" },
	{ "{\"action\":\"shell.exec\"}", { "eval", "--bogus", NULL }, 3, "unknown option '--bogus'" },
	{ "{\"action\":\"shell.exec\"}", { "eval", "--format", "xml", NULL }, 3, "unknown format 'xml'" },
	{ "{\"action\":\"shell.exec\"}", { "eval", "/no/such/file.json", NULL }, 6, "/no/such/file.json: No such file or directory" },
	{ "", { "frobnicate", NULL }, 3, "unknown verb 'frobnicate'" },
	{ "", { "check", "--ref", "nope", NULL }, 6, "unknown revision 'nope'" },
	{ "", { "check", "extra", NULL }, 3, "check takes no arguments" },
	{ "", { "eval", "--ref", NULL }, 3, "option '--ref' needs a value (REV)" },
};

START_TEST(test_cli_bad_input)
{
	const char *args[10];
	char *out, *err;
	size_t i, n = 0;
	int rc;

	for (i = 0; bad[_i].args[i]; i++)
		args[n++] = bad[_i].args[i];
	if (strcmp(args[0], "frobnicate") != 0) {
		args[n++] = "--repo";
		args[n++] = fx_path(fx);
	}
	args[n] = NULL;
	rc = fx_run(bad[_i].input, &out, &err, args);
	ck_assert_msg(rc == bad[_i].status, "%s: exit %d, expected %d; stderr: %s", bad[_i].message, rc,
		bad[_i].status, err);
	ck_assert_contains(err, bad[_i].message);
	ck_assert_contains(err, "verdict: ");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_cli_repo_missing_or_empty)
{
	char *dir = fx_tmpdir(), *out, *err;
	fx_repo *empty = fx_repo_new(false);

	ck_assert_int_eq(run("{\"action\":\"shell.exec\"}", &out, &err, "eval", "--repo", dir, NULL, NULL), 6);
	ck_assert_contains(err, "no policy repository at");
	free(out); free(err);
	ck_assert_int_eq(run("{\"action\":\"shell.exec\"}", &out, &err, "eval", "--repo", fx_path(empty), NULL, NULL), 6);
	ck_assert_contains(err, "the policy repository has no branch 'main'");
	free(out); free(err);
	/* VERDICT_REPO is what hooks rely on. */
	setenv("VERDICT_REPO", fx_path(fx), 1);
	ck_assert_int_eq(run("{\"action\":\"shell.exec\",\"command\":\"rm -r /\"}", &out, &err, "eval", NULL, NULL, NULL, NULL), 2);
	unsetenv("VERDICT_REPO");
	free(out); free(err);
	fx_repo_free(empty);
	fx_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_cli_check_reports_all_errors_and_exits_4)
{
	char *out, *err;

	fx_write(fx, "packs/p/bad.policy", "policy \"a\" { on file.reed when pth == \"x\" }\npolicy \"b\" { on shell.exec }\n");
	fx_commit(fx, "main", "broken", NULL);
	ck_assert_int_eq(run(NULL, &out, &err, "check", "--repo", fx_path(fx), "--ref", "main"), 4);
	ck_assert_contains(out, "packs/p/bad.policy:1:17: error: unknown action 'file.reed'");
	ck_assert_contains(out, "packs/p/bad.policy:1:32: error: unknown field 'pth'");
	ck_assert_contains(out, "packs/p/bad.policy:2:8: error: policy \"b\" has no 'when' clause");
	ck_assert_contains(out, "3 errors, 0 warnings");
	free(out); free(err);
	/* json format for tools */
	ck_assert_int_eq(run(NULL, &out, &err, "check", "--repo", fx_path(fx), "--format", "json"), 4);
	ck_assert_contains(out, "{\"file\":\"packs/p/bad.policy\",\"line\":1,\"column\":17,\"end_column\":26,\"severity\":\"error\"");
	free(out); free(err);
	/* the previous commit was fine */
	ck_assert_int_eq(run(NULL, &out, &err, "check", "--repo", fx_path(fx), "--ref", "main~1"), 0);
	ck_assert_contains(out, "main~1: 3 policies in 1 file; 0 errors, 0 warnings");
	free(out); free(err);
	/* eval at the broken tip fails closed with the policy-error status */
	ck_assert_int_eq(run("{\"action\":\"shell.exec\"}", &out, &err, "eval", "--repo", fx_path(fx), NULL, NULL), 4);
	ck_assert_contains(err, "policies at main do not compile");
	free(out); free(err);
}
END_TEST

START_TEST(test_cli_help_documents_exit_codes)
{
	char *out, *err;

	ck_assert_int_eq(run(NULL, &out, &err, "--help", NULL, NULL, NULL, NULL), 0);
	ck_assert_contains(out, "exit status:");
	ck_assert_contains(out, "  2  block (or ask)");
	ck_assert_contains(out, "  4  policies do not compile");
	ck_assert_contains(out, "check");
	free(out); free(err);
	ck_assert_int_eq(run(NULL, &out, &err, "eval", "--help", NULL, NULL, NULL), 0);
	ck_assert_contains(out, "usage: verdict eval");
	ck_assert_contains(out, "--ref REV");
	free(out); free(err);
	ck_assert_int_eq(run(NULL, &out, &err, NULL, NULL, NULL, NULL, NULL), 3);
	free(out); free(err);
}
END_TEST

START_TEST(test_cli_explain_fields)
{
	char *out, *err;

	ck_assert_int_eq(run(NULL, &out, &err, "explain", "--fields", NULL, NULL, NULL), 0);
	ck_assert_contains(out, "command.flags");
	ck_assert_contains(out, "(per simple command)");
	ck_assert_contains(out, "git.push");
	free(out); free(err);
}
END_TEST

Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cli_eval_exit_codes_follow_the_verdict);
	tcase_add_test(tc, test_cli_eval_text_and_explain);
	tcase_add_test(tc, test_cli_eval_json_lines_one_output_per_line);
	tcase_add_test(tc, test_cli_eval_pretty_printed_single_event);
	tcase_add_loop_test(tc, test_cli_bad_input, 0, VD_ARRAY_SIZE(bad));
	tcase_add_test(tc, test_cli_repo_missing_or_empty);
	tcase_add_test(tc, test_cli_check_reports_all_errors_and_exits_4);
	tcase_add_test(tc, test_cli_help_documents_exit_codes);
	tcase_add_test(tc, test_cli_explain_fields);
	suite_add_tcase(s, tc);
	return s;
}
