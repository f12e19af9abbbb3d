/*
 * check_index.c - the rule index (guards, needed fields) and the literal
 * prefilters of patterns: what they derive, and that a policy they leave
 * out could never have matched.
 */
#include "common.h"
#include "buf.h"
#include "cache.h"
#include "eval.h"
#include "event.h"
#include "ruleset.h"
#include "helpers.h"

static vd_ruleset *
compile(const char *text)
{
	vd_source s = { "packs/t/t.policy", "t", text, strlen(text) };
	vd_diags *d = vd__diags_new();
	vd_ruleset *rs = NULL;
	vd_buf b = VD_BUF_INIT;

	if (vd__ruleset_from_sources(&rs, &s, 1, d) < 0) {
		vd_diags_render(&b, d, false);
		ck_abort_msg("does not compile: %s", vd__buf_cstr(&b));
	}
	vd_diags_free(d);
	return rs;
}

/* The ids of the policies that match, space-separated, indexed or naive. */
static char *
matches(const vd_ruleset *rs, const char *json, bool naive)
{
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	vd_eval_params p;
	vd_buf out = VD_BUF_INIT;
	size_t i;

	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	memset(&p, 0, sizeof(p));
	p.naive = naive;
	vd_pass(vd__eval_one(v, rs, ev, &p, "main"));
	for (i = 0; i < vd_verdict_match_count(v); i++)
		vd_buf_printf(&out, "%s%s", i ? " " : "", vd_verdict_match(v, i)->policy);
	vd_verdict_free(v);
	vd_event_free(ev);
	if (out.ptr == NULL)
		vd_buf_put(&out, "", 0);
	return out.ptr ? out.ptr : strdup("");
}

static void
assert_matches(const vd_ruleset *rs, const char *json, const char *want)
{
	char *fast = matches(rs, json, false), *slow = matches(rs, json, true);

	ck_assert_msg(strcmp(slow, want) == 0, "naive: got '%s', want '%s' for %s", slow, want, json);
	ck_assert_msg(strcmp(fast, want) == 0, "indexed: got '%s', want '%s' for %s", fast, want, json);
	free(fast);
	free(slow);
}

/* Regression: a starts_with guard was looked up as if it were an equality. */
START_TEST(test_index_prefix_guard_finds_longer_values)
{
	vd_ruleset *rs = compile(
		"policy \"p\" {\n  mode block\n  on file.write, shell.exec\n  when command starts_with \"git\"\n}\n"
		"policy \"q\" {\n  mode block\n  on shell.exec\n  when url.path starts_with \"/raw\" or command == \"x\"\n}\n");

	/* p under both its actions; q's `or` leaves it without a guard. */
	ck_assert_uint_eq(rs->index.guarded, 2);
	assert_matches(rs, "{\"action\":\"shell.exec\",\"command\":\"git push -f main\"}", "p");
	/* The second simple command of a line, on another action. */
	assert_matches(rs, "{\"action\":\"file.write\",\"command\":\"bash -c 'git push' && ls\"}", "p");
	assert_matches(rs, "{\"action\":\"shell.exec\",\"command\":\"gi\"}", "");
	assert_matches(rs, "{\"action\":\"shell.exec\",\"command\":\"x\"}", "q");
	vd__ruleset_free(rs);
}
END_TEST

