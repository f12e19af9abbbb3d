/*
 * cmd_record.c - `verdict record` and `verdict audit verify`: the audit log
 * from the command line.
 *
 * record streams JSON Lines: each line is parsed, judged at the live
 * scopes and queued in a batch; a batch is written in one transaction
 * every RECORD_BATCH events, and also whenever the input pauses, so that
 * events piped in one at a time are on disk as soon as they are judged.
 * A line that cannot be parsed or judged is reported with its number and
 * counted; a batch the database refuses is spooled by the library and
 * reported.  Nothing is dropped without a word on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define RECORD_BATCH 1000

/* A line reader over a descriptor that knows when the input pauses. */
typedef struct {
	int fd;
	char *buf;
	size_t start, len, cap;   /* unread bytes are buf[start, len) */
	bool eof;
} line_reader;

typedef struct {
	vd_engine *engine;
	vd_audit *audit;
	vd_verdict *verdict;
	size_t pending;           /* records in the open batch */
	uint64_t counts[4];       /* effective verdicts of recorded events */
	uint64_t would_block;     /* events that would block at full severity */
	uint64_t bad_lines;
	uint64_t lost;            /* records neither written nor spooled */
	bool audit_failed;
	bool reported;            /* the audit failure was printed */
	int error_status;         /* the first line's error status, or 0 */
} record_run;

/*
 * The next line, without its newline, NUL-terminated in place.  Before
 * blocking on an input that has nothing ready, calls `idle`.  Returns 1,
 * 0 at the end, or -1 on a read error.
 */
static int
next_line(line_reader *r, char **line, size_t *len, void (*idle)(void *), void *payload)
{
	for (;;) {
		char *nl = r->len > r->start ? memchr(r->buf + r->start, '\n', r->len - r->start) : NULL;
		struct pollfd p;
		ssize_t n;

		if (nl || (r->eof && r->len > r->start)) {
			*line = r->buf + r->start;
			*len = nl ? (size_t)(nl - *line) : r->len - r->start;
			(*line)[*len] = '\0';       /* over the '\n', or into the spare byte */
			r->start += *len + (nl ? 1 : 0);
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->len - r->start);
			r->len -= r->start;
			r->start = 0;
		}
		if (r->cap - r->len < 65536 + 1) {
			r->cap = r->cap ? r->cap * 2 : 262144;
			if ((r->buf = realloc(r->buf, r->cap)) == NULL)
				abort();
		}
		p.fd = r->fd;
		p.events = POLLIN;
		if (idle && poll(&p, 1, 0) == 0)
			idle(payload);
		n = read(r->fd, r->buf + r->len, r->cap - r->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
	}
}

static void
audit_failed(record_run *r, uint64_t expected, uint64_t spooled_before)
{
	uint64_t spooled = vd_audit_get_stats(r->audit)->spooled - spooled_before;

	/* One message tells the story; later ones only if records were lost. */
	if (!r->reported || spooled < expected)
		fprintf(stderr, "verdict: %s\n", vd_error_last()->message);
	r->reported = true;
	r->audit_failed = true;
	if (spooled < expected)
		r->lost += expected - spooled;
}

/* Write the open batch and start the next one. */
static void
commit(void *payload)
{
	record_run *r = payload;
	uint64_t before = vd_audit_get_stats(r->audit)->spooled;

	if (r->pending == 0)
		return;
	if (vd_audit_commit(r->audit) < 0)
		audit_failed(r, r->pending, before);
	r->pending = 0;
	vd_audit_begin(r->audit);
}

static void
line_error(record_run *r, size_t line)
{
	const vd_error *e = vd_error_last();

	fprintf(stderr, "verdict: line %zu: %s\n", line, e->message);
	r->bad_lines++;
	if (r->error_status == 0)
		r->error_status = vd_error_exit_status(e->code);
}

