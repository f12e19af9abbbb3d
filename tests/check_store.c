/*
 * check_store.c - the git store: revisions, scopes, the compile cache, bare
 * repositories and broken repositories.  Every repository is built in a
 * temporary folder with libgit2.
 */
#include "store.h"
#include "result.h"
#include "fixture.h"
#include "helpers.h"

static fx_repo *fx;

static void
setup(void)
{
	fx_init();
	fx = fx_repo_new(false);
}

static void
teardown(void)
{
	fx_repo_free(fx);
	fx = NULL;
}

static const char *rm_policy =
	"policy \"destructive.rm\" { risk destructive on shell.exec when command.name == \"rm\" }\n";

static vd_verdict_kind
judge(vd_engine *e, const char *ref, const char *json, vd_verdict *v)
{
	vd_event *ev = NULL;
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;

	o.ref = ref;
	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_eval(v, e, ev, &o));
	vd_event_free(ev);
	return vd_verdict_get(v);
}

START_TEST(test_store_each_commit_gives_its_own_verdict)
{
	vd_engine *e = NULL;
	vd_verdict *v = NULL;
	const char *ev = "{\"action\":\"shell.exec\",\"command\":\"rm -rf x\"}";
	char c1[41], c2[41], c3[41];

	fx_write(fx, "packs/d/d.policy", rm_policy);
	fx_commit(fx, "main", "observe", c1);
	fx_write(fx, "ramp.policy", "ramp { destructive warn }\n");
	fx_commit(fx, "main", "warn", c2);
	fx_write(fx, "ramp.policy", "ramp { destructive block }\n");
	fx_commit(fx, "main", "block", c3);

	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd_verdict_new(&v));
	ck_assert_int_eq(judge(e, "main~2", ev, v), VD_PASS);
	ck_assert_int_eq(vd_verdict_would(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->commit, c1);
	ck_assert_int_eq(judge(e, "main~1", ev, v), VD_WARN);
	ck_assert_str_eq(vd_verdict_match(v, 0)->commit, c2);
	ck_assert_int_eq(judge(e, "main", ev, v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->commit, c3);
	ck_assert_int_eq(judge(e, c1, ev, v), VD_PASS);
	/* The live scopes are the tip of main. */
	ck_assert_int_eq(judge(e, NULL, ev, v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->ref, "refs/heads/main");
	vd_verdict_free(v);
	vd_engine_free(e);
}
END_TEST

START_TEST(test_store_scopes_most_severe_wins)
{
	vd_engine *e = NULL;
	vd_verdict *v = NULL;
	vd_buf json = VD_BUF_INIT;

	fx_write(fx, "packs/d/d.policy", rm_policy);
	fx_write(fx, "ramp.policy", "ramp { destructive warn }\n");
	fx_commit(fx, "main", "baseline warns", NULL);
	fx_write(fx, "ramp.policy", "ramp { destructive block }\n");
	fx_commit(fx, "scope/group/contractors", "contractors block", NULL);
	fx_commit(fx, "scope/user/bob", "bob blocks", NULL);
	fx_commit(fx, "scope/repo/acme/prod", "prod blocks", NULL);
	fx_commit(fx, "scope/surface/codex", "codex blocks", NULL);
	fx_commit(fx, "scope/bogus", "not a scope", NULL);

	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd_verdict_new(&v));
	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\",\"user\":\"al\",\"groups\":[\"platform\"]}", v), VD_WARN);
	ck_assert_uint_eq(v->scopes.len, 1);

	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\",\"groups\":[\"x\",\"contractors\"]}", v), VD_BLOCK);
	ck_assert_uint_eq(v->scopes.len, 2);
	ck_assert_uint_eq(vd_verdict_match_count(v), 2);
	ck_assert_str_eq(vd_verdict_decisive(v)->scope, "group/contractors");
	ck_assert_str_eq(vd_verdict_decisive(v)->ref, "refs/heads/scope/group/contractors");
	vd_pass(vd_verdict_to_json(&json, v));
	ck_assert_contains(json.ptr, "\"verdict\":\"block\"");
	ck_assert_contains(json.ptr, "\"scope\":\"group/contractors\",\"kind\":\"group\"");

	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\",\"user\":\"bob\"}", v), VD_BLOCK);
	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\",\"repo\":\"acme/prod\"}", v), VD_BLOCK);
	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\",\"surface\":\"codex\"}", v), VD_BLOCK);
	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\",\"surface\":\"cursor\",\"repo\":\"acme/prod2\"}", v), VD_WARN);
	/* Four scope branches share one tree: compiled once, plus main's tree. */
	ck_assert_uint_eq(e->cache.len, 2);
	vd_buf_dispose(&json);
	vd_verdict_free(v);
	vd_engine_free(e);
}
END_TEST

