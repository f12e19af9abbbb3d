/*
 * agent_latency.c - whole-process latency of `verdict agent <surface>`, as
 * an agent sees it: fork, exec, write the payload to stdin, read the
 * answer, wait.  Built and run by bench/agent.sh; needs only libc and
 * jansson.
 *
 *   agent_latency VERDICT CORPUS ROUNDS -- ARGS...
 *
 * CORPUS is a tests/agents/<surface>.json file.  Its cases that judge
 * against the ordinary fixture (no special repo, audit log or input text)
 * are the payloads; each is run ROUNDS times, round-robin, as
 * `VERDICT ARGS... < payload`.  Prints the median, the 90th and 99th
 * percentiles and the maximum in milliseconds, over every run and over the
 * runs of payloads that are judged and recorded (the case expects events;
 * the others are events that are not actions), then the median per
 * payload.  Wall-clock time is what the agent waits; CPU time (user and
 * system, from wait4) is the steadier figure on a shared machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* CPU time (user + system) of the last run, in milliseconds. */
static double last_cpu;

/* One run: the payload on stdin, stdout and stderr discarded. */
static double
run(char **argv, const char *payload, size_t len)
{
	struct rusage ru;
	int in[2];
	double t0 = now_ms(), t1;
	pid_t pid;
	size_t off = 0;
	int status;

	if (pipe(in) < 0)
		abort();
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(in[0], 0);
		dup2(null, 1);
		dup2(null, 2);
		close(in[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	while (off < len) {
		ssize_t n = write(in[1], payload + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		off += (size_t)n;
	}
	close(in[1]);
	wait4(pid, &status, 0, &ru);
	t1 = now_ms();
	last_cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 2) {
		fprintf(stderr, "agent_latency: %s exited %d on %.80s\n", argv[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : -1, payload);
		exit(1);
	}
	return t1 - t0;
}

static double
pct(const double *sorted, size_t n, double p)
{
	return sorted[(size_t)((double)(n - 1) * p + 0.5)];
}

int
main(int argc, char **argv)
{
	json_error_t e;
	json_t *doc, *c;
	char **payloads = NULL, **names = NULL;
	bool *judged = NULL;
	size_t np = 0, i, r, rounds, n = 0, nj = 0;
	double *all, *judged_runs, *cpu, *judged_cpu, **per;

	if (argc < 5 || strcmp(argv[4], "--") != 0) {
		fprintf(stderr, "usage: agent_latency VERDICT CORPUS ROUNDS -- ARGS...\n");
		return 2;
	}
	rounds = (size_t)strtoul(argv[3], NULL, 10);
	if ((doc = json_load_file(argv[2], 0, &e)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], e.line, e.text);
		return 1;
	}
	json_array_foreach(json_object_get(doc, "cases"), i, c) {
		if (!json_object_get(c, "payload") || json_object_get(c, "repo") ||
		    json_object_get(c, "audit") || json_object_get(c, "env") ||
		    json_object_get(c, "surface") || json_integer_value(json_object_get(c, "status")) != 0)
			continue;
		payloads = realloc(payloads, (np + 1) * sizeof(char *));
		names = realloc(names, (np + 1) * sizeof(char *));
		judged = realloc(judged, (np + 1) * sizeof(bool));
		judged[np] = json_array_size(json_object_get(c, "events")) > 0;
		payloads[np] = json_dumps(json_object_get(c, "payload"), JSON_COMPACT);
		names[np] = strdup(json_string_value(json_object_get(c, "name")));
		np++;
	}
	{
		/* argv for the child: VERDICT then ARGS. */
		char **child = calloc((size_t)argc, sizeof(char *));
		int k;

		child[0] = argv[1];
		for (k = 5; k < argc; k++)
			child[k - 4] = argv[k];
		all = calloc(np * rounds, sizeof(double));
		judged_runs = calloc(np * rounds, sizeof(double));
		cpu = calloc(np * rounds, sizeof(double));
		judged_cpu = calloc(np * rounds, sizeof(double));
		per = calloc(np, sizeof(double *));
		for (i = 0; i < np; i++)
			per[i] = calloc(rounds, sizeof(double));
		/* One warm-up run: the page cache, not verdict, is cold then. */
		run(child, payloads[0], strlen(payloads[0]));
		for (r = 0; r < rounds; r++)
			for (i = 0; i < np; i++) {
				all[n] = per[i][r] = run(child, payloads[i], strlen(payloads[i]));
				cpu[n++] = last_cpu;
				if (judged[i]) {
					judged_cpu[nj] = last_cpu;
					judged_runs[nj++] = per[i][r];
				}
			}
		free(child);
	}
	qsort(all, n, sizeof(double), cmp);
	qsort(judged_runs, nj, sizeof(double), cmp);
	qsort(cpu, n, sizeof(double), cmp);
	qsort(judged_cpu, nj, sizeof(double), cmp);
	printf("runs %zu (%zu payloads x %zu rounds)\n", n, np, rounds);
	printf("all payloads     median %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   max %6.2f ms\n",
		pct(all, n, 0.5), pct(all, n, 0.9), pct(all, n, 0.99), all[n - 1]);
	if (nj)
		printf("judged+recorded  median %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   max %6.2f ms  (%zu runs)\n",
			pct(judged_runs, nj, 0.5), pct(judged_runs, nj, 0.9), pct(judged_runs, nj, 0.99),
			judged_runs[nj - 1], nj);
	printf("CPU (user+sys)   all median %.2f ms, judged+recorded median %.2f ms\n",
		pct(cpu, n, 0.5), nj ? pct(judged_cpu, nj, 0.5) : 0.0);
	for (i = 0; i < np; i++) {
		qsort(per[i], rounds, sizeof(double), cmp);
		printf("  %7.2f ms  %s\n", pct(per[i], rounds, 0.5), names[i]);
		free(per[i]);
		free(payloads[i]);
		free(names[i]);
	}
	free(per);
	free(all);
	free(judged_runs);
	free(cpu);
	free(judged_cpu);
	free(judged);
	free(payloads);
	free(names);
	json_decref(doc);
	return 0;
}
