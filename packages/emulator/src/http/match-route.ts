import type { EmulatorRoute } from './emulator-exchange.js';

/** A route table compiled once: each pattern split into literal and `:param` segments. */
export interface RouteTable<State> {
  /** The route for `method path` and its path parameters, or why there is none. */
  match(
    method: string,
    path: string,
  ):
    | { route: EmulatorRoute<State>; params: Record<string, string> }
    | { route: undefined; methodNotAllowed: boolean };
}

/**
 * Matches paths segment by segment. A parameter segment takes any one non-empty segment; the dialect
 * validates ids itself (so `in_1/../x` has too many segments and matches nothing, and a bad id gets
 * the provider's own "no such" answer).
 */
export function createRouteTable<State>(routes: readonly EmulatorRoute<State>[]): RouteTable<State> {
  const compiled = routes.map((route) => ({ route, segments: route.pattern.split('/').slice(1) }));
  return {
    match(method, path) {
      const segments = path.split('/').slice(1);
      let methodNotAllowed = false;
      for (const { route, segments: pattern } of compiled) {
        if (pattern.length !== segments.length) continue;
        const params: Record<string, string> = {};
        let matched = true;
        for (let index = 0; index < pattern.length; index += 1) {
          const want = pattern[index]!;
          const got = segments[index]!;
          if (want.startsWith(':')) {
            if (got === '') {
              matched = false;
              break;
            }
            params[want.slice(1)] = safeDecode(got);
          } else if (want !== got) {
            matched = false;
            break;
          }
        }
        if (!matched) continue;
        if (route.method !== method) {
          methodNotAllowed = true;
          continue;
        }
        return { route, params };
      }
      return { route: undefined, methodNotAllowed };
    },
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is kept as sent: the dialect's id check refuses it.
    return segment;
  }
}
