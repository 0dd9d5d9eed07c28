import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

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

describe("initBackend()", () => {
  test("auto picks wasm here, after reporting both native packages as unavailable", async () => {
    const c = await choose("{ threads: 1 }");
    assert.equal(c.name, "wasm");
    assert.equal(c.active, "wasm");
    assert.equal(c.threads, 1);
    assert.deepEqual(
      c.tried.map((t: { name: string }) => t.name),
      ["tensorflow-gpu", "tensorflow"],
    );
    assert.match(c.tried[0].error, /tfjs-node-gpu/);
    assert.deepEqual(c.y, [2, 2]);
    assert.match(c.stderr, /TF\.js backend "wasm" with 1 thread/);
  });

  test("an explicit backend that cannot start is an error naming it and why", async () => {
    const r = await child(
      `try { await m.initBackend({ backend: "tensorflow", log: false }); console.log("started"); }
       catch (e) { console.log(e.message); }`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Cannot start TF\.js backend "tensorflow": native addon of "@tensorflow\/tfjs-node" is missing/,
    );
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
