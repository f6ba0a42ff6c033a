export * from './cassette.js';
export * from './with-cassette.js';
