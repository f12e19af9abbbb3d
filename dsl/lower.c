/*
 * lower.c - from source text to the policy IR, with every diagnostic.
 *
 * Layer: dsl.  This is the only user of tree-sitter.  Each file is parsed
 * once; syntax errors become diagnostics with what was expected, and the
 * parts tree-sitter recovered are still lowered and checked, so one run
 * reports every error.  Names that span files (lists) are collected from
 * every file before any policy is lowered.
 *
 * What the lowering checks: clause words and their values, actions, fields,
 * operator and operand types, list names, string escapes, globs and regular
 * expressions, message placeholders, exception and setting shapes.  What
 * needs the whole ref (duplicate policy ids, ramp targets) is checked by
 * the rule-set compiler in engine/ruleset.c.
 */
#include "ir.h"
#include "../engine/buf.h"

#include <ctype.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_verdict(void);

typedef struct {
	vd_ir *ir;
	vd_diags *d;
	const vd_source *src;
	const char *text;
	size_t errors_before;
	int depth;
} lctx;

/* ---- small helpers ------------------------------------------------ */

static vd_loc
loc_of(lctx *c, TSNode n)
{
	TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
	vd_loc l;

	l.file = c->src->path;
	l.line = s.row + 1;
	l.col = s.column + 1;
	l.end_col = e.row == s.row ? e.column + 1 : s.column + 2;
	return l;
}

static void VD_PRINTF(3, 4)
error_at(lctx *c, TSNode n, const char *fmt, ...)
{
	vd_loc l = loc_of(c, n);
	vd_buf b = VD_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	vd__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vd__diag(c->d, VD_DIAG_ERROR, l.file, l.line, l.col, l.end_col, "%s", b.ptr);
	vd_buf_dispose(&b);
}

static void VD_PRINTF(4, 5)
diag_at_loc(lctx *c, vd_loc l, vd_diag_severity sev, const char *fmt, ...)
{
	vd_buf b = VD_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	vd__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vd__diag(c->d, sev, l.file, l.line, l.col, l.end_col, "%s", b.ptr);
	vd_buf_dispose(&b);
}

static const char *
node_text(lctx *c, TSNode n, size_t *len)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	*len = e - s;
	return c->text + s;
}

static char *
node_dup(lctx *c, TSNode n)
{
	size_t len;
	const char *s = node_text(c, n, &len);

	return vd__arena_strndup(&c->ir->arena, s, len);
}

static bool
is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

static bool
text_is(lctx *c, TSNode n, const char *word)
{
	size_t len;
	const char *s = node_text(c, n, &len);

	return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* Levenshtein distance, capped: for "did you mean" suggestions. */
static size_t
distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[64], i, j;

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0], tmp;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *
suggest(const char *s, size_t len, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = len < 4 ? 1 : 2, i;

	for (i = 0; i < n; i++) {
		size_t d = distance(s, len, names[i], strlen(names[i]));

		if (d <= bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

static void
suggestion(vd_buf *b, const char *s, size_t len, const char *const *names, size_t n)
{
	const char *m = suggest(s, len, names, n);

	if (m)
		vd__buf_printf(b, "; did you mean '%s'?", m);
}

static const char *const mode_words[] = { "observe", "warn", "ask", "block" };

int
vd__mode_parse(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(mode_words); i++)
		if (strlen(mode_words[i]) == len && memcmp(mode_words[i], s, len) == 0)
			return (int)i;
	return -1;
}

/* ---- strings ------------------------------------------------------ */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
put_utf8(vd_buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		vd__buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		vd__buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		vd__buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		vd__buf_put(b, u, 4);
	}
}

/*
 * Decode a string node.  Raw strings are taken as written; double-quoted
 * ones have their escapes decoded, and a bad escape is reported at its own
 * column.  Returns NULL after reporting.
 */
static const char *
decode_string(lctx *c, TSNode n, uint32_t *len_out)
{
	size_t len, i;
	const char *s = node_text(c, n, &len);
	vd_buf b = VD_BUF_INIT;
	char *out;
	bool ok = true;

	if (len < 2) {
		error_at(c, n, "malformed string");
		return NULL;
	}
	if (is(n, "raw_string")) {
		*len_out = (uint32_t)(len - 2);
		return vd__arena_strndup(&c->ir->arena, s + 1, len - 2);
	}
	for (i = 1; i + 1 < len; i++) {
		if (s[i] != '\\') {
			vd__buf_putc(&b, s[i]);
			continue;
		}
		i++;
		switch (s[i]) {
		case '\\': vd__buf_putc(&b, '\\'); break;
		case '"': vd__buf_putc(&b, '"'); break;
		case '\'': vd__buf_putc(&b, '\''); break;
		case 'n': vd__buf_putc(&b, '\n'); break;
		case 't': vd__buf_putc(&b, '\t'); break;
		case 'r': vd__buf_putc(&b, '\r'); break;
		case '0': vd__buf_putc(&b, '\0'); break;
		case 'x':
			/* s[len - 1] is the closing quote: both digits must precede it. */
			if (i + 2 < len - 1 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
				put_utf8(&b, (uint32_t)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
				i += 2;
				break;
			}
			goto bad;
		case 'u': {
			uint32_t cp = 0;
			int k;

			for (k = 1; k <= 4; k++) {
				int h = i + (size_t)k < len - 1 ? hexval(s[i + (size_t)k]) : -1;

				if (h < 0)
					goto bad;
				cp = cp * 16 + (uint32_t)h;
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				goto bad;
			put_utf8(&b, cp);
			i += 4;
			break;
		}
		default:
		bad: {
			TSPoint p = ts_node_start_point(n);

			vd__diag(c->d, VD_DIAG_ERROR, c->src->path, p.row + 1,
				p.column + (uint32_t)i, p.column + (uint32_t)i + 2,
				"unknown escape '\\%c' in string; expected \\\\, \\\", \\n, \\t, \\r, \\0, \\xHH or \\uHHHH (write regular expressions as 'raw strings')",
				s[i]);
			ok = false;
		}
		}
	}
	if (!ok) {
		vd_buf_dispose(&b);
		return NULL;
	}
	*len_out = (uint32_t)b.size;
	out = vd__arena_strndup(&c->ir->arena, vd__buf_cstr(&b), b.size);
	vd_buf_dispose(&b);
	return out;
}

static bool
parse_number(lctx *c, TSNode n, int64_t *out)
{
	static const struct { const char *suffix; int64_t mul; } units[] = {
		{ "KiB", 1024 }, { "MiB", 1024 * 1024 }, { "GiB", 1024LL * 1024 * 1024 },
		{ "KB", 1000 }, { "MB", 1000000 }, { "GB", 1000000000 },
		{ "k", 1024 }, { "K", 1024 }, { "M", 1024 * 1024 }, { "G", 1024LL * 1024 * 1024 },
	};
	size_t len, i, digits = 0;
	const char *s = node_text(c, n, &len);
	int64_t v = 0, mul = 1;

	while (digits < len && s[digits] >= '0' && s[digits] <= '9') {
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, s[digits] - '0', &v))
			goto overflow;
		digits++;
	}
	for (i = 0; digits < len && i < VD_ARRAY_SIZE(units); i++)
		if (strlen(units[i].suffix) == len - digits &&
		    memcmp(units[i].suffix, s + digits, len - digits) == 0)
			mul = units[i].mul;
	if (__builtin_mul_overflow(v, mul, &v))
		goto overflow;
	*out = v;
	return true;
overflow:
	error_at(c, n, "number too large; the largest is 9223372036854775807");
	return false;
}

/* ---- values and lists --------------------------------------------- */

/* The right-hand side of a comparison, gathered from a literal or a list. */
typedef struct {
	bool is_list;         /* a list literal or a list name */
	vd_vec(vd_str) strs;
	vd_vec(int64_t) nums;
	int nbools;
	bool boolean;
	bool bad;             /* already reported */
	const char *what;     /* "a string", "a number", ... for messages */
	TSNode node;
} rhs;

static const vd_list *
find_list(vd_ir *ir, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ir->lists.len; i++)
		if (strlen(ir->lists.ptr[i]->name) == len &&
		    memcmp(ir->lists.ptr[i]->name, name, len) == 0)
			return ir->lists.ptr[i];
	return NULL;
}

