/*
 * shell.c - split a shell command line into simple commands.
 *
 * Layer: runtime.  A lexer for the POSIX shell language plus the bash forms
 * agents use, not an interpreter.  What it undoes, so that a policy on a
 * program cannot be dodged by spelling:
 *
 *  - quoting and escapes: 'r''m', "r"m, \rm, $'\x72m', $'\162m' are all rm;
 *  - separators: ; && || | |& & newlines, ( ) subshells, { } groups, the
 *    reserved words of if/while/until/for/case, comments;
 *  - nesting: $( ), backticks, <( ) and >( ), and the strings run by
 *    bash -c / sh -c, eval, su -c, ssh HOST CMD, watch, env -S, find -exec,
 *    here-strings and here-documents fed to a shell, `echo CMD | sh`;
 *  - wrappers that run another program: sudo, doas, env (and NAME=value
 *    prefixes), command, builtin, exec, nohup, time, timeout N, nice,
 *    ionice, chrt, taskset, stdbuf, setsid, flock, chroot, strace, xargs,
 *    busybox, ...; each one peeled is listed in `wrappers`;
 *  - word tricks: unquoted ${IFS} splits words, {a,b} brace expansion,
 *    variables assigned earlier on the line ($X, ${X}, ${X:-default}), and
 *    substitutions whose output is known ($(echo rm), `printf rm`,
 *    $(which rm)) are expanded;
 *  - the program's directory: /bin/rm and ./rm are rm.
 *
 * Each simple command also lists what it implies doing to files and URLs
 * (see shell.h), and which programs feed its input (`input`: the earlier
 * commands of its pipeline and the commands substituted into its words),
 * so `curl URL | sh`, `sh <(curl URL)` and `bash -c "$(curl URL)"` all show
 * a shell whose input comes from curl.
 *
 * Unknown variables stay as written ($X), which a policy can still match.
 * Bounds: nesting deeper than VD_SHELL_MAX_DEPTH stays a plain word (never
 * dropped); expansion output is capped by a budget proportional to the
 * input; more than VD_SHELL_MAX_COMMANDS commands or VD_SHELL_MAX_IMPLIED
 * implied actions is a VD_ELIMIT error.  Malformed input (unclosed quotes
 * or parentheses) runs to the end of the line and never fails.
 */
#include "common.h"
#include "shell.h"
#include "buf.h"
#include "vec.h"

#include <ctype.h>

#define NONE          ((size_t)-1)
#define MAX_WORDS     65536   /* words in one simple command */
#define MAX_BRACE     256     /* words one brace expansion may produce */
#define MAX_VARS      64
#define MAX_VALUE     4096    /* bytes of one tracked variable */
#define MAX_PEEL      32      /* wrappers and reserved words before a program */

typedef struct {
	char *s;                  /* the text, quotes removed (malloc) */
	size_t len;
	bool quoted;              /* some part was quoted or escaped */
} word;

typedef enum { R_OUT, R_IN, R_RW, R_HEREDOC, R_HEREDOC_STRIP, R_HERESTRING } redir_kind;

typedef struct {
	int kind;
	char *target;             /* malloc */
	bool quoted;
	char op[4];               /* as written: ">", ">>", "&>", "<", "<>", ... */
} redir;

typedef struct {
	char *delim;              /* malloc */
	bool strip;               /* <<- strips leading tabs */
	bool quoted;              /* a quoted delimiter: no expansion in the body */
	bool to_shell;            /* the body is a script a shell reads */
	size_t cmd;               /* the command the body is fed to */
} heredoc;

typedef struct {
	char *name, *value;       /* malloc */
} var;

typedef vd_vec(vd_simple_command) cmd_vec;
typedef vd_vec(const char *) str_vec;

typedef struct {
	vd_arena *a;
	cmd_vec cmds;
	int depth;
	bool overflow;
	const char *overflow_what;
	size_t budget;            /* bytes expansions may still produce */
	size_t nimplied;
	vd_vec(var) vars;
	char *dir;                /* the `cd` chain so far (malloc), NULL for the event's cwd */
	str_vec outer;            /* wrappers of the command whose string is being split */
} split_ctx;

/* One command line (or nested string) being split. */
typedef struct {
	vd_vec(word) words;
	vd_vec(redir) redirs;
	int pending;              /* a redirection waiting for its word, or -1 */
	char pending_op[4];       /* its operator */
	vd_buf w;                 /* the word being built */
	vd_buf m;                 /* per byte of w: 1 when unquoted (brace expansion applies) */
	bool in_word;
	size_t pipe_from;         /* the command piped into the next one, or NONE */
	size_t pipeline_start;    /* first command of the current pipeline */
	str_vec pipe_names;       /* programs of the pipeline so far */
	str_vec subst_names;      /* programs substituted into this command's words */
	vd_vec(heredoc) heredocs; /* bodies that start after the next newline */
} seg;

static void split_into(split_ctx *x, const char *s, size_t len);

/* ---- small helpers ---------------------------------------------------- */

static bool
streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* c is one of the characters of set (never true for NUL). */
static bool
one_of(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (streq(s, *list))
			return true;
	return false;
}

static int
hexdig(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static const char *
basename_of(const char *w)
{
	const char *s = strrchr(w, '/');

	return s && s[1] ? s + 1 : w;
}

static bool
is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static bool
is_assignment(const char *w)
{
	const char *p = w;

	if (!is_name_start(*p))
		return false;
	while (is_name_char(*p))
		p++;
	return *p == '=';
}

static bool
is_shell(const char *name)
{
	static const char *const shells[] = { "sh", "bash", "zsh", "dash", "ksh", "ash",
		"mksh", "yash", "rbash", "fish", NULL };

	return in_list(name, shells);
}

/*
 * Decode one backslash escape of $'...' or printf at s[*k] (the character
 * after the backslash), appending to w.  NUL bytes are dropped, as bash
 * truncates at them.
 */
static void
decode_escape(vd_buf *w, const char *s, size_t len, size_t *k)
{
	char e = s[*k];
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
		for (n = 0; n < 2 && *k + 1 < len && (d = hexdig(s[*k + 1])) >= 0; n++, (*k)++)
			v = v * 16 + d;
		if (n == 0)
			vd__buf_puts(w, "\\x");
		else if (v)
			vd__buf_putc(w, (char)v);
		break;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		v = e - '0';
		for (n = 1; n < 3 && *k + 1 < len && s[*k + 1] >= '0' && s[*k + 1] <= '7'; n++, (*k)++)
			v = v * 8 + (s[*k + 1] - '0');
		if (v & 0xff)
			vd__buf_putc(w, (char)v);
		break;
	default:
		vd__buf_putc(w, e);
	}
	(*k)++;
}

/*
 * Where the `close` matching the `open` at s[i] is, honouring quotes and
 * escapes; len if none.  Backticks quote inside $( ) but not inside ${ }.
 */
static size_t
find_close(const char *s, size_t len, size_t i, char open, char close)
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
		else if (c == '\'' || c == '"' || (c == '`' && open == '('))
			q = c;
		else if (c == open)
			level++;
		else if (c == close && --level == 0)
			return i;
	}
	return len;
}

/* Append `w` single-quoted, so a nested split reads it back as one word. */
static void
put_quoted(vd_buf *b, const char *w)
{
	vd__buf_putc(b, '\'');
	for (; *w; w++) {
		if (*w == '\'')
			vd__buf_puts(b, "'\\''");
		else
			vd__buf_putc(b, *w);
	}
	vd__buf_putc(b, '\'');
}

/* ---- variables ----------------------------------------------------------- */

static const char *
var_get(split_ctx *x, const char *name, size_t n)
{
	size_t i;

	for (i = x->vars.len; i-- > 0;)
		if (strlen(x->vars.ptr[i].name) == n && memcmp(x->vars.ptr[i].name, name, n) == 0)
			return x->vars.ptr[i].value;
	return NULL;
}

static void
var_set(split_ctx *x, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	size_t n = (size_t)(eq - assignment), i;
	var v;

	if (strlen(eq + 1) > MAX_VALUE)
		return;
	for (i = 0; i < x->vars.len; i++)
		if (strlen(x->vars.ptr[i].name) == n && memcmp(x->vars.ptr[i].name, assignment, n) == 0) {
			vd__free(x->vars.ptr[i].value);
			x->vars.ptr[i].value = vd__strdup(eq + 1);
			return;
		}
	if (x->vars.len >= MAX_VARS)
		return;
	v.name = vd__strndup(assignment, n);
	v.value = vd__strdup(eq + 1);
	vd_vec_push(&x->vars, v);
}

/* ---- words -------------------------------------------------------------- */

static void
put(seg *g, char c, bool unquoted)
{
	vd__buf_putc(&g->w, c);
	vd__buf_putc(&g->m, unquoted ? 1 : 0);
	g->in_word = true;
}

static void
put_n(seg *g, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put(g, s[i], false);
}

