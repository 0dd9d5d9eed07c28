// RFC 4180 CSV for the set's small index files. Written by hand: the format needs only quoting of fields that hold
// a comma, a quote or a line break, and no CSV package is a dependency of this library.

/** One field, quoted when it holds a comma, a double quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One line (with its `\n`). */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

/**
 * Parses CSV text into rows of fields: quoted fields may hold commas, doubled quotes and line breaks; a final line
 * break does not start a row; `\r\n` and `\n` both end lines.
 *
 * @throws {SyntaxError} for a quote inside an unquoted field or an unterminated quoted field
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new SyntaxError(`Unterminated quoted field in line ${rows.length + 1}`);
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        throw new SyntaxError(`Text after a closing quote in line ${rows.length + 1}`);
      }
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") j++;
      field = text.slice(i, j);
      if (field.includes('"'))
        throw new SyntaxError(`Quote inside an unquoted field in line ${rows.length + 1}`);
      i = j;
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    const c = text[i];
    i++;
    if (c === ",") continue;
    if (c === "\r" && text[i] === "\n") i++;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
}

/**
 * The shortest decimal text that reads back (through float32) as the same float32 value, so a CSV of float32
 * values round-trips exactly without the noise digits of the float64 representation (0.1f prints as `0.1`).
 */
export function formatFloat32(value: number): string {
  const v = Math.fround(value);
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  for (let p = 1; p < 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(Number(v.toPrecision(9)));
}
