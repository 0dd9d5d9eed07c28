import assert from "node:assert/strict";
import { test } from "node:test";
import { csvLine, formatFloat32, parseCsv } from "./_csv.ts";

test("csvLine() quotes commas, quotes and line breaks, and parseCsv() reads them back", () => {
  const rows = [
    ["plain", "a,b", 'say "hi"', "two\nlines", ""],
    ["x", "", "", "", "\r"],
  ];
  const text = rows.map(csvLine).join("");
  assert.equal(text.split("\n")[0], 'plain,"a,b","say ""hi""","two');
  assert.deepEqual(parseCsv(text), rows);
});

test("parseCsv() accepts CRLF and a missing final line break, and rejects stray quotes", () => {
  assert.deepEqual(parseCsv("a,b\r\nc,d"), [
    ["a", "b"],
    ["c", "d"],
  ]);
  assert.deepEqual(parseCsv(""), []);
  assert.throws(() => parseCsv('a"b,c\n'), SyntaxError);
  assert.throws(() => parseCsv('"abc\n'), SyntaxError);
  assert.throws(() => parseCsv('"a"b,c\n'), SyntaxError);
});

test("formatFloat32() prints the shortest text that reads back as the same float32", () => {
  assert.equal(formatFloat32(0.1), "0.1");
  assert.equal(formatFloat32(Math.fround(0.1)), "0.1");
  assert.equal(formatFloat32(-0), "-0");
  assert.equal(formatFloat32(1e-30), "1e-30");
  let s = 12345;
  for (let i = 0; i < 2000; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const v = Math.fround((s / 2 ** 32 - 0.5) * 10 ** ((s % 20) - 10));
    const text = formatFloat32(v);
    assert.equal(Math.fround(Number(text)), v, text);
    assert.ok(text.replace(/^-|e.*$|\./g, "").replace(/^0+/, "").length <= 9, text);
  }
});
