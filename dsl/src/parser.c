#include "tree_sitter/parser.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

#define LANGUAGE_VERSION 14
#define STATE_COUNT 105
#define LARGE_STATE_COUNT 2
#define SYMBOL_COUNT 95
#define ALIAS_COUNT 0
#define TOKEN_COUNT 50
#define EXTERNAL_TOKEN_COUNT 0
#define FIELD_COUNT 15
#define MAX_ALIAS_SEQUENCE_LENGTH 5
#define PRODUCTION_ID_COUNT 20

enum ts_symbol_identifiers {
  sym_identifier = 1,
  anon_sym_policy = 2,
  anon_sym_LBRACE = 3,
  anon_sym_SEMI = 4,
  anon_sym_RBRACE = 5,
  anon_sym_risk = 6,
  anon_sym_mode = 7,
  anon_sym_severity = 8,
  anon_sym_on = 9,
  anon_sym_COMMA = 10,
  anon_sym_when = 11,
  anon_sym_unless = 12,
  anon_sym_message = 13,
  anon_sym_list = 14,
  anon_sym_EQ = 15,
  anon_sym_ramp = 16,
  anon_sym_exception = 17,
  anon_sym_policies = 18,
  anon_sym_reason = 19,
  anon_sym_owner = 20,
  anon_sym_expires = 21,
  anon_sym_settings = 22,
  anon_sym_or = 23,
  anon_sym_and = 24,
  anon_sym_not = 25,
  anon_sym_LPAREN = 26,
  anon_sym_RPAREN = 27,
  anon_sym_EQ_EQ = 28,
  anon_sym_BANG_EQ = 29,
  anon_sym_LT = 30,
  anon_sym_LT_EQ = 31,
  anon_sym_GT = 32,
  anon_sym_GT_EQ = 33,
  anon_sym_TILDE = 34,
  anon_sym_in = 35,
  anon_sym_matches = 36,
  anon_sym_has = 37,
  anon_sym_starts_with = 38,
  anon_sym_ends_with = 39,
  anon_sym_LBRACK = 40,
  anon_sym_RBRACK = 41,
  sym_string = 42,
  sym_raw_string = 43,
  sym_number = 44,
  anon_sym_true = 45,
  anon_sym_false = 46,
  sym_date = 47,
  sym_action_glob = 48,
  sym_comment = 49,
  sym_source_file = 50,
  sym__item = 51,
  sym_policy = 52,
  sym__policy_clause = 53,
  sym_risk_clause = 54,
  sym_mode_clause = 55,
  sym_severity_clause = 56,
  sym_on_clause = 57,
  sym_when_clause = 58,
  sym_unless_clause = 59,
  sym_message_clause = 60,
  sym_list_declaration = 61,
  sym_ramp = 62,
  sym_ramp_entry = 63,
  sym_exception = 64,
  sym__exception_clause = 65,
  sym_policies_clause = 66,
  sym_reason_clause = 67,
  sym_owner_clause = 68,
  sym_expires_clause = 69,
  sym_settings = 70,
  sym_setting = 71,
  sym__expression = 72,
  sym_or_expression = 73,
  sym_and_expression = 74,
  sym_not_expression = 75,
  sym_parenthesized_expression = 76,
  sym_comparison = 77,
  sym_operator = 78,
  sym_field = 79,
  sym__value = 80,
  sym_list_name = 81,
  sym__scalar_or_name = 82,
  sym__scalar = 83,
  sym_list = 84,
  sym__string = 85,
  sym_boolean = 86,
  aux_sym_source_file_repeat1 = 87,
  aux_sym_policy_repeat1 = 88,
  aux_sym_on_clause_repeat1 = 89,
  aux_sym_ramp_repeat1 = 90,
  aux_sym_exception_repeat1 = 91,
  aux_sym_policies_clause_repeat1 = 92,
  aux_sym_settings_repeat1 = 93,
  aux_sym_list_repeat1 = 94,
};

static const char * const ts_symbol_names[] = {
  [ts_builtin_sym_end] = "end",
  [sym_identifier] = "identifier",
  [anon_sym_policy] = "policy",
  [anon_sym_LBRACE] = "{",
  [anon_sym_SEMI] = ";",
  [anon_sym_RBRACE] = "}",
  [anon_sym_risk] = "risk",
  [anon_sym_mode] = "mode",
  [anon_sym_severity] = "severity",
  [anon_sym_on] = "on",
  [anon_sym_COMMA] = ",",
  [anon_sym_when] = "when",
  [anon_sym_unless] = "unless",
  [anon_sym_message] = "message",
  [anon_sym_list] = "list",
  [anon_sym_EQ] = "=",
  [anon_sym_ramp] = "ramp",
  [anon_sym_exception] = "exception",
  [anon_sym_policies] = "policies",
  [anon_sym_reason] = "reason",
  [anon_sym_owner] = "owner",
  [anon_sym_expires] = "expires",
  [anon_sym_settings] = "settings",
  [anon_sym_or] = "or",
  [anon_sym_and] = "and",
  [anon_sym_not] = "not",
  [anon_sym_LPAREN] = "(",
  [anon_sym_RPAREN] = ")",
  [anon_sym_EQ_EQ] = "==",
  [anon_sym_BANG_EQ] = "!=",
  [anon_sym_LT] = "<",
  [anon_sym_LT_EQ] = "<=",
  [anon_sym_GT] = ">",
  [anon_sym_GT_EQ] = ">=",
  [anon_sym_TILDE] = "~",
  [anon_sym_in] = "in",
  [anon_sym_matches] = "matches",
  [anon_sym_has] = "has",
  [anon_sym_starts_with] = "starts_with",
  [anon_sym_ends_with] = "ends_with",
  [anon_sym_LBRACK] = "[",
  [anon_sym_RBRACK] = "]",
  [sym_string] = "string",
  [sym_raw_string] = "raw_string",
  [sym_number] = "number",
  [anon_sym_true] = "true",
  [anon_sym_false] = "false",
  [sym_date] = "date",
  [sym_action_glob] = "action_glob",
  [sym_comment] = "comment",
  [sym_source_file] = "source_file",
  [sym__item] = "_item",
  [sym_policy] = "policy",
  [sym__policy_clause] = "_policy_clause",
  [sym_risk_clause] = "risk_clause",
  [sym_mode_clause] = "mode_clause",
  [sym_severity_clause] = "severity_clause",
  [sym_on_clause] = "on_clause",
  [sym_when_clause] = "when_clause",
  [sym_unless_clause] = "unless_clause",
  [sym_message_clause] = "message_clause",
  [sym_list_declaration] = "list_declaration",
  [sym_ramp] = "ramp",
  [sym_ramp_entry] = "ramp_entry",
  [sym_exception] = "exception",
  [sym__exception_clause] = "_exception_clause",
  [sym_policies_clause] = "policies_clause",
  [sym_reason_clause] = "reason_clause",
  [sym_owner_clause] = "owner_clause",
  [sym_expires_clause] = "expires_clause",
  [sym_settings] = "settings",
  [sym_setting] = "setting",
  [sym__expression] = "_expression",
  [sym_or_expression] = "or_expression",
  [sym_and_expression] = "and_expression",
  [sym_not_expression] = "not_expression",
  [sym_parenthesized_expression] = "parenthesized_expression",
  [sym_comparison] = "comparison",
  [sym_operator] = "operator",
  [sym_field] = "field",
  [sym__value] = "_value",
  [sym_list_name] = "list_name",
  [sym__scalar_or_name] = "_scalar_or_name",
  [sym__scalar] = "_scalar",
  [sym_list] = "list",
  [sym__string] = "_string",
  [sym_boolean] = "boolean",
  [aux_sym_source_file_repeat1] = "source_file_repeat1",
  [aux_sym_policy_repeat1] = "policy_repeat1",
  [aux_sym_on_clause_repeat1] = "on_clause_repeat1",
  [aux_sym_ramp_repeat1] = "ramp_repeat1",
  [aux_sym_exception_repeat1] = "exception_repeat1",
  [aux_sym_policies_clause_repeat1] = "policies_clause_repeat1",
  [aux_sym_settings_repeat1] = "settings_repeat1",
  [aux_sym_list_repeat1] = "list_repeat1",
};

static const TSSymbol ts_symbol_map[] = {
  [ts_builtin_sym_end] = ts_builtin_sym_end,
  [sym_identifier] = sym_identifier,
  [anon_sym_policy] = anon_sym_policy,
  [anon_sym_LBRACE] = anon_sym_LBRACE,
  [anon_sym_SEMI] = anon_sym_SEMI,
  [anon_sym_RBRACE] = anon_sym_RBRACE,
  [anon_sym_risk] = anon_sym_risk,
  [anon_sym_mode] = anon_sym_mode,
  [anon_sym_severity] = anon_sym_severity,
  [anon_sym_on] = anon_sym_on,
  [anon_sym_COMMA] = anon_sym_COMMA,
  [anon_sym_when] = anon_sym_when,
  [anon_sym_unless] = anon_sym_unless,
  [anon_sym_message] = anon_sym_message,
  [anon_sym_list] = anon_sym_list,
  [anon_sym_EQ] = anon_sym_EQ,
  [anon_sym_ramp] = anon_sym_ramp,
  [anon_sym_exception] = anon_sym_exception,
  [anon_sym_policies] = anon_sym_policies,
  [anon_sym_reason] = anon_sym_reason,
  [anon_sym_owner] = anon_sym_owner,
  [anon_sym_expires] = anon_sym_expires,
  [anon_sym_settings] = anon_sym_settings,
  [anon_sym_or] = anon_sym_or,
  [anon_sym_and] = anon_sym_and,
  [anon_sym_not] = anon_sym_not,
  [anon_sym_LPAREN] = anon_sym_LPAREN,
  [anon_sym_RPAREN] = anon_sym_RPAREN,
  [anon_sym_EQ_EQ] = anon_sym_EQ_EQ,
  [anon_sym_BANG_EQ] = anon_sym_BANG_EQ,
  [anon_sym_LT] = anon_sym_LT,
  [anon_sym_LT_EQ] = anon_sym_LT_EQ,
  [anon_sym_GT] = anon_sym_GT,
  [anon_sym_GT_EQ] = anon_sym_GT_EQ,
  [anon_sym_TILDE] = anon_sym_TILDE,
  [anon_sym_in] = anon_sym_in,
  [anon_sym_matches] = anon_sym_matches,
  [anon_sym_has] = anon_sym_has,
  [anon_sym_starts_with] = anon_sym_starts_with,
  [anon_sym_ends_with] = anon_sym_ends_with,
  [anon_sym_LBRACK] = anon_sym_LBRACK,
  [anon_sym_RBRACK] = anon_sym_RBRACK,
  [sym_string] = sym_string,
  [sym_raw_string] = sym_raw_string,
  [sym_number] = sym_number,
  [anon_sym_true] = anon_sym_true,
  [anon_sym_false] = anon_sym_false,
  [sym_date] = sym_date,
  [sym_action_glob] = sym_action_glob,
  [sym_comment] = sym_comment,
  [sym_source_file] = sym_source_file,
  [sym__item] = sym__item,
  [sym_policy] = sym_policy,
  [sym__policy_clause] = sym__policy_clause,
  [sym_risk_clause] = sym_risk_clause,
  [sym_mode_clause] = sym_mode_clause,
  [sym_severity_clause] = sym_severity_clause,
  [sym_on_clause] = sym_on_clause,
  [sym_when_clause] = sym_when_clause,
  [sym_unless_clause] = sym_unless_clause,
  [sym_message_clause] = sym_message_clause,
  [sym_list_declaration] = sym_list_declaration,
  [sym_ramp] = sym_ramp,
  [sym_ramp_entry] = sym_ramp_entry,
  [sym_exception] = sym_exception,
  [sym__exception_clause] = sym__exception_clause,
  [sym_policies_clause] = sym_policies_clause,
  [sym_reason_clause] = sym_reason_clause,
  [sym_owner_clause] = sym_owner_clause,
  [sym_expires_clause] = sym_expires_clause,
  [sym_settings] = sym_settings,
  [sym_setting] = sym_setting,
  [sym__expression] = sym__expression,
  [sym_or_expression] = sym_or_expression,
  [sym_and_expression] = sym_and_expression,
  [sym_not_expression] = sym_not_expression,
  [sym_parenthesized_expression] = sym_parenthesized_expression,
  [sym_comparison] = sym_comparison,
  [sym_operator] = sym_operator,
  [sym_field] = sym_field,
  [sym__value] = sym__value,
  [sym_list_name] = sym_list_name,
  [sym__scalar_or_name] = sym__scalar_or_name,
  [sym__scalar] = sym__scalar,
  [sym_list] = sym_list,
  [sym__string] = sym__string,
  [sym_boolean] = sym_boolean,
  [aux_sym_source_file_repeat1] = aux_sym_source_file_repeat1,
  [aux_sym_policy_repeat1] = aux_sym_policy_repeat1,
  [aux_sym_on_clause_repeat1] = aux_sym_on_clause_repeat1,
  [aux_sym_ramp_repeat1] = aux_sym_ramp_repeat1,
  [aux_sym_exception_repeat1] = aux_sym_exception_repeat1,
  [aux_sym_policies_clause_repeat1] = aux_sym_policies_clause_repeat1,
  [aux_sym_settings_repeat1] = aux_sym_settings_repeat1,
  [aux_sym_list_repeat1] = aux_sym_list_repeat1,
};

