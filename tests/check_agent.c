/*
 * check_agent.c - `verdict agent <surface>` as each coding agent runs it:
 * a real subprocess per payload, against fixture policy repos, with the
 * exact answer on stdout, the exit status, and what the audit log holds
 * afterwards (events through the audit iterator, signals with SQLite).
 *
 * The payloads are data: tests/agents/<surface>.json holds, per agent,
 * every event type its protocol lists (agent-hooks.md) with realistic
 * payloads for pass, warn, ask and block, and bad input of every kind.
 * Cases that need a file or a size a corpus cannot hold (a 10 MB file,
 * the project's own git repository, a config file) are written here.
 */
#include "fixture.h"
#include "helpers.h"
#include "agent.h"

#include <errno.h>
#include <git2.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every policy the corpora rely on; see the messages they expect. */
static const char *policies =
	"policy \"destructive.rm\" { risk destructive on shell.exec when command.name == \"rm\" and command.flags has \"r\" message \"{command} deletes recursively\" }\n"
	"policy \"secrets.env\" { risk credential-access on file.read when path matches \"**/.env\" message \"reading {path} can expose credentials\" }\n"
	"policy \"git.push\" { mode ask severity ask on shell.exec when command.name == \"git\" and command.argv has \"push\" message \"pushing needs a second look\" }\n"
	"policy \"prod.write\" { mode block on file.write, file.edit, file.delete when path matches \"**/prod/**\" message \"{path} is production config\" }\n"
	"policy \"mcp.delete-repo\" { mode block on mcp.call when mcp.server == \"github\" and mcp.tool == \"delete_repo\" message \"deleting a repository\" }\n"
	"policy \"mcp.any-issue\" { mode warn on mcp.call when mcp.tool == \"create_issue\" message \"creating issues is watched\" }\n"
	"policy \"web.evil\" { mode block on web.fetch when url.host == \"evil.test\" message \"{url} is a known bad host\" }\n"
	"policy \"web.search-secrets\" { mode warn on web.search when query ~ \"(?i)api key\" message \"searching for keys\" }\n"
	"policy \"prompt.password\" { mode warn on prompt.submit when prompt ~ \"(?i)password\" message \"prompts should not carry passwords\" }\n"
	"policy \"prompt.exfil\" { mode block on prompt.submit when prompt ~ \"(?i)exfiltrate\" message \"exfiltration request\" }\n"
	"policy \"task.delete\" { mode ask severity ask on agent.task when prompt ~ \"(?i)delete\" message \"a sub-agent that deletes\" }\n"
	"policy \"tool.skill\" { mode warn on tool.call when tool == \"Skill\" message \"skills are reviewed\" }\n"
	"policy \"search.ssh\" { mode block on file.search when path matches \"**/.ssh/**\" or path matches \"**/.ssh\" message \"searching {path}\" }\n"
	"policy \"session.contractor\" { mode warn on session.start when groups has \"contractors\" message \"contractor session\" }\n"
	"policy \"session.banned\" { mode block on session.start when user == \"mallory\" message \"mallory may not start sessions\" }\n"
	"policy \"observe.curl\" { risk network on shell.exec when command.name == \"curl\" }\n"
	"ramp { destructive block; credential-access warn }\n";

static fx_repo *main_repo, *broken, *broken_pass, *pass_repo;
static char *tmp;           /* HOME, audit logs, scratch */
static char *home;          /* HOME before setup, put back by teardown */

static void
setup(void)
{
	fx_init();
	main_repo = fx_repo_new(false);
	fx_write(main_repo, "packs/p/p.policy", policies);
	fx_commit(main_repo, "main", "policies", NULL);
	broken = fx_repo_new(false);
	fx_write(broken, "packs/p/p.policy", "policy \"x\" { on shell.exec when command.name == }\n");
	fx_commit(broken, "main", "broken", NULL);
	broken_pass = fx_repo_new(false);
	fx_write(broken_pass, "packs/p/p.policy", "policy \"x\" { on shell.exec when command.name == }\n");
	fx_write(broken_pass, "settings.policy", "settings { on_error pass }\n");
	fx_commit(broken_pass, "main", "broken, failing open", NULL);
	pass_repo = fx_repo_new(false);
	fx_write(pass_repo, "packs/p/p.policy", policies);
	fx_write(pass_repo, "settings.policy", "settings { on_error pass }\n");
	fx_commit(pass_repo, "main", "failing open", NULL);
	tmp = fx_tmpdir();
	home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("HOME", tmp, 1);
	setenv("VERDICT_USER", "alice", 1);
	setenv("VERDICT_GROUPS", "dev", 1);
	setenv("VERDICT_REPO_NAME", "acme/api", 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("VERDICT_CONFIG");
	unsetenv("VERDICT_REPO");
	unsetenv("VERDICT_AUDIT");
	unsetenv("VERDICT_AUDIT_TIMEOUT");
}

static void
teardown(void)
{
	fx_repo_free(main_repo);
	fx_repo_free(broken);
	fx_repo_free(broken_pass);
	fx_repo_free(pass_repo);
	fx_rmtree(tmp);
	free(tmp);
	/* Under CK_FORK=no (make memcheck) the next suites share this process. */
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	free(home);
	home = NULL;
	unsetenv("VERDICT_USER");
	unsetenv("VERDICT_GROUPS");
	unsetenv("VERDICT_REPO_NAME");
	unsetenv("VERDICT_CONFIG");
}

/* ---- the audit log, read back ------------------------------------------ */

/* The recorded events: their stored JSON plus verdict, would and policy. */
static json_t *
recorded_events(const char *db)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	vd_audit *a = NULL;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	json_t *all = json_array();
	int rc;

	o.must_exist = true;
	if (vd_audit_open(&a, db, &o) == VD_ENOTFOUND)
		return all;
	vd_pass(vd_audit_iter_new(&it, a, NULL));
	while ((rc = vd_audit_iter_next(&e, it)) > 0) {
		json_t *j = json_loadb(e.json, e.json_len, 0, NULL);

		ck_assert_msg(j != NULL, "recorded event is not JSON: %.*s", (int)e.json_len, e.json);
		json_object_set_new(j, "verdict", json_string(vd_verdict_name(e.verdict)));
		json_object_set_new(j, "would", json_string(vd_verdict_name(e.would)));
		if (e.policy)
			json_object_set_new(j, "policy", json_string(e.policy));
		json_array_append_new(all, j);
	}
	ck_assert_int_eq(rc, 0);
	vd_audit_iter_free(it);
	vd_audit_close(a);
	return all;
}

