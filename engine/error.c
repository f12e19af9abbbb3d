/*
 * error.c - the thread-local record of the last failure.
 *
 * Layer: base.  A fixed buffer per thread: recording an error must work
 * even when memory is short, and hook processes are single-threaded anyway.
 */
#include "common.h"

#include <git2.h>

static _Thread_local vd_error last;

int
vd__error_set(int code, const char *fmt, ...)
{
	va_list ap;

	last.code = code;
	va_start(ap, fmt);
	vsnprintf(last.message, sizeof(last.message), fmt, ap);
	va_end(ap);
	return code;
}

int
vd__error_git(int code, const char *what)
{
	const git_error *e = git_error_last(); /* may be NULL in libgit2 1.5 */

	return vd__error_set(code ? code : VD_EGIT, "%s: %s", what,
		e && e->message ? e->message : "unknown git error");
}

int
vd__error_prefix(const char *fmt, ...)
{
	char prefix[512], old[sizeof(last.message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, last.message, sizeof(old));
	/* Truncation is fine: the message is for people and stays one line. */
	last.message[0] = '\0';
	strncat(last.message, prefix, sizeof(last.message) - 1);
	strncat(last.message, ": ", sizeof(last.message) - 1 - strlen(last.message));
	strncat(last.message, old, sizeof(last.message) - 1 - strlen(last.message));
	return last.code;
}

const vd_error *
vd_error_last(void)
{
	return &last;
}

void
vd_error_clear(void)
{
	last.code = 0;
	last.message[0] = '\0';
}

int
vd_error_exit_status(int code)
{
	switch (code) {
#define VD__X(name, value, exit, doc) case value: return exit;
	VD_ERROR_LIST(VD__X)
#undef VD__X
	default:
		return 8;
	}
}

const char *
vd_error_describe(int code)
{
	switch (code) {
#define VD__X(name, value, exit, doc) case value: return doc;
	VD_ERROR_LIST(VD__X)
#undef VD__X
	default:
		return "unknown error";
	}
}

const char *
vd_version(void)
{
	return VD_VERSION;
}
