/*
 * report.c - replays and diffs as text, JSON and markdown.
 *
 * Layer: runtime, above replay.c.  Text is for a terminal: counts with
 * thousands separators, the top keys of each table.  JSON is for tools:
 * every key of every table, keys in a fixed order.  Markdown is for a pull
 * request: the summary table first, every detail folded in <details>, and
 * every piece of event data escaped so that a command line cannot break
 * the table it sits in.
 *
 * The reports say what they are about in their first line (the revisions,
 * the commits, the event source and filters), and name the policy and the
 * action of every event they list: a verdict change nobody can trace is
 * noise.
 */
#include "common.h"
#include "replay.h"
#include "report.h"
#include "buf.h"

#include <jansson.h>

#define DEFAULT_TOP   10
#define DEFAULT_LIMIT 20
#define SUBJECT_MAX   120

static const char *const format_names[] = { "text", "json", "markdown" };

int
vd_report_format_parse(vd_report_format *out, const char *name)
{
	size_t i;

	VD_ASSERT_ARG(out);
	for (i = 0; name && i < VD_ARRAY_SIZE(format_names); i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (vd_report_format)i;
			return 0;
		}
	return vd__error_set(VD_EUSAGE, "unknown format '%s'; expected text, json or markdown",
		name ? name : "");
}

/* ---- small pieces ------------------------------------------------------ */

/* 1234567 -> "1,234,567" */
static const char *
num(char out[32], uint64_t v)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, v), i, o = 0;

	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

static const char *
pct(char out[32], uint64_t part, uint64_t whole)
{
	double p = whole ? 100.0 * (double)part / (double)whole : 0;

	if (part > 0 && p < 0.01)
		snprintf(out, 32, "<0.01%%");
	else
		snprintf(out, 32, p < 10 && p != 0 ? "%.2f%%" : "%.1f%%", p);
	return out;
}

static const char *
mode_name(int m)
{
	return m < 0 ? "-" : vd_mode_name((vd_mode)m);
}

/* The first `n` keys shown, the rest counted: `top` SIZE_MAX shows all. */
static size_t
shown(size_t len, size_t top)
{
	return len < top ? len : top;
}

void
vd__report_md(vd_buf *b, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && *s; s++, n++) {
		if (n == max) {
			vd__buf_puts(b, "…");
			return;
		}
		switch (*s) {
		case '|': case '\\': case '`': case '*': case '_': case '[': case ']':
		case '#': case '~':
			vd__buf_putc(b, '\\');
			vd__buf_putc(b, *s);
			break;
		/* '<' could open HTML and '&' an entity; '>' only quotes at a line's start. */
		case '<': vd__buf_puts(b, "&lt;"); break;
		case '&': vd__buf_puts(b, "&amp;"); break;
		case '\n': case '\r': case '\t': vd__buf_putc(b, ' '); break;
		default: vd__buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	}
}

/* Text inside a `code span`: no escapes work there, so a backtick becomes a quote. */
static void
md_code(vd_buf *b, const char *s)
{
	vd__buf_putc(b, '`');
	for (; s && *s; s++)
		vd__buf_putc(b, *s == '`' ? '\'' : (unsigned char)*s < 0x20 ? ' ' : *s);
	vd__buf_putc(b, '`');
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
vd__report_line(vd_buf *b, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && *s; s++, n++) {
		if (n == max) {
			vd__buf_puts(b, "...");
			return;
		}
		vd__buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

json_t *
vd__report_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
kinds_json(const uint64_t k[4])
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < 4; i++)
		json_object_set_new(o, vd_verdict_name((vd_verdict_kind)i), json_integer((json_int_t)k[i]));
	return o;
}

int
vd__report_json(vd_buf *out, json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(o);
	if (s == NULL)
		return vd__error_set(VD_ERROR, "report does not serialize to JSON");
	vd__buf_puts(out, s);
	vd__buf_putc(out, '\n');
	free(s);
	return 0;
}

static void
header_json(json_t *o, const vd__run *run)
{
	json_object_set_new(o, "source", json_string(run->source ? run->source : ""));
	json_object_set_new(o, "filters", vd__report_str(run->filters));
	json_object_set_new(o, "simulate_block", json_boolean(run->simulate_block));
	json_object_set_new(o, "events", json_integer((json_int_t)run->events));
	json_object_set_new(o, "errors", json_integer((json_int_t)run->errors));
	json_object_set_new(o, "first_error", vd__report_str(run->first_error));
}

static json_t *
side_json(const vd__side *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "rev", json_string(s->rev));
	json_object_set_new(o, "commit", json_string(s->commit));
	json_object_set_new(o, "verdicts", kinds_json(s->verdicts));
	json_object_set_new(o, "would", kinds_json(s->would));
	return o;
}

/* ---- replay ------------------------------------------------------------ */

static const vd_report_table replay_tables[] = {
	VD_REPORT_ACTION, VD_REPORT_SURFACE, VD_REPORT_TOOL, VD_REPORT_USER,
	VD_REPORT_GROUP, VD_REPORT_REPO, VD_REPORT_POLICY,
};

