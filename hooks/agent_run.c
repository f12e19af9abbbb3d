/*
 * agent_run.c - `verdict agent <surface>`: one payload in, one answer out.
 *
 * The steps, for every dialect:
 *
 *   read     the whole payload from stdin (AGENT_MAX_PAYLOAD at most)
 *   dialect  the one named, or the one that claims the payload (`auto`);
 *            a payload another dialect surely owns is an error, not a guess
 *   normalize  into events (agent_<dialect>.c); events that are not
 *            actions are answered with nothing and not recorded
 *   identity  id, time, user, groups, repo, branch, session, surface, cwd,
 *            root, and the agent's cross-reference keys (agent_identity.c)
 *   judge    each event at the live scopes; the answer is the most severe
 *   record   each event and its verdict; strings over
 *            AGENT_RECORD_MAX_STRING are cut in the log's copy, with their
 *            original length under "elided"
 *   answer   in the dialect's encoding; a warning, question or block that
 *            reaches the user is recorded as a `shown` signal
 *
 * After-events (PostToolUse and its kin) judge nothing: they find the
 * session's warned or asked event for the same call and record that the
 * user went on (`acknowledged`) or approved (`approved`).
 *
 * When verdict cannot judge (no policy repo, policies that do not
 * compile, a payload it cannot read, a log it cannot write even to its
 * spool) the policy repo's on_error decides: block (the default, also
 * when the repo cannot be read) or pass.  Either way the message says what
 * failed and how to fix it, and an `error` signal is recorded or spooled.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "agent.h"

/* How long a hook waits for the audit log's lock (ms), unless
 * VERDICT_AUDIT_TIMEOUT says otherwise: agents time hooks out. */
#define AGENT_AUDIT_BUSY_MS 1000

typedef struct {
	const agent_options *opts;
	const agent_dialect *dialect;
	agent_call call;
	bool normalized;          /* call is filled in */
	bool judged;              /* every event has its verdict */
	agent_identity id;
	bool have_id;
	vd_engine *engine;
	vd_audit *audit;
	bool audit_tried;
	bool batching;            /* records wait for commit() */
	uint64_t pending;         /* records in the batch */
	uint64_t spooled_before;  /* the spool's count when the batch began */
	bool git;                 /* holds a libgit2 reference */
	json_t *payload;
	size_t n;                 /* events */
	vd_event **evs;
	vd_verdict **verdicts;
	char now[40];
	agent_answer answer;
} run;

/* ---- small things ------------------------------------------------------ */

static void
iso_now(char out[40])
{
	struct timespec ts;
	struct tm tm;
	char base[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 40, "%.24s.%03dZ", base, (int)(ts.tv_nsec / 1000000) % 1000);
}

static char *
new_id(void)
{
	unsigned char b[8];
	char *s = malloc(4 + 16 + 1);
	size_t i;

	if (s == NULL)
		abort();
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		/* Unique enough for an event id when the kernel will not say. */
		uint64_t x = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)clock();

		memcpy(b, &x, sizeof(b));
	}
	memcpy(s, "evt-", 4);
	for (i = 0; i < sizeof(b); i++)
		snprintf(s + 4 + 2 * i, 3, "%02x", b[i]);
	return s;
}

static char *
xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

/* ---- reading ----------------------------------------------------------- */

static int
read_payload(vd_buf *b, FILE *in)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
		if (b->size + n > AGENT_MAX_PAYLOAD)
			return agent_error_set(VD_ELIMIT,
				"the payload is more than %u bytes, verdict's limit for one hook payload",
				AGENT_MAX_PAYLOAD);
		vd_buf_put(b, chunk, n);
	}
	if (ferror(in))
		return agent_error_set(VD_EIO, "reading the payload from stdin: %s", strerror(errno));
	return 0;
}

static int
parse_payload(json_t **out, const vd_buf *b)
{
	json_error_t err;
	size_t i;

	for (i = 0; i < b->size && strchr(" \t\r\n", b->ptr[i]); i++)
		;
	if (i == b->size)
		return agent_error_set(VD_EINVALID,
			"the payload is empty; expected one JSON object on stdin");
	*out = json_loadb(b->ptr, b->size, 0, &err);
	if (*out == NULL)
		return agent_error_set(VD_EINVALID,
			"the payload is not valid JSON: %s at line %d, column %d", err.text,
			err.line, err.column);
	if (!json_is_object(*out))
		return agent_error_set(VD_EINVALID,
			"the payload is JSON but not an object; expected one JSON object on stdin");
	return 0;
}

