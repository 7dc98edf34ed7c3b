import { type FormEvent, useCallback, useState } from "react";
import { Link, useSearchParams } from "react-router";

import type { Agent, Appointment } from "../api/client";
import { ErrorNote, Loading, errorText } from "../components/ErrorNote";
import { DateInput } from "../components/DateInput";
import { Field } from "../components/Field";
import { Ltr } from "../components/Ltr";
import { TimeSelect } from "../components/TimeSelect";
import { useApi } from "../context";
import {
  type LocalDate,
  addDays,
  formatDayMonth,
  formatPhone,
  formatTime,
  instantAt,
  isoDate,
  localDateOf,
  localTimeOf,
  parseIsoDate,
  startOfLocalDay,
  weekStartOf,
  weekdayOf,
} from "../format";
import { he } from "../i18n/he";
import { useLive } from "../live/useLive";
import { useAsync } from "../useAsync";

type View = "day" | "week";

/** Meetings by Israel day, one agent or all: a day or a Sunday-first week. */
export function CalendarPage({ now = new Date() }: { now?: Date }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const view: View = params.get("view") === "day" ? "day" : "week";
  const agentId = params.get("agent") ?? "";
  const date = parseIsoDate(params.get("date") ?? params.get("week")) ?? localDateOf(now);
  const first = view === "day" ? date : weekStartOf(startOfLocalDay(date));
  const days = Array.from({ length: view === "day" ? 1 : 7 }, (_, i) => addDays(first, i));
  const start = startOfLocalDay(first);
  const end = startOfLocalDay(addDays(first, days.length));
  const [actionError, setActionError] = useState<string | null>(null);

  const loaded = useAsync(async () => {
    const [{ items }, settings] = await Promise.all([api.appointments(start, end, true, agentId || null), api.settings()]);
    return { items, agents: settings.agents };
  }, [api, isoDate(first), days.length, agentId]);
  const reload = loaded.reload;
  useLive({ kind: "appointments" }, useCallback(() => reload(), [reload]));

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    next.delete("week");
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next);
  };
  const agents = loaded.data?.agents ?? [];
  const agentName = (a: Appointment) => a.agent_name ?? agents.find((ag) => ag.id === a.agent_id)?.name ?? a.agent_id;
  const shown = (loaded.data?.items ?? []).filter((a) => !agentId || a.agent_id === agentId);
  const byDay = new Map<string, Appointment[]>();
  for (const a of shown) {
    const key = isoDate(localDateOf(new Date(a.start)));
    byDay.set(key, [...(byDay.get(key) ?? []), a].sort((x, y) => x.start.localeCompare(y.start)));
  }
  const step = view === "day" ? 1 : 7;

  return (
    <section className="grid gap-3">
      <h1>
        {view === "day" ? he.calendar.dayTitle : he.calendar.weekTitle}{" "}
        <Ltr className="muted">
          {formatDayMonth(start)}
          {view === "week" && <>–{formatDayMonth(startOfLocalDay(addDays(first, 6)))}</>}
        </Ltr>
      </h1>
      <div className="toolbar">
        <div role="group" aria-label={he.calendar.view} className="flex gap-1">
          {(["day", "week"] as View[]).map((v) => (
            <button key={v} type="button" className={`btn ${view === v ? "btn-primary" : ""}`} aria-pressed={view === v} onClick={() => set({ view: v })}>
              {he.calendar.views[v]}
            </button>
          ))}
        </div>
        <nav aria-label={he.calendar.dates} className="flex flex-wrap gap-1">
          <button type="button" className="btn" onClick={() => set({ date: isoDate(addDays(first, -step)) })}>
            {view === "day" ? he.calendar.prevDay : he.calendar.prevWeek}
          </button>
          <button type="button" className="btn" onClick={() => set({ date: "" })}>
            {view === "day" ? he.calendar.today : he.calendar.thisWeek}
          </button>
          <button type="button" className="btn" onClick={() => set({ date: isoDate(addDays(first, step)) })}>
            {view === "day" ? he.calendar.nextDay : he.calendar.nextWeek}
          </button>
        </nav>
        <label className="field">
          <span>{he.calendar.agent}</span>
          <select value={agentId} onChange={(e) => set({ agent: e.target.value })}>
            <option value="">{he.calendar.allAgents}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={loaded.error} />
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {loaded.loading && !loaded.data && <Loading />}
      <div className={`grid gap-2 ${view === "week" ? "lg:grid-cols-7" : ""}`}>
        {days.map((day) => {
          const key = isoDate(day);
          const items = byDay.get(key) ?? [];
          return (
            <div key={key} data-testid={`day-${key}`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-2">
              <h2 className="text-base">
                {he.weekdays[weekdayOf(startOfLocalDay(day))]} <Ltr className="muted">{formatDayMonth(startOfLocalDay(day))}</Ltr>
              </h2>
              {items.length === 0 && loaded.data && <p className="muted text-sm">{he.appointments.empty}</p>}
              <ul className="grid gap-2">
                {items.map((a) => (
                  <MeetingCard
                    key={a.id}
                    appointment={a}
                    agents={agents}
                    agentName={agentName(a)}
                    onChanged={() => (setActionError(null), reload())}
                    onError={(err) => setActionError(errorText(err))}
                  />
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}

function MeetingCard(props: {
  appointment: Appointment;
  agents: Agent[];
  agentName: string;
  onChanged: () => void;
  onError: (err: unknown) => void;
}) {
  const api = useApi();
  const a = props.appointment;
  const [mode, setMode] = useState<"idle" | "move" | "cancel">("idle");
  const cancelled = a.status === "cancelled";
  const who = a.lead_name ?? a.lead_phone_display ?? formatPhone(a.lead_id);

  async function cancel() {
    try {
      await api.cancelAppointment(a.id);
      setMode("idle");
      props.onChanged();
    } catch (err) {
      props.onError(err);
    }
  }

  return (
    <li className={`grid gap-1 rounded-md border-s-4 bg-slate-50 p-2 ${cancelled ? "border-slate-400" : "border-blue-700"}`} data-appointment={a.id}>
      <span className={cancelled ? "cancelled" : "font-semibold"}>
        <Ltr className="whitespace-nowrap">
          {formatTime(a.start)}–{formatTime(a.end)}
        </Ltr>{" "}
        <Link to={`/leads/${encodeURIComponent(a.lead_id)}`}>{who}</Link>
      </span>
      <span className="text-sm text-slate-700">
        {he.calendar.with} {props.agentName}
        {cancelled && <> · {he.appointments.cancelled}</>}
      </span>
      {!cancelled && mode === "idle" && (
        <span className="flex flex-wrap gap-1">
          <button type="button" className="btn px-3 text-sm" onClick={() => setMode("move")}>
            {he.calendar.move} <span className="sr-only">{who}</span>
          </button>
          <button type="button" className="btn btn-danger px-3 text-sm" onClick={() => setMode("cancel")}>
            {he.appointments.cancel} <span className="sr-only">{who}</span>
          </button>
        </span>
      )}
      {mode === "cancel" && (
        <span className="grid gap-1" role="group" aria-label={he.appointments.confirmCancel}>
          <span>{he.appointments.confirmCancel}</span>
          <span className="flex flex-wrap gap-1">
            <button type="button" className="btn btn-danger px-3 text-sm" onClick={() => void cancel()}>
              {he.calendar.yesCancel}
            </button>
            <button type="button" className="btn px-3 text-sm" onClick={() => setMode("idle")}>
              {he.calendar.keep}
            </button>
          </span>
        </span>
      )}
      {mode === "move" && (
        <MoveForm appointment={a} agents={props.agents} onDone={() => (setMode("idle"), props.onChanged())} onCancel={() => setMode("idle")} />
      )}
    </li>
  );
}

function MoveForm(props: { appointment: Appointment; agents: Agent[]; onDone: () => void; onCancel: () => void }) {
  const api = useApi();
  const a = props.appointment;
  const startAt = new Date(a.start);
  const minutes = Math.round((new Date(a.end).getTime() - startAt.getTime()) / 60_000);
  const [day, setDay] = useState<string | null>(isoDate(localDateOf(startAt)));
  const [dayError, setDayError] = useState<string | null>(null);
  const [time, setTime] = useState(localTimeOf(startAt));
  const [agent, setAgent] = useState(a.agent_id);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const date: LocalDate | null = parseIsoDate(day ?? "");
    if (!date) return setDayError(he.calendar.dateInvalid);
    setDayError(null);
    const start = instantAt(date, time);
    try {
      await api.moveAppointment(a.id, {
        start: start.toISOString(),
        end: new Date(start.getTime() + minutes * 60_000).toISOString(),
        agent_id: agent,
      });
      props.onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} className="grid gap-2" aria-label={he.calendar.move}>
      <Field label={he.calendar.date} error={dayError}>
        {(a) => <DateInput {...a} value={day} onValue={setDay} required />}
      </Field>
      <label className="field">
        <span>{he.calendar.time}</span>
        <TimeSelect value={time} onChange={(e) => setTime(e.target.value)} required />
      </label>
      <label className="field">
        <span>{he.calendar.agent}</span>
        <select value={agent} onChange={(e) => setAgent(e.target.value)}>
          {props.agents.map((ag) => (
            <option key={ag.id} value={ag.id}>
              {ag.name}
            </option>
          ))}
        </select>
      </label>
      <span className="flex flex-wrap gap-1">
        <button type="submit" className="btn btn-primary px-3 text-sm">
          {he.calendar.saveMove}
        </button>
        <button type="button" className="btn px-3 text-sm" onClick={props.onCancel}>
          {he.common.cancel}
        </button>
      </span>
      <ErrorNote error={error} />
    </form>
  );
}
