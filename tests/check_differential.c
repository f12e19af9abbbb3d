/*
 * check_differential.c - random policy sets against random events: the
 * indexed evaluator (action index, guards, needed fields, literal
 * prefilters, lazily compiled patterns) and the same set after a round
 * trip through the compile cache, against the naive path.  Any difference
 * a user could see fails, with the policies and the event printed.
 *
 * The vocabulary is small on purpose, so conditions hold often and every
 * operator meets lists, absent fields, group bindings, case folding
 * (KELVIN SIGN, LONG S) and glob edge cases.  VD_DIFF_PAIRS sets how many
 * (rule set, event) pairs run (default 100,000; `make fuzz` runs
 * 10,000,000); VD_DIFF_SEED picks another stream.
 */
#include "common.h"
#include "buf.h"
#include "cache.h"
#include "eval.h"
#include "event.h"
#include "rules.h"
#include "helpers.h"

typedef struct {
	uint64_t s;
} rng;

static uint32_t
next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

static uint32_t
below(rng *r, uint32_t n)
{
	return next(r) % n;
}

#define PICK(r, a) ((a)[below((r), (uint32_t)VD_ARRAY_SIZE(a))])

static const char *const words[] = {
	"a", "ab", "abc", "b", "rm", "git", "x", "y", ".env", "A", "AB", "K", "ks", "s", "S",
	"/a", "/a/b", "/a/b/.env", "main", "-rf", "r", "f", "", "push", "é", "\xe2\x84\xaa" /* K */,
	"\xc5\xbf" /* long s */, "a.env", "b.c", "x y",
	/* For the anchored literals of globs: a literal at either end, or all of it. */
	"ab.env", "xab", "a/ab", "/a/b/ab", "\xc3\xa9.env", "a/\xc3\xa9", "\xc3\xa9\xc3\xa9", ".env.x",
	"/a/b/x.env.bak", "envab", "/a/b/c", "ab/", "b.cb.c", "x.en", "a/.e", "x.e",
};

static const char *const regexes[] = {
	"a", "ab+c?", "(?i)ab", "(?i)k", "(?i)ks", "^rm$", "b$", "x|y", "r[mn]", "\\bab\\b", ".",
	"(?i)\\.ENV", "a{2}", "git\\s+push", "(?i)s", "\xc3\xa9", "(?i)\xc3\xa9", "[^a]b", "(a|b)c",
	"ab?c", "abc|b", "^/a/", "-rf",
};

static const char *const globs[] = {
	"*", "a*", "*b", "**/.env", "/a/**", "?b", "[ab]c", "{a,b}c", "a/*", "**", "*.env",
	"**.env", "/a/*/.env", "[!a]*", "ab", "*a*",
	/*
	 * Literal runs at the end (suffix), at the start (prefix), the whole
	 * glob (exact), and neither, after and before every kind of wildcard.
	 */
	"**/ab", "**/*.env", "**/b.c", "/a/b/**", "ab*", "ab/**", ".env", "/a/b/.env", "{a,b}b",
	"{ab,x}", "[ab]b", "?.env", "**/\xc3\xa9", "\xc3\xa9*", "*\xc3\xa9", "*\xc3\xa9.env", "a{b,c}",
	"ab?", "x y", "a*b", "*ab*", "**/ab/**", "ab*ab", "/a/b", "b.c*b.c", "env*", "*env",
	"/a/**/ab", "**/.env*", "a,b}", "*en*ab", "*ab*ab",
	"*.en*", "*.e*", "*/ab*", "*/a/*", "*ab/*",
};

/*
 * Globs that all have a literal, so a list of them has a prefilter: the
 * unanchored ones share first bytes and differ in length (eval.c sweeps
 * the subject once for each first byte and checks each literal there).
 */