static const TSSymbolMetadata ts_symbol_metadata[] = {
  [ts_builtin_sym_end] = {
    .visible = false,
    .named = true,
  },
  [sym_identifier] = {
    .visible = true,
    .named = true,
  },
  [anon_sym_policy] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_LBRACE] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_SEMI] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_RBRACE] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_risk] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_mode] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_severity] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_on] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_COMMA] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_when] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_unless] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_message] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_list] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_EQ] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_ramp] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_exception] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_policies] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_reason] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_owner] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_expires] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_settings] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_or] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_and] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_not] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_LPAREN] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_RPAREN] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_EQ_EQ] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_BANG_EQ] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_LT] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_LT_EQ] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_GT] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_GT_EQ] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_TILDE] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_in] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_matches] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_has] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_starts_with] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_ends_with] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_LBRACK] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_RBRACK] = {
    .visible = true,
    .named = false,
  },
  [sym_string] = {
    .visible = true,
    .named = true,
  },
  [sym_raw_string] = {
    .visible = true,
    .named = true,
  },
  [sym_number] = {
    .visible = true,
    .named = true,
  },
  [anon_sym_true] = {
    .visible = true,
    .named = false,
  },
  [anon_sym_false] = {
    .visible = true,
    .named = false,
  },
  [sym_date] = {
    .visible = true,
    .named = true,
  },
  [sym_action_glob] = {
    .visible = true,
    .named = true,
  },
  [sym_comment] = {
    .visible = true,
    .named = true,
  },
  [sym_source_file] = {
    .visible = true,
    .named = true,
  },
  [sym__item] = {
    .visible = false,
    .named = true,
  },
  [sym_policy] = {
    .visible = true,
    .named = true,
  },
  [sym__policy_clause] = {
    .visible = false,
    .named = true,
  },
  [sym_risk_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_mode_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_severity_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_on_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_when_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_unless_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_message_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_list_declaration] = {
    .visible = true,
    .named = true,
  },
  [sym_ramp] = {
    .visible = true,
    .named = true,
  },
  [sym_ramp_entry] = {
    .visible = true,
    .named = true,
  },
  [sym_exception] = {
    .visible = true,
    .named = true,
  },
  [sym__exception_clause] = {
    .visible = false,
    .named = true,
  },
  [sym_policies_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_reason_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_owner_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_expires_clause] = {
    .visible = true,
    .named = true,
  },
  [sym_settings] = {
    .visible = true,
    .named = true,
  },
  [sym_setting] = {
    .visible = true,
    .named = true,
  },
  [sym__expression] = {
    .visible = false,
    .named = true,
  },
  [sym_or_expression] = {
    .visible = true,
    .named = true,
  },
  [sym_and_expression] = {
    .visible = true,
    .named = true,
  },
  [sym_not_expression] = {
    .visible = true,
    .named = true,
  },
  [sym_parenthesized_expression] = {
    .visible = true,
    .named = true,
  },
  [sym_comparison] = {
    .visible = true,
    .named = true,
  },
  [sym_operator] = {
    .visible = true,
    .named = true,
  },
  [sym_field] = {
    .visible = true,
    .named = true,
  },
  [sym__value] = {
    .visible = false,
    .named = true,
  },
  [sym_list_name] = {
    .visible = true,
    .named = true,
  },
  [sym__scalar_or_name] = {
    .visible = false,
    .named = true,
  },
  [sym__scalar] = {
    .visible = false,
    .named = true,
  },
  [sym_list] = {
    .visible = true,
    .named = true,
  },
  [sym__string] = {
    .visible = false,
    .named = true,
  },
  [sym_boolean] = {
    .visible = true,
    .named = true,
  },
  [aux_sym_source_file_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_policy_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_on_clause_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_ramp_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_exception_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_policies_clause_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_settings_repeat1] = {
    .visible = false,
    .named = false,
  },
  [aux_sym_list_repeat1] = {
    .visible = false,
    .named = false,
  },
};

enum ts_field_identifiers {
  field_action = 1,
  field_class = 2,
  field_condition = 3,
  field_date = 4,
  field_id = 5,
  field_left = 6,
  field_mode = 7,
  field_name = 8,
  field_operand = 9,
  field_operator = 10,
  field_pattern = 11,
  field_right = 12,
  field_target = 13,
  field_text = 14,
  field_value = 15,
};

static const char * const ts_field_names[] = {
  [0] = NULL,
  [field_action] = "action",
  [field_class] = "class",
  [field_condition] = "condition",
  [field_date] = "date",
  [field_id] = "id",
  [field_left] = "left",
  [field_mode] = "mode",
  [field_name] = "name",
  [field_operand] = "operand",
  [field_operator] = "operator",
  [field_pattern] = "pattern",
  [field_right] = "right",
  [field_target] = "target",
  [field_text] = "text",
  [field_value] = "value",
};

static const TSFieldMapSlice ts_field_map_slices[PRODUCTION_ID_COUNT] = {
  [1] = {.index = 0, .length = 1},
  [2] = {.index = 1, .length = 2},
  [3] = {.index = 3, .length = 2},
  [4] = {.index = 5, .length = 2},
  [5] = {.index = 7, .length = 1},
  [6] = {.index = 8, .length = 1},
  [7] = {.index = 9, .length = 1},
  [8] = {.index = 10, .length = 1},
  [9] = {.index = 11, .length = 1},
  [10] = {.index = 12, .length = 1},
  [11] = {.index = 13, .length = 1},
  [12] = {.index = 14, .length = 1},
  [13] = {.index = 15, .length = 2},
  [14] = {.index = 17, .length = 1},
  [15] = {.index = 18, .length = 2},
  [16] = {.index = 20, .length = 2},
  [17] = {.index = 22, .length = 2},
  [18] = {.index = 24, .length = 3},
  [19] = {.index = 27, .length = 2},
};

static const TSFieldMapEntry ts_field_map_entries[] = {
  [0] =
    {field_id, 1},
  [1] =
    {field_name, 1},
    {field_value, 3},
  [3] =
    {field_mode, 1},
    {field_target, 0},
  [5] =
    {field_name, 0},
    {field_value, 1},
  [7] =
    {field_class, 1},
  [8] =
    {field_value, 1},
  [9] =
    {field_action, 1},
  [10] =
    {field_condition, 1},
  [11] =
    {field_text, 1},
  [12] =
    {field_pattern, 1},
  [13] =
    {field_name, 1},
  [14] =
    {field_date, 1},
  [15] =
    {field_action, 1},
    {field_action, 2, .inherited = true},
  [17] =
    {field_operand, 1},
  [18] =
    {field_pattern, 1},
    {field_pattern, 2, .inherited = true},
  [20] =
    {field_action, 0, .inherited = true},
    {field_action, 1, .inherited = true},
  [22] =
    {field_left, 0},
    {field_right, 2},
  [24] =
    {field_left, 0},
    {field_operator, 1},
    {field_right, 2},
  [27] =
    {field_pattern, 0, .inherited = true},
    {field_pattern, 1, .inherited = true},
};

static const TSSymbol ts_alias_sequences[PRODUCTION_ID_COUNT][MAX_ALIAS_SEQUENCE_LENGTH] = {
  [0] = {0},
};

static const uint16_t ts_non_terminal_alias_map[] = {
  0,
};

static const TSStateId ts_primary_state_ids[STATE_COUNT] = {
  [0] = 0,
  [1] = 1,
  [2] = 2,
  [3] = 3,
  [4] = 4,
  [5] = 5,
  [6] = 6,
  [7] = 7,
  [8] = 8,
  [9] = 9,
  [10] = 10,
  [11] = 11,
  [12] = 12,
  [13] = 13,
  [14] = 14,
  [15] = 15,
  [16] = 16,
  [17] = 17,
  [18] = 18,
  [19] = 19,
  [20] = 20,
  [21] = 21,
  [22] = 22,
  [23] = 23,
  [24] = 24,
  [25] = 25,
  [26] = 26,
  [27] = 27,
  [28] = 28,
  [29] = 29,
  [30] = 30,
  [31] = 31,
  [32] = 32,
  [33] = 33,
  [34] = 34,
  [35] = 35,
  [36] = 36,
  [37] = 37,
  [38] = 38,
  [39] = 39,
  [40] = 40,
  [41] = 41,
  [42] = 42,
  [43] = 43,
  [44] = 44,
  [45] = 45,
  [46] = 46,
  [47] = 47,
  [48] = 48,
  [49] = 49,
  [50] = 50,
  [51] = 51,
  [52] = 52,
  [53] = 53,
  [54] = 54,
  [55] = 55,
  [56] = 56,
  [57] = 57,
  [58] = 58,
  [59] = 59,
  [60] = 60,
  [61] = 61,
  [62] = 62,
  [63] = 63,
  [64] = 64,
  [65] = 65,
  [66] = 66,
  [67] = 67,
  [68] = 68,
  [69] = 69,
  [70] = 70,
  [71] = 71,
  [72] = 72,
  [73] = 73,
  [74] = 74,
  [75] = 75,
  [76] = 76,
  [77] = 77,
  [78] = 78,
  [79] = 79,
  [80] = 80,
  [81] = 81,
  [82] = 82,
  [83] = 83,
  [84] = 84,
  [85] = 85,
  [86] = 86,
  [87] = 87,
  [88] = 88,
  [89] = 89,
  [90] = 90,
  [91] = 91,
  [92] = 92,
  [93] = 93,
  [94] = 94,
  [95] = 95,
  [96] = 96,
  [97] = 97,
  [98] = 98,
  [99] = 99,
  [100] = 100,
  [101] = 101,
  [102] = 102,
  [103] = 103,
  [104] = 104,
};

