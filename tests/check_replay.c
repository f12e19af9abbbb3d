/*
 * check_replay.c - replay and diff, against real audit logs and events
 * files in temporary directories and a policy repo with a real change:
 *
 *   main~1  t.rm (destructive, observe), t.env (warn), t.curl (observe)
 *   main    ramp destructive -> block; t.curl removed; t.ssh added (warn)
 *
 * The ten events below cover every transition that change makes, and the
 * markdown of their diff is compared with tests/golden/diff.md.
 */
#include "common.h"
#include "audit.h"
#include "helpers.h"
#include "fixture.h"

#include <jansson.h>
#include <sqlite3.h>
#include <unistd.h>

#define POLICIES_A \
	"policy \"t.rm\" {\n  risk destructive\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"rm\" and command.flags has \"r\"\n  message \"{command} deletes recursively\"\n}\n" \
	"policy \"t.env\" {\n  risk credential-access\n  mode warn\n  severity block\n  on file.read\n" \
	"  when path matches \"**/.env\"\n  message \"reading {path}\"\n}\n" \
	"policy \"t.curl\" {\n  risk exfil\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"curl\"\n  message \"{command} talks to the network\"\n}\n"

#define POLICIES_B \
	"policy \"t.rm\" {\n  risk destructive\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"rm\" and command.flags has \"r\"\n  message \"{command} deletes recursively\"\n}\n" \
	"policy \"t.env\" {\n  risk credential-access\n  mode warn\n  severity block\n  on file.read\n" \
	"  when path matches \"**/.env\"\n  message \"reading {path}\"\n}\n" \
	"policy \"t.ssh\" {\n  risk exfil\n  mode warn\n  severity warn\n  on shell.exec\n" \
	"  when command.name == \"ssh\"\n  message \"{command} opens a remote shell\"\n}\n"

#define EV(time, user, groups, session, surface, tool, rest) \
	"{\"time\":\"" time "\",\"user\":\"" user "\",\"groups\":" groups ",\"session\":\"" session \
	"\",\"surface\":\"" surface "\",\"tool\":\"" tool "\",\"repo\":\"acme/api\"," rest "}\n"

static const char events[] =
	EV("2026-05-01T10:00:00Z", "alice", "[\"platform\"]", "s1", "claude-code", "Bash",
		"\"id\":\"e1\",\"action\":\"shell.exec\",\"command\":\"ls -la\"")
	EV("2026-05-01T10:01:00Z", "alice", "[\"platform\"]", "s1", "claude-code", "Bash",
		"\"id\":\"e2\",\"action\":\"shell.exec\",\"command\":\"rm -rf build\"")
	EV("2026-05-01T10:02:00Z", "alice", "[\"platform\"]", "s1", "claude-code", "Read",
		"\"id\":\"e3\",\"action\":\"file.read\",\"path\":\"/src/api/.env\"")
	EV("2026-05-01T11:00:00Z", "bob", "[\"contractors\",\"platform\"]", "s2", "cursor", "Shell",
		"\"id\":\"e4\",\"action\":\"shell.exec\",\"command\":\"curl https://x.example\"")
	EV("2026-05-01T11:01:00Z", "bob", "[\"contractors\",\"platform\"]", "s2", "cursor", "Shell",
		"\"id\":\"e5\",\"action\":\"shell.exec\",\"command\":\"ssh prod | tee log\"")
	EV("2026-05-01T11:02:00Z", "bob", "[\"contractors\",\"platform\"]", "s2", "cursor", "Shell",
		"\"id\":\"e6\",\"action\":\"shell.exec\",\"command\":\"rm -r /tmp/x\"")
	EV("2026-05-01T12:00:00Z", "carol", "[]", "s3", "claude-code", "Bash",
		"\"id\":\"e7\",\"action\":\"shell.exec\",\"command\":\"git status\"")
	EV("2026-05-02T09:00:00Z", "carol", "[]", "s3", "claude-code", "Read",
		"\"id\":\"e8\",\"action\":\"file.read\",\"path\":\"/home/carol/.env\"")
	EV("2026-05-02T09:01:00Z", "carol", "[]", "s3", "claude-code", "mcp__github__create_issue",
		"\"id\":\"e9\",\"action\":\"mcp.call\",\"mcp\":{\"server\":\"github\",\"tool\":\"create_issue\"}")
	EV("2026-05-02T10:00:00Z", "alice", "[\"platform\"]", "s4", "cursor", "Bash",
		"\"id\":\"e10\",\"action\":\"shell.exec\",\"command\":\"echo hi | ssh host\"");