static const char *const literal_globs[] = {
	"*.en*", "*.e*", "**/.env*", "*/ab*", "*/a/*", "*ab/*", "*ab*", "**/ab/**", "**/.env", "ab*",
	"/a/b/**", "*.env", "a/ab",
};

/* Relative paths (changed files), which meet "**" + "/x" with nothing before the x. */
static const char *const relpaths[] = {
	".env", "a/.env", "ab", "a/ab", "b.c", "x/b.c", "\xc3\xa9", "a/\xc3\xa9", "ab.env", ".env.x", "a",
	"ab/ab", "", "x.en", "a/.e", "a/ab/", ".e",
};

typedef enum { T_STR, T_INT, T_BOOL } ftype;

static const struct {
	const char *name;
	ftype type;
} fields[] = {
	{ "user", T_STR }, { "groups", T_STR }, { "repo", T_STR }, { "surface", T_STR },
	{ "tool", T_STR }, { "cwd", T_STR }, { "command", T_STR }, { "command.name", T_STR },
	{ "command.argv", T_STR }, { "command.flags", T_STR }, { "command.redirects", T_STR },
	{ "command.line", T_STR }, { "path", T_STR }, { "path.name", T_STR }, { "path.ext", T_STR },
	{ "url", T_STR }, { "url.host", T_STR }, { "url.path", T_STR }, { "query", T_STR },
	{ "content", T_STR }, { "prompt", T_STR }, { "mcp.server", T_STR }, { "mcp.tool", T_STR },
	{ "files.path", T_STR }, { "files.status", T_STR }, { "diff.added", T_STR },
	{ "push.ref", T_STR }, { "commit.parents", T_INT }, { "files.size", T_INT },
	{ "push.force", T_BOOL }, { "commit.signed", T_BOOL }, { "files.binary", T_BOOL },
	{ "input.k", T_STR }, { "input.n", T_INT }, { "input.t", T_BOOL },
};

static const char *const actions[] = {
	"shell.exec", "file.read", "file.write", "web.fetch", "mcp.call", "prompt.submit",
	"git.commit", "git.push",
};

static void
str_lit(rng *r, vd_buf *b)
{
	vd__buf_printf(b, "\"%s\"", PICK(r, words));
}

static void
str_list(rng *r, vd_buf *b)
{
	/* Short lists are compared in turn, long ones (over 8) through a set (eval.c). */
	uint32_t i, n = below(r, 4) == 0 ? 9 + below(r, 4) : 1 + below(r, 3);

	vd__buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			vd__buf_puts(b, ", ");
		str_lit(r, b);
	}
	vd__buf_putc(b, ']');
}

static void
comparison(rng *r, vd_buf *b, bool with_list)
{
	uint32_t f = below(r, (uint32_t)VD_ARRAY_SIZE(fields));
	const char *name = fields[f].name;

	switch (fields[f].type) {
	case T_INT: {
		static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };

		if (below(r, 5) == 0)
			vd__buf_printf(b, "%s in [%u, %u]", name, below(r, 4), below(r, 4));
		else
			vd__buf_printf(b, "%s %s %u", name, PICK(r, ops), below(r, 4));
		return;
	}
	case T_BOOL:
		if (below(r, 3) == 0)
			vd__buf_puts(b, name);
		else
			vd__buf_printf(b, "%s %s %s", name, below(r, 2) ? "==" : "!=", below(r, 2) ? "true" : "false");
		return;
	default:
		break;
	}
	switch (below(r, 9)) {
	case 0: vd__buf_printf(b, "%s == ", name); str_lit(r, b); break;
	case 1: vd__buf_printf(b, "%s != ", name); str_lit(r, b); break;
	case 2:
		vd__buf_printf(b, "%s in ", name);
		if (with_list && below(r, 2))
			vd__buf_puts(b, "L");
		else
			str_list(r, b);
		break;
	case 3:
		/* Often the relative paths: "**" + "/x" meets "x" there. */
		if (below(r, 4) == 0)
			name = "files.path";
		if (below(r, 3) == 0) {
			/* A list: one literal per glob, each anchored or not on its own. */
			uint32_t k, n = 2 + below(r, 3);
			bool lits = below(r, 2) == 0;

			vd__buf_printf(b, "%s matches [", name);
			for (k = 0; k < n; k++)
				vd__buf_printf(b, "%s\"%s\"", k ? ", " : "",
					lits ? PICK(r, literal_globs) : PICK(r, globs));
			vd__buf_putc(b, ']');
		} else {
			vd__buf_printf(b, "%s matches \"%s\"", name, PICK(r, globs));
		}
		break;
	case 4:
		if (below(r, 3) == 0)
			vd__buf_printf(b, "%s ~ ['%s', '%s']", name, PICK(r, regexes), PICK(r, regexes));
		else
			vd__buf_printf(b, "%s ~ '%s'", name, PICK(r, regexes));
		break;
	case 5: vd__buf_printf(b, "%s has ", name); str_lit(r, b); break;
	case 6: vd__buf_printf(b, "%s starts_with ", name); str_lit(r, b); break;
	case 7: vd__buf_printf(b, "%s ends_with ", name); str_lit(r, b); break;
	default: vd__buf_printf(b, "%s == ", name); str_lit(r, b); break;
	}
}

