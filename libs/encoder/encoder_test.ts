import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { disposeBackend, initBackend } from "@dermanomaly/tf";
import { hostBatchNormBackends } from "./_batch_norm.ts";
import { weightLimits } from "./_conv.ts";
import { toPyTorch } from "./_layout.ts";
import { maxAbsError, nhwc, referenceCases, relMaxError, toStateDict } from "./_testing.ts";
import { tf } from "./_tf.ts";
import { HostAdam } from "./adam.ts";
import { encoderConfig, presetConfig } from "./config.ts";
import { parameterCount } from "./describe.ts";
import { Encoder, type GradientSink } from "./encoder.ts";

before(async () => {
  await initBackend({ backend: "wasm", log: false });
});

after(() => disposeBackend());

// PyTorch float32 against TF.js float32 on small layers: 1e-4 relative to each tensor's largest value.
const RTOL = 1e-4;
const LR = 1e-4;

function build(c: ReturnType<typeof referenceCases>[number], kernels: "conv" | "im2col"): Encoder {
  const e = new Encoder(encoderConfig(c.config), { kernels });
  e.loadStateDict(toStateDict(c.initial));
  return e;
}

// Gradients collected in PyTorch's layout, by name, on their way to `next` (an optimizer step) if given.
function collector(
  e: Encoder,
  next?: GradientSink,
): { sink: GradientSink; grads: Map<string, Float32Array> } {
  const internal = e.trainableSpecs.map((s) => new Float32Array(s.count));
  const grads = new Map<string, Float32Array>();
  return {
    grads,
    sink: {
      updatesWeights: next?.updatesWeights ?? false,
      accept: (index, offset, grad, weights) => {
        internal[index]!.set(grad, offset);
        const spec = e.trainableSpecs[index]!;
        grads.set(spec.name, toPyTorch(spec, internal[index]!));
        next?.accept(index, offset, grad, weights);
      },
    },
  };
}

function assertClose(
  name: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = RTOL,
): void {
  const err = relMaxError(actual, expected);
  assert.ok(err <= rtol, `${name}: relative error ${err.toExponential(2)} > ${rtol}`);
}

for (const c of referenceCases()) {
  for (const kernels of ["conv", "im2col"] as const) {
    describe(`case ${c.name} with ${kernels} kernels`, () => {
      test("eval-mode forward matches PyTorch's encoder.eval()", () => {
        const e = build(c, kernels);
        const z = tf.tidy(() => e.forward(nhwc(c.x)));
        assertClose("z", z.dataSync(), c.z_eval.data);
        z.dispose();
        e.dispose();
      });

      test("train-mode forward matches PyTorch's encoder.train() and moves the running statistics alike", () => {
        const e = build(c, kernels);
        const z = tf.tidy(() => e.forward(nhwc(c.x), { training: true }));
        assertClose("z", z.dataSync(), c.z_train.data);
        z.dispose();
        const sd = e.stateDict();
        for (const [name, t] of Object.entries(c.stats_after_train_forward)) {
          assertClose(name, sd.get(name)!.data, t.data);
        }
        e.dispose();
      });

      test("two Adam steps match PyTorch: gradients, weights, running statistics and moments", () => {
        const e = build(c, kernels);
        const adam = new HostAdam(
          e.trainableSpecs.map((s) => s.count),
          { lr: LR, betas: [0, 0.9], eps: 1e-8 },
        );
        const x = nhwc(c.x);
        for (const [k, step] of c.steps.entries()) {
          const { sink, grads } = collector(e, adam.beginStep());
          const tape = e.forwardTrain(x);
          assertClose(`step ${k} z`, tape.z.dataSync(), step.z.data);
          const r = tf.tensor2d(step.r.data, step.r.shape as [number, number]);
          e.backward(tape, r, sink);
          r.dispose();
          for (const [name, g] of Object.entries(step.grads)) {
            const spec = e.trainableSpecs.find((s) => s.name === name)!;
            if (spec.role === "conv.bias") {
              // A bias before BatchNorm has no effect: both sides get rounding noise, far below the weights'.
              const scale = Math.max(...grads.get(name.replace("bias", "weight"))!.map(Math.abs));
              assert.ok(Math.max(...grads.get(name)!.map(Math.abs)) < 1e-4 * scale, `${name} is not ~0`);
              assert.ok(Math.max(...g.data.map(Math.abs)) < 1e-4 * scale, `PyTorch's ${name} is not ~0`);
            } else assertClose(`step ${k} grad ${name}`, grads.get(name)!, g.data);
          }
        }
        x.dispose();
        const sd = e.stateDict();
        for (const [name, t] of Object.entries(c.final)) {
          const spec = e.specs.find((s) => s.name === name)!;
          const actual = sd.get(name)!.data;
          if (spec.role === "conv.bias") {
            // Adam turns the bias's noise-level gradient into a step of up to ~1.4·lr either way, per step.
            const err = maxAbsError(actual, t.data);
            assert.ok(err <= 5 * LR, `${name}: ${err}`);
          } else if (spec.role === "bn.running_mean" && c.config.convBias) {
            // The second forward's batch mean carries that bias difference (up to 2·lr), weighted by the momentum.
            const scale = Math.max(...t.data.map(Math.abs));
            const err = maxAbsError(actual, t.data);
            assert.ok(err <= RTOL * scale + 0.1 * 2 * LR, `${name}: ${err}`);
          } else assertClose(`final ${name}`, actual, t.data);
        }
        const state = adam.getState();
        assert.equal(state.step, 2);
        e.trainableSpecs.forEach((spec, i) => {
          if (spec.role === "conv.bias") return;
          const ref = c.moments[spec.name]!;
          assertClose(`exp_avg ${spec.name}`, toPyTorch(spec, state.expAvg[i]!), ref.exp_avg.data);
          assertClose(
            `exp_avg_sq ${spec.name}`,
            toPyTorch(spec, state.expAvgSq[i]!),
            ref.exp_avg_sq.data,
            3e-4,
          );
        });
        e.dispose();
      });
    });
  }
}

