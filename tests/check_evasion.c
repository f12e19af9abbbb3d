/*
 * check_evasion.c - the evasion corpus (the .corpus files in tests/evasion): spellings
 * of destructive commands, secret reads and risky URLs that must match the
 * starter-pack policy that covers them, and look-alikes that must not.
 *
 * The corpus is data; this suite builds a policy repository from packs/,
 * judges every line with every policy simulated at its severity, and runs
 * one looped test per line so each failing line is reported on its own.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "helpers.h"

typedef struct {
	char *file;         /* "commands.corpus" */
	int line;
	bool match;
	char *policy;
	char *action;
	char *value;        /* {NL} and {TAB} decoded */
	char *overrides;    /* "key=value,..." or NULL */
} corpus_case;

static corpus_case *cases;
static size_t ncases;
static fx_repo *repo;
static vd_engine *engine;

static char *
decode(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = malloc(n + 1);

	while (i < n) {
		if (strncmp(s + i, "{NL}", 4) == 0) {
			out[o++] = '\n';
			i += 4;
		} else if (strncmp(s + i, "{TAB}", 5) == 0) {
			out[o++] = '\t';
			i += 5;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return out;
}

/* Read one corpus file; a malformed line is itself a failing case. */
static void
load(const char *dir, const char *name)
{
	char path[4096], buf[65536];
	FILE *f;
	int line = 0;

	snprintf(path, sizeof(path), "%s/tests/evasion/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "evasion: cannot open %s\n", path);
		exit(EXIT_FAILURE);
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *p = buf, *expect, *policy, *action, *value;
		corpus_case c;

		line++;
		buf[strcspn(buf, "\n")] = '\0';
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		expect = strsep(&p, " ");
		policy = p ? strsep(&p, " ") : NULL;
		action = p ? strsep(&p, " ") : NULL;
		value = p;
		memset(&c, 0, sizeof(c));
		c.file = strdup(name);
		c.line = line;
		c.match = strcmp(expect, "match") == 0;
		if ((!c.match && strcmp(expect, "pass") != 0) || !policy || !action || !value) {
			c.policy = strdup("(malformed line)");
			c.action = strdup("");
			c.value = strdup(buf);
			c.match = true;
		} else {
			c.policy = strdup(policy);
			c.action = strdup(action);
			if (value[0] == '[' && strchr(value, ']')) {
				char *end = strchr(value, ']');

				c.overrides = strndup(value + 1, (size_t)(end - value - 1));
				value = end + 1;
				while (*value == ' ')
					value++;
			}
			c.value = decode(value);
		}
		cases = realloc(cases, (ncases + 1) * sizeof(*cases));
		cases[ncases++] = c;
	}
	fclose(f);
}

static void
setup_repo(void)
{
	char packs[4096];
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;
	const char *warm = "{\"action\":\"shell.exec\",\"command\":\"true\"}";

	fx_init();
	repo = fx_repo_new(true);
	snprintf(packs, sizeof(packs), "%s/packs", fx_source_dir());
	fx_write_dir(repo, packs, "packs/");
	fx_commit(repo, "main", "starter packs", NULL);
	vd_pass(vd_engine_open(&engine, fx_path(repo), NULL));
	/* Compile once in the parent: every forked test reuses the rule set. */
	o.ref = "main";
	vd_pass(vd_event_parse(&ev, warm, strlen(warm)));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_eval(v, engine, ev, &o));
	vd_verdict_free(v);
	vd_event_free(ev);
}

static void
teardown_repo(void)
{
	vd_engine_free(engine);
	fx_repo_free(repo);
}

static json_t *
event_for(const corpus_case *c)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"user", "alice", "home", "/home/alice", "cwd", "/home/alice/src/app",
		"root", "/home/alice/src/app", "repo", "acme/app", "branch", "feature/x",
		"action", c->action);
	const char *key = strcmp(c->action, "shell.exec") == 0 ? "command" :
		strcmp(c->action, "web.fetch") == 0 ? "url" : "path";

	json_object_set_new(o, key, json_string(c->value));
	if (c->overrides) {
		char *copy = strdup(c->overrides), *p = copy, *kv;

		while ((kv = strsep(&p, ",")) != NULL) {
			char *eq = strchr(kv, '=');

			if (eq) {
				*eq = '\0';
				json_object_set_new(o, kv, json_string(eq + 1));
			}
		}
		free(copy);
	}
	return o;
}

START_TEST(test_evasion_corpus_line)
{
	const corpus_case *c = &cases[_i];
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;
	json_t *j = event_for(c);
	char *text = json_dumps(j, JSON_COMPACT);
	vd_event *ev = NULL;
	vd_verdict *v = NULL;
	char seen[2048] = "";
	bool matched = false;
	size_t i;

	ck_assert_msg(strcmp(c->policy, "(malformed line)") != 0, "%s:%d: malformed line: %s",
		c->file, c->line, c->value);
	vd_pass(vd_event_parse(&ev, text, strlen(text)));
	vd_pass(vd_verdict_new(&v));
	o.ref = "main";
	o.simulate_block = true;
	vd_pass(vd_eval(v, engine, ev, &o));
	for (i = 0; i < vd_verdict_match_count(v); i++) {
		const vd_match *m = vd_verdict_match(v, i);

		if (strcmp(m->policy, c->policy) == 0 && m->exception == NULL)
			matched = true;
		if (strlen(seen) + strlen(m->policy) + 4 < sizeof(seen)) {
			strcat(seen, seen[0] ? ", " : "");
			strcat(seen, m->policy);
		}
	}
	ck_assert_msg(matched == c->match, "%s:%d: %s %s should %s\n  %s: %s\n  matched: %s",
		c->file, c->line, c->action, c->policy, c->match ? "match" : "not match",
		c->action, c->value, seen[0] ? seen : "(nothing)");
	vd_verdict_free(v);
	vd_event_free(ev);
	free(text);
	json_decref(j);
}
END_TEST

/* The corpus is as large as the issue asks: 60 commands and 30 paths each way. */
START_TEST(test_evasion_corpus_is_large_enough)
{
	size_t cm = 0, cp = 0, pm = 0, pp = 0, i;

	for (i = 0; i < ncases; i++) {
		bool cmd = strcmp(cases[i].action, "shell.exec") == 0;
		bool path = strncmp(cases[i].action, "file.", 5) == 0;

		cm += cmd && cases[i].match;
		cp += cmd && !cases[i].match;
		pm += path && cases[i].match;
		pp += path && !cases[i].match;
	}
	ck_assert_msg(cm >= 60 && cp >= 60, "commands: %zu must match, %zu must not (60 each)", cm, cp);
	ck_assert_msg(pm >= 30 && pp >= 30, "paths: %zu must match, %zu must not (30 each)", pm, pp);
}
END_TEST

Suite *
evasion_suite(void)
{
	Suite *s = suite_create("evasion");
	TCase *tc = tcase_create("corpus");
	const char *dir = getenv("VERDICT_SOURCE_DIR");

	if (dir && *dir && ncases == 0) {
		load(dir, "commands.corpus");
		load(dir, "paths.corpus");
		load(dir, "urls.corpus");
	}
	tcase_add_unchecked_fixture(tc, setup_repo, teardown_repo);
	tcase_add_test(tc, test_evasion_corpus_is_large_enough);
	tcase_add_loop_test(tc, test_evasion_corpus_line, 0, (int)ncases);
	suite_add_tcase(s, tc);
	return s;
}
