/*
 * check_audit.c - the audit log, against real SQLite files in temporary
 * directories: schema and migrations, recording and reading back, signals,
 * the hash chain, many writers at once, kill -9, and each way a database
 * can refuse a record (locked, read-only, full, corrupt, newer) with the
 * spool that catches the record and the next record that drains it.
 *
 * The tests open the database with SQLite themselves only to look at it
 * or to do what an attacker or another process would: hold its lock,
 * rewrite a row.
 */
#include "common.h"
#include "audit.h"
#include "clock.h"
#include "helpers.h"
#include "fixture.h"

#include <fcntl.h>
#include <git2.h>
#include <linux/fs.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define POLICIES \
	"policy \"t.rm\" {\n" \
	"  risk destructive\n  mode block\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"rm\"\n  message \"{command} deletes files\"\n}\n" \
	"policy \"t.env\" {\n" \
	"  risk credential-access\n  mode warn\n  severity block\n  on file.read\n" \
	"  when path matches \"**/.env\"\n  message \"reading {path}\"\n}\n" \
	"policy \"t.curl\" {\n" \
	"  risk exfil\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"curl\"\n  message \"{command} talks to the network\"\n}\n"

static fx_repo *repo;
static char *dir;           /* the audit log's directory */
static char *db;            /* dir/logs/audit.db: the directory does not exist yet */
static char *spool;
static vd_engine *engine;

static void
setup(void)
{
	fx_init();
	unsetenv("VERDICT_AUDIT");
	unsetenv("VERDICT_AUDIT_TIMEOUT");
	repo = fx_repo_new(false);
	fx_write(repo, "packs/t/t.policy", POLICIES);
	fx_commit(repo, "main", "policies", NULL);
	dir = fx_tmpdir();
	if (asprintf(&db, "%s/logs/audit.db", dir) < 0 || asprintf(&spool, "%s.spool.jsonl", db) < 0)
		abort();
	engine = NULL;
}

static void
teardown(void)
{
	vd_engine_free(engine);
	fx_repo_free(repo);
	fx_rmtree(dir);
	free(dir);
	free(db);
	free(spool);
	unsetenv("VERDICT_AUDIT_TIMEOUT");
}

/* ---- helpers ------------------------------------------------------------- */

static sqlite3 *
sql_open(void)
{
	sqlite3 *h = NULL;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	return h;
}

static int64_t
sql_int(const char *sql)
{
	sqlite3 *h = sql_open();
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* The first column of the first row, as a malloc'd string ("" for none). */
static char *
sql_text(const char *sql)
{
	sqlite3 *h = sql_open();
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v ? v : strdup("");
}

#define assert_sql_text(sql, want) do { \
	char *got_ = sql_text(sql); \
	ck_assert_str_eq(got_, want); \
	free(got_); \
} while (0)

static void
sql_exec(const char *sql)
{
	sqlite3 *h = sql_open();
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql, err);
	sqlite3_close(h);
}

static size_t
count_lines(const char *path)
{
	char *s = fx_read_file(path), *p;
	size_t n = 0;

	for (p = s; p && *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

static void
open_engine(void)
{
	if (engine == NULL)
		vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
}

/* Judge one event at the live scopes and record it. */
static int
judge_and_record(vd_audit *a, const char *json)
{
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	int rc;

	open_engine();
	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_eval(v, engine, ev, NULL));
	rc = vd_audit_record(a, ev, v);
	vd_verdict_free(v);
	vd_event_free(ev);
	return rc;
}

/* Record an event with an empty (pass) verdict: no engine needed. */
static int
record_plain(vd_audit *a, const char *json)
{
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	int rc;

	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	rc = vd_audit_record(a, ev, v);
	vd_verdict_free(v);
	vd_event_free(ev);
	return rc;
}

/* `n` events, one per line, with ids "<prefix>-<i>"; the caller frees. */
static char *
events_text(const char *prefix, int n)
{
	vd_buf b = VD_BUF_INIT;
	int i;

	for (i = 0; i < n; i++) {
		switch (i % 4) {
		case 0:
			vd_buf_printf(&b, "{\"id\":\"%s-%d\",\"user\":\"u%d\",\"groups\":[\"g%d\"],\"session\":\"s%d\","
				"\"surface\":\"claude-code\",\"action\":\"shell.exec\",\"command\":\"ls -la /tmp/%d\"}\n",
				prefix, i, i % 7, i % 3, i / 10, i);
			break;
		case 1:
			vd_buf_printf(&b, "{\"id\":\"%s-%d\",\"user\":\"u%d\",\"action\":\"file.read\",\"path\":\"/src/%d/.env\"}\n",
				prefix, i, i % 7, i);
			break;
		case 2:
			vd_buf_printf(&b, "{\"id\":\"%s-%d\",\"action\":\"shell.exec\",\"command\":\"rm -rf build/%d\"}\n",
				prefix, i, i);
			break;
		default:
			vd_buf_printf(&b, "{\"id\":\"%s-%d\",\"action\":\"mcp.call\",\"mcp\":{\"server\":\"github\",\"tool\":\"create_issue\"}}\n",
				prefix, i);
			break;
		}
	}
	return b.ptr;
}

/* Run `verdict record --repo REPO --audit DB` on `input`; returns the status. */
static int
run_record(const char *input, char **out, char **err)
{
	const char *args[] = { "record", "--repo", fx_path(repo), "--audit", db, "-", NULL };

	return fx_run(input, out, err, args);
}

static int
run_verify(char **out, char **err)
{
	const char *args[] = { "audit", "verify", "--audit", db, NULL };

	return fx_run(NULL, out, err, args);
}

static void
assert_verifies(void)
{
	char *out, *err;

	ck_assert_msg(run_verify(&out, &err) == 0, "verify: %s%s", out, err);
	ck_assert_contains(out, "intact");
	free(out);
	free(err);
}

/*
 * Start the verdict binary with stdin from `input_path`; stdout is
 * discarded, stderr goes to `err_path` (or is discarded).
 */
static pid_t
spawn(const char *const *args, const char *input_path, const char *err_path)
{
	const char *bin = getenv("VERDICT_BIN");
	char *argv[16];
	size_t i;
	pid_t pid;

	argv[0] = (char *)bin;
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = (char *)args[i];
	argv[i + 1] = NULL;
	pid = fork();
	if (pid == 0) {
		int in = input_path ? open(input_path, O_RDONLY) : open("/dev/null", O_RDONLY);
		int null = open("/dev/null", O_WRONLY);
		int err = err_path ? open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : null;

		dup2(in, 0);
		dup2(null, 1);
		dup2(err, 2);
		execv(bin, argv);
		_exit(127);
	}
	ck_assert_int_gt(pid, 0);
	return pid;
}

static int
wait_status(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- schema and location ------------------------------------------------- */

START_TEST(test_audit_creates_schema_and_directories)
{
	vd_audit *a = NULL;

	vd_pass(vd_audit_open(&a, db, NULL));
	ck_assert_str_eq(vd_audit_path(a), db);
	ck_assert_str_eq(vd_audit_spool_path(a), spool);
	vd_pass(vd_audit_close(a));
	ck_assert_int_eq(sql_int("PRAGMA user_version"), VD_AUDIT_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM migrations"), VD_AUDIT_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT max(version) FROM migrations"), VD_AUDIT_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
		"name IN ('events', 'verdicts', 'signals', 'migrations')"), 4);
	assert_sql_text("PRAGMA journal_mode", "wal");
}
END_TEST

