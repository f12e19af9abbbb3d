/*
 * agent_event.c - tool calls into normalized events, shared by every
 * dialect.
 *
 * A dialect describes its tools as a table (agent_tool rows): which action
 * each is and which input keys hold the path, the text and the directory.
 * The few tools that are more than one action are special-cased here once:
 * Codex's apply_patch (one event per patched file), Gemini's
 * read_many_files (one per path) and web_fetch (one per URL in its prompt).
 * A tool no table knows becomes tool.call, so it is judged and recorded
 * like any other: a new tool is never a blind spot.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

static const agent_dialect *const dialects[] = {
#define AGENT_X(id, surface) &agent_dialect_##id,
	AGENT_DIALECTS(AGENT_X)
#undef AGENT_X
};

#define NDIALECTS (sizeof(dialects) / sizeof(dialects[0]))

const agent_dialect *
agent_dialect_find(const char *surface)
{
	size_t i;

	for (i = 0; i < NDIALECTS; i++)
		if (strcmp(dialects[i]->surface, surface) == 0)
			return dialects[i];
	return NULL;
}

const agent_dialect *
agent_dialect_detect(json_t *payload)
{
	size_t i;

	for (i = 0; i < NDIALECTS; i++)
		if (dialects[i]->claims(payload))
			return dialects[i];
	return NULL;
}

const char *
agent_dialect_names(void)
{
	return
#define AGENT_X(id, surface) surface ", "
	AGENT_DIALECTS(AGENT_X)
#undef AGENT_X
	"or auto";
}

const agent_event_row *
agent_event_row_find(const agent_event_row *rows, const char *name)
{
	for (; rows->name; rows++)
		if (strcmp(rows->name, name) == 0)
			return rows;
	return NULL;
}

static agent_error last_error;

int
agent_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error.message, sizeof(last_error.message), fmt, ap);
	va_end(ap);
	last_error.code = code;
	return code;
}

int
agent_error_from_lib(void)
{
	const vd_error *e = vd_error_last();

	last_error.code = e->code ? e->code : VD_ERROR;
	snprintf(last_error.message, sizeof(last_error.message), "%s",
		e->message[0] ? e->message : vd_error_describe(last_error.code));
	return last_error.code;
}

const agent_error *
agent_error_last(void)
{
	return &last_error;
}

const char *
agent_str(json_t *obj, const char *keys)
{
	const char *p = keys;

	if (!json_is_object(obj))
		return NULL;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		json_t *v = json_object_getn(obj, p, n);

		if (json_is_string(v))
			return json_string_value(v);
		p += n + (bar ? 1 : 0);
	}
	return NULL;
}

/* The member for keys ("a|b") of any type, or NULL. */
static json_t *
member(json_t *obj, const char *keys)
{
	const char *p = keys;

	if (!json_is_object(obj))
		return NULL;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		json_t *v = json_object_getn(obj, p, n);

		if (v && !json_is_null(v))
			return v;
		p += n + (bar ? 1 : 0);
	}
	return NULL;
}

json_t *
agent_event_add(agent_call *c, const char *action)
{
	json_t *e = json_object();

	json_object_set_new(e, "action", json_string(action));
	if (c->tool)
		json_object_set_new(e, "tool", json_string(c->tool));
	json_array_append_new(c->events, e);
	return e;
}

void
agent_meta_copy(agent_call *c, const char *const *keys)
{
	for (; *keys; keys++) {
		json_t *v = json_object_get(c->payload, *keys);

		if (v && !json_is_null(v) && (json_is_string(v) || json_is_integer(v) ||
		    json_is_boolean(v)))
			json_object_set(c->meta, *keys, v);
	}
}

/* The field an action's text goes to. */
static const char *
text_field(const char *action)
{
	if (strcmp(action, "shell.exec") == 0)
		return "command";
	if (strcmp(action, "file.write") == 0 || strcmp(action, "file.edit") == 0)
		return "content";
	if (strcmp(action, "file.search") == 0 || strcmp(action, "web.search") == 0)
		return "query";
	if (strcmp(action, "web.fetch") == 0)
		return "url";
	if (strcmp(action, "agent.task") == 0 || strcmp(action, "prompt.submit") == 0)
		return "prompt";
	return NULL;
}

/* Shell-quote one word into b when it needs it. */
static void
put_word(vd_buf *b, const char *w)
{
	const char *p;

	if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:@%+,") == strlen(w)) {
		vd_buf_put(b, w, strlen(w));
		return;
	}
	vd_buf_put(b, "'", 1);
	for (p = w; *p; p++) {
		if (*p == '\'')
			vd_buf_put(b, "'\\''", 4);
		else
			vd_buf_put(b, p, 1);
	}
	vd_buf_put(b, "'", 1);
}

