// The files `score-photos --out DIR` writes: a CSV of every photo's scores and decision, and its images.
import { mkdir, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { ScoredPhoto__Output } from "@dermanomaly/contracts";

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string | number | boolean | undefined | null): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The file stem of a photo's images: its position (names may repeat across folders) and its name. */
export function photoStem(r: Pick<ScoredPhoto__Output, "index" | "name">): string {
  const name = r.name.slice(0, r.name.length - extname(r.name).length).replace(/[^\w.-]+/g, "_");
  return `${String(r.index).padStart(5, "0")}_${name}`;
}

/**
 * Writes `scores.csv` (one row per photo, in order: index, name, decision, error, then each score's raw value and,
 * when calibrated, its normalised value, threshold and decision) and each scored photo's `prepared/`,
 * `reconstruction/` and `residual/` PNGs into `dir`.
 */
export async function writePhotoResults(results: readonly ScoredPhoto__Output[], dir: string): Promise<void> {
  const tags = results.find((r) => r.error === "")?.scores.map((s) => s.tag) ?? [];
  const header = ["index", "name", "anomalous", "error"];
  for (const tag of tags) header.push(tag, `${tag}_normalised`, `${tag}_threshold`, `${tag}_anomalous`);
  const rows = [header.map(field).join(",")];
  for (const r of results) {
    const row: (string | number | boolean | undefined | null)[] = [r.index, r.name, r.anomalous, r.error];
    for (const tag of tags) {
      const s = r.scores.find((x) => x.tag === tag);
      row.push(s?.raw, s?.normalised, s?.threshold, s?.anomalous);
    }
    rows.push(row.map(field).join(","));
  }
  const folders = { prepared: "prepared", reconstruction: "reconstruction", residual: "residual" } as const;
  for (const f of Object.values(folders)) await mkdir(join(dir, f), { recursive: true });
  await writeFile(join(dir, "scores.csv"), `${rows.join("\n")}\n`);
  for (const r of results) {
    if (r.error !== "") continue;
    const stem = photoStem(r);
    for (const [key, folder] of Object.entries(folders) as [keyof typeof folders, string][])
      await writeFile(join(dir, folder, `${stem}.png`), r[key]);
  }
}
