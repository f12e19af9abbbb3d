/*
 * replay.c - re-judging recorded events: replay at one revision, diff at two.
 *
 * Layer: runtime, above the evaluator and the audit log.  Replay and diff
 * read events (never the recorded verdicts) from the audit log or from a
 * JSON Lines file, judge each at a pinned revision, and count.  Nothing is
 * written anywhere.
 *
 * One pass, constant memory.  Each event is read once (from the log, it is
 * rebuilt from its stored form without parsing JSON; see evform.c) and, in
 * a diff, judged at both revisions before the next is read.  What is kept
 * is counts by key (actions, surfaces, tools, users, groups, repos and
 * policies: they grow with the number of distinct keys, not of events) and,
 * for a diff, the changed events up to a limit.
 *
 * Attribution.  A changed event is charged to one policy: the decisive
 * match at HEAD when HEAD is stricter (the policy that now warns or
 * blocks), at BASE when it is looser (the policy that no longer does).
 */
#include "common.h"
#include "replay.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "eval.h"
#include "event.h"
#include "store.h"

#include <sys/stat.h>

#define PROGRESS_EVERY 65536
#define DEFAULT_LIMIT  1000

/* ---- tables ---------------------------------------------------------- */

static const char *const table_names[] = {
	"action", "surface", "tool", "user", "group", "repo", "session", "policy",
};
_Static_assert(VD_ARRAY_SIZE(table_names) == VD_REPORT_TABLE__COUNT, "a name per table");

const char *
vd_report_table_name(vd_report_table t)
{
	return (unsigned)t < VD_REPORT_TABLE__COUNT ? table_names[t] : "unknown";
}

static vd_report_row *
table_row(vd__run *run, vd__table *t, const char *key, size_t len)
{
	uintptr_t at;

	if (key == NULL) {
		key = "(none)";
		len = 6;
	}
	if (t->last_key && t->last_len == len && memcmp(t->last_key, key, len) == 0)
		return &t->rows.ptr[t->last_row];
	at = (uintptr_t)vd__strmap_get(&t->map, key, len);
	if (at == 0) {
		vd_report_row row;

		memset(&row, 0, sizeof(row));
		row.key = vd__arena_strndup(&run->arena, key, len);
		row.mode = row.severity = -1;
		vd_vec_push(&t->rows, row);
		at = t->rows.len;
		vd__strmap_put(&t->map, row.key, len, (void *)at);
	}
	t->last_key = t->rows.ptr[at - 1].key;
	t->last_len = len;
	t->last_row = at - 1;
	return &t->rows.ptr[at - 1];
}

static vd_report_row *
field_row(vd__run *run, vd_report_table t, const vd_event *ev, vd_field f)
{
	const vd_val *v = &ev->f[f];

	return v->kind == VD_VAL_STR ? table_row(run, &run->tables[t], v->u.s, v->n) :
		table_row(run, &run->tables[t], NULL, 0);
}

/* The action's row: actions are few and known, so no hashing. */
static vd_report_row *
action_row(vd__run *run, vd_action a)
{
	if (run->action_rows[a] == 0) {
		table_row(run, &run->tables[VD_REPORT_ACTION], vd__action_names[a],
			strlen(vd__action_names[a]));
		run->action_rows[a] = run->tables[VD_REPORT_ACTION].last_row + 1;
	}
	return &run->tables[VD_REPORT_ACTION].rows.ptr[run->action_rows[a] - 1];
}

static bool by_changed_order;

static int
row_cmp(const void *pa, const void *pb)
{
	const vd_report_row *a = pa, *b = pb;
	uint64_t x = by_changed_order ? a->changed : a->events;
	uint64_t y = by_changed_order ? b->changed : b->events;

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->key, b->key);
}

void
vd__table_sort(vd__table *t, bool by_changed)
{
	/* qsort has no payload; the reports are built on one thread. */
	by_changed_order = by_changed;
	if (t->rows.len > 1)
		qsort(t->rows.ptr, t->rows.len, sizeof(vd_report_row), row_cmp);
	vd__strmap_dispose(&t->map);
	t->last_key = NULL;
}