START_TEST(test_audit_migrates_an_older_log)
{
	vd_audit *a = NULL;
	vd_signal s = VD_SIGNAL_INIT;

	/* A log as version 1 left it, with a row in it. */
	vd_pass(vd__audit_create_at(db, 1));
	ck_assert_int_eq(sql_int("PRAGMA user_version"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master WHERE name = 'signals'"), 0);
	sql_exec("INSERT INTO events(ts, recorded_at, action, json) VALUES(1, 1, 'shell.exec', '{}')");

	vd_pass(vd_audit_open(&a, db, NULL));
	s.session = "s1";
	vd_pass(vd_audit_signal(a, &s));
	vd_pass(vd_audit_close(a));
	ck_assert_int_eq(sql_int("PRAGMA user_version"), VD_AUDIT_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM migrations"), VD_AUDIT_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM signals"), 1);
}
END_TEST

START_TEST(test_audit_refuses_a_newer_log_and_spools)
{
	vd_audit_options ro = VD_AUDIT_OPTIONS_INIT;
	vd_audit *a = NULL;

	vd_pass(vd__audit_create_at(db, VD_AUDIT_SCHEMA_VERSION));
	sql_exec("PRAGMA user_version = 99");
	ro.must_exist = true;
	vd_fail_with(VD_EIO, vd_audit_open(&a, db, &ro));
	ck_assert_contains(vd_error_last()->message, "schema version 99, newer than this verdict knows");
	ck_assert_ptr_null(a);

	vd_pass(vd_audit_open(&a, db, NULL));
	vd_fail_with(VD_EIO, record_plain(a, "{\"action\":\"shell.exec\",\"command\":\"ls\"}"));
	ck_assert_contains(vd_error_last()->message, "upgrade verdict");
	ck_assert_contains(vd_error_last()->message, spool);
	vd_pass(vd_audit_close(a));
	ck_assert_uint_eq(count_lines(spool), 1);
}
END_TEST

START_TEST(test_audit_refuses_a_foreign_database)
{
	vd_audit *a = NULL;
	sqlite3 *h = NULL;

	fx_write_file(db, "");
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE mine(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	vd_pass(vd_audit_open(&a, db, NULL));
	vd_fail_with(VD_EIO, record_plain(a, "{\"action\":\"shell.exec\",\"command\":\"ls\"}"));
	ck_assert_contains(vd_error_last()->message, "not a verdict audit log");
	vd_audit_close(a);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"), 1);
}
END_TEST

START_TEST(test_audit_default_location)
{
	vd_buf b = VD_BUF_INIT;
	char *state, *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	if (asprintf(&state, "%s/state", dir) < 0)
		abort();
	setenv("HOME", "/home/someone", 1);
	unsetenv("XDG_STATE_HOME");
	vd_pass(vd_audit_default_path(&b));
	ck_assert_str_eq(b.ptr, "/home/someone/.local/state/verdict/audit.db");
	vd_buf_clear(&b);
	setenv("XDG_STATE_HOME", "relative/is/ignored", 1);
	vd_pass(vd_audit_default_path(&b));
	ck_assert_str_eq(b.ptr, "/home/someone/.local/state/verdict/audit.db");
	vd_buf_clear(&b);
	setenv("XDG_STATE_HOME", state, 1);
	vd_pass(vd_audit_default_path(&b));
	ck_assert_str_eq(b.ptr + strlen(state), "/verdict/audit.db");
	{
		/* The default is created, directories and all. */
		vd_audit *a = NULL;
		struct stat st;

		vd_pass(vd_audit_open(&a, NULL, NULL));
		ck_assert_str_eq(vd_audit_path(a), b.ptr);
		vd_pass(vd_audit_close(a));
		ck_assert_int_eq(stat(b.ptr, &st), 0);
	}
	vd_buf_clear(&b);
	setenv("VERDICT_AUDIT", "/elsewhere/a.db", 1);
	vd_pass(vd_audit_default_path(&b));
	ck_assert_str_eq(b.ptr, "/elsewhere/a.db");
	unsetenv("VERDICT_AUDIT");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	vd_fail_with(VD_EUSAGE, vd_audit_default_path(&b));
	if (home)
		setenv("HOME", home, 1);
	free(home);
	vd_buf_dispose(&b);
	free(state);
}
END_TEST

START_TEST(test_audit_reader_needs_an_existing_log)
{
	vd_audit_options ro = VD_AUDIT_OPTIONS_INIT;
	vd_audit *a = NULL;
	char *out, *err;

	ro.must_exist = true;
	vd_fail_with(VD_ENOTFOUND, vd_audit_open(&a, db, &ro));
	ck_assert_contains(vd_error_last()->message, db);
	ck_assert_int_eq(access(db, F_OK), -1);
	ck_assert_int_eq(run_verify(&out, &err), 6);
	ck_assert_contains(err, "no audit log at");
	free(out);
	free(err);
	/* A directory is not a log, for readers and writers alike. */
	vd_fail_with(VD_EUSAGE, vd_audit_open(&a, dir, NULL));
	ck_assert_contains(vd_error_last()->message, "is a directory");
}
END_TEST

/* ---- recording and reading back ------------------------------------------ */

static const char *const sample[] = {
	"{\"id\":\"a1\",\"time\":\"2026-05-01T10:00:00Z\",\"user\":\"alice\",\"groups\":[\"platform\",\"ops\"],"
	"\"repo\":\"acme/api\",\"branch\":\"main\",\"session\":\"s1\",\"surface\":\"claude-code\",\"tool\":\"Bash\","
	"\"action\":\"shell.exec\",\"command\":\"rm -rf /tmp/x\"}",
	"{\"id\":\"a2\",\"time\":\"2026-05-01T11:00:00Z\",\"user\":\"alice\",\"groups\":[\"platform\"],\"session\":\"s1\","
	"\"action\":\"file.read\",\"path\":\"../.env\",\"cwd\":\"/home/alice/src\"}",
	"{\"id\":\"a3\",\"time\":\"2026-05-02T09:00:00+02:00\",\"user\":\"bob\",\"groups\":[\"contractors\"],\"session\":\"s2\","
	"\"action\":\"shell.exec\",\"command\":\"curl https://x.example\"}",
	"{\"id\":\"a4\",\"time\":\"2026-05-03T00:00:00Z\",\"user\":\"bob\",\"session\":\"s2\","
	"\"action\":\"mcp.call\",\"mcp\":{\"server\":\"github\",\"tool\":\"create_issue\"}}",
};

static void
record_sample(void)
{
	vd_audit *a = NULL;
	size_t i;

	vd_pass(vd_audit_open(&a, db, NULL));
	for (i = 0; i < VD_ARRAY_SIZE(sample); i++)
		vd_pass(judge_and_record(a, sample[i]));
	ck_assert_uint_eq(vd_audit_get_stats(a)->recorded, VD_ARRAY_SIZE(sample));
	vd_pass(vd_audit_close(a));
}

START_TEST(test_audit_records_normalized_columns_and_verdicts)
{
	char *s;

	record_sample();
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 4);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM verdicts"), 4);
	assert_sql_text("SELECT user || '|' || \"groups\" || '|' || repo || '|' || branch || '|' || session"
		" || '|' || surface || '|' || tool || '|' || action || '|' || command FROM events WHERE event_id = 'a1'",
		"alice|[\"platform\",\"ops\"]|acme/api|main|s1|claude-code|Bash|shell.exec|rm -rf /tmp/x");
	/* The path is stored normalized; the original JSON is kept as given. */
	assert_sql_text("SELECT path FROM events WHERE event_id = 'a2'", "/home/alice/.env");
	s = sql_text("SELECT json FROM events WHERE event_id = 'a2'");
	ck_assert_contains(s, "\"path\":\"../.env\"");
	free(s);
	assert_sql_text("SELECT mcp_server || '/' || mcp_tool FROM events WHERE event_id = 'a4'",
		"github/create_issue");
	/* Times: an offset is folded into UTC milliseconds. */
	ck_assert_int_eq(sql_int("SELECT ts FROM events WHERE event_id = 'a3'"), 1777705200000LL);

#define VERDICT_OF(id) "SELECT verdict || ' ' || would || ' ' || coalesce(policy, '-') || ' ' || " \
	"matches FROM verdicts v JOIN events e ON e.id = v.event WHERE e.event_id = '" id "'"
	s = sql_text(VERDICT_OF("a1"));
	ck_assert_contains(s, "block block t.rm [{");
	free(s);
	s = sql_text(VERDICT_OF("a2"));
	ck_assert_contains(s, "warn block t.env [{");
	ck_assert_contains(s, "\"policy\":\"t.env\"");
	ck_assert_contains(s, "\"mode\":\"warn\"");
	ck_assert_contains(s, "\"severity\":\"block\"");
	ck_assert_contains(s, "\"scope\":\"main\"");
	free(s);
	/* An observe match: a pass, with the policy that would decide it. */
	s = sql_text(VERDICT_OF("a3"));
	ck_assert_contains(s, "pass block t.curl [{");
	ck_assert_contains(s, "\"mode\":\"observe\"");
	free(s);
	/* A plain pass is recorded too: it is the baseline. */
	assert_sql_text(VERDICT_OF("a4"), "pass pass - []");
#undef VERDICT_OF
	assert_verifies();
}
END_TEST

START_TEST(test_audit_verdicts_carry_ref_commit_and_tree_per_scope)
{
	char main_id[41], group_id[41], tree_main[GIT_OID_HEXSZ + 1], tree_group[GIT_OID_HEXSZ + 1];
	git_repository *g = NULL;
	git_object *o = NULL;
	vd_audit *a = NULL;
	char *s, *want;

	fx_write(repo, "ramp.policy", "ramp {\n  exfil warn\n}\n");
	fx_commit(repo, "scope/group/contractors", "contractors: warn on exfil", group_id);
	fx_remove(repo, "ramp.policy");
	fx_commit(repo, "main", "main again", main_id);
	ck_assert_int_eq(git_repository_open(&g, fx_path(repo)), 0);
	ck_assert_int_eq(git_revparse_single(&o, g, "main^{tree}"), 0);
	git_oid_tostr(tree_main, sizeof(tree_main), git_object_id(o));
	git_object_free(o);
	ck_assert_int_eq(git_revparse_single(&o, g, "scope/group/contractors^{tree}"), 0);
	git_oid_tostr(tree_group, sizeof(tree_group), git_object_id(o));
	git_object_free(o);
	git_repository_free(g);

	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(judge_and_record(a, sample[0]));    /* alice: main only */
	vd_pass(judge_and_record(a, sample[2]));    /* bob, contractors, curl */
	vd_pass(judge_and_record(a, sample[1]));    /* alice again */
	vd_pass(vd_audit_close(a));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM verdicts WHERE scopes LIKE '%group/contractors%'"), 1);
	s = sql_text("SELECT scopes FROM verdicts WHERE id = 2");
	if (asprintf(&want, "{\"scope\":\"main\",\"kind\":\"base\",\"ref\":\"refs/heads/main\",\"commit\":\"%s\",\"tree\":\"%s\"}",
		main_id, tree_main) < 0)
		abort();
	ck_assert_contains(s, want);
	free(want);
	if (asprintf(&want, "{\"scope\":\"group/contractors\",\"kind\":\"group\",\"ref\":\"refs/heads/scope/group/contractors\",\"commit\":\"%s\",\"tree\":\"%s\"}",
		group_id, tree_group) < 0)
		abort();
	ck_assert_contains(s, want);
	free(want);
	free(s);
	s = sql_text("SELECT verdict || ' ' || matches FROM verdicts WHERE id = 2");
	ck_assert_contains(s, "warn ");
	ck_assert_contains(s, "\"scope\":\"group/contractors\"");
	free(s);
}
END_TEST

/* Every event the query yields, as "id:verdict" joined by spaces. */
static char *
list_events(const vd_audit_query *q)
{
	vd_audit_options ro = VD_AUDIT_OPTIONS_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	vd_audit *a = NULL;
	vd_buf b = VD_BUF_INIT;
	int rc;

	ro.must_exist = true;
	vd_pass(vd_audit_open(&a, db, &ro));
	vd_pass(vd_audit_iter_new(&it, a, q));
	while ((rc = vd_audit_iter_next(&e, it)) > 0) {
		const char *id;

		ck_assert_ptr_nonnull(e.json);
		if (q && q->raw) {
			ck_assert_ptr_null(e.event);
			id = strstr(e.json, "\"id\":\"") + 6;
		} else {
			vd_buf j = VD_BUF_INIT;

			ck_assert_ptr_nonnull(e.event);
			vd_pass(vd_event_to_json(&j, e.event));
			id = strstr(e.json, "\"id\":\"") + 6;
			vd_buf_dispose(&j);
		}
		vd_buf_printf(&b, "%s%.2s:%s", b.size ? " " : "", id, vd_verdict_name(e.verdict));
	}
	vd_pass(rc);
	vd_audit_iter_free(it);
	vd_pass(vd_audit_close(a));
	if (b.ptr == NULL)
		return strdup("");
	return b.ptr;
}

START_TEST(test_audit_iterates_with_time_and_field_filters)
{
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	const char *alice[] = { "user=alice" };
	const char *platform[] = { "group=platform" };
	const char *either[] = { "action=mcp.call", "action=file.read", "user=bob" };
	const char *verdict[] = { "would=block" };
	const char *bad[] = { "colour=red" };
	const char *noeq[] = { "user" };
	vd_audit_iter *it = NULL;
	vd_audit *a = NULL;
	char *s;

	record_sample();
	s = list_events(NULL);
	ck_assert_str_eq(s, "a1:block a2:warn a3:pass a4:pass");
	free(s);
	q.where = alice;
	q.nwhere = 1;
	s = list_events(&q);
	ck_assert_str_eq(s, "a1:block a2:warn");
	free(s);
	q.where = platform;
	s = list_events(&q);
	ck_assert_str_eq(s, "a1:block a2:warn");
	free(s);
	/* Same field: alternatives; different fields: all must hold. */
	q.where = either;
	q.nwhere = 3;
	s = list_events(&q);
	ck_assert_str_eq(s, "a4:pass");
	free(s);
	q.where = verdict;
	q.nwhere = 1;
	s = list_events(&q);
	ck_assert_str_eq(s, "a1:block a2:warn a3:pass");
	free(s);
	q.where = NULL;
	q.nwhere = 0;
	vd_pass(vd_time_parse(&q.since, "2026-05-01T10:30:00Z"));
	vd_pass(vd_time_parse(&q.until, "2026-05-03"));
	s = list_events(&q);
	ck_assert_str_eq(s, "a2:warn a3:pass");
	free(s);
	q.raw = true;
	s = list_events(&q);
	ck_assert_str_eq(s, "a2:warn a3:pass");
	free(s);

	vd_pass(vd_audit_open(&a, db, NULL));
	q.where = bad;
	q.nwhere = 1;
	vd_fail_with(VD_EUSAGE, vd_audit_iter_new(&it, a, &q));
	ck_assert_contains(vd_error_last()->message, "unknown field");
	ck_assert_contains(vd_error_last()->message, "mcp.server");
	q.where = noeq;
	vd_fail_with(VD_EUSAGE, vd_audit_iter_new(&it, a, &q));
	ck_assert_ptr_null(it);
	vd_pass(vd_audit_close(a));
}
END_TEST

START_TEST(test_audit_iterator_names_a_row_that_no_longer_parses)
{
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	vd_audit *a = NULL;

	record_sample();
	sql_exec("INSERT INTO events(ts, recorded_at, action, json) VALUES(1, 1, 'shell.exec', '{\"action\":\"warp\"}')");
	record_sample();
	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(vd_audit_iter_new(&it, a, NULL));
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(vd_audit_iter_next(&e, it), 1);
	vd_fail_with(VD_EINVALID, vd_audit_iter_next(&e, it));
	ck_assert_contains(vd_error_last()->message, "event row 5");
	ck_assert_contains(vd_error_last()->message, "unknown action 'warp'");
	/* The caller may go on past it. */
	ck_assert_int_eq(vd_audit_iter_next(&e, it), 1);
	ck_assert_int_eq(e.id, 6);
	vd_audit_iter_free(it);
	vd_pass(vd_audit_close(a));
}
END_TEST

START_TEST(test_audit_parses_times)
{
	static const struct {
		const char *text;
		int64_t ms;     /* -1: not a time */
	} cases[] = {
		{ "2026-05-01", 1777593600000LL },
		{ "2026-05-01T12:00:00Z", 1777636800000LL },
		{ "2026-05-01 12:00:00.25", 1777636800250LL },
		{ "2026-05-01T12:00:00.123456Z", 1777636800123LL },
		{ "2026-05-01T14:00:00+02:00", 1777636800000LL },
		{ "2026-05-01T07:00-0500", 1777636800000LL },
		{ "2026-05-01T12:00", 1777636800000LL },
		{ "2026-13-01", -1 }, { "2026-05-01T25:00:00Z", -1 }, { "yesterday", -1 },
		{ "2026-05-01T12:00:00Zjunk", -1 }, { "", -1 }, { "2026-5-1", -1 },
	};
	size_t i;
	time_t t;

	for (i = 0; i < VD_ARRAY_SIZE(cases); i++) {
		int64_t ms = -1;
		int rc = vd__time_parse_ms(cases[i].text, &ms);

		ck_assert_msg(rc == (cases[i].ms < 0 ? -1 : 0) && (rc < 0 || ms == cases[i].ms),
			"%s: rc %d, %" PRId64 " ms", cases[i].text, rc, ms);
	}
	vd_pass(vd_time_parse(&t, "2026-05-01T12:00:00.999Z"));
	ck_assert_int_eq(t, 1777636800);
	vd_fail_with(VD_EINVALID, vd_time_parse(&t, "soon"));
	ck_assert_contains(vd_error_last()->message, "'soon' is not a time");
}
END_TEST

START_TEST(test_audit_records_signals)
{
	vd_signal s = VD_SIGNAL_INIT, bad = VD_SIGNAL_INIT;
	vd_signal_kind k;
	vd_audit *a = NULL;

	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(judge_and_record(a, sample[1]));
	s.session = "s1";
	s.event_id = "a2";
	s.policy = "t.env";
	s.surface = "claude-code";
	s.user = "alice";
	s.time = "2026-05-01T11:00:01Z";
	s.detail = "reading /home/alice/.env";
	vd_pass(vd_audit_signal(a, &s));
	s.kind = VD_SIGNAL_ACKNOWLEDGED;
	s.time = NULL;               /* now */
	s.detail = NULL;
	vd_pass(vd_audit_signal(a, &s));

	vd_fail_with(VD_EINVALID, vd_audit_signal(a, &bad));
	ck_assert_contains(vd_error_last()->message, "session or an event id");
	bad.session = "s1";
	bad.time = "later";
	vd_fail_with(VD_EINVALID, vd_audit_signal(a, &bad));
	ck_assert_uint_eq(vd_audit_get_stats(a)->signals, 2);
	vd_pass(vd_audit_close(a));

	assert_sql_text("SELECT group_concat(kind || ':' || session || ':' || event_id || ':' || policy, ' ') FROM "
		"(SELECT * FROM signals ORDER BY ts, id)", "shown:s1:a2:t.env acknowledged:s1:a2:t.env");
	assert_sql_text("SELECT detail FROM signals WHERE kind = 'shown'", "reading /home/alice/.env");
	/* The timeline joins a signal to its event by the event's id. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM signals s JOIN events e ON e.event_id = s.event_id"), 2);

	vd_pass(vd_signal_lookup(&k, "approved"));
	ck_assert_int_eq(k, VD_SIGNAL_APPROVED);
	ck_assert_str_eq(vd_signal_name(VD_SIGNAL_DENIED), "denied");
	vd_fail_with(VD_EINVALID, vd_signal_lookup(&k, "ignored"));
}
END_TEST

START_TEST(test_audit_batches_write_at_commit)
{
	vd_audit *a = NULL;
	int i;

	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(vd_audit_begin(a));
	vd_fail_with(VD_EUSAGE, vd_audit_begin(a));
	for (i = 0; i < 300; i++)
		vd_pass(judge_and_record(a, sample[i % 4]));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 0);
	vd_pass(vd_audit_commit(a));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 300);
	vd_fail_with(VD_EUSAGE, vd_audit_commit(a));
	/* Closing commits a batch left open. */
	vd_pass(vd_audit_begin(a));
	vd_pass(judge_and_record(a, sample[0]));
	vd_pass(vd_audit_close(a));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 301);
	assert_verifies();
}
END_TEST

