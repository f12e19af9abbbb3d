/*
 * git_install.c - `verdict hooks install --git` and `uninstall`: small sh
 * shims that exec `verdict git-hook <name>`, in the directory git really
 * reads hooks from.
 *
 * The hooks directory is contested ground (husky, lefthook and pre-commit
 * all want it), so installing never takes anything away: core.hooksPath is
 * respected, and a hook already there is kept as <name>.verdict-chained
 * and run first by the shim; its failure still fails the hook.  Installing
 * again rewrites the shims in place (idempotent); uninstalling removes only
 * verdict's shims and puts chained hooks back.  --global points the global
 * core.hooksPath at verdict's own directory, whose shims also run the
 * repository's own .git/hooks (git skips them under a global hooks path).
 *
 * A bare repository gets the server side: a pre-receive shim.  Doing it by
 * hand is one line:
 *
 *   printf '#!/bin/sh\nexec verdict git-hook pre-receive --policy-repo /srv/policy.git\n' \
 *     > /srv/app.git/hooks/pre-receive && chmod +x /srv/app.git/hooks/pre-receive
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "git_hooks.h"

#define SHIM_MARK "# verdict-hook-shim"
#define CHAINED ".verdict-chained"

static const char *const client_hooks[] = { "pre-commit", "commit-msg", "pre-push", NULL };
static const char *const server_hooks[] = { "pre-receive", NULL };
static const char *const every_hook[] = {
	"pre-commit", "commit-msg", "pre-push", "pre-receive", "update", NULL
};

static bool
reads_stdin(const char *hook)
{
	return strcmp(hook, "pre-push") == 0 || strcmp(hook, "pre-receive") == 0;
}

/* Single quotes for sh: 'it'\''s'. */
static void
sh_quote(vd_buf *b, const char *s)
{
	vd_buf_put(b, "'", 1);
	for (; *s; s++) {
		if (*s == '\'')
			vd_buf_put(b, "'\\''", 4);
		else
			vd_buf_put(b, s, 1);
	}
	vd_buf_put(b, "'", 1);
}

static void
shim_text(vd_buf *b, const char *hook, const char *bin, bool global, const char *extra)
{
	vd_buf_printf(b, "#!/bin/sh\n" SHIM_MARK "\n"
		"# Installed by `verdict hooks install --git`; `verdict hooks uninstall --git` removes it.\n"
		"# A hook that was here before is kept as %s" CHAINED " and runs first;\n"
		"# when it fails, so does this hook.\n", hook);
	vd_buf_printf(b, "verdict=");
	sh_quote(b, bin);
	vd_buf_printf(b, "\n[ -x \"$verdict\" ] || verdict=verdict\n"
		"chained=\"$0" CHAINED "\"\n"
		"own=\n");
	if (global)
		vd_buf_printf(b,
			"# Under a global hooks path git skips the repository's own hooks: run them too.\n"
			"d=$(git rev-parse --git-common-dir 2>/dev/null) && [ -x \"$d/hooks/%s\" ] && own=\"$d/hooks/%s\"\n",
			hook, hook);
	if (reads_stdin(hook)) {
		vd_buf_printf(b,
			"if [ -x \"$chained\" ] || [ -n \"$own\" ]; then\n"
			"\tinput=$(mktemp \"${TMPDIR:-/tmp}/verdict-hook.XXXXXX\") || exit 1\n"
			"\ttrap 'rm -f \"$input\"' EXIT\n"
			"\tcat >\"$input\"\n"
			"\tif [ -x \"$chained\" ]; then \"$chained\" \"$@\" <\"$input\" || exit $?; fi\n"
			"\tif [ -n \"$own\" ]; then \"$own\" \"$@\" <\"$input\" || exit $?; fi\n"
			"\t\"$verdict\" git-hook %s%s -- \"$@\" <\"$input\"\n"
			"\texit $?\n"
			"fi\n", hook, extra);
	} else {
		vd_buf_printf(b,
			"if [ -x \"$chained\" ]; then \"$chained\" \"$@\" || exit $?; fi\n"
			"if [ -n \"$own\" ]; then \"$own\" \"$@\" || exit $?; fi\n");
	}
	vd_buf_printf(b, "exec \"$verdict\" git-hook %s%s -- \"$@\"\n", hook, extra);
}

