/*
 * git_hook.c - `verdict git-hook <name>`: each git hook's protocol, the
 * events it yields, the verdicts, what the user is told, and the exit
 * status git acts on.
 *
 *   pre-commit    no arguments; the staged changes (git's $GIT_INDEX_FILE)
 *   commit-msg    <message-file>
 *   pre-push      <remote> <url>; stdin: <local-ref> <local-id> <remote-ref> <remote-id>
 *   pre-receive   stdin: <old-id> <new-id> <ref>, objects in quarantine
 *   update        <ref> <old-id> <new-id>
 *
 * A push is judged as one `git.push` event per ref update (create, delete,
 * force) and one `git.commit` event per new commit: on a server, commits no
 * existing ref reaches; before a push, commits the remote's tracking refs
 * and the remote tip do not reach.  A block fails the hook with a message
 * that names the policy, the commit and the file; a warning is printed and
 * the hook succeeds.  Every event and its verdict goes to the audit log
 * with surface `git`.
 *
 * When verdict itself fails (no policy repository, policies that do not
 * compile, a malformed line on stdin), `settings { on_error }` of the
 * policy repository decides: block (the default) fails the hook with the
 * error's exit status, pass lets git go on and says so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "cli.h"
#include "git_hooks.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
	const char *hook;
	vd_git *git;
	vd_engine *engine;
	vd_verdict *verdict;
	vd_audit *audit;
	bool audit_failed;
	bool quiet;
	char session[64];
	size_t judged, blocked, warned;
	int error_status;       /* the first error's exit status, or 0 */
	vd_event *first_event;  /* the run's first event: its scopes decide on_error */
	size_t shown[2], unshown[2];  /* warnings [0] and blocks [1] printed, held back */
	/*
	 * On a developer's machine, who acts is who the agent hooks say
	 * ($VERDICT_USER, $VERDICT_GROUPS, $VERDICT_REPO_NAME, then
	 * ~/.config/verdict/config.json), so that one identity, and the same
	 * scopes, cover an agent's actions and the commits they end in.  On a
	 * server the pusher is the forge's (the library reads its variables).
	 */
	agent_identity id;
	bool have_id;
	const char **groups;
	size_t ngroups;
} hookrun;

typedef int (*hook_fn)(hookrun *r, int argc, char **argv);

/*
 * A push of many offending commits names the first ones; the log has all.
 * Blocks have their own, larger allowance: warnings never hide a block.
 */
static const size_t max_shown[2] = { 20, 50 };

/* ---- reporting ------------------------------------------------------------ */

static void
hook_error(hookrun *r, const char *what)
{
	const vd_error *e = vd_error_last();

	fprintf(stderr, "verdict: %s%s%s\n", what ? what : "", what ? ": " : "",
		e->message[0] ? e->message : vd_error_describe(e->code));
	if (r->error_status == 0)
		r->error_status = vd_error_exit_status(e->code ? e->code : VD_ERROR);
}

static void
record(hookrun *r, const vd_event *ev)
{
	if (r->audit == NULL || vd_audit_record(r->audit, ev, r->verdict) == 0)
		return;
	/* The record was spooled, not lost; say so once. */
	if (!r->audit_failed)
		fprintf(stderr, "verdict: audit log: %s\n", vd_error_last()->message);
	r->audit_failed = true;
}

/* Tell the user about every match that warns or blocks. */
static void
report(hookrun *r, const char *what)
{
	size_t i, n = vd_verdict_match_count(r->verdict);

	for (i = 0; i < n; i++) {
		const vd_match *m = vd_verdict_match(r->verdict, i);
		int b = m->verdict >= VD_ASK;

		if (m->verdict < VD_WARN)
			continue;
		if (r->shown[b] >= max_shown[b]) {
			r->unshown[b]++;
			continue;
		}
		r->shown[b]++;
		fprintf(stderr, "verdict: %s: %s\n", m->verdict >= VD_ASK ? "BLOCKED" : "warning",
			m->message);
		fprintf(stderr, "verdict:   policy %s%s%s%s, %s%s%s; scope %s@%.12s\n",
			m->policy, m->pack && m->pack[0] ? " (pack " : "",
			m->pack && m->pack[0] ? m->pack : "", m->pack && m->pack[0] ? ")" : "",
			what, m->element ? ", file " : "", m->element ? m->element : "",
			m->scope, m->commit);
	}
}

