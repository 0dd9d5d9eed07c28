import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { parseArgs } from "node:util";
import { encodePng } from "@dermanomaly/imaging";
import { UsageError } from "../cli.ts";
import { trainGan, trainGanRequest } from "./train_gan.ts";

function parse(argv: string) {
  return parseArgs({ args: argv.split(" "), options: trainGan.options, strict: true }).values;
}

test("the method's command line becomes its training request", () => {
  const req = trainGanRequest(
    parse(
      "--data nev-256.zip --outdir runs --cfg stylegan2 --batch 16 --gamma 0.8192 --map-depth 2 --glr 0.0025 " +
        "--dlr 0.0025 --cbase 16384 --kimg 50 --snap 5 --resume key:models/ffhq.pkl --seed 7",
    ),
  );
  assert.deepEqual(req, {
    requestId: "",
    dataset: { path: resolve("nev-256.zip") },
    outdir: { path: resolve("runs") },
    cfg: "GAN_CONFIG_STYLEGAN2",
    batch: 16,
    batchGpu: 0,
    mbstdGroup: 0,
    gamma: 0.8192,
    mapDepth: 2,
    glr: 0.0025,
    dlr: 0.0025,
    cbase: 16384,
    cmax: 0,
    kimg: 50,
    tick: 0,
    snap: 5,
    mirror: false,
    aug: "AUGMENT_MODE_ADA",
    target: 0,
    seed: 7,
    desc: "",
    backend: "TRAINING_BACKEND_AUTO",
    resume: { key: "models/ffhq.pkl" },
  });
});

test("options left out stay unset so the service applies train.py's defaults", () => {
  const req = trainGanRequest(
    parse("--data key:ds/nev.zip --outdir key:runs/a --batch 4 --aug fixed --p 0.3 --mirror --backend wasm"),
  );
  assert.equal(req.gamma, undefined);
  assert.equal(req.resume, undefined);
  assert.equal(req.p, 0.3);
  assert.equal(req.aug, "AUGMENT_MODE_FIXED");
  assert.equal(req.mirror, true);
  assert.equal(req.backend, "TRAINING_BACKEND_WASM");
  assert.deepEqual(req.dataset, { key: "ds/nev.zip" });
  assert.deepEqual(req.outdir, { key: "runs/a" });
  assert.equal(req.kimg, 0);
  assert.equal(req.batchGpu, 0);
});

test("--batch-gpu and --mbstd-group set the accumulation rounds and the minibatch-stddev group", () => {
  const req = trainGanRequest(parse("--data d --outdir o --batch 16 --batch-gpu 2 --mbstd-group 2"));
  assert.equal(req.batch, 16);
  assert.equal(req.batchGpu, 2);
  assert.equal(req.mbstdGroup, 2);
  assert.throws(
    () => trainGanRequest(parse("--data d --outdir o --batch 16 --batch-gpu 2.5")),
    /--batch-gpu must be a non-negative integer/,
  );
});

test("numbers pass through unchanged, even out of range: the service checks them with the library's rules", () => {
  const req = trainGanRequest(parse("--data d --outdir o --batch 4 --kimg=-2 --tick Infinity --gamma NaN"));
  assert.equal(req.kimg, -2);
  assert.equal(req.tick, Number.POSITIVE_INFINITY);
  assert.ok(Number.isNaN(req.gamma));
});

test("missing or malformed options are usage errors naming the option", () => {
  const bad: [string, RegExp][] = [
    ["--outdir o --batch 4", /--data is required/],
    ["--data d --batch 4", /--outdir is required/],
    ["--data d --outdir o", /--batch is required/],
    ["--data d --outdir o --batch 4 --cfg stylegan3-t", /--cfg must be stylegan2/],
    ["--data d --outdir o --batch 4 --gamma abc", /--gamma must be a number, got "abc"/],
    ["--data d --outdir o --batch 4 --kimg soon", /--kimg must be a number, got "soon"/],
    ["--data d --outdir o --batch 4 --seed 1.5", /--seed must be a non-negative integer/],
    ["--data d --outdir o --batch 4 --aug always", /--aug must be one of ada, fixed, noaug/],
    ["--data d --outdir o --batch 4 --backend metal", /--backend must be one of/],
  ];
  for (const [argv, pattern] of bad) {
    assert.throws(
      () => trainGanRequest(parse(argv)),
      (e: unknown) => {
        assert.ok(e instanceof UsageError, String(e));
        assert.match(e.message, pattern);
        return true;
      },
    );
  }
});

test("train-gan trains through a local stack and sums up the snapshots it wrote", async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "train-gan-cli-"));
  // The command's own local stack makes its run folder here.
  const runs = join(tmp, "stacks");
  const savedRuns = process.env["DERMANOMALY_RUNS_DIR"];
  process.env["DERMANOMALY_RUNS_DIR"] = runs;
  t.after(() => {
    if (savedRuns === undefined) delete process.env["DERMANOMALY_RUNS_DIR"];
    else process.env["DERMANOMALY_RUNS_DIR"] = savedRuns;
    rmSync(tmp, { recursive: true, force: true });
  });
  // A StyleGAN folder data set of eight 16 px disks of growing radius.
  const data = join(tmp, "disks", "00000");
  mkdirSync(data, { recursive: true });
  for (let k = 0; k < 8; k++) {
    const px = new Uint8Array(16 * 16 * 3);
    for (let i = 0; i < 256; i++)
      px.fill(Math.hypot((i % 16) - 7.5, Math.floor(i / 16) - 7.5) < 3 + k / 2 ? 220 : 30, i * 3, i * 3 + 3);
    writeFileSync(
      join(data, `img${String(k).padStart(8, "0")}.png`),
      await encodePng({ data: px, width: 16, height: 16 }),
    );
  }
  const lines: string[] = [];
  t.mock.method(console, "log", (...args: unknown[]) => lines.push(args.join(" ")));
  const errors: string[] = [];
  const stderr = t.mock.method(process.stderr, "write", (chunk: unknown) => errors.push(String(chunk)) > 0);
  const code = await trainGan.run(
    parse(
      `--data ${join(tmp, "disks")} --outdir ${join(tmp, "runs")} --batch 64 --gamma 0.05 --cbase 256 --cmax 32 ` +
        "--map-depth 1 --kimg 1 --tick 1 --snap 1 --aug noaug --backend wasm --seed 1",
    ),
    [],
  );
  stderr.mock.restore();
  assert.equal(code, 0, lines.join("\n"));
  assert.ok(errors.includes("succeeded: Trained to 1.024 kimg on wasm, 2 snapshot(s)\n"), errors.join(""));
  assert.equal(lines[0], "kimg: 1.024");
  assert.equal(lines[1], "snapshots written: 2");
  const [run] = readdirSync(join(tmp, "runs"));
  assert.equal(run, "00000-stylegan2-disks-gpus1-batch64-gamma0.05");
  assert.ok(readdirSync(join(tmp, "runs", run)).includes("fakes000001.png"));
  // The stack's store went with it: each snapshot is named by its copy in the run folder, with its size and digest.
  const snapshot = join(tmp, "runs", run, "network-snapshot-000001.safetensors");
  const bytes = readFileSync(snapshot);
  const sha = createHash("sha256").update(bytes).digest("hex");
  assert.equal(lines[2], `  ${snapshot} (${bytes.length} bytes, sha256 ${sha})`);
  assert.equal(lines.at(-1), `run folder: ${join(tmp, "runs", run)}`);
  const [stack] = readdirSync(runs);
  assert.deepEqual(readdirSync(join(runs, stack!)), ["logs"]);
});
