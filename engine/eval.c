/*
 * eval.c - the evaluator: one event against one compiled rule set.
 *
 * Layer: runtime.  The hot path.  The index hands an event only the
 * policies of its action; each policy's conditions are a tree of compiled
 * predicates whose patterns are already compiled (PCRE2, JIT) and whose
 * `in` sets are hash sets.  Nothing here allocates unless a policy matches
 * or an explanation is asked for.
 *
 * Bindings.  A policy that names fields of a group (the simple commands of
 * a command line, the files of a commit) is tried once per element of each
 * group it names, and all its fields of one group read the same element:
 * `command.name == "rm" and command.flags has "r"` needs one simple
 * command that is rm and has r.  The first binding that matches, and is
 * not covered by an exception, decides.
 *
 * Absent values.  A comparison on a field the event does not have is false
 * (so `not (user == "x")` holds and `user != "x"` does not).  On a list,
 * a comparison holds when it holds for an element, except `!=`, which holds
 * when no element is equal.
 */
#include "common.h"
#include "eval.h"
#include "buf.h"
#include "clock.h"

#include <time.h>

typedef struct {
	const vd_event *ev;
	uint32_t bind[VD_GROUP__COUNT];
	pcre2_match_data *md;
	vd_arena *scratch;
	const char *witness;       /* the list element that made a comparison hold */
	vd_verdict *trace;         /* non-NULL when explaining */
	uint32_t scope;
	const vd_policy *policy;
	uint8_t clause;
	bool naive;                /* the reference path: no index, no prefilter */
	const vd_ruleset *rs;
	const vd_pred *broken;     /* a pattern that did not compile; an error */
} evalctx;

/* ---- time ---------------------------------------------------------------- */

/*
 * VERDICT_NOW and a pack test's "now": the audit log's ISO-8601 parser
 * (clock.c), so an offset such as +02:00 is honoured and trailing text is
 * refused rather than ignored.  Before 1970 counts as no time.
 */
int64_t
vd__parse_time(const char *s)
{
	int64_t ms;

	if (s == NULL || vd__time_parse_ms(s, &ms) < 0 || ms < 0)
		return -1;
	return ms / 1000;
}

time_t
vd__eval_now(void)
{
	const char *env = getenv("VERDICT_NOW");
	int64_t t;

	if (env && *env && (t = vd__parse_time(env)) >= 0)
		return (time_t)t;
	return time(NULL);
}

/* ---- values -------------------------------------------------------------- */

static const vd_val *
fetch(evalctx *x, const vd_pred *p, vd_val *scratch)
{
	const vd_val *v;

	if (p->field == VD_FIELD_INPUT)
		return vd__event_input(x->ev, p->input_key, scratch, x->scratch) ? scratch : NULL;
	v = &x->ev->f[p->field];
	if (v->kind == VD_VAL_COL) {
		uint32_t i = x->bind[p->group];

		v = i < v->n ? &v->u.items[i] : NULL;
	}
	return v && v->kind != VD_VAL_NONE ? v : NULL;
}

/* ASCII lower case as a table: the prefilter folds every byte it reads. */
static const unsigned char fold[256] = {
#define R(i) (unsigned char)((i) >= 'A' && (i) <= 'Z' ? (i) + 32 : (i))
#define R4(i) R(i), R(i + 1), R(i + 2), R(i + 3)
#define R16(i) R4(i), R4(i + 4), R4(i + 8), R4(i + 12)
#define R64(i) R16(i), R16(i + 16), R16(i + 32), R16(i + 48)
	R64(0), R64(64), R64(128), R64(192)
#undef R64
#undef R16
#undef R4
#undef R
};

/*
 * Whether s[0..n) contains lit[0..len), len >= 1: memchr finds candidates
 * for the first byte (SIMD in glibc), memcmp checks the rest.  Faster than
 * memmem for the short needles and haystacks of events.
 */
static bool
contains(const char *s, uint32_t n, const char *lit, uint32_t len)
{
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= len && (p = memchr(p, lit[0], (size_t)(end - p) - len + 1)) != NULL) {
		if (memcmp(p + 1, lit + 1, len - 1) == 0)
			return true;
		p++;
	}
	return false;
}

