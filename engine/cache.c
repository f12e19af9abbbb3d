/*
 * cache.c - compiled rule sets written to disk and read back (cache.h).
 *
 * Layer: runtime.  The file is a header and a payload:
 *
 *   header   magic "VDRSET\r\n", format, engine id, tree id,
 *            payload length, checksum of the payload
 *   payload  strings (u32 count; u32 length + bytes each), then the IR:
 *            predicates (children before parents), settings, lists, ramp
 *            entries, policies, exceptions.  Strings and predicates are
 *            referred to by index; NONE (all ones) is NULL.
 *
 * Numbers are in this machine's byte order: an entry is only ever read by
 * the build that wrote it (the engine id includes the byte order and word
 * size).  Only the IR is stored; the action index, exception coverage,
 * guards and `in` sets are derived again on load by the same code that
 * derives them after a compile, and patterns compile when first used.
 *
 * The decoder trusts nothing: each count is bounded by the bytes left,
 * each index by what was read before it (so predicates form a tree of
 * bounded depth, never a cycle), each enum by its range, each pointer the
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
#define FORMAT 1
#define NONE UINT32_MAX
#define ID_LEN 40
#define TREE_LEN 48
#define MAX_FILE (512u * 1024 * 1024)
/*
 * Predicates nest VD_MAX_NESTING levels, and each level's and/or chain is a
 * balanced tree (dsl/lower.c) of at most ~20 levels for a 1 MiB file.
 */
#define MAX_PRED_DEPTH ((VD_MAX_NESTING + 1) * 32)

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
 * A 64-bit multiply-xorshift over 8-byte words.  Not cryptographic: it
 * catches torn writes, truncation and flipped bits (each step is a
 * bijection of the state, so a change to one word always shows).
 */