static fx_repo *repo;
static char *dir, *db, *file;
static vd_engine *engine;
static vd_audit *audit;

/* Record every line of `text` (judged at the live scopes) into the log at `path`. */
static void
record_all(const char *path, const char *text)
{
	vd_audit *a = NULL;
	vd_verdict *v = NULL;
	const char *p = text;

	vd_pass(vd_audit_open(&a, path, NULL));
	vd_pass(vd_verdict_new(&v));
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		vd_event *ev = NULL;

		vd_pass(vd_event_parse(&ev, p, n));
		vd_pass(vd_eval(v, engine, ev, NULL));
		vd_pass(vd_audit_record(a, ev, v));
		vd_event_free(ev);
		p += n + (nl ? 1 : 0);
	}
	vd_verdict_free(v);
	vd_pass(vd_audit_close(a));
}

static void
open_reader(void)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;

	o.must_exist = true;
	vd_pass(vd_audit_open(&audit, db, &o));
}

static void
setup(void)
{
	fx_init();
	setenv("VERDICT_NOW", "2026-06-01T00:00:00Z", 1);
	repo = fx_repo_new(false);
	fx_write(repo, "packs/t/t.policy", POLICIES_A);
	fx_commit(repo, "main", "policies", NULL);
	fx_write(repo, "packs/t/t.policy", POLICIES_B);
	fx_write(repo, "ramp.policy", "ramp {\n  destructive block\n}\n");
	fx_commit(repo, "main", "promote destructive; ssh warns; curl goes", NULL);
	dir = fx_tmpdir();
	if (asprintf(&db, "%s/audit.db", dir) < 0 || asprintf(&file, "%s/events.jsonl", dir) < 0)
		abort();
	fx_write_file(file, events);
	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
	record_all(db, events);
	open_reader();
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
	free(file);
	unsetenv("VERDICT_NOW");
}

static const vd_report_row *
row(const vd_replay *r, vd_report_table t, const char *key)
{
	size_t i;

	for (i = 0; i < vd_replay_rows(r, t); i++)
		if (strcmp(vd_replay_row(r, t, i)->key, key) == 0)
			return vd_replay_row(r, t, i);
	ck_abort_msg("no row '%s' in table %s", key, vd_report_table_name(t));
	return NULL;
}

static const vd_report_row *
diff_row(const vd_diff *d, vd_report_table t, const char *key)
{
	size_t i;

	for (i = 0; i < vd_diff_rows(d, t); i++)
		if (strcmp(vd_diff_row(d, t, i)->key, key) == 0)
			return vd_diff_row(d, t, i);
	return NULL;
}

/* Run the verdict binary with the arguments given. */
#define run(out, err, ...) fx_run(NULL, (out), (err), (const char *const[]){ __VA_ARGS__, NULL })

/* ---- replay ----------------------------------------------------------- */

