/*
 * cli.h - what every verb shares: the option parser, the command table,
 * error reporting that returns the exit status, and input reading.
 *
 * The CLI is thin: it parses arguments, calls the public API (verdict.h)
 * and prints.  It never reaches into the engine's internals.
 */
#ifndef VD_CLI_H
#define VD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "verdict.h"

/* Exit statuses beyond the verdicts; the library's codes map onto these. */
#define CLI_EXIT_USAGE 3

typedef enum { OPT_FLAG, OPT_STRING, OPT_LIST } cli_opt_type;

/* A repeatable option collects its values here. */
typedef struct {
	const char **items;
	size_t len;
} cli_list;

typedef struct {
	const char *name;        /* long name, without the dashes */
	char shortname;          /* 0 for none */
	cli_opt_type type;
	const char *arg;         /* the argument's name in help, e.g. "DIR" */
	void *target;            /* bool *, const char **, or cli_list * */
	const char *help;
} cli_opt;

typedef struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} cli_cmd;

/*
 * Parse argv against `opts`.  Positional arguments are left in argv[0..]
 * and their count returned; -1 after printing a usage error.  "--help"
 * prints `usage` and the option table, then returns -2.
 */
int cli_parse(int argc, char **argv, const cli_opt *opts, const char *usage,
	const char *description);

/* Print "verdict: <message of the last error>" and return its exit status. */
int cli_error_lib(void);
/* Print a usage error and return CLI_EXIT_USAGE. */
int cli_error_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Read a whole file ("-" or NULL for stdin) into buf; exit status on error. */
int cli_read_input(vd_buf *buf, const char *path);

/*
 * One event read by cli_read_events(): its text, and its line number in
 * JSON Lines (0 for a single JSON document).  text is NULL when the event
 * is longer than VD_LIMIT_EVENT_BYTES; len is then how many bytes it had.
 */
typedef void (*cli_event_fn)(void *payload, const char *text, size_t len, size_t line);

/*
 * Read events from a file ("-" or NULL for stdin) as they come, without
 * holding more than one event in memory: one JSON document (an object that
 * may span lines) or JSON Lines (the first line is a whole object and a
 * newline follows).  Blank lines are skipped.  Returns 0 or an exit status.
 */
int cli_read_events(const char *path, cli_event_fn fn, void *payload);

/* The policy repository: --repo, else VERDICT_REPO, else the current directory. */
const char *cli_repo(const char *flag);

/* Open the engine for --repo; prints and returns an exit status on error. */
int cli_open_engine(vd_engine **out, const char *repo);

/* Open the audit log for writing (--audit, else the default); reports what
 * opening it drained.  Prints and returns an exit status on error. */
int cli_open_audit(vd_audit **out, const char *path);

/* "YYYY-MM-DD" (UTC) of a time in seconds, "-" for 0, into buf. */
const char *cli_day(int64_t t, char buf[16]);

/* --format text|json: sets *json; prints and returns the usage status otherwise. */
int cli_parse_format(const char *format, bool *json);

/*
 * Set before a verb runs when it may use TLS through libgit2 (fetching a
 * policy mirror over HTTPS): only then does libgit2 load the system's CA
 * bundle (no_ca_bundle.c).
 */
extern bool cli_tls_wanted;

/* The verbs. */
int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_packs(int argc, char **argv);
int cmd_scopes(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_agent(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
/* `verdict hooks install|uninstall --agent ...` (argv[0] is install or uninstall). */
int cmd_hooks_agent(int argc, char **argv, bool uninstall);
/* `verdict hooks install|uninstall --git ...` (hooks/git_install.c). */
int cmd_hooks_git(int argc, char **argv, bool uninstall);
int cmd_replay(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
/* The tuning queue; `verdict review` without --exceptions (cmd_timeline.c). */
int cmd_review_queue(int argc, char **argv);
int cmd_rollback(int argc, char **argv);
/* The gate of a policy pull request (cmd_ci.c). */
int cmd_ci(int argc, char **argv);

#endif
