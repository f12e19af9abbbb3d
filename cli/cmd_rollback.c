/*
 * cmd_rollback.c - `verdict rollback SCOPE REV`: a scope's policies back to
 * those of an earlier revision, as a new commit on its branch.
 */
#include <string.h>

#include "cli.h"

int
cmd_rollback(int argc, char **argv)
{
	const char *repo = NULL, *message = NULL;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "message", 'm', OPT_STRING, "M", &message, "the commit message (default: says what was rolled back to what)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_rollback_options ro = VD_ROLLBACK_OPTIONS_INIT;
	vd_policy_changes *changes = NULL;
	vd_engine *engine = NULL;
	vd_buf commit = VD_BUF_INIT;
	size_t i, n_changes;
	int n, status;

	n = cli_parse(argc, argv, opts, "verdict rollback SCOPE REV [--repo DIR] [--message M]",
		"Make a new commit on SCOPE's branch whose tree is REV's tree, so that the\n"
		"scope's policies are again those of REV, and say which policies change.\n"
		"SCOPE is the baseline branch (main) or group/NAME, repo/OWNER/NAME,\n"
		"user/NAME, surface/NAME (the branch scope/...).  History stays linear and\n"
		"the audit log is not touched: recorded verdicts keep naming the commits\n"
		"that judged them; later verdicts follow REV.  Exit 0; 6 for an unknown\n"
		"scope or revision; 4 when REV's policies do not compile.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n != 2)
		return cli_error_usage("rollback needs SCOPE and REV (got %d argument%s)", n, n == 1 ? "" : "s");
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	ro.message = message;
	if (vd_rollback(&commit, &changes, engine, argv[0], argv[1], &ro) < 0) {
		status = cli_error_lib();
		goto done;
	}
	n_changes = vd_policy_changes_count(changes);
	if (commit.size == 0) {
		printf("%s already has the policies of %s; nothing to roll back\n", argv[0], argv[1]);
		goto done;
	}
	printf("rolled %s back to %s: new commit %s\n", argv[0], argv[1], commit.ptr);
	printf("%zu polic%s change%s\n", n_changes, n_changes == 1 ? "y" : "ies", n_changes == 1 ? "s" : "");
	for (i = 0; i < n_changes; i++) {
		const vd_policy_change *c = vd_policy_changes_get(changes, i);

		printf("  %c %s: ", c->kind == VD_POLICY_ADDED ? '+' : c->kind == VD_POLICY_REMOVED ? '-' : '~',
			c->policy);
		if (c->kind == VD_POLICY_ADDED)
			printf("back: mode %s, severity %s", vd_mode_name((vd_mode)c->new_mode),
				vd_mode_name((vd_mode)c->new_severity));
		else if (c->kind == VD_POLICY_REMOVED)
			printf("removed (was mode %s)", vd_mode_name((vd_mode)c->old_mode));
		else {
			if (c->old_mode != c->new_mode)
				printf("mode %s -> %s", vd_mode_name((vd_mode)c->old_mode), vd_mode_name((vd_mode)c->new_mode));
			else
				printf("mode %s", vd_mode_name((vd_mode)c->new_mode));
			if (c->old_severity != c->new_severity)
				printf(", severity %s -> %s", vd_mode_name((vd_mode)c->old_severity),
					vd_mode_name((vd_mode)c->new_severity));
			if (c->definition_changed)
				printf(", definition changed");
		}
		putchar('\n');
	}
	printf("recorded verdicts are unchanged; verdicts from now on follow %s\n", argv[1]);
done:
	vd_buf_dispose(&commit);
	vd_policy_changes_free(changes);
	vd_engine_free(engine);
	return status;
}
