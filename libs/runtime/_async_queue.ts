/**
 * An unbounded push queue read as an async iterable by one consumer: `push` values, then `close()` (the iteration
 * ends after the queued values) or `fail(err)` (it throws after them).
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #done = false;
  #error: { err: unknown } | undefined;
  #wake: (() => void) | undefined;

  push(value: T): void {
    if (this.#done) return;
    this.#items.push(value);
    this.#notify();
  }

  close(): void {
    this.#done = true;
    this.#notify();
  }

  fail(err: unknown): void {
    if (this.#done) return;
    this.#error = { err };
    this.close();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.#items.length > 0) {
        yield this.#items.shift() as T;
        continue;
      }
      if (this.#done) {
        if (this.#error) throw this.#error.err;
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
