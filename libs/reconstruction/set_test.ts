import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { encodePng } from "@dermanomaly/imaging";
import { noiseImage, testInfo, testRecord } from "./_testing.ts";
import { meanSquaredError, pairwiseDistance } from "./metrics.ts";
import {
  RECONSTRUCTION_SET_FORMAT,
  readReconstructionSet,
  readSetImage,
  reconstructionCaption,
  setImagePath,
  setRow,
  writeReconstructionSet,
} from "./set.ts";

const root = await mkdtemp(join(tmpdir(), "recset-"));
after(() => rm(root, { recursive: true, force: true }));
let counter = 0;
const fresh = () => join(root, `set${counter++}`);

function hasCode(code: number) {
  return (err: unknown) => isStatusError(err) && err.code === code;
}

async function writeSample(dir: string) {
  const info = testInfo();
  const records = [
    testRecord(info, "ISIC_001.jpg", "MEL", 1),
    testRecord(info, "ISIC_002.JPEG", "NEV", 10),
    testRecord(info, 'odd, "name".png', "NEV", 20),
  ];
  const writer = await writeReconstructionSet(dir, info);
  for (const r of records) await writer.add(r);
  await writer.skip({ source: "MEL/broken.jpg", reason: "CORRUPT: premature end of data" });
  const summary = await writer.finish();
  return { info, records, summary };
}

test("a written set reads back with its images, tensors, CSVs and metadata", async () => {
  const dir = fresh();
  const { info, records, summary } = await writeSample(dir);
  assert.deepEqual(summary, { dir, count: 3, skipped: 1 });
  const set = await readReconstructionSet(dir);
  assert.deepEqual(set.info, info);
  assert.deepEqual(
    set.images.map((i) => [i.imageName, i.className, i.label, i.input, i.reconstruction, i.residual]),
    [
      [
        "ISIC_001.jpg",
        "MEL",
        1,
        "input_img/MEL/ISIC_001.png",
        "generated_img/MEL/ISIC_001.png",
        "residual/MEL/ISIC_001.png",
      ],
      [
        "ISIC_002.JPEG",
        "NEV",
        0,
        "input_img/NEV/ISIC_002.png",
        "generated_img/NEV/ISIC_002.png",
        "residual/NEV/ISIC_002.png",
      ],
      [
        'odd, "name".png',
        "NEV",
        0,
        'input_img/NEV/odd, "name".png',
        'generated_img/NEV/odd, "name".png',
        'residual/NEV/odd, "name".png',
      ],
    ],
  );
  for (const [i, r] of records.entries()) {
    assert.deepEqual(setRow(set, "z", i), r.z);
    assert.deepEqual(setRow(set, "featuresReal", i), r.featuresReal);
    assert.deepEqual(setRow(set, "featuresRec", i), r.featuresRec);
    assert.equal(set.logitsReal[i], Math.fround(r.logitReal));
    assert.equal(set.logitsRec[i], Math.fround(r.logitRec));
    assert.equal(set.pixelMse[i], Math.fround(r.pixelMse));
    assert.equal(set.pixelPairwise[i], Math.fround(r.pixelPairwise));
    assert.equal(set.featuresMse[i], Math.fround(meanSquaredError(r.featuresReal, r.featuresRec)));
    assert.equal(set.featuresPairwise[i], Math.fround(pairwiseDistance(r.featuresReal, r.featuresRec)));
    // Lossless: the PNGs hold the exact pixels.
    for (const kind of ["input", "reconstruction", "residual"] as const) {
      const image = await readSetImage(set, i, kind);
      assert.deepEqual(Buffer.from(image.data), Buffer.from((r[kind] as { data: Uint8Array }).data), kind);
    }
  }
  assert.deepEqual(set.skipped, [{ source: "MEL/broken.jpg", reason: "CORRUPT: premature end of data" }]);
  const latents = await readFile(join(dir, "latent_vectors.csv"), "utf8");
  assert.equal(latents.split("\n")[0], "dim_1,dim_2,dim_3,dim_4,image_name");
  assert.equal(latents.split("\n")[1]!.split(",").at(-1), "ISIC_001.jpg");
  assert.deepEqual((await readdir(dir)).sort(), [
    "generated_img",
    "input_img",
    "latent_vectors.csv",
    "reconstruction_set.csv",
    "reconstruction_set.safetensors",
    "residual",
    "skipped.csv",
  ]);
});

