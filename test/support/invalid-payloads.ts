import { bodySchema, fillPath, OpenApiDocument, pathParams, resolveSchema, Route, SchemaObject } from './route-catalog';

/** One request that the route must refuse: `raw` bodies are sent as they are (malformed JSON, oversized). */
export interface InvalidRequest {
  label: string;
  /** Path parameter values that replace the good ones. */
  pathOverrides?: Record<string, string>;
  body?: unknown;
  raw?: string;
  /**
   * An optional field sent as null. class-validator's @IsOptional takes null as "not given", and
   * the services do too, so such a request may succeed: it must only never fail with a 5xx.
   */
  optionalNull?: boolean;
}

/** Over the 1 MB body limit of the JSON parser. */
const OVERSIZED = 'x'.repeat(1_100_000);

const MALFORMED_IDS = [
  'not-a-uuid',
  '0',
  "1' or '1'='1",
  '\u0000',
  '../..',
  '😀😀',
  'x'.repeat(600),
  '00000000-0000-4000-8000-00000000000g',
  '{hallId}',
];

const isObjectSchema = (s: SchemaObject) => s.type === 'object' || s.properties !== undefined;

/** A value of the schema's type, shaped enough for the other fields of a body to look right. */
export function sample(doc: OpenApiDocument, raw: SchemaObject | undefined, depth = 0): unknown {
  const schema = resolveSchema(doc, raw);
  if (!schema || depth > 4) return 'x';
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (isObjectSchema(schema)) {
    return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(doc, schema.properties?.[k], depth + 1)]));
  }
  switch (schema.type) {
    case 'array':
      return [sample(doc, schema.items, depth + 1)];
    case 'integer':
      return schema.minimum ?? 1;
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      if (schema.format === 'uuid') return '3f0c6a8e-5f4b-4a57-9d39-2b6f0e6c1a11';
      if (schema.format === 'date-time') return '2026-03-02T10:00:00+08:00';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** Values that no schema of this kind accepts (null aside: see InvalidRequest.optionalNull). */
function wrongValues(doc: OpenApiDocument, raw: SchemaObject | undefined): [string, unknown][] {
  const schema = resolveSchema(doc, raw);
  if (!schema) return [];
  const out: [string, unknown][] = [];
  if (isObjectSchema(schema)) {
    out.push(['array for object', []], ['string for object', 'x'], ['number for object', 7]);
    return out;
  }
  if (schema.enum) out.push(['not in enum', '__not_in_enum__'], ['number for enum', 12345]);
  switch (schema.type) {
    case 'array':
      out.push(['string for array', 'x'], ['object for array', { a: 1 }]);
      if (schema.items) for (const [label, v] of wrongValues(doc, schema.items).slice(0, 2)) out.push([`array of ${label}`, [v]]);
      break;
    case 'integer':
    case 'number':
      out.push(['string for number', 'abc'], ['boolean for number', true], ['object for number', {}]);
      if (schema.type === 'integer') out.push(['fraction for integer', 1.5]);
      if (schema.minimum !== undefined) out.push(['below minimum', schema.minimum - 1]);
      if (schema.maximum !== undefined) out.push(['above maximum', schema.maximum + 1], ['huge number', 1e308]);
      break;
    case 'boolean':
      out.push(['string for boolean', 'yes'], ['number for boolean', 1]);
      break;
    default:
      if (schema.enum) break;
      out.push(['number for string', 12345], ['array for string', ['x']], ['object for string', { x: 1 }]);
      if (schema.maxLength !== undefined) out.push(['over maxLength', 'x'.repeat(schema.maxLength + 1)]);
      if (schema.minLength !== undefined && schema.minLength > 0) out.push(['under minLength', '']);
      if (schema.format === 'uuid') out.push(['malformed uuid', 'not-a-uuid']);
      if (schema.format === 'date-time' || schema.format === 'date') out.push(['malformed date', '2026-13-45T99:99']);
  }
  return out;
}

/**
 * Requests that the schema of `route` rules out, each wrong in one way only: every field with a
 * value of the wrong type, null, out of range, too long, an array for an object; every required
 * field left out; an unknown field; bodies that are not an object, not JSON or over the size
 * limit; and malformed path ids.
 */
export function invalidRequests(doc: OpenApiDocument, route: Route): InvalidRequest[] {
  const out: InvalidRequest[] = [];
  for (const param of pathParams(route)) {
    for (const bad of MALFORMED_IDS)
      out.push({ label: `path ${param}=${JSON.stringify(bad.slice(0, 20))}`, pathOverrides: { [param]: bad } });
  }
  const schema = bodySchema(doc, route);
  if (!schema) return out;
  const base = sample(doc, schema) as Record<string, unknown>;
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    for (const [label, value] of wrongValues(doc, prop)) out.push({ label: `${name}: ${label}`, body: { ...base, [name]: value } });
    if (!resolveSchema(doc, prop)?.nullable) {
      out.push({ label: `${name}: null`, body: { ...base, [name]: null }, optionalNull: !schema.required?.includes(name) });
    }
    const nested = resolveSchema(doc, prop);
    const nestedRequired = nested && isObjectSchema(nested) ? (nested.required ?? []) : [];
    if (nested && isObjectSchema(nested)) {
      const inner = sample(doc, nested) as Record<string, unknown>;
      out.push({ label: `${name}: unknown nested field`, body: { ...base, [name]: { ...inner, unexpectedNested: 1 } } });
      for (const key of nestedRequired) {
        const { [key]: _dropped, ...rest } = inner;
        out.push({ label: `${name}.${key}: missing`, body: { ...base, [name]: rest } });
      }
    }
  }
  for (const key of schema.required ?? []) {
    const { [key]: _dropped, ...rest } = base;
    out.push({ label: `${key}: missing`, body: rest });
  }
  out.push(
    { label: 'unknown field', body: { ...base, unexpectedField: 'x' } },
    { label: '__proto__ pollution', raw: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"polluted":true},') },
    { label: 'constructor.prototype', body: { ...base, constructor: { prototype: { polluted: true } } } },
    { label: 'array for body', body: [base] },
    { label: 'string for body', raw: '"x"' },
    { label: 'number for body', raw: '42' },
    { label: 'null for body', raw: 'null' },
    { label: 'malformed JSON', raw: '{"a":' },
    { label: 'body over 1 MB', body: { ...base, unexpectedField: OVERSIZED } },
  );
  if (schema.required?.length) out.push({ label: 'empty object', body: {} });
  return out;
}

/** A request to `route` with its path ids, its required query parameters and those named like a known id, and a body of its required fields. */
export function plausibleRequest(
  doc: OpenApiDocument,
  route: Route,
  value: (param: string) => string,
  known: (param: string) => string | undefined,
): { path: string; query: Record<string, string>; body?: unknown } {
  const query: Record<string, string> = {};
  for (const p of route.operation.parameters ?? []) {
    if (p.in !== 'query') continue;
    const id = known(p.name);
    if (id !== undefined || p.required) query[p.name] = id ?? String(sample(doc, p.schema));
  }
  const schema = bodySchema(doc, route);
  return { path: fillPath(route, value), query, body: schema ? sample(doc, schema) : undefined };
}
