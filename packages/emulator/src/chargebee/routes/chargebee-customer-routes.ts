import { renderChargebeeCustomer } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import { chargebeeEmulatorUnsupported, chargebeeError, chargebeeParamError } from '../chargebee-error.js';
import { recordedTransactionDate, renderRecordedTransaction } from '../chargebee-recorded-transaction.js';
import { defineChargebeeRoute } from '../define-chargebee-route.js';

/**
 * Customer fields the emulator keeps and shows as given (`CustomerRecord.details`; `email` its own
 * field). `auto_collection` too: the emulator never charges a payment source, so `on` and `off`
 * behave alike here (an invoice stays `payment_due` until a payment is recorded).
 */
const DETAILS = ['first_name', 'last_name', 'company', 'phone', 'auto_collection'] as const;

/** The currency of a customer made without `preferred_currency_code` (a single-currency site's). */
export const CHARGEBEE_SITE_CURRENCY = 'usd';

/** `POST /api/v2/customers`, `GET /api/v2/customers/{id}` and `POST /api/v2/customers/{id}/record_excess_payment`. */
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
  defineChargebeeRoute({
    operation: 'POST /api/v2/customers/{id}/record_excess_payment',
    mutates: true,
    // `amount`, `date` and `payment_method` are required by the request schema (chargebee-node's
    // TransactionRecordExcessPaymentInputParam). `comment` is kept nowhere an API answer shows
    // (Chargebee shows it in its UI), as with a credit note void's.
    modelled: [
      'comment',
      'transaction.amount',
      'transaction.currency_code',
      'transaction.date',
      'transaction.payment_method',
      'transaction.reference_number',
    ],
    resource: 'customer',
    handle(params, site, request) {
      const transaction = params.transaction as {
        amount: number;
        currency_code?: string;
        date: number;
        payment_method: string;
        reference_number?: string;
      };
      const customer = site.state.customers.get(request.params.id!);
      if (transaction.amount < 1) return chargebeeParamError('transaction[amount]', 'should be at least 1');
      // One currency per customer is modelled (a multi-currency site keeps a balance per currency).
      if (
        transaction.currency_code !== undefined &&
        transaction.currency_code.toLowerCase() !== customer.currency
      ) {
        return chargebeeEmulatorUnsupported('transaction[currency_code]');
      }
      // `payment_method=custom` names a custom method by `custom_payment_method_id`, which is not modelled.
      if (transaction.payment_method === 'custom') {
        return chargebeeEmulatorUnsupported('transaction[payment_method]');
      }
      const dated = recordedTransactionDate(site, transaction.date);
      if ('refusal' in dated) return dated.refusal;
      // A payment no invoice takes: all of it is the customer's excess payments, which Chargebee
      // applies to the next invoices after promotional and refundable credits.
      const entry = site.state.customers.adjustBalance(customer.id, transaction.amount, {
        bucket: 'excess',
        description: 'excess payment recorded',
      });
      return json(200, {
        customer: renderChargebeeCustomer(site.state.customers.get(customer.id)),
        transaction: renderRecordedTransaction({
          id: `txn_${customer.id}_${entry.id}`,
          customerId: customer.id,
          date: dated.at,
          amount: transaction.amount,
          unused: transaction.amount,
          paymentMethod: transaction.payment_method,
          currency: customer.currency,
          ...(transaction.reference_number !== undefined
            ? { referenceNumber: transaction.reference_number }
            : {}),
        }),
      });
    },
  }),
];
