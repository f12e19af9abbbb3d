/*
 * fixture.c - temporary git repositories and subprocess runs for tests.
 *
 * Trees are built with git_treebuilder from an in-memory list of files, so
 * the same helper makes commits in bare and non-bare repositories and on
 * any branch without touching an index.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

typedef struct {
	char *path;
	char *text;
} fx_file;

struct fx_repo {
	char *dir;          /* the temporary directory */
	char *path;         /* what --repo gets */
	bool bare;
	git_repository *repo;
	fx_file *files;
	size_t nfiles;
	git_time_t clock;
};

static char *config_dir;

#define CHECK_GIT(expr) do { \
	int fx__rc = (expr); \
	if (fx__rc < 0) { \
		const git_error *fx__e = git_error_last(); \
		ck_abort_msg("%s: %s", #expr, fx__e ? fx__e->message : "?"); \
	} \
} while (0)

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

void
fx_rmtree(const char *dir)
{
	if (dir)
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *
fx_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t;

	if (asprintf(&t, "%s/vdtest-XXXXXX", base && *base ? base : "/tmp") < 0)
		abort();
	if (mkdtemp(t) == NULL)
		ck_abort_msg("mkdtemp: %s", strerror(errno));
	return t;
}

void
fx_init(void)
{
	git_libgit2_init();
	if (config_dir == NULL)
		config_dir = fx_tmpdir();
	/* Never read the developer's ~/.gitconfig or /etc/gitconfig. */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, config_dir);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, config_dir);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, config_dir);
	setenv("TZ", "UTC", 1);
	unsetenv("VERDICT_REPO");
	unsetenv("VERDICT_NOW");
}

fx_repo *
fx_repo_new(bool bare)
{
	fx_repo *fx = calloc(1, sizeof(*fx));

	fx->dir = fx_tmpdir();
	fx->bare = bare;
	if (bare) {
		if (asprintf(&fx->path, "%s/policy.git", fx->dir) < 0)
			abort();
	} else {
		if (asprintf(&fx->path, "%s/policy", fx->dir) < 0)
			abort();
	}
	CHECK_GIT(git_repository_init(&fx->repo, fx->path, bare));
	/* New branches are main, whatever init.defaultBranch says. */
	CHECK_GIT(git_repository_set_head(fx->repo, "refs/heads/main"));
	fx->clock = 1767225600; /* 2026-01-01T00:00:00Z */
	return fx;
}

void
fx_repo_free(fx_repo *fx)
{
	size_t i;

	if (fx == NULL)
		return;
	git_repository_free(fx->repo);
	fx_rmtree(fx->dir);
	for (i = 0; i < fx->nfiles; i++) {
		free(fx->files[i].path);
		free(fx->files[i].text);
	}
	free(fx->files);
	free(fx->dir);
	free(fx->path);
	free(fx);
}

const char *
fx_path(const fx_repo *fx)
{
	return fx->path;
}

void
fx_write_file(const char *path, const char *text)
{
	char *dup = strdup(path), *p;
	FILE *f;

	for (p = dup + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dup, 0755);
			*p = '/';
		}
	free(dup);
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fwrite(text, 1, strlen(text), f);
	fclose(f);
}

char *
fx_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		char chunk[4096];
		size_t n = fread(chunk, 1, sizeof(chunk), f);

		if (n == 0)
			break;
		buf = realloc(buf, len + n + 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (buf == NULL)
		buf = strdup("");
	buf[len] = '\0';
	return buf;
}

void
fx_write(fx_repo *fx, const char *path, const char *text)
{
	size_t i;

	for (i = 0; i < fx->nfiles; i++)
		if (strcmp(fx->files[i].path, path) == 0) {
			free(fx->files[i].text);
			fx->files[i].text = strdup(text);
			goto worktree;
		}
	fx->files = realloc(fx->files, (fx->nfiles + 1) * sizeof(fx_file));
	fx->files[fx->nfiles].path = strdup(path);
	fx->files[fx->nfiles].text = strdup(text);
	fx->nfiles++;
worktree:
	if (!fx->bare) {
		char *full;

		if (asprintf(&full, "%s/%s", fx->path, path) < 0)
			abort();
		fx_write_file(full, text);
		free(full);
	}
}

