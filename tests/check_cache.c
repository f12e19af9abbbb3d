/*
 * check_cache.c - the compile cache: a later process reuses a compiled
 * rule set, and never trusts an entry that is stale, corrupt, truncated,
 * another tree's or another build's.
 */
#include "common.h"
#include "buf.h"
#include "cache.h"
#include "eval.h"
#include "store.h"
#include "fixture.h"
#include "helpers.h"

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static fx_repo *fx;
static char *cachedir;

static const char *policy_a =
	"list progs = [\"rm\", \"dd\"]\n"
	"policy \"t.rm\" {\n  mode block\n  on shell.exec\n"
	"  when command.name in progs and command.flags has \"r\"\n"
	"  unless repo == \"acme/sandbox\"\n  message \"{command} deletes\"\n}\n"
	"policy \"t.env\" {\n  mode warn\n  severity block\n  on file.read, file.edit\n"
	"  when path matches [\"**/.env\", \"**/*.pem\"] and not (path ends_with \".example\")\n}\n"
	"policy \"t.key\" {\n  mode block\n  on file.write\n  when content ~ '(?i)BEGIN [A-Z]+ PRIVATE KEY'\n}\n"
	"exception \"t.sandbox\" {\n  policies \"t.*\"\n  when user == \"root\"\n  reason \"r\"\n  owner \"o\"\n}\n";

static const char *events[] = {
	"{\"action\":\"shell.exec\",\"command\":\"sudo rm -rf /tmp/x\",\"repo\":\"acme/api\"}",
	"{\"action\":\"shell.exec\",\"command\":\"rm -rf /tmp/x\",\"repo\":\"acme/sandbox\"}",
	"{\"action\":\"file.read\",\"path\":\"/home/a/.env\"}",
	"{\"action\":\"file.read\",\"path\":\"/home/a/.env.example\"}",
	"{\"action\":\"file.write\",\"path\":\"/k\",\"content\":\"-----begin rsa private key-----\"}",
	"{\"action\":\"file.write\",\"path\":\"/k\",\"content\":\"-----begin rsa private key-----\",\"user\":\"root\"}",
};

static void
setup(void)
{
	fx_init();
	fx = fx_repo_new(false);
	cachedir = fx_tmpdir();
	setenv("VERDICT_CACHE", cachedir, 1);
	fx_write(fx, "packs/t/t.policy", policy_a);
	fx_commit(fx, "main", "policies", NULL);
}

static void
teardown(void)
{
	unsetenv("VERDICT_CACHE");
	fx_rmtree(cachedir);
	free(cachedir);
	fx_repo_free(fx);
}

/* Every event's verdict and explanation at main, as one string; counts cache use. */
static char *
judge_all(unsigned *hits, unsigned *misses)
{
	vd_engine *e = NULL;
	vd_verdict *v = NULL;
	vd_eval_options o = VD_EVAL_OPTIONS_INIT;
	vd_buf out = VD_BUF_INIT;
	size_t i;

	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd_verdict_new(&v));
	for (i = 0; i < VD_ARRAY_SIZE(events); i++) {
		vd_event *ev = NULL;
		int k;

		vd_pass(vd_event_parse(&ev, events[i], strlen(events[i])));
		for (k = 0; k < 2; k++) {
			o.explain = k == 1;
			vd_pass(vd_eval(v, e, ev, &o));
			vd_pass(k ? vd_verdict_explain(&out, v) : vd_verdict_to_json(&out, v));
			vd_buf_put(&out, "\n", 1);
		}
		vd_event_free(ev);
	}
	*hits = e->cache_hits;
	*misses = e->cache_misses;
	vd_verdict_free(v);
	vd_engine_free(e);
	return out.ptr;
}

/* A run that must not use the cache, and must judge exactly as `fresh` did. */
static void
expect_miss(const char *fresh)
{
	unsigned h, m;
	char *again = judge_all(&h, &m);

	ck_assert_uint_eq(h, 0);
	ck_assert_uint_eq(m, 1);
	ck_assert_str_eq(again, fresh);
	free(again);
}

