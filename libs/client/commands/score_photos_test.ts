import assert from "node:assert/strict";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, mock, test } from "node:test";
import { parseArgs } from "node:util";
import type { ScoredPhoto__Output } from "@dermanomaly/contracts";
import { decodeImage, encodeJpeg, encodePng } from "@dermanomaly/imaging";
import { renderLesion } from "@dermanomaly/synthetic";
import { runCli, UsageError } from "../cli.ts";
import { photoFiles, photoLine, photoScoringConfig, scorePhotos } from "./score_photos.ts";
import { photoStem, writePhotoResults } from "./score_photos_out.ts";

// The scorer's tiny GAN and encoder (16x16, z of 8 values), as the trainers write them.
const CHECKPOINTS = join(import.meta.dirname, "../../../services/scorer/fixtures/checkpoints");
const tmp = mkdtempSync(join(tmpdir(), "score-photos-cli-"));
const run = join(tmp, "run");
const photos = join(tmp, "photos");
after(() => rmSync(tmp, { recursive: true, force: true }));
// The command's own local stack makes its run folder here.
process.env["DERMANOMALY_RUNS_DIR"] = join(tmp, "stacks");

/** A calibration as `calibrate` writes it: threshold and min-max normalisation of a score named by its sheet. */
function calibration(tag: string, method: string, threshold: number, min: number, max: number) {
  return {
    format: "dermanomaly/calibration/1",
    quantile: 0.95,
    quantile_method: "linear",
    threshold,
    threshold_normalised: (threshold - min) / (max - min),
    normalisation: { method: "min-max", min, max },
    count: 20,
    sheet: {
      tag,
      method,
      alpha: method === "pairwise" ? "0.5" : "",
      kappa: method === "pairwise" ? "1" : "",
    },
    source: `holdout/${tag}.xlsx`,
    created: "2026-12-06T10:00:00.000Z",
  };
}

before(async () => {
  // A pipeline's run folder: its final models, and calibrations listed by calibration.json with the baseline last.
  for (const [kind, file] of [
    ["gan", "gan.safetensors"],
    ["encoder", "encoder.safetensors"],
  ] as const) {
    mkdirSync(join(run, "models", kind), { recursive: true });
    copyFileSync(join(CHECKPOINTS, file), join(run, "models", kind, `final-${file}`));
  }
  mkdirSync(join(run, "calibrations"));
  const calibrations = {
    "pairwise_a0.5": calibration("pairwise_a0.5", "pairwise", 1, 0.5, 2),
    "hue-spread": calibration("hue-spread", "hue-spread", 0.1, 0, 0.3),
  };
  for (const [tag, c] of Object.entries(calibrations))
    writeFileSync(join(run, "calibrations", `${tag}.json`), JSON.stringify(c));
  writeFileSync(join(run, "calibration.json"), JSON.stringify({ quantile: 0.95, calibrations }));
  mkdirSync(photos);
  for (const [name, kind, seed] of [
    ["nev, one.jpg", "NEV", 1],
    ["mel.jpg", "MEL", 2],
  ] as const) {
    writeFileSync(join(photos, name), await encodeJpeg(renderLesion({ kind, width: 60, height: 40, seed })));
  }
  writeFileSync(join(photos, "broken.png"), Buffer.from("not a png"));
  writeFileSync(join(photos, "notes.txt"), "not a photo");
});

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: scorePhotos.options, strict: true, allowPositionals: true }).values;
}

test("a run folder gives the models and its calibrations, the pipeline's scores first; options override them", async () => {
  const config = await photoScoringConfig(parse(["--run", run]));
  assert.deepEqual(config.models, {
    gan: { path: join(run, "models", "gan", "final-gan.safetensors") },
    encoder: { path: join(run, "models", "encoder", "final-encoder.safetensors") },
  });
  assert.deepEqual(config.calibrations, [
    { path: join(run, "calibrations", "pairwise_a0.5.json") },
    { path: join(run, "calibrations", "hue-spread.json") },
  ]);
  assert.deepEqual(config.scores, []);
  const given = await photoScoringConfig(
    parse(["--run", run, "--gan", "other.pkl", "--calibration", "c.json", "--method", "izif"]),
  );
  assert.deepEqual(given.models?.gan, { path: join(process.cwd(), "other.pkl") });
  assert.deepEqual(given.calibrations, [{ path: join(process.cwd(), "c.json") }]);
  assert.deepEqual(given.scores, [{ method: "SCORE_METHOD_IZIF" }]);
  assert.equal(given.referenceLatents, undefined);
  const als = await photoScoringConfig(
    parse([
      "--run",
      run,
      "--method",
      "als",
      "--neighbours",
      "3",
      "--reference-latents",
      "train/latent_vectors.csv",
    ]),
  );
  assert.deepEqual(als.scores, [{ method: "SCORE_METHOD_ALS", neighbours: 3 }]);
  assert.deepEqual(als.referenceLatents, { path: join(process.cwd(), "train/latent_vectors.csv") });
  const empty = join(tmp, "empty-run");
  mkdirSync(empty);
  await assert.rejects(
    photoScoringConfig(parse(["--run", empty])),
    (e: unknown) =>
      e instanceof UsageError && /models\/gan holds no \.safetensors file\(s\): give --gan/.test(e.message),
  );
  await assert.rejects(
    photoScoringConfig(parse(["--gan", "g.pkl", "--encoder", "e.safetensors"])),
    (e: unknown) => e instanceof UsageError && /Give --calibration/.test(e.message),
  );
  await assert.rejects(
    photoScoringConfig(parse(["--encoder", "e.safetensors", "--method", "izif"])),
    (e: unknown) => e instanceof UsageError && /--gan is required/.test(e.message),
  );
});

