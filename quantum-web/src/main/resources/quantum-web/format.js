// Human-readable sizes and dates, and recognising conflict copies.

const SIZE_UNITS = ["KB", "MB", "GB", "TB", "PB"];
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const integerFormat = new Intl.NumberFormat();
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

/** "0 bytes", "1 byte", "999 bytes", "1.5 KB", … in decimal (SI) units. */
export function formatSize(bytes) {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${numberFormat.format(value)} ${SIZE_UNITS[unit]}`;
}

/** The exact byte count, e.g. "1,234,567 bytes". */
export function formatExactSize(bytes) {
  return `${integerFormat.format(bytes)} ${bytes === 1 ? "byte" : "bytes"}`;
}

const STEPS = [
  [60, 1, "second"],
  [3600, 60, "minute"],
  [86400, 3600, "hour"],
  [86400 * 7, 86400, "day"],
];

/** "just now", "5 minutes ago", "yesterday", …; older than a week: the absolute date. */
export function formatRelative(date, now = new Date()) {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return "just now";
  for (const [limit, divisor, unit] of STEPS) {
    if (magnitude < limit) return relativeFormat.format(Math.round(seconds / divisor), unit);
  }
  return absoluteFormat.format(date);
}

/** A short absolute date and time in the reader's locale and time zone. */
export function formatAbsolute(date) {
  return absoluteFormat.format(date);
}

/** The long absolute form for tooltips, with the time zone. */
export function formatFull(date) {
  return fullFormat.format(date);
}

const CONFLICT = /\.sync-conflict-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-([^.]*)/;

/**
 * For a conflict copy's name (NAME.sync-conflict-YYYYMMDD-HHMMSS-CLIENTID.EXT), the
 * stamp as written in the name ("2024-01-21 12:05:00") and the device that lost the
 * race; null for any other name.
 */
export function conflictInfo(name) {
  const match = CONFLICT.exec(name);
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, device] = match;
  return { stamp: `${y}-${mo}-${d} ${h}:${mi}:${s}`, device };
}
