/*
 * rollback.c - a scope back to an earlier revision, as a new commit.
 *
 * Layer: runtime, the store's writing side (libgit2, never a git process).
 * Rolling back never rewrites history: the scope's branch gets a new
 * commit whose tree is the old revision's tree and whose parent is the
 * branch's tip, so the log stays linear, the rollback is reviewable, and
 * it can itself be reverted.  The audit log is not touched: every recorded
 * verdict names the commit and tree that judged it, so the evidence stays
 * what it was and only later verdicts follow the restored policies.
 *
 * The branch moves with a compare-and-swap on its old tip: a push that
 * lands meanwhile makes the rollback fail rather than be lost.  When the
 * branch is checked out in a work tree, the files follow (a safe checkout:
 * local changes in the way fail the rollback before the branch moves).
 */
#include "common.h"
#include "store.h"
#include "buf.h"

/* "main", "group/platform", "scope/group/platform" -> the branch's ref. */
static int
scope_ref(vd_buf *out, vd_engine *e, const char *scope)
{
	static const char *const kinds[] = { "group/", "repo/", "user/", "surface/" };
	size_t i;

	if (strncmp(scope, "scope/", 6) == 0)
		scope += 6;
	else if (strcmp(scope, e->default_branch) == 0) {
		vd__buf_printf(out, "refs/heads/%s", e->default_branch);
		return 0;
	}
	for (i = 0; i < VD_ARRAY_SIZE(kinds); i++)
		if (strncmp(scope, kinds[i], strlen(kinds[i])) == 0 && scope[strlen(kinds[i])]) {
			vd__buf_printf(out, "refs/heads/scope/%s", scope);
			return 0;
		}
	return vd__error_set(VD_EUSAGE,
		"unknown scope '%s'; expected %s (the baseline) or group/NAME, repo/OWNER/NAME, user/NAME, surface/NAME",
		scope, e->default_branch);
}

static int
signature(git_signature **out, git_repository *repo)
{
	if (git_signature_default(out, repo) == 0)
		return 0;
	if (git_signature_now(out, "verdict", "verdict@localhost") < 0)
		return vd__error_git(VD_EGIT, "making a signature");
	return 0;
}

/* Whether the branch is checked out in this (non-bare) repository's work tree. */
static bool
checked_out(git_repository *repo, const char *ref)
{
	git_reference *head = NULL;
	bool yes;

	if (git_repository_is_bare(repo) || git_repository_head(&head, repo) < 0)
		return false;
	yes = strcmp(git_reference_name(head), ref) == 0;
	git_reference_free(head);
	return yes;
}

static void
default_message(vd_buf *out, const char *scope, const char *rev, const git_commit *target,
	const char *tip_hex)
{
	char hex[GIT_OID_HEXSZ + 1];
	const char *summary = git_commit_summary((git_commit *)target);

	git_oid_tostr(hex, sizeof(hex), git_commit_id(target));
	vd__buf_printf(out, "Roll back %s to %s (%.12s%s%s)\n\n"
		"The policies of %s are again those of commit %s.\n"
		"This commit follows %s; recorded verdicts keep naming the commits that judged them.\n",
		scope, rev, hex, summary ? ": " : "", summary ? summary : "", scope, hex, tip_hex);
}

