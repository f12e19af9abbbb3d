/*
 * check_fmt.c - `verdict fmt`: the canonical layout, comments kept wherever
 * they are, idempotence (fmt of fmt is fmt), refusal to touch what does not
 * parse, the round trip on every starter pack, and the CLI.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "helpers.h"

static char *
format(const char *src)
{
	vd_buf b = VD_BUF_INIT;

	vd_pass(vd_policy_format(&b, src, strlen(src), "t.policy", NULL));
	return b.ptr ? b.ptr : strdup("");
}

/* fmt(src) == want, and fmt(want) == want. */
static void
assert_formats(const char *src, const char *want)
{
	char *once = format(src), *twice = format(once);

	ck_assert_msg(strcmp(once, want) == 0, "formatted:\n%s\nexpected:\n%s", once, want);
	ck_assert_msg(strcmp(twice, once) == 0, "not idempotent:\n%s\nthen:\n%s", once, twice);
	free(once);
	free(twice);
}

START_TEST(test_fmt_canonical_clauses)
{
	assert_formats(
		"policy  \"a.b\"{risk x;mode observe ; on file.read,file.write when path matches \"**/.env\"\n"
		"message 'raw'}",
		"policy \"a.b\" {\n"
		"  risk     x\n"
		"  mode     observe\n"
		"  on       file.read, file.write\n"
		"  when     path matches \"**/.env\"\n"
		"  message  'raw'\n"
		"}\n");
}
END_TEST

START_TEST(test_fmt_breaks_long_conditions_before_operators)
{
	assert_formats(
		"policy \"p\" { on shell.exec\n when command.name == \"git\" and command.argv has \"push\" and (command.flags has \"f\" or command.flags has \"force\" or command.argv matches \"+*\") and command.argv in [\"main\", \"master\"] }\n",
		"policy \"p\" {\n"
		"  on       shell.exec\n"
		"  when     command.name == \"git\"\n"
		"           and command.argv has \"push\"\n"
		"           and (command.flags has \"f\" or command.flags has \"force\" or command.argv matches \"+*\")\n"
		"           and command.argv in [\"main\", \"master\"]\n"
		"}\n");
	assert_formats(
		"policy \"p\" { on shell.exec\n when command.name in [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\", \"dddddddddd\", \"eeeeeeeeee\", \"ffffffffff\", \"gg\"] }\n",
		"policy \"p\" {\n"
		"  on       shell.exec\n"
		"  when     command.name in [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\", \"dddddddddd\", \"eeeeeeeeee\",\n"
		"                            \"ffffffffff\", \"gg\"]\n"
		"}\n");
}
END_TEST

START_TEST(test_fmt_lists_ramps_settings_exceptions)
{
	assert_formats(
		"list short = [\"a\",\"b\",]\n"
		"list long = [\"aaaaaaaaaaaaaaaaaaaa\", \"bbbbbbbbbbbbbbbbbbbbbbbb\", \"cccccccccccccccccccccc\", \"dddddddddddddddddddd\"]\n"
		"ramp { credential-access warn; destructive block }\n"
		"settings { on_error pass }\n"
		"exception \"e\" { policies \"a.*\", \"b.*\"; reason \"r\"; owner \"o\"; expires 2026-12-31 }\n",
		"list short = [\"a\", \"b\"]\n"
		"list long = [\n"
		"  \"aaaaaaaaaaaaaaaaaaaa\",\n"
		"  \"bbbbbbbbbbbbbbbbbbbbbbbb\",\n"
		"  \"cccccccccccccccccccccc\",\n"
		"  \"dddddddddddddddddddd\",\n"
		"]\n"
		"\n"
		"ramp {\n"
		"  credential-access  warn\n"
		"  destructive        block\n"
		"}\n"
		"\n"
		"settings {\n"
		"  on_error  pass\n"
		"}\n"
		"\n"
		"exception \"e\" {\n"
		"  policies \"a.*\", \"b.*\"\n"
		"  reason   \"r\"\n"
		"  owner    \"o\"\n"
		"  expires  2026-12-31\n"
		"}\n");
}
END_TEST

START_TEST(test_fmt_keeps_every_comment)
{
	const char *src =
		"# head\n\n\n"
		"# about a\n"
		"policy \"a\" { # after brace\n"
		"  risk x   # trailing risk   \n"
		"\n\n"
		"  # own line\n"
		"  on file.read, # mid on\n"
		"     file.write\n"
		"  when a == \"x\" # mid when\n"
		"   and b in [\"1\", # in list\n"
		"  \"2\"]\n"
		"} # after block\n"
		"list l = [ # first\n"
		"  \"a\", # ta\n"
		"  # own\n"
		"  \"b\"\n"
		"]\n"
		"ramp { x warn # t\n"
		"}\n"
		"# tail\n";

	assert_formats(src,
		"# head\n"
		"\n"
		"# about a\n"
		"policy \"a\" { # after brace\n"
		"  risk     x # trailing risk\n"
		"\n"
		"  # own line\n"
		"  on       file.read, # mid on\n"
		"           file.write\n"
		"  when     a == \"x\" # mid when\n"
		"           and b in [\"1\", # in list\n"
		"           \"2\"]\n"
		"} # after block\n"
		"\n"
		"list l = [ # first\n"
		"  \"a\", # ta\n"
		"  # own\n"
		"  \"b\",\n"
		"]\n"
		"\n"
		"ramp {\n"
		"  x  warn # t\n"
		"}\n"
		"\n"
		"# tail\n");
}
END_TEST

