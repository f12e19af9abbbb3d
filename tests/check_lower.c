/*
 * check_lower.c - the grammar and the lowering: valid sources lower to the
 * IR, and every kind of invalid source gets its exact diagnostic.
 */
#include "ruleset.h"
#include "helpers.h"

/* Lower and compile `text` as packs/p/test.policy; diagnostics rendered. */
static char *
lower_text(const char *text, vd_ruleset **rs_out)
{
	vd_source src = { "packs/p/test.policy", "p", text, strlen(text) };
	vd_diags *d = vd__diags_new();
	vd_ir ir;
	vd_ruleset *rs = NULL;
	vd_buf b = VD_BUF_INIT;
	char *out;

	memset(&ir, 0, sizeof(ir));
	vd__lower(&ir, &src, 1, d);
	vd__ruleset_compile(&rs, &ir, d);
	vd__diags_sort(d);
	vd_diags_render(&b, d, false);
	out = strdup(b.ptr ? b.ptr : "");
	vd_buf_dispose(&b);
	vd_diags_free(d);
	if (rs_out)
		*rs_out = rs;
	else
		vd__ruleset_free(rs);
	return out;
}

START_TEST(test_lower_full_policy)
{
	vd_ruleset *rs = NULL;
	char *diags = lower_text(
		"# a comment\n"
		"policy \"secrets.dotenv-read\" {\n"
		"  risk     credential-access\n"
		"  mode     warn   # trailing comment\n"
		"  severity block\n"
		"  on       file.read, file.edit\n"
		"  when     path matches \"**/.env\" or path matches [\"**/.env.*\"]\n"
		"  unless   path ends_with \".example\" or repo in trusted\n"
		"  message  \"reading {path} by {user} ({{literal}})\"\n"
		"}\n"
		"list trusted = [\"acme/sandbox\", 'raw\\d']\n"
		"policy \"b\" { on file.* ; when groups has \"x\" and not (user == \"y\") }\n"
		"policy \"c\" { severity warn; on git.commit when files.size > 5MB and commit.signed == false }\n"
		"policy \"d\" { on git.push when push.force }\n",
		&rs);
	const vd_policy *p;

	ck_assert_str_eq(diags, "");
	ck_assert_ptr_nonnull(rs);
	ck_assert_uint_eq(rs->ir.policies.len, 4);
	p = rs->ir.policies.ptr[0];
	ck_assert_str_eq(p->id, "secrets.dotenv-read");
	ck_assert_str_eq(p->pack, "p");
	ck_assert_str_eq(p->risk, "credential-access");
	ck_assert_int_eq(p->mode, VD_MODE_WARN);
	ck_assert_int_eq(p->severity, VD_MODE_BLOCK);
	ck_assert_int_eq(p->effective, VD_MODE_WARN);
	ck_assert(p->actions == ((1ull << VD_ACTION_FILE_READ) | (1ull << VD_ACTION_FILE_EDIT)));
	ck_assert_int_eq(p->when->op, VD_P_OR);
	ck_assert_int_eq(p->unless->op, VD_P_OR);
	ck_assert_uint_eq(p->message.nparts, 3);
	ck_assert_str_eq(p->message.parts[2].literal, " ({literal})");
	/* file.* expands to every file action */
	p = rs->ir.policies.ptr[1];
	ck_assert(p->actions & (1ull << VD_ACTION_FILE_DELETE));
	ck_assert(!(p->actions & (1ull << VD_ACTION_SHELL_EXEC)));
	ck_assert_int_eq(p->effective, VD_MODE_OBSERVE);
	/* numbers with units */
	p = rs->ir.policies.ptr[2];
	ck_assert_int_eq(p->when->a->num, 5000000);
	ck_assert_uint_eq(p->groups, 1u << VD_GROUP_FILE);
	/* index: file.read offers policy 0 and 1 */
	ck_assert_uint_eq(rs->nby_action[VD_ACTION_FILE_READ], 2);
	ck_assert_uint_eq(rs->nby_action[VD_ACTION_SHELL_EXEC], 0);
	vd__ruleset_free(rs);
	free(diags);
}
END_TEST

