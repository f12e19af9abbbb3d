/*
 * agent_install.c - `verdict hooks install|uninstall --agent <agent>`:
 * verdict's hooks in each agent's own configuration file.
 *
 *   agent        user                      project                     managed
 *   claude-code  ~/.claude/settings.json   .claude/settings.json       /etc/claude-code/managed-settings.json
 *   cursor       ~/.cursor/hooks.json      .cursor/hooks.json          /etc/cursor/hooks.json
 *   codex        ~/.codex/hooks.json       .codex/hooks.json           -
 *   gemini-cli   ~/.gemini/settings.json   .gemini/settings.json       /etc/gemini-cli/settings.json
 *   copilot-cli  -                         .github/hooks/verdict.json  -
 *
 * The file is read as JSON, changed in memory and written back atomically
 * (a temporary file renamed over it), only when something changed: a
 * second install writes nothing.  Other keys and other hooks are kept as
 * they are.  A hook is verdict's when its command runs `verdict agent
 * <agent>` (or `auto`); install adds it once per event or updates it in
 * place, uninstall removes exactly those and the containers it leaves
 * empty, and the file itself when nothing else is left in it.  A file
 * that is not valid JSON is never overwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

typedef struct {
	const char *event;
	const char *matcher;      /* NULL: every tool / no matcher */
	bool blocking;            /* the hook decides before the action */
} hook_spec;

typedef enum {
	SHAPE_GROUPS,   /* event -> [{matcher, hooks: [handler]}]: Claude, Codex, Gemini */
	SHAPE_FLAT,     /* event -> [handler with matcher]: Cursor, Copilot */
} shape;

typedef struct {
	const char *surface;
	const char *user_path;     /* under $HOME, or NULL */
	const char *project_path;  /* under the project, or NULL */
	const char *managed_path;  /* absolute, or NULL */
	shape shape;
	const hook_spec *hooks;
	json_t *(*handler)(const char *command, const hook_spec *h);
	bool versioned;            /* the file carries "version": 1 */
	bool event_flag;           /* the command names its event (--event) */
	const char *note;
} layout;

/* Claude Code: tool events for every tool, prompts, sessions. */
static const hook_spec claude_hooks[] = {
	{ "PreToolUse", "*", true },
	{ "PostToolUse", "*", false },
	{ "PostToolUseFailure", "*", false },
	{ "UserPromptSubmit", NULL, true },
	{ "SessionStart", NULL, false },
	{ "SessionEnd", NULL, false },
	{ NULL, NULL, false }
};

static const hook_spec codex_hooks[] = {
	{ "PreToolUse", NULL, true },
	{ "PostToolUse", NULL, false },
	{ "UserPromptSubmit", NULL, true },
	{ "SessionStart", NULL, false },
	{ NULL, NULL, false }
};

static const hook_spec gemini_hooks[] = {
	{ "BeforeTool", "*", true },
	{ "AfterTool", "*", false },
	{ "BeforeAgent", NULL, true },
	{ "SessionStart", NULL, false },
	{ "SessionEnd", NULL, false },
	{ NULL, NULL, false }
};

/*
 * Cursor fires preToolUse and the specific hook for shell commands, MCP
 * calls and reads: the specific hooks take those (they can ask, and carry
 * what preToolUse does not), preToolUse the other tool types, so that each
 * action is judged and recorded once.
 */
#define CURSOR_OTHER_TOOLS "Write|Edit|Delete|Grep|Task"
static const hook_spec cursor_hooks[] = {
	{ "beforeShellExecution", NULL, true },
	{ "beforeMCPExecution", NULL, true },
	{ "beforeReadFile", NULL, true },
	{ "beforeSubmitPrompt", NULL, true },
	{ "preToolUse", CURSOR_OTHER_TOOLS, true },
	{ "postToolUse", CURSOR_OTHER_TOOLS, false },
	{ "afterShellExecution", NULL, false },
	{ "afterMCPExecution", NULL, false },
	{ "sessionStart", NULL, false },
	{ "sessionEnd", NULL, false },
	{ NULL, NULL, false }
};

static const hook_spec copilot_hooks[] = {
	{ "preToolUse", NULL, true },
	{ "postToolUse", NULL, false },
	{ "postToolUseFailure", NULL, false },
	{ "userPromptSubmitted", NULL, true },
	{ "sessionStart", NULL, false },
	{ "sessionEnd", NULL, false },
	{ NULL, NULL, false }
};