START_TEST(test_audit_keeps_the_event_text_on_one_line)
{
	const char *spaced = "  {\"id\": \"p1\",  \"action\": \"shell.exec\", \"command\": \"ls\"}\n";
	const char *pretty = "{\n  \"id\": \"p2\",\n  \"action\": \"shell.exec\",\n  \"command\": \"ls\"\n}\n";
	vd_audit *a = NULL;

	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(record_plain(a, spaced));
	vd_pass(record_plain(a, pretty));
	vd_pass(vd_audit_close(a));
	/* As it came, but trimmed; a multi-line event is stored compact. */
	assert_sql_text("SELECT json FROM events WHERE event_id = 'p1'",
		"{\"id\": \"p1\",  \"action\": \"shell.exec\", \"command\": \"ls\"}");
	assert_sql_text("SELECT json FROM events WHERE event_id = 'p2'",
		"{\"id\":\"p2\",\"action\":\"shell.exec\",\"command\":\"ls\"}");
	/* Spooled, each is still one line. */
	fx_write_file(db, "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage");
	vd_pass(vd_audit_open(&a, db, NULL));
	vd_fail_with(VD_EIO, record_plain(a, pretty));
	vd_fail_with(VD_EIO, record_plain(a, spaced));
	vd_pass(vd_audit_close(a));
	ck_assert_uint_eq(count_lines(spool), 2);
}
END_TEST

