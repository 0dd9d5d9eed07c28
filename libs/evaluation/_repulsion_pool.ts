import { MessageChannel, Worker } from "node:worker_threads";
import { QuadTree } from "./_quadtree.ts";
import { Control, repulsionRange, WORKER_ROLE } from "./_repulsion.mjs";

// A worker that has not finished its share of one iteration (a few milliseconds of work) after this long is dead.
const STALL_MS = 60_000;

interface Helper {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly port: MessagePort;
  readonly exited: Promise<void>;
  from: number;
  to: number;
}

type MessagePort = import("node:worker_threads").MessagePort;

/**
 * Barnes-Hut repulsion of every point, with the points split between this thread and `threads - 1` worker threads
 * reading one shared tree. Each point's terms are computed alone and the per-point sums of q are added in point
 * order, so the result is bit-identical for any number of threads.
 */
export class RepulsionPool {
  readonly #n: number;
  readonly #tree: QuadTree;
  readonly #helpers: Helper[];
  readonly #y: Float64Array;
  readonly #force: Float64Array;
  readonly #sumQ: Float64Array;
  #stack = new Int32Array(0);
  #version = -1;
  #generation = 0;
  #mainTo: number;

  private constructor(n: number, helpers: Helper[], shared: boolean) {
    const allocate = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    this.#n = n;
    this.#helpers = helpers;
    this.#tree = new QuadTree(allocate);
    this.#y = new Float64Array(allocate(16 * n));
    this.#force = new Float64Array(allocate(16 * n));
    this.#sumQ = new Float64Array(allocate(8 * n));
    const share = Math.ceil(n / (helpers.length + 1));
    this.#mainTo = Math.min(n, share);
    helpers.forEach((h, k) => {
      h.from = Math.min(n, (k + 1) * share);
      h.to = Math.min(n, (k + 2) * share);
    });
  }

  /** A pool for `n` points on `threads` threads in all (1: this thread only, no worker). */
  static async start(n: number, threads: number): Promise<RepulsionPool> {
    const helpers: Helper[] = [];
    try {
      for (let k = 1; k < threads; k++) {
        const control = new Int32Array(new SharedArrayBuffer(4 * Control.LENGTH));
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(new URL("./_repulsion.mjs", import.meta.url), {
          workerData: { role: WORKER_ROLE, control: control.buffer, port: port2 },
          transferList: [port2],
        });
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
        helpers.push({ worker, control, port: port1, exited, from: 0, to: 0 });
        await new Promise<void>((resolve, reject) => {
          worker.once("online", resolve);
          worker.once("error", reject);
        });
      }
    } catch (err) {
      await Promise.all(helpers.map((h) => h.worker.terminate()));
      throw err;
    }
    return new RepulsionPool(n, helpers, threads > 1);
  }

  /**
   * Repulsive forces of the layout `y` into `force` (2 values per point) and the normaliser Z = sum of q over
   * all pairs, which it returns.
   */
  compute(y: Float64Array, thetaSquared: number, force: Float64Array): number {
    const n = this.#n;
    this.#y.set(y.subarray(0, 2 * n));
    const tree = this.#tree;
    tree.build(this.#y, n, thetaSquared);
    if (tree.version !== this.#version) {
      this.#version = tree.version;
      this.#stack = new Int32Array(tree.nodes.length / 4 + 1);
      for (const h of this.#helpers) {
        h.port.postMessage({
          nodes: tree.nodes,
          links: tree.links,
          y: this.#y,
          force: this.#force,
          sumQ: this.#sumQ,
        });
        Atomics.add(h.control, Control.EPOCH, 1);
      }
    }
    this.#generation++;
    for (const h of this.#helpers) {
      Atomics.store(h.control, Control.FROM, h.from);
      Atomics.store(h.control, Control.TO, h.to);
      Atomics.store(h.control, Control.GENERATION, this.#generation);
      Atomics.notify(h.control, Control.GENERATION);
    }
    repulsionRange(tree.nodes, tree.links, this.#stack, this.#y, 0, this.#mainTo, this.#force, this.#sumQ);
    for (const h of this.#helpers) {
      const started = Date.now();
      for (;;) {
        const done = Atomics.load(h.control, Control.DONE);
        if (done >= this.#generation) break;
        if (Atomics.load(h.control, Control.FAILED) === 1) throw new Error("A t-SNE worker thread failed");
        Atomics.wait(h.control, Control.DONE, done, 1000);
        if (Date.now() - started > STALL_MS) throw new Error("A t-SNE worker thread stopped responding");
      }
    }
    force.set(this.#force);
    let z = 0;
    for (let i = 0; i < n; i++) z += this.#sumQ[i] as number;
    return z;
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    for (const h of this.#helpers) {
      Atomics.store(h.control, Control.STOP, 1);
      Atomics.add(h.control, Control.GENERATION, 1);
      Atomics.notify(h.control, Control.GENERATION);
    }
    await Promise.all(this.#helpers.map((h) => h.exited));
    for (const h of this.#helpers) h.port.close();
  }
}
