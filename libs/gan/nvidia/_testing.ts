// Loads fixtures/expected.json: PyTorch outputs of NVIDIA's own networks, whose settings and weights
// fixtures/*.pkl carry in NVIDIA's snapshot layout (both written by fixtures/make_fixtures.py).
import { readFileSync } from "node:fs";

export interface SnapshotExpectations {
  seeds: number[];
  z: number[][];
  img_psi1: number[][];
  img_psi07: number[][];
  logits: number[][];
  G_img_psi1_seed0: number[];
  /** G_ema's seed-0 image at psi 1 with `conv_clamp` None: the same weights, clamping off. */
  G_ema_img_psi1_seed0_unclamped: number[];
  names: Record<"G" | "D" | "G_ema", [string, number[]][]>;
  init_kwargs: Record<"G" | "D", Record<string, unknown>>;
}

export interface Expectations {
  sg3: SnapshotExpectations;
  ada: {
    z: number[];
    c: number[];
    psi: number;
    img: number[];
    names: [string, number[]][];
    w_avg_beta: number;
  };
}

export const fixturePath = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

export function loadExpectations(): Expectations {
  return JSON.parse(readFileSync(fixturePath("expected.json"), "utf8")) as Expectations;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
