// The photo's zoom buttons must hold against the parent re-deriving the same field's boxes
// (the Panel does on every form refresh): only a different field brings the view back.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import FormImage from './FormImage.svelte';

afterEach(() => cleanup());

type Box = [number, number, number, number];
const field: Box[] = [[700, 300, 40, 50], [740, 300, 40, 50], [780, 300, 40, 50]];

function scaleOf(container: HTMLElement) {
  const style = (container.querySelector('.image-stage') as HTMLElement).getAttribute('style') ?? '';
  return Number(/scale\(([-\d.e]+)\)/.exec(style)?.[1]);
}

async function settle() {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('FormImage', () => {
  it('zooms in and out with its buttons, also after the same boxes arrive again', async () => {
    // happy-dom lays nothing out: give the viewport a size.
    const rect = { x: 0, y: 0, left: 0, top: 0, width: 800, height: 600, right: 800, bottom: 600, toJSON() {} };
    const orig = HTMLElement.prototype.getBoundingClientRect;
    HTMLElement.prototype.getBoundingClientRect = () => rect as DOMRect;
    try {
      const props = { src: 'about:blank', width: 2000, height: 2800, highlight: field, focusOn: field };
      const { container, rerender } = render(FormImage, { props });
      await settle();
      const focused = scaleOf(container);
      expect(focused).toBeGreaterThan(0);
      await fireEvent.click(screen.getByRole('button', { name: 'Perbesar' }));
      await settle();
      expect(scaleOf(container)).toBeCloseTo(focused * 1.25, 5);
      // The parent derives the same field's boxes anew (a new array, equal content).
      await rerender({ ...props, focusOn: field.map((b) => [...b] as Box), highlight: field.map((b) => [...b] as Box) });
      await settle();
      expect(scaleOf(container)).toBeCloseTo(focused * 1.25, 5);
      await fireEvent.click(screen.getByRole('button', { name: 'Perkecil' }));
      await fireEvent.click(screen.getByRole('button', { name: 'Perkecil' }));
      await settle();
      expect(scaleOf(container)).toBeCloseTo(focused * 1.25 * 0.64, 5);
      await fireEvent.click(screen.getByRole('button', { name: 'Muat penuh' }));
      await settle();
      expect(scaleOf(container)).toBeCloseTo(Math.min(800 / 2000, 600 / 2800), 5);
      // Another field: the view goes to it.
      const other: Box[] = [[100, 2000, 40, 50]];
      await rerender({ ...props, focusOn: other, highlight: other });
      await settle();
      expect(scaleOf(container)).toBeCloseTo(focused, 5);
      // The projector's copy has no buttons: nobody touches that screen.
      await rerender({ ...props, tools: false });
      expect(screen.queryByRole('button', { name: 'Perbesar' })).toBeNull();
    } finally {
      HTMLElement.prototype.getBoundingClientRect = orig;
    }
  });
});
