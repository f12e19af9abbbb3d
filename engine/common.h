/*
 * common.h - the first include of every file in the library.
 *
 * Standard headers, the public API, and the few macros every module uses.
 * Internal names are vd__ (shared across files) or plain static names.
 */
#ifndef VD_ENGINE_COMMON_H
#define VD_ENGINE_COMMON_H

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verdict.h"
#include "alloc.h"
#include "error.h"

#define VD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define VD_UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define VD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define VD_LIKELY(x) __builtin_expect(!!(x), 1)
#define VD_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define VD_PRINTF(f, a)
#define VD_LIKELY(x) (x)
#define VD_UNLIKELY(x) (x)
#endif

/* Argument checks at the API boundary: bad arguments are a usage error. */
#define VD_ASSERT_ARG(expr) do { \
	if (!(expr)) \
		return vd__error_set(VD_EUSAGE, "invalid argument: %s", #expr); \
} while (0)

/*
 * Documented limits.  Each is enforced with an error that names it, and
 * tested on both sides of the edge.
 */
#define VD_MAX_POLICY_FILE   (1024 * 1024)       /* bytes in one .policy file */
#define VD_MAX_POLICY_FILES  10000               /* .policy files at one ref */
#define VD_MAX_POLICIES      100000              /* policies at one ref */
#define VD_MAX_NESTING       64                  /* expression nesting depth */
#define VD_MAX_EVENT         (64 * 1024 * 1024)  /* bytes in one event */
#define VD_MAX_LINE          (64 * 1024 * 1024)  /* bytes in one JSON Lines line */

#endif
