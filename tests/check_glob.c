/*
 * check_glob.c - globs and their `**`, classes, braces and escapes.
 */
#include "../dsl/ir.h"
#include "helpers.h"

typedef struct {
	const char *glob;
	bool pathname;
	const char *subject;
	bool match;
} glob_case;

static const glob_case cases[] = {
	/* ** across directories, including none */
	{ "**/.env", true, "/home/a/proj/.env", true },
	{ "**/.env", true, ".env", true },
	{ "**/.env", true, "/home/a/proj/.env.local", false },
	{ "**/.env.*", true, "/srv/.env.production", true },
	{ "/home/**", true, "/home/a/b/c", true },
	{ "/home/**/id_rsa", true, "/home/id_rsa", true },
	{ "/home/**/id_rsa", true, "/home/a/.ssh/id_rsa", true },
	/* * stays within a segment for paths, not for other strings */
	{ "/etc/*", true, "/etc/passwd", true },
	{ "/etc/*", true, "/etc/ssl/cert.pem", false },
	{ "curl *", false, "curl https://x.io/a/b", true },
	{ "*.pastebin.com", false, "api.pastebin.com", true },
	{ "*.pastebin.com", false, "pastebin.com", false },
	/* ? and classes */
	{ "/tmp/?.txt", true, "/tmp/a.txt", true },
	{ "/tmp/?.txt", true, "/tmp/ab.txt", false },
	{ "/tmp/?", true, "/tmp//", false },
	{ "*.[ch]", false, "main.c", true },
	{ "*.[ch]", false, "main.o", false },
	{ "*.[!ch]", false, "main.o", true },
	{ "*.[a-c]", false, "x.b", true },
	{ "*.[a-c]", false, "x.d", false },
	{ "[]]x", false, "]x", true },
	/* braces, nested */
	{ "*.{pem,key}", false, "server.key", true },
	{ "*.{pem,key}", false, "server.crt", false },
	{ "{a,b{c,d}}", false, "bd", true },
	{ "{a,b{c,d}}", false, "b", false },
	/* escapes and regex metacharacters are literal */
	{ "a\\*b", false, "a*b", true },
	{ "a\\*b", false, "axb", false },
	{ "a.b", false, "axb", false },
	{ "(x)+", false, "(x)+", true },
	{ "$HOME/*", false, "$HOME/x", true },
	/* the whole string, not a part of it */
	{ "env", false, "/x/.env", false },
	/* UTF-8: ? is one character */
	{ "caf?", false, "café", true },
};

START_TEST(test_glob_table)
{
	const glob_case *c = &cases[_i];
	const char *g = c->glob;
	uint32_t len = (uint32_t)strlen(g);
	char err[128];
	size_t off;
	pcre2_code *re = vd__glob_compile(&g, &len, 1, c->pathname, err, sizeof(err), &off);
	pcre2_match_data *md;
	int r;

	ck_assert_msg(re != NULL, "%s: %s", g, err);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	r = pcre2_match(re, (PCRE2_SPTR)c->subject, strlen(c->subject), 0, 0, md, NULL);
	ck_assert_msg((r >= 0) == c->match, "glob '%s' (%s) on '%s': expected %s",
		g, c->pathname ? "path" : "string", c->subject, c->match ? "match" : "no match");
	pcre2_match_data_free(md);
	pcre2_code_free(re);
}
END_TEST

START_TEST(test_glob_list_is_one_alternation)
{
	const char *g[] = { "**/.env", "**/*.pem" };
	uint32_t len[] = { 7, 8 };
	char err[128];
	size_t off;
	pcre2_code *re = vd__glob_compile(g, len, 2, true, err, sizeof(err), &off);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);

	ck_assert(pcre2_match(re, (PCRE2_SPTR)"/a/k.pem", 8, 0, 0, md, NULL) >= 0);
	ck_assert(pcre2_match(re, (PCRE2_SPTR)"/a/.env", 7, 0, 0, md, NULL) >= 0);
	ck_assert(pcre2_match(re, (PCRE2_SPTR)"/a/k.pe", 7, 0, 0, md, NULL) < 0);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
}
END_TEST

START_TEST(test_glob_errors_name_the_problem)
{
	static const struct { const char *glob; const char *msg; size_t off; } bad[] = {
		{ "[abc", "unclosed '['", 0 },
		{ "x{a,b", "unclosed '{'", 1 },
		{ "abc\\", "trailing '\\'", 3 },
	};
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(bad); i++) {
		const char *g = bad[i].glob;
		uint32_t len = (uint32_t)strlen(g);
		char err[128];
		size_t off = 99;

		ck_assert_ptr_null(vd__glob_compile(&g, &len, 1, true, err, sizeof(err), &off));
		ck_assert_contains(err, bad[i].msg);
		ck_assert_uint_eq(off, bad[i].off);
	}
}
END_TEST

Suite *
glob_suite(void)
{
	Suite *s = suite_create("glob");
	TCase *tc = tcase_create("glob");

	tcase_add_loop_test(tc, test_glob_table, 0, VD_ARRAY_SIZE(cases));
	tcase_add_test(tc, test_glob_list_is_one_alternation);
	tcase_add_test(tc, test_glob_errors_name_the_problem);
	suite_add_tcase(s, tc);
	return s;
}
