/*
 * cmd_check.c - `verdict check`: every diagnostic of every policy file.
 */
#include <string.h>

#include "cli.h"

int
cmd_check(int argc, char **argv)
{
	const char *repo = NULL, *ref = NULL, *format = "text";
	bool quiet = false;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "ref", 'r', OPT_STRING, "REV", &ref, "check this revision (default: the working tree, or HEAD when bare)" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default) or json" },
		{ "quiet", 'q', OPT_FLAG, NULL, &quiet, "print only errors and warnings" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_engine *engine = NULL;
	vd_diags *diags = NULL;
	vd_buf out = VD_BUF_INIT;
	int n, rc, status;

	n = cli_parse(argc, argv, opts, "verdict check [--repo DIR] [--ref REV] [--format text|json]",
		"Parse and check every policy file (packs/<pack>/*.policy and top-level\n"
		"*.policy) and print every diagnostic as file:line:col: error: message.\n"
		"Exits 0 when there is no error, 4 when there is one.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("check takes no arguments; use --ref REV for a revision");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_error_usage("unknown format '%s'; expected text or json", format);
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	rc = vd_engine_check(&diags, engine, ref);
	if (diags == NULL) {
		status = cli_error_lib();
		goto done;
	}
	if (strcmp(format, "json") == 0) {
		vd_diags_to_json(&out, diags);
		printf("%s\n", out.ptr);
	} else {
		vd_diags_render(&out, diags, true);
		if (out.size)
			fputs(out.ptr, stdout);
		if (!quiet || vd_diags_error_count(diags))
			printf("%s%s%zu polic%s in %zu file%s; %zu error%s, %zu warning%s\n",
				ref ? ref : "", ref ? ": " : "",
				vd_diags_policies_checked(diags), vd_diags_policies_checked(diags) == 1 ? "y" : "ies",
				vd_diags_files_checked(diags), vd_diags_files_checked(diags) == 1 ? "" : "s",
				vd_diags_error_count(diags),
				vd_diags_error_count(diags) == 1 ? "" : "s",
				vd_diags_warning_count(diags),
				vd_diags_warning_count(diags) == 1 ? "" : "s");
	}
	status = rc < 0 ? vd_error_exit_status(rc) : 0;
done:
	vd_buf_dispose(&out);
	vd_diags_free(diags);
	vd_engine_free(engine);
	return status;
}
