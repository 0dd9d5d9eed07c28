import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  disposeBackend,
  heapKernelRuns,
  initBackend,
  loadHeapModules,
  unloadHeapModules,
} from "@dermanomaly/tf";
import {
  fusedActivationGrad,
  fusedBiasAct,
  fusedChannelDot,
  fusedChannelScale,
  sumChannels,
  sumToLast,
} from "./_fused.ts";
import { randn, relMaxError } from "./_testing.ts";
import { tf } from "./_tf.ts";

// The kernels run on the wasm heap and on cpu's arrays: both are checked against naive float64 loops.
const BACKENDS = ["wasm", "cpu"] as const;

before(async () => {
  await initBackend({ backend: "wasm", threads: 1, log: false });
});
after(() => disposeBackend());

async function onEach(check: (backend: string) => void): Promise<void> {
  for (const backend of BACKENDS) {
    await tf.setBackend(backend);
    tf.tidy(() => check(backend));
  }
  await tf.setBackend("wasm");
}

const [N, H, W, C] = [2, 3, 4, 5];
const values = (n: number, seed: number, scale = 1) => Float32Array.from(randn(n, seed), (v) => v * scale);

// Naive: u = x·scale + noise + bias, v = clamp(gain·lrelu(u), ±c).
function biasActRef(
  x: Float32Array,
  bias: Float32Array,
  noise: { data: Float32Array; shared: boolean } | null,
  o: { scale: number; gain: number | null; clamp: number | null },
): { u: number[]; v: number[] } {
  const u: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const ch = i % C;
    const pixel = Math.floor(i / C);
    const nv = noise === null ? 0 : noise.data[noise.shared ? pixel % (H * W) : pixel]!;
    const ui = x[i]! * o.scale + nv + bias[ch]!;
    let vi = o.gain === null ? ui : o.gain * (ui > 0 ? ui : 0.2 * ui);
    if (o.clamp !== null) vi = Math.min(o.clamp, Math.max(-o.clamp, vi));
    u.push(ui);
    v.push(vi);
  }
  return { u, v };
}

test("fusedBiasAct() equals a naive loop on wasm and cpu, with per-sample, shared and no noise", async () => {
  const x = values(N * H * W * C, 1, 3);
  const bias = values(C, 2);
  const perSample = values(N * H * W, 3);
  const shared = values(H * W, 4);
  const settings = [
    { scale: 0.7, gain: 1.5, clamp: 2 },
    { scale: 1, gain: null, clamp: null },
    { scale: 2, gain: Math.SQRT2, clamp: null },
    { scale: 0.5, gain: null, clamp: 0.5 },
  ];
  const noises = [null, { data: perSample, shared: false }, { data: shared, shared: true }];
  await onEach((backend) => {
    for (const o of settings)
      for (const noise of noises) {
        const nt = noise === null ? null : tf.tensor4d(noise.data, [noise.shared ? 1 : N, H, W, 1]);
        const [v, u] = fusedBiasAct(tf.tensor4d(x, [N, H, W, C]), tf.tensor1d(bias), nt, o);
        const want = biasActRef(x, bias, noise, o);
        const what = `${backend}, ${JSON.stringify(o)}, noise ${noise === null ? "none" : noise.shared ? "shared" : "per sample"}`;
        assert.deepEqual(v.shape, [N, H, W, C]);
        assert.ok(relMaxError(u.dataSync(), want.u) < 1e-6, `u: ${what}`);
        assert.ok(relMaxError(v.dataSync(), want.v) < 1e-6, `v: ${what}`);
      }
  });
});

