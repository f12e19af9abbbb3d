/*
 * alloc.h - the one allocator family.
 *
 * verdict is a CLI and a hook, not a long-running host: when memory runs
 * out it prints one line and aborts, so callers never check for NULL.
 * Size arithmetic that could overflow goes through vd__mul/vd__add.
 */
#ifndef VD_ENGINE_ALLOC_H
#define VD_ENGINE_ALLOC_H

#include <stddef.h>

void *vd__malloc(size_t n);
void *vd__calloc(size_t count, size_t n);
void *vd__realloc(void *p, size_t n);
void *vd__reallocarray(void *p, size_t count, size_t n);
char *vd__strdup(const char *s);
char *vd__strndup(const char *s, size_t n);
void *vd__memdup(const void *p, size_t n);
void vd__free(void *p);

/* Overflow-checked size arithmetic; aborts on overflow like OOM. */
size_t vd__add(size_t a, size_t b);
size_t vd__mul(size_t a, size_t b);

#endif
