/*
 * git.h - a judged git repository: the handle behind vd_git, shared by
 * gitrepo.c (opening, configuration, hooks directory, mirrors), gitwalk.c
 * (which commits a push brings) and gitevent.c (commits and pushes as
 * events).
 */
#ifndef VD_ENGINE_GIT_H
#define VD_ENGINE_GIT_H

#include "common.h"

#include <git2.h>

struct vd_git {
	git_repository *repo;
	char *path;              /* the git directory */
	char *workdir;           /* NULL when bare */
	/* The commits .git/shallow lists (sorted), loaded on first use. */
	git_oid *shallow;
	size_t nshallow;
	bool shallow_loaded;
	/* Computed once per handle: every event of a push shares them. */
	char *user;
	char *repo_name;
	bool identity_done;
	/* The last update's push.* answer, for the commits that update brings. */
	char last_update[GIT_OID_HEXSZ * 2 + 2 + 1024];
	bool last_force;
	git_odb *odb;
};

/* Parse 40 hex digits; VD_EINVALID naming `what` otherwise. */
int vd__git_parse_id(git_oid *out, const char *hex, const char *what);

/* True when `id` is listed in the repository's shallow file. */
bool vd__git_shallow(vd_git *g, const git_oid *id);

/*
 * Whether `ancestor` is reachable from `descendant` (equal counts), with
 * shallow clones handled.  1 yes, 0 no, negative error.
 */
int vd__git_reaches(vd_git *g, const git_oid *descendant, const git_oid *ancestor);

/* Peel an object id to a commit: 0, GIT_ENOTFOUND when missing, 1 when not committish. */
int vd__git_peel_commit(git_oid *out, vd_git *g, const git_oid *id);

#endif
