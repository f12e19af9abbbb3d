/*
 * cache.c - compiled rule sets written to disk and read back (cache.h).
 *
 * Layer: runtime.  The file is a header and a payload:
 *
 *   header   magic "VDRSET\r\n", format, engine id, tree id,
 *            payload length, checksum of the payload
 *   payload  a table of counts, then arrays of fixed-size records: the
 *            strings (offset and length into a block of NUL-terminated
 *            bytes), string references (runs of string indexes: the
 *            literals of a comparison, a list's elements), numbers,
 *            predicates (children before parents), settings, lists, ramp
 *            entries, message parts, policies, exceptions.  Records name
 *            each other by index; NONE (all ones) is NULL.  The
 *            records are laid out in cache.h.
 *
 * Loading is one pass over each array with no parsing: a hook judging one
 * event loads the set of the tree on every run.  Numbers are in this
 * machine's byte order: an entry is only ever read by the build that
 * wrote it (the engine id includes the byte order and word size).  Only
 * the IR is stored; the action index, exception coverage and guards are
 * derived again on load by the same code that derives them after a
 * compile (the guards of an action when an event of it first comes), and
 * patterns and `in` sets are built when first used.
 *
 * The decoder trusts nothing: each count is bounded by the bytes left,
 * each index by what was read before it and each predicate named by one
 * parent at most (so predicates form trees of bounded depth, never a cycle
 * or a shared operand), each enum by its range, each pointer the
 * evaluator will follow is checked present.  A damaged entry is an error
 * to the caller, which then compiles from the sources.
 */
#include "common.h"
#include "cache.h"
#include "buf.h"
#include "engine_id.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "VDRSET\r\n"
#define FORMAT 3
#define NONE UINT32_MAX
#define ID_LEN 40
#define TREE_LEN 48
#define MAX_FILE (512u * 1024 * 1024)
/*
 * Predicates nest VD_MAX_NESTING levels, and each level's and/or chain is a
 * balanced tree (dsl/lower.c) of at most ~20 levels for a 1 MiB file.
 */
#define MAX_PRED_DEPTH ((VD_MAX_NESTING + 1) * 32)
/* The characters of vd_cache_pred.lit_anchors, by vd_lit_anchor. */
#define ANCHOR_CHARS "-PSE"

typedef struct {
	char magic[8];
	uint32_t format;
	uint32_t reserved;
	char engine[ID_LEN];
	char tree[TREE_LEN];
	uint64_t payload;
	uint64_t sum;
} header;

_Static_assert(sizeof(header) == VD_CACHE_HEADER_SIZE, "cache.h names the header size");

/* ---- checksum and engine id ---------------------------------------- */

/*
 * A 64-bit multiply-xorshift over 8-byte words, in four interleaved lanes
 * (so the multiplies overlap; an entry is half a megabyte at 1,000
 * policies).  Not cryptographic: it catches torn writes, truncation and
 * flipped bits (each step is a bijection of its lane, and lanes are
 * combined by steps that are bijections too, so a change to one word
 * always shows).
 */
static uint64_t
mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 32);
}

