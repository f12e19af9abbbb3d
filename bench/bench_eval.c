/*
 * bench_eval.c - in-process evaluation of already-parsed events.
 *
 *   bench-eval --repo DIR --events FILE.jsonl [--runs N] [--label TEXT]
 *              [--decisions FILE]
 *
 * Opens the policy repository, parses every event once (not timed), then
 * judges them all with vd_eval() at the live scopes, through the public
 * API exactly as a replay would.  Throughput is timed over whole passes
 * (N runs, the median reported); latency per event over a separate pass
 * that times each call alone (two clock reads of about 20 ns each are
 * included).  Prints one Markdown table row:
 *
 *   | label | events | median events/s | p50 ns | p99 ns | non-pass | peak RSS MB |
 *
 * --decisions writes "pass", "warn" or "block" per event, one per line, so
 * another engine's decisions can be compared line by line.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "verdict.h"
#include "benchlib.h"

static void
die(const char *what)
{
	fprintf(stderr, "bench-eval: %s: %s\n", what, vd_error_last()->message);
	exit(8);
}

int
main(int argc, char **argv)
{
	const char *repo = NULL, *events = NULL, *label = "eval", *decisions = NULL;
	int runs = 5, a, r;
	vd_engine *engine = NULL;
	vd_verdict *v = NULL;
	vd_event **evs = NULL;
	size_t n = 0, cap = 0, i, nonpass = 0;
	vd_eval_options opts = VD_EVAL_OPTIONS_INIT;
	FILE *f;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	double *rates;
	double *lat;
	struct rusage ru;

	for (a = 1; a + 1 < argc; a += 2) {
		if (strcmp(argv[a], "--repo") == 0)
			repo = argv[a + 1];
		else if (strcmp(argv[a], "--events") == 0)
			events = argv[a + 1];
		else if (strcmp(argv[a], "--runs") == 0)
			runs = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "--label") == 0)
			label = argv[a + 1];
		else if (strcmp(argv[a], "--decisions") == 0)
			decisions = argv[a + 1];
		else
			break;
	}
	if (a != argc || repo == NULL || events == NULL || runs < 1) {
		fprintf(stderr, "usage: bench-eval --repo DIR --events FILE.jsonl [--runs N] [--label TEXT] [--decisions FILE]\n");
		return 3;
	}
	if (vd_engine_open(&engine, repo, NULL) < 0)
		die(repo);
	if ((f = fopen(events, "r")) == NULL) {
		perror(events);
		return 6;
	}
	while ((len = getline(&line, &linecap, f)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			evs = realloc(evs, cap * sizeof(*evs));
			if (evs == NULL)
				return 8;
		}
		if (vd_event_parse(&evs[n], line, (size_t)len) < 0)
			die("parsing an event");
		n++;
	}
	free(line);
	fclose(f);
	if (n == 0) {
		fprintf(stderr, "bench-eval: no events in %s\n", events);
		return 5;
	}
	vd_verdict_new(&v);
	opts.now = 1777000000;

	/* A first pass compiles the rule sets and warms the caches; it also counts. */
	for (i = 0; i < n; i++) {
		if (vd_eval(v, engine, evs[i], &opts) < 0)
			die("vd_eval");
		nonpass += vd_verdict_get(v) != VD_PASS;
	}
	if (decisions) {
		FILE *d = fopen(decisions, "w");

		if (d == NULL) {
			perror(decisions);
			return 7;
		}
		for (i = 0; i < n; i++) {
			vd_eval(v, engine, evs[i], &opts);
			fprintf(d, "%s\n", vd_verdict_get(v) == VD_PASS ? "allow" : "deny");
		}
		fclose(d);
	}

	rates = calloc((size_t)runs, sizeof(double));
	lat = calloc(n, sizeof(double));
	if (rates == NULL || lat == NULL)
		return 8;
	for (r = 0; r < runs; r++) {
		uint64_t t0 = bench_now_ns(), t1;

		for (i = 0; i < n; i++)
			vd_eval(v, engine, evs[i], &opts);
		t1 = bench_now_ns();
		rates[r] = (double)n * 1e9 / (double)(t1 - t0);
	}
	for (i = 0; i < n; i++) {
		uint64_t t0 = bench_now_ns();

		vd_eval(v, engine, evs[i], &opts);
		lat[i] = (double)(bench_now_ns() - t0);
	}
	qsort(rates, (size_t)runs, sizeof(double), bench_cmp_double);
	qsort(lat, n, sizeof(double), bench_cmp_double);
	getrusage(RUSAGE_SELF, &ru);
	printf("| %s | %zu | %.0f | %.0f | %.0f | %zu | %.1f |\n", label, n,
		rates[runs / 2], bench_quantile(lat, n, 0.5), bench_quantile(lat, n, 0.99), nonpass,
		(double)ru.ru_maxrss / 1024.0);

	for (i = 0; i < n; i++)
		vd_event_free(evs[i]);
	free(evs);
	free(rates);
	free(lat);
	vd_verdict_free(v);
	vd_engine_free(engine);
	return 0;
}
