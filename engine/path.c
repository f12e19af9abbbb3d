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

const char *
vd__path_normalize(vd_arena *a, const char *path, size_t len, const char *cwd,
	const char *home)
{
	vd_buf in = VD_BUF_INIT, out = VD_BUF_INIT;
	vd_vec(size_t) marks = VD_VEC_INIT;   /* where each kept component starts in out */
	const char *p, *end, *res;

	if (len > 0 && path[0] == '~' && (len == 1 || path[1] == '/')) {
		vd__buf_puts(&in, home && *home ? home : "/root");
		vd__buf_put(&in, path + 1, len - 1);
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
		vd__buf_puts(&in, cwd && *cwd ? cwd : "/");
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
	res = vd__arena_strndup(a, out.ptr, out.size);
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
