/**
 * Times {@linkcode readNetworkPickle} on a snapshot and prints wall time and memory.
 *
 *   node --import tsx libs/gan/pickle/bench_read_pickle.ts <network-snapshot.pkl>
 *
 * Without a path it writes a full-size 256x256 snapshot first (fixtures/make_pickles.py --full, Debian python3).
 */

import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { readNetworkPickle } from "./reader.ts";

const path = process.argv[2] ?? "/tmp/dermanomaly_bench_snapshot.pkl";
if (process.argv[2] === undefined) {
  execFileSync(
    "/usr/bin/python3",
    [join(import.meta.dirname, "fixtures", "make_pickles.py"), "--full", path],
    {
      stdio: "inherit",
    },
  );
}
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
console.log(`file: ${path} (${mib(statSync(path).size)})`);
for (const networks of [["G_ema"], ["G", "D", "G_ema"]] as const) {
  const t0 = performance.now();
  const snap = await readNetworkPickle(path, { networks });
  const ms = performance.now() - t0;
  let floats = 0;
  for (const key of networks) for (const t of snap[key]?.stateDict.values() ?? []) floats += t.data.length;
  const mem = process.memoryUsage();
  console.log(
    `networks ${networks.join("+")}: ${ms.toFixed(0)} ms, ${floats} floats, rss ${mib(mem.rss)}, ` +
      `array buffers ${mib(mem.arrayBuffers)}`,
  );
}
