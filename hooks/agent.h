/*
 * agent.h - the agent adapters: a coding agent's hook payload in, one
 * answer in that agent's own protocol out.
 *
 * A dialect (hooks/agent_<agent>.c) knows one protocol: how its payloads
 * name events, tools and fields, and how it wants to hear pass, warn, ask
 * and block.  agent_run.c does everything else once for all of them: read
 * the payload, give each normalized event an identity, judge it at the
 * live scopes, record it, place the warning signals on the session
 * timeline, and fail as the policy repo's `on_error` says when verdict
 * itself cannot judge.  The adapters use only the public API (verdict.h),
 * jansson and libgit2.
 */
#ifndef VD_HOOKS_AGENT_H
#define VD_HOOKS_AGENT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "verdict.h"

/* Every dialect, written once: X(id, "surface").  The surface names the
 * agent in events, in `verdict agent <surface>` and in scope branches. */
#define AGENT_DIALECTS(X) \
	X(claude,  "claude-code") \
	X(cursor,  "cursor") \
	X(codex,   "codex") \
	X(gemini,  "gemini-cli") \
	X(copilot, "copilot-cli")

/* The largest payload read (bytes); more is a failure, answered per on_error. */
#define AGENT_MAX_PAYLOAD (32u * 1024 * 1024)

/* Strings longer than this are cut in the audit log's copy of an event. */
#define AGENT_RECORD_MAX_STRING (64u * 1024)

/* How an event is answered: shared by the dialects, each uses some. */
typedef enum {
	FORM_NONE = 0,
	FORM_PRE_TOOL,        /* a tool call about to run */
	FORM_PROMPT,          /* a prompt about to be sent */
	FORM_SESSION_START,
	FORM_SESSION_END,     /* record only: the agent discards the answer */
	FORM_AFTER_TOOL,      /* a tool call that ran (or failed) */
	FORM_AFTER_BATCH,     /* several tool calls that ran (Claude's PostToolBatch) */
	FORM_SHELL,           /* Cursor's beforeShellExecution */
	FORM_MCP,             /* Cursor's beforeMCPExecution */
	FORM_READ,            /* Cursor's beforeReadFile */
	FORM_SUBAGENT,        /* Cursor's subagentStart */
} agent_form;

typedef enum {
	AGENT_JUDGE,      /* an action about to happen: judge, record, answer */
	AGENT_AFTER,      /* an action that happened: acknowledge what was shown */
	AGENT_IGNORE,     /* not an action (notifications, stops, ...): no answer */
} agent_kind;

/* What the dialect made of one payload. */
typedef struct agent_call {
	const struct agent_dialect *dialect;
	json_t *payload;          /* the payload as received (borrowed) */
	const char *event;        /* its hook event, e.g. "PreToolUse" */
	agent_kind kind;
	int form;                 /* how the dialect answers this event (its own enum) */
	bool can_ask;             /* the agent can ask the user on this event */
	const char *session;      /* the agent's session or conversation id */
	const char *tool;         /* the agent's tool name, or NULL */
	const char *tool_use_id;  /* the agent's id of this tool call, or NULL */
	const char *cwd;          /* the payload's working directory, or NULL */
	json_t *events;           /* normalized events (an array, owned) */
	json_t *meta;             /* the agent's cross-reference keys (owned) */
} agent_call;

/* What verdict says, for a dialect to encode. */
typedef struct {
	vd_verdict_kind verdict;  /* the answer: PASS, WARN, ASK or BLOCK */
	const char *message;      /* for the user: names the policy and the action */
	const char *reason;       /* for the model */
	bool failed;              /* verdict could not judge; message says why */
} agent_outcome;

/* One answer: stdout, stderr and the exit status. */
typedef struct {
	vd_buf out;
	vd_buf err;
	int status;
	bool shown;               /* the message reaches the user */
} agent_answer;

