// The quality gate: formatting, lint, types, and generated contracts up to date. Tests run with `pnpm test`.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const steps: [string, string, string[]][] = [
  ["format + lint", bin("biome"), ["check", "."]],
  ["types", bin("tsc"), ["--noEmit", "-p", "."]],
  ["package manifests", process.execPath, ["--import", "tsx", "scripts/check_packages.ts"]],
  ["generated contracts", process.execPath, ["--import", "tsx", "scripts/gen_contracts.ts", "--check"]],
];
for (const [name, cmd, args] of steps) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`check failed at: ${name}`);
    process.exit(r.status ?? 1);
  }
  console.log(`check ok: ${name}`);
}
