// GitHub's official REST description (@octokit/openapi) as a request and response checker:
// each request is matched to an operation (method + path template), its path and query
// parameters and JSON body are validated with ajv, and so is each answer we give.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { type?: string; [key: string]: unknown };
  $ref?: string;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}

export interface MatchedOperation {
  operationId: string;
  method: string;
  template: string;
  pathParams: Record<string, string>;
  /** Where in the description the operation is, as a JSON pointer. */
  pointer: string;
  operation: Operation;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; responses: Record<string, unknown>; examples: Record<string, { value: unknown }> };
}

/** OpenAPI 3.0's `nullable` as JSON Schema: the type (or the whole schema) also admits null. */
function nullableToJsonSchema(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) nullableToJsonSchema(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) nullableToJsonSchema(value);
  if (!('nullable' in schema) || typeof schema.nullable !== 'boolean') return;
  const nullable = schema.nullable;
  delete schema.nullable;
  if (!nullable) return;
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  } else {
    const rest = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [rest, { type: 'null' }];
  }
}

const pointerPart = (part: string) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'));

/** The description, parsed once per process (13 MB). */
let loaded: { doc: Document; ajv: Ajv; routes: Array<{ method: string; template: string; regex: RegExp; names: string[] }> } | undefined;

function load() {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Document;
  nullableToJsonSchema(doc.components);
  nullableToJsonSchema(doc.paths);
  // `example`, `discriminator` and x- keys are not validation keywords: strict off skips them.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, discriminator: false });
  ajv.addSchema(doc as object, 'gh');
  const routes: Array<{ method: string; template: string; regex: RegExp; names: string[] }> = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const names: string[] = [];
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    for (const method of Object.keys(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), names });
    }
  }
  // Literal segments first: /issues/comments/{id} before /issues/{issue_number}/...
  routes.sort((a, b) => a.names.length - b.names.length);
  loaded = { doc, ajv, routes };
  return loaded;
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = load().ajv.compile({ $ref: `gh#${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}

/** The operation GitHub's description has for `method path`, or undefined. */
export function matchOperation(method: string, path: string): MatchedOperation | undefined {
  const { doc, routes } = load();
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.regex.exec(path);
    if (!match) continue;
    const pathParams = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const operation = doc.paths[route.template]![method.toLowerCase()]!;
    return { operationId: operation.operationId, method, template: route.template, pathParams, pointer: `/paths/${pointerPart(route.template)}/${method.toLowerCase()}`, operation };
  }
  return undefined;
}

function resolveParameter(parameter: Parameter): Parameter {
  if (!parameter.$ref) return parameter;
  const name = parameter.$ref.split('/').at(-1)!;
  return load().doc.components.parameters[name]!;
}

function coerce(value: string, schema: Parameter['schema']): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema?.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** What the description does not allow in a request: unknown or invalid parameters, an invalid body. */
export function requestViolations(op: MatchedOperation, query: URLSearchParams, body: unknown): string[] {
  const where = `${op.method} ${op.template} (${op.operationId})`;
  const problems: string[] = [];
  const parameters = (op.operation.parameters ?? []).map(resolveParameter);
  for (const p of parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
    const raw = p.in === 'path' ? op.pathParams[p.name] : (query.get(p.name) ?? undefined);
    if (raw === undefined) {
      if (p.required) problems.push(`${where}: required ${p.in} parameter '${p.name}' missing`);
      continue;
    }
    const validate = load().ajv.compile(p.schema ?? {});
    if (!validate(coerce(raw, p.schema))) problems.push(`${where}: ${p.in} parameter '${p.name}'='${raw}': ${errorsOf(validate)}`);
  }
  for (const name of query.keys()) {
    if (!parameters.some((p) => p.in === 'query' && p.name === name)) problems.push(`${where}: query parameter '${name}' is not in the description`);
  }
  const json = op.operation.requestBody?.content['application/json'];
  if (body !== undefined && !json) problems.push(`${where}: a body was sent, but the operation takes none`);
  if (body === undefined && op.operation.requestBody?.required) problems.push(`${where}: the required body is missing`);
  if (body !== undefined && json) {
    const validate = validatorFor(`${op.pointer}/requestBody/content/application~1json/schema`);
    if (!validate(body)) problems.push(`${where}: body: ${errorsOf(validate)}`);
  }
  return problems;
}

/** What is wrong with an answer we give, per the description (errors without their own schema: basic-error). */
export function responseViolations(op: MatchedOperation, status: number, body: unknown): string[] {
  const response = op.operation.responses[String(status)];
  let pointer: string | undefined;
  if (response?.$ref) pointer = `${response.$ref.slice(1)}/content/application~1json/schema`;
  else if (response?.content?.['application/json']) pointer = `${op.pointer}/responses/${status}/content/application~1json/schema`;
  else if (response) return body === undefined || body === '' ? [] : [`${op.operationId} ${status}: the description has no body for this answer`];
  else if (status >= 400) pointer = '/components/schemas/basic-error';
  else return [`${op.operationId}: ${status} is not an answer the description lists`];
  const validate = validatorFor(pointer);
  return validate(body) ? [] : [`${op.operationId} ${status} answer: ${errorsOf(validate)}`];
}

/** An example object from the description (a schema-valid starting point for answers). */
export function example<T>(name: string): T {
  return structuredClone(load().doc.components.examples[name]!.value) as T;
}
