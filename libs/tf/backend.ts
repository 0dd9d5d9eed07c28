import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { withWasmThreads } from "./_wasm_threads.ts";
import { loadHeapModules, unloadHeapModules } from "./heap_module.ts";
import { nativeUnavailable, startNativeRuntime, stopNativeRuntime } from "./kernels/_native.ts";
import { clearWasmKernelCaches, registerWasmKernels } from "./kernels/register.ts";
import { tf } from "./tf.ts";
import { guardWasmHeap, wasmHeapBroken } from "./wasm_heap.ts";

const require = createRequire(import.meta.url);

/** Backends `initBackend()` can start, best first. */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;

/** A TF.js backend: native TensorFlow on GPU or CPU (tfjs-node), WebAssembly with XNNPACK, or plain JavaScript. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Environment variable naming the backend when `InitBackendOptions.backend` is not given. */
export const BACKEND_ENV = "DERMANOMALY_TF_BACKEND";
/** Environment variable giving the wasm thread count when `InitBackendOptions.threads` is not given. */
export const THREADS_ENV = "DERMANOMALY_TF_THREADS";
/** Environment variable choosing the wasm backend's native engine when `InitBackendOptions.native` is not given. */
export const NATIVE_ENV = "DERMANOMALY_TF_NATIVE";

/** Native engines the wasm backend can hand its convolutions to. */
export type NativeEngine = "onnxruntime";

/** Options of `initBackend()`. */
export interface InitBackendOptions {
  /**
   * Backend to start; `"auto"` tries `tensorflow-gpu`, `tensorflow`, `wasm`, `cpu` in turn and keeps the first that
   * starts. An explicit backend that cannot start is an error.
   * @default process.env.DERMANOMALY_TF_BACKEND, else "auto"
   */
  backend?: BackendName | "auto";
  /**
   * Threads of the wasm backend: ONNX Runtime's pool when the convolutions run natively (the wasm module then runs
   * one thread), else the XNNPACK pool; 1 keeps everything on the calling thread. Other backends manage their own
   * threads.
   * @default process.env.DERMANOMALY_TF_THREADS, else os.availableParallelism()
   */
  threads?: number;
  /**
   * Where the wasm backend runs its convolutions (forward, input and weight gradients): `"onnxruntime"` on ONNX
   * Runtime's native kernels (2-3x faster than XNNPACK in wasm, which has no 256-bit SIMD or fused multiply-add),
   * `"none"` on wasm. `"auto"` takes ONNX Runtime where onnxruntime-node loads, else wasm. Other backends ignore it.
   * @default process.env.DERMANOMALY_TF_NATIVE, else "auto"
   */
  native?: NativeEngine | "none" | "auto";
  /**
   * Where the one-line report of the choice goes; `false` for silence.
   * @default console.error
   */
  log?: ((line: string) => void) | false;
}

/** One backend that was tried and did not start. */
export interface BackendAttempt {
  name: BackendName;
  /** Why it did not start. */
  error: string;
}

/** The backend `initBackend()` started. */
export interface BackendChoice {
  name: BackendName;
  /** Why this one: asked for explicitly, or the first of the auto order that started. */
  reason: string;
  /** Threads the backend computes with (wasm: its pool size; native: 0 = TensorFlow decides; cpu: 1). */
  threads: number;
  /**
   * The native engine of the wasm backend's convolutions (ONNX Runtime, with its version), or null where they run on
   * wasm (other backends, `native: "none"`, or ONNX Runtime unavailable: see {@link nativeSkipped}).
   */
  native: { engine: NativeEngine; version: string } | null;
  /** Why `"auto"` left the convolutions on wasm. @default undefined */
  nativeSkipped?: string;
  /** Backends tried before it, in order. */
  tried: BackendAttempt[];
}

let current: BackendChoice | undefined;
/** The tfjs name of the active backend (both native packages register "tensorflow"). */
let currentTfName: string | undefined;

/** The backend `initBackend()` chose last, or undefined before it ran (or after `disposeBackend()`). */
export function currentBackend(): BackendChoice | undefined {
  return current;
}

