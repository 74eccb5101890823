import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@sufu/identity';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';

/**
 * Property-based robustness test over the whole public API: every operation listed in
 * the OpenAPI document gets FUZZ_RUNS (default 1,000) malformed or random requests —
 * bodies, content types, queries, path parameters, headers and cookies — from
 * anonymous callers, anonymous callers with a valid CSRF pair, and signed-in residents
 * and staff (so requests get past the auth gate into validation and handlers).
 *
 * Property: no response is a 5xx, and every 4xx is an RFC 9457 problem+json body whose
 * `status` matches the HTTP status, with a non-empty `code` and messages in zh-CN and en.
 *
 * A failure report gives the request, the response and, for a 5xx, the server's error
 * log line with its stack, plus the command that replays it:
 *   FUZZ_ONLY='<METHOD /path>' FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run --project integration tests/openapi-fuzz.int.test.ts
 * (earlier operations change the database, so a replay alone may meet a different state;
 * the printed request is what matters). FUZZ_RUNS lowers the number of runs.
 *
 * The actors signed in here are never locked, disabled or re-roled by the fuzzer: known
 * account ids and usernames fed to it exclude them, sign-out uses a resident kept for
 * that, and a session ended by a successful request is renewed.
 */

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** With FUZZ_SEED, replays one counterexample (the `path` printed with a failure). */
const PATH = process.env.FUZZ_PATH;
/** Fuzz only the operations whose "METHOD /path" contains this text. */
const ONLY = process.env.FUZZ_ONLY;
/** A request that does not answer within this time is reported as a failure (a hang). */
const REQUEST_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------
// The OpenAPI document, as far as this test reads it.

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};
type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
};
type OpenApiOperation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
type OpenApiDocument = { paths?: Record<string, Record<string, OpenApiOperation>> };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Operation = {
  method: Method;
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: JsonSchema | undefined;
};