/* ---- the hash chain ------------------------------------------------------ */

static void
record_n(int n)
{
	char *text = events_text("t", n), *out, *err;

	ck_assert_int_eq(run_record(text, &out, &err), 0);
	free(text);
	free(out);
	free(err);
}

/* Run verify; it must fail and name `where`. */
static void
assert_broken_at(const char *where)
{
	char *out, *err;

	ck_assert_int_eq(run_verify(&out, &err), 7);
	ck_assert_contains(out, "BROKEN");
	ck_assert_contains(out, where);
	free(out);
	free(err);
}

START_TEST(test_audit_rows_are_append_only)
{
	sqlite3 *h;

	record_n(3);
	h = sql_open();
	ck_assert_int_ne(sqlite3_exec(h, "UPDATE verdicts SET verdict = 'pass'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_contains(sqlite3_errmsg(h), "append-only");
	ck_assert_int_ne(sqlite3_exec(h, "DELETE FROM events", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_verifies();
}
END_TEST

START_TEST(test_audit_verify_names_a_changed_verdict)
{
	record_n(20);
	sql_exec("DROP TRIGGER verdicts_no_update; UPDATE verdicts SET verdict = 'pass' WHERE id = 7");
	assert_broken_at("verdict row 7 (event row 7) does not match its hash");
}
END_TEST

START_TEST(test_audit_verify_names_a_changed_event)
{
	record_n(20);
	sql_exec("DROP TRIGGER events_no_update; UPDATE events SET command = 'ls' WHERE id = 11");
	assert_broken_at("verdict row 11 (event row 11) does not match its hash");
}
END_TEST

START_TEST(test_audit_verify_names_a_relinked_row)
{
	char *hash, *sql;

	record_n(20);
	/* Row 6 made to point past row 5, as if 4 and 5 were cut out. */
	hash = sql_text("SELECT hash FROM verdicts WHERE id = 3");
	if (asprintf(&sql, "DROP TRIGGER verdicts_no_update; UPDATE verdicts SET prev_hash = '%s' WHERE id = 6",
	    hash) < 0)
		abort();
	sql_exec(sql);
	free(sql);
	free(hash);
	assert_broken_at("verdict row 6 does not follow row 5");
}
END_TEST

START_TEST(test_audit_verify_names_a_removed_row)
{
	record_n(20);
	sql_exec("DROP TRIGGER verdicts_no_delete; DELETE FROM verdicts WHERE id = 12");
	assert_broken_at("verdict row 13 does not follow row 11");
}
END_TEST

START_TEST(test_audit_verify_names_an_event_added_behind_its_back)
{
	record_n(5);
	sql_exec("INSERT INTO events(ts, recorded_at, action, json) VALUES(1, 1, 'shell.exec', '{}')");
	assert_broken_at("event row 6 has no verdict row");
}
END_TEST

/* ---- many writers, kill -9 ----------------------------------------------- */

#define WRITERS 8
#define PER_WRITER 10000

START_TEST(test_audit_eight_writers_lose_nothing)
{
	char *files[WRITERS], *errs[WRITERS];
	pid_t pids[WRITERS];
	char prefix[16];
	int i;

	/* The log does not exist yet: the writers also race to create it. */
	for (i = 0; i < WRITERS; i++) {
		char *text;

		snprintf(prefix, sizeof(prefix), "w%d", i);
		text = events_text(prefix, PER_WRITER);
		if (asprintf(&files[i], "%s/in%d.jsonl", dir, i) < 0)
			abort();
		fx_write_file(files[i], text);
		free(text);
	}
	/*
	 * What is asserted is that nothing is lost or corrupted, not how fast
	 * the lock is shared: on a machine loaded by other suites (valgrind,
	 * ASan) a writer may wait longer than the default before its turn.
	 */
	setenv("VERDICT_AUDIT_TIMEOUT", "60000", 1);
	for (i = 0; i < WRITERS; i++) {
		const char *args[] = { "record", "--repo", fx_path(repo), "--audit", db, files[i], NULL };

		if (asprintf(&errs[i], "%s/err%d", dir, i) < 0)
			abort();
		pids[i] = spawn(args, NULL, errs[i]);
	}
	unsetenv("VERDICT_AUDIT_TIMEOUT");
	for (i = 0; i < WRITERS; i++) {
		int status = wait_status(pids[i]);
		char *err = fx_read_file(errs[i]);

		ck_assert_msg(status == 0, "writer %d exited %d: %s", i, status, err);
		free(err);
		free(errs[i]);
		free(files[i]);
	}
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), WRITERS * PER_WRITER);
	ck_assert_int_eq(sql_int("SELECT count(DISTINCT event_id) FROM events"), WRITERS * PER_WRITER);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM verdicts"), WRITERS * PER_WRITER);
	/* One linear chain: ids 1..N with no gap. */
	ck_assert_int_eq(sql_int("SELECT max(id) FROM verdicts"), WRITERS * PER_WRITER);
	ck_assert_int_eq(access(spool, F_OK), -1);
	assert_verifies();
}
END_TEST

START_TEST(test_audit_kill9_keeps_every_acknowledged_event)
{
	int acks[2], i, batch;
	int64_t acked = 0;

	/* Each writer acknowledges on a pipe after each durable call. */
	for (batch = 0; batch < 2; batch++) {
		pid_t pid;
		int64_t n;

		ck_assert_int_eq(pipe(acks), 0);
		pid = fork();
		if (pid == 0) {
			vd_audit *a = NULL;
			char json[128];

			close(acks[0]);
			if (vd_audit_open(&a, db, NULL) < 0)
				_exit(1);
			for (i = 0; ; i++) {
				snprintf(json, sizeof(json), "{\"id\":\"k%d-%d\",\"action\":\"shell.exec\",\"command\":\"ls\"}",
					batch, i);
				if (batch && i % 25 == 0)
					vd_audit_begin(a);
				if (record_plain(a, json) < 0)
					_exit(2);
				if (batch && i % 25 == 24 && vd_audit_commit(a) < 0)
					_exit(3);
				if (!batch || i % 25 == 24) {
					int64_t done = i + 1;

					if (write(acks[1], &done, sizeof(done)) != sizeof(done))
						_exit(4);
				}
			}
		}
		close(acks[1]);
		while (read(acks[0], &n, sizeof(n)) == sizeof(n) && n < 400)
			acked = n;
		kill(pid, SIGKILL);
		while (read(acks[0], &n, sizeof(n)) == sizeof(n))
			acked = n;       /* acknowledged before the kill landed */
		close(acks[0]);
		ck_assert_int_eq(wait_status(pid), 128 + SIGKILL);
		{
			char sql[128];

			snprintf(sql, sizeof(sql), "SELECT count(*) FROM events WHERE event_id LIKE 'k%d-%%'", batch);
			ck_assert_int_ge(sql_int(sql), acked);
			for (i = 0; i < acked; i += 37) {
				snprintf(sql, sizeof(sql), "SELECT count(*) FROM events WHERE event_id = 'k%d-%d'", batch, i);
				ck_assert_int_eq(sql_int(sql), 1);
			}
		}
	}
	assert_verifies();
}
END_TEST

START_TEST(test_audit_kill9_of_the_binary_leaves_a_readable_log)
{
	char *text = events_text("x", 30000), *in;
	const char *args[] = { "record", "--repo", fx_path(repo), "--audit", db, NULL };
	pid_t pid;
	int i;

	if (asprintf(&in, "%s/in.jsonl", dir) < 0)
		abort();
	fx_write_file(in, text);
	free(text);
	record_n(1);                     /* the schema exists: kill mid-stream */
	pid = spawn(args, in, NULL);
	for (i = 0; i < 20000 && sql_int("SELECT count(*) FROM events") < 1001; i++)
		usleep(1000);
	kill(pid, SIGKILL);
	ck_assert_int_eq(wait_status(pid), 128 + SIGKILL);
	ck_assert_int_gt(sql_int("SELECT count(*) FROM events"), 1000);
	ck_assert_int_lt(sql_int("SELECT count(*) FROM events"), 30001);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), sql_int("SELECT count(*) FROM verdicts"));
	assert_verifies();
	/* And the next writer appends after what survived. */
	record_n(10);
	assert_verifies();
	free(in);
}
END_TEST

