import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";

import type { Agent, Lead } from "../api/client";
import { ApiError } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { DateInput } from "../components/DateInput";
import { TimeSelect } from "../components/TimeSelect";
import { useApi } from "../context";
import { e164, formatPhone, instantAt, parseIsoDate } from "../format";
import { he } from "../i18n/he";

/** Who works this lead: set by hand here; new leads get one by round-robin in the API. */
export function AssignAgent({ lead, agents, onSaved }: { lead: Lead; agents: Agent[]; onSaved: (lead: Lead) => void }) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function change(agentId: string) {
    setError(null);
    setDone(false);
    try {
      onSaved(await api.updateLead(lead.id, { assigned_agent_id: agentId || null }));
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="grid gap-1">
      <label className="field">
        <span>{he.leadPanels.agent}</span>
        <select value={lead.assigned_agent_id ?? ""} onChange={(e) => void change(e.target.value)}>
          <option value="">{he.leadPanels.noAgent}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      {done && <span role="status">{he.common.saved}</span>}
      <ErrorNote error={error} />
    </div>
  );
}

export function Tags({ lead, onSaved }: { lead: Lead; onSaved: (lead: Lead) => void }) {
  const api = useApi();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function save(tags: string[]) {
    setError(null);
    try {
      onSaved(await api.updateLead(lead.id, { tags }));
    } catch (err) {
      setError(err);
    }
  }
  function add(event: FormEvent) {
    event.preventDefault();
    const tag = text.trim();
    if (!tag || lead.tags.includes(tag)) return setText("");
    setText("");
    void save([...lead.tags, tag]);
  }
  return (
    <div className="grid gap-2">
      <h3>{he.leadPanels.tags}</h3>
      <ul className="flex flex-wrap gap-1" aria-label={he.leadPanels.tags}>
        {lead.tags.map((tag) => (
          <li key={tag} className="inline-flex items-center rounded-full bg-slate-200 ps-3 text-sm">
            {tag}
            <button
              type="button"
              className="min-h-11 min-w-11 rounded-full"
              aria-label={he.leadPanels.removeTag(tag)}
              onClick={() => void save(lead.tags.filter((t) => t !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="flex flex-wrap gap-2">
        <input aria-label={he.leadPanels.newTag} placeholder={he.leadPanels.newTag} value={text} maxLength={30} onChange={(e) => setText(e.target.value)} className="min-w-0 flex-1" />
        <button type="submit" className="btn">
          {he.leadPanels.addTag}
        </button>
      </form>
      <ErrorNote error={error} />
    </div>
  );
}

/** Book a meeting for this lead (the API sets the lead to "meeting set"). */
export function BookMeeting({ lead, agents, onBooked }: { lead: Lead; agents: Agent[]; onBooked: () => void }) {
  const api = useApi();
  const [day, setDay] = useState<string | null>("");
  const [dayError, setDayError] = useState<string | null>(null);
  const [time, setTime] = useState("10:00");
  const [agent, setAgent] = useState(lead.assigned_agent_id ?? "");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function book(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    const date = parseIsoDate(day ?? "");
    if (!date) return setDayError(day === "" ? he.calendar.dateRequired : he.calendar.dateInvalid);
    setDayError(null);
    try {
      await api.bookAppointment({ lead_id: lead.id, start: instantAt(date, time).toISOString(), agent_id: agent || null });
      setDone(true);
      onBooked();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="grid gap-2" onSubmit={book} aria-label={he.leadPanels.book} noValidate>
      <h3>{he.leadPanels.book}</h3>
      <div className="grid grid-cols-2 gap-2">
        <Field label={he.calendar.date} error={dayError}>
          {(a) => <DateInput {...a} value={day} onValue={setDay} />}
        </Field>
        <label className="field">
          <span>{he.calendar.time}</span>
          <TimeSelect value={time} onChange={(e) => setTime(e.target.value)} required />
        </label>
      </div>
      <label className="field">
        <span>{he.calendar.agent}</span>
        <select value={agent} onChange={(e) => setAgent(e.target.value)}>
          <option value="">{he.leadPanels.anyAgent}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <div>
        <button type="submit" className="btn">
          {he.leadPanels.bookSubmit}
        </button>
      </div>
      {done && <span role="status">{he.leadPanels.booked}</span>}
      <ErrorNote error={error} />
    </form>
  );
}

/** Fold a duplicate (typed by its phone) into this lead; the duplicate is removed. */
export function MergeLead({ lead, onMerged }: { lead: Lead; onMerged: (lead: Lead) => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const [phone, setPhone] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const duplicateId = e164(phone.trim());

  function ask(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!/^\+972\d{8,9}$/.test(duplicateId)) return setFieldError(he.leadForm.errors.phoneInvalid);
    if (duplicateId === lead.id) return setFieldError(he.leadPanels.mergeSelf);
    setFieldError(null);
    setConfirming(true);
  }
  async function merge() {
    try {
      const kept = await api.mergeLead(lead.id, duplicateId);
      setConfirming(false);
      setPhone("");
      onMerged(kept);
      navigate(`/leads/${encodeURIComponent(kept.id)}`, { replace: true });
    } catch (err) {
      setConfirming(false);
      if (err instanceof ApiError && err.status === 404) setFieldError(he.leadPanels.mergeNotFound);
      else setError(err);
    }
  }
  return (
    <form className="grid gap-2" onSubmit={ask} aria-label={he.leadPanels.merge}>
      <h3>{he.leadPanels.merge}</h3>
      <p className="text-sm text-slate-700">{he.leadPanels.mergeHelp}</p>
      <Field label={he.leadPanels.mergePhone} error={fieldError}>
        {(a) => <input {...a} type="tel" dir="ltr" value={phone} onChange={(e) => (setPhone(e.target.value), setConfirming(false))} />}
      </Field>
      {!confirming ? (
        <div>
          <button type="submit" className="btn">
            {he.leadPanels.mergeSubmit}
          </button>
        </div>
      ) : (
        <div className="grid gap-2" role="group" aria-label={he.leadPanels.mergeConfirm(formatPhone(duplicateId))}>
          <p>{he.leadPanels.mergeConfirm(formatPhone(duplicateId))}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn btn-danger" onClick={() => void merge()}>
              {he.leadPanels.mergeYes}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {he.common.cancel}
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
    </form>
  );
}
