import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import ExcelJS from "exceljs";
import { readScoreSheet, tagOf, writeScoreSheet } from "./sheet.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "sheet-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sheet = {
  scores: [0.1234567890123456, 2.5e-7, 3, 0.75],
  labels: [0, 1, 0, 1],
  imageNames: ["ISIC_1.jpg", "a,b.jpg", 'q"x.png', "d.png"],
  meta: { method: "izif", alpha: "0.5", kappa: "1", lineage: '{"source":"x"}' },
};

const invalid = (pattern: RegExp) => (e: unknown) =>
  isStatusError(e) && e.code === 3 && pattern.test(e.message);

test("writeScoreSheet() writes scores and meta tabs and a CSV that readScoreSheet() reads back exactly", async () => {
  await withDir(async (dir) => {
    const written = await writeScoreSheet(sheet, join(dir, "izif_a0.5.xlsx"));
    assert.deepEqual(written, { xlsx: join(dir, "izif_a0.5.xlsx"), csv: join(dir, "izif_a0.5.csv") });
    for (const file of [written.xlsx, written.csv as string]) {
      const back = await readScoreSheet(file);
      assert.deepEqual([...back.scores], sheet.scores);
      assert.deepEqual([...back.labels], sheet.labels);
      assert.deepEqual(back.imageNames, sheet.imageNames);
      assert.equal(back.tag, "izif_a0.5");
    }
    assert.deepEqual((await readScoreSheet(written.xlsx)).meta, sheet.meta);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(written.xlsx);
    assert.deepEqual(
      workbook.worksheets.map((w) => w.name),
      ["scores", "meta"],
    );
    const header = workbook.worksheets[0]?.getRow(1);
    assert.deepEqual(
      [1, 2, 3].map((c) => header?.getCell(c).value),
      ["score", "label", "image_name"],
    );
    assert.equal((await readFile(written.csv as string, "utf8")).split("\n")[0], "score,label,image_name");
    assert.deepEqual((await readdir(dir)).sort(), ["izif_a0.5.csv", "izif_a0.5.xlsx"]);
  });
});

test("readScoreSheet() reads the original's sheets: pandas' unnamed index column, 'Sheet1', no image_name", async () => {
  await withDir(async (dir) => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("Sheet1");
    ws.addRow([null, "score", "label"]);
    ws.addRow([0, 0.5, 0]);
    ws.addRow([1, 0.9, 1]);
    ws.addRow([2, { formula: "0.2+0.1", result: 0.30000000000000004 }, 0]);
    await workbook.xlsx.writeFile(join(dir, "pd05.xlsx"));
    const back = await readScoreSheet(join(dir, "pd05.xlsx"));
    assert.deepEqual([...back.scores], [0.5, 0.9, 0.30000000000000004]);
    assert.deepEqual([...back.labels], [0, 1, 0]);
    assert.equal(back.imageNames, null);
    await writeFile(join(dir, "pd.csv"), ",score,label\n0,0.5,0\n1,0.9,1.0\n");
    assert.deepEqual([...(await readScoreSheet(join(dir, "pd.csv"))).labels], [0, 1]);
  });
});