static json_t *
claude_handler(const char *command, const hook_spec *h)
{
	(void)h;
	return json_pack("{s:s, s:s, s:i}", "type", "command", "command", command, "timeout", 30);
}

static json_t *
gemini_handler(const char *command, const hook_spec *h)
{
	(void)h;
	/* Gemini's timeouts are in milliseconds. */
	return json_pack("{s:s, s:s, s:s, s:i}", "type", "command", "command", command,
		"name", "verdict", "timeout", 30000);
}

static json_t *
cursor_handler(const char *command, const hook_spec *h)
{
	json_t *o = json_pack("{s:s, s:i}", "command", command, "timeout", 30);

	if (h->matcher)
		json_object_set_new(o, "matcher", json_string(h->matcher));
	/* A hook that crashes or times out must not let the action through. */
	if (h->blocking)
		json_object_set_new(o, "failClosed", json_true());
	return o;
}

static json_t *
copilot_handler(const char *command, const hook_spec *h)
{
	(void)h;
	return json_pack("{s:s, s:s, s:i}", "type", "command", "bash", command, "timeoutSec", 30);
}

static const layout layouts[] = {
	{ "claude-code", ".claude/settings.json", ".claude/settings.json",
	  "/etc/claude-code/managed-settings.json", SHAPE_GROUPS, claude_hooks, claude_handler,
	  false, false,
	  "Claude Code loads project hooks once the folder is trusted; /hooks lists them." },
	{ "cursor", ".cursor/hooks.json", ".cursor/hooks.json", "/etc/cursor/hooks.json",
	  SHAPE_FLAT, cursor_hooks, cursor_handler, true, false,
	  "Cursor runs project hooks in trusted workspaces only." },
	{ "codex", ".codex/hooks.json", ".codex/hooks.json", NULL,
	  SHAPE_GROUPS, codex_hooks, claude_handler, false, false,
	  "Codex builds before hooks were on by default need `[features] hooks = true` in ~/.codex/config.toml; project hooks load in trusted projects only." },
	{ "gemini-cli", ".gemini/settings.json", ".gemini/settings.json", "/etc/gemini-cli/settings.json",
	  SHAPE_GROUPS, gemini_hooks, gemini_handler, false, false,
	  "Gemini CLI asks you to trust a changed project hook; `/hooks panel` lists them." },
	{ "copilot-cli", NULL, ".github/hooks/verdict.json", NULL,
	  SHAPE_FLAT, copilot_hooks, copilot_handler, true, true,
	  "Copilot's coding agent reads .github/hooks from the default branch: commit the file." },
};

/* ---- which hooks are ours ----------------------------------------------- */

/* The first words of a shell command, unquoted (enough to recognise ours). */
static size_t
words(const char *s, char out[4][1024])
{
	size_t n = 0;

	while (*s && n < 4) {
		size_t k = 0;
		char q = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		while (*s && (q || (*s != ' ' && *s != '\t'))) {
			if (q && *s == q) {
				q = 0;
			} else if (!q && (*s == '\'' || *s == '"')) {
				q = *s;
			} else if (!q && *s == '\\' && s[1]) {
				s++;
				if (k < 1023)
					out[n][k++] = *s;
			} else if (k < 1023) {
				out[n][k++] = *s;
			}
			s++;
		}
		out[n++][k] = '\0';
	}
	return n;
}

static bool
ours(json_t *handler, const char *surface)
{
	const char *cmd = agent_str(handler, "command|bash");
	char w[4][1024];
	const char *base;

	if (cmd == NULL || words(cmd, w) < 3)
		return false;
	base = strrchr(w[0], '/');
	base = base ? base + 1 : w[0];
	return strcmp(base, "verdict") == 0 && strcmp(w[1], "agent") == 0 &&
		(strcmp(w[2], surface) == 0 || strcmp(w[2], "auto") == 0);
}

/* ---- editing ------------------------------------------------------------ */