/*
 * Judge one event: evaluate, record, tell; `what` names it for people.
 * Takes the event: the first is kept to ask on_error which scopes apply.
 */
static void
judge(hookrun *r, vd_event *ev, const char *what)
{
	vd_verdict_kind k;

	if (vd_eval(r->verdict, r->engine, ev, NULL) < 0) {
		hook_error(r, what);
	} else {
		r->judged++;
		record(r, ev);
		k = vd_verdict_get(r->verdict);
		if (k >= VD_ASK)
			r->blocked++;
		else if (k == VD_WARN)
			r->warned++;
		if (k >= VD_WARN)
			report(r, what);
	}
	if (r->first_event == NULL)
		r->first_event = ev;
	else
		vd_event_free(ev);
}

static void
opts_init(vd_git_event_options *o, hookrun *r, const vd_git_update *u)
{
	vd_git_event_options init = VD_GIT_EVENT_OPTIONS_INIT;

	*o = init;
	o->tool = r->hook;
	o->session = r->session[0] ? r->session : NULL;
	o->update = u;
	if (r->have_id) {
		o->user = r->id.user;
		o->repo = r->id.repo_name;
		o->groups = r->groups;
		o->ngroups = r->ngroups;
	}
}

static bool
client_side(const char *hook)
{
	return strcmp(hook, "pre-receive") != 0 && strcmp(hook, "update") != 0;
}

/* The identity the agent hooks use; 0, or the exit status of a broken config file. */
static int
load_identity(hookrun *r)
{
	agent_options ao;
	size_t i;

	memset(&ao, 0, sizeof(ao));
	if (agent_identity_load(&r->id, &ao, NULL) < 0) {
		const agent_error *e = agent_error_last();

		fprintf(stderr, "verdict: %s\n", e->message);
		agent_identity_dispose(&r->id);
		return vd_error_exit_status(e->code ? e->code : VD_EINVALID);
	}
	r->have_id = true;
	r->ngroups = r->id.groups ? json_array_size(r->id.groups) : 0;
	r->groups = calloc(r->ngroups + 1, sizeof(char *));
	for (i = 0; i < r->ngroups; i++)
		r->groups[i] = json_string_value(json_array_get(r->id.groups, i));
	return 0;
}

/* ---- pushes ----------------------------------------------------------------- */

/* One ref update: the push itself, then each commit it brings. */
static void
judge_update(hookrun *r, const vd_git_update *u, const char *const *hide, size_t nhide)
{
	vd_git_event_options o;
	vd_event *ev = NULL;
	vd_git_walk *walk = NULL;
	char what[1200];
	size_t i;

	opts_init(&o, r, NULL);
	snprintf(what, sizeof(what), "%s %s", vd_git_id_is_zero(u->new_id) ? "deleting" :
		vd_git_id_is_zero(u->old_id) ? "creating" : "push to", u->ref);
	if (vd_git_event_push(&ev, r->git, u, &o) < 0) {
		hook_error(r, what);
		return;
	}
	judge(r, ev, what);
	if (vd_git_id_is_zero(u->new_id))
		return;
	if (vd_git_walk_new(&walk, r->git, u->new_id, hide, nhide) < 0) {
		hook_error(r, what);
		return;
	}
	o.update = u;
	for (i = 0; i < vd_git_walk_count(walk); i++) {
		const char *id = vd_git_walk_id(walk, i);

		snprintf(what, sizeof(what), "commit %.12s on %s", id, u->ref);
		if (vd_git_is_shallow_boundary(r->git, id) && !r->quiet)
			fprintf(stderr, "verdict: note: %s is at the shallow clone's boundary; its files were not judged\n",
				what);
		if (vd_git_event_commit(&ev, r->git, id, &o) < 0) {
			hook_error(r, what);
			continue;
		}
		judge(r, ev, what);
	}
	vd_git_walk_free(walk);
}

