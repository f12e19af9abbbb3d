/*
 * event.c - events from JSON: validation, normalization, derived fields.
 *
 * Layer: runtime.  The only place event JSON is interpreted.  Unknown keys
 * are ignored (agents add fields all the time); a known key with the wrong
 * type is an error that names it, because silently ignoring it would let a
 * malformed event pass a policy it should meet.
 */
#include "common.h"
#include "event.h"
#include "buf.h"
#include "path.h"
#include "shell.h"

#include <arpa/inet.h>
#include <ctype.h>

static int
type_error(const char *field, const char *want, json_t *v)
{
	const char *got;

	switch (json_typeof(v)) {
	case JSON_OBJECT: got = "an object"; break;
	case JSON_ARRAY: got = "an array"; break;
	case JSON_STRING: got = "a string"; break;
	case JSON_INTEGER: got = "an integer"; break;
	case JSON_REAL: got = "a number"; break;
	case JSON_TRUE: case JSON_FALSE: got = "a boolean"; break;
	default: got = "null"; break;
	}
	return vd__error_set(VD_EINVALID, "field '%s' must be %s, not %s", field, want, got);
}

static void
set_str(vd_val *v, const char *s, size_t n)
{
	v->kind = VD_VAL_STR;
	v->u.s = s;
	v->n = (uint32_t)n;
}

/* A string member, or absent.  null counts as absent. */
static int
get_string(json_t *obj, const char *key, const char *display, const char **out, size_t *len)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return type_error(display, "a string", v);
	*out = json_string_value(v);
	if (len)
		*len = json_string_length(v);
	return 0;
}

static int
string_field(vd_event *ev, json_t *obj, const char *key, const char *display, vd_field f)
{
	const char *s;
	size_t n;
	int rc = get_string(obj, key, display, &s, &n);

	if (rc == 0 && s)
		set_str(&ev->f[f], s, n);
	return rc;
}

static int
bool_field(vd_event *ev, json_t *obj, const char *key, const char *display, vd_field f)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return type_error(display, "true or false", v);
	ev->f[f].kind = VD_VAL_BOOL;
	ev->f[f].u.b = json_is_true(v);
	return 0;
}

static int
int_field(vd_event *ev, json_t *obj, const char *key, const char *display, vd_field f)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return type_error(display, "an integer", v);
	ev->f[f].kind = VD_VAL_INT;
	ev->f[f].u.i = json_integer_value(v);
	return 0;
}

static int
string_list(vd_event *ev, json_t *arr, const char *display, vd_val *out)
{
	size_t i, n;
	vd_val *items;

	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return type_error(display, "an array of strings", arr);
	n = json_array_size(arr);
	items = vd__arena_alloc(&ev->arena, sizeof(vd_val) * (n ? n : 1));
	for (i = 0; i < n; i++) {
		json_t *s = json_array_get(arr, i);

		if (!json_is_string(s)) {
			char name[128];

			snprintf(name, sizeof(name), "%s[%zu]", display, i);
			return type_error(name, "a string", s);
		}
		set_str(&items[i], json_string_value(s), json_string_length(s));
	}
	out->kind = VD_VAL_LIST;
	out->n = (uint32_t)n;
	out->u.items = items;
	return 0;
}

static vd_val *
new_col(vd_event *ev, vd_field f, size_t n)
{
	vd_val *col = vd__arena_calloc(&ev->arena, n ? n : 1, sizeof(vd_val));

	ev->f[f].kind = VD_VAL_COL;
	ev->f[f].n = (uint32_t)n;
	ev->f[f].u.items = col;
	return col;
}

static void
set_list(vd_arena *a, vd_val *v, const char *const *strs, size_t n)
{
	vd_val *items = vd__arena_alloc(a, sizeof(vd_val) * (n ? n : 1));
	size_t i;

	for (i = 0; i < n; i++)
		set_str(&items[i], strs[i], strlen(strs[i]));
	v->kind = VD_VAL_LIST;
	v->n = (uint32_t)n;
	v->u.items = items;
}

/*
 * The path fields of `ev` from a path as written, resolved against `cwd`
 * (NULL: the event's cwd).  Strings go to arena `a` (the parent's, for an
 * implied event).
 */
static void
derive_path(vd_event *ev, vd_arena *a, const char *raw, size_t len, const char *cwd)
{
	const char *p, *name, *rel;

	if (cwd == NULL)
		cwd = ev->f[VD_FIELD_CWD].kind == VD_VAL_STR ? ev->f[VD_FIELD_CWD].u.s : NULL;
	p = vd__path_normalize(a, raw, len, cwd, ev->home);
	name = vd__path_name(p);
	set_str(&ev->f[VD_FIELD_PATH], p, strlen(p));
	set_str(&ev->f[VD_FIELD_PATH_NAME], name, strlen(name));
	name = vd__path_ext(a, name);
	set_str(&ev->f[VD_FIELD_PATH_EXT], name, strlen(name));
	if (ev->root && (rel = vd__path_relative(a, p, ev->root)) != NULL)
		set_str(&ev->f[VD_FIELD_PATH_REPO], rel, strlen(rel));
}

