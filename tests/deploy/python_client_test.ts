// An independent client: Python's grpcio (Debian python3-grpcio), with stubs it builds from proto/ at test time
// (python3-grpc-tools), calls a stage over mutual TLS, reads its health and follows a job to its end.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { startNatsServer } from "@dermanomaly/testing";
import { encodePng } from "../../libs/imaging/mod.ts";
import { ROOT } from "./_code.ts";
import { makeCertificates, startServiceProcess } from "./_service.ts";

const PYTHON = "/usr/bin/python3";

/** Why the Python side cannot run here, or undefined when grpcio and grpc_tools import. */
function pythonMissing(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import grpc, grpc_tools.protoc"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  if (r.status !== 0) {
    return `${PYTHON} lacks grpcio or grpc_tools: install python3-grpcio and python3-grpc-tools (scripts/setup.sh does)`;
  }
  return undefined;
}

/** grpc.health.v1's proto as grpc-health-check ships it (the one the services serve). */
function healthProtoDir(): string {
  const require = createRequire(join(ROOT, "libs", "client", "package.json"));
  return join(dirname(require.resolve("grpc-health-check/package.json")), "proto");
}

test("Python grpcio calls a stage over mutual TLS with stubs built from proto/, reads its health and follows a job", async (t) => {
  const missing = pythonMissing();
  // A workstation without them skips, saying what to install; CI (which runs scripts/setup.sh) must have them.
  if (missing !== undefined && process.env["CI"] !== undefined) assert.fail(missing);
  if (missing !== undefined) {
    t.skip(missing);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "dermanomaly-python-"));
  const certs = makeCertificates();
  const nats = await startNatsServer();
  try {
    // Stubs from the contracts. Debian's grpc_tools (1.14) predates proto3 `optional`, which some stages' contracts
    // use, so it builds the ones this client needs: the preprocess stage, its common messages and health.
    const stubs = join(dir, "stubs");
    mkdirSync(stubs);
    execFileSync(PYTHON, [
      "-m",
      "grpc_tools.protoc",
      `-I${join(ROOT, "proto")}`,
      `-I${healthProtoDir()}`,
      `--python_out=${stubs}`,
      `--grpc_python_out=${stubs}`,
      "dermanomaly/v1/common.proto",
      "dermanomaly/v1/preprocess.proto",
      "health/v1/health.proto",
    ]);

    const images = join(dir, "photos", "NEV");
    mkdirSync(images, { recursive: true });
    for (let i = 0; i < 3; i++) {
      const data = new Uint8Array(48 * 40 * 3).map((_, j) => (j * (i + 3)) % 256);
      writeFileSync(join(images, `lesion_${i}.png`), await encodePng({ data, width: 48, height: 40 }));
    }

    const service = await startServiceProcess("preprocess", {
      natsUrl: nats.url,
      env: {
        DERMANOMALY_GRPC_TLS_CERT: certs.serviceCert,
        DERMANOMALY_GRPC_TLS_KEY: certs.serviceKey,
        DERMANOMALY_GRPC_TLS_CLIENT_CA: certs.ca,
      },
    });
    try {
      const dest = join(dir, "dataset.zip");
      const r = spawnSync(
        PYTHON,
        [
          join(import.meta.dirname, "python_client.py"),
          stubs,
          service.address,
          certs.ca,
          certs.clientCert,
          certs.clientKey,
          join(dir, "photos"),
          dest,
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
      assert.equal(r.status, 0, `python client failed:\n${r.stderr}\n${service.output()}`);
      const seen = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
      assert.equal(seen["health:"], "SERVING");
      assert.equal(seen["health:dermanomaly.v1.PreprocessService"], "SERVING");
      assert.equal(seen["missing_job"], "NOT_FOUND");
      assert.equal(seen["job_service"], "preprocess");
      assert.equal(seen["final_state"], "JOB_STATE_SUCCEEDED");
      assert.equal(seen["done"], 3);
      assert.ok(
        (seen["outputs"] as string[]).some((uri) => uri.endsWith(".zip")),
        JSON.stringify(seen),
      );

      // Without its certificate the same client is refused.
      const refused = spawnSync(
        PYTHON,
        [
          "-c",
          [
            "import grpc, sys",
            `creds = grpc.ssl_channel_credentials(root_certificates=open(${JSON.stringify(certs.ca)}, 'rb').read())`,
            `ch = grpc.secure_channel(${JSON.stringify(service.address)}, creds)`,
            "try:",
            "    grpc.channel_ready_future(ch).result(timeout=5)",
            "    print('CONNECTED')",
            "except grpc.FutureTimeoutError:",
            "    print('REFUSED')",
          ].join("\n"),
        ],
        { encoding: "utf8", timeout: 30_000 },
      );
      assert.equal(refused.stdout.trim(), "REFUSED", refused.stderr);
    } finally {
      await service.stop();
    }
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(certs.dir, { recursive: true, force: true });
  }
});
