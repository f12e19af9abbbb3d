/*
 * check_limits.c - every documented limit (verdict.h, README "Limits"),
 * enforced with an error that names it, on both sides of the edge: the
 * largest policy file, the number of policy files and of policies, the
 * nesting of a condition, the size of an event, the length of a JSON
 * Lines line; and what is not a limit (a long flat `or` chain).
 */
#include "common.h"
#include "buf.h"
#include "eval.h"
#include "event.h"
#include "ruleset.h"
#include "fixture.h"
#include "helpers.h"

static fx_repo *fx;

static void
setup(void)
{
	fx_init();
	setenv("VERDICT_CACHE", "off", 1);
	fx = fx_repo_new(true);
}

static void
teardown(void)
{
	unsetenv("VERDICT_CACHE");
	fx_repo_free(fx);
}

/* Diagnostics of compiling `text` as one file, or "" when it compiles. */
static char *
compile_text(const char *text, size_t len)
{
	vd_source s = { "packs/t/t.policy", "t", text, len };
	vd_diags *d = vd__diags_new();
	vd_ruleset *rs = NULL;
	vd_buf b = VD_BUF_INIT;

	if (vd__ruleset_from_sources(&rs, &s, 1, d) < 0)
		vd_diags_render(&b, d, false);
	vd__ruleset_free(rs);
	vd_diags_free(d);
	return b.ptr ? b.ptr : strdup("");
}

/* A policy padded with comment lines to exactly `size` bytes. */
static char *
padded_policy(size_t size)
{
	const char *head = "policy \"p\" {\n  mode block\n  on shell.exec\n  when command.name == \"rm\"\n}\n";
	char *t = malloc(size + 1);
	size_t at = strlen(head);

	ck_assert_ptr_nonnull(t);
	memcpy(t, head, at);
	while (at < size) {
		size_t line = size - at < 80 ? size - at : 80;

		memset(t + at, '#', line);
		if (line > 1)
			t[at + line - 1] = '\n';
		at += line;
	}
	t[size] = '\0';
	return t;
}

START_TEST(test_limit_policy_file_size_both_sides)
{
	char *at = padded_policy(VD_LIMIT_POLICY_FILE_BYTES);
	char *over = padded_policy(VD_LIMIT_POLICY_FILE_BYTES + 1);
	char *d;
	vd_engine *e = NULL;
	vd_diags *diags = NULL;
	vd_buf b = VD_BUF_INIT;

	d = compile_text(at, strlen(at));
	ck_assert_str_eq(d, "");
	free(d);
	d = compile_text(over, strlen(over));
	ck_assert_contains(d, "packs/t/t.policy:1:1: error: file is 1048577 bytes; the limit is 1048576 bytes");
	free(d);

	/* Read from git: the oversized blob is reported by its size, never loaded. */
	fx_write(fx, "packs/t/at.policy", at);
	fx_commit(fx, "main", "at the limit", NULL);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd_engine_check(&diags, e, "main"));
	vd_diags_free(diags);
	fx_write(fx, "packs/t/over.policy", over);
	fx_commit(fx, "main", "over the limit", NULL);
	vd_fail_with(VD_EPOLICY, vd_engine_check(&diags, e, "main"));
	vd_pass(vd_diags_render(&b, diags, true));
	ck_assert_contains(b.ptr, "packs/t/over.policy:1:1: error: file is 1048577 bytes; the limit is 1048576 bytes");
	ck_assert_uint_eq(vd_diags_error_count(diags), 1);
	vd_buf_dispose(&b);
	vd_diags_free(diags);
	vd_engine_free(e);
	free(at);
	free(over);
}
END_TEST