static void
run_dispose(vd__run *r)
{
	size_t i;

	for (i = 0; i < VD_REPORT_TABLE__COUNT; i++) {
		vd__strmap_dispose(&r->tables[i].map);
		vd_vec_dispose(&r->tables[i].rows);
		vd_vec_dispose(&r->tables[i].kept);
	}
	for (i = 0; i < 2; i++)
		vd__free(r->side[i].rev);
	vd__free(r->source);
	vd__free(r->filters);
	vd__free(r->first_error);
	vd__arena_dispose(&r->arena);
}

/* ---- event sources --------------------------------------------------- */

/* The fields a filter on an events file can name, with their slots. */
static const struct {
	const char *name;
	vd_field field;
} file_filters[] = {
	{ "id", VD_FIELD_ID }, { "user", VD_FIELD_USER }, { "group", VD_FIELD_GROUPS },
	{ "repo", VD_FIELD_REPO }, { "branch", VD_FIELD_BRANCH },
	{ "session", VD_FIELD_SESSION }, { "surface", VD_FIELD_SURFACE },
	{ "tool", VD_FIELD_TOOL }, { "action", VD_FIELD_ACTION },
	{ "command", VD_FIELD_COMMAND_LINE }, { "path", VD_FIELD_PATH },
	{ "url", VD_FIELD_URL }, { "mcp.server", VD_FIELD_MCP_SERVER },
	{ "mcp.tool", VD_FIELD_MCP_TOOL },
};

typedef struct {
	int field;               /* index into file_filters */
	const char *value;
	size_t len;
} file_filter;

typedef struct {
	/* the audit log */
	vd_audit_iter *it;
	int64_t last_row;
	/* an events file */
	FILE *f;
	bool close_f;
	const char *path;
	off_t size;
	char *line;
	size_t cap;
	size_t lineno;
	vd_event *ev;
	vd_vec(file_filter) filters;
	int64_t since_ms, until_ms;
	/* the current event */
	const vd_event *event;
	int64_t row;
	int64_t time_ms;
} source;

static int
file_filter_error(const char *where, const char *problem)
{
	vd_buf names = VD_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < VD_ARRAY_SIZE(file_filters); i++)
		vd__buf_printf(&names, "%s%s", i ? ", " : "", file_filters[i].name);
	rc = vd__error_set(VD_EUSAGE, "filter '%s' %s; expected FIELD=VALUE with FIELD one of %s",
		where, problem, names.ptr);
	vd_buf_dispose(&names);
	return rc;
}

static int
open_file(source *s, const vd_replay_options *o)
{
	size_t i, k;

	for (i = 0; i < o->nwhere; i++) {
		const char *w = o->where[i], *eq = strchr(w, '=');
		file_filter ff;

		if (eq == NULL)
			return file_filter_error(w, "has no '='");
		for (k = 0; k < VD_ARRAY_SIZE(file_filters); k++)
			if (strlen(file_filters[k].name) == (size_t)(eq - w) &&
			    strncmp(file_filters[k].name, w, (size_t)(eq - w)) == 0)
				break;
		if (k == VD_ARRAY_SIZE(file_filters)) {
			if ((eq - w == 7 && strncmp(w, "verdict", 7) == 0) ||
			    (eq - w == 5 && strncmp(w, "would", 5) == 0) ||
			    (eq - w == 6 && strncmp(w, "policy", 6) == 0))
				return vd__error_set(VD_EUSAGE,
					"filter '%s' needs the recorded verdicts of an audit log; an events file has none", w);
			return file_filter_error(w, "names an unknown field");
		}
		ff.field = (int)k;
		ff.value = eq + 1;
		ff.len = strlen(eq + 1);
		vd_vec_push(&s->filters, ff);
	}
	s->path = o->events_path;
	if (strcmp(o->events_path, "-") == 0) {
		s->f = stdin;
	} else {
		struct stat st;

		if ((s->f = fopen(o->events_path, "rb")) == NULL)
			return vd__error_set(errno == ENOENT ? VD_ENOTFOUND : VD_EIO,
				"events file %s: %s", o->events_path, strerror(errno));
		s->close_f = true;
		if (fstat(fileno(s->f), &st) == 0 && S_ISDIR(st.st_mode))
			return vd__error_set(VD_EUSAGE, "events file %s is a directory; expected JSON Lines",
				o->events_path);
		if (S_ISREG(st.st_mode))
			s->size = st.st_size;
	}
	s->since_ms = o->since ? (int64_t)o->since * 1000 : INT64_MIN;
	s->until_ms = o->until ? (int64_t)o->until * 1000 : INT64_MAX;
	return 0;
}

