/*
 * judge.c - vd_eval(): which scopes judge an event, and the verdict.
 *
 * Layer: runtime.  An event is judged by the baseline branch and by every
 * scope branch that applies to it (its group, repo, user or surface), or by
 * one pinned revision.  Scopes can only tighten: the most severe verdict of
 * any scope wins, and every match records its scope, ref and commit.
 */
#include "common.h"
#include "eval.h"
#include "store.h"

static bool
applies(const vd_scope *s, const vd_event *ev)
{
	const vd_val *v;
	vd_field f;
	uint32_t i;

	switch (s->kind) {
	case VD_SCOPE_BASE:
	case VD_SCOPE_PINNED:
		return true;
	case VD_SCOPE_GROUP:
		v = &ev->f[VD_FIELD_GROUPS];
		for (i = 0; v->kind == VD_VAL_LIST && i < v->n; i++)
			if (strcmp(v->u.items[i].u.s, s->key) == 0)
				return true;
		return false;
	case VD_SCOPE_REPO: f = VD_FIELD_REPO; break;
	case VD_SCOPE_USER: f = VD_FIELD_USER; break;
	case VD_SCOPE_SURFACE: f = VD_FIELD_SURFACE; break;
	default: return false;
	}
	v = &ev->f[f];
	return v->kind == VD_VAL_STR && strcmp(v->u.s, s->key) == 0;
}

static int
judge_scope(vd_verdict *v, vd_engine *e, vd_scope *s, const vd_event *ev,
	const vd_eval_params *p)
{
	vd_tree_cache *c;
	vd_scope_rec r;
	int rc;

	if ((rc = vd__store_compile(&c, e, s)) < 0)
		return rc;
	r.name = s->name;
	r.kind = vd__scope_kind_name(s->kind);
	r.ref = s->ref;
	r.commit = s->commit_hex;
	r.tree = s->tree_hex;
	r.considered = c->rs->nby_action[ev->action];
	r.total = (uint32_t)c->rs->ir.policies.len;
	vd_vec_push(&v->scopes, r);
	return vd__eval_ruleset(v, (uint32_t)(v->scopes.len - 1), c->rs, ev, p);
}

int
vd_eval(vd_verdict *v, vd_engine *e, const vd_event *ev, const vd_eval_options *opts)
{
	vd_eval_options defaults = VD_EVAL_OPTIONS_INIT;
	vd_eval_params p;
	size_t i;
	int rc = 0;

	VD_ASSERT_ARG(v && e && ev);
	if (opts == NULL)
		opts = &defaults;
	vd__verdict_reset(v);
	v->explain = opts->explain;
	v->action = vd_event_action(ev);
	v->event_id = ev->f[VD_FIELD_ID].kind == VD_VAL_STR ? ev->f[VD_FIELD_ID].u.s : NULL;
	v->subject = vd__event_subject(ev, &v->arena);
	memset(&p, 0, sizeof(p));
	p.now = opts->now ? opts->now : vd__eval_now();
	p.simulate_block = opts->simulate_block;

	if (opts->ref) {
		vd_scope *s;

		if ((rc = vd__store_pin(&s, e, opts->ref)) < 0 ||
		    (rc = judge_scope(v, e, s, ev, &p)) < 0)
			return rc;
	} else {
		if ((rc = vd__store_load_scopes(e)) < 0)
			return rc;
		for (i = 0; i < e->scopes.len; i++)
			if (applies(e->scopes.ptr[i], ev) &&
			    (rc = judge_scope(v, e, e->scopes.ptr[i], ev, &p)) < 0)
				return rc;
	}
	vd__eval_finish(v);
	return 0;
}
