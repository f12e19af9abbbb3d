/*
 * cmd_fmt.c - `verdict fmt`: rewrite policy files in the canonical layout.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
	bool check;
	int status;          /* the worst exit status so far */
	size_t changed;
} fmt_run;

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a > b && strcmp(s + a - b, suffix) == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_file(char ***files, size_t *n, const char *dir, const char *name)
{
	vd_buf b = VD_BUF_INIT;

	vd_buf_printf(&b, "%s%s", dir, name);
	*files = realloc(*files, (*n + 1) * sizeof(char *));
	if (*files == NULL)
		abort();
	(*files)[(*n)++] = b.ptr;
}

/* The .policy files at the top of a working tree and in packs/<pack>/, sorted. */
static void
list_policy_files(const char *root, char ***files, size_t *n)
{
	vd_buf packs = VD_BUF_INIT;
	DIR *d;
	struct dirent *de;

	if ((d = opendir(root)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' && ends_with(de->d_name, ".policy"))
				add_file(files, n, root, de->d_name);
		closedir(d);
	}
	vd_buf_printf(&packs, "%spacks", root);
	if ((d = opendir(packs.ptr)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			vd_buf dir = VD_BUF_INIT;
			DIR *p;
			struct dirent *fe;

			if (de->d_name[0] == '.')
				continue;
			vd_buf_printf(&dir, "%s/%s/", packs.ptr, de->d_name);
			if ((p = opendir(dir.ptr)) != NULL) {
				while ((fe = readdir(p)) != NULL)
					if (fe->d_name[0] != '.' && ends_with(fe->d_name, ".policy"))
						add_file(files, n, dir.ptr, fe->d_name);
				closedir(p);
			}
			vd_buf_dispose(&dir);
		}
		closedir(d);
	}
	vd_buf_dispose(&packs);
	if (*n > 1)
		qsort(*files, *n, sizeof(char *), name_cmp);
}

/* Replace a file's content atomically, keeping its permissions. */
static int
replace_file(const char *path, const char *text, size_t len)
{
	vd_buf name = VD_BUF_INIT;
	char *tmp;
	struct stat st;
	FILE *f;
	int rc = 0;

	vd_buf_printf(&name, "%s.fmt-XXXXXX", path);
	tmp = name.ptr;
	{
		int fd = mkstemp(tmp);

		if (fd < 0 || (f = fdopen(fd, "wb")) == NULL) {
			fprintf(stderr, "verdict: %s: %s\n", tmp, strerror(errno));
			vd_buf_dispose(&name);
			return vd_error_exit_status(VD_EIO);
		}
	}
	if (fwrite(text, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fprintf(stderr, "verdict: %s: %s\n", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		rc = vd_error_exit_status(VD_EIO);
		goto done;
	}
	if (stat(path, &st) == 0)
		fchmod(fileno(f), st.st_mode & 07777);
	fclose(f);
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "verdict: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		rc = vd_error_exit_status(VD_EIO);
	}
done:
	vd_buf_dispose(&name);
	return rc;
}

static void
worse(fmt_run *r, int status)
{
	if (status > r->status)
		r->status = status;
}

static void
format_one(fmt_run *r, const char *path, const char *shown)
{
	vd_buf in = VD_BUF_INIT, out = VD_BUF_INIT;
	vd_diags *diags = NULL;
	bool from_stdin = strcmp(path, "-") == 0;
	int status;

	if ((status = cli_read_input(&in, path)) != 0) {
		worse(r, status);
		return;
	}
	if (vd_policy_format(&out, in.ptr ? in.ptr : "", in.size, shown, &diags) < 0) {
		if (diags) {
			vd_buf text = VD_BUF_INIT;

			vd_diags_render(&text, diags, true);
			fputs(text.ptr ? text.ptr : "", stderr);
			vd_buf_dispose(&text);
		}
		worse(r, cli_error_lib());
		goto done;
	}
	if (from_stdin) {
		if (r->check) {
			if (out.size != in.size || (out.size && memcmp(out.ptr, in.ptr, out.size) != 0)) {
				printf("%s\n", shown);
				r->changed++;
			}
		} else {
			fwrite(out.ptr ? out.ptr : "", 1, out.size, stdout);
		}
		goto done;
	}
	if (out.size == in.size && (out.size == 0 || memcmp(out.ptr, in.ptr, out.size) == 0))
		goto done;
	r->changed++;
	printf("%s\n", shown);
	if (!r->check)
		worse(r, replace_file(path, out.ptr ? out.ptr : "", out.size));
done:
	vd_diags_free(diags);
	vd_buf_dispose(&in);
	vd_buf_dispose(&out);
}

int
cmd_fmt(int argc, char **argv)
{
	const char *repo = NULL;
	fmt_run r;
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository whose files to format (without FILEs)" },
		{ "check", 0, OPT_FLAG, NULL, &r.check, "change nothing; list the files that are not formatted" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	int n, i, status;

	memset(&r, 0, sizeof(r));
	n = cli_parse(argc, argv, opts, "verdict fmt [--check] [--repo DIR] [FILE...|-]",
		"Rewrite policy files in the one canonical layout: one clause per line,\n"
		"keywords padded to nine columns, long conditions broken before and/or,\n"
		"long lists one element per line, every comment kept.  Without FILEs,\n"
		"every *.policy of the repository's working tree (top level and\n"
		"packs/*/).  `-` formats stdin to stdout.  Prints the files it changed\n"
		"(with --check: the files it would change).\n"
		"\n"
		"Exits 0 when nothing (else) needs formatting, 1 with --check when a\n"
		"file does, 4 when a file does not parse (it is left as it is).");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0) {
		for (i = 0; i < n; i++)
			format_one(&r, argv[i], strcmp(argv[i], "-") == 0 ? "<stdin>" : argv[i]);
	} else {
		vd_engine *engine = NULL;
		const char *root;
		char **files = NULL;
		size_t nfiles = 0, k, skip;

		if ((status = cli_open_engine(&engine, repo)) != 0)
			return status;
		if ((root = vd_engine_workdir(engine)) == NULL) {
			vd_engine_free(engine);
			return cli_error_usage("the policy repository is bare: it has no files to format; name FILEs");
		}
		list_policy_files(root, &files, &nfiles);
		/* Show paths relative to the repository, as check does. */
		skip = strlen(root);
		for (k = 0; k < nfiles; k++) {
			format_one(&r, files[k], files[k] + skip);
			free(files[k]);
		}
		free(files);
		vd_engine_free(engine);
	}
	if (r.check && r.changed && r.status == 0)
		return 1;
	return r.status;
}
