/*
 * cmd_init.c - `verdict init`: a new policy repository from the starter packs.
 */
#include <string.h>

#include "cli.h"

int
cmd_init(int argc, char **argv)
{
	const char *branch = NULL;
	const cli_opt opts[] = {
		{ "branch", 'b', OPT_STRING, "NAME", &branch, "the baseline branch (default: main)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_init_options io = VD_INIT_OPTIONS_INIT;
	vd_engine_options eo = VD_ENGINE_OPTIONS_INIT;
	vd_engine *engine = NULL;
	vd_inventory *inv = NULL;
	vd_buf commit = VD_BUF_INIT;
	const char *dir;
	size_t i, j, policies = 0, observing = 0;
	int n, status = 0;

	n = cli_parse(argc, argv, opts, "verdict init [--branch NAME] [DIR]",
		"Make a new policy repository in DIR (default: the current directory,\n"
		"which must be empty) from the starter packs built into verdict: each\n"
		"pack with its tests and README, a README and an empty ramp, so every\n"
		"policy starts in observe.  One commit on the baseline branch, ready to\n"
		"push; `verdict check` and `verdict test` pass in it.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 1)
		return cli_error_usage("expected at most one DIR, got %d", n);
	dir = n ? argv[0] : ".";
	io.branch = branch;
	if (vd_repo_init(dir, &io, &commit) < 0)
		return cli_error_lib();
	eo.default_branch = branch;
	if (vd_engine_open(&engine, dir, &eo) == 0 && vd_inventory_revision(&inv, engine, NULL) == 0) {
		const vd_revision_info *r = vd_inventory_get(inv, 0);

		for (i = 0; i < r->npacks; i++)
			for (j = 0; j < r->packs[i].npolicies; j++, policies++)
				observing += r->packs[i].policies[j].mode == VD_MODE_OBSERVE;
		printf("Made a policy repository in %s: %zu packs, %zu policies, %s in observe (commit %.12s on %s).\n",
			dir, r->npacks, policies, observing == policies ? "all" : "not all", commit.ptr, r->scope);
	} else {
		printf("Made a policy repository in %s (commit %.12s).\n", dir, commit.ptr);
	}
	printf("\nNext:\n"
		"  cd %s && verdict check && verdict test   # every policy compiles, every test passes\n"
		"  git remote add origin <url> && git push -u origin %s\n"
		"  verdict packs                             # each pack, its version and its modes\n",
		dir, branch ? branch : "main");
	vd_inventory_free(inv);
	vd_engine_free(engine);
	vd_buf_dispose(&commit);
	return status;
}