static bool ts_lex(TSLexer *lexer, TSStateId state) {
  START_LEXER();
  eof = lexer->eof(lexer);
  switch (state) {
    case 0:
      if (eof) ADVANCE(21);
      ADVANCE_MAP(
        '!', 9,
        '"', 2,
        '#', 52,
        '\'', 4,
        '(', 28,
        ')', 29,
        '*', 51,
        ',', 25,
        '.', 6,
        ';', 23,
        '<', 32,
        '=', 27,
        '>', 34,
        '[', 37,
        ']', 38,
        '{', 22,
        '}', 24,
        '~', 36,
      );
      if (('\t' <= lookahead && lookahead <= '\r') ||
          lookahead == ' ') SKIP(0);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(46);
      if (('A' <= lookahead && lookahead <= 'Z')) ADVANCE(50);
      if (lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(49);
      END_STATE();
    case 1:
      ADVANCE_MAP(
        '!', 9,
        '"', 2,
        '#', 52,
        '\'', 4,
        ')', 29,
        ';', 23,
        '<', 32,
        '=', 10,
        '>', 34,
        '[', 37,
        ']', 38,
        '}', 24,
        '~', 36,
      );
      if (('\t' <= lookahead && lookahead <= '\r') ||
          lookahead == ' ') SKIP(1);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(47);
      if (('A' <= lookahead && lookahead <= 'Z') ||
          lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(50);
      END_STATE();
    case 2:
      if (lookahead == '"') ADVANCE(39);
      if (lookahead == '\\') ADVANCE(20);
      if (lookahead != 0 &&
          lookahead != '\n') ADVANCE(2);
      END_STATE();
    case 3:
      if (lookahead == '#') ADVANCE(52);
      if (lookahead == '=') ADVANCE(26);
      if (('\t' <= lookahead && lookahead <= '\r') ||
          lookahead == ' ') SKIP(3);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(18);
      END_STATE();
    case 4:
      if (lookahead == '\'') ADVANCE(40);
      if (lookahead != 0 &&
          lookahead != '\n') ADVANCE(4);
      END_STATE();
    case 5:
      if (lookahead == '*') ADVANCE(51);
      if (lookahead == '.') ADVANCE(6);
      if (lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(49);
      if (('0' <= lookahead && lookahead <= '9') ||
          ('A' <= lookahead && lookahead <= 'Z')) ADVANCE(50);
      END_STATE();
    case 6:
      if (lookahead == '*') ADVANCE(51);
      if (lookahead == '.' ||
          lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(6);
      END_STATE();
    case 7:
      if (lookahead == '-') ADVANCE(14);
      END_STATE();
    case 8:
      if (lookahead == '-') ADVANCE(15);
      END_STATE();
    case 9:
      if (lookahead == '=') ADVANCE(31);
      END_STATE();
    case 10:
      if (lookahead == '=') ADVANCE(30);
      END_STATE();
    case 11:
      if (lookahead == 'B') ADVANCE(41);
      END_STATE();
    case 12:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(8);
      END_STATE();
    case 13:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(48);
      END_STATE();
    case 14:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(12);
      END_STATE();
    case 15:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(13);
      END_STATE();
    case 16:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(7);
      END_STATE();
    case 17:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(16);
      END_STATE();
    case 18:
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(17);
      END_STATE();
    case 19:
      if (('0' <= lookahead && lookahead <= '9') ||
          ('A' <= lookahead && lookahead <= 'Z') ||
          lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(50);
      END_STATE();
    case 20:
      if (lookahead != 0 &&
          lookahead != '\n') ADVANCE(2);
      END_STATE();
    case 21:
      ACCEPT_TOKEN(ts_builtin_sym_end);
      END_STATE();
    case 22:
      ACCEPT_TOKEN(anon_sym_LBRACE);
      END_STATE();
    case 23:
      ACCEPT_TOKEN(anon_sym_SEMI);
      END_STATE();
    case 24:
      ACCEPT_TOKEN(anon_sym_RBRACE);
      END_STATE();
    case 25:
      ACCEPT_TOKEN(anon_sym_COMMA);
      END_STATE();
    case 26:
      ACCEPT_TOKEN(anon_sym_EQ);
      END_STATE();
    case 27:
      ACCEPT_TOKEN(anon_sym_EQ);
      if (lookahead == '=') ADVANCE(30);
      END_STATE();
    case 28:
      ACCEPT_TOKEN(anon_sym_LPAREN);
      END_STATE();
    case 29:
      ACCEPT_TOKEN(anon_sym_RPAREN);
      END_STATE();
    case 30:
      ACCEPT_TOKEN(anon_sym_EQ_EQ);
      END_STATE();
    case 31:
      ACCEPT_TOKEN(anon_sym_BANG_EQ);
      END_STATE();
    case 32:
      ACCEPT_TOKEN(anon_sym_LT);
      if (lookahead == '=') ADVANCE(33);
      END_STATE();
    case 33:
      ACCEPT_TOKEN(anon_sym_LT_EQ);
      END_STATE();
    case 34:
      ACCEPT_TOKEN(anon_sym_GT);
      if (lookahead == '=') ADVANCE(35);
      END_STATE();
    case 35:
      ACCEPT_TOKEN(anon_sym_GT_EQ);
      END_STATE();
    case 36:
      ACCEPT_TOKEN(anon_sym_TILDE);
      END_STATE();
    case 37:
      ACCEPT_TOKEN(anon_sym_LBRACK);
      END_STATE();
    case 38:
      ACCEPT_TOKEN(anon_sym_RBRACK);
      END_STATE();
    case 39:
      ACCEPT_TOKEN(sym_string);
      END_STATE();
    case 40:
      ACCEPT_TOKEN(sym_raw_string);
      END_STATE();
    case 41:
      ACCEPT_TOKEN(sym_number);
      END_STATE();
    case 42:
      ACCEPT_TOKEN(sym_number);
      if (lookahead == '-') ADVANCE(14);
      if (lookahead == 'G') ADVANCE(43);
      if (lookahead == 'K') ADVANCE(43);
      if (lookahead == 'M') ADVANCE(43);
      if (lookahead == 'k') ADVANCE(41);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(47);
      END_STATE();
    case 43:
      ACCEPT_TOKEN(sym_number);
      if (lookahead == 'B') ADVANCE(41);
      if (lookahead == 'i') ADVANCE(11);
      END_STATE();
    case 44:
      ACCEPT_TOKEN(sym_number);
      if (lookahead == 'G') ADVANCE(43);
      if (lookahead == 'K') ADVANCE(43);
      if (lookahead == 'M') ADVANCE(43);
      if (lookahead == 'k') ADVANCE(41);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(42);
      END_STATE();
    case 45:
      ACCEPT_TOKEN(sym_number);
      if (lookahead == 'G') ADVANCE(43);
      if (lookahead == 'K') ADVANCE(43);
      if (lookahead == 'M') ADVANCE(43);
      if (lookahead == 'k') ADVANCE(41);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(44);
      END_STATE();
    case 46:
      ACCEPT_TOKEN(sym_number);
      if (lookahead == 'G') ADVANCE(43);
      if (lookahead == 'K') ADVANCE(43);
      if (lookahead == 'M') ADVANCE(43);
      if (lookahead == 'k') ADVANCE(41);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(45);
      END_STATE();
    case 47:
      ACCEPT_TOKEN(sym_number);
      if (lookahead == 'G') ADVANCE(43);
      if (lookahead == 'K') ADVANCE(43);
      if (lookahead == 'M') ADVANCE(43);
      if (lookahead == 'k') ADVANCE(41);
      if (('0' <= lookahead && lookahead <= '9')) ADVANCE(47);
      END_STATE();
    case 48:
      ACCEPT_TOKEN(sym_date);
      END_STATE();
    case 49:
      ACCEPT_TOKEN(sym_identifier);
      if (lookahead == '*') ADVANCE(51);
      if (lookahead == '-') ADVANCE(19);
      if (lookahead == '.') ADVANCE(5);
      if (lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(49);
      if (('0' <= lookahead && lookahead <= '9') ||
          ('A' <= lookahead && lookahead <= 'Z')) ADVANCE(50);
      END_STATE();
    case 50:
      ACCEPT_TOKEN(sym_identifier);
      if (lookahead == '-' ||
          lookahead == '.') ADVANCE(19);
      if (('0' <= lookahead && lookahead <= '9') ||
          ('A' <= lookahead && lookahead <= 'Z') ||
          lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(50);
      END_STATE();
    case 51:
      ACCEPT_TOKEN(sym_action_glob);
      if (lookahead == '*' ||
          lookahead == '.' ||
          lookahead == '_' ||
          ('a' <= lookahead && lookahead <= 'z')) ADVANCE(51);
      END_STATE();
    case 52:
      ACCEPT_TOKEN(sym_comment);
      if (lookahead != 0 &&
          lookahead != '\n') ADVANCE(52);
      END_STATE();
    default:
      return false;
  }
}

static bool ts_lex_keywords(TSLexer *lexer, TSStateId state) {
  START_LEXER();
  eof = lexer->eof(lexer);
  switch (state) {
    case 0:
      ADVANCE_MAP(
        'a', 1,
        'e', 2,
        'f', 3,
        'h', 4,
        'i', 5,
        'l', 6,
        'm', 7,
        'n', 8,
        'o', 9,
        'p', 10,
        'r', 11,
        's', 12,
        't', 13,
        'u', 14,
        'w', 15,
      );
      if (('\t' <= lookahead && lookahead <= '\r') ||
          lookahead == ' ') SKIP(0);
      END_STATE();
    case 1:
      if (lookahead == 'n') ADVANCE(16);
      END_STATE();
    case 2:
      if (lookahead == 'n') ADVANCE(17);
      if (lookahead == 'x') ADVANCE(18);
      END_STATE();
    case 3:
      if (lookahead == 'a') ADVANCE(19);
      END_STATE();
    case 4:
      if (lookahead == 'a') ADVANCE(20);
      END_STATE();
    case 5:
      if (lookahead == 'n') ADVANCE(21);
      END_STATE();
    case 6:
      if (lookahead == 'i') ADVANCE(22);
      END_STATE();
    case 7:
      if (lookahead == 'a') ADVANCE(23);
      if (lookahead == 'e') ADVANCE(24);
      if (lookahead == 'o') ADVANCE(25);
      END_STATE();
    case 8:
      if (lookahead == 'o') ADVANCE(26);
      END_STATE();
    case 9:
      if (lookahead == 'n') ADVANCE(27);
      if (lookahead == 'r') ADVANCE(28);
      if (lookahead == 'w') ADVANCE(29);
      END_STATE();
    case 10:
      if (lookahead == 'o') ADVANCE(30);
      END_STATE();
    case 11:
      if (lookahead == 'a') ADVANCE(31);
      if (lookahead == 'e') ADVANCE(32);
      if (lookahead == 'i') ADVANCE(33);
      END_STATE();
    case 12:
      if (lookahead == 'e') ADVANCE(34);
      if (lookahead == 't') ADVANCE(35);
      END_STATE();
    case 13:
      if (lookahead == 'r') ADVANCE(36);
      END_STATE();
    case 14:
      if (lookahead == 'n') ADVANCE(37);
      END_STATE();
    case 15:
      if (lookahead == 'h') ADVANCE(38);
      END_STATE();
    case 16:
      if (lookahead == 'd') ADVANCE(39);
      END_STATE();
    case 17:
      if (lookahead == 'd') ADVANCE(40);
      END_STATE();
    case 18:
      if (lookahead == 'c') ADVANCE(41);
      if (lookahead == 'p') ADVANCE(42);
      END_STATE();
    case 19:
      if (lookahead == 'l') ADVANCE(43);
      END_STATE();
    case 20:
      if (lookahead == 's') ADVANCE(44);
      END_STATE();
    case 21:
      ACCEPT_TOKEN(anon_sym_in);
      END_STATE();
    case 22:
      if (lookahead == 's') ADVANCE(45);
      END_STATE();
    case 23:
      if (lookahead == 't') ADVANCE(46);
      END_STATE();
    case 24:
      if (lookahead == 's') ADVANCE(47);
      END_STATE();
    case 25:
      if (lookahead == 'd') ADVANCE(48);
      END_STATE();
    case 26:
      if (lookahead == 't') ADVANCE(49);
      END_STATE();
    case 27:
      ACCEPT_TOKEN(anon_sym_on);
      END_STATE();
    case 28:
      ACCEPT_TOKEN(anon_sym_or);
      END_STATE();
    case 29:
      if (lookahead == 'n') ADVANCE(50);
      END_STATE();
    case 30:
      if (lookahead == 'l') ADVANCE(51);
      END_STATE();
    case 31:
      if (lookahead == 'm') ADVANCE(52);
      END_STATE();
    case 32:
      if (lookahead == 'a') ADVANCE(53);
      END_STATE();
    case 33:
      if (lookahead == 's') ADVANCE(54);
      END_STATE();
    case 34:
      if (lookahead == 't') ADVANCE(55);
      if (lookahead == 'v') ADVANCE(56);
      END_STATE();
    case 35:
      if (lookahead == 'a') ADVANCE(57);
      END_STATE();
    case 36:
      if (lookahead == 'u') ADVANCE(58);
      END_STATE();
    case 37:
      if (lookahead == 'l') ADVANCE(59);
      END_STATE();
    case 38:
      if (lookahead == 'e') ADVANCE(60);
      END_STATE();
    case 39:
      ACCEPT_TOKEN(anon_sym_and);
      END_STATE();
    case 40:
      if (lookahead == 's') ADVANCE(61);
      END_STATE();
    case 41:
      if (lookahead == 'e') ADVANCE(62);
      END_STATE();
    case 42:
      if (lookahead == 'i') ADVANCE(63);
      END_STATE();
    case 43:
      if (lookahead == 's') ADVANCE(64);
      END_STATE();
    case 44:
      ACCEPT_TOKEN(anon_sym_has);
      END_STATE();
    case 45:
      if (lookahead == 't') ADVANCE(65);
      END_STATE();
    case 46:
      if (lookahead == 'c') ADVANCE(66);
      END_STATE();
    case 47:
      if (lookahead == 's') ADVANCE(67);
      END_STATE();
    case 48:
      if (lookahead == 'e') ADVANCE(68);
      END_STATE();
    case 49:
      ACCEPT_TOKEN(anon_sym_not);
      END_STATE();
    case 50:
      if (lookahead == 'e') ADVANCE(69);
      END_STATE();
    case 51:
      if (lookahead == 'i') ADVANCE(70);
      END_STATE();
    case 52:
      if (lookahead == 'p') ADVANCE(71);
      END_STATE();
    case 53:
      if (lookahead == 's') ADVANCE(72);
      END_STATE();
    case 54:
      if (lookahead == 'k') ADVANCE(73);
      END_STATE();
    case 55:
      if (lookahead == 't') ADVANCE(74);
      END_STATE();
    case 56:
      if (lookahead == 'e') ADVANCE(75);
      END_STATE();
    case 57:
      if (lookahead == 'r') ADVANCE(76);
      END_STATE();
    case 58:
      if (lookahead == 'e') ADVANCE(77);
      END_STATE();
    case 59:
      if (lookahead == 'e') ADVANCE(78);
      END_STATE();
    case 60:
      if (lookahead == 'n') ADVANCE(79);
      END_STATE();
    case 61:
      if (lookahead == '_') ADVANCE(80);
      END_STATE();
    case 62:
      if (lookahead == 'p') ADVANCE(81);
      END_STATE();
    case 63:
      if (lookahead == 'r') ADVANCE(82);
      END_STATE();
    case 64:
      if (lookahead == 'e') ADVANCE(83);
      END_STATE();
    case 65:
      ACCEPT_TOKEN(anon_sym_list);
      END_STATE();
    case 66:
      if (lookahead == 'h') ADVANCE(84);
      END_STATE();
    case 67:
      if (lookahead == 'a') ADVANCE(85);
      END_STATE();
    case 68:
      ACCEPT_TOKEN(anon_sym_mode);
      END_STATE();
    case 69:
      if (lookahead == 'r') ADVANCE(86);
      END_STATE();
    case 70:
      if (lookahead == 'c') ADVANCE(87);
      END_STATE();
    case 71:
      ACCEPT_TOKEN(anon_sym_ramp);
      END_STATE();
    case 72:
      if (lookahead == 'o') ADVANCE(88);
      END_STATE();
    case 73:
      ACCEPT_TOKEN(anon_sym_risk);
      END_STATE();
    case 74:
      if (lookahead == 'i') ADVANCE(89);
      END_STATE();
    case 75:
      if (lookahead == 'r') ADVANCE(90);
      END_STATE();
    case 76:
      if (lookahead == 't') ADVANCE(91);
      END_STATE();
    case 77:
      ACCEPT_TOKEN(anon_sym_true);
      END_STATE();
    case 78:
      if (lookahead == 's') ADVANCE(92);
      END_STATE();
    case 79:
      ACCEPT_TOKEN(anon_sym_when);
      END_STATE();
    case 80:
      if (lookahead == 'w') ADVANCE(93);
      END_STATE();
    case 81:
      if (lookahead == 't') ADVANCE(94);
      END_STATE();
    case 82:
      if (lookahead == 'e') ADVANCE(95);
      END_STATE();
    case 83:
      ACCEPT_TOKEN(anon_sym_false);
      END_STATE();
    case 84:
      if (lookahead == 'e') ADVANCE(96);
      END_STATE();
    case 85:
      if (lookahead == 'g') ADVANCE(97);
      END_STATE();
    case 86:
      ACCEPT_TOKEN(anon_sym_owner);
      END_STATE();
    case 87:
      if (lookahead == 'i') ADVANCE(98);
      if (lookahead == 'y') ADVANCE(99);
      END_STATE();
    case 88:
      if (lookahead == 'n') ADVANCE(100);
      END_STATE();
    case 89:
      if (lookahead == 'n') ADVANCE(101);
      END_STATE();
    case 90:
      if (lookahead == 'i') ADVANCE(102);
      END_STATE();
    case 91:
      if (lookahead == 's') ADVANCE(103);
      END_STATE();
    case 92:
      if (lookahead == 's') ADVANCE(104);
      END_STATE();
    case 93:
      if (lookahead == 'i') ADVANCE(105);
      END_STATE();
    case 94:
      if (lookahead == 'i') ADVANCE(106);
      END_STATE();
    case 95:
      if (lookahead == 's') ADVANCE(107);
      END_STATE();
    case 96:
      if (lookahead == 's') ADVANCE(108);
      END_STATE();
    case 97:
      if (lookahead == 'e') ADVANCE(109);
      END_STATE();
    case 98:
      if (lookahead == 'e') ADVANCE(110);
      END_STATE();
    case 99:
      ACCEPT_TOKEN(anon_sym_policy);
      END_STATE();
    case 100:
      ACCEPT_TOKEN(anon_sym_reason);
      END_STATE();
    case 101:
      if (lookahead == 'g') ADVANCE(111);
      END_STATE();
    case 102:
      if (lookahead == 't') ADVANCE(112);
      END_STATE();
    case 103:
      if (lookahead == '_') ADVANCE(113);
      END_STATE();
    case 104:
      ACCEPT_TOKEN(anon_sym_unless);
      END_STATE();
    case 105:
      if (lookahead == 't') ADVANCE(114);
      END_STATE();
    case 106:
      if (lookahead == 'o') ADVANCE(115);
      END_STATE();
    case 107:
      ACCEPT_TOKEN(anon_sym_expires);
      END_STATE();
    case 108:
      ACCEPT_TOKEN(anon_sym_matches);
      END_STATE();
    case 109:
      ACCEPT_TOKEN(anon_sym_message);
      END_STATE();
    case 110:
      if (lookahead == 's') ADVANCE(116);
      END_STATE();
    case 111:
      if (lookahead == 's') ADVANCE(117);
      END_STATE();
    case 112:
      if (lookahead == 'y') ADVANCE(118);
      END_STATE();
    case 113:
      if (lookahead == 'w') ADVANCE(119);
      END_STATE();
    case 114:
      if (lookahead == 'h') ADVANCE(120);
      END_STATE();
    case 115:
      if (lookahead == 'n') ADVANCE(121);
      END_STATE();
    case 116:
      ACCEPT_TOKEN(anon_sym_policies);
      END_STATE();
    case 117:
      ACCEPT_TOKEN(anon_sym_settings);
      END_STATE();
    case 118:
      ACCEPT_TOKEN(anon_sym_severity);
      END_STATE();
    case 119:
      if (lookahead == 'i') ADVANCE(122);
      END_STATE();
    case 120:
      ACCEPT_TOKEN(anon_sym_ends_with);
      END_STATE();
    case 121:
      ACCEPT_TOKEN(anon_sym_exception);
      END_STATE();
    case 122:
      if (lookahead == 't') ADVANCE(123);
      END_STATE();
    case 123:
      if (lookahead == 'h') ADVANCE(124);
      END_STATE();
    case 124:
      ACCEPT_TOKEN(anon_sym_starts_with);
      END_STATE();
    default:
      return false;
  }
}

static const TSLexMode ts_lex_modes[STATE_COUNT] = {
  [0] = {.lex_state = 0},
  [1] = {.lex_state = 0},
  [2] = {.lex_state = 1},
  [3] = {.lex_state = 1},
  [4] = {.lex_state = 0},
  [5] = {.lex_state = 0},
  [6] = {.lex_state = 0},
  [7] = {.lex_state = 0},
  [8] = {.lex_state = 0},
  [9] = {.lex_state = 0},
  [10] = {.lex_state = 0},
  [11] = {.lex_state = 0},
  [12] = {.lex_state = 0},
  [13] = {.lex_state = 0},
  [14] = {.lex_state = 0},
  [15] = {.lex_state = 0},
  [16] = {.lex_state = 0},
  [17] = {.lex_state = 0},
  [18] = {.lex_state = 0},
  [19] = {.lex_state = 0},
  [20] = {.lex_state = 0},
  [21] = {.lex_state = 0},
  [22] = {.lex_state = 1},
  [23] = {.lex_state = 0},
  [24] = {.lex_state = 0},
  [25] = {.lex_state = 0},
  [26] = {.lex_state = 0},
  [27] = {.lex_state = 0},
  [28] = {.lex_state = 0},
  [29] = {.lex_state = 0},
  [30] = {.lex_state = 0},
  [31] = {.lex_state = 1},
  [32] = {.lex_state = 0},
  [33] = {.lex_state = 0},
  [34] = {.lex_state = 0},
  [35] = {.lex_state = 0},
  [36] = {.lex_state = 0},
  [37] = {.lex_state = 0},
  [38] = {.lex_state = 0},
  [39] = {.lex_state = 0},
  [40] = {.lex_state = 0},
  [41] = {.lex_state = 0},
  [42] = {.lex_state = 1},
  [43] = {.lex_state = 0},
  [44] = {.lex_state = 0},
  [45] = {.lex_state = 1},
  [46] = {.lex_state = 1},
  [47] = {.lex_state = 0},
  [48] = {.lex_state = 1},
  [49] = {.lex_state = 0},
  [50] = {.lex_state = 0},
  [51] = {.lex_state = 0},
  [52] = {.lex_state = 0},
  [53] = {.lex_state = 0},
  [54] = {.lex_state = 0},
  [55] = {.lex_state = 1},
  [56] = {.lex_state = 0},
  [57] = {.lex_state = 0},
  [58] = {.lex_state = 0},
  [59] = {.lex_state = 0},
  [60] = {.lex_state = 0},
  [61] = {.lex_state = 0},
  [62] = {.lex_state = 0},
  [63] = {.lex_state = 0},
  [64] = {.lex_state = 0},
  [65] = {.lex_state = 0},
  [66] = {.lex_state = 0},
  [67] = {.lex_state = 0},
  [68] = {.lex_state = 0},
  [69] = {.lex_state = 0},
  [70] = {.lex_state = 0},
  [71] = {.lex_state = 0},
  [72] = {.lex_state = 0},
  [73] = {.lex_state = 0},
  [74] = {.lex_state = 0},
  [75] = {.lex_state = 0},
  [76] = {.lex_state = 0},
  [77] = {.lex_state = 0},
  [78] = {.lex_state = 0},
  [79] = {.lex_state = 0},
  [80] = {.lex_state = 0},
  [81] = {.lex_state = 0},
  [82] = {.lex_state = 0},
  [83] = {.lex_state = 0},
  [84] = {.lex_state = 0},
  [85] = {.lex_state = 0},
  [86] = {.lex_state = 0},
  [87] = {.lex_state = 0},
  [88] = {.lex_state = 0},
  [89] = {.lex_state = 0},
  [90] = {.lex_state = 0},
  [91] = {.lex_state = 0},
  [92] = {.lex_state = 0},
  [93] = {.lex_state = 3},
  [94] = {.lex_state = 0},
  [95] = {.lex_state = 0},
  [96] = {.lex_state = 0},
  [97] = {.lex_state = 0},
  [98] = {.lex_state = 3},
  [99] = {.lex_state = 0},
  [100] = {.lex_state = 0},
  [101] = {.lex_state = 0},
  [102] = {.lex_state = 0},
  [103] = {.lex_state = 0},
  [104] = {.lex_state = 0},
};

static const uint16_t ts_parse_table[LARGE_STATE_COUNT][SYMBOL_COUNT] = {
  [0] = {
    [ts_builtin_sym_end] = ACTIONS(1),
    [sym_identifier] = ACTIONS(1),
    [anon_sym_policy] = ACTIONS(1),
    [anon_sym_LBRACE] = ACTIONS(1),
    [anon_sym_SEMI] = ACTIONS(1),
    [anon_sym_RBRACE] = ACTIONS(1),
    [anon_sym_risk] = ACTIONS(1),
    [anon_sym_mode] = ACTIONS(1),
    [anon_sym_severity] = ACTIONS(1),
    [anon_sym_on] = ACTIONS(1),
    [anon_sym_COMMA] = ACTIONS(1),
    [anon_sym_when] = ACTIONS(1),
    [anon_sym_unless] = ACTIONS(1),
    [anon_sym_message] = ACTIONS(1),
    [anon_sym_list] = ACTIONS(1),
    [anon_sym_EQ] = ACTIONS(1),
    [anon_sym_ramp] = ACTIONS(1),
    [anon_sym_exception] = ACTIONS(1),
    [anon_sym_policies] = ACTIONS(1),
    [anon_sym_reason] = ACTIONS(1),
    [anon_sym_owner] = ACTIONS(1),
    [anon_sym_expires] = ACTIONS(1),
    [anon_sym_settings] = ACTIONS(1),
    [anon_sym_or] = ACTIONS(1),
    [anon_sym_and] = ACTIONS(1),
    [anon_sym_not] = ACTIONS(1),
    [anon_sym_LPAREN] = ACTIONS(1),
    [anon_sym_RPAREN] = ACTIONS(1),
    [anon_sym_EQ_EQ] = ACTIONS(1),
    [anon_sym_BANG_EQ] = ACTIONS(1),
    [anon_sym_LT] = ACTIONS(1),
    [anon_sym_LT_EQ] = ACTIONS(1),
    [anon_sym_GT] = ACTIONS(1),
    [anon_sym_GT_EQ] = ACTIONS(1),
    [anon_sym_TILDE] = ACTIONS(1),
    [anon_sym_in] = ACTIONS(1),
    [anon_sym_matches] = ACTIONS(1),
    [anon_sym_has] = ACTIONS(1),
    [anon_sym_starts_with] = ACTIONS(1),
    [anon_sym_ends_with] = ACTIONS(1),
    [anon_sym_LBRACK] = ACTIONS(1),
    [anon_sym_RBRACK] = ACTIONS(1),
    [sym_string] = ACTIONS(1),
    [sym_raw_string] = ACTIONS(1),
    [sym_number] = ACTIONS(1),
    [anon_sym_true] = ACTIONS(1),
    [anon_sym_false] = ACTIONS(1),
    [sym_date] = ACTIONS(1),
    [sym_comment] = ACTIONS(3),
  },
  [1] = {
    [sym_source_file] = STATE(96),
    [sym__item] = STATE(19),
    [sym_policy] = STATE(19),
    [sym_list_declaration] = STATE(19),
    [sym_ramp] = STATE(19),
    [sym_exception] = STATE(19),
    [sym_settings] = STATE(19),
    [aux_sym_source_file_repeat1] = STATE(19),
    [ts_builtin_sym_end] = ACTIONS(5),
    [anon_sym_policy] = ACTIONS(7),
    [anon_sym_list] = ACTIONS(9),
    [anon_sym_ramp] = ACTIONS(11),
    [anon_sym_exception] = ACTIONS(13),
    [anon_sym_settings] = ACTIONS(15),
    [sym_comment] = ACTIONS(3),
  },
};

static const uint16_t ts_small_parse_table[] = {
  [0] = 5,
    ACTIONS(3), 1,
      sym_comment,
    STATE(22), 1,
      sym_operator,
    ACTIONS(21), 2,
      anon_sym_LT,
      anon_sym_GT,
    ACTIONS(19), 10,
      anon_sym_EQ_EQ,
      anon_sym_BANG_EQ,
      anon_sym_LT_EQ,
      anon_sym_GT_EQ,
      anon_sym_TILDE,
      anon_sym_in,
      anon_sym_matches,
      anon_sym_has,
      anon_sym_starts_with,
      anon_sym_ends_with,
    ACTIONS(17), 16,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [41] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(25), 2,
      anon_sym_LT,
      anon_sym_GT,
    ACTIONS(23), 26,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
      anon_sym_EQ_EQ,
      anon_sym_BANG_EQ,
      anon_sym_LT_EQ,
      anon_sym_GT_EQ,
      anon_sym_TILDE,
      anon_sym_in,
      anon_sym_matches,
      anon_sym_has,
      anon_sym_starts_with,
      anon_sym_ends_with,
  [77] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(27), 22,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_settings,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [105] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(29), 22,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_settings,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [133] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(31), 22,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_settings,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [161] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(33), 22,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_settings,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [189] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(37), 5,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_COMMA,
      anon_sym_RPAREN,
      anon_sym_RBRACK,
    ACTIONS(35), 14,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      sym_identifier,
  [216] = 11,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(39), 1,
      anon_sym_RBRACE,
    ACTIONS(41), 1,
      anon_sym_risk,
    ACTIONS(43), 1,
      anon_sym_mode,
    ACTIONS(45), 1,
      anon_sym_severity,
    ACTIONS(47), 1,
      anon_sym_on,
    ACTIONS(49), 1,
      anon_sym_when,
    ACTIONS(51), 1,
      anon_sym_unless,
    ACTIONS(53), 1,
      anon_sym_message,
    STATE(11), 1,
      aux_sym_policy_repeat1,
    STATE(43), 8,
      sym__policy_clause,
      sym_risk_clause,
      sym_mode_clause,
      sym_severity_clause,
      sym_on_clause,
      sym_when_clause,
      sym_unless_clause,
      sym_message_clause,
  [257] = 11,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(41), 1,
      anon_sym_risk,
    ACTIONS(43), 1,
      anon_sym_mode,
    ACTIONS(45), 1,
      anon_sym_severity,
    ACTIONS(47), 1,
      anon_sym_on,
    ACTIONS(49), 1,
      anon_sym_when,
    ACTIONS(51), 1,
      anon_sym_unless,
    ACTIONS(53), 1,
      anon_sym_message,
    ACTIONS(55), 1,
      anon_sym_RBRACE,
    STATE(9), 1,
      aux_sym_policy_repeat1,
    STATE(43), 8,
      sym__policy_clause,
      sym_risk_clause,
      sym_mode_clause,
      sym_severity_clause,
      sym_on_clause,
      sym_when_clause,
      sym_unless_clause,
      sym_message_clause,
  [298] = 11,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(57), 1,
      anon_sym_RBRACE,
    ACTIONS(59), 1,
      anon_sym_risk,
    ACTIONS(62), 1,
      anon_sym_mode,
    ACTIONS(65), 1,
      anon_sym_severity,
    ACTIONS(68), 1,
      anon_sym_on,
    ACTIONS(71), 1,
      anon_sym_when,
    ACTIONS(74), 1,
      anon_sym_unless,
    ACTIONS(77), 1,
      anon_sym_message,
    STATE(11), 1,
      aux_sym_policy_repeat1,
    STATE(43), 8,
      sym__policy_clause,
      sym_risk_clause,
      sym_mode_clause,
      sym_severity_clause,
      sym_on_clause,
      sym_when_clause,
      sym_unless_clause,
      sym_message_clause,
  [339] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(80), 16,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [361] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(82), 16,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [383] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(84), 16,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [405] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(86), 16,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [427] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(88), 16,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_and,
      anon_sym_RPAREN,
  [449] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(92), 1,
      anon_sym_and,
    ACTIONS(90), 15,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
      anon_sym_or,
      anon_sym_RPAREN,
  [473] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(92), 1,
      anon_sym_and,
    ACTIONS(96), 1,
      anon_sym_or,
    ACTIONS(94), 13,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [498] = 8,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(7), 1,
      anon_sym_policy,
    ACTIONS(9), 1,
      anon_sym_list,
    ACTIONS(11), 1,
      anon_sym_ramp,
    ACTIONS(13), 1,
      anon_sym_exception,
    ACTIONS(15), 1,
      anon_sym_settings,
    ACTIONS(98), 1,
      ts_builtin_sym_end,
    STATE(24), 7,
      sym__item,
      sym_policy,
      sym_list_declaration,
      sym_ramp,
      sym_exception,
      sym_settings,
      aux_sym_source_file_repeat1,
  [529] = 9,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(49), 1,
      anon_sym_when,
    ACTIONS(100), 1,
      anon_sym_RBRACE,
    ACTIONS(102), 1,
      anon_sym_policies,
    ACTIONS(104), 1,
      anon_sym_reason,
    ACTIONS(106), 1,
      anon_sym_owner,
    ACTIONS(108), 1,
      anon_sym_expires,
    STATE(23), 1,
      aux_sym_exception_repeat1,
    STATE(51), 6,
      sym_when_clause,
      sym__exception_clause,
      sym_policies_clause,
      sym_reason_clause,
      sym_owner_clause,
      sym_expires_clause,
  [562] = 9,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(110), 1,
      anon_sym_RBRACE,
    ACTIONS(112), 1,
      anon_sym_when,
    ACTIONS(115), 1,
      anon_sym_policies,
    ACTIONS(118), 1,
      anon_sym_reason,
    ACTIONS(121), 1,
      anon_sym_owner,
    ACTIONS(124), 1,
      anon_sym_expires,
    STATE(21), 1,
      aux_sym_exception_repeat1,
    STATE(51), 6,
      sym_when_clause,
      sym__exception_clause,
      sym_policies_clause,
      sym_reason_clause,
      sym_owner_clause,
      sym_expires_clause,
  [595] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(127), 1,
      sym_identifier,
    ACTIONS(129), 1,
      anon_sym_LBRACK,
    ACTIONS(133), 2,
      anon_sym_true,
      anon_sym_false,
    ACTIONS(131), 3,
      sym_string,
      sym_raw_string,
      sym_number,
    STATE(16), 6,
      sym__value,
      sym_list_name,
      sym__scalar,
      sym_list,
      sym__string,
      sym_boolean,
  [622] = 9,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(49), 1,
      anon_sym_when,
    ACTIONS(102), 1,
      anon_sym_policies,
    ACTIONS(104), 1,
      anon_sym_reason,
    ACTIONS(106), 1,
      anon_sym_owner,
    ACTIONS(108), 1,
      anon_sym_expires,
    ACTIONS(135), 1,
      anon_sym_RBRACE,
    STATE(21), 1,
      aux_sym_exception_repeat1,
    STATE(51), 6,
      sym_when_clause,
      sym__exception_clause,
      sym_policies_clause,
      sym_reason_clause,
      sym_owner_clause,
      sym_expires_clause,
  [655] = 8,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(137), 1,
      ts_builtin_sym_end,
    ACTIONS(139), 1,
      anon_sym_policy,
    ACTIONS(142), 1,
      anon_sym_list,
    ACTIONS(145), 1,
      anon_sym_ramp,
    ACTIONS(148), 1,
      anon_sym_exception,
    ACTIONS(151), 1,
      anon_sym_settings,
    STATE(24), 7,
      sym__item,
      sym_policy,
      sym_list_declaration,
      sym_ramp,
      sym_exception,
      sym_settings,
      aux_sym_source_file_repeat1,
  [686] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(156), 1,
      anon_sym_COMMA,
    STATE(26), 1,
      aux_sym_on_clause_repeat1,
    ACTIONS(154), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [707] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(156), 1,
      anon_sym_COMMA,
    STATE(28), 1,
      aux_sym_on_clause_repeat1,
    ACTIONS(158), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [728] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(92), 1,
      anon_sym_and,
    ACTIONS(96), 1,
      anon_sym_or,
    ACTIONS(160), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [749] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(164), 1,
      anon_sym_COMMA,
    STATE(28), 1,
      aux_sym_on_clause_repeat1,
    ACTIONS(162), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [770] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(167), 1,
      sym_identifier,
    ACTIONS(169), 1,
      anon_sym_not,
    ACTIONS(171), 1,
      anon_sym_LPAREN,
    STATE(2), 1,
      sym_field,
    STATE(14), 6,
      sym__expression,
      sym_or_expression,
      sym_and_expression,
      sym_not_expression,
      sym_parenthesized_expression,
      sym_comparison,
  [794] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(167), 1,
      sym_identifier,
    ACTIONS(169), 1,
      anon_sym_not,
    ACTIONS(171), 1,
      anon_sym_LPAREN,
    STATE(2), 1,
      sym_field,
    STATE(17), 6,
      sym__expression,
      sym_or_expression,
      sym_and_expression,
      sym_not_expression,
      sym_parenthesized_expression,
      sym_comparison,
  [818] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(173), 1,
      sym_identifier,
    ACTIONS(133), 2,
      anon_sym_true,
      anon_sym_false,
    ACTIONS(175), 3,
      sym_string,
      sym_raw_string,
      sym_number,
    STATE(82), 4,
      sym__scalar_or_name,
      sym__scalar,
      sym__string,
      sym_boolean,
  [840] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(167), 1,
      sym_identifier,
    ACTIONS(169), 1,
      anon_sym_not,
    ACTIONS(171), 1,
      anon_sym_LPAREN,
    STATE(2), 1,
      sym_field,
    STATE(79), 6,
      sym__expression,
      sym_or_expression,
      sym_and_expression,
      sym_not_expression,
      sym_parenthesized_expression,
      sym_comparison,
  [864] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(167), 1,
      sym_identifier,
    ACTIONS(169), 1,
      anon_sym_not,
    ACTIONS(171), 1,
      anon_sym_LPAREN,
    STATE(2), 1,
      sym_field,
    STATE(13), 6,
      sym__expression,
      sym_or_expression,
      sym_and_expression,
      sym_not_expression,
      sym_parenthesized_expression,
      sym_comparison,
  [888] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(167), 1,
      sym_identifier,
    ACTIONS(169), 1,
      anon_sym_not,
    ACTIONS(171), 1,
      anon_sym_LPAREN,
    STATE(2), 1,
      sym_field,
    STATE(27), 6,
      sym__expression,
      sym_or_expression,
      sym_and_expression,
      sym_not_expression,
      sym_parenthesized_expression,
      sym_comparison,
  [912] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(177), 10,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_COMMA,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [928] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(167), 1,
      sym_identifier,
    ACTIONS(169), 1,
      anon_sym_not,
    ACTIONS(171), 1,
      anon_sym_LPAREN,
    STATE(2), 1,
      sym_field,
    STATE(18), 6,
      sym__expression,
      sym_or_expression,
      sym_and_expression,
      sym_not_expression,
      sym_parenthesized_expression,
      sym_comparison,
  [952] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(179), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [967] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(181), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [982] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(183), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [997] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(185), 9,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [1012] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(189), 1,
      anon_sym_COMMA,
    STATE(44), 1,
      aux_sym_policies_clause_repeat1,
    ACTIONS(187), 7,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1031] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(191), 1,
      anon_sym_RBRACK,
    ACTIONS(195), 2,
      anon_sym_true,
      anon_sym_false,
    ACTIONS(193), 3,
      sym_string,
      sym_raw_string,
      sym_number,
    STATE(88), 3,
      sym__scalar,
      sym__string,
      sym_boolean,
  [1052] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(197), 1,
      anon_sym_SEMI,
    ACTIONS(199), 8,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [1069] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(189), 1,
      anon_sym_COMMA,
    STATE(47), 1,
      aux_sym_policies_clause_repeat1,
    ACTIONS(201), 7,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1088] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(203), 1,
      anon_sym_RBRACK,
    ACTIONS(195), 2,
      anon_sym_true,
      anon_sym_false,
    ACTIONS(193), 3,
      sym_string,
      sym_raw_string,
      sym_number,
    STATE(88), 3,
      sym__scalar,
      sym__string,
      sym_boolean,
  [1109] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(205), 1,
      anon_sym_RBRACK,
    ACTIONS(195), 2,
      anon_sym_true,
      anon_sym_false,
    ACTIONS(207), 3,
      sym_string,
      sym_raw_string,
      sym_number,
    STATE(87), 3,
      sym__scalar,
      sym__string,
      sym_boolean,
  [1130] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(211), 1,
      anon_sym_COMMA,
    STATE(47), 1,
      aux_sym_policies_clause_repeat1,
    ACTIONS(209), 7,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1149] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(195), 2,
      anon_sym_true,
      anon_sym_false,
    ACTIONS(193), 3,
      sym_string,
      sym_raw_string,
      sym_number,
    STATE(88), 3,
      sym__scalar,
      sym__string,
      sym_boolean,
  [1167] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(57), 8,
      anon_sym_RBRACE,
      anon_sym_risk,
      anon_sym_mode,
      anon_sym_severity,
      anon_sym_on,
      anon_sym_when,
      anon_sym_unless,
      anon_sym_message,
  [1181] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(214), 8,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_COMMA,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1195] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(216), 1,
      anon_sym_SEMI,
    ACTIONS(218), 6,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1210] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(223), 1,
      anon_sym_RBRACE,
    STATE(52), 1,
      aux_sym_ramp_repeat1,
    STATE(70), 1,
      sym_ramp_entry,
    STATE(101), 1,
      sym__string,
    ACTIONS(220), 3,
      sym_string,
      sym_raw_string,
      sym_identifier,
  [1231] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(227), 1,
      anon_sym_RBRACE,
    STATE(54), 1,
      aux_sym_ramp_repeat1,
    STATE(70), 1,
      sym_ramp_entry,
    STATE(101), 1,
      sym__string,
    ACTIONS(225), 3,
      sym_string,
      sym_raw_string,
      sym_identifier,
  [1252] = 6,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(229), 1,
      anon_sym_RBRACE,
    STATE(52), 1,
      aux_sym_ramp_repeat1,
    STATE(70), 1,
      sym_ramp_entry,
    STATE(101), 1,
      sym__string,
    ACTIONS(225), 3,
      sym_string,
      sym_raw_string,
      sym_identifier,
  [1273] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(231), 3,
      anon_sym_true,
      anon_sym_false,
      sym_identifier,
    ACTIONS(233), 4,
      anon_sym_LBRACK,
      sym_string,
      sym_raw_string,
      sym_number,
  [1288] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(235), 7,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1301] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(237), 7,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1314] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(239), 7,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1327] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(241), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1339] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(243), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1351] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(245), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1363] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(247), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1375] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(249), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1387] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(110), 6,
      anon_sym_RBRACE,
      anon_sym_when,
      anon_sym_policies,
      anon_sym_reason,
      anon_sym_owner,
      anon_sym_expires,
  [1399] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(251), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1411] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(253), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1423] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(255), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1435] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(257), 6,
      ts_builtin_sym_end,
      anon_sym_policy,
      anon_sym_list,
      anon_sym_ramp,
      anon_sym_exception,
      anon_sym_settings,
  [1447] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(259), 5,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      sym_string,
      sym_raw_string,
      sym_identifier,
  [1458] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(263), 1,
      anon_sym_SEMI,
    ACTIONS(261), 4,
      anon_sym_RBRACE,
      sym_string,
      sym_raw_string,
      sym_identifier,
  [1471] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(265), 1,
      sym_identifier,
    ACTIONS(267), 1,
      anon_sym_RBRACE,
    STATE(73), 1,
      aux_sym_settings_repeat1,
    STATE(76), 1,
      sym_setting,
  [1487] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(269), 1,
      sym_identifier,
    ACTIONS(272), 1,
      anon_sym_RBRACE,
    STATE(72), 1,
      aux_sym_settings_repeat1,
    STATE(76), 1,
      sym_setting,
  [1503] = 5,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(265), 1,
      sym_identifier,
    ACTIONS(274), 1,
      anon_sym_RBRACE,
    STATE(72), 1,
      aux_sym_settings_repeat1,
    STATE(76), 1,
      sym_setting,
  [1519] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(223), 4,
      anon_sym_RBRACE,
      sym_string,
      sym_raw_string,
      sym_identifier,
  [1529] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(41), 1,
      sym__string,
    ACTIONS(276), 2,
      sym_string,
      sym_raw_string,
  [1540] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(280), 1,
      anon_sym_SEMI,
    ACTIONS(278), 2,
      anon_sym_RBRACE,
      sym_identifier,
  [1551] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(203), 1,
      anon_sym_RBRACK,
    ACTIONS(282), 1,
      anon_sym_COMMA,
    STATE(84), 1,
      aux_sym_list_repeat1,
  [1564] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(50), 1,
      sym__string,
    ACTIONS(284), 2,
      sym_string,
      sym_raw_string,
  [1575] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(92), 1,
      anon_sym_and,
    ACTIONS(96), 1,
      anon_sym_or,
    ACTIONS(286), 1,
      anon_sym_RPAREN,
  [1588] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(38), 1,
      sym__string,
    ACTIONS(288), 2,
      sym_string,
      sym_raw_string,
  [1599] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(97), 1,
      sym__string,
    ACTIONS(290), 2,
      sym_string,
      sym_raw_string,
  [1610] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(292), 3,
      anon_sym_SEMI,
      anon_sym_RBRACE,
      sym_identifier,
  [1619] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(56), 1,
      sym__string,
    ACTIONS(294), 2,
      sym_string,
      sym_raw_string,
  [1630] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(296), 1,
      anon_sym_COMMA,
    ACTIONS(299), 1,
      anon_sym_RBRACK,
    STATE(84), 1,
      aux_sym_list_repeat1,
  [1643] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(58), 1,
      sym__string,
    ACTIONS(301), 2,
      sym_string,
      sym_raw_string,
  [1654] = 3,
    ACTIONS(3), 1,
      sym_comment,
    STATE(104), 1,
      sym__string,
    ACTIONS(303), 2,
      sym_string,
      sym_raw_string,
  [1665] = 4,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(305), 1,
      anon_sym_COMMA,
    ACTIONS(307), 1,
      anon_sym_RBRACK,
    STATE(77), 1,
      aux_sym_list_repeat1,
  [1678] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(299), 2,
      anon_sym_COMMA,
      anon_sym_RBRACK,
  [1686] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(272), 2,
      anon_sym_RBRACE,
      sym_identifier,
  [1694] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(129), 1,
      anon_sym_LBRACK,
    STATE(68), 1,
      sym_list,
  [1704] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(309), 1,
      sym_identifier,
    ACTIONS(311), 1,
      sym_action_glob,
  [1714] = 3,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(313), 1,
      sym_identifier,
    ACTIONS(315), 1,
      sym_action_glob,
  [1724] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(317), 1,
      sym_date,
  [1731] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(319), 1,
      sym_identifier,
  [1738] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(321), 1,
      anon_sym_LBRACE,
  [1745] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(323), 1,
      ts_builtin_sym_end,
  [1752] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(325), 1,
      anon_sym_LBRACE,
  [1759] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(327), 1,
      anon_sym_EQ,
  [1766] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(329), 1,
      sym_identifier,
  [1773] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(331), 1,
      sym_identifier,
  [1780] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(333), 1,
      sym_identifier,
  [1787] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(335), 1,
      sym_identifier,
  [1794] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(337), 1,
      anon_sym_LBRACE,
  [1801] = 2,
    ACTIONS(3), 1,
      sym_comment,
    ACTIONS(339), 1,
      anon_sym_LBRACE,
};

