import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Cassette, type CassetteRequest, decodeBody } from '@billbridge/testing';
import { rewriteCassetteIds } from './rewrite-cassette-ids.js';

/** A request as the fake received it. */
export interface FakeRequest {
  method: string;
  path: string;
  body: Record<string, string>;
  authorization: string | undefined;
}

/** What the fake answers. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** An object the fake made, by kind (`invoice`, `customer`, …) and id. */
export interface FakeObject {
  kind: string;
  id: string;
  data: Record<string, unknown>;
}

/** The objects the fake made for one scenario, in order. */
export interface FakeStore {
  get(id: string): FakeObject | undefined;
  /** Stores a new object; its id is `data.id` when the caller chose one, else a fresh one. */
  create(kind: string, data: Record<string, unknown>): FakeObject;
}

/** What a provider's fake knows: its setup endpoints, where its documented answers keep ids, its id shapes. */
export interface FakeProviderApi {
  /** Answers a setup request as the provider would, making objects with fresh ids in `store`. */
  answerSetup(request: FakeRequest, store: FakeStore): FakeAnswer;
  /** The ids of the provider's objects in a documented answer, with their kind. */
  findIds(body: unknown): { kind: string; id: string }[];
  /** A fresh id of `kind`, the `sequence`-th the fake makes. */
  mintId(kind: string, sequence: number): string;
  /** Kinds of object the recorded calls can create (credit notes); they get fresh ids. */
  createdByCalls: readonly string[];
}

export interface LoopbackProviderFake {
  /** Setup requests (the raw SDK) go here. */
  setupPort: number;
  /** The recorded billbridge calls go here; they are answered from the cassette given to `play`. */
  recordPort: number;
  /** Starts a scenario: forgets every object and answers recorded calls like `documented`. */
  play(documented: Cassette): void;
  /** Whether the fake made an object with this id since `play` (in setup or for a recorded call). */
  made(id: string): boolean;
  /** Requests received since `play`, per port. */
  readonly received: { setup: FakeRequest[]; record: FakeRequest[] };
  /** What did not go as the documented cassette says (an unexpected request, a body that differs). */
  readonly problems: string[];
  close(): Promise<void>;
}

/** Headers a careless provider might send back; the scrubber must drop them all. */
export interface FakeLeaks {
  headers: Record<string, string>;
}

/** The request as the fake keeps it: method, path with query, decoded form body, credentials. */
function receive(request: IncomingMessage): Promise<FakeRequest> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () =>
      resolve({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        body: decodeBody(body),
        authorization: request.headers.authorization,
      }),
    );
    request.on('error', reject);
  });
}

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  response.writeHead(status, {
    ...(typeof body === 'string' ? {} : { 'content-type': 'application/json' }),
    ...headers,
  });
  response.end(text);
}

/** Path segments and query values, to line an actual request up with a documented one. */
function requestValues(path: string, body: Record<string, string> | null | undefined): Map<string, string> {
  const [pathname = '', query = ''] = path.split('?');
  const values = new Map<string, string>();
  for (const [index, segment] of pathname.split('/').entries())
    values.set(`segment ${index}`, decodeURIComponent(segment));
  for (const [key, value] of new URLSearchParams(query)) values.set(`query ${key}`, value);
  for (const [key, value] of Object.entries(body ?? {})) values.set(`body ${key}`, value);
  return values;
}

/**
 * A provider on 127.0.0.1, for testing record mode without a network. Setup requests (the raw SDK)
 * are answered by `api`, which makes objects with fresh ids. Recorded calls are answered from the
 * documented cassette, in order, with its ids replaced by the fake's own: an id in the documented
 * request is paired with the one the caller sent (which must be one the fake made), an id only in
 * the documented answer with an object of the same kind the setup made, or a fresh one (an object
 * a call creates). The recording must then map those fresh ids back to the documented ones.
 */
