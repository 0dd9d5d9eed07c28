// `pnpm bench tsne [--points 2000] [--dims 512] [--seed 0] [--threads N]`: seconds and trustworthiness (k = 5) of this
// t-SNE and, on the very same points in the same run, of scikit-learn's TSNE (same settings) when /usr/bin/python3
// has it. The points are ten Gaussian clusters in `dims` dimensions, standing in for encoder latents of several
// classes. `--threads` sets both sides' threads (OMP_NUM_THREADS for scikit-learn); default: all cores, as each
// library does by itself.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Random } from "./_random.ts";
import { trustworthiness } from "./trustworthiness.ts";
import { tsne } from "./tsne.ts";

const { values } = parseArgs({
  options: {
    points: { type: "string", default: "2000" },
    dims: { type: "string", default: "512" },
    seed: { type: "string", default: "0" },
    threads: { type: "string" },
  },
});
const n = Number(values.points);
const d = Number(values.dims);
const random = new Random(Number(values.seed));
const centres = Float32Array.from({ length: 10 * d }, () => random.normal());
const data = new Float32Array(n * d);
for (let i = 0; i < n; i++) {
  const c = random.below(10);
  for (let t = 0; t < d; t++) data[i * d + t] = (centres[c * d + t] as number) + 0.8 * random.normal();
}
const points = { data, rows: n, cols: d };

const t0 = performance.now();
const threads = values.threads === undefined ? undefined : Number(values.threads);
const { embedding, iterations } = await tsne(points, {
  seed: 0,
  ...(threads === undefined ? {} : { threads }),
});
const ours = (performance.now() - t0) / 1000;
const oursTrust = trustworthiness(points, embedding);
console.log(
  `points ${n} x ${d}, perplexity 30, 1000 iterations max, Barnes-Hut angle 0.5, threads ${values.threads ?? "default"}`,
);
console.log(
  `dermanomaly tsne: ${ours.toFixed(2)} s (${iterations} iterations), trustworthiness ${oursTrust.toFixed(4)}`,
);

const dir = mkdtempSync(join(tmpdir(), "bench-tsne-"));
try {
  writeFileSync(join(dir, "x.f32"), new Uint8Array(data.buffer));
  const script = [
    "import sys, time, numpy as np",
    "from sklearn.manifold import TSNE, trustworthiness",
    `X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(${n}, ${d})`,
    "t = time.perf_counter()",
    "m = TSNE(n_components=2, perplexity=30, init='pca', learning_rate='auto', random_state=0)",
    "Y = m.fit_transform(X)",
    "s = time.perf_counter() - t",
    "print(f'{s} {trustworthiness(X, Y, n_neighbors=5)} {m.n_iter_ + 1}')",
  ].join("\n");
  const env = threads === undefined ? process.env : { ...process.env, OMP_NUM_THREADS: String(threads) };
  const r = spawnSync("/usr/bin/python3", ["-c", script, join(dir, "x.f32")], { encoding: "utf8", env });
  if (r.status !== 0) {
    console.log(`scikit-learn: not run (${(r.error?.message ?? r.stderr).trim().split("\n").at(-1)})`);
  } else {
    const [secs, trust, its] = r.stdout.trim().split(" ").map(Number) as [number, number, number];
    console.log(
      `scikit-learn TSNE: ${secs.toFixed(2)} s (${its} iterations), trustworthiness ${trust.toFixed(4)}`,
    );
    console.log(
      `time ratio ours / scikit-learn: ${(ours / secs).toFixed(2)} (target <= 1); ` +
        `trustworthiness difference: ${(oursTrust - trust).toFixed(4)} (target >= -0.02)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
