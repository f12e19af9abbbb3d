/*
 * check_ci.c - `verdict ci`, the gate of a policy pull request, as CI runs
 * it: the real binary on a policy repo with one branch per kind of pull
 * request, over a real audit log and a real events file.
 *
 *   main        t.rm (destructive, observe, severity block), t.env (warn),
 *               packs/t/tests/t.json (two cases)
 *   pr/pass     + t.ssh (warn) and its test: passes; newly warns ssh
 *   pr/syntax   two files that do not parse
 *   pr/tests    t.env promoted to block: its test case fails
 *   pr/blocks   ramp destructive -> block (tests updated): rm newly blocked
 *   main (2)    + t.curl (block) after the pull requests forked
 *
 * The telemetry is six events recorded with the live verdicts of main.
 */
#include "helpers.h"
#include "fixture.h"

#include <git2.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define POLICIES \
	"policy \"t.rm\" {\n  risk destructive\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"rm\" and command.flags has \"r\"\n  message \"{command} deletes recursively\"\n}\n" \
	"policy \"t.env\" {\n  risk credential-access\n  mode warn\n  severity block\n  on file.read\n" \
	"  when path matches \"**/.env\"\n  message \"reading {path}\"\n}\n"

#define TESTS(rm_verdict) \
	"[{\"name\": \"reading .env warns\", \"event\": {\"action\": \"file.read\", \"path\": \"/src/.env\"},\n" \
	"  \"expect\": {\"verdict\": \"warn\", \"policies\": [\"t.env\"]}},\n" \
	" {\"name\": \"rm -rf is judged\", \"event\": {\"action\": \"shell.exec\", \"command\": \"rm -rf build\"},\n" \
	"  \"expect\": {\"verdict\": \"" rm_verdict "\", \"would\": \"block\", \"policies\": [\"t.rm\"]}}]\n"

static const char events[] =
	"{\"id\":\"e1\",\"time\":\"2026-05-01T10:00:00Z\",\"user\":\"alice\",\"session\":\"s1\",\"surface\":\"claude-code\",\"action\":\"shell.exec\",\"command\":\"rm -rf build\"}\n"
	"{\"id\":\"e2\",\"time\":\"2026-05-01T10:01:00Z\",\"user\":\"bob\",\"session\":\"s2\",\"surface\":\"cursor\",\"action\":\"shell.exec\",\"command\":\"rm -r /tmp/x\"}\n"
	"{\"id\":\"e3\",\"time\":\"2026-05-01T10:02:00Z\",\"user\":\"bob\",\"session\":\"s2\",\"surface\":\"cursor\",\"action\":\"shell.exec\",\"command\":\"ssh prod\"}\n"
	"{\"id\":\"e4\",\"time\":\"2026-05-01T10:03:00Z\",\"user\":\"carol\",\"session\":\"s3\",\"surface\":\"claude-code\",\"action\":\"shell.exec\",\"command\":\"ls -la\"}\n"
	"{\"id\":\"e5\",\"time\":\"2026-05-01T10:04:00Z\",\"user\":\"carol\",\"session\":\"s3\",\"surface\":\"claude-code\",\"action\":\"file.read\",\"path\":\"/src/api/.env\"}\n"
	"{\"id\":\"e6\",\"time\":\"2026-05-01T10:05:00Z\",\"user\":\"carol\",\"session\":\"s3\",\"surface\":\"claude-code\",\"action\":\"shell.exec\",\"command\":\"curl https://x.example\"}\n";

static fx_repo *repo;
static char *dir, *db, *file, *out, *err;

/* Point a new branch at main's tip, so that a pull request forks from it. */
static void
fork_branch(const char *name)
{
	git_repository *r = NULL;
	git_reference *main_ref = NULL, *b = NULL;
	git_commit *tip = NULL;

	ck_assert_int_eq(git_repository_open(&r, fx_path(repo)), 0);
	ck_assert_int_eq(git_reference_lookup(&main_ref, r, "refs/heads/main"), 0);
	ck_assert_int_eq(git_commit_lookup(&tip, r, git_reference_target(main_ref)), 0);
	ck_assert_int_eq(git_branch_create(&b, r, name, tip, 0), 0);
	git_reference_free(b);
	git_commit_free(tip);
	git_reference_free(main_ref);
	git_repository_free(r);
}

