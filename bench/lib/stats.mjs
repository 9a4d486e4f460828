// Small statistics and formatting helpers shared by every section.

/** Median, min and max of a list of numbers (NaN-free). */
export function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

/** Formats a number with a unit, choosing a sensible precision. */
export function fmt(value, unit) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  switch (unit) {
    case 'ms':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
    case 'us':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(value >= 100 ? 0 : 1)} µs`;
    case 'MB':
      return `${value.toFixed(value >= 100 ? 0 : 1)} MB`;
    case 'kB':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} MB` : `${value.toFixed(1)} kB`;
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')}`;
    default:
      return `${value.toFixed(value >= 100 ? 0 : 2)}${unit ? ` ${unit}` : ''}`;
  }
}

/** "median (min–max)" for a summary. */
export function fmtStat(stat, unit) {
  if (!stat) return '–';
  if (stat.n <= 1 || stat.min === stat.max) return fmt(stat.median, unit);
  return `${fmt(stat.median, unit)} (${fmt(stat.min, unit)}–${fmt(stat.max, unit)})`;
}

export function fmtRatio(r) {
  if (r === undefined || !Number.isFinite(r)) return '–';
  return `${r.toFixed(r >= 10 ? 1 : 2)}×`;
}
