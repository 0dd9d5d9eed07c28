// Every workspace package's `exports` entries name files that exist, and every workspace dependency it declares is
// a package of the workspace: a broken entry otherwise only shows when someone imports it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const folders = ["libs", "services"]
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name)))
  .concat(["tests"])
  .filter((dir) => existsSync(join(root, dir, "package.json")));
const manifests = new Map(
  folders.map((dir) => [
    dir,
    JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
      name: string;
      exports?: Record<string, string>;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    },
  ]),
);
const names = new Set([...manifests.values()].map((m) => m.name));
const problems: string[] = [];
for (const [dir, m] of manifests) {
  for (const [entry, target] of Object.entries(m.exports ?? {})) {
    if (!existsSync(join(root, dir, target)))
      problems.push(`${dir}/package.json: export "${entry}" names "${target}", which does not exist`);
  }
  for (const [dep, version] of Object.entries({ ...m.dependencies, ...m.devDependencies })) {
    if (version.startsWith("workspace:") && !names.has(dep))
      problems.push(`${dir}/package.json: "${dep}" is not a workspace package`);
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
