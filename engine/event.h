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
	vd_arena arena;               /* derived strings and value arrays */
	json_t *json;                 /* the event as given (owned reference) */
	const char *text;             /* the JSON text it was parsed from, trimmed
	                                 (in the arena); NULL if built from json */
	size_t text_len;
	vd_action action;
	vd_val f[VD_FIELD__COUNT];    /* one slot per field; group fields are COL */
	uint32_t n[VD_GROUP__COUNT];  /* elements in each group */
	const char *home;             /* for ~ in paths */
	const char *root;             /* the repository's root directory, if known */
	/*
	 * Derived once at parse time, because every evaluation of the event
	 * needs them: the fields that have a value (one bit per vd_field, see
	 * index.h) and the subject for messages.
	 */
	uint64_t present[(VD_FIELD__COUNT + 63) / 64];
	const char *subject;
	/*
	 * An event rebuilt from its stored form (evform.h) has no `json`: its
	 * tool input is kept as text and parsed on the first `input.<key>`
	 * lookup, because most policies never ask for it.
	 */
	const char *input_text;
	size_t input_len;
	json_t *input;                /* parsed input_text (owned), or NULL */
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
 * Finish an event once its fields are set: which fields have a value, and
 * the subject.  Parsing and rebuilding from a stored form both end here.
 */
void vd__event_finish(vd_event *ev);

/* The tool's input object (`input`), or NULL. */
json_t *vd__event_input_object(const vd_event *ev);

/* What the action is about, for messages: the command, the path, the URL... */
const char *vd__event_subject(const vd_event *ev, vd_arena *a);

#endif