static void
add_scalar(lctx *c, rhs *r, TSNode n)
{
	if (is(n, "string") || is(n, "raw_string")) {
		vd_str s;

		s.s = decode_string(c, n, &s.len);
		if (s.s == NULL)
			r->bad = true;
		else
			vd_vec_push(&r->strs, s);
	} else if (is(n, "number")) {
		int64_t v;

		if (parse_number(c, n, &v))
			vd_vec_push(&r->nums, v);
		else
			r->bad = true;
	} else if (is(n, "boolean")) {
		r->nbools++;
		r->boolean = text_is(c, n, "true");
	} else if (!ts_node_is_missing(n)) {
		r->bad = true; /* an ERROR node, reported by the syntax pass */
	}
}

static void
gather_rhs(lctx *c, TSNode n, rhs *r)
{
	uint32_t i;

	r->node = n;
	if (is(n, "list")) {
		r->is_list = true;
		for (i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode k = ts_node_named_child(n, i);

			if (!is(k, "comment"))
				add_scalar(c, r, k);
		}
	} else if (is(n, "list_name")) {
		size_t len;
		const char *name = node_text(c, n, &len);
		const vd_list *l = find_list(c->ir, name, len);

		r->is_list = true;
		if (l == NULL) {
			error_at(c, n, "undefined list '%.*s'; declare it with `list %.*s = [ ... ]` in any file of the ref",
				(int)len, name, (int)len, name);
			r->bad = true;
			return;
		}
		for (i = 0; i < l->nstrs; i++)
			vd_vec_push(&r->strs, l->strs[i]);
		for (i = 0; i < l->nnums; i++)
			vd_vec_push(&r->nums, l->nums[i]);
	} else {
		add_scalar(c, r, n);
	}
}

static void
rhs_dispose(rhs *r)
{
	vd_vec_dispose(&r->strs);
	vd_vec_dispose(&r->nums);
}

static const vd_str *
copy_strs(lctx *c, const rhs *r)
{
	vd_str *a = vd__arena_alloc(&c->ir->arena, sizeof(vd_str) * (r->strs.len ? r->strs.len : 1));

	if (r->strs.len)
		memcpy(a, r->strs.ptr, sizeof(vd_str) * r->strs.len);
	return a;
}

static const int64_t *
copy_nums(lctx *c, const rhs *r)
{
	int64_t *a = vd__arena_alloc(&c->ir->arena, sizeof(int64_t) * (r->nums.len ? r->nums.len : 1));

	if (r->nums.len)
		memcpy(a, r->nums.ptr, sizeof(int64_t) * r->nums.len);
	return a;
}

static void
lower_list_decl(lctx *c, TSNode n)
{
	TSNode name = ts_node_child_by_field_name(n, "name", 4);
	TSNode value = ts_node_child_by_field_name(n, "value", 5);
	vd_list *l;
	rhs r;
	size_t len;
	const char *s;

	if (ts_node_is_null(name) || ts_node_is_null(value))
		return;
	s = node_text(c, name, &len);
	if (find_list(c->ir, s, len) != NULL) {
		error_at(c, name, "duplicate list '%.*s'; a list name is defined once per ref", (int)len, s);
		return;
	}
	memset(&r, 0, sizeof(r));
	gather_rhs(c, value, &r);
	if (r.nbools) {
		error_at(c, value, "list '%.*s' holds a boolean; lists hold strings or numbers", (int)len, s);
		r.bad = true;
	}
	if (r.strs.len && r.nums.len) {
		error_at(c, value, "list '%.*s' mixes strings and numbers; expected one kind", (int)len, s);
		r.bad = true;
	}
	if (!r.bad) {
		l = vd__arena_calloc(&c->ir->arena, 1, sizeof(*l));
		l->name = node_dup(c, name);
		l->loc = loc_of(c, name);
		l->strs = copy_strs(c, &r);
		l->nstrs = (uint32_t)r.strs.len;
		l->nums = copy_nums(c, &r);
		l->nnums = (uint32_t)r.nums.len;
		vd_vec_push(&c->ir->lists, l);
	}
	rhs_dispose(&r);
}

/* ---- conditions ----------------------------------------------------- */

static const char *
field_names_list(size_t *n)
{
	static const char *names[VD_FIELD__COUNT];
	size_t i;

	for (i = 0; i < VD_FIELD__COUNT; i++)
		names[i] = vd__fields[i].name;
	*n = VD_FIELD__COUNT;
	return (const char *)names;
}

/* Resolve a field name; -1 after reporting.  Sets *input_key for input.*. */
static int
resolve_field(lctx *c, TSNode n, const char **input_key)
{
	size_t len, nn;
	const char *s = node_text(c, n, &len);
	int f;

	*input_key = NULL;
	if (len > 6 && memcmp(s, "input.", 6) == 0) {
		*input_key = vd__arena_strndup(&c->ir->arena, s + 6, len - 6);
		return VD_FIELD_INPUT;
	}
	f = vd__field_lookup(s, len);
	if (f < 0) {
		vd_buf b = VD_BUF_INIT;
		const char *const *names = (const char *const *)field_names_list(&nn);

		vd__buf_printf(&b, "unknown field '%.*s'", (int)len, s);
		suggestion(&b, s, len, names, nn);
		if (!suggest(s, len, names, nn))
			vd__buf_puts(&b, "; expected an event field such as action, user, groups, repo, command, path, url or input.<key> (see `verdict explain --fields`)");
		error_at(c, n, "%s", b.ptr);
		vd_buf_dispose(&b);
	}
	return f;
}

static const char *
kind_name(vd_kind k)
{
	switch (k) {
	case VD_KIND_INT: return "a number";
	case VD_KIND_BOOL: return "a boolean";
	case VD_KIND_LIST: return "a list of strings";
	case VD_KIND_PATH: return "a path";
	default: return "a string";
	}
}

static vd_pred *lower_expr(lctx *c, TSNode n);

