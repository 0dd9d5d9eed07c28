// `pnpm bench <name> [args...]`: runs one benchmark script, which prints its own figures.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
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
// Each bench's usage is the comment that opens its file: `--help` prints it rather than an unknown-option error.
if (rest.includes("--help") || rest.includes("-h")) {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const end = lines.findIndex((line) => !line.startsWith("//"));
  console.log(
    lines
      .slice(0, end === -1 ? lines.length : end)
      .map((line) => line.replace(/^\/\/ ?/, ""))
      .join("\n"),
  );
  process.exit(0);
}
const r = spawnSync(process.execPath, ["--import", "tsx", join(root, file), ...rest], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