static bool
accepts(const agent_dialect *d, const agent_dialect *other)
{
	const char *p = d->also_accepts;
	size_t n = strlen(other->surface);

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t k = comma ? (size_t)(comma - p) : strlen(p);

		if (k == n && strncmp(p, other->surface, n) == 0)
			return true;
		p += k + (comma ? 1 : 0);
	}
	return false;
}

static int
choose_dialect(run *r)
{
	const agent_dialect *seen = agent_dialect_detect(r->payload);

	if (r->dialect == NULL) {
		if (seen == NULL)
			return agent_error_set(VD_EINVALID,
				"cannot tell which agent sent this payload; name it in the hook command: `verdict agent <%s>`",
				"claude-code|cursor|codex|gemini-cli|copilot-cli");
		r->dialect = seen;
		return 0;
	}
	if (seen && seen != r->dialect && !accepts(r->dialect, seen))
		return agent_error_set(VD_EINVALID,
			"this payload is %s's, not %s's: the hook is installed for the wrong agent; reinstall it with `verdict hooks install --agent %s`",
			seen->surface, r->dialect->surface, seen->surface);
	return 0;
}

/* ---- events ------------------------------------------------------------ */

static void
set_str(json_t *e, const char *key, const char *v)
{
	if (v && json_object_get(e, key) == NULL)
		json_object_set_new(e, key, json_string(v));
}

/* Identity and context for each event the dialect made. */
static void
fill_events(run *r, const char *cwd)
{
	agent_call *c = &r->call;
	size_t i, n = json_array_size(c->events);
	char *base = NULL;
	json_t *e;

	if (c->tool_use_id == NULL)
		base = new_id();
	json_array_foreach(c->events, i, e) {
		json_t *meta = json_object_get(e, "agent"), *m;
		const char *key, *own = agent_str(meta, "tool_use_id");
		const char *stem = own ? own : c->tool_use_id ? c->tool_use_id : base;
		char *id = n > 1 && !own ? xprintf("%s#%zu", stem, i + 1) : strdup(stem);

		json_object_set_new(e, "id", json_string(id));
		free(id);
		json_object_set_new(e, "time", json_string(r->now));
		set_str(e, "user", r->id.user);
		if (r->id.groups && json_array_size(r->id.groups))
			json_object_set(e, "groups", r->id.groups);
		set_str(e, "repo", r->id.repo_name);
		set_str(e, "branch", r->id.branch);
		set_str(e, "session", c->session);
		set_str(e, "surface", r->dialect->surface);
		set_str(e, "cwd", cwd);
		set_str(e, "home", getenv("HOME"));
		set_str(e, "root", r->id.root);
		if (meta == NULL) {
			meta = json_object();
			json_object_set_new(e, "agent", meta);
		}
		json_object_set_new(meta, "event", json_string(c->event));
		json_object_foreach(c->meta, key, m)
			if (json_object_get(meta, key) == NULL)
				json_object_set(meta, key, m);
	}
	free(base);
}

/* Cut at a UTF-8 boundary at most `max` bytes in. */
static size_t
utf8_cut(const char *s, size_t max)
{
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/*
 * The log's copy of a value: long strings cut, each cut noted in `elided`
 * by its path with its original length.  Containers are rebuilt, strings
 * shared.
 */
static json_t *
elide(json_t *v, const char *path, json_t *elided)
{
	json_t *out, *x;
	const char *key;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (json_string_length(v) <= AGENT_RECORD_MAX_STRING)
			return json_incref(v);
		json_object_set_new(elided, path, json_integer((json_int_t)json_string_length(v)));
		return json_stringn(json_string_value(v),
			utf8_cut(json_string_value(v), AGENT_RECORD_MAX_STRING));
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach(v, key, x) {
			char *sub = *path ? xprintf("%s.%s", path, key) : strdup(key);

			json_object_set_new(out, key, elide(x, sub, elided));
			free(sub);
		}
		return out;
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, x) {
			char *sub = xprintf("%s[%zu]", path, i);

			json_array_append_new(out, elide(x, sub, elided));
			free(sub);
		}
		return out;
	default:
		return json_incref(v);
	}
}

