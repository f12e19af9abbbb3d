/*
 * ruleset.h - a compiled, indexed rule set: every policy of one tree.
 *
 * Immutable once built, shared by every scope whose ref has the same tree.
 */
#ifndef VD_ENGINE_RULESET_H
#define VD_ENGINE_RULESET_H

#include "../dsl/ir.h"
#include "index.h"

typedef struct vd_ruleset {
	vd_ir ir;                        /* owns every policy, list and pattern */
	/* Policies that judge each action, in source order: the index. */
	vd_policy **by_action[VD_ACTION__COUNT];
	uint32_t nby_action[VD_ACTION__COUNT];
	/* Per policy (by index), the exceptions whose patterns cover it. */
	vd_exception ***exceptions_of;
	uint32_t *nexceptions_of;
	const char *on_error;            /* "block" (default) or "pass" */
	vd_index index;                  /* guards and needed fields (index.h) */
} vd_ruleset;

/*
 * Compile lowered IR into a rule set: duplicate ids, ramp targets and
 * effective modes need the whole ref, so they are checked here.  The IR is
 * moved into the rule set (and disposed on failure).  Returns 0, or
 * VD_EPOLICY when diagnostics hold an error.
 */
int vd__ruleset_compile(vd_ruleset **out, vd_ir *ir, vd_diags *d);
void vd__ruleset_free(vd_ruleset *rs);

/*
 * A rule set from IR that was checked and resolved before (the compile
 * cache): no diagnostics, only the derived indexes.  The IR is moved.
 */
vd_ruleset *vd__ruleset_from_ir(vd_ir *ir);

/*
 * Lower and compile source files in one step (the git store, and tests,
 * fuzzers and benchmarks without a repository).  Diagnostics go to `d`,
 * with the counts of files and policies; any error diagnostic, in any
 * file, makes it VD_EPOLICY with no rule set.
 */
int vd__ruleset_from_sources(vd_ruleset **out, const vd_source *files, size_t nfiles,
	vd_diags *d);

/* The value of a setting as written, or `fallback`. */
const char *vd__ir_setting(const vd_ir *ir, const char *name, const char *fallback);

#endif
