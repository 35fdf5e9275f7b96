// The row strip places the photo so that exactly the field's row shows, whatever size the
// photo was scaled to: everything is a fraction of the row.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/svelte';
import FieldStrip from './FieldStrip.svelte';

afterEach(() => cleanup());

describe('FieldStrip', () => {
  it('cuts the row out of the photo and outlines the boxes', () => {
    const { container } = render(FieldStrip, {
      props: { src: 'about:blank', width: 2000, height: 2800, row: [100, 700, 1000, 200], boxes: [[800, 750, 50, 60]] },
    });
    const strip = container.querySelector('[data-testid="field-strip"]') as HTMLElement;
    expect(strip.getAttribute('style')).toContain('aspect-ratio: 1000 / 200');
    const css = (el: Element | null) => ((el as HTMLElement).getAttribute('style') ?? '').replace(/\s|;$/g, '');
    const img = css(strip.querySelector('img'));
    // The photo is 2× the row's width and 14× its height, shifted by the row's origin.
    expect(img).toBe('width:200.000%;height:1400.000%;left:-10.000%;top:-350.000%');
    const box = css(strip.querySelector('.strip-box'));
    expect(box).toBe('left:70.000%;top:25.000%;width:5.000%;height:30.000%');
  });

  it('turns the cut of a sideways sheet back so that the row reads left to right', () => {
    // The sheet turned a quarter clockwise: its row stands 200 px wide and 1000 px tall.
    const { container } = render(FieldStrip, {
      props: { src: 'about:blank', width: 2800, height: 2000, row: [700, 100, 200, 1000], boxes: [[750, 800, 60, 50]], turn: 90 },
    });
    const strip = container.querySelector('[data-testid="field-strip"]') as HTMLElement;
    expect(strip.getAttribute('style')).toContain('aspect-ratio: 1000 / 200');
    const css = (el: Element | null) => ((el as HTMLElement).getAttribute('style') ?? '').replace(/\s|;$/g, '');
    // The cut is the row as it lies (a fifth of the strip's width, five times its height),
    // centred and turned back a quarter.
    expect(css(strip.querySelector('.strip-cut'))).toBe(
      'left:50%;top:50%;width:20.000%;height:500.000%;transform:translate(-50%,-50%)rotate(-90deg)',
    );
    expect(css(strip.querySelector('img'))).toBe('width:1400.000%;height:200.000%;left:-350.000%;top:-10.000%');
  });
});
