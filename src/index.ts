/**
 * The npm entry: classes, events and types, with no side effects (nothing is registered).
 * Register a tag with `@soleus/widgets/share-buttons/define`, or every tag with `@soleus/widgets/embed`.
 */
export { SoleusElement, type Theme } from './core/base.js';
export { SoleusEvent } from './core/events.js';
export { VERSION } from './core/version.js';
export * from './components/booking-calendar/index.js';
export * from './components/booking-manage/index.js';
export * from './components/comment-box/index.js';
export * from './components/newsletter-signup/index.js';
export * from './components/share-buttons/index.js';
export * from './components/link-card/index.js';
