/*
 * evform.c - an event's stored form: the normalized event, compact.
 *
 * Layer: runtime, beside event.c.  Replaying a million recorded events
 * spends most of its time parsing their JSON again (jansson allocates a
 * node per value) and normalizing it; the form skips both.  It is written
 * when an event is recorded (audit.c keeps it in the event's row) and read
 * back into a vd_event with one copy and no allocation per value.
 *
 * What it holds: every field slot the parse filled, derived ones included
 * (the simple commands of a command line, the normalized path, the URL's
 * host), the size of each group, and the tool's input as JSON text, which
 * is parsed only if a policy asks for `input.<key>`.
 *
 * Which build reads it.  A form is a snapshot of one build's normalization.
 * It names the normalization that wrote it (VD_FORM_SOURCES_ID, a hash of
 * the sources normalization lives in, listed in engine/CMakeLists.txt), and
 * a build whose normalization differs refuses it, so an improved normalizer
 * is never bypassed by a stale form: the caller parses the JSON instead,
 * which is always right and only slower.  Other changes to verdict (the
 * language, the evaluator) keep reading the forms.
 *
 * Layout (integers are LEB128 varints unless said otherwise):
 *
 *   "vdf1"  the form id (16 bytes)  action (1 byte)  n[group] per group
 *   the present-field words (8 bytes each, little-endian)
 *   then records, each a tag byte:
 *     0..VD_FIELD__COUNT-1  a field, then its value
 *     TAG_INPUT             length, the input's JSON, a NUL
 *     TAG_IMPLIED           how many implied events, then each:
 *                           action (1 byte), the index of the simple command
 *                           it comes from, its origin (a string body), then
 *                           field records for what is its own (not shared
 *                           with the event: see vd__event_imply), TAG_END
 *     TAG_END               the end
 *   a value: its kind (1 byte), then
 *     STR   length, bytes, a NUL     INT   8 bytes, little-endian
 *     BOOL  1 byte                   LIST  count, then each STR body
 *     COL   count, then each value (NONE, STR, INT, BOOL or LIST)
 *
 * Strings keep a NUL so that the rebuilt values point straight into the
 * copy of the form, NUL-terminated as the parser's are.
 */
#include "common.h"
#include "evform.h"
#include "form_id.h"

#include <jansson.h>

#define MAGIC      "vdf1"
#define ID_LEN     16
#define TAG_INPUT  0xF0
#define TAG_IMPLIED 0xF1
#define TAG_END    0xFF

_Static_assert(VD_FIELD__COUNT < TAG_INPUT, "field indexes must stay below the form's tags");

/*
 * Every member of vd_event as this file knows it.  A member added to the
 * event (say, events a command line implies) makes the sizes differ and the
 * build fail here until the form writes and reads it: a form that silently
 * dropped part of an event would make replays judge a different event.
 */
struct known_event {
	vd_action action;
	uint32_t n[VD_GROUP__COUNT];
	uint64_t present[(VD_FIELD__COUNT + 63) / 64];
	const char *subject;
	vd_arena arena;
	json_t *json;
	const char *text;
	size_t text_len;
	const char *home;
	const char *root;
	struct vd_event *implied;
	uint32_t nimplied;
	const char *origin;
	const struct vd_event *parent;
	const char *input_text;
	size_t input_len;
	json_t *input;
	vd_val f[VD_FIELD__COUNT];
};
_Static_assert(sizeof(struct known_event) == sizeof(vd_event),
	"vd_event has a member the stored form does not carry: write and read it in evform.c, then list it in struct known_event");
_Static_assert(sizeof(VD_FORM_SOURCES_ID) - 1 == ID_LEN, "the form id is 16 characters");

/* ---- writing --------------------------------------------------------- */

static void
put_varint(vd_buf *b, uint64_t v)
{
	char c[10];
	size_t n = 0;

	do {
		c[n] = (char)(v & 0x7f);
		v >>= 7;
		if (v)
			c[n] |= (char)0x80;
		n++;
	} while (v);
	vd__buf_put(b, c, n);
}

static void
put_str(vd_buf *b, const char *s, size_t n)
{
	put_varint(b, n);
	vd__buf_put(b, s, n);
	vd__buf_putc(b, '\0');
}

static void
put_u64(vd_buf *b, uint64_t v)
{
	char le[8];
	int i;

	for (i = 0; i < 8; i++)
		le[i] = (char)(v >> (8 * i));
	vd__buf_put(b, le, 8);
}

static void
put_val(vd_buf *b, const vd_val *v)
{
	uint32_t i;

	vd__buf_putc(b, (char)v->kind);
	switch (v->kind) {
	case VD_VAL_STR:
		put_str(b, v->u.s, v->n);
		break;
	case VD_VAL_INT:
		put_u64(b, (uint64_t)v->u.i);
		break;
	case VD_VAL_BOOL:
		vd__buf_putc(b, v->u.b ? 1 : 0);
		break;
	case VD_VAL_LIST:
		put_varint(b, v->n);
		for (i = 0; i < v->n; i++)
			put_str(b, v->u.items[i].u.s, v->u.items[i].n);
		break;
	case VD_VAL_COL:
		put_varint(b, v->n);
		for (i = 0; i < v->n; i++)
			put_val(b, &v->u.items[i]);
		break;
	default:
		break;
	}
}