static bool
is_shim(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	bool ours = false;
	int i;

	if (f == NULL)
		return false;
	for (i = 0; i < 3 && fgets(line, sizeof(line), f); i++)
		if (strncmp(line, SHIM_MARK, strlen(SHIM_MARK)) == 0)
			ours = true;
	fclose(f);
	return ours;
}

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int
mkdirs(const char *dir)
{
	char *d = strdup(dir), *p;
	int rc = 0;

	for (p = d + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(d, 0755) < 0 && errno != EEXIST)
				rc = -1;
			*p = '/';
		}
	if (mkdir(d, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(d);
	return rc == 0 ? 0 : -1;
}

static int
install_one(const char *dir, const char *hook, const char *text, bool *chained, bool dry)
{
	vd_buf path = VD_BUF_INIT, old = VD_BUF_INIT, tmp = VD_BUF_INIT;
	FILE *f;
	int status = 0;

	vd_buf_printf(&path, "%s/%s", dir, hook);
	vd_buf_printf(&old, "%s" CHAINED, path.ptr);
	vd_buf_printf(&tmp, "%s.verdict-tmp", path.ptr);
	*chained = exists(old.ptr);
	if (exists(path.ptr) && !is_shim(path.ptr)) {
		if (dry && !exists(old.ptr)) {
			*chained = true;
			goto done;
		}
		if (exists(old.ptr)) {
			fprintf(stderr, "verdict: both %s and %s exist and neither is verdict's; "
				"move one of them away and install again\n", path.ptr, old.ptr);
			status = vd_error_exit_status(VD_EIO);
			goto done;
		}
		if (rename(path.ptr, old.ptr) < 0) {
			fprintf(stderr, "verdict: %s: %s\n", path.ptr, strerror(errno));
			status = vd_error_exit_status(VD_EIO);
			goto done;
		}
		*chained = true;
	}
	if (dry)
		goto done;
	if ((f = fopen(tmp.ptr, "w")) == NULL || fputs(text, f) < 0 || fclose(f) != 0 ||
	    chmod(tmp.ptr, 0755) < 0 || rename(tmp.ptr, path.ptr) < 0) {
		fprintf(stderr, "verdict: %s: %s\n", path.ptr, strerror(errno));
		unlink(tmp.ptr);
		status = vd_error_exit_status(VD_EIO);
	}
done:
	vd_buf_dispose(&path);
	vd_buf_dispose(&old);
	vd_buf_dispose(&tmp);
	return status;
}

/* Remove a shim and put back what it chained.  1 when something was removed. */
static int
uninstall_one(const char *dir, const char *hook, bool dry)
{
	vd_buf path = VD_BUF_INIT, old = VD_BUF_INIT;
	int removed = 0;

	vd_buf_printf(&path, "%s/%s", dir, hook);
	vd_buf_printf(&old, "%s" CHAINED, path.ptr);
	if (dry) {
		removed = is_shim(path.ptr);
	} else if (is_shim(path.ptr)) {
		if (unlink(path.ptr) == 0)
			removed = 1;
		if (exists(old.ptr) && rename(old.ptr, path.ptr) < 0)
			fprintf(stderr, "verdict: %s: %s\n", old.ptr, strerror(errno));
	}
	vd_buf_dispose(&path);
	vd_buf_dispose(&old);
	return removed;
}

/* verdict's own directory for --global: $XDG_CONFIG_HOME/verdict/git-hooks. */
static int
global_default_dir(vd_buf *out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		vd_buf_printf(out, "%s/verdict/git-hooks", xdg);
	else if (home && *home)
		vd_buf_printf(out, "%s/.config/verdict/git-hooks", home);
	else
		return cli_error_usage("--global needs HOME or XDG_CONFIG_HOME");
	return 0;
}

static bool
looks_like_url(const char *s)
{
	const char *colon = strchr(s, ':'), *slash = strchr(s, '/');

	if (strstr(s, "://"))
		return true;
	/* scp-like host:path, as git reads it: a colon before any slash. */
	return colon && (slash == NULL || colon < slash) && !exists(s);
}

/*
 * The policy repository to record: an existing directory made absolute,
 * or for a URL a local mirror (refreshed by installing again).
 */
static int
resolve_policy(vd_buf *out, vd_buf *url_out, const char *arg, vd_git *git, bool dry)
{
	vd_engine *e = NULL;
	char abs[PATH_MAX];

	if (looks_like_url(arg)) {
		if (git) {
			vd_buf_printf(out, "%sverdict/policy.git", vd_git_path(git));
		} else {
			const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
			const char *p;

			if (data && *data)
				vd_buf_printf(out, "%s/verdict/policy/", data);
			else if (home && *home)
				vd_buf_printf(out, "%s/.local/share/verdict/policy/", home);
			else
				return cli_error_usage("--global needs HOME or XDG_DATA_HOME");
			for (p = arg; *p; p++)
				vd_buf_printf(out, "%c", strchr("/:@ ", *p) ? '_' : *p);
		}
		vd_buf_printf(url_out, "%s", arg);
		if (dry) {
			printf("would fetch %s into %s\n", arg, out->ptr);
			return 0;
		}
		fprintf(stderr, "verdict: fetching %s into %s\n", arg, out->ptr);
		if (vd_git_mirror(arg, out->ptr) < 0)
			return cli_error_lib();
	} else {
		if (realpath(arg, abs) == NULL) {
			fprintf(stderr, "verdict: policy repository %s: %s\n", arg, strerror(errno));
			return vd_error_exit_status(VD_ENOTFOUND);
		}
		vd_buf_printf(out, "%s", abs);
	}
	if (vd_engine_open(&e, out->ptr, NULL) < 0)
		return cli_error_lib();
	vd_engine_free(e);
	return 0;
}

static int
executable_path(vd_buf *out)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0) {
		vd_buf_printf(out, "verdict");
		return 0;
	}
	buf[n] = '\0';
	vd_buf_printf(out, "%s", buf);
	return 0;
}

