// A process with two SleeperServices for the SIGTERM test: configured from the environment, logs JSON lines to
// stdout. The second one ("idle") shows that the process waits for every service before it exits.
import { setTimeout as sleep } from "node:timers/promises";
import { packageDefinition, sleeperService } from "../_test_sleeper.ts";
import { loadServiceConfig } from "../config.ts";
import { startService, unimplemented } from "../server.ts";
import type { CallContext } from "../types.ts";

const svc = await startService({
  name: "sleeper",
  packageDefinition,
  service: sleeperService,
  config: loadServiceConfig(),
  onShutdown: [() => svc.log.info("Saving state")],
  handlers: {
    async Sleep(req: { ms: number }, ctx: CallContext) {
      await sleep(req.ms, undefined, { signal: ctx.signal });
      return { sleptMs: req.ms };
    },
    ...unimplemented("SleeperService", ["StartSleep", "Fail", "Ticks", "Later", "Watch", "Cancel", "GetJob"]),
  },
});
svc.ready();

const idle = await startService({
  name: "idle",
  packageDefinition,
  service: sleeperService,
  config: loadServiceConfig(),
  onShutdown: [() => sleep(800).then(() => idle.log.info("Slow hook done"))],
  handlers: unimplemented("SleeperService", Object.keys(sleeperService)),
});
idle.ready();
