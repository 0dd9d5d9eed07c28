// The scorer service process.
import { serveStage } from "@dermanomaly/runtime";
import { scorerHandlers } from "./mod.ts";

await serveStage("scorer", scorerHandlers);
