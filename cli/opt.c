/*
 * opt.c - the option parser: one table per verb drives both parsing and
 * `verdict <verb> --help`.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
print_help(const cli_opt *opts, const char *usage, const char *description)
{
	const cli_opt *o;

	printf("usage: %s\n", usage);
	if (description)
		printf("\n%s\n", description);
	if (opts && opts->name)
		printf("\noptions:\n");
	for (o = opts; o && o->name; o++) {
		char left[80], shortpart[8] = "    ";

		if (o->shortname)
			snprintf(shortpart, sizeof(shortpart), "-%c, ", o->shortname);
		snprintf(left, sizeof(left), "%s--%s%s%s", shortpart, o->name,
			o->type == OPT_FLAG ? "" : " ", o->type == OPT_FLAG ? "" : o->arg);
		printf("  %-28s %s\n", left, o->help);
	}
	printf("  %-28s %s\n", "-h, --help", "show this help");
}

static const cli_opt *
find_long(const cli_opt *opts, const char *name, size_t len)
{
	const cli_opt *o;

	for (o = opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const cli_opt *
find_short(const cli_opt *opts, char c)
{
	const cli_opt *o;

	for (o = opts; o && o->name; o++)
		if (o->shortname == c)
			return o;
	return NULL;
}

/* "--repo" after "--ref" is the next option, not the revision "--repo". */
static bool
names_option(const cli_opt *opts, const char *arg)
{
	const char *eq;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return false;
	eq = strchr(arg + 2, '=');
	return find_long(opts, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2)) != NULL ||
		strcmp(arg, "--help") == 0;
}

static void
store(const cli_opt *o, const char *value)
{
	cli_list *l;

	switch (o->type) {
	case OPT_FLAG:
		*(bool *)o->target = true;
		break;
	case OPT_STRING:
		*(const char **)o->target = value;
		break;
	case OPT_LIST:
		l = o->target;
		l->items = realloc(l->items, (l->len + 1) * sizeof(char *));
		if (l->items == NULL)
			abort();
		l->items[l->len++] = value;
		break;
	}
}

int
cli_parse(int argc, char **argv, const cli_opt *opts, const char *usage,
	const char *description)
{
	int i, npos = 0;
	bool only_positional = false;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const cli_opt *o;

		if (only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
			argv[npos++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_positional = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_help(opts, usage, description);
			return -2;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			if (o == NULL) {
				cli_error_usage("unknown option '--%.*s'; see `%s --help`", (int)len, a + 2, usage);
				return -1;
			}
			if (o->type == OPT_FLAG) {
				if (eq) {
					cli_error_usage("option '--%s' takes no value", o->name);
					return -1;
				}
				store(o, NULL);
			} else if (eq) {
				store(o, eq + 1);
			} else if (i + 1 < argc && !names_option(opts, argv[i + 1])) {
				store(o, argv[++i]);
			} else {
				cli_error_usage("option '--%s' needs a value (%s)", o->name, o->arg);
				return -1;
			}
			continue;
		}
		/* Short options, possibly bundled: -qv. */
		for (const char *p = a + 1; *p; p++) {
			o = find_short(opts, *p);
			if (o == NULL) {
				cli_error_usage("unknown option '-%c'; see `%s --help`", *p, usage);
				return -1;
			}
			if (o->type == OPT_FLAG) {
				store(o, NULL);
				continue;
			}
			if (p[1]) {
				store(o, p + 1);
			} else if (i + 1 < argc) {
				store(o, argv[++i]);
			} else {
				cli_error_usage("option '-%c' needs a value (%s)", *p, o->arg);
				return -1;
			}
			break;
		}
	}
	return npos;
}

int
cli_error_lib(void)
{
	const vd_error *e = vd_error_last();

	fprintf(stderr, "verdict: %s\n", e->message[0] ? e->message : vd_error_describe(e->code));
	return vd_error_exit_status(e->code ? e->code : VD_ERROR);
}

int
cli_error_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("verdict: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}
