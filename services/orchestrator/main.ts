// The orchestrator service process.
import { serveStage } from "@dermanomaly/runtime";
import { ORCHESTRATOR_CONFIG, orchestratorHandlers } from "./mod.ts";

await serveStage("orchestrator", orchestratorHandlers, { config: ORCHESTRATOR_CONFIG });
