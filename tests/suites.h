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
	X(evasion) \
	X(normalize) \
	X(exceptions) \
	X(packtest) \
	X(fmt) \
	X(inventory) \
	X(init) \
	X(agent) \
	X(gitevent) \
	X(githooks) \
	X(cache) \
	X(differential) \
	X(index) \
	X(limits) \
	X(replay) \
	X(evform) \
	X(timeline) \
	X(rollback) \
	X(telemetry) \
	X(ci) \
	X(transport)
