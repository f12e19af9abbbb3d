/*
 * verdict.h - the public API of verdict, a git-native policy engine.
 *
 * This header is the reference manual.  If something is not declared here it
 * is not part of the API.  Conventions:
 *
 *  - Functions return 0 on success and a negative VD_E* code on failure; the
 *    message of the last failure on this thread is vd_error_last().
 *  - A block is a result, not an error: vd_eval() returns 0 with a verdict.
 *  - An object returned through `T **out` belongs to the caller and is freed
 *    with vd_T_free(); every _free() accepts NULL.  A `const T *` returned by
 *    a getter is borrowed from its parent and lives as long as it does.
 *  - Text handed back for printing goes into a caller-owned vd_buf.
 */
#ifndef VERDICT_H
#define VERDICT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VD_EXTERN extern __attribute__((visibility("default")))

/* ------------------------------------------------------------------ *
 * Errors                                                              *
 * ------------------------------------------------------------------ */

/**
 * Every error code, written once: X(NAME, value, CLI exit status, meaning).
 * The CLI turns a failing call into its exit status through this list, so
 * the documented exit-code contract cannot drift from the library.  0, 1
 * and 2 are verdicts (pass, warn, block); errors start at 3.
 */
#define VD_ERROR_LIST(X) \
	X(ERROR,     -1, 8, "internal error") \
	X(EINVALID,  -2, 5, "invalid input (event, payload or argument)") \
	X(ENOTFOUND, -3, 6, "not found (repository, revision or file)") \
	X(EPOLICY,   -4, 4, "policies do not compile") \
	X(EGIT,      -5, 6, "git repository error") \
	X(EIO,       -6, 7, "I/O or audit-log error") \
	X(ELIMIT,    -7, 5, "a documented limit was exceeded") \
	X(EUSAGE,    -8, 3, "usage error")

/** Error codes. */
typedef enum {
	VD_OK = 0,
#define VD__X(name, value, exit, doc) VD_##name = value,
	VD_ERROR_LIST(VD__X)
#undef VD__X
} vd_error_code;

/** The last error recorded on this thread. */
typedef struct {
	int code;          /**< a vd_error_code, or 0 when nothing failed */
	char message[1024];/**< one line, lower case, no trailing period */
} vd_error;

/**
 * The last error recorded on this thread.  Never NULL: when nothing failed
 * the code is 0 and the message is empty.
 */
VD_EXTERN const vd_error *vd_error_last(void);

/** Forget the last error. */
VD_EXTERN void vd_error_clear(void);

/** The CLI exit status for an error code (3 or more; see VD_ERROR_LIST). */
VD_EXTERN int vd_error_exit_status(int code);

/** A short description of an error code ("usage error", ...). */
VD_EXTERN const char *vd_error_describe(int code);

/** The library version, "MAJOR.MINOR.PATCH". */
VD_EXTERN const char *vd_version(void);

/* ------------------------------------------------------------------ *
 * Limits                                                              *
 * ------------------------------------------------------------------ */

/*
 * The documented limits (README, "Limits").  Input beyond one is refused
 * with VD_ELIMIT (or, for policies, an error diagnostic) whose message
 * names the limit; nothing is truncated or dropped silently.
 */
#define VD_LIMIT_EVENT_BYTES       (64 * 1024 * 1024) /**< one event: a JSON object, or one line of JSON Lines */
#define VD_LIMIT_POLICY_FILE_BYTES (1024 * 1024)      /**< one .policy file */
#define VD_LIMIT_POLICY_FILES      10000              /**< .policy files at one ref */
#define VD_LIMIT_POLICIES          100000             /**< policies at one ref */
#define VD_LIMIT_NESTING           64                 /**< parentheses and `not` inside one condition */

/* ------------------------------------------------------------------ *
 * Buffers                                                             *
 * ------------------------------------------------------------------ */

/**
 * A growable, NUL-terminated byte buffer the caller owns.  Initialise with
 * VD_BUF_INIT and release the contents with vd_buf_dispose().
 */
typedef struct {
	char *ptr;     /**< the bytes, NUL-terminated; NULL while empty */
	size_t size;   /**< bytes in use, not counting the NUL */
	size_t asize;  /**< bytes allocated */
} vd_buf;

#define VD_BUF_INIT { NULL, 0, 0 }

/** Free the contents of a buffer and reset it to VD_BUF_INIT. */
VD_EXTERN void vd_buf_dispose(vd_buf *buf);

/** Append bytes to a buffer. */
VD_EXTERN void vd_buf_put(vd_buf *buf, const char *data, size_t len);

