/*
 * gen_telemetry.c - synthetic but realistic agent telemetry, as JSON Lines
 * in the event schema of DESIGN.md (Events).
 *
 * The model: users in several groups work in a handful of repositories
 * each, through one preferred agent surface (claude-code, cursor, codex,
 * gemini-cli, copilot-cli) and sometimes another.  A working day is made
 * of sessions; a session opens with a prompt, explores (searches, reads,
 * read-only shell), works (edits, writes, test and build runs, docs
 * fetched from the web, MCP calls to GitHub, Jira, Slack, a database),
 * and wraps up (git add, commit, push to a feature branch).  Sessions run
 * concurrently and events come out in time order.  Each surface names its
 * tools its own way and lacks some actions (codex reads files through the
 * shell, cursor fetches through curl), as the real hook payloads do.
 *
 * A small share of actions (--risky, per mille) are risky ones the starter
 * packs catch: recursive deletes of home or root, force pushes to
 * protected branches, credential files read or printed, private keys and
 * cloud keys written or pasted into prompts, disk wipes, dropped tables.
 * Near misses that must pass (.env.example, rm -rf build/, a push to a
 * feature branch) are mixed into ordinary work.  --label marks each risky
 * event with "synthetic": {"risky": KIND} (a key verdict ignores) so tests
 * can check what the packs catch.
 *
 * Deterministic: the output is a function of the options alone (its own
 * PRNG, integer arithmetic, no clock, no locale).  Written in C because
 * the C toolchain is the one thing every verdict machine has after
 * scripts/setup-deps; it writes about a million events a second.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genlib.h"

/* ---- vocabulary ---------------------------------------------------- */

static const char *const first_names[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
	"judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent",
	"victor", "walter", "yuki", "zoe", "amir", "bea", "chen", "dmitri", "elena",
	"farah", "goran", "hana", "igor", "jonas", "kira", "lars", "maya", "noor",
	"omar", "priya", "quinn", "rosa", "sven",
};

static const char *const groups[] = {
	"platform", "backend", "frontend", "data", "mobile", "sre", "security", "ml",
};

typedef enum { L_GO, L_TS, L_PY, L_JAVA, L_TF, L_MD } lang;

static const struct {
	const char *name;
	lang lang;
	const char *group;     /* the group that mostly works there */
} repos[] = {
	{ "acme/api", L_GO, "backend" },
	{ "acme/auth", L_GO, "platform" },
	{ "acme/web", L_TS, "frontend" },
	{ "acme/design-system", L_TS, "frontend" },
	{ "acme/mobile", L_TS, "mobile" },
	{ "acme/data-pipeline", L_PY, "data" },
	{ "acme/ml-models", L_PY, "ml" },
	{ "acme/sandbox", L_PY, "platform" },
	{ "acme/payments", L_JAVA, "backend" },
	{ "acme/billing", L_JAVA, "backend" },
	{ "acme/infra", L_TF, "sre" },
	{ "acme/docs", L_MD, "platform" },
};

typedef struct {
	const char *files[8];
	const char *tests[4];
	const char *builds[3];
	const char *ext;
	const char *docs[3];
	const char *words[6];  /* identifiers people grep for */
} lang_info;

