// The preprocess service process.
import { serveStage } from "@dermanomaly/runtime";
import { preprocessHandlers } from "./mod.ts";

await serveStage("preprocess", preprocessHandlers);
