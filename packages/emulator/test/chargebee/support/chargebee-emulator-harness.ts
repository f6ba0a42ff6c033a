/**
 * A Chargebee emulator on 127.0.0.1 for tests, and the check every answer it gives is held to: the
 * generated Chargebee v2 schemas (test/spec-data/chargebee, departures applied), by the status
 * answered. Every response the server writes is captured by a hook on the server itself, so
 * answers the SDK sees and raw `fetch` answers are checked alike (`assertAnswersValid`).
 */
import type { ServerResponse } from 'node:http';
import Chargebee from 'chargebee';
import { providerSchemaFor } from '../../../../../test/schemas/provider-schemas.js';
import {
  findOpenApiOperation,
  type SchemaIssue,
  validateOpenApiSchema,
} from '../../../../testing/src/openapi/index.js';
import {
  type ChargebeeDialectOptions,
  createChargebeeDialect,
  createEmulatorClock,
  createEmulatorServer,
  createWebhookSender,
  STRIPE_DEFAULT_VERSION,
} from '../../../src/index.js';

export interface CapturedAnswer {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

/** Issues of one answer against the schema of its operation and status (none: it is Chargebee's). */
export function chargebeeAnswerIssues(answer: CapturedAnswer): SchemaIssue[] {
  const { document } = providerSchemaFor('chargebee', 'v2');
  const path = answer.url.split('?')[0]!;
  const found = findOpenApiOperation(document, answer.method, path);
  let body = answer.body as Record<string, unknown>;
  let status = answer.status;
  if (status >= 400 && body && typeof body === 'object') {
    // The emulator's own 400 code (DESIGN §14): otherwise exactly Chargebee's 400 body.
    if (status === 400 && body.api_error_code === 'emulator_unsupported') {
      body = { ...body, api_error_code: 'invalid_request', error_code: 'invalid_request' };
    }
    // No schema has a 413 (a body over the emulator's limit): the same error shape as a 400.
    if (status === 413) {
      body = { ...body, http_status_code: 400 };
      status = 400;
    }
  }
  const schema =
    found?.operation.responses[String(status)] ??
    (status >= 400 ? { $ref: `#/components/schemas/ChargebeeError.${status}` } : undefined);
  if (!schema || (schema.$ref && !document.components.schemas[schema.$ref.split('/').at(-1)!])) {
    return [{ path: `${answer.method} ${path}`, message: `no schema for status ${status}` }];
  }
  return validateOpenApiSchema(document, schema, body, { path: `${answer.method} ${path} ${status}` });
}

export async function startChargebeeEmulator(
  options: Omit<ChargebeeDialectOptions, 'clock'> & {
    maxBodyBytes?: number;
    /** Deliver every change to this URL (its `user:password@` the Basic auth), as `startEmulator` does. */
    webhookUrl?: string;
  } = {},
) {
  const { maxBodyBytes, webhookUrl, ...dialectOptions } = options;
  const clock = createEmulatorClock();
  const dialect = createChargebeeDialect({ ...dialectOptions, clock });
  const sender = webhookUrl
    ? createWebhookSender({ url: webhookUrl, stripeApiVersion: STRIPE_DEFAULT_VERSION })
    : undefined;
  const server = await createEmulatorServer({
    host: '127.0.0.1',
    port: 0,
    dialects: [dialect],
    clock,
    ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
    ...(sender
      ? {
          onStateCreated: sender.onStateCreated,
          afterMutation: (each: typeof dialect, account: string) => sender.afterMutation(each, account),
        }
      : {}),
  });
  const answers: CapturedAnswer[] = [];
  server.server.prependListener('request', (request, response: ServerResponse) => {
    if ((request.url ?? '').startsWith('/_emulator/')) return;
    const end = response.end.bind(response);
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      let body: unknown = null;
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        try {
          body = JSON.parse(String(chunk));
        } catch {
          body = String(chunk);
        }
      }
      answers.push({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        status: response.statusCode,
        body,
      });
      return end(chunk as never, ...(rest as never[]));
    }) as typeof response.end;
  });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    dialect,
    clock,
    server,
    base,
    answers,
    /** A chargebee v3 client for this emulator (retries off, as billbridge uses it). */
    chargebee(apiKey = 'test_emulatorKey') {
      return new Chargebee({
        site: '127.0.0.1',
        hostSuffix: '',
        protocol: 'http',
        port: server.port,
        apiKey,
        retryConfig: { enabled: false },
      });
    },
    async control(method: string, path: string, body?: unknown) {
      const response = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async snapshot(site = dialect.defaultSite) {
      return (await this.control('GET', `/_emulator/state/chargebee/${site}`)).body.data;
    },
    /** Fails on the first captured answer that is not Chargebee's, then forgets them. */
    assertAnswersValid() {
      const issues = answers.flatMap(chargebeeAnswerIssues);
      const count = answers.length;
      answers.length = 0;
      if (issues.length > 0) {
        throw new Error(
          `emulator answers off the Chargebee schemas:\n${JSON.stringify(issues.slice(0, 10), null, 2)}`,
        );
      }
      return count;
    },
    /** Resolves once every webhook queued so far was delivered or given up. */
    webhooksIdle: () => sender?.idle() ?? Promise.resolve(),
    close: () => {
      sender?.close();
      return server.close();
    },
  };
}

export type ChargebeeEmulatorHarness = Awaited<ReturnType<typeof startChargebeeEmulator>>;

/** Basic auth as chargebee-node sends it. */
export function basicAuth(apiKey = 'test_emulatorKey'): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}
