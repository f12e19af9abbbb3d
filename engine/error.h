/*
 * error.h - the thread-local last error.
 *
 * The message is recorded once, where the failure is detected; callers
 * above only propagate the code (libgit2's rule).  Recording never
 * allocates.
 */
#ifndef VD_ENGINE_ERROR_H
#define VD_ENGINE_ERROR_H

#include "verdict.h"

/* Record code and message; returns code so `return vd__error_set(...)` reads well. */
int vd__error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record a libgit2 failure with its message, as `code` (VD_EGIT by default). */
int vd__error_git(int code, const char *what);

/* Prefix the current message with "context: ", keeping the code. */
int vd__error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
