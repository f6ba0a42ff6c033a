import { renderChargebeeCustomer } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import { chargebeeError, chargebeeParamError } from '../chargebee-error.js';
import { defineChargebeeRoute } from '../define-chargebee-route.js';

/**
 * Customer fields the emulator keeps and shows as given (`CustomerRecord.details`; `email` its own
 * field). `auto_collection` too: the emulator never charges a payment source, so `on` and `off`
 * behave alike here (an invoice stays `payment_due` until a payment is recorded).
 */
const DETAILS = ['first_name', 'last_name', 'company', 'phone', 'auto_collection'] as const;

/** The currency of a customer made without `preferred_currency_code` (a single-currency site's). */
export const CHARGEBEE_SITE_CURRENCY = 'usd';

/** `POST /api/v2/customers` and `GET /api/v2/customers/{id}`. */
export const chargebeeCustomerRoutes = [
  defineChargebeeRoute({
    operation: 'POST /api/v2/customers',
    mutates: true,
    modelled: ['id', 'preferred_currency_code', 'email', ...DETAILS],
    handle(params, site) {
      const id = params.id as string | undefined;
      if (id !== undefined && !/^[A-Za-z0-9_\-.~@]{1,50}$/.test(id)) {
        return chargebeeParamError('id', 'invalid value, letters, digits and _-.~@ only');
      }
      if (id !== undefined && site.state.customers.find(id)) {
        return chargebeeError(
          400,
          {
            type: 'invalid_request',
            apiErrorCode: 'duplicate_entry',
            param: 'id',
            message: `id : The value ${id} is already present.`,
          },
          { notSaved: true },
        );
      }
      const currency = params.preferred_currency_code as string | undefined;
      if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
        return chargebeeParamError('preferred_currency_code', 'invalid currency code');
      }
      const details: Record<string, string> = {};
      for (const name of DETAILS) {
        if (typeof params[name] === 'string') details[name] = params[name];
      }
      const customer = site.state.customers.create({
        ...(id !== undefined ? { id } : {}),
        currency: currency?.toLowerCase() ?? CHARGEBEE_SITE_CURRENCY,
        ...(typeof params.email === 'string' ? { email: params.email } : {}),
        details,
      });
      return json(200, { customer: renderChargebeeCustomer(customer) });
    },
  }),
  defineChargebeeRoute({
    operation: 'GET /api/v2/customers/{id}',
    mutates: false,
    modelled: [],
    resource: 'customer',
    handle: (_params, site, request) =>
      json(200, { customer: renderChargebeeCustomer(site.state.customers.get(request.params.id!)) }),
  }),
];
