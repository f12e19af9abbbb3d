/*
 * packtest.c - policy tests: run the JSON cases in packs/<pack>/tests/, compare, report.
 *
 * Layer: runtime.  A test file holds cases (a JSON array, or an object with
 * "cases" and optional "defaults", fields every case's events start from):
 *
 *   { "name": "rm -rf of the home directory",
 *     "event": { "action": "shell.exec", "command": "rm -rf ~" },   (or a list)
 *     "scope": "group/contractors",     optional: judge at the live scopes
 *     "surface": "cursor",              optional: the event's surface
 *     "now": "2026-07-01",              optional: the clock for exceptions
 *     "expect": { "verdict": "pass", "would": "block",
 *                 "policies": ["destructive.delete-root-or-home"],
 *                 "exceptions": [], "message": "destroys" } }
 *
 * Without "scope" a case is judged at the revision under test (the working
 * tree, or --ref REV), which is what a pull request changes.  With a scope
 * ("main", "group/g", "repo/o/n", "user/u", "surface/s") the event is made
 * to fall in that scope and is judged at the live scope branches.
 *
 * Expectations: "verdict" and "would" are compared as words; "policies"
 * and "exceptions" are exact sets (order free) of the policies that matched
 * and were not excepted, and of the exceptions that turned a match into a
 * pass; "message" must occur in one match's message.  A case that cannot
 * run (bad JSON, an unknown key, an event that does not parse) is an error,
 * never a silent pass.
 */
#include "common.h"
#include "eval.h"
#include "store.h"
#include "buf.h"
#include "vec.h"

#include <fnmatch.h>
#include <jansson.h>

typedef struct {
	char *file;         /* packs/<pack>/tests/<file>.json */
	char *pack;
	char *name;
	int status;         /* VD_TEST_PASS, VD_TEST_FAIL, VD_TEST_ERROR */
	char *detail;       /* the diff, or the error */
} case_result;

struct vd_test_report {
	vd_vec(case_result) cases;
	vd_vec(char *) policies;    /* every policy at the revision under test */
	bool *covered;              /* parallel to policies */
	char *where;
};

static int compile_under_test(vd_tree_cache **c, vd_engine *e, const char **ref);
static int eval_under_test(vd_verdict *v, vd_engine *e, const char *ref, const vd_event *ev,
	vd_eval_options *o);

/* ---- results ------------------------------------------------------------ */

static void
add_result(vd_test_report *r, const char *file, const char *pack, const char *name, int status,
	const char *detail)
{
	case_result c;

	c.file = vd__strdup(file);
	c.pack = vd__strdup(pack);
	c.name = vd__strdup(name);
	c.status = status;
	c.detail = detail && *detail ? vd__strdup(detail) : NULL;
	vd_vec_push(&r->cases, c);
}

static void
cover(vd_test_report *r, const char *policy)
{
	size_t i;

	for (i = 0; i < r->policies.len; i++)
		if (strcmp(r->policies.ptr[i], policy) == 0)
			r->covered[i] = true;
}

/* ---- comparing ----------------------------------------------------------- */

typedef vd_vec(const char *) str_vec;

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
add_unique(str_vec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (strcmp(v->ptr[i], s) == 0)
			return;
	vd_vec_push(v, s);
}

static void
render_set(vd_buf *b, str_vec *v)
{
	size_t i;

	if (v->len > 1)
		qsort(v->ptr, v->len, sizeof(char *), str_cmp);
	vd__buf_putc(b, '[');
	for (i = 0; i < v->len; i++)
		vd__buf_printf(b, "%s%s", i ? ", " : "", v->ptr[i]);
	vd__buf_putc(b, ']');
}

static bool
same_set(str_vec *a, str_vec *b)
{
	size_t i;

	if (a->len != b->len)
		return false;
	if (a->len > 1) {
		qsort(a->ptr, a->len, sizeof(char *), str_cmp);
		qsort(b->ptr, b->len, sizeof(char *), str_cmp);
	}
	for (i = 0; i < a->len; i++)
		if (strcmp(a->ptr[i], b->ptr[i]) != 0)
			return false;
	return true;
}

