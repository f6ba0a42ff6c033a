import { snapshotPlain } from '@billbridge/memory';
import type { EmulatorDialect } from '../http/emulator-dialect.js';
import { json } from '../http/emulator-exchange.js';
import { authenticateChargebeeRequest } from './authenticate-chargebee-request.js';
import { chargebeeError, chargebeeServerErrors } from './chargebee-error.js';
import { type ChargebeeDialectClock, type ChargebeeSite, createChargebeeSite } from './chargebee-site.js';
import { decodeChargebeeForm } from './decode-chargebee-form.js';
import { chargebeeCreditNoteRoutes } from './routes/chargebee-credit-note-routes.js';
import { chargebeeCustomerRoutes } from './routes/chargebee-customer-routes.js';
import { chargebeeInvoiceRoutes } from './routes/chargebee-invoice-routes.js';
import { chargebeePromotionalCreditRoutes } from './routes/chargebee-promotional-credit-routes.js';

/** The site of every key bound to no other, when `defaultSite` is not given. */
export const CHARGEBEE_DEFAULT_SITE = 'billbridge-emulator-test';

/** Chargebee site names (`acme-test`), as billbridge's Chargebee settings accept them. */
const SITE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/;

/**
 * Options of the emulator's Chargebee dialect: its clock, the default site, and the sites' "Void invoices
 * with credit note" setting.
 */
export interface ChargebeeDialectOptions {
  /** The clock the sites stamp their records with: the emulator's (`createEmulatorClock()`). */
  clock: ChargebeeDialectClock;
  /** The site of every test key bound to no other site (default `billbridge-emulator-test`). */
  defaultSite?: string;
  /**
   * The site setting "Void invoices with credit note" (DESIGN §3.5): one value for every site, or
   * by site name (sites not named: off). Default off. Read when a site's state is made.
   */
  voidCreatesCreditNote?: boolean | Readonly<Record<string, boolean>>;
  /** Test keys bound to sites (`{ test_abc: 'acme-test' }`); more with `bindKey` or the control API. */
  siteOfKey?: Readonly<Record<string, string>>;
}

export interface ChargebeeDialect extends EmulatorDialect<ChargebeeSite> {
  readonly defaultSite: string;
  /** Requests made with `apiKey` are for `site` from now on. */
  bindKey(apiKey: string, site: string): void;
  /** "Void invoices with credit note" for `site`, for its state made from now on (a new site, or after a reset). */
  configureSite(site: string, settings: { voidCreatesCreditNote: boolean }): void;
}

/**
 * The Chargebee API v2 dialect of the emulator (DESIGN §14): customers (create, retrieve,
 * record_excess_payment), promotional credits (add, deduct, list), invoices
 * (create_for_charge_items_and_charges, create, retrieve, list, record_payment, void), credit notes
 * (create, retrieve, list, void), each site's state a memory state of the Chargebee flavor.
 *
 * Sites by key: chargebee-node pointed at a local server (`{ site: '127.0.0.1', hostSuffix: '',
 * protocol: 'http', port }`) cannot name the site in the host, so the site is the one the API key
 * is bound to (`siteOfKey`, `bindKey`, `POST /_emulator/chargebee/keys`); a key bound to none
 * selects the site named by the `billbridge-chargebee-site` header (which billbridge's Chargebee
 * adapter sends with `apiBase`), else `defaultSite`. A bound key sent with another site's header
 * is refused (401), as a key of one site is on another.
 *
 * Control calls (`/_emulator/chargebee/…`, JSON): `POST keys { apiKey, site }` binds a key;
 * `DELETE keys` forgets every binding made since start; `POST sites/:site
 * { voidCreatesCreditNote }` sets that site's setting. Bindings and settings survive `reset`.
 */
