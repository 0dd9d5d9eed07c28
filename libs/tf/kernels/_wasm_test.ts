import assert from "node:assert/strict";
import { test } from "node:test";
import { heapIndex } from "./_wasm.ts";

test("heapIndex() counts float32 elements from the heap's start, also above 2 GiB", () => {
  // A heap of 4 GiB is not allocated here: a view's offset is all heapIndex reads.
  const at = (byteOffset: number) => ({ byteOffset }) as Float32Array;
  assert.equal(heapIndex(at(0)), 0);
  assert.equal(heapIndex(at(4096)), 1024);
  // A signed 32-bit shift (byteOffset >> 2) gives -536870910 here, which typed-array methods read from the end.
  assert.equal(heapIndex(at(2 ** 31 + 8)), 2 ** 29 + 2);
  assert.equal(heapIndex(at(2 ** 32 - 4)), 2 ** 30 - 1);
  // On a real view, the element it starts at.
  const heap = new Float32Array(16).map((_, i) => i);
  assert.equal(heap[heapIndex(heap.subarray(5))], 5);
});
