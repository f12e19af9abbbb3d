/*
 * index.h - the rule index: which policies of an action an event can meet.
 *
 * The action index (ruleset.h) hands an event the policies of its action.
 * This index narrows them further, from facts that hold whenever a policy
 * matches, so skipping a policy never changes a verdict:
 *
 *  - a guard: one conjunct of the policy's `when` that is an equality
 *    (`command.name == "git"`, `url.host in [...]`, `groups has "x"` on a
 *    list) or a prefix (`command starts_with "curl "`).  The policy is a
 *    candidate only when the event has a value with that literal (or with
 *    the literal's first VD_INDEX_PREFIX bytes).  Policies without a guard
 *    are always candidates.
 *  - the fields the `when` needs: every comparison on an absent field is
 *    false, so a policy whose top-level conjuncts name a field the event
 *    lacks cannot match (a content regex never runs on a file read).
 *
 * Derived entirely from the IR when a rule set is built or loaded; never
 * stored.  The naive path (vd_eval_params.naive) and explanations ignore it.
 */
#ifndef VD_ENGINE_INDEX_H
#define VD_ENGINE_INDEX_H

#include "common.h"
#include "arena.h"
#include "event.h"
#include "strmap.h"
#include "../dsl/ir.h"

/* Bytes of a prefix literal that key the prefix index. */
#define VD_INDEX_PREFIX 3

/* Words of a bitset with one bit per field. */
#define VD_FIELD_WORDS ((VD_FIELD__COUNT + 63) / 64)

/* Positions (within the action's policy list) under one literal. */
typedef struct {
	uint32_t n;
	uint32_t pos[];
} vd_poslist;

/* Every guard of one action on one field: literal -> vd_poslist. */
typedef struct {
	uint16_t field;
	bool prefix;             /* keys are literal prefixes, not literals */
	vd_strmap map;
} vd_index_field;

typedef struct {
	uint32_t nwords;         /* words of a candidate bitset */
	uint64_t *always;        /* positions without a guard */
	vd_index_field *fields;
	uint32_t nfields;
} vd_action_index;

typedef struct {
	vd_arena arena;
	vd_action_index by_action[VD_ACTION__COUNT];
	uint64_t (*need)[VD_FIELD_WORDS];   /* per policy index */
	uint32_t guarded;                   /* (policy, action) pairs with a guard */
} vd_index;

/*
 * Build the index of `nby_action`/`by_action` lists (the rule set's action
 * index).  `npolicies` sizes the per-policy arrays.
 */
void vd__index_build(vd_index *ix, vd_policy *const *const *by_action,
	const uint32_t *nby_action, size_t npolicies);
void vd__index_dispose(vd_index *ix);

/*
 * The candidate positions of the event's action, as a bitset of
 * ix->by_action[a].nwords words written to `bits`.
 */
void vd__index_candidates(uint64_t *bits, const vd_index *ix, const vd_event *ev);

/* Whether a policy's needed fields are all present. */
static inline bool
vd__index_has_needed(const vd_index *ix, uint32_t policy, const uint64_t present[VD_FIELD_WORDS])
{
	uint32_t w;

	for (w = 0; w < VD_FIELD_WORDS; w++)
		if (ix->need[policy][w] & ~present[w])
			return false;
	return true;
}

#endif
