import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import * as tf from "@tensorflow/tfjs";
import {
  maxAbsDiff,
  NVIDIA_FIXTURES,
  nvidiaExpectations,
  randomArray,
  randomDiscriminator,
  run,
} from "./_testing.ts";
import { exportDiscriminator } from "./discriminator.ts";
import { METADATA_KEYS } from "./lineage.ts";
import { readModelInfo } from "./model_file.ts";
import { openSession } from "./session.ts";

const dir = await mkdtemp(join(tmpdir(), "onnx-d-"));
before(async () => {
  await tf.setBackend("cpu");
});
after(() => rm(dir, { recursive: true, force: true }));

for (const [label, config, batches] of [
  ["32x32", { resolution: 32, channelBase: 256, channelMax: 16, convClamp: 1 }, [1, 2, 3, 4, 8]],
  ["256x256", { resolution: 256, channelBase: 512, channelMax: 8 }, [4]],
] as const) {
  test(`the ONNX discriminator's features and logits match the TF.js forward within 1e-4 at ${label}`, async () => {
    const { net, weights } = randomDiscriminator(config, 21);
    const path = join(dir, `d${config.resolution}.onnx`);
    await exportDiscriminator(weights, path);
    const { session } = await openSession(path, { threads: 1 });
    const r = config.resolution;
    const c4 = Math.min(config.channelBase / 4, config.channelMax);
    for (const n of batches) {
      const x = randomArray(n * 3 * r * r, n, 2);
      const out = await run(session, { image: { data: x, dims: [n, 3, r, r] } });
      assert.deepEqual(out["features"]!.dims, [n, c4 * 16]);
      assert.deepEqual(out["logit"]!.dims, [n, 1]);
      const ref = tf.tidy(() => {
        const o = net.forward(tf.transpose(tf.tensor4d(x, [n, 3, r, r]), [0, 2, 3, 1]) as tf.Tensor4D);
        return { features: o.features.dataSync(), logits: o.logits.dataSync() };
      });
      const fe = maxAbsDiff(out["features"]!.data, ref.features);
      const le = maxAbsDiff(out["logit"]!.data, ref.logits);
      assert.ok(fe < 1e-4 && le < 1e-4, `N ${n}: features error ${fe}, logit error ${le}`);
    }
    await session.release();
    net.dispose();
  });
}

test("features do not depend on the batch; logits do, through minibatch-stddev groups of min(4, N)", async () => {
  const { net, weights } = randomDiscriminator({ resolution: 16, channelBase: 64, channelMax: 8 }, 3);
  const path = join(dir, "d-group.onnx");
  await exportDiscriminator(weights, path);
  const { session } = await openSession(path, { threads: 1 });
  const plane = 3 * 16 * 16;
  const x = randomArray(4 * plane, 8, 2);
  const all = await run(session, { image: { data: x, dims: [4, 3, 16, 16] } });
  const one = await run(session, { image: { data: x.slice(0, plane), dims: [1, 3, 16, 16] } });
  assert.ok(maxAbsDiff(one["features"]!.data, all["features"]!.data.subarray(0, 8 * 16)) < 1e-5);
  assert.ok(
    Math.abs(one["logit"]!.data[0]! - all["logit"]!.data[0]!) > 1e-4,
    "the logit depends on the group",
  );
  // A batch that min(4, N) does not divide fails, as NVIDIA's reshape does.
  await assert.rejects(run(session, { image: { data: randomArray(6 * plane, 1), dims: [6, 3, 16, 16] } }));
  const info = await readModelInfo(path);
  assert.equal(info.metadata[METADATA_KEYS.network], "discriminator");
  assert.deepEqual(info.outputs, ["features", "logit"]);
  net.dispose();
});

test("the ONNX discriminator reproduces NVIDIA's PyTorch logits of a snapshot pickle", async () => {
  const expected = nvidiaExpectations().sg3;
  const { D } = await loadNetworkFile(`${NVIDIA_FIXTURES}sg3_snapshot.pkl`, { networks: ["D"] });
  const path = join(dir, "sg3-d.onnx");
  await exportDiscriminator(D!, path);
  const { session } = await openSession(path, { threads: 1 });
  for (const [i, img] of expected.img_psi1.entries()) {
    const out = await run(session, { image: { data: Float32Array.from(img), dims: [1, 3, 16, 16] } });
    assert.ok(
      maxAbsDiff(out["logit"]!.data, expected.logits[i]!) < 1e-4,
      `seed ${i}: ${out["logit"]!.data[0]} vs ${expected.logits[i]}`,
    );
  }
  await session.release();
});