const METHODS: Record<string, Method> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};
const UNSAFE = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (path === '/docs' || path.startsWith('/docs/')) continue; // Swagger UI assets
    for (const [key, op] of Object.entries(item)) {
      const method = METHODS[key];
      if (!method) continue;
      const params = op.parameters ?? [];
      ops.push({
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  // Hidden from the document, but public.
  if (!ops.some((o) => o.method === 'GET' && o.path === '/openapi.json'))
    ops.push({ method: 'GET', path: '/openapi.json', pathParams: [], queryParams: [], body: undefined });
  return ops;
}

// ---------------------------------------------------------------------------------------
// Values: schema-shaped (to get past validation) and hostile (to break what is behind it).

/** Strings that have broken parsers, databases and routers before. */
const NASTY = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '../',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000',
  'a\u0000b',
  '%',
  '%ZZ',
  '%C3%28',
  '%FF%FE',
  "' OR '1'='1",
  "1'; DROP TABLE identity.accounts; --",
  '1); select pg_sleep(10); --',
  '\\',
  '"',
  "'",
  '`',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '\uFEFF',
  '\u202E',
  '\uD800',
  'x\uDFFFx',
  '𠜎𠜱',
  'ｓｕｆｕ',
  'e\u0301',
  'İ',
  'ß',
  '\r\n',
  '\t',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '2025-02-29',
  '0000-00-00',
  '0000-01-01',
  '9999-12-31',
  '0001-01-01',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '275760-09-14',
  '-004713-01-01',
  '1970-01-01T00:00:00Z',
  'Tue, 01 Jan 2030 00:00:00 GMT',
  '99999',
  '1e21',
  '9007199254740993',
  '-9223372036854775809',
  '999999999999999999',
  '0x10',
  ' 12 ',
  '320000',
  '000000',
  '999999',
];

/** Path segments and query text sent without encoding. */
const RAW_URL_PIECES = [
  '..',
  '../..',
  '.',
  '%00',
  '%ZZ',
  '%',
  '%2e%2e',
  '%2F',
  '%2f..%2f',
  ';',
  ';a=b',
  '%u0000',
  '%C0%AE',
  '%E0%80%AF',
  '%FF',
  '%C3%28',
  '+',
  '%20',
  '%0d%0a',
  '%25',
  '@',
  ':',
  ',',
];
const PERCENT_GARBAGE = [
  '%',
  '%G',
  '%FF',
  '%C3%28',
  '%E0%80%AF',
  '%00',
  '+',
  '%2B',
  '%26',
  '=',
  '%%',
  '%uD800',
  '%ED%A0%80',
];
const DATEISH = [
  '2026-02-30',
  '0000-00-00',
  '0000-01-01',
  '9999-12-31',
  '-271821-04-20T00:00:00Z',
  '-271821-04-19T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '275760-09-13',
  '-004713-01-01',
  '-000001-01-01T00:00:00Z',
  '1970-01-01',
  'Tue, 01 Jan 2030 00:00:00 GMT',
  '2026',
  '0',
  '99999',
  '1e21',
  'now',
];

/** null `weight` times out of weight + 1, else a value (fc.option is the other way round). */
const rarely = <T>(arb: fc.Arbitrary<T>, weight: number) =>
  fc.oneof({ weight, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const lowerBound = (n: number | undefined, fallback: number) =>
  n === undefined ? fallback : Math.max(n, fallback);
const upperBound = (n: number | undefined, fallback: number) =>
  n === undefined ? fallback : Math.min(n, fallback);

/** Lone surrogates make encodeURIComponent throw; a client would have replaced them. */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const encode = (s: string) => encodeURIComponent(wellFormed(s));
const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

/** Over-long strings, built once (building them per run would dominate the run time). */
const HUGE_LENGTHS = [65, 129, 201, 1_000, 5_000];
const HUGE = HUGE_LENGTHS.flatMap((n) => ['a', '9', '中', '%', '/', '\u0000', '😀'].map((c) => c.repeat(n)));
const HUGE_ASCII = HUGE_LENGTHS.flatMap((n) => ['a', '9', '%', '/', ';', ' '].map((c) => c.repeat(n)));
const hugeString = fc.constantFrom(...HUGE);
const dateishString = fc.oneof(
  fc.constantFrom(...DATEISH),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const realDate = (min: string, max: string) =>
  fc
    .date({ min: new Date(min), max: new Date(max), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

/** Any string a hostile or careless client might send. */
const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: dateishString },
  { weight: 1, arbitrary: fc.uuid() },
);

/** A value of the wrong type (or of no type in particular). */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, Number.MIN_VALUE) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** Known-good values (from the running platform) for fields by name, to reach deeper code. */
type Hints = (field: string) => readonly unknown[];

function validValue(
  schema: JsonSchema,
  field: string,
  hints: Hints,
  depth: number,
  dirty: boolean,
): fc.Arbitrary<unknown> {
  const hinted = hints(field);
  const withHints = (arb: fc.Arbitrary<unknown>) =>
    hinted.length
      ? fc.oneof({ weight: 2, arbitrary: arb }, { weight: 3, arbitrary: fc.constantFrom(...hinted) })
      : arb;
  if (schema.enum && schema.enum.length) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length)
    return fc.oneof(...alternatives.map((s) => value(s, field, hints, depth, dirty)));
  if (schema.allOf && schema.allOf[0]) return value(schema.allOf[0], field, hints, depth, dirty);
  if (Array.isArray(schema.type))
    return fc.oneof(
      ...schema.type.map((t) => validValue({ ...schema, type: t }, field, hints, depth, dirty)),
    );
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return withHints(fc.uuid());
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$')
        return withHints(
          fc.oneof(
            realDate('2023-06-01', '2028-12-31'),
            realDate('0001-01-01', '9999-12-31'),
            fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          ),
        );
      if (schema.pattern) return withHints(fc.stringMatching(new RegExp(schema.pattern)));
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, upperBound(schema.maxLength, 60));
      const fits = NASTY.filter((v) => v.length >= minLength && v.length <= maxLength);
      return withHints(
        fc.oneof(
          { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
          { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
          { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength, maxLength }) },
          { weight: 1, arbitrary: fc.constant('x'.repeat(maxLength)) },
          ...(fits.length ? [{ weight: 2, arbitrary: fc.constantFrom(...fits) }] : []),
        ),
      );
    }
    case 'integer': {
      const min = lowerBound(schema.minimum, -(2 ** 31));
      const max = upperBound(schema.maximum, 2 ** 31 - 1);
      return withHints(
        min <= max ? fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)) : fc.integer(),
      );
    }
    case 'number':
      return withHints(fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schema.items ?? {};
      const minLength = schema.minItems ?? 0;
      return fc.array(value(item, field, hints, depth + 1, dirty), {
        minLength,
        maxLength: Math.max(minLength, upperBound(schema.maxItems, depth > 2 ? 2 : 6)),
      });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) shape[k] = value(s, k, hints, depth + 1, dirty);
      const required = (schema.required ?? []).filter((k) => k in props);
      const extra = rarely(
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'role')),
          wrongValue,
          { maxKeys: 3 },
        ),
        3,
      );
      if (!dirty) return fc.record(shape, { requiredKeys: required });
      return fc
        .tuple(fc.record(shape, { requiredKeys: required }), extra)
        .map(([obj, more]) => (more ? { ...more, ...obj } : obj));
    }
    default:
      // No type (e.g. z.coerce.date() documents as {}): anything a client might send.
      return withHints(fc.oneof(dateishString, anyString));
  }
}

