/*
 * gitevent.c - commits, staged changes, commit messages and ref updates as
 * `git.commit` and `git.push` events.
 *
 * Layer: runtime.  Everything comes from the object database through
 * libgit2 (never a `git` subprocess): the commit's metadata, its files
 * against the first parent with renames detected, each file's mode, size
 * (from the object header, without inflating the blob), whether it is
 * binary, and the lines its diff adds.  The event is built as JSON and
 * goes through the same normalization as any other event, so a recorded
 * git event replays exactly like an agent's.
 *
 * Work is bounded: content is diffed only for files up to
 * VD_GIT_MAX_DIFF_BYTES, and one event holds at most
 * VD_GIT_MAX_ADDED_BYTES of added lines.  Sizes are always reported.
 * Text that is not valid UTF-8 (old encodings, stray bytes) is repaired
 * with U+FFFD so that JSON and PCRE2 see valid text and a secret next to a
 * bad byte is still matched.
 */
#include "common.h"
#include "git.h"
#include "buf.h"
#include "clock.h"
#include "event.h"

#include <jansson.h>
#include <pwd.h>
#include <unistd.h>

/* ---- text ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (as jansson validates), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* A JSON string of arbitrary bytes: invalid UTF-8 becomes U+FFFD. */
static json_t *
jstr(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	vd_buf b = VD_BUF_INIT;
	size_t i = 0;

	if (j)
		return j;
	while (i < n) {
		size_t k = utf8_seq((const unsigned char *)s + i, n - i);

		if (k) {
			vd__buf_put(&b, s + i, k);
			i += k;
		} else {
			vd__buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		}
	}
	j = json_stringn(vd__buf_cstr(&b), b.size);
	vd_buf_dispose(&b);
	return j ? j : json_string("");
}

static void
set_str(json_t *o, const char *key, const char *s)
{
	if (s)
		json_object_set_new(o, key, jstr(s, strlen(s)));
}

/* ---- who, where, when -------------------------------------------------- */

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* "git@host:acme/api.git", "https://host/acme/api", "/srv/acme/api.git" -> "acme/api". */
static char *
repo_from_url(const char *url)
{
	const char *end = url + strlen(url), *a, *b;
	char *r;

	while (end > url && end[-1] == '/')
		end--;
	if (end - url > 4 && memcmp(end - 4, ".git", 4) == 0)
		end -= 4;
	for (b = end; b > url && b[-1] != '/' && b[-1] != ':'; b--)
		;
	if (b == end)
		return NULL;
	a = b;
	if (a > url && a[-1] == '/') {
		for (a = b - 1; a > url && a[-1] != '/' && a[-1] != ':'; a--)
			;
		/* "https://host/api": the host is not an owner; "../api": nor is "..". */
		if ((a > url + 1 && a[-1] == '/' && a[-2] == '/') || b - a == 1 ||
		    (b - a == 2 && a[0] == '.') || (b - a == 3 && a[0] == '.' && a[1] == '.'))
			a = b;
	}
	r = vd__strndup(a, (size_t)(end - a));
	return r;
}

static void
identity(vd_git *g)
{
	static const char *const users[] = {
		"VERDICT_USER", "GL_USERNAME", "GITHUB_USER_LOGIN", "REMOTE_USER", "USER", "LOGNAME",
	};
	vd_buf v = VD_BUF_INIT;
	size_t i;

	if (g->identity_done)
		return;
	g->identity_done = true;
	for (i = 0; i < VD_ARRAY_SIZE(users) && g->user == NULL; i++)
		if (env(users[i]))
			g->user = vd__strdup(env(users[i]));
	if (g->user == NULL) {
		struct passwd *pw = getpwuid(geteuid());

		if (pw && pw->pw_name && *pw->pw_name)
			g->user = vd__strdup(pw->pw_name);
	}
	if (env("VERDICT_REPO_NAME"))
		g->repo_name = vd__strdup(env("VERDICT_REPO_NAME"));
	else if (vd_git_config_get(&v, g, "verdict.repo") == 0 && v.size)
		g->repo_name = vd__strdup(v.ptr);
	else if (env("GL_PROJECT_PATH"))
		g->repo_name = vd__strdup(env("GL_PROJECT_PATH"));
	else if (env("GITHUB_REPO_NAME"))
		g->repo_name = vd__strdup(env("GITHUB_REPO_NAME"));
	else if (vd_git_config_get(&v, g, "remote.origin.url") == 0 && v.size)
		g->repo_name = repo_from_url(v.ptr);
	if (g->repo_name == NULL) {
		/* The directory: the work tree, or the bare repository. */
		vd__buf_clear(&v);
		vd__buf_puts(&v, g->workdir ? g->workdir : g->path);
		g->repo_name = repo_from_url(v.ptr);
	}
	vd_buf_dispose(&v);
	vd_error_clear();
}

