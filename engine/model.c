/*
 * model.c - the tables behind actions.def and fields.def.
 *
 * Layer: base.
 */
#include "common.h"
#include "model.h"
#include "buf.h"

const vd_field_info vd__fields[VD_FIELD__COUNT] = {
#define X(id, name, kind, group, doc) { name, VD_KIND_##kind, VD_GROUP_##group, doc },
#include "fields.def"
#undef X
};

const char *const vd__action_names[VD_ACTION__COUNT] = {
#define X(id, name, doc) name,
#include "actions.def"
#undef X
};

const char *const vd__action_docs[VD_ACTION__COUNT] = {
#define X(id, name, doc) doc,
#include "actions.def"
#undef X
};

int
vd__field_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < VD_FIELD__COUNT; i++)
		if (strlen(vd__fields[i].name) == len &&
		    memcmp(vd__fields[i].name, name, len) == 0)
			return i;
	return -1;
}

int
vd__action_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < VD_ACTION__COUNT; i++)
		if (strlen(vd__action_names[i]) == len &&
		    memcmp(vd__action_names[i], name, len) == 0)
			return i;
	return -1;
}

int
vd_fields_describe(vd_buf *out)
{
	static const char *const kinds[] = { "string", "path", "list", "number", "boolean" };
	static const char *const groups[] = { "", " (per simple command)", " (per changed file)" };
	int i;

	VD_ASSERT_ARG(out);
	vd__buf_puts(out, "fields:\n");
	for (i = 0; i < VD_FIELD__COUNT; i++)
		vd__buf_printf(out, "  %-24s %-8s %s%s\n", vd__fields[i].name,
			kinds[vd__fields[i].kind], vd__fields[i].doc, groups[vd__fields[i].group]);
	vd__buf_printf(out, "  %-24s %-8s %s\n", "input.<key>", "any",
		"a key of the tool's own input, kept verbatim (dots descend)");
	vd__buf_puts(out, "\nactions:\n");
	for (i = 0; i < VD_ACTION__COUNT; i++)
		vd__buf_printf(out, "  %-24s %s\n", vd__action_names[i], vd__action_docs[i]);
	return 0;
}
