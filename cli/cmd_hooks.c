/*
 * cmd_hooks.c - `verdict hooks install|uninstall --<kind> ...`: one row per
 * kind of hook (a coding agent's, git's), each parsing its own options.
 */
#include <string.h>

#include "cli.h"

typedef struct {
	const char *flag;        /* the option that selects the row, e.g. "--agent" */
	int (*run)(int argc, char **argv, bool uninstall);
	const char *summary;
} hooks_kind;

static const hooks_kind kinds[] = {
	{ "--agent", cmd_hooks_agent, "a coding agent's hooks: --agent claude-code|cursor|codex|gemini-cli|copilot-cli" },
	{ "--git",   cmd_hooks_git,   "git's hooks: pre-commit, commit-msg, pre-push (--repo DIR or --global); pre-receive (a bare repo)" },
	{ NULL, NULL, NULL }
};

static bool
names(const char *arg, const char *flag)
{
	size_t n = strlen(flag);

	return strncmp(arg, flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int
usage(FILE *out, int status)
{
	const hooks_kind *k;

	fprintf(out, "usage: verdict hooks install|uninstall --<kind> ... [--dry-run]\n\n"
		"Write (or remove) verdict's hooks in a tool's own configuration, merging\n"
		"with what is there; a second install changes nothing, uninstall removes\n"
		"exactly what install added.  Run `verdict hooks install --<kind> X --help`.\n\n"
		"kinds:\n");
	for (k = kinds; k->flag; k++)
		fprintf(out, "  %-10s %s\n", k->flag, k->summary);
	return status;
}

int
cmd_hooks(int argc, char **argv)
{
	const hooks_kind *k;
	bool uninstall;
	int i;

	if (argc < 2)
		return usage(stderr, CLI_EXIT_USAGE);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(stdout, 0);
	if (strcmp(argv[1], "install") != 0 && strcmp(argv[1], "uninstall") != 0)
		return cli_error_usage("unknown hooks command '%s'; expected install or uninstall", argv[1]);
	uninstall = strcmp(argv[1], "uninstall") == 0;
	for (i = 2; i < argc; i++)
		for (k = kinds; k->flag; k++)
			if (names(argv[i], k->flag))
				return k->run(argc - 1, argv + 1, uninstall);
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return usage(stdout, 0);
	{
		char list[256] = "";

		for (k = kinds; k->flag; k++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				k == kinds ? "" : " or ", k->flag);
		return cli_error_usage("hooks %s: say which hooks: %s", argv[1], list);
	}
}