test("the safetensors file carries the format, sizes, generator, noise mode, lineage and classes", async () => {
  const dir = fresh();
  await writeSample(dir);
  const bytes = await readFile(join(dir, "reconstruction_set.safetensors"));
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8"));
  const meta = header.__metadata__;
  assert.equal(meta.format, RECONSTRUCTION_SET_FORMAT);
  assert.equal(meta.resolution, "8");
  assert.equal(meta.z_dim, "4");
  assert.equal(meta.feature_dim, "6");
  assert.equal(meta.generator, "G_ema");
  assert.equal(meta.noise_mode, "const");
  assert.equal(JSON.parse(meta.lineage).onnx.generator, "c".repeat(64));
  assert.deepEqual(JSON.parse(meta.classes), { NEV: 0, MEL: 1 });
  assert.deepEqual(header.features_real.shape, [3, 6]);
  assert.deepEqual(header.logits_rec.shape, [3]);
  assert.equal((8 + n) % 8, 0);
});

test("the reader reports a set whose files disagree as DATA_LOSS", async () => {
  const tamper = async (what: string, change: (dir: string) => Promise<void>) => {
    const dir = fresh();
    await writeSample(dir);
    await change(dir);
    await assert.rejects(readReconstructionSet(dir), hasCode(Code.DATA_LOSS), what);
  };
  await tamper("a changed latent value", async (dir) => {
    const p = join(dir, "latent_vectors.csv");
    const lines = (await readFile(p, "utf8")).split("\n");
    lines[2] = `9,${lines[2]!.split(",").slice(1).join(",")}`;
    await writeFile(p, lines.join("\n"));
  });
  await tamper("a missing image", (dir) => unlink(join(dir, "generated_img/NEV/ISIC_002.png")));
  await tamper("an index row less", async (dir) => {
    const p = join(dir, "reconstruction_set.csv");
    const lines = (await readFile(p, "utf8")).trimEnd().split("\n");
    await writeFile(p, `${lines.slice(0, -1).join("\n")}\n`);
  });
  await tamper("a label that is not its class's", async (dir) => {
    const p = join(dir, "reconstruction_set.csv");
    await writeFile(p, (await readFile(p, "utf8")).replace("ISIC_001.jpg,MEL,1", "ISIC_001.jpg,MEL,0"));
  });
  await tamper("features_mse that the features do not give", async (dir) => {
    const p = join(dir, "reconstruction_set.safetensors");
    const bytes = await readFile(p);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8"));
    bytes.writeFloatLE(123, 8 + n + header.features_mse.data_offsets[0]);
    await writeFile(p, bytes);
  });
});

test("the reader tells a missing, unfinished or foreign folder apart", async () => {
  await assert.rejects(readReconstructionSet(join(root, "nope")), hasCode(Code.NOT_FOUND));
  const dir = fresh();
  const writer = await writeReconstructionSet(dir, testInfo());
  await writer.add(testRecord(testInfo(), "a.png", "NEV", 3));
  await assert.rejects(readReconstructionSet(dir), hasCode(Code.FAILED_PRECONDITION));
  await writer.abort();
  await assert.rejects(stat(dir), { code: "ENOENT" });
  const empty = fresh();
  await mkdir(empty);
  await assert.rejects(readReconstructionSet(empty), hasCode(Code.NOT_FOUND));
});

test("a second image with the same class and name stem is ALREADY_EXISTS and the set goes on", async () => {
  const dir = fresh();
  const info = testInfo();
  const writer = await writeReconstructionSet(dir, info);
  await writer.add(testRecord(info, "ISIC_1.jpg", "MEL", 1));
  await assert.rejects(writer.add(testRecord(info, "ISIC_1.png", "MEL", 2)), hasCode(Code.ALREADY_EXISTS));
  await writer.add(testRecord(info, "ISIC_1.png", "NEV", 3));
  await writer.finish();
  assert.equal((await readReconstructionSet(dir)).images.length, 2);
});

