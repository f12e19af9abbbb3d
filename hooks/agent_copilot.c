/*
 * agent_copilot.c - GitHub Copilot CLI's hook protocol (agent-hooks.md 5).
 *
 * Two dialects, chosen by how the event is spelled in the hook config.
 * camelCase events (preToolUse) send camelCase payloads without the
 * event's name: {sessionId, timestamp, cwd, toolName, toolArgs}, where
 * toolArgs is an object or a JSON string; `verdict hooks install` passes
 * the name with --event, and without it the payload's shape tells.
 * PascalCase events (PreToolUse) send the VS Code, Claude-style payload
 * and get Claude-style answers.
 *
 * Copilot skips a hook that fails or exits non-zero: it never blocks on an
 * exit status.  Only a JSON deny blocks, so every failure that blocks is
 * answered {"permissionDecision":"deny",...} with exit 0.  It processes
 * no ask (deny instead, the documented fallback) and has no channel for a
 * warning: a warning goes to stderr, which Copilot logs.
 */
#include <string.h>

#include "agent.h"

static const agent_event_row copilot_events[] = {
	{ "sessionStart",        AGENT_JUDGE,  FORM_SESSION_START, false },
	{ "sessionEnd",          AGENT_JUDGE,  FORM_SESSION_END, false },
	{ "userPromptSubmitted", AGENT_JUDGE,  FORM_PROMPT, false },
	{ "preToolUse",          AGENT_JUDGE,  FORM_PRE_TOOL, false },
	{ "postToolUse",         AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "postToolUseFailure",  AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "permissionRequest",   AGENT_IGNORE, FORM_NONE, false },
	{ "agentStop",           AGENT_IGNORE, FORM_NONE, false },
	{ "subagentStart",       AGENT_IGNORE, FORM_NONE, false },
	{ "subagentStop",        AGENT_IGNORE, FORM_NONE, false },
	{ "errorOccurred",       AGENT_IGNORE, FORM_NONE, false },
	{ "preCompact",          AGENT_IGNORE, FORM_NONE, false },
	{ "notification",        AGENT_IGNORE, FORM_NONE, false },
	{ NULL, 0, 0, false }
};

/* The VS Code dialect: Claude's events, spelled the same. */
static const agent_event_row copilot_pascal_events[] = {
	{ "SessionStart",       AGENT_JUDGE,  FORM_SESSION_START, false },
	{ "SessionEnd",         AGENT_JUDGE,  FORM_SESSION_END, false },
	{ "UserPromptSubmit",   AGENT_JUDGE,  FORM_PROMPT, false },
	{ "PreToolUse",         AGENT_JUDGE,  FORM_PRE_TOOL, false },
	{ "PostToolUse",        AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "PostToolUseFailure", AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "PermissionRequest",  AGENT_IGNORE, FORM_NONE, false },
	{ "Stop",               AGENT_IGNORE, FORM_NONE, false },
	{ "SubagentStart",      AGENT_IGNORE, FORM_NONE, false },
	{ "SubagentStop",       AGENT_IGNORE, FORM_NONE, false },
	{ "PreCompact",         AGENT_IGNORE, FORM_NONE, false },
	{ "Notification",       AGENT_IGNORE, FORM_NONE, false },
	{ NULL, 0, 0, false }
};

/* Copilot CLI's tools (argument names partly [U] in agent-hooks.md 10). */
static const agent_tool copilot_tools[] = {
	{ "bash",       "shell.exec",  NULL, "command", "cwd", TOOL_PLAIN },
	{ "powershell", "shell.exec",  NULL, "command", "cwd", TOOL_PLAIN },
	{ "view",       "file.read",   "path|file_path", NULL, NULL, TOOL_PLAIN },
	{ "create",     "file.write",  "path|file_path", "file_text|content", NULL, TOOL_PLAIN },
	{ "edit",       "file.edit",   "path|file_path", "new_str|new_string", NULL, TOOL_PLAIN },
	{ "glob",       "file.search", NULL, "pattern", "path", TOOL_PLAIN },
	{ "grep",       "file.search", NULL, "pattern", "path", TOOL_PLAIN },
	{ "web_fetch",  "web.fetch",   NULL, "url", NULL, TOOL_PLAIN },
	{ "task",       "agent.task",  NULL, "prompt|description", NULL, TOOL_PLAIN },
	/* VS Code's agent tools, for the PascalCase dialect. */
	{ "runInTerminal", "shell.exec", NULL, "command", NULL, TOOL_PLAIN },
	{ "readFile",   "file.read",   "filePath|path", NULL, NULL, TOOL_PLAIN },
	{ "createFile", "file.write",  "filePath|path", "content", NULL, TOOL_PLAIN },
	{ "editFiles",  "file.edit",   "filePath|path", NULL, NULL, TOOL_PLAIN },
	{ "fetch",      "web.fetch",   NULL, "url", NULL, TOOL_PLAIN },
	/* Claude's names, which VS Code's Claude-compatible harness may use. */
	{ "Bash",       "shell.exec",  NULL, "command", NULL, TOOL_PLAIN },
	{ "Read",       "file.read",   "file_path", NULL, NULL, TOOL_PLAIN },
	{ "Write",      "file.write",  "file_path", "content", NULL, TOOL_PLAIN },
	{ "Edit",       "file.edit",   "file_path", "new_string", NULL, TOOL_PLAIN },
	{ NULL, NULL, NULL, NULL, NULL, TOOL_PLAIN }
};

