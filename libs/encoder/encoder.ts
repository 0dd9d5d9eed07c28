import type { StateDict } from "@dermanomaly/gan";
import { Random } from "@dermanomaly/gan/training";
import { batchNormReluBackward, batchNormReluForward, hostBatchNormBackends } from "./_batch_norm.ts";
import {
  type ConvKernels,
  type ConvWeight,
  convBackward,
  convForward,
  denseBackward,
  denseForward,
  hwioFilter,
  pickKernels,
  weightLimits,
} from "./_conv.ts";
import { toInternal, toPyTorch } from "./_layout.ts";
import { tf } from "./_tf.ts";
import { type EncoderConfig, encoderConfig } from "./config.ts";
import { describeEncoder, type EncoderTensorSpec } from "./describe.ts";

/** Construction options of an {@link Encoder}. */
export interface EncoderOptions {
  /** Seed of the initialisation (PyTorch's default scheme: U(±1/√fan_in) weights and biases). @default 0 */
  seed?: number;
  /**
   * How the conv blocks compute: `conv` (TF.js conv kernels), `im2col` (patch matrix times the weight), or `auto`
   * (`im2col` for weights over 64 MiB, where it spares the wasm heap the conv kernels' filter copies, else `conv`,
   * which is faster; see `_conv.ts`). The results agree to float rounding. @default "auto"
   */
  kernels?: ConvKernels;
}

/** Options of {@link Encoder.forward}. */
export interface EncoderForwardOptions {
  /**
   * PyTorch's training mode: batch statistics normalise, and the running statistics move towards them
   * (`encoder.train()`); otherwise the running statistics normalise (`encoder.eval()`). @default false
   */
  training?: boolean;
}

/** Options of {@link Encoder.loadStateDict}. */
export interface EncoderLoadOptions {
  /** Reject missing and unexpected names; when false, missing entries keep their values and extra ones are ignored. @default true */
  strict?: boolean;
}

/**
 * Receives the gradients of {@link Encoder.backward}, parameter by parameter and chunk by chunk, in the internal
 * layout (see `_layout.ts`): conv weights [out, kh, kw, in], the Linear weight's inputs in NHWC flatten order.
 */
export interface GradientSink {
  /**
   * Gradient of trainable parameter `index` ({@link Encoder.trainableSpecs} order) for its elements
   * `[offset, offset + grad.length)`. `weights` is the parameter's own value array (internal layout), which the sink
   * may change in place when {@link updatesWeights} is true (an optimizer step).
   */
  accept(index: number, offset: number, grad: Float32Array, weights: Float32Array): void;
  /** Whether `accept` changes the weights: each layer's weights are then taken up again once its gradients are in. */
  readonly updatesWeights: boolean;
}

/** What {@link Encoder.forwardTrain} keeps for {@link Encoder.backward}; opaque, single use. */
export interface EncoderTape {
  readonly z: tf.Tensor2D;
  /** @internal */
  readonly saved: SavedBlock[];
  /** @internal */
  readonly flat: tf.Tensor2D;
}

interface SavedBlock {
  input: tf.Tensor4D;
  /**
   * x̂ and invstd, in JS memory (`_batch_norm.ts`; `release` hands the x̂ buffer back for reuse, once) or as tensors.
   */
  bn:
    | { xhat: Float32Array; invstd: Float32Array; release: () => void }
    | { xhat: tf.Tensor4D; invstd: tf.Tensor1D };
  path: "conv" | "im2col";
}

/** One tensor of the network: its values (internal layout) and, for parameters, their copy in the TF.js backend. */
interface Slot {
  spec: EncoderTensorSpec;
  values: Float32Array;
  /** TF.js shape of the backend copy: conv weights [out, 16·in]; otherwise the PyTorch shape. */
  shape: number[];
  tensor: tf.Tensor | null;
  /** Conv weights: the TF.js filter of `tensor`, made on first use and freed with it. */
  filter: tf.Tensor4D | null;
}

interface Block {
  weight: Slot;
  bias: Slot | null;
  gamma: Slot;
  beta: Slot;
  runningMean: Slot;
  runningVar: Slot;
  tracked: Slot;
  cin: number;
  cout: number;
}

