/*
 * evform.h - an event's stored form: its normalized fields in a compact
 * binary layout, written beside the event's JSON when it is recorded and
 * turned back into a vd_event without parsing JSON (the replay path).
 */
#ifndef VD_ENGINE_EVFORM_H
#define VD_ENGINE_EVFORM_H

#include "common.h"
#include "buf.h"
#include "event.h"

/*
 * Append the form of `ev` to `out`.  The form names the build that wrote
 * it: only the same build reads it back (see evform.c).
 */
void vd__event_form_write(vd_buf *out, const vd_event *ev);

/*
 * Rebuild an event from a form into `ev`, which is reset first: reuse one
 * event for a whole scan (vd__event_form_new()).  The form is copied.
 *
 * @return 0; VD_ENOTFOUND when another build wrote the form (its fields
 *         may be normalized differently: parse the JSON instead);
 *         VD_EINVALID when the form is damaged
 */
int vd__event_form_read(vd_event *ev, const void *form, size_t len);

/* An empty event for vd__event_form_read(); free with vd_event_free(). */
vd_event *vd__event_form_new(void);

#endif
