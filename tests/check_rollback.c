/*
 * check_rollback.c - rolling a scope back is a new commit whose tree is the
 * old revision's, history stays linear, verdicts from then on follow the
 * old policies, and not one byte of the recorded evidence changes.
 *
 *   main:  A  t.rm observes
 *          B  ramp destructive -> block, t.curl added (blocks)
 */
#include "common.h"
#include "helpers.h"
#include "fixture.h"

#include <git2.h>
#include <unistd.h>
#include <sqlite3.h>

#define RM \
	"policy \"t.rm\" {\n  risk destructive\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"rm\"\n  message \"{command} deletes files\"\n}\n"
#define CURL \
	"policy \"t.curl\" {\n  risk exfil\n  mode block\n  severity block\n  on shell.exec\n" \
	"  when command.name == \"curl\"\n}\n"

static fx_repo *repo;
static char *dir, *db;
static char commit_a[41], commit_b[41];
static vd_engine *engine;

/* A policy repo with A and B on main; bare unless a test needs a work tree. */
static void
make_repo(bool bare)
{
	repo = fx_repo_new(bare);
	fx_write(repo, "packs/t/rm.policy", RM);
	fx_commit(repo, "main", "t.rm observes", commit_a);
	fx_write(repo, "ramp.policy", "ramp {\n  destructive block\n}\n");
	fx_write(repo, "packs/t/curl.policy", CURL);
	fx_commit(repo, "main", "block destructive; t.curl", commit_b);
}

static void
setup(void)
{
	fx_init();
	make_repo(true);
	dir = fx_tmpdir();
	if (asprintf(&db, "%s/audit.db", dir) < 0)
		abort();
	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
}

static void
teardown(void)
{
	vd_engine_free(engine);
	fx_repo_free(repo);
	fx_rmtree(dir);
	free(dir);
	free(db);
}

/* Judge at the live scopes, record, and return the verdict. */
static vd_verdict_kind
judge_and_record(const char *json, char commit[41])
{
	vd_audit *a = NULL;
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	vd_verdict_kind k;

	vd_pass(vd_audit_open(&a, db, NULL));
	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_eval(v, engine, ev, NULL));
	vd_pass(vd_audit_record(a, ev, v));
	k = vd_verdict_get(v);
	if (commit && vd_verdict_match_count(v))
		snprintf(commit, 41, "%s", vd_verdict_match(v, 0)->commit);
	vd_verdict_free(v);
	vd_event_free(ev);
	vd_pass(vd_audit_close(a));
	return k;
}

/*
 * Every column of every row of a table, in row order, as SQLite's quote()
 * renders them (exact bytes: text, blobs in hex), one line per row.
 */
static char *
dump_table(const char *table, int64_t upto)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	vd_buf sql = VD_BUF_INIT, out = VD_BUF_INIT;
	int i, n;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	vd_buf_printf(&sql, "SELECT * FROM %s WHERE id <= %" PRId64 " ORDER BY id", table, upto);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql.ptr, -1, &st, NULL), SQLITE_OK);
	n = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const void *p = sqlite3_column_blob(st, i);
			int len = sqlite3_column_bytes(st, i);

			vd_buf_printf(&out, "%s%d:", i ? "|" : "", sqlite3_column_type(st, i));
			if (p)
				vd_buf_put(&out, p, (size_t)len);
		}
		vd_buf_put(&out, "\n", 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	vd_buf_dispose(&sql);
	return out.ptr ? out.ptr : strdup("");
}

static git_repository *
open_repo(void)
{
	git_repository *r = NULL;

	ck_assert_int_eq(git_repository_open(&r, fx_path(repo)), 0);
	return r;
}

