/*
 * agent_gemini.c - Gemini CLI's hook protocol (agent-hooks.md 4).
 *
 * Events are BeforeTool / AfterTool / BeforeAgent / ...; tools have
 * snake_case names (run_shell_command, read_file, replace, ...) and MCP
 * tools are mcp_<server>_<tool> with the server in mcp_context.  web_fetch
 * carries its URLs inside a prompt: each URL is a web.fetch of its own.
 * Answers are {"decision": allow|ask|deny, "reason": for the model,
 * "systemMessage": for the user}; a pass is {} so that the CLI's own
 * confirmation flow goes on.
 */
#include <stdlib.h>
#include <string.h>

#include "agent.h"

static const agent_event_row gemini_events[] = {
	{ "BeforeTool",          AGENT_JUDGE,  FORM_PRE_TOOL, true },
	{ "AfterTool",           AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "BeforeAgent",         AGENT_JUDGE,  FORM_PROMPT, false },
	{ "AfterAgent",          AGENT_IGNORE, FORM_NONE, false },
	{ "BeforeModel",         AGENT_IGNORE, FORM_NONE, false },
	{ "AfterModel",          AGENT_IGNORE, FORM_NONE, false },
	{ "BeforeToolSelection", AGENT_IGNORE, FORM_NONE, false },
	{ "SessionStart",        AGENT_JUDGE,  FORM_SESSION_START, false },
	{ "SessionEnd",          AGENT_JUDGE,  FORM_SESSION_END, false },
	{ "Notification",        AGENT_IGNORE, FORM_NONE, false },
	{ "PreCompress",         AGENT_IGNORE, FORM_NONE, false },
	{ NULL, 0, 0, false }
};

/* Built-in tools (packages/core/src/tools/definitions/base-declarations.ts). */
static const agent_tool gemini_tools[] = {
	{ "run_shell_command",     "shell.exec",  NULL, "command", "dir_path|directory", TOOL_PLAIN },
	{ "read_file",             "file.read",   "file_path|absolute_path|path", NULL, NULL, TOOL_PLAIN },
	{ "read_many_files",       "file.read",   "paths|include", NULL, NULL, TOOL_MANY_PATHS },
	{ "write_file",            "file.write",  "file_path|absolute_path|path", "content", NULL, TOOL_PLAIN },
	{ "replace",               "file.edit",   "file_path|absolute_path|path", "new_string", NULL, TOOL_PLAIN },
	{ "glob",                  "file.search", NULL, "pattern", "dir_path|path", TOOL_PLAIN },
	{ "grep_search",           "file.search", NULL, "pattern", "dir_path|path", TOOL_PLAIN },
	{ "search_file_content",   "file.search", NULL, "pattern", "dir_path|path", TOOL_PLAIN },
	{ "list_directory",        "file.search", "dir_path|path", NULL, NULL, TOOL_PLAIN },
	{ "web_fetch",             "web.fetch",   NULL, "prompt", NULL, TOOL_URLS },
	{ "google_web_search",     "web.search",  NULL, "query", NULL, TOOL_PLAIN },
	{ NULL, NULL, NULL, NULL, NULL, TOOL_PLAIN }
};

static const char *const gemini_meta[] = {
	"transcript_path", "original_request_name", "source", "reason", NULL
};

/*
 * mcp_<server>_<tool>: the server and tool come from mcp_context when the
 * CLI sends it; the name alone is ambiguous when the server's name has an
 * underscore, so then the first underscore splits it.
 */
static bool
mcp_events(agent_call *c, const char *tool, json_t *input)
{
	json_t *ctx = json_object_get(c->payload, "mcp_context");
	const char *server = agent_str(ctx, "server_name"), *name = agent_str(ctx, "tool_name");
	char *s = NULL;

	if (ctx == NULL && strncmp(tool, "mcp_", 4) != 0)
		return false;
	if (server == NULL && strncmp(tool, "mcp_", 4) == 0) {
		const char *rest = tool + 4, *us = strchr(rest, '_');

		s = us ? strndup(rest, (size_t)(us - rest)) : strdup(rest);
		server = s;
		if (name == NULL && us)
			name = us + 1;
	}
	agent_event_mcp(c, server, name ? name : tool, input);
	free(s);
	return true;
}

static int
gemini_normalize(agent_call *c)
{
	json_t *p = c->payload, *e;
	const agent_event_row *row;
	const char *name = c->event ? c->event : agent_str(p, "hook_event_name");

	if (name == NULL)
		return agent_error_set(VD_EINVALID,
			"the gemini-cli payload has no hook_event_name; expected an object such as {\"hook_event_name\":\"BeforeTool\",\"tool_name\":\"run_shell_command\",...}");
	c->event = name;
	c->session = agent_str(p, "session_id");
	c->cwd = agent_str(p, "cwd");
	agent_meta_copy(c, gemini_meta);
	if ((row = agent_event_row_find(gemini_events, name)) == NULL) {
		c->kind = AGENT_IGNORE;
		return 0;
	}
	c->kind = row->kind;
	c->form = row->form;
	c->can_ask = row->can_ask;
	switch (row->form) {
	case FORM_PRE_TOOL:
	case FORM_AFTER_TOOL: {
		json_t *input = json_object_get(p, "tool_input");

		c->tool = agent_str(p, "tool_name");
		if (c->tool && mcp_events(c, c->tool, input))
			return 0;
		return agent_event_tool(c, gemini_tools, c->tool, input);
	}
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
gemini_answer(agent_answer *a, const agent_call *c, const agent_outcome *o)
{
	json_t *out = json_object(), *h;

	if (o->verdict != VD_PASS && c->form != FORM_SESSION_END) {
		a->shown = true;
		switch (c->form) {
		case FORM_PRE_TOOL:
		case FORM_PROMPT:
			if (o->verdict >= VD_ASK) {
				json_object_set_new(out, "decision",
					json_string(o->verdict == VD_ASK ? "ask" : "deny"));
				json_object_set_new(out, "reason", json_string(o->reason));
			} else if (c->form == FORM_PROMPT) {
				h = json_object();
				json_object_set_new(h, "hookEventName", json_string(c->event));
				json_object_set_new(h, "additionalContext", json_string(o->reason));
				json_object_set_new(out, "hookSpecificOutput", h);
			}
			json_object_set_new(out, "systemMessage", json_string(o->message));
			break;
		case FORM_SESSION_START:
			if (o->verdict >= VD_ASK) {
				json_object_set_new(out, "continue", json_false());
				json_object_set_new(out, "stopReason", json_string(o->message));
			}
			json_object_set_new(out, "systemMessage", json_string(o->message));
			break;
		default:
			break;
		}
	}
	agent_answer_json(a, out, 0);
}

static bool
gemini_claims(json_t *p)
{
	static const char *const only[] = { "BeforeTool", "AfterTool", "BeforeAgent",
		"AfterAgent", "BeforeModel", "AfterModel", "BeforeToolSelection", "PreCompress", NULL };
	const char *name = agent_str(p, "hook_event_name");
	size_t i;

	if (name == NULL)
		return false;
	for (i = 0; only[i]; i++)
		if (strcmp(only[i], name) == 0)
			return true;
	/* SessionStart, SessionEnd, Notification: Gemini adds an ISO timestamp. */
	return agent_event_row_find(gemini_events, name) &&
		json_is_string(json_object_get(p, "timestamp")) &&
		json_object_get(p, "permission_mode") == NULL;
}

const agent_dialect agent_dialect_gemini = {
	"gemini-cli",
	NULL,
	gemini_claims,
	gemini_normalize,
	gemini_answer,
	agent_fail_exit2,
};
