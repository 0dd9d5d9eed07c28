import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openArtifactStore } from "@dermanomaly/artifacts";
import {
  Code,
  type ReconstructionModels,
  type ReconstructionModels__Output,
  type ReconstructRequest,
  type ReconstructResponse__Output,
} from "@dermanomaly/contracts";
import { decodeImage, encodePng } from "@dermanomaly/imaging";
import { openReconstructionModels } from "@dermanomaly/reconstruction";
import { createLogger } from "@dermanomaly/runtime";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { connect } from "@nats-io/transport-node";
import { type Replica, startReplica, testImage, writeTinyCheckpoints } from "./_testing.ts";
import { ModelStore, type ModelStoreStatus } from "./model_store.ts";

const R = 32;
let nats: NatsServer;
let root: string;
let replica: Replica;
let checkpoints: { gan: string; encoder: string };
let models: ReconstructionModels;

before(async () => {
  root = mkdtempSync(join(tmpdir(), "reconstructor-online-"));
  checkpoints = await writeTinyCheckpoints(join(root, "checkpoints"), { resolution: R });
  models = { gan: { path: checkpoints.gan }, encoder: { path: checkpoints.encoder } };
  nats = await startNatsServer();
  replica = await startReplica(nats.url, root, "a");
});

after(async () => {
  await replica?.stop();
  await nats?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Sends `requests` on one Reconstruct stream; resolves with the responses, or the status it ended with. */
function stream(
  requests: ReconstructRequest[],
): Promise<{ responses: ReconstructResponse__Output[]; error?: { code: number; details: string } }> {
  return new Promise((resolve) => {
    const responses: ReconstructResponse__Output[] = [];
    const call = replica.client.Reconstruct();
    call.on("data", (r: ReconstructResponse__Output) => responses.push(r));
    call.on("error", (e: { code: number; details: string }) =>
      resolve({ responses, error: { code: e.code, details: e.details } }),
    );
    call.on("end", () => resolve({ responses }));
    for (const r of requests) call.write(r);
    call.end();
  });
}

test("Reconstruct streams back the models, then each image's reconstruction in order; bad images say why", async () => {
  const good = [testImage(R, 1), testImage(R, 2)];
  const png = await encodePng(good[0]!);
  const { responses, error } = await stream([
    { models, image: { id: "first.png", data: png } },
    { image: { id: "broken.png", data: png.subarray(0, 100) } },
    { image: { id: "small.png", data: await encodePng(testImage(R / 2, 3)) } },
    { image: { id: "second.png", data: await encodePng(good[1]!) } },
  ]);
  assert.equal(error, undefined);
  assert.equal(responses.length, 5);
  const loaded = responses[0]!.models!.models!;
  assert.equal(loaded.resolution, R);
  assert.equal(loaded.zDim, 8);
  assert.equal(loaded.generatorChoice, "GENERATOR_CHOICE_G_EMA");
  assert.equal(loaded.noiseMode, "NOISE_MODE_CONST");
  const results = responses.slice(1).map((r) => r.result!);
  assert.deepEqual(
    results.map((r) => [r.id, r.reason]),
    [
      ["first.png", ""],
      ["broken.png", "CORRUPT"],
      ["small.png", "WRONG_SIZE"],
      ["second.png", ""],
    ],
  );
  assert.match(
    results[2]!.error,
    /16x16, the networks take 32x32 \(prepare it with the preprocess stage first\)/,
  );
  // Each result is what the library's reconstructor gives the same image with the exported models.
  const path = (role: "encoder" | "generator" | "discriminator") => fileURLToPath(loaded[role]!.model!.uri);
  const reference = await openReconstructionModels(
    { encoder: path("encoder"), generator: path("generator"), discriminator: path("discriminator") },
    { threads: 1 },
  );
  try {
    for (const [k, result] of [results[0]!, results[3]!].entries()) {
      const [want] = await reference.reconstructor.reconstruct([good[k]!]);
      const close = (a: ArrayLike<number>, b: ArrayLike<number>) =>
        a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]!) < 1e-5);
      assert.ok(close(result.z, want!.z), "z");
      assert.ok(close(result.featuresReal, want!.featuresReal), "features of x");
      assert.ok(close(result.featuresRec, want!.featuresRec), "features of G(E(x))");
      assert.equal(result.featuresReal.length, loaded.featureDim);
      assert.ok(Math.abs(result.pixelMse - want!.pixelMse) < 1e-6);
      assert.ok(Math.abs(result.featuresPairwise - want!.featuresPairwise) < 1e-4);
      assert.deepEqual((await decodeImage(result.input)).data, good[k]!.data);
      assert.deepEqual((await decodeImage(result.reconstruction)).data, want!.reconstruction.data);
      assert.deepEqual((await decodeImage(result.residual)).data, want!.residual.data);
    }
  } finally {
    await reference.close();
  }
});

