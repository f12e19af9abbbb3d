/*
 * check_gitevent.c - the vd_git_* API: commits, staged changes, messages
 * and ref updates as events, the walk of a push's new commits, and the
 * configuration helpers the installer uses.  Repositories are made with
 * real git in a sandbox (gitsh.h); the API runs in-process.
 */
#include "fixture.h"
#include "gitsh.h"
#include "helpers.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>

#define ZERO "0000000000000000000000000000000000000000"

static gitsh *g;

static void
setup(void)
{
	fx_init();
	g = gitsh_new();
	/* The sandbox's HOME is the global configuration here, as for the binary. */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, NULL);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, NULL);
	gitsh_ok(g, "git init -q r");
}

static void
teardown(void)
{
	gitsh_free(g);
}

static vd_git *
open_r(void)
{
	vd_git *git = NULL;
	char *path;

	if (asprintf(&path, "%s/r", g->root) < 0)
		abort();
	vd_pass(vd_git_open(&git, path, 0));
	free(path);
	return git;
}

/* The event of a revision of r, as JSON (malloc'd). */
static char *
commit_json(const char *rev, const vd_git_event_options *o)
{
	vd_git *git = open_r();
	vd_event *ev = NULL;
	vd_buf b = VD_BUF_INIT;
	char *s;

	vd_pass(vd_git_event_commit(&ev, git, rev, o));
	vd_pass(vd_event_to_json(&b, ev));
	s = strdup(b.ptr);
	vd_buf_dispose(&b);
	vd_event_free(ev);
	vd_git_free(git);
	return s;
}

START_TEST(test_gitevent_commit_carries_metadata_and_files)
{
	char *j;

	gitsh_ok(g, "cd r && printf 'a\\nb\\n' > a.txt && git add . && git commit -q -m 'feat: a' && "
		"printf 'a\\nb\\nc\\nd\\n' > a.txt && echo new > n.txt && git add . && "
		"GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@corp.test git commit -q -m 'fix: more\n\nbody'");
	j = commit_json("HEAD", NULL);
	ck_assert_contains(j, "\"action\":\"git.commit\"");
	ck_assert_contains(j, "\"surface\":\"git\"");
	ck_assert_contains(j, "\"message\":\"fix: more\\n\\nbody\\n\"");
	ck_assert_contains(j, "\"author\":{\"name\":\"Ann\",\"email\":\"ann@corp.test\"}");
	ck_assert_contains(j, "\"committer\":{\"name\":\"Tess\",\"email\":\"tess@acme.test\"}");
	ck_assert_contains(j, "\"signed\":false,\"parents\":1");
	ck_assert_contains(j, "{\"path\":\"a.txt\",\"status\":\"modified\",\"mode\":\"regular\",\"size\":8,\"binary\":false,\"added\":[\"c\",\"d\"]}");
	ck_assert_contains(j, "{\"path\":\"n.txt\",\"status\":\"added\",\"mode\":\"regular\",\"size\":4,\"binary\":false,\"added\":[\"new\"]}");
	/* The derived fields policies see. */
	ck_assert_contains(j, "\"diff.added\":[[\"c\",\"d\"],[\"new\"]]");
	ck_assert_contains(j, "\"files.path\":[\"a.txt\",\"n.txt\"]");
	free(j);
	/* The root commit: every file is added. */
	j = commit_json("HEAD~1", NULL);
	ck_assert_contains(j, "\"parents\":0");
	ck_assert_contains(j, "\"added\":[\"a\",\"b\"]");
	free(j);
}
END_TEST

