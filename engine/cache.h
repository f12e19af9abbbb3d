/*
 * cache.h - compiled rule sets on disk, keyed by tree id and engine build.
 *
 * Compiling 1,000 policies (tree-sitter, lowering, PCRE2) costs tens of
 * milliseconds, and a hook process judges one event: so the compiled set
 * of a tree is written once and read by every later process.  An entry
 * is a file named after the tree id and the engine id; it is written to a
 * temporary name and renamed (readers see a whole file or none), carries
 * a checksum over its contents, and is used only when its header names
 * the same format, engine id and tree and its checksum holds.  Anything
 * else (stale, truncated, corrupt, another build's) is ignored and
 * replaced: the cache is never trusted over a compile.
 *
 * The engine id changes with every change to the sources of the language
 * and the compiler (a hash computed at build time), with the field and
 * action tables, and with the PCRE2 version.
 */
#ifndef VD_ENGINE_CACHE_H
#define VD_ENGINE_CACHE_H

#include "common.h"
#include "ruleset.h"

/* Bytes of an entry's header, before the checksummed payload. */
#define VD_CACHE_HEADER_SIZE 120

/*
 * The payload of an entry, after the header (cache.c writes and reads it;
 * the tests damage it field by field).  In this order: one vd_cache_counts,
 * then nstrs vd_cache_str, nbytes string bytes, nrefs uint32_t string
 * indexes, nnums int64_t, npreds vd_cache_pred, nsettings vd_cache_setting,
 * nlists vd_cache_list, nramp vd_cache_ramp, nparts vd_cache_part,
 * npolicies vd_cache_policy, nexceptions vd_cache_exception.  Records name
 * each other by index (UINT32_MAX: none); loading is one pass over each
 * array, every index checked, no parsing.
 */
typedef struct {
	uint32_t nstrs, nbytes, nrefs, nnums, npreds, nsettings;
	uint32_t nlists, nramp, nparts, npolicies, nexceptions, reserved;
} vd_cache_counts;

typedef struct {
	uint32_t off, len;       /* into the string bytes, each string NUL-terminated */
} vd_cache_str;

typedef struct {
	uint32_t file, line, col, end_col;
} vd_cache_loc;

typedef struct {
	uint8_t op, group, boolean, lits_ci;
	uint32_t field;
	vd_cache_loc loc;
	uint32_t text, input_key;
	uint32_t a, b;           /* predicates written before this one */
	uint32_t strs, nstrs;    /* a run of the string references */
	uint32_t nums, nnums;    /* a run of the numbers */
	int64_t num;
	uint32_t re_src, re_opts;
	uint32_t lits, nlits;    /* a run of the string references */
	/*
	 * A string of nlits characters, one per literal, where a match holds
	 * it: '-' anywhere, 'P' prefix, 'S' suffix, 'E' exact
	 * (vd_lit_anchor); NONE when every literal is '-'.
	 */
	uint32_t lit_anchors, reserved;
} vd_cache_pred;

typedef struct {
	uint32_t name, value;
	vd_cache_loc loc;
} vd_cache_setting;

typedef struct {
	uint32_t name;
	vd_cache_loc loc;
	uint32_t strs, nstrs, nums, nnums;
} vd_cache_list;

typedef struct {
	uint32_t target, mode;
	vd_cache_loc loc;
} vd_cache_ramp;

typedef struct {
	uint32_t literal;
	int32_t field;
	uint32_t input_key;
} vd_cache_part;

typedef struct {
	uint32_t id, pack;
	vd_cache_loc loc;
	uint32_t risk;
	int32_t mode;
	uint64_t actions;
	uint32_t when, unless, parts, nparts, groups, mode_source;
	uint8_t severity, effective, reserved[6];
} vd_cache_policy;

typedef struct {
	uint32_t id, pack;
	vd_cache_loc loc;
	uint32_t patterns, npatterns, when, groups, reason, owner, expires, reserved;
	int64_t expires_at;
} vd_cache_exception;

/* No padding anywhere: the encoder writes every byte it means. */
_Static_assert(sizeof(vd_cache_counts) == 48 && sizeof(vd_cache_str) == 8 && sizeof(vd_cache_loc) == 16 &&
	sizeof(vd_cache_pred) == 88 && sizeof(vd_cache_setting) == 24 && sizeof(vd_cache_list) == 36 &&
	sizeof(vd_cache_ramp) == 24 && sizeof(vd_cache_part) == 12 && sizeof(vd_cache_policy) == 72 &&
	sizeof(vd_cache_exception) == 64, "cache records have no padding");

/* Files kept per directory; the least recently written go first. */
#define VD_CACHE_KEEP 32

/* The id of this engine build, as it appears in cache file names. */
const char *vd__cache_engine_id(void);

/*
 * The cache directory for a repository whose git directory is `gitdir`:
 * $VERDICT_CACHE when set (a directory; "off" turns the cache off), else
 * <gitdir>/verdict/cache.  Writes it to `out` (size n); false when off.
 */
bool vd__cache_dir(char *out, size_t n, const char *gitdir);

/*
 * Serialize a rule set (its IR; indexes are derived again on load) for
 * tree `tree_hex`.  The bytes go to `out`.
 */
void vd__cache_encode(vd_buf *out, const vd_ruleset *rs, const char *tree_hex);

/*
 * Rebuild a rule set from bytes written by vd__cache_encode() for
 * `tree_hex`.  Every count, index and enum is checked, so damaged bytes
 * give VD_EINVALID, never a crash; `check_sum` false skips only the
 * checksum (for the fuzzer, which must reach the structural checks).
 */
int vd__cache_decode(vd_ruleset **out, const uint8_t *data, size_t len,
	const char *tree_hex, bool check_sum);

/*
 * Write the checksum of the `len` bytes of an entry into its header: for
 * the tests, which damage entries past the checksum.
 */
void vd__cache_seal(uint8_t *data, size_t len);

/* Load the entry for `tree_hex` from `dir`: 0, or VD_ENOTFOUND when there is no usable one. */
int vd__cache_load(vd_ruleset **out, const char *dir, const char *tree_hex);

/* Store an entry, atomically; failures are silent (the cache is optional). */
void vd__cache_store(const char *dir, const char *tree_hex, const vd_ruleset *rs);

#endif