/* The same, ASCII letters compared without case. */
static bool
contains_ci(const char *s, uint32_t n, const char *lit, uint32_t len)
{
	const unsigned char *l = (const unsigned char *)lit;
	unsigned char lo = fold[l[0]], up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 32) : lo;
	const char *p = s, *end = s + n;
	uint32_t k;

	while ((size_t)(end - p) >= len) {
		size_t room = (size_t)(end - p) - len + 1;
		const char *a = memchr(p, lo, room), *b = lo == up ? NULL : memchr(p, up, room);

		if (a == NULL || (b && b < a))
			a = b;
		if (a == NULL)
			return false;
		for (k = 1; k < len && fold[(unsigned char)a[k]] == fold[l[k]]; k++)
			;
		if (k == len)
			return true;
		p = a + 1;
	}
	return false;
}

/*
 * Whether s[0..n) contains one of the `count` literals of `lits`, which all
 * start with the same byte: one memchr sweep for that byte, each literal
 * checked at every candidate, instead of a sweep per literal.
 */
static bool
contains_any(const char *s, uint32_t n, const vd_str *lits, uint32_t count)
{
	const char *p = s, *end = s + n;
	uint32_t k, shortest = lits[0].len;

	for (k = 1; k < count; k++)
		if (lits[k].len < shortest)
			shortest = lits[k].len;
	while ((size_t)(end - p) >= shortest &&
	    (p = memchr(p, lits[0].s[0], (size_t)(end - p) - shortest + 1)) != NULL) {
		for (k = 0; k < count; k++)
			if ((size_t)(end - p) >= lits[k].len &&
			    memcmp(p + 1, lits[k].s + 1, lits[k].len - 1) == 0)
				return true;
		p++;
	}
	return false;
}

/*
 * The case-sensitive prefilter: whether s[0..n) holds one of p's literals
 * where it must be.  A literal every match starts or ends with is one
 * comparison at that end; literals that may be anywhere and start with
 * the same byte, when next to each other (dsl/literal.c puts a glob
 * list's so), share one sweep of the subject.
 */
static bool
has_literal(const vd_pred *p, const char *s, uint32_t n)
{
	uint32_t k = 0, from;

	while (k < p->nlits) {
		const char *lit = p->lits[k].s;
		uint32_t len = p->lits[k].len;

		switch (p->lit_anchor ? p->lit_anchor[k] : VD_LIT_ANY) {
		case VD_LIT_SUFFIX:
			if (n >= len && s[n - 1] == lit[len - 1] && memcmp(s + n - len, lit, len) == 0)
				return true;
			k++;
			break;
		case VD_LIT_PREFIX:
			if (n >= len && s[0] == lit[0] && memcmp(s, lit, len) == 0)
				return true;
			k++;
			break;
		case VD_LIT_EXACT:
			if (n == len && memcmp(s, lit, len) == 0)
				return true;
			k++;
			break;
		default:
			for (from = k++; k < p->nlits && p->lits[k].s[0] == lit[0] &&
			    (p->lit_anchor == NULL || p->lit_anchor[k] == VD_LIT_ANY); k++)
				;
			if (k - from == 1 ? contains(s, n, lit, len) : contains_any(s, n, p->lits + from, k - from))
				return true;
		}
	}
	return false;
}

/*
 * VERDICT_NO_JIT turns PCRE2's JIT off: valgrind cannot follow the machine
 * code it writes (it reads past what it proves it needs), so `make memcheck`
 * runs the interpreter.  Results are the same either way.
 */
static bool
jit_allowed(void)
{
	static int allowed = -1;

	if (allowed < 0)
		allowed = getenv("VERDICT_NO_JIT") == NULL;
	return allowed;
}

