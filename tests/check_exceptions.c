/*
 * check_exceptions.c - exceptions, the tune stage: a match an exception
 * covers becomes a pass, is recorded on the verdict with the exception's
 * id, binds the same element as the policy, and lapses at the end of its
 * expiry day (judged against opts.now or VERDICT_NOW).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fixture.h"
#include "helpers.h"

static fx_repo *fx;
static vd_engine *engine;
static vd_verdict *verdict;

static const char *const policies =
	"policy \"secrets.dotenv\" {\n"
	"  risk credential-access\n"
	"  mode block\n"
	"  on file.read\n"
	"  when path matches \"**/.env\"\n"
	"  message \"reading {path}\"\n"
	"}\n"
	"policy \"destructive.rm\" {\n"
	"  mode block\n"
	"  on shell.exec\n"
	"  when command.name == \"rm\" and command.flags has \"r\"\n"
	"}\n";

static const char *const exceptions =
	"exception \"sandbox-dotenv\" {\n"
	"  policies \"secrets.*\"\n"
	"  when repo == \"acme/sandbox\"\n"
	"  reason \"throwaway credentials\"\n"
	"  owner \"alice\"\n"
	"  expires 2026-06-30\n"
	"}\n"
	"exception \"scratch-rm\" {\n"
	"  policies \"destructive.*\"\n"
	"  when command.argv matches \"/tmp/*\"\n"
	"  reason \"scratch space\"\n"
	"  owner \"bob\"\n"
	"}\n";

static void
setup(void)
{
	fx_init();
	fx = fx_repo_new(false);
	fx_write(fx, "packs/base/base.policy", policies);
	fx_write(fx, "exceptions.policy", exceptions);
	fx_commit(fx, "main", "policies and exceptions", NULL);
	vd_pass(vd_engine_open(&engine, fx_path(fx), NULL));
	vd_pass(vd_verdict_new(&verdict));
}

static void
teardown(void)
{
	vd_verdict_free(verdict);
	vd_engine_free(engine);
	fx_repo_free(fx);
}

static time_t
at(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	ck_assert(strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL);
	return timegm(&tm);
}

/* Judge `json` at main with the clock at `now` (0: VERDICT_NOW or now). */
static void
judge(const char *json, time_t now, bool simulate)
{
	vd_event *ev = NULL;
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;

	o.ref = "main";
	o.now = now;
	o.simulate_block = simulate;
	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_eval(verdict, engine, ev, &o));
	vd_event_free(ev);
}

static const char *const sandbox_env =
	"{\"action\":\"file.read\",\"path\":\"/src/.env\",\"repo\":\"acme/sandbox\"}";

START_TEST(test_exception_turns_a_match_into_a_pass_and_is_recorded)
{
	const vd_match *m;
	vd_buf b = VD_BUF_INIT;

	judge(sandbox_env, at("2026-06-01T12:00:00Z"), false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_PASS);
	ck_assert_int_eq(vd_verdict_would(verdict), VD_PASS);
	ck_assert_uint_eq(vd_verdict_match_count(verdict), 1);
	m = vd_verdict_match(verdict, 0);
	ck_assert_str_eq(m->policy, "secrets.dotenv");
	ck_assert_str_eq(m->exception, "sandbox-dotenv");
	ck_assert_int_eq(m->verdict, VD_PASS);
	vd_pass(vd_verdict_to_json(&b, verdict));
	ck_assert_contains(b.ptr, "\"exception\":\"sandbox-dotenv\"");
	ck_assert_contains(b.ptr, "\"verdict\":\"pass\"");
	vd_buf_dispose(&b);
}
END_TEST

START_TEST(test_exception_does_not_apply_when_its_condition_fails)
{
	judge("{\"action\":\"file.read\",\"path\":\"/src/.env\",\"repo\":\"acme/api\"}",
		at("2026-06-01T12:00:00Z"), false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_BLOCK);
	ck_assert_ptr_null(vd_verdict_match(verdict, 0)->exception);
}
END_TEST

START_TEST(test_exception_lapses_at_the_end_of_its_expiry_day)
{
	judge(sandbox_env, at("2026-06-30T23:59:59Z"), false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_PASS);
	judge(sandbox_env, at("2026-07-01T00:00:00Z"), false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_BLOCK);
	ck_assert_ptr_null(vd_verdict_match(verdict, 0)->exception);
}
END_TEST

