/*
 * gen_peer.c - one rule set in two languages, and one request stream, for
 * the side-by-side benchmark of verdict and Cedar (cedar-wasm).
 *
 *   gen-peer --rules N --requests M [--seed S] --out DIR
 *
 * writes
 *   DIR/verdict/packs/peer/rules.policy   the rules in verdict's language
 *   DIR/policies.cedar                    the same rules in Cedar
 *   DIR/requests.jsonl                    M events (verdict's event schema)
 *
 * The rules are forbids over user, group, action, command and path, some
 * with an `unless`, and an allow-list for web fetches written as Cedar
 * permits (one blanket permit covers the other actions); verdict states
 * that allow-list as one policy that blocks a fetch no permit allows.
 * Every construct is one both languages mean the same way on the requests
 * generated (simple one-word-separated commands, normalized absolute
 * paths, lower-case hosts): verdict's `matches` with `**` and Cedar's
 * `like` with `*`, `starts_with` and a `like` prefix, `groups has` and
 * `principal in Group`.  bench/peer.mjs derives the Cedar request from
 * each event the way verdict does (the program is the first word, the
 * host is the URL's).  The benchmark checks that both engines reach the
 * same decision on every request.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "genlib.h"

static const char *const users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
	"mallory", "niaj", "olivia", "peggy", "rupert", "sybil",
};

static const char *const groups[] = {
	"platform", "backend", "frontend", "data", "sre", "security", "contractors", "interns",
};

static const char *const programs[] = {
	"rm", "git", "curl", "wget", "dd", "chmod", "kubectl", "terraform", "helm", "docker",
	"aws", "ssh", "scp", "psql", "npm", "pip", "make", "ls", "cat", "grep",
};

static const char *const args[] = {
	"-rf", "push", "apply", "delete", "install", "run", "-f", "--force", "main", "prod",
	"build", "test", "status", "/tmp/x", "/etc/hosts", "pods", "-la", "src",
};

static const char *const dirs[] = {
	"/srv/app", "/srv/prod", "/etc", "/home/shared", "/opt/secrets", "/var/lib/db",
	"/home/alice/src", "/home/bob/src",
};

static const char *const exts[] = {
	"pem", "key", "env", "txt", "json", "yaml", "go", "py", "sql", "tfstate",
};

static const char *const hosts[] = {
	"github.com", "pypi.org", "registry.npmjs.org", "docs.python.org", "pkg.go.dev",
	"pastebin.com", "transfer.sh", "evil.example", "stackoverflow.com", "api.acme.internal",
	"files.acme.internal", "cdn.example.net",
};

static const char *const actions[] = { "shell.exec", "file.read", "file.write", "web.fetch" };

typedef struct {
	gen_rng rng;
	FILE *v;                 /* verdict */
	FILE *c;                 /* cedar */
} gen;

static void
mkdirs(const char *path)
{
	char tmp[4096], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0777);
			*p = '/';
		}
	if (mkdir(tmp, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "gen-peer: %s: %s\n", tmp, strerror(errno));
		exit(7);
	}
}

static FILE *
open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen-peer: %s: %s\n", path, strerror(errno));
		exit(7);
	}
	return f;
}

/*
 * A literal of a rule: the vocabulary word itself, or (most of the time) a
 * variant no request uses, so N rules are N different rules and, as in a
 * real policy set, only a few apply to any one request.
 */
static const char *
lit(gen *g, const char *word, char *buf, size_t n)
{
	if (gen_chance(&g->rng, 350))
		return word;
	snprintf(buf, n, "%s%u", word, gen_range(&g->rng, 1, 999));
	return buf;
}

/* The user exempted by an `unless`, if the rule has one. */
static const char *
maybe_unless(gen *g)
{
	return gen_chance(&g->rng, 250) ? GEN_PICK(&g->rng, users) : NULL;
}

