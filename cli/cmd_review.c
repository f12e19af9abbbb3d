/*
 * cmd_review.c - `verdict review --exceptions`: the exceptions to tidy up.
 *
 * Which exceptions of a revision never fired (no recorded event, replayed
 * against that revision at the time it happened, was turned into a pass by
 * them), which lapse within 14 days, and which have lapsed already.  The
 * events are replayed from the audit log, never taken from recorded
 * verdicts, so an exception added after the events were recorded is judged
 * by what it would have done.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define SOON (14 * 86400)

typedef struct {
	const vd_exception_info *info;
	uint64_t fired;
	int64_t last;        /* ms since the epoch of the last event it excepted */
} usage;

/* Replay every recorded event at `rev` and count what each exception excepted. */
static int
replay(vd_engine *engine, vd_audit *audit, const char *rev, time_t since, usage *u, size_t nu,
	uint64_t *events, uint64_t *unjudged)
{
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry en;
	vd_verdict *v = NULL;
	int rc;

	q.since = since;
	if (vd_audit_iter_new(&it, audit, &q) < 0)
		return cli_error_lib();
	vd_verdict_new(&v);
	while ((rc = vd_audit_iter_next(&en, it)) != 0) {
		vd_eval_options o = VD_EVAL_OPTIONS_INIT;
		size_t i, k;

		if (rc == VD_EINVALID) {
			(*unjudged)++;
			continue;
		}
		if (rc < 0)
			break;
		o.ref = rev;
		/* As of when it happened: an exception counts while it was valid. */
		o.now = (time_t)(en.time_ms / 1000);
		if (vd_eval(v, engine, en.event, &o) < 0) {
			(*unjudged)++;
			continue;
		}
		(*events)++;
		for (i = 0; i < vd_verdict_match_count(v); i++) {
			const vd_match *m = vd_verdict_match(v, i);

			for (k = 0; m->exception && k < nu; k++)
				if (strcmp(u[k].info->id, m->exception) == 0) {
					u[k].fired++;
					if (en.time_ms > u[k].last)
						u[k].last = en.time_ms;
				}
		}
	}
	vd_verdict_free(v);
	vd_audit_iter_free(it);
	return rc < 0 ? cli_error_lib() : 0;
}

static void
line(const usage *x, time_t now)
{
	const vd_exception_info *e = x->info;
	char d[16];

	printf("  %-24s owner %-12s %s:%u  covers %zu polic%s", e->id, e->owner ? e->owner : "-",
		e->file, e->line, e->ncovered, e->ncovered == 1 ? "y" : "ies");
	if (e->expires_at == 0)
		printf(", never expires");
	else if (e->expires_at <= (int64_t)now)
		printf(", lapsed after %s", e->expires);
	else
		printf(", expires %s (in %" PRId64 " day%s)", e->expires,
			(e->expires_at - (int64_t)now + 86399) / 86400,
			(e->expires_at - (int64_t)now + 86399) / 86400 == 1 ? "" : "s");
	if (x->fired)
		printf("; fired on %" PRIu64 " event%s, last %s", x->fired, x->fired == 1 ? "" : "s",
			cli_day(x->last / 1000, d));
	printf("\n");
}

static void
section(const char *title, const usage *u, size_t n, time_t now, int which)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		const vd_exception_info *e = u[i].info;
		bool lapsed = e->expires_at && e->expires_at <= (int64_t)now;
		bool soon = e->expires_at && !lapsed && e->expires_at - (int64_t)now <= SOON;
		bool hit = which == 0 ? u[i].fired == 0 : which == 1 ? soon : lapsed;

		if (!hit)
			continue;
		if (count++ == 0)
			printf("\n%s:\n", title);
		line(&u[i], now);
	}
	if (count == 0)
		printf("\n%s: none\n", title);
}