START_TEST(test_lower_string_escapes)
{
	vd_ruleset *rs = NULL;
	char *diags = lower_text(
		"policy \"e\" { on shell.exec when command.line == \"a\\\"b\\\\c\\n\\t\\x41\\u00e9\" }\n", &rs);

	ck_assert_str_eq(diags, "");
	ck_assert_str_eq(rs->ir.policies.ptr[0]->when->strs[0].s, "a\"b\\c\n\tA\xc3\xa9");
	vd__ruleset_free(rs);
	free(diags);
}
END_TEST

START_TEST(test_lower_ramp_resolution)
{
	vd_ruleset *rs = NULL;
	char *diags = lower_text(
		"policy \"a\" { risk r1 mode warn on shell.exec when user == \"x\" }\n"
		"policy \"b\" { risk r1 on shell.exec when user == \"x\" }\n"
		"policy \"c\" { risk r2 mode warn on shell.exec when user == \"x\" }\n"
		"policy \"d\" { on shell.exec when user == \"x\" }\n"
		"policy \"e\" { risk r1 severity warn on shell.exec when user == \"x\" }\n"
		"ramp { r1 block; \"c\" observe }\n", &rs);

	ck_assert_str_eq(diags, "");
	/* by risk class, overriding the policy's own mode */
	ck_assert_int_eq(rs->ir.policies.ptr[0]->effective, VD_MODE_BLOCK);
	ck_assert_int_eq(rs->ir.policies.ptr[1]->effective, VD_MODE_BLOCK);
	/* by id beats its own mode */
	ck_assert_int_eq(rs->ir.policies.ptr[2]->effective, VD_MODE_OBSERVE);
	ck_assert_contains(rs->ir.policies.ptr[2]->mode_source, "ramp entry for \"c\"");
	/* nothing: observe */
	ck_assert_int_eq(rs->ir.policies.ptr[3]->effective, VD_MODE_OBSERVE);
	vd__ruleset_free(rs);
	free(diags);
}
END_TEST

