/*
 * gitfix.c - the hook fuzz targets' fixtures: a private scratch directory
 * and environment, commits written with libgit2, and the policy
 * repository (see gitfix.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "verdict.h"
#include "gitfix.h"

/* Reports of ASan and UBSan go here when the symbol exists (sanitized builds). */
void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

static char scratch[4096];
static int real_stderr = -1, devnull = -1;

#define GF_CHECK(expr) do { \
	if ((expr) < 0) { \
		const git_error *e_ = git_error_last(); \
		fprintf(stderr, "fuzz fixture: %s: %s\n", #expr, e_ ? e_->message : "?"); \
		abort(); \
	} \
} while (0)

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

static void
remove_scratch(void)
{
	if (scratch[0])
		nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
subdir(const char *name, const char *env)
{
	char p[4200];

	snprintf(p, sizeof(p), "%s/%s", scratch, name);
	mkdir(p, 0700);
	if (env)
		setenv(env, p, 1);
}

const char *
gf_scratch(void)
{
	struct stat st;
	const char *tmp = getenv("TMPDIR");

	if (scratch[0])
		return scratch;
	snprintf(scratch, sizeof(scratch), "%s/vd-fuzz-XXXXXX",
		stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0 ?
		"/dev/shm" : tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror("fuzz fixture: mkdtemp");
		abort();
	}
	atexit(remove_scratch);
	/* Nothing of the developer's: no ~/.gitconfig, no verdict config, no default log. */
	subdir("home", "HOME");
	subdir("config", "XDG_CONFIG_HOME");
	subdir("state", "XDG_STATE_HOME");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("VERDICT_CONFIG", "/nonexistent/verdict-fuzz-config.json", 1);
	setenv("VERDICT_USER", "alice", 1);
	setenv("VERDICT_GROUPS", "dev", 1);
	setenv("VERDICT_REPO_NAME", "acme/api", 1);
	setenv("VERDICT_NOW", "2026-06-01T00:00:00Z", 1);
	unsetenv("VERDICT_REPO");
	unsetenv("VERDICT_AUDIT");
	unsetenv("VERDICT_AUDIT_TIMEOUT");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	git_libgit2_init();
	/* libgit2 read HOME when it started: point its search paths into the scratch too. */
	{
		char p[4200];

		snprintf(p, sizeof(p), "%s/home", scratch);
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, p);
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, p);
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, p);
	}
	return scratch;
}

git_repository *
gf_repo_new(const char *path, int bare)
{
	git_repository *repo = NULL;

	GF_CHECK(git_repository_init(&repo, path, bare ? 1 : 0));
	return repo;
}

void
gf_commit(git_oid *out, git_repository *repo, const char *ref, const git_oid *parents,
	size_t nparents, const gf_file *files, size_t nfiles, const char *message, int64_t when)
{
	git_index *index = NULL;
	git_oid tree_id;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	const git_commit *pc[8];
	git_commit *owned[8];
	size_t i;

	GF_CHECK(git_index_new(&index));
	for (i = 0; i < nfiles; i++) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.path = files[i].path;
		e.mode = files[i].mode ? files[i].mode : GIT_FILEMODE_BLOB;
		GF_CHECK(git_blob_create_from_buffer(&e.id, repo, files[i].data,
			files[i].len ? files[i].len : strlen(files[i].data)));
		GF_CHECK(git_index_add(index, &e));
	}
	GF_CHECK(git_index_write_tree_to(&tree_id, index, repo));
	GF_CHECK(git_tree_lookup(&tree, repo, &tree_id));
	GF_CHECK(git_signature_new(&sig, "Tess", "tess@acme.test", (git_time_t)when, 0));
	if (nparents > 8)
		abort();
	for (i = 0; i < nparents; i++) {
		GF_CHECK(git_commit_lookup(&owned[i], repo, &parents[i]));
		pc[i] = owned[i];
	}
	GF_CHECK(git_commit_create(out, repo, ref, sig, sig, NULL, message, tree, nparents, pc));
	for (i = 0; i < nparents; i++)
		git_commit_free(owned[i]);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	vd_buf b = VD_BUF_INIT;
	char chunk[8192];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "fuzz fixture: cannot read %s\n", path);
		abort();
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vd_buf_put(&b, chunk, n);
	fclose(f);
	return b.ptr ? b.ptr : strdup("");
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
gf_policy_repo(const char *path, const char *srcdir)
{
	gf_file files[64];
	char *texts[64], *names[64], *packs[64];
	size_t n = 0, npacks = 0, i;
	char p[4096];
	git_repository *repo;
	git_oid id;
	vd_engine *engine = NULL;
	vd_diags *diags = NULL;
	vd_buf out = VD_BUF_INIT;
	DIR *d;
	struct dirent *de;

	snprintf(p, sizeof(p), "%s/tests/fuzz/kitchen.policy", srcdir);
	texts[n] = slurp(p);
	names[n++] = strdup("kitchen.policy");
	snprintf(p, sizeof(p), "%s/tests/fuzz/hooks.policy", srcdir);
	texts[n] = slurp(p);
	names[n++] = strdup("packs/fuzz/hooks.policy");
	snprintf(p, sizeof(p), "%s/packs", srcdir);
	if ((d = opendir(p)) == NULL) {
		perror(p);
		abort();
	}
	while ((de = readdir(d)) != NULL && npacks < 32)
		if (de->d_name[0] != '.')
			packs[npacks++] = strdup(de->d_name);
	closedir(d);
	qsort(packs, npacks, sizeof(char *), name_cmp);
	for (i = 0; i < npacks; i++) {
		snprintf(p, sizeof(p), "%s/packs/%s/%s.policy", srcdir, packs[i], packs[i]);
		if (access(p, R_OK) == 0 && n < 64) {
			texts[n] = slurp(p);
			snprintf(p, sizeof(p), "packs/%s/%s.policy", packs[i], packs[i]);
			names[n++] = strdup(p);
		}
		free(packs[i]);
	}
	for (i = 0; i < n; i++) {
		files[i].path = names[i];
		files[i].data = texts[i];
		files[i].len = strlen(texts[i]);
		files[i].mode = 0;
		if (files[i].len == 0)
			files[i].data = "\n", files[i].len = 1;
	}
	repo = gf_repo_new(path, 1);
	gf_commit(&id, repo, "refs/heads/main", NULL, 0, files, n, "fuzz policies", 1777000000);
	git_repository_free(repo);
	for (i = 0; i < n; i++) {
		free(texts[i]);
		free(names[i]);
	}
	if (vd_engine_open(&engine, path, NULL) < 0 || vd_engine_check(&diags, engine, "main") < 0) {
		if (diags)
			vd_diags_render(&out, diags, true);
		fprintf(stderr, "fuzz fixture: the policies do not check: %s\n%s", vd_error_last()->message,
			out.ptr ? out.ptr : "");
		abort();
	}
	vd_buf_dispose(&out);
	vd_diags_free(diags);
	vd_engine_free(engine);
}

void
gf_audit_reset(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", ".spool.jsonl",
		".spool.jsonl.rejected" };
	char p[4200];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

int
gf_quietly(int (*fn)(void *arg), void *arg)
{
	int rc;

	if (real_stderr < 0) {
		real_stderr = dup(2);
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (real_stderr < 0 || devnull < 0)
			abort();
		if (__sanitizer_set_report_fd)
			__sanitizer_set_report_fd((void *)(intptr_t)real_stderr);
	}
	fflush(stderr);
	dup2(devnull, 2);
	rc = fn(arg);
	fflush(stderr);
	dup2(real_stderr, 2);
	return rc;
}