/** Append formatted text to a buffer. */
VD_EXTERN void vd_buf_printf(vd_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Empty a buffer, keeping its memory. */
VD_EXTERN void vd_buf_clear(vd_buf *buf);

/* ------------------------------------------------------------------ *
 * Verdicts and modes                                                  *
 * ------------------------------------------------------------------ */

/**
 * The outcome for an event, ordered by severity: when several policies or
 * scopes judge one event, the greatest wins.  ASK is a block the user may
 * lift by confirming, for agents that can ask; everywhere else it blocks.
 */
typedef enum {
	VD_PASS = 0,
	VD_WARN = 1,
	VD_ASK = 2,
	VD_BLOCK = 3,
} vd_verdict_kind;

/** The rung a policy stands on.  OBSERVE records a would-verdict only. */
typedef enum {
	VD_MODE_OBSERVE = 0,
	VD_MODE_WARN = 1,
	VD_MODE_ASK = 2,
	VD_MODE_BLOCK = 3,
} vd_mode;

/** "pass", "warn", "ask" or "block". */
VD_EXTERN const char *vd_verdict_name(vd_verdict_kind kind);

/** "observe", "warn", "ask" or "block". */
VD_EXTERN const char *vd_mode_name(vd_mode mode);

/** The CLI exit status for a verdict: 0 pass, 1 warn, 2 ask or block. */
VD_EXTERN int vd_verdict_exit_status(vd_verdict_kind kind);

/* ------------------------------------------------------------------ *
 * Diagnostics                                                         *
 * ------------------------------------------------------------------ */

/** A list of diagnostics produced by checking policies. */
typedef struct vd_diags vd_diags;

typedef enum { VD_DIAG_ERROR = 0, VD_DIAG_WARNING = 1 } vd_diag_severity;

/** One diagnostic; borrowed from its list. */
typedef struct {
	vd_diag_severity severity;
	const char *file;     /**< path inside the policy repo */
	uint32_t line;        /**< 1-based */
	uint32_t column;      /**< 1-based, in bytes */
	uint32_t end_column;  /**< 1-based, exclusive; on the same line */
	const char *message;  /**< what is wrong and what was expected */
} vd_diag;

VD_EXTERN size_t vd_diags_count(const vd_diags *diags);

/** How many policy files and policies the check read (0 when unknown). */
VD_EXTERN size_t vd_diags_files_checked(const vd_diags *diags);
VD_EXTERN size_t vd_diags_policies_checked(const vd_diags *diags);
VD_EXTERN size_t vd_diags_error_count(const vd_diags *diags);

/**
 * Warnings found.  Errors and warnings are counted in full even when only
 * the first ones are kept (vd_diags_count(), a thousand at most).
 */
VD_EXTERN size_t vd_diags_warning_count(const vd_diags *diags);
VD_EXTERN const vd_diag *vd_diags_get(const vd_diags *diags, size_t i);

/**
 * Render every diagnostic as `file:line:col: error: message`, followed by
 * the source line and a caret under the span when `with_source` is set.
 */
VD_EXTERN int vd_diags_render(vd_buf *out, const vd_diags *diags, bool with_source);

/** Render the diagnostics as a JSON array. */
VD_EXTERN int vd_diags_to_json(vd_buf *out, const vd_diags *diags);

VD_EXTERN void vd_diags_free(vd_diags *diags);

/* ------------------------------------------------------------------ *
 * Events                                                              *
 * ------------------------------------------------------------------ */

/** One normalized action of an agent or of git.  See DESIGN.md, Events. */
typedef struct vd_event vd_event;

/**
 * Parse and normalize one event from JSON text.
 *
 * The text must hold one JSON object with at least `action`.  Unknown keys
 * are ignored; a known key with the wrong type is an error that names it.
 *
 * @param out   set to the new event; free with vd_event_free()
 * @param json  the text; need not be NUL-terminated
 * @param len   its length in bytes
 * @return 0, VD_EINVALID (the message names the field), or VD_ELIMIT
 */
VD_EXTERN int vd_event_parse(vd_event **out, const char *json, size_t len);

/**
 * Build an event from a JSON object made in memory (a jansson `json_t *`),
 * exactly as vd_event_parse() would from its text, without the round trip
 * through text: adapters build large events (file contents) this way.
 *
 * The event takes its own reference to `obj`; do not change `obj` while the
 * event lives.  Its text for the audit log is serialized when recorded.
 *
 * @param out  set to the new event; free with vd_event_free()
 * @param obj  a jansson object
 * @return 0, or VD_EINVALID (the message names the field)
 */
struct json_t;
VD_EXTERN int vd_event_from_json(vd_event **out, struct json_t *obj);

/** The event's action, e.g. "shell.exec". Borrowed from the event. */
VD_EXTERN const char *vd_event_action(const vd_event *ev);

/**
 * The normalized event as JSON (the input plus the derived fields), into
 * `out`.
 */
VD_EXTERN int vd_event_to_json(vd_buf *out, const vd_event *ev);

VD_EXTERN void vd_event_free(vd_event *ev);

/**
 * Describe every event field and action policies can name (name, kind,
 * meaning), as text for people.
 */
VD_EXTERN int vd_fields_describe(vd_buf *out);

/* ------------------------------------------------------------------ *
 * Engine: a policy repository                                         *
 * ------------------------------------------------------------------ */

/**
 * An open policy repository and the compiled rule sets read from it.
 *
 * Compiled sets are cached on disk per tree (`<git dir>/verdict/cache`, or
 * the directory in VERDICT_CACHE; VERDICT_CACHE=off turns it off), so a new
 * process with the same policies loads instead of compiling.  An engine is
 * for one thread at a time: patterns compile and JIT-compile when first
 * used.  Use one engine per thread.
 */
typedef struct vd_engine vd_engine;

typedef struct {
	unsigned version;           /**< VD_ENGINE_OPTIONS_VERSION */
	/**
	 * The branch that is the organisation-wide baseline.  NULL means the
	 * repository's `verdict.branch` config, else "main".
	 */
	const char *default_branch;
	/**
	 * Open the repository as git hands it to a hook: `path` may be NULL
	 * ($GIT_DIR, else the current directory), and objects a push has
	 * not delivered yet (the pre-receive quarantine: $GIT_OBJECT_DIRECTORY
	 * and $GIT_ALTERNATE_OBJECT_DIRECTORIES) are readable.  For the policy
	 * repository's own pre-receive; a hook judging *another* repository
	 * must leave it false, or the hook's environment would point the
	 * engine at the wrong objects.
	 */
	bool from_env;
} vd_engine_options;

#define VD_ENGINE_OPTIONS_VERSION 1
#define VD_ENGINE_OPTIONS_INIT { VD_ENGINE_OPTIONS_VERSION, NULL, false }

/**
 * Open a policy repository, bare or not.
 *
 * @param out   set to the engine; free with vd_engine_free()
 * @param path  a directory inside the repository, or NULL for the current
 *              directory
 * @param opts  options, or NULL for the defaults
 * @return 0, VD_ENOTFOUND when there is no repository there, VD_EGIT
 */
VD_EXTERN int vd_engine_open(vd_engine **out, const char *path,
	const vd_engine_options *opts);

VD_EXTERN void vd_engine_free(vd_engine *engine);

/** The baseline branch name ("main").  Borrowed from the engine. */
VD_EXTERN const char *vd_engine_default_branch(const vd_engine *engine);

/** The repository's path (its .git directory, or the bare repository). */
VD_EXTERN const char *vd_engine_path(const vd_engine *engine);

/**
 * Check every policy at a revision and collect all diagnostics.
 *
 * @param diags_out  set to the diagnostics (possibly empty); free with
 *                   vd_diags_free().  Set even when the result is VD_EPOLICY.
 * @param rev        a revision ("main", "main~3", a tag, a sha), or NULL for
 *                   the working tree of a non-bare repository (HEAD when bare)
 * @return 0 when there is no error diagnostic, VD_EPOLICY when there is one,
 *         VD_ENOTFOUND for an unknown revision, VD_EGIT
 */
VD_EXTERN int vd_engine_check(vd_diags **diags_out, vd_engine *engine,
	const char *rev);

/**
 * What hooks do when verdict itself fails (no policies that compile, a
 * payload it cannot read, an audit log it cannot write): the policy repo's
 * `settings { on_error block|pass }`.  Every scope that applies has its
 * say and scopes only tighten: the answer is VD_PASS only when the
 * baseline and each scope that applies to `ev` say `pass`; a scope without
 * the setting says block.  Works when a ref does not compile: its settings
 * are read from what lowered cleanly.
 *
 * @param out  VD_BLOCK or VD_PASS; VD_BLOCK whenever this fails
 * @param ev   the event being judged, or NULL when there is none (then only
 *             the baseline is read)
 * @return 0, or VD_ENOTFOUND (no baseline branch) or VD_EGIT with `out`
 *         set to VD_BLOCK
 */
VD_EXTERN int vd_engine_on_error(vd_verdict_kind *out, vd_engine *engine,
	const vd_event *ev);

/**
 * The commit a revision of the policy repository names, as 40 hex digits
 * appended to `out` (annotated tags are peeled).
 *
 * @return 0, VD_ENOTFOUND (unknown revision, or not a commit), VD_EGIT
 */
VD_EXTERN int vd_engine_resolve(vd_buf *out, vd_engine *engine, const char *rev);

/**
 * The merge base of two revisions (their best common ancestor, as `git
 * merge-base` picks it), as 40 hex digits appended to `out`: what a pull
 * request from `b` into `a` is compared against.
 *
 * @return 0, VD_ENOTFOUND (an unknown revision, or no common ancestor:
 *         the message says which), VD_EGIT
 */
VD_EXTERN int vd_engine_merge_base(vd_buf *out, vd_engine *engine, const char *a,
	const char *b);

/* ------------------------------------------------------------------ *
 * Evaluation                                                          *
 * ------------------------------------------------------------------ */

/** The verdict for one event.  Reusable: vd_eval() resets it. */
typedef struct vd_verdict vd_verdict;

typedef struct {
	unsigned version;     /**< VD_EVAL_OPTIONS_VERSION */
	/**
	 * Judge at this one revision instead of the live scopes (the default
	 * branch and every scope branch that applies to the event).
	 */
	const char *ref;
	/**
	 * Simulate promotion: every matching policy is judged at its severity
	 * as if its mode were block (the would-block analysis).
	 */
	bool simulate_block;
	/** Record, per policy, which clause held or failed and the value seen. */
	bool explain;
	/**
	 * The time exceptions expire against; 0 means now, or the VERDICT_NOW
	 * environment variable (an ISO-8601 UTC time) when it is set.
	 */
	time_t now;
} vd_eval_options;

#define VD_EVAL_OPTIONS_VERSION 1
#define VD_EVAL_OPTIONS_INIT { VD_EVAL_OPTIONS_VERSION, NULL, false, false, 0 }

/** A new, empty verdict to pass to vd_eval(); free with vd_verdict_free(). */
VD_EXTERN int vd_verdict_new(vd_verdict **out);
VD_EXTERN void vd_verdict_free(vd_verdict *verdict);

/**
 * Judge an event.
 *
 * The verdict is reset and filled in: the effective verdict, the would
 * verdict, every match with its scope, ref and commit, and the scopes
 * consulted.  A block is a result: the return value is 0.
 *
 * @return 0, VD_ENOTFOUND (ref or default branch missing), VD_EPOLICY (the
 *         policies at a scope do not compile; the message names the first
 *         error and `verdict check` lists them all), VD_EGIT
 */
VD_EXTERN int vd_eval(vd_verdict *verdict, vd_engine *engine,
	const vd_event *ev, const vd_eval_options *opts);

/** The effective verdict. */
VD_EXTERN vd_verdict_kind vd_verdict_get(const vd_verdict *verdict);

/** The verdict with every matching policy at its severity. */
VD_EXTERN vd_verdict_kind vd_verdict_would(const vd_verdict *verdict);

/** One policy that matched the event at one scope.  Borrowed. */
typedef struct {
	const char *policy;     /**< policy id */
	const char *pack;       /**< the pack it came from */
	const char *risk;       /**< its risk class, or NULL */
	vd_mode mode;           /**< effective mode at this scope */
	vd_mode severity;       /**< the rung it is headed for */
	vd_verdict_kind verdict;/**< what this match contributes */
	vd_verdict_kind would;  /**< what it would contribute at its severity */
	const char *scope;      /**< "main", "group/platform", ... */
	const char *ref;        /**< "refs/heads/main", or the pinned revision */
	const char *commit;     /**< hex id of the commit judged */
	const char *message;    /**< "[policy] action: text", never vague */
	const char *element;    /**< the list element that made it hold, or NULL */
	const char *exception;  /**< the exception that turned it into a pass, or NULL */
	/**
	 * The action the policy judged: the event's own, or the file or URL
	 * action a shell command implies ("file.write" for `echo x > ~/.bashrc`,
	 * "file.delete" for `rm -rf ~`, "web.fetch" for `curl URL`); then
	 * `element` is the command it comes from.
	 */
	const char *action;
} vd_match;

VD_EXTERN size_t vd_verdict_match_count(const vd_verdict *verdict);
VD_EXTERN const vd_match *vd_verdict_match(const vd_verdict *verdict, size_t i);

/**
 * The most severe match, the one that decided the verdict, or NULL when
 * nothing matched.
 */
VD_EXTERN const vd_match *vd_verdict_decisive(const vd_verdict *verdict);

/** The verdict as one line of JSON (no trailing newline). */
VD_EXTERN int vd_verdict_to_json(vd_buf *out, const vd_verdict *verdict);

/**
 * The explanation recorded by vd_eval() with `explain` set: per scope, each
 * policy considered, each clause, whether it held, and the values seen.
 */
VD_EXTERN int vd_verdict_explain(vd_buf *out, const vd_verdict *verdict);

/* ------------------------------------------------------------------ *
 * Formatting                                                          *
 * ------------------------------------------------------------------ */

/**
 * Write policy source in verdict's one canonical layout (`verdict fmt`):
 * one clause per line, keywords padded to nine columns, long conditions
 * broken before and/or, long lists one element per line, every comment
 * kept.  Idempotent: formatting the output again gives the same text.  The
 * output is checked before it is returned: it must parse and hold the same
 * tokens and comments.
 *
 * @param out        receives the formatted text (appended)
 * @param text, len  the source of one policy file
 * @param path       its name, for diagnostics (NULL: "<stdin>")
 * @param diags_out  when not NULL and the source does not parse, set to
 *                   its diagnostics (free with vd_diags_free()); else NULL
 * @return 0, VD_EPOLICY when the source has a syntax error (nothing is
 *         written), VD_ELIMIT when it is over the policy file size limit,
 *         VD_ERROR when the self-check fails
 */
VD_EXTERN int vd_policy_format(vd_buf *out, const char *text, size_t len,
	const char *path, vd_diags **diags_out);

/**
 * The working tree of the policy repository (with a trailing '/'), or NULL
 * when it is bare.  Borrowed from the engine.
 */
VD_EXTERN const char *vd_engine_workdir(const vd_engine *engine);

/* ------------------------------------------------------------------ *
 * Inventory: packs, versions and assignments                          *
 * ------------------------------------------------------------------ */

/** One policy as a revision assigns it.  Borrowed from the inventory. */
typedef struct {
	const char *id;
	const char *risk;         /**< its risk class, or NULL */
	vd_mode mode;             /**< effective mode at this revision */
	vd_mode severity;         /**< the rung it is headed for */
	/** Why that mode: "ramp entry for risk class destructive at ramp.policy:3", "its own mode", ... */
	const char *mode_source;
} vd_policy_info;

/** One pack (a directory packs/<name>/) at a revision.  Borrowed. */
typedef struct {
	const char *name;
	const char *version;      /**< the last commit that touched packs/<name>, hex */
	const char *summary;      /**< that commit's subject line */
	int64_t time;             /**< that commit's time, seconds since the epoch */
	size_t npolicies;
	const vd_policy_info *policies;  /**< in source order */
} vd_pack_info;

/** One ramp entry: a risk class or policy id and the rung it assigns. */
typedef struct {
	const char *target;
	vd_mode mode;
} vd_ramp_info;

/** One exception at a revision.  Borrowed from the inventory. */
typedef struct {
	const char *id;
	const char *file;         /**< where it is written ("exceptions.policy") */
	uint32_t line;
	const char *owner;
	const char *reason;
	const char *expires;      /**< "YYYY-MM-DD", or NULL when it never expires */
	int64_t expires_at;       /**< the first second after that day (UTC); 0: never */
	size_t npatterns;
	const char *const *patterns;  /**< the policy-id globs it covers */
	size_t ncovered;          /**< policies at this revision the patterns cover */
} vd_exception_info;

/** What one revision (a scope branch's tip, or a pinned revision) holds. */
typedef struct {
	const char *scope;        /**< "main", "group/platform", ..., or the revision asked for */
	const char *kind;         /**< "base", "group", "repo", "user", "surface" or "pinned" */
	const char *ref;          /**< "refs/heads/scope/group/platform" */
	const char *commit;       /**< the tip, hex */
	const char *summary;      /**< the tip's subject line */
	int64_t time;             /**< the tip's time */
	size_t npacks;
	const vd_pack_info *packs;      /**< sorted by name */
	size_t nramp;
	const vd_ramp_info *ramp;
	/** When the policies there do not compile: the first error (the packs then list no policies). */
	const char *error;
	size_t nexceptions;
	const vd_exception_info *exceptions;  /**< in source order */
} vd_revision_info;

/** A set of vd_revision_info, owned by the caller. */
typedef struct vd_inventory vd_inventory;

/**
 * The packs of one revision (NULL: the baseline branch), each with its
 * version and its policies' effective modes, and the ramp.
 *
 * @return 0, VD_ENOTFOUND (unknown revision), VD_EGIT.  Policies that do
 *         not compile are reported in `error`, not as a failure.
 */
VD_EXTERN int vd_inventory_revision(vd_inventory **out, vd_engine *engine, const char *rev);

/**
 * The assignment state: the baseline branch and every scope branch
 * (scope/group/..., scope/repo/..., scope/user/..., scope/surface/...), each
 * with its tip, packs, modes and ramp.
 *
 * @return 0, VD_ENOTFOUND (no baseline branch), VD_EGIT
 */
VD_EXTERN int vd_inventory_scopes(vd_inventory **out, vd_engine *engine);

VD_EXTERN size_t vd_inventory_count(const vd_inventory *inventory);
VD_EXTERN const vd_revision_info *vd_inventory_get(const vd_inventory *inventory, size_t i);
VD_EXTERN void vd_inventory_free(vd_inventory *inventory);

/* ------------------------------------------------------------------ *
 * A new policy repository                                             *
 * ------------------------------------------------------------------ */

typedef struct {
	unsigned version;       /**< VD_INIT_OPTIONS_VERSION */
	const char *branch;     /**< the baseline branch; NULL is "main" */
	const char *message;    /**< the first commit's message; NULL names the verdict version */
} vd_init_options;

#define VD_INIT_OPTIONS_VERSION 1
#define VD_INIT_OPTIONS_INIT { VD_INIT_OPTIONS_VERSION, NULL, NULL }

/**
 * Make a new policy repository at `path` (created when missing, else it
 * must be empty) from the starter packs built into verdict: every pack
 * with its tests and README, a README for the repository and an empty
 * ramp (every policy observes), committed on the baseline branch with the
 * user's git identity (else "verdict <verdict@localhost>"), ready to push.
 *
 * @param commit_out  when not NULL, receives the commit's hex id
 * @return 0, VD_EUSAGE when the directory is not empty, VD_EIO, VD_EGIT
 */
VD_EXTERN int vd_repo_init(const char *path, const vd_init_options *opts,
	vd_buf *commit_out);

/* ------------------------------------------------------------------ *
 * Policy tests                                                        *
 * ------------------------------------------------------------------ */

/**
 * The tests of a policy repo: every JSON file in packs/<pack>/tests/, each case
 * an event (or a list of events) and the verdict expected for it.  The
 * case format is described in `verdict test --help` and packs/README.md.
 */
typedef struct vd_test_report vd_test_report;

typedef struct {
	unsigned version;      /**< VD_TEST_OPTIONS_VERSION */
	/**
	 * The revision whose policies and tests are run; NULL for the working
	 * tree (uncommitted edits included), or HEAD in a bare repository.
	 */
	const char *ref;
	/**
	 * Only the cases whose id ("packs/<pack>/tests/<file>.json: <name>")
	 * contains this text, or matches it as a glob (fnmatch) when it holds
	 * * ? or [; a glob may also name the pack.  NULL runs every case.
	 */
	const char *pattern;
	/** The clock exceptions expire against; 0 is VERDICT_NOW or now. */
	time_t now;
} vd_test_options;

#define VD_TEST_OPTIONS_VERSION 1
#define VD_TEST_OPTIONS_INIT { VD_TEST_OPTIONS_VERSION, NULL, NULL, 0 }

typedef enum { VD_TEST_PASS = 0, VD_TEST_FAIL = 1, VD_TEST_ERROR = 2 } vd_test_status;

/** One case's result.  Borrowed from the report. */
typedef struct {
	const char *file;       /**< packs/<pack>/tests/<file>.json */
	const char *pack;
	const char *name;       /**< the case's name, or "case N" */
	vd_test_status status;
	const char *detail;     /**< FAIL: expected (-) and actual (+) lines; ERROR: why; else NULL */
} vd_test_case;

/**
 * Run the policy tests.  A failing case is a result, not an error.
 *
 * @param out  set to the report; free with vd_test_report_free()
 * @return 0, VD_EPOLICY when the policies under test do not compile (the
 *         message names the first error), VD_ENOTFOUND (unknown ref), VD_EGIT
 */
VD_EXTERN int vd_test_run(vd_test_report **out, vd_engine *engine,
	const vd_test_options *opts);

/** Cases run, cases whose verdict differed, cases that could not run. */
VD_EXTERN size_t vd_test_report_count(const vd_test_report *report);
VD_EXTERN size_t vd_test_report_failures(const vd_test_report *report);
VD_EXTERN size_t vd_test_report_errors(const vd_test_report *report);

/** Case `i` (0 <= i < count) into `out`; VD_EUSAGE when out of range. */
VD_EXTERN int vd_test_report_case(const vd_test_report *report, size_t i,
	vd_test_case *out);

typedef enum { VD_TEST_TEXT = 0, VD_TEST_JSON = 1, VD_TEST_JUNIT = 2 } vd_test_format;

/**
 * Render the report.  Text lists failures and errors with their diffs (and
 * passes when `verbose`), then a Check-style summary line:
 * "100%: Checks: 42, Failures: 0, Errors: 0".  JSON holds every case and
 * the policies no case exercised; JUnit XML has one testsuite per file.
 */
VD_EXTERN int vd_test_report_render(vd_buf *out, const vd_test_report *report,
	vd_test_format format, bool verbose);

/**
 * The policies at the revision under test that no case exercised (none
 * matched, none was expected), one "not exercised: <id>" line each, and a
 * count.  Returns how many are not exercised (>= 0), or an error code.
 */
VD_EXTERN int vd_test_report_coverage(vd_buf *out, const vd_test_report *report);

VD_EXTERN void vd_test_report_free(vd_test_report *report);


/* ------------------------------------------------------------------ *
 * Audit log                                                           *
 * ------------------------------------------------------------------ */

/**
 * The audit log: a durable, append-only record of every judged event (the
 * passed ones too: they are the baseline), the verdict it got, and the
 * warning behaviour around it (signals).
 *
 * Storage: one SQLite file in WAL mode with synchronous=FULL.  A record
 * call that returned 0 is on disk: it survives kill -9 of any writer and a
 * power cut.  Many processes may write at once; each transaction takes the
 * write lock up front (see busy_timeout_ms).  Rows are never updated or
 * deleted (triggers refuse it); signals are not part of the hash chain.
 *
 * Location: the path given, else $VERDICT_AUDIT, else
 * $XDG_STATE_HOME/verdict/audit.db, else ~/.local/state/verdict/audit.db.
 * Missing directories are created (mode 0700).
 *
 * Failure: when the database cannot take a record (locked beyond the busy
 * timeout, read-only, full, corrupt, or written by a newer verdict), the
 * record is appended to the spool, `<database>.spool.jsonl` beside it, and
 * the call returns VD_EIO with a message that names the database, says
 * what is wrong and what to do, and where the record went.  Nothing is
 * dropped: the next handle that opens the database for writing moves the
 * spool into it, exactly once even when several processes try at once.
 * After a failure the handle keeps spooling (it never retries the
 * database); open a new handle to retry.
 *
 * Integrity: verdict rows form a SHA-256 hash chain that also covers each
 * row's event; vd_audit_verify() reports the first row that was changed,
 * removed, or added behind the log's back.
 *
 * A handle is used by one thread at a time and never across fork().
 */
typedef struct vd_audit vd_audit;

typedef struct {
	unsigned version;        /**< VD_AUDIT_OPTIONS_VERSION */
	/**
	 * Open as a reader (replay, verify): fail with VD_ENOTFOUND when
	 * there is no log and with VD_EIO when the database cannot be read;
	 * never create it, never spool, never drain.  An older schema is
	 * still upgraded.
	 */
	bool must_exist;
	/**
	 * How long a writer waits for a lock that makes no progress, in
	 * milliseconds; 0 means $VERDICT_AUDIT_TIMEOUT, else 5000.  While
	 * other writers keep committing the wait goes on, up to 12 times
	 * this, so that heavy but healthy contention is not mistaken for a
	 * stuck lock.  A hook with a deadline should set a smaller value.
	 */
	int busy_timeout_ms;
} vd_audit_options;

#define VD_AUDIT_OPTIONS_VERSION 1
#define VD_AUDIT_OPTIONS_INIT { VD_AUDIT_OPTIONS_VERSION, false, 0 }

/** The schema version this verdict writes (see engine/audit.c). */
#define VD_AUDIT_SCHEMA_VERSION 3

/**
 * Where the audit log lives when no path is given, into `out`.
 *
 * @return 0, or VD_EUSAGE when VERDICT_AUDIT, XDG_STATE_HOME and HOME are
 *         all unset
 */
VD_EXTERN int vd_audit_default_path(vd_buf *out);

/**
 * Open the audit log.
 *
 * Creates the database and its directories when missing and upgrades an
 * older schema: migrations run in order, each in one transaction.  A
 * writer then moves any spooled records into the database.
 *
 * For writing, a database that cannot be used does not fail here: the
 * handle falls back to the spool and every record returns VD_EIO with the
 * reason, so that a hook can still answer and no event is lost.
 *
 * @param out   set to the handle; close with vd_audit_close()
 * @param path  the database file, or NULL for the default location
 * @param opts  options, or NULL for a writer with the defaults
 * @return 0; VD_EUSAGE when no location is known or the path is a
 *         directory; VD_EIO when the
 *         directory cannot be created (nothing could be spooled there
 *         either); for a reader, VD_ENOTFOUND when there is no log and
 *         VD_EIO when it cannot be read (the message says why)
 */
VD_EXTERN int vd_audit_open(vd_audit **out, const char *path,
	const vd_audit_options *opts);

/**
 * Commit a pending batch and close the handle.  It is not called _free()
 * because it can fail: the batch's records are then spooled.
 *
 * @return 0 (also for NULL), or VD_EIO as vd_audit_commit()
 */
VD_EXTERN int vd_audit_close(vd_audit *audit);

/** The database's path.  Borrowed from the handle. */
VD_EXTERN const char *vd_audit_path(const vd_audit *audit);

/** The spool's path, `<database>.spool.jsonl`.  Borrowed from the handle. */
VD_EXTERN const char *vd_audit_spool_path(const vd_audit *audit);

/** What a handle has done so far. */
typedef struct {
	uint64_t recorded;   /**< events (with verdicts) written to the database */
	uint64_t signals;    /**< signals written to the database */
	uint64_t spooled;    /**< events and signals appended to the spool instead */
	uint64_t drained;    /**< spooled records moved into the database at open */
	uint64_t rejected;   /**< spool lines that could not be read back; kept in
	                          `<spool>.rejected` for a person to look at */
	/**
	 * Why the spool could not be drained at open (it stays as it is for
	 * the next writer), or NULL.  Borrowed from the handle.
	 */
	const char *drain_error;
} vd_audit_stats;

/** The handle's counters.  Borrowed from the handle. */
VD_EXTERN const vd_audit_stats *vd_audit_get_stats(const vd_audit *audit);

/**
 * Record an event and the verdict vd_eval() gave it.
 *
 * Outside a batch the record is durable when this returns 0.  Inside a
 * batch it is queued and becomes durable when vd_audit_commit() returns
 * 0; a batch that reaches 10,000 records is committed by this call.
 *
 * The event row keeps the normalized fields as columns and the event's
 * JSON as given; the verdict row keeps the verdict, the would verdict,
 * the decisive policy, every match (mode, severity, scope, ref, commit,
 * exception) and every scope that judged it with its ref, commit and tree.
 *
 * @return 0, or VD_EIO: the database failed and the record (with the rest
 *         of the batch) was spooled; the message says why, where it went
 *         and what to do, or that it could not be spooled either
 */
VD_EXTERN int vd_audit_record(vd_audit *audit, const vd_event *ev,
	const vd_verdict *verdict);

/**
 * Start a batch: later records and signals are queued and written in one
 * transaction by vd_audit_commit().  Batches are how `verdict record`
 * reaches its throughput; a hook records one event and needs none.
 *
 * @return 0, or VD_EUSAGE when a batch is already open
 */
VD_EXTERN int vd_audit_begin(vd_audit *audit);

/**
 * Write the batch in one transaction and end it.
 *
 * @return 0 when every queued record is on disk, or VD_EIO when the
 *         database failed and the whole batch was spooled
 */
VD_EXTERN int vd_audit_commit(vd_audit *audit);

/**
 * What the user did about a verdict, for the session timeline: "warning
 * shown -> acknowledged -> next action".  X(NAME, "name", meaning).
 */
#define VD_SIGNAL_LIST(X) \
	X(SHOWN,        "shown",        "a warning, question or block message was shown to the user") \
	X(ACKNOWLEDGED, "acknowledged", "the user acknowledged a warning and went on") \
	X(APPROVED,     "approved",     "the user approved an action the verdict asked about") \
	X(DENIED,       "denied",       "the user refused an action the verdict asked about") \
	X(ERROR,        "error",        "verdict could not judge an action; the detail says why and what the fail mode (on_error) answered")

typedef enum {
#define VD__X(name, str, doc) VD_SIGNAL_##name,
	VD_SIGNAL_LIST(VD__X)
#undef VD__X
} vd_signal_kind;

/** "shown", "acknowledged", ...; "unknown" for anything else. */
VD_EXTERN const char *vd_signal_name(vd_signal_kind kind);

/** The kind named `name`; VD_EINVALID (listing the names) when none is. */
VD_EXTERN int vd_signal_lookup(vd_signal_kind *out, const char *name);

/**
 * One signal.  A signal is tied to its event by the event's own `id` and
 * to the timeline by `session`; at least one of them is required.  Every
 * string is copied.
 */
typedef struct {
	unsigned version;      /**< VD_SIGNAL_VERSION */
	vd_signal_kind kind;
	const char *session;   /**< the agent session, or NULL */
	const char *event_id;  /**< the `id` of the event it is about, or NULL */
	const char *policy;    /**< the policy that warned or asked, or NULL */
	const char *user;      /**< or NULL */
	const char *surface;   /**< the agent (claude-code, cursor, ...), or NULL */
	const char *time;      /**< ISO-8601; NULL means now */
	const char *detail;    /**< free text: what was shown, the answer; or NULL */
} vd_signal;

#define VD_SIGNAL_VERSION 1
#define VD_SIGNAL_INIT { VD_SIGNAL_VERSION, VD_SIGNAL_SHOWN, NULL, NULL, NULL, \
	NULL, NULL, NULL, NULL }