static const lang_info langs[] = {
	[L_GO] = {
		{ "cmd/server/main.go", "internal/http/handler.go", "internal/http/handler_test.go",
		  "internal/store/postgres.go", "internal/auth/token.go", "go.mod", "Makefile", "README.md" },
		{ "go test ./...", "go test ./internal/... -run TestHandler", "go vet ./...", "golangci-lint run" },
		{ "go build ./...", "make build", "go mod tidy" },
		"go",
		{ "https://pkg.go.dev/net/http", "https://go.dev/doc/effective_go", "https://pkg.go.dev/context" },
		{ "ServeHTTP", "NewStore", "ctx.Done", "ErrNotFound", "pgx.Conn", "ValidateToken" },
	},
	[L_TS] = {
		{ "src/index.ts", "src/components/Button.tsx", "src/api/client.ts", "src/hooks/useAuth.ts",
		  "src/__tests__/client.test.ts", "package.json", "tsconfig.json", "README.md" },
		{ "npm test", "npx jest src/api", "npm run lint", "npx tsc --noEmit" },
		{ "npm run build", "npm install", "npm ci" },
		"ts",
		{ "https://developer.mozilla.org/en-US/docs/Web/API/fetch", "https://react.dev/reference/react/useEffect",
		  "https://www.typescriptlang.org/docs/handbook/2/generics.html" },
		{ "useAuth", "fetchJson", "ButtonProps", "queryClient", "onSubmit", "AbortController" },
	},
	[L_PY] = {
		{ "src/pipeline/etl.py", "src/pipeline/io.py", "tests/test_etl.py", "pyproject.toml",
		  "requirements.txt", "notebooks/explore.ipynb", "src/pipeline/__init__.py", "README.md" },
		{ "pytest -q", "pytest tests/test_etl.py -k load", "ruff check .", "mypy src" },
		{ "pip install -e .", "python -m build", "pip install -r requirements.txt" },
		"py",
		{ "https://docs.python.org/3/library/asyncio.html", "https://pandas.pydata.org/docs/reference/frame.html",
		  "https://docs.pytest.org/en/stable/how-to/fixtures.html" },
		{ "load_frame", "def transform", "DataFrame", "async def", "read_parquet", "conftest" },
	},
	[L_JAVA] = {
		{ "src/main/java/com/acme/PaymentService.java", "src/main/java/com/acme/LedgerRepository.java",
		  "src/test/java/com/acme/PaymentServiceTest.java", "src/main/resources/application.yml",
		  "pom.xml", "build.gradle", "src/main/java/com/acme/Money.java", "README.md" },
		{ "mvn -q test", "./gradlew test", "mvn -q verify", "./gradlew check" },
		{ "mvn -q package -DskipTests", "./gradlew build", "mvn dependency:tree" },
		"java",
		{ "https://docs.spring.io/spring-boot/docs/current/reference/html/", "https://junit.org/junit5/docs/current/user-guide/",
		  "https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/math/BigDecimal.html" },
		{ "@Transactional", "BigDecimal", "LedgerEntry", "findByAccount", "@Test", "Optional<" },
	},
	[L_TF] = {
		{ "main.tf", "variables.tf", "modules/vpc/main.tf", "modules/eks/main.tf",
		  "environments/staging/terraform.tfvars", "scripts/deploy.sh", "outputs.tf", "README.md" },
		{ "terraform validate", "terraform plan -out plan.bin", "tflint", "terraform fmt -check -recursive" },
		{ "terraform init", "terraform fmt -recursive", "helm lint charts/api" },
		"tf",
		{ "https://registry.terraform.io/providers/hashicorp/aws/latest/docs", "https://kubernetes.io/docs/concepts/workloads/pods/",
		  "https://developer.hashicorp.com/terraform/language/modules" },
		{ "aws_security_group", "cidr_blocks", "module \"vpc\"", "node_group", "variable \"region\"", "tags" },
	},
	[L_MD] = {
		{ "docs/index.md", "docs/guides/setup.md", "docs/guides/deploy.md", "docs/reference/api.md",
		  "mkdocs.yml", "docs/changelog.md", "docs/faq.md", "README.md" },
		{ "mkdocs build --strict", "npx markdownlint docs", "mkdocs build", "vale docs" },
		{ "mkdocs build", "pip install mkdocs-material", "mkdocs serve -a localhost:8001" },
		"md",
		{ "https://www.mkdocs.org/user-guide/configuration/", "https://squidfunk.github.io/mkdocs-material/reference/",
		  "https://www.markdownguide.org/basic-syntax/" },
		{ "TODO", "deprecated", "install", "## Setup", "api key", "```bash" },
	},
};

typedef enum { S_CLAUDE, S_CURSOR, S_CODEX, S_GEMINI, S_COPILOT, S__COUNT } surface;

static const char *const surface_names[S__COUNT] = {
	"claude-code", "cursor", "codex", "gemini-cli", "copilot-cli",
};

typedef enum {
	A_SHELL, A_READ, A_WRITE, A_EDIT, A_SEARCH, A_MCP, A_FETCH, A_WSEARCH,
	A_PROMPT, A_TASK, A_START, A_END, A__COUNT
} act;

static const char *const action_names[A__COUNT] = {
	"shell.exec", "file.read", "file.write", "file.edit", "file.search", "mcp.call",
	"web.fetch", "web.search", "prompt.submit", "agent.task", "session.start", "session.end",
};

