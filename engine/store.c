/*
 * store.c - policies read straight from git objects.
 *
 * Layer: runtime.  The only libgit2 user of the engine.  Any revision is
 * read from the object database (revparse, tree, blob) without a checkout,
 * so bare repositories work and rollback is pointing at another commit.
 * Every tree is compiled once per process and cached by its id: two scopes
 * whose branches hold the same tree share one compile.
 *
 * Files read at a ref: packs/<pack>/<name>.policy (the pack's policies) and
 * <name>.policy at the top of the tree (repository-wide lists, ramp,
 * settings).
 */
#include "common.h"
#include "store.h"
#include "buf.h"
#include "cache.h"

#include <dirent.h>
#include <sys/stat.h>

static int git_initialised;

static void
ensure_git(void)
{
	if (!git_initialised) {
		git_libgit2_init();
		git_initialised = 1;
	}
}

/* snprintf that reports truncation instead of hiding it. */
static bool VD_PRINTF(3, 4)
pathf(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(dst, n, fmt, ap);
	va_end(ap);
	return r >= 0 && (size_t)r < n;
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a > b && strcmp(s + a - b, suf) == 0;
}

static int resolve(git_oid *commit, git_oid *tree, git_repository *repo, const char *rev);
static int first_error(const vd_diags *d, const char *where);
static int compile_sources(vd_ruleset **rs, vd_diags *d, vd_source_set *set);

/* ---- sources from a tree -------------------------------------------- */

void
vd__sources_dispose(vd_source_set *s)
{
	vd_vec_dispose(&s->files);
	vd__arena_dispose(&s->arena);
}

static int
add_blob(vd_source_set *set, git_repository *repo, const git_tree_entry *te,
	const char *path, const char *pack)
{
	git_blob *blob = NULL;
	vd_source src;
	size_t size;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	if (set->files.len >= VD_MAX_POLICY_FILES)
		return vd__error_set(VD_ELIMIT, "more than %d policy files at one ref; the limit is %d",
			VD_MAX_POLICY_FILES, VD_MAX_POLICY_FILES);
	src.path = vd__arena_strdup(&set->arena, path);
	src.pack = vd__arena_strdup(&set->arena, pack);
	{
		/* The size first: an oversized file is reported, never loaded. */
		git_odb *odb = NULL;
		git_object_t type;
		size_t hsize = 0;

		if (git_repository_odb(&odb, repo) == 0 &&
		    git_odb_read_header(&hsize, &type, odb, git_tree_entry_id(te)) == 0 &&
		    hsize > VD_MAX_POLICY_FILE) {
			git_odb_free(odb);
			src.text = NULL;
			src.len = hsize;
			vd_vec_push(&set->files, src);
			return 0;
		}
		git_odb_free(odb);
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0)
		return vd__error_git(VD_EGIT, path);
	size = (size_t)git_blob_rawsize(blob);
	/* Blob bytes are not NUL-terminated: copy them before tree-sitter sees them. */
	src.text = vd__arena_strndup(&set->arena, git_blob_rawcontent(blob), size);
	src.len = size;
	vd_vec_push(&set->files, src);
	git_blob_free(blob);
	return 0;
}

/*
 * Files packs/<pack>/<sub>/<name><suffix> of a tree (`sub` NULL: the pack's
 * own directory), in git's order.
 */