static json_t *
recorded_signals(const char *db)
{
	static const char *const cols[] = { "kind", "session", "event_id", "policy", "user",
		"surface", "detail" };
	json_t *all = json_array();
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	struct stat sb;

	if (stat(db, &sb) < 0)
		return all;
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, "SELECT kind, session, event_id, policy, user, surface, detail"
		" FROM signals ORDER BY id", -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *row = json_object();
		size_t i;

		for (i = 0; i < VD_ARRAY_SIZE(cols); i++)
			if (sqlite3_column_type(st, (int)i) != SQLITE_NULL)
				json_object_set_new(row, cols[i],
					json_string((const char *)sqlite3_column_text(st, (int)i)));
		json_array_append_new(all, row);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return all;
}

/*
 * Each expected object against its actual one, in order: every key given
 * must be equal (null: absent); the counts must be equal.
 */
static void
expect_rows(const char *what, const char *name, json_t *want, json_t *got)
{
	size_t i;
	json_t *w;
	char *g = json_dumps(got, JSON_COMPACT);

	ck_assert_msg(json_array_size(want) == json_array_size(got),
		"%s: expected %zu %s, got %zu: %s", name, json_array_size(want), what,
		json_array_size(got), g);
	json_array_foreach(want, i, w) {
		json_t *row = json_array_get(got, i), *v, *mcp;
		const char *key;

		json_object_foreach(w, key, v) {
			json_t *actual = json_object_get(row, key);

			/* "mcp.server"-style keys reach into the mcp object. */
			if (actual == NULL && strncmp(key, "mcp.", 4) == 0 &&
			    (mcp = json_object_get(row, "mcp")) != NULL)
				actual = json_object_get(mcp, key + 4);
			if (json_is_null(v))
				ck_assert_msg(actual == NULL, "%s: %s %zu: '%s' should be absent in %s", name,
					what, i, key, g);
			else
				ck_assert_msg(actual && json_equal(actual, v),
					"%s: %s %zu: '%s' should be %s in %s", name, what, i, key,
					json_dumps(v, JSON_ENCODE_ANY), g);
		}
	}
	free(g);
}

/* ---- running a case ----------------------------------------------------- */

static const char *
repo_for(const char *which)
{
	if (which == NULL || strcmp(which, "main") == 0)
		return fx_path(main_repo);
	if (strcmp(which, "broken") == 0)
		return fx_path(broken);
	if (strcmp(which, "broken-pass") == 0)
		return fx_path(broken_pass);
	if (strcmp(which, "pass") == 0)
		return fx_path(pass_repo);
	if (strcmp(which, "missing") == 0)
		return "/nonexistent/verdict-policies";
	return NULL;        /* "none": nothing names a policy repo */
}

/* Run the binary with a case's arguments; returns the exit status. */
static int
run_agent(const char *surface, const char *repo, const char *db, json_t *extra,
	const char *input, char **out, char **err)
{
	const char *args[32];
	size_t n = 0, i;
	json_t *a;

	args[n++] = "agent";
	args[n++] = surface;
	if (repo) {
		args[n++] = "--repo";
		args[n++] = repo;
	}
	args[n++] = "--audit";
	args[n++] = db;
	json_array_foreach(extra, i, a)
		if (n < 30)
			args[n++] = json_string_value(a);
	args[n] = NULL;
	return fx_run(input, out, err, args);
}

/* Set the case's environment; the old values go into `saved`. */
static void
apply_env(json_t *env, json_t *saved)
{
	const char *key;
	json_t *v;

	json_object_foreach(env, key, v) {
		const char *old = getenv(key);

		json_object_set_new(saved, key, old ? json_string(old) : json_null());
		setenv(key, json_string_value(v), 1);
	}
}