/* Split a line into `n` space-separated fields, the first taking any extra spaces. */
static bool
split_fields(char *line, char **f, int n)
{
	int i;

	for (i = n - 1; i > 0; i--) {
		char *sp = strrchr(line, ' ');

		if (sp == NULL)
			return false;
		*sp = '\0';
		f[i] = sp + 1;
		if (!*f[i])
			return false;
	}
	f[0] = line;
	return *line != '\0';
}

static bool
is_id(const char *s)
{
	size_t i;

	if (strlen(s) != 40)
		return false;
	for (i = 0; i < 40; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/*
 * Read stdin's ref lines: `nfields` fields each, ids where `id_at` says.
 * A malformed line is an error that names it (never skipped silently).
 */
typedef struct {
	char **lines;
	size_t n;
} line_set;

static void
read_lines(line_set *ls)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		ls->lines = realloc(ls->lines, (ls->n + 1) * sizeof(char *));
		if (ls->lines == NULL)
			abort();
		ls->lines[ls->n++] = strdup(line);
	}
	free(line);
}

static void
free_lines(line_set *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		free(ls->lines[i]);
	free(ls->lines);
}

static bool
parse_line(hookrun *r, char *line, size_t lineno, char **f, int nf, const int *ids,
	const char *format)
{
	char copy[512];
	int i;

	snprintf(copy, sizeof(copy), "%s", line);
	if (split_fields(line, f, nf)) {
		for (i = 0; i < nf; i++)
			if (ids[i] && !is_id(f[i]))
				break;
		if (i == nf)
			return true;
	}
	fprintf(stderr, "verdict: stdin line %zu: '%s' is not '%s'; expected 40-hex ids\n",
		lineno, copy, format);
	if (r->error_status == 0)
		r->error_status = vd_error_exit_status(VD_EINVALID);
	return false;
}

static int
run_pre_receive(hookrun *r, int argc, char **argv)
{
	static const int ids[] = { 1, 1, 0 };
	const char *hide[] = { "refs/*" };
	line_set ls = { NULL, 0 };
	size_t i;

	(void)argc; (void)argv;
	read_lines(&ls);
	for (i = 0; i < ls.n; i++) {
		char *f[3];
		vd_git_update u;

		if (!parse_line(r, ls.lines[i], i + 1, f, 3, ids, "<old-id> <new-id> <ref>"))
			continue;
		u.old_id = f[0];
		u.new_id = f[1];
		u.ref = f[2];
		judge_update(r, &u, hide, 1);
	}
	free_lines(&ls);
	return 0;
}

static int
run_update(hookrun *r, int argc, char **argv)
{
	const char *hide[] = { "refs/*" };
	vd_git_update u;

	(void)argc;
	if (!is_id(argv[1]) || !is_id(argv[2])) {
		fprintf(stderr, "verdict: update: expected <ref> <old-id> <new-id> with 40-hex ids, not '%s %s %s'\n",
			argv[0], argv[1], argv[2]);
		r->error_status = vd_error_exit_status(VD_EINVALID);
		return 0;
	}
	u.ref = argv[0];
	u.old_id = argv[1];
	u.new_id = argv[2];
	judge_update(r, &u, hide, 1);
	return 0;
}

static int
run_pre_push(hookrun *r, int argc, char **argv)
{
	static const int ids[] = { 0, 1, 0, 1 };
	line_set ls = { NULL, 0 };
	vd_git_update *u;
	const char **hide;
	char tracking[600];
	vd_buf v = VD_BUF_INIT;
	size_t i, nu = 0, nhide = 0;

	(void)argc;
	read_lines(&ls);
	u = calloc(ls.n + 1, sizeof(*u));
	hide = calloc(ls.n + 2, sizeof(char *));
	if (u == NULL || hide == NULL)
		abort();
	/* What the remote has: its tracking refs (a named remote), and every remote tip named. */
	snprintf(tracking, sizeof(tracking), "remote.%s.url", argv[0]);
	if (vd_git_config_get(&v, r->git, tracking) == 0) {
		snprintf(tracking, sizeof(tracking), "refs/remotes/%s/*", argv[0]);
		hide[nhide++] = tracking;
	}
	vd_error_clear();
	vd_buf_dispose(&v);
	for (i = 0; i < ls.n; i++) {
		char *f[4];

		if (!parse_line(r, ls.lines[i], i + 1, f, 4, ids,
		    "<local-ref> <local-id> <remote-ref> <remote-id>"))
			continue;
		u[nu].ref = f[2];
		u[nu].old_id = f[3];
		u[nu].new_id = f[1];
		nu++;
		hide[nhide++] = f[3];
	}
	for (i = 0; i < nu; i++)
		judge_update(r, &u[i], hide, nhide);
	free(u);
	free(hide);
	free_lines(&ls);
	return 0;
}

