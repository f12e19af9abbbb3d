/*
 * inventory.c - what a revision holds and assigns: its packs, each pack's
 * version (the last commit that touched packs/<pack>), its policies with
 * their effective modes, and its ramp; for one revision (`verdict packs`)
 * or for every scope branch (`verdict scopes`).
 *
 * Layer: runtime.  A pack's version follows git log's history
 * simplification: a commit touched packs/<pack> when its entry differs
 * from the entry in every parent (a merge that kept one side did not).
 */
#include "common.h"
#include "store.h"
#include "buf.h"

typedef vd_vec(const char *) name_vec;

struct vd_inventory {
	vd_arena arena;
	vd_vec(vd_revision_info) revs;
};

static const char *
oid_hex(vd_arena *a, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	return vd__arena_strdup(a, hex);
}

/* The tree entry id of packs/<name> in a commit's tree; false when absent. */
static bool
pack_entry(git_commit *c, const char *name, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	char path[4096];
	bool found = false;

	snprintf(path, sizeof(path), "packs/%s", name);
	if (git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&te, tree, path) == 0) {
		*out = *git_tree_entry_id(te);
		found = true;
	}
	git_tree_entry_free(te);
	git_tree_free(tree);
	return found;
}

/* For each pack, the newest commit from `tip` back that touched it. */
static int
pack_versions(vd_engine *e, vd_arena *a, const git_oid *tip, vd_pack_info *packs, size_t n)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t left = n, i;
	int rc = 0;

	if (n == 0)
		return 0;
	if (git_revwalk_new(&walk, e->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, tip) < 0) {
		rc = vd__error_git(VD_EGIT, "walking the history of the packs");
		goto done;
	}
	while (left > 0 && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		unsigned np, p;

		if (git_commit_lookup(&c, e->repo, &id) < 0) {
			rc = vd__error_git(VD_EGIT, "reading a commit");
			break;
		}
		np = git_commit_parentcount(c);
		for (i = 0; i < n; i++) {
			git_oid here, there;
			bool has_here, touched = true;

			if (packs[i].version)
				continue;
			has_here = pack_entry(c, packs[i].name, &here);
			for (p = 0; p < np && touched; p++) {
				git_commit *parent = NULL;

				if (git_commit_parent(&parent, c, p) < 0)
					continue;
				if (pack_entry(parent, packs[i].name, &there) == has_here &&
				    (!has_here || git_oid_equal(&here, &there)))
					touched = false;
				git_commit_free(parent);
			}
			if (touched && has_here) {
				packs[i].version = oid_hex(a, &id);
				packs[i].summary = vd__arena_strdup(a, git_commit_summary(c) ? git_commit_summary(c) : "");
				packs[i].time = (int64_t)git_commit_time(c);
				left--;
			}
		}
		git_commit_free(c);
	}
done:
	git_revwalk_free(walk);
	return rc;
}

/* The pack directories of a tree, sorted as git sorts them. */
static void
pack_names(vd_engine *e, const git_oid *tree_id, vd_arena *a, name_vec *out)
{
	git_tree *tree = NULL, *packs = NULL;
	const git_tree_entry *pe;
	size_t i;

	if (git_tree_lookup(&tree, e->repo, tree_id) < 0)
		return;
	pe = git_tree_entry_byname(tree, "packs");
	if (pe && git_tree_entry_type(pe) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&packs, e->repo, git_tree_entry_id(pe)) == 0) {
		for (i = 0; i < git_tree_entrycount(packs); i++) {
			const git_tree_entry *te = git_tree_entry_byindex(packs, i);

			if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
				vd_vec_push(out, vd__arena_strdup(a, git_tree_entry_name(te)));
		}
	}
	git_tree_free(packs);
	git_tree_free(tree);
}

/* The exceptions of a rule set, copied (the rule set belongs to the engine). */
static const vd_exception_info *
describe_exceptions(vd_arena *a, const vd_ruleset *rs)
{
	const vd_ir *ir = &rs->ir;
	vd_exception_info *out = vd__arena_calloc(a, ir->exceptions.len + 1, sizeof(*out));
	size_t i, j, k;

	for (i = 0; i < ir->exceptions.len; i++) {
		const vd_exception *e = ir->exceptions.ptr[i];
		const char **pats = vd__arena_calloc(a, e->npatterns + 1, sizeof(char *));

		out[i].id = vd__arena_strdup(a, e->id);
		out[i].file = vd__arena_strdup(a, e->loc.file);
		out[i].line = e->loc.line;
		out[i].owner = e->owner ? vd__arena_strdup(a, e->owner) : NULL;
		out[i].reason = e->reason ? vd__arena_strdup(a, e->reason) : NULL;
		out[i].expires = e->expires ? vd__arena_strdup(a, e->expires) : NULL;
		out[i].expires_at = e->expires_at;
		for (j = 0; j < e->npatterns; j++)
			pats[j] = vd__arena_strndup(a, e->patterns[j].s, e->patterns[j].len);
		out[i].patterns = pats;
		out[i].npatterns = e->npatterns;
		for (j = 0; j < ir->policies.len; j++)
			for (k = 0; k < rs->nexceptions_of[j]; k++)
				if (rs->exceptions_of[j][k] == e)
					out[i].ncovered++;
	}
	return out;
}

