/**
 * The `dermanomaly` command-line client and the local stack launcher: nats-server plus every service as its own
 * process, for a laptop or a test.
 *
 * @example
 * ```ts
 * import { stackSpecs, startLocalStack } from "@dermanomaly/client";
 * const stack = await startLocalStack(stackSpecs(["preprocess"]));
 * console.log(stack.endpoints);
 * await stack.stop();
 * ```
 *
 * @module
 */
export * from "./cli.ts";
export * from "./endpoints.ts";
export * from "./health.ts";
export * from "./progress.ts";
export * from "./stack.ts";
