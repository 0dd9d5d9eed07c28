// The TF.js side of `pnpm bench reconstruct` (libs/reconstruction/bench.ts runs it as a child process, one backend
// per process): E, G and D features of x and of G(E(x)) with the TF.js networks on the best backend that starts,
// from the weights the bench exported. Prints one JSON line: images/s, ms per network and image, peak RSS.
//
// `node --import tsx libs/onnx/bench_tfjs.ts --dir CACHE --images N [--backend auto|wasm|cpu] [--threads T]`
import { parseArgs } from "node:util";
import { Encoder, type EncoderConfig } from "@dermanomaly/encoder";
import { Discriminator, type DiscriminatorConfig, Generator, type GeneratorConfig } from "@dermanomaly/gan";
import { readSafetensors } from "@dermanomaly/gan/safetensors";
import { type BackendName, disposeBackend, initBackend } from "@dermanomaly/tf";
// The same module instance that @dermanomaly/tf drives; imported as a namespace for its types.
import * as tf from "@tensorflow/tfjs";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    images: { type: "string", default: "2" },
    backend: { type: "string", default: "auto" },
    threads: { type: "string" },
  },
});
if (values.dir === undefined) throw new TypeError("--dir is required");
const dir = values.dir;
const images = Number(values.images);
const choice = await initBackend({
  backend: values.backend as BackendName | "auto",
  ...(values.threads === undefined ? {} : { threads: Number(values.threads) }),
  log: false,
});

async function load(
  name: string,
): Promise<{ config: unknown; stateDict: Awaited<ReturnType<typeof readSafetensors>>["stateDict"] }> {
  const { stateDict, metadata } = await readSafetensors(`${dir}/${name}.safetensors`);
  return { config: JSON.parse(metadata["config"]!), stateDict };
}
const gw = await load("G");
const g = new Generator(gw.config as GeneratorConfig);
g.loadStateDict(gw.stateDict);
const dw = await load("D");
const d = new Discriminator(dw.config as DiscriminatorConfig);
d.loadStateDict(dw.stateDict);
const ew = await load("E");
const e = new Encoder(ew.config as EncoderConfig);
e.loadStateDict(ew.stateDict);
// The JS copies are in the networks now.
gw.stateDict.clear();
dw.stateDict.clear();
ew.stateDict.clear();

const r = g.config.resolution;
const ms = { E: 0, G: 0, D: 0 };
const time = (key: keyof typeof ms, f: () => tf.Tensor | tf.Tensor[]): tf.Tensor[] => {
  const t0 = performance.now();
  const out = f();
  const list = Array.isArray(out) ? out : [out];
  for (const t of list) t.dataSync();
  ms[key] += performance.now() - t0;
  return list;
};
const once = () => {
  tf.tidy(() => {
    const x = tf.randomUniform([1, r, r, 3], -1, 1) as tf.Tensor4D;
    x.dataSync();
    const [z] = time("E", () => e.forward(x));
    const [img] = time("G", () => g.forward(z as tf.Tensor2D, null, { noiseMode: "const" }));
    time("D", () => d.forward(x).features);
    time("D", () => d.forward(img as tf.Tensor4D).features);
  });
};
once(); // warm-up: kernels compile, filters are packed
ms.E = ms.G = ms.D = 0;
const t0 = performance.now();
for (let i = 0; i < images; i++) once();
const total = performance.now() - t0;
console.log(
  JSON.stringify({
    backend: choice.name,
    threads: choice.threads,
    imagesPerSec: (images * 1000) / total,
    msPerImage: { E: ms.E / images, G: ms.G / images, D: ms.D / images },
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
disposeBackend();