static void
restore_env(json_t *saved)
{
	const char *key;
	json_t *v;

	json_object_foreach(saved, key, v) {
		if (json_is_null(v))
			unsetenv(key);
		else
			setenv(key, json_string_value(v), 1);
	}
}

static void
run_case(const char *surface, json_t *c, size_t index)
{
	const char *name = json_string_value(json_object_get(c, "name"));
	const char *which_audit = json_string_value(json_object_get(c, "audit"));
	const char *repo = repo_for(json_string_value(json_object_get(c, "repo")));
	const char *case_surface = json_string_value(json_object_get(c, "surface"));
	json_t *args = json_object_get(c, "args"), *saved = json_object(), *p, *want;
	char *dir, *db, *input, *out = NULL, *err = NULL;
	size_t i;
	int status;

	ck_assert_msg(name != NULL, "case %zu has no name", index);
	if (case_surface)
		surface = case_surface;
	if (asprintf(&dir, "%s/case-%s-%zu", tmp, surface, index) < 0)
		abort();
	mkdir(dir, 0700);
	if (which_audit && strcmp(which_audit, "unwritable") == 0) {
		if (asprintf(&db, "/proc/verdict-test-%ld/audit.db", (long)getpid()) < 0)
			abort();
	} else if (asprintf(&db, "%s/audit.db", dir) < 0) {
		abort();
	}
	if (which_audit && strcmp(which_audit, "corrupt") == 0)
		fx_write_file(db, "this is not an SQLite database, and it is long enough to be read as one. "
			"this is not an SQLite database, and it is long enough to be read as one.\n");
	apply_env(json_object_get(c, "env"), saved);

	/* Earlier payloads of the session; setup_args when they are other events. */
	json_array_foreach(json_object_get(c, "setup"), i, p) {
		char *s = json_dumps(p, JSON_COMPACT);
		json_t *sa = json_object_get(c, "setup_args");

		run_agent(surface, repo, db, sa ? sa : args, s, NULL, NULL);
		free(s);
	}
	if ((p = json_object_get(c, "payload")) != NULL)
		input = json_dumps(p, JSON_COMPACT);
	else
		input = strdup(json_string_value(json_object_get(c, "text")));
	status = run_agent(surface, repo, db, args, input, &out, &err);

	ck_assert_msg(status == json_integer_value(json_object_get(c, "status")),
		"%s: exit %d, expected %d\nstdout: %s\nstderr: %s", name, status,
		(int)json_integer_value(json_object_get(c, "status")), out, err);
	if ((want = json_object_get(c, "stdout")) != NULL) {
		if (json_is_null(want)) {
			ck_assert_msg(out[0] == '\0', "%s: expected no output, got %s", name, out);
		} else {
			json_error_t e;
			json_t *got;
			char *w = json_dumps(want, JSON_COMPACT);

			/* Exactly one answer: one JSON object on one line. */
			ck_assert_msg(strchr(out, '\n') == out + strlen(out) - 1,
				"%s: expected one line of output, got %s", name, out);
			got = json_loads(out, 0, &e);
			ck_assert_msg(got != NULL, "%s: output is not JSON (%s): %s", name, e.text, out);
			ck_assert_msg(json_equal(got, want), "%s: output\n  %s\nexpected\n  %s", name, out, w);
			json_decref(got);
			free(w);
		}
	}
	if (json_object_get(c, "stdout_contains"))
		ck_assert_contains(out, json_string_value(json_object_get(c, "stdout_contains")));
	if (json_object_get(c, "stderr"))
		ck_assert_contains(err, json_string_value(json_object_get(c, "stderr")));
	if (which_audit == NULL) {
		json_t *events = recorded_events(db), *signals = recorded_signals(db);

		expect_rows("events", name, json_object_get(c, "events"), events);
		expect_rows("signals", name, json_object_get(c, "signals"), signals);
		json_decref(events);
		json_decref(signals);
	} else if (strcmp(which_audit, "corrupt") == 0) {
		/* Nothing is lost: the record waits in the spool beside the log. */
		char *spool, *text;

		if (asprintf(&spool, "%s.spool.jsonl", db) < 0)
			abort();
		text = fx_read_file(spool);
		ck_assert_msg(text != NULL, "%s: no spool at %s", name, spool);
		if (json_object_get(c, "spooled"))
			ck_assert_contains(text, json_string_value(json_object_get(c, "spooled")));
		free(text);
		free(spool);
	}
	restore_env(saved);
	json_decref(saved);
	free(input);
	free(out);
	free(err);
	free(db);
	free(dir);
}

static void
run_corpus(const char *surface)
{
	const char *src = getenv("VERDICT_SOURCE_DIR");
	char *path;
	json_error_t e;
	json_t *doc, *c;
	size_t i;

	ck_assert_msg(src != NULL, "VERDICT_SOURCE_DIR is not set");
	if (asprintf(&path, "%s/tests/agents/%s.json", src, surface) < 0)
		abort();
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	ck_assert_msg(doc != NULL, "%s:%d: %s", path, e.line, e.text);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "agent")), surface);
	json_array_foreach(json_object_get(doc, "cases"), i, c)
		run_case(surface, c, i);
	ck_assert_int_gt(json_array_size(json_object_get(doc, "cases")), 10);
	json_decref(doc);
	free(path);
}

