/*
 * audit.c - the audit log: the only user of SQLite.
 *
 * Layer: runtime, above the evaluator (it stores what vd_eval() decided)
 * and below the CLI and the hooks.  It owns the database file, its schema
 * and migrations, the hash chain over verdict rows, the spool it falls
 * back to (the file itself is spool.c's), and reading events back.
 *
 * Durability.  WAL mode with synchronous=FULL: COMMIT returns after the
 * WAL is fsynced, so a record whose call returned survives kill -9 of any
 * process and a power cut.  Every write transaction starts with BEGIN
 * IMMEDIATE, which takes the write lock up front (waiting up to the busy
 * timeout); the chain's previous hash is read inside it, so concurrent
 * writers append one after another and the chain stays linear.
 *
 * Batches.  A batch is kept in memory (strings in one arena) and written
 * in one transaction at commit, so the write lock is held only while
 * writing, never while the caller parses or judges.
 *
 * Failure.  Any SQLite error while writing classifies the database
 * (locked, read-only, full, corrupt, newer schema, other), rolls back, and
 * makes the handle spool from then on: the failed batch and every later
 * record become lines of the spool (format below), and the call returns
 * VD_EIO with one message that says all of it.  The database is released
 * before the spool is locked, and the drainer takes the spool lock before
 * the database's: no two processes wait on each other.
 *
 * Draining.  A writer that connects moves the spool into the database
 * under the spool's lock, in chunked transactions.  Each line carries a
 * random id stored with its row (a unique index), and a line whose id is
 * already there is skipped: a drain cut short by a crash repeats without
 * adding anything twice.  A line that does not parse is set aside in
 * `<spool>.rejected`, never dropped.
 *
 * The spool format, one JSON object per line:
 *
 *   {"spool":1,"type":"event","id":"<32 hex>","spooled_at":"<ISO-8601>",
 *    "reason":"<why the database refused>",
 *    "event":{<every events column but spool_id; json and groups as JSON>},
 *    "verdict":{<every verdicts column but id, event and the hashes>}}
 *   {"spool":1,"type":"signal",...,"signal":{<every signals column but
 *    spool_id>}}
 *
 * The hash chain.  hash = SHA-256 over "verdict-chain-1\n", then fields,
 * each as a byte 0 (NULL) or a byte 1, an 8-byte big-endian length and the
 * bytes: prev_hash, the verdict row's id, its event's id, the verdict
 * columns (VERDICT_COLUMNS order), the event columns (EVENT_COLUMNS
 * order), then, when the event row has one, its stored form (schema 3,
 * below) as bytes.  Integers are hashed as their decimal text.  The first
 * row's prev_hash is 64 zeros.  Because the event's columns are inside the
 * hash, changing an event breaks its verdict row; a row without a form
 * hashes exactly as it did before schema 3.
 *
 * The stored form (schema 3).  Each event also keeps its normalized fields
 * in evform.c's compact layout, in a table of their own (forms: the event's
 * id, its ts, the form), so that replay reads the forms and nothing else:
 * a third of the bytes of the event rows, and no JSON to parse.  Events
 * without a form (recorded before schema 3, or drained from the spool) are
 * the gaps between the forms' ids, read from the events table and parsed.
 * A form is derived data: one written by a build whose normalization
 * differs is ignored and the JSON parsed instead.  It is inside the hash
 * chain so that no one can make a replay lie about an event the log
 * verifies.
 */
#include "common.h"
#include "audit.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "event.h"
#include "evform.h"
#include "result.h"
#include "spool.h"
#include "vec.h"

#include <fcntl.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_BUSY_MS 5000
#define BUSY_CAP        12      /* busy timeouts a moving log may make us wait */
#define BATCH_MAX       10000   /* records queued before a batch commits itself */
#define DRAIN_CHUNK     4096    /* spooled records per drain transaction */
#define SPOOL_FORMAT    1
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- columns ------------------------------------------------------------- */

/*
 * The columns this version writes, in hash order.  X(name, type):
 * T text, I integer, J JSON text (kept as JSON inside spool lines).
 * Values travel as strings (NULL for SQL NULL); integers as decimal text.
 */
#define EVENT_COLUMNS(X) \
	X(event_id, T) X(ts, I) X(time, T) X(recorded_at, I) X(user, T) \
	X(groups, J) X(repo, T) X(branch, T) X(session, T) X(surface, T) \
	X(tool, T) X(action, T) X(command, T) X(path, T) X(url, T) \
	X(mcp_server, T) X(mcp_tool, T) X(json, J) X(spool_id, T)

#define VERDICT_COLUMNS(X) \
	X(verdict, T) X(would, T) X(policy, T) X(message, T) X(matches, J) \
	X(scopes, J)

#define SIGNAL_COLUMNS(X) \
	X(kind, T) X(ts, I) X(time, T) X(recorded_at, I) X(session, T) \
	X(event_id, T) X(policy, T) X(user, T) X(surface, T) X(detail, T) \
	X(spool_id, T)

enum {
#define X(name, type) EC_##name,
	EVENT_COLUMNS(X)
#undef X
	EC__COUNT
};
enum {
#define X(name, type) VC_##name,
	VERDICT_COLUMNS(X)
#undef X
	VC__COUNT
};
enum {
#define X(name, type) SC_##name,
	SIGNAL_COLUMNS(X)
#undef X
	SC__COUNT
};

typedef struct {
	const char *name;
	char type;              /* 'T', 'I' or 'J' */
} column;

#define X(name, type) { #name, #type[0] },
static const column event_cols[] = { EVENT_COLUMNS(X) };
static const column verdict_cols[] = { VERDICT_COLUMNS(X) };
static const column signal_cols[] = { SIGNAL_COLUMNS(X) };
#undef X

typedef enum { REC_EVENT, REC_SIGNAL } rec_type;

/* One queued record; the strings live in the handle's batch arena. */
typedef struct {
	rec_type type;
	const char *ev[EC__COUNT];   /* REC_EVENT: the event row */
	const char *vd[VC__COUNT];   /* REC_EVENT: its verdict row */
	const char *sg[SC__COUNT];   /* REC_SIGNAL */
	const void *form;            /* REC_EVENT: its stored form, or NULL */
	size_t form_len;
} rec;

struct vd_audit {
	char *path;
	char *spool;                 /* <path>.spool.jsonl */
	char *rejected;              /* <spool>.rejected */
	sqlite3 *db;                 /* NULL when the database never opened */
	bool reader;
	int busy_ms;
	int64_t busy_start;          /* monotonic ms when the current wait began */
	int64_t busy_since;          /* ... or when the log last moved during it */
	int64_t busy_seen[3];        /* the WAL's size and time, the file's time */
	uint32_t jitter;             /* xorshift state for the busy handler */
	char *wal;                   /* <path>-wal */
	char *failure;               /* why the database is unusable; sticky */
	bool batching;
	vd_arena arena;              /* the batch's strings */
	vd_vec(rec) batch;
	sqlite3_stmt *st_event, *st_verdict, *st_signal, *st_last, *st_form;
	sqlite3_stmt *st_seen_event, *st_seen_signal;
	vd_buf scopes_key;           /* the scopes the cached JSON describes */
	vd_buf scopes_json;
	vd_buf scratch;
	vd_audit_stats stats;
};

struct vd_audit_iter {
	vd_audit *a;
	sqlite3_stmt *st;            /* the rows; on the forms path, the forms */
	bool raw;
	bool joined;                 /* the verdict columns are selected */
	bool events_only;
	vd_event *ev;                /* parsed from JSON, freed at the next step */
	vd_event *formed;            /* rebuilt from forms, reused */
	uint64_t parsed;             /* events whose JSON had to be parsed */
	/*
	 * The forms path (events only, no filter): the forms in id order, and
	 * the events between two forms' ids, which have none, from `gap`.
	 */
	bool forms;
	sqlite3_stmt *gap;
	bool pending;                /* st holds a form not returned yet */
	bool forms_done;
	bool in_gap;                 /* gap is stepping through (last, gap_to) */
	int64_t last;                /* the last event id returned */
	int64_t gap_to;
	int64_t max_id;              /* the highest event id when it started */
};

/* ---- migrations ---------------------------------------------------------- */

/*
 * Each migration is applied once, in order, inside one transaction with
 * the others that are due; PRAGMA user_version mirrors the highest one so
 * that opening an up-to-date log costs one read.  A released migration is
 * never edited: a change is a new migration.
 */
#define APPEND_ONLY(t) \
	"CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t \
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n" \
	"CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t \
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"