/*
 * A command as text.  Some agents send argv (["bash", "-lc", "ls"]): the
 * words are joined with shell quoting so that the engine's splitter sees
 * the same program and arguments, wrappers included.
 */
static json_t *
command_text(json_t *v)
{
	vd_buf b = VD_BUF_INIT;
	json_t *s;
	size_t i;

	if (json_is_string(v))
		return json_incref(v);
	if (!json_is_array(v))
		return NULL;
	for (i = 0; i < json_array_size(v); i++) {
		json_t *w = json_array_get(v, i);

		if (!json_is_string(w))
			continue;
		if (b.size)
			vd_buf_put(&b, " ", 1);
		put_word(&b, json_string_value(w));
	}
	s = json_string(b.ptr ? b.ptr : "");
	vd_buf_dispose(&b);
	return s;
}

/* dir joined onto cwd when relative; NULL when there is no dir. */
static json_t *
join_dir(const char *cwd, const char *dir)
{
	char *p;
	json_t *s;

	if (dir == NULL || *dir == '\0')
		return NULL;
	if (dir[0] == '/' || dir[0] == '~' || cwd == NULL)
		return json_string(dir);
	if (asprintf(&p, "%s/%s", cwd, dir) < 0)
		abort();
	s = json_string(p);
	free(p);
	return s;
}

static void
set_input(json_t *e, json_t *input)
{
	if (input && !json_is_null(input))
		json_object_set(e, "input", input);
}

/* One plain event from a table row. */
static json_t *
plain_event(agent_call *c, const agent_tool *t, json_t *input)
{
	json_t *e = agent_event_add(c, t->action), *v;
	const char *field = text_field(t->action);

	if (t->path && (v = member(input, t->path)) != NULL && json_is_string(v))
		json_object_set(e, "path", v);
	if (t->text && field && (v = member(input, t->text)) != NULL) {
		json_t *s = strcmp(field, "command") == 0 ? command_text(v) :
			json_is_string(v) ? json_incref(v) : NULL;

		if (s)
			json_object_set_new(e, field, s);
	}
	if (t->dir) {
		json_t *d = join_dir(c->cwd, agent_str(input, t->dir));

		/* A shell's directory is its cwd; a search's is what it searches. */
		if (d && strcmp(t->action, "shell.exec") == 0)
			json_object_set_new(e, "cwd", d);
		else if (d && json_object_get(e, "path") == NULL)
			json_object_set_new(e, "path", d);
		else
			json_decref(d);
	}
	set_input(e, input);
	return e;
}

/* ---- apply_patch ----------------------------------------------------- */

static bool
starts(const char *line, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(line, prefix, k) == 0;
}

/* The text after a marker, without trailing blanks. */
static json_t *
marker_arg(const char *line, size_t n, const char *marker)
{
	size_t k = strlen(marker);

	while (n > k && (line[n - 1] == ' ' || line[n - 1] == '\r' || line[n - 1] == '\t'))
		n--;
	return json_stringn(line + k, n - k);
}

/*
 * The file operations of a patch envelope (*** Begin Patch ... *** End
 * Patch): Add File is a write of the added lines, Update File an edit
 * (with Move to: the old file's delete and the new file's write), Delete
 * File a delete.  Everything else in the patch is context for the files.
 */
static int
patch_events(agent_call *c, const char *patch, json_t *input)
{
	const char *p = patch;
	json_t *cur = NULL;
	vd_buf added = VD_BUF_INIT;
	size_t before = json_array_size(c->events);

#define FLUSH() do { \
	if (cur && added.size) \
		json_object_set_new(cur, "content", json_stringn(added.ptr, added.size)); \
	vd_buf_clear(&added); \
	cur = NULL; \
} while (0)

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (starts(p, n, "*** Add File: ")) {
			FLUSH();
			cur = agent_event_add(c, "file.write");
			json_object_set_new(cur, "path", marker_arg(p, n, "*** Add File: "));
			set_input(cur, input);
		} else if (starts(p, n, "*** Update File: ")) {
			FLUSH();
			cur = agent_event_add(c, "file.edit");
			json_object_set_new(cur, "path", marker_arg(p, n, "*** Update File: "));
			set_input(cur, input);
		} else if (starts(p, n, "*** Move to: ") && cur) {
			/* A move deletes the old file and writes the new one. */
			json_object_set_new(cur, "action", json_string("file.delete"));
			cur = agent_event_add(c, "file.write");
			json_object_set_new(cur, "path", marker_arg(p, n, "*** Move to: "));
			set_input(cur, input);
		} else if (starts(p, n, "*** Delete File: ")) {
			FLUSH();
			json_object_set_new(agent_event_add(c, "file.delete"), "path",
				marker_arg(p, n, "*** Delete File: "));
			set_input(json_array_get(c->events, json_array_size(c->events) - 1), input);
		} else if (starts(p, n, "*** End Patch")) {
			FLUSH();
		} else if (cur && n > 0 && p[0] == '+') {
			vd_buf_put(&added, p + 1, n - 1);
			vd_buf_put(&added, "\n", 1);
		}
		p += n + (nl ? 1 : 0);
	}
	FLUSH();