static vd_pred *
new_pred(lctx *c, vd_pred_op op, TSNode n)
{
	vd_pred *p = vd__arena_calloc(&c->ir->arena, 1, sizeof(*p));

	p->op = (uint8_t)op;
	p->loc = loc_of(c, n);
	p->text = node_dup(c, n);
	return p;
}

/*
 * Compile a regex (or the alternation of a list of them).  The PCRE2
 * source is kept in *src so a rule set loaded from the cache can compile
 * it again when first needed.
 */
static pcre2_code *
compile_regex(lctx *c, TSNode at, const rhs *r, vd_buf *src)
{
	vd_buf re = VD_BUF_INIT;
	pcre2_code *code;
	int ec;
	PCRE2_SIZE eo;
	size_t i;

	for (i = 0; i < r->strs.len; i++) {
		int e1;
		PCRE2_SIZE o1;
		pcre2_code *one;

		/* Compile each alone first, so an error names the right element. */
		one = pcre2_compile((PCRE2_SPTR)r->strs.ptr[i].s, r->strs.ptr[i].len,
			PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &e1, &o1, NULL);
		if (one == NULL) {
			char msg[256];

			pcre2_get_error_message(e1, (PCRE2_UCHAR *)msg, sizeof(msg));
			if (r->strs.len > 1)
				error_at(c, at, "invalid regular expression (element %zu) at offset %zu: %s",
					i + 1, (size_t)o1, msg);
			else
				error_at(c, at, "invalid regular expression at offset %zu: %s",
					(size_t)o1, msg);
			vd_buf_dispose(&re);
			return NULL;
		}
		pcre2_code_free(one);
		if (i)
			vd__buf_putc(&re, '|');
		vd__buf_puts(&re, "(?:");
		vd__buf_put(&re, r->strs.ptr[i].s, r->strs.ptr[i].len);
		vd__buf_putc(&re, ')');
	}
	code = pcre2_compile((PCRE2_SPTR)vd__buf_cstr(&re), re.size, VD_REGEX_OPTIONS, &ec, &eo, NULL);
	vd__buf_put(src, vd__buf_cstr(&re), re.size);
	vd_buf_dispose(&re);
	if (code == NULL) {
		char msg[256];

		pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof(msg));
		error_at(c, at, "invalid regular expression: %s", msg);
		return NULL;
	}
	/* No JIT here: the evaluator JIT-compiles a pattern once it is used often. */
	vd_vec_push(&c->ir->patterns, code);
	return code;
}

static pcre2_code *
compile_globs(lctx *c, TSNode at, const rhs *r, bool pathname, vd_buf *src)
{
	const char **globs = vd__calloc(r->strs.len ? r->strs.len : 1, sizeof(char *));
	uint32_t *lens = vd__calloc(r->strs.len ? r->strs.len : 1, sizeof(uint32_t));
	char err[256];
	size_t off = 0, i;
	pcre2_code *code;

	for (i = 0; i < r->strs.len; i++) {
		globs[i] = r->strs.ptr[i].s;
		lens[i] = r->strs.ptr[i].len;
	}
	code = vd__glob_compile_src(globs, lens, r->strs.len, pathname, err, sizeof(err), &off, src);
	if (code == NULL)
		error_at(c, at, "invalid glob: %s (at offset %zu)", err, off);
	else
		vd_vec_push(&c->ir->patterns, code);
	vd__free(globs);
	vd__free(lens);
	return code;
}

static const struct {
	const char *word;
	vd_pred_op op;
} operators[] = {
	{ "==", VD_P_EQ }, { "!=", VD_P_NE }, { "in", VD_P_IN },
	{ "matches", VD_P_GLOB }, { "~", VD_P_REGEX }, { "has", VD_P_HAS },
	{ "starts_with", VD_P_PREFIX }, { "ends_with", VD_P_SUFFIX },
	{ "<", VD_P_LT }, { "<=", VD_P_LE }, { ">", VD_P_GT }, { ">=", VD_P_GE },
};

static vd_pred *
lower_comparison(lctx *c, TSNode n)
{
	TSNode fnode = ts_node_child_by_field_name(n, "left", 4);
	TSNode onode = ts_node_child_by_field_name(n, "operator", 8);
	TSNode vnode = ts_node_child_by_field_name(n, "right", 5);
	const char *input_key, *fname;
	vd_pred *p = NULL;
	vd_kind kind;
	size_t olen, i;
	const char *op;
	int f, opi = -1;
	vd_buf src = VD_BUF_INIT;
	rhs r;

	if (ts_node_is_null(fnode) || ts_node_is_null(onode) || ts_node_is_null(vnode))
		return NULL;
	f = resolve_field(c, fnode, &input_key);
	op = node_text(c, onode, &olen);
	for (i = 0; i < VD_ARRAY_SIZE(operators); i++)
		if (strlen(operators[i].word) == olen && memcmp(operators[i].word, op, olen) == 0)
			opi = (int)i;
	memset(&r, 0, sizeof(r));
	gather_rhs(c, vnode, &r);
	if (f < 0 || opi < 0 || r.bad)
		goto done;

	kind = f == VD_FIELD_INPUT ? VD_KIND_STR : vd__fields[f].kind;
	fname = f == VD_FIELD_INPUT ? "input" : vd__fields[f].name;
	p = new_pred(c, operators[opi].op, n);
	p->field = (uint16_t)f;
	p->group = f == VD_FIELD_INPUT ? VD_GROUP_NONE : (uint8_t)vd__fields[f].group;
	p->input_key = input_key;

	/* Operand shape: one value or a list. */
	switch (p->op) {
	case VD_P_EQ: case VD_P_NE: case VD_P_LT: case VD_P_LE: case VD_P_GT: case VD_P_GE:
		if (r.is_list) {
			error_at(c, vnode, "'%.*s' compares with one value, not a list; use `in` to test membership",
				(int)olen, op);
			p = NULL;
			goto done;
		}
		break;
	case VD_P_IN:
		if (!r.is_list) {
			error_at(c, vnode, "'in' expects a list such as [\"a\", \"b\"] or the name of a list");
			p = NULL;
			goto done;
		}
		break;
	default:
		break;
	}

	/* Operand types. */
	if (f != VD_FIELD_INPUT && kind == VD_KIND_INT) {
		if (p->op == VD_P_GLOB || p->op == VD_P_REGEX || p->op == VD_P_HAS ||
		    p->op == VD_P_PREFIX || p->op == VD_P_SUFFIX) {
			error_at(c, onode, "'%.*s' works on strings, but %s is a number; expected ==, !=, <, <=, >, >= or in",
				(int)olen, op, fname);
			p = NULL;
			goto done;
		}
		if (r.strs.len || r.nbools) {
			error_at(c, vnode, "%s is a number; expected a number such as 5 or 5MB", fname);
			p = NULL;
			goto done;
		}
	} else if (f != VD_FIELD_INPUT && kind == VD_KIND_BOOL) {
		if (p->op != VD_P_EQ && p->op != VD_P_NE) {
			error_at(c, onode, "%s is a boolean; expected == true, == false, or the field alone", fname);
			p = NULL;
			goto done;
		}
		if (r.nbools != 1) {
			error_at(c, vnode, "%s is a boolean; expected true or false", fname);
			p = NULL;
			goto done;
		}
	} else if (f != VD_FIELD_INPUT) {
		if (p->op == VD_P_LT || p->op == VD_P_LE || p->op == VD_P_GT || p->op == VD_P_GE) {
			error_at(c, onode, "'%.*s' compares numbers, but %s is %s; expected ==, !=, in, matches, ~, has, starts_with or ends_with",
				(int)olen, op, fname, kind_name(kind));
			p = NULL;
			goto done;
		}
		if (r.nums.len || r.nbools) {
			error_at(c, vnode, "%s is %s; expected a string in quotes", fname, kind_name(kind));
			p = NULL;
			goto done;
		}
	} else if (r.nbools > 1 || (r.nbools && r.is_list)) {
		error_at(c, vnode, "lists hold strings or numbers, not booleans");
		p = NULL;
		goto done;
	}

	p->strs = copy_strs(c, &r);
	p->nstrs = (uint32_t)r.strs.len;
	p->nums = copy_nums(c, &r);
	p->nnums = (uint32_t)r.nums.len;
	if (r.nums.len == 1)
		p->num = r.nums.ptr[0];
	p->boolean = r.boolean;
	if (r.nbools && f == VD_FIELD_INPUT) {
		/* input.x == true: a boolean comparison at run time. */
		p->nstrs = 0;
	}

	switch (p->op) {
	case VD_P_IN:
		if (r.strs.len) {
			p->set = vd__arena_calloc(&c->ir->arena, 1, sizeof(vd_strmap));
			vd_vec_push(&c->ir->sets, p->set);
			for (i = 0; i < r.strs.len; i++)
				vd__strmap_put(p->set, r.strs.ptr[i].s, r.strs.ptr[i].len, (void *)1);
		}
		break;
	case VD_P_GLOB:
		if (r.nums.len) {
			error_at(c, vnode, "'matches' expects a glob in quotes");
			p = NULL;
			goto done;
		}
		p->re = compile_globs(c, vnode, &r, kind == VD_KIND_PATH, &src);
		p->re_opts = VD_GLOB_OPTIONS;
		if (p->re == NULL)
			p = NULL;
		break;
	case VD_P_REGEX:
		if (r.nums.len) {
			error_at(c, vnode, "'~' expects a regular expression in quotes");
			p = NULL;
			goto done;
		}
		p->re = compile_regex(c, vnode, &r, &src);
		p->re_opts = VD_REGEX_OPTIONS;
		if (p->re == NULL)
			p = NULL;
		break;
	default:
		break;
	}
	if (p && p->re) {
		p->re_src = vd__arena_strndup(&c->ir->arena, vd__buf_cstr(&src), src.size);
		p->re_len = (uint32_t)src.size;
		(void)vd__pattern_literals(&c->ir->arena, p->strs, p->nstrs, p->op == VD_P_GLOB,
			&p->lits, &p->lit_anchor, &p->nlits, &p->lits_ci);
	}
done:
	vd_buf_dispose(&src);
	rhs_dispose(&r);
	return p;
}

