/*
 * check_timeline.c - warning behaviour from a real audit log: a session's
 * timeline with its signals and what followed each warning, and the
 * tuning queue grouped by policy.
 *
 * Session s1, as recorded:
 *   e1 10:00  ls                      pass
 *   e2 10:01  read /x/.env            warn   shown, acknowledged   -> e3 same read: went on
 *   e3 10:02  read /x/.env            warn   shown (session only)  -> e4 git status: changed course
 *   e4 10:03  git status              pass
 *   e5 10:04  rm -rf /                block  shown                 -> e6 same policy: went on
 *   e6 10:05  rm -rf ~                block                        -> nothing: session ended
 * and e0, recorded last but earlier in time, goes first.
 */
#include "common.h"
#include "helpers.h"
#include "fixture.h"

#define POLICIES \
	"policy \"t.rm\" {\n  risk destructive\n  mode block\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"rm\"\n  message \"{command} deletes files\"\n}\n" \
	"policy \"t.env\" {\n  risk credential-access\n  mode warn\n  severity block\n  on file.read\n" \
	"  when path matches \"**/.env\"\n  message \"reading {path}\"\n}\n" \
	"policy \"t.curl\" {\n  risk exfil\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"curl\"\n  message \"{command} talks to the network\"\n}\n"

static fx_repo *repo;
static char *dir, *db;
static vd_engine *engine;
static vd_audit *audit;

static void
record(const char *id, const char *session, const char *user, const char *time, const char *rest)
{
	char json[1024];
	vd_event *ev = NULL;
	vd_verdict *v = NULL;

	snprintf(json, sizeof(json), "{\"id\":\"%s\",\"session\":\"%s\",\"user\":\"%s\",\"time\":\"%s\","
		"\"surface\":\"claude-code\",\"repo\":\"acme/api\",%s}", id, session, user, time, rest);
	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_eval(v, engine, ev, NULL));
	vd_pass(vd_audit_record(audit, ev, v));
	vd_verdict_free(v);
	vd_event_free(ev);
}

static void
add_signal(vd_signal_kind kind, const char *session, const char *event_id, const char *policy,
	const char *time)
{
	vd_signal s = VD_SIGNAL_INIT;

	s.kind = kind;
	s.session = session;
	s.event_id = event_id;
	s.policy = policy;
	s.time = time;
	s.detail = kind == VD_SIGNAL_SHOWN ? "the warning as the agent showed it" : NULL;
	vd_pass(vd_audit_signal(audit, &s));
}

#define READ_ENV "\"action\":\"file.read\",\"path\":\"/x/.env\""

static void
setup(void)
{
	fx_init();
	repo = fx_repo_new(false);
	fx_write(repo, "packs/t/t.policy", POLICIES);
	fx_commit(repo, "main", "policies", NULL);
	dir = fx_tmpdir();
	if (asprintf(&db, "%s/audit.db", dir) < 0)
		abort();
	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
	vd_pass(vd_audit_open(&audit, db, NULL));
	record("e1", "s1", "alice", "2026-05-01T10:00:00Z", "\"action\":\"shell.exec\",\"command\":\"ls\"");
	record("e2", "s1", "alice", "2026-05-01T10:01:00Z", READ_ENV);
	add_signal(VD_SIGNAL_SHOWN, NULL, "e2", "t.env", "2026-05-01T10:01:01Z");
	add_signal(VD_SIGNAL_ACKNOWLEDGED, NULL, "e2", "t.env", "2026-05-01T10:01:05Z");
	record("e3", "s1", "alice", "2026-05-01T10:02:00Z", READ_ENV);
	add_signal(VD_SIGNAL_SHOWN, "s1", NULL, NULL, "2026-05-01T10:02:30Z");
	record("e4", "s1", "alice", "2026-05-01T10:03:00Z", "\"action\":\"shell.exec\",\"command\":\"git status\"");
	record("e5", "s1", "alice", "2026-05-01T10:04:00Z", "\"action\":\"shell.exec\",\"command\":\"rm -rf /\"");
	add_signal(VD_SIGNAL_SHOWN, "s1", "e5", "t.rm", "2026-05-01T10:04:01Z");
	record("e6", "s1", "alice", "2026-05-01T10:05:00Z", "\"action\":\"shell.exec\",\"command\":\"rm -rf ~\"");
	/* Another session, and a late record of an early event. */
	record("f1", "s2", "bob", "2026-05-01T09:00:00Z", READ_ENV);
	record("f2", "s2", "bob", "2026-05-01T09:01:00Z", "\"action\":\"shell.exec\",\"command\":\"curl x\"");
	record("e0", "s1", "alice", "2026-05-01T09:59:00Z", "\"action\":\"session.start\"");
	vd_pass(vd_audit_close(audit));
	audit = NULL;
	{
		vd_audit_options o = VD_AUDIT_OPTIONS_INIT;

		o.must_exist = true;
		vd_pass(vd_audit_open(&audit, db, &o));
	}
}

