import type { EntitySetDef, FieldType } from './erp-entities';

/** A comparison operator of the supported `$filter` subset. */
export type FilterOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * Parsed `$filter`. Comparison values are normalised for their field's type: lower-cased
 * strings and GUIDs (BC compares text case-insensitively), ISO-8601 UTC datetimes, numbers,
 * booleans or null; so the query planner can use them as index keys directly.
 */
export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'cmp'; op: FilterOp; field: string; value: FilterValue };

/** A normalised comparison value of a {@link FilterExpr}. */
export type FilterValue = string | number | boolean | null;

/** A compiled `$filter`: its tree (for index planning) and a predicate over record data. */
export interface CompiledFilter {
  expr: FilterExpr;
  test: (data: Readonly<Record<string, unknown>>) => boolean;
}

/** A `$filter` the mock cannot parse or type-check; the message names the problem. */
export class FilterError extends Error {
  override readonly name = 'FilterError';
}

type Token =
  | { type: 'lparen' | 'rparen'; pos: number }
  | { type: 'word'; text: string; pos: number }
  | { type: 'literal'; literal: Literal; pos: number };

type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null'; value: null }
  | { type: 'guid'; value: string }
  | { type: 'datetime'; value: string };

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const EDM: Record<Literal['type'] | FieldType, string> = {
  string: 'Edm.String',
  number: 'Edm.Decimal',
  boolean: 'Edm.Boolean',
  null: 'null',
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
};
// Order matters: a GUID or a date also starts like a number or a word.
const PATTERNS: [RegExp, (text: string) => Literal | 'word'][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/iy, (t) => ({ type: 'guid', value: t })],
  [
    /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w:.-])/y,
    (t) => ({ type: 'datetime', value: t }),
  ],
  [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/y, (t) => ({ type: 'number', value: Number(t) })],
  [/[A-Za-z_][A-Za-z0-9_]*/y, () => 'word'],
];

/**
 * Parses and type-checks a `$filter` of the subset BC clients use: `eq ne gt ge lt le`,
 * `and`, `or`, `not`, parentheses, and string ('' escapes a quote), number, boolean, null,
 * GUID and datetime literals (unquoted or quoted). Throws {@link FilterError} naming the problem.
 *
 * @example
 * const filter = compileFilter("lastModifiedDateTime gt 2026-01-01T00:00:00Z and city eq 'Atlanta'", ENTITY_SETS.customers);
 * filter.test(record.data);
 */
export function compileFilter(text: string, def: EntitySetDef): CompiledFilter {
  const parser = new Parser(tokenize(text), def);
  const expr = parser.parseOr();
  parser.expectEnd();
  return { expr, test: predicate(expr, def) };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  outer: while (pos < text.length) {
    const char = text[pos] as string;
    if (/\s/.test(char)) {
      pos += 1;
      continue;
    }
    if (char === '(' || char === ')') {
      tokens.push({ type: char === '(' ? 'lparen' : 'rparen', pos });
      pos += 1;
      continue;
    }
    if (char === "'") {
      const start = pos;
      let value = '';
      pos += 1;
      for (;;) {
        if (pos >= text.length) throw new FilterError(`Unterminated string literal at position ${start} in $filter.`);
        if (text[pos] === "'") {
          if (text[pos + 1] !== "'") break;
          pos += 1;
        }
        value += text[pos];
        pos += 1;
      }
      pos += 1;
      tokens.push({ type: 'literal', literal: { type: 'string', value }, pos: start });
      continue;
    }
    for (const [pattern, make] of PATTERNS) {
      pattern.lastIndex = pos;
      const match = pattern.exec(text);
      if (!match) continue;
      const made = make(match[0]);
      tokens.push(made === 'word' ? { type: 'word', text: match[0], pos } : { type: 'literal', literal: made, pos });
      pos += match[0].length;
      continue outer;
    }
    throw new FilterError(`Syntax error at position ${pos} in $filter: unexpected character '${char}'.`);
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly def: EntitySetDef,
  ) {}

  parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.acceptWord('or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token) {
      throw new FilterError(`Syntax error at position ${token.pos} in $filter: expected 'and', 'or' or the end.`);
    }
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (this.acceptWord('and')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): FilterExpr {
    if (this.acceptWord('not')) return { kind: 'not', expr: this.parseUnary() };
    const token = this.next('an expression');
    if (token.type === 'lparen') {
      const inner = this.parseOr();
      const close = this.next("')'");
      if (close.type !== 'rparen') {
        throw new FilterError(`Syntax error at position ${close.pos} in $filter: expected ')'.`);
      }
      return inner;
    }
    if (token.type !== 'word' || isKeyword(token.text)) {
      throw new FilterError(`Syntax error at position ${token.pos} in $filter: expected a property name.`);
    }
    const field = this.def.fields[token.text];
    if (!field) {
      throw new FilterError(`Could not find a property named '${token.text}' on type '${this.def.odataType}'.`);
    }
    const opToken = this.next('an operator');
    if (opToken.type !== 'word' || !OPS.has(opToken.text)) {
      throw new FilterError(`Syntax error at position ${opToken.pos} in $filter: expected eq, ne, gt, ge, lt or le.`);
    }
    const op = opToken.text as FilterOp;
    const valueToken = this.next('a value');
    const literal = valueToken.type === 'word' ? keywordLiteral(valueToken.text) : undefined;
    const value = valueToken.type === 'literal' ? valueToken.literal : literal;
    if (!value) {
      throw new FilterError(`Syntax error at position ${valueToken.pos} in $filter: expected a literal value.`);
    }
    return { kind: 'cmp', op, field: token.text, value: coerce(token.text, field.type, op, value) };
  }

  private acceptWord(word: string): boolean {
    const token = this.tokens[this.index];
    if (token?.type === 'word' && token.text === word) {
      this.index += 1;
      return true;
    }
    return false;
  }

  private next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FilterError(`Syntax error in $filter: expected ${what} at the end.`);
    this.index += 1;
    return token;
  }
}