START_TEST(test_agent_corpus_claude_code)
{
	run_corpus("claude-code");
}
END_TEST

START_TEST(test_agent_corpus_cursor)
{
	run_corpus("cursor");
}
END_TEST

START_TEST(test_agent_corpus_codex)
{
	run_corpus("codex");
}
END_TEST

START_TEST(test_agent_corpus_gemini_cli)
{
	run_corpus("gemini-cli");
}
END_TEST

START_TEST(test_agent_corpus_copilot_cli)
{
	run_corpus("copilot-cli");
}
END_TEST

/* ---- cases a corpus cannot hold ----------------------------------------- */

static char *
audit_path(const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s.db", tmp, name) < 0)
		abort();
	return p;
}

/* A Claude Code Write of `size` bytes to `file`, as one payload. */
static char *
big_write(const char *file, size_t size)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s%}, s:s}",
		"session_id", "sess-big", "hook_event_name", "PreToolUse", "cwd", "/home/alice/proj",
		"tool_name", "Write", "tool_input", "file_path", file, "content", "", (size_t)0,
		"tool_use_id", "toolu_big");
	char *content = malloc(size + 1), *s;

	memset(content, 'x', size);
	content[size] = '\0';
	json_object_set_new(json_object_get(p, "tool_input"), "content", json_stringn(content, size));
	s = json_dumps(p, JSON_COMPACT);
	free(content);
	json_decref(p);
	return s;
}

START_TEST(test_agent_huge_content_is_judged_and_recorded_cut)
{
	char *db = audit_path("huge"), *in = big_write("/home/alice/proj/prod/dump.sql", 10 * 1024 * 1024);
	char *out, *err;
	json_t *events, *ev, *elided;
	const char *args[] = { "agent", "claude-code", "--repo", fx_path(main_repo), "--audit", db, NULL };

	ck_assert_int_eq(fx_run(in, &out, &err, args), 0);
	ck_assert_contains(out, "\"permissionDecision\":\"deny\"");
	ck_assert_contains(out, "[prod.write] file.write: /home/alice/proj/prod/dump.sql is production config");
	events = recorded_events(db);
	ck_assert_int_eq(json_array_size(events), 1);
	ev = json_array_get(events, 0);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "verdict")), "block");
	/* Judged whole, stored cut: 64 KiB of each long string and its length. */
	elided = json_object_get(ev, "elided");
	ck_assert_int_eq(json_integer_value(json_object_get(elided, "content")), 10 * 1024 * 1024);
	ck_assert_int_eq(json_integer_value(json_object_get(elided, "input.content")), 10 * 1024 * 1024);
	ck_assert_int_eq(json_string_length(json_object_get(ev, "content")), AGENT_RECORD_MAX_STRING);
	{
		char *dump = json_dumps(ev, JSON_COMPACT);

		ck_assert_uint_lt(strlen(dump), 4 * AGENT_RECORD_MAX_STRING);
		free(dump);
	}
	json_decref(events);
	free(in);
	free(out);
	free(err);
	free(db);
}
END_TEST

START_TEST(test_agent_payload_over_the_limit_fails_closed)
{
	char *db = audit_path("limit"), *in = big_write("/home/alice/proj/a.txt", AGENT_MAX_PAYLOAD + 16);
	char *out, *err;
	json_t *signals;
	const char *args[] = { "agent", "claude-code", "--repo", fx_path(main_repo), "--audit", db, NULL };

	ck_assert_int_eq(fx_run(in, &out, &err, args), 2);
	ck_assert_str_eq(out, "");
	ck_assert_contains(err, "verdict's limit for one hook payload");
	signals = recorded_signals(db);
	ck_assert_int_eq(json_array_size(signals), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(signals, 0), "kind")), "error");
	json_decref(signals);
	free(in);
	free(out);
	free(err);
	free(db);
}
END_TEST

START_TEST(test_agent_identity_from_the_projects_git_repository)
{
	fx_repo *project = fx_repo_new(false);
	git_repository *r = NULL;
	git_config *cfg = NULL;
	char *db = audit_path("identity"), *in, *out, *err, *cwd, *gitdir;
	json_t *events, *ev;
	const char *args[] = { "agent", "claude-code", "--repo", fx_path(main_repo), "--audit", db, NULL };

	fx_write(project, "src/a.c", "int a;\n");
	fx_commit(project, "main", "code", NULL);
	if (asprintf(&gitdir, "%s/.git", fx_path(project)) < 0)
		abort();
	ck_assert_int_eq(git_repository_open(&r, gitdir), 0);
	/* Set as a plain key: git_remote_create() leaks in libgit2 1.5 (a regex search). */
	ck_assert_int_eq(git_repository_config(&cfg, r), 0);
	ck_assert_int_eq(git_config_set_string(cfg, "remote.origin.url", "git@github.com:acme/widgets.git"), 0);
	ck_assert_int_eq(git_repository_set_head(r, "refs/heads/main"), 0);
	git_config_free(cfg);
	git_repository_free(r);
	unsetenv("VERDICT_REPO_NAME");
	if (asprintf(&cwd, "%s/src", fx_path(project)) < 0)
		abort();
	in = NULL;
	if (asprintf(&in, "{\"session_id\":\"s\",\"hook_event_name\":\"PreToolUse\",\"cwd\":\"%s\","
	    "\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"a.c\"},\"tool_use_id\":\"t\"}", cwd) < 0)
		abort();
	ck_assert_int_eq(fx_run(in, &out, &err, args), 0);
	events = recorded_events(db);
	ck_assert_int_eq(json_array_size(events), 1);
	ev = json_array_get(events, 0);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "repo")), "acme/widgets");
	ck_assert_str_eq(json_string_value(json_object_get(ev, "branch")), "main");
	ck_assert_str_eq(json_string_value(json_object_get(ev, "root")), fx_path(project));
	ck_assert_str_eq(json_string_value(json_object_get(ev, "user")), "alice");
	json_decref(events);
	fx_repo_free(project);
	free(gitdir);
	free(cwd);
	free(in);
	free(out);
	free(err);
	free(db);
}
END_TEST

