/*
 * event.h - an event: parsed from JSON, normalized, with derived fields.
 */
#ifndef VD_ENGINE_EVENT_H
#define VD_ENGINE_EVENT_H

#include "common.h"
#include "arena.h"
#include "model.h"

#include <jansson.h>

struct vd_event {
	/*
	 * What every evaluation reads first, in the first cache line: the
	 * action, the fields that have a value (one bit per vd_field, see
	 * index.h), the elements in each group and the subject for messages,
	 * all derived once at parse time.
	 */
	vd_action action;
	uint32_t n[VD_GROUP__COUNT];  /* elements in each group */
	uint64_t present[(VD_FIELD__COUNT + 63) / 64];
	const char *subject;
	vd_arena arena;               /* derived strings and value arrays */
	json_t *json;                 /* the event as given (owned reference) */
	const char *text;             /* the JSON text it was parsed from, trimmed
	                                 (in the arena); NULL if built from json */
	size_t text_len;
	const char *home;             /* for ~ in paths */
	const char *root;             /* the repository's root directory, if known */
	/*
	 * The file and URL actions a shell command line implies (redirections,
	 * `cat F`, `rm F`, `curl URL`, ... see shell.h), as events of their own
	 * that share this event's context.  The evaluator judges each with the
	 * policies of its action and adds the matches to the same verdict.
	 * They live in this event's arena and are never freed on their own.
	 */
	struct vd_event *implied;
	uint32_t nimplied;
	const char *origin;           /* for an implied event: the command it comes from */
	const struct vd_event *parent;/* for an implied event: the event it comes from */
	/*
	 * An event rebuilt from its stored form (evform.h) has no `json`: its
	 * tool input is kept as text and parsed on the first `input.<key>`
	 * lookup, because most policies never ask for it.
	 */
	const char *input_text;
	size_t input_len;
	json_t *input;                /* parsed input_text (owned), or NULL */
	vd_val f[VD_FIELD__COUNT];    /* one slot per field; group fields are COL */
};

/*
 * Build an event from a parsed JSON object (a new reference is taken).
 * Errors name the offending field.
 */
int vd__event_from_json(vd_event **out, json_t *obj);

/* The value of `input.<key>` (dots descend into objects), into `scratch`. */
bool vd__event_input(const vd_event *ev, const char *key, vd_val *scratch,
	vd_arena *a);

/*
 * The fields that have a value, one bit per vd_field, into out (as many
 * words as ev->present).  Parsing fills ev->present with it; code that
 * builds an event another way must call it too (the evaluator checks).
 */
void vd__event_present(const vd_event *ev, uint64_t *out);

/*
 * Finish an event once its fields are set: which fields have a value, and
 * the subject.  Parsing and rebuilding from a stored form both end here.
 */
void vd__event_finish(vd_event *ev);

/*
 * Fill an implied event `d` of `ev` with what it shares with it: the context
 * fields (who, where, the command line) and the simple command `ci` as its
 * only command.  The caller sets the action and the path or URL.
 */
void vd__event_imply(vd_event *d, const vd_event *ev, uint32_t ci);

/* The tool's input object (`input`), or NULL. */
json_t *vd__event_input_object(const vd_event *ev);

/* What the action is about, for messages: the command, the path, the URL... */
const char *vd__event_subject(const vd_event *ev, vd_arena *a);

#endif
