/*
 * agent_claude.c - Claude Code's hook protocol, and the Claude style that
 * Codex and Copilot's VS Code dialect share.
 *
 * Payloads carry hook_event_name, session_id, cwd and, for tools,
 * tool_name, tool_input and tool_use_id.  Answers (agent-hooks.md 1.7,
 * 1.9): a pass prints nothing, so the agent's own permission flow goes on;
 * a warning is a systemMessage for the user and additionalContext for the
 * model; ask and deny are PreToolUse's permissionDecision; prompts are
 * blocked with decision "block"; a failure that blocks exits 2 with the
 * reason on stderr, the one encoding every Claude Code version honours.
 */
#include <stdlib.h>
#include <string.h>

#include "agent.h"

/*
 * Every Claude Code event (agent-hooks.md 1.4).  PermissionRequest is not
 * judged: it fires after PreToolUse judged the same call, when the agent's
 * own dialog is about to ask the user; answering nothing leaves the
 * question to the user.  SubagentStart follows the Agent tool, which
 * PreToolUse judged as agent.task.
 */
static const agent_event_row claude_events[] = {
	{ "SessionStart",        AGENT_JUDGE,  FORM_SESSION_START, false },
	{ "Setup",               AGENT_IGNORE, FORM_NONE, false },
	{ "InstructionsLoaded",  AGENT_IGNORE, FORM_NONE, false },
	{ "UserPromptSubmit",    AGENT_JUDGE,  FORM_PROMPT, false },
	{ "UserPromptExpansion", AGENT_JUDGE,  FORM_PROMPT, false },
	{ "MessageDisplay",      AGENT_IGNORE, FORM_NONE, false },
	{ "PreToolUse",          AGENT_JUDGE,  FORM_PRE_TOOL, true },
	{ "PermissionRequest",   AGENT_IGNORE, FORM_NONE, false },
	{ "PermissionDenied",    AGENT_IGNORE, FORM_NONE, false },
	{ "PostToolUse",         AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "PostToolUseFailure",  AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "PostToolBatch",       AGENT_AFTER,  FORM_AFTER_BATCH, false },
	{ "Notification",        AGENT_IGNORE, FORM_NONE, false },
	{ "SubagentStart",       AGENT_IGNORE, FORM_NONE, false },
	{ "SubagentStop",        AGENT_IGNORE, FORM_NONE, false },
	{ "TaskCreated",         AGENT_IGNORE, FORM_NONE, false },
	{ "TaskCompleted",       AGENT_IGNORE, FORM_NONE, false },
	{ "Stop",                AGENT_IGNORE, FORM_NONE, false },
	{ "StopFailure",         AGENT_IGNORE, FORM_NONE, false },
	{ "TeammateIdle",        AGENT_IGNORE, FORM_NONE, false },
	{ "ConfigChange",        AGENT_IGNORE, FORM_NONE, false },
	{ "CwdChanged",          AGENT_IGNORE, FORM_NONE, false },
	{ "DirectoryAdded",      AGENT_IGNORE, FORM_NONE, false },
	{ "FileChanged",         AGENT_IGNORE, FORM_NONE, false },
	{ "WorktreeCreate",      AGENT_IGNORE, FORM_NONE, false },
	{ "WorktreeRemove",      AGENT_IGNORE, FORM_NONE, false },
	{ "PreCompact",          AGENT_IGNORE, FORM_NONE, false },
	{ "PostCompact",         AGENT_IGNORE, FORM_NONE, false },
	{ "Elicitation",         AGENT_IGNORE, FORM_NONE, false },
	{ "ElicitationResult",   AGENT_IGNORE, FORM_NONE, false },
	{ "SessionEnd",          AGENT_JUDGE,  FORM_SESSION_END, false },
	{ NULL, 0, 0, false }
};

