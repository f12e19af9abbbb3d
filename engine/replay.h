/*
 * replay.h - what a replay or a diff leaves behind for the reports.
 *
 * replay.c fills these in one pass over the events; report.c renders them.
 */
#ifndef VD_ENGINE_REPLAY_H
#define VD_ENGINE_REPLAY_H

#include "common.h"
#include "arena.h"
#include "model.h"
#include "strmap.h"
#include "vec.h"

/* One table of counts by key (users, surfaces, policies, ...). */
typedef struct {
	vd_strmap map;                  /* key -> row index + 1 */
	vd_vec(vd_report_row) rows;
	/* The previous event's key: consecutive events mostly share it. */
	const char *last_key;
	size_t last_len;
	size_t last_row;
	vd_vec(uint64_t) kept;          /* policy rows: changed events kept */
} vd__table;

/* One side of a run: a revision and what was found there. */
typedef struct {
	char *rev;                      /* as given */
	char commit[41];                /* what it resolved to */
	uint64_t verdicts[4];           /* events by effective verdict */
	uint64_t would[4];              /* events by would verdict */
} vd__side;

/* What replay and diff have in common: the run and its tables. */
typedef struct {
	vd_arena arena;                 /* keys, queue entries, strings */
	vd__side side[2];               /* [0] alone for a replay; base, head */
	size_t nsides;
	bool simulate_block;
	char *source;                   /* "audit log PATH" or "events file PATH" */
	char *filters;                  /* "since ..., until ..., user=alice" or NULL */
	uint64_t events;                /* events judged */
	uint64_t errors;                /* events that could not be read */
	char *first_error;              /* the first one's message, or NULL */
	uint64_t parsed;                /* events parsed from JSON (not from a form) */
	vd__table tables[VD_REPORT_TABLE__COUNT];
	size_t action_rows[VD_ACTION__COUNT];   /* row + 1 of each action, or 0 */
} vd__run;

struct vd_replay {
	vd__run run;
};

struct vd_diff {
	vd__run run;
	vd_diff_summary summary;
	vd_vec(vd_diff_event) events;   /* changed events kept (up to the limit) */
	uint64_t events_dropped;        /* changed events beyond the limit */
	vd_policy_changes *changes;     /* policies added, removed or changed */
};

/* Sort a table's rows for reading: by `by` (a count), then by key. */
void vd__table_sort(vd__table *t, bool by_changed);

#endif
