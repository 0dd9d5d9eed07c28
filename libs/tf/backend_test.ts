import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BackendName, backendUnavailable, selectBackend } from "./backend.ts";

// Backends register once per process, so each case runs in a fresh Node process.
const modUrl = new URL("./mod.ts", import.meta.url).href;
const cwd = fileURLToPath(new URL(".", import.meta.url));

interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function child(body: string, env: Record<string, string> = {}): Promise<ChildResult> {
  const code = `import * as m from ${JSON.stringify(modUrl)};\n${body}`;
  const base = { ...process.env };
  delete base["DERMANOMALY_TF_BACKEND"];
  delete base["DERMANOMALY_TF_THREADS"];
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", code],
      { cwd, env: { ...base, ...env }, timeout: 30_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string; signal?: string };
    if (err.signal) throw new Error(`Child process killed by "${err.signal}": ${err.stderr}`);
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** Runs initBackend in a child and returns the choice (and what tf says is active). */
async function choose(options: string, env: Record<string, string> = {}) {
  const r = await child(
    `const c = await m.initBackend(${options});
     const y = m.tf.add(m.tf.ones([2]), m.tf.ones([2]));
     console.log(JSON.stringify({ ...c, active: m.tf.getBackend(), y: Array.from(await y.data()) }));
     m.disposeBackend();`,
    env,
  );
  assert.equal(r.code, 0, r.stderr);
  return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

// What installs differs between machines (tfjs-node downloads libtensorflow where there is network): the selection
// rule is tested with injected availability; real starts only with the backends every machine has (wasm, cpu).
describe("selectBackend()", () => {
  const starts = (available: Record<string, number>) => async (name: BackendName) => {
    if (available[name] === undefined) throw new Error(`${name} is not here`);
    return available[name]!;
  };

  test("auto keeps the first of tensorflow-gpu, tensorflow, wasm, cpu that starts and says why the others did not", async () => {
    const c = await selectBackend("auto", starts({ wasm: 2, cpu: 1 }));
    assert.deepEqual([c.name, c.threads], ["wasm", 2]);
    assert.deepEqual(c.tried, [
      { name: "tensorflow-gpu", error: "tensorflow-gpu is not here" },
      { name: "tensorflow", error: "tensorflow is not here" },
    ]);
    assert.match(c.reason, /^auto: first of tensorflow-gpu, tensorflow, wasm, cpu to start$/);
    const native = await selectBackend("auto", starts({ tensorflow: 0, wasm: 2, cpu: 1 }));
    assert.deepEqual([native.name, native.tried.map((t) => t.name)], ["tensorflow", ["tensorflow-gpu"]]);
    const gpu = await selectBackend("auto", starts({ "tensorflow-gpu": 0, tensorflow: 0 }));
    assert.deepEqual([gpu.name, gpu.tried], ["tensorflow-gpu", []]);
  });

  test("an explicit backend that cannot start is an error naming it and why; auto with none is one too", async () => {
    await assert.rejects(
      selectBackend("tensorflow", starts({ wasm: 1 })),
      /^Error: Cannot start TF\.js backend "tensorflow": tensorflow is not here$/,
    );
    const c = await selectBackend("cpu", starts({ cpu: 1, wasm: 1 }));
    assert.deepEqual([c.name, c.reason, c.tried], ["cpu", 'asked for "cpu"', []]);
    await assert.rejects(
      selectBackend("auto", starts({})),
      /^Error: No TF\.js backend could start: tensorflow-gpu/,
    );
  });
});

describe("backendUnavailable()", () => {
  test("tells a missing package or native addon apart from a backend that can be tried, without starting it", () => {
    const none = () => undefined;
    assert.match(
      backendUnavailable("tensorflow", none) ?? "",
      /^package "@tensorflow\/tfjs-node" is not installed$/,
    );
    assert.match(backendUnavailable("wasm", none) ?? "", /tfjs-backend-wasm" is not installed/);
    // A package folder without lib/napi-v*/tfjs_binding.node: its install script did not fetch libtensorflow.
    const empty = fileURLToPath(new URL("./kernels/", import.meta.url));
    assert.match(backendUnavailable("tensorflow-gpu", () => empty) ?? "", /native addon of .* is missing/);
    assert.equal(backendUnavailable("cpu", none), undefined);
    assert.equal(backendUnavailable("wasm"), undefined, "wasm is a dependency of this package");
  });
});

describe("initBackend()", () => {
  test("auto starts the first backend that starts here and reports the ones before it", async () => {
    const c = await choose("{ threads: 1 }");
    const order = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
    assert.ok(order.includes(c.name), c.name);
    assert.deepEqual(
      c.tried.map((t: { name: string }) => t.name),
      order.slice(0, order.indexOf(c.name)),
    );
    assert.deepEqual(c.y, [2, 2]);
    assert.match(c.stderr, new RegExp(`TF\\.js backend "${c.name}" with \\d+ thread`));
  });

  test("wasm starts when asked for, with the thread count given", async () => {
    const c = await choose('{ backend: "wasm", threads: 1, log: false }');
    assert.deepEqual([c.name, c.active, c.threads, c.tried], ["wasm", "wasm", 1, []]);
  });

  test("wasm runs its convolutions on ONNX Runtime by default with one wasm thread, and on wasm with native none", async () => {
    const probe = `const c = await m.initBackend(OPTIONS);
       const wasm = await import("@tensorflow/tfjs-backend-wasm");
       console.log(JSON.stringify({ native: c.native, threads: c.threads, pool: wasm.getThreadsCount() }));
       m.disposeBackend();`;
    const run = async (options: string, env: Record<string, string> = {}) => {
      const r = await child(probe.replace("OPTIONS", options), env);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const native = await run('{ backend: "wasm", threads: 2, log: false }');
    assert.deepEqual(native, { native: { engine: "onnxruntime", version: "1.31.1" }, threads: 2, pool: 1 });
    assert.deepEqual(await run('{ backend: "wasm", threads: 2, native: "none", log: false }'), {
      native: null,
      threads: 2,
      pool: 2,
    });
    assert.deepEqual(
      await run('{ backend: "wasm", threads: 2, log: false }', { DERMANOMALY_TF_NATIVE: "none" }),
      {
        native: null,
        threads: 2,
        pool: 2,
      },
    );
    const bad = await child(
      `try { await m.initBackend({ backend: "wasm", log: false }); } catch (e) { console.log(e.name + ": " + e.message); }`,
      { DERMANOMALY_TF_NATIVE: "tensorrt" },
    );
    assert.match(bad.stdout, /RangeError: DERMANOMALY_TF_NATIVE must be one of .*, got "tensorrt"/);
  });

  test("cpu starts when asked for, without the tfjs-node advice banner", async () => {
    const c = await choose('{ backend: "cpu", log: false }');
    assert.equal(c.name, "cpu");
    assert.equal(c.active, "cpu");
    assert.deepEqual(c.tried, []);
    assert.doesNotMatch(c.stderr, /Hi, looks like/);
  });

  test("DERMANOMALY_TF_BACKEND and DERMANOMALY_TF_THREADS are honoured when no option is given", async () => {
    const c = await choose("{ log: false }", { DERMANOMALY_TF_BACKEND: "cpu" });
    assert.equal(c.name, "cpu");
    const w = await choose("{ log: false }", { DERMANOMALY_TF_BACKEND: "wasm", DERMANOMALY_TF_THREADS: "1" });
    assert.equal(w.name, "wasm");
    assert.equal(w.threads, 1);
    assert.deepEqual(w.tried, []);
  });

  test("an unknown DERMANOMALY_TF_BACKEND is a RangeError quoting the value", async () => {
    const r = await child(
      `try { await m.initBackend({ log: false }); } catch (e) { console.log(e.name + ": " + e.message); }`,
      { DERMANOMALY_TF_BACKEND: "webgpu" },
    );
    assert.match(r.stdout, /^RangeError: DERMANOMALY_TF_BACKEND must be one of .*got "webgpu"/);
  });

  test("disposeBackend() lets another backend start, and currentBackend() follows", async () => {
    const r = await child(
      `await m.initBackend({ backend: "wasm", threads: 1, log: false });
       let clash = "";
       try { await m.initBackend({ backend: "cpu", log: false }); } catch (e) { clash = e.message; }
       m.disposeBackend();
       const gone = m.currentBackend();
       await m.initBackend({ backend: "cpu", log: false });
       const now = m.currentBackend().name;
       m.disposeBackend();
       await m.initBackend({ backend: "wasm", threads: 1, log: false });
       const again = m.tf.getBackend();
       m.disposeBackend();
       console.log(JSON.stringify({ clash, gone: gone === undefined, now, again }));`,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.clash, /"wasm" is already running/);
    assert.deepEqual({ ...out, clash: "" }, { clash: "", gone: true, now: "cpu", again: "wasm" });
  });

  test("initJobBackend keeps the running backend for auto or its name, replaces it for another, and refuses one that cannot start as FAILED_PRECONDITION", async () => {
    const r = await child(
      `const first = await m.initJobBackend("cpu");
       const kept = (await m.initJobBackend("auto")) === first && (await m.initJobBackend("cpu")) === first;
       const replaced = (await m.initJobBackend("wasm")).name;
       let refused = {};
       // Where tfjs-node-gpu is installed whole, asking for it would start it: only asked where it cannot start.
       if (m.backendUnavailable("tensorflow-gpu") !== undefined) {
         try { await m.initJobBackend("tensorflow-gpu"); } catch (e) { refused = { code: e.code, message: e.message }; }
       }
       m.disposeBackend();
       console.log(JSON.stringify({ kept, replaced, refused }));`,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual({ kept: out.kept, replaced: out.replaced }, { kept: true, replaced: "wasm" });
    if (backendUnavailable("tensorflow-gpu") !== undefined) {
      assert.equal(out.refused.code, 9); // FAILED_PRECONDITION
      assert.match(out.refused.message, /^TF\.js backend "tensorflow-gpu" cannot run here: \S/);
    }
  });

  test("concurrent calls share one start", async () => {
    const r = await child(
      `const [a, b] = await Promise.all([
         m.initBackend({ backend: "wasm", threads: 1, log: false }),
         m.initBackend({ log: false }),
       ]);
       console.log(JSON.stringify({ same: a === b, name: b.name }));
       m.disposeBackend();`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { same: true, name: "wasm" });
  });
});
