import { createRequire } from 'node:module';
import type nockModule from 'nock';
import { afterAll, beforeAll, expect, inject } from 'vitest';

/**
 * Setup file of the test runner's `shared` project (vitest.config.ts), run before each test file.
 * Files of that project share a worker's module cache and run one after another in it, and nock,
 * once loaded, patches `http` and `fetch` for the whole worker. So:
 * - a file that intercepts HTTP with nock (`inject('nockFiles')`, found by the config from the
 *   import graph) starts from the state a fresh process has after `import nock` (nock active, no
 *   interceptors, real connections allowed until the file disables them), and when it ends its
 *   interceptors are cleared and nock is taken out of `http` again (`nock.restore()`);
 * - every other file starts with `http` as Node has it, even after a nock file whose `afterAll`
 *   did not run.
 * `nock.restore()` disposes its interceptors (their listeners too) and `activate()` applies them
 * again, the cycle nock documents for turning it off and on.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The nock files, absolute paths (vitest.config.ts). */
    nockFiles: string[];
  }
}

type Nock = typeof nockModule;
const require = createRequire(import.meta.url);

function reset(nock: Nock) {
  nock.recorder.clear();
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
  nock.emitter.removeAllListeners();
}

/** Whether some earlier file of this worker loaded nock (asked without loading it). */
const nockLoaded = () => require.cache[require.resolve('nock')] !== undefined;
// As the test files import it (the same module instance: nock is CommonJS, loaded once per worker).
const importNock = async (): Promise<Nock> => (await import('nock')).default;

const testPath = expect.getState().testPath;
const usesNock = testPath !== undefined && inject('nockFiles').includes(testPath);

if (usesNock) {
  const nock = await importNock();
  beforeAll(() => {
    reset(nock);
    if (!nock.isActive()) nock.activate();
  });
  afterAll(() => {
    reset(nock);
    nock.restore();
  });
} else if (nockLoaded()) {
  const nock = await importNock();
  if (nock.isActive()) {
    reset(nock);
    nock.restore();
  }
}
