import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICES, type ServiceName } from "@dermanomaly/contracts";
import type { Command } from "../cli.ts";
import { configuredEndpoints, stackSpecs } from "../endpoints.ts";
import { checkHealth } from "../health.ts";
import { runsDir, startLocalStack } from "../stack.ts";

// `up` records its endpoints here so that `status` in another shell finds the stack without exports.
const stackFile = () => join(runsDir(), "stack.json");

function runningStackEndpoints(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(stackFile(), "utf8")).endpoints as Record<string, string>;
  } catch {
    return {};
  }
}

export const up: Command = {
  path: ["up"],
  // Its run folder stays whole: it is the stack's data, started again with --run-dir.
  summary: "Start nats-server and every service locally; print their endpoints; stop all on Ctrl-C",
  usage: "[--run-dir DIR] [--nats-url URL]",
  options: { "run-dir": { type: "string" }, "nats-url": { type: "string" } },
  async run(values) {
    const stack = await startLocalStack(stackSpecs(), {
      ...(typeof values["run-dir"] === "string" ? { runDir: values["run-dir"] } : {}),
      ...(typeof values["nats-url"] === "string" ? { natsUrl: values["nats-url"] } : {}),
    });
    console.log(`NATS          ${stack.natsUrl}`);
    console.log(`Run folder    ${stack.runDir} (artifacts/, logs/)`);
    for (const s of stack.services)
      console.log(`${s.name.padEnd(16)}${s.address.padEnd(18)}${s.health}  ${s.metricsUrl}`);
    console.log("\nIn another shell, to use this stack:");
    for (const [k, v] of Object.entries(stack.endpoints)) console.log(`  export ${k}=${v}`);
    mkdirSync(runsDir(), { recursive: true });
    writeFileSync(
      stackFile(),
      JSON.stringify({ pid: process.pid, natsUrl: stack.natsUrl, endpoints: stack.endpoints }),
    );
    console.log("\nPress Ctrl-C to stop.");
    const signal = new Promise<string>((resolve) => {
      process.once("SIGINT", () => resolve("SIGINT"));
      process.once("SIGTERM", () => resolve("SIGTERM"));
    });
    const why = await Promise.race([
      signal,
      stack.crashed.then((c) => `service ${c.name} exited (${c.code})`),
    ]);
    console.log(`\nStopping (${why})...`);
    rmSync(stackFile(), { force: true });
    await stack.stop();
    return why.startsWith("service") ? 1 : 0;
  },
};

export const status: Command = {
  path: ["status"],
  summary:
    "List each service (configured endpoints, else the running `up` stack, else default ports) with its health " +
    "(NOT_SERVING: a stage not built yet); exits 1 when one does not answer",
  usage: "[--json]",
  options: { json: { type: "boolean" } },
  async run(values) {
    const configured = configuredEndpoints();
    const local = runningStackEndpoints();
    const rows = await Promise.all(
      (Object.keys(SERVICES) as ServiceName[]).map(async (name) => {
        const address =
          configured[name] ?? local[SERVICES[name].endpointEnv] ?? `127.0.0.1:${SERVICES[name].port}`;
        const service = SERVICES[name].serviceName;
        return { name, address, health: await checkHealth(address, { service, timeoutMs: 1500 }) };
      }),
    );
    if (values["json"]) console.log(JSON.stringify(rows, null, 2));
    else for (const r of rows) console.log(`${r.name.padEnd(16)}${r.address.padEnd(22)}${r.health}`);
    // NOT_SERVING answers (a stage not built yet, one warming up); only a service that does not answer fails.
    return rows.every((r) => r.health === "SERVING" || r.health === "NOT_SERVING") ? 0 : 1;
  },
};
