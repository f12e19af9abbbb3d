/*
 * rules.h - the rule set fuzzers and the differential test judge against:
 * tests/fuzz/kitchen.policy (every field, operator and clause kind) and
 * the starter packs, read from the source tree.
 */
#ifndef VD_FUZZ_RULES_H
#define VD_FUZZ_RULES_H

#include "common.h"
#include "ruleset.h"

/*
 * Compile kitchen.policy and packs/<pack>/<name>.policy under `srcdir`.
 * Aborts with a message when they do not compile: a target that judges
 * against nothing would fuzz nothing.
 */
vd_ruleset *vd_fuzz_rules(const char *srcdir);

/*
 * Judge `ev` against `fast` with the index and the prefilters, and against
 * `slow` on the naive path, with and without simulated promotion.  True
 * when every verdict, match, message, element and exception agrees; else
 * both verdicts and the event are printed to stderr and false returned.
 * `fast` and `slow` may be the same rule set.
 */
bool vd_fuzz_same(const vd_ruleset *fast, const vd_ruleset *slow, const vd_event *ev);

/* vd_fuzz_same(rs, rs, ev), aborting when they differ (for fuzzers). */
void vd_fuzz_differential(const vd_ruleset *rs, const vd_event *ev);

#endif
