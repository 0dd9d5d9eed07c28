/**
 * Times `importPickle`, `loadNetworkFile` (G_ema only, from the pickle and from the checkpoint) and `exportNvidia`
 * on a full-size snapshot, printing wall time and peak memory of each step (each in its own process, so the peaks
 * do not mix).
 *
 *   node --import tsx libs/gan/nvidia/bench_import.ts [network-snapshot.pkl]
 *
 * Without a path it writes a full-size 256x256 snapshot first (../pickle/fixtures/make_pickles.py --full, Debian
 * python3 with torch).
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportNvidia } from "./export.ts";
import { importPickle, loadNetworkFile } from "./network_file.ts";

const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
const [step, arg1, arg2, arg3] = process.argv.slice(2);

if (step === "--step") {
  // Child: run one step and report.
  const [which, src, out] = [arg1!, arg2!, arg3!];
  const t0 = performance.now();
  if (which === "import") await importPickle(src, out);
  else if (which === "export") await exportNvidia(src, out, { network: "all" });
  else await loadNetworkFile(src, { networks: ["G_ema"] });
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`${which.padEnd(14)} ${ms.toFixed(0).padStart(6)} ms  peak rss ${mib(peak)}`);
} else {
  const path = step ?? join(tmpdir(), "dermanomaly_bench_snapshot.pkl");
  if (step === undefined) {
    execFileSync(
      "/usr/bin/python3",
      [join(import.meta.dirname, "..", "pickle", "fixtures", "make_pickles.py"), "--full", path],
      { stdio: "inherit" },
    );
  }
  const checkpoint = join(tmpdir(), "dermanomaly_bench.safetensors");
  console.log(`file: ${path} (${mib(statSync(path).size)})`);
  const out = join(tmpdir(), "dermanomaly_bench_export.safetensors");
  // Linux carries a process's peak RSS across exec, so the parent stays small: all work happens in children.
  const run = (which: string, src: string, dest: string) =>
    execFileSync(process.execPath, ["--import", "tsx", import.meta.filename, "--step", which, src, dest], {
      stdio: "inherit",
    });
  run("import", path, checkpoint);
  run("load-pkl", path, "");
  run("load-ckpt", checkpoint, "");
  run("export", checkpoint, out);
  await rm(checkpoint, { force: true });
  await rm(out, { force: true });
}
