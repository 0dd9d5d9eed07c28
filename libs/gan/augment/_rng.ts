import { Random } from "../random.ts";

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** Seeded uniform generator: the package's sfc32 {@linkcode Random}, as a plain function. */
export function createRandom(seed: number): RandomSource {
  const random = new Random(seed >>> 0);
  return () => random.uniform();
}

/** Standard normal draw by Box-Muller; always consumes exactly two uniforms, which keeps streams aligned. */
export function randomNormal(random: RandomSource): number {
  const u1 = random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}