/**
 * Record a signal: durable and spooled exactly like vd_audit_record(),
 * and part of the open batch if there is one.
 *
 * @return 0; VD_EINVALID when neither session nor event_id is set, the
 *         kind is unknown or the time does not parse; VD_EIO as
 *         vd_audit_record()
 */
VD_EXTERN int vd_audit_signal(vd_audit *audit, const vd_signal *signal);

/**
 * Parse an ISO-8601 time: "2026-05-01", "2026-05-01T12:00:00Z",
 * "2026-05-01 12:00:00.250+02:00".  No zone means UTC.
 *
 * @param out  seconds since the epoch (fractions dropped)
 * @return 0, or VD_EINVALID naming the text
 */
VD_EXTERN int vd_time_parse(time_t *out, const char *text);

/** Which recorded events an iterator yields. */
typedef struct {
	unsigned version;     /**< VD_AUDIT_QUERY_VERSION */
	time_t since;         /**< events at or after this time; 0: no bound */
	time_t until;         /**< events before this time; 0: no bound */
	/**
	 * "field=value" filters.  Fields: id, user, group, repo, branch,
	 * session, surface, tool, action, command, path, url, mcp.server,
	 * mcp.tool, and the recorded verdict, would and policy.  Filters on
	 * one field are alternatives (user=a, user=b: either); filters on
	 * different fields must all hold.  `group` holds when the event's
	 * groups contain the value.  Matching is exact.
	 */
	const char *const *where;
	size_t nwhere;
	/** Do not parse the events: entries carry the JSON only (faster). */
	bool raw;
	/**
	 * Read the events and nothing else, as replay does: entries carry no
	 * recorded verdict, and `json` only when the event had to be parsed
	 * from it.  The event is rebuilt from the compact form stored with it
	 * when this build of verdict wrote that form (no JSON is parsed), and
	 * parsed from its JSON otherwise.  The fastest way through a log.
	 */
	bool events_only;
} vd_audit_query;