START_TEST(test_gitevent_signed_commits_are_seen)
{
	char *j, *tree, *id;

	gitsh_ok(g, "cd r && echo a > a && git add . && git commit -q -m 'feat: a'");
	tree = gitsh_capture(g, "git -C r rev-parse HEAD^{tree}");
	/* A commit object with a gpgsig header, as `git commit -S` writes one. */
	id = gitsh_capture(g, "cd r && printf 'tree %s\nauthor Tess <tess@acme.test> 1767225600 +0000\n"
		"committer Tess <tess@acme.test> 1767225600 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n"
		" iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nfeat: signed\n' | git hash-object -t commit -w --stdin", tree);
	j = commit_json(id, NULL);
	ck_assert_contains(j, "\"signed\":true,\"parents\":0");
	free(j);
	j = commit_json("HEAD", NULL);
	ck_assert_contains(j, "\"signed\":false");
	free(j);
	free(tree);
	free(id);
}
END_TEST

START_TEST(test_gitevent_big_files_keep_their_size_but_are_not_read)
{
	char *j;

	/* 1.5 MiB of text with a key in it: over VD_GIT_MAX_DIFF_BYTES. */
	gitsh_ok(g, "cd r && { echo 'AKIAIOSFODNN7EXAMPLE'; head -c 1572864 /dev/zero | tr '\\0' 'x'; } > big.txt && "
		"echo small > s.txt && git add . && git commit -q -m 'feat: big'");
	j = commit_json("HEAD", NULL);
	ck_assert_contains(j, "{\"path\":\"big.txt\",\"status\":\"added\",\"mode\":\"regular\",\"size\":1572885}");
	ck_assert_contains(j, "{\"path\":\"s.txt\",\"status\":\"added\",\"mode\":\"regular\",\"size\":6,\"binary\":false,\"added\":[\"small\"]}");
	ck_assert_not_contains(j, "AKIA");
	free(j);
}
END_TEST

START_TEST(test_gitevent_invalid_utf8_is_repaired_and_still_matches)
{
	vd_event *ev = NULL;
	vd_git *git;
	vd_engine *e = NULL;
	vd_verdict *v = NULL;
	vd_buf b = VD_BUF_INIT;
	fx_repo *pol = fx_repo_new(false);

	fx_write(pol, "packs/t/t.policy",
		"policy \"t.key\" { mode block on git.commit when diff.added ~ 'AKIA[0-9A-Z]{16}' }\n");
	fx_commit(pol, "main", "p", NULL);
	gitsh_ok(g, "cd r && printf 'caf\\351 key=AKIAIOSFODNN7EXAMPLE \\377\\n' > latin1.txt && "
		"printf '\\355\\240\\200 x\\n' > surrogate.txt && git add . && git commit -q -m 'feat: x'");
	git = open_r();
	vd_pass(vd_git_event_commit(&ev, git, "HEAD", NULL));
	vd_pass(vd_event_to_json(&b, ev));
	ck_assert_contains(b.ptr, "\"added\":[\"caf\\uFFFD key=AKIAIOSFODNN7EXAMPLE \\uFFFD\"]");
	ck_assert_contains(b.ptr, "\"added\":[\"\\uFFFD\\uFFFD\\uFFFD x\"]");
	vd_pass(vd_engine_open(&e, fx_path(pol), NULL));
	vd_pass(vd_verdict_new(&v));
	vd_pass(vd_eval(v, e, ev, NULL));
	ck_assert_int_eq(vd_verdict_get(v), VD_BLOCK);
	ck_assert_str_eq(vd_verdict_decisive(v)->element, "latin1.txt");
	vd_buf_dispose(&b);
	vd_verdict_free(v);
	vd_engine_free(e);
	vd_event_free(ev);
	vd_git_free(git);
	fx_repo_free(pol);
}
END_TEST

START_TEST(test_gitevent_typechange_and_submodule_modes)
{
	char *j;

	gitsh_ok(g, "cd r && echo a > a && echo t > target && git add . && git commit -q -m 'feat: a' && "
		"rm a && ln -s target a && git add a && "
		"git update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/lib && "
		"git commit -q -m 'chore: link'");
	j = commit_json("HEAD", NULL);
	ck_assert_contains(j, "{\"path\":\"a\",\"status\":\"typechange\",\"mode\":\"symlink\",\"size\":6,\"binary\":false,\"added\":[\"target\"]}");
	ck_assert_contains(j, "{\"path\":\"vendor/lib\",\"status\":\"added\",\"mode\":\"submodule\"}");
	free(j);
	gitsh_ok(g, "cd r && git rm -q a && git commit -q -m 'chore: rm'");
	j = commit_json("HEAD", NULL);
	ck_assert_contains(j, "{\"path\":\"a\",\"status\":\"deleted\",\"mode\":\"symlink\"}");
	free(j);
}
END_TEST