START_TEST(test_limit_policy_files_both_sides)
{
	vd_engine *e = NULL;
	vd_diags *diags = NULL;
	char path[64];
	int i;

	for (i = 0; i < VD_LIMIT_POLICY_FILES; i++) {
		snprintf(path, sizeof(path), "packs/p%d/f%05d.policy", i % 10, i);
		fx_write(fx, path, "");
	}
	fx_commit(fx, "main", "10,000 files", NULL);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd_engine_check(&diags, e, "main"));
	ck_assert_uint_eq(vd_diags_files_checked(diags), VD_LIMIT_POLICY_FILES);
	vd_diags_free(diags);
	fx_write(fx, "packs/p0/one-more.policy", "");
	fx_commit(fx, "main", "10,001 files", NULL);
	vd_fail_with(VD_ELIMIT, vd_engine_check(&diags, e, "main"));
	ck_assert_contains(vd_error_last()->message, "more than 10000 policy files at one ref; the limit is 10000");
	vd_engine_free(e);
}
END_TEST

/* n minimal policies, in files below the size limit. */
static char *
policies(size_t n, vd_source **files, size_t *nfiles)
{
	vd_buf b = VD_BUF_INIT;
	size_t i, per = 20000, f;

	*nfiles = (n + per - 1) / per;
	*files = calloc(*nfiles, sizeof(vd_source));
	for (i = 0; i < n; i++)
		vd__buf_printf(&b, "policy \"p%zu\" { on * when user == \"u\" }\n", i);
	/* Each line is the same length or longer later; split at line starts. */
	{
		const char *p = b.ptr, *end = b.ptr + b.size;

		for (f = 0; f < *nfiles; f++) {
			const char *q = p;
			size_t k;

			for (k = 0; k < per && q < end; k++)
				q = strchr(q, '\n') + 1;
			ck_assert_int_ge(asprintf((char **)&(*files)[f].path, "packs/a/f%zu.policy", f), 0);
			(*files)[f].pack = "a";
			(*files)[f].text = p;
			(*files)[f].len = (size_t)(q - p);
			ck_assert_uint_le((*files)[f].len, VD_LIMIT_POLICY_FILE_BYTES);
			p = q;
		}
	}
	return b.ptr;
}

START_TEST(test_limit_policies_both_sides)
{
	size_t sides[] = { VD_LIMIT_POLICIES, VD_LIMIT_POLICIES + 1 }, k, f, nfiles;

	for (k = 0; k < 2; k++) {
		vd_source *files = NULL;
		char *text = policies(sides[k], &files, &nfiles);
		vd_diags *d = vd__diags_new();
		vd_ruleset *rs = NULL;
		int rc = vd__ruleset_from_sources(&rs, files, nfiles, d);

		if (k == 0) {
			ck_assert_int_eq(rc, 0);
			ck_assert_uint_eq(rs->ir.policies.len, VD_LIMIT_POLICIES);
		} else {
			vd_buf b = VD_BUF_INIT;

			ck_assert_int_eq(rc, VD_EPOLICY);
			vd_diags_render(&b, d, false);
			ck_assert_contains(b.ptr, "100001 policies at this ref; the limit is 100000 (this is policy 100001)");
			vd_buf_dispose(&b);
		}
		vd__ruleset_free(rs);
		vd_diags_free(d);
		for (f = 0; f < nfiles; f++)
			free((char *)files[f].path);
		free(files);
		free(text);
	}
}
END_TEST

static char *
nested(const char *open, const char *close, int depth)
{
	vd_buf b = VD_BUF_INIT;
	int i;

	vd__buf_puts(&b, "policy \"p\" {\n  mode block\n  on shell.exec\n  when ");
	for (i = 0; i < depth; i++)
		vd__buf_puts(&b, open);
	vd__buf_puts(&b, "user == \"x\"");
	for (i = 0; i < depth; i++)
		vd__buf_puts(&b, close);
	vd__buf_puts(&b, "\n}\n");
	return b.ptr;
}