static bool
has_long_string(json_t *v)
{
	json_t *x;
	const char *key;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) > AGENT_RECORD_MAX_STRING;
	case JSON_OBJECT:
		json_object_foreach(v, key, x)
			if (has_long_string(x))
				return true;
		return false;
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			if (has_long_string(x))
				return true;
		return false;
	default:
		return false;
	}
}

/* ---- the audit log ----------------------------------------------------- */

/* Open the log once; a failure to open at all is remembered. */
static vd_audit *
audit(run *r)
{
	vd_audit_options o = VD_AUDIT_OPTIONS_INIT;
	const char *t = getenv("VERDICT_AUDIT_TIMEOUT");

	if (r->audit_tried)
		return r->audit;
	r->audit_tried = true;
	o.busy_timeout_ms = t && *t ? 0 : AGENT_AUDIT_BUSY_MS;
	if (vd_audit_open(&r->audit, r->have_id ? r->id.audit : NULL, &o) < 0)
		r->audit = NULL;
	return r->audit;
}

/*
 * Whether a failed write was at least spooled.  The library's message says
 * where the record went and what to do; it goes to stderr either way.
 */
static bool
spooled_after(run *r, uint64_t before)
{
	const vd_error *e = vd_error_last();

	vd_buf_printf(&r->answer.err, "verdict: %s\n", e->message);
	return r->audit && vd_audit_get_stats(r->audit)->spooled > before;
}

static void
record_signal(run *r, vd_signal_kind kind, const char *event_id, const char *policy,
	const char *detail)
{
	vd_signal s = VD_SIGNAL_INIT;
	vd_audit *a = audit(r);
	uint64_t before;
	char *own_id = NULL;

	if (a == NULL) {
		vd_buf_printf(&r->answer.err, "verdict: the %s signal was not recorded: %s\n",
			vd_signal_name(kind), vd_error_last()->message);
		return;
	}
	s.kind = kind;
	/* A payload that did not normalize may still name its session. */
	s.session = r->call.session ? r->call.session :
		agent_str(r->payload, "session_id|conversation_id|sessionId");
	if (event_id == NULL && s.session == NULL)
		event_id = own_id = new_id();
	s.event_id = event_id;
	s.policy = policy;
	s.user = r->have_id ? r->id.user : NULL;
	s.surface = r->dialect ? r->dialect->surface : NULL;
	s.time = r->now;
	s.detail = detail;
	before = vd_audit_get_stats(a)->spooled;
	if (r->batching)
		r->pending++;
	if (vd_audit_signal(a, &s) < 0 && !spooled_after(r, before))
		vd_buf_printf(&r->answer.err, "verdict: the %s signal was lost\n", vd_signal_name(kind));
	free(own_id);
}

static void answer(run *r);

/* ---- failing ----------------------------------------------------------- */

/* What to do about an error, when its message does not say already. */
static char *
hint(const run *r, const agent_error *e)
{
	const char *surface = r->dialect ? r->dialect->surface : "<agent>";

	switch (e->code) {
	case VD_EINVALID:
		/* Only the payload's errors point at the hook's installation. */
		if (r->normalized || strstr(e->message, "verdict hooks install"))
			return NULL;
		return xprintf("check that the agent's hook runs `verdict agent %s` (`verdict hooks install --agent %s` writes it)",
			surface, surface);
	case VD_ENOTFOUND:
		if (strstr(e->message, "policy_repo"))
			return NULL;
		return xprintf("the policy repo is --repo in the hook command, else $VERDICT_REPO, else \"policy_repo\" in %s",
			r->have_id && r->id.config_path ? r->id.config_path : "~/.config/verdict/config.json");
	case VD_ELIMIT:
		return strdup("split the action, or exempt it from the hook's matcher");
	case VD_EPOLICY:
		if (strstr(e->message, "verdict check"))
			return NULL;
		return strdup("fix the policy repository: `verdict check` lists every error");
	default:
		return NULL;
	}
}

