// Test helpers: fixtures/run (made by fixtures/make_fixture.ts) read as the report's inputs.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Latents, readLatents } from "@dermanomaly/evaluation";
import { parseCsv } from "@dermanomaly/evaluation/internal";
import type { ReportSheet } from "./build_report.ts";
import type { ReportImageSet } from "./types.ts";

/** The fixture run folder. */
export const FIXTURE_RUN = join(import.meta.dirname, "fixtures", "run");

/** A score sheet of the fixture, read from its CSV (`score,label,image_name`). */
export async function fixtureSheet(tag: string): Promise<ReportSheet> {
  const rows = parseCsv(await readFile(join(FIXTURE_RUN, "scores", `${tag}.csv`), "utf8")).slice(1);
  return {
    tag,
    scores: rows.map((r) => Number(r[0])),
    labels: rows.map((r) => Number(r[1])),
    imageNames: rows.map((r) => r[2] as string),
    method: tag.split("_")[0] as string,
  };
}

/** The fixture's reconstruction set, from its index `reconstruction_set.csv`. */
export async function fixtureSet(): Promise<ReportImageSet> {
  const dir = join(FIXTURE_RUN, "set");
  const rows = parseCsv(await readFile(join(dir, "reconstruction_set.csv"), "utf8")).slice(1);
  return {
    dir,
    images: rows.map(([imageName, className, label, input, reconstruction, residual]) => ({
      imageName: imageName as string,
      className: className as string,
      label: Number(label),
      input: input as string,
      reconstruction: reconstruction as string,
      residual: residual as string,
    })),
  };
}

/** The fixture's latents. */
export function fixtureLatents(): Promise<Latents> {
  return readLatents(join(FIXTURE_RUN, "set", "latent_vectors.csv"));
}
