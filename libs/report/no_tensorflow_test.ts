import assert from "node:assert/strict";
import { test } from "node:test";
import { importedModule } from "@dermanomaly/testing";

test("importing @dermanomaly/report loads no TensorFlow.js module", () => {
  assert.equal(importedModule(new URL("./mod.ts", import.meta.url), "@tensorflow/"), null);
});
