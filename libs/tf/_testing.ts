// Shared by the tests of this package: seeded inputs, a relative error, and running code on a given backend.
import { tf } from "./tf.ts";

/** Deterministic uniform values in [-1, 1) (mulberry32), so failures reproduce. */
export function randomValues(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/** max |a - b| / max(max |b|, 1e-6): the error relative to the reference's largest magnitude. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Length "${a.length}" differs from "${b.length}"`);
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff / scale;
}

/** Runs `fn` with `backend` active and returns the values of the tensors it returns, then restores the backend. */
export async function valuesOn(
  backend: string,
  fn: () => import("@tensorflow/tfjs").Tensor | import("@tensorflow/tfjs").Tensor[],
): Promise<Float32Array[]> {
  const before = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => new Float32Array(await t.data())));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(before);
  }
}

/** Quiet cpu backend (it greets its first tensor with advice to install tfjs-node). */
export function quietCpu(): void {
  const cpu = tf.findBackend("cpu") as { firstUse?: boolean } | null;
  if (cpu !== null) cpu.firstUse = false;
}