static void
quote(vd_buf *b, const char *s)
{
	vd_buf_put(b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			vd_buf_put(b, "'\\''", 4);
		else
			vd_buf_put(b, s, 1);
	vd_buf_put(b, "'", 1);
}

static char *
command_for(const layout *l, const agent_install_options *o, const hook_spec *h)
{
	vd_buf b = VD_BUF_INIT;
	char *s;

	quote(&b, o->verdict);
	vd_buf_printf(&b, " agent %s", l->surface);
	if (o->repo) {
		vd_buf_put(&b, " --repo ", 8);
		quote(&b, o->repo);
	}
	if (l->event_flag)
		vd_buf_printf(&b, " --event %s", h->event);
	s = strdup(b.ptr);
	vd_buf_dispose(&b);
	return s;
}

static void
report_line(vd_buf *report, char mark, const char *event, json_t *handler)
{
	vd_buf_printf(report, "  %c %s: %s\n", mark, event, agent_str(handler, "command|bash"));
}

/* Matchers equal, absence included. */
static bool
same_matcher(json_t *obj, const char *matcher)
{
	const char *m = agent_str(obj, "matcher");

	return (m == NULL && matcher == NULL) || (m && matcher && strcmp(m, matcher) == 0);
}

static void
set_matcher(json_t *obj, const char *matcher)
{
	if (matcher)
		json_object_set_new(obj, "matcher", json_string(matcher));
	else
		json_object_del(obj, "matcher");
}

/* One event's hooks, SHAPE_GROUPS.  Returns whether anything changed. */
static bool
install_groups(json_t *arr, const char *event, json_t *want, const char *matcher,
	const char *surface, vd_buf *report)
{
	json_t *group, *found_group = NULL;
	size_t g, found_index = 0;
	bool changed = false;

	for (g = 0; g < json_array_size(arr); g++) {
		json_t *hooks, *h;
		size_t i;

		group = json_array_get(arr, g);
		hooks = json_object_get(group, "hooks");
		for (i = 0; json_is_array(hooks) && i < json_array_size(hooks); i++) {
			h = json_array_get(hooks, i);
			if (!ours(h, surface))
				continue;
			if (found_group == NULL) {
				found_group = group;
				found_index = i;
				continue;
			}
			/* One judgement per action: a second copy of ours goes. */
			report_line(report, '-', event, h);
			json_array_remove(hooks, i--);
			changed = true;
		}
		if (json_is_array(hooks) && json_array_size(hooks) == 0 && group != found_group) {
			json_array_remove(arr, g--);
			changed = true;
		}
	}
	if (found_group == NULL) {
		json_t *ng = json_object();

		set_matcher(ng, matcher);
		json_object_set_new(ng, "hooks", json_pack("[O]", want));
		json_array_append_new(arr, ng);
		report_line(report, '+', event, want);
		return true;
	}
	{
		json_t *hooks = json_object_get(found_group, "hooks");

		if (!json_equal(json_array_get(hooks, found_index), want)) {
			json_array_set(hooks, found_index, want);
			report_line(report, '~', event, want);
			changed = true;
		}
		/* The group's matcher is ours to set only when the group is ours alone. */
		if (json_array_size(hooks) == 1 && !same_matcher(found_group, matcher)) {
			set_matcher(found_group, matcher);
			if (!changed)
				report_line(report, '~', event, want);
			changed = true;
		}
	}
	return changed;
}

/* One event's hooks, SHAPE_FLAT. */
static bool
install_flat(json_t *arr, const char *event, json_t *want, const char *surface, vd_buf *report)
{
	size_t i;
	bool found = false, changed = false;

	for (i = 0; i < json_array_size(arr); i++) {
		json_t *h = json_array_get(arr, i);

		if (!ours(h, surface))
			continue;
		if (found) {
			report_line(report, '-', event, h);
			json_array_remove(arr, i--);
			changed = true;
			continue;
		}
		found = true;
		if (!json_equal(h, want)) {
			json_array_set(arr, i, want);
			report_line(report, '~', event, want);
			changed = true;
		}
	}
	if (!found) {
		json_array_append(arr, want);
		report_line(report, '+', event, want);
		changed = true;
	}
	return changed;
}

/* Remove every hook of ours from one event's array. */
static bool
remove_ours(json_t *arr, const char *event, shape sh, const char *surface, vd_buf *report)
{
	size_t g, i;
	bool changed = false, removed;

	for (g = 0; g < json_array_size(arr); g++) {
		json_t *x = json_array_get(arr, g), *hooks;

		if (sh == SHAPE_FLAT) {
			if (ours(x, surface)) {
				report_line(report, '-', event, x);
				json_array_remove(arr, g--);
				changed = true;
			}
			continue;
		}
		hooks = json_object_get(x, "hooks");
		if (!json_is_array(hooks))
			continue;
		removed = false;
		for (i = 0; i < json_array_size(hooks); i++)
			if (ours(json_array_get(hooks, i), surface)) {
				report_line(report, '-', event, json_array_get(hooks, i));
				json_array_remove(hooks, i--);
				removed = true;
			}
		/* A group left empty by us was ours. */
		if (removed && json_array_size(hooks) == 0)
			json_array_remove(arr, g--);
		changed = changed || removed;
	}
	return changed;
}

/* ---- files -------------------------------------------------------------- */

static int
load(json_t **out, bool *exists, const char *path)
{
	json_error_t err;
	struct stat st;
	FILE *f;
	size_t i;
	char *text;
	long n;

	*out = NULL;
	*exists = false;
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT) {
			*out = json_object();
			return 0;
		}
		return agent_error_set(VD_EIO, "%s: %s", path, strerror(errno));
	}
	*exists = true;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return agent_error_set(VD_EIO, "%s is a directory; expected a JSON file", path);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)(n > 0 ? n : 0) + 1);
	if (text == NULL)
		abort();
	n = (long)fread(text, 1, (size_t)(n > 0 ? n : 0), f);
	fclose(f);
	text[n] = '\0';
	for (i = 0; text[i] && strchr(" \t\r\n", text[i]); i++)
		;
	if (text[i] == '\0') {
		free(text);
		*out = json_object();
		return 0;
	}
	*out = json_loadb(text, (size_t)n, 0, &err);
	free(text);
	if (*out == NULL)
		return agent_error_set(VD_EINVALID,
			"%s:%d:%d: %s; verdict never overwrites a file it cannot read: fix it, or move it away and install again",
			path, err.line, err.column, err.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return agent_error_set(VD_EINVALID, "%s holds JSON but not an object; expected {\"hooks\": ...}", path);
	}
	return 0;
}

