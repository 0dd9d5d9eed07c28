import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

// Imports the package in a fresh process whose resolver refuses any `@tensorflow/*` module (ESM), then checks
// that no CommonJS file of one was loaded either.
test("importing @dermanomaly/report loads no TensorFlow.js module", () => {
  const hook = `data:text/javascript,${encodeURIComponent(
    `export async function resolve(s, c, next) { if (s.startsWith("@tensorflow/")) throw new Error("TensorFlow.js imported: " + s + " from " + c.parentURL); return next(s, c); }`,
  )}`;
  const script = [
    "import { register, createRequire } from 'node:module';",
    `register(${JSON.stringify(hook)});`,
    `await import(${JSON.stringify(new URL("./mod.ts", import.meta.url).href)});`,
    "const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@tensorflow'));",
    "if (loaded.length > 0) throw new Error('TensorFlow.js required: ' + loaded[0]);",
    "console.log('clean');",
  ].join("\n");
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: import.meta.dirname,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /clean/);
});