/* ---- a database that refuses: spool, then drain -------------------------- */

/* Run record on `n` events expecting exit 7 and `what` in the message. */
static void
record_refused(int n, const char *what)
{
	char *text = events_text("r", n), *out, *err;

	ck_assert_int_eq(run_record(text, &out, &err), 7);
	ck_assert_contains(err, db);
	ck_assert_contains(err, what);
	ck_assert_contains(err, "spooled to");
	ck_assert_contains(err, spool);
	free(text);
	free(out);
	free(err);
	ck_assert_uint_eq(count_lines(spool), (size_t)n);
}

/* The next record drains the spool: `n` records added, the spool empty. */
static void
record_drains(int64_t before, int n)
{
	char *out, *err;
	char want[64];

	ck_assert_int_eq(run_record("", &out, &err), 0);
	snprintf(want, sizeof(want), "added %d spooled record", n);
	ck_assert_contains(err, want);
	free(out);
	free(err);
	ck_assert_uint_eq(count_lines(spool), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), before + n);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events WHERE spool_id IS NOT NULL"), n);
	assert_verifies();
}

START_TEST(test_audit_locked_log_spools_then_drains)
{
	sqlite3 *h;

	record_n(2);
	h = sql_open();
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	setenv("VERDICT_AUDIT_TIMEOUT", "200", 1);
	record_refused(5, "is locked by another process (waited ");
	unsetenv("VERDICT_AUDIT_TIMEOUT");
	ck_assert_int_eq(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	record_drains(2, 5);
}
END_TEST

/* Make the log read-only in a way that holds for root too. */
static bool
set_read_only(const char *path, bool on)
{
	int fd, flags;
	bool ok;

	if (geteuid() != 0)
		return chmod(path, on ? 0444 : 0644) == 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return false;
	ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
	flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	ok = ok && ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
	close(fd);
	return ok;
}

START_TEST(test_audit_read_only_log_spools_then_drains)
{
	record_n(2);
	if (!set_read_only(db, true)) {
		/* Root on a file system without the immutable flag: nothing to test. */
		fprintf(stderr, "check_audit: cannot make %s read-only here; skipped\n", db);
		return;
	}
	record_refused(3, "is read-only");
	ck_assert(set_read_only(db, false));
	record_drains(2, 3);
}
END_TEST

START_TEST(test_audit_full_log_spools_then_drains)
{
	vd_audit *a = NULL;
	vd_buf big = VD_BUF_INIT;
	int i, rc = 0, accepted = 0;

	/* Simulated with SQLite's max_page_count: the same SQLITE_FULL a full disk gives. */
	record_n(2);
	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(vd__audit_cap_size(a));
	for (i = 0; i < 50 && rc == 0; i++) {
		vd_buf_clear(&big);
		vd_buf_printf(&big, "{\"id\":\"f%d\",\"action\":\"file.write\",\"path\":\"/x\",\"content\":\"", i);
		for (int k = 0; k < 2000; k++)
			vd_buf_put(&big, "0123456789", 10);
		vd_buf_put(&big, "\"}", 2);
		if ((rc = record_plain(a, big.ptr)) == 0)
			accepted++;
	}
	vd_fail_with(VD_EIO, rc);
	ck_assert_contains(vd_error_last()->message, "is full");
	ck_assert_contains(vd_error_last()->message, spool);
	ck_assert_int_eq(vd_error_exit_status(rc), 7);
	/* The handle keeps spooling: no second trip to a full database. */
	vd_fail_with(VD_EIO, record_plain(a, "{\"action\":\"shell.exec\",\"command\":\"ls\"}"));
	ck_assert_uint_eq(vd_audit_get_stats(a)->spooled, 2);
	vd_pass(vd_audit_close(a));
	vd_buf_dispose(&big);
	record_drains(2 + accepted, 2);
}
END_TEST

START_TEST(test_audit_corrupt_log_spools_then_drains_into_a_new_one)
{
	char *aside;

	record_n(2);
	fx_write_file(db, "this is not an SQLite database, whatever its name says; "
		"it is long enough to look like a header and then some more bytes.......");
	record_refused(4, "is corrupt");
	if (asprintf(&aside, "%s.corrupt", db) < 0)
		abort();
	ck_assert_int_eq(rename(db, aside), 0);
	record_drains(0, 4);
	free(aside);
}
END_TEST

START_TEST(test_audit_verify_reports_a_damaged_file)
{
	char *out, *err;
	int fd, status;
	char junk[4096];

	record_n(2000);
	/* Scribble over a page in the middle: the structure check finds it. */
	memset(junk, 0x5a, sizeof(junk));
	fd = open(db, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), 40 * 4096), (ssize_t)sizeof(junk));
	close(fd);
	status = run_verify(&out, &err);
	ck_assert_int_eq(status, 7);
	ck_assert_msg(strstr(out, "damaged") || strstr(err, "corrupt"), "out: %s\nerr: %s", out, err);
	free(out);
	free(err);
}
END_TEST