static vd_pred *
lower_bare_field(lctx *c, TSNode n)
{
	const char *input_key;
	int f = resolve_field(c, n, &input_key);
	vd_pred *p;

	if (f < 0)
		return NULL;
	if (f != VD_FIELD_INPUT && vd__fields[f].kind != VD_KIND_BOOL) {
		error_at(c, n, "%s is %s, not a condition; expected a comparison such as %s == \"...\"",
			vd__fields[f].name, kind_name(vd__fields[f].kind), vd__fields[f].name);
		return NULL;
	}
	p = new_pred(c, VD_P_TRUTH, n);
	p->field = (uint16_t)f;
	p->group = f == VD_FIELD_INPUT ? VD_GROUP_NONE : (uint8_t)vd__fields[f].group;
	p->input_key = input_key;
	return p;
}

/*
 * A chain of one operator (`a or b or c ...`), built as a balanced tree
 * over its operands in source order: evaluation order and short-circuits
 * are those of the chain, and a chain of any length is one level of
 * nesting and a few levels of recursion.  Every node shares the root's
 * text and position.
 */
static vd_pred *
balanced(lctx *c, vd_pred_op op, vd_pred **ops, size_t n, const vd_pred *root)
{
	vd_pred *p;

	if (n == 1)
		return ops[0];
	p = vd__arena_calloc(&c->ir->arena, 1, sizeof(*p));
	p->op = (uint8_t)op;
	p->loc = root->loc;
	p->text = root->text;
	p->a = balanced(c, op, ops, n / 2, root);
	p->b = balanced(c, op, ops + n / 2, n - n / 2, root);
	return p;
}

static vd_pred *
lower_chain(lctx *c, TSNode n)
{
	const char *type = ts_node_type(n);
	vd_pred_op op = is(n, "or_expression") ? VD_P_OR : VD_P_AND;
	vd_vec(TSNode) rights = VD_VEC_INIT;
	vd_vec(vd_pred *) ops = VD_VEC_INIT;
	vd_pred *p = NULL, *root;
	TSNode cur = n;
	bool ok = true;
	size_t i;

	/* The grammar is left-associative: walk down the left spine. */
	while (strcmp(ts_node_type(cur), type) == 0) {
		vd_vec_push(&rights, ts_node_child_by_field_name(cur, "right", 5));
		cur = ts_node_child_by_field_name(cur, "left", 4);
	}
	vd_vec_push(&ops, lower_expr(c, cur));
	for (i = rights.len; i-- > 0;)
		vd_vec_push(&ops, lower_expr(c, rights.ptr[i]));
	for (i = 0; i < ops.len; i++)
		ok &= ops.ptr[i] != NULL;
	if (ok && ops.len == 1) {
		p = ops.ptr[0];
	} else if (ok) {
		/* The root's text names the whole chain, as explain shows it. */
		p = root = new_pred(c, op, n);
		root->a = balanced(c, op, ops.ptr, ops.len / 2, root);
		root->b = balanced(c, op, ops.ptr + ops.len / 2, ops.len - ops.len / 2, root);
	}
	vd_vec_dispose(&rights);
	vd_vec_dispose(&ops);
	return p;
}

/*
 * Nesting: each `not` and each pair of parentheses is one level, and so is
 * a chain of `and`s or `or`s however long; comparisons are not levels.
 * Deeper than VD_MAX_NESTING is an error (it bounds the recursion here and
 * in the evaluator).
 */