static int
replay_json(vd_buf *out, const vd_replay *r)
{
	const vd__run *run = &r->run;
	json_t *o = json_object(), *tables = json_object();
	size_t t, i;

	json_object_set_new(o, "kind", json_string("replay"));
	json_object_set_new(o, "rev", json_string(run->side[0].rev));
	json_object_set_new(o, "commit", json_string(run->side[0].commit));
	header_json(o, run);
	json_object_set_new(o, "verdicts", kinds_json(run->side[0].verdicts));
	json_object_set_new(o, "would", kinds_json(run->side[0].would));
	for (t = 0; t < VD_ARRAY_SIZE(replay_tables); t++) {
		const vd__table *tab = &run->tables[replay_tables[t]];
		json_t *rows = json_array();

		for (i = 0; i < tab->rows.len; i++) {
			const vd_report_row *row = &tab->rows.ptr[i];
			json_t *j = json_object();

			json_object_set_new(j, "key", json_string(row->key));
			json_object_set_new(j, "events", json_integer((json_int_t)row->events));
			json_object_set_new(j, "verdicts", kinds_json(row->verdicts));
			json_object_set_new(j, "would_block", json_integer((json_int_t)row->would_block));
			if (replay_tables[t] == VD_REPORT_POLICY) {
				json_object_set_new(j, "mode", json_string(mode_name(row->mode)));
				json_object_set_new(j, "severity", json_string(mode_name(row->severity)));
			}
			json_array_append_new(rows, j);
		}
		json_object_set_new(tables, vd_report_table_name(replay_tables[t]), rows);
	}
	json_object_set_new(o, "tables", tables);
	return vd__report_json(out, o);
}

static void
baseline_text(vd_buf *b, const uint64_t k[4], uint64_t total)
{
	char n1[32], p1[32];
	int i;

	for (i = 0; i < 4; i++)
		vd__buf_printf(b, "%s%s %s (%s)", i ? ", " : "", num(n1, k[i]),
			vd_verdict_name((vd_verdict_kind)i), pct(p1, k[i], total));
}

static void
replay_table_text(vd_buf *b, const vd__table *t, vd_report_table which, size_t top)
{
	size_t i, n = shown(t->rows.len, top);
	char c[6][32];

	if (which == VD_REPORT_POLICY)
		vd__buf_printf(b, "\nby policy candidate (every policy that matched, observe included): %zu\n",
			t->rows.len);
	else
		vd__buf_printf(b, "\nby %s: %zu\n", vd_report_table_name(which), t->rows.len);
	if (t->rows.len == 0)
		return;
	vd__buf_printf(b, "  %-32s %10s %10s %8s %8s %8s %11s%s\n",
		which == VD_REPORT_POLICY ? "policy" : vd_report_table_name(which),
		which == VD_REPORT_POLICY ? "matched" : "events", "pass", "warn", "ask", "block",
		"would block", which == VD_REPORT_POLICY ? "  mode (severity)" : "");
	for (i = 0; i < n; i++) {
		const vd_report_row *r = &t->rows.ptr[i];

		vd__buf_puts(b, "  ");
		if (strlen(r->key) > 32) {
			vd__buf_put(b, r->key, 29);
			vd__buf_puts(b, "...");
		} else {
			vd__buf_printf(b, "%-32s", r->key);
		}
		vd__buf_printf(b, " %10s %10s %8s %8s %8s %11s", num(c[0], r->events),
			num(c[1], r->verdicts[0]), num(c[2], r->verdicts[1]), num(c[3], r->verdicts[2]),
			num(c[4], r->verdicts[3]), num(c[5], r->would_block));
		if (which == VD_REPORT_POLICY)
			vd__buf_printf(b, "  %s (%s)", mode_name(r->mode), mode_name(r->severity));
		vd__buf_putc(b, '\n');
	}
	if (n < t->rows.len)
		vd__buf_printf(b, "  ... %zu more\n", t->rows.len - n);
}

static void
errors_text(vd_buf *b, const vd__run *run)
{
	char n1[32];

	if (run->errors)
		vd__buf_printf(b, "%s event%s could not be read and %s left out (first: %s)\n",
			num(n1, run->errors), run->errors == 1 ? "" : "s",
			run->errors == 1 ? "was" : "were", run->first_error ? run->first_error : "?");
}

