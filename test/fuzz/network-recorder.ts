import nock from 'nock';

export interface NetworkRecorder {
  /** Every request that reached an interceptor or was refused for want of one. */
  reached: string[];
  stop(): void;
}

/**
 * Net connect off, and catch-all interceptors on the given origins that record whatever reaches
 * them (and answer 500, so a request that slipped through could not look like a success). Requests
 * to any other host are recorded from nock's 'no match' event.
 */
export function recordNetwork(origins: readonly string[]): NetworkRecorder {
  nock.disableNetConnect();
  const reached: string[] = [];
  for (const origin of origins) {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      nock(origin)
        .persist()
        .intercept(() => true, method)
        .reply((path) => {
          reached.push(`${method} ${origin}${path}`);
          return [500, JSON.stringify({ error: { type: 'api_error', message: 'should never be reached' } })];
        });
    }
  }
  const onNoMatch = (request: {
    method?: string;
    path?: string;
    host?: string;
    options?: { method?: string; host?: string; path?: string };
  }) => {
    reached.push(
      `${request.method ?? request.options?.method} ${request.host ?? request.options?.host ?? ''}${request.path ?? request.options?.path}`,
    );
  };
  nock.emitter.on('no match', onNoMatch);
  return {
    reached,
    stop() {
      nock.emitter.removeListener('no match', onNoMatch);
      nock.cleanAll();
    },
  };
}
