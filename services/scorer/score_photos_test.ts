import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type ArtifactStore, openArtifactStore } from "@dermanomaly/artifacts";
import {
  Code,
  type OnlineScoringConfig,
  type ScoredPhoto__Output,
  type ScorePhotosRequest,
  type ServiceClients,
} from "@dermanomaly/contracts";
import { prepareImage } from "@dermanomaly/dataset";
import { decodeImage, encodeJpeg, type RgbImage } from "@dermanomaly/imaging";
import { openReconstructionModels } from "@dermanomaly/reconstruction";
import { type RunningService, serveStage, serveStageInProcess } from "@dermanomaly/runtime";
import { fitCalibration, hueSpread, writeCalibration } from "@dermanomaly/scoring";
import { RECONSTRUCTOR_CONFIG, reconstructorStage } from "@dermanomaly/service-reconstructor";
import { renderLesion } from "@dermanomaly/synthetic";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { scorerHandlers } from "./mod.ts";

// A tiny GAN and encoder (16x16, z of 8 values) as the trainers write them (fixtures/make_checkpoints.ts).
const CHECKPOINTS = join(import.meta.dirname, "fixtures", "checkpoints");
const MODELS = {
  gan: { path: join(CHECKPOINTS, "gan.safetensors") },
  encoder: { path: join(CHECKPOINTS, "encoder.safetensors") },
};
const ENDPOINT = "DERMANOMALY_RECONSTRUCTOR_ENDPOINT";

let nats: NatsServer;
let reconstructor: RunningService;
let scorer: RunningService;
let client: ServiceClients["scorer"];
let store: ArtifactStore;
let root: string;
let calibration: string;
const saved = process.env[ENDPOINT];

before(async () => {
  root = mkdtempSync(join(tmpdir(), "score-photos-"));
  nats = await startNatsServer();
  // The reconstructor in this process, on the store the scorer uses.
  const stage = reconstructorStage();
  reconstructor = await serveStage("reconstructor", stage.handlers, {
    config: RECONSTRUCTOR_CONFIG,
    startup: stage.startup,
    handleSignals: false,
    env: {
      DERMANOMALY_GRPC_HOST: "127.0.0.1",
      DERMANOMALY_GRPC_PORT: "0",
      DERMANOMALY_METRICS_PORT: "0",
      DERMANOMALY_NATS_URL: nats.url,
      DERMANOMALY_LOG_LEVEL: "warn",
      DERMANOMALY_ARTIFACTS: `file://${join(root, "artifacts")}`,
      DERMANOMALY_WORK_DIR: join(root, "work-reconstructor"),
      DERMANOMALY_ORT_THREADS: "1",
    },
  });
  while (!reconstructor.serving) await new Promise((r) => setTimeout(r, 20));
  process.env[ENDPOINT] = reconstructor.address;
  ({ service: scorer, client } = await serveStageInProcess("scorer", scorerHandlers, {
    natsUrl: nats.url,
    root,
  }));
  store = await openArtifactStore({ uri: `file://${join(root, "artifacts")}` });
  // A calibration of pairwise (alpha 0.5), as Calibrate writes it from a scorer's sheet (its meta says the score).
  calibration = join(root, "pairwise.json");
  await writeCalibration(
    fitCalibration([0.4, 0.5, 0.55, 0.6, 0.8, 0.9], {
      quantile: 0.5,
      sheet: {
        tag: "pairwise_a0.5",
        method: "pairwise",
        metric: "",
        p: "",
        alpha: "0.5",
        kappa: "1",
        neighbours: "",
      },
      source: "val/pairwise_a0.5.xlsx",
    }),
    calibration,
  );
});