static void
replay_text(vd_buf *b, const vd_replay *r, size_t top)
{
	const vd__run *run = &r->run;
	const vd__side *s = &run->side[0];
	char n1[32], n2[32], p1[32];
	size_t t;

	vd__buf_printf(b, "replay at %s (%.12s) of %s event%s from %s\n", s->rev, s->commit,
		num(n1, run->events), run->events == 1 ? "" : "s", run->source);
	if (run->filters)
		vd__buf_printf(b, "filters: %s\n", run->filters);
	if (run->simulate_block)
		vd__buf_puts(b, "simulating block: every policy judged at its severity\n");
	errors_text(b, run);
	if (run->events == 0) {
		vd__buf_puts(b, "no events to replay\n");
		return;
	}
	vd__buf_puts(b, "\npass baseline: ");
	baseline_text(b, s->verdicts, run->events);
	vd__buf_printf(b, "\nat full severity: %s would ask or block (%s), %s would warn\n",
		num(n1, s->would[VD_ASK] + s->would[VD_BLOCK]),
		pct(p1, s->would[VD_ASK] + s->would[VD_BLOCK], run->events), num(n2, s->would[VD_WARN]));
	for (t = 0; t < VD_ARRAY_SIZE(replay_tables); t++)
		replay_table_text(b, &run->tables[replay_tables[t]], replay_tables[t], top);
}

static void
md_counts_header(vd_buf *b, const char *first, const char *count)
{
	vd__buf_printf(b, "| %s | %s | pass | warn | ask | block | would block |\n"
		"|---|---:|---:|---:|---:|---:|---:|\n", first, count);
}

static void
replay_markdown(vd_buf *b, const vd_replay *r, size_t top)
{
	const vd__run *run = &r->run;
	const vd__side *s = &run->side[0];
	char c[6][32];
	size_t t, i;
	int k;

	vd__buf_printf(b, "### verdict replay at ");
	md_code(b, s->rev);
	vd__buf_printf(b, " (%.12s)\n\n", s->commit);
	vd__buf_printf(b, "%s events replayed", num(c[0], run->events));
	if (run->filters) {
		vd__buf_puts(b, " (");
		vd__report_md(b, run->filters, 500);
		vd__buf_puts(b, ")");
	}
	vd__buf_puts(b, ".\n\n");
	if (run->simulate_block)
		vd__buf_puts(b, "Simulating block: every policy judged at its severity.\n\n");
	vd__buf_puts(b, "| verdict | events | share | at full severity |\n|---|---:|---:|---:|\n");
	for (k = 0; k < 4; k++)
		vd__buf_printf(b, "| %s | %s | %s | %s |\n", vd_verdict_name((vd_verdict_kind)k),
			num(c[0], s->verdicts[k]), pct(c[1], s->verdicts[k], run->events),
			num(c[2], s->would[k]));
	if (run->errors)
		vd__buf_printf(b, "\n%s events could not be read and were left out.\n",
			num(c[0], run->errors));
	for (t = 0; t < VD_ARRAY_SIZE(replay_tables); t++) {
		const vd__table *tab = &run->tables[replay_tables[t]];
		size_t n = shown(tab->rows.len, top);

		vd__buf_printf(b, "\n<details><summary>By %s (%zu)</summary>\n\n",
			replay_tables[t] == VD_REPORT_POLICY ? "policy candidate" :
			vd_report_table_name(replay_tables[t]), tab->rows.len);
		if (tab->rows.len)
			md_counts_header(b, vd_report_table_name(replay_tables[t]),
				replay_tables[t] == VD_REPORT_POLICY ? "matched" : "events");
		for (i = 0; i < n; i++) {
			const vd_report_row *row = &tab->rows.ptr[i];

			vd__buf_puts(b, "| ");
			vd__report_md(b, row->key, 200);
			if (replay_tables[t] == VD_REPORT_POLICY)
				vd__buf_printf(b, " (%s, severity %s)", mode_name(row->mode),
					mode_name(row->severity));
			vd__buf_printf(b, " | %s | %s | %s | %s | %s | %s |\n", num(c[0], row->events),
				num(c[1], row->verdicts[0]), num(c[2], row->verdicts[1]),
				num(c[3], row->verdicts[2]), num(c[4], row->verdicts[3]),
				num(c[5], row->would_block));
		}
		if (n < tab->rows.len)
			vd__buf_printf(b, "\n%zu more not shown.\n", tab->rows.len - n);
		vd__buf_puts(b, "\n</details>\n");
	}
}

int
vd_replay_render(vd_buf *out, const vd_replay *r, const vd_report_options *o)
{
	vd_report_options defaults = VD_REPORT_OPTIONS_INIT;
	size_t top;

	VD_ASSERT_ARG(out && r);
	if (o == NULL)
		o = &defaults;
	top = o->top ? o->top : DEFAULT_TOP;
	switch (o->format) {
	case VD_REPORT_JSON:
		return replay_json(out, r);
	case VD_REPORT_MARKDOWN:
		replay_markdown(out, r, top);
		return 0;
	case VD_REPORT_TEXT:
		replay_text(out, r, top);
		return 0;
	}
	return vd__error_set(VD_EUSAGE, "unknown report format %d", (int)o->format);
}

/* ---- diff -------------------------------------------------------------- */

static const vd_report_table impact_tables[] = {
	VD_REPORT_USER, VD_REPORT_GROUP, VD_REPORT_SESSION, VD_REPORT_REPO,
	VD_REPORT_SURFACE, VD_REPORT_ACTION, VD_REPORT_TOOL,
};

static const char *
change_name(vd_policy_change_kind k)
{
	return k == VD_POLICY_ADDED ? "added" : k == VD_POLICY_REMOVED ? "removed" : "changed";
}