typedef struct {
	bool git, global, check_policies, dry_run;
	const char *repo, *policy;
} install_args;

static int
parse_args(install_args *a, int argc, char **argv, bool install)
{
	const cli_opt opts[] = {
		{ "git", 0, OPT_FLAG, NULL, &a->git, "git hooks" },
		{ "repo", 'C', OPT_STRING, "DIR", &a->repo,
			"the repository (default: the current one); a bare repository gets pre-receive" },
		{ "global", 0, OPT_FLAG, NULL, &a->global,
			"every repository of this user: a global core.hooksPath" },
		{ "policy-repo", 0, OPT_STRING, "DIR_OR_URL", &a->policy,
			"record the policy repository (git config verdict.policyRepo); a URL is mirrored locally" },
		{ "check-policies", 0, OPT_FLAG, NULL, &a->check_policies,
			"on the policy repository itself: a pre-receive that refuses policies that do not check" },
		{ "dry-run", 'n', OPT_FLAG, NULL, &a->dry_run, "say what would change, change nothing" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	int n;

	n = cli_parse(argc, argv, opts, install ?
		"verdict hooks install --git [--repo DIR | --global] [--policy-repo DIR_OR_URL] [--check-policies] [--dry-run]" :
		"verdict hooks uninstall --git [--repo DIR | --global] [--dry-run]",
		install ?
		"Install shims that run `verdict git-hook <name>`: pre-commit, commit-msg and\n"
		"pre-push in a repository with a work tree, pre-receive in a bare one (the\n"
		"server side).  core.hooksPath is respected; a hook already there is kept\n"
		"as <name>.verdict-chained and still runs first.  Installing again is safe.\n"
		"\n"
		"Server side by hand, one line:\n"
		"  printf '#!/bin/sh\\nexec verdict git-hook pre-receive --policy-repo /srv/policy.git\\n' \\\n"
		"    > /srv/app.git/hooks/pre-receive && chmod +x /srv/app.git/hooks/pre-receive" :
		"Remove verdict's shims and put back the hooks they chained; forget\n"
		"verdict.policyRepo.");
	if (n < 0)
		return n == -2 ? -2 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("unexpected argument '%s'", argv[0]);
	if (!a->git)
		return cli_error_usage("say which hooks: --git");
	if (a->global && a->repo)
		return cli_error_usage("--global and --repo exclude each other");
	if (a->global && a->check_policies)
		return cli_error_usage("--check-policies belongs on the policy repository (--repo DIR)");
	return 0;
}

static int
install(int argc, char **argv)
{
	install_args a;
	vd_git *git = NULL;
	vd_buf dir = VD_BUF_INIT, bin = VD_BUF_INIT, policy = VD_BUF_INIT, url = VD_BUF_INIT;
	const char *const *names;
	const char *extra = "";
	bool shared = false;
	size_t i;
	int status;

	memset(&a, 0, sizeof(a));
	if ((status = parse_args(&a, argc, argv, true)) != 0)
		return status == -2 ? 0 : status;
	executable_path(&bin);
	if (a.global) {
		if (vd_git_hooks_dir(&dir, NULL) < 0) {
			vd_buf_clear(&dir);
			if ((status = global_default_dir(&dir)) != 0)
				goto done;
			if (a.dry_run)
				printf("would set the global core.hooksPath to %s\n", dir.ptr);
			else if (vd_git_config_set(NULL, "core.hooksPath", dir.ptr) < 0) {
				status = cli_error_lib();
				goto done;
			}
		}
		names = client_hooks;
	} else {
		if (vd_git_open(&git, a.repo, 0) < 0) {
			status = cli_error_lib();
			goto done;
		}
		if (vd_git_hooks_dir(&dir, git) < 0) {
			status = cli_error_lib();
			goto done;
		}
		names = vd_git_workdir(git) == NULL || a.check_policies ? server_hooks : client_hooks;
		if (a.check_policies)
			extra = " --check-policies";
		/* Under the user's global hooks path, the shims there serve every repository. */
		{
			vd_buf global = VD_BUF_INIT;

			if (vd_git_hooks_dir(&global, NULL) == 0 && strcmp(global.ptr, dir.ptr) == 0) {
				shared = true;
				printf("note: this repository uses the global hooks path %s; "
					"verdict's hooks there serve every repository\n", dir.ptr);
			}
			vd_error_clear();
			vd_buf_dispose(&global);
		}
	}
	if (a.policy && (status = resolve_policy(&policy, &url, a.policy, git, a.dry_run)) != 0)
		goto done;
	if (!a.dry_run && mkdirs(dir.ptr) < 0) {
		fprintf(stderr, "verdict: %s: %s\n", dir.ptr, strerror(errno));
		status = vd_error_exit_status(VD_EIO);
		goto done;
	}
	for (i = 0; names[i]; i++) {
		vd_buf text = VD_BUF_INIT;
		bool chained = false;

		shim_text(&text, names[i], bin.ptr, a.global || shared, extra);
		status = install_one(dir.ptr, names[i], text.ptr, &chained, a.dry_run);
		vd_buf_dispose(&text);
		if (status != 0)
			goto done;
		printf("%s %s/%s%s\n", a.dry_run ? "would install" : "installed", dir.ptr, names[i],
			chained ? " (the hook that was there runs first: " : "");
		if (chained)
			printf("  %s/%s" CHAINED ")\n", dir.ptr, names[i]);
	}
	if (a.policy) {
		if (a.dry_run) {
			printf("would set verdict.policyRepo to %s\n", policy.ptr);
			goto done;
		}
		if (vd_git_config_set(git, "verdict.policyRepo", policy.ptr) < 0 ||
		    vd_git_config_set(git, "verdict.policyUrl", url.size ? url.ptr : NULL) < 0) {
			status = cli_error_lib();
			goto done;
		}
		printf("policy repository: %s%s%s%s\n", policy.ptr, url.size ? " (a mirror of " : "",
			url.size ? url.ptr : "", url.size ? "; install again to refresh it)" : "");
	} else if (!a.check_policies) {
		vd_buf v = VD_BUF_INIT;

		if (vd_git_config_get(&v, git, "verdict.policyRepo") < 0 && getenv("VERDICT_REPO") == NULL)
			printf("note: no policy repository is configured yet; the hooks refuse to run until one is "
				"(--policy-repo DIR, or git config verdict.policyRepo DIR)\n");
		vd_buf_dispose(&v);
	}
done:
	vd_git_free(git);
	vd_buf_dispose(&dir);
	vd_buf_dispose(&bin);
	vd_buf_dispose(&policy);
	vd_buf_dispose(&url);
	return status;
}

static int
uninstall(int argc, char **argv)
{
	install_args a;
	vd_git *git = NULL;
	vd_buf dir = VD_BUF_INIT, mine = VD_BUF_INIT;
	size_t i, removed = 0;
	int status;

	memset(&a, 0, sizeof(a));
	if ((status = parse_args(&a, argc, argv, false)) != 0)
		return status == -2 ? 0 : status;
	if (a.global) {
		if (vd_git_hooks_dir(&dir, NULL) < 0) {
			printf("no global core.hooksPath: nothing to remove\n");
			goto done;
		}
	} else if (vd_git_open(&git, a.repo, 0) < 0 || vd_git_hooks_dir(&dir, git) < 0) {
		status = cli_error_lib();
		goto done;
	}
	for (i = 0; every_hook[i]; i++)
		if (uninstall_one(dir.ptr, every_hook[i], a.dry_run)) {
			printf("%s %s/%s\n", a.dry_run ? "would remove" : "removed", dir.ptr, every_hook[i]);
			removed++;
		}
	if (removed == 0)
		printf("no verdict hooks in %s\n", dir.ptr);
	if (a.dry_run)
		goto done;
	if (vd_git_config_set(git, "verdict.policyRepo", NULL) < 0 ||
	    vd_git_config_set(git, "verdict.policyUrl", NULL) < 0) {
		status = cli_error_lib();
		goto done;
	}
	/* Give back the global hooks path when it is verdict's own, now empty, directory. */
	if (a.global && global_default_dir(&mine) == 0 && strcmp(mine.ptr, dir.ptr) == 0 &&
	    rmdir(dir.ptr) == 0 && vd_git_config_set(NULL, "core.hooksPath", NULL) < 0)
		status = cli_error_lib();
done:
	vd_git_free(git);
	vd_buf_dispose(&dir);
	vd_buf_dispose(&mine);
	return status;
}

int
cmd_hooks_git(int argc, char **argv, bool uninstalling)
{
	return uninstalling ? uninstall(argc, argv) : install(argc, argv);
}
