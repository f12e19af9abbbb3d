/*
 * changes.c - which policies differ between two revisions.
 *
 * Layer: runtime, above the store.  A diff and a rollback both say which
 * policies a change adds, removes, or changes; both compile the two trees
 * (the store caches them by tree id) and compare the policies by id: the
 * effective mode (after the ramp), the severity, and a fingerprint of the
 * definition (actions, conditions, message), so that a reworded condition
 * counts as a change and a moved file does not.
 */
#include "common.h"
#include "store.h"

#include <nettle/sha2.h>

struct vd_policy_changes {
	vd_vec(vd_policy_change) items;
	vd_arena arena;
};

static void
hash_str(struct sha256_ctx *h, const char *s, size_t n)
{
	uint8_t len[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };

	sha256_update(h, 4, len);
	if (n)
		sha256_update(h, n, (const uint8_t *)s);
}

static void
hash_int(struct sha256_ctx *h, int64_t v)
{
	uint8_t b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)((uint64_t)v >> (8 * i));
	sha256_update(h, 8, b);
}

static void
hash_pred(struct sha256_ctx *h, const vd_pred *p)
{
	uint32_t i;

	if (p == NULL) {
		hash_int(h, -1);
		return;
	}
	hash_int(h, p->op);
	hash_int(h, p->field);
	hash_str(h, p->input_key ? p->input_key : "", p->input_key ? strlen(p->input_key) : 0);
	hash_int(h, p->nstrs);
	for (i = 0; i < p->nstrs; i++)
		hash_str(h, p->strs[i].s, p->strs[i].len);
	hash_int(h, p->nnums);
	for (i = 0; i < p->nnums; i++)
		hash_int(h, p->nums[i]);
	hash_int(h, p->num);
	hash_int(h, p->boolean);
	/* Patterns (matches, ~) keep their source in text. */
	hash_str(h, p->text ? p->text : "", p->text ? strlen(p->text) : 0);
	hash_pred(h, p->a);
	hash_pred(h, p->b);
}

static void
fingerprint(uint8_t out[SHA256_DIGEST_SIZE], const vd_policy *p)
{
	struct sha256_ctx h;
	uint32_t i;

	sha256_init(&h);
	hash_int(&h, (int64_t)p->actions);
	hash_pred(&h, p->when);
	hash_pred(&h, p->unless);
	hash_int(&h, p->message.nparts);
	for (i = 0; i < p->message.nparts; i++) {
		const vd_msg_part *m = &p->message.parts[i];

		hash_str(&h, m->literal, strlen(m->literal));
		hash_int(&h, m->field);
		hash_str(&h, m->input_key ? m->input_key : "", m->input_key ? strlen(m->input_key) : 0);
	}
	sha256_digest(&h, SHA256_DIGEST_SIZE, out);
}

static int
compiled(const vd_ruleset **out, vd_engine *e, const char *rev)
{
	vd_scope *s;
	vd_tree_cache *c;
	int rc;

	if ((rc = vd__store_pin(&s, e, rev)) < 0 || (rc = vd__store_compile(&c, e, s)) < 0)
		return rc;
	*out = c->rs;
	return 0;
}

static int
change_cmp(const void *a, const void *b)
{
	return strcmp(((const vd_policy_change *)a)->policy, ((const vd_policy_change *)b)->policy);
}

static void
add(vd_policy_changes *c, const vd_policy *from, const vd_policy *to)
{
	const vd_policy *p = to ? to : from;
	vd_policy_change ch;

	memset(&ch, 0, sizeof(ch));
	ch.policy = vd__arena_strdup(&c->arena, p->id);
	ch.kind = from == NULL ? VD_POLICY_ADDED : to == NULL ? VD_POLICY_REMOVED : VD_POLICY_CHANGED;
	ch.risk = p->risk ? vd__arena_strdup(&c->arena, p->risk) : NULL;
	ch.old_mode = from ? (int)from->effective : -1;
	ch.new_mode = to ? (int)to->effective : -1;
	ch.old_severity = from ? (int)from->severity : -1;
	ch.new_severity = to ? (int)to->severity : -1;
	if (from && to) {
		uint8_t a[SHA256_DIGEST_SIZE], b[SHA256_DIGEST_SIZE];

		fingerprint(a, from);
		fingerprint(b, to);
		ch.definition_changed = memcmp(a, b, sizeof(a)) != 0;
		if (!ch.definition_changed && ch.old_mode == ch.new_mode &&
		    ch.old_severity == ch.new_severity)
			return;
	}
	vd_vec_push(&c->items, ch);
}

int
vd_policy_changes_between(vd_policy_changes **out, vd_engine *e, const char *from,
	const char *to)
{
	const vd_ruleset *a, *b;
	vd_strmap ids = VD_STRMAP_INIT;
	vd_policy_changes *c;
	size_t i;
	int rc;

	VD_ASSERT_ARG(out && e && from && to);
	*out = NULL;
	if ((rc = compiled(&a, e, from)) < 0 || (rc = compiled(&b, e, to)) < 0)
		return rc;
	c = vd__calloc(1, sizeof(*c));
	for (i = 0; i < a->ir.policies.len; i++)
		vd__strmap_put(&ids, a->ir.policies.ptr[i]->id, strlen(a->ir.policies.ptr[i]->id),
			a->ir.policies.ptr[i]);
	for (i = 0; i < b->ir.policies.len; i++) {
		const vd_policy *p = b->ir.policies.ptr[i];
		vd_strmap_slot *slot = vd__strmap_find(&ids, p->id, strlen(p->id));

		add(c, slot ? slot->value : NULL, p);
		if (slot)
			slot->value = NULL;      /* seen at both */
	}
	for (i = 0; i < a->ir.policies.len; i++) {
		const vd_policy *p = a->ir.policies.ptr[i];

		if (vd__strmap_get(&ids, p->id, strlen(p->id)) != NULL)
			add(c, p, NULL);
	}
	vd__strmap_dispose(&ids);
	if (c->items.len > 1)
		qsort(c->items.ptr, c->items.len, sizeof(vd_policy_change), change_cmp);
	*out = c;
	return 0;
}

size_t
vd_policy_changes_count(const vd_policy_changes *c)
{
	return c ? c->items.len : 0;
}

const vd_policy_change *
vd_policy_changes_get(const vd_policy_changes *c, size_t i)
{
	return c && i < c->items.len ? &c->items.ptr[i] : NULL;
}

void
vd_policy_changes_free(vd_policy_changes *c)
{
	if (c == NULL)
		return;
	vd_vec_dispose(&c->items);
	vd__arena_dispose(&c->arena);
	vd__free(c);
}
