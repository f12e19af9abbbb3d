/*
 * shell.h - a command line split into the simple commands it runs.
 *
 * Policies judge what runs, not how it was spelled: quoting, escapes,
 * wrappers (sudo, env, bash -c, ...) and the program's directory are taken
 * away before any policy sees a command.
 */
#ifndef VD_ENGINE_SHELL_H
#define VD_ENGINE_SHELL_H

#include "common.h"
#include "arena.h"

typedef struct {
	const char *text;          /* name and argv joined by single spaces */
	const char *name;          /* the program, without its directory */
	const char **argv;         /* the words after the program */
	uint32_t argc;
	const char **flags;        /* -rf gives "r" and "f"; --force gives "force" */
	uint32_t nflags;
	const char **redirects;    /* targets of > >> &> 2> ... */
	uint32_t nredirects;
} vd_simple_command;

/*
 * Split `line` into simple commands (in `a`).  Commands inside $( ),
 * backticks, subshells and `bash -c` strings are included, after the
 * command that contains them.  Returns the number of commands.
 */
size_t vd__shell_split(vd_arena *a, const char *line, size_t len,
	vd_simple_command **out);

#endif
