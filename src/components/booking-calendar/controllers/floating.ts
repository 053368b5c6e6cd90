/**
 * The part of Floating UI the popup uses. A dynamic `import('@floating-ui/dom')` keeps the whole module namespace
 * (every middleware and platform helper: 21.2 kB, 7,337 B brotli), because the bundler cannot know which exports the
 * caller will read; importing this module instead lets it drop the rest.
 */
export { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';
