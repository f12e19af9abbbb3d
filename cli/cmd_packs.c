/*
 * cmd_packs.c - `verdict packs` (the packs of one revision, their versions
 * and their policies' modes) and `verdict scopes` (every scope branch and
 * what it assigns).  One file: both print vd_revision_info.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char *
pack_label(const vd_pack_info *p)
{
	return p->name[0] ? p->name : "(top level)";
}

/* "12 block" or "10 block, 2 warn": how many policies stand on each rung. */
static void
mode_counts(vd_buf *b, const vd_pack_info *p)
{
	size_t counts[4] = { 0, 0, 0, 0 }, i;
	int m;
	bool first = true;

	for (i = 0; i < p->npolicies; i++)
		counts[p->policies[i].mode & 3]++;
	for (m = 3; m >= 0; m--)
		if (counts[m]) {
			vd_buf_printf(b, "%s%zu %s", first ? "" : ", ", counts[m], vd_mode_name((vd_mode)m));
			first = false;
		}
	if (first)
		vd_buf_printf(b, "no policies");
}

static json_t *
revision_json(const vd_revision_info *r, bool policies)
{
	json_t *o = json_object(), *packs = json_array(), *ramp = json_array();
	size_t i, j;

	json_object_set_new(o, "scope", json_string(r->scope));
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "ref", json_string(r->ref));
	json_object_set_new(o, "commit", json_string(r->commit));
	json_object_set_new(o, "summary", json_string(r->summary ? r->summary : ""));
	json_object_set_new(o, "time", json_integer(r->time));
	if (r->error)
		json_object_set_new(o, "error", json_string(r->error));
	for (i = 0; i < r->nramp; i++)
		json_array_append_new(ramp, json_pack("{s:s, s:s}", "target", r->ramp[i].target,
			"mode", vd_mode_name(r->ramp[i].mode)));
	json_object_set_new(o, "ramp", ramp);
	for (i = 0; i < r->npacks; i++) {
		const vd_pack_info *p = &r->packs[i];
		json_t *pj = json_object(), *pol = json_array();

		json_object_set_new(pj, "pack", json_string(p->name));
		json_object_set_new(pj, "version", p->version ? json_string(p->version) : json_null());
		json_object_set_new(pj, "summary", json_string(p->summary ? p->summary : ""));
		json_object_set_new(pj, "time", json_integer(p->time));
		for (j = 0; policies && j < p->npolicies; j++) {
			const vd_policy_info *x = &p->policies[j];

			json_array_append_new(pol, json_pack("{s:s, s:s?, s:s, s:s, s:s}", "id", x->id,
				"risk", x->risk, "mode", vd_mode_name(x->mode), "severity", vd_mode_name(x->severity),
				"mode_source", x->mode_source));
		}
		if (!policies) {
			size_t counts[4] = { 0, 0, 0, 0 };

			for (j = 0; j < p->npolicies; j++)
				counts[p->policies[j].mode & 3]++;
			json_object_set_new(pj, "modes", json_pack("{s:i, s:i, s:i, s:i}", "observe", (int)counts[0],
				"warn", (int)counts[1], "ask", (int)counts[2], "block", (int)counts[3]));
			json_decref(pol);
		} else {
			json_object_set_new(pj, "policies", pol);
		}
		json_array_append_new(packs, pj);
	}
	json_object_set_new(o, "packs", packs);
	return o;
}

static void
print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(j);
}

static void
print_ramp(const vd_revision_info *r)
{
	size_t i;

	printf("  ramp     ");
	for (i = 0; i < r->nramp; i++)
		printf("%s%s %s", i ? ", " : "", r->ramp[i].target, vd_mode_name(r->ramp[i].mode));
	printf("%s\n", r->nramp ? "" : "(none: every policy on its own mode, else observe)");
}

int
cmd_packs(int argc, char **argv)
{
	const char *repo = NULL, *ref = NULL, *format = "text";
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "ref", 'r', OPT_STRING, "REV", &ref, "the revision (default: the baseline branch)" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default) or json" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_engine *engine = NULL;
	vd_inventory *inv = NULL;
	const vd_revision_info *r;
	bool json = false;
	size_t i, j, width = 0;
	char d[16];
	int n, status;

	n = cli_parse(argc, argv, opts, "verdict packs [--repo DIR] [--ref REV] [--format text|json]",
		"Each pack of a revision: its version (the last commit that touched\n"
		"packs/<pack>), and each policy with its effective mode, its severity and\n"
		"where the mode comes from (a ramp entry, its own mode, or the default).");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("packs takes no arguments; use --ref REV for a revision");
	if ((status = cli_parse_format(format, &json)) != 0)
		return status;
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	if (vd_inventory_revision(&inv, engine, ref) < 0) {
		status = cli_error_lib();
		goto done;
	}
	r = vd_inventory_get(inv, 0);
	if (json) {
		print_json(revision_json(r, true));
		goto done;
	}
	printf("packs at %s (%.12s, %s, %s)\n", r->scope, r->commit, cli_day(r->time, d), r->summary);
	if (r->error)
		printf("  the policies do not compile: %s\n", r->error);
	print_ramp(r);
	for (i = 0; i < r->npacks; i++)
		for (j = 0; j < r->packs[i].npolicies; j++)
			if (strlen(r->packs[i].policies[j].id) > width)
				width = strlen(r->packs[i].policies[j].id);
	for (i = 0; i < r->npacks; i++) {
		const vd_pack_info *p = &r->packs[i];

		printf("\n%s  version %.12s  %s  %s\n", pack_label(p), p->version ? p->version : "-",
			cli_day(p->time, d), p->summary ? p->summary : "");
		for (j = 0; j < p->npolicies; j++) {
			const vd_policy_info *x = &p->policies[j];

			printf("  %-*s  %-7s  severity %-5s  %s\n", (int)width, x->id, vd_mode_name(x->mode),
				vd_mode_name(x->severity), x->mode_source);
		}
		if (p->npolicies == 0)
			printf("  (no policies)\n");
	}