START_TEST(test_exception_expiry_follows_verdict_now)
{
	setenv("VERDICT_NOW", "2026-06-15", 1);
	judge(sandbox_env, 0, false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_PASS);
	setenv("VERDICT_NOW", "2026-07-02T08:00:00Z", 1);
	judge(sandbox_env, 0, false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_BLOCK);
	/* An offset counts: 01:00 at +02:00 is still June 30th in UTC. */
	setenv("VERDICT_NOW", "2026-07-01T01:00:00+02:00", 1);
	judge(sandbox_env, 0, false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_PASS);
	unsetenv("VERDICT_NOW");
}
END_TEST

START_TEST(test_exception_covers_only_its_policies)
{
	judge("{\"action\":\"shell.exec\",\"command\":\"rm -rf /srv\",\"repo\":\"acme/sandbox\"}",
		at("2026-06-01T12:00:00Z"), false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_BLOCK);
	ck_assert_ptr_null(vd_verdict_match(verdict, 0)->exception);
}
END_TEST

START_TEST(test_exception_binds_the_same_element_as_the_policy)
{
	const vd_match *m;

	judge("{\"action\":\"shell.exec\",\"command\":\"rm -rf /tmp/build\"}", 0, false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_PASS);
	ck_assert_str_eq(vd_verdict_match(verdict, 0)->exception, "scratch-rm");
	/* The second rm is not in /tmp: it decides, and the verdict names it. */
	judge("{\"action\":\"shell.exec\",\"command\":\"rm -rf /tmp/build; rm -r /srv/data\"}", 0, false);
	ck_assert_int_eq(vd_verdict_get(verdict), VD_BLOCK);
	m = vd_verdict_match(verdict, 0);
	ck_assert_ptr_null(m->exception);
	ck_assert_str_eq(m->element, "rm -r /srv/data");
}
END_TEST

START_TEST(test_exception_holds_under_simulated_promotion)
{
	judge(sandbox_env, at("2026-06-01T12:00:00Z"), true);
	ck_assert_int_eq(vd_verdict_would(verdict), VD_PASS);
	ck_assert_str_eq(vd_verdict_match(verdict, 0)->exception, "sandbox-dotenv");
}
END_TEST

START_TEST(test_exception_shows_in_explain)
{
	vd_event *ev = NULL;
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;
	vd_buf b = VD_BUF_INIT;

	o.ref = "main";
	o.explain = true;
	o.now = at("2026-08-01T00:00:00Z");
	vd_pass(vd_event_parse(&ev, sandbox_env, strlen(sandbox_env)));
	vd_pass(vd_eval(verdict, engine, ev, &o));
	vd_pass(vd_verdict_explain(&b, verdict));
	ck_assert_contains(b.ptr, "exception sandbox-dotenv: expired at the end of 2026-06-30");
	vd_buf_clear(&b);
	o.now = at("2026-06-01T00:00:00Z");
	vd_pass(vd_eval(verdict, engine, ev, &o));
	vd_pass(vd_verdict_explain(&b, verdict));
	ck_assert_contains(b.ptr, "exception sandbox-dotenv: applies (expires 2026-06-30)");
	ck_assert_contains(b.ptr, "excepted by sandbox-dotenv");
	vd_buf_dispose(&b);
	vd_event_free(ev);
}
END_TEST

START_TEST(test_exception_that_covers_nothing_warns_and_bad_ones_fail_check)
{
	vd_diags *d = NULL;
	vd_buf b = VD_BUF_INIT;

	fx_write(fx, "more.policy",
		"exception \"orphan\" { policies \"nothing.*\"; reason \"x\"; owner \"y\" }\n"
		"exception \"sloppy\" { policies \"secrets.*\" }\n"
		"exception \"late\" { policies \"secrets.*\"; reason \"r\"; owner \"o\"; expires 2026-02-30 }\n");
	vd_fail_with(VD_EPOLICY, vd_engine_check(&d, engine, NULL));
	vd_pass(vd_diags_render(&b, d, false));
	ck_assert_contains(b.ptr, "more.policy:1:11: warning: exception \"orphan\" covers no policy");
	ck_assert_contains(b.ptr, "exception \"sloppy\" has no 'reason'");
	ck_assert_contains(b.ptr, "exception \"sloppy\" has no 'owner'");
	ck_assert_contains(b.ptr, "'2026-02-30' is not a date; expected YYYY-MM-DD");
	vd_buf_dispose(&b);
	vd_diags_free(d);
}
END_TEST