/* The one entry in the cache directory (there must be exactly one). */
static char *
only_entry(void)
{
	DIR *d = opendir(cachedir);
	struct dirent *de;
	char *path = NULL;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		free(path);
		ck_assert_int_ge(asprintf(&path, "%s/%s", cachedir, de->d_name), 0);
	}
	closedir(d);
	ck_assert_int_eq(n, 1);
	return path;
}

static size_t
file_size(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (size_t)st.st_size;
}

static void
patch_file(const char *path, size_t at, const void *bytes, size_t n)
{
	FILE *f = fopen(path, "r+b");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, (long)at, SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

START_TEST(test_cache_second_process_loads_the_compiled_set)
{
	unsigned h, m;
	char *fresh = judge_all(&h, &m), *cached, *entry;

	ck_assert_uint_eq(h, 0);
	ck_assert_uint_eq(m, 1);
	entry = only_entry();
	ck_assert_contains(entry, vd__cache_engine_id());
	cached = judge_all(&h, &m);
	ck_assert_uint_eq(h, 1);
	ck_assert_uint_eq(m, 0);
	/* The same verdicts, matches, messages and explanations. */
	ck_assert_str_eq(cached, fresh);
	free(fresh);
	free(cached);
	free(entry);
}
END_TEST

START_TEST(test_cache_ignores_a_corrupt_entry_and_replaces_it)
{
	unsigned h, m;
	char *fresh = judge_all(&h, &m), *again, *entry = only_entry();
	size_t size = file_size(entry);
	unsigned char byte;
	FILE *f = fopen(entry, "rb");

	/* Flip one bit in the middle of the payload. */
	ck_assert_ptr_nonnull(f);
	fseek(f, (long)(size / 2), SEEK_SET);
	ck_assert_uint_eq(fread(&byte, 1, 1, f), 1);
	fclose(f);
	byte ^= 0x10;
	patch_file(entry, size / 2, &byte, 1);
	expect_miss(fresh);
	/* The compile wrote a good entry over it. */
	again = judge_all(&h, &m);
	ck_assert_uint_eq(h, 1);
	ck_assert_str_eq(again, fresh);
	free(again);
	free(fresh);
	free(entry);
}
END_TEST

START_TEST(test_cache_ignores_a_truncated_entry)
{
	unsigned h, m;
	char *fresh = judge_all(&h, &m), *entry = only_entry();

	ck_assert_int_eq(truncate(entry, (off_t)(file_size(entry) - 7)), 0);
	expect_miss(fresh);
	ck_assert_int_eq(truncate(entry, 10), 0);
	expect_miss(fresh);
	free(fresh);
	free(entry);
}
END_TEST

START_TEST(test_cache_ignores_an_entry_of_another_engine_build)
{
	unsigned h, m;
	char *fresh = judge_all(&h, &m), *entry = only_entry();
	uint32_t format = 99;

	/* The header's engine id (after magic, format, reserved) of another build. */
	patch_file(entry, 16, "0000000000000000-00000000", 25);
	expect_miss(fresh);
	/* A future format number. */
	patch_file(entry, 8, &format, sizeof(format));
	expect_miss(fresh);
	free(fresh);
	free(entry);
}
END_TEST

START_TEST(test_cache_ignores_an_entry_filed_under_another_tree)
{
	unsigned h, m;
	char *first, *second, *entry_a, *entry_b, *text;

	free(judge_all(&h, &m));
	entry_a = only_entry();
	text = fx_read_file(entry_a);
	/* Tree B: t.rm is gone.  Put A's entry where B's belongs. */
	fx_write(fx, "packs/t/t.policy", strstr(policy_a, "policy \"t.env\""));
	fx_commit(fx, "main", "drop t.rm", NULL);
	first = judge_all(&h, &m);
	ck_assert_uint_eq(m, 1);
	{
		vd_engine *e = NULL;
		vd_scope *s = NULL;
		FILE *f;
		size_t size = file_size(entry_a);

		vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
		vd_pass(vd__store_pin(&s, e, "main"));
		ck_assert_int_ge(asprintf(&entry_b, "%s/%s-%s.vdc", cachedir, s->tree_hex,
			vd__cache_engine_id()), 0);
		vd_engine_free(e);
		f = fopen(entry_b, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(text, 1, size, f), size);
		fclose(f);
	}
	second = judge_all(&h, &m);
	ck_assert_uint_eq(h, 0);
	ck_assert_uint_eq(m, 1);
	ck_assert_str_eq(second, first);
	ck_assert_not_contains(second, "t.rm");
	free(first);
	free(second);
	free(text);
	free(entry_a);
	free(entry_b);
}
END_TEST

START_TEST(test_cache_writes_whole_entries_and_sweeps_litter)
{
	unsigned h, m;
	char *old_tmp, *new_tmp, *entry;
	struct timeval tv[2];

	/* A crashed writer's temporaries: an old one is swept, a fresh one kept. */
	ck_assert_int_ge(asprintf(&old_tmp, "%s/.dead.1.0.tmp", cachedir), 0);
	ck_assert_int_ge(asprintf(&new_tmp, "%s/.live.2.0.tmp", cachedir), 0);
	fx_write_file(old_tmp, "partial");
	fx_write_file(new_tmp, "partial");
	tv[0].tv_sec = tv[1].tv_sec = time(NULL) - 7200;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	ck_assert_int_eq(utimes(old_tmp, tv), 0);
	free(judge_all(&h, &m));
	ck_assert_int_ne(access(old_tmp, F_OK), 0);
	ck_assert_int_eq(access(new_tmp, F_OK), 0);
	unlink(new_tmp);
	/* The entry holds exactly what the decoder accepts, checksum included. */
	entry = only_entry();
	{
		size_t size = file_size(entry);
		char *bytes = fx_read_file(entry);
		vd_ruleset *rs = NULL;
		vd_engine *e = NULL;
		vd_scope *s = NULL;

		vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
		vd_pass(vd__store_pin(&s, e, "main"));
		vd_pass(vd__cache_decode(&rs, (const uint8_t *)bytes, size, s->tree_hex, true));
		ck_assert_uint_eq(rs->ir.policies.len, 3);
		vd__ruleset_free(rs);
		vd_engine_free(e);
		free(bytes);
	}
	free(entry);
	free(old_tmp);
	free(new_tmp);
}
END_TEST

START_TEST(test_cache_keeps_the_newest_entries)
{
	unsigned h, m;
	struct timeval tv[2];
	DIR *d;
	struct dirent *de;
	int i, n = 0;

	for (i = 0; i < VD_CACHE_KEEP + 8; i++) {
		char *p;

		ck_assert_int_ge(asprintf(&p, "%s/%040d-old.vdc", cachedir, i), 0);
		fx_write_file(p, "x");
		tv[0].tv_sec = tv[1].tv_sec = 1000000 + i;
		tv[0].tv_usec = tv[1].tv_usec = 0;
		ck_assert_int_eq(utimes(p, tv), 0);
		free(p);
	}
	free(judge_all(&h, &m));
	d = opendir(cachedir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		/* The oldest went first; the entry just written stays. */
		ck_assert_msg(strstr(de->d_name, "0000000000000000000000000000000000000000-old") == NULL,
			"oldest entry kept: %s", de->d_name);
	}
	closedir(d);
	ck_assert_int_eq(n, VD_CACHE_KEEP);
	free(judge_all(&h, &m));
	ck_assert_uint_eq(h, 1);
}
END_TEST

START_TEST(test_cache_off_and_unwritable_are_silent)
{
	unsigned h, m;
	char *fresh, *again, *blocker;

	setenv("VERDICT_CACHE", "off", 1);
	fresh = judge_all(&h, &m);
	again = judge_all(&h, &m);
	ck_assert_uint_eq(h, 0);
	ck_assert_uint_eq(m, 1);
	ck_assert_str_eq(again, fresh);
	free(again);
	/* A cache directory that cannot be made (a file is in the way). */
	ck_assert_int_ge(asprintf(&blocker, "%s/file", cachedir), 0);
	fx_write_file(blocker, "not a directory");
	{
		char *dir;

		ck_assert_int_ge(asprintf(&dir, "%s/sub", blocker), 0);
		setenv("VERDICT_CACHE", dir, 1);
		free(dir);
	}
	again = judge_all(&h, &m);
	ck_assert_uint_eq(m, 1);
	ck_assert_str_eq(again, fresh);
	ck_assert_int_eq(vd_error_last()->code, 0);
	free(again);
	free(fresh);
	free(blocker);
}
END_TEST

START_TEST(test_cache_default_lives_in_the_git_directory)
{
	unsigned h, m;
	char *dir;
	struct stat st;

	unsetenv("VERDICT_CACHE");
	free(judge_all(&h, &m));
	ck_assert_int_ge(asprintf(&dir, "%s/.git/verdict/cache", fx_path(fx)), 0);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	free(judge_all(&h, &m));
	ck_assert_uint_eq(h, 1);
	free(dir);
}
END_TEST

/* One u32 of an entry set to a value the decoder must refuse. */
typedef struct {
	const char *what;
	size_t at;
	uint32_t value;
} damage;

#define FIELD_AT(base, type, i, field) ((base) + (size_t)(i) * sizeof(type) + offsetof(type, field))

/*
 * Entries whose checksum holds but whose records name what is not there:
 * each is refused by the decoder, and the hook compiles from source and
 * judges exactly as before.
 */
START_TEST(test_cache_rejects_out_of_range_records_and_recompiles)
{
	unsigned h, m;
	char *fresh = judge_all(&h, &m), *entry = only_entry(), *bytes = fx_read_file(entry);
	size_t size = file_size(entry), i, k, leaf = SIZE_MAX, inner = SIZE_MAX, text_str = SIZE_MAX;
	size_t anch = SIZE_MAX, other_len = SIZE_MAX;
	vd_cache_pred anch_r = { 0 };
	vd_cache_str anch_s;
	uint32_t as_regex, bad_kind;
	uint8_t op_bytes[4];
	char kind_bytes[4];
	size_t o_strs, o_bytes, o_refs, o_nums, o_preds, o_settings, o_lists, o_ramp, o_parts,
		o_pols, o_exc;
	vd_cache_counts c;
	vd_cache_policy pol0;
	uint32_t text_len = 0;
	vd_ruleset *rs = NULL;
	vd_engine *e = NULL;
	vd_scope *s = NULL;
	damage dmg[32];
	size_t n = 0;

	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd__store_pin(&s, e, "main"));
	/* Where each array of the payload starts (cache.h). */
	memcpy(&c, bytes + VD_CACHE_HEADER_SIZE, sizeof(c));
	o_strs = VD_CACHE_HEADER_SIZE + sizeof(c);
	o_bytes = o_strs + c.nstrs * sizeof(vd_cache_str);
	o_refs = o_bytes + c.nbytes;
	o_nums = o_refs + c.nrefs * sizeof(uint32_t);
	o_preds = o_nums + c.nnums * sizeof(int64_t);
	o_settings = o_preds + c.npreds * sizeof(vd_cache_pred);
	o_lists = o_settings + c.nsettings * sizeof(vd_cache_setting);
	o_ramp = o_lists + c.nlists * sizeof(vd_cache_list);
	o_parts = o_ramp + c.nramp * sizeof(vd_cache_ramp);
	o_pols = o_parts + c.nparts * sizeof(vd_cache_part);
	o_exc = o_pols + c.npolicies * sizeof(vd_cache_policy);
	ck_assert_uint_eq(o_exc + c.nexceptions * sizeof(vd_cache_exception), size);
	ck_assert_uint_gt(c.nlists, 0);
	ck_assert_uint_gt(c.nparts, 0);
	ck_assert_uint_gt(c.nexceptions, 0);
	for (i = 0; i < c.npreds; i++) {
		vd_cache_pred r;

		memcpy(&r, bytes + o_preds + i * sizeof(r), sizeof(r));
		if (r.op == VD_P_AND || r.op == VD_P_OR)
			inner = inner == SIZE_MAX ? i : inner;
		else if (r.op != VD_P_NOT && r.nstrs)
			leaf = leaf == SIZE_MAX ? i : leaf;
		if (r.lit_anchors != UINT32_MAX && anch == SIZE_MAX) {
			anch = i;
			anch_r = r;
		}
	}
	ck_assert(inner != SIZE_MAX && leaf != SIZE_MAX);
	/* The glob list's literals are anchored ("SS"): damage the anchors too. */
	ck_assert(anch != SIZE_MAX);
	ck_assert_uint_lt(anch_r.lit_anchors, c.nstrs);
	memcpy(&anch_s, bytes + o_strs + anch_r.lit_anchors * sizeof(anch_s), sizeof(anch_s));
	ck_assert_uint_eq(anch_s.len, anch_r.nlits);
	ck_assert_mem_eq(bytes + o_bytes + anch_s.off, "SS", 2);
	for (i = 0; i < c.nstrs && other_len == SIZE_MAX; i++) {
		vd_cache_str r;

		memcpy(&r, bytes + o_strs + i * sizeof(r), sizeof(r));
		if (r.len != anch_r.nlits)
			other_len = i;
	}
	ck_assert(other_len != SIZE_MAX);
	/* op is the first of four bytes: the rest kept, the operator a regex. */
	memcpy(op_bytes, bytes + FIELD_AT(o_preds, vd_cache_pred, anch, op), 4);
	op_bytes[0] = VD_P_REGEX;
	memcpy(&as_regex, op_bytes, 4);
	/* The first anchor letter unknown, its neighbours (and the NUL) kept. */
	memcpy(kind_bytes, bytes + o_bytes + anch_s.off, 4);
	kind_bytes[0] = 'x';
	memcpy(&bad_kind, kind_bytes, 4);
	for (i = 0; i < c.nstrs; i++) {
		vd_cache_str r;

		memcpy(&r, bytes + o_strs + i * sizeof(r), sizeof(r));
		if (r.len > 1 && text_str == SIZE_MAX) {
			text_str = i;
			text_len = r.len;
		}
	}
	ck_assert(text_str != SIZE_MAX);
	memcpy(&pol0, bytes + o_pols, sizeof(pol0));
	ck_assert(pol0.unless != UINT32_MAX);

#define DAMAGE(w, off, v) do { dmg[n].what = (w); dmg[n].at = (off); dmg[n].value = (v); n++; } while (0)
	DAMAGE("string count past the end", VD_CACHE_HEADER_SIZE + offsetof(vd_cache_counts, nstrs), UINT32_MAX);
	DAMAGE("one condition too many", VD_CACHE_HEADER_SIZE + offsetof(vd_cache_counts, npreds), c.npreds + 1);
	DAMAGE("one string byte too few", VD_CACHE_HEADER_SIZE + offsetof(vd_cache_counts, nbytes), c.nbytes - 1);
	DAMAGE("policy count past the limit", VD_CACHE_HEADER_SIZE + offsetof(vd_cache_counts, npolicies), UINT32_MAX);
	DAMAGE("string past the bytes", FIELD_AT(o_strs, vd_cache_str, 0, off), c.nbytes);
	DAMAGE("string longer than the bytes", FIELD_AT(o_strs, vd_cache_str, 0, len), c.nbytes);
	DAMAGE("string without its NUL", FIELD_AT(o_strs, vd_cache_str, text_str, len), text_len - 1);
	DAMAGE("string reference out of range", o_refs, c.nstrs);
	DAMAGE("condition as its own operand", FIELD_AT(o_preds, vd_cache_pred, inner, a), (uint32_t)inner);
	DAMAGE("operand out of range", FIELD_AT(o_preds, vd_cache_pred, inner, b), c.npreds);
	DAMAGE("unknown operator", FIELD_AT(o_preds, vd_cache_pred, leaf, op), UINT32_MAX);
	DAMAGE("unknown field", FIELD_AT(o_preds, vd_cache_pred, leaf, field), 0xffff);
	DAMAGE("text out of range", FIELD_AT(o_preds, vd_cache_pred, leaf, text), c.nstrs);
	DAMAGE("literals out of range", FIELD_AT(o_preds, vd_cache_pred, leaf, strs), UINT32_MAX);
	DAMAGE("too many literals", FIELD_AT(o_preds, vd_cache_pred, leaf, nstrs), c.nrefs + 1);
	DAMAGE("numbers out of range", FIELD_AT(o_preds, vd_cache_pred, leaf, nnums), c.nnums + 1);
	DAMAGE("literal anchors out of range", FIELD_AT(o_preds, vd_cache_pred, anch, lit_anchors), c.nstrs);
	DAMAGE("literal anchors of another length", FIELD_AT(o_preds, vd_cache_pred, anch, lit_anchors),
		(uint32_t)other_len);
	DAMAGE("literal anchors on a regex", FIELD_AT(o_preds, vd_cache_pred, anch, op), as_regex);
	DAMAGE("unknown literal anchor", o_bytes + anch_s.off, bad_kind);
	DAMAGE("list elements out of range", FIELD_AT(o_lists, vd_cache_list, 0, strs), UINT32_MAX);
	DAMAGE("message field unknown", FIELD_AT(o_parts, vd_cache_part, 0, field), 9999);
	DAMAGE("policy without an id", FIELD_AT(o_pols, vd_cache_policy, 0, id), UINT32_MAX);
	DAMAGE("policy condition out of range", FIELD_AT(o_pols, vd_cache_policy, 0, when), c.npreds);
	DAMAGE("policy condition shared", FIELD_AT(o_pols, vd_cache_policy, 0, when), pol0.unless);
	DAMAGE("message out of range", FIELD_AT(o_pols, vd_cache_policy, 0, parts), UINT32_MAX);
	DAMAGE("message too long", FIELD_AT(o_pols, vd_cache_policy, 0, nparts), c.nparts + 1);
	DAMAGE("unknown action", FIELD_AT(o_pols, vd_cache_policy, 0, actions) + 4, 0x80000000u);
	DAMAGE("exception condition shared", FIELD_AT(o_exc, vd_cache_exception, 0, when), pol0.when);
	DAMAGE("exception patterns out of range", FIELD_AT(o_exc, vd_cache_exception, 0, patterns), UINT32_MAX);
#undef DAMAGE
	ck_assert_uint_le(n, VD_ARRAY_SIZE(dmg));

	/* Sealed as it is, the entry decodes: the seal is the encoder's. */
	vd__cache_seal((uint8_t *)bytes, size);
	vd_pass(vd__cache_decode(&rs, (const uint8_t *)bytes, size, s->tree_hex, true));
	vd__ruleset_free(rs);
	for (k = 0; k < n; k++) {
		char *copy = malloc(size);
		FILE *f;

		ck_assert_ptr_nonnull(copy);
		memcpy(copy, bytes, size);
		memcpy(copy + dmg[k].at, &dmg[k].value, sizeof(uint32_t));
		vd__cache_seal((uint8_t *)copy, size);
		rs = NULL;
		ck_assert_msg(vd__cache_decode(&rs, (const uint8_t *)copy, size, s->tree_hex, true) == VD_EINVALID,
			"accepted: %s", dmg[k].what);
		ck_assert_ptr_null(rs);
		/* On disk: ignored, compiled from source, the same verdicts. */
		f = fopen(entry, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(copy, 1, size, f), size);
		fclose(f);
		expect_miss(fresh);
		free(copy);
	}
	vd_engine_free(e);
	free(bytes);
	free(fresh);
	free(entry);
}
END_TEST

