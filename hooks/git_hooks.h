/*
 * git_hooks.h - the git hook adapters: `verdict git-hook <name>` (each
 * hook's protocol) and `verdict hooks install --git` (the shims).
 *
 * Linked into the CLI; like the CLI they use only the public API.
 */
#ifndef VD_HOOKS_GIT_HOOKS_H
#define VD_HOOKS_GIT_HOOKS_H

#include <stdio.h>

/*
 * Run one git hook: argv[0] is the hook's name, the rest its options and
 * git's arguments.  Returns the process's exit status: 0 lets git go on
 * (pass or warn), anything else stops it.
 */
int githook_run(int argc, char **argv);

/* `verdict hooks install --git ...` and `uninstall`: argv[0] is the verb. */
int githook_install(int argc, char **argv);
int githook_uninstall(int argc, char **argv);

/* The hooks `git-hook` knows, one per line, for help texts. */
void githook_list(FILE *out);

#endif
