/**
 * The tests of `differential.test.ts`, run with the JavaScript tier translating every function from its first call.
 * @module
 */
process.env['EDGEDANCER_TEST_TIER'] = 'js';
await import('./differential.test.js');