static void
push_word(split_ctx *x, seg *g, const char *s, size_t n, bool quoted)
{
	word w;

	if (g->words.len >= MAX_WORDS) {
		x->overflow = true;
		x->overflow_what = "words in one simple command (the limit is 65536)";
		return;
	}
	w.s = vd__strndup(s, n);
	w.len = n;
	w.quoted = quoted;
	vd_vec_push(&g->words, w);
}

/*
 * Bash brace expansion of unquoted {a,b,...}: `{rm,-rf,/}` is `rm -rf /`
 * and `-{r,f}` is `-r -f`.  Sequences ({1..3}) and braces without a comma
 * ({} of find) stay as written.  At most MAX_BRACE words come out of one.
 */
static void
brace_expand(split_ctx *x, seg *g, const char *s, const char *m, size_t n, bool quoted,
	size_t *made, int depth)
{
	size_t open, close = 0, i, start;
	int level = 0;
	bool comma = false;

	for (open = 0; open < n; open++) {
		if (s[open] != '{' || !m[open])
			continue;
		level = 0;
		comma = false;
		for (close = open; close < n; close++) {
			if (!m[close])
				continue;
			if (s[close] == '{')
				level++;
			else if (s[close] == '}' && --level == 0)
				break;
			else if (s[close] == ',' && level == 1)
				comma = true;
		}
		if (close < n && comma)
			break;
	}
	if (open >= n || *made >= MAX_BRACE || depth >= VD_SHELL_MAX_DEPTH) {
		(*made)++;
		push_word(x, g, s, n, quoted);
		return;
	}
	level = 0;
	start = open + 1;
	for (i = open + 1; i <= close; i++) {
		if (m[i] && s[i] == '{')
			level++;
		else if (m[i] && s[i] == '}' && level > 0)
			level--;
		if (i == close || (m[i] && s[i] == ',' && level == 0)) {
			size_t alt = i - start, total = open + alt + (n - close - 1);
			char *ns = vd__malloc(total + 1), *nm = vd__malloc(total + 1);

			memcpy(ns, s, open);
			memcpy(ns + open, s + start, alt);
			memcpy(ns + open + alt, s + close + 1, n - close - 1);
			memcpy(nm, m, open);
			memcpy(nm + open, m + start, alt);
			memcpy(nm + open + alt, m + close + 1, n - close - 1);
			ns[total] = nm[total] = '\0';
			brace_expand(x, g, ns, nm, total, quoted, made, depth + 1);
			vd__free(ns);
			vd__free(nm);
			start = i + 1;
			if (*made >= MAX_BRACE)
				break;
		}
	}
}

static bool
word_quoted(const seg *g)
{
	size_t i;

	for (i = 0; i < g->m.size; i++)
		if (!g->m.ptr[i])
			return true;
	return g->in_word && g->w.size == 0;
}

/* The word being built is complete: a redirection target or a word. */
static void
word_end(split_ctx *x, seg *g)
{
	bool quoted;

	if (!g->in_word)
		return;
	quoted = word_quoted(g);
	if (g->pending >= 0) {
		redir r;

		r.kind = g->pending;
		r.target = vd__strndup(vd__buf_cstr(&g->w), g->w.size);
		r.quoted = quoted;
		memcpy(r.op, g->pending_op, sizeof(r.op));
		vd_vec_push(&g->redirs, r);
		g->pending = -1;
	} else {
		size_t made = 0;

		brace_expand(x, g, vd__buf_cstr(&g->w), vd__buf_cstr(&g->m), g->w.size, quoted, &made, 0);
	}
	vd__buf_clear(&g->w);
	vd__buf_clear(&g->m);
	g->in_word = false;
}

