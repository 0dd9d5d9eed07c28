/** PSNR in dB between two byte arrays of equal length (Infinity when identical), and the largest difference. */
export function psnr(a: Uint8Array, b: Uint8Array): { db: number; maxDiff: number } {
  if (a.length !== b.length) throw new RangeError(`Lengths differ: '${a.length}' and '${b.length}'`);
  let sum = 0;
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
    maxDiff = Math.max(maxDiff, Math.abs(d));
  }
  const mse = sum / a.length;
  return { db: mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse), maxDiff };
}
