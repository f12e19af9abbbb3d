/*
 * gitrepo.c - opening a judged repository the way git hands it to a hook,
 * its configuration, its hooks directory, and local mirrors of a policy
 * repository given by URL.
 *
 * Layer: runtime.  A hook's environment is the contract here: git runs
 * pre-commit with $GIT_INDEX_FILE naming the index about to be committed
 * (not always .git/index), and pre-receive with the pushed objects in a
 * quarantine directory that only $GIT_OBJECT_DIRECTORY and
 * $GIT_ALTERNATE_OBJECT_DIRECTORIES reveal.  libgit2's FROM_ENV open reads
 * all of that; in 1.5 it refuses $GIT_WORK_TREE and $GIT_COMMON_DIR, so for
 * those (set by wrappers, not by git itself) the same variables are applied
 * by hand.
 */
#include "common.h"
#include "git.h"
#include "buf.h"

#include <ctype.h>
#include <git2/sys/repository.h>
#include <sys/stat.h>
#include <unistd.h>

static int
git_fail(int code, const char *what)
{
	return vd__error_git(code, what);
}

/*
 * libgit2 is initialised once and never shut down: a shutdown that drops
 * its count to zero tears down global state that the next init rebuilds,
 * and libgit2 1.5 leaks some of it on the way.
 */
static void
ensure_git(void)
{
	static bool done;

	if (!done) {
		git_libgit2_init();
		done = true;
	}
}

int
vd__git_parse_id(git_oid *out, const char *hex, const char *what)
{
	size_t i;

	if (hex == NULL || strlen(hex) != GIT_OID_HEXSZ)
		return vd__error_set(VD_EINVALID, "%s '%s' is not an object id; expected 40 hex digits",
			what, hex ? hex : "(null)");
	for (i = 0; i < GIT_OID_HEXSZ; i++)
		if (!isxdigit((unsigned char)hex[i]))
			return vd__error_set(VD_EINVALID,
				"%s '%s' is not an object id; expected 40 hex digits", what, hex);
	if (git_oid_fromstr(out, hex) < 0)
		return vd__error_set(VD_EINVALID, "%s '%s' is not an object id", what, hex);
	return 0;
}

bool
vd_git_id_is_zero(const char *id)
{
	size_t i;

	if (id == NULL || strlen(id) != GIT_OID_HEXSZ)
		return false;
	for (i = 0; i < GIT_OID_HEXSZ; i++)
		if (id[i] != '0')
			return false;
	return true;
}

/* ---- opening ---------------------------------------------------------- */

static int
add_alternates(git_repository *repo, const char *objdir, const char *alternates)
{
	git_odb *odb = NULL;
	int rc = 0;

	if (git_repository_odb(&odb, repo) < 0)
		return git_fail(VD_EGIT, "object database");
	if (objdir && *objdir && git_odb_add_disk_alternate(odb, objdir) < 0)
		rc = git_fail(VD_EGIT, objdir);
	while (rc == 0 && alternates && *alternates) {
		const char *colon = strchr(alternates, ':');
		size_t n = colon ? (size_t)(colon - alternates) : strlen(alternates);
		char *dir = vd__strndup(alternates, n);

		if (n && git_odb_add_disk_alternate(odb, dir) < 0)
			rc = git_fail(VD_EGIT, dir);
		vd__free(dir);
		alternates = colon ? colon + 1 : NULL;
	}
	git_odb_free(odb);
	return rc;
}

/*
 * The hook environment applied by hand, for what libgit2 1.5's FROM_ENV
 * refuses ($GIT_WORK_TREE, $GIT_COMMON_DIR).
 */