static vd_pred *
lower_expr(lctx *c, TSNode n)
{
	vd_pred *p = NULL;
	bool level;

	if (ts_node_is_null(n) || ts_node_is_missing(n) || is(n, "ERROR"))
		return NULL;
	level = !is(n, "comparison") && !is(n, "field");
	if (level && ++c->depth > VD_MAX_NESTING) {
		if (c->depth == VD_MAX_NESTING + 1)
			error_at(c, n, "condition nested deeper than %d levels; split it into several policies or use lists",
				VD_MAX_NESTING);
		c->depth--;
		return NULL;
	}
	if (is(n, "or_expression") || is(n, "and_expression")) {
		p = lower_chain(c, n);
	} else if (is(n, "not_expression")) {
		vd_pred *a = lower_expr(c, ts_node_child_by_field_name(n, "operand", 7));

		if (a) {
			p = new_pred(c, VD_P_NOT, n);
			p->a = a;
		}
	} else if (is(n, "parenthesized_expression")) {
		uint32_t i;

		for (i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode k = ts_node_named_child(n, i);

			if (!is(k, "comment")) {
				p = lower_expr(c, k);
				break;
			}
		}
	} else if (is(n, "comparison")) {
		p = lower_comparison(c, n);
	} else if (is(n, "field")) {
		p = lower_bare_field(c, n);
	}
	if (level)
		c->depth--;
	return p;
}

static uint32_t
groups_of(const vd_pred *p)
{
	if (p == NULL)
		return 0;
	switch (p->op) {
	case VD_P_AND: case VD_P_OR:
		return groups_of(p->a) | groups_of(p->b);
	case VD_P_NOT:
		return groups_of(p->a);
	default:
		return p->group != VD_GROUP_NONE ? 1u << p->group : 0;
	}
}

/* ---- messages ------------------------------------------------------- */

static void
lower_message(lctx *c, TSNode n, vd_msg *msg)
{
	uint32_t len, i, start = 0;
	const char *s = decode_string(c, n, &len);
	vd_vec(vd_msg_part) parts = VD_VEC_INIT;
	vd_buf lit = VD_BUF_INIT;
	bool ok = true;

	if (s == NULL)
		return;
	for (i = 0; i < len; i++) {
		vd_msg_part part;
		const char *close;
		int f;

		if (s[i] == '{' && i + 1 < len && s[i + 1] == '{') {
			vd__buf_putc(&lit, '{');
			i++;
			continue;
		}
		if (s[i] == '}' && i + 1 < len && s[i + 1] == '}') {
			vd__buf_putc(&lit, '}');
			i++;
			continue;
		}
		if (s[i] != '{') {
			vd__buf_putc(&lit, s[i]);
			continue;
		}
		close = memchr(s + i, '}', len - i);
		if (close == NULL) {
			error_at(c, n, "unclosed '{' in message; write {field} for a value or {{ for a brace");
			ok = false;
			break;
		}
		start = i + 1;
		part.input_key = NULL;
		if (close - (s + start) > 6 && memcmp(s + start, "input.", 6) == 0) {
			f = VD_FIELD_INPUT;
			part.input_key = vd__arena_strndup(&c->ir->arena, s + start + 6,
				(size_t)(close - (s + start)) - 6);
		} else {
			f = vd__field_lookup(s + start, (size_t)(close - (s + start)));
		}
		if (f < 0) {
			error_at(c, n, "unknown field '{%.*s}' in message; expected an event field such as {path} or {command}",
				(int)(close - (s + start)), s + start);
			ok = false;
		}
		part.literal = vd__arena_strndup(&c->ir->arena, vd__buf_cstr(&lit), lit.size);
		part.field = f;
		vd_vec_push(&parts, part);
		vd__buf_clear(&lit);
		i = (uint32_t)(close - s);
	}
	if (ok) {
		vd_msg_part tail;
		vd_msg_part *arr;

		tail.literal = vd__arena_strndup(&c->ir->arena, vd__buf_cstr(&lit), lit.size);
		tail.field = -1;
		tail.input_key = NULL;
		vd_vec_push(&parts, tail);
		arr = vd__arena_alloc(&c->ir->arena, sizeof(vd_msg_part) * parts.len);
		memcpy(arr, parts.ptr, sizeof(vd_msg_part) * parts.len);
		msg->parts = arr;
		msg->nparts = (uint32_t)parts.len;
	}
	vd_vec_dispose(&parts);
	vd_buf_dispose(&lit);
}

/* ---- policies --------------------------------------------------------- */

static bool
valid_id(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || !(isalnum((unsigned char)s[0])))
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

static const char *
decode_id(lctx *c, TSNode n, const char *what)
{
	uint32_t len;
	const char *s;

	if (ts_node_is_null(n) || ts_node_is_missing(n))
		return NULL;
	s = decode_string(c, n, &len);
	if (s == NULL)
		return NULL;
	if (!valid_id(s, len)) {
		error_at(c, n, "%s id \"%s\" is not valid; expected letters, digits, '.', '_' and '-', starting with a letter or digit",
			what, s);
		return NULL;
	}
	return s;
}

static void
lower_on(lctx *c, TSNode n, vd_policy *pol)
{
	uint32_t i;

	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode k = ts_node_named_child(n, i);
		size_t len;
		const char *s;

		if (is(k, "comment") || is(k, "ERROR") || ts_node_is_missing(k))
			continue;
		s = node_text(c, k, &len);
		if (is(k, "action_glob")) {
			rhs r;
			vd_str one;
			pcre2_code *re;
			pcre2_match_data *md;
			int a, hits = 0;

			memset(&r, 0, sizeof(r));
			one.s = s;
			one.len = (uint32_t)len;
			vd_vec_push(&r.strs, one);
			re = compile_globs(c, k, &r, false, NULL);
			rhs_dispose(&r);
			if (re == NULL)
				continue;
			md = pcre2_match_data_create_from_pattern(re, NULL);
			for (a = 0; a < VD_ACTION__COUNT; a++)
				if (pcre2_match(re, (PCRE2_SPTR)vd__action_names[a],
				    strlen(vd__action_names[a]), 0, 0, md, NULL) >= 0) {
					pol->actions |= 1ull << a;
					hits++;
				}
			pcre2_match_data_free(md);
			if (hits == 0)
				error_at(c, k, "action pattern '%.*s' matches no action; actions are shell.exec, file.read, file.write, ... (see `verdict explain --fields`)",
					(int)len, s);
		} else {
			int a = vd__action_lookup(s, len);

			if (a < 0) {
				vd_buf b = VD_BUF_INIT;

				const char *m = suggest(s, len, vd__action_names, VD_ACTION__COUNT);

				vd__buf_printf(&b, "unknown action '%.*s'", (int)len, s);
				if (m)
					vd__buf_printf(&b, " (did you mean '%s'?)", m);
				vd__buf_puts(&b, "; expected one of");
				for (a = 0; a < VD_ACTION__COUNT; a++)
					vd__buf_printf(&b, "%s %s", a ? "," : "", vd__action_names[a]);
				error_at(c, k, "%s", b.ptr);
				vd_buf_dispose(&b);
			} else {
				pol->actions |= 1ull << a;
			}
		}
	}
}

static bool
once(lctx *c, TSNode clause, TSNode *seen, const char *word, const char *owner)
{
	if (!ts_node_is_null(*seen)) {
		TSPoint p = ts_node_start_point(*seen);

		error_at(c, clause, "duplicate '%s' clause in %s (first at line %u); expected one%s",
			word, owner, p.row + 1,
			strcmp(word, "when") == 0 || strcmp(word, "unless") == 0 ?
			" (combine conditions with and / or)" : "");
		return false;
	}
	*seen = clause;
	return true;
}

