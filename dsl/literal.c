/*
 * literal.c - literals a string must contain for a pattern to match.
 *
 * Layer: dsl.  Most events meet most regex and glob conditions with a
 * string that does not match, and most patterns name a word that every
 * match contains ('(?i)\bdrop\s+table' needs "table"; "**" + "/.env"
 * needs ".env").  Looking for that word with memmem costs a few dozen
 * instructions; running PCRE2 costs hundreds.  So each pattern gets a
 * prefilter: a set of literals, at least one of which every match
 * contains.  The evaluator runs PCRE2 only when one is present.
 *
 * The analysis is deliberately small and conservative: it understands
 * plain characters, escaped punctuation, the common escapes, classes,
 * groups (as opaque atoms), quantifiers, anchors and top-level
 * alternation, and a leading (?i).  Anything else (\Q, (?x), flags in the
 * middle, \x{..}, ...) gives no prefilter, which is always correct, only
 * slower.  Case-insensitive literals avoid 'k' and 's', whose Unicode case
 * folds include non-ASCII characters (KELVIN SIGN, LONG S) PCRE2 matches
 * in UTF mode.
 */
#include "ir.h"

#include <ctype.h>

#define MIN_LITERAL 2

typedef vd_vec(vd_str) vd_vec_str;

/*
 * Runs of literal characters and the longest so far.  Positions are
 * offsets in the pattern: where the best run starts and where it ends
 * (the offset of what follows it), for the anchors of globs.
 */
typedef struct {
	char best[256];
	size_t best_len, best_from, best_to;
	char run[256];
	size_t run_len, run_from;
} runs;

/* The current run ends before pattern offset `at`. */
static void
end_run(runs *r, size_t at)
{
	if (r->run_len > r->best_len) {
		memcpy(r->best, r->run, r->run_len);
		r->best_len = r->run_len;
		r->best_from = r->run_from;
		r->best_to = at;
	}
	r->run_len = 0;
}

/* Character c, at pattern offset `at`, extends the current run. */
static void
push_char(runs *r, char c, size_t at)
{
	if (r->run_len + 1 >= sizeof(r->run))
		end_run(r, at);
	if (r->run_len == 0)
		r->run_from = at;
	r->run[r->run_len++] = c;
}

/* The character can be part of a literal under the current case mode. */
static bool
usable(unsigned char c, bool ci)
{
	if (!ci)
		return true;
	if (c >= 0x80)
		return false;
	c = (unsigned char)tolower(c);
	return c != 'k' && c != 's';
}

/* Skip a class starting at s[i] == '['; the index after ']', or 0 when unsure. */
static size_t
skip_class(const char *s, size_t n, size_t i)
{
	i++;
	if (i < n && s[i] == '^')
		i++;
	if (i < n && s[i] == ']')
		i++;                    /* a leading ']' is literal */
	while (i < n) {
		if (s[i] == '\\') {
			if (i + 1 >= n || strchr("xopPNcQE", s[i + 1]))
				return 0;
			i += 2;
		} else if (s[i] == '[' && i + 1 < n && s[i + 1] == ':') {
			const char *end = memchr(s + i + 2, ']', n - i - 2);

			if (end == NULL || end[-1] != ':')
				return 0;
			i = (size_t)(end - s) + 1;
		} else if (s[i] == ']') {
			return i + 1;
		} else {
			i++;
		}
	}
	return 0;
}