/* Policy tests pin the clock with "now" and expect the exception by id. */
START_TEST(test_exception_in_policy_tests)
{
	char *out = NULL, *err = NULL;
	const char *args[] = { "test", "--repo", fx_path(fx), NULL };
	int rc;

	fx_write(fx, "packs/base/tests/exceptions.json",
		"[{\"name\": \"excepted in the sandbox until June\", \"now\": \"2026-06-30\",\n"
		"  \"event\": {\"action\": \"file.read\", \"path\": \"/s/.env\", \"repo\": \"acme/sandbox\"},\n"
		"  \"expect\": {\"verdict\": \"pass\", \"policies\": [], \"exceptions\": [\"sandbox-dotenv\"]}},\n"
		" {\"name\": \"lapsed in July\", \"now\": \"2026-07-01\",\n"
		"  \"event\": {\"action\": \"file.read\", \"path\": \"/s/.env\", \"repo\": \"acme/sandbox\"},\n"
		"  \"expect\": {\"verdict\": \"block\", \"policies\": [\"secrets.dotenv\"], \"exceptions\": []}}]\n");
	rc = fx_run(NULL, &out, &err, args);
	ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
	ck_assert_contains(out, "100%: Checks: 2, Failures: 0, Errors: 0");
	free(out);
	free(err);
}
END_TEST

/* Record JSON Lines events into a new audit log in the fixture's directory. */
static char *
record(const char *lines)
{
	char *db, *out = NULL, *err = NULL;
	const char *args[] = { "record", "--repo", fx_path(fx), "--audit", NULL, NULL };
	int rc;

	if (asprintf(&db, "%s/../audit.db", fx_path(fx)) < 0)
		abort();
	args[4] = db;
	rc = fx_run(lines, &out, &err, args);
	ck_assert_msg(rc == 0 || rc == 2, "record exited %d: %s%s", rc, out, err);
	free(out);
	free(err);
	return db;
}

static const char *const recorded_events =
	"{\"id\":\"e1\",\"time\":\"2026-06-01T10:00:00Z\",\"action\":\"file.read\",\"path\":\"/s/.env\",\"repo\":\"acme/sandbox\"}\n"
	"{\"id\":\"e2\",\"time\":\"2026-06-02T10:00:00Z\",\"action\":\"file.read\",\"path\":\"/s/.env\",\"repo\":\"acme/api\"}\n"
	"{\"id\":\"e3\",\"time\":\"2026-06-03T10:00:00Z\",\"action\":\"shell.exec\",\"command\":\"ls\"}\n";

START_TEST(test_review_exceptions_from_the_audit_log)
{
	char *db = record(recorded_events), *out = NULL, *err = NULL;
	const char *args[] = { "review", "--exceptions", "--repo", fx_path(fx), "--audit", db, NULL, NULL, NULL };
	int rc;

	setenv("VERDICT_NOW", "2026-06-20", 1);
	rc = fx_run(NULL, &out, &err, args);
	ck_assert_msg(rc == 0, "exit %d: %s%s", rc, out, err);
	ck_assert_contains(out, "2 exceptions at main (");
	ck_assert_contains(out, "3 recorded events replayed from ");
	ck_assert_contains(out, "never fired (");
	ck_assert_contains(out, "\n  scratch-rm ");
	ck_assert_contains(out, "expiring within 14 days (");
	ck_assert_contains(out, "sandbox-dotenv           owner alice        exceptions.policy:1  covers 1 policy, expires 2026-06-30 (in 11 days); fired on 1 event, last 2026-06-01\n");
	ck_assert_contains(out, "lapsed (no longer apply: remove them): none");
	free(out);
	free(err);
	/* After the expiry day, the same exception is listed as lapsed. */
	setenv("VERDICT_NOW", "2026-07-02", 1);
	args[6] = "--format";
	args[7] = "json";
	ck_assert_int_eq(fx_run(NULL, &out, &err, args), 0);
	ck_assert_contains(out, "\"id\": \"sandbox-dotenv\"");
	ck_assert_contains(out, "\"lapsed\": true");
	ck_assert_contains(out, "\"never_fired\": true");
	unsetenv("VERDICT_NOW");
	free(out);
	free(err);
	free(db);
}
END_TEST

