import type { Matrix } from "./types.ts";

/** Throws unless `labels` are all 0 or 1 and `scores` are finite numbers of the same length. */
export function checkScored(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  checkLabels(labels);
  if (scores.length !== labels.length) {
    throw new RangeError(
      `Scores and labels must have the same length, got '${scores.length}' and '${labels.length}'`,
    );
  }
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]))
      throw new RangeError(`Score ${i} must be a finite number, got '${scores[i]}'`);
  }
}

/** Throws unless every label is 0 or 1. */
export function checkLabels(labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l !== 0 && l !== 1) throw new RangeError(`Label ${i} must be 0 or 1, got '${l}'`);
  }
}

/** Throws unless both classes occur in `labels` (a curve or an AUC needs both). */
export function checkBothClasses(labels: ArrayLike<number>): void {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] as number;
  if (pos === 0 || pos === labels.length) {
    throw new RangeError(
      `Labels must hold both classes, got '${labels.length}' values all equal to '${pos === 0 ? 0 : 1}'`,
    );
  }
}

/** Throws unless `m` is a well-formed matrix of finite values. */
export function checkMatrix(m: Matrix, name: string): void {
  if (!Number.isInteger(m.rows) || m.rows < 0 || !Number.isInteger(m.cols) || m.cols < 1) {
    throw new RangeError(`${name} must have integer rows >= 0 and cols >= 1, got '${m.rows}x${m.cols}'`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new RangeError(
      `${name} of '${m.rows}x${m.cols}' needs '${m.rows * m.cols}' values, got '${m.data.length}'`,
    );
  }
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new RangeError(
        `${name} value at row ${Math.floor(i / m.cols)}, column ${i % m.cols} is '${m.data[i]}'`,
      );
    }
  }
}