test("with every weight counted as large and used by blocks, auto kernels still match PyTorch over two Adam steps", () => {
  // Large weights run the im2col way, in blocks of a few rows, from JS memory (the paper encoder's last layers).
  const saved = { ...weightLimits };
  weightLimits.largeWeight = 100;
  weightLimits.blockFloats = 300;
  try {
    for (const c of referenceCases()) {
      const e = new Encoder(encoderConfig(c.config));
      e.loadStateDict(toStateDict(c.initial));
      const adam = new HostAdam(
        e.trainableSpecs.map((s) => s.count),
        { lr: LR, betas: [0, 0.9], eps: 1e-8 },
      );
      const x = nhwc(c.x);
      const start = tf.memory().numTensors;
      for (const step of c.steps) {
        const tape = e.forwardTrain(x);
        assertClose("z", tape.z.dataSync(), step.z.data);
        const r = tf.tensor2d(step.r.data, step.r.shape as [number, number]);
        e.backward(tape, r, adam.beginStep());
        r.dispose();
      }
      // Only the small parameters stay on the backend.
      assert.ok(tf.memory().numTensors <= start);
      const z = e.forward(x);
      const sd = e.stateDict();
      for (const [name, t] of Object.entries(c.final)) {
        if (/weight$/.test(name) && t.data.length > 100)
          assertClose(`final ${name}`, sd.get(name)!.data, t.data);
      }
      z.dispose();
      x.dispose();
      e.dispose();
    }
  } finally {
    Object.assign(weightLimits, saved);
  }
});

test("BatchNorm as TF.js ops (the native backends' way) matches PyTorch as the host one does", () => {
  const saved = [...hostBatchNormBackends];
  hostBatchNormBackends.clear();
  try {
    for (const c of referenceCases()) {
      const e = build(c, "conv");
      const adam = new HostAdam(
        e.trainableSpecs.map((s) => s.count),
        { lr: LR, betas: [0, 0.9], eps: 1e-8 },
      );
      const x = nhwc(c.x);
      for (const [k, step] of c.steps.entries()) {
        const { sink, grads } = collector(e, adam.beginStep());
        const tape = e.forwardTrain(x);
        assertClose(`step ${k} z`, tape.z.dataSync(), step.z.data);
        const r = tf.tensor2d(step.r.data, step.r.shape as [number, number]);
        e.backward(tape, r, sink);
        r.dispose();
        for (const [name, g] of Object.entries(step.grads)) {
          if (
            !name.endsWith(".bias") ||
            !e.trainableSpecs.find((s) => s.name === name)!.role.startsWith("conv")
          )
            assertClose(`step ${k} grad ${name}`, grads.get(name)!, g.data);
        }
      }
      const sd = e.stateDict();
      for (const name of Object.keys(c.stats_after_train_forward).filter((n) => n.endsWith("running_var")))
        assertClose(`final ${name}`, sd.get(name)!.data, c.final[name]!.data);
      x.dispose();
      e.dispose();
    }
  } finally {
    for (const b of saved) hostBatchNormBackends.add(b);
  }
});