static int
source_open(source *s, vd__run *run, const vd_replay_options *o)
{
	vd_buf b = VD_BUF_INIT;
	char when[64];
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((o->audit == NULL) == (o->events_path == NULL))
		return vd__error_set(VD_EUSAGE,
			"replay needs one source of events: an audit log or an events file, not %s",
			o->audit ? "both" : "neither");
	if (o->since)
		vd__buf_printf(&b, "since %s", (vd__time_format_ms(when, (int64_t)o->since * 1000), when));
	if (o->until)
		vd__buf_printf(&b, "%suntil %s", b.size ? ", " : "",
			(vd__time_format_ms(when, (int64_t)o->until * 1000), when));
	for (i = 0; i < o->nwhere; i++)
		vd__buf_printf(&b, "%s%s", b.size ? ", " : "", o->where[i]);
	run->filters = b.size ? vd__buf_detach(&b) : NULL;
	vd_buf_dispose(&b);
	if (o->audit) {
		vd_audit_query q = VD_AUDIT_QUERY_INIT;

		q.since = o->since;
		q.until = o->until;
		q.where = o->where;
		q.nwhere = o->nwhere;
		q.events_only = true;
		if ((rc = vd_audit_iter_new(&s->it, o->audit, &q)) < 0)
			return rc;
		if (o->progress && (rc = vd__audit_last_event(o->audit, &s->last_row)) < 0)
			return rc;
		vd__buf_printf(&b, "audit log %s", vd_audit_path(o->audit));
	} else {
		if ((rc = open_file(s, o)) < 0)
			return rc;
		vd__buf_printf(&b, "events file %s", strcmp(o->events_path, "-") ? o->events_path : "(stdin)");
	}
	run->source = vd__buf_detach(&b);
	return 0;
}

static bool
passes_filters(const source *s, const vd_event *ev)
{
	size_t i, k;

	/* Filters on one field are alternatives; different fields must all hold. */
	for (i = 0; i < VD_ARRAY_SIZE(file_filters); i++) {
		const vd_val *v = &ev->f[file_filters[i].field];
		bool named = false, held = false;

		for (k = 0; k < s->filters.len && !held; k++) {
			const file_filter *ff = &s->filters.ptr[k];
			uint32_t j;

			if (ff->field != (int)i)
				continue;
			named = true;
			if (v->kind == VD_VAL_STR)
				held = v->n == ff->len && memcmp(v->u.s, ff->value, ff->len) == 0;
			else if (v->kind == VD_VAL_LIST)
				for (j = 0; j < v->n && !held; j++)
					held = v->u.items[j].n == ff->len &&
						memcmp(v->u.items[j].u.s, ff->value, ff->len) == 0;
		}
		if (named && !held)
			return false;
	}
	return true;
}

/*
 * The next event: 1, 0 at the end, or a negative code.  VD_EINVALID and
 * VD_ELIMIT are about one event (a bad line, a row that no longer
 * parses): the caller reports it and asks for the next.
 */