/* main's files, as every pull request starts from them. */
static void
main_files(void)
{
	fx_clear(repo);
	fx_write(repo, "packs/t/t.policy", POLICIES);
	fx_write(repo, "packs/t/tests/t.json", TESTS("pass"));
}

/* Record every event with the verdict main gives it today. */
static void
record_events(void)
{
	vd_engine *engine = NULL;
	vd_audit *a = NULL;
	vd_verdict *v = NULL;
	const char *p = events;

	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(vd_verdict_new(&v));
	while (*p) {
		const char *nl = strchr(p, '\n');
		vd_event *ev = NULL;

		vd_pass(vd_event_parse(&ev, p, (size_t)(nl - p)));
		vd_pass(vd_eval(v, engine, ev, NULL));
		vd_pass(vd_audit_record(a, ev, v));
		vd_event_free(ev);
		p = nl + 1;
	}
	vd_verdict_free(v);
	vd_pass(vd_audit_close(a));
	vd_engine_free(engine);
}

static void
setup(void)
{
	fx_init();
	setenv("VERDICT_NOW", "2026-06-01T00:00:00Z", 1);
	unsetenv("VERDICT_AUDIT");
	unsetenv("VERDICT_REPO");
	repo = fx_repo_new(false);
	main_files();
	fx_commit(repo, "main", "t.rm observes, t.env warns", NULL);

	fork_branch("pr/pass");
	fx_write(repo, "packs/t/ssh.policy",
		"policy \"t.ssh\" {\n  mode warn\n  on shell.exec\n  when command.name == \"ssh\"\n"
		"  message \"{command} opens a remote shell\"\n}\n");
	fx_write(repo, "packs/t/tests/ssh.json",
		"[{\"name\": \"ssh warns\", \"event\": {\"action\": \"shell.exec\", \"command\": \"ssh prod\"},\n"
		"  \"expect\": {\"verdict\": \"warn\", \"policies\": [\"t.ssh\"]}}]\n");
	fx_commit(repo, "pr/pass", "t.ssh warns", NULL);

	main_files();
	fork_branch("pr/syntax");
	fx_write(repo, "packs/t/t.policy", POLICIES "policy \"t.bad\" {\n  on shell.exec\n  when command.name ==\n}\n");
	fx_write(repo, "packs/u/u.policy", "policy \"u.bad\" {\n  on shell.exec\n  when nosuch.field == \"x\"\n}\n");
	fx_commit(repo, "pr/syntax", "two broken files", NULL);

	main_files();
	fork_branch("pr/tests");
	fx_write(repo, "ramp.policy", "ramp {\n  credential-access block\n}\n");
	fx_commit(repo, "pr/tests", "promote credential-access", NULL);

	main_files();
	fork_branch("pr/blocks");
	fx_write(repo, "ramp.policy", "ramp {\n  destructive block\n}\n");
	fx_write(repo, "packs/t/tests/t.json", TESTS("block"));
	fx_commit(repo, "pr/blocks", "promote destructive", NULL);

	/* main moves on after the pull requests forked. */
	main_files();
	fx_write(repo, "packs/t/curl.policy",
		"policy \"t.curl\" {\n  mode block\n  on shell.exec\n  when command.name == \"curl\"\n}\n");
	fx_commit(repo, "main", "t.curl blocks", NULL);

	dir = fx_tmpdir();
	if (asprintf(&db, "%s/audit.db", dir) < 0 || asprintf(&file, "%s/events.jsonl", dir) < 0)
		abort();
	fx_write_file(file, events);
	record_events();
	out = err = NULL;
}

static void
teardown(void)
{
	fx_repo_free(repo);
	fx_rmtree(dir);
	free(dir);
	free(db);
	free(file);
	free(out);
	free(err);
}

/* Run `verdict ci --repo <repo> ARGS... NULL`; stdout and stderr in out and err. */
static int ci(const char *first, ...) __attribute__((sentinel));

