import { describe, expect, it } from 'vitest';
import {
  decodeFormParams,
  findOpenApiOperation,
  type OpenApiDocument,
  type OpenApiSchema,
  validateOpenApiExchange,
  validateOpenApiSchema,
} from '../src/openapi/index.js';

const document: OpenApiDocument = {
  paths: {
    '/v1/things/{id}/void': {
      post: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          schema: {
            type: 'object',
            additionalProperties: false,
            properties: {
              expand: { type: 'array', items: { type: 'string' } },
              amount: { type: 'integer' },
              flag: { type: 'boolean' },
              metadata: {
                anyOf: [
                  { type: 'object', additionalProperties: { type: 'string' } },
                  { type: 'string', enum: [''] },
                ],
              },
            },
          },
        },
        responses: {
          200: { $ref: '#/components/schemas/thing' },
          default: { $ref: '#/components/schemas/error' },
        },
      },
    },
    '/v1/things': {
      get: {
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'owner', in: 'query', required: true, schema: { type: 'string', maxLength: 5 } },
        ],
        responses: { 200: { type: 'object' }, default: { $ref: '#/components/schemas/error' } },
      },
    },
    '/v1/things/preview/void': {
      post: { responses: { 200: { type: 'object' }, default: { type: 'object' } } },
    },
  },
  components: {
    schemas: {
      thing: {
        type: 'object',
        required: ['id', 'status'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['open', 'void'] },
          note: { type: 'string', nullable: true },
          owner: { anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/owner' }] },
          parts: { type: 'array', items: { $ref: '#/components/schemas/owner' } },
          kind: { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['x'] }] },
        },
      },
      owner: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      error: { type: 'object', required: ['error'], properties: { error: { type: 'object' } } },
    },
  },
};