static const uint32_t ts_small_parse_table_map[] = {
  [SMALL_STATE(2)] = 0,
  [SMALL_STATE(3)] = 41,
  [SMALL_STATE(4)] = 77,
  [SMALL_STATE(5)] = 105,
  [SMALL_STATE(6)] = 133,
  [SMALL_STATE(7)] = 161,
  [SMALL_STATE(8)] = 189,
  [SMALL_STATE(9)] = 216,
  [SMALL_STATE(10)] = 257,
  [SMALL_STATE(11)] = 298,
  [SMALL_STATE(12)] = 339,
  [SMALL_STATE(13)] = 361,
  [SMALL_STATE(14)] = 383,
  [SMALL_STATE(15)] = 405,
  [SMALL_STATE(16)] = 427,
  [SMALL_STATE(17)] = 449,
  [SMALL_STATE(18)] = 473,
  [SMALL_STATE(19)] = 498,
  [SMALL_STATE(20)] = 529,
  [SMALL_STATE(21)] = 562,
  [SMALL_STATE(22)] = 595,
  [SMALL_STATE(23)] = 622,
  [SMALL_STATE(24)] = 655,
  [SMALL_STATE(25)] = 686,
  [SMALL_STATE(26)] = 707,
  [SMALL_STATE(27)] = 728,
  [SMALL_STATE(28)] = 749,
  [SMALL_STATE(29)] = 770,
  [SMALL_STATE(30)] = 794,
  [SMALL_STATE(31)] = 818,
  [SMALL_STATE(32)] = 840,
  [SMALL_STATE(33)] = 864,
  [SMALL_STATE(34)] = 888,
  [SMALL_STATE(35)] = 912,
  [SMALL_STATE(36)] = 928,
  [SMALL_STATE(37)] = 952,
  [SMALL_STATE(38)] = 967,
  [SMALL_STATE(39)] = 982,
  [SMALL_STATE(40)] = 997,
  [SMALL_STATE(41)] = 1012,
  [SMALL_STATE(42)] = 1031,
  [SMALL_STATE(43)] = 1052,
  [SMALL_STATE(44)] = 1069,
  [SMALL_STATE(45)] = 1088,
  [SMALL_STATE(46)] = 1109,
  [SMALL_STATE(47)] = 1130,
  [SMALL_STATE(48)] = 1149,
  [SMALL_STATE(49)] = 1167,
  [SMALL_STATE(50)] = 1181,
  [SMALL_STATE(51)] = 1195,
  [SMALL_STATE(52)] = 1210,
  [SMALL_STATE(53)] = 1231,
  [SMALL_STATE(54)] = 1252,
  [SMALL_STATE(55)] = 1273,
  [SMALL_STATE(56)] = 1288,
  [SMALL_STATE(57)] = 1301,
  [SMALL_STATE(58)] = 1314,
  [SMALL_STATE(59)] = 1327,
  [SMALL_STATE(60)] = 1339,
  [SMALL_STATE(61)] = 1351,
  [SMALL_STATE(62)] = 1363,
  [SMALL_STATE(63)] = 1375,
  [SMALL_STATE(64)] = 1387,
  [SMALL_STATE(65)] = 1399,
  [SMALL_STATE(66)] = 1411,
  [SMALL_STATE(67)] = 1423,
  [SMALL_STATE(68)] = 1435,
  [SMALL_STATE(69)] = 1447,
  [SMALL_STATE(70)] = 1458,
  [SMALL_STATE(71)] = 1471,
  [SMALL_STATE(72)] = 1487,
  [SMALL_STATE(73)] = 1503,
  [SMALL_STATE(74)] = 1519,
  [SMALL_STATE(75)] = 1529,
  [SMALL_STATE(76)] = 1540,
  [SMALL_STATE(77)] = 1551,
  [SMALL_STATE(78)] = 1564,
  [SMALL_STATE(79)] = 1575,
  [SMALL_STATE(80)] = 1588,
  [SMALL_STATE(81)] = 1599,
  [SMALL_STATE(82)] = 1610,
  [SMALL_STATE(83)] = 1619,
  [SMALL_STATE(84)] = 1630,
  [SMALL_STATE(85)] = 1643,
  [SMALL_STATE(86)] = 1654,
  [SMALL_STATE(87)] = 1665,
  [SMALL_STATE(88)] = 1678,
  [SMALL_STATE(89)] = 1686,
  [SMALL_STATE(90)] = 1694,
  [SMALL_STATE(91)] = 1704,
  [SMALL_STATE(92)] = 1714,
  [SMALL_STATE(93)] = 1724,
  [SMALL_STATE(94)] = 1731,
  [SMALL_STATE(95)] = 1738,
  [SMALL_STATE(96)] = 1745,
  [SMALL_STATE(97)] = 1752,
  [SMALL_STATE(98)] = 1759,
  [SMALL_STATE(99)] = 1766,
  [SMALL_STATE(100)] = 1773,
  [SMALL_STATE(101)] = 1780,
  [SMALL_STATE(102)] = 1787,
  [SMALL_STATE(103)] = 1794,
  [SMALL_STATE(104)] = 1801,
};

