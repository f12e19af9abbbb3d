/*
 * gen_policies.c - a realistic policy repository of N policies, for the
 * benchmarks.
 *
 * Real policy sets are written by people a family at a time: commands
 * that must not run (by name, flags, arguments, a regex over the line),
 * files that must not be read or written (globs, prefixes, names,
 * extensions, content regexes), hosts not to fetch from, MCP tools to keep
 * away from some groups, secrets in prompts.  Each generated policy is one
 * of these templates with literals drawn partly from the vocabulary
 * bench/gen-telemetry uses (so a realistic share of events meet some
 * policy) and partly made up (so N policies are N different policies).
 * The operators are the whole mix: ==, !=, in, matches, ~, has,
 * starts_with, ends_with, not, unless, named lists.
 *
 *   gen-policies --count N [--seed S] --out DIR
 *
 * writes DIR/packs/gen-<family>/<k>.policy (25 policies a file) and
 * DIR/ramp.policy (which promotes some risk classes), ready to commit.
 * Deterministic for a seed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "genlib.h"

#define PER_FILE 25

static const char *const programs[] = {
	"rm", "git", "curl", "wget", "dd", "chmod", "chown", "kubectl", "terraform", "helm",
	"docker", "aws", "gcloud", "ssh", "scp", "psql", "mysql", "npm", "pip", "sudo",
	"nc", "base64", "openssl", "systemctl", "crontab",
};

static const char *const flags[] = {
	"r", "f", "force", "rf", "hard", "delete", "all", "yes", "y", "privileged",
	"insecure", "k", "no-verify", "prune", "recursive",
};

static const char *const git_subs[] = {
	"push", "reset", "clean", "rebase", "filter-branch", "checkout", "branch", "tag", "gc",
};

static const char *const branches[] = {
	"main", "master", "production", "release", "develop", "staging",
};

static const char *const secret_globs[] = {
	"**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/id_rsa", "**/id_ed25519",
	"**/.aws/credentials", "**/.kube/config", "**/.npmrc", "**/.netrc", "**/secrets/**",
	"**/*.tfstate", "**/.docker/config.json", "**/credentials.json", "**/*.p12",
	"**/.git-credentials", "**/vault/**", "**/terraform.tfvars",
};

static const char *const dirs[] = {
	"/etc/", "/usr/", "/var/lib/", "/root/", "/opt/secrets/", "/srv/prod/", "/boot/",
	"/home/shared/", "/mnt/backups/",
};

static const char *const exts[] = {
	"pem", "key", "p12", "pfx", "jks", "kdbx", "sqlite", "tfstate", "ovpn", "asc", "gpg",
};

static const char *const names[] = {
	"id_rsa", "id_ed25519", "shadow", "passwd", "sudoers", "authorized_keys", "known_hosts",
	"credentials", "kubeconfig", ".bash_history",
};

static const char *const hosts[] = {
	"pastebin.com", "transfer.sh", "file.io", "ngrok.io", "requestbin.net", "webhook.site",
	"anonfiles.com", "hastebin.com", "0x0.st", "termbin.com", "ghostbin.co", "paste.ee",
};

static const char *const mcp_servers[] = {
	"postgres", "github", "slack", "jira", "sentry", "linear", "filesystem", "aws", "stripe",
};

static const char *const mcp_tools[] = {
	"query", "execute", "create_issue", "delete_repository", "post_message", "merge_pull_request",
	"write_file", "delete_file", "create_refund", "put_object", "transition_issue",
};

static const char *const groups[] = {
	"platform", "backend", "frontend", "data", "mobile", "sre", "security", "ml", "contractors",
};

static const char *const repos[] = {
	"acme/api", "acme/auth", "acme/web", "acme/design-system", "acme/mobile",
	"acme/data-pipeline", "acme/ml-models", "acme/sandbox", "acme/payments", "acme/billing",
	"acme/infra", "acme/docs",
};

static const char *const surfaces[] = {
	"claude-code", "cursor", "codex", "gemini-cli", "copilot-cli",
};

static const char *const users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
};

static const char *const regexes[] = {
	"(?i)\\b(drop|truncate)\\s+table\\b", "curl[^|]*\\|\\s*(ba)?sh", "\\bchmod\\s+-R\\s+777\\b",
	"(?i)password\\s*=", "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b", "-----BEGIN [A-Z ]*PRIVATE KEY-----",
	"\\bnc\\s+-e\\b", "(?i)ignore (all )?previous instructions", "\\bssh-rsa AAAA[0-9A-Za-z+/]+",
	"xox[baprs]-[0-9A-Za-z-]{10,}", "ghp_[0-9A-Za-z]{36}", "\\beval\\s*\\(", "base64\\s+-d",
	"\\bmkfs(\\.[a-z0-9]+)?\\b", "(?i)\\bdelete\\s+from\\s+\\w+\\s*;?$",
};