static void
expr(rng *r, vd_buf *b, int depth)
{
	if (depth >= 3 || below(r, 2) == 0) {
		comparison(r, b, true);
		return;
	}
	switch (below(r, 4)) {
	case 0:
		expr(r, b, depth + 1);
		vd__buf_puts(b, " and ");
		expr(r, b, depth + 1);
		break;
	case 1:
		expr(r, b, depth + 1);
		vd__buf_puts(b, " or ");
		expr(r, b, depth + 1);
		break;
	case 2:
		vd__buf_puts(b, "not ");
		vd__buf_puts(b, "(");
		expr(r, b, depth + 1);
		vd__buf_puts(b, ")");
		break;
	default:
		vd__buf_puts(b, "(");
		expr(r, b, depth + 1);
		vd__buf_puts(b, ")");
	}
}

static void
policy_set(rng *r, vd_buf *b)
{
	uint32_t i, n = 1 + below(r, 24);
	static const char *const modes[] = { "observe", "warn", "block" };

	vd__buf_puts(b, "list L = ");
	str_list(r, b);
	vd__buf_putc(b, '\n');
	for (i = 0; i < n; i++) {
		bool block = below(r, 3) != 0;
		uint32_t k, na = 1 + below(r, 3);

		vd__buf_printf(b, "policy \"p%u\" {\n  risk r%u\n  severity %s\n", i, i % 3,
			block ? "block" : "warn");
		if (below(r, 4))
			vd__buf_printf(b, "  mode %s\n", modes[below(r, block ? 3 : 2)]);
		if (below(r, 8) == 0) {
			vd__buf_puts(b, "  on *\n");
		} else {
			vd__buf_puts(b, "  on ");
			for (k = 0; k < na; k++)
				vd__buf_printf(b, "%s%s", k ? ", " : "", PICK(r, actions));
			vd__buf_putc(b, '\n');
		}
		vd__buf_puts(b, "  when ");
		expr(r, b, 0);
		vd__buf_putc(b, '\n');
		if (below(r, 4) == 0) {
			vd__buf_puts(b, "  unless ");
			expr(r, b, 1);
			vd__buf_putc(b, '\n');
		}
		if (below(r, 2))
			vd__buf_puts(b, "  message \"{command} {path} {groups} {input.k} x\"\n");
		vd__buf_puts(b, "}\n");
	}
	if (below(r, 3) == 0)
		vd__buf_printf(b, "exception \"e1\" {\n  policies \"p%u*\"\n  when user == \"%s\"\n"
			"  reason \"r\"\n  owner \"o\"\n  expires %s\n}\n", below(r, 3), PICK(r, words),
			below(r, 2) ? "2020-01-01" : "2030-01-01");
	if (below(r, 3) == 0)
		vd__buf_printf(b, "ramp {\n  r0 %s\n  p0 warn\n}\n", below(r, 2) ? "block" : "observe");
}

