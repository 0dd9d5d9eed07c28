import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openDataset } from "@dermanomaly/dataset";

const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "cli-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Runs the CLI as a user would, with no endpoints configured (so it starts its own local stack).
function cli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith("_ENDPOINT")));
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "libs/client/main.ts"), ...args], {
    cwd: root,
    env: { ...env, DERMANOMALY_LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
}

test("`synth` then `dataset` prepare a data set through an embedded stack and summarise it", () => {
  const photos = join(tmp, "photos");
  const s = cli(
    "synth",
    "--out",
    photos,
    "--train-nev",
    "5",
    "--test-nev",
    "1",
    "--test-mel",
    "1",
    "--size",
    "200x150",
    "--seed",
    "4",
  );
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /Wrote 7 images/);
  writeFileSync(join(photos, "train_set/NEV/broken.jpg"), "garbage");
  const dest = join(tmp, "nev.zip");
  const d = cli("dataset", "--source", join(photos, "train_set"), "--dest", dest, "--resolution", "32x32");
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stderr, /Starting a local stack \(preprocess\)/);
  assert.match(d.stdout, /written: 5\n/);
  assert.match(d.stdout, /skipped: 1\n\s+not_an_image: 1/);
  assert.match(d.stdout, /artifact: file:\/\/.*dataset\.zip/);
  return openDataset(dest).then((ds) => {
    assert.equal(ds.entries.length, 5);
    ds.close();
  });
});

test("a bad option is a usage error with the command's help, exit code 2", () => {
  const r = cli("dataset", "--source", tmp, "--dest", join(tmp, "x"), "--resolution", "big");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--resolution must look like 256x256, got "big"/);
  assert.match(r.stderr, /Usage: pnpm dermanomaly dataset/);
});

test("a service-side refusal reaches the user as its message, exit code 1", () => {
  const r = cli("dataset", "--source", join(tmp, "missing"), "--dest", join(tmp, "y.zip"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /dermanomaly dataset: source path ".*missing" does not exist/);
});

test("`--help` lists the commands", () => {
  const r = cli("--help");
  assert.equal(r.status, 0);
  for (const c of ["up", "status", "synth", "dataset"]) assert.match(r.stdout, new RegExp(`\\n  ${c}\\s`));
});