/**
 * Starts a TF.js backend for this process and makes it the active one for the shared `tf`. One backend runs per
 * process: later calls that ask for `"auto"` or for the running backend get the running one (as started, whatever
 * their `threads`); asking for another is an error until `disposeBackend()`.
 *
 * @example
 * ```ts
 * import { initBackend, tf } from "@dermanomaly/tf";
 * const { name } = await initBackend({ backend: "wasm", threads: 2 });
 * tf.conv2d(x, w, 1, "same");
 * ```
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  // Calls run one after another, so that concurrent callers share one start.
  const run = queue.then(() => initOnce(options));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function initOnce(options: InitBackendOptions): Promise<BackendChoice> {
  const wanted = options.backend ?? parseBackend(process.env[BACKEND_ENV]);
  const threads = options.threads ?? parseThreads(process.env[THREADS_ENV]);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`Thread count must be a positive integer, got "${threads}"`);
  }
  const native = options.native ?? parseNative(process.env[NATIVE_ENV]);
  const log = options.log === undefined ? (line: string) => console.error(line) : options.log;
  // A wasm backend whose allocator failed past its heap's end cannot allocate any more: start it afresh.
  if (currentTfName === "wasm" && wasmHeapBroken()) disposeBackend();
  if (current !== undefined) {
    // One backend per process: later calls (auto, or asking for the running one) share it as started.
    if (wanted === "auto" || wanted === current.name) return current;
    throw new Error(
      `TF.js backend "${current.name}" is already running; call disposeBackend() before starting "${wanted}"`,
    );
  }
  let started: Pick<BackendChoice, "native" | "nativeSkipped"> = { native: null };
  const choice = await selectBackend(wanted, async (name) => {
    const r = await start(name, threads, native);
    started = r;
    return r.threads;
  });
  Object.assign(choice, started);
  // tfjs-node-gpu without a usable CUDA 11.2 + cuDNN 8.1 quietly runs on the CPU.
  if (
    choice.name === "tensorflow-gpu" &&
    (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === false
  ) {
    choice.reason += "; no GPU found, TensorFlow runs on the CPU";
  }
  current = choice;
  if (log !== false) {
    const skipped = choice.tried.map((t) => `${t.name} (${t.error})`).join("; ");
    const engine =
      choice.native !== null
        ? `, convolutions on ONNX Runtime ${choice.native.version}`
        : choice.nativeSkipped !== undefined
          ? `, convolutions on wasm (${choice.nativeSkipped})`
          : "";
    log(
      `TF.js backend "${choice.name}" with ${choice.threads} thread(s)${engine}, ${choice.reason}` +
        (skipped === "" ? "" : `; not available: ${skipped}`),
    );
  }
  return current;
}

/**
 * The selection rule of {@linkcode initBackend}, apart from what starting a backend takes: `"auto"` tries
 * {@linkcode BACKEND_NAMES} in order and keeps the first that starts (recording why the others did not); an
 * explicit backend that cannot start is an error naming it and why. `start` resolves to the backend's thread count.
 */
export async function selectBackend(
  wanted: BackendName | "auto",
  start: (name: BackendName) => Promise<number>,
): Promise<BackendChoice> {
  const tried: BackendAttempt[] = [];
  const order = wanted === "auto" ? BACKEND_NAMES : [wanted];
  for (const name of order) {
    try {
      const threads = await start(name);
      const reason =
        wanted === "auto" ? `auto: first of ${BACKEND_NAMES.join(", ")} to start` : `asked for "${name}"`;
      return { name, reason, threads, tried, native: null };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (wanted !== "auto") throw new Error(`Cannot start TF.js backend "${name}": ${error}`, { cause: e });
      tried.push({ name, error });
    }
  }
  throw new Error(`No TF.js backend could start: ${tried.map((t) => `${t.name} (${t.error})`).join("; ")}`);
}

/**
 * Why a backend cannot start here, found without starting it (no package is loaded, no backend registered), or
 * undefined when it can be tried: a native package must be installed with its addon (its install script downloads
 * libtensorflow), the wasm package installed; cpu is always there. `resolve` finds a package's folder (injectable).
 */
export function backendUnavailable(
  name: BackendName,
  resolve: (pkg: string) => string | undefined = resolvePackage,
): string | undefined {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      const pkg = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      const root = resolve(pkg);
      if (root === undefined) return `package "${pkg}" is not installed`;
      return nativeAddons(root).length === 0 ? missingAddon(pkg) : undefined;
    }
    case "wasm":
      return resolve("@tensorflow/tfjs-backend-wasm") === undefined
        ? 'package "@tensorflow/tfjs-backend-wasm" is not installed'
        : undefined;
    case "cpu":
      return undefined;
  }
}

