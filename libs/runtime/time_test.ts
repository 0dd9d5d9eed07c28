import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { asInvalidArgument } from "./invalid_argument.ts";
import { duration, timestamp } from "./time.ts";

test("timestamp() and duration() split milliseconds into seconds and nanos", () => {
  assert.deepEqual(timestamp(1_700_000_000_250), { seconds: 1_700_000_000, nanos: 250_000_000 });
  assert.deepEqual(timestamp(new Date(-1500)), { seconds: -2, nanos: 500_000_000 });
  assert.deepEqual(duration(2.5), { seconds: 0, nanos: 2_500_000 });
  assert.throws(() => duration(-1), RangeError);
  assert.throws(() => timestamp(Number.NaN), RangeError);
});

test("asInvalidArgument() turns a library's RangeError or TypeError into INVALID_ARGUMENT, and nothing else", () => {
  const wrapped = (err: Error) => {
    try {
      asInvalidArgument(() => {
        throw err;
      });
    } catch (e) {
      return e;
    }
  };
  const range = wrapped(new RangeError('kimg must be a positive number, got "NaN"'));
  assert.ok(isStatusError(range));
  assert.equal(range.code, Code.INVALID_ARGUMENT);
  assert.equal(range.message, 'kimg must be a positive number, got "NaN"');
  assert.ok(isStatusError(wrapped(new TypeError("x"))));
  const other = new Error("disk full");
  assert.equal(wrapped(other), other);
  assert.equal(
    asInvalidArgument(() => 3),
    3,
  );
});
