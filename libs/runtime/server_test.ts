import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { Code, StatusError } from "@dermanomaly/contracts";
import { freePort } from "@dermanomaly/testing";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import {
  connectClient,
  healthCheck,
  packageDefinition,
  sleep,
  sleeperService,
  testConfig,
} from "./_testing.ts";
import type { ServiceConfig } from "./config.ts";
import { type RunningService, type StartServiceOptions, startService, unimplemented } from "./server.ts";
import type { AsyncHandlers, CallContext, ServiceHandlers } from "./types.ts";

interface SleepRequest {
  ms: number;
  steps: number;
}

/** Handlers of the non-job methods; `seen` records the signal of each Sleep call. */
function sleeperHandlers(seen: AbortSignal[] = []): ServiceHandlers {
  return {
    async Sleep(req: SleepRequest, ctx: CallContext) {
      seen.push(ctx.signal);
      await sleep(req.ms, ctx.signal);
      return { sleptMs: req.ms };
    },
    Fail(req: { code: number; message: string }) {
      if (req.code !== 0) throw new StatusError(req.code as Code, req.message);
      throw new Error(req.message);
    },
    async *Ticks(req: SleepRequest, ctx: CallContext) {
      for (let i = 1; i <= req.steps; i++) {
        await sleep(req.ms, ctx.signal);
        yield { sleptMs: i * req.ms };
      }
    },
    async *Echo(requests: AsyncIterable<SleepRequest>) {
      const all: number[] = [];
      for await (const req of requests) all.push(req.ms);
      for (const ms of all) {
        await sleep(1);
        yield { sleptMs: ms };
      }
    },
    ...unimplemented("SleeperService", ["StartSleep", "Watch", "Cancel", "GetJob", "Later"]),
  };
}

async function start(
  overrides: Partial<ServiceConfig> = {},
  extra: Partial<StartServiceOptions> = {},
  seen: AbortSignal[] = [],
): Promise<RunningService> {
  return startService({
    name: "sleeper",
    packageDefinition,
    service: sleeperService,
    handlers: sleeperHandlers(seen),
    config: testConfig(overrides),
    handleSignals: false,
    ...extra,
  });
}

function codeOf(err: unknown): number | undefined {
  return (err as grpc.ServiceError).code;
}

test("health reports NOT_SERVING before ready() and SERVING after, for '' and the service name", async () => {
  const svc = await start();
  try {
    assert.equal(await healthCheck(svc.address, ""), "NOT_SERVING");
    assert.equal(await healthCheck(svc.address, "dermanomaly.test.SleeperService"), "NOT_SERVING");
    svc.ready();
    assert.equal(await healthCheck(svc.address, ""), "SERVING");
    assert.equal(await healthCheck(svc.address, "dermanomaly.test.SleeperService"), "SERVING");
  } finally {
    await svc.stop();
  }
});

test("health turns SERVING when the startup hook resolves", async () => {
  let finishStartup!: () => void;
  const svc = await start(
    {},
    {
      startup: () =>
        new Promise<void>((resolve) => {
          finishStartup = resolve;
        }),
    },
  );
  try {
    assert.equal(await healthCheck(svc.address, ""), "NOT_SERVING");
    finishStartup();
    await sleep(20);
    assert.equal(svc.serving, true);
    assert.equal(await healthCheck(svc.address, ""), "SERVING");
  } finally {
    await svc.stop();
  }
});

test("server reflection lists the service", async () => {
  const svc = await start();
  const reflectionProto = join(
    dirname(createRequire(import.meta.url).resolve("@grpc/reflection")),
    "../proto/grpc/reflection/v1/reflection.proto",
  );
  const def = loadSync(reflectionProto, { keepCase: true });
  const Reflection = grpc.makeGenericClientConstructor(
    def["grpc.reflection.v1.ServerReflection"] as grpc.ServiceDefinition,
    "ServerReflection",
  );
  const client = new Reflection(svc.address, grpc.credentials.createInsecure()) as unknown as {
    ServerReflectionInfo(): grpc.ClientDuplexStream<
      unknown,
      { list_services_response?: { service: { name: string }[] } }
    >;
    close(): void;
  };
  try {
    const call = client.ServerReflectionInfo();
    const reply = new Promise<string[]>((resolve, reject) => {
      call.once("data", (res: { list_services_response?: { service: { name: string }[] } }) =>
        resolve(res.list_services_response?.service.map((s) => s.name) ?? []),
      );
      call.once("error", reject);
    });
    call.write({ list_services: "" });
    const names = await reply;
    call.end();
    assert.ok(names.includes("dermanomaly.test.SleeperService"), `listed: ${names.join(", ")}`);
  } finally {
    client.close();
    await svc.stop();
  }
});