function resolvePackage(pkg: string): string | undefined {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

function nativeAddons(root: string): string[] {
  const lib = join(root, "lib");
  return existsSync(lib)
    ? readdirSync(lib)
        .filter((d) => /^napi-v\d+$/.test(d))
        .map((d) => join(lib, d, "tfjs_binding.node"))
        .filter((f) => existsSync(f))
    : [];
}

function missingAddon(pkg: string): string {
  return `native addon of "${pkg}" is missing (its install script downloads libtensorflow; rebuild it with network access)`;
}

/**
 * The backend for one job of a service that runs its jobs one at a time: the one an earlier job left running is kept
 * when it is the one asked for (or `auto` is), else replaced.
 *
 * @throws {StatusError} FAILED_PRECONDITION naming the backend and why it cannot start here
 */
export async function initJobBackend(name: BackendName | "auto"): Promise<BackendChoice> {
  const running = currentBackend();
  if (running !== undefined && name !== "auto" && running.name !== name) disposeBackend();
  try {
    return await initBackend({ backend: name, log: false });
  } catch (err) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `TF.js backend "${name}" cannot run here: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Removes the active backend and frees what it holds (wasm: its heap, worker threads and the kernels' cached filters).
 * Its worker threads do not keep the process alive, so this is for freeing memory or switching backends.
 * `initBackend()` may run again afterwards.
 */
export function disposeBackend(): void {
  if (currentTfName === undefined) return;
  const name = currentTfName;
  if (name === "wasm") {
    clearWasmKernelCaches();
    stopNativeRuntime();
    unloadHeapModules();
  }
  // removeBackend also drops the factory; keep the backend startable for a later initBackend().
  const factory = tf.findBackendFactory(name);
  tf.removeBackend(name);
  if (factory != null) tf.registerBackend(name, factory, PRIORITY[name] ?? 1);
  current = undefined;
  currentTfName = undefined;
}

/** The tfjs-backend-wasm version whose internals `withWasmThreads()` patches. */
const WASM_THREADS_VERSION = "4.22.0";

/** The priorities the tfjs packages register their backends with. */
const PRIORITY: Record<string, number> = { tensorflow: 3, wasm: 2, cpu: 1 };

async function start(
  name: BackendName,
  threads: number,
  native: NativeEngine | "none" | "auto",
): Promise<Pick<BackendChoice, "threads" | "native" | "nativeSkipped">> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      const pkg = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      loadNative(pkg);
      await activate("tensorflow");
      return { threads: 0, native: null };
    }
    case "wasm": {
      let nativeSkipped = native === "none" ? undefined : nativeUnavailable();
      if (native === "onnxruntime" && nativeSkipped !== undefined) throw new Error(nativeSkipped);
      const useNative = native !== "none" && nativeSkipped === undefined;
      // ONNX Runtime reads and writes the wasm heap in place only when it is not shared: one wasm thread then.
      const wasmThreads = useNative ? 1 : threads;
      registerWasmKernels();
      const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
      wasm.setThreadsCount(wasmThreads);
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", wasmThreads > 1);
      if (wasmThreads > 1 && wasm.version_wasm !== WASM_THREADS_VERSION) {
        throw new Error(
          `threads for wasm in Node rely on @tensorflow/tfjs-backend-wasm ${WASM_THREADS_VERSION} internals, ` +
            `found "${wasm.version_wasm}"; use threads: 1`,
        );
      }
      if (wasmThreads > 1) await withWasmThreads(wasmThreads, () => activate("wasm"));
      else await activate("wasm");
      guardWasmHeap();
      await loadHeapModules();
      if (!useNative)
        return {
          threads: wasm.getThreadsCount(),
          native: null,
          ...(nativeSkipped !== undefined && { nativeSkipped }),
        };
      try {
        const rt = await startNativeRuntime(threads);
        return { threads, native: { engine: "onnxruntime", version: rt.version } };
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        if (native === "onnxruntime") throw new Error(`ONNX Runtime did not start: ${why}`, { cause: e });
        nativeSkipped = `ONNX Runtime did not start: ${why}`;
        return { threads: wasm.getThreadsCount(), native: null, nativeSkipped };
      }
    }
    case "cpu": {
      await activate("cpu");
      // The cpu backend greets its first tensor with advice to install tfjs-node; the choice is already logged.
      const cpu = tf.findBackend("cpu") as { firstUse?: boolean } | null;
      if (cpu !== null) cpu.firstUse = false;
      return { threads: 1, native: null };
    }
  }
}

async function activate(tfName: string): Promise<void> {
  if (!(await tf.setBackend(tfName))) {
    throw new Error(`tf.setBackend("${tfName}") failed (see the warning above)`);
  }
  await tf.ready();
  currentTfName = tfName;
}

/**
 * Loads a tfjs-node package. Their install script downloads libtensorflow, which fails offline; a missing addon is
 * reported without loading the package, since its kernels would register (and collide with the other package's)
 * before the addon fails to load.
 */
function loadNative(pkg: string): void {
  const root = resolvePackage(pkg);
  if (root === undefined) throw new Error(`package "${pkg}" is not installed`);
  if (nativeAddons(root).length === 0) throw new Error(missingAddon(pkg));
  require(pkg);
}

function parseBackend(value: string | undefined): BackendName | "auto" {
  if (value === undefined || value === "") return "auto";
  if (value === "auto" || (BACKEND_NAMES as readonly string[]).includes(value))
    return value as BackendName | "auto";
  throw new RangeError(
    `${BACKEND_ENV} must be one of "auto", "${BACKEND_NAMES.join('", "')}", got "${value}"`,
  );
}

function parseNative(value: string | undefined): NativeEngine | "none" | "auto" {
  if (value === undefined || value === "") return "auto";
  if (value === "auto" || value === "onnxruntime" || value === "none") return value;
  throw new RangeError(`${NATIVE_ENV} must be one of "auto", "onnxruntime", "none", got "${value}"`);
}

function parseThreads(value: string | undefined): number {
  if (value === undefined || value === "") return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${THREADS_ENV} must be a positive integer, got "${value}"`);
  }
  return n;
}