#define VD_AUDIT_QUERY_VERSION 1
#define VD_AUDIT_QUERY_INIT { VD_AUDIT_QUERY_VERSION, 0, 0, NULL, 0, false, false }

/** An iterator over recorded events, in the order they were recorded. */
typedef struct vd_audit_iter vd_audit_iter;

/** One recorded event.  Everything is borrowed until the next call. */
typedef struct {
	int64_t id;               /**< the event's row: recording order */
	const char *json;         /**< the event as recorded (a JSON object) */
	size_t json_len;
	int64_t time_ms;          /**< its time (when it had none, or not in
	                               ISO-8601: when it was recorded), in
	                               milliseconds since the epoch */
	const vd_event *event;    /**< parsed again for replay; NULL when raw */
	vd_verdict_kind verdict;  /**< the verdict recorded with it */
	vd_verdict_kind would;
	const char *policy;       /**< the recorded decisive policy, or NULL */
	const char *message;      /**< the recorded decisive match's message, or NULL */
} vd_audit_entry;

/**
 * Iterate over recorded events.  Replay and diff read these, never the
 * recorded verdicts.  The iterator reads one snapshot of the log: events
 * recorded meanwhile are not seen.
 *
 * @param out    set to the iterator; free with vd_audit_iter_free(), before
 *               the handle is closed
 * @param query  filters, or NULL for every event
 * @return 0; VD_EUSAGE for a malformed filter or an unknown field (the
 *         message lists the fields); VD_EIO when the database cannot be
 *         read
 */
