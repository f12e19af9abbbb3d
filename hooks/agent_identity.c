/*
 * agent_identity.c - who acts and where: user, groups, the project's
 * repository and branch, and which policy repo and audit log apply.
 *
 * Each value comes from the first of: a command-line flag, the
 * environment, the config file, a default.  Defaults are the OS user and,
 * for the project, the git repository containing the payload's cwd, read
 * with libgit2 (no git subprocess on every tool call): its origin remote
 * gives owner/name, its HEAD the branch, its work tree the root against
 * which path.repo is taken.
 *
 *   flag          environment         config key     default
 *   --repo        VERDICT_REPO        policy_repo    (none: an error)
 *   --audit       VERDICT_AUDIT       audit          the library's
 *   --user        VERDICT_USER        user           the OS user
 *   --group       VERDICT_GROUPS      groups         none
 *   --repo-name   VERDICT_REPO_NAME   repo_name      origin of cwd's repo
 *
 * The config file is $VERDICT_CONFIG, else $XDG_CONFIG_HOME/verdict/
 * config.json, else ~/.config/verdict/config.json; a missing file is
 * fine, an unreadable or invalid one is an error (never half-read).
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "agent.h"

static char *
dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

char *
agent_config_path(void)
{
	const char *x;
	char *p = NULL;

	if ((x = env("VERDICT_CONFIG")) != NULL)
		return strdup(x);
	if ((x = env("XDG_CONFIG_HOME")) != NULL) {
		if (asprintf(&p, "%s/verdict/config.json", x) < 0)
			abort();
		return p;
	}
	if ((x = env("HOME")) != NULL) {
		if (asprintf(&p, "%s/.config/verdict/config.json", x) < 0)
			abort();
		return p;
	}
	return NULL;
}

/* The config file's object, NULL when there is none; sets an error when bad. */
static int
load_config(json_t **out, const char *path)
{
	json_error_t err;
	FILE *f;

	*out = NULL;
	if (path == NULL || (f = fopen(path, "rb")) == NULL) {
		if (path && errno != ENOENT)
			return agent_error_set(VD_EIO, "config file %s: %s", path, strerror(errno));
		return 0;
	}
	*out = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
	fclose(f);
	if (*out == NULL)
		return agent_error_set(VD_EINVALID, "config file %s:%d:%d: %s; fix it or point VERDICT_CONFIG elsewhere",
			path, err.line, err.column, err.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return agent_error_set(VD_EINVALID, "config file %s must hold one JSON object", path);
	}
	return 0;
}

static int
config_string(char **out, json_t *cfg, const char *key, const char *path)
{
	json_t *v = json_object_get(cfg, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return agent_error_set(VD_EINVALID, "config file %s: '%s' must be a string", path, key);
	*out = dup_or_null(json_string_value(v));
	return 0;
}

/* "a, b,c" -> ["a","b","c"] */
static json_t *
split_groups(const char *s)
{
	json_t *a = json_array();

	while (*s) {
		const char *comma = strchr(s, ','), *end;
		size_t n = comma ? (size_t)(comma - s) : strlen(s);

		end = s + n;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > s)
			json_array_append_new(a, json_stringn(s, (size_t)(end - s)));
		s += n + (comma ? 1 : 0);
	}
	return a;
}

char *
agent_repo_name_from_url(const char *url)
{
	const char *p, *end, *name, *owner, *colon, *slash;

	if (url == NULL || *url == '\0')
		return NULL;
	/* scheme://[user@]host[:port]/owner/name(.git), user@host:owner/name, or a path */
	if ((p = strstr(url, "://")) != NULL) {
		if ((p = strchr(p + 3, '/')) == NULL)
			return NULL;
	} else if ((colon = strchr(url, ':')) != NULL &&
	    ((slash = strchr(url, '/')) == NULL || slash > colon)) {
		p = colon + 1;
	} else {
		p = url;
	}
	end = p + strlen(p);
	while (end > p && end[-1] == '/')
		end--;
	if (end - p > 4 && strncmp(end - 4, ".git", 4) == 0)
		end -= 4;
	for (name = end; name > p && name[-1] != '/'; name--)
		;
	if (name == end || name == p)
		return NULL;
	for (owner = name - 1; owner > p && owner[-1] != '/'; owner--)
		;
	if (owner == name - 1)
		return NULL;
	return strndup(owner, (size_t)(end - owner));
}

