/*
 * arena.c - bump allocation in chained blocks.
 *
 * Layer: base.  Blocks grow geometrically up to 1 MiB; an allocation larger
 * than a block gets a block of its own.  reset() keeps one block so that a
 * loop judging millions of events allocates nothing after the first.
 */
#include "common.h"
#include "arena.h"

struct vd_arena_block {
	vd_arena_block *next;
	size_t size;            /* bytes usable in data[] */
	size_t used;
	_Alignas(16) unsigned char data[];
};

#define ALIGN 16
#define FIRST_BLOCK 4096
#define MAX_BLOCK (1024 * 1024)

static vd_arena_block *
block_new(size_t size)
{
	vd_arena_block *b = vd__malloc(vd__add(sizeof(*b), size));

	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *
vd__arena_alloc(vd_arena *a, size_t n)
{
	vd_arena_block *b = a->head;
	size_t need = vd__add(n, ALIGN - 1) & ~(size_t)(ALIGN - 1);

	if (b == NULL || b->size - b->used < need) {
		size_t size;

		if (a->block_size == 0)
			a->block_size = FIRST_BLOCK;
		size = a->block_size;
		if (size < MAX_BLOCK)
			a->block_size = size * 2;
		if (need > size)
			size = need;
		b = block_new(size);
		b->next = a->head;
		a->head = b;
	}
	b->used += need;
	return b->data + b->used - need;
}

void *
vd__arena_calloc(vd_arena *a, size_t count, size_t n)
{
	size_t total = vd__mul(count, n);
	void *p = vd__arena_alloc(a, total);

	memset(p, 0, total);
	return p;
}

char *
vd__arena_strndup(vd_arena *a, const char *s, size_t n)
{
	char *p = vd__arena_alloc(a, vd__add(n, 1));

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
vd__arena_strdup(vd_arena *a, const char *s)
{
	return vd__arena_strndup(a, s, strlen(s));
}

char *
vd__arena_printf(vd_arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	p = vd__arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
vd__arena_reset(vd_arena *a)
{
	vd_arena_block *b, *keep;

	if (a->head == NULL)
		return;
	/* Keep the largest block: it is the one the workload needed. */
	keep = a->head;
	for (b = a->head->next; b; b = b->next)
		if (b->size > keep->size)
			keep = b;
	for (b = a->head; b;) {
		vd_arena_block *next = b->next;

		if (b != keep)
			vd__free(b);
		b = next;
	}
	keep->next = NULL;
	keep->used = 0;
	a->head = keep;
}

void
vd__arena_dispose(vd_arena *a)
{
	vd_arena_block *b = a->head;

	while (b) {
		vd_arena_block *next = b->next;

		vd__free(b);
		b = next;
	}
	a->head = NULL;
	a->block_size = 0;
}