START_TEST(test_index_guards_equalities_on_lists_and_columns)
{
	vd_ruleset *rs = compile(
		"list hosts = [\"pastebin.com\", \"transfer.sh\"]\n"
		"policy \"host\" {\n  mode block\n  on web.fetch\n  when url.host in hosts and url.scheme == \"http\"\n}\n"
		"policy \"grp\" {\n  mode block\n  on *\n  when groups has \"contractors\" and action == \"web.fetch\"\n}\n"
		"policy \"flag\" {\n  mode block\n  on shell.exec\n  when command.flags has \"f\" and command.name == \"git\"\n}\n"
		"policy \"free\" {\n  mode block\n  on web.fetch\n  when url ~ 'evil'\n}\n");

	/* Every policy but the regex one has a guard, under each of its actions. */
	ck_assert_uint_eq(rs->index.guarded, VD_ACTION__COUNT + 2);
	assert_matches(rs, "{\"action\":\"web.fetch\",\"url\":\"http://pastebin.com/x\"}", "host");
	assert_matches(rs, "{\"action\":\"web.fetch\",\"url\":\"https://pastebin.com/x\"}", "");
	assert_matches(rs, "{\"action\":\"web.fetch\",\"url\":\"https://evil.io/\",\"groups\":[\"a\",\"contractors\"]}",
		"grp free");
	/* The name and the flag must be on the same simple command. */
	assert_matches(rs, "{\"action\":\"shell.exec\",\"command\":\"rm -f x; git status\"}", "");
	assert_matches(rs, "{\"action\":\"shell.exec\",\"command\":\"ls; git push -f\"}", "flag");
	vd__ruleset_free(rs);
}
END_TEST

START_TEST(test_index_skips_policies_whose_fields_are_absent)
{
	vd_ruleset *rs = compile(
		"policy \"key\" {\n  mode block\n  on file.read, file.write\n  when content ~ 'PRIVATE KEY' and path matches \"**\"\n}\n"
		"policy \"neg\" {\n  mode block\n  on file.read\n  when not (content has \"x\")\n}\n");

	/* `not` does not need its operand's field: an absent content still holds. */
	assert_matches(rs, "{\"action\":\"file.read\",\"path\":\"/a\"}", "neg");
	assert_matches(rs, "{\"action\":\"file.write\",\"path\":\"/a\",\"content\":\"-----BEGIN PRIVATE KEY\"}", "key");
	vd__ruleset_free(rs);
}
END_TEST

/* An event built without its present-field bits is judged in full, never skipped. */
START_TEST(test_index_event_without_present_bits_is_not_skipped)
{
	vd_ruleset *rs = compile(
		"policy \"key\" {\n  mode block\n  on file.write\n  when content ~ 'PRIVATE KEY'\n}\n");
	const char *json = "{\"action\":\"file.write\",\"path\":\"/a\",\"content\":\"PRIVATE KEY\"}";
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	vd_eval_params p;

	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	memset(ev->present, 0, sizeof(ev->present));
	vd_pass(vd_verdict_new(&v));
	memset(&p, 0, sizeof(p));
	vd_pass(vd__eval_one(v, rs, ev, &p, "main"));
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	vd_verdict_free(v);
	vd_event_free(ev);
	vd__ruleset_free(rs);
}
END_TEST

START_TEST(test_index_explanations_still_show_every_policy)
{
	vd_ruleset *rs = compile(
		"policy \"a\" {\n  mode block\n  on shell.exec\n  when command.name == \"rm\"\n}\n"
		"policy \"b\" {\n  mode block\n  on shell.exec\n  when command.name == \"dd\"\n}\n");
	const char *json = "{\"action\":\"shell.exec\",\"command\":\"ls\"}";
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	vd_eval_params p;
	vd_buf out = VD_BUF_INIT;

	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	memset(&p, 0, sizeof(p));
	v->explain = true;
	vd_pass(vd__eval_one(v, rs, ev, &p, "main"));
	vd_pass(vd_verdict_explain(&out, v));
	ck_assert_contains(out.ptr, "policy a");
	ck_assert_contains(out.ptr, "policy b");
	vd_buf_dispose(&out);
	vd_verdict_free(v);
	vd_event_free(ev);
	vd__ruleset_free(rs);
}
END_TEST

/* ---- literal prefilters -------------------------------------------- */

typedef struct {
	const char *pattern;
	bool glob;
	const char *want;          /* "lit|lit", "ci:lit", or NULL for none */
	const char *anchors;       /* a letter per literal (-PSE), NULL when all anywhere */
} lit_case;

