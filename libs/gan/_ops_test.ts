import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  biasAct,
  channelDot,
  channelScale,
  clamp,
  fir,
  lrelu,
  minibatchStd,
  modulatedConv,
  sumSquares,
  upsample2d,
} from "./_ops.ts";
import {
  conv2dRef,
  FILTER,
  fusedModConvRef,
  type Nchw,
  nchwToTensor,
  randn,
  relMaxError,
  tensorToNchw,
  upfirdn2d,
} from "./_testing.ts";
import { tf } from "./_tf.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const nchw = (shape: [number, number, number, number], seed: number): Nchw => ({
  shape,
  data: randn(shape[0] * shape[1] * shape[2] * shape[3], seed),
});

test("upsample2d() matches upfirdn2d(up 2, pad 2/1, gain 4) from a naive loop", () => {
  const x = nchw([2, 3, 5, 4], 1);
  const got = tensorToNchw(upsample2d(nchwToTensor(x)));
  const want = upfirdn2d(x, FILTER, { up: 2, pad: [2, 1, 2, 1], gain: 4 });
  assert.deepEqual(got.shape, want.shape);
  assert.ok(relMaxError(got.data, want.data) < 1e-6);
});

test("FIR then a stride-2 conv matches NVIDIA's D down-conv and skip recipes (naive loops)", () => {
  const x = nchw([2, 3, 8, 8], 2);
  const w3 = { shape: [4, 3, 3, 3], data: randn(4 * 3 * 9, 3) };
  const w1 = { shape: [4, 3, 1, 1], data: randn(12, 4) };
  const xt = nchwToTensor(x);
  const tfW = (w: { shape: number[]; data: Float64Array }) =>
    tf.transpose(
      tf.tensor4d(Float32Array.from(w.data), w.shape as [number, number, number, number]),
      [2, 3, 1, 0],
    ) as tf.Tensor4D;
  // conv1 (down 2): FIR pad 2 -> 3x3 stride-2 valid correlation.
  const gotConv = tensorToNchw(tf.conv2d(fir(xt, [2, 2, 2, 2]), tfW(w3), 2, "valid"));
  const wantConv = conv2dRef(upfirdn2d(x, FILTER, { pad: [2, 2, 2, 2] }), w3, 0, 2);
  assert.deepEqual(gotConv.shape, [2, 4, 4, 4]);
  assert.ok(relMaxError(gotConv.data, wantConv.data) < 1e-6);
  // skip (1x1, down 2): FIR pad 1 -> keep [::2, ::2] -> 1x1 conv; here as a stride-2 1x1 conv.
  const gotSkip = tensorToNchw(tf.conv2d(fir(xt, [1, 1, 1, 1]), tfW(w1), 2, "valid"));
  const wantSkip = conv2dRef(upfirdn2d(x, FILTER, { pad: [1, 1, 1, 1], down: 2 }), w1, 0);
  assert.deepEqual(gotSkip.shape, [2, 4, 4, 4]);
  assert.ok(relMaxError(gotSkip.data, wantSkip.data) < 1e-6);
});

function modconvCase(up: boolean, demodulate: boolean) {
  const [n, cin, cout, h] = [2, 3, 4, 5];
  const k = demodulate ? 3 : 1;
  const x = nchw([n, cin, h, h], 10);
  const w = { shape: [cout, cin, k, k], data: randn(cout * cin * k * k, 11) };
  const s = randn(n * cin, 12).map((v) => v + 1);
  const wt = tf.tensor4d(Float32Array.from(w.data), [cout, cin, k, k]);
  const weight = tf.transpose(wt, up ? [2, 3, 0, 1] : [2, 3, 1, 0]) as tf.Tensor4D;
  return { x, w, s, weight, styles: tf.tensor2d(Float32Array.from(s), [n, cin]), n, cin, cout, h };
}

for (const [up, demodulate] of [
  [false, true],
  [false, false],
  [true, true],
] as const) {
  test(`modulatedConv(up ${up}, demodulate ${demodulate}) matches a naive fused modulated conv`, () => {
    const c = up ? modconvCase(true, true) : modconvCase(false, demodulate);
    const got = tensorToNchw(modulatedConv(nchwToTensor(c.x), c.weight, c.styles, { up, demodulate }));
    const want = fusedModConvRef(c.x, c.w, c.s, { up, demodulate });
    assert.deepEqual(got.shape, want.shape);
    assert.ok(relMaxError(got.data, want.data) < 1e-5, `error ${relMaxError(got.data, want.data)}`);
  });

  test(`modulatedConv(up ${up}, demodulate ${demodulate}) gradients match central differences`, () => {
    const c = up ? modconvCase(true, true) : modconvCase(false, demodulate);
    const x = tf.variable(nchwToTensor(c.x));
    const wv = tf.variable(c.weight);
    const sv = tf.variable(c.styles);
    const probe = tf.tensor(Float32Array.from(randn(c.n * c.cout * (up ? 4 : 1) * c.h * c.h, 13)));
    const loss = () =>
      tf.sum(tf.mul(tf.reshape(modulatedConv(x, wv, sv, { up, demodulate }), [-1]), probe)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [x, wv, sv]);
    for (const v of [x, wv, sv]) {
      const g = grads[v.name]!.dataSync();
      const idx = [0, 3, Math.floor(v.size / 2), v.size - 1];
      const fd = finiteDiff(v, idx, () => loss().dataSync()[0]!, 1e-2);
      idx.forEach((i, j) => {
        assert.ok(
          Math.abs(g[i]! - fd[j]!) <= 1e-2 * Math.max(1, Math.abs(fd[j]!)),
          `${v.name}[${i}]: ${g[i]} vs ${fd[j]}`,
        );
      });
    }
  });
}