int
vd_rollback(vd_buf *commit_out, vd_policy_changes **changes_out, vd_engine *e,
	const char *scope, const char *rev, const vd_rollback_options *o)
{
	vd_rollback_options defaults = VD_ROLLBACK_OPTIONS_INIT;
	vd_buf ref = VD_BUF_INIT, msg = VD_BUF_INIT, log = VD_BUF_INIT;
	git_reference *branch = NULL, *moved = NULL;
	git_commit *tip = NULL, *target = NULL, *made = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	vd_policy_changes *changes = NULL;
	vd_scope *pinned;
	vd_tree_cache *compiled;
	git_oid id;
	char tip_hex[GIT_OID_HEXSZ + 1], new_hex[GIT_OID_HEXSZ + 1];
	int rc;

	VD_ASSERT_ARG(commit_out && e && scope && rev);
	if (changes_out)
		*changes_out = NULL;
	if (o == NULL)
		o = &defaults;
	if ((rc = scope_ref(&ref, e, scope)) < 0)
		goto done;
	if ((rc = git_reference_lookup(&branch, e->repo, ref.ptr)) < 0) {
		rc = rc == GIT_ENOTFOUND ?
			vd__error_set(VD_ENOTFOUND, "scope %s has no branch %s in the policy repository",
				scope, ref.ptr) :
			vd__error_git(VD_EGIT, ref.ptr);
		goto done;
	}
	if (git_commit_lookup(&tip, e->repo, git_reference_target(branch)) < 0) {
		rc = vd__error_git(VD_EGIT, ref.ptr);
		goto done;
	}
	git_oid_tostr(tip_hex, sizeof(tip_hex), git_commit_id(tip));
	/* The revision must exist and its policies compile, or every verdict would fail. */
	if ((rc = vd__store_pin(&pinned, e, rev)) < 0 ||
	    (rc = vd__store_compile(&compiled, e, pinned)) < 0)
		goto done;
	if ((rc = vd_policy_changes_between(&changes, e, tip_hex, rev)) < 0)
		goto done;
	if (git_oid_equal(git_commit_tree_id(tip), &pinned->tree)) {
		rc = 0;                         /* already there: nothing to commit */
		goto done;
	}
	if (git_commit_lookup(&target, e->repo, &pinned->commit) < 0 ||
	    git_tree_lookup(&tree, e->repo, &pinned->tree) < 0) {
		rc = vd__error_git(VD_EGIT, rev);
		goto done;
	}
	if (o->message && *o->message)
		vd__buf_puts(&msg, o->message);
	else
		default_message(&msg, scope, rev, target, tip_hex);
	if ((rc = signature(&sig, e->repo)) < 0)
		goto done;
	if (git_commit_create(&id, e->repo, NULL, sig, sig, NULL, msg.ptr, tree, 1,
	    (const git_commit **)&tip) < 0 || git_commit_lookup(&made, e->repo, &id) < 0) {
		rc = vd__error_git(VD_EGIT, "writing the rollback commit");
		goto done;
	}
	if (checked_out(e->repo, ref.ptr)) {
		git_checkout_options co;

		git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
		co.checkout_strategy = GIT_CHECKOUT_SAFE;
		if (git_checkout_tree(e->repo, (const git_object *)made, &co) < 0) {
			rc = vd__error_git(VD_EGIT,
				"updating the work tree (commit or stash local changes to the policies first)");
			goto done;
		}
	}
	git_oid_tostr(new_hex, sizeof(new_hex), &id);
	vd__buf_printf(&log, "verdict rollback %s to %s", scope, rev);
	if (git_reference_create_matching(&moved, e->repo, ref.ptr, &id, 1, git_commit_id(tip),
	    log.ptr) < 0) {
		rc = vd__error_git(VD_EGIT, "moving the branch (did it move meanwhile? run the rollback again)");
		goto done;
	}
	vd__buf_puts(commit_out, new_hex);
	/* Later verdicts read the scope's new tip. */
	vd__store_forget_scopes(e);
	rc = 0;
done:
	if (rc == 0 && changes_out) {
		*changes_out = changes;
		changes = NULL;
	}
	vd_policy_changes_free(changes);
	git_reference_free(branch);
	git_reference_free(moved);
	git_commit_free(tip);
	git_commit_free(target);
	git_commit_free(made);
	git_tree_free(tree);
	git_signature_free(sig);
	vd_buf_dispose(&ref);
	vd_buf_dispose(&msg);
	vd_buf_dispose(&log);
	return rc;
}
