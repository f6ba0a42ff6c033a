import { assertCassetteShape, type Cassette, decodeBody, readCassette } from './cassette.js';
import { compareRequest } from './compare-request.js';
import { loadNock } from './load-nock.js';
import { pathnameOf } from './request-pairs.js';

/** A request as it reached the (intercepted) network. */
export interface InterceptedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, string>;
  rawBody: string;
}

/**
 * A cassette being played over nock: the requests seen, the problems found, and the check that every
 * interaction was used exactly once.
 */
export interface CassettePlayer {
  cassette: Cassette;
  /** Every request that reached the interceptors, in order (matched or not). */
  requests: InterceptedRequest[];
  /** Body or header mismatches and requests nothing in the cassette answered. */
  problems: string[];
  /** Throws unless every interaction was used exactly once and nothing else was asked. */
  assertDone(): void;
  /** Removes this cassette's interceptors. */
  stop(): void;
}

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Plays a cassette through nock: one interceptor per interaction, used in order and once each.
 * Request bodies are compared exactly (decoded form fields), so a parameter sent or left out by
 * mistake is a failure. Net connect must already be disabled (`nock.disableNetConnect()`).
 */
export function playCassette(source: string | Cassette): CassettePlayer {
  const nock = loadNock();
  const cassette = typeof source === 'string' ? readCassette(source) : source;
  // A cassette given as an object is checked as a file is: a response without an integer status
  // played as a client error ("Invalid undefined value for status code") and the cassette passed.
  if (typeof source !== 'string') assertCassetteShape(cassette, cassette.meta?.description ?? 'cassette');
  const requests: InterceptedRequest[] = [];
  const problems: string[] = [];
  const used = new Set<number>();
  /** Each interceptor's interaction, so the scope's 'request' event knows which one answered. */
  const interactionOf = new Map<object, number>();
  const use = (index: number) => {
    // In order: nock picks an interceptor by path, so a request that skipped ahead would be
    // answered by a later interaction of another path. Every earlier one must have been used.
    const skipped = cassette.interactions.findIndex((_, earlier) => earlier < index && !used.has(earlier));
    if (skipped !== -1) {
      const expected = cassette.interactions[skipped]!.request;
      problems.push(
        `interaction ${index} was requested before interaction ${skipped} (${expected.method} ${expected.path}): out of order`,
      );
    }
    used.add(index);
  };
  // What each `*same:` label of the cassette's headers was bound to in this playback.
  const sameValues = new Map<string, string>();
  const scope = nock(cassette.meta.origin);
  cassette.interactions.forEach((interaction, index) => {
    const { request, response } = interaction;
    // The path alone: nock's own query matching reads brackets as nesting (`a[b]=1` matched
    // `a.b=1`); the query is compared as flat decoded pairs by compareRequest, like the body.
    const interceptor = scope.intercept(pathnameOf(request.path), request.method.toUpperCase()).query(true);
    interactionOf.set(interceptor, index);
    const delayed = response.delayMs ? interceptor.delay(response.delayMs) : interceptor;
    if (response.networkError) {
      // An Error, not a `{ code, message }` object: nock 14 passes a plain object to
      // @mswjs/interceptors as if it were a response, which fetch survives but `http` (stripe-node's
      // client) does not: the request hung and a TypeError escaped (`Reflect.has called on non-object`).
      const error = Object.assign(new Error(`socket ${response.networkError}`), {
        code: response.networkError,
      });
      delayed.replyWithError(error);
      return;
    }
    // A fixed reply, not a callback: nock JSON.parses the body for a callback when the request says
    // JSON, and a body that is not JSON threw out of nock and hung the request. Every request is
    // recorded and compared in the scope's 'request' event below, from its raw body.
    const payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? {});
    delayed.reply(response.status, payload, {
      ...(typeof response.body === 'string' ? {} : { 'content-type': 'application/json' }),
      ...(response.headers ?? {}),
    });
  });
  scope.on(
    'request',
    (
      request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
      interceptor: { reqheaders?: unknown; _key?: string },
      body: string,
    ) => {
      // Emitted before nock answers (or fails the connection), with the interceptor that matched:
      // the request is recorded against that interceptor's interaction only.
      const index = interactionOf.get(interceptor) ?? -1;
      if (index === -1 || used.has(index)) return;
      const interaction = cassette.interactions[index]!;
      use(index);
      // Nothing may throw out of here: it would escape into nock and leave the request hanging.
      try {
        const actual: InterceptedRequest = {
          method: request.method,
          path: request.path,
          headers: headerRecord(request.headers),
          body: decodeBody(body),
          rawBody: body ?? '',
        };
        requests.push(actual);
        problems.push(...compareRequest(interaction, actual, index, sameValues));
      } catch (error) {
        problems.push(`interaction ${index}: the request could not be read (${(error as Error).message})`);
      }
    },
  );
  const onNoMatch = (request: {
    method?: string;
    path?: string;
    options?: { method?: string; path?: string };
  }) => {
    const method = request.method ?? request.options?.method ?? '?';
    const path = request.path ?? request.options?.path ?? '?';
    problems.push(`no interaction in the cassette answers ${method} ${path}`);
  };
  nock.emitter.on('no match', onNoMatch);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    nock.emitter.removeListener('no match', onNoMatch);
    scope.removeAllListeners('request');
    nock.cleanAll();
  };
  return {
    cassette,
    requests,
    problems,
    stop,
    assertDone() {
      const unused = cassette.interactions
        .map((interaction, index) => ({ interaction, index }))
        .filter(({ index }) => !used.has(index))
        .map(
          ({ interaction, index }) =>
            `interaction ${index} (${interaction.request.method} ${interaction.request.path}) was never requested`,
        );
      const all = [...problems, ...unused];
      if (all.length)
        throw new Error(
          `cassette ${cassette.meta.description ?? cassette.meta.origin}:\n- ${all.join('\n- ')}`,
        );
    },
  };
}

/** Plays a cassette around `run`, then asserts every interaction was used and nothing else was asked. */
export async function withCassette<T>(
  source: string | Cassette,
  run: (player: CassettePlayer) => Promise<T>,
): Promise<T> {
  const player = playCassette(source);
  try {
    let result: T;
    try {
      result = await run(player);
    } catch (error) {
      // A rejection the test expects must not hide a wrong or missing request: the cassette is
      // checked all the same, and its problems win (with the rejection as their cause).
      try {
        player.assertDone();
      } catch (problems) {
        throw new Error((problems as Error).message, { cause: error });
      }
      throw error;
    }
    player.assertDone();
    return result;
  } finally {
    player.stop();
  }
}