static void
json_str(vd_buf *b, const char *s)
{
	vd__buf_put_json_string(b, s, strlen(s));
}

static void
command_line(rng *r, vd_buf *b)
{
	static const char *const joins[] = { " ; ", " && ", " | ", " || " };
	static const char *const wrap[] = { "", "", "", "sudo ", "env A=1 ", "bash -c 'git push -f main' && " };
	uint32_t i, n = 1 + below(r, 6);
	vd_buf c = VD_BUF_INIT;

	vd__buf_puts(&c, PICK(r, wrap));
	for (i = 0; i < n; i++) {
		if (i && below(r, 4) == 0)
			vd__buf_puts(&c, PICK(r, joins));
		else if (i)
			vd__buf_putc(&c, ' ');
		vd__buf_puts(&c, below(r, 3) ? PICK(r, words) : (below(r, 2) ? "rm" : "-rf"));
	}
	if (below(r, 6) == 0)
		vd__buf_puts(&c, " > /a/b");
	json_str(b, vd__buf_cstr(&c));
	vd_buf_dispose(&c);
}

static void
event_json(rng *r, vd_buf *b)
{
	uint32_t i, n;

	vd__buf_printf(b, "{\"action\":\"%s\"", PICK(r, actions));
	if (below(r, 3)) {
		vd__buf_puts(b, ",\"user\":");
		json_str(b, PICK(r, words));
	}
	if (below(r, 2)) {
		vd__buf_puts(b, ",\"groups\":[");
		for (i = 0, n = below(r, 3); i < n; i++) {
			if (i)
				vd__buf_putc(b, ',');
			json_str(b, PICK(r, words));
		}
		vd__buf_putc(b, ']');
	}
#define MAYBE(key) if (below(r, 3) == 0) { vd__buf_puts(b, ",\"" key "\":"); json_str(b, PICK(r, words)); }
	MAYBE("repo");
	MAYBE("surface");
	MAYBE("tool");
	MAYBE("query");
	MAYBE("content");
	MAYBE("prompt");
#undef MAYBE
	if (below(r, 2)) {
		vd__buf_puts(b, ",\"command\":");
		command_line(r, b);
	}
	if (below(r, 2)) {
		vd__buf_puts(b, ",\"path\":");
		json_str(b, PICK(r, words));
		vd__buf_puts(b, ",\"cwd\":\"/a\"");
	}
	if (below(r, 4) == 0)
		vd__buf_printf(b, ",\"url\":\"http://%s/%s\"", below(r, 2) ? "A.b" : "x", below(r, 2) ? "a" : "");
	if (below(r, 4) == 0) {
		vd__buf_puts(b, ",\"mcp\":{\"server\":");
		json_str(b, PICK(r, words));
		vd__buf_puts(b, ",\"tool\":");
		json_str(b, PICK(r, words));
		vd__buf_putc(b, '}');
	}
	if (below(r, 3) == 0) {
		vd__buf_puts(b, ",\"input\":{\"k\":");
		if (below(r, 4))
			json_str(b, PICK(r, words));
		else
			vd__buf_printf(b, "%u", below(r, 4));
		vd__buf_printf(b, ",\"n\":%u,\"t\":%s}", below(r, 4), below(r, 2) ? "true" : "false");
	}
	if (below(r, 4) == 0)
		vd__buf_printf(b, ",\"commit\":{\"parents\":%u,\"signed\":%s}", below(r, 4),
			below(r, 2) ? "true" : "false");
	if (below(r, 3) == 0) {
		vd__buf_puts(b, ",\"files\":[");
		for (i = 0, n = below(r, 4); i < n; i++) {
			vd__buf_printf(b, "%s{\"path\":", i ? "," : "");
			json_str(b, below(r, 2) ? PICK(r, relpaths) : PICK(r, words));
			vd__buf_puts(b, ",\"status\":");
			json_str(b, PICK(r, words));
			vd__buf_printf(b, ",\"size\":%u,\"binary\":%s,\"added\":[", below(r, 4),
				below(r, 2) ? "true" : "false");
			json_str(b, PICK(r, words));
			vd__buf_puts(b, "]}");
		}
		vd__buf_putc(b, ']');
	}
	if (below(r, 4) == 0) {
		vd__buf_puts(b, ",\"push\":{\"ref\":");
		json_str(b, PICK(r, words));
		vd__buf_printf(b, ",\"force\":%s}", below(r, 2) ? "true" : "false");
	}
	vd__buf_putc(b, '}');
}