static uint64_t
checksum(const uint8_t *p, size_t n)
{
	uint64_t h = 0x243F6A8885A308D3ull ^ (uint64_t)n, w, l[4];
	int i;

	for (i = 0; i < 4; i++)
		l[i] = h + (uint64_t)i;
	for (; n >= 32; p += 32, n -= 32)
		for (i = 0; i < 4; i++) {
			memcpy(&w, p + 8 * i, 8);
			l[i] = mix(l[i], w);
		}
	for (i = 0; i < 4; i++)
		h = mix(h, l[i]);
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = mix(h, w);
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

void
vd__cache_seal(uint8_t *data, size_t len)
{
	header h;

	if (len < sizeof(h))
		return;
	memcpy(&h, data, sizeof(h));
	h.sum = checksum(data + sizeof(h), len - sizeof(h));
	memcpy(data, &h, sizeof(h));
}

/* Fold a string (and its end) into a running hash. */
static uint64_t
mix_str(uint64_t h, const char *s)
{
	return mix(h, checksum((const uint8_t *)s, strlen(s)));
}

const char *
vd__cache_engine_id(void)
{
	static char id[ID_LEN];
	char pcre[64] = "";
	uint32_t one = 1;
	uint64_t h;
	int i;

	if (id[0])
		return id;
	/* What the payload's meaning depends on besides the sources. */
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	h = mix(0, sizeof(void *));
	h = mix(h, sizeof(vd_pred));
	h = mix(h, *(uint8_t *)&one);
	h = mix_str(h, pcre);
	h = mix(h, VD_FIELD__COUNT);
	h = mix(h, VD_ACTION__COUNT);
	for (i = 0; i < VD_FIELD__COUNT; i++) {
		h = mix_str(h, vd__fields[i].name);
		h = mix(h, (uint64_t)vd__fields[i].kind << 32 | (uint32_t)vd__fields[i].group);
	}
	for (i = 0; i < VD_ACTION__COUNT; i++)
		h = mix_str(h, vd__action_names[i]);
	snprintf(id, sizeof(id), "%s-%08" PRIx32, VD_ENGINE_SOURCES_ID, (uint32_t)(h ^ (h >> 32)));
	return id;
}

bool
vd__cache_dir(char *out, size_t n, const char *gitdir)
{
	const char *env = getenv("VERDICT_CACHE");
	int r;

	if (env && (strcmp(env, "off") == 0 || strcmp(env, "0") == 0 || strcmp(env, "no") == 0))
		return false;
	if (env && *env)
		r = snprintf(out, n, "%s", env);
	else if (gitdir && *gitdir)
		r = snprintf(out, n, "%s%sverdict/cache", gitdir,
			gitdir[strlen(gitdir) - 1] == '/' ? "" : "/");
	else
		return false;
	return r > 0 && (size_t)r < n;
}

/* The records of the payload are in cache.h. */


/* ---- encoding ------------------------------------------------------ */

typedef struct {
	vd_buf bytes;            /* the strings, each NUL-terminated */
	vd_vec(vd_cache_str) strs;
	vd_strmap seen;          /* string -> 1 + index (keys are not copied) */
	vd_arena tmp;            /* strings made here, alive as long as `seen` */
	vd_vec(uint32_t) refs;
	vd_vec(int64_t) nums;
	vd_vec(vd_cache_pred) preds;
	vd_vec(vd_cache_setting) settings;
	vd_vec(vd_cache_list) lists;
	vd_vec(vd_cache_ramp) ramp;
	vd_vec(vd_cache_part) parts;
	vd_vec(vd_cache_policy) policies;
	vd_vec(vd_cache_exception) exceptions;
} enc;

static void
put(vd_buf *b, const void *p, size_t n)
{
	if (n)
		vd__buf_put(b, p, n);
}

static uint32_t
put_strn(enc *e, const char *s, size_t len)
{
	uintptr_t k;

	if (s == NULL)
		return NONE;
	if ((k = (uintptr_t)vd__strmap_get(&e->seen, s, len)) == 0) {
		vd_cache_str r;

		r.off = (uint32_t)e->bytes.size;
		r.len = (uint32_t)len;
		put(&e->bytes, s, len);
		put(&e->bytes, "", 1);
		vd_vec_push(&e->strs, r);
		k = e->strs.len;
		vd__strmap_put(&e->seen, s, len, (void *)k);
	}
	return (uint32_t)(k - 1);
}

static uint32_t
put_str(enc *e, const char *s)
{
	return put_strn(e, s, s ? strlen(s) : 0);
}

static vd_cache_loc
put_loc(enc *e, const vd_loc *l)
{
	vd_cache_loc r;

	r.file = put_str(e, l->file);
	r.line = l->line;
	r.col = l->col;
	r.end_col = l->end_col;
	return r;
}

/* A run of string references: the index of its first. */
static uint32_t
put_strs(enc *e, const vd_str *v, uint32_t n)
{
	uint32_t start = (uint32_t)e->refs.len, i;

	for (i = 0; i < n; i++)
		vd_vec_push(&e->refs, put_strn(e, v[i].s, v[i].len));
	return start;
}

static uint32_t
put_nums(enc *e, const int64_t *v, uint32_t n)
{
	uint32_t start = (uint32_t)e->nums.len, i;

	for (i = 0; i < n; i++)
		vd_vec_push(&e->nums, v[i]);
	return start;
}

/* Children first: returns the predicate's index. */
static uint32_t
put_pred(enc *e, const vd_pred *p)
{
	vd_cache_pred r;

	if (p == NULL)
		return NONE;
	memset(&r, 0, sizeof(r));
	r.a = put_pred(e, p->a);
	r.b = put_pred(e, p->b);
	r.op = p->op;
	r.group = p->group;
	r.boolean = p->boolean;
	r.lits_ci = p->lits_ci;
	r.field = p->field;
	r.loc = put_loc(e, &p->loc);
	r.text = put_str(e, p->text);
	r.input_key = put_str(e, p->input_key);
	r.strs = put_strs(e, p->strs, p->nstrs);
	r.nstrs = p->nstrs;
	r.nums = put_nums(e, p->nums, p->nnums);
	r.nnums = p->nnums;
	r.num = p->num;
	r.re_src = put_strn(e, p->re_src, p->re_len);
	r.re_opts = p->re_opts;
	r.lits = put_strs(e, p->lits, p->nlits);
	r.nlits = p->nlits;
	r.lit_anchors = NONE;
	if (p->lit_anchor && p->nlits) {
		char *w = vd__arena_alloc(&e->tmp, p->nlits);
		uint32_t k;

		for (k = 0; k < p->nlits; k++)
			w[k] = ANCHOR_CHARS[p->lit_anchor[k] & 3];
		r.lit_anchors = put_strn(e, w, p->nlits);
	}
	vd_vec_push(&e->preds, r);
	return (uint32_t)(e->preds.len - 1);
}

void
vd__cache_encode(vd_buf *out, const vd_ruleset *rs, const char *tree_hex)
{
	const vd_ir *ir = &rs->ir;
	vd_cache_counts c;
	enc e;
	header h;
	size_t i, k, start;

	memset(&e, 0, sizeof(e));
	for (i = 0; i < ir->settings.len; i++) {
		vd_cache_setting r;

		memset(&r, 0, sizeof(r));
		r.name = put_str(&e, ir->settings.ptr[i].name);
		r.value = put_str(&e, ir->settings.ptr[i].value);
		r.loc = put_loc(&e, &ir->settings.ptr[i].loc);
		vd_vec_push(&e.settings, r);
	}
	for (i = 0; i < ir->lists.len; i++) {
		const vd_list *l = ir->lists.ptr[i];
		vd_cache_list r;

		memset(&r, 0, sizeof(r));
		r.name = put_str(&e, l->name);
		r.loc = put_loc(&e, &l->loc);
		r.strs = put_strs(&e, l->strs, l->nstrs);
		r.nstrs = l->nstrs;
		r.nums = put_nums(&e, l->nums, l->nnums);
		r.nnums = l->nnums;
		vd_vec_push(&e.lists, r);
	}
	for (i = 0; i < ir->ramp.len; i++) {
		vd_cache_ramp r;

		memset(&r, 0, sizeof(r));
		r.target = put_str(&e, ir->ramp.ptr[i].target);
		r.mode = (uint32_t)ir->ramp.ptr[i].mode;
		r.loc = put_loc(&e, &ir->ramp.ptr[i].loc);
		vd_vec_push(&e.ramp, r);
	}
	for (i = 0; i < ir->policies.len; i++) {
		const vd_policy *p = ir->policies.ptr[i];
		vd_cache_policy r;

		memset(&r, 0, sizeof(r));
		r.id = put_str(&e, p->id);
		r.pack = put_str(&e, p->pack);
		r.loc = put_loc(&e, &p->loc);
		r.risk = put_str(&e, p->risk);
		r.mode = p->mode;
		r.severity = (uint8_t)p->severity;
		r.actions = p->actions;
		r.when = put_pred(&e, p->when);
		r.unless = put_pred(&e, p->unless);
		r.parts = (uint32_t)e.parts.len;
		r.nparts = p->message.nparts;
		for (k = 0; k < p->message.nparts; k++) {
			vd_cache_part m;

			m.literal = put_str(&e, p->message.parts[k].literal);
			m.field = p->message.parts[k].field;
			m.input_key = put_str(&e, p->message.parts[k].input_key);
			vd_vec_push(&e.parts, m);
		}
		r.groups = p->groups;
		r.effective = (uint8_t)p->effective;
		r.mode_source = put_str(&e, p->mode_source);
		vd_vec_push(&e.policies, r);
	}
	for (i = 0; i < ir->exceptions.len; i++) {
		const vd_exception *x = ir->exceptions.ptr[i];
		vd_cache_exception r;

		memset(&r, 0, sizeof(r));
		r.id = put_str(&e, x->id);
		r.pack = put_str(&e, x->pack);
		r.loc = put_loc(&e, &x->loc);
		r.patterns = put_strs(&e, x->patterns, x->npatterns);
		r.npatterns = x->npatterns;
		r.when = put_pred(&e, x->when);
		r.groups = x->groups;
		r.reason = put_str(&e, x->reason);
		r.owner = put_str(&e, x->owner);
		r.expires = put_str(&e, x->expires);
		r.expires_at = x->expires_at;
		vd_vec_push(&e.exceptions, r);
	}

	memset(&c, 0, sizeof(c));
	c.nstrs = (uint32_t)e.strs.len;
	c.nbytes = (uint32_t)e.bytes.size;
	c.nrefs = (uint32_t)e.refs.len;
	c.nnums = (uint32_t)e.nums.len;
	c.npreds = (uint32_t)e.preds.len;
	c.nsettings = (uint32_t)e.settings.len;
	c.nlists = (uint32_t)e.lists.len;
	c.nramp = (uint32_t)e.ramp.len;
	c.nparts = (uint32_t)e.parts.len;
	c.npolicies = (uint32_t)e.policies.len;
	c.nexceptions = (uint32_t)e.exceptions.len;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.format = FORMAT;
	snprintf(h.engine, sizeof(h.engine), "%s", vd__cache_engine_id());
	snprintf(h.tree, sizeof(h.tree), "%s", tree_hex);
	put(out, &h, sizeof(h));
	start = out->size;
	put(out, &c, sizeof(c));
	put(out, e.strs.ptr, e.strs.len * sizeof(vd_cache_str));
	put(out, e.bytes.ptr, e.bytes.size);
	put(out, e.refs.ptr, e.refs.len * sizeof(uint32_t));
	put(out, e.nums.ptr, e.nums.len * sizeof(int64_t));
	put(out, e.preds.ptr, e.preds.len * sizeof(vd_cache_pred));
	put(out, e.settings.ptr, e.settings.len * sizeof(vd_cache_setting));
	put(out, e.lists.ptr, e.lists.len * sizeof(vd_cache_list));
	put(out, e.ramp.ptr, e.ramp.len * sizeof(vd_cache_ramp));
	put(out, e.parts.ptr, e.parts.len * sizeof(vd_cache_part));
	put(out, e.policies.ptr, e.policies.len * sizeof(vd_cache_policy));
	put(out, e.exceptions.ptr, e.exceptions.len * sizeof(vd_cache_exception));
	/* The header went in first; fill in what only the payload tells. */
	h.payload = out->size - start;
	h.sum = checksum((const uint8_t *)out->ptr + start, out->size - start);
	memcpy(out->ptr + start - sizeof(h), &h, sizeof(h));
	vd_buf_dispose(&e.bytes);
	vd_vec_dispose(&e.strs);
	vd__strmap_dispose(&e.seen);
	vd__arena_dispose(&e.tmp);
	vd_vec_dispose(&e.refs);
	vd_vec_dispose(&e.nums);
	vd_vec_dispose(&e.preds);
	vd_vec_dispose(&e.settings);
	vd_vec_dispose(&e.lists);
	vd_vec_dispose(&e.ramp);
	vd_vec_dispose(&e.parts);
	vd_vec_dispose(&e.policies);
	vd_vec_dispose(&e.exceptions);
}

/* ---- decoding ------------------------------------------------------ */

typedef struct {
	const uint8_t *p, *end;
	bool bad;
	const char *why;         /* the first problem, for debugging */
	vd_ir *ir;
	vd_cache_counts c;
	vd_str *strs;            /* by string index */
	vd_str *refs;            /* the string references, resolved */
	int64_t *nums;
	vd_pred *preds;
	uint16_t *depth;
	uint8_t *used;           /* by predicate index: already some record's operand */
	vd_msg_part *parts;
} dec;

static bool
fail(dec *d, const char *why)
{
	if (!d->bad)
		d->why = why;
	d->bad = true;
	return false;
}

/* The next `count` records of `size` bytes, never past the end. */
static const uint8_t *
take(dec *d, uint32_t count, size_t size)
{
	const uint8_t *at = d->p;

	if (d->bad)
		return NULL;
	if ((size_t)count > (size_t)(d->end - d->p) / size) {
		fail(d, "count larger than the file");
		return NULL;
	}
	d->p += (size_t)count * size;
	return at;
}

/* String `i`: NULL for NONE (an error when required). */
static const char *
str_at(dec *d, uint32_t i, uint32_t *len, bool required)
{
	if (len)
		*len = 0;
	if (i == NONE) {
		if (required)
			fail(d, "missing string");
		return NULL;
	}
	if (i >= d->c.nstrs) {
		fail(d, "string index out of range");
		return NULL;
	}
	if (len)
		*len = d->strs[i].len;
	return d->strs[i].s;
}

static vd_loc
loc_at(dec *d, const vd_cache_loc *r)
{
	vd_loc l;

	l.file = str_at(d, r->file, NULL, true);
	l.line = r->line;
	l.col = r->col;
	l.end_col = r->end_col;
	return l;
}

/* A run of `n` string references from `start`; `nonempty`: no "" among them. */
static const vd_str *
refs_at(dec *d, uint32_t start, uint32_t n, bool nonempty)
{
	uint32_t k;

	if (start > d->c.nrefs || n > d->c.nrefs - start) {
		fail(d, "string list out of range");
		return d->refs;
	}
	if (nonempty)
		for (k = 0; k < n; k++)
			if (d->refs[start + k].len == 0)
				fail(d, "empty literal");
	return d->refs + start;
}

static const int64_t *
nums_at(dec *d, uint32_t start, uint32_t n)
{
	if (start > d->c.nnums || n > d->c.nnums - start) {
		fail(d, "number list out of range");
		return d->nums;
	}
	return d->nums + start;
}

/*
 * A predicate index read from a parent: NONE, or one read before it and
 * named by no other parent.  The encoder writes a record per use, so the
 * predicates form trees: a shared operand could make a chain of `and`s
 * cost two to the power of its depth.
 */
static vd_pred *
pred_ref(dec *d, uint32_t i, bool required, uint32_t before)
{
	if (i == NONE) {
		if (required)
			fail(d, "missing condition");
		return NULL;
	}
	if (i >= before) {
		fail(d, "condition index out of order");
		return NULL;
	}
	if (d->used[i]) {
		fail(d, "condition used twice");
		return NULL;
	}
	d->used[i] = 1;
	return &d->preds[i];
}

/*
 * The anchors of a predicate's literals: NULL for none, else one valid
 * kind per literal, and only on a glob's case-sensitive literals (the
 * evaluator compares anchored literals byte for byte).
 */
static const uint8_t *
anchors_at(dec *d, const vd_cache_pred *r)
{
	uint32_t len, k;
	const char *s = str_at(d, r->lit_anchors, &len, false), *kind;
	uint8_t *w;

	if (s == NULL)
		return NULL;
	if (len != r->nlits || len == 0 || r->op != VD_P_GLOB || r->lits_ci) {
		fail(d, "literal anchors do not fit the literals");
		return NULL;
	}
	w = vd__arena_alloc(&d->ir->arena, len);
	for (k = 0; k < len; k++) {
		if (s[k] == '\0' || (kind = strchr(ANCHOR_CHARS, s[k])) == NULL) {
			fail(d, "unknown literal anchor");
			return NULL;
		}
		w[k] = (uint8_t)(kind - ANCHOR_CHARS);
	}
	return w;
}

static void
get_pred(dec *d, const uint8_t *at, uint32_t self)
{
	vd_pred *p = &d->preds[self];
	vd_cache_pred r;
	bool leaf;

	memcpy(&r, at, sizeof(r));
	/* Every field is set here: the array is not zeroed first (it is large). */
	p->set = NULL;
	p->re = NULL;
	p->re_opts = 0;
	p->re_uses = 0;
	p->re_jit = false;
	p->a = p->b = NULL;
	p->op = r.op;
	p->group = r.group;
	p->field = (uint16_t)r.field;
	p->loc = loc_at(d, &r.loc);
	p->text = str_at(d, r.text, NULL, false);
	p->input_key = str_at(d, r.input_key, NULL, false);
	p->strs = refs_at(d, r.strs, r.nstrs, false);
	p->nstrs = r.nstrs;
	p->nums = nums_at(d, r.nums, r.nnums);
	p->nnums = r.nnums;
	p->num = r.num;
	p->boolean = r.boolean != 0;
	p->re_src = str_at(d, r.re_src, &p->re_len, false);
	p->lits = refs_at(d, r.lits, r.nlits, true);
	p->nlits = r.nlits;
	p->lits_ci = r.lits_ci != 0;
	p->lit_anchor = anchors_at(d, &r);
	if (d->bad)
		return;
	if (p->op > VD_P_GE)
		return (void)fail(d, "unknown operator");
	leaf = p->op != VD_P_AND && p->op != VD_P_OR && p->op != VD_P_NOT;
	p->a = pred_ref(d, r.a, !leaf, self);
	p->b = pred_ref(d, r.b, p->op == VD_P_AND || p->op == VD_P_OR, self);
	if (d->bad)
		return;
	if ((p->op == VD_P_NOT && p->b) || (leaf && (p->a || p->b)))
		return (void)fail(d, "operands of the wrong arity");
	d->depth[self] = 1;
	if (p->a)
		d->depth[self] = (uint16_t)(d->depth[r.a] + 1);
	if (p->b && d->depth[r.b] + 1 > d->depth[self])
		d->depth[self] = (uint16_t)(d->depth[r.b] + 1);
	if (d->depth[self] > MAX_PRED_DEPTH)
		return (void)fail(d, "conditions nested too deep");
	if (!leaf)
		return;
	if (r.field > VD_FIELD_INPUT || p->group >= VD_GROUP__COUNT)
		return (void)fail(d, "unknown field");
	if (p->field == VD_FIELD_INPUT ? (p->input_key == NULL || p->group != VD_GROUP_NONE) :
	    p->group != (uint8_t)vd__fields[p->field].group)
		return (void)fail(d, "field and group disagree");
	if (p->op == VD_P_GLOB || p->op == VD_P_REGEX) {
		if (p->re_src == NULL || (r.re_opts != VD_REGEX_OPTIONS && r.re_opts != VD_GLOB_OPTIONS))
			return (void)fail(d, "pattern without source");
		p->re_opts = r.re_opts;
	} else if (p->nlits) {
		return (void)fail(d, "literals without a pattern");
	}
	/* `in` sets are built by the evaluator when first needed (eval.c). */
}

static bool
valid_mode(uint32_t m)
{
	return m <= VD_MODE_BLOCK;
}

static void
get_part(dec *d, const uint8_t *at, vd_msg_part *m)
{
	vd_cache_part r;

	memcpy(&r, at, sizeof(r));
	m->literal = str_at(d, r.literal, NULL, true);
	m->field = r.field;
	m->input_key = str_at(d, r.input_key, NULL, false);
	if (m->field < -1 || m->field > VD_FIELD_INPUT ||
	    (m->field == VD_FIELD_INPUT && m->input_key == NULL))
		fail(d, "message names an unknown field");
}

static void
get_policy(dec *d, const uint8_t *at, vd_policy *p)
{
	vd_cache_policy r;

	memcpy(&r, at, sizeof(r));
	p->id = str_at(d, r.id, NULL, true);
	p->pack = str_at(d, r.pack, NULL, true);
	p->loc = loc_at(d, &r.loc);
	p->risk = str_at(d, r.risk, NULL, false);
	p->when = pred_ref(d, r.when, true, d->c.npreds);
	p->unless = pred_ref(d, r.unless, false, d->c.npreds);
	if (r.parts > d->c.nparts || r.nparts > d->c.nparts - r.parts)
		fail(d, "message out of range");
	else
		p->message.parts = d->parts + r.parts;
	p->message.nparts = r.nparts;
	p->groups = r.groups;
	p->mode_source = str_at(d, r.mode_source, NULL, true);
	if (d->bad)
		return;
	if ((r.mode != VD_MODE_UNSET && !valid_mode((uint32_t)r.mode)) || !valid_mode(r.severity) ||
	    !valid_mode(r.effective))
		return (void)fail(d, "unknown mode");
	if (VD_ACTION__COUNT < 64 && (r.actions >> VD_ACTION__COUNT) != 0)
		return (void)fail(d, "unknown action");
	if (p->groups >> VD_GROUP__COUNT)
		return (void)fail(d, "unknown group");
	p->actions = r.actions;
	p->mode = r.mode;
	p->severity = (vd_mode)r.severity;
	p->effective = (vd_mode)r.effective;
	vd_vec_push(&d->ir->policies, p);
}

static void
get_exception(dec *d, const uint8_t *at)
{
	vd_exception *x = vd__arena_calloc(&d->ir->arena, 1, sizeof(*x));
	vd_cache_exception r;

	memcpy(&r, at, sizeof(r));
	x->id = str_at(d, r.id, NULL, true);
	x->pack = str_at(d, r.pack, NULL, true);
	x->loc = loc_at(d, &r.loc);
	x->patterns = refs_at(d, r.patterns, r.npatterns, false);
	x->npatterns = r.npatterns;
	x->when = pred_ref(d, r.when, false, d->c.npreds);
	x->groups = r.groups;
	x->reason = str_at(d, r.reason, NULL, false);
	x->owner = str_at(d, r.owner, NULL, false);
	x->expires = str_at(d, r.expires, NULL, false);
	x->expires_at = r.expires_at;
	if (d->bad)
		return;
	if (x->npatterns == 0)
		return (void)fail(d, "exception without patterns");
	if (x->groups >> VD_GROUP__COUNT)
		return (void)fail(d, "unknown group");
	{
		/* Which policies it covers is derived again from its globs. */
		const char **globs = vd__calloc(x->npatterns, sizeof(char *));
		uint32_t *lens = vd__calloc(x->npatterns, sizeof(uint32_t)), k;
		char err[128];
		size_t off;

		for (k = 0; k < x->npatterns; k++) {
			globs[k] = x->patterns[k].s;
			lens[k] = x->patterns[k].len;
		}
		x->policies_re = vd__glob_compile(globs, lens, x->npatterns, false, err, sizeof(err), &off);
		vd__free(globs);
		vd__free(lens);
		if (x->policies_re == NULL)
			return (void)fail(d, "exception pattern does not compile");
		vd_vec_push(&d->ir->patterns, x->policies_re);
	}
	vd_vec_push(&d->ir->exceptions, x);
}

/* The strings (copied once, into the rule set's arena) and the references to them. */
static void
get_strings(dec *d)
{
	const uint8_t *tab = take(d, d->c.nstrs, sizeof(vd_cache_str));
	const uint8_t *bytes = take(d, d->c.nbytes, 1);
	const uint8_t *refs = take(d, d->c.nrefs, sizeof(uint32_t));
	char *copy;
	uint32_t i;

	if (d->bad)
		return;
	copy = vd__arena_alloc(&d->ir->arena, (size_t)d->c.nbytes + 1);
	memcpy(copy, bytes, d->c.nbytes);
	copy[d->c.nbytes] = '\0';
	d->strs = vd__arena_alloc(&d->ir->arena, sizeof(vd_str) * ((size_t)d->c.nstrs + 1));
	for (i = 0; i < d->c.nstrs; i++) {
		vd_cache_str r;

		memcpy(&r, tab + (size_t)i * sizeof(r), sizeof(r));
		/* Each string ends with its NUL inside the bytes. */
		if (r.off >= d->c.nbytes || r.len >= d->c.nbytes - r.off || copy[r.off + r.len] != '\0')
			return (void)fail(d, "string out of range");
		d->strs[i].s = copy + r.off;
		d->strs[i].len = r.len;
	}
	d->refs = vd__arena_alloc(&d->ir->arena, sizeof(vd_str) * ((size_t)d->c.nrefs + 1));
	for (i = 0; i < d->c.nrefs; i++) {
		uint32_t k;

		memcpy(&k, refs + (size_t)i * sizeof(k), sizeof(k));
		if (k >= d->c.nstrs)
			return (void)fail(d, "string index out of range");
		d->refs[i] = d->strs[k];
	}
}

int
vd__cache_decode(vd_ruleset **out, const uint8_t *data, size_t len,
	const char *tree_hex, bool check_sum)
{
	const uint8_t *at;
	header h;
	vd_ir ir;
	dec d;
	uint32_t i;

	*out = NULL;
	if (len < sizeof(h))
		return vd__error_set(VD_EINVALID, "compile cache entry: truncated header");
	memcpy(&h, data, sizeof(h));
	if (memcmp(h.magic, MAGIC, 8) != 0 || h.format != FORMAT)
		return vd__error_set(VD_EINVALID, "compile cache entry: not format %d", FORMAT);
	if (strncmp(h.engine, vd__cache_engine_id(), sizeof(h.engine)) != 0)
		return vd__error_set(VD_EINVALID, "compile cache entry: written by another engine build");
	if (strncmp(h.tree, tree_hex, sizeof(h.tree)) != 0)
		return vd__error_set(VD_EINVALID, "compile cache entry: for another tree");
	if (h.payload != len - sizeof(h))
		return vd__error_set(VD_EINVALID, "compile cache entry: truncated");
	if (check_sum && checksum(data + sizeof(h), len - sizeof(h)) != h.sum)
		return vd__error_set(VD_EINVALID, "compile cache entry: checksum mismatch");

	memset(&ir, 0, sizeof(ir));
	memset(&d, 0, sizeof(d));
	d.ir = &ir;
	d.p = data + sizeof(h);
	d.end = data + len;
	if ((at = take(&d, 1, sizeof(vd_cache_counts))) != NULL)
		memcpy(&d.c, at, sizeof(d.c));
	if (d.c.npolicies > VD_MAX_POLICIES)
		fail(&d, "too many policies");
	get_strings(&d);
	if ((at = take(&d, d.c.nnums, sizeof(int64_t))) != NULL) {
		d.nums = vd__arena_alloc(&ir.arena, sizeof(int64_t) * ((size_t)d.c.nnums + 1));
		memcpy(d.nums, at, sizeof(int64_t) * (size_t)d.c.nnums);
	}
	if ((at = take(&d, d.c.npreds, sizeof(vd_cache_pred))) != NULL) {
		d.preds = vd__arena_alloc(&ir.arena, sizeof(vd_pred) * ((size_t)d.c.npreds + 1));
		d.depth = vd__calloc((size_t)d.c.npreds + 1, sizeof(uint16_t));
		d.used = vd__calloc((size_t)d.c.npreds + 1, 1);
		for (i = 0; i < d.c.npreds && !d.bad; i++)
			get_pred(&d, at + (size_t)i * sizeof(vd_cache_pred), i);
	}
	if ((at = take(&d, d.c.nsettings, sizeof(vd_cache_setting))) != NULL)
		for (i = 0; i < d.c.nsettings && !d.bad; i++) {
			vd_cache_setting r;
			vd_setting st;

			memcpy(&r, at + (size_t)i * sizeof(r), sizeof(r));
			st.name = str_at(&d, r.name, NULL, true);
			st.value = str_at(&d, r.value, NULL, true);
			st.loc = loc_at(&d, &r.loc);
			vd_vec_push(&ir.settings, st);
		}
	if ((at = take(&d, d.c.nlists, sizeof(vd_cache_list))) != NULL)
		for (i = 0; i < d.c.nlists && !d.bad; i++) {
			vd_list *l = vd__arena_calloc(&ir.arena, 1, sizeof(*l));
			vd_cache_list r;

			memcpy(&r, at + (size_t)i * sizeof(r), sizeof(r));
			l->name = str_at(&d, r.name, NULL, true);
			l->loc = loc_at(&d, &r.loc);
			l->strs = refs_at(&d, r.strs, r.nstrs, false);
			l->nstrs = r.nstrs;
			l->nums = nums_at(&d, r.nums, r.nnums);
			l->nnums = r.nnums;
			vd_vec_push(&ir.lists, l);
		}
	if ((at = take(&d, d.c.nramp, sizeof(vd_cache_ramp))) != NULL)
		for (i = 0; i < d.c.nramp && !d.bad; i++) {
			vd_cache_ramp r;
			vd_ramp_entry e;

			memcpy(&r, at + (size_t)i * sizeof(r), sizeof(r));
			e.target = str_at(&d, r.target, NULL, true);
			e.mode = (vd_mode)r.mode;
			e.loc = loc_at(&d, &r.loc);
			if (!valid_mode(r.mode))
				fail(&d, "unknown mode");
			vd_vec_push(&ir.ramp, e);
		}
	if ((at = take(&d, d.c.nparts, sizeof(vd_cache_part))) != NULL) {
		d.parts = vd__arena_calloc(&ir.arena, (size_t)d.c.nparts + 1, sizeof(vd_msg_part));
		for (i = 0; i < d.c.nparts && !d.bad; i++)
			get_part(&d, at + (size_t)i * sizeof(vd_cache_part), &d.parts[i]);
	}
	if ((at = take(&d, d.c.npolicies, sizeof(vd_cache_policy))) != NULL) {
		vd_policy *pols = vd__arena_calloc(&ir.arena, (size_t)d.c.npolicies + 1, sizeof(vd_policy));

		vd_vec_reserve(&ir.policies, d.c.npolicies);
		for (i = 0; i < d.c.npolicies && !d.bad; i++)
			get_policy(&d, at + (size_t)i * sizeof(vd_cache_policy), &pols[i]);
	}
	if ((at = take(&d, d.c.nexceptions, sizeof(vd_cache_exception))) != NULL)
		for (i = 0; i < d.c.nexceptions && !d.bad; i++)
			get_exception(&d, at + (size_t)i * sizeof(vd_cache_exception));
	if (!d.bad && d.p != d.end)
		fail(&d, "trailing bytes");
	vd__free(d.depth);
	vd__free(d.used);
	if (d.bad) {
		vd__ir_dispose(&ir);
		return vd__error_set(VD_EINVALID, "compile cache entry: %s", d.why);
	}
	*out = vd__ruleset_from_ir(&ir);
	return 0;
}

/* ---- files ---------------------------------------------------------- */

static bool
entry_path(char *out, size_t n, const char *dir, const char *tree_hex)
{
	int r = snprintf(out, n, "%s/%s-%s.vdc", dir, tree_hex, vd__cache_engine_id());

	return r > 0 && (size_t)r < n;
}

int
vd__cache_load(vd_ruleset **out, const char *dir, const char *tree_hex)
{
	char path[4096];
	struct stat st;
	uint8_t *data = NULL;
	size_t got = 0;
	int fd, rc = VD_ENOTFOUND;

	*out = NULL;
	if (!entry_path(path, sizeof(path), dir, tree_hex) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return VD_ENOTFOUND;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= MAX_FILE) {
		data = vd__malloc((size_t)st.st_size);
		while (got < (size_t)st.st_size) {
			ssize_t r = read(fd, data + got, (size_t)st.st_size - got);

			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got == (size_t)st.st_size &&
		    vd__cache_decode(out, data, got, tree_hex, true) == 0)
			rc = 0;
	}
	close(fd);
	vd__free(data);
	/* A miss is not an error: the caller compiles.  Leave no message behind. */
	if (rc < 0)
		vd_error_clear();
	return rc;
}

static void
mkdirs(const char *dir)
{
	char tmp[4096], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", dir) >= (int)sizeof(tmp))
		return;
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(tmp, 0777);
			*p = '/';
		}
	(void)mkdir(tmp, 0777);
}