/* A generic failure answer when the dialect is unknown: every encoding. */
static void
fail_universal(agent_answer *a, const char *message)
{
	json_t *out = json_object();

	json_object_set_new(out, "permissionDecision", json_string("deny"));
	json_object_set_new(out, "permissionDecisionReason", json_string(message));
	agent_answer_json(a, out, 2);
	vd_buf_printf(&a->err, "%s\n", message);
}

/* Try to reach the policy repo only to read on_error. */
static vd_verdict_kind
on_error(run *r)
{
	vd_verdict_kind k = VD_BLOCK;
	agent_error saved = *agent_error_last();

	if (r->engine == NULL && !r->have_id) {
		char cwd[4096];

		agent_identity_dispose(&r->id);
		if (agent_identity_load(&r->id, r->opts, getcwd(cwd, sizeof(cwd))) == 0)
			r->have_id = true;
	}
	if (r->engine == NULL && r->have_id && r->id.policy_repo)
		vd_engine_open(&r->engine, r->id.policy_repo, NULL);
	if (r->engine)
		vd_engine_on_error(&k, r->engine, r->n ? r->evs[0] : NULL);
	agent_error_set(saved.code, "%s", saved.message);
	return k;
}

/*
 * Answer a failure: per on_error, with the cause and its fix, and an error
 * signal on the timeline.
 */
static void
fail(run *r)
{
	agent_error e = *agent_error_last();
	bool after = r->normalized && r->call.kind == AGENT_AFTER;
	/* An action that already happened has nothing to block or let through. */
	vd_verdict_kind mode = after ? VD_PASS : on_error(r);
	char *h = hint(r, &e);
	char *message;
	const char *first_id = NULL;

	if (r->normalized && json_array_size(r->call.events))
		first_id = agent_str(json_array_get(r->call.events, 0), "id");
	if (after)
		message = xprintf("verdict could not record what followed this action: %s%s%s",
			e.message, h ? "; " : "", h ? h : "");
	else
		message = xprintf("verdict could not judge this action and %s (settings on_error %s): %s%s%s",
			mode == VD_BLOCK ? "blocked it" : "let it through", mode == VD_BLOCK ? "block" : "pass",
			e.message, h ? "; " : "", h ? h : "");
	record_signal(r, VD_SIGNAL_ERROR, first_id, NULL, message);
	/* A failure after the answer was made (the commit) replaces it. */
	if (r->batching) {
		vd_audit_commit(r->audit);
		r->batching = false;
	}
	vd_buf_clear(&r->answer.out);
	r->answer.status = 0;
	r->answer.shown = false;
	if (r->judged && mode == VD_PASS) {
		/* Judged but not recorded: the verdict stands, the failure is told. */
		vd_buf_printf(&r->answer.err, "%s\n", message);
		answer(r);
	} else if (after) {
		/* Nothing to block: say it where the agent shows hook errors. */
		vd_buf_printf(&r->answer.err, "%s\n", message);
		r->answer.status = 1;
	} else if (mode == VD_PASS) {
		agent_outcome o = { VD_WARN, message, message, true };

		vd_buf_printf(&r->answer.err, "%s\n", message);
		if (r->normalized && r->call.kind == AGENT_JUDGE)
			r->dialect->answer(&r->answer, &r->call, &o);
	} else if (r->dialect) {
		r->dialect->fail_closed(&r->answer, r->normalized ? &r->call : NULL, message);
	} else {
		fail_universal(&r->answer, message);
	}
	free(message);
	free(h);
}

/* ---- judging ----------------------------------------------------------- */

static int
open_engine(run *r)
{
	if (r->id.policy_repo == NULL)
		return agent_error_set(VD_ENOTFOUND,
			"no policy repository is configured; pass --repo DIR in the hook command, set VERDICT_REPO, or set \"policy_repo\" in %s",
			r->id.config_path ? r->id.config_path : "~/.config/verdict/config.json");
	if (vd_engine_open(&r->engine, r->id.policy_repo, NULL) < 0) {
		r->engine = NULL;
		return agent_error_from_lib();
	}
	return 0;
}