test("a StatusError thrown by a handler reaches the client with its code and message", async () => {
  const svc = await start();
  const client = connectClient(svc.address);
  try {
    await assert.rejects(client.unary("Fail", { code: Code.NOT_FOUND, message: 'No model "x"' }), (err) => {
      assert.equal(codeOf(err), Code.NOT_FOUND);
      assert.equal((err as grpc.ServiceError).details, 'No model "x"');
      return true;
    });
    await assert.rejects(client.unary("Fail", { code: 0, message: "boom" }), (err) => {
      assert.equal(codeOf(err), Code.INTERNAL);
      assert.match((err as grpc.ServiceError).details, /boom/);
      return true;
    });
  } finally {
    client.close();
    await svc.stop();
  }
});

test("unimplemented() answers UNIMPLEMENTED naming the method", async () => {
  const svc = await start();
  const client = connectClient(svc.address);
  try {
    await assert.rejects(client.unary("Later", {}), (err) => {
      assert.equal(codeOf(err), Code.UNIMPLEMENTED);
      assert.equal(
        (err as grpc.ServiceError).details,
        "SleeperService.Later is not available in this version",
      );
      return true;
    });
  } finally {
    client.close();
    await svc.stop();
  }
});

test("startService() refuses handlers that do not match the service's methods", async () => {
  const handlers = sleeperHandlers();
  delete handlers["Sleep"];
  delete handlers["Ticks"];
  handlers["Snooze"] = () => ({});
  await assert.rejects(
    start({}, { handlers }),
    (err) =>
      err instanceof TypeError &&
      /no handler for "Sleep", "Ticks"/.test(err.message) &&
      /unknown methods "Snooze"/.test(err.message),
  );
});

test("an expired deadline gives DEADLINE_EXCEEDED and aborts the handler's signal", async () => {
  const seen: AbortSignal[] = [];
  const svc = await start({}, {}, seen);
  const client = connectClient(svc.address);
  try {
    await assert.rejects(client.unary("Sleep", { ms: 5000 }, { deadlineMs: 150 }), (err) => {
      assert.equal(codeOf(err), Code.DEADLINE_EXCEEDED);
      return true;
    });
    const signal = seen[0];
    assert.ok(signal);
    await sleep(50);
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as StatusError).code, Code.DEADLINE_EXCEEDED);
  } finally {
    client.close();
    await svc.stop();
  }
});

test("a client cancelling a call aborts the handler's signal with CANCELLED", async () => {
  const seen: AbortSignal[] = [];
  const svc = await start({}, {}, seen);
  const client = connectClient(svc.address);
  try {
    const sleepFn = (client.raw as unknown as Record<string, (...a: unknown[]) => grpc.ClientUnaryCall>)[
      "Sleep"
    ];
    const call = sleepFn?.call(client.raw, { ms: 5000 }, () => undefined);
    while (seen.length === 0) await sleep(5);
    call?.cancel();
    await sleep(50);
    assert.equal(seen[0]?.aborted, true);
    assert.equal((seen[0]?.reason as StatusError).code, Code.CANCELLED);
  } finally {
    client.close();
    await svc.stop();
  }
});

test("a server-streaming handler's values reach the client in order", async () => {
  const svc = await start();
  const client = connectClient(svc.address);
  try {
    const got: number[] = [];
    for await (const msg of client.stream<{ sleptMs: number }>("Ticks", { ms: 1, steps: 4 }))
      got.push(msg.sleptMs);
    assert.deepEqual(got, [1, 2, 3, 4]);
  } finally {
    client.close();
    await svc.stop();
  }
});

