import assert from "node:assert/strict";
import { test } from "node:test";
import { AsyncQueue } from "./async_queue.ts";

test("take() returns what arrived up to its size, waits for the first value, and null once closed and empty", async () => {
  const queue = new AsyncQueue<number>();
  for (const v of [1, 2, 3]) queue.push(v);
  assert.deepEqual(await queue.take(2), [1, 2]);
  assert.deepEqual(await queue.take(2), [3]);
  const waiting = queue.take(4);
  queue.push(4);
  assert.deepEqual(await waiting, [4]);
  queue.push(5);
  queue.close();
  queue.push(6); // after close: dropped
  assert.equal(await queue.next(), 5);
  assert.equal(await queue.next(), null);
  assert.equal(await queue.take(3), null);
});

test("a failed queue yields its queued values first, then throws the producer's error", async () => {
  const queue = new AsyncQueue<string>();
  queue.push("a");
  queue.push("b");
  queue.fail(new Error("Reading the stream failed"));
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const v of queue) seen.push(v);
    })(),
    /Reading the stream failed/,
  );
  assert.deepEqual(seen, ["a", "b"]);
  await assert.rejects(queue.take(0), RangeError);
});