static void
teardown(void)
{
	vd_audit_close(audit);
	vd_engine_free(engine);
	fx_repo_free(repo);
	fx_rmtree(dir);
	free(dir);
	free(db);
}

#define run(out, err, ...) fx_run(NULL, (out), (err), (const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_timeline_orders_events_and_follows_warnings)
{
	vd_timeline *t = NULL;
	const vd_timeline_entry *e;

	vd_pass(vd_timeline_build(&t, audit, "s1"));
	ck_assert_int_eq(vd_timeline_count(t), 7);
	ck_assert_str_eq(vd_timeline_get(t, 0)->event_id, "e0");   /* by time, not by row */
	ck_assert_str_eq(vd_timeline_get(t, 1)->event_id, "e1");
	ck_assert_int_eq(vd_timeline_get(t, 1)->followup, VD_FOLLOW_NONE);

	e = vd_timeline_get(t, 2);                                   /* e2 */
	ck_assert_int_eq(e->verdict, VD_WARN);
	ck_assert_str_eq(e->policy, "t.env");
	ck_assert_str_eq(e->message, "[t.env] file.read: reading /x/.env");
	ck_assert_int_eq(e->nsignals, 2);
	ck_assert(e->shown && e->acknowledged);
	ck_assert_int_eq(e->next, 3);
	ck_assert_int_eq(e->followup, VD_FOLLOW_WENT_ON);            /* read it again */

	e = vd_timeline_get(t, 3);                                   /* e3 */
	ck_assert(e->shown && !e->acknowledged);                     /* the session's signal */
	ck_assert_int_eq(e->followup, VD_FOLLOW_CHANGED_COURSE);     /* then git status */

	e = vd_timeline_get(t, 5);                                   /* e5 */
	ck_assert_int_eq(e->verdict, VD_BLOCK);
	ck_assert(e->shown);
	ck_assert_int_eq(e->followup, VD_FOLLOW_WENT_ON);            /* the same policy next */
	ck_assert_str_eq(e->subject, "rm -rf /");

	e = vd_timeline_get(t, 6);                                   /* e6 */
	ck_assert_int_eq(e->followup, VD_FOLLOW_ENDED);
	ck_assert(!e->shown);
	vd_timeline_free(t);

	vd_pass(vd_timeline_build(&t, audit, "nobody"));
	ck_assert_int_eq(vd_timeline_count(t), 0);
	vd_timeline_free(t);
}
END_TEST

START_TEST(test_timeline_cli)
{
	char *out, *err;

	ck_assert_int_eq(run(&out, &err, "timeline", "s1", "--audit", db), 0);
	ck_assert_contains(out, "session s1: 7 events from 2026-05-01T09:59:00Z to 2026-05-01T10:05:00Z; user alice");
	ck_assert_contains(out, "4 warnings (warn, ask or block): 3 shown, 1 acknowledged; 1 changed course, "
		"2 went on into the risk, 1 at the end of the session");
	ck_assert_contains(out, "[t.env] file.read: reading /x/.env\n       shown at 2026-05-01T10:01:01Z");
	ck_assert_contains(out, "shown, acknowledged; next: #4 file.read: /x/.env -> went on into the risk");
	ck_assert_contains(out, "next: #5 shell.exec: git status -> changed course");
	ck_assert_contains(out, "not shown (no signal), not acknowledged -> session ended");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "timeline", "s1", "--audit", db, "--format", "json"), 0);
	ck_assert_contains(out, "\"followup\": \"went on into the risk\"");
	ck_assert_contains(out, "\"kind\": \"acknowledged\"");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "timeline", "s9", "--audit", db), 6);
	ck_assert_contains(err, "no events of session 's9'");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "timeline", "--audit", db), 3);
	free(out); free(err);
}
END_TEST

