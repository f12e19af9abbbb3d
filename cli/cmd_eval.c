/*
 * cmd_eval.c - `verdict eval` and `verdict explain`: judge events.
 *
 * Input is one JSON event, or JSON Lines (one event per line).  Every line
 * gets exactly one line of output: its verdict, or an error object naming
 * the line; nothing is skipped silently.  The exit status is the most
 * severe verdict, unless any event could not be judged: then it is the
 * error's status, because a tool error must never look like a pass.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
	vd_engine *engine;
	vd_verdict *verdict;
	vd_audit *audit;            /* --record: the log, else NULL */
	bool audit_failed;
	vd_eval_options eval;
	bool text;
	bool explain;
	int worst_verdict;      /* exit status of the most severe verdict */
	int error_status;       /* 0, or the status of the first error */
} eval_run;

static void
print_text(const vd_verdict *v)
{
	const vd_match *d = vd_verdict_decisive(v);
	size_t i;

	if (d == NULL) {
		printf("pass   (no policy matched)\n");
		return;
	}
	printf("%-6s %s\n", vd_verdict_name(vd_verdict_get(v)), d->message);
	for (i = 0; i < vd_verdict_match_count(v); i++) {
		const vd_match *m = vd_verdict_match(v, i);

		printf("       %-8s %s [%s] mode %s, severity %s; scope %s @ %.12s%s%s\n",
			vd_verdict_name(m->verdict), m->policy, m->pack[0] ? m->pack : "-",
			vd_mode_name(m->mode), vd_mode_name(m->severity), m->scope, m->commit,
			m->exception ? ", excepted by " : "", m->exception ? m->exception : "");
	}
	if (vd_verdict_would(v) > vd_verdict_get(v))
		printf("       would %s at full severity\n", vd_verdict_name(vd_verdict_would(v)));
}

