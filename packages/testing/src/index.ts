export * from './cassette.js';
export * from './check-raw-results.js';
export * from './describe-provider-contract.js';
export * from './expect-webhook-refusal.js';
export * from './openapi/index.js';
export * from './record/index.js';
export { seededRandom } from './seeded-random.js';
export { WEBHOOK_CONTRACT_SCENARIOS, type WebhookContractScenario } from './webhook-contract-scenarios.js';
export * from './with-cassette.js';
