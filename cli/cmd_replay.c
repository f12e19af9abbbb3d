/*
 * cmd_replay.c - `verdict replay` and `verdict diff`: recorded events
 * judged again at one revision, or at two and compared.
 *
 * Both read events from the audit log (--audit, else the default log) or
 * from a JSON Lines file (--events), write nothing, and print a report.
 * Progress goes to stderr when it is a terminal; an event that cannot be
 * read is reported on stderr with its line or row, and makes the exit
 * status 5 once the report is printed.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The options replay and diff share. */
typedef struct {
	const char *repo, *audit, *events, *since, *until, *simulate, *format;
	const char *top, *limit;
	cli_list where;
	bool progress_shown;
	uint64_t bad;
} replay_args;

#define EVENT_OPTIONS(a) \
	{ "repo", 'C', OPT_STRING, "DIR", &(a).repo, "the policy repository" }, \
	{ "audit", 0, OPT_STRING, "DB", &(a).audit, "read the events recorded in this audit log (default: $VERDICT_AUDIT, else $XDG_STATE_HOME/verdict/audit.db)" }, \
	{ "events", 0, OPT_STRING, "FILE", &(a).events, "read JSON Lines events from FILE instead (- for stdin)" }, \
	{ "since", 0, OPT_STRING, "TIME", &(a).since, "only events at or after TIME (ISO-8601, e.g. 2026-05-01)" }, \
	{ "until", 0, OPT_STRING, "TIME", &(a).until, "only events before TIME" }, \
	{ "where", 'w', OPT_LIST, "FIELD=VALUE", &(a).where, "only events whose FIELD is VALUE; repeatable (same field: either; different fields: all)" }, \
	{ "simulate", 0, OPT_STRING, "block", &(a).simulate, "judge every policy at its severity (observe and warn promoted): the would-block analysis" }, \
	{ "format", 'f', OPT_STRING, "FMT", &(a).format, "text (default), json, or markdown (for a pull request)" }, \
	{ "top", 0, OPT_STRING, "N", &(a).top, "keys shown per table (default 10; 0 for all)" }, \
	{ "limit", 0, OPT_STRING, "N", &(a).limit, "events listed per section (default 20; 0 for all kept)" }

static void
on_error(void *payload, const vd_error *e)
{
	replay_args *a = payload;

	if (a->progress_shown) {
		fputs("\r\033[K", stderr);
		a->progress_shown = false;
	}
	fprintf(stderr, "verdict: %s\n", e->message);
	a->bad++;
}

static void
on_progress(void *payload, uint64_t events, double fraction)
{
	replay_args *a = payload;

	if (fraction >= 1.0) {
		if (a->progress_shown)
			fputs("\r\033[K", stderr);
		a->progress_shown = false;
		return;
	}
	if (fraction >= 0)
		fprintf(stderr, "\rreplaying: %" PRIu64 " events (%.0f%%)", events, fraction * 100);
	else
		fprintf(stderr, "\rreplaying: %" PRIu64 " events", events);
	a->progress_shown = true;
}

static int
parse_count(size_t *out, const char *text, const char *name)
{
	char *end;
	unsigned long long v;

	*out = 0;
	if (text == NULL)
		return 0;
	v = strtoull(text, &end, 10);
	if (*text == '\0' || *end != '\0' || *text == '-')
		return cli_error_usage("--%s expects a number, not '%s'", name, text);
	*out = v == 0 ? SIZE_MAX : (size_t)v;
	return 0;
}

/*
 * Turn the shared options into replay and report options, opening the
 * audit log or naming the file.  Returns 0 or an exit status.
 */
static int
setup(replay_args *a, vd_replay_options *ro, vd_report_options *fo, vd_audit **audit)
{
	vd_audit_options ao = VD_AUDIT_OPTIONS_INIT;
	time_t t;
	int rc;

	if (a->simulate && strcmp(a->simulate, "block") != 0)
		return cli_error_usage("--simulate takes 'block' (judge every policy at its severity), not '%s'",
			a->simulate);
	if (a->audit && a->events)
		return cli_error_usage("give --audit or --events, not both");
	if (a->format && vd_report_format_parse(&fo->format, a->format) < 0)
		return cli_error_usage("%s", vd_error_last()->message);
	if ((rc = parse_count(&fo->top, a->top, "top")) != 0 ||
	    (rc = parse_count(&fo->limit, a->limit, "limit")) != 0)
		return rc;
	if (a->since) {
		if (vd_time_parse(&t, a->since) < 0)
			return cli_error_usage("--since: %s", vd_error_last()->message);
		ro->since = t;
	}
	if (a->until) {
		if (vd_time_parse(&t, a->until) < 0)
			return cli_error_usage("--until: %s", vd_error_last()->message);
		ro->until = t;
	}
	ro->where = a->where.items;
	ro->nwhere = a->where.len;
	ro->simulate_block = a->simulate != NULL;
	/* Keep every changed event the report may list (1000 per policy by default). */
	ro->limit = fo->limit > 1000 ? fo->limit : 0;
	ro->on_error = on_error;
	ro->payload = a;
	if (isatty(STDERR_FILENO))
		ro->progress = on_progress;
	if (a->events) {
		ro->events_path = a->events;
		return 0;
	}
	ao.must_exist = true;
	if (vd_audit_open(audit, a->audit, &ao) < 0)
		return cli_error_lib();
	ro->audit = *audit;
	return 0;
}