typedef struct agent_dialect {
	const char *surface;
	/* Surfaces whose payloads this dialect reads too ("codex"), or NULL. */
	const char *also_accepts;
	/* Whether a payload is surely this dialect's (for `auto`, and to catch a
	 * payload sent to the wrong adapter). */
	bool (*claims)(json_t *payload);
	/* Fill the call: event, kind, form, identity keys and events.  Returns
	 * 0, or VD_EINVALID with a message naming the field. */
	int (*normalize)(agent_call *call);
	/* Encode an outcome for a JUDGE event. */
	void (*answer)(agent_answer *a, const agent_call *call, const agent_outcome *o);
	/* Encode a failure that blocks, for any event (call may be NULL when the
	 * payload could not be read). */
	void (*fail_closed)(agent_answer *a, const agent_call *call, const char *message);
} agent_dialect;

#define AGENT_X(id, surface) extern const agent_dialect agent_dialect_##id;
AGENT_DIALECTS(AGENT_X)
#undef AGENT_X

/* The dialect for a surface name, or NULL. */
const agent_dialect *agent_dialect_find(const char *surface);

/* The dialect a payload surely belongs to, or NULL. */
const agent_dialect *agent_dialect_detect(json_t *payload);

/* "claude-code, cursor, codex, gemini-cli, copilot-cli" */
const char *agent_dialect_names(void);

/* ---- helpers for dialects (agent_event.c) ------------------------------ */

/*
 * How one of an agent's tools becomes an event.  `path`, `text` and `dir`
 * name keys of the tool's input; "a|b" tries a, then b.  `text` goes to the
 * field the action calls for: command, content, query, url or prompt.
 */
typedef enum {
	TOOL_PLAIN,       /* one event, from the keys */
	TOOL_PATCH,       /* an apply_patch envelope: one event per file */
	TOOL_MANY_PATHS,  /* `path` names an array: one event per path */
	TOOL_URLS,        /* `text` is a prompt holding URLs: one web.fetch each */
} agent_tool_special;

typedef struct {
	const char *tool;         /* the agent's tool name, exact */
	const char *action;
	const char *path;
	const char *text;
	const char *dir;          /* a working directory (shell) */
	agent_tool_special special;
} agent_tool;

/* The member `keys` ("a|b") of obj as a string, or NULL. */
const char *agent_str(json_t *obj, const char *keys);

/* A new event with `action` appended to the call's events (borrowed). */
json_t *agent_event_add(agent_call *c, const char *action);

/*
 * The events of one tool call, by the dialect's table (ended by a row with
 * a NULL tool).  A tool the table does not know becomes tool.call.  MCP
 * tools are for the dialect to recognise first (agent_event_mcp).
 */
int agent_event_tool(agent_call *c, const agent_tool *table, const char *tool,
	json_t *input);

/* An mcp.call event for server/tool with the arguments verbatim. */
json_t *agent_event_mcp(agent_call *c, const char *server, const char *tool,
	json_t *input);

/* Copy these keys of the payload into the call's meta when present. */
void agent_meta_copy(agent_call *c, const char *const *keys);

/*
 * The adapters' last error: their own, or the library's copied with
 * agent_error_from_lib().  Each returns the code.
 */
typedef struct {
	int code;
	char message[2048];
} agent_error;

int agent_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int agent_error_from_lib(void);
const agent_error *agent_error_last(void);

/* Add `o` to `a` as one line of compact JSON and set its status. */
void agent_answer_json(agent_answer *a, json_t *o, int status);

/* The generic fail-closed answer: exit 2 with the reason on stderr. */
void agent_fail_exit2(agent_answer *a, const agent_call *call, const char *message);

/* An event table row: the name, how to treat it, the dialect's form. */
typedef struct {
	const char *name;
	agent_kind kind;
	int form;
	bool can_ask;
} agent_event_row;

/* The row for `name`, or NULL. */
const agent_event_row *agent_event_row_find(const agent_event_row *rows, const char *name);

/* ---- the Claude style (agent_claude.c), shared by Codex and Copilot ---- */

/* An mcp__<server>__<tool> call as mcp.call; false for other tools. */
bool agent_claude_mcp(agent_call *c, const char *tool, json_t *input);

