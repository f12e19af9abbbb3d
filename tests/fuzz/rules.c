/*
 * rules.c - the fuzzers' rule set, and the indexed-versus-naive check.
 */
#include "common.h"
#include "buf.h"
#include "eval.h"
#include "rules.h"

#include <dirent.h>

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	vd_buf b = VD_BUF_INIT;
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vd__buf_put(&b, chunk, n);
	fclose(f);
	*len = b.size;
	return b.ptr ? vd__buf_detach(&b) : vd__strdup("");
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

vd_ruleset *
vd_fuzz_rules(const char *srcdir)
{
	vd_vec(vd_source) files = VD_VEC_INIT;
	vd_vec(char *) owned = VD_VEC_INIT;
	char path[4096];
	vd_diags *d = vd__diags_new();
	vd_ruleset *rs = NULL;
	vd_source s;
	DIR *packs;
	size_t i;

	snprintf(path, sizeof(path), "%s/tests/fuzz/kitchen.policy", srcdir);
	s.path = "kitchen.policy";
	s.pack = "";
	if ((s.text = slurp(path, &s.len)) == NULL) {
		fprintf(stderr, "fuzz: cannot read %s\n", path);
		abort();
	}
	vd_vec_push(&owned, (char *)s.text);
	vd_vec_push(&files, s);

	snprintf(path, sizeof(path), "%s/packs", srcdir);
	if ((packs = opendir(path)) != NULL) {
		vd_vec(char *) names = VD_VEC_INIT;
		struct dirent *de;

		while ((de = readdir(packs)) != NULL)
			if (de->d_name[0] != '.')
				vd_vec_push(&names, vd__strdup(de->d_name));
		closedir(packs);
		if (names.len)
			qsort(names.ptr, names.len, sizeof(char *), name_cmp);
		for (i = 0; i < names.len; i++) {
			DIR *pd;

			snprintf(path, sizeof(path), "%s/packs/%s", srcdir, names.ptr[i]);
			if ((pd = opendir(path)) == NULL)
				continue;
			while ((de = readdir(pd)) != NULL) {
				size_t n = strlen(de->d_name);
				char rel[1024];

				if (n < 8 || strcmp(de->d_name + n - 7, ".policy") != 0)
					continue;
				snprintf(path, sizeof(path), "%s/packs/%s/%s", srcdir, names.ptr[i], de->d_name);
				snprintf(rel, sizeof(rel), "packs/%s/%s", names.ptr[i], de->d_name);
				if ((s.text = slurp(path, &s.len)) == NULL)
					continue;
				s.path = vd__strdup(rel);
				s.pack = vd__strdup(names.ptr[i]);
				vd_vec_push(&owned, (char *)s.text);
				vd_vec_push(&owned, (char *)s.path);
				vd_vec_push(&owned, (char *)s.pack);
				vd_vec_push(&files, s);
			}
			closedir(pd);
		}
		for (i = 0; i < names.len; i++)
			vd__free(names.ptr[i]);
		vd_vec_dispose(&names);
	}
	if (vd__ruleset_from_sources(&rs, files.ptr, files.len, d) < 0) {
		vd_buf b = VD_BUF_INIT;

		vd_diags_render(&b, d, false);
		fprintf(stderr, "fuzz: the rule set does not compile:\n%s", vd__buf_cstr(&b));
		abort();
	}
	for (i = 0; i < owned.len; i++)
		vd__free(owned.ptr[i]);
	vd_vec_dispose(&owned);
	vd_vec_dispose(&files);
	vd_diags_free(d);
	return rs;
}

static void
dump(const char *what, const vd_verdict *v)
{
	vd_buf b = VD_BUF_INIT;

	vd_verdict_to_json(&b, v);
	fprintf(stderr, "%s: %s\n", what, vd__buf_cstr(&b));
	vd_buf_dispose(&b);
}

static bool
same(const vd_verdict *a, const vd_verdict *b)
{
	size_t i;

	if (a->verdict != b->verdict || a->would != b->would || a->matches.len != b->matches.len)
		return false;
	for (i = 0; i < a->matches.len; i++) {
		const vd_match *x = &a->matches.ptr[i], *y = &b->matches.ptr[i];

		if (strcmp(x->policy, y->policy) != 0 || x->verdict != y->verdict ||
		    x->would != y->would || x->mode != y->mode ||
		    strcmp(x->message, y->message) != 0 ||
		    (x->element == NULL) != (y->element == NULL) ||
		    (x->element && strcmp(x->element, y->element) != 0) ||
		    (x->exception == NULL) != (y->exception == NULL) ||
		    (x->exception && strcmp(x->exception, y->exception) != 0))
			return false;
	}
	return true;
}

bool
vd_fuzz_same(const vd_ruleset *fast_rs, const vd_ruleset *slow_rs, const vd_event *ev)
{
	static vd_verdict *fast, *slow;
	vd_eval_params p;
	int k;

	if (fast == NULL) {
		vd_verdict_new(&fast);
		vd_verdict_new(&slow);
	}
	for (k = 0; k < 2; k++) {
		int rf, rn;

		memset(&p, 0, sizeof(p));
		p.now = 1777000000; /* 2026-04: one exception live, one expired */
		p.simulate_block = k == 1;
		rf = vd__eval_one(fast, fast_rs, ev, &p, "main");
		p.naive = true;
		rn = vd__eval_one(slow, slow_rs, ev, &p, "main");
		if (rf != rn || !same(fast, slow)) {
			vd_buf e = VD_BUF_INIT;

			vd_event_to_json(&e, ev);
			fprintf(stderr, "indexed and naive evaluation differ%s\nevent: %s\n",
				k ? " (simulate block)" : "", vd__buf_cstr(&e));
			dump("indexed", fast);
			dump("naive", slow);
			vd_buf_dispose(&e);
			return false;
		}
	}
	return true;
}

void
vd_fuzz_differential(const vd_ruleset *rs, const vd_event *ev)
{
	if (!vd_fuzz_same(rs, rs, ev))
		abort();
}
