/*
 * check_eval.c - the evaluator: the truth table of modes, severities and
 * ramps; comparisons and their list semantics; bindings; exceptions.
 */
#include "eval.h"
#include "helpers.h"

static vd_ruleset *
compile(const char *src)
{
	vd_source s = { "packs/t/t.policy", "t", src, strlen(src) };
	vd_diags *d = vd__diags_new();
	vd_buf b = VD_BUF_INIT;
	vd_ruleset *rs = NULL;
	vd_ir ir;

	memset(&ir, 0, sizeof(ir));
	vd__lower(&ir, &s, 1, d);
	vd__ruleset_compile(&rs, &ir, d);
	vd_diags_render(&b, d, false);
	ck_assert_msg(rs != NULL && d->errors == 0, "policy does not compile:\n%s", b.ptr);
	vd_buf_dispose(&b);
	vd_diags_free(d);
	return rs;
}

/* The rule set of the last judge(): matches borrow its policy ids. */
static vd_ruleset *judged_rs;

/* Judge `json` against `src`; release with done(). */
static vd_verdict *
judge_at(const char *src, const char *json, bool simulate, time_t now)
{
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	vd_scope_rec r = { "main", "base", "refs/heads/main", "c0ffee", "7ree", 0, 0 };
	vd_eval_params p;

	judged_rs = compile(src);
	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	v->action = vd_event_action(ev);
	v->subject = vd__event_subject(ev, &v->arena);
	vd_vec_push(&v->scopes, r);
	memset(&p, 0, sizeof(p));
	p.now = now ? now : 1767225600; /* 2026-01-01 */
	p.simulate_block = simulate;
	vd__eval_ruleset(v, 0, judged_rs, ev, &p);
	vd__eval_finish(v);
	v->subject = NULL;   /* it pointed into the event */
	vd_event_free(ev);
	return v;
}

static vd_verdict *
judge(const char *src, const char *json)
{
	return judge_at(src, json, false, 0);
}

static void
done(vd_verdict *v)
{
	vd_verdict_free(v);
	vd__ruleset_free(judged_rs);
	judged_rs = NULL;
}

/* The truth table: mode x severity -> verdict and would. */
static const struct {
	const char *clauses;
	vd_verdict_kind verdict, would;
} modes[] = {
	{ "", VD_PASS, VD_BLOCK },                              /* no mode: observe; severity defaults to block */
	{ "mode observe", VD_PASS, VD_BLOCK },
	{ "mode warn", VD_WARN, VD_BLOCK },
	{ "mode ask", VD_ASK, VD_BLOCK },
	{ "mode block", VD_BLOCK, VD_BLOCK },
	{ "severity warn", VD_PASS, VD_WARN },
	{ "mode warn severity warn", VD_WARN, VD_WARN },
	{ "mode observe severity ask", VD_PASS, VD_ASK },
	{ "mode ask severity ask", VD_ASK, VD_ASK },
};

START_TEST(test_eval_mode_truth_table)
{
	char src[256];
	vd_verdict *v;

	snprintf(src, sizeof(src), "policy \"p\" { %s on shell.exec when command.name == \"rm\" }",
		modes[_i].clauses);
	v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"rm x\"}");
	ck_assert_msg(vd_verdict_get(v) == modes[_i].verdict, "'%s': verdict %s", modes[_i].clauses,
		vd_verdict_name(vd_verdict_get(v)));
	ck_assert_msg(vd_verdict_would(v) == modes[_i].would, "'%s': would %s", modes[_i].clauses,
		vd_verdict_name(vd_verdict_would(v)));
	ck_assert_uint_eq(vd_verdict_match_count(v), 1);
	done(v);

	/* The same policy on a non-matching event: pass, nothing matched. */
	v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"ls x\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	ck_assert_int_eq(vd_verdict_would(v), VD_PASS);
	ck_assert_uint_eq(vd_verdict_match_count(v), 0);
	done(v);
}
END_TEST

