import { type FormEvent, useEffect, useState } from "react";

import type { HoursRange, Settings } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { useApi } from "../context";
import { he } from "../i18n/he";
import { useAsync } from "../useAsync";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
type Day = (typeof DAYS)[number];
/** One opening range per day in this screen; days with split hours keep their later ranges. */
type DayHours = { open: string; close: string; closed: boolean; rest: HoursRange[] };

export function SettingsPage() {
  const api = useApi();
  const loaded = useAsync(() => api.settings(), [api]);
  if (loaded.loading && !loaded.data) return <p>{he.common.loading}</p>;
  if (!loaded.data) return <ErrorNote error={loaded.error} />;
  return <SettingsForm settings={loaded.data} onSaved={loaded.setData} />;
}

function hoursOf(settings: Settings): Record<Day, DayHours> {
  const out = {} as Record<Day, DayHours>;
  for (const day of DAYS) {
    const [first, ...rest] = settings.hours[day] ?? [];
    out[day] = { open: first?.open ?? "09:00", close: first?.close ?? "18:00", closed: !first, rest };
  }
  return out;
}

function SettingsForm({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const api = useApi();
  const [name, setName] = useState(settings.name);
  const [minutes, setMinutes] = useState(String(settings.meeting_minutes));
  const [greeting, setGreeting] = useState(settings.greeting ?? "");
  const [hours, setHours] = useState(() => hoursOf(settings));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, minutes, greeting, hours]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const weekly = Object.fromEntries(
        DAYS.map((d) => [d, hours[d].closed ? [] : [{ open: hours[d].open, close: hours[d].close }, ...hours[d].rest]]),
      );
      onSaved(
        await api.updateSettings({ name, meeting_minutes: Number(minutes), greeting: greeting || null, hours: weekly }),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  const setDay = (day: Day, patch: Partial<DayHours>) => setHours((h) => ({ ...h, [day]: { ...h[day], ...patch } }));
  return (
    <form className="card form" onSubmit={save}>
      <h1>{he.settings.title}</h1>
      <label>
        {he.settings.name}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {he.settings.meetingMinutes}
        <input dir="ltr" type="number" min={10} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </label>
      <label>
        {he.settings.greeting}
        <textarea rows={3} value={greeting} onChange={(e) => setGreeting(e.target.value)} />
      </label>
      <fieldset>
        <legend>{he.settings.hours}</legend>
        {DAYS.map((day, i) => (
          <div key={day} className="toolbar">
            <span style={{ minInlineSize: "4rem" }}>{he.weekdays[i]}</span>
            <label className="inline">
              <input type="checkbox" checked={hours[day].closed} onChange={(e) => setDay(day, { closed: e.target.checked })} />{" "}
              {he.settings.closed}
            </label>
            {!hours[day].closed && (
              <>
                <input aria-label={`${he.weekdays[i]} ${he.settings.open}`} type="time" dir="ltr" value={hours[day].open} onChange={(e) => setDay(day, { open: e.target.value })} />
                <input aria-label={`${he.weekdays[i]} ${he.settings.close}`} type="time" dir="ltr" value={hours[day].close} onChange={(e) => setDay(day, { close: e.target.value })} />
              </>
            )}
          </div>
        ))}
      </fieldset>
      <button type="submit">{he.common.save}</button>
      {saved && <span role="status">{he.common.saved}</span>}
      <ErrorNote error={error} />
    </form>
  );
}
