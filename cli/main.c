/*
 * main.c - `verdict <verb>`: global options and dispatch through one table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "git_hooks.h"

static const cli_cmd commands[] = {
	{ "init",    cmd_init,    "make a new policy repository from the starter packs" },
	{ "check",   cmd_check,   "check every policy at a revision; list every error" },
	{ "eval",    cmd_eval,    "judge events (JSON, or JSON Lines) and print each verdict" },
	{ "explain", cmd_explain, "show how each policy judged an event, clause by clause" },
	{ "record",  cmd_record,  "judge JSON Lines events and append them and their verdicts to the audit log" },
	{ "audit",   cmd_audit,   "the audit log: `audit verify` checks its hash chain" },
	{ "test",    cmd_test,    "run the policy tests of the packs (packs/*/tests/*.json)" },
	{ "fmt",     cmd_fmt,     "rewrite policy files in the canonical layout (--check: list them)" },
	{ "packs",   cmd_packs,   "each pack of a revision: its version and its policies' modes" },
	{ "scopes",  cmd_scopes,  "every scope branch: its tip, ramp, packs and modes (the assignment state)" },
	{ "agent",   cmd_agent,   "the hook of a coding agent: judge the action in its payload, answer in its protocol" },
	{ "hooks",   cmd_hooks,   "install or uninstall hooks: `hooks install --agent <agent>` or `--git`" },
	{ "git-hook", githook_run, "run as a git hook: pre-commit, commit-msg, pre-push, pre-receive, update" },
	{ "replay",  cmd_replay,  "judge recorded events again at a revision: the pass baseline and counts" },
	{ "diff",    cmd_diff,    "judge recorded events at two revisions and report what changes" },
	{ "timeline", cmd_timeline, "a session's events and verdicts, and what followed each warning" },
	{ "review",  cmd_review,  "the tuning queue by policy; --exceptions: exceptions unused, expiring or lapsed" },
	{ "rollback", cmd_rollback, "restore a scope's policies to an earlier revision, as a new commit" },
	{ "ci",      cmd_ci,      "the gate of a policy pull request: check, pack tests, verdict diff as a PR comment" },
	{ NULL, NULL, NULL }
};

static void
usage(FILE *out)
{
	const cli_cmd *c;

	fprintf(out,
		"usage: verdict <verb> [options] [args]\n"
		"\n"
		"verdict judges what AI coding agents and git pushes do against policies\n"
		"kept in a git repository (the policy repo).\n"
		"\n"
		"verbs:\n");
	for (c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Run `verdict <verb> --help` for the options of one verb.\n"
		"\n"
		"The policy repo is --repo DIR, else $VERDICT_REPO, else the repository\n"
		"containing the current directory.\n"
		"\n"
		"The audit log is --audit DB, else $VERDICT_AUDIT, else\n"
		"$XDG_STATE_HOME/verdict/audit.db, else ~/.local/state/verdict/audit.db.\n"
		"Writers wait up to $VERDICT_AUDIT_TIMEOUT ms (default 5000) for its lock.\n"
		"\n"
		"exit status:\n"
		"  0  pass (or success)\n"
		"  1  warn: the action may proceed, the user is told why\n"
		"  2  block (or ask): the action must not proceed\n");
	fprintf(out, "  3  usage error (bad option or argument)\n"
		"  4  policies do not compile\n"
		"  5  invalid input (event, payload) or a limit exceeded\n"
		"  6  not found (repository, revision) or git error\n"
		"  7  I/O or audit-log error\n"
		"  8  internal error\n");
	fprintf(out, "A tool error is never 0, 1 or 2: it never looks like a verdict.\n");
	fprintf(out, "\n`verdict ci` is a gate, not a verdict: 0 passed, 4 a policy does not compile,\n"
		"5 a pack test cannot run, 1 a pack test fails, 7 the audit log cannot be read,\n"
		"2 more events newly blocked than --max-new-blocks N allows.\n");
}

int
main(int argc, char **argv)
{
	const cli_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("verdict %s\n", vd_version());
		return 0;
	}
	/* Only `hooks` may fetch over HTTPS (a policy mirror): see no_ca_bundle.c. */
	cli_tls_wanted = strcmp(argv[1], "hooks") == 0;
	for (c = commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->fn(argc - 1, argv + 1);
	return cli_error_usage("unknown verb '%s'; run `verdict --help` for the list", argv[1]);
}
