/*
 * cmd_ci.c - `verdict ci`: the gate a pull request on the policy repo runs.
 *
 * Three steps, in order, each on the pull request's HEAD:
 *
 *   policies   every policy checks (all diagnostics; an error fails)
 *   pack tests every case of packs/<pack>/tests/ passes (vd_test_run)
 *   impact     the recorded events (audit log or events file) judged at
 *              BASE and at HEAD: the verdict diff (vd_diff_run), which
 *              fails the gate only with --max-new-blocks N
 *
 * and one document for the pull-request comment: a table of the three
 * results, every diagnostic, the failing tests, then the diff's own
 * report (its summary table first, the details folded).  BASE is compared
 * from its merge base with HEAD, so that what the base branch gained
 * since the pull request forked is not counted as the pull request's.
 * No telemetry is not a failure: the comment says so.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"

/* The gate's exit statuses beyond the library's (documented in --help). */
#define CI_EXIT_TESTS_FAIL 1     /* as `verdict test` */
#define CI_EXIT_OVER_THRESHOLD 2 /* the change blocks more than allowed */

typedef struct {
	/* what is compared */
	const char *base, *head;     /* as given (or defaulted) */
	vd_buf base_commit, head_commit;
	vd_buf merge_base;           /* empty when there is none */
	char merge_base_short[16];
	const char *diff_base;       /* what the diff runs at: base, or the merge base */
	/* policies */
	vd_diags *diags;
	bool check_failed;
	/* pack tests */
	vd_test_report *tests;
	vd_buf tests_skipped;        /* why they did not run */
	/* impact */
	vd_diff *diff;
	vd_buf diff_skipped;         /* why there is no diff (empty when there is one) */
	vd_buf source;               /* where the events came from, for people */
	uint64_t unreadable;         /* events the diff could not read */
	long long max_new_blocks;    /* -1: no threshold */
	bool over;
	/* the verdict of the gate */
	int status;
	vd_buf why;                  /* what failed it */
} ci_run;