static void
lower_policy(lctx *c, TSNode n)
{
	TSNode idn = ts_node_child_by_field_name(n, "id", 2);
	TSNode seen[7];
	static const char *const words[7] = { "risk", "mode", "severity", "on", "when", "unless", "message" };
	static const char *const clause_types[7] = { "risk_clause", "mode_clause", "severity_clause",
		"on_clause", "when_clause", "unless_clause", "message_clause" };
	vd_policy *pol;
	char owner[300];
	uint32_t i;
	size_t k;
	bool broken = ts_node_has_error(n);
	const char *id = decode_id(c, idn, "policy");

	if (id == NULL)
		return;
	memset(seen, 0, sizeof(seen));
	for (k = 0; k < 7; k++)
		seen[k] = (TSNode){ { 0 }, NULL, NULL };
	snprintf(owner, sizeof(owner), "policy \"%s\"", id);
	pol = vd__arena_calloc(&c->ir->arena, 1, sizeof(*pol));
	pol->id = id;
	pol->pack = c->src->pack;
	pol->loc = loc_of(c, idn);
	pol->mode = VD_MODE_UNSET;
	pol->severity = VD_MODE_BLOCK;

	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode cl = ts_node_named_child(n, i);
		TSNode v;

		for (k = 0; k < 7; k++)
			if (is(cl, clause_types[k]))
				break;
		if (k == 7)
			continue; /* the id, comments, ERROR nodes */
		if (!once(c, cl, &seen[k], words[k], owner))
			continue;
		switch (k) {
		case 0:
			pol->risk = node_dup(c, ts_node_child_by_field_name(cl, "class", 5));
			break;
		case 1:
		case 2: {
			size_t len;
			const char *s;
			int m;

			v = ts_node_child_by_field_name(cl, "value", 5);
			if (ts_node_is_null(v))
				break;
			s = node_text(c, v, &len);
			m = vd__mode_parse(s, len);
			if (k == 1 && m < 0)
				error_at(c, v, "unknown mode '%.*s'; expected observe, warn, ask or block", (int)len, s);
			else if (k == 2 && m <= VD_MODE_OBSERVE)
				error_at(c, v, "unknown severity '%.*s'; expected warn, ask or block (observe is a mode, not a severity)",
					(int)len, s);
			else if (k == 1)
				pol->mode = m;
			else
				pol->severity = (vd_mode)m;
			break;
		}
		case 3:
			lower_on(c, cl, pol);
			break;
		case 4:
			pol->when = lower_expr(c, ts_node_child_by_field_name(cl, "condition", 9));
			break;
		case 5:
			pol->unless = lower_expr(c, ts_node_child_by_field_name(cl, "condition", 9));
			break;
		case 6:
			v = ts_node_child_by_field_name(cl, "text", 4);
			if (!ts_node_is_null(v))
				lower_message(c, v, &pol->message);
			break;
		}
	}
	/* When the block itself did not parse, missing clauses are noise. */
	if (!broken) {
		if (ts_node_is_null(seen[3]))
			diag_at_loc(c, pol->loc, VD_DIAG_ERROR,
				"policy \"%s\" has no 'on' clause; expected the actions it judges, e.g. `on shell.exec` or `on file.*`", id);
		if (ts_node_is_null(seen[4]))
			diag_at_loc(c, pol->loc, VD_DIAG_ERROR,
				"policy \"%s\" has no 'when' clause; expected the condition it matches, e.g. `when path matches \"**/.env\"`", id);
	}
	if (pol->mode != VD_MODE_UNSET && pol->mode > (int)pol->severity)
		error_at(c, seen[1], "mode %s is above severity %s in policy \"%s\"; a policy's mode rises at most to its severity",
			vd_mode_name((vd_mode)pol->mode), vd_mode_name(pol->severity), id);
	pol->groups = groups_of(pol->when) | groups_of(pol->unless);
	vd_vec_push(&c->ir->policies, pol);
}

/* ---- ramp, exceptions, settings --------------------------------------- */

static void
lower_ramp(lctx *c, TSNode n)
{
	uint32_t i;

	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode e = ts_node_named_child(n, i), t, m;
		vd_ramp_entry r;
		size_t len;
		const char *s;
		int mode;

		if (!is(e, "ramp_entry"))
			continue;
		t = ts_node_child_by_field_name(e, "target", 6);
		m = ts_node_child_by_field_name(e, "mode", 4);
		if (ts_node_is_null(t) || ts_node_is_null(m) || ts_node_is_missing(m))
			continue;
		s = node_text(c, m, &len);
		mode = vd__mode_parse(s, len);
		if (mode < 0) {
			error_at(c, m, "unknown mode '%.*s' in ramp; expected observe, warn, ask or block", (int)len, s);
			continue;
		}
		if (is(t, "identifier")) {
			r.target = node_dup(c, t);
		} else {
			uint32_t tl;

			r.target = decode_string(c, t, &tl);
			if (r.target == NULL)
				continue;
		}
		r.mode = (vd_mode)mode;
		r.loc = loc_of(c, t);
		vd_vec_push(&c->ir->ramp, r);
	}
}

static bool
parse_date(const char *s, int64_t *end_of_day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	struct tm tm;
	bool leap;

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1)
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*end_of_day = (int64_t)timegm(&tm) + 86400;
	return true;
}

