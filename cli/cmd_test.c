/*
 * cmd_test.c - `verdict test`: run the policy tests of the packs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* `--from-audit N`: regression cases from the last N recorded events. */
static int
from_audit(vd_engine *engine, const char *count, const char *audit_path, const char *output,
	const vd_test_options *topts)
{
	vd_audit_options ao = VD_AUDIT_OPTIONS_INIT;
	vd_audit *audit = NULL;
	vd_buf out = VD_BUF_INIT;
	char *end;
	long n;
	int rc, status = 0;

	errno = 0;
	n = strtol(count, &end, 10);
	if (errno || *end || n <= 0 || n > 1000000)
		return cli_error_usage("--from-audit takes a number of events, 1 to 1000000, not '%s'", count);
	ao.must_exist = true;
	if (vd_audit_open(&audit, audit_path, &ao) < 0)
		return cli_error_lib();
	if ((rc = vd_test_from_audit(&out, engine, audit, (size_t)n, topts)) < 0) {
		status = cli_error_lib();
		goto done;
	}
	if (output == NULL || strcmp(output, "-") == 0) {
		fputs(out.ptr, stdout);
	} else {
		FILE *f = fopen(output, "wb");

		if (f == NULL || fwrite(out.ptr, 1, out.size, f) != out.size || fclose(f) != 0) {
			fprintf(stderr, "verdict: %s: %s\n", output, strerror(errno));
			status = vd_error_exit_status(VD_EIO);
			goto done;
		}
		fprintf(stderr, "verdict: wrote %d regression case%s to %s; `verdict test` runs them\n",
			rc, rc == 1 ? "" : "s", output);
	}
done:
	vd_buf_dispose(&out);
	vd_audit_close(audit);
	return status;
}

int
cmd_test(int argc, char **argv)
{
	const char *repo = NULL, *ref = NULL, *format = "text", *from = NULL, *audit = NULL, *output = NULL;
	bool coverage = false, verbose = false;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "ref", 'r', OPT_STRING, "REV", &ref, "test this revision (default: the working tree, or HEAD when bare)" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default), json or junit" },
		{ "coverage", 0, OPT_FLAG, NULL, &coverage, "also list the policies no test exercises" },
		{ "verbose", 'v', OPT_FLAG, NULL, &verbose, "list passing cases too" },
		{ "from-audit", 0, OPT_STRING, "N", &from, "write regression cases from the last N recorded events instead" },
		{ "audit", 0, OPT_STRING, "DB", &audit, "the audit log for --from-audit (default: $VERDICT_AUDIT, else the state dir)" },
		{ "output", 'o', OPT_STRING, "FILE", &output, "where --from-audit writes the cases (default: stdout)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_test_options topts = VD_TEST_OPTIONS_INIT;
	vd_test_report *report = NULL;
	vd_engine *engine = NULL;
	vd_test_format fmt;
	vd_buf out = VD_BUF_INIT;
	int n, status;

	n = cli_parse(argc, argv, opts, "verdict test [--repo DIR] [--ref REV] [--format text|json|junit] [--coverage] [PATTERN]\n"
		"       verdict test --from-audit N [--audit DB] [--output FILE] [--repo DIR] [--ref REV]",
		"Run the policy tests: every case in packs/<pack>/tests/*.json.  A case is an\n"
		"event (or a list of events) and what it must get:\n"
		"\n"
		"  {\"name\": \"rm -rf of the home directory\",\n"
		"   \"event\": {\"action\": \"shell.exec\", \"command\": \"rm -rf ~\", \"cwd\": \"/home/a\"},\n"
		"   \"expect\": {\"verdict\": \"pass\", \"would\": \"block\",\n"
		"              \"policies\": [\"destructive.delete-root-or-home\"], \"exceptions\": []}}\n"
		"\n"
		"A file is a JSON array of cases, or {\"defaults\": {event fields}, \"cases\": [...]}.\n"
		"A case may add \"scope\" (judge at the live scope branches: main, group/G,\n"
		"repo/O/N, user/U, surface/S), \"surface\", and \"now\" (the date exceptions\n"
		"expire against).  \"policies\" and \"exceptions\" are exact sets; \"message\"\n"
		"must occur in a match's message.  Without a scope, cases are judged at the\n"
		"revision under test.  PATTERN selects cases by id (\"<file>: <name>\"),\n"
		"as text or as a glob.\n"
		"\n"
		"Exits 0 when every case passes, 1 when one fails, 5 when one cannot run,\n"
		"4 when the policies do not compile.\n"
		"\n"
		"--from-audit N turns the last N events of the audit log into regression\n"
		"cases that pin the verdicts the revision under test gives them today; write\n"
		"them to packs/<pack>/tests/<file>.json and commit them.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 1)
		return cli_error_usage("expected at most one PATTERN, got %d", n);
	if (strcmp(format, "text") == 0)
		fmt = VD_TEST_TEXT;
	else if (strcmp(format, "json") == 0)
		fmt = VD_TEST_JSON;
	else if (strcmp(format, "junit") == 0)
		fmt = VD_TEST_JUNIT;
	else
		return cli_error_usage("unknown format '%s'; expected text, json or junit", format);
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	topts.ref = ref;
	if (from) {
		status = from_audit(engine, from, audit, output, &topts);
		goto done;
	}
	topts.pattern = n ? argv[0] : NULL;
	if (vd_test_run(&report, engine, &topts) < 0) {
		status = cli_error_lib();
		goto done;
	}
	vd_test_report_render(&out, report, fmt, verbose);
	fputs(out.ptr ? out.ptr : "", stdout);
	if (coverage) {
		vd_buf_clear(&out);
		vd_test_report_coverage(&out, report);
		/* Machine formats keep stdout parseable: the list goes to stderr. */
		fputs(out.ptr ? out.ptr : "", fmt == VD_TEST_TEXT ? stdout : stderr);
	}
	status = vd_test_report_errors(report) ? vd_error_exit_status(VD_EINVALID) :
		vd_test_report_failures(report) ? 1 : 0;
done:
	vd_buf_dispose(&out);
	vd_test_report_free(report);
	vd_engine_free(engine);
	return status;
}