START_TEST(test_agent_repo_name_from_remote_urls)
{
	static const struct { const char *url, *want; } cases[] = {
		{ "git@github.com:acme/widgets.git", "acme/widgets" },
		{ "https://github.com/acme/widgets.git", "acme/widgets" },
		{ "https://github.com/acme/widgets", "acme/widgets" },
		{ "https://github.com/acme/widgets/", "acme/widgets" },
		{ "ssh://git@gitlab.example.com:2222/group/sub/proj.git", "sub/proj" },
		{ "file:///srv/git/acme/api.git", "acme/api" },
		{ "/srv/git/acme/api", "acme/api" },
		{ "https://github.com/", NULL },
		{ "widgets", NULL },
		{ "", NULL },
	};
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(cases); i++) {
		char *got = agent_repo_name_from_url(cases[i].url);

		if (cases[i].want)
			ck_assert_msg(got && strcmp(got, cases[i].want) == 0, "%s: got %s, expected %s",
				cases[i].url, got ? got : "(null)", cases[i].want);
		else
			ck_assert_msg(got == NULL, "%s: got %s, expected nothing", cases[i].url, got);
		free(got);
	}
}
END_TEST

START_TEST(test_agent_config_file_names_repo_and_identity)
{
	char *cfg, *db = audit_path("config"), *text, *out, *err;
	json_t *events, *ev;
	const char *args[] = { "agent", "claude-code", "--audit", db, NULL };
	const char *in = "{\"session_id\":\"s\",\"hook_event_name\":\"PreToolUse\",\"cwd\":\"/home/carol/p\","
		"\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"},\"tool_use_id\":\"t\"}";

	if (asprintf(&cfg, "%s/cfg/verdict.json", tmp) < 0 ||
	    asprintf(&text, "{\"policy_repo\": \"%s\", \"user\": \"carol\", \"groups\": [\"ops\", \"sre\"],"
	    " \"repo_name\": \"acme/cfg\"}\n", fx_path(main_repo)) < 0)
		abort();
	fx_write_file(cfg, text);
	setenv("VERDICT_CONFIG", cfg, 1);
	unsetenv("VERDICT_USER");
	unsetenv("VERDICT_GROUPS");
	unsetenv("VERDICT_REPO_NAME");
	ck_assert_int_eq(fx_run(in, &out, &err, args), 0);
	events = recorded_events(db);
	ck_assert_int_eq(json_array_size(events), 1);
	ev = json_array_get(events, 0);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "user")), "carol");
	ck_assert_str_eq(json_string_value(json_object_get(ev, "repo")), "acme/cfg");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(ev, "groups"), 1)), "sre");
	json_decref(events);
	free(out);
	free(err);

	/* Flags and the environment come first. */
	setenv("VERDICT_USER", "dave", 1);
	{
		const char *a2[] = { "agent", "claude-code", "--audit", db, "--group", "x,y", NULL };

		ck_assert_int_eq(fx_run(in, &out, &err, a2), 0);
	}
	events = recorded_events(db);
	ev = json_array_get(events, 1);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "user")), "dave");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(ev, "groups"), 0)), "x");
	json_decref(events);
	free(out);
	free(err);

	/* A config file that is not JSON: never half-read, the hook fails closed. */
	fx_write_file(cfg, "{\"policy_repo\": \n");
	ck_assert_int_eq(fx_run(in, &out, &err, args), 2);
	ck_assert_contains(err, cfg);
	ck_assert_contains(err, "blocked it");
	unsetenv("VERDICT_CONFIG");
	free(out);
	free(err);
	free(text);
	free(cfg);
	free(db);
}
END_TEST

START_TEST(test_agent_command_line_mistakes_block)
{
	char *out, *err;
	const char *none[] = { "agent", NULL };
	const char *bogus[] = { "agent", "claud-code", NULL };
	const char *badopt[] = { "agent", "claude-code", "--frobnicate", NULL };
	const char *help[] = { "agent", "--help", NULL };

	/* An agent treats any status but 2 as "go ahead": mistakes must block. */
	ck_assert_int_eq(fx_run("{}", &out, &err, none), 2);
	ck_assert_contains(out, "\"permissionDecision\":\"deny\"");
	free(out); free(err);
	ck_assert_int_eq(fx_run("{}", &out, &err, bogus), 2);
	ck_assert_contains(err, "unknown agent 'claud-code'");
	free(out); free(err);
	ck_assert_int_eq(fx_run("{}", &out, &err, badopt), 2);
	ck_assert_contains(err, "--frobnicate");
	free(out); free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, help), 0);
	ck_assert_contains(out, "on_error");
	free(out); free(err);
}
END_TEST

