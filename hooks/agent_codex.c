/*
 * agent_codex.c - OpenAI Codex's hook protocol (agent-hooks.md 3).
 *
 * Codex speaks the Claude style with three differences that matter here:
 * its tools are Bash (a command string, an argv in older builds),
 * apply_patch (a whole patch envelope: one event per patched file, judged
 * each, answered once) and MCP tools; it cannot ask, so a policy that
 * asks is answered with a deny that tells the user why (the documented
 * fallback); and a deny needs a non-empty reason, which ours always has.
 */
#include "agent.h"

static const agent_event_row codex_events[] = {
	{ "SessionStart",      AGENT_JUDGE,  FORM_SESSION_START, false },
	{ "PreToolUse",        AGENT_JUDGE,  FORM_PRE_TOOL, false },
	{ "PermissionRequest", AGENT_IGNORE, FORM_NONE, false },
	{ "PostToolUse",       AGENT_AFTER,  FORM_AFTER_TOOL, false },
	{ "UserPromptSubmit",  AGENT_JUDGE,  FORM_PROMPT, false },
	{ "Stop",              AGENT_IGNORE, FORM_NONE, false },
	{ "PreCompact",        AGENT_IGNORE, FORM_NONE, false },
	{ "PostCompact",       AGENT_IGNORE, FORM_NONE, false },
	{ "SubagentStart",     AGENT_IGNORE, FORM_NONE, false },
	{ "SubagentStop",      AGENT_IGNORE, FORM_NONE, false },
	{ "StopFailure",       AGENT_IGNORE, FORM_NONE, false },
	{ NULL, 0, 0, false }
};

static const agent_tool codex_tools[] = {
	{ "Bash",        "shell.exec", NULL, "command|cmd", "workdir", TOOL_PLAIN },
	{ "shell",       "shell.exec", NULL, "command|cmd", "workdir", TOOL_PLAIN },
	{ "local_shell", "shell.exec", NULL, "command|cmd", "workdir", TOOL_PLAIN },
	{ "exec_command","shell.exec", NULL, "command|cmd", "workdir", TOOL_PLAIN },
	{ "apply_patch", "file.edit",  NULL, "command|input|patch", NULL, TOOL_PATCH },
	{ NULL, NULL, NULL, NULL, NULL, TOOL_PLAIN }
};

static bool
codex_claims(json_t *p)
{
	const char *name = agent_str(p, "hook_event_name");

	return name && agent_event_row_find(codex_events, name) &&
		json_object_get(p, "turn_id") != NULL;
}

static int
codex_normalize(agent_call *c)
{
	return agent_claude_style_normalize(c, codex_events, codex_tools);
}

const agent_dialect agent_dialect_codex = {
	"codex",
	"claude-code",
	codex_claims,
	codex_normalize,
	agent_claude_style_answer,
	agent_fail_exit2,
};