static bool
re_match(evalctx *x, const vd_pred *p, const char *s, uint32_t n)
{
	uint32_t k;

	/* The prefilter: no required literal, no match, and PCRE2 never runs. */
	if (p->nlits && !x->naive) {
		if (!p->lits_ci) {
			if (!has_literal(p, s, n))
				return false;
		} else {
			for (k = 0; k < p->nlits; k++)
				if (contains_ci(s, n, p->lits[k].s, p->lits[k].len))
					break;
			if (k == p->nlits)
				return false;
		}
	}
	if (VD_UNLIKELY(p->re == NULL || !p->re_jit)) {
		/*
		 * Patterns compile (rule sets from the cache) and JIT-compile (after
		 * VD_JIT_AFTER uses) when needed: the one place a rule set changes
		 * after it is built, which is why one rule set must not be
		 * evaluated from two threads at once.
		 */
		vd_pred *mp = (vd_pred *)p;

		if (mp->re == NULL) {
			int ec;
			PCRE2_SIZE eo;

			mp->re = pcre2_compile((PCRE2_SPTR)mp->re_src, mp->re_len, mp->re_opts, &ec, &eo, NULL);
			if (mp->re == NULL) {
				x->broken = p;
				return false;
			}
			vd_vec_push(&((vd_ruleset *)x->rs)->ir.patterns, mp->re);
		}
		if (++mp->re_uses == VD_JIT_AFTER && jit_allowed())
			mp->re_jit = pcre2_jit_compile(mp->re, PCRE2_JIT_COMPLETE) == 0;
	}
	/* Errors (a match limit, bad UTF-8 we were told to accept) count as no match. */
	if (p->re_jit)
		return pcre2_jit_match(p->re, (PCRE2_SPTR)s, n, 0, 0, x->md, NULL) >= 0;
	return pcre2_match(p->re, (PCRE2_SPTR)s, n, 0, 0, x->md, NULL) >= 0;
}

/* Values of an `in` compared one by one rather than through its set. */
#define IN_SCAN 8

/*
 * The hash set of an `in` with many values, built when first needed (a
 * rule set from the compile cache has none): like patterns, a change to a
 * rule set after it is built.
 */
static void
in_set(evalctx *x, const vd_pred *p)
{
	vd_ruleset *rs = (vd_ruleset *)x->rs;
	vd_strmap *set = vd__arena_calloc(&rs->ir.arena, 1, sizeof(*set));
	uint32_t k;

	for (k = 0; k < p->nstrs; k++)
		vd__strmap_put(set, p->strs[k].s, p->strs[k].len, (void *)1);
	vd_vec_push(&rs->ir.sets, set);
	((vd_pred *)p)->set = set;
}

static bool
str_op(evalctx *x, const vd_pred *p, const char *s, uint32_t n)
{
	uint32_t k;

	switch (p->op) {
	case VD_P_EQ:
	case VD_P_NE: /* the caller negates */
		for (k = 0; k < p->nstrs; k++)
			if (p->strs[k].len == n && memcmp(p->strs[k].s, s, n) == 0)
				return true;
		return false;
	case VD_P_IN:
		/* A few values are compared in turn; more are looked up in a set. */
		if (p->nstrs <= IN_SCAN) {
			for (k = 0; k < p->nstrs; k++)
				if (p->strs[k].len == n && memcmp(p->strs[k].s, s, n) == 0)
					return true;
			return false;
		}
		if (VD_UNLIKELY(p->set == NULL))
			in_set(x, p);
		return vd__strmap_find(p->set, s, n) != NULL;
	case VD_P_GLOB:
	case VD_P_REGEX:
		return re_match(x, p, s, n);
	case VD_P_HAS:
		for (k = 0; k < p->nstrs; k++)
			if (p->strs[k].len <= n &&
			    (p->strs[k].len == 0 || memmem(s, n, p->strs[k].s, p->strs[k].len)))
				return true;
		return false;
	case VD_P_PREFIX:
		for (k = 0; k < p->nstrs; k++)
			if (p->strs[k].len <= n && memcmp(s, p->strs[k].s, p->strs[k].len) == 0)
				return true;
		return false;
	case VD_P_SUFFIX:
		for (k = 0; k < p->nstrs; k++)
			if (p->strs[k].len <= n &&
			    memcmp(s + n - p->strs[k].len, p->strs[k].s, p->strs[k].len) == 0)
				return true;
		return false;
	default:
		return false;
	}
}