/* ---- hooks install ------------------------------------------------------- */

/* `verdict hooks <verb> --agent <agent> ...`, with HOME at the test's. */
static int
hooks(const char *verb, const char *agent, const char *a1, const char *a2, const char *a3,
	const char *a4, char **out, char **err)
{
	const char *args[] = { "hooks", verb, "--agent", agent, a1, a2, a3, a4, NULL };

	return fx_run(NULL, out, err, args);
}

static char *
home_file(const char *rel)
{
	char *p;

	if (asprintf(&p, "%s/%s", tmp, rel) < 0)
		abort();
	return p;
}

static json_t *
load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);

	ck_assert_msg(j != NULL, "%s: %s", path, e.text);
	return j;
}

/* The command install writes: the real binary, and the real repo path. */
static char *
expected_command(const char *agent, const char *extra)
{
	char bin[4096], repo[4096], *cmd;

	ck_assert(realpath(getenv("VERDICT_BIN"), bin) != NULL);
	ck_assert(realpath(fx_path(main_repo), repo) != NULL);
	if (asprintf(&cmd, "'%s' agent %s --repo '%s'%s", bin, agent, repo, extra ? extra : "") < 0)
		abort();
	return cmd;
}

START_TEST(test_hooks_install_claude_merges_and_uninstall_restores)
{
	char *path = home_file(".claude/settings.json"), *out, *err, *before, *after, *cmd;
	const char *original =
		"{\n  \"model\": \"opus\",\n  \"permissions\": {\"allow\": [\"Bash(npm test)\"]},\n"
		"  \"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"/usr/local/bin/other-guard\"}]}],\n"
		"            \"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"notify-send done\"}]}]}\n}\n";
	json_t *orig, *j, *pre;

	fx_write_file(path, original);
	orig = load_json(path);
	cmd = expected_command("claude-code", NULL);

	/* --dry-run prints the change and writes nothing. */
	ck_assert_int_eq(hooks("install", "claude-code", "--repo", fx_path(main_repo), "--dry-run", NULL, &out, &err), 0);
	ck_assert_contains(out, "would change");
	ck_assert_contains(out, "+ PreToolUse: ");
	before = fx_read_file(path);
	ck_assert_str_eq(before, original);
	free(before); free(out); free(err);

	ck_assert_int_eq(hooks("install", "claude-code", "--repo", fx_path(main_repo), NULL, NULL, &out, &err), 0);
	ck_assert_contains(out, "updated");
	free(out); free(err);
	j = load_json(path);
	/* Everything that was there stays; ours is added beside it. */
	ck_assert_str_eq(json_string_value(json_object_get(j, "model")), "opus");
	ck_assert(json_equal(json_object_get(j, "permissions"), json_object_get(orig, "permissions")));
	ck_assert(json_equal(json_object_get(json_object_get(j, "hooks"), "Stop"),
		json_object_get(json_object_get(orig, "hooks"), "Stop")));
	pre = json_object_get(json_object_get(j, "hooks"), "PreToolUse");
	ck_assert_int_eq(json_array_size(pre), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(pre, 0), "hooks"), 0), "command")),
		"/usr/local/bin/other-guard");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(pre, 1), "matcher")), "*");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(pre, 1), "hooks"), 0), "command")), cmd);
	{
		static const char *const events[] = { "PostToolUse", "PostToolUseFailure", "UserPromptSubmit",
			"SessionStart", "SessionEnd" };
		size_t i;

		for (i = 0; i < VD_ARRAY_SIZE(events); i++)
			ck_assert_msg(json_array_size(json_object_get(json_object_get(j, "hooks"), events[i])) == 1,
				"no %s hook", events[i]);
	}
	json_decref(j);

	/* A second install changes nothing, to the byte. */
	before = fx_read_file(path);
	ck_assert_int_eq(hooks("install", "claude-code", "--repo", fx_path(main_repo), NULL, NULL, &out, &err), 0);
	ck_assert_contains(out, "nothing to change");
	after = fx_read_file(path);
	ck_assert_str_eq(before, after);
	free(before); free(after); free(out); free(err);

	/* Uninstall removes exactly what install added. */
	ck_assert_int_eq(hooks("uninstall", "claude-code", NULL, NULL, NULL, NULL, &out, &err), 0);
	ck_assert_contains(out, "- PreToolUse: ");
	j = load_json(path);
	ck_assert_msg(json_equal(j, orig), "uninstall did not restore the file: %s", fx_read_file(path));
	json_decref(j);
	free(out); free(err);
	ck_assert_int_eq(hooks("uninstall", "claude-code", NULL, NULL, NULL, NULL, &out, &err), 0);
	ck_assert_contains(out, "no verdict hooks to remove");
	free(out); free(err);
	json_decref(orig);
	free(cmd);
	free(path);
}
END_TEST

