import { describe, expect, it } from 'vitest';
import { dragRect, isDraftLayout, splitBoxes, withField } from './draftBoxes';

const a4 = { width: 210, height: 297, fields: [{ key: '?1', boxes: [[167, 73, 7, 8]] as [number, number, number, number][] }] };

describe('draftBoxes', () => {
  const mm = (r: number[]) => r.map((v) => Math.round(v * 100) / 100);

  it('turns a drag on the picture into millimetres of the sheet, either way round', () => {
    expect(mm(dragRect(a4, { x: 0.5, y: 0.5 }, { x: 0.6, y: 0.55 }))).toEqual([105, 148.5, 21, 14.85]);
    expect(dragRect(a4, { x: 0.6, y: 0.55 }, { x: 0.5, y: 0.5 })).toEqual(dragRect(a4, { x: 0.5, y: 0.5 }, { x: 0.6, y: 0.55 }));
    // Dragged past the picture's edge: kept on the sheet.
    expect(mm(dragRect(a4, { x: 0.9, y: 0.9 }, { x: 1.2, y: 1.1 }))).toEqual([189, 267.3, 21, 29.7]);
  });

  it('splits the rectangle into equal boxes, refusing boxes too small for a digit', () => {
    expect(splitBoxes([100, 50, 24, 8], 3)).toEqual([
      [100, 50, 8, 8],
      [108, 50, 8, 8],
      [116, 50, 8, 8],
    ]);
    expect(splitBoxes([100, 50, 8, 8], 3)).toBeNull();
    expect(splitBoxes([100, 50, 24, 2], 1)).toBeNull();
    expect(splitBoxes([100, 50, 24, 8], 0)).toBeNull();
    expect(splitBoxes([100, 50, 80, 8], 7)).toBeNull();
  });

  it('numbers the added field after the last', () => {
    const d = withField(a4, [[10, 10, 8, 8]]);
    expect(d.fields.map((f) => f.key)).toEqual(['?1', '?2']);
    expect(a4.fields.length).toBe(1);
    expect(isDraftLayout(d)).toBe(true);
    expect(isDraftLayout({ id: 'x' })).toBe(false);
  });
});
