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
 * Judge `ev` with the index and without (the naive path) and abort with
 * both verdicts when they differ in any way a user could see.
 */
void vd_fuzz_differential(const vd_ruleset *rs, const vd_event *ev);

#endif
