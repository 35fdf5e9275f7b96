// Names of upload batches: one per sending, so two laptops' files never mix in `masuk/`.

/** A fresh batch id as the server takes it (`k-` + time + random, lower case). */
export function newBatch(): string {
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `k-${Date.now().toString(36)}-${rand}`;
}
