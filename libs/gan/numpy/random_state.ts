/**
 * numpy's legacy `numpy.random.RandomState`, the generator NVIDIA's `gen_images.py` / `generate.py` draw latents
 * from (`RandomState(seed).randn(1, z_dim)`): MT19937 seeded with `init_genrand` for an integer seed (numpy's
 * `_legacy_seeding`), 53-bit doubles from two 32-bit draws, and the polar Box–Muller method that caches its second
 * value. Draws are bit-identical to numpy's.
 */
export class RandomState {
  readonly #mt = new Uint32Array(624);
  #index = 624;
  #gauss: number | null = null;

  /** @param seed An integer in [0, 2**32 − 1], as numpy accepts. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Seed must be an integer between 0 and 2**32 - 1, got "${seed}"`);
    }
    const mt = this.#mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, mod 2^32: split the multiply so no intermediate loses precision.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  #generate(): void {
    const mt = this.#mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.#index = 0;
  }

  /** One 32-bit unsigned draw (numpy's `random_integers` building block, `genrand_int32`). */
  nextUint32(): number {
    if (this.#index >= 624) this.#generate();
    let y = this.#mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits, as `RandomState.random_sample()`. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One N(0, 1) draw, as `RandomState.standard_normal()` (legacy polar method, second value cached). */
  standardNormal(): number {
    if (this.#gauss !== null) {
      const g = this.#gauss;
      this.#gauss = null;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.#gauss = f * x1;
    return f * x2;
  }

  /** `count` N(0, 1) draws in row-major order, as `RandomState.randn(*shape)` with `count` = prod(shape). */
  randn(count: number): Float64Array {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`Count must be a non-negative integer, got "${count}"`);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.standardNormal();
    return out;
  }
}

/**
 * The latent NVIDIA's `gen_images.py` uses for a seed: `np.random.RandomState(seed).randn(1, zDim)`, as float64.
 *
 * @example
 * ```ts
 * const z = seedLatent(42, 512); // Float64Array(512), equal to numpy's to the last bit
 * ```
 */
export function seedLatent(seed: number, zDim: number): Float64Array {
  return new RandomState(seed).randn(zDim);
}
