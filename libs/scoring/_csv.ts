// CSV for score sheets (RFC 4180). Kept here because scoring depends on no package that has one to share.

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows of fields of CSV text: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF; a leading
 * byte-order mark is dropped and a final line break makes no empty row.
 *
 * @throws {SyntaxError} for a quote never closed or text after a closing quote, naming the line.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let line = 1;
  let quoted = false;
  let started = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch !== '"') {
        if (ch === "\n") line++;
        field += ch;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new SyntaxError(`Text after a closing quote on line ${line}`);
        }
      }
    } else if (ch === '"' && !started) {
      quoted = true;
      started = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      started = false;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      started = false;
      line++;
    } else {
      field += ch;
      started = true;
    }
  }
  if (quoted) throw new SyntaxError(`Quote opened on or before line ${line} is never closed`);
  if (started || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
