/*
 * check_evform.c - an event's stored form: it rebuilds the same event the
 * parser made, only this build reads it, a damaged one is refused (never
 * crashes), and in the audit log it is inside the hash chain.
 */
#include "common.h"
#include "audit.h"
#include "buf.h"
#include "event.h"
#include "evform.h"
#include "helpers.h"
#include "fixture.h"

#include <sqlite3.h>

static const char *const shapes[] = {
	"{\"id\":\"e1\",\"time\":\"2026-05-01T10:00:00Z\",\"user\":\"alice\",\"groups\":[\"a\",\"b\"],"
	"\"repo\":\"acme/api\",\"session\":\"s1\",\"surface\":\"claude-code\",\"tool\":\"Bash\","
	"\"action\":\"shell.exec\",\"cwd\":\"/home/alice/src\","
	"\"command\":\"cd /tmp && sudo rm -rf ~/ > out.txt; bash -c 'git push -f origin main'\","
	"\"input\":{\"command\":\"x\",\"timeout\":30,\"nested\":{\"deep\":[\"p\",\"q\"]}}}",
	"{\"action\":\"file.read\",\"path\":\"../api/.env\",\"cwd\":\"/home/bob/src/web\",\"root\":\"/home/bob/src\"}",
	"{\"action\":\"web.fetch\",\"url\":\"HTTPS://User:pw@Example.COM.:8443/a/b?q=1#f\"}",
	"{\"action\":\"mcp.call\",\"mcp\":{\"server\":\"github\",\"tool\":\"create_issue\"},\"input\":{\"title\":\"t\"}}",
	"{\"action\":\"git.commit\",\"commit\":{\"id\":\"abc\",\"message\":\"m\",\"author\":{\"name\":\"A\",\"email\":\"a@x\"},"
	"\"signed\":true,\"parents\":2},\"files\":[{\"path\":\"a.c\",\"status\":\"modified\",\"size\":12,\"binary\":false,"
	"\"added\":[\"int x;\",\"\"]},{\"path\":\"b\",\"old_path\":\"c\",\"status\":\"renamed\"},{}]}",
	"{\"action\":\"git.push\",\"push\":{\"ref\":\"refs/heads/main\",\"force\":true,\"delete\":false}}",
	"{\"action\":\"prompt.submit\",\"prompt\":\"a prompt with \\u00e9 and \\u2028\"}",
	"{\"action\":\"shell.exec\",\"command\":\"\"}",
	"{\"action\":\"session.start\"}",
};

static void
assert_same_val(const vd_val *a, const vd_val *b, const char *where)
{
	uint32_t i;

	ck_assert_msg(a->kind == b->kind, "%s: kind %d, rebuilt %d", where, a->kind, b->kind);
	switch (a->kind) {
	case VD_VAL_STR:
		ck_assert_msg(a->n == b->n && memcmp(a->u.s, b->u.s, a->n) == 0 && b->u.s[b->n] == '\0',
			"%s: '%s' rebuilt as '%s'", where, a->u.s, b->u.s);
		break;
	case VD_VAL_INT:
		ck_assert_int_eq(a->u.i, b->u.i);
		break;
	case VD_VAL_BOOL:
		ck_assert_int_eq(a->u.b, b->u.b);
		break;
	case VD_VAL_LIST:
	case VD_VAL_COL:
		ck_assert_int_eq(a->n, b->n);
		for (i = 0; i < a->n; i++)
			assert_same_val(&a->u.items[i], &b->u.items[i], where);
		break;
	default:
		break;
	}
}

static void
assert_same_event(const vd_event *a, const vd_event *b)
{
	vd_arena scratch = VD_ARENA_INIT;
	vd_val x, y;
	size_t i;

	ck_assert_int_eq(a->action, b->action);
	for (i = 0; i < VD_GROUP__COUNT; i++)
		ck_assert_int_eq(a->n[i], b->n[i]);
	for (i = 0; i < VD_FIELD__COUNT; i++)
		assert_same_val(&a->f[i], &b->f[i], vd__fields[i].name);
	ck_assert_int_eq(memcmp(a->present, b->present, sizeof(a->present)), 0);
	if (a->subject)
		ck_assert_str_eq(a->subject, b->subject);
	else
		ck_assert_ptr_null(b->subject);
	ck_assert_int_eq(vd__event_input(a, "command", &x, &scratch), vd__event_input(b, "command", &y, &scratch));
	ck_assert_int_eq(vd__event_input(a, "nested.deep", &x, &scratch),
		vd__event_input(b, "nested.deep", &y, &scratch));
	if (vd__event_input(a, "timeout", &x, &scratch)) {
		ck_assert(vd__event_input(b, "timeout", &y, &scratch));
		assert_same_val(&x, &y, "input.timeout");
	}
	vd__arena_dispose(&scratch);
	/* The file and URL actions the command line implies come back too. */
	ck_assert_uint_eq(a->nimplied, b->nimplied);
	for (i = 0; i < a->nimplied; i++) {
		ck_assert_str_eq(a->implied[i].origin, b->implied[i].origin);
		ck_assert_ptr_eq(b->implied[i].parent, b);
		assert_same_event(&a->implied[i], &b->implied[i]);
	}
}

