import fc from 'fast-check';
import { sample } from './invalid-payloads';
import { bodySchema, OpenApiDocument, pathParams, resolveSchema, Route, SchemaObject } from './route-catalog';

/** One generated request: what was changed from a plausible request of the route, and the request itself. */
export interface FuzzRequest {
  /** The kind of change (the report counts by it). */
  kind: string;
  /** Where: the field, query or path parameter changed. */
  target: string;
  pathOverrides: Record<string, string>;
  query: Record<string, string | string[]>;
  body?: unknown;
  /** Sent as it is, with Content-Type application/json. */
  raw?: string;
}

export interface Baseline {
  query: Record<string, string>;
  body?: unknown;
}

/** Characters that mean nothing in a name, a reason or an id: NUL first, as in the probe. */
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff'];

const HUGE_NUMBERS = [2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e20, 1e308, -1, -(2 ** 31) - 1, -1e20, 0.5, -0.000001];
const HUGE_NUMBER_TEXT = [
  '2147483648',
  '99999999999999999999',
  '1e400',
  '-1',
  '-99999999999',
  'NaN',
  'Infinity',
  '0x7fffffff',
  '1.5',
  ' 1',
];

/** Dates and instants a calendar or PostgreSQL cannot take, or that are no date at all. */
const ODD_DATES = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2026-03-02T25:00+08:00',
  '2026-03-02T10:00+99:00',
  '1e9',
  '2026-W10-1',
];

const LONG = fc.constantFrom(1_001, 10_001, 100_001, 600_000).chain((n) => fc.constantFrom('x', '字', '😀').map((c) => c.repeat(n)));

/** A string with a forbidden character somewhere in it. */
const controlText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 8 }))
  .map(([a, c, b]) => `${a}${c}${b}`);

/** Arrays and objects `depth` deep, around a leaf. */
function nest(depth: number, leaf: unknown, objects: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = objects ? { n: value } : [value];
  return value;
}
const deep = fc.tuple(fc.integer({ min: 33, max: 3000 }), fc.boolean()).map(([d, objects]) => nest(d, 'x', objects));

/** A JSON value of another type than the schema's (or any, when the schema is open). */
function wrongType(schema: SchemaObject | undefined): fc.Arbitrary<unknown> {
  const type = schema?.type ?? (schema?.properties ? 'object' : undefined);
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 10 }),
    number: fc.double({ noNaN: true }),
    integer: fc.integer(),
    boolean: fc.boolean(),
    array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  };
  const others = Object.entries(all).filter(
    ([t]) => t !== type && !(type === 'number' && t === 'integer') && !(type === 'integer' && t === 'number'),
  );
  return fc.oneof(...others.map(([, a]) => a));
}

function withField(base: unknown, field: string, value: unknown): Record<string, unknown> {
  return { ...(base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {}), [field]: value };
}

/**
 * Requests derived from `route`'s OpenAPI description, each changed from a plausible one (its
 * required fields and parameters filled) in one way the issue names: a field of the wrong type,
 * a required one missing, an unknown one, NUL and control characters, huge and negative numbers,
 * deep nesting, very long strings, in the body, the query string and the path.
 */