/** A value for the schema; when dirty, any part of it may be of the wrong kind. */
function value(
  schema: JsonSchema,
  field: string,
  hints: Hints,
  depth: number,
  dirty: boolean,
): fc.Arbitrary<unknown> {
  if (!dirty) return validValue(schema, field, hints, depth, false);
  return fc.oneof(
    { weight: 7, arbitrary: validValue(schema, field, hints, depth, true) },
    { weight: 1, arbitrary: wrongValue },
  );
}

// ---------------------------------------------------------------------------------------
// Requests.

type ActorName = 'anonymous' | 'anonymous+csrf' | 'resident' | 'admin' | 'auditor' | 'secadmin';
const SIGNED_IN: ActorName[] = ['resident', 'admin', 'auditor', 'secadmin'];
type CsrfMode = 'match' | 'missing-header' | 'mismatch' | 'header-only';
type Body = { kind: string; payload?: string | Buffer; contentType?: string };
type Case = {
  actor: ActorName;
  csrf: CsrfMode;
  pathValues: string[];
  query: string;
  headers: Record<string, string>;
  cookieJunk: string[];
  body: Body;
};

const json = (kind: string, payload: string): Body => ({ kind, payload, contentType: 'application/json' });

/** Big payloads are built once per kind and reused. */
const built = new Map<string, string>();
const once = (key: string, make: () => string) => {
  let v = built.get(key);
  if (v === undefined) built.set(key, (v = make()));
  return v;
};

/** JSON text of anything fc.anything() makes; undefined stays the (invalid) text "undefined". */
const stringifyLoose = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'undefined';

function bodyArbitrary(op: Operation, hints: Hints): fc.Arbitrary<Body> {
  const shaped = (dirty: boolean) =>
    op.body ? value(op.body, '', hints, 0, dirty) : fc.jsonValue({ maxDepth: 3 });
  const deep = fc
    .tuple(fc.constantFrom(64, 1_000, 10_000, 100_000), fc.constantFrom('array', 'object', 'field'))
    .map(([n, shape]): Body => {
      if (shape === 'array')
        return json(
          `deep-array-${n}`,
          once(`deep-array-${n}`, () => `${'['.repeat(n)}${']'.repeat(n)}`),
        );
      if (shape === 'object')
        return json(
          `deep-object-${n}`,
          once(`deep-object-${n}`, () => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
        );
      const field = Object.keys(op.body?.properties ?? { a: {} })[0] ?? 'a';
      return json(
        `deep-field-${n}`,
        once(`deep-field-${field}-${n}`, () => `{"${field}":${'['.repeat(n)}${']'.repeat(n)}}`),
      );
    });
  const large = fc
    .tuple(fc.constantFrom(100_000, 1_048_000, 1_100_000), fc.constantFrom('string', 'field', 'array'))
    .map(([n, shape]): Body => {
      if (shape === 'string')
        return json(
          `large-string-${n}`,
          once(`large-string-${n}`, () => JSON.stringify('x'.repeat(n))),
        );
      if (shape === 'array')
        return json(
          `large-array-${n}`,
          once(`large-array-${n}`, () => `[${'1,'.repeat(n / 2)}1]`),
        );
      const fields = Object.keys(op.body?.properties ?? { a: {} });
      return json(
        `large-field-${n}`,
        once(`large-field-${fields.join()}-${n}`, () =>
          JSON.stringify(
            Object.fromEntries(
              fields.map((f) => [f, 'x'.repeat(Math.floor(n / Math.max(fields.length, 1)))]),
            ),
          ),
        ),
      );
    });
  const notJson = fc
    .oneof(
      fc.constantFrom(
        '',
        ' ',
        '{',
        '}',
        '[',
        'nul',
        'undefined',
        'NaN',
        "{'a':1}",
        '{"a":1,}',
        '{"a":1}garbage',
        '\uFEFF{}',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
        '{"username":"a","username":{"x":1}}',
        '1e999999',
        '-',
        '"unterminated',
        '\u0000',
      ),
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
    )
    .map((payload) => json('not-json', payload));
  const otherType = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'text/html', 'application/xml'),
        anyString,
      )
      .map(([contentType, payload]): Body => ({ kind: contentType, contentType, payload })),
    fc.constantFrom<Body>(
      {
        kind: 'form',
        contentType: 'application/x-www-form-urlencoded',
        payload: 'username=admin&password=x&roles[0][role]=sysadmin',
      },
      { kind: 'form-garbage', contentType: 'application/x-www-form-urlencoded', payload: '%%%&&==%ZZ' },
      {
        kind: 'multipart',
        contentType: 'multipart/form-data; boundary=xyz',
        payload: '--xyz\r\nContent-Disposition: form-data; name="username"\r\n\r\nadmin\r\n--xyz--\r\n',
      },
      { kind: 'multipart-no-boundary', contentType: 'multipart/form-data', payload: '--\r\n\r\n--' },
      {
        kind: 'multipart-garbage',
        contentType: 'multipart/form-data; boundary=',
        payload: '\r\n--\r\n--\r\n',
      },
      { kind: 'json-utf16', contentType: 'application/json; charset=utf-16', payload: '{}' },
      {
        kind: 'json-latin1',
        contentType: 'application/json; charset=latin1',
        payload: '{"username":"\u00e9"}',
      },
      { kind: 'json-uppercase', contentType: 'APPLICATION/JSON', payload: '{}' },
      { kind: 'json-params', contentType: 'application/json;;;=;', payload: '{}' },
      { kind: 'problem-json', contentType: 'application/problem+json', payload: '{}' },
      { kind: 'merge-patch', contentType: 'application/merge-patch+json', payload: '{}' },
      { kind: 'no-content-type', payload: '{"username":"x","password":"y"}' },
      { kind: 'garbage-type', contentType: ';;', payload: '{}' },
      { kind: 'star-type', contentType: '*/*', payload: '{}' },
      { kind: 'empty-type', contentType: '', payload: '{}' },
    ),
    fc
      .tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }))
      .map(([contentType, payload]): Body => ({ kind: 'random-type', contentType, payload })),
    fc.uint8Array({ maxLength: 200 }).map((bytes): Body => ({
      kind: 'octet-stream',
      contentType: 'application/octet-stream',
      payload: Buffer.from(bytes),
    })),
    fc.uint8Array({ maxLength: 200 }).map((bytes): Body => ({
      kind: 'binary-as-json',
      contentType: 'application/json',
      payload: Buffer.from(bytes),
    })),
  );
  const hasBody = UNSAFE.has(op.method);
  return fc.oneof(
    { weight: hasBody ? 2 : 12, arbitrary: fc.constant<Body>({ kind: 'none' }) },
    { weight: hasBody ? 4 : 1, arbitrary: shaped(false).map((v) => json('valid', stringifyLoose(v))) },
    { weight: hasBody ? 4 : 1, arbitrary: shaped(true).map((v) => json('shaped', stringifyLoose(v))) },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 4 }).map((v) => json('anything', stringifyLoose(v))) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: large },
    { weight: 2, arbitrary: notJson },
    { weight: 2, arbitrary: otherType },
  );
}