/* Expanded text: unquoted, it is split at blanks (and ${IFS} is a blank). */
static void
put_value(split_ctx *x, seg *g, const char *v, size_t n, bool dq)
{
	size_t i;

	if (n > x->budget) {
		put_n(g, "$?", 2); /* over budget: an unknown value, still visible */
		return;
	}
	x->budget -= n;
	g->in_word = g->in_word || dq;
	for (i = 0; i < n; i++) {
		if (!dq && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n'))
			word_end(x, g);
		else
			put(g, v[i], false);
	}
}

/* ---- nesting ------------------------------------------------------------- */

/* Split a nested string; false when too deep (the caller keeps the text). */
static bool
nested(split_ctx *x, const char *s, size_t len)
{
	if (x->depth >= VD_SHELL_MAX_DEPTH || x->overflow)
		return false;
	x->depth++;
	split_into(x, s, len);
	x->depth--;
	return true;
}

/*
 * Split a nested string run by the command `c`: the commands in it carry
 * c's wrappers (which already hold the outer ones) and c itself.
 */
static void
nested_under(split_ctx *x, const vd_simple_command *c, const char *s, size_t len)
{
	str_vec saved = x->outer;
	uint32_t i;

	memset(&x->outer, 0, sizeof(x->outer));
	for (i = 0; i < c->nwrappers; i++)
		vd_vec_push(&x->outer, c->wrappers[i]);
	if (c->name[0])
		vd_vec_push(&x->outer, c->name);
	nested(x, s, len);
	vd_vec_dispose(&x->outer);
	x->outer = saved;
}

/* What `echo`/`printf`/`which` print, when that is all a substitution runs. */
static char *
known_output(const vd_simple_command *c)
{
	vd_buf b = VD_BUF_INIT;
	uint32_t i = 0;

	if (streq(c->name, "echo")) {
		bool esc = false, first = true;

		for (; i < c->argc && c->argv[i][0] == '-' && strspn(c->argv[i] + 1, "neE") == strlen(c->argv[i] + 1) &&
		    c->argv[i][1]; i++)
			esc = esc || strchr(c->argv[i], 'e') != NULL;
		for (; i < c->argc; i++) {
			const char *a = c->argv[i];
			size_t k = 0, n = strlen(a);

			if (!first)
				vd__buf_putc(&b, ' ');
			first = false;
			while (k < n) {
				if (esc && a[k] == '\\' && k + 1 < n) {
					k++;
					decode_escape(&b, a, n, &k);
				} else {
					vd__buf_putc(&b, a[k++]);
				}
			}
		}
	} else if (streq(c->name, "printf") && c->argc >= 1) {
		const char *f = c->argv[0];
		size_t k = 0, n = strlen(f);
		uint32_t arg = 1;

		while (k < n) {
			if (f[k] == '\\' && k + 1 < n) {
				k++;
				decode_escape(&b, f, n, &k);
			} else if (f[k] == '%' && k + 1 < n && f[k + 1] == 's') {
				if (arg < c->argc)
					vd__buf_puts(&b, c->argv[arg++]);
				k += 2;
			} else if (f[k] == '%' && k + 1 < n && f[k + 1] == '%') {
				vd__buf_putc(&b, '%');
				k += 2;
			} else {
				vd__buf_putc(&b, f[k++]);
			}
		}
	} else if ((streq(c->name, "which") || streq(c->name, "type")) && c->argc >= 1) {
		for (i = 0; i < c->argc && c->argv[i][0] == '-'; i++)
			;
		if (i < c->argc)
			vd__buf_puts(&b, c->argv[i]);
	} else if (streq(c->name, "command") && c->argc >= 2 &&
	    (streq(c->argv[0], "-v") || streq(c->argv[0], "-V"))) {
		vd__buf_puts(&b, c->argv[1]);
	} else {
		return NULL;
	}
	return vd__buf_detach(&b);
}

/*
 * $( ) or backticks: split the inner text; when all it runs is an echo,
 * printf or which, its output takes the place of the substitution, else
 * the text stays as written.
 */
static void
substitute(split_ctx *x, seg *g, const char *inner, size_t ilen, const char *lit,
	size_t llen, bool dq)
{
	size_t before = x->cmds.len, i;
	char *out = NULL;

	if (nested(x, inner, ilen)) {
		for (i = before; i < x->cmds.len; i++)
			if (x->cmds.ptr[i].name[0])
				vd_vec_push(&g->subst_names, x->cmds.ptr[i].name);
		if (x->cmds.len == before + 1)
			out = known_output(&x->cmds.ptr[before]);
	}
	if (out) {
		size_t n = strlen(out);

		/* A trailing newline is removed by the shell. */
		while (n && out[n - 1] == '\n')
			n--;
		put_value(x, g, out, n, dq);
		vd__free(out);
	} else {
		put_n(g, lit, llen);
	}
}

/* ---- $ and backticks ------------------------------------------------------ */

static void
param(split_ctx *x, seg *g, const char *p, size_t n, const char *lit, size_t llen, bool dq)
{
	size_t k = 0;
	const char *val;

	while (k < n && is_name_char(p[k]))
		k++;
	if (k == 0 || !is_name_start(p[0])) {
		put_n(g, lit, llen);
		return;
	}
	/* ${IFS}, ${IFS:0:1}, ${IFS%?}: a blank, whatever the modifier. */
	if (k == 3 && memcmp(p, "IFS", 3) == 0 && !var_get(x, "IFS", 3)) {
		put_value(x, g, " ", 1, dq);
		return;
	}
	val = var_get(x, p, k);
	if (k == n) {
		if (val) {
			put_value(x, g, val, strlen(val), dq);
		} else {
			put(g, '$', false);
			put_n(g, p, k);
		}
		return;
	}
	{
		const char *op = p + k, *def;
		size_t oplen = (op[0] == ':' && n - k >= 2) ? 2 : 1;
		char kind = op[oplen - 1];
		bool colon = oplen == 2;
		vd_buf d = VD_BUF_INIT;
		size_t i;

		if (kind != '-' && kind != '=' && kind != '+') {
			put_n(g, lit, llen);
			return;
		}
		def = op + oplen;
		/* The default is itself a word: remove its quotes. */
		for (i = 0; i < (size_t)(p + n - def); i++)
			if (def[i] != '"' && def[i] != '\'' && def[i] != '\\')
				vd__buf_putc(&d, def[i]);
		if (kind == '+') {
			if (val && (!colon || *val))
				put_value(x, g, vd__buf_cstr(&d), d.size, dq);
		} else if (val && (!colon || *val)) {
			put_value(x, g, val, strlen(val), dq);
		} else {
			/* Unknown here: it may be unset, so the default is what runs. */
			put_value(x, g, vd__buf_cstr(&d), d.size, dq);
		}
		vd_buf_dispose(&d);
	}
}

static size_t
dollar(split_ctx *x, seg *g, const char *s, size_t len, size_t i, bool dq)
{
	char n;

	if (i + 1 >= len) {
		put(g, '$', !dq);
		return i + 1;
	}
	n = s[i + 1];
	if (!dq && n == '\'') {
		/* $'...': ANSI-C quoting. */
		size_t k = i + 2;

		g->in_word = true;
		while (k < len && s[k] != '\'') {
			if (s[k] == '\\' && k + 1 < len) {
				k++;
				decode_escape(&g->w, s, len, &k);
				while (g->m.size < g->w.size)
					vd__buf_putc(&g->m, 0);
				continue;
			}
			put(g, s[k++], false);
		}
		return k < len ? k + 1 : k;
	}
	if (!dq && n == '"')
		return i + 1;  /* $"...": a double-quoted string */
	if (n == '(') {
		size_t close = find_close(s, len, i + 1, '(', ')');
		size_t end = close < len ? close + 1 : len;

		if (i + 2 < len && s[i + 2] == '(') {
			/* $(( )): arithmetic; only substitutions inside it run. */
			size_t inner = i + 3, ilen = close > inner ? close - inner : 0;

			if (memchr(s + inner, '`', ilen) || (ilen > 1 && memmem(s + inner, ilen, "$(", 2)))
				nested(x, s + inner, ilen);
			put_n(g, s + i, end - i);
			return end;
		}
		substitute(x, g, s + i + 2, close > i + 2 ? close - i - 2 : 0, s + i, end - i, dq);
		return end;
	}
	if (n == '{') {
		size_t close = find_close(s, len, i + 1, '{', '}');
		size_t end = close < len ? close + 1 : len;

		param(x, g, s + i + 2, close > i + 2 ? close - i - 2 : 0, s + i, end - i, dq);
		return end;
	}
	if (is_name_start(n)) {
		size_t j = i + 1;
		const char *val;

		while (j < len && is_name_char(s[j]))
			j++;
		if (j - i - 1 == 3 && memcmp(s + i + 1, "IFS", 3) == 0 && !var_get(x, "IFS", 3)) {
			put_value(x, g, " ", 1, dq);
			return j;
		}
		if ((val = var_get(x, s + i + 1, j - i - 1)) != NULL)
			put_value(x, g, val, strlen(val), dq);
		else
			put_n(g, s + i, j - i);
		return j;
	}
	if (isdigit((unsigned char)n) || one_of(n, "@*#?$!-")) {
		put_n(g, s + i, 2);
		return i + 2;
	}
	put(g, '$', false);
	return i + 1;
}

static size_t
backtick(split_ctx *x, seg *g, const char *s, size_t len, size_t i, bool dq)
{
	vd_buf inner = VD_BUF_INIT;
	size_t k = i + 1;

	while (k < len && s[k] != '`') {
		if (s[k] == '\\' && k + 1 < len && one_of(s[k + 1], "`\\$")) {
			vd__buf_putc(&inner, s[k + 1]);
			k += 2;
			continue;
		}
		vd__buf_putc(&inner, s[k++]);
	}
	k = k < len ? k + 1 : k;
	substitute(x, g, vd__buf_cstr(&inner), inner.size, s + i, k - i, dq);
	vd_buf_dispose(&inner);
	return k;
}

/* The inside of "...", or an unquoted here-document body (dq rules). */
static size_t
dq_content(split_ctx *x, seg *g, const char *s, size_t len, size_t k, char stop)
{
	while (k < len && s[k] != stop) {
		if (s[k] == '\\' && k + 1 < len && one_of(s[k + 1], "\"\\$`\n")) {
			if (s[k + 1] != '\n')
				put(g, s[k + 1], false);
			k += 2;
			continue;
		}
		if (s[k] == '$') {
			k = dollar(x, g, s, len, k, true);
			continue;
		}
		if (s[k] == '`') {
			k = backtick(x, g, s, len, k, true);
			continue;
		}
		put(g, s[k++], false);
	}
	return k;
}

/* One piece of a word at s[i]: an escape, a quoted string, $..., `...`, or a character. */
static size_t
word_part(split_ctx *x, seg *g, const char *s, size_t len, size_t i)
{
	char c = s[i];
	size_t k;

	switch (c) {
	case '\\':
		if (i + 1 < len && s[i + 1] == '\n')
			return i + 2;  /* line continuation */
		if (i + 1 >= len)
			return i + 1;
		put(g, s[i + 1], false);
		return i + 2;
	case '\'':
		g->in_word = true;
		for (k = i + 1; k < len && s[k] != '\''; k++)
			put(g, s[k], false);
		return k < len ? k + 1 : k;
	case '"':
		g->in_word = true;
		k = dq_content(x, g, s, len, i + 1, '"');
		return k < len ? k + 1 : k;
	case '$':
		return dollar(x, g, s, len, i, false);
	case '`':
		return backtick(x, g, s, len, i, false);
	default:
		put(g, c, true);
		return i + 1;
	}
}

/* ---- redirections ---------------------------------------------------------- */

static size_t
procsub(split_ctx *x, seg *g, const char *s, size_t len, size_t open)
{
	size_t close = find_close(s, len, open, '(', ')'), before = x->cmds.len, i;

	if (nested(x, s + open + 1, close > open + 1 ? close - open - 1 : 0))
		for (i = before; i < x->cmds.len; i++)
			if (x->cmds.ptr[i].name[0])
				vd_vec_push(&g->subst_names, x->cmds.ptr[i].name);
	return close < len ? close + 1 : len;
}

static size_t redirection_op(split_ctx *x, seg *g, const char *s, size_t len, size_t i);

/* A redirection at s[i]; its operator, as written, goes with the target. */
static size_t
redirection(split_ctx *x, seg *g, const char *s, size_t len, size_t i)
{
	size_t end = redirection_op(x, g, s, len, i), n = end - i;

	if (g->pending >= 0) {
		if (n > 3)
			n = 3;
		memcpy(g->pending_op, s + i, n);
		g->pending_op[n] = '\0';
	}
	return end;
}

static size_t
redirection_op(split_ctx *x, seg *g, const char *s, size_t len, size_t i)
{
	char c = s[i];
	size_t j;

	/* An all-digit unquoted word right before the operator is a descriptor: 2> */
	if (g->in_word && g->w.size > 0 && strspn(g->w.ptr, "0123456789") == g->w.size &&
	    !word_quoted(g)) {
		vd__buf_clear(&g->w);
		vd__buf_clear(&g->m);
		g->in_word = false;
	} else {
		word_end(x, g);
	}
	if (c == '<') {
		if (i + 2 < len && s[i + 1] == '<' && s[i + 2] == '<') {
			g->pending = R_HERESTRING;
			return i + 3;
		}
		if (i + 1 < len && s[i + 1] == '<') {
			if (i + 2 < len && s[i + 2] == '-') {
				g->pending = R_HEREDOC_STRIP;
				return i + 3;
			}
			g->pending = R_HEREDOC;
			return i + 2;
		}
		if (i + 1 < len && s[i + 1] == '(')
			return procsub(x, g, s, len, i + 1);
		if (i + 1 < len && s[i + 1] == '>') {
			g->pending = R_RW;
			return i + 2;
		}
		if (i + 1 < len && s[i + 1] == '&') {
			for (j = i + 2; j < len && isdigit((unsigned char)s[j]); j++)
				;
			return j < len && s[j] == '-' ? j + 1 : j;
		}
		g->pending = R_IN;
		return i + 1;
	}
	if (i + 1 < len && s[i + 1] == '(')
		return procsub(x, g, s, len, i + 1);
	if (i + 1 < len && (s[i + 1] == '>' || s[i + 1] == '|')) {
		g->pending = R_OUT;
		return i + 2;
	}
	if (i + 1 < len && s[i + 1] == '&') {
		j = i + 2;
		if (j < len && (isdigit((unsigned char)s[j]) || s[j] == '-')) {
			while (j < len && isdigit((unsigned char)s[j]))
				j++;
			return j < len && s[j] == '-' ? j + 1 : j;
		}
		g->pending = R_OUT;  /* >& file: stdout and stderr to the file */
		return j;
	}
	g->pending = R_OUT;
	return i + 1;
}

/* ---- wrappers ------------------------------------------------------------- */

enum {
	W_ASSIGN = 1,    /* NAME=value words may follow the options (env) */
	W_LOOKUP = 2,    /* -v / -V make it a lookup, not a run (command) */
};

typedef struct {
	const char *name;
	const char *with_arg;    /* short options that take a value */
	uint8_t positional;      /* operands before the program: timeout's duration */
	uint8_t flags;
} wrapper_spec;

static const wrapper_spec wrappers[] = {
	{ "sudo", "aCDghpRrTtUu", 0, 0 },
	{ "doas", "Cu", 0, 0 },
	{ "env", "CSu", 0, W_ASSIGN },
	{ "command", "", 0, W_LOOKUP },
	{ "builtin", "", 0, 0 },
	{ "exec", "a", 0, 0 },
	{ "nohup", "", 0, 0 },
	{ "time", "fo", 0, 0 },
	{ "stdbuf", "eio", 0, 0 },
	{ "setsid", "", 0, 0 },
	{ "unbuffer", "", 0, 0 },
	{ "nice", "n", 0, 0 },
	{ "ionice", "cnp", 0, 0 },
	{ "chrt", "", 1, 0 },
	{ "taskset", "", 1, 0 },
	{ "timeout", "ks", 1, 0 },
	{ "xargs", "adEeIiLlnPs", 0, 0 },
	{ "flock", "Ew", 1, 0 },
	{ "chroot", "", 1, 0 },
	{ "strace", "abeEIoOpPsSuUX", 0, 0 },
	{ "ltrace", "aAeEnopsSu", 0, 0 },
	{ "busybox", "", 0, 0 },
	{ "proxychains", "f", 0, 0 },
	{ "proxychains4", "f", 0, 0 },
	{ "torsocks", "aPpu", 0, 0 },
	{ "firejail", "", 0, 0 },
	{ "unshare", "", 0, 0 },
	{ "nsenter", "GSt", 0, 0 },
	{ "runuser", "gGu", 0, 0 },
	{ "pkexec", "", 0, 0 },
	{ "caffeinate", "tw", 0, 0 },
	{ "catchsegv", "", 0, 0 },
	{ "valgrind", "", 0, 0 },
	{ "coproc", "", 0, 0 },
};

/* Long options (of any wrapper) whose value is the next word. */
static const char *const long_with_arg[] = {
	"user", "group", "host", "prompt", "role", "type", "close-from", "chdir",
	"chroot", "other-user", "command-timeout", "unset", "signal", "kill-after",
	"adjustment", "userspec", "max-args", "max-lines", "max-procs", "delimiter",
	"arg-file", "eof", "replace", "output", "timeout", "conflict-exit-code",
	"wait", "target", NULL,
};

static const wrapper_spec *
find_wrapper(const char *name)
{
	size_t i;

	for (i = 0; i < VD_ARRAY_SIZE(wrappers); i++)
		if (streq(wrappers[i].name, name))
			return &wrappers[i];
	return NULL;
}

/*
 * The index of the program a wrapper at w[i - 1] runs, or NONE when it is
 * not a wrapper here.  `split_string` is set for env -S STRING, whose
 * string holds the program and its first words.  xargs' replacement string
 * (-I R, -i) goes to `*xargs_repl`.
 */
static size_t
skip_wrapper(const char *name, const word *w, size_t n, size_t i, const char **split_string,
	const char **xargs_repl)
{
	const wrapper_spec *ws = find_wrapper(name);
	unsigned pos;

	if (ws == NULL)
		return NONE;
	while (i < n && w[i].s[0] == '-' && w[i].s[1]) {
		const char *a = w[i].s;

		if (streq(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a, '=');

			if (streq(name, "env") && strncmp(a, "--split-string", 14) == 0) {
				if (eq)
					*split_string = eq + 1;
				else if (i + 1 < n)
					*split_string = w[++i].s;
			} else if (streq(name, "xargs") && strncmp(a, "--replace", 9) == 0) {
				*xargs_repl = eq ? eq + 1 : "{}";
			} else if (!eq) {
				size_t k;

				for (k = 0; long_with_arg[k]; k++)
					if (streq(a + 2, long_with_arg[k]))
						break;
				if (long_with_arg[k] && i + 1 < n)
					i++;
			}
			i++;
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			if ((ws->flags & W_LOOKUP) && (*p == 'v' || *p == 'V'))
				return NONE;
			if (streq(name, "xargs") && *p == 'i') {
				*xargs_repl = p[1] ? p + 1 : "{}";
				break;
			}
			if (one_of(*p, ws->with_arg)) {
				const char *val = p[1] ? p + 1 : (i + 1 < n ? w[i + 1].s : NULL);

				if (streq(name, "env") && *p == 'S')
					*split_string = val;
				if (streq(name, "xargs") && *p == 'I')
					*xargs_repl = val;
				if (!p[1] && i + 1 < n)
					i++;
				break;
			}
		}
		i++;
	}
	if (ws->flags & W_ASSIGN)
		while (i < n && is_assignment(w[i].s))
			i++;
	for (pos = 0; pos < ws->positional && i < n; pos++)
		i++;
	return i;
}

/* ---- implied file and URL actions ------------------------------------------- */

typedef enum {
	OPS_READ = 1,    /* every operand is read */
	OPS_WRITE,       /* every operand is written */
	OPS_EDIT,        /* every operand is edited */
	OPS_DELETE,      /* every operand is deleted */
	OPS_COPY,        /* operands but the last are read, the last is written */
	OPS_MOVE,        /* operands but the last are deleted, the last is written */
	OPS_PATTERN,     /* the first operand is a pattern or program, the rest are read */
	OPS_SED,
	OPS_DD,
	OPS_CURL,
	OPS_WGET,
	OPS_FETCH,       /* operands that look like URLs are fetched */
	OPS_FIND,
	OPS_SCRIPT,      /* a shell's script operand is read */
} ops_kind;

static const struct {
	const char *name;
	uint8_t ops;
	const char *with_arg;    /* short options that take a value */
	const char *pattern_opts;/* OPS_PATTERN: options that give the pattern instead */
} file_programs[] = {
	{ "cat", OPS_READ, "", NULL }, { "tac", OPS_READ, "s", NULL },
	{ "less", OPS_READ, "bhjkoOpPtTxyz", NULL }, { "more", OPS_READ, "n", NULL },
	{ "head", OPS_READ, "cn", NULL }, { "tail", OPS_READ, "cns", NULL },
	{ "nl", OPS_READ, "bdfhilnsvw", NULL }, { "base64", OPS_READ, "w", NULL },
	{ "base32", OPS_READ, "w", NULL }, { "xxd", OPS_READ, "cglos", NULL },
	{ "od", OPS_READ, "AjNSstw", NULL }, { "hexdump", OPS_READ, "eEfns", NULL },
	{ "strings", OPS_READ, "nteT", NULL }, { "bat", OPS_READ, "lrmH", NULL },
	{ "batcat", OPS_READ, "lrmH", NULL }, { "source", OPS_READ, "", NULL },
	{ ".", OPS_READ, "", NULL }, { "sort", OPS_READ, "koStT", NULL },
	{ "uniq", OPS_READ, "fsw", NULL }, { "wc", OPS_READ, "", NULL },
	{ "diff", OPS_READ, "CDFLSUIx", NULL }, { "cmp", OPS_READ, "in", NULL },
	{ "md5sum", OPS_READ, "", NULL }, { "sha1sum", OPS_READ, "", NULL },
	{ "sha256sum", OPS_READ, "", NULL }, { "sha512sum", OPS_READ, "", NULL },
	{ "gpg", OPS_READ, "ormu", NULL }, { "zcat", OPS_READ, "", NULL },
	{ "grep", OPS_PATTERN, "ABCDdefm", "ef" }, { "egrep", OPS_PATTERN, "ABCDdefm", "ef" },
	{ "fgrep", OPS_PATTERN, "ABCDdefm", "ef" }, { "rg", OPS_PATTERN, "ABCegfjmMtT", "ef" },
	{ "ag", OPS_PATTERN, "ABCGgmp", "" }, { "awk", OPS_PATTERN, "fvF", "f" },
	{ "gawk", OPS_PATTERN, "fvF", "f" }, { "jq", OPS_PATTERN, "f", "f" },
	{ "tee", OPS_WRITE, "", NULL }, { "touch", OPS_WRITE, "dtr", NULL },
	{ "truncate", OPS_WRITE, "rs", NULL },
	{ "vi", OPS_EDIT, "c", NULL }, { "vim", OPS_EDIT, "c", NULL }, { "nvim", OPS_EDIT, "c", NULL },
	{ "nano", OPS_EDIT, "", NULL }, { "emacs", OPS_EDIT, "", NULL }, { "ed", OPS_EDIT, "p", NULL },
	{ "sudoedit", OPS_EDIT, "", NULL },
	{ "cp", OPS_COPY, "St", NULL }, { "install", OPS_COPY, "gmoSt", NULL },
	{ "ln", OPS_COPY, "St", NULL }, { "scp", OPS_COPY, "cFiJloPS", NULL },
	{ "rsync", OPS_COPY, "eBfT", NULL },
	{ "mv", OPS_MOVE, "St", NULL },
	{ "rm", OPS_DELETE, "", NULL }, { "rmdir", OPS_DELETE, "", NULL },
	{ "unlink", OPS_DELETE, "", NULL }, { "shred", OPS_DELETE, "ns", NULL },
	{ "srm", OPS_DELETE, "", NULL },
	{ "sed", OPS_SED, "efl", NULL }, { "dd", OPS_DD, "", NULL },
	{ "curl", OPS_CURL, "AbcCdDeEFHKmoPQrTuUwxXyYz", NULL },
	{ "wget", OPS_WGET, "aBeiOoPQtTUwY", NULL },
	{ "http", OPS_FETCH, "", NULL }, { "https", OPS_FETCH, "", NULL },
	{ "xh", OPS_FETCH, "", NULL }, { "aria2c", OPS_FETCH, "", NULL },
	{ "lynx", OPS_FETCH, "", NULL }, { "find", OPS_FIND, "", NULL },
};

typedef struct {
	vd_vec(vd_implied) v;
} implied_vec;

/* Devices that are not files anyone protects. */
static bool
harmless_target(const char *t)
{
	static const char *const devs[] = { "/dev/null", "/dev/stdout", "/dev/stderr",
		"/dev/stdin", "/dev/tty", "-", "", NULL };

	return in_list(t, devs) || strncmp(t, "/dev/fd/", 8) == 0;
}

/* host:path of scp and rsync is on another machine. */
static bool
remote_operand(const char *t)
{
	const char *colon = strchr(t, ':'), *slash = strchr(t, '/');

	return strstr(t, "://") != NULL || (colon && (slash == NULL || colon < slash));
}

static void
imply(split_ctx *x, implied_vec *iv, vd_imply_kind kind, const char *target, const char *redirect)
{
	vd_implied im;

	if (kind != VD_IMPLY_FETCH && harmless_target(target))
		return;
	if (x->nimplied >= VD_SHELL_MAX_IMPLIED) {
		x->overflow = true;
		x->overflow_what = "implied file and URL actions (the limit is 4096)";
		return;
	}
	x->nimplied++;
	im.kind = (uint8_t)kind;
	im.redirect = redirect ? vd__arena_strdup(x->a, redirect) : NULL;
	im.target = vd__arena_strdup(x->a, target);
	vd_vec_push(&iv->v, im);
}

/* The operands of a command: not options, nor the values of options. */
static size_t
operands(const vd_simple_command *c, const char *with_arg, const char **out, bool seen[128])
{
	size_t n = 0;
	uint32_t i;
	bool only = false;

	for (i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (only || a[0] != '-' || !a[1]) {
			if (!streq(a, "-"))
				out[n++] = a;
			continue;
		}
		if (streq(a, "--")) {
			only = true;
			continue;
		}
		if (a[1] == '-')
			continue;
		for (const char *p = a + 1; *p; p++) {
			if ((unsigned char)*p < 128)
				seen[(unsigned char)*p] = true;
			if (one_of(*p, with_arg)) {
				if (!p[1])
					i++;
				break;
			}
		}
	}
	return n;
}

static bool
has_long(const vd_simple_command *c, const char *opt)
{
	uint32_t i;
	size_t n = strlen(opt);

	for (i = 0; i < c->argc; i++)
		if (strncmp(c->argv[i], opt, n) == 0 && (c->argv[i][n] == '\0' || c->argv[i][n] == '='))
			return true;
	return false;
}

/* curl's options that name files, and its URLs. */
static void
imply_curl(split_ctx *x, implied_vec *iv, const vd_simple_command *c, const char *with_arg)
{
	static const struct { const char *opt; char kind; } longs[] = {
		{ "--output", 'w' }, { "--upload-file", 'r' }, { "--data", 'd' },
		{ "--data-binary", 'd' }, { "--data-ascii", 'd' }, { "--data-urlencode", 'd' },
		{ "--json", 'd' }, { "--form", 'f' }, { "--config", 'r' }, { "--url", 'u' },
		{ "--header", '-' }, { "--user-agent", '-' }, { "--user", '-' }, { "--request", '-' },
		{ "--cookie", '-' }, { "--cookie-jar", 'w' }, { "--referer", '-' }, { "--proxy", '-' },
		{ "--max-time", '-' }, { "--connect-timeout", '-' }, { "--retry", '-' },
		{ "--cert", '-' }, { "--key", '-' }, { "--cacert", '-' }, { "--resolve", '-' },
		{ "--write-out", '-' }, { "--range", '-' }, { "--dump-header", 'w' },
		{ "--data-raw", '-' }, { "--form-string", '-' }, { "--oauth2-bearer", '-' },
		{ "--limit-rate", '-' }, { "--interface", '-' }, { "--continue-at", '-' },
	};
	uint32_t i;
	bool only = false;

	for (i = 0; i < c->argc; i++) {
		const char *a = c->argv[i], *val = NULL;
		char kind = 0;

		if (only || a[0] != '-' || !a[1]) {
			imply(x, iv, VD_IMPLY_FETCH, a, NULL);
			continue;
		}
		if (streq(a, "--")) {
			only = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a), k;

			for (k = 0; k < VD_ARRAY_SIZE(longs); k++)
				if (strlen(longs[k].opt) == n && memcmp(longs[k].opt, a, n) == 0)
					break;
			if (k == VD_ARRAY_SIZE(longs))
				continue;
			kind = longs[k].kind;
			val = eq ? eq + 1 : (i + 1 < c->argc ? c->argv[++i] : NULL);
		} else {
			for (const char *p = a + 1; *p; p++) {
				if (!one_of(*p, with_arg))
					continue;
				val = p[1] ? p + 1 : (i + 1 < c->argc ? c->argv[++i] : NULL);
				kind = *p == 'o' || *p == 'c' || *p == 'D' ? 'w' : *p == 'T' || *p == 'K' ? 'r' :
					*p == 'd' ? 'd' : *p == 'F' ? 'f' : '-';
				break;
			}
		}
		if (val == NULL)
			continue;
		if (kind == 'w' && !streq(val, "-"))
			imply(x, iv, VD_IMPLY_WRITE, val, NULL);
		else if (kind == 'r' && !streq(val, "-"))
			imply(x, iv, VD_IMPLY_READ, val, NULL);
		else if (kind == 'u')
			imply(x, iv, VD_IMPLY_FETCH, val, NULL);
		else if (kind == 'd' && val[0] == '@' && val[1] && !streq(val, "@-"))
			imply(x, iv, VD_IMPLY_READ, val + 1, NULL);
		else if (kind == 'd' && strchr(val, '@') && !strchr(val, ' ') && val[0] != '{')
			imply(x, iv, VD_IMPLY_READ, strchr(val, '@') + 1, NULL); /* name@file */
		else if (kind == 'f') {
			/* name=@file;type=... or name=<file */
			const char *at = strchr(val, '=');

			if (at && (at[1] == '@' || at[1] == '<') && at[2]) {
				char *f = vd__strdup(at + 2), *semi = strchr(f, ';');

				if (semi)
					*semi = '\0';
				imply(x, iv, VD_IMPLY_READ, f, NULL);
				vd__free(f);
			}
		}
	}
}