START_TEST(test_limit_nesting_both_sides)
{
	struct { const char *open, *close; } kinds[] = { { "not ", "" }, { "(", ")" }, { "not (", ")" } };
	size_t k;

	for (k = 0; k < VD_ARRAY_SIZE(kinds); k++) {
		/* "not (" is two levels a time. */
		int per = k == 2 ? 2 : 1;
		char *at = nested(kinds[k].open, kinds[k].close, VD_LIMIT_NESTING / per);
		char *over = nested(kinds[k].open, kinds[k].close, VD_LIMIT_NESTING / per + 1);
		char *d;

		d = compile_text(at, strlen(at));
		ck_assert_msg(strcmp(d, "") == 0, "%s x%d: %s", kinds[k].open, VD_LIMIT_NESTING / per, d);
		free(d);
		d = compile_text(over, strlen(over));
		ck_assert_contains(d, "error: condition nested deeper than 64 levels");
		free(d);
		free(at);
		free(over);
	}
}
END_TEST

/* A chain of `or`s is one level however long, and judges like one. */
START_TEST(test_limit_long_chains_are_not_nesting)
{
	vd_buf b = VD_BUF_INIT;
	vd_source s;
	vd_diags *d = vd__diags_new();
	vd_ruleset *rs = NULL;
	vd_verdict *v = NULL;
	vd_eval_params p;
	const char *hits[] = { "{\"action\":\"shell.exec\",\"user\":\"u0\"}",
		"{\"action\":\"shell.exec\",\"user\":\"u49999\"}" };
	const char *miss = "{\"action\":\"shell.exec\",\"user\":\"u50000\"}";
	int i;

	vd__buf_puts(&b, "policy \"p\" {\n  mode block\n  on shell.exec\n  when ");
	for (i = 0; i < 50000; i++)
		vd__buf_printf(&b, "%suser == \"u%d\"", i ? " or " : "", i);
	vd__buf_puts(&b, "\n}\n");
	s.path = "packs/t/t.policy";
	s.pack = "t";
	s.text = b.ptr;
	s.len = b.size;
	vd_pass(vd__ruleset_from_sources(&rs, &s, 1, d));
	vd_pass(vd_verdict_new(&v));
	memset(&p, 0, sizeof(p));
	for (i = 0; i < 3; i++) {
		const char *json = i < 2 ? hits[i] : miss;
		vd_event *ev = NULL;

		vd_pass(vd_event_parse(&ev, json, strlen(json)));
		vd_pass(vd__eval_one(v, rs, ev, &p, "main"));
		ck_assert_int_eq(vd_verdict_get(v), i < 2 ? VD_BLOCK : VD_PASS);
		vd_event_free(ev);
	}
	vd_verdict_free(v);
	vd__ruleset_free(rs);
	vd_diags_free(d);
	vd_buf_dispose(&b);
}
END_TEST

/* An event padded with spaces to exactly `size` bytes. */
static char *
padded_event(size_t size)
{
	const char *json = "{\"action\":\"shell.exec\",\"command\":\"rm -rf /\"}";
	char *t = malloc(size + 1);

	ck_assert_ptr_nonnull(t);
	memset(t, ' ', size);
	memcpy(t, json, strlen(json));
	t[size] = '\0';
	return t;
}

START_TEST(test_limit_event_size_both_sides)
{
	char *at = padded_event(VD_LIMIT_EVENT_BYTES);
	vd_event *ev = NULL;

	vd_pass(vd_event_parse(&ev, at, VD_LIMIT_EVENT_BYTES));
	vd_event_free(ev);
	free(at);
	at = padded_event(VD_LIMIT_EVENT_BYTES + 1);
	vd_fail_with(VD_ELIMIT, vd_event_parse(&ev, at, VD_LIMIT_EVENT_BYTES + 1));
	ck_assert_contains(vd_error_last()->message, "event is 67108865 bytes; the limit is 67108864 bytes");
	free(at);
}
END_TEST

