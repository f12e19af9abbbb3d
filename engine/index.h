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
	uint32_t guarded;                   /* (policy, action) pairs with a guard, so far */
	/* The rule set's action index, for actions built when first needed. */
	vd_policy *const *const *lists;
	const uint32_t *nlists;
	bool built[VD_ACTION__COUNT];
} vd_index;

/*
 * The index of `nby_action`/`by_action` lists (the rule set's action index,
 * which must outlive it).  `npolicies` sizes the per-policy arrays.  With
 * `all`, every action's guards are built now; otherwise each action's when
 * vd__index_ready() first asks for it (a hook that loads a cached set
 * judges one event, of one or two actions).
 */
void vd__index_build(vd_index *ix, vd_policy *const *const *by_action,
	const uint32_t *nby_action, size_t npolicies, bool all);
void vd__index_dispose(vd_index *ix);

/*
 * Make sure action `a` is indexed.  The one change to an index after it is
 * built, which is why (like patterns, eval.c) one rule set is evaluated
 * from one thread at a time.
 */
void vd__index_ready(const vd_index *ix, int a);

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
