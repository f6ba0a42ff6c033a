import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';

/**
 * Setup file of the test runner's `nock` project (vitest.config.ts): the files that intercept HTTP
 * with nock share a worker's module cache, so each starts from the state a fresh process has (nock
 * active, no interceptors, real connections allowed until the file disables them) and leaves none
 * of its own behind for the next file.
 */
function reset() {
  nock.recorder.clear();
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
  nock.emitter.removeAllListeners();
}

beforeAll(() => {
  reset();
  if (!nock.isActive()) nock.activate();
});
afterAll(reset);