/* Each surface's own tool name per action; NULL when it has none. */
static const char *const tool_names[S__COUNT][A__COUNT] = {
	[S_CLAUDE] = { "Bash", "Read", "Write", "Edit", "Grep", NULL, "WebFetch", "WebSearch", NULL, "Task", NULL, NULL },
	[S_CURSOR] = { "Shell", "Read", "Write", "Write", "Grep", NULL, NULL, NULL, NULL, "Task", NULL, NULL },
	[S_CODEX] = { "Bash", NULL, "apply_patch", "apply_patch", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	[S_GEMINI] = { "run_shell_command", "read_file", "write_file", "replace", "grep_search", NULL, "web_fetch",
		"google_web_search", NULL, NULL, NULL, NULL },
	[S_COPILOT] = { "bash", "view", "create", "edit", "grep", NULL, "web_fetch", NULL, NULL, "task", NULL, NULL },
};

/* Which surfaces report MCP calls to their hooks. */
static const bool has_mcp[S__COUNT] = { true, true, true, true, false };

static const struct {
	const char *server, *tool, *input;
} mcp_calls[] = {
	{ "github", "list_issues", "{\"state\":\"open\",\"labels\":[\"bug\"]}" },
	{ "github", "get_pull_request", "{\"pull_number\":412}" },
	{ "github", "create_issue", "{\"title\":\"Flaky test in CI\",\"labels\":[\"ci\"]}" },
	{ "github", "add_issue_comment", "{\"issue_number\":388,\"body\":\"Fixed in the linked PR\"}" },
	{ "github", "create_pull_request", "{\"title\":\"Fix pagination\",\"base\":\"main\"}" },
	{ "jira", "get_issue", "{\"key\":\"PLAT-1234\"}" },
	{ "jira", "search_issues", "{\"jql\":\"assignee = currentUser() AND status = 'In Progress'\"}" },
	{ "jira", "transition_issue", "{\"key\":\"PLAT-1234\",\"to\":\"In Review\"}" },
	{ "slack", "post_message", "{\"channel\":\"#eng-releases\",\"text\":\"Deploying api v2.14\"}" },
	{ "slack", "search_messages", "{\"query\":\"staging outage\"}" },
	{ "postgres", "query", "{\"sql\":\"SELECT id, status FROM orders ORDER BY created_at DESC LIMIT 20\"}" },
	{ "sentry", "get_issue", "{\"issue_id\":\"API-7QX\"}" },
	{ "linear", "create_issue", "{\"title\":\"Investigate slow dashboard\",\"team\":\"WEB\"}" },
	{ "context7", "get-library-docs", "{\"libraryID\":\"/vercel/next.js\",\"topic\":\"routing\"}" },
};

static const char *const prompts[] = {
	"fix the failing test in %s",
	"add pagination to the list endpoint and update %s",
	"why does the request handler return 500 sometimes? start from %s",
	"refactor %s to remove the duplicated error handling",
	"write unit tests for %s",
	"update the README with the new setup steps",
	"bump the dependencies and fix whatever breaks",
	"review %s for concurrency bugs",
	"add structured logging around the retry logic in %s",
	"the CI lint step fails, please fix it",
};

static const char *const queries[] = {
	"%s retry with exponential backoff", "%s context cancellation best practice",
	"%s table driven tests", "%s connection pool exhausted", "how to mock time in %s tests",
};

static const char *const lang_words[] = { "golang", "typescript", "python", "java", "terraform", "markdown" };

static const char *const slugs[] = {
	"fix-pagination", "retry-backoff", "flaky-test", "auth-refresh", "bump-deps", "log-context",
	"lint-ci", "dashboard-perf", "cleanup-handlers", "docs-setup",
};

/* ---- risky actions ---------------------------------------------------- */

typedef enum {
	R_RM_HOME, R_RM_ROOT, R_FORCE_PUSH, R_FORCE_PUSH_WRAPPED, R_RESET_HARD, R_CAT_ENV,
	R_CAT_AWS, R_CP_KEY, R_DROP_TABLE, R_DD, R_MKFS, R_READ_ENV, R_READ_AWS, R_READ_SSH,
	R_READ_PEM, R_WRITE_PRIVKEY, R_EDIT_AKIA, R_PROMPT_AKIA, R_EDIT_ENV, R__COUNT
} risky;

static const char *const risky_names[R__COUNT] = {
	"rm-rf-home", "rm-rf-root", "force-push-main", "force-push-wrapped", "reset-hard",
	"cat-dotenv", "cat-aws-credentials", "copy-ssh-key", "drop-table", "dd-disk", "mkfs",
	"read-dotenv", "read-aws-credentials", "read-ssh-key", "read-tls-key", "write-private-key",
	"edit-aws-key", "prompt-aws-key", "edit-dotenv",
};

/* ---- the model ------------------------------------------------------ */

typedef struct {
	char name[32];
	const char *groups[3];
	int ngroups;
	int repos[4];
	int nrepos;
	surface pref;
	int tz;               /* hours from UTC of the working day */
} user;

typedef enum { P_EXPLORE, P_WORK, P_WRAP } phase;

typedef struct {
	int64_t next;         /* the time of the next event, seconds since the epoch */
	uint32_t user;
	int repo;
	surface surf;
	uint32_t left;        /* events still to come */
	uint32_t done;
	uint64_t id;
	int files[3];         /* the files this session works on */
	int slug;
	bool edited, committed;
} session;

/* One event being built: the fields of DESIGN.md's schema. */
typedef struct {
	act action;
	const char *tool;
	char command[512];
	char path[512];
	char url[256];
	char query[256];
	char content[512];
	char prompt[512];
	const char *mcp_server, *mcp_tool;
	char input[1024];     /* a JSON object, or "" */
	const char *risky;
} event;

typedef struct {
	gen_rng rng;
	uint64_t seed;
	uint32_t risky_pm;
	bool label;
	user *users;
	uint32_t nusers;
	uint64_t emitted;
	FILE *out;
} gen;

/* ---- small helpers ----------------------------------------------- */

static void
sfmt(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
sfmt(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, n, fmt, ap);
	va_end(ap);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

static void
iso_time(char out[32], int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	unsigned m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04d-%02u-%02uT%02u:%02u:%02uZ", y, m, d,
		(unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

/* Append a JSON-escaped string (no quotes) to dst. */
static void
json_escape(char *dst, size_t n, const char *s)
{
	size_t k = strlen(dst);

	for (; *s && k + 7 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			dst[k++] = '\\';
			dst[k++] = (char)c;
		} else if (c == '\n') {
			dst[k++] = '\\';
			dst[k++] = 'n';
		} else if (c < 0x20) {
			k += (size_t)snprintf(dst + k, n - k, "\\u%04x", c);
		} else {
			dst[k++] = (char)c;
		}
	}
	dst[k] = '\0';
}

static const char *
repo_short(int repo)
{
	const char *s = strchr(repos[repo].name, '/');

	return s ? s + 1 : repos[repo].name;
}

static void
abs_path(char *dst, size_t n, const gen *g, const session *s, const char *rel)
{
	sfmt(dst, n, "/home/%s/src/%s/%s", g->users[s->user].name, repo_short(s->repo), rel);
}

static const char *
session_file(gen *g, const session *s)
{
	const lang_info *L = &langs[repos[s->repo].lang];

	/* Mostly the session's own files, sometimes any file of the repo. */
	if (gen_chance(&g->rng, 750))
		return L->files[s->files[gen_below(&g->rng, 3)]];
	return GEN_PICK(&g->rng, L->files);
}

/* ---- building events ------------------------------------------------ */

static void
input_kv(event *e, const char *k1, const char *v1, const char *k2, const char *v2)
{
	char *in = e->input;

	sfmt(in, sizeof(e->input), "{\"%s\":\"", k1);
	json_escape(in, sizeof(e->input), v1);
	strcat(in, "\"");
	if (k2) {
		size_t k = strlen(in);

		snprintf(in + k, sizeof(e->input) - k, ",\"%s\":\"", k2);
		json_escape(in, sizeof(e->input), v2);
		strcat(in, "\"");
	}
	strcat(in, "}");
}

static void
make_shell(gen *g, const session *s, event *e, const char *cmd)
{
	e->action = A_SHELL;
	e->tool = tool_names[s->surf][A_SHELL];
	sfmt(e->command, sizeof(e->command), "%s", cmd);
	if (s->surf == S_CURSOR) {
		char cwd[256];

		abs_path(cwd, sizeof(cwd), g, s, "");
		cwd[strlen(cwd) - 1] = '\0';
		input_kv(e, "command", cmd, "working_directory", cwd);
	} else {
		input_kv(e, "command", cmd, NULL, NULL);
	}
}

/*
 * A file read; surfaces without a read tool read through the shell (a
 * risky read with `cat`, as the starter packs expect a credential dump).
 */
static void
make_read(gen *g, const session *s, event *e, const char *abspath, const char *shown)
{
	if (tool_names[s->surf][A_READ] == NULL) {
		char cmd[600];

		sfmt(cmd, sizeof(cmd), e->risky || gen_chance(&g->rng, 500) ? "cat %s" : "sed -n 1,120p %s", shown);
		make_shell(g, s, e, cmd);
		return;
	}
	e->action = A_READ;
	e->tool = tool_names[s->surf][A_READ];
	sfmt(e->path, sizeof(e->path), "%s", abspath);
	input_kv(e, s->surf == S_COPILOT ? "path" : "file_path", abspath, NULL, NULL);
}

static void
make_write(const session *s, event *e, act a, const char *abspath, const char *old, const char *text)
{
	e->action = a;
	e->tool = tool_names[s->surf][a];
	sfmt(e->path, sizeof(e->path), "%s", abspath);
	sfmt(e->content, sizeof(e->content), "%s", text);
	if (s->surf == S_CODEX) {
		char patch[700];

		sfmt(patch, sizeof(patch), "*** Begin Patch\n*** %s File: %s\n+%s\n*** End Patch",
			a == A_WRITE ? "Add" : "Update", abspath, text);
		input_kv(e, "patch", patch, NULL, NULL);
	} else if (a == A_EDIT) {
		input_kv(e, "file_path", abspath, "new_string", text);
		(void)old;
	} else {
		input_kv(e, s->surf == S_COPILOT ? "path" : "file_path", abspath, "content", text);
	}
}

static void
make_fetch(gen *g, const session *s, event *e, const char *url)
{
	if (tool_names[s->surf][A_FETCH] == NULL) {
		char cmd[400];

		sfmt(cmd, sizeof(cmd), "curl -sL %s", url);
		make_shell(g, s, e, cmd);
		return;
	}
	e->action = A_FETCH;
	e->tool = tool_names[s->surf][A_FETCH];
	sfmt(e->url, sizeof(e->url), "%s", url);
	input_kv(e, "url", url, "prompt", "summarize the relevant part");
}

static void
make_prompt(event *e, const char *text)
{
	e->action = A_PROMPT;
	e->tool = NULL;
	sfmt(e->prompt, sizeof(e->prompt), "%s", text);
}

/* A risky action, adapted to what the surface can do. */
static void
make_risky(gen *g, session *s, event *e)
{
	const char *uname = g->users[s->user].name;
	risky r = (risky)gen_below(&g->rng, R__COUNT);
	char p[512], c[600];

	e->risky = risky_names[r];
	switch (r) {
	case R_RM_HOME:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"rm -rf ~/", "rm -rf $HOME/*", "cd /tmp && rm -rf ~" })));
		break;
	case R_RM_ROOT:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"sudo rm -rf /", "rm -rf /etc", "sudo rm -fr /var" })));
		break;
	case R_FORCE_PUSH:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"git push --force origin main", "git push -f origin master",
			"git push --force-with-lease origin main" })));
		break;
	case R_FORCE_PUSH_WRAPPED:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"bash -c \"git push -f origin main\"", "git fetch && git push origin +main",
			"env GIT_TRACE=1 git push --force origin production" })));
		break;
	case R_RESET_HARD:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"git reset --hard HEAD~3", "git reset --hard origin/main" })));
		break;
	case R_CAT_ENV:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"cat .env", "cat config/.env.production", "head -5 .env" })));
		break;
	case R_CAT_AWS:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"cat ~/.aws/credentials", "less ~/.aws/credentials" })));
		break;
	case R_CP_KEY:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"cp ~/.ssh/id_rsa /tmp/deploy_key", "base64 ~/.ssh/id_ed25519",
			"scp ~/.ssh/id_rsa build@ci.acme.internal:/tmp/" })));
		break;
	case R_DROP_TABLE:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"psql -c \"DROP TABLE users\"", "psql $DATABASE_URL -c 'truncate table orders'",
			"mysql -e \"drop database billing\"" })));
		break;
	case R_DD:
		make_shell(g, s, e, "sudo dd if=/dev/zero of=/dev/sda bs=1M");
		break;
	case R_MKFS:
		make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
			"sudo mkfs.ext4 /dev/sdb1", "wipefs -a /dev/nvme1n1" })));
		break;
	case R_READ_ENV:
		abs_path(p, sizeof(p), g, s, GEN_PICK(&g->rng, ((const char *const[]){
			".env", ".env.local", "config/.env.production" })));
		make_read(g, s, e, p, p);
		break;
	case R_READ_AWS:
		sfmt(p, sizeof(p), "/home/%s/.aws/credentials", uname);
		make_read(g, s, e, p, "~/.aws/credentials");
		break;
	case R_READ_SSH:
		sfmt(p, sizeof(p), "/home/%s/.ssh/%s", uname,
			GEN_PICK(&g->rng, ((const char *const[]){ "id_rsa", "id_ed25519" })));
		make_read(g, s, e, p, p);
		break;
	case R_READ_PEM:
		abs_path(p, sizeof(p), g, s, GEN_PICK(&g->rng, ((const char *const[]){
			"deploy/tls/server.key", "certs/prod.pem" })));
		make_read(g, s, e, p, p);
		break;
	case R_WRITE_PRIVKEY:
		abs_path(p, sizeof(p), g, s, "deploy/key.txt");
		make_write(s, e, A_WRITE, p, NULL,
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x3Vq9J0lYc2yF...\n-----END RSA PRIVATE KEY-----");
		break;
	case R_EDIT_AKIA:
		abs_path(p, sizeof(p), g, s, "config/settings.yml");
		make_write(s, e, A_EDIT, p, "aws_access_key_id: ${AWS_KEY}",
			"aws_access_key_id: AKIAIOSFODNN7EXAMPLE");
		break;
	case R_PROMPT_AKIA:
		make_prompt(e, "deploy with this key AKIAIOSFODNN7EXAMPLE and secret wJalrXUtnFEMI/K7MDENG");
		break;
	case R_EDIT_ENV:
		abs_path(p, sizeof(p), g, s, ".env");
		if (tool_names[s->surf][A_EDIT] == NULL) {
			sfmt(c, sizeof(c), "echo 'DEBUG=1' >> %s", p);
			make_shell(g, s, e, c);
			e->risky = risky_names[R_CAT_ENV];
		} else {
			make_write(s, e, A_EDIT, p, "DEBUG=0", "DEBUG=1");
		}
		break;
	default:
		break;
	}
}

