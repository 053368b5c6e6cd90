/**
 * The signed tokens moved to http/tokens.ts so the booking waitlist can check the same form token and sign its own
 * links without importing this feature; this module keeps the newsletter's imports working.
 */
export * from '../http/tokens.js';
