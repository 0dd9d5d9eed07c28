// `pnpm bench synth [--count N] [--size 600x450] [--styles a,b]`: writes a set per style as the demo does and prints
// images per second (render, JPEG encode and write), then how separable the written test set is: a logistic
// regression on colour statistics and one on lesion structure (64x64 crops), each fitted on half of the test images
// and scored on the other half.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { centerCropSquare, decodeImage, parseSize, resizeLanczos } from "@dermanomaly/imaging";
import { decision, fitLogistic, rocAuc } from "./_classify.ts";
import { colourStatistics, structureFeatures } from "./_image_features.ts";
import type { LesionStyle } from "./features.ts";
import { generateSyntheticSet } from "./generate.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100" },
    size: { type: "string", default: "600x450" },
    styles: { type: "string", default: "a,b" },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 4)
  throw new RangeError(`Count must be an integer of at least 4, got '${values.count}'`);
const { width, height } = parseSize(values.size);
const styles = values.styles.split(",") as LesionStyle[];
console.log(`cpus: ${availableParallelism()}, node ${process.version}`);

for (const style of styles) {
  const root = await mkdtemp(join(tmpdir(), "synthetic-bench-"));
  try {
    const out = join(root, "set");
    // The demo's shape: training naevi, then test naevi and melanomas.
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await generateSyntheticSet({
      out,
      style,
      width,
      height,
      trainNev: count * 2,
      testNev: count,
      testMel: count,
      seed: 1,
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const n = summary.files.length;
    console.log(
      `style ${style}: ${n} images of ${width}x${height} in ${seconds.toFixed(1)} s: ${(n / seconds).toFixed(1)} images/s ` +
        `(${((cpu.user + cpu.system) / 1000 / n).toFixed(0)} ms CPU per image)`,
    );

    const rows = [];
    for (const file of summary.files.filter((f) => f.split === "test")) {
      const image = await decodeImage(join(out, file.path));
      const small = resizeLanczos(centerCropSquare(image), { width: 64, height: 64 });
      rows.push({ colour: colourStatistics(image), structure: structureFeatures(small), label: file.label });
    }
    const fit = rows.filter((_, i) => i % 2 === 0);
    const held = rows.filter((_, i) => i % 2 === 1);
    for (const key of ["colour", "structure"] as const) {
      const model = fitLogistic(
        fit.map((r) => r[key]),
        fit.map((r) => r.label),
      );
      const auc = rocAuc(
        decision(
          model,
          held.map((r) => r[key]),
        ),
        held.map((r) => r.label),
      );
      console.log(
        `style ${style}: ${key} classifier AUC ${auc.toFixed(3)} on ${held.length} held-out test images`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