/* The project's repository: root, branch, and origin's owner/name. */
static void
project(agent_identity *id, const char *cwd, bool want_name)
{
	git_repository *repo = NULL;
	git_reference *head = NULL;
	git_config *cfg = NULL;
	const char *url;

	if (cwd == NULL)
		return;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, cwd, 0, NULL) < 0) {
		git_libgit2_shutdown();
		return;
	}
	if (git_repository_workdir(repo)) {
		size_t n;

		id->root = strdup(git_repository_workdir(repo));
		n = strlen(id->root);
		if (n > 1 && id->root[n - 1] == '/')
			id->root[n - 1] = '\0';
	}
	if (git_repository_head(&head, repo) == 0 && git_reference_is_branch(head))
		id->branch = dup_or_null(git_reference_shorthand(head));
	/*
	 * The URL as configured, read as a plain key: git_remote_lookup() also
	 * applies url.*.insteadOf through a regex search that leaks in
	 * libgit2 1.5, and owner/name does not need the rewrite.
	 */
	if (want_name && git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string(&url, cfg, "remote.origin.url") == 0)
		id->repo_name = agent_repo_name_from_url(url);
	git_config_free(cfg);
	git_reference_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

int
agent_identity_load(agent_identity *id, const agent_options *o, const char *cwd)
{
	json_t *cfg = NULL, *groups;
	const char *x;
	int rc;

	memset(id, 0, sizeof(*id));
	id->config_path = agent_config_path();
	if ((rc = load_config(&cfg, id->config_path)) < 0) {
		id->config_error = true;
		return rc;
	}

	if (o->repo && *o->repo)
		id->policy_repo = strdup(o->repo);
	else if ((x = env("VERDICT_REPO")) != NULL)
		id->policy_repo = strdup(x);
	else if ((rc = config_string(&id->policy_repo, cfg, "policy_repo", id->config_path)) < 0)
		goto done;

	if (o->audit && *o->audit)
		id->audit = strdup(o->audit);
	else if (env("VERDICT_AUDIT") == NULL &&
	    (rc = config_string(&id->audit, cfg, "audit", id->config_path)) < 0)
		goto done;

	if (o->user && *o->user)
		id->user = strdup(o->user);
	else if ((x = env("VERDICT_USER")) != NULL)
		id->user = strdup(x);
	else if ((rc = config_string(&id->user, cfg, "user", id->config_path)) < 0)
		goto done;
	if (id->user == NULL) {
		struct passwd *pw = getpwuid(getuid());

		id->user = dup_or_null(pw ? pw->pw_name : env("USER"));
	}

	if (o->ngroups) {
		size_t i;

		id->groups = json_array();
		for (i = 0; i < o->ngroups; i++)
		{
			json_t *some = split_groups(o->groups[i]);

			json_array_extend(id->groups, some);
			json_decref(some);
		}
	} else if ((x = env("VERDICT_GROUPS")) != NULL) {
		id->groups = split_groups(x);
	} else if ((groups = json_object_get(cfg, "groups")) != NULL && !json_is_null(groups)) {
		size_t i;
		json_t *g;

		if (!json_is_array(groups)) {
			rc = agent_error_set(VD_EINVALID, "config file %s: 'groups' must be an array of strings",
				id->config_path);
			goto done;
		}
		json_array_foreach(groups, i, g)
			if (!json_is_string(g)) {
				rc = agent_error_set(VD_EINVALID, "config file %s: groups[%zu] must be a string",
					id->config_path, i);
				goto done;
			}
		id->groups = json_incref(groups);
	}

	if (o->repo_name && *o->repo_name)
		id->repo_name = strdup(o->repo_name);
	else if ((x = env("VERDICT_REPO_NAME")) != NULL)
		id->repo_name = strdup(x);
	else if ((rc = config_string(&id->repo_name, cfg, "repo_name", id->config_path)) < 0)
		goto done;
	project(id, cwd, id->repo_name == NULL);
	rc = 0;
done:
	json_decref(cfg);
	if (rc < 0)
		id->config_error = true;
	return rc;
}

void
agent_identity_dispose(agent_identity *id)
{
	free(id->user);
	json_decref(id->groups);
	free(id->repo_name);
	free(id->branch);
	free(id->root);
	free(id->policy_repo);
	free(id->audit);
	free(id->config_path);
	memset(id, 0, sizeof(*id));
}
