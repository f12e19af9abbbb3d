/*
 * arena.h - memory freed by phase.
 *
 * A compiled rule set lives in one arena and is freed with one call; the
 * per-event scratch (normalized paths, rendered messages) lives in another
 * that is reset, not freed, between events.
 */
#ifndef VD_ENGINE_ARENA_H
#define VD_ENGINE_ARENA_H

#include "common.h"

typedef struct vd_arena_block vd_arena_block;

typedef struct {
	vd_arena_block *head;   /* current block; older blocks chain behind it */
	size_t block_size;      /* size of the next ordinary block */
} vd_arena;

#define VD_ARENA_INIT { NULL, 0 }

void *vd__arena_alloc(vd_arena *a, size_t n);        /* 16-byte aligned, uninitialised */
void *vd__arena_calloc(vd_arena *a, size_t count, size_t n);
char *vd__arena_strndup(vd_arena *a, const char *s, size_t n);
char *vd__arena_strdup(vd_arena *a, const char *s);
char *vd__arena_printf(vd_arena *a, const char *fmt, ...) VD_PRINTF(2, 3);
/* Forget everything but keep the first block for reuse. */
void vd__arena_reset(vd_arena *a);
void vd__arena_dispose(vd_arena *a);

#endif