START_TEST(test_audit_drain_is_exactly_once)
{
	pid_t pids[4];
	char *saved;
	sqlite3 *h;
	int i;

	/* Spool 50 records behind a lock. */
	record_n(1);
	h = sql_open();
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	setenv("VERDICT_AUDIT_TIMEOUT", "100", 1);
	record_refused(50, "is locked");
	unsetenv("VERDICT_AUDIT_TIMEOUT");
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	saved = fx_read_file(spool);

	/* Four recorders start at once; the spool is added once. */
	for (i = 0; i < 4; i++) {
		const char *args[] = { "record", "--repo", fx_path(repo), "--audit", db, "-", NULL };

		pids[i] = spawn(args, NULL, NULL);
	}
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(wait_status(pids[i]), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 51);
	ck_assert_uint_eq(count_lines(spool), 0);

	/* A drain cut short after its commit, before emptying the spool: the
	 * lines come back, and adding them again adds nothing. */
	fx_write_file(spool, saved);
	{
		vd_audit *a = NULL;

		vd_pass(vd_audit_open(&a, db, NULL));
		ck_assert_uint_eq(vd_audit_get_stats(a)->drained, 0);
		vd_pass(vd_audit_close(a));
	}
	ck_assert_uint_eq(count_lines(spool), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 51);
	assert_verifies();
	free(saved);
}
END_TEST