VD_EXTERN int vd_audit_iter_new(vd_audit_iter **out, vd_audit *audit,
	const vd_audit_query *query);

/**
 * The next event.
 *
 * @return 1 with `out` filled, 0 at the end, VD_EIO when the database
 *         fails, or VD_EINVALID when a stored event no longer parses (the
 *         message names its row; calling again goes on with the next one)
 */
VD_EXTERN int vd_audit_iter_next(vd_audit_entry *out, vd_audit_iter *iter);

VD_EXTERN void vd_audit_iter_free(vd_audit_iter *iter);

/** The outcome of vd_audit_verify(). */
typedef struct {
	bool ok;              /**< the database and the chain are intact */
	uint64_t rows;        /**< verdict rows checked */
	uint64_t events;      /**< event rows in the log */
	int64_t bad_row;      /**< the first verdict row where the chain
	                           breaks, or 0 */
	int64_t bad_event;    /**< the event row involved, or 0 */
	char reason[512];     /**< what is wrong there and what it means */
	/**
	 * The hash of the last verdict row (64 hex digits; empty when the
	 * log is empty).  Keep it elsewhere: a log cut short after it no
	 * longer contains it.
	 */
	char head[65];
} vd_audit_report;

/**
 * Check the database's structure and the hash chain, row by row: each
 * verdict row's hash must match its content and its event, and name the
 * previous row's hash; every event must have its verdict row.
 *
 * @param out  the outcome; a broken chain is a result, not an error
 * @return 0, or VD_EIO when the database cannot be read
 */
VD_EXTERN int vd_audit_verify(vd_audit_report *out, vd_audit *audit);

/* ------------------------------------------------------------------ *
 * Policy tests from the audit log                                     *
 * ------------------------------------------------------------------ */

/**
 * Regression cases from the audit log: the last `n` recorded events, each
 * with the verdict, would verdict, policies and exceptions the revision
 * under test (opts->ref, else the working tree, HEAD when bare) gives it
 * now, as a test file for packs/<pack>/tests/ (`verdict test --from-audit`).
 * Each case pins "now" to the time of generation, so an exception's expiry
 * does not change it later.  Events that no longer parse are left out and
 * counted in the file's "skipped".
 *
 * @param out  receives the JSON test file (appended)
 * @return the number of cases (>= 0), VD_EPOLICY when the policies under
 *         test do not compile, VD_EIO when the audit log cannot be read
 */
VD_EXTERN int vd_test_from_audit(vd_buf *out, vd_engine *engine, vd_audit *audit,
	size_t n, const vd_test_options *opts);

/* ------------------------------------------------------------------ *
 * Git: commits and pushes as events                                   *
 * ------------------------------------------------------------------ */

/**
 * A repository whose commits and pushes are judged (not the policy
 * repository).  Everything is read from its object database through
 * libgit2: no checkout, no `git` subprocess.  A handle never writes refs
 * (a pre-receive must not: see git-facts.md, quarantine).
 */
typedef struct vd_git vd_git;

/** Open as git hands a repository to a hook; see vd_git_open(). */
#define VD_GIT_OPEN_FROM_ENV (1u << 0)

/**
 * Open a repository.
 *
 * With VD_GIT_OPEN_FROM_ENV, `path` is ignored and the repository is the
 * one git runs the hook for: $GIT_DIR, else found from the current
 * directory; the index is $GIT_INDEX_FILE (what `git commit -a` or
 * `git commit <paths>` is about to commit); and in a pre-receive the
 * pushed objects, still in quarantine ($GIT_OBJECT_DIRECTORY,
 * $GIT_ALTERNATE_OBJECT_DIRECTORIES), are readable.  Without it, `path`
 * (NULL: the current directory) is a directory in the repository.
 *
 * @return 0, VD_ENOTFOUND (no repository there), VD_EGIT
 */
VD_EXTERN int vd_git_open(vd_git **out, const char *path, unsigned flags);

VD_EXTERN void vd_git_free(vd_git *git);

/** The git directory (".../.git/" or the bare repository), borrowed. */
VD_EXTERN const char *vd_git_path(const vd_git *git);

/** The work tree, or NULL for a bare repository.  Borrowed. */
VD_EXTERN const char *vd_git_workdir(const vd_git *git);

/**
 * A configuration value, as git reads it for this repository (local,
 * global, system), into `out`.  `git` NULL reads the configuration
 * outside any repository (global, XDG, system).
 *
 * @return 0, VD_ENOTFOUND when it is not set, VD_EGIT
 */
VD_EXTERN int vd_git_config_get(vd_buf *out, vd_git *git, const char *key);

/**
 * Set (or with `value` NULL, remove) a value in the repository's own
 * configuration, or with `git` NULL in the user's global one
 * (~/.gitconfig, or $XDG_CONFIG_HOME/git/config when only that exists).
 *
 * @return 0 (removing an unset key is not an error), VD_EGIT
 */