/**
 * The izif encoder E: NHWC images `[N, H, W, C]` in [-1, 1] -> latents `[N, zDim]` in (-1, 1), with PyTorch's
 * `nn.Sequential` semantics and state_dict names (see `config.ts`), BatchNorm in training and inference modes.
 *
 * Training runs without a TF.js gradient tape: {@link forwardTrain} keeps the few tensors each layer's gradient needs,
 * {@link backward} computes the gradients layer by layer from the last and hands them to a {@link GradientSink} (an
 * optimizer updates the weights there, in JS memory, and each layer's weights go back to the backend at once). So
 * only one copy of the weights and one layer's gradient are ever on the backend (the 4 GiB wasm heap), and the
 * gradient of z can come from elsewhere (the generator and discriminator, in rounds).
 *
 * @example
 * ```ts
 * const e = new Encoder(presetConfig("small", { resolution: 64 }));
 * const z = e.forward(images); // [N, 512], inference mode
 * ```
 */
export class Encoder {
  readonly config: EncoderConfig;
  /** Every tensor, in state_dict order. */
  readonly specs: readonly EncoderTensorSpec[];
  /** The trainable tensors, in state_dict order (the order of {@link GradientSink} indices). */
  readonly trainableSpecs: readonly EncoderTensorSpec[];
  readonly #slots = new Map<string, Slot>();
  readonly #trainable: Slot[];
  readonly #blocks: Block[] = [];
  readonly #linearWeight: Slot;
  readonly #linearBias: Slot;
  readonly #kernels: ConvKernels;
  /** Free x̂ buffers of the host BatchNorm: a tape takes one per block and gives it back when disposed. */
  readonly #xhatBuffers: Float32Array[] = [];
  #disposed = false;