function pathValueArbitrary(p: Parameter, hints: Hints): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: validValue(p.schema ?? {}, p.name, hints, 0, false).map((v) => encode(asText(v))),
    },
    { weight: 3, arbitrary: anyString.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.uuid(), fc.constantFrom(...RAW_URL_PIECES)).map(([u, raw]) => u + raw),
    },
  );
}

function queryArbitrary(op: Operation, hints: Hints, dirty: boolean): fc.Arbitrary<string> {
  const pair = (key: fc.Arbitrary<string>, val: fc.Arbitrary<unknown>) =>
    fc
      .tuple(key, val, dirty ? rarely(fc.constantFrom(...PERCENT_GARBAGE), 8) : fc.constant(null))
      .map(([k, v, junk]) => `${encode(k)}=${encode(asText(v))}${junk ?? ''}`);
  const known = op.queryParams.map((p) => {
    const kv = pair(fc.constant(p.name), value(p.schema ?? {}, p.name, hints, 0, dirty));
    if (!p.required) return rarely(kv, 1);
    return dirty ? fc.option(kv, { freq: 10 }) : kv;
  });
  if (!dirty) return fc.tuple(...known).map((parts) => parts.filter((x): x is string => !!x).join('&'));
  const repeated = op.queryParams.length
    ? rarely(
        fc
          .constantFrom(...op.queryParams.map((p) => p.name))
          .chain((name) => pair(fc.constant(name), anyString)),
        6,
      )
    : fc.constant(null);
  const unknown = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        pair(
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 12 }),
            fc.constantFrom('__proto__', 'constructor', 'a[b]', 'a[]', 'page', 'q'),
          ),
          anyString,
        ),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );
  const raw = rarely(
    fc.constantFrom(
      '',
      '&',
      '&&&',
      '=',
      '==x',
      'a',
      'a[b]=1',
      'a[]=1&a[]=2',
      '__proto__[x]=1',
      'constructor[prototype][x]=1',
      '%',
      '%%%',
      ';a=1',
      'a=%E0%A4%A',
    ),
    6,
  );
  return fc
    .tuple(fc.tuple(...known), repeated, unknown, raw, fc.boolean())
    .map(([knownPairs, rep, unknownPairs, rawText, reverse]) => {
      const parts = [
        ...knownPairs.filter((x): x is string => !!x),
        ...(rep ? [rep] : []),
        ...unknownPairs,
        ...(rawText !== null ? [rawText] : []),
      ];
      if (reverse) parts.reverse();
      return parts.join('&');
    });
}