describe('decodeFormParams', () => {
  it('nests bracket keys into objects and arrays', () => {
    expect(
      decodeFormParams({ 'a[b][c]': '1', 'expand[0]': 'x', 'expand[1]': 'y', 'list[]': 'p', plain: 'q' }),
    ).toEqual({ a: { b: { c: '1' } }, expand: ['x', 'y'], list: ['p'], plain: 'q' });
    expect(() => decodeFormParams({ 'a]': '1' })).toThrow(/not a form key/);
  });
  it('keeps __proto__, constructor and prototype as own keys and never touches Object.prototype', (context) => {
    // With the bug back, the first key would reach Object.prototype of this worker, which other files share.
    context.onTestFinished(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });
    const decoded = decodeFormParams({
      '__proto__[polluted]': 'root',
      'a[__proto__][polluted]': 'nested',
      'metadata[constructor]': 'c',
      'metadata[toString][x]': 't',
      'b[constructor][prototype][polluted]': 'deep',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(
      JSON.parse(
        '{"__proto__":{"polluted":"root"},"a":{"__proto__":{"polluted":"nested"}},"metadata":{"constructor":"c","toString":{"x":"t"}},"b":{"constructor":{"prototype":{"polluted":"deep"}}}}',
      ),
    );
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
  });
});

describe('validateOpenApiSchema', () => {
  const thing = { $ref: '#/components/schemas/thing' };
  it('accepts a valid value and unknown properties where additionalProperties is not false', () => {
    expect(
      validateOpenApiSchema(document, thing, {
        id: 't',
        status: 'open',
        note: null,
        extra: 1,
        owner: { id: 'o' },
        kind: 'x',
      }),
    ).toEqual([]);
  });
  it('closedObjects refuses the keys an object schema does not list, at any depth, and leaves open maps open', () => {
    const value = {
      id: 't',
      status: 'open',
      extra: 1,
      owner: { id: 'o', nested: true },
      parts: [{ id: 'p', more: 2 }],
    };
    expect(validateOpenApiSchema(document, thing, value)).toEqual([]);
    expect(validateOpenApiSchema(document, thing, value, { closedObjects: true })).toEqual([
      { path: 'extra', message: 'is not a known parameter/property' },
      { path: 'owner', message: expect.stringMatching(/^matches none of the anyOf alternatives/) },
      { path: 'parts[0].more', message: 'is not a known parameter/property' },
    ]);
    // A map (`additionalProperties` given) and an object schema that lists nothing stay open.
    const metadata: OpenApiSchema = {
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: { type: 'string' },
    };
    expect(validateOpenApiSchema(document, metadata, { a: 'x', b: 'y' }, { closedObjects: true })).toEqual(
      [],
    );
    expect(validateOpenApiSchema(document, { type: 'object' }, { any: 1 }, { closedObjects: true })).toEqual(
      [],
    );
  });
  it('reports required, type, enum, nullable, items, anyOf and oneOf failures with paths', () => {
    const issues = validateOpenApiSchema(document, thing, {
      status: 'gone',
      note: 3,
      parts: [{ id: 'a' }, {}],
      owner: 5,
      kind: 1.5,
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'id',
      'status',
      'note',
      'parts[1].id',
      'owner',
      'kind',
    ]);
    expect(validateOpenApiSchema(document, { type: 'string' }, null)).toEqual([
      { path: '(root)', message: 'must not be null' },
    ]);
  });
  it('judges by a component schema replaced after it was first used (a $ref is resolved again)', () => {
    const changing: OpenApiDocument = structuredClone(document);
    const owner = { $ref: '#/components/schemas/owner' };
    expect(validateOpenApiSchema(changing, owner, { id: 'o_1' })).toEqual([]);
    changing.components.schemas.owner = {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    };
    expect(validateOpenApiSchema(changing, owner, { id: 'o_1' })).toEqual([
      { path: 'name', message: 'is required' },
    ]);
  });
  it('skips the holes of a sparse array, as it always has', () => {
    const sparse: unknown[] = ['a'];
    sparse[2] = 'c';
    expect(validateOpenApiSchema(document, { type: 'array', items: { type: 'string' } }, sparse)).toEqual([]);
    expect(validateOpenApiSchema(document, { type: 'array', items: { type: 'string' } }, ['a', 1])).toEqual([
      { path: '[1]', message: 'expected string, got number' },
    ]);
  });
  it('form mode checks scalars on their text', () => {
    const schema = {
      type: 'object' as const,
      properties: { n: { type: 'integer' as const }, b: { type: 'boolean' as const } },
    };
    expect(validateOpenApiSchema(document, schema, { n: '12', b: 'false' }, { mode: 'form' })).toEqual([]);
    expect(validateOpenApiSchema(document, schema, { n: '1.5', b: 'yes' }, { mode: 'form' })).toHaveLength(2);
  });
  // Chargebee's generated request schemas carry these (zod's toJSONSchema); the validator ignored them
  // until 2026-12-03, so a cassette's `amount=-5000` or `limit=0` passed.
  it('checks minimum, maximum, minLength, pattern and format: decimal, in JSON and on form text', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        amount: { type: 'integer' as const, minimum: 0, maximum: 100 },
        code: { type: 'string' as const, minLength: 2, pattern: '^[a-z]+$' },
        quantity: { type: 'string' as const, format: 'decimal' },
      },
    };
    const messages = (value: unknown, mode: 'json' | 'form' = 'json') =>
      validateOpenApiSchema(document, schema, value, { mode }).map(
        (issue) => `${issue.path} ${issue.message}`,
      );
    expect(messages({ amount: 0, code: 'ab', quantity: '1.25' })).toEqual([]);
    expect(messages({ amount: 100, code: 'abc', quantity: '-3' })).toEqual([]);
    expect(messages({ amount: -1, code: 'a', quantity: '1e3' })).toEqual([
      'amount less than 0',
      'code shorter than 2',
      'quantity not a decimal string: "1e3"',
    ]);
    expect(messages({ amount: 101, code: 'AB', quantity: 'abc' })).toEqual([
      'amount more than 100',
      'code does not match ^[a-z]+$',
      'quantity not a decimal string: "abc"',
    ]);
    expect(messages({ amount: '-5000' }, 'form')).toEqual(['amount less than 0']);
    expect(messages({ amount: '50' }, 'form')).toEqual([]);
  });
  it('takes any value of an enum marked x-stripeBypassValidation (Stripe does not enforce its list)', () => {
    const listed = { type: 'string' as const, enum: ['card', 'ideal'] };
    expect(validateOpenApiSchema(document, listed, 'sofort')).toHaveLength(1);
    expect(
      validateOpenApiSchema(document, { ...listed, 'x-stripeBypassValidation': true }, 'sofort'),
    ).toEqual([]);
    expect(validateOpenApiSchema(document, { ...listed, 'x-stripeBypassValidation': true }, 3)).toHaveLength(
      1,
    );
  });
  it("reads only the schema's own properties: a key named like an Object.prototype member is judged as unknown", () => {
    const closed = {
      type: 'object' as const,
      additionalProperties: false,
      required: ['toString'],
      properties: { id: { type: 'string' as const } },
    };
    expect(validateOpenApiSchema(document, closed, { id: 'x', constructor: 1, toString: 2 })).toEqual([
      { path: 'constructor', message: 'is not a known parameter/property' },
      { path: 'toString', message: 'is not a known parameter/property' },
    ]);
    expect(validateOpenApiSchema(document, closed, { id: 'x' })).toEqual([
      { path: 'toString', message: 'is required' },
    ]);
    const picked = {
      type: 'object' as const,
      discriminator: { propertyName: 'type', mapping: { thing: '#/components/schemas/owner' } },
    };
    expect(validateOpenApiSchema(document, picked, { type: 'constructor' })).toEqual([
      { path: '(root)', message: 'no schema for type "constructor"' },
    ]);
  });
  it('throws on an unresolved $ref', () => {
    expect(() => validateOpenApiSchema(document, { $ref: '#/components/schemas/nope' }, {})).toThrow(
      /unresolved/,
    );
  });
});

