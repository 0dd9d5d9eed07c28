import assert from "node:assert/strict";
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
import { join, resolve } from "node:path";
import { after, before, mock, test } from "node:test";
import { parseArgs } from "node:util";
import { encodePng } from "@dermanomaly/imaging";
import { type Command, UsageError } from "../cli.ts";
import { exportOnnx } from "./export_onnx.ts";
import { reconstruct, reconstructRequest } from "./reconstruct.ts";

// NVIDIA's own tiny StyleGAN2 (res 16, z 8) as a snapshot pickle (libs/gan/nvidia/fixtures/make_fixtures.py).
const PKL = new URL("../../gan/nvidia/fixtures/sg3_snapshot.pkl", import.meta.url).pathname;
let dir = "";
let encoder = "";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "reconstruct-cli-"));
  // The command's own local stack makes its run folder here.
  process.env["DERMANOMALY_RUNS_DIR"] = join(dir, "stacks");
  const { Encoder, writeEncoderFile } = await import("@dermanomaly/encoder");
  const e = new Encoder({ resolution: 16, zDim: 8, channelBase: 4, channelMax: 8 }, { seed: 1 });
  encoder = join(dir, "encoder.safetensors");
  await writeEncoderFile(encoder, { config: e.config, stateDict: e.stateDict() });
  e.dispose();
});

after(() => rmSync(dir, { recursive: true, force: true }));

function parse(command: Command, argv: string) {
  return parseArgs({ args: argv.split(" "), options: command.options, strict: true }).values;
}

/** Runs a command with console.log captured; returns its exit code and printed lines. */
async function run(command: Command, argv: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = mock.method(console, "log", (...args: unknown[]) => lines.push(args.join(" ")));
  const stderr = mock.method(process.stderr, "write", () => true);
  try {
    return { code: await command.run(parse(command, argv), []), lines };
  } finally {
    log.mock.restore();
    stderr.mock.restore();
  }
}

test("the reconstruct command line becomes its request; left out, the choices follow the encoder's lineage", () => {
  assert.deepEqual(
    reconstructRequest(
      parse(
        reconstruct,
        "--gan key:gan/snap.pkl --encoder enc.safetensors --source test_set --out key:runs/r1 --batch 4 " +
          "--generator G --noise-mode random --noise-seed 7 --item-size 32 --class-map NEV=0,MEL=1,BCC=2",
      ),
    ),
    {
      requestId: "",
      source: { path: resolve("test_set") },
      models: {
        gan: { key: "gan/snap.pkl" },
        encoder: { path: resolve("enc.safetensors") },
        generator: "GENERATOR_CHOICE_G",
        noiseMode: "NOISE_MODE_RANDOM",
      },
      dest: { key: "runs/r1" },
      batchSize: 4,
      itemSize: 32,
      classMap: { NEV: 0, MEL: 1, BCC: 2 },
      noiseSeed: 7,
    },
  );
  const plain = reconstructRequest(parse(reconstruct, "--gan g.pkl --encoder e.pth --source s --out o"));
  assert.equal(plain.models?.generator, "GENERATOR_CHOICE_UNSPECIFIED");
  assert.equal(plain.models?.noiseMode, "NOISE_MODE_UNSPECIFIED");
  assert.equal(plain.batchSize, 0);
  assert.equal(plain.models?.refine, undefined);
  const refined = reconstructRequest(
    parse(reconstruct, "--gan g.pkl --encoder e.pth --source s --out o --refine-steps 30 --refine-kappa 1"),
  );
  assert.deepEqual(refined.models?.refine, { steps: 30, lr: 0, kappa: 1 });
});

