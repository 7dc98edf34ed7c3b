import { type InputHTMLAttributes, useEffect, useState } from "react";

import { type LocalDate, isoDate, parseIsoDate } from "../format";

/** "05.03.2030" → 2030-03-05 (also 5/3/2030, 5.3.30); null when it is not a real day. */
export function parseIsraeliDate(text: string): LocalDate | null {
  const match = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function formatIsraeliDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.day)}.${pad(date.month)}.${date.year}`;
}

/**
 * A day typed the Israeli way (day.month.year). The browser's own date input shows its UI
 * locale's order (03/05/2030 in an English browser), which reads as the wrong day here.
 * `value` and `onValue` speak ISO ("2030-03-05"; "" when empty; null: typed, but not a day).
 */
export function DateInput({
  value,
  onValue,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & { value: string | null; onValue: (iso: string | null) => void }) {
  const [text, setText] = useState(() => {
    const date = parseIsoDate(value);
    return date ? formatIsraeliDate(date) : "";
  });
  // `value` null means the text is being typed and is not a day yet: keep the text.
  useEffect(() => {
    const date = parseIsoDate(value);
    if (date && parseIsraeliDate(text) === null) setText(formatIsraeliDate(date));
    if (value === "" && parseIsraeliDate(text)) setText("");
    // Only an outside change of `value` rewrites the text; typing never does.
  }, [value]);
  return (
    <input
      {...props}
      type="text"
      dir="ltr"
      inputMode="numeric"
      autoComplete="off"
      placeholder="31.12.2030"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const date = parseIsraeliDate(e.target.value);
        onValue(date ? isoDate(date) : e.target.value.trim() ? null : "");
      }}
    />
  );
}