/** Header values stay printable ASCII: a real HTTP parser rejects control characters before the app sees them. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...NASTY.filter((v) => /^[\x20-\x7e]*$/.test(v))),
  fc.constantFrom(...HUGE_ASCII),
);
/**
 * Headers, each present now and then. An Authorization header is rare: a bearer token
 * decides alone who the caller is (and exempts from CSRF), so it would turn most
 * signed-in requests into anonymous ones.
 */
const headersArbitrary: fc.Arbitrary<Record<string, string>> = fc
  .record({
    'accept-language': rarely(
      fc.oneof(
        fc.constantFrom('en', 'en-US,en;q=0.9', 'zh-CN', '*', '', ',', ';q=', 'EN', 'xx-YY'),
        headerValue,
      ),
      1,
    ),
    'x-request-id': rarely(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{8,64}$/), headerValue), 2),
    accept: rarely(
      fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/problem+json',
          'text/html',
          'application/xml',
          '*/*',
          '',
          'text/csv',
        ),
        headerValue,
      ),
      2,
    ),
    'user-agent': rarely(headerValue, 2),
    authorization: rarely(
      fc.oneof(
        fc.constantFrom(
          'Bearer ',
          'Bearer x',
          'Basic YWRtaW46U3VmdUAyMDI2IQ==',
          'Bearer ' + 'a'.repeat(5000),
        ),
        headerValue,
      ),
      15,
    ),
    'x-forwarded-for': rarely(
      fc.oneof(fc.constantFrom('1.2.3.4', '::1', 'unknown', '1.1.1.1, 2.2.2.2'), headerValue),
      3,
    ),
    origin: rarely(fc.oneof(fc.constantFrom('https://evil.example', 'null'), headerValue), 3),
    'if-none-match': rarely(headerValue, 5),
    extra: rarely(fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerValue), 3),
  })
  .map(({ extra, ...h }) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (typeof v === 'string') out[k] = v;
    if (extra) out[extra[0]] = extra[1];
    return out;
  });

const cookieJunkArbitrary = fc.array(
  fc.oneof(
    fc
      .tuple(fc.constantFrom('sufu_sid', 'sufu_csrf', 'a', '__proto__', ''), headerValue)
      .map(([k, v]) => `${k}=${v.replace(/;/g, '')}`),
    fc.constantFrom(
      '=',
      ';',
      '==',
      'sufu_sid',
      'sufu_sid=',
      'sufu_csrf=%ZZ',
      'sufu_sid="',
      'a=%E0%A4%A',
      `sufu_csrf=${'A'.repeat(64)}`,
    ),
  ),
  { maxLength: 3 },
);

function caseArbitrary(op: Operation, hints: Hints): fc.Arbitrary<Case> {
  return fc.record({
    actor: fc.oneof(
      { weight: 2, arbitrary: fc.constant<ActorName>('anonymous') },
      { weight: 2, arbitrary: fc.constant<ActorName>('anonymous+csrf') },
      { weight: 6, arbitrary: fc.constantFrom<ActorName>(...SIGNED_IN) },
    ),
    csrf: fc.oneof(
      { weight: 12, arbitrary: fc.constant<CsrfMode>('match') },
      { weight: 1, arbitrary: fc.constantFrom<CsrfMode>('missing-header', 'mismatch', 'header-only') },
    ),
    pathValues: fc.tuple(...op.pathParams.map((p) => pathValueArbitrary(p, hints))),
    query: fc.oneof(
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 2, arbitrary: queryArbitrary(op, hints, false) },
      { weight: 2, arbitrary: queryArbitrary(op, hints, true) },
    ),
    headers: headersArbitrary,
    cookieJunk: fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: cookieJunkArbitrary },
    ),
    body: bodyArbitrary(op, hints),
  });
}

// ---------------------------------------------------------------------------------------
// The property.

