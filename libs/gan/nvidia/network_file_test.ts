import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, StatusError } from "@dermanomaly/contracts";
import { tf } from "../_tf.ts";
import { Generator } from "../generator.ts";
import { readSafetensors, writeSafetensors } from "../safetensors.ts";
import { fixturePath, loadExpectations, maxAbsDiff } from "./_testing.ts";
import { exportNvidia } from "./export.ts";
import { importPickle, loadNetworkFile, NETWORKS_FORMAT, TRAINING_FORMAT } from "./network_file.ts";

const ref = loadExpectations();
const PKL = fixturePath("sg3_snapshot.pkl");
let dir = "";

before(async () => {
  await tf.setBackend("cpu");
  dir = await mkdtemp(join(tmpdir(), "nvidia-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("importPickle() writes G, D and G_ema prefixed with their configs, and loadNetworkFile() reads back the same weights", async () => {
  const out = join(dir, "import.safetensors");
  const summary = await importPickle(PKL, out);
  assert.deepEqual(summary.networks, ["G", "D", "G_ema"]);
  const { stateDict, metadata } = await readSafetensors(out);
  assert.equal(metadata["format"], NETWORKS_FORMAT);
  assert.deepEqual(Object.keys(JSON.parse(metadata["networks"]!)), ["G", "D", "G_ema"]);
  assert.equal(stateDict.size, summary.tensors);
  assert.ok(stateDict.has("G_ema.mapping.w_avg") && stateDict.has("D.b4.out.weight"));
  const fromPkl = await loadNetworkFile(PKL);
  const fromCkpt = await loadNetworkFile(out);
  assert.equal(fromPkl.kind, "pickle");
  assert.equal(fromCkpt.kind, "checkpoint");
  for (const key of ["G", "D", "G_ema"] as const) {
    assert.deepEqual(fromCkpt[key]!.config, fromPkl[key]!.config);
    assert.deepEqual(fromCkpt[key]!.stateDict, fromPkl[key]!.stateDict);
  }
  const only = await loadNetworkFile(out, { networks: ["G_ema"] });
  assert.deepEqual(Object.keys(only).sort(), ["G_ema", "format", "kind"]);
});

test("exportNvidia() writes G_ema with NVIDIA's exact state_dict names, shapes and order, and it loads back", async () => {
  const ckpt = join(dir, "for_export.safetensors");
  await importPickle(PKL, ckpt);
  const out = join(dir, "g_ema_nvidia.safetensors");
  assert.deepEqual(await exportNvidia(ckpt, out), {
    networks: ["G_ema"],
    tensors: ref.sg3.names.G_ema.length,
  });
  const { stateDict, metadata } = await readSafetensors(out);
  // The names and shapes NVIDIA's own Generator reports (fixtures/make_fixtures.py): what strict loading demands.
  assert.deepEqual(
    [...stateDict].map(([k, t]) => [k, t.shape]),
    ref.sg3.names.G_ema,
  );
  assert.equal(metadata["layout"], "nvidia");
  // Its lineage names the file it came from by digest.
  const digest = createHash("sha256")
    .update(await readFile(ckpt))
    .digest("hex");
  assert.deepEqual(JSON.parse(metadata["source"]!), { file: "for_export.safetensors", sha256: digest });
  assert.deepEqual(JSON.parse(metadata["init_kwargs"]!).G_ema.mapping_kwargs, {
    num_layers: 2,
    lr_multiplier: 0.01,
    w_avg_beta: 0.998,
  });
  // The export is itself a loadable network file giving the same image as the pickle.
  const { G_ema } = await loadNetworkFile(out);
  const g = new Generator(G_ema!.config);
  g.loadStateDict(G_ema!.stateDict);
  const img = tf.transpose(
    g.forward(tf.tensor2d(ref.sg3.z[0]!, [1, 8]), null, { noiseMode: "const" }),
    [0, 3, 1, 2],
  );
  assert.ok(maxAbsDiff(img.dataSync(), ref.sg3.img_psi1[0]!) < 1e-3);
  g.dispose();
});

test('exportNvidia({ network: "all" }) prefixes every network and D keeps NVIDIA\'s names', async () => {
  const out = join(dir, "all.safetensors");
  const summary = await exportNvidia(PKL, out, { network: "all" });
  assert.deepEqual(summary.networks, ["G", "D", "G_ema"]);
  const { stateDict, metadata } = await readSafetensors(out);
  assert.equal(metadata["layout"], "nvidia-prefixed");
  for (const key of ["G", "D", "G_ema"] as const) {
    const mine = [...stateDict]
      .filter(([k]) => k.startsWith(`${key}.`))
      .map(([k, t]) => [k.slice(key.length + 1), t.shape]);
    assert.deepEqual(mine, ref.sg3.names[key], key);
  }
  await assert.rejects(
    exportNvidia(join(dir, "g_ema_nvidia.safetensors"), join(dir, "x.safetensors"), { network: "D" }),
    /holds no D/,
  );
});

test("a training checkpoint (G./D./G_ema. tensors, TrainingConfig metadata) loads; its optimizer state is skipped", async () => {
  const nets = await loadNetworkFile(PKL);
  const tensors = new Map();
  for (const key of ["G", "D", "G_ema"] as const)
    for (const [n, t] of nets[key]!.stateDict) tensors.set(`${key}.${n}`, t);
  tensors.set("G_opt.mapping.fc0.weight.exp_avg", { shape: [1], data: new Float32Array(1) });
  const path = join(dir, "training.safetensors");
  await writeSafetensors(path, tensors, {
    metadata: {
      format: TRAINING_FORMAT,
      config: JSON.stringify({ generator: nets.G!.config, discriminator: nets.D!.config, batch: 4 }),
      state: JSON.stringify({ counters: { curNimg: 2400 } }),
    },
  });
  const back = await loadNetworkFile(path, { networks: ["G_ema", "D"] });
  assert.deepEqual(back.G_ema!.stateDict, nets.G_ema!.stateDict);
  assert.deepEqual(back.D!.config, nets.D!.config);
  assert.equal(back.G, undefined);
  // Exported without its optimizer state, it keeps how it was trained.
  const out = join(dir, "from_training.safetensors");
  await exportNvidia(path, out, { network: "all" });
  const source = JSON.parse((await readSafetensors(out, { names: [] })).metadata["source"]!);
  assert.equal(source.kimg, 2.4);
  assert.equal(source.training.batch, 4);
  assert.equal(source.file, "training.safetensors");
});

async function statusCode(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
  } catch (err) {
    return err instanceof StatusError ? err.code : String(err);
  }
  return "resolved";
}

test("truncated, malicious, foreign and missing files fail with StatusErrors, not crashes", async () => {
  const bytes = await readFile(PKL);
  for (const cut of [100, Math.floor(bytes.byteLength / 2), bytes.byteLength - 3]) {
    const p = join(dir, `cut${cut}.pkl`);
    await writeFile(p, bytes.subarray(0, cut));
    assert.equal(await statusCode(loadNetworkFile(p)), Code.INVALID_ARGUMENT, `cut at ${cut}`);
  }
  const evil = join(dir, "evil.pkl");
  await copyFile(fixturePath("../../pickle/fixtures/malicious_system_p4.pkl"), evil);
  await assert.rejects(loadNetworkFile(evil), /posix\.system" is not allowed/);
  const ckpt = join(dir, "cut.safetensors");
  await importPickle(PKL, ckpt);
  const full = await readFile(ckpt);
  await writeFile(ckpt, full.subarray(0, full.byteLength - 10));
  assert.equal(await statusCode(loadNetworkFile(ckpt)), Code.DATA_LOSS);
  await writeFile(ckpt, full.subarray(0, 200)); // cut inside the header
  await assert.rejects(
    loadNetworkFile(ckpt),
    /neither an NVIDIA pickle nor a safetensors file \(or it is truncated\)/,
  );
  const plain = join(dir, "plain.safetensors");
  await writeSafetensors(plain, new Map([["x", { shape: [1], data: new Float32Array(1) }]]));
  await assert.rejects(
    loadNetworkFile(plain),
    /is not a network checkpoint: its metadata has no "networks" configs/,
  );
  const text = join(dir, "notes.txt");
  await writeFile(text, "hello, this is not a network at all");
  await assert.rejects(loadNetworkFile(text), /neither an NVIDIA pickle nor a safetensors file/);
  assert.equal(await statusCode(loadNetworkFile(join(dir, "missing.pkl"))), Code.NOT_FOUND);
});

// Needs Debian's torch and a NVlabs/stylegan3 checkout (DERMANOMALY_STYLEGAN3_SRC); CI has neither, and the
// name/shape/order test above (against names NVIDIA's own modules reported) carries the check there.
const python = "/usr/bin/python3";
const sg3 = process.env["DERMANOMALY_STYLEGAN3_SRC"];
const skip =
  sg3 === undefined
    ? "set DERMANOMALY_STYLEGAN3_SRC to a NVlabs/stylegan3 checkout to run it"
    : !existsSync(python) || spawnSync(python, ["-c", "import torch"]).status !== 0
      ? `${python} cannot import torch`
      : false;

test(
  "NVIDIA's own Generator and Discriminator load the export with load_state_dict(strict=True)",
  { skip },
  async () => {
    for (const network of ["G_ema", "all"] as const) {
      const out = join(dir, `py_${network}.safetensors`);
      await exportNvidia(PKL, out, { network });
      const stdout = execFileSync(python, [fixturePath("check_export.py"), out, sg3!], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      const res = JSON.parse(stdout.trim().split("\n").pop()!) as Record<
        string,
        { loaded: boolean; img?: number[] }
      >;
      assert.deepEqual(Object.keys(res), network === "all" ? ["G", "D", "G_ema"] : ["G_ema"]);
      assert.ok(Object.values(res).every((r) => r.loaded));
      assert.ok(maxAbsDiff(res["G_ema"]!.img!, ref.sg3.img_psi1[0]!) < 1e-5);
    }
  },
);