describe('validateOpenApiExchange', () => {
  const ok = { id: 't', status: 'void' };
  it('finds no operation for a method named like an Object.prototype member', () => {
    expect(findOpenApiOperation(document, 'constructor', '/v1/things')).toBeUndefined();
    expect(
      validateOpenApiExchange(document, { method: 'constructor', path: '/v1/things', status: 200 }),
    ).toEqual([{ path: 'CONSTRUCTOR /v1/things', message: 'no such operation in the spec' }]);
  });
  it('prefers literal path segments and matches templates', () => {
    expect(findOpenApiOperation(document, 'POST', '/v1/things/preview/void')?.template).toBe(
      '/v1/things/preview/void',
    );
    expect(findOpenApiOperation(document, 'POST', '/v1/things/t_1/void')?.template).toBe(
      '/v1/things/{id}/void',
    );
    expect(findOpenApiOperation(document, 'DELETE', '/v1/things/t_1/void')).toBeUndefined();
  });
  it('finds a path added to a document after it was first used (its index is made again)', () => {
    const growing: OpenApiDocument = structuredClone(document);
    expect(findOpenApiOperation(growing, 'POST', '/v1/things/t_1/refund')).toBeUndefined();
    growing.paths['/v1/things/{id}/refund'] = { post: growing.paths['/v1/things/{id}/void']!.post! };
    expect(findOpenApiOperation(growing, 'POST', '/v1/things/t_1/refund')?.template).toBe(
      '/v1/things/{id}/refund',
    );
    delete growing.paths['/v1/things/{id}/refund'];
    expect(findOpenApiOperation(growing, 'POST', '/v1/things/t_1/refund')).toBeUndefined();
  });
  it('accepts a valid exchange', () => {
    expect(
      validateOpenApiExchange(document, {
        method: 'POST',
        path: '/v1/things/t_1/void',
        body: { 'expand[0]': 'owner', amount: '10', flag: 'true', 'metadata[a]': 'b' },
        status: 200,
        responseBody: ok,
      }),
    ).toEqual([]);
  });
  it('refuses an unknown body parameter, unless explicitly allowed', () => {
    const exchange = {
      method: 'POST',
      path: '/v1/things/t_1/void',
      body: { surprise: 'x' },
      status: 200,
      responseBody: ok,
    };
    expect(validateOpenApiExchange(document, exchange)).toEqual([
      { path: 'POST /v1/things/{id}/void body surprise', message: 'is not a known parameter/property' },
    ]);
    expect(
      validateOpenApiExchange(document, exchange, {
        extraRequestProperties: { 'POST /v1/things/{id}/void': { surprise: { type: 'string' } } },
      }),
    ).toEqual([]);
  });
  it('checks query parameters, required ones and error responses', () => {
    const issues = validateOpenApiExchange(document, {
      method: 'GET',
      path: '/v1/things?limit=ten&other=1',
      status: 400,
      responseBody: { nope: true },
    });
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'GET /v1/things query limit: expected integer, got "ten"',
      'GET /v1/things query other: is not a known parameter/property',
      'GET /v1/things query owner: is required',
      'GET /v1/things response error: is required',
    ]);
  });
  it('refuses a body on an operation that takes none', () => {
    expect(
      validateOpenApiExchange(document, {
        method: 'POST',
        path: '/v1/things/preview/void',
        body: { a: '1' },
        status: 200,
        responseBody: {},
      }),
    ).toEqual([{ path: 'POST /v1/things/preview/void body', message: 'the operation takes no body' }]);
  });
});
