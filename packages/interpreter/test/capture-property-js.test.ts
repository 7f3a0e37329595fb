/**
 * The tests of `capture-property.test.ts`, run with the JavaScript tier translating every function from its first call.
 * @module
 */
process.env['EDGEDANCER_TEST_TIER'] = 'js';
await import('./capture-property.test.js');