START_TEST(test_hooks_install_updates_an_old_verdict_hook_in_place)
{
	char *path = home_file(".claude/settings.json"), *out, *err, *cmd = expected_command("claude-code", NULL);
	json_t *j, *pre;

	fx_write_file(path, "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"*\", \"hooks\": [{\"type\": \"command\", "
		"\"command\": \"/opt/old/verdict agent claude-code\", \"timeout\": 5}]}]}}");
	ck_assert_int_eq(hooks("install", "claude-code", "--repo", fx_path(main_repo), NULL, NULL, &out, &err), 0);
	ck_assert_contains(out, "~ PreToolUse: ");
	j = load_json(path);
	pre = json_object_get(json_object_get(j, "hooks"), "PreToolUse");
	ck_assert_int_eq(json_array_size(pre), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(pre, 0), "hooks"), 0), "command")), cmd);
	json_decref(j);
	free(out); free(err); free(cmd); free(path);
}
END_TEST

START_TEST(test_hooks_install_refuses_a_file_it_cannot_read)
{
	char *path = home_file(".claude/settings.json"), *out, *err, *after;

	fx_write_file(path, "{ \"hooks\": { oops }\n");
	ck_assert_int_ne(hooks("install", "claude-code", NULL, NULL, NULL, NULL, &out, &err), 0);
	ck_assert_contains(err, "never overwrites a file it cannot read");
	ck_assert_contains(err, path);
	after = fx_read_file(path);
	ck_assert_str_eq(after, "{ \"hooks\": { oops }\n");
	free(after); free(out); free(err); free(path);
}
END_TEST

START_TEST(test_hooks_install_cursor_project_fails_closed)
{
	char *project = home_file("proj"), *path = home_file("proj/.cursor/hooks.json"), *out, *err;
	char *cmd = expected_command("cursor", NULL);
	json_t *j, *h, *shell, *pre, *post;

	ck_assert_int_eq(hooks("install", "cursor", "--scope", "project", "--project", project, &out, &err), 0);
	free(out); free(err);
	/* The scope's file, without --repo: the hooks read VERDICT_REPO or the config. */
	j = load_json(path);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "version")), 1);
	h = json_object_get(j, "hooks");
	shell = json_array_get(json_object_get(h, "beforeShellExecution"), 0);
	ck_assert(json_is_true(json_object_get(shell, "failClosed")));
	ck_assert_int_eq(json_integer_value(json_object_get(shell, "timeout")), 30);
	ck_assert_contains(json_string_value(json_object_get(shell, "command")), " agent cursor");
	ck_assert_not_contains(json_string_value(json_object_get(shell, "command")), "--repo");
	pre = json_array_get(json_object_get(h, "preToolUse"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(pre, "matcher")), "Write|Edit|Delete|Grep|Task");
	post = json_array_get(json_object_get(h, "postToolUse"), 0);
	ck_assert_ptr_null(json_object_get(post, "failClosed"));
	ck_assert_int_eq(json_array_size(json_object_get(h, "beforeMCPExecution")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(h, "beforeReadFile")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(h, "beforeSubmitPrompt")), 1);
	json_decref(j);
	/* Made by install, nothing else in it: uninstall removes the file. */
	ck_assert_int_eq(hooks("uninstall", "cursor", "--scope", "project", "--project", project, &out, &err), 0);
	ck_assert_contains(out, "removed");
	ck_assert_int_eq(access(path, F_OK), -1);
	free(out); free(err); free(cmd); free(path); free(project);
}
END_TEST

START_TEST(test_hooks_install_codex_gemini_copilot)
{
	char *project = home_file("proj"), *out, *err, *p;
	json_t *j, *g;

	/* Codex: ~/.codex/hooks.json, Claude's shape. */
	ck_assert_int_eq(hooks("install", "codex", "--repo", fx_path(main_repo), NULL, NULL, &out, &err), 0);
	ck_assert_contains(out, "[features] hooks = true");
	free(out); free(err);
	p = home_file(".codex/hooks.json");
	j = load_json(p);
	g = json_array_get(json_object_get(json_object_get(j, "hooks"), "PreToolUse"), 0);
	ck_assert_ptr_null(json_object_get(g, "matcher"));
	ck_assert_contains(json_string_value(json_object_get(json_array_get(json_object_get(g, "hooks"), 0), "command")),
		" agent codex --repo ");
	json_decref(j);
	free(p);

	/* Gemini: timeouts in milliseconds, a name for /hooks. */
	p = home_file(".gemini/settings.json");
	fx_write_file(p, "{\"theme\": \"dark\", \"hooks\": {\"enabled\": true}}\n");
	ck_assert_int_eq(hooks("install", "gemini-cli", NULL, NULL, NULL, NULL, &out, &err), 0);
	free(out); free(err);
	j = load_json(p);
	ck_assert_str_eq(json_string_value(json_object_get(j, "theme")), "dark");
	ck_assert(json_is_true(json_object_get(json_object_get(j, "hooks"), "enabled")));
	g = json_array_get(json_object_get(json_object_get(j, "hooks"), "BeforeTool"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(g, "matcher")), "*");
	g = json_array_get(json_object_get(g, "hooks"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(g, "timeout")), 30000);
	ck_assert_str_eq(json_string_value(json_object_get(g, "name")), "verdict");
	json_decref(j);
	ck_assert_int_eq(hooks("uninstall", "gemini-cli", NULL, NULL, NULL, NULL, &out, &err), 0);
	j = load_json(p);
	ck_assert_ptr_null(json_object_get(json_object_get(j, "hooks"), "BeforeTool"));
	ck_assert(json_is_true(json_object_get(json_object_get(j, "hooks"), "enabled")));
	json_decref(j);
	free(out); free(err); free(p);

	/* Copilot: a file of our own in .github/hooks, the event on each command. */
	ck_assert_int_eq(hooks("install", "copilot-cli", "--scope", "user", NULL, NULL, &out, &err), 3);
	ck_assert_contains(err, "no documented user-level hook file");
	free(out); free(err);
	ck_assert_int_eq(hooks("install", "copilot-cli", "--scope", "project", "--project", project, &out, &err), 0);
	free(out); free(err);
	p = home_file("proj/.github/hooks/verdict.json");
	j = load_json(p);
	g = json_array_get(json_object_get(json_object_get(j, "hooks"), "preToolUse"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(g, "type")), "command");
	ck_assert_int_eq(json_integer_value(json_object_get(g, "timeoutSec")), 30);
	ck_assert_contains(json_string_value(json_object_get(g, "bash")), " agent copilot-cli --event preToolUse");
	ck_assert_int_eq(json_array_size(json_object_get(json_object_get(j, "hooks"), "userPromptSubmitted")), 1);
	json_decref(j);
	free(p); free(project);
}
END_TEST

