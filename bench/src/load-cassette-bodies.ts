import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The response bodies the loopback server answers with, one per endpoint, taken from the cassettes. */
export interface CassetteBodies {
  stripeInvoiceVoid: Record<string, unknown>;
  stripeCreditNoteCreate: Record<string, unknown>;
  stripeCreditNoteVoid: Record<string, unknown>;
  chargebeeInvoiceVoid: Record<string, unknown>;
  chargebeeCreditNoteCreate: Record<string, unknown>;
  chargebeeCreditNoteVoid: Record<string, unknown>;
}

interface CassetteFile {
  interactions: { request: { method: string; path: string }; response: { status: number; body: unknown } }[];
}

/** The repository's `test/cassettes`, found from this file's place in `bench/src`. */
export const defaultCassettesDir = join(import.meta.dirname, '..', '..', 'test', 'cassettes');

/** Reads the first successful response body of `file` whose request path matches `pathPattern`. */
function successBody(cassettesDir: string, file: string, pathPattern: RegExp): Record<string, unknown> {
  const cassette = JSON.parse(readFileSync(join(cassettesDir, file), 'utf8')) as CassetteFile;
  const found = cassette.interactions.find(
    (interaction) =>
      interaction.request.method === 'POST' &&
      pathPattern.test(interaction.request.path) &&
      interaction.response.status === 200,
  );
  if (!found || typeof found.response.body !== 'object' || found.response.body === null) {
    throw new Error(`bench: no 200 POST ${pathPattern} in cassette ${file}`);
  }
  return found.response.body as Record<string, unknown>;
}

/** Reads the realistic bodies from the cassettes at run time (nothing is copied into the bench). */
export function loadCassetteBodies(cassettesDir: string = defaultCassettesDir): CassetteBodies {
  return {
    stripeInvoiceVoid: successBody(
      cassettesDir,
      'stripe/void-applied-credit-default.json',
      /^\/v1\/invoices\/[^/]+\/void$/,
    ),
    stripeCreditNoteCreate: successBody(
      cassettesDir,
      'stripe/credit-note-create-open.json',
      /^\/v1\/credit_notes$/,
    ),
    stripeCreditNoteVoid: successBody(
      cassettesDir,
      'stripe/credit-note-void.json',
      /^\/v1\/credit_notes\/[^/]+\/void$/,
    ),
    chargebeeInvoiceVoid: successBody(
      cassettesDir,
      'chargebee/void-with-reason-and-comment.json',
      /^\/api\/v2\/invoices\/[^/]+\/void$/,
    ),
    chargebeeCreditNoteCreate: successBody(
      cassettesDir,
      'chargebee/credit-note-create-adjustment.json',
      /^\/api\/v2\/credit_notes$/,
    ),
    chargebeeCreditNoteVoid: successBody(
      cassettesDir,
      'chargebee/credit-note-void.json',
      /^\/api\/v2\/credit_notes\/[^/]+\/void$/,
    ),
  };
}
