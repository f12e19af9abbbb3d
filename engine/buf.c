/*
 * buf.c - the growable string buffer.
 *
 * Layer: base.
 */
#include "common.h"
#include "buf.h"

void
vd__buf_grow(vd_buf *b, size_t extra)
{
	size_t need = vd__add(vd__add(b->size, extra), 1);
	size_t n;

	if (need <= b->asize)
		return;
	n = b->asize ? b->asize : 64;
	while (n < need)
		n = vd__mul(n, 2);
	b->ptr = vd__realloc(b->ptr, n);
	b->asize = n;
}

void
vd__buf_put(vd_buf *b, const char *data, size_t len)
{
	vd__buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
}

void
vd__buf_puts(vd_buf *b, const char *s)
{
	vd__buf_put(b, s, strlen(s));
}

void
vd__buf_putc(vd_buf *b, char c)
{
	vd__buf_put(b, &c, 1);
}

void
vd__buf_vprintf(vd_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	vd__buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	b->size += (size_t)n;
}

void
vd__buf_printf(vd_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vd__buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
vd__buf_clear(vd_buf *b)
{
	b->size = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *
vd__buf_detach(vd_buf *b)
{
	char *p = b->ptr ? b->ptr : vd__strdup("");

	b->ptr = NULL;
	b->size = b->asize = 0;
	return p;
}

void
vd__buf_put_json_string(vd_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	vd__buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		vd__buf_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': vd__buf_put(b, "\\\"", 2); break;
		case '\\': vd__buf_put(b, "\\\\", 2); break;
		case '\n': vd__buf_put(b, "\\n", 2); break;
		case '\r': vd__buf_put(b, "\\r", 2); break;
		case '\t': vd__buf_put(b, "\\t", 2); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			vd__buf_put(b, esc, 6);
		}
	}
	vd__buf_put(b, s + run, len - run);
	vd__buf_putc(b, '"');
}

void
vd_buf_dispose(vd_buf *b)
{
	if (b == NULL)
		return;
	vd__free(b->ptr);
	b->ptr = NULL;
	b->size = b->asize = 0;
}

void
vd_buf_put(vd_buf *b, const char *data, size_t len)
{
	vd__buf_put(b, data, len);
}

void
vd_buf_printf(vd_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vd__buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
vd_buf_clear(vd_buf *b)
{
	vd__buf_clear(b);
}
