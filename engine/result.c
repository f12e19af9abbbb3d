/*
 * result.c - the verdict object: reset, getters, JSON and explanation.
 *
 * Layer: runtime.
 */
#include "common.h"
#include "result.h"
#include "buf.h"

#include <jansson.h>

const char *
vd_verdict_name(vd_verdict_kind k)
{
	static const char *const names[] = { "pass", "warn", "ask", "block" };

	return (unsigned)k < VD_ARRAY_SIZE(names) ? names[k] : "unknown";
}

const char *
vd_mode_name(vd_mode m)
{
	static const char *const names[] = { "observe", "warn", "ask", "block" };

	return (unsigned)m < VD_ARRAY_SIZE(names) ? names[m] : "unknown";
}

int
vd_verdict_exit_status(vd_verdict_kind k)
{
	return k == VD_PASS ? 0 : k == VD_WARN ? 1 : 2;
}

int
vd_verdict_new(vd_verdict **out)
{
	vd_verdict *v;

	VD_ASSERT_ARG(out);
	v = vd__calloc(1, sizeof(*v));
	v->md = pcre2_match_data_create(32, NULL);
	if (v->md == NULL) {
		fprintf(stderr, "verdict: out of memory\n");
		abort();
	}
	*out = v;
	return 0;
}

void
vd__verdict_reset(vd_verdict *v)
{
	v->verdict = v->would = VD_PASS;
	v->matches.len = 0;
	v->scopes.len = 0;
	v->trace.len = 0;
	v->action = v->subject = v->event_id = NULL;
	vd__arena_reset(&v->arena);
}

void
vd_verdict_free(vd_verdict *v)
{
	if (v == NULL)
		return;
	vd_vec_dispose(&v->matches);
	vd_vec_dispose(&v->scopes);
	vd_vec_dispose(&v->trace);
	pcre2_match_data_free(v->md);
	vd__arena_dispose(&v->arena);
	vd__free(v);
}

vd_verdict_kind
vd_verdict_get(const vd_verdict *v)
{
	return v ? v->verdict : VD_PASS;
}

vd_verdict_kind
vd_verdict_would(const vd_verdict *v)
{
	return v ? v->would : VD_PASS;
}

size_t
vd_verdict_match_count(const vd_verdict *v)
{
	return v ? v->matches.len : 0;
}

const vd_match *
vd_verdict_match(const vd_verdict *v, size_t i)
{
	return v && i < v->matches.len ? &v->matches.ptr[i] : NULL;
}