VD_EXTERN int vd_git_config_set(vd_git *git, const char *key, const char *value);

/**
 * Where git looks for this repository's hooks, as an absolute path:
 * core.hooksPath (relative values resolved as git does), else the hooks
 * directory of the main git directory (linked worktrees share it).  With
 * `git` NULL: the global core.hooksPath.
 *
 * @return 0, VD_ENOTFOUND (`git` NULL and no global core.hooksPath)
 */
VD_EXTERN int vd_git_hooks_dir(vd_buf *out, vd_git *git);

/**
 * Make or refresh a local copy of a policy repository given by URL (any
 * URL libgit2 fetches: file://, https://, ssh://, host:path): a bare
 * repository at `dir` whose branches are the remote's branches, so that
 * scope branches work.  An existing copy is fetched (branches the remote
 * deleted are removed).
 *
 * @return 0, VD_EGIT (the message names the URL and what failed)
 */
VD_EXTERN int vd_git_mirror(const char *url, const char *dir);

/** One ref update of a push: a pre-receive line, or a pre-push line. */
typedef struct {
	const char *ref;     /**< "refs/heads/main" */
	const char *old_id;  /**< 40 hex digits; all zeros: the ref is created */
	const char *new_id;  /**< 40 hex digits; all zeros: the ref is deleted */
} vd_git_update;

/** True for an id of 40 zeros (a created or deleted ref's side). */
VD_EXTERN bool vd_git_id_is_zero(const char *id);

/** What the events of a hook say about where they came from. */
typedef struct {
	unsigned version;        /**< VD_GIT_EVENT_OPTIONS_VERSION */
	/** The hook ("pre-commit", "pre-receive", ...): the event's `tool`. */
	const char *tool;
	/**
	 * Who acts: NULL means $VERDICT_USER, else the forge's pusher
	 * ($GL_USERNAME, $GITHUB_USER_LOGIN, $REMOTE_USER), else $USER,
	 * else $LOGNAME, else the account name.
	 */
	const char *user;
	/**
	 * The repository as owner/name: NULL means $VERDICT_REPO_NAME, else
	 * `git config verdict.repo`, else the forge's ($GL_PROJECT_PATH,
	 * $GITHUB_REPO_NAME), else the last two path parts of
	 * remote.origin.url, else the directory name.
	 */
	const char *repo;
	/** Groups the events of one push on the timeline, or NULL. */
	const char *session;
	/**
	 * A commit of a push: the update that brings it.  Its event then
	 * carries `push.*` and, for refs/heads/<b>, `branch` b.
	 */
	const vd_git_update *update;
	/** The user's groups; none (ngroups 0) means $VERDICT_GROUPS. */
	const char *const *groups;
	size_t ngroups;
} vd_git_event_options;

#define VD_GIT_EVENT_OPTIONS_VERSION 1
#define VD_GIT_EVENT_OPTIONS_INIT { VD_GIT_EVENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, \
	NULL, 0 }

/**
 * Limits on the content read for `diff.added`.  A file whose old or new
 * content is larger than VD_GIT_MAX_DIFF_BYTES is not diffed: its size is
 * still reported, it has no added lines and `files.binary` is absent.
 * Once one event holds VD_GIT_MAX_ADDED_BYTES of added lines, later files
 * get none.  Binary files (git's rule: a NUL byte, or gitattributes)
 * never have added lines.
 */
#define VD_GIT_MAX_DIFF_BYTES   (1024 * 1024)
#define VD_GIT_MAX_ADDED_BYTES  (16 * 1024 * 1024)
/** Commits one update may bring before walking it fails with VD_ELIMIT. */
#define VD_GIT_MAX_COMMITS      100000

/**
 * The `git.commit` event of one commit: `commit.*` (id, message, author,
 * committer, signed, parents) and one `files` element per file changed
 * against the first parent (every file for a root commit): path, old_path
 * (renames are detected), status (added, modified, deleted, renamed,
 * typechange), mode (regular, executable, symlink, submodule), size (of
 * the new content; absent for deletions and submodules), binary, and the
 * lines the file adds (`diff.added`).  A merge lists only the files whose
 * result differs from every parent: what the merge itself introduces, as
 * `git diff --cc` shows it; what it brings from a parent was judged as
 * that parent's commits.  A commit at a shallow clone's boundary has no
 * files (its parent is not there to compare with).
 *
 * @param id  a commit id, or any revision (annotated tags are peeled)
 * @return 0, VD_ENOTFOUND (no such commit), VD_EGIT, VD_ELIMIT
 */
VD_EXTERN int vd_git_event_commit(vd_event **out, vd_git *git, const char *id,
	const vd_git_event_options *opts);

/**
 * The `git.commit` event of what is staged (pre-commit): the files of the
 * index against HEAD (an unborn branch: every file), merge-aware while a
 * merge is being concluded (MERGE_HEAD); the author and committer git will
 * use ($GIT_AUTHOR_NAME... else user.name/user.email); `commit.parents`;
 * `branch`.  No message, no id and no `commit.signed`: they do not exist
 * yet (a policy on them should judge pushes; on commit-msg events the
 * message is there).  A policy that tests `not commit.message ...` holds
 * on this event too, since a comparison on an absent field is false:
 * guard it with `commit.message ~ '^' and ...`.
 */
VD_EXTERN int vd_git_event_staged(vd_event **out, vd_git *git,
	const vd_git_event_options *opts);

/**
 * The `git.commit` event of a commit message (commit-msg): the message
 * cleaned up as git will store it (commit.cleanup and core.commentChar:
 * comment lines and the `>8` scissors part removed when an editor was
 * used, surrounding blank lines trimmed), the author, committer,
 * parents and branch as vd_git_event_staged() has them; no files.
 */
VD_EXTERN int vd_git_event_message(vd_event **out, vd_git *git, const char *text,
	size_t len, const vd_git_event_options *opts);

/**
 * The `git.push` event of one ref update: `push.ref`, `push.create`,
 * `push.delete`, `push.force` (the old commit is not an ancestor of the
 * new one, or is not in the repository at all) and `branch`.
 *
 * @return 0, VD_EINVALID (an id is not 40 hex digits), VD_ENOTFOUND (the
 *         new id is not in the repository), VD_EGIT
 */
VD_EXTERN int vd_git_event_push(vd_event **out, vd_git *git, const vd_git_update *update,
	const vd_git_event_options *opts);

/** The new commits of an update, oldest first. */
typedef struct vd_git_walk vd_git_walk;

/**
 * Walk the commits reachable from `new_id` that nothing in `hide` reaches.
 * `hide` holds ref globs ("refs/" followed by "*" hides every existing
 * ref, as a pre-receive wants; "refs/remotes/origin/" and "*" the
 * remote-tracking refs of origin) and commit ids; ids not in the
 * repository are skipped (a pre-push may name a remote commit never
 * fetched).  Annotated tags are peeled; a tag of a tree or blob brings no
 * commits.  Shallow clones work: commits at the boundary count as roots.
 *
 * @return 0, VD_EINVALID (not an id), VD_ENOTFOUND (new_id is not in the
 *         repository), VD_ELIMIT (more than VD_GIT_MAX_COMMITS), VD_EGIT
 *         (the repository is missing an object the walk needs)
 */
VD_EXTERN int vd_git_walk_new(vd_git_walk **out, vd_git *git, const char *new_id,
	const char *const *hide, size_t nhide);

/** How many commits the walk holds. */
VD_EXTERN size_t vd_git_walk_count(const vd_git_walk *walk);

/** The i-th commit's id (40 hex digits), oldest first.  Borrowed. */
VD_EXTERN const char *vd_git_walk_id(const vd_git_walk *walk, size_t i);

VD_EXTERN void vd_git_walk_free(vd_git_walk *walk);

/** True when the commit is at a shallow clone's boundary (no files). */
VD_EXTERN bool vd_git_is_shallow_boundary(vd_git *git, const char *id);

/* ------------------------------------------------------------------ *
 * Events: fields                                                      *
 * ------------------------------------------------------------------ */

/**
 * The value of one of the event's string fields ("user", "session",
 * "repo", "command.line", "path", "url.host", ...; see
 * vd_fields_describe()), or NULL when the event has none or the field is
 * not a single string.  Borrowed from the event.
 */
VD_EXTERN const char *vd_event_get(const vd_event *ev, const char *field);

/**
 * What the action is about, for one line about the event: the command
 * line, the path, the URL, "server/tool" of an MCP call, ...; or NULL.
 * Borrowed from the event.
 */
VD_EXTERN const char *vd_event_subject(const vd_event *ev);

/* ------------------------------------------------------------------ *
 * Replay and diff                                                     *
 * ------------------------------------------------------------------ */

/**
 * Replay re-judges recorded events at a revision of the policy repo and
 * writes nothing: the pass baseline and the would-block analysis.  A diff
 * re-judges them at two revisions, each event once at both, and reports
 * what changes: the verdict diff of a policy pull request.
 *
 * Events stream through in constant memory (the counts by key grow with
 * the number of distinct users, repos, ...; the changed events a diff
 * keeps are capped by `limit`).
 */