/* "mode observe -> block, severity warn -> block, definition changed" */
static void
change_text(vd_buf *b, const vd_policy_change *c)
{
	if (c->kind == VD_POLICY_ADDED) {
		vd__buf_printf(b, "added: mode %s, severity %s", mode_name(c->new_mode),
			mode_name(c->new_severity));
		return;
	}
	if (c->kind == VD_POLICY_REMOVED) {
		vd__buf_printf(b, "removed (was mode %s, severity %s)", mode_name(c->old_mode),
			mode_name(c->old_severity));
		return;
	}
	if (c->old_mode != c->new_mode)
		vd__buf_printf(b, "mode %s -> %s", mode_name(c->old_mode), mode_name(c->new_mode));
	else
		vd__buf_printf(b, "mode %s", mode_name(c->new_mode));
	if (c->old_severity != c->new_severity)
		vd__buf_printf(b, ", severity %s -> %s", mode_name(c->old_severity),
			mode_name(c->new_severity));
	if (c->definition_changed)
		vd__buf_puts(b, ", definition changed");
}

static bool
in_queue(const vd_diff_event *e)
{
	return e->head > e->base && e->head >= VD_WARN;
}

static uint64_t
queue_total(const vd_diff *d)
{
	const vd_diff_summary *s = &d->summary;
	uint64_t n = 0;
	int b, h;

	for (b = 0; b < 4; b++)
		for (h = b + 1; h < 4; h++)
			n += s->transitions[b][h];
	return n;
}

static json_t *
row_change_json(const vd_report_row *r, bool with_events)
{
	json_t *j = json_object();

	json_object_set_new(j, "key", json_string(r->key));
	if (with_events) {
		json_object_set_new(j, "events", json_integer((json_int_t)r->events));
		json_object_set_new(j, "verdicts_at_head", kinds_json(r->verdicts));
	}
	json_object_set_new(j, "changed", json_integer((json_int_t)r->changed));
	json_object_set_new(j, "stricter", json_integer((json_int_t)r->stricter));
	json_object_set_new(j, "looser", json_integer((json_int_t)r->looser));
	json_object_set_new(j, "new_block", json_integer((json_int_t)r->new_block));
	json_object_set_new(j, "new_warn", json_integer((json_int_t)r->new_warn));
	if (r->mode >= 0) {
		json_object_set_new(j, "mode", json_string(mode_name(r->mode)));
		json_object_set_new(j, "severity", json_string(mode_name(r->severity)));
	}
	return j;
}

static int
diff_json(vd_buf *out, const vd_diff *d)
{
	const vd__run *run = &d->run;
	const vd_diff_summary *s = &d->summary;
	json_t *o = json_object(), *a, *tables = json_object();
	size_t i, t;
	int b, h;

	json_object_set_new(o, "kind", json_string("diff"));
	json_object_set_new(o, "base", side_json(&run->side[0]));
	json_object_set_new(o, "head", side_json(&run->side[1]));
	header_json(o, run);
	json_object_set_new(o, "changed", json_integer((json_int_t)s->changed));
	json_object_set_new(o, "stricter", json_integer((json_int_t)s->stricter));
	json_object_set_new(o, "looser", json_integer((json_int_t)s->looser));
	json_object_set_new(o, "new_block", json_integer((json_int_t)s->new_block));
	json_object_set_new(o, "new_warn", json_integer((json_int_t)s->new_warn));
	a = json_array();
	for (b = 0; b < 4; b++)
		for (h = 0; h < 4; h++) {
			json_t *j;

			if (s->transitions[b][h] == 0)
				continue;
			j = json_object();
			json_object_set_new(j, "base", json_string(vd_verdict_name((vd_verdict_kind)b)));
			json_object_set_new(j, "head", json_string(vd_verdict_name((vd_verdict_kind)h)));
			json_object_set_new(j, "events", json_integer((json_int_t)s->transitions[b][h]));
			json_array_append_new(a, j);
		}
	json_object_set_new(o, "transitions", a);
	a = json_array();
	for (i = 0; i < vd_policy_changes_count(d->changes); i++) {
		const vd_policy_change *c = vd_policy_changes_get(d->changes, i);
		json_t *j = json_object();

		json_object_set_new(j, "policy", json_string(c->policy));
		json_object_set_new(j, "change", json_string(change_name(c->kind)));
		json_object_set_new(j, "risk", vd__report_str(c->risk));
		json_object_set_new(j, "base_mode", c->old_mode < 0 ? json_null() : json_string(mode_name(c->old_mode)));
		json_object_set_new(j, "head_mode", c->new_mode < 0 ? json_null() : json_string(mode_name(c->new_mode)));
		json_object_set_new(j, "base_severity", c->old_severity < 0 ? json_null() : json_string(mode_name(c->old_severity)));
		json_object_set_new(j, "head_severity", c->new_severity < 0 ? json_null() : json_string(mode_name(c->new_severity)));
		json_object_set_new(j, "definition_changed", json_boolean(c->definition_changed));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "policy_changes", a);
	a = json_array();
	for (i = 0; i < run->tables[VD_REPORT_POLICY].rows.len; i++)
		json_array_append_new(a, row_change_json(&run->tables[VD_REPORT_POLICY].rows.ptr[i], false));
	json_object_set_new(tables, "policy", a);
	for (t = 0; t < VD_ARRAY_SIZE(impact_tables); t++) {
		const vd__table *tab = &run->tables[impact_tables[t]];

		a = json_array();
		for (i = 0; i < tab->rows.len; i++)
			json_array_append_new(a, row_change_json(&tab->rows.ptr[i],
				impact_tables[t] == VD_REPORT_SURFACE));
		json_object_set_new(tables, vd_report_table_name(impact_tables[t]), a);
	}
	json_object_set_new(o, "tables", tables);
	a = json_array();
	for (i = 0; i < d->events.len; i++) {
		const vd_diff_event *e = &d->events.ptr[i];
		json_t *j = json_object();

		json_object_set_new(j, "row", json_integer((json_int_t)e->row));
		json_object_set_new(j, "id", vd__report_str(e->event_id));
		json_object_set_new(j, "time", vd__report_str(e->time));
		json_object_set_new(j, "user", vd__report_str(e->user));
		json_object_set_new(j, "session", vd__report_str(e->session));
		json_object_set_new(j, "surface", vd__report_str(e->surface));
		json_object_set_new(j, "repo", vd__report_str(e->repo));
		json_object_set_new(j, "action", json_string(e->action));
		json_object_set_new(j, "subject", vd__report_str(e->subject));
		json_object_set_new(j, "base", json_string(vd_verdict_name(e->base)));
		json_object_set_new(j, "head", json_string(vd_verdict_name(e->head)));
		json_object_set_new(j, "policy", json_string(e->policy));
		json_object_set_new(j, "message", json_string(e->message));
		json_object_set_new(j, "review", json_boolean(in_queue(e)));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "events_changed", a);
	json_object_set_new(o, "events_changed_not_kept", json_integer((json_int_t)d->events_dropped));
	return vd__report_json(out, o);
}