/*
 * The implied events: what vd__event_imply rebuilds from the event (the
 * context and the simple command) is not written again; everything else of
 * theirs is.
 */
static void
put_implied(vd_buf *out, const vd_event *ev)
{
	vd_event shared;
	uint32_t k;
	size_t i;

	vd__buf_putc(out, (char)TAG_IMPLIED);
	put_varint(out, ev->nimplied);
	for (k = 0; k < ev->nimplied; k++) {
		const vd_event *d = &ev->implied[k];
		const vd_val *cmd = &d->f[VD_FIELD_COMMAND];
		uint64_t ci = 0;

		if (cmd->kind == VD_VAL_COL && ev->f[VD_FIELD_COMMAND].kind == VD_VAL_COL)
			ci = (uint64_t)(cmd->u.items - ev->f[VD_FIELD_COMMAND].u.items);
		vd__event_imply(&shared, ev, (uint32_t)ci);
		vd__buf_putc(out, (char)d->action);
		put_varint(out, ci);
		put_str(out, d->origin ? d->origin : "", d->origin ? strlen(d->origin) : 0);
		for (i = 0; i < VD_FIELD__COUNT; i++) {
			if (d->f[i].kind == VD_VAL_NONE ||
			    memcmp(&d->f[i], &shared.f[i], sizeof(vd_val)) == 0)
				continue;
			vd__buf_putc(out, (char)i);
			put_val(out, &d->f[i]);
		}
		vd__buf_putc(out, (char)TAG_END);
	}
}

void
vd__event_form_write(vd_buf *out, const vd_event *ev)
{
	json_t *input = vd__event_input_object(ev);
	size_t i;

	vd__buf_put(out, MAGIC, 4);
	vd__buf_put(out, VD_FORM_SOURCES_ID, ID_LEN);
	vd__buf_putc(out, (char)ev->action);
	for (i = 0; i < VD_GROUP__COUNT; i++)
		put_varint(out, ev->n[i]);
	for (i = 0; i < VD_ARRAY_SIZE(ev->present); i++)
		put_u64(out, ev->present[i]);
	for (i = 0; i < VD_FIELD__COUNT; i++) {
		if (ev->f[i].kind == VD_VAL_NONE)
			continue;
		vd__buf_putc(out, (char)i);
		put_val(out, &ev->f[i]);
	}
	if (input) {
		char *text = json_dumps(input, JSON_COMPACT | JSON_ENCODE_ANY);

		if (text) {
			vd__buf_putc(out, (char)TAG_INPUT);
			put_str(out, text, strlen(text));
			free(text);
		}
	}
	if (ev->nimplied)
		put_implied(out, ev);
	vd__buf_putc(out, (char)TAG_END);
}

/* ---- reading --------------------------------------------------------- */

typedef struct {
	const uint8_t *p, *end;
	vd_arena *arena;
	bool bad;
} reader;

static uint64_t
get_varint(reader *r)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (r->p < r->end && shift < 64) {
		uint8_t c = *r->p++;

		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
		shift += 7;
	}
	r->bad = true;
	return 0;
}