function finiteDiff(v: tf.Variable, indices: number[], f: () => number, eps: number): number[] {
  const base = Float32Array.from(v.dataSync());
  return indices.map((i) => {
    const at = (d: number) => {
      const data = Float32Array.from(base);
      data[i] = base[i]! + d;
      v.assign(tf.tensor(data, v.shape));
      return f();
    };
    const r = (at(eps) - at(-eps)) / (2 * eps);
    v.assign(tf.tensor(base, v.shape));
    return r;
  });
}

test("fir() gradients match central differences for asymmetric pads and a gain", () => {
  const x = tf.variable(nchwToTensor(nchw([1, 2, 5, 6], 22)));
  const probe = tf.tensor(Float32Array.from(randn(2 * (5 + 3 - 3) * (6 + 3 - 3), 23)));
  const loss = () => tf.sum(tf.mul(tf.reshape(fir(x, [2, 1, 0, 3], 4), [-1]), probe)) as tf.Scalar;
  const g = tf.variableGrads(loss, [x]).grads[x.name]!.dataSync();
  const idx = [0, 5, 29, 59];
  const fd = finiteDiff(x, idx, () => loss().dataSync()[0]!, 1e-2);
  for (const [j, i] of idx.entries())
    assert.ok(Math.abs(g[i]! - fd[j]!) <= 1e-2 * Math.max(1, Math.abs(fd[j]!)), `${g[i]} vs ${fd[j]}`);
});

test("fir() is differentiable to second order and its gradients match central differences", () => {
  const x = tf.variable(nchwToTensor(nchw([1, 2, 6, 6], 20)));
  const probe = tf.tensor(Float32Array.from(randn(2 * 36, 21)));
  // f(x) = Σ (d/dx Σ fir(x)² ... ) uses the gradient op inside a gradient.
  const inner = (t: tf.Tensor) => tf.sum(tf.square(upsample2d(t as tf.Tensor4D)));
  const f = () => tf.sum(tf.mul(tf.reshape(tf.grad(inner)(x), [-1]), probe)) as tf.Scalar;
  const g = tf.variableGrads(f, [x]).grads[x.name]!.dataSync();
  const idx = [0, 7, 40, 71];
  const fd = finiteDiff(x, idx, () => f().dataSync()[0]!, 1e-2);
  for (const [j, i] of idx.entries())
    assert.ok(Math.abs(g[i]! - fd[j]!) <= 1e-2 * Math.max(1, Math.abs(fd[j]!)), `${g[i]} vs ${fd[j]}`);
});

test("lrelu() and clamp() equal leakyRelu·gain and clipByValue, and survive a second-order gradient", () => {
  const x = tf.tensor1d([-300, -2, -0.5, 0.3, 4, 500]);
  assert.ok(relMaxError(lrelu(x, 2).dataSync(), tf.mul(tf.leakyRelu(x, 0.2), 2).dataSync()) < 1e-7);
  assert.deepEqual(Array.from(clamp(x, 256).dataSync()), Array.from(tf.clipByValue(x, -256, 256).dataSync()));
  const second = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.square(clamp(lrelu(u, 1.5), 3))))(t)),
  );
  // d²/du² of clamp(lrelu(u))² is 2·lrelu'(u)² inside the clamp range and 0 outside.
  const want = [0, 2 * 0.3 ** 2, 2 * 0.3 ** 2, 2 * 1.5 ** 2, 0, 0];
  assert.ok(relMaxError(second(x).dataSync(), want) < 1e-6);
});