typedef struct {
	char *name;
	time_t mtime;
} aged;

static int
older_first(const void *a, const void *b)
{
	const aged *x = a, *y = b;

	return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

/* Keep the VD_CACHE_KEEP most recent entries; remove temporaries left by crashed writers. */
static void
prune(const char *dir)
{
	DIR *dp = opendir(dir);
	vd_vec(aged) entries = VD_VEC_INIT;
	struct dirent *de;
	char path[4096];
	struct stat st;
	time_t now = time(NULL);
	size_t i;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);
		bool tmp = de->d_name[0] == '.' && n > 4 && strcmp(de->d_name + n - 4, ".tmp") == 0;
		aged a;

		if (!tmp && (n < 5 || strcmp(de->d_name + n - 4, ".vdc") != 0))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) < 0)
			continue;
		if (tmp) {
			/* A writer renames within a second; an hour-old temporary is litter. */
			if (now - st.st_mtime > 3600)
				(void)unlink(path);
			continue;
		}
		a.name = vd__strdup(path);
		a.mtime = st.st_mtime;
		vd_vec_push(&entries, a);
	}
	closedir(dp);
	if (entries.len > VD_CACHE_KEEP) {
		qsort(entries.ptr, entries.len, sizeof(aged), older_first);
		for (i = 0; i < entries.len - VD_CACHE_KEEP; i++)
			(void)unlink(entries.ptr[i].name);
	}
	for (i = 0; i < entries.len; i++)
		vd__free(entries.ptr[i].name);
	vd_vec_dispose(&entries);
}

void
vd__cache_store(const char *dir, const char *tree_hex, const vd_ruleset *rs)
{
	static unsigned serial;
	char path[4096], tmp[4096];
	vd_buf b = VD_BUF_INIT;
	size_t done = 0;
	int fd;

	if (!entry_path(path, sizeof(path), dir, tree_hex) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.%u.tmp", dir, tree_hex, (long)getpid(), serial++) >= (int)sizeof(tmp))
		return;
	mkdirs(dir);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
		return;
	vd__cache_encode(&b, rs, tree_hex);
	while (done < b.size) {
		ssize_t r = write(fd, b.ptr + done, b.size - done);

		if (r <= 0)
			break;
		done += (size_t)r;
	}
	/*
	 * No fsync: a torn or lost entry after a crash fails its checksum and
	 * is compiled again.  The rename makes a whole entry appear at once.
	 */
	if (close(fd) != 0 || done != b.size || rename(tmp, path) != 0)
		(void)unlink(tmp);
	vd_buf_dispose(&b);
	prune(dir);
}