static void
imply_wget(split_ctx *x, implied_vec *iv, const vd_simple_command *c, const char *with_arg)
{
	uint32_t i;

	for (i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (a[0] != '-') {
			imply(x, iv, VD_IMPLY_FETCH, a, NULL);
		} else if (a[1] == '-') {
			const char *eq = strchr(a, '=');

			if (eq && (strncmp(a, "--post-file=", 12) == 0 || strncmp(a, "--body-file=", 12) == 0 ||
			    strncmp(a, "--input-file=", 13) == 0))
				imply(x, iv, VD_IMPLY_READ, eq + 1, NULL);
			else if (eq && strncmp(a, "--output-document=", 18) == 0)
				imply(x, iv, VD_IMPLY_WRITE, eq + 1, NULL);
		} else {
			for (const char *p = a + 1; *p; p++) {
				const char *val;

				if (!one_of(*p, with_arg))
					continue;
				val = p[1] ? p + 1 : (i + 1 < c->argc ? c->argv[++i] : NULL);
				if (val && *p == 'O' && !streq(val, "-"))
					imply(x, iv, VD_IMPLY_WRITE, val, NULL);
				else if (val && *p == 'i')
					imply(x, iv, VD_IMPLY_READ, val, NULL);
				break;
			}
		}
	}
}