/* Each invalid source and the exact diagnostics it must produce. */
static const struct {
	const char *name;
	const char *src;
	const char *diags;
} invalid[] = {
	{ "unknown field",
	  "policy \"a\" { on file.read when pth == \"x\" }\n",
	  "packs/p/test.policy:1:32: error: unknown field 'pth'; did you mean 'path'?\n" },
	{ "unknown field, no suggestion",
	  "policy \"a\" { on file.read when zzzzzz == \"x\" }\n",
	  "packs/p/test.policy:1:32: error: unknown field 'zzzzzz'; expected an event field such as action, user, groups, repo, command, path, url or input.<key> (see `verdict explain --fields`)\n" },
	{ "unknown action",
	  "policy \"a\" { on file.reed when user == \"x\" }\n",
	  "packs/p/test.policy:1:17: error: unknown action 'file.reed' (did you mean 'file.read'?); expected one of shell.exec, file.read, file.write, file.edit, file.delete, file.search, mcp.call, web.fetch, web.search, prompt.submit, agent.task, session.start, session.end, git.commit, git.push, tool.call\n" },
	{ "action glob matching nothing",
	  "policy \"a\" { on nope.* when user == \"x\" }\n",
	  "packs/p/test.policy:1:17: error: action pattern 'nope.*' matches no action; actions are shell.exec, file.read, file.write, ... (see `verdict explain --fields`)\n" },
	{ "invalid regex",
	  "policy \"a\" { on shell.exec when command ~ \"(x\" }\n",
	  "packs/p/test.policy:1:43: error: invalid regular expression at offset 2: missing closing parenthesis\n" },
	{ "invalid glob",
	  "policy \"a\" { on file.read when path matches \"[x\" }\n",
	  "packs/p/test.policy:1:45: error: invalid glob: unclosed '[' (a character class needs ']') (at offset 0)\n" },
	{ "duplicate policy id",
	  "policy \"a\" { on file.read when user == \"x\" }\npolicy \"a\" { on file.read when user == \"y\" }\n",
	  "packs/p/test.policy:2:8: error: duplicate policy id \"a\"; first defined at packs/p/test.policy:1:8 (ids are unique across every pack of the ref)\n" },
	{ "undefined list",
	  "policy \"a\" { on file.read when user in admins }\n",
	  "packs/p/test.policy:1:40: error: undefined list 'admins'; declare it with `list admins = [ ... ]` in any file of the ref\n" },
	{ "mode above severity",
	  "policy \"a\" { mode block severity warn on file.read when user == \"x\" }\n",
	  "packs/p/test.policy:1:14: error: mode block is above severity warn in policy \"a\"; a policy's mode rises at most to its severity\n" },
	{ "missing on",
	  "policy \"a\" { when user == \"x\" }\n",
	  "packs/p/test.policy:1:8: error: policy \"a\" has no 'on' clause; expected the actions it judges, e.g. `on shell.exec` or `on file.*`\n" },
	{ "missing when",
	  "policy \"a\" { on shell.exec }\n",
	  "packs/p/test.policy:1:8: error: policy \"a\" has no 'when' clause; expected the condition it matches, e.g. `when path matches \"**/.env\"`\n" },
	{ "unknown ramp target",
	  "policy \"a\" { risk destructive on shell.exec when user == \"x\" }\nramp { destructiv block }\n",
	  "packs/p/test.policy:2:8: error: unknown ramp target 'destructiv'; expected a risk class used by a policy (destructive) or a policy id\n" },
	{ "unknown mode",
	  "policy \"a\" { mode blok on shell.exec when user == \"x\" }\n",
	  "packs/p/test.policy:1:19: error: unknown mode 'blok'; expected observe, warn, ask or block\n" },
	{ "observe is no severity",
	  "policy \"a\" { severity observe on shell.exec when user == \"x\" }\n",
	  "packs/p/test.policy:1:23: error: unknown severity 'observe'; expected warn, ask or block (observe is a mode, not a severity)\n" },
	{ "duplicate clause",
	  "policy \"a\" { on shell.exec when user == \"x\" when user == \"y\" }\n",
	  "packs/p/test.policy:1:45: error: duplicate 'when' clause in policy \"a\" (first at line 1); expected one (combine conditions with and / or)\n" },
	{ "number on a string field",
	  "policy \"a\" { on shell.exec when user == 5 }\n",
	  "packs/p/test.policy:1:41: error: user is a string; expected a string in quotes\n" },
	{ "string on a number field",
	  "policy \"a\" { on git.commit when files.size > \"big\" }\n",
	  "packs/p/test.policy:1:46: error: files.size is a number; expected a number such as 5 or 5MB\n" },
	{ "ordering on a string",
	  "policy \"a\" { on shell.exec when user < \"b\" }\n",
	  "packs/p/test.policy:1:38: error: '<' compares numbers, but user is a string; expected ==, !=, in, matches, ~, has, starts_with or ends_with\n" },
	{ "== with a list",
	  "policy \"a\" { on shell.exec when user == [\"a\"] }\n",
	  "packs/p/test.policy:1:41: error: '==' compares with one value, not a list; use `in` to test membership\n" },
	{ "in without a list",
	  "policy \"a\" { on shell.exec when user in \"a\" }\n",
	  "packs/p/test.policy:1:41: error: 'in' expects a list such as [\"a\", \"b\"] or the name of a list\n" },
	{ "bare string field",
	  "policy \"a\" { on shell.exec when user }\n",
	  "packs/p/test.policy:1:33: error: user is a string, not a condition; expected a comparison such as user == \"...\"\n" },
	{ "bad escape",
	  "policy \"a\" { on shell.exec when user == \"a\\qb\" }\n",
	  "packs/p/test.policy:1:43: error: unknown escape '\\q' in string; expected \\\\, \\\", \\n, \\t, \\r, \\0, \\xHH or \\uHHHH (write regular expressions as 'raw strings')\n" },
	{ "unknown message placeholder",
	  "policy \"a\" { on shell.exec when user == \"a\" message \"x {nope}\" }\n",
	  "packs/p/test.policy:1:53: error: unknown field '{nope}' in message; expected an event field such as {path} or {command}\n" },
	{ "invalid policy id",
	  "policy \"has space\" { on shell.exec when user == \"a\" }\n",
	  "packs/p/test.policy:1:8: error: policy id \"has space\" is not valid; expected letters, digits, '.', '_' and '-', starting with a letter or digit\n" },
	{ "unterminated string",
	  "policy \"a\" { on shell.exec when user == \"abc }\n",
	  "packs/p/test.policy:1:41: error: unterminated string; expected a closing \" on the same line\n" },
	{ "garbage at top level",
	  "polcy \"a\" { }\n",
	  "packs/p/test.policy:1:1: error: unexpected 'polcy'; expected a top-level item: policy, list, ramp, exception or settings\n" },
	{ "unknown setting",
	  "settings { on_eror block }\n",
	  "packs/p/test.policy:1:12: error: unknown setting 'on_eror'; expected on_error\n" },
	{ "bad setting value",
	  "settings { on_error maybe }\n",
	  "packs/p/test.policy:1:21: error: invalid value 'maybe' for on_error; expected block or pass\n" },
	{ "bad expiry date",
	  "policy \"a\" { on shell.exec when user == \"a\" }\nexception \"x\" { policies \"a\" reason \"r\" owner \"o\" expires 2026-02-30 }\n",
	  "packs/p/test.policy:2:59: error: '2026-02-30' is not a date; expected YYYY-MM-DD\n" },
	{ "exception without reason or owner",
	  "policy \"a\" { on shell.exec when user == \"a\" }\nexception \"x\" { policies \"a\" }\n",
	  "packs/p/test.policy:2:11: error: exception \"x\" has no 'reason'; say why it is safe, e.g. `reason \"throwaway credentials\"`\n"
	  "packs/p/test.policy:2:11: error: exception \"x\" has no 'owner'; name who answers for it, e.g. `owner \"alice\"`\n" },
	{ "duplicate list",
	  "list a = [\"x\"]\nlist a = [\"y\"]\n",
	  "packs/p/test.policy:2:6: error: duplicate list 'a'; a list name is defined once per ref\n" },
	{ "mixed list",
	  "list a = [\"x\", 3]\n",
	  "packs/p/test.policy:1:10: error: list 'a' mixes strings and numbers; expected one kind\n" },
	{ "control byte inside a comment is fine",
	  "policy \"a\" { on shell.exec when user == \"a\" }\n#\x01ok\n",
	  "" },
};

