/**
 * Awaits a call the recording expects to fail and returns its error; throws (so nothing is written)
 * when it succeeds or fails another way, e.g. when the account is not in the state the setup meant.
 */
export async function expectRejection<E>(
  call: Promise<unknown>,
  isExpected: (error: unknown) => error is E,
  what: string,
): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (isExpected(error)) return error;
    throw new Error(`${what}: the call failed another way: ${String(error)}`, { cause: error });
  }
  throw new Error(
    `${what}: expected a refusal, but the call succeeded (${JSON.stringify(outcome)?.slice(0, 200)})`,
  );
}