static unsigned long
env_count(const char *name, unsigned long fallback)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 10) : fallback;
}

START_TEST(test_differential_indexed_and_cached_equal_naive)
{
	unsigned long pairs = env_count("VD_DIFF_PAIRS", 100000), done = 0, sets = 0, considered = 0;
	rng r = { env_count("VD_DIFF_SEED", 20261125) };
	const unsigned events_per_set = 200;

	while (done < pairs) {
		vd_buf text = VD_BUF_INIT, bytes = VD_BUF_INIT;
		vd_diags *d = vd__diags_new();
		vd_ruleset *rs = NULL, *cached = NULL;
		vd_source src;
		unsigned i;

		policy_set(&r, &text);
		src.path = "packs/diff/p.policy";
		src.pack = "diff";
		src.text = vd__buf_cstr(&text);
		src.len = text.size;
		if (vd__ruleset_from_sources(&rs, &src, 1, d) < 0) {
			vd_buf err = VD_BUF_INIT;

			vd_diags_render(&err, d, false);
			ck_abort_msg("the generator wrote a set that does not compile:\n%s\n%s",
				vd__buf_cstr(&text), vd__buf_cstr(&err));
		}
		vd__cache_encode(&bytes, rs, "diff");
		vd_pass(vd__cache_decode(&cached, (const uint8_t *)bytes.ptr, bytes.size, "diff", true));
		for (i = 0; i < events_per_set && done < pairs; i++, done++) {
			vd_buf ej = VD_BUF_INIT;
			vd_event *ev = NULL;

			event_json(&r, &ej);
			if (vd_event_parse(&ev, ej.ptr, ej.size) < 0)
				ck_abort_msg("the generator wrote an invalid event: %s (%s)", ej.ptr,
					vd_error_last()->message);
			if (!vd_fuzz_same(rs, rs, ev) || !vd_fuzz_same(cached, rs, ev))
				ck_abort_msg("pair %lu differs; the policies:\n%s", done, vd__buf_cstr(&text));
			if (ev->action < VD_ACTION__COUNT && rs->nby_action[ev->action])
				considered++;
			vd_event_free(ev);
			vd_buf_dispose(&ej);
		}
		sets++;
		vd__ruleset_free(rs);
		vd__ruleset_free(cached);
		vd_buf_dispose(&bytes);
		vd_buf_dispose(&text);
		vd_diags_free(d);
	}
	/* The generator must exercise something: most events meet some policy. */
	ck_assert_uint_gt(considered, done / 2);
	fprintf(stderr, "differential: %lu pairs over %lu rule sets, zero mismatches\n", done, sets);
}
END_TEST

Suite *
differential_suite(void)
{
	Suite *s = suite_create("differential");
	TCase *tc = tcase_create("differential");

	tcase_set_timeout(tc, 3600);
	tcase_add_test(tc, test_differential_indexed_and_cached_equal_naive);
	suite_add_tcase(s, tc);
	return s;
}