static int
run_pre_commit(hookrun *r, int argc, char **argv)
{
	vd_git_event_options o;
	vd_event *ev = NULL;

	(void)argc; (void)argv;
	opts_init(&o, r, NULL);
	if (vd_git_event_staged(&ev, r->git, &o) < 0) {
		hook_error(r, "the staged changes");
		return 0;
	}
	judge(r, ev, "the staged changes");
	return 0;
}

static int
run_commit_msg(hookrun *r, int argc, char **argv)
{
	vd_git_event_options o;
	vd_event *ev = NULL;
	vd_buf text = VD_BUF_INIT;
	FILE *f;
	char chunk[8192];
	size_t n;

	(void)argc;
	if ((f = fopen(argv[0], "rb")) == NULL) {
		fprintf(stderr, "verdict: commit-msg: %s: %s\n", argv[0], strerror(errno));
		r->error_status = vd_error_exit_status(errno == ENOENT ? VD_ENOTFOUND : VD_EIO);
		return 0;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vd_buf_put(&text, chunk, n);
	fclose(f);
	opts_init(&o, r, NULL);
	if (vd_git_event_message(&ev, r->git, text.ptr ? text.ptr : "", text.size, &o) < 0)
		hook_error(r, "the commit message");
	else
		judge(r, ev, "the commit message");
	vd_buf_dispose(&text);
	return 0;
}

/* ---- the policy repository's own gate -------------------------------------- */

/*
 * pre-receive on the policy repository: every branch and tag a push moves
 * must check cleanly at its new commit, read from the quarantine; else
 * the push is refused with every diagnostic.
 */
static int
run_policy_gate(void)
{
	vd_engine_options eo = VD_ENGINE_OPTIONS_INIT;
	static const int ids[] = { 1, 1, 0 };
	vd_engine *e = NULL;
	hookrun dummy;
	line_set ls = { NULL, 0 };
	size_t i, bad = 0;
	int status = 0;

	memset(&dummy, 0, sizeof(dummy));
	eo.from_env = true;
	if (vd_engine_open(&e, NULL, &eo) < 0) {
		fprintf(stderr, "verdict: %s\n", vd_error_last()->message);
		return vd_error_exit_status(vd_error_last()->code);
	}
	read_lines(&ls);
	for (i = 0; i < ls.n; i++) {
		vd_diags *d = NULL;
		vd_buf out = VD_BUF_INIT;
		char *f[3];
		int rc;

		if (!parse_line(&dummy, ls.lines[i], i + 1, f, 3, ids, "<old-id> <new-id> <ref>")) {
			bad++;
			continue;
		}
		if (vd_git_id_is_zero(f[1]) ||
		    (strncmp(f[2], "refs/heads/", 11) != 0 && strncmp(f[2], "refs/tags/", 10) != 0))
			continue;
		rc = vd_engine_check(&d, e, f[1]);
		if (d == NULL) {
			fprintf(stderr, "verdict: %s at %.12s: %s\n", f[2], f[1], vd_error_last()->message);
			bad++;
		} else if (rc < 0) {
			vd_diags_render(&out, d, true);
			fprintf(stderr, "verdict: %s at %.12s does not check: %zu error%s; push refused\n",
				f[2], f[1], vd_diags_error_count(d), vd_diags_error_count(d) == 1 ? "" : "s");
			fputs(out.ptr ? out.ptr : "", stderr);
			bad++;
		} else {
			fprintf(stderr, "verdict: %s at %.12s: %zu policies in %zu files check\n", f[2], f[1],
				vd_diags_policies_checked(d), vd_diags_files_checked(d));
		}
		vd_buf_dispose(&out);
		vd_diags_free(d);
	}
	if (bad)
		status = dummy.error_status ? dummy.error_status : vd_error_exit_status(VD_EPOLICY);
	free_lines(&ls);
	vd_engine_free(e);
	return status;
}

/* ---- dispatch ------------------------------------------------------------------ */

static const struct {
	const char *name;
	hook_fn fn;
	int min_args, max_args;
	const char *args;
	const char *summary;
} hooks[] = {
	{ "pre-commit", run_pre_commit, 0, 0, "", "judge the staged changes (git commit)" },
	{ "commit-msg", run_commit_msg, 1, 1, "<message-file>", "judge the commit message" },
	{ "pre-push", run_pre_push, 1, 2, "<remote> [<url>]",
		"judge each ref update and new commit a push sends (stdin: <local-ref> <local-id> <remote-ref> <remote-id>)" },
	{ "pre-receive", run_pre_receive, 0, 0, "",
		"server: judge each ref update and new commit of a push (stdin: <old-id> <new-id> <ref>)" },
	{ "update", run_update, 3, 3, "<ref> <old-id> <new-id>", "server: judge one ref update" },
};

void
githook_list(FILE *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		fprintf(out, "  %-12s %s\n", hooks[i].name, hooks[i].summary);
}

/* The policy repository: the flag, $VERDICT_REPO, or the judged repository's verdict.policyRepo. */
static const char *
policy_repo(vd_git *git, const char *flag, vd_buf *scratch)
{
	const char *env = getenv("VERDICT_REPO");

	if (flag && *flag)
		return flag;
	if (env && *env)
		return env;
	if (git && vd_git_config_get(scratch, git, "verdict.policyRepo") == 0 && scratch->size)
		return scratch->ptr;
	return NULL;
}

/*
 * What to do when verdict failed: the policy repo's settings { on_error },
 * as every scope that applies to the events says (pass only when all say
 * pass); block when there is no engine to ask.
 */
static bool
on_error_passes(hookrun *r)
{
	vd_verdict_kind k = VD_BLOCK;

	if (r->engine && vd_engine_on_error(&k, r->engine, r->first_event) < 0)
		k = VD_BLOCK;
	return k == VD_PASS;
}

int
githook_run(int argc, char **argv)
{
	const char *policy = NULL, *audit_path = NULL, *repo;
	bool check_policies = false, quiet = false;
	const cli_opt opts[] = {
		{ "policy-repo", 'C', OPT_STRING, "DIR", &policy,
			"the policy repository (default: $VERDICT_REPO, else git config verdict.policyRepo)" },
		{ "audit", 0, OPT_STRING, "DB", &audit_path, "the audit log (default: $VERDICT_AUDIT, ...)" },
		{ "check-policies", 0, OPT_FLAG, NULL, &check_policies,
			"pre-receive of the policy repository itself: refuse a push whose policies do not check" },
		{ "quiet", 'q', OPT_FLAG, NULL, &quiet, "no notes; warnings and blocks are still printed" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_audit_options ao = VD_AUDIT_OPTIONS_INIT;
	vd_buf scratch = VD_BUF_INIT;
	hookrun r;
	size_t k;
	int n, status = 0;

	memset(&r, 0, sizeof(r));
	for (k = 0; k < ARRAY_SIZE(hooks); k++)
		if (argc > 1 && strcmp(argv[1], hooks[k].name) == 0)
			break;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out, "usage: verdict git-hook <hook> [options] [--] [git's arguments]\n\n"
			"Run as git's hook (installed by `verdict hooks install --git`); git's\n"
			"arguments and stdin follow githooks(5).  Exit 0 lets git go on (pass or\n"
			"warn); a block exits 2; when verdict itself fails, the policy repo's\n"
			"settings { on_error } decides (block, the default: the error's status).\n\nhooks:\n");
		githook_list(out);
		return argc < 2 ? CLI_EXIT_USAGE : 0;
	}
	if (k == ARRAY_SIZE(hooks))
		return cli_error_usage("unknown git hook '%s'; expected pre-commit, commit-msg, pre-push, pre-receive or update",
			argv[1]);
	{
		char usage[256];

		snprintf(usage, sizeof(usage), "verdict git-hook %s [options] [--] %s", hooks[k].name,
			hooks[k].args);
		n = cli_parse(argc - 1, argv + 1, opts, usage, hooks[k].summary);
	}
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n < hooks[k].min_args || n > hooks[k].max_args)
		return cli_error_usage("%s takes %s%s (git passes them); got %d argument%s", hooks[k].name,
			hooks[k].max_args ? "" : "no arguments", hooks[k].args, n, n == 1 ? "" : "s");
	r.hook = hooks[k].name;
	r.quiet = quiet;
	if (check_policies) {
		if (strcmp(r.hook, "pre-receive") != 0)
			return cli_error_usage("--check-policies is for the policy repository's pre-receive");
		return run_policy_gate();
	}
	snprintf(r.session, sizeof(r.session), "git-%s-%lx-%x", r.hook, (unsigned long)time(NULL),
		(unsigned)getpid());

	if (vd_git_open(&r.git, NULL, VD_GIT_OPEN_FROM_ENV) < 0) {
		hook_error(&r, NULL);
		goto finish;
	}
	if (client_side(r.hook) && (r.error_status = load_identity(&r)) != 0)
		goto finish;
	repo = policy_repo(r.git, policy, &scratch);
	if (repo == NULL && r.have_id)
		repo = r.id.policy_repo;
	if (repo == NULL) {
		fprintf(stderr, "verdict: no policy repository for this repository: set `git config verdict.policyRepo DIR` "
			"(`verdict hooks install --git --policy-repo DIR` does), $VERDICT_REPO, or --policy-repo\n");
		r.error_status = vd_error_exit_status(VD_EUSAGE);
		goto finish;
	}
	if (vd_engine_open(&r.engine, repo, NULL) < 0 || vd_verdict_new(&r.verdict) < 0) {
		hook_error(&r, "policy repository");
		goto finish;
	}
	if (audit_path == NULL && r.have_id && r.id.audit)
		audit_path = r.id.audit;
	/* A hook must answer: wait for the audit log's lock a little, then spool. */
	ao.busy_timeout_ms = 2000;
	if (vd_audit_open(&r.audit, audit_path, &ao) < 0) {
		fprintf(stderr, "verdict: audit log: %s (judging without recording)\n", vd_error_last()->message);
		r.audit = NULL;
	}
	if (r.audit)
		vd_audit_begin(r.audit);   /* one transaction for a whole push */
	hooks[k].fn(&r, n, argv + 1);
	if (r.audit && vd_audit_commit(r.audit) < 0 && !r.audit_failed)
		fprintf(stderr, "verdict: audit log: %s\n", vd_error_last()->message);

finish:
	if (r.unshown[0] || r.unshown[1])
		fprintf(stderr, "verdict: ... and %zu more block%s and %zu more warning%s, not shown (the audit log has them all)\n",
			r.unshown[1], r.unshown[1] == 1 ? "" : "s", r.unshown[0], r.unshown[0] == 1 ? "" : "s");
	if (r.blocked) {
		fprintf(stderr, "verdict: %s refused: %zu of %zu judged event%s blocked by policy\n",
			strcmp(r.hook, "pre-commit") == 0 || strcmp(r.hook, "commit-msg") == 0 ? "commit" :
			strcmp(r.hook, "update") == 0 ? "ref update" : "push",
			r.blocked, r.judged, r.judged == 1 ? "" : "s");
		status = vd_verdict_exit_status(VD_BLOCK);
	} else if (r.error_status) {
		if (on_error_passes(&r)) {
			fprintf(stderr, "verdict: letting git go on although verdict failed (settings { on_error pass })\n");
		} else {
			fprintf(stderr, "verdict: refusing because verdict failed (settings { on_error block }); "
				"fix the error above, or set on_error pass in the policy repository\n");
			status = r.error_status;
		}
	}
	vd_audit_close(r.audit);
	vd_event_free(r.first_event);
	vd_verdict_free(r.verdict);
	vd_engine_free(r.engine);
	vd_git_free(r.git);
	vd_buf_dispose(&scratch);
	if (r.have_id)
		agent_identity_dispose(&r.id);
	free(r.groups);
	return status;
}
