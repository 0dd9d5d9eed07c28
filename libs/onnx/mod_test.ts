import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

test("importing the ONNX package (export and sessions) does not load TF.js", () => {
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
  const onnx = probe("./mod.ts");
  assert.equal(onnx.stdout.trim(), "no-tf", onnx.stderr);
  assert.equal(probe("@dermanomaly/gan").stdout.trim(), "tf");
});