static int
ci(const char *first, ...)
{
	const char *args[24] = { "ci", "--repo", fx_path(repo) };
	size_t n = 3;
	va_list ap;

	va_start(ap, first);
	for (const char *a = first; a && n < 23; a = va_arg(ap, const char *))
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	free(out);
	free(err);
	out = err = NULL;
	return fx_run(NULL, &out, &err, args);
}

/* `needle` occurs in `hay` before `after` does. */
static void
assert_before(const char *hay, const char *needle, const char *after)
{
	const char *a = strstr(hay, needle), *b = strstr(hay, after);

	ck_assert_msg(a && b && a < b, "expected '%s' before '%s' in\n%s", needle, after, hay);
}

START_TEST(test_ci_a_passing_pull_request)
{
	int rc = ci("--base", "main", "--head", "pr/pass", "--audit", db, "--max-new-blocks", "0", NULL);

	ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "## verdict: `pr/pass` against `main`");
	ck_assert_contains(out, "| policies | passed: 3 policies in 2 files; 0 errors, 0 warnings |");
	ck_assert_contains(out, "| pack tests | passed: 3 cases |");
	ck_assert_contains(out, "| impact | shown: 1 of 6 recorded events change verdict: 0 newly blocked, 1 newly warned, 0 looser (at most 0 newly blocked allowed) |");
	ck_assert_contains(out, "**Passed**.");
	/* The check, the tests, then the diff's markdown: its summary table, then the details folded. */
	assert_before(out, "### Policies", "### Pack tests");
	assert_before(out, "### Pack tests", "### verdict diff: ");
	assert_before(out, "| newly warned | 1 |", "<details><summary>Policies changed (1)</summary>");
	ck_assert_contains(out, "100%: Checks: 3, Failures: 0, Errors: 0");
	ck_assert_contains(out, "| t.ssh | added: mode warn");
	ck_assert_contains(out, "pass → **warn** | t.ssh | shell.exec | ssh prod | bob");
	/* main gained t.curl after the fork: compared from the merge base, it is not this change's. */
	ck_assert_contains(out, "compared from its merge base with HEAD");
	ck_assert_not_contains(out, "t.curl");
	ck_assert_contains(out, "| looser | 0 |");
}
END_TEST

START_TEST(test_ci_writes_the_comment_to_a_file)
{
	char *path, *doc;

	ck_assert(asprintf(&path, "%s/comment.md", dir) > 0);
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/pass", "--events", file, "-o", path, NULL), 0);
	ck_assert_str_eq(out, "");
	ck_assert_contains(err, "verdict ci: passed; wrote ");
	doc = fx_read_file(path);
	ck_assert_contains(doc, "## verdict: `pr/pass` against `main`");
	/* The events file gives the same impact as the audit log. */
	ck_assert_contains(doc, "1 of 6 recorded events change verdict: 0 newly blocked, 1 newly warned");
	free(doc);
	free(path);
}
END_TEST