/* Built-in tools (agent-hooks.md 1.5). */
static const agent_tool claude_tools[] = {
	{ "Bash",         "shell.exec",  NULL, "command", NULL, TOOL_PLAIN },
	{ "PowerShell",   "shell.exec",  NULL, "command", NULL, TOOL_PLAIN },
	{ "Read",         "file.read",   "file_path", NULL, NULL, TOOL_PLAIN },
	{ "NotebookRead", "file.read",   "notebook_path", NULL, NULL, TOOL_PLAIN },
	{ "Write",        "file.write",  "file_path", "content", NULL, TOOL_PLAIN },
	{ "Edit",         "file.edit",   "file_path", "new_string", NULL, TOOL_PLAIN },
	{ "MultiEdit",    "file.edit",   "file_path", NULL, NULL, TOOL_PLAIN },
	{ "NotebookEdit", "file.edit",   "notebook_path", "new_source", NULL, TOOL_PLAIN },
	{ "Glob",         "file.search", NULL, "pattern", "path", TOOL_PLAIN },
	{ "Grep",         "file.search", NULL, "pattern", "path", TOOL_PLAIN },
	{ "LS",           "file.search", "path", NULL, NULL, TOOL_PLAIN },
	{ "WebFetch",     "web.fetch",   NULL, "url", NULL, TOOL_PLAIN },
	{ "WebSearch",    "web.search",  NULL, "query", NULL, TOOL_PLAIN },
	{ "Agent",        "agent.task",  NULL, "prompt", NULL, TOOL_PLAIN },
	{ "Task",         "agent.task",  NULL, "prompt", NULL, TOOL_PLAIN },
	{ NULL, NULL, NULL, NULL, NULL, TOOL_PLAIN }
};

/* Cross-reference keys the agents give (agent-hooks.md 8, point 7). */
static const char *const claude_meta[] = {
	"tool_use_id", "transcript_path", "permission_mode", "prompt_id", "agent_id",
	"agent_type", "turn_id", "model", "source", "reason", NULL
};

static bool
in_rows(const agent_event_row *rows, const char *name)
{
	return name && agent_event_row_find(rows, name) != NULL;
}

bool
agent_claude_mcp(agent_call *c, const char *tool, json_t *input)
{
	const char *server, *sep;

	/* mcp__<server>__<tool>; plugin servers are mcp__plugin_<p>_<s>__<tool>. */
	if (strncmp(tool, "mcp__", 5) != 0)
		return false;
	server = tool + 5;
	sep = strstr(server, "__");
	if (sep == NULL || sep == server) {
		agent_event_mcp(c, server, NULL, input);
	} else {
		char *s = strndup(server, (size_t)(sep - server));

		agent_event_mcp(c, s, sep + 2, input);
		free(s);
	}
	return true;
}

/* The events of one tool call: MCP first, then the table. */
static int
tool_events(agent_call *c, const agent_tool *tools, const char *tool, json_t *input)
{
	if (tool && agent_claude_mcp(c, tool, input))
		return 0;
	return agent_event_tool(c, tools, tool, input);
}