/* An ordinary action of the session's current phase. */
static void
make_ordinary(gen *g, session *s, event *e)
{
	const lang_info *L = &langs[repos[s->repo].lang];
	uint32_t frac = s->done * 10 / (s->done + s->left);
	phase ph = frac < 3 ? P_EXPLORE : frac < 9 ? P_WORK : P_WRAP;
	uint32_t roll = gen_below(&g->rng, 100);
	char p[512], c[600];
	const char *f;

	if (ph == P_WRAP && !s->committed && s->edited && roll < 55) {
		static const char *const msgs[] = {
			"Fix pagination off-by-one", "Retry transient errors with backoff", "Deflake handler test",
			"Refresh tokens before expiry", "Bump dependencies", "Add request context to logs",
			"Fix lint errors", "Speed up dashboard query", "Remove duplicated error handling", "Document setup",
		};
		switch (gen_below(&g->rng, 4)) {
		case 0: make_shell(g, s, e, "git add -A"); break;
		case 1: make_shell(g, s, e, "git status --short"); break;
		case 2:
			sfmt(c, sizeof(c), "git commit -m \"%s\"", msgs[s->slug]);
			make_shell(g, s, e, c);
			s->committed = true;
			break;
		default:
			sfmt(c, sizeof(c), "git add -A && git commit -m \"%s\" && git push origin feature/%s",
				msgs[s->slug], slugs[s->slug]);
			make_shell(g, s, e, c);
			s->committed = true;
		}
		return;
	}
	if (ph == P_WRAP && s->committed && roll < 30) {
		sfmt(c, sizeof(c), gen_chance(&g->rng, 500) ? "git push origin feature/%s" :
			"git push -u origin HEAD:feature/%s", slugs[s->slug]);
		make_shell(g, s, e, c);
		return;
	}
	/* Web, MCP and follow-up prompts happen in every phase. */
	if (roll < 5) {
		char q[256];

		if (tool_names[s->surf][A_WSEARCH] && gen_chance(&g->rng, 400)) {
			e->action = A_WSEARCH;
			e->tool = tool_names[s->surf][A_WSEARCH];
			sfmt(q, sizeof(q), GEN_PICK(&g->rng, queries), lang_words[repos[s->repo].lang]);
			sfmt(e->query, sizeof(e->query), "%s", q);
			input_kv(e, "query", q, NULL, NULL);
			return;
		}
		if (gen_chance(&g->rng, 150))
			sfmt(q, sizeof(q), "https://stackoverflow.com/questions/%u", gen_range(&g->rng, 1000000, 79000000));
		else if (gen_chance(&g->rng, 150))
			sfmt(q, sizeof(q), "https://github.com/%s/issues/%u", repos[s->repo].name, gen_range(&g->rng, 10, 900));
		else
			sfmt(q, sizeof(q), "%s", GEN_PICK(&g->rng, L->docs));
		make_fetch(g, s, e, q);
		return;
	}
	if (roll < 9 && has_mcp[s->surf]) {
		uint32_t k = gen_below(&g->rng, (uint32_t)GEN_COUNT(mcp_calls));

		e->action = A_MCP;
		e->mcp_server = mcp_calls[k].server;
		e->mcp_tool = mcp_calls[k].tool;
		if (s->surf == S_CURSOR)
			e->tool = "MCP";
		else
			e->tool = NULL; /* named below from server and tool */
		sfmt(e->input, sizeof(e->input), "%s", mcp_calls[k].input);
		return;
	}
	if (roll < 11) {
		static const char *const follow[] = {
			"that didn't work, the test still fails", "also handle the empty case",
			"looks good, now run the tests", "undo the last change to %s", "explain what %s does",
		};
		sfmt(p, sizeof(p), GEN_PICK(&g->rng, follow), session_file(g, s));
		make_prompt(e, p);
		return;
	}
	if (roll < 12 && tool_names[s->surf][A_TASK]) {
		e->action = A_TASK;
		e->tool = tool_names[s->surf][A_TASK];
		sfmt(e->prompt, sizeof(e->prompt), "find every caller of %s and list them",
			GEN_PICK(&g->rng, L->words));
		input_kv(e, "description", "find callers", "prompt", e->prompt);
		return;
	}
	f = session_file(g, s);
	abs_path(p, sizeof(p), g, s, f);
	switch (ph) {
	case P_EXPLORE:
		if (roll < 45) {
			make_read(g, s, e, p, f);
		} else if (roll < 65 && tool_names[s->surf][A_SEARCH]) {
			e->action = A_SEARCH;
			e->tool = tool_names[s->surf][A_SEARCH];
			sfmt(e->query, sizeof(e->query), "%s", GEN_PICK(&g->rng, L->words));
			abs_path(e->path, sizeof(e->path), g, s, "");
			e->path[strlen(e->path) - 1] = '\0';
			input_kv(e, "pattern", e->query, "path", e->path);
		} else if (roll < 80) {
			sfmt(c, sizeof(c), GEN_PICK(&g->rng, ((const char *const[]){
				"rg -n \"%s\" .", "grep -rn \"%s\" src", "git log --oneline -S \"%s\" | head" })),
				GEN_PICK(&g->rng, L->words));
			make_shell(g, s, e, c);
		} else {
			make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
				"git status", "git log --oneline -10", "ls -la", "git diff --stat", "tree -L 2 src",
				"git branch -a", "cat .env.example", "find . -name '*.md' | head -20" })));
		}
		return;
	case P_WORK:
		if (roll < 40) {
			char text[256];
			const char *ext = strrchr(f, '.');
			const char *note = ext && (strcmp(ext, ".py") == 0 || strcmp(ext, ".toml") == 0 ||
				strcmp(ext, ".tf") == 0 || strcmp(ext, ".yml") == 0 || strcmp(ext, ".sh") == 0) ? "#" :
				ext && strcmp(ext, ".md") == 0 ? "<!--" : "//";

			sfmt(text, sizeof(text), "%s %s: handle the error path (%s)", note,
				GEN_PICK(&g->rng, L->words), slugs[s->slug]);
			make_write(s, e, gen_chance(&g->rng, 850) ? A_EDIT : A_WRITE, p, "TODO", text);
			s->edited = true;
		} else if (roll < 70) {
			make_shell(g, s, e, GEN_PICK(&g->rng, L->tests));
		} else if (roll < 80) {
			make_shell(g, s, e, GEN_PICK(&g->rng, L->builds));
		} else if (roll < 92) {
			make_read(g, s, e, p, f);
		} else {
			/* Near misses: look risky, must pass. */
			make_shell(g, s, e, GEN_PICK(&g->rng, ((const char *const[]){
				"rm -rf build/ dist/", "rm -rf node_modules && npm ci", "git reset --soft HEAD~1",
				"git stash && git pull --rebase && git stash pop", "cp .env.example .env.test",
				"docker compose down -v", "kubectl get pods -n staging", "git push origin HEAD" })));
		}
		return;
	case P_WRAP:
		if (roll < 50)
			make_shell(g, s, e, GEN_PICK(&g->rng, L->tests));
		else if (roll < 75)
			make_shell(g, s, e, "git diff");
		else
			make_read(g, s, e, p, f);
		return;
	}
}

