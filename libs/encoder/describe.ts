import { blockCount, blockWidths, type EncoderConfig } from "./config.ts";

/** What one tensor of the encoder is. */
export type EncoderTensorRole =
  | "conv.weight"
  | "conv.bias"
  | "bn.weight"
  | "bn.bias"
  | "bn.running_mean"
  | "bn.running_var"
  | "bn.num_batches_tracked"
  | "linear.weight"
  | "linear.bias";

/** One parameter or buffer of the encoder, with its PyTorch state_dict name and shape. */
export interface EncoderTensorSpec {
  /** State_dict name, e.g. `3.weight` (see `config.ts`). */
  name: string;
  /** PyTorch shape, e.g. `[256, 128, 4, 4]`; `[]` for `num_batches_tracked`. */
  shape: number[];
  /** Number of elements. */
  count: number;
  /** Trained by the optimizer (false for the batch-norm buffers). */
  trainable: boolean;
  role: EncoderTensorRole;
  /** Conv block the tensor belongs to (0-based), or -1 for the Linear layer. */
  block: number;
}

/** The encoder's tensors in PyTorch's state_dict order, without allocating them. */
export function describeEncoder(config: EncoderConfig): EncoderTensorSpec[] {
  const specs: EncoderTensorSpec[] = [];
  const add = (name: string, shape: number[], role: EncoderTensorRole, block: number, trainable = true) =>
    specs.push({ name, shape, count: shape.reduce((a, b) => a * b, 1), trainable, role, block });
  let cin = config.imgChannels;
  blockWidths(config).forEach((cout, i) => {
    const conv = 3 * i;
    const bn = conv + 1;
    add(`${conv}.weight`, [cout, cin, 4, 4], "conv.weight", i);
    if (config.convBias) add(`${conv}.bias`, [cout], "conv.bias", i);
    add(`${bn}.weight`, [cout], "bn.weight", i);
    add(`${bn}.bias`, [cout], "bn.bias", i);
    add(`${bn}.running_mean`, [cout], "bn.running_mean", i, false);
    add(`${bn}.running_var`, [cout], "bn.running_var", i, false);
    add(`${bn}.num_batches_tracked`, [], "bn.num_batches_tracked", i, false);
    cin = cout;
  });
  const linear = 3 * blockCount(config) + 1;
  add(`${linear}.weight`, [config.zDim, cin * 16], "linear.weight", -1);
  add(`${linear}.bias`, [config.zDim], "linear.bias", -1);
  return specs;
}

/** Trainable elements of a config (the figure papers quote: 212,367,488 for the original at 256). */
export function parameterCount(config: EncoderConfig): number {
  let n = 0;
  for (const s of describeEncoder(config)) if (s.trainable) n += s.count;
  return n;
}