#define run(out, err, ...) fx_run(NULL, (out), (err), (const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_rollback_is_a_new_commit_with_the_old_tree_and_the_evidence_stays)
{
	vd_buf commit = VD_BUF_INIT;
	vd_policy_changes *changes = NULL;
	vd_audit_options ro = VD_AUDIT_OPTIONS_INIT;
	vd_audit_report rep;
	vd_audit *a = NULL;
	git_repository *r;
	git_commit *made = NULL, *old = NULL;
	git_reference *main_ref = NULL;
	git_oid id;
	char judged[41] = "", *events_before, *verdicts_before, *events_after, *verdicts_after;

	/* Before: B blocks rm and curl; the log records it. */
	ck_assert_int_eq(judge_and_record("{\"action\":\"shell.exec\",\"command\":\"rm -rf x\"}", judged), VD_BLOCK);
	ck_assert_str_eq(judged, commit_b);
	ck_assert_int_eq(judge_and_record("{\"action\":\"shell.exec\",\"command\":\"curl y\"}", NULL), VD_BLOCK);
	ck_assert_int_eq(judge_and_record("{\"action\":\"shell.exec\",\"command\":\"ls\"}", NULL), VD_PASS);
	events_before = dump_table("events", 3);
	verdicts_before = dump_table("verdicts", 3);

	vd_pass(vd_rollback(&commit, &changes, engine, "main", commit_a, NULL));
	ck_assert_int_eq(commit.size, 40);
	/* What changes: t.rm back to observe, t.curl gone. */
	ck_assert_int_eq(vd_policy_changes_count(changes), 2);
	ck_assert_str_eq(vd_policy_changes_get(changes, 0)->policy, "t.curl");
	ck_assert_int_eq(vd_policy_changes_get(changes, 0)->kind, VD_POLICY_REMOVED);
	ck_assert_str_eq(vd_policy_changes_get(changes, 1)->policy, "t.rm");
	ck_assert_int_eq(vd_policy_changes_get(changes, 1)->old_mode, VD_MODE_BLOCK);
	ck_assert_int_eq(vd_policy_changes_get(changes, 1)->new_mode, VD_MODE_OBSERVE);

	/* A new commit on main: its tree is A's, its one parent B (linear history). */
	r = open_repo();
	ck_assert_int_eq(git_oid_fromstr(&id, commit.ptr), 0);
	ck_assert_int_eq(git_commit_lookup(&made, r, &id), 0);
	ck_assert_int_eq(git_commit_parentcount(made), 1);
	ck_assert_str_eq(git_oid_tostr_s(git_commit_parent_id(made, 0)), commit_b);
	ck_assert_int_eq(git_oid_fromstr(&id, commit_a), 0);
	ck_assert_int_eq(git_commit_lookup(&old, r, &id), 0);
	ck_assert(git_oid_equal(git_commit_tree_id(made), git_commit_tree_id(old)));
	ck_assert_contains(git_commit_message(made), "Roll back main to ");
	ck_assert_int_eq(git_reference_lookup(&main_ref, r, "refs/heads/main"), 0);
	ck_assert_str_eq(git_oid_tostr_s(git_reference_target(main_ref)), commit.ptr);

	/* After: verdicts follow A (rm observes, curl is gone), judged at the new commit. */
	ck_assert_int_eq(judge_and_record("{\"action\":\"shell.exec\",\"command\":\"rm -rf x\"}", judged), VD_PASS);
	ck_assert_str_eq(judged, commit.ptr);
	ck_assert_int_eq(judge_and_record("{\"action\":\"shell.exec\",\"command\":\"curl y\"}", NULL), VD_PASS);

	/* Every row written before the rollback is byte for byte the same, and the chain holds. */
	events_after = dump_table("events", 3);
	verdicts_after = dump_table("verdicts", 3);
	ck_assert_str_eq(events_after, events_before);
	ck_assert_str_eq(verdicts_after, verdicts_before);
	ck_assert_contains(verdicts_before, commit_b);
	ro.must_exist = true;
	vd_pass(vd_audit_open(&a, db, &ro));
	vd_pass(vd_audit_verify(&rep, a));
	ck_assert_msg(rep.ok, "%s", rep.reason);
	ck_assert_int_eq(rep.rows, 5);
	vd_audit_close(a);

	git_reference_free(main_ref);
	git_commit_free(made);
	git_commit_free(old);
	git_repository_free(r);
	vd_policy_changes_free(changes);
	vd_buf_dispose(&commit);
	free(events_before); free(verdicts_before); free(events_after); free(verdicts_after);
}
END_TEST

START_TEST(test_rollback_a_scope_branch_and_bad_input)
{
	vd_buf commit = VD_BUF_INIT;
	char first[41];

	fx_write(repo, "ramp.policy", "ramp {\n  destructive warn\n}\n");
	fx_commit(repo, "scope/group/platform", "platform warns", first);
	fx_write(repo, "ramp.policy", "ramp {\n  destructive block\n}\n");
	fx_commit(repo, "scope/group/platform", "platform blocks", NULL);
	vd_pass(vd_rollback(&commit, NULL, engine, "group/platform", first, NULL));
	ck_assert_int_eq(commit.size, 40);
	vd_buf_clear(&commit);
	/* Already there: nothing to commit. */
	vd_pass(vd_rollback(&commit, NULL, engine, "scope/group/platform", first, NULL));
	ck_assert_int_eq(commit.size, 0);

	vd_fail_with(VD_EUSAGE, vd_rollback(&commit, NULL, engine, "team/x", commit_a, NULL));
	ck_assert_contains(vd_error_last()->message, "unknown scope 'team/x'");
	vd_fail_with(VD_ENOTFOUND, vd_rollback(&commit, NULL, engine, "group/nope", commit_a, NULL));
	ck_assert_contains(vd_error_last()->message, "no branch refs/heads/scope/group/nope");
	vd_fail_with(VD_ENOTFOUND, vd_rollback(&commit, NULL, engine, "main", "no-such-rev", NULL));
	/* Rolling back to policies that do not compile would break every verdict. */
	fx_write(repo, "packs/t/rm.policy", "policy \"broken\" {\n  on shell.exec\n  when command.name ==\n}\n");
	fx_commit(repo, "broken", "broken", NULL);
	vd_fail_with(VD_EPOLICY, vd_rollback(&commit, NULL, engine, "main", "broken", NULL));
	vd_buf_dispose(&commit);
}
END_TEST