static int
tree_pack_files(vd_source_set *set, git_repository *repo, git_tree *root, const char *sub,
	const char *suffix)
{
	const git_tree_entry *packs;
	git_tree *packs_tree = NULL;
	size_t i, j;
	int rc = 0;

	packs = git_tree_entry_byname(root, "packs");
	if (packs == NULL || git_tree_entry_type(packs) != GIT_OBJECT_TREE)
		return 0;
	if (git_tree_lookup(&packs_tree, repo, git_tree_entry_id(packs)) < 0)
		return vd__error_git(VD_EGIT, "packs/");
	for (i = 0; i < git_tree_entrycount(packs_tree) && rc == 0; i++) {
		const git_tree_entry *pe = git_tree_entry_byindex(packs_tree, i), *se;
		git_tree *pack = NULL, *dir = NULL;

		if (git_tree_entry_type(pe) != GIT_OBJECT_TREE)
			continue;
		if (git_tree_lookup(&pack, repo, git_tree_entry_id(pe)) < 0) {
			rc = vd__error_git(VD_EGIT, git_tree_entry_name(pe));
			break;
		}
		if (sub == NULL) {
			dir = pack;
		} else if ((se = git_tree_entry_byname(pack, sub)) == NULL ||
		    git_tree_entry_type(se) != GIT_OBJECT_TREE) {
			git_tree_free(pack);
			continue;
		} else if (git_tree_lookup(&dir, repo, git_tree_entry_id(se)) < 0) {
			rc = vd__error_git(VD_EGIT, sub);
			git_tree_free(pack);
			break;
		}
		for (j = 0; j < git_tree_entrycount(dir) && rc == 0; j++) {
			const git_tree_entry *fe = git_tree_entry_byindex(dir, j);
			char path[4096];

			if (!has_suffix(git_tree_entry_name(fe), suffix))
				continue;
			if (!pathf(path, sizeof(path), "packs/%s/%s%s%s", git_tree_entry_name(pe),
			    sub ? sub : "", sub ? "/" : "", git_tree_entry_name(fe)))
				rc = vd__error_set(VD_ELIMIT, "path too long: packs/%s/...",
					git_tree_entry_name(pe));
			else
				rc = add_blob(set, repo, fe, path, git_tree_entry_name(pe));
		}
		if (dir != pack)
			git_tree_free(dir);
		git_tree_free(pack);
	}
	git_tree_free(packs_tree);
	return rc;
}

static int
sources_from_tree(vd_source_set *set, git_repository *repo, git_tree *root)
{
	size_t i;
	int rc;

	for (i = 0; i < git_tree_entrycount(root); i++) {
		const git_tree_entry *te = git_tree_entry_byindex(root, i);
		const char *name = git_tree_entry_name(te);

		if (has_suffix(name, ".policy") && (rc = add_blob(set, repo, te, name, "")) < 0)
			return rc;
	}
	return tree_pack_files(set, repo, root, NULL, ".policy");
}

