/** A first-in first-out queue that a reader fills while the results are written. */
export class Queue<T> {
  readonly #items: T[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;

  push(item: T): void {
    this.#items.push(item);
    this.#notify();
  }

  end(error?: unknown): void {
    this.#ended = true;
    if (error !== undefined) this.#error = error;
    this.#notify();
  }

  /** The next item; null once ended and empty; throws the error the queue ended with. */
  async next(): Promise<T | null> {
    for (;;) {
      if (this.#items.length > 0) return this.#items.shift() as T;
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return null;
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
}
