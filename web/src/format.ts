/** Times are stored in UTC and shown in the business's zone (Israel); the week starts on Sunday. */
export const ZONE = "Asia/Jerusalem";

const dateTime = new Intl.DateTimeFormat("he-IL", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const timeOnly = new Intl.DateTimeFormat("he-IL", {
  timeZone: ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const dayMonth = new Intl.DateTimeFormat("he-IL", { timeZone: ZONE, day: "2-digit", month: "2-digit" });
const parts = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  weekday: "short",
  hourCycle: "h23",
});

/** "25.11.2026, 14:30" in Israel time. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}
export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}
export function formatDayMonth(date: Date): string {
  return dayMonth.format(date);
}

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

interface ZonedParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function zoned(instant: Date): ZonedParts {
  const get = (type: string) => parts.formatToParts(instant).find((p) => p.type === type)?.value ?? "";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    second: Number(get("second")),
    weekday: WEEKDAYS.indexOf(get("weekday")),
  };
}

/** The Israel calendar day an instant falls on. */
export function localDateOf(instant: Date): LocalDate {
  const { year, month, day } = zoned(instant);
  return { year, month, day };
}

export function weekdayOf(instant: Date): number {
  return zoned(instant).weekday;
}

/** The UTC instant of 00:00 Israel time on `date` (DST-aware: the offset is read, not assumed). */
export function startOfLocalDay(date: LocalDate): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const p = zoned(new Date(instant));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    instant = guess - (shown - instant);
  }
  return new Date(instant);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Sunday of the Israel week that contains `instant`. */
export function weekStartOf(instant: Date): LocalDate {
  return addDays(localDateOf(instant), -weekdayOf(instant));
}

export function isoDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

export function parseIsoDate(text: string | null | undefined): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? "");
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function formatMoney(amount: number): string {
  return `₪${amount.toLocaleString("he-IL")}`;
}