static bool
num_op(const vd_pred *p, int64_t v)
{
	uint32_t k;

	switch (p->op) {
	case VD_P_EQ: return p->nnums && v == p->num;
	case VD_P_NE: return p->nnums && v != p->num;
	case VD_P_LT: return v < p->num;
	case VD_P_LE: return v <= p->num;
	case VD_P_GT: return v > p->num;
	case VD_P_GE: return v >= p->num;
	case VD_P_IN:
		for (k = 0; k < p->nnums; k++)
			if (p->nums[k] == v)
				return true;
		return false;
	default:
		return false;
	}
}

static bool
compare(evalctx *x, const vd_pred *p, const vd_val *v)
{
	uint32_t i;

	switch (v->kind) {
	case VD_VAL_STR:
		if (p->nnums && p->nstrs == 0)
			return false; /* input.x > 3 against a string */
		if (p->op == VD_P_NE)
			return !str_op(x, p, v->u.s, v->n);
		if (p->op == VD_P_LT || p->op == VD_P_LE || p->op == VD_P_GT || p->op == VD_P_GE)
			return false;
		if ((p->op == VD_P_EQ) && p->nstrs == 0)
			return false;
		return str_op(x, p, v->u.s, v->n);
	case VD_VAL_LIST:
		if (p->op == VD_P_NE) {
			for (i = 0; i < v->n; i++)
				if (str_op(x, p, v->u.items[i].u.s, v->u.items[i].n))
					return false;
			return true;
		}
		for (i = 0; i < v->n; i++) {
			const vd_val *e = &v->u.items[i];
			bool hit;

			/* On a list, `has` is membership: the element equals the value. */
			if (p->op == VD_P_HAS) {
				uint32_t k;

				hit = false;
				for (k = 0; k < p->nstrs && !hit; k++)
					hit = p->strs[k].len == e->n && memcmp(p->strs[k].s, e->u.s, e->n) == 0;
			} else {
				hit = str_op(x, p, e->u.s, e->n);
			}
			if (hit) {
				x->witness = e->u.s;
				return true;
			}
		}
		return false;
	case VD_VAL_INT:
		return num_op(p, v->u.i);
	case VD_VAL_BOOL:
		if (p->op == VD_P_EQ)
			return p->nstrs == 0 && p->nnums == 0 && v->u.b == p->boolean;
		if (p->op == VD_P_NE)
			return p->nstrs == 0 && p->nnums == 0 && v->u.b != p->boolean;
		return false;
	default:
		return false;
	}
}

static bool
truthy(const vd_val *v)
{
	switch (v->kind) {
	case VD_VAL_BOOL: return v->u.b;
	case VD_VAL_INT: return v->u.i != 0;
	case VD_VAL_STR: return v->n > 0;
	case VD_VAL_LIST: return v->n > 0;
	default: return false;
	}
}

/* ---- explanation ------------------------------------------------------- */

static void
render_val(vd_buf *b, const vd_val *v)
{
	uint32_t i;

	if (v == NULL) {
		vd__buf_puts(b, "(absent)");
		return;
	}
	switch (v->kind) {
	case VD_VAL_STR:
		vd__buf_put_json_string(b, v->u.s, v->n > 200 ? 200 : v->n);
		if (v->n > 200)
			vd__buf_puts(b, "...");
		break;
	case VD_VAL_INT:
		vd__buf_printf(b, "%" PRId64, v->u.i);
		break;
	case VD_VAL_BOOL:
		vd__buf_puts(b, v->u.b ? "true" : "false");
		break;
	case VD_VAL_LIST:
		vd__buf_putc(b, '[');
		for (i = 0; i < v->n && i < 8; i++) {
			if (i)
				vd__buf_puts(b, ", ");
			render_val(b, &v->u.items[i]);
		}
		if (v->n > 8)
			vd__buf_printf(b, ", ... %u more", v->n - 8);
		vd__buf_putc(b, ']');
		break;
	default:
		vd__buf_puts(b, "(absent)");
	}
}

