/*
 * init.c - vd_repo_init(): a new policy repository from the starter packs.
 *
 * Layer: runtime.  The packs are embedded in the library at build time
 * (cmake/embed-packs.cmake writes starter_packs.inc from packs/), so
 * `verdict init` works from an installed binary with no source tree.  The
 * new repository has one commit on the baseline branch: the packs with
 * their tests and READMEs, a README for the repository, and an empty ramp
 * (every policy observes), ready to push.
 */
#include "common.h"
#include "buf.h"
#include "store.h"

#include <dirent.h>
#include <sys/stat.h>

#include "starter_packs.inc"

static const char repo_readme[] =
	"# Policy repository\n"
	"\n"
	"The policies [verdict](https://github.com/) judges agent actions and git\n"
	"pushes with.  Made by `verdict init` from the starter packs; every policy\n"
	"starts in observe.\n"
	"\n"
	"    packs/<pack>/*.policy        the policies of one pack\n"
	"    packs/<pack>/tests/*.json    its tests: events and the verdict they must get\n"
	"    packs/<pack>/README.md       what the pack watches and how to tune it\n"
	"    ramp.policy                  the rung of each risk class on this branch\n"
	"\n"
	"- **A commit is a pack version**: `verdict packs` lists each pack's version\n"
	"  and its policies' modes.\n"
	"- **A branch is an assignment scope**: `main` applies to every event;\n"
	"  `scope/group/<g>`, `scope/repo/<owner>/<name>`, `scope/user/<u>` and\n"
	"  `scope/surface/<s>` apply to the events of that group, repo, user or\n"
	"  agent.  `verdict scopes` shows what each assigns.\n"
	"- **A change is a pull request**: run `verdict check`, `verdict fmt --check`\n"
	"  and `verdict test` in CI, and review the verdict diff of the change.\n"
	"\n"
	"Promote a risk class with a one-line change to `ramp.policy`, once the\n"
	"recorded events show the policy is right; tune false positives with an\n"
	"`exception` (see packs/README.md).\n";

static const char ramp_policy[] =
	"# The rung of each risk class (or policy id) on this branch.  Every\n"
	"# starter policy observes until an entry here promotes it, for example:\n"
	"#\n"
	"#   ramp {\n"
	"#     destructive        block\n"
	"#     credential-access  warn\n"
	"#   }\n"
	"\n"
	"ramp {\n"
	"}\n";

/* Write one file under `root`, creating its directories. */
static int
write_file(const char *root, const char *path, const void *data, size_t len)
{
	vd_buf full = VD_BUF_INIT;
	FILE *f;
	size_t i;
	int rc = 0;

	vd__buf_printf(&full, "%s/%s", root, path);
	for (i = strlen(root) + 1; i < full.size; i++)
		if (full.ptr[i] == '/') {
			full.ptr[i] = '\0';
			if (mkdir(full.ptr, 0777) < 0 && errno != EEXIST)
				rc = vd__error_set(VD_EIO, "%s: %s", full.ptr, strerror(errno));
			full.ptr[i] = '/';
			if (rc < 0)
				goto done;
		}
	if ((f = fopen(full.ptr, "wb")) == NULL) {
		rc = vd__error_set(VD_EIO, "%s: %s", full.ptr, strerror(errno));
		goto done;
	}
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		rc = vd__error_set(VD_EIO, "%s: write error", full.ptr);
done:
	vd_buf_dispose(&full);
	return rc;
}

/* The directory does not exist, or is empty. */
static int
check_target(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d == NULL)
		return errno == ENOENT ? 0 : vd__error_set(VD_EIO, "%s: %s", path, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			closedir(d);
			return vd__error_set(VD_EUSAGE,
				"'%s' is not empty; verdict init makes a new policy repository in an empty or new directory",
				path);
		}
	closedir(d);
	return 0;
}

int
vd_repo_init(const char *path, const vd_init_options *opts, vd_buf *commit_out)
{
	vd_init_options defaults = VD_INIT_OPTIONS_INIT;
	git_repository_init_options io;
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	vd_buf head = VD_BUF_INIT, msg = VD_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int rc;

	VD_ASSERT_ARG(path && *path);
	if (opts == NULL)
		opts = &defaults;
	if ((rc = check_target(path)) < 0)
		return rc;
	git_libgit2_init();
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	vd__buf_printf(&head, "refs/heads/%s", opts->branch && *opts->branch ? opts->branch : "main");
	io.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	io.initial_head = head.ptr;
	if (git_repository_init_ext(&repo, path, &io) < 0) {
		rc = vd__error_git(VD_EGIT, path);
		goto done;
	}
	if (opts->branch && *opts->branch && strcmp(opts->branch, "main") != 0) {
		/* Every verb finds the baseline branch through verdict.branch. */
		git_config *cfg = NULL;

		if (git_repository_config(&cfg, repo) < 0 ||
		    git_config_set_string(cfg, "verdict.branch", opts->branch) < 0)
			rc = vd__error_git(VD_EGIT, "setting verdict.branch");
		git_config_free(cfg);
		if (rc < 0)
			goto done;
	}
	for (i = 0; i < VD_ARRAY_SIZE(starter_files) && rc == 0; i++)
		rc = write_file(path, starter_files[i].path, starter_files[i].data, starter_files[i].len);
	if (rc == 0)
		rc = write_file(path, "README.md", repo_readme, sizeof(repo_readme) - 1);
	if (rc == 0)
		rc = write_file(path, "ramp.policy", ramp_policy, sizeof(ramp_policy) - 1);
	if (rc < 0)
		goto done;
	if (git_repository_index(&index, repo) < 0 ||
	    git_index_add_all(index, NULL, 0, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0) {
		rc = vd__error_git(VD_EGIT, "staging the starter packs");
		goto done;
	}
	/* The user's identity when git knows it, else verdict's own. */
	if (git_signature_default(&sig, repo) < 0 &&
	    git_signature_now(&sig, "verdict", "verdict@localhost") < 0) {
		rc = vd__error_git(VD_EGIT, "making a signature");
		goto done;
	}
	if (opts->message && *opts->message)
		vd__buf_puts(&msg, opts->message);
	else
		vd__buf_printf(&msg, "Starter packs from verdict %s\n\nEvery policy starts in observe.\n",
			vd_version());
	if (git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL, msg.ptr, tree, 0) < 0) {
		rc = vd__error_git(VD_EGIT, "committing the starter packs");
		goto done;
	}
	if (commit_out) {
		git_oid_tostr(hex, sizeof(hex), &commit_id);
		vd__buf_puts(commit_out, hex);
	}
done:
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	git_repository_free(repo);
	vd_buf_dispose(&head);
	vd_buf_dispose(&msg);
	return rc;
}