test("fusedActivationGrad() is dy times the activation's slope (zero where the clamp holds) on wasm and cpu", async () => {
  // u on both sides of 0 and of the clamp thresholds, and exactly 0.
  const u = values(N * H * W * C, 5, 3);
  u[7] = 0;
  const dy = values(N * H * W * C, 6);
  const settings = [
    { scale: 0.7, gain: 1.5, clamp: 2 },
    { scale: 1, gain: null, clamp: null },
    { scale: 2, gain: Math.SQRT2, clamp: null },
    { scale: 0.5, gain: null, clamp: 0.5 },
  ];
  await onEach((backend) => {
    for (const o of settings) {
      const want = Array.from(u, (ui, i) => {
        const pre = o.gain === null ? ui : o.gain * (ui > 0 ? ui : 0.2 * ui);
        const slope = o.gain === null ? 1 : o.gain * (ui > 0 ? 1 : ui < 0 ? 0.2 : 0.6);
        const pass = o.clamp === null || Math.abs(pre) < o.clamp ? 1 : 0;
        return dy[i]! * slope * o.scale * pass;
      });
      const got = fusedActivationGrad(tf.tensor4d(dy, [N, H, W, C]), tf.tensor4d(u, [N, H, W, C]), o);
      assert.ok(relMaxError(got.dataSync(), want) < 1e-6, `${backend}, ${JSON.stringify(o)}`);
    }
  });
});

test("fusedChannelScale() and fusedChannelDot() equal naive per-sample, per-channel loops on wasm and cpu", async () => {
  const x = values(N * H * W * C, 7);
  const y = values(N * H * W * C, 8);
  await onEach((backend) => {
    for (const rows of [N, 1]) {
      const s = values(rows * C, 9);
      const want = Array.from(
        x,
        (xi, i) => xi * s[(rows === 1 ? 0 : Math.floor(i / (H * W * C))) * C + (i % C)]!,
      );
      const got = fusedChannelScale(tf.tensor4d(x, [N, H, W, C]), tf.tensor2d(s, [rows, C]));
      assert.ok(relMaxError(got.dataSync(), want) < 1e-6, `${backend}, ${rows} row(s)`);
    }
    const dot = new Float64Array(N * C);
    for (let i = 0; i < x.length; i++) dot[Math.floor(i / (H * W * C)) * C + (i % C)]! += x[i]! * y[i]!;
    const got = fusedChannelDot(tf.tensor4d(x, [N, H, W, C]), tf.tensor4d(y, [N, H, W, C]));
    assert.deepEqual(got.shape, [N, C]);
    assert.ok(relMaxError(got.dataSync(), dot) < 1e-6, backend);
  });
});

test("sumToLast() and sumChannels() equal naive sums on wasm and cpu, and their gradients broadcast dy back", async () => {
  const x = values(N * H * W * C, 10);
  await onEach((backend) => {
    const xt = tf.tensor4d(x, [N, H, W, C]);
    const last = new Float64Array(C);
    const perPixel = new Float64Array(N * H * W);
    const shared = new Float64Array(H * W);
    x.forEach((xi, i) => {
      last[i % C]! += xi;
      perPixel[Math.floor(i / C)]! += xi;
      shared[Math.floor(i / C) % (H * W)]! += xi;
    });
    assert.ok(relMaxError(sumToLast(xt).dataSync(), last) < 1e-6, `${backend} sumToLast`);
    assert.ok(relMaxError(sumToLast(tf.reshape(xt, [-1, C])).dataSync(), last) < 1e-6, `${backend} 2-D`);
    const byPixel = sumChannels(xt, true);
    assert.deepEqual(byPixel.shape, [N, H, W, 1]);
    assert.ok(relMaxError(byPixel.dataSync(), perPixel) < 1e-6, `${backend} sumChannels per sample`);
    const overBatch = sumChannels(xt, false);
    assert.deepEqual(overBatch.shape, [1, H, W, 1]);
    assert.ok(relMaxError(overBatch.dataSync(), shared) < 1e-6, `${backend} sumChannels over the batch`);
    // Σ probe·f(x) has gradient probe broadcast to x's shape, and its own gradient again (second order: 0 here,
    // as the ops are linear; the gradient of Σ (∂/∂x)² is 2·∂/∂x through the broadcast).
    const cases: [string, (t: tf.Tensor) => tf.Tensor, number[]][] = [
      ["sumToLast", (t) => sumToLast(t), [C]],
      ["sumChannels per sample", (t) => sumChannels(t as tf.Tensor4D, true), [N, H, W, 1]],
      ["sumChannels over the batch", (t) => sumChannels(t as tf.Tensor4D, false), [1, H, W, 1]],
    ];
    for (const [name, f, shape] of cases) {
      const probe = tf.tensor(
        values(
          shape.reduce((a, b) => a * b, 1),
          11,
        ),
        shape,
      );
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), probe)))(xt);
      const want = tf.broadcastTo(probe, [N, H, W, C]);
      assert.ok(relMaxError(g.dataSync(), want.dataSync()) < 1e-6, `${backend} ${name} gradient`);
      const second = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.grad((s: tf.Tensor) => tf.sum(tf.square(f(s))))(t), tf.onesLike(t))),
      )(xt);
      // ∂/∂x Σ_x 2·f(x)[broadcast] = 2·(number of x positions feeding each output) broadcast back.
      const fan = (N * H * W * C) / shape.reduce((a, b) => a * b, 1);
      assert.ok(
        relMaxError(second.dataSync(), new Float32Array(x.length).fill(2 * fan)) < 1e-6,
        `${backend} ${name} 2nd`,
      );
    }
  });
});

