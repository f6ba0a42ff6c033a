export type { ChargebeeSite } from './chargebee/chargebee-site.js';
export {
  CHARGEBEE_DEFAULT_SITE,
  type ChargebeeDialect,
  type ChargebeeDialectOptions,
  createChargebeeDialect,
  snapshotChargebeeSite,
} from './chargebee/create-chargebee-dialect.js';
export { type FaultRule, faultRuleSchema } from './control/fault-rules.js';
export type { RequestLogEntry } from './control/request-log.js';
export {
  createEmulatorClock,
  createEmulatorServer,
  type DispatchedAnswer,
  type DispatchedRequest,
  type EmulatorClock,
  type EmulatorServer,
  type EmulatorServerOptions,
} from './create-emulator-server.js';
export type { AnyEmulatorDialect, EmulatorDialect } from './http/emulator-dialect.js';
export type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from './http/emulator-exchange.js';
export { IDEMPOTENCY_TTL_MS } from './http/idempotency-store.js';
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './start-emulator.js';
export {
  createStripeDialect,
  STRIPE_DEFAULT_VERSION,
  snapshotStripeAccount,
} from './stripe/create-stripe-dialect.js';
export {
  createWebhookSender,
  type WebhookSender,
  type WebhookSenderOptions,
} from './webhooks/create-webhook-sender.js';
