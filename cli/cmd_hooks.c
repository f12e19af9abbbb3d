/*
 * cmd_hooks.c - `verdict hooks install|uninstall --<kind>`: one verb for
 * every kind of hook verdict installs, dispatched through one table.
 *
 * Each kind (git hooks here; agent hooks add their row) parses its own
 * options; the flag that names the kind stays in argv for it to see.
 */
#include <string.h>

#include "cli.h"
#include "git_hooks.h"

static const struct {
	const char *flag;
	int (*install)(int argc, char **argv);
	int (*uninstall)(int argc, char **argv);
	const char *summary;
} kinds[] = {
	{ "--git", githook_install, githook_uninstall,
		"git hooks: pre-commit, commit-msg, pre-push (a repository, or --global); pre-receive (a bare repository)" },
};

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: verdict hooks install|uninstall <kind> [options]\n\nkinds:\n");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		fprintf(out, "  %-8s %s\n", kinds[i].flag, kinds[i].summary);
	fprintf(out, "\nRun `verdict hooks install <kind> --help` for a kind's options.\n");
}

int
cmd_hooks(int argc, char **argv)
{
	bool install;
	size_t i;
	int k;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "install") != 0 && strcmp(argv[1], "uninstall") != 0)
		return cli_error_usage("unknown hooks command '%s'; expected install or uninstall", argv[1]);
	install = strcmp(argv[1], "install") == 0;
	for (k = 2; k < argc; k++)
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strcmp(argv[k], kinds[i].flag) == 0)
				return install ? kinds[i].install(argc - 1, argv + 1) :
					kinds[i].uninstall(argc - 1, argv + 1);
	for (k = 2; k < argc; k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
			usage(stdout);
			return 0;
		}
	return cli_error_usage("say which hooks to %s: --git", argv[1]);
}
