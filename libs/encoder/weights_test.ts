import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { writeSafetensors } from "@dermanomaly/gan/safetensors";
import { FIXTURES, referenceCases, toStateDict } from "./_testing.ts";
import { parseTorchFile } from "./_torch_file.ts";
import { encoderConfig } from "./config.ts";
import { inspectEncoder } from "./inspect.ts";
import {
  ENCODER_WEIGHTS_FORMAT,
  importStateDict,
  type LoadedEncoder,
  loadEncoderFile,
  writeEncoderFile,
} from "./weights.ts";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "encoder-weights-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bias16 = () => referenceCases().find((c) => c.name === "bias16")!;

function assertSameWeights(loaded: LoadedEncoder): void {
  const c = bias16();
  assert.deepEqual(
    { ...loaded.config },
    encoderConfig({ ...c.config, batchNormMomentum: 0.1, batchNormEps: 1e-5 }),
  );
  assert.deepEqual([...loaded.stateDict.keys()], Object.keys(c.initial));
  for (const [name, t] of Object.entries(c.initial)) {
    assert.deepEqual(loaded.stateDict.get(name)!.shape, t.shape, name);
    assert.deepEqual([...loaded.stateDict.get(name)!.data], [...Float32Array.from(t.data)], name);
  }
}

test("loadEncoderFile() reads torch.save(encoder.state_dict()) with its config from the shapes", async () => {
  const loaded = await loadEncoderFile(join(FIXTURES, "encoder_state_dict.pth"));
  assert.equal(loaded.kind, "pth");
  assert.equal(loaded.renamed, false);
  assertSameWeights(loaded);
  // num_batches_tracked is int64 in PyTorch.
  assert.deepEqual([...loaded.stateDict.get("1.num_batches_tracked")!.data], [3]);
});

test("loadEncoderFile() reads a whole pickled nn.Sequential (torch.save(encoder)) without running it", async () => {
  const loaded = await loadEncoderFile(join(FIXTURES, "encoder_module.pth"));
  assertSameWeights(loaded);
  const content = parseTorchFile(await readFile(join(FIXTURES, "encoder_module.pth")));
  assert.equal(content.kind, "module");
  assert.deepEqual(
    content.modules.slice(0, 3).map((m) => m.className),
    [
      "torch.nn.modules.container.Sequential",
      "torch.nn.modules.conv.Conv2d",
      "torch.nn.modules.batchnorm.BatchNorm2d",
    ],
  );
  assert.equal(content.modules[2]!.attributes["eps"], 1e-5);
});

test("loadEncoderFile() maps a module with other names by layer order and shape", async () => {
  const loaded = await loadEncoderFile(join(FIXTURES, "encoder_renamed.pth"));
  assert.equal(loaded.renamed, true);
  assertSameWeights(loaded);
});

test("writeEncoderFile() and loadEncoderFile() round-trip weights, config and metadata exactly", async () => {
  const c = bias16();
  const config = encoderConfig(c.config);
  const path = join(dir, "e.safetensors");
  const lineage = {
    generator: "G_ema",
    noiseMode: "const",
    loss: "izif",
    alpha: 0.5,
    kappa: 1,
    inputs: { gan: "file:///gan.safetensors" },
  } as const;
  await writeEncoderFile(
    path,
    { config, stateDict: toStateDict(c.initial) },
    { lineage, metadata: { note: "x" } },
  );
  const loaded = await loadEncoderFile(path);
  assert.equal(loaded.format, ENCODER_WEIGHTS_FORMAT);
  assert.deepEqual(loaded.lineage, lineage);
  assert.equal(loaded.metadata["note"], "x");
  assert.equal(loaded.renamed, false);
  assertSameWeights(loaded);
});

test("loadEncoderFile() infers the config of a foreign safetensors file of PyTorch names", async () => {
  const path = join(dir, "foreign.safetensors");
  await writeSafetensors(path, toStateDict(bias16().initial));
  const loaded = await loadEncoderFile(path);
  assert.equal(loaded.format, "");
  assertSameWeights(loaded);
});

