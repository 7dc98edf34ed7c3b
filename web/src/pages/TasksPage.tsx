import { type FormEvent, useCallback, useState } from "react";
import { Link } from "react-router";

import type { Agent, Task, TaskState } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { Ltr } from "../components/Ltr";
import { DateInput } from "../components/DateInput";
import { TimeSelect } from "../components/TimeSelect";
import { useApi } from "../context";
import { formatDateTime, formatPhone, instantAt, parseIsoDate } from "../format";
import { he } from "../i18n/he";
import { useLive } from "../live/useLive";
import { useAsync } from "../useAsync";

export function TasksPage() {
  return (
    <section className="grid gap-3">
      <h1>{he.tasks.title}</h1>
      <TaskList />
    </section>
  );
}

/** Tasks and reminders by due time (Leah's callback requests arrive here too); one lead's when given. */
export function TaskList({ leadId }: { leadId?: string }) {
  const api = useApi();
  const [state, setState] = useState<TaskState>("open");
  const loaded = useAsync(async () => {
    const [page, settings] = await Promise.all([api.tasks({ state, lead_id: leadId, limit: 100 }), api.settings()]);
    return { items: page.items, agents: settings.agents };
  }, [api, state, leadId]);
  const reload = loaded.reload;
  useLive({ kind: "tasks" }, useCallback(() => reload(), [reload]));
  const [error, setError] = useState<unknown>(null);
  const agents = loaded.data?.agents ?? [];

  async function toggle(task: Task) {
    setError(null);
    try {
      await api.updateTask(task.id, { done: !task.done });
      reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="grid gap-3">
      <div role="group" aria-label={he.tasks.show} className="flex flex-wrap gap-1">
        {(["open", "done", "all"] as TaskState[]).map((s) => (
          <button key={s} type="button" className={`btn ${state === s ? "btn-primary" : ""}`} aria-pressed={state === s} onClick={() => setState(s)}>
            {he.tasks.states[s]}
          </button>
        ))}
      </div>
      <ErrorNote error={loaded.error ?? error} />
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.data && loaded.data.items.length === 0 && <p className="muted">{he.tasks.empty}</p>}
      <ul className="grid gap-2" aria-label={he.tasks.title}>
        {(loaded.data?.items ?? []).map((task) => (
          <li key={task.id} className="card flex flex-wrap items-start gap-3 p-3">
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" checked={task.done} onChange={() => void toggle(task)} />
              <span className="sr-only">{he.tasks.markDone(task.title)}</span>
            </label>
            <div className="grid min-w-0 flex-1 gap-1">
              <span className={task.done ? "cancelled" : "font-semibold"}>
                {task.source === "callback" && <span className="me-1 rounded bg-amber-100 px-1 text-sm text-amber-900">{he.tasks.callback}</span>}
                {task.title}
              </span>
              <span className="flex flex-wrap gap-x-3 text-sm text-slate-700">
                {task.due_at && (
                  <span>
                    {he.tasks.due}: <Ltr>{formatDateTime(task.due_at)}</Ltr>
                  </span>
                )}
                {task.assignee_id && <span>{agents.find((a) => a.id === task.assignee_id)?.name ?? task.assignee_id}</span>}
                {task.lead_id && !leadId && (
                  <Link to={`/leads/${encodeURIComponent(task.lead_id)}`}>
                    <Ltr className="whitespace-nowrap">{formatPhone(task.lead_id)}</Ltr>
                  </Link>
                )}
              </span>
              {task.notes && <span className="text-sm">{task.notes}</span>}
            </div>
          </li>
        ))}
      </ul>
      <NewTask leadId={leadId} agents={agents} onAdded={reload} />
    </div>
  );
}

function NewTask({ leadId, agents, onAdded }: { leadId?: string; agents: Agent[]; onAdded: () => void }) {
  const api = useApi();
  const [title, setTitle] = useState("");
  const [day, setDay] = useState<string | null>("");
  const [dayError, setDayError] = useState<string | null>(null);
  const [time, setTime] = useState("09:00");
  const [assignee, setAssignee] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [titleError, setTitleError] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!title.trim()) return setTitleError(he.tasks.titleRequired);
    setTitleError(null);
    if (day === null) return setDayError(he.calendar.dateInvalid);
    setDayError(null);
    const date = parseIsoDate(day);
    try {
      await api.createTask({
        title: title.trim(),
        lead_id: leadId ?? null,
        due_at: date ? instantAt(date, time).toISOString() : null,
        assignee_id: assignee || null,
      });
      setTitle("");
      setDay("");
      onAdded();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="card grid gap-2 sm:grid-cols-2" onSubmit={add} aria-label={he.tasks.add} noValidate>
      <h2 className="sm:col-span-2">{he.tasks.add}</h2>
      <Field label={he.tasks.titleLabel} error={titleError ?? apiFieldError(error, "title")} className="sm:col-span-2">
        {(a) => <input {...a} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label={he.tasks.dueDay} error={dayError ?? apiFieldError(error, "due_at")}>
        {(a) => <DateInput {...a} value={day} onValue={setDay} />}
      </Field>
      <Field label={he.calendar.time}>{(a) => <TimeSelect {...a} value={time} onChange={(e) => setTime(e.target.value)} />}</Field>
      <Field label={he.tasks.assignee} error={apiFieldError(error, "assignee_id")}>
        {(a) => (
          <select {...a} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">{leadId ? he.tasks.leadAgent : he.leadPanels.noAgent}</option>
            {agents.map((ag) => (
              <option key={ag.id} value={ag.id}>
                {ag.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="flex items-end">
        <button type="submit" className="btn btn-primary">
          {he.tasks.addSubmit}
        </button>
      </div>
      {!apiFieldError(error, "title", "due_at", "assignee_id") && <ErrorNote error={error} />}
    </form>
  );
}
