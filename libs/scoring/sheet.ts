import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { csvField, parseCsv } from "@dermanomaly/evaluation/internal";
import ExcelJS from "exceljs";

/** The rows of a score sheet, as written. */
export interface ScoreSheetData {
  /** Raw scores. */
  readonly scores: ArrayLike<number>;
  /** 0 normal, 1 anomalous. */
  readonly labels: ArrayLike<number>;
  /** Image names, one per row. */
  readonly imageNames: readonly string[];
  /** The `meta` tab: method, metric, alpha, kappa, lineage, ... (strings). */
  readonly meta: Readonly<Record<string, string>>;
}

/** Options for {@linkcode writeScoreSheet}. */
export interface WriteScoreSheetOptions {
  /**
   * Write the same rows as CSV beside the workbook (`<name>.csv`).
   * @default true
   */
  readonly csv?: boolean;
}

/** Files written by {@linkcode writeScoreSheet}. */
export interface WrittenSheet {
  readonly xlsx: string;
  readonly csv?: string;
}

/**
 * Writes a score sheet as the original's notebooks read it: an `.xlsx` workbook whose first tab `scores` has the
 * columns `score`, `label`, `image_name` (score and label first), and a `meta` tab of `key`, `value` rows; and, by
 * default, `<name>.csv` beside it with the same three columns; the folder is created if missing. Both are written
 * under temporary names and renamed once complete, so a failure leaves no half-written sheet.
 *
 * @throws {RangeError} when `path` does not end in `.xlsx`, the columns differ in length, a score is not finite or
 *   a label is not 0 or 1.
 */
export async function writeScoreSheet(
  sheet: ScoreSheetData,
  path: string,
  options: WriteScoreSheetOptions = {},
): Promise<WrittenSheet> {
  if (extname(path).toLowerCase() !== ".xlsx")
    throw new RangeError(`Score sheet path must end in '.xlsx', got '${path}'`);
  const n = sheet.scores.length;
  if (sheet.labels.length !== n || sheet.imageNames.length !== n) {
    throw new RangeError(
      `Scores, labels and image names must have the same length, got '${n}', '${sheet.labels.length}' and '${sheet.imageNames.length}'`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sheet.scores[i]))
      throw new RangeError(`Score ${i} must be a finite number, got '${sheet.scores[i]}'`);
    if (sheet.labels[i] !== 0 && sheet.labels[i] !== 1)
      throw new RangeError(`Label ${i} must be 0 or 1, got '${sheet.labels[i]}'`);
  }
  const workbook = new ExcelJS.Workbook();
  const scores = workbook.addWorksheet("scores");
  scores.addRow(["score", "label", "image_name"]);
  for (let i = 0; i < n; i++) scores.addRow([sheet.scores[i], sheet.labels[i], sheet.imageNames[i]]);
  const meta = workbook.addWorksheet("meta");
  meta.addRow(["key", "value"]);
  for (const [k, v] of Object.entries(sheet.meta)) meta.addRow([k, v]);

  const suffix = `.${randomBytes(6).toString("hex")}.tmp`;
  const tmpXlsx = join(dirname(path), `.${basename(path)}${suffix}`);
  const csvPath = options.csv === false ? undefined : path.slice(0, -extname(path).length) + ".csv";
  const tmpCsv = csvPath === undefined ? undefined : join(dirname(csvPath), `.${basename(csvPath)}${suffix}`);
  await mkdir(dirname(path), { recursive: true });
  try {
    await workbook.xlsx.writeFile(tmpXlsx);
    if (tmpCsv !== undefined) {
      const lines = ["score,label,image_name"];
      for (let i = 0; i < n; i++)
        lines.push(`${sheet.scores[i]},${sheet.labels[i]},${csvField(sheet.imageNames[i] as string)}`);
      await writeFile(tmpCsv, `${lines.join("\n")}\n`);
    }
    await rename(tmpXlsx, path);
    if (tmpCsv !== undefined && csvPath !== undefined) {
      try {
        await rename(tmpCsv, csvPath);
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }
    }
  } finally {
    await rm(tmpXlsx, { force: true });
    if (tmpCsv !== undefined) await rm(tmpCsv, { force: true });
  }
  return csvPath === undefined ? { xlsx: path } : { xlsx: path, csv: csvPath };
}

