/*
 * fuzz_agent.c - a coding agent's hook payload -> `verdict agent <surface>`.
 *
 * The input is a header line and a payload:
 *
 *     <surface> [--event NAME] [--user NAME] [--group G]... [--repo-name O/N]
 *     {"hook_event_name": "PreToolUse", ...}
 *
 * (no newline: the whole input is the payload, for `auto`).  It runs
 * through agent_run(), the code `verdict agent` runs: the dialect's
 * normalization, identity, judging at the live scopes of a fixture policy
 * repository (gitfix.h), recording into a scratch audit log (reset every
 * few hundred runs), and the answer in the agent's protocol.  Whatever the
 * bytes, the answer must be one the agent understands: exit status 0, 1 or
 * 2 (never the CLI's error statuses) and stdout empty or one JSON object
 * on one line.  Seeds are the payload corpora of the agent tests
 * (tests/agents/<surface>.json), one file per case, written by CMake.
 * VD_FUZZ_VERBOSE=1 prints each answer and exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agent.h"
#include "fuzz.h"
#include "gitfix.h"

#ifndef VD_SOURCE_DIR
#define VD_SOURCE_DIR "."
#endif

#define MAX_GROUPS 4
#define AUDIT_RESET_RUNS 256

static char policy[4200], audit_path[4200];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("VERDICT_SOURCE_DIR");
	const char *dir = gf_scratch();

	(void)argc;
	(void)argv;
	snprintf(policy, sizeof(policy), "%s/policy.git", dir);
	snprintf(audit_path, sizeof(audit_path), "%s/audit.db", dir);
	gf_policy_repo(policy, src && *src ? src : VD_SOURCE_DIR);
	return 0;
}

typedef struct {
	agent_options *o;
	FILE *in, *out, *err;
	int status;
} call;

static int
run(void *arg)
{
	call *c = arg;

	c->status = agent_run(c->o, c->in, c->out, c->err);
	return 0;
}

/* Split the header in place into the options; the surface is its first word. */
static void
parse_header(agent_options *o, char *header, const char **groups)
{
	char *save = NULL, *tok = strtok_r(header, " \t", &save);

	o->surface = tok && *tok ? tok : "auto";
	while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
		char *value = strtok_r(NULL, " \t", &save);

		if (value == NULL)
			break;
		if (strcmp(tok, "--event") == 0)
			o->event = value;
		else if (strcmp(tok, "--user") == 0)
			o->user = value;
		else if (strcmp(tok, "--repo-name") == 0)
			o->repo_name = value;
		else if (strcmp(tok, "--group") == 0 && o->ngroups < MAX_GROUPS)
			groups[o->ngroups++] = value;
	}
	o->groups = groups;
}

/* The answer must be one the agent can read. */
static void
check_answer(const call *c, const char *out, size_t len, const uint8_t *data, size_t size)
{
	json_error_t e;
	json_t *j;

	if (c->status < 0 || c->status > 2) {
		fprintf(stderr, "fuzz_agent: exit status %d is not an agent's 0, 1 or 2\n", c->status);
		goto bad;
	}
	if (len == 0)
		return;
	if (out[len - 1] != '\n' || memchr(out, '\n', len - 1) != NULL) {
		fprintf(stderr, "fuzz_agent: stdout is not one line: %.*s\n", (int)len, out);
		goto bad;
	}
	j = json_loadb(out, len, 0, &e);
	if (j == NULL || !json_is_object(j)) {
		fprintf(stderr, "fuzz_agent: stdout is not a JSON object (%s): %.*s\n", e.text, (int)len, out);
		json_decref(j);
		goto bad;
	}
	json_decref(j);
	return;
bad:
	fprintf(stderr, "fuzz_agent: input: %.*s\n", (int)size, (const char *)data);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	agent_options o;
	const char *groups[MAX_GROUPS];
	const uint8_t *nl = memchr(data, '\n', size);
	char *header = NULL, *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0, plen;
	const uint8_t *payload;
	call c;

	if (policy[0] == '\0')
		LLVMFuzzerInitialize(NULL, NULL);
	if (++runs % AUDIT_RESET_RUNS == 0)
		gf_audit_reset(audit_path);
	memset(&o, 0, sizeof(o));
	if (nl) {
		header = strndup((const char *)data, (size_t)(nl - data));
		payload = nl + 1;
		plen = size - (size_t)(nl - data) - 1;
		parse_header(&o, header, groups);
	} else {
		o.surface = "auto";
		payload = data;
		plen = size;
	}
	o.repo = policy;
	o.audit = audit_path;
	memset(&c, 0, sizeof(c));
	c.o = &o;
	c.in = plen ? fmemopen((void *)payload, plen, "r") : fopen("/dev/null", "r");
	c.out = open_memstream(&obuf, &olen);
	c.err = open_memstream(&ebuf, &elen);
	if (c.in == NULL || c.out == NULL || c.err == NULL)
		abort();
	gf_quietly(run, &c);
	fclose(c.in);
	fclose(c.out);
	fclose(c.err);
	if (getenv("VD_FUZZ_VERBOSE"))
		fprintf(stderr, "-> %d\n%.*s%.*s", c.status, (int)olen, obuf ? obuf : "", (int)elen, ebuf ? ebuf : "");
	check_answer(&c, obuf, olen, data, size);
	free(obuf);
	free(ebuf);
	free(header);
	return 0;
}
