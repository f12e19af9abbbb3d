/*
 * buf.h - the growable string buffer (the public vd_buf) and its helpers.
 *
 * Always NUL-terminated once anything was written.  Used for every string
 * we build: rendered messages, JSON, reports.
 */
#ifndef VD_ENGINE_BUF_H
#define VD_ENGINE_BUF_H

#include "common.h"

void vd__buf_grow(vd_buf *b, size_t extra);
void vd__buf_put(vd_buf *b, const char *data, size_t len);
void vd__buf_puts(vd_buf *b, const char *s);
void vd__buf_putc(vd_buf *b, char c);
void vd__buf_printf(vd_buf *b, const char *fmt, ...) VD_PRINTF(2, 3);
void vd__buf_vprintf(vd_buf *b, const char *fmt, va_list ap);
void vd__buf_clear(vd_buf *b);
/* Take the bytes out of the buffer; the caller frees them with vd__free(). */
char *vd__buf_detach(vd_buf *b);
/* Append `s` as a JSON string literal, quotes included. */
void vd__buf_put_json_string(vd_buf *b, const char *s, size_t len);
/* A string the buffer holds, "" while empty. */
static inline const char *
vd__buf_cstr(const vd_buf *b)
{
	return b->ptr ? b->ptr : "";
}

#endif