static int
source_next(source *s)
{
	if (s->it) {
		vd_audit_entry e;
		int rc = vd_audit_iter_next(&e, s->it);

		if (rc <= 0)
			return rc;
		s->event = e.event;
		s->row = e.id;
		s->time_ms = e.time_ms;
		return 1;
	}
	for (;;) {
		ssize_t n;
		size_t k;
		int64_t t;
		int rc;

		errno = 0;
		n = getline(&s->line, &s->cap, s->f);
		if (n < 0) {
			if (ferror(s->f))
				return vd__error_set(VD_EIO, "events file %s: read error after line %zu: %s",
					s->path, s->lineno, strerror(errno));
			return 0;
		}
		s->lineno++;
		for (k = 0; k < (size_t)n && strchr(" \t\r\n", s->line[k]); k++)
			;
		if (k == (size_t)n)
			continue;                   /* a blank line */
		vd_event_free(s->ev);
		s->ev = NULL;
		if ((rc = vd_event_parse(&s->ev, s->line, (size_t)n)) < 0)
			return vd__error_prefix("%s:%zu", s->path, s->lineno);
		if ((s->since_ms != INT64_MIN || s->until_ms != INT64_MAX) &&
		    (s->ev->f[VD_FIELD_TIME].kind != VD_VAL_STR ||
		     vd__time_parse_ms(s->ev->f[VD_FIELD_TIME].u.s, &t) < 0 ||
		     t < s->since_ms || t >= s->until_ms))
			continue;
		if (s->filters.len && !passes_filters(s, s->ev))
			continue;
		s->event = s->ev;
		s->row = (int64_t)s->lineno;
		s->time_ms = s->ev->f[VD_FIELD_TIME].kind == VD_VAL_STR &&
			vd__time_parse_ms(s->ev->f[VD_FIELD_TIME].u.s, &t) == 0 ? t : 0;
		return 1;
	}
}

static double
source_progress(const source *s)
{
	if (s->it)
		return s->last_row > 0 ? (double)s->row / (double)s->last_row : -1;
	if (s->size > 0)
		return (double)ftello(s->f) / (double)s->size;
	return -1;
}

static void
source_close(source *s, vd__run *run)
{
	if (s->it)
		run->parsed = vd__audit_iter_parsed(s->it);
	else
		run->parsed = run->events;
	vd_audit_iter_free(s->it);
	if (s->close_f)
		fclose(s->f);
	free(s->line);
	vd_event_free(s->ev);
	vd_vec_dispose(&s->filters);
}

/* ---- the run --------------------------------------------------------- */

typedef struct {
	vd_engine *engine;
	const vd_replay_options *opts;
	vd__run *run;
	vd_diff *diff;                  /* NULL for a replay */
	vd_verdict *v[2];
	vd_eval_options eval[2];
	size_t limit;
	source src;
} runner;

/* Resolve and compile each revision before reading any event. */
static int
prepare_side(runner *r, size_t i, const char *rev)
{
	vd_scope *s;
	vd_tree_cache *c;
	int rc;

	if (rev == NULL || *rev == '\0')
		return vd__error_set(VD_EUSAGE, "a revision of the policy repository is required");
	if ((rc = vd__store_pin(&s, r->engine, rev)) < 0 ||
	    (rc = vd__store_compile(&c, r->engine, s)) < 0)
		return rc;
	r->run->side[i].rev = vd__strdup(rev);
	memcpy(r->run->side[i].commit, s->commit_hex, sizeof(r->run->side[i].commit));
	vd_verdict_new(&r->v[i]);
	r->eval[i] = (vd_eval_options)VD_EVAL_OPTIONS_INIT;
	r->eval[i].ref = rev;
	r->eval[i].simulate_block = r->opts->simulate_block;
	/* Once, not per event: reading VERDICT_NOW costs more than a verdict. */
	r->eval[i].now = r->opts->now ? r->opts->now : vd__eval_now();
	return 0;
}