START_TEST(test_ci_lists_every_diagnostic_of_a_syntax_error)
{
	const char *check[] = { "check", "--repo", fx_path(repo), "--ref", "pr/syntax", NULL };
	char *cout = NULL, *cerr = NULL, *line, *save = NULL;
	size_t diagnostics = 0;
	int rc = ci("--base", "main", "--head", "pr/syntax", "--audit", db, NULL);

	ck_assert_msg(rc == 4, "exit %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "| policies | failed: ");
	ck_assert_contains(out, "**Failed** (exit 4): ");
	ck_assert_contains(out, "| pack tests | not run: the policies at pr/syntax do not compile |");
	ck_assert_contains(out, "| impact | not run: the policies at pr/syntax do not compile |");
	/* Every diagnostic `verdict check` lists is in the comment, in a code block. */
	ck_assert_int_eq(fx_run(NULL, &cout, &cerr, check), 4);
	for (line = strtok_r(cout, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, ": error: ") || strstr(line, ": warning: ")) {
			ck_assert_contains(out, line);
			diagnostics++;
		}
	ck_assert_uint_ge(diagnostics, 2);
	ck_assert_contains(out, "packs/t/t.policy:");
	ck_assert_contains(out, "packs/u/u.policy:3:");
	ck_assert_contains(out, "```text\n");
	free(cout);
	free(cerr);
}
END_TEST

START_TEST(test_ci_fails_when_a_pack_test_fails)
{
	int rc = ci("--base", "main", "--head", "pr/tests", "--audit", db, NULL);

	ck_assert_msg(rc == 1, "exit %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "| policies | passed: ");
	ck_assert_contains(out, "| pack tests | failed: 1 of 2 cases fails, 0 cannot run |");
	ck_assert_contains(out, "**Failed** (exit 1): 1 pack test case fails");
	ck_assert_contains(out, "FAIL packs/t/tests/t.json: reading .env warns");
	ck_assert_contains(out, "+ verdict: block");
	/* The impact is still shown: what the change would do is worth reading. */
	ck_assert_contains(out, "warn → **block** | t.env | file.read | /src/api/.env");
}
END_TEST

START_TEST(test_ci_fails_on_new_blocks_above_the_threshold)
{
	json_t *doc;
	int rc = ci("--base", "main", "--head", "pr/blocks", "--audit", db, "--max-new-blocks", "1", NULL);

	ck_assert_msg(rc == 2, "exit %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "| impact | failed: 2 of 6 recorded events change verdict: 2 newly blocked, 0 newly warned, 0 looser (at most 1 newly blocked allowed: over) |");
	ck_assert_contains(out, "**Failed** (exit 2): 2 recorded events newly blocked, over --max-new-blocks 1");
	ck_assert_contains(out, "| pack tests | passed: 2 cases |");
	/* At the threshold, and without one, the same change passes. */
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/blocks", "--audit", db, "--max-new-blocks", "2", NULL), 0);
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/blocks", "--audit", db, NULL), 0);
	ck_assert_contains(out, "2 newly blocked");
	/* JSON says the same, for a script. */
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/blocks", "--audit", db, "--max-new-blocks", "0", "--format", "json", NULL), 2);
	doc = json_loads(out, 0, NULL);
	ck_assert_msg(doc != NULL, "not JSON:\n%s", out);
	ck_assert_int_eq(json_integer_value(json_object_get(doc, "status")), 2);
	ck_assert(json_is_true(json_object_get(json_object_get(doc, "impact"), "over_threshold")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_object_get(doc, "impact"),
		"report"), "new_block")), 2);
	ck_assert(json_is_true(json_object_get(json_object_get(doc, "policies"), "passed")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(doc, "tests"), "cases")), 2);
	json_decref(doc);
}
END_TEST

START_TEST(test_ci_without_telemetry_says_so_and_passes)
{
	char *missing, *empty;

	ck_assert(asprintf(&missing, "%s/none.db", dir) > 0);
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/blocks", "--audit", missing, "--max-new-blocks", "0", NULL), 0);
	ck_assert_contains(out, "| impact | no recorded events: there is no audit log at ");
	ck_assert_contains(out, "(at most 0 newly blocked allowed: not evaluated) |");
	ck_assert_contains(out, "### Impact on recorded events");
	ck_assert_contains(out, "The change's impact on real events is not shown");
	ck_assert_contains(out, "**Passed**.");
	ck_assert_msg(access(missing, F_OK) != 0, "verdict ci created the audit log");
	/* The default log, when nothing names one and there is none. */
	setenv("XDG_STATE_HOME", dir, 1);
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/pass", NULL), 0);
	ck_assert_contains(out, "no recorded events: there is no audit log at ");
	unsetenv("XDG_STATE_HOME");
	/* A missing events file, and an empty one. */
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/pass", "--events", missing, NULL), 0);
	ck_assert_contains(out, "does not exist");
	ck_assert(asprintf(&empty, "%s/empty.jsonl", dir) > 0);
	fx_write_file(empty, "");
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/pass", "--events", empty, NULL), 0);
	ck_assert_contains(out, "| impact | no recorded events in the events file ");
	free(missing);
	free(empty);
}
END_TEST

