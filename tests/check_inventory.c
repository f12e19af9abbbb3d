/*
 * check_inventory.c - `verdict packs` and `verdict scopes`: each pack's
 * version is the last commit that touched it, each policy's effective mode
 * and where it comes from, and the assignment state of every scope branch.
 */
#include <jansson.h>
#include <stdlib.h>

#include "fixture.h"
#include "helpers.h"

static fx_repo *fx;
static vd_engine *engine;
static vd_inventory *inv;
static char first[41], second[41], third[41];

static void
setup(void)
{
	fx_init();
	fx = fx_repo_new(true);
	fx_write(fx, "packs/alpha/a.policy",
		"policy \"alpha.one\" { risk credential-access; on file.read; when path == \"/x\" }\n"
		"policy \"alpha.two\" { mode warn; severity warn; on file.read; when path == \"/y\" }\n");
	fx_write(fx, "packs/beta/b.policy", "policy \"beta.one\" { risk destructive; on shell.exec; when command.name == \"rm\" }\n");
	fx_write(fx, "packs/empty/README.md", "no policies yet\n");
	fx_commit(fx, "main", "starter packs", first);
	fx_write(fx, "packs/beta/b.policy", "policy \"beta.one\" { risk destructive; on shell.exec; when command.name == \"rmdir\" }\n");
	fx_commit(fx, "main", "beta: rmdir", second);
	fx_write(fx, "ramp.policy", "ramp { destructive block }\n");
	fx_commit(fx, "main", "block destructive", third);
	vd_pass(vd_engine_open(&engine, fx_path(fx), NULL));
	inv = NULL;
}

static void
teardown(void)
{
	vd_inventory_free(inv);
	vd_engine_free(engine);
	fx_repo_free(fx);
}

static const vd_pack_info *
pack(const vd_revision_info *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->npacks; i++)
		if (strcmp(r->packs[i].name, name) == 0)
			return &r->packs[i];
	ck_abort_msg("no pack %s", name);
	return NULL;
}

START_TEST(test_inventory_pack_versions_are_the_last_commit_touching_them)
{
	const vd_revision_info *r;

	vd_pass(vd_inventory_revision(&inv, engine, NULL));
	ck_assert_uint_eq(vd_inventory_count(inv), 1);
	r = vd_inventory_get(inv, 0);
	ck_assert_str_eq(r->scope, "main");
	ck_assert_str_eq(r->commit, third);
	ck_assert_str_eq(r->summary, "block destructive");
	ck_assert_uint_eq(r->npacks, 3);
	ck_assert_str_eq(pack(r, "alpha")->version, first);
	ck_assert_str_eq(pack(r, "alpha")->summary, "starter packs");
	ck_assert_str_eq(pack(r, "beta")->version, second);
	ck_assert_str_eq(pack(r, "empty")->version, first);
	ck_assert_uint_eq(pack(r, "empty")->npolicies, 0);
	/* At an older revision, the versions are those of that revision. */
	vd_inventory_free(inv);
	vd_pass(vd_inventory_revision(&inv, engine, "main~2"));
	ck_assert_str_eq(pack(vd_inventory_get(inv, 0), "beta")->version, first);
}
END_TEST

START_TEST(test_inventory_effective_modes_and_their_source)
{
	const vd_revision_info *r;
	const vd_pack_info *a, *b;

	vd_pass(vd_inventory_revision(&inv, engine, "main"));
	r = vd_inventory_get(inv, 0);
	a = pack(r, "alpha");
	b = pack(r, "beta");
	ck_assert_uint_eq(a->npolicies, 2);
	ck_assert_str_eq(a->policies[0].id, "alpha.one");
	ck_assert_int_eq(a->policies[0].mode, VD_MODE_OBSERVE);
	ck_assert_str_eq(a->policies[0].mode_source, "the default: new policies observe");
	ck_assert_int_eq(a->policies[1].mode, VD_MODE_WARN);
	ck_assert_str_eq(a->policies[1].mode_source, "its own mode");
	ck_assert_int_eq(b->policies[0].mode, VD_MODE_BLOCK);
	ck_assert_contains(b->policies[0].mode_source, "ramp entry for risk class destructive at ramp.policy:1");
	ck_assert_uint_eq(r->nramp, 1);
	ck_assert_str_eq(r->ramp[0].target, "destructive");
}
END_TEST