static int
add_file(vd_source_set *set, const char *full, const char *path, const char *pack)
{
	FILE *f = fopen(full, "rb");
	vd_buf b = VD_BUF_INIT;
	char chunk[65536];
	size_t n;
	vd_source src;

	if (f == NULL)
		return vd__error_set(VD_EIO, "%s: %s", path, strerror(errno));
	if (set->files.len >= VD_MAX_POLICY_FILES) {
		fclose(f);
		return vd__error_set(VD_ELIMIT, "more than %d policy files; the limit is %d",
			VD_MAX_POLICY_FILES, VD_MAX_POLICY_FILES);
	}
	{
		struct stat st;

		/* The size first: an oversized file is reported, never read. */
		if (fstat(fileno(f), &st) == 0 && (uint64_t)st.st_size > VD_MAX_POLICY_FILE) {
			fclose(f);
			src.path = vd__arena_strdup(&set->arena, path);
			src.pack = vd__arena_strdup(&set->arena, pack);
			src.text = NULL;
			src.len = (size_t)st.st_size;
			vd_vec_push(&set->files, src);
			return 0;
		}
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vd__buf_put(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		vd_buf_dispose(&b);
		return vd__error_set(VD_EIO, "%s: read error", path);
	}
	fclose(f);
	src.path = vd__arena_strdup(&set->arena, path);
	src.pack = vd__arena_strdup(&set->arena, pack);
	src.text = vd__arena_strndup(&set->arena, vd__buf_cstr(&b), b.size);
	src.len = b.size;
	vd_vec_push(&set->files, src);
	vd_buf_dispose(&b);
	return 0;
}

typedef vd_vec(char *) name_vec;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of a directory (git orders trees the same way). */
static int
list_dir(const char *dir, name_vec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return errno == ENOENT ? 0 : vd__error_set(VD_EIO, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			vd_vec_push(out, vd__strdup(de->d_name));
	closedir(d);
	if (out->len > 1)
		qsort(out->ptr, out->len, sizeof(char *), name_cmp);
	return 0;
}

static void
free_names(name_vec *v)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		vd__free(v->ptr[i]);
	vd_vec_dispose(v);
}

/* Files packs/<pack>/<sub>/<name><suffix> of a working tree, sorted like git's. */
static int
workdir_pack_files(vd_source_set *set, const char *workdir, const char *sub, const char *suffix)
{
	name_vec packs = VD_VEC_INIT;
	char full[4096], path[4096];
	struct stat st;
	size_t i, j;
	int rc = 0;

	if (!pathf(full, sizeof(full), "%s/packs", workdir))
		return vd__error_set(VD_ELIMIT, "path too long: %s", workdir);
	rc = list_dir(full, &packs);
	for (i = 0; i < packs.len && rc == 0; i++) {
		name_vec files = VD_VEC_INIT;
		char dir[4096];

		if (!pathf(dir, sizeof(dir), "%s/packs/%s%s%s", workdir, packs.ptr[i],
		    sub ? "/" : "", sub ? sub : ""))
			continue;
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		rc = list_dir(dir, &files);
		for (j = 0; j < files.len && rc == 0; j++) {
			if (!has_suffix(files.ptr[j], suffix))
				continue;
			if (!pathf(full, sizeof(full), "%s/%s", dir, files.ptr[j]) ||
			    !pathf(path, sizeof(path), "packs/%s/%s%s%s", packs.ptr[i],
			    sub ? sub : "", sub ? "/" : "", files.ptr[j]))
				continue;
			if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
				rc = add_file(set, full, path, packs.ptr[i]);
		}
		free_names(&files);
	}
	free_names(&packs);
	return rc;
}

static int
sources_from_workdir(vd_source_set *set, const char *workdir)
{
	name_vec top = VD_VEC_INIT;
	char full[4096];
	struct stat st;
	size_t i;
	int rc;

	if ((rc = list_dir(workdir, &top)) < 0)
		goto done;
	for (i = 0; i < top.len && rc == 0; i++) {
		if (!pathf(full, sizeof(full), "%s/%s", workdir, top.ptr[i]))
			continue;
		if (has_suffix(top.ptr[i], ".policy") && stat(full, &st) == 0 && S_ISREG(st.st_mode))
			rc = add_file(set, full, top.ptr[i], "");
	}
	if (rc == 0)
		rc = workdir_pack_files(set, workdir, NULL, ".policy");
done:
	free_names(&top);
	return rc;
}

int
vd__store_pack_files(vd_source_set *set, vd_engine *e, const char *rev, const char *sub,
	const char *suffix)
{
	git_oid commit, tree_id;
	git_tree *tree = NULL;
	int rc;

	if (rev == NULL && !git_repository_is_bare(e->repo))
		return workdir_pack_files(set, git_repository_workdir(e->repo), sub, suffix);
	if ((rc = resolve(&commit, &tree_id, e->repo, rev ? rev : "HEAD")) < 0)
		return rc;
	if (git_tree_lookup(&tree, e->repo, &tree_id) < 0)
		return vd__error_git(VD_EGIT, rev ? rev : "HEAD");
	rc = tree_pack_files(set, e->repo, tree, sub, suffix);
	git_tree_free(tree);
	return rc;
}

int
vd__store_compile_workdir(vd_tree_cache **out, vd_engine *e)
{
	vd_tree_cache *c;
	vd_source_set set;

	if (e->workdir) {
		*out = e->workdir;
		return e->workdir->rc < 0 ? first_error(e->workdir->diags, "the working tree") : 0;
	}
	if (git_repository_is_bare(e->repo))
		return vd__error_set(VD_ENOTFOUND, "the policy repository is bare: it has no working tree; pass --ref REV");
	memset(&set, 0, sizeof(set));
	if (sources_from_workdir(&set, git_repository_workdir(e->repo)) < 0) {
		vd__sources_dispose(&set);
		return vd_error_last()->code;
	}
	c = vd__calloc(1, sizeof(*c));
	c->diags = vd__diags_new();
	c->rc = compile_sources(&c->rs, c->diags, &set);
	vd__diags_sort(c->diags);
	vd__sources_dispose(&set);
	e->workdir = c;
	*out = c;
	return c->rc < 0 ? first_error(c->diags, "the working tree") : 0;
}

/* ---- compile ---------------------------------------------------------- */

static int
compile_sources(vd_ruleset **rs, vd_diags *d, vd_source_set *set)
{
	return vd__ruleset_from_sources(rs, set->files.ptr, set->files.len, d);
}

static int
first_error(const vd_diags *d, const char *where)
{
	size_t i;

	for (i = 0; i < d->items.len; i++) {
		const vd_diag *x = &d->items.ptr[i];

		if (x->severity == VD_DIAG_ERROR)
			return vd__error_set(VD_EPOLICY,
				"policies at %s do not compile: %s:%u:%u: %s (%zu error%s; `verdict check%s%s` lists them all)",
				where, x->file, x->line, x->column, x->message, d->errors,
				d->errors == 1 ? "" : "s", strcmp(where, "the working tree") ? " --ref " : "",
				strcmp(where, "the working tree") ? where : "");
	}
	return vd__error_set(VD_EPOLICY, "policies at %s do not compile", where);
}

int
vd__store_compile(vd_tree_cache **out, vd_engine *e, vd_scope *s)
{
	vd_tree_cache *c = NULL;
	git_tree *tree = NULL;
	vd_source_set set;
	size_t i;
	int rc;

	if (s->compiled) {
		c = s->compiled;
		goto found;
	}
	for (i = 0; i < e->cache.len; i++)
		if (git_oid_equal(&e->cache.ptr[i]->tree, &s->tree)) {
			c = e->cache.ptr[i];
			s->compiled = c;
			goto found;
		}
	memset(&set, 0, sizeof(set));
	c = vd__calloc(1, sizeof(*c));
	c->tree = s->tree;
	c->diags = vd__diags_new();
	/* A tree compiled by an earlier process: no parsing, no lowering. */
	if (e->cache_dir && vd__cache_load(&c->rs, e->cache_dir, s->tree_hex) == 0) {
		e->cache_hits++;
		goto compiled;
	}
	if (git_tree_lookup(&tree, e->repo, &s->tree) < 0) {
		vd_diags_free(c->diags);
		vd__free(c);
		return vd__error_git(VD_EGIT, s->name);
	}
	rc = sources_from_tree(&set, e->repo, tree);
	git_tree_free(tree);
	if (rc < 0) {
		vd__sources_dispose(&set);
		vd_diags_free(c->diags);
		vd__free(c);
		return rc;
	}
	c->rc = compile_sources(&c->rs, c->diags, &set);
	vd__diags_sort(c->diags);
	vd__sources_dispose(&set);
	e->cache_misses++;
	/* Only sets that compile are cached: errors are reported from the sources. */
	if (c->rc == 0 && e->cache_dir)
		vd__cache_store(e->cache_dir, s->tree_hex, c->rs);
compiled:
	vd_vec_push(&e->cache, c);
	s->compiled = c;
found:
	*out = c;
	if (c->rc < 0)
		return first_error(c->diags, s->kind == VD_SCOPE_BASE || s->kind == VD_SCOPE_PINNED ?
			s->name : s->ref);
	return 0;
}

/* ---- refs and scopes --------------------------------------------------- */

const char *
vd__scope_kind_name(vd_scope_kind k)
{
	static const char *const names[] = { "base", "group", "repo", "user", "surface", "pinned" };

	return names[k];
}

static int
resolve(git_oid *commit, git_oid *tree, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc;

	rc = git_revparse_single(&obj, repo, rev);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS) {
		if (git_repository_is_empty(repo) == 1)
			return vd__error_set(VD_ENOTFOUND,
				"unknown revision '%s': the policy repository has no commits yet", rev);
		return vd__error_set(VD_ENOTFOUND, "unknown revision '%s' in the policy repository%s",
			rev, rc == GIT_EAMBIGUOUS ? " (ambiguous: give more of the id)" : "");
	}
	if (rc < 0)
		return vd__error_git(VD_EGIT, rev);
	rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0)
		return vd__error_set(VD_ENOTFOUND, "revision '%s' does not name a commit", rev);
	*commit = *git_object_id(peeled);
	*tree = *git_commit_tree_id((git_commit *)peeled);
	git_object_free(peeled);
	return 0;
}

