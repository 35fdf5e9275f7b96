// A field the detection missed, drawn by the clerk on the sample's picture: the dragged
// rectangle, in the sheet's millimetres, split into equal digit boxes side by side. It is added
// to the draft as the next numbered field (`?N`), which the workstation names like any other.

/** A layout rectangle as the layout files hold it: [x, y, w, h] in mm. */
export type MmRect = [number, number, number, number];

/** A point on the picture as a share of its width and height (0–1). */
export interface Share {
  x: number;
  y: number;
}

/** Smallest box side a drag may make, mm (a box holds one handwritten digit). */
export const MIN_BOX_MM = 3;

/** The draft layout's size and fields, as far as adding a field needs them. */
export interface DraftLayout {
  width: number;
  height: number;
  fields: { key: string; boxes: MmRect[] }[];
}

export function isDraftLayout(l: unknown): l is DraftLayout {
  const d = l as DraftLayout | null;
  return !!d && typeof d.width === 'number' && typeof d.height === 'number' && Array.isArray(d.fields);
}

/** The rectangle dragged from `a` to `b`, in mm. */
export function dragRect(layout: DraftLayout, a: Share, b: Share): MmRect {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x0 = clamp(Math.min(a.x, b.x)) * layout.width;
  const x1 = clamp(Math.max(a.x, b.x)) * layout.width;
  const y0 = clamp(Math.min(a.y, b.y)) * layout.height;
  const y1 = clamp(Math.max(a.y, b.y)) * layout.height;
  return [x0, y0, x1 - x0, y1 - y0];
}

/** `count` boxes side by side filling `r`, or null when a box would be smaller than a digit. */
export function splitBoxes(r: MmRect, count: number): MmRect[] | null {
  const w = r[2] / count;
  if (!Number.isInteger(count) || count < 1 || count > 6 || w < MIN_BOX_MM || r[3] < MIN_BOX_MM) return null;
  return Array.from({ length: count }, (_, i) => [r[0] + i * w, r[1], w, r[3]] as MmRect);
}

/** The draft with one more field holding `boxes`, numbered after the last. */
export function withField(layout: DraftLayout, boxes: MmRect[]): DraftLayout {
  return { ...layout, fields: [...layout.fields, { key: `?${layout.fields.length + 1}`, boxes }] };
}