static const TSParseActionEntry ts_parse_actions[] = {
  [0] = {.entry = {.count = 0, .reusable = false}},
  [1] = {.entry = {.count = 1, .reusable = false}}, RECOVER(),
  [3] = {.entry = {.count = 1, .reusable = true}}, SHIFT_EXTRA(),
  [5] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_source_file, 0, 0, 0),
  [7] = {.entry = {.count = 1, .reusable = true}}, SHIFT(81),
  [9] = {.entry = {.count = 1, .reusable = true}}, SHIFT(94),
  [11] = {.entry = {.count = 1, .reusable = true}}, SHIFT(95),
  [13] = {.entry = {.count = 1, .reusable = true}}, SHIFT(86),
  [15] = {.entry = {.count = 1, .reusable = true}}, SHIFT(103),
  [17] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym__expression, 1, 0, 0),
  [19] = {.entry = {.count = 1, .reusable = true}}, SHIFT(55),
  [21] = {.entry = {.count = 1, .reusable = false}}, SHIFT(55),
  [23] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_field, 1, 0, 0),
  [25] = {.entry = {.count = 1, .reusable = false}}, REDUCE(sym_field, 1, 0, 0),
  [27] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_list, 5, 0, 0),
  [29] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_list, 2, 0, 0),
  [31] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_list, 4, 0, 0),
  [33] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_list, 3, 0, 0),
  [35] = {.entry = {.count = 1, .reusable = false}}, REDUCE(sym_boolean, 1, 0, 0),
  [37] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_boolean, 1, 0, 0),
  [39] = {.entry = {.count = 1, .reusable = true}}, SHIFT(63),
  [41] = {.entry = {.count = 1, .reusable = true}}, SHIFT(99),
  [43] = {.entry = {.count = 1, .reusable = true}}, SHIFT(102),
  [45] = {.entry = {.count = 1, .reusable = true}}, SHIFT(100),
  [47] = {.entry = {.count = 1, .reusable = true}}, SHIFT(91),
  [49] = {.entry = {.count = 1, .reusable = true}}, SHIFT(36),
  [51] = {.entry = {.count = 1, .reusable = true}}, SHIFT(34),
  [53] = {.entry = {.count = 1, .reusable = true}}, SHIFT(80),
  [55] = {.entry = {.count = 1, .reusable = true}}, SHIFT(65),
  [57] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0),
  [59] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(99),
  [62] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(102),
  [65] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(100),
  [68] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(91),
  [71] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(36),
  [74] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(34),
  [77] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 2, 0, 0), SHIFT_REPEAT(80),
  [80] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_parenthesized_expression, 3, 0, 0),
  [82] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_not_expression, 2, 0, 14),
  [84] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_and_expression, 3, 0, 17),
  [86] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_list_name, 1, 0, 0),
  [88] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_comparison, 3, 0, 18),
  [90] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_or_expression, 3, 0, 17),
  [92] = {.entry = {.count = 1, .reusable = true}}, SHIFT(29),
  [94] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_when_clause, 2, 0, 8),
  [96] = {.entry = {.count = 1, .reusable = true}}, SHIFT(30),
  [98] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_source_file, 1, 0, 0),
  [100] = {.entry = {.count = 1, .reusable = true}}, SHIFT(59),
  [102] = {.entry = {.count = 1, .reusable = true}}, SHIFT(75),
  [104] = {.entry = {.count = 1, .reusable = true}}, SHIFT(83),
  [106] = {.entry = {.count = 1, .reusable = true}}, SHIFT(85),
  [108] = {.entry = {.count = 1, .reusable = true}}, SHIFT(93),
  [110] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 2, 0, 0),
  [112] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 2, 0, 0), SHIFT_REPEAT(36),
  [115] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 2, 0, 0), SHIFT_REPEAT(75),
  [118] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 2, 0, 0), SHIFT_REPEAT(83),
  [121] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 2, 0, 0), SHIFT_REPEAT(85),
  [124] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 2, 0, 0), SHIFT_REPEAT(93),
  [127] = {.entry = {.count = 1, .reusable = false}}, SHIFT(15),
  [129] = {.entry = {.count = 1, .reusable = true}}, SHIFT(46),
  [131] = {.entry = {.count = 1, .reusable = true}}, SHIFT(16),
  [133] = {.entry = {.count = 1, .reusable = false}}, SHIFT(8),
  [135] = {.entry = {.count = 1, .reusable = true}}, SHIFT(66),
  [137] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_source_file_repeat1, 2, 0, 0),
  [139] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_source_file_repeat1, 2, 0, 0), SHIFT_REPEAT(81),
  [142] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_source_file_repeat1, 2, 0, 0), SHIFT_REPEAT(94),
  [145] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_source_file_repeat1, 2, 0, 0), SHIFT_REPEAT(95),
  [148] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_source_file_repeat1, 2, 0, 0), SHIFT_REPEAT(86),
  [151] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_source_file_repeat1, 2, 0, 0), SHIFT_REPEAT(103),
  [154] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_on_clause, 2, 0, 7),
  [156] = {.entry = {.count = 1, .reusable = true}}, SHIFT(92),
  [158] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_on_clause, 3, 0, 13),
  [160] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_unless_clause, 2, 0, 8),
  [162] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_on_clause_repeat1, 2, 0, 16),
  [164] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_on_clause_repeat1, 2, 0, 16), SHIFT_REPEAT(92),
  [167] = {.entry = {.count = 1, .reusable = false}}, SHIFT(3),
  [169] = {.entry = {.count = 1, .reusable = false}}, SHIFT(33),
  [171] = {.entry = {.count = 1, .reusable = true}}, SHIFT(32),
  [173] = {.entry = {.count = 1, .reusable = false}}, SHIFT(82),
  [175] = {.entry = {.count = 1, .reusable = true}}, SHIFT(82),
  [177] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_on_clause_repeat1, 2, 0, 7),
  [179] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_severity_clause, 2, 0, 6),
  [181] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_message_clause, 2, 0, 9),
  [183] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_mode_clause, 2, 0, 6),
  [185] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_risk_clause, 2, 0, 5),
  [187] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_policies_clause, 2, 0, 10),
  [189] = {.entry = {.count = 1, .reusable = true}}, SHIFT(78),
  [191] = {.entry = {.count = 1, .reusable = true}}, SHIFT(4),
  [193] = {.entry = {.count = 1, .reusable = true}}, SHIFT(88),
  [195] = {.entry = {.count = 1, .reusable = true}}, SHIFT(8),
  [197] = {.entry = {.count = 1, .reusable = true}}, SHIFT(49),
  [199] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_policy_repeat1, 1, 0, 0),
  [201] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_policies_clause, 3, 0, 15),
  [203] = {.entry = {.count = 1, .reusable = true}}, SHIFT(6),
  [205] = {.entry = {.count = 1, .reusable = true}}, SHIFT(5),
  [207] = {.entry = {.count = 1, .reusable = true}}, SHIFT(87),
  [209] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_policies_clause_repeat1, 2, 0, 19),
  [211] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_policies_clause_repeat1, 2, 0, 19), SHIFT_REPEAT(78),
  [214] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_policies_clause_repeat1, 2, 0, 10),
  [216] = {.entry = {.count = 1, .reusable = true}}, SHIFT(64),
  [218] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_exception_repeat1, 1, 0, 0),
  [220] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_ramp_repeat1, 2, 0, 0), SHIFT_REPEAT(101),
  [223] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_ramp_repeat1, 2, 0, 0),
  [225] = {.entry = {.count = 1, .reusable = true}}, SHIFT(101),
  [227] = {.entry = {.count = 1, .reusable = true}}, SHIFT(60),
  [229] = {.entry = {.count = 1, .reusable = true}}, SHIFT(61),
  [231] = {.entry = {.count = 1, .reusable = false}}, REDUCE(sym_operator, 1, 0, 0),
  [233] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_operator, 1, 0, 0),
  [235] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_reason_clause, 2, 0, 9),
  [237] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_expires_clause, 2, 0, 12),
  [239] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_owner_clause, 2, 0, 11),
  [241] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_exception, 4, 0, 1),
  [243] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_ramp, 3, 0, 0),
  [245] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_ramp, 4, 0, 0),
  [247] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_settings, 4, 0, 0),
  [249] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_policy, 5, 0, 1),
  [251] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_policy, 4, 0, 1),
  [253] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_exception, 5, 0, 1),
  [255] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_settings, 3, 0, 0),
  [257] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_list_declaration, 4, 0, 2),
  [259] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_ramp_entry, 2, 0, 3),
  [261] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_ramp_repeat1, 1, 0, 0),
  [263] = {.entry = {.count = 1, .reusable = true}}, SHIFT(74),
  [265] = {.entry = {.count = 1, .reusable = true}}, SHIFT(31),
  [267] = {.entry = {.count = 1, .reusable = true}}, SHIFT(67),
  [269] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_settings_repeat1, 2, 0, 0), SHIFT_REPEAT(31),
  [272] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_settings_repeat1, 2, 0, 0),
  [274] = {.entry = {.count = 1, .reusable = true}}, SHIFT(62),
  [276] = {.entry = {.count = 1, .reusable = true}}, SHIFT(41),
  [278] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_settings_repeat1, 1, 0, 0),
  [280] = {.entry = {.count = 1, .reusable = true}}, SHIFT(89),
  [282] = {.entry = {.count = 1, .reusable = true}}, SHIFT(42),
  [284] = {.entry = {.count = 1, .reusable = true}}, SHIFT(50),
  [286] = {.entry = {.count = 1, .reusable = true}}, SHIFT(12),
  [288] = {.entry = {.count = 1, .reusable = true}}, SHIFT(38),
  [290] = {.entry = {.count = 1, .reusable = true}}, SHIFT(97),
  [292] = {.entry = {.count = 1, .reusable = true}}, REDUCE(sym_setting, 2, 0, 4),
  [294] = {.entry = {.count = 1, .reusable = true}}, SHIFT(56),
  [296] = {.entry = {.count = 2, .reusable = true}}, REDUCE(aux_sym_list_repeat1, 2, 0, 0), SHIFT_REPEAT(48),
  [299] = {.entry = {.count = 1, .reusable = true}}, REDUCE(aux_sym_list_repeat1, 2, 0, 0),
  [301] = {.entry = {.count = 1, .reusable = true}}, SHIFT(58),
  [303] = {.entry = {.count = 1, .reusable = true}}, SHIFT(104),
  [305] = {.entry = {.count = 1, .reusable = true}}, SHIFT(45),
  [307] = {.entry = {.count = 1, .reusable = true}}, SHIFT(7),
  [309] = {.entry = {.count = 1, .reusable = false}}, SHIFT(25),
  [311] = {.entry = {.count = 1, .reusable = true}}, SHIFT(25),
  [313] = {.entry = {.count = 1, .reusable = false}}, SHIFT(35),
  [315] = {.entry = {.count = 1, .reusable = true}}, SHIFT(35),
  [317] = {.entry = {.count = 1, .reusable = true}}, SHIFT(57),
  [319] = {.entry = {.count = 1, .reusable = true}}, SHIFT(98),
  [321] = {.entry = {.count = 1, .reusable = true}}, SHIFT(53),
  [323] = {.entry = {.count = 1, .reusable = true}},  ACCEPT_INPUT(),
  [325] = {.entry = {.count = 1, .reusable = true}}, SHIFT(10),
  [327] = {.entry = {.count = 1, .reusable = true}}, SHIFT(90),
  [329] = {.entry = {.count = 1, .reusable = true}}, SHIFT(40),
  [331] = {.entry = {.count = 1, .reusable = true}}, SHIFT(37),
  [333] = {.entry = {.count = 1, .reusable = true}}, SHIFT(69),
  [335] = {.entry = {.count = 1, .reusable = true}}, SHIFT(39),
  [337] = {.entry = {.count = 1, .reusable = true}}, SHIFT(71),
  [339] = {.entry = {.count = 1, .reusable = true}}, SHIFT(20),
};