START_TEST(test_review_groups_the_tuning_queue_by_policy)
{
	vd_review_options o = VD_REVIEW_OPTIONS_INIT;
	vd_review *r = NULL;
	const vd_review_group *g;

	vd_pass(vd_review_build(&r, audit, &o));
	ck_assert_int_eq(vd_review_count(r), 3);
	g = vd_review_get(r, 0);
	ck_assert_str_eq(g->policy, "t.env");
	ck_assert_int_eq(g->events, 3);
	ck_assert_int_eq(g->verdicts[VD_WARN], 3);
	ck_assert_int_eq(g->users, 2);
	ck_assert_int_eq(g->sessions, 2);
	ck_assert_int_eq(g->nevents, 3);
	ck_assert_str_eq(g->list[0].event_id, "e2");
	g = vd_review_get(r, 1);
	ck_assert_str_eq(g->policy, "t.rm");
	ck_assert_int_eq(g->verdicts[VD_BLOCK], 2);
	g = vd_review_get(r, 2);
	ck_assert_str_eq(g->policy, "t.curl");                      /* observe, would block */
	ck_assert_int_eq(g->would_block, 1);
	ck_assert_int_eq(g->verdicts[VD_PASS], 1);
	vd_review_free(r);

	o.policy = "t.rm";
	vd_pass(vd_review_build(&r, audit, &o));
	ck_assert_int_eq(vd_review_count(r), 1);
	ck_assert_str_eq(vd_review_get(r, 0)->policy, "t.rm");
	vd_review_free(r);
	o.policy = NULL;
	o.limit = 1;
	vd_pass(vd_review_build(&r, audit, &o));
	ck_assert_int_eq(vd_review_get(r, 0)->nevents, 1);
	ck_assert_int_eq(vd_review_get(r, 0)->events, 3);
	vd_review_free(r);
}
END_TEST

START_TEST(test_review_cli)
{
	char *out, *err;

	ck_assert_int_eq(run(&out, &err, "review", "--audit", db), 0);
	ck_assert_contains(out, "tuning queue: 6 events that warned, asked or blocked, or would block, under 3 policies");
	ck_assert_contains(out, "t.env: 3 events (3 warn, 0 ask, 0 block, 0 would block in observe) from 2 users in 2 sessions");
	ck_assert_contains(out, "t.curl: 1 event (0 warn, 0 ask, 0 block, 1 would block in observe)");
	ck_assert_contains(out, "would block  shell.exec: curl x  (user bob, session s2, claude-code; row 8)");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "review", "--audit", db, "--policy", "t.rm", "--format", "markdown"), 0);
	ck_assert_contains(out, "| t.rm | 2 | 0 | 0 | 2 | 0 | 1 | 1 |");
	ck_assert_not_contains(out, "t.env");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "review", "--audit", db, "--where", "user=bob", "--format", "json"), 0);
	ck_assert_contains(out, "\"events\": 2");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "review", "--audit", db, "--where", "colour=red"), 3);
	free(out); free(err);
}
END_TEST

Suite *
timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *t = tcase_create("timeline"), *r = tcase_create("review");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_timeline_orders_events_and_follows_warnings);
	tcase_add_test(t, test_timeline_cli);
	suite_add_tcase(s, t);
	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_review_groups_the_tuning_queue_by_policy);
	tcase_add_test(r, test_review_cli);
	suite_add_tcase(s, r);
	return s;
}
