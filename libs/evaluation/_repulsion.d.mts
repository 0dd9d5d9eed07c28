// Types of _repulsion.mjs.
export declare const WORKER_ROLE: string;
export declare const Control: {
  readonly GENERATION: number;
  readonly DONE: number;
  readonly FROM: number;
  readonly TO: number;
  readonly EPOCH: number;
  readonly STOP: number;
  readonly FAILED: number;
  readonly LENGTH: number;
};
export declare function repulsionRange(
  nodes: Float64Array,
  links: Int32Array,
  stack: Int32Array,
  y: Float64Array,
  from: number,
  to: number,
  force: Float64Array,
  sumQ: Float64Array,
): void;