static void
lower_exception(lctx *c, TSNode n)
{
	TSNode idn = ts_node_child_by_field_name(n, "id", 2);
	static const char *const clause_types[5] = { "policies_clause", "when_clause",
		"reason_clause", "owner_clause", "expires_clause" };
	static const char *const words[5] = { "policies", "when", "reason", "owner", "expires" };
	TSNode seen[5];
	vd_exception *ex;
	char owner[300];
	uint32_t i, tl;
	size_t k;
	const char *id = decode_id(c, idn, "exception");

	if (id == NULL)
		return;
	for (k = 0; k < 5; k++)
		seen[k] = (TSNode){ { 0 }, NULL, NULL };
	snprintf(owner, sizeof(owner), "exception \"%s\"", id);
	ex = vd__arena_calloc(&c->ir->arena, 1, sizeof(*ex));
	ex->id = id;
	ex->pack = c->src->pack;
	ex->loc = loc_of(c, idn);
	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode cl = ts_node_named_child(n, i), v;

		for (k = 0; k < 5; k++)
			if (is(cl, clause_types[k]))
				break;
		if (k == 5 || !once(c, cl, &seen[k], words[k], owner))
			continue;
		switch (k) {
		case 0: {
			rhs r;
			uint32_t j;
			vd_str *pats;

			memset(&r, 0, sizeof(r));
			for (j = 0; j < ts_node_named_child_count(cl); j++) {
				TSNode p = ts_node_named_child(cl, j);

				if (is(p, "string") || is(p, "raw_string"))
					add_scalar(c, &r, p);
			}
			if (!r.bad && r.strs.len) {
				ex->policies_re = compile_globs(c, cl, &r, false, NULL);
				pats = (vd_str *)copy_strs(c, &r);
				ex->patterns = pats;
				ex->npatterns = (uint32_t)r.strs.len;
			}
			rhs_dispose(&r);
			break;
		}
		case 1:
			ex->when = lower_expr(c, ts_node_child_by_field_name(cl, "condition", 9));
			break;
		case 2:
			v = ts_node_child_by_field_name(cl, "text", 4);
			if (!ts_node_is_null(v))
				ex->reason = decode_string(c, v, &tl);
			break;
		case 3:
			v = ts_node_child_by_field_name(cl, "name", 4);
			if (!ts_node_is_null(v))
				ex->owner = decode_string(c, v, &tl);
			break;
		case 4:
			v = ts_node_child_by_field_name(cl, "date", 4);
			if (ts_node_is_null(v))
				break;
			ex->expires = node_dup(c, v);
			if (!parse_date(ex->expires, &ex->expires_at)) {
				error_at(c, v, "'%s' is not a date; expected YYYY-MM-DD", ex->expires);
				ex->expires = NULL;
			}
			break;
		}
	}
	if (!ts_node_has_error(n)) {
		if (ts_node_is_null(seen[0]))
			diag_at_loc(c, ex->loc, VD_DIAG_ERROR,
				"exception \"%s\" has no 'policies' clause; expected the policy ids it covers, e.g. `policies \"secrets.*\"`", id);
		if (ts_node_is_null(seen[2]))
			diag_at_loc(c, ex->loc, VD_DIAG_ERROR,
				"exception \"%s\" has no 'reason'; say why it is safe, e.g. `reason \"throwaway credentials\"`", id);
		if (ts_node_is_null(seen[3]))
			diag_at_loc(c, ex->loc, VD_DIAG_ERROR,
				"exception \"%s\" has no 'owner'; name who answers for it, e.g. `owner \"alice\"`", id);
	}
	ex->groups = groups_of(ex->when);
	if (ex->policies_re)
		vd_vec_push(&c->ir->exceptions, ex);
}

/* Settings the policy repo may carry: name, allowed values, meaning. */
static const struct {
	const char *name;
	const char *const values[4];
	const char *doc;
} known_settings[] = {
	{ "on_error", { "block", "pass", NULL }, "what agent and git hooks do when verdict itself fails" },
};

static void
lower_settings(lctx *c, TSNode n)
{
	uint32_t i;

	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode s = ts_node_named_child(n, i), nm, v;
		vd_setting st;
		size_t len, vlen, k, j;
		const char *name, *val;
		bool found = false, okv = false;

		if (!is(s, "setting"))
			continue;
		nm = ts_node_child_by_field_name(s, "name", 4);
		v = ts_node_child_by_field_name(s, "value", 5);
		if (ts_node_is_null(nm) || ts_node_is_null(v) || ts_node_is_missing(v))
			continue;
		name = node_text(c, nm, &len);
		for (k = 0; k < VD_ARRAY_SIZE(known_settings); k++) {
			if (strlen(known_settings[k].name) != len ||
			    memcmp(known_settings[k].name, name, len) != 0)
				continue;
			found = true;
			break;
		}
		if (!found) {
			error_at(c, nm, "unknown setting '%.*s'; expected on_error", (int)len, name);
			continue;
		}
		if (is(v, "string") || is(v, "raw_string")) {
			uint32_t l32;

			val = decode_string(c, v, &l32);
			if (val == NULL)
				continue;
			vlen = l32;
		} else {
			val = node_text(c, v, &vlen);
		}
		for (j = 0; known_settings[k].values[j]; j++)
			if (strlen(known_settings[k].values[j]) == vlen &&
			    memcmp(known_settings[k].values[j], val, vlen) == 0)
				okv = true;
		if (!okv) {
			vd_buf b = VD_BUF_INIT;

			for (j = 0; known_settings[k].values[j]; j++)
				vd__buf_printf(&b, "%s%s", j ? " or " : "", known_settings[k].values[j]);
			error_at(c, v, "invalid value '%.*s' for %s; expected %s", (int)vlen, val,
				known_settings[k].name, b.ptr);
			vd_buf_dispose(&b);
			continue;
		}
		st.name = known_settings[k].name;
		st.value = vd__arena_strndup(&c->ir->arena, val, vlen);
		st.loc = loc_of(c, nm);
		vd_vec_push(&c->ir->settings, st);
	}
}

/* ---- syntax errors -------------------------------------------------- */

static const char *
context_hint(TSNode parent)
{
	const char *t = ts_node_is_null(parent) ? "source_file" : ts_node_type(parent);

	if (strcmp(t, "source_file") == 0)
		return "expected a top-level item: policy, list, ramp, exception or settings";
	if (strcmp(t, "policy") == 0)
		return "expected a policy clause: risk, mode, severity, on, when, unless or message, or '}'";
	if (strcmp(t, "exception") == 0)
		return "expected an exception clause: policies, when, reason, owner or expires, or '}'";
	if (strcmp(t, "ramp") == 0 || strcmp(t, "ramp_entry") == 0)
		return "expected a ramp entry: <risk class or policy id> <observe|warn|ask|block>, or '}'";
	if (strcmp(t, "settings") == 0 || strcmp(t, "setting") == 0)
		return "expected a setting: <name> <value>, or '}'";
	if (strcmp(t, "on_clause") == 0)
		return "expected actions separated by commas, e.g. `on file.read, file.edit`";
	if (strcmp(t, "list") == 0 || strcmp(t, "list_declaration") == 0)
		return "expected a list of quoted strings or numbers, e.g. [\"a\", \"b\"]";
	if (strcmp(t, "expires_clause") == 0)
		return "expected a date, YYYY-MM-DD";
	return "expected a condition: a comparison such as `path matches \"**/.env\"`, joined with and, or, not and parentheses";
}

/*
 * An unterminated string swallows the rest of its line, and tree-sitter's
 * recovery then blames whatever token it gave up on.  Scan the erroneous
 * range the way the lexer would and point at the quote that never closed.
 */
static bool
unterminated_string(lctx *c, TSNode n)
{
	uint32_t i = ts_node_start_byte(n), end = ts_node_end_byte(n);
	const char *t = c->text;

	while (i < end) {
		char q = t[i];

		if (q == '#') {
			while (i < end && t[i] != '\n')
				i++;
		} else if (q == '"' || q == '\'') {
			uint32_t open = i++;

			while (i < c->src->len && t[i] != q && t[i] != '\n') {
				if (q == '"' && t[i] == '\\' && i + 1 < c->src->len && t[i + 1] != '\n')
					i++;
				i++;
			}
			if (i >= c->src->len || t[i] == '\n') {
				uint32_t line = 1, col = 1, k;

				for (k = 0; k < open; k++) {
					if (t[k] == '\n') {
						line++;
						col = 1;
					} else {
						col++;
					}
				}
				vd__diag(c->d, VD_DIAG_ERROR, c->src->path, line, col, col + (i - open),
					"unterminated string; expected a closing %c on the same line", q);
				return true;
			}
		}
		i++;
	}
	return false;
}

