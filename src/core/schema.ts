/**
 * A small schema language for mamx's files (policy, configuration, catalog): one definition gives
 * the TypeScript type, the validator (the first issue, with its key path) and the published JSON
 * Schema. It replaces zod, whose schema objects cost 2 ms of every start, and it can tell a misspelt
 * key (`sendOrgdata`) from an unknown one that is kept. Pure: no I/O.
 */
import { editDistance } from './text-distance.js';

interface Base {
  description?: string;
}
export type Def =
  | (Base & {
      kind: 'string';
      pattern?: RegExp;
      patternMessage?: string;
      minLength?: number;
      format?: 'date';
      check?: (s: string) => string | null;
    })
  | (Base & { kind: 'enum'; values: readonly string[] })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'integer'; minimum?: number; maximum?: number })
  | (Base & { kind: 'null' })
  | (Base & { kind: 'literal'; value: string | number })
  | (Base & { kind: 'array'; items: Def })
  | (Base & { kind: 'object'; fields: Record<string, Field>; unknownKeys: 'keep' | 'reject' })
  | (Base & { kind: 'union'; options: Def[]; message?: string });

interface Field {
  def: Def;
  optional: boolean;
}

/** A schema for values of type T (the type exists for inference only). */
export interface Schema<T> {
  readonly def: Def;
  readonly __type?: T;
}
interface Optional<T> extends Schema<T> {
  readonly optional: true;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Fields = Record<string, Schema<unknown>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type RequiredKeys<F extends Fields> = Exclude<keyof F, OptionalKeys<F>>;
type Simplify<T> = { [K in keyof T]: T[K] };
type ObjectOf<F extends Fields> = Simplify<{ [K in RequiredKeys<F>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> }>;

const make = <T>(def: Def): Schema<T> => ({ def });

export const s = {
  string: (opts: Omit<Extract<Def, { kind: 'string' }>, 'kind'> = {}): Schema<string> => make({ kind: 'string', ...opts }),
  enum: <const V extends readonly string[]>(values: V, description?: string): Schema<V[number]> =>
    make({ kind: 'enum', values, ...(description && { description }) }),
  boolean: (description?: string): Schema<boolean> => make({ kind: 'boolean', ...(description && { description }) }),
  integer: (opts: Omit<Extract<Def, { kind: 'integer' }>, 'kind'> = {}): Schema<number> => make({ kind: 'integer', ...opts }),
  null: (): Schema<null> => make({ kind: 'null' }),
  literal: <const V extends string | number>(value: V, description?: string): Schema<V> =>
    make({ kind: 'literal', value, ...(description && { description }) }),
  array: <T>(items: Schema<T>, description?: string): Schema<T[]> =>
    make({ kind: 'array', items: items.def, ...(description && { description }) }),
  /** `keep`: unknown keys are allowed and kept, but a near miss of a known key is an error. */
  object: <F extends Fields>(fields: F, opts: { unknownKeys?: 'keep' | 'reject'; description?: string } = {}): Schema<ObjectOf<F>> =>
    make({
      kind: 'object',
      fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { def: v.def, optional: 'optional' in v }])),
      unknownKeys: opts.unknownKeys ?? 'keep',
      ...(opts.description && { description: opts.description }),
    }),
  /** `message`: what to say when the value is none of the options (rather than why the first one failed). */
  union: <const O extends ReadonlyArray<Schema<unknown>>>(
    options: O,
    opts: { description?: string; message?: string } = {},
  ): Schema<Infer<O[number]>> => make({ kind: 'union', options: options.map((o) => o.def), ...opts }),
  optional: <T>(schema: Schema<T>): Optional<T> => ({ def: schema.def, optional: true }),
  describe: <T>(schema: Schema<T>, description: string): Schema<T> => make({ ...schema.def, description }),
};

export interface Issue {
  path: PropertyKey[];
  message: string;
  hint?: string;
}

/** The first issue of `value` against `schema`, or null when it conforms. */
export function validate<T>(schema: Schema<T>, value: unknown): Issue | null {
  return check(schema.def, value, []);
}

const typeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;

/** A def's fields as entries, made once (a policy's exceptions are checked thousands at a time). */
const FIELD_ENTRIES = new WeakMap<Def, Array<[string, Field]>>();
const fieldEntries = (def: Extract<Def, { kind: 'object' }>): Array<[string, Field]> => {
  let entries = FIELD_ENTRIES.get(def);
  if (!entries) FIELD_ENTRIES.set(def, (entries = Object.entries(def.fields)));
  return entries;
};

/**
 * The first issue of `value` against `def`, or null. `path` is the key path so far, pushed and
 * popped as the walk goes (no copy per element); an issue takes a copy of it.
 */
