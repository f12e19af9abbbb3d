/*
 * fuzz_githook.c - git's ref lines on stdin -> `verdict git-hook`.
 *
 * The input is a header line naming the hook and git's arguments, then
 * what git writes on the hook's stdin:
 *
 *     pre-push origin https://example.test/app.git
 *     refs/heads/main @4 refs/heads/main @1
 *
 * The header is one of `pre-push <remote> [<url>]`, `pre-receive`,
 * `pre-receive --check-policies` (the policy repository's own gate) and
 * `update <ref> <old-id> <new-id>`; any other first line makes the whole
 * input a pre-receive's stdin.  `@0` .. `@9` stand for the fixture's
 * object ids (commits, then a tag, a blob and a tree) and `@z` for the
 * all-zero id, so that mutations reach real objects often.
 *
 * It runs through githook_run(), the code `verdict git-hook` runs, with
 * $GIT_DIR on a small fixture repository built once: a history with a
 * merge, a rename, a binary file, a symlink, a secret and a policy file,
 * refs for main, a feature branch, a tag and origin/main, and two commits
 * no ref reaches (what a push brings).  Events are judged against the
 * fixture policy repository and recorded into a scratch audit log.  The
 * exit status must be one git hooks document: 0, 2 (blocked) or an error
 * status, 3 to 8.
 *
 * VD_FUZZ_PRINT_IDS=1 prints what @0..@9 stand for; VD_FUZZ_VERBOSE=1
 * lets the hook's messages through, with each exit status.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "git_hooks.h"
#include "gitfix.h"

#ifndef VD_SOURCE_DIR
#define VD_SOURCE_DIR "."
#endif

#define AUDIT_RESET_RUNS 256
#define MAX_ARGS 16

static char policy[4200], audit_path[4200], stdin_path[4200];
static char ids[10][GIT_OID_HEXSZ + 1];

/* The repository a push goes to; ids[] are its objects. */
static void
build_work_repo(const char *path)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
	static const char policy_ok[] = "policy \"t.ok\" { on shell.exec when command.name == \"ls\" }\n";
	static const char policy_bad[] = "policy \"t.bad\" { on shell.exec when command.name == }\n";
	char big[2048];
	git_repository *repo = gf_repo_new(path, 1);
	git_oid c[7], both[2], tag;
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_config *cfg = NULL;
	git_reference *ref = NULL;
	git_commit *commit = NULL;
	size_t i;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	{
		const gf_file readme = { "README.md", "# app\n", 0, 0 };
		const gf_file readme2 = { "README.md", "# app\n\nNow with config.\n", 0, 0 };
		const gf_file main_c = { "src/main.c", "int main(void) { return 0; }\n", 0, 0 };
		const gf_file app_c = { "src/app.c", "int main(void) { return 0; }\n", 0, 0 };
		const gf_file app_c2 = { "src/app.c", "int main(void) { return 1; }\n", 0, 0 };
		const gf_file run_sh = { "run.sh", "#!/bin/sh\necho run\n", 0, GIT_FILEMODE_BLOB_EXECUTABLE };
		const gf_file ok = { "packs/t/t.policy", policy_ok, 0, 0 };
		const gf_file bad = { "packs/t/t.policy", policy_bad, 0, 0 };
		const gf_file env = { ".env", "AWS_KEY=AKIAIOSFODNN7EXAMPLE\n", 0, 0 };
		const gf_file logo = { "logo.png", png, sizeof(png) - 1, 0 };
		const gf_file link = { "link", "README.md", 0, GIT_FILEMODE_LINK };
		const gf_file feature = { "feature.txt", "TODO: later\n", 0, 0 };
		const gf_file merged = { "feature.txt", "TODO: later, merged\n", 0, 0 };
		const gf_file large = { "big.txt", big, 0, 0 };
		const gf_file key = { "id_rsa", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n", 0, 0 };
		const gf_file f0[] = { readme, main_c, run_sh, ok };
		const gf_file f1[] = { readme2, main_c, run_sh, ok, env };
		/* .env deleted, src/main.c renamed, a binary and a symlink added */
		const gf_file f2[] = { readme2, app_c, run_sh, ok, logo, link };
		const gf_file f3[] = { readme, main_c, run_sh, ok, feature };
		const gf_file f4[] = { readme2, app_c, run_sh, ok, logo, link, merged };
		/* Not reachable from any ref: what a push brings. */
		const gf_file f5[] = { readme2, app_c2, bad, large };
		const gf_file f6[] = { readme2, app_c2, key };

		gf_commit(&c[0], repo, NULL, NULL, 0, f0, 4, "feat: first", 1777000000);
		gf_commit(&c[1], repo, NULL, &c[0], 1, f1, 5, "fix: config", 1777000100);
		gf_commit(&c[2], repo, NULL, &c[1], 1, f2, 6, "chore: rename, logo, link", 1777000200);
		gf_commit(&c[3], repo, NULL, &c[0], 1, f3, 5, "feat: feature", 1777000300);
		both[0] = c[2];
		both[1] = c[3];
		gf_commit(&c[4], repo, NULL, both, 2, f4, 7, "Merge branch 'feature'", 1777000400);
		gf_commit(&c[5], repo, NULL, &c[4], 1, f5, 4, "wip", 1777000500);
		gf_commit(&c[6], repo, NULL, &c[5], 1, f6, 3, "fix: key", 1777000600);
	}
	if (git_reference_create(&ref, repo, "refs/heads/main", &c[4], 1, NULL) < 0)
		abort();
	git_reference_free(ref);
	if (git_reference_create(&ref, repo, "refs/heads/feature", &c[3], 1, NULL) < 0)
		abort();
	git_reference_free(ref);
	if (git_reference_create(&ref, repo, "refs/remotes/origin/main", &c[1], 1, NULL) < 0)
		abort();
	git_reference_free(ref);
	if (git_signature_new(&sig, "Tess", "tess@acme.test", 1777000700, 0) < 0 ||
	    git_object_lookup(&target, repo, &c[1], GIT_OBJECT_COMMIT) < 0 ||
	    git_tag_create(&tag, repo, "v1", target, sig, "v1\n", 1) < 0)
		abort();
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "remote.origin.url", "https://example.test/app.git") < 0 ||
	    git_config_set_string(cfg, "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*") < 0)
		abort();
	for (i = 0; i < 7; i++)
		git_oid_tostr(ids[i], sizeof(ids[i]), &c[i]);
	git_oid_tostr(ids[7], sizeof(ids[7]), &tag);
	if (git_commit_lookup(&commit, repo, &c[0]) < 0)
		abort();
	git_oid_tostr(ids[9], sizeof(ids[9]), git_commit_tree_id(commit));
	{
		git_tree *tree = NULL;

		if (git_commit_tree(&tree, commit) < 0)
			abort();
		git_oid_tostr(ids[8], sizeof(ids[8]), git_tree_entry_id(git_tree_entry_byname(tree, "README.md")));
		git_tree_free(tree);
	}
	git_commit_free(commit);
	git_config_free(cfg);
	git_object_free(target);
	git_signature_free(sig);
	git_repository_free(repo);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("VERDICT_SOURCE_DIR");
	const char *dir = gf_scratch();
	char work[4200];

	(void)argc;
	(void)argv;
	snprintf(policy, sizeof(policy), "%s/policy.git", dir);
	snprintf(audit_path, sizeof(audit_path), "%s/audit.db", dir);
	snprintf(stdin_path, sizeof(stdin_path), "%s/stdin", dir);
	snprintf(work, sizeof(work), "%s/work.git", dir);
	gf_policy_repo(policy, src && *src ? src : VD_SOURCE_DIR);
	build_work_repo(work);
	/* As git runs a hook: $GIT_DIR names the repository. */
	setenv("GIT_DIR", work, 1);
	if (getenv("VD_FUZZ_PRINT_IDS"))
		for (int i = 0; i < 10; i++)
			fprintf(stderr, "@%d %s\n", i, ids[i]);
	return 0;
}

