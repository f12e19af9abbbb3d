/*
 * glob.c - globs, compiled to anchored PCRE2 patterns.
 *
 * Layer: dsl.  Translating to PCRE2 (JIT where available) gives one fast,
 * well-tested matcher for globs and regular expressions alike, and lets a
 * list of globs become one alternation matched in a single pass.
 *
 * Syntax, with `pathname` set (fields whose values are paths):
 *
 *   *        any run of characters except '/'
 *   **       any run of characters, '/' included; `**` followed by '/'
 *            also matches nothing at all, so "**" + "/.env" matches ".env"
 *   ?        one character except '/'
 *   [abc] [a-z] [!x] [^x]   one character of (or not of) a class
 *   {a,b}    either alternative; alternatives nest
 *   \x       the character x itself
 *
 * Without `pathname` (commands, hosts, policy ids) '/' is an ordinary
 * character: `*` and `**` match anything, `?` any one character.
 */
#include "ir.h"
#include "../engine/buf.h"

static bool
is_regex_meta(char c)
{
	return strchr("\\^$.|?*+()[]{}-/#", c) != NULL || c == ' ';
}

static void
put_literal(vd_buf *re, char c)
{
	if (is_regex_meta(c))
		vd__buf_putc(re, '\\');
	vd__buf_putc(re, c);
}

/* Translate one glob; returns the byte offset of an error, or -1. */
static long
translate(vd_buf *re, const char *g, size_t len, bool pathname, const char **why)
{
	size_t i = 0;
	int braces = 0;
	long brace_at = -1;

	while (i < len) {
		char c = g[i];

		switch (c) {
		case '*':
			if (i + 1 < len && g[i + 1] == '*') {
				while (i < len && g[i] == '*')
					i++;
				if (pathname && i < len && g[i] == '/') {
					vd__buf_puts(re, "(?:.*/)?");
					i++;
				} else {
					vd__buf_puts(re, ".*");
				}
				continue;
			}
			vd__buf_puts(re, pathname ? "[^/]*" : ".*");
			break;
		case '?':
			vd__buf_puts(re, pathname ? "[^/]" : ".");
			break;
		case '[': {
			size_t j = i + 1;
			bool neg = false;

			if (j < len && (g[j] == '!' || g[j] == '^')) {
				neg = true;
				j++;
			}
			vd__buf_puts(re, neg ? "[^" : "[");
			if (neg && pathname)
				vd__buf_puts(re, "/");
			/* A ']' right after the opening is a member, as in fnmatch. */
			if (j < len && g[j] == ']') {
				vd__buf_puts(re, "\\]");
				j++;
			}
			for (; j < len && g[j] != ']'; j++) {
				if (g[j] == '\\' && j + 1 < len) {
					vd__buf_putc(re, '\\');
					vd__buf_putc(re, g[++j]);
				} else if (g[j] == '-' && j + 1 < len && g[j + 1] != ']' &&
				    g[j - 1] != '[' && g[j - 1] != '!' && g[j - 1] != '^') {
					vd__buf_putc(re, '-');
				} else {
					put_literal(re, g[j]);
				}
			}
			if (j >= len) {
				*why = "unclosed '[' (a character class needs ']')";
				return (long)i;
			}
			vd__buf_putc(re, ']');
			i = j;
			break;
		}
		case '{':
			if (braces++ == 0)
				brace_at = (long)i;
			vd__buf_puts(re, "(?:");
			break;
		case '}':
			if (braces > 0) {
				braces--;
				vd__buf_putc(re, ')');
			} else {
				put_literal(re, c);
			}
			break;
		case ',':
			if (braces > 0)
				vd__buf_putc(re, '|');
			else
				put_literal(re, c);
			break;
		case '\\':
			if (i + 1 >= len) {
				*why = "trailing '\\' escapes nothing";
				return (long)i;
			}
			put_literal(re, g[++i]);
			break;
		default:
			put_literal(re, c);
		}
		i++;
	}
	if (braces > 0) {
		*why = "unclosed '{' (alternatives need '}')";
		return brace_at;
	}
	return -1;
}

pcre2_code *
vd__glob_compile(const char *const *globs, const uint32_t *lens, size_t n,
	bool pathname, char *err, size_t errlen, size_t *err_offset)
{
	return vd__glob_compile_src(globs, lens, n, pathname, err, errlen, err_offset, NULL);
}

pcre2_code *
vd__glob_compile_src(const char *const *globs, const uint32_t *lens, size_t n,
	bool pathname, char *err, size_t errlen, size_t *err_offset, vd_buf *src)
{
	vd_buf re = VD_BUF_INIT;
	pcre2_code *code = NULL;
	size_t i;
	int ec;
	PCRE2_SIZE eo;

	vd__buf_puts(&re, "\\A(?:");
	for (i = 0; i < n; i++) {
		const char *why = NULL;
		long at;

		if (i)
			vd__buf_putc(&re, '|');
		vd__buf_puts(&re, "(?:");
		at = translate(&re, globs[i], lens[i], pathname, &why);
		if (at >= 0) {
			snprintf(err, errlen, "%s", why);
			*err_offset = (size_t)at;
			/* Which glob failed is for the caller to say: it knows the list. */
			if (n > 1)
				snprintf(err, errlen, "element %zu: %s", i + 1, why);
			goto done;
		}
		vd__buf_putc(&re, ')');
	}
	vd__buf_puts(&re, ")\\z");
	code = pcre2_compile((PCRE2_SPTR)re.ptr, re.size, VD_GLOB_OPTIONS, &ec, &eo, NULL);
	if (code == NULL) {
		/* Our translation is always valid; a failure here is a limit. */
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)err, errlen);
		*err_offset = 0;
		goto done;
	}
	/* No JIT here: the evaluator JIT-compiles a pattern once it is used often. */
	if (src)
		vd__buf_put(src, re.ptr, re.size);
done:
	vd_buf_dispose(&re);
	return code;
}