  constructor(config: Partial<EncoderConfig> = {}, options: EncoderOptions = {}) {
    this.config = encoderConfig(config);
    this.#kernels = options.kernels ?? "auto";
    if (!["auto", "conv", "im2col"].includes(this.#kernels))
      throw new RangeError(`Kernels must be "auto", "conv" or "im2col", got "${this.#kernels}"`);
    this.specs = describeEncoder(this.config);
    this.trainableSpecs = this.specs.filter((s) => s.trainable);
    const random = new Random(options.seed ?? 0);
    let fanIn = 1;
    for (const spec of this.specs) {
      // A bias takes the fan-in of the weight just before it.
      if (spec.role === "conv.weight" || spec.role === "linear.weight") fanIn = spec.count / spec.shape[0]!;
      this.#slots.set(spec.name, makeSlot(spec, random, fanIn));
    }
    this.#trainable = this.trainableSpecs.map((s) => this.#slots.get(s.name)!);
    const bySpec = (s: EncoderTensorSpec) => this.#slots.get(s.name)!;
    const find = (block: number, role: EncoderTensorSpec["role"]) => {
      const s = this.specs.find((x) => x.block === block && x.role === role);
      return s === undefined ? null : bySpec(s);
    };
    let cin = this.config.imgChannels;
    for (let i = 0; this.specs.some((s) => s.block === i); i++) {
      const weight = find(i, "conv.weight")!;
      const cout = weight.spec.shape[0]!;
      this.#blocks.push({
        weight,
        bias: find(i, "conv.bias"),
        gamma: find(i, "bn.weight")!,
        beta: find(i, "bn.bias")!,
        runningMean: find(i, "bn.running_mean")!,
        runningVar: find(i, "bn.running_var")!,
        tracked: find(i, "bn.num_batches_tracked")!,
        cin,
        cout,
      });
      cin = cout;
    }
    this.#linearWeight = find(-1, "linear.weight")!;
    this.#linearBias = find(-1, "linear.bias")!;
    for (const slot of this.#trainable) settle(slot, true);
  }

  /** Rebuilds an encoder from {@link getConfig} output (weights then come from {@link loadStateDict}). */
  static fromConfig(config: EncoderConfig, options: EncoderOptions = {}): Encoder {
    return new Encoder(config, options);
  }

  getConfig(): EncoderConfig {
    return { ...this.config };
  }

  /** Images `[N, H, W, C]` in [-1, 1] -> latents `[N, zDim]` (no gradient is recorded). */
  forward(x: tf.Tensor4D, options: EncoderForwardOptions = {}): tf.Tensor2D {
    if (options.training !== true) return this.#run(x, "eval").z;
    const tape = this.#run(x, "tape");
    const z = tf.keep(tape.z.clone());
    disposeTape(tape);
    return z;
  }

  /**
   * Training-mode forward that keeps what {@link backward} needs; updates the running statistics as PyTorch's
   * training-mode forward does. The tape's `z` belongs to the tape (disposed by `backward` or {@link disposeTape}).
   */
  forwardTrain(x: tf.Tensor4D): EncoderTape {
    return this.#run(x, "tape");
  }

  /**
   * Gradients of `sum(z ⊙ dz)` for every trainable parameter (dz: the loss's gradient with respect to the tape's z),
   * from the last layer to the first, handed to `sink`. Disposes the tape.
   */
  backward(tape: EncoderTape, dz: tf.Tensor2D, sink: GradientSink): void {
    this.#checkLive();
    if (dz.shape.join() !== tape.z.shape.join())
      throw new RangeError(`Gradient of z has shape "${dz.shape}" but z has "${tape.z.shape}"`);
    const give = (slot: Slot, offset: number, grad: tf.Tensor | Float32Array) => {
      const index = this.#trainable.indexOf(slot);
      sink.accept(
        index,
        offset,
        grad instanceof Float32Array ? grad : (grad.dataSync() as Float32Array),
        slot.values,
      );
    };
    const giveAll = (slots: (Slot | null)[], grads: (tf.Tensor | Float32Array | null)[]) => {
      slots.forEach((s, i) => {
        if (s !== null) give(s, 0, grads[i]!);
      });
      for (const g of grads) if (g instanceof tf.Tensor) g.dispose();
      if (sink.updatesWeights) for (const s of slots) if (s !== null) upload(s);
    };
    try {
      // Linear + tanh.
      const dzPre = tf.tidy(() => tf.mul(dz, tf.sub(1, tf.square(tape.z))) as tf.Tensor2D);
      const w = this.#linearWeight;
      let da: tf.Tensor | null;
      try {
        da = denseBackward(tape.flat, weightOf(w), dzPre, {
          needDp: true,
          onDw: (row, dw) => give(w, row * w.shape[1]!, dw),
        });
        giveAll([this.#linearBias], [tf.sum(dzPre, 0)]);
      } finally {
        dzPre.dispose();
      }
      settle(w, sink.updatesWeights);
      const last = this.#blocks[this.#blocks.length - 1]!;
      let dOut: tf.Tensor4D = tf.tidy(
        () => tf.reshape(da!, [tape.z.shape[0], 4, 4, last.cout]) as tf.Tensor4D,
      );
      da!.dispose();
      for (let i = this.#blocks.length - 1; i >= 0; i--) {
        const b = this.#blocks[i]!;
        const s = tape.saved[i]!;
        // The block's output is the next block's saved input (the flattened features after the last block).
        const out = i + 1 < tape.saved.length ? tape.saved[i + 1]!.input : tape.flat;
        const bn = s.bn;
        // The conv bias's gradient (Σ dy per channel) comes with the host BatchNorm's, or from one more op.
        const {
          dy,
          dGamma,
          dBeta,
          dBias = null,
        } = bn.xhat instanceof Float32Array
          ? batchNormReluBackward(dOut, {
              xhat: bn.xhat,
              invstd: bn.invstd as Float32Array,
              bias: b.bias?.values ?? null,
              gamma: b.gamma.values,
              beta: b.beta.values,
            })
          : tf.tidy(() => {
              const xhat = bn.xhat as tf.Tensor4D;
              const g = tf.mul(dOut, tf.reshape(tf.step(out), dOut.shape)) as tf.Tensor4D;
              const [gn, gh, gw] = g.shape;
              const m = gn * gh * gw;
              const dBeta = tf.sum(g, [0, 1, 2]);
              const dGamma = tf.sum(tf.mul(g, xhat), [0, 1, 2]);
              // dy = γ·invstd·(g − dβ/m − x̂·dγ/m), PyTorch's batch_norm_backward in training mode.
              const centred = tf.sub(tf.sub(g, tf.div(dBeta, m)), tf.mul(xhat, tf.div(dGamma, m)));
              const dy = tf.mul(centred, tf.mul(b.gamma.tensor!, bn.invstd as tf.Tensor1D)) as tf.Tensor4D;
              return b.bias === null
                ? { dy, dGamma, dBeta }
                : { dy, dGamma, dBeta, dBias: tf.sum(dy, [0, 1, 2]) };
            });
        dOut.dispose();
        let dx: tf.Tensor4D | null;
        try {
          dx = convBackward(s.input, weightOf(b.weight), dy, {
            path: s.path,
            needDx: i > 0,
            onDw: (row, dw) => give(b.weight, row * b.weight.shape[1]!, dw),
          });
        } finally {
          dy.dispose();
        }
        giveAll([b.bias, b.gamma, b.beta], [dBias, dGamma, dBeta]);
        settle(b.weight, sink.updatesWeights);
        if (dx === null) break;
        dOut = dx;
      }
    } finally {
      disposeTape(tape);
    }
  }

  #run(x: tf.Tensor4D, mode: "eval" | "tape"): EncoderTape {
    this.#checkLive();
    const c = this.config;
    const [n, h, w, ch] = x.shape;
    if (x.rank !== 4 || h !== c.resolution || w !== c.resolution || ch !== c.imgChannels) {
      throw new RangeError(
        `Expected images of shape [N, ${c.resolution}, ${c.resolution}, ${c.imgChannels}], got "${x.shape}"`,
      );
    }
    const saved: SavedBlock[] = [];
    // The tape owns its tensors, the caller's input included (a clone shares its buffer).
    let a: tf.Tensor4D = mode === "tape" ? tf.keep(x.clone()) : x;
    try {
      for (const b of this.#blocks) {
        const path = pickKernels(this.#kernels, b.weight.values.length);
        const input = a;
        let next: { out: tf.Tensor4D; bn?: SavedBlock["bn"] };
        if (mode === "eval") {
          next = tf.tidy(() => {
            const { scale, shift } = this.#inferenceAffine(b);
            return {
              out: tf.relu(tf.add(tf.mul(this.#convBias(b, input, path), scale), shift)) as tf.Tensor4D,
            };
          });
        } else if (hostBatchNormBackends.has(tf.getBackend())) {
          // The conv's bias is added in the BatchNorm's loops.
          const y = tf.tidy(() => convForward(input, weightOf(b.weight), path));
          const xhat = this.#takeXhatBuffer(y.size);
          let bn: ReturnType<typeof batchNormReluForward>;
          try {
            bn = batchNormReluForward(y, {
              bias: b.bias?.values ?? null,
              gamma: b.gamma.values,
              beta: b.beta.values,
              eps: c.batchNormEps,
              xhat: xhat.view,
            });
          } catch (err) {
            xhat.release();
            throw err;
          } finally {
            y.dispose();
          }
          this.#trackStatistics(b, bn.mean, bn.variance, y.size);
          next = { out: bn.out, bn: { xhat: xhat.view, invstd: bn.invstd, release: xhat.release } };
        } else {
          next = tf.tidy(() => {
            const y = this.#convBias(b, input, path);
            const { mean, variance } = tf.moments(y, [0, 1, 2]);
            const invstd = tf.rsqrt(tf.add(variance, c.batchNormEps)) as tf.Tensor1D;
            const xhat = tf.mul(tf.sub(y, mean), invstd) as tf.Tensor4D;
            const out = tf.relu(tf.add(tf.mul(xhat, b.gamma.tensor!), b.beta.tensor!)) as tf.Tensor4D;
            this.#trackStatistics(b, mean.dataSync(), variance.dataSync(), y.size);
            return { out, bn: { xhat, invstd } };
          });
        }
        settle(b.weight, false);
        if (mode === "tape") saved.push({ input, bn: next.bn!, path });
        else if (input !== x) input.dispose();
        a = next.out;
      }
      const last = a;
      const flat = tf.reshape(last, [n, 16 * last.shape[3]]) as tf.Tensor2D;
      if (mode === "eval" && last !== x) last.dispose();
      const z = tf.tidy(() =>
        tf.tanh(tf.add(denseForward(flat, weightOf(this.#linearWeight)), this.#linearBias.tensor!)),
      ) as tf.Tensor2D;
      settle(this.#linearWeight, false);
      if (mode === "eval") {
        flat.dispose();
        return { z, saved: [], flat };
      }
      if (last !== x) last.dispose();
      return { z, saved, flat };
    } catch (err) {
      for (const s of saved) {
        if (s.input !== x) s.input.dispose();
        disposeBn(s);
      }
      if (a !== x) a.dispose();
      throw err;
    }
  }

  // A free x̂ buffer of at least `size` values (the smallest that fits), or a new one; `release` gives it back once.
  #takeXhatBuffer(size: number): { view: Float32Array; release: () => void } {
    const free = this.#xhatBuffers;
    let best = -1;
    for (let i = 0; i < free.length; i++)
      if (free[i]!.length >= size && (best < 0 || free[i]!.length < free[best]!.length)) best = i;
    const buffer = best < 0 ? new Float32Array(size) : free.splice(best, 1)[0]!;
    let held = true;
    return {
      view: buffer.subarray(0, size),
      release: () => {
        if (held) free.push(buffer);
        held = false;
      },
    };
  }

  // The block's conv output with its bias.
  #convBias(b: Block, input: tf.Tensor4D, path: "conv" | "im2col"): tf.Tensor4D {
    return tf.tidy(() => {
      const y = convForward(input, weightOf(b.weight), path);
      return b.bias === null ? y : (tf.add(y, b.bias.tensor!) as tf.Tensor4D);
    });
  }

  // BatchNorm2d in eval mode as one affine map per channel, computed in double precision.
  #inferenceAffine(b: Block): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
    const eps = this.config.batchNormEps;
    const scale = new Float32Array(b.cout);
    const shift = new Float32Array(b.cout);
    for (let k = 0; k < b.cout; k++) {
      const s = b.gamma.values[k]! / Math.sqrt(b.runningVar.values[k]! + eps);
      scale[k] = s;
      shift[k] = b.beta.values[k]! - b.runningMean.values[k]! * s;
    }
    return { scale: tf.tensor1d(scale), shift: tf.tensor1d(shift) };
  }

  // PyTorch's running-statistics update (momentum m): r ← (1 − m)·r + m·batch, with the unbiased batch variance.
  #trackStatistics(b: Block, mean: ArrayLike<number>, variance: ArrayLike<number>, size: number): void {
    const m = this.config.batchNormMomentum;
    const count = size / b.cout;
    const unbias = count > 1 ? count / (count - 1) : 1;
    for (let k = 0; k < b.cout; k++) {
      b.runningMean.values[k] = (1 - m) * b.runningMean.values[k]! + m * mean[k]!;
      b.runningVar.values[k] = (1 - m) * b.runningVar.values[k]! + m * variance[k]! * unbias;
    }
    b.tracked.values[0]! += 1;
  }

  /** Every parameter and buffer in PyTorch's layout and names (copies). */
  stateDict(): StateDict {
    this.#checkLive();
    const sd: StateDict = new Map();
    for (const spec of this.specs) {
      const slot = this.#slots.get(spec.name)!;
      sd.set(spec.name, { shape: [...spec.shape], data: toPyTorch(spec, slot.values) });
    }
    return sd;
  }

  /**
   * Loads a PyTorch-layout state dict by name (see `importStateDict` in `weights.ts` for other names), after checking
   * every name, shape and length before any write.
   */
  loadStateDict(sd: StateDict, options: EncoderLoadOptions = {}): void {
    this.#checkLive();
    const { strict = true } = options;
    if (strict) {
      const missing = this.specs.filter((s) => !sd.has(s.name)).map((s) => s.name);
      if (missing.length > 0)
        throw new RangeError(
          `State dict lacks ${missing.length} entries: "${missing.slice(0, 5).join('", "')}"`,
        );
      const extra = [...sd.keys()].filter((k) => !this.#slots.has(k));
      if (extra.length > 0)
        throw new RangeError(
          `State dict has ${extra.length} unexpected entries: "${extra.slice(0, 5).join('", "')}"`,
        );
    }
    const todo: [Slot, Float32Array][] = [];
    for (const spec of this.specs) {
      const t = sd.get(spec.name);
      if (t === undefined) continue;
      if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
        throw new RangeError(
          `Tensor "${spec.name}" has shape [${t.shape.join(", ")}] but the encoder expects [${spec.shape.join(", ")}]`,
        );
      }
      if (t.data.length !== spec.count)
        throw new RangeError(
          `Tensor "${spec.name}" holds ${t.data.length} values but its shape needs ${spec.count}`,
        );
      todo.push([this.#slots.get(spec.name)!, t.data]);
    }
    for (const [slot, data] of todo) {
      slot.values.set(toInternal(slot.spec, data));
      if (slot.spec.trainable) settle(slot, true);
    }
  }

  /** Frees the backend copies of the weights. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const slot of this.#trainable) release(slot);
    this.#xhatBuffers.length = 0;
  }

  #checkLive(): void {
    if (this.#disposed) throw new Error("The encoder has been disposed");
  }
}

/** Frees what a tape holds (after an error, or when its gradient is not wanted). */
export function disposeTape(tape: EncoderTape): void {
  tape.z.dispose();
  tape.flat.dispose();
  for (const s of tape.saved) {
    s.input.dispose();
    disposeBn(s);
  }
}

function disposeBn(s: SavedBlock): void {
  if ("release" in s.bn) s.bn.release();
  else {
    s.bn.xhat.dispose();
    s.bn.invstd.dispose();
  }
}

function makeSlot(spec: EncoderTensorSpec, random: Random, fanIn: number): Slot {
  const values = new Float32Array(spec.count);
  // PyTorch's defaults: Conv2d and Linear weights and biases U(±1/√fan_in); BatchNorm γ 1, β 0, running var 1.
  switch (spec.role) {
    case "conv.weight":
    case "linear.weight":
    case "conv.bias":
    case "linear.bias": {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < values.length; i++) values[i] = (2 * random.uniform() - 1) * bound;
      break;
    }
    case "bn.weight":
    case "bn.running_var":
      values.fill(1);
      break;
    default:
      break;
  }
  const shape = spec.role === "conv.weight" ? [spec.shape[0]!, spec.count / spec.shape[0]!] : [...spec.shape];
  return { spec, values, shape, tensor: null, filter: null };
}

// A weight's rows (and, for the conv path, its filter). A large weight (`weightLimits`) goes to the backend block by
// block, straight from its values in JS memory; a small one is sliced from its backend copy.
function weightOf(slot: Slot): ConvWeight {
  const [rows, cols] = slot.shape as [number, number];
  const large = slot.values.length > weightLimits.largeWeight;
  return {
    rows,
    cols,
    take: (first, count) => {
      if (large) {
        const block = slot.values.subarray(first * cols, (first + count) * cols);
        return tf.tensor2d(tf.getBackend() === "cpu" ? block.slice() : block, [count, cols]);
      }
      const t = resident(slot) as tf.Tensor2D;
      return count === rows ? t.clone() : (tf.slice(t, [first, 0], [count, cols]) as tf.Tensor2D);
    },
    filter: () => {
      slot.filter ??= tf.keep(hwioFilter(resident(slot) as tf.Tensor2D));
      return slot.filter;
    },
  };
}

// The backend copy of a parameter, uploaded first if it is not there.
function resident(slot: Slot): tf.Tensor {
  if (slot.tensor === null) upload(slot);
  return slot.tensor!;
}

// After a use: a large weight (`weightLimits`) leaves the backend (it is there only when the `conv` kernels were forced
// on it); a small one is uploaded again when its values changed. The original's 4096x2048x4x4 filter and Linear weight
// at 256 (670 MB) so never sit on the wasm heap whole.
function settle(slot: Slot, changed: boolean): void {
  if (slot.values.length > weightLimits.largeWeight) release(slot);
  else if (changed) upload(slot);
}

function release(slot: Slot): void {
  slot.tensor?.dispose();
  slot.filter?.dispose();
  slot.tensor = null;
  slot.filter = null;
}

// Copies a parameter's values to the backend, replacing (and freeing) its previous copy. The cpu backend keeps the
// array it is given rather than copying it: it gets a copy, since optimizers change `values` in place.
function upload(slot: Slot): void {
  release(slot);
  const data = tf.getBackend() === "cpu" ? slot.values.slice() : slot.values;
  slot.tensor = tf.keep(tf.tensor(data, slot.shape, "float32"));
}