/* Normalize a payload with hook_event_name, session_id, tool_name, ... */
int agent_claude_style_normalize(agent_call *c, const agent_event_row *rows,
	const agent_tool *tools);

/* systemMessage, hookSpecificOutput.permissionDecision, decision "block". */
void agent_claude_style_answer(agent_answer *a, const agent_call *c,
	const agent_outcome *o);

/* ---- running (agent_run.c) --------------------------------------------- */

/* What `verdict agent` was told on its command line. */
typedef struct {
	const char *surface;      /* a surface, or "auto" */
	const char *event;        /* --event: the hook event when the payload
	                             does not name it (Copilot), or NULL */
	const char *repo;         /* --repo: the policy repository, or NULL */
	const char *audit;        /* --audit, or NULL */
	const char *user;         /* --user, or NULL */
	const char *const *groups;/* --group, repeated */
	size_t ngroups;
	const char *repo_name;    /* --repo-name: owner/name of the project */
} agent_options;

/*
 * Judge one payload from `in` and write the answer to `out` and `err`.
 * Returns the exit status the agent must see.  Never fails silently: every
 * failure is answered per on_error and recorded or spooled.
 */
int agent_run(const agent_options *opts, FILE *in, FILE *out, FILE *err);

/* The answer when the command line itself is wrong (unknown surface, bad
 * option): blocks in every dialect's encoding, since the agent is unknown. */
int agent_usage_failure(FILE *out, FILE *err, const char *message);

/* ---- install (agent_install.c) ----------------------------------------- */

typedef enum { AGENT_SCOPE_USER, AGENT_SCOPE_PROJECT, AGENT_SCOPE_MANAGED } agent_scope;

typedef struct {
	const char *surface;      /* the agent */
	agent_scope scope;
	const char *home;         /* for the user scope */
	const char *project;      /* for the project scope */
	const char *root;         /* prefix of managed paths ("" or NULL: /) */
	const char *verdict;      /* the verdict binary the hooks run, absolute */
	const char *repo;         /* --repo for the hook command, or NULL */
	bool uninstall;
	bool dry_run;
} agent_install_options;

/*
 * Install (or uninstall) verdict's hooks in the agent's own file for the
 * scope, merging with what is there.  What was done goes to `report`.
 * Returns 0, or VD_EUSAGE / VD_EINVALID / VD_EIO with agent_error_last().
 */
int agent_install(vd_buf *report, const agent_install_options *o);

/* ---- identity (agent_identity.c) ---------------------------------------- */

/* Who acts, where, and which policy repo and audit log apply. */
typedef struct {
	char *user;
	json_t *groups;           /* array of strings, or NULL */
	char *repo_name;          /* owner/name of the project, or NULL */
	char *branch;             /* the project's branch, or NULL */
	char *root;               /* the project's work tree, or NULL */
	char *policy_repo;        /* NULL when nothing names one */
	char *audit;              /* NULL: the library's default */
	char *config_path;        /* the config file consulted */
	bool config_error;        /* the config file exists but is not valid */
} agent_identity;

/*
 * Flags, then environment (VERDICT_USER, VERDICT_GROUPS, VERDICT_REPO_NAME,
 * VERDICT_REPO, VERDICT_AUDIT), then the config file ($VERDICT_CONFIG, else
 * $XDG_CONFIG_HOME/verdict/config.json, else ~/.config/verdict/config.json),
 * then defaults: the OS user, and the git repository containing `cwd` for
 * repo name (its origin remote), branch and root.  Returns 0, or
 * VD_EINVALID when the config file is not valid (the message names it).
 */
int agent_identity_load(agent_identity *id, const agent_options *opts, const char *cwd);
void agent_identity_dispose(agent_identity *id);

/* "owner/name" from a remote URL (ssh, scp-like, https, file), or NULL. */
char *agent_repo_name_from_url(const char *url);

/* The config file's path ($VERDICT_CONFIG, else XDG, else ~/.config). */
char *agent_config_path(void);

#endif