function check(def: Def, value: unknown, path: PropertyKey[]): Issue | null {
  const fail = (message: string, hint?: string): Issue =>
    hint === undefined ? { path: [...path], message } : { path: [...path], message, hint };
  switch (def.kind) {
    case 'string': {
      if (typeof value !== 'string') return fail(`expected text, found ${typeName(value)}`);
      if (def.minLength !== undefined && value.length < def.minLength) return fail('must not be empty');
      if (def.pattern && !def.pattern.test(value)) return fail(def.patternMessage ?? `does not match ${String(def.pattern)}`);
      const problem = def.check?.(value);
      return problem ? fail(problem) : null;
    }
    case 'enum':
      return typeof value === 'string' && def.values.includes(value)
        ? null
        : fail(`expected one of ${def.values.join(', ')}, found ${typeName(value)}`);
    case 'boolean':
      return typeof value === 'boolean' ? null : fail(`expected true or false, found ${typeName(value)}`);
    case 'integer': {
      const range = `${def.minimum ?? '...'} to ${def.maximum ?? '...'}`;
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`expected a whole number, found ${typeName(value)}`);
      return (def.minimum !== undefined && value < def.minimum) || (def.maximum !== undefined && value > def.maximum)
        ? fail(`expected a whole number from ${range}, found ${value}`)
        : null;
    }
    case 'null':
      return value === null ? null : fail(`expected null, found ${typeName(value)}`);
    case 'literal':
      return value === def.value ? null : fail(`expected ${JSON.stringify(def.value)}, found ${typeName(value)}`);
    case 'array': {
      if (!Array.isArray(value)) return fail(`expected a list, found ${typeName(value)}`);
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        const issue = check(def.items, value[i], path);
        path.pop();
        if (issue) return issue;
      }
      return null;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected a mapping, found ${typeName(value)}`);
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key) || Object.hasOwn(def.fields, key)) continue;
        const known = Object.keys(def.fields);
        const near = nearMiss(key, known);
        if (near && !Object.hasOwn(record, near))
          return { path: [...path, key], message: `unknown key "${key}"`, hint: `did you mean "${near}"?` };
        if (def.unknownKeys === 'reject')
          return { path: [...path, key], message: `unknown key "${key}"`, hint: `known keys: ${known.join(', ')}` };
      }
      for (const [key, field] of fieldEntries(def)) {
        if (!Object.hasOwn(record, key) || record[key] === undefined) {
          if (field.optional) continue;
          return { path: [...path, key], message: 'is required' };
        }
        path.push(key);
        const issue = check(field.def, record[key], path);
        path.pop();
        if (issue) return issue;
      }
      return null;
    }
    case 'union': {
      let first: Issue | null = null;
      for (const option of def.options) {
        const issue = check(option, value, path);
        if (!issue) return null;
        // The issue of the option that got furthest into the value is the most telling.
        if (!first || issue.path.length > first.path.length) first = issue;
      }
      return first && first.path.length === path.length && def.message ? fail(`${def.message}, found ${typeName(value)}`) : first;
    }
  }
}

/**
 * A known key that `key` is probably meant to be: the same but for case, or close in spelling
 * (`sendOrgdata`, `exeptions`, `expire`). Keys that merely share a few letters are not near misses.
 */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    const max = k.length <= 4 ? 1 : 2;
    const d = editDistance(lower, k.toLowerCase(), max);
    if (d <= max && d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** The JSON Schema (draft 2020-12) of a schema. */
export function toJsonSchema(def: Def): Record<string, unknown> {
  const described = (o: Record<string, unknown>) => (def.description ? { ...o, description: def.description } : o);
  switch (def.kind) {
    case 'string':
      return described({
        type: 'string',
        ...(def.minLength !== undefined && { minLength: def.minLength }),
        ...(def.pattern && { pattern: def.pattern.source }),
        ...(def.format && { format: def.format }),
      });
    case 'enum':
      return described({ type: 'string', enum: [...def.values] });
    case 'boolean':
      return described({ type: 'boolean' });
    case 'integer':
      return described({
        type: 'integer',
        ...(def.minimum !== undefined && { minimum: def.minimum }),
        ...(def.maximum !== undefined && { maximum: def.maximum }),
      });
    case 'null':
      return described({ type: 'null' });
    case 'literal':
      return described({ const: def.value });
    case 'array':
      return described({ type: 'array', items: toJsonSchema(def.items) });
    case 'object': {
      const required = Object.entries(def.fields)
        .filter(([, f]) => !f.optional)
        .map(([k]) => k);
      return described({
        type: 'object',
        properties: Object.fromEntries(Object.entries(def.fields).map(([k, f]) => [k, toJsonSchema(f.def)])),
        ...(required.length > 0 && { required }),
        additionalProperties: def.unknownKeys === 'keep',
      });
    }
    case 'union':
      return described({ anyOf: def.options.map(toJsonSchema) });
  }
}

/** The key paths of keys the schema does not know but keeps (for `audit` to list): none inside unions. */
export function unknownKeys<T>(schema: Schema<T>, value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const walk = (def: Def, v: unknown, path: PropertyKey[]) => {
    if (def.kind === 'array' && Array.isArray(v)) v.forEach((item, i) => walk(def.items, item, [...path, i]));
    if (def.kind !== 'object' || typeof v !== 'object' || v === null || Array.isArray(v)) return;
    for (const [k, child] of Object.entries(v)) {
      const field = def.fields[k];
      if (field) walk(field.def, child, [...path, k]);
      else found.push([...path, k]);
    }
  };
  walk(schema.def, value, []);
  return found;
}