static int
review_exceptions(const char *repo, const char *ref, const char *audit_path, const char *since_text,
	bool json)
{
	vd_engine *engine = NULL;
	vd_inventory *inv = NULL;
	vd_audit *audit = NULL;
	vd_audit_options ao = VD_AUDIT_OPTIONS_INIT;
	const vd_revision_info *r;
	usage *u = NULL;
	uint64_t events = 0, unjudged = 0;
	time_t since = 0, now;
	const char *env = getenv("VERDICT_NOW");
	size_t i;
	int status;
	bool have_log = true;

	if (since_text && vd_time_parse(&since, since_text) < 0)
		return cli_error_lib();
	now = time(NULL);
	if (env && *env && vd_time_parse(&now, env) < 0)
		return cli_error_lib();
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	if (vd_inventory_revision(&inv, engine, ref) < 0) {
		status = cli_error_lib();
		goto done;
	}
	r = vd_inventory_get(inv, 0);
	if (r->error) {
		fprintf(stderr, "verdict: %s\n", r->error);
		status = vd_error_exit_status(VD_EPOLICY);
		goto done;
	}
	u = calloc(r->nexceptions + 1, sizeof(*u));
	for (i = 0; i < r->nexceptions; i++)
		u[i].info = &r->exceptions[i];
	ao.must_exist = true;
	if (vd_audit_open(&audit, audit_path, &ao) < 0) {
		if (vd_error_last()->code != VD_ENOTFOUND) {
			status = cli_error_lib();
			goto done;
		}
		fprintf(stderr, "verdict: %s; every exception counts as never fired\n", vd_error_last()->message);
		have_log = false;
	} else if ((status = replay(engine, audit, r->scope, since, u, r->nexceptions, &events,
	    &unjudged)) != 0) {
		goto done;
	}
	if (json) {
		json_t *o = json_object(), *arr = json_array();
		char *s;

		json_object_set_new(o, "revision", json_string(r->scope));
		json_object_set_new(o, "commit", json_string(r->commit));
		json_object_set_new(o, "events", json_integer((json_int_t)events));
		json_object_set_new(o, "unjudged", json_integer((json_int_t)unjudged));
		json_object_set_new(o, "audit", have_log ? json_string(vd_audit_path(audit)) : json_null());
		for (i = 0; i < r->nexceptions; i++) {
			const vd_exception_info *e = u[i].info;
			bool lapsed = e->expires_at && e->expires_at <= (int64_t)now;

			json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:s?, s:s?, s:s?, s:i, s:I, s:b, s:b, s:b}",
				"id", e->id, "file", e->file, "line", (int)e->line, "owner", e->owner,
				"reason", e->reason, "expires", e->expires, "covers", (int)e->ncovered,
				"fired", (json_int_t)u[i].fired, "never_fired", u[i].fired == 0,
				"expiring_soon", e->expires_at && !lapsed && e->expires_at - (int64_t)now <= SOON,
				"lapsed", lapsed));
		}
		json_object_set_new(o, "exceptions", arr);
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
		goto done;
	}
	printf("%zu exception%s at %s (%.12s); %" PRIu64 " recorded event%s replayed%s%s\n",
		r->nexceptions, r->nexceptions == 1 ? "" : "s", r->scope, r->commit, events,
		events == 1 ? "" : "s", have_log ? " from " : " (no audit log)",
		have_log ? vd_audit_path(audit) : "");
	if (unjudged)
		printf("%" PRIu64 " recorded event%s could not be judged and are not counted\n", unjudged,
			unjudged == 1 ? "" : "s");
	if (r->nexceptions) {
		section("never fired (no recorded event was excepted by them: remove them, or check their conditions)",
			u, r->nexceptions, now, 0);
		section("expiring within 14 days (renew them, or fix what they cover)", u, r->nexceptions, now, 1);
		section("lapsed (no longer apply: remove them)", u, r->nexceptions, now, 2);
	}
done:
	free(u);
	vd_audit_close(audit);
	vd_inventory_free(inv);
	vd_engine_free(engine);
	return status;
}

int
cmd_review(int argc, char **argv)
{
	const char *repo = NULL, *ref = NULL, *audit = NULL, *since = NULL, *format = "text";
	bool exceptions = false, json = false;
	const cli_opt opts[] = {
		{ "exceptions", 0, OPT_FLAG, NULL, &exceptions, "review the exceptions: never fired, expiring, lapsed" },
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "ref", 'r', OPT_STRING, "REV", &ref, "the revision whose exceptions to review (default: the baseline branch)" },
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log (default: $VERDICT_AUDIT, else the state dir)" },
		{ "since", 0, OPT_STRING, "TIME", &since, "only events at or after TIME (ISO-8601)" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default) or json" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	int n;

	/* Without --exceptions, `review` is the tuning queue. */
	for (n = 1; n < argc; n++)
		if (strcmp(argv[n], "--exceptions") == 0)
			break;
	if (n == argc)
		return cmd_review_queue(argc, argv);
	n = cli_parse(argc, argv, opts, "verdict review --exceptions [--repo DIR] [--ref REV] [--audit DB] [--since TIME]",
		"The exceptions of a revision to tidy up: those that never fired (the\n"
		"recorded events are replayed against the revision, each at the time it\n"
		"happened), those that lapse within 14 days (against VERDICT_NOW when\n"
		"set), and those that have lapsed.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("unexpected argument '%s'", argv[0]);
	if ((n = cli_parse_format(format, &json)) != 0)
		return n;
	(void)exceptions; /* always set: see the dispatch above */
	return review_exceptions(repo, ref, audit, since, json);
}