static int
judge(run *r)
{
	size_t i;

	r->n = json_array_size(r->call.events);
	r->evs = calloc(r->n ? r->n : 1, sizeof(*r->evs));
	r->verdicts = calloc(r->n ? r->n : 1, sizeof(*r->verdicts));
	if (r->evs == NULL || r->verdicts == NULL)
		abort();
	for (i = 0; i < r->n; i++)
		if (vd_event_from_json(&r->evs[i], json_array_get(r->call.events, i)) < 0) {
			r->n = i;
			return agent_error_from_lib();
		}
	for (i = 0; i < r->n; i++)
		if (vd_verdict_new(&r->verdicts[i]) < 0 ||
		    vd_eval(r->verdicts[i], r->engine, r->evs[i], NULL) < 0)
			return agent_error_from_lib();
	r->judged = true;
	return 0;
}

/* Record every event and its verdict: spooled is fine, lost is a failure. */
static int
record(run *r)
{
	vd_audit *a = audit(r);
	size_t i;

	if (a == NULL)
		return agent_error_from_lib();
	/*
	 * One transaction for the events and the signals about them: one
	 * fsync per hook, not one per record.  commit() ends it.
	 */
	r->spooled_before = vd_audit_get_stats(a)->spooled;
	if (vd_audit_begin(a) == 0)
		r->batching = true;
	for (i = 0; i < r->n; i++) {
		json_t *obj = json_array_get(r->call.events, i);
		vd_event *copy = NULL;
		const vd_event *ev = r->evs[i];
		uint64_t before = vd_audit_get_stats(a)->spooled;
		int rc;

		if (has_long_string(obj)) {
			json_t *elided = json_object(), *small = elide(obj, "", elided);

			json_object_set_new(small, "elided", elided);
			if (vd_event_from_json(&copy, small) == 0)
				ev = copy;
			json_decref(small);
		}
		rc = vd_audit_record(a, ev, r->verdicts[i]);
		r->pending++;
		vd_event_free(copy);
		if (rc < 0 && !spooled_after(r, before))
			return agent_error_set(VD_EIO, "the audit log cannot record this action (%s)",
				vd_error_last()->message);
	}
	return 0;
}

/* Write the batch: spooled is fine, lost is a failure. */
static int
commit(run *r)
{
	uint64_t spooled;

	if (!r->batching)
		return 0;
	r->batching = false;
	if (vd_audit_commit(r->audit) == 0)
		return 0;
	spooled = vd_audit_get_stats(r->audit)->spooled - r->spooled_before;
	vd_buf_printf(&r->answer.err, "verdict: %s\n", vd_error_last()->message);
	if (spooled >= r->pending)
		return 0;
	return agent_error_set(VD_EIO, "the audit log cannot record this action (%s)",
		vd_error_last()->message);
}

/* The messages of the events at the answer's severity, joined. */
static char *
decisive_messages(run *r, vd_verdict_kind worst)
{
	vd_buf b = VD_BUF_INIT;
	size_t i;
	char *s;

	for (i = 0; i < r->n; i++) {
		const vd_match *m = vd_verdict_decisive(r->verdicts[i]);
		const char *msg;

		if (vd_verdict_get(r->verdicts[i]) != worst || m == NULL)
			continue;
		msg = m->message ? m->message : m->policy;
		if (b.ptr && strstr(b.ptr, msg))
			continue;
		vd_buf_printf(&b, "%s%s", b.size ? "; " : "", msg);
	}
	s = strdup(b.ptr ? b.ptr : "");
	vd_buf_dispose(&b);
	return s;
}