static vd_scope *
scope_new(const char *name, vd_scope_kind kind, const char *key, const char *ref,
	const git_oid *commit, const git_oid *tree)
{
	vd_scope *s = vd__calloc(1, sizeof(*s));

	s->name = vd__strdup(name);
	s->kind = kind;
	s->key = key ? vd__strdup(key) : NULL;
	s->ref = vd__strdup(ref);
	s->commit = *commit;
	s->tree = *tree;
	git_oid_tostr(s->commit_hex, sizeof(s->commit_hex), commit);
	git_oid_tostr(s->tree_hex, sizeof(s->tree_hex), tree);
	return s;
}

static void
scope_free(vd_scope *s)
{
	if (s == NULL)
		return;
	vd__free(s->name);
	vd__free(s->key);
	vd__free(s->ref);
	vd__free(s);
}

/* "scope/group/platform" -> GROUP, "platform"; false for anything else. */
static bool
parse_scope_branch(const char *branch, vd_scope_kind *kind, const char **key)
{
	static const struct { const char *prefix; vd_scope_kind kind; } kinds[] = {
		{ "scope/group/", VD_SCOPE_GROUP }, { "scope/repo/", VD_SCOPE_REPO },
		{ "scope/user/", VD_SCOPE_USER }, { "scope/surface/", VD_SCOPE_SURFACE },
	};
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(kinds); i++) {
		size_t n = strlen(kinds[i].prefix);

		if (strncmp(branch, kinds[i].prefix, n) == 0 && branch[n]) {
			*kind = kinds[i].kind;
			*key = branch + n;
			/* repo scopes are owner/name: exactly one more slash. */
			if (*kind == VD_SCOPE_REPO) {
				const char *slash = strchr(*key, '/');

				return slash && slash != *key && slash[1] && !strchr(slash + 1, '/');
			}
			return strchr(*key, '/') == NULL;
		}
	}
	return false;
}