static uint64_t
get_u64(reader *r)
{
	uint64_t v = 0;
	int i;

	if (r->end - r->p < 8) {
		r->bad = true;
		return 0;
	}
	for (i = 0; i < 8; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += 8;
	return v;
}

static uint8_t
get_byte(reader *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

/* A string body: length, bytes, NUL; points into the form's copy. */
static void
get_str(reader *r, vd_val *v)
{
	uint64_t n = get_varint(r);

	if (r->bad || n > UINT32_MAX || (uint64_t)(r->end - r->p) < n + 1 || r->p[n] != '\0') {
		/* Empty, so a caller that reads it before checking r->bad sees no garbage. */
		memset(v, 0, sizeof(*v));
		r->bad = true;
		return;
	}
	v->kind = VD_VAL_STR;
	v->n = (uint32_t)n;
	v->u.s = (const char *)r->p;
	r->p += n + 1;
}

/* A count of items that must each take at least `min` bytes of the rest. */
static vd_val *
get_items(reader *r, uint32_t *count, size_t min)
{
	uint64_t n = get_varint(r);

	if (r->bad || n > UINT32_MAX || n * min > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	*count = (uint32_t)n;
	return vd__arena_calloc(r->arena, n ? n : 1, sizeof(vd_val));
}

static void
get_val(reader *r, vd_val *v, bool in_col)
{
	uint8_t kind = get_byte(r);
	uint32_t i;
	vd_val *items;

	memset(v, 0, sizeof(*v));
	switch (kind) {
	case VD_VAL_NONE:
		if (!in_col)
			r->bad = true;
		break;
	case VD_VAL_STR:
		get_str(r, v);
		break;
	case VD_VAL_INT:
		v->kind = VD_VAL_INT;
		v->u.i = (int64_t)get_u64(r);
		break;
	case VD_VAL_BOOL:
		v->kind = VD_VAL_BOOL;
		v->u.b = get_byte(r) != 0;
		break;
	case VD_VAL_LIST:
		if ((items = get_items(r, &v->n, 2)) == NULL)
			break;
		for (i = 0; i < v->n && !r->bad; i++)
			get_str(r, &items[i]);
		v->kind = VD_VAL_LIST;
		v->u.items = items;
		break;
	case VD_VAL_COL:
		if (in_col || (items = get_items(r, &v->n, 1)) == NULL) {
			r->bad = true;
			break;
		}
		for (i = 0; i < v->n && !r->bad; i++)
			get_val(r, &items[i], true);
		v->kind = VD_VAL_COL;
		v->u.items = items;
		break;
	default:
		r->bad = true;
	}
}

vd_event *
vd__event_form_new(void)
{
	return vd__calloc(1, sizeof(vd_event));
}

/* Empty an event for reuse, keeping its arena's first block. */
static void
reset(vd_event *ev)
{
	vd_arena arena = ev->arena;

	json_decref(ev->json);
	json_decref(ev->input);
	vd__arena_reset(&arena);
	memset(ev, 0, sizeof(*ev));
	ev->arena = arena;
}

/* The implied events, after the event's own fields (they point into them). */
static void
get_implied(reader *r, vd_event *ev)
{
	uint64_t n = get_varint(r), k;

	/* Each takes at least an action, an index, an origin and an end. */
	if (r->bad || n == 0 || n > UINT32_MAX || n * 4 > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return;
	}
	ev->implied = vd__arena_calloc(r->arena, n, sizeof(vd_event));
	for (k = 0; k < n && !r->bad; k++) {
		vd_event *d = &ev->implied[k];
		uint8_t action = get_byte(r), tag;
		uint64_t ci = get_varint(r);
		vd_val origin;

		if (r->bad || action >= VD_ACTION__COUNT || ci >= ev->n[VD_GROUP_CMD]) {
			r->bad = true;
			return;
		}
		vd__event_imply(d, ev, (uint32_t)ci);
		d->action = (vd_action)action;
		get_str(r, &origin);
		d->origin = origin.u.s;
		while (!r->bad && (tag = get_byte(r)) != TAG_END) {
			if (tag < VD_FIELD__COUNT)
				get_val(r, &d->f[tag], false);
			else
				r->bad = true;
		}
		vd__event_present(d, d->present);
		d->subject = vd__event_subject(d, r->arena);
		ev->nimplied++;
	}
}

int
vd__event_form_read(vd_event *ev, const void *form, size_t len)
{
	reader r;
	uint8_t *copy;
	size_t i;
	uint8_t tag;

	VD_ASSERT_ARG(ev && (form || len == 0));
	reset(ev);
	if (len < 4 + ID_LEN + 1 || memcmp(form, MAGIC, 4) != 0)
		return vd__error_set(VD_EINVALID, "not an event form");
	if (memcmp((const char *)form + 4, VD_FORM_SOURCES_ID, ID_LEN) != 0)
		return vd__error_set(VD_ENOTFOUND, "event form written by another build (%.16s)",
			(const char *)form + 4);
	copy = vd__arena_alloc(&ev->arena, len);
	memcpy(copy, form, len);
	r.p = copy + 4 + ID_LEN;
	r.end = copy + len;
	r.arena = &ev->arena;
	r.bad = false;
	tag = get_byte(&r);
	if (tag >= VD_ACTION__COUNT)
		r.bad = true;
	ev->action = (vd_action)tag;
	for (i = 0; i < VD_GROUP__COUNT && !r.bad; i++) {
		uint64_t n = get_varint(&r);

		if (n > UINT32_MAX)
			r.bad = true;
		ev->n[i] = (uint32_t)n;
	}
	/* Stored rather than recounted: a replay reads millions of forms. */
	for (i = 0; i < VD_ARRAY_SIZE(ev->present) && !r.bad; i++)
		ev->present[i] = get_u64(&r);
	while (!r.bad && (tag = get_byte(&r)) != TAG_END) {
		if (tag < VD_FIELD__COUNT) {
			get_val(&r, &ev->f[tag], false);
		} else if (tag == TAG_INPUT) {
			vd_val v;

			get_str(&r, &v);
			ev->input_text = v.u.s;
			ev->input_len = v.n;
		} else if (tag == TAG_IMPLIED && ev->nimplied == 0) {
			get_implied(&r, ev);
		} else {
			r.bad = true;
		}
	}
	if (r.bad || r.p != r.end) {
		reset(ev);
		return vd__error_set(VD_EINVALID, "event form is damaged");
	}
	ev->subject = vd__event_subject(ev, &ev->arena);
	return 0;
}
