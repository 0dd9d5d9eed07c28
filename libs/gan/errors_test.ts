import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { readNpy, writeNpy } from "./numpy/mod.ts";
import { exportNvidia, loadNetworkFile } from "./nvidia/mod.ts";
import { parseNetworkPickle, readNetworkPickle } from "./pickle/mod.ts";
import { encodeSafetensors, readSafetensors } from "./safetensors.ts";
import { encodeCheckpoint, readCheckpoint, Trainer, trainingConfig } from "./training/mod.ts";

// The package's one error rule (mod.ts): a bad argument throws RangeError/TypeError; a file that cannot be used
// throws StatusError with its code. One case of each per module that reads files.

const PKL = new URL("./nvidia/fixtures/sg3_snapshot.pkl", import.meta.url).pathname;
let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "gan-errors-"));
});
after(() => rm(dir, { recursive: true, force: true }));

const code = (c: number) => (err: unknown) => isStatusError(err) && err.code === c;

test("a missing file is StatusError NOT_FOUND naming it, whichever reader opens it", async () => {
  const missing = join(dir, "nope");
  for (const read of [
    () => readSafetensors(missing),
    () => readNpy(missing),
    () => readNetworkPickle(missing),
    () => loadNetworkFile(missing),
    () => readCheckpoint(missing),
  ]) {
    await assert.rejects(read(), (err: Error) => code(Code.NOT_FOUND)(err) && err.message.includes(missing));
  }
});

test("a corrupt or truncated file is a StatusError, never a RangeError", async () => {
  const truncated = join(dir, "truncated.safetensors");
  const full = encodeSafetensors(new Map([["x", { shape: [4], data: new Float32Array(4) }]]));
  await writeFile(truncated, full.subarray(0, full.length - 3));
  await assert.rejects(readSafetensors(truncated), code(Code.DATA_LOSS));
  const npy = join(dir, "text.npy");
  await writeFile(npy, "not numpy");
  await assert.rejects(readNpy(npy), code(Code.INVALID_ARGUMENT));
  assert.throws(() => parseNetworkPickle(new Uint8Array([0x80, 0x04, 0x95])), code(Code.INVALID_ARGUMENT));
  await assert.rejects(loadNetworkFile(npy), code(Code.INVALID_ARGUMENT));
});

test("a training checkpoint that lacks a tensor its config implies is DATA_LOSS, not a failure to resume later", async () => {
  const t = new Trainer({ batch: 4, resolution: 8, cbase: 32, cmax: 8, mapDepth: 1, zDim: 8, wDim: 8 });
  const state = t.getState();
  t.dispose();
  state.D.delete("b4.out.weight");
  const file = join(dir, "broken.safetensors");
  await writeFile(file, encodeCheckpoint(state));
  await assert.rejects(
    readCheckpoint(file),
    (err: Error) => code(Code.DATA_LOSS)(err) && /D\.b4\.out\.weight/.test(err.message),
  );
});

test("a bad argument is a RangeError or TypeError, whatever the module", async () => {
  assert.throws(() => trainingConfig({ batch: 0 }), RangeError);
  assert.throws(
    () => encodeSafetensors(new Map([["x", { shape: [3], data: new Float32Array(2) }]])),
    RangeError,
  );
  await assert.rejects(
    writeNpy(join(dir, "x.npy"), { shape: [2, 2], data: new Float32Array(3) }),
    RangeError,
  );
  assert.throws(() => parseNetworkPickle(new Uint8Array(0), { networks: ["E" as "G"] }), RangeError);
  await assert.rejects(loadNetworkFile(PKL, { networks: ["E" as "G"] }), RangeError);
  await assert.rejects(exportNvidia(PKL, join(dir, "o.safetensors"), { network: "E" as "G" }), RangeError);
});