/* One changed event on one line: when, the change, the message, who and where. */
static void
event_text(vd_buf *b, const vd_diff_event *e)
{
	vd__buf_printf(b, "    %s  %s -> %s  ", e->time ? e->time : "-", vd_verdict_name(e->base),
		vd_verdict_name(e->head));
	vd__report_line(b, e->message, SUBJECT_MAX + 60);
	vd__buf_printf(b, "  (user %s, session %s, %s, %s; row %" PRId64 ")\n",
		e->user ? e->user : "-", e->session ? e->session : "-",
		e->surface ? e->surface : "-", e->repo ? e->repo : "-", e->row);
}

static void
transitions_text(vd_buf *b, const vd_diff_summary *s)
{
	char n1[32];
	uint64_t same = 0;
	int x, y;

	vd__buf_puts(b, "\ntransitions (base -> head):\n");
	for (x = 3; x >= 0; x--)
		for (y = 3; y >= 0; y--) {
			if (x == y) {
				same += s->transitions[x][y];
				continue;
			}
			if (s->transitions[x][y])
				vd__buf_printf(b, "  %-5s -> %-5s %13s\n", vd_verdict_name((vd_verdict_kind)x),
					vd_verdict_name((vd_verdict_kind)y), num(n1, s->transitions[x][y]));
		}
	vd__buf_printf(b, "  unchanged      %13s", num(n1, same));
	if (same) {
		const char *sep = " (";

		for (x = 0; x < 4; x++)
			if (s->transitions[x][x]) {
				vd__buf_printf(b, "%s%s %s", sep, vd_verdict_name((vd_verdict_kind)x),
					num(n1, s->transitions[x][x]));
				sep = ", ";
			}
		vd__buf_putc(b, ')');
	}
	vd__buf_putc(b, '\n');
}

static void
policy_rows_text(vd_buf *b, const vd_diff *d, size_t limit)
{
	const vd__table *t = &d->run.tables[VD_REPORT_POLICY];
	char n1[32], n2[32], n3[32];
	size_t i, k;

	vd__buf_printf(b, "\nby policy: %zu polic%s change verdicts\n", t->rows.len,
		t->rows.len == 1 ? "y" : "ies");
	for (i = 0; i < t->rows.len; i++) {
		const vd_report_row *r = &t->rows.ptr[i];
		size_t listed = 0, kept = 0;

		vd__buf_printf(b, "  %s: %s event%s (%s stricter, %s looser); now mode %s, severity %s\n",
			r->key, num(n1, r->changed), r->changed == 1 ? "" : "s", num(n2, r->stricter),
			num(n3, r->looser), mode_name(r->mode), mode_name(r->severity));
		for (k = 0; k < d->events.len; k++) {
			if (strcmp(d->events.ptr[k].policy, r->key) != 0)
				continue;
			kept++;
			if (listed < limit) {
				event_text(b, &d->events.ptr[k]);
				listed++;
			}
		}
		if (r->changed > listed)
			vd__buf_printf(b, "    ... %s more\n", num(n1, r->changed - listed));
	}
}

