/*
 * ruleset.c - from the IR of one tree to an indexed rule set.
 *
 * Layer: runtime.  Checks that need every file of the ref (duplicate policy
 * and exception ids, ramp targets), resolves each policy's effective mode
 * from the ramp, and builds the index: for each action, the policies that
 * judge it, so an event only meets the policies that can apply to it.
 */
#include "common.h"
#include "ruleset.h"
#include "buf.h"

static void
dup_error(vd_diags *d, const char *what, const char *id, vd_loc at, vd_loc first)
{
	vd__diag(d, VD_DIAG_ERROR, at.file, at.line, at.col, at.end_col,
		"duplicate %s id \"%s\"; first defined at %s:%u:%u (ids are unique across every pack of the ref)",
		what, id, first.file, first.line, first.col);
}

const char *
vd__ir_setting(const vd_ir *ir, const char *name, const char *fallback)
{
	size_t i;
	const char *v = fallback;

	for (i = 0; i < ir->settings.len; i++)
		if (strcmp(ir->settings.ptr[i].name, name) == 0)
			v = ir->settings.ptr[i].value;
	return v;
}

static void
resolve_ramp(vd_ir *ir, vd_strmap *ids, vd_diags *d)
{
	vd_strmap by_target = VD_STRMAP_INIT, risks = VD_STRMAP_INIT;
	size_t i;

	for (i = 0; i < ir->policies.len; i++) {
		const char *r = ir->policies.ptr[i]->risk;

		if (r)
			vd__strmap_put(&risks, r, strlen(r), (void *)r);
	}
	for (i = 0; i < ir->ramp.len; i++) {
		vd_ramp_entry *e = &ir->ramp.ptr[i];
		vd_ramp_entry *first = vd__strmap_get(&by_target, e->target, strlen(e->target));

		if (first) {
			vd__diag(d, VD_DIAG_ERROR, e->loc.file, e->loc.line, e->loc.col, e->loc.end_col,
				"duplicate ramp entry for '%s'; first at %s:%u:%u (each risk class or policy has one rung per scope)",
				e->target, first->loc.file, first->loc.line, first->loc.col);
			continue;
		}
		if (!vd__strmap_get(ids, e->target, strlen(e->target)) &&
		    !vd__strmap_get(&risks, e->target, strlen(e->target))) {
			vd_buf b = VD_BUF_INIT;
			size_t k, shown = 0;

			for (k = 0; k < risks.cap && shown < 12; k++)
				if (risks.slots[k].key)
					vd__buf_printf(&b, "%s%s", shown++ ? ", " : "", risks.slots[k].key);
			vd__diag(d, VD_DIAG_ERROR, e->loc.file, e->loc.line, e->loc.col, e->loc.end_col,
				"unknown ramp target '%s'; expected a risk class used by a policy (%s) or a policy id",
				e->target, b.size ? b.ptr : "no policy declares a risk");
			vd_buf_dispose(&b);
			continue;
		}
		vd__strmap_put(&by_target, e->target, strlen(e->target), e);
	}
	for (i = 0; i < ir->policies.len; i++) {
		vd_policy *p = ir->policies.ptr[i];
		vd_ramp_entry *e = vd__strmap_get(&by_target, p->id, strlen(p->id));

		if (e) {
			p->effective = e->mode;
			p->mode_source = vd__arena_printf(&ir->arena, "ramp entry for \"%s\" at %s:%u",
				p->id, e->loc.file, e->loc.line);
		} else if (p->risk && (e = vd__strmap_get(&by_target, p->risk, strlen(p->risk))) != NULL) {
			p->effective = e->mode;
			p->mode_source = vd__arena_printf(&ir->arena, "ramp entry for risk class %s at %s:%u",
				p->risk, e->loc.file, e->loc.line);
		} else if (p->mode != VD_MODE_UNSET) {
			p->effective = (vd_mode)p->mode;
			p->mode_source = "its own mode";
		} else {
			p->effective = VD_MODE_OBSERVE;
			p->mode_source = "the default: new policies observe";
		}
	}
	vd__strmap_dispose(&by_target);
	vd__strmap_dispose(&risks);
}

/* The action index: one array of policies per action, in source order. */
#define ACTION_BITS (VD_ACTION__COUNT < 64 ? (1ull << (VD_ACTION__COUNT % 64)) - 1 : ~0ull)

static void
index_actions(vd_ruleset *rs)
{
	vd_ir *ir = &rs->ir;
	uint64_t bits;
	size_t i, j;

	for (i = 0; i < ir->policies.len; i++) {
		vd_policy *p = ir->policies.ptr[i];

		p->index = (uint32_t)i;
		for (bits = p->actions & ACTION_BITS; bits; bits &= bits - 1)
			rs->nby_action[__builtin_ctzll(bits)]++;
	}
	for (j = 0; j < VD_ACTION__COUNT; j++) {
		rs->by_action[j] = vd__arena_alloc(&ir->arena,
			sizeof(vd_policy *) * (rs->nby_action[j] ? rs->nby_action[j] : 1));
		rs->nby_action[j] = 0;
	}
	for (i = 0; i < ir->policies.len; i++) {
		vd_policy *p = ir->policies.ptr[i];

		for (bits = p->actions & ACTION_BITS; bits; bits &= bits - 1) {
			j = (size_t)__builtin_ctzll(bits);
			rs->by_action[j][rs->nby_action[j]++] = p;
		}
	}
}

