/**
 * The part of ./altcha.ts the forms load on demand. A dynamic `import('./altcha.js')` keeps every export of that
 * module (the tests' `verify` and `decodePayload` too), because the bundler cannot know which ones the caller reads;
 * importing this module instead lets it drop the rest.
 */
export { solvePayload } from './altcha.js';
