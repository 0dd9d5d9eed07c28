// The container images: no Docker engine runs here, so the Dockerfiles are read, and the one step that decides what
// an image holds (deploy/docker/closure.sh, run by every Dockerfile) is run for real on a copy of the repository,
// offline from pnpm's store, and the service is started from its output as the image starts it.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { waitForServing } from "@dermanomaly/client";
import { SERVICE_NAMES, SERVICES } from "@dermanomaly/contracts";
import { freePorts, startNatsServer } from "@dermanomaly/testing";
import { ROOT } from "./_code.ts";
import { DEPLOY_DIR, renderKustomization } from "./kustomize.ts";

const KINDS = {
  cpu: "cpu.Dockerfile",
  training: "training.Dockerfile",
  inference: "inference.Dockerfile",
} as const;

interface Stage {
  from: string;
  name: string | undefined;
  lines: string[];
}

/** A Dockerfile's stages (FROM ... AS name, then its instructions, continuation lines joined). */
function stages(file: string): { args: Map<string, string>; stages: Stage[] } {
  const text = readFileSync(join(DEPLOY_DIR, "docker", file), "utf8").replace(/\\\n\s*/g, " ");
  const args = new Map<string, string>();
  const out: Stage[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      out.push({ from: from[1]!, name: from[2], lines: [] });
      continue;
    }
    const arg = /^ARG\s+([A-Z_]+)(?:=(.*))?$/.exec(line);
    if (arg && arg[2] !== undefined && !args.has(arg[1]!)) args.set(arg[1]!, arg[2]);
    out.at(-1)?.lines.push(line);
  }
  return { args, stages: out };
}

function resolveArg(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{?([A-Z_]+)\}?/g, (_, name: string) => args.get(name) ?? `$${name}`);
}

test("each image kind is multi-stage and runs one service's closure as a numeric non-root user", () => {
  const pnpm = (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { packageManager: string }
  ).packageManager.split("@")[1];
  const tsx = /\n {2}tsx@(\d+\.\d+\.\d+):/.exec(readFileSync(join(ROOT, "pnpm-lock.yaml"), "utf8"))?.[1];
  assert.ok(tsx, "the lockfile pins tsx");
  for (const [kind, file] of Object.entries(KINDS)) {
    const { args, stages: all } = stages(file);
    assert.ok(all.length >= 2, `${file}: multi-stage`);
    const build = all.find((s) => s.name === "build");
    const runtime = all.at(-1)!;
    assert.ok(build, `${file}: a build stage`);
    const run = build.lines.filter((l) => l.startsWith("RUN")).join("\n");
    assert.match(run, /deploy\/docker\/closure\.sh "\$\{SERVICE\}" \/out/, `${file}: one service's closure`);
    assert.match(
      run,
      new RegExp(`deploy/docker/native\\.sh /out ${kind}\\b`),
      `${file}: its install-time downloads`,
    );
    // The versions the image installs are the workspace's own.
    assert.equal(args.get("PNPM_VERSION"), pnpm, `${file}: pnpm as packageManager`);
    assert.equal(args.get("TSX_VERSION"), tsx, `${file}: tsx as locked`);
    assert.ok(args.has("NPM_REGISTRY"), `${file}: the npm registry is a build argument (mirrors)`);

    const user = runtime.lines.find((l) => l.startsWith("USER"))?.split(/\s+/)[1];
    assert.match(
      user ?? "",
      /^[1-9]\d*:[1-9]\d*$/,
      `${file}: a numeric non-root user (runAsNonRoot can check it)`,
    );
    assert.ok(
      runtime.lines.some((l) => /^COPY --from=build \/out \/app$/.test(l)),
      `${file}: only the closure goes into the runtime stage`,
    );
    assert.ok(
      !runtime.lines.some((l) => l.startsWith("RUN")),
      `${file}: the runtime stage runs nothing as root`,
    );
    assert.match(
      runtime.lines.find((l) => l.startsWith("ENTRYPOINT")) ?? "",
      /\["node", "--import", "tsx", "main\.ts"\]/,
    );
    // The manifests' user is the image's.
    for (const r of renderKustomization(join(DEPLOY_DIR, "k8s", "base")).filter(
      (x) => x.kind === "Deployment",
    )) {
      const pod = (
        r as unknown as { spec: { template: { spec: { securityContext: Record<string, number> } } } }
      ).spec.template.spec.securityContext;
      assert.equal(
        `${pod["runAsUser"]}:${pod["runAsGroup"]}`,
        user,
        `${r.metadata.name} runs as the image's user`,
      );
    }
  }
});