static void
groups(json_t *o, const vd_git_event_options *opts)
{
	const char *s = env("VERDICT_GROUPS");
	json_t *arr;
	size_t i;

	if (opts->ngroups) {
		arr = json_array();
		for (i = 0; i < opts->ngroups; i++)
			if (opts->groups[i] && *opts->groups[i])
				json_array_append_new(arr, jstr(opts->groups[i], strlen(opts->groups[i])));
		json_object_set_new(o, "groups", arr);
		return;
	}
	if (s == NULL)
		return;
	arr = json_array();
	while (*s) {
		size_t n = strcspn(s, ", ");

		if (n)
			json_array_append_new(arr, jstr(s, n));
		s += n;
		s += strspn(s, ", ");
	}
	json_object_set_new(o, "groups", arr);
}

static json_t *
event_new(vd_git *g, const vd_git_event_options *opts, const char *action)
{
	static unsigned seq;
	json_t *o = json_object();
	char id[96], when[64];
	int64_t now = vd__now_ms();

	identity(g);
	snprintf(id, sizeof(id), "git-%" PRIx64 "-%x-%u", (uint64_t)now, (unsigned)getpid(), seq++);
	vd__time_format_ms(when, now);
	set_str(o, "id", id);
	set_str(o, "time", when);
	set_str(o, "action", action);
	set_str(o, "surface", "git");
	set_str(o, "tool", opts->tool);
	set_str(o, "user", opts->user ? opts->user : g->user);
	set_str(o, "repo", opts->repo ? opts->repo : g->repo_name);
	set_str(o, "session", opts->session);
	groups(o, opts);
	return o;
}

static void
branch_from_ref(json_t *o, const char *ref)
{
	if (ref && strncmp(ref, "refs/heads/", 11) == 0 && ref[11])
		set_str(o, "branch", ref + 11);
}

