import { type FormEvent, useEffect, useState } from "react";

import type { HoursRange, Settings } from "../api/client";
import { ApiError } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { TimeSelect } from "../components/TimeSelect";
import { useApi } from "../context";
import { he } from "../i18n/he";
import { useAsync } from "../useAsync";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
type Day = (typeof DAYS)[number];
/** One opening range per day in this screen; days with split hours keep their later ranges. */
type DayHours = { open: string; close: string; closed: boolean; rest: HoursRange[] };
type Problems = Partial<Record<"name" | "meeting_minutes" | "agents" | Day, string>>;

export function SettingsPage() {
  const api = useApi();
  const loaded = useAsync(() => api.settings(), [api]);
  if (loaded.loading && !loaded.data) return <Loading />;
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

/** Checked here first, each problem named in Hebrew at its field: "שעת הסגירה ביום שישי חייבת להיות אחרי הפתיחה". */
export function checkSettings(name: string, minutes: string, hours: Record<Day, DayHours>): Problems {
  const problems: Problems = {};
  const t = he.settings.errors;
  if (!name.trim()) problems.name = t.nameRequired;
  if (!/^\d+$/.test(minutes.trim())) problems.meeting_minutes = t.minutesNumber;
  else if (Number(minutes) < 10 || Number(minutes) > 240) problems.meeting_minutes = t.minutesRange;
  DAYS.forEach((day, i) => {
    const h = hours[day];
    if (!h.closed && h.close <= h.open) problems[day] = t.closeAfterOpen(he.weekdays[i] ?? day);
  });
  return problems;
}

function SettingsForm({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const api = useApi();
  const [name, setName] = useState(settings.name);
  const [minutes, setMinutes] = useState(String(settings.meeting_minutes));
  const [greeting, setGreeting] = useState(settings.greeting ?? "");
  const [hours, setHours] = useState(() => hoursOf(settings));
  const [agents, setAgents] = useState(() => settings.agents.map((a) => ({ ...a })));
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [name, minutes, greeting, hours, agents]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const found = checkSettings(name, minutes, hours);
    if (agents.some((a) => !a.name.trim())) found.agents = he.settings.errors.agentName;
    setProblems(found);
    if (Object.keys(found).length) return;
    try {
      const weekly = Object.fromEntries(
        DAYS.map((d) => [d, hours[d].closed ? [] : [{ open: hours[d].open, close: hours[d].close }, ...hours[d].rest]]),
      );
      const changedAgents = JSON.stringify(agents) !== JSON.stringify(settings.agents);
      onSaved(
        await api.updateSettings({
          name: name.trim(),
          meeting_minutes: Number(minutes),
          greeting: greeting || null,
          hours: weekly,
          ...(changedAgents ? { agents: agents.map((a) => ({ ...a, name: a.name.trim() })) } : {}),
        }),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  /** The API's 400 names a field ("hours.fri.0.close"): show its sentence at that day's row. */
  const apiDay = (day: Day) =>
    error instanceof ApiError && error.body?.field?.startsWith(`hours.${day}`) ? error.messageHe : null;
  const shownAtField =
    apiFieldError(error, "name", "meeting_minutes", "greeting", "agents") || DAYS.some((d) => apiDay(d));
  const setDay = (day: Day, patch: Partial<DayHours>) => setHours((h) => ({ ...h, [day]: { ...h[day], ...patch } }));
  return (
    <form className="card grid max-w-2xl gap-4" onSubmit={save} noValidate aria-label={he.settings.title}>
      <h1>{he.settings.title}</h1>
      <Field label={he.settings.name} error={problems.name ?? apiFieldError(error, "name")}>
        {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={he.settings.meetingMinutes} error={problems.meeting_minutes ?? apiFieldError(error, "meeting_minutes")}>
        {(a) => <input {...a} dir="ltr" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} className="max-w-32" />}
      </Field>
      <Field label={he.settings.greeting} error={apiFieldError(error, "greeting")}>
        {(a) => <textarea {...a} rows={3} value={greeting} onChange={(e) => setGreeting(e.target.value)} />}
      </Field>
      <fieldset className="grid gap-2">
        <legend className="mb-2 font-semibold">{he.settings.hours}</legend>
        {DAYS.map((day, i) => {
          const problem = problems[day] ?? apiDay(day);
          const label = he.weekdays[i] ?? day;
          return (
            <div key={day} className="grid gap-1 border-b border-slate-100 pb-2" role="group" aria-label={label}>
              <div className="flex flex-wrap items-center gap-3">
                <span className="w-14 font-medium">{label}</span>
                <label className="flex min-h-11 items-center gap-2">
                  <input type="checkbox" checked={hours[day].closed} onChange={(e) => setDay(day, { closed: e.target.checked })} />
                  {he.settings.closed}
                </label>
                {!hours[day].closed && (
                  <span className="flex flex-wrap items-center gap-2">
                    <TimeSelect aria-label={`${label} ${he.settings.open}`} aria-invalid={!!problem} value={hours[day].open} onChange={(e) => setDay(day, { open: e.target.value })} />
                    <span aria-hidden="true">–</span>
                    <TimeSelect aria-label={`${label} ${he.settings.close}`} aria-invalid={!!problem} value={hours[day].close} onChange={(e) => setDay(day, { close: e.target.value })} />
                  </span>
                )}
              </div>
              {problem && (
                <span role="alert" className="field-error">
                  {problem}
                </span>
              )}
            </div>
          );
        })}
      </fieldset>
      <fieldset className="grid gap-2">
        <legend className="mb-2 font-semibold">{he.settings.agents}</legend>
        <p className="text-sm text-slate-700">{he.settings.agentsHelp}</p>
        {agents.map((agent, i) => (
          <div key={agent.id} className="flex flex-wrap items-center gap-3">
            <input
              className="min-w-0 flex-1 basis-48"
              aria-label={he.settings.agentName(i + 1)}
              value={agent.name}
              onChange={(e) => setAgents((all) => all.map((a) => (a.id === agent.id ? { ...a, name: e.target.value } : a)))}
            />
            <label className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                checked={agent.active}
                onChange={(e) => setAgents((all) => all.map((a) => (a.id === agent.id ? { ...a, active: e.target.checked } : a)))}
              />
              {he.settings.agentActive}
            </label>
          </div>
        ))}
        <div>
          <button
            type="button"
            className="btn"
            onClick={() => setAgents((all) => [...all, { id: `agent-${crypto.randomUUID().slice(0, 8)}`, name: "", active: true }])}
          >
            {he.settings.addAgent}
          </button>
        </div>
        {(problems.agents ?? apiFieldError(error, "agents")) && (
          <span role="alert" className="field-error">
            {problems.agents ?? apiFieldError(error, "agents")}
          </span>
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn btn-primary">
          {he.common.save}
        </button>
        {saved && <span role="status">{he.common.saved}</span>}
      </div>
      {!shownAtField && <ErrorNote error={error} />}
    </form>
  );
}
