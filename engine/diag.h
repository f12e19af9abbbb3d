/*
 * diag.h - diagnostics: data that accumulates while checking policies.
 *
 * Parsing and lowering append and keep going, so one run reports every
 * error.  Rendering happens in one place: `file:line:col: error: message`,
 * then the source line and a caret under the span.
 */
#ifndef VD_ENGINE_DIAG_H
#define VD_ENGINE_DIAG_H

#include "common.h"
#include "arena.h"
#include "vec.h"

typedef struct {
	const char *file;
	const char *text;   /* the whole source, for caret rendering */
	size_t len;
} vd_diag_source;

struct vd_diags {
	vd_arena arena;                 /* messages, file names, sources */
	vd_vec(vd_diag) items;
	vd_vec(vd_diag_source) sources;
	size_t errors;                  /* every error, shown or not */
	size_t warnings;                /* every warning, shown or not */
	size_t dropped;                 /* diagnostics past VD_MAX_DIAGS, counted only */
	size_t files;                   /* policy files read, for summaries */
	size_t policies;                /* policies lowered */
};

/*
 * Diagnostics kept per list: a file of 100,000 broken lines reports the
 * first ones and how many more, not gigabytes of carets.
 */
#define VD_MAX_DIAGS 1000

/* Columns of a source line shown under a diagnostic; longer lines are cut around the caret. */
#define VD_DIAG_SHOWN_COLUMNS 160

vd_diags *vd__diags_new(void);
/* Keep a copy of a file's text so diagnostics can show the line. */
void vd__diags_add_source(vd_diags *d, const char *file, const char *text, size_t len);
void vd__diag(vd_diags *d, vd_diag_severity sev, const char *file,
	uint32_t line, uint32_t col, uint32_t end_col, const char *fmt, ...)
	VD_PRINTF(7, 8);
/* Sort by file, line, column: errors are read top to bottom. */
void vd__diags_sort(vd_diags *d);

#endif
