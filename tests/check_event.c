/*
 * check_event.c - events from JSON: fields, derived values, and bad input.
 */
#include "event.h"
#include "helpers.h"

static vd_event *
parse(const char *json)
{
	vd_event *ev = NULL;

	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	return ev;
}

static const char *
str(const vd_event *ev, vd_field f)
{
	return ev->f[f].kind == VD_VAL_STR ? ev->f[f].u.s : NULL;
}

START_TEST(test_event_fields)
{
	vd_event *ev = parse("{\"id\":\"e1\",\"time\":\"2026-05-01T12:00:00Z\",\"user\":\"alice\","
		"\"groups\":[\"platform\",\"oncall\"],\"repo\":\"acme/api\",\"session\":\"s-42\","
		"\"surface\":\"claude-code\",\"tool\":\"Bash\",\"action\":\"shell.exec\","
		"\"command\":\"git push --force origin main\",\"mcp\":{\"server\":\"github\",\"tool\":\"create_issue\"},"
		"\"input\":{\"command\":\"x\",\"n\":3},\"unknown_future_field\":{\"ignored\":true}}");

	ck_assert_int_eq(ev->action, VD_ACTION_SHELL_EXEC);
	ck_assert_str_eq(str(ev, VD_FIELD_USER), "alice");
	ck_assert_int_eq(ev->f[VD_FIELD_GROUPS].kind, VD_VAL_LIST);
	ck_assert_uint_eq(ev->f[VD_FIELD_GROUPS].n, 2);
	ck_assert_str_eq(ev->f[VD_FIELD_GROUPS].u.items[1].u.s, "oncall");
	ck_assert_str_eq(str(ev, VD_FIELD_MCP_SERVER), "github");
	ck_assert_str_eq(str(ev, VD_FIELD_COMMAND_LINE), "git push --force origin main");
	ck_assert_uint_eq(ev->n[VD_GROUP_CMD], 1);
	ck_assert_str_eq(ev->f[VD_FIELD_COMMAND_NAME].u.items[0].u.s, "git");
	ck_assert_str_eq(vd_event_action(ev), "shell.exec");
	vd_event_free(ev);
}
END_TEST

START_TEST(test_event_paths_are_normalized)
{
	static const struct { const char *json; const char *path, *name, *ext, *rel; } cases[] = {
		{ "{\"action\":\"file.read\",\"path\":\"../api/.env\",\"cwd\":\"/home/a/src/web\"}",
		  "/home/a/src/api/.env", ".env", "", NULL },
		{ "{\"action\":\"file.read\",\"path\":\"/a//b/./c/../d.tar.gz\"}", "/a/b/d.tar.gz", "d.tar.gz", "gz", NULL },
		{ "{\"action\":\"file.read\",\"path\":\"~/.ssh/id_rsa\",\"home\":\"/home/bob\"}", "/home/bob/.ssh/id_rsa", "id_rsa", "", NULL },
		{ "{\"action\":\"file.read\",\"path\":\"/../../etc/passwd\"}", "/etc/passwd", "passwd", "", NULL },
		{ "{\"action\":\"file.edit\",\"path\":\"src/main.c\",\"cwd\":\"/r\",\"root\":\"/r\"}", "/r/src/main.c", "main.c", "c", "src/main.c" },
		{ "{\"action\":\"file.edit\",\"path\":\"/elsewhere/x\",\"root\":\"/r\"}", "/elsewhere/x", "x", "", NULL },
	};
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(cases); i++) {
		vd_event *ev = parse(cases[i].json);

		ck_assert_str_eq(str(ev, VD_FIELD_PATH), cases[i].path);
		ck_assert_str_eq(str(ev, VD_FIELD_PATH_NAME), cases[i].name);
		ck_assert_str_eq(str(ev, VD_FIELD_PATH_EXT), cases[i].ext);
		if (cases[i].rel)
			ck_assert_str_eq(str(ev, VD_FIELD_PATH_REPO), cases[i].rel);
		else
			ck_assert_ptr_null(str(ev, VD_FIELD_PATH_REPO));
		vd_event_free(ev);
	}
}
END_TEST

START_TEST(test_event_url_parts)
{
	vd_event *ev = parse("{\"action\":\"web.fetch\",\"url\":\"HTTPS://user:pw@Paste.Example.COM.:8443/raw/x?y=1#f\"}");

	ck_assert_str_eq(str(ev, VD_FIELD_URL_SCHEME), "https");
	ck_assert_str_eq(str(ev, VD_FIELD_URL_HOST), "paste.example.com");
	ck_assert_str_eq(str(ev, VD_FIELD_URL_PATH), "/raw/x");
	vd_event_free(ev);
}
END_TEST

