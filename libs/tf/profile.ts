import type { KernelFunc } from "@tensorflow/tfjs";
import { tf } from "./tf.ts";

/** Time spent in one kernel during {@link profileKernels}. */
export interface KernelTime {
  /** Kernel name as registered (`Conv2D`, `Conv2DBackpropFilter`, ...), with its input shapes when `byShape`. */
  name: string;
  /** Calls made by the engine (calls one kernel makes to another count in the caller). */
  calls: number;
  /** Wall time of those calls, milliseconds, including the kernels they call. */
  ms: number;
}

/** What {@link profileKernels} measured. */
export interface KernelProfile<T> {
  /** The value `fn` returned. */
  result: T;
  /** Wall time of the whole call, milliseconds. */
  wallMs: number;
  /** Process CPU time (every thread) of the whole call, milliseconds. */
  cpuMs: number;
  /** Per kernel, slowest first. */
  kernels: KernelTime[];
  /** Wall time outside every kernel (op dispatch, gradient tape, JavaScript between ops), milliseconds. */
  outsideMs: number;
}

/** Options of {@link profileKernels}. */
export interface ProfileKernelsOptions {
  /** Backend whose kernels are timed. @default the active backend (`tf.getBackend()`) */
  backend?: string;
  /** Count each combination of kernel and input shapes apart (`Conv2D [8,64,64,64] [3,3,64,64]`). @default false */
  byShape?: boolean;
}

/**
 * Runs `fn` (synchronously) with every kernel of a backend wrapped by a timer, and reports the calls and wall time
 * per kernel. Only calls the engine makes are counted: a kernel that runs other kernels directly (as the wasm
 * training kernels do) counts them in its own time, so the times add up to at most the wall time of `fn`. Unlike
 * `tf.profile`, which counts a custom-gradient op and the ops inside it both, and waits for every output.
 *
 * @example
 * ```ts
 * const { kernels, wallMs } = profileKernels(() => tf.tidy(() => tf.conv2d(x, w, 1, "same").dataSync()));
 * ```
 */
export function profileKernels<T>(fn: () => T, options: ProfileKernelsOptions = {}): KernelProfile<T> {
  const { backend = tf.getBackend(), byShape = false } = options;
  const times = new Map<string, { calls: number; ms: number }>();
  let depth = 0;
  const restore: (() => void)[] = [];
  // Times `run` as a call of `key()` unless a timed call is already running (whose time then includes it).
  const timed = <R>(key: () => string, run: () => R): R => {
    if (depth > 0) return run();
    const name = key();
    depth++;
    const t0 = performance.now();
    try {
      return run();
    } finally {
      depth--;
      const ms = performance.now() - t0;
      const e = times.get(name);
      if (e === undefined) times.set(name, { calls: 1, ms });
      else {
        e.calls++;
        e.ms += ms;
      }
    }
  };
  // The engine looks a kernel's config up on every call, so wrapping the registered config's function in place
  // takes effect at once and is undone by putting the function back.
  for (const config of tf.getKernelsForBackend(backend)) {
    const original = config.kernelFunc;
    const name = config.kernelName;
    const key = (args: Parameters<KernelFunc>[0]) =>
      byShape
        ? `${name} ${Object.values(args.inputs)
            .map((t) => `[${t?.shape.join(",")}]`)
            .join(" ")}`
        : name;
    config.kernelFunc = ((args: Parameters<KernelFunc>[0]) =>
      timed(
        () => key(args),
        () => original(args),
      )) as KernelFunc;
    restore.push(() => {
      config.kernelFunc = original;
    });
  }
  const outer = section;
  // Kernels a section runs count in the section, as those a kernel runs count in the kernel.
  section = (name, run) => timed(() => name, run);
  restore.push(() => {
    section = outer;
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let result: T;
  try {
    result = fn();
  } finally {
    for (const undo of restore) undo();
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const kernels = [...times]
    .map(([name, e]) => ({ name, calls: e.calls, ms: e.ms }))
    .sort((a, b) => b.ms - a.ms);
  const inKernels = kernels.reduce((a, k) => a + k.ms, 0);
  return {
    result,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    kernels,
    outsideMs: Math.max(0, wallMs - inKernels),
  };
}

// How a running profileKernels times a section; null when none runs.
let section: (<T>(name: string, run: () => T) => T) | null = null;

/**
 * Runs `fn`, and when {@link profileKernels} is running, counts its time as a call of `name` (a kernel-like entry):
 * for work done outside the engine's kernels, such as an optimizer's update in place on the wasm heap, which would
 * otherwise hide in the time outside kernels.
 */
export function profiledSection<T>(name: string, fn: () => T): T {
  return section === null ? fn() : section(name, fn);
}