/* An expected set from a JSON array of strings; false (and a message) if malformed. */
static bool
expected_set(json_t *arr, const char *key, str_vec *out, vd_buf *err)
{
	size_t i;

	if (!json_is_array(arr)) {
		vd__buf_printf(err, "expect.%s must be an array of ids", key);
		return false;
	}
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *s = json_array_get(arr, i);

		if (!json_is_string(s)) {
			vd__buf_printf(err, "expect.%s[%zu] must be a string", key, i);
			return false;
		}
		add_unique(out, json_string_value(s));
	}
	return true;
}

static int
verdict_word(const char *s)
{
	static const char *const words[] = { "pass", "warn", "ask", "block" };
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(words); i++)
		if (strcmp(s, words[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * Compare one verdict with the expectation; differences go to `diff` as
 * "- expected" / "+ actual" lines, a malformed expectation to `err`.
 */
static void
compare(vd_test_report *r, const vd_verdict *v, json_t *expect, vd_buf *diff, vd_buf *err)
{
	const char *key;
	json_t *val;
	str_vec actual_p = VD_VEC_INIT, actual_x = VD_VEC_INIT, want = VD_VEC_INIT;
	size_t i, n = vd_verdict_match_count(v);

	for (i = 0; i < n; i++) {
		const vd_match *m = vd_verdict_match(v, i);

		cover(r, m->policy);
		if (m->exception)
			add_unique(&actual_x, m->exception);
		else
			add_unique(&actual_p, m->policy);
	}
	json_object_foreach(expect, key, val) {
		if (strcmp(key, "verdict") == 0 || strcmp(key, "would") == 0) {
			vd_verdict_kind got = strcmp(key, "verdict") == 0 ? vd_verdict_get(v) : vd_verdict_would(v);
			int w;

			if (!json_is_string(val) || (w = verdict_word(json_string_value(val))) < 0) {
				vd__buf_printf(err, "expect.%s must be one of pass, warn, ask, block", key);
				break;
			}
			if ((vd_verdict_kind)w != got)
				vd__buf_printf(diff, "  - %s: %s\n  + %s: %s\n", key, json_string_value(val),
					key, vd_verdict_name(got));
		} else if (strcmp(key, "policies") == 0 || strcmp(key, "exceptions") == 0) {
			str_vec *got = key[0] == 'p' ? &actual_p : &actual_x;

			want.len = 0;
			if (!expected_set(val, key, &want, err))
				break;
			if (key[0] == 'p')
				for (i = 0; i < want.len; i++)
					cover(r, want.ptr[i]);
			if (!same_set(&want, got)) {
				vd__buf_printf(diff, "  - %s: ", key);
				render_set(diff, &want);
				vd__buf_printf(diff, "\n  + %s: ", key);
				render_set(diff, got);
				vd__buf_putc(diff, '\n');
			}
		} else if (strcmp(key, "message") == 0) {
			bool found = false;

			if (!json_is_string(val)) {
				vd__buf_puts(err, "expect.message must be a string");
				break;
			}
			for (i = 0; i < n && !found; i++)
				found = strstr(vd_verdict_match(v, i)->message, json_string_value(val)) != NULL;
			if (!found) {
				const vd_match *d = vd_verdict_decisive(v);

				vd__buf_printf(diff, "  - message containing: %s\n  + message: %s\n",
					json_string_value(val), d ? d->message : "(no match)");
			}
		} else {
			vd__buf_printf(err, "unknown key '%s' in expect; expected verdict, would, policies, exceptions or message", key);
			break;
		}
	}
	vd_vec_dispose(&actual_p);
	vd_vec_dispose(&actual_x);
	vd_vec_dispose(&want);
}

/* ---- running ---------------------------------------------------------------- */

typedef struct {
	vd_test_report *r;
	vd_engine *e;
	const vd_test_options *opts;
	vd_verdict *v;
	const vd_source *src;
	json_t *defaults;
} run_ctx;

/* Put the event in scope `scope` ("group/g", "user/u", ...) so that scope applies. */
static bool
enter_scope(json_t *ev, const char *scope, vd_buf *err)
{
	static const char *const keys[][2] = { { "user/", "user" }, { "repo/", "repo" },
		{ "surface/", "surface" } };
	size_t i;

	if (strncmp(scope, "group/", 6) == 0 && scope[6]) {
		json_t *g = json_object_get(ev, "groups");

		if (g == NULL || !json_is_array(g)) {
			g = json_array();
			json_object_set_new(ev, "groups", g);
		}
		json_array_append_new(g, json_string(scope + 6));
		return true;
	}
	for (i = 0; i < VD_ARRAY_SIZE(keys); i++)
		if (strncmp(scope, keys[i][0], strlen(keys[i][0])) == 0 && scope[strlen(keys[i][0])]) {
			json_object_set_new(ev, keys[i][1], json_string(scope + strlen(keys[i][0])));
			return true;
		}
	if (strchr(scope, '/') == NULL)
		return true;   /* the baseline branch: every event is in it */
	vd__buf_printf(err, "unknown scope '%s'; expected the baseline branch, group/G, repo/OWNER/NAME, user/U or surface/S",
		scope);
	return false;
}

static bool
matches_pattern(const char *pattern, const char *id, const char *pack)
{
	if (pattern == NULL || *pattern == '\0')
		return true;
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, id, 0) == 0 || fnmatch(pattern, pack, 0) == 0;
	return strstr(id, pattern) != NULL;
}

static void
run_case(run_ctx *x, json_t *c, size_t index)
{
	const vd_source *src = x->src;
	json_t *events, *expect, *scope, *surface, *now, *name;
	vd_buf diff = VD_BUF_INIT, err = VD_BUF_INIT, id = VD_BUF_INIT;
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;
	const char *case_name;
	char fallback[32];
	size_t k, nev;

	snprintf(fallback, sizeof(fallback), "case %zu", index + 1);
	if (!json_is_object(c)) {
		add_result(x->r, src->path, src->pack, fallback, VD_TEST_ERROR, "a case must be a JSON object");
		return;
	}
	name = json_object_get(c, "name");
	case_name = json_is_string(name) ? json_string_value(name) : fallback;
	vd__buf_printf(&id, "%s: %s", src->path, case_name);
	if (!matches_pattern(x->opts->pattern, vd__buf_cstr(&id), src->pack))
		goto done;
	{
		const char *key;
		json_t *val;

		json_object_foreach(c, key, val)
			if (strcmp(key, "name") && strcmp(key, "event") && strcmp(key, "expect") &&
			    strcmp(key, "scope") && strcmp(key, "surface") && strcmp(key, "now") &&
			    strcmp(key, "description")) {
				vd__buf_printf(&err, "unknown key '%s' in case; expected name, event, expect, scope, surface, now or description", key);
				goto report;
			}
	}
	events = json_object_get(c, "event");
	expect = json_object_get(c, "expect");
	scope = json_object_get(c, "scope");
	surface = json_object_get(c, "surface");
	now = json_object_get(c, "now");
	if (!json_is_object(events) && !(json_is_array(events) && json_array_size(events) > 0)) {
		vd__buf_puts(&err, "case has no 'event' (an event object, or a non-empty list of them)");
		goto report;
	}
	if (!json_is_object(expect)) {
		vd__buf_puts(&err, "case has no 'expect' object");
		goto report;
	}
	if ((scope && !json_is_string(scope)) || (surface && !json_is_string(surface))) {
		vd__buf_puts(&err, "'scope' and 'surface' must be strings");
		goto report;
	}
	o.now = x->opts->now;
	if (now) {
		int64_t t = json_is_string(now) ? vd__parse_time(json_string_value(now)) : -1;

		if (t < 0) {
			vd__buf_puts(&err, "'now' must be a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
			goto report;
		}
		o.now = (time_t)t;
	}
	nev = json_is_array(events) ? json_array_size(events) : 1;
	for (k = 0; k < nev && err.size == 0; k++) {
		json_t *one = json_is_array(events) ? json_array_get(events, k) : events, *merged;
		vd_event *ev = NULL;
		size_t before = diff.size;
		int rc;

		if (!json_is_object(one)) {
			vd__buf_printf(&err, "event %zu is not a JSON object", k + 1);
			break;
		}
		merged = x->defaults ? json_deep_copy(x->defaults) : json_object();
		json_object_update(merged, one);
		if (surface)
			json_object_set(merged, "surface", surface);
		if (scope && !enter_scope(merged, json_string_value(scope), &err)) {
			json_decref(merged);
			break;
		}
		if (vd__event_from_json(&ev, merged) < 0) {
			vd__buf_printf(&err, "event %zu: %s", k + 1, vd_error_last()->message);
			json_decref(merged);
			break;
		}
		if (scope) {
			o.ref = NULL;
			rc = vd_eval(x->v, x->e, ev, &o);
		} else {
			rc = eval_under_test(x->v, x->e, x->opts->ref, ev, &o);
		}
		if (rc < 0) {
			vd__buf_printf(&err, "event %zu: %s", k + 1, vd_error_last()->message);
		} else {
			compare(x->r, x->v, expect, &diff, &err);
			if (diff.size > before) {
				char *text = json_dumps(one, JSON_COMPACT | JSON_PRESERVE_ORDER);
				vd_buf head = VD_BUF_INIT;

				vd__buf_printf(&head, "  event %zu: %s\n", k + 1, text ? text : "?");
				vd__buf_put(&head, diff.ptr + before, diff.size - before);
				diff.size = before;
				vd__buf_put(&diff, head.ptr, head.size);
				vd_buf_dispose(&head);
				free(text);
			}
		}
		vd_event_free(ev);
		json_decref(merged);
	}
report:
	if (err.size)
		add_result(x->r, src->path, src->pack, case_name, VD_TEST_ERROR, err.ptr);
	else
		add_result(x->r, src->path, src->pack, case_name, diff.size ? VD_TEST_FAIL : VD_TEST_PASS,
			diff.ptr);
done:
	vd_buf_dispose(&diff);
	vd_buf_dispose(&err);
	vd_buf_dispose(&id);
}

static void
run_file(run_ctx *x, const vd_source *src)
{
	json_error_t jerr;
	json_t *root = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES, &jerr), *cases;
	size_t i;

	x->src = src;
	x->defaults = NULL;
	if (root == NULL) {
		char msg[512];

		snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %s", jerr.line,
			jerr.column, jerr.text);
		add_result(x->r, src->path, src->pack, "(file)", VD_TEST_ERROR, msg);
		return;
	}
	cases = json_is_array(root) ? root : json_object_get(root, "cases");
	if (json_is_object(root)) {
		x->defaults = json_object_get(root, "defaults");
		if (x->defaults && !json_is_object(x->defaults)) {
			add_result(x->r, src->path, src->pack, "(file)", VD_TEST_ERROR,
				"'defaults' must be an object of event fields");
			json_decref(root);
			return;
		}
	}
	if (!json_is_array(cases)) {
		add_result(x->r, src->path, src->pack, "(file)", VD_TEST_ERROR,
			"a test file holds a JSON array of cases, or an object with a \"cases\" array");
		json_decref(root);
		return;
	}
	for (i = 0; i < json_array_size(cases); i++)
		run_case(x, json_array_get(cases, i), i);
	json_decref(root);
}

int
vd_test_run(vd_test_report **out, vd_engine *e, const vd_test_options *opts)
{
	vd_test_options defaults = VD_TEST_OPTIONS_INIT;
	vd_test_report *r;
	vd_tree_cache *c;
	vd_source_set set;
	run_ctx x;
	size_t i;
	int rc;

	VD_ASSERT_ARG(out && e);
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	{
		const char *ref = opts->ref;

		if ((rc = compile_under_test(&c, e, &ref)) < 0)
			return rc;
		if (ref != opts->ref) {
			defaults = *opts;
			defaults.ref = ref;
			opts = &defaults;
		}
	}
	memset(&set, 0, sizeof(set));
	if ((rc = vd__store_pack_files(&set, e, opts->ref, "tests", ".json")) < 0) {
		vd__sources_dispose(&set);
		return rc;
	}
	r = vd__calloc(1, sizeof(*r));
	r->where = vd__strdup(opts->ref ? opts->ref : "the working tree");
	for (i = 0; i < c->rs->ir.policies.len; i++)
		vd_vec_push(&r->policies, vd__strdup(c->rs->ir.policies.ptr[i]->id));
	r->covered = vd__calloc(r->policies.len + 1, sizeof(bool));
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.e = e;
	x.opts = opts;
	vd_verdict_new(&x.v);
	for (i = 0; i < set.files.len; i++)
		run_file(&x, &set.files.ptr[i]);
	vd_verdict_free(x.v);
	vd__sources_dispose(&set);
	*out = r;
	return 0;
}

/* ---- regression cases from the audit log ----------------------------------------- */

/* The revision under test: --ref, HEAD when bare, else the working tree. */
static int
compile_under_test(vd_tree_cache **c, vd_engine *e, const char **ref)
{
	vd_scope *s;
	int rc;

	if (*ref == NULL && git_repository_is_bare(e->repo))
		*ref = "HEAD";
	if (*ref == NULL)
		return vd__store_compile_workdir(c, e);
	if ((rc = vd__store_pin(&s, e, *ref)) < 0)
		return rc;
	return vd__store_compile(c, e, s);
}

static int
eval_under_test(vd_verdict *v, vd_engine *e, const char *ref, const vd_event *ev,
	vd_eval_options *o)
{
	o->ref = ref;
	return ref ? vd_eval(v, e, ev, o) : vd__eval_worktree(v, e, ev, o);
}

typedef struct {
	int64_t row;
	char *json;
} recorded;

static json_t *
id_array(const vd_verdict *v, bool exceptions)
{
	json_t *arr = json_array();
	str_vec ids = VD_VEC_INIT;
	size_t i;

	for (i = 0; i < vd_verdict_match_count(v); i++) {
		const vd_match *m = vd_verdict_match(v, i);

		if (exceptions && m->exception)
			add_unique(&ids, m->exception);
		else if (!exceptions && !m->exception)
			add_unique(&ids, m->policy);
	}
	if (ids.len > 1)
		qsort(ids.ptr, ids.len, sizeof(char *), str_cmp);
	for (i = 0; i < ids.len; i++)
		json_array_append_new(arr, json_string(ids.ptr[i]));
	vd_vec_dispose(&ids);
	return arr;
}

int
vd_test_from_audit(vd_buf *out, vd_engine *e, vd_audit *audit, size_t n,
	const vd_test_options *opts)
{
	vd_test_options defaults = VD_TEST_OPTIONS_INIT;
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry en;
	vd_tree_cache *c;
	vd_verdict *v = NULL;
	recorded *ring = NULL;
	size_t seen = 0, i, skipped = 0;
	const char *ref;
	json_t *root = NULL, *cases = NULL;
	time_t now;
	char stamp[32];
	struct tm tm;
	int rc;

	VD_ASSERT_ARG(out && e && audit && n > 0);
	if (opts == NULL)
		opts = &defaults;
	ref = opts->ref;
	if ((rc = compile_under_test(&c, e, &ref)) < 0)
		return rc;
	q.raw = true;
	if ((rc = vd_audit_iter_new(&it, audit, &q)) < 0)
		return rc;
	/* The last n events: a ring over the whole log. */
	ring = vd__calloc(n, sizeof(*ring));
	while ((rc = vd_audit_iter_next(&en, it)) != 0) {
		recorded *slot;

		if (rc == VD_EINVALID) {
			skipped++;
			continue;
		}
		if (rc < 0)
			goto done;
		slot = &ring[seen % n];
		vd__free(slot->json);
		slot->row = en.id;
		slot->json = vd__strndup(en.json, en.json_len);
		seen++;
	}
	now = opts->now ? opts->now : vd__eval_now();
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	root = json_object();
	json_object_set_new(root, "description", json_sprintf(
		"Regression cases: the last %zu events of the audit log, pinned to the verdicts %s gave them at %s (verdict test --from-audit).",
		seen < n ? seen : n, ref ? ref : "the working tree", stamp));
	cases = json_array();
	vd_verdict_new(&v);
	for (i = seen > n ? seen - n : 0; i < seen; i++) {
		recorded *r = &ring[i % n];
		vd_eval_options o = VD_EVAL_OPTIONS_INIT;
		json_t *ev_json = json_loads(r->json, 0, NULL), *cs, *ex;
		vd_event *ev = NULL;
		const char *subject;

		o.now = now;
		if (ev_json == NULL || vd__event_from_json(&ev, ev_json) < 0 ||
		    eval_under_test(v, e, ref, ev, &o) < 0) {
			/* An event this revision cannot judge is no regression case. */
			skipped++;
			json_decref(ev_json);
			vd_event_free(ev);
			continue;
		}
		subject = vd__event_subject(ev, &v->arena);
		cs = json_object();
		json_object_set_new(cs, "name", json_sprintf("audit row %" PRId64 ": %s%s%.60s%s", r->row,
			vd_event_action(ev), subject ? " " : "", subject ? subject : "",
			subject && strlen(subject) > 60 ? "..." : ""));
		json_object_set_new(cs, "now", json_string(stamp));
		json_object_set(cs, "event", ev_json);
		ex = json_object();
		json_object_set_new(ex, "verdict", json_string(vd_verdict_name(vd_verdict_get(v))));
		json_object_set_new(ex, "would", json_string(vd_verdict_name(vd_verdict_would(v))));
		json_object_set_new(ex, "policies", id_array(v, false));
		json_object_set_new(ex, "exceptions", id_array(v, true));
		json_object_set_new(cs, "expect", ex);
		json_array_append_new(cases, cs);
		json_decref(ev_json);
		vd_event_free(ev);
	}
	if (skipped)
		json_object_set_new(root, "skipped", json_integer((json_int_t)skipped));
	json_object_set_new(root, "cases", cases);
	{
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		if (text == NULL) {
			rc = vd__error_set(VD_ERROR, "regression cases do not serialize to JSON");
			goto done;
		}
		vd__buf_puts(out, text);
		vd__buf_putc(out, '\n');
		free(text);
	}
	rc = (int)(seen < n ? seen : n) - (int)skipped;
	if (rc < 0)
		rc = 0;
done:
	vd_verdict_free(v);
	json_decref(root);
	for (i = 0; i < n; i++)
		vd__free(ring[i].json);
	vd__free(ring);
	vd_audit_iter_free(it);
	return rc;
}

/* ---- reports ------------------------------------------------------------------- */

size_t
vd_test_report_count(const vd_test_report *r)
{
	return r ? r->cases.len : 0;
}

static size_t
count_status(const vd_test_report *r, int status)
{
	size_t i, n = 0;

	for (i = 0; r && i < r->cases.len; i++)
		n += r->cases.ptr[i].status == status;
	return n;
}

size_t
vd_test_report_failures(const vd_test_report *r)
{
	return count_status(r, VD_TEST_FAIL);
}

size_t
vd_test_report_errors(const vd_test_report *r)
{
	return count_status(r, VD_TEST_ERROR);
}

int
vd_test_report_case(const vd_test_report *r, size_t i, vd_test_case *out)
{
	const case_result *c;

	VD_ASSERT_ARG(r && out && i < r->cases.len);
	c = &r->cases.ptr[i];
	out->file = c->file;
	out->pack = c->pack;
	out->name = c->name;
	out->status = (vd_test_status)c->status;
	out->detail = c->detail;
	return 0;
}

static void
summary(vd_buf *out, const vd_test_report *r)
{
	size_t n = r->cases.len, f = vd_test_report_failures(r), e = vd_test_report_errors(r);

	vd__buf_printf(out, "%zu%%: Checks: %zu, Failures: %zu, Errors: %zu\n",
		n ? (n - f - e) * 100 / n : 100, n, f, e);
}

static void
put_xml(vd_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': vd__buf_puts(b, "&lt;"); break;
		case '>': vd__buf_puts(b, "&gt;"); break;
		case '&': vd__buf_puts(b, "&amp;"); break;
		case '"': vd__buf_puts(b, "&quot;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				vd__buf_printf(b, "&#x%x;", (unsigned char)*s);
			else
				vd__buf_putc(b, *s);
		}
	}
}

