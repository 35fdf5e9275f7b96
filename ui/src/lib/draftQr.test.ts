import { describe, expect, it } from 'vitest';
import { withQrText } from './draftQr';

describe('withQrText', () => {
  it('replaces the text and keeps the rectangle and the rest of the draft', () => {
    const draft = { id: 'x', qr: { rect: [1, 2, 30, 30], text: 'C.HASIL-DPR HAL 2 TPS 007' }, fields: [] };
    const out = withQrText(draft, 'C.HASIL-DPR HAL 2') as typeof draft;
    expect(out.qr).toEqual({ rect: [1, 2, 30, 30], text: 'C.HASIL-DPR HAL 2' });
    expect(out.id).toBe('x');
    expect(draft.qr.text).toBe('C.HASIL-DPR HAL 2 TPS 007');
  });

  it('leaves a draft without a code as it is', () => {
    const draft = { id: 'x', fields: [] };
    expect(withQrText(draft, 'A')).toBe(draft);
    expect(withQrText(null, 'A')).toBeNull();
  });
});