/* The input with @0..@9 and @z replaced by object ids. */
static char *
expand(const uint8_t *data, size_t size, size_t *len)
{
	/* A 2-byte token becomes 40 bytes. */
	char *out = malloc(size * 20 + 1);
	size_t i, n = 0;

	if (out == NULL)
		abort();
	for (i = 0; i < size; i++) {
		if (data[i] == '@' && i + 1 < size && (data[i + 1] == 'z' ||
		    (data[i + 1] >= '0' && data[i + 1] <= '9'))) {
			memcpy(out + n, data[i + 1] == 'z' ? "0000000000000000000000000000000000000000" :
				ids[data[i + 1] - '0'], 40);
			n += 40;
			i++;
		} else {
			out[n++] = (char)data[i];
		}
	}
	out[n] = '\0';
	*len = n;
	return out;
}

typedef struct {
	int argc;
	char **argv;
	int status;
} call;

static int
run(void *arg)
{
	call *c = arg;

	c->status = githook_run(c->argc, c->argv);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	char *argv[MAX_ARGS + 1], *text, *body, *save = NULL, *tok, *header;
	const char *hook = NULL;
	size_t len;
	int argc = 0, nargs = 0, max_args = 0;
	bool gate = false;
	FILE *f;
	call c;

	if (policy[0] == '\0')
		LLVMFuzzerInitialize(NULL, NULL);
	if (++runs % AUDIT_RESET_RUNS == 0)
		gf_audit_reset(audit_path);
	text = expand(data, size, &len);
	body = memchr(text, '\n', len);
	header = strndup(text, body ? (size_t)(body - text) : len);
	argv[argc++] = "git-hook";
	argv[argc++] = NULL;   /* the hook, below */
	argv[argc++] = "--policy-repo";
	argv[argc++] = policy;
	argv[argc++] = "--audit";
	argv[argc++] = audit_path;
	argv[argc++] = "--quiet";
	tok = strtok_r(header, " \t", &save);
	if (tok && strcmp(tok, "pre-push") == 0)
		hook = tok, max_args = 2;
	else if (tok && strcmp(tok, "update") == 0)
		hook = tok, max_args = 3;
	else if (tok && strcmp(tok, "pre-receive") == 0)
		hook = tok;
	if (hook) {
		char *args[4];

		body = body ? body + 1 : text + len;
		while ((tok = strtok_r(NULL, " \t", &save)) != NULL && nargs < max_args + 1) {
			if (strcmp(tok, "--check-policies") == 0 && strcmp(hook, "pre-receive") == 0)
				gate = true;
			else
				args[nargs++] = tok;
		}
		if (gate)
			argv[argc++] = "--check-policies";
		argv[argc++] = "--";
		for (int i = 0; i < nargs; i++)
			argv[argc++] = args[i];
	} else {
		hook = "pre-receive";
		body = text;
	}
	argv[1] = (char *)hook;
	argv[argc] = NULL;
	/* git's stdin: a file, as the hook reads stdin to its end. */
	if ((f = fopen(stdin_path, "wb")) == NULL ||
	    fwrite(body, 1, len - (size_t)(body - text), f) != len - (size_t)(body - text) ||
	    fclose(f) != 0 || freopen(stdin_path, "rb", stdin) == NULL)
		abort();
	c.argc = argc;
	c.argv = argv;
	if (getenv("VD_FUZZ_VERBOSE"))
		run(&c), fprintf(stderr, "-> %d\n", c.status);
	else
		gf_quietly(run, &c);
	if (c.status != 0 && (c.status < 2 || c.status > 8)) {
		fprintf(stderr, "fuzz_githook: exit status %d is not 0, 2 or an error status (3-8)\n"
			"input: %.*s\n", c.status, (int)size, (const char *)data);
		abort();
	}
	free(header);
	free(text);
	return 0;
}