START_TEST(test_ci_an_unreadable_audit_log_fails)
{
	char *bad;

	ck_assert(asprintf(&bad, "%s/bad.db", dir) > 0);
	fx_write_file(bad, "this is not a database, not even close; it is plain text\n");
	ck_assert_int_eq(ci("--base", "main", "--head", "pr/pass", "--audit", bad, NULL), 7);
	ck_assert_contains(out, "| impact | the audit log ");
	ck_assert_contains(out, "cannot be read");
	ck_assert_contains(out, "**Failed** (exit 7)");
	free(bad);
}
END_TEST

START_TEST(test_ci_bad_revisions_and_options)
{
	char *path;

	ck_assert(asprintf(&path, "%s/comment.md", dir) > 0);
	ck_assert_int_eq(ci("--base", "main", "--head", "no-such-branch", "-o", path, NULL), 6);
	ck_assert_contains(err, "unknown revision 'no-such-branch'");
	ck_assert_msg(access(path, F_OK) != 0, "a comment was written for an unknown revision");
	ck_assert_int_eq(ci("--base", "nope~3", "--head", "pr/pass", NULL), 6);
	ck_assert_contains(err, "unknown revision 'nope~3'");
	ck_assert_int_eq(ci("--max-new-blocks", "many", NULL), 3);
	ck_assert_contains(err, "--max-new-blocks takes a number");
	ck_assert_int_eq(ci("--audit", db, "--events", file, NULL), 3);
	ck_assert_int_eq(ci("--format", "html", NULL), 3);
	ck_assert_int_eq(ci("HEAD", NULL), 3);
	free(path);
}
END_TEST

START_TEST(test_ci_defaults_to_head_against_the_default_branch)
{
	git_repository *r = NULL;

	ck_assert_int_eq(git_repository_open(&r, fx_path(repo)), 0);
	ck_assert_int_eq(git_repository_set_head(r, "refs/heads/pr/pass"), 0);
	git_repository_free(r);
	ck_assert_int_eq(ci("--audit", db, "--format", "text", NULL), 0);
	ck_assert_contains(out, "verdict ci: HEAD (");
	ck_assert_contains(out, ") against main (");
	ck_assert_contains(out, "; merge base ");
	ck_assert_contains(out, "result: passed");
	/* main moved on: the diff starts from the merge base, named by its short id. */
	ck_assert_contains(out, "== impact ==\ndiff ");
	ck_assert_contains(out, "..HEAD (");
}
END_TEST

START_TEST(test_ci_is_listed_with_its_exit_statuses)
{
	const char *help[] = { "--help", NULL }, *ci_help[] = { "ci", "--help", NULL };

	ck_assert_int_eq(fx_run(NULL, &out, &err, help), 0);
	ck_assert_contains(out, "  ci ");
	ck_assert_contains(out, "`verdict ci` is a gate");
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, ci_help), 0);
	ck_assert_contains(out, "  2  more recorded events become blocked than --max-new-blocks N allows");
	ck_assert_contains(out, "  1  a pack test case fails");
}
END_TEST

Suite *
ci_suite(void)
{
	Suite *s = suite_create("ci");
	TCase *tc = tcase_create("ci");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ci_a_passing_pull_request);
	tcase_add_test(tc, test_ci_writes_the_comment_to_a_file);
	tcase_add_test(tc, test_ci_lists_every_diagnostic_of_a_syntax_error);
	tcase_add_test(tc, test_ci_fails_when_a_pack_test_fails);
	tcase_add_test(tc, test_ci_fails_on_new_blocks_above_the_threshold);
	tcase_add_test(tc, test_ci_without_telemetry_says_so_and_passes);
	tcase_add_test(tc, test_ci_an_unreadable_audit_log_fails);
	tcase_add_test(tc, test_ci_bad_revisions_and_options);
	tcase_add_test(tc, test_ci_defaults_to_head_against_the_default_branch);
	tcase_add_test(tc, test_ci_is_listed_with_its_exit_statuses);
	suite_add_tcase(s, tc);
	return s;
}
