import assert from "node:assert/strict";
import { test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import type { JobRef__Output } from "./gen/dermanomaly/v1/JobRef.ts";
import type { PreprocessServiceHandlers } from "./gen/dermanomaly/v1/PreprocessService.ts";
import type { Progress, Progress__Output } from "./gen/dermanomaly/v1/Progress.ts";
import {
  createClient,
  JOB_METHODS,
  type JobServiceClient,
  type JobServiceHandlers,
  loadProto,
  loadServiceDefinition,
  SERVICE_NAMES,
  SERVICES,
  type ServiceClients,
  type ServiceImplementations,
  type ServiceName,
  serviceEndpoint,
} from "./services.ts";

/** Short name of a proto-loader message type definition (its descriptor's `name`). */
function messageName(definition: { type: object }): string {
  return (definition.type as { name: string }).name;
}

test("every service has Watch, Cancel and GetJob on JobRef with the shared response types", () => {
  assert.equal(SERVICE_NAMES.length, 7);
  for (const name of SERVICE_NAMES) {
    const def = loadServiceDefinition(name);
    for (const method of JOB_METHODS) assert.ok(method in def, `${name}.${method}`);
    assert.equal(messageName(def.Watch.requestType), "JobRef", name);
    assert.equal(messageName(def.Watch.responseType), "Progress", name);
    assert.equal(def.Watch.responseStream, true, name);
    assert.equal(def.Watch.requestStream, false, name);
    assert.equal(messageName(def.Cancel.requestType), "JobRef", name);
    assert.equal(messageName(def.Cancel.responseType), "CancelResponse", name);
    assert.equal(messageName(def.GetJob.requestType), "JobRef", name);
    assert.equal(messageName(def.GetJob.responseType), "Progress", name);
    assert.equal(def.GetJob.path, `/${SERVICES[name].serviceName}/GetJob`);
  }
});

test("SERVICES names, ports and endpoint variables are consistent and unique", () => {
  const ports = SERVICE_NAMES.map((n) => SERVICES[n].port);
  const envs = SERVICE_NAMES.map((n) => SERVICES[n].endpointEnv);
  assert.equal(new Set(ports).size, 7);
  assert.equal(new Set(envs).size, 7);
  for (const name of SERVICE_NAMES) {
    const entry = SERVICES[name];
    assert.equal(entry.name, name);
    assert.equal(entry.endpointEnv, `DERMANOMALY_${name.toUpperCase().replaceAll("-", "_")}_ENDPOINT`);
    assert.match(entry.serviceName, /^dermanomaly\.v1\.[A-Z][A-Za-z]+Service$/);
    const ctor = (
      loadProto().dermanomaly.v1 as unknown as Record<string, { service?: grpc.ServiceDefinition }>
    )[entry.serviceName.slice("dermanomaly.v1.".length)];
    assert.equal(ctor?.service?.["GetJob"]?.path, `/${entry.serviceName}/GetJob`);
  }
});

test("loadServiceDefinition() and createClient() reject an unknown service name", () => {
  assert.throws(() => loadServiceDefinition("nope" as ServiceName), TypeError);
  assert.throws(() => createClient("nope" as ServiceName, "127.0.0.1:1"), TypeError);
  assert.throws(() => createClient("scorer", ""), TypeError);
  assert.throws(() => createClient("scorer", "127.0.0.1:1", { maxReceiveMessageBytes: 1.5 }), RangeError);
});

test("serviceEndpoint() prefers the service's environment variable, else the default port", () => {
  const env = { DERMANOMALY_SCORER_ENDPOINT: "scorer.svc:9000", DERMANOMALY_REPORTER_ENDPOINT: " " };
  assert.equal(serviceEndpoint("scorer", { env }), "scorer.svc:9000");
  assert.equal(serviceEndpoint("reporter", { env }), "127.0.0.1:50056");
  assert.equal(serviceEndpoint("gan-trainer", { env: {}, host: "localhost" }), "localhost:50052");
});

/** A preprocess server whose GetJob/Watch answer from `progress`, on a loopback port. */
async function startServer(
  progress: (job: JobRef__Output) => Progress,
): Promise<{ address: string; server: grpc.Server }> {
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: "Not implemented" });
  const handlers: PreprocessServiceHandlers = {
    GetJob: (call, callback) => callback(null, progress(call.request)),
    Watch: (call) => {
      for (const seq of [1, 2, 3]) call.write({ ...progress(call.request), seq });
      call.end();
    },
    Cancel: unimplemented,
    StartPrepareDataset: unimplemented,
  };
  const server = new grpc.Server({ "grpc.max_send_message_length": -1 });
  server.addService(loadServiceDefinition("preprocess"), handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, server };
}

test("a typed client calls GetJob and Watch on a loopback server and gets typed results", async (t) => {
  const { address, server } = await startServer((job) => ({
    job,
    state: "JOB_STATE_RUNNING",
    done: 2 ** 40,
    unit: "images",
    metrics: { written: 12 },
  }));
  t.after(() => server.forceShutdown());
  const client = createClient("preprocess", address);
  t.after(() => client.close());

  const progress = await new Promise<Progress__Output>((resolve, reject) =>
    client.getJob({ id: "p1", service: "preprocess" }, (err, value) => (err ? reject(err) : resolve(value!))),
  );
  assert.equal(progress.state, "JOB_STATE_RUNNING");
  assert.equal(progress.done, 2 ** 40);
  assert.equal(progress.total, 0);
  assert.deepEqual(progress.job, { id: "p1", service: "preprocess" });
  assert.equal(progress.metrics["written"], 12);

  // The generic job view of the same client streams progress reports in order.
  const jobs: JobServiceClient = client;
  const seqs: number[] = [];
  for await (const report of jobs.watch({
    id: "p2",
    service: "preprocess",
  }) as AsyncIterable<Progress__Output>) {
    seqs.push(report.seq);
    assert.equal(report.job?.id, "p2");
  }
  assert.deepEqual(seqs, [1, 2, 3]);
});

test("createClient() applies maxReceiveMessageBytes: a larger reply fails with RESOURCE_EXHAUSTED", async (t) => {
  const big = "x".repeat(200_000);
  const { address, server } = await startServer((job) => ({ job, message: big }));
  t.after(() => server.forceShutdown());
  const small = createClient("preprocess", address, { maxReceiveMessageBytes: 100_000 });
  const large = createClient("preprocess", address, { maxReceiveMessageBytes: 1_000_000 });
  t.after(() => {
    small.close();
    large.close();
  });
  const call = (client: typeof small) =>
    new Promise<Progress__Output>((resolve, reject) =>
      client.getJob({ id: "p3", service: "preprocess" }, (err, value) =>
        err ? reject(err) : resolve(value!),
      ),
    );
  await assert.rejects(call(small), (err: grpc.ServiceError) => err.code === grpc.status.RESOURCE_EXHAUSTED);
  assert.equal((await call(large)).message.length, big.length);
});

test("every generated client and handler table fits the generic job types (checked by the compiler)", () => {
  type FitsJobTypes = {
    [N in ServiceName]: ServiceClients[N] extends JobServiceClient
      ? ServiceImplementations[N] extends JobServiceHandlers
        ? true
        : false
      : false;
  };
  const fits: FitsJobTypes = {
    preprocess: true,
    "gan-trainer": true,
    "encoder-trainer": true,
    reconstructor: true,
    scorer: true,
    reporter: true,
    orchestrator: true,
  };
  assert.deepEqual(Object.keys(fits).sort(), [...SERVICE_NAMES].sort());
});