static void
trace_push(evalctx *x, vd_trace_type type, int result, const vd_pred *p,
	const vd_exception *e, const char *seen, const char *note)
{
	vd_trace t;

	memset(&t, 0, sizeof(t));
	t.type = (uint8_t)type;
	t.clause = x->clause;
	t.result = (int8_t)result;
	t.scope = x->scope;
	t.policy = x->policy;
	t.pred = p;
	t.exception = e;
	t.seen = seen;
	t.note = note;
	vd_vec_push(&x->trace->trace, t);
}

static void
trace_cmp(evalctx *x, const vd_pred *p, const vd_val *v, bool r)
{
	vd_buf b = VD_BUF_INIT;
	const char *name = p->field == VD_FIELD_INPUT ?
		vd__arena_printf(&x->trace->arena, "input.%s", p->input_key) : vd__fields[p->field].name;
	const char *note = NULL;

	vd__buf_printf(&b, "%s = ", name);
	render_val(&b, v);
	if (p->group != VD_GROUP_NONE && x->ev->n[p->group] > 1)
		note = vd__arena_printf(&x->trace->arena, "%s %u of %u",
			p->group == VD_GROUP_CMD ? "command" : "file",
			x->bind[p->group] + 1, x->ev->n[p->group]);
	trace_push(x, VD_TRACE_CMP, r, p, NULL,
		vd__arena_strndup(&x->trace->arena, vd__buf_cstr(&b), b.size), note);
	vd_buf_dispose(&b);
}

/* ---- predicates ----------------------------------------------------------- */

static bool
eval_pred(evalctx *x, const vd_pred *p)
{
	vd_val scratch;
	const vd_val *v;
	bool r;

	switch (p->op) {
	case VD_P_AND:
		return eval_pred(x, p->a) && eval_pred(x, p->b);
	case VD_P_OR:
		return eval_pred(x, p->a) || eval_pred(x, p->b);
	case VD_P_NOT:
		return !eval_pred(x, p->a);
	case VD_P_TRUTH:
		v = fetch(x, p, &scratch);
		r = v != NULL && truthy(v);
		break;
	default:
		v = fetch(x, p, &scratch);
		r = v != NULL && compare(x, p, v);
		break;
	}
	if (VD_UNLIKELY(x->trace != NULL))
		trace_cmp(x, p, v, r);
	return r;
}

/* ---- policies -------------------------------------------------------------- */

static bool
clause(evalctx *x, const vd_pred *p, vd_clause which)
{
	bool r;

	x->clause = (uint8_t)which;
	r = eval_pred(x, p);
	if (VD_UNLIKELY(x->trace != NULL))
		trace_push(x, VD_TRACE_CLAUSE, r, p, NULL, NULL, NULL);
	return r;
}

static const vd_exception *
find_exception(evalctx *x, const vd_ruleset *rs, const vd_policy *pol, time_t now)
{
	uint32_t k, n = rs->nexceptions_of[pol->index];

	for (k = 0; k < n; k++) {
		const vd_exception *e = rs->exceptions_of[pol->index][k];
		bool held;

		if (e->expires_at && (int64_t)now >= e->expires_at) {
			if (x->trace)
				trace_push(x, VD_TRACE_CLAUSE, 0, NULL, e, NULL,
					vd__arena_printf(&x->trace->arena, "expired at the end of %s", e->expires));
			continue;
		}
		x->clause = VD_CLAUSE_EXCEPTION;
		held = e->when == NULL || eval_pred(x, e->when);
		if (x->trace)
			trace_push(x, VD_TRACE_CLAUSE, held, e->when, e, NULL, NULL);
		if (held)
			return e;
	}
	return NULL;
}

static uint32_t
span(const vd_event *ev, uint32_t groups, vd_group g)
{
	if (!(groups & (1u << g)) || ev->n[g] == 0)
		return 1;
	return ev->n[g];
}