void
fx_remove(fx_repo *fx, const char *path)
{
	size_t i;

	/* The worktree first: `path` may be the entry freed below (fx_clear). */
	if (!fx->bare) {
		char *full;

		if (asprintf(&full, "%s/%s", fx->path, path) < 0)
			abort();
		unlink(full);
		free(full);
	}
	for (i = 0; i < fx->nfiles; i++)
		if (strcmp(fx->files[i].path, path) == 0) {
			free(fx->files[i].path);
			free(fx->files[i].text);
			fx->files[i] = fx->files[--fx->nfiles];
			break;
		}
}

void
fx_clear(fx_repo *fx)
{
	while (fx->nfiles)
		fx_remove(fx, fx->files[0].path);
}

/* Build the tree of every file under `prefix` (which ends in '/' or is ""). */
static void
build_tree(git_oid *out, fx_repo *fx, const char *prefix)
{
	git_treebuilder *tb;
	size_t i, plen = strlen(prefix);

	CHECK_GIT(git_treebuilder_new(&tb, fx->repo, NULL));
	for (i = 0; i < fx->nfiles; i++) {
		const char *p = fx->files[i].path, *rest, *slash;
		git_oid id;

		if (strncmp(p, prefix, plen) != 0)
			continue;
		rest = p + plen;
		slash = strchr(rest, '/');
		if (slash == NULL) {
			CHECK_GIT(git_blob_create_from_buffer(&id, fx->repo, fx->files[i].text,
				strlen(fx->files[i].text)));
			CHECK_GIT(git_treebuilder_insert(NULL, tb, rest, &id, GIT_FILEMODE_BLOB));
		} else {
			char *sub = strndup(rest, (size_t)(slash - rest));
			char *subprefix;

			if (git_treebuilder_get(tb, sub) == NULL) {
				if (asprintf(&subprefix, "%s%s/", prefix, sub) < 0)
					abort();
				build_tree(&id, fx, subprefix);
				CHECK_GIT(git_treebuilder_insert(NULL, tb, sub, &id, GIT_FILEMODE_TREE));
				free(subprefix);
			}
			free(sub);
		}
	}
	CHECK_GIT(git_treebuilder_write(out, tb));
	git_treebuilder_free(tb);
}

void
fx_commit(fx_repo *fx, const char *branch, const char *message, char out[41])
{
	git_oid tree_id, commit_id;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_reference *ref = NULL;
	char refname[256];
	const git_commit *parents[1];

	snprintf(refname, sizeof(refname), "refs/heads/%s", branch);
	build_tree(&tree_id, fx, "");
	CHECK_GIT(git_tree_lookup(&tree, fx->repo, &tree_id));
	CHECK_GIT(git_signature_new(&sig, "Verdict Test", "test@verdict.invalid", fx->clock++, 0));
	if (git_reference_lookup(&ref, fx->repo, refname) == 0) {
		CHECK_GIT(git_commit_lookup(&parent, fx->repo, git_reference_target(ref)));
		git_reference_free(ref);
	}
	parents[0] = parent;
	CHECK_GIT(git_commit_create(&commit_id, fx->repo, refname, sig, sig, NULL, message,
		tree, parent ? 1 : 0, parents));
	if (out)
		git_oid_tostr(out, 41, &commit_id);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
}

/* ---- subprocesses ---------------------------------------------------- */

static void
drain(int fd, char **buf, size_t *len)
{
	char chunk[8192];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n > 0) {
		*buf = realloc(*buf, *len + (size_t)n + 1);
		memcpy(*buf + *len, chunk, (size_t)n);
		*len += (size_t)n;
		(*buf)[*len] = '\0';
	}
}

