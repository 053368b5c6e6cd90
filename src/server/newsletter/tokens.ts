/** The signed tokens moved to http/signed-tokens.ts, where comments (a feature beside this one) can use them too. */
export * from '../http/signed-tokens.js';