done:
	vd_inventory_free(inv);
	vd_engine_free(engine);
	return status;
}

/* The mode a revision gives policy `id`, or -1 when it does not hold it. */
static int
mode_of(const vd_revision_info *r, const char *id)
{
	size_t i, j;

	for (i = 0; i < r->npacks; i++)
		for (j = 0; j < r->packs[i].npolicies; j++)
			if (strcmp(r->packs[i].policies[j].id, id) == 0)
				return (int)r->packs[i].policies[j].mode;
	return -1;
}

int
cmd_scopes(int argc, char **argv)
{
	const char *repo = NULL, *format = "text";
	const cli_opt opts[] = {
		{ "repo", 'C', OPT_STRING, "DIR", &repo, "the policy repository" },
		{ "format", 'f', OPT_STRING, "FMT", &format, "text (default) or json" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	vd_engine *engine = NULL;
	vd_inventory *inv = NULL;
	bool json = false;
	size_t i, j, k;
	char d[16];
	int n, status;

	n = cli_parse(argc, argv, opts, "verdict scopes [--repo DIR] [--format text|json]",
		"The assignment state at a glance: the baseline branch and every scope\n"
		"branch (scope/group/G, scope/repo/O/N, scope/user/U, scope/surface/S),\n"
		"each with its tip, its ramp, its packs with the version and the modes\n"
		"they stand on, and the policies whose mode differs from the baseline.");
	if (n < 0)
		return n == -2 ? 0 : CLI_EXIT_USAGE;
	if (n > 0)
		return cli_error_usage("scopes takes no arguments");
	if ((status = cli_parse_format(format, &json)) != 0)
		return status;
	if ((status = cli_open_engine(&engine, repo)) != 0)
		return status;
	if (vd_inventory_scopes(&inv, engine) < 0) {
		status = cli_error_lib();
		goto done;
	}
	if (json) {
		json_t *arr = json_array();

		for (i = 0; i < vd_inventory_count(inv); i++)
			json_array_append_new(arr, revision_json(vd_inventory_get(inv, i), false));
		print_json(arr);
		goto done;
	}
	for (i = 0; i < vd_inventory_count(inv); i++) {
		const vd_revision_info *r = vd_inventory_get(inv, i), *base = vd_inventory_get(inv, 0);
		bool header = false;

		printf("%s%-22s %-40s %.12s  %s  %s\n", i ? "\n" : "", r->scope, r->ref, r->commit,
			cli_day(r->time, d), r->summary ? r->summary : "");
		if (r->error) {
			printf("  error    the policies do not compile: %s\n", r->error);
			continue;
		}
		print_ramp(r);
		for (j = 0; j < r->npacks; j++) {
			vd_buf b = VD_BUF_INIT;

			mode_counts(&b, &r->packs[j]);
			printf("  %-8s %-20s %.12s  %s\n", j ? "" : "packs", pack_label(&r->packs[j]),
				r->packs[j].version ? r->packs[j].version : "-", b.ptr);
			vd_buf_dispose(&b);
		}
		if (i == 0 || base->error)
			continue;
		/* What this scope changes for the events it applies to. */
		for (j = 0; j < r->npacks; j++)
			for (k = 0; k < r->packs[j].npolicies; k++) {
				const vd_policy_info *x = &r->packs[j].policies[k];
				int m = mode_of(base, x->id);

				if (m == (int)x->mode)
					continue;
				printf("  %-8s %s %s -> %s\n", header ? "" : "differs", x->id,
					m < 0 ? "(not at the baseline)" : vd_mode_name((vd_mode)m), vd_mode_name(x->mode));
				header = true;
			}
		if (!header)
			printf("  differs  nothing: every policy on the same rung as %s\n", base->scope);
	}
done:
	vd_inventory_free(inv);
	vd_engine_free(engine);
	return status;
}