START_TEST(test_event_git_fields)
{
	vd_event *ev = parse("{\"action\":\"git.commit\",\"commit\":{\"id\":\"abc\",\"message\":\"fix\","
		"\"author\":{\"name\":\"A\",\"email\":\"a@x.io\"},\"signed\":false,\"parents\":2},"
		"\"files\":[{\"path\":\"big.bin\",\"status\":\"added\",\"size\":6000000,\"binary\":true,\"mode\":\"regular\"},"
		"{\"path\":\"k.pem\",\"status\":\"added\",\"size\":10,\"added\":[\"-----BEGIN PRIVATE KEY-----\"]}],"
		"\"push\":{\"ref\":\"refs/heads/main\",\"force\":true}}");

	ck_assert_str_eq(str(ev, VD_FIELD_COMMIT_AUTHOR_EMAIL), "a@x.io");
	ck_assert_int_eq(ev->f[VD_FIELD_COMMIT_SIGNED].u.b, false);
	ck_assert_int_eq(ev->f[VD_FIELD_COMMIT_PARENTS].u.i, 2);
	ck_assert_uint_eq(ev->n[VD_GROUP_FILE], 2);
	ck_assert_int_eq(ev->f[VD_FIELD_FILES_SIZE].u.items[0].u.i, 6000000);
	ck_assert_str_eq(ev->f[VD_FIELD_DIFF_ADDED].u.items[1].u.items[0].u.s, "-----BEGIN PRIVATE KEY-----");
	ck_assert_int_eq(ev->f[VD_FIELD_PUSH_FORCE].u.b, true);
	vd_event_free(ev);
}
END_TEST

/* Bad input: each gets VD_EINVALID and a message naming what is wrong. */
static const struct {
	const char *json;
	const char *message;
} bad[] = {
	{ "", "empty input" },
	{ "   \n", "empty input" },
	{ "not json", "event is not valid JSON" },
	{ "{\"action\":\"shell.exec\"", "event is not valid JSON" },
	{ "[1,2]", "an event must be a JSON object, not an array" },
	{ "\"str\"", "an event must be a JSON object, not a string" },
	{ "{}", "missing field 'action'" },
	{ "{\"action\":\"shell.run\"}", "unknown action 'shell.run' in field 'action'; expected one of shell.exec," },
	{ "{\"action\":5}", "field 'action' must be a string, not an integer" },
	{ "{\"action\":\"file.read\",\"user\":[\"a\"]}", "field 'user' must be a string, not an array" },
	{ "{\"action\":\"file.read\",\"groups\":\"admins\"}", "field 'groups' must be an array of strings, not a string" },
	{ "{\"action\":\"file.read\",\"groups\":[\"a\",3]}", "field 'groups[1]' must be a string, not an integer" },
	{ "{\"action\":\"mcp.call\",\"mcp\":\"github\"}", "field 'mcp' must be an object with server and tool, not a string" },
	{ "{\"action\":\"git.commit\",\"files\":[{\"path\":\"a\",\"size\":\"big\"}]}", "field 'files[0].size' must be an integer, not a string" },
	{ "{\"action\":\"git.push\",\"push\":{\"force\":\"yes\"}}", "field 'push.force' must be true or false, not a string" },
	{ "{\"action\":\"file.read\",\"action\":\"shell.exec\"}", "event is not valid JSON: duplicate object key" },
};

START_TEST(test_event_bad_input)
{
	vd_event *ev = NULL;
	int rc = vd_event_parse(&ev, bad[_i].json, strlen(bad[_i].json));

	ck_assert_msg(rc == VD_EINVALID, "'%s' gave %d (%s)", bad[_i].json, rc, vd_error_last()->message);
	ck_assert_ptr_null(ev);
	ck_assert_contains(vd_error_last()->message, bad[_i].message);
}
END_TEST

START_TEST(test_event_nulls_are_absent)
{
	vd_event *ev = parse("{\"action\":\"file.read\",\"user\":null,\"groups\":null,\"path\":null}");

	ck_assert_int_eq(ev->f[VD_FIELD_USER].kind, VD_VAL_NONE);
	ck_assert_int_eq(ev->f[VD_FIELD_PATH].kind, VD_VAL_NONE);
	vd_event_free(ev);
}
END_TEST

START_TEST(test_event_to_json_includes_derived)
{
	vd_event *ev = parse("{\"action\":\"file.read\",\"path\":\"a/../b\",\"cwd\":\"/w\"}");
	vd_buf b = VD_BUF_INIT;

	vd_pass(vd_event_to_json(&b, ev));
	ck_assert_contains(b.ptr, "\"derived\":{");
	ck_assert_contains(b.ptr, "\"path\":\"/w/b\"");
	vd_buf_dispose(&b);
	vd_event_free(ev);
}
END_TEST

Suite *
event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("event");

	tcase_add_test(tc, test_event_fields);
	tcase_add_test(tc, test_event_paths_are_normalized);
	tcase_add_test(tc, test_event_url_parts);
	tcase_add_test(tc, test_event_git_fields);
	tcase_add_loop_test(tc, test_event_bad_input, 0, VD_ARRAY_SIZE(bad));
	tcase_add_test(tc, test_event_nulls_are_absent);
	tcase_add_test(tc, test_event_to_json_includes_derived);
	suite_add_tcase(s, tc);
	return s;
}