/* Which exceptions cover which policy, decided once, not per event.  d may be NULL. */
static void
cover_exceptions(vd_ruleset *rs, vd_diags *d)
{
	vd_ir *ir = &rs->ir;
	size_t i, j;

	rs->exceptions_of = vd__arena_calloc(&ir->arena, ir->policies.len + 1, sizeof(vd_exception **));
	rs->nexceptions_of = vd__arena_calloc(&ir->arena, ir->policies.len + 1, sizeof(uint32_t));
	for (i = 0; i < ir->exceptions.len; i++) {
		vd_exception *e = ir->exceptions.ptr[i];
		pcre2_match_data *md;
		size_t hits = 0;

		if (e->policies_re == NULL)
			continue;
		md = pcre2_match_data_create_from_pattern(e->policies_re, NULL);
		for (j = 0; j < ir->policies.len; j++) {
			vd_policy *p = ir->policies.ptr[j];
			vd_exception **grown;

			if (pcre2_match(e->policies_re, (PCRE2_SPTR)p->id, strlen(p->id), 0, 0, md, NULL) < 0)
				continue;
			hits++;
			grown = vd__arena_alloc(&ir->arena, sizeof(*grown) * (rs->nexceptions_of[j] + 1));
			if (rs->nexceptions_of[j])
				memcpy(grown, rs->exceptions_of[j], sizeof(*grown) * rs->nexceptions_of[j]);
			grown[rs->nexceptions_of[j]++] = e;
			rs->exceptions_of[j] = grown;
		}
		pcre2_match_data_free(md);
		if (hits == 0 && d)
			vd__diag(d, VD_DIAG_WARNING, e->loc.file, e->loc.line, e->loc.col, e->loc.end_col,
				"exception \"%s\" covers no policy at this ref; check its 'policies' patterns", e->id);
	}
}

/*
 * The indexes every rule set derives from its IR, compiled now or loaded
 * from the cache.  A loaded set builds each action's guards when an event
 * of that action first comes (`all` false): the hook that loads it judges
 * one event.
 */
static void
finish(vd_ruleset *rs, bool all)
{
	index_actions(rs);
	rs->on_error = vd__ir_setting(&rs->ir, "on_error", "block");
	vd__index_build(&rs->index, (vd_policy *const *const *)rs->by_action, rs->nby_action,
		rs->ir.policies.len, all);
}

int
vd__ruleset_compile(vd_ruleset **out, vd_ir *ir, vd_diags *d)
{
	vd_ruleset *rs = vd__calloc(1, sizeof(*rs));
	vd_strmap ids = VD_STRMAP_INIT, exids = VD_STRMAP_INIT;
	size_t i;

	rs->ir = *ir;
	memset(ir, 0, sizeof(*ir));
	ir = &rs->ir;

	if (ir->policies.len > VD_MAX_POLICIES) {
		const vd_loc *l = &ir->policies.ptr[VD_MAX_POLICIES]->loc;

		vd__diag(d, VD_DIAG_ERROR, l->file, l->line, l->col, l->end_col,
			"%zu policies at this ref; the limit is %d (this is policy %d); split them across scopes or merge rules with lists",
			ir->policies.len, VD_MAX_POLICIES, VD_MAX_POLICIES + 1);
	}
	for (i = 0; i < ir->policies.len; i++) {
		vd_policy *p = ir->policies.ptr[i];
		vd_policy *first = vd__strmap_get(&ids, p->id, strlen(p->id));

		if (first)
			dup_error(d, "policy", p->id, p->loc, first->loc);
		else
			vd__strmap_put(&ids, p->id, strlen(p->id), p);
	}
	for (i = 0; i < ir->exceptions.len; i++) {
		vd_exception *e = ir->exceptions.ptr[i];
		vd_exception *first = vd__strmap_get(&exids, e->id, strlen(e->id));

		if (first)
			dup_error(d, "exception", e->id, e->loc, first->loc);
		else
			vd__strmap_put(&exids, e->id, strlen(e->id), e);
	}
	resolve_ramp(ir, &ids, d);
	cover_exceptions(rs, d);
	vd__strmap_dispose(&ids);
	vd__strmap_dispose(&exids);
	/* Any error, from the lowering or from here, fails the whole ref. */
	if (d->errors > 0) {
		vd__ruleset_free(rs);
		*out = NULL;
		return VD_EPOLICY;
	}
	finish(rs, true);
	*out = rs;
	return 0;
}

vd_ruleset *
vd__ruleset_from_ir(vd_ir *ir)
{
	vd_ruleset *rs = vd__calloc(1, sizeof(*rs));

	rs->ir = *ir;
	memset(ir, 0, sizeof(*ir));
	cover_exceptions(rs, NULL);
	finish(rs, false);
	return rs;
}

int
vd__ruleset_from_sources(vd_ruleset **out, const vd_source *files, size_t nfiles,
	vd_diags *d)
{
	vd_ir ir;

	memset(&ir, 0, sizeof(ir));
	vd__lower(&ir, files, nfiles, d);
	d->files = nfiles;
	d->policies = ir.policies.len;
	/* Whole-ref checks run even after file errors, to report everything. */
	return vd__ruleset_compile(out, &ir, d);
}

void
vd__ruleset_free(vd_ruleset *rs)
{
	if (rs == NULL)
		return;
	vd__index_dispose(&rs->index);
	vd__ir_dispose(&rs->ir);
	vd__free(rs);
}