START_TEST(test_lower_invalid_table)
{
	char *got = lower_text(invalid[_i].src, NULL);

	ck_assert_msg(strcmp(got, invalid[_i].diags) == 0, "%s:\nexpected:\n%sgot:\n%s",
		invalid[_i].name, invalid[_i].diags, got);
	free(got);
}
END_TEST

START_TEST(test_lower_reports_every_error_in_one_run)
{
	char *got = lower_text(
		"policy \"a\" {\n"
		"  mode blok\n"
		"  on file.reed\n"
		"  when pth == \"x\" and user < \"b\"\n"
		"}\n"
		"policy \"b\" { on shell.exec when command ~ \"(\" or user in nolist }\n"
		"policy \"c\" { on shell.exec when user == \"a\" and }\n"
		"policy \"d\" { on file.read when path == \"ok\" }\n"
		"policy \"d\" { on file.read when path == \"dup\" }\n", NULL);
	size_t lines = 0;
	const char *p;

	for (p = got; *p; p++)
		lines += *p == '\n';
	ck_assert_msg(lines == 8, "expected 8 diagnostics, got:\n%s", got);
	ck_assert_contains(got, "test.policy:2:8: error: unknown mode 'blok'");
	ck_assert_contains(got, "test.policy:3:6: error: unknown action 'file.reed'");
	ck_assert_contains(got, "test.policy:4:8: error: unknown field 'pth'");
	ck_assert_contains(got, "test.policy:4:28: error: '<' compares numbers");
	ck_assert_contains(got, "test.policy:6:43: error: invalid regular expression");
	ck_assert_contains(got, "test.policy:6:58: error: undefined list 'nolist'");
	ck_assert_contains(got, "test.policy:7:45: error: incomplete condition: 'and' needs a comparison after it");
	ck_assert_contains(got, "test.policy:9:8: error: duplicate policy id \"d\"");
	free(got);
}
END_TEST