static void
record_line(record_run *r, const char *text, size_t len, size_t line)
{
	vd_event *ev = NULL;
	uint64_t before = vd_audit_get_stats(r->audit)->spooled;
	int rc;

	if (vd_event_parse(&ev, text, len) < 0 ||
	    vd_eval(r->verdict, r->engine, ev, NULL) < 0) {
		line_error(r, line);
		goto done;
	}
	rc = vd_audit_record(r->audit, ev, r->verdict);
	r->pending++;
	r->counts[vd_verdict_get(r->verdict)]++;
	if (vd_verdict_would(r->verdict) >= VD_ASK)
		r->would_block++;
	if (rc < 0) {
		/* The library committed the batch itself and it failed. */
		audit_failed(r, r->pending, before);
		r->pending = 0;
	}
	if (r->pending >= RECORD_BATCH)
		commit(r);
done:
	vd_event_free(ev);
}

static void
print_summary(const record_run *r, uint64_t judged)
{
	const vd_audit_stats *s = vd_audit_get_stats(r->audit);

	printf("judged %" PRIu64 " event%s: %" PRIu64 " pass, %" PRIu64 " warn, %" PRIu64
		" ask, %" PRIu64 " block (%" PRIu64 " would block at full severity)\n",
		judged, judged == 1 ? "" : "s", r->counts[VD_PASS], r->counts[VD_WARN],
		r->counts[VD_ASK], r->counts[VD_BLOCK], r->would_block);
	printf("recorded %" PRIu64 " in %s", s->recorded, vd_audit_path(r->audit));
	if (s->spooled)
		printf("; %" PRIu64 " spooled to %s", s->spooled, vd_audit_spool_path(r->audit));
	if (r->lost)
		printf("; %" PRIu64 " LOST", r->lost);
	if (r->bad_lines)
		printf("; %" PRIu64 " line%s not recorded (see the errors above)", r->bad_lines,
			r->bad_lines == 1 ? "" : "s");
	printf("\n");
}

/* Open the audit log for writing and say what the opening drained. */
int
cli_open_audit(vd_audit **out, const char *path)
{
	const vd_audit_stats *s;

	if (vd_audit_open(out, path, NULL) < 0)
		return cli_error_lib();
	s = vd_audit_get_stats(*out);
	if (s->drained)
		fprintf(stderr, "verdict: added %" PRIu64 " spooled record%s to %s\n", s->drained,
			s->drained == 1 ? "" : "s", vd_audit_path(*out));
	if (s->drain_error)
		fprintf(stderr, "verdict: warning: the spool was not added to the log: %s\n",
			s->drain_error);
	if (s->rejected)
		fprintf(stderr, "verdict: %" PRIu64 " spooled line%s could not be read back; kept in %s.rejected\n",
			s->rejected, s->rejected == 1 ? "" : "s", vd_audit_spool_path(*out));
	return 0;
}

