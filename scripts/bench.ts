// `pnpm bench <name> [args...]`: runs one benchmark script, which prints its own figures.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const BENCHES: Record<string, string> = {
  preprocess: "libs/dataset/bench.ts",
  gan: "libs/gan/bench.ts",
  encoder: "libs/encoder/bench.ts",
  reconstruct: "libs/reconstruction/bench.ts",
  tsne: "libs/evaluation/bench_tsne.ts",
  synth: "libs/synthetic/bench.ts",
};
const [name, ...rest] = process.argv.slice(2);
const file = name === undefined ? undefined : BENCHES[name];
if (file === undefined) {
  console.error(`Usage: pnpm bench <${Object.keys(BENCHES).join("|")}> [args...]`);
  process.exit(2);
}
const root = join(import.meta.dirname, "..");
const r = spawnSync(process.execPath, ["--import", "tsx", join(root, file), ...rest], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