/* A hook payload with 10 MB of file content is an ordinary event. */
START_TEST(test_limit_ten_megabytes_of_content_are_judged)
{
	const char *pol = "policy \"key\" {\n  mode block\n  on file.write\n  when content ~ 'BEGIN RSA PRIVATE KEY'\n}\n";
	vd_source s = { "packs/t/t.policy", "t", pol, strlen(pol) };
	vd_diags *d = vd__diags_new();
	vd_ruleset *rs = NULL;
	vd_verdict *v = NULL;
	vd_event *ev = NULL;
	vd_eval_params p;
	vd_buf json = VD_BUF_INIT;
	size_t i;

	vd__buf_puts(&json, "{\"action\":\"file.write\",\"path\":\"/a/k\",\"content\":\"");
	for (i = 0; i < 10 * 1024 * 1024 / 64; i++)
		vd__buf_puts(&json, "MIIEowIBAAKCAQEA7x3Vq9J0lYc2yFabcdefghijklmnopqrstuvwxyz0123456\\n");
	vd__buf_puts(&json, "-----BEGIN RSA PRIVATE KEY-----\"}");
	ck_assert_uint_gt(json.size, 10 * 1024 * 1024);
	vd_pass(vd__ruleset_from_sources(&rs, &s, 1, d));
	vd_pass(vd_event_parse(&ev, json.ptr, json.size));
	vd_pass(vd_verdict_new(&v));
	memset(&p, 0, sizeof(p));
	vd_pass(vd__eval_one(v, rs, ev, &p, "main"));
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	vd_verdict_free(v);
	vd_event_free(ev);
	vd__ruleset_free(rs);
	vd_diags_free(d);
	vd_buf_dispose(&json);
}
END_TEST

/* JSON Lines through the CLI: a line at the limit is judged, one past it is an error. */
START_TEST(test_limit_line_length_both_sides)
{
	const char *small = "{\"action\":\"shell.exec\",\"command\":\"ls\"}\n";
	char *at = padded_event(VD_LIMIT_EVENT_BYTES);
	char *over = padded_event(VD_LIMIT_EVENT_BYTES + 1);
	vd_buf in = VD_BUF_INIT;
	char *out = NULL, *err = NULL;
	const char *args[] = { "eval", "--repo", NULL, NULL };
	int status;

	fx_write(fx, "packs/t/t.policy",
		"policy \"rm\" {\n  mode block\n  on shell.exec\n  when command.name == \"rm\"\n}\n");
	fx_commit(fx, "main", "rm", NULL);
	args[2] = fx_path(fx);
	/* A line's newline is not part of its event. */
	vd_buf_put(&in, small, strlen(small));
	vd_buf_put(&in, at, VD_LIMIT_EVENT_BYTES);
	vd_buf_put(&in, "\n", 1);
	vd_buf_put(&in, over, VD_LIMIT_EVENT_BYTES + 1);
	vd_buf_put(&in, "\n", 1);
	vd_buf_put(&in, small, strlen(small));
	status = fx_run(in.ptr, &out, &err, args);
	ck_assert_int_eq(status, 5);
	/* Four lines in, four lines out: pass, block, the error, pass. */
	ck_assert_contains(out, "\"verdict\":\"pass\"");
	ck_assert_contains(out, "\"verdict\":\"block\"");
	ck_assert_contains(out, "{\"line\":3,\"verdict\":null,\"error\":\"event is more than 67108864 bytes");
	ck_assert_contains(err, "line 3: event is more than 67108864 bytes");
	ck_assert_not_contains(err, "line 2");
	{
		size_t lines = 0;
		const char *p;

		for (p = out; *p; p++)
			lines += *p == '\n';
		ck_assert_uint_eq(lines, 4);
	}
	free(out);
	free(err);
	vd_buf_dispose(&in);
	free(at);
	free(over);
}
END_TEST

Suite *
limits_suite(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("limits");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_limit_policy_file_size_both_sides);
	tcase_add_test(tc, test_limit_policy_files_both_sides);
	tcase_add_test(tc, test_limit_policies_both_sides);
	tcase_add_test(tc, test_limit_nesting_both_sides);
	tcase_add_test(tc, test_limit_long_chains_are_not_nesting);
	tcase_add_test(tc, test_limit_event_size_both_sides);
	tcase_add_test(tc, test_limit_ten_megabytes_of_content_are_judged);
	tcase_add_test(tc, test_limit_line_length_both_sides);
	suite_add_tcase(s, tc);
	return s;
}