test("bad records are refused before anything is written", async () => {
  const dir = fresh();
  const info = testInfo();
  const writer = await writeReconstructionSet(dir, info);
  const good = testRecord(info, "a.png", "MEL", 1);
  await assert.rejects(writer.add({ ...good, label: 0 }), /class "MEL" has label "1"/);
  await assert.rejects(writer.add({ ...good, className: "BCC" }), /not among the set's classes/);
  await assert.rejects(writer.add({ ...good, className: "_" }), /has label "-1"/);
  await assert.rejects(writer.add({ ...good, imageName: "../a.png" }), RangeError);
  await assert.rejects(writer.add({ ...good, z: new Float32Array(3) }), /must hold 4 float32 values/);
  await assert.rejects(writer.add({ ...good, input: noiseImage(16, 1) }), /must be 8x8/);
  await assert.rejects(writer.add({ ...good, residual: new Uint8Array(40) }), /not PNG data/);
  await assert.rejects(
    writer.add({ ...good, residual: await encodePng(noiseImage(16, 1)) }),
    /8-bit RGB PNG of 8x8, got 16x16/,
  );
  assert.equal(writer.count, 0);
  // Encoded PNGs of the right size are taken as they are, and unlabelled images go to class "_".
  await writer.add({ ...good, className: "_", label: -1, residual: await encodePng(noiseImage(8, 9)) });
  await writer.finish();
  const set = await readReconstructionSet(dir);
  assert.equal(set.images[0]!.input, setImagePath("input", "_", "a.png"));
  assert.deepEqual(
    Buffer.from((await readSetImage(set, 0, "residual")).data),
    Buffer.from(noiseImage(8, 9).data),
  );
});

test("a set of no images reads back empty, with its skipped inputs", async () => {
  const dir = fresh();
  const writer = await writeReconstructionSet(dir, testInfo());
  await writer.skip({ source: "NEV/x.txt", reason: "NOT_AN_IMAGE" });
  await writer.finish();
  const set = await readReconstructionSet(dir);
  assert.equal(set.images.length, 0);
  assert.equal(set.z.length, 0);
  assert.deepEqual(set.skipped, [{ source: "NEV/x.txt", reason: "NOT_AN_IMAGE" }]);
});

test("writeReconstructionSet() refuses a folder that is not empty", async () => {
  const dir = fresh();
  await writeSample(dir);
  await assert.rejects(writeReconstructionSet(dir, testInfo()), hasCode(Code.FAILED_PRECONDITION));
  await assert.rejects(writeReconstructionSet(fresh(), testInfo({ zDim: 0 })), RangeError);
});

test("reading a set does not load TF.js", () => {
  // tfjs-core creates its engine on globalThis._tfengine when it loads; the gan package's main entry loads it.
  const probe = (module: string) =>
    spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `await import(${JSON.stringify(module)}); console.log(globalThis._tfengine === undefined ? "no-tf" : "tf")`,
      ],
      { cwd: import.meta.dirname, encoding: "utf8" },
    );
  const set = probe("./set.ts");
  assert.equal(set.stdout.trim(), "no-tf", set.stderr);
  const gan = probe("@dermanomaly/gan");
  assert.equal(gan.stdout.trim(), "tf", gan.stderr);
});

test("reconstructionCaption names plain and refined reconstructions", () => {
  const { lineage } = testInfo();
  assert.equal(reconstructionCaption(lineage), "G(E(x))");
  assert.equal(
    reconstructionCaption({ ...lineage, refine: { steps: 30, lr: 0.02, kappa: 1 } }),
    "G(w), w = E(x) after 30 refinement steps",
  );
  assert.equal(
    reconstructionCaption({ ...lineage, refine: { steps: 1, lr: 0.02, kappa: 0 } }),
    "G(w), w = E(x) after 1 refinement step",
  );
  assert.equal(reconstructionCaption({ ...lineage, refine: { steps: 0, lr: 0.02, kappa: 0 } }), "G(E(x))");
});
