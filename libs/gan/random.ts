/** Serialisable state of a {@link Random}: the four 32-bit words of sfc32. */
export type RandomState = [number, number, number, number];

/**
 * Seeded generator whose whole state is four integers, so a checkpoint can store it and a resumed run draws the
 * same numbers: sfc32 (Small Fast Counting), seeded through splitmix32 so that neighbouring seeds are unrelated.
 */
export class Random {
  #a = 0;
  #b = 0;
  #c = 0;
  #d = 0;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`Seed must be an integer, got "${seed}"`);
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = splitmix();
    this.#b = splitmix();
    this.#c = splitmix();
    this.#d = splitmix();
    // The first outputs still carry the structure of the seeding.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A generator continuing from a saved state. */
  static fromState(state: RandomState): Random {
    const r = new Random(0);
    r.setState(state);
    return r;
  }

  getState(): RandomState {
    return [this.#a, this.#b, this.#c, this.#d];
  }

  setState(state: RandomState): void {
    if (
      !Array.isArray(state) ||
      state.length !== 4 ||
      state.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)
    ) {
      throw new RangeError(
        `Random state must be four unsigned 32-bit integers, got "${JSON.stringify(state)}"`,
      );
    }
    [this.#a, this.#b, this.#c, this.#d] = state;
  }

  /** Uniform integer in [0, 2^32). */
  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = (this.#b ^ (this.#b >>> 9)) >>> 0;
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.uint32() / 4294967296;
  }

  /** Standard normal by Box-Muller (always two uniforms, so streams stay aligned). */
  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** `count` standard normals as float32. */
  normals(count: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.normal();
    return out;
  }
}