static void
answer(run *r)
{
	vd_verdict_kind worst = VD_PASS;
	agent_outcome o = { VD_PASS, "", "", false };
	char *what, *message = NULL, *reason = NULL;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (vd_verdict_get(r->verdicts[i]) > worst)
			worst = vd_verdict_get(r->verdicts[i]);
	o.verdict = worst;
	if (worst == VD_PASS) {
		r->dialect->answer(&r->answer, &r->call, &o);
		return;
	}
	what = decisive_messages(r, worst);
	switch (worst) {
	case VD_WARN:
		message = xprintf("verdict warning: %s", what);
		reason = xprintf("verdict policy warning (the action was allowed): %s", what);
		break;
	case VD_ASK:
		if (r->call.can_ask) {
			message = xprintf("verdict asks you to confirm: %s", what);
			reason = xprintf("verdict asked the user to confirm: %s", what);
			break;
		}
		/* The documented fallback where the agent cannot ask: deny, and say so. */
		o.verdict = VD_BLOCK;
		message = xprintf("verdict blocked this action: %s. It needs your confirmation, which %s cannot ask for here; if you approve it, run it yourself or ask for an exception to the policy",
			what, r->dialect->surface);
		reason = xprintf("Blocked by verdict policy until the user confirms: %s. %s cannot ask the user here: tell the user, who can run it themselves or ask for an exception.",
			what, r->dialect->surface);
		break;
	default:
		message = xprintf("verdict blocked this action: %s", what);
		reason = xprintf("Blocked by verdict policy: %s. Do not try to work around this policy; if the action is needed, tell the user.",
			what);
		break;
	}
	o.message = message;
	o.reason = reason;
	r->dialect->answer(&r->answer, &r->call, &o);
	if (r->answer.shown)
		for (i = 0; i < r->n; i++) {
			const vd_match *m = vd_verdict_decisive(r->verdicts[i]);

			if (vd_verdict_get(r->verdicts[i]) > VD_PASS && m)
				record_signal(r, VD_SIGNAL_SHOWN, agent_str(json_array_get(r->call.events, i), "id"),
					m->policy, message);
		}
	free(what);
	free(message);
	free(reason);
}

/* ---- after-events ------------------------------------------------------ */

/* Whether a recorded event is the one an after-event reports. */
static bool
same_call(json_t *rec, json_t *after, const char *call_id)
{
	static const char *const keys[] = { "command", "path", "url", "query", NULL };
	const char *a = agent_str(json_object_get(after, "agent"), "tool_use_id");
	const char *b = agent_str(json_object_get(rec, "agent"), "tool_use_id");
	json_t *ma = json_object_get(after, "mcp"), *mb = json_object_get(rec, "mcp");
	size_t i, compared = 0;

	if (a == NULL)
		a = call_id;
	if (a && b && strcmp(a, b) != 0)
		return false;
	for (i = 0; keys[i]; i++) {
		const char *x = agent_str(after, keys[i]), *y = agent_str(rec, keys[i]);

		if (x == NULL)
			continue;
		if (y == NULL || strcmp(x, y) != 0)
			return false;
		compared++;
	}
	if (ma) {
		if (!json_equal(ma, mb))
			return false;
		compared++;
	}
	/* The same call id is enough; without one, the subject must agree. */
	return (a && b) || compared > 0;
}

static void
acknowledge(run *r)
{
	static const char *where_verdicts[] = { "verdict=warn", "verdict=ask" };
	vd_audit_query q = VD_AUDIT_QUERY_INIT;
	vd_audit_iter *it = NULL;
	vd_audit_entry entry;
	size_t n = json_array_size(r->call.events), i;
	const char *where[3];
	char *session_filter;
	struct best { char *id; char *policy; vd_verdict_kind verdict; } *best;
	vd_audit *a;
	int rc;

	if (r->call.session == NULL || n == 0 || (a = audit(r)) == NULL)
		return;
	best = calloc(n, sizeof(*best));
	session_filter = xprintf("session=%s", r->call.session);
	where[0] = session_filter;
	where[1] = where_verdicts[0];
	where[2] = where_verdicts[1];
	q.where = where;
	q.nwhere = 3;
	q.raw = true;
	if (best == NULL)
		abort();
	if (vd_audit_iter_new(&it, a, &q) < 0) {
		/* A spooling log cannot be read: the signals cannot be placed. */
		vd_buf_printf(&r->answer.err, "verdict: %s\n", vd_error_last()->message);
		goto done;
	}
	while ((rc = vd_audit_iter_next(&entry, it)) > 0) {
		json_t *rec = json_loadb(entry.json, entry.json_len, 0, NULL);

		for (i = 0; rec && i < n; i++)
			if (same_call(rec, json_array_get(r->call.events, i), r->call.tool_use_id)) {
				free(best[i].id);
				free(best[i].policy);
				best[i].id = agent_str(rec, "id") ? strdup(agent_str(rec, "id")) : NULL;
				best[i].policy = entry.policy ? strdup(entry.policy) : NULL;
				best[i].verdict = entry.verdict;
			}
		json_decref(rec);
	}
	vd_audit_iter_free(it);
	for (i = 0; i < n; i++)
		if (best[i].id)
			record_signal(r, best[i].verdict == VD_ASK ? VD_SIGNAL_APPROVED : VD_SIGNAL_ACKNOWLEDGED,
				best[i].id, best[i].policy,
				best[i].verdict == VD_ASK ? "the user approved; the tool ran" :
				"the user went on after the warning; the tool ran");
done:
	for (i = 0; i < n; i++) {
		free(best[i].id);
		free(best[i].policy);
	}
	free(best);
	free(session_filter);
}

