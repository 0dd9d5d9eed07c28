import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openDataset } from "@dermanomaly/dataset";

const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "cli-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Local stacks' run folders go here, not into the repository's .runs.
const runs = join(tmp, "runs");

/** The environment of a CLI run as a user's: no endpoints configured, so it starts its own local stack. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.endsWith("_ENDPOINT") && k !== "DERMANOMALY_KEEP_STACK"),
  );
  return { ...env, DERMANOMALY_LOG_LEVEL: "warn", DERMANOMALY_RUNS_DIR: runs, ...extra };
}

// Runs the CLI as a user would.
function cli(...args: string[]) {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "libs/client/main.ts"), ...args], {
    cwd: root,
    env: userEnv(env),
    encoding: "utf8",
  });
}

/** A CLI run (`run`) with the stack folders it made in `runs`. */
function withStacks(run: () => ReturnType<typeof cli>): { r: ReturnType<typeof cli>; stacks: string[] } {
  const before = new Set(existsSync(runs) ? readdirSync(runs) : []);
  const r = run();
  const stacks = readdirSync(runs).filter((d) => d.startsWith("stack-") && !before.has(d));
  return { r, stacks: stacks.map((d) => join(runs, d)) };
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
  const {
    r: d,
    stacks: [stack, ...more],
  } = withStacks(() =>
    cli("dataset", "--source", join(photos, "train_set"), "--dest", dest, "--resolution", "32x32"),
  );
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stderr, /Starting a local stack \(preprocess\)/);
  assert.match(d.stdout, /written: 5\n/);
  assert.match(d.stdout, /skipped: 1\n\s+not_an_image: 1/);
  // The data set is the user's file: named by its path, with the digest of the zip the service stored.
  const zip = readFileSync(dest);
  const sha = createHash("sha256").update(zip).digest("hex");
  assert.ok(d.stdout.includes(`data set: ${dest} (${zip.length} bytes, sha256 ${sha})\n`), d.stdout);
  // The stack's store, NATS data and scratch went with it; its logs stay, and nothing printed points into it.
  assert.ok(stack !== undefined && more.length === 0, "one stack folder");
  assert.deepEqual(readdirSync(stack), ["logs"]);
  assert.ok(readdirSync(join(stack, "logs")).includes("preprocess.log"));
  assert.doesNotMatch(d.stdout + d.stderr, /file:\/\//);
  assert.match(d.stderr, new RegExp(`its logs stay in ${join(stack, "logs")}`));
  return openDataset(dest).then((ds) => {
    assert.equal(ds.entries.length, 5);
    ds.close();
  });
});

test("a job that fails in its service keeps its stack's folder whole and says how to resume or remove it", () => {
  // Every file of the source is a broken image: the call's check passes, the preparation finds nothing to use.
  const source = join(tmp, "all-broken");
  mkdirSync(source);
  writeFileSync(join(source, "a.jpg"), "garbage");
  writeFileSync(join(source, "b.png"), "garbage");
  const {
    r,
    stacks: [stack],
  } = withStacks(() =>
    cli("dataset", "--source", source, "--dest", join(tmp, "none.zip"), "--resolution", "32x32"),
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /failed: No image of source .* could be used/);
  assert.ok(stack !== undefined);
  assert.ok(existsSync(join(stack, "nats")), "the NATS store, which holds the failed job");
  assert.ok(existsSync(join(stack, "work")), "the services' scratch");
  assert.ok(
    r.stderr.includes(
      `Kept ${stack}: \`pnpm dermanomaly up --run-dir ${stack}\` starts its stack again (unfinished jobs resume, ` +
        `logs/ says what happened); \`rm -rf ${stack}\` removes it\n`,
    ),
    r.stderr,
  );
});

