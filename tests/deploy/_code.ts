// What the code declares that the deployment must agree with: each service's configuration schema (the common
// variables, the stage kit's, and its own, as its main.ts passes them to serveStage), the variables its libraries
// read, which services call which, and the reconstructor's work queue. Read from the code itself, so the manifests'
// tests cannot drift from it.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { SERVICE_NAMES, SERVICES, type ServiceName } from "@dermanomaly/contracts";
import { type ConfigSchema, SERVICE_CONFIG, STAGE_CONFIG } from "../../libs/runtime/mod.ts";

/** The repository's root folder. */
export const ROOT: string = join(import.meta.dirname, "..", "..");

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Every workspace package (libs/* and services/*) by name, with its folder. */
function workspacePackages(): Map<string, { dir: string; json: PackageJson }> {
  const out = new Map<string, { dir: string; json: PackageJson }>();
  for (const group of ["libs", "services"]) {
    for (const entry of readdirSync(join(ROOT, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(ROOT, group, entry.name);
      try {
        const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
        out.set(json.name, { dir, json });
      } catch {
        // a folder without package.json is no package
      }
    }
  }
  return out;
}

/** The workspace packages a service runs with (production and optional dependencies, transitively). */
export function workspaceClosure(service: ServiceName): Set<string> {
  const packages = workspacePackages();
  const start = [...packages.values()].find((p) => relative(ROOT, p.dir) === join("services", service));
  if (start === undefined) throw new Error(`No package in services/${service}`);
  const seen = new Set<string>();
  const queue = [start.json.name];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const json = packages.get(name)?.json;
    if (json === undefined) continue;
    for (const dep of Object.keys({ ...json.dependencies, ...json.optionalDependencies })) {
      if (packages.has(dep)) queue.push(dep);
    }
  }
  return seen;
}

/**
 * Variables libraries read from the environment themselves (not through a service's schema), by the package that
 * reads them: the TF.js backend of the trainers and ONNX Runtime's execution provider.
 */
async function libraryVariables(): Promise<Map<string, string[]>> {
  const tf = await import("../../libs/tf/backend.ts");
  const onnx = await import("../../libs/onnx/session.ts");
  return new Map([
    ["@dermanomaly/tf", [tf.BACKEND_ENV, tf.THREADS_ENV, tf.NATIVE_ENV]],
    ["@dermanomaly/onnx", [onnx.PROVIDER_ENV]],
  ]);
}

/** The schema a service validates at start: SERVICE_CONFIG, STAGE_CONFIG and what its main.ts passes as `config`. */
export async function serviceSchema(service: ServiceName): Promise<ConfigSchema> {
  const main = readFileSync(join(ROOT, "services", service, "main.ts"), "utf8");
  if (!/serveStage\(\s*"([a-z-]+)"/.test(main) || /serveStage\(\s*"([a-z-]+)"/.exec(main)?.[1] !== service) {
    throw new Error(`services/${service}/main.ts does not serve "${service}" with serveStage`);
  }
  const passed = /config:\s*([A-Z][A-Z0-9_]*)/.exec(main)?.[1];
  let own: ConfigSchema = {};
  if (passed !== undefined) {
    const mod = (await import(join(ROOT, "services", service, "mod.ts"))) as Record<string, unknown>;
    const schema = mod[passed];
    if (typeof schema !== "object" || schema === null) {
      throw new Error(`services/${service}/main.ts passes ${passed}, which its mod.ts does not export`);
    }
    own = schema as ConfigSchema;
  } else if (/config:/.test(main)) {
    throw new Error(`services/${service}/main.ts passes a config that is not an exported *_CONFIG constant`);
  }
  return { ...SERVICE_CONFIG, ...STAGE_CONFIG, ...own };
}

/** Every variable a service reads: its schema's, its libraries', and the endpoints of the services it may call. */
export async function knownVariables(
  service: ServiceName,
): Promise<{ schema: ConfigSchema; known: Set<string> }> {
  const schema = await serviceSchema(service);
  const known = new Set(Object.keys(schema));
  const closure = workspaceClosure(service);
  for (const [pkg, names] of await libraryVariables()) {
    if (closure.has(pkg)) for (const n of names) known.add(n);
  }
  // serviceEndpoint() (contracts) reads DERMANOMALY_<SERVICE>_ENDPOINT for any service a stage calls.
  for (const name of SERVICE_NAMES) known.add(SERVICES[name].endpointEnv);
  return { schema, known };
}

/** Source files of a service (tests and node_modules excluded). */
function sources(service: ServiceName): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(path);
      else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
        out.push({ path, text: readFileSync(path, "utf8") });
      }
    }
  };
  walk(join(ROOT, "services", service));
  return out;
}

/**
 * Which services each service calls over gRPC, from its code: `createClient("<service>", ...)`. A service that
 * creates clients by a variable name (the orchestrator, which calls every stage) calls every other service.
 */
export function callGraph(): Map<ServiceName, Set<ServiceName>> {
  const graph = new Map<ServiceName, Set<ServiceName>>();
  for (const service of SERVICE_NAMES) {
    const calls = new Set<ServiceName>();
    for (const { text } of sources(service)) {
      for (const m of text.matchAll(/createClient\(\s*("([a-z-]+)"|[A-Za-z_$][\w$]*)/g)) {
        if (m[2] !== undefined) calls.add(m[2] as ServiceName);
        else for (const other of SERVICE_NAMES) if (other !== service) calls.add(other);
      }
    }
    calls.delete(service);
    graph.set(service, calls);
  }
  return graph;
}

/** The reconstructor's work queue: stream, subject and durable consumer, as its code declares them. */
export async function reconstructorWorkQueue(): Promise<{
  stream: string;
  subject: string;
  durable: string;
}> {
  const mod = (await import(join(ROOT, "services", "reconstructor", "mod.ts"))) as Record<string, unknown>;
  const stream = mod["WORK_STREAM"];
  const subject = mod["WORK_SUBJECT"];
  if (typeof stream !== "string" || typeof subject !== "string") {
    throw new Error(
      "services/reconstructor no longer exports WORK_STREAM and WORK_SUBJECT: update this check",
    );
  }
  // workQueue() shares one durable consumer named after the stream unless the code names another.
  const text = sources("reconstructor")
    .map((s) => s.text)
    .join("\n");
  const call = /workQueue\(([\s\S]*?)\n\s*\}\);/.exec(text)?.[1] ?? "";
  const durable = /durable:\s*"([^"]+)"/.exec(call)?.[1] ?? stream;
  return { stream, subject, durable };
}
