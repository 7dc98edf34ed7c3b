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

/**
 * One phone format everywhere: Israeli numbers as dialled at home ("050-1234567", "03-5551234"),
 * anything else as given. Leads, calls and the timeline all go through here.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  const digits = phone.replace(/^whatsapp:/, "").replace(/[^\d+]/g, "");
  const local = digits.startsWith("+972") ? `0${digits.slice(4)}` : digits.startsWith("972") ? `0${digits.slice(3)}` : digits;
  if (!/^0\d{8,9}$/.test(local)) return phone;
  // Mobile and 07x numbers have a 3-digit prefix (05x, 07x); land lines a 2-digit one (02, 03, 04, 08, 09).
  const prefix = /^0[57]/.test(local) ? 3 : 2;
  return `${local.slice(0, prefix)}-${local.slice(prefix)}`;
}

/** E.164 ("+972501234567") from any Israeli spelling, for tel: and WhatsApp links. */
export function e164(phone: string): string {
  const digits = phone.replace(/^whatsapp:/, "").replace(/[^\d+]/g, "");
  if (digits.startsWith("+")) return digits;
  if (digits.startsWith("972")) return `+${digits}`;
  if (digits.startsWith("0")) return `+972${digits.slice(1)}`;
  return digits;
}

export function telHref(phone: string): string {
  return `tel:${e164(phone)}`;
}

export function whatsappHref(phone: string): string {
  return `https://wa.me/${e164(phone).replace(/^\+/, "")}`;
}

/** "1:35" for 95 seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The Israel wall-clock time ("HH:MM") and day of an instant, for time inputs. */
export function localTimeOf(instant: Date): string {
  return timeOnly.format(instant);
}

/** The UTC instant of `time` ("HH:MM") Israel time on `date`. */
export function instantAt(date: LocalDate, time: string): Date {
  const [h = "0", m = "0"] = time.split(":");
  const midnight = startOfLocalDay(date);
  const guess = new Date(midnight.getTime() + (Number(h) * 60 + Number(m)) * 60_000);
  // Across a clock change the offset at the time differs from midnight's: correct by what is shown.
  const shown = zoned(guess);
  const drift = (shown.hour * 60 + shown.minute - (Number(h) * 60 + Number(m))) * 60_000;
  return new Date(guess.getTime() - (shown.day === date.day ? drift : 0));
}

/** Text colour with at least 4.5:1 contrast on white: the status colour, darkened until it is. */
export function readableOn(color: string): string {
  const match = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return "#334155";
  let [r, g, b] = [0, 2, 4].map((i) => parseInt(match[1]!.slice(i, i + 2), 16)) as [number, number, number];
  for (let i = 0; i < 40 && contrastOnWhite(r, g, b) < 4.6; i++) {
    r = Math.floor(r * 0.9);
    g = Math.floor(g * 0.9);
    b = Math.floor(b * 0.9);
  }
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

export function contrastOnWhite(r: number, g: number, b: number): number {
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  return 1.05 / (luminance + 0.05);
}
