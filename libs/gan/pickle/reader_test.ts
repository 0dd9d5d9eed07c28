import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import type { NamedTensor, StateDict } from "../state_dict.ts";
import { parseNetworkPickle, readNetworkPickle } from "./reader.ts";

// Fixtures and expectations come from fixtures/make_pickles.py (PyTorch 1.13); values are compared exactly.
const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8"));
/** The file the malicious fixtures' payloads would create (see make_pickles.py). */
const PAYLOAD_MARKER = "/tmp/dermanomaly_pickle_payload_ran";

interface TensorSummary {
  shape: number[];
  sum: number;
  weighted: number;
  head: number[];
  tail: number[];
}

/** Same float64 checksums as make_pickles.py's `_tensor_summary`, over the same row-major order. */
function summarize(data: Float32Array): Omit<TensorSummary, "shape"> {
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < data.length; i++) {
    sum += data[i]!;
    weighted += data[i]! * ((i % 7) + 1);
  }
  return { sum, weighted, head: Array.from(data.subarray(0, 4)), tail: Array.from(data.subarray(-2)) };
}

function assertMatchesTorch(actual: StateDict | undefined, want: [string, TensorSummary][]): void {
  assert.ok(actual);
  assert.deepEqual(
    [...actual.keys()],
    want.map(([name]) => name),
  );
  for (const [name, summary] of want) {
    const t: NamedTensor = actual.get(name)!;
    assert.deepEqual(t.shape, summary.shape, name);
    assert.equal(
      t.data.length,
      summary.shape.reduce((a, b) => a * b, 1),
      name,
    );
    const { shape: _, ...values } = summary;
    assert.deepEqual(summarize(t.data), values, name);
  }
}

/** StyleGAN2 G state_dict names in PyTorch order, written out from STYLEGAN2.md 2.9 (independent of the fixtures). */
function generatorNames(resolution: number, mappingLayers: number): string[] {
  const layer = (p: string) =>
    [
      "weight",
      "noise_strength",
      "bias",
      "resample_filter",
      "noise_const",
      "affine.weight",
      "affine.bias",
    ].map((n) => `${p}.${n}`);
  const torgb = (p: string) =>
    ["weight", "bias", "affine.weight", "affine.bias"].map((n) => `${p}.torgb.${n}`);
  const names = ["synthesis.b4.const", "synthesis.b4.resample_filter", ...layer("synthesis.b4.conv1")];
  names.push(...torgb("synthesis.b4"));
  for (let r = 8; r <= resolution; r *= 2) {
    const b = `synthesis.b${r}`;
    names.push(`${b}.resample_filter`, ...layer(`${b}.conv0`), ...layer(`${b}.conv1`), ...torgb(b));
  }
  names.push("mapping.w_avg");
  for (let i = 0; i < mappingLayers; i++) names.push(`mapping.fc${i}.weight`, `mapping.fc${i}.bias`);
  return names;
}

/** StyleGAN2 'resnet' D state_dict names, from STYLEGAN2.md 3.6. */
function discriminatorNames(resolution: number): string[] {
  const conv = (p: string, bias = true) => [
    `${p}.weight`,
    ...(bias ? [`${p}.bias`] : []),
    `${p}.resample_filter`,
  ];
  const names: string[] = [];
  for (let r = resolution; r > 4; r /= 2) {
    names.push(`b${r}.resample_filter`, ...(r === resolution ? conv(`b${r}.fromrgb`) : []));
    names.push(...conv(`b${r}.conv0`), ...conv(`b${r}.conv1`), ...conv(`b${r}.skip`, false));
  }
  names.push(...conv("b4.conv"), "b4.fc.weight", "b4.fc.bias", "b4.out.weight", "b4.out.bias");
  return names;
}