static bool
pascal(const agent_call *c)
{
	return json_object_get(c->payload, "hook_event_name") != NULL;
}

/* Which camelCase event a payload without a name is, by its shape. */
static const char *
guess_event(json_t *p)
{
	if (json_object_get(p, "toolName")) {
		if (json_object_get(p, "toolResult") || json_object_get(p, "result"))
			return "postToolUse";
		if (json_object_get(p, "error"))
			return "postToolUseFailure";
		return "preToolUse";
	}
	if (json_object_get(p, "prompt"))
		return "userPromptSubmitted";
	if (json_object_get(p, "source") || json_object_get(p, "initialPrompt"))
		return "sessionStart";
	if (json_object_get(p, "reason"))
		return "sessionEnd";
	return NULL;
}

static int
copilot_normalize(agent_call *c)
{
	static const char *const meta[] = { "timestamp", "source", "reason", NULL };
	json_t *p = c->payload, *args, *decoded = NULL, *e;
	const agent_event_row *row;
	int rc;

	if (pascal(c))
		return agent_claude_style_normalize(c, copilot_pascal_events, copilot_tools);
	if (c->event == NULL && (c->event = guess_event(p)) == NULL)
		return agent_error_set(VD_EINVALID,
			"cannot tell which copilot-cli hook event this payload is; install the hook with `verdict hooks install --agent copilot-cli`, which passes --event");
	c->session = agent_str(p, "sessionId");
	c->cwd = agent_str(p, "cwd");
	agent_meta_copy(c, meta);
	if ((row = agent_event_row_find(copilot_events, c->event)) == NULL) {
		c->kind = AGENT_IGNORE;
		return 0;
	}
	c->kind = row->kind;
	c->form = row->form;
	c->can_ask = row->can_ask;
	switch (row->form) {
	case FORM_PRE_TOOL:
	case FORM_AFTER_TOOL:
		c->tool = agent_str(p, "toolName");
		args = json_object_get(p, "toolArgs");
		/* Documented both as an object and as a JSON string: take either. */
		if (json_is_string(args)) {
			json_error_t err;

			decoded = json_loads(json_string_value(args), JSON_DECODE_ANY, &err);
			if (decoded == NULL)
				return agent_error_set(VD_EINVALID,
					"copilot-cli toolArgs is a string but not JSON: %s at column %d",
					err.text, err.column);
			args = decoded;
		}
		if (c->tool && agent_claude_mcp(c, c->tool, args))
			rc = 0;
		else
			rc = agent_event_tool(c, copilot_tools, c->tool, args);
		json_decref(decoded);
		return rc;
	case FORM_PROMPT:
		e = agent_event_add(c, "prompt.submit");
		if (agent_str(p, "prompt"))
			json_object_set_new(e, "prompt", json_string(agent_str(p, "prompt")));
		return 0;
	case FORM_SESSION_START:
		agent_event_add(c, "session.start");
		return 0;
	case FORM_SESSION_END:
		agent_event_add(c, "session.end");
		return 0;
	default:
		return 0;
	}
}

static void
copilot_answer(agent_answer *a, const agent_call *c, const agent_outcome *o)
{
	json_t *out;

	if (pascal(c)) {
		agent_claude_style_answer(a, c, o);
		return;
	}
	if (o->verdict == VD_PASS)
		return;
	if (c->form != FORM_PRE_TOOL || o->verdict == VD_WARN) {
		/* No channel to the user here: Copilot logs stderr. */
		vd_buf_printf(&a->err, "%s\n", o->message);
		return;
	}
	out = json_object();
	json_object_set_new(out, "permissionDecision", json_string("deny"));
	json_object_set_new(out, "permissionDecisionReason", json_string(o->reason));
	a->shown = true;
	agent_answer_json(a, out, 0);
}

static void
copilot_fail_closed(agent_answer *a, const agent_call *c, const char *message)
{
	json_t *out;

	if (c && pascal(c)) {
		agent_fail_exit2(a, c, message);
		return;
	}
	out = json_object();
	json_object_set_new(out, "permissionDecision", json_string("deny"));
	json_object_set_new(out, "permissionDecisionReason", json_string(message));
	vd_buf_printf(&a->err, "%s\n", message);
	a->shown = true;
	agent_answer_json(a, out, 0);
}

static bool
copilot_claims(json_t *p)
{
	return json_object_get(p, "hook_event_name") == NULL &&
		(json_object_get(p, "toolName") || json_object_get(p, "toolArgs") ||
		 json_object_get(p, "sessionId"));
}

const agent_dialect agent_dialect_copilot = {
	"copilot-cli",
	"claude-code,codex",
	copilot_claims,
	copilot_normalize,
	copilot_answer,
	copilot_fail_closed,
};