static const lit_case lit_cases[] = {
	{ "(?i)\\b(drop|truncate)\\s+table\\b", false, "ci:table", NULL },
	{ "curl[^|]*\\|\\s*(ba)?sh", false, "curl", NULL },
	{ "-----BEGIN [A-Z ]*PRIVATE KEY-----", false, "PRIVATE KEY-----", NULL },
	{ "foo|barbaz", false, "foo|barbaz", NULL },
	{ "foo|b", false, NULL, NULL },            /* one alternative has no literal */
	{ "abc?d", false, "ab", NULL },            /* c may vanish */
	{ "ab+c", false, "ab", NULL },
	{ "a{0,2}bcd", false, "bcd", NULL },
	{ "^https?://", false, "http", NULL },     /* regexes are never anchored */
	{ "^abc$", false, "abc", NULL },
	{ "(?i)password\\s*=", false, "ci:word", NULL }, /* 's' folds to LONG S */
	{ "(?i)kiss", false, NULL, NULL },         /* 'k' folds to KELVIN SIGN */
	{ "\\Qa.b\\E", false, NULL, NULL },
	{ "(?x) a b", false, NULL, NULL },
	{ "x{", false, NULL, NULL },
	{ "caf\xc3\xa9?", false, "caf", NULL },   /* a multi-byte atom is never split */
	/* Globs match whole strings: a run that ends the glob is a suffix... */
	{ "**/.env", true, ".env", "S" },          /* the '/' after ** may vanish */
	{ "**/*.pem", true, ".pem", "S" },
	{ "[abc]def", true, "def", "S" },
	{ "{a,b}cd", true, "cd", "S" },
	{ "a?cd", true, "cd", "S" },
	{ "**/caf\xc3\xa9", true, "caf\xc3\xa9", "S" },
	{ "/proc/*/environ", true, "/environ", "S" },
	/* ...one that starts it a prefix, and a glob that is one run exact. */
	{ "/etc/**", true, "/etc/", "P" },
	{ "src/*.c", true, "src/", "P" },
	{ "abc{x,y}", true, "abc", "P" },
	{ "ab*cd", true, "ab", "P" },              /* the first of the longest */
	{ "*ab*cd", true, "cd", "S" },             /* a tie goes to an anchored run */
	{ ".env", true, ".env", "E" },
	{ "a,b}c", true, "a,b}c", "E" },           /* ',' and '}' outside braces are plain */
	/* Runs with something after and before them are anywhere. */
	{ "**/.ssh/id_*", true, ".ssh/id_", NULL },
	{ "**/.aws/**", true, ".aws/", NULL },     /* not "/.aws/": ** and / may vanish */
	{ "a*/xyz/*b", true, "/xyz/", NULL },
	{ "*.{pem,key}", true, NULL, NULL },
	{ "a\\*b", true, NULL, NULL },
};

START_TEST(test_literal_prefilters_table)
{
	const lit_case *c = &lit_cases[_i];
	vd_arena a = VD_ARENA_INIT;
	vd_str p = { c->pattern, (uint32_t)strlen(c->pattern) };
	const vd_str *lits = NULL;
	const uint8_t *anchors = NULL;
	uint32_t n = 0, k;
	bool ci = false, ok;
	vd_buf got = VD_BUF_INIT, where = VD_BUF_INIT;

	ok = vd__pattern_literals(&a, &p, 1, c->glob, &lits, &anchors, &n, &ci);
	if (c->want == NULL) {
		ck_assert_msg(!ok, "%s: expected no literal, got %u", c->pattern, n);
	} else {
		ck_assert_msg(ok, "%s: expected %s, got none", c->pattern, c->want);
		if (ci)
			vd__buf_puts(&got, "ci:");
		for (k = 0; k < n; k++) {
			vd_buf_printf(&got, "%s%.*s", k ? "|" : "", (int)lits[k].len, lits[k].s);
			if (anchors)
				vd__buf_putc(&where, "-PSE"[anchors[k]]);
		}
		ck_assert_str_eq(got.ptr, c->want);
		if (c->anchors)
			ck_assert_msg(anchors && strcmp(vd__buf_cstr(&where), c->anchors) == 0,
				"%s: expected anchors %s, got %s", c->pattern, c->anchors,
				anchors ? vd__buf_cstr(&where) : "none");
		else
			ck_assert_msg(anchors == NULL, "%s: expected no anchors", c->pattern);
	}
	vd_buf_dispose(&got);
	vd_buf_dispose(&where);
	vd__arena_dispose(&a);
}
END_TEST

