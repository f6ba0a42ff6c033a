import type { HttpClientInterface } from 'chargebee';

/**
 * The transport billbridge gives the Chargebee clients it makes: `fetch`, with a timeout that fires
 * whatever undici does.
 *
 * chargebee-node's own client (`FetchHttpClient`) times a request out by aborting
 * `fetch(new Request(request, { signal }))`. In Node 20's undici a `Request` made from another
 * follows its signal through a `WeakRef`: once a garbage collection has run, the abort no longer
 * reaches the fetch, and the call waits for the answer however long it takes (nodejs/undici#4068,
 * nodejs/node#55428; a fix is proposed in nodejs/undici#4984). billbridge's fault matrix caught it:
 * the SDK's timer fired at 401 ms and the void's fetch resolved at 2 517 ms, with the answer the
 * timeout should have given up on (test/reliability, "response slower than the 400 ms timeout").
 *
 * Here the fetch races a timer of its own: at `timeout` the call rejects with the error
 * chargebee-node rejects with on a timeout (`type: 'timeout'`, status 504), and the fetch is aborted
 * as well, so its socket is freed as soon as the abort arrives; an answer that comes anyway is
 * dropped (its body cancelled). The timer runs until the body is read: an answer whose headers
 * arrive in time and whose body then stalls rejects the SDK's `response.json()` with the same
 * timeout error at `timeout` (until 2026-12-07 the timer stopped at the headers and such a void
 * waited without limit).
 */
export function createTimedFetchClient(): HttpClientInterface {
  return {
    makeApiRequest(request, timeout) {
      return new Promise<Response>((resolve, reject) => {
        const controller = new AbortController();
        let timedOut = false;
        // Set once the headers are in: where the timeout goes while the body is read.
        let rejectBody: ((error: Error) => void) | undefined;
        const timer = setTimeout(() => {
          timedOut = true;
          const error = timeoutError();
          if (rejectBody) rejectBody(error);
          else reject(error);
          controller.abort();
        }, timeout);
        fetch(request, { signal: controller.signal }).then(
          (response) => {
            if (timedOut) {
              response.body?.cancel().catch(() => {});
              return;
            }
            // chargebee-node reads every answer but a 204 with `json()` (coreCommon.js, handleResponse).
            if (response.status === 204 || response.body === null) {
              clearTimeout(timer);
              resolve(response);
              return;
            }
            const readJson = response.json.bind(response);
            const timedJson = () =>
              new Promise((resolveBody, rejectBodyNow) => {
                rejectBody = rejectBodyNow;
                readJson().then(
                  (value: unknown) => {
                    clearTimeout(timer);
                    resolveBody(value);
                  },
                  (error: unknown) => {
                    clearTimeout(timer);
                    rejectBodyNow(timedOut ? timeoutError() : error);
                  },
                );
              });
            // An own property shadows `Response.prototype.json` for this answer only.
            Object.defineProperty(response, 'json', { value: timedJson });
            resolve(response);
          },
          (error: unknown) => {
            if (timedOut) return;
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    },
  };
}

/** What chargebee-node's `HttpClient.timeOutError()` makes (not exported by the package). */
function timeoutError(): Error {
  return Object.assign(new Error('io_error'), {
    type: 'timeout',
    api_error_code: 'request aborted due to timeout.',
    error_code: 'request aborted due to timeout.',
    http_status_code: 504,
    http_code: 504,
    headers: null,
  });
}
