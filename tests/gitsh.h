/*
 * gitsh.h - real `git` commands in a temporary directory, for the hook
 * tests: a sandbox whose HOME, XDG_CONFIG_HOME and GIT_CONFIG_NOSYSTEM
 * keep the developer's configuration out, with `verdict` on PATH and a
 * private audit log.
 */
#ifndef VD_TESTS_GITSH_H
#define VD_TESTS_GITSH_H

#include <stddef.h>

typedef struct {
	char *root;        /* the sandbox; HOME */
	char *audit;       /* its audit log */
	char *out;         /* the last command's stdout and stderr */
} gitsh;

/* A sandbox with a global identity and init.defaultBranch=main. */
gitsh *gitsh_new(void);
void gitsh_free(gitsh *g);

/*
 * Run `/bin/sh -c` in the sandbox (the command may `cd`), stdout and
 * stderr together into g->out.  Returns the exit status.
 */
int gitsh_run(gitsh *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Like gitsh_run(), but abort the test when the command fails. */
void gitsh_ok(gitsh *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The trimmed stdout of a command that must succeed (malloc'd). */
char *gitsh_capture(gitsh *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The events in the sandbox's audit log, JSON objects joined by newlines,
 * each followed by " => <verdict>" (malloc'd; "" when there is no log).
 */
char *gitsh_audit(gitsh *g);

#endif