type InjectResponse = Awaited<ReturnType<TestPlatform['app']['inject']>>;
type Sent = { method: Method; url: string; actor: string; headers: Record<string, string>; body: Body };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** Why a response breaks the contract, or null when it keeps it. */
function contractViolation(res: InjectResponse): string | null {
  const status = res.statusCode;
  if (status >= 500) return `server error ${status}`;
  if (status < 400) return null;
  const ct = String(res.headers['content-type'] ?? '');
  if (!ct.startsWith('application/problem+json'))
    return `${status} with content-type "${ct}" instead of application/problem+json`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `${status} problem body is not JSON`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return `${status} problem body is not an object`;
  const p = body as { status?: unknown; code?: unknown; messages?: Record<string, unknown> | null };
  if (p.status !== status)
    return `problem.status ${JSON.stringify(p.status)} differs from HTTP status ${status}`;
  if (typeof p.code !== 'string' || p.code === '') return 'problem.code is not a non-empty string';
  if (typeof p.messages !== 'object' || p.messages === null) return 'problem.messages is missing';
  for (const locale of ['zh-CN', 'en']) {
    const m = p.messages[locale];
    if (typeof m !== 'string' || m === '') return `problem.messages['${locale}'] is not a non-empty string`;
  }
  return null;
}

/** First line of a stack and its frames in this repository, on one line (so reporters do not take them for the test's own stack). */
function compactStack(stack: string): string {
  const [head, ...frames] = stack.split('\n');
  const ours = frames
    .map((f) => f.trim().replace(/^at /, ''))
    .filter((f) => !f.includes('node_modules') && !f.startsWith('process.') && !f.startsWith('node:'));
  return [head, ...ours.slice(0, 6)].join(' ← ').replaceAll(process.cwd() + '/', '');
}