int
vd__store_load_scopes(vd_engine *e)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_oid commit, tree;
	char base_ref[512];
	int rc;

	if (e->scopes_loaded)
		return 0;
	snprintf(base_ref, sizeof(base_ref), "refs/heads/%s", e->default_branch);
	rc = resolve(&commit, &tree, e->repo, base_ref);
	if (rc == VD_ENOTFOUND)
		return vd__error_set(VD_ENOTFOUND,
			"the policy repository has no branch '%s' (the baseline scope); create it, or set `git config verdict.branch <name>`",
			e->default_branch);
	if (rc < 0)
		return rc;
	vd_vec_push(&e->scopes, scope_new(e->default_branch, VD_SCOPE_BASE, NULL, base_ref,
		&commit, &tree));

	if (git_reference_iterator_glob_new(&it, e->repo, "refs/heads/scope/*") < 0)
		return vd__error_git(VD_EGIT, "listing scope branches");
	while ((rc = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref), *key;
		const char *branch = name + strlen("refs/heads/");
		vd_scope_kind kind;

		if (parse_scope_branch(branch, &kind, &key) &&
		    resolve(&commit, &tree, e->repo, name) == 0)
			vd_vec_push(&e->scopes, scope_new(branch + strlen("scope/"), kind, key,
				name, &commit, &tree));
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (rc != GIT_ITEROVER)
		return vd__error_git(VD_EGIT, "listing scope branches");
	e->scopes_loaded = true;
	return 0;
}