test("a bidirectional handler's answers after the client ended its requests all reach the client", async () => {
  const svc = await start();
  const client = connectClient(svc.address);
  try {
    const call = (
      client.raw as unknown as { Echo(): grpc.ClientDuplexStream<SleepRequest, { sleptMs: number }> }
    ).Echo();
    const got: number[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      call.on("data", (m: { sleptMs: number }) => got.push(m.sleptMs));
      call.on("end", resolve);
      call.on("error", reject);
    });
    for (const ms of [3, 1, 2]) call.write({ ms, steps: 0 });
    call.end();
    await ended;
    assert.deepEqual(got, [3, 1, 2]);
  } finally {
    client.close();
    await svc.stop();
  }
});

test("messages over DERMANOMALY_MAX_MESSAGE_BYTES are refused with RESOURCE_EXHAUSTED", async () => {
  const svc = await start({ DERMANOMALY_MAX_MESSAGE_BYTES: 1024 });
  const client = connectClient(svc.address);
  try {
    await assert.rejects(client.unary("Fail", { code: 5, message: "x".repeat(2000) }), (err) => {
      assert.equal(codeOf(err), Code.RESOURCE_EXHAUSTED);
      return true;
    });
    await assert.rejects(client.unary("Fail", { code: 5, message: "small" }), (err) => codeOf(err) === 5);
  } finally {
    client.close();
    await svc.stop();
  }
});

test("stop() lets an in-flight call finish, turns health NOT_SERVING and refuses new calls", async () => {
  const seen: AbortSignal[] = [];
  const svc = await start({}, {}, seen);
  svc.ready();
  const client = connectClient(svc.address);
  try {
    const inFlight = client.unary<{ sleptMs: number }>("Sleep", { ms: 300 });
    while (seen.length === 0) await sleep(5);
    const stopping = svc.stop();
    assert.equal(svc.serving, false);
    assert.deepEqual(await inFlight, { sleptMs: 300 });
    assert.equal(seen[0]?.aborted, false);
    await stopping;
    await assert.rejects(client.unary("Sleep", { ms: 1 }, { deadlineMs: 1000 }), (err) => {
      assert.equal(codeOf(err), Code.UNAVAILABLE);
      return true;
    });
  } finally {
    client.close();
    await svc.stop();
  }
});

test("stop() cancels calls still running when the grace period ends, then runs the shutdown hooks", async () => {
  const seen: AbortSignal[] = [];
  const order: string[] = [];
  const svc = await start(
    { DERMANOMALY_SHUTDOWN_GRACE_MS: 100 },
    { onShutdown: [() => void order.push("hook")] },
    seen,
  );
  const client = connectClient(svc.address);
  try {
    const outcome = assert.rejects(client.unary("Sleep", { ms: 10_000 }), (err) => {
      assert.equal(codeOf(err), Code.UNAVAILABLE);
      assert.match((err as grpc.ServiceError).details, /is shutting down/);
      return true;
    });
    while (seen.length === 0) await sleep(5);
    const t0 = Date.now();
    await svc.stop();
    order.push("stopped");
    assert.ok(Date.now() - t0 < 2000);
    await outcome;
    assert.equal((seen[0]?.reason as StatusError).code, Code.UNAVAILABLE);
    assert.deepEqual(order, ["hook", "stopped"]);
  } finally {
    client.close();
  }
});

test("the metrics endpoint serves the call counter and /healthz follows readiness", async () => {
  const metricsPort = await freePort();
  const svc = await start({ DERMANOMALY_METRICS_PORT: metricsPort });
  const client = connectClient(svc.address);
  try {
    assert.equal(svc.metricsPort, metricsPort);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status, 503);
    svc.ready();
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status, 200);
    await client.unary("Sleep", { ms: 1 });
    await client.unary("Sleep", { ms: 1 });
    await client.unary("Fail", { code: Code.NOT_FOUND, message: "x" }).catch(() => undefined);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(
      text,
      /grpc_server_handled_total\{grpc_service="dermanomaly.test.SleeperService",grpc_method="Sleep",grpc_code="OK",service="sleeper"\} 2/,
    );
    assert.match(text, /grpc_server_handled_total\{[^}]*grpc_method="Fail",grpc_code="NOT_FOUND"[^}]*\} 1/);
    assert.match(text, /grpc_server_handling_seconds_count\{[^}]*grpc_method="Sleep"[^}]*\} 2/);
    assert.match(text, /process_cpu_seconds_total/);
  } finally {
    client.close();
    await svc.stop();
  }
  await assert.rejects(fetch(`http://127.0.0.1:${metricsPort}/metrics`));
});