/* The branch HEAD names, even before its first commit. */
static void
current_branch(json_t *o, vd_git *g)
{
	git_reference *head = NULL;

	if (git_reference_lookup(&head, g->repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		branch_from_ref(o, git_reference_symbolic_target(head));
	git_reference_free(head);
}

static json_t *
person_json(const char *name, const char *email)
{
	json_t *p = json_object();

	set_str(p, "name", name);
	set_str(p, "email", email);
	return p;
}

/* Who git will write as author or committer: its environment, else user.name/email. */
static json_t *
person_pending(vd_git *g, const char *env_name, const char *env_email)
{
	git_signature *def = NULL;
	json_t *p;

	if (!env(env_name) || !env(env_email))
		git_signature_default(&def, g->repo);
	p = person_json(env(env_name) ? env(env_name) : def ? def->name : NULL,
		env(env_email) ? env(env_email) : def ? def->email : NULL);
	git_signature_free(def);
	return p;
}

/* ---- files ------------------------------------------------------------- */

typedef struct {
	vd_git *g;
	git_diff *diff;
	git_tree **others;     /* a merge's other parents: what they already had */
	size_t nothers;
	size_t added_bytes;    /* of this event, against VD_GIT_MAX_ADDED_BYTES */
} files_ctx;

static const char *
mode_name(uint16_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_BLOB: return "regular";
	case GIT_FILEMODE_BLOB_EXECUTABLE: return "executable";
	case GIT_FILEMODE_LINK: return "symlink";
	case GIT_FILEMODE_COMMIT: return "submodule";
	case GIT_FILEMODE_TREE: return "directory";
	default: return NULL;
	}
}

static const char *
status_name(git_delta_t s)
{
	switch (s) {
	case GIT_DELTA_ADDED: return "added";
	case GIT_DELTA_COPIED: return "added";
	case GIT_DELTA_DELETED: return "deleted";
	case GIT_DELTA_MODIFIED: return "modified";
	case GIT_DELTA_RENAMED: return "renamed";
	case GIT_DELTA_TYPECHANGE: return "typechange";
	default: return NULL;
	}
}

/*
 * A merge's file came from one of its other parents when that parent has
 * the same content at the path (or, for a deletion, no file there).
 */
static bool
from_other_parent(files_ctx *fc, const git_diff_delta *d)
{
	size_t i;

	for (i = 0; i < fc->nothers; i++) {
		git_tree_entry *e = NULL;
		bool same;

		if (d->status == GIT_DELTA_DELETED) {
			same = git_tree_entry_bypath(&e, fc->others[i], d->old_file.path) != 0;
		} else {
			same = git_tree_entry_bypath(&e, fc->others[i], d->new_file.path) == 0 &&
				git_oid_equal(git_tree_entry_id(e), &d->new_file.id) &&
				git_tree_entry_filemode(e) == d->new_file.mode;
		}
		git_tree_entry_free(e);
		if (same)
			return true;
	}
	return false;
}

static int
object_size(size_t *out, files_ctx *fc, const git_oid *id, const char *path)
{
	git_object_t type;

	if (fc->g->odb == NULL && git_repository_odb(&fc->g->odb, fc->g->repo) < 0)
		return vd__error_git(VD_EGIT, "object database");
	if (git_odb_read_header(out, &type, fc->g->odb, id) < 0) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), id);
		return vd__error_set(VD_EGIT, "the content of %s (%s) is not in the repository", path, hex);
	}
	return 0;
}

static void diff_options(git_diff_options *o);

/* The lines one file adds, and whether it is binary. */
static int
added_lines(json_t *file, files_ctx *fc, size_t idx)
{
	git_patch *patch = NULL;
	const git_diff_delta *d;
	json_t *lines;
	size_t h, nh;

	d = git_diff_get_delta(fc->diff, idx);
	if (d->status == GIT_DELTA_TYPECHANGE) {
		/* libgit2 gives a type change no lines: all of the new content is added. */
		git_diff_options o;
		git_blob *blob = NULL;
		int rc;

		if (git_blob_lookup(&blob, fc->g->repo, &d->new_file.id) < 0)
			return vd__error_git(VD_EGIT, d->new_file.path);
		diff_options(&o);
		rc = git_patch_from_blobs(&patch, NULL, NULL, blob, d->new_file.path, &o);
		git_blob_free(blob);
		if (rc < 0)
			return vd__error_git(VD_EGIT, "diff");
	} else if (git_patch_from_diff(&patch, fc->diff, idx) < 0) {
		return vd__error_git(VD_EGIT, "diff");
	}
	if (patch == NULL)
		return 0;
	d = git_patch_get_delta(patch);
	json_object_set_new(file, "binary", json_boolean(d->flags & GIT_DIFF_FLAG_BINARY));
	if (d->flags & GIT_DIFF_FLAG_BINARY) {
		git_patch_free(patch);
		return 0;
	}
	lines = json_array();
	nh = git_patch_num_hunks(patch);
	for (h = 0; h < nh && fc->added_bytes < VD_GIT_MAX_ADDED_BYTES; h++) {
		int nl = git_patch_num_lines_in_hunk(patch, h), l;

		for (l = 0; l < nl && fc->added_bytes < VD_GIT_MAX_ADDED_BYTES; l++) {
			const git_diff_line *line = NULL;
			size_t n;

			if (git_patch_get_line_in_hunk(&line, patch, h, (size_t)l) < 0 ||
			    line->origin != GIT_DIFF_LINE_ADDITION)
				continue;
			n = line->content_len;
			while (n > 0 && (line->content[n - 1] == '\n' || line->content[n - 1] == '\r'))
				n--;
			json_array_append_new(lines, jstr(line->content, n));
			fc->added_bytes += n + 1;
		}
	}
	if (json_array_size(lines))
		json_object_set_new(file, "added", lines);
	else
		json_decref(lines);
	git_patch_free(patch);
	return 0;
}