static void
render_junit(vd_buf *out, const vd_test_report *r)
{
	size_t i = 0;

	vd__buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"verdict\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
		r->cases.len, vd_test_report_failures(r), vd_test_report_errors(r));
	while (i < r->cases.len) {
		const char *file = r->cases.ptr[i].file;
		size_t j, n = 0, f = 0, e = 0;

		for (j = i; j < r->cases.len && strcmp(r->cases.ptr[j].file, file) == 0; j++) {
			n++;
			f += r->cases.ptr[j].status == VD_TEST_FAIL;
			e += r->cases.ptr[j].status == VD_TEST_ERROR;
		}
		vd__buf_puts(out, "  <testsuite name=\"");
		put_xml(out, file);
		vd__buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", n, f, e);
		for (; i < j; i++) {
			const case_result *c = &r->cases.ptr[i];

			vd__buf_puts(out, "    <testcase classname=\"");
			put_xml(out, c->pack);
			vd__buf_puts(out, "\" name=\"");
			put_xml(out, c->name);
			if (c->status == VD_TEST_PASS) {
				vd__buf_puts(out, "\"/>\n");
				continue;
			}
			vd__buf_printf(out, "\">\n      <%s message=\"%s\">",
				c->status == VD_TEST_FAIL ? "failure" : "error",
				c->status == VD_TEST_FAIL ? "the verdict differs from the expected one" : "the case could not run");
			put_xml(out, c->detail);
			vd__buf_printf(out, "</%s>\n    </testcase>\n", c->status == VD_TEST_FAIL ? "failure" : "error");
		}
		vd__buf_puts(out, "  </testsuite>\n");
	}
	vd__buf_puts(out, "</testsuites>\n");
}

