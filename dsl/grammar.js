/*
 * The verdict policy language.
 *
 * A file is a sequence of top-level items: policies, named lists, a ramp,
 * exceptions and settings.  Clauses inside a block need no terminator; a
 * `;` between them is accepted for people who like one-liners.  Strings
 * come in two forms: "double quoted" with backslash escapes (decoded and
 * checked by the lowering, which can point at the bad escape) and
 * 'single quoted' raw text, handy for regular expressions.
 */

const PREC = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
};

const commaSep1 = (rule) => seq(rule, repeat(seq(',', rule)));

module.exports = grammar({
  name: 'verdict',

  extras: $ => [/\s/, $.comment],

  word: $ => $.identifier,

  rules: {
    source_file: $ => repeat($._item),

    _item: $ => choice(
      $.policy,
      $.list_declaration,
      $.ramp,
      $.exception,
      $.settings,
    ),

    /* policy "<id>" { clauses } */
    policy: $ => seq(
      'policy',
      field('id', $._string),
      '{',
      repeat(seq($._policy_clause, optional(';'))),
      '}',
    ),

    _policy_clause: $ => choice(
      $.risk_clause,
      $.mode_clause,
      $.severity_clause,
      $.on_clause,
      $.when_clause,
      $.unless_clause,
      $.message_clause,
    ),

    risk_clause: $ => seq('risk', field('class', $.identifier)),
    mode_clause: $ => seq('mode', field('value', $.identifier)),
    severity_clause: $ => seq('severity', field('value', $.identifier)),
    on_clause: $ => seq('on', commaSep1(field('action', choice($.identifier, $.action_glob)))),
    when_clause: $ => seq('when', field('condition', $._expression)),
    unless_clause: $ => seq('unless', field('condition', $._expression)),
    message_clause: $ => seq('message', field('text', $._string)),

    /* list <name> = [ values ] */
    list_declaration: $ => seq(
      'list',
      field('name', $.identifier),
      '=',
      field('value', $.list),
    ),

    /* ramp { <risk class or policy id> <mode> ... } */
    ramp: $ => seq('ramp', '{', repeat(seq($.ramp_entry, optional(';'))), '}'),
    ramp_entry: $ => seq(
      field('target', choice($.identifier, $._string)),
      field('mode', $.identifier),
    ),

    /* exception "<id>" { policies ..; when ..; reason ..; owner ..; expires .. } */
    exception: $ => seq(
      'exception',
      field('id', $._string),
      '{',
      repeat(seq($._exception_clause, optional(';'))),
      '}',
    ),
    _exception_clause: $ => choice(
      $.policies_clause,
      $.when_clause,
      $.reason_clause,
      $.owner_clause,
      $.expires_clause,
    ),
    policies_clause: $ => seq('policies', commaSep1(field('pattern', $._string))),
    reason_clause: $ => seq('reason', field('text', $._string)),
    owner_clause: $ => seq('owner', field('name', $._string)),
    expires_clause: $ => seq('expires', field('date', $.date)),

    /* settings { on_error block ... } */
    settings: $ => seq('settings', '{', repeat(seq($.setting, optional(';'))), '}'),
    setting: $ => seq(field('name', $.identifier), field('value', $._scalar_or_name)),

    /* Expressions. */
    _expression: $ => choice(
      $.or_expression,
      $.and_expression,
      $.not_expression,
      $.comparison,
      $.parenthesized_expression,
      $.field,
    ),

    or_expression: $ => prec.left(PREC.or, seq(
      field('left', $._expression), 'or', field('right', $._expression))),
    and_expression: $ => prec.left(PREC.and, seq(
      field('left', $._expression), 'and', field('right', $._expression))),
    not_expression: $ => prec(PREC.not, seq('not', field('operand', $._expression))),
    parenthesized_expression: $ => seq('(', $._expression, ')'),

    comparison: $ => prec(PREC.compare, seq(
      field('left', $.field),
      field('operator', $.operator),
      field('right', $._value),
    )),

    operator: $ => choice(
      '==', '!=', '<', '<=', '>', '>=', '~',
      'in', 'matches', 'has', 'starts_with', 'ends_with',
    ),

    field: $ => $.identifier,

    _value: $ => choice($._scalar, $.list, $.list_name),
    list_name: $ => $.identifier,
    _scalar_or_name: $ => choice($._scalar, $.identifier),
    _scalar: $ => choice($._string, $.number, $.boolean),

    list: $ => seq('[', optional(seq(commaSep1($._scalar), optional(','))), ']'),

    _string: $ => choice($.string, $.raw_string),
    string: $ => token(seq('"', repeat(choice(/[^"\\\n]/, /\\[^\n]/)), '"')),
    raw_string: $ => token(seq("'", /[^'\n]*/, "'")),
    number: $ => token(/[0-9]+(KiB|MiB|GiB|KB|MB|GB|k|K|M|G)?/),
    boolean: $ => choice('true', 'false'),
    date: $ => token(/[0-9]{4}-[0-9]{2}-[0-9]{2}/),

    identifier: $ => /[A-Za-z_][A-Za-z0-9_]*([.\-][A-Za-z0-9_]+)*/,
    action_glob: $ => token(/[a-z_.]*\*[a-z_.*]*/),

    comment: $ => token(seq('#', /.*/)),
  },
});