START_TEST(test_replay_counts_the_pass_baseline_and_groups)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	vd_replay *r = NULL;
	const vd_report_row *x;

	o.audit = audit;
	vd_pass(vd_replay_run(&r, engine, "main~1", &o));
	ck_assert_int_eq(vd_replay_events(r), 10);
	ck_assert_int_eq(vd_replay_errors(r), 0);
	ck_assert_int_eq(vd_replay_count(r, VD_PASS), 8);
	ck_assert_int_eq(vd_replay_count(r, VD_WARN), 2);
	ck_assert_int_eq(vd_replay_count(r, VD_BLOCK), 0);
	/* e2, e6 (rm), e4 (curl) in observe; e3, e8 (.env) warn at severity block */
	ck_assert_int_eq(vd_replay_would_count(r, VD_BLOCK), 5);

	x = row(r, VD_REPORT_ACTION, "shell.exec");
	ck_assert_int_eq(x->events, 7);
	ck_assert_int_eq(x->would_block, 3);
	ck_assert_str_eq(vd_replay_row(r, VD_REPORT_ACTION, 0)->key, "shell.exec");
	x = row(r, VD_REPORT_ACTION, "file.read");
	ck_assert_int_eq(x->verdicts[VD_WARN], 2);
	ck_assert_int_eq(row(r, VD_REPORT_SURFACE, "claude-code")->events, 6);
	ck_assert_int_eq(row(r, VD_REPORT_SURFACE, "cursor")->events, 4);
	ck_assert_int_eq(row(r, VD_REPORT_TOOL, "Shell")->events, 3);
	ck_assert_int_eq(row(r, VD_REPORT_USER, "bob")->would_block, 2);
	/* A user in two groups counts in both; no groups is "(none)". */
	ck_assert_int_eq(row(r, VD_REPORT_GROUP, "platform")->events, 7);
	ck_assert_int_eq(row(r, VD_REPORT_GROUP, "contractors")->events, 3);
	ck_assert_int_eq(row(r, VD_REPORT_GROUP, "(none)")->events, 3);
	ck_assert_int_eq(row(r, VD_REPORT_REPO, "acme/api")->events, 10);
	/* Policy candidates: observe policies are there, with what they would do. */
	x = row(r, VD_REPORT_POLICY, "t.rm");
	ck_assert_int_eq(x->events, 2);
	ck_assert_int_eq(x->verdicts[VD_PASS], 2);
	ck_assert_int_eq(x->would_block, 2);
	ck_assert_int_eq(x->mode, VD_MODE_OBSERVE);
	ck_assert_int_eq(x->severity, VD_MODE_BLOCK);
	ck_assert_int_eq(row(r, VD_REPORT_POLICY, "t.curl")->would_block, 1);
	ck_assert_int_eq(row(r, VD_REPORT_POLICY, "t.env")->verdicts[VD_WARN], 2);
	vd_replay_free(r);

	/* At main the ramp blocks what t.rm matches. */
	vd_pass(vd_replay_run(&r, engine, "main", &o));
	ck_assert_int_eq(vd_replay_count(r, VD_BLOCK), 2);
	ck_assert_int_eq(vd_replay_count(r, VD_WARN), 4);
	ck_assert_int_eq(row(r, VD_REPORT_POLICY, "t.rm")->mode, VD_MODE_BLOCK);
	vd_replay_free(r);
}
END_TEST

START_TEST(test_replay_filters_by_time_and_fields)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	const char *users[] = { "user=alice", "user=carol" };
	const char *mixed[] = { "group=platform", "surface=cursor" };
	const char *verdict[] = { "verdict=warn" };
	vd_replay *r = NULL;

	o.audit = audit;
	vd_pass(vd_time_parse(&o.since, "2026-05-02"));
	vd_pass(vd_replay_run(&r, engine, "main", &o));
	ck_assert_int_eq(vd_replay_events(r), 3);
	vd_replay_free(r);
	o.since = 0;
	vd_pass(vd_time_parse(&o.until, "2026-05-01T11:01:00Z"));
	vd_pass(vd_replay_run(&r, engine, "main", &o));
	ck_assert_int_eq(vd_replay_events(r), 4);
	vd_replay_free(r);
	o.until = 0;
	/* One field twice: either; two fields: both. */
	o.where = users;
	o.nwhere = 2;
	vd_pass(vd_replay_run(&r, engine, "main", &o));
	ck_assert_int_eq(vd_replay_events(r), 7);
	vd_replay_free(r);
	o.where = mixed;
	vd_pass(vd_replay_run(&r, engine, "main", &o));
	ck_assert_int_eq(vd_replay_events(r), 4);
	ck_assert_int_eq(vd_replay_rows(r, VD_REPORT_USER), 2);
	vd_replay_free(r);
	/* The recorded verdict is a filter too (the log was written at main). */
	o.where = verdict;
	o.nwhere = 1;
	vd_pass(vd_replay_run(&r, engine, "main", &o));
	ck_assert_int_eq(vd_replay_events(r), 4);
	vd_replay_free(r);
}
END_TEST