#ifdef __cplusplus
extern "C" {
#endif
#ifdef TREE_SITTER_HIDE_SYMBOLS
#define TS_PUBLIC
#elif defined(_WIN32)
#define TS_PUBLIC __declspec(dllexport)
#else
#define TS_PUBLIC __attribute__((visibility("default")))
#endif

TS_PUBLIC const TSLanguage *tree_sitter_verdict(void) {
  static const TSLanguage language = {
    .version = LANGUAGE_VERSION,
    .symbol_count = SYMBOL_COUNT,
    .alias_count = ALIAS_COUNT,
    .token_count = TOKEN_COUNT,
    .external_token_count = EXTERNAL_TOKEN_COUNT,
    .state_count = STATE_COUNT,
    .large_state_count = LARGE_STATE_COUNT,
    .production_id_count = PRODUCTION_ID_COUNT,
    .field_count = FIELD_COUNT,
    .max_alias_sequence_length = MAX_ALIAS_SEQUENCE_LENGTH,
    .parse_table = &ts_parse_table[0][0],
    .small_parse_table = ts_small_parse_table,
    .small_parse_table_map = ts_small_parse_table_map,
    .parse_actions = ts_parse_actions,
    .symbol_names = ts_symbol_names,
    .field_names = ts_field_names,
    .field_map_slices = ts_field_map_slices,
    .field_map_entries = ts_field_map_entries,
    .symbol_metadata = ts_symbol_metadata,
    .public_symbol_map = ts_symbol_map,
    .alias_map = ts_non_terminal_alias_map,
    .alias_sequences = &ts_alias_sequences[0][0],
    .lex_modes = ts_lex_modes,
    .lex_fn = ts_lex,
    .keyword_lex_fn = ts_lex_keywords,
    .keyword_capture_token = sym_identifier,
    .primary_state_ids = ts_primary_state_ids,
  };
  return &language;
}
#ifdef __cplusplus
}
#endif
