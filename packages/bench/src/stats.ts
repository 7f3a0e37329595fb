/**
 * Summary statistics for benchmark samples: median and geometric mean.
 * @module
 */

/**
 * The median of a non-empty list of finite numbers (the mean of the two
 * middle values for an even count). The input is not modified.
 * @param values samples
 * @returns the median
 * @throws {RangeError} if `values` is empty or holds a non-finite number
 * @example median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number {
  assertFinite(values, 'median');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The geometric mean of a non-empty list of positive numbers, computed in
 * log space so long lists do not overflow.
 * @param values positive samples (ratios, typically)
 * @returns the geometric mean
 * @throws {RangeError} if `values` is empty or holds a value ≤ 0 or non-finite
 * @example geomean([1, 4]) // 2
 */
export function geomean(values: readonly number[]): number {
  assertFinite(values, 'geomean');
  let logSum = 0;
  for (const v of values) {
    if (v <= 0) throw new RangeError(`geomean: values must be > 0, got ${v}`);
    logSum += Math.log(v);
  }
  return Math.exp(logSum / values.length);
}

/**
 * The relative spread of samples: (max − min) / median, a cheap noise gauge.
 * @param values samples with a positive median
 * @returns the spread as a fraction of the median (0 for one sample)
 * @throws {RangeError} if `values` is empty or holds a non-finite number
 * @example relativeSpread([9, 10, 11]) // 0.2
 */
export function relativeSpread(values: readonly number[]): number {
  const m = median(values);
  if (m <= 0) return 0;
  return (Math.max(...values) - Math.min(...values)) / m;
}

function assertFinite(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what}: needs at least one value`);
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`${what}: values must be finite, got ${v}`);
  }
}
