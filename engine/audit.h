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

#endif
