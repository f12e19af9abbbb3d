/*
 * agent_cursor.c - Cursor's hook protocol (agent-hooks.md 2).
 *
 * Cursor has a hook per kind of action (beforeShellExecution,
 * beforeMCPExecution with its tool input encoded as a JSON string,
 * beforeReadFile with the file's whole content, beforeSubmitPrompt) and a
 * generic preToolUse.  Answers are {"permission": allow|ask|deny} with
 * user_message for the user and agent_message for the model; only the
 * shell and MCP hooks can ask, the others deny instead.  Sessions are
 * conversation_id; the working directory is cwd, else the first
 * workspace root.
 */
#include <stdlib.h>
#include <string.h>

#include "agent.h"

static const agent_event_row cursor_events[] = {
	{ "beforeShellExecution", AGENT_JUDGE,  FORM_SHELL, true },
	{ "beforeMCPExecution",   AGENT_JUDGE,  FORM_MCP, true },
	{ "beforeReadFile",       AGENT_JUDGE,  FORM_READ, false },
	{ "beforeTabFileRead",    AGENT_JUDGE,  FORM_READ, false },
	{ "beforeSubmitPrompt",   AGENT_JUDGE,  FORM_PROMPT, false },
	{ "preToolUse",           AGENT_JUDGE,  FORM_PRE_TOOL, false },
	{ "subagentStart",        AGENT_JUDGE,  FORM_SUBAGENT, false },
	{ "sessionStart",         AGENT_JUDGE,  FORM_SESSION_START, false },
	{ "sessionEnd",           AGENT_JUDGE,  FORM_SESSION_END, false },
	{ "postToolUse",          AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "postToolUseFailure",   AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "afterShellExecution",  AGENT_AFTER,  FORM_SHELL, false },
	{ "afterMCPExecution",    AGENT_AFTER,  FORM_MCP, false },
	{ "afterFileEdit",        AGENT_AFTER,  FORM_READ, false },
	{ "subagentStop",         AGENT_IGNORE, FORM_NONE, false },
	{ "afterTabFileEdit",     AGENT_IGNORE, FORM_NONE, false },
	{ "afterAgentResponse",   AGENT_IGNORE, FORM_NONE, false },
	{ "afterAgentThought",    AGENT_IGNORE, FORM_NONE, false },
	{ "preCompact",           AGENT_IGNORE, FORM_NONE, false },
	{ "stop",                 AGENT_IGNORE, FORM_NONE, false },
	{ "workspaceOpen",        AGENT_IGNORE, FORM_NONE, false },
	{ NULL, 0, 0, false }
};

/*
 * preToolUse's tool types.  Their input shapes are not all documented
 * (agent-hooks.md 10): each key lists the spellings seen.
 */
static const agent_tool cursor_tools[] = {
	{ "Shell",  "shell.exec",  NULL, "command", "working_directory|cwd", TOOL_PLAIN },
	{ "Read",   "file.read",   "file_path|path|target_file", NULL, NULL, TOOL_PLAIN },
	{ "Write",  "file.write",  "file_path|path|target_file", "content|contents|file_text", NULL, TOOL_PLAIN },
	{ "Edit",   "file.edit",   "file_path|path|target_file", "new_string|content", NULL, TOOL_PLAIN },
	{ "Delete", "file.delete", "file_path|path|target_file", NULL, NULL, TOOL_PLAIN },
	{ "Grep",   "file.search", NULL, "pattern|query", "path|target_directory", TOOL_PLAIN },
	{ "Task",   "agent.task",  NULL, "prompt|task|description", NULL, TOOL_PLAIN },
	{ NULL, NULL, NULL, NULL, NULL, TOOL_PLAIN }
};

static const char *const cursor_meta[] = {
	"generation_id", "tool_use_id", "transcript_path", "cursor_version", "model",
	"user_email", "subagent_id", "parent_conversation_id", "reason", NULL
};

/* The host of a URL, into a new string; NULL when it has none. */
static json_t *
url_host(const char *url)
{
	const char *p = strstr(url, "://"), *end;

	if (p == NULL)
		return NULL;
	p += 3;
	for (end = p; *end && *end != '/' && *end != ':' && *end != '?'; end++)
		;
	return end > p ? json_stringn(p, (size_t)(end - p)) : NULL;
}

/*
 * beforeMCPExecution and afterMCPExecution: the tool's bare name, its input
 * as a JSON string, and the server by URL or command, not by name.  The
 * server is its name when the payload has one, else the URL's host, else
 * the command that starts it.
 */
static void
mcp_event(agent_call *c, const char *tool)
{
	json_t *p = c->payload, *raw = json_object_get(p, "tool_input"), *input = NULL, *e;
	const char *url = agent_str(p, "url"), *server = agent_str(p, "server_name|server");
	json_t *host = NULL;

	if (json_is_string(raw)) {
		input = json_loads(json_string_value(raw), JSON_DECODE_ANY, NULL);
		/* Not JSON: keep the text verbatim rather than lose it. */
		if (input == NULL)
			input = json_incref(raw);
	} else if (raw) {
		input = json_incref(raw);
	}
	if (server == NULL && url && (host = url_host(url)) != NULL)
		server = json_string_value(host);
	if (server == NULL)
		server = agent_str(p, "command");
	e = agent_event_mcp(c, server, tool, input);
	if (url)
		json_object_set_new(e, "url", json_string(url));
	json_decref(input);
	json_decref(host);
}

/* The payload's own fields that are the action's input. */
static json_t *
pick(json_t *p, const char *const *keys)
{
	json_t *in = json_object();

	for (; *keys; keys++)
		if (json_object_get(p, *keys))
			json_object_set(in, *keys, json_object_get(p, *keys));
	return in;
}