static void
report_syntax(lctx *c, TSNode n, TSNode parent)
{
	uint32_t i;

	if (ts_node_is_missing(n)) {
		const char *t = ts_node_type(n);

		if (strcmp(t, "identifier") == 0 || strcmp(t, "field") == 0)
			error_at(c, n, "missing name or field here; %s", context_hint(parent));
		else if (strlen(t) <= 3 || !isalpha((unsigned char)t[0]))
			error_at(c, n, "missing '%s'", t);
		else
			error_at(c, n, "missing %s here; %s", t, context_hint(parent));
		return;
	}
	if (is(n, "ERROR")) {
		size_t len;
		const char *s = node_text(c, n, &len);
		TSNode first = n;
		size_t flen;
		const char *ft;

		while (ts_node_child_count(first) > 0)
			first = ts_node_child(first, 0);
		ft = node_text(c, first, &flen);
		if (flen == 0) {
			ft = s;
			flen = len;
		}
		if (unterminated_string(c, n))
			return;
		if ((flen == 3 && memcmp(ft, "and", 3) == 0) || (flen == 2 && memcmp(ft, "or", 2) == 0) ||
		    (flen == 3 && memcmp(ft, "not", 3) == 0)) {
			error_at(c, first, "incomplete condition: '%.*s' needs a comparison after it, e.g. `user == \"alice\"`",
				(int)flen, ft);
			return;
		}
		if (flen > 32)
			flen = 32;
		{
			const char *nl = memchr(ft, '\n', flen);

			if (nl)
				flen = (size_t)(nl - ft);
		}
		error_at(c, n, "unexpected '%.*s'; %s", (int)flen, ft, context_hint(parent));
		return;
	}
	if (!ts_node_has_error(n))
		return;
	for (i = 0; i < ts_node_child_count(n); i++)
		report_syntax(c, ts_node_child(n, i), n);
}

/* ---- files ---------------------------------------------------------- */

static bool
check_bytes(lctx *c)
{
	const unsigned char *s = (const unsigned char *)c->src->text;
	size_t i = 0, len = c->src->len;
	uint32_t line = 1, col = 1;

	if (len > VD_MAX_POLICY_FILE) {
		vd__diag(c->d, VD_DIAG_ERROR, c->src->path, 1, 1, 2,
			"file is %zu bytes; the limit is %d bytes per policy file (split it)",
			len, VD_MAX_POLICY_FILE);
		return false;
	}
	while (i < len) {
		size_t n = 0;
		uint32_t cp = 0;

		if (s[i] == 0)
			goto bad;
		if (s[i] < 0x80) {
			if (s[i] == '\n') {
				line++;
				col = 0;
			}
			i++;
			col++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) { n = 1; cp = s[i] & 0x1F; }
		else if ((s[i] & 0xF0) == 0xE0) { n = 2; cp = s[i] & 0x0F; }
		else if ((s[i] & 0xF8) == 0xF0) { n = 3; cp = s[i] & 0x07; }
		else goto bad;
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n + 1;
		col += (uint32_t)n + 1;
	}
	return true;
bad:
	vd__diag(c->d, VD_DIAG_ERROR, c->src->path, line, col, col + 1,
		s[i] == 0 ? "NUL byte in policy file; expected UTF-8 text" :
		"invalid UTF-8 byte 0x%02x; expected UTF-8 text", s[i]);
	return false;
}

size_t
vd__lower(vd_ir *ir, const vd_source *files, size_t nfiles, vd_diags *d)
{
	TSParser *parser = ts_parser_new();
	TSTree **trees = vd__calloc(nfiles ? nfiles : 1, sizeof(TSTree *));
	size_t errors_before = d->errors, f;
	vd_source *own = NULL;
	lctx c;

	if (!ts_parser_set_language(parser, tree_sitter_verdict())) {
		vd__diag(d, VD_DIAG_ERROR, "", 1, 1, 2,
			"the policy grammar does not load in this tree-sitter runtime (ABI mismatch)");
		goto done;
	}
	memset(&c, 0, sizeof(c));
	c.ir = ir;
	c.d = d;
	/* The IR outlives the caller's sources: keep its own names. */
	own = vd__calloc(nfiles ? nfiles : 1, sizeof(vd_source));
	for (f = 0; f < nfiles; f++) {
		own[f] = files[f];
		own[f].path = vd__arena_strdup(&ir->arena, files[f].path);
		own[f].pack = vd__arena_strdup(&ir->arena, files[f].pack ? files[f].pack : "");
	}
	files = own;

	/* Pass 1: parse, report syntax, and collect the lists every file may use. */
	for (f = 0; f < nfiles; f++) {
		TSNode root;
		uint32_t i;

		c.src = &files[f];
		c.text = files[f].text;
		/* An oversized file is reported by its size; its bytes may not even be read. */
		if (files[f].len > VD_MAX_POLICY_FILE)
			vd__diags_add_source(d, files[f].path, "", 0);
		else
			vd__diags_add_source(d, files[f].path, files[f].text, files[f].len);
		if (!check_bytes(&c))
			continue;
		trees[f] = ts_parser_parse_string(parser, NULL, files[f].text, (uint32_t)files[f].len);
		if (trees[f] == NULL)
			continue;
		root = ts_tree_root_node(trees[f]);
		report_syntax(&c, root, (TSNode){ { 0 }, NULL, NULL });
		for (i = 0; i < ts_node_named_child_count(root); i++) {
			TSNode item = ts_node_named_child(root, i);

			if (is(item, "list_declaration"))
				lower_list_decl(&c, item);
		}
	}

	/* Pass 2: everything else. */
	for (f = 0; f < nfiles; f++) {
		TSNode root;
		uint32_t i;

		if (trees[f] == NULL)
			continue;
		c.src = &files[f];
		c.text = files[f].text;
		root = ts_tree_root_node(trees[f]);
		for (i = 0; i < ts_node_named_child_count(root); i++) {
			TSNode item = ts_node_named_child(root, i);

			if (is(item, "policy"))
				lower_policy(&c, item);
			else if (is(item, "ramp"))
				lower_ramp(&c, item);
			else if (is(item, "exception"))
				lower_exception(&c, item);
			else if (is(item, "settings"))
				lower_settings(&c, item);
		}
	}
done:
	for (f = 0; f < nfiles; f++)
		if (trees[f])
			ts_tree_delete(trees[f]);
	vd__free(trees);
	vd__free(own);
	ts_parser_delete(parser);
	return d->errors - errors_before;
}

void
vd__ir_dispose(vd_ir *ir)
{
	size_t i;

	for (i = 0; i < ir->patterns.len; i++)
		pcre2_code_free(ir->patterns.ptr[i]);
	vd_vec_dispose(&ir->patterns);
	for (i = 0; i < ir->sets.len; i++)
		vd__strmap_dispose(ir->sets.ptr[i]);
	vd_vec_dispose(&ir->sets);
	vd_vec_dispose(&ir->policies);
	vd_vec_dispose(&ir->lists);
	vd_vec_dispose(&ir->ramp);
	vd_vec_dispose(&ir->exceptions);
	vd_vec_dispose(&ir->settings);
	vd__arena_dispose(&ir->arena);
}