START_TEST(test_rollback_updates_a_checked_out_work_tree)
{
	vd_buf commit = VD_BUF_INIT;
	git_repository *r;
	git_object *b = NULL;
	char *path, *text;

	/* A repository with a work tree, main checked out and clean at B. */
	vd_engine_free(engine);
	fx_repo_free(repo);
	make_repo(false);
	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
	r = open_repo();
	ck_assert_int_eq(git_repository_set_head(r, "refs/heads/main"), 0);
	ck_assert_int_eq(git_revparse_single(&b, r, "main"), 0);
	ck_assert_int_eq(git_reset(r, b, GIT_RESET_HARD, NULL), 0);
	if (asprintf(&path, "%s/packs/t/curl.policy", fx_path(repo)) < 0)
		abort();
	ck_assert_int_eq(access(path, F_OK), 0);

	/* A local change in the way: the rollback fails and the branch stays. */
	fx_write_file(path, "# a local edit\n");
	vd_fail_with(VD_EGIT, vd_rollback(&commit, NULL, engine, "main", commit_a, NULL));
	ck_assert_int_eq(commit.size, 0);
	vd_buf_clear(&commit);
	ck_assert_int_eq(git_reset(r, b, GIT_RESET_HARD, NULL), 0);

	vd_pass(vd_rollback(&commit, NULL, engine, "main", commit_a, NULL));
	ck_assert_int_ne(access(path, F_OK), 0);                 /* A has no t.curl */
	free(path);
	if (asprintf(&path, "%s/ramp.policy", fx_path(repo)) < 0)
		abort();
	ck_assert_int_ne(access(path, F_OK), 0);
	free(path);
	if (asprintf(&path, "%s/packs/t/rm.policy", fx_path(repo)) < 0)
		abort();
	text = fx_read_file(path);
	ck_assert_str_eq(text, RM);
	free(text);
	free(path);
	git_object_free(b);
	git_repository_free(r);
	vd_buf_dispose(&commit);
}
END_TEST

START_TEST(test_rollback_cli)
{
	char *out, *err;
	git_repository *r;
	git_reference *ref = NULL;
	git_commit *c = NULL;

	ck_assert_int_eq(run(&out, &err, "rollback", "main", commit_a, "--repo", fx_path(repo),
		"--message", "Undo the promotion: too many false positives"), 0);
	ck_assert_contains(out, "rolled main back to ");
	ck_assert_contains(out, "2 policies change\n");
	ck_assert_contains(out, "  - t.curl: removed (was mode block)\n");
	ck_assert_contains(out, "  ~ t.rm: mode block -> observe\n");
	ck_assert_contains(out, "recorded verdicts are unchanged");
	free(out); free(err);
	r = open_repo();
	ck_assert_int_eq(git_reference_lookup(&ref, r, "refs/heads/main"), 0);
	ck_assert_int_eq(git_commit_lookup(&c, r, git_reference_target(ref)), 0);
	ck_assert_str_eq(git_commit_message(c), "Undo the promotion: too many false positives");
	git_commit_free(c);
	git_reference_free(ref);
	git_repository_free(r);
	ck_assert_int_eq(run(&out, &err, "rollback", "main", commit_a, "--repo", fx_path(repo)), 0);
	ck_assert_contains(out, "nothing to roll back");
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "rollback", "main", "--repo", fx_path(repo)), 3);
	free(out); free(err);
	ck_assert_int_eq(run(&out, &err, "rollback", "main", "nope", "--repo", fx_path(repo)), 6);
	ck_assert_contains(err, "unknown revision 'nope'");
	free(out); free(err);
}
END_TEST

Suite *
rollback_suite(void)
{
	Suite *s = suite_create("rollback");
	TCase *t = tcase_create("rollback");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_rollback_is_a_new_commit_with_the_old_tree_and_the_evidence_stays);
	tcase_add_test(t, test_rollback_a_scope_branch_and_bad_input);
	tcase_add_test(t, test_rollback_updates_a_checked_out_work_tree);
	tcase_add_test(t, test_rollback_cli);
	suite_add_tcase(s, t);
	return s;
}
