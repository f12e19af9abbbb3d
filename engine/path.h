/*
 * path.h - lexical path normalization, so a policy on a path cannot be
 * dodged by spelling it differently (`./a/../.env`, `//x`, `~/.ssh`).
 */
#ifndef VD_ENGINE_PATH_H
#define VD_ENGINE_PATH_H

#include "common.h"
#include "arena.h"

/*
 * Make `path` absolute against `cwd` (when relative; "/" when NULL), expand
 * a leading `~`, `$HOME` or `${HOME}` with `home` ("/root" when NULL), `~user`
 * with /home/<user> and `$PWD` with cwd, resolve `.` and `..` lexically,
 * fold repeated slashes, and fold /proc/self/root/x to /x.  Never touches
 * the file system.  Returns a string in `a`.
 */
const char *vd__path_normalize(vd_arena *a, const char *path, size_t len,
	const char *cwd, const char *home);

/* `path` relative to `root` when it lies inside it, else NULL. */
const char *vd__path_relative(vd_arena *a, const char *path, const char *root);

/* The last component, and its extension without the dot ("" when none). */
const char *vd__path_name(const char *path);
const char *vd__path_ext(vd_arena *a, const char *name);

#endif