#undef FLUSH
	vd_buf_dispose(&added);
	if (json_array_size(c->events) == before)
		return agent_error_set(VD_EINVALID, "the %s input holds no '*** Add File:', '*** Update File:' or "
			"'*** Delete File:' line; expected a patch envelope", c->tool ? c->tool : "patch");
	return 0;
}

/* The patch text of an apply_patch input: a string, or argv's last word. */
static const char *
patch_text(json_t *input, const char *keys)
{
	json_t *v = json_is_string(input) ? input : member(input, keys);

	if (json_is_array(v) && json_array_size(v) > 0)
		v = json_array_get(v, json_array_size(v) - 1);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- URLs in a prompt -------------------------------------------------- */

static bool
url_start(const char *p)
{
	return strncasecmp(p, "http://", 7) == 0 || strncasecmp(p, "https://", 8) == 0;
}

/* One web.fetch per URL in the text; one without a URL when there is none. */
static void
url_events(agent_call *c, const char *text, json_t *input)
{
	const char *p;
	size_t before = json_array_size(c->events);
	json_t *e;

	for (p = text; p && *p; p++) {
		const char *end;
		size_t n;

		if (!url_start(p) || (p > text && (isalnum((unsigned char)p[-1]))))
			continue;
		for (end = p; *end && !isspace((unsigned char)*end) && !strchr("\"'<>()[]{}`", *end); end++)
			;
		n = (size_t)(end - p);
		while (n > 0 && strchr(".,;:!?", p[n - 1]))
			n--;
		e = agent_event_add(c, "web.fetch");
		json_object_set_new(e, "url", json_stringn(p, n));
		json_object_set_new(e, "prompt", json_string(text));
		set_input(e, input);
		p = end - 1;
	}
	if (json_array_size(c->events) == before) {
		e = agent_event_add(c, "web.fetch");
		if (text)
			json_object_set_new(e, "prompt", json_string(text));
		set_input(e, input);
	}
}

/* ---- the table --------------------------------------------------------- */

json_t *
agent_event_mcp(agent_call *c, const char *server, const char *tool, json_t *input)
{
	json_t *e = agent_event_add(c, "mcp.call"), *m = json_object();

	if (server && *server)
		json_object_set_new(m, "server", json_string(server));
	if (tool && *tool)
		json_object_set_new(m, "tool", json_string(tool));
	json_object_set_new(e, "mcp", m);
	set_input(e, input);
	return e;
}

int
agent_event_tool(agent_call *c, const agent_tool *table, const char *tool, json_t *input)
{
	const agent_tool *t;

	if (tool == NULL || *tool == '\0')
		return agent_error_set(VD_EINVALID, "the payload names no tool (tool_name); expected the tool the agent is about to run");
	for (t = table; t->tool; t++)
		if (strcmp(t->tool, tool) == 0)
			break;
	if (t->tool == NULL) {
		set_input(agent_event_add(c, "tool.call"), input);
		return 0;
	}
	switch (t->special) {
	case TOOL_PATCH: {
		const char *patch = patch_text(input, t->text);

		if (patch == NULL)
			return agent_error_set(VD_EINVALID, "the %s input holds no patch text (%s); expected a patch envelope",
				tool, t->text);
		return patch_events(c, patch, input);
	}
	case TOOL_MANY_PATHS: {
		json_t *paths = member(input, t->path), *p;
		size_t i;

		if (!json_is_array(paths) || json_array_size(paths) == 0) {
			set_input(agent_event_add(c, t->action), input);
			return 0;
		}
		json_array_foreach(paths, i, p) {
			json_t *e = agent_event_add(c, t->action);

			if (json_is_string(p))
				json_object_set(e, "path", p);
			set_input(e, input);
		}
		return 0;
	}
	case TOOL_URLS:
		url_events(c, agent_str(input, t->text), input);
		return 0;
	case TOOL_PLAIN:
	default:
		plain_event(c, t, input);
		return 0;
	}
}

/* ---- answers ----------------------------------------------------------- */

void
agent_answer_json(agent_answer *a, json_t *o, int status)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (s) {
		vd_buf_put(&a->out, s, strlen(s));
		vd_buf_put(&a->out, "\n", 1);
		free(s);
	}
	json_decref(o);
	a->status = status;
}

void
agent_fail_exit2(agent_answer *a, const agent_call *call, const char *message)
{
	(void)call;
	vd_buf_printf(&a->err, "%s\n", message);
	a->status = 2;
	a->shown = true;
}
