/*
 * shell.c - split a shell command line into simple commands.
 *
 * Layer: runtime.  This is a lexer for the POSIX shell language plus the
 * bash quoting forms agents use, not an interpreter: it removes quotes and
 * escapes ('r''m', "r"m, \rm and $'\x72m' are all rm), splits at ; && ||
 * | & newlines and parentheses, descends into $( ), backticks and the
 * strings given to bash -c / sh -c / eval, and unwraps the wrappers that
 * run another program (sudo, env, command, nohup, timeout, nice, xargs,
 * ...).  Variables are not expanded: `$X` stays `$X`, which a policy can
 * still match.
 *
 * Recursion (nested $( ) and bash -c) is bounded by MAX_DEPTH; anything
 * deeper is kept as a plain word, never dropped.
 */
#include "common.h"
#include "shell.h"
#include "buf.h"
#include "vec.h"

#include <ctype.h>

#define MAX_DEPTH 16

typedef vd_vec(vd_simple_command) cmd_vec;
typedef vd_vec(char *) word_vec;

typedef struct {
	vd_arena *a;
	cmd_vec *cmds;
	int depth;
} split_ctx;

static void split_into(split_ctx *x, const char *s, size_t len);

static bool
is_op_char(char c)
{
	return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '\n';
}

static int
hexdig(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* $'...' ANSI-C quoting; *i is at the opening quote, left after the closing one. */
static void
ansi_c_quote(vd_buf *w, const char *s, size_t len, size_t *i)
{
	size_t k = *i + 1;

	while (k < len && s[k] != '\'') {
		if (s[k] == '\\' && k + 1 < len) {
			char e = s[++k];
			int v = 0, d, n;

			switch (e) {
			case 'n': vd__buf_putc(w, '\n'); break;
			case 't': vd__buf_putc(w, '\t'); break;
			case 'r': vd__buf_putc(w, '\r'); break;
			case 'a': vd__buf_putc(w, '\a'); break;
			case 'b': vd__buf_putc(w, '\b'); break;
			case 'e': case 'E': vd__buf_putc(w, 27); break;
			case 'f': vd__buf_putc(w, '\f'); break;
			case 'v': vd__buf_putc(w, '\v'); break;
			case 'x':
				for (n = 0; n < 2 && k + 1 < len && (d = hexdig(s[k + 1])) >= 0; n++, k++)
					v = v * 16 + d;
				vd__buf_putc(w, (char)v);
				break;
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7':
				v = e - '0';
				for (n = 1; n < 3 && k + 1 < len && s[k + 1] >= '0' && s[k + 1] <= '7'; n++, k++)
					v = v * 8 + (s[k + 1] - '0');
				vd__buf_putc(w, (char)v);
				break;
			default:
				vd__buf_putc(w, e);
			}
			k++;
			continue;
		}
		vd__buf_putc(w, s[k++]);
	}
	*i = k < len ? k + 1 : k;
}

/* Find the ')' closing a $( that starts at s[*i] == '(', honouring quotes. */
static size_t
find_close_paren(const char *s, size_t len, size_t i)
{
	int level = 0;
	char q = 0;

	for (; i < len; i++) {
		char c = s[i];

		if (q) {
			if (c == '\\' && q == '"' && i + 1 < len)
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '\\' && i + 1 < len)
			i++;
		else if (c == '\'' || c == '"')
			q = c;
		else if (c == '(')
			level++;
		else if (c == ')' && --level == 0)
			return i;
	}
	return len;
}

static void
nested(split_ctx *x, const char *s, size_t len)
{
	if (x->depth >= MAX_DEPTH)
		return;
	x->depth++;
	split_into(x, s, len);
	x->depth--;
}

static const char *
basename_of(const char *w)
{
	const char *s = strrchr(w, '/');

	return s && s[1] ? s + 1 : w;
}

static bool
is_assignment(const char *w)
{
	const char *p = w;

	if (!(isalpha((unsigned char)*p) || *p == '_'))
		return false;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return *p == '=';
}



/*
 * How many words a wrapper takes before the program it runs, or -1 when
 * `name` is not a wrapper.  Options with an argument are consumed too.
 */
static size_t
skip_wrapper(const char *name, char **w, size_t n, size_t i)
{
	if (strcmp(name, "sudo") == 0 || strcmp(name, "doas") == 0) {
		while (i < n && w[i][0] == '-') {
			/* Options that take a value as the next word. */
			if (strchr("ugCDhprtT", w[i][1]) && w[i][1] && !w[i][2] && i + 1 < n)
				i++;
			i++;
		}
		return i;
	}
	if (strcmp(name, "env") == 0) {
		while (i < n && (w[i][0] == '-' || is_assignment(w[i]))) {
			if ((strcmp(w[i], "-u") == 0 || strcmp(w[i], "-C") == 0 ||
			    strcmp(w[i], "-S") == 0) && i + 1 < n)
				i++;
			i++;
		}
		return i;
	}
	if (strcmp(name, "command") == 0 || strcmp(name, "builtin") == 0 ||
	    strcmp(name, "exec") == 0 || strcmp(name, "nohup") == 0 ||
	    strcmp(name, "time") == 0 || strcmp(name, "stdbuf") == 0 ||
	    strcmp(name, "setsid") == 0 || strcmp(name, "unbuffer") == 0) {
		while (i < n && w[i][0] == '-')
			i++;
		return i;
	}
	if (strcmp(name, "nice") == 0 || strcmp(name, "ionice") == 0) {
		while (i < n && w[i][0] == '-') {
			if (w[i][1] && !w[i][2] && i + 1 < n && strchr("nct", w[i][1]))
				i++;
			i++;
		}
		return i;
	}
	if (strcmp(name, "timeout") == 0) {
		while (i < n && w[i][0] == '-') {
			if ((strcmp(w[i], "-s") == 0 || strcmp(w[i], "-k") == 0) && i + 1 < n)
				i++;
			i++;
		}
		return i < n ? i + 1 : i; /* the duration */
	}
	if (strcmp(name, "xargs") == 0) {
		while (i < n && w[i][0] == '-') {
			if (w[i][1] && !w[i][2] && i + 1 < n && strchr("IiLlnPsdEa", w[i][1]))
				i++;
			i++;
		}
		return i;
	}
	return (size_t)-1;
}

static bool
is_shell(const char *name)
{
	return strcmp(name, "sh") == 0 || strcmp(name, "bash") == 0 ||
		strcmp(name, "zsh") == 0 || strcmp(name, "dash") == 0 ||
		strcmp(name, "ksh") == 0 || strcmp(name, "ash") == 0;
}

static void
emit(split_ctx *x, word_vec *words, word_vec *redirs)
{
	size_t start = 0, i;
	vd_simple_command c;
	vd_buf text = VD_BUF_INIT;
	vd_vec(const char *) flags = VD_VEC_INIT;
	char **w = words->ptr;
	size_t n = words->len;
	int unwrap;

	while (start < n && is_assignment(w[start]))
		start++;
	/* Peel wrappers until the real program is first. */
	for (unwrap = 0; start < n && unwrap < 8; unwrap++) {
		size_t next = skip_wrapper(basename_of(w[start]), w, n, start + 1);

		if (next == (size_t)-1)
			break;
		if (next >= n) {
			/* `sudo` alone: keep the wrapper as the command. */
			break;
		}
		start = next;
		while (start < n && is_assignment(w[start]))
			start++;
	}
	if (start >= n && redirs->len == 0)
		return;

	memset(&c, 0, sizeof(c));
	if (start < n) {
		const char *name = basename_of(w[start]);

		c.name = vd__arena_strdup(x->a, name);
		c.argc = (uint32_t)(n - start - 1);
		c.argv = vd__arena_alloc(x->a, sizeof(char *) * (c.argc + 1));
		vd__buf_puts(&text, c.name);
		for (i = 0; i < c.argc; i++) {
			const char *arg = w[start + 1 + i];

			c.argv[i] = vd__arena_strdup(x->a, arg);
			vd__buf_putc(&text, ' ');
			vd__buf_puts(&text, arg);
			if (arg[0] == '-' && arg[1] == '-' && arg[2]) {
				const char *eq = strchr(arg + 2, '=');

				vd_vec_push(&flags, eq ? vd__arena_strndup(x->a, arg + 2, (size_t)(eq - arg - 2)) :
					vd__arena_strdup(x->a, arg + 2));
			} else if (arg[0] == '-' && arg[1] && arg[1] != '-' && !isdigit((unsigned char)arg[1])) {
				const char *f;

				for (f = arg + 1; *f && isalnum((unsigned char)*f); f++)
					vd_vec_push(&flags, vd__arena_strndup(x->a, f, 1));
			}
		}
	} else {
		c.name = "";
		c.argv = vd__arena_alloc(x->a, sizeof(char *));
	}
	c.text = vd__arena_strndup(x->a, vd__buf_cstr(&text), text.size);
	c.nflags = (uint32_t)flags.len;
	c.flags = vd__arena_alloc(x->a, sizeof(char *) * (flags.len + 1));
	if (flags.len)
		memcpy(c.flags, flags.ptr, sizeof(char *) * flags.len);
	c.nredirects = (uint32_t)redirs->len;
	c.redirects = vd__arena_alloc(x->a, sizeof(char *) * (redirs->len + 1));
	for (i = 0; i < redirs->len; i++)
		c.redirects[i] = vd__arena_strdup(x->a, redirs->ptr[i]);
	vd_vec_push(x->cmds, c);
	vd_buf_dispose(&text);
	vd_vec_dispose(&flags);

	/* bash -c 'string' and eval run their argument as a command line. */
	if (start < n && is_shell(c.name)) {
		for (i = start + 1; i < n; i++) {
			if (w[i][0] == '-' && strchr(w[i], 'c') && w[i][1] != '-' && i + 1 < n) {
				nested(x, w[i + 1], strlen(w[i + 1]));
				break;
			}
		}
	} else if (start < n && strcmp(c.name, "eval") == 0 && start + 1 < n) {
		vd_buf joined = VD_BUF_INIT;

		for (i = start + 1; i < n; i++) {
			if (i > start + 1)
				vd__buf_putc(&joined, ' ');
			vd__buf_puts(&joined, w[i]);
		}
		nested(x, vd__buf_cstr(&joined), joined.size);
		vd_buf_dispose(&joined);
	}
}

static void
clear_words(word_vec *v)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		vd__free(v->ptr[i]);
	v->len = 0;
}

