/**
 * An unbounded first-in first-out queue that one producer fills while one consumer reads it: `push` values, then
 * `close()` (reading ends after the queued values) or `fail(err)` (reading throws after them). Read it as an async
 * iterable, one value at a time with {@linkcode AsyncQueue.next}, or in batches with {@linkcode AsyncQueue.take}.
 *
 * @example
 * ```ts
 * const queue = new AsyncQueue<number>();
 * queue.push(1);
 * queue.push(2);
 * queue.close();
 * console.log(await queue.take(8)); // [1, 2]
 * ```
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #done = false;
  #error: { err: unknown } | undefined;
  #wake: (() => void) | undefined;

  /** Adds a value (ignored once the queue is closed). */
  push(value: T): void {
    if (this.#done) return;
    this.#items.push(value);
    this.#notify();
  }

  /** No more values: reading ends once the queued ones are read. */
  close(): void {
    this.#done = true;
    this.#notify();
  }

  /** The producer failed: reading throws `err` once the queued values are read. */
  fail(err: unknown): void {
    if (this.#done) return;
    this.#error = { err };
    this.close();
  }

  /** The next value, waiting for one; null once the queue is closed and empty. */
  async next(): Promise<T | null> {
    const batch = await this.take(1);
    return batch === null ? null : (batch[0] as T);
  }

  /** Up to `n` values, waiting for at least one; null once the queue is closed and empty. */
  async take(n: number): Promise<T[] | null> {
    if (!(Number.isInteger(n) && n >= 1))
      throw new RangeError(`Batch size must be a positive integer, got "${n}"`);
    for (;;) {
      if (this.#items.length > 0) return this.#items.splice(0, n);
      if (this.#done) {
        if (this.#error) throw this.#error.err;
        return null;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const batch = await this.take(1);
      if (batch === null) return;
      yield batch[0] as T;
    }
  }
}