typedef struct {
	unsigned version;          /**< VD_REPLAY_OPTIONS_VERSION */
	/** The recorded events of this log (opened with must_exist), or */
	vd_audit *audit;
	/**
	 * a JSON Lines file of events ("-" for stdin).  A line that is not an
	 * event is reported through on_error with its number and counted.
	 */
	const char *events_path;
	/** Events at or after / before these times; 0: no bound. */
	time_t since, until;
	/**
	 * "FIELD=VALUE" filters, as vd_audit_query's.  On an events file the
	 * recorded fields (verdict, would, policy) do not exist: VD_EUSAGE.
	 * An event without a time is left out when since or until is set.
	 */
	const char *const *where;
	size_t nwhere;
	/**
	 * Judge as if every policy were at its severity (observe and warn
	 * promoted): the would-block analysis.  A diff does it at both
	 * revisions, so that it shows what the change itself would do.
	 */
	bool simulate_block;
	/** The time exceptions expire against; 0: VERDICT_NOW, else now. */
	time_t now;
	/**
	 * Changed events a diff keeps for its report, per policy (0: 1000;
	 * SIZE_MAX: all); vd_diff_summary counts them all.
	 */
	size_t limit;
	/** Called with each event that cannot be read (vd_error_last() says
	 *  why and where); may be NULL. */
	void (*on_error)(void *payload, const vd_error *error);
	/** Called every 65,536 events with the count so far and the fraction
	 *  done (negative when unknown); may be NULL. */
	void (*progress)(void *payload, uint64_t events, double fraction);
	void *payload;
} vd_replay_options;

#define VD_REPLAY_OPTIONS_VERSION 1
#define VD_REPLAY_OPTIONS_INIT { VD_REPLAY_OPTIONS_VERSION, NULL, NULL, 0, 0, NULL, 0, \
	false, 0, 0, NULL, NULL, NULL }

/** The tables of counts a replay or a diff keeps, by key. */
typedef enum {
	VD_REPORT_ACTION = 0,      /**< the normalized action */
	VD_REPORT_SURFACE,         /**< the agent or tool that produced it */
	VD_REPORT_TOOL,            /**< the agent's own tool name */
	VD_REPORT_USER,
	VD_REPORT_GROUP,           /**< each of the user's groups */
	VD_REPORT_REPO,
	VD_REPORT_SESSION,         /**< diff only */
	VD_REPORT_POLICY,          /**< replay: policies that matched (observe
	                                included); diff: policies that changed a verdict */
	VD_REPORT_TABLE__COUNT
} vd_report_table;

/** "action", "surface", "tool", "user", "group", "repo", "session", "policy". */
VD_EXTERN const char *vd_report_table_name(vd_report_table table);

/**
 * One key of a table.  A replay fills events, verdicts and would_block
 * (for a policy: the events it matched, by what it contributed).  A diff
 * fills the change counts, and events and verdicts (at HEAD) for surfaces
 * only, so that their noise can be read as a share.
 */
typedef struct {
	const char *key;           /**< "(none)" for events without one */
	uint64_t events;
	uint64_t verdicts[4];      /**< by vd_verdict_kind */
	uint64_t would_block;      /**< would ask or block at full severity */
	int mode;                  /**< policy rows: its vd_mode (HEAD's), else -1 */
	int severity;              /**< policy rows: its severity, else -1 */
	uint64_t changed;          /**< diff: events whose verdict changes */
	uint64_t stricter;         /**< diff: more severe at HEAD */
	uint64_t looser;           /**< diff: less severe at HEAD */
	uint64_t new_block;        /**< diff: ask or block at HEAD, neither at BASE */
	uint64_t new_warn;         /**< diff: pass at BASE, warn at HEAD */
} vd_report_row;

/** The result of vd_replay_run(). */
typedef struct vd_replay vd_replay;

/**
 * Re-judge events at one revision.
 *
 * @param out   set to the result; free with vd_replay_free()
 * @param rev   the revision ("main", "main~3", a tag, a sha)
 * @return 0 (also when some events could not be read: they are counted);
 *         VD_ENOTFOUND for an unknown revision or a missing events file;
 *         VD_EPOLICY when the policies at rev do not compile; VD_EUSAGE for
 *         a bad filter or neither/both of audit and events_path; VD_EIO
 */
VD_EXTERN int vd_replay_run(vd_replay **out, vd_engine *engine, const char *rev,
	const vd_replay_options *opts);

/** Events judged, and events that could not be read. */
VD_EXTERN uint64_t vd_replay_events(const vd_replay *replay);
VD_EXTERN uint64_t vd_replay_errors(const vd_replay *replay);

/** Events by effective verdict, and by would verdict. */
VD_EXTERN uint64_t vd_replay_count(const vd_replay *replay, vd_verdict_kind kind);
VD_EXTERN uint64_t vd_replay_would_count(const vd_replay *replay, vd_verdict_kind kind);

/** The rows of a table, most events first.  Borrowed from the result. */
VD_EXTERN size_t vd_replay_rows(const vd_replay *replay, vd_report_table table);
VD_EXTERN const vd_report_row *vd_replay_row(const vd_replay *replay,
	vd_report_table table, size_t i);

VD_EXTERN void vd_replay_free(vd_replay *replay);

/** What changed in one policy between two revisions. */
typedef enum {
	VD_POLICY_ADDED,
	VD_POLICY_REMOVED,
	VD_POLICY_CHANGED,         /**< its mode, severity, actions or conditions */
} vd_policy_change_kind;

typedef struct {
	const char *policy;
	vd_policy_change_kind kind;
	const char *risk;          /**< its risk class (the newer one's), or NULL */
	int old_mode, new_mode;    /**< vd_mode, or -1 where it does not exist */
	int old_severity, new_severity;
	bool definition_changed;   /**< its actions, conditions or message */
} vd_policy_change;

typedef struct vd_policy_changes vd_policy_changes;

/**
 * The policies that differ between two revisions: added, removed, or
 * changed (effective mode, severity, or definition), sorted by id.
 *
 * @return 0, VD_ENOTFOUND (unknown revision), VD_EPOLICY (one does not
 *         compile), VD_EGIT
 */
VD_EXTERN int vd_policy_changes_between(vd_policy_changes **out, vd_engine *engine,
	const char *from, const char *to);

VD_EXTERN size_t vd_policy_changes_count(const vd_policy_changes *changes);
VD_EXTERN const vd_policy_change *vd_policy_changes_get(const vd_policy_changes *changes,
	size_t i);
VD_EXTERN void vd_policy_changes_free(vd_policy_changes *changes);

/** The result of vd_diff_run(). */
typedef struct vd_diff vd_diff;

/** A diff in numbers: what a gate thresholds. */
typedef struct {
	const char *base, *head;       /**< the revisions as given */
	const char *base_commit, *head_commit;  /**< what they resolved to (hex) */
	uint64_t events;               /**< events judged at both */
	uint64_t errors;               /**< events that could not be read */
	uint64_t changed;              /**< events whose verdict differs */
	uint64_t stricter;             /**< more severe at HEAD */
	uint64_t looser;               /**< less severe at HEAD */
	uint64_t new_block;            /**< ask or block at HEAD, neither at BASE */
	uint64_t new_warn;             /**< pass at BASE, warn at HEAD */
	uint64_t transitions[4][4];    /**< events by [BASE verdict][HEAD verdict] */
	uint64_t policies_changed;     /**< policies added, removed or changed */
} vd_diff_summary;

/**
 * One event whose verdict changes, for review: the policy that decided at
 * HEAD (or, for a looser verdict, at BASE) and its message.  Borrowed.
 */
typedef struct {
	int64_t row;               /**< the audit log's event row, or the file's line */
	const char *event_id;      /**< the event's own id, or NULL */
	const char *time;          /**< ISO-8601, or NULL */
	const char *user, *session, *surface, *repo;   /**< or NULL */
	const char *action;
	const char *subject;       /**< what it is about, or NULL */
	vd_verdict_kind base, head;
	const char *policy;        /**< never NULL */
	const char *message;       /**< "[policy] action: ...", never vague */
} vd_diff_event;

/**
 * Re-judge events at two revisions, each event once at both.
 *
 * @param base, head  the revisions (BASE is today's, HEAD the proposal)
 * @return as vd_replay_run()
 */
VD_EXTERN int vd_diff_run(vd_diff **out, vd_engine *engine, const char *base,
	const char *head, const vd_replay_options *opts);

/** The numbers.  Borrowed from the diff. */
VD_EXTERN const vd_diff_summary *vd_diff_get_summary(const vd_diff *diff);

/** The rows of a table, most changed first (only keys with a change, and every surface). */
VD_EXTERN size_t vd_diff_rows(const vd_diff *diff, vd_report_table table);
VD_EXTERN const vd_report_row *vd_diff_row(const vd_diff *diff, vd_report_table table,
	size_t i);

/**
 * The changed events kept, in the order they were read (up to the
 * options' limit per policy; vd_diff_get_summary()->changed counts them
 * all).  The review queue is those with base < head and head >= warn.
 */