/* 0: no match; 1: match; 2: matched but excepted (*exc set). Binding in x->bind. */
static int
policy_match(evalctx *x, const vd_ruleset *rs, const vd_policy *pol, time_t now,
	const vd_exception **exc)
{
	uint32_t ncmd = span(x->ev, pol->groups, VD_GROUP_CMD);
	uint32_t nfile = span(x->ev, pol->groups, VD_GROUP_FILE);
	uint32_t i, j, saved[VD_GROUP__COUNT];
	const vd_exception *first = NULL;

	for (i = 0; i < ncmd; i++) {
		for (j = 0; j < nfile; j++) {
			const vd_exception *e;

			x->bind[VD_GROUP_CMD] = i;
			x->bind[VD_GROUP_FILE] = j;
			x->witness = NULL;
			if (!clause(x, pol->when, VD_CLAUSE_WHEN))
				continue;
			if (pol->unless && clause(x, pol->unless, VD_CLAUSE_UNLESS))
				continue;
			if (rs->nexceptions_of[pol->index] == 0 ||
			    (e = find_exception(x, rs, pol, now)) == NULL)
				return 1;
			if (first == NULL) {
				first = e;
				memcpy(saved, x->bind, sizeof(saved));
			}
		}
	}
	if (first) {
		memcpy(x->bind, saved, sizeof(saved));
		*exc = first;
		return 2;
	}
	return 0;
}

/* The value of a field for a message: the bound element, or the witness. */
static void
message_value(evalctx *x, vd_buf *b, int field, const char *input_key)
{
	vd_val scratch;
	const vd_val *v;
	vd_pred fake;

	memset(&fake, 0, sizeof(fake));
	fake.field = (uint16_t)field;
	fake.group = field == VD_FIELD_INPUT ? VD_GROUP_NONE : (uint8_t)vd__fields[field].group;
	fake.input_key = input_key;
	v = fetch(x, &fake, &scratch);
	if (v == NULL)
		return;
	switch (v->kind) {
	case VD_VAL_STR:
		vd__buf_put(b, v->u.s, v->n);
		break;
	case VD_VAL_INT:
		vd__buf_printf(b, "%" PRId64, v->u.i);
		break;
	case VD_VAL_BOOL:
		vd__buf_puts(b, v->u.b ? "true" : "false");
		break;
	case VD_VAL_LIST:
		if (x->witness) {
			vd__buf_puts(b, x->witness);
		} else {
			uint32_t i;

			for (i = 0; i < v->n; i++) {
				if (i)
					vd__buf_puts(b, ", ");
				vd__buf_put(b, v->u.items[i].u.s, v->u.items[i].n);
			}
		}
		break;
	}
}

static const char *
element_of(evalctx *x, const vd_policy *pol)
{
	const vd_val *col;

	if (pol->groups & (1u << VD_GROUP_FILE)) {
		col = &x->ev->f[VD_FIELD_FILES_PATH];
		if (col->kind == VD_VAL_COL && x->bind[VD_GROUP_FILE] < col->n &&
		    col->u.items[x->bind[VD_GROUP_FILE]].kind == VD_VAL_STR)
			return col->u.items[x->bind[VD_GROUP_FILE]].u.s;
	}
	if (pol->groups & (1u << VD_GROUP_CMD)) {
		col = &x->ev->f[VD_FIELD_COMMAND];
		if (col->kind == VD_VAL_COL && x->bind[VD_GROUP_CMD] < col->n &&
		    col->u.items[x->bind[VD_GROUP_CMD]].kind == VD_VAL_STR)
			return col->u.items[x->bind[VD_GROUP_CMD]].u.s;
	}
	return x->witness;
}

static const char *
render_message(evalctx *x, vd_verdict *v, const vd_policy *pol, const char *element)
{
	vd_buf b = VD_BUF_INIT;
	const char *r;
	uint32_t i;

	vd__buf_printf(&b, "[%s] %s", pol->id, v->action);
	if (pol->message.nparts == 0) {
		if (v->subject)
			vd__buf_printf(&b, ": %s", v->subject);
		if (element && (v->subject == NULL || strcmp(element, v->subject) != 0))
			vd__buf_printf(&b, " (%s)", element);
		vd__buf_puts(&b, " matched this policy");
	} else {
		vd__buf_puts(&b, ": ");
		for (i = 0; i < pol->message.nparts; i++) {
			const vd_msg_part *part = &pol->message.parts[i];

			vd__buf_puts(&b, part->literal);
			if (part->field >= 0)
				message_value(x, &b, part->field, part->input_key);
		}
	}
	r = vd__arena_strndup(&v->arena, vd__buf_cstr(&b), b.size);
	vd_buf_dispose(&b);
	return r;
}

