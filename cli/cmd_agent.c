/*
 * cmd_agent.c - `verdict agent <surface>`: the hook a coding agent runs on
 * each action.  Thin: the options, then hooks/agent_run.c.
 *
 * Its exit statuses are the agent's protocol, not the CLI's 3..8: a
 * command-line mistake here must still block (exit 2, and a deny for
 * Copilot), because an agent treats any other failure as "go ahead".
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../hooks/agent.h"

int
cmd_agent(int argc, char **argv)
{
	agent_options o;
	cli_list groups = { NULL, 0 };
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &o.repo, "the policy repository (else $VERDICT_REPO, else policy_repo in the config file)" },
		{ "audit", 0, OPT_STRING, "DB", &o.audit, "the audit log (else $VERDICT_AUDIT, else audit in the config file, else the default)" },
		{ "user", 0, OPT_STRING, "NAME", &o.user, "who acts (else $VERDICT_USER, else user in the config file, else the OS user)" },
		{ "group", 0, OPT_LIST, "G", &groups, "a group of the user, repeatable or comma-separated (else $VERDICT_GROUPS, else groups in the config file)" },
		{ "repo-name", 0, OPT_STRING, "OWNER/NAME", &o.repo_name, "the project (else $VERDICT_REPO_NAME, else repo_name in the config file, else the origin remote of the payload's cwd)" },
		{ "event", 0, OPT_STRING, "NAME", &o.event, "the hook event, for agents whose payloads do not name it (copilot-cli)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	char usage[256];
	int n, status;

	memset(&o, 0, sizeof(o));
	snprintf(usage, sizeof(usage), "verdict agent <%s> [options] < payload",
		"claude-code|cursor|codex|gemini-cli|copilot-cli|auto");
	n = cli_parse(argc, argv, opts, usage,
		"Judge one action of a coding agent: read the hook payload on stdin, judge\n"
		"each action it holds at the live scopes, record it in the audit log, and\n"
		"answer in that agent's own protocol (`auto` tells the agent by the payload).\n"
		"Install it with `verdict hooks install --agent <agent>`.\n"
		"\n"
		"When verdict cannot judge (no policy repo, policies that do not compile, a\n"
		"payload it cannot read, an audit log it cannot write), the policy repo's\n"
		"`settings { on_error block|pass }` decides (default block); the message\n"
		"says how to fix the cause and the failure is recorded or spooled.\n"
		"\n"
		"Exit status: what the agent's protocol asks for (0, or 2 to block), never\n"
		"the CLI's error statuses; a wrong command line blocks too.\n"
		"\n"
		"Config file: $VERDICT_CONFIG, else $XDG_CONFIG_HOME/verdict/config.json,\n"
		"else ~/.config/verdict/config.json, a JSON object with policy_repo, audit,\n"
		"user, groups (an array) and repo_name.  See docs/agents.md.");
	if (n == -2) {
		free(groups.items);
		return 0;
	}
	if (n < 0 || n != 1) {
		status = agent_usage_failure(stdout, stderr, n < 0 ?
			"verdict agent: invalid options (see `verdict agent --help`); blocking, since the agent cannot be told apart" :
			"verdict agent: expected one agent: claude-code, cursor, codex, gemini-cli, copilot-cli or auto");
		free(groups.items);
		return status;
	}
	o.surface = argv[0];
	o.groups = groups.items;
	o.ngroups = groups.len;
	status = agent_run(&o, stdin, stdout, stderr);
	free(groups.items);
	return status;
}

int
cmd_hooks_agent(int argc, char **argv, bool uninstall)
{
	const char *surface = NULL, *scope = "user", *repo = NULL, *project = NULL, *root = NULL;
	bool dry_run = false;
	const cli_opt opts[] = {
		{ "agent", 0, OPT_STRING, "AGENT", &surface, "claude-code, cursor, codex, gemini-cli or copilot-cli" },
		{ "scope", 0, OPT_STRING, "SCOPE", &scope, "user (default), project or managed" },
		{ "project", 0, OPT_STRING, "DIR", &project, "the project for --scope project (default: the current directory)" },
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository the hooks judge with (else $VERDICT_REPO or the config file, when they run)" },
		{ "root", 0, OPT_STRING, "DIR", &root, "write managed files under DIR instead of / (building images)" },
		{ "dry-run", 'n', OPT_FLAG, NULL, &dry_run, "print the change; write nothing" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	agent_install_options o;
	vd_buf report = VD_BUF_INIT;
	char self[4096], repo_abs[4096];
	ssize_t len;
	int n, rc;

	n = cli_parse(argc, argv, opts, uninstall ?
		"verdict hooks uninstall --agent AGENT [--scope user|project|managed] [--dry-run]" :
		"verdict hooks install --agent AGENT [--scope user|project|managed] [--repo DIR] [--dry-run]",
		"Write verdict's hooks into the agent's own configuration (Claude Code's\n"
		"settings.json, Cursor's hooks.json with failClosed, Codex's hooks.json,\n"
		"Gemini CLI's settings.json, Copilot's .github/hooks/verdict.json), merging\n"
		"with the hooks already there.  A second install changes nothing;\n"
		"uninstall removes exactly the hooks install added.  See docs/agents.md.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("unexpected argument '%s'", argv[0]);
	if (surface == NULL)
		return cli_error_usage("--agent needs an agent: claude-code, cursor, codex, gemini-cli or copilot-cli");
	memset(&o, 0, sizeof(o));
	o.surface = surface;
	if (strcmp(scope, "user") == 0)
		o.scope = AGENT_SCOPE_USER;
	else if (strcmp(scope, "project") == 0)
		o.scope = AGENT_SCOPE_PROJECT;
	else if (strcmp(scope, "managed") == 0)
		o.scope = AGENT_SCOPE_MANAGED;
	else
		return cli_error_usage("unknown scope '%s'; expected user, project or managed", scope);
	/* The hooks run from elsewhere: every path in them is absolute. */
	if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0) {
		fprintf(stderr, "verdict: cannot tell where the verdict binary is: %s\n", strerror(errno));
		return vd_error_exit_status(VD_EIO);
	}
	self[len] = '\0';
	if (repo) {
		if (realpath(repo, repo_abs) == NULL) {
			fprintf(stderr, "verdict: --repo %s: %s\n", repo, strerror(errno));
			return vd_error_exit_status(VD_ENOTFOUND);
		}
		repo = repo_abs;
	}
	o.home = getenv("HOME");
	o.project = project;
	o.root = root;
	o.verdict = self;
	o.repo = repo;
	o.uninstall = uninstall;
	o.dry_run = dry_run;
	rc = agent_install(&report, &o);
	if (report.size)
		fputs(report.ptr, stdout);
	vd_buf_dispose(&report);
	if (rc < 0) {
		fprintf(stderr, "verdict: %s\n", agent_error_last()->message);
		return vd_error_exit_status(rc);
	}
	if (!uninstall && !dry_run && repo == NULL && getenv("VERDICT_REPO") == NULL)
		fprintf(stderr, "verdict: note: the hooks name no policy repo; set VERDICT_REPO for the agent, or \"policy_repo\" in the config file, or install again with --repo DIR: until then every action is blocked (on_error block)\n");
	return 0;
}