static void
impact_text(vd_buf *b, const vd_diff *d, size_t top)
{
	char n1[32], n2[32], p1[32];
	size_t t, i, n;

	vd__buf_puts(b, "\nimpact (events whose verdict changes):\n");
	for (t = 0; t < VD_ARRAY_SIZE(impact_tables); t++) {
		const vd__table *tab = &d->run.tables[impact_tables[t]];
		size_t impacted = 0;

		if (impact_tables[t] == VD_REPORT_SURFACE)
			continue;
		for (i = 0; i < tab->rows.len; i++)
			impacted += tab->rows.ptr[i].changed > 0;
		n = shown(impacted, top);
		vd__buf_printf(b, "  %-9s %zu", vd_report_table_name(impact_tables[t]), impacted);
		for (i = 0; i < n; i++)
			vd__buf_printf(b, "%s%s %s", i ? ", " : ": ", tab->rows.ptr[i].key,
				num(n1, tab->rows.ptr[i].changed));
		if (n < impacted)
			vd__buf_printf(b, ", ... %zu more", impacted - n);
		vd__buf_putc(b, '\n');
	}
	{
		const vd__table *tab = &d->run.tables[VD_REPORT_SURFACE];

		vd__buf_puts(b, "  surfaces, noisiest first (changed of all events on the surface):\n");
		for (i = 0; i < shown(tab->rows.len, top); i++) {
			const vd_report_row *r = &tab->rows.ptr[i];

			vd__buf_printf(b, "    %-24s %11s of %11s (%s)\n", r->key, num(n1, r->changed),
				num(n2, r->events), pct(p1, r->changed, r->events));
		}
	}
}

static void
queue_text(vd_buf *b, const vd_diff *d, size_t limit)
{
	char n1[32];
	uint64_t total = queue_total(d);
	size_t i, listed = 0;

	vd__buf_printf(b, "\nreview queue: %s newly warned or blocked event%s\n", num(n1, total),
		total == 1 ? "" : "s");
	for (i = 0; i < d->events.len && listed < limit; i++)
		if (in_queue(&d->events.ptr[i])) {
			event_text(b, &d->events.ptr[i]);
			listed++;
		}
	if (total > listed)
		vd__buf_printf(b, "    ... %s more (--limit N shows more)\n", num(n1, total - listed));
}

static void
diff_text(vd_buf *b, const vd_diff *d, size_t top, size_t limit)
{
	const vd__run *run = &d->run;
	const vd_diff_summary *s = &d->summary;
	char n1[32], n2[32], n3[32], n4[32], n5[32], p1[32];
	size_t i;

	vd__buf_printf(b, "diff %s..%s (%.12s..%.12s) over %s event%s from %s\n", s->base, s->head,
		s->base_commit, s->head_commit, num(n1, run->events), run->events == 1 ? "" : "s",
		run->source);
	if (run->filters)
		vd__buf_printf(b, "filters: %s\n", run->filters);
	if (run->simulate_block)
		vd__buf_puts(b, "simulating block: every policy judged at its severity at both revisions\n");
	errors_text(b, run);
	vd__buf_printf(b, "\n%s event%s change verdict (%s): %s stricter (%s newly blocked, %s newly warned), %s looser\n",
		num(n1, s->changed), s->changed == 1 ? "" : "s", pct(p1, s->changed, run->events),
		num(n2, s->stricter), num(n3, s->new_block), num(n4, s->new_warn), num(n5, s->looser));
	vd__buf_printf(b, "\npolicies changed: %zu\n", vd_policy_changes_count(d->changes));
	for (i = 0; i < vd_policy_changes_count(d->changes); i++) {
		const vd_policy_change *c = vd_policy_changes_get(d->changes, i);

		vd__buf_printf(b, "  %c %s: ", c->kind == VD_POLICY_ADDED ? '+' :
			c->kind == VD_POLICY_REMOVED ? '-' : '~', c->policy);
		change_text(b, c);
		vd__buf_putc(b, '\n');
	}
	transitions_text(b, s);
	if (s->changed == 0)
		return;
	policy_rows_text(b, d, limit);
	impact_text(b, d, top);
	queue_text(b, d, limit);
}

static void
md_event_row(vd_buf *b, const vd_diff_event *e)
{
	vd__buf_puts(b, "| ");
	vd__report_md(b, e->time ? e->time : "-", 40);
	vd__buf_printf(b, " | %s → **%s** | ", vd_verdict_name(e->base), vd_verdict_name(e->head));
	vd__report_md(b, e->policy, 100);
	vd__buf_puts(b, " | ");
	vd__report_md(b, e->action, 40);
	vd__buf_puts(b, " | ");
	vd__report_md(b, e->subject ? e->subject : "-", SUBJECT_MAX);
	vd__buf_puts(b, " | ");
	vd__report_md(b, e->user ? e->user : "-", 60);
	vd__buf_puts(b, " | ");
	vd__report_md(b, e->session ? e->session : "-", 60);
	vd__buf_puts(b, " | ");
	vd__report_md(b, e->surface ? e->surface : "-", 60);
	vd__buf_puts(b, " |\n");
}

