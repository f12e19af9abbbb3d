/*
 * path.c - lexical normalization of paths.
 *
 * Layer: runtime.  Purely textual, like the paths an agent hands us: the
 * file may not exist yet (a write), and the hook must not follow symlinks
 * an agent planted.
 */
#include "common.h"
#include "path.h"
#include "buf.h"
#include "vec.h"

/*
 * /proc/self/root/x and /proc/<pid>/root/x name /x (the root of the
 * process, which for an agent's shell is the root); /proc/self/cwd/x names
 * x in the working directory.  Folded so they cannot hide a path.
 */
static const char *
proc_alias(vd_arena *a, const char *p, size_t n, const char *cwd)
{
	const char *q;
	size_t k;

	if (n < 6 || memcmp(p, "/proc/", 6) != 0)
		return vd__arena_strndup(a, p, n);
	q = p + 6;
	if (strncmp(q, "self/", 5) == 0 || strncmp(q, "thread-self/", 12) == 0) {
		q = strchr(q, '/') + 1;
	} else {
		for (k = 0; q + k < p + n && q[k] >= '0' && q[k] <= '9'; k++)
			;
		if (k == 0 || q[k] != '/')
			return vd__arena_strndup(a, p, n);
		q += k + 1;
	}
	if (strncmp(q, "root", 4) == 0 && (q[4] == '/' || q[4] == '\0'))
		return vd__arena_strdup(a, q[4] ? q + 4 : "/");
	if (strncmp(q, "cwd", 3) == 0 && (q[3] == '/' || q[3] == '\0'))
		/* A cwd that is itself under /proc could loop: resolve against / then. */
		return vd__path_normalize(a, q[3] ? q + 4 : ".", q[3] ? strlen(q + 4) : 1,
			strncmp(cwd, "/proc/", 6) == 0 ? "/" : cwd, NULL);
	return vd__arena_strndup(a, p, n);
}

/* `prefix` at the start of path[0..len), followed by '/' or the end. */
static bool
leads_with(const char *path, size_t len, const char *prefix, size_t *plen)
{
	size_t n = strlen(prefix);

	if (len < n || memcmp(path, prefix, n) != 0 || (len > n && path[n] != '/'))
		return false;
	*plen = n;
	return true;
}

const char *
vd__path_normalize(vd_arena *a, const char *path, size_t len, const char *cwd,
	const char *home)
{
	vd_buf in = VD_BUF_INIT, out = VD_BUF_INIT;
	vd_vec(size_t) marks = VD_VEC_INIT;   /* where each kept component starts in out */
	const char *p, *end, *res;
	size_t skip;

	if (home == NULL || *home == '\0')
		home = "/root";
	if (cwd == NULL || *cwd == '\0')
		cwd = "/";
	/* The spellings of the home directory and the working directory. */
	if ((len > 0 && path[0] == '~' && (len == 1 || path[1] == '/') && (skip = 1)) ||
	    leads_with(path, len, "$HOME", &skip) || leads_with(path, len, "${HOME}", &skip)) {
		vd__buf_puts(&in, home);
		vd__buf_putc(&in, '/');
		vd__buf_put(&in, path + skip, len - skip);
	} else if (leads_with(path, len, "$PWD", &skip) || leads_with(path, len, "${PWD}", &skip)) {
		vd__buf_puts(&in, cwd);
		vd__buf_putc(&in, '/');
		vd__buf_put(&in, path + skip, len - skip);
	} else if (len > 0 && path[0] == '~') {
		/* ~user/...: the conventional home of that user. */
		const char *slash = memchr(path, '/', len);
		size_t ulen = slash ? (size_t)(slash - path) - 1 : len - 1;

		vd__buf_printf(&in, "/home/%.*s", (int)ulen, path + 1);
		if (slash)
			vd__buf_put(&in, slash, len - (size_t)(slash - path));
	} else if (len > 0 && path[0] == '/') {
		vd__buf_put(&in, path, len);
	} else {
		vd__buf_puts(&in, cwd);
		vd__buf_putc(&in, '/');
		vd__buf_put(&in, path, len);
	}

	p = vd__buf_cstr(&in);
	end = p + in.size;
	while (p < end) {
		const char *q;
		size_t n;

		while (p < end && *p == '/')
			p++;
		q = p;
		while (q < end && *q != '/')
			q++;
		n = (size_t)(q - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (marks.len) {
				out.size = marks.ptr[--marks.len];
				out.ptr[out.size] = '\0';
			}
		} else {
			vd_vec_push(&marks, out.size);
			vd__buf_putc(&out, '/');
			vd__buf_put(&out, p, n);
		}
		p = q;
	}
	if (out.size == 0)
		vd__buf_putc(&out, '/');
	res = proc_alias(a, out.ptr, out.size, cwd);
	vd_buf_dispose(&in);
	vd_buf_dispose(&out);
	vd_vec_dispose(&marks);
	return res;
}

const char *
vd__path_relative(vd_arena *a, const char *path, const char *root)
{
	size_t rl = strlen(root);

	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (rl == 1 && root[0] == '/')
		return vd__arena_strdup(a, path[0] == '/' ? path + 1 : path);
	if (strncmp(path, root, rl) != 0)
		return NULL;
	if (path[rl] == '\0')
		return "";
	if (path[rl] != '/')
		return NULL;
	return vd__arena_strdup(a, path + rl + 1);
}

const char *
vd__path_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

const char *
vd__path_ext(vd_arena *a, const char *name)
{
	const char *dot = strrchr(name, '.');

	/* ".env" is a name, not an extension; "a.tar.gz" has "gz". */
	if (dot == NULL || dot == name)
		return "";
	return vd__arena_strdup(a, dot + 1);
}