static int
mkdirs(const char *dir)
{
	char *copy = strdup(dir), *p;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
			int rc = agent_error_set(VD_EIO, "cannot create %s: %s", copy, strerror(errno));

			free(copy);
			return rc;
		}
		*p = '/';
	}
	if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
		int rc = agent_error_set(VD_EIO, "cannot create %s: %s", copy, strerror(errno));

		free(copy);
		return rc;
	}
	free(copy);
	return 0;
}

/* Write atomically: a temporary file beside it, then rename. */
static int
save(const char *path, const char *text)
{
	char *dir = strdup(path), *tmp = NULL;
	struct stat st;
	mode_t mode = 0644;
	int fd = -1, rc = 0;
	size_t len = strlen(text), off = 0;

	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	if ((rc = mkdirs(dirname(dir))) < 0)
		goto done;
	if (asprintf(&tmp, "%s.verdict-%ld.tmp", path, (long)getpid()) < 0)
		abort();
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)) < 0) {
		rc = agent_error_set(VD_EIO, "cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0) {
			rc = agent_error_set(VD_EIO, "cannot write %s: %s", tmp, strerror(errno));
			goto done;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		rc = agent_error_set(VD_EIO, "cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		rc = agent_error_set(VD_EIO, "cannot replace %s: %s", path, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rc;
}

static char *
file_path(const layout *l, const agent_install_options *o)
{
	char *p = NULL;

	switch (o->scope) {
	case AGENT_SCOPE_USER:
		if (l->user_path == NULL) {
			agent_error_set(VD_EUSAGE,
				"%s has no documented user-level hook file; use --scope project", l->surface);
			return NULL;
		}
		if (o->home == NULL) {
			agent_error_set(VD_EUSAGE, "HOME is not set; cannot find the user's %s settings", l->surface);
			return NULL;
		}
		if (asprintf(&p, "%s/%s", o->home, l->user_path) < 0)
			abort();
		return p;
	case AGENT_SCOPE_PROJECT:
		if (asprintf(&p, "%s/%s", o->project ? o->project : ".", l->project_path) < 0)
			abort();
		return p;
	case AGENT_SCOPE_MANAGED:
	default:
		if (l->managed_path == NULL) {
			agent_error_set(VD_EUSAGE,
				"%s has no documented managed hook file; use --scope user or project", l->surface);
			return NULL;
		}
		if (asprintf(&p, "%s%s", o->root ? o->root : "", l->managed_path) < 0)
			abort();
		return p;
	}
}

static bool
only_boilerplate(json_t *root)
{
	const char *key;
	json_t *v;

	json_object_foreach(root, key, v)
		if (strcmp(key, "version") != 0)
			return false;
	return true;
}

int
agent_install(vd_buf *report, const agent_install_options *o)
{
	vd_buf lines = VD_BUF_INIT;
	const layout *l = NULL;
	const hook_spec *h;
	json_t *root = NULL, *before = NULL, *hooks;
	char *path, *text = NULL;
	bool exists, changed = false, remove_file = false;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (strcmp(layouts[i].surface, o->surface) == 0)
			l = &layouts[i];
	if (l == NULL)
		return agent_error_set(VD_EUSAGE, "unknown agent '%s'; expected claude-code, cursor, codex, gemini-cli or copilot-cli",
			o->surface);
	if ((path = file_path(l, o)) == NULL)
		return agent_error_last()->code;
	if ((rc = load(&root, &exists, path)) < 0)
		goto done;
	before = json_deep_copy(root);
	hooks = json_object_get(root, "hooks");
	if (hooks != NULL && !json_is_object(hooks)) {
		rc = agent_error_set(VD_EINVALID, "%s: \"hooks\" is not an object; fix it by hand first", path);
		goto done;
	}
	if (o->uninstall) {
		const char *event;
		json_t *arr;
		void *tmp;

		if (hooks)
			json_object_foreach_safe(hooks, tmp, event, arr) {
				if (!json_is_array(arr))
					continue;
				if (remove_ours(arr, event, l->shape, l->surface, &lines))
					changed = true;
				if (json_array_size(arr) == 0)
					json_object_del(hooks, event);
			}
		if (hooks && json_object_size(hooks) == 0 && changed)
			json_object_del(root, "hooks");
		remove_file = changed && only_boilerplate(root);
	} else {
		if (hooks == NULL) {
			hooks = json_object();
			json_object_set_new(root, "hooks", hooks);
		}
		if (l->versioned && json_object_get(root, "version") == NULL)
			json_object_set_new(root, "version", json_integer(1));
		for (h = l->hooks; h->event; h++) {
			json_t *arr = json_object_get(hooks, h->event), *want;
			char *cmd = command_for(l, o, h);

			if (arr == NULL) {
				arr = json_array();
				json_object_set_new(hooks, h->event, arr);
			}
			if (!json_is_array(arr)) {
				free(cmd);
				rc = agent_error_set(VD_EINVALID, "%s: hooks.%s is not an array; fix it by hand first",
					path, h->event);
				goto done;
			}
			want = l->handler(cmd, h);
			if (l->shape == SHAPE_GROUPS ?
			    install_groups(arr, h->event, want, h->matcher, l->surface, &lines) :
			    install_flat(arr, h->event, want, l->surface, &lines))
				changed = true;
			json_decref(want);
			free(cmd);
		}
		/* Order in the file is the user's; a write happens only on change. */
		changed = !json_equal(before, root);
	}
	if (!changed) {
		vd_buf_printf(report, "%s: %s\n", path, o->uninstall ?
			"no verdict hooks to remove" : "verdict's hooks are already installed; nothing to change");
		rc = 0;
		goto done;
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (o->dry_run) {
		if (remove_file)
			vd_buf_printf(report, "would remove %s (nothing else is in it):\n%s", path, lines.ptr);
		else
			vd_buf_printf(report, "would %s %s:\n%s\nthe file would read:\n%s\n",
				exists ? "change" : "create", path, lines.ptr, text);
		rc = 0;
		goto done;
	}
	if (remove_file) {
		if (unlink(path) < 0) {
			rc = agent_error_set(VD_EIO, "cannot remove %s: %s", path, strerror(errno));
			goto done;
		}
		vd_buf_printf(report, "removed %s (nothing else was in it):\n%s", path, lines.ptr);
	} else {
		char *with_nl = NULL;

		if (asprintf(&with_nl, "%s\n", text) < 0)
			abort();
		rc = save(path, with_nl);
		free(with_nl);
		if (rc < 0)
			goto done;
		vd_buf_printf(report, "%s %s:\n%s", exists ? "updated" : "created", path, lines.ptr);
	}
	if (!o->uninstall && l->note)
		vd_buf_printf(report, "note: %s\n", l->note);
	rc = 0;
done:
	vd_buf_dispose(&lines);
	free(text);
	free(path);
	json_decref(root);
	json_decref(before);
	return rc;
}
