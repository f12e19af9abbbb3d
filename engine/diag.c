/*
 * diag.c - the diagnostics list and its rendering.
 *
 * Layer: base.
 */
#include "common.h"
#include "diag.h"
#include "buf.h"

vd_diags *
vd__diags_new(void)
{
	return vd__calloc(1, sizeof(vd_diags));
}

void
vd__diags_add_source(vd_diags *d, const char *file, const char *text, size_t len)
{
	vd_diag_source s;

	s.file = vd__arena_strdup(&d->arena, file);
	s.text = vd__arena_strndup(&d->arena, text, len);
	s.len = len;
	vd_vec_push(&d->sources, s);
}

void
vd__diag(vd_diags *d, vd_diag_severity sev, const char *file, uint32_t line,
	uint32_t col, uint32_t end_col, const char *fmt, ...)
{
	vd_diag x;
	va_list ap;
	vd_buf b = VD_BUF_INIT;

	if (sev == VD_DIAG_WARNING)
		d->warnings++;
	if (d->items.len >= VD_MAX_DIAGS) {
		if (sev == VD_DIAG_ERROR)
			d->errors++;
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	vd__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	x.severity = sev;
	x.file = vd__arena_strdup(&d->arena, file ? file : "");
	x.line = line;
	x.column = col;
	x.end_column = end_col > col ? end_col : col + 1;
	x.message = vd__arena_strdup(&d->arena, vd__buf_cstr(&b));
	vd_buf_dispose(&b);
	vd_vec_push(&d->items, x);
	if (sev == VD_DIAG_ERROR)
		d->errors++;
}

static int
diag_cmp(const void *pa, const void *pb)
{
	const vd_diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return 0;
}

void
vd__diags_sort(vd_diags *d)
{
	/* qsort is not stable; messages at one spot keep a sensible order anyway. */
	if (d->items.len > 1)
		qsort(d->items.ptr, d->items.len, sizeof(vd_diag), diag_cmp);
}

size_t
vd_diags_count(const vd_diags *d)
{
	return d ? d->items.len : 0;
}

size_t
vd_diags_error_count(const vd_diags *d)
{
	return d ? d->errors : 0;
}

size_t
vd_diags_warning_count(const vd_diags *d)
{
	return d ? d->warnings : 0;
}

size_t
vd_diags_files_checked(const vd_diags *d)
{
	return d ? d->files : 0;
}

size_t
vd_diags_policies_checked(const vd_diags *d)
{
	return d ? d->policies : 0;
}

const vd_diag *
vd_diags_get(const vd_diags *d, size_t i)
{
	return d && i < d->items.len ? &d->items.ptr[i] : NULL;
}

static const vd_diag_source *
source_of(const vd_diags *d, const char *file)
{
	size_t i;

	for (i = 0; i < d->sources.len; i++)
		if (strcmp(d->sources.ptr[i].file, file) == 0)
			return &d->sources.ptr[i];
	return NULL;
}

static void
render_caret(vd_buf *out, const vd_diag_source *src, const vd_diag *x)
{
	const char *p = src->text, *end = src->text + src->len, *eol;
	uint32_t line = 1, i, width;

	while (line < x->line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			return;
		p = nl + 1;
		line++;
	}
	if (line != x->line)
		return;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	if (eol - p > VD_DIAG_SHOWN_COLUMNS) {
		/* A long line: show a window around the caret, marked with "...". */
		size_t col = x->column ? x->column - 1 : 0, from = col > 60 ? col - 60 : 0;
		size_t len = (size_t)(eol - p), to = from + VD_DIAG_SHOWN_COLUMNS;

		if (from > len)
			from = len;
		if (to > len)
			to = len;
		vd__buf_puts(out, from ? "    ..." : "    ");
		vd__buf_put(out, p + from, to - from);
		vd__buf_puts(out, to < len ? "...\n    " : "\n    ");
		if (from)
			vd__buf_puts(out, "   ");
		for (i = (uint32_t)from + 1; i < x->column && p + i - 1 < p + to; i++)
			vd__buf_putc(out, p[i - 1] == '\t' ? '\t' : ' ');
		width = x->end_column > x->column ? x->end_column - x->column : 1;
		if (x->column - 1 + width > to)
			width = x->column - 1 < to ? (uint32_t)(to - (x->column - 1)) : 1;
		for (i = 0; i < (width ? width : 1); i++)
			vd__buf_putc(out, '^');
		vd__buf_putc(out, '\n');
		return;
	}
	vd__buf_puts(out, "    ");
	vd__buf_put(out, p, (size_t)(eol - p));
	vd__buf_puts(out, "\n    ");
	/* Tabs are echoed so the caret lines up under tab-indented code. */
	for (i = 1; i < x->column && p + i - 1 < eol; i++)
		vd__buf_putc(out, p[i - 1] == '\t' ? '\t' : ' ');
	width = x->end_column > x->column ? x->end_column - x->column : 1;
	if (p + x->column - 1 + width > eol && eol > p + x->column - 1)
		width = (uint32_t)(eol - (p + x->column - 1));
	for (i = 0; i < (width ? width : 1); i++)
		vd__buf_putc(out, '^');
	vd__buf_putc(out, '\n');
}

int
vd_diags_render(vd_buf *out, const vd_diags *d, bool with_source)
{
	size_t i;

	VD_ASSERT_ARG(out);
	if (d == NULL)
		return 0;
	for (i = 0; i < d->items.len; i++) {
		const vd_diag *x = &d->items.ptr[i];
		const vd_diag_source *src;

		vd__buf_printf(out, "%s:%u:%u: %s: %s\n", x->file, x->line,
			x->column, x->severity == VD_DIAG_ERROR ? "error" : "warning",
			x->message);
		if (with_source && (src = source_of(d, x->file)) != NULL)
			render_caret(out, src, x);
	}
	if (d->dropped)
		vd__buf_printf(out, "%zu more diagnostic%s not shown (only the first %d are kept); fix these first\n",
			d->dropped, d->dropped == 1 ? "" : "s", VD_MAX_DIAGS);
	return 0;
}

int
vd_diags_to_json(vd_buf *out, const vd_diags *d)
{
	size_t i;

	VD_ASSERT_ARG(out);
	vd__buf_putc(out, '[');
	for (i = 0; d && i < d->items.len; i++) {
		const vd_diag *x = &d->items.ptr[i];

		if (i)
			vd__buf_putc(out, ',');
		vd__buf_puts(out, "{\"file\":");
		vd__buf_put_json_string(out, x->file, strlen(x->file));
		vd__buf_printf(out, ",\"line\":%u,\"column\":%u,\"end_column\":%u,\"severity\":\"%s\",\"message\":",
			x->line, x->column, x->end_column,
			x->severity == VD_DIAG_ERROR ? "error" : "warning");
		vd__buf_put_json_string(out, x->message, strlen(x->message));
		vd__buf_putc(out, '}');
	}
	vd__buf_putc(out, ']');
	return 0;
}

void
vd_diags_free(vd_diags *d)
{
	if (d == NULL)
		return;
	vd_vec_dispose(&d->items);
	vd_vec_dispose(&d->sources);
	vd__arena_dispose(&d->arena);
	vd__free(d);
}