export function fuzzRequests(doc: OpenApiDocument, route: Route, baseline: Baseline): fc.Arbitrary<FuzzRequest> {
  const plain = { pathOverrides: {}, query: baseline.query, body: baseline.body };
  const options: fc.Arbitrary<FuzzRequest>[] = [];

  for (const param of pathParams(route)) {
    options.push(
      fc
        .oneof(
          controlText,
          LONG.map((s) => s.slice(0, 2000)),
          fc.constantFrom(...HUGE_NUMBER_TEXT),
          fc.string({ maxLength: 40 }),
        )
        .map((value) => ({ ...plain, kind: 'path parameter', target: param, pathOverrides: { [param]: value } })),
    );
  }

  for (const p of route.operation.parameters ?? []) {
    if (p.in !== 'query') continue;
    const schema = resolveSchema(doc, p.schema);
    const values = fc.oneof(
      controlText.map((v) => ['control character', v] as const),
      LONG.map((v) => ['long string', v.slice(0, 4000)] as const),
      fc.constantFrom(...HUGE_NUMBER_TEXT).map((v) => ['huge or negative number', v] as const),
      fc.constantFrom(...ODD_DATES).map((v) => ['date out of range', v] as const),
      fc.array(fc.string({ maxLength: 5 }), { minLength: 2, maxLength: 3 }).map((v) => ['repeated parameter', v] as const),
      wrongType(schema).map((v) => ['wrong type', typeof v === 'string' ? `${v}!` : JSON.stringify(v)] as const),
    );
    options.push(
      values.map(([kind, value]) => ({ ...plain, kind: `query: ${kind}`, target: p.name, query: { ...baseline.query, [p.name]: value } })),
    );
  }
  options.push(
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 12 })).map(([name, value]) => ({
      ...plain,
      kind: 'query: unknown parameter',
      target: name,
      query: { ...baseline.query, [`x${name}`]: value },
    })),
  );

  const schema = bodySchema(doc, route);
  if (schema) {
    const fields = Object.entries(schema.properties ?? {});
    for (const [name, raw] of fields) {
      const prop = resolveSchema(doc, raw);
      const isNumber = prop?.type === 'integer' || prop?.type === 'number';
      const isString = prop?.type === 'string' || (!prop?.type && !prop?.properties);
      const body = (kind: string, value: fc.Arbitrary<unknown>) =>
        value.map((v) => ({ ...plain, kind: `body: ${kind}`, target: name, body: withField(baseline.body, name, v) }));
      options.push(body('wrong type', wrongType(prop)));
      options.push(body('deep nesting', deep));
      options.push(body('control character', controlText));
      if (isNumber) options.push(body('huge or negative number', fc.constantFrom(...HUGE_NUMBERS)));
      if (isString) options.push(body('long string', LONG), body('date out of range', fc.constantFrom(...ODD_DATES)));
      if (prop?.type === 'array') {
        options.push(
          body(
            'huge array',
            fc.integer({ min: 1_000, max: 50_000 }).map((n) => Array.from({ length: n }, () => sample(doc, prop.items))),
          ),
        );
        options.push(
          body(
            'control character in an element',
            controlText.map((v) => [v]),
          ),
        );
      }
      if (prop && (prop.type === 'object' || prop.properties)) {
        const inner = sample(doc, prop) as Record<string, unknown>;
        for (const [innerName, innerRaw] of Object.entries(prop.properties ?? {})) {
          const innerProp = resolveSchema(doc, innerRaw);
          options.push(
            fc.oneof(controlText, wrongType(innerProp), LONG, fc.constantFrom(...HUGE_NUMBERS)).map((v) => ({
              ...plain,
              kind: 'body: nested field',
              target: `${name}.${innerName}`,
              body: withField(baseline.body, name, { ...inner, [innerName]: v }),
            })),
          );
        }
      }
      if (schema.required?.includes(name)) {
        options.push(
          fc.constant({
            ...plain,
            kind: 'body: required field missing',
            target: name,
            body: Object.fromEntries(Object.entries((baseline.body ?? {}) as Record<string, unknown>).filter(([k]) => k !== name)),
          }),
        );
      }
    }
    options.push(
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([key, value]) => ({ ...plain, kind: 'body: unknown field', target: key, body: withField(baseline.body, `x${key}`, value) })),
    );
    options.push(
      controlText.map((key) => ({
        ...plain,
        kind: 'body: control character in a key',
        target: '(key)',
        body: withField(baseline.body, key, 1),
      })),
    );
    options.push(
      fc
        .integer({ min: 33, max: 100_000 })
        .map((d) => ({ ...plain, kind: 'body: deep JSON text', target: '(body)', body: undefined, raw: '['.repeat(d) + ']'.repeat(d) })),
    );
    options.push(
      fc
        .oneof(fc.constant('null'), fc.constant('"x"'), fc.constant('42'), fc.constant('{"a":'), fc.constant('[]'))
        .map((raw) => ({ ...plain, kind: 'body: not an object', target: '(body)', body: undefined, raw })),
    );
  } else if (route.method !== 'get') {
    options.push(
      fc
        .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 })
        .map((body) => ({ ...plain, kind: 'body: where none is taken', target: '(body)', body })),
    );
  }
  return fc.oneof(...options);
}
