import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Imports a module in a fresh process whose resolver refuses every specifier starting with `prefix` (ESM), then
 * checks that no CommonJS file whose path contains it was loaded either: a light package stays light (e.g. nothing
 * of `@tensorflow/` behind the scoring libraries).
 *
 * @returns null when the module loaded clean, else what was imported and from where
 */
export function importedModule(entry: URL, prefix: string): string | null {
  const hook = `data:text/javascript,${encodeURIComponent(
    `export async function resolve(s, c, next) { if (s.startsWith(${JSON.stringify(prefix)})) throw new Error("imported: " + s + " from " + c.parentURL); return next(s, c); }`,
  )}`;
  const script = [
    "import { register, createRequire } from 'node:module';",
    `register(${JSON.stringify(hook)});`,
    `await import(${JSON.stringify(entry.href)});`,
    `const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes(${JSON.stringify(prefix)}));`,
    "if (loaded.length > 0) throw new Error('required: ' + loaded[0]);",
    "console.log('clean');",
  ].join("\n");
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: dirname(fileURLToPath(entry)),
  });
  return r.status === 0 && /clean/.test(r.stdout) ? null : r.stderr || `exit ${r.status}`;
}
