// Generates the typed gRPC stubs in libs/contracts/gen from proto/ (never edit gen/ by hand).
// `--check` regenerates into a temporary folder and fails when the committed gen/ differs (stale).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { GEN_ARGS, PROTO_FILES } from "../libs/contracts/loader_options.ts";

const root = join(import.meta.dirname, "..");
const genDir = join(root, "libs/contracts/gen");
const bin = join(root, "libs/contracts/node_modules/.bin/proto-loader-gen-types");

function generate(outDir: string): void {
  execFileSync(bin, [...GEN_ARGS, `--outDir=${outDir}`, ...PROTO_FILES], { cwd: root, stdio: "inherit" });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

if (process.argv.includes("--check")) {
  const tmp = mkdtempSync(join(tmpdir(), "contracts-gen-"));
  try {
    generate(tmp);
    const want = listFiles(tmp);
    const have = listFiles(genDir);
    const stale = want.filter(
      (f) => !have.includes(f) || !readFileSync(join(tmp, f)).equals(readFileSync(join(genDir, f))),
    );
    const extra = have.filter((f) => !want.includes(f));
    if (stale.length + extra.length > 0) {
      console.error(`Generated contracts are stale (${[...stale, ...extra].join(", ")}): run \`pnpm gen\``);
      process.exit(1);
    }
    console.log(`contracts: ${want.length} generated files up to date`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  rmSync(genDir, { recursive: true, force: true });
  generate(genDir);
  console.log(`contracts: generated into ${relative(root, genDir)}`);
}