test("DERMANOMALY_KEEP_STACK=1 keeps a successful command's stack whole, and its artifact URIs hold", () => {
  const dest = join(tmp, "kept.zip");
  const {
    r,
    stacks: [stack],
  } = withStacks(() =>
    cliWith(
      { DERMANOMALY_KEEP_STACK: "1" },
      "dataset",
      "--source",
      join(tmp, "photos", "train_set"),
      "--dest",
      dest,
      "--resolution",
      "32x32",
    ),
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(stack !== undefined);
  for (const part of ["artifacts", "nats", "work", "logs"]) assert.ok(existsSync(join(stack, part)), part);
  assert.ok(r.stderr.includes(`Kept ${stack} (DERMANOMALY_KEEP_STACK is set)\n`), r.stderr);
  const uris = [...r.stdout.matchAll(/^artifact: (file:\/\/\S+)/gm)].map((m) =>
    fileURLToPath(m[1] as string),
  );
  assert.equal(uris.length, 2, r.stdout);
  for (const path of uris) assert.ok(path.startsWith(join(stack, "artifacts")) && existsSync(path), path);
});

test("a result written only to the stack's store (a key: destination) keeps the folder and says it is the only copy", () => {
  const {
    r,
    stacks: [stack],
  } = withStacks(() =>
    cli(
      "dataset",
      "--source",
      join(tmp, "photos", "train_set"),
      "--dest",
      "key:sets/nev.zip",
      "--resolution",
      "32x32",
    ),
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(stack !== undefined);
  assert.ok(r.stderr.includes(`Kept ${stack}: its artifacts are the only copy of the results`), r.stderr);
  const uri = /^artifact: (file:\/\/\S+nev\.zip) /m.exec(r.stdout)?.[1];
  assert.ok(uri !== undefined, r.stdout);
  assert.equal(fileURLToPath(uri), join(stack, "artifacts", "sets", "nev.zip"));
  assert.ok(existsSync(fileURLToPath(uri)));
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
  for (const c of ["up", "status", "synth", "dataset", "generate"])
    assert.match(r.stdout, new RegExp(`\\n  ${c}\\s`));
});

/** The CommonJS modules under node_modules/@tensorflow that a child has loaded once `code` ran. */
function tensorflowLoadedBy(code: string): string[] {
  const script = `import { createRequire } from "node:module";
    ${code}
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(loaded.filter((p) => p.includes("/@tensorflow/"))));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "[]") as string[];
}

test("the CLI's entry and its commands load no TF.js (gan import and export load it when they run)", () => {
  const cliModule = JSON.stringify(join(root, "libs/client/main.ts"));
  // main.ts runs the CLI on process.argv: --help lists every command, whose modules are all imported by then.
  const help = tensorflowLoadedBy(`process.argv.push("--help"); await import(${cliModule});`);
  assert.deepEqual(help, []);
  // The check sees TF.js when it is loaded: the network library's own entry does load it.
  const gan = tensorflowLoadedBy(`await import(${JSON.stringify(join(root, "libs/gan/mod.ts"))});`);
  assert.ok(gan.length > 0, "importing libs/gan loads @tensorflow/tfjs");
});

const FIXTURES = join(root, "libs/gan/nvidia/fixtures");

test("`gan inspect` asks the gan-trainer: settings give train.py's networks, G 23,191,522 and D 24,001,089 parameters", () => {
  const r = cli(
    "gan",
    "inspect",
    "--json",
    "--resolution",
    "256",
    "--cbase",
    "16384",
    "--cmax",
    "512",
    "--map-depth",
    "2",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Starting a local stack \(gan-trainer\)/);
  const res = JSON.parse(r.stdout) as { networks: { name: string; parameters: string; numWs: number }[] };
  assert.deepEqual(
    res.networks.map((n) => [n.name, Number(n.parameters), n.numWs]),
    [
      ["G", 23_191_522, 14],
      ["D", 24_001_089, 0],
    ],
  );
  const text = cli("gan", "inspect", join(FIXTURES, "sg3_snapshot.pkl"));
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^G_ema \(generator, num_ws 6\)$/m);
  assert.match(text.stdout, /mapping\.w_avg +\[8\] +8 +\(buffer\)/);
});

test("`generate` asks the gan-trainer and writes its grid and PyTorch's images (within 1e-3) as .npy", () => {
  const grid = join(tmp, "grid.png");
  const npy = join(tmp, "images.npy");
  const r = cli(
    "generate",
    "--gan",
    join(FIXTURES, "sg3_snapshot.pkl"),
    "--seeds",
    "0-1",
    "--out",
    grid,
    "--out-npy",
    npy,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Wrote .*grid\.png: a 2x1 grid of 16x16 images \(seeds 0-1/);
  assert.deepEqual([...readFileSync(grid).subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  // The .npy: magic, a header naming the shape, then float32 values.
  const bytes = readFileSync(npy);
  const headerLength = bytes.readUInt16LE(8);
  assert.match(bytes.subarray(10, 10 + headerLength).toString("latin1"), /'shape': \(2, 3, 16, 16\)/);
  const data = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length),
  );
  const expected = (
    JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as { sg3: { img_psi1: number[][] } }
  ).sg3.img_psi1.flat();
  assert.equal(data.length, expected.length);
  let worst = 0;
  for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs(data[i]! - expected[i]!));
  assert.ok(worst < 1e-3, `max abs error ${worst}`);
});

test("Ctrl-C sent to the CLI alone stops its embedded stack, nats-server included, before it exits with 130, and keeps its folder", async () => {
  const data = join(tmp, "nev.zip");
  assert.ok(existsSync(data), "the first test's data set");
  const before = new Set(existsSync(runs) ? readdirSync(runs) : []);
  const args = ["train-gan", "--data", data, "--outdir", join(tmp, "interrupted"), "--batch", "4"];
  const cli = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "libs/client/main.ts"),
      ...args,
      "--cbase",
      "256",
      "--cmax",
      "32",
      "--kimg",
      "100",
    ],
    { cwd: root, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  const running = new Promise<void>((resolve) =>
    cli.stderr.on("data", (b: Buffer) => {
      stderr += b;
      if (/running/.test(stderr)) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => cli.once("exit", (code) => resolve(code)));
  await Promise.race([
    running,
    exited.then((code) => assert.fail(`The CLI exited (${code}) early: ${stderr}`)),
  ]);
  const stackDir = readdirSync(runs).find((d) => !before.has(d) && d.startsWith("stack-"));
  assert.ok(stackDir !== undefined, "the command's stack folder");
  const stack = join(runs, stackDir);
  const ofStack = () =>
    spawnSync("pgrep", ["-f", stack], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
  assert.equal(ofStack().length, 1, "the stack's nats-server runs (its -sd names the stack's folder)");
  cli.kill("SIGINT"); // the CLI process alone, as `kill -INT` or a supervisor would
  assert.equal(await exited, 130, stderr);
  assert.deepEqual(ofStack(), [], "no process of the stack outlives the CLI");
  // What `up --run-dir` would take up again stays, and the CLI said how.
  for (const part of ["nats", "work", "logs"]) assert.ok(existsSync(join(stack, part)), `${part}: ${stderr}`);
  assert.match(stderr, new RegExp(`Kept ${stack}: \`pnpm dermanomaly up --run-dir ${stack}\``));
  rmSync(stack, { recursive: true, force: true });
});