static int
finish(replay_args *a, vd_buf *out, uint64_t events)
{
	fputs(out->ptr ? out->ptr : "", stdout);
	if (events == 0 && a->bad == 0)
		fprintf(stderr, "verdict: no events to replay%s\n",
			a->events ? " in the events file" : " in the audit log (record some with `verdict record`, or check --since, --until and --where)");
	if (a->bad)
		return vd_error_exit_status(VD_EINVALID);
	return 0;
}

int
cmd_replay(int argc, char **argv)
{
	replay_args a;
	const char *ref = NULL;
	const cli_opt opts[] = {
		{ "ref", 'r', OPT_STRING, "REV", &ref, "the revision to judge at (required)" },
		EVENT_OPTIONS(a),
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_replay_options ro = VD_REPLAY_OPTIONS_INIT;
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	vd_engine *engine = NULL;
	vd_audit *audit = NULL;
	vd_replay *r = NULL;
	vd_buf out = VD_BUF_INIT;
	int n, status;

	memset(&a, 0, sizeof(a));
	n = cli_parse(argc, argv, opts,
		"verdict replay --ref REV [--audit DB | --events FILE] [--since T] [--until T] [--where F=V ...] [--simulate block] [--format text|json|markdown]",
		"Judge recorded events again at REV and write nothing: the pass baseline\n"
		"(every verdict, passes included) and the verdict counts by action, surface,\n"
		"tool, user, group, repo and policy candidate (every policy that matched,\n"
		"those in observe included).  Reads the audit log's events, never its\n"
		"verdicts.  Exit 0; 5 when some events could not be read (each is named on\n"
		"stderr); 6 for an unknown revision; 4 when its policies do not compile.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		status = cli_error_usage("unexpected argument '%s'; the revision goes in --ref", argv[0]);
	else if (ref == NULL)
		status = cli_error_usage("replay needs --ref REV: the revision of the policy repo to judge at");
	else
		status = setup(&a, &ro, &fo, &audit);
	if (status != 0 || (status = cli_open_engine(&engine, a.repo)) != 0)
		goto done;
	if (vd_replay_run(&r, engine, ref, &ro) < 0 || vd_replay_render(&out, r, &fo) < 0) {
		status = cli_error_lib();
		goto done;
	}
	status = finish(&a, &out, vd_replay_events(r));
done:
	vd_buf_dispose(&out);
	vd_replay_free(r);
	vd_engine_free(engine);
	vd_audit_close(audit);
	free(a.where.items);
	return status;
}

int
cmd_diff(int argc, char **argv)
{
	replay_args a;
	const cli_opt opts[] = {
		EVENT_OPTIONS(a),
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_replay_options ro = VD_REPLAY_OPTIONS_INIT;
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	vd_engine *engine = NULL;
	vd_audit *audit = NULL;
	vd_diff *d = NULL;
	vd_buf out = VD_BUF_INIT;
	int n, status;

	memset(&a, 0, sizeof(a));
	n = cli_parse(argc, argv, opts,
		"verdict diff BASE HEAD [--audit DB | --events FILE] [--since T] [--until T] [--where F=V ...] [--simulate block] [--format text|json|markdown]",
		"Judge recorded events at BASE and at HEAD (each event once at both) and\n"
		"report what changes: the transition matrix (pass -> block, ...), per policy\n"
		"the events it changes, the users, groups, sessions, repos and surfaces\n"
		"impacted, the noisiest surfaces, and the review queue: every newly warned\n"
		"or blocked event on one line, with its policy and action, for false-\n"
		"positive review.  --format markdown is ready to post on a pull request.\n"
		"With --simulate block both revisions are judged with every policy at its\n"
		"severity: what the change would do once promoted.  Writes nothing.\n"
		"Exit 0; 5 when some events could not be read; 6 for an unknown revision.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n != 2)
		status = cli_error_usage("diff needs two revisions, BASE and HEAD (got %d)", n);
	else
		status = setup(&a, &ro, &fo, &audit);
	if (status != 0 || (status = cli_open_engine(&engine, a.repo)) != 0)
		goto done;
	if (vd_diff_run(&d, engine, argv[0], argv[1], &ro) < 0 || vd_diff_render(&out, d, &fo) < 0) {
		status = cli_error_lib();
		goto done;
	}
	status = finish(&a, &out, vd_diff_get_summary(d)->events);
done:
	vd_buf_dispose(&out);
	vd_diff_free(d);
	vd_engine_free(engine);
	vd_audit_close(audit);
	free(a.where.items);
	return status;
}