static const struct {
	int version;
	const char *name;
	const char *sql;
} migrations[] = {
	{ 1, "events and verdicts",
	  "CREATE TABLE migrations(\n"
	  "  version INTEGER PRIMARY KEY,\n"
	  "  name TEXT NOT NULL,\n"
	  "  applied_at TEXT NOT NULL);\n"
	  "CREATE TABLE events(\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  \"event_id\" TEXT, \"ts\" INTEGER NOT NULL, \"time\" TEXT,\n"
	  "  \"recorded_at\" INTEGER NOT NULL, \"user\" TEXT, \"groups\" TEXT,\n"
	  "  \"repo\" TEXT, \"branch\" TEXT, \"session\" TEXT, \"surface\" TEXT,\n"
	  "  \"tool\" TEXT, \"action\" TEXT NOT NULL, \"command\" TEXT,\n"
	  "  \"path\" TEXT, \"url\" TEXT, \"mcp_server\" TEXT, \"mcp_tool\" TEXT,\n"
	  "  \"json\" TEXT NOT NULL, \"spool_id\" TEXT);\n"
	  "CREATE INDEX events_ts ON events(ts);\n"
	  "CREATE INDEX events_session ON events(session, ts) WHERE session IS NOT NULL;\n"
	  "CREATE INDEX events_event_id ON events(event_id) WHERE event_id IS NOT NULL;\n"
	  "CREATE UNIQUE INDEX events_spool_id ON events(spool_id) WHERE spool_id IS NOT NULL;\n"
	  "CREATE TABLE verdicts(\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  event INTEGER NOT NULL REFERENCES events(id),\n"
	  "  \"verdict\" TEXT NOT NULL, \"would\" TEXT NOT NULL, \"policy\" TEXT,\n"
	  "  \"message\" TEXT, \"matches\" TEXT NOT NULL, \"scopes\" TEXT NOT NULL,\n"
	  "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);\n"
	  "CREATE INDEX verdicts_event ON verdicts(event);\n"
	  APPEND_ONLY("events") APPEND_ONLY("verdicts") },
	{ 2, "signals",
	  "CREATE TABLE signals(\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  \"kind\" TEXT NOT NULL, \"ts\" INTEGER NOT NULL, \"time\" TEXT,\n"
	  "  \"recorded_at\" INTEGER NOT NULL, \"session\" TEXT, \"event_id\" TEXT,\n"
	  "  \"policy\" TEXT, \"user\" TEXT, \"surface\" TEXT, \"detail\" TEXT,\n"
	  "  \"spool_id\" TEXT);\n"
	  "CREATE INDEX signals_session ON signals(session, ts) WHERE session IS NOT NULL;\n"
	  "CREATE INDEX signals_event_id ON signals(event_id) WHERE event_id IS NOT NULL;\n"
	  "CREATE UNIQUE INDEX signals_spool_id ON signals(spool_id) WHERE spool_id IS NOT NULL;\n"
	  APPEND_ONLY("signals") },
	{ 3, "stored event forms",
	  "CREATE TABLE forms(\n"
	  "  event INTEGER PRIMARY KEY,\n"
	  "  \"ts\" INTEGER NOT NULL,\n"
	  "  \"form\" BLOB NOT NULL);\n"
	  APPEND_ONLY("forms") },
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == VD_AUDIT_SCHEMA_VERSION,
	"VD_AUDIT_SCHEMA_VERSION must be the last migration");

/* ---- locations ----------------------------------------------------------- */

int
vd_audit_default_path(vd_buf *out)
{
	const char *env = getenv("VERDICT_AUDIT"), *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	VD_ASSERT_ARG(out);
	if (env && *env)
		vd__buf_puts(out, env);
	else if (state && state[0] == '/')   /* the XDG spec ignores relative values */
		vd__buf_printf(out, "%s/verdict/audit.db", state);
	else if (home && *home)
		vd__buf_printf(out, "%s/.local/state/verdict/audit.db", home);
	else
		return vd__error_set(VD_EUSAGE,
			"no place for the audit log: pass --audit PATH or set VERDICT_AUDIT, XDG_STATE_HOME or HOME");
	return 0;
}

/* Create the directories above `path`, like mkdir -p. */
static int
make_parents(const char *path)
{
	char *dir = vd__strdup(path), *p;
	int rc = 0;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		goto done;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
				rc = vd__error_set(VD_EIO,
					"cannot create directory %s for the audit log %s: %s; nothing can be recorded or spooled there",
					dir, path, strerror(errno));
				goto done;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
done:
	vd__free(dir);
	return rc;
}

/* ---- errors -------------------------------------------------------------- */

/*
 * Turn a failed SQLite call into one message: the database, what is wrong
 * with it, and what to do.  Records it as VD_EIO.
 */
static int
db_error(vd_audit *a, int rc, const char *doing)
{
	int primary = rc & 0xff, sys = a->db ? sqlite3_system_errno(a->db) : 0;
	const char *msg = a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc);
	char what[256];
	const char *todo;

	/*
	 * The primary code first; the system errno only explains I/O and open
	 * failures (it can be left over from an unrelated call otherwise).
	 */
	if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) {
		if (sys == EACCES || sys == EPERM || sys == EROFS)
			primary = SQLITE_READONLY;
		else if (sys == ENOSPC || sys == EDQUOT || sys == EFBIG)
			primary = SQLITE_FULL;
	}
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
		snprintf(what, sizeof(what), "is locked by another process (waited %" PRId64 " ms)",
			a->busy_start ? vd__monotonic_ms() - a->busy_start : (int64_t)a->busy_ms);
		todo = "if it stays locked, find the process holding it (fuser) or raise VERDICT_AUDIT_TIMEOUT (ms)";
	} else if (primary == SQLITE_READONLY) {
		snprintf(what, sizeof(what), "is read-only (%s)", msg);
		todo = "make the file and its directory writable by this user, or choose another log with --audit or VERDICT_AUDIT";
	} else if (primary == SQLITE_FULL) {
		snprintf(what, sizeof(what), "is full (%s)", msg);
		todo = "free space on its file system or move the log to a larger one";
	} else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
		snprintf(what, sizeof(what), "is corrupt (%s)", msg);
		todo = "move it aside with any -wal file beside it (mv to a .corrupt name): the next record starts a new log and drains the spool; `sqlite3 FILE .recover` may salvage the old one";
	} else if (primary == SQLITE_CANTOPEN) {
		snprintf(what, sizeof(what), "cannot be opened (%s%s%s)", msg, sys ? ": " : "",
			sys ? strerror(sys) : "");
		todo = "check that the path names a file in a directory this user can write";
	} else {
		snprintf(what, sizeof(what), "failed (%s)", msg);
		todo = "check the disk and the file, then run `verdict audit verify`";
	}
	return vd__error_set(VD_EIO, "audit log %s %s while %s; %s", a->path, what, doing, todo);
}

/* Remember why the database cannot be used: the handle spools from now on. */
static int
fail(vd_audit *a, int rc)
{
	if (a->failure == NULL)
		a->failure = vd__strdup(vd_error_last()->message);
	return rc;
}

/* ---- connection and schema ----------------------------------------------- */

static int
run_sql(vd_audit *a, const char *sql, const char *doing)
{
	int rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_error(a, rc, doing);
}

/* One integer from a query, e.g. PRAGMA user_version; 0 when it fails. */
static int
query_int(vd_audit *a, const char *sql, int64_t *out, const char *doing)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);

	*out = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : db_error(a, rc, doing);
}

static int
newer_schema(vd_audit *a, int64_t version)
{
	return vd__error_set(VD_EIO,
		"audit log %s has schema version %" PRId64 ", newer than this verdict knows (%d); upgrade verdict, or point --audit or VERDICT_AUDIT at another log",
		a->path, version, VD_AUDIT_SCHEMA_VERSION);
}

