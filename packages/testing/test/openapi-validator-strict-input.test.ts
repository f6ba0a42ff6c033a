import { describe, expect, it } from 'vitest';
import {
  decodeFormParams,
  FormParamsError,
  type OpenApiDocument,
  validateOpenApiExchange,
} from '../src/openapi/index.js';

const document: OpenApiDocument = {
  paths: {
    '/v1/invoices/{id}/void': {
      post: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          schema: {
            type: 'object',
            additionalProperties: false,
            properties: {
              expand: { type: 'array', items: { type: 'string' } },
              amount: { type: 'number' },
              metadata: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
        responses: { '200': { type: 'object' } },
      },
    },
  },
  components: { schemas: {} },
};

const issuesOf = (body: Record<string, string>, path = '/v1/invoices/in_1/void') =>
  validateOpenApiExchange(document, { method: 'POST', path, body, status: 200, responseBody: {} }).map(
    (issue) => `${issue.path}: ${issue.message}`,
  );

describe('validateOpenApiExchange refuses what it let pass (review of the testing package)', () => {
  it('a non-index key on an array (expand[foo] beside expand[0]) is an issue', () => {
    expect(issuesOf({ 'expand[0]': 'x', 'expand[foo]': 'y' })).toEqual([
      'POST /v1/invoices/{id}/void body: "expand[foo]": "expand" is an array (other fields index it), not an object with the key "foo"',
    ]);
    expect(() => decodeFormParams({ 'expand[0]': 'x', 'expand[foo]': 'y' })).toThrow(FormParamsError);
  });

  it.each(['0x10', '1e3', ' 5 ', '5 ', '+5', '.5', 'Infinity'])(
    'a form number %j is not a number',
    (amount) => {
      expect(issuesOf({ amount })).toEqual([
        `POST /v1/invoices/{id}/void body amount: expected number, got ${JSON.stringify(amount)}`,
      ]);
    },
  );

  it.each(['5', '-5', '12.50', '0'])('a form number %j still is one', (amount) => {
    expect(issuesOf({ amount })).toEqual([]);
  });

  it('an empty path segment does not match a {parameter}', () => {
    expect(issuesOf({}, '/v1/invoices//void')).toEqual([
      'POST /v1/invoices//void: no such operation in the spec',
    ]);
  });
});

describe('decodeFormParams: fields that clash are a FormParamsError naming them, not a TypeError', () => {
  it.each([[{ 'metadata[a]': '1', 'metadata[a][b]': '2' }], [{ 'metadata[a][b]': '2', 'metadata[a]': '1' }]])(
    '%j',
    (fields) => {
      expect(() => decodeFormParams(fields)).toThrow(FormParamsError);
      expect(() => decodeFormParams(fields)).toThrow(
        /"metadata\[a\]" is given both a value and nested fields/,
      );
      expect(issuesOf(fields)).toEqual([
        expect.stringMatching(/^POST \/v1\/invoices\/\{id\}\/void body: .*both a value and nested fields$/),
      ]);
    },
  );
});
