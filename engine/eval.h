/*
 * eval.h - judging an event against a compiled rule set.
 */
#ifndef VD_ENGINE_EVAL_H
#define VD_ENGINE_EVAL_H

#include "common.h"
#include "event.h"
#include "ruleset.h"
#include "result.h"

typedef struct {
	time_t now;              /* exceptions expire against it */
	bool simulate_block;     /* every policy at its severity */
	bool naive;              /* the reference path: no index, no literal prefilter */
} vd_eval_params;

/*
 * Judge `ev` against one rule set and append the matches to `v`, tagged
 * with scope record `scope` (already pushed by the caller).  Returns 0, or
 * VD_ERROR when a pattern of a cached rule set does not compile.
 */
int vd__eval_ruleset(vd_verdict *v, uint32_t scope, const vd_ruleset *rs,
	const vd_event *ev, const vd_eval_params *p);

/*
 * Judge `ev` against one rule set outside any repository (tests, fuzzers,
 * benchmarks): resets `v`, records one scope named `scope`, evaluates and
 * finishes.
 */
int vd__eval_one(vd_verdict *v, const vd_ruleset *rs, const vd_event *ev,
	const vd_eval_params *p, const char *scope);

/* Finish a verdict after every scope: overall verdict, would, order. */
void vd__eval_finish(vd_verdict *v);

/* The time exceptions are judged against: VERDICT_NOW when set, else now. */
time_t vd__eval_now(void);

/* Parse "2026-05-01", "2026-05-01T12:00:00Z" (UTC) into seconds; -1 if not. */
int64_t vd__parse_time(const char *s);

#endif