static bool
looks_like_url(const char *a)
{
	const char *dot = strchr(a, '.');

	if (strstr(a, "://"))
		return true;
	/* host.tld[/...]: a dot before any slash, no spaces, no leading dot. */
	return dot && dot != a && !strchr(a, ' ') && !strchr(a, '=') && a[0] != '/' && a[0] != '.' &&
		(strchr(a, '/') == NULL || dot < strchr(a, '/'));
}

/*
 * find START... [tests] -delete / -exec CMD {} ;: the -exec command is
 * split as a command of its own.  Without tests (-name, -type, ...) find
 * acts on everything under START, so -delete deletes START and {} stands
 * for START; with tests, {} stays as written.
 */
static void
imply_find(split_ctx *x, implied_vec *iv, const vd_simple_command *c)
{
	static const char *const tests[] = { "-name", "-iname", "-path", "-ipath", "-wholename",
		"-iwholename", "-regex", "-iregex", "-type", "-newer", "-mtime", "-mmin", "-atime",
		"-amin", "-ctime", "-cmin", "-size", "-user", "-group", "-perm", "-empty", "-lname",
		"-ilname", "-links", "-inum", "-samefile", "-uid", "-gid", "-nouser", "-nogroup", NULL };
	const char *starts[64];
	size_t nstart = 0, k;
	uint32_t i = 0;
	bool filtered = false;

	while (i < c->argc && c->argv[i][0] != '-' && !streq(c->argv[i], "(") &&
	    !streq(c->argv[i], "!")) {
		if (nstart < VD_ARRAY_SIZE(starts))
			starts[nstart++] = c->argv[i];
		i++;
	}
	if (nstart == 0)
		starts[nstart++] = ".";
	for (k = i; k < c->argc; k++)
		if (in_list(c->argv[k], tests))
			filtered = true;
	for (; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (streq(a, "-delete") && !filtered) {
			for (k = 0; k < nstart; k++)
				imply(x, iv, VD_IMPLY_DELETE, starts[k], NULL);
		} else if (streq(a, "-exec") || streq(a, "-execdir") || streq(a, "-ok") ||
		    streq(a, "-okdir")) {
			vd_buf cmd = VD_BUF_INIT;
			uint32_t j;

			for (j = i + 1; j < c->argc && !streq(c->argv[j], ";") && !streq(c->argv[j], "+"); j++) {
				if (j > i + 1)
					vd__buf_putc(&cmd, ' ');
				if (streq(c->argv[j], "{}") && !filtered) {
					for (k = 0; k < nstart; k++) {
						if (k)
							vd__buf_putc(&cmd, ' ');
						put_quoted(&cmd, starts[k]);
					}
				} else {
					put_quoted(&cmd, c->argv[j]);
				}
			}
			if (cmd.size)
				nested_under(x, c, vd__buf_cstr(&cmd), cmd.size);
			vd_buf_dispose(&cmd);
			i = j;
		}
	}
}

