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
});