function isKeyword(word: string): boolean {
  return OPS.has(word) || ['and', 'or', 'not', 'true', 'false', 'null'].includes(word);
}

function keywordLiteral(word: string): Literal | undefined {
  if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true' };
  if (word === 'null') return { type: 'null', value: null };
  return undefined;
}

function coerce(name: string, type: FieldType, op: FilterOp, literal: Literal): FilterValue {
  if (literal.type === 'null') return null;
  const mismatch = () =>
    new FilterError(
      `A binary operator with incompatible types was detected. Found operand types '${EDM[type]}' and '${EDM[literal.type]}' for operator '${op}' on ${name}.`,
    );
  switch (type) {
    case 'string':
      if (literal.type !== 'string') throw mismatch();
      return literal.value.toLowerCase();
    case 'guid':
      if (literal.type !== 'guid' && !(literal.type === 'string' && /^[0-9a-f-]{36}$/i.test(literal.value))) {
        throw mismatch();
      }
      return literal.value.toLowerCase();
    case 'datetime': {
      if (literal.type !== 'datetime' && literal.type !== 'string') throw mismatch();
      const ms = Date.parse(literal.value);
      if (Number.isNaN(ms)) throw new FilterError(`The value '${literal.value}' of ${name} is not a valid datetime.`);
      return new Date(ms).toISOString();
    }
    case 'number':
      if (literal.type !== 'number') throw mismatch();
      return literal.value;
    case 'boolean':
      if (literal.type !== 'boolean') throw mismatch();
      return literal.value;
  }
}

function predicate(expr: FilterExpr, def: EntitySetDef): CompiledFilter['test'] {
  switch (expr.kind) {
    case 'and': {
      const left = predicate(expr.left, def);
      const right = predicate(expr.right, def);
      return (data) => left(data) && right(data);
    }
    case 'or': {
      const left = predicate(expr.left, def);
      const right = predicate(expr.right, def);
      return (data) => left(data) || right(data);
    }
    case 'not': {
      const inner = predicate(expr.expr, def);
      return (data) => !inner(data);
    }
    case 'cmp':
      return comparison(expr.field, expr.op, expr.value, def.fields[expr.field]?.type === 'datetime');
  }
}

function comparison(field: string, op: FilterOp, value: FilterValue, exact: boolean): CompiledFilter['test'] {
  if (value === null) {
    const isNull = (data: Readonly<Record<string, unknown>>) => data[field] === null || data[field] === undefined;
    if (op === 'eq') return isNull;
    if (op === 'ne') return (data) => !isNull(data);
    return () => false;
  }
  // Text and GUIDs compare case-insensitively; datetimes are canonical ISO strings already.
  const read =
    typeof value === 'string' && !exact
      ? (data: Readonly<Record<string, unknown>>) => {
          const raw = data[field];
          return typeof raw === 'string' ? raw.toLowerCase() : raw;
        }
      : (data: Readonly<Record<string, unknown>>) => data[field];
  const compare = COMPARE[op];
  return (data) => {
    const actual = read(data);
    return actual !== null && actual !== undefined && compare(actual as never, value as never);
  };
}

const COMPARE: Record<FilterOp, (a: string | number | boolean, b: string | number | boolean) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
};