static void
imply_program(split_ctx *x, implied_vec *iv, const vd_simple_command *c)
{
	const char **ops;
	bool seen[128];
	size_t n, k, i;

	for (k = 0; k < VD_ARRAY_SIZE(file_programs); k++)
		if (streq(file_programs[k].name, c->name))
			break;
	if (k == VD_ARRAY_SIZE(file_programs) || c->argc == 0)
		return;
	memset(seen, 0, sizeof(seen));
	ops = vd__calloc(c->argc + 1, sizeof(char *));
	n = operands(c, file_programs[k].with_arg, ops, seen);
	switch (file_programs[k].ops) {
	case OPS_READ:
		for (i = 0; i < n; i++)
			imply(x, iv, VD_IMPLY_READ, ops[i], NULL);
		break;
	case OPS_WRITE:
	case OPS_EDIT:
	case OPS_DELETE:
		for (i = 0; i < n; i++)
			imply(x, iv, file_programs[k].ops == OPS_WRITE ? VD_IMPLY_WRITE :
				file_programs[k].ops == OPS_EDIT ? VD_IMPLY_EDIT : VD_IMPLY_DELETE, ops[i], false);
		break;
	case OPS_COPY:
	case OPS_MOVE:
		for (i = 0; i < n; i++) {
			if (remote_operand(ops[i]))
				continue;
			imply(x, iv, i + 1 == n ? VD_IMPLY_WRITE :
				file_programs[k].ops == OPS_COPY ? VD_IMPLY_READ : VD_IMPLY_DELETE, ops[i], false);
		}
		break;
	case OPS_PATTERN: {
		const char *p;
		bool given = false;

		for (p = file_programs[k].pattern_opts; *p; p++)
			given = given || seen[(unsigned char)*p];
		given = given || has_long(c, "--regexp") || has_long(c, "--file") ||
			has_long(c, "--from-file");
		for (i = given ? 0 : 1; i < n; i++)
			imply(x, iv, VD_IMPLY_READ, ops[i], NULL);
		break;
	}
	case OPS_SED: {
		bool inplace = seen['i'] || has_long(c, "--in-place");
		bool script = seen['e'] || seen['f'] || has_long(c, "--expression") || has_long(c, "--file");

		for (i = script ? 0 : 1; i < n; i++)
			imply(x, iv, inplace ? VD_IMPLY_EDIT : VD_IMPLY_READ, ops[i], NULL);
		break;
	}
	case OPS_DD:
		for (i = 0; i < n; i++) {
			if (strncmp(ops[i], "if=", 3) == 0)
				imply(x, iv, VD_IMPLY_READ, ops[i] + 3, NULL);
			else if (strncmp(ops[i], "of=", 3) == 0)
				imply(x, iv, VD_IMPLY_WRITE, ops[i] + 3, NULL);
		}
		break;
	case OPS_CURL:
		imply_curl(x, iv, c, file_programs[k].with_arg);
		break;
	case OPS_WGET:
		imply_wget(x, iv, c, file_programs[k].with_arg);
		break;
	case OPS_FETCH:
		for (i = 0; i < n; i++)
			if (looks_like_url(ops[i]))
				imply(x, iv, VD_IMPLY_FETCH, ops[i], NULL);
		break;
	case OPS_FIND:
		imply_find(x, iv, c);
		break;
	}
	vd__free(ops);
}

/* ---- emitting a simple command ---------------------------------------------- */

static const char *const reserved[] = { "{", "}", "!", "if", "then", "else", "elif", "fi",
	"do", "done", "while", "until", "esac", NULL };

static const char **
arena_strs(split_ctx *x, const char *const *v, size_t n)
{
	const char **out = vd__arena_alloc(x->a, sizeof(char *) * (n + 1));
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = v[i];
	out[n] = NULL;
	return out;
}

/* A shell with no -c reads its script from stdin (or from a file operand). */
static bool
shell_script(const vd_simple_command *c, const char **script, const char **file)
{
	uint32_t i;
	bool dash_c = false;

	*script = *file = NULL;
	for (i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (streq(a, "--")) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (a[1] == '-') {
			if ((streq(a, "--rcfile") || streq(a, "--init-file")) && i + 1 < c->argc)
				i++;
			continue;
		}
		if (strchr(a, 'c'))
			dash_c = true;
		if (strchr(a, 'o') && i + 1 < c->argc)
			i++;
	}
	if (dash_c) {
		*script = i < c->argc ? c->argv[i] : "";
		return true;
	}
	if (i < c->argc && !streq(c->argv[i], "-"))
		*file = c->argv[i];
	return false;
}

/* The value of -c STRING, --command=STRING or --command STRING. */
static const char *
dash_c_value(const vd_simple_command *c)
{
	uint32_t i;

	for (i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];

		if ((streq(a, "-c") || streq(a, "--command") || streq(a, "--session-command")) &&
		    i + 1 < c->argc)
			return c->argv[i + 1];
		if (strncmp(a, "--command=", 10) == 0)
			return a + 10;
	}
	return NULL;
}

static void
join_args(vd_buf *b, const vd_simple_command *c, uint32_t from)
{
	uint32_t i;

	for (i = from; i < c->argc; i++) {
		if (i > from)
			vd__buf_putc(b, ' ');
		vd__buf_puts(b, c->argv[i]);
	}
}

