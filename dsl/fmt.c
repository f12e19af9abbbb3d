/*
 * fmt.c - the one canonical layout of a policy file (`verdict fmt`).
 *
 * Layer: dsl.  Works on the concrete syntax tree, so every comment is kept
 * and every token is written exactly as it was (strings keep their quotes
 * and escapes, numbers their units).  The layout:
 *
 *  - top-level items are separated by one blank line; a list declaration
 *    may sit right under another when the source had them adjacent; a
 *    comment right above an item stays attached to it;
 *  - blocks (policy, exception, ramp, settings) put one clause per line,
 *    indented two spaces, with clause keywords padded to nine columns
 *    (`severity block`), ramp targets and setting names aligned; `;` goes;
 *  - a clause longer than 100 columns breaks its and/or chain before each
 *    operator, continuation lines aligned under the condition, parenthesized
 *    operands breaking the same way inside; long lists in a condition wrap
 *    under their '['; a long list declaration holds one element per line,
 *    each followed by a comma;
 *  - blank lines inside blocks and lists are kept (at most one); a trailing
 *    comment stays at the end of its line, one space after the code.
 *
 * A condition with a comment in the middle is written token by token with a
 * line break after each comment.  Formatting is idempotent, and every run
 * checks its own output: it must parse, and hold the same tokens (but `;`
 * and `,`) and comments in the same order, or nothing is written.
 */
#include "ir.h"
#include "../engine/buf.h"

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_verdict(void);

#define WIDTH 100       /* columns a clause may use before it breaks */
#define KEYWORD 9       /* clause keywords are padded to this width */

typedef struct {
	const char *src;
	vd_buf *out;
	size_t line_start;      /* offset in out of the current line */
	uint32_t prev_row;      /* source row where the last emitted node ended */
} fmt;

/* ---- output ------------------------------------------------------------------ */

static size_t
col(const fmt *f)
{
	return f->out->size - f->line_start;
}

static void
newline(fmt *f)
{
	vd__buf_putc(f->out, '\n');
	f->line_start = f->out->size;
}

static void
spaces(fmt *f, size_t n)
{
	while (n-- > 0)
		vd__buf_putc(f->out, ' ');
}

static bool
is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

static void
put_node(fmt *f, TSNode n)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	/* Comments run to the end of the line: drop trailing blanks and a CR. */
	if (is(n, "comment"))
		while (e > s && (f->src[e - 1] == ' ' || f->src[e - 1] == '\t' || f->src[e - 1] == '\r'))
			e--;
	vd__buf_put(f->out, f->src + s, e - s);
}