/* ---- output ----------------------------------------------------------- */

static void
emit(gen *g, const session *s, const event *e)
{
	const user *u = &g->users[s->user];
	FILE *o = g->out;
	char t[32], buf[128];
	int i;

	iso_time(t, s->next);
	fprintf(o, "{\"id\":\"evt-%08" PRIx64 "-%09" PRIu64 "\",\"time\":\"%s\",\"user\":\"%s\",\"groups\":[",
		g->seed & 0xffffffffu, g->emitted, t, u->name);
	for (i = 0; i < u->ngroups; i++)
		fprintf(o, "%s\"%s\"", i ? "," : "", u->groups[i]);
	fprintf(o, "],\"repo\":\"%s\",\"session\":\"s-%" PRIx64 "-%" PRIu64 "\",\"surface\":\"%s\"",
		repos[s->repo].name, g->seed & 0xffffu, s->id, surface_names[s->surf]);
	if (e->action == A_MCP) {
		if (e->tool)
			sfmt(buf, sizeof(buf), "%s", e->tool);
		else if (s->surf == S_GEMINI)
			sfmt(buf, sizeof(buf), "mcp_%s_%s", e->mcp_server, e->mcp_tool);
		else
			sfmt(buf, sizeof(buf), "mcp__%s__%s", e->mcp_server, e->mcp_tool);
		fprintf(o, ",\"tool\":\"%s\"", buf);
	} else if (e->tool) {
		fprintf(o, ",\"tool\":\"%s\"", e->tool);
	}
	fprintf(o, ",\"action\":\"%s\",\"cwd\":\"/home/%s/src/%s\"", action_names[e->action],
		u->name, repo_short(s->repo));
#define FIELD(key, v) if ((v)[0]) { fputs(",\"" key "\":", o); gen_json_str(o, (v)); }
	FIELD("command", e->command);
	FIELD("path", e->path);
	FIELD("url", e->url);
	FIELD("query", e->query);
	FIELD("content", e->content);
	FIELD("prompt", e->prompt);
#undef FIELD
	if (e->action == A_MCP)
		fprintf(o, ",\"mcp\":{\"server\":\"%s\",\"tool\":\"%s\"}", e->mcp_server, e->mcp_tool);
	if (e->input[0])
		fprintf(o, ",\"input\":%s", e->input);
	if (g->label && e->risky)
		fprintf(o, ",\"synthetic\":{\"risky\":\"%s\"}", e->risky);
	fputs("}\n", o);
	g->emitted++;
}