test("readScoreSheet() names the file, column and row of what is wrong, as INVALID_ARGUMENT", async () => {
  await withDir(async (dir) => {
    const cases: [string, string, RegExp][] = [
      [
        "one.csv",
        "score,label\n0.1,0\n0.2,0\n",
        /one\.csv', column 'label': all 2 rows are 0 \(normal\); an evaluation needs both classes/,
      ],
      [
        "nan.csv",
        "score,label\n0.1,0\nNaN,1\n",
        /nan\.csv', column 'score', row 3: 'NaN' is not a finite number/,
      ],
      ["missing.csv", "score,label\n0.1,0\n,1\n", /column 'score', row 3: the score is missing/],
      [
        "label.csv",
        "score,label\n0.1,0\n0.3,2\n",
        /column 'label', row 3: '2' is not 0 \(normal\) or 1 \(anomalous\)/,
      ],
      ["unknown.csv", "score,label,colour\n0.1,0,red\n", /unknown column 'colour'/],
      ["twice.csv", "score,label,score\n0.1,0,1\n", /column 'score' appears twice/],
      ["nolabel.csv", "score\n0.1\n", /it has no 'label' column/],
      ["empty.csv", "score,label\n", /it has no rows/],
      ["quote.csv", 'score,label\n"0.1,0\n', /never closed/],
      [
        "extra.csv",
        "score,label\n0.1,0\n0.2,1,7\n",
        /row 3: 3 values but 2 named columns \(a column without a name\)/,
      ],
    ];
    for (const [name, text, pattern] of cases) {
      await writeFile(join(dir, name), text);
      await assert.rejects(readScoreSheet(join(dir, name)), invalid(pattern), name);
    }
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("scores");
    ws.addRow(["score", "label"]);
    ws.addRow([0.1, 0]);
    ws.addRow([{ error: "#N/A" }, 1]);
    await workbook.xlsx.writeFile(join(dir, "err.xlsx"));
    await assert.rejects(
      readScoreSheet(join(dir, "err.xlsx")),
      invalid(/sheet 'scores', column 'score', row 3: '#N\/A'/),
    );
    const unnamed = new ExcelJS.Workbook();
    const us = unnamed.addWorksheet("scores");
    us.addRow(["score", "label"]);
    us.addRow([0.1, 0, "stray"]);
    await unnamed.xlsx.writeFile(join(dir, "unnamed.xlsx"));
    await assert.rejects(
      readScoreSheet(join(dir, "unnamed.xlsx")),
      invalid(/sheet 'scores', row 2: 3 values but 2 named columns/),
    );
    await writeFile(join(dir, "bad.xlsx"), "not a zip");
    await assert.rejects(readScoreSheet(join(dir, "bad.xlsx")), invalid(/not a readable \.xlsx workbook/));
    await assert.rejects(readScoreSheet(join(dir, "a.txt")), invalid(/must be an \.xlsx or \.csv file/));
    await assert.rejects(readScoreSheet(join(dir, "absent.csv")), (e) => isStatusError(e) && e.code === 5);
    await writeFile(join(dir, "mixed.csv"), "score,label\n0.1,0\n0.2,1\n");
    await assert.rejects(
      readScoreSheet(join(dir, "mixed.csv"), { classes: "normal" }),
      invalid(
        /column 'label', row 3: label 1 \(anomalous\); a calibration is fitted on held-out normal images only/,
      ),
    );
  });
});

test("writeScoreSheet() leaves nothing behind when it cannot finish, and refuses bad rows before writing", async () => {
  await withDir(async (dir) => {
    // The CSV's name is taken by a folder: the rename fails and the workbook written just before is removed.
    await mkdir(join(dir, "s.csv"));
    await writeFile(join(dir, "s.csv", "x"), "");
    await assert.rejects(writeScoreSheet(sheet, join(dir, "s.xlsx")));
    assert.deepEqual((await readdir(dir)).sort(), ["s.csv"]);
    await assert.rejects(
      writeScoreSheet({ ...sheet, scores: [Number.NaN, 1, 2, 3] }, join(dir, "t.xlsx")),
      /Score 0 must be a finite number/,
    );
    await assert.rejects(writeScoreSheet(sheet, join(dir, "t.csv")), /must end in '.xlsx'/);
    assert.equal(existsSync(join(dir, "t.xlsx")), false);
  });
});

test("tagOf() makes a file name safe for plot names", () => {
  assert.equal(tagOf("/x/scores (1).xlsx"), "scores__1_");
  assert.equal(tagOf("izif_a0.5.csv"), "izif_a0.5");
  assert.equal(tagOf("/x/..hidden.csv"), "hidden");
});