START_TEST(test_replay_reads_an_events_file_the_same_way)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT, f = VD_REPLAY_OPTIONS_INIT;
	const char *mixed[] = { "group=platform", "surface=cursor" };
	const char *recorded[] = { "verdict=warn" };
	vd_replay *a = NULL, *b = NULL;
	size_t t, i;

	o.audit = audit;
	f.events_path = file;
	vd_pass(vd_replay_run(&a, engine, "main~1", &o));
	vd_pass(vd_replay_run(&b, engine, "main~1", &f));
	ck_assert_int_eq(vd_replay_events(b), 10);
	for (t = 0; t < VD_REPORT_TABLE__COUNT; t++) {
		ck_assert_int_eq(vd_replay_rows(a, t), vd_replay_rows(b, t));
		for (i = 0; i < vd_replay_rows(a, t); i++) {
			ck_assert_str_eq(vd_replay_row(a, t, i)->key, vd_replay_row(b, t, i)->key);
			ck_assert_int_eq(vd_replay_row(a, t, i)->events, vd_replay_row(b, t, i)->events);
			ck_assert_int_eq(vd_replay_row(a, t, i)->would_block, vd_replay_row(b, t, i)->would_block);
		}
	}
	vd_replay_free(a);
	vd_replay_free(b);
	f.where = mixed;
	f.nwhere = 2;
	vd_pass(vd_time_parse(&f.until, "2026-05-02"));
	vd_pass(vd_replay_run(&b, engine, "main", &f));
	ck_assert_int_eq(vd_replay_events(b), 3);
	vd_replay_free(b);
	/* A file has no recorded verdicts to filter on. */
	f.where = recorded;
	f.nwhere = 1;
	vd_fail_with(VD_EUSAGE, vd_replay_run(&b, engine, "main", &f));
	ck_assert_contains(vd_error_last()->message, "needs the recorded verdicts of an audit log");
}
END_TEST

START_TEST(test_replay_rebuilds_recorded_events_from_their_forms)
{
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	size_t n = 0;

	q.events_only = true;
	vd_pass(vd_audit_iter_new(&it, audit, &q));
	while (vd_audit_iter_next(&e, it) == 1) {
		ck_assert_ptr_nonnull(e.event);
		ck_assert_ptr_null(e.json);              /* no JSON was needed */
		n++;
	}
	ck_assert_int_eq(n, 10);
	ck_assert_int_eq(vd__audit_iter_parsed(it), 0);
	vd_audit_iter_free(it);
}
END_TEST

