/*
 * common.c - helpers every verb uses: input, the repository, the engine.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Open an input file ("-" or NULL: stdin); prints and returns an exit status on error. */
static int
open_input(FILE **out, const char *path)
{
	struct stat st;
	FILE *f;

	*out = stdin;
	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "verdict: %s: %s\n", path, strerror(errno));
		return vd_error_exit_status(errno == ENOENT ? VD_ENOTFOUND : VD_EIO);
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		fprintf(stderr, "verdict: %s: is a directory; expected a file of JSON events\n", path);
		return vd_error_exit_status(VD_EINVALID);
	}
	*out = f;
	return 0;
}

int
cli_read_input(vd_buf *buf, const char *path)
{
	FILE *f;
	char chunk[65536];
	size_t n;
	int status;

	if ((status = open_input(&f, path)) != 0)
		return status;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vd_buf_put(buf, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "verdict: %s: read error\n", path ? path : "stdin");
		if (f != stdin)
			fclose(f);
		return vd_error_exit_status(VD_EIO);
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

/* Whether a line holds one whole JSON object (brackets balance outside strings). */
static bool
whole_object(const char *s, size_t n)
{
	int depth = 0;
	bool in_str = false;
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == n || s[i] != '{')
		return false;
	for (; i < n; i++) {
		if (in_str) {
			if (s[i] == '\\' && i + 1 < n)
				i++;
			else if (s[i] == '"')
				in_str = false;
		} else if (s[i] == '"') {
			in_str = true;
		} else if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			depth--;
		}
	}
	return depth == 0;
}

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

int
cli_read_events(const char *path, cli_event_fn fn, void *payload)
{
	enum { UNDECIDED, LINES, DOCUMENT } mode = UNDECIDED;
	FILE *f;
	vd_buf cur = VD_BUF_INIT;
	char chunk[65536];
	size_t n, seen = 0, line = 0;
	bool too_long = false;
	int status;

	if ((status = open_input(&f, path)) != 0)
		return status;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		const char *p = chunk, *end = chunk + n;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t piece = nl ? (size_t)(nl - p) : (size_t)(end - p);

			/*
			 * Past the limit, bytes are counted and dropped, never held.  A
			 * line's newline is not part of its event; a document's are.
			 */
			seen += piece;
			if (!too_long && seen > VD_LIMIT_EVENT_BYTES) {
				too_long = true;
				vd_buf_clear(&cur);
			}
			if (!too_long)
				vd_buf_put(&cur, p, piece);
			p += piece;
			if (nl == NULL)
				break;
			p++;
			line++;
			/* A first line past the limit is no document either: judge the lines after it. */
			if (mode == UNDECIDED)
				mode = too_long || whole_object(cur.ptr ? cur.ptr : "", cur.size) ? LINES : DOCUMENT;
			if (mode == DOCUMENT) {
				if (!too_long && ++seen > VD_LIMIT_EVENT_BYTES) {
					too_long = true;
					vd_buf_clear(&cur);
				}
				if (!too_long)
					vd_buf_put(&cur, "\n", 1);
				continue;
			}
			if (too_long)
				fn(payload, NULL, seen, line);
			else if (!blank(cur.ptr ? cur.ptr : "", cur.size))
				fn(payload, cur.ptr, cur.size, line);
			vd_buf_clear(&cur);
			seen = 0;
			too_long = false;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "verdict: %s: read error\n", path ? path : "stdin");
		if (f != stdin)
			fclose(f);
		vd_buf_dispose(&cur);
		return vd_error_exit_status(VD_EIO);
	}
	if (f != stdin)
		fclose(f);
	if (mode == LINES) {
		if (too_long)
			fn(payload, NULL, seen, line + 1);
		else if (!blank(cur.ptr ? cur.ptr : "", cur.size))
			fn(payload, cur.ptr, cur.size, line + 1);
	} else {
		fn(payload, too_long ? NULL : cur.ptr ? cur.ptr : "", too_long ? seen : cur.size, 0);
	}
	vd_buf_dispose(&cur);
	return 0;
}

const char *
cli_repo(const char *flag)
{
	const char *env = getenv("VERDICT_REPO");

	if (flag && *flag)
		return flag;
	if (env && *env)
		return env;
	return ".";
}

int
cli_open_engine(vd_engine **out, const char *repo)
{
	if (vd_engine_open(out, cli_repo(repo), NULL) < 0)
		return cli_error_lib();
	return 0;
}