static void
rule(gen *g, unsigned i)
{
	const char *group = GEN_PICK(&g->rng, groups), *ex = maybe_unless(g);
	bool grouped = gen_chance(&g->rng, 500);
	char vwhen[512], cscope[256], cwhen[512], l1[64], l2[64];

	cscope[0] = '\0';
	switch (gen_below(&g->rng, 5)) {
	case 0: { /* a program, for a group or everyone */
		const char *prog = lit(g, GEN_PICK(&g->rng, programs), l1, sizeof(l1));

		snprintf(vwhen, sizeof(vwhen), "command.name == \"%s\"", prog);
		snprintf(cwhen, sizeof(cwhen), "context has program && context.program == \"%s\"", prog);
		snprintf(cscope, sizeof(cscope), "action == Action::\"shell.exec\"");
		fprintf(g->v, "policy \"peer.r%u\" {\n  mode block\n  on shell.exec\n", i);
		break;
	}
	case 1: { /* a command prefix */
		const char *prog = GEN_PICK(&g->rng, programs), *arg = lit(g, GEN_PICK(&g->rng, args), l1, sizeof(l1));

		snprintf(vwhen, sizeof(vwhen), "command starts_with \"%s %s\"", prog, arg);
		snprintf(cwhen, sizeof(cwhen), "context has command && context.command like \"%s %s*\"", prog, arg);
		snprintf(cscope, sizeof(cscope), "action == Action::\"shell.exec\"");
		fprintf(g->v, "policy \"peer.r%u\" {\n  mode block\n  on shell.exec\n", i);
		break;
	}
	case 2: { /* files under a directory */
		const char *dir = lit(g, GEN_PICK(&g->rng, dirs), l1, sizeof(l1));
		bool write = gen_chance(&g->rng, 500);

		snprintf(vwhen, sizeof(vwhen), "path matches \"%s/**\"", dir);
		snprintf(cwhen, sizeof(cwhen), "context has path && context.path like \"%s/*\"", dir);
		snprintf(cscope, sizeof(cscope), write ? "action == Action::\"file.write\"" :
			"action in [Action::\"file.read\", Action::\"file.write\"]");
		fprintf(g->v, "policy \"peer.r%u\" {\n  mode block\n  on %s\n", i,
			write ? "file.write" : "file.read, file.write");
		break;
	}
	case 3: { /* files by extension, anywhere */
		const char *ext = lit(g, GEN_PICK(&g->rng, exts), l1, sizeof(l1));

		snprintf(vwhen, sizeof(vwhen), "path matches \"**.%s\"", ext);
		snprintf(cwhen, sizeof(cwhen), "context has path && context.path like \"*.%s\"", ext);
		snprintf(cscope, sizeof(cscope), "action in [Action::\"file.read\", Action::\"file.write\"]");
		fprintf(g->v, "policy \"peer.r%u\" {\n  mode block\n  on file.read, file.write\n", i);
		break;
	}
	default: { /* some users may not fetch from a host */
		const char *u1 = GEN_PICK(&g->rng, users), *u2 = GEN_PICK(&g->rng, users);
		const char *host = lit(g, GEN_PICK(&g->rng, hosts), l2, sizeof(l2));

		snprintf(vwhen, sizeof(vwhen), "user in [\"%s\", \"%s\"] and url.host == \"%s\"", u1, u2, host);
		snprintf(cwhen, sizeof(cwhen),
			"principal in [User::\"%s\", User::\"%s\"] && context has host && context.host == \"%s\"",
			u1, u2, host);
		snprintf(cscope, sizeof(cscope), "action == Action::\"web.fetch\"");
		fprintf(g->v, "policy \"peer.r%u\" {\n  mode block\n  on web.fetch\n", i);
		grouped = false;
		break;
	}
	}
	if (grouped)
		fprintf(g->v, "  when     groups has \"%s\" and %s\n", group, vwhen);
	else
		fprintf(g->v, "  when     %s\n", vwhen);
	if (ex)
		fprintf(g->v, "  unless   user == \"%s\"\n", ex);
	fprintf(g->v, "}\n\n");
	fprintf(g->c, "@id(\"peer.r%u\")\nforbid (\n  principal%s%s%s,\n  %s,\n  resource\n)\nwhen { %s }",
		i, grouped ? " in Group::\"" : "", grouped ? group : "", grouped ? "\"" : "", cscope, cwhen);
	if (ex)
		fprintf(g->c, "\nunless { principal == User::\"%s\" }", ex);
	fprintf(g->c, ";\n\n");
}

/*
 * The web allow-list: Cedar permits (some for everyone, some per group);
 * verdict blocks a fetch that none of them allows.
 */