int
cmd_record(int argc, char **argv)
{
	const char *repo = NULL, *audit = NULL;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log (default: $VERDICT_AUDIT, else $XDG_STATE_HOME/verdict/audit.db)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	line_reader in = { 0, NULL, 0, 0, 0, false };
	record_run r;
	char *line;
	size_t len, lineno = 0;
	uint64_t judged;
	int n, rc, status;

	memset(&r, 0, sizeof(r));
	n = cli_parse(argc, argv, opts,
		"verdict record [--repo DIR] [--audit DB] [FILE|-]",
		"Judge JSON Lines events at the live scopes and append each event and its\n"
		"verdict to the audit log, passed events included.  A line that cannot be\n"
		"parsed or judged is reported with its number and not recorded.  When the\n"
		"log cannot be written the events are spooled beside it and the exit status\n"
		"is 7; the next record adds them.  Exit 0 when every line was recorded.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 1)
		return cli_error_usage("expected at most one input file, got %d", n);
	if (n == 1 && strcmp(argv[0], "-") != 0 && (in.fd = open(argv[0], O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "verdict: %s: %s\n", argv[0], strerror(errno));
		return vd_error_exit_status(errno == ENOENT ? VD_ENOTFOUND : VD_EIO);
	}
	if ((status = cli_open_engine(&r.engine, repo)) != 0)
		goto done;
	if ((status = cli_open_audit(&r.audit, audit)) != 0)
		goto done;
	vd_verdict_new(&r.verdict);
	vd_audit_begin(r.audit);
	while ((rc = next_line(&in, &line, &len, commit, &r)) > 0) {
		size_t k;

		lineno++;
		for (k = 0; k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'); k++)
			;
		if (k < len)
			record_line(&r, line, len, lineno);
	}
	if (rc < 0) {
		fprintf(stderr, "verdict: %s: read error after line %zu: %s\n",
			n == 1 ? argv[0] : "stdin", lineno, strerror(errno));
		if (r.error_status == 0)
			r.error_status = vd_error_exit_status(VD_EIO);
	}
	commit(&r);
	vd_audit_commit(r.audit);       /* the batch commit() opened is empty */
	judged = r.counts[0] + r.counts[1] + r.counts[2] + r.counts[3];
	print_summary(&r, judged);
	status = r.audit_failed ? vd_error_exit_status(VD_EIO) : r.error_status;
done:
	if (r.audit && vd_audit_close(r.audit) < 0 && status == 0)
		status = cli_error_lib();
	vd_verdict_free(r.verdict);
	vd_engine_free(r.engine);
	if (in.fd > 0)
		close(in.fd);
	free(in.buf);
	return status;
}

static int
audit_verify(int argc, char **argv)
{
	const char *audit = NULL;
	const cli_opt opts[] = {
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log (default: $VERDICT_AUDIT, else $XDG_STATE_HOME/verdict/audit.db)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	vd_audit_report rep;
	vd_audit *a = NULL;
	int n, status = 0;

	n = cli_parse(argc, argv, opts, "verdict audit verify [--audit DB]",
		"Check the audit log's structure and its hash chain: each verdict row\n"
		"must match its content and its event and name the previous row's hash,\n"
		"and every event must have its verdict.  Prints the first row where the\n"
		"chain breaks (exit 7), or the head hash to keep elsewhere (exit 0).");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("unexpected argument '%s'", argv[0]);
	o.must_exist = true;
	if (vd_audit_open(&a, audit, &o) < 0)
		return cli_error_lib();
	if (vd_audit_verify(&rep, a) < 0) {
		status = cli_error_lib();
	} else if (rep.ok) {
		printf("audit log %s: intact: %" PRIu64 " verdict rows, %" PRIu64 " events\n",
			vd_audit_path(a), rep.rows, rep.events);
		if (rep.rows)
			printf("head %s\n", rep.head);
	} else {
		printf("audit log %s: BROKEN: %s\n", vd_audit_path(a), rep.reason);
		fprintf(stderr, "verdict: audit log %s fails verification at %s %" PRId64 "\n",
			vd_audit_path(a), rep.bad_row ? "verdict row" : rep.bad_event ? "event row" : "its structure",
			rep.bad_row ? rep.bad_row : rep.bad_event);
		status = vd_error_exit_status(VD_EIO);
	}
	vd_audit_close(a);
	return status;
}

static const cli_cmd audit_commands[] = {
	{ "verify", audit_verify, "check the audit log's structure and hash chain" },
	{ NULL, NULL, NULL }
};

int
cmd_audit(int argc, char **argv)
{
	const cli_cmd *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out, "usage: verdict audit <command> [options]\n\ncommands:\n");
		for (c = audit_commands; c->name; c++)
			fprintf(out, "  %-10s %s\n", c->name, c->summary);
		return argc < 2 ? CLI_EXIT_USAGE : 0;
	}
	for (c = audit_commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->fn(argc - 1, argv + 1);
	return cli_error_usage("unknown audit command '%s'; expected verify", argv[1]);
}