/*
 * A list of globs: one literal per glob, anchored or not each on its own;
 * the anchored first, then the others by first byte (eval.c sweeps the
 * subject once for each first byte), otherwise in list order.
 */
START_TEST(test_literal_anchors_of_a_glob_list)
{
	static const vd_str globs[] = {
		{ "**/.aws/**", 10 }, { "**/.env", 7 }, { "**/x_y/**", 9 }, { "/etc/**", 7 },
		{ "**/.azure/**", 12 }, { "id_rsa", 6 }, { "**/.ssh/id_*", 12 },
	};
	static const char *const want[] = { ".env", "/etc/", "id_rsa", ".aws/", ".azure/", ".ssh/id_", "x_y/" };
	static const uint8_t want_anchor[] = {
		VD_LIT_SUFFIX, VD_LIT_PREFIX, VD_LIT_EXACT, VD_LIT_ANY, VD_LIT_ANY, VD_LIT_ANY, VD_LIT_ANY,
	};
	vd_arena a = VD_ARENA_INIT;
	const vd_str *lits = NULL;
	const uint8_t *anchors = NULL;
	uint32_t n = 0, k;
	bool ci = true;

	ck_assert(vd__pattern_literals(&a, globs, VD_ARRAY_SIZE(globs), true, &lits, &anchors, &n, &ci));
	ck_assert_uint_eq(n, VD_ARRAY_SIZE(want));
	ck_assert(!ci);
	ck_assert_ptr_nonnull(anchors);
	for (k = 0; k < n; k++) {
		ck_assert_uint_eq(lits[k].len, strlen(want[k]));
		ck_assert_mem_eq(lits[k].s, want[k], lits[k].len);
		ck_assert_int_eq(anchors[k], want_anchor[k]);
	}
	vd__arena_dispose(&a);
}
END_TEST

/* Strings PCRE2 matches must pass the prefilter, case folding included. */
START_TEST(test_literal_prefilter_never_rejects_a_match)
{
	vd_ruleset *rs = compile(
		"policy \"k\" {\n  mode block\n  on prompt.submit\n  when prompt ~ '(?i)password' or prompt ~ '(?i)secret key'\n}\n"
		"policy \"g\" {\n  mode block\n  on file.read\n  when path matches \"**/.env\"\n}\n");

	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"my PASSWORD is\"}", "k");
	/* LONG S and KELVIN SIGN fold to s and k under (?i) in UTF mode. */
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"pa\xc5\xbf\xc5\xbfword\"}", "k");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"SECRET \xe2\x84\xaa" "EY\"}", "k");
	assert_matches(rs, "{\"action\":\"file.read\",\"path\":\".env\",\"cwd\":\"/\"}", "g");
	assert_matches(rs, "{\"action\":\"file.read\",\"path\":\"/a/b/.env\"}", "g");
	assert_matches(rs, "{\"action\":\"file.read\",\"path\":\"/a/b/x.env\"}", "");
	vd__ruleset_free(rs);
	/* Anchored literals: suffix, prefix and exact, each on both sides. */
	rs = compile(
		"policy \"g\" {\n  mode block\n  on prompt.submit\n"
		"  when prompt matches [\"**/*.pem\", \"ls /etc*\", \"id\"]\n}\n");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"cat a/b.pem\"}", "g");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"cat a/b.pem.bak\"}", "");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"ls /etc/x\"}", "g");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"sudo ls /etc\"}", "");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"id\"}", "g");
	assert_matches(rs, "{\"action\":\"prompt.submit\",\"prompt\":\"idx\"}", "");
	vd__ruleset_free(rs);
}
END_TEST