static void
allow_list(gen *g, unsigned n)
{
	bool everyone[GEN_COUNT(hosts)] = { false };
	bool by_group[GEN_COUNT(groups)][GEN_COUNT(hosts)];
	unsigned i, k, h;
	bool first = true;

	memset(by_group, 0, sizeof(by_group));
	everyone[0] = true;     /* github.com: everyone may fetch from it */
	for (i = 0; i < n; i++) {
		h = gen_below(&g->rng, (uint32_t)GEN_COUNT(hosts));
		if (gen_chance(&g->rng, 400)) {
			everyone[h] = true;
			fprintf(g->c, "@id(\"peer.allow%u\")\npermit (\n  principal,\n  action == Action::\"web.fetch\",\n"
				"  resource\n)\nwhen { context has host && context.host == \"%s\" };\n\n", i, hosts[h]);
		} else {
			k = gen_below(&g->rng, (uint32_t)GEN_COUNT(groups));
			by_group[k][h] = true;
			fprintf(g->c, "@id(\"peer.allow%u\")\npermit (\n  principal in Group::\"%s\",\n"
				"  action == Action::\"web.fetch\",\n  resource\n)\nwhen { context has host && context.host == \"%s\" };\n\n",
				i, groups[k], hosts[h]);
		}
	}
	fprintf(g->c, "@id(\"peer.allow-github\")\npermit (\n  principal,\n  action == Action::\"web.fetch\",\n"
		"  resource\n)\nwhen { context has host && context.host == \"github.com\" };\n\n");
	fprintf(g->c, "@id(\"peer.allow-rest\")\npermit (\n  principal,\n"
		"  action in [Action::\"shell.exec\", Action::\"file.read\", Action::\"file.write\"],\n  resource\n);\n\n");

	fprintf(g->v, "policy \"peer.web-allowlist\" {\n  mode block\n  on web.fetch\n  when     not (url.host in [");
	for (h = 0; h < GEN_COUNT(hosts); h++)
		if (everyone[h]) {
			fprintf(g->v, "%s\"%s\"", first ? "" : ", ", hosts[h]);
			first = false;
		}
	fprintf(g->v, "])");
	for (k = 0; k < GEN_COUNT(groups); k++) {
		bool any = false;

		for (h = 0; h < GEN_COUNT(hosts); h++)
			any |= by_group[k][h];
		if (!any)
			continue;
		fprintf(g->v, "\n           and not (groups has \"%s\" and url.host in [", groups[k]);
		first = true;
		for (h = 0; h < GEN_COUNT(hosts); h++)
			if (by_group[k][h]) {
				fprintf(g->v, "%s\"%s\"", first ? "" : ", ", hosts[h]);
				first = false;
			}
		fprintf(g->v, "])");
	}
	fprintf(g->v, "\n}\n\n");
}

int
main(int argc, char **argv)
{
	uint64_t nrules = 100, nreq = 10000, seed = 1, i;
	const char *out = NULL;
	char dir[4096];
	gen g;
	FILE *r;
	int a;

	for (a = 1; a + 1 < argc; a += 2) {
		if (strcmp(argv[a], "--rules") == 0)
			nrules = gen_parse_u64("gen-peer", argv[a], argv[a + 1]);
		else if (strcmp(argv[a], "--requests") == 0)
			nreq = gen_parse_u64("gen-peer", argv[a], argv[a + 1]);
		else if (strcmp(argv[a], "--seed") == 0)
			seed = gen_parse_u64("gen-peer", argv[a], argv[a + 1]);
		else if (strcmp(argv[a], "--out") == 0)
			out = argv[a + 1];
		else
			break;
	}
	if (a != argc || out == NULL || nrules < 2) {
		fprintf(stderr, "usage: gen-peer --rules N (>= 2) --requests M [--seed S] --out DIR\n");
		return 3;
	}
	memset(&g, 0, sizeof(g));
	gen_seed(&g.rng, seed);
	snprintf(dir, sizeof(dir), "%s/verdict/packs/peer", out);
	mkdirs(dir);
	g.v = open_out(dir, "rules.policy");
	g.c = open_out(out, "policies.cedar");
	fprintf(g.v, "# generated by bench/gen-peer (seed %llu): the rules of policies.cedar\n\n",
		(unsigned long long)seed);
	fprintf(g.c, "// generated by bench/gen-peer (seed %llu): the rules of verdict/packs/peer\n\n",
		(unsigned long long)seed);
	/* About a tenth of the rules are the allow-list's permits. */
	for (i = 0; i < nrules - nrules / 10 - 1; i++)
		rule(&g, (unsigned)i);
	allow_list(&g, (unsigned)(nrules / 10));
	fclose(g.v);
	fclose(g.c);

	r = open_out(out, "requests.jsonl");
	for (i = 0; i < nreq; i++) {
		const char *act = GEN_PICK(&g.rng, actions), *user = GEN_PICK(&g.rng, users);
		unsigned ng = gen_range(&g.rng, 1, 2), k;

		fprintf(r, "{\"id\":\"req-%llu\",\"user\":\"%s\",\"groups\":[", (unsigned long long)i, user);
		for (k = 0; k < ng; k++)
			fprintf(r, "%s\"%s\"", k ? "," : "", GEN_PICK(&g.rng, groups));
		fprintf(r, "],\"action\":\"%s\"", act);
		if (strcmp(act, "shell.exec") == 0) {
			fprintf(r, ",\"command\":\"%s", GEN_PICK(&g.rng, programs));
			for (k = gen_range(&g.rng, 0, 3); k > 0; k--)
				fprintf(r, " %s", GEN_PICK(&g.rng, args));
			fprintf(r, "\"");
		} else if (strcmp(act, "web.fetch") == 0) {
			fprintf(r, ",\"url\":\"https://%s/%s\"", GEN_PICK(&g.rng, hosts), GEN_PICK(&g.rng, args) + 1);
		} else {
			fprintf(r, ",\"path\":\"%s/f%u.%s\"", GEN_PICK(&g.rng, dirs), gen_below(&g.rng, 100),
				GEN_PICK(&g.rng, exts));
		}
		fprintf(r, "}\n");
	}
	if (fclose(r) != 0) {
		fprintf(stderr, "gen-peer: write error: %s\n", strerror(errno));
		return 7;
	}
	return 0;
}
