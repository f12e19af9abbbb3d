/*
 * ir.h - the policy IR: what the lowering makes of the syntax tree.
 *
 * Everything here lives in one arena owned by the vd_ir (and later by the
 * compiled rule set that takes it over).  Names are resolved, strings are
 * decoded, regular expressions and globs are compiled, and every node keeps
 * the position of its source so explain and diagnostics can point at it.
 */
#ifndef VD_DSL_IR_H
#define VD_DSL_IR_H

#include "../engine/common.h"
#include "../engine/arena.h"
#include "../engine/diag.h"
#include "../engine/model.h"
#include "../engine/strmap.h"
#include "../engine/vec.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Where something was written. */
typedef struct {
	const char *file;
	uint32_t line, col, end_col;
} vd_loc;

typedef enum {
	VD_P_AND, VD_P_OR, VD_P_NOT,
	VD_P_TRUTH,     /* a bare boolean field */
	VD_P_EQ, VD_P_NE, VD_P_IN,
	VD_P_GLOB,      /* matches */
	VD_P_REGEX,     /* ~ */
	VD_P_HAS,       /* list membership, or substring of a string */
	VD_P_PREFIX,    /* starts_with */
	VD_P_SUFFIX,    /* ends_with */
	VD_P_LT, VD_P_LE, VD_P_GT, VD_P_GE,
} vd_pred_op;

typedef struct {
	const char *s;
	uint32_t len;
} vd_str;

/*
 * A node of a condition.  Comparisons hold a field on the left and
 * constants on the right:
 *
 *   strs/nstrs  the string constants (one, or a list's elements)
 *   num         the integer constant of <, ==, ... on INT fields
 *   nums/nnums  integer constants of `in` on INT fields
 *   set         strs as a hash set, for `in` and `==` with many values
 *   re          the compiled pattern of `matches` (the globs of a list as
 *               one alternation) and `~`
 */
typedef struct vd_pred {
	uint8_t op;           /* vd_pred_op */
	uint8_t group;        /* vd_group of the field, for bindings */
	uint16_t field;       /* vd_field, or VD_FIELD_INPUT */
	vd_loc loc;
	const char *text;     /* the comparison as written, for explain */
	const char *input_key;/* for VD_FIELD_INPUT: the key after "input." */
	struct vd_pred *a, *b;/* AND, OR: both; NOT: a */
	const vd_str *strs;
	uint32_t nstrs;
	const int64_t *nums;
	uint32_t nnums;
	int64_t num;
	bool boolean;
	vd_strmap *set;
	pcre2_code *re;
	/*
	 * For `re`: literals one of which every matching string contains
	 * (dsl/literal.c), tested before PCRE2 runs; nlits == 0 when none
	 * was derived.  lits_ci: compare ASCII letters without case.
	 * lit_anchor: per literal, where a match holds it (vd_lit_anchor);
	 * NULL when every literal may be anywhere (always so for regexes).
	 */
	const vd_str *lits;
	const uint8_t *lit_anchor;
	uint32_t nlits;
	bool lits_ci;
	/*
	 * The PCRE2 source of `re` and its compile options.  A rule set loaded
	 * from the compile cache has re == NULL until the pattern is first
	 * needed; the evaluator compiles it then, and JIT-compiles any pattern
	 * after VD_JIT_AFTER matches (a hook judging one event never pays for
	 * JIT; a replay of millions does, once).
	 */
	const char *re_src;
	uint32_t re_len;
	uint32_t re_opts;
	uint32_t re_uses;
	bool re_jit;           /* JIT-compiled: call pcre2_jit_match */
} vd_pred;

/*
 * Where every match holds a prefilter literal.  A glob matches the whole
 * string, so a literal run that starts the glob is a prefix of every
 * match, one that ends it a suffix, and a glob that is one literal run
 * matches only that string: one memcmp instead of a scan.
 */
typedef enum {
	VD_LIT_ANY = 0,       /* somewhere */
	VD_LIT_PREFIX = 1,    /* at the start */
	VD_LIT_SUFFIX = 2,    /* at the end */
	VD_LIT_EXACT = 3      /* the whole string (prefix and suffix) */
} vd_lit_anchor;

/* PCRE2 options of `~` patterns and of translated globs. */
#define VD_REGEX_OPTIONS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)
#define VD_GLOB_OPTIONS (PCRE2_DOTALL | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)
#define VD_JIT_AFTER 8

