/*
 * common.c - helpers every verb uses: input, the repository, the engine.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <time.h>

#include "cli.h"

int
cli_read_input(vd_buf *buf, const char *path)
{
	FILE *f = stdin;
	char chunk[65536];
	size_t n;

	if (path && strcmp(path, "-") != 0) {
		struct stat st;

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
	}
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

const char *
cli_day(int64_t t, char buf[16])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return "-";
	strftime(buf, 16, "%Y-%m-%d", &tm);
	return buf;
}

int
cli_parse_format(const char *format, bool *json)
{
	if (strcmp(format, "json") == 0)
		*json = true;
	else if (strcmp(format, "text") != 0)
		return cli_error_usage("unknown format '%s'; expected text or json", format);
	return 0;
}