START_TEST(test_audit_sets_aside_unreadable_spool_lines)
{
	char *rejected, *text;
	vd_audit *a = NULL;

	record_n(1);
	fx_write_file(spool, "{\"spool\":1,\"type\":\"event\",\"id\":\"x\"}\nnot json at all\n");
	vd_pass(vd_audit_open(&a, db, NULL));
	ck_assert_uint_eq(vd_audit_get_stats(a)->rejected, 2);
	ck_assert_uint_eq(vd_audit_get_stats(a)->drained, 0);
	vd_pass(vd_audit_close(a));
	ck_assert_uint_eq(count_lines(spool), 0);
	if (asprintf(&rejected, "%s.rejected", spool) < 0)
		abort();
	text = fx_read_file(rejected);
	ck_assert_contains(text, "not json at all");
	free(text);
	free(rejected);
}
END_TEST

START_TEST(test_audit_says_why_the_spool_was_not_drained)
{
	char *out, *err;

	record_n(1);
	/* A spool the drainer cannot open (here: a directory in its place). */
	ck_assert_int_eq(mkdir(spool, 0700), 0);
	{
		char *inside;

		if (asprintf(&inside, "%s/x", spool) < 0)
			abort();
		fx_write_file(inside, "x");
		free(inside);
	}
	ck_assert_int_eq(run_record("{\"action\":\"shell.exec\",\"command\":\"ls\"}\n", &out, &err), 0);
	ck_assert_contains(err, "the spool was not added to the log");
	ck_assert_contains(err, spool);
	free(out);
	free(err);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 2);
}
END_TEST