static int
render_json(vd_buf *out, const vd_test_report *r)
{
	json_t *o = json_object(), *cases = json_array(), *unc = json_array();
	static const char *const st[] = { "pass", "fail", "error" };
	size_t i;
	char *s;

	json_object_set_new(o, "tested", json_string(r->where));
	json_object_set_new(o, "checks", json_integer((json_int_t)r->cases.len));
	json_object_set_new(o, "failures", json_integer((json_int_t)vd_test_report_failures(r)));
	json_object_set_new(o, "errors", json_integer((json_int_t)vd_test_report_errors(r)));
	for (i = 0; i < r->cases.len; i++) {
		const case_result *c = &r->cases.ptr[i];
		json_t *j = json_object();

		json_object_set_new(j, "file", json_string(c->file));
		json_object_set_new(j, "pack", json_string(c->pack));
		json_object_set_new(j, "name", json_string(c->name));
		json_object_set_new(j, "status", json_string(st[c->status]));
		if (c->detail)
			json_object_set_new(j, "detail", json_string(c->detail));
		json_array_append_new(cases, j);
	}
	json_object_set_new(o, "cases", cases);
	for (i = 0; i < r->policies.len; i++)
		if (!r->covered[i])
			json_array_append_new(unc, json_string(r->policies.ptr[i]));
	json_object_set_new(o, "uncovered", unc);
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return vd__error_set(VD_ERROR, "test report does not serialize to JSON");
	vd__buf_puts(out, s);
	vd__buf_putc(out, '\n');
	free(s);
	return 0;
}

