import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import * as ort from "onnxruntime-node";

/** Environment variable choosing the execution provider when {@link OpenSessionOptions.provider} is not given. */
export const PROVIDER_ENV = "DERMANOMALY_ORT_PROVIDER";

/** Execution providers a session can run on: the CPU (always there) or CUDA (where its libraries are installed). */
export type ExecutionProvider = "cpu" | "cuda";

/** ONNX Runtime's graph optimisation levels. */
export type GraphOptimizationLevel = "disabled" | "basic" | "extended" | "all";

/** Options of {@link openSession}. */
export interface OpenSessionOptions {
  /**
   * Execution provider. `cuda` needs onnxruntime-node's CUDA provider libraries (installed with
   * `ONNXRUNTIME_NODE_INSTALL=cuda12`) and CUDA 12 + cuDNN 9; without them opening fails instead of quietly
   * running on the CPU.
   * @default process.env.DERMANOMALY_ORT_PROVIDER, else "cpu"
   */
  provider?: ExecutionProvider;
  /** Threads of one operator (ONNX Runtime's intra-op pool); 0 lets ONNX Runtime choose (one per core). @default 0 */
  threads?: number;
  /** Graph optimisations applied when the session opens. @default "all" */
  graphOptimizationLevel?: GraphOptimizationLevel;
  /** Write an ONNX Runtime profile (JSON) whose file name starts with this prefix. @default undefined (none) */
  profilePrefix?: string;
}

/** An open model: the ONNX Runtime session and how it was opened. */
export interface ModelSession {
  readonly session: ort.InferenceSession;
  readonly provider: ExecutionProvider;
  readonly threads: number;
  readonly path: string;
}

// Where onnxruntime-node keeps its native libraries (the CUDA provider is installed beside them).
function bindingDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve("onnxruntime-node");
  return join(dirname(main), "..", "bin", "napi-v6", process.platform, process.arch);
}

function parseProvider(value: string | undefined): ExecutionProvider {
  if (value === undefined || value === "" || value === "cpu") return "cpu";
  if (value === "cuda") return "cuda";
  throw new RangeError(`${PROVIDER_ENV} must be "cpu" or "cuda", got "${value}"`);
}

/**
 * Opens an ONNX model in ONNX Runtime (external data files are found beside the model).
 *
 * @example
 * ```ts
 * const { session } = await openSession("G.onnx", { threads: 2 });
 * const out = await session.run({ z: new ort.Tensor("float32", z, [1, 512]), psi: new ort.Tensor("float32", [1], []) });
 * ```
 * @throws {StatusError} NOT_FOUND for a missing model file; FAILED_PRECONDITION when CUDA is asked for and its
 * provider or libraries are missing; INVALID_ARGUMENT when ONNX Runtime cannot load the model
 */
export async function openSession(path: string, options: OpenSessionOptions = {}): Promise<ModelSession> {
  const provider = options.provider ?? parseProvider(process.env[PROVIDER_ENV]);
  const threads = options.threads ?? 0;
  if (!Number.isInteger(threads) || threads < 0) {
    throw new RangeError(`Thread count must be a non-negative integer, got "${threads}"`);
  }
  if (!existsSync(path)) throw new StatusError(Code.NOT_FOUND, `ONNX model "${path}" does not exist`);
  if (provider === "cuda") {
    const lib = join(bindingDir(), "libonnxruntime_providers_cuda.so");
    if (!existsSync(lib)) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `The CUDA execution provider is not installed ("${lib}" is missing): reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12, or unset ${PROVIDER_ENV}`,
      );
    }
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    intraOpNumThreads: threads,
    // One operator at a time: the networks are chains, and the intra-op pool already takes every thread asked for.
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: options.graphOptimizationLevel ?? "all",
    logSeverityLevel: 3,
  };
  if (options.profilePrefix !== undefined) {
    sessionOptions.enableProfiling = true;
    sessionOptions.profileFilePrefix = options.profilePrefix;
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path, sessionOptions);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (provider === "cuda") {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `ONNX Runtime could not start CUDA for "${path}" (CUDA 12 and cuDNN 9 libraries are needed): ${message}`,
        { cause: err },
      );
    }
    throw new StatusError(Code.INVALID_ARGUMENT, `ONNX Runtime cannot load "${path}": ${message}`, {
      cause: err,
    });
  }
  return { session, provider, threads, path };
}
