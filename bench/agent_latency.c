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
 * `VERDICT ARGS... < payload`.  Prints the number of runs, the median, the
 * 90th and 99th percentiles and the maximum in milliseconds, then the
 * median per payload.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* One run: the payload on stdin, stdout and stderr discarded. */
static double
run(char **argv, const char *payload, size_t len)
{
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
	waitpid(pid, &status, 0);
	t1 = now_ms();
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
	size_t np = 0, i, r, rounds, n = 0;
	double *all, **per;

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
		per = calloc(np, sizeof(double *));
		for (i = 0; i < np; i++)
			per[i] = calloc(rounds, sizeof(double));
		/* One warm-up run: the page cache, not verdict, is cold then. */
		run(child, payloads[0], strlen(payloads[0]));
		for (r = 0; r < rounds; r++)
			for (i = 0; i < np; i++)
				all[n++] = per[i][r] = run(child, payloads[i], strlen(payloads[i]));
		free(child);
	}
	qsort(all, n, sizeof(double), cmp);
	printf("runs %zu (%zu payloads x %zu rounds)\n", n, np, rounds);
	printf("median %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms\n",
		pct(all, n, 0.5), pct(all, n, 0.9), pct(all, n, 0.99), all[n - 1]);
	for (i = 0; i < np; i++) {
		qsort(per[i], rounds, sizeof(double), cmp);
		printf("  %7.2f ms  %s\n", pct(per[i], rounds, 0.5), names[i]);
		free(per[i]);
		free(payloads[i]);
		free(names[i]);
	}
	free(per);
	free(all);
	free(payloads);
	free(names);
	json_decref(doc);
	return 0;
}
