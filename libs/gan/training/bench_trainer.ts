// Times whole training iterations (all four phases, ADA on) and prints seconds per iteration and per kimg.
// Usage: node --import tsx libs/gan/training/bench_trainer.ts [--backend wasm] [--res 64] [--cbase 4096]
//        [--batch 4] [--steps 16]
import { parseArgs } from "node:util";
import { type BackendName, disposeBackend, initBackend } from "@dermanomaly/tf";
import { tf } from "../_tf.ts";
import { Trainer } from "./trainer.ts";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "wasm" },
    res: { type: "string", default: "64" },
    cbase: { type: "string", default: "4096" },
    batch: { type: "string", default: "4" },
    steps: { type: "string", default: "16" },
  },
});
const res = Number(values.res);
const batch = Number(values.batch);
await initBackend({ backend: values.backend as BackendName });
const trainer = new Trainer({
  batch,
  gamma: 1,
  resolution: res,
  cbase: Number(values.cbase),
  mbstdGroup: Math.min(4, batch),
});
const images = new Float32Array(batch * 3 * res * res).map((_, i) => Math.sin(i) * 0.5);
const real = { images, shape: [batch, 3, res, res] as const };
console.log(`backend ${tf.getBackend()}, resolution ${res}, cbase ${values.cbase}, batch ${batch}`);
let total = 0;
for (let i = 0; i < Number(values.steps); i++) {
  const t = performance.now();
  const out = trainer.step(real);
  const s = (performance.now() - t) / 1000;
  if (i > 0) total += s;
  console.log(
    `iteration ${i}: ${Object.keys(out.phases).join("+")} ${s.toFixed(2)} s; live tensors ${tf.memory().numTensors}`,
  );
}
const perStep = total / Math.max(Number(values.steps) - 1, 1);
console.log(
  `mean ${perStep.toFixed(2)} s/iteration (first excluded), ${((perStep / batch) * 1000).toFixed(0)} s/kimg`,
);
trainer.dispose();
disposeBackend();
