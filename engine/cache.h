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

/* Load the entry for `tree_hex` from `dir`: 0, or VD_ENOTFOUND when there is no usable one. */
int vd__cache_load(vd_ruleset **out, const char *dir, const char *tree_hex);

/* Store an entry, atomically; failures are silent (the cache is optional). */
void vd__cache_store(const char *dir, const char *tree_hex, const vd_ruleset *rs);

#endif
