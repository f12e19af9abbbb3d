/*
 * cmd_timeline.c - `verdict timeline` and `verdict review`: warning
 * behaviour and the tuning queue, read from the audit log as recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
open_reader(vd_audit **out, const char *path)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;

	o.must_exist = true;
	if (vd_audit_open(out, path, &o) < 0)
		return cli_error_lib();
	return 0;
}

static int
print(vd_buf *out)
{
	fputs(out->ptr ? out->ptr : "", stdout);
	vd_buf_dispose(out);
	return 0;
}

int
cmd_timeline(int argc, char **argv)
{
	const char *audit = NULL, *format = NULL;
	const cli_opt opts[] = {
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log (default: $VERDICT_AUDIT, else $XDG_STATE_HOME/verdict/audit.db)" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default) or json" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	vd_audit *a = NULL;
	vd_timeline *t = NULL;
	vd_buf out = VD_BUF_INIT;
	int n, status;

	n = cli_parse(argc, argv, opts, "verdict timeline SESSION [--audit DB] [--format text|json]",
		"List a session's recorded events in time order, each with its verdict.\n"
		"After each warning (warn, ask or block): whether it was shown and\n"
		"acknowledged (the signals recorded for it), the next action, and whether\n"
		"the user changed course or went on into the risk.  Went on: the next\n"
		"action is the same action on the same subject again, or the same policy\n"
		"judged it, or the user approved what was asked; otherwise changed course.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n != 1)
		return cli_error_usage("timeline needs one SESSION id (got %d)", n);
	if (format && (vd_report_format_parse(&fo.format, format) < 0 || fo.format == VD_REPORT_MARKDOWN))
		return cli_error_usage("--format takes text or json, not '%s'", format);
	if ((status = open_reader(&a, audit)) != 0)
		return status;
	if (vd_timeline_build(&t, a, argv[0]) < 0 || vd_timeline_render(&out, t, &fo) < 0) {
		status = cli_error_lib();
	} else {
		print(&out);
		if (vd_timeline_count(t) == 0) {
			fprintf(stderr, "verdict: the audit log %s has no events of session '%s'\n",
				vd_audit_path(a), argv[0]);
			status = vd_error_exit_status(VD_ENOTFOUND);
		}
	}
	vd_buf_dispose(&out);
	vd_timeline_free(t);
	vd_audit_close(a);
	return status;
}

int
cmd_review_queue(int argc, char **argv)
{
	const char *audit = NULL, *format = NULL, *policy = NULL, *since = NULL, *until = NULL;
	const char *limit = NULL;
	cli_list where = { NULL, 0 };
	const cli_opt opts[] = {
		{ "policy", 'p', OPT_STRING, "ID", &policy, "only this policy's events" },
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log (default: $VERDICT_AUDIT, else $XDG_STATE_HOME/verdict/audit.db)" },
		{ "since", 0, OPT_STRING, "TIME", &since, "only events at or after TIME (ISO-8601)" },
		{ "until", 0, OPT_STRING, "TIME", &until, "only events before TIME" },
		{ "where", 'w', OPT_LIST, "FIELD=VALUE", &where, "only events whose FIELD is VALUE; repeatable" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default), json or markdown" },
		{ "limit", 0, OPT_STRING, "N", &limit, "events listed per policy (default 20; 0 for all)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_review_options ro = VD_REVIEW_OPTIONS_INIT;
	vd_report_options fo = VD_REPORT_OPTIONS_INIT;
	vd_audit *a = NULL;
	vd_review *r = NULL;
	vd_buf out = VD_BUF_INIT;
	time_t t;
	int n, status = 0;

	n = cli_parse(argc, argv, opts, "verdict review [--policy ID] [--audit DB] [--since T] [--until T] [--where F=V ...] [--format text|json|markdown]",
		"The tuning queue: recorded events that warned, asked or blocked, or that\n"
		"passed in observe but would block, grouped by the policy that decided, with\n"
		"counts (and distinct users and sessions), most events first.\n"
		"`verdict review --exceptions` reviews the exceptions instead (see its --help).");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		status = cli_error_usage("unexpected argument '%s'", argv[0]);
	else if (format && vd_report_format_parse(&fo.format, format) < 0)
		status = cli_error_usage("%s", vd_error_last()->message);
	else if (since && vd_time_parse(&t, since) < 0)
		status = cli_error_usage("--since: %s", vd_error_last()->message);
	else if (since)
		ro.since = t;
	if (status == 0 && until) {
		if (vd_time_parse(&t, until) < 0)
			status = cli_error_usage("--until: %s", vd_error_last()->message);
		else
			ro.until = t;
	}
	if (status == 0 && limit) {
		char *end;
		unsigned long long v = strtoull(limit, &end, 10);

		if (*limit == '\0' || *end || *limit == '-')
			status = cli_error_usage("--limit expects a number, not '%s'", limit);
		fo.limit = v == 0 ? SIZE_MAX : (size_t)v;
		ro.limit = v == 0 ? SIZE_MAX : v > 1000 ? (size_t)v : 0;
	}
	if (status != 0 || (status = open_reader(&a, audit)) != 0)
		goto done;
	ro.policy = policy;
	ro.where = where.items;
	ro.nwhere = where.len;
	if (vd_review_build(&r, a, &ro) < 0 || vd_review_render(&out, r, &fo) < 0)
		status = cli_error_lib();
	else
		print(&out);
done:
	vd_buf_dispose(&out);
	vd_review_free(r);
	vd_audit_close(a);
	free(where.items);
	return status;
}
