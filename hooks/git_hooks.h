/*
 * git_hooks.h - the git hook adapters: `verdict git-hook <name>` (each
 * hook's protocol, git_hook.c) and `verdict hooks install --git` (the
 * shims, git_install.c).
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

/*
 * `verdict hooks install|uninstall --git ...` is cmd_hooks_git() (cli.h):
 * argv[0] is install or uninstall.
 */

/* The hooks `git-hook` knows, one per line, for help texts. */
void githook_list(FILE *out);

#endif
