export * from './cassette.js';
export * from './check-raw-results.js';
export * from './describe-provider-contract.js';
export * from './openapi/index.js';
export * from './record/index.js';
export * from './with-cassette.js';