VD_EXTERN size_t vd_diff_event_count(const vd_diff *diff);
VD_EXTERN const vd_diff_event *vd_diff_event_get(const vd_diff *diff, size_t i);

/** The policies that differ between BASE and HEAD.  Borrowed. */
VD_EXTERN const vd_policy_changes *vd_diff_policy_changes(const vd_diff *diff);

VD_EXTERN void vd_diff_free(vd_diff *diff);

/* ------------------------------------------------------------------ *
 * Reports                                                             *
 * ------------------------------------------------------------------ */

typedef enum {
	VD_REPORT_TEXT = 0,        /**< for a terminal */
	VD_REPORT_JSON,            /**< one JSON object, every key of every table */
	VD_REPORT_MARKDOWN,        /**< for a pull request: a summary table, details folded */
} vd_report_format;

/** "text", "json" or "markdown"; VD_EUSAGE naming them otherwise. */
VD_EXTERN int vd_report_format_parse(vd_report_format *out, const char *name);

typedef struct {
	unsigned version;          /**< VD_REPORT_OPTIONS_VERSION */
	vd_report_format format;
	/** Keys shown per table in text and markdown (0: 10; SIZE_MAX: all). */
	size_t top;
	/** Events listed per section in text and markdown (0: 50; SIZE_MAX: all kept). */
	size_t limit;
} vd_report_options;

#define VD_REPORT_OPTIONS_VERSION 1
#define VD_REPORT_OPTIONS_INIT { VD_REPORT_OPTIONS_VERSION, VD_REPORT_TEXT, 0, 0 }

/**
 * Render a replay: the pass baseline, then the verdict counts by action,
 * surface, tool, user, group, repo and policy candidate.  Appends to `out`.
 */
VD_EXTERN int vd_replay_render(vd_buf *out, const vd_replay *replay,
	const vd_report_options *opts);

/**
 * Render a diff: the summary, the policies that changed, the transition
 * matrix, the events each policy changes, the impact on users, groups,
 * sessions, repos and surfaces (and the noisiest surfaces), and the review
 * queue, one newly warned or blocked event per line.  Appends to `out`.
 */
VD_EXTERN int vd_diff_render(vd_buf *out, const vd_diff *diff,
	const vd_report_options *opts);

/* ------------------------------------------------------------------ *
 * Session timeline and the tuning queue                               *
 * ------------------------------------------------------------------ */

/**
 * What followed a warning (a recorded warn, ask or block) in its session.
 *
 * The next action is the session's next recorded event.  It "went on into
 * the risk" when that event is the same action on the same subject again
 * (a retry), or when the same policy judged it (more of the same risk), or
 * when the user approved the action the verdict asked about.  Otherwise
 * the user "changed course".
 */
typedef enum {
	VD_FOLLOW_NONE = 0,        /**< not a warning */
	VD_FOLLOW_CHANGED_COURSE,  /**< the next action is something else */
	VD_FOLLOW_WENT_ON,         /**< retried, more of the same risk, or approved */
	VD_FOLLOW_ENDED,           /**< no later action in the session */
} vd_followup;

/** "-", "changed course", "went on into the risk", "session ended". */
VD_EXTERN const char *vd_followup_name(vd_followup followup);

/** A signal on a timeline.  Borrowed. */
typedef struct {
	const char *kind;          /**< "shown", "acknowledged", "approved", "denied" */
	const char *time;
	const char *policy;        /**< or NULL */
	const char *detail;        /**< or NULL */
} vd_timeline_signal;

/** One event of a session, with its recorded verdict.  Borrowed. */
typedef struct {
	int64_t row;               /**< the audit log's event row */
	const char *event_id;      /**< or NULL */
	const char *time;          /**< ISO-8601 */
	const char *action;
	const char *subject;       /**< or NULL */
	const char *tool, *surface, *user, *session, *repo;   /**< or NULL */
	vd_verdict_kind verdict;   /**< as recorded */
	vd_verdict_kind would;
	const char *policy;        /**< the recorded decisive policy, or NULL */
	const char *message;       /**< its message, or NULL */
	/* What the user did about it (signals tied to the event). */
	size_t nsignals;
	const vd_timeline_signal *signals;
	bool shown, acknowledged, approved, denied;
	/* For a warning: what came next. */
	vd_followup followup;
	long next;                 /**< index of the next entry, or -1 */
} vd_timeline_entry;

typedef struct vd_timeline vd_timeline;

/**
 * A session's recorded events in time order, each with its verdict and the
 * signals about it, and after each warning what came next.  Signals name
 * their event by its id; a signal with only a session goes to the latest
 * warning at or before its time.
 *
 * @return 0 (an unknown session gives an empty timeline); VD_EIO
 */
VD_EXTERN int vd_timeline_build(vd_timeline **out, vd_audit *audit, const char *session);

VD_EXTERN size_t vd_timeline_count(const vd_timeline *timeline);
VD_EXTERN const vd_timeline_entry *vd_timeline_get(const vd_timeline *timeline, size_t i);

/** Render as text or JSON (markdown renders as text). */
VD_EXTERN int vd_timeline_render(vd_buf *out, const vd_timeline *timeline,
	const vd_report_options *opts);

VD_EXTERN void vd_timeline_free(vd_timeline *timeline);

/** One policy's share of the tuning queue.  Borrowed. */
typedef struct {
	const char *policy;
	uint64_t events;           /**< warned, asked, blocked or would block */
	uint64_t verdicts[4];      /**< by recorded verdict */
	uint64_t would_block;      /**< passed (observe) but would ask or block */
	uint64_t users, sessions;  /**< distinct ones */
	size_t nevents;            /**< events kept for listing (up to the limit) */
	const vd_timeline_entry *list;   /**< those events (no signals, no follow-up) */
} vd_review_group;

typedef struct vd_review vd_review;

typedef struct {
	unsigned version;          /**< VD_REVIEW_OPTIONS_VERSION */
	const char *policy;        /**< one policy only, or NULL */
	time_t since, until;       /**< as vd_audit_query */
	const char *const *where;
	size_t nwhere;
	size_t limit;              /**< events kept per policy (0: 1000; SIZE_MAX: all) */
} vd_review_options;

#define VD_REVIEW_OPTIONS_VERSION 1
#define VD_REVIEW_OPTIONS_INIT { VD_REVIEW_OPTIONS_VERSION, NULL, 0, 0, NULL, 0, 0 }

/**
 * The tuning queue: recorded events that warned, asked or blocked, or
 * passed in observe but would ask or block, grouped by the policy that
 * decided, most events first.
 *
 * @return 0; VD_EUSAGE for a bad filter; VD_EIO
 */
VD_EXTERN int vd_review_build(vd_review **out, vd_audit *audit, const vd_review_options *opts);

VD_EXTERN size_t vd_review_count(const vd_review *review);
VD_EXTERN const vd_review_group *vd_review_get(const vd_review *review, size_t i);

/** Render as text, JSON or markdown. */
VD_EXTERN int vd_review_render(vd_buf *out, const vd_review *review,
	const vd_report_options *opts);

VD_EXTERN void vd_review_free(vd_review *review);

/* ------------------------------------------------------------------ *
 * Rollback                                                            *
 * ------------------------------------------------------------------ */

typedef struct {
	unsigned version;          /**< VD_ROLLBACK_OPTIONS_VERSION */
	/** The commit message; NULL: "Roll back SCOPE to REV (SUBJECT)". */
	const char *message;
} vd_rollback_options;

#define VD_ROLLBACK_OPTIONS_VERSION 1
#define VD_ROLLBACK_OPTIONS_INIT { VD_ROLLBACK_OPTIONS_VERSION, NULL }

/**
 * Roll a scope back to a revision: a new commit on the scope's branch whose
 * tree is REV's tree and whose parent is the branch's tip, so history stays
 * linear and the rollback is itself reviewable and revertable.  Recorded
 * events and verdicts are not touched: each names the commit that judged
 * it.  Later verdicts at the scope follow REV.  When the branch is checked
 * out in a work tree, the work tree is updated too (never over local
 * changes to the files it touches).
 *
 * @param commit_out   receives the new commit's hex id (empty when the
 *                     scope already has REV's tree and nothing was done)
 * @param changes_out  when not NULL, the policies that change (free with
 *                     vd_policy_changes_free())
 * @param scope        "main" (the baseline branch), "group/platform",
 *                     "repo/acme/api", "user/alice", "surface/cursor"
 *                     (or the same with "scope/" in front)
 * @param rev          the revision whose policies to restore
 * @return 0; VD_ENOTFOUND (no such scope branch, unknown revision);
 *         VD_EPOLICY (the policies at rev do not compile: rolling back to
 *         them would break every verdict); VD_EGIT (including a work tree
 *         whose local changes are in the way)
 */
VD_EXTERN int vd_rollback(vd_buf *commit_out, vd_policy_changes **changes_out,
	vd_engine *engine, const char *scope, const char *rev, const vd_rollback_options *opts);

#ifdef __cplusplus
}
#endif
#endif
