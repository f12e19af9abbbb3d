/*
 * fuzz_dsl.c - policy source text -> parse, lower, compile (`verdict check`).
 *
 * Any bytes must give diagnostics or a rule set, never a crash, a leak or
 * undefined behaviour.  Every diagnostic is rendered, with the source line
 * and caret, because rendering walks the text by the diagnostic's
 * line and column.
 */
#include "common.h"
#include "buf.h"
#include "ruleset.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vd_source src[2];
	vd_diags *d = vd__diags_new();
	vd_ruleset *rs = NULL;
	vd_buf out = VD_BUF_INIT;
	char *text = vd__malloc(size + 1);
	size_t half;

	/* Two files from one input: lists and ids span files at one ref. */
	memcpy(text, data, size);
	text[size] = '\0';
	half = size;
	for (size_t i = 0; i + 3 < size; i++)
		if (memcmp(text + i, "\n%%\n", 4) == 0) {
			half = i + 1;
			break;
		}
	src[0].path = "packs/fuzz/a.policy";
	src[0].pack = "fuzz";
	src[0].text = text;
	src[0].len = half;
	src[1].path = "b.policy";
	src[1].pack = "";
	src[1].text = text + half;
	src[1].len = size - half;
	(void)vd__ruleset_from_sources(&rs, src, half < size ? 2 : 1, d);
	vd__diags_sort(d);
	vd_diags_render(&out, d, true);
	vd_buf_clear(&out);
	vd_diags_to_json(&out, d);
	vd_buf_dispose(&out);
	vd__ruleset_free(rs);
	vd_diags_free(d);
	vd__free(text);
	return 0;
}