int
agent_claude_style_normalize(agent_call *c, const agent_event_row *rows,
	const agent_tool *tools)
{
	json_t *p = c->payload;
	const agent_event_row *row;
	const char *name = c->event ? c->event : agent_str(p, "hook_event_name");
	json_t *e;

	if (name == NULL)
		return agent_error_set(VD_EINVALID,
			"the %s payload has no hook_event_name; expected an object such as {\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",...}",
			c->dialect->surface);
	c->event = name;
	c->session = agent_str(p, "session_id");
	c->cwd = agent_str(p, "cwd");
	agent_meta_copy(c, claude_meta);
	row = agent_event_row_find(rows, name);
	if (row == NULL) {
		/* A newer agent's event: not an action this verdict knows. */
		c->kind = AGENT_IGNORE;
		return 0;
	}
	c->kind = row->kind;
	c->form = row->form;
	c->can_ask = row->can_ask;
	switch (row->form) {
	case FORM_PRE_TOOL:
	case FORM_AFTER_TOOL:
		c->tool = agent_str(p, "tool_name");
		c->tool_use_id = agent_str(p, "tool_use_id");
		return tool_events(c, tools, c->tool, json_object_get(p, "tool_input"));
	case FORM_AFTER_BATCH: {
		json_t *calls = json_object_get(p, "tool_calls"), *call;
		size_t i;

		json_array_foreach(calls, i, call) {
			size_t before = json_array_size(c->events), k;
			const char *id = agent_str(call, "tool_use_id");

			c->tool = agent_str(call, "tool_name");
			if (tool_events(c, tools, c->tool, json_object_get(call, "tool_input")) < 0)
				return -1;
			for (k = before; id && k < json_array_size(c->events); k++) {
				json_t *meta = json_object();

				json_object_set_new(meta, "tool_use_id", json_string(id));
				json_object_set_new(json_array_get(c->events, k), "agent", meta);
			}
		}
		c->tool = NULL;
		return 0;
	}
	case FORM_PROMPT:
		e = agent_event_add(c, "prompt.submit");
		if (agent_str(p, "prompt"))
			json_object_set_new(e, "prompt", json_string(agent_str(p, "prompt")));
		if (json_object_get(p, "command_name")) {
			json_t *in = json_object();

			json_object_set(in, "command_name", json_object_get(p, "command_name"));
			if (json_object_get(p, "command_args"))
				json_object_set(in, "command_args", json_object_get(p, "command_args"));
			json_object_set_new(e, "input", in);
		}
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

/* {"hookSpecificOutput": {"hookEventName": ev, key: value, ...}} parts. */
static json_t *
specific(const char *event)
{
	json_t *h = json_object();

	json_object_set_new(h, "hookEventName", json_string(event));
	return h;
}

void
agent_claude_style_answer(agent_answer *a, const agent_call *c, const agent_outcome *o)
{
	json_t *out, *h;

	if (o->verdict == VD_PASS || c->form == FORM_SESSION_END)
		return;
	out = json_object();
	switch (c->form) {
	case FORM_PRE_TOOL:
		h = specific(c->event);
		if (o->verdict == VD_WARN) {
			json_object_set_new(out, "systemMessage", json_string(o->message));
			json_object_set_new(h, "additionalContext", json_string(o->reason));
		} else if (o->verdict == VD_ASK) {
			json_object_set_new(h, "permissionDecision", json_string("ask"));
			/* On ask the reason is shown to the user. */
			json_object_set_new(h, "permissionDecisionReason", json_string(o->message));
		} else {
			json_object_set_new(out, "systemMessage", json_string(o->message));
			json_object_set_new(h, "permissionDecision", json_string("deny"));
			json_object_set_new(h, "permissionDecisionReason", json_string(o->reason));
		}
		json_object_set_new(out, "hookSpecificOutput", h);
		break;
	case FORM_PROMPT:
		if (o->verdict == VD_WARN) {
			h = specific(c->event);
			json_object_set_new(out, "systemMessage", json_string(o->message));
			json_object_set_new(h, "additionalContext", json_string(o->reason));
			json_object_set_new(out, "hookSpecificOutput", h);
		} else {
			/* The reason of a blocked prompt is shown to the user only. */
			json_object_set_new(out, "decision", json_string("block"));
			json_object_set_new(out, "reason", json_string(o->message));
		}
		break;
	case FORM_SESSION_START:
		if (o->verdict == VD_WARN) {
			json_object_set_new(out, "systemMessage", json_string(o->message));
		} else {
			/* A session start cannot be denied; stopping the agent can. */
			json_object_set_new(out, "continue", json_false());
			json_object_set_new(out, "stopReason", json_string(o->message));
			json_object_set_new(out, "systemMessage", json_string(o->message));
		}
		break;
	default:
		json_decref(out);
		return;
	}
	a->shown = true;
	agent_answer_json(a, out, 0);
}

static bool
claude_claims(json_t *p)
{
	return in_rows(claude_events, agent_str(p, "hook_event_name")) &&
		json_object_get(p, "turn_id") == NULL &&
		!json_is_string(json_object_get(p, "timestamp"));
}

static int
claude_normalize(agent_call *c)
{
	return agent_claude_style_normalize(c, claude_events, claude_tools);
}

const agent_dialect agent_dialect_claude = {
	"claude-code",
	"codex",
	claude_claims,
	claude_normalize,
	agent_claude_style_answer,
	agent_fail_exit2,
};
