// `pnpm bench preprocess [--count 1000] [--concurrency N] [--resampler auto,pil,sharp] [--size 256]`:
// makes `count` 600x450 dermoscopy-like JPEGs, prepares them into 256x256 centre crops and prints the throughput
// and the peak resident memory, then each resampler's PSNR from the Pillow-exact one (`pil`, bit-identical to
// Pillow) when `pil` ran too. Inputs are variations of a few rendered images, so setup stays cheap.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { encodeJpeg } from "@dermanomaly/imaging";
import { renderLesion } from "@dermanomaly/synthetic";
import { prepareDataset, type Resampler } from "./prepare.ts";
import { openDataset } from "./reader.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    concurrency: { type: "string" },
    resampler: { type: "string", default: "auto,pil" },
    size: { type: "string", default: "256" },
  },
});
const count = Number(values.count);
const size = Number(values.size);
const resamplers = values.resampler.split(",") as Resampler[];
if (!Number.isInteger(count) || count < 1)
  throw new RangeError(`Count must be a positive integer, got '${values.count}'`);

const root = await mkdtemp(join(tmpdir(), "bench-preprocess-"));
try {
  const source = join(root, "src", "NEV");
  await mkdir(source, { recursive: true });
  const t0 = performance.now();
  const bases = Array.from({ length: 8 }, (_, i) =>
    renderLesion({ kind: i % 4 === 3 ? "MEL" : "NEV", width: 600, height: 450, seed: i }),
  );
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length];
    if (base === undefined) throw new Error("unreachable");
    // A per-image brightness shift makes every JPEG distinct.
    const data = base.data.map((v) => Math.min(255, v + (i % 23)));
    await writeFile(
      join(source, `img_${String(i).padStart(5, "0")}.jpg`),
      await encodeJpeg({ ...base, data }),
    );
  }
  console.log(`inputs: ${count} JPEGs of 600x450 in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`cpus: ${availableParallelism()}, node ${process.version}`);
  const outputs = new Map<Resampler, string>();
  for (const resampler of resamplers) {
    const dest = join(root, `out-${resampler}`);
    const summary = await prepareDataset({
      source: join(root, "src"),
      dest,
      width: size,
      height: size,
      resampler,
      ...(values.concurrency === undefined ? {} : { concurrency: Number(values.concurrency) }),
    });
    const rate = summary.written / (summary.elapsedMs / 1000);
    console.log(
      `preprocess resampler=${resampler} concurrency=${summary.concurrency}: ${summary.written} images in ` +
        `${(summary.elapsedMs / 1000).toFixed(2)} s = ${rate.toFixed(1)} images/s ` +
        `(center-crop ${size}x${size}), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
    outputs.set(resampler, dest);
  }
  const pil = outputs.get("pil");
  for (const [resampler, dest] of outputs) {
    if (pil === undefined || resampler === "pil") continue;
    const psnr = await psnrs(dest, pil);
    const mean = psnr.reduce((a, b) => a + b, 0) / psnr.length;
    console.log(
      `preprocess resampler=${resampler} vs pil (Pillow-exact): PSNR mean ${mean.toFixed(1)} dB, ` +
        `min ${Math.min(...psnr).toFixed(1)} dB over ${psnr.length} images (600x450 -> ${size}x${size})`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

/** PSNR in dB of each image of data set `a` from the same image of `b` (infinite where identical). */
async function psnrs(a: string, b: string): Promise<number[]> {
  const [x, y] = [await openDataset(a), await openDataset(b)];
  try {
    const out: number[] = [];
    for (let i = 0; i < x.entries.length; i++) {
      const [p, q] = [(await x.loadImage(i)).data, (await y.loadImage(i)).data];
      let sum = 0;
      for (let j = 0; j < p.length; j++) sum += ((p[j] as number) - (q[j] as number)) ** 2;
      out.push(10 * Math.log10((255 * 255 * p.length) / sum));
    }
    return out;
  } finally {
    x.close();
    y.close();
  }
}
