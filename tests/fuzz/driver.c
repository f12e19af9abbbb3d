/*
 * driver.c - run a fuzz target without libFuzzer: the smoke in `make test`.
 *
 *   fuzz_<name> [-n MUTATIONS] [-s SEED] [-l LINES_FILE]... [FILE|DIR]...
 *
 * Every file (and every file of every directory, in name order) is one
 * input; with -l, every line of the file is one input.  Each input runs
 * as given, then MUTATIONS inputs derived from them run: bit flips,
 * interesting bytes, inserted, deleted, duplicated and spliced ranges,
 * from a seeded PRNG, so a failure reproduces with the same command.
 * Built with the ordinary compiler, so it runs under the ASan/UBSan build
 * on any machine; `make fuzz` builds the same targets with libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define FUZZ_MAX_INPUT (256 * 1024)

typedef struct {
	uint8_t *data;
	size_t len;
} input;

static input *inputs;
static size_t ninputs, cap;
static uint64_t rng = 0x853c49e6748fea9bull;

static uint64_t
next(void)
{
	/* splitmix64: enough for choosing mutations, and the same everywhere. */
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t
below(size_t n)
{
	return n ? (size_t)(next() % n) : 0;
}

static void
add(const uint8_t *data, size_t len)
{
	if (ninputs == cap) {
		cap = cap ? cap * 2 : 64;
		inputs = realloc(inputs, cap * sizeof(*inputs));
		if (inputs == NULL)
			abort();
	}
	inputs[ninputs].data = malloc(len ? len : 1);
	if (inputs[ninputs].data == NULL)
		abort();
	memcpy(inputs[ninputs].data, data, len);
	inputs[ninputs].len = len;
	ninputs++;
}

static uint8_t *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, c = 0, r;

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	do {
		if (n == c) {
			c = c ? c * 2 : 4096;
			buf = realloc(buf, c);
			if (buf == NULL)
				abort();
		}
		r = fread(buf + n, 1, c - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		perror(path);
		exit(2);
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, i;

		if (d == NULL) {
			perror(path);
			exit(2);
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			names = realloc(names, (n + 1) * sizeof(char *));
			if (names == NULL || (names[n] = malloc(strlen(path) + strlen(de->d_name) + 2)) == NULL)
				abort();
			sprintf(names[n++], "%s/%s", path, de->d_name);
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(char *), cmp_str);
		for (i = 0; i < n; i++) {
			add_path(names[i]);
			free(names[i]);
		}
		free(names);
	} else {
		size_t len;
		uint8_t *b = read_all(path, &len);

		add(b, len > FUZZ_MAX_INPUT ? FUZZ_MAX_INPUT : len);
		free(b);
	}
}

static void
add_lines(const char *path)
{
	size_t len, i, start = 0;
	uint8_t *b = read_all(path, &len);

	for (i = 0; i <= len; i++)
		if (i == len || b[i] == '\n') {
			if (i > start)
				add(b + start, i - start);
			start = i + 1;
		}
	free(b);
}

static const uint8_t interesting[] = {
	0, 1, 0x7f, 0x80, 0xff, '"', '\\', '\'', '{', '}', '[', ']', '(', ')', '$', '`',
	'*', '/', '.', '~', '\n', ' ', ',', ':', '#', '%', 0xc3, 0xe2, 0xf0,
};

/* One mutated input from the corpus, into buf (at most FUZZ_MAX_INPUT bytes). */
static size_t
mutate(uint8_t *buf)
{
	const input *in = &inputs[below(ninputs)];
	size_t len = in->len, rounds = 1 + below(4), r;

	memcpy(buf, in->data, len);
	for (r = 0; r < rounds; r++) {
		size_t at = below(len + 1), n;

		switch (below(7)) {
		case 0: /* flip a bit */
			if (len)
				buf[below(len)] ^= (uint8_t)(1u << below(8));
			break;
		case 1: /* an interesting byte */
			if (len)
				buf[below(len)] = interesting[below(sizeof(interesting))];
			break;
		case 2: /* insert random bytes */
			n = 1 + below(8);
			if (len + n > FUZZ_MAX_INPUT)
				break;
			memmove(buf + at + n, buf + at, len - at);
			for (size_t k = 0; k < n; k++)
				buf[at + k] = (uint8_t)next();
			len += n;
			break;
		case 3: /* delete a range */
			n = below(len - at + 1);
			if (n > 64)
				n = 64;
			memmove(buf + at, buf + at + n, len - at - n);
			len -= n;
			break;
		case 4: /* duplicate a range (repetition finds depth and length bugs) */
			if (len == 0)
				break;
			at = below(len);
			n = 1 + below(len - at < 32 ? len - at : 32);
			for (size_t times = 1 + below(16); times > 0 && len + n <= FUZZ_MAX_INPUT; times--) {
				memmove(buf + at + n, buf + at, len - at);
				len += n;
			}
			break;
		case 5: { /* splice a range of another input */
			const input *o = &inputs[below(ninputs)];
			size_t from = below(o->len + 1);

			n = below(o->len - from + 1);
			if (n > 128)
				n = 128;
			if (len + n > FUZZ_MAX_INPUT)
				break;
			memmove(buf + at + n, buf + at, len - at);
			memcpy(buf + at, o->data + from, n);
			len += n;
			break;
		}
		default: /* truncate */
			len = at;
		}
	}
	return len;
}

int
main(int argc, char **argv)
{
	unsigned long mutations = 1000, i;
	uint8_t *buf;
	int a;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-n") == 0 && a + 1 < argc)
			mutations = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-s") == 0 && a + 1 < argc)
			rng = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-l") == 0 && a + 1 < argc)
			add_lines(argv[++a]);
		else
			add_path(argv[a]);
	}
	if (ninputs == 0)
		add((const uint8_t *)"", 0);
	for (i = 0; i < ninputs; i++)
		LLVMFuzzerTestOneInput(inputs[i].data, inputs[i].len);
	buf = malloc(FUZZ_MAX_INPUT);
	if (buf == NULL)
		abort();
	for (i = 0; i < mutations; i++) {
		size_t len = mutate(buf);

		LLVMFuzzerTestOneInput(buf, len);
	}
	free(buf);
	printf("%s: %zu inputs and %lu mutations ran clean\n", argv[0], ninputs, mutations);
	for (i = 0; i < ninputs; i++)
		free(inputs[i].data);
	free(inputs);
	return 0;
}
