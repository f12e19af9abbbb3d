/*
 * alloc.c - allocation that never returns NULL.
 *
 * Layer: base.  Every allocation in the library goes through here so that
 * out-of-memory is handled in one place (print, abort) and tests or
 * embedders can find every call site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static void
oom(size_t n)
{
	fprintf(stderr, "verdict: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
vd__malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
vd__calloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);

	if (p == NULL)
		oom(vd__mul(count, n));
	return p;
}

void *
vd__realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
vd__reallocarray(void *p, size_t count, size_t n)
{
	return vd__realloc(p, vd__mul(count, n));
}

char *
vd__strdup(const char *s)
{
	return vd__memdup(s, strlen(s) + 1);
}

char *
vd__strndup(const char *s, size_t n)
{
	char *p = vd__malloc(vd__add(n, 1));

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
vd__memdup(const void *p, size_t n)
{
	void *q = vd__malloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}

void
vd__free(void *p)
{
	free(p);
}

size_t
vd__add(size_t a, size_t b)
{
	size_t r;

	if (__builtin_add_overflow(a, b, &r)) {
		fprintf(stderr, "verdict: size overflow\n");
		abort();
	}
	return r;
}

size_t
vd__mul(size_t a, size_t b)
{
	size_t r;

	if (__builtin_mul_overflow(a, b, &r)) {
		fprintf(stderr, "verdict: size overflow\n");
		abort();
	}
	return r;
}