test("on wasm, the SIMD kernels give the JavaScript loops' values (to float32 rounding) where channels allow", async () => {
  // Channels a multiple of 16 take the SIMD code (sums) or of 4 (the rest); noise per sample and shared.
  const [n, h, w, c] = [3, 5, 4, 32];
  const size = n * h * w * c;
  const x = values(size, 20, 3);
  const y = values(size, 21);
  const bias = values(c, 22);
  const noise = values(n * h * w, 23);
  const s = values(n * c, 24);
  // u around the clamp thresholds of the first setting, exactly at them, and at ±0.
  const u = values(size, 25, 3);
  const o = { scale: 0.7, gain: 1.5, clamp: 2 };
  u[1] = Math.fround(o.clamp / o.gain);
  u[2] = Math.fround(-o.clamp / (0.2 * o.gain));
  u[3] = 0;
  u[4] = -0;
  const settings = [o, { scale: 1, gain: null, clamp: null }, { scale: 0.5, gain: null, clamp: 0.5 }];
  const run = () =>
    tf.tidy(() => {
      const t = (v: Float32Array, shape: number[]) => tf.tensor(v, shape);
      const xs = t(x, [n, h, w, c]) as tf.Tensor4D;
      const out: Float32Array[] = [];
      for (const a of settings) {
        for (const nz of [null, t(noise, [n, h, w, 1]), t(noise.subarray(0, h * w), [1, h, w, 1])]) {
          const [v, uu] = fusedBiasAct(xs, t(bias, [c]) as tf.Tensor1D, nz as tf.Tensor4D | null, a);
          out.push(v.dataSync() as Float32Array, uu.dataSync() as Float32Array);
        }
        out.push(fusedActivationGrad(t(y, [n, h, w, c]), t(u, [n, h, w, c]), a).dataSync() as Float32Array);
      }
      out.push(fusedChannelScale(xs, t(s, [n, c]) as tf.Tensor2D).dataSync() as Float32Array);
      out.push(fusedChannelScale(xs, t(s.subarray(0, c), [1, c]) as tf.Tensor2D).dataSync() as Float32Array);
      out.push(fusedChannelDot(xs, t(y, [n, h, w, c]) as tf.Tensor4D).dataSync() as Float32Array);
      out.push(sumToLast(xs).dataSync() as Float32Array);
      return out;
    });
  await tf.setBackend("wasm");
  await loadHeapModules();
  const before = heapKernelRuns();
  const simd = run();
  // 3 settings x (3 bias-act + 1 gradient) + 2 scales + dot + sum.
  assert.equal(heapKernelRuns() - before, 16, "every call took the SIMD code");
  unloadHeapModules();
  const js = run();
  assert.equal(heapKernelRuns() - before, 16, "none did without the module");
  await loadHeapModules();
  // Float32 rounding apart (x·scale and the slopes are float32 products in SIMD, float64 ones in the loops), which a
  // mask that selects differently (the activation gradient's bounds) would exceed by far.
  for (const [k, a] of simd.entries()) assert.ok(relMaxError(a, js[k]!) < 1e-6, `output ${k}`);
});
