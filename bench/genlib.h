/*
 * genlib.h - what the bench generators share: a seeded PRNG that gives the
 * same stream on every machine, and a JSON string writer.
 *
 * The generators use no libc randomness and no floating point, so a seed
 * names one data set everywhere (a benchmark someone reruns elsewhere
 * judges the same events).  Header-only: each generator is one .c file.
 */
#ifndef VD_BENCH_GENLIB_H
#define VD_BENCH_GENLIB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xoshiro256** seeded through splitmix64 (Blackman and Vigna). */
typedef struct {
	uint64_t s[4];
} gen_rng;

static inline uint64_t
gen_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline void
gen_seed(gen_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = gen_splitmix(&seed);
}

static inline uint64_t
gen_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
gen_next(gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = gen_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = gen_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n); n > 0.  The modulo bias is below 2^-40 for our n. */
static inline uint32_t
gen_below(gen_rng *r, uint32_t n)
{
	return (uint32_t)(gen_next(r) % n);
}

/* Uniform in [lo, hi]. */
static inline uint32_t
gen_range(gen_rng *r, uint32_t lo, uint32_t hi)
{
	return lo + gen_below(r, hi - lo + 1);
}

/* True with probability per_mille / 1000. */
static inline int
gen_chance(gen_rng *r, uint32_t per_mille)
{
	return gen_below(r, 1000) < per_mille;
}

#define GEN_PICK(r, arr) ((arr)[gen_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])
#define GEN_COUNT(arr) (sizeof(arr) / sizeof((arr)[0]))

/* Write s as a JSON string literal, quotes included. */
static inline void
gen_json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	putc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}

/* Parse an unsigned decimal option value; exits with status 3 on junk. */
static inline uint64_t
gen_parse_u64(const char *prog, const char *opt, const char *v)
{
	char *end;
	unsigned long long n;

	if (v == NULL || *v == '\0' || *v == '-') {
		fprintf(stderr, "%s: %s expects a non-negative number\n", prog, opt);
		exit(3);
	}
	n = strtoull(v, &end, 10);
	if (*end != '\0') {
		fprintf(stderr, "%s: %s expects a non-negative number, not '%s'\n", prog, opt, v);
		exit(3);
	}
	return (uint64_t)n;
}

#endif
