// The Barnes-Hut repulsion of t-SNE over a breadth-first QuadTree layout (see _quadtree.ts), shared by the main
// thread and the worker threads that split the points between them. Plain JavaScript because worker threads start
// without the TypeScript loader the rest of the package runs under.
import { isMainThread, receiveMessageOnPort, workerData } from "node:worker_threads";

/** Marks the workers started by _repulsion_pool.ts. */
export const WORKER_ROLE = "dermanomaly-tsne-repulsion";

/** Control words shared with a worker (Int32Array indices). */
export const Control = { GENERATION: 0, DONE: 1, FROM: 2, TO: 3, EPOCH: 4, STOP: 5, FAILED: 6, LENGTH: 7 };

/**
 * For points from..to-1 of `y` ([x0, y0, x1, y1, ...]): over the cells seen under an angle below theta (squared
 * width < theta^2 * squared distance, scikit-learn's test) or leaves, the sums of count * q (into sumQ[i]) and of
 * count * q^2 * (y_i - centre of mass) (into force[2i], force[2i + 1]), q = 1 / (1 + squared distance). Leaves at
 * the point's own place are skipped. `nodes` holds per cell: centre of mass x, y, count, and squared width / theta^2
 * (-1 for a leaf); `links` the first child and the number of children. The children of an opened cell are
 * handled in one pass, and only those to open go on the stack.
 *
 * @param {Float64Array} nodes
 * @param {Int32Array} links
 * @param {Int32Array} stack
 * @param {Float64Array} y
 * @param {number} from
 * @param {number} to
 * @param {Float64Array} force
 * @param {Float64Array} sumQ
 */
export function repulsionRange(nodes, links, stack, y, from, to, force, sumQ) {
  const rootOpen = links[1] > 0;
  for (let i = from; i < to; i++) {
    const px = y[2 * i];
    const py = y[2 * i + 1];
    let top = 0;
    if (rootOpen) stack[top++] = 0;
    let z = 0;
    let fx = 0;
    let fy = 0;
    while (top > 0) {
      const c = stack[--top];
      const first = links[2 * c];
      const end = first + links[2 * c + 1];
      for (let k = first; k < end; k++) {
        const b = 4 * k;
        const dx = px - nodes[b];
        const dy = py - nodes[b + 1];
        const d2 = dx * dx + dy * dy;
        const open = nodes[b + 3];
        if (open < 0) {
          if (d2 <= 1e-24) continue;
        } else if (open >= d2) {
          stack[top++] = k;
          continue;
        }
        const q = 1 / (1 + d2);
        const m = nodes[b + 2] * q;
        z += m;
        const mq = m * q;
        fx += mq * dx;
        fy += mq * dy;
      }
    }
    force[2 * i] = fx;
    force[2 * i + 1] = fy;
    sumQ[i] = z;
  }
}

// A worker: wait for a new generation, compute its range, count itself done; buffers arrive on the port whenever
// the epoch changes (read synchronously, since the thread is blocked in Atomics.wait otherwise). A failure is
// flagged in the control words before the worker ends, so the waiting thread need not time out.
if (!isMainThread && workerData?.role === WORKER_ROLE) {
  const control = new Int32Array(workerData.control);
  const port = workerData.port;
  let generation = 0;
  let epoch = -1;
  let buffers;
  let stack = new Int32Array(0);
  try {
    for (;;) {
      Atomics.wait(control, Control.GENERATION, generation);
      generation = Atomics.load(control, Control.GENERATION);
      if (Atomics.load(control, Control.STOP) === 1) break;
      const current = Atomics.load(control, Control.EPOCH);
      if (current !== epoch) {
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          buffers = m.message;
        }
        epoch = current;
        stack = new Int32Array(buffers.nodes.length / 4 + 1);
      }
      const { nodes, links, y, force, sumQ } = buffers;
      repulsionRange(nodes, links, stack, y, control[Control.FROM], control[Control.TO], force, sumQ);
      Atomics.add(control, Control.DONE, 1);
      Atomics.notify(control, Control.DONE);
    }
  } catch (err) {
    Atomics.store(control, Control.FAILED, 1);
    Atomics.notify(control, Control.DONE);
    throw err;
  } finally {
    port.close();
  }
}
