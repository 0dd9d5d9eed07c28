// The gan-trainer service process.
import { serveStage } from "@dermanomaly/runtime";
import { ganTrainerHandlers } from "./mod.ts";

await serveStage("gan-trainer", ganTrainerHandlers);