START_TEST(test_hooks_install_managed_under_a_root)
{
	char *root = home_file("image"), *p = home_file("image/etc/claude-code/managed-settings.json");
	char *out, *err;

	ck_assert_int_eq(hooks("install", "claude-code", "--scope", "managed", "--root", root, &out, &err), 0);
	ck_assert_int_eq(access(p, F_OK), 0);
	free(out); free(err);
	ck_assert_int_eq(hooks("install", "codex", "--scope", "managed", "--root", root, &out, &err), 3);
	ck_assert_contains(err, "no documented managed hook file");
	free(out); free(err); free(p); free(root);
}
END_TEST

/* The installed command, run as the agent would run it, judges. */
START_TEST(test_hooks_installed_command_runs)
{
	char *path = home_file(".claude/settings.json"), *out, *err, *in = home_file("payload.json");
	char *res = home_file("answer.json"), *db = audit_path("installed"), *line, *answer;
	json_t *j;
	const char *cmd;

	ck_assert_int_eq(hooks("install", "claude-code", "--repo", fx_path(main_repo), NULL, NULL, &out, &err), 0);
	free(out); free(err);
	j = load_json(path);
	cmd = json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(
		json_object_get(json_object_get(j, "hooks"), "PreToolUse"), 0), "hooks"), 0), "command"));
	fx_write_file(in, "{\"session_id\":\"s\",\"hook_event_name\":\"PreToolUse\",\"cwd\":\"/home/alice/proj\","
		"\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"rm -rf build\"},\"tool_use_id\":\"t\"}");
	if (asprintf(&line, "VERDICT_AUDIT='%s' %s < '%s' > '%s'", db, cmd, in, res) < 0)
		abort();
	ck_assert_int_eq(system(line), 0);
	answer = fx_read_file(res);
	ck_assert_contains(answer, "\"permissionDecision\":\"deny\"");
	free(answer);
	free(line);
	json_decref(j);
	free(db); free(res); free(in); free(path);
}
END_TEST

Suite *
agent_suite(void)
{
	Suite *s = suite_create("agent");
	TCase *tc = tcase_create("corpus");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_agent_corpus_claude_code);
	tcase_add_test(tc, test_agent_corpus_cursor);
	tcase_add_test(tc, test_agent_corpus_codex);
	tcase_add_test(tc, test_agent_corpus_gemini_cli);
	tcase_add_test(tc, test_agent_corpus_copilot_cli);
	suite_add_tcase(s, tc);

	tc = tcase_create("direct");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_agent_huge_content_is_judged_and_recorded_cut);
	tcase_add_test(tc, test_agent_payload_over_the_limit_fails_closed);
	tcase_add_test(tc, test_agent_identity_from_the_projects_git_repository);
	tcase_add_test(tc, test_agent_repo_name_from_remote_urls);
	tcase_add_test(tc, test_agent_config_file_names_repo_and_identity);
	tcase_add_test(tc, test_agent_command_line_mistakes_block);
	suite_add_tcase(s, tc);

	tc = tcase_create("install");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hooks_install_claude_merges_and_uninstall_restores);
	tcase_add_test(tc, test_hooks_install_updates_an_old_verdict_hook_in_place);
	tcase_add_test(tc, test_hooks_install_refuses_a_file_it_cannot_read);
	tcase_add_test(tc, test_hooks_install_cursor_project_fails_closed);
	tcase_add_test(tc, test_hooks_install_codex_gemini_copilot);
	tcase_add_test(tc, test_hooks_install_managed_under_a_root);
	tcase_add_test(tc, test_hooks_installed_command_runs);
	suite_add_tcase(s, tc);
	return s;
}