/* A message with {field} placeholders, split into literal and field parts. */
typedef struct {
	const char *literal;  /* text before the placeholder (may be "") */
	int field;            /* vd_field, VD_FIELD_INPUT, or -1 for the tail */
	const char *input_key;
} vd_msg_part;

typedef struct {
	const vd_msg_part *parts;
	uint32_t nparts;
} vd_msg;

#define VD_MODE_UNSET (-1)

typedef struct vd_policy {
	const char *id;
	const char *pack;
	vd_loc loc;               /* of the id */
	const char *risk;         /* NULL when not given */
	int mode;                 /* vd_mode, or VD_MODE_UNSET */
	vd_mode severity;         /* default block */
	uint64_t actions;         /* bit per vd_action */
	vd_pred *when;
	vd_pred *unless;          /* may be NULL */
	vd_msg message;           /* nparts == 0 when not given */
	uint32_t groups;          /* bit per vd_group the conditions bind */
	/* Filled by the rule-set compiler. */
	vd_mode effective;        /* after ramp resolution */
	const char *mode_source;  /* "ramp entry for X", "its own mode", ... */
	uint32_t index;
} vd_policy;

typedef struct {
	const char *name;
	vd_loc loc;
	const vd_str *strs;      /* string elements */
	uint32_t nstrs;
	const int64_t *nums;     /* integer elements */
	uint32_t nnums;
} vd_list;

typedef struct {
	const char *target;      /* risk class or policy id */
	vd_mode mode;
	vd_loc loc;
} vd_ramp_entry;

typedef struct {
	const char *id;
	const char *pack;
	vd_loc loc;
	const vd_str *patterns;  /* globs over policy ids */
	uint32_t npatterns;
	pcre2_code *policies_re; /* the patterns as one regex */
	vd_pred *when;           /* NULL: always */
	uint32_t groups;
	const char *reason;
	const char *owner;
	const char *expires;     /* "YYYY-MM-DD", or NULL for never */
	int64_t expires_at;      /* first second after the expiry day, UTC; 0 = never */
} vd_exception;

typedef struct {
	const char *name;
	const char *value;       /* as written (identifier, string, number, boolean) */
	vd_loc loc;
} vd_setting;

/* One source file handed to the lowering. */
typedef struct {
	const char *path;        /* "packs/secrets/dotenv.policy" */
	const char *pack;        /* "secrets" */
	const char *text;        /* NULL when len > VD_MAX_POLICY_FILE: never read */
	size_t len;
} vd_source;

/* Everything lowered from the files of one ref. */
typedef struct {
	vd_arena arena;
	vd_vec(vd_policy *) policies;
	vd_vec(vd_list *) lists;
	vd_vec(vd_ramp_entry) ramp;
	vd_vec(vd_exception *) exceptions;
	vd_vec(vd_setting) settings;
	vd_vec(pcre2_code *) patterns;  /* every compiled pattern, to free */
	vd_vec(vd_strmap *) sets;       /* every `in` set (slots on the heap), to free */
} vd_ir;

/*
 * Parse and lower every file.  Diagnostics are appended to `diags`; the IR
 * holds everything that lowered cleanly, so a caller can still report the
 * rest.  Returns the number of error diagnostics added.
 */
size_t vd__lower(vd_ir *ir, const vd_source *files, size_t nfiles, vd_diags *diags);
void vd__ir_dispose(vd_ir *ir);

/* Compile a glob into a regex for the given field kind; NULL + message on error. */
pcre2_code *vd__glob_compile(const char *const *globs, const uint32_t *lens,
	size_t n, bool pathname, char *err, size_t errlen, size_t *err_offset);

/* The same, appending the PCRE2 source to `src` (for the compile cache). */
pcre2_code *vd__glob_compile_src(const char *const *globs, const uint32_t *lens,
	size_t n, bool pathname, char *err, size_t errlen, size_t *err_offset, vd_buf *src);

/*
 * Literals one of which every string matching any of `patterns` (globs
 * when `glob`, else PCRE2 regular expressions) contains; false when none
 * can be derived.  *anchors: a vd_lit_anchor per literal, or NULL when
 * all are VD_LIT_ANY.  Allocated in `a`.
 */
bool vd__pattern_literals(vd_arena *a, const vd_str *patterns, size_t n, bool glob,
	const vd_str **lits, const uint8_t **anchors, uint32_t *nlits, bool *ci);

/* Parse a mode or verdict word; -1 when it is not one. */
int vd__mode_parse(const char *s, size_t len);

#endif