START_TEST(test_evform_rebuilds_the_parsed_event)
{
	vd_event *formed = vd__event_form_new();
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(shapes); i++) {
		vd_event *ev = NULL;
		vd_buf form = VD_BUF_INIT, json = VD_BUF_INIT;

		vd_pass(vd_event_parse(&ev, shapes[i], strlen(shapes[i])));
		vd__event_form_write(&form, ev);
		/* The same event object serves every read: it is reset each time. */
		vd_pass(vd__event_form_read(formed, form.ptr, form.size));
		assert_same_event(ev, formed);
		if (i == 0)  /* > out.txt and rm -rf ~/ imply a write and a delete */
			ck_assert_uint_ge(formed->nimplied, 2);
		vd_pass(vd_event_to_json(&json, formed));
		ck_assert_contains(json.ptr, "\"derived\"");
		vd_buf_dispose(&form);
		vd_buf_dispose(&json);
		vd_event_free(ev);
	}
	vd_event_free(formed);
}
END_TEST

START_TEST(test_evform_refuses_another_build_and_damage)
{
	vd_event *ev = NULL, *formed = vd__event_form_new();
	vd_buf form = VD_BUF_INIT;
	char *copy;
	size_t n, i;

	vd_pass(vd_event_parse(&ev, shapes[0], strlen(shapes[0])));
	vd__event_form_write(&form, ev);
	copy = malloc(form.size);
	/* Another build's id: not read, so the caller parses the JSON instead. */
	memcpy(copy, form.ptr, form.size);
	copy[4] ^= 1;
	vd_fail_with(VD_ENOTFOUND, vd__event_form_read(formed, copy, form.size));
	/* Every truncation is refused. */
	for (n = 0; n < form.size; n++)
		vd_fail_with(VD_EINVALID, vd__event_form_read(formed, form.ptr, n));
	/* A changed byte anywhere is read or refused, never a crash. */
	for (i = 20; i < form.size; i++) {
		int rc;

		memcpy(copy, form.ptr, form.size);
		copy[i] = (char)(copy[i] ^ 0x5a);
		rc = vd__event_form_read(formed, copy, form.size);
		ck_assert(rc == 0 || rc == VD_EINVALID);
	}
	vd_pass(vd__event_form_read(formed, form.ptr, form.size));
	free(copy);
	vd_buf_dispose(&form);
	vd_event_free(ev);
	vd_event_free(formed);
}
END_TEST

/* ---- in the audit log ---------------------------------------------------- */

static char *dir, *db;

static void
setup(void)
{
	fx_init();
	dir = fx_tmpdir();
	if (asprintf(&db, "%s/audit.db", dir) < 0)
		abort();
}

static void
teardown(void)
{
	fx_rmtree(dir);
	free(dir);
	free(db);
}

static void
record(vd_audit *a, const char *json)
{
	vd_event *ev = NULL;
	vd_verdict *v = NULL;

	vd_pass(vd_event_parse(&ev, json, strlen(json)));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_audit_record(a, ev, v));
	vd_verdict_free(v);
	vd_event_free(ev);
}

static void
sql(const char *text)
{
	sqlite3 *h = NULL;
	char *err = NULL;

	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, text, NULL, NULL, &err) == SQLITE_OK, "%s: %s", text, err);
	sqlite3_close(h);
}

static bool
verifies(void)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	vd_audit_report r;
	vd_audit *a = NULL;

	o.must_exist = true;
	vd_pass(vd_audit_open(&a, db, &o));
	vd_pass(vd_audit_verify(&r, a));
	vd_audit_close(a);
	return r.ok;
}