int
fx_run(const char *input, char **out, char **err, const char *const *args)
{
	const char *bin = getenv("VERDICT_BIN");
	int in_pipe[2], out_pipe[2], err_pipe[2], status;
	size_t argc = 0, i, olen = 0, elen = 0, ilen = input ? strlen(input) : 0, sent = 0;
	char **argv;
	char *obuf = NULL, *ebuf = NULL;
	pid_t pid;
	bool out_open = true, err_open = true;

	ck_assert_msg(bin != NULL, "VERDICT_BIN is not set");
	while (args[argc])
		argc++;
	argv = calloc(argc + 2, sizeof(char *));
	argv[0] = (char *)bin;
	for (i = 0; i < argc; i++)
		argv[i + 1] = (char *)args[i];
	if (pipe(in_pipe) < 0 || pipe(out_pipe) < 0 || pipe(err_pipe) < 0)
		ck_abort_msg("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		dup2(in_pipe[0], 0);
		dup2(out_pipe[1], 1);
		dup2(err_pipe[1], 2);
		close(in_pipe[1]);
		close(out_pipe[0]);
		close(err_pipe[0]);
		execv(bin, argv);
		_exit(127);
	}
	close(in_pipe[0]);
	close(out_pipe[1]);
	close(err_pipe[1]);
	signal(SIGPIPE, SIG_IGN);
	fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
	if (ilen == 0) {
		close(in_pipe[1]);
		in_pipe[1] = -1;
	}
	while (out_open || err_open || in_pipe[1] >= 0) {
		struct pollfd p[3];
		int np = 0;

		if (out_open) { p[np].fd = out_pipe[0]; p[np].events = POLLIN; np++; }
		if (err_open) { p[np].fd = err_pipe[0]; p[np].events = POLLIN; np++; }
		if (in_pipe[1] >= 0) { p[np].fd = in_pipe[1]; p[np].events = POLLOUT; np++; }
		if (poll(p, (nfds_t)np, -1) < 0 && errno != EINTR)
			break;
		for (i = 0; i < (size_t)np; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLOUT | POLLERR)))
				continue;
			if (p[i].fd == out_pipe[0]) {
				size_t before = olen;

				drain(out_pipe[0], &obuf, &olen);
				if (olen == before) { out_open = false; close(out_pipe[0]); }
			} else if (p[i].fd == err_pipe[0]) {
				size_t before = elen;

				drain(err_pipe[0], &ebuf, &elen);
				if (elen == before) { err_open = false; close(err_pipe[0]); }
			} else {
				ssize_t n = write(in_pipe[1], input + sent, ilen - sent);

				if (n > 0)
					sent += (size_t)n;
				if (n < 0 && errno != EAGAIN) {
					close(in_pipe[1]);
					in_pipe[1] = -1;
				} else if (sent == ilen) {
					close(in_pipe[1]);
					in_pipe[1] = -1;
				}
			}
		}
	}
	waitpid(pid, &status, 0);
	free(argv);
	if (out)
		*out = obuf ? obuf : strdup("");
	else
		free(obuf);
	if (err)
		*err = ebuf ? ebuf : strdup("");
	else
		free(ebuf);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/* ---- copying a directory tree into a fixture ----------------------------- */

static fx_repo *copy_fx;
static const char *copy_prefix;
static size_t copy_root_len;

static int
copy_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	char *text, *dst;

	(void)sb;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	text = fx_read_file(p);
	if (asprintf(&dst, "%s%s", copy_prefix, p + copy_root_len + 1) < 0)
		abort();
	fx_write(copy_fx, dst, text);
	free(dst);
	free(text);
	return 0;
}

void
fx_write_dir(fx_repo *fx, const char *dir, const char *prefix)
{
	copy_fx = fx;
	copy_prefix = prefix;
	copy_root_len = strlen(dir);
	if (nftw(dir, copy_entry, 16, FTW_PHYS) < 0)
		ck_abort_msg("cannot read %s: %s", dir, strerror(errno));
}

const char *
fx_source_dir(void)
{
	const char *s = getenv("VERDICT_SOURCE_DIR");

	ck_assert_msg(s && *s, "VERDICT_SOURCE_DIR is not set (run the tests through ctest)");
	return s;
}