START_TEST(test_lower_never_crashes_on_truncations)
{
	/* Every prefix of a valid file is a syntax error or valid: never a crash. */
	const char *src =
		"list l = [\"a\", 'b']\n"
		"policy \"p.q\" { risk r mode warn severity block on file.read, shell.*\n"
		"  when (path matches \"**/x\" or not user in l) and groups has \"g\"\n"
		"  unless input.x.y == true message \"m {path}\" }\n"
		"ramp { r block }\nexception \"e\" { policies \"p.*\" when user == \"u\" reason \"r\" owner \"o\" expires 2030-01-01 }\n"
		"settings { on_error pass }\n";
	size_t n = strlen(src), i;

	for (i = 0; i <= n; i++) {
		char *cut = strndup(src, i);
		char *d = lower_text(cut, NULL);

		free(d);
		free(cut);
	}
	{
		char *d = lower_text(src, NULL);

		ck_assert_str_eq(d, "");
		free(d);
	}
}
END_TEST

START_TEST(test_lower_nesting_limit)
{
	char src[8192];
	char *d;
	int depth;

	for (depth = VD_MAX_NESTING - 2; depth <= VD_MAX_NESTING + 2; depth += 4) {
		size_t len = 0;
		int k;

		len += (size_t)sprintf(src + len, "policy \"a\" { on shell.exec when ");
		for (k = 0; k < depth; k++)
			len += (size_t)sprintf(src + len, "not ");
		sprintf(src + len, "user == \"x\" }\n");
		d = lower_text(src, NULL);
		if (depth < VD_MAX_NESTING)
			ck_assert_str_eq(d, "");
		else
			ck_assert_contains(d, "nested deeper than 64 levels");
		free(d);
	}
}
END_TEST

START_TEST(test_lower_file_size_limit)
{
	size_t n = VD_MAX_POLICY_FILE + 1;
	char *big = malloc(n + 1);
	char *d;

	memset(big, '#', n);
	big[n] = '\0';
	d = lower_text(big, NULL);
	ck_assert_contains(d, "the limit is 1048576 bytes per policy file");
	free(d);
	big[n - 2] = '\0'; /* just under the limit: a comment, valid */
	d = lower_text(big, NULL);
	ck_assert_str_eq(d, "");
	free(d);
	free(big);
}
END_TEST

START_TEST(test_lower_invalid_utf8)
{
	char *d = lower_text("policy \"a\" { on shell.exec when user == \"\xff\" }\n", NULL);

	ck_assert_str_eq(d, "packs/p/test.policy:1:42: error: invalid UTF-8 byte 0xff; expected UTF-8 text\n");
	free(d);
}
END_TEST

Suite *
lower_suite(void)
{
	Suite *s = suite_create("lower");
	TCase *tc = tcase_create("valid");
	TCase *te = tcase_create("errors");

	tcase_add_test(tc, test_lower_full_policy);
	tcase_add_test(tc, test_lower_string_escapes);
	tcase_add_test(tc, test_lower_ramp_resolution);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(te, test_lower_invalid_table, 0, VD_ARRAY_SIZE(invalid));
	tcase_add_test(te, test_lower_reports_every_error_in_one_run);
	tcase_add_test(te, test_lower_never_crashes_on_truncations);
	tcase_add_test(te, test_lower_nesting_limit);
	tcase_add_test(te, test_lower_file_size_limit);
	tcase_add_test(te, test_lower_invalid_utf8);
	suite_add_tcase(s, te);
	return s;
}
