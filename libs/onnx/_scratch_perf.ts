import { existsSync } from "node:fs";
import { Discriminator, Generator } from "@dermanomaly/gan";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import { exportDiscriminator } from "./discriminator.ts";
import { exportGenerator } from "./generator.ts";
import { openSession } from "./session.ts";

await tf.setBackend("cpu");
const threads = Number(process.argv[2] ?? 2);
const batch = Number(process.argv[3] ?? 1);
if (!existsSync("/tmp/h3/pg.onnx")) {
  const G = new Generator(
    { resolution: 256, channelBase: 16384, channelMax: 512, mappingLayers: 2 },
    { seed: 1 },
  );
  await exportGenerator({ config: G.config, stateDict: G.stateDict() }, "/tmp/h3/pg.onnx");
  G.dispose();
  const D = new Discriminator({ resolution: 256, channelBase: 16384, channelMax: 512 }, { seed: 2 });
  await exportDiscriminator({ config: D.config, stateDict: D.stateDict() }, "/tmp/h3/pd.onnx");
  D.dispose();
}
const prof = process.argv[4] === "prof";
const g = await openSession("/tmp/h3/pg.onnx", {
  threads,
  ...(prof ? { profilePrefix: "/tmp/h3/prof_g" } : {}),
});
const d = await openSession("/tmp/h3/pd.onnx", {
  threads,
  ...(prof ? { profilePrefix: "/tmp/h3/prof_d" } : {}),
});
const z = new ort.Tensor(
  "float32",
  new Float32Array(batch * 512).map(() => Math.random()),
  [batch, 512],
);
const psi = new ort.Tensor("float32", [1], []);
for (let it = 0; it < 3; it++) {
  let t = performance.now();
  const out = await g.session.run({ z, psi });
  const tg = performance.now() - t;
  t = performance.now();
  await d.session.run({ image: out.image! });
  const td = performance.now() - t;
  console.log(
    `threads ${threads} batch ${batch}: G ${(tg / batch).toFixed(0)} ms/img, D ${(td / batch).toFixed(0)} ms/img`,
  );
}
if (prof) {
  console.log(g.session.endProfiling?.(), d.session.endProfiling?.());
}