START_TEST(test_inventory_scopes_list_every_scope_branch)
{
	const vd_revision_info *r;

	fx_write(fx, "ramp.policy", "ramp { destructive block; credential-access block }\n");
	fx_commit(fx, "scope/group/contractors", "contractors: block credential access", NULL);
	vd_engine_free(engine);
	vd_pass(vd_engine_open(&engine, fx_path(fx), NULL));
	vd_pass(vd_inventory_scopes(&inv, engine));
	ck_assert_uint_eq(vd_inventory_count(inv), 2);
	ck_assert_str_eq(vd_inventory_get(inv, 0)->kind, "base");
	r = vd_inventory_get(inv, 1);
	ck_assert_str_eq(r->scope, "group/contractors");
	ck_assert_str_eq(r->kind, "group");
	ck_assert_str_eq(r->ref, "refs/heads/scope/group/contractors");
	ck_assert_int_eq(pack(r, "alpha")->policies[0].mode, VD_MODE_BLOCK);
}
END_TEST

START_TEST(test_inventory_reports_policies_that_do_not_compile)
{
	const vd_revision_info *r;

	fx_write(fx, "packs/beta/b.policy", "policy \"beta.one\" { on shell.exec; when nope == 1 }\n");
	fx_commit(fx, "main", "broken", NULL);
	vd_pass(vd_inventory_revision(&inv, engine, "main"));
	r = vd_inventory_get(inv, 0);
	ck_assert_ptr_nonnull(r->error);
	ck_assert_contains(r->error, "unknown field 'nope'");
	ck_assert_uint_eq(pack(r, "alpha")->npolicies, 0);
	vd_inventory_free(inv);
	inv = NULL;
	vd_fail_with(VD_ENOTFOUND, vd_inventory_revision(&inv, engine, "no-such-branch"));
}
END_TEST

START_TEST(test_packs_and_scopes_verbs)
{
	char *out = NULL, *err = NULL;
	const char *packs[] = { "packs", "--repo", fx_path(fx), NULL };
	const char *packs_json[] = { "packs", "--repo", fx_path(fx), "--format", "json", NULL };
	const char *scopes[] = { "scopes", "--repo", fx_path(fx), NULL };
	json_t *j;

	fx_write(fx, "ramp.policy", "ramp { destructive block; credential-access block }\n");
	fx_commit(fx, "scope/group/contractors", "contractors: block credential access", NULL);
	ck_assert_int_eq(fx_run(NULL, &out, &err, packs), 0);
	ck_assert_contains(out, "packs at main (");
	ck_assert_contains(out, "  ramp     destructive block\n");
	ck_assert_contains(out, "alpha.one  observe  severity block  the default: new policies observe\n");
	ck_assert_contains(out, "beta  version ");
	ck_assert_contains(out, "empty  version ");
	ck_assert_contains(out, "  (no policies)\n");
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, packs_json), 0);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "packs"), 1), "version")), second);
	json_decref(j);
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, scopes), 0);
	ck_assert_contains(out, "main ");
	ck_assert_contains(out, "group/contractors");
	ck_assert_contains(out, "  ramp     destructive block, credential-access block\n");
	ck_assert_contains(out, "  differs  alpha.one observe -> block\n");
	free(out);
	free(err);
}
END_TEST

Suite *
inventory_suite(void)
{
	Suite *s = suite_create("inventory");
	TCase *tc = tcase_create("inventory");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_inventory_pack_versions_are_the_last_commit_touching_them);
	tcase_add_test(tc, test_inventory_effective_modes_and_their_source);
	tcase_add_test(tc, test_inventory_scopes_list_every_scope_branch);
	tcase_add_test(tc, test_inventory_reports_policies_that_do_not_compile);
	tcase_add_test(tc, test_packs_and_scopes_verbs);
	suite_add_tcase(s, tc);
	return s;
}
