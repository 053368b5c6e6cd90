/** Room kept between the panel and its button, and between the panel and the viewport's edges (px). */
const GAP = 8;

/**
 * Keeps a `position: fixed` panel placed by its button, as Floating UI's `offset(8)`, `flip()`, `shift({ padding: 8 })`
 * and `size({ padding: 8 })` placed it, in some 40 lines instead of 5.4 kB brotli: under the button and aligned with
 * its start edge; else with its end edge; else above it (start, then end), whichever first fits the viewport, else the
 * one that overflows it least; then moved sideways to stay 8 px inside, and its height limited to the room it has (at
 * least 240 px). Placed again on scroll, resize, and either element's change of size. `skip()` true (a narrow screen,
 * where the stylesheet makes a sheet of it) leaves the panel to its stylesheet. Returns the function that stops it.
 */
export function keepPlaced(button: Element, panel: HTMLElement, skip: () => boolean): () => void {
  const s = panel.style;
  const update = (): void => {
    if (skip()) return void (s.cssText = '');
    const b = button.getBoundingClientRect();
    const { clientWidth: vw, clientHeight: vh } = document.documentElement;
    const w = panel.offsetWidth;
    const h = panel.offsetHeight;
    const rtl = getComputedStyle(panel).direction == 'rtl';
    let best = [Infinity, 0, 0];
    for (const up of [0, 1])
      for (const end of [rtl, !rtl]) {
        const x = end ? b.right - w : b.left;
        const y = up ? b.top - GAP - h : b.bottom + GAP;
        const over = Math.max(0, -x) + Math.max(0, x + w - vw) + Math.max(0, -y) + Math.max(0, y + h - vh);
        if (over < best[0]!) best = [over, x, up];
      }
    const [, x, up] = best as [number, number, number];
    s.maxHeight = `${Math.max(240, (up ? b.top : vh - b.bottom) - 2 * GAP)}px`;
    s.maxWidth = `${vw - 2 * GAP}px`;
    s.left = `${Math.max(GAP, Math.min(x, vw - GAP - w))}px`;
    s.top = `${up ? b.top - GAP - panel.offsetHeight : b.bottom + GAP}px`;
  };
  const sizes = new ResizeObserver(update);
  sizes.observe(button);
  sizes.observe(panel);
  addEventListener('scroll', update, { capture: true, passive: true });
  addEventListener('resize', update);
  update();
  return () => {
    sizes.disconnect();
    removeEventListener('scroll', update, { capture: true });
    removeEventListener('resize', update);
  };
}
