/*
 * check_telemetry.c - bench/gen-telemetry: the events it writes are valid
 * events of the schema, in time order, the same bytes for the same seed,
 * spread over users, surfaces and actions, with the asked share of risky
 * ones.  Demos and benchmarks rely on all of that.
 */
#include "common.h"
#include "event.h"
#include "fixture.h"
#include "helpers.h"

#include <sys/wait.h>

/* The generator's output for `args` (a shell-quoted option string). */
static char *
generate(const char *args)
{
	const char *bin = getenv("GEN_TELEMETRY_BIN");
	char *cmd, *out = NULL;
	size_t len = 0;
	FILE *p;
	char chunk[65536];
	size_t n;

	ck_assert_msg(bin && *bin, "GEN_TELEMETRY_BIN is not set");
	ck_assert_int_ge(asprintf(&cmd, "%s %s", bin, args), 0);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0) {
		out = realloc(out, len + n + 1);
		memcpy(out + len, chunk, n);
		len += n;
	}
	ck_assert_int_eq(pclose(p), 0);
	free(cmd);
	if (out == NULL)
		out = strdup("");
	out[len] = '\0';
	return out;
}

START_TEST(test_telemetry_is_deterministic_for_a_seed)
{
	char *a = generate("--count 3000 --seed 42"), *b = generate("--count 3000 --seed 42");
	char *c = generate("--count 3000 --seed 43");

	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, c);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_telemetry_events_parse_and_look_real)
{
	char *text = generate("--count 20000 --days 7 --seed 7 --label");
	const char *line = text;
	size_t n = 0, risky = 0, actions[VD_ACTION__COUNT] = { 0 };
	const char *surfaces[] = { "claude-code", "cursor", "codex", "gemini-cli", "copilot-cli" };
	size_t seen_surface[VD_ARRAY_SIZE(surfaces)] = { 0 }, i;
	char last_time[32] = "";

	while (*line) {
		const char *nl = strchr(line, '\n');
		vd_event *ev = NULL;
		const vd_val *t, *s;

		ck_assert_ptr_nonnull(nl);
		vd_pass(vd_event_parse(&ev, line, (size_t)(nl - line)));
		actions[ev->action]++;
		/* Every event has who, where, which session and surface, and when. */
		ck_assert_int_eq(ev->f[VD_FIELD_USER].kind, VD_VAL_STR);
		ck_assert_int_eq(ev->f[VD_FIELD_GROUPS].kind, VD_VAL_LIST);
		ck_assert_int_eq(ev->f[VD_FIELD_REPO].kind, VD_VAL_STR);
		ck_assert_int_eq(ev->f[VD_FIELD_SESSION].kind, VD_VAL_STR);
		t = &ev->f[VD_FIELD_TIME];
		s = &ev->f[VD_FIELD_SURFACE];
		ck_assert_int_eq(t->kind, VD_VAL_STR);
		/* In time order: ISO-8601 UTC strings sort as times do. */
		ck_assert_msg(strcmp(last_time, t->u.s) <= 0, "%s after %s", t->u.s, last_time);
		snprintf(last_time, sizeof(last_time), "%s", t->u.s);
		for (i = 0; i < VD_ARRAY_SIZE(surfaces); i++)
			seen_surface[i] += strcmp(s->u.s, surfaces[i]) == 0;
		risky += memmem(line, (size_t)(nl - line), "\"synthetic\":{\"risky\"", strlen("\"synthetic\":{\"risky\"")) != NULL;
		vd_event_free(ev);
		line = nl + 1;
		n++;
	}
	ck_assert_uint_eq(n, 20000);
	for (i = 0; i < VD_ARRAY_SIZE(surfaces); i++)
		ck_assert_msg(seen_surface[i] > 100, "surface %s: %zu events", surfaces[i], seen_surface[i]);
	ck_assert_uint_gt(actions[VD_ACTION_SHELL_EXEC], 5000);
	ck_assert_uint_gt(actions[VD_ACTION_FILE_READ], 1000);
	ck_assert_uint_gt(actions[VD_ACTION_FILE_EDIT], 1000);
	ck_assert_uint_gt(actions[VD_ACTION_MCP_CALL], 100);
	ck_assert_uint_gt(actions[VD_ACTION_WEB_FETCH], 100);
	ck_assert_uint_gt(actions[VD_ACTION_PROMPT_SUBMIT], 500);
	/* --risky defaults to 15 per mille of the actions after each session's prompt. */
	ck_assert_msg(risky > 100 && risky < 500, "%zu risky events of 20000", risky);
	free(text);
}
END_TEST

START_TEST(test_telemetry_rejects_bad_options)
{
	const char *bin = getenv("GEN_TELEMETRY_BIN");
	char *cmd;

	ck_assert_int_ge(asprintf(&cmd, "%s --count x >/dev/null 2>&1", bin), 0);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 3);
	free(cmd);
	ck_assert_int_ge(asprintf(&cmd, "%s --days 0 >/dev/null 2>&1", bin), 0);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 3);
	free(cmd);
}
END_TEST

Suite *
telemetry_suite(void)
{
	Suite *s = suite_create("telemetry");
	TCase *tc = tcase_create("telemetry");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_telemetry_is_deterministic_for_a_seed);
	tcase_add_test(tc, test_telemetry_events_parse_and_look_real);
	tcase_add_test(tc, test_telemetry_rejects_bad_options);
	suite_add_tcase(s, tc);
	return s;
}