START_TEST(test_eval_ramp_overrides_and_caps_at_severity)
{
	const char *src =
		"policy \"a\" { risk destructive mode warn on shell.exec when command.name == \"rm\" }\n"
		"policy \"b\" { risk destructive severity warn on shell.exec when command.name == \"rm\" }\n"
		"policy \"c\" { risk other mode block on shell.exec when command.name == \"rm\" }\n"
		"ramp { destructive block; \"c\" observe }\n";
	vd_verdict *v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"rm -rf x\"}");
	const vd_match *m;

	ck_assert_uint_eq(vd_verdict_match_count(v), 3);
	m = vd_verdict_match(v, 0);
	ck_assert_str_eq(m->policy, "a");
	ck_assert_int_eq(m->mode, VD_MODE_BLOCK);
	ck_assert_int_eq(m->verdict, VD_BLOCK);
	m = vd_verdict_match(v, 1);
	ck_assert_int_eq(m->mode, VD_MODE_BLOCK);
	ck_assert_int_eq(m->verdict, VD_WARN);          /* capped at its severity */
	m = vd_verdict_match(v, 2);
	ck_assert_int_eq(m->verdict, VD_PASS);          /* ramped down to observe */
	ck_assert_int_eq(m->would, VD_BLOCK);
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_decisive(v)->policy, "a");
	done(v);
}
END_TEST

START_TEST(test_eval_simulate_block_promotes_to_severity)
{
	const char *src =
		"policy \"a\" { on shell.exec when command.name == \"rm\" }\n"
		"policy \"b\" { mode warn severity warn on shell.exec when command.name == \"rm\" }\n";
	vd_verdict *v = judge_at(src, "{\"action\":\"shell.exec\",\"command\":\"rm x\"}", true, 0);

	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_int_eq(vd_verdict_match(v, 1)->verdict, VD_WARN);
	done(v);
}
END_TEST

/* Comparisons: each row is a condition and whether it holds on the event. */
static const char *cmp_event =
	"{\"action\":\"file.read\",\"user\":\"alice\",\"groups\":[\"platform\",\"oncall\"],"
	"\"repo\":\"acme/api\",\"path\":\"/home/alice/src/.env.local\",\"url\":\"https://x.io\","
	"\"input\":{\"file_path\":\"/x\",\"limit\":20,\"flag\":true,\"tags\":[\"a\",\"b\"],\"nested\":{\"k\":\"v\"}}}";

static const struct {
	const char *cond;
	bool holds;
} cmps[] = {
	{ "user == \"alice\"", true },
	{ "user == \"bob\"", false },
	{ "user != \"bob\"", true },
	{ "user != \"alice\"", false },
	{ "user in [\"bob\", \"alice\"]", true },
	{ "user in [\"bob\"]", false },
	{ "user starts_with \"al\"", true },
	{ "user ends_with \"ce\"", true },
	{ "user has \"lic\"", true },
	{ "user has [\"zz\", \"lic\"]", true },
	{ "user ~ '^a.+e$'", true },
	{ "user ~ '^b'", false },
	{ "path matches \"**/.env.*\"", true },
	{ "path matches \"**/.env\"", false },
	{ "path matches [\"**/.env\", \"**/.env.*\"]", true },
	{ "path.name == \".env.local\"", true },
	{ "path.ext == \"local\"", true },
	/* lists: any element; != means no element equals; has is membership */
	{ "groups == \"oncall\"", true },
	{ "groups == \"sales\"", false },
	{ "groups != \"sales\"", true },
	{ "groups != \"oncall\"", false },
	{ "groups has \"platform\"", true },
	{ "groups has \"plat\"", false },
	{ "groups in [\"sales\", \"platform\"]", true },
	{ "groups matches \"on*\"", true },
	/* absent fields: every comparison is false, even != */
	{ "session == \"s\"", false },
	{ "session != \"s\"", false },
	{ "not (session == \"s\")", true },
	{ "command.name == \"rm\"", false },
	/* boolean logic and precedence: not > and > or */
	{ "user == \"x\" or user == \"alice\" and repo == \"acme/api\"", true },
	{ "(user == \"x\" or user == \"alice\") and repo == \"nope\"", false },
	{ "not user == \"x\" and not repo == \"y\"", true },
	/* input.<key>: the tool's own input, any type */
	{ "input.file_path == \"/x\"", true },
	{ "input.limit > 10", true },
	{ "input.limit >= 21", false },
	{ "input.limit == 20", true },
	{ "input.flag == true", true },
	{ "input.flag", true },
	{ "input.tags has \"b\"", true },
	{ "input.nested.k == \"v\"", true },
	{ "input.missing == \"v\"", false },
	{ "input.file_path > 3", false },
	{ "url.host == \"x.io\"", true },
};