static void
node_text(const fmt *f, TSNode n, vd_buf *b)
{
	vd__buf_put(b, f->src + ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
}

static bool
has_comment(TSNode n)
{
	uint32_t i;

	if (is(n, "comment"))
		return true;
	for (i = 0; i < ts_node_child_count(n); i++)
		if (has_comment(ts_node_child(n, i)))
			return true;
	return false;
}

/* ---- conditions ---------------------------------------------------------------- */

static TSNode
field(TSNode n, const char *name)
{
	return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

static TSNode
first_named(TSNode n)
{
	uint32_t i;

	for (i = 0; i < ts_node_named_child_count(n); i++)
		if (!is(ts_node_named_child(n, i), "comment"))
			return ts_node_named_child(n, i);
	return (TSNode){ { 0 }, NULL, NULL };
}

/* A condition, list or value on one line, single spaces between tokens. */
static void
flat(const fmt *f, TSNode n, vd_buf *b)
{
	uint32_t i;

	if (is(n, "or_expression") || is(n, "and_expression")) {
		flat(f, field(n, "left"), b);
		vd__buf_puts(b, is(n, "or_expression") ? " or " : " and ");
		flat(f, field(n, "right"), b);
	} else if (is(n, "not_expression")) {
		vd__buf_puts(b, "not ");
		flat(f, field(n, "operand"), b);
	} else if (is(n, "parenthesized_expression")) {
		vd__buf_putc(b, '(');
		flat(f, first_named(n), b);
		vd__buf_putc(b, ')');
	} else if (is(n, "comparison")) {
		flat(f, field(n, "left"), b);
		vd__buf_putc(b, ' ');
		flat(f, field(n, "operator"), b);
		vd__buf_putc(b, ' ');
		flat(f, field(n, "right"), b);
	} else if (is(n, "list")) {
		bool first = true;

		vd__buf_putc(b, '[');
		for (i = 0; i < ts_node_named_child_count(n); i++) {
			if (!first)
				vd__buf_puts(b, ", ");
			first = false;
			node_text(f, ts_node_named_child(n, i), b);
		}
		vd__buf_putc(b, ']');
	} else {
		node_text(f, n, b);
	}
}

/* A list in a condition: elements fill lines, wrapping under the '['. */
static void
wrap_list(fmt *f, TSNode n)
{
	size_t at, i, count = ts_node_named_child_count(n);

	vd__buf_putc(f->out, '[');
	at = col(f);
	for (i = 0; i < count; i++) {
		vd_buf e = VD_BUF_INIT;

		node_text(f, ts_node_named_child(n, (uint32_t)i), &e);
		if (i > 0) {
			if (col(f) + 2 + e.size + 1 > WIDTH) {
				vd__buf_putc(f->out, ',');
				newline(f);
				spaces(f, at);
			} else {
				vd__buf_puts(f->out, ", ");
			}
		}
		vd__buf_put(f->out, e.ptr, e.size);
		vd_buf_dispose(&e);
	}
	vd__buf_putc(f->out, ']');
}

/*
 * A condition from the current column: on one line when it fits, else its
 * and/or chain broken before each operator with the operators aligned
 * where the condition started.
 */
static void
expr(fmt *f, TSNode n)
{
	size_t at = col(f);
	vd_buf b = VD_BUF_INIT;

	flat(f, n, &b);
	if (at + b.size <= WIDTH) {
		vd__buf_put(f->out, b.ptr, b.size);
		vd_buf_dispose(&b);
		return;
	}
	vd_buf_dispose(&b);
	if (is(n, "or_expression") || is(n, "and_expression")) {
		vd_vec(TSNode) chain = VD_VEC_INIT;
		const char *type = ts_node_type(n), *op = is(n, "or_expression") ? "or" : "and";
		TSNode p = n;
		size_t i;

		/* Left-associative: the chain hangs down the left operands. */
		while (strcmp(ts_node_type(p), type) == 0) {
			vd_vec_push(&chain, field(p, "right"));
			p = field(p, "left");
		}
		vd_vec_push(&chain, p);
		for (i = chain.len; i-- > 0;) {
			if (i + 1 < chain.len) {
				newline(f);
				spaces(f, at);
				vd__buf_puts(f->out, op);
				vd__buf_putc(f->out, ' ');
			}
			expr(f, chain.ptr[i]);
		}
		vd_vec_dispose(&chain);
	} else if (is(n, "parenthesized_expression")) {
		vd__buf_putc(f->out, '(');
		expr(f, first_named(n));
		vd__buf_putc(f->out, ')');
	} else if (is(n, "not_expression")) {
		vd__buf_puts(f->out, "not ");
		expr(f, field(n, "operand"));
	} else if (is(n, "comparison") && is(field(n, "right"), "list")) {
		flat(f, field(n, "left"), f->out);
		vd__buf_putc(f->out, ' ');
		flat(f, field(n, "operator"), f->out);
		vd__buf_putc(f->out, ' ');
		wrap_list(f, field(n, "right"));
	} else {
		flat(f, n, f->out);
	}
}

/*
 * Token by token, for a value with comments inside: single spaces, none
 * inside brackets or before commas, a line break after each comment with
 * the next line starting at column `at`.
 */
static void
tokens(fmt *f, TSNode n, size_t at, bool *fresh, bool *glue)
{
	uint32_t i, count = ts_node_child_count(n);
	bool leaf = count == 0 || is(n, "string") || is(n, "raw_string") || is(n, "comment");

	if (!leaf) {
		for (i = 0; i < count; i++)
			tokens(f, ts_node_child(n, i), at, fresh, glue);
		return;
	}
	if (is(n, "comment")) {
		if (!*fresh)
			vd__buf_putc(f->out, ' ');
		put_node(f, n);
		newline(f);
		spaces(f, at);
		*fresh = true;
		*glue = false;
		return;
	}
	{
		char c = f->src[ts_node_start_byte(n)];
		bool closing = ts_node_end_byte(n) - ts_node_start_byte(n) == 1 && (c == ')' || c == ']' || c == ',');

		if (!*fresh && !*glue && !closing)
			vd__buf_putc(f->out, ' ');
		put_node(f, n);
		*glue = ts_node_end_byte(n) - ts_node_start_byte(n) == 1 && (c == '(' || c == '[');
		*fresh = false;
	}
}

/* Drop a line holding only indentation (left by a comment at a value's end). */
static void
trim_blank_line(fmt *f)
{
	size_t i;

	for (i = f->line_start; i < f->out->size; i++)
		if (f->out->ptr[i] != ' ')
			return;
	f->out->size = f->line_start;
	if (f->out->ptr)
		f->out->ptr[f->out->size] = '\0';
}

/* ---- blocks -------------------------------------------------------------------- */

/* The current line has code on it (so a comment now is a trailing one). */
static bool
line_has_code(const fmt *f)
{
	return f->out->size > f->line_start;
}

/* Start a new line for a child that begins at source row `row`. */
static void
start_child(fmt *f, uint32_t row, bool first, size_t indent)
{
	if (line_has_code(f))
		newline(f);
	if (!first && row > f->prev_row + 1)
		newline(f);
	spaces(f, indent);
}

/* A comment child: trailing when it shares the row of what came before. */
static void
comment_child(fmt *f, TSNode c, bool first, size_t indent)
{
	uint32_t row = ts_node_start_point(c).row;

	if (row == f->prev_row && line_has_code(f)) {
		vd__buf_putc(f->out, ' ');
	} else {
		start_child(f, row, first, indent);
	}
	put_node(f, c);
	f->prev_row = ts_node_end_point(c).row;
}

/* A clause: keyword padded, then its value(s). */
static void
clause(fmt *f, TSNode cl)
{
	TSNode kw = ts_node_child(cl, 0);
	uint32_t i, n = ts_node_child_count(cl);
	size_t len = ts_node_end_byte(kw) - ts_node_start_byte(kw);

	put_node(f, kw);
	spaces(f, len < KEYWORD ? KEYWORD - len : 1);
	if (has_comment(cl)) {
		bool fresh = true, glue = false;
		size_t at = col(f);

		for (i = 1; i < n; i++)
			tokens(f, ts_node_child(cl, i), at, &fresh, &glue);
		trim_blank_line(f);
	} else if (is(cl, "on_clause") || is(cl, "policies_clause")) {
		/* A comma-separated list of names or patterns. */
		bool first = true;

		for (i = 1; i < n; i++) {
			TSNode c = ts_node_child(cl, i);

			if (!ts_node_is_named(c))
				continue;
			if (!first)
				vd__buf_puts(f->out, ", ");
			put_node(f, c);
			first = false;
		}
	} else if (ts_node_named_child_count(cl) >= 1) {
		TSNode v = ts_node_named_child(cl, 0);

		if (is(cl, "when_clause") || is(cl, "unless_clause"))
			expr(f, v);
		else
			put_node(f, v);
	}
	f->prev_row = ts_node_end_point(cl).row;
}

/* The body of a policy or exception: clauses and comments between { }. */
static void
block_body(fmt *f, TSNode n, uint32_t from)
{
	uint32_t i;
	bool first = true;

	for (i = from; i < ts_node_child_count(n); i++) {
		TSNode c = ts_node_child(n, i);

		if (!ts_node_is_named(c))
			continue;
		if (is(c, "comment")) {
			comment_child(f, c, first, 2);
		} else {
			start_child(f, ts_node_start_point(c).row, first, 2);
			clause(f, c);
		}
		first = false;
	}
	if (line_has_code(f))
		newline(f);
	vd__buf_putc(f->out, '}');
}

/* Index of the child after the block's '{'. */
static uint32_t
after_brace(fmt *f, TSNode n)
{
	uint32_t i;

	for (i = 0; i < ts_node_child_count(n); i++) {
		TSNode c = ts_node_child(n, i);

		if (!ts_node_is_named(c) && f->src[ts_node_start_byte(c)] == '{') {
			f->prev_row = ts_node_end_point(c).row;
			return i + 1;
		}
	}
	return ts_node_child_count(n);
}

static void
policy_like(fmt *f, TSNode n, const char *word)
{
	vd__buf_puts(f->out, word);
	vd__buf_putc(f->out, ' ');
	put_node(f, field(n, "id"));
	vd__buf_puts(f->out, " {");
	block_body(f, n, after_brace(f, n));
}

/* ramp { target mode } and settings { name value }: the second column aligned. */
static void
table(fmt *f, TSNode n, const char *word, const char *entry, const char *k1, const char *k2)
{
	uint32_t i, from;
	size_t width = 0;
	bool first = true;

	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode e = ts_node_named_child(n, i);

		if (is(e, entry)) {
			TSNode t = field(e, k1);
			size_t w = ts_node_end_byte(t) - ts_node_start_byte(t);

			width = w > width ? w : width;
		}
	}
	vd__buf_puts(f->out, word);
	vd__buf_puts(f->out, " {");
	from = after_brace(f, n);
	for (i = from; i < ts_node_child_count(n); i++) {
		TSNode c = ts_node_child(n, i);

		if (!ts_node_is_named(c))
			continue;
		if (is(c, "comment")) {
			comment_child(f, c, first, 2);
		} else {
			TSNode t = field(c, k1), v = field(c, k2);

			start_child(f, ts_node_start_point(c).row, first, 2);
			put_node(f, t);
			spaces(f, width + 2 - (ts_node_end_byte(t) - ts_node_start_byte(t)));
			put_node(f, v);
			f->prev_row = ts_node_end_point(c).row;
		}
		first = false;
	}
	if (line_has_code(f))
		newline(f);
	vd__buf_putc(f->out, '}');
}

/* list NAME = [...]: one line when it fits and holds no comment, else one element per line. */
static void
list_declaration(fmt *f, TSNode n)
{
	TSNode list = field(n, "value");
	vd_buf b = VD_BUF_INIT;
	uint32_t i;
	bool first = true;

	vd__buf_puts(f->out, "list ");
	put_node(f, field(n, "name"));
	vd__buf_puts(f->out, " = ");
	if (!is(list, "list")) {
		put_node(f, list);
		return;
	}
	flat(f, list, &b);
	if (!has_comment(list) && col(f) + b.size <= WIDTH) {
		vd__buf_put(f->out, b.ptr, b.size);
		vd_buf_dispose(&b);
		f->prev_row = ts_node_end_point(n).row;
		return;
	}
	vd_buf_dispose(&b);
	vd__buf_putc(f->out, '[');
	f->prev_row = ts_node_start_point(list).row;
	for (i = 0; i < ts_node_child_count(list); i++) {
		TSNode c = ts_node_child(list, i);

		if (!ts_node_is_named(c))
			continue;
		if (is(c, "comment")) {
			comment_child(f, c, first, 2);
		} else {
			start_child(f, ts_node_start_point(c).row, first, 2);
			put_node(f, c);
			vd__buf_putc(f->out, ',');
			f->prev_row = ts_node_end_point(c).row;
		}
		first = false;
	}
	if (line_has_code(f))
		newline(f);
	vd__buf_putc(f->out, ']');
}

static bool
is_block(TSNode n)
{
	return is(n, "policy") || is(n, "exception") || is(n, "ramp") || is(n, "settings");
}

/*
 * A comment where the layout has no place for one: before a block's '{',
 * inside a ramp entry or setting, or around a list declaration's '='.
 */
static bool
stray_comment(TSNode n)
{
	uint32_t i;
	bool before_brace = true;

	for (i = 0; i < ts_node_child_count(n); i++) {
		TSNode c = ts_node_child(n, i);

		if (!ts_node_is_named(c) && strcmp(ts_node_type(c), "{") == 0)
			before_brace = false;
		if (is(c, "comment") && (before_brace || is(n, "list_declaration")))
			return true;
		if ((is(c, "ramp_entry") || is(c, "setting")) && has_comment(c))
			return true;
	}
	return false;
}

static void
item(fmt *f, TSNode n)
{
	if (stray_comment(n)) {
		/* Kept token by token: odd, but nothing is lost and it stays put. */
		bool fresh = true, glue = false;

		tokens(f, n, 0, &fresh, &glue);
		trim_blank_line(f);
	} else if (is(n, "policy"))
		policy_like(f, n, "policy");
	else if (is(n, "exception"))
		policy_like(f, n, "exception");
	else if (is(n, "ramp"))
		table(f, n, "ramp", "ramp_entry", "target", "mode");
	else if (is(n, "settings"))
		table(f, n, "settings", "setting", "name", "value");
	else if (is(n, "list_declaration"))
		list_declaration(f, n);
	else
		put_node(f, n);
	f->prev_row = ts_node_end_point(n).row;
}

static void
source_file(fmt *f, TSNode root)
{
	uint32_t i;
	bool first = true, prev_block = false, prev_comment = false;

	for (i = 0; i < ts_node_named_child_count(root); i++) {
		TSNode c = ts_node_named_child(root, i);
		uint32_t row = ts_node_start_point(c).row;
		bool blank;

		if (is(c, "comment") && !first && row == f->prev_row && line_has_code(f)) {
			vd__buf_putc(f->out, ' ');
			put_node(f, c);
			continue;   /* trailing: the item before it is still "previous" */
		}
		if (line_has_code(f))
			newline(f);
		blank = !first && (row > f->prev_row + 1 || prev_block ||
			(is_block(c) && !(prev_comment && row == f->prev_row + 1)));
		if (blank)
			newline(f);
		if (is(c, "comment")) {
			put_node(f, c);
			f->prev_row = ts_node_end_point(c).row;
		} else {
			item(f, c);
		}
		prev_block = is_block(c);
		prev_comment = is(c, "comment");
		first = false;
	}
	if (line_has_code(f))
		newline(f);
}

/* ---- the self-check ----------------------------------------------------------------- */

/* Every leaf token but ';' and ',' (which the layout may drop or add), in order. */
static void
leaves(const char *src, TSNode n, vd_buf *b)
{
	uint32_t i, count = ts_node_child_count(n);
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	if (count == 0 || is(n, "string") || is(n, "raw_string") || is(n, "comment")) {
		if (e - s == 1 && (src[s] == ';' || src[s] == ','))
			return;
		if (is(n, "comment"))
			while (e > s && (src[e - 1] == ' ' || src[e - 1] == '\t' || src[e - 1] == '\r'))
				e--;
		vd__buf_put(b, src + s, e - s);
		vd__buf_putc(b, '\0');
		return;
	}
	for (i = 0; i < count; i++)
		leaves(src, ts_node_child(n, i), b);
}

static TSTree *
parse(TSParser *p, const char *text, size_t len)
{
	return ts_parser_parse_string(p, NULL, text, (uint32_t)len);
}

int
vd_policy_format(vd_buf *out, const char *text, size_t len, const char *path,
	vd_diags **diags_out)
{
	TSParser *parser = NULL;
	TSTree *tree = NULL, *again = NULL;
	vd_buf result = VD_BUF_INIT, before = VD_BUF_INIT, after = VD_BUF_INIT;
	fmt f;
	int rc = 0;

	VD_ASSERT_ARG(out && (text || len == 0));
	if (diags_out)
		*diags_out = NULL;
	if (path == NULL)
		path = "<stdin>";
	if (len > VD_MAX_POLICY_FILE)
		return vd__error_set(VD_ELIMIT, "%s is %zu bytes; the limit is %d bytes per policy file",
			path, len, VD_MAX_POLICY_FILE);
	parser = ts_parser_new();
	if (!ts_parser_set_language(parser, tree_sitter_verdict())) {
		rc = vd__error_set(VD_ERROR, "the policy grammar does not load in this tree-sitter runtime");
		goto done;
	}
	tree = parse(parser, text, len);
	if (tree == NULL || ts_node_has_error(ts_tree_root_node(tree)) || memchr(text, '\0', len)) {
		/* Never rewrite what does not parse: report it the way check does. */
		vd_diags *d = vd__diags_new();
		vd_ir ir;
		vd_source src;

		memset(&ir, 0, sizeof(ir));
		src.path = path;
		src.pack = "";
		src.text = text;
		src.len = len;
		vd__lower(&ir, &src, 1, d);
		vd__ir_dispose(&ir);
		vd__diags_sort(d);
		if (diags_out)
			*diags_out = d;
		else
			vd_diags_free(d);
		rc = vd__error_set(VD_EPOLICY, "%s does not parse; fix its syntax errors first", path);
		goto done;
	}
	memset(&f, 0, sizeof(f));
	f.src = text;
	f.out = &result;
	source_file(&f, ts_tree_root_node(tree));
	/* The self-check: same tokens and comments, and it parses. */
	again = parse(parser, vd__buf_cstr(&result), result.size);
	leaves(text, ts_tree_root_node(tree), &before);
	if (again)
		leaves(vd__buf_cstr(&result), ts_tree_root_node(again), &after);
	if (again == NULL || ts_node_has_error(ts_tree_root_node(again)) || before.size != after.size ||
	    (before.size && memcmp(before.ptr, after.ptr, before.size) != 0)) {
		rc = vd__error_set(VD_ERROR, "formatting %s would change its meaning; it was left as it is (please report this file)",
			path);
		goto done;
	}
	vd__buf_put(out, vd__buf_cstr(&result), result.size);
done:
	vd_buf_dispose(&result);
	vd_buf_dispose(&before);
	vd_buf_dispose(&after);
	if (again)
		ts_tree_delete(again);
	if (tree)
		ts_tree_delete(tree);
	ts_parser_delete(parser);
	return rc;
}
