import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { parseArgs } from "node:util";
import { SERVICES } from "@dermanomaly/contracts";
import { Discriminator, Generator } from "@dermanomaly/gan";
import { writeNetworkCheckpoint } from "@dermanomaly/gan/nvidia";
import { encodePng } from "@dermanomaly/imaging";
import { initBackend } from "@dermanomaly/tf";
import { UsageError } from "../cli.ts";
import { stackSpecs } from "../endpoints.ts";
import { startLocalStack } from "../stack.ts";
import { encoderInspect } from "./encoder.ts";
import { trainEncoder, trainEncoderRequest } from "./train_encoder.ts";

function parse(argv: string) {
  return parseArgs({ args: argv.split(" "), options: trainEncoder.options, strict: true }).values;
}

test("a full train-encoder command line becomes its training request", () => {
  const req = trainEncoderRequest(
    parse(
      "--gan runs/network-snapshot-000050.safetensors --data nev-256.zip --outdir enc --epochs 1000 --batch 16 " +
        "--kappa 1 --alpha 1 --loss izif --preset paper --generator G --noise-mode random --snap 30 --keep 5 " +
        "--batch-gpu 4 --seed 3 --resume key:models/encoded_990.pth --backend wasm --lr 1e-4",
    ),
  );
  assert.deepEqual(req, {
    requestId: "",
    gan: { path: resolve("runs/network-snapshot-000050.safetensors") },
    dataset: { path: resolve("nev-256.zip") },
    outdir: { path: resolve("enc") },
    epochs: 1000,
    batch: 16,
    batchGpu: 4,
    lr: 1e-4,
    loss: "ENCODER_LOSS_IZIF",
    preset: "ENCODER_PRESET_PAPER",
    generator: "TRAINING_GENERATOR_G",
    noiseMode: "NOISE_MODE_RANDOM",
    keepSnapshots: 5,
    seed: 3,
    backend: "TRAINING_BACKEND_WASM",
    alpha: 1,
    kappa: 1,
    snapshotEvery: 30,
    resume: { key: "models/encoded_990.pth" },
  });
});

test("options left out stay unset so the service applies its defaults; numbers pass through unchanged", () => {
  const req = trainEncoderRequest(
    parse("--gan g.pkl --data d --outdir key:runs/e --epochs 2 --lr=-1 --kappa NaN"),
  );
  assert.equal(req.batch, 0);
  assert.equal(req.preset, "ENCODER_PRESET_UNSPECIFIED");
  assert.equal(req.generator, "TRAINING_GENERATOR_G_EMA");
  assert.equal(req.noiseMode, "NOISE_MODE_CONST");
  assert.equal(req.alpha, undefined);
  assert.equal(req.snapshotEvery, undefined);
  assert.equal(req.resume, undefined);
  assert.deepEqual(req.outdir, { key: "runs/e" });
  assert.equal(req.lr, -1);
  assert.ok(Number.isNaN(req.kappa));
  // --snap 0 is a value (snapshots only at the end), not "unset".
  assert.equal(
    trainEncoderRequest(parse("--gan g --data d --outdir o --epochs 2 --snap 0")).snapshotEvery,
    0,
  );
});

test("missing or malformed options are usage errors naming the option", () => {
  const bad: [string, RegExp][] = [
    ["--data d --outdir o --epochs 2", /--gan is required/],
    ["--gan g --outdir o --epochs 2", /--data is required/],
    ["--gan g --data d --epochs 2", /--outdir is required/],
    ["--gan g --data d --outdir o", /--epochs is required/],
    ["--gan g --data d --outdir o --epochs 2.5", /--epochs must be a non-negative integer/],
    ["--gan g --data d --outdir o --epochs 2 --loss mse", /--loss must be one of izif, izi, ziz/],
    ["--gan g --data d --outdir o --epochs 2 --preset huge", /--preset must be one of paper, small, tiny/],
    ["--gan g --data d --outdir o --epochs 2 --generator D", /--generator must be one of G_ema, G/],
    [
      "--gan g --data d --outdir o --epochs 2 --noise-mode loud",
      /--noise-mode must be one of const, random, none/,
    ],
    ["--gan g --data d --outdir o --epochs 2 --alpha much", /--alpha must be a number, got "much"/],
    ["--gan g --data d --outdir o --epochs 2 --backend metal", /--backend must be one of/],
  ];
  for (const [argv, pattern] of bad) {
    assert.throws(
      () => trainEncoderRequest(parse(argv)),
      (e: unknown) => {
        assert.ok(e instanceof UsageError, String(e));
        assert.match(e.message, pattern);
        return true;
      },
    );
  }
});