START_TEST(test_replay_bad_input)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	const char *bad[] = { "colour=blue" }, *noeq[] = { "user" };
	vd_replay *r = NULL;
	char *out, *err, *empty, *lines;

	o.audit = audit;
	vd_fail_with(VD_ENOTFOUND, vd_replay_run(&r, engine, "no-such-branch", &o));
	ck_assert_contains(vd_error_last()->message, "unknown revision 'no-such-branch'");
	o.where = bad;
	o.nwhere = 1;
	vd_fail_with(VD_EUSAGE, vd_replay_run(&r, engine, "main", &o));
	ck_assert_contains(vd_error_last()->message, "filter 'colour=blue' names an unknown field");
	o.where = noeq;
	vd_fail_with(VD_EUSAGE, vd_replay_run(&r, engine, "main", &o));
	o.nwhere = 0;
	o.events_path = file;                     /* both sources */
	vd_fail_with(VD_EUSAGE, vd_replay_run(&r, engine, "main", &o));

	/* Malformed lines are named by number, counted, and fail the exit status. */
	if (asprintf(&lines, "%s/bad.jsonl", dir) < 0)
		abort();
	fx_write_file(lines, "{\"action\":\"shell.exec\",\"command\":\"ls\"}\n"
		"{\"action\":\"shell.exec\",\n"
		"\n"
		"{\"action\":\"teleport\"}\n"
		"{\"action\":\"file.read\",\"path\":\"/x/.env\"}\n");
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main", "--repo", fx_path(repo),
		"--events", lines), 5);
	ck_assert_contains(err, "bad.jsonl:2: event is not valid JSON");
	ck_assert_contains(err, "bad.jsonl:4: unknown action 'teleport'");
	ck_assert_contains(out, "of 2 events");
	ck_assert_contains(out, "2 events could not be read");
	free(out); free(err);

	/* An empty log: a report of nothing, and a word on stderr. */
	if (asprintf(&empty, "%s/empty.db", dir) < 0)
		abort();
	record_all(empty, "");
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main", "--repo", fx_path(repo),
		"--audit", empty), 0);
	ck_assert_contains(out, "no events to replay");
	ck_assert_contains(err, "no events to replay in the audit log");
	free(out); free(err);
	/* No log at all, an unknown revision, a bad --where, a bad time. */
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main", "--repo", fx_path(repo),
		"--audit", lines /* a JSON file, not a database */), 7);
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "nope", "--repo", fx_path(repo),
		"--audit", db), 6);
	ck_assert_contains(err, "unknown revision 'nope'");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main", "--repo", fx_path(repo), "--audit", db,
		"--where", "user"), 3);
	ck_assert_contains(err, "expected FIELD=VALUE");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main", "--repo", fx_path(repo), "--audit", db,
		"--since", "yesterday"), 3);
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--repo", fx_path(repo), "--audit", db), 3);
	ck_assert_contains(err, "needs --ref");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "diff", "main", "--repo", fx_path(repo), "--audit", db), 3);
	free(out); free(err);
	free(lines);
	free(empty);
}
END_TEST

/* ---- diff ------------------------------------------------------------- */

