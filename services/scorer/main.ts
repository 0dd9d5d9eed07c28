// The scorer service: serves health and the job methods; its stage's operations arrive with that stage.
import { serveStage } from "@dermanomaly/runtime";

await serveStage("scorer", () => ({}));