test("the paper preset has the original's 212,367,488 parameters at 256", () => {
  assert.equal(parameterCount(presetConfig("paper", { resolution: 256, zDim: 512 })), 212_367_488);
  assert.equal(
    parameterCount(presetConfig("paper", { resolution: 256, zDim: 512, convBias: false })),
    212_359_424,
  );
});

test("conv and im2col kernels give the same forward and gradients on a random batch", () => {
  const config = encoderConfig({ resolution: 32, channelBase: 8, channelMax: 32, zDim: 16 });
  const [a, b] = (["conv", "im2col"] as const).map((kernels) => new Encoder(config, { kernels, seed: 3 }));
  const x = tf.randomUniform([5, 32, 32, 3], -1, 1, "float32", 7) as tf.Tensor4D;
  const dz = tf.randomNormal([5, 16], 0, 1, "float32", 8) as tf.Tensor2D;
  const run = (e: Encoder) => {
    const { sink, grads } = collector(e);
    const tape = e.forwardTrain(x);
    const z = Float32Array.from(tape.z.dataSync());
    e.backward(tape, dz, sink);
    return { z, grads };
  };
  const ra = run(a!);
  const rb = run(b!);
  assertClose("z", rb.z, ra.z, 1e-5);
  for (const [name, g] of ra.grads) {
    // Conv biases (before BatchNorm) get rounding noise only.
    if (a!.specs.find((s) => s.name === name)!.role !== "conv.bias")
      assertClose(name, rb.grads.get(name)!, g, 1e-4);
  }
  x.dispose();
  dz.dispose();
  a!.dispose();
  b!.dispose();
});

test("stateDict() round-trips through loadStateDict() and getConfig() rebuilds the same network", () => {
  const e = new Encoder({ resolution: 16, channelBase: 4, channelMax: 8, zDim: 8 }, { seed: 5 });
  const copy = Encoder.fromConfig(e.getConfig(), { seed: 99 });
  copy.loadStateDict(e.stateDict());
  for (const [name, t] of e.stateDict()) assert.deepEqual(copy.stateDict().get(name)!.data, t.data, name);
  const x = tf.randomUniform([2, 16, 16, 3], -1, 1, "float32", 1) as tf.Tensor4D;
  assert.deepEqual(e.forward(x).dataSync(), copy.forward(x).dataSync());
  x.dispose();
  e.dispose();
  copy.dispose();
});

test("loadStateDict() names the tensor whose shape is wrong and changes nothing", () => {
  const e = new Encoder({ resolution: 16, channelBase: 4, channelMax: 8, zDim: 8 });
  const before = e.stateDict();
  const sd = e.stateDict();
  sd.set("3.weight", { shape: [8, 4, 3, 3], data: new Float32Array(8 * 4 * 9) });
  sd.set("0.bias", { shape: [4], data: new Float32Array([9, 9, 9, 9]) });
  assert.throws(
    () => e.loadStateDict(sd),
    /Tensor "3\.weight" has shape \[8, 4, 3, 3\] but the encoder expects \[8, 4, 4, 4\]/,
  );
  assert.deepEqual(e.stateDict().get("0.bias")!.data, before.get("0.bias")!.data);
  sd.delete("3.weight");
  assert.throws(() => e.loadStateDict(sd), /lacks 1 entries: "3\.weight"/);
  e.dispose();
});

test("forward() refuses images of the wrong size, naming the expected shape", () => {
  const e = new Encoder({ resolution: 16, channelBase: 4, channelMax: 8, zDim: 8 });
  const x = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
  assert.throws(() => e.forward(x), /Expected images of shape \[N, 16, 16, 3\], got "1,32,32,3"/);
  x.dispose();
  e.dispose();
});

test("forward and backward leave no tensor behind", () => {
  const e = new Encoder({ resolution: 16, channelBase: 4, channelMax: 8, zDim: 8 });
  const x = tf.randomUniform([3, 16, 16, 3], -1, 1) as tf.Tensor4D;
  const dz = tf.ones([3, 8]) as tf.Tensor2D;
  const adam = new HostAdam(
    e.trainableSpecs.map((s) => s.count),
    { lr: LR, betas: [0, 0.9], eps: 1e-8 },
  );
  const start = tf.memory().numTensors;
  e.forward(x).dispose();
  e.forward(x, { training: true }).dispose();
  e.backward(e.forwardTrain(x), dz, adam.beginStep());
  assert.equal(tf.memory().numTensors, start);
  x.dispose();
  dz.dispose();
  e.dispose();
});
