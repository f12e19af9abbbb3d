/*
 * audit.h - the audit log's internals that tests reach.
 *
 * The API is in verdict.h (vd_audit_*).  What is here exists so that the
 * tests can build the situations a user meets: a log written by an older
 * verdict, and a log that is full.
 */
#ifndef VD_ENGINE_AUDIT_H
#define VD_ENGINE_AUDIT_H

#include "common.h"

/*
 * Create a log at `path` holding the schema of `version` only, as an older
 * verdict would have left it (1 <= version <= VD_AUDIT_SCHEMA_VERSION).
 */
int vd__audit_create_at(const char *path, int version);

/*
 * Cap the database at its current size (SQLite's max_page_count), so the
 * next write that needs a new page fails exactly as on a full disk.  Lasts
 * as long as the handle.
 */
int vd__audit_cap_size(vd_audit *a);

/* How many events an iterator had to parse from JSON (no usable form). */
uint64_t vd__audit_iter_parsed(const vd_audit_iter *it);

/*
 * An iterator over the events whose recorded verdict warned, asked or
 * blocked, or would ask or block at full severity: the tuning queue.
 */
int vd__audit_iter_flagged(vd_audit_iter **out, vd_audit *a, const vd_audit_query *q);

/* One recorded signal; borrowed for the callback. */
typedef struct {
	const char *kind, *time, *session, *event_id, *policy, *user, *surface, *detail;
	int64_t ts;                 /* milliseconds since the epoch */
} vd__signal_row;

typedef int (*vd__signal_fn)(void *payload, const vd__signal_row *signal);

/*
 * The signals of a session: those recorded with the session, and those
 * recorded with the id of one of its events; in time order.
 */
int vd__audit_signals(vd_audit *a, const char *session, vd__signal_fn fn, void *payload);

/* The highest event row id (0 for an empty log): replay's progress scale. */
int vd__audit_last_event(vd_audit *a, int64_t *out);

#endif