function assertStatus(fn: () => unknown, code: number, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isStatusError(err), `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

test("readNetworkPickle() returns G, D and G_ema state dicts equal to PyTorch's", async () => {
  const snap = await readNetworkPickle(join(FIXTURES, "snapshot_p4.pkl"));
  assertMatchesTorch(snap.G?.stateDict, expected.snapshot.G);
  assertMatchesTorch(snap.D?.stateDict, expected.snapshot.D);
  assertMatchesTorch(snap.G_ema?.stateDict, expected.snapshot.G_ema);
  assert.deepEqual([...snap.G_ema!.stateDict.keys()], generatorNames(16, 2));
  assert.deepEqual([...snap.D!.stateDict.keys()], discriminatorNames(16));
  assert.deepEqual(snap.G_ema!.stateDict.get("synthesis.b16.conv0.weight")!.shape, [4, 8, 3, 3]);
  assert.deepEqual(snap.D!.stateDict.get("b4.conv.weight")!.shape, [16, 17, 3, 3]);
});

test("parseNetworkPickle() reads class names, init kwargs, attributes and the other top-level entries", () => {
  const snap = parseNetworkPickle(fixture("snapshot_p4.pkl"));
  assert.equal(snap.source, "stylegan3");
  assert.equal(snap.G?.className, "training.networks_stylegan2.Generator");
  assert.equal(snap.D?.className, "training.networks_stylegan2.Discriminator");
  assert.deepEqual(snap.G_ema?.initKwargs, expected.snapshot.G_init_kwargs);
  assert.deepEqual(snap.D?.initKwargs, expected.snapshot.D_init_kwargs);
  assert.deepEqual(snap.G_ema?.initKwargs["mapping_kwargs"], { num_layers: 2 });
  assert.deepEqual(snap.D?.initKwargs["epilogue_kwargs"], { mbstd_group_size: 4 });
  assert.equal(snap.G_ema?.initKwargs["conv_clamp"], null);
  assert.deepEqual(snap.G_ema?.initArgs, []);
  assert.equal(snap.G_ema?.attributes["num_ws"], 6);
  assert.equal(snap.G_ema?.attributes["img_resolution"], 16);
  assert.equal(snap.G_ema?.attributes["training"], undefined);
  assert.deepEqual(snap.other, { training_set_kwargs: expected.snapshot.training_set_kwargs });
});

test("parseNetworkPickle() reads the augmentation pipeline's kwargs, p and buffers", () => {
  const snap = parseNetworkPickle(fixture("snapshot_p4.pkl"));
  const aug = snap.augmentPipe;
  assert.ok(aug);
  assert.equal(aug.className, "training.augment.AugmentPipe");
  assert.deepEqual(aug.initKwargs, expected.snapshot.augment_init_kwargs);
  assert.equal(aug.p, expected.snapshot.augment_p);
  assertMatchesTorch(aug.stateDict, expected.snapshot.augment_pipe);
});

for (const name of ["g_ema_p2.pkl", "g_ema_p3.pkl", "g_ema_p5.pkl"]) {
  test(`parseNetworkPickle() reads the protocol ${name[7]} variant ${name} like PyTorch wrote it`, () => {
    const snap = parseNetworkPickle(fixture(name));
    assertMatchesTorch(snap.G_ema?.stateDict, expected.snapshot.G_ema_small);
    assert.equal(snap.G, undefined);
    assert.equal(snap.augmentPipe, null);
    assert.equal(snap.G_ema?.initKwargs["img_resolution"], 4);
    assert.deepEqual(snap.G_ema?.initKwargs["mapping_kwargs"], { num_layers: 2 });
    assert.deepEqual(snap.other, { training_set_kwargs: expected.snapshot.training_set_kwargs });
  });
}

test("parseNetworkPickle() with `networks` copies out only the networks asked for", () => {
  const snap = parseNetworkPickle(fixture("snapshot_p4.pkl"), { networks: ["G_ema"] });
  assert.equal(snap.G, undefined);
  assert.equal(snap.D, undefined);
  assertMatchesTorch(snap.G_ema?.stateDict, expected.snapshot.G_ema);
});

test("parseNetworkPickle() materialises fp16, bf16, f64, strided and offset tensors exactly", () => {
  const snap = parseNetworkPickle(fixture("oddities_p4.pkl"));
  const sd = snap.G!.stateDict;
  const want: Record<string, { shape: number[]; stride: number[]; offset: number; values: number[] }> =
    expected.oddities;
  // state_dict() order, without the non-persistent "scratch" buffer and the None parameter.
  assert.deepEqual([...sd.keys()], Object.keys(want));
  assert.ok(!sd.has("scratch") && !sd.has("missing"));
  assert.deepEqual(want["transposed"]!.stride, [1, 5]);
  assert.equal(want["strided"]!.offset, 6);
  for (const [name, w] of Object.entries(want)) {
    const t = sd.get(name)!;
    assert.deepEqual(t.shape, w.shape, name);
    // f16/bf16 values are float32 values, so they come through exactly; f64 is rounded to float32 once.
    assert.deepEqual(Array.from(t.data), w.values.map(Math.fround), name);
  }
  assert.deepEqual(snap.G!.attributes, expected.oddities_attributes);
});

test("parseNetworkPickle() keeps a '__proto__' kwarg as a plain key", () => {
  const kwargs = parseNetworkPickle(fixture("oddities_p4.pkl")).G!.initKwargs;
  assert.equal(Object.getPrototypeOf(kwargs), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(kwargs, "__proto__")?.value, { polluted: true });
  assert.equal((kwargs as { polluted?: unknown }).polluted, undefined);
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
});

test("parseNetworkPickle() rejects unknown network names with a RangeError", () => {
  assert.throws(
    () => parseNetworkPickle(fixture("oddities_p4.pkl"), { networks: ["Gs" as "G"] }),
    (err: unknown) => err instanceof RangeError && /Unknown network "Gs"/.test(err.message),
  );
});

test("parseNetworkPickle() reads storages saved in torch's zip format", () => {
  const snap = parseNetworkPickle(fixture("zip_storage_p4.pkl"));
  const t = snap.G!.stateDict.get("w")!;
  assert.deepEqual(t.shape, expected.zip_storage.shape);
  assert.deepEqual(Array.from(t.data), expected.zip_storage.values);
});

for (const [name, global] of [
  ["malicious_system_p4.pkl", "posix.system"],
  ["malicious_eval_p2.pkl", "__builtin__.eval"],
]) {
  test(`parseNetworkPickle() refuses ${global} without running the payload`, () => {
    rmSync(PAYLOAD_MARKER, { force: true });
    assertStatus(
      () => parseNetworkPickle(fixture(name!)),
      Code.INVALID_ARGUMENT,
      new RegExp(`^Pickle global "${global!.replace(".", "\\.")}" is not allowed`),
    );
    assert.equal(existsSync(PAYLOAD_MARKER), false);
  });
}

test("parseNetworkPickle() names StyleGAN3 networks as unsupported", () => {
  assertStatus(
    () => parseNetworkPickle(fixture("stylegan3_p4.pkl")),
    Code.UNIMPLEMENTED,
    /"G_ema" is a StyleGAN3 network \("training\.networks_stylegan3\.Generator"/,
  );
});

test("parseNetworkPickle() still reads the StyleGAN2 discriminator of a StyleGAN3 run", () => {
  const snap = parseNetworkPickle(fixture("stylegan3_p4.pkl"), { networks: ["D"] });
  assert.equal(snap.G_ema, undefined);
  assertMatchesTorch(snap.D?.stateDict, expected.stylegan3_D);
});

test("parseNetworkPickle() names TensorFlow-era pickles as unsupported", () => {
  assertStatus(
    () => parseNetworkPickle(fixture("tensorflow_p3.pkl")),
    Code.UNIMPLEMENTED,
    /TensorFlow-era pickle \("dnnlib\.tflib\.network\.Network"\)/,
  );
});

test("parseNetworkPickle() refuses a pickle that is not a network snapshot", () => {
  // pickle.dumps({'a': 1}, protocol=4)
  const bytes = Buffer.from("80049506000000000000007d948c0161944b01732e", "hex");
  assertStatus(() => parseNetworkPickle(bytes), Code.INVALID_ARGUMENT, /not a network snapshot/);
});

test("parseNetworkPickle() reports a truncated pickle with the byte it stops at, wherever it is cut", () => {
  const full = fixture("g_ema_p5.pkl");
  const cuts = [0, 1, 2, 11, 12, 100, full.length - 2, full.length - 1];
  for (let c = 37; c < full.length; c += 211) cuts.push(c);
  for (const cut of cuts) {
    assertStatus(
      () => parseNetworkPickle(full.subarray(0, cut)),
      Code.INVALID_ARGUMENT,
      new RegExp(`^Pickle is truncated at byte ${cut}\\b`),
    );
  }
});

test("parseNetworkPickle() fails cleanly on corrupted bytes", () => {
  const full = fixture("g_ema_p5.pkl");
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let failures = 0;
  for (let trial = 0; trial < 300; trial++) {
    const bytes = Uint8Array.from(full);
    for (let k = 0; k < 1 + Math.floor(rand() * 3); k++)
      bytes[Math.floor(rand() * bytes.length)] = rand() * 256;
    try {
      parseNetworkPickle(bytes);
    } catch (err) {
      assert.ok(isStatusError(err), `trial ${trial}: ${String(err)}`);
      failures++;
    }
  }
  assert.ok(failures > 0);
});

test("readNetworkPickle() rejects a missing file with NOT_FOUND", async () => {
  await assert.rejects(readNetworkPickle(join(FIXTURES, "absent.pkl")), { code: Code.NOT_FOUND });
});