START_TEST(test_store_bare_repository_and_tags)
{
	fx_repo *bare = fx_repo_new(true);
	vd_engine *e = NULL;
	vd_verdict *v = NULL;
	vd_diags *d = NULL;
	git_object *head = NULL;
	git_oid tag;
	git_signature *sig = NULL;
	git_repository *r = NULL;

	fx_write(bare, "packs/d/d.policy", rm_policy);
	fx_write(bare, "ramp.policy", "ramp { destructive block }\n");
	fx_commit(bare, "main", "block", NULL);
	/* An annotated tag as a revision. */
	ck_assert_int_eq(git_repository_open(&r, fx_path(bare)), 0);
	ck_assert_int_eq(git_revparse_single(&head, r, "main"), 0);
	ck_assert_int_eq(git_signature_new(&sig, "t", "t@t", 1767225600, 0), 0);
	ck_assert_int_eq(git_tag_create(&tag, r, "v1", head, sig, "release", 0), 0);
	git_signature_free(sig);
	git_object_free(head);
	git_repository_free(r);

	vd_pass(vd_engine_open(&e, fx_path(bare), NULL));
	vd_pass(vd_verdict_new(&v));
	ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\"}", v), VD_BLOCK);
	ck_assert_int_eq(judge(e, "v1", "{\"action\":\"shell.exec\",\"command\":\"rm x\"}", v), VD_BLOCK);
	/* check with no revision reads HEAD of a bare repository */
	vd_pass(vd_engine_check(&d, e, NULL));
	ck_assert_uint_eq(vd_diags_policies_checked(d), 1);
	vd_diags_free(d);
	vd_verdict_free(v);
	vd_engine_free(e);
	fx_repo_free(bare);
}
END_TEST

START_TEST(test_store_check_lists_every_error_with_location)
{
	vd_engine *e = NULL;
	vd_diags *d = NULL;
	vd_buf out = VD_BUF_INIT;

	fx_write(fx, "packs/a/one.policy", "policy \"a\" { on file.reed when pth == \"x\" }\n");
	fx_write(fx, "packs/b/two.policy", "policy \"b\" { on shell.exec when user in nolist }\npolicy \"a\" { on shell.exec when user == \"x\" }\n");
	fx_write(fx, "packs/b/README.md", "not a policy\n");
	fx_commit(fx, "main", "broken", NULL);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_fail_with(VD_EPOLICY, vd_engine_check(&d, e, "main"));
	ck_assert_uint_eq(vd_diags_error_count(d), 4);
	ck_assert_uint_eq(vd_diags_files_checked(d), 2);
	vd_pass(vd_diags_render(&out, d, true));
	ck_assert_contains(out.ptr, "packs/a/one.policy:1:17: error: unknown action 'file.reed'");
	ck_assert_contains(out.ptr, "packs/a/one.policy:1:32: error: unknown field 'pth'");
	ck_assert_contains(out.ptr, "packs/b/two.policy:1:41: error: undefined list 'nolist'");
	ck_assert_contains(out.ptr, "packs/b/two.policy:2:8: error: duplicate policy id \"a\"; first defined at packs/a/one.policy:1:8");
	ck_assert_contains(out.ptr, "    policy \"a\" { on file.reed when pth == \"x\" }\n                    ^^^^^^^^^\n");
	vd_diags_free(d);

	/* Evaluating at a broken ref is an error that names the first problem. */
	{
		vd_verdict *v = NULL;
		vd_event *ev = NULL;

		vd_pass(vd_verdict_new(&v));
		vd_pass(vd_event_parse(&ev, "{\"action\":\"shell.exec\"}", 23));
		vd_fail_with(VD_EPOLICY, vd_eval(v, e, ev, NULL));
		ck_assert_contains(vd_error_last()->message, "policies at main do not compile: packs/a/one.policy:1:17:");
		ck_assert_contains(vd_error_last()->message, "4 errors; `verdict check --ref main` lists them all");
		vd_event_free(ev);
		vd_verdict_free(v);
	}
	vd_buf_dispose(&out);
	vd_engine_free(e);
}
END_TEST

START_TEST(test_store_check_reads_the_working_tree)
{
	vd_engine *e = NULL;
	vd_diags *d = NULL;
	char *path;

	fx_write(fx, "packs/d/d.policy", rm_policy);
	fx_commit(fx, "main", "ok", NULL);
	/* An uncommitted edit breaks the working tree but not main. */
	if (asprintf(&path, "%s/packs/d/d.policy", fx_path(fx)) < 0)
		abort();
	fx_write_file(path, "policy \"x\" { on shell.exec when nope == 1 }\n");
	free(path);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_fail_with(VD_EPOLICY, vd_engine_check(&d, e, NULL));
	vd_diags_free(d);
	vd_pass(vd_engine_check(&d, e, "main"));
	ck_assert_uint_eq(vd_diags_error_count(d), 0);
	vd_diags_free(d);
	vd_engine_free(e);
}
END_TEST