test("photo arguments are files as given and the image files of folders, sorted", async () => {
  assert.deepEqual(await photoFiles([photos]), [
    join(photos, "broken.png"),
    join(photos, "mel.jpg"),
    join(photos, "nev, one.jpg"),
  ]);
  assert.deepEqual(await photoFiles([join(photos, "notes.txt")]), [join(photos, "notes.txt")]);
  await assert.rejects(photoFiles([join(tmp, "absent.jpg")]), /absent\.jpg" does not exist/);
  await assert.rejects(photoFiles([run]), /holds no photos/);
  await assert.rejects(photoFiles([]), /at least one photo/);
});

test("results are written as a CSV with quoted names and one PNG of each kind per scored photo", async () => {
  const png = await encodePng({ data: new Uint8Array(2 * 2 * 3).fill(9), width: 2, height: 2 });
  const scored = {
    index: 0,
    name: 'a, "b".jpg',
    error: "",
    anomalous: true,
    scores: [{ tag: "izif_a1", raw: 0.5, normalised: 1.5, anomalous: true, threshold: 0.2 }],
    prepared: png,
    reconstruction: png,
    residual: png,
  } as unknown as ScoredPhoto__Output;
  const failed = {
    index: 1,
    name: "x.jpg",
    error: "CORRUPT: truncated",
    scores: [],
  } as unknown as ScoredPhoto__Output;
  const dir = join(tmp, "written");
  await writePhotoResults([scored, failed], dir);
  assert.equal(
    readFileSync(join(dir, "scores.csv"), "utf8"),
    "index,name,anomalous,error,izif_a1,izif_a1_normalised,izif_a1_threshold,izif_a1_anomalous\n" +
      '0,"a, ""b"".jpg",true,,0.5,1.5,0.2,true\n' +
      "1,x.jpg,,CORRUPT: truncated,,,,\n",
  );
  assert.equal(photoStem(scored), "00000_a_b_");
  for (const folder of ["prepared", "reconstruction", "residual"])
    assert.deepEqual(readdirSync(join(dir, folder)), ["00000_a_b_.png"]);
  assert.equal(photoLine(failed), "x.jpg: not scored: CORRUPT: truncated");
  assert.equal(
    photoLine(scored),
    'a, "b".jpg: ANOMALOUS izif_a1 0.5000 (> threshold 0.2000, normalised 1.500)',
  );
});

test("score-photos scores a folder through a local stack, decides by the first calibration, and writes its results", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const log = mock.method(console, "log", (...a: unknown[]) => out.push(a.join(" ")));
  const error = mock.method(console, "error", (...a: unknown[]) => err.push(a.join(" ")));
  const saved = Object.entries(process.env).filter(([k]) => k.endsWith("_ENDPOINT"));
  for (const [k] of saved) delete process.env[k];
  let code: number;
  try {
    code = await runCli(["score-photos", photos, "--run", run, "--out", join(tmp, "out")]);
  } finally {
    log.mock.restore();
    error.mock.restore();
    for (const [k, v] of saved) process.env[k] = v;
  }
  // The broken photo is reported and the others scored; the exit code says one was not.
  assert.equal(code, 1, err.join("\n"));
  assert.match(err.join("\n"), /1 of 3 photos could not be scored/);
  assert.match(out[0] ?? "", /^broken\.png: not scored: NOT_AN_IMAGE/);
  const rows = readFileSync(join(tmp, "out", "scores.csv"), "utf8")
    .trim()
    .split("\n");
  assert.equal(
    rows[0],
    "index,name,anomalous,error,pairwise_a0.5,pairwise_a0.5_normalised,pairwise_a0.5_threshold," +
      "pairwise_a0.5_anomalous,hue-spread,hue-spread_normalised,hue-spread_threshold,hue-spread_anomalous",
  );
  assert.equal(rows.length, 4);
  for (const [k, name] of [
    [1, "mel.jpg"],
    [2, '"nev, one.jpg"'],
  ] as const) {
    const cells = (rows[k + 1] as string).replace(name, "NAME").split(",");
    assert.equal(cells[1], "NAME");
    // pairwise decides (calibration.json lists it first), against its threshold of 1; normalised with min 0.5, max 2.
    const raw = Number(cells[4]);
    assert.ok(raw > 0, rows[k + 1]);
    assert.equal(cells[2], String(raw > 1));
    assert.ok(Math.abs(Number(cells[5]) - (raw - 0.5) / 1.5) < 1e-9);
    assert.equal(cells[6], "1");
    assert.ok(
      out.some((l) =>
        l.startsWith(`${name.replaceAll('"', "")}: ${raw > 1 ? "ANOMALOUS" : "normal"} pairwise_a0.5`),
      ),
    );
    const stem = k === 1 ? "00001_mel" : "00002_nev_one";
    for (const folder of ["prepared", "reconstruction", "residual"]) {
      const image = await decodeImage(readFileSync(join(tmp, "out", folder, `${stem}.png`)));
      assert.deepEqual([image.width, image.height], [16, 16], `${folder}/${stem}`);
    }
  }
});
