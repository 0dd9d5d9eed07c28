import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type LocalStack, type StackRestart, stackSpecs, startLocalStack } from "@dermanomaly/client";
import { connect, type NatsConnection } from "@nats-io/transport-node";

const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "crash-test-"));
let stack: LocalStack;
let nc: NatsConnection;
const restarts: StackRestart[] = [];

/** The CLI as a user runs it, pointed at the stack through its endpoint variables. */
function cliArgs(...args: string[]): string[] {
  return ["--import", "tsx", join(root, "libs/client/main.ts"), ...args];
}

before(async () => {
  stack = await startLocalStack(stackSpecs(["preprocess", "gan-trainer"]), {
    runDir: join(tmp, "stack"),
    // A killed instance's job is taken over once its lease expires: keep that short here.
    env: { DERMANOMALY_JOB_LEASE_MS: "3000", DERMANOMALY_LOG_LEVEL: "info" },
    onRestart: (r) => restarts.push(r),
  });
  nc = await connect({ servers: stack.natsUrl });
  const env = { ...process.env, ...stack.endpoints };
  const synth = spawnSync(
    process.execPath,
    cliArgs(
      "synth",
      "--out",
      join(tmp, "photos"),
      "--train-nev",
      "8",
      "--test-nev",
      "0",
      "--test-mel",
      "0",
      "--size",
      "40x32",
    ),
    { cwd: root, env, encoding: "utf8" },
  );
  assert.equal(synth.status, 0, synth.stderr);
  const data = spawnSync(
    process.execPath,
    cliArgs(
      "dataset",
      "--source",
      join(tmp, "photos/train_set"),
      "--dest",
      join(tmp, "nev.zip"),
      "--resolution",
      "16x16",
    ),
    { cwd: root, env, encoding: "utf8" },
  );
  assert.equal(data.status, 0, data.stderr);
});

after(async () => {
  await nc?.close();
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test("a service killed mid-job is started again by the stack, and the CLI keeps following its job to success", async () => {
  // Once the training stored its first snapshot, the gan-trainer is killed, without warning.
  const snapshots = nc.subscribe("dermanomaly.events.gan.snapshot", { max: 1 });
  const cli = spawn(
    process.execPath,
    cliArgs(
      "train-gan",
      "--data",
      join(tmp, "nev.zip"),
      "--outdir",
      join(tmp, "runs"),
      "--batch",
      "16",
      "--cbase",
      "256",
      "--cmax",
      "32",
      "--map-depth",
      "1",
      "--kimg",
      "0.128",
      "--tick",
      "0.016",
      "--snap",
      "1",
      "--backend",
      "wasm",
    ),
    { cwd: root, env: { ...process.env, ...stack.endpoints }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  cli.stdout.on("data", (b: Buffer) => {
    stdout += b;
  });
  cli.stderr.on("data", (b: Buffer) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((resolve) => cli.once("exit", (code) => resolve(code)));
  for await (const _ of snapshots) break;
  const killed = stack.pid("gan-trainer");
  stack.kill("gan-trainer", "SIGKILL");
  const code = await exited;
  assert.equal(code, 0, `${stderr}\n${stdout}`);
  assert.match(stderr, /Lost the job's progress stream .*; watching it again/);
  assert.match(stdout, /kimg: 0\.128/);
  // The new process took the job over and continued it from its last snapshot.
  assert.match(stderr, /succeeded: Trained to 0\.128 kimg on wasm \(resumed at [\d.]+ kimg\)/);
  assert.equal(restarts.length, 1);
  assert.deepEqual(
    [restarts[0]!.name, restarts[0]!.signal, restarts[0]!.attempt],
    ["gan-trainer", "SIGKILL", 1],
  );
  assert.notEqual(stack.pid("gan-trainer"), killed, "a new process serves the gan-trainer");
});
