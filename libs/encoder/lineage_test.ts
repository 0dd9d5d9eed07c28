import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { parseLineage } from "./lineage.ts";

const lineage = {
  generator: "G_ema",
  noiseMode: "const",
  loss: "izif",
  alpha: 1,
  kappa: 1,
  inputs: { gan: "g" },
};

test("parseLineage() reads a lineage with or without the training images' preparation, and refuses a broken one", () => {
  assert.equal(parseLineage(undefined), null);
  assert.deepEqual(parseLineage(JSON.stringify(lineage)), lineage);
  const preparation = { transform: "center-crop-wide", resampler: "pil", width: 64, height: 48 };
  assert.deepEqual(parseLineage(JSON.stringify({ ...lineage, preparation })), { ...lineage, preparation });
  for (const broken of [
    { ...lineage, preparation: { transform: "center-crop", resampler: "auto", width: 64 } },
    { ...lineage, preparation: "center-crop" },
    { ...lineage, noiseMode: "loud" },
  ]) {
    assert.throws(
      () => parseLineage(JSON.stringify(broken)),
      (e: unknown) => isStatusError(e) && e.code === Code.DATA_LOSS && /incomplete/.test(e.message),
    );
  }
});
