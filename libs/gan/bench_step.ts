// Times the phases of one StyleGAN2 training step (no optimizer) on the chosen TF.js backend and prints figures.
// Usage: node --import tsx libs/gan/bench_step.ts [--backend wasm] [--res 64] [--cbase 4096] [--batch 4] [--rounds 3]
import { parseArgs } from "node:util";
import { type BackendName, disposeBackend, initBackend } from "@dermanomaly/tf";
import { tf } from "./_tf.ts";
import { Discriminator } from "./discriminator.ts";
import { Generator } from "./generator.ts";
import { discriminatorAdversarialLoss, generatorAdversarialLoss, pathLengths, r1Penalty } from "./losses.ts";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "wasm" },
    res: { type: "string", default: "64" },
    cbase: { type: "string", default: "4096" },
    batch: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
  },
});
const res = Number(values.res);
const n = Number(values.batch);
await initBackend({ backend: values.backend as BackendName });
const g = new Generator({ resolution: res, channelBase: Number(values.cbase) });
const d = new Discriminator({ resolution: res, channelBase: Number(values.cbase) });
const z = tf.randomNormal([n, 512]) as tf.Tensor2D;
const reals = tf.randomUniform([n, res, res, 3], -1, 1) as tf.Tensor4D;

const phases: Record<string, () => tf.Scalar> = {
  "G forward": () => tf.sum(g.forward(z)),
  "G main": () =>
    tf.variableGrads(
      () => tf.mean(generatorAdversarialLoss(d.forward(g.forward(z)).logits)) as tf.Scalar,
      g.trainableVariables(),
    ).value,
  "D main": () => {
    const fake = g.forward(z);
    const loss = () =>
      tf.mean(discriminatorAdversarialLoss(d.forward(fake).logits, d.forward(reals).logits)) as tf.Scalar;
    return tf.variableGrads(loss, d.trainableVariables()).value;
  },
  "D R1": () =>
    tf.variableGrads(() => tf.mean(r1Penalty(d, reals)) as tf.Scalar, d.trainableVariables()).value,
  "G PL (half batch)": () => {
    const half = tf.slice(z, [0, 0], [Math.max(1, n / 2), -1]) as tf.Tensor2D;
    const loss = () =>
      tf.mean(pathLengths(g.synthesis, g.mapping.forward(half, null) as tf.Tensor3D)) as tf.Scalar;
    return tf.variableGrads(loss, g.trainableVariables()).value;
  },
};

console.log(`backend ${tf.getBackend()}, resolution ${res}, cbase ${values.cbase}, batch ${n}`);
console.log(
  `G ${g.trainableVariables().reduce((a, v) => a + v.size, 0)} parameters, D ${d.trainableVariables().reduce((a, v) => a + v.size, 0)}`,
);
for (let round = 0; round < Number(values.rounds); round++) {
  const row: string[] = [];
  for (const [name, phase] of Object.entries(phases)) {
    const t = performance.now();
    tf.tidy(() => phase().dataSync());
    row.push(`${name} ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
  console.log(`round ${round}: ${row.join(", ")}; live tensors ${tf.memory().numTensors}`);
}
g.dispose();
d.dispose();
disposeBackend();