START_TEST(test_diff_transitions_policies_and_queue)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	const vd_diff_summary *s;
	const vd_report_row *x;
	const vd_diff_event *e;
	const vd_policy_changes *c;
	vd_diff *d = NULL;
	size_t i, queue = 0;

	o.audit = audit;
	vd_pass(vd_diff_run(&d, engine, "main~1", "main", &o));
	s = vd_diff_get_summary(d);
	ck_assert_int_eq(s->events, 10);
	ck_assert_int_eq(s->changed, 4);
	ck_assert_int_eq(s->stricter, 4);
	ck_assert_int_eq(s->looser, 0);
	ck_assert_int_eq(s->new_block, 2);
	ck_assert_int_eq(s->new_warn, 2);
	ck_assert_int_eq(s->transitions[VD_PASS][VD_BLOCK], 2);
	ck_assert_int_eq(s->transitions[VD_PASS][VD_WARN], 2);
	ck_assert_int_eq(s->transitions[VD_PASS][VD_PASS], 4);
	ck_assert_int_eq(s->transitions[VD_WARN][VD_WARN], 2);
	ck_assert_int_eq(strlen(s->base_commit), 40);
	ck_assert_str_eq(s->base, "main~1");

	/* Per policy: t.rm blocks e2 and e6, t.ssh warns on e5 and e10. */
	ck_assert_int_eq(vd_diff_rows(d, VD_REPORT_POLICY), 2);
	x = diff_row(d, VD_REPORT_POLICY, "t.rm");
	ck_assert_int_eq(x->new_block, 2);
	ck_assert_int_eq(x->mode, VD_MODE_BLOCK);
	ck_assert_int_eq(diff_row(d, VD_REPORT_POLICY, "t.ssh")->new_warn, 2);
	/* Impact. */
	ck_assert_int_eq(diff_row(d, VD_REPORT_USER, "alice")->changed, 2);
	ck_assert_int_eq(diff_row(d, VD_REPORT_USER, "bob")->changed, 2);
	ck_assert_ptr_null(diff_row(d, VD_REPORT_USER, "carol"));
	ck_assert_int_eq(diff_row(d, VD_REPORT_SESSION, "s2")->changed, 2);
	ck_assert_int_eq(diff_row(d, VD_REPORT_GROUP, "contractors")->changed, 2);
	/* Every surface is listed, with its events, for its noise. */
	x = diff_row(d, VD_REPORT_SURFACE, "cursor");
	ck_assert_int_eq(x->events, 4);
	ck_assert_int_eq(x->changed, 3);
	ck_assert_str_eq(vd_diff_row(d, VD_REPORT_SURFACE, 0)->key, "cursor");
	ck_assert_int_eq(diff_row(d, VD_REPORT_SURFACE, "claude-code")->changed, 1);

	/* The review queue names the policy and the action of each event. */
	for (i = 0; i < vd_diff_event_count(d); i++) {
		e = vd_diff_event_get(d, i);
		ck_assert_int_gt(e->head, e->base);
		ck_assert_ptr_nonnull(e->policy);
		ck_assert_contains(e->message, e->policy);
		ck_assert_contains(e->message, e->action);
		queue++;
	}
	ck_assert_int_eq(queue, 4);
	e = vd_diff_event_get(d, 0);
	ck_assert_str_eq(e->event_id, "e2");
	ck_assert_str_eq(e->message, "[t.rm] shell.exec: rm -rf build deletes recursively");
	ck_assert_str_eq(e->time, "2026-05-01T10:01:00Z");
	ck_assert_str_eq(e->session, "s1");

	/* Which policies the change touches. */
	c = vd_diff_policy_changes(d);
	ck_assert_int_eq(vd_policy_changes_count(c), 3);
	ck_assert_str_eq(vd_policy_changes_get(c, 0)->policy, "t.curl");
	ck_assert_int_eq(vd_policy_changes_get(c, 0)->kind, VD_POLICY_REMOVED);
	ck_assert_str_eq(vd_policy_changes_get(c, 1)->policy, "t.rm");
	ck_assert_int_eq(vd_policy_changes_get(c, 1)->old_mode, VD_MODE_OBSERVE);
	ck_assert_int_eq(vd_policy_changes_get(c, 1)->new_mode, VD_MODE_BLOCK);
	ck_assert(!vd_policy_changes_get(c, 1)->definition_changed);
	ck_assert_str_eq(vd_policy_changes_get(c, 2)->policy, "t.ssh");
	ck_assert_int_eq(vd_policy_changes_get(c, 2)->kind, VD_POLICY_ADDED);
	vd_diff_free(d);

	/* The other way round everything relaxes: nothing to review. */
	vd_pass(vd_diff_run(&d, engine, "main", "main~1", &o));
	s = vd_diff_get_summary(d);
	ck_assert_int_eq(s->looser, 4);
	ck_assert_int_eq(s->transitions[VD_BLOCK][VD_PASS], 2);
	ck_assert_str_eq(vd_diff_event_get(d, 0)->policy, "t.rm");   /* the policy that stops */
	vd_diff_free(d);
}
END_TEST

START_TEST(test_diff_simulate_block_judges_both_at_severity)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	const vd_diff_summary *s;
	vd_diff *d = NULL;

	o.audit = audit;
	o.simulate_block = true;
	vd_pass(vd_diff_run(&d, engine, "main~1", "main", &o));
	s = vd_diff_get_summary(d);
	/* At severity the ramp changes nothing; curl's removal and ssh's arrival do. */
	ck_assert_int_eq(s->transitions[VD_BLOCK][VD_BLOCK], 4);
	ck_assert_int_eq(s->transitions[VD_BLOCK][VD_PASS], 1);
	ck_assert_int_eq(s->transitions[VD_PASS][VD_WARN], 2);
	ck_assert_int_eq(s->changed, 3);
	ck_assert_str_eq(vd_diff_event_get(d, 0)->policy, "t.curl");
	vd_diff_free(d);
}
END_TEST

