/**
 * Number formatting shared by the Markdown and SVG renderers.
 * @module
 */

/**
 * Milliseconds with about three significant digits.
 * @param ms a duration
 * @returns e.g. `0.123`, `4.56`, `78.9`, `1234`
 * @example formatMs(78.94) // '78.9'
 */
export function formatMs(ms: number): string {
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/**
 * A ratio such as `2.41×`, `18.7×`, `179×`.
 * @param ratio a positive ratio
 * @returns the ratio with about three significant digits and a `×`
 * @example formatRatio(18.66) // '18.7×'
 */
export function formatRatio(ratio: number): string {
  if (ratio < 10) return `${ratio.toFixed(2)}×`;
  if (ratio < 100) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(0)}×`;
}

/**
 * A byte count in binary units.
 * @param bytes a size
 * @returns e.g. `292 B`, `2.4 KiB`, `1.09 MiB`
 * @example formatBytes(1141427) // '1.09 MiB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