static int
files_from_diff(json_t *ev, files_ctx *fc)
{
	git_diff_find_options fo;
	json_t *files = json_array();
	size_t i, n;
	int rc = 0;

	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(fc->diff, &fo) < 0) {
		json_decref(files);
		return vd__error_git(VD_EGIT, "finding renames");
	}
	n = git_diff_num_deltas(fc->diff);
	for (i = 0; i < n && rc == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(fc->diff, i);
		const char *status = status_name(d->status);
		bool deleted = d->status == GIT_DELTA_DELETED;
		const git_diff_file *nf = deleted ? &d->old_file : &d->new_file;
		size_t size = 0, old_size = 0;
		json_t *f;

		if (status == NULL || (fc->nothers && from_other_parent(fc, d)))
			continue;
		f = json_object();
		set_str(f, "path", nf->path);
		if (d->status == GIT_DELTA_RENAMED)
			set_str(f, "old_path", d->old_file.path);
		set_str(f, "status", status);
		set_str(f, "mode", mode_name(nf->mode));
		json_array_append_new(files, f);
		if (deleted || nf->mode == GIT_FILEMODE_COMMIT)
			continue;
		if ((rc = object_size(&size, fc, &nf->id, nf->path)) < 0)
			break;
		json_object_set_new(f, "size", json_integer((json_int_t)size));
		if (!git_oid_is_zero(&d->old_file.id) && d->old_file.mode != GIT_FILEMODE_COMMIT &&
		    (rc = object_size(&old_size, fc, &d->old_file.id, d->old_file.path)) < 0)
			break;
		/* Bounded work: big content keeps its size but is not read. */
		if (size > VD_GIT_MAX_DIFF_BYTES || old_size > VD_GIT_MAX_DIFF_BYTES ||
		    fc->added_bytes >= VD_GIT_MAX_ADDED_BYTES)
			continue;
		rc = added_lines(f, fc, i);
	}
	if (rc == 0)
		json_object_set_new(ev, "files", files);
	else
		json_decref(files);
	return rc;
}

static void
diff_options(git_diff_options *o)
{
	git_diff_options_init(o, GIT_DIFF_OPTIONS_VERSION);
	o->flags = GIT_DIFF_INCLUDE_TYPECHANGE;
	o->context_lines = 0;
	o->interhunk_lines = 0;
	/* Past this, libgit2 calls content binary without reading it all. */
	o->max_size = VD_GIT_MAX_DIFF_BYTES;
}

/* ---- events ---------------------------------------------------------------- */

static int
finish(vd_event **out, json_t *o, int rc)
{
	if (rc == 0)
		rc = vd__event_from_json(out, o);
	json_decref(o);
	return rc;
}

static int
update_flags(bool *create, bool *del, bool *force, vd_git *g, const vd_git_update *u)
{
	git_oid oldid, newid, oldc, newc;
	char key[sizeof(g->last_update)];
	int rc, r;

	if (u->ref == NULL || !*u->ref)
		return vd__error_set(VD_EINVALID, "a ref update needs a ref name");
	if ((rc = vd__git_parse_id(&oldid, u->old_id, "old id")) < 0 ||
	    (rc = vd__git_parse_id(&newid, u->new_id, "new id")) < 0)
		return rc;
	*create = vd_git_id_is_zero(u->old_id);
	*del = vd_git_id_is_zero(u->new_id);
	*force = false;
	if (*create && *del)
		return vd__error_set(VD_EINVALID,
			"update of %s has two zero ids; expected an old or a new commit", u->ref);
	if (*create || *del)
		return 0;
	snprintf(key, sizeof(key), "%s %s %s", u->old_id, u->new_id, u->ref);
	if (strcmp(key, g->last_update) == 0) {
		*force = g->last_force;
		return 0;
	}
	if ((rc = vd__git_peel_commit(&newc, g, &newid)) < 0)
		return rc;
	r = vd__git_peel_commit(&oldc, g, &oldid);
	if (r < 0)
		vd_error_clear();
	if (rc == 1 || r != 0) {
		/* Not commits (a tag of a tree), or an old tip never fetched: a rewrite. */
		*force = r != 0 || !git_oid_equal(&oldid, &newid);
	} else if ((r = vd__git_reaches(g, &newc, &oldc)) < 0) {
		return r;
	} else {
		*force = r == 0;
	}
	snprintf(g->last_update, sizeof(g->last_update), "%s", key);
	g->last_force = *force;
	return 0;
}