START_TEST(test_diff_keeps_a_limited_number_of_events_per_policy)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	vd_diff *d = NULL;

	o.events_path = file;
	o.limit = 1;
	vd_pass(vd_diff_run(&d, engine, "main~1", "main", &o));
	ck_assert_int_eq(vd_diff_get_summary(d)->changed, 4);
	ck_assert_int_eq(vd_diff_event_count(d), 2);     /* one per policy */
	ck_assert_int_eq(vd_diff_event_get(d, 0)->row, 2);   /* the line in the file */
	vd_diff_free(d);
}
END_TEST

START_TEST(test_diff_markdown_is_golden)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	vd_report_options ro = VD_REPORT_OPTIONS_INIT;
	vd_diff *d = NULL;
	vd_buf out = VD_BUF_INIT;
	char *path, *want;

	o.events_path = file;
	ro.format = VD_REPORT_MARKDOWN;
	vd_pass(vd_diff_run(&d, engine, "main~1", "main", &o));
	vd_pass(vd_diff_render(&out, d, &ro));
	if (asprintf(&path, "%s/tests/golden/diff.md", getenv("VERDICT_SOURCE_DIR")) < 0)
		abort();
	if (getenv("VERDICT_UPDATE_GOLDEN"))
		fx_write_file(path, out.ptr);
	want = fx_read_file(path);
	ck_assert_msg(want && strcmp(want, out.ptr) == 0,
		"markdown differs from %s (VERDICT_UPDATE_GOLDEN=1 rewrites it):\n%s", path, out.ptr);
	free(want);
	free(path);
	vd_buf_dispose(&out);
	vd_diff_free(d);
}
END_TEST

START_TEST(test_diff_markdown_escapes_event_data)
{
	vd_replay_options o = VD_REPLAY_OPTIONS_INIT;
	vd_report_options ro = VD_REPORT_OPTIONS_INIT;
	vd_diff *d = NULL;
	vd_buf out = VD_BUF_INIT;
	char *path;

	if (asprintf(&path, "%s/pipes.jsonl", dir) < 0)
		abort();
	fx_write_file(path, "{\"user\":\"<b>eve</b>\",\"action\":\"shell.exec\",\"command\":\"rm -rf a|b `x` *y*\"}\n");
	o.events_path = path;
	ro.format = VD_REPORT_MARKDOWN;
	vd_pass(vd_diff_run(&d, engine, "main~1", "main", &o));
	vd_pass(vd_diff_render(&out, d, &ro));
	ck_assert_contains(out.ptr, "rm -rf a\\|b \\`x\\` \\*y\\*");
	ck_assert_contains(out.ptr, "&lt;b>eve&lt;/b>");
	ck_assert_not_contains(out.ptr, "<b>");
	vd_buf_dispose(&out);
	vd_diff_free(d);
	free(path);
}
END_TEST