export async function createLoopbackProviderFake(
  api: FakeProviderApi,
  leaks: FakeLeaks,
): Promise<LoopbackProviderFake> {
  let documented: Cassette | undefined;
  let next = 0;
  let sequence = 0;
  const objects = new Map<string, FakeObject>();
  /** Documented id → the fake's id. */
  const pairs = new Map<string, string>();
  const received = { setup: [] as FakeRequest[], record: [] as FakeRequest[] };
  const problems: string[] = [];

  const store: FakeStore = {
    get: (id) => objects.get(id),
    create(kind, data) {
      const id = typeof data.id === 'string' ? data.id : api.mintId(kind, ++sequence);
      const object: FakeObject = { kind, id, data: { ...data, id } };
      objects.set(id, object);
      return object;
    },
  };

  const pair = (documentedId: string, fakeId: string, where: string) => {
    const known = pairs.get(documentedId);
    if (known !== undefined && known !== fakeId)
      problems.push(`${where}: ${documentedId} was ${known} before, now ${fakeId}`);
    pairs.set(documentedId, fakeId);
  };

  /** Lines the actual request up with the documented one; differing values must be the fake's ids. */
  const learn = (expected: CassetteRequest, actual: FakeRequest, where: string) => {
    if (expected.method.toUpperCase() !== actual.method)
      problems.push(`${where}: method ${actual.method}, documented ${expected.method}`);
    const want = requestValues(expected.path, expected.body);
    const got = requestValues(actual.path, actual.body);
    for (const key of new Set([...want.keys(), ...got.keys()])) {
      const documentedValue = want.get(key);
      const actualValue = got.get(key);
      if (documentedValue === actualValue) continue;
      if (documentedValue !== undefined && actualValue !== undefined && objects.has(actualValue))
        pair(documentedValue, actualValue, where);
      else
        problems.push(
          `${where}: ${key} is ${JSON.stringify(actualValue)}, documented ${JSON.stringify(documentedValue)}`,
        );
    }
  };

  /**
   * The fake's counterpart of a documented id met only in an answer: an object of that kind the
   * setup made, a fresh one when the calls create that kind, else the documented id itself (an
   * object the setup does not make, such as the subscription some documented invoices name).
   */
  const counterpart = (kind: string, documentedId: string): string => {
    const taken = new Set(pairs.values());
    const made = [...objects.values()].find((object) => object.kind === kind && !taken.has(object.id));
    if (made) return made.id;
    return api.createdByCalls.includes(kind) ? store.create(kind, {}).id : documentedId;
  };

  const setupServer = await listen(async (request, response) => {
    const setupRequest = await receive(request);
    received.setup.push(setupRequest);
    const answer = api.answerSetup(setupRequest, store);
    send(response, answer.status, answer.body);
  });

  const recordServer = await listen(async (request, response) => {
    const actual = await receive(request);
    received.record.push(actual);
    const interaction = documented?.interactions[next];
    const where = `recorded request ${next} (${actual.method} ${actual.path})`;
    next++;
    if (documented === undefined || interaction === undefined) {
      problems.push(`${where}: the documented cassette has no more interactions`);
      send(response, 500, { error: 'unexpected request' });
      return;
    }
    learn(interaction.request, actual, where);
    for (const { kind, id } of api.findIds(interaction.response.body)) {
      if (!pairs.has(id)) pair(id, counterpart(kind, id), where);
    }
    const translated = rewriteCassetteIds(
      { meta: documented.meta, interactions: [interaction] },
      Object.fromEntries(pairs),
    ).interactions[0]!.response;
    send(response, translated.status, translated.body, { ...translated.headers, ...leaks.headers });
  });

  const portOf = (server: Server) => (server.address() as AddressInfo).port;
  return {
    setupPort: portOf(setupServer),
    recordPort: portOf(recordServer),
    received,
    problems,
    made: (id) => objects.has(id),
    play(cassette) {
      documented = cassette;
      next = 0;
      objects.clear();
      pairs.clear();
      received.setup.length = 0;
      received.record.length = 0;
      problems.length = 0;
    },
    async close() {
      await Promise.all(
        [setupServer, recordServer].map((server) => new Promise((resolve) => server.close(resolve))),
      );
    },
  };
}
