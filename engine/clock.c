/*
 * clock.c - time for the audit log and its readers: now, in milliseconds,
 * and ISO-8601 text in and out.
 *
 * Layer: base (libc only).  Event times arrive as ISO-8601 text with any
 * zone; the log stores milliseconds since the epoch in UTC so that time
 * ranges compare as integers, and writes UTC text with milliseconds.
 */
#include "common.h"
#include "clock.h"

#include <ctype.h>
#include <time.h>

int64_t
vd__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
vd__monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
vd__time_format_ms(char out[64], int64_t ms)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		(int)(ms - (int64_t)t * 1000));
}

static bool
digits(const char *p, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

int
vd__time_parse_ms(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, oh = 0, om = 0, sign = 0;
	const char *p = s;

	if (s == NULL || !digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) ||
	    p[7] != '-' || !digits(p + 8, 2, &d))
		return -1;
	p += 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec))
				return -1;
			p += 3;
			if (*p == '.' || *p == ',') {
				int scale = 100;

				if (!isdigit((unsigned char)p[1]))
					return -1;
				for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
					ms += (*p - '0') * scale;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '+' ? 1 : -1;
			if (!digits(p + 1, 2, &oh))
				return -1;
			p += 3;
			if (*p == ':')
				p++;
			if (!digits(p, 2, &om))
				return -1;
			p += 2;
		}
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return -1;
	*out = ((int64_t)timegm(&(struct tm){ .tm_year = y - 1900, .tm_mon = mo - 1,
		.tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec }) -
		sign * (oh * 3600 + om * 60)) * 1000 + ms;
	return 0;
}

int
vd_time_parse(time_t *out, const char *text)
{
	int64_t ms;

	VD_ASSERT_ARG(out && text);
	if (vd__time_parse_ms(text, &ms) < 0)
		return vd__error_set(VD_EINVALID,
			"'%s' is not a time; expected ISO-8601 such as 2026-05-01 or 2026-05-01T12:00:00Z",
			text);
	*out = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	return 0;
}