static int
open_env_by_hand(git_repository **out)
{
	const char *gitdir = getenv("GIT_DIR"), *wt = getenv("GIT_WORK_TREE");
	const char *index = getenv("GIT_INDEX_FILE");
	git_repository *repo = NULL;
	git_index *idx = NULL;
	int rc;

	rc = git_repository_open_ext(&repo, gitdir && *gitdir ? gitdir : ".",
		gitdir && *gitdir ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0, NULL);
	if (rc == GIT_ENOTFOUND)
		return vd__error_set(VD_ENOTFOUND, "not in a git repository (GIT_DIR=%s)",
			gitdir ? gitdir : "unset");
	if (rc < 0)
		return git_fail(VD_EGIT, gitdir ? gitdir : ".");
	if (wt && *wt && git_repository_set_workdir(repo, wt, 0) < 0) {
		rc = git_fail(VD_EGIT, wt);
		goto fail;
	}
	if (index && *index) {
		if (git_index_open(&idx, index) < 0) {
			rc = git_fail(VD_EGIT, index);
			goto fail;
		}
		git_repository_set_index(repo, idx);
		git_index_free(idx);
	}
	if ((rc = add_alternates(repo, getenv("GIT_OBJECT_DIRECTORY"),
	    getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"))) < 0)
		goto fail;
	*out = repo;
	return 0;
fail:
	git_repository_free(repo);
	return rc;
}

int
vd_git_open(vd_git **out, const char *path, unsigned flags)
{
	git_repository *repo = NULL;
	vd_git *g;
	int rc;

	VD_ASSERT_ARG(out);
	*out = NULL;
	ensure_git();
	if (flags & VD_GIT_OPEN_FROM_ENV) {
		/*
		 * Hooks only read, and git itself may have created the
		 * worktree config: let libgit2 1.5 open such repositories.
		 */
		const char *ext[] = { "worktreeconfig" };

		git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, ext, (size_t)1);
		if ((getenv("GIT_WORK_TREE") && *getenv("GIT_WORK_TREE")) ||
		    (getenv("GIT_COMMON_DIR") && *getenv("GIT_COMMON_DIR"))) {
			rc = open_env_by_hand(&repo);
		} else {
			rc = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
			if (rc == GIT_ENOTFOUND)
				rc = vd__error_set(VD_ENOTFOUND,
					"not in a git repository (run from a git hook, or inside a repository)");
			else if (rc < 0)
				rc = git_fail(VD_EGIT, getenv("GIT_DIR") ? getenv("GIT_DIR") : ".");
		}
	} else {
		rc = git_repository_open_ext(&repo, path ? path : ".", 0, NULL);
		if (rc == GIT_ENOTFOUND)
			rc = vd__error_set(VD_ENOTFOUND, "no git repository at '%s'", path ? path : ".");
		else if (rc < 0)
			rc = git_fail(VD_EGIT, path ? path : ".");
	}
	if (rc < 0)
		return rc;
	g = vd__calloc(1, sizeof(*g));
	g->repo = repo;
	g->path = vd__strdup(git_repository_path(repo));
	g->workdir = git_repository_workdir(repo) ? vd__strdup(git_repository_workdir(repo)) : NULL;
	*out = g;
	return 0;
}

void
vd_git_free(vd_git *g)
{
	if (g == NULL)
		return;
	git_repository_free(g->repo);
	vd__free(g->path);
	vd__free(g->workdir);
	vd__free(g->shallow);
	vd__free(g->user);
	vd__free(g->repo_name);
	git_odb_free(g->odb);
	vd__free(g);
	}

const char *
vd_git_path(const vd_git *g)
{
	return g ? g->path : NULL;
}

const char *
vd_git_workdir(const vd_git *g)
{
	return g ? g->workdir : NULL;
}

/* ---- shallow clones ------------------------------------------------------ */

static int
oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

bool
vd__git_shallow(vd_git *g, const git_oid *id)
{
	if (!g->shallow_loaded) {
		vd_buf path = VD_BUF_INIT;
		FILE *f;
		char line[128];
		size_t cap = 0;

		g->shallow_loaded = true;
		vd__buf_printf(&path, "%sshallow", git_repository_commondir(g->repo));
		f = fopen(vd__buf_cstr(&path), "r");
		vd_buf_dispose(&path);
		if (f == NULL)
			return false;
		while (fgets(line, sizeof(line), f)) {
			git_oid id2;

			line[strcspn(line, "\r\n")] = '\0';
			if (strlen(line) != GIT_OID_HEXSZ || git_oid_fromstr(&id2, line) < 0)
				continue;
			if (g->nshallow == cap) {
				cap = cap ? cap * 2 : 16;
				g->shallow = vd__realloc(g->shallow, cap * sizeof(git_oid));
			}
			g->shallow[g->nshallow++] = id2;
		}
		fclose(f);
		if (g->nshallow > 1)
			qsort(g->shallow, g->nshallow, sizeof(git_oid), oid_cmp);
	}
	return g->nshallow &&
		bsearch(id, g->shallow, g->nshallow, sizeof(git_oid), oid_cmp) != NULL;
}

bool
vd_git_is_shallow_boundary(vd_git *g, const char *id)
{
	git_oid oid;

	if (g == NULL || id == NULL || strlen(id) != GIT_OID_HEXSZ || git_oid_fromstr(&oid, id) < 0)
		return false;
	return vd__git_shallow(g, &oid);
}

/* ---- configuration ------------------------------------------------------- */

static int
open_config(git_config **out, vd_git *g)
{
	if (g)
		return git_repository_config_snapshot(out, g->repo) < 0 ?
			git_fail(VD_EGIT, "reading the repository's git configuration") : 0;
	ensure_git();
	if (git_config_open_default(out) < 0)
		return git_fail(VD_EGIT, "reading the git configuration");
	return 0;
}

int
vd_git_config_get(vd_buf *out, vd_git *g, const char *key)
{
	git_config *cfg = NULL, *snap = NULL;
	git_buf b = { NULL, 0, 0 };
	int rc;

	VD_ASSERT_ARG(out && key);
	if ((rc = open_config(&cfg, g)) < 0)
		return rc;
	if (g == NULL) {
		/* A live configuration reads through a snapshot. */
		if (git_config_snapshot(&snap, cfg) < 0) {
			git_config_free(cfg);
			return git_fail(VD_EGIT, "reading the git configuration");
		}
		git_config_free(cfg);
		cfg = snap;
	}
	rc = git_config_get_string_buf(&b, cfg, key);
	if (rc == 0) {
		vd__buf_clear(out);
		vd__buf_put(out, b.ptr, b.size);
	} else if (rc == GIT_ENOTFOUND) {
		rc = vd__error_set(VD_ENOTFOUND, "git config %s is not set", key);
	} else {
		rc = git_fail(VD_EGIT, key);
	}
	git_buf_dispose(&b);
	git_config_free(cfg);
	return rc;
}

/* The user's global configuration file, as `git config --global` picks it. */
static void
global_config_path(vd_buf *out)
{
	git_buf b = { NULL, 0, 0 };
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");

	if (git_config_find_global(&b) == 0) {
		vd__buf_puts(out, b.ptr);
	} else if (git_config_find_xdg(&b) == 0) {
		vd__buf_puts(out, b.ptr);
	} else if (home && *home) {
		vd__buf_printf(out, "%s/.gitconfig", home);
	} else if (xdg && *xdg) {
		vd__buf_printf(out, "%s/git/config", xdg);
	}
	git_buf_dispose(&b);
}

int
vd_git_config_set(vd_git *g, const char *key, const char *value)
{
	git_config *all = NULL, *cfg = NULL;
	vd_buf path = VD_BUF_INIT;
	int rc = 0;

	VD_ASSERT_ARG(key);
	ensure_git();
	if (g) {
		if (git_repository_config(&all, g->repo) < 0 ||
		    git_config_open_level(&cfg, all, GIT_CONFIG_LEVEL_LOCAL) < 0)
			rc = git_fail(VD_EGIT, "opening the repository's git configuration");
	} else {
		global_config_path(&path);
		if (path.size == 0)
			rc = vd__error_set(VD_EUSAGE,
				"no global git configuration: HOME and XDG_CONFIG_HOME are unset");
		else if (git_config_open_ondisk(&cfg, path.ptr) < 0)
			rc = git_fail(VD_EGIT, path.ptr);
	}
	if (rc == 0) {
		if (value) {
			if (git_config_set_string(cfg, key, value) < 0)
				rc = git_fail(VD_EGIT, key);
		} else {
			int r = git_config_delete_entry(cfg, key);

			if (r < 0 && r != GIT_ENOTFOUND)
				rc = git_fail(VD_EGIT, key);
		}
	}
	git_config_free(cfg);
	git_config_free(all);
	vd_buf_dispose(&path);
		return rc;
}

int
vd_git_hooks_dir(vd_buf *out, vd_git *g)
{
	vd_buf v = VD_BUF_INIT;
	int rc;

	VD_ASSERT_ARG(out);
	vd__buf_clear(out);
	rc = vd_git_config_get(&v, g, "core.hooksPath");
	if (rc == VD_ENOTFOUND && g) {
		vd__buf_printf(out, "%shooks", git_repository_commondir(g->repo));
		rc = 0;
	} else if (rc == 0) {
		const char *p = v.ptr, *home = getenv("HOME");

		if (strncmp(p, "~/", 2) == 0 && home)
			vd__buf_printf(out, "%s/%s", home, p + 2);
		else if (p[0] == '/' || g == NULL)
			vd__buf_puts(out, p);
		else
			/* Relative to where git runs hooks: the work tree, or the git directory when bare. */
			vd__buf_printf(out, "%s%s", g->workdir ? g->workdir : g->path, p);
		while (out->size > 1 && out->ptr[out->size - 1] == '/')
			out->ptr[--out->size] = '\0';
	} else if (rc == VD_ENOTFOUND) {
		rc = vd__error_set(VD_ENOTFOUND, "no global core.hooksPath is set");
	}
	vd_buf_dispose(&v);
	return rc;
}

/* ---- mirrors of a policy repository -------------------------------------- */

/*
 * An anonymous remote with explicit refspecs: branches as branches (the
 * engine reads refs/heads/main and refs/heads/scope/...), tags as tags.
 * The URL is kept in verdict.mirrorUrl, not as a remote: the mirror is
 * read-only and nothing should push from it.  (libgit2 1.5 leaks a little
 * PCRE2 match data whenever it creates a remote; tests/lsan-libgit2.supp.)
 */
int
vd_git_mirror(const char *url, const char *dir)
{
	static char *specs[] = { "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*" };
	git_strarray refspecs = { specs, 2 };
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	git_config *cfg = NULL;
	git_fetch_options fo;
	git_buf was = { NULL, 0, 0 };
	struct stat st;
	int rc = 0;

	VD_ASSERT_ARG(url && dir);
	ensure_git();
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.prune = GIT_FETCH_PRUNE;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (stat(dir, &st) == 0) {
		if (git_repository_open_bare(&repo, dir) < 0)
			return git_fail(VD_EGIT, dir);
	} else if (git_repository_init(&repo, dir, 1) < 0) {
		return git_fail(VD_EGIT, dir);
	}
	if (git_repository_config(&cfg, repo) < 0) {
		rc = git_fail(VD_EGIT, dir);
		goto done;
	}
	if (git_config_get_string_buf(&was, cfg, "verdict.mirrorUrl") == 0 && strcmp(was.ptr, url) != 0) {
		rc = vd__error_set(VD_EUSAGE, "%s mirrors %s, not %s; remove it or choose another directory",
			dir, was.ptr, url);
		goto done;
	}
	if (git_remote_create_anonymous(&remote, repo, url) < 0 ||
	    git_remote_fetch(remote, &refspecs, &fo, "verdict: refresh the policy mirror") < 0) {
		rc = git_fail(VD_EGIT, url);
		goto done;
	}
	if (git_config_set_string(cfg, "verdict.mirrorUrl", url) < 0)
		rc = git_fail(VD_EGIT, dir);
done:
	git_buf_dispose(&was);
	git_config_free(cfg);
	git_remote_free(remote);
	git_repository_free(repo);
	return rc;
}