START_TEST(test_review_exceptions_without_an_audit_log)
{
	char *out = NULL, *err = NULL;
	const char *args[] = { "review", "--exceptions", "--repo", fx_path(fx), "--audit", "/nonexistent/audit.db", NULL };

	ck_assert_int_eq(fx_run(NULL, &out, &err, args), 0);
	ck_assert_contains(err, "every exception counts as never fired");
	ck_assert_contains(out, "(no audit log)");
	free(out);
	free(err);
	{
		const char *bare[] = { "review", "--repo", fx_path(fx), NULL };

		/* Without --exceptions, review is the tuning queue, which reads no repo. */
		ck_assert_int_eq(fx_run(NULL, &out, &err, bare), 3);
		ck_assert_contains(err, "unknown option '--repo'");
		free(out);
		free(err);
	}
}
END_TEST

/* Recorded events become regression cases that pin today's verdicts. */
START_TEST(test_policy_tests_from_the_audit_log)
{
	char *db = record(recorded_events), *out = NULL, *err = NULL, *cases;
	char path[4096];
	const char *gen[] = { "test", "--repo", fx_path(fx), "--from-audit", "2", "--audit", db,
		"--output", path, NULL };
	const char *run[] = { "test", "--repo", fx_path(fx), NULL };
	int rc;

	snprintf(path, sizeof(path), "%s/packs/base/tests/audit.json", fx_path(fx));
	fx_write_file(path, "[]");
	setenv("VERDICT_NOW", "2026-06-20", 1);
	rc = fx_run(NULL, &out, &err, gen);
	ck_assert_msg(rc == 0, "exit %d: %s%s", rc, out, err);
	ck_assert_contains(err, "wrote 2 regression cases to ");
	cases = fx_read_file(path);
	ck_assert_contains(cases, "\"name\": \"audit row 2: file.read /s/.env\"");
	ck_assert_contains(cases, "\"now\": \"2026-06-20T00:00:00Z\"");
	ck_assert_not_contains(cases, "\"e1\"");
	free(cases);
	free(out);
	free(err);
	unsetenv("VERDICT_NOW");
	ck_assert_int_eq(fx_run(NULL, &out, &err, run), 0);
	ck_assert_contains(out, "100%: Checks: 2, Failures: 0, Errors: 0");
	free(out);
	free(err);
	/* A change that flips a recorded verdict fails its case. */
	fx_write(fx, "packs/base/base.policy", "policy \"secrets.dotenv\" { mode block; on file.read; when path matches \"**/.envx\" }\n");
	ck_assert_int_eq(fx_run(NULL, &out, &err, run), 1);
	ck_assert_contains(out, "FAIL packs/base/tests/audit.json: audit row 2: file.read /s/.env");
	free(out);
	free(err);
	free(db);
}
END_TEST

Suite *
exceptions_suite(void)
{
	Suite *s = suite_create("exceptions");
	TCase *tc = tcase_create("exceptions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_exception_turns_a_match_into_a_pass_and_is_recorded);
	tcase_add_test(tc, test_exception_does_not_apply_when_its_condition_fails);
	tcase_add_test(tc, test_exception_lapses_at_the_end_of_its_expiry_day);
	tcase_add_test(tc, test_exception_expiry_follows_verdict_now);
	tcase_add_test(tc, test_exception_covers_only_its_policies);
	tcase_add_test(tc, test_exception_binds_the_same_element_as_the_policy);
	tcase_add_test(tc, test_exception_holds_under_simulated_promotion);
	tcase_add_test(tc, test_exception_shows_in_explain);
	tcase_add_test(tc, test_exception_that_covers_nothing_warns_and_bad_ones_fail_check);
	tcase_add_test(tc, test_exception_in_policy_tests);
	tcase_add_test(tc, test_review_exceptions_from_the_audit_log);
	tcase_add_test(tc, test_review_exceptions_without_an_audit_log);
	tcase_add_test(tc, test_policy_tests_from_the_audit_log);
	suite_add_tcase(s, tc);
	return s;
}