function describeFailure(sent: Sent, res: InjectResponse | null, why: string, serverLog?: string): string {
  const payload =
    sent.body.payload === undefined
      ? '(none)'
      : clip(
          typeof sent.body.payload === 'string'
            ? sent.body.payload
            : `<${sent.body.payload.length} bytes> ${sent.body.payload.toString('hex')}`,
          400,
        );
  const lines = [
    `${why}`,
    `  request:  ${sent.method} ${clip(sent.url, 400)}`,
    `  actor:    ${sent.actor}`,
    `  headers:  ${clip(JSON.stringify(sent.headers), 600)}`,
    `  body:     [${sent.body.kind}] content-type=${JSON.stringify(sent.body.contentType ?? null)} ${payload}`,
  ];
  if (res)
    lines.push(
      `  response: ${res.statusCode} content-type=${JSON.stringify(res.headers['content-type'] ?? null)}`,
      `  response body: ${clip(res.body, 800)}`,
    );
  if (serverLog) lines.push(`  server log: ${clip(serverLog, 1500)}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------

describe('OpenAPI fuzz: malformed bodies, queries and headers on every operation', () => {
  let platform: TestPlatform;
  let operations: Operation[] = [];
  let hints: Hints = () => [];
  let ipCounter = 1;
  /** A fresh client address for every request: login routes are limited per address. */
  const nextIp = () => {
    const n = ipCounter++;
    return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };

  type Session = { username: string; cookies: Record<string, string>; accountId: string };
  const sessions = new Map<string, Session>();
  const LOGINS: Record<string, string> = {
    resident: '13951000001',
    admin: 'admin',
    auditor: 'auditor',
    secadmin: 'secadmin',
    sacrificial: '13951000002',
  };

  async function signIn(actor: string): Promise<Session> {
    const username = LOGINS[actor]!;
    const client = new TestClient(platform, nextIp());
    const r = await client.login(username);
    const s = { username, cookies: { ...client.cookies }, accountId: r.session.account.id };
    sessions.set(actor, s);
    return s;
  }

  /**
   * Signs an actor in again in the background (scrypt runs off the main thread); until
   * then its runs use the ended session, which is a fine request to fuzz too.
   */
  const renewing = new Map<string, Promise<unknown>>();
  const renewalErrors: unknown[] = [];
  function renew(actor: string) {
    if (renewing.has(actor)) return;
    renewing.set(
      actor,
      signIn(actor)
        .catch((e: unknown) => renewalErrors.push(e))
        .finally(() => renewing.delete(actor)),
    );
  }
  const renewed = async () => {
    await Promise.all([...renewing.values()]);
    if (renewalErrors.length) throw renewalErrors[0];
  };

  async function stillSignedIn(s: Session): Promise<boolean> {
    const res = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      remoteAddress: nextIp(),
      cookies: s.cookies,
    });
    return res.statusCode === 200 && (res.json() as { authenticated: boolean }).authenticated;
  }

  /** Error-level server log lines by request id: the cause of a 5xx, for the failure report. */
  const serverErrors = new Map<string, string>();
  const serverLog = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line.includes('"level":5') && !line.includes('"level":6')) continue;
        try {
          const entry = JSON.parse(line) as {
            reqId?: string;
            err?: { message?: string; code?: string; stack?: string };
            msg?: string;
          };
          if (entry.reqId)
            serverErrors.set(
              entry.reqId,
              `${entry.msg ?? ''}: ${entry.err?.code ?? ''} ${compactStack(entry.err?.stack ?? entry.err?.message ?? '')}`,
            );
        } catch {
          // not a JSON line
        }
      }
      done();
    },
  });

  const stats = new Map<string, Map<string, number>>();
  const seconds = new Map<string, number>();
  const count = (op: string, key: string) => {
    const m = stats.get(op) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + 1);
    stats.set(op, m);
  };

  beforeAll(async () => {
    platform = await createTestPlatform({ logDestination: serverLog });
    const doc = await platform.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    operations = operationsOf(doc.json() as OpenApiDocument);

    for (const actor of Object.keys(LOGINS)) await signIn(actor);
    const ours = new Set([...sessions.values()].map((s) => s.accountId));
    const get = async (url: string, as = 'admin') => {
      const res = await platform.app.inject({
        method: 'GET',
        url,
        remoteAddress: nextIp(),
        cookies: sessions.get(as)!.cookies,
      });
      return res.statusCode === 200 ? res.json() : undefined;
    };
    const roles =
      ((await get('/api/v1/admin/roles')) as { items: { role: string }[] } | undefined)?.items.map(
        (r) => r.role,
      ) ?? [];
    const departments =
      ((await get('/api/v1/departments?pageSize=60')) as { items: { id: string }[] } | undefined)?.items.map(
        (d) => d.id,
      ) ?? [];
    // Accounts the fuzzer may lock, disable or re-role: never the ones signed in here.
    const accounts =
      (
        (await get('/api/v1/admin/accounts?pageSize=100')) as
          { items: { id: string; username: string }[] } | undefined
      )?.items.filter((a) => !ours.has(a.id)) ?? [];
    const ourNames = new Set(Object.values(LOGINS));
    const usernames = accounts.map((a) => a.username).filter((u) => !ourNames.has(u));
    const authorisations =
      (
        (await get('/api/v1/me/organisations', 'resident')) as
          { items: { id: string; organisation: { id: string; creditCode: string } }[] } | undefined
      )?.items ?? [];
    const byField: Record<string, readonly unknown[]> = {
      role: roles,
      departmentId: [...departments.slice(0, 20), '320000-nope'],
      id: accounts.slice(0, 20).map((a) => a.id),
      actorId: accounts.slice(0, 5).map((a) => a.id),
      username: usernames.slice(0, 10),
      regionCode: ['320000', '320100', '320102', '320583', '110000', '329999'],
      parent: ['320000', '320100', '320102', '110000'],
      // A holiday arrangement that can pass the handler's checks (2027-01-02 is a Saturday).
      year: [2027, 2027, 2027, 2026, 2028, 2030],
      from: ['2027-01-01', '2027-02-10', '2027-10-01', '2026-10-01', '2024-01-01'],
      to: ['2027-01-03', '2027-02-16', '2027-10-07', '2026-10-08', '2026-12-31'],
      makeupWorkdays: ['2027-01-02', '2027-02-06', '2027-10-09'],
      nameEn: ['', 'National Day'],
      password: ['Str0ng!Passw0rd#1'],
      newPassword: ['Str0ng!Passw0rd#1'],
      // Residents: never the mobiles of the residents signed in here (failed codes could lock them).
      mobile: ['13951000099', '13800138000', '+86 139 5100 0099', '139510000990'],
      idNumber: ['11010519491231002X', '320102199003071239', '320102199003071238'],
      name: ['张三', '欧阳娜娜'],
      code: ['000000', '123456'],
      creditCode: [...authorisations.map((a) => a.organisation.creditCode), '91320000000000000X'],
      organisationId: authorisations.map((a) => a.organisation.id),
      authorisationId: authorisations.map((a) => a.id),
      cursor: ['1', '999999999999999999', '0'],
      q: ['南京', '%', '_', '\\', 'admin'],
      action: ['auth.login', 'audit.read', 'auth.login_failed'],
    };
    hints = (field) => byField[field] ?? [];
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  it('finds every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(20);
    const keys = operations.map((o) => `${o.method} ${o.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const must of ['GET /openapi.json', 'GET /healthz', 'GET /readyz', 'POST /api/v1/session/login'])
      expect(keys).toContain(must);
    expect(keys.some((k) => k.includes(' /docs'))).toBe(false);
  });

  it(
    `answers ${RUNS_PER_OPERATION} hostile requests per operation without a 5xx, and every 4xx as problem+json`,
    { timeout: 20 * 60_000 },
    async () => {
      const started = Date.now();
      const failures: string[] = [];
      let total = 0;

      for (const op of operations) {
        const opKey = `${op.method} ${op.path}`;
        if (ONLY && !opKey.includes(ONLY)) continue;
        // Signing out ends the session it is sent with: use a resident kept for that.
        const isLogout = op.path.endsWith('/session/logout');
        // Let sign-in sometimes use the right password (for accounts not signed in here).
        const opHints: Hints = op.path.endsWith('/session/login')
          ? (field) => (field === 'password' ? [DEMO_PASSWORD] : hints(field))
          : hints;
        const property = fc.asyncProperty(caseArbitrary(op, opHints), async (c) => {
          let url = op.path;
          op.pathParams.forEach((p, i) => {
            url = url.replace(`{${p.name}}`, c.pathValues[i] ?? '');
          });
          if (c.query) url += `?${c.query}`;

          const signedIn = SIGNED_IN.includes(c.actor);
          const sessionName = signedIn && isLogout ? 'sacrificial' : c.actor;
          const session = signedIn ? sessions.get(sessionName) : undefined;
          const cookies: string[] = [];
          const headers: Record<string, string> = { ...c.headers };
          const csrfToken =
            session?.cookies.sufu_csrf ??
            (c.actor === 'anonymous+csrf' ? 'fuzz_csrf_token_0123456789abcdefABCDEF' : undefined);
          if (session?.cookies.sufu_sid) cookies.push(`sufu_sid=${session.cookies.sufu_sid}`);
          if (csrfToken) {
            if (c.csrf !== 'header-only') cookies.push(`sufu_csrf=${csrfToken}`);
            if (c.csrf === 'match' || c.csrf === 'header-only') headers['x-csrf-token'] = csrfToken;
            if (c.csrf === 'mismatch') headers['x-csrf-token'] = `${csrfToken.slice(0, -1)}_`;
          }
          cookies.push(...c.cookieJunk);
          if (cookies.length) headers.cookie = cookies.join('; ');
          if (c.body.contentType !== undefined) headers['content-type'] = c.body.contentType;

          const sent: Sent = { method: op.method, url, actor: sessionName, headers, body: c.body };
          let timer: NodeJS.Timeout | undefined;
          const res = await Promise.race([
            platform.app.inject({
              method: op.method,
              url,
              headers,
              remoteAddress: nextIp(),
              ...(c.body.payload !== undefined ? { payload: c.body.payload } : {}),
            }),
            new Promise<null>((resolve) => {
              timer = setTimeout(() => resolve(null), REQUEST_TIMEOUT_MS);
            }),
          ]).finally(() => clearTimeout(timer));
          total++;
          if (!res)
            throw new Error(describeFailure(sent, null, `no response within ${REQUEST_TIMEOUT_MS} ms`));
          count(opKey, String(res.statusCode));
          const why = contractViolation(res);
          if (why)
            throw new Error(
              describeFailure(sent, res, why, serverErrors.get(String(res.headers['x-request-id']))),
            );

          // A successful unsafe request may have ended the session it was sent with.
          if (
            session &&
            UNSAFE.has(op.method) &&
            res.statusCode < 300 &&
            !renewing.has(sessionName) &&
            !(await stillSignedIn(session))
          )
            renew(sessionName);
        });

        const opStarted = Date.now();
        const details = await fc.check(property, {
          numRuns: RUNS_PER_OPERATION,
          ...(SEED !== undefined ? { seed: SEED } : {}),
          ...(SEED !== undefined && PATH ? { path: PATH } : {}),
        });
        await renewed();
        seconds.set(opKey, (Date.now() - opStarted) / 1000);
        if (details.failed) {
          const err =
            details.errorInstance instanceof Error
              ? details.errorInstance.message
              : String(details.errorInstance ?? 'no error recorded (too many skipped runs?)');
          failures.push(
            `${opKey} — after ${details.numRuns} runs and ${details.numShrinks} shrinks; replay: FUZZ_ONLY='${opKey}' FUZZ_SEED=${details.seed} FUZZ_PATH='${details.counterexamplePath ?? ''}'\n${err}`,
          );
        }
      }

      const summary = [...stats].map(
        ([op, m]) =>
          `${op.padEnd(56)} ${(seconds.get(op) ?? 0).toFixed(1).padStart(5)} s  ${[...m]
            .sort()
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}`,
      );
      console.log(
        `OpenAPI fuzz: ${stats.size} of ${operations.length} operations, ${total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (status×count per operation)\n${summary.join('\n')}`,
      );

      // The signed-in actors really were signed in (a fuzzer locked out at the gate proves little).
      for (const actor of SIGNED_IN)
        expect(await stillSignedIn(sessions.get(actor)!), `${actor} still signed in`).toBe(true);
      if (failures.length)
        throw new Error(
          `${failures.length} of ${operations.length} operations broke the error contract:\n\n${failures.join('\n\n')}`,
        );
    },
  );
});
