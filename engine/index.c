/*
 * index.c - guards and needed fields: the candidates of an event.
 *
 * Layer: runtime.  See index.h for what the index is and why skipping a
 * policy it leaves out never changes a verdict.  The differential test
 * (tests/check_differential.c) and the fuzzers hold it to that: every
 * event is judged with the index and without, and any difference fails.
 *
 * Which conjunct guards a policy: of the conjuncts at the top of `when`
 * (the operands of its `and` chain, not under `or` or `not`), the one
 * that narrows most.  Equalities on fields with many values (command
 * names, hosts, paths, MCP tools) beat prefixes, which beat equalities on
 * fields every event shares a handful of values of (groups, surface,
 * user, repo).
 */
#include "common.h"
#include "index.h"
#include "vec.h"

/* How much a guard on a field narrows, 0 for not at all. */
static int
field_score(int field)
{
	switch (field) {
	case VD_FIELD_ID: case VD_FIELD_TIME: case VD_FIELD_ACTION: case VD_FIELD_SESSION:
		return 0;
	case VD_FIELD_GROUPS: case VD_FIELD_SURFACE: case VD_FIELD_USER: case VD_FIELD_REPO:
	case VD_FIELD_TOOL: case VD_FIELD_BRANCH:
		return 1;
	default:
		return 3;
	}
}

/* The score of a conjunct as a guard (0: not a guard); *prefix set for starts_with. */
static int
guard_score(const vd_pred *p, bool *prefix)
{
	vd_kind kind;
	uint32_t k;

	*prefix = false;
	if (p->field >= VD_FIELD__COUNT || p->nstrs == 0 || p->nnums != 0)
		return 0;
	kind = vd__fields[p->field].kind;
	if (kind != VD_KIND_STR && kind != VD_KIND_PATH && kind != VD_KIND_LIST)
		return 0;
	switch (p->op) {
	case VD_P_EQ:
	case VD_P_IN:
		return field_score(p->field);
	case VD_P_HAS:
		/* On a list `has` is membership; on a string it is a substring. */
		return kind == VD_KIND_LIST ? field_score(p->field) : 0;
	case VD_P_PREFIX:
		for (k = 0; k < p->nstrs; k++)
			if (p->strs[k].len < VD_INDEX_PREFIX)
				return 0;
		*prefix = true;
		return field_score(p->field) > 1 ? 2 : 1;
	default:
		return 0;
	}
}

static void
best_guard(const vd_pred *p, const vd_pred **best, int *score, bool *prefix)
{
	bool pre;
	int s;

	if (p == NULL)
		return;
	if (p->op == VD_P_AND) {
		best_guard(p->a, best, score, prefix);
		best_guard(p->b, best, score, prefix);
		return;
	}
	s = guard_score(p, &pre);
	if (s > *score) {
		*best = p;
		*score = s;
		*prefix = pre;
	}
}

static void
needed_fields(const vd_pred *p, uint64_t need[VD_FIELD_WORDS])
{
	if (p == NULL)
		return;
	switch (p->op) {
	case VD_P_AND:
		needed_fields(p->a, need);
		needed_fields(p->b, need);
		return;
	case VD_P_OR:
	case VD_P_NOT:
		return;
	default:
		/* A comparison (or truth test) on an absent field is false. */
		if (p->field < VD_FIELD__COUNT)
			need[p->field / 64] |= 1ull << (p->field % 64);
	}
}

typedef vd_vec(uint32_t) pos_vec;

/* While building: the literals of one (field, prefix) and their positions. */
typedef struct {
	uint16_t field;
	bool prefix;
	vd_strmap lits;          /* literal -> pos_vec * */
} field_builder;

static void
add_literal(vd_arena *a, field_builder *fb, const char *s, size_t n, uint32_t pos)
{
	pos_vec *v = vd__strmap_get(&fb->lits, s, n);

	if (v == NULL) {
		v = vd__arena_calloc(a, 1, sizeof(*v));
		vd__strmap_put(&fb->lits, s, n, v);
	}
	/* A list may repeat a literal, or two literals share a prefix. */
	if (v->len == 0 || v->ptr[v->len - 1] != pos)
		vd_vec_push(v, pos);
}