/* ---- the CLI ------------------------------------------------------------- */

START_TEST(test_record_reports_bad_lines_by_number)
{
	const char *in =
		"{\"id\":\"g1\",\"action\":\"shell.exec\",\"command\":\"ls\"}\n"
		"{not json\n"
		"\n"
		"{\"id\":\"g2\",\"action\":\"teleport\"}\n"
		"{\"id\":\"g3\",\"action\":\"file.read\",\"path\":\"/a/.env\"}";
	char *out, *err;

	ck_assert_int_eq(run_record(in, &out, &err), 5);
	ck_assert_contains(err, "line 2: event is not valid JSON");
	ck_assert_contains(err, "line 4: unknown action 'teleport'");
	ck_assert_contains(out, "judged 2 events: 1 pass, 1 warn");
	ck_assert_contains(out, "recorded 2 in");
	ck_assert_contains(out, "2 lines not recorded");
	free(out);
	free(err);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events"), 2);
}
END_TEST

START_TEST(test_eval_record_keeps_the_live_verdict)
{
	const char *args[] = { "eval", "--repo", fx_path(repo), "--record", "--audit", db, NULL };
	const char *pinned[] = { "eval", "--repo", fx_path(repo), "--record", "--ref", "main", NULL };
	char *out, *err;

	ck_assert_int_eq(fx_run("{\"id\":\"v1\",\"action\":\"shell.exec\",\"command\":\"rm x\"}", &out, &err, args), 2);
	ck_assert_contains(out, "\"verdict\":\"block\"");
	free(out);
	free(err);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM events WHERE event_id = 'v1'"), 1);
	ck_assert_int_eq(fx_run("{\"action\":\"shell.exec\",\"command\":\"ls\"}", &out, &err, pinned), 3);
	ck_assert_contains(err, "--record keeps the live verdicts");
	free(out);
	free(err);
	/* A log that refuses: the verdict is still printed, the status is 7. */
	fx_write_file(db, "not a database at all, certainly not one with a header that sqlite likes");
	unlink(spool);
	ck_assert_int_eq(fx_run("{\"action\":\"shell.exec\",\"command\":\"rm y\"}", &out, &err, args), 7);
	ck_assert_contains(out, "\"verdict\":\"block\"");
	ck_assert_contains(err, "is corrupt");
	free(out);
	free(err);
	ck_assert_uint_eq(count_lines(spool), 1);
}
END_TEST

START_TEST(test_record_and_audit_are_in_help)
{
	const char *help[] = { "--help", NULL };
	const char *audit_help[] = { "audit", "--help", NULL };
	const char *bad[] = { "audit", "frobnicate", NULL };
	char *out, *err;

	ck_assert_int_eq(fx_run(NULL, &out, &err, help), 0);
	ck_assert_contains(out, "record ");
	ck_assert_contains(out, "audit ");
	ck_assert_contains(out, "VERDICT_AUDIT");
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, audit_help), 0);
	ck_assert_contains(out, "verify");
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, bad), 3);
	free(out);
	free(err);
}
END_TEST

Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *schema = tcase_create("schema");
	TCase *records = tcase_create("records");
	TCase *chain = tcase_create("chain");
	TCase *writers = tcase_create("writers");
	TCase *refusals = tcase_create("refusals");
	TCase *cli = tcase_create("cli");
	TCase *all[] = { schema, records, chain, writers, refusals, cli };
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(all); i++) {
		tcase_add_checked_fixture(all[i], setup, teardown);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(schema, test_audit_creates_schema_and_directories);
	tcase_add_test(schema, test_audit_migrates_an_older_log);
	tcase_add_test(schema, test_audit_refuses_a_newer_log_and_spools);
	tcase_add_test(schema, test_audit_refuses_a_foreign_database);
	tcase_add_test(schema, test_audit_default_location);
	tcase_add_test(schema, test_audit_reader_needs_an_existing_log);
	tcase_add_test(records, test_audit_records_normalized_columns_and_verdicts);
	tcase_add_test(records, test_audit_verdicts_carry_ref_commit_and_tree_per_scope);
	tcase_add_test(records, test_audit_iterates_with_time_and_field_filters);
	tcase_add_test(records, test_audit_iterator_names_a_row_that_no_longer_parses);
	tcase_add_test(records, test_audit_parses_times);
	tcase_add_test(records, test_audit_records_signals);
	tcase_add_test(records, test_audit_batches_write_at_commit);
	tcase_add_test(records, test_audit_keeps_the_event_text_on_one_line);
	tcase_add_test(chain, test_audit_rows_are_append_only);
	tcase_add_test(chain, test_audit_verify_names_a_changed_verdict);
	tcase_add_test(chain, test_audit_verify_names_a_changed_event);
	tcase_add_test(chain, test_audit_verify_names_a_relinked_row);
	tcase_add_test(chain, test_audit_verify_names_a_removed_row);
	tcase_add_test(chain, test_audit_verify_names_an_event_added_behind_its_back);
	tcase_add_test(writers, test_audit_eight_writers_lose_nothing);
	tcase_add_test(writers, test_audit_kill9_keeps_every_acknowledged_event);
	tcase_add_test(writers, test_audit_kill9_of_the_binary_leaves_a_readable_log);
	tcase_add_test(refusals, test_audit_locked_log_spools_then_drains);
	tcase_add_test(refusals, test_audit_read_only_log_spools_then_drains);
	tcase_add_test(refusals, test_audit_full_log_spools_then_drains);
	tcase_add_test(refusals, test_audit_corrupt_log_spools_then_drains_into_a_new_one);
	tcase_add_test(refusals, test_audit_verify_reports_a_damaged_file);
	tcase_add_test(refusals, test_audit_drain_is_exactly_once);
	tcase_add_test(refusals, test_audit_sets_aside_unreadable_spool_lines);
	tcase_add_test(refusals, test_audit_says_why_the_spool_was_not_drained);
	tcase_add_test(cli, test_record_reports_bad_lines_by_number);
	tcase_add_test(cli, test_eval_record_keeps_the_live_verdict);
	tcase_add_test(cli, test_record_and_audit_are_in_help);
	return s;
}
