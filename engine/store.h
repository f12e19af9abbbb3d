/*
 * store.h - the git store: a policy repository, its scopes, and the rule
 * set compiled from each tree, cached by tree id.
 */
#ifndef VD_ENGINE_STORE_H
#define VD_ENGINE_STORE_H

#include "common.h"
#include "ruleset.h"
#include "vec.h"

#include <git2.h>

typedef enum {
	VD_SCOPE_BASE,      /* the default branch: applies to every event */
	VD_SCOPE_GROUP,     /* scope/group/<g>: events whose groups hold g */
	VD_SCOPE_REPO,      /* scope/repo/<owner>/<name> */
	VD_SCOPE_USER,      /* scope/user/<u> */
	VD_SCOPE_SURFACE,   /* scope/surface/<s> */
	VD_SCOPE_PINNED,    /* a revision given with --ref */
} vd_scope_kind;

/* One compiled tree.  rs is NULL when the tree does not compile. */
typedef struct {
	git_oid tree;
	vd_ruleset *rs;
	vd_diags *diags;
	int rc;
} vd_tree_cache;

typedef struct {
	char *name;             /* "main", "group/platform", or the pinned revision */
	vd_scope_kind kind;
	char *key;              /* the group, repo, user or surface; NULL for base */
	char *ref;              /* "refs/heads/scope/group/platform" */
	git_oid commit;
	git_oid tree;
	char commit_hex[GIT_OID_HEXSZ + 1];
	char tree_hex[GIT_OID_HEXSZ + 1];
	vd_tree_cache *compiled;/* borrowed from the engine's cache, NULL until needed */
} vd_scope;

/* Source files read from a tree or a working tree, in one arena. */
typedef struct {
	vd_vec(vd_source) files;
	vd_arena arena;
} vd_source_set;

void vd__sources_dispose(vd_source_set *s);

struct vd_engine {
	git_repository *repo;
	char *path;
	char *default_branch;
	vd_vec(vd_tree_cache *) cache;
	bool scopes_loaded;
	vd_vec(vd_scope *) scopes;   /* the base scope first, then scope branches */
	vd_vec(vd_scope *) pinned;   /* revisions resolved for --ref */
	vd_tree_cache *workdir;      /* the working tree's policies, once compiled */
	char *cache_dir;             /* the compile cache (cache.h), NULL when off */
	unsigned cache_hits;         /* trees loaded from it, for tests and benchmarks */
	unsigned cache_misses;       /* trees compiled from their sources */
};

/* Load the base and scope branches (once). */
int vd__store_load_scopes(vd_engine *e);

/* The scope for a pinned revision, resolved and cached. */
int vd__store_pin(vd_scope **out, vd_engine *e, const char *rev);

/* The compiled rule set of a scope's tree; VD_EPOLICY names the first error. */
int vd__store_compile(vd_tree_cache **out, vd_engine *e, vd_scope *s);

/*
 * Files packs/<pack>/<sub>/<name><suffix> (`sub` NULL: the pack directory itself)
 * at `rev`, or in the working tree when rev is NULL (HEAD when bare).
 */
int vd__store_pack_files(vd_source_set *set, vd_engine *e, const char *rev, const char *sub,
	const char *suffix);

/* The working tree's policies compiled (once per engine); VD_EPOLICY names the first error. */
int vd__store_compile_workdir(vd_tree_cache **out, vd_engine *e);
/* Forget the branches' tips and the pinned revisions: the next judgment resolves them again. */
void vd__store_forget_scopes(vd_engine *e);

/* The name of a scope kind ("base", "group", ...). */
const char *vd__scope_kind_name(vd_scope_kind k);

/*
 * A setting of a scope's tree read from its sources even when the tree does
 * not compile (what lowered cleanly): into `out`, with `is_set`.
 */
int vd__store_setting_fallback(bool *is_set, char *out, size_t outsz, vd_engine *e,
	vd_scope *s, const char *name);

#endif