test("a missing or malformed reconstruct option is a usage error naming it", () => {
  const bad: [string, RegExp][] = [
    ["--encoder e --source s --out o", /--gan is required/],
    ["--gan g --source s --out o", /--encoder is required/],
    ["--gan g --encoder e --out o", /--source is required/],
    ["--gan g --encoder e --source s", /--out is required/],
    ["--gan g --encoder e --source s --out o --generator D", /--generator must be one of lineage, G_ema, G/],
    [
      "--gan g --encoder e --source s --out o --noise-mode none",
      /--noise-mode must be one of lineage, const, random/,
    ],
    ["--gan g --encoder e --source s --out o --batch 2.5", /--batch must be a non-negative integer/],
    [
      "--gan g --encoder e --source s --out o --refine-steps x",
      /--refine-steps must be a non-negative integer/,
    ],
  ];
  for (const [argv, pattern] of bad) {
    assert.throws(
      () => reconstructRequest(parse(reconstruct, argv)),
      (e: unknown) => e instanceof UsageError && pattern.test(e.message),
      argv,
    );
  }
});

test("reconstruct runs through a local stack: an NVIDIA pickle's G and D with an encoder, a corrupt file skipped", async () => {
  const photos = join(dir, "photos");
  for (const [k, cls] of ["NEV", "NEV", "MEL", "MEL", "NEV"].entries()) {
    mkdirSync(join(photos, cls), { recursive: true });
    const data = new Uint8Array(16 * 16 * 3).map((_, i) => (i * (k + 3) * 37) % 256);
    writeFileSync(join(photos, cls, `lesion_${k}.png`), await encodePng({ data, width: 16, height: 16 }));
  }
  writeFileSync(
    join(photos, "MEL", "broken.png"),
    readFileSync(join(photos, "NEV", "lesion_0.png")).subarray(0, 50),
  );
  const out = join(dir, "set");
  const { code, lines } = await run(
    reconstruct,
    `--gan ${PKL} --encoder ${encoder} --source ${photos} --out ${out} --batch 2 --item-size 2`,
  );
  assert.equal(code, 0, lines.join("\n"));
  assert.equal(lines[0], "written: 5");
  assert.equal(lines[1], "skipped: 1");
  assert.equal(lines[2], "  corrupt: 1");
  // Each file is named by its copy in --out, the stack's store having gone with the command.
  assert.match(lines.at(-1)!, /set_manifest\.json \(\d+ bytes, sha256 [0-9a-f]{64}\)$/);
  const files = lines.filter((l) => l.startsWith("file: ")).map((l) => l.slice(6).split(" (")[0]!);
  assert.equal(files.length, 5, lines.join("\n"));
  for (const file of files) assert.ok(file.startsWith(`${out}/`) && existsSync(file), file);
  const index = readFileSync(join(out, "reconstruction_set.csv"), "utf8").trim().split("\n");
  assert.equal(index.length, 6);
  assert.deepEqual(readdirSync(join(out, "generated_img", "MEL")).sort(), ["lesion_2.png", "lesion_3.png"]);
  assert.match(readFileSync(join(out, "skipped.csv"), "utf8"), /MEL\/broken\.png,CORRUPT: /);
  assert.ok(existsSync(join(out, "reconstruction_set.safetensors")));
});

test("export-onnx writes G, D and E here and names their sizes and digests", async () => {
  const out = join(dir, "onnx");
  const { code, lines } = await run(exportOnnx, `--gan ${PKL} --encoder ${encoder} --out ${out}`);
  assert.equal(code, 0);
  const head = new RegExp(
    `^Exported G_ema \\(noise const\\), D and E into ${out}: images 16x16, z 8, D features (\\d+)$`,
  );
  const features = Number(head.exec(lines[0]!)?.[1]);
  // D's b8 output: its channels at 4x4, 16 values each.
  assert.ok(features > 0 && features % 16 === 0, lines[0]);
  assert.deepEqual(readdirSync(out).sort(), ["D.onnx", "E.onnx", "G.onnx"]);
  for (const [i, name] of ["G.onnx", "D.onnx", "E.onnx"].entries())
    assert.match(lines[i + 1]!, new RegExp(`${name} \\(\\d+ bytes, sha256 [0-9a-f]{64}\\)$`));
  const gOnly = await run(exportOnnx, `--gan ${PKL} --out ${join(dir, "g-only")} --generator G`);
  assert.match(gOnly.lines[0]!, /^Exported G \(noise const\), D into /);
  assert.deepEqual(readdirSync(join(dir, "g-only")).sort(), ["D.onnx", "G.onnx"]);
});