static void
split_into(split_ctx *x, const char *s, size_t len)
{
	word_vec words = VD_VEC_INIT, redirs = VD_VEC_INIT;
	vd_buf w = VD_BUF_INIT;
	bool in_word = false, redirect_next = false;
	size_t i = 0;

	while (i <= len) {
		char c = i < len ? s[i] : '\0';

		if (i == len || c == ' ' || c == '\t' || is_op_char(c) ||
		    ((c == '>' || c == '<') && !in_word) ||
		    ((c == '>' || c == '<') && in_word && w.size <= 2 &&
		     strspn(vd__buf_cstr(&w), "0123456789&") == w.size)) {
			/* A word ends: `2>` and `&>` have their fd prefix in w. */
			if (in_word && !((c == '>' || c == '<') && w.size <= 2)) {
				char *word = vd__strndup(vd__buf_cstr(&w), w.size);

				if (redirect_next) {
					vd_vec_push(&redirs, word);
					redirect_next = false;
				} else {
					vd_vec_push(&words, word);
				}
			}
			if ((c == '>' || c == '<')) {
				bool out = c == '>';

				i++;
				while (i < len && (s[i] == '>' || s[i] == '&' || s[i] == '|'))
					i++;
				/* >&2 duplicates a descriptor: no file. */
				if (i < len && isdigit((unsigned char)s[i]) && s[i - 1] == '&') {
					while (i < len && isdigit((unsigned char)s[i]))
						i++;
				} else if (out) {
					redirect_next = true;
				} else {
					redirect_next = false;
				}
				vd__buf_clear(&w);
				in_word = false;
				continue;
			}
			vd__buf_clear(&w);
			in_word = false;
			if (i == len)
				break;
			if (is_op_char(c)) {
				emit(x, &words, &redirs);
				clear_words(&words);
				clear_words(&redirs);
				redirect_next = false;
			}
			i++;
			continue;
		}
		in_word = true;
		if (c == '\\') {
			if (i + 1 < len && s[i + 1] == '\n') {
				i += 2;     /* line continuation */
			} else if (i + 1 < len) {
				vd__buf_putc(&w, s[i + 1]);
				i += 2;
			} else {
				i++;
			}
		} else if (c == '\'') {
			size_t k = i + 1;

			while (k < len && s[k] != '\'')
				vd__buf_putc(&w, s[k++]);
			i = k < len ? k + 1 : k;
		} else if (c == '$' && i + 1 < len && s[i + 1] == '\'') {
			i++;
			ansi_c_quote(&w, s, len, &i);
		} else if (c == '"') {
			size_t k = i + 1;

			while (k < len && s[k] != '"') {
				if (s[k] == '\\' && k + 1 < len && strchr("\"\\$`\n", s[k + 1])) {
					if (s[k + 1] != '\n')
						vd__buf_putc(&w, s[k + 1]);
					k += 2;
					continue;
				}
				if (s[k] == '$' && k + 1 < len && s[k + 1] == '(') {
					size_t close = find_close_paren(s, len, k + 1);

					nested(x, s + k + 2, close > k + 2 ? close - k - 2 : 0);
					vd__buf_put(&w, s + k, (close < len ? close + 1 : len) - k);
					k = close < len ? close + 1 : len;
					continue;
				}
				if (s[k] == '`') {
					const char *e = memchr(s + k + 1, '`', len - k - 1);
					size_t end = e ? (size_t)(e - s) : len;

					nested(x, s + k + 1, end - k - 1);
					vd__buf_put(&w, s + k, (end < len ? end + 1 : len) - k);
					k = end < len ? end + 1 : len;
					continue;
				}
				vd__buf_putc(&w, s[k++]);
			}
			i = k < len ? k + 1 : k;
		} else if (c == '$' && i + 1 < len && s[i + 1] == '(') {
			size_t close = find_close_paren(s, len, i + 1);

			nested(x, s + i + 2, close > i + 2 ? close - i - 2 : 0);
			vd__buf_put(&w, s + i, (close < len ? close + 1 : len) - i);
			i = close < len ? close + 1 : len;
		} else if (c == '`') {
			const char *e = memchr(s + i + 1, '`', len - i - 1);
			size_t end = e ? (size_t)(e - s) : len;

			nested(x, s + i + 1, end - i - 1);
			vd__buf_put(&w, s + i, (end < len ? end + 1 : len) - i);
			i = end < len ? end + 1 : len;
		} else {
			vd__buf_putc(&w, c);
			i++;
		}
	}
	emit(x, &words, &redirs);
	clear_words(&words);
	clear_words(&redirs);
	vd_vec_dispose(&words);
	vd_vec_dispose(&redirs);
	vd_buf_dispose(&w);
}

size_t
vd__shell_split(vd_arena *a, const char *line, size_t len, vd_simple_command **out)
{
	cmd_vec cmds = VD_VEC_INIT;
	split_ctx x;
	vd_simple_command *arr;

	x.a = a;
	x.cmds = &cmds;
	x.depth = 0;
	split_into(&x, line, len);
	arr = vd__arena_alloc(a, sizeof(*arr) * (cmds.len ? cmds.len : 1));
	if (cmds.len)
		memcpy(arr, cmds.ptr, sizeof(*arr) * cmds.len);
	*out = arr;
	len = cmds.len;
	vd_vec_dispose(&cmds);
	return len;
}
