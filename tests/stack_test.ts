import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { checkHealth, type LocalStack, stackSpecs, startLocalStack } from "@dermanomaly/client";
import { Code, createClient, SERVICE_NAMES, SERVICES } from "@dermanomaly/contracts";

const root = join(import.meta.dirname, "..");
let stack: LocalStack;

before(async () => {
  stack = await startLocalStack(stackSpecs(), { runDir: join(root, ".runs", `test-stack-${process.pid}`) });
});
after(async () => {
  await stack?.stop();
});

test("the local stack starts all seven services against a real nats-server, each serving its stage", async () => {
  assert.deepEqual(
    stack.services.map((s) => s.name),
    SERVICE_NAMES.map((n) => SERVICES[n].name),
  );
  for (const s of stack.services) {
    const expected = "SERVING";
    // The process's overall health and the stage service's own.
    assert.equal(await checkHealth(s.address), "SERVING", s.name);
    assert.equal(
      await checkHealth(s.address, { service: SERVICES[s.name as keyof typeof SERVICES].serviceName }),
      expected,
      s.name,
    );
    assert.equal(s.health, expected, s.name);
  }
  assert.match(stack.natsUrl, /^nats:\/\/127\.0\.0\.1:\d+$/);
});

test("`dermanomaly status` reports each configured service's own health", () => {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "libs/client/main.ts"), "status", "--json"],
    {
      cwd: root,
      env: { ...process.env, ...stack.endpoints },
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { name: string; address: string; health: string }[];
  assert.equal(rows.length, 7);
  for (const row of rows) {
    assert.equal(row.health, "SERVING", row.name);
    assert.equal(row.address, stack.endpoints[SERVICES[row.name as keyof typeof SERVICES].endpointEnv]);
  }
});

test("`dermanomaly status` exits non-zero when a service is unreachable", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "libs/client/main.ts"), "status"], {
    cwd: root,
    env: { ...process.env, ...stack.endpoints, DERMANOMALY_SCORER_ENDPOINT: "127.0.0.1:1" },
    encoding: "utf8",
  });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /scorer\s+127\.0\.0\.1:1\s+UNREACHABLE/);
});

test("a stage answers a request without its inputs with INVALID_ARGUMENT naming the field", async () => {
  const address = stack.services.find((s) => s.name === "scorer")!.address;
  const client = createClient("scorer", address);
  const err = await new Promise<{ code: number; details: string }>((resolve) =>
    client.StartScoring({}, (e) => resolve(e as unknown as { code: number; details: string })),
  );
  client.close();
  assert.equal(err.code, Code.INVALID_ARGUMENT);
  assert.match(err.details, /^reconstruction is required/);
});