int
vd__store_pin(vd_scope **out, vd_engine *e, const char *rev)
{
	git_oid commit, tree;
	size_t i;
	int rc;

	for (i = 0; i < e->pinned.len; i++)
		if (strcmp(e->pinned.ptr[i]->name, rev) == 0) {
			*out = e->pinned.ptr[i];
			return 0;
		}
	if ((rc = resolve(&commit, &tree, e->repo, rev)) < 0)
		return rc;
	*out = scope_new(rev, VD_SCOPE_PINNED, NULL, rev, &commit, &tree);
	vd_vec_push(&e->pinned, *out);
	return 0;
}

/* ---- the engine ------------------------------------------------------ */

int
vd_engine_open(vd_engine **out, const char *path, const vd_engine_options *opts)
{
	vd_engine *e;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf branch = { NULL, 0, 0 };
	int rc;

	VD_ASSERT_ARG(out);
	*out = NULL;
	ensure_git();
	if (opts && opts->from_env)
		/* A hook on the policy repository: GIT_DIR and the push's quarantine. */
		rc = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		rc = git_repository_open_ext(&repo, path ? path : ".", 0, NULL);
	if (rc == GIT_ENOTFOUND)
		return vd__error_set(VD_ENOTFOUND,
			"no policy repository at '%s'; pass --repo DIR or set VERDICT_REPO (create one with `verdict init`)",
			path ? path : ".");
	if (rc < 0)
		return vd__error_git(VD_EGIT, path ? path : ".");
	e = vd__calloc(1, sizeof(*e));
	e->repo = repo;
	e->path = vd__strdup(git_repository_path(repo));
	if (opts && opts->default_branch && *opts->default_branch) {
		e->default_branch = vd__strdup(opts->default_branch);
	} else if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&branch, cfg, "verdict.branch") == 0 && branch.size) {
		e->default_branch = vd__strdup(branch.ptr);
	} else {
		e->default_branch = vd__strdup("main");
	}
	git_buf_dispose(&branch);
	git_config_free(cfg);
	{
		char dir[4096];

		if (vd__cache_dir(dir, sizeof(dir), e->path))
			e->cache_dir = vd__strdup(dir);
	}
	*out = e;
	return 0;
}

void
vd_engine_free(vd_engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->scopes.len; i++)
		scope_free(e->scopes.ptr[i]);
	for (i = 0; i < e->pinned.len; i++)
		scope_free(e->pinned.ptr[i]);
	for (i = 0; i < e->cache.len; i++) {
		vd__ruleset_free(e->cache.ptr[i]->rs);
		vd_diags_free(e->cache.ptr[i]->diags);
		vd__free(e->cache.ptr[i]);
	}
	if (e->workdir) {
		vd__ruleset_free(e->workdir->rs);
		vd_diags_free(e->workdir->diags);
		vd__free(e->workdir);
	}
	vd_vec_dispose(&e->scopes);
	vd_vec_dispose(&e->pinned);
	vd_vec_dispose(&e->cache);
	git_repository_free(e->repo);
	vd__free(e->cache_dir);
	vd__free(e->path);
	vd__free(e->default_branch);
	vd__free(e);
}

void
vd__store_forget_scopes(vd_engine *e)
{
	size_t i;

	for (i = 0; i < e->scopes.len; i++)
		scope_free(e->scopes.ptr[i]);
	for (i = 0; i < e->pinned.len; i++)
		scope_free(e->pinned.ptr[i]);
	e->scopes.len = e->pinned.len = 0;
	e->scopes_loaded = false;
}

const char *
vd_engine_default_branch(const vd_engine *e)
{
	return e ? e->default_branch : NULL;
}

const char *
vd_engine_workdir(const vd_engine *e)
{
	return e && !git_repository_is_bare(e->repo) ? git_repository_workdir(e->repo) : NULL;
}

const char *
vd_engine_path(const vd_engine *e)
{
	return e ? e->path : NULL;
}

