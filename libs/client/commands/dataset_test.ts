import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { parseArgs } from "node:util";
import { UsageError } from "../cli.ts";
import { dataset, datasetRequest } from "./dataset.ts";

function parse(argv: string) {
  return parseArgs({ args: argv.split(" "), options: dataset.options, strict: true }).values;
}

test("--resampler picks the preparation's resampler, auto when left out", () => {
  const req = datasetRequest(parse("--source photos --dest nev.zip --resampler pil --class-map NEV=0,MEL=1"));
  assert.deepEqual(req, {
    requestId: "",
    source: { path: resolve("photos") },
    dest: { path: resolve("nev.zip") },
    transform: "TRANSFORM_CENTER_CROP",
    width: 256,
    height: 256,
    maxImages: 0,
    classMap: { NEV: 0, MEL: 1 },
    resampler: "RESAMPLER_PIL",
  });
  assert.equal(datasetRequest(parse("--source s --dest d --resampler sharp")).resampler, "RESAMPLER_SHARP");
  assert.equal(datasetRequest(parse("--source s --dest d")).resampler, "RESAMPLER_AUTO");
});

test("an unknown --resampler is a usage error listing the choices and naming the value", () => {
  assert.throws(
    () => datasetRequest(parse("--source s --dest d --resampler bicubic")),
    (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.message, '--resampler must be one of auto, pil, sharp, got "bicubic"');
      return true;
    },
  );
});
