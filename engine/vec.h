/*
 * vec.h - the one growable array, written as macros.
 *
 *	vd_vec(vd_rule *) rules = VD_VEC_INIT;
 *	vd_vec_push(&rules, r);
 *	for (size_t i = 0; i < rules.len; i++) ...
 *	vd_vec_dispose(&rules);
 */
#ifndef VD_ENGINE_VEC_H
#define VD_ENGINE_VEC_H

#include "alloc.h"

#define vd_vec(T) struct { T *ptr; size_t len, cap; }
#define VD_VEC_INIT { NULL, 0, 0 }

#define vd_vec_reserve(v, n) do { \
	if ((n) > (v)->cap) { \
		size_t vd__c = (v)->cap ? (v)->cap : 8; \
		while (vd__c < (n)) vd__c = vd__mul(vd__c, 2); \
		(v)->ptr = vd__reallocarray((v)->ptr, vd__c, sizeof(*(v)->ptr)); \
		(v)->cap = vd__c; \
	} \
} while (0)

#define vd_vec_push(v, x) do { \
	vd_vec_reserve((v), (v)->len + 1); \
	(v)->ptr[(v)->len++] = (x); \
} while (0)

#define vd_vec_dispose(v) do { \
	vd__free((v)->ptr); \
	(v)->ptr = NULL; (v)->len = (v)->cap = 0; \
} while (0)

#endif