/* Every bit flip and every truncation of a valid entry decodes or fails cleanly. */
START_TEST(test_cache_decoder_survives_damage_past_the_checksum)
{
	unsigned h, m;
	char *entry, *bytes;
	size_t size, at;
	vd_engine *e = NULL;
	vd_scope *s = NULL;
	vd_verdict *v = NULL;
	vd_event *evs[VD_ARRAY_SIZE(events)];
	size_t i, accepted = 0;

	free(judge_all(&h, &m));
	entry = only_entry();
	size = file_size(entry);
	bytes = fx_read_file(entry);
	vd_pass(vd_engine_open(&e, fx_path(fx), NULL));
	vd_pass(vd__store_pin(&s, e, "main"));
	vd_pass(vd_verdict_new(&v));
	for (i = 0; i < VD_ARRAY_SIZE(events); i++)
		vd_pass(vd_event_parse(&evs[i], events[i], strlen(events[i])));
	for (at = 0; at < size; at++) {
		int bit;

		for (bit = 0; bit < 8; bit += 3) {
			vd_ruleset *rs = NULL;
			int rc;

			bytes[at] ^= (char)(1 << bit);
			rc = vd__cache_decode(&rs, (const uint8_t *)bytes, size, s->tree_hex, false);
			ck_assert(rc == 0 || rc == VD_EINVALID);
			if (rc == 0) {
				vd_eval_params p;

				accepted++;
				memset(&p, 0, sizeof(p));
				for (i = 0; i < VD_ARRAY_SIZE(evs); i++)
					(void)vd__eval_one(v, rs, evs[i], &p, "main");
			}
			vd__ruleset_free(rs);
			bytes[at] ^= (char)(1 << bit);
		}
	}
	for (at = 0; at < size; at += 3) {
		vd_ruleset *rs = NULL;

		ck_assert_int_eq(vd__cache_decode(&rs, (const uint8_t *)bytes, at, s->tree_hex, false),
			VD_EINVALID);
	}
	/* Some flips land in text (messages, locations) and still decode. */
	ck_assert_uint_gt(accepted, 0);
	for (i = 0; i < VD_ARRAY_SIZE(evs); i++)
		vd_event_free(evs[i]);
	vd_verdict_free(v);
	vd_engine_free(e);
	free(bytes);
	free(entry);
}
END_TEST

Suite *
cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cache_second_process_loads_the_compiled_set);
	tcase_add_test(tc, test_cache_ignores_a_corrupt_entry_and_replaces_it);
	tcase_add_test(tc, test_cache_ignores_a_truncated_entry);
	tcase_add_test(tc, test_cache_ignores_an_entry_of_another_engine_build);
	tcase_add_test(tc, test_cache_ignores_an_entry_filed_under_another_tree);
	tcase_add_test(tc, test_cache_writes_whole_entries_and_sweeps_litter);
	tcase_add_test(tc, test_cache_keeps_the_newest_entries);
	tcase_add_test(tc, test_cache_off_and_unwritable_are_silent);
	tcase_add_test(tc, test_cache_default_lives_in_the_git_directory);
	tcase_add_test(tc, test_cache_decoder_survives_damage_past_the_checksum);
	tcase_add_test(tc, test_cache_rejects_out_of_range_records_and_recompiles);
	suite_add_tcase(s, tc);
	return s;
}
