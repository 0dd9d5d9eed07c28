import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { GraphBuilder } from "./builder.ts";
import { writeModel } from "./model_file.ts";
import { openSession, PROVIDER_ENV } from "./session.ts";

const dir = await mkdtemp(join(tmpdir(), "onnx-s-"));
after(() => rm(dir, { recursive: true, force: true }));

async function tinyModel(): Promise<string> {
  const g = new GraphBuilder("tiny");
  g.output(g.op("Relu", [g.input("x", "float32", ["N"])], {}, "y"), "float32", ["N"]);
  const path = join(dir, "tiny.onnx");
  await writeModel(g.build(), path);
  return path;
}

const hasCode = (code: number) => (e: unknown) => isStatusError(e) && e.code === code;

test("openSession() opens a CPU session with the thread count asked for", async () => {
  const s = await openSession(await tinyModel(), { threads: 2, provider: "cpu" });
  assert.equal(s.provider, "cpu");
  assert.equal(s.threads, 2);
  assert.deepEqual(s.session.inputNames, ["x"]);
  await s.session.release();
});

test("openSession() reports a missing model as NOT_FOUND and an unloadable one as INVALID_ARGUMENT", async () => {
  await assert.rejects(openSession(join(dir, "missing.onnx")), hasCode(Code.NOT_FOUND));
  const junk = join(dir, "junk.onnx");
  await writeFile(junk, "plain text");
  await assert.rejects(openSession(junk), hasCode(Code.INVALID_ARGUMENT));
  await assert.rejects(openSession(junk, { threads: -1 }), RangeError);
});

test("CUDA without its provider libraries is FAILED_PRECONDITION, chosen by DERMANOMALY_ORT_PROVIDER too", async (t) => {
  const lib = join(
    import.meta.dirname,
    "node_modules/onnxruntime-node/bin/napi-v6",
    process.platform,
    process.arch,
    "libonnxruntime_providers_cuda.so",
  );
  if (existsSync(lib)) {
    t.skip("the CUDA provider is installed here");
    return;
  }
  const path = await tinyModel();
  await assert.rejects(
    openSession(path, { provider: "cuda" }),
    (e) => hasCode(Code.FAILED_PRECONDITION)(e) && /CUDA/.test(String(e)),
  );
  const saved = process.env[PROVIDER_ENV];
  try {
    process.env[PROVIDER_ENV] = "cuda";
    await assert.rejects(openSession(path), hasCode(Code.FAILED_PRECONDITION));
    process.env[PROVIDER_ENV] = "tpu";
    await assert.rejects(openSession(path), /must be "cpu" or "cuda", got "tpu"/);
  } finally {
    if (saved === undefined) delete process.env[PROVIDER_ENV];
    else process.env[PROVIDER_ENV] = saved;
  }
});
