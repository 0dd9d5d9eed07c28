import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { Encoder, writeEncoderFile } from "@dermanomaly/encoder";
import { maxAbsDiff, NVIDIA_FIXTURES, nvidiaExpectations, run } from "./_testing.ts";
import { checkCheckpoints, exportCheckpoints } from "./export_checkpoints.ts";
import { METADATA_KEYS } from "./lineage.ts";
import { readModelInfo } from "./model_file.ts";
import { openSession } from "./session.ts";

const dir = await mkdtemp(join(tmpdir(), "onnx-ckpt-"));
after(() => rm(dir, { recursive: true, force: true }));
const pkl = `${NVIDIA_FIXTURES}sg3_snapshot.pkl`;
// What the encoder trainer records in the files it writes.
const lineage = (generator: "G" | "G_ema", noiseMode: "const" | "random") =>
  ({ generator, noiseMode, loss: "izif", alpha: 1, kappa: 1, inputs: {} }) as const;
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

test("exportCheckpoints() writes G, D and E with their checkpoints' digests; the encoder's lineage picks the generator", async () => {
  const e = new Encoder({ resolution: 16, zDim: 8, channelBase: 4, channelMax: 8 }, { seed: 1 });
  const encoderPath = join(dir, "encoder.safetensors");
  await writeEncoderFile(
    encoderPath,
    { config: e.config, stateDict: e.stateDict() },
    { lineage: lineage("G", "const") },
  );
  e.dispose();
  const out = await exportCheckpoints({ gan: pkl, encoder: encoderPath }, join(dir, "models"));
  assert.deepEqual(out.choice, { generator: "G", noiseMode: "const" });
  const dFeatures = (await openSession(out.discriminator.path, { threads: 1 })).session;
  const featureShape = dFeatures.outputMetadata.find((m) => m.name === "features") as unknown as {
    shape: unknown[];
  };
  assert.deepEqual(out.sizes, { resolution: 16, zDim: 8, featureDim: featureShape.shape[1] });
  await dFeatures.release();
  const g = await readModelInfo(out.generator.path);
  assert.equal(g.metadata[METADATA_KEYS.generator], "G");
  assert.equal(g.metadata[METADATA_KEYS.sourceSha256], sha(pkl));
  assert.equal((await readModelInfo(out.discriminator.path)).metadata[METADATA_KEYS.source], pkl);
  const em = await readModelInfo(out.encoder!.path);
  assert.equal(em.metadata[METADATA_KEYS.sourceSha256], sha(encoderPath));
  assert.equal(em.metadata[METADATA_KEYS.generator], "G");
  // The exported G is the snapshot's training G: NVIDIA's image for seed 0.
  const expected = nvidiaExpectations().sg3;
  const { session } = await openSession(out.generator.path, { threads: 1 });
  const img = await run(session, {
    z: { data: Float32Array.from(expected.z[0]!), dims: [1, 8] },
    psi: { data: Float32Array.of(1), dims: [] },
  });
  assert.ok(maxAbsDiff(img["image"]!.data, expected.G_img_psi1_seed0) < 1e-4);
  await session.release();
  // Asked for explicitly, G_ema wins over the lineage.
  const ema = await exportCheckpoints({ gan: pkl, encoder: encoderPath }, join(dir, "ema"), {
    generator: "G_ema",
  });
  assert.equal(ema.choice.generator, "G_ema");
});

test("exportCheckpoints() refuses an encoder whose sizes do not fit the generator, naming both", async () => {
  const e = new Encoder({ resolution: 16, zDim: 6, channelBase: 4, channelMax: 8 }, { seed: 1 });
  const encoderPath = join(dir, "encoder6.safetensors");
  await writeEncoderFile(encoderPath, { config: e.config, stateDict: e.stateDict() });
  e.dispose();
  await assert.rejects(
    exportCheckpoints({ gan: pkl, encoder: encoderPath }, join(dir, "bad")),
    (err) =>
      isStatusError(err) &&
      err.code === Code.FAILED_PRECONDITION &&
      /latent size 6.*latent size 8/.test(err.message),
  );
  await assert.rejects(
    exportCheckpoints({ gan: join(dir, "none.pkl") }, join(dir, "bad")),
    (err) => isStatusError(err) && err.code === Code.NOT_FOUND,
  );
});

test("checkCheckpoints() finds the choice and sizes without exporting, and refuses what exporting refuses", async () => {
  const e = new Encoder({ resolution: 16, zDim: 8, channelBase: 4, channelMax: 8 }, { seed: 2 });
  const fits = join(dir, "fits.safetensors");
  await writeEncoderFile(
    fits,
    { config: e.config, stateDict: e.stateDict() },
    { lineage: lineage("G", "random") },
  );
  const misfit = join(dir, "misfit.safetensors");
  const e6 = new Encoder({ resolution: 16, zDim: 6, channelBase: 4, channelMax: 8 }, { seed: 3 });
  await writeEncoderFile(misfit, { config: e6.config, stateDict: e6.stateDict() });
  e.dispose();
  e6.dispose();
  const fit = await checkCheckpoints({ gan: pkl, encoder: fits });
  assert.deepEqual(fit, { choice: { generator: "G", noiseMode: "random" }, resolution: 16, zDim: 8 });
  assert.deepEqual((await checkCheckpoints({ gan: pkl, encoder: fits }, { noiseMode: "const" })).choice, {
    generator: "G",
    noiseMode: "const",
  });
  await assert.rejects(
    checkCheckpoints({ gan: pkl, encoder: misfit }),
    (err) =>
      isStatusError(err) &&
      err.code === Code.FAILED_PRECONDITION &&
      err.message.includes(`Encoder "${misfit}" (latent size 6, images 16x16)`) &&
      err.message.includes("(latent size 8, images 16x16)"),
  );
  await assert.rejects(
    checkCheckpoints({ gan: pkl, encoder: join(dir, "none.safetensors") }),
    (err) => isStatusError(err) && err.code === Code.NOT_FOUND,
  );
});

test("exportCheckpoints() records the source names given, so copies of a checkpoint export the same bytes", async () => {
  const a = await exportCheckpoints({ gan: pkl }, join(dir, "named-a"), { sources: { gan: "key:gan.pkl" } });
  const copy = join(dir, "copy.pkl");
  writeFileSync(copy, readFileSync(pkl));
  const b = await exportCheckpoints({ gan: copy }, join(dir, "named-b"), { sources: { gan: "key:gan.pkl" } });
  const meta = (await readModelInfo(a.generator.path)).metadata;
  assert.equal(meta[METADATA_KEYS.source], "key:gan.pkl");
  assert.equal(meta[METADATA_KEYS.sourceSha256], sha(pkl));
  assert.equal(a.generator.modelSha256, b.generator.modelSha256);
  assert.equal(a.discriminator.modelSha256, b.discriminator.modelSha256);
});