after(async () => {
  if (saved === undefined) delete process.env[ENDPOINT];
  else process.env[ENDPOINT] = saved;
  client?.close();
  await store?.close();
  await scorer?.stop();
  await reconstructor?.stop();
  await nats?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Sends the messages on one ScorePhotos stream; the results, or the status it ended with. */
function stream(
  messages: ScorePhotosRequest[],
): Promise<{ results: ScoredPhoto__Output[]; error?: { code: number; details: string } }> {
  return new Promise((resolve) => {
    const results: ScoredPhoto__Output[] = [];
    const call = client.ScorePhotos();
    call.on("data", (r: ScoredPhoto__Output) => results.push(r));
    call.on("error", (e: { code: number; details: string }) =>
      resolve({ results, error: { code: e.code, details: e.details } }),
    );
    call.on("end", () => resolve({ results }));
    for (const m of messages) call.write(m);
    call.end();
  });
}

async function photo(
  width: number,
  height: number,
  seed: number,
  kind: "NEV" | "MEL" = "NEV",
): Promise<Uint8Array> {
  return encodeJpeg(renderLesion({ kind, width, height, seed }), { quality: 95 });
}

const config = (over: Partial<OnlineScoringConfig> = {}): ScorePhotosRequest => ({
  config: {
    models: MODELS,
    calibrations: [{ path: calibration }],
    scores: [
      { method: "SCORE_METHOD_IZIF" },
      { method: "SCORE_METHOD_DISTANCE", metric: "DISTANCE_METRIC_MANHATTAN", alpha: 1 },
      { method: "SCORE_METHOD_HUE_SPREAD" },
    ],
    ...over,
  },
});

test("photos of any size are prepared as the training set was, reconstructed, scored raw and under the calibration, in order", async () => {
  // A tiny photo, smaller than the networks' 16x16, is enlarged (the data set preparation's Pillow-exact path).
  const tiny: RgbImage = {
    data: Uint8Array.from({ length: 12 * 10 * 3 }, (_, i) => (i * 37) % 256),
    width: 12,
    height: 10,
  };
  const photos: Uint8Array[] = [
    await photo(90, 60, 1),
    await photo(48, 72, 2, "MEL"),
    await encodeJpeg(tiny),
  ];
  const corrupt = (await photo(90, 60, 4)).subarray(0, 300);
  const { results, error } = await stream([
    config(),
    { photo: { name: "a.jpg", image: photos[0] as Uint8Array } },
    { photo: { name: "broken.jpg", image: corrupt } },
    { photo: { name: "b.jpg", image: photos[1] as Uint8Array } },
    { photo: { name: "tiny.jpg", image: photos[2] as Uint8Array } },
  ]);
  assert.equal(error, undefined, error?.details);
  assert.deepEqual(
    results.map((r) => [r.index, r.name]),
    [
      [0, "a.jpg"],
      [1, "broken.jpg"],
      [2, "b.jpg"],
      [3, "tiny.jpg"],
    ],
  );
  assert.match(results[1]?.error ?? "", /^CORRUPT: /);
  assert.equal(results[1]?.errorCode, "INVALID_ARGUMENT");

  // The networks the reconstructor ran, opened here from its model cache, give the same terms independently.
  const [record] = (await store.list("models/onnx/")).filter((a) => a.key.endsWith("/models.json"));
  const exported = JSON.parse(new TextDecoder().decode(await store.getBytes(record!)));
  const local = async (key: "encoder" | "generator" | "discriminator") => {
    const path = join(root, `${key}.onnx`);
    await store.getToFile(exported[key].model, path);
    return path;
  };
  const models = await openReconstructionModels(
    {
      encoder: await local("encoder"),
      generator: await local("generator"),
      discriminator: await local("discriminator"),
    },
    { threads: 1 },
  );
  try {
    for (const [k, r] of [results[0], results[2], results[3]].entries()) {
      assert.equal(r?.error, "", r?.error);
      const source = await decodeImage(photos[k] as Uint8Array);
      const want = await prepareImage(source, { width: 16, height: 16 });
      const prepared = await decodeImage(r?.prepared as Uint8Array);
      assert.deepEqual(Buffer.from(prepared.data), Buffer.from((await decodeImage(want!.png)).data), r?.name);
      assert.deepEqual(
        [
          r?.preparation?.sourceWidth,
          r?.preparation?.sourceHeight,
          r?.preparation?.cropSize,
          r?.preparation?.resolution,
        ],
        [source.width, source.height, Math.min(source.width, source.height), 16],
      );
      assert.equal(r?.preparation?.filter, k === 2 ? "lanczos" : "lanczos3");
      const image: RgbImage = { data: prepared.data, width: 16, height: 16 };
      const [rec] = await models.reconstructor.reconstruct([image]);
      // By hand: the method's formulas (PyTorch's PairwiseDistance adds 1e-6 to the difference).
      let fmse = 0;
      let fpair = 0;
      let fl1 = 0;
      for (let i = 0; i < rec!.featuresReal.length; i++) {
        const d = (rec!.featuresReal[i] as number) - (rec!.featuresRec[i] as number);
        fmse += d * d;
        fpair += (d + 1e-6) ** 2;
        fl1 += Math.abs(d);
      }
      fmse /= rec!.featuresReal.length;
      fpair = Math.sqrt(fpair);
      const g = await decodeImage(r?.reconstruction as Uint8Array);
      let pl1 = 0;
      for (let i = 0; i < g.data.length; i++)
        pl1 += Math.abs((prepared.data[i] as number) - (g.data[i] as number)) / 127.5;
      const expected: Record<string, number> = {
        "pairwise_a0.5": 0.5 * rec!.pixelPairwise + fpair,
        izif_a1: rec!.pixelMse + fmse,
        distance_manhattan_a1: pl1 + fl1,
        "hue-spread": hueSpread(image).spread,
      };
      assert.deepEqual(
        r?.scores.map((s) => s.tag),
        ["pairwise_a0.5", "izif_a1", "distance_manhattan_a1", "hue-spread"],
      );
      for (const s of r?.scores ?? []) {
        const e = expected[s.tag] as number;
        assert.ok(
          Math.abs(s.raw - e) <= 1e-5 * Math.max(1, Math.abs(e)),
          `${r?.name} ${s.tag}: ${s.raw} vs ${e}`,
        );
      }
      const pairwise = r?.scores[0];
      assert.equal(pairwise?.threshold, 0.575);
      assert.ok(Math.abs((pairwise?.normalised ?? 0) - ((pairwise?.raw ?? 0) - 0.4) / 0.5) < 1e-12);
      assert.equal(pairwise?.anomalous, (pairwise?.raw ?? 0) > 0.575);
      assert.equal(r?.anomalous, pairwise?.anomalous);
      assert.equal(r?.scores[1]?.normalised, undefined);
      assert.equal(r?.latent.length, 8);
      assert.equal((await decodeImage(r?.residual as Uint8Array)).width, 16);
      assert.ok(
        r?.lineage?.models.some(
          (m) => m.role === "generator" && m.artifact?.sha256 === exported.generator.digest,
        ),
      );
    }
  } finally {
    await models.close();
  }
});

test("photos are prepared with the transform and resampler the encoder's training images were made with", async () => {
  const jpeg = await photo(90, 72, 5);
  const source = await decodeImage(jpeg);
  // Twice as wide as high: a centre-crop-wide set of 16x12 images keeps 8 of its rows, too few.
  const flat = await photo(64, 32, 6);
  // [encoder, what the data set preparation makes of the photo, transform, crop width x height, square side, filter]
  const cases = [
    [
      "encoder.safetensors",
      { transform: "center-crop", width: 16, height: 16 },
      "center-crop",
      [72, 72],
      72,
      "lanczos3",
    ],
    [
      "encoder-none-pil.safetensors",
      { transform: "none", resampler: "pil", width: 16, height: 16 },
      "none",
      [90, 72],
      0,
      "lanczos",
    ],
    [
      "encoder-wide.safetensors",
      { transform: "center-crop-wide", width: 16, height: 12 },
      "center-crop-wide",
      [90, 13],
      0,
      "lanczos3",
    ],
  ] as const;
  for (const [file, options, transform, [cropWidth, cropHeight], cropSize, filter] of cases) {
    const models = { ...MODELS, encoder: { path: join(CHECKPOINTS, file) } };
    const { results, error } = await stream([
      config({ models, calibrations: [] }),
      { photo: { name: "a.jpg", image: jpeg } },
      { photo: { name: "flat.jpg", image: flat } },
    ]);
    assert.equal(error, undefined, `${file}: ${error?.details}`);
    const [r, small] = results;
    assert.equal(r?.error, "", `${file}: ${r?.error}`);
    const want = await prepareImage(source, options);
    const prepared = await decodeImage(r?.prepared as Uint8Array);
    assert.deepEqual(Buffer.from(prepared.data), Buffer.from((await decodeImage(want!.png)).data), file);
    assert.deepEqual([prepared.width, prepared.height], [16, 16], file);
    const p = r?.preparation;
    assert.deepEqual(
      [p?.transform, p?.cropWidth, p?.cropHeight, p?.cropSize, p?.filter, p?.resolution],
      [transform, cropWidth, cropHeight, cropSize, filter, 16],
      file,
    );
    assert.equal(JSON.parse(r?.lineage?.configJson ?? "{}").preparation.transform, transform, file);
    // A centre-crop-wide training set leaves out photos too flat (or narrow) for its images: so does scoring.
    if (transform === "center-crop-wide") {
      assert.match(small?.error ?? "", /^DROPPED_BY_TRANSFORM: .*'center-crop-wide'.*'64x32'/);
      assert.equal(small?.errorCode, "INVALID_ARGUMENT");
    } else {
      assert.equal(small?.error, "", `${file}: ${small?.error}`);
    }
  }
});

test("a bad config ends the stream with INVALID_ARGUMENT saying what to change", async () => {
  const nameless = join(root, "nameless.json");
  await writeCalibration(fitCalibration([1, 2, 3], { source: "original.xlsx" }), nameless);
  const cases: [ScorePhotosRequest[], Code, RegExp][] = [
    [
      [{ photo: { name: "x", image: new Uint8Array(3) } }],
      Code.INVALID_ARGUMENT,
      /first message .* must be the config/,
    ],
    [
      [config({ models: { gan: MODELS.gan } })],
      Code.INVALID_ARGUMENT,
      /needs the GAN and encoder checkpoints/,
    ],
    [[config({ calibrations: [], scores: [] })], Code.INVALID_ARGUMENT, /Give at least one score/],
    [
      [config({ calibrations: [{ path: nameless }] })],
      Code.INVALID_ARGUMENT,
      /Calibration '.*nameless\.json': The sheet's meta names no score method/,
    ],
    [
      [config({ scores: [{ method: "SCORE_METHOD_AFS" }] })],
      Code.INVALID_ARGUMENT,
      /'afs_n5' score needs a set of images/,
    ],
    [
      [config({ scores: [{ method: "SCORE_METHOD_ALS" }] })],
      Code.INVALID_ARGUMENT,
      /als searches reference latents/,
    ],
    [
      [config({ scores: [{ method: "SCORE_METHOD_PAIRWISE", alpha: 0.5 }] })],
      Code.INVALID_ARGUMENT,
      /Score 'pairwise_a0\.5' is asked for twice/,
    ],
    [[config({ calibrations: [{ path: join(root, "absent.json") }] })], Code.NOT_FOUND, /absent\.json/],
    [
      [config(), config()],
      Code.INVALID_ARGUMENT,
      /Only the first message of a ScorePhotos stream is a config/,
    ],
  ];
  for (const [messages, code, pattern] of cases) {
    const { error } = await stream(messages);
    assert.equal(error?.code, code, `${JSON.stringify(messages).slice(0, 120)}: ${error?.details}`);
    assert.match(error?.details ?? "", pattern);
  }
});

test("als online is the mean euclidean distance of the photo's latent to its nearest reference latents", async () => {
  const rows = Array.from({ length: 7 }, (_, r) =>
    Array.from({ length: 8 }, (_, c) => Math.sin(r * 8 + c) * 2),
  );
  const latents = join(root, "latent_vectors.csv");
  const header = `${Array.from({ length: 8 }, (_, c) => `dim_${c + 1}`).join(",")},image_name`;
  await writeFile(latents, `${header}\n${rows.map((v, r) => `${v.join(",")},n${r}.png`).join("\n")}\n`);
  const { results, error } = await stream([
    config({
      calibrations: [],
      scores: [{ method: "SCORE_METHOD_ALS", neighbours: 3 }],
      referenceLatents: { path: latents },
    }),
    { photo: { name: "a.jpg", image: await photo(40, 50, 7) } },
  ]);
  assert.equal(error, undefined, error?.details);
  const [r] = results;
  assert.equal(r?.error, "", r?.error);
  // By hand: every distance, sorted, the three smallest averaged.
  const z = r?.latent ?? [];
  const distances = rows
    .map((v) => Math.sqrt(v.reduce((s, x, c) => s + (x - (z[c] as number)) ** 2, 0)))
    .sort((a, b) => a - b);
  const expected = ((distances[0] as number) + (distances[1] as number) + (distances[2] as number)) / 3;
  assert.equal(r?.scores[0]?.tag, "als_n3");
  assert.ok(Math.abs((r?.scores[0]?.raw ?? Number.NaN) - expected) <= 1e-6 * expected);
  assert.equal(r?.scores[0]?.normalised, undefined);
  assert.equal(r?.anomalous, undefined);

  // Latents of another encoder (two values, not eight) do not fit.
  const short = join(root, "short.csv");
  await writeFile(short, "dim_1,dim_2,image_name\n0.5,-1,a.png\n");
  const mismatch = await stream([
    config({ calibrations: [], scores: [{ method: "SCORE_METHOD_ALS" }], referenceLatents: { path: short } }),
  ]);
  assert.equal(mismatch.error?.code, Code.FAILED_PRECONDITION, mismatch.error?.details);
  assert.match(
    mismatch.error?.details ?? "",
    /Reference latents of 2 values do not fit the encoder's latents of 8/,
  );
});

test("an unreachable reconstructor ends the stream with UNAVAILABLE", async () => {
  process.env[ENDPOINT] = "127.0.0.1:1";
  try {
    const { error } = await stream([config(), { photo: { name: "a.jpg", image: await photo(20, 20, 1) } }]);
    assert.equal(error?.code, Code.UNAVAILABLE, error?.details);
    assert.match(error?.details ?? "", /^Reconstructor: /);
  } finally {
    process.env[ENDPOINT] = reconstructor.address;
  }
});
