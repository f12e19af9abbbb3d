/*
 * spool.h - the audit log's fallback: a JSON Lines file beside the
 * database that takes records the database could not.
 *
 * Appends and drains take an exclusive flock() on the spool file, so a
 * line is never half-written under a reader, two drainers never both move
 * the same lines, and an append that waits for a drain lands after it.
 * The file is emptied, never removed: an appender that opened it before a
 * drain still writes into the file the next drain reads.
 */
#ifndef VD_ENGINE_SPOOL_H
#define VD_ENGINE_SPOOL_H

#include "common.h"

/*
 * Append `len` bytes of complete lines (each ending in '\n') with one
 * write under the lock, then fsync.  Creates the file (mode 0600, and
 * fsyncs its directory so the new name survives a crash).
 * VD_EIO names the file and the system's reason.
 */
int vd__spool_append(const char *path, const char *data, size_t len);

/*
 * Called with the whole content of the spool, lock held.  Returns 0 when
 * every line is safely elsewhere (the spool is then emptied), negative to
 * keep the spool as it is.
 */
typedef int (*vd__spool_consume)(void *payload, char *data, size_t len);

/*
 * Hand the spool's content to `consume` under the lock and empty it when
 * consume succeeds.  A missing or empty spool is not an error: consume is
 * not called.  Returns 0 or the error of consume or of the file.
 */
int vd__spool_drain(const char *path, vd__spool_consume consume, void *payload);

/* Whether the spool exists and holds anything (a cheap stat). */
bool vd__spool_pending(const char *path);

#endif
