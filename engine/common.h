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
 * Documented limits (verdict.h, README "Limits").  Each is enforced with an
 * error that names it, and tested on both sides of the edge
 * (tests/check_limits.c).
 */
#define VD_MAX_POLICY_FILE   VD_LIMIT_POLICY_FILE_BYTES /* bytes in one .policy file */
#define VD_MAX_POLICY_FILES  VD_LIMIT_POLICY_FILES      /* .policy files at one ref */
#define VD_MAX_POLICIES      VD_LIMIT_POLICIES          /* policies at one ref */
#define VD_MAX_NESTING       VD_LIMIT_NESTING           /* condition nesting depth */
#define VD_MAX_EVENT         VD_LIMIT_EVENT_BYTES       /* bytes in one event */
#define VD_MAX_LINE          VD_LIMIT_EVENT_BYTES       /* bytes in one JSON Lines line */

#endif
