import assert from "node:assert/strict";
import { test } from "node:test";
import { createServiceMetrics, startMetricsServer } from "./metrics.ts";

test("the jobs gauge reports the tracked counts at each scrape", async () => {
  const metrics = createServiceMetrics("svc", { defaultMetrics: false });
  let running = 2;
  metrics.trackJobs(() => [
    { kind: "train", state: "JOB_STATE_RUNNING", count: running },
    { kind: "train", state: "JOB_STATE_SUCCEEDED", count: 5 },
  ]);
  let text = await metrics.registry.metrics();
  assert.match(text, /dermanomaly_jobs\{kind="train",state="JOB_STATE_RUNNING",service="svc"\} 2/);
  assert.match(text, /dermanomaly_jobs\{kind="train",state="JOB_STATE_SUCCEEDED",service="svc"\} 5/);
  running = 0;
  text = await metrics.registry.metrics();
  assert.match(text, /dermanomaly_jobs\{kind="train",state="JOB_STATE_RUNNING",service="svc"\} 0/);
  assert.doesNotMatch(text, /process_cpu_seconds_total/);
});

test("startMetricsServer() serves /metrics and /healthz and answers 404 elsewhere", async () => {
  const metrics = createServiceMetrics("svc");
  metrics.handled.inc({ grpc_service: "s", grpc_method: "M", grpc_code: "OK" });
  let healthy = false;
  const server = await startMetricsServer(metrics.registry, {
    host: "127.0.0.1",
    port: 0,
    healthy: () => healthy,
  });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    const text = await res.text();
    assert.match(
      text,
      /grpc_server_handled_total\{grpc_service="s",grpc_method="M",grpc_code="OK",service="svc"\} 1/,
    );
    assert.match(text, /process_cpu_seconds_total/);
    assert.equal((await fetch(`${base}/healthz`)).status, 503);
    healthy = true;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    await server.close();
  }
});
