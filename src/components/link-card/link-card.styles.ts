import { css } from 'lit';

/**
 * The link card. Every layout has a fixed height (in em), the same while loading and when shown, so the skeleton
 * reserves the card's final space and nothing below it moves. `--_s` surface, `--_b` border, `--_m` muted text,
 * `--_k` skeleton and empty image box.
 */
export const styles = css`
  .root {
    --_s: var(--soleus-color-surface, light-dark(#fff, #202124));
    --_b: var(--soleus-color-border, light-dark(#c5ced8, #5f6368));
    --_m: light-dark(#52606d, #bdc1c6);
    --_k: light-dark(#e4e9ee, #33373d);
    container-type: inline-size;
  }
  .card {
    position: relative;
    display: grid;
    grid-template-columns: minmax(0, 12em) 1fr;
    block-size: 8.5em;
    overflow: hidden;
    border: 1px solid var(--_b);
    border-radius: var(--soleus-radius, 0.75em);
    background: var(--_s);
    text-decoration: none;
  }
  .card:hover,
  .card:has(:focus-visible) {
    border-color: var(--_a);
  }
  .card:has(:focus-visible) {
    outline: 0.15em solid var(--_a);
    outline-offset: 0.15em;
  }
  .card:hover .title {
    text-decoration: underline;
  }
  .title {
    text-decoration: none;
    outline: none;
  }
  .title::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .media {
    display: block;
    overflow: hidden;
    background: var(--_k);
  }
  .media img {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  .text {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    min-inline-size: 0;
    padding: 0.75em 1em;
    overflow: hidden;
  }
  .title,
  .desc {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }
  .title {
    flex: none;
    font-weight: 600;
    line-height: 1.3;
  }
  .desc,
  .site,
  .domain {
    color: var(--_m);
    font-size: 0.875em;
  }
  .site {
    display: flex;
    align-items: center;
    gap: 0.4em;
    margin-block-start: auto;
    font-size: 0.8em;
    white-space: nowrap;
  }
  .site > :last-child {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .site img {
    inline-size: 1.25em;
    block-size: 1.25em;
    border-radius: 0.2em;
  }
  .name {
    font-weight: 600;
  }
  .vertical {
    grid-template-columns: none;
    grid-template-rows: auto 7.5em;
    block-size: auto;
  }
  .vertical .media {
    aspect-ratio: 1.91;
  }
  .compact {
    grid-template-columns: 2.5em 1fr;
    align-items: center;
    gap: 0.75em;
    block-size: 4em;
    padding-inline-start: 0.75em;
  }
  .compact .media {
    block-size: 2.5em;
    border-radius: 0.4em;
  }
  .compact .text {
    padding: 0.5em 0.75em 0.5em 0;
  }
  .compact .title {
    -webkit-line-clamp: 1;
  }
  .compact .desc {
    display: none;
  }
  .bar {
    display: block;
    block-size: 0.8em;
    margin-block: 0.25em;
    border-radius: 0.3em;
    background: var(--_k);
  }
  .title .bar {
    inline-size: 70%;
    block-size: 1em;
  }
  .desc .bar + .bar {
    inline-size: 60%;
  }
  .site .bar {
    inline-size: 40%;
  }
  @media (prefers-reduced-motion: no-preference) {
    .loading .bar,
    .loading .media {
      animation: p 1.5s ease-in-out infinite alternate;
    }
    @keyframes p {
      to {
        opacity: 0.5;
      }
    }
  }
  .plain {
    color: var(--_a);
    font-weight: 600;
    text-decoration: underline;
    overflow-wrap: anywhere;
  }
  @container (max-width: 30em) {
    .horizontal {
      grid-template-columns: minmax(0, 7em) 1fr;
    }
    .horizontal .text {
      padding: 0.5em 0.75em;
    }
    .name,
    .name + * {
      display: none;
    }
  }
`;