/* Strings other programs run as shell command lines. */
static void
run_strings(split_ctx *x, seg *g, size_t idx)
{
	vd_simple_command c = x->cmds.ptr[idx];   /* a copy: nesting may move the vector */
	const char *script, *file, *v;
	vd_buf b = VD_BUF_INIT;
	uint32_t i;
	size_t r;

	if (is_shell(c.name)) {
		if (shell_script(&c, &script, &file)) {
			nested_under(x, &c, script, strlen(script));
			return;
		}
		/* Reading stdin: a here-string, an echo piped in, a here-document. */
		for (r = 0; r < g->redirs.len; r++)
			if (g->redirs.ptr[r].kind == R_HERESTRING)
				nested_under(x, &c, g->redirs.ptr[r].target, strlen(g->redirs.ptr[r].target));
		if (g->pipe_from != NONE) {
			char *out = known_output(&x->cmds.ptr[g->pipe_from]);

			if (out) {
				nested_under(x, &c, out, strlen(out));
				vd__free(out);
			}
			for (r = 0; r < g->heredocs.len; r++)
				if (g->heredocs.ptr[r].cmd >= g->pipeline_start)
					g->heredocs.ptr[r].to_shell = true;
		}
		return;
	}
	if (streq(c.name, "eval")) {
		join_args(&b, &c, 0);
	} else if (streq(c.name, "su") || streq(c.name, "runuser") || streq(c.name, "script") ||
	    streq(c.name, "flock")) {
		if ((v = dash_c_value(&c)) != NULL)
			vd__buf_puts(&b, v);
	} else if (streq(c.name, "sg")) {
		if ((v = dash_c_value(&c)) != NULL)
			vd__buf_puts(&b, v);
		else if (c.argc >= 2)
			join_args(&b, &c, 1);
	} else if (streq(c.name, "watch")) {
		for (i = 0; i < c.argc && c.argv[i][0] == '-'; i++)
			if ((streq(c.argv[i], "-n") || streq(c.argv[i], "-q") || streq(c.argv[i], "--interval")) &&
			    i + 1 < c.argc)
				i++;
		join_args(&b, &c, i);
	} else if (streq(c.name, "ssh")) {
		for (i = 0; i < c.argc && c.argv[i][0] == '-'; i++)
			if (c.argv[i][1] && !c.argv[i][2] && one_of(c.argv[i][1], "BbcDEeFIiJLlmOoPpQRSWw") &&
			    i + 1 < c.argc)
				i++;
		if (i + 1 < c.argc)
			join_args(&b, &c, i + 1);
	}
	if (b.size)
		nested_under(x, &c, vd__buf_cstr(&b), b.size);
	vd_buf_dispose(&b);
}

static void
track_cd(split_ctx *x, const vd_simple_command *c)
{
	const char *to = NULL;
	uint32_t i;

	if (streq(c->name, "popd")) {
		vd__free(x->dir);
		x->dir = NULL;
		return;
	}
	if (!streq(c->name, "cd") && !streq(c->name, "pushd"))
		return;
	for (i = 0; i < c->argc; i++)
		if (c->argv[i][0] != '-' || streq(c->argv[i], "-")) {
			to = c->argv[i];
			break;
		}
	if (to && streq(to, "-")) {
		vd__free(x->dir);
		x->dir = NULL;
		return;
	}
	if (to == NULL || *to == '\0')
		to = "~";
	if (to[0] == '/' || to[0] == '~' || strncmp(to, "$HOME", 5) == 0 ||
	    strncmp(to, "${HOME}", 7) == 0 || x->dir == NULL) {
		vd__free(x->dir);
		x->dir = vd__strdup(to);
	} else {
		vd_buf b = VD_BUF_INIT;

		vd__buf_printf(&b, "%s/%s", x->dir, to);
		vd__free(x->dir);
		x->dir = vd__buf_detach(&b);
	}
}

/* The flags of argv: -rf gives r and f, --force gives force; none after --. */
static void
collect_flags(split_ctx *x, vd_simple_command *c)
{
	vd_vec(const char *) flags = VD_VEC_INIT;
	uint32_t i;

	for (i = 0; i < c->argc; i++) {
		const char *arg = c->argv[i];

		if (streq(arg, "--"))
			break;
		if (arg[0] == '-' && arg[1] == '-' && arg[2]) {
			const char *eq = strchr(arg + 2, '=');

			vd_vec_push(&flags, eq ? vd__arena_strndup(x->a, arg + 2, (size_t)(eq - arg - 2)) :
				arg + 2);
		} else if (arg[0] == '-' && arg[1] && arg[1] != '-' && !isdigit((unsigned char)arg[1])) {
			const char *f;

			for (f = arg + 1; *f && isalnum((unsigned char)*f); f++)
				vd_vec_push(&flags, vd__arena_strndup(x->a, f, 1));
		}
	}
	c->nflags = (uint32_t)flags.len;
	c->flags = arena_strs(x, flags.ptr, flags.len);
	vd_vec_dispose(&flags);
}

