import * as z from 'zod';

/**
 * Calendar dates (due dates, waiver expiry) are plain `YYYY-MM-DD` strings compared
 * in UTC. A date names a whole day: a waiver expiring on 2025-06-30 is still valid
 * on that day and expired from 2025-07-01. Keeping them as strings makes the JSON
 * file readable and the comparisons exact (lexicographic order is date order).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === value;
}

export const CalendarDateSchema = z.string().refine(isCalendarDate, { error: 'expected a date like 2025-06-30' });

/** An instant, as written by `Date.prototype.toISOString`. */
export const TimestampSchema = z.iso.datetime({ error: 'expected a timestamp like 2025-06-30T12:00:00.000Z' });

/** The UTC calendar day of an instant. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from the UTC day of an instant (or a date) to a date. */
export function daysBetween(fromIso: string, toDay: string): number {
  const from = Date.parse(fromIso.slice(0, 10));
  const to = Date.parse(toDay);
  return Math.round((to - from) / 86_400_000);
}

/** The date `days` after the UTC day of `now`. */
export function addDays(now: Date, days: number): string {
  return utcDay(new Date(now.getTime() + days * 86_400_000));
}

/** A date is past once its whole day is over (UTC). */
export function isPast(date: string, now: Date): boolean {
  return date < utcDay(now);
}