static void
print_error_json(size_t line, const char *msg)
{
	vd_buf b = VD_BUF_INIT;
	const char *p;

	vd_buf_printf(&b, "{\"line\":%zu,\"verdict\":null,\"error\":\"", line);
	for (p = msg; *p; p++) {
		if (*p == '"' || *p == '\\')
			vd_buf_printf(&b, "\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			vd_buf_printf(&b, "\\u%04x", *p);
		else
			vd_buf_put(&b, p, 1);
	}
	vd_buf_put(&b, "\"}", 2);
	printf("%s\n", b.ptr);
	vd_buf_dispose(&b);
}

static void
judge_one(eval_run *r, const char *text, size_t len, size_t line)
{
	vd_event *ev = NULL;
	vd_buf out = VD_BUF_INIT;
	int status;

	if (vd_event_parse(&ev, text, len) < 0 ||
	    vd_eval(r->verdict, r->engine, ev, &r->eval) < 0) {
		const vd_error *e = vd_error_last();

		status = vd_error_exit_status(e->code);
		if (line)
			fprintf(stderr, "verdict: line %zu: %s\n", line, e->message);
		else
			fprintf(stderr, "verdict: %s\n", e->message);
		if (!r->text && !r->explain)
			print_error_json(line, e->message);
		if (r->error_status == 0)
			r->error_status = status;
		vd_event_free(ev);
		return;
	}
	if (r->explain) {
		vd_verdict_explain(&out, r->verdict);
		fputs(out.ptr, stdout);
	} else if (r->text) {
		print_text(r->verdict);
	} else {
		vd_verdict_to_json(&out, r->verdict);
		printf("%s\n", out.ptr);
	}
	if (r->audit && vd_audit_record(r->audit, ev, r->verdict) < 0) {
		/* Said once: the library spools this record and every later one. */
		if (!r->audit_failed)
			fprintf(stderr, "verdict: %s\n", vd_error_last()->message);
		r->audit_failed = true;
	}
	status = vd_verdict_exit_status(vd_verdict_get(r->verdict));
	if (status > r->worst_verdict)
		r->worst_verdict = status;
	vd_buf_dispose(&out);
	vd_event_free(ev);
}

/* One event from cli_read_events(): judged, or reported as too long. */
static void
on_event(void *payload, const char *text, size_t len, size_t line)
{
	eval_run *r = payload;

	if (text == NULL) {
		char msg[256];

		snprintf(msg, sizeof(msg), "event is more than %d bytes (%zu seen); the limit is %d bytes per event",
			VD_LIMIT_EVENT_BYTES, len, VD_LIMIT_EVENT_BYTES);
		if (line)
			fprintf(stderr, "verdict: line %zu: %s\n", line, msg);
		else
			fprintf(stderr, "verdict: %s\n", msg);
		if (!r->text && !r->explain)
			print_error_json(line, msg);
		if (r->error_status == 0)
			r->error_status = vd_error_exit_status(VD_ELIMIT);
		return;
	}
	judge_one(r, text, len, line);
}

/*
 * One JSON value (possibly spread over lines), or JSON Lines, read as it
 * comes (cli_read_events) so a long stream never sits in memory whole.
 */
static int
run(eval_run *r, const char *path)
{
	int status = cli_read_events(path, on_event, r);

	if (status != 0)
		return status;
	return r->error_status ? r->error_status : r->worst_verdict;
}

static int
eval_main(int argc, char **argv, bool explain)
{
	const char *repo = NULL, *ref = NULL, *format = explain ? "text" : "json";
	const char *audit = NULL;
	bool simulate = false, fields = false, record = false;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "ref", 'r', OPT_STRING, "REV", &ref, "judge at this revision only, not the live scopes" },
		{ "simulate-block", 0, OPT_FLAG, NULL, &simulate, "judge every policy at its severity (would-block analysis)" },
		{ "format", 'f', OPT_STRING, "FMT", &format, explain ? "text (the only format)" : "json (default) or text" },
		{ "fields", 0, OPT_FLAG, NULL, &fields, "list the event fields and actions policies can use" },
		/* explain does not record: its table ends here. */
		{ explain ? NULL : "record", 0, OPT_FLAG, NULL, &record, "also append each event and its verdict to the audit log" },
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log for --record (default: $VERDICT_AUDIT, else $XDG_STATE_HOME/verdict/audit.db)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	eval_run r;
	int n, status;

	memset(&r, 0, sizeof(r));
	n = cli_parse(argc, argv, opts, explain ?
		"verdict explain [--repo DIR] [--ref REV] [--fields] [FILE|-]" :
		"verdict eval [--repo DIR] [--ref REV] [--simulate-block] [--format json|text] [--record [--audit DB]] [FILE|-]",
		explain ?
		"For one event: the scopes consulted, each policy the index offered,\n"
		"each clause and comparison, whether it held, and the value it saw." :
		"Judge one event (a JSON object) or many (JSON Lines) at the live scopes\n"
		"(the default branch and each scope branch that applies to the event),\n"
		"or at one revision with --ref.  Prints one verdict per event.  With\n"
		"--record, also appends each event and its verdict to the audit log; when\n"
		"the log cannot be written the events are spooled and the exit status is 7.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (fields) {
		/* The field reference lives in the library; print it through the API. */
		vd_buf b = VD_BUF_INIT;

		vd_fields_describe(&b);
		fputs(b.ptr, stdout);
		vd_buf_dispose(&b);
		return 0;
	}
	if (n > 1)
		return cli_error_usage("expected at most one input file, got %d", n);
	if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0)
		return cli_error_usage("unknown format '%s'; expected json or text", format);
	if (record && (ref || simulate))
		return cli_error_usage("--record keeps the live verdicts; it cannot be combined with --ref or --simulate-block");
	if (audit && !record)
		return cli_error_usage("--audit names the log for --record");
	r.text = strcmp(format, "text") == 0;
	r.explain = explain;
	r.eval = (vd_eval_options)VD_EVAL_OPTIONS_INIT;
	r.eval.ref = ref;
	r.eval.simulate_block = simulate;
	r.eval.explain = explain;
	if ((status = cli_open_engine(&r.engine, repo)) != 0)
		return status;
	if (record && (status = cli_open_audit(&r.audit, audit)) != 0) {
		vd_engine_free(r.engine);
		return status;
	}
	vd_verdict_new(&r.verdict);
	if (r.audit)
		vd_audit_begin(r.audit);
	status = run(&r, n ? argv[0] : NULL);
	if (r.audit && vd_audit_close(r.audit) < 0 && !r.audit_failed) {
		fprintf(stderr, "verdict: %s\n", vd_error_last()->message);
		r.audit_failed = true;
	}
	/* A verdict that was not recorded is a tool error, whatever it says. */
	if (r.audit_failed)
		status = vd_error_exit_status(VD_EIO);
	vd_verdict_free(r.verdict);
	vd_engine_free(r.engine);
	return status;
}

int
cmd_eval(int argc, char **argv)
{
	return eval_main(argc, argv, false);
}

int
cmd_explain(int argc, char **argv)
{
	return eval_main(argc, argv, true);
}