START_TEST(test_diff_cli_formats)
{
	char *out, *err;
	json_t *j;
	json_error_t je;

	ck_assert_int_eq(run(&out, &err, "diff", "main~1", "main", "--repo", fx_path(repo), "--audit", db), 0);
	/* stderr is not a terminal here: no progress, nothing at all. */
	ck_assert_msg(err == NULL || *err == '\0', "stderr: %s", err);
	ck_assert_contains(out, "4 events change verdict (40.0%): 4 stricter (2 newly blocked, 2 newly warned), 0 looser");
	ck_assert_contains(out, "  pass  -> block             2\n");
	ck_assert_contains(out, "  ~ t.rm: mode observe -> block\n");
	ck_assert_contains(out, "  - t.curl: removed");
	ck_assert_contains(out, "review queue: 4 newly warned or blocked events");
	ck_assert_contains(out, "pass -> warn  [t.ssh] shell.exec: ssh prod opens a remote shell");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "diff", "main~1", "main", "--repo", fx_path(repo), "--audit", db,
		"--format=json"), 0);
	j = json_loads(out, 0, &je);
	ck_assert_msg(j != NULL, "not JSON: %s\n%s", je.text, out);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "new_block")), 2);
	ck_assert_int_eq(json_array_size(json_object_get(j, "events_changed")), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "head"), "rev")), "main");
	json_decref(j);
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "diff", "main~1", "main", "--repo", fx_path(repo), "--events", file,
		"--simulate"), 3);
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main~1", "--repo", fx_path(repo), "--audit", db,
		"--format", "markdown"), 0);
	ck_assert_contains(out, "| pass | 8 | 80.0% | 5 |");
	ck_assert_contains(out, "<details><summary>By policy candidate (3)</summary>");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main~1", "--repo", fx_path(repo), "--audit", db,
		"--format", "json"), 0);
	j = json_loads(out, 0, &je);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "verdicts"), "warn")), 2);
	json_decref(j);
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "replay", "--ref", "main", "--repo", fx_path(repo), "--audit", db,
		"--simulate", "block"), 0);
	ck_assert_contains(out, "simulating block");
	ck_assert_contains(out, "pass baseline: 4 pass (40.0%), 2 warn (20.0%), 0 ask (0.0%), 4 block (40.0%)");
	free(out); free(err);
}
END_TEST

START_TEST(test_policy_changes_see_definitions)
{
	vd_policy_changes *c = NULL;
	const char *reworded = POLICIES_B;
	char *text = strdup(reworded), *p = strstr(text, "\"**/.env\"");

	ck_assert_ptr_nonnull(p);
	memcpy(p, "\"**/.rc\" ", 9);
	fx_write(repo, "packs/t/t.policy", text);
	fx_commit(repo, "main", "reword t.env", NULL);
	vd_engine_free(engine);
	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
	vd_pass(vd_policy_changes_between(&c, engine, "main~1", "main"));
	ck_assert_int_eq(vd_policy_changes_count(c), 1);
	ck_assert_str_eq(vd_policy_changes_get(c, 0)->policy, "t.env");
	ck_assert(vd_policy_changes_get(c, 0)->definition_changed);
	ck_assert_int_eq(vd_policy_changes_get(c, 0)->old_mode, vd_policy_changes_get(c, 0)->new_mode);
	vd_policy_changes_free(c);
	vd_pass(vd_policy_changes_between(&c, engine, "main", "main"));
	ck_assert_int_eq(vd_policy_changes_count(c), 0);
	vd_policy_changes_free(c);
	vd_fail_with(VD_ENOTFOUND, vd_policy_changes_between(&c, engine, "main", "nope"));
	free(text);
}
END_TEST

Suite *
replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *r = tcase_create("replay"), *d = tcase_create("diff");

	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_replay_counts_the_pass_baseline_and_groups);
	tcase_add_test(r, test_replay_filters_by_time_and_fields);
	tcase_add_test(r, test_replay_reads_an_events_file_the_same_way);
	tcase_add_test(r, test_replay_rebuilds_recorded_events_from_their_forms);
	tcase_add_test(r, test_replay_bad_input);
	suite_add_tcase(s, r);
	tcase_add_checked_fixture(d, setup, teardown);
	tcase_add_test(d, test_diff_transitions_policies_and_queue);
	tcase_add_test(d, test_diff_simulate_block_judges_both_at_severity);
	tcase_add_test(d, test_diff_keeps_a_limited_number_of_events_per_policy);
	tcase_add_test(d, test_diff_markdown_is_golden);
	tcase_add_test(d, test_diff_markdown_escapes_event_data);
	tcase_add_test(d, test_diff_cli_formats);
	tcase_add_test(d, test_policy_changes_see_definitions);
	suite_add_tcase(s, d);
	return s;
}
