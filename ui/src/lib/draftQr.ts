// A draft layout keeps the whole text of the QR code its sample prints; a photo is that page
// when its code's text begins with the layout's. Where the code also names one TPS, the clerk
// cuts the text to what every sheet of the page shares before installing.

/** The draft with its QR code's text replaced by `text`; a draft without a code is returned as
 * it is. */
export function withQrText(layout: unknown, text: string): unknown {
  const l = layout as { qr?: { text: string } } | null;
  if (!l || typeof l !== 'object' || !l.qr) return layout;
  return { ...l, qr: { ...l.qr, text } };
}