static int
push_object(json_t *o, vd_git *g, const vd_git_update *u)
{
	bool create, del, force;
	json_t *p;
	int rc;

	if ((rc = update_flags(&create, &del, &force, g, u)) < 0)
		return rc;
	p = json_object();
	set_str(p, "ref", u->ref);
	json_object_set_new(p, "force", json_boolean(force));
	json_object_set_new(p, "delete", json_boolean(del));
	json_object_set_new(p, "create", json_boolean(create));
	json_object_set_new(o, "push", p);
	branch_from_ref(o, u->ref);
	return 0;
}

int
vd_git_event_push(vd_event **out, vd_git *g, const vd_git_update *u,
	const vd_git_event_options *opts)
{
	vd_git_event_options defaults = VD_GIT_EVENT_OPTIONS_INIT;
	json_t *o;

	VD_ASSERT_ARG(out && g && u);
	*out = NULL;
	o = event_new(g, opts ? opts : &defaults, "git.push");
	return finish(out, o, push_object(o, g, u));
}

static int
commit_files(json_t *o, vd_git *g, git_commit *c)
{
	git_diff_options dopts;
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	files_ctx fc;
	unsigned np = git_commit_parentcount(c), i;
	int rc = 0;

	memset(&fc, 0, sizeof(fc));
	fc.g = g;
	if (np > 0 && vd__git_shallow(g, git_commit_id(c)))
		return 0;   /* its parent is not here: no files to compare */
	diff_options(&dopts);
	if (git_commit_tree(&tree, c) < 0)
		return vd__error_git(VD_EGIT, "commit tree");
	if (np > 0) {
		if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&ptree, parent) < 0) {
			rc = vd__error_git(VD_EGIT, "the commit's first parent");
			goto done;
		}
		fc.others = vd__calloc(np, sizeof(git_tree *));
		for (i = 1; i < np; i++) {
			git_commit *p = NULL;

			if (git_commit_parent(&p, c, i) < 0 ||
			    git_commit_tree(&fc.others[fc.nothers], p) < 0) {
				git_commit_free(p);
				rc = vd__error_git(VD_EGIT, "a parent of the merge");
				goto done;
			}
			fc.nothers++;
			git_commit_free(p);
		}
	}
	if (git_diff_tree_to_tree(&fc.diff, g->repo, ptree, tree, &dopts) < 0) {
		rc = vd__error_git(VD_EGIT, "diff against the first parent");
		goto done;
	}
	rc = files_from_diff(o, &fc);
done:
	for (i = 0; i < fc.nothers; i++)
		git_tree_free(fc.others[i]);
	vd__free(fc.others);
	git_diff_free(fc.diff);
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

