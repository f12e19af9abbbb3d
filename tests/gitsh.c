/*
 * gitsh.c - the sandbox for tests that drive real git (see gitsh.h).
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fixture.h"
#include "gitsh.h"
#include "verdict.h"

gitsh *
gitsh_new(void)
{
	gitsh *g = calloc(1, sizeof(*g));
	const char *bin = getenv("VERDICT_BIN");
	char *path, *dir, *slash, *cfg;

	ck_assert_msg(bin != NULL, "VERDICT_BIN is not set");
	g->root = fx_tmpdir();
	if (asprintf(&g->audit, "%s/audit.db", g->root) < 0 ||
	    asprintf(&cfg, "%s/.config", g->root) < 0)
		abort();
	dir = strdup(bin);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (asprintf(&path, "%s:%s", dir, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin") < 0)
		abort();
	/* Nothing of the developer's: no ~/.gitconfig, no /etc/gitconfig, no hooks path. */
	setenv("HOME", g->root, 1);
	setenv("XDG_CONFIG_HOME", cfg, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("PATH", path, 1);
	setenv("VERDICT_AUDIT", g->audit, 1);
	setenv("USER", "tess", 1);
	setenv("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z", 1);
	setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z", 1);
	unsetenv("XDG_STATE_HOME");
	unsetenv("VERDICT_REPO");
	unsetenv("VERDICT_USER");
	unsetenv("VERDICT_GROUPS");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_EDITOR");
	free(path);
	free(dir);
	free(cfg);
	gitsh_ok(g, "git config --global user.name Tess && git config --global user.email tess@acme.test && "
		"git config --global init.defaultBranch main && git config --global advice.detachedHead false");
	return g;
}

void
gitsh_free(gitsh *g)
{
	if (g == NULL)
		return;
	fx_rmtree(g->root);
	free(g->root);
	free(g->audit);
	free(g->out);
	free(g);
}

static int
vrun(gitsh *g, const char *fmt, va_list ap)
{
	char *cmd, *full;
	FILE *p;
	size_t len = 0;
	int status;

	/* stdin is empty unless the command redirects its own (<<EOF, a pipe). */
	if (vasprintf(&cmd, fmt, ap) < 0 ||
	    asprintf(&full, "cd '%s' && { %s ; } 2>&1 </dev/null", g->root, cmd) < 0)
		abort();
	free(g->out);
	g->out = NULL;
	p = popen(full, "r");
	ck_assert_msg(p != NULL, "popen failed");
	for (;;) {
		char chunk[4096];
		size_t n = fread(chunk, 1, sizeof(chunk), p);

		if (n == 0)
			break;
		g->out = realloc(g->out, len + n + 1);
		memcpy(g->out + len, chunk, n);
		len += n;
		g->out[len] = '\0';
	}
	if (g->out == NULL)
		g->out = strdup("");
	status = pclose(p);
	free(cmd);
	free(full);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int
gitsh_run(gitsh *g, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vrun(g, fmt, ap);
	va_end(ap);
	return rc;
}

void
gitsh_ok(gitsh *g, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vrun(g, fmt, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "command failed with %d:\n%s", rc, g->out);
}

char *
gitsh_capture(gitsh *g, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t n;
	int rc;

	va_start(ap, fmt);
	rc = vrun(g, fmt, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "command failed with %d:\n%s", rc, g->out);
	s = strdup(g->out);
	n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

char *
gitsh_audit(gitsh *g)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	vd_audit *a = NULL;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_buf b = VD_BUF_INIT;
	char *s;

	o.must_exist = true;
	q.raw = true;
	if (vd_audit_open(&a, g->audit, &o) < 0)
		return strdup("");
	ck_assert_msg(vd_audit_iter_new(&it, a, &q) == 0, "%s", vd_error_last()->message);
	while (vd_audit_iter_next(&e, it) == 1) {
		vd_buf_put(&b, e.json, e.json_len);
		vd_buf_printf(&b, " => %s\n", vd_verdict_name(e.verdict));
	}
	vd_audit_iter_free(it);
	vd_audit_close(a);
	s = strdup(b.ptr ? b.ptr : "");
	vd_buf_dispose(&b);
	return s;
}