static int
tool_events(agent_call *c, const char *tool, json_t *input)
{
	if (tool && strncmp(tool, "MCP:", 4) == 0) {
		agent_event_mcp(c, agent_str(c->payload, "server_name|server"), tool + 4, input);
		return 0;
	}
	return agent_event_tool(c, cursor_tools, tool, input);
}

static int
cursor_normalize(agent_call *c)
{
	static const char *const shell_keys[] = { "command", "cwd", "sandbox", NULL };
	static const char *const read_keys[] = { "file_path", "content", "attachments", NULL };
	static const char *const prompt_keys[] = { "attachments", NULL };
	static const char *const task_keys[] = { "subagent_type", "task", "subagent_model",
		"is_parallel_worker", NULL };
	json_t *p = c->payload, *roots, *e, *in;
	const agent_event_row *row;
	const char *name = c->event ? c->event : agent_str(p, "hook_event_name");

	if (name == NULL)
		return agent_error_set(VD_EINVALID,
			"the cursor payload has no hook_event_name; expected an object such as {\"hook_event_name\":\"beforeShellExecution\",\"command\":...}");
	c->event = name;
	c->session = agent_str(p, "conversation_id|session_id");
	c->cwd = agent_str(p, "cwd");
	roots = json_object_get(p, "workspace_roots");
	if (c->cwd == NULL && json_is_array(roots) && json_is_string(json_array_get(roots, 0)))
		c->cwd = json_string_value(json_array_get(roots, 0));
	agent_meta_copy(c, cursor_meta);
	if ((row = agent_event_row_find(cursor_events, name)) == NULL) {
		c->kind = AGENT_IGNORE;
		return 0;
	}
	c->kind = row->kind;
	c->form = row->form;
	c->can_ask = row->can_ask;
	c->tool_use_id = agent_str(p, "tool_use_id");
	switch (row->form) {
	case FORM_SHELL:
		c->tool = "Shell";
		e = agent_event_add(c, "shell.exec");
		if (agent_str(p, "command"))
			json_object_set_new(e, "command", json_string(agent_str(p, "command")));
		json_object_set_new(e, "input", pick(p, shell_keys));
		return 0;
	case FORM_MCP: {
		const char *tool = agent_str(p, "tool_name");
		char *name_buf = NULL;

		if (tool && asprintf(&name_buf, "MCP:%s", tool) < 0)
			abort();
		c->tool = NULL;
		mcp_event(c, tool);
		if (name_buf) {
			json_object_set_new(json_array_get(c->events, 0), "tool", json_string(name_buf));
			free(name_buf);
		}
		return 0;
	}
	case FORM_READ:
		c->tool = strcmp(name, "afterFileEdit") == 0 ? "Write" :
			strcmp(name, "beforeTabFileRead") == 0 ? "TabRead" : "Read";
		e = agent_event_add(c, strcmp(name, "afterFileEdit") == 0 ? "file.edit" : "file.read");
		if (agent_str(p, "file_path"))
			json_object_set_new(e, "path", json_string(agent_str(p, "file_path")));
		in = pick(p, read_keys);
		if (json_object_get(p, "edits"))
			json_object_set(in, "edits", json_object_get(p, "edits"));
		json_object_set_new(e, "input", in);
		return 0;
	case FORM_PROMPT:
		e = agent_event_add(c, "prompt.submit");
		if (agent_str(p, "prompt"))
			json_object_set_new(e, "prompt", json_string(agent_str(p, "prompt")));
		json_object_set_new(e, "input", pick(p, prompt_keys));
		return 0;
	case FORM_SUBAGENT:
		c->tool = "Task";
		e = agent_event_add(c, "agent.task");
		if (agent_str(p, "task"))
			json_object_set_new(e, "prompt", json_string(agent_str(p, "task")));
		json_object_set_new(e, "input", pick(p, task_keys));
		return 0;
	case FORM_PRE_TOOL:
	case FORM_AFTER_TOOL:
		c->tool = agent_str(p, "tool_name");
		return tool_events(c, c->tool, json_object_get(p, "tool_input"));
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
cursor_answer(agent_answer *a, const agent_call *c, const agent_outcome *o)
{
	json_t *out = json_object();
	static const char *const permission[] = { "allow", "allow", "ask", "deny" };

	switch (c->form) {
	case FORM_SESSION_END:
		json_decref(out);
		return;
	case FORM_PROMPT:
		json_object_set_new(out, "continue", json_boolean(o->verdict <= VD_WARN));
		if (o->verdict != VD_PASS)
			json_object_set_new(out, "user_message", json_string(o->message));
		break;
	case FORM_SESSION_START:
		/* Advisory: Cursor does not enforce a session start's answer. */
		if (o->verdict >= VD_ASK)
			json_object_set_new(out, "continue", json_false());
		if (o->verdict != VD_PASS) {
			json_object_set_new(out, "user_message", json_string(o->message));
			json_object_set_new(out, "additional_context", json_string(o->reason));
		}
		break;
	default:
		json_object_set_new(out, "permission", json_string(permission[o->verdict]));
		if (o->verdict != VD_PASS) {
			json_object_set_new(out, "user_message", json_string(o->message));
			if (c->form != FORM_READ)
				json_object_set_new(out, "agent_message", json_string(o->reason));
		}
		break;
	}
	a->shown = o->verdict != VD_PASS;
	agent_answer_json(a, out, 0);
}

static bool
cursor_claims(json_t *p)
{
	return json_object_get(p, "cursor_version") || json_object_get(p, "conversation_id") ||
		json_object_get(p, "generation_id");
}

const agent_dialect agent_dialect_cursor = {
	"cursor",
	NULL,
	cursor_claims,
	cursor_normalize,
	cursor_answer,
	agent_fail_exit2,
};