test("train-encoder trains through a local stack whose encoder-trainer is SERVING, and encoder inspect reads the result", async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "train-encoder-cli-"));
  const endpoint = SERVICES["encoder-trainer"].endpointEnv;
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  t.after(async () => {
    delete process.env[endpoint];
    await stack?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  // A tiny GAN (16 px, z 16) and a StyleGAN folder data set of four 16 px images.
  await initBackend({ backend: "wasm", log: false });
  const g = { resolution: 16, channelBase: 64, channelMax: 32, mappingLayers: 1, zDim: 16, wDim: 16 };
  const G = new Generator(g, { seed: 1 });
  const D = new Discriminator(
    { resolution: 16, channelBase: 64, channelMax: 32, mbstdGroupSize: 2 },
    { seed: 2 },
  );
  const gan = join(tmp, "gan.safetensors");
  await writeNetworkCheckpoint(gan, {
    G_ema: { config: G.getConfig(), stateDict: G.stateDict() },
    D: { config: D.getConfig(), stateDict: D.stateDict() },
  });
  G.dispose();
  D.dispose();
  const data = join(tmp, "disks", "00000");
  mkdirSync(data, { recursive: true });
  for (let k = 0; k < 4; k++) {
    const px = new Uint8Array(16 * 16 * 3);
    for (let i = 0; i < 256; i++)
      px.fill(Math.hypot((i % 16) - 7.5, Math.floor(i / 16) - 7.5) < 3 + k ? 200 : 40, i * 3, i * 3 + 3);
    writeFileSync(
      join(data, `img${String(k).padStart(8, "0")}.png`),
      await encodePng({ data: px, width: 16, height: 16 }),
    );
  }

  // The stack a command would start, started once for both commands; its stage reports SERVING, not the
  // NOT_SERVING of a stage whose operations are not built.
  stack = await startLocalStack(stackSpecs(["encoder-trainer"]), { runDir: join(tmp, "stack") });
  assert.equal(stack.services[0]?.health, "SERVING");
  process.env[endpoint] = stack.services[0]!.address;

  const lines: string[] = [];
  t.mock.method(console, "log", (...args: unknown[]) => lines.push(args.join(" ")));
  const errors: string[] = [];
  const stderr = t.mock.method(process.stderr, "write", (chunk: unknown) => errors.push(String(chunk)) > 0);
  const outdir = join(tmp, "enc");
  const code = await trainEncoder.run(
    parse(
      `--gan ${gan} --data ${join(tmp, "disks")} --outdir ${outdir} --epochs 2 --batch 4 --preset tiny ` +
        "--snap 1 --backend wasm --seed 1",
    ),
    [],
  );
  stderr.mock.restore();
  assert.equal(code, 0, `${lines.join("\n")}\n${errors.join("")}`);
  assert.ok(errors.includes("succeeded: Trained 2 epoch(s) on wasm, 2 snapshot(s) kept\n"), errors.join(""));
  assert.equal(lines[0], "epochs: 2");
  assert.match(lines[1]!, /^loss: \d/);
  assert.equal(lines[2], "snapshots kept: 2");
  assert.match(lines[3]!, /encoder-0002\.safetensors \(\d+ bytes, sha256 [0-9a-f]{64}\)$/);
  const [run] = readdirSync(outdir);
  assert.equal(run, "00000-izif-disks-tiny-batch4");
  const files = readdirSync(join(outdir, run!));
  assert.ok(files.includes("rec0002.png") && files.includes("encoder-0001.safetensors"), files.join(", "));

  lines.length = 0;
  assert.equal(await encoderInspect.run({}, [join(outdir, run!, "encoder-0002.safetensors")]), 0);
  assert.match(lines[0]!, /^E \(tiny, 16x16, z 16; dermanomaly\/izif-encoder\/1\)$/);
  assert.match(lines.join("\n"), /^ {2}0\.weight +\[16, 3, 4, 4\] +768$/m);
  assert.equal(lines.at(-1), "  trained against G_ema with const noise, loss izif (alpha 1, kappa 1)");
});
