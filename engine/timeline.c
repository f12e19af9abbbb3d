/*
 * timeline.c - warning behaviour from the audit log: a session's timeline
 * and the tuning queue.
 *
 * Layer: runtime, above the audit log.  Both read what was recorded (the
 * events, the verdicts they got, the signals about them), never judge
 * again: they tell what happened.
 *
 * The timeline answers "warning shown -> acknowledged -> next action": for
 * each recorded warn, ask or block of a session, the signals tied to it and
 * what the session did next (vd_followup in verdict.h defines "went on into
 * the risk").  The tuning queue lists what warned or would block, grouped
 * by the policy that decided, with counts, for whoever tunes the policy.
 */
#include "common.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "report.h"
#include "event.h"
#include "strmap.h"
#include "vec.h"

#include <jansson.h>

#define DEFAULT_KEEP  1000
#define DEFAULT_LIMIT 20

struct vd_timeline {
	vd_arena arena;
	char *session;
	vd_vec(vd_timeline_entry) entries;
	vd_vec(int64_t) times;          /* each entry's time in ms, for ordering */
};

typedef struct {
	vd_review_group g;
	vd_strmap users, sessions;
	vd_vec(vd_timeline_entry) list;
} review_group;

struct vd_review {
	vd_arena arena;
	char *filters;
	vd_vec(review_group) groups;
	vd_vec(vd_review_group) view;   /* what vd_review_get() hands out */
};

const char *
vd_followup_name(vd_followup f)
{
	switch (f) {
	case VD_FOLLOW_CHANGED_COURSE: return "changed course";
	case VD_FOLLOW_WENT_ON: return "went on into the risk";
	case VD_FOLLOW_ENDED: return "session ended";
	default: return "-";
	}
}

static const char *
dup(vd_arena *a, const char *s)
{
	return s ? vd__arena_strdup(a, s) : NULL;
}

/* An entry from a recorded event, its strings copied into `a`. */
static void
entry_from(vd_timeline_entry *t, vd_arena *a, const vd_audit_entry *e)
{
	const vd_event *ev = e->event;
	char when[64];

	memset(t, 0, sizeof(*t));
	t->row = e->id;
	t->event_id = dup(a, vd_event_get(ev, "id"));
	if (vd_event_get(ev, "time")) {
		t->time = dup(a, vd_event_get(ev, "time"));
	} else {
		vd__time_format_ms(when, e->time_ms);
		t->time = vd__arena_strdup(a, when);
	}
	t->action = vd_event_action(ev);           /* static */
	t->subject = dup(a, vd_event_subject(ev));
	t->tool = dup(a, vd_event_get(ev, "tool"));
	t->surface = dup(a, vd_event_get(ev, "surface"));
	t->user = dup(a, vd_event_get(ev, "user"));
	t->session = dup(a, vd_event_get(ev, "session"));
	t->repo = dup(a, vd_event_get(ev, "repo"));
	t->verdict = e->verdict;
	t->would = e->would;
	t->policy = dup(a, e->policy);
	t->message = dup(a, e->message);
	t->next = -1;
}

/* ---- the timeline ---------------------------------------------------- */

typedef struct {
	vd__signal_row r;
	bool placed;
} signal_copy;

typedef struct {
	vd_timeline *t;
	vd_vec(signal_copy) signals;
} signal_load;

static int
keep_signal(void *payload, const vd__signal_row *r)
{
	signal_load *l = payload;
	vd_arena *a = &l->t->arena;
	signal_copy c;

	memset(&c, 0, sizeof(c));
	c.r.kind = dup(a, r->kind);
	c.r.time = dup(a, r->time);
	c.r.session = dup(a, r->session);
	c.r.event_id = dup(a, r->event_id);
	c.r.policy = dup(a, r->policy);
	c.r.user = dup(a, r->user);
	c.r.surface = dup(a, r->surface);
	c.r.detail = dup(a, r->detail);
	c.r.ts = r->ts;
	vd_vec_push(&l->signals, c);
	return 0;
}