/* Guards and needed fields of one action's policies. */
static void
build_action(vd_index *ix, int a)
{
	vd_arena tmp = VD_ARENA_INIT;
	vd_action_index *ai = &ix->by_action[a];
	vd_vec(field_builder) fbs = VD_VEC_INIT;
	uint32_t n = ix->nlists[a], pos, k;
	size_t i;

	ix->built[a] = true;
	for (pos = 0; pos < n; pos++) {
		const vd_policy *pol = ix->lists[a][pos];
		const vd_pred *g = NULL;
		field_builder *fb = NULL;
		bool prefix = false;
		int score = 0;

		/* Idempotent: a policy of several actions is visited once per action. */
		needed_fields(pol->when, ix->need[pol->index]);
		best_guard(pol->when, &g, &score, &prefix);
		if (g == NULL) {
			ai->always[pos / 64] |= 1ull << (pos % 64);
			continue;
		}
		for (i = 0; i < fbs.len; i++)
			if (fbs.ptr[i].field == g->field && fbs.ptr[i].prefix == prefix)
				fb = &fbs.ptr[i];
		if (fb == NULL) {
			field_builder nb;

			memset(&nb, 0, sizeof(nb));
			nb.field = g->field;
			nb.prefix = prefix;
			vd_vec_push(&fbs, nb);
			fb = &fbs.ptr[fbs.len - 1];
		}
		for (k = 0; k < g->nstrs; k++)
			add_literal(&tmp, fb, g->strs[k].s,
				prefix ? VD_INDEX_PREFIX : g->strs[k].len, pos);
		ix->guarded++;
	}
	/* Freeze: literal -> vd_poslist in the index's own arena. */
	ai->nfields = (uint32_t)fbs.len;
	ai->fields = vd__arena_calloc(&ix->arena, fbs.len ? fbs.len : 1, sizeof(vd_index_field));
	for (i = 0; i < fbs.len; i++) {
		field_builder *fb = &fbs.ptr[i];
		vd_index_field *xf = &ai->fields[i];
		size_t s;

		xf->field = fb->field;
		xf->prefix = fb->prefix;
		for (s = 0; s < fb->lits.cap; s++) {
			const vd_strmap_slot *slot = &fb->lits.slots[s];
			pos_vec *v;
			vd_poslist *pl;

			if (slot->key == NULL)
				continue;
			v = slot->value;
			pl = vd__arena_alloc(&ix->arena, sizeof(*pl) + v->len * sizeof(uint32_t));
			pl->n = (uint32_t)v->len;
			memcpy(pl->pos, v->ptr, v->len * sizeof(uint32_t));
			vd__strmap_put(&xf->map, vd__arena_strndup(&ix->arena, slot->key, slot->len),
				slot->len, pl);
			vd_vec_dispose(v);
		}
		vd__strmap_dispose(&fb->lits);
	}
	vd_vec_dispose(&fbs);
	vd__arena_dispose(&tmp);
}

void
vd__index_build(vd_index *ix, vd_policy *const *const *by_action,
	const uint32_t *nby_action, size_t npolicies, bool all)
{
	int a;

	memset(ix, 0, sizeof(*ix));
	ix->lists = by_action;
	ix->nlists = nby_action;
	ix->need = vd__arena_calloc(&ix->arena, npolicies ? npolicies : 1, sizeof(*ix->need));
	for (a = 0; a < VD_ACTION__COUNT; a++) {
		vd_action_index *ai = &ix->by_action[a];
		uint32_t n = nby_action[a];

		ai->nwords = n ? (n + 63) / 64 : 1;
		ai->always = vd__arena_calloc(&ix->arena, ai->nwords, sizeof(uint64_t));
		if (all)
			build_action(ix, a);
	}
}

void
vd__index_ready(const vd_index *ix, int a)
{
	if (VD_UNLIKELY(!ix->built[a]))
		build_action((vd_index *)ix, a);
}

void
vd__index_dispose(vd_index *ix)
{
	int a;
	uint32_t i;

	for (a = 0; a < VD_ACTION__COUNT; a++)
		for (i = 0; i < ix->by_action[a].nfields; i++)
			vd__strmap_dispose(&ix->by_action[a].fields[i].map);
	vd__arena_dispose(&ix->arena);
	memset(ix, 0, sizeof(*ix));
}

static void
mark(uint64_t *bits, const vd_index_field *xf, const char *s, size_t n)
{
	const vd_poslist *pl;
	uint32_t i;

	if (xf->prefix) {
		if (n < VD_INDEX_PREFIX)
			return;
		n = VD_INDEX_PREFIX;
	}
	if ((pl = vd__strmap_get(&xf->map, s, n)) == NULL)
		return;
	for (i = 0; i < pl->n; i++)
		bits[pl->pos[i] / 64] |= 1ull << (pl->pos[i] % 64);
}

static void
mark_val(uint64_t *bits, const vd_index_field *xf, const vd_val *v, int depth)
{
	uint32_t i;

	switch (v->kind) {
	case VD_VAL_STR:
		mark(bits, xf, v->u.s, v->n);
		break;
	case VD_VAL_LIST:
	case VD_VAL_COL:
		/* A column of lists (command.argv per command) is two levels deep. */
		if (depth < 2)
			for (i = 0; i < v->n; i++)
				mark_val(bits, xf, &v->u.items[i], depth + 1);
		break;
	default:
		break;
	}
}

void
vd__index_candidates(uint64_t *bits, const vd_index *ix, const vd_event *ev)
{
	const vd_action_index *ai = &ix->by_action[ev->action];
	uint32_t k;

	memcpy(bits, ai->always, ai->nwords * sizeof(uint64_t));
	for (k = 0; k < ai->nfields; k++)
		mark_val(bits, &ai->fields[k], &ev->f[ai->fields[k].field], 0);
}
