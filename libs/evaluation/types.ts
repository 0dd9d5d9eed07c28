/** Binary labels as the score sheets carry them: 0 = normal (naevus), 1 = anomalous (melanoma). */
export type BinaryLabel = 0 | 1;

/**
 * A dense row-major matrix of `rows` points with `cols` values each: `data[r * cols + c]`.
 * `data.length` is always `rows * cols`.
 */
export interface Matrix {
  /** The values, row after row. */
  readonly data: Float32Array | Float64Array;
  /** Number of rows (points). */
  readonly rows: number;
  /** Number of columns (dimensions). */
  readonly cols: number;
}