START_TEST(test_eval_comparisons)
{
	char src[512];
	vd_verdict *v;

	snprintf(src, sizeof(src), "policy \"p\" { mode block on file.read when %s }", cmps[_i].cond);
	v = judge(src, cmp_event);
	ck_assert_msg((vd_verdict_get(v) == VD_BLOCK) == cmps[_i].holds, "'%s' should %s",
		cmps[_i].cond, cmps[_i].holds ? "hold" : "not hold");
	done(v);
}
END_TEST

START_TEST(test_eval_numbers_and_booleans)
{
	const char *src =
		"policy \"big\" { mode block on git.commit when files.size > 5MB }\n"
		"policy \"unsigned\" { mode warn on git.commit when commit.signed == false and commit.parents < 2 }\n"
		"policy \"force\" { mode block on git.push when push.force }\n";
	vd_verdict *v;

	v = judge(src, "{\"action\":\"git.commit\",\"commit\":{\"signed\":false,\"parents\":1},"
		"\"files\":[{\"path\":\"small\",\"size\":10},{\"path\":\"huge.bin\",\"size\":5000001}]}");
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_uint_eq(vd_verdict_match_count(v), 2);
	ck_assert_str_eq(vd_verdict_match(v, 0)->element, "huge.bin");
	done(v);
	v = judge(src, "{\"action\":\"git.commit\",\"commit\":{\"signed\":true,\"parents\":1},"
		"\"files\":[{\"path\":\"x\",\"size\":5000000}]}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
	v = judge(src, "{\"action\":\"git.push\",\"push\":{\"force\":true}}");
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	done(v);
	v = judge(src, "{\"action\":\"git.push\",\"push\":{\"force\":false}}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
}
END_TEST

START_TEST(test_eval_group_fields_bind_one_element)
{
	const char *src = "policy \"rmr\" { mode block on shell.exec when command.name == \"rm\" and command.flags has \"r\" }";
	vd_verdict *v;

	/* rm without -r and ls with -r: no single command is both. */
	v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"rm a; ls -r\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
	v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"ls -r && rm -fr build\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->element, "rm -fr build");
	ck_assert_contains(vd_verdict_match(v, 0)->message, "[rmr] shell.exec");
	done(v);
}
END_TEST

START_TEST(test_eval_file_fields_bind_one_file_and_name_it)
{
	const char *src = "policy \"key\" { mode block on git.commit when files.path matches \"**/*.pem\" and files.status == \"added\" "
		"message \"{files.path} adds a key\" }";
	vd_verdict *v;

	v = judge(src, "{\"action\":\"git.commit\",\"files\":[{\"path\":\"a.pem\",\"status\":\"deleted\"},"
		"{\"path\":\"b.txt\",\"status\":\"added\"}]}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
	v = judge(src, "{\"action\":\"git.commit\",\"files\":[{\"path\":\"b.txt\",\"status\":\"added\"},"
		"{\"path\":\"certs/c.pem\",\"status\":\"added\"}]}");
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->element, "certs/c.pem");
	ck_assert_str_eq(vd_verdict_match(v, 0)->message, "[key] git.commit: certs/c.pem adds a key");
	done(v);
}
END_TEST

START_TEST(test_eval_diff_added_names_the_file)
{
	const char *src = "policy \"aws\" { mode block on git.commit when diff.added ~ '\\bAKIA[0-9A-Z]{16}\\b' }";
	vd_verdict *v = judge(src, "{\"action\":\"git.commit\",\"files\":["
		"{\"path\":\"README\",\"added\":[\"hello\"]},"
		"{\"path\":\"conf/prod.env\",\"added\":[\"x=1\",\"KEY=AKIAABCDEFGHIJKLMNOP\"]}]}");

	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->element, "conf/prod.env");
	done(v);
}
END_TEST

START_TEST(test_eval_unless_and_index)
{
	const char *src =
		"policy \"env\" { mode block on file.read when path matches \"**/.env*\" unless path ends_with \".example\" }\n"
		"policy \"other\" { mode block on shell.exec when command.name == \"cat\" }\n";
	vd_verdict *v;

	v = judge(src, "{\"action\":\"file.read\",\"path\":\"/a/.env.example\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
	v = judge(src, "{\"action\":\"file.read\",\"path\":\"/a/.env\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_uint_eq(vd_verdict_match_count(v), 1);
	done(v);
	/* A shell policy never meets a file.read event, even if its fields would match. */
	v = judge(src, "{\"action\":\"file.read\",\"path\":\"/a/b\",\"command\":\"cat x\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
}
END_TEST

START_TEST(test_eval_exceptions_pass_and_expire)
{
	const char *src =
		"policy \"secrets.env\" { mode block on file.read when path matches \"**/.env\" }\n"
		"exception \"sandbox\" { policies \"secrets.*\" when repo == \"acme/sandbox\" "
		"reason \"throwaway\" owner \"alice\" expires 2026-06-30 }\n";
	const char *sandbox = "{\"action\":\"file.read\",\"path\":\"/s/.env\",\"repo\":\"acme/sandbox\"}";
	vd_verdict *v;

	/* Before expiry, in the sandbox: a pass, recorded with the exception. */
	v = judge_at(src, sandbox, false, 1780000000 /* 2026-05-28 */);
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	ck_assert_int_eq(vd_verdict_would(v), VD_PASS);
	ck_assert_uint_eq(vd_verdict_match_count(v), 1);
	ck_assert_str_eq(vd_verdict_match(v, 0)->exception, "sandbox");
	done(v);
	/* The last second of the expiry day still counts. */
	v = judge_at(src, sandbox, false, 1782863999 /* 2026-06-30T23:59:59Z */);
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	done(v);
	/* After it: the policy decides again. */
	v = judge_at(src, sandbox, false, 1782864000 /* 2026-07-01 */);
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_ptr_null(vd_verdict_match(v, 0)->exception);
	done(v);
	/* Elsewhere: no exception. */
	v = judge_at(src, "{\"action\":\"file.read\",\"path\":\"/s/.env\",\"repo\":\"acme/api\"}", false, 1780000000);
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	done(v);
}
END_TEST

START_TEST(test_eval_exception_per_element)
{
	/* One command is excepted, another in the same line is not: block. */
	const char *src =
		"policy \"rm\" { mode block on shell.exec when command.name == \"rm\" }\n"
		"exception \"tmp\" { policies \"rm\" when command.argv has \"/tmp/x\" reason \"r\" owner \"o\" }\n";
	vd_verdict *v;

	v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"rm /tmp/x\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_PASS);
	ck_assert_str_eq(vd_verdict_match(v, 0)->exception, "tmp");
	done(v);
	v = judge(src, "{\"action\":\"shell.exec\",\"command\":\"rm /tmp/x; rm /etc/passwd\"}");
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_match(v, 0)->element, "rm /etc/passwd");
	done(v);
}
END_TEST

START_TEST(test_eval_messages_name_policy_and_action)
{
	const char *src =
		"policy \"p.msg\" { mode warn on file.read when path matches \"**/.env\" message \"reading {path} by {user} in {groups}\" }\n"
		"policy \"p.plain\" { mode warn on file.read when path matches \"**/.env\" }\n";
	vd_verdict *v = judge(src, "{\"action\":\"file.read\",\"path\":\"/r/.env\",\"user\":\"al\",\"groups\":[\"a\",\"b\"]}");

	ck_assert_str_eq(vd_verdict_match(v, 0)->message, "[p.msg] file.read: reading /r/.env by al in a, b");
	ck_assert_str_eq(vd_verdict_match(v, 1)->message, "[p.plain] file.read: /r/.env matched this policy");
	done(v);
}
END_TEST

Suite *
eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *tc = tcase_create("eval");

	tcase_add_loop_test(tc, test_eval_mode_truth_table, 0, VD_ARRAY_SIZE(modes));
	tcase_add_test(tc, test_eval_ramp_overrides_and_caps_at_severity);
	tcase_add_test(tc, test_eval_simulate_block_promotes_to_severity);
	tcase_add_loop_test(tc, test_eval_comparisons, 0, VD_ARRAY_SIZE(cmps));
	tcase_add_test(tc, test_eval_numbers_and_booleans);
	tcase_add_test(tc, test_eval_group_fields_bind_one_element);
	tcase_add_test(tc, test_eval_file_fields_bind_one_file_and_name_it);
	tcase_add_test(tc, test_eval_diff_added_names_the_file);
	tcase_add_test(tc, test_eval_unless_and_index);
	tcase_add_test(tc, test_eval_exceptions_pass_and_expire);
	tcase_add_test(tc, test_eval_exception_per_element);
	tcase_add_test(tc, test_eval_messages_name_policy_and_action);
	suite_add_tcase(s, tc);
	return s;
}
