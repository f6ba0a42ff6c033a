import {
  type CustomerRecord,
  type LedgerEntry,
  type ListPage,
  renderChargebeeCustomer,
  renderChargebeePromotionalCredit,
} from '@billbridge/memory';
import { type EmulatorResponse, json } from '../../http/emulator-exchange.js';
import { chargebeeEmulatorUnsupported, chargebeeNotFound, chargebeeParamError } from '../chargebee-error.js';
import { chargebeeListResponse, chargebeePageRequest, filterIs } from '../chargebee-list-page.js';
import type { ChargebeeSite } from '../chargebee-site.js';
import { defineChargebeeRoute } from '../define-chargebee-route.js';
import type { ChargebeeParams } from '../validate-chargebee-params.js';

/**
 * Adds (`sign` 1) or deducts (-1) promotional credits: `customer_id`, `amount` and `description`
 * are required, `currency_code` must be the customer's (one currency per customer is modelled).
 * Deducting more than the customer has is refused by the state (Chargebee does not let the
 * balance go below zero).
 */
function movePromotionalCredits(sign: 1 | -1) {
  return (params: ChargebeeParams, site: ChargebeeSite): EmulatorResponse => {
    const customerId = params.customer_id as string;
    if (params.amount === undefined) return chargebeeParamError('amount', 'cannot be blank');
    const customer = site.state.customers.find(customerId);
    if (!customer) return chargebeeNotFound('customer', customerId);
    const currency = params.currency_code as string | undefined;
    if (currency !== undefined && currency.toLowerCase() !== customer.currency) {
      return chargebeeEmulatorUnsupported('currency_code');
    }
    const amount = params.amount as number;
    if (amount === 0) return chargebeeParamError('amount', 'should be greater than 0');
    const entry = site.state.customers.adjustBalance(customerId, sign * amount, {
      description: params.description as string,
      bucket: 'promotional',
    });
    return json(200, {
      customer: renderChargebeeCustomer(customer),
      promotional_credit: renderChargebeePromotionalCredit(customer, entry),
    });
  };
}

const MOVE_PARAMS = ['customer_id', 'amount', 'currency_code', 'description'];

/** Every promotional-credit movement of the site (or of one customer), newest first, as one page. */
function promotionalCreditPage(
  site: ChargebeeSite,
  customerId: string | undefined,
  limit: number,
  startingAfter: string | undefined,
): ListPage<{ id: string; customer: Readonly<CustomerRecord>; entry: LedgerEntry }> | undefined {
  const all: { id: string; customer: Readonly<CustomerRecord>; entry: LedgerEntry }[] = [];
  for (let page = site.state.customers.list({ limit: 100, order: 'oldest_first' }); ; ) {
    for (const customer of page.data) {
      if (customerId !== undefined && customer.id !== customerId) continue;
      for (const entry of customer.ledger) {
        if (entry.bucket === 'promotional')
          all.push({ id: `pc_${entry.id.replace(/^le_/, '')}`, customer, entry });
      }
    }
    const last = page.data.at(-1);
    if (!page.hasMore || !last) break;
    page = site.state.customers.list({ limit: 100, order: 'oldest_first', startingAfter: last.id });
  }
  // Ledger ids count up across the site, so their number orders the movements; newest first.
  all.sort((a, b) => Number(b.entry.id.slice(3)) - Number(a.entry.id.slice(3)));
  const start = startingAfter === undefined ? 0 : all.findIndex((item) => item.id === startingAfter) + 1;
  if (start === 0 && startingAfter !== undefined) return undefined;
  return { data: all.slice(start, start + limit), hasMore: all.length > start + limit };
}

/** `POST /api/v2/promotional_credits/add|deduct` and `GET /api/v2/promotional_credits`. */
export const chargebeePromotionalCreditRoutes = [
  defineChargebeeRoute({
    operation: 'POST /api/v2/promotional_credits/add',
    mutates: true,
    modelled: MOVE_PARAMS,
    resource: 'customer',
    handle: movePromotionalCredits(1),
  }),
  defineChargebeeRoute({
    operation: 'POST /api/v2/promotional_credits/deduct',
    mutates: true,
    modelled: MOVE_PARAMS,
    resource: 'customer',
    handle: movePromotionalCredits(-1),
  }),
  defineChargebeeRoute({
    operation: 'GET /api/v2/promotional_credits',
    mutates: false,
    modelled: ['limit', 'offset', 'customer_id.is'],
    handle(params, site) {
      const request = chargebeePageRequest(params);
      if ('status' in request) return request;
      const page = promotionalCreditPage(
        site,
        filterIs(params, 'customer_id'),
        request.limit,
        request.startingAfter,
      );
      if (!page) return chargebeeParamError('offset', 'invalid value');
      return chargebeeListResponse('promotional_credit', page, (item) =>
        renderChargebeePromotionalCredit(item.customer, item.entry),
      );
    },
  }),
];