START_TEST(test_store_errors_for_missing_things)
{
	vd_engine *e = NULL;
	vd_verdict *v = NULL;
	vd_event *ev = NULL;
	char *dir = fx_tmpdir();
	vd_engine_options o = VD_ENGINE_OPTIONS_INIT;

	/* No repository at all. */
	vd_fail_with(VD_ENOTFOUND, vd_engine_open(&e, dir, NULL));
	ck_assert_contains(vd_error_last()->message, "no policy repository at");
	fx_rmtree(dir);
	free(dir);

	/* A repository without commits. */
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_event_parse(&ev, "{\"action\":\"shell.exec\"}", 23));
	vd_fail_with(VD_ENOTFOUND, vd_eval(v, e, ev, NULL));
	ck_assert_contains(vd_error_last()->message, "no branch 'main'");
	vd_engine_free(e);

	/* A ref that does not exist. */
	fx_write(fx, "packs/d/d.policy", rm_policy);
	fx_commit(fx, "main", "ok", NULL);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	{
		vd_eval_options eo = VD_EVAL_OPTIONS_INIT;

		eo.ref = "no-such-branch";
		vd_fail_with(VD_ENOTFOUND, vd_eval(v, e, ev, &eo));
		ck_assert_contains(vd_error_last()->message, "unknown revision 'no-such-branch'");
	}
	vd_engine_free(e);

	/* A configured default branch that is missing. */
	o.default_branch = "trunk";
	vd_pass(vd_engine_open(&e, fx_path(fx), &o));
	vd_fail_with(VD_ENOTFOUND, vd_eval(v, e, ev, NULL));
	ck_assert_contains(vd_error_last()->message, "no branch 'trunk'");
	vd_engine_free(e);

	vd_event_free(ev);
	vd_verdict_free(v);
}
END_TEST

START_TEST(test_store_default_branch_from_config)
{
	vd_engine *e = NULL;
	git_repository *r = NULL;
	git_config *cfg = NULL;

	fx_write(fx, "packs/d/d.policy", rm_policy);
	fx_commit(fx, "trunk", "ok", NULL);
	ck_assert_int_eq(git_repository_open(&r, fx_path(fx)), 0);
	ck_assert_int_eq(git_repository_config(&cfg, r), 0);
	ck_assert_int_eq(git_config_set_string(cfg, "verdict.branch", "trunk"), 0);
	git_config_free(cfg);
	git_repository_free(r);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	ck_assert_str_eq(vd_engine_default_branch(e), "trunk");
	{
		vd_verdict *v = NULL;

		vd_pass(vd_verdict_new(&v));
		ck_assert_int_eq(judge(e, NULL, "{\"action\":\"shell.exec\",\"command\":\"rm x\"}", v), VD_PASS);
		ck_assert_str_eq(vd_verdict_match(v, 0)->scope, "trunk");
		vd_verdict_free(v);
	}
	vd_engine_free(e);
}
END_TEST

START_TEST(test_store_policy_blob_with_nul_is_an_error_not_a_crash)
{
	vd_engine *e = NULL;
	vd_diags *d = NULL;
	git_repository *r = NULL;
	git_oid blob, tree, commit, packs, pack;
	git_treebuilder *tb;
	git_signature *sig;
	git_tree *t;
	const char bytes[] = "policy \"a\" {\0 }";

	ck_assert_int_eq(git_repository_open(&r, fx_path(fx)), 0);
	ck_assert_int_eq(git_blob_create_from_buffer(&blob, r, bytes, sizeof(bytes) - 1), 0);
	git_treebuilder_new(&tb, r, NULL);
	git_treebuilder_insert(NULL, tb, "x.policy", &blob, GIT_FILEMODE_BLOB);
	git_treebuilder_write(&pack, tb);
	git_treebuilder_free(tb);
	git_treebuilder_new(&tb, r, NULL);
	git_treebuilder_insert(NULL, tb, "p", &pack, GIT_FILEMODE_TREE);
	git_treebuilder_write(&packs, tb);
	git_treebuilder_free(tb);
	git_treebuilder_new(&tb, r, NULL);
	git_treebuilder_insert(NULL, tb, "packs", &packs, GIT_FILEMODE_TREE);
	git_treebuilder_write(&tree, tb);
	git_treebuilder_free(tb);
	git_tree_lookup(&t, r, &tree);
	git_signature_new(&sig, "t", "t@t", 1767225600, 0);
	ck_assert_int_eq(git_commit_create(&commit, r, "refs/heads/main", sig, sig, NULL, "nul", t, 0, NULL), 0);
	git_signature_free(sig);
	git_tree_free(t);
	git_repository_free(r);

	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_fail_with(VD_EPOLICY, vd_engine_check(&d, e, "main"));
	ck_assert_str_eq(vd_diags_get(d, 0)->message, "NUL byte in policy file; expected UTF-8 text");
	ck_assert_uint_eq(vd_diags_get(d, 0)->column, 13);
	vd_diags_free(d);
	vd_engine_free(e);
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_store_each_commit_gives_its_own_verdict);
	tcase_add_test(tc, test_store_scopes_most_severe_wins);
	tcase_add_test(tc, test_store_bare_repository_and_tags);
	tcase_add_test(tc, test_store_check_lists_every_error_with_location);
	tcase_add_test(tc, test_store_check_reads_the_working_tree);
	tcase_add_test(tc, test_store_errors_for_missing_things);
	tcase_add_test(tc, test_store_default_branch_from_config);
	tcase_add_test(tc, test_store_policy_blob_with_nul_is_an_error_not_a_crash);
	suite_add_tcase(s, tc);
	return s;
}