/* Bring the schema up to `target`, every due migration in one transaction. */
static int
migrate(vd_audit *a, int target)
{
	int64_t version, tables;
	char sql[256], when[64];
	size_t i;
	int rc;

	if ((rc = query_int(a, "PRAGMA user_version", &version, "reading the schema version")) < 0)
		return rc;
	if (version > VD_AUDIT_SCHEMA_VERSION)
		return newer_schema(a, version);
	if (version >= target)
		return 0;
	if ((rc = run_sql(a, "BEGIN IMMEDIATE", "upgrading the schema")) < 0)
		return rc;
	/* Another process may have migrated while we waited for the lock. */
	if ((rc = query_int(a, "PRAGMA user_version", &version, "reading the schema version")) < 0)
		goto fail;
	if (version == 0 &&
	    (rc = query_int(a, "SELECT count(*) FROM sqlite_master", &tables, "reading the schema")) == 0 &&
	    tables > 0) {
		rc = vd__error_set(VD_EIO,
			"%s is an SQLite database but not a verdict audit log; point --audit or VERDICT_AUDIT at another file",
			a->path);
		goto fail;
	}
	if (rc < 0)
		goto fail;
	vd__time_format_ms(when, vd__now_ms());
	for (i = 0; i < VD_ARRAY_SIZE(migrations); i++) {
		if (migrations[i].version <= version || migrations[i].version > target)
			continue;
		if ((rc = run_sql(a, migrations[i].sql, "upgrading the schema")) < 0)
			goto fail;
		snprintf(sql, sizeof(sql),
			"INSERT INTO migrations(version, name, applied_at) VALUES(%d, '%s', '%s')",
			migrations[i].version, migrations[i].name, when);
		if ((rc = run_sql(a, sql, "upgrading the schema")) < 0)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", target);
	if ((rc = run_sql(a, sql, "upgrading the schema")) < 0 ||
	    (rc = run_sql(a, "COMMIT", "upgrading the schema")) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Whether another writer committed since the last look: the WAL (or, in
 * another journal mode, the database file) changed size or time.
 */
static bool
log_moved(vd_audit *a)
{
	struct stat st;
	int64_t now[3] = { 0, 0, 0 };
	bool moved;

	if (stat(a->wal, &st) == 0) {
		now[0] = st.st_size;
		now[1] = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	}
	if (stat(a->path, &st) == 0)
		now[2] = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	moved = memcmp(now, a->busy_seen, sizeof(now)) != 0;
	memcpy(a->busy_seen, now, sizeof(now));
	return moved;
}

/*
 * Wait for another writer's lock.  The timeout measures a stuck lock, not
 * a busy one: while other writers keep committing we keep waiting (up to
 * BUSY_CAP timeouts), because eight bulk writers on two cores can make a
 * fair turn take longer than any fixed timeout.  A holder that makes no
 * progress for the timeout (a crashed tool, an open shell) is given up on.
 * Short naps with jitter, rather than SQLite's backoff to 100 ms naps,
 * give every waiter a fair chance at the gap between two transactions.
 */
static int
busy_wait(void *payload, int count)
{
	vd_audit *a = payload;
	int64_t now = vd__monotonic_ms();

	if (count == 0) {
		a->busy_start = a->busy_since = now;
		(void)log_moved(a);
	} else if (log_moved(a)) {
		a->busy_since = now;
	}
	if (now - a->busy_since >= a->busy_ms || now - a->busy_start >= (int64_t)BUSY_CAP * a->busy_ms)
		return 0;
	a->jitter ^= a->jitter << 13;
	a->jitter ^= a->jitter >> 17;
	a->jitter ^= a->jitter << 5;
	usleep(500 + a->jitter % 1500);
	return 1;
}

static int
db_open(vd_audit *a, int target)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int64_t ignored;
	int rc;

	if (!a->reader)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(a->path, &a->db, flags, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, "opening it");
	sqlite3_extended_result_codes(a->db, 1);
	a->jitter = (uint32_t)getpid() * 2654435761u | 1;
	sqlite3_busy_handler(a->db, busy_wait, a);
	/*
	 * The last connection to close checkpoints and deletes the WAL (the
	 * default, kept on purpose): an idle log is one self-contained file,
	 * and moving a damaged one aside leaves no stale WAL that SQLite would
	 * replay onto its successor.
	 */
	/*
	 * journal_mode answers with the mode in force; a read-only or
	 * unusual file system may keep another mode, and writing then fails
	 * with its own clear error.  Reading the answer also catches a file
	 * that is not a database at all.
	 */
	if ((rc = query_int(a, "PRAGMA journal_mode=WAL", &ignored, "opening it")) < 0 ||
	    (rc = run_sql(a, "PRAGMA synchronous=FULL", "opening it")) < 0 ||
	    (rc = migrate(a, target)) < 0)
		return rc;
	return 0;
}

static void
disconnect(vd_audit *a)
{
	sqlite3_finalize(a->st_event);
	sqlite3_finalize(a->st_form);
	a->st_form = NULL;
	sqlite3_finalize(a->st_verdict);
	sqlite3_finalize(a->st_signal);
	sqlite3_finalize(a->st_last);
	sqlite3_finalize(a->st_seen_event);
	sqlite3_finalize(a->st_seen_signal);
	a->st_event = a->st_verdict = a->st_signal = a->st_last = NULL;
	a->st_seen_event = a->st_seen_signal = NULL;
	/* close_v2: an iterator the caller forgot keeps the connection alive. */
	sqlite3_close_v2(a->db);
	a->db = NULL;
}

static void
put_column_list(vd_buf *b, const char *prefix, const column *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vd__buf_printf(b, "%s%s\"%s\"", i ? "," : "", prefix, cols[i].name);
}

static int
prepare_insert(vd_audit *a, sqlite3_stmt **st, const char *table, const char *extra,
	size_t nextra, const column *cols, size_t n, const char *tail)
{
	vd_buf sql = VD_BUF_INIT;
	size_t i, params = n + nextra;
	int rc;

	vd__buf_printf(&sql, "INSERT INTO %s(%s", table, extra ? extra : "");
	put_column_list(&sql, "", cols, n);
	if (tail)
		vd__buf_printf(&sql, ",%s", tail);
	vd__buf_puts(&sql, ") VALUES(");
	for (i = 0; i < params; i++)
		vd__buf_puts(&sql, i ? ",?" : "?");
	vd__buf_puts(&sql, ")");
	rc = sqlite3_prepare_v3(a->db, sql.ptr, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	vd_buf_dispose(&sql);
	return rc;
}

static int
prepare_writes(vd_audit *a)
{
	int rc;

	if (a->st_event)
		return 0;
	if ((rc = prepare_insert(a, &a->st_event, "events", NULL, 0, event_cols, EC__COUNT,
		NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v3(a->db, "INSERT INTO forms(event, ts, form) VALUES(?, ?, ?)",
		-1, SQLITE_PREPARE_PERSISTENT, &a->st_form, NULL)) != SQLITE_OK ||
	    (rc = prepare_insert(a, &a->st_verdict, "verdicts", "id,event,prev_hash,hash,", 4,
		verdict_cols, VC__COUNT, NULL)) != SQLITE_OK ||
	    (rc = prepare_insert(a, &a->st_signal, "signals", NULL, 0, signal_cols, SC__COUNT,
		NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v3(a->db, "SELECT id, hash FROM verdicts ORDER BY id DESC LIMIT 1",
		-1, SQLITE_PREPARE_PERSISTENT, &a->st_last, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v3(a->db, "SELECT 1 FROM events WHERE spool_id = ?",
		-1, SQLITE_PREPARE_PERSISTENT, &a->st_seen_event, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v3(a->db, "SELECT 1 FROM signals WHERE spool_id = ?",
		-1, SQLITE_PREPARE_PERSISTENT, &a->st_seen_signal, NULL)) != SQLITE_OK)
		return db_error(a, rc, "preparing to write");
	return 0;
}

/* ---- the hash chain ------------------------------------------------------ */

static void
hash_bytes(struct sha256_ctx *h, const void *p, size_t len)
{
	uint8_t head[9];
	uint64_t n = len;
	int i;

	if (p == NULL) {
		head[0] = 0;
		sha256_update(h, 1, head);
		return;
	}
	head[0] = 1;
	for (i = 0; i < 8; i++)
		head[1 + i] = (uint8_t)(n >> (56 - 8 * i));
	sha256_update(h, sizeof(head), head);
	sha256_update(h, len, p);
}

static void
hash_field(struct sha256_ctx *h, const char *s)
{
	hash_bytes(h, s, s ? strlen(s) : 0);
}

/* The hash of one verdict row with its event; `out` gets 64 hex digits. */
static void
chain_hash(char out[65], const char *prev, const char *id, const char *event,
	const char *const *vd, const char *const *ev, const void *form, size_t form_len)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx h;
	uint8_t digest[SHA256_DIGEST_SIZE];
	int i;

	sha256_init(&h);
	sha256_update(&h, 16, (const uint8_t *)"verdict-chain-1\n");
	hash_field(&h, prev);
	hash_field(&h, id);
	hash_field(&h, event);
	for (i = 0; i < VC__COUNT; i++)
		hash_field(&h, vd[i]);
	for (i = 0; i < EC__COUNT; i++)
		hash_field(&h, ev[i]);
	if (form)
		hash_bytes(&h, form, form_len);
	sha256_digest(&h, sizeof(digest), digest);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

/* ---- writing ------------------------------------------------------------- */

static int
bind_columns(sqlite3_stmt *st, int first, const column *cols, const char *const *v, size_t n)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		int at = first + (int)i;

		if (v[i] == NULL)
			rc = sqlite3_bind_null(st, at);
		else if (cols[i].type == 'I')
			rc = sqlite3_bind_int64(st, at, strtoll(v[i], NULL, 10));
		else
			rc = sqlite3_bind_text(st, at, v[i], -1, SQLITE_STATIC);
	}
	return rc;
}

/* Step an INSERT or a lookup once; SQLITE_DONE/ROW become SQLITE_OK. */
static int
step_once(sqlite3_stmt *st, bool *row)
{
	int rc = sqlite3_step(st);

	if (row)
		*row = rc == SQLITE_ROW;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Whether a record from the spool is already in the database. */
static int
seen(vd_audit *a, const rec *r, bool *out)
{
	sqlite3_stmt *st = r->type == REC_EVENT ? a->st_seen_event : a->st_seen_signal;
	const char *id = r->type == REC_EVENT ? r->ev[EC_spool_id] : r->sg[SC_spool_id];

	*out = false;
	if (id == NULL)
		return SQLITE_OK;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return step_once(st, out);
}

static int
insert_event(vd_audit *a, const rec *r, int64_t *last_id, char last_hash[65])
{
	char id[24], event[24], hash[65];
	sqlite3_stmt *st = a->st_verdict;
	int64_t row;
	int rc;

	if ((rc = bind_columns(a->st_event, 1, event_cols, r->ev, EC__COUNT)) != SQLITE_OK ||
	    (rc = step_once(a->st_event, NULL)) != SQLITE_OK)
		return rc;
	row = sqlite3_last_insert_rowid(a->db);
	if (r->form &&
	    ((rc = sqlite3_bind_int64(a->st_form, 1, row)) != SQLITE_OK ||
	     (rc = sqlite3_bind_int64(a->st_form, 2, strtoll(r->ev[EC_ts], NULL, 10))) != SQLITE_OK ||
	     (rc = sqlite3_bind_blob(a->st_form, 3, r->form, (int)r->form_len, SQLITE_STATIC)) != SQLITE_OK ||
	     (rc = step_once(a->st_form, NULL)) != SQLITE_OK))
		return rc;
	snprintf(event, sizeof(event), "%lld", (long long)row);
	snprintf(id, sizeof(id), "%lld", (long long)(*last_id + 1));
	chain_hash(hash, last_hash, id, event, r->vd, r->ev, r->form, r->form_len);
	if ((rc = sqlite3_bind_int64(st, 1, *last_id + 1)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(st, 2, row)) != SQLITE_OK ||
	    (rc = sqlite3_bind_text(st, 3, last_hash, 64, SQLITE_TRANSIENT)) != SQLITE_OK ||
	    (rc = sqlite3_bind_text(st, 4, hash, 64, SQLITE_TRANSIENT)) != SQLITE_OK ||
	    (rc = bind_columns(st, 5, verdict_cols, r->vd, VC__COUNT)) != SQLITE_OK ||
	    (rc = step_once(st, NULL)) != SQLITE_OK)
		return rc;
	*last_id += 1;
	memcpy(last_hash, hash, 65);
	return SQLITE_OK;
}

/*
 * Write records in one transaction.  `inserted` counts what was new (a
 * spooled record already present is skipped).  On failure the
 * transaction is rolled back and the handle remembers why.
 */
static int
write_records(vd_audit *a, const rec *recs, size_t n, size_t *inserted)
{
	char last_hash[65];
	int64_t last_id = 0;
	bool dup;
	size_t i;
	int rc;

	*inserted = 0;
	a->busy_start = 0;
	if (a->db == NULL)
		return VD_EIO;
	if (prepare_writes(a) < 0)
		return fail(a, VD_EIO);
	if ((rc = sqlite3_exec(a->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK) {
		db_error(a, rc, "starting to write");
		return fail(a, VD_EIO);
	}
	memcpy(last_hash, ZERO_HASH, 65);
	if ((rc = sqlite3_step(a->st_last)) == SQLITE_ROW) {
		last_id = sqlite3_column_int64(a->st_last, 0);
		if (sqlite3_column_bytes(a->st_last, 1) == 64)
			memcpy(last_hash, sqlite3_column_text(a->st_last, 1), 64);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(a->st_last);
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		if ((rc = seen(a, &recs[i], &dup)) != SQLITE_OK || dup)
			continue;
		if (recs[i].type == REC_EVENT) {
			rc = insert_event(a, &recs[i], &last_id, last_hash);
		} else if ((rc = bind_columns(a->st_signal, 1, signal_cols, recs[i].sg,
		    SC__COUNT)) == SQLITE_OK) {
			rc = step_once(a->st_signal, NULL);
		}
		if (rc == SQLITE_OK)
			(*inserted)++;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		/* Classify before the rollback replaces the connection's error. */
		db_error(a, rc, "writing");
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
		*inserted = 0;
		return fail(a, VD_EIO);
	}
	return 0;
}

/* ---- spool lines --------------------------------------------------------- */

static void
put_object(vd_buf *b, const char *key, const column *cols, const char *const *v,
	size_t n, int skip)
{
	size_t i;
	bool first = true;

	vd__buf_printf(b, ",\"%s\":{", key);
	for (i = 0; i < n; i++) {
		if ((int)i == skip || v[i] == NULL)
			continue;
		vd__buf_printf(b, "%s\"%s\":", first ? "" : ",", cols[i].name);
		first = false;
		if (cols[i].type == 'T')
			vd__buf_put_json_string(b, v[i], strlen(v[i]));
		else
			vd__buf_puts(b, v[i]);   /* integers and JSON go in as they are */
	}
	vd__buf_putc(b, '}');
}

static void
new_spool_id(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	static uint64_t counter;
	uint8_t r[16];
	int i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* No entropy source: unique enough from pid, clock and a counter. */
		uint64_t x[2] = { (uint64_t)getpid() << 32 ^ ++counter, (uint64_t)vd__now_ms() };

		memcpy(r, x, sizeof(r));
	}
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[32] = '\0';
}

static void
put_spool_line(vd_buf *b, const rec *r, const char *reason)
{
	char id[33], when[64];
	const char *existing = r->type == REC_EVENT ? r->ev[EC_spool_id] : r->sg[SC_spool_id];

	new_spool_id(id);
	vd__time_format_ms(when, vd__now_ms());
	vd__buf_printf(b, "{\"spool\":%d,\"type\":\"%s\",\"id\":\"%s\",\"spooled_at\":\"%s\",\"reason\":",
		SPOOL_FORMAT, r->type == REC_EVENT ? "event" : "signal", existing ? existing : id, when);
	vd__buf_put_json_string(b, reason, strlen(reason));
	if (r->type == REC_EVENT) {
		put_object(b, "event", event_cols, r->ev, EC__COUNT, EC_spool_id);
		put_object(b, "verdict", verdict_cols, r->vd, VC__COUNT, -1);
	} else {
		put_object(b, "signal", signal_cols, r->sg, SC__COUNT, SC_spool_id);
	}
	vd__buf_puts(b, "}\n");
}

/* Append the batch to the spool; always returns VD_EIO with the story. */
static int
spool_batch(vd_audit *a)
{
	vd_buf lines = VD_BUF_INIT;
	char reason[sizeof(vd_error_last()->message)];
	size_t i, n = a->batch.len;
	int rc;

	snprintf(reason, sizeof(reason), "%s", a->failure ? a->failure : "audit log unavailable");
	for (i = 0; i < n; i++)
		put_spool_line(&lines, &a->batch.ptr[i], reason);
	if (vd__spool_append(a->spool, lines.ptr, lines.size) < 0) {
		rc = vd__error_set(VD_EIO, "%s; %zu record%s could not be spooled either (%s) and %s lost",
			reason, n, n == 1 ? "" : "s", vd_error_last()->message, n == 1 ? "is" : "are");
	} else {
		a->stats.spooled += n;
		rc = vd__error_set(VD_EIO, "%s; %zu record%s spooled to %s, to be added by the next record that reaches the log",
			reason, n, n == 1 ? "" : "s", a->spool);
	}
	vd_buf_dispose(&lines);
	return rc;
}

static void
clear_batch(vd_audit *a)
{
	a->batch.len = 0;
	vd__arena_reset(&a->arena);
}

/* Write the queued records, or spool them; the batch is empty after. */
static int
flush(vd_audit *a)
{
	size_t i, inserted;
	int rc = 0;

	if (a->batch.len == 0)
		return 0;
	if (a->failure == NULL && write_records(a, a->batch.ptr, a->batch.len, &inserted) == 0) {
		for (i = 0; i < a->batch.len; i++)
			if (a->batch.ptr[i].type == REC_EVENT)
				a->stats.recorded++;
			else
				a->stats.signals++;
	} else {
		rc = spool_batch(a);
	}
	clear_batch(a);
	return rc;
}

/* ---- draining the spool -------------------------------------------------- */

/* Read one object of a spool line into column values; false if malformed. */
static bool
read_object(vd_arena *ar, json_t *obj, const column *cols, const char **v, size_t n)
{
	size_t i;

	if (!json_is_object(obj))
		return false;
	for (i = 0; i < n; i++) {
		json_t *j = json_object_get(obj, cols[i].name);
		char *s;

		v[i] = NULL;
		if (j == NULL || json_is_null(j))
			continue;
		if (cols[i].type == 'T') {
			if (!json_is_string(j))
				return false;
			v[i] = vd__arena_strdup(ar, json_string_value(j));
		} else if (cols[i].type == 'I') {
			if (!json_is_integer(j))
				return false;
			v[i] = vd__arena_printf(ar, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		} else {
			if ((s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
				return false;
			v[i] = vd__arena_strdup(ar, s);
			free(s);
		}
	}
	return true;
}

static bool
parse_spool_line(vd_arena *ar, const char *p, size_t n, rec *r)
{
	json_t *line = json_loadb(p, n, 0, NULL), *id, *type;
	const char *t;
	bool ok = false;

	memset(r, 0, sizeof(*r));
	if (line == NULL)
		return false;
	id = json_object_get(line, "id");
	type = json_object_get(line, "type");
	if (json_integer_value(json_object_get(line, "spool")) != SPOOL_FORMAT ||
	    !json_is_string(id) || !json_is_string(type))
		goto done;
	t = json_string_value(type);
	if (strcmp(t, "event") == 0) {
		r->type = REC_EVENT;
		ok = read_object(ar, json_object_get(line, "event"), event_cols, r->ev, EC__COUNT) &&
			read_object(ar, json_object_get(line, "verdict"), verdict_cols, r->vd, VC__COUNT) &&
			r->ev[EC_ts] && r->ev[EC_recorded_at] && r->ev[EC_action] && r->ev[EC_json] &&
			r->vd[VC_verdict] && r->vd[VC_would] && r->vd[VC_matches] && r->vd[VC_scopes];
		r->ev[EC_spool_id] = vd__arena_strdup(ar, json_string_value(id));
	} else if (strcmp(t, "signal") == 0) {
		r->type = REC_SIGNAL;
		ok = read_object(ar, json_object_get(line, "signal"), signal_cols, r->sg, SC__COUNT) &&
			r->sg[SC_kind] && r->sg[SC_ts] && r->sg[SC_recorded_at];
		r->sg[SC_spool_id] = vd__arena_strdup(ar, json_string_value(id));
	}
done:
	json_decref(line);
	return ok;
}

static int
drain_chunk(vd_audit *a)
{
	size_t inserted;
	int rc = write_records(a, a->batch.ptr, a->batch.len, &inserted);

	if (rc == 0)
		a->stats.drained += inserted;
	clear_batch(a);
	return rc;
}

/* spool.c hands us the spool's content under its lock. */
static int
consume_spool(void *payload, char *data, size_t len)
{
	vd_audit *a = payload;
	vd_buf rejected = VD_BUF_INIT;
	char *p = data, *end = data + len;
	uint64_t nrejected = 0;
	int rc = 0;

	while (p < end && rc == 0) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		rec r;

		if (n > 0) {
			if (parse_spool_line(&a->arena, p, n, &r)) {
				vd_vec_push(&a->batch, r);
			} else {
				vd__buf_put(&rejected, p, n);
				vd__buf_putc(&rejected, '\n');
				nrejected++;
			}
		}
		p += n + 1;
		if (a->batch.len >= DRAIN_CHUNK)
			rc = drain_chunk(a);
	}
	if (rc == 0)
		rc = drain_chunk(a);
	clear_batch(a);
	/* Set the bad lines aside only once the good ones are in. */
	if (rc == 0 && rejected.size > 0) {
		if ((rc = vd__spool_append(a->rejected, rejected.ptr, rejected.size)) == 0)
			a->stats.rejected += nrejected;
	}
	vd_buf_dispose(&rejected);
	return rc;
}

/* ---- opening and closing ------------------------------------------------- */

static int
busy_timeout(const vd_audit_options *opts)
{
	const char *env = getenv("VERDICT_AUDIT_TIMEOUT");
	long ms;

	if (opts->busy_timeout_ms > 0)
		return opts->busy_timeout_ms;
	if (env && *env && (ms = strtol(env, NULL, 10)) > 0 && ms < INT_MAX)
		return (int)ms;
	return DEFAULT_BUSY_MS;
}

static void
free_handle(vd_audit *a)
{
	disconnect(a);
	vd_vec_dispose(&a->batch);
	vd__arena_dispose(&a->arena);
	vd_buf_dispose(&a->scopes_key);
	vd_buf_dispose(&a->scopes_json);
	vd_buf_dispose(&a->scratch);
	vd__free(a->path);
	vd__free(a->spool);
	vd__free(a->rejected);
	vd__free(a->wal);
	vd__free(a->failure);
	vd__free((char *)a->stats.drain_error);
	vd__free(a);
}

static int
open_at(vd_audit **out, const char *path, const vd_audit_options *opts, int target)
{
	vd_audit_options defaults = VD_AUDIT_OPTIONS_INIT;
	vd_buf where = VD_BUF_INIT;
	vd_audit *a;
	struct stat st;
	int rc;

	VD_ASSERT_ARG(out);
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (path == NULL || *path == '\0') {
		if ((rc = vd_audit_default_path(&where)) < 0)
			return rc;
		path = where.ptr;
	}
	a = vd__calloc(1, sizeof(*a));
	a->path = vd__strdup(path);
	vd_buf_clear(&where);
	vd__buf_printf(&where, "%s.spool.jsonl", a->path);
	a->spool = vd__strdup(where.ptr);
	vd__buf_puts(&where, ".rejected");
	a->rejected = vd__strdup(where.ptr);
	vd_buf_clear(&where);
	vd__buf_printf(&where, "%s-wal", a->path);
	a->wal = vd__strdup(where.ptr);
	a->reader = opts->must_exist;
	a->busy_ms = busy_timeout(opts);
	vd_buf_dispose(&where);

	if (stat(a->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = vd__error_set(VD_EUSAGE, "audit log %s is a directory; name a file, such as %s/audit.db",
			a->path, a->path);
		goto fail;
	}
	if (a->reader && stat(a->path, &st) < 0) {
		rc = vd__error_set(errno == ENOENT ? VD_ENOTFOUND : VD_EIO,
			"no audit log at %s (%s); record events first (verdict record) or name the log with --audit or VERDICT_AUDIT",
			a->path, strerror(errno));
		goto fail;
	}
	if (!a->reader && (rc = make_parents(a->path)) < 0)
		goto fail;
	if ((rc = db_open(a, target)) < 0) {
		if (a->reader)
			goto fail;
		/* A writer spools: the first record reports why. */
		fail(a, rc);
		disconnect(a);
	} else if (!a->reader && vd__spool_pending(a->spool) &&
	    vd__spool_drain(a->spool, consume_spool, a) < 0) {
		/* The spool stays as it is for the next writer; say why. */
		a->stats.drain_error = vd__strdup(vd_error_last()->message);
	}
	vd_error_clear();
	*out = a;
	return 0;
fail:
	free_handle(a);
	return rc;
}

int
vd_audit_open(vd_audit **out, const char *path, const vd_audit_options *opts)
{
	return open_at(out, path, opts, VD_AUDIT_SCHEMA_VERSION);
}

int
vd__audit_create_at(const char *path, int version)
{
	vd_audit *a;
	int rc;

	if (version < 1 || version > VD_AUDIT_SCHEMA_VERSION)
		return vd__error_set(VD_EUSAGE, "no schema version %d", version);
	if ((rc = open_at(&a, path, NULL, version)) < 0)
		return rc;
	rc = a->failure ? vd__error_set(VD_EIO, "%s", a->failure) : 0;
	free_handle(a);
	return rc;
}

int
vd__audit_cap_size(vd_audit *a)
{
	int64_t pages;

	if (a->db == NULL)
		return vd__error_set(VD_EIO, "%s", a->failure ? a->failure : "no database");
	return query_int(a, "PRAGMA page_count", &pages, "reading its size") < 0 ? VD_EIO :
		query_int(a, vd__arena_printf(&a->arena, "PRAGMA max_page_count = %" PRId64, pages),
			&pages, "capping its size");
}

int
vd_audit_close(vd_audit *a)
{
	int rc;

	if (a == NULL)
		return 0;
	rc = flush(a);
	free_handle(a);
	return rc;
}

const char *
vd_audit_path(const vd_audit *a)
{
	return a ? a->path : NULL;
}

const char *
vd_audit_spool_path(const vd_audit *a)
{
	return a ? a->spool : NULL;
}

const vd_audit_stats *
vd_audit_get_stats(const vd_audit *a)
{
	static const vd_audit_stats none;

	return a ? &a->stats : &none;
}

/* ---- recording ----------------------------------------------------------- */

static int
writer_only(vd_audit *a)
{
	if (a->reader)
		return vd__error_set(VD_EUSAGE, "audit log %s was opened for reading", a->path);
	return 0;
}

/* Queue a record; outside a batch, or when the batch is full, write now. */
static int
enqueue(vd_audit *a, const rec *r)
{
	vd_vec_push(&a->batch, *r);
	if (!a->batching || a->batch.len >= BATCH_MAX)
		return flush(a);
	return 0;
}

static const char *
field(vd_arena *ar, const vd_event *ev, vd_field f)
{
	const vd_val *v = &ev->f[f];

	return v->kind == VD_VAL_STR ? vd__arena_strndup(ar, v->u.s, v->n) : NULL;
}

static const char *
dump(vd_arena *ar, json_t *j, bool steal)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	const char *copy = s ? vd__arena_strdup(ar, s) : NULL;

	free(s);
	if (steal)
		json_decref(j);
	return copy;
}

/*
 * The scopes of consecutive verdicts are nearly always the same branches
 * at the same commits: serialize them once and reuse the text while the
 * ids match.
 */
static const char *
scopes_json(vd_audit *a, const vd_verdict *v)
{
	size_t i;

	vd_buf_clear(&a->scratch);
	for (i = 0; i < v->scopes.len; i++) {
		const vd_scope_rec *r = &v->scopes.ptr[i];

		vd__buf_printf(&a->scratch, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e", r->name, r->kind,
			r->ref, r->commit, r->tree);
	}
	if (a->scopes_json.size == 0 || a->scratch.size != a->scopes_key.size ||
	    (a->scratch.size > 0 && memcmp(a->scratch.ptr, a->scopes_key.ptr, a->scratch.size) != 0)) {
		const char *text = dump(&a->arena, vd__verdict_scopes_json(v), true);

		if (text == NULL)
			return NULL;
		vd_buf_clear(&a->scopes_json);
		vd__buf_puts(&a->scopes_json, text);
		vd_buf_clear(&a->scopes_key);
		vd__buf_put(&a->scopes_key, a->scratch.ptr, a->scratch.size);
		return text;
	}
	return vd__arena_strndup(&a->arena, a->scopes_json.ptr, a->scopes_json.size);
}

/* A list of strings (the event's groups) as a JSON array, or NULL. */
static const char *
list_json(vd_arena *ar, vd_buf *scratch, const vd_val *v)
{
	uint32_t i;

	if (v->kind != VD_VAL_LIST)
		return NULL;
	vd_buf_clear(scratch);
	vd__buf_putc(scratch, '[');
	for (i = 0; i < v->n; i++) {
		if (i)
			vd__buf_putc(scratch, ',');
		vd__buf_put_json_string(scratch, v->u.items[i].u.s, v->u.items[i].n);
	}
	vd__buf_putc(scratch, ']');
	return vd__arena_strndup(ar, scratch->ptr, scratch->size);
}

int
vd_audit_record(vd_audit *a, const vd_event *ev, const vd_verdict *v)
{
	vd_arena *ar;
	const vd_match *d;
	int64_t now, ts;
	rec r;
	int rc;

	VD_ASSERT_ARG(a && ev && v);
	if ((rc = writer_only(a)) < 0)
		return rc;
	ar = &a->arena;
	memset(&r, 0, sizeof(r));
	r.type = REC_EVENT;
	now = vd__now_ms();
	r.ev[EC_event_id] = field(ar, ev, VD_FIELD_ID);
	r.ev[EC_time] = field(ar, ev, VD_FIELD_TIME);
	if (r.ev[EC_time] == NULL || vd__time_parse_ms(r.ev[EC_time], &ts) < 0)
		ts = now;
	r.ev[EC_ts] = vd__arena_printf(ar, "%" PRId64, ts);
	r.ev[EC_recorded_at] = vd__arena_printf(ar, "%" PRId64, now);
	r.ev[EC_user] = field(ar, ev, VD_FIELD_USER);
	r.ev[EC_groups] = list_json(ar, &a->scratch, &ev->f[VD_FIELD_GROUPS]);
	r.ev[EC_repo] = field(ar, ev, VD_FIELD_REPO);
	r.ev[EC_branch] = field(ar, ev, VD_FIELD_BRANCH);
	r.ev[EC_session] = field(ar, ev, VD_FIELD_SESSION);
	r.ev[EC_surface] = field(ar, ev, VD_FIELD_SURFACE);
	r.ev[EC_tool] = field(ar, ev, VD_FIELD_TOOL);
	r.ev[EC_action] = vd_event_action(ev);            /* static string */
	r.ev[EC_command] = field(ar, ev, VD_FIELD_COMMAND_LINE);
	r.ev[EC_path] = field(ar, ev, VD_FIELD_PATH);
	r.ev[EC_url] = field(ar, ev, VD_FIELD_URL);
	r.ev[EC_mcp_server] = field(ar, ev, VD_FIELD_MCP_SERVER);
	r.ev[EC_mcp_tool] = field(ar, ev, VD_FIELD_MCP_TOOL);
	/*
	 * The text as it came when it fits on one line (a spool line embeds
	 * it); re-serializing would cost as much as the rest of recording.
	 */
	if (ev->text && memchr(ev->text, '\n', ev->text_len) == NULL &&
	    memchr(ev->text, '\r', ev->text_len) == NULL)
		r.ev[EC_json] = vd__arena_strndup(ar, ev->text, ev->text_len);
	else
		r.ev[EC_json] = dump(ar, ev->json, false);

	/*
	 * The decisive policy: what decided the verdict, or for a pass, what
	 * would decide it at full severity (the review queue's key).
	 */
	d = vd_verdict_decisive(v);
	r.vd[VC_verdict] = vd_verdict_name(vd_verdict_get(v));
	r.vd[VC_would] = vd_verdict_name(vd_verdict_would(v));
	r.vd[VC_policy] = d ? vd__arena_strdup(ar, d->policy) : NULL;
	r.vd[VC_message] = d && d->message ? vd__arena_strdup(ar, d->message) : NULL;
	r.vd[VC_matches] = v->matches.len == 0 ? "[]" : dump(ar, vd__verdict_matches_json(v), true);
	r.vd[VC_scopes] = scopes_json(a, v);
	if (r.ev[EC_json] == NULL || r.vd[VC_matches] == NULL || r.vd[VC_scopes] == NULL)
		return vd__error_set(VD_ERROR, "event or verdict does not serialize to JSON");
	vd_buf_clear(&a->scratch);
	vd__event_form_write(&a->scratch, ev);
	r.form_len = a->scratch.size;
	r.form = memcpy(vd__arena_alloc(ar, r.form_len), a->scratch.ptr, r.form_len);
	return enqueue(a, &r);
}

static const char *const signal_names[] = {
#define VD__X(name, str, doc) str,
	VD_SIGNAL_LIST(VD__X)
#undef VD__X
};

const char *
vd_signal_name(vd_signal_kind kind)
{
	return (unsigned)kind < VD_ARRAY_SIZE(signal_names) ? signal_names[kind] : "unknown";
}

int
vd_signal_lookup(vd_signal_kind *out, const char *name)
{
	size_t i;

	VD_ASSERT_ARG(out && name);
	for (i = 0; i < VD_ARRAY_SIZE(signal_names); i++)
		if (strcmp(signal_names[i], name) == 0) {
			*out = (vd_signal_kind)i;
			return 0;
		}
	return vd__error_set(VD_EINVALID,
		"unknown signal '%s'; expected shown, acknowledged, approved, denied or error", name);
}

static const char *
dup_or_null(vd_arena *ar, const char *s)
{
	return s ? vd__arena_strdup(ar, s) : NULL;
}

int
vd_audit_signal(vd_audit *a, const vd_signal *s)
{
	vd_arena *ar;
	int64_t now, ts;
	char when[64];
	rec r;
	int rc;

	VD_ASSERT_ARG(a && s);
	if ((rc = writer_only(a)) < 0)
		return rc;
	if ((unsigned)s->kind >= VD_ARRAY_SIZE(signal_names))
		return vd__error_set(VD_EINVALID, "unknown signal kind %d", (int)s->kind);
	if (s->session == NULL && s->event_id == NULL)
		return vd__error_set(VD_EINVALID,
			"a signal needs a session or an event id to be placed on a timeline");
	now = vd__now_ms();
	if (s->time && vd__time_parse_ms(s->time, &ts) < 0)
		return vd__error_set(VD_EINVALID,
			"signal time '%s' is not ISO-8601 (e.g. 2026-05-01T12:00:00Z)", s->time);
	if (s->time == NULL) {
		ts = now;
		vd__time_format_ms(when, now);
	}
	ar = &a->arena;
	memset(&r, 0, sizeof(r));
	r.type = REC_SIGNAL;
	r.sg[SC_kind] = signal_names[s->kind];
	r.sg[SC_ts] = vd__arena_printf(ar, "%" PRId64, ts);
	r.sg[SC_time] = vd__arena_strdup(ar, s->time ? s->time : when);
	r.sg[SC_recorded_at] = vd__arena_printf(ar, "%" PRId64, now);
	r.sg[SC_session] = dup_or_null(ar, s->session);
	r.sg[SC_event_id] = dup_or_null(ar, s->event_id);
	r.sg[SC_policy] = dup_or_null(ar, s->policy);
	r.sg[SC_user] = dup_or_null(ar, s->user);
	r.sg[SC_surface] = dup_or_null(ar, s->surface);
	r.sg[SC_detail] = dup_or_null(ar, s->detail);
	return enqueue(a, &r);
}

int
vd_audit_begin(vd_audit *a)
{
	int rc;

	VD_ASSERT_ARG(a);
	if ((rc = writer_only(a)) < 0)
		return rc;
	if (a->batching)
		return vd__error_set(VD_EUSAGE, "a batch is already open on audit log %s", a->path);
	a->batching = true;
	return 0;
}

int
vd_audit_commit(vd_audit *a)
{
	VD_ASSERT_ARG(a);
	if (!a->batching)
		return vd__error_set(VD_EUSAGE, "no batch is open on audit log %s", a->path);
	a->batching = false;
	return flush(a);
}

/* ---- reading ------------------------------------------------------------- */

static const char *text_or_null(sqlite3_stmt *st, int i);

/* Readers need a working database; a spooling writer says why it has none. */
static int
need_db(vd_audit *a)
{
	if (a->db == NULL)
		return vd__error_set(VD_EIO, "%s", a->failure ? a->failure : "audit log is not open");
	return 0;
}

/* The fields a query may filter on, and the SQL that tests one value. */
static const struct {
	const char *field;
	const char *sql;
} filters[] = {
	{ "id", "e.event_id = ?" },
	{ "user", "e.user = ?" },
	{ "group", "EXISTS (SELECT 1 FROM json_each(e.\"groups\") WHERE json_each.value = ?)" },
	{ "repo", "e.repo = ?" },
	{ "branch", "e.branch = ?" },
	{ "session", "e.session = ?" },
	{ "surface", "e.surface = ?" },
	{ "tool", "e.tool = ?" },
	{ "action", "e.action = ?" },
	{ "command", "e.command = ?" },
	{ "path", "e.path = ?" },
	{ "url", "e.url = ?" },
	{ "mcp.server", "e.mcp_server = ?" },
	{ "mcp.tool", "e.mcp_tool = ?" },
	{ "verdict", "v.verdict = ?" },
	{ "would", "v.would = ?" },
	{ "policy", "v.policy = ?" },
};

static int
filter_error(const char *where, const char *problem)
{
	vd_buf names = VD_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < VD_ARRAY_SIZE(filters); i++)
		vd__buf_printf(&names, "%s%s", i ? ", " : "", filters[i].field);
	rc = vd__error_set(VD_EUSAGE, "filter '%s' %s; expected FIELD=VALUE with FIELD one of %s",
		where, problem, names.ptr);
	vd_buf_dispose(&names);
	return rc;
}

static size_t
filter_index(const char *where)
{
	const char *eq = strchr(where, '=');
	size_t i;

	for (i = 0; eq && i < VD_ARRAY_SIZE(filters); i++)
		if (strlen(filters[i].field) == (size_t)(eq - where) &&
		    strncmp(filters[i].field, where, (size_t)(eq - where)) == 0)
			return i;
	return SIZE_MAX;
}

/*
 * Replay's way through a whole log: the forms table alone (a third of the
 * bytes of the event rows), and, for the ids between two forms, the
 * events that have none.  Both statements run on one connection, so while
 * the forms statement is open they read the same snapshot.
 */
static int
forms_path(vd_audit_iter **out, vd_audit *a)
{
	vd_audit_iter *it = vd__calloc(1, sizeof(*it));
	int rc;

	it->a = a;
	it->forms = it->events_only = true;
	if ((rc = sqlite3_prepare_v2(a->db, "SELECT event, ts, \"form\" FROM forms ORDER BY event",
	    -1, &it->st, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(a->db, "SELECT id, json, ts FROM events WHERE id > ? AND id < ?"
	    " ORDER BY id", -1, &it->gap, NULL)) != SQLITE_OK) {
		rc = db_error(a, rc, "reading events");
		goto fail;
	}
	/* The first form opens the snapshot the events' highest id is read in. */
	rc = sqlite3_step(it->st);
	if (rc == SQLITE_ROW)
		it->pending = true;
	else if (rc == SQLITE_DONE)
		it->forms_done = true;
	else {
		rc = db_error(a, rc, "reading events");
		goto fail;
	}
	if ((rc = query_int(a, "SELECT max(id) FROM events", &it->max_id, "reading events")) < 0)
		goto fail;
	*out = it;
	return 0;
fail:
	vd_audit_iter_free(it);
	return rc < 0 ? rc : VD_EIO;
}

/* `flagged`: only events whose recorded verdict warned or blocked, or would block. */
static int
iter_new(vd_audit_iter **out, vd_audit *a, const vd_audit_query *q, bool flagged)
{
	vd_audit_query all = VD_AUDIT_QUERY_INIT;
	vd_buf sql = VD_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t f, i;
	bool joined;
	int rc, at = 1;

	VD_ASSERT_ARG(out && a);
	*out = NULL;
	if (q == NULL)
		q = &all;
	if ((rc = need_db(a)) < 0)
		return rc;
	for (i = 0; i < q->nwhere; i++) {
		if (strchr(q->where[i], '=') == NULL)
			return filter_error(q->where[i], "has no '='");
		if (filter_index(q->where[i]) == SIZE_MAX)
			return filter_error(q->where[i], "names an unknown field");
	}
	/*
	 * Replay reads no recorded verdict: skipping the join halves the
	 * cost of a row, unless a filter needs it.  Without any filter it
	 * reads the forms alone (forms_path).
	 */
	joined = !q->events_only || flagged;
	for (i = 0; i < q->nwhere; i++)
		if (filters[filter_index(q->where[i])].sql[0] == 'v')
			joined = true;
	if (q->events_only && !q->raw && !flagged && q->nwhere == 0 && !q->since && !q->until)
		return forms_path(out, a);
	vd__buf_printf(&sql, "SELECT e.id, e.json, e.ts, f.\"form\"%s FROM events e"
		" LEFT JOIN forms f ON f.event = e.id%s WHERE 1",
		joined ? ", v.verdict, v.would, v.policy, v.message" : "",
		joined ? " LEFT JOIN verdicts v ON v.event = e.id" : "");
	if (q->since)
		vd__buf_puts(&sql, " AND e.ts >= ?");
	if (q->until)
		vd__buf_puts(&sql, " AND e.ts < ?");
	/* One clause per field: its values are alternatives. */
	for (f = 0; f < VD_ARRAY_SIZE(filters); f++) {
		bool first = true;

		for (i = 0; i < q->nwhere; i++) {
			if (filter_index(q->where[i]) != f)
				continue;
			vd__buf_printf(&sql, "%s%s", first ? " AND (" : " OR ", filters[f].sql);
			first = false;
		}
		if (!first)
			vd__buf_putc(&sql, ')');
	}
	if (flagged)
		vd__buf_puts(&sql, " AND (v.verdict <> 'pass' OR v.would IN ('ask', 'block'))");
	vd__buf_puts(&sql, " ORDER BY e.id");
	if ((rc = sqlite3_prepare_v2(a->db, sql.ptr, -1, &st, NULL)) != SQLITE_OK) {
		rc = db_error(a, rc, "reading events");
		goto done;
	}
	if (q->since)
		sqlite3_bind_int64(st, at++, (int64_t)q->since * 1000);
	if (q->until)
		sqlite3_bind_int64(st, at++, (int64_t)q->until * 1000);
	for (f = 0; f < VD_ARRAY_SIZE(filters); f++)
		for (i = 0; i < q->nwhere; i++)
			if (filter_index(q->where[i]) == f)
				sqlite3_bind_text(st, at++, strchr(q->where[i], '=') + 1, -1, SQLITE_TRANSIENT);
	*out = vd__calloc(1, sizeof(**out));
	(*out)->a = a;
	(*out)->st = st;
	(*out)->raw = q->raw;
	(*out)->joined = joined;
	(*out)->events_only = q->events_only;
	st = NULL;
	rc = 0;
done:
	sqlite3_finalize(st);
	vd_buf_dispose(&sql);
	return rc;
}

int
vd_audit_iter_new(vd_audit_iter **out, vd_audit *a, const vd_audit_query *q)
{
	return iter_new(out, a, q, false);
}

int
vd__audit_iter_flagged(vd_audit_iter **out, vd_audit *a, const vd_audit_query *q)
{
	return iter_new(out, a, q, true);
}

int
vd__audit_signals(vd_audit *a, const char *session, vd__signal_fn fn, void *payload)
{
	static const char sql[] =
		"SELECT kind, ts, time, session, event_id, policy, user, surface, detail FROM signals"
		" WHERE session = ?1 OR event_id IN"
		" (SELECT event_id FROM events WHERE session = ?1 AND event_id IS NOT NULL)"
		" ORDER BY ts, id";
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = need_db(a)) < 0)
		return rc;
	if ((rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_error(a, rc, "reading signals");
	sqlite3_bind_text(st, 1, session, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		vd__signal_row r;

		r.kind = text_or_null(st, 0);
		r.ts = sqlite3_column_int64(st, 1);
		r.time = text_or_null(st, 2);
		r.session = text_or_null(st, 3);
		r.event_id = text_or_null(st, 4);
		r.policy = text_or_null(st, 5);
		r.user = text_or_null(st, 6);
		r.surface = text_or_null(st, 7);
		r.detail = text_or_null(st, 8);
		if ((rc = fn(payload, &r)) < 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_error(a, rc, "reading signals");
	sqlite3_finalize(st);
	return rc;
}

static vd_verdict_kind
kind_of(const unsigned char *s)
{
	static const char *const names[] = { "pass", "warn", "ask", "block" };
	size_t i;

	for (i = 0; s && i < VD_ARRAY_SIZE(names); i++)
		if (strcmp((const char *)s, names[i]) == 0)
			return (vd_verdict_kind)i;
	return VD_PASS;
}

/*
 * The event of the current row: rebuilt from its stored form when this
 * build wrote it, else parsed from its JSON (older logs, drained spools,
 * another build's forms, a damaged form: the JSON is the evidence).
 */
static int
entry_event(vd_audit_entry *out, vd_audit_iter *it)
{
	const void *form = sqlite3_column_blob(it->st, 3);
	int rc;

	if (form && vd__event_form_read(it->formed ? it->formed :
	    (it->formed = vd__event_form_new()), form, (size_t)sqlite3_column_bytes(it->st, 3)) == 0) {
		out->event = it->formed;
		return 0;
	}
	vd_error_clear();
	if (out->json == NULL) {
		out->json = (const char *)sqlite3_column_text(it->st, 1);
		out->json_len = (size_t)sqlite3_column_bytes(it->st, 1);
	}
	if (out->json == NULL)
		return vd__error_set(VD_EINVALID, "audit log %s: event row %" PRId64 " has no JSON",
			it->a->path, out->id);
	it->parsed++;
	if ((rc = vd_event_parse(&it->ev, out->json, out->json_len)) < 0)
		return vd__error_prefix("audit log %s: event row %" PRId64, it->a->path, out->id);
	out->event = it->ev;
	return 0;
}

/* The forms path's next event: a form, or an event in the gap before it. */
static int
next_on_forms(vd_audit_entry *out, vd_audit_iter *it)
{
	int rc;

	for (;;) {
		if (it->in_gap) {
			rc = sqlite3_step(it->gap);
			if (rc == SQLITE_ROW) {
				out->id = sqlite3_column_int64(it->gap, 0);
				out->time_ms = sqlite3_column_int64(it->gap, 2);
				out->json = (const char *)sqlite3_column_text(it->gap, 1);
				out->json_len = (size_t)sqlite3_column_bytes(it->gap, 1);
				if (out->json == NULL)
					return vd__error_set(VD_EINVALID, "audit log %s: event row %" PRId64
						" has no JSON", it->a->path, out->id);
				it->parsed++;
				if ((rc = vd_event_parse(&it->ev, out->json, out->json_len)) < 0)
					return vd__error_prefix("audit log %s: event row %" PRId64,
						it->a->path, out->id);
				out->event = it->ev;
				return 1;
			}
			sqlite3_reset(it->gap);
			it->in_gap = false;
			if (rc != SQLITE_DONE)
				return db_error(it->a, rc, "reading events");
			it->last = it->gap_to - 1;
		}
		if (!it->pending && !it->forms_done) {
			rc = sqlite3_step(it->st);
			if (rc == SQLITE_ROW)
				it->pending = true;
			else if (rc == SQLITE_DONE)
				it->forms_done = true;
			else
				return db_error(it->a, rc, "reading events");
		}
		it->gap_to = it->pending ? sqlite3_column_int64(it->st, 0) : it->max_id + 1;
		if (it->gap_to > it->last + 1) {
			sqlite3_bind_int64(it->gap, 1, it->last);
			sqlite3_bind_int64(it->gap, 2, it->gap_to);
			it->in_gap = true;
			continue;
		}
		if (!it->pending)
			return 0;
		it->pending = false;
		out->id = it->last = sqlite3_column_int64(it->st, 0);
		out->time_ms = sqlite3_column_int64(it->st, 1);
		if (vd__event_form_read(it->formed ? it->formed : (it->formed = vd__event_form_new()),
		    sqlite3_column_blob(it->st, 2), (size_t)sqlite3_column_bytes(it->st, 2)) == 0) {
			out->event = it->formed;
			return 1;
		}
		/* Another normalization's form, or a damaged one: the JSON decides. */
		vd_error_clear();
		it->gap_to = out->id + 1;
		sqlite3_bind_int64(it->gap, 1, out->id - 1);
		sqlite3_bind_int64(it->gap, 2, it->gap_to);
		it->in_gap = true;
		memset(out, 0, sizeof(*out));
	}
}

int
vd_audit_iter_next(vd_audit_entry *out, vd_audit_iter *it)
{
	int rc;

	VD_ASSERT_ARG(out && it);
	memset(out, 0, sizeof(*out));
	vd_event_free(it->ev);
	it->ev = NULL;
	if (it->forms)
		return next_on_forms(out, it);
	rc = sqlite3_step(it->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_error(it->a, rc, "reading events");
	out->id = sqlite3_column_int64(it->st, 0);
	out->time_ms = sqlite3_column_int64(it->st, 2);
	if (it->joined && !it->events_only) {
		out->verdict = kind_of(sqlite3_column_text(it->st, 4));
		out->would = kind_of(sqlite3_column_text(it->st, 5));
		out->policy = (const char *)sqlite3_column_text(it->st, 6);
		out->message = (const char *)sqlite3_column_text(it->st, 7);
	}
	if (!it->events_only || it->raw) {
		out->json = (const char *)sqlite3_column_text(it->st, 1);
		out->json_len = (size_t)sqlite3_column_bytes(it->st, 1);
		if (out->json == NULL)
			return vd__error_set(VD_EINVALID, "audit log %s: event row %" PRId64 " has no JSON",
				it->a->path, out->id);
	}
	if (!it->raw && (rc = entry_event(out, it)) < 0)
		return rc;
	return 1;
}

void
vd_audit_iter_free(vd_audit_iter *it)
{
	if (it == NULL)
		return;
	vd_event_free(it->ev);
	vd_event_free(it->formed);
	sqlite3_finalize(it->st);
	sqlite3_finalize(it->gap);
	vd__free(it);
}

uint64_t
vd__audit_iter_parsed(const vd_audit_iter *it)
{
	return it ? it->parsed : 0;
}

int
vd__audit_last_event(vd_audit *a, int64_t *out)
{
	int rc;

	if ((rc = need_db(a)) < 0)
		return rc;
	return query_int(a, "SELECT max(id) FROM events", out, "reading events");
}

/* ---- verifying ----------------------------------------------------------- */

static int
broken(vd_audit_report *r, int64_t row, int64_t event, const char *fmt, ...)
	VD_PRINTF(4, 5);

static int
broken(vd_audit_report *r, int64_t row, int64_t event, const char *fmt, ...)
{
	va_list ap;

	r->ok = false;
	r->bad_row = row;
	r->bad_event = event;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return 0;
}

static const char *
text_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL :
		(const char *)sqlite3_column_text(st, i);
}

/* The chain, row by row; stops at the first break. */
static int
verify_chain(vd_audit_report *r, vd_audit *a)
{
	vd_buf sql = VD_BUF_INIT;
	sqlite3_stmt *st = NULL;
	char expect[65], hash[65];
	const char *vd[VC__COUNT], *ev[EC__COUNT];
	int64_t prev_id = 0;
	int i, rc;

	vd__buf_puts(&sql, "SELECT v.id, v.event, v.prev_hash, v.hash, e.id, ");
	put_column_list(&sql, "v.", verdict_cols, VC__COUNT);
	vd__buf_putc(&sql, ',');
	put_column_list(&sql, "e.", event_cols, EC__COUNT);
	vd__buf_puts(&sql, ", f.\"form\" FROM verdicts v LEFT JOIN events e ON e.id = v.event"
		" LEFT JOIN forms f ON f.event = e.id ORDER BY v.id");
	if ((rc = sqlite3_prepare_v2(a->db, sql.ptr, -1, &st, NULL)) != SQLITE_OK) {
		rc = db_error(a, rc, "verifying");
		goto done;
	}
	memcpy(expect, ZERO_HASH, 65);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), event = sqlite3_column_int64(st, 1);
		const char *prev = text_or_null(st, 2), *stored = text_or_null(st, 3);

		r->rows++;
		for (i = 0; i < VC__COUNT; i++)
			vd[i] = text_or_null(st, 5 + i);
		for (i = 0; i < EC__COUNT; i++)
			ev[i] = text_or_null(st, 5 + VC__COUNT + i);
		if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
			broken(r, id, event, "verdict row %" PRId64 " belongs to event row %" PRId64
				", which is missing: the event was deleted", id, event);
			break;
		}
		if (prev == NULL || strcmp(prev, expect) != 0) {
			broken(r, id, event, "verdict row %" PRId64 " does not follow %s: its previous hash "
				"differs, so a row before it was removed, inserted or rewritten",
				id, prev_id ? vd__arena_printf(&a->arena, "row %" PRId64, prev_id) :
				"the start of the log");
			break;
		}
		chain_hash(hash, prev, (const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1), vd, ev,
			sqlite3_column_blob(st, 5 + VC__COUNT + EC__COUNT),
			(size_t)sqlite3_column_bytes(st, 5 + VC__COUNT + EC__COUNT));
		if (stored == NULL || strcmp(stored, hash) != 0) {
			broken(r, id, event, "verdict row %" PRId64 " (event row %" PRId64 ") does not match "
				"its hash: the verdict or its event was changed after it was written", id, event);
			break;
		}
		memcpy(expect, stored, 65);
		prev_id = id;
	}
	vd__arena_reset(&a->arena);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = db_error(a, rc, "verifying");
		goto done;
	}
	if (r->rows > 0)
		memcpy(r->head, expect, 65);
	rc = 0;
done:
	sqlite3_finalize(st);
	vd_buf_dispose(&sql);
	return rc;
}

int
vd_audit_verify(vd_audit_report *r, vd_audit *a)
{
	sqlite3_stmt *st = NULL;
	int64_t n, orphan;
	int rc;

	VD_ASSERT_ARG(r && a);
	memset(r, 0, sizeof(*r));
	r->ok = true;
	if ((rc = need_db(a)) < 0 || (rc = flush(a)) < 0)
		return rc;
	/* The file's own structure first: a damaged b-tree makes the rest moot. */
	if ((rc = sqlite3_prepare_v2(a->db, "PRAGMA quick_check(1)", -1, &st, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = db_error(a, rc, "checking its structure");
		sqlite3_finalize(st);
		return rc;
	}
	if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		broken(r, 0, 0, "the database structure is damaged: %s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!r->ok)
		return 0;
	if ((rc = query_int(a, "SELECT count(*) FROM events", &n, "verifying")) < 0)
		return rc;
	r->events = (uint64_t)n;
	if ((rc = verify_chain(r, a)) < 0 || !r->ok)
		return rc;
	/* Every event must be covered by a verdict row, hence by the chain. */
	if ((rc = query_int(a, "SELECT e.id FROM events e WHERE NOT EXISTS "
	    "(SELECT 1 FROM verdicts v WHERE v.event = e.id) ORDER BY e.id LIMIT 1",
	    &orphan, "verifying")) < 0)
		return rc;
	if (orphan > 0)
		broken(r, 0, orphan, "event row %" PRId64 " has no verdict row, so the chain does not "
			"cover it: it was added behind the log's back, or its verdict was deleted", orphan);
	return 0;
}