static vd_verdict_kind
contribution(vd_mode mode, vd_mode severity)
{
	if (mode == VD_MODE_OBSERVE)
		return VD_PASS;
	/* A rung above the severity (a ramp promoting a warn-only policy) caps at it. */
	return (vd_verdict_kind)(mode < severity ? mode : severity);
}

/* Judge one policy; on a match, append it to the verdict. */
static void
judge_policy(evalctx *x, vd_verdict *v, const vd_ruleset *rs, const vd_policy *pol,
	const vd_eval_params *p)
{
	const vd_event *ev = x->ev;
	const vd_exception *exc = NULL;
	vd_match m;
	vd_mode mode;
	int r;

	x->policy = pol;
	if (x->trace)
		trace_push(x, VD_TRACE_POLICY, 1, NULL, NULL, NULL, NULL);
	r = policy_match(x, rs, pol, p->now, &exc);
	if (r == 0) {
		if (x->trace)
			trace_push(x, VD_TRACE_RESULT, 0, NULL, NULL, NULL, NULL);
		return;
	}
	mode = p->simulate_block ? pol->severity : pol->effective;
	memset(&m, 0, sizeof(m));
	m.policy = pol->id;
	m.pack = pol->pack;
	m.risk = pol->risk;
	m.mode = mode;
	m.severity = pol->severity;
	m.would = (vd_verdict_kind)pol->severity;
	m.verdict = exc ? VD_PASS : contribution(mode, pol->severity);
	if (exc)
		m.would = VD_PASS;
	m.scope = v->scopes.ptr[x->scope].name;
	m.ref = v->scopes.ptr[x->scope].ref;
	m.commit = v->scopes.ptr[x->scope].commit;
	/* An implied action names the command it comes from. */
	m.element = ev->origin ? ev->origin : element_of(x, pol);
	if (m.element)
		m.element = vd__arena_strdup(&v->arena, m.element);
	m.message = render_message(x, v, pol, m.element);
	/* A policy's own message about a path still names the command behind it. */
	if (ev->origin && pol->message.nparts)
		m.message = vd__arena_printf(&v->arena, "%s (from: %s)", m.message, ev->origin);
	m.exception = exc ? exc->id : NULL;
	m.action = v->action;
	vd_vec_push(&v->matches, m);
	if (x->trace)
		trace_push(x, VD_TRACE_RESULT, 1, NULL, exc, NULL, vd_verdict_name(m.verdict));
}

/* Judge one event (the given one, or one it implies) against the rule set. */
static void
judge_event(vd_verdict *v, evalctx *x, const vd_ruleset *rs, const vd_event *ev,
	const vd_eval_params *p)
{
	vd_policy *const *list;
	uint32_t n, i;

	x->ev = ev;
	if (p->naive) {
		/* The reference: every policy, filtered by action here, no index. */
		list = rs->ir.policies.ptr;
		n = (uint32_t)rs->ir.policies.len;
		for (i = 0; i < n; i++)
			if (list[i]->actions & (1ull << ev->action))
				judge_policy(x, v, rs, list[i], p);
		return;
	}
	list = rs->by_action[ev->action];
	n = rs->nby_action[ev->action];
	if (x->trace) {
		/* An explanation shows every policy of the action, not only candidates. */
		for (i = 0; i < n; i++)
			judge_policy(x, v, rs, list[i], p);
		return;
	}
	vd__index_ready(&rs->index, ev->action);
	{
		const vd_action_index *ai = &rs->index.by_action[ev->action];
		uint64_t stack_bits[16], *bits = stack_bits, own[VD_FIELD_WORDS];
		const uint64_t *present = ev->present;
		uint32_t w;

		/*
		 * An event always has its action: no action bit means an event
		 * built without vd__event_present(); never skip policies on that.
		 */
		if (!(present[VD_FIELD_ACTION / 64] & (1ull << (VD_FIELD_ACTION % 64)))) {
			vd__event_present(ev, own);
			present = own;
		}
		if (ai->nwords > VD_ARRAY_SIZE(stack_bits))
			bits = vd__arena_alloc(&v->arena, ai->nwords * sizeof(uint64_t));
		vd__index_candidates(bits, &rs->index, ev);
		/* Candidates in position order: matches come out in source order. */
		for (w = 0; w < ai->nwords; w++) {
			uint64_t b = bits[w];

			while (b) {
				const vd_policy *pol = list[w * 64 + (uint32_t)__builtin_ctzll(b)];

				b &= b - 1;
				if (vd__index_has_needed(&rs->index, pol->index, present))
					judge_policy(x, v, rs, pol, p);
			}
		}
	}
}

