/**
 * Test and local-stack helpers: a real nats-server with JetStream on a free loopback port, and a check that a
 * package loads none of a family of modules.
 *
 * @example
 * ```ts
 * import { startNatsServer } from "@dermanomaly/testing";
 * const nats = await startNatsServer();
 * await nats.stop();
 * ```
 *
 * @module
 */
export * from "./nats_server.ts";
export * from "./no_module.ts";
