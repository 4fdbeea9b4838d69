// Validates a spec value against pipeline.schema.json (ajv, compiled once) and turns each ajv
// error into a friendly diagnostic on the exact key or value at fault.
import { pipelineSchema } from '@pipewright/schema';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from './diagnostics.ts';
import { type JsonPath, keySpan, locate, type SourceText, valueSpan } from './positions.ts';
import type { SpanNode } from './yaml-tree.ts';
import { didYouMean } from './suggest.ts';

let validator: ValidateFunction | undefined;

/** An ajv configured for pipeline.schema.json: draft-07, its editor keyword, a URI format. */
export function createSchemaAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword('patternErrorMessage');
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\/\/\S+$/i);
  return ajv;
}

/** The compiled validator: built on first use, then shared (the language server calls us per keystroke). */
function getValidator(): ValidateFunction {
  validator ??= createSchemaAjv().compile(pipelineSchema);
  return validator;
}

/** `/a/b~1c/0` to `['a', 'b/c', 0]`. */
function parsePointer(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** `drift`, `datasets.train.columns.age`, `promote.gates[1]` */
export function dottedPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : `${out ? '.' : ''}${segment}`;
  return out;
}

/** How a message names the value at `path`: `'min'`, `item 2 of 'steps'`, `the spec`. */
export function subject(path: JsonPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the spec';
  if (typeof last === 'number') return `item ${last + 1} of '${String(path[path.length - 2] ?? '')}'`;
  return `'${last}'`;
}

function under(path: JsonPath): string {
  return path.length === 0 ? 'at the top level' : `under '${dottedPath(path)}'`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};

/** How a message shows a found value: `'abc'`, `42`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}

function interval(schema: Record<string, unknown>): string {
  const lo = schema.exclusiveMinimum ?? schema.minimum;
  const hi = schema.exclusiveMaximum ?? schema.maximum;
  const open = schema.exclusiveMinimum !== undefined ? '(' : '[';
  const close = schema.exclusiveMaximum !== undefined ? ')' : ']';
  if (lo !== undefined && hi !== undefined) return `in ${open}${lo}, ${hi}${close}`;
  if (lo !== undefined) return schema.exclusiveMinimum !== undefined ? `greater than ${lo}` : `at least ${lo}`;
  return schema.exclusiveMaximum !== undefined ? `less than ${hi}` : `at most ${hi}`;
}

interface Mapped {
  code: string;
  message: string;
  /** Report on the key (e.g. an unknown key) rather than the value. */
  onKey?: JsonPath;
}

function mapError(error: ErrorObject, path: JsonPath): Mapped {
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  const name = subject(path);
  const found = describeValue(error.data);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((schema.properties as object | undefined) ?? {});
      return { code: 'unknown-key', message: `unknown key '${key}' ${under(path)}${didYouMean(key, known)}`, onKey: [...path, key] };
    }
    case 'required':
      return { code: 'missing-key', message: `missing required key '${String(params.missingProperty)}' ${under(path)}`, onKey: path };
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      return { code: 'wrong-type', message: `expected ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')} for ${name}, found ${found}` };
    }
    case 'enum': {
      if (path.length === 1 && path[0] === 'version') {
        return { code: 'unsupported-version', message: `unsupported spec version ${found}: this Pipewright reads version 1` };
      }
      const allowed = params.allowedValues as unknown[];
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed.map(String)) : '';
      return { code: 'invalid-value', message: `expected one of ${quoteList(allowed)} for ${name}, found ${found}${hint}` };
    }
    case 'pattern': {
      const expected = (schema.patternErrorMessage as string | undefined) ?? `a value matching ${String(params.pattern)}`;
      if (error.propertyName !== undefined) {
        return { code: 'invalid-name', message: `invalid name '${error.propertyName}' ${under(path)}: ${expected}`, onKey: [...path, error.propertyName] };
      }
      const code = schema.title === 'Duration' ? 'invalid-duration' : 'invalid-format';
      return { code, message: `${expected.replace(/^expected /, 'expected ')} for ${name}, found ${found}` };
    }
    case 'format':
      return { code: 'invalid-format', message: `expected a URL such as http://127.0.0.1:9090 for ${name}, found ${found}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'out-of-range', message: `${name} must be ${interval(schema)}, found ${found}` };
    case 'minItems':
      return { code: 'empty-list', message: `${name} needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'minLength':
      return { code: 'empty-value', message: `${name} must not be empty` };
    case 'minProperties':
    case 'maxProperties': {
      const keys = error.data && typeof error.data === 'object' ? Object.keys(error.data) : [];
      const allowed = Object.keys((schema.properties as object | undefined) ?? {});
      const what = schema.title === 'CanaryStep' ? 'a canary step' : name;
      return {
        code: schema.title === 'CanaryStep' ? 'invalid-step' : 'invalid-value',
        message: `${what} takes exactly one of ${quoteList(allowed)}, found ${keys.length === 0 ? 'none' : quoteList(keys)}`,
      };
    }
    default:
      return { code: 'schema', message: `${name} ${error.message ?? 'is invalid'}` };
  }
}

/** Schema diagnostics for `value`, placed with its span `tree`; at most `limit` of them (a spec of 100,000 unknown keys). */
export function schemaDiagnostics(value: unknown, tree: SpanNode | undefined, source: SourceText, limit = Number.POSITIVE_INFINITY): Diagnostic[] {
  const validate = getValidator();
  if (validate(value)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  // A value of the wrong type breaks its other rules too; say only that its type is wrong.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const error of errors) {
    if (out.length >= limit) break;
    // The nested `pattern` error already names the bad key.
    if (error.keyword === 'propertyNames') continue;
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const path = parsePointer(error.instancePath);
    const mapped = mapError(error, path);
    const found = locate(tree, mapped.onKey ?? path);
    const span = (mapped.onKey ? keySpan(found) : valueSpan(found)) ?? [0, 0];
    const key = `${mapped.code}@${span[0]}:${mapped.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(source.diagnostic('error', mapped.code, mapped.message, ...source.clipToLine(span[0], span[1])));
  }
  return out;
}
