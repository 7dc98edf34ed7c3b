import type { SelectHTMLAttributes } from "react";

/** Every quarter hour of the day, 24-hour ("07:15"): a native time input shows AM/PM in some browsers. */
export const QUARTER_HOURS = Array.from({ length: 96 }, (_, i) =>
  `${String(Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")}`,
);

export function TimeSelect({ value, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { value: string }) {
  // A time off the quarter grid (a meeting Leah booked at 10:05) stays choosable as it is.
  const options = QUARTER_HOURS.includes(value) || !value ? QUARTER_HOURS : [...QUARTER_HOURS, value].sort();
  return (
    <select dir="ltr" value={value} {...props}>
      {options.map((t) => (
        <option key={t} value={t}>
          {t}
        </option>
      ))}
    </select>
  );
}