static const char *const risks[] = {
	"destructive", "credential-access", "exfiltration", "supply-chain", "infra-change",
	"data-access", "prompt-injection", "hygiene",
};

static const char *const families[] = { "shell", "files", "web", "mcp", "prompt" };

typedef struct {
	gen_rng rng;
	FILE *f;
	unsigned serial;
} gen;

static void
w(gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
w(gen *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(g->f, fmt, ap);
	va_end(ap);
}

/* A made-up literal, so N policies are N different policies. */
static void
token(gen *g, char *out, size_t n, const char *base)
{
	snprintf(out, n, "%s%u", base, gen_range(&g->rng, 1, 9999));
}

/* ["a", "b", ...]: k picks from a vocabulary, one of them made up. */
static void
str_list(gen *g, const char *const *vocab, size_t nv, int k, const char *suffix)
{
	int i;

	w(g, "[");
	for (i = 0; i < k; i++) {
		if (i == k - 1 && gen_chance(&g->rng, 500)) {
			char t[64];

			token(g, t, sizeof(t), vocab[gen_below(&g->rng, (uint32_t)nv)]);
			w(g, "%s\"%s%s\"", i ? ", " : "", t, suffix);
		} else {
			w(g, "%s\"%s%s\"", i ? ", " : "", vocab[gen_below(&g->rng, (uint32_t)nv)], suffix);
		}
	}
	w(g, "]");
}

#define LIST(g, vocab, k) str_list((g), (vocab), GEN_COUNT(vocab), (k), "")

/* An extra condition on who or where, as people add them to narrow a rule. */
static void
who(gen *g)
{
	switch (gen_below(&g->rng, 8)) {
	case 0: w(g, "\n           and groups has \"%s\"", GEN_PICK(&g->rng, groups)); break;
	case 1: w(g, "\n           and repo in "); LIST(g, repos, 3); break;
	case 2: w(g, "\n           and surface == \"%s\"", GEN_PICK(&g->rng, surfaces)); break;
	case 3: w(g, "\n           and not (user in "); LIST(g, users, 2); w(g, ")"); break;
	default: break;
	}
}

static void
unless(gen *g)
{
	switch (gen_below(&g->rng, 6)) {
	case 0: w(g, "  unless   repo == \"acme/sandbox\"\n"); break;
	case 1: w(g, "  unless   groups has \"security\"\n"); break;
	case 2: w(g, "  unless   user in "); LIST(g, users, 2); w(g, "\n"); break;
	default: break;
	}
}

static void
shell_policy(gen *g, const char *list_name)
{
	char t[64];

	w(g, "  on       shell.exec\n  when     ");
	switch (gen_below(&g->rng, 7)) {
	case 0:
		w(g, "command.name == \"%s\" and command.flags has \"%s\"", GEN_PICK(&g->rng, programs),
			GEN_PICK(&g->rng, flags));
		break;
	case 1:
		w(g, "command.name in ");
		LIST(g, programs, 3);
		w(g, " and command.argv matches \"%s*\"", GEN_PICK(&g->rng, dirs));
		break;
	case 2:
		w(g, "command ~ '%s'", GEN_PICK(&g->rng, regexes));
		break;
	case 3:
		token(g, t, sizeof(t), GEN_PICK(&g->rng, programs));
		w(g, "command starts_with \"%s %s\"", gen_chance(&g->rng, 300) ? GEN_PICK(&g->rng, programs) : t,
			GEN_PICK(&g->rng, ((const char *const[]){ "-", "install", "run", "apply", "delete", "exec" })));
		break;
	case 4:
		w(g, "command.name == \"git\" and command.argv has \"%s\" and command.argv in %s",
			GEN_PICK(&g->rng, git_subs), list_name);
		break;
	case 5:
		w(g, "command.name in ");
		LIST(g, programs, 4);
		w(g, " and (command.flags has \"%s\" or command.argv has \"--%s\")",
			GEN_PICK(&g->rng, flags), GEN_PICK(&g->rng, flags));
		break;
	default:
		w(g, "command.line ~ '%s' or command.redirects matches \"%s**\"", GEN_PICK(&g->rng, regexes),
			GEN_PICK(&g->rng, dirs));
		break;
	}
	who(g);
	w(g, "\n");
	unless(g);
	w(g, "  message  \"{command} is not allowed here\"\n");
}

static void
file_policy(gen *g, const char *list_name)
{
	static const char *const acts[] = {
		"file.read", "file.read, file.search", "file.write, file.edit", "file.write, file.edit, file.delete",
		"file.*",
	};
	char t[64];

	w(g, "  on       %s\n  when     ", GEN_PICK(&g->rng, acts));
	switch (gen_below(&g->rng, 7)) {
	case 0:
		w(g, "path matches \"%s\"", GEN_PICK(&g->rng, secret_globs));
		break;
	case 1:
		w(g, "path matches %s", list_name);
		break;
	case 2:
		token(g, t, sizeof(t), "/srv/app");
		w(g, "path starts_with \"%s\"", gen_chance(&g->rng, 500) ? GEN_PICK(&g->rng, dirs) : t);
		break;
	case 3:
		w(g, "path.ext in ");
		LIST(g, exts, 3);
		break;
	case 4:
		w(g, "path.name == \"%s\"", GEN_PICK(&g->rng, names));
		break;
	case 5:
		w(g, "content ~ '%s'", GEN_PICK(&g->rng, regexes));
		break;
	default:
		w(g, "path ends_with \".%s\" and not (path matches \"**/test*/**\")", GEN_PICK(&g->rng, exts));
		break;
	}
	who(g);
	w(g, "\n");
	if (gen_chance(&g->rng, 300))
		w(g, "  unless   path matches [\"**/*.example\", \"**/*.sample\", \"**/fixtures/**\"]\n");
	else
		unless(g);
	w(g, "  message  \"{path} is protected\"\n");
}

static void
web_policy(gen *g, const char *list_name)
{
	char t[64];

	if (gen_chance(&g->rng, 150)) {
		w(g, "  on       web.search\n  when     query ~ '%s'\n", GEN_PICK(&g->rng, regexes));
		w(g, "  message  \"searching for {query}\"\n");
		return;
	}
	w(g, "  on       web.fetch\n  when     ");
	switch (gen_below(&g->rng, 5)) {
	case 0: w(g, "url.host in %s", list_name); break;
	case 1:
		token(g, t, sizeof(t), "cdn");
		w(g, "url.host matches \"*.%s.%s\"", t, GEN_PICK(&g->rng, ((const char *const[]){ "com", "io", "net" })));
		break;
	case 2: w(g, "url.host == \"%s\" and url.path starts_with \"/raw\"", GEN_PICK(&g->rng, hosts)); break;
	case 3: w(g, "url.scheme != \"https\" and not (url.host ends_with \".acme.internal\")"); break;
	default: w(g, "url ~ '^https?://[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+'"); break;
	}
	who(g);
	w(g, "\n");
	unless(g);
	w(g, "  message  \"fetching {url} is not allowed\"\n");
}

static void
mcp_policy(gen *g)
{
	char t[64];

	w(g, "  on       mcp.call\n  when     ");
	switch (gen_below(&g->rng, 4)) {
	case 0:
		w(g, "mcp.server == \"%s\" and mcp.tool in ", GEN_PICK(&g->rng, mcp_servers));
		LIST(g, mcp_tools, 2);
		break;
	case 1:
		token(g, t, sizeof(t), "delete_");
		w(g, "mcp.tool starts_with \"%s\"", gen_chance(&g->rng, 400) ? "delete" : t);
		break;
	case 2:
		w(g, "mcp.server in ");
		LIST(g, mcp_servers, 2);
		w(g, " and groups has \"%s\"", GEN_PICK(&g->rng, groups));
		break;
	default:
		w(g, "mcp.server == \"postgres\" and input.sql ~ '%s'", GEN_PICK(&g->rng, regexes));
		break;
	}
	who(g);
	w(g, "\n");
	w(g, "  message  \"{mcp.server}/{mcp.tool} is not allowed\"\n");
}

static void
prompt_policy(gen *g)
{
	char t[64];

	w(g, "  on       prompt.submit%s\n  when     ", gen_chance(&g->rng, 300) ? ", agent.task" : "");
	if (gen_chance(&g->rng, 600)) {
		w(g, "prompt ~ '%s'", GEN_PICK(&g->rng, regexes));
	} else {
		token(g, t, sizeof(t), "codename-");
		w(g, "prompt has \"%s\"", t);
	}
	who(g);
	w(g, "\n  message  \"the prompt holds something it should not\"\n");
}

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
		fprintf(stderr, "gen-policies: %s: %s\n", tmp, strerror(errno));
		exit(7);
	}
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: gen-policies --count N [--seed S] --out DIR\n"
		"\n"
		"Write a policy repository work tree of N realistic policies: DIR/packs/\n"
		"gen-<family>/<k>.policy and DIR/ramp.policy.  Deterministic for a seed.\n");
}

