import { type CassetteInteraction, SAME_VALUE_PREFIX } from './cassette.js';
import {
  type DecodedBody,
  decodeRequestBody,
  expectedBody,
  formatPairs,
  queryPairs,
  samePairs,
} from './request-pairs.js';

/** What the matcher needs of a request as it reached the (intercepted) network. */
export interface ComparedRequest {
  path: string;
  headers: Record<string, string>;
  rawBody: string;
}

function describeBody(body: DecodedBody): string {
  return body.encoding === 'none' ? '(none)' : `${formatPairs(body.pairs)} (${body.encoding})`;
}

/**
 * The ways a request differs from the interaction that answered it: its query (flat decoded pairs,
 * in any order, repeats kept: `a.b=1` is not `a[b]=1`), its body (decoded pairs of the same
 * encoding: a JSON body does not match a form body, `tags=a&tags=b` does not match `tags=a,b`)
 * and the headers the interaction asks for.
 */
export function compareRequest(
  expected: CassetteInteraction,
  actual: ComparedRequest,
  index: number,
  /** The values `*same:` labels took so far in this playback (label → value). */
  sameValues: Map<string, string> = new Map(),
): string[] {
  const problems: string[] = [];
  const where = `interaction ${index} ${expected.request.method} ${expected.request.path}`;
  const wantedQuery = queryPairs(expected.request.path);
  const gotQuery = queryPairs(actual.path);
  if (!samePairs(gotQuery, wantedQuery)) {
    problems.push(`${where}: query ${formatPairs(gotQuery)} !== expected ${formatPairs(wantedQuery)}`);
  }
  const got = decodeRequestBody(actual.rawBody, actual.headers['content-type']);
  const wanted = expectedBody(expected.request);
  if (got.problem !== undefined) {
    problems.push(`${where}: body ${got.problem} (${JSON.stringify(actual.rawBody.slice(0, 200))})`);
  } else if (
    !samePairs(got.pairs, wanted.pairs) ||
    (got.encoding !== wanted.encoding && got.encoding !== 'none' && wanted.encoding !== 'none')
  ) {
    problems.push(`${where}: body ${describeBody(got)} !== expected ${describeBody(wanted)}`);
  }
  for (const [name, value] of Object.entries(expected.request.headers ?? {})) {
    const header = actual.headers[name.toLowerCase()];
    if (header !== undefined && value.startsWith(SAME_VALUE_PREFIX)) {
      const problem = sameValueProblem(sameValues, value.slice(SAME_VALUE_PREFIX.length), header);
      if (problem) problems.push(`interaction ${index}: header ${name} ${problem}`);
      continue;
    }
    if (header === undefined || (value !== '*' && header !== value)) {
      problems.push(
        `interaction ${index}: header ${name} was ${JSON.stringify(header)}, expected ${JSON.stringify(value)}`,
      );
    }
  }
  return problems;
}

/**
 * Binds `label` to `value` the first time it is seen; afterwards the same label must carry the same
 * value, and no other label may carry it. The values are not shown (they may be secrets).
 */
function sameValueProblem(sameValues: Map<string, string>, label: string, value: string): string | undefined {
  const bound = sameValues.get(label);
  if (bound !== undefined) {
    return bound === value
      ? undefined
      : `differs from the value it had before as ${label} (the recording sent one value)`;
  }
  for (const [other, otherValue] of sameValues) {
    if (otherValue === value)
      return `repeats the value of ${other}, where the recording sent a new one as ${label}`;
  }
  sameValues.set(label, value);
  return undefined;
}
