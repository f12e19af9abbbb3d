/*
 * fixture.h - temporary policy repositories built with libgit2, and the
 * verdict binary run as a real subprocess.
 *
 * Commits use a fixed signature and a clock that advances one second per
 * commit, so object ids are the same on every machine.
 */
#ifndef VD_TESTS_FIXTURE_H
#define VD_TESTS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fx_repo fx_repo;

/* Isolate libgit2 from the user's configuration; call in every setup. */
void fx_init(void);

/* A new repository in a fresh temporary directory. */
fx_repo *fx_repo_new(bool bare);
void fx_repo_free(fx_repo *fx);

/* The directory to hand to --repo (the work tree, or the bare repository). */
const char *fx_path(const fx_repo *fx);

/* Set a file's content for the next commit (and the work tree, if any). */
void fx_write(fx_repo *fx, const char *path, const char *text);
void fx_remove(fx_repo *fx, const char *path);
/* Forget every file: the next commit starts from an empty tree. */
void fx_clear(fx_repo *fx);

/*
 * Commit the current files on `branch` (created when missing, with the
 * branch's previous tip as parent).  `out` receives the hex id if not NULL.
 */
void fx_commit(fx_repo *fx, const char *branch, const char *message, char out[41]);

/* A temporary directory removed by fx_repo_free() or fx_tmp_cleanup(). */
char *fx_tmpdir(void);
void fx_rmtree(const char *dir);

/*
 * Run the verdict binary ($VERDICT_BIN) with `args` (NULL-terminated) and
 * `input` on stdin.  Stdout and stderr are captured into malloc'd strings
 * the caller frees.  Returns the exit status (or 128+signal).
 */
int fx_run(const char *input, char **out, char **err, const char *const *args);

/* Read a whole file into a malloc'd string. */
char *fx_read_file(const char *path);

/* Write a file (creating directories). */
void fx_write_file(const char *path, const char *text);

/*
 * Set every file under `dir` for the next commit, at `prefix` + its path
 * relative to dir ("packs/" copies a source tree's packs/ folder).
 */
void fx_write_dir(fx_repo *fx, const char *dir, const char *prefix);

/* The source tree ($VERDICT_SOURCE_DIR, set by CTest). */
const char *fx_source_dir(void);

#endif