static void
step(gen *g, session *s)
{
	event e;

	memset(&e, 0, sizeof(e));
	if (s->done == 0) {
		e.action = A_START;
	} else if (s->left == 1 && s->done > 1) {
		e.action = A_END;
	} else if (s->done == 1) {
		char p[512];

		sfmt(p, sizeof(p), GEN_PICK(&g->rng, prompts), langs[repos[s->repo].lang].files[s->files[0]]);
		make_prompt(&e, p);
	} else if (gen_chance(&g->rng, g->risky_pm)) {
		make_risky(g, s, &e);
	} else {
		make_ordinary(g, s, &e);
	}
	emit(g, s, &e);
	s->done++;
	s->left--;
	/* Agents act in bursts: mostly seconds apart, sometimes a minute or more. */
	s->next += gen_chance(&g->rng, 800) ? gen_range(&g->rng, 2, 40) : gen_range(&g->rng, 41, 600);
}

/* ---- a min-heap of sessions by next event time --------------------- */

static bool
before(const session *a, const session *b)
{
	return a->next < b->next || (a->next == b->next && a->id < b->id);
}

static void
sift_down(session *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		session t;

		if (l < n && before(&h[l], &h[m]))
			m = l;
		if (r < n && before(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* ---- users and days -------------------------------------------------- */

static void
make_users(gen *g)
{
	uint32_t i;

	g->users = calloc(g->nusers, sizeof(user));
	if (g->users == NULL) {
		fprintf(stderr, "gen-telemetry: out of memory\n");
		exit(8);
	}
	for (i = 0; i < g->nusers; i++) {
		user *u = &g->users[i];
		const char *primary = GEN_PICK(&g->rng, groups);
		int k, tries;

		if (i < GEN_COUNT(first_names))
			sfmt(u->name, sizeof(u->name), "%s", first_names[i]);
		else
			sfmt(u->name, sizeof(u->name), "%s%u", first_names[i % GEN_COUNT(first_names)],
				i / (uint32_t)GEN_COUNT(first_names) + 1);
		u->groups[u->ngroups++] = primary;
		if (gen_chance(&g->rng, 250)) {
			const char *second = GEN_PICK(&g->rng, groups);

			if (strcmp(second, primary) != 0)
				u->groups[u->ngroups++] = second;
		}
		/* About one user in ten is a contractor. */
		if (gen_chance(&g->rng, 100))
			u->groups[u->ngroups++] = "contractors";
		/* Repositories: those of the primary group first, then a few others. */
		for (k = 0; k < (int)GEN_COUNT(repos) && u->nrepos < 2; k++)
			if (strcmp(repos[k].group, primary) == 0 && gen_chance(&g->rng, 700))
				u->repos[u->nrepos++] = k;
		for (tries = 0; u->nrepos < 3 && tries < 20; tries++) {
			int r = (int)gen_below(&g->rng, (uint32_t)GEN_COUNT(repos)), j;

			for (j = 0; j < u->nrepos && u->repos[j] != r; j++)
				;
			if (j == u->nrepos)
				u->repos[u->nrepos++] = r;
		}
		{
			/* Surface popularity: claude-code and cursor lead, then codex, gemini, copilot. */
			static const surface weights[] = { S_CLAUDE, S_CLAUDE, S_CLAUDE, S_CURSOR, S_CURSOR,
				S_CURSOR, S_CODEX, S_CODEX, S_GEMINI, S_COPILOT };
			u->pref = GEN_PICK(&g->rng, weights);
		}
		u->tz = (int)gen_below(&g->rng, 11) - 8; /* UTC-8 .. UTC+2 */
	}
}

static void
run_day(gen *g, int64_t day_start, uint64_t quota, uint64_t *next_session)
{
	session *heap = NULL;
	size_t n = 0, cap = 0;
	uint64_t planned = 0;

	while (planned < quota) {
		session s;
		user *u;
		uint32_t len;

		memset(&s, 0, sizeof(s));
		/* Some people use agents much more than others. */
		s.user = gen_below(&g->rng, gen_below(&g->rng, g->nusers) + 1);
		u = &g->users[s.user];
		s.repo = u->repos[gen_below(&g->rng, (uint32_t)u->nrepos)];
		s.surf = gen_chance(&g->rng, 800) ? u->pref : (surface)gen_below(&g->rng, S__COUNT);
		len = gen_chance(&g->rng, 900) ? gen_range(&g->rng, 6, 45) : gen_range(&g->rng, 46, 160);
		if (planned + len > quota)
			len = (uint32_t)(quota - planned);
		s.left = len;
		s.id = (*next_session)++;
		s.files[0] = (int)gen_below(&g->rng, 8);
		s.files[1] = (int)gen_below(&g->rng, 8);
		s.files[2] = (int)gen_below(&g->rng, 8);
		s.slug = (int)gen_below(&g->rng, (uint32_t)GEN_COUNT(slugs));
		/* Working hours 08:00-19:00 local time. */
		s.next = day_start - (int64_t)u->tz * 3600 + 8 * 3600 + gen_below(&g->rng, 11 * 3600);
		planned += len;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			heap = realloc(heap, cap * sizeof(*heap));
			if (heap == NULL) {
				fprintf(stderr, "gen-telemetry: out of memory\n");
				exit(8);
			}
		}
		heap[n++] = s;
	}
	for (size_t i = n / 2; i-- > 0;)
		sift_down(heap, n, i);
	while (n > 0) {
		step(g, &heap[0]);
		if (heap[0].left == 0)
			heap[0] = heap[--n];
		sift_down(heap, n, 0);
	}
	free(heap);
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: gen-telemetry [--count N] [--days D] [--seed S] [--start YYYY-MM-DD]\n"
		"                     [--users N] [--risky PER_MILLE] [--label] [-o FILE]\n"
		"\n"
		"Write N synthetic agent events (JSON Lines, DESIGN.md's event schema) over D\n"
		"days from START, in time order.  The same options give the same bytes on\n"
		"every machine.\n"
		"\n"
		"  --count N      events to write (default 10000)\n"
		"  --days D       days they span; weekends are quieter (default 7)\n"
		"  --seed S       the data set (default 1)\n"
		"  --start DATE   the first day, UTC (default 2026-05-04, a Monday)\n"
		"  --users N      people (default 50), in groups, about 1 in 10 a contractor\n"
		"  --risky PM     risky actions per thousand (default 15)\n"
		"  --label        mark risky events with \"synthetic\":{\"risky\":KIND}\n"
		"  -o FILE        write to FILE instead of stdout\n");
}

int
main(int argc, char **argv)
{
	gen g;
	uint64_t count = 10000, days = 7, next_session = 1, total_weight = 0, left;
	int64_t start;
	int y = 2026, i;
	unsigned m = 5, d = 4;
	const char *outpath = NULL;

	memset(&g, 0, sizeof(g));
	g.seed = 1;
	g.nusers = 50;
	g.risky_pm = 15;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--label") == 0) {
			g.label = true;
			continue;
		}
		if (v == NULL) {
			fprintf(stderr, "gen-telemetry: %s needs a value\n", a);
			return 3;
		}
		if (strcmp(a, "--count") == 0 || strcmp(a, "-n") == 0)
			count = gen_parse_u64("gen-telemetry", a, v);
		else if (strcmp(a, "--days") == 0)
			days = gen_parse_u64("gen-telemetry", a, v);
		else if (strcmp(a, "--seed") == 0)
			g.seed = gen_parse_u64("gen-telemetry", a, v);
		else if (strcmp(a, "--users") == 0)
			g.nusers = (uint32_t)gen_parse_u64("gen-telemetry", a, v);
		else if (strcmp(a, "--risky") == 0)
			g.risky_pm = (uint32_t)gen_parse_u64("gen-telemetry", a, v);
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			outpath = v;
		else if (strcmp(a, "--start") == 0) {
			if (sscanf(v, "%4d-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
				fprintf(stderr, "gen-telemetry: --start expects YYYY-MM-DD, not '%s'\n", v);
				return 3;
			}
		} else {
			fprintf(stderr, "gen-telemetry: unknown option '%s'\n", a);
			usage(stderr);
			return 3;
		}
		i++;
	}
	if (days < 1 || days > 3660 || g.nusers < 1 || g.nusers > 100000 || g.risky_pm > 1000) {
		fprintf(stderr, "gen-telemetry: --days must be 1..3660, --users 1..100000, --risky 0..1000\n");
		return 3;
	}
	g.out = stdout;
	if (outpath && strcmp(outpath, "-") != 0 && (g.out = fopen(outpath, "w")) == NULL) {
		fprintf(stderr, "gen-telemetry: %s: %s\n", outpath, strerror(errno));
		return 7;
	}
	gen_seed(&g.rng, g.seed);
	make_users(&g);
	start = days_from_civil(y, m, d);
	/* Weekdays weigh 4, weekend days 1 (1970-01-01 was a Thursday). */
#define WEIGHT(day) ((((day) + 3) % 7) >= 5 ? 1u : 4u)
	for (i = 0; i < (int)days; i++)
		total_weight += WEIGHT(start + i);
	left = count;
	for (i = 0; i < (int)days && left > 0; i++) {
		uint64_t quota = i + 1 == (int)days ? left : count * WEIGHT(start + i) / total_weight;

		if (quota > left)
			quota = left;
		run_day(&g, (start + i) * 86400, quota, &next_session);
		left -= quota;
	}
#undef WEIGHT
	free(g.users);
	if (fflush(g.out) != 0 || ferror(g.out) || (g.out != stdout && fclose(g.out) != 0)) {
		fprintf(stderr, "gen-telemetry: write error: %s\n", strerror(errno));
		return 7;
	}
	return 0;
}
