import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as contracts from "./mod.ts";

const here = import.meta.dirname;

/** Names exported by `export [type] { a, type b as c } from "<specifier>"` statements of a file, by specifier. */
function reExports(source: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/g)) {
    const names = m[1]!
      .split(",")
      .map((s) => s.trim().replace(/^type\s+/, ""))
      .filter((s) => s !== "")
      .map((s) => s.split(/\s+as\s+/).pop()!);
    out.set(m[2]!, new Set([...(out.get(m[2]!) ?? []), ...names]));
  }
  return out;
}

test("types.ts re-exports every type and enum generated for dermanomaly.v1", () => {
  const exported = reExports(readFileSync(join(here, "types.ts"), "utf8"));
  const dir = join(here, "gen/dermanomaly/v1");
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 50);
  for (const file of files) {
    const generated = [
      ...readFileSync(join(dir, file), "utf8").matchAll(/^export (?:interface|type|const) (\w+)/gm),
    ];
    const have = exported.get(`./gen/dermanomaly/v1/${file}`) ?? new Set();
    for (const [, name] of generated) assert.ok(have.has(name!), `${name} of ${file} is not re-exported`);
  }
});

test("generated enums are values of the package, usable as names on the wire", () => {
  assert.equal(contracts.NoiseMode.NOISE_MODE_CONST, "NOISE_MODE_CONST");
  assert.equal(contracts.JobState.JOB_STATE_SUCCEEDED, "JOB_STATE_SUCCEEDED");
  assert.equal(contracts.Stage.STAGE_REPORT, "STAGE_REPORT");
});
