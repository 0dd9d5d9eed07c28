import { createHash } from "node:crypto";

/** Which part of a {@linkcode DatasetSplit} a preparation writes. */
export const SplitPart = {
  /** The images not held out (e.g. for training). */
  KEPT: "kept",
  /** The images held out (e.g. normal images kept apart to calibrate a threshold on). */
  HELD_OUT: "held-out",
} as const;

/** One of the {@linkcode SplitPart} values. */
export type SplitPart = (typeof SplitPart)[keyof typeof SplitPart];

/**
 * A seeded split of a source's images into a kept part and a held-out part. The same fraction and seed over the
 * same image names always give the same parts, so two preparations of one source (one per part) never share an
 * image.
 */
export interface DatasetSplit {
  /** Share of the images held out, in (0, 1); see {@linkcode heldOutCount} for the rounding. */
  readonly fraction: number;
  /** Seed choosing which images are held out (a non-negative safe integer). */
  readonly seed: number;
  /** Which part to keep. */
  readonly part: SplitPart;
}

/**
 * How many of `n` images a split of `fraction` holds out: `fraction * n` rounded half up (`Math.round`), but at least one and at most
 * `n - 1` when `n >= 2`, so neither part is empty; none when `n < 2`.
 */
export function heldOutCount(n: number, fraction: number): number {
  if (n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
}

/**
 * The names of one part of a split, in their given order. The held-out images are the `heldOutCount` names
 * whose SHA-256 of `"<seed>:<name>"` (hex) sorts first: the choice depends only on the set of names, the
 * fraction and the seed, never on the order the names come in.
 *
 * @example
 * ```ts
 * const names = ["NEV/a.jpg", "NEV/b.jpg", "NEV/c.jpg", "NEV/d.jpg"];
 * const train = splitNames(names, { fraction: 0.25, seed: 0, part: SplitPart.KEPT }); // three names
 * const holdout = splitNames(names, { fraction: 0.25, seed: 0, part: SplitPart.HELD_OUT }); // the fourth
 * ```
 * @throws {RangeError} for a fraction outside (0, 1), a seed that is not a non-negative safe integer, or an
 *   unknown part
 */
export function splitNames(names: readonly string[], split: DatasetSplit): string[] {
  checkSplit(split);
  const keyed = names.map((name) => ({
    name,
    key: createHash("sha256").update(`${split.seed}:${name}`).digest("hex"),
  }));
  const order = [...keyed].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const heldOut = new Set(order.slice(0, heldOutCount(names.length, split.fraction)).map((k) => k.name));
  const wantHeldOut = split.part === SplitPart.HELD_OUT;
  return names.filter((name) => heldOut.has(name) === wantHeldOut);
}

/**
 * Checks a split's settings.
 *
 * @throws {RangeError} as {@linkcode splitNames}
 */
export function checkSplit(split: DatasetSplit): void {
  if (!(split.fraction > 0 && split.fraction < 1))
    throw new RangeError(`Split fraction must be in (0, 1), got '${split.fraction}'`);
  if (!Number.isSafeInteger(split.seed) || split.seed < 0)
    throw new RangeError(`Split seed must be a non-negative integer, got '${split.seed}'`);
  if (split.part !== SplitPart.KEPT && split.part !== SplitPart.HELD_OUT)
    throw new RangeError(
      `Split part must be '${SplitPart.KEPT}' or '${SplitPart.HELD_OUT}', got '${split.part}'`,
    );
}