/* Describe one scope (or pinned revision): its tip, packs, policies, ramp. */
static int
describe(vd_inventory *inv, vd_engine *e, vd_scope *s)
{
	vd_arena *a = &inv->arena;
	vd_revision_info r;
	vd_tree_cache *c = NULL;
	name_vec names = VD_VEC_INIT;
	vd_pack_info *packs;
	git_commit *tip = NULL;
	size_t i, j, k;
	int rc;

	memset(&r, 0, sizeof(r));
	r.scope = vd__arena_strdup(a, s->name);
	r.kind = vd__scope_kind_name(s->kind);
	r.ref = vd__arena_strdup(a, s->ref);
	r.commit = vd__arena_strdup(a, s->commit_hex);
	if (git_commit_lookup(&tip, e->repo, &s->commit) == 0) {
		r.summary = vd__arena_strdup(a, git_commit_summary(tip) ? git_commit_summary(tip) : "");
		r.time = (int64_t)git_commit_time(tip);
		git_commit_free(tip);
	}
	if ((rc = vd__store_compile(&c, e, s)) == VD_EPOLICY)
		r.error = vd__arena_strdup(a, vd_error_last()->message);
	else if (rc < 0)
		return rc;
	pack_names(e, &s->tree, a, &names);
	packs = vd__arena_calloc(a, names.len + 1, sizeof(vd_pack_info));
	for (i = 0; i < names.len; i++)
		packs[i].name = names.ptr[i];
	if (c && c->rs) {
		const vd_ir *ir = &c->rs->ir;
		vd_ramp_info *ramp = vd__arena_calloc(a, ir->ramp.len + 1, sizeof(vd_ramp_info));

		for (i = 0; i < names.len; i++) {
			vd_policy_info *pi;

			for (j = 0, k = 0; j < ir->policies.len; j++)
				k += strcmp(ir->policies.ptr[j]->pack, names.ptr[i]) == 0;
			pi = vd__arena_calloc(a, k + 1, sizeof(vd_policy_info));
			for (j = 0, k = 0; j < ir->policies.len; j++) {
				const vd_policy *p = ir->policies.ptr[j];

				if (strcmp(p->pack, names.ptr[i]) != 0)
					continue;
				/* Copied: the rule set belongs to the engine, not to us. */
				pi[k].id = vd__arena_strdup(a, p->id);
				pi[k].risk = p->risk ? vd__arena_strdup(a, p->risk) : NULL;
				pi[k].mode = p->effective;
				pi[k].severity = p->severity;
				pi[k].mode_source = vd__arena_strdup(a, p->mode_source);
				k++;
			}
			packs[i].policies = pi;
			packs[i].npolicies = k;
		}
		for (i = 0; i < ir->ramp.len; i++) {
			ramp[i].target = vd__arena_strdup(a, ir->ramp.ptr[i].target);
			ramp[i].mode = ir->ramp.ptr[i].mode;
		}
		r.ramp = ramp;
		r.nramp = ir->ramp.len;
		r.exceptions = describe_exceptions(a, c->rs);
		r.nexceptions = ir->exceptions.len;
	}
	if ((rc = pack_versions(e, a, &s->commit, packs, names.len)) < 0) {
		vd_vec_dispose(&names);
		return rc;
	}
	r.packs = packs;
	r.npacks = names.len;
	vd_vec_push(&inv->revs, r);
	vd_vec_dispose(&names);
	return 0;
}

int
vd_inventory_revision(vd_inventory **out, vd_engine *e, const char *rev)
{
	vd_inventory *inv;
	vd_scope *s;
	int rc;

	VD_ASSERT_ARG(out && e);
	*out = NULL;
	if ((rc = vd__store_pin(&s, e, rev ? rev : e->default_branch)) < 0)
		return rc;
	inv = vd__calloc(1, sizeof(*inv));
	if ((rc = describe(inv, e, s)) < 0) {
		vd_inventory_free(inv);
		return rc;
	}
	*out = inv;
	return 0;
}

int
vd_inventory_scopes(vd_inventory **out, vd_engine *e)
{
	vd_inventory *inv;
	size_t i;
	int rc;

	VD_ASSERT_ARG(out && e);
	*out = NULL;
	if ((rc = vd__store_load_scopes(e)) < 0)
		return rc;
	inv = vd__calloc(1, sizeof(*inv));
	for (i = 0; i < e->scopes.len; i++)
		if ((rc = describe(inv, e, e->scopes.ptr[i])) < 0) {
			vd_inventory_free(inv);
			return rc;
		}
	*out = inv;
	return 0;
}

size_t
vd_inventory_count(const vd_inventory *inv)
{
	return inv ? inv->revs.len : 0;
}

const vd_revision_info *
vd_inventory_get(const vd_inventory *inv, size_t i)
{
	return inv && i < inv->revs.len ? &inv->revs.ptr[i] : NULL;
}

void
vd_inventory_free(vd_inventory *inv)
{
	if (inv == NULL)
		return;
	vd_vec_dispose(&inv->revs);
	vd__arena_dispose(&inv->arena);
	vd__free(inv);
}