/* Skip a group starting at s[i] == '('; the index after ')', or 0 when unsure. */
static size_t
skip_group(const char *s, size_t n, size_t i)
{
	int depth = 0;

	if (i + 1 < n && s[i + 1] == '?') {
		/* (?i) or (?-s) and friends change how the rest reads: give up. */
		size_t k = i + 2;

		while (k < n && (isalpha((unsigned char)s[k]) || s[k] == '-' || s[k] == '^'))
			k++;
		if (k < n && s[k] == ')')
			return 0;
		if (i + 2 < n && s[i + 2] == '#')
			return 0;
	}
	while (i < n) {
		char c = s[i];

		if (c == '\\') {
			if (i + 1 >= n || s[i + 1] == 'Q')
				return 0;
			i += 2;
			continue;
		}
		if (c == '[') {
			if ((i = skip_class(s, n, i)) == 0)
				return 0;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return 0;
}

/*
 * Parse a quantifier at s[*i]; set *min to its lower bound.  Returns false
 * when s[*i] is not a quantifier.  Lazy and possessive suffixes are eaten.
 */
static bool
quantifier(const char *s, size_t n, size_t *i, unsigned *min, bool *bad)
{
	size_t k = *i;

	*bad = false;
	if (k >= n)
		return false;
	if (s[k] == '?' || s[k] == '*') {
		*min = 0;
		k++;
	} else if (s[k] == '+') {
		*min = 1;
		k++;
	} else if (s[k] == '{') {
		unsigned lo = 0;
		size_t d = k + 1;

		while (d < n && isdigit((unsigned char)s[d]))
			lo = lo * 10 + (unsigned)(s[d++] - '0');
		if (d == k + 1 || d >= n || (s[d] != '}' && s[d] != ',')) {
			/* Not a quantifier: PCRE2 reads '{' literally.  Too subtle: give up. */
			*bad = true;
			return false;
		}
		while (d < n && s[d] != '}')
			d++;
		if (d >= n) {
			*bad = true;
			return false;
		}
		*min = lo;
		k = d + 1;
	} else {
		return false;
	}
	if (k < n && (s[k] == '?' || s[k] == '+'))
		k++;
	*i = k;
	return true;
}

/*
 * The longest literal of one alternative s[0..n), into out; its length,
 * or 0 when the alternative is not understood or has no literal.
 */
static size_t
alternative_literal(const char *s, size_t n, bool ci, char *out, size_t outcap)
{
	runs r;
	size_t i = 0;

	memset(&r, 0, sizeof(r));
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		bool literal = false, bad;
		unsigned min;
		size_t after;

		if (c == '\\') {
			unsigned char e;

			if (i + 1 >= n)
				return 0;
			e = (unsigned char)s[i + 1];
			if (isalnum(e)) {
				/* Only the escapes that stand for one class or assertion. */
				if (!strchr("dDwWsShHvVRXbBAzZGntrfea", e))
					return 0;
			} else if (e < 0x80) {
				literal = usable(e, ci);
				c = e;
			} else {
				return 0;
			}
			after = i + 2;
		} else if (c == '[') {
			if ((after = skip_class(s, n, i)) == 0)
				return 0;
		} else if (c == '(') {
			if ((after = skip_group(s, n, i)) == 0)
				return 0;
		} else if (c == '.' || c == '^' || c == '$') {
			after = i + 1;
		} else if (c == '|' || c == ')' || c == '*' || c == '+' || c == '?' || c == '{') {
			/* A quantifier with nothing before it, or a stray bracket. */
			return 0;
		} else if (c >= 0x80) {
			/* A multi-byte character is one atom: keep it out of literals. */
			after = i + 1;
			while (after < n && ((unsigned char)s[after] & 0xC0) == 0x80)
				after++;
		} else {
			literal = usable(c, ci);
			after = i + 1;
		}
		if (quantifier(s, n, &after, &min, &bad)) {
			/* The atom may repeat or vanish: it ends the run either way. */
			if (literal && min > 0)
				push_char(&r, (char)c, i);
			end_run(&r, i);
		} else if (bad) {
			return 0;
		} else if (literal) {
			push_char(&r, (char)c, i);
		} else {
			end_run(&r, i);
		}
		i = after;
	}
	end_run(&r, i);
	if (r.best_len < MIN_LITERAL || r.best_len >= outcap)
		return 0;
	memcpy(out, r.best, r.best_len);
	return r.best_len;
}

/* Split at top-level '|'; each alternative must yield a literal. */
static bool
regex_literals(vd_arena *a, const char *s, size_t n, vd_vec_str *out, bool *ci)
{
	size_t i = 0, start;

	*ci = false;
	if (n >= 4 && memcmp(s, "(?i)", 4) == 0) {
		*ci = true;
		i = 4;
	}
	start = i;
	while (i <= n) {
		if (i == n || s[i] == '|') {
			char lit[256];
			size_t len = alternative_literal(s + start, i - start, *ci, lit, sizeof(lit));
			vd_str v;

			if (len == 0)
				return false;
			v.s = vd__arena_strndup(a, lit, len);
			v.len = (uint32_t)len;
			vd_vec_push(out, v);
			start = i + 1;
			i++;
			continue;
		}
		if (s[i] == '\\') {
			i += 2;
		} else if (s[i] == '[') {
			if ((i = skip_class(s, n, i)) == 0)
				return false;
		} else if (s[i] == '(') {
			if ((i = skip_group(s, n, i)) == 0)
				return false;
		} else {
			i++;
		}
	}
	return true;
}

/*
 * The longest literal of a glob (glob.c's syntax): wildcards, classes and
 * brace alternatives end runs; the '/' after `**` is optional there, so it
 * is not part of any run.  Escapes give up.  A glob matches whole strings,
 * so a run at the glob's start is a prefix of every match and one at its
 * end a suffix (*anchor); between two runs of the same length, an
 * anchored one is chosen, as it costs one comparison instead of a scan.
 */
static bool
glob_literal(vd_arena *a, const char *g, size_t n, vd_vec_str *out, uint8_t *anchor)
{
	runs r;
	size_t i = 0, tail_len, tail_from, from, len;
	vd_str v;

	memset(&r, 0, sizeof(r));
	while (i < n) {
		char c = g[i];

		if (c == '\\') {
			return false;
		} else if (c == '*') {
			size_t stars = 0;

			end_run(&r, i);
			while (i < n && g[i] == '*') {
				i++;
				stars++;
			}
			if (stars >= 2 && i < n && g[i] == '/')
				i++;
		} else if (c == '?') {
			end_run(&r, i);
			i++;
		} else if (c == '[') {
			size_t j = i + 1;

			end_run(&r, i);
			if (j < n && (g[j] == '!' || g[j] == '^'))
				j++;
			if (j < n && g[j] == ']')
				j++;
			while (j < n && g[j] != ']')
				if (g[j++] == '\\')
					return false;
			if (j >= n)
				return false;
			i = j + 1;
		} else if (c == '{') {
			int depth = 0;

			end_run(&r, i);
			for (; i < n; i++) {
				if (g[i] == '\\' || g[i] == '[')
					return false;
				if (g[i] == '{')
					depth++;
				else if (g[i] == '}' && --depth == 0)
					break;
			}
			if (i >= n)
				return false;
			i++;
		} else {
			push_char(&r, c, i);
			i++;
		}
	}
	/* The run still open reaches the end of the glob. */
	tail_len = r.run_len;
	tail_from = r.run_from;
	end_run(&r, n);
	if (r.best_len < MIN_LITERAL)
		return false;
	/* Runs are bytes of the glob as written (no escapes): offsets name them. */
	from = r.best_from;
	len = r.best_len;
	/* (A run at the start is the first, so it wins its ties already.) */
	if (from != 0 && r.best_to != n && tail_len == len)
		from = tail_from;
	*anchor = (uint8_t)((from == 0 ? VD_LIT_PREFIX : 0) | (from + len == n ? VD_LIT_SUFFIX : 0));
	v.s = vd__arena_strndup(a, g + from, len);
	v.len = (uint32_t)len;
	vd_vec_push(out, v);
	return true;
}

/* A glob list's literals in prefilter order (see order_globs). */
typedef struct {
	vd_str lit;
	uint8_t anchor;
	uint32_t at;             /* the glob's place in the list: the order is stable */
} glob_lit;

static int
glob_lit_cmp(const void *x, const void *y)
{
	const glob_lit *a = x, *b = y;
	int ka = a->anchor == VD_LIT_ANY, kb = b->anchor == VD_LIT_ANY;

	if (ka != kb)
		return ka - kb;
	if (ka && a->lit.s[0] != b->lit.s[0])
		return (unsigned char)a->lit.s[0] - (unsigned char)b->lit.s[0];
	return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * Any order of a list's literals is correct; this one is fast: the
 * anchored first (one comparison each), then the others by first byte,
 * so the evaluator sweeps the subject once per first byte (eval.c).
 */
static void
order_globs(vd_str *lits, uint8_t *anchors, size_t n)
{
	glob_lit *v = vd__malloc(sizeof(glob_lit) * n);
	size_t i;

	for (i = 0; i < n; i++) {
		v[i].lit = lits[i];
		v[i].anchor = anchors[i];
		v[i].at = (uint32_t)i;
	}
	qsort(v, n, sizeof(*v), glob_lit_cmp);
	for (i = 0; i < n; i++) {
		lits[i] = v[i].lit;
		anchors[i] = v[i].anchor;
	}
	vd__free(v);
}

bool
vd__pattern_literals(vd_arena *a, const vd_str *patterns, size_t n, bool glob,
	const vd_str **lits, const uint8_t **anchors, uint32_t *nlits, bool *ci)
{
	vd_vec_str all = VD_VEC_INIT;
	vd_vec(uint8_t) where = VD_VEC_INIT;
	size_t i;
	bool ok = n > 0, any_ci = false, anchored = false;

	for (i = 0; i < n && ok; i++) {
		bool one_ci = false;
		uint8_t anchor = VD_LIT_ANY;

		ok = glob ? glob_literal(a, patterns[i].s, patterns[i].len, &all, &anchor) :
			regex_literals(a, patterns[i].s, patterns[i].len, &all, &one_ci);
		/* One case mode for the set: any case-insensitive element makes all so. */
		any_ci |= one_ci;
		/* A regex may give several literals, a glob one. */
		while (where.len < all.len)
			vd_vec_push(&where, anchor);
		anchored |= anchor != VD_LIT_ANY;
	}
	if (ok) {
		vd_str *copy = vd__arena_alloc(a, sizeof(vd_str) * all.len);

		if (glob)
			order_globs(all.ptr, where.ptr, all.len);
		memcpy(copy, all.ptr, sizeof(vd_str) * all.len);
		*lits = copy;
		*nlits = (uint32_t)all.len;
		*ci = any_ci;
		*anchors = NULL;
		/* Anchors compare bytes exactly: never with case folding. */
		if (anchored && !any_ci) {
			uint8_t *w = vd__arena_alloc(a, where.len);

			memcpy(w, where.ptr, where.len);
			*anchors = w;
		}
	}
	vd_vec_dispose(&all);
	vd_vec_dispose(&where);
	return ok;
}
