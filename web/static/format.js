// How numbers, sizes and times read on the dashboard.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1, maximumFractionDigits: 1,
});

/** A count with thousands separators; '–' for what the server did not send. */
export function formatCount(value) {
  return Number.isFinite(value) ? integer.format(value) : '–';
}

/** A rate in records/s: one decimal below 100, so slow streams still move. */
export function formatRate(value) {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) < 100 ? oneDecimal.format(value) : integer.format(value);
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * A job figure's value in its `unit`: bytes as sizes, anything else as a
 * number, whole if it is one, else with one decimal below 100.
 */
export function formatAmount(value, unit) {
  if (unit === 'bytes') return formatBytes(value);
  if (!Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? integer.format(value) : formatRate(value);
}

/** The same, short enough for an axis: 1.2M rather than 1,234,567. */
export function formatAmountShort(value, unit) {
  if (unit === 'bytes' || !Number.isFinite(value)) return formatAmount(value, unit);
  return compact.format(value);
}

export function formatPercent(value) {
  return Number.isFinite(value) ? `${oneDecimal.format(value)} %` : '–';
}

export function formatBytes(value) {
  if (!Number.isFinite(value)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${size} B` : `${oneDecimal.format(size)} ${units[unit]}`;
}

export function formatMillis(value) {
  return Number.isFinite(value) ? `${oneDecimal.format(value)} ms` : '–';
}

/** A wall clock time in ms since the epoch, as the local time of day. */
export function formatClock(ms) {
  if (!Number.isFinite(ms)) return '–';
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** How long ago a wall clock time in ms was, e.g. "3.2 s ago". */
export function formatAgo(ms, now = Date.now()) {
  if (!Number.isFinite(ms)) return '';
  const seconds = (now - ms) / 1000;
  if (seconds < 0) return 'in the future';
  if (seconds < 120) return `${oneDecimal.format(seconds)} s ago`;
  return `${integer.format(seconds / 60)} min ago`;
}
