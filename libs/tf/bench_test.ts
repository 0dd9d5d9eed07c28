import assert from "node:assert/strict";
import { after, test } from "node:test";
import { disposeBackend } from "./backend.ts";
import { benchConv } from "./bench.ts";

after(() => disposeBackend());

test("benchConv() times forward, dX and dW for every variant and reports the missing built-in dW", async () => {
  const lines: string[] = [];
  const rows = await benchConv({
    shape: [1, 6, 6, 4],
    cpuShape: [1, 5, 5, 2],
    repeats: 1,
    log: (l) => lines.push(l),
  });
  assert.deepEqual(
    rows.map((r) => `${r.variant} ${r.op}`),
    ["wasm", "wasm-builtin", "cpu"].flatMap((v) => ["forward", "dX", "dW"].map((o) => `${v} ${o}`)),
  );
  for (const r of rows.filter((r) => !(r.variant === "wasm-builtin" && r.op === "dW"))) {
    assert.ok(r.ms > 0 && r.gflops > 0, `${r.variant} ${r.op}: ${r.ms} ms`);
  }
  const missing = rows.find((r) => r.variant === "wasm-builtin" && r.op === "dW")!;
  assert.ok(Number.isNaN(missing.ms));
  assert.match(missing.note ?? "", /Conv2DBackpropFilter/);
  assert.equal(lines.length, rows.length + 1, "one line for the backend choice, one per row");
  assert.deepEqual(rows[0]!.shape, [1, 6, 6, 4]);
  assert.deepEqual(rows[6]!.shape, [1, 5, 5, 2]);
});