/** A sheet read back by {@linkcode readScoreSheet}. */
export interface ReadScoreSheet {
  /** The file read. */
  readonly file: string;
  /** Its file name without extension, made safe for file names (letters, digits, `.`, `-`, `_`). */
  readonly tag: string;
  readonly scores: Float64Array;
  readonly labels: Uint8Array;
  /** The `image_name` column, or null when the sheet has none (the original's sheets). */
  readonly imageNames: readonly string[] | null;
  /** The `meta` tab (empty for CSV files and the original's sheets). */
  readonly meta: Readonly<Record<string, string>>;
}

/** Options for {@linkcode readScoreSheet}. */
export interface ReadScoreSheetOptions {
  /**
   * Which labels the sheet must hold: `both` (0 and 1, for an evaluation) or `normal` (only 0, for a calibration on
   * held-out normal images).
   * @default "both"
   */
  readonly classes?: "both" | "normal";
}

const COLUMNS = ["score", "label", "image_name"] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Reads a score sheet: an `.xlsx` (the `scores` tab, else the first) or a `.csv`, with columns `score` and `label`
 * and optionally `image_name`, in any order. An unnamed first column (the index pandas' `to_excel` / `to_csv`
 * write) is ignored, so the original's files read too.
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT, naming the file, column and row, for another
 *   extension, an unreadable file, an unknown, repeated or missing column, a missing or non-numeric score (NaN
 *   included), a label other than 0 and 1, no rows, or labels that do not fit `classes`.
 */
export async function readScoreSheet(
  path: string,
  options: ReadScoreSheetOptions = {},
): Promise<ReadScoreSheet> {
  const classes = options.classes ?? "both";
  const ext = extname(path).toLowerCase();
  const where = `Score sheet '${path}'`;
  const invalid = (message: string, cause?: unknown) =>
    new StatusError(Code.INVALID_ARGUMENT, `${where}${message}`, cause === undefined ? undefined : { cause });
  if (ext !== ".xlsx" && ext !== ".csv") throw invalid(": must be an .xlsx or .csv file");
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new StatusError(Code.NOT_FOUND, `${where} does not exist`);

  let table: Table;
  let meta: Record<string, string> = {};
  if (ext === ".csv") {
    let rows: string[][];
    try {
      rows = parseCsv(await readFile(path, "utf8"));
    } catch (err) {
      throw invalid(`: ${(err as Error).message}`, err);
    }
    table = {
      sheetName: null,
      header: rows[0] ?? [],
      rows: rows.slice(1).map((r, k) => ({ row: k + 2, cells: r })),
    };
  } else {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.readFile(path);
    } catch (err) {
      throw invalid(": is not a readable .xlsx workbook", err);
    }
    const worksheet = workbook.getWorksheet("scores") ?? workbook.worksheets[0];
    if (worksheet === undefined) throw invalid(": the workbook has no sheet");
    table = worksheetTable(worksheet);
    const metaSheet = workbook.getWorksheet("meta");
    if (metaSheet !== undefined) meta = metaTable(metaSheet);
  }
  const sheetWhere = table.sheetName === null ? "" : `, sheet '${table.sheetName}'`;

  // Columns by name; an unnamed first column is the pandas index.
  const at = new Map<Column, number>();
  table.header.forEach((raw, c) => {
    const name = raw.trim();
    if (name === "" && c === 0) return;
    if (name === "") throw invalid(`${sheetWhere}: column ${c + 1} has no name`);
    const known = COLUMNS.find((k) => k === name.toLowerCase());
    if (known === undefined) {
      throw invalid(
        `${sheetWhere}: unknown column '${name}' (expected score, label and optionally image_name)`,
      );
    }
    if (at.has(known)) throw invalid(`${sheetWhere}: column '${known}' appears twice`);
    at.set(known, c);
  });
  for (const required of ["score", "label"] as const) {
    if (!at.has(required)) throw invalid(`${sheetWhere}: it has no '${required}' column`);
  }
  // Values under no header are a column the sheet does not name.
  for (const { row, cells } of table.rows) {
    if (cells.length > table.header.length && cells.slice(table.header.length).some((v) => v.trim() !== "")) {
      throw invalid(
        `${sheetWhere}, row ${row}: ${cells.length} values but ${table.header.length} named columns (a column without a name)`,
      );
    }
  }
  // Trailing empty rows (spreadsheets keep formatted ones) are not rows.
  let rows = table.rows;
  while (rows.length > 0 && (rows.at(-1) as TableRow).cells.every((v) => v.trim() === ""))
    rows = rows.slice(0, -1);
  if (rows.length === 0) throw invalid(`${sheetWhere}: it has no rows`);

  const n = rows.length;
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  const names: string[] | null = at.has("image_name") ? [] : null;
  const cellError = (column: Column, row: number, message: string) =>
    invalid(`${sheetWhere}, column '${column}', row ${row}: ${message}`);
  rows.forEach(({ row, cells }, k) => {
    const scoreText = (cells[at.get("score") as number] ?? "").trim();
    if (scoreText === "") throw cellError("score", row, "the score is missing");
    const score = Number(scoreText);
    if (!Number.isFinite(score)) throw cellError("score", row, `'${scoreText}' is not a finite number`);
    scores[k] = score;
    const labelText = (cells[at.get("label") as number] ?? "").trim();
    if (labelText === "") throw cellError("label", row, "the label is missing");
    const label = Number(labelText);
    if (label !== 0 && label !== 1)
      throw cellError("label", row, `'${labelText}' is not 0 (normal) or 1 (anomalous)`);
    labels[k] = label;
    if (names !== null) {
      const name = (cells[at.get("image_name") as number] ?? "").trim();
      if (name === "") throw cellError("image_name", row, "the image name is missing");
      names.push(name);
    }
  });
  const anomalous = labels.reduce((a, b) => a + b, 0);
  if (classes === "both" && (anomalous === 0 || anomalous === n)) {
    const only = anomalous === 0 ? "0 (normal)" : "1 (anomalous)";
    throw invalid(
      `${sheetWhere}, column 'label': all ${n} rows are ${only}; an evaluation needs both classes`,
    );
  }
  if (classes === "normal" && anomalous > 0) {
    const first = rows[labels.indexOf(1)]?.row;
    throw invalid(
      `${sheetWhere}, column 'label', row ${first}: label 1 (anomalous); a calibration is fitted on held-out normal images only (label 0)`,
    );
  }
  return { file: path, tag: tagOf(path), scores, labels, imageNames: names, meta };
}