/* The entry a signal is about: by event id, else the latest warning before it. */
static long
signal_target(const vd_timeline *t, const vd__signal_row *s)
{
	long i, best = -1, any = -1;

	if (s->event_id) {
		for (i = (long)t->entries.len - 1; i >= 0; i--)
			if (t->entries.ptr[i].event_id && strcmp(t->entries.ptr[i].event_id, s->event_id) == 0)
				return i;
	}
	for (i = 0; i < (long)t->entries.len; i++) {
		const vd_timeline_entry *e = &t->entries.ptr[i];

		if (t->times.ptr[i] > s->ts)
			break;
		any = i;
		if (e->verdict >= VD_WARN && (s->policy == NULL || (e->policy && strcmp(e->policy, s->policy) == 0)))
			best = i;
	}
	if (best >= 0)
		return best;
	return any >= 0 ? any : (t->entries.len ? 0 : -1);
}

static void
place_signals(vd_timeline *t, signal_load *l)
{
	size_t i, k;

	/* Count per entry first, so each entry's signals are one array. */
	vd_vec(long) target = VD_VEC_INIT;

	for (i = 0; i < l->signals.len; i++) {
		long at = signal_target(t, &l->signals.ptr[i].r);

		vd_vec_push(&target, at);
		if (at >= 0)
			t->entries.ptr[at].nsignals++;
	}
	for (i = 0; i < t->entries.len; i++) {
		vd_timeline_entry *e = &t->entries.ptr[i];
		vd_timeline_signal *list;
		size_t n = 0;

		if (e->nsignals == 0)
			continue;
		list = vd__arena_calloc(&t->arena, e->nsignals, sizeof(*list));
		for (k = 0; k < l->signals.len; k++) {
			const vd__signal_row *s = &l->signals.ptr[k].r;

			if (target.ptr[k] != (long)i)
				continue;
			list[n].kind = s->kind;
			list[n].time = s->time;
			list[n].policy = s->policy;
			list[n].detail = s->detail;
			n++;
			if (s->kind == NULL)
				continue;
			e->shown |= strcmp(s->kind, "shown") == 0;
			e->acknowledged |= strcmp(s->kind, "acknowledged") == 0;
			e->approved |= strcmp(s->kind, "approved") == 0;
			e->denied |= strcmp(s->kind, "denied") == 0;
		}
		e->signals = list;
	}
	vd_vec_dispose(&target);
}

static bool
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void
follow_up(vd_timeline *t)
{
	size_t i;

	for (i = 0; i < t->entries.len; i++) {
		vd_timeline_entry *e = &t->entries.ptr[i];
		const vd_timeline_entry *n;

		e->next = i + 1 < t->entries.len ? (long)i + 1 : -1;
		if (e->verdict < VD_WARN)
			continue;
		if (e->approved) {
			e->followup = VD_FOLLOW_WENT_ON;
			continue;
		}
		if (e->next < 0) {
			e->followup = VD_FOLLOW_ENDED;
			continue;
		}
		n = &t->entries.ptr[e->next];
		if ((strcmp(n->action, e->action) == 0 && same(n->subject, e->subject)) ||
		    same(n->policy, e->policy))
			e->followup = VD_FOLLOW_WENT_ON;
		else
			e->followup = VD_FOLLOW_CHANGED_COURSE;
	}
}

/* Order by time, then by row: a spool drained late keeps its place. */
static void
sort_by_time(vd_timeline *t)
{
	size_t i, j;

	/* Insertion sort: sessions are short and nearly always in order already. */
	for (i = 1; i < t->entries.len; i++) {
		vd_timeline_entry e = t->entries.ptr[i];
		int64_t ms = t->times.ptr[i];

		for (j = i; j > 0 && (t->times.ptr[j - 1] > ms ||
		    (t->times.ptr[j - 1] == ms && t->entries.ptr[j - 1].row > e.row)); j--) {
			t->entries.ptr[j] = t->entries.ptr[j - 1];
			t->times.ptr[j] = t->times.ptr[j - 1];
		}
		t->entries.ptr[j] = e;
		t->times.ptr[j] = ms;
	}
}