START_TEST(test_gitevent_who_and_which_repository)
{
	vd_git_event_options o = VD_GIT_EVENT_OPTIONS_INIT;
	static const struct { const char *url, *repo; } urls[] = {
		{ "git@github.com:acme/api.git", "acme/api" },
		{ "https://github.com/acme/api", "acme/api" },
		{ "ssh://git@host:2222/acme/api.git/", "acme/api" },
		{ "https://host/api.git", "api" },
		{ "../srv.git", "srv" },
	};
	size_t i;
	char *j;

	gitsh_ok(g, "cd r && git commit -q --allow-empty -m 'feat: e'");
	for (i = 0; i < VD_ARRAY_SIZE(urls); i++) {
		char want[128];

		gitsh_ok(g, "git -C r config remote.origin.url '%s'", urls[i].url);
		j = commit_json("HEAD", NULL);
		snprintf(want, sizeof(want), "\"repo\":\"%s\"", urls[i].repo);
		ck_assert_contains(j, want);
		free(j);
	}
	gitsh_ok(g, "git -C r config verdict.repo acme/override");
	setenv("VERDICT_USER", "vic", 1);
	setenv("VERDICT_GROUPS", "platform, sec", 1);
	j = commit_json("HEAD", NULL);
	ck_assert_contains(j, "\"user\":\"vic\",\"repo\":\"acme/override\"");
	ck_assert_contains(j, "\"groups\":[\"platform\",\"sec\"]");
	free(j);
	unsetenv("VERDICT_USER");
	setenv("GL_USERNAME", "gitlab-gina", 1);
	o.tool = "pre-receive";
	o.session = "s-1";
	j = commit_json("HEAD", &o);
	ck_assert_contains(j, "\"tool\":\"pre-receive\",\"user\":\"gitlab-gina\"");
	ck_assert_contains(j, "\"session\":\"s-1\"");
	free(j);
	unsetenv("GL_USERNAME");
	unsetenv("VERDICT_GROUPS");
}
END_TEST

static char **
walk(const char *new_id, const char *const *hide, size_t nhide, size_t *count)
{
	vd_git *git = open_r();
	vd_git_walk *w = NULL;
	char **ids;
	size_t i;

	vd_pass(vd_git_walk_new(&w, git, new_id, hide, nhide));
	*count = vd_git_walk_count(w);
	ids = calloc(*count + 1, sizeof(char *));
	for (i = 0; i < *count; i++)
		ids[i] = strdup(vd_git_walk_id(w, i));
	vd_git_walk_free(w);
	vd_git_free(git);
	return ids;
}

static void
free_ids(char **ids)
{
	size_t i;

	for (i = 0; ids[i]; i++)
		free(ids[i]);
	free(ids);
}

