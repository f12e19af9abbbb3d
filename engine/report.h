/*
 * report.h - what every report shares: JSON output, markdown-safe text,
 * one-line text.  Implemented in report.c.
 */
#ifndef VD_ENGINE_REPORT_H
#define VD_ENGINE_REPORT_H

#include "common.h"

#include <jansson.h>

/* Append `o` as indented JSON and a newline, and release it. */
int vd__report_json(vd_buf *out, json_t *o);

/* A JSON string, or null for NULL (a new reference). */
json_t *vd__report_str(const char *s);

/*
 * Text for a markdown table cell or a list item: nothing in it can end the
 * cell, start HTML or format.  Cut with an ellipsis after `max` characters.
 */
void vd__report_md(vd_buf *b, const char *s, size_t max);

/* Text on one line: control characters become spaces; cut after `max`. */
void vd__report_line(vd_buf *b, const char *s, size_t max);

#endif