test("loadEncoderFile() refuses a GAN file, a missing file and a legacy torch file with clear statuses", async () => {
  const gan = join(dir, "gan.safetensors");
  await writeSafetensors(gan, new Map([["G.x", { shape: [1], data: new Float32Array(1) }]]), {
    metadata: { format: "dermanomaly/stylegan2-ada-networks/1" },
  });
  await assert.rejects(
    loadEncoderFile(gan),
    (e: unknown) =>
      isStatusError(e) && e.code === Code.INVALID_ARGUMENT && /is a StyleGAN2 network file/.test(e.message),
  );
  await assert.rejects(
    loadEncoderFile(join(dir, "nope.pth")),
    (e: unknown) => isStatusError(e) && e.code === Code.NOT_FOUND,
  );
  await assert.rejects(
    loadEncoderFile(join(FIXTURES, "encoder_legacy.pth")),
    (e: unknown) =>
      isStatusError(e) && e.code === Code.UNIMPLEMENTED && /Legacy torch\.save files/.test(e.message),
  );
  const text = join(dir, "notes.txt");
  await writeFile(text, "hello, this is not a network at all");
  await assert.rejects(
    loadEncoderFile(text),
    /"notes\.txt" is neither a safetensors file nor a torch\.save file/,
  );
});

test("a torch file whose pickle calls os.system is refused and nothing runs", async () => {
  await rm("/tmp/dermanomaly-pwned", { force: true });
  await assert.rejects(
    loadEncoderFile(join(FIXTURES, "malicious.pth")),
    (e: unknown) => isStatusError(e) && /Pickle calls "posix\.system", which is not allowed/.test(e.message),
  );
  assert.equal(existsSync("/tmp/dermanomaly-pwned"), false);
});

test("importStateDict() names the tensor that does not fit the architecture", () => {
  const sd = toStateDict(bias16().initial);
  const bad = new Map(sd);
  bad.set("3.weight", { shape: [8, 4, 3, 3], data: new Float32Array(8 * 4 * 9) });
  assert.throws(
    () => importStateDict(bad),
    /Expected a 4x4 conv weight, got tensor "3\.weight" of shape \[8, 4, 3, 3\]/,
  );
  // BatchNorm's statistics in another order than PyTorch's.
  const swapped = new Map(
    [...sd].map(([k, t]) => [k === "1.running_var" ? "1.weight" : k === "1.weight" ? "1.running_var" : k, t]),
  );
  assert.throws(
    () => importStateDict(swapped),
    /Tensor "1\.running_var" sits where the encoder has its bn weight \("1\.weight"\)/,
  );
  const extra = new Map(sd);
  extra.set("extra", { shape: [2], data: new Float32Array(2) });
  assert.throws(
    () => importStateDict(extra),
    /Unexpected tensor "extra" of shape \[2\] after the Linear layer/,
  );
});

test("importStateDict() fills a missing num_batches_tracked (older PyTorch) with 0", () => {
  const sd = new Map([...toStateDict(bias16().initial)].filter(([k]) => !k.endsWith("num_batches_tracked")));
  const { stateDict, config } = importStateDict(sd);
  assert.equal(config.convBias, true);
  assert.deepEqual([...stateDict.get("4.num_batches_tracked")!.data], [0]);
});

test("inspectEncoder() lists the paper encoder's tensors and 810 MiB of float32", () => {
  const report = inspectEncoder(encoderConfig({ resolution: 256 }));
  assert.equal(report.totals.parameters, 212_367_488);
  assert.equal(report.totals.tensors, 6 * 7 + 2);
  assert.equal(Math.round(report.totals.bytes / 2 ** 20), 810);
  assert.deepEqual(report.rows.at(-2), {
    name: "19.weight",
    shape: [512, 65536],
    count: 33_554_432,
    trainable: true,
  });
  const fromSd = inspectEncoder(toStateDict(bias16().initial));
  assert.equal(fromSd.rows.find((r) => r.name === "1.running_var")!.trainable, false);
});
