/*
 * shell.h - a command line split into the simple commands it runs.
 *
 * Policies judge what runs, not how it was spelled: quoting, escapes,
 * wrappers (sudo, env, bash -c, ...) and the program's directory are taken
 * away before any policy sees a command.  Each simple command also lists
 * the files it implies touching (redirections, and the operands of
 * programs whose operands are files: cat reads, rm deletes, cp copies) and
 * the URLs it fetches (curl, wget): the event layer turns those into
 * implied file.* and web.fetch events, so a policy written for a file or a
 * URL judges the shell spelling of the same action too.
 */
#ifndef VD_ENGINE_SHELL_H
#define VD_ENGINE_SHELL_H

#include "common.h"
#include "arena.h"

/* What a simple command implies it does to a file or a URL. */
typedef enum {
	VD_IMPLY_READ,      /* file.read: cat F, < F, cp F x, curl -F a=@F */
	VD_IMPLY_WRITE,     /* file.write: > F, >> F, tee F, cp x F, curl -o F */
	VD_IMPLY_EDIT,      /* file.edit: sed -i ... F */
	VD_IMPLY_DELETE,    /* file.delete: rm F, shred F, find F -delete */
	VD_IMPLY_FETCH,     /* web.fetch: curl URL, wget URL */
} vd_imply_kind;

typedef struct {
	uint8_t kind;              /* vd_imply_kind */
	const char *redirect;      /* the redirection operator (">", ">>", "<", ...), NULL for an operand */
	const char *target;        /* the path or URL as written, quotes removed */
} vd_implied;

typedef struct {
	const char *text;          /* name and argv joined by single spaces */
	const char *name;          /* the program, without its directory */
	const char **argv;         /* the words after the program */
	uint32_t argc;
	const char **flags;        /* -rf gives "r" and "f"; --force gives "force" */
	uint32_t nflags;
	const char **redirects;    /* targets of > >> &> 2> >| <> ... */
	uint32_t nredirects;
	const char **wrappers;     /* wrappers peeled off: "sudo", "env", "bash" (of bash -c) */
	uint32_t nwrappers;
	const char **input;        /* programs feeding it: earlier in its pipeline, or substituted */
	uint32_t ninput;
	const char **env;          /* NAME=value assignments it runs with (prefixes, env's) */
	uint32_t nenv;
	/*
	 * The directory it runs in after the `cd`s before it on the line:
	 * "" for the event's cwd, else a path that is absolute, starts with
	 * `~`, or is relative to the event's cwd.
	 */
	const char *cwd;
	const vd_implied *implied;
	uint32_t nimplied;
} vd_simple_command;

/* Bounds: deeper nesting stays a plain word; more commands is an error. */
#define VD_SHELL_MAX_DEPTH     16      /* $( ), bash -c, eval ... inside each other */
#define VD_SHELL_MAX_COMMANDS  4096    /* simple commands in one line */
#define VD_SHELL_MAX_IMPLIED   4096    /* implied file and URL actions in one line */

/*
 * Split `line` into simple commands (in `a`).  Commands inside $( ),
 * backticks, subshells, here-documents fed to a shell and the strings given
 * to bash -c, eval, su -c, ssh ... are included, in the order they are met.
 * Never fails on malformed input (an unclosed quote runs to the end); only
 * the documented limits give VD_ELIMIT.
 */
int vd__shell_split(vd_arena *a, const char *line, size_t len,
	vd_simple_command **out, size_t *count);

#endif