START_TEST(test_evform_rows_without_forms_verify_and_replay_from_json)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	vd_audit *a = NULL;
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	sqlite3 *lock = NULL;

	/*
	 * A log of schema 2, locked while a record comes: the record is
	 * spooled, and drained later without a form (as from an older verdict).
	 */
	vd_pass(vd__audit_create_at(db, 2));
	ck_assert_int_eq(sqlite3_open(db, &lock), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	o.busy_timeout_ms = 50;
	vd_pass(vd_audit_open(&a, db, &o));
	vd_pass(vd_event_parse(&ev, shapes[1], strlen(shapes[1])));
	vd_pass(vd_verdict_new(&v));
	vd_fail_with(VD_EIO, vd_audit_record(a, ev, v));
	vd_audit_close(a);
	vd_verdict_free(v);
	vd_event_free(ev);
	sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(lock);

	vd_pass(vd_audit_open(&a, db, NULL));     /* upgrades to schema 3, drains */
	ck_assert_int_eq(vd_audit_get_stats(a)->drained, 1);
	record(a, shapes[0]);
	vd_pass(vd_audit_close(a));
	ck_assert(verifies());

	o = (vd_audit_options)VD_AUDIT_OPTIONS_INIT;
	o.must_exist = true;
	vd_pass(vd_audit_open(&a, db, &o));
	q.events_only = true;
	vd_pass(vd_audit_iter_new(&it, a, &q));
	ck_assert_int_eq(vd_audit_iter_next(&e, it), 1);
	ck_assert_str_eq(vd_event_get(e.event, "path"), "/home/bob/src/api/.env");
	ck_assert_ptr_nonnull(e.json);            /* parsed from its JSON */
	ck_assert_int_eq(vd_audit_iter_next(&e, it), 1);
	ck_assert_str_eq(vd_event_action(e.event), "shell.exec");
	ck_assert_ptr_null(e.json);               /* rebuilt from its form */
	ck_assert_int_eq(vd_audit_iter_next(&e, it), 0);
	ck_assert_int_eq(vd__audit_iter_parsed(it), 1);
	vd_audit_iter_free(it);
	vd_audit_close(a);

	/* A form changed behind the log's back breaks the chain. */
	sql("DROP TRIGGER forms_no_update");
	sql("UPDATE forms SET form = substr(form, 1, length(form) - 1) || x'00'");
	ck_assert(!verifies());
}
END_TEST

START_TEST(test_evform_replay_reads_every_event_in_order_whatever_its_form)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	vd_audit *a = NULL;
	int64_t want = 1;
	size_t i;

	vd_pass(vd_audit_open(&a, db, NULL));
	for (i = 0; i < 6; i++)
		record(a, shapes[i]);
	vd_pass(vd_audit_close(a));
	/* Events 1, 3 and 6 lose their forms; event 4's was written by another normalization. */
	sql("DROP TRIGGER forms_no_delete");
	sql("DROP TRIGGER forms_no_update");
	sql("DELETE FROM forms WHERE event IN (1, 3, 6)");
	sql("UPDATE forms SET form = substr(form, 1, 4) || 'x' || substr(form, 6) WHERE event = 4");
	o.must_exist = true;
	vd_pass(vd_audit_open(&a, db, &o));
	q.events_only = true;
	vd_pass(vd_audit_iter_new(&it, a, &q));
	while (vd_audit_iter_next(&e, it) == 1) {
		vd_event *parsed = NULL;

		ck_assert_int_eq(e.id, want);
		vd_pass(vd_event_parse(&parsed, shapes[want - 1], strlen(shapes[want - 1])));
		assert_same_event(parsed, e.event);
		vd_event_free(parsed);
		want++;
	}
	ck_assert_int_eq(want, 7);
	ck_assert_int_eq(vd__audit_iter_parsed(it), 4);
	vd_audit_iter_free(it);
	vd_audit_close(a);
}
END_TEST

Suite *
evform_suite(void)
{
	Suite *s = suite_create("evform");
	TCase *f = tcase_create("form"), *a = tcase_create("audit");

	tcase_add_test(f, test_evform_rebuilds_the_parsed_event);
	tcase_add_test(f, test_evform_refuses_another_build_and_damage);
	suite_add_tcase(s, f);
	tcase_add_checked_fixture(a, setup, teardown);
	tcase_add_test(a, test_evform_rows_without_forms_verify_and_replay_from_json);
	tcase_add_test(a, test_evform_replay_reads_every_event_in_order_whatever_its_form);
	suite_add_tcase(s, a);
	return s;
}
