import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture } from "./_testing.ts";
import { hueSpread, otsuThreshold } from "./hue_spread.ts";

const hue = fixture<{ size: number; images: number[][]; spread: number[]; otsu: number[] }>("hue.json");

test("hueSpread() equals the numpy/scipy reference (Otsu on darkness, circstd of hue) on lesion-like images", () => {
  hue.images.forEach((bytes, k) => {
    const detail = hueSpread({ data: Uint8Array.from(bytes), width: hue.size, height: hue.size });
    assert.equal(detail.threshold, hue.otsu[k]);
    assert.ok(
      Math.abs(detail.spread - (hue.spread[k] as number)) <= 1e-9,
      `${k}: ${detail.spread} vs ${hue.spread[k]}`,
    );
  });
  // One brown lesion spreads less than lesions with blue-grey, red or black patches.
  const [plain, ...mixed] = hue.spread as [number, ...number[]];
  for (const s of mixed) assert.ok(s > plain);
});

test("otsuThreshold() maximises the between-class variance, as a brute-force search over every cut", () => {
  const histogram = Float64Array.from({ length: 256 }, (_, v) =>
    Math.round(50 * Math.exp(-((v - 60) ** 2) / 200) + 30 * Math.exp(-((v - 170) ** 2) / 800)),
  );
  const variance = (t: number) => {
    let w0 = 0;
    let w1 = 0;
    let s0 = 0;
    let s1 = 0;
    histogram.forEach((h, v) => {
      if (v <= t) {
        w0 += h;
        s0 += h * v;
      } else {
        w1 += h;
        s1 += h * v;
      }
    });
    return w0 === 0 || w1 === 0 ? -1 : w0 * w1 * (s0 / w0 - s1 / w1) ** 2;
  };
  let best = 0;
  for (let t = 0; t < 256; t++) if (variance(t) > variance(best)) best = t;
  assert.equal(otsuThreshold(histogram), best);
  assert.ok(best > 60 && best < 170);
});

test("hueSpread() is 0 for a grey image, which has no hue", () => {
  const data = new Uint8Array(20 * 20 * 3).map((_, i) => (Math.floor(i / 3) % 20 < 10 ? 60 : 200));
  assert.equal(hueSpread({ data, width: 20, height: 20 }).spread, 0);
});