int
vd_git_event_commit(vd_event **out, vd_git *g, const char *id, const vd_git_event_options *opts)
{
	vd_git_event_options defaults = VD_GIT_EVENT_OPTIONS_INIT;
	git_object *obj = NULL;
	git_commit *c = NULL;
	git_buf sig = { NULL, 0, 0 }, data = { NULL, 0, 0 };
	const git_signature *a, *cm;
	char hex[GIT_OID_HEXSZ + 1];
	json_t *o, *commit;
	int rc = 0;

	VD_ASSERT_ARG(out && g && id);
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (git_revparse_single(&obj, g->repo, id) < 0)
		return vd__error_set(VD_ENOTFOUND, "unknown commit '%s' in %s", id, g->path);
	rc = git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0)
		return vd__error_set(VD_ENOTFOUND, "'%s' does not name a commit", id);
	o = event_new(g, opts, "git.commit");
	commit = json_object();
	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	set_str(commit, "id", hex);
	set_str(commit, "message", git_commit_message(c));
	a = git_commit_author(c);
	cm = git_commit_committer(c);
	json_object_set_new(commit, "author", person_json(a->name, a->email));
	json_object_set_new(commit, "committer", person_json(cm->name, cm->email));
	json_object_set_new(commit, "signed", json_boolean(
		git_commit_extract_signature(&sig, &data, g->repo, (git_oid *)git_commit_id(c), NULL) == 0));
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	vd_error_clear();
	json_object_set_new(commit, "parents", json_integer(git_commit_parentcount(c)));
	json_object_set_new(o, "commit", commit);
	if (opts->update)
		rc = push_object(o, g, opts->update);
	if (rc == 0)
		rc = commit_files(o, g, c);
	git_commit_free(c);
	return finish(out, o, rc);
}

/* ---- what is about to be committed -------------------------------------- */

typedef struct {
	vd_git *g;
	git_tree **trees;
	size_t n;
	int rc;
} mergeheads;

static int
add_mergehead(const git_oid *id, void *payload)
{
	mergeheads *m = payload;
	git_commit *c = NULL;

	m->trees = vd__realloc(m->trees, (m->n + 1) * sizeof(git_tree *));
	if (git_commit_lookup(&c, m->g->repo, id) < 0 || git_commit_tree(&m->trees[m->n], c) < 0) {
		git_commit_free(c);
		m->rc = vd__error_git(VD_EGIT, "MERGE_HEAD");
		return -1;
	}
	m->n++;
	git_commit_free(c);
	return 0;
}

/*
 * The commit-to-be's metadata: identity, parents, branch.  `mh`
 * is filled (and must be disposed) whatever the result.
 */
static int
pending_commit(json_t *o, vd_git *g, git_tree **head_tree, mergeheads *mh)
{
	git_object *head = NULL;
	json_t *commit;
	bool has_head = false;
	int rc;

	memset(mh, 0, sizeof(*mh));
	mh->g = g;
	rc = git_revparse_single(&head, g->repo, "HEAD^{tree}");
	if (rc < 0 && rc != GIT_ENOTFOUND && rc != GIT_EUNBORNBRANCH)
		return vd__error_git(VD_EGIT, "HEAD");
	has_head = rc == 0;
	rc = git_repository_mergehead_foreach(g->repo, add_mergehead, mh);
	if (rc < 0 && mh->rc < 0) {
		git_object_free(head);
		return mh->rc;
	}
	vd_error_clear();
	if (head_tree)
		*head_tree = (git_tree *)head;
	else
		git_object_free(head);

	commit = json_object();
	json_object_set_new(commit, "author", person_pending(g, "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"));
	json_object_set_new(commit, "committer",
		person_pending(g, "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"));
	/*
	 * No `signed`: whether git will sign is not known before it does
	 * (commit.gpgsign, -S and --no-gpg-sign all decide), and a guess
	 * would block or pass commits wrongly.  Pushes carry the real answer.
	 */
	json_object_set_new(commit, "parents", json_integer((has_head ? 1 : 0) + (json_int_t)mh->n));
	json_object_set_new(o, "commit", commit);
	current_branch(o, g);
	return 0;
}

static void
mergeheads_dispose(mergeheads *mh)
{
	size_t i;

	for (i = 0; i < mh->n; i++)
		git_tree_free(mh->trees[i]);
	vd__free(mh->trees);
}