test("Reconstruct with models.refine refines each image: same z, a closer reconstruction; with random noise refused", async () => {
  const images = [testImage(R, 4), testImage(R, 5)];
  const send = async (refine?: { steps: number; lr: number }) =>
    await stream([
      {
        models: { ...models, ...(refine && { refine }) },
        image: { id: "a.png", data: await encodePng(images[0]!) },
      },
      { image: { id: "b.png", data: await encodePng(images[1]!) } },
    ]);
  const plain = await send();
  const refined = await send({ steps: 6, lr: 0.05 });
  assert.equal(refined.error, undefined);
  assert.equal(refined.responses.length, 3);
  for (let i = 1; i <= 2; i++) {
    const [p, r] = [plain.responses[i]!.result!, refined.responses[i]!.result!];
    assert.deepEqual(r.z, p.z);
    assert.ok(r.pixelMse < p.pixelMse, `image ${i}: refined ${r.pixelMse}, plain ${p.pixelMse}`);
    assert.notDeepEqual(r.reconstruction, p.reconstruction);
  }
  const random = await stream([
    { models: { ...models, noiseMode: "NOISE_MODE_RANDOM", refine: { steps: 3, lr: 0 } } },
  ]);
  assert.equal(random.error?.code, Code.INVALID_ARGUMENT);
  assert.match(random.error?.details ?? "", /models\.refine needs the generator's const noise/);
});

test("Reconstruct ends with a status for a stream without models, other models later, or models that do not fit", async () => {
  const png = await encodePng(testImage(R, 1));
  const noModels = await stream([{ image: { id: "x", data: png } }]);
  assert.equal(noModels.error?.code, Code.INVALID_ARGUMENT);
  assert.match(noModels.error?.details ?? "", /first message .* must name the models/);
  const twice = await stream([{ models }, { models, image: { id: "x", data: png } }]);
  assert.equal(twice.error?.code, Code.INVALID_ARGUMENT);
  assert.match(twice.error?.details ?? "", /Only the first message/);
  const missing = await stream([
    { models: { ...models, encoder: { path: join(root, "none.safetensors") } } },
  ]);
  assert.equal(missing.error?.code, Code.NOT_FOUND);
  const misfit = await writeTinyCheckpoints(join(root, "misfit"), { resolution: R, encoderZDim: 6, seed: 5 });
  const wrong = await stream([{ models: { ...models, encoder: { path: misfit.encoder } } }]);
  assert.equal(wrong.error?.code, Code.FAILED_PRECONDITION);
  assert.match(wrong.error?.details ?? "", /latent size 6.*latent size 8/);
});

test("two replicas asking for the same models at once export them once and share the result", async () => {
  const store = await openArtifactStore({ uri: `file://${join(root, "artifacts")}` });
  const [nc1, nc2] = await Promise.all([connect({ servers: nats.url }), connect({ servers: nats.url })]);
  try {
    const log = createLogger("reconstructor", { level: "silent" });
    const open = (nc: typeof nc1, name: string) =>
      ModelStore.open({ store, nc, workDir: join(root, `store-${name}`), log, pollMs: 50 });
    const [s1, s2] = await Promise.all([open(nc1, "1"), open(nc2, "2")]);
    // A choice not asked for yet: the G generator with random noise.
    const fresh: ReconstructionModels__Output = {
      gan: { kind: "path", path: checkpoints.gan },
      encoder: { kind: "path", path: checkpoints.encoder },
      generator: "GENERATOR_CHOICE_G",
      noiseMode: "NOISE_MODE_RANDOM",
      refine: null,
    };
    const statuses: ModelStoreStatus[][] = [[], []];
    const [r1, r2] = await Promise.all([
      s1.resolve(fresh, { onStatus: (s) => statuses[0]!.push(s) }),
      s2.resolve(fresh, { onStatus: (s) => statuses[1]!.push(s) }),
    ]);
    assert.deepEqual(r1, r2);
    assert.equal(statuses.flat().filter((s) => s === "exporting").length, 1, JSON.stringify(statuses));
    assert.equal(r1.generatorChoice, "GENERATOR_CHOICE_G");
    assert.equal(r1.noiseMode, "NOISE_MODE_RANDOM");
    // Asked again later, the cached record answers without exporting.
    const later: ModelStoreStatus[] = [];
    assert.deepEqual(await s2.resolve(fresh, { onStatus: (s) => later.push(s) }), r1);
    assert.deepEqual(later, []);
    const record = JSON.parse(
      readFileSync(join(root, "artifacts", "models", "onnx", r1.key, "models.json"), "utf8"),
    );
    assert.equal(record.generator.digest, r1.generator!.digest);
  } finally {
    await Promise.all([nc1.close(), nc2.close()]);
    await store.close();
  }
});
