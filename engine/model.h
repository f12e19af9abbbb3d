/*
 * model.h - the vocabulary shared by the language and the engine: actions,
 * fields, and the values events hold.
 */
#ifndef VD_ENGINE_MODEL_H
#define VD_ENGINE_MODEL_H

#include "common.h"

typedef enum {
#define X(id, name, doc) VD_ACTION_##id,
#include "actions.def"
#undef X
	VD_ACTION__COUNT
} vd_action;

typedef enum { VD_KIND_STR, VD_KIND_PATH, VD_KIND_LIST, VD_KIND_INT, VD_KIND_BOOL } vd_kind;
typedef enum { VD_GROUP_NONE, VD_GROUP_CMD, VD_GROUP_FILE, VD_GROUP__COUNT } vd_group;

typedef enum {
#define X(id, name, kind, group, doc) VD_FIELD_##id,
#include "fields.def"
#undef X
	VD_FIELD__COUNT,
	/* Not a slot: `input.<key>` looked up in the tool's input at run time. */
	VD_FIELD_INPUT = VD_FIELD__COUNT
} vd_field;

typedef struct {
	const char *name;
	vd_kind kind;
	vd_group group;
	const char *doc;
} vd_field_info;

extern const vd_field_info vd__fields[VD_FIELD__COUNT];
extern const char *const vd__action_names[VD_ACTION__COUNT];
extern const char *const vd__action_docs[VD_ACTION__COUNT];

/* The field or action with this name, or -1. */
int vd__field_lookup(const char *name, size_t len);
int vd__action_lookup(const char *name, size_t len);

/*
 * A value in an event.  Strings are not copied: they point into the event's
 * JSON or arena and live as long as the event.
 *
 *  STR   u.s, n bytes (always NUL-terminated as well)
 *  INT   u.i
 *  BOOL  u.b
 *  LIST  u.items, n values of kind STR
 *  COL   a group field: u.items holds one value per element of the group
 */
typedef enum {
	VD_VAL_NONE = 0, VD_VAL_STR, VD_VAL_INT, VD_VAL_BOOL, VD_VAL_LIST, VD_VAL_COL
} vd_val_kind;

typedef struct vd_val {
	uint8_t kind;
	uint32_t n;
	union {
		const char *s;
		int64_t i;
		bool b;
		const struct vd_val *items;
	} u;
} vd_val;

#endif