int
main(int argc, char **argv)
{
	gen g;
	uint64_t count = 100, seed = 1;
	const char *out = NULL;
	unsigned per_family[GEN_COUNT(families)] = { 0 };
	FILE *files[GEN_COUNT(families)] = { NULL };
	unsigned fileno_[GEN_COUNT(families)] = { 0 };
	bool used[GEN_COUNT(risks)] = { false };
	char path[4096];
	uint64_t i;
	size_t k;
	int a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (a + 1 >= argc) {
			fprintf(stderr, "gen-policies: %s needs a value\n", argv[a]);
			return 3;
		}
		if (strcmp(argv[a], "--count") == 0)
			count = gen_parse_u64("gen-policies", argv[a], argv[a + 1]);
		else if (strcmp(argv[a], "--seed") == 0)
			seed = gen_parse_u64("gen-policies", argv[a], argv[a + 1]);
		else if (strcmp(argv[a], "--out") == 0)
			out = argv[a + 1];
		else {
			fprintf(stderr, "gen-policies: unknown option '%s'\n", argv[a]);
			usage(stderr);
			return 3;
		}
		a++;
	}
	if (out == NULL) {
		usage(stderr);
		return 3;
	}
	memset(&g, 0, sizeof(g));
	gen_seed(&g.rng, seed);
	for (i = 0; i < count; i++) {
		/* Shell and file policies dominate real sets; prompts are few. */
		static const int mix[] = { 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4 };
		int fam = GEN_PICK(&g.rng, mix);
		uint32_t ri = gen_below(&g.rng, (uint32_t)GEN_COUNT(risks));
		const char *risk = risks[ri];

		if (per_family[fam] % PER_FILE == 0) {
			if (files[fam])
				fclose(files[fam]);
			snprintf(path, sizeof(path), "%s/packs/gen-%s", out, families[fam]);
			mkdirs(path);
			snprintf(path, sizeof(path), "%s/packs/gen-%s/%03u.policy", out, families[fam], fileno_[fam]);
			if ((files[fam] = fopen(path, "w")) == NULL) {
				fprintf(stderr, "gen-policies: %s: %s\n", path, strerror(errno));
				return 7;
			}
			g.f = files[fam];
			w(&g, "# generated by bench/gen-policies (seed %llu): %s policies\n\n",
				(unsigned long long)seed, families[fam]);
			/* Each file names its own lists, as packs do. */
			w(&g, "list protected_%s_%u = ", families[fam], fileno_[fam]);
			LIST(&g, branches, 3);
			w(&g, "\nlist watched_%s_%u = ", families[fam], fileno_[fam]);
			if (fam == 2)
				LIST(&g, hosts, 5);
			else
				LIST(&g, secret_globs, 4);
			w(&g, "\n\n");
			fileno_[fam]++;
		}
		g.f = files[fam];
		per_family[fam]++;
		used[ri] = true;
		w(&g, "policy \"gen.%s-%05u\" {\n  risk     %s\n", families[fam], g.serial++, risk);
		/* Most policies ride the ramp; some pin their own mode. */
		{
			bool block = gen_chance(&g.rng, 700);

			/* A mode is never above the severity (the lowering rejects it). */
			if (gen_chance(&g.rng, 300))
				w(&g, "  mode     %s\n", block ? GEN_PICK(&g.rng, ((const char *const[]){
					"observe", "warn", "block" })) : gen_chance(&g.rng, 500) ? "observe" : "warn");
			w(&g, "  severity %s\n", block ? "block" : "warn");
		}
		{
			char lp[64], lw[64];

			snprintf(lp, sizeof(lp), "protected_%s_%u", families[fam], fileno_[fam] - 1);
			snprintf(lw, sizeof(lw), "watched_%s_%u", families[fam], fileno_[fam] - 1);
			switch (fam) {
			case 0: shell_policy(&g, lp); break;
			case 1: file_policy(&g, lw); break;
			case 2: web_policy(&g, lw); break;
			case 3: mcp_policy(&g); break;
			default: prompt_policy(&g); break;
			}
		}
		w(&g, "}\n\n");
	}
	for (k = 0; k < GEN_COUNT(families); k++)
		if (files[k])
			fclose(files[k]);
	mkdirs(out);
	snprintf(path, sizeof(path), "%s/ramp.policy", out);
	if ((g.f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen-policies: %s: %s\n", path, strerror(errno));
		return 7;
	}
	/* A ramp may only name risk classes some policy declares. */
	w(&g, "# generated by bench/gen-policies: this scope's rung per risk class\nramp {\n");
	if (used[0])
		w(&g, "  destructive       block\n");
	if (used[1])
		w(&g, "  credential-access warn\n");
	if (used[2])
		w(&g, "  exfiltration      warn\n");
	w(&g, "}\n");
	fclose(g.f);
	return 0;
}