static uint64_t
checksum(const uint8_t *p, size_t n)
{
	uint64_t h = 0x243F6A8885A308D3ull ^ (uint64_t)n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

const char *
vd__cache_engine_id(void)
{
	static char id[ID_LEN];
	vd_buf b = VD_BUF_INIT;
	char pcre[64] = "";
	uint32_t one = 1;
	int i;

	if (id[0])
		return id;
	/* What the payload's meaning depends on besides the sources. */
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	vd__buf_printf(&b, "%zu/%zu/%u/%s/%d/%d;", sizeof(void *), sizeof(vd_pred),
		*(uint8_t *)&one, pcre, VD_FIELD__COUNT, VD_ACTION__COUNT);
	for (i = 0; i < VD_FIELD__COUNT; i++)
		vd__buf_printf(&b, "%s:%d:%d,", vd__fields[i].name, vd__fields[i].kind, vd__fields[i].group);
	for (i = 0; i < VD_ACTION__COUNT; i++)
		vd__buf_printf(&b, "%s,", vd__action_names[i]);
	snprintf(id, sizeof(id), "%s-%08" PRIx32, VD_ENGINE_SOURCES_ID,
		(uint32_t)checksum((const uint8_t *)b.ptr, b.size));
	vd_buf_dispose(&b);
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

/* ---- encoding ------------------------------------------------------ */

typedef struct {
	vd_buf strs;             /* u32 len + bytes, per string */
	uint32_t nstrs;
	vd_strmap seen;          /* string -> 1 + index */
	vd_buf preds;
	uint32_t npreds;
	vd_buf rest;
} enc;

static void
put(vd_buf *b, const void *p, size_t n)
{
	vd__buf_put(b, p, n);
}

static void
put8(vd_buf *b, uint8_t v)
{
	put(b, &v, 1);
}

static void
put32(vd_buf *b, uint32_t v)
{
	put(b, &v, 4);
}

static void
put64(vd_buf *b, uint64_t v)
{
	put(b, &v, 8);
}

static void
put_strn(enc *e, vd_buf *b, const char *s, size_t len)
{
	uintptr_t k;

	if (s == NULL) {
		put32(b, NONE);
		return;
	}
	if ((k = (uintptr_t)vd__strmap_get(&e->seen, s, len)) == 0) {
		put32(&e->strs, (uint32_t)len);
		put(&e->strs, s, len);
		k = ++e->nstrs;
		vd__strmap_put(&e->seen, s, len, (void *)k);
	}
	put32(b, (uint32_t)(k - 1));
}

static void
put_str(enc *e, vd_buf *b, const char *s)
{
	put_strn(e, b, s, s ? strlen(s) : 0);
}

static void
put_loc(enc *e, vd_buf *b, const vd_loc *l)
{
	put_str(e, b, l->file);
	put32(b, l->line);
	put32(b, l->col);
	put32(b, l->end_col);
}

static void
put_strs(enc *e, vd_buf *b, const vd_str *v, uint32_t n)
{
	uint32_t i;

	put32(b, n);
	for (i = 0; i < n; i++)
		put_strn(e, b, v[i].s, v[i].len);
}

static void
put_nums(vd_buf *b, const int64_t *v, uint32_t n)
{
	uint32_t i;

	put32(b, n);
	for (i = 0; i < n; i++)
		put64(b, (uint64_t)v[i]);
}

/* Children first: returns the predicate's index. */
static uint32_t
put_pred(enc *e, const vd_pred *p)
{
	uint32_t a, b;
	vd_buf *o = &e->preds;

	if (p == NULL)
		return NONE;
	a = put_pred(e, p->a);
	b = put_pred(e, p->b);
	put8(o, p->op);
	put8(o, p->group);
	put32(o, p->field);
	put_loc(e, o, &p->loc);
	put_str(e, o, p->text);
	put_str(e, o, p->input_key);
	put32(o, a);
	put32(o, b);
	put_strs(e, o, p->strs, p->nstrs);
	put_nums(o, p->nums, p->nnums);
	put64(o, (uint64_t)p->num);
	put8(o, p->boolean);
	put_strn(e, o, p->re_src, p->re_len);
	put32(o, p->re_opts);
	put_strs(e, o, p->lits, p->nlits);
	put8(o, p->lits_ci);
	return e->npreds++;
}

void
vd__cache_encode(vd_buf *out, const vd_ruleset *rs, const char *tree_hex)
{
	const vd_ir *ir = &rs->ir;
	enc e;
	header h;
	size_t i, k;

	memset(&e, 0, sizeof(e));
	put32(&e.rest, (uint32_t)ir->settings.len);
	for (i = 0; i < ir->settings.len; i++) {
		put_str(&e, &e.rest, ir->settings.ptr[i].name);
		put_str(&e, &e.rest, ir->settings.ptr[i].value);
		put_loc(&e, &e.rest, &ir->settings.ptr[i].loc);
	}
	put32(&e.rest, (uint32_t)ir->lists.len);
	for (i = 0; i < ir->lists.len; i++) {
		const vd_list *l = ir->lists.ptr[i];

		put_str(&e, &e.rest, l->name);
		put_loc(&e, &e.rest, &l->loc);
		put_strs(&e, &e.rest, l->strs, l->nstrs);
		put_nums(&e.rest, l->nums, l->nnums);
	}
	put32(&e.rest, (uint32_t)ir->ramp.len);
	for (i = 0; i < ir->ramp.len; i++) {
		put_str(&e, &e.rest, ir->ramp.ptr[i].target);
		put8(&e.rest, (uint8_t)ir->ramp.ptr[i].mode);
		put_loc(&e, &e.rest, &ir->ramp.ptr[i].loc);
	}
	put32(&e.rest, (uint32_t)ir->policies.len);
	for (i = 0; i < ir->policies.len; i++) {
		const vd_policy *p = ir->policies.ptr[i];

		put_str(&e, &e.rest, p->id);
		put_str(&e, &e.rest, p->pack);
		put_loc(&e, &e.rest, &p->loc);
		put_str(&e, &e.rest, p->risk);
		put32(&e.rest, (uint32_t)p->mode);
		put8(&e.rest, (uint8_t)p->severity);
		put64(&e.rest, p->actions);
		put32(&e.rest, put_pred(&e, p->when));
		put32(&e.rest, put_pred(&e, p->unless));
		put32(&e.rest, p->message.nparts);
		for (k = 0; k < p->message.nparts; k++) {
			put_str(&e, &e.rest, p->message.parts[k].literal);
			put32(&e.rest, (uint32_t)p->message.parts[k].field);
			put_str(&e, &e.rest, p->message.parts[k].input_key);
		}
		put32(&e.rest, p->groups);
		put8(&e.rest, (uint8_t)p->effective);
		put_str(&e, &e.rest, p->mode_source);
	}
	put32(&e.rest, (uint32_t)ir->exceptions.len);
	for (i = 0; i < ir->exceptions.len; i++) {
		const vd_exception *x = ir->exceptions.ptr[i];

		put_str(&e, &e.rest, x->id);
		put_str(&e, &e.rest, x->pack);
		put_loc(&e, &e.rest, &x->loc);
		put_strs(&e, &e.rest, x->patterns, x->npatterns);
		put32(&e.rest, put_pred(&e, x->when));
		put32(&e.rest, x->groups);
		put_str(&e, &e.rest, x->reason);
		put_str(&e, &e.rest, x->owner);
		put_str(&e, &e.rest, x->expires);
		put64(&e.rest, (uint64_t)x->expires_at);
	}

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.format = FORMAT;
	snprintf(h.engine, sizeof(h.engine), "%s", vd__cache_engine_id());
	snprintf(h.tree, sizeof(h.tree), "%s", tree_hex);
	put(out, &h, sizeof(h));
	{
		size_t start = out->size;

		put32(out, e.nstrs);
		put(out, vd__buf_cstr(&e.strs), e.strs.size);
		put32(out, e.npreds);
		put(out, vd__buf_cstr(&e.preds), e.preds.size);
		put(out, vd__buf_cstr(&e.rest), e.rest.size);
		/* The header went in first; fill in what only the payload tells. */
		h.payload = out->size - start;
		h.sum = checksum((const uint8_t *)out->ptr + start, out->size - start);
		memcpy(out->ptr + start - sizeof(h), &h, sizeof(h));
	}
	vd_buf_dispose(&e.strs);
	vd_buf_dispose(&e.preds);
	vd_buf_dispose(&e.rest);
	vd__strmap_dispose(&e.seen);
}

/* ---- decoding ------------------------------------------------------ */

typedef struct {
	const uint8_t *p, *end;
	bool bad;
	vd_ir *ir;
	const char **strs;
	uint32_t *lens;
	uint32_t nstrs;
	vd_pred **preds;
	uint16_t *depth;
	uint32_t npreds;
	const char *why;         /* the first problem, for debugging */
} dec;

static bool
fail(dec *d, const char *why)
{
	if (!d->bad)
		d->why = why;
	d->bad = true;
	return false;
}

static void
get(dec *d, void *out, size_t n)
{
	if (d->bad || (size_t)(d->end - d->p) < n) {
		fail(d, "truncated");
		memset(out, 0, n);
		return;
	}
	memcpy(out, d->p, n);
	d->p += n;
}

static uint8_t
get8(dec *d)
{
	uint8_t v;

	get(d, &v, 1);
	return v;
}

static uint32_t
get32(dec *d)
{
	uint32_t v;

	get(d, &v, 4);
	return v;
}

static uint64_t
get64(dec *d)
{
	uint64_t v;

	get(d, &v, 8);
	return v;
}

/* A count of items of at least `each` bytes: never more than the bytes left. */
static uint32_t
get_count(dec *d, size_t each)
{
	uint32_t n = get32(d);

	if (!d->bad && (size_t)n > (size_t)(d->end - d->p) / each)
		fail(d, "count larger than the file");
	return d->bad ? 0 : n;
}

static const char *
get_str(dec *d, uint32_t *len, bool required)
{
	uint32_t i = get32(d);

	if (len)
		*len = 0;
	if (d->bad)
		return NULL;
	if (i == NONE) {
		if (required)
			fail(d, "missing string");
		return NULL;
	}
	if (i >= d->nstrs) {
		fail(d, "string index out of range");
		return NULL;
	}
	if (len)
		*len = d->lens[i];
	return d->strs[i];
}

static void
get_loc(dec *d, vd_loc *l)
{
	l->file = get_str(d, NULL, true);
	l->line = get32(d);
	l->col = get32(d);
	l->end_col = get32(d);
}

static const vd_str *
get_strs(dec *d, uint32_t *n, bool nonempty)
{
	vd_str *v;
	uint32_t i;

	*n = get_count(d, 4);
	v = vd__arena_alloc(&d->ir->arena, sizeof(vd_str) * (*n ? *n : 1));
	for (i = 0; i < *n && !d->bad; i++) {
		v[i].s = get_str(d, &v[i].len, true);
		if (nonempty && v[i].len == 0)
			fail(d, "empty literal");
	}
	return v;
}

static const int64_t *
get_nums(dec *d, uint32_t *n)
{
	int64_t *v;
	uint32_t i;

	*n = get_count(d, 8);
	v = vd__arena_alloc(&d->ir->arena, sizeof(int64_t) * (*n ? *n : 1));
	for (i = 0; i < *n && !d->bad; i++)
		v[i] = (int64_t)get64(d);
	return v;
}

/* A predicate index read from a parent: NONE, or one read before it. */
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
	return d->preds[i];
}

static void
get_pred(dec *d, uint32_t self)
{
	vd_pred *p = vd__arena_calloc(&d->ir->arena, 1, sizeof(*p));
	uint32_t a, b, opts, field;
	bool leaf;

	d->preds[self] = p;
	p->op = get8(d);
	p->group = get8(d);
	field = get32(d);
	p->field = (uint16_t)field;
	get_loc(d, &p->loc);
	p->text = get_str(d, NULL, false);
	p->input_key = get_str(d, NULL, false);
	a = get32(d);
	b = get32(d);
	p->strs = get_strs(d, &p->nstrs, false);
	p->nums = get_nums(d, &p->nnums);
	p->num = (int64_t)get64(d);
	p->boolean = get8(d) != 0;
	p->re_src = get_str(d, &p->re_len, false);
	opts = get32(d);
	p->lits = get_strs(d, &p->nlits, true);
	p->lits_ci = get8(d) != 0;
	if (d->bad)
		return;
	if (p->op > VD_P_GE)
		return (void)fail(d, "unknown operator");
	leaf = p->op != VD_P_AND && p->op != VD_P_OR && p->op != VD_P_NOT;
	p->a = pred_ref(d, a, !leaf, self);
	p->b = pred_ref(d, b, p->op == VD_P_AND || p->op == VD_P_OR, self);
	if (d->bad)
		return;
	if ((p->op == VD_P_NOT && p->b) || (leaf && (p->a || p->b)))
		return (void)fail(d, "operands of the wrong arity");
	d->depth[self] = 1;
	if (p->a)
		d->depth[self] = (uint16_t)(d->depth[a] + 1);
	if (p->b && d->depth[b] + 1 > d->depth[self])
		d->depth[self] = (uint16_t)(d->depth[b] + 1);
	if (d->depth[self] > MAX_PRED_DEPTH)
		return (void)fail(d, "conditions nested too deep");
	if (!leaf)
		return;
	if (field > VD_FIELD_INPUT || p->group >= VD_GROUP__COUNT)
		return (void)fail(d, "unknown field");
	if (p->field == VD_FIELD_INPUT ? (p->input_key == NULL || p->group != VD_GROUP_NONE) :
	    p->group != (uint8_t)vd__fields[p->field].group)
		return (void)fail(d, "field and group disagree");
	if (p->op == VD_P_GLOB || p->op == VD_P_REGEX) {
		if (p->re_src == NULL || (opts != VD_REGEX_OPTIONS && opts != VD_GLOB_OPTIONS))
			return (void)fail(d, "pattern without source");
		p->re_opts = opts;
	} else if (p->nlits) {
		return (void)fail(d, "literals without a pattern");
	}
	if (p->op == VD_P_IN && p->nstrs) {
		uint32_t k;

		p->set = vd__arena_calloc(&d->ir->arena, 1, sizeof(vd_strmap));
		vd_vec_push(&d->ir->sets, p->set);
		for (k = 0; k < p->nstrs; k++)
			vd__strmap_put(p->set, p->strs[k].s, p->strs[k].len, (void *)1);
	}
}

static bool
valid_mode(uint32_t m)
{
	return m <= VD_MODE_BLOCK;
}

static void
get_policy(dec *d)
{
	vd_policy *p = vd__arena_calloc(&d->ir->arena, 1, sizeof(*p));
	vd_msg_part *parts;
	uint32_t mode, sev, k, eff;

	p->id = get_str(d, NULL, true);
	p->pack = get_str(d, NULL, true);
	get_loc(d, &p->loc);
	p->risk = get_str(d, NULL, false);
	mode = get32(d);
	sev = get8(d);
	p->actions = get64(d);
	p->when = pred_ref(d, get32(d), true, d->npreds);
	p->unless = pred_ref(d, get32(d), false, d->npreds);
	p->message.nparts = get_count(d, 12);
	parts = vd__arena_calloc(&d->ir->arena, p->message.nparts ? p->message.nparts : 1, sizeof(*parts));
	for (k = 0; k < p->message.nparts && !d->bad; k++) {
		parts[k].literal = get_str(d, NULL, true);
		parts[k].field = (int)get32(d);
		parts[k].input_key = get_str(d, NULL, false);
		if (parts[k].field < -1 || parts[k].field > VD_FIELD_INPUT ||
		    (parts[k].field == VD_FIELD_INPUT && parts[k].input_key == NULL))
			fail(d, "message names an unknown field");
	}
	p->message.parts = parts;
	p->groups = get32(d);
	eff = get8(d);
	p->mode_source = get_str(d, NULL, true);
	if (d->bad)
		return;
	if ((mode != (uint32_t)VD_MODE_UNSET && !valid_mode(mode)) || !valid_mode(sev) || !valid_mode(eff))
		return (void)fail(d, "unknown mode");
	if (VD_ACTION__COUNT < 64 && (p->actions >> VD_ACTION__COUNT) != 0)
		return (void)fail(d, "unknown action");
	if (p->groups >> VD_GROUP__COUNT)
		return (void)fail(d, "unknown group");
	p->mode = (int)mode;
	p->severity = (vd_mode)sev;
	p->effective = (vd_mode)eff;
	vd_vec_push(&d->ir->policies, p);
}

static void
get_exception(dec *d)
{
	vd_exception *x = vd__arena_calloc(&d->ir->arena, 1, sizeof(*x));

	x->id = get_str(d, NULL, true);
	x->pack = get_str(d, NULL, true);
	get_loc(d, &x->loc);
	x->patterns = get_strs(d, &x->npatterns, false);
	x->when = pred_ref(d, get32(d), false, d->npreds);
	x->groups = get32(d);
	x->reason = get_str(d, NULL, false);
	x->owner = get_str(d, NULL, false);
	x->expires = get_str(d, NULL, false);
	x->expires_at = (int64_t)get64(d);
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

static void
get_strings(dec *d)
{
	uint32_t i, n = get_count(d, 4);
	const uint8_t *start = d->p;
	size_t total = 0;
	char *block;

	/* First pass: lengths and the room they need. */
	for (i = 0; i < n && !d->bad; i++) {
		uint32_t len = get32(d);

		if ((size_t)(d->end - d->p) < len) {
			fail(d, "string longer than the file");
			break;
		}
		d->p += len;
		total += (size_t)len + 1;
	}
	if (d->bad)
		return;
	d->strs = vd__arena_alloc(&d->ir->arena, sizeof(char *) * (n ? n : 1));
	d->lens = vd__arena_alloc(&d->ir->arena, sizeof(uint32_t) * (n ? n : 1));
	block = vd__arena_alloc(&d->ir->arena, total ? total : 1);
	d->nstrs = n;
	d->p = start;
	for (i = 0; i < n; i++) {
		uint32_t len = get32(d);

		memcpy(block, d->p, len);
		block[len] = '\0';
		d->strs[i] = block;
		d->lens[i] = len;
		block += len + 1;
		d->p += len;
	}
}

int
vd__cache_decode(vd_ruleset **out, const uint8_t *data, size_t len,
	const char *tree_hex, bool check_sum)
{
	header h;
	vd_ir ir;
	dec d;
	uint32_t i, n;

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
	get_strings(&d);
	n = get_count(&d, 8);
	d.preds = vd__calloc(n ? n : 1, sizeof(vd_pred *));
	d.depth = vd__calloc(n ? n : 1, sizeof(uint16_t));
	for (i = 0; i < n && !d.bad; i++)
		get_pred(&d, i);
	d.npreds = n;
	for (n = get_count(&d, 4), i = 0; i < n && !d.bad; i++) {
		vd_setting s;

		s.name = get_str(&d, NULL, true);
		s.value = get_str(&d, NULL, true);
		get_loc(&d, &s.loc);
		vd_vec_push(&ir.settings, s);
	}
	for (n = get_count(&d, 4), i = 0; i < n && !d.bad; i++) {
		vd_list *l = vd__arena_calloc(&ir.arena, 1, sizeof(*l));

		l->name = get_str(&d, NULL, true);
		get_loc(&d, &l->loc);
		l->strs = get_strs(&d, &l->nstrs, false);
		l->nums = get_nums(&d, &l->nnums);
		vd_vec_push(&ir.lists, l);
	}
	for (n = get_count(&d, 4), i = 0; i < n && !d.bad; i++) {
		vd_ramp_entry r;

		r.target = get_str(&d, NULL, true);
		r.mode = (vd_mode)get8(&d);
		get_loc(&d, &r.loc);
		if (!valid_mode(r.mode))
			fail(&d, "unknown mode");
		vd_vec_push(&ir.ramp, r);
	}
	n = get_count(&d, 4);
	if (n > VD_MAX_POLICIES)
		fail(&d, "too many policies");
	for (i = 0; i < n && !d.bad; i++)
		get_policy(&d);
	for (n = get_count(&d, 4), i = 0; i < n && !d.bad; i++)
		get_exception(&d);
	if (!d.bad && d.p != d.end)
		fail(&d, "trailing bytes");
	vd__free(d.preds);
	vd__free(d.depth);
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