export function createChargebeeDialect(options: ChargebeeDialectOptions): ChargebeeDialect {
  const defaultSite = options.defaultSite ?? CHARGEBEE_DEFAULT_SITE;
  const initialKeys = Object.entries(options.siteOfKey ?? {});
  for (const site of [defaultSite, ...initialKeys.map(([, site]) => site)]) {
    if (!SITE_NAME.test(site))
      throw new TypeError(`createChargebeeDialect: ${JSON.stringify(site)} is not a site name`);
  }
  const keys = new Map(initialKeys);
  const setting = options.voidCreatesCreditNote ?? false;
  const settings = new Map<string, boolean>(typeof setting === 'boolean' ? [] : Object.entries(setting));
  const voidCreatesCreditNote = (site: string) =>
    settings.get(site) ?? (typeof setting === 'boolean' ? setting : false);

  const dialect: ChargebeeDialect = {
    name: 'chargebee',
    pathPrefix: '/api/v2/',
    defaultSite,
    routes: [
      ...chargebeeCustomerRoutes,
      ...chargebeePromotionalCreditRoutes,
      ...chargebeeInvoiceRoutes,
      ...chargebeeCreditNoteRoutes,
    ],
    authenticate(headers) {
      const named = headers['billbridge-chargebee-site'];
      return authenticateChargebeeRequest(headers, (key) => {
        const bound = keys.get(key);
        if (bound !== undefined) return typeof named === 'string' && named !== bound ? null : bound;
        return typeof named === 'string' ? (SITE_NAME.test(named) ? named : undefined) : defaultSite;
      });
    },
    apiVersion: () => 'v2',
    decode: decodeChargebeeForm,
    idempotency: {
      requestHeader: 'chargebee-idempotency-key',
      replayHeader: ['chargebee-idempotency-replayed', 'true'],
      // The answer chargebee-node's users see for a key reused with another request (DESIGN §7).
      conflict: () =>
        chargebeeError(422, {
          type: 'invalid_request',
          apiErrorCode: 'unable_to_process_request',
          message: 'The idempotency key has already been used with a different request.',
        }),
      // Keys "can be upto 100 characters in length" (apidocs.chargebee.com, idempotency; DESIGN §8).
      maxKeyLength: 100,
      invalidKey: (length) =>
        chargebeeError(
          400,
          {
            type: 'invalid_request',
            apiErrorCode: 'param_wrong_value',
            param: 'chargebee-idempotency-key',
            message: `chargebee-idempotency-key : must be 1 to 100 characters long; it has ${length}`,
          },
          { notSaved: true },
        ),
    },
    errors: chargebeeServerErrors,
    createState: (site) =>
      createChargebeeSite(site, { voidCreatesCreditNote: voidCreatesCreditNote(site), clock: options.clock }),
    snapshot: snapshotChargebeeSite,
    memoryState: (site) => site.state,
    control(method, segments, input) {
      const [resource, name] = segments;
      const body = (input ?? {}) as Record<string, unknown>;
      if (resource === 'keys' && name === undefined && method === 'POST') {
        if (typeof body.apiKey !== 'string' || !/^test_[A-Za-z0-9_-]{1,200}$/.test(body.apiKey)) {
          return json(400, { error: 'apiKey must be a Chargebee test key (test_…)' });
        }
        if (typeof body.site !== 'string' || !SITE_NAME.test(body.site)) {
          return json(400, { error: 'site must be a Chargebee site name such as "acme-test"' });
        }
        dialect.bindKey(body.apiKey, body.site);
        return json(200, { site: body.site });
      }
      if (resource === 'keys' && name === undefined && method === 'DELETE') {
        keys.clear();
        for (const [key, site] of initialKeys) keys.set(key, site);
        return json(200, { cleared: true });
      }
      if (resource === 'sites' && name !== undefined && segments.length === 2 && method === 'POST') {
        if (!SITE_NAME.test(name)) return json(400, { error: `${JSON.stringify(name)} is not a site name` });
        if (typeof body.voidCreatesCreditNote !== 'boolean') {
          return json(400, { error: 'voidCreatesCreditNote must be a boolean' });
        }
        dialect.configureSite(name, { voidCreatesCreditNote: body.voidCreatesCreditNote });
        return json(200, { site: name, voidCreatesCreditNote: body.voidCreatesCreditNote });
      }
      return undefined;
    },
    bindKey(apiKey, site) {
      keys.set(apiKey, site);
    },
    configureSite(site, siteSettings) {
      settings.set(site, siteSettings.voidCreatesCreditNote);
    },
  };
  return dialect;
}

/** Every record of a site, as plain frozen data (for `GET /_emulator/state/chargebee/:site`). */
export function snapshotChargebeeSite(site: ChargebeeSite) {
  const all = <T extends { id: string }>(
    list: (page: { limit: number; order: 'oldest_first'; startingAfter?: string }) => {
      data: T[];
      hasMore: boolean;
    },
  ): T[] => {
    const out: T[] = [];
    for (let page = list({ limit: 100, order: 'oldest_first' }); ; ) {
      out.push(...page.data);
      const last = page.data.at(-1);
      if (!page.hasMore || !last) return out;
      page = list({ limit: 100, order: 'oldest_first', startingAfter: last.id });
    }
  };
  const { state } = site;
  return snapshotPlain({
    site: site.name,
    voidCreatesCreditNote: site.voidCreatesCreditNote,
    customers: all((page) => state.customers.list(page)),
    invoices: all((page) => state.invoices.list(page)),
    creditNotes: all((page) => state.creditNotes.list(page)),
    changes: state.events.recorded,
  });
}
