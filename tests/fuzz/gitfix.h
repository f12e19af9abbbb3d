/*
 * gitfix.h - what the hook fuzz targets set up once: a scratch directory,
 * an environment that keeps the developer's configuration out, the policy
 * repository they judge with, and commits built with libgit2.
 *
 * Objects are written with a fixed signature and fixed times, so their ids
 * are the same on every machine: seeds may name them.
 */
#ifndef VD_FUZZ_GITFIX_H
#define VD_FUZZ_GITFIX_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

/* One file of a commit: `mode` 0 is a regular file. */
typedef struct {
	const char *path;
	const char *data;
	size_t len;            /* 0: strlen(data) */
	unsigned mode;         /* GIT_FILEMODE_*, 0 for BLOB */
} gf_file;

/*
 * A scratch directory for the whole run (/dev/shm when there is one: the
 * audit log's fsyncs cost nothing there), removed at exit.  Sets HOME,
 * XDG_* and VERDICT_* so that nothing outside it is read or written, and
 * pins VERDICT_NOW.  Aborts on failure.
 */
const char *gf_scratch(void);

/* A new repository at `path`; aborts on failure. */
git_repository *gf_repo_new(const char *path, int bare);

/*
 * Commit `files` (the whole tree) with `parents`, at `when` seconds; move
 * `ref` to it when not NULL.  Aborts on failure.
 */
void gf_commit(git_oid *out, git_repository *repo, const char *ref, const git_oid *parents,
	size_t nparents, const gf_file *files, size_t nfiles, const char *message, int64_t when);

/*
 * The policy repository both hook targets judge with, on main of a bare
 * repository at `path`: tests/fuzz/kitchen.policy, the starter packs and
 * tests/fuzz/hooks.policy (policies in warn, ask and block, so every
 * answer is reached).  Aborts when they do not check.
 */
void gf_policy_repo(const char *path, const char *srcdir);

/* Remove the audit log at `path` and its companions (-wal, -shm, spool). */
void gf_audit_reset(const char *path);

/*
 * Run `fn(arg)` with file descriptor 2 on /dev/null: the hooks talk to the
 * user on stderr, thousands of times a second.  Sanitizer reports still
 * reach the real stderr.
 */
int gf_quietly(int (*fn)(void *arg), void *arg);

#endif