static void
count_replay(runner *r, const vd_event *ev)
{
	vd__run *run = r->run;
	const vd_verdict *v = r->v[0];
	vd_verdict_kind k = vd_verdict_get(v), w = vd_verdict_would(v);
	bool wb = w >= VD_ASK;
	vd_report_row *row;
	const vd_val *groups = &ev->f[VD_FIELD_GROUPS];
	size_t i;

#define COUNT(row) do { (row)->events++; (row)->verdicts[k]++; (row)->would_block += wb; } while (0)
	row = action_row(run, ev->action);
	COUNT(row);
	row = field_row(run, VD_REPORT_SURFACE, ev, VD_FIELD_SURFACE);
	COUNT(row);
	row = field_row(run, VD_REPORT_TOOL, ev, VD_FIELD_TOOL);
	COUNT(row);
	row = field_row(run, VD_REPORT_USER, ev, VD_FIELD_USER);
	COUNT(row);
	row = field_row(run, VD_REPORT_REPO, ev, VD_FIELD_REPO);
	COUNT(row);
	if (groups->kind == VD_VAL_LIST && groups->n > 0) {
		for (i = 0; i < groups->n; i++) {
			row = table_row(run, &run->tables[VD_REPORT_GROUP], groups->u.items[i].u.s,
				groups->u.items[i].n);
			COUNT(row);
		}
	} else {
		row = table_row(run, &run->tables[VD_REPORT_GROUP], NULL, 0);
		COUNT(row);
	}
#undef COUNT
	/* Policy candidates: every policy that matched, observe included. */
	for (i = 0; i < vd_verdict_match_count(v); i++) {
		const vd_match *m = vd_verdict_match(v, i);

		row = table_row(run, &run->tables[VD_REPORT_POLICY], m->policy, strlen(m->policy));
		row->events++;
		row->verdicts[m->verdict]++;
		row->would_block += m->would >= VD_ASK;
		row->mode = (int)m->mode;
		row->severity = (int)m->severity;
	}
}

static void
count_change(vd_report_row *row, vd_verdict_kind b, vd_verdict_kind h)
{
	row->changed++;
	if (h > b)
		row->stricter++;
	else
		row->looser++;
	if (h >= VD_ASK && b < VD_ASK)
		row->new_block++;
	if (h == VD_WARN && b == VD_PASS)
		row->new_warn++;
}

static const char *
str_field(vd__run *run, const vd_event *ev, vd_field f)
{
	const vd_val *v = &ev->f[f];

	return v->kind == VD_VAL_STR ? vd__arena_strndup(&run->arena, v->u.s, v->n) : NULL;
}

static void
keep_event(runner *r, const vd_event *ev, vd_verdict_kind b, vd_verdict_kind h,
	const vd_match *m)
{
	vd__run *run = r->run;
	vd_diff_event de;
	char when[64];
	const char *subject = vd__event_subject(ev, &run->arena);

	memset(&de, 0, sizeof(de));
	de.row = r->src.row;
	de.event_id = str_field(run, ev, VD_FIELD_ID);
	if (ev->f[VD_FIELD_TIME].kind == VD_VAL_STR) {
		de.time = str_field(run, ev, VD_FIELD_TIME);
	} else if (r->src.time_ms) {
		vd__time_format_ms(when, r->src.time_ms);
		de.time = vd__arena_strdup(&run->arena, when);
	}
	de.user = str_field(run, ev, VD_FIELD_USER);
	de.session = str_field(run, ev, VD_FIELD_SESSION);
	de.surface = str_field(run, ev, VD_FIELD_SURFACE);
	de.repo = str_field(run, ev, VD_FIELD_REPO);
	de.action = vd__action_names[ev->action];
	de.subject = subject ? vd__arena_strdup(&run->arena, subject) : NULL;
	de.base = b;
	de.head = h;
	de.policy = vd__arena_strdup(&run->arena, m->policy);
	de.message = vd__arena_strdup(&run->arena, m->message ? m->message : m->policy);
	vd_vec_push(&r->diff->events, de);
}