int
vd_engine_check(vd_diags **out, vd_engine *e, const char *rev)
{
	vd_source_set set;
	vd_diags *d;
	vd_ruleset *rs = NULL;
	int rc;

	VD_ASSERT_ARG(out && e);
	*out = NULL;
	memset(&set, 0, sizeof(set));
	if (rev == NULL && !git_repository_is_bare(e->repo)) {
		rc = sources_from_workdir(&set, git_repository_workdir(e->repo));
	} else {
		git_oid commit, tree_id;
		git_tree *tree = NULL;

		if ((rc = resolve(&commit, &tree_id, e->repo, rev ? rev : "HEAD")) < 0)
			return rc;
		if (git_tree_lookup(&tree, e->repo, &tree_id) < 0)
			return vd__error_git(VD_EGIT, rev ? rev : "HEAD");
		rc = sources_from_tree(&set, e->repo, tree);
		git_tree_free(tree);
	}
	if (rc < 0) {
		vd__sources_dispose(&set);
		return rc;
	}
	d = vd__diags_new();
	rc = compile_sources(&rs, d, &set);
	vd__ruleset_free(rs);
	vd__sources_dispose(&set);
	vd__diags_sort(d);
	*out = d;
	if (rc < 0)
		return vd__error_set(VD_EPOLICY, "%zu error%s in the policies", d->errors,
			d->errors == 1 ? "" : "s");
	return 0;
}

/* ---- revisions ------------------------------------------------------------ */

int
vd_engine_resolve(vd_buf *out, vd_engine *e, const char *rev)
{
	git_oid commit, tree;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	VD_ASSERT_ARG(out && e && rev);
	if ((rc = resolve(&commit, &tree, e->repo, rev)) < 0)
		return rc;
	vd__buf_put(out, git_oid_tostr(hex, sizeof(hex), &commit), GIT_OID_HEXSZ);
	return 0;
}

int
vd_engine_merge_base(vd_buf *out, vd_engine *e, const char *a, const char *b)
{
	git_oid ca, cb, base, tree;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	VD_ASSERT_ARG(out && e && a && b);
	if ((rc = resolve(&ca, &tree, e->repo, a)) < 0 ||
	    (rc = resolve(&cb, &tree, e->repo, b)) < 0)
		return rc;
	rc = git_merge_base(&base, e->repo, &ca, &cb);
	if (rc == GIT_ENOTFOUND)
		return vd__error_set(VD_ENOTFOUND, "'%s' and '%s' have no common ancestor", a, b);
	if (rc < 0)
		return vd__error_git(VD_EGIT, "finding the merge base");
	vd__buf_put(out, git_oid_tostr(hex, sizeof(hex), &base), GIT_OID_HEXSZ);
	return 0;
}

/* ---- settings of a ref that does not compile ---------------------------- */

/*
 * A setting read from the sources of a scope's tree, lowered on their own:
 * when the ref has errors elsewhere, the settings that lowered cleanly still
 * say what the hooks must do (on_error).
 */
int
vd__store_setting_fallback(bool *is_set, char *out, size_t outsz, vd_engine *e,
	vd_scope *s, const char *name)
{
	git_tree *tree = NULL;
	vd_source_set set;
	vd_diags *d;
	vd_ir ir;
	const char *v;
	int rc;

	*is_set = false;
	memset(&set, 0, sizeof(set));
	if (git_tree_lookup(&tree, e->repo, &s->tree) < 0)
		return vd__error_git(VD_EGIT, s->name);
	rc = sources_from_tree(&set, e->repo, tree);
	git_tree_free(tree);
	if (rc < 0) {
		vd__sources_dispose(&set);
		return rc;
	}
	memset(&ir, 0, sizeof(ir));
	d = vd__diags_new();
	vd__lower(&ir, set.files.ptr, set.files.len, d);
	if ((v = vd__ir_setting(&ir, name, NULL)) != NULL) {
		snprintf(out, outsz, "%s", v);
		*is_set = true;
	}
	vd__ir_dispose(&ir);
	vd_diags_free(d);
	vd__sources_dispose(&set);
	return 0;
}
