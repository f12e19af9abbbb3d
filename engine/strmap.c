/*
 * strmap.c - open addressing with linear probing, load factor at most 1/2.
 *
 * Layer: base.  Used for named lists, policy ids, `in` sets and caches;
 * lookups on the evaluation path compare the stored hash before the bytes.
 */
#include "common.h"
#include "strmap.h"

uint32_t
vd__hash(const char *s, size_t len)
{
	/* FNV-1a: short keys, no adversary controls the table size. */
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static vd_strmap_slot *
probe(const vd_strmap *m, const char *key, size_t len, uint32_t hash)
{
	size_t mask = m->cap - 1, i = hash & mask;

	for (;;) {
		vd_strmap_slot *s = &m->slots[i];

		if (s->key == NULL)
			return s;
		if (s->hash == hash && s->len == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & mask;
	}
}

vd_strmap_slot *
vd__strmap_find(const vd_strmap *m, const char *key, size_t len)
{
	vd_strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = probe(m, key, len, vd__hash(key, len));
	return s->key ? s : NULL;
}

void *
vd__strmap_get(const vd_strmap *m, const char *key, size_t len)
{
	vd_strmap_slot *s = vd__strmap_find(m, key, len);

	return s ? s->value : NULL;
}

static void
grow(vd_strmap *m)
{
	vd_strmap old = *m;
	size_t i;

	m->cap = old.cap ? vd__mul(old.cap, 2) : 16;
	m->slots = vd__calloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old.cap; i++) {
		vd_strmap_slot *s = &old.slots[i];

		if (s->key)
			*probe(m, s->key, s->len, s->hash) = *s;
	}
	vd__free(old.slots);
}

static vd_strmap_slot *
upsert(vd_strmap *m, const char *key, size_t len, bool *existed)
{
	uint32_t hash = vd__hash(key, len);
	vd_strmap_slot *s;

	if ((m->len + 1) * 2 > m->cap)
		grow(m);
	s = probe(m, key, len, hash);
	*existed = s->key != NULL;
	if (!*existed) {
		s->key = key;
		s->len = (uint32_t)len;
		s->hash = hash;
		m->len++;
	}
	return s;
}

bool
vd__strmap_put(vd_strmap *m, const char *key, size_t len, void *value)
{
	bool existed;
	vd_strmap_slot *s = upsert(m, key, len, &existed);

	if (!existed)
		s->value = value;
	return !existed;
}

void
vd__strmap_set(vd_strmap *m, const char *key, size_t len, void *value)
{
	bool existed;

	upsert(m, key, len, &existed)->value = value;
}

void
vd__strmap_dispose(vd_strmap *m)
{
	vd__free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