/* ---- the run ----------------------------------------------------------- */

static int
finish(run *r, FILE *out, FILE *err)
{
	size_t i;
	int status = r->answer.status;

	if (r->answer.out.size)
		fwrite(r->answer.out.ptr, 1, r->answer.out.size, out);
	if (r->answer.err.size)
		fwrite(r->answer.err.ptr, 1, r->answer.err.size, err);
	fflush(out);
	fflush(err);
	if (r->audit && vd_audit_close(r->audit) < 0)
		fprintf(err, "verdict: %s\n", vd_error_last()->message);
	for (i = 0; i < r->n; i++) {
		vd_event_free(r->evs[i]);
		vd_verdict_free(r->verdicts[i]);
	}
	/* Events past a failed parse were never made; their verdicts may be. */
	free(r->evs);
	free(r->verdicts);
	vd_engine_free(r->engine);
	if (r->git)
		git_libgit2_shutdown();
	/* Also after a failed load: it may have kept the config's path. */
	agent_identity_dispose(&r->id);
	json_decref(r->call.events);
	json_decref(r->call.meta);
	json_decref(r->payload);
	vd_buf_dispose(&r->answer.out);
	vd_buf_dispose(&r->answer.err);
	return status;
}

int
agent_run(const agent_options *opts, FILE *in, FILE *out, FILE *err)
{
	vd_buf payload = VD_BUF_INIT;
	char cwd_buf[4096];
	const char *cwd;
	run r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.opts = opts;
	iso_now(r.now);
	if (strcmp(opts->surface, "auto") != 0 &&
	    (r.dialect = agent_dialect_find(opts->surface)) == NULL) {
		char *m = xprintf("verdict agent: unknown agent '%s'; expected %s", opts->surface,
			agent_dialect_names());
		int status = agent_usage_failure(out, err, m);

		free(m);
		return status;
	}
	rc = read_payload(&payload, in);
	if (rc == 0)
		rc = parse_payload(&r.payload, &payload);
	vd_buf_dispose(&payload);
	if (rc < 0 || (rc = choose_dialect(&r)) < 0)
		goto failed;

	r.call.dialect = r.dialect;
	r.call.payload = r.payload;
	r.call.event = opts->event;
	r.call.events = json_array();
	r.call.meta = json_object();
	if ((rc = r.dialect->normalize(&r.call)) < 0)
		goto failed;
	r.normalized = true;
	if (r.call.kind == AGENT_IGNORE)
		goto done;

	/*
	 * One libgit2 reference for the whole run: the identity's lookup and
	 * the engine then share one initialisation, which costs milliseconds
	 * (libgit2 loads the system's CA certificates).
	 */
	git_libgit2_init();
	r.git = true;
	cwd = r.call.cwd ? r.call.cwd : getcwd(cwd_buf, sizeof(cwd_buf));
	if ((rc = agent_identity_load(&r.id, opts, cwd)) < 0)
		goto failed;
	r.have_id = true;
	fill_events(&r, cwd);

	if (r.call.kind == AGENT_AFTER) {
		acknowledge(&r);
		goto done;
	}
	if ((rc = open_engine(&r)) < 0 || (rc = judge(&r)) < 0 || (rc = record(&r)) < 0)
		goto failed;
	answer(&r);
	if ((rc = commit(&r)) < 0)
		goto failed;
	goto done;
failed:
	fail(&r);
done:
	return finish(&r, out, err);
}

int
agent_usage_failure(FILE *out, FILE *err, const char *message)
{
	agent_answer a;
	int status;

	memset(&a, 0, sizeof(a));
	fail_universal(&a, message);
	fwrite(a.out.ptr, 1, a.out.size, out);
	fwrite(a.err.ptr, 1, a.err.size, err);
	status = a.status;
	vd_buf_dispose(&a.out);
	vd_buf_dispose(&a.err);
	return status;
}