// Compile-time check of AsyncHandlers against the shape proto-loader-gen-types emits for a service.
interface GeneratedSleeperHandlers extends grpc.UntypedServiceImplementation {
  Sleep: grpc.handleUnaryCall<{ ms: number }, { sleptMs?: number }>;
  Ticks: grpc.handleServerStreamingCall<{ steps: number }, { sleptMs?: number }>;
  Upload: grpc.handleClientStreamingCall<{ chunk: Buffer }, { size?: number }>;
  Chat: grpc.handleBidiStreamingCall<{ text: string }, { reply?: string }>;
}

test("AsyncHandlers<G> maps generated handler types to async handlers of the same messages", () => {
  const handlers: AsyncHandlers<GeneratedSleeperHandlers> = {
    Sleep: async (req) => ({ sleptMs: req.ms }),
    async *Ticks(req) {
      for (let i = 0; i < req.steps; i++) yield { sleptMs: i };
    },
    async Upload(requests) {
      let size = 0;
      for await (const r of requests) size += r.chunk.length;
      return { size };
    },
    async *Chat(requests) {
      for await (const r of requests) yield { reply: r.text };
    },
  };
  // @ts-expect-error a unary handler must answer with the response type
  const wrong: AsyncHandlers<GeneratedSleeperHandlers>["Sleep"] = async () => ({ sleptMs: "x" });
  const wrongRequest: AsyncHandlers<GeneratedSleeperHandlers>["Ticks"] = async function* (req) {
    // @ts-expect-error a streaming handler's request has the request type (no field "nope")
    yield { sleptMs: req.nope };
  };
  assert.deepEqual(Object.keys(handlers), ["Sleep", "Ticks", "Upload", "Chat"]);
  assert.equal(typeof wrong, "function");
  assert.equal(typeof wrongRequest, "function");
});

test("SIGTERM stops every service of the process, draining calls and running hooks, then exits 0", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "fixtures/sleeper_main.ts")],
    {
      env: {
        ...process.env,
        DERMANOMALY_GRPC_HOST: "127.0.0.1",
        DERMANOMALY_GRPC_PORT: "0",
        DERMANOMALY_METRICS_PORT: "0",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const entries: { msg: string; service: string; port?: number }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  createInterface({ input: child.stdout }).on("line", (line) => entries.push(JSON.parse(line)));
  try {
    await until(() => entries.filter((e) => e.msg === "Serving").length === 2);
    const port = entries.find((e) => e.msg === "Started" && e.service === "sleeper")?.port;
    const client = connectClient(`127.0.0.1:${port}`);
    const inFlight = client.unary<{ sleptMs: number }>("Sleep", { ms: 400 });
    await sleep(100);
    child.kill("SIGTERM");
    assert.deepEqual(await inFlight, { sleptMs: 400 });
    client.close();
    assert.equal(await exited, 0);
    const after = (service: string) => entries.filter((e) => e.service === service).map((e) => e.msg);
    const sleeper = after("sleeper");
    assert.deepEqual(sleeper.slice(sleeper.indexOf("Signal received")), [
      "Signal received",
      "Stopping",
      "Saving state",
      "Stopped",
    ]);
    const idle = after("idle");
    assert.deepEqual(idle.slice(idle.indexOf("Signal received")), [
      "Signal received",
      "Stopping",
      "Slow hook done",
      "Stopped",
    ]);
  } finally {
    child.kill("SIGKILL");
  }
});

async function until(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("Condition not met in time");
    await sleep(10);
  }
}
