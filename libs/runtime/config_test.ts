import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bool,
  ConfigError,
  defineConfig,
  int,
  loadServiceConfig,
  oneOf,
  port,
  SERVICE_CONFIG,
  str,
  url,
} from "./config.ts";

test("loadServiceConfig() fills every common variable from its default", () => {
  const config = loadServiceConfig({});
  assert.equal(config.DERMANOMALY_GRPC_PORT, 50051);
  assert.equal(config.DERMANOMALY_GRPC_HOST, "0.0.0.0");
  assert.equal(config.DERMANOMALY_LOG_LEVEL, "info");
  assert.equal(config.DERMANOMALY_NATS_URL, "nats://127.0.0.1:4222");
});

test("defineConfig().load() converts set variables to their types", () => {
  const spec = defineConfig({
    ...SERVICE_CONFIG,
    WORKERS: int({ min: 1 }),
    VERBOSE: bool({ default: false }),
    MODE: oneOf(["fast", "exact"], { default: "exact" }),
  });
  const config = spec.load({
    DERMANOMALY_GRPC_PORT: "0",
    DERMANOMALY_METRICS_PORT: " 9100 ",
    DERMANOMALY_NATS_URL: "nats://a:4222,nats://b:4222",
    DERMANOMALY_LOG_LEVEL: "debug",
    WORKERS: "3",
    VERBOSE: "Yes",
    MODE: "fast",
  });
  assert.equal(config.DERMANOMALY_GRPC_PORT, 0);
  assert.equal(config.DERMANOMALY_METRICS_PORT, 9100);
  assert.equal(config.DERMANOMALY_NATS_URL, "nats://a:4222,nats://b:4222");
  assert.equal(config.DERMANOMALY_LOG_LEVEL, "debug");
  assert.equal(config.WORKERS, 3);
  assert.equal(config.VERBOSE, true);
  assert.equal(config.MODE, "fast");
});

test("defineConfig().load() throws one error naming every bad or missing variable", () => {
  const spec = defineConfig({
    ...SERVICE_CONFIG,
    DERMANOMALY_MODEL: str(),
    WORKERS: int({ min: 1, max: 8 }),
  });
  const env = {
    DERMANOMALY_GRPC_PORT: "abc",
    DERMANOMALY_METRICS_PORT: "70000",
    DERMANOMALY_NATS_URL: "http://x:4222",
    DERMANOMALY_LOG_LEVEL: "loud",
    WORKERS: "2.5",
  };
  assert.throws(
    () => spec.load(env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(
        err.problems.map((p) => p.name),
        [
          "DERMANOMALY_GRPC_PORT",
          "DERMANOMALY_METRICS_PORT",
          "DERMANOMALY_NATS_URL",
          "DERMANOMALY_LOG_LEVEL",
          "DERMANOMALY_MODEL",
          "WORKERS",
        ],
      );
      assert.match(err.message, /^Invalid configuration \(6 problems\):/);
      assert.match(err.message, /DERMANOMALY_GRPC_PORT must be an integer 0-65535, got "abc"/);
      assert.match(err.message, /DERMANOMALY_METRICS_PORT must be an integer 0-65535, got "70000"/);
      assert.match(
        err.message,
        /DERMANOMALY_NATS_URL must be a URL \(nats:\/\/, tls:\/\/\), got "http:\/\/x:4222"/,
      );
      assert.match(
        err.message,
        /DERMANOMALY_LOG_LEVEL must be one of "debug", "info", "warn", "error", "silent"/,
      );
      assert.match(err.message, /DERMANOMALY_MODEL is required: expected text/);
      assert.match(err.message, /WORKERS must be an integer 1-8, got "2.5"/);
      return true;
    },
  );
});

test("defineConfig() treats an empty variable as unset", () => {
  const spec = defineConfig({ P: port({ default: 7 }), Q: url() });
  assert.equal(spec.load({ P: "", Q: "nats://h:1" }).P, 7);
  assert.throws(() => spec.load({ P: "1", Q: "  " }), /Q is required: expected an absolute URL/);
});

test("describe() lists each variable with what it expects and its default", () => {
  const text = defineConfig({ A: port({ default: 1, description: "The port" }), B: str() }).describe();
  assert.equal(text, "A: an integer 0-65535 (default 1). The port\nB: text (required)");
});
