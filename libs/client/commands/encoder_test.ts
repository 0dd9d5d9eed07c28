import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, mock, test } from "node:test";
import { loadEncoderFile } from "@dermanomaly/encoder";
import { UsageError } from "../cli.ts";
import {
  encoderExport,
  encoderImport,
  encoderInspect,
  inspectEncoderRequest,
  inspectSettings,
} from "./encoder.ts";

// torch.save(E.state_dict()) of a small encoder (4 doubling to 8 channels at 16x16, z 8, with conv biases), made with
// PyTorch by libs/encoder/fixtures/make_fixture.py.
const PTH = new URL("../../encoder/fixtures/encoder_state_dict.pth", import.meta.url).pathname;
let dir = "";

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "encoder-cli-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a command with console.log captured; returns its exit code and printed lines. */
async function run(
  cmd: typeof encoderImport,
  values: Parameters<typeof encoderImport.run>[0],
  positionals: string[] = [],
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = mock.method(console, "log", (...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    return { code: await cmd.run(values, positionals), out: lines.join("\n") };
  } finally {
    log.mock.restore();
  }
}

test("encoder import turns a PyTorch state_dict into weights with the original's names, recording how it was trained", async () => {
  const out = join(dir, "imported.safetensors");
  const imported = await run(encoderImport, { out, generator: "G", "noise-mode": "random" }, [PTH]);
  assert.equal(imported.code, 0);
  assert.match(
    imported.out,
    /^Wrote .*imported\.safetensors: an encoder of 4 doubling to 8 channels at 16x16, z 8 \(16 tensors, 1,772 parameters\)/,
  );
  assert.match(imported.out, /from a torch\.save file; trained against G with random noise$/);
  const pth = await loadEncoderFile(PTH);
  const weights = await loadEncoderFile(out);
  assert.equal(weights.format, "dermanomaly/izif-encoder/1");
  assert.deepEqual(weights.config, pth.config);
  assert.deepEqual([...weights.stateDict.keys()], [...pth.stateDict.keys()]);
  for (const [name, t] of pth.stateDict) assert.deepEqual(weights.stateDict.get(name)!.data, t.data, name);
  assert.deepEqual(
    [weights.lineage?.generator, weights.lineage?.noiseMode, weights.lineage?.inputs["source"]],
    ["G", "random", "encoder_state_dict.pth"],
  );
  assert.match(weights.lineage?.inputs["sourceSha256"] ?? "", /^[0-9a-f]{64}$/);

  // Without the options the file records no lineage: later stages then use their own defaults.
  const plain = join(dir, "plain.safetensors");
  assert.equal((await run(encoderImport, { out: plain }, [PTH])).code, 0);
  assert.equal((await loadEncoderFile(plain)).lineage, null);
  await assert.rejects(
    encoderImport.run({ out: plain, generator: "G_avg" }, [PTH]),
    /--generator must be one of/,
  );
  await assert.rejects(encoderImport.run({}, [PTH]), /--out is required/);
});

test("encoder export writes the weights alone, with their lineage, from weights or a .pth", async () => {
  const imported = join(dir, "with-lineage.safetensors");
  await run(encoderImport, { out: imported, generator: "G_ema", "noise-mode": "const" }, [PTH]);
  const out = join(dir, "exported.safetensors");
  const exported = await run(encoderExport, { out }, [imported]);
  assert.equal(exported.code, 0);
  assert.match(exported.out, /tensors \(PyTorch names, float32\), trained against G_ema with const noise$/);
  const a = await loadEncoderFile(imported);
  const b = await loadEncoderFile(out);
  assert.deepEqual(b.lineage, a.lineage);
  for (const [name, t] of a.stateDict) assert.deepEqual(b.stateDict.get(name)!.data, t.data, name);
  assert.equal((await run(encoderExport, { out }, [PTH])).code, 0);
});

test("encoder inspect describes a preset's encoder here, and asks the service about a file", async () => {
  const paper = await run(encoderInspect, { preset: "paper", resolution: "256" });
  assert.equal(paper.code, 0);
  assert.match(paper.out, /^E \(paper, 256x256, z 512\)/);
  assert.match(paper.out, /19\.weight\s+\[512, 65536\]\s+33,554,432/);
  // The figure papers quote for the original encoder.
  assert.match(paper.out, /44 tensors, 212,367,488 trainable parameters/);
  const json = await run(encoderInspect, { preset: "tiny", resolution: "64", "z-dim": "32", json: true });
  assert.equal(JSON.parse(json.out).config.channelMax, 128);

  assert.equal(inspectSettings({}, ["e.safetensors"]), undefined);
  assert.deepEqual(inspectSettings({}, []), { preset: "paper", resolution: 256, zDim: 512 });
  assert.deepEqual(inspectEncoderRequest(["key:runs/e/encoder-0030.safetensors"]), {
    checkpoint: { key: "runs/e/encoder-0030.safetensors" },
    listParameters: true,
  });
  assert.deepEqual(inspectEncoderRequest(["e.pth"]).checkpoint, { path: resolve("e.pth") });
  assert.throws(() => inspectSettings({ preset: "tiny" }, ["e.pth"]), UsageError);
  assert.throws(() => inspectSettings({ preset: "huge" }, []), /--preset must be one of paper, small, tiny/);
});
