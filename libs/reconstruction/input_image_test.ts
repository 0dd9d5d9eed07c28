import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePng } from "@dermanomaly/imaging";
import { noiseImage } from "./_testing.ts";
import { readInputImage } from "./input_image.ts";

test("readInputImage() keeps an image of the networks' size pixel for pixel and rejects the others with a reason", async () => {
  const image = noiseImage(16, 3);
  const png = await encodePng(image);
  const ok = await readInputImage(png, 16);
  assert.ok(ok.ok);
  assert.deepEqual(ok.image.data, image.data);
  const wrong = await readInputImage(png, 32);
  assert.deepEqual(wrong, {
    ok: false,
    reason: "WRONG_SIZE",
    message: "16x16, the networks take 32x32 (prepare it with the preprocess stage first)",
  });
  const truncated = await readInputImage(png.subarray(0, 60), 16);
  assert.equal(truncated.ok ? "" : truncated.reason, "CORRUPT");
  const text = await readInputImage(new TextEncoder().encode("not an image at all"), 16);
  assert.equal(text.ok ? "" : text.reason, "NOT_AN_IMAGE");
});
