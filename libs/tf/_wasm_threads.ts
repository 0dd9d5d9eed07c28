// Lets @tensorflow/tfjs-backend-wasm 4.22 run its XNNPACK thread pool in Node.
//
// The package turns threads off in Node (tfjs issue #3830). Its Emscripten glue hands Node's `Worker` a `blob:` URL
// for the pthread script and posts the main script to each worker as a `Blob`; Node accepts neither. While the backend
// starts we record the text of the Blobs the package creates, write it to real files, and point the workers at them.
// The C++ side sizes its pool at half of `os.cpus()`, so that count is doubled for the same window. This depends on
// the 4.22 internals named here; `wasm_threads_test.ts` pins the behaviour.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const workerThreads = require("node:worker_threads") as typeof import("node:worker_threads");
const os = require("node:os") as typeof import("node:os");

// Free names the threaded factory's source expects from its bundle scope (Rollup and tslib helpers).
const WORKER_PRELUDE = `"use strict";
globalThis.require$$0 = require("fs");
globalThis.require$$1 = require("path");
globalThis.require$$3 = require("perf_hooks");
globalThis.require$$4 = require("os");
globalThis.commonjsGlobal = globalThis;
globalThis.__values = function (o) { return o[Symbol.iterator](); };
globalThis.__read = function (o, n) { var a = Array.from(o); return n === undefined ? a : a.slice(0, n); };
globalThis.__spreadArray = function (to, from) { return to.concat(Array.from(from)); };
`;

let workerDir: string | undefined;
/** Files written so far, by content: each is written once, since workers may be reading it while more start. */
const written = new Map<string, string>();

function scriptFile(text: string): string {
  let path = written.get(text);
  if (path === undefined) {
    path = join(scratchDir(), `script-${written.size}.cjs`);
    writeFileSync(path, text);
    written.set(text, path);
  }
  return path;
}

function scratchDir(): string {
  if (workerDir === undefined) {
    workerDir = mkdtempSync(join(tmpdir(), "dermanomaly-tfjs-wasm-"));
    process.once("exit", () => {
      if (workerDir !== undefined) rmSync(workerDir, { recursive: true, force: true });
    });
  }
  return workerDir;
}

/**
 * Runs `start` (which must call `tf.setBackend("wasm")`) with the patches that let the wasm backend start a pool of
 * `threads` workers in Node. All patches of Node built-ins are undone when `start` settles; the `Worker` class the
 * Emscripten glue captured keeps translating `blob:` URLs for workers it creates later.
 */
export async function withWasmThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const OriginalWorker = workerThreads.Worker;
  const originalCpus = os.cpus;
  const blobText = new WeakMap<Blob, string>();
  const urlText = new Map<string, string>();

  class RecordingBlob extends OriginalBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      const [parts, options] = args;
      super(parts, options);
      if (parts?.every((p) => typeof p === "string")) blobText.set(this, parts.join(""));
    }
  }
  class BlobUrlWorker extends OriginalWorker {
    constructor(file: string | URL, options?: import("node:worker_threads").WorkerOptions) {
      const name = String(file);
      let path: string | URL = file;
      if (name.startsWith("blob:")) {
        const text = urlText.get(name);
        if (text === undefined) throw new Error(`Cannot start wasm worker: unknown script "${name}"`);
        path = scriptFile(WORKER_PRELUDE + text);
      }
      // The worker is plain CommonJS: none of the parent's loader flags (--import tsx, --input-type) apply to it.
      super(path, { ...options, execArgv: options?.execArgv ?? [] });
      // XNNPACK's pool threads live as long as the backend; they must not keep the process alive on their own.
      super.unref();
    }
    override ref(): void {}
    override postMessage(
      value: unknown,
      transferList?: readonly import("node:worker_threads").TransferListItem[],
    ) {
      const msg = value as { cmd?: unknown; urlOrBlob?: unknown } | null;
      if (
        msg !== null &&
        typeof msg === "object" &&
        msg.cmd === "load" &&
        msg.urlOrBlob instanceof OriginalBlob
      ) {
        const text = blobText.get(msg.urlOrBlob);
        if (text !== undefined) value = { ...msg, urlOrBlob: scriptFile(text) };
      }
      super.postMessage(value, transferList);
    }
  }

  const cpus = originalCpus();
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (obj: Blob) => {
    const url = originalCreateObjectURL(obj);
    const text = blobText.get(obj);
    if (text !== undefined) urlText.set(url, text);
    return url;
  };
  workerThreads.Worker = BlobUrlWorker;
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
  try {
    return await start();
  } finally {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    workerThreads.Worker = OriginalWorker;
    os.cpus = originalCpus;
  }
}