test("biasAct() equals clamp(lrelu(x·scale + noise + bias)) and so do its first and second gradients", () => {
  const x = tf.tensor4d(
    Float32Array.from(randn(2 * 3 * 4 * 5, 50)).map((v) => v * 3),
    [2, 3, 4, 5],
  );
  const b = tf.tensor1d(Float32Array.from(randn(5, 51)));
  const noise = tf.tensor4d(Float32Array.from(randn(3 * 4, 52)), [1, 3, 4, 1]);
  const probe = tf.tensor4d(Float32Array.from(randn(2 * 3 * 4 * 5, 53)), [2, 3, 4, 5]);
  const fused = (t: tf.Tensor, bb: tf.Tensor, nn: tf.Tensor): tf.Tensor =>
    biasAct(t as tf.Tensor4D, bb as tf.Tensor1D, {
      scale: 0.7,
      noise: nn as tf.Tensor4D,
      gain: 1.5,
      clamp: 2,
    });
  const plain = (t: tf.Tensor, bb: tf.Tensor, nn: tf.Tensor) =>
    clamp(lrelu(tf.add(tf.add(tf.mul(t, 0.7), nn), bb), 1.5), 2);
  for (const f of [fused, plain]) assert.ok(f(x, b, noise).shape.join() === "2,3,4,5");
  assert.ok(relMaxError(fused(x, b, noise).dataSync(), plain(x, b, noise).dataSync()) < 1e-6);
  // First order in all three inputs, against the separate ops (each checked against clipByValue/leakyRelu above).
  const loss = (f: typeof fused) => (t: tf.Tensor, bb: tf.Tensor, nn: tf.Tensor) =>
    tf.sum(tf.mul(tf.square(f(t, bb, nn)), probe));
  const gf = tf.grads(loss(fused))([x, b, noise]);
  const gp = tf.grads(loss(plain))([x, b, noise]);
  for (const [i, g] of gf.entries()) {
    assert.deepEqual(g.shape, gp[i]!.shape);
    assert.ok(relMaxError(g.dataSync(), gp[i]!.dataSync()) < 1e-5, `input ${i}`);
  }
  // Second order: the gradient of Σ probe·∂loss/∂x with respect to x and the bias.
  const second = (f: typeof fused) =>
    tf.grads((t: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(tf.grad((u: tf.Tensor) => loss(f)(u, bb, noise))(t), probe)),
    )([x, b]);
  const sf = second(fused);
  const sp = second(plain);
  for (const [i, g] of sf.entries())
    assert.ok(relMaxError(g.dataSync(), sp[i]!.dataSync()) < 1e-5, `input ${i}`);
  // Linear, no clamp, no noise: a plain scaled bias add.
  const lin = biasAct(x, b, { scale: 2 });
  assert.ok(relMaxError(lin.dataSync(), tf.add(tf.mul(x, 2), b).dataSync()) < 1e-6);
});

test("sumSquares() equals Σ_{kh,kw} w², and so do its first and second gradients", () => {
  const w = tf.tensor4d(Float32Array.from(randn(3 * 3 * 4 * 5, 60)), [3, 3, 4, 5]);
  const probe = tf.tensor2d(Float32Array.from(randn(4 * 5, 61)), [4, 5]);
  const plain = (t: tf.Tensor) => tf.sum(tf.square(t), [0, 1]);
  assert.ok(relMaxError(sumSquares(w).dataSync(), plain(w).dataSync()) < 1e-6);
  // A nonlinear loss, so that the second derivative involves both the op and its gradient.
  const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) =>
    tf.sum(tf.mul(tf.rsqrt(tf.add(f(t), 1)), probe));
  const fused = (t: tf.Tensor) => sumSquares(t as tf.Tensor4D);
  const first = (f: typeof plain) => tf.grad(loss(f))(w);
  assert.ok(relMaxError(first(fused).dataSync(), first(plain).dataSync()) < 1e-5);
  const second = (f: typeof plain) => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.grad(loss(f))(t))))(w);
  assert.ok(relMaxError(second(fused).dataSync(), second(plain).dataSync()) < 1e-5);
});

test("channelScale() and channelDot() equal broadcast products, and so do their first and second gradients", () => {
  const x = tf.tensor4d(Float32Array.from(randn(2 * 3 * 4 * 5, 70)), [2, 3, 4, 5]);
  const probe = tf.tensor4d(Float32Array.from(randn(2 * 3 * 4 * 5, 71)), [2, 3, 4, 5]);
  for (const rows of [2, 1]) {
    const st = tf.tensor2d(Float32Array.from(randn(rows * 5, 72)), [rows, 5]);
    const plain = (a: tf.Tensor, b: tf.Tensor) => tf.mul(a, tf.reshape(b, [rows, 1, 1, 5]));
    const fused = (a: tf.Tensor, b: tf.Tensor) => channelScale(a as tf.Tensor4D, b as tf.Tensor2D);
    assert.ok(relMaxError(fused(x, st).dataSync(), plain(x, st).dataSync()) < 1e-6);
    // channelDot inside the loss: Σ_{H,W} (x·s)·probe per channel, squared.
    const loss = (f: typeof plain) => (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(
        tf.square(
          f === fused ? channelDot(f(a, b) as tf.Tensor4D, probe) : tf.sum(tf.mul(f(a, b), probe), [1, 2]),
        ),
      );
    const gf = tf.grads(loss(fused))([x, st]);
    const gp = tf.grads(loss(plain))([x, st]);
    for (const [i, g] of gf.entries()) {
      assert.deepEqual(g.shape, gp[i]!.shape);
      assert.ok(relMaxError(g.dataSync(), gp[i]!.dataSync()) < 1e-5, `rows ${rows}, input ${i}`);
    }
    const second = (f: typeof plain) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.grad((u: tf.Tensor) => loss(f)(u, b))(a), probe)),
      )([x, st]);
    const sf = second(fused);
    const sp = second(plain);
    for (const [i, g] of sf.entries())
      assert.ok(
        relMaxError(g.dataSync(), sp[i]!.dataSync()) < 1e-5,
        `rows ${rows}, second order, input ${i}`,
      );
  }
});

