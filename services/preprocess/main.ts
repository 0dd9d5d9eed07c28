// The preprocess service process.
import { serveStage } from "@dermanomaly/runtime";
import { PREPROCESS_CONFIG, preprocessHandlers } from "./mod.ts";

await serveStage("preprocess", preprocessHandlers, { config: PREPROCESS_CONFIG });