/*
 * A rule set loaded from the compile cache indexes an action when an event
 * of it first comes (a hook judges one event), and judges as the compiled
 * set does.
 */
START_TEST(test_index_of_a_loaded_set_builds_each_action_when_needed)
{
	vd_ruleset *rs = compile(
		"list hosts = [\"pastebin.com\", \"transfer.sh\"]\n"
		"policy \"host\" {\n  mode block\n  on web.fetch\n  when url.host in hosts\n}\n"
		"policy \"grp\" {\n  mode block\n  on *\n  when groups has \"contractors\"\n}\n"
		"policy \"rm\" {\n  mode block\n  on shell.exec\n  when command.name == \"rm\"\n}\n");
	static const char *const evs[][2] = {
		{ "{\"action\":\"web.fetch\",\"url\":\"http://pastebin.com/x\"}", "host" },
		{ "{\"action\":\"web.fetch\",\"url\":\"http://x.io/\",\"groups\":[\"contractors\"]}", "grp" },
		{ "{\"action\":\"shell.exec\",\"command\":\"rm -rf /\"}", "rm" },
	};
	vd_ruleset *loaded = NULL;
	vd_buf b = VD_BUF_INIT;
	size_t i;
	int a;

	vd__cache_encode(&b, rs, "t");
	vd_pass(vd__cache_decode(&loaded, (const uint8_t *)b.ptr, b.size, "t", true));
	for (a = 0; a < VD_ACTION__COUNT; a++)
		ck_assert(rs->index.built[a] && !loaded->index.built[a]);
	ck_assert_uint_eq(loaded->index.guarded, 0);
	for (i = 0; i < VD_ARRAY_SIZE(evs); i++) {
		assert_matches(rs, evs[i][0], evs[i][1]);
		assert_matches(loaded, evs[i][0], evs[i][1]);
		if (i == 1) {
			/* web.fetch only: its two guarded policies. */
			for (a = 0; a < VD_ACTION__COUNT; a++)
				ck_assert(loaded->index.built[a] == (a == VD_ACTION_WEB_FETCH));
			ck_assert_uint_eq(loaded->index.guarded, 2);
		}
	}
	/* And shell.exec (with the actions a command line implies). */
	ck_assert(loaded->index.built[VD_ACTION_SHELL_EXEC]);
	ck_assert_uint_ge(loaded->index.guarded, 4);
	vd_buf_dispose(&b);
	vd__ruleset_free(loaded);
	vd__ruleset_free(rs);
}
END_TEST

Suite *
index_suite(void)
{
	Suite *s = suite_create("index");
	TCase *tc = tcase_create("guards");
	TCase *lit = tcase_create("literals");

	tcase_add_test(tc, test_index_prefix_guard_finds_longer_values);
	tcase_add_test(tc, test_index_guards_equalities_on_lists_and_columns);
	tcase_add_test(tc, test_index_skips_policies_whose_fields_are_absent);
	tcase_add_test(tc, test_index_explanations_still_show_every_policy);
	tcase_add_test(tc, test_index_event_without_present_bits_is_not_skipped);
	tcase_add_test(tc, test_index_of_a_loaded_set_builds_each_action_when_needed);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(lit, test_literal_prefilters_table, 0, (int)VD_ARRAY_SIZE(lit_cases));
	tcase_add_test(lit, test_literal_anchors_of_a_glob_list);
	tcase_add_test(lit, test_literal_prefilter_never_rejects_a_match);
	suite_add_tcase(s, lit);
	return s;
}