int
vd_test_report_render(vd_buf *out, const vd_test_report *r, vd_test_format format, bool verbose)
{
	static const char *const tags[] = { "ok   ", "FAIL ", "ERROR " };
	size_t i;

	VD_ASSERT_ARG(out && r);
	if (format == VD_TEST_JSON)
		return render_json(out, r);
	if (format == VD_TEST_JUNIT) {
		render_junit(out, r);
		return 0;
	}
	for (i = 0; i < r->cases.len; i++) {
		const case_result *c = &r->cases.ptr[i];

		if (c->status == VD_TEST_PASS && !verbose)
			continue;
		vd__buf_printf(out, "%s%s: %s\n", tags[c->status], c->file, c->name);
		if (c->detail)
			vd__buf_printf(out, "%s%s", c->status == VD_TEST_ERROR ? "  " : "", c->detail);
		if (c->detail && c->detail[strlen(c->detail) - 1] != '\n')
			vd__buf_putc(out, '\n');
	}
	if (r->cases.len == 0)
		vd__buf_printf(out, "no test cases found under packs/*/tests/*.json in %s\n", r->where);
	summary(out, r);
	return 0;
}

int
vd_test_report_coverage(vd_buf *out, const vd_test_report *r)
{
	size_t i, n = 0;

	VD_ASSERT_ARG(out && r);
	for (i = 0; i < r->policies.len; i++)
		if (!r->covered[i]) {
			vd__buf_printf(out, "not exercised: %s\n", r->policies.ptr[i]);
			n++;
		}
	vd__buf_printf(out, "%zu of %zu policies exercised by a test\n", r->policies.len - n,
		r->policies.len);
	return (int)n;
}

void
vd_test_report_free(vd_test_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->cases.len; i++) {
		vd__free(r->cases.ptr[i].file);
		vd__free(r->cases.ptr[i].pack);
		vd__free(r->cases.ptr[i].name);
		vd__free(r->cases.ptr[i].detail);
	}
	for (i = 0; i < r->policies.len; i++)
		vd__free(r->policies.ptr[i]);
	vd_vec_dispose(&r->cases);
	vd_vec_dispose(&r->policies);
	vd__free(r->covered);
	vd__free(r->where);
	vd__free(r);
}
