/** The default labels of class folders: naevi normal (0), melanomas anomalous (1). */
export const DEFAULT_CLASS_MAP: Readonly<Record<string, 0 | 1>> = { NEV: 0, MEL: 1 };

/**
 * Checks a class map (class folder -> 0 normal or 1 anomalous) and returns it, `DEFAULT_CLASS_MAP` when absent.
 * Several classes may share a label (e.g. `{ NEV: 0, BKL: 0, MEL: 1 }`: which classes are normal is the caller's
 * choice).
 *
 * @throws {RangeError} for an empty map, an empty class name or a label other than 0 and 1.
 */
export function checkClassMap(
  classMap: Readonly<Record<string, number>> | undefined,
): Readonly<Record<string, 0 | 1>> {
  if (classMap === undefined) return DEFAULT_CLASS_MAP;
  const entries = Object.entries(classMap);
  if (entries.length === 0) throw new RangeError("Class map must name at least one class");
  for (const [name, label] of entries) {
    if (name.trim() === "") throw new RangeError("Class names in the class map must not be empty");
    if (label !== 0 && label !== 1)
      throw new RangeError(`Label of class '${name}' must be 0 or 1, got '${label}'`);
  }
  return classMap as Readonly<Record<string, 0 | 1>>;
}
