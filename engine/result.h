/*
 * result.h - the result of judging one event, and its explanation.
 */
#ifndef VD_ENGINE_RESULT_H
#define VD_ENGINE_RESULT_H

#include "common.h"
#include "arena.h"
#include "vec.h"
#include "../dsl/ir.h"

#include <jansson.h>

typedef struct {
	const char *name;       /* "main", "group/platform", or a pinned revision */
	const char *kind;       /* "base", "group", ..., "pinned" */
	const char *ref;
	const char *commit;
	const char *tree;
	uint32_t considered;    /* policies the index offered for the action */
	uint32_t total;         /* policies at the ref */
} vd_scope_rec;

typedef enum {
	VD_TRACE_POLICY,        /* a policy is considered */
	VD_TRACE_CLAUSE,        /* when/unless/exception result */
	VD_TRACE_CMP,           /* one comparison, with the value seen */
	VD_TRACE_RESULT,        /* the policy's contribution */
	VD_TRACE_IMPLIED,       /* an implied action is judged next: seen = "file.write /x", note = origin */
} vd_trace_type;

typedef enum { VD_CLAUSE_WHEN, VD_CLAUSE_UNLESS, VD_CLAUSE_EXCEPTION } vd_clause;

typedef struct {
	uint8_t type;           /* vd_trace_type */
	uint8_t clause;         /* vd_clause */
	int8_t result;          /* 1 held, 0 failed */
	uint32_t scope;
	const vd_policy *policy;
	const vd_pred *pred;
	const vd_exception *exception;
	const char *seen;       /* the value the comparison saw, rendered */
	const char *note;       /* free text: the binding, an expiry, ... */
} vd_trace;

struct vd_verdict {
	vd_arena arena;             /* everything below that is not a vector */
	vd_verdict_kind verdict;
	vd_verdict_kind would;
	vd_vec(vd_match) matches;
	vd_vec(vd_scope_rec) scopes;
	vd_vec(vd_trace) trace;
	bool explain;
	const char *action;
	const char *subject;
	const char *event_id;
	pcre2_match_data *md;       /* scratch for every pattern match */
};

/* Forget the previous result, keep the allocations. */
void vd__verdict_reset(vd_verdict *v);

/*
 * The matches and the scopes of a verdict as JSON arrays (new references),
 * as vd_verdict_to_json() writes them; the audit log stores them as is.
 */
json_t *vd__verdict_matches_json(const vd_verdict *v);
json_t *vd__verdict_scopes_json(const vd_verdict *v);

#endif