/* Emit the command of the words gathered so far; its index, or NONE. */
static size_t
emit(split_ctx *x, seg *g)
{
	word *w = g->words.ptr;
	size_t n = g->words.len, start = 0, i, idx, peel;
	str_vec wraps = VD_VEC_INIT, argv = VD_VEC_INIT, input = VD_VEC_INIT;
	const char *split_string = NULL, *xargs_repl = NULL;
	bool xargs = false;
	vd_simple_command c;
	implied_vec iv;
	vd_buf text = VD_BUF_INIT;

	if (n == 0 && g->redirs.len == 0)
		return NONE;
	for (i = 0; i < x->outer.len; i++)
		vd_vec_push(&wraps, x->outer.ptr[i]);
	for (peel = 0; peel < MAX_PEEL && start < n; peel++) {
		const char *wd = w[start].s;
		size_t next;

		if (is_assignment(wd) || (!w[start].quoted && in_list(wd, reserved))) {
			start++;
			continue;
		}
		if (!w[start].quoted && streq(wd, "function")) {
			start += 2;
			continue;
		}
		if (!w[start].quoted && (streq(wd, "for") || streq(wd, "select") || streq(wd, "case"))) {
			/* A loop or case header: its words are data, not a command. */
			start = n;
			break;
		}
		next = skip_wrapper(basename_of(wd), w, n, start + 1, &split_string, &xargs_repl);
		if (next == NONE || (next >= n && split_string == NULL))
			break;  /* not a wrapper; or `sudo` alone, which is the command */
		vd_vec_push(&wraps, vd__arena_strdup(x->a, basename_of(wd)));
		xargs = streq(basename_of(wd), "xargs");
		if (split_string) {
			/* env -S 'prog args' rest: the string is split into the first words. */
			vd_buf b = VD_BUF_INIT;
			vd_simple_command fake;

			vd__buf_puts(&b, split_string);
			for (i = next; i < n; i++) {
				vd__buf_putc(&b, ' ');
				put_quoted(&b, w[i].s);
			}
			memset(&fake, 0, sizeof(fake));
			fake.name = "";
			fake.wrappers = wraps.ptr;
			fake.nwrappers = (uint32_t)wraps.len;
			nested_under(x, &fake, vd__buf_cstr(&b), b.size);
			vd_buf_dispose(&b);
			vd_vec_dispose(&wraps);
			return NONE;
		}
		start = next;
	}
	if (start >= n) {
		/* Only assignments: remember them for later words of the line. */
		for (i = 0; i < n; i++)
			if (is_assignment(w[i].s))
				var_set(x, w[i].s);
		if (g->redirs.len == 0) {
			vd_vec_dispose(&wraps);
			return NONE;
		}
	}
	if (x->cmds.len >= VD_SHELL_MAX_COMMANDS) {
		x->overflow = true;
		x->overflow_what = "simple commands in one line (the limit is 4096)";
		vd_vec_dispose(&wraps);
		return NONE;
	}

	memset(&c, 0, sizeof(c));
	c.name = start < n ? vd__arena_strdup(x->a, basename_of(w[start].s)) : "";
	for (i = start + 1; i < n; i++)
		vd_vec_push(&argv, vd__arena_strndup(x->a, w[i].s, w[i].len));
	/* `echo a b | xargs rm` runs `rm a b`. */
	if (xargs && g->pipe_from != NONE) {
		char *out = known_output(&x->cmds.ptr[g->pipe_from]);

		if (out) {
			char *save = NULL, *tok;

			for (tok = strtok_r(out, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
				if (xargs_repl) {
					for (i = 0; i < argv.len; i++)
						if (strstr(argv.ptr[i], xargs_repl))
							argv.ptr[i] = vd__arena_strdup(x->a, tok);
					break;
				}
				vd_vec_push(&argv, vd__arena_strdup(x->a, tok));
			}
			vd__free(out);
		}
	}
	c.argc = (uint32_t)argv.len;
	c.argv = arena_strs(x, argv.ptr, argv.len);
	vd__buf_puts(&text, c.name);
	for (i = 0; i < c.argc; i++) {
		vd__buf_putc(&text, ' ');
		vd__buf_puts(&text, c.argv[i]);
	}
	c.text = vd__arena_strndup(x->a, vd__buf_cstr(&text), text.size);
	collect_flags(x, &c);
	c.nwrappers = (uint32_t)wraps.len;
	c.wrappers = arena_strs(x, wraps.ptr, wraps.len);
	c.cwd = x->dir ? vd__arena_strdup(x->a, x->dir) : "";
	/* The programs feeding this one: its pipeline so far and its substitutions. */
	for (i = 0; i < g->pipe_names.len; i++)
		vd_vec_push(&input, g->pipe_names.ptr[i]);
	for (i = 0; i < g->subst_names.len; i++)
		vd_vec_push(&input, g->subst_names.ptr[i]);
	c.ninput = (uint32_t)input.len;
	c.input = arena_strs(x, input.ptr, input.len);
	{
		str_vec env = VD_VEC_INIT;

		for (i = 0; i < start && i < n; i++)
			if (is_assignment(w[i].s))
				vd_vec_push(&env, vd__arena_strdup(x->a, w[i].s));
		c.nenv = (uint32_t)env.len;
		c.env = arena_strs(x, env.ptr, env.len);
		vd_vec_dispose(&env);
	}

	/* Redirections: files written and read. */
	memset(&iv, 0, sizeof(iv));
	{
		vd_vec(const char *) outs = VD_VEC_INIT;

		for (i = 0; i < g->redirs.len; i++) {
			const redir *r = &g->redirs.ptr[i];

			if (r->kind == R_OUT || r->kind == R_RW) {
				vd_vec_push(&outs, vd__arena_strdup(x->a, r->target));
				imply(x, &iv, VD_IMPLY_WRITE, r->target, r->op);
			}
			if (r->kind == R_IN || r->kind == R_RW)
				imply(x, &iv, VD_IMPLY_READ, r->target, r->op);
		}
		c.nredirects = (uint32_t)outs.len;
		c.redirects = arena_strs(x, outs.ptr, outs.len);
		vd_vec_dispose(&outs);
	}
	if (c.name[0])
		imply_program(x, &iv, &c);
	if (is_shell(c.name)) {
		const char *script, *file;

		if (!shell_script(&c, &script, &file) && file)
			imply(x, &iv, VD_IMPLY_READ, file, NULL);
	}
	c.nimplied = (uint32_t)iv.v.len;
	c.implied = vd__arena_alloc(x->a, sizeof(vd_implied) * (iv.v.len + 1));
	if (iv.v.len)
		memcpy((void *)c.implied, iv.v.ptr, sizeof(vd_implied) * iv.v.len);
	vd_vec_dispose(&iv.v);
	vd_vec_push(&x->cmds, c);
	idx = x->cmds.len - 1;

	/* Here-documents this command reads. */
	for (i = 0; i < g->redirs.len; i++) {
		const redir *r = &g->redirs.ptr[i];
		heredoc h;

		if (r->kind != R_HEREDOC && r->kind != R_HEREDOC_STRIP)
			continue;
		h.delim = vd__strdup(r->target);
		h.strip = r->kind == R_HEREDOC_STRIP;
		h.quoted = r->quoted;
		h.cmd = idx;
		h.to_shell = false;
		if (is_shell(c.name)) {
			const char *script, *file;

			h.to_shell = !shell_script(&c, &script, &file) && file == NULL;
		}
		vd_vec_push(&g->heredocs, h);
	}

	if (c.name[0]) {
		track_cd(x, &c);
		if (streq(c.name, "export") || streq(c.name, "declare") || streq(c.name, "local") ||
		    streq(c.name, "readonly") || streq(c.name, "typeset"))
			for (i = 0; i < c.argc; i++)
				if (is_assignment(c.argv[i]))
					var_set(x, c.argv[i]);
		run_strings(x, g, idx);
	}
	vd_vec_dispose(&input);
	vd_vec_dispose(&argv);
	vd_vec_dispose(&wraps);
	vd_buf_dispose(&text);
	return idx;
}

static void
clear_command(seg *g)
{
	size_t i;

	for (i = 0; i < g->words.len; i++)
		vd__free(g->words.ptr[i].s);
	g->words.len = 0;
	for (i = 0; i < g->redirs.len; i++)
		vd__free(g->redirs.ptr[i].target);
	g->redirs.len = 0;
	g->pending = -1;
	g->subst_names.len = 0;
}

/* A command ends; `piped` when its output feeds the next one. */
static void
cmd_end(split_ctx *x, seg *g, bool piped)
{
	size_t idx;

	word_end(x, g);
	idx = emit(x, g);
	clear_command(g);
	if (piped) {
		if (g->pipe_from == NONE)
			g->pipeline_start = idx != NONE ? idx : x->cmds.len;
		if (idx != NONE)
			vd_vec_push(&g->pipe_names, x->cmds.ptr[idx].name);
		g->pipe_from = idx;
	} else {
		g->pipe_from = NONE;
		g->pipe_names.len = 0;
	}
}

/* After a newline: the bodies of the here-documents opened on that line. */
static size_t
heredoc_bodies(split_ctx *x, seg *g, const char *s, size_t len, size_t i)
{
	size_t h;

	for (h = 0; h < g->heredocs.len; h++) {
		heredoc *d = &g->heredocs.ptr[h];
		size_t start = i, end = len;

		while (i < len) {
			const char *nl = memchr(s + i, '\n', len - i);
			size_t eol = nl ? (size_t)(nl - s) : len, b = i;

			if (d->strip)
				while (b < eol && s[b] == '\t')
					b++;
			if (eol - b == strlen(d->delim) && memcmp(s + b, d->delim, eol - b) == 0) {
				end = i;
				i = nl ? eol + 1 : len;
				break;
			}
			i = nl ? eol + 1 : len;
		}
		if (d->to_shell) {
			nested(x, s + start, end - start);
		} else if (!d->quoted) {
			/* Data, but $( ) and backticks in it still run. */
			seg scratch;

			memset(&scratch, 0, sizeof(scratch));
			scratch.pending = -1;
			scratch.pipe_from = NONE;
			dq_content(x, &scratch, s + start, end - start, 0, '\0');
			vd_buf_dispose(&scratch.w);
			vd_buf_dispose(&scratch.m);
			vd_vec_dispose(&scratch.subst_names);
		}
		vd__free(d->delim);
	}
	g->heredocs.len = 0;
	return i;
}

static void
split_into(split_ctx *x, const char *s, size_t len)
{
	seg g;
	size_t i = 0, h;

	memset(&g, 0, sizeof(g));
	g.pending = -1;
	g.pipe_from = NONE;
	while (i < len && !x->overflow) {
		char c = s[i];

		switch (c) {
		case ' ': case '\t': case '\r':
			word_end(x, &g);
			i++;
			break;
		case '\n':
			cmd_end(x, &g, false);
			i = heredoc_bodies(x, &g, s, len, i + 1);
			break;
		case '#':
			if (g.in_word) {
				i = word_part(x, &g, s, len, i);
				break;
			}
			while (i < len && s[i] != '\n')
				i++;
			break;
		case ';':
			cmd_end(x, &g, false);
			i++;
			break;
		case '&':
			if (i + 1 < len && s[i + 1] == '>') {
				word_end(x, &g);
				i += 2;
				strcpy(g.pending_op, "&>");
				if (i < len && s[i] == '>') {
					i++;
					strcpy(g.pending_op, "&>>");
				}
				g.pending = R_OUT;
				break;
			}
			cmd_end(x, &g, false);
			i += i + 1 < len && s[i + 1] == '&' ? 2 : 1;
			break;
		case '|':
			if (i + 1 < len && s[i + 1] == '|') {
				cmd_end(x, &g, false);
				i += 2;
				break;
			}
			cmd_end(x, &g, true);
			i += i + 1 < len && s[i + 1] == '&' ? 2 : 1;
			break;
		case '(':
		case ')':
			cmd_end(x, &g, false);
			i++;
			break;
		case '<':
		case '>':
			i = redirection(x, &g, s, len, i);
			break;
		default:
			i = word_part(x, &g, s, len, i);
			break;
		}
	}
	cmd_end(x, &g, false);
	for (h = 0; h < g.heredocs.len; h++)
		vd__free(g.heredocs.ptr[h].delim);
	clear_command(&g);
	vd_vec_dispose(&g.words);
	vd_vec_dispose(&g.redirs);
	vd_vec_dispose(&g.heredocs);
	vd_vec_dispose(&g.pipe_names);
	vd_vec_dispose(&g.subst_names);
	vd_buf_dispose(&g.w);
	vd_buf_dispose(&g.m);
}

int
vd__shell_split(vd_arena *a, const char *line, size_t len, vd_simple_command **out,
	size_t *count)
{
	split_ctx x;
	vd_simple_command *arr;
	size_t i;
	int rc = 0;

	memset(&x, 0, sizeof(x));
	x.a = a;
	x.budget = 4 * len + 65536;
	split_into(&x, line, len);
	if (x.overflow)
		rc = vd__error_set(VD_ELIMIT, "command line has too many %s", x.overflow_what);
	arr = vd__arena_alloc(a, sizeof(*arr) * (x.cmds.len ? x.cmds.len : 1));
	if (x.cmds.len)
		memcpy(arr, x.cmds.ptr, sizeof(*arr) * x.cmds.len);
	*out = arr;
	*count = x.cmds.len;
	for (i = 0; i < x.vars.len; i++) {
		vd__free(x.vars.ptr[i].name);
		vd__free(x.vars.ptr[i].value);
	}
	vd_vec_dispose(&x.vars);
	vd_vec_dispose(&x.outer);
	vd_vec_dispose(&x.cmds);
	vd__free(x.dir);
	return rc;
}
