/*
 * fuzz_event.c - event JSON -> parse, normalize, judge (`verdict eval`).
 *
 * Any bytes must give an event or a clear error.  A parsed event is judged
 * against kitchen.policy and the packs with the index and without (they
 * must agree), with and without simulated promotion, then explained and
 * serialized, so every path a hook takes for one event runs.
 */
#include "common.h"
#include "buf.h"
#include "eval.h"
#include "event.h"
#include "rules.h"
#include "fuzz.h"

#ifndef VD_SOURCE_DIR
#define VD_SOURCE_DIR "."
#endif

static vd_ruleset *rules;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("VERDICT_SOURCE_DIR");

	(void)argc;
	(void)argv;
	rules = vd_fuzz_rules(src && *src ? src : VD_SOURCE_DIR);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vd_verdict *v;
	vd_event *ev = NULL;
	vd_eval_params p;
	vd_buf out = VD_BUF_INIT;

	if (rules == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	if (v == NULL)
		vd_verdict_new(&v);
	if (vd_event_parse(&ev, (const char *)data, size) < 0)
		return 0;
	vd_fuzz_differential(rules, ev);
	memset(&p, 0, sizeof(p));
	p.now = 1777000000;
	v->explain = true;
	vd__eval_one(v, rules, ev, &p, "main");
	vd_verdict_explain(&out, v);
	vd_buf_clear(&out);
	vd_verdict_to_json(&out, v);
	vd_buf_clear(&out);
	vd_event_to_json(&out, ev);
	vd_buf_dispose(&out);
	v->explain = false;
	vd_event_free(ev);
	return 0;
}
