/*
 * strmap.h - an open-addressing hash map from byte strings to pointers.
 *
 * Keys are borrowed: the map stores the pointer and length, and the owner
 * of the map keeps the bytes alive (usually in the same arena).
 */
#ifndef VD_ENGINE_STRMAP_H
#define VD_ENGINE_STRMAP_H

#include "common.h"

typedef struct {
	const char *key;   /* NULL marks an empty slot */
	uint32_t len;
	uint32_t hash;
	void *value;
} vd_strmap_slot;

typedef struct {
	vd_strmap_slot *slots;
	size_t cap;        /* a power of two, or 0 */
	size_t len;
} vd_strmap;

#define VD_STRMAP_INIT { NULL, 0, 0 }

uint32_t vd__hash(const char *s, size_t len);
/* The value for key, or NULL. */
void *vd__strmap_get(const vd_strmap *m, const char *key, size_t len);
/* The slot for key, or NULL. */
vd_strmap_slot *vd__strmap_find(const vd_strmap *m, const char *key, size_t len);
/* Insert; when the key is already there, keep the old value and return false. */
bool vd__strmap_put(vd_strmap *m, const char *key, size_t len, void *value);
/* Insert or replace. */
void vd__strmap_set(vd_strmap *m, const char *key, size_t len, void *value);
void vd__strmap_dispose(vd_strmap *m);

#endif