/** A sheet's file name without its extension, as a tag: characters other than letters, digits, `.`, `-`, `_` become `_`. */
export function tagOf(path: string): string {
  const stem = basename(path, extname(path))
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^\.+/, "");
  return stem === "" ? "sheet" : stem;
}

interface TableRow {
  /** Row number as the user sees it (the header is row 1). */
  readonly row: number;
  readonly cells: readonly string[];
}

interface Table {
  readonly sheetName: string | null;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

function worksheetTable(worksheet: ExcelJS.Worksheet): Table {
  const text = (row: ExcelJS.Row, c: number) => cellText(row.getCell(c).value);
  const headerRow = worksheet.getRow(1);
  const width = Math.max(headerRow.cellCount, worksheet.columnCount);
  const header = Array.from({ length: width }, (_, c) => text(headerRow, c + 1));
  while (header.length > 0 && header.at(-1) === "") header.pop();
  const rows: TableRow[] = [];
  for (let r = 2; r <= worksheet.rowCount; r++) {
    const row = worksheet.getRow(r);
    const width = Math.max(header.length, row.cellCount);
    const cells = Array.from({ length: width }, (_, c) => text(row, c + 1));
    while (cells.length > header.length && cells.at(-1) === "") cells.pop();
    rows.push({ row: r, cells });
  }
  return { sheetName: worksheet.name, header, rows };
}

function metaTable(worksheet: ExcelJS.Worksheet): Record<string, string> {
  const meta: Record<string, string> = {};
  for (let r = 2; r <= worksheet.rowCount; r++) {
    const row = worksheet.getRow(r);
    const key = cellText(row.getCell(1).value).trim();
    if (key !== "") meta[key] = cellText(row.getCell(2).value);
  }
  return meta;
}

// A cell as text: numbers in full precision, formulas by their result, rich text joined; Excel errors as '#N/A'...
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString();
  if ("error" in value) return String(value.error);
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  return "";
}
