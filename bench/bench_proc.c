/*
 * bench_proc.c - whole-process latency and peak memory of a command, the
 * way an agent hook runs it: fork, exec, feed stdin, wait.
 *
 *   bench-proc [--runs N] [--warmup K] [--stdin FILE] [--setup CMD]
 *              [--label TEXT] [--expect-status S] -- COMMAND [ARG...]
 *
 * Each run is timed from fork to the end of wait4() (CLOCK_MONOTONIC), and
 * its peak resident set comes from wait4's rusage.  --setup runs a shell
 * command before every run, untimed (for the cold case: commit a new tree
 * so the run is the first on it).  Prints one Markdown table row:
 *
 *   | label | runs | median ms | p99 ms | min ms | max ms | peak RSS MB |
 *
 * and fails when a run exits with a status other than --expect-status
 * (default: any of 0, 1, 2, the verdicts), so a benchmark of a crashing
 * or erroring command cannot pass as fast.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"

static double
now_ms(void)
{
	return (double)bench_now_ns() / 1e6;
}

static int
run_once(char **argv, const char *stdin_path, double *ms, long *rss_kb)
{
	struct rusage ru;
	double t0 = now_ms();
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0) {
		perror("bench-proc: fork");
		exit(8);
	}
	if (pid == 0) {
		int fd = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
		int null = open("/dev/null", O_WRONLY);

		if (fd < 0 || null < 0) {
			perror(stdin_path ? stdin_path : "/dev/null");
			_exit(127);
		}
		dup2(fd, 0);
		dup2(null, 1);
		close(fd);
		close(null);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("bench-proc: wait4");
		exit(8);
	}
	*ms = now_ms() - t0;
	*rss_kb = ru.ru_maxrss;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int
main(int argc, char **argv)
{
	const char *stdin_path = NULL, *setup = NULL, *label = "command";
	int runs = 200, warmup = 3, expect = -1, i, a;
	double *ms;
	long peak = 0;

	for (a = 1; a < argc && strcmp(argv[a], "--") != 0; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;

		if (v == NULL) {
			fprintf(stderr, "bench-proc: %s needs a value\n", argv[a]);
			return 3;
		}
		if (strcmp(argv[a], "--runs") == 0)
			runs = atoi(v);
		else if (strcmp(argv[a], "--warmup") == 0)
			warmup = atoi(v);
		else if (strcmp(argv[a], "--stdin") == 0)
			stdin_path = v;
		else if (strcmp(argv[a], "--setup") == 0)
			setup = v;
		else if (strcmp(argv[a], "--label") == 0)
			label = v;
		else if (strcmp(argv[a], "--expect-status") == 0)
			expect = atoi(v);
		else {
			fprintf(stderr, "bench-proc: unknown option '%s'\n", argv[a]);
			return 3;
		}
		a++;
	}
	if (a >= argc - 1 || runs < 1) {
		fprintf(stderr, "usage: bench-proc [--runs N] [--warmup K] [--stdin FILE] [--setup CMD] "
			"[--label TEXT] [--expect-status S] -- COMMAND [ARG...]\n");
		return 3;
	}
	argv += a + 1;
	ms = calloc((size_t)runs, sizeof(double));
	if (ms == NULL)
		return 8;
	for (i = -warmup; i < runs; i++) {
		double t;
		long rss;
		int st;

		if (setup && system(setup) != 0) {
			fprintf(stderr, "bench-proc: setup command failed: %s\n", setup);
			return 8;
		}
		st = run_once(argv, stdin_path, &t, &rss);
		if ((expect >= 0 && st != expect) || (expect < 0 && st > 2)) {
			fprintf(stderr, "bench-proc: %s exited with status %d\n", argv[0], st);
			return 8;
		}
		if (i < 0)
			continue;
		ms[i] = t;
		if (rss > peak)
			peak = rss;
	}
	qsort(ms, (size_t)runs, sizeof(double), bench_cmp_double);
	printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f |\n", label, runs,
		bench_quantile(ms, (size_t)runs, 0.5), bench_quantile(ms, (size_t)runs, 0.99), ms[0], ms[runs - 1],
		(double)peak / 1024.0);
	free(ms);
	return 0;
}
