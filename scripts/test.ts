// Runs every `*_test.ts` of the workspace (libs, services, tests) with node's test runner through tsx.
// Arguments narrow the run to paths containing any of them: `pnpm test libs/events tests/`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = ["libs", "services", "tests"]
  .flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)),
  )
  .filter((f) => f.endsWith("_test.ts") && !f.includes("node_modules"))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(", ")}`);
  process.exit(1);
}
// Two files at a time: the machines this runs on have two cores, and several suites start servers.
const r = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=2",
    "--test-reporter=spec",
    ...files.map((f) => relative(root, join(root, f))),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(r.status ?? 1);
