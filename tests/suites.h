/*
 * suites.h - every Check suite, listed once.  main.c runs them; CMake reads
 * this file to register one CTest entry per suite.
 */
#define VD_SUITES(X) \
	X(base) \
	X(glob) \
	X(lower) \
	X(event) \
	X(eval) \
	X(store) \
	X(cli) \
	X(audit) \
	X(cache) \
	X(differential) \
	X(index) \
	X(limits) \
	X(replay) \
	X(evform) \
	X(timeline) \
	X(rollback) \
	X(telemetry)
