/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Seeded uniform generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), its 128-bit state
 * filled from the 32-bit seed by splitmix32 so that neighbouring seeds give unrelated streams.
 */
export function createRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs, which still carry the structure of the seeding.
  for (let i = 0; i < 12; i++) next();
  return () => next() / 4294967296;
}

/** Standard normal draw by Box-Muller; always consumes exactly two uniforms, which keeps streams aligned. */
export function randomNormal(random: RandomSource): number {
  const u1 = random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}