START_TEST(test_fmt_refuses_what_does_not_parse)
{
	vd_buf b = VD_BUF_INIT;
	vd_diags *d = NULL;
	const char *bad = "policy \"a\" { on file.read when path == }\n";

	vd_fail_with(VD_EPOLICY, vd_policy_format(&b, bad, strlen(bad), "bad.policy", &d));
	ck_assert_ptr_null(b.ptr);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_ge(vd_diags_error_count(d), 1);
	ck_assert_str_eq(vd_diags_get(d, 0)->file, "bad.policy");
	vd_diags_free(d);
	/* Unknown fields are not syntax: they format (check reports them). */
	vd_buf_dispose(&b);
	bad = "policy \"a\" { on x.y; when nope == 1 }";
	vd_pass(vd_policy_format(&b, bad, strlen(bad), NULL, NULL));
	vd_buf_dispose(&b);
}
END_TEST

/* Every starter pack is already in the canonical layout. */
START_TEST(test_fmt_round_trips_every_starter_pack)
{
	char dir[4096];
	DIR *packs;
	struct dirent *pe;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/packs", fx_source_dir());
	packs = opendir(dir);
	ck_assert_ptr_nonnull(packs);
	while ((pe = readdir(packs)) != NULL) {
		char pdir[8192];
		DIR *p;
		struct dirent *fe;

		if (pe->d_name[0] == '.')
			continue;
		snprintf(pdir, sizeof(pdir), "%s/%s", dir, pe->d_name);
		if ((p = opendir(pdir)) == NULL)
			continue;
		while ((fe = readdir(p)) != NULL) {
			char path[16384], *src, *once, *twice;
			size_t n = strlen(fe->d_name);

			if (n < 8 || strcmp(fe->d_name + n - 7, ".policy") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", pdir, fe->d_name);
			src = fx_read_file(path);
			once = format(src);
			twice = format(once);
			ck_assert_msg(strcmp(once, src) == 0, "%s is not in the canonical layout; run verdict fmt", path);
			ck_assert_msg(strcmp(twice, once) == 0, "%s: fmt of fmt differs", path);
			free(src);
			free(once);
			free(twice);
			files++;
		}
		closedir(p);
	}
	closedir(packs);
	ck_assert_int_ge(files, 7);
}
END_TEST

START_TEST(test_fmt_cli_check_and_rewrite)
{
	fx_repo *fx;
	char *out = NULL, *err = NULL, *text, path[4096];
	const char *check[] = { "fmt", "--check", "--repo", NULL, NULL };
	const char *write[] = { "fmt", "--repo", NULL, NULL };

	fx_init();
	fx = fx_repo_new(false);
	fx_write(fx, "packs/a/a.policy", "policy \"a\" {on file.read;when path==\"x\"}\n");
	fx_write(fx, "ramp.policy", "ramp {\n  a  block\n}\n");
	check[3] = write[2] = fx_path(fx);
	ck_assert_int_eq(fx_run(NULL, &out, &err, check), 1);
	ck_assert_str_eq(out, "packs/a/a.policy\n");
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, write), 0);
	ck_assert_str_eq(out, "packs/a/a.policy\n");
	snprintf(path, sizeof(path), "%s/packs/a/a.policy", fx_path(fx));
	text = fx_read_file(path);
	ck_assert_str_eq(text, "policy \"a\" {\n  on       file.read\n  when     path == \"x\"\n}\n");
	free(text);
	free(out);
	free(err);
	ck_assert_int_eq(fx_run(NULL, &out, &err, check), 0);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
	/* A file that does not parse is reported and left alone. */
	fx_write(fx, "bad.policy", "policy \"b\" { on\n");
	ck_assert_int_eq(fx_run(NULL, &out, &err, write), 4);
	ck_assert_contains(err, "bad.policy:");
	snprintf(path, sizeof(path), "%s/bad.policy", fx_path(fx));
	text = fx_read_file(path);
	ck_assert_str_eq(text, "policy \"b\" { on\n");
	free(text);
	free(out);
	free(err);
	{
		const char *dash[] = { "fmt", "-", NULL };

		ck_assert_int_eq(fx_run("list x=[\"a\"]", &out, &err, dash), 0);
		ck_assert_str_eq(out, "list x = [\"a\"]\n");
		free(out);
		free(err);
	}
	fx_repo_free(fx);
}
END_TEST

Suite *
fmt_suite(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("fmt");

	tcase_add_test(tc, test_fmt_canonical_clauses);
	tcase_add_test(tc, test_fmt_breaks_long_conditions_before_operators);
	tcase_add_test(tc, test_fmt_lists_ramps_settings_exceptions);
	tcase_add_test(tc, test_fmt_keeps_every_comment);
	tcase_add_test(tc, test_fmt_refuses_what_does_not_parse);
	tcase_add_test(tc, test_fmt_round_trips_every_starter_pack);
	tcase_add_test(tc, test_fmt_cli_check_and_rewrite);
	suite_add_tcase(s, tc);
	return s;
}