/* A pattern from the compile cache that PCRE2 rejects: the cache is not ours. */
static int
broken_pattern(const evalctx *x)
{
	return vd__error_set(VD_ERROR,
		"a pattern of policy '%s' does not compile any more (%.60s); the compile cache is damaged: delete it (see `verdict --help`, VERDICT_CACHE)",
		x->policy ? x->policy->id : "?", x->broken->re_src ? x->broken->re_src : "");
}

/*
 * The event, then each file or URL action its command line implies (see
 * event.h), each with the policies of its own action.  While an implied
 * action is judged, the verdict's action and subject are that action's,
 * so messages read "file.write: /home/a/.bashrc (echo x > ~/.bashrc)".
 */
int
vd__eval_ruleset(vd_verdict *v, uint32_t scope, const vd_ruleset *rs,
	const vd_event *ev, const vd_eval_params *p)
{
	evalctx x;
	const char *action = v->action, *subject = v->subject;
	uint32_t k;

	memset(&x, 0, sizeof(x));
	x.rs = rs;
	x.md = v->md;
	x.scratch = &v->arena;
	x.trace = v->explain ? v : NULL;
	x.scope = scope;
	x.naive = p->naive;
	judge_event(v, &x, rs, ev, p);
	for (k = 0; k < ev->nimplied; k++) {
		const vd_event *d = &ev->implied[k];

		v->action = vd__action_names[d->action];
		v->subject = vd__event_subject(d, &v->arena);
		if (x.trace)
			trace_push(&x, VD_TRACE_IMPLIED, 1, NULL, NULL,
				vd__arena_printf(&v->arena, "%s %s", v->action, v->subject ? v->subject : ""),
				d->origin);
		judge_event(v, &x, rs, d, p);
	}
	v->action = action;
	v->subject = subject;
	return x.broken ? broken_pattern(&x) : 0;
}

int
vd__eval_one(vd_verdict *v, const vd_ruleset *rs, const vd_event *ev,
	const vd_eval_params *p, const char *scope)
{
	vd_scope_rec r;
	int rc;

	vd__verdict_reset(v);
	v->action = vd_event_action(ev);
	v->subject = vd__event_subject(ev, &v->arena);
	memset(&r, 0, sizeof(r));
	r.name = scope;
	r.kind = "pinned";
	r.ref = scope;
	r.commit = "0000000000000000000000000000000000000000";
	r.tree = r.commit;
	r.considered = rs->nby_action[ev->action];
	r.total = (uint32_t)rs->ir.policies.len;
	vd_vec_push(&v->scopes, r);
	rc = vd__eval_ruleset(v, 0, rs, ev, p);
	vd__eval_finish(v);
	return rc;
}

void
vd__eval_finish(vd_verdict *v)
{
	size_t i;

	v->verdict = VD_PASS;
	v->would = VD_PASS;
	for (i = 0; i < v->matches.len; i++) {
		if (v->matches.ptr[i].verdict > v->verdict)
			v->verdict = v->matches.ptr[i].verdict;
		if (v->matches.ptr[i].would > v->would)
			v->would = v->matches.ptr[i].would;
	}
	/* The effective verdict is never above the would verdict. */
	if (v->verdict > v->would)
		v->would = v->verdict;
}