START_TEST(test_gitevent_walk_finds_new_commits_oldest_first)
{
	char *c[5], **ids;
	const char *hide[3];
	size_t n, i;

	for (i = 0; i < 5; i++) {
		gitsh_ok(g, "cd r && echo %zu > f && git add f && git commit -q -m 'feat: %zu'", i, i);
		c[i] = gitsh_capture(g, "git -C r rev-parse HEAD");
	}
	/* Hide by id: what c1 reaches is old. */
	hide[0] = c[1];
	ids = walk(c[4], hide, 1, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(ids[0], c[2]);
	ck_assert_str_eq(ids[2], c[4]);
	free_ids(ids);
	/* Hide by ref glob, as a pre-receive does; ids not in the repository and zeros are skipped. */
	gitsh_ok(g, "git -C r branch old %s && git -C r branch -f main %s 2>/dev/null || git -C r update-ref refs/heads/main %s",
		c[2], c[2], c[2]);
	hide[0] = "refs/*";
	hide[1] = "2222222222222222222222222222222222222222";
	hide[2] = ZERO;
	ids = walk(c[4], hide, 3, &n);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(ids[0], c[3]);
	free_ids(ids);
	/* Nothing hidden: the whole history. */
	ids = walk(c[4], NULL, 0, &n);
	ck_assert_int_eq(n, 5);
	ck_assert_str_eq(ids[0], c[0]);
	free_ids(ids);
	for (i = 0; i < 5; i++)
		free(c[i]);
}
END_TEST

START_TEST(test_gitevent_walk_of_merges_tags_and_bad_ids)
{
	vd_git *git;
	vd_git_walk *w = NULL;
	char **ids, *tag, *treetag, *base;
	const char *hide[1];
	size_t n;

	gitsh_ok(g, "cd r && echo a > a && git add . && git commit -q -m 'feat: a' && git branch base && "
		"git checkout -q -b side && echo s > s && git add . && git commit -q -m 'feat: s' && "
		"git checkout -q main && echo m > m && git add . && git commit -q -m 'feat: m' && "
		"git merge -q --no-ff -m 'Merge side' side && git tag -a -m v1 v1 && "
		"git tag treetag HEAD^{tree}");
	base = gitsh_capture(g, "git -C r rev-parse base");
	tag = gitsh_capture(g, "git -C r rev-parse v1");
	treetag = gitsh_capture(g, "git -C r rev-parse treetag");
	hide[0] = base;
	/* An annotated tag is peeled: the merge, both branches' commits. */
	ids = walk(tag, hide, 1, &n);
	ck_assert_int_eq(n, 3);
	free_ids(ids);
	/* A tag of a tree brings no commits. */
	ids = walk(treetag, hide, 1, &n);
	ck_assert_int_eq(n, 0);
	free_ids(ids);
	git = open_r();
	vd_fail_with(VD_EINVALID, vd_git_walk_new(&w, git, "HEAD", NULL, 0));
	vd_fail_with(VD_ENOTFOUND, vd_git_walk_new(&w, git, "3333333333333333333333333333333333333333", NULL, 0));
	ck_assert_contains(vd_error_last()->message, "3333333333333333333333333333333333333333 is not in the repository");
	vd_git_free(git);
	free(base);
	free(tag);
	free(treetag);
}
END_TEST

static char *
push_json(const char *ref, const char *old_id, const char *new_id, int expect)
{
	vd_git *git = open_r();
	vd_git_update u;
	vd_event *ev = NULL;
	vd_buf b = VD_BUF_INIT;
	char *s = NULL;
	int rc;

	u.ref = ref;
	u.old_id = old_id;
	u.new_id = new_id;
	rc = vd_git_event_push(&ev, git, &u, NULL);
	ck_assert_msg(rc == expect, "push event returned %d, expected %d: %s", rc, expect, vd_error_last()->message);
	if (rc == 0) {
		vd_pass(vd_event_to_json(&b, ev));
		s = strdup(b.ptr);
	}
	vd_buf_dispose(&b);
	vd_event_free(ev);
	vd_git_free(git);
	return s;
}

START_TEST(test_gitevent_push_events_tell_create_delete_and_force)
{
	char *a, *b, *c, *j;

	gitsh_ok(g, "cd r && echo a > f && git add . && git commit -q -m 'feat: a' && echo b > f && git commit -q -am 'feat: b'");
	a = gitsh_capture(g, "git -C r rev-parse HEAD~1");
	b = gitsh_capture(g, "git -C r rev-parse HEAD");
	gitsh_ok(g, "cd r && git checkout -q HEAD~1 && echo c > f && git commit -q -am 'feat: c'");
	c = gitsh_capture(g, "git -C r rev-parse HEAD");
	j = push_json("refs/heads/main", a, b, 0);
	ck_assert_contains(j, "\"push\":{\"ref\":\"refs/heads/main\",\"force\":false,\"delete\":false,\"create\":false},\"branch\":\"main\"");
	free(j);
	j = push_json("refs/heads/main", b, c, 0);
	ck_assert_contains(j, "\"force\":true");
	free(j);
	/* An old tip never fetched cannot be an ancestor. */
	j = push_json("refs/heads/main", "4444444444444444444444444444444444444444", c, 0);
	ck_assert_contains(j, "\"force\":true");
	free(j);
	j = push_json("refs/heads/topic", ZERO, c, 0);
	ck_assert_contains(j, "\"force\":false,\"delete\":false,\"create\":true},\"branch\":\"topic\"");
	free(j);
	j = push_json("refs/tags/v1", b, ZERO, 0);
	ck_assert_contains(j, "\"push\":{\"ref\":\"refs/tags/v1\",\"force\":false,\"delete\":true,\"create\":false}");
	ck_assert_not_contains(j, "\"branch\"");
	free(j);
	ck_assert_ptr_null(push_json("refs/heads/x", ZERO, ZERO, VD_EINVALID));
	ck_assert_ptr_null(push_json("refs/heads/x", "abc", c, VD_EINVALID));
	ck_assert_ptr_null(push_json("", a, b, VD_EINVALID));
	ck_assert_ptr_null(push_json("refs/heads/x", a, "5555555555555555555555555555555555555555", VD_ENOTFOUND));
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_gitevent_staged_changes_and_merges_in_progress)
{
	vd_git *git;
	vd_event *ev = NULL;
	vd_buf b = VD_BUF_INIT;

	gitsh_ok(g, "cd r && echo a > a && git add . && git commit -q -m 'feat: a' && "
		"git checkout -q -b side && echo s > s && git add . && git commit -q -m 'feat: s' && "
		"git checkout -q main && echo m > a && git commit -q -am 'feat: m' && "
		"git merge -q --no-commit side && echo extra > e && git add e");
	git = open_r();
	vd_pass(vd_git_event_staged(&ev, git, NULL));
	vd_pass(vd_event_to_json(&b, ev));
	/* Concluding a merge: s came from side; e is the merge's own. */
	ck_assert_contains(b.ptr, "\"parents\":2");
	ck_assert_contains(b.ptr, "\"files\":[{\"path\":\"e\",\"status\":\"added\"");
	ck_assert_not_contains(b.ptr, "\"path\":\"s\"");
	ck_assert_not_contains(b.ptr, "\"signed\"");
	ck_assert_not_contains(b.ptr, "\"message\"");
	ck_assert_contains(b.ptr, "\"branch\":\"main\"");
	vd_buf_dispose(&b);
	vd_event_free(ev);
	vd_git_free(git);
}
END_TEST

static char *
message_of(const char *text)
{
	vd_git *git = open_r();
	vd_event *ev = NULL;
	vd_buf b = VD_BUF_INIT;
	char *s;

	vd_pass(vd_git_event_message(&ev, git, text, strlen(text), NULL));
	vd_pass(vd_event_to_json(&b, ev));
	s = strdup(b.ptr);
	vd_buf_dispose(&b);
	vd_event_free(ev);
	vd_git_free(git);
	return s;
}

START_TEST(test_gitevent_messages_are_cleaned_as_git_will)
{
	const char *raw = "\n\nfeat: x  \n\n# Please enter the commit message\nbody\n"
		"# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n";
	char *j;

	/* An editor was used (no GIT_EDITOR=:): comments and the scissors part go. */
	j = message_of(raw);
	ck_assert_contains(j, "\"message\":\"feat: x\\n\\nbody\\n\"");
	ck_assert_contains(j, "\"parents\":0");
	free(j);
	/* `git commit -m`: GIT_EDITOR=: and '#' lines are kept. */
	setenv("GIT_EDITOR", ":", 1);
	j = message_of("feat: y\n# not a comment\n");
	ck_assert_contains(j, "\"message\":\"feat: y\\n# not a comment\\n\"");
	free(j);
	unsetenv("GIT_EDITOR");
	gitsh_ok(g, "git -C r config commit.cleanup verbatim");
	j = message_of("feat: z\n# kept\n\n");
	ck_assert_contains(j, "\"message\":\"feat: z\\n# kept\\n\\n\"");
	free(j);
	gitsh_ok(g, "git -C r config commit.cleanup strip && git -C r config core.commentChar ';'");
	j = message_of("feat: w\n; gone\n# kept\n");
	ck_assert_contains(j, "\"message\":\"feat: w\\n# kept\\n\"");
	free(j);
}
END_TEST

START_TEST(test_gitevent_config_and_hooks_dir)
{
	vd_git *git = open_r();
	vd_buf b = VD_BUF_INIT;
	char *want;

	vd_pass(vd_git_hooks_dir(&b, git));
	if (asprintf(&want, "%s/r/.git/hooks", g->root) < 0)
		abort();
	ck_assert_str_eq(b.ptr, want);
	free(want);
	vd_pass(vd_git_config_set(git, "core.hooksPath", ".husky/_"));
	vd_git_free(git);
	git = open_r();
	vd_pass(vd_git_hooks_dir(&b, git));
	if (asprintf(&want, "%s/r/.husky/_", g->root) < 0)
		abort();
	ck_assert_str_eq(b.ptr, want);
	free(want);
	vd_pass(vd_git_config_set(git, "core.hooksPath", NULL));
	vd_pass(vd_git_config_set(git, "core.hooksPath", NULL));   /* removing twice is fine */
	vd_fail_with(VD_ENOTFOUND, vd_git_config_get(&b, git, "core.hooksPath"));
	/* The global configuration: written to ~/.gitconfig, read back, and seen by the repository. */
	vd_fail_with(VD_ENOTFOUND, vd_git_hooks_dir(&b, NULL));
	vd_pass(vd_git_config_set(NULL, "core.hooksPath", "~/hooks"));
	vd_pass(vd_git_hooks_dir(&b, NULL));
	if (asprintf(&want, "%s/hooks", g->root) < 0)
		abort();
	ck_assert_str_eq(b.ptr, want);
	free(want);
	vd_git_free(git);
	git = open_r();
	vd_pass(vd_git_config_get(&b, git, "core.hooksPath"));
	ck_assert_str_eq(b.ptr, "~/hooks");
	gitsh_ok(g, "grep -q 'hooksPath = ~/hooks' .gitconfig");
	vd_buf_dispose(&b);
	vd_git_free(git);
	vd_fail_with(VD_ENOTFOUND, vd_git_open(&git, "/", 0));
}
END_TEST


Suite *
gitevent_suite(void)
{
	Suite *s = suite_create("gitevent");
	TCase *tc = tcase_create("events");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gitevent_commit_carries_metadata_and_files);
	tcase_add_test(tc, test_gitevent_signed_commits_are_seen);
	tcase_add_test(tc, test_gitevent_big_files_keep_their_size_but_are_not_read);
	tcase_add_test(tc, test_gitevent_invalid_utf8_is_repaired_and_still_matches);
	tcase_add_test(tc, test_gitevent_typechange_and_submodule_modes);
	tcase_add_test(tc, test_gitevent_who_and_which_repository);
	tcase_add_test(tc, test_gitevent_walk_finds_new_commits_oldest_first);
	tcase_add_test(tc, test_gitevent_walk_of_merges_tags_and_bad_ids);
	tcase_add_test(tc, test_gitevent_push_events_tell_create_delete_and_force);
	tcase_add_test(tc, test_gitevent_staged_changes_and_merges_in_progress);
	tcase_add_test(tc, test_gitevent_messages_are_cleaned_as_git_will);
	tcase_add_test(tc, test_gitevent_config_and_hooks_dir);
	suite_add_tcase(s, tc);
	return s;
}
