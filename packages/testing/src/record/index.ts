export * from './assert-test-mode-key.js';
export * from './map-strings.js';
export * from './record-cassette.js';
export * from './recordings-to-cassette.js';
export * from './scrub-cassette.js';