/* The first failure decides the status; later ones are still reported. */
static void fail(ci_run *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
fail(ci_run *r, int status, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	if (r->status != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	r->status = status;
	vd_buf_printf(&r->why, "%s", why);
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- the steps ------------------------------------------------------------ */

/*
 * BASE and HEAD as commits.  Without --base the base is the default
 * branch, else origin's copy of it (a CI checkout often has only that).
 */
static int
resolve_revisions(ci_run *r, vd_engine *engine, bool base_given)
{
	static char fallback[512];

	if (vd_engine_resolve(&r->head_commit, engine, r->head) < 0)
		return cli_error_lib();
	if (vd_engine_resolve(&r->base_commit, engine, r->base) < 0) {
		if (base_given)
			return cli_error_lib();
		snprintf(fallback, sizeof(fallback), "origin/%s", r->base);
		vd_error_clear();
		vd_buf_clear(&r->base_commit);
		if (vd_engine_resolve(&r->base_commit, engine, fallback) < 0) {
			fprintf(stderr, "verdict: the default branch '%s' is not in the policy repository (nor %s); pass --base REV\n",
				r->base, fallback);
			return vd_error_exit_status(VD_ENOTFOUND);
		}
		r->base = fallback;
	}
	r->diff_base = r->base;
	if (vd_engine_merge_base(&r->merge_base, engine, r->base, r->head) < 0) {
		/* Unrelated histories: compare with the base as it is. */
		fprintf(stderr, "verdict: note: %s; comparing with %s itself\n", vd_error_last()->message,
			r->base);
		vd_error_clear();
		vd_buf_clear(&r->merge_base);
	} else if (strcmp(r->merge_base.ptr, r->base_commit.ptr) != 0) {
		vd_buf check = VD_BUF_INIT;

		/* The report names the merge base by its short id, when that is unambiguous. */
		snprintf(r->merge_base_short, sizeof(r->merge_base_short), "%.12s", r->merge_base.ptr);
		r->diff_base = vd_engine_resolve(&check, engine, r->merge_base_short) == 0 &&
			strcmp(check.ptr, r->merge_base.ptr) == 0 ? r->merge_base_short : r->merge_base.ptr;
		vd_error_clear();
		vd_buf_dispose(&check);
	}
	return 0;
}

static int
check_policies(ci_run *r, vd_engine *engine)
{
	int rc = vd_engine_check(&r->diags, engine, r->head);

	if (r->diags == NULL)
		return cli_error_lib();
	if (rc < 0) {
		r->check_failed = true;
		fail(r, vd_error_exit_status(VD_EPOLICY), "%zu %s in the policies at %s",
			vd_diags_error_count(r->diags), plural(vd_diags_error_count(r->diags), "error", "errors"),
			r->head);
	}
	vd_error_clear();
	return 0;
}

static int
run_tests(ci_run *r, vd_engine *engine)
{
	vd_test_options o = VD_TEST_OPTIONS_INIT;
	size_t failures, errors;

	if (r->check_failed) {
		vd_buf_printf(&r->tests_skipped, "not run: the policies at %s do not compile", r->head);
		return 0;
	}
	o.ref = r->head;
	if (vd_test_run(&r->tests, engine, &o) < 0)
		return cli_error_lib();
	failures = vd_test_report_failures(r->tests);
	errors = vd_test_report_errors(r->tests);
	if (errors)
		fail(r, vd_error_exit_status(VD_EINVALID), "%zu pack test %s cannot run", errors,
			plural(errors, "case", "cases"));
	else if (failures)
		fail(r, CI_EXIT_TESTS_FAIL, "%zu pack test %s %s", failures,
			plural(failures, "case", "cases"), plural(failures, "fails", "fail"));
	return 0;
}

static void
on_bad_event(void *payload, const vd_error *e)
{
	ci_run *r = payload;

	fprintf(stderr, "verdict: %s\n", e->message);
	r->unreadable++;
}

/*
 * Where the recorded events are: the events file, else the audit log.
 * Sets r->diff_skipped when there are none; fails the gate only when a
 * log that exists cannot be read.
 */
static void
open_telemetry(ci_run *r, const char *audit_path, const char *events, vd_audit **audit,
	vd_replay_options *ro)
{
	vd_audit_options ao = VD_AUDIT_OPTIONS_INIT;
	vd_buf where = VD_BUF_INIT;
	struct stat st;

	if (events) {
		if (strcmp(events, "-") != 0 && stat(events, &st) < 0) {
			vd_buf_printf(&r->diff_skipped, "no recorded events: the events file %s %s", events,
				errno == ENOENT ? "does not exist" : strerror(errno));
			return;
		}
		ro->events_path = events;
		vd_buf_printf(&r->source, "the events file %s", events);
		return;
	}
	if (audit_path)
		vd_buf_printf(&where, "%s", audit_path);
	else if (vd_audit_default_path(&where) < 0)
		vd_buf_printf(&where, "(no location: set VERDICT_AUDIT or pass --audit DB)");
	ao.must_exist = true;
	if (vd_audit_open(audit, audit_path, &ao) < 0) {
		const vd_error *e = vd_error_last();

		if (e->code == VD_ENOTFOUND || e->code == VD_EUSAGE) {
			vd_buf_printf(&r->diff_skipped, "no recorded events: there is no audit log at %s", where.ptr);
		} else {
			vd_buf_printf(&r->diff_skipped, "the audit log %s cannot be read: %s", where.ptr, e->message);
			fail(r, vd_error_exit_status(VD_EIO), "the audit log cannot be read");
		}
		*audit = NULL;
	} else {
		ro->audit = *audit;
		vd_buf_printf(&r->source, "the audit log %s", where.ptr);
	}
	vd_error_clear();
	vd_buf_dispose(&where);
}

static void
run_diff(ci_run *r, vd_engine *engine, const char *audit_path, const char *events)
{
	vd_replay_options ro = VD_REPLAY_OPTIONS_INIT;
	vd_audit *audit = NULL;
	const vd_diff_summary *s;

	if (r->check_failed) {
		vd_buf_printf(&r->diff_skipped, "not run: the policies at %s do not compile", r->head);
		return;
	}
	open_telemetry(r, audit_path, events, &audit, &ro);
	if (r->diff_skipped.size)
		goto done;
	ro.on_error = on_bad_event;
	ro.payload = r;
	if (vd_diff_run(&r->diff, engine, r->diff_base, r->head, &ro) < 0) {
		const vd_error *e = vd_error_last();

		if (e->code == VD_EPOLICY) {
			/* A change that repairs a broken base is welcome: not a failure. */
			vd_buf_printf(&r->diff_skipped, "not run: the policies at the base do not compile (%s)", e->message);
		} else if (e->code == VD_ENOTFOUND && events) {
			vd_buf_printf(&r->diff_skipped, "no recorded events: %s", e->message);
		} else {
			vd_buf_printf(&r->diff_skipped, "not run: %s", e->message);
			fail(r, vd_error_exit_status(e->code), "the recorded events cannot be replayed");
		}
		vd_diff_free(r->diff);
		r->diff = NULL;
		goto done;
	}
	s = vd_diff_get_summary(r->diff);
	if (s->events == 0) {
		vd_buf_printf(&r->diff_skipped, "no recorded events in %s%s", r->source.ptr,
			r->unreadable ? " that could be read" : "");
		vd_diff_free(r->diff);
		r->diff = NULL;
	} else if (r->max_new_blocks >= 0 && s->new_block > (uint64_t)r->max_new_blocks) {
		r->over = true;
		fail(r, CI_EXIT_OVER_THRESHOLD, "%" PRIu64 " recorded %s newly blocked, over --max-new-blocks %lld",
			s->new_block, plural(s->new_block, "event", "events"), r->max_new_blocks);
	}
done:
	vd_error_clear();
	vd_audit_close(audit);
}

/* ---- the document --------------------------------------------------------- */

static void
policies_line(vd_buf *b, const ci_run *r)
{
	size_t e = vd_diags_error_count(r->diags), w = vd_diags_warning_count(r->diags);

	vd_buf_printf(b, "%s: %zu %s in %zu %s; %zu %s, %zu %s", r->check_failed ? "failed" : "passed",
		vd_diags_policies_checked(r->diags), plural(vd_diags_policies_checked(r->diags), "policy", "policies"),
		vd_diags_files_checked(r->diags), plural(vd_diags_files_checked(r->diags), "file", "files"),
		e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"));
}

static void
tests_line(vd_buf *b, const ci_run *r)
{
	size_t n, f, e;

	if (r->tests == NULL) {
		vd_buf_printf(b, "%s", r->tests_skipped.ptr);
		return;
	}
	n = vd_test_report_count(r->tests);
	f = vd_test_report_failures(r->tests);
	e = vd_test_report_errors(r->tests);
	if (n == 0)
		vd_buf_printf(b, "passed: no test cases");
	else if (f == 0 && e == 0)
		vd_buf_printf(b, "passed: %zu %s", n, plural(n, "case", "cases"));
	else
		vd_buf_printf(b, "failed: %zu of %zu %s %s, %zu cannot run", f, n, plural(n, "case", "cases"),
			plural(f, "fails", "fail"), e);
}

static void
impact_line(vd_buf *b, const ci_run *r)
{
	const vd_diff_summary *s;

	if (r->diff == NULL) {
		vd_buf_printf(b, "%s", r->diff_skipped.ptr);
	} else {
		s = vd_diff_get_summary(r->diff);
		vd_buf_printf(b, "%s: %" PRIu64 " of %" PRIu64 " recorded %s change verdict: %" PRIu64
			" newly blocked, %" PRIu64 " newly warned, %" PRIu64 " looser",
			r->over ? "failed" : "shown", s->changed, s->events, plural(s->events, "event", "events"),
			s->new_block, s->new_warn, s->looser);
	}
	if (r->max_new_blocks >= 0)
		vd_buf_printf(b, " (at most %lld newly blocked allowed%s)", r->max_new_blocks,
			r->diff ? r->over ? ": over" : "" : ": not evaluated");
}

static void
result_line(vd_buf *b, const ci_run *r)
{
	if (r->status == 0)
		vd_buf_printf(b, "passed");
	else
		vd_buf_printf(b, "failed (exit %d): %s", r->status, r->why.ptr);
}

static void
short_commit(vd_buf *b, const vd_buf *commit)
{
	vd_buf_printf(b, "%.12s", commit->ptr ? commit->ptr : "");
}

/* `text` as inline code, whatever backticks it holds. */
static void
md_code(vd_buf *b, const char *text)
{
	size_t run = 0, longest = 0, i, n;
	const char *p;

	for (p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = longest + 1;
	for (i = 0; i < n; i++)
		vd_buf_put(b, "`", 1);
	vd_buf_printf(b, "%s%s%s", longest ? " " : "", text, longest ? " " : "");
	for (i = 0; i < n; i++)
		vd_buf_put(b, "`", 1);
}

/* A fenced block that nothing in `text` can close. */
static void
md_block(vd_buf *b, const char *text)
{
	size_t run = 0, longest = 0, i;
	const char *p;

	for (p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	longest = longest < 3 ? 3 : longest + 1;
	for (i = 0; i < longest; i++)
		vd_buf_put(b, "`", 1);
	vd_buf_printf(b, "text\n%s%s", text, *text && text[strlen(text) - 1] == '\n' ? "" : "\n");
	for (i = 0; i < longest; i++)
		vd_buf_put(b, "`", 1);
	vd_buf_put(b, "\n", 1);
}

/* One row of the summary table: cells are one line, pipes escaped. */
static void
md_row(vd_buf *b, const char *step, const char *text)
{
	const char *p;

	vd_buf_printf(b, "| %s | ", step);
	for (p = text; *p; p++) {
		if (*p == '|')
			vd_buf_put(b, "\\|", 2);
		else if (*p == '\n')
			vd_buf_put(b, " ", 1);
		else
			vd_buf_put(b, p, 1);
	}
	vd_buf_put(b, " |\n", 3);
}

static void
render_markdown(vd_buf *out, const ci_run *r)
{
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	vd_buf line = VD_BUF_INIT;

	vd_buf_printf(out, "## verdict: ");
	md_code(out, r->head);
	vd_buf_printf(out, " against ");
	md_code(out, r->base);
	vd_buf_printf(out, "\n\n| step | result |\n|---|---|\n");
	policies_line(&line, r);
	md_row(out, "policies", line.ptr);
	vd_buf_clear(&line);
	tests_line(&line, r);
	md_row(out, "pack tests", line.ptr);
	vd_buf_clear(&line);
	impact_line(&line, r);
	md_row(out, "impact", line.ptr);
	vd_buf_clear(&line);
	result_line(&line, r);
	vd_buf_printf(out, "\n**%s%s\n\n", r->status ? "Failed**" : "Passed**",
		r->status ? line.ptr + strlen("failed") : ".");
	vd_buf_printf(out, "HEAD is `");
	short_commit(out, &r->head_commit);
	vd_buf_printf(out, "`; the base is ");
	md_code(out, r->base);
	vd_buf_printf(out, " at `");
	short_commit(out, &r->base_commit);
	if (r->diff_base != r->base)
		vd_buf_printf(out, "`, compared from its merge base with HEAD, `%.12s`.\n", r->merge_base.ptr);
	else
		vd_buf_printf(out, "`.\n");

	vd_buf_printf(out, "\n### Policies\n\n");
	vd_buf_clear(&line);
	vd_diags_render(&line, r->diags, true);
	if (line.size)
		md_block(out, line.ptr);
	else
		vd_buf_printf(out, "Every policy at HEAD checks, without a warning.\n");

	vd_buf_printf(out, "\n### Pack tests\n\n");
	if (r->tests) {
		vd_buf_clear(&line);
		vd_test_report_render(&line, r->tests, VD_TEST_TEXT, false);
		md_block(out, line.ptr ? line.ptr : "");
	} else {
		vd_buf_printf(out, "Not run: the policies at HEAD do not compile.\n");
	}

	vd_buf_printf(out, "\n");
	if (r->diff) {
		fo.format = VD_REPORT_MARKDOWN;
		vd_diff_render(out, r->diff, &fo);
	} else {
		vd_buf_printf(out, "### Impact on recorded events\n\n");
		vd_buf_clear(&line);
		vd_buf_printf(&line, "%s", r->diff_skipped.ptr);
		line.ptr[0] = (char)(line.ptr[0] >= 'a' && line.ptr[0] <= 'z' ? line.ptr[0] - 'a' + 'A' : line.ptr[0]);
		vd_buf_printf(out, "%s.", line.ptr);
		if (strncmp(r->diff_skipped.ptr, "no recorded events", 18) == 0)
			vd_buf_printf(out, " The change's impact on real events is not shown: record events "
				"(the agent and git hooks, or `verdict record`) and pass `--audit DB` or `--events FILE`.");
		vd_buf_printf(out, "\n");
	}
	vd_buf_dispose(&line);
}

static void
render_text(vd_buf *out, const ci_run *r)
{
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	vd_buf line = VD_BUF_INIT;

	vd_buf_printf(out, "verdict ci: %s (", r->head);
	short_commit(out, &r->head_commit);
	vd_buf_printf(out, ") against %s (", r->base);
	short_commit(out, &r->base_commit);
	if (r->diff_base != r->base)
		vd_buf_printf(out, "; merge base %.12s", r->merge_base.ptr);
	vd_buf_printf(out, ")\n  policies    ");
	policies_line(out, r);
	vd_buf_printf(out, "\n  pack tests  ");
	tests_line(out, r);
	vd_buf_printf(out, "\n  impact      ");
	impact_line(out, r);
	vd_buf_printf(out, "\nresult: ");
	result_line(out, r);
	vd_buf_printf(out, "\n\n== policies ==\n");
	vd_diags_render(&line, r->diags, true);
	vd_buf_printf(out, "%s", line.size ? line.ptr : "every policy checks\n");
	vd_buf_printf(out, "\n== pack tests ==\n");
	vd_buf_clear(&line);
	if (r->tests)
		vd_test_report_render(&line, r->tests, VD_TEST_TEXT, false);
	vd_buf_printf(out, "%s", line.size ? line.ptr : "not run: the policies do not compile\n");
	vd_buf_printf(out, "\n== impact ==\n");
	if (r->diff)
		vd_diff_render(out, r->diff, &fo);
	else
		vd_buf_printf(out, "%s\n", r->diff_skipped.ptr);
	vd_buf_dispose(&line);
}

/* A sub-report rendered as JSON by the library, as a jansson value. */
static json_t *
parsed(const vd_buf *b)
{
	json_t *v = b->ptr ? json_loadb(b->ptr, b->size, 0, NULL) : NULL;

	return v ? v : json_null();
}

static void
render_json(vd_buf *out, const ci_run *r)
{
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	json_t *doc = json_object(), *o;
	vd_buf b = VD_BUF_INIT;
	char *text;

	o = json_object();
	json_object_set_new(o, "rev", json_string(r->base));
	json_object_set_new(o, "commit", json_string(r->base_commit.ptr));
	json_object_set_new(o, "merge_base", r->merge_base.size ? json_string(r->merge_base.ptr) : json_null());
	json_object_set_new(o, "compared_from", json_string(r->diff_base == r->base ? r->base_commit.ptr :
		r->merge_base.ptr));
	json_object_set_new(doc, "base", o);
	o = json_object();
	json_object_set_new(o, "rev", json_string(r->head));
	json_object_set_new(o, "commit", json_string(r->head_commit.ptr));
	json_object_set_new(doc, "head", o);

	o = json_object();
	json_object_set_new(o, "passed", json_boolean(!r->check_failed));
	json_object_set_new(o, "files", json_integer((json_int_t)vd_diags_files_checked(r->diags)));
	json_object_set_new(o, "policies", json_integer((json_int_t)vd_diags_policies_checked(r->diags)));
	json_object_set_new(o, "errors", json_integer((json_int_t)vd_diags_error_count(r->diags)));
	json_object_set_new(o, "warnings", json_integer((json_int_t)vd_diags_warning_count(r->diags)));
	vd_diags_to_json(&b, r->diags);
	json_object_set_new(o, "diagnostics", parsed(&b));
	json_object_set_new(doc, "policies", o);

	o = json_object();
	json_object_set_new(o, "ran", json_boolean(r->tests != NULL));
	if (r->tests) {
		json_object_set_new(o, "passed", json_boolean(vd_test_report_failures(r->tests) == 0 &&
			vd_test_report_errors(r->tests) == 0));
		json_object_set_new(o, "cases", json_integer((json_int_t)vd_test_report_count(r->tests)));
		json_object_set_new(o, "failures", json_integer((json_int_t)vd_test_report_failures(r->tests)));
		json_object_set_new(o, "errors", json_integer((json_int_t)vd_test_report_errors(r->tests)));
		vd_buf_clear(&b);
		vd_test_report_render(&b, r->tests, VD_TEST_JSON, false);
		json_object_set_new(o, "report", parsed(&b));
	} else {
		json_object_set_new(o, "reason", json_string(r->tests_skipped.ptr));
	}
	json_object_set_new(doc, "tests", o);

	o = json_object();
	json_object_set_new(o, "ran", json_boolean(r->diff != NULL));
	json_object_set_new(o, "source", r->source.size ? json_string(r->source.ptr) : json_null());
	json_object_set_new(o, "max_new_blocks", r->max_new_blocks >= 0 ?
		json_integer(r->max_new_blocks) : json_null());
	if (r->diff) {
		json_object_set_new(o, "over_threshold", json_boolean(r->over));
		vd_buf_clear(&b);
		fo.format = VD_REPORT_JSON;
		vd_diff_render(&b, r->diff, &fo);
		json_object_set_new(o, "report", parsed(&b));
	} else {
		json_object_set_new(o, "reason", json_string(r->diff_skipped.ptr));
	}
	json_object_set_new(doc, "impact", o);

	json_object_set_new(doc, "status", json_integer(r->status));
	json_object_set_new(doc, "failed", r->why.size ? json_string(r->why.ptr) : json_null());
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		abort();
	vd_buf_printf(out, "%s\n", text);
	free(text);
	json_decref(doc);
	vd_buf_dispose(&b);
}

static int
write_out(const vd_buf *doc, const char *path)
{
	FILE *f;

	if (path == NULL || strcmp(path, "-") == 0) {
		fwrite(doc->ptr, 1, doc->size, stdout);
		return 0;
	}
	f = fopen(path, "wb");
	if (f == NULL || fwrite(doc->ptr, 1, doc->size, f) != doc->size || fclose(f) != 0) {
		fprintf(stderr, "verdict: %s: %s\n", path, strerror(errno));
		return vd_error_exit_status(VD_EIO);
	}
	return 0;
}

int
cmd_ci(int argc, char **argv)
{
	const char *repo = NULL, *base = NULL, *head = "HEAD", *audit = NULL, *events = NULL;
	const char *max = NULL, *format = "markdown", *output = NULL;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository (default: $VERDICT_REPO, else the current directory)" },
		{ "base", 0, OPT_STRING, "REV", &base, "what the pull request merges into (default: the default branch, else origin's)" },
		{ "head", 0, OPT_STRING, "REV", &head, "the pull request's revision (default: HEAD)" },
		{ "audit", 0, OPT_STRING, "DB", &audit, "replay the events recorded in this audit log (default: $VERDICT_AUDIT, else the state dir)" },
		{ "events", 0, OPT_STRING, "FILE", &events, "replay the JSON Lines events of FILE instead" },
		{ "max-new-blocks", 0, OPT_STRING, "N", &max, "fail when more than N recorded events become blocked" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "markdown (default: the pull-request comment), text or json" },
		{ "output", 'o', OPT_STRING, "FILE", &output, "write the document to FILE (default: stdout)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_engine *engine = NULL;
	vd_report_format fmt;
	vd_buf doc = VD_BUF_INIT;
	ci_run r;
	int n, status;

	memset(&r, 0, sizeof(r));
	r.max_new_blocks = -1;
	n = cli_parse(argc, argv, opts,
		"verdict ci [--repo DIR] [--base REV] [--head REV] [--audit DB | --events FILE]\n"
		"                  [--max-new-blocks N] [--format markdown|text|json] [-o FILE]",
		"The gate of a pull request on the policy repo.  At HEAD: check every policy\n"
		"(every diagnostic is listed), run the pack tests, then replay the recorded\n"
		"events at BASE and at HEAD and report what changes (the verdict diff).\n"
		"BASE is compared from its merge base with HEAD, so only the pull request's\n"
		"own changes count.  The document (markdown by default) is the pull-request\n"
		"comment: a table of the three results, the diagnostics, the failing tests,\n"
		"then the diff's summary table with its details folded.  With no recorded\n"
		"events (no audit log, an empty one, no events file) the comment says so and\n"
		"the gate does not fail on it.\n"
		"\n"
		"Exit status (the first step that fails decides):\n"
		"  0  every policy checks, every pack test passes, the impact is within bounds\n"
		"  4  a policy at HEAD does not compile (the tests and the diff do not run)\n"
		"  5  a pack test case cannot run\n"
		"  1  a pack test case fails\n"
		"  7  the audit log exists but cannot be read\n"
		"  2  more recorded events become blocked than --max-new-blocks N allows\n"
		"  3  usage error; 6  an unknown revision or no repository");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("ci takes no arguments; the revisions go in --base and --head");
	if (audit && events)
		return cli_error_usage("give --audit or --events, not both");
	if (vd_report_format_parse(&fmt, format) < 0)
		return cli_error_usage("%s", vd_error_last()->message);
	if (max) {
		char *end;

		errno = 0;
		r.max_new_blocks = strtoll(max, &end, 10);
		if (errno || *max == '\0' || *end || r.max_new_blocks < 0)
			return cli_error_usage("--max-new-blocks takes a number of events (0 or more), not '%s'", max);
	}
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	r.head = head;
	r.base = base ? base : vd_engine_default_branch(engine);
	if ((status = resolve_revisions(&r, engine, base != NULL)) != 0 ||
	    (status = check_policies(&r, engine)) != 0 ||
	    (status = run_tests(&r, engine)) != 0)
		goto done;
	run_diff(&r, engine, audit, events);
	if (fmt == VD_REPORT_MARKDOWN)
		render_markdown(&doc, &r);
	else if (fmt == VD_REPORT_TEXT)
		render_text(&doc, &r);
	else
		render_json(&doc, &r);
	if ((status = write_out(&doc, output)) != 0)
		goto done;
	if (output && strcmp(output, "-") != 0) {
		vd_buf line = VD_BUF_INIT;

		result_line(&line, &r);
		fprintf(stderr, "verdict ci: %s; wrote %s\n", line.ptr, output);
		vd_buf_dispose(&line);
	}
	status = r.status;
done:
	vd_buf_dispose(&doc);
	vd_buf_dispose(&r.base_commit);
	vd_buf_dispose(&r.head_commit);
	vd_buf_dispose(&r.merge_base);
	vd_diags_free(r.diags);
	vd_test_report_free(r.tests);
	vd_diff_free(r.diff);
	vd_buf_dispose(&r.tests_skipped);
	vd_buf_dispose(&r.diff_skipped);
	vd_buf_dispose(&r.source);
	vd_buf_dispose(&r.why);
	vd_engine_free(engine);
	return status;
}