const vd_match *
vd_verdict_decisive(const vd_verdict *v)
{
	const vd_match *best = NULL;
	size_t i;

	if (v == NULL)
		return NULL;
	for (i = 0; i < v->matches.len; i++) {
		const vd_match *m = &v->matches.ptr[i];

		if (best == NULL || m->verdict > best->verdict ||
		    (m->verdict == best->verdict && m->would > best->would))
			best = m;
	}
	return best;
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
vd__verdict_matches_json(const vd_verdict *v)
{
	json_t *matches = json_array();                     /* new */
	size_t i;

	for (i = 0; i < v->matches.len; i++) {
		const vd_match *m = &v->matches.ptr[i];
		json_t *j = json_object();

		json_object_set_new(j, "policy", json_string(m->policy));
		json_object_set_new(j, "pack", json_string(m->pack));
		json_object_set_new(j, "risk", str_or_null(m->risk));
		json_object_set_new(j, "mode", json_string(vd_mode_name(m->mode)));
		json_object_set_new(j, "severity", json_string(vd_mode_name(m->severity)));
		json_object_set_new(j, "verdict", json_string(vd_verdict_name(m->verdict)));
		json_object_set_new(j, "would", json_string(vd_verdict_name(m->would)));
		json_object_set_new(j, "scope", json_string(m->scope));
		json_object_set_new(j, "ref", json_string(m->ref));
		json_object_set_new(j, "commit", json_string(m->commit));
		json_object_set_new(j, "message", json_string(m->message));
		if (m->element)
			json_object_set_new(j, "element", json_string(m->element));
		if (m->exception)
			json_object_set_new(j, "exception", json_string(m->exception));
		/* Only an implied action differs from the event's. */
		if (m->action && v->action && strcmp(m->action, v->action) != 0)
			json_object_set_new(j, "action", json_string(m->action));
		json_array_append_new(matches, j);
	}
	return matches;
}

json_t *
vd__verdict_scopes_json(const vd_verdict *v)
{
	json_t *scopes = json_array();                      /* new */
	size_t i;

	for (i = 0; i < v->scopes.len; i++) {
		const vd_scope_rec *r = &v->scopes.ptr[i];
		json_t *j = json_object();

		json_object_set_new(j, "scope", json_string(r->name));
		json_object_set_new(j, "kind", json_string(r->kind));
		json_object_set_new(j, "ref", json_string(r->ref));
		json_object_set_new(j, "commit", json_string(r->commit));
		json_object_set_new(j, "tree", json_string(r->tree));
		json_array_append_new(scopes, j);
	}
	return scopes;
}

int
vd_verdict_to_json(vd_buf *out, const vd_verdict *v)
{
	json_t *o;
	const vd_match *d;
	char *s;

	VD_ASSERT_ARG(out && v);
	o = json_object();
	if (v->event_id)
		json_object_set_new(o, "id", json_string(v->event_id));
	json_object_set_new(o, "action", str_or_null(v->action));
	json_object_set_new(o, "verdict", json_string(vd_verdict_name(v->verdict)));
	json_object_set_new(o, "would", json_string(vd_verdict_name(v->would)));
	d = vd_verdict_decisive(v);
	json_object_set_new(o, "policy", str_or_null(d && d->verdict > VD_PASS ? d->policy : NULL));
	json_object_set_new(o, "message", str_or_null(d && d->verdict > VD_PASS ? d->message : NULL));
	json_object_set_new(o, "matches", vd__verdict_matches_json(v));
	json_object_set_new(o, "scopes", vd__verdict_scopes_json(v));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return vd__error_set(VD_ERROR, "verdict does not serialize to JSON");
	vd__buf_puts(out, s);
	free(s);
	return 0;
}

static void
put_pred_text(vd_buf *out, const vd_pred *p)
{
	const char *t = p && p->text ? p->text : "";
	size_t n = strcspn(t, "\n");

	vd__buf_put(out, t, n);
	if (t[n])
		vd__buf_puts(out, " ...");
}

int
vd_verdict_explain(vd_buf *out, const vd_verdict *v)
{
	size_t i;
	uint32_t scope = UINT32_MAX;

	VD_ASSERT_ARG(out && v);
	vd__buf_printf(out, "event %s%s%s\n", v->action ? v->action : "?",
		v->subject ? ": " : "", v->subject ? v->subject : "");
	for (i = 0; i < v->trace.len; i++) {
		const vd_trace *t = &v->trace.ptr[i];

		if (t->scope != scope) {
			const vd_scope_rec *r = &v->scopes.ptr[t->scope];

			scope = t->scope;
			vd__buf_printf(out, "\nscope %s (%s %.12s): %u of %u policies judge %s\n",
				r->name, r->ref, r->commit, r->considered, r->total, v->action);
		}
		switch (t->type) {
		case VD_TRACE_POLICY:
			vd__buf_printf(out, "  policy %s [pack %s] mode %s (%s), severity %s\n",
				t->policy->id, *t->policy->pack ? t->policy->pack : "-",
				vd_mode_name(t->policy->effective), t->policy->mode_source,
				vd_mode_name(t->policy->severity));
			break;
		case VD_TRACE_CMP:
			vd__buf_puts(out, "      ");
			put_pred_text(out, t->pred);
			vd__buf_printf(out, "  -> %s   (%s)%s%s%s\n", t->result ? "true" : "false",
				t->seen, t->note ? " [" : "", t->note ? t->note : "", t->note ? "]" : "");
			break;
		case VD_TRACE_CLAUSE:
			if (t->exception) {
				vd__buf_printf(out, "    exception %s: %s%s%s\n", t->exception->id,
					t->note ? "" : (t->result ? "applies" : "does not apply"),
					t->note ? t->note : "",
					t->exception->expires && !t->note ?
					vd__arena_printf((vd_arena *)&v->arena, " (expires %s)", t->exception->expires) : "");
			} else {
				vd__buf_printf(out, "    %s %s: ", t->clause == VD_CLAUSE_WHEN ? "when" : "unless",
					t->result ? "held" : "failed");
				put_pred_text(out, t->pred);
				vd__buf_putc(out, '\n');
			}
			break;
		case VD_TRACE_IMPLIED:
			vd__buf_printf(out, "  implied %s (from: %s)\n", t->seen, t->note ? t->note : "");
			break;
		case VD_TRACE_RESULT:
			if (!t->result)
				vd__buf_puts(out, "    => no match\n");
			else
				vd__buf_printf(out, "    => match: %s%s%s\n", t->note,
					t->exception ? ", excepted by " : "",
					t->exception ? t->exception->id : "");
			break;
		}
	}
	vd__buf_printf(out, "\nverdict %s (would %s)\n", vd_verdict_name(v->verdict),
		vd_verdict_name(v->would));
	return 0;
}