static void
md_events_header(vd_buf *b)
{
	vd__buf_puts(b, "| time | verdict | policy | action | subject | user | session | surface |\n"
		"|---|---|---|---|---|---|---|---|\n");
}

static void
diff_markdown(vd_buf *b, const vd_diff *d, size_t top, size_t limit)
{
	const vd__run *run = &d->run;
	const vd_diff_summary *s = &d->summary;
	const vd__table *pol = &run->tables[VD_REPORT_POLICY];
	char c[5][32];
	size_t i, t, impacted[VD_REPORT_TABLE__COUNT], listed;
	uint64_t queue = queue_total(d);
	int x, y;

	memset(impacted, 0, sizeof(impacted));
	for (t = 0; t < VD_REPORT_TABLE__COUNT; t++)
		for (i = 0; i < run->tables[t].rows.len; i++)
			impacted[t] += run->tables[t].rows.ptr[i].changed > 0;
	vd__buf_puts(b, "### verdict diff: ");
	md_code(b, s->base);
	vd__buf_puts(b, " → ");
	md_code(b, s->head);
	vd__buf_printf(b, "\n\n%s recorded events replayed at `%.12s` and `%.12s`",
		num(c[0], run->events), s->base_commit, s->head_commit);
	if (run->filters) {
		vd__buf_puts(b, " (");
		vd__report_md(b, run->filters, 500);
		vd__buf_puts(b, ")");
	}
	vd__buf_puts(b, run->simulate_block ?
		", every policy at its severity (simulated block).\n\n" : ".\n\n");
	vd__buf_printf(b, "| | events | share |\n|---|---:|---:|\n");
	vd__buf_printf(b, "| **verdict changes** | **%s** | %s |\n", num(c[0], s->changed),
		pct(c[1], s->changed, run->events));
	vd__buf_printf(b, "| newly blocked | %s | %s |\n", num(c[0], s->new_block),
		pct(c[1], s->new_block, run->events));
	vd__buf_printf(b, "| newly warned | %s | %s |\n", num(c[0], s->new_warn),
		pct(c[1], s->new_warn, run->events));
	vd__buf_printf(b, "| looser | %s | %s |\n", num(c[0], s->looser),
		pct(c[1], s->looser, run->events));
	vd__buf_printf(b, "| unchanged | %s | %s |\n", num(c[0], run->events - s->changed),
		pct(c[1], run->events - s->changed, run->events));
	vd__buf_printf(b, "\nImpact: %zu %s, %zu %s, %zu %s, %zu %s, %zu %s. %zu %s changed.\n",
		impacted[VD_REPORT_USER], plural(impacted[VD_REPORT_USER], "user", "users"),
		impacted[VD_REPORT_GROUP], plural(impacted[VD_REPORT_GROUP], "group", "groups"),
		impacted[VD_REPORT_SESSION], plural(impacted[VD_REPORT_SESSION], "session", "sessions"),
		impacted[VD_REPORT_REPO], plural(impacted[VD_REPORT_REPO], "repo", "repos"),
		impacted[VD_REPORT_SURFACE], plural(impacted[VD_REPORT_SURFACE], "surface", "surfaces"),
		vd_policy_changes_count(d->changes),
		plural(vd_policy_changes_count(d->changes), "policy", "policies"));
	if (run->errors)
		vd__buf_printf(b, "\n%s events could not be read and were left out.\n",
			num(c[0], run->errors));

	vd__buf_printf(b, "\n<details><summary>Policies changed (%zu)</summary>\n\n",
		vd_policy_changes_count(d->changes));
	if (vd_policy_changes_count(d->changes))
		vd__buf_puts(b, "| policy | change |\n|---|---|\n");
	for (i = 0; i < vd_policy_changes_count(d->changes); i++) {
		const vd_policy_change *ch = vd_policy_changes_get(d->changes, i);
		vd_buf text = VD_BUF_INIT;

		change_text(&text, ch);
		vd__buf_puts(b, "| ");
		vd__report_md(b, ch->policy, 200);
		vd__buf_puts(b, " | ");
		vd__report_md(b, vd__buf_cstr(&text), 300);
		vd__buf_puts(b, " |\n");
		vd_buf_dispose(&text);
	}
	vd__buf_puts(b, "\n</details>\n");

	vd__buf_puts(b, "\n<details><summary>Transitions</summary>\n\n| base ↓ head → | pass | warn | ask | block |\n"
		"|---|---:|---:|---:|---:|\n");
	for (x = 0; x < 4; x++) {
		vd__buf_printf(b, "| **%s** |", vd_verdict_name((vd_verdict_kind)x));
		for (y = 0; y < 4; y++)
			vd__buf_printf(b, x != y && s->transitions[x][y] ? " **%s** |" : " %s |",
				num(c[0], s->transitions[x][y]));
		vd__buf_putc(b, '\n');
	}
	vd__buf_puts(b, "\n</details>\n");

	vd__buf_printf(b, "\n<details><summary>By policy (%zu)</summary>\n\n", pol->rows.len);
	if (pol->rows.len)
		vd__buf_puts(b, "| policy | mode (severity) | changed | newly blocked | newly warned | looser |\n"
			"|---|---|---:|---:|---:|---:|\n");
	for (i = 0; i < pol->rows.len; i++) {
		const vd_report_row *r = &pol->rows.ptr[i];

		vd__buf_puts(b, "| ");
		vd__report_md(b, r->key, 200);
		vd__buf_printf(b, " | %s (%s) | %s | %s | %s | %s |\n", mode_name(r->mode),
			mode_name(r->severity), num(c[0], r->changed), num(c[1], r->new_block),
			num(c[2], r->new_warn), num(c[3], r->looser));
	}
	vd__buf_puts(b, "\n</details>\n");

	vd__buf_puts(b, "\n<details><summary>Impact</summary>\n\n");
	for (t = 0; t < VD_ARRAY_SIZE(impact_tables); t++) {
		const vd__table *tab = &run->tables[impact_tables[t]];
		bool surface = impact_tables[t] == VD_REPORT_SURFACE;
		size_t n = shown(surface ? tab->rows.len : impacted[impact_tables[t]], top);

		vd__buf_printf(b, "**%ss** (%zu impacted)\n\n", vd_report_table_name(impact_tables[t]),
			impacted[impact_tables[t]]);
		if (n == 0)
			continue;
		vd__buf_printf(b, surface ?
			"| %s | changed | of events | noise | newly blocked | newly warned |\n|---|---:|---:|---:|---:|---:|\n" :
			"| %s | changed | newly blocked | newly warned | looser |\n|---|---:|---:|---:|---:|\n",
			vd_report_table_name(impact_tables[t]));
		for (i = 0; i < n; i++) {
			const vd_report_row *r = &tab->rows.ptr[i];

			vd__buf_puts(b, "| ");
			vd__report_md(b, r->key, 200);
			if (surface)
				vd__buf_printf(b, " | %s | %s | %s | %s | %s |\n", num(c[0], r->changed),
					num(c[1], r->events), pct(c[2], r->changed, r->events),
					num(c[3], r->new_block), num(c[4], r->new_warn));
			else
				vd__buf_printf(b, " | %s | %s | %s | %s |\n", num(c[0], r->changed),
					num(c[1], r->new_block), num(c[2], r->new_warn), num(c[3], r->looser));
		}
		if (n < (surface ? tab->rows.len : impacted[impact_tables[t]]))
			vd__buf_printf(b, "\n%zu more not shown.\n",
				(surface ? tab->rows.len : impacted[impact_tables[t]]) - n);
		vd__buf_putc(b, '\n');
	}
	vd__buf_puts(b, "</details>\n");

	vd__buf_printf(b, "\n<details><summary>Review queue: %s newly warned or blocked</summary>\n\n",
		num(c[0], queue));
	listed = 0;
	for (i = 0; i < d->events.len && listed < limit; i++) {
		if (!in_queue(&d->events.ptr[i]))
			continue;
		if (listed == 0)
			md_events_header(b);
		md_event_row(b, &d->events.ptr[i]);
		listed++;
	}
	if (queue > listed)
		vd__buf_printf(b, "\n%s more not shown.\n", num(c[0], queue - listed));
	vd__buf_puts(b, "\n</details>\n");

	if (s->looser) {
		vd__buf_printf(b, "\n<details><summary>Looser: %s events</summary>\n\n",
			num(c[0], s->looser));
		listed = 0;
		for (i = 0; i < d->events.len && listed < limit; i++) {
			if (d->events.ptr[i].head > d->events.ptr[i].base)
				continue;
			if (listed == 0)
				md_events_header(b);
			md_event_row(b, &d->events.ptr[i]);
			listed++;
		}
		if (s->looser > listed)
			vd__buf_printf(b, "\n%s more not shown.\n", num(c[0], s->looser - listed));
		vd__buf_puts(b, "\n</details>\n");
	}
}

int
vd_diff_render(vd_buf *out, const vd_diff *d, const vd_report_options *o)
{
	vd_report_options defaults = VD_REPORT_OPTIONS_INIT;
	size_t top, limit;

	VD_ASSERT_ARG(out && d);
	if (o == NULL)
		o = &defaults;
	top = o->top ? o->top : DEFAULT_TOP;
	limit = o->limit ? o->limit : DEFAULT_LIMIT;
	switch (o->format) {
	case VD_REPORT_JSON:
		return diff_json(out, d);
	case VD_REPORT_MARKDOWN:
		diff_markdown(out, d, top, limit);
		return 0;
	case VD_REPORT_TEXT:
		diff_text(out, d, top, limit);
		return 0;
	}
	return vd__error_set(VD_EUSAGE, "unknown report format %d", (int)o->format);
}