int
vd_timeline_build(vd_timeline **out, vd_audit *a, const char *session)
{
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	signal_load load;
	vd_timeline *t;
	vd_buf where = VD_BUF_INIT;
	const char *w[1];
	int rc;

	VD_ASSERT_ARG(out && a && session);
	*out = NULL;
	t = vd__calloc(1, sizeof(*t));
	t->session = vd__strdup(session);
	memset(&load, 0, sizeof(load));
	load.t = t;
	vd__buf_printf(&where, "session=%s", session);
	w[0] = where.ptr;
	q.where = w;
	q.nwhere = 1;
	if ((rc = vd_audit_iter_new(&it, a, &q)) < 0)
		goto done;
	while ((rc = vd_audit_iter_next(&e, it)) != 0) {
		vd_timeline_entry entry;

		if (rc < 0)
			goto done;
		entry_from(&entry, &t->arena, &e);
		vd_vec_push(&t->entries, entry);
		vd_vec_push(&t->times, e.time_ms);
	}
	sort_by_time(t);
	if ((rc = vd__audit_signals(a, session, keep_signal, &load)) < 0)
		goto done;
	place_signals(t, &load);
	follow_up(t);
	rc = 0;
done:
	vd_audit_iter_free(it);
	vd_buf_dispose(&where);
	vd_vec_dispose(&load.signals);
	if (rc < 0) {
		vd_timeline_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

size_t
vd_timeline_count(const vd_timeline *t)
{
	return t ? t->entries.len : 0;
}

const vd_timeline_entry *
vd_timeline_get(const vd_timeline *t, size_t i)
{
	return t && i < t->entries.len ? &t->entries.ptr[i] : NULL;
}

void
vd_timeline_free(vd_timeline *t)
{
	if (t == NULL)
		return;
	vd__free(t->session);
	vd_vec_dispose(&t->entries);
	vd_vec_dispose(&t->times);
	vd__arena_dispose(&t->arena);
	vd__free(t);
}

/* ---- rendering the timeline ------------------------------------------ */

static json_t *
entry_json(const vd_timeline_entry *e, bool full)
{
	json_t *j = json_object();
	size_t k;

	json_object_set_new(j, "row", json_integer(e->row));
	json_object_set_new(j, "id", vd__report_str(e->event_id));
	json_object_set_new(j, "time", vd__report_str(e->time));
	json_object_set_new(j, "action", json_string(e->action));
	json_object_set_new(j, "subject", vd__report_str(e->subject));
	json_object_set_new(j, "tool", vd__report_str(e->tool));
	json_object_set_new(j, "surface", vd__report_str(e->surface));
	json_object_set_new(j, "user", vd__report_str(e->user));
	json_object_set_new(j, "session", vd__report_str(e->session));
	json_object_set_new(j, "repo", vd__report_str(e->repo));
	json_object_set_new(j, "verdict", json_string(vd_verdict_name(e->verdict)));
	json_object_set_new(j, "would", json_string(vd_verdict_name(e->would)));
	json_object_set_new(j, "policy", vd__report_str(e->policy));
	json_object_set_new(j, "message", vd__report_str(e->message));
	if (!full)
		return j;
	{
		json_t *sig = json_array();

		for (k = 0; k < e->nsignals; k++) {
			json_t *s = json_object();

			json_object_set_new(s, "kind", vd__report_str(e->signals[k].kind));
			json_object_set_new(s, "time", vd__report_str(e->signals[k].time));
			json_object_set_new(s, "policy", vd__report_str(e->signals[k].policy));
			json_object_set_new(s, "detail", vd__report_str(e->signals[k].detail));
			json_array_append_new(sig, s);
		}
		json_object_set_new(j, "signals", sig);
	}
	if (e->verdict >= VD_WARN) {
		json_object_set_new(j, "shown", json_boolean(e->shown));
		json_object_set_new(j, "acknowledged", json_boolean(e->acknowledged));
		if (e->approved || e->denied)
			json_object_set_new(j, "answer", json_string(e->approved ? "approved" : "denied"));
		json_object_set_new(j, "next_row", e->next >= 0 ? json_integer(e->next + 1) : json_null());
		json_object_set_new(j, "followup", json_string(vd_followup_name(e->followup)));
	}
	return j;
}

static void
timeline_text(vd_buf *b, const vd_timeline *t)
{
	size_t i, k, warnings = 0, count[4] = { 0, 0, 0, 0 }, shown = 0, acked = 0;
	const vd_timeline_entry *first = t->entries.len ? &t->entries.ptr[0] : NULL;

	if (first == NULL) {
		vd__buf_printf(b, "session %s: no recorded events\n", t->session);
		return;
	}
	for (i = 0; i < t->entries.len; i++) {
		const vd_timeline_entry *e = &t->entries.ptr[i];

		if (e->verdict < VD_WARN)
			continue;
		warnings++;
		count[e->followup]++;
		shown += e->shown;
		acked += e->acknowledged;
	}
	vd__buf_printf(b, "session %s: %zu event%s from %s to %s; user %s, surface %s, repo %s\n",
		t->session, t->entries.len, t->entries.len == 1 ? "" : "s", first->time,
		t->entries.ptr[t->entries.len - 1].time, first->user ? first->user : "-",
		first->surface ? first->surface : "-", first->repo ? first->repo : "-");
	vd__buf_printf(b, "%zu warning%s (warn, ask or block): %zu shown, %zu acknowledged; "
		"%zu changed course, %zu went on into the risk, %zu at the end of the session\n",
		warnings, warnings == 1 ? "" : "s", shown, acked, count[VD_FOLLOW_CHANGED_COURSE],
		count[VD_FOLLOW_WENT_ON], count[VD_FOLLOW_ENDED]);
	for (i = 0; i < t->entries.len; i++) {
		const vd_timeline_entry *e = &t->entries.ptr[i];

		vd__buf_printf(b, "\n%3zu  %s  %-5s  %s", i + 1, e->time, vd_verdict_name(e->verdict),
			e->action);
		if (e->subject) {
			vd__buf_puts(b, ": ");
			vd__report_line(b, e->subject, 100);
		}
		if (e->verdict < VD_WARN && e->would > e->verdict && e->policy)
			vd__buf_printf(b, "   (would %s: %s)", vd_verdict_name(e->would), e->policy);
		if (e->verdict >= VD_WARN && e->message) {
			vd__buf_puts(b, "\n       ");
			vd__report_line(b, e->message, 160);
		}
		for (k = 0; k < e->nsignals; k++) {
			const vd_timeline_signal *s = &e->signals[k];

			vd__buf_printf(b, "\n       %s at %s", s->kind ? s->kind : "?", s->time ? s->time : "?");
			if (s->detail) {
				vd__buf_puts(b, ": ");
				vd__report_line(b, s->detail, 100);
			}
		}
		if (e->verdict >= VD_WARN) {
			vd__buf_printf(b, "\n       %s, %s", e->shown ? "shown" : "not shown (no signal)",
				e->acknowledged ? "acknowledged" : e->approved ? "approved" :
				e->denied ? "denied" : "not acknowledged");
			if (e->next >= 0) {
				const vd_timeline_entry *n = &t->entries.ptr[e->next];

				vd__buf_printf(b, "; next: #%ld %s", e->next + 1, n->action);
				if (n->subject) {
					vd__buf_puts(b, ": ");
					vd__report_line(b, n->subject, 60);
				}
			}
			vd__buf_printf(b, " -> %s", vd_followup_name(e->followup));
		}
	}
	vd__buf_putc(b, '\n');
}

int
vd_timeline_render(vd_buf *out, const vd_timeline *t, const vd_report_options *o)
{
	VD_ASSERT_ARG(out && t);
	if (o && o->format == VD_REPORT_JSON) {
		json_t *j = json_object(), *a = json_array();
		size_t i;

		json_object_set_new(j, "session", json_string(t->session));
		for (i = 0; i < t->entries.len; i++)
			json_array_append_new(a, entry_json(&t->entries.ptr[i], true));
		json_object_set_new(j, "events", a);
		return vd__report_json(out, j);
	}
	timeline_text(out, t);
	return 0;
}

/* ---- the tuning queue ------------------------------------------------ */

static void
count_distinct(vd_arena *a, vd_strmap *m, uint64_t *n, const char *key)
{
	if (key == NULL || vd__strmap_get(m, key, strlen(key)))
		return;
	key = vd__arena_strdup(a, key);
	vd__strmap_put(m, key, strlen(key), (void *)key);
	(*n)++;
}

static int
group_cmp(const void *pa, const void *pb)
{
	const review_group *a = pa, *b = pb;

	if (a->g.events != b->g.events)
		return a->g.events > b->g.events ? -1 : 1;
	return strcmp(a->g.policy, b->g.policy);
}

int
vd_review_build(vd_review **out, vd_audit *a, const vd_review_options *o)
{
	vd_review_options defaults = VD_REVIEW_OPTIONS_INIT;
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry e;
	vd_strmap index = VD_STRMAP_INIT;
	vd_buf policy = VD_BUF_INIT, filters = VD_BUF_INIT;
	const char **where = NULL;
	vd_review *r;
	size_t i, keep;
	int rc;

	VD_ASSERT_ARG(out && a);
	*out = NULL;
	if (o == NULL)
		o = &defaults;
	keep = o->limit ? o->limit : DEFAULT_KEEP;
	r = vd__calloc(1, sizeof(*r));
	where = vd__calloc(o->nwhere + 1, sizeof(*where));
	for (i = 0; i < o->nwhere; i++) {
		where[i] = o->where[i];
		vd__buf_printf(&filters, "%s%s", i ? ", " : "", o->where[i]);
	}
	q.where = where;
	q.nwhere = o->nwhere;
	if (o->policy) {
		vd__buf_printf(&policy, "policy=%s", o->policy);
		where[q.nwhere++] = policy.ptr;
		vd__buf_printf(&filters, "%s%s", filters.size ? ", " : "", policy.ptr);
	}
	q.since = o->since;
	q.until = o->until;
	r->filters = filters.size ? vd__buf_detach(&filters) : NULL;
	if ((rc = vd__audit_iter_flagged(&it, a, &q)) < 0)
		goto done;
	while ((rc = vd_audit_iter_next(&e, it)) != 0) {
		const char *key;
		review_group *g;
		uintptr_t at;

		if (rc < 0)
			goto done;
		key = e.policy ? e.policy : "(none)";
		if ((at = (uintptr_t)vd__strmap_get(&index, key, strlen(key))) == 0) {
			review_group ng;

			memset(&ng, 0, sizeof(ng));
			ng.g.policy = vd__arena_strdup(&r->arena, key);
			vd_vec_push(&r->groups, ng);
			at = r->groups.len;
			vd__strmap_put(&index, ng.g.policy, strlen(key), (void *)at);
		}
		g = &r->groups.ptr[at - 1];
		g->g.events++;
		g->g.verdicts[e.verdict]++;
		if (e.verdict == VD_PASS)
			g->g.would_block++;
		count_distinct(&r->arena, &g->users, &g->g.users, vd_event_get(e.event, "user"));
		count_distinct(&r->arena, &g->sessions, &g->g.sessions, vd_event_get(e.event, "session"));
		if (g->list.len < keep) {
			vd_timeline_entry te;

			entry_from(&te, &r->arena, &e);
			vd_vec_push(&g->list, te);
		}
	}
	if (r->groups.len > 1)
		qsort(r->groups.ptr, r->groups.len, sizeof(review_group), group_cmp);
	for (i = 0; i < r->groups.len; i++) {
		review_group *g = &r->groups.ptr[i];

		g->g.nevents = g->list.len;
		g->g.list = g->list.ptr;
		vd_vec_push(&r->view, g->g);
	}
	rc = 0;
done:
	vd_audit_iter_free(it);
	vd__strmap_dispose(&index);
	vd_buf_dispose(&policy);
	vd_buf_dispose(&filters);
	vd__free(where);
	if (rc < 0) {
		vd_review_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

size_t
vd_review_count(const vd_review *r)
{
	return r ? r->view.len : 0;
}

const vd_review_group *
vd_review_get(const vd_review *r, size_t i)
{
	return r && i < r->view.len ? &r->view.ptr[i] : NULL;
}

void
vd_review_free(vd_review *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->groups.len; i++) {
		vd__strmap_dispose(&r->groups.ptr[i].users);
		vd__strmap_dispose(&r->groups.ptr[i].sessions);
		vd_vec_dispose(&r->groups.ptr[i].list);
	}
	vd_vec_dispose(&r->groups);
	vd_vec_dispose(&r->view);
	vd__free(r->filters);
	vd__arena_dispose(&r->arena);
	vd__free(r);
}

/* ---- rendering the tuning queue --------------------------------------- */

static void
review_line(vd_buf *b, const vd_timeline_entry *e, bool markdown)
{
	const char *what = e->verdict >= VD_WARN ? vd_verdict_name(e->verdict) : "would";

	if (markdown) {
		vd__buf_printf(b, "| %s | %s%s%s | %s | ", e->time, what,
			e->verdict >= VD_WARN ? "" : " ", e->verdict >= VD_WARN ? "" :
			vd_verdict_name(e->would), e->action);
		vd__report_md(b, e->subject ? e->subject : "-", 120);
		vd__buf_puts(b, " | ");
		vd__report_md(b, e->user ? e->user : "-", 60);
		vd__buf_puts(b, " | ");
		vd__report_md(b, e->surface ? e->surface : "-", 60);
		vd__buf_printf(b, " | %" PRId64 " |\n", e->row);
		return;
	}
	vd__buf_printf(b, "    %s  %-5s%s%s  %s", e->time, what, e->verdict >= VD_WARN ? "" : " ",
		e->verdict >= VD_WARN ? "" : vd_verdict_name(e->would), e->action);
	if (e->subject) {
		vd__buf_puts(b, ": ");
		vd__report_line(b, e->subject, 100);
	}
	vd__buf_printf(b, "  (user %s, session %s, %s; row %" PRId64 ")\n", e->user ? e->user : "-",
		e->session ? e->session : "-", e->surface ? e->surface : "-", e->row);
}

int
vd_review_render(vd_buf *out, const vd_review *r, const vd_report_options *o)
{
	vd_report_options defaults = VD_REPORT_OPTIONS_INIT;
	uint64_t total = 0;
	size_t i, k, limit;

	VD_ASSERT_ARG(out && r);
	if (o == NULL)
		o = &defaults;
	limit = o->limit ? o->limit : DEFAULT_LIMIT;
	for (i = 0; i < r->view.len; i++)
		total += r->view.ptr[i].events;
	if (o->format == VD_REPORT_JSON) {
		json_t *j = json_object(), *a = json_array();

		json_object_set_new(j, "filters", vd__report_str(r->filters));
		json_object_set_new(j, "events", json_integer((json_int_t)total));
		for (i = 0; i < r->view.len; i++) {
			const vd_review_group *g = &r->view.ptr[i];
			json_t *gj = json_object(), *ev = json_array();

			json_object_set_new(gj, "policy", json_string(g->policy));
			json_object_set_new(gj, "events", json_integer((json_int_t)g->events));
			json_object_set_new(gj, "warn", json_integer((json_int_t)g->verdicts[VD_WARN]));
			json_object_set_new(gj, "ask", json_integer((json_int_t)g->verdicts[VD_ASK]));
			json_object_set_new(gj, "block", json_integer((json_int_t)g->verdicts[VD_BLOCK]));
			json_object_set_new(gj, "would_block", json_integer((json_int_t)g->would_block));
			json_object_set_new(gj, "users", json_integer((json_int_t)g->users));
			json_object_set_new(gj, "sessions", json_integer((json_int_t)g->sessions));
			for (k = 0; k < g->nevents; k++)
				json_array_append_new(ev, entry_json(&g->list[k], false));
			json_object_set_new(gj, "list", ev);
			json_array_append_new(a, gj);
		}
		json_object_set_new(j, "policies", a);
		return vd__report_json(out, j);
	}
	if (o->format == VD_REPORT_MARKDOWN) {
		vd__buf_printf(out, "### verdict review: %" PRIu64 " events to tune\n\n", total);
		if (r->view.len)
			vd__buf_puts(out, "| policy | events | warn | ask | block | would block | users | sessions |\n"
				"|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (i = 0; i < r->view.len; i++) {
			const vd_review_group *g = &r->view.ptr[i];

			vd__buf_puts(out, "| ");
			vd__report_md(out, g->policy, 200);
			vd__buf_printf(out, " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64
				" | %" PRIu64 " | %" PRIu64 " |\n", g->events, g->verdicts[VD_WARN],
				g->verdicts[VD_ASK], g->verdicts[VD_BLOCK], g->would_block, g->users, g->sessions);
		}
		for (i = 0; i < r->view.len; i++) {
			const vd_review_group *g = &r->view.ptr[i];

			vd__buf_puts(out, "\n<details><summary>");
			vd__report_md(out, g->policy, 200);
			vd__buf_printf(out, " (%" PRIu64 ")</summary>\n\n| time | verdict | action | subject | user | surface | row |\n"
				"|---|---|---|---|---|---|---:|\n", g->events);
			for (k = 0; k < g->nevents && k < limit; k++)
				review_line(out, &g->list[k], true);
			if (g->events > k)
				vd__buf_printf(out, "\n%" PRIu64 " more not shown.\n", g->events - k);
			vd__buf_puts(out, "\n</details>\n");
		}
		return 0;
	}
	vd__buf_printf(out, "tuning queue: %" PRIu64 " event%s that warned, asked or blocked, or would block, "
		"under %zu polic%s%s%s\n", total, total == 1 ? "" : "s", r->view.len,
		r->view.len == 1 ? "y" : "ies", r->filters ? "; filters: " : "",
		r->filters ? r->filters : "");
	for (i = 0; i < r->view.len; i++) {
		const vd_review_group *g = &r->view.ptr[i];

		vd__buf_printf(out, "\n%s: %" PRIu64 " event%s (%" PRIu64 " warn, %" PRIu64 " ask, %" PRIu64
			" block, %" PRIu64 " would block in observe) from %" PRIu64 " user%s in %" PRIu64
			" session%s\n", g->policy, g->events, g->events == 1 ? "" : "s",
			g->verdicts[VD_WARN], g->verdicts[VD_ASK], g->verdicts[VD_BLOCK], g->would_block,
			g->users, g->users == 1 ? "" : "s", g->sessions, g->sessions == 1 ? "" : "s");
		for (k = 0; k < g->nevents && k < limit; k++)
			review_line(out, &g->list[k], false);
		if (g->events > k)
			vd__buf_printf(out, "    ... %" PRIu64 " more\n", g->events - k);
	}
	return 0;
}
