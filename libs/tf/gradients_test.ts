import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Tensor, Tensor2D, Tensor4D } from "@tensorflow/tfjs";
import { quietCpu, randomValues, relativeError, valuesOn } from "./_testing.ts";
import { disposeBackend, initBackend } from "./backend.ts";
import { tf } from "./tf.ts";

// Tolerance for wasm vs the cpu backend: max |a - b| / max |b| per gradient tensor.
const TOL = 1e-4;

const shapes = {
  x: [2, 8, 8, 3],
  w1: [3, 3, 3, 4],
  w2: [3, 3, 4, 5],
  w3: [4, 4, 4, 5],
  w4: [1, 1, 4, 2],
  w5: [2 * 8 * 8, 3],
} as const;
type Name = keyof typeof shapes;
const names = Object.keys(shapes) as Name[];

function inputs(): Record<Name, Tensor> {
  return Object.fromEntries(
    names.map((n, i) => [
      n,
      tf.tensor(
        randomValues(
          shapes[n].reduce((a: number, b: number) => a * b, 1),
          100 + i,
        ),
        [...shapes[n]],
      ),
    ]),
  ) as Record<Name, Tensor>;
}

/** lrelu(0.2) written so that it has gradients of any order. */
function act(h: Tensor): Tensor {
  return h.mul(0.6).add(h.abs().mul(0.4));
}

/** A small discriminator-like net: conv, strided conv, transposed conv, 1x1 conv, dense. */
function net(x: Tensor, w: Record<Name, Tensor>): Tensor {
  const h1 = act(tf.conv2d(x as Tensor4D, w.w1 as Tensor4D, 1, "same")) as Tensor4D;
  const h2 = act(tf.conv2d(h1, w.w2 as Tensor4D, 2, "same")) as Tensor4D;
  const h3 = act(tf.conv2dTranspose(h2, w.w3 as Tensor4D, [2, 8, 8, 4], 2, "same")) as Tensor4D;
  const h4 = tf.conv2d(h3, w.w4 as Tensor4D, 1, "valid");
  return tf.matMul(h4.reshape([2, 8 * 8 * 2]), w.w5 as Tensor2D);
}

const weights: Name[] = ["w1", "w2", "w3", "w4", "w5"];

describe("gradients of a small conv net on wasm match the cpu backend", () => {
  before(async () => {
    await initBackend({ backend: "wasm", threads: 1, log: false });
    quietCpu();
  });
  after(() => disposeBackend());

  test("first order: d sum(net(x)^2) / d(x, weights)", async () => {
    const fn = () => {
      const v = inputs();
      const f = (...args: Tensor[]) => {
        const w = Object.fromEntries(names.map((n, i) => [n, args[i]!])) as Record<Name, Tensor>;
        return net(w.x, w).square().sum();
      };
      return tf.grads(f)(names.map((n) => v[n]));
    };
    const got = await valuesOn("wasm", fn);
    const want = await valuesOn("cpu", fn);
    for (const [i, n] of names.entries()) {
      const err = relativeError(got[i]!, want[i]!);
      assert.ok(err < TOL, `d/d${n}: relative error ${err}`);
    }
  });

  test("second order, as R1 does: d sum((d sum(net(x)) / dx)^2) / d weights", async () => {
    const fn = () => {
      const v = inputs();
      const r1 = (...ws: Tensor[]) => {
        const w = { ...v, ...Object.fromEntries(weights.map((n, i) => [n, ws[i]!])) } as Record<Name, Tensor>;
        const gx = tf.grad((x: Tensor) => net(x, w).sum())(v.x);
        return gx.square().sum();
      };
      return tf.grads(r1)(weights.map((n) => v[n]));
    };
    const got = await valuesOn("wasm", fn);
    const want = await valuesOn("cpu", fn);
    for (const [i, n] of weights.entries()) {
      const err = relativeError(got[i]!, want[i]!);
      assert.ok(err < TOL, `d/d${n}: relative error ${err}`);
      assert.ok(
        want[i]!.some((x) => x !== 0),
        `d/d${n} is not trivially zero`,
      );
    }
  });
});
