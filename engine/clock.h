/*
 * clock.h - milliseconds since the epoch, and ISO-8601 text in and out.
 */
#ifndef VD_ENGINE_CLOCK_H
#define VD_ENGINE_CLOCK_H

#include "common.h"

/* The wall clock, in milliseconds since the epoch (UTC). */
int64_t vd__now_ms(void);

/* A clock for measuring waits: never jumps with the wall clock. */
int64_t vd__monotonic_ms(void);

/* "2026-05-01T12:00:00.250Z" into `out`. */
void vd__time_format_ms(char out[64], int64_t ms);

/*
 * Parse ISO-8601 ("2026-05-01", "2026-05-01T12:00:00.250+02:00"; no zone
 * means UTC) into milliseconds since the epoch; -1 if it is not one.
 */
int vd__time_parse_ms(const char *s, int64_t *out);

#endif