test("the GPU images pin the CUDA their packages need and name their backend; mirrors are build arguments", () => {
  const training = stages(KINDS.training);
  const trainingBase = resolveArg(training.stages.at(-1)!.from, training.args);
  // tfjs-node-gpu 4.22 (libtensorflow 2.9.1) needs CUDA 11.2 and cuDNN 8.1; with CUDA 12 it runs on the CPU.
  assert.match(trainingBase, /^nvidia\/cuda:11\.2\.\d+-cudnn8-runtime-/);
  assert.ok(training.stages.at(-1)!.lines.some((l) => /DERMANOMALY_TF_BACKEND=tensorflow-gpu/.test(l)));
  for (const arg of [
    "TFJS_NODE_CDN_STORAGE",
    "TFJS_NODE_BASE_URI",
    "TFJS_BINDING_HOST_MIRROR",
    "CUDA_IMAGE",
  ]) {
    assert.ok(training.args.has(arg), `training: ${arg}`);
  }
  const inference = stages(KINDS.inference);
  const inferenceBase = resolveArg(inference.stages.at(-1)!.from, inference.args);
  // onnxruntime-node's CUDA provider needs CUDA 12 and cuDNN 9 (the unnumbered cudnn tags of CUDA >= 12.3).
  assert.match(inferenceBase, /^nvidia\/cuda:12\.([3-9]|\d\d)\.\d+-cudnn-runtime-/);
  assert.ok(inference.stages.at(-1)!.lines.some((l) => /DERMANOMALY_ORT_PROVIDER=cuda/.test(l)));
  for (const arg of ["ORT_CUDA_NUPKG_URL", "CUDA_IMAGE"])
    assert.ok(inference.args.has(arg), `inference: ${arg}`);
  const cpu = stages(KINDS.cpu);
  assert.match(resolveArg(cpu.stages.at(-1)!.from, cpu.args), /^node:20-slim$/);
  // The GPU packages' install scripts are the downloads: they run at build, never when a pod starts.
  assert.match(
    readFileSync(join(DEPLOY_DIR, "docker", "native.sh"), "utf8"),
    /ONNXRUNTIME_NODE_INSTALL=cuda12/,
  );
});

test("the image names of the manifests are the services' (one image per service and kind)", () => {
  const imageOf = (overlay: string) =>
    new Map(
      renderKustomization(join(DEPLOY_DIR, "k8s", ...(overlay === "base" ? ["base"] : ["overlays", overlay])))
        .filter((r) => r.kind === "Deployment")
        .map((r) => [
          r.metadata.name,
          (r as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec
            .template.spec.containers[0]!.image,
        ]),
    );
  const base = imageOf("base");
  const gpu = imageOf("gpu");
  for (const name of SERVICE_NAMES) {
    assert.match(base.get(name)!, new RegExp(`^dermanomaly/${name}:`));
    const suffix = name === "reconstructor" ? "-cuda12" : name.endsWith("-trainer") ? "-cuda11" : "";
    assert.match(gpu.get(name)!, new RegExp(`^dermanomaly/${name}${suffix}:`));
  }
});

test("closure.sh writes one service's production closure, and the service starts from it as in its image", async () => {
  const work = mkdtempSync(join(tmpdir(), "dermanomaly-image-"));
  const nats = await startNatsServer();
  try {
    // The build context: the working tree's files (what `COPY . .` takes, the .dockerignore'd ones aside).
    const src = join(work, "src");
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\0")
      .filter((f) => f !== "" && existsSync(join(ROOT, f)));
    execFileSync("mkdir", ["-p", src]);
    execFileSync("tar", ["-cf", join(work, "src.tar"), "--null", "-T", "-"], {
      cwd: ROOT,
      input: files.join("\0"),
    });
    execFileSync("tar", ["-xf", join(work, "src.tar"), "-C", src]);

    const out = join(work, "app");
    const tsx = realpathSync(join(ROOT, "node_modules", "tsx"));
    const r = spawnSync("bash", [join(src, "deploy", "docker", "closure.sh"), "preprocess", out, tsx], {
      cwd: src,
      encoding: "utf8",
      env: { ...process.env, PNPM_FLAGS: "--offline", ONNXRUNTIME_NODE_INSTALL: "skip" },
      timeout: 240_000,
    });
    assert.equal(r.status, 0, `closure.sh failed:\n${r.stdout}\n${r.stderr}`);

    const workspace = readdirSync(join(out, "node_modules", "@dermanomaly")).sort();
    assert.deepEqual(workspace, ["artifacts", "contracts", "dataset", "events", "imaging", "runtime"]);
    assert.ok(
      !existsSync(join(out, "node_modules", ".pnpm", "node_modules", "@tensorflow")),
      "no TF.js in preprocess",
    );
    assert.ok(
      !readdirSync(join(out, "node_modules", ".pnpm")).some((d) => d.startsWith("typescript@")),
      "no dev tools",
    );
    assert.equal(
      lstatSync(realpathSync(join(out, "node_modules", "@dermanomaly", "runtime"))).isDirectory(),
      true,
    );
    const proto = join(
      realpathSync(join(out, "node_modules", "@dermanomaly", "contracts")),
      "..",
      "..",
      "proto",
    );
    assert.ok(existsSync(join(proto, "dermanomaly", "v1", "preprocess.proto")), "the contracts find proto/");
    assert.equal(
      readdirSync(out).some((f) => f.endsWith("_test.ts")),
      false,
      "no tests in the image",
    );

    // Started as the image's ENTRYPOINT starts it (node --import tsx main.ts, in the folder), outside the repository.
    const [port, healthPort] = (await freePorts(2)) as [number, number];
    const child = (await import("node:child_process")).spawn(
      process.execPath,
      ["--import", "tsx", "main.ts"],
      {
        cwd: out,
        stdio: "ignore",
        env: {
          PATH: process.env["PATH"] ?? "",
          HOME: work,
          DERMANOMALY_GRPC_HOST: "127.0.0.1",
          DERMANOMALY_GRPC_PORT: String(port),
          DERMANOMALY_GRPC_HEALTH_PORT: String(healthPort),
          DERMANOMALY_METRICS_PORT: "0",
          DERMANOMALY_NATS_URL: nats.url,
          DERMANOMALY_ARTIFACTS: `file://${join(work, "artifacts")}`,
          DERMANOMALY_WORK_DIR: join(work, "scratch"),
        },
      },
    );
    try {
      const status = await waitForServing(`127.0.0.1:${healthPort}`, {
        service: SERVICES.preprocess.serviceName,
        totalTimeoutMs: 60_000,
        env: {},
      });
      assert.equal(status, "SERVING");
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  } finally {
    await nats.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