function mbstdRef(x: Nchw, groupSize: number): Float64Array {
  const [n, c, h, w] = x.shape;
  const g = Math.min(groupSize, n);
  const groups = n / g;
  const perGroup = new Float64Array(groups);
  for (let j = 0; j < groups; j++) {
    let acc = 0;
    for (let e = 0; e < c * h * w; e++) {
      let mean = 0;
      for (let m = 0; m < g; m++) mean += x.data[(m * groups + j) * c * h * w + e]!;
      mean /= g;
      let v = 0;
      for (let m = 0; m < g; m++) v += (x.data[(m * groups + j) * c * h * w + e]! - mean) ** 2;
      acc += Math.sqrt(v / g + 1e-8);
    }
    perGroup[j] = acc / (c * h * w);
  }
  return Float64Array.from({ length: n }, (_, s) => perGroup[s % groups]!);
}

test("minibatchStd() appends the G-major group std (naive loop) and is 1e-4 for a batch of one", () => {
  const x = nchw([8, 3, 4, 4], 30);
  const out = tensorToNchw(minibatchStd(nchwToTensor(x), 4, 1));
  assert.deepEqual(out.shape, [8, 4, 4, 4]);
  const want = mbstdRef(x, 4);
  for (let s = 0; s < 8; s++) {
    const v = out.data[((s * 4 + 3) * 4 + 1) * 4 + 2]!;
    assert.ok(Math.abs(v - want[s]!) < 1e-5, `${v} vs ${want[s]}`);
    assert.ok(Math.abs(out.data[(s * 4 + 1) * 16]! - x.data[(s * 3 + 1) * 16]!) < 1e-6);
  }
  const one = minibatchStd(nchwToTensor(nchw([1, 3, 4, 4], 31)), 4, 1);
  assert.ok(Math.abs(one.dataSync()[3]! - 1e-4) < 1e-9);
  assert.throws(() => minibatchStd(nchwToTensor(nchw([6, 3, 4, 4], 32)), 4, 1), RangeError);
});

test("minibatchStd() with segments groups each segment of the batch on its own (naive loop)", () => {
  const x = nchw([8, 3, 4, 4], 33);
  const out = tensorToNchw(minibatchStd(nchwToTensor(x), 2, 1, 2));
  const half = (b: number): Nchw => ({
    shape: [4, 3, 4, 4],
    data: x.data.slice(b * 4 * 48, (b + 1) * 4 * 48),
  });
  const want = [...mbstdRef(half(0), 2), ...mbstdRef(half(1), 2)];
  for (let s = 0; s < 8; s++) {
    const v = out.data[((s * 4 + 3) * 4 + 2) * 4 + 1]!;
    assert.ok(Math.abs(v - want[s]!) < 1e-5, `sample ${s}: ${v} vs ${want[s]}`);
  }
  assert.throws(() => minibatchStd(nchwToTensor(x), 2, 1, 3), /must split into "3" equal segments/);
});

test("minibatchStd() gradients match central differences", () => {
  const x = tf.variable(nchwToTensor(nchw([4, 2, 4, 4], 40)));
  const probe = tf.tensor(Float32Array.from(randn(4 * 3 * 16, 41)));
  const loss = () => tf.sum(tf.mul(tf.reshape(minibatchStd(x, 2, 1), [-1]), probe)) as tf.Scalar;
  const g = tf.variableGrads(loss, [x]).grads[x.name]!.dataSync();
  const idx = [0, 9, 64, 127];
  const fd = finiteDiff(x, idx, () => loss().dataSync()[0]!, 1e-2);
  for (const [j, i] of idx.entries())
    assert.ok(Math.abs(g[i]! - fd[j]!) <= 1e-2 * Math.max(1, Math.abs(fd[j]!)), `${g[i]} vs ${fd[j]}`);
});