int
vd_git_event_staged(vd_event **out, vd_git *g, const vd_git_event_options *opts)
{
	vd_git_event_options defaults = VD_GIT_EVENT_OPTIONS_INIT;
	git_diff_options dopts;
	git_tree *head = NULL;
	git_index *index = NULL;
	mergeheads mh;
	files_ctx fc;
	json_t *o;
	int rc;

	VD_ASSERT_ARG(out && g);
	*out = NULL;
	o = event_new(g, opts ? opts : &defaults, "git.commit");
	memset(&fc, 0, sizeof(fc));
	if ((rc = pending_commit(o, g, &head, &mh)) < 0) {
		mergeheads_dispose(&mh);
		return finish(out, o, rc);
	}
	fc.g = g;
	fc.others = mh.trees;
	fc.nothers = mh.n;
	diff_options(&dopts);
	if (git_repository_index(&index, g->repo) < 0)
		rc = vd__error_git(VD_EGIT, "the index");
	else if (git_diff_tree_to_index(&fc.diff, g->repo, head, index, &dopts) < 0)
		rc = vd__error_git(VD_EGIT, "diff of the index against HEAD");
	else
		rc = files_from_diff(o, &fc);
	git_diff_free(fc.diff);
	git_index_free(index);
	git_tree_free(head);
	mergeheads_dispose(&mh);
	return finish(out, o, rc);
}

/* ---- the message about to be committed ------------------------------------ */

/* Cut at git's scissors line ("# ------------------------ >8 ------------------------"). */
static void
cut_scissors(char *msg, char comment)
{
	static const char tail[] = " ------------------------ >8 ------------------------\n";
	char *p = msg;

	while (p && *p) {
		if (p[0] == comment && strncmp(p + 1, tail, sizeof(tail) - 1) == 0) {
			*p = '\0';
			return;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

static void
clean_message(vd_buf *out, vd_git *g, const char *text, size_t len)
{
	vd_buf mode = VD_BUF_INIT, cc = VD_BUF_INIT;
	const char *editor = getenv("GIT_EDITOR");
	char comment = '#', *msg = vd__strndup(text, len);
	git_buf b = { NULL, 0, 0 };
	const char *m;

	if (vd_git_config_get(&cc, g, "core.commentChar") == 0 && cc.size == 1)
		comment = cc.ptr[0];
	if (vd_git_config_get(&mode, g, "commit.cleanup") < 0 || mode.size == 0)
		vd__buf_puts(&mode, "default");
	vd_error_clear();
	m = mode.ptr;
	/* Without an editor (`-m`, `-F`) git keeps '#' lines; with one it strips them. */
	if (strcmp(m, "default") == 0)
		m = editor && strcmp(editor, ":") == 0 ? "whitespace" : "strip";
	if (strcmp(m, "verbatim") == 0) {
		vd__buf_puts(out, msg);
	} else {
		if (strcmp(m, "strip") == 0 || strcmp(m, "scissors") == 0)
			cut_scissors(msg, comment);
		if (git_message_prettify(&b, msg, strcmp(m, "strip") == 0, comment) == 0)
			vd__buf_put(out, b.ptr, b.size);
		else
			vd__buf_puts(out, msg);
	}
	git_buf_dispose(&b);
	vd__free(msg);
	vd_buf_dispose(&mode);
	vd_buf_dispose(&cc);
}

int
vd_git_event_message(vd_event **out, vd_git *g, const char *text, size_t len,
	const vd_git_event_options *opts)
{
	vd_git_event_options defaults = VD_GIT_EVENT_OPTIONS_INIT;
	vd_buf msg = VD_BUF_INIT;
	mergeheads mh;
	json_t *o;
	int rc;

	VD_ASSERT_ARG(out && g && (text || len == 0));
	*out = NULL;
	o = event_new(g, opts ? opts : &defaults, "git.commit");
	rc = pending_commit(o, g, NULL, &mh);
	mergeheads_dispose(&mh);
	if (rc < 0)
		return finish(out, o, rc);
	clean_message(&msg, g, text ? text : "", len);
	json_object_set_new(json_object_get(o, "commit"), "message", jstr(vd__buf_cstr(&msg), msg.size));
	vd_buf_dispose(&msg);
	return finish(out, o, 0);
}