static void
count_diff(runner *r, const vd_event *ev)
{
	vd__run *run = r->run;
	vd_diff_summary *s = &r->diff->summary;
	vd_verdict_kind b = vd_verdict_get(r->v[0]), h = vd_verdict_get(r->v[1]);
	const vd_val *groups = &ev->f[VD_FIELD_GROUPS];
	const vd_match *m;
	vd_report_row *row;
	uint32_t i;

	s->transitions[b][h]++;
	/* Every surface's events, so that its noise reads as a share. */
	row = field_row(run, VD_REPORT_SURFACE, ev, VD_FIELD_SURFACE);
	row->events++;
	row->verdicts[h]++;
	if (b == h)
		return;
	s->changed++;
	if (h > b)
		s->stricter++;
	else
		s->looser++;
	if (h >= VD_ASK && b < VD_ASK)
		s->new_block++;
	if (h == VD_WARN && b == VD_PASS)
		s->new_warn++;
	count_change(row, b, h);
	count_change(action_row(run, ev->action), b, h);
	count_change(field_row(run, VD_REPORT_TOOL, ev, VD_FIELD_TOOL), b, h);
	count_change(field_row(run, VD_REPORT_USER, ev, VD_FIELD_USER), b, h);
	count_change(field_row(run, VD_REPORT_REPO, ev, VD_FIELD_REPO), b, h);
	count_change(field_row(run, VD_REPORT_SESSION, ev, VD_FIELD_SESSION), b, h);
	if (groups->kind == VD_VAL_LIST && groups->n > 0)
		for (i = 0; i < groups->n; i++)
			count_change(table_row(run, &run->tables[VD_REPORT_GROUP],
				groups->u.items[i].u.s, groups->u.items[i].n), b, h);
	else
		count_change(table_row(run, &run->tables[VD_REPORT_GROUP], NULL, 0), b, h);
	/* A change of verdict always has a decisive match on its stricter side. */
	m = vd_verdict_decisive(r->v[h > b ? 1 : 0]);
	if (m == NULL)
		return;
	row = table_row(run, &run->tables[VD_REPORT_POLICY], m->policy, strlen(m->policy));
	count_change(row, b, h);
	row->mode = (int)m->mode;
	row->severity = (int)m->severity;
	/* Each policy keeps its own first events: a late policy is not crowded out. */
	{
		vd__table *t = &run->tables[VD_REPORT_POLICY];

		while (t->kept.len < t->rows.len)
			vd_vec_push(&t->kept, 0);
		if (t->kept.ptr[t->last_row] < r->limit) {
			t->kept.ptr[t->last_row]++;
			keep_event(r, ev, b, h, m);
		} else {
			r->diff->events_dropped++;
		}
	}
}

static void
report_error(runner *r)
{
	vd__run *run = r->run;

	run->errors++;
	if (run->first_error == NULL)
		run->first_error = vd__strdup(vd_error_last()->message);
	if (r->opts->on_error)
		r->opts->on_error(r->opts->payload, vd_error_last());
}

static int
run_loop(runner *r)
{
	vd__run *run = r->run;
	size_t i;
	int rc;

	for (;;) {
		rc = source_next(&r->src);
		if (rc == 0)
			break;
		if (rc == VD_EINVALID || rc == VD_ELIMIT) {
			report_error(r);
			continue;
		}
		if (rc < 0)
			return rc;
		for (i = 0; i < run->nsides; i++) {
			if ((rc = vd_eval(r->v[i], r->engine, r->src.event, &r->eval[i])) < 0)
				return rc;
			run->side[i].verdicts[vd_verdict_get(r->v[i])]++;
			run->side[i].would[vd_verdict_would(r->v[i])]++;
		}
		run->events++;
		if (r->diff)
			count_diff(r, r->src.event);
		else
			count_replay(r, r->src.event);
		if (r->opts->progress && run->events % PROGRESS_EVERY == 0)
			r->opts->progress(r->opts->payload, run->events, source_progress(&r->src));
	}
	if (r->opts->progress)
		r->opts->progress(r->opts->payload, run->events, 1.0);
	return 0;
}

static int
run_all(vd__run *run, vd_diff *diff, vd_engine *e, const char *const *revs, size_t nrevs,
	const vd_replay_options *o)
{
	vd_replay_options defaults = VD_REPLAY_OPTIONS_INIT;
	runner r;
	size_t i;
	int rc;

	if (o == NULL)
		o = &defaults;
	memset(&r, 0, sizeof(r));
	r.engine = e;
	r.opts = o;
	r.run = run;
	r.diff = diff;
	r.limit = o->limit ? o->limit : DEFAULT_LIMIT;
	run->nsides = nrevs;
	run->simulate_block = o->simulate_block;
	for (i = 0; i < nrevs; i++)
		if ((rc = prepare_side(&r, i, revs[i])) < 0)
			goto done;
	if ((rc = source_open(&r.src, run, o)) < 0)
		goto done;
	rc = run_loop(&r);
	for (i = 0; i < VD_REPORT_TABLE__COUNT; i++)
		vd__table_sort(&run->tables[i], diff != NULL);
done:
	source_close(&r.src, run);
	for (i = 0; i < 2; i++)
		vd_verdict_free(r.v[i]);
	return rc;
}