static char *
lower_dup(vd_arena *a, const char *s, size_t n)
{
	char *d = vd__arena_strndup(a, s, n);
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = (char)tolower((unsigned char)d[i]);
	return d;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/*
 * Decode %XX escapes in place; when `unreserved_only`, only those that
 * decode to letters, digits and -._~ (which name the same resource either
 * way), so a path keeps %2F and friends.
 */
static void
percent_decode(char *s, bool unreserved_only)
{
	char *r = s, *w = s;

	while (*r) {
		int h, l;

		if (r[0] == '%' && (h = hexval(r[1])) >= 0 && (l = hexval(r[2])) >= 0) {
			char c = (char)(h * 16 + l);

			if (c != '\0' && (!unreserved_only || isalnum((unsigned char)c) || strchr("-._~", c))) {
				*w++ = c;
				r += 3;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/*
 * An IPv4 host in any form inet_aton accepts (2130706433, 0x7f.1,
 * 0177.0.0.1) is written back dotted-decimal, so 127.0.0.1 has one spelling.
 */
static char *
canonical_ipv4(vd_arena *a, char *h)
{
	struct in_addr in;
	unsigned char *b;

	if (*h == '\0' || strspn(h, "0123456789abcdefxABCDEFX.") != strlen(h) || !inet_aton(h, &in))
		return h;
	b = (unsigned char *)&in.s_addr;
	return vd__arena_printf(a, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/*
 * url.scheme, url.host and url.path from a URL as written.  Hosts are
 * lower-cased, percent-decoded, stripped of user info, port and trailing
 * dots, and IPv4 numbers are made dotted-decimal; `\` counts as `/` (as
 * browsers read it); a URL without a scheme ("example.com/x") has a host.
 */
static void
derive_url(vd_event *ev, vd_arena *a, const char *raw, size_t rawlen)
{
	char *u, *p, *end, *colon, *host, *hend, *at, *port, *h;
	size_t len;

	while (rawlen && isspace((unsigned char)*raw)) {
		raw++;
		rawlen--;
	}
	while (rawlen && isspace((unsigned char)raw[rawlen - 1]))
		rawlen--;
	u = vd__arena_strndup(a, raw, rawlen);
	len = strlen(u);
	end = u + len;
	for (p = u; p < end && *p != '?' && *p != '#'; p++)
		if (*p == '\\')
			*p = '/';
	p = u;
	colon = strchr(u, ':');
	if (colon && colon + 2 < end && colon[1] == '/' && colon[2] == '/' &&
	    strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == (size_t)(colon - u)) {
		char *scheme = lower_dup(a, u, (size_t)(colon - u));

		set_str(&ev->f[VD_FIELD_URL_SCHEME], scheme, strlen(scheme));
		p = colon + 3;
	} else if (len >= 2 && u[0] == '/' && u[1] == '/') {
		p = u + 2;
	}
	while (p < end && *p == '/')
		p++;   /* https:///host is https://host to a browser */
	host = p;
	hend = host;
	while (hend < end && *hend != '/' && *hend != '?' && *hend != '#')
		hend++;
	/* user:pass@host -- the host is after the last '@' of the authority. */
	for (at = hend; at > host; at--)
		if (at[-1] == '@') {
			host = at;
			break;
		}
	port = host;
	if (*host == '[') {
		char *rb = memchr(host, ']', (size_t)(hend - host));

		port = rb ? rb + 1 : hend;
	}
	while (port < hend && *port != ':')
		port++;
	h = lower_dup(a, host, (size_t)(port - host));
	percent_decode(h, false);
	for (p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* A trailing dot names the same host: "evil.com." is "evil.com". */
	while (*h && h[strlen(h) - 1] == '.')
		h[strlen(h) - 1] = '\0';
	h = canonical_ipv4(a, h);
	set_str(&ev->f[VD_FIELD_URL_HOST], h, strlen(h));
	{
		char *q = hend, *path;

		while (q < end && *q != '?' && *q != '#')
			q++;
		if (q > hend) {
			path = vd__arena_strndup(a, hend, (size_t)(q - hend));
			percent_decode(path, true);
			set_str(&ev->f[VD_FIELD_URL_PATH], path, strlen(path));
		} else {
			set_str(&ev->f[VD_FIELD_URL_PATH], "/", 1);
		}
	}
}

/* Fields an implied event shares with the event it comes from. */
static const vd_field context_fields[] = {
	VD_FIELD_ID, VD_FIELD_TIME, VD_FIELD_USER, VD_FIELD_GROUPS, VD_FIELD_REPO,
	VD_FIELD_BRANCH, VD_FIELD_SESSION, VD_FIELD_SURFACE, VD_FIELD_TOOL,
	VD_FIELD_COMMAND_LINE,
};

static const vd_action imply_actions[] = {
	[VD_IMPLY_READ] = VD_ACTION_FILE_READ, [VD_IMPLY_WRITE] = VD_ACTION_FILE_WRITE,
	[VD_IMPLY_EDIT] = VD_ACTION_FILE_EDIT, [VD_IMPLY_DELETE] = VD_ACTION_FILE_DELETE,
	[VD_IMPLY_FETCH] = VD_ACTION_WEB_FETCH,
};

/*
 * One implied event: the parent's context, the simple command it comes
 * from as its only command (so `command.name` still reads "rm"), and the
 * path or URL, resolved in the directory the command runs in.
 */
static void
build_implied(vd_event *ev, vd_event *d, const vd_simple_command *cmd, uint32_t ci,
	const vd_implied *im)
{
	vd_arena *a = &ev->arena;
	const char *cwd = ev->f[VD_FIELD_CWD].kind == VD_VAL_STR ? ev->f[VD_FIELD_CWD].u.s : NULL;

	vd__event_imply(d, ev, ci);
	d->action = imply_actions[im->kind];
	set_str(&d->f[VD_FIELD_ACTION], vd__action_names[d->action], strlen(vd__action_names[d->action]));
	if (cmd->cwd[0]) {
		cwd = vd__path_normalize(a, cmd->cwd, strlen(cmd->cwd), cwd, ev->home);
		set_str(&d->f[VD_FIELD_CWD], cwd, strlen(cwd));
	} else {
		d->f[VD_FIELD_CWD] = ev->f[VD_FIELD_CWD];
	}
	if (im->kind == VD_IMPLY_FETCH) {
		set_str(&d->f[VD_FIELD_URL], im->target, strlen(im->target));
		derive_url(d, a, im->target, strlen(im->target));
	} else {
		derive_path(d, a, im->target, strlen(im->target), cwd);
	}
	if (im->redirect)
		d->origin = vd__arena_printf(a, "%s%s%s %s", cmd->text, cmd->text[0] ? " " : "",
			im->redirect, im->target);
	else
		d->origin = cmd->text;
	vd__event_present(d, d->present);
	d->subject = vd__event_subject(d, a);
}

void
vd__event_imply(vd_event *d, const vd_event *ev, uint32_t ci)
{
	size_t k;
	int f;

	memset(d, 0, sizeof(*d));
	d->parent = ev;
	d->json = ev->json;        /* borrowed */
	d->home = ev->home;
	d->root = ev->root;
	for (k = 0; k < VD_ARRAY_SIZE(context_fields); k++)
		d->f[context_fields[k]] = ev->f[context_fields[k]];
	d->n[VD_GROUP_CMD] = 1;
	for (f = 0; f < VD_FIELD__COUNT; f++)
		if (vd__fields[f].group == VD_GROUP_CMD && ev->f[f].kind == VD_VAL_COL &&
		    ci < ev->f[f].n) {
			d->f[f].kind = VD_VAL_COL;
			d->f[f].n = 1;
			d->f[f].u.items = &ev->f[f].u.items[ci];
		}
}

static int
derive_commands(vd_event *ev)
{
	vd_simple_command *cmds;
	vd_val *text, *name, *argv, *flags, *redir, *wraps, *input, *env;
	size_t n, i, nimplied = 0;
	uint32_t k;
	int rc;

	if (ev->f[VD_FIELD_COMMAND_LINE].kind != VD_VAL_STR)
		return 0;
	if ((rc = vd__shell_split(&ev->arena, ev->f[VD_FIELD_COMMAND_LINE].u.s,
	    ev->f[VD_FIELD_COMMAND_LINE].n, &cmds, &n)) < 0)
		return vd__error_prefix("field 'command'");
	ev->n[VD_GROUP_CMD] = (uint32_t)n;
	text = new_col(ev, VD_FIELD_COMMAND, n);
	name = new_col(ev, VD_FIELD_COMMAND_NAME, n);
	argv = new_col(ev, VD_FIELD_COMMAND_ARGV, n);
	flags = new_col(ev, VD_FIELD_COMMAND_FLAGS, n);
	redir = new_col(ev, VD_FIELD_COMMAND_REDIRECTS, n);
	wraps = new_col(ev, VD_FIELD_COMMAND_WRAPPERS, n);
	input = new_col(ev, VD_FIELD_COMMAND_INPUT, n);
	env = new_col(ev, VD_FIELD_COMMAND_ENV, n);
	for (i = 0; i < n; i++) {
		set_str(&text[i], cmds[i].text, strlen(cmds[i].text));
		set_str(&name[i], cmds[i].name, strlen(cmds[i].name));
		set_list(&ev->arena, &argv[i], cmds[i].argv, cmds[i].argc);
		set_list(&ev->arena, &flags[i], cmds[i].flags, cmds[i].nflags);
		set_list(&ev->arena, &redir[i], cmds[i].redirects, cmds[i].nredirects);
		set_list(&ev->arena, &wraps[i], cmds[i].wrappers, cmds[i].nwrappers);
		set_list(&ev->arena, &input[i], cmds[i].input, cmds[i].ninput);
		set_list(&ev->arena, &env[i], cmds[i].env, cmds[i].nenv);
		nimplied += cmds[i].nimplied;
	}
	if (nimplied == 0)
		return 0;
	ev->implied = vd__arena_calloc(&ev->arena, nimplied, sizeof(vd_event));
	for (i = 0; i < n; i++)
		for (k = 0; k < cmds[i].nimplied; k++)
			build_implied(ev, &ev->implied[ev->nimplied++], &cmds[i], (uint32_t)i,
				&cmds[i].implied[k]);
	return 0;
}

/*
 * The user's home directory when the event does not say: the /home/<u> or
 * /Users/<u> the working directory lies in, else /home/<user>.
 */
static const char *
infer_home(vd_event *ev, const char *cwd)
{
	static const char *const bases[] = { "/home/", "/Users/" };
	size_t i;

	for (i = 0; cwd && i < VD_ARRAY_SIZE(bases); i++) {
		size_t n = strlen(bases[i]);
		const char *slash;

		if (strncmp(cwd, bases[i], n) != 0 || cwd[n] == '\0' || cwd[n] == '/')
			continue;
		slash = strchr(cwd + n, '/');
		return vd__arena_strndup(&ev->arena, cwd, slash ? (size_t)(slash - cwd) : strlen(cwd));
	}
	if (ev->f[VD_FIELD_USER].kind == VD_VAL_STR && ev->f[VD_FIELD_USER].n &&
	    !strchr(ev->f[VD_FIELD_USER].u.s, '/'))
		return vd__arena_printf(&ev->arena, "/home/%s", ev->f[VD_FIELD_USER].u.s);
	return NULL;
}

static int
parse_person(vd_event *ev, json_t *c, const char *key, vd_field name, vd_field email)
{
	json_t *p = json_object_get(c, key);
	char d1[64], d2[64];
	int rc;

	if (p == NULL || json_is_null(p))
		return 0;
	if (!json_is_object(p)) {
		snprintf(d1, sizeof(d1), "commit.%s", key);
		return type_error(d1, "an object with name and email", p);
	}
	snprintf(d1, sizeof(d1), "commit.%s.name", key);
	snprintf(d2, sizeof(d2), "commit.%s.email", key);
	if ((rc = string_field(ev, p, "name", d1, name)) < 0 ||
	    (rc = string_field(ev, p, "email", d2, email)) < 0)
		return rc;
	return 0;
}

static int
parse_commit(vd_event *ev, json_t *c)
{
	int rc;

	if (c == NULL || json_is_null(c))
		return 0;
	if (!json_is_object(c))
		return type_error("commit", "an object", c);
	if ((rc = string_field(ev, c, "id", "commit.id", VD_FIELD_COMMIT_ID)) < 0 ||
	    (rc = string_field(ev, c, "message", "commit.message", VD_FIELD_COMMIT_MESSAGE)) < 0 ||
	    (rc = parse_person(ev, c, "author", VD_FIELD_COMMIT_AUTHOR_NAME, VD_FIELD_COMMIT_AUTHOR_EMAIL)) < 0 ||
	    (rc = parse_person(ev, c, "committer", VD_FIELD_COMMIT_COMMITTER_NAME, VD_FIELD_COMMIT_COMMITTER_EMAIL)) < 0 ||
	    (rc = bool_field(ev, c, "signed", "commit.signed", VD_FIELD_COMMIT_SIGNED)) < 0 ||
	    (rc = int_field(ev, c, "parents", "commit.parents", VD_FIELD_COMMIT_PARENTS)) < 0)
		return rc;
	return 0;
}

static int
parse_files(vd_event *ev, json_t *arr)
{
	vd_val *path, *old, *status, *mode, *size, *binary, *added;
	size_t n, i;
	int rc;

	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return type_error("files", "an array of objects", arr);
	n = json_array_size(arr);
	ev->n[VD_GROUP_FILE] = (uint32_t)n;
	path = new_col(ev, VD_FIELD_FILES_PATH, n);
	old = new_col(ev, VD_FIELD_FILES_OLD_PATH, n);
	status = new_col(ev, VD_FIELD_FILES_STATUS, n);
	mode = new_col(ev, VD_FIELD_FILES_MODE, n);
	size = new_col(ev, VD_FIELD_FILES_SIZE, n);
	binary = new_col(ev, VD_FIELD_FILES_BINARY, n);
	added = new_col(ev, VD_FIELD_DIFF_ADDED, n);
	for (i = 0; i < n; i++) {
		json_t *f = json_array_get(arr, i), *v;
		char d[64];
		const char *s;
		size_t len;

		if (!json_is_object(f)) {
			snprintf(d, sizeof(d), "files[%zu]", i);
			return type_error(d, "an object", f);
		}
#define STR_MEMBER(key, col) do { \
		snprintf(d, sizeof(d), "files[%zu].%s", i, key); \
		if ((rc = get_string(f, key, d, &s, &len)) < 0) return rc; \
		if (s) set_str(&col[i], s, len); \
	} while (0)
		STR_MEMBER("path", path);
		STR_MEMBER("old_path", old);
		STR_MEMBER("status", status);
		STR_MEMBER("mode", mode);
#undef STR_MEMBER
		v = json_object_get(f, "size");
		if (v && !json_is_null(v)) {
			snprintf(d, sizeof(d), "files[%zu].size", i);
			if (!json_is_integer(v))
				return type_error(d, "an integer", v);
			size[i].kind = VD_VAL_INT;
			size[i].u.i = json_integer_value(v);
		}
		v = json_object_get(f, "binary");
		if (v && !json_is_null(v)) {
			snprintf(d, sizeof(d), "files[%zu].binary", i);
			if (!json_is_boolean(v))
				return type_error(d, "true or false", v);
			binary[i].kind = VD_VAL_BOOL;
			binary[i].u.b = json_is_true(v);
		}
		snprintf(d, sizeof(d), "files[%zu].added", i);
		if ((rc = string_list(ev, json_object_get(f, "added"), d, &added[i])) < 0)
			return rc;
	}
	return 0;
}

static int
parse_push(vd_event *ev, json_t *p)
{
	int rc;

	if (p == NULL || json_is_null(p))
		return 0;
	if (!json_is_object(p))
		return type_error("push", "an object", p);
	if ((rc = string_field(ev, p, "ref", "push.ref", VD_FIELD_PUSH_REF)) < 0 ||
	    (rc = bool_field(ev, p, "force", "push.force", VD_FIELD_PUSH_FORCE)) < 0 ||
	    (rc = bool_field(ev, p, "delete", "push.delete", VD_FIELD_PUSH_DELETE)) < 0 ||
	    (rc = bool_field(ev, p, "create", "push.create", VD_FIELD_PUSH_CREATE)) < 0)
		return rc;
	return 0;
}

/* Top-level string keys that map straight onto a field. */
static const struct {
	const char *key;
	vd_field field;
} plain_strings[] = {
	{ "id", VD_FIELD_ID }, { "time", VD_FIELD_TIME }, { "user", VD_FIELD_USER },
	{ "repo", VD_FIELD_REPO }, { "branch", VD_FIELD_BRANCH },
	{ "session", VD_FIELD_SESSION }, { "surface", VD_FIELD_SURFACE },
	{ "tool", VD_FIELD_TOOL }, { "command", VD_FIELD_COMMAND_LINE },
	{ "url", VD_FIELD_URL }, { "query", VD_FIELD_QUERY },
	{ "content", VD_FIELD_CONTENT }, { "prompt", VD_FIELD_PROMPT },
};

static int
build(vd_event *ev, json_t *obj)
{
	const char *s, *path;
	size_t n, plen, i;
	json_t *mcp;
	int rc, a;

	if ((rc = get_string(obj, "action", "action", &s, &n)) < 0)
		return rc;
	if (s == NULL)
		return vd__error_set(VD_EINVALID,
			"missing field 'action'; expected one of shell.exec, file.read, file.write, file.edit, file.delete, file.search, mcp.call, web.fetch, web.search, prompt.submit, agent.task, session.start, session.end, git.commit, git.push, tool.call");
	if ((a = vd__action_lookup(s, n)) < 0) {
		vd_buf b = VD_BUF_INIT;
		int k;

		for (k = 0; k < VD_ACTION__COUNT; k++)
			vd__buf_printf(&b, "%s%s", k ? ", " : "", vd__action_names[k]);
		rc = vd__error_set(VD_EINVALID, "unknown action '%.*s' in field 'action'; expected one of %s",
			(int)(n > 64 ? 64 : n), s, b.ptr);
		vd_buf_dispose(&b);
		return rc;
	}
	ev->action = (vd_action)a;
	set_str(&ev->f[VD_FIELD_ACTION], vd__action_names[a], strlen(vd__action_names[a]));

	for (i = 0; i < VD_ARRAY_SIZE(plain_strings); i++)
		if ((rc = string_field(ev, obj, plain_strings[i].key, plain_strings[i].key,
		    plain_strings[i].field)) < 0)
			return rc;
	if ((rc = get_string(obj, "home", "home", &ev->home, NULL)) < 0 ||
	    (rc = get_string(obj, "root", "root", &ev->root, NULL)) < 0 ||
	    (rc = get_string(obj, "cwd", "cwd", &s, &n)) < 0)
		return rc;
	if (ev->home == NULL || *ev->home == '\0')
		ev->home = infer_home(ev, s && *s == '/' ? s : NULL);
	if (s) {
		/* cwd itself is normalized, so relative paths resolve against a clean base. */
		const char *c = vd__path_normalize(&ev->arena, s, n, "/", ev->home);

		set_str(&ev->f[VD_FIELD_CWD], c, strlen(c));
	}
	if (ev->root)
		ev->root = vd__path_normalize(&ev->arena, ev->root, strlen(ev->root),
			ev->f[VD_FIELD_CWD].kind ? ev->f[VD_FIELD_CWD].u.s : "/", ev->home);
	if ((rc = string_list(ev, json_object_get(obj, "groups"), "groups", &ev->f[VD_FIELD_GROUPS])) < 0)
		return rc;

	mcp = json_object_get(obj, "mcp");
	if (mcp && !json_is_null(mcp)) {
		if (!json_is_object(mcp))
			return type_error("mcp", "an object with server and tool", mcp);
		if ((rc = string_field(ev, mcp, "server", "mcp.server", VD_FIELD_MCP_SERVER)) < 0 ||
		    (rc = string_field(ev, mcp, "tool", "mcp.tool", VD_FIELD_MCP_TOOL)) < 0)
			return rc;
	}
	if ((rc = parse_commit(ev, json_object_get(obj, "commit"))) < 0 ||
	    (rc = parse_files(ev, json_object_get(obj, "files"))) < 0 ||
	    (rc = parse_push(ev, json_object_get(obj, "push"))) < 0)
		return rc;

	if ((rc = get_string(obj, "path", "path", &path, &plen)) < 0)
		return rc;
	if (path && plen)
		derive_path(ev, &ev->arena, path, plen, NULL);
	if (ev->f[VD_FIELD_URL].kind == VD_VAL_STR)
		derive_url(ev, &ev->arena, ev->f[VD_FIELD_URL].u.s, ev->f[VD_FIELD_URL].n);
	if ((rc = derive_commands(ev)) < 0)
		return rc;
	vd__event_finish(ev);
	return 0;
}

void
vd__event_present(const vd_event *ev, uint64_t *out)
{
	int i;

	memset(out, 0, sizeof(ev->present));
	for (i = 0; i < VD_FIELD__COUNT; i++) {
		const vd_val *v = &ev->f[i];

		/* A group field with no element (an empty command line) has no value. */
		if (v->kind != VD_VAL_NONE && (v->kind != VD_VAL_COL || v->n > 0))
			out[i / 64] |= 1ull << (i % 64);
	}
}

void
vd__event_finish(vd_event *ev)
{
	vd__event_present(ev, ev->present);
	ev->subject = vd__event_subject(ev, &ev->arena);
}

int
vd__event_from_json(vd_event **out, json_t *obj)
{
	vd_event *ev;
	int rc;

	*out = NULL;
	if (!json_is_object(obj))
		return vd__error_set(VD_EINVALID, "an event must be a JSON object, not %s",
			json_is_array(obj) ? "an array" : json_is_string(obj) ? "a string" :
			json_is_null(obj) ? "null" : "a scalar");
	ev = vd__calloc(1, sizeof(*ev));
	/*
	 * Derived values are a few hundred bytes: a small first block keeps a
	 * replay's many parsed events dense in memory (the evaluator is bound
	 * by the cache lines it touches).
	 */
	ev->arena.block_size = 512;
	ev->json = json_incref(obj);
	if ((rc = build(ev, obj)) < 0) {
		vd_event_free(ev);
		return rc;
	}
	*out = ev;
	return 0;
}

int
vd_event_parse(vd_event **out, const char *text, size_t len)
{
	json_error_t err;
	json_t *obj;
	size_t blank = 0;
	int rc;

	VD_ASSERT_ARG(out && (text || len == 0));
	*out = NULL;
	if (len > VD_MAX_EVENT)
		return vd__error_set(VD_ELIMIT, "event is %zu bytes; the limit is %d bytes",
			len, VD_MAX_EVENT);
	/* The text need not be NUL-terminated: look at len bytes, no more. */
	while (blank < len && (text[blank] == ' ' || text[blank] == '\t' ||
	    text[blank] == '\r' || text[blank] == '\n'))
		blank++;
	if (blank == len)
		return vd__error_set(VD_EINVALID, "empty input; expected one JSON object with at least an 'action'");
	obj = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (obj == NULL)
		return vd__error_set(VD_EINVALID, "event is not valid JSON: %s at line %d, column %d",
			err.text, err.line, err.column);
	rc = vd__event_from_json(out, obj);
	json_decref(obj);
	if (rc == 0) {
		/* Kept for the audit log, which stores the event as it came. */
		while (len > 0 && strchr(" \t\r\n", text[len - 1]))
			len--;
		while (len > 0 && strchr(" \t\r\n", *text))
			text++, len--;
		(*out)->text = vd__arena_strndup(&(*out)->arena, text, len);
		(*out)->text_len = len;
	}
	return rc;
}

static void
to_val(json_t *j, vd_val *v, vd_arena *a)
{
	memset(v, 0, sizeof(*v));
	if (json_is_string(j)) {
		set_str(v, json_string_value(j), json_string_length(j));
	} else if (json_is_integer(j)) {
		v->kind = VD_VAL_INT;
		v->u.i = json_integer_value(j);
	} else if (json_is_boolean(j)) {
		v->kind = VD_VAL_BOOL;
		v->u.b = json_is_true(j);
	} else if (json_is_array(j)) {
		size_t i, n = json_array_size(j), k = 0;
		vd_val *items = vd__arena_alloc(a, sizeof(vd_val) * (n ? n : 1));

		for (i = 0; i < n; i++) {
			json_t *e = json_array_get(j, i);

			if (json_is_string(e))
				set_str(&items[k++], json_string_value(e), json_string_length(e));
		}
		v->kind = VD_VAL_LIST;
		v->n = (uint32_t)k;
		v->u.items = items;
	}
}

json_t *
vd__event_input_object(const vd_event *ev)
{
	vd_event *cache = (vd_event *)ev;   /* parsed once, on first use */

	/* An implied event reads its parent's input: it owns nothing. */
	if (ev->parent)
		return vd__event_input_object(ev->parent);
	if (ev->json)
		return json_object_get(ev->json, "input");
	if (ev->input == NULL && ev->input_text)
		cache->input = json_loadb(ev->input_text, ev->input_len, 0, NULL);
	return ev->input;
}

bool
vd__event_input(const vd_event *ev, const char *key, vd_val *scratch, vd_arena *a)
{
	json_t *j = vd__event_input_object(ev);
	const char *p = key;

	while (j && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (!json_is_object(j))
			return false;
		j = json_object_getn(j, p, n);
		p += n + (dot ? 1 : 0);
	}
	if (j == NULL)
		return false;
	to_val(j, scratch, a);
	return scratch->kind != VD_VAL_NONE;
}

const char *
vd__event_subject(const vd_event *ev, vd_arena *a)
{
	const vd_val *f = ev->f;

	if (ev->subject)
		return ev->subject;
	switch (ev->action) {
	case VD_ACTION_SHELL_EXEC:
		return f[VD_FIELD_COMMAND_LINE].kind ? f[VD_FIELD_COMMAND_LINE].u.s : NULL;
	case VD_ACTION_WEB_FETCH:
		return f[VD_FIELD_URL].kind ? f[VD_FIELD_URL].u.s : NULL;
	case VD_ACTION_WEB_SEARCH:
	case VD_ACTION_FILE_SEARCH:
		if (f[VD_FIELD_QUERY].kind)
			return f[VD_FIELD_QUERY].u.s;
		break;
	case VD_ACTION_MCP_CALL:
		if (f[VD_FIELD_MCP_SERVER].kind && f[VD_FIELD_MCP_TOOL].kind)
			return vd__arena_printf(a, "%s/%s", f[VD_FIELD_MCP_SERVER].u.s, f[VD_FIELD_MCP_TOOL].u.s);
		break;
	case VD_ACTION_PROMPT_SUBMIT:
	case VD_ACTION_AGENT_TASK:
		if (f[VD_FIELD_PROMPT].kind) {
			size_t n = f[VD_FIELD_PROMPT].n;

			/* Prompts are long and private: a short excerpt is enough. */
			return n > 60 ? vd__arena_printf(a, "%.60s...", f[VD_FIELD_PROMPT].u.s) :
				f[VD_FIELD_PROMPT].u.s;
		}
		break;
	case VD_ACTION_GIT_COMMIT:
		if (f[VD_FIELD_COMMIT_ID].kind)
			return vd__arena_printf(a, "commit %.12s", f[VD_FIELD_COMMIT_ID].u.s);
		break;
	case VD_ACTION_GIT_PUSH:
		if (f[VD_FIELD_PUSH_REF].kind)
			return f[VD_FIELD_PUSH_REF].u.s;
		break;
	case VD_ACTION_TOOL_CALL:
		if (f[VD_FIELD_TOOL].kind)
			return f[VD_FIELD_TOOL].u.s;
		break;
	default:
		break;
	}
	return f[VD_FIELD_PATH].kind ? f[VD_FIELD_PATH].u.s : NULL;
}

const char *
vd_event_action(const vd_event *ev)
{
	return ev ? vd__action_names[ev->action] : NULL;
}

static json_t *
val_json(const vd_val *v)
{
	size_t i;
	json_t *arr;

	switch (v->kind) {
	case VD_VAL_STR: return json_stringn(v->u.s, v->n);
	case VD_VAL_INT: return json_integer(v->u.i);
	case VD_VAL_BOOL: return json_boolean(v->u.b);
	case VD_VAL_LIST:
	case VD_VAL_COL:
		arr = json_array();
		for (i = 0; i < v->n; i++)
			json_array_append_new(arr, val_json(&v->u.items[i]));
		return arr;
	default:
		return json_null();
	}
}

int
vd_event_to_json(vd_buf *out, const vd_event *ev)
{
	json_t *o, *derived;
	char *s;
	int i;

	VD_ASSERT_ARG(out && ev);
	if (ev->json) {
		o = json_deep_copy(ev->json);              /* new */
	} else {
		/* Rebuilt from a stored form: the fields below and the input. */
		o = json_object();                         /* new */
		json_object_set_new(o, "action", json_string(vd__action_names[ev->action]));
		if (vd__event_input_object(ev))
			json_object_set(o, "input", vd__event_input_object(ev));
	}
	derived = json_object();                            /* new */
	for (i = 0; i < VD_FIELD__COUNT; i++)
		if (ev->f[i].kind != VD_VAL_NONE)
			json_object_set_new(derived, vd__fields[i].name, val_json(&ev->f[i]));
	if (ev->nimplied) {
		json_t *arr = json_array();
		uint32_t k;

		for (k = 0; k < ev->nimplied; k++) {
			const vd_event *d = &ev->implied[k];
			json_t *j = json_object();

			json_object_set_new(j, "action", json_string(vd__action_names[d->action]));
			if (d->f[VD_FIELD_PATH].kind == VD_VAL_STR)
				json_object_set_new(j, "path", val_json(&d->f[VD_FIELD_PATH]));
			if (d->f[VD_FIELD_URL_HOST].kind == VD_VAL_STR) {
				json_object_set_new(j, "url", val_json(&d->f[VD_FIELD_URL]));
				json_object_set_new(j, "url.host", val_json(&d->f[VD_FIELD_URL_HOST]));
			}
			json_object_set_new(j, "origin", json_string(d->origin));
			json_array_append_new(arr, j);
		}
		json_object_set_new(derived, "implied", arr);
	}
	json_object_set_new(o, "derived", derived);         /* steals */
	s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (s == NULL)
		return vd__error_set(VD_ERROR, "event does not serialize to JSON");
	vd__buf_puts(out, s);
	free(s);
	return 0;
}

void
vd_event_free(vd_event *ev)
{
	if (ev == NULL)
		return;
	json_decref(ev->json);
	json_decref(ev->input);
	vd__arena_dispose(&ev->arena);
	vd__free(ev);
}

int
vd_event_from_json(vd_event **out, struct json_t *obj)
{
	VD_ASSERT_ARG(out && obj);
	*out = NULL;
	return vd__event_from_json(out, obj);
}

const char *
vd_event_get(const vd_event *ev, const char *name)
{
	int f;

	if (ev == NULL || name == NULL || (f = vd__field_lookup(name, strlen(name))) < 0)
		return NULL;
	return ev->f[f].kind == VD_VAL_STR ? ev->f[f].u.s : NULL;
}

const char *
vd_event_subject(const vd_event *ev)
{
	/* Parsing and rebuilding both set it (vd__event_finish). */
	return ev ? ev->subject : NULL;
}