/* ---- replay ---------------------------------------------------------- */

int
vd_replay_run(vd_replay **out, vd_engine *e, const char *rev, const vd_replay_options *o)
{
	vd_replay *r;
	int rc;

	VD_ASSERT_ARG(out && e);
	*out = NULL;
	r = vd__calloc(1, sizeof(*r));
	if ((rc = run_all(&r->run, NULL, e, &rev, 1, o)) < 0) {
		vd_replay_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

uint64_t
vd_replay_events(const vd_replay *r)
{
	return r ? r->run.events : 0;
}

uint64_t
vd_replay_errors(const vd_replay *r)
{
	return r ? r->run.errors : 0;
}

uint64_t
vd_replay_count(const vd_replay *r, vd_verdict_kind k)
{
	return r && (unsigned)k < 4 ? r->run.side[0].verdicts[k] : 0;
}

uint64_t
vd_replay_would_count(const vd_replay *r, vd_verdict_kind k)
{
	return r && (unsigned)k < 4 ? r->run.side[0].would[k] : 0;
}

size_t
vd_replay_rows(const vd_replay *r, vd_report_table t)
{
	return r && (unsigned)t < VD_REPORT_TABLE__COUNT ? r->run.tables[t].rows.len : 0;
}

const vd_report_row *
vd_replay_row(const vd_replay *r, vd_report_table t, size_t i)
{
	return i < vd_replay_rows(r, t) ? &r->run.tables[t].rows.ptr[i] : NULL;
}

void
vd_replay_free(vd_replay *r)
{
	if (r == NULL)
		return;
	run_dispose(&r->run);
	vd__free(r);
}

/* ---- diff ------------------------------------------------------------ */

int
vd_diff_run(vd_diff **out, vd_engine *e, const char *base, const char *head,
	const vd_replay_options *o)
{
	const char *revs[2] = { base, head };
	vd_diff *d;
	int rc;

	VD_ASSERT_ARG(out && e);
	*out = NULL;
	d = vd__calloc(1, sizeof(*d));
	if ((rc = run_all(&d->run, d, e, revs, 2, o)) < 0 ||
	    (rc = vd_policy_changes_between(&d->changes, e, base, head)) < 0) {
		vd_diff_free(d);
		return rc;
	}
	d->summary.base = d->run.side[0].rev;
	d->summary.head = d->run.side[1].rev;
	d->summary.base_commit = d->run.side[0].commit;
	d->summary.head_commit = d->run.side[1].commit;
	d->summary.events = d->run.events;
	d->summary.errors = d->run.errors;
	d->summary.policies_changed = vd_policy_changes_count(d->changes);
	*out = d;
	return 0;
}

const vd_diff_summary *
vd_diff_get_summary(const vd_diff *d)
{
	static const vd_diff_summary none;

	return d ? &d->summary : &none;
}

size_t
vd_diff_rows(const vd_diff *d, vd_report_table t)
{
	return d && (unsigned)t < VD_REPORT_TABLE__COUNT ? d->run.tables[t].rows.len : 0;
}

const vd_report_row *
vd_diff_row(const vd_diff *d, vd_report_table t, size_t i)
{
	return i < vd_diff_rows(d, t) ? &d->run.tables[t].rows.ptr[i] : NULL;
}

size_t
vd_diff_event_count(const vd_diff *d)
{
	return d ? d->events.len : 0;
}

const vd_diff_event *
vd_diff_event_get(const vd_diff *d, size_t i)
{
	return d && i < d->events.len ? &d->events.ptr[i] : NULL;
}

const vd_policy_changes *
vd_diff_policy_changes(const vd_diff *d)
{
	return d ? d->changes : NULL;
}

void
vd_diff_free(vd_diff *d)
{
	if (d == NULL)
		return;
	run_dispose(&d->run);
	vd_vec_dispose(&d->events);
	vd_policy_changes_free(d->changes);
	vd__free(d);
}
